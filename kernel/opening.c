// SPDX-License-Identifier: GPL-2.0
/*
 * The server side of the opening handshake: a datagram with P set for an
 * unknown tunnel names one of our ephemeral keys S' and carries the
 * client's C'; the keys are derived here onto the stack, and a tunnel is
 * allocated and enters the table only once the datagram has authenticated;
 * one that does not draws a reject notice, and one that names a key the
 * replay cache retired a key-moved notice. Each C' may open one tunnel
 * while its S' is valid: the replay cache (replay_cache.c) enforces that.
 *
 * The defences of the opening start here: an opening for an unknown tunnel
 * passes the per-source rate limit (limiter.c), then waits in a bounded
 * queue for a worker that does its X25519 outside softirq. Under load a
 * puzzle (challenge.c) comes between the two.
 */
#include <linux/netdevice.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "tunnel.h"

/**
 * mlt_opening_keys() - the keys of an opening datagram, on the stack
 * @mn: the namespace it arrived in
 * @hdr: its header, with P set, for a tid not in the table
 * @o: receives the keys and what the tunnel needs of the server's keys;
 *	the caller wipes it
 *
 * Two X25519 (S' and the identity with C'), and no allocation: a forged
 * opening costs no memory. The openings worker, BH disabled.
 *
 * Return: %MLT_DROP_NONE, or why the datagram is dropped.
 */
enum mlt_drop_reason mlt_opening_keys(struct mlt_net *mn,
				      const struct mlt_hdr *hdr,
				      struct mlt_opening *o)
{
	struct mlt_handshake hs = {
		.server_identity = o->server_identity,
		.server_eph = o->server_eph,
		.client_eph = hdr->client_pub,
		.tid = hdr->tid,
	};
	enum mlt_drop_reason reason = MLT_DROP_NONE;
	struct mlt_identity id;
	struct mlt_eph eph;

	if (!mlt_eph_find(mn, hdr->eph_id, mlt_now(), &eph, &id))
		return MLT_DROP_EPH_UNKNOWN;
	if (!id.valid) {
		reason = MLT_DROP_NO_IDENTITY;
		goto out;
	}
	memcpy(o->server_identity, id.public_key, MLT_KEY_LEN);
	memcpy(o->server_eph, eph.public_key, MLT_KEY_LEN);
	o->eph_expires = eph.expires;
	if (mlt_crypto_derive(&o->keys, false, eph.private_key,
			      hdr->client_pub, id.private_key,
			      hdr->client_pub, &hs))
		reason = MLT_DROP_DH_ZERO;
out:
	memzero_explicit(&eph, sizeof(eph));
	memzero_explicit(&id, sizeof(id));
	return reason;
}

/**
 * mlt_opening_tunnel() - the server tunnel of an authentic opening
 * @net: the namespace it arrived in
 * @hdr: its header
 * @from: its source
 * @o: its keys, from mlt_opening_keys()
 *
 * The tunnel is not in the table yet: it enters it with
 * mlt_tunnel_publish(). The openings worker, BH disabled.
 *
 * Return: the tunnel, with one reference, or %NULL (no memory).
 */
struct mlt_tunnel *mlt_opening_tunnel(struct net *net,
				      const struct mlt_hdr *hdr,
				      const struct mlt_endpoint *from,
				      const struct mlt_opening *o)
{
	struct mlt_tunnel *t = mlt_tunnel_alloc(net, GFP_ATOMIC);

	if (!t)
		return NULL;
	t->tid = hdr->tid;
	t->peer = *from;
	t->eph_expires = o->eph_expires;
	memcpy(t->server_identity, o->server_identity, MLT_KEY_LEN);
	memcpy(t->server_eph, o->server_eph, MLT_KEY_LEN);
	memcpy(t->client_eph, hdr->client_pub, MLT_KEY_LEN);
	t->keys = o->keys;
	/* A start no blind sender can guess: its echo proves the address. */
	t->tx_nonce = get_random_u32();
	t->valid_from = t->tx_nonce;
	return t;
}

/**
 * mlt_opening_reject() - tell a client its opening did not authenticate
 * @mn: the namespace it arrived in
 * @hdr: its header
 * @from: its source
 * @o: its keys, from mlt_opening_keys()
 *
 * The reject notice (Documentation/protocol.rst, "Identity rejected"): an
 * empty body sealed under the reject key, which the client derives without
 * the identity key. A client that named another identity than ours learns
 * it at once instead of timing out. 40 bytes for an opening of
 * %MLT_BASE_DATAGRAM: no amplification. The openings worker, BH disabled.
 */
void mlt_opening_reject(struct mlt_net *mn, const struct mlt_hdr *hdr,
			const struct mlt_endpoint *from,
			const struct mlt_opening *o)
{
	if (mlt_send_reject(mn, from, hdr->tid, o->keys.reject))
		atomic64_inc(&mn->rejects_sent);
}

/**
 * mlt_opening_moved() - tell a client the key it named was retired
 * @mn: the namespace it arrived in
 * @hdr: the header of an opening whose S' is not valid
 * @from: its source
 *
 * If the replay cache retired that S' (replay_cache.c), the key-moved
 * notice (Documentation/protocol.rst, "Key moved") names our newest key,
 * sealed under a key from X25519(s, C'): only the holder of the identity
 * key could have sent it. The opening itself cannot be authenticated any
 * more. 64 bytes for an opening of %MLT_BASE_DATAGRAM: no amplification.
 * The openings worker, BH disabled.
 */
void mlt_opening_moved(struct mlt_net *mn, const struct mlt_hdr *hdr,
		       const struct mlt_endpoint *from)
{
	u8 old[MLT_KEY_LEN], next[MLT_KEY_LEN], key[MLT_KEY_LEN];
	struct mlt_handshake hs = {
		.server_eph = old,
		.client_eph = hdr->client_pub,
		.tid = hdr->tid,
	};
	struct mlt_identity id;

	if (!mlt_rcache_retired(mn, hdr->eph_id, old) ||
	    !mlt_eph_newest(mn, mlt_now(), next, &id))
		return;
	hs.server_identity = id.public_key;
	if (id.valid && !mlt_crypto_moved_key(key, id.private_key, &hs) &&
	    mlt_send_moved(mn, from, hdr->tid, next, key))
		atomic64_inc(&mn->key_moved_sent);
	memzero_explicit(&id, sizeof(id));
	memzero_explicit(key, sizeof(key));
}

/*
 * The queue of openings: X25519 is the costly part of an opening, so it
 * runs in a worker, not in softirq, for openings that passed the rate
 * limit, at most %MLT_OPENQ_MAX waiting (as WireGuard's handshake queue).
 */
struct mlt_openq_cb {
	struct mlt_endpoint from;
};

#define MLT_OPENQ_CB(skb)	((struct mlt_openq_cb *)(skb)->cb)

/**
 * mlt_opening_queue() - hand an opening for an unknown tunnel to the worker
 * @mn: the namespace it arrived in
 * @hdr: its header
 * @skb: the datagram
 * @from: its source
 *
 * The per-source rate limit first, then the puzzle (challenge.c): an
 * opening answered with a challenge is consumed here. Softirq context.
 *
 * Return: %MLT_DROP_NONE if @skb was taken (queued or answered), or why
 * to drop it.
 */
enum mlt_drop_reason mlt_opening_queue(struct mlt_net *mn,
				       const struct mlt_hdr *hdr,
				       struct sk_buff *skb,
				       const struct mlt_endpoint *from)
{
	enum mlt_drop_reason reason;
	bool answered;

	BUILD_BUG_ON(sizeof(struct mlt_openq_cb) > sizeof_field(struct sk_buff, cb));
	if (!mlt_limiter_pass(mn, from))
		return MLT_DROP_RATELIMITED;
	reason = mlt_challenge_opening(mn, hdr, from, &answered);
	if (reason)
		return reason;
	if (answered) {
		consume_skb(skb);
		return MLT_DROP_NONE;
	}
	spin_lock(&mn->openq.lock);
	if (skb_queue_len(&mn->openq) >= MLT_OPENQ_MAX) {
		spin_unlock(&mn->openq.lock);
		return MLT_DROP_QUEUE_FULL;
	}
	MLT_OPENQ_CB(skb)->from = *from;
	__skb_queue_tail(&mn->openq, skb);
	spin_unlock(&mn->openq.lock);
	queue_work(system_unbound_wq, &mn->openq_work);
	return MLT_DROP_NONE;
}

/* The worker: each waiting opening through the receive path in turn. */
static void mlt_openq_work(struct work_struct *work)
{
	struct mlt_net *mn = container_of(work, struct mlt_net, openq_work);
	struct mlt_endpoint from;
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&mn->openq))) {
		from = MLT_OPENQ_CB(skb)->from;
		local_bh_disable();
		mlt_tunnel_rcv_queued(mn->net, skb, &from);
		local_bh_enable();
		cond_resched();
	}
}

void mlt_openq_init(struct mlt_net *mn)
{
	skb_queue_head_init(&mn->openq);
	INIT_WORK(&mn->openq_work, mlt_openq_work);
}

/*
 * The namespace goes away, its UDP sockets are closed: wait out datagrams
 * in flight to the queue and the worker, then drop what waits.
 */
void mlt_openq_flush(struct mlt_net *mn)
{
	synchronize_net();
	cancel_work_sync(&mn->openq_work);
	skb_queue_purge(&mn->openq);
}

/* Whether @t, whose C' is @cp, may enter the table; tunnels_lock held. */
static enum mlt_drop_reason mlt_tunnel_admit(struct mlt_tunnel *t,
					     const struct mlt_cprime *cp)
{
	struct mlt_net *mn = t->mn;
	enum mlt_drop_reason reason;

	if (mlt_tunnel_lookup_rcu(mn, t->tid))
		return MLT_DROP_REPLAY_DUP;	/* a copy opened it already */
	if (mn->dying)
		return MLT_DROP_TUNNEL_LIMIT;
	reason = mlt_rcache_admit(mn, cp);
	if (reason)
		return reason;
	/* Server tunnels: clients have a pool of their own (tunnel.c). */
	if (mn->tunnel_count - mn->client_count >=
	    READ_ONCE(mn->tunnel_limit) && !mlt_halfopen_make_room(mn))
		return MLT_DROP_TUNNEL_LIMIT;
	return MLT_DROP_NONE;
}

/**
 * mlt_tunnel_publish() - put an authenticated new server tunnel in the table
 * @t: the tunnel from mlt_tunnel_open(), locked
 *
 * On success the table holds a reference of its own, @t's C' is in the
 * replay cache until its S' expires or is retired, and @t is half-open
 * (halfopen.c).
 *
 * Return: %MLT_DROP_NONE, or why the datagram is dropped.
 */
enum mlt_drop_reason mlt_tunnel_publish(struct mlt_tunnel *t)
{
	struct mlt_net *mn = t->mn;
	enum mlt_drop_reason reason;
	struct mlt_cprime *cp;

	cp = mlt_rcache_new(t);
	if (!cp)
		return MLT_DROP_NOMEM;

	spin_lock(&mn->tunnels_lock);
	reason = mlt_tunnel_admit(t, cp);
	if (!reason && mlt_halfopen_add(t))
		reason = MLT_DROP_NOMEM;
	if (reason) {
		spin_unlock(&mn->tunnels_lock);
		kfree(cp);
		return reason;
	}
	mlt_rcache_add(mn, cp);
	kref_get(&t->ref);	/* the table's */
	mlt_tunnel_hash(t);
	spin_unlock(&mn->tunnels_lock);
	return MLT_DROP_NONE;
}
