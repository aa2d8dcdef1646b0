// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual addresses: a per-namespace table that gives each directory name
 * in use an index, which stands for one IPv4 address in 127.77.0.0/16 and
 * one IPv6 address in fd6d:6c74:4d00::/64 (the uapi header's
 * MLT_VADDR*). Programs that know only IP reach a name through them: the
 * NSS module hands them out, mlt-proxy and the preload library map them
 * back to the name. A name keeps its index while the table has room;
 * when it is full, the name idle longest gives its index up.
 *
 * Knowing which names others resolved is the namespace's business, as the
 * directory's list is: reading a name back from its address needs
 * CAP_NET_ADMIN or a uid among the last MLT_VADDR_UIDS that asked for it.
 * Everything is under vaddr_lock, a mutex: the callers are netlink
 * handlers, and a lookup is as rare as a name resolution.
 */
#include <linux/in6.h>
#include <linux/jhash.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include "minimalt.h"

#define MLT_VADDR_UIDS	4

struct mlt_vaddr {
	struct hlist_node node;		/* in vaddr_names, by name */
	struct list_head lru;		/* in vaddr_lru, idle longest first */
	u64 used;			/* boottime ns of the last lookup */
	u32 index;
	u8 next_uid;			/* the slot the next new uid takes */
	kuid_t uids[MLT_VADDR_UIDS];	/* who asked for it, INVALID_UID */
	char name[MLT_NAME_MAX];
};

void mlt_vaddr_init(struct mlt_net *mn)
{
	mutex_init(&mn->vaddr_lock);
	hash_init(mn->vaddr_names);
	xa_init_flags(&mn->vaddr_index, XA_FLAGS_ALLOC1);
	INIT_LIST_HEAD(&mn->vaddr_lru);
	mn->vaddr_count = 0;
	mn->vaddr_next = 0;
	atomic64_set(&mn->vaddrs_reclaimed, 0);
}

void mlt_vaddr_exit(struct mlt_net *mn)
{
	struct mlt_vaddr *v, *tmp;

	list_for_each_entry_safe(v, tmp, &mn->vaddr_lru, lru)
		kfree(v);
	xa_destroy(&mn->vaddr_index);
	mutex_destroy(&mn->vaddr_lock);
}

void mlt_vaddr_addrs(u32 index, __be32 *v4, struct in6_addr *v6)
{
	*v4 = cpu_to_be32(MLT_VADDR4_NET + index);
	memset(v6, 0, sizeof(*v6));
	v6->s6_addr32[0] = cpu_to_be32(MLT_VADDR6_NET >> 32);
	v6->s6_addr32[1] = cpu_to_be32((u32)MLT_VADDR6_NET);
	v6->s6_addr16[7] = htons(index);
}

static struct mlt_vaddr *mlt_vaddr_find(struct mlt_net *mn, const char *name)
{
	struct mlt_vaddr *v;

	hash_for_each_possible(mn->vaddr_names, v, node,
			       jhash(name, strlen(name), 0))
		if (!strcmp(v->name, name))
			return v;
	return NULL;
}

static bool mlt_vaddr_asked_by(const struct mlt_vaddr *v, kuid_t uid)
{
	unsigned int i;

	for (i = 0; i < MLT_VADDR_UIDS; i++)
		if (uid_eq(v->uids[i], uid))
			return true;
	return false;
}

/* @info describes @v as it is at @now. */
static void mlt_vaddr_fill(const struct mlt_vaddr *v, u64 now,
			   struct mlt_vaddr_info *info)
{
	info->idle_s = now > v->used ? div_u64(now - v->used, NSEC_PER_SEC) : 0;
	info->index = v->index;
	strscpy(info->name, v->name, sizeof(info->name));
}

/* A lookup: the entry is the most recently used, and @info describes it. */
static void mlt_vaddr_touch(struct mlt_net *mn, struct mlt_vaddr *v, u64 now,
			    struct mlt_vaddr_info *info)
{
	mlt_vaddr_fill(v, now, info);
	v->used = now;
	list_move_tail(&v->lru, &mn->vaddr_lru);
}

/*
 * A new entry for @name: a fresh one while the table has room, else the
 * one idle longest, renamed. Called with vaddr_lock held.
 */
static struct mlt_vaddr *mlt_vaddr_new(struct mlt_net *mn, const char *name)
{
	struct mlt_vaddr *v;
	unsigned int i;
	u32 index;
	int ret;

	if (mn->vaddr_count >= MLT_VADDRS_MAX) {
		v = list_first_entry(&mn->vaddr_lru, struct mlt_vaddr, lru);
		hash_del(&v->node);
		atomic64_inc(&mn->vaddrs_reclaimed);
	} else {
		v = kzalloc(sizeof(*v), GFP_KERNEL_ACCOUNT);
		if (!v)
			return ERR_PTR(-ENOMEM);
		ret = xa_alloc_cyclic(&mn->vaddr_index, &index, v,
				      XA_LIMIT(1, MLT_VADDR_INDEX_MAX),
				      &mn->vaddr_next, GFP_KERNEL_ACCOUNT);
		if (ret < 0) {
			kfree(v);
			return ERR_PTR(ret);
		}
		v->index = index;
		list_add_tail(&v->lru, &mn->vaddr_lru);
		WRITE_ONCE(mn->vaddr_count, mn->vaddr_count + 1);
	}
	strscpy(v->name, name, sizeof(v->name));
	v->used = mlt_now();	/* no lookup before this one: idle 0 */
	for (i = 0; i < MLT_VADDR_UIDS; i++)
		v->uids[i] = INVALID_UID;
	v->next_uid = 0;
	hash_add(mn->vaddr_names, &v->node, jhash(name, strlen(name), 0));
	return v;
}

/**
 * mlt_vaddr_get() - the virtual address of a name, given now if need be
 * @mn: the namespace
 * @name: a valid directory name
 * @uid: who asks; it may read the name back from the address afterwards
 * @info: filled in on success
 *
 * A name without an address gets one only if the directory has a live
 * positive entry for it. A name with a negative entry fails as connect()
 * to it would, whether it holds an address or not.
 *
 * Return: 0; -ENODATA if the directory has no entry and the name no
 * address; the negative entry's errno; or -ENOMEM.
 */
int mlt_vaddr_get(struct mlt_net *mn, const char *name, kuid_t uid,
		  struct mlt_vaddr_info *info)
{
	struct mlt_dir_entry *e;
	struct mlt_vaddr *v;
	u64 now = mlt_now();
	int dir_err = 0;
	bool live;

	rcu_read_lock();
	e = mlt_dir_lookup_rcu(mn, name, now);
	live = e;
	if (e && e->error)
		dir_err = mlt_dir_errno(e->error);
	rcu_read_unlock();
	if (dir_err)
		return dir_err;

	mutex_lock(&mn->vaddr_lock);
	v = mlt_vaddr_find(mn, name);
	if (!v)
		v = live ? mlt_vaddr_new(mn, name) : ERR_PTR(-ENODATA);
	if (!IS_ERR(v)) {
		if (!mlt_vaddr_asked_by(v, uid)) {
			v->uids[v->next_uid] = uid;
			v->next_uid = (v->next_uid + 1) % MLT_VADDR_UIDS;
		}
		mlt_vaddr_touch(mn, v, now, info);
	}
	mutex_unlock(&mn->vaddr_lock);
	return PTR_ERR_OR_ZERO(v);
}

/**
 * mlt_vaddr_lookup() - the name a virtual address stands for
 * @mn: the namespace
 * @index: from mlt_vaddr_index4() or mlt_vaddr_index6()
 * @uid: who asks
 * @admin: whether it has CAP_NET_ADMIN for the namespace
 * @info: filled in on success
 *
 * Return: 0, or -ENOENT if no name holds @index or @uid may not know it.
 */
int mlt_vaddr_lookup(struct mlt_net *mn, u32 index, kuid_t uid, bool admin,
		     struct mlt_vaddr_info *info)
{
	struct mlt_vaddr *v;
	int ret = -ENOENT;

	mutex_lock(&mn->vaddr_lock);
	v = index ? xa_load(&mn->vaddr_index, index) : NULL;
	if (v && (admin || mlt_vaddr_asked_by(v, uid))) {
		mlt_vaddr_touch(mn, v, mlt_now(), info);
		ret = 0;
	}
	mutex_unlock(&mn->vaddr_lock);
	return ret;
}

/**
 * mlt_vaddr_next() - walk the table in index order, for a dump
 * @mn: the namespace
 * @index: the first index to consider; on success, the one found
 * @info: filled in on success, without changing the entry's idle time
 *
 * Return: true if an entry at or after *@index was found.
 */
bool mlt_vaddr_next(struct mlt_net *mn, unsigned long *index,
		    struct mlt_vaddr_info *info)
{
	struct mlt_vaddr *v;

	mutex_lock(&mn->vaddr_lock);
	v = xa_find(&mn->vaddr_index, index, MLT_VADDR_INDEX_MAX, XA_PRESENT);
	if (v)
		mlt_vaddr_fill(v, mlt_now(), info);
	mutex_unlock(&mn->vaddr_lock);
	return v;
}
