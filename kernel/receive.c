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

/* A sack's echo of a nonce we sent since @valid_from proves the address. */
static void mlt_rcv_validate(struct mlt_tunnel *t, const struct mlt_rpc *sack)
{
	if (!t->validated && sack->sack.echo >= t->valid_from &&
	    sack->sack.echo < t->tx_nonce) {
		t->validated = true;
		mlt_halfopen_validated(t);
	}
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
	bool has_sack = mlt_body_find_sack(body, len, &sack);

	mlt_body_iter_init(&it, body, len);
	if (has_sack)
		mlt_rcv_validate(t, &sack);
	mlt_recovery_ack(t, it.ack, has_sack ? &sack : NULL);
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
 * The tunnel the datagram names, with a reference; %NULL with *reason
 * %MLT_DROP_NONE for an opening of a tunnel not in the table.
 */
static struct mlt_tunnel *mlt_rcv_lookup(struct net *net,
					 const struct mlt_hdr *hdr,
					 enum mlt_drop_reason *reason)
{
	struct mlt_tunnel *t;

	rcu_read_lock();
	t = mlt_tunnel_lookup_rcu(mlt_pernet(net), hdr->tid);
	if (t && !kref_get_unless_zero(&t->ref))
		t = NULL;
	rcu_read_unlock();
	if (!t) {
		*reason = hdr->has_pubkey ? MLT_DROP_NONE :
					    MLT_DROP_TUNNEL_UNKNOWN;
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
 * Authentication and validation of the datagram in @skb under @key; its
 * body is decrypted in place. Needs no tunnel lock: a tunnel's keys are
 * fixed for its life, so a reader of the same tunnel on another CPU is not
 * held up for the length of a decryption.
 */
static enum mlt_drop_reason mlt_rcv_decrypt(const u8 key[MLT_KEY_LEN],
					    const struct mlt_hdr *hdr,
					    struct sk_buff *skb)
{
	u8 *data = skb->data, *body = data + hdr->len;
	unsigned int blen = skb->len - hdr->len - MLT_TAG_LEN;

	if (!mlt_open(body, body, blen + MLT_TAG_LEN, data, hdr->len,
		      hdr->nonce, key))
		return MLT_DROP_TAG;
	return mlt_body_validate(body, blen);
}

/*
 * Whether an authentic opening may open a tunnel: it must be reliable and
 * create a connection, so that no state is kept for one that asks nothing.
 */
static bool mlt_opening_creates(struct sk_buff *skb, unsigned int hlen)
{
	unsigned int blen = skb->len - hlen - MLT_TAG_LEN;
	const u8 *body = skb->data + hlen;
	struct mlt_rpc rpc;

	return get_unaligned_be32(body) &&
	       mlt_body_find(body, blen, MLT_RPC_CREATE, &rpc);
}

/*
 * An opening for a tunnel not in the table: its keys on the stack, then
 * authentication, then the tunnel, with one reference and not in the table
 * yet. %NULL: drop it for *reason. One whose tag fails draws a reject
 * notice: the client may have named an identity we do not hold.
 */
static struct mlt_tunnel *mlt_rcv_opening(struct net *net,
					  const struct mlt_hdr *hdr,
					  struct sk_buff *skb,
					  const struct mlt_endpoint *from,
					  enum mlt_drop_reason *reason)
{
	struct mlt_net *mn = mlt_pernet(net);
	struct mlt_tunnel *t = NULL;
	struct mlt_opening o;

	*reason = mlt_opening_keys(mn, hdr, &o);
	if (*reason == MLT_DROP_EPH_UNKNOWN)
		mlt_opening_moved(mn, hdr, from);
	if (*reason)
		goto out;
	*reason = mlt_rcv_decrypt(o.keys.rx, hdr, skb);
	if (*reason == MLT_DROP_TAG)
		mlt_opening_reject(mn, hdr, from, &o);
	if (!*reason && !mlt_opening_creates(skb, hdr->len))
		*reason = MLT_DROP_NO_CREATE;
	if (*reason)
		goto out;
	t = mlt_opening_tunnel(net, hdr, from, &o);
	if (!t)
		*reason = MLT_DROP_NOMEM;
out:
	memzero_explicit(&o, sizeof(o));
	return t;
}

/*
 * A reject notice for @t: a client tunnel whose server has not answered
 * yet ends with %EKEYREJECTED, its server does not hold the identity key
 * the directory named. Anything else with the notice's nonce fails
 * authentication. Return: %MLT_DROP_NONE if the tunnel ended.
 */
static enum mlt_drop_reason mlt_rcv_reject(struct mlt_tunnel *t,
					   const struct mlt_hdr *hdr,
					   struct sk_buff *skb)
{
	enum mlt_drop_reason reason = MLT_DROP_TAG;
	u8 *data = skb->data;
	struct mlt_out out;

	if (!t->client || skb->len != MLT_MIN_DATAGRAM ||
	    !mlt_open(data + hdr->len, data + hdr->len,
		      MLT_BODY_HDR_LEN + MLT_TAG_LEN, data, hdr->len,
		      hdr->nonce, t->keys.reject))
		return reason;
	mlt_tunnel_lock(t, &out);
	if (!t->heard && !t->dead) {
		atomic64_inc(&t->mn->tunnels_rejected);
		mlt_tunnel_kill(t, EKEYREJECTED, &out);
		reason = MLT_DROP_NONE;
	}
	mlt_tunnel_unlock(t, &out);
	return reason;
}

/*
 * A key-moved notice for @t: a client tunnel whose server has not answered
 * yet opens again, with a fresh C', to the S' the notice names (tunnel.c).
 * The notice is checked under the lock, since its key changes with the
 * move: a copy that comes after it fails as %MLT_DROP_TAG.
 * Return: %MLT_DROP_NONE if the tunnel moved.
 */
static enum mlt_drop_reason mlt_rcv_moved(struct mlt_tunnel *t,
					  const struct mlt_hdr *hdr,
					  struct sk_buff *skb)
{
	enum mlt_drop_reason reason = MLT_DROP_TAG;
	u8 *data = skb->data, *body = data + hdr->len;
	struct mlt_out out;

	if (!t->client || skb->len != MLT_MOVED_DATAGRAM)
		return reason;
	mlt_tunnel_lock(t, &out);
	if (!t->heard && !t->dead &&
	    mlt_open(body, body, MLT_KEY_LEN + MLT_TAG_LEN, data, hdr->len,
		     hdr->nonce, t->keys.moved))
		reason = mlt_tunnel_move(t, body, &out);
	mlt_tunnel_unlock(t, &out);
	return reason;
}

/*
 * The replay window, for an authentic datagram; a fresh tunnel enters the
 * table. Called with the tunnel lock held.
 */
static enum mlt_drop_reason mlt_rcv_admit(struct mlt_tunnel *t,
					  const struct mlt_hdr *hdr, bool fresh)
{
	enum mlt_drop_reason reason;

	if (t->dead)
		return MLT_DROP_TUNNEL_UNKNOWN;
	reason = mlt_replay_check(&t->replay, hdr->nonce);
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
			  const struct mlt_endpoint *from, unsigned int len)
{
	atomic64_inc(&t->mn->rx_packets);
	t->last_rx = mlt_now();
	t->last_active = t->last_rx;
	t->heard = true;
	if (!t->client && (!ipv6_addr_equal(&t->peer.addr, &from->addr) ||
			   t->peer.port != from->port)) {
		/*
		 * The client moved: its new path's size is not known, and its
		 * new address is not validated until it echoes a datagram
		 * sent there.
		 */
		t->peer = *from;
		mlt_pmtu_init(&t->pmtu, div_u64(t->last_rx, NSEC_PER_USEC));
		t->validated = false;
		t->valid_from = t->tx_nonce;
		t->amp_rcvd = 0;
		t->amp_sent = 0;
	}
	if (!t->validated)
		t->amp_rcvd += len;
}

/**
 * __mlt_tunnel_rcv() - handle one received datagram
 * @net: the namespace it arrived in
 * @skb: the datagram: linear and writable, data at the UDP payload
 * @from: its source
 * @queued: whether it comes from the queue of openings, whose public-key
 *	work is done here; else an opening for an unknown tunnel goes there
 *
 * BH disabled. Consumes @skb, after wiping the plaintext of its body.
 */
static void __mlt_tunnel_rcv(struct net *net, struct sk_buff *skb,
			     const struct mlt_endpoint *from, bool queued)
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
	t = mlt_rcv_lookup(net, &hdr, &reason);
	fresh = !t;
	if (t && hdr.has_puzzle && hdr.nonce == MLT_NONCE_CHALLENGE)
		reason = mlt_rcv_challenge(t, &hdr);
	else if (t && hdr.nonce == MLT_NONCE_REJECT)
		reason = mlt_rcv_reject(t, &hdr, skb);
	else if (t && hdr.nonce == MLT_NONCE_MOVED)
		reason = mlt_rcv_moved(t, &hdr, skb);
	else if (t)
		reason = READ_ONCE(t->dead) ? MLT_DROP_TUNNEL_UNKNOWN :
		       mlt_rcv_decrypt(t->keys.rx, &hdr, skb);
	else if (!reason && !queued)
		reason = mlt_opening_queue(mn, &hdr, skb, from);
	else if (!reason)
		t = mlt_rcv_opening(net, &hdr, skb, from, &reason);
	if (!t && !reason && !queued)
		return;		/* the queue holds it */
	if (!t)
		goto wipe;
	if (reason || hdr.nonce == MLT_NONCE_REJECT ||
	    hdr.nonce == MLT_NONCE_MOVED ||
	    (hdr.has_puzzle && hdr.nonce == MLT_NONCE_CHALLENGE)) {
		mlt_tunnel_put(t);
		goto wipe;
	}
	mlt_tunnel_lock(t, &out);
	reason = mlt_rcv_admit(t, &hdr, fresh);
	if (!reason) {
		mlt_rcv_alive(t, from, skb->len);
		mlt_tunnel_body(t, hdr.nonce, skb->data + hdr.len,
				skb->len - hdr.len - MLT_TAG_LEN, &out);
		if (fresh)
			mlt_tunnel_arm(t);
	}
	mlt_tunnel_unlock(t, &out);
	/* The table holds a fresh tunnel now; the lookup's reference goes. */
	mlt_tunnel_put(t);
wipe:
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

/* A datagram from the network. Softirq context. */
void mlt_tunnel_rcv(struct net *net, struct sk_buff *skb,
		    const struct mlt_endpoint *from)
{
	__mlt_tunnel_rcv(net, skb, from, false);
}

/* An opening from the queue (opening.c), BH disabled. */
void mlt_tunnel_rcv_queued(struct net *net, struct sk_buff *skb,
			   const struct mlt_endpoint *from)
{
	__mlt_tunnel_rcv(net, skb, from, true);
}
