// SPDX-License-Identifier: GPL-2.0
/*
 * The directory: a per-namespace cache of named servers (address, port,
 * identity key, current ephemeral keys) fed from userspace over netlink.
 * Readers walk it under RCU; writers hold the namespace's config_lock.
 */
#include <linux/jhash.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "minimalt.h"

static u32 mlt_dir_hash(const char *name)
{
	return jhash(name, strlen(name), 0);
}

struct mlt_dir_entry *mlt_dir_alloc(void)
{
	return kzalloc(sizeof(struct mlt_dir_entry), GFP_KERNEL);
}

static struct mlt_dir_entry *mlt_dir_find(struct mlt_net *mn, const char *name)
{
	struct mlt_dir_entry *e;

	hash_for_each_possible_rcu(mn->dir, e, node, mlt_dir_hash(name),
				   lockdep_is_held(&mn->config_lock)) {
		if (!strcmp(e->name, name))
			return e;
	}
	return NULL;
}

/**
 * mlt_dir_add() - publish a directory entry
 * @mn: the namespace
 * @e: a complete entry from mlt_dir_alloc(); ownership passes here
 * @replace: replace an entry of the same name instead of failing
 *
 * Return: 0, -EEXIST if the name exists and @replace is false, or -ENOSPC
 * if the directory holds MLT_DIR_ENTRIES_MAX entries. On error @e is freed.
 */
int mlt_dir_add(struct mlt_net *mn, struct mlt_dir_entry *e, bool replace)
{
	struct mlt_dir_entry *old;
	int ret = 0;

	mutex_lock(&mn->config_lock);
	old = mlt_dir_find(mn, e->name);
	/* An expired entry the GC has not reached yet is as good as gone. */
	if (old && old->expires <= mlt_now())
		replace = true;
	if (old && !replace) {
		ret = -EEXIST;
	} else if (old) {
		hlist_replace_rcu(&old->node, &e->node);
		kfree_rcu(old, rcu);
	} else if (mn->dir_count >= MLT_DIR_ENTRIES_MAX) {
		ret = -ENOSPC;
	} else {
		hash_add_rcu(mn->dir, &e->node, mlt_dir_hash(e->name));
		mn->dir_count++;
	}
	if (!ret) {
		mn->dir_gen += 2;
		mlt_gc_schedule(mn, e->expires);
		mlt_resolve_answered(mn, e->name);
	}
	mutex_unlock(&mn->config_lock);

	if (ret)
		kfree(e);
	return ret;
}

static void mlt_dir_unlink(struct mlt_net *mn, struct mlt_dir_entry *e)
{
	hash_del_rcu(&e->node);
	mn->dir_count--;
	mn->dir_gen += 2;
	kfree_rcu(e, rcu);
}

int mlt_dir_del(struct mlt_net *mn, const char *name)
{
	struct mlt_dir_entry *e;
	int ret = -ENOENT;

	mutex_lock(&mn->config_lock);
	e = mlt_dir_find(mn, name);
	if (e) {
		mlt_dir_unlink(mn, e);
		ret = 0;
	}
	mutex_unlock(&mn->config_lock);
	return ret;
}

/* The entry for @name if it is live at @now. Call under rcu_read_lock(). */
struct mlt_dir_entry *mlt_dir_lookup_rcu(struct mlt_net *mn, const char *name,
					 u64 now)
{
	struct mlt_dir_entry *e = mlt_dir_find(mn, name);

	return e && e->expires > now ? e : NULL;
}

/*
 * Drop the entries that expired by @now. Called with config_lock held.
 * Return: the earliest expiry among the rest, or 0 if none is left.
 */
u64 mlt_dir_expire(struct mlt_net *mn, u64 now)
{
	struct mlt_dir_entry *e;
	struct hlist_node *tmp;
	u64 next = 0;
	int bkt;

	lockdep_assert_held(&mn->config_lock);
	hash_for_each_safe(mn->dir, bkt, tmp, e, node) {
		if (e->expires <= now)
			mlt_dir_unlink(mn, e);
		else if (!next || e->expires < next)
			next = e->expires;
	}
	return next;
}

/* Free every entry: the namespace is going away. */
void mlt_dir_flush(struct mlt_net *mn)
{
	mutex_lock(&mn->config_lock);
	mlt_dir_expire(mn, U64_MAX);
	mutex_unlock(&mn->config_lock);
}
