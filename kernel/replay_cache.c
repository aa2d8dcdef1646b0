// SPDX-License-Identifier: GPL-2.0
/*
 * The replay cache: the C' of every tunnel opened with one of our
 * ephemeral keys S', kept for as long as that S' is valid, so that a
 * replayed opening opens nothing and its 0-RTT data is never delivered
 * twice. It holds at most replay-cache-limit keys, and a flood of
 * openings cannot turn it into a lockout: when it is nearly full, the S'
 * holding most of it is retired. A fresh key takes its slot and its
 * expiry, its private half is wiped, and its C' are forgotten, since no
 * opening to it is accepted any more. Its public half stays on a short
 * list, so that an opening naming it draws a key-moved notice with the
 * new key (opening.c) instead of silence (Documentation/protocol.rst,
 * "Key moved"), and for a while every opening is challenged with a puzzle
 * (challenge.c), so that sources that cannot answer stop filling it.
 */
#include <linux/jhash.h>
#include <linux/slab.h>

#include "tunnel.h"

struct mlt_cprime {
	struct hlist_node node;
	u64 expires;			/* boottime ns: when its S' expires */
	u8 eph_id[MLT_EPH_ID_LEN];	/* which S' it opened with */
	u8 key[MLT_KEY_LEN];
};

static u32 mlt_cprime_hash(struct mlt_net *mn, const u8 *key)
{
	return jhash(key, MLT_KEY_LEN, mn->hash_seed) &
	       (ARRAY_SIZE(mn->cprime) - 1);
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

/* The retired key @eph_id names, or %NULL. Called with tunnels_lock held. */
static struct mlt_eph_retired *mlt_retired_find(struct mlt_net *mn,
						const u8 *eph_id)
{
	struct mlt_eph_retired *r;

	for (r = mn->retired; r < mn->retired + MLT_EPH_RETIRED_MAX; r++)
		if (r->expires && !memcmp(r->public_key, eph_id, MLT_EPH_ID_LEN))
			return r;
	return NULL;
}

/**
 * mlt_rcache_retired() - whether an opening names a key retired early
 * @mn: the namespace
 * @eph_id: the opening's %MLT_EPH_ID_LEN bytes of S'
 * @public_key: receives that key's public half
 *
 * BH disabled. Return: true if @eph_id names a retired key.
 */
bool mlt_rcache_retired(struct mlt_net *mn, const u8 *eph_id,
			u8 public_key[MLT_KEY_LEN])
{
	struct mlt_eph_retired *r;

	spin_lock(&mn->tunnels_lock);
	r = mlt_retired_find(mn, eph_id);
	if (r)
		memcpy(public_key, r->public_key, MLT_KEY_LEN);
	spin_unlock(&mn->tunnels_lock);
	return r;
}

/**
 * mlt_rcache_new() - an entry for a tunnel's C', before its admission
 * @t: a server tunnel
 *
 * Allocated outside tunnels_lock; freed with kfree() if not added.
 * Return: the entry, or %NULL (no memory).
 */
struct mlt_cprime *mlt_rcache_new(struct mlt_tunnel *t)
{
	struct mlt_cprime *cp = kmalloc(sizeof(*cp), GFP_ATOMIC);

	if (cp) {
		memcpy(cp->key, t->client_eph, MLT_KEY_LEN);
		memcpy(cp->eph_id, t->server_eph, MLT_EPH_ID_LEN);
		cp->expires = t->eph_expires;
	}
	return cp;
}

/**
 * mlt_rcache_admit() - whether the cache lets a new tunnel's C' in
 * @mn: the namespace
 * @cp: the entry from mlt_rcache_new()
 *
 * Nearly full (seven eighths), the cache has a key retired; full, it
 * refuses until that is done. Called with tunnels_lock held.
 *
 * Return: %MLT_DROP_NONE, or why the opening is dropped.
 */
enum mlt_drop_reason mlt_rcache_admit(struct mlt_net *mn,
				      const struct mlt_cprime *cp)
{
	u32 limit = READ_ONCE(mn->replay_cache_limit);

	if (mlt_cprime_seen(mn, cp->key))
		return MLT_DROP_EPH_REUSED;
	/*
	 * Keys derived just before their S' was retired or deleted: its C'
	 * may be forgotten already, so it opens nothing now.
	 */
	if (!mlt_eph_valid(mn, cp->eph_id, mlt_now()))
		return MLT_DROP_EPH_UNKNOWN;
	if (mn->cprime_count + 1 >= limit - limit / 8 && !mn->dying)
		queue_work(system_unbound_wq, &mn->retire_work);
	if (mn->cprime_count >= limit)
		return MLT_DROP_TUNNEL_LIMIT;
	return MLT_DROP_NONE;
}

/* Remember @cp, admitted. Called with tunnels_lock held. */
void mlt_rcache_add(struct mlt_net *mn, struct mlt_cprime *cp)
{
	hlist_add_head(&cp->node, &mn->cprime[mlt_cprime_hash(mn, cp->key)]);
	WRITE_ONCE(mn->cprime_count, mn->cprime_count + 1);
}

/* Which of the @n @keys is @c's S': its index, or @n if none is. */
static unsigned int mlt_cprime_of(const struct mlt_cprime *c,
				  u8 keys[][MLT_KEY_LEN], unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!memcmp(c->eph_id, keys[i], MLT_EPH_ID_LEN))
			break;
	return i;
}

/*
 * Forget the C' whose S' expired by @now, and with @keys those whose S'
 * is none of the @n valid keys (retired or deleted: no opening to it is
 * admitted any more, mlt_rcache_admit()). One bucket at a time, so that
 * openings are not held up.
 */
static void mlt_rcache_forget(struct mlt_net *mn, u64 now,
			      u8 keys[][MLT_KEY_LEN], unsigned int n)
{
	struct mlt_cprime *c;
	struct hlist_node *tmp;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mn->cprime); i++) {
		spin_lock_bh(&mn->tunnels_lock);
		hlist_for_each_entry_safe(c, tmp, &mn->cprime[i], node) {
			if (c->expires > now &&
			    (!keys || mlt_cprime_of(c, keys, n) < n))
				continue;
			hlist_del(&c->node);
			WRITE_ONCE(mn->cprime_count, mn->cprime_count - 1);
			kfree(c);
		}
		spin_unlock_bh(&mn->tunnels_lock);
	}
}

/* Forget the C' and the retired keys whose S' has expired. */
void mlt_rcache_expire(struct mlt_net *mn, u64 now)
{
	struct mlt_eph_retired *r;

	mlt_rcache_forget(mn, now, NULL, 0);
	spin_lock_bh(&mn->tunnels_lock);
	for (r = mn->retired; r < mn->retired + MLT_EPH_RETIRED_MAX; r++)
		if (r->expires && r->expires <= now)
			memset(r, 0, sizeof(*r));
	spin_unlock_bh(&mn->tunnels_lock);
}

/* The namespace goes: no retirement runs or will, everything goes. */
void mlt_rcache_flush(struct mlt_net *mn)
{
	cancel_work_sync(&mn->retire_work);
	mlt_rcache_expire(mn, U64_MAX);
}

/*
 * The valid key with most C' in the cache, counted one bucket at a time:
 * its public half in @victim. The C' of keys no longer valid are not
 * counted: the retirement forgets them anyway. Return: how many it holds,
 * 0 if none does.
 */
static unsigned int mlt_rcache_victim(struct mlt_net *mn,
				      u8 victim[MLT_KEY_LEN])
{
	u8 keys[MLT_EPH_MAX][MLT_KEY_LEN];
	unsigned int counts[MLT_EPH_MAX] = {}, n, i, best = 0;
	struct mlt_cprime *c;

	n = mlt_eph_publics(mn, keys);
	if (!n)
		return 0;
	for (i = 0; i < ARRAY_SIZE(mn->cprime); i++) {
		spin_lock_bh(&mn->tunnels_lock);
		hlist_for_each_entry(c, &mn->cprime[i], node) {
			unsigned int k = mlt_cprime_of(c, keys, n);

			if (k < n)
				counts[k]++;
		}
		spin_unlock_bh(&mn->tunnels_lock);
	}
	for (i = 1; i < n; i++)
		if (counts[i] > counts[best])
			best = i;
	memcpy(victim, keys[best], MLT_KEY_LEN);
	return counts[best];
}

/*
 * Which of two retired keys a full list forgets first: a replacement,
 * which only clients that followed a notice can name, before a key the
 * server published, and the replacement retired first; of two published
 * keys, the one expiring first.
 */
static bool mlt_retired_before(const struct mlt_eph_retired *a,
			       const struct mlt_eph_retired *b)
{
	if (a->replacement != b->replacement)
		return a->replacement;
	if (a->replacement)
		return a->retired < b->retired;
	return a->expires < b->expires;
}

/* Put @victim, which expires at @expires, on the list of retired keys. */
static void mlt_rcache_list_retired(struct mlt_net *mn, const u8 *victim,
				    u64 expires, bool replacement, u64 now)
{
	struct mlt_eph_retired *r, *slot = NULL;

	spin_lock_bh(&mn->tunnels_lock);
	for (r = mn->retired; r < mn->retired + MLT_EPH_RETIRED_MAX; r++) {
		if (!r->expires) {
			slot = r;
			break;
		}
		if (!slot || mlt_retired_before(r, slot))
			slot = r;
	}
	memcpy(slot->public_key, victim, MLT_KEY_LEN);
	slot->expires = expires;
	slot->retired = now;
	slot->replacement = replacement;
	spin_unlock_bh(&mn->tunnels_lock);
}

/**
 * mlt_rcache_pressed() - whether a key was retired lately
 * @mn: the namespace
 * @now: the time, boottime ns
 *
 * A retirement means openings arrive faster than keys expire: for
 * %MLT_PUZZLE_AFTER_RETIRE s after one, the server counts as under load
 * and challenges every opening (challenge.c), so that a flood from
 * addresses that cannot answer stops filling the cache. Any context.
 *
 * Return: true if the last retirement is less than that old.
 */
bool mlt_rcache_pressed(struct mlt_net *mn, u64 now)
{
	u64 at = READ_ONCE(mn->retired_at);

	return at && now - at < (u64)MLT_PUZZLE_AFTER_RETIRE * NSEC_PER_SEC;
}

/*
 * The cache is nearly full: retire the key holding most of it, then
 * forget the C' of every key no longer valid, the retired one's and
 * those of keys deleted before their time (eph-del) alike.
 */
static void mlt_rcache_retire_work(struct work_struct *work)
{
	struct mlt_net *mn = container_of(work, struct mlt_net, retire_work);
	u8 victim[MLT_KEY_LEN], keys[MLT_EPH_MAX][MLT_KEY_LEN];
	bool replacement;
	u64 expires, now;

	if (mlt_rcache_victim(mn, victim)) {
		expires = mlt_eph_expiry(mn, victim, &replacement);
		if (expires) {
			now = mlt_now();
			WRITE_ONCE(mn->retired_at, now);
			mlt_rcache_list_retired(mn, victim, expires,
						replacement, now);
			if (!mlt_eph_retire(mn, victim))
				atomic64_inc(&mn->eph_retired);
		}
	}
	mlt_rcache_forget(mn, mlt_now(), keys, mlt_eph_publics(mn, keys));
}

void mlt_rcache_init(struct mlt_net *mn)
{
	INIT_WORK(&mn->retire_work, mlt_rcache_retire_work);
}
