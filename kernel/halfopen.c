// SPDX-License-Identifier: GPL-2.0
/*
 * Half-open server tunnels (Documentation/protocol.rst, "Openings under
 * load"): a tunnel is half-open from its opening until its client proves
 * its address, by echoing in an authenticated datagram a nonce we sent
 * (receive.c). Anyone who knows S' can make one, from any source address,
 * so they are counted per source prefix: a source holds at most
 * MLT_A_HALFOPEN_LIMIT of them, and its newest opening ends its oldest
 * past that. With the table full, an opening ends the oldest half-open
 * tunnel of any source. A client that answers leaves this state within
 * one round trip, so the oldest half-open tunnels are those nobody
 * answers for.
 *
 * Everything here is under tunnels_lock, taken after a tunnel's own lock.
 * An evicted tunnel leaves the table at once, so that it frees its slot,
 * and is killed from a work item, which takes its lock: the caller may
 * hold another tunnel's.
 */
#include <linux/jhash.h>
#include <linux/slab.h>

#include "tunnel.h"

/* The half-open tunnels of one source prefix, oldest first. */
struct mlt_halfopen_src {
	struct hlist_node node;		/* mn->halfopen_src */
	struct list_head tunnels;	/* by mlt_tunnel.ho_node */
	unsigned int count;
	u8 key[MLT_RL_KEY_LEN];
};

static struct hlist_head *mlt_halfopen_bucket(struct mlt_net *mn,
					      const u8 *key)
{
	return &mn->halfopen_src[jhash(key, MLT_RL_KEY_LEN, mn->hash_seed) &
				 (ARRAY_SIZE(mn->halfopen_src) - 1)];
}

static struct mlt_halfopen_src *mlt_halfopen_src_get(struct mlt_net *mn,
						     const u8 *key)
{
	struct hlist_head *head = mlt_halfopen_bucket(mn, key);
	struct mlt_halfopen_src *s;

	hlist_for_each_entry(s, head, node)
		if (!memcmp(s->key, key, MLT_RL_KEY_LEN))
			return s;
	s = kzalloc(sizeof(*s), GFP_ATOMIC);
	if (!s)
		return NULL;
	memcpy(s->key, key, MLT_RL_KEY_LEN);
	INIT_LIST_HEAD(&s->tunnels);
	hlist_add_head(&s->node, head);
	return s;
}

/**
 * mlt_halfopen_del() - @t is half-open no more
 * @t: a tunnel; nothing happens unless it is half-open
 *
 * tunnels_lock held.
 */
void mlt_halfopen_del(struct mlt_tunnel *t)
{
	struct mlt_halfopen_src *s = t->ho_src;
	struct mlt_net *mn = t->mn;

	lockdep_assert_held(&mn->tunnels_lock);
	if (!s)
		return;
	list_del(&t->ho_node);
	list_del(&t->ho_all);
	WRITE_ONCE(t->ho_src, NULL);
	WRITE_ONCE(mn->halfopen_count, mn->halfopen_count - 1);
	if (!--s->count) {
		hlist_del(&s->node);
		kfree(s);
	}
}

/* Out of the table and to the work that kills it; tunnels_lock held. */
static void mlt_halfopen_evict(struct mlt_tunnel *t)
{
	struct mlt_net *mn = t->mn;

	mlt_halfopen_del(t);
	mlt_tunnel_unhash_locked(t);	/* the table's reference: the list's */
	list_add_tail(&t->ho_node, &mn->evicted);
	atomic64_inc(&mn->halfopen_evicted);
	queue_work(system_unbound_wq, &mn->evict_work);
}

/**
 * mlt_halfopen_make_room() - free a slot of a full table
 * @mn: the namespace
 *
 * Evicts the oldest half-open tunnel of any source. tunnels_lock held.
 *
 * Return: whether one was evicted.
 */
bool mlt_halfopen_make_room(struct mlt_net *mn)
{
	struct mlt_tunnel *t;

	lockdep_assert_held(&mn->tunnels_lock);
	t = list_first_entry_or_null(&mn->halfopen, struct mlt_tunnel, ho_all);
	if (!t)
		return false;
	mlt_halfopen_evict(t);
	return true;
}

/**
 * mlt_halfopen_add() - count a new server tunnel as half-open
 * @t: the tunnel, about to enter the table
 *
 * At the source's limit, its oldest half-open tunnel is evicted.
 * tunnels_lock held.
 *
 * Return: 0, or -ENOMEM.
 */
int mlt_halfopen_add(struct mlt_tunnel *t)
{
	u32 limit = READ_ONCE(t->mn->halfopen_limit);
	struct mlt_net *mn = t->mn;
	struct mlt_halfopen_src *s;
	u8 key[MLT_RL_KEY_LEN];

	lockdep_assert_held(&mn->tunnels_lock);
	mlt_source_key(mn, key, &t->peer);
	s = mlt_halfopen_src_get(mn, key);
	if (!s)
		return -ENOMEM;
	if (limit && s->count >= limit) {
		/* Never its last: the source's entry stays. */
		s->count++;
		mlt_halfopen_evict(list_first_entry(&s->tunnels,
						    struct mlt_tunnel,
						    ho_node));
		s->count--;
	}
	WRITE_ONCE(t->ho_src, s);
	list_add_tail(&t->ho_node, &s->tunnels);
	list_add_tail(&t->ho_all, &mn->halfopen);
	s->count++;
	WRITE_ONCE(mn->halfopen_count, mn->halfopen_count + 1);
	return 0;
}

/**
 * mlt_halfopen_validated() - @t's client proved its address
 * @t: the tunnel, locked
 */
void mlt_halfopen_validated(struct mlt_tunnel *t)
{
	struct mlt_net *mn = t->mn;

	if (!READ_ONCE(t->ho_src))
		return;
	spin_lock_bh(&mn->tunnels_lock);
	mlt_halfopen_del(t);
	spin_unlock_bh(&mn->tunnels_lock);
}

/* Kill the evicted tunnels: their connections fail with ECONNRESET. */
static void mlt_evict_work(struct work_struct *work)
{
	struct mlt_net *mn = container_of(work, struct mlt_net, evict_work);
	struct mlt_tunnel *t;
	struct mlt_out out;

	for (;;) {
		spin_lock_bh(&mn->tunnels_lock);
		t = list_first_entry_or_null(&mn->evicted, struct mlt_tunnel,
					     ho_node);
		if (t)
			list_del_init(&t->ho_node);
		spin_unlock_bh(&mn->tunnels_lock);
		if (!t)
			break;
		mlt_tunnel_lock(t, &out);
		mlt_tunnel_kill(t, ECONNRESET, &out);
		mlt_tunnel_unlock(t, &out);
		mlt_tunnel_put(t);	/* the table's */
		cond_resched();
	}
}

void mlt_halfopen_init(struct mlt_net *mn)
{
	hash_init(mn->halfopen_src);
	INIT_LIST_HEAD(&mn->halfopen);
	INIT_LIST_HEAD(&mn->evicted);
	INIT_WORK(&mn->evict_work, mlt_evict_work);
}

/*
 * The namespace goes away and no tunnel enters the table any more: kill
 * the evicted tunnels still waiting. The table's flush takes the rest, and
 * their half-open state with them (mlt_tunnel_unhash_locked()).
 */
void mlt_halfopen_flush(struct mlt_net *mn)
{
	cancel_work_sync(&mn->evict_work);
	mlt_evict_work(&mn->evict_work);
}
