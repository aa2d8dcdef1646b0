// SPDX-License-Identifier: GPL-2.0
/*
 * Sending: making datagrams of what the connections and the control RPC
 * queue have to send, as far as the congestion window allows; sealing;
 * acknowledgments; retransmission of one datagram; and the unlock that
 * sends what was made under the tunnel lock (struct mlt_out).
 */
#include <linux/slab.h>

#include "sock.h"

/* Room below a datagram for the IPv6, UDP and link-layer headers. */
#define MLT_SKB_HEADROOM	(LL_MAX_HEADER + 40 + 8)

static void mlt_tx_error(struct mlt_net *mn, enum mlt_tx_error reason)
{
	atomic64_inc(&mn->tx_errors[reason]);
}

/* Why mlt_udp_send() failed, for MLT_A_TX_ERRORS. */
static enum mlt_tx_error mlt_tx_error_of(int err)
{
	switch (err) {
	case -ENETUNREACH:
	case -EHOSTUNREACH:
		return MLT_TX_ERR_NO_ROUTE;
	case -ENOTCONN:
		return MLT_TX_ERR_NO_SOCKET;
	case -ENOBUFS:
	case -ENOMEM:
	case -EAGAIN:
		return MLT_TX_ERR_NOBUFS;
	}
	return MLT_TX_ERR_OTHER;
}

/*
 * A datagram that belongs to no tunnel: @len zeroed bytes, of which @fill
 * writes the header and what follows, sent to @to and counted. Softirq.
 * Return: whether it was handed to the IP layer.
 */
static bool mlt_send_bare(struct mlt_net *mn, const struct mlt_endpoint *to,
			  unsigned int len,
			  void (*fill)(u8 *p, const void *arg), const void *arg)
{
	unsigned int route_mtu;
	struct sk_buff *skb;
	int ret;

	skb = alloc_skb(MLT_SKB_HEADROOM + len, GFP_ATOMIC);
	if (!skb) {
		mlt_tx_error(mn, MLT_TX_ERR_NOBUFS);
		return false;
	}
	skb_reserve(skb, MLT_SKB_HEADROOM);
	fill(skb_put_zero(skb, len), arg);
	ret = mlt_udp_send(mn, to, skb, false, &route_mtu);
	if (ret) {
		mlt_tx_error(mn, mlt_tx_error_of(ret));
		return false;
	}
	atomic64_inc(&mn->tx_packets);
	return true;
}

struct mlt_reject_arg {
	u64 tid;
	const u8 *key;
};

static void mlt_fill_reject(u8 *p, const void *arg)
{
	const struct mlt_reject_arg *a = arg;
	const struct mlt_hdr hdr = { .tid = a->tid, .nonce = MLT_NONCE_REJECT };

	mlt_hdr_encode(&hdr, p, MLT_HDR_LEN);
	mlt_seal(p + MLT_HDR_LEN, p + MLT_HDR_LEN, MLT_BODY_HDR_LEN, p,
		 MLT_HDR_LEN, MLT_NONCE_REJECT, a->key);
}

/**
 * mlt_send_reject() - send a reject notice, which belongs to no tunnel
 * @mn: the namespace
 * @to: the client
 * @tid: the tunnel id of its opening, without flags
 * @key: the reject key derived from its opening
 *
 * The notice is a bare header with nonce %MLT_NONCE_REJECT and an empty
 * body (seq 0, ack 0) sealed under @key (Documentation/protocol.rst,
 * "Identity rejected"). Softirq context.
 *
 * Return: whether it was handed to the IP layer.
 */
bool mlt_send_reject(struct mlt_net *mn, const struct mlt_endpoint *to,
		     u64 tid, const u8 key[MLT_KEY_LEN])
{
	const struct mlt_reject_arg a = { .tid = tid, .key = key };

	return mlt_send_bare(mn, to, MLT_MIN_DATAGRAM, mlt_fill_reject, &a);
}

struct mlt_moved_arg {
	u64 tid;
	const u8 *eph;
	const u8 *key;
};

static void mlt_fill_moved(u8 *p, const void *arg)
{
	const struct mlt_moved_arg *a = arg;
	const struct mlt_hdr hdr = { .tid = a->tid, .nonce = MLT_NONCE_MOVED };

	mlt_hdr_encode(&hdr, p, MLT_HDR_LEN);
	mlt_seal(p + MLT_HDR_LEN, a->eph, MLT_KEY_LEN, p, MLT_HDR_LEN,
		 MLT_NONCE_MOVED, a->key);
}

/**
 * mlt_send_moved() - send a key-moved notice, which belongs to no tunnel
 * @mn: the namespace
 * @to: the client
 * @tid: the tunnel id of its opening, without flags
 * @eph: the S' it should open with instead
 * @key: the key-moved key of its opening
 *
 * A bare header with nonce %MLT_NONCE_MOVED and @eph sealed under @key
 * (Documentation/protocol.rst, "Key moved"). BH disabled.
 *
 * Return: whether it was handed to the IP layer.
 */
bool mlt_send_moved(struct mlt_net *mn, const struct mlt_endpoint *to,
		    u64 tid, const u8 eph[MLT_KEY_LEN], const u8 key[MLT_KEY_LEN])
{
	const struct mlt_moved_arg a = { .tid = tid, .eph = eph, .key = key };

	return mlt_send_bare(mn, to, MLT_MOVED_DATAGRAM, mlt_fill_moved, &a);
}

static void mlt_fill_challenge(u8 *p, const void *arg)
{
	mlt_hdr_encode(arg, p, mlt_hdr_size(false, true));
}

/**
 * mlt_send_challenge() - answer an opening with a puzzle, keeping no state
 * @mn: the namespace
 * @to: the client
 * @tid: the tunnel id of its opening, without flags
 * @field: the puzzle field (%MLT_PUZZLE_LEN bytes, solution 0)
 *
 * The challenge is a header with Z and without P, nonce
 * %MLT_NONCE_CHALLENGE, and a body header and tag's worth of zeros
 * (Documentation/protocol.rst, "Puzzles"): %MLT_CHALLENGE_LEN bytes,
 * far fewer than the opening it answers. Softirq context.
 *
 * Return: whether it was handed to the IP layer.
 */
bool mlt_send_challenge(struct mlt_net *mn, const struct mlt_endpoint *to,
			u64 tid, const u8 *field)
{
	const struct mlt_hdr hdr = {
		.tid = tid,
		.nonce = MLT_NONCE_CHALLENGE,
		.has_puzzle = true,
		.puzzle = field,
	};

	return mlt_send_bare(mn, to, MLT_CHALLENGE_LEN, mlt_fill_challenge,
			     &hdr);
}

/*
 * Where a sealed datagram goes (the peer as it was when it was made), and
 * whether it is a probe of the path's size (see pmtu.h).
 */
struct mlt_tx_cb {
	struct mlt_endpoint to;
	bool df;
};

#define MLT_TX_CB(skb)	((struct mlt_tx_cb *)(skb)->cb)

/*
 * Send the tunnel's sealed datagrams in the order they were made. Two
 * CPUs that each made datagrams under the lock would otherwise race to
 * the UDP layer after the unlock, and a peer that saw later datagrams
 * first would report holes that loss recovery takes for losses. One CPU
 * at a time drains t->txout; one that finds another at it leaves its
 * datagrams to it. A datagram counts as sent once the UDP layer took it;
 * else its failure counts by reason.
 */
static void mlt_tunnel_xmit(struct mlt_tunnel *t)
{
	unsigned int route_mtu = 0;
	struct mlt_endpoint to;
	struct sk_buff *skb;
	bool df;
	int ret;

	spin_lock_bh(&t->txout.lock);
	if (t->txout_busy) {
		spin_unlock_bh(&t->txout.lock);
		return;
	}
	t->txout_busy = true;
	while ((skb = __skb_dequeue(&t->txout))) {
		to = MLT_TX_CB(skb)->to;
		df = MLT_TX_CB(skb)->df;
		spin_unlock(&t->txout.lock);
		ret = mlt_udp_send(t->mn, &to, skb, df, &route_mtu);
		if (ret)
			mlt_tx_error(t->mn, mlt_tx_error_of(ret));
		else
			atomic64_inc(&t->mn->tx_packets);
		/* Softirqs due meanwhile run, and leave theirs to us. */
		local_bh_enable();
		local_bh_disable();
		spin_lock(&t->txout.lock);
	}
	t->txout_busy = false;
	spin_unlock_bh(&t->txout.lock);
	if (route_mtu)
		WRITE_ONCE(t->route_mtu, route_mtu);
}

/* Drop the socket references the engine released under the lock. */
static void mlt_out_puts(struct mlt_out *out)
{
	struct mlt_sock *ms, *tmp;

	list_for_each_entry_safe(ms, tmp, &out->puts, tx_node) {
		list_del_init(&ms->tx_node);
		sock_put(&ms->sk);
	}
}

/**
 * mlt_tunnel_unlock() - make datagrams, drop the tunnel lock, send them
 * @t: the tunnel, locked by mlt_tunnel_lock()
 * @out: what was gathered under the lock
 *
 * Runs mlt_tunnel_push() for whatever the change under the lock left to
 * send and queues the datagrams for the peer's current address, unlocks,
 * then sends them (mlt_tunnel_xmit()) and drops the socket references
 * collected in @out. A tunnel killed under the lock leaves the table here,
 * with the table's reference (the caller still holds one).
 */
void mlt_tunnel_unlock(struct mlt_tunnel *t, struct mlt_out *out)
	__releases(&t->lock)
{
	struct sk_buff *skb;
	bool sent, dead;

	BUILD_BUG_ON(sizeof(struct mlt_tx_cb) > sizeof_field(struct sk_buff, cb));
	mlt_tunnel_push(t, out);
	sent = !skb_queue_empty(&out->skbs);
	if (sent) {
		skb_queue_walk(&out->skbs, skb)
			MLT_TX_CB(skb)->to = t->peer;	/* df is set */
		spin_lock(&t->txout.lock);
		skb_queue_splice_tail_init(&out->skbs, &t->txout);
		spin_unlock(&t->txout.lock);
	}
	dead = t->dead;
	spin_unlock_bh(&t->lock);
	if (sent)
		mlt_tunnel_xmit(t);
	mlt_out_puts(out);
	if (dead && mlt_tunnel_unhash(t))
		mlt_tunnel_put(t);
}

/*
 * Until the server has answered, a client's datagrams are openings: they
 * carry C' (P) and are the base size.
 */
static bool mlt_sends_openings(const struct mlt_tunnel *t)
{
	return t->client && !t->heard;
}

/*
 * Anti-amplification: whether @bytes more may go to the peer, a client
 * whose address is not validated yet getting at most %MLT_AMP_FACTOR times
 * what it sent. Counts a refusal.
 */
static bool mlt_amp_room(struct mlt_tunnel *t, unsigned int bytes)
{
	if (t->validated ||
	    t->amp_sent + bytes <= MLT_AMP_FACTOR * t->amp_rcvd)
		return true;
	atomic64_inc(&t->mn->amp_limited);
	return false;
}

/* The size of the tunnel's new datagrams: see pmtu.h. */
static unsigned int mlt_dgram_size(const struct mlt_tunnel *t)
{
	return mlt_sends_openings(t) ? MLT_BASE_DATAGRAM : t->pmtu.size;
}

/* Whether the peer is owed a SACK RPC: news of what arrived. */
static bool mlt_sack_owed(const struct mlt_tunnel *t)
{
	return t->echo_at && (t->ack_owed || t->ranges.n);
}

/*
 * The acknowledgment information: the newest arrival and what is held.
 * Return: false if not even a SACK without ranges fit.
 */
static bool mlt_tunnel_add_sack(struct mlt_tunnel *t, struct mlt_body_enc *enc,
				u64 now)
{
	struct mlt_sack sack = {
		.echo = t->echo_nonce,
		.delay_us = mlt_us32(now - t->echo_at),
	};

	/* As many ranges as the datagram has room for, in the report order. */
	sack.count = mlt_rx_ranges_report(&t->ranges, sack.range,
					  mlt_body_sack_room(enc));
	return !mlt_body_add_sack(enc, &sack);
}

/*
 * Seal a datagram of seq @seq whose RPCs are @rpcs, with the current
 * acknowledgment (and a SACK RPC when there is news for the peer, if it
 * fits), and queue it on @out. Until the server has answered, a client's
 * datagrams carry C' (P) and are padded to the base size, so that
 * whichever arrives first opens the tunnel. A probe of the path's size is
 * padded to @probe and may not be fragmented; any other datagram is the
 * tunnel's size at most, unless its RPCs were made for a larger one.
 * Return: its size, 0 if none was made.
 */
static unsigned int mlt_tunnel_seal(struct mlt_tunnel *t, u32 seq,
				    const u8 *rpcs, unsigned int rlen,
				    unsigned int probe, u64 *nonce, u64 now,
				    struct mlt_out *out)
{
	bool pub = mlt_sends_openings(t), acked = true;
	bool puz = pub && t->puzzle_ready;
	unsigned int hlen = mlt_hdr_size(pub, puz), bmax, blen;
	struct mlt_hdr hdr = {
		.tid = t->tid,
		.has_pubkey = pub,
		.version = pub ? MLT_VERSION : 0,
		.eph_id = pub ? t->server_eph : NULL,
		.client_pub = pub ? t->client_eph : NULL,
		.has_puzzle = puz,
		.puzzle = puz ? t->puzzle : NULL,
	};
	struct mlt_body_enc enc;
	struct sk_buff *skb;
	u8 *p;

	if (t->tx_nonce >= MLT_REJECT_AFTER_MESSAGES) {
		/* No rekeying yet: the key is used up, the tunnel ends. */
		mlt_tunnel_kill(t, ECONNRESET, out);
		return 0;
	}
	if (pub)
		probe = 0;
	bmax = mlt_body_max_at(probe ?: mlt_dgram_size(t), hlen);
	if (bmax < MLT_BODY_HDR_LEN + rlen)
		bmax = round_up(MLT_BODY_HDR_LEN + rlen, MLT_PAD_MULTIPLE);
	skb = alloc_skb(MLT_SKB_HEADROOM + hlen + bmax + MLT_TAG_LEN,
			GFP_ATOMIC);
	if (!skb) {
		mlt_tx_error(t->mn, MLT_TX_ERR_NOBUFS);
		return 0;
	}
	skb_reserve(skb, MLT_SKB_HEADROOM);
	p = skb_put(skb, hlen + bmax + MLT_TAG_LEN);
	if (mlt_body_init(&enc, p + hlen, bmax, seq, t->rcv_nxt) ||
	    WARN_ON_ONCE(mlt_body_append_raw(&enc, rpcs, rlen)))
		goto fail;
	if (t->echo_at && (!seq || mlt_sack_owed(t)))
		acked = mlt_tunnel_add_sack(t, &enc, now);
	blen = pub || probe ? bmax : min_t(size_t, bmax,
					   round_up(enc.len, MLT_PAD_MULTIPLE));
	if (mlt_body_pad_to(&enc, blen) < 0 ||
	    !mlt_amp_room(t, hlen + enc.len + MLT_TAG_LEN))
		goto fail;
	hdr.nonce = t->tx_nonce++;
	if (mlt_hdr_encode(&hdr, p, hlen) < 0)
		goto fail;
	mlt_seal(p + hlen, p + hlen, enc.len, p, hlen, hdr.nonce, t->keys.tx);
	skb_trim(skb, hlen + enc.len + MLT_TAG_LEN);
	MLT_TX_CB(skb)->df = probe;
	__skb_queue_tail(&out->skbs, skb);
	if (!t->validated)
		t->amp_sent += skb->len;
	if (acked) {
		t->ack_owed = 0;
		t->ack_now = false;
	}
	if (nonce)
		*nonce = hdr.nonce;
	return skb->len;

fail:
	memzero_explicit(skb->data, skb->len);	/* RPCs in plaintext */
	kfree_skb(skb);
	return 0;
}

void mlt_tunnel_send_ack(struct mlt_tunnel *t, struct mlt_out *out)
{
	mlt_tunnel_seal(t, 0, NULL, 0, 0, NULL, mlt_now(), out);
}

/* Spacing (see mlt_pace_ok()): @bytes went out at @now. */
static void mlt_pace_sent(struct mlt_tunnel *t, u64 now, unsigned int bytes)
{
	u64 rate = mlt_cc_pacing_rate(&t->cc, t->pmtu.size);
	u64 burst = MLT_PACE_BURST_US * NSEC_PER_USEC, base;

	if (!rate) {
		t->pace_next = 0;
		return;
	}
	/* Credit for lateness, never more than one burst's worth. */
	base = max(t->pace_next, now > burst ? now - burst : 0);
	t->pace_next = base + div64_u64((u64)bytes * NSEC_PER_SEC, rate);
}

/* Send @d again; false if no datagram could be made. */
static bool mlt_tunnel_resend(struct mlt_tunnel *t, struct mlt_txd *d,
			      u64 now, struct mlt_out *out)
{
	unsigned int bytes;
	u64 nonce;

	bytes = mlt_tunnel_seal(t, d->seq, d->body + MLT_BODY_HDR_LEN,
				d->len - MLT_BODY_HDR_LEN, 0, &nonce, now, out);
	if (!bytes)
		return false;
	if (d->lost) {
		d->lost = false;
		t->lost--;
		t->inflight++;
	}
	d->retries++;
	d->sent = now;
	d->nonce_last = nonce;
	mlt_cc_sent(&t->cc);
	atomic64_inc(&t->mn->retransmits);
	mlt_pace_sent(t, now, bytes);
	return true;
}

/* The first datagram marked lost goes out again. */
static bool mlt_resend_lost(struct mlt_tunnel *t, u64 now,
			    struct mlt_out *out)
{
	struct mlt_txd *d;

	list_for_each_entry(d, &t->txq, node)
		if (d->lost)
			return mlt_tunnel_resend(t, d, now, out);
	WARN_ON_ONCE(1);
	return false;
}

/* A tail probe with no new data to carry: the last datagram again. */
static bool mlt_resend_last(struct mlt_tunnel *t, u64 now,
			    struct mlt_out *out)
{
	struct mlt_txd *d;

	list_for_each_entry_reverse(d, &t->txq, node) {
		if (d->sacked || d->lost)
			continue;
		t->tlp_seq = d->seq;
		return mlt_tunnel_resend(t, d, now, out);
	}
	return false;
}

/*
 * Queue a refuse or close about a connection that has no socket. When the
 * queue is full the RPC is lost; the peer's connection then times out.
 */
int mlt_tunnel_ctl(struct mlt_tunnel *t, u32 c, u8 type, u16 arg)
{
	unsigned int i;

	/* Once refused or aborted, nothing more is to be said about c. */
	for (i = 0; i < t->n_ctl; i++)
		if (t->ctl[i].c == c)
			return 0;
	if (t->n_ctl == MLT_CTL_QUEUE_MAX)
		return -ENOBUFS;
	t->ctl[t->n_ctl].c = c;
	t->ctl[t->n_ctl].type = type;
	t->ctl[t->n_ctl].arg = arg;
	t->n_ctl++;
	return 0;
}

/* The queued control RPCs that fit, in order: a refuse goes first. */
static void mlt_push_ctl(struct mlt_tunnel *t, struct mlt_body_enc *enc)
{
	unsigned int i;

	for (i = 0; i < t->n_ctl; i++) {
		struct mlt_ctl *c = &t->ctl[i];
		int ret;

		if (c->type == MLT_RPC_REFUSE)
			ret = mlt_body_add_refuse(enc, c->c, c->arg);
		else
			ret = mlt_body_add_close(enc, c->c, c->arg);
		if (ret)
			break;
	}
	t->n_ctl -= i;
	memmove(t->ctl, t->ctl + i, t->n_ctl * sizeof(t->ctl[0]));
}

/* The connections' RPCs and data, round robin: one that had its turn last. */
static void mlt_push_conns(struct mlt_tunnel *t, struct mlt_body_enc *enc,
			   struct mlt_out *out)
{
	struct mlt_sock *ms, *tmp;
	LIST_HEAD(done);

	list_for_each_entry_safe(ms, tmp, &t->tx_conns, tx_node) {
		bool more = mlt_conn_pack(t, ms, enc, out);

		if (!ms->in_tunnel)
			continue;	/* over: its node is on out->puts */
		if (!more)
			list_del_init(&ms->tx_node);
		else
			list_move_tail(&ms->tx_node, &done);
		if (mlt_body_data_room(enc) == 0)
			break;
	}
	list_splice_tail(&done, &t->tx_conns);
}

/*
 * Room for the RPCs of a new datagram: the tunnel's size less the header,
 * the tag and, when the peer is owed news, a SACK of a few ranges.
 */
static unsigned int mlt_push_cap(const struct mlt_tunnel *t)
{
	unsigned int cap;

	/* An opening keeps room for a puzzle's answer: see challenge.c. */
	cap = mlt_body_max_at(mlt_dgram_size(t),
			      mlt_hdr_size(mlt_sends_openings(t),
					   mlt_sends_openings(t)));
	return mlt_sack_owed(t) ? cap - MLT_SACK_RPC_ROOM : cap;
}

/*
 * The size to probe the path at with the next new datagram, 0 for none:
 * only once the peer has answered (a client's datagrams are openings
 * until then), and as pmtu.h's search says.
 */
static unsigned int mlt_push_probe(struct mlt_tunnel *t, u64 now)
{
	if (mlt_sends_openings(t))
		return 0;
	return mlt_pmtu_next(&t->pmtu, div_u64(now, NSEC_PER_USEC));
}

/* Make one reliable datagram; false when there was nothing to put in it. */
static bool mlt_push_one(struct mlt_tunnel *t, u64 now, struct mlt_out *out)
{
	bool was_empty = list_empty(&t->txq);
	unsigned int cap = mlt_push_cap(t);
	struct mlt_body_enc enc;
	unsigned int bytes;
	struct mlt_txd *d;

	if (!t->snd_nxt) {
		/*
		 * 2^32 - 1 reliable datagrams sent: the next seq would be 0,
		 * which means "acknowledgment only". No rekeying yet to
		 * start a new sequence: the tunnel ends.
		 */
		mlt_tunnel_kill(t, ECONNRESET, out);
		return false;
	}
	d = kmalloc(sizeof(*d) + cap, GFP_ATOMIC);
	if (!d)
		return false;
	if (mlt_body_init(&enc, d->body, cap, t->snd_nxt, t->rcv_nxt)) {
		kfree(d);
		return false;
	}
	mlt_push_ctl(t, &enc);
	mlt_push_conns(t, &enc, out);
	if (enc.len == MLT_BODY_HDR_LEN) {
		kfree_sensitive(d);
		return false;
	}
	d->seq = t->snd_nxt++;
	d->len = enc.len;
	d->probe = mlt_push_probe(t, now);
	d->retries = 0;
	d->sacked = false;
	d->lost = false;
	d->first_sent = now;
	d->sent = now;
	list_add_tail(&d->node, &t->txq);
	t->inflight++;
	mlt_cc_sent(&t->cc);
	t->last_active = now;
	if (t->probe)
		t->tlp_seq = d->seq;
	bytes = mlt_tunnel_seal(t, d->seq, d->body + MLT_BODY_HDR_LEN,
				d->len - MLT_BODY_HDR_LEN, d->probe,
				&d->nonce_first, now, out);
	if (bytes && d->probe)
		mlt_pmtu_sent(&t->pmtu, d->probe);
	else
		d->probe = 0;
	d->nonce_last = d->nonce_first;
	mlt_pace_sent(t, now, bytes);
	mlt_recovery_sent(t, now, was_empty);
	mlt_tunnel_arm(t);
	return true;
}

static bool mlt_has_new(const struct mlt_tunnel *t)
{
	return t->n_ctl || !list_empty(&t->tx_conns);
}

/*
 * One datagram, if the window and the pacing allow: a lost one again, else
 * new data, else (a tail probe) the last one again. Return: whether one
 * went out. Notes whether the congestion window is what stops the sender.
 */
static bool mlt_push_next(struct mlt_tunnel *t, u64 now, struct mlt_out *out)
{
	bool probe = t->probe;

	if (!probe && t->inflight >= t->cc.cwnd) {
		t->cwnd_limited = t->lost || mlt_has_new(t);
		return false;
	}
	/* Room for the largest datagram, so that none is made in vain. */
	if (!t->validated && !mlt_amp_room(t, MLT_MAX_DATAGRAM))
		return false;
	if (!probe && t->pace_next > now + MLT_PACE_QUANTUM_US * NSEC_PER_USEC) {
		if (t->lost || mlt_has_new(t))
			mlt_pace_arm(t);
		return false;
	}
	t->probe = false;
	if (t->lost && !probe)
		return mlt_resend_lost(t, now, out);
	if (mlt_has_new(t) && mlt_push_one(t, now, out))
		return true;
	if (probe)
		return mlt_resend_last(t, now, out);
	t->cwnd_limited = false;
	return false;
}

/*
 * Make datagrams of whatever the connections have to send, as far as the
 * congestion window allows, then an acknowledgment if one is still owed.
 * Called with the tunnel lock held.
 */
void mlt_tunnel_push(struct mlt_tunnel *t, struct mlt_out *out)
{
	u64 now = mlt_now();

	/* What the last send saw of the route: it may lower the size. */
	mlt_pmtu_route(&t->pmtu, READ_ONCE(t->route_mtu));
	while (!t->dead && mlt_push_next(t, now, out))
		;
	if (t->dead)
		return;
	if (t->ack_now || t->ack_owed >= MLT_ACK_EVERY) {
		mlt_tunnel_send_ack(t, out);
		mlt_timer_stop(t, &t->ack_timer);
	} else if (t->ack_owed && !timer_pending(&t->ack_timer)) {
		mlt_timer_set(t, &t->ack_timer,
			      jiffies + msecs_to_jiffies(MLT_DELAYED_ACK_MS));
	}
}
