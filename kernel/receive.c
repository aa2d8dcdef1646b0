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

static void mlt_tunnel_deliver(struct mlt_tunnel *t, const u8 *body,
			       unsigned int len, struct mlt_out *out)
{
	struct mlt_body_iter it;
	struct mlt_rpc rpc;

	mlt_body_iter_init(&it, body, len);
	while (!t->dead && mlt_body_next(&it, &rpc))
		if (rpc.type != MLT_RPC_SACK)	/* taken on arrival */
			mlt_conn_rpc(t, &rpc, out);
	/* Only now: accept() finds a connection with its first bytes. */
	mlt_accept_publish(t, out);
	t->rcv_nxt++;
	t->ack_owed++;
}

/*
 * What the reorder buffer may hold: twice the receive window the tunnel's
 * connections still have open (a datagram's memory is at most twice its
 * bytes) and a little for datagrams without data.
 */
static u64 mlt_reorder_limit(const struct mlt_tunnel *t)
{
	return 2 * t->rx_window + MLT_REORDER_SLACK;
}

static void mlt_held_free(struct mlt_tunnel *t, struct mlt_held *h)
{
	t->reorder_bytes -= h->size;
	atomic_long_sub(h->size, &t->mn->reorder_bytes);
	kfree_sensitive(h);
}

static void mlt_held_insert(struct mlt_tunnel *t, struct mlt_held *h)
{
	struct rb_node **link = &t->reorder.rb_node, *parent = NULL;

	while (*link) {
		struct mlt_held *cur = rb_entry(*link, struct mlt_held, node);

		parent = *link;
		if (mlt_seq_before(h->seq, cur->seq))
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&h->node, parent, link);
	rb_insert_color(&h->node, &t->reorder);
	t->reorder_bytes += h->size;
	atomic_long_add(h->size, &t->mn->reorder_bytes);
}

/*
 * A body ahead of a gap waits in the reorder buffer, within its byte
 * limit and the number of ranges a SACK can describe; else it is dropped
 * (and the sender, never told it arrived, sends it again).
 */
static void mlt_reorder_hold(struct mlt_tunnel *t, u32 seq, const u8 *body,
			     unsigned int len)
{
	size_t size = kmalloc_size_roundup(struct_size_t(struct mlt_held, body,
							 len));
	struct mlt_held *h;
	int ret;

	t->ack_now = true;	/* a gap: tell the sender at once */
	if (mlt_rx_ranges_has(&t->ranges, seq))
		return;
	if (t->reorder_bytes + size > mlt_reorder_limit(t)) {
		mlt_drop(t->mn, MLT_DROP_REORDER_FULL);
		return;
	}
	h = kmalloc(size, GFP_ATOMIC);
	if (!h) {
		mlt_drop(t->mn, MLT_DROP_NOMEM);
		return;
	}
	ret = mlt_rx_ranges_add(&t->ranges, t->rcv_nxt, seq);
	if (ret) {
		kfree(h);
		if (ret < 0)
			mlt_drop(t->mn, MLT_DROP_REORDER_FULL);
		return;
	}
	h->seq = seq;
	h->len = len;
	h->size = size;
	memcpy(h->body, body, len);
	if (RB_EMPTY_ROOT(&t->reorder)) {
		/* The release timer of a gap starts with its first body. */
		t->reorder_progress = mlt_now();
		mlt_held_insert(t, h);
		mlt_tunnel_arm(t);
		return;
	}
	mlt_held_insert(t, h);
}

/*
 * Deliver the held bodies that the gap's filling made next in order. A
 * datagram that fills a gap is acknowledged at once (RFC 5681 4.2), and
 * the echo names it: if the sender sent it again meanwhile, it learns
 * that the retransmission was spurious.
 */
static void mlt_reorder_drain(struct mlt_tunnel *t, struct mlt_out *out)
{
	struct rb_node *node;
	struct mlt_held *h;

	if (RB_EMPTY_ROOT(&t->reorder))
		return;
	t->ack_now = true;
	while (!t->dead && (node = rb_first(&t->reorder))) {
		h = rb_entry(node, struct mlt_held, node);
		if (h->seq != t->rcv_nxt)
			break;
		rb_erase(node, &t->reorder);
		mlt_tunnel_deliver(t, h->body, h->len, out);
		mlt_held_free(t, h);
		t->reorder_progress = mlt_now();
	}
	mlt_rx_ranges_advance(&t->ranges, t->rcv_nxt);
}

/**
 * mlt_reorder_purge() - drop every held body
 * @t: the tunnel, locked (or unreachable)
 *
 * When the gap stayed open for %MLT_REORDER_RELEASE_MS, and when the
 * tunnel is freed. The sender learns from the next SACK that the bodies
 * it was told of are gone, and sends them again after its timeout.
 */
void mlt_reorder_purge(struct mlt_tunnel *t)
{
	struct mlt_held *h, *tmp;

	rbtree_postorder_for_each_entry_safe(h, tmp, &t->reorder, node)
		mlt_held_free(t, h);
	t->reorder = RB_ROOT;
	mlt_rx_ranges_init(&t->ranges);
}

/*
 * A body that validated and authenticated: acknowledgment, then order.
 * The acknowledgment information counts on arrival, in whatever order.
 */
static void mlt_tunnel_body(struct mlt_tunnel *t, u64 nonce, u8 *body,
			    unsigned int len, struct mlt_out *out)
{
	struct mlt_body_iter it;
	struct mlt_rpc sack;

	mlt_body_iter_init(&it, body, len);
	mlt_recovery_ack(t, it.ack, mlt_body_find_sack(body, len, &sack) ?
				    &sack : NULL);
	if (!it.seq)
		return;
	t->echo_nonce = nonce;
	t->echo_at = mlt_now();
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
			   t->peer.port != from->port)) {
		/* The client moved: its new path's size is not known. */
		t->peer = *from;
		mlt_pmtu_init(&t->pmtu, div_u64(t->last_rx, NSEC_PER_USEC));
	}
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
		mlt_tunnel_body(t, hdr.nonce, skb->data + hdr.len,
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
