// SPDX-License-Identifier: GPL-2.0
/*
 * Tunnels: the table of a namespace, opening (0-RTT on the client, the
 * first datagram on the server), sealing and opening datagrams, the
 * reliable ordered delivery of datagrams with acknowledgments,
 * retransmission (RFC 6298) and a congestion window, and the timers.
 * Documentation/protocol.rst is the specification.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "tunnel.h"

/* Room below a datagram for the IPv6, UDP and link-layer headers. */
#define MLT_SKB_HEADROOM	(LL_MAX_HEADER + 40 + 8)

struct mlt_cprime {
	struct hlist_node node;
	u64 expires;
	u8 key[MLT_KEY_LEN];
};

void mlt_drop(struct mlt_net *mn, enum mlt_drop_reason reason)
{
	if (reason > MLT_DROP_NONE && reason < __MLT_DROP_MAX)
		atomic64_inc(&mn->drops[reason]);
}

void mlt_out_init(struct mlt_out *out, struct mlt_tunnel *t)
{
	__skb_queue_head_init(&out->skbs);
	INIT_LIST_HEAD(&out->puts);
	out->tunnel = t;
}

/* Send what the engine built and drop the socket references it released. */
void mlt_out_flush(struct mlt_out *out)
{
	struct mlt_tunnel *t = out->tunnel;
	struct mlt_sock *ms, *tmp;
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(&out->skbs))) {
		atomic64_inc(&t->mn->tx_packets);
		local_bh_disable();
		mlt_udp_send(t->mn, &t->peer, skb);
		local_bh_enable();
	}
	list_for_each_entry_safe(ms, tmp, &out->puts, tx_node) {
		list_del_init(&ms->tx_node);
		sock_put(&ms->sk);
	}
}

static u64 mlt_ms_to_ns(u32 ms)
{
	return (u64)ms * NSEC_PER_MSEC;
}

static void mlt_tunnel_free_rcu(struct rcu_head *head)
{
	struct mlt_tunnel *t = container_of(head, struct mlt_tunnel, rcu);

	kfree_sensitive(t);
}

static void mlt_tunnel_release(struct kref *ref)
{
	struct mlt_tunnel *t = container_of(ref, struct mlt_tunnel, ref);
	struct mlt_txd *d, *tmp;
	unsigned int i;

	list_for_each_entry_safe(d, tmp, &t->txq, node)
		kfree(d);
	for (i = 0; i < MLT_REORDER_MAX; i++)
		kfree(t->reorder[i]);
	memzero_explicit(&t->keys, sizeof(t->keys));
	call_rcu(&t->rcu, mlt_tunnel_free_rcu);
}

void mlt_tunnel_put(struct mlt_tunnel *t)
{
	kref_put(&t->ref, mlt_tunnel_release);
}

static void mlt_tunnel_timer(struct timer_list *timer);
static void mlt_tunnel_ack_timer(struct timer_list *timer);

static struct mlt_tunnel *mlt_tunnel_alloc(struct net *net, gfp_t gfp)
{
	struct mlt_tunnel *t = kzalloc(sizeof(*t), gfp);

	if (!t)
		return NULL;
	kref_init(&t->ref);
	spin_lock_init(&t->lock);
	t->net = net;
	t->mn = mlt_pernet(net);
	t->snd_nxt = 1;
	t->snd_una = 1;
	t->rcv_nxt = 1;
	INIT_LIST_HEAD(&t->txq);
	mlt_cc_init(&t->cc);
	hash_init(t->conns);
	INIT_LIST_HEAD(&t->tx_conns);
	INIT_LIST_HEAD(&t->fresh);
	timer_setup(&t->timer, mlt_tunnel_timer, 0);
	timer_setup(&t->ack_timer, mlt_tunnel_ack_timer, 0);
	t->last_rx = mlt_now();
	t->last_active = t->last_rx;
	return t;
}

static struct mlt_tunnel *mlt_tunnel_lookup_rcu(struct mlt_net *mn, u64 tid)
{
	struct mlt_tunnel *t;

	hash_for_each_possible_rcu(mn->tunnels, t, node, tid)
		if (t->tid == tid)
			return t;
	return NULL;
}

/* Take @t out of the table; the table's reference goes to the caller. */
static bool mlt_tunnel_unhash(struct mlt_tunnel *t)
{
	struct mlt_net *mn = t->mn;
	bool was = false;

	spin_lock_bh(&mn->tunnels_lock);
	if (t->in_table) {
		hash_del_rcu(&t->node);
		t->in_table = false;
		mn->tunnel_count--;
		was = true;
	}
	spin_unlock_bh(&mn->tunnels_lock);
	return was;
}

unsigned int mlt_tunnel_count(struct mlt_net *mn)
{
	return READ_ONCE(mn->tunnel_count);
}

/* C' of the tunnels opened with a still valid ephemeral key. */
static u32 mlt_cprime_hash(struct mlt_net *mn, const u8 *key)
{
	return jhash(key, MLT_KEY_LEN, mn->hash_seed) &
	       ((1 << MLT_TUNNEL_HASH_BITS) - 1);
}

/* Called with tunnels_lock held. */
static bool mlt_cprime_seen(struct mlt_net *mn, const u8 *key)
{
	struct mlt_cprime *c;

	hlist_for_each_entry(c, &mn->cprime[mlt_cprime_hash(mn, key)], node)
		if (!memcmp(c->key, key, MLT_KEY_LEN))
			return true;
	return false;
}

void mlt_cprime_expire(struct mlt_net *mn, u64 now)
{
	struct mlt_cprime *c;
	struct hlist_node *tmp;
	unsigned int i;

	spin_lock_bh(&mn->tunnels_lock);
	for (i = 0; i < ARRAY_SIZE(mn->cprime); i++) {
		hlist_for_each_entry_safe(c, tmp, &mn->cprime[i], node) {
			if (c->expires > now)
				continue;
			hlist_del(&c->node);
			mn->cprime_count--;
			kfree(c);
		}
	}
	spin_unlock_bh(&mn->tunnels_lock);
}

/* A pending timer holds a reference to its tunnel. */
static void mlt_timer_set(struct mlt_tunnel *t, struct timer_list *timer,
			  unsigned long when)
{
	if (!mod_timer(timer, when))
		kref_get(&t->ref);
}

/* Never the last reference: the caller holds one. */
static void mlt_timer_stop(struct mlt_tunnel *t, struct timer_list *timer)
{
	if (del_timer(timer))
		kref_put(&t->ref, mlt_tunnel_release);
}

/* Arm the one timer for the earliest of retransmission and idleness. */
static void mlt_tunnel_arm(struct mlt_tunnel *t)
{
	unsigned long when;

	if (t->dead)
		return;
	if (!list_empty(&t->txq)) {
		struct mlt_txd *d = list_first_entry(&t->txq, struct mlt_txd,
						     node);
		u64 at = d->sent + mlt_ms_to_ns(t->cc.rto_ms), now = mlt_now();

		when = jiffies + (at > now ? nsecs_to_jiffies(at - now) : 0) + 1;
	} else {
		when = jiffies + msecs_to_jiffies(MLT_TUNNEL_IDLE_MS);
	}
	mlt_timer_set(t, &t->timer, when);
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
	if (!skb)
		return;
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

static void mlt_tunnel_send_ack(struct mlt_tunnel *t, struct mlt_out *out)
{
	u8 body[MLT_BODY_HDR_LEN];
	struct mlt_body_enc enc;

	if (mlt_body_init(&enc, body, sizeof(body), 0, t->rcv_nxt))
		return;
	mlt_tunnel_seal(t, body, enc.len, out);
}

/*
 * Kill the tunnel: every connection fails with @err, nothing more is sent.
 * Called with the tunnel lock held.
 */
static void mlt_tunnel_kill(struct mlt_tunnel *t, int err, struct mlt_out *out)
{
	struct mlt_sock *ms;
	struct hlist_node *tmp;
	unsigned int bkt;

	if (t->dead)
		return;
	t->dead = true;
	t->err = err;
	hash_for_each_safe(t->conns, bkt, tmp, ms, conn_node)
		mlt_conn_error(t, ms, err, out);
	mlt_timer_stop(t, &t->timer);
	mlt_timer_stop(t, &t->ack_timer);
}

/*
 * Make datagrams of whatever the connections have to send, as far as the
 * congestion window allows, then an acknowledgment if one is still owed.
 * Called with the tunnel lock held.
 */
void mlt_tunnel_push(struct mlt_tunnel *t, struct mlt_out *out)
{
	unsigned int hlen = mlt_hdr_size(t->client && !t->heard, false);
	unsigned int cap = mlt_body_max(hlen);

	while (!t->dead && t->inflight < t->cc.cwnd &&
	       (t->n_ctl || !list_empty(&t->tx_conns))) {
		struct mlt_body_enc enc;
		struct mlt_sock *ms, *tmp;
		struct mlt_txd *d;
		unsigned int i;
		LIST_HEAD(done);

		d = kmalloc(sizeof(*d) + cap, GFP_ATOMIC);
		if (!d)
			break;
		if (mlt_body_init(&enc, d->body, cap, t->snd_nxt, t->rcv_nxt)) {
			kfree(d);
			break;
		}
		for (i = 0; i < t->n_ctl; i++) {
			struct mlt_ctl *c = &t->ctl[i];
			int ret;

			if (c->type == MLT_RPC_REFUSE)
				ret = mlt_body_add_refuse(&enc, c->c, c->arg);
			else
				ret = mlt_body_add_close(&enc, c->c, c->arg);
			if (ret)
				break;
		}
		/* In order: a refuse goes before what follows it. */
		t->n_ctl -= i;
		memmove(t->ctl, t->ctl + i, t->n_ctl * sizeof(t->ctl[0]));
		/* Round robin: a connection that had its turn goes last. */
		list_for_each_entry_safe(ms, tmp, &t->tx_conns, tx_node) {
			bool more = mlt_conn_pack(t, ms, &enc, out);

			if (!ms->in_tunnel)
				continue;	/* over: its node is on out->puts */
			if (!more)
				list_del_init(&ms->tx_node);
			else
				list_move_tail(&ms->tx_node, &done);
			if (mlt_body_data_room(&enc) == 0)
				break;
		}
		list_splice_tail(&done, &t->tx_conns);
		if (enc.len == MLT_BODY_HDR_LEN) {
			kfree(d);
			break;
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
	}
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

static void mlt_tunnel_retransmit(struct mlt_tunnel *t, struct mlt_txd *d,
				  struct mlt_out *out)
{
	d->retries++;
	d->sent = mlt_now();
	atomic64_inc(&t->mn->retransmits);
	mlt_tunnel_seal(t, d->body, d->len, out);
}

/* The peer has every datagram before @ack. */
static void mlt_tunnel_ack_rcvd(struct mlt_tunnel *t, u32 ack,
				struct mlt_out *out)
{
	struct mlt_txd *d, *tmp;
	unsigned int n = 0;
	u64 now = mlt_now();

	if (mlt_seq_after(ack, t->snd_nxt))
		return;		/* acknowledges what was never sent */
	if (ack == t->snd_una) {
		if (t->inflight && ++t->dupacks == 3) {
			mlt_cc_fast_retransmit(&t->cc, t->inflight);
			d = list_first_entry(&t->txq, struct mlt_txd, node);
			mlt_tunnel_retransmit(t, d, out);
		}
		return;
	}
	if (!mlt_seq_after(ack, t->snd_una))
		return;

	list_for_each_entry_safe(d, tmp, &t->txq, node) {
		if (!mlt_seq_before(d->seq, ack))
			break;
		if (!d->retries && !n) {	/* Karn: never a copy's time */
			u64 us = div_u64(now - d->sent, NSEC_PER_USEC);

			mlt_cc_rtt_sample(&t->cc, min_t(u64, us, U32_MAX));
		}
		list_del(&d->node);
		kfree(d);
		t->inflight--;
		n++;
	}
	t->snd_una = ack;
	t->dupacks = 0;
	mlt_cc_acked(&t->cc, n);
	mlt_tunnel_arm(t);
}

static void mlt_tunnel_deliver(struct mlt_tunnel *t, const u8 *body,
			       unsigned int len, struct mlt_out *out)
{
	struct mlt_body_iter it;
	struct mlt_rpc rpc;

	mlt_body_iter_init(&it, body, len);
	while (!t->dead && mlt_body_next(&it, &rpc))
		mlt_conn_rpc(t, &rpc, out);
	/* Only now: accept() finds a connection with its first bytes. */
	mlt_sock_publish(t, out);
	t->rcv_nxt++;
	t->ack_owed++;
}

/* A body that validated and authenticated: acknowledgment, then order. */
static void mlt_tunnel_body(struct mlt_tunnel *t, u8 *body, unsigned int len,
			    struct mlt_out *out)
{
	struct mlt_body_iter it;
	unsigned int slot;

	mlt_body_iter_init(&it, body, len);
	mlt_tunnel_ack_rcvd(t, it.ack, out);
	if (!it.seq)
		return;
	if (mlt_seq_before(it.seq, t->rcv_nxt)) {
		t->ack_now = true;	/* a copy: our ack was lost */
		return;
	}
	if (it.seq != t->rcv_nxt) {
		t->ack_now = true;	/* a gap: tell the sender at once */
		if (it.seq - t->rcv_nxt >= MLT_REORDER_MAX) {
			mlt_drop(t->mn, MLT_DROP_REORDER_FULL);
			return;
		}
		slot = it.seq % MLT_REORDER_MAX;
		if (t->reorder[slot])
			return;
		t->reorder[slot] = kmemdup(body, len, GFP_ATOMIC);
		if (!t->reorder[slot]) {
			mlt_drop(t->mn, MLT_DROP_NOMEM);
			return;
		}
		t->reorder_len[slot] = len;
		t->reorder_count++;
		return;
	}
	mlt_tunnel_deliver(t, body, len, out);
	while (!t->dead && t->reorder_count) {
		u8 *held;

		slot = t->rcv_nxt % MLT_REORDER_MAX;
		held = t->reorder[slot];
		if (!held)
			break;
		t->reorder[slot] = NULL;
		t->reorder_count--;
		mlt_tunnel_deliver(t, held, t->reorder_len[slot], out);
		kfree(held);
	}
	if (t->reorder_count)
		t->ack_now = true;
}

/*
 * The server side of an opening datagram for an unknown tunnel: find s'
 * and derive the keys. The tunnel is not in the table yet: it enters it
 * only once the datagram has authenticated, see mlt_tunnel_publish().
 */
static struct mlt_tunnel *mlt_tunnel_open(struct net *net,
					  const struct mlt_hdr *hdr,
					  const struct mlt_endpoint *from,
					  enum mlt_drop_reason *reason)
{
	struct mlt_net *mn = mlt_pernet(net);
	struct mlt_tunnel *t;
	struct mlt_eph eph;
	int ret;

	/*
	 * The identity changes under config_lock, which softirq cannot take.
	 * A datagram that races a change derives the wrong keys and fails
	 * its tag: it is dropped, nothing else.
	 */
	if (!READ_ONCE(mn->identity.valid)) {
		*reason = MLT_DROP_NO_IDENTITY;
		return NULL;
	}
	if (!mlt_eph_find(mn, hdr->eph_id, mlt_now(), &eph)) {
		*reason = MLT_DROP_EPH_UNKNOWN;
		return NULL;
	}
	t = mlt_tunnel_alloc(net, GFP_ATOMIC);
	if (!t) {
		memzero_explicit(&eph, sizeof(eph));
		*reason = MLT_DROP_NOMEM;
		return NULL;
	}
	t->tid = hdr->tid;
	t->peer = *from;
	t->eph_expires = eph.expires;
	memcpy(t->server_identity, mn->identity.public_key, MLT_KEY_LEN);
	memcpy(t->server_eph, eph.public_key, MLT_KEY_LEN);
	memcpy(t->client_eph, hdr->client_pub, MLT_KEY_LEN);
	ret = mlt_crypto_derive(&t->keys, false, eph.private_key,
				hdr->client_pub, t->server_identity,
				t->server_eph, t->client_eph, t->tid);
	memzero_explicit(&eph, sizeof(eph));
	if (ret) {
		mlt_tunnel_put(t);
		*reason = MLT_DROP_DH_ZERO;
		return NULL;
	}
	return t;
}

/* Put an authenticated new server tunnel in the table. */
static enum mlt_drop_reason mlt_tunnel_publish(struct mlt_tunnel *t)
{
	struct mlt_net *mn = t->mn;
	enum mlt_drop_reason reason = MLT_DROP_NONE;
	struct mlt_cprime *cp;

	cp = kmalloc(sizeof(*cp), GFP_ATOMIC);
	if (!cp)
		return MLT_DROP_NOMEM;
	memcpy(cp->key, t->client_eph, MLT_KEY_LEN);
	cp->expires = t->eph_expires;

	spin_lock(&mn->tunnels_lock);
	if (mlt_tunnel_lookup_rcu(mn, t->tid))
		reason = MLT_DROP_REPLAY_DUP;	/* a copy opened it already */
	else if (mlt_cprime_seen(mn, cp->key))
		reason = MLT_DROP_EPH_REUSED;
	else if (mn->dying || mn->tunnel_count >= READ_ONCE(mn->tunnel_limit) ||
		 mn->cprime_count >= MLT_CPRIME_MAX)
		reason = MLT_DROP_TUNNEL_LIMIT;
	if (reason) {
		spin_unlock(&mn->tunnels_lock);
		kfree(cp);
		return reason;
	}
	hlist_add_head(&cp->node, &mn->cprime[mlt_cprime_hash(mn, cp->key)]);
	mn->cprime_count++;
	hash_add_rcu(mn->tunnels, &t->node, t->tid);
	t->in_table = true;
	mn->tunnel_count++;
	spin_unlock(&mn->tunnels_lock);
	atomic64_inc(&mn->tunnels_opened);
	return MLT_DROP_NONE;
}

/**
 * mlt_tunnel_rcv() - handle one received datagram
 * @net: the namespace it arrived in
 * @skb: the datagram: linear and writable, data at the UDP payload
 * @from: its source
 *
 * Softirq context. Consumes @skb.
 */
void mlt_tunnel_rcv(struct net *net, struct sk_buff *skb,
		    const struct mlt_endpoint *from)
{
	struct mlt_net *mn = mlt_pernet(net);
	enum mlt_drop_reason reason;
	struct mlt_tunnel *t, *fresh = NULL;
	unsigned int blen;
	struct mlt_out out;
	struct mlt_hdr hdr;
	u8 *data = skb->data, *body;

	reason = mlt_hdr_decode(&hdr, data, skb->len);
	if (reason)
		goto drop;

	rcu_read_lock();
	t = mlt_tunnel_lookup_rcu(mn, hdr.tid);
	if (t && !kref_get_unless_zero(&t->ref))
		t = NULL;
	rcu_read_unlock();
	if (!t) {
		if (!hdr.has_pubkey) {
			reason = MLT_DROP_TUNNEL_UNKNOWN;
			goto drop;
		}
		fresh = mlt_tunnel_open(net, &hdr, from, &reason);
		if (!fresh)
			goto drop;
		t = fresh;
	} else if (hdr.has_pubkey &&
		   (t->client || memcmp(t->client_eph, hdr.client_pub,
					MLT_KEY_LEN))) {
		reason = MLT_DROP_TUNNEL_LIMIT;	/* another tunnel's id */
		goto put;
	}

	spin_lock_bh(&t->lock);
	if (t->dead) {
		reason = MLT_DROP_TUNNEL_UNKNOWN;
		goto unlock;
	}
	reason = mlt_replay_check(&t->replay, hdr.nonce);
	if (reason)
		goto unlock;
	body = data + hdr.len;
	blen = skb->len - hdr.len - MLT_TAG_LEN;
	if (!mlt_open(body, body, blen + MLT_TAG_LEN, data, hdr.len,
		      hdr.nonce, t->keys.rx)) {
		reason = MLT_DROP_TAG;
		goto unlock;
	}
	reason = mlt_body_validate(body, blen);
	if (reason)
		goto unlock;
	if (fresh) {
		reason = mlt_tunnel_publish(t);
		if (reason)
			goto unlock;
		kref_get(&t->ref);	/* the table's */
	}
	reason = mlt_replay_mark(&t->replay, hdr.nonce);
	if (reason)
		goto unlock;

	atomic64_inc(&mn->rx_packets);
	t->last_rx = mlt_now();
	t->last_active = t->last_rx;
	t->heard = true;
	if (!t->client && (!ipv6_addr_equal(&t->peer.addr, &from->addr) ||
			   t->peer.port != from->port))
		t->peer = *from;	/* the client moved */
	mlt_out_init(&out, t);
	mlt_tunnel_body(t, body, blen, &out);
	mlt_tunnel_push(t, &out);
	if (fresh)
		mlt_tunnel_arm(t);
	spin_unlock_bh(&t->lock);
	mlt_out_flush(&out);
	/* The table holds a fresh tunnel now; the lookup's reference goes. */
	mlt_tunnel_put(t);
	consume_skb(skb);
	return;

unlock:
	spin_unlock_bh(&t->lock);
put:
	mlt_tunnel_put(t);
drop:
	mlt_drop(mn, reason);
	kfree_skb(skb);
}

static void mlt_tunnel_timer(struct timer_list *timer)
{
	struct mlt_tunnel *t = from_timer(t, timer, timer);
	struct mlt_net *mn = t->mn;
	bool killed = false;
	struct mlt_out out;
	u64 now = mlt_now();

	mlt_out_init(&out, t);
	spin_lock_bh(&t->lock);
	if (t->dead || timer_pending(&t->timer))
		goto unlock;
	if (!list_empty(&t->txq)) {
		struct mlt_txd *d = list_first_entry(&t->txq, struct mlt_txd,
						     node);
		u64 limit = mlt_ms_to_ns(READ_ONCE(mn->tunnel_timeout_ms));

		if (d->sent + mlt_ms_to_ns(t->cc.rto_ms) > now) {
			mlt_tunnel_arm(t);
		} else if (d->retries >= MLT_MAX_RETRANSMITS ||
			   now - d->first_sent >= limit) {
			atomic64_inc(&mn->tunnels_timed_out);
			mlt_tunnel_kill(t, ETIMEDOUT, &out);
			killed = true;
		} else {
			mlt_cc_timeout(&t->cc, t->inflight);
			mlt_tunnel_retransmit(t, d, &out);
			mlt_tunnel_arm(t);
		}
	} else if (!t->conn_count &&
		   now - t->last_active >= mlt_ms_to_ns(MLT_TUNNEL_IDLE_MS)) {
		mlt_tunnel_kill(t, ETIMEDOUT, &out);
		killed = true;
	} else {
		mlt_tunnel_arm(t);
	}
unlock:
	spin_unlock_bh(&t->lock);
	mlt_out_flush(&out);
	if (killed && mlt_tunnel_unhash(t))
		mlt_tunnel_put(t);
	mlt_tunnel_put(t);	/* the timer's */
}

static void mlt_tunnel_ack_timer(struct timer_list *timer)
{
	struct mlt_tunnel *t = from_timer(t, timer, ack_timer);
	struct mlt_out out;

	mlt_out_init(&out, t);
	spin_lock_bh(&t->lock);
	if (!t->dead && t->ack_owed)
		mlt_tunnel_send_ack(t, &out);
	spin_unlock_bh(&t->lock);
	mlt_out_flush(&out);
	mlt_tunnel_put(t);	/* the timer's */
}

static bool mlt_endpoint_equal(const struct mlt_endpoint *a,
			       const struct mlt_endpoint *b)
{
	return ipv6_addr_equal(&a->addr, &b->addr) && a->port == b->port;
}

/**
 * mlt_tunnel_connect() - a client tunnel to a server, existing or new
 * @net: the namespace
 * @peer: the server's UDP address
 * @identity: the server's identity key S
 * @eph: a current ephemeral key S' of the server
 *
 * A new tunnel costs one key pair and one X25519 and no datagram: its first
 * datagram carries the first connection's create and data. Process context.
 *
 * Return: the tunnel with a reference for the caller, or an ERR_PTR().
 */
struct mlt_tunnel *mlt_tunnel_connect(struct net *net,
				      const struct mlt_endpoint *peer,
				      const u8 identity[MLT_KEY_LEN],
				      const u8 eph[MLT_KEY_LEN])
{
	struct mlt_net *mn = mlt_pernet(net);
	u8 priv[MLT_KEY_LEN];
	struct mlt_tunnel *t;
	unsigned int bkt;
	int ret;

	ret = mlt_udp_ensure(net, mn);
	if (ret)
		return ERR_PTR(ret);

	spin_lock_bh(&mn->tunnels_lock);
	hash_for_each(mn->tunnels, bkt, t, node) {
		if (t->client && !READ_ONCE(t->dead) &&
		    READ_ONCE(t->conn_count) < READ_ONCE(mn->conn_limit) &&
		    mlt_endpoint_equal(&t->peer, peer) &&
		    !memcmp(t->server_identity, identity, MLT_KEY_LEN)) {
			kref_get(&t->ref);
			spin_unlock_bh(&mn->tunnels_lock);
			return t;
		}
	}
	spin_unlock_bh(&mn->tunnels_lock);

	t = mlt_tunnel_alloc(net, GFP_KERNEL);
	if (!t)
		return ERR_PTR(-ENOMEM);
	t->client = true;
	t->peer = *peer;
	t->next_conn = 1;
	memcpy(t->server_identity, identity, MLT_KEY_LEN);
	memcpy(t->server_eph, eph, MLT_KEY_LEN);
	mlt_crypto_keypair(priv, t->client_eph);
	do {
		t->tid = get_random_u64() & MLT_TID_MASK;
	} while (!t->tid);
	ret = mlt_crypto_derive(&t->keys, true, priv, eph, identity, eph,
				t->client_eph, t->tid);
	memzero_explicit(priv, sizeof(priv));
	if (ret) {
		mlt_tunnel_put(t);
		return ERR_PTR(-EHOSTUNREACH);	/* a bad S' in the directory */
	}

	spin_lock_bh(&mn->tunnels_lock);
	if (mn->dying || mn->tunnel_count >= READ_ONCE(mn->tunnel_limit) ||
	    mlt_tunnel_lookup_rcu(mn, t->tid)) {
		spin_unlock_bh(&mn->tunnels_lock);
		mlt_tunnel_put(t);
		return ERR_PTR(-EAGAIN);
	}
	hash_add_rcu(mn->tunnels, &t->node, t->tid);
	t->in_table = true;
	mn->tunnel_count++;
	kref_get(&t->ref);	/* the caller's; the first is the table's */
	spin_unlock_bh(&mn->tunnels_lock);
	atomic64_inc(&mn->tunnels_opened);
	return t;
}

/*
 * The namespace is going away: no datagram arrives any more (its UDP
 * sockets are closed). Kill every tunnel and wait for their timers.
 */
void mlt_tunnels_flush(struct mlt_net *mn)
{
	struct mlt_cprime *c;
	struct hlist_node *tmp;
	struct mlt_tunnel *t;
	unsigned int bkt;

	synchronize_net();
	spin_lock_bh(&mn->tunnels_lock);
	mn->dying = true;
	spin_unlock_bh(&mn->tunnels_lock);
	for (;;) {
		struct mlt_out out;

		t = NULL;
		spin_lock_bh(&mn->tunnels_lock);
		hash_for_each(mn->tunnels, bkt, t, node)
			break;
		if (t) {
			hash_del_rcu(&t->node);
			t->in_table = false;
			mn->tunnel_count--;
		}
		spin_unlock_bh(&mn->tunnels_lock);
		if (!t)
			break;
		mlt_out_init(&out, t);
		spin_lock_bh(&t->lock);
		mlt_tunnel_kill(t, ECONNABORTED, &out);
		spin_unlock_bh(&t->lock);
		__skb_queue_purge(&out.skbs);
		mlt_out_flush(&out);
		del_timer_sync(&t->timer);
		del_timer_sync(&t->ack_timer);
		mlt_tunnel_put(t);
	}
	spin_lock_bh(&mn->tunnels_lock);
	for (bkt = 0; bkt < ARRAY_SIZE(mn->cprime); bkt++) {
		hlist_for_each_entry_safe(c, tmp, &mn->cprime[bkt], node) {
			hlist_del(&c->node);
			kfree(c);
		}
	}
	mn->cprime_count = 0;
	spin_unlock_bh(&mn->tunnels_lock);
}
