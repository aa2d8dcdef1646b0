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
 * Send what the engine built, to the peer as it was at the unlock, and
 * drop the socket references it released. A datagram counts as sent once
 * the UDP layer took it; else its failure counts by reason.
 */
static void mlt_out_flush(struct mlt_out *out)
{
	struct mlt_sock *ms, *tmp;
	struct sk_buff *skb;
	int ret;

	while ((skb = __skb_dequeue(&out->skbs))) {
		local_bh_disable();
		ret = mlt_udp_send(out->mn, &out->to, skb);
		local_bh_enable();
		if (ret)
			mlt_tx_error(out->mn, mlt_tx_error_of(ret));
		else
			atomic64_inc(&out->mn->tx_packets);
	}
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
 * send, copies the peer's address, unlocks, then sends the datagrams and
 * drops the socket references collected in @out.
 */
void mlt_tunnel_unlock(struct mlt_tunnel *t, struct mlt_out *out)
	__releases(&t->lock)
{
	mlt_tunnel_push(t, out);
	out->to = t->peer;
	spin_unlock_bh(&t->lock);
	mlt_out_flush(out);
}

/*
 * Seal a body into a datagram and queue it on @out. Until the server has
 * answered, a client's datagrams carry C' (P) and are padded to the full
 * size, so that whichever arrives first opens the tunnel.
 */
static void mlt_tunnel_seal(struct mlt_tunnel *t, const u8 *body,
			    unsigned int len, struct mlt_out *out)
{
	bool pub = t->client && !t->heard;
	unsigned int hlen = mlt_hdr_size(pub, false), blen;
	struct mlt_hdr hdr = {
		.tid = t->tid,
		.has_pubkey = pub,
		.version = pub ? MLT_VERSION : 0,
		.eph_id = pub ? t->server_eph : NULL,
		.client_pub = pub ? t->client_eph : NULL,
	};
	struct sk_buff *skb;
	u8 *p;

	if (t->tx_nonce >= MLT_REJECT_AFTER_MESSAGES)
		return;
	if (pub)
		blen = mlt_body_max(hlen);
	else
		blen = min(round_up(len, MLT_PAD_MULTIPLE), mlt_body_max(hlen));
	if (WARN_ON_ONCE(len > blen))
		return;

	skb = alloc_skb(MLT_SKB_HEADROOM + hlen + blen + MLT_TAG_LEN,
			GFP_ATOMIC);
	if (!skb) {
		mlt_tx_error(t->mn, MLT_TX_ERR_NOBUFS);
		return;
	}
	skb_reserve(skb, MLT_SKB_HEADROOM);
	p = skb_put(skb, hlen + blen + MLT_TAG_LEN);
	hdr.nonce = t->tx_nonce++;
	if (mlt_hdr_encode(&hdr, p, hlen) < 0) {
		kfree_skb(skb);
		return;
	}
	memcpy(p + hlen, body, len);
	memset(p + hlen + len, 0, blen - len);
	mlt_seal(p + hlen, p + hlen, blen, p, hlen, hdr.nonce, t->keys.tx);
	__skb_queue_tail(&out->skbs, skb);
	t->ack_owed = 0;
	t->ack_now = false;
}

void mlt_tunnel_send_ack(struct mlt_tunnel *t, struct mlt_out *out)
{
	u8 body[MLT_BODY_HDR_LEN];
	struct mlt_body_enc enc;

	if (mlt_body_init(&enc, body, sizeof(body), 0, t->rcv_nxt))
		return;
	mlt_tunnel_seal(t, body, enc.len, out);
}

void mlt_tunnel_retransmit(struct mlt_tunnel *t, struct mlt_txd *d,
			   struct mlt_out *out)
{
	d->retries++;
	d->sent = mlt_now();
	atomic64_inc(&t->mn->retransmits);
	mlt_tunnel_seal(t, d->body, d->len, out);
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

/* Make one reliable datagram; false when there was nothing to put in it. */
static bool mlt_push_one(struct mlt_tunnel *t, unsigned int cap,
			 struct mlt_out *out)
{
	struct mlt_body_enc enc;
	struct mlt_txd *d;

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
	d->retries = 0;
	d->first_sent = mlt_now();
	d->sent = d->first_sent;
	list_add_tail(&d->node, &t->txq);
	t->inflight++;
	t->last_active = d->sent;
	mlt_tunnel_seal(t, d->body, d->len, out);
	if (!timer_pending(&t->timer) || t->inflight == 1)
		mlt_tunnel_arm(t);
	return true;
}

/*
 * Make datagrams of whatever the connections have to send, as far as the
 * congestion window allows, then an acknowledgment if one is still owed.
 * Called with the tunnel lock held.
 */
void mlt_tunnel_push(struct mlt_tunnel *t, struct mlt_out *out)
{
	unsigned int cap = mlt_body_max(mlt_hdr_size(t->client && !t->heard,
						     false));

	while (!t->dead && t->inflight < t->cc.cwnd &&
	       (t->n_ctl || !list_empty(&t->tx_conns)))
		if (!mlt_push_one(t, cap, out))
			break;
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
