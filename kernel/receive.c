// SPDX-License-Identifier: GPL-2.0
/*
 * Receiving: a datagram from the UDP socket finds its tunnel (or opens
 * one, see opening.c), is checked against replay, opened and validated,
 * then its acknowledgment is processed and its body delivered in order,
 * through a reorder buffer, RPC by RPC to conn.c. Softirq context.
 */
#include <linux/slab.h>
#include <net/ipv6.h>

#include "tunnel.h"

void mlt_drop(struct mlt_net *mn, enum mlt_drop_reason reason)
{
	if (reason > MLT_DROP_NONE && reason < __MLT_DROP_MAX)
		atomic64_inc(&mn->drops[reason]);
}

/* Karn: the sample of a datagram sent once, the first one acked. */
static void mlt_ack_rtt(struct mlt_tunnel *t, const struct mlt_txd *d,
			u64 now)
{
	u64 us = div_u64(now - d->sent, NSEC_PER_USEC);

	mlt_cc_rtt_sample(&t->cc, min_t(u64, us, U32_MAX));
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
		if (!d->retries && !n)
			mlt_ack_rtt(t, d, now);
		list_del(&d->node);
		kfree_sensitive(d);
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
	mlt_accept_publish(t, out);
	t->rcv_nxt++;
	t->ack_owed++;
}

/* A body ahead of a gap waits in the reorder buffer. */
static void mlt_reorder_hold(struct mlt_tunnel *t, u32 seq, const u8 *body,
			     unsigned int len)
{
	unsigned int slot = seq % MLT_REORDER_MAX;

	t->ack_now = true;	/* a gap: tell the sender at once */
	if (seq - t->rcv_nxt >= MLT_REORDER_MAX) {
		mlt_drop(t->mn, MLT_DROP_REORDER_FULL);
		return;
	}
	if (t->reorder[slot])
		return;
	t->reorder[slot] = kmemdup(body, len, GFP_ATOMIC);
	if (!t->reorder[slot]) {
		mlt_drop(t->mn, MLT_DROP_NOMEM);
		return;
	}
	t->reorder_len[slot] = len;
	t->reorder_count++;
}

/* Deliver the held bodies that the gap's filling made next in order. */
static void mlt_reorder_drain(struct mlt_tunnel *t, struct mlt_out *out)
{
	while (!t->dead && t->reorder_count) {
		unsigned int slot = t->rcv_nxt % MLT_REORDER_MAX;
		u8 *held = t->reorder[slot];

		if (!held)
			break;
		t->reorder[slot] = NULL;
		t->reorder_count--;
		mlt_tunnel_deliver(t, held, t->reorder_len[slot], out);
		kfree_sensitive(held);
	}
	if (t->reorder_count)
		t->ack_now = true;
}

/* A body that validated and authenticated: acknowledgment, then order. */
static void mlt_tunnel_body(struct mlt_tunnel *t, u8 *body, unsigned int len,
			    struct mlt_out *out)
{
	struct mlt_body_iter it;

	mlt_body_iter_init(&it, body, len);
	mlt_tunnel_ack_rcvd(t, it.ack, out);
	if (!it.seq)
		return;
	if (mlt_seq_before(it.seq, t->rcv_nxt)) {
		t->ack_now = true;	/* a copy: our ack was lost */
		return;
	}
	if (it.seq != t->rcv_nxt) {
		mlt_reorder_hold(t, it.seq, body, len);
		return;
	}
	mlt_tunnel_deliver(t, body, len, out);
	mlt_reorder_drain(t, out);
}

/*
 * The datagram's tunnel, with a reference: from the table, or a new server
 * tunnel (*fresh) that is not in the table yet. %NULL: drop it for *reason.
 */
static struct mlt_tunnel *mlt_rcv_tunnel(struct net *net,
					 const struct mlt_hdr *hdr,
					 const struct mlt_endpoint *from,
					 bool *fresh,
					 enum mlt_drop_reason *reason)
{
	struct mlt_tunnel *t;

	rcu_read_lock();
	t = mlt_tunnel_lookup_rcu(mlt_pernet(net), hdr->tid);
	if (t && !kref_get_unless_zero(&t->ref))
		t = NULL;
	rcu_read_unlock();
	*fresh = !t;
	if (!t) {
		if (hdr->has_pubkey)
			return mlt_tunnel_open(net, hdr, from, reason);
		*reason = MLT_DROP_TUNNEL_UNKNOWN;
		return NULL;
	}
	/* client and client_eph are fixed: no lock needed. */
	if (hdr->has_pubkey &&
	    (t->client || memcmp(t->client_eph, hdr->client_pub, MLT_KEY_LEN))) {
		mlt_tunnel_put(t);
		*reason = MLT_DROP_TUNNEL_LIMIT;	/* another tunnel's id */
		return NULL;
	}
	return t;
}

/*
 * Replay check, authentication and validation of the datagram in @skb,
 * whose body is decrypted in place; a fresh tunnel enters the table.
 * Called with the tunnel lock held.
 */
static enum mlt_drop_reason mlt_rcv_open(struct mlt_tunnel *t,
					 const struct mlt_hdr *hdr,
					 struct sk_buff *skb, bool fresh)
{
	u8 *data = skb->data, *body = data + hdr->len;
	unsigned int blen = skb->len - hdr->len - MLT_TAG_LEN;
	enum mlt_drop_reason reason;

	if (t->dead)
		return MLT_DROP_TUNNEL_UNKNOWN;
	reason = mlt_replay_check(&t->replay, hdr->nonce);
	if (reason)
		return reason;
	if (!mlt_open(body, body, blen + MLT_TAG_LEN, data, hdr->len,
		      hdr->nonce, t->keys.rx))
		return MLT_DROP_TAG;
	reason = mlt_body_validate(body, blen);
	if (reason)
		return reason;
	if (fresh) {
		reason = mlt_tunnel_publish(t);
		if (reason)
			return reason;
	}
	return mlt_replay_mark(&t->replay, hdr->nonce);
}

/* An authentic datagram: the tunnel is alive, the client may have moved. */
static void mlt_rcv_alive(struct mlt_tunnel *t,
			  const struct mlt_endpoint *from)
{
	atomic64_inc(&t->mn->rx_packets);
	t->last_rx = mlt_now();
	t->last_active = t->last_rx;
	t->heard = true;
	if (!t->client && (!ipv6_addr_equal(&t->peer.addr, &from->addr) ||
			   t->peer.port != from->port))
		t->peer = *from;	/* the client moved */
}

/**
 * mlt_tunnel_rcv() - handle one received datagram
 * @net: the namespace it arrived in
 * @skb: the datagram: linear and writable, data at the UDP payload
 * @from: its source
 *
 * Softirq context. Consumes @skb, after wiping the plaintext of its body.
 */
void mlt_tunnel_rcv(struct net *net, struct sk_buff *skb,
		    const struct mlt_endpoint *from)
{
	struct mlt_net *mn = mlt_pernet(net);
	enum mlt_drop_reason reason;
	struct mlt_tunnel *t;
	struct mlt_out out;
	struct mlt_hdr hdr;
	bool fresh;

	reason = mlt_hdr_decode(&hdr, skb->data, skb->len);
	if (reason)
		goto drop;
	t = mlt_rcv_tunnel(net, &hdr, from, &fresh, &reason);
	if (!t)
		goto drop;

	mlt_tunnel_lock(t, &out);
	reason = mlt_rcv_open(t, &hdr, skb, fresh);
	if (!reason) {
		mlt_rcv_alive(t, from);
		mlt_tunnel_body(t, skb->data + hdr.len,
				skb->len - hdr.len - MLT_TAG_LEN, &out);
		if (fresh)
			mlt_tunnel_arm(t);
	}
	mlt_tunnel_unlock(t, &out);
	/* The table holds a fresh tunnel now; the lookup's reference goes. */
	mlt_tunnel_put(t);
	/* The body may have been opened: no plaintext left in freed memory. */
	memzero_explicit(skb->data + hdr.len, skb->len - hdr.len);
	if (reason)
		goto drop;
	consume_skb(skb);
	return;

drop:
	mlt_drop(mn, reason);
	kfree_skb(skb);
}
