// SPDX-License-Identifier: GPL-2.0
/*
 * The server side of the opening handshake: a datagram with P set for an
 * unknown tunnel names one of our ephemeral keys S' and carries the
 * client's C'; the keys are derived here, and the tunnel enters the table
 * only once the datagram has authenticated. Each C' may open one tunnel
 * while its S' is valid: the table of C' seen enforces that, within a limit.
 *
 * This is where the defences of the opening go: puzzles (MLT_TID_FLAG_PUZZLE,
 * MLT_RPC_PUZZ) and rate limits on unauthenticated work come next, before
 * the X25519 of mlt_tunnel_open().
 */
#include <linux/jhash.h>
#include <linux/slab.h>

#include "tunnel.h"

struct mlt_cprime {
	struct hlist_node node;
	u64 expires;		/* boottime ns: when its S' expires */
	u8 key[MLT_KEY_LEN];
};

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

/*
 * How many C' the namespace remembers: at least MLT_CPRIME_MAX, and never
 * fewer than the tunnel limit lets open in one S' lifetime (each tunnel's
 * C' stays until its S' expires, after the tunnel may be gone).
 */
static unsigned int mlt_cprime_limit(struct mlt_net *mn)
{
	return max_t(unsigned int, MLT_CPRIME_MAX,
		     2 * READ_ONCE(mn->tunnel_limit));
}

/* Forget the C' whose S' has expired: they can open nothing any more. */
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

void mlt_cprime_flush(struct mlt_net *mn)
{
	mlt_cprime_expire(mn, U64_MAX);
}

/**
 * mlt_tunnel_open() - the server side of an opening datagram
 * @net: the namespace it arrived in
 * @hdr: its header, with P set, for a tid not in the table
 * @from: its source
 * @reason: on failure, why it is dropped
 *
 * Finds S' and derives the keys. The tunnel is not in the table yet: it
 * enters it once the datagram has authenticated, see mlt_tunnel_publish().
 * Softirq context.
 *
 * Return: the tunnel, with one reference, or %NULL.
 */
struct mlt_tunnel *mlt_tunnel_open(struct net *net, const struct mlt_hdr *hdr,
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

/* Whether @t may enter the table; tunnels_lock held. */
static enum mlt_drop_reason mlt_tunnel_admit(struct mlt_tunnel *t)
{
	struct mlt_net *mn = t->mn;

	if (mlt_tunnel_lookup_rcu(mn, t->tid))
		return MLT_DROP_REPLAY_DUP;	/* a copy opened it already */
	if (mlt_cprime_seen(mn, t->client_eph))
		return MLT_DROP_EPH_REUSED;
	if (mn->dying || mn->tunnel_count >= READ_ONCE(mn->tunnel_limit) ||
	    mn->cprime_count >= mlt_cprime_limit(mn))
		return MLT_DROP_TUNNEL_LIMIT;
	return MLT_DROP_NONE;
}

/**
 * mlt_tunnel_publish() - put an authenticated new server tunnel in the table
 * @t: the tunnel from mlt_tunnel_open(), locked
 *
 * On success the table holds a reference of its own, and @t's C' is
 * remembered until its S' expires.
 *
 * Return: %MLT_DROP_NONE, or why the datagram is dropped.
 */
enum mlt_drop_reason mlt_tunnel_publish(struct mlt_tunnel *t)
{
	struct mlt_net *mn = t->mn;
	enum mlt_drop_reason reason;
	struct mlt_cprime *cp;

	cp = kmalloc(sizeof(*cp), GFP_ATOMIC);
	if (!cp)
		return MLT_DROP_NOMEM;
	memcpy(cp->key, t->client_eph, MLT_KEY_LEN);
	cp->expires = t->eph_expires;

	spin_lock(&mn->tunnels_lock);
	reason = mlt_tunnel_admit(t);
	if (reason) {
		spin_unlock(&mn->tunnels_lock);
		kfree(cp);
		return reason;
	}
	hlist_add_head(&cp->node, &mn->cprime[mlt_cprime_hash(mn, cp->key)]);
	mn->cprime_count++;
	kref_get(&t->ref);	/* the table's */
	mlt_tunnel_hash(t);
	spin_unlock(&mn->tunnels_lock);
	return MLT_DROP_NONE;
}
