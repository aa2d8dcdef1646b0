// SPDX-License-Identifier: GPL-2.0
/*
 * On-demand resolution. connect() to a name the directory lacks asks a
 * userspace resolver (namecoind-helper) for it: MLT_CMD_RESOLVE goes to the
 * "resolve" multicast group, and the socket waits, in state TCP_SYN_SENT,
 * until the resolver installs an entry for the name, positive or negative,
 * or until the namespace's resolve timeout. One request per name is in
 * flight at a time, however many sockets wait for it.
 *
 * A worker finishes the waiting sockets: a directory change or a deadline
 * runs it, and it hands each socket whose name got an entry, or whose time
 * is up, to mlt_sock_resolved() (connect.c) outside resolve_lock.
 */
#include <linux/slab.h>

#include "sock.h"

/* A name asked of the resolver and not answered yet. */
struct mlt_pending {
	struct list_head node;
	u64 deadline;		/* boottime ns */
	kuid_t uid;		/* who asked first: the request counts for it */
	bool exempt;		/* it had CAP_NET_ADMIN: it counts for nobody */
	char name[MLT_NAME_MAX];
};

/* Names @p's user has waiting; resolve_lock held. */
static unsigned int mlt_pending_of(struct mlt_net *mn,
				   const struct mlt_pending *fresh)
{
	struct mlt_pending *p;
	unsigned int n = 0;

	list_for_each_entry(p, &mn->resolve_pending, node)
		if (!p->exempt && uid_eq(p->uid, fresh->uid))
			n++;
	return n;
}

int mlt_dir_errno(u8 error)
{
	switch (error) {
	case MLT_DIR_ERR_NO_NAME:
		return -ENOENT;
	case MLT_DIR_ERR_EXPIRED:
		return -EKEYEXPIRED;
	case MLT_DIR_ERR_NO_RECORD:
		return -ENOKEY;
	case MLT_DIR_ERR_INVALID:
		return -EKEYREJECTED;
	case MLT_DIR_ERR_UNAVAILABLE:
		return -ENETDOWN;
	}
	return -EHOSTUNREACH;
}

static struct mlt_pending *mlt_pending_find(struct mlt_net *mn,
					    const char *name)
{
	struct mlt_pending *p;

	lockdep_assert_held(&mn->resolve_lock);
	list_for_each_entry(p, &mn->resolve_pending, node)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

static void mlt_pending_free(struct mlt_net *mn, struct mlt_pending *p)
{
	list_del(&p->node);
	mn->resolve_pending_count--;
	kfree(p);
}

/* Drop the requests whose time is up; the earliest deadline left, or 0. */
static u64 mlt_pending_expire(struct mlt_net *mn, u64 now)
{
	struct mlt_pending *p, *tmp;
	u64 next = 0;

	list_for_each_entry_safe(p, tmp, &mn->resolve_pending, node) {
		if (p->deadline <= now)
			mlt_pending_free(mn, p);
		else if (!next || p->deadline < next)
			next = p->deadline;
	}
	return next;
}

/* Run the worker in @delay_ns; resolve_lock held. */
static void mlt_resolve_arm(struct mlt_net *mn, u64 delay_ns)
{
	lockdep_assert_held(&mn->resolve_lock);
	mod_delayed_work(system_wq, &mn->resolve_work,
			 nsecs_to_jiffies(delay_ns) + (delay_ns ? 1 : 0));
}

/*
 * List @fresh as asked, into *@deadline its deadline. Return: 0; 1 if its
 * name is asked already (with that request's deadline); or an errno.
 */
static int mlt_pending_add(struct net *net, struct mlt_net *mn,
			   struct mlt_pending *fresh, u64 now, u64 *deadline)
{
	struct mlt_pending *p;
	int ret = 0;

	spin_lock(&mn->resolve_lock);
	mlt_pending_expire(mn, now);
	p = mlt_pending_find(mn, fresh->name);
	if (p) {
		*deadline = p->deadline;
		ret = 1;
	} else if (!mlt_netlink_has_resolver(net)) {
		ret = -EHOSTUNREACH;
	} else if (mn->resolve_pending_count >= MLT_RESOLVE_PENDING_MAX) {
		ret = -EAGAIN;
	} else if (!fresh->exempt && mlt_pending_of(mn, fresh) >=
		   READ_ONCE(mn->user_resolve_quota)) {
		atomic64_inc(&mn->quota_refused);
		ret = -EAGAIN;
	} else {
		list_add_tail(&fresh->node, &mn->resolve_pending);
		mn->resolve_pending_count++;
		/* The worker finds the earliest deadline itself. */
		mlt_resolve_arm(mn, 0);
		*deadline = fresh->deadline;
	}
	spin_unlock(&mn->resolve_lock);
	return ret;
}

/**
 * mlt_resolve_request() - ask the resolver for @name, unless already asked
 * @net: the namespace
 * @name: a directory name, checked by the caller
 * @deadline: out, when the request times out (boottime ns)
 * @uid: who asks
 * @exempt: it has CAP_NET_ADMIN in the namespace's user namespace
 *
 * A new name counts for @uid until it is answered or times out: a user
 * without @exempt has at most MLT_A_USER_RESOLVE_QUOTA names waiting. A
 * name already waiting is no new request.
 *
 * Return: 0; -EHOSTUNREACH with no resolver listening; -EAGAIN with
 * MLT_RESOLVE_PENDING_MAX names already waiting, or @uid's quota;
 * -ENOMEM.
 */
int mlt_resolve_request(struct net *net, const char *name, u64 *deadline,
			kuid_t uid, bool exempt)
{
	struct mlt_net *mn = mlt_pernet(net);
	struct mlt_pending *p, *fresh;
	u64 now = mlt_now();
	int ret;

	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
	if (!fresh)
		return -ENOMEM;
	strscpy(fresh->name, name, sizeof(fresh->name));
	fresh->uid = uid;
	fresh->exempt = exempt;
	fresh->deadline = now + (u64)READ_ONCE(mn->resolve_timeout_ms) *
			  NSEC_PER_MSEC;

	ret = mlt_pending_add(net, mn, fresh, now, deadline);
	if (ret) {
		kfree(fresh);
		return ret == 1 ? 0 : ret;
	}

	ret = mlt_netlink_resolve_request(net, name);
	if (!ret) {
		atomic64_inc(&mn->resolve_requests);
		return 0;
	}
	/* The resolver left, or no memory: take the request back. */
	spin_lock(&mn->resolve_lock);
	p = mlt_pending_find(mn, name);
	if (p)
		mlt_pending_free(mn, p);
	spin_unlock(&mn->resolve_lock);
	return ret == -ESRCH ? -EHOSTUNREACH : ret;
}

/**
 * mlt_resolve_wait_sock() - let @ms wait for its name
 * @mn: the namespace
 * @ms: a socket, locked, in TCP_SYN_SENT; ms->peer holds the name
 * @deadline: from mlt_resolve_request()
 */
void mlt_resolve_wait_sock(struct mlt_net *mn, struct mlt_sock *ms,
			   u64 deadline)
{
	spin_lock(&mn->resolve_lock);
	ms->resolve_deadline = deadline;
	ms->resolving = true;
	list_add_tail(&ms->resolve_node, &mn->resolving);
	/* The answer may have come before the socket was listed. */
	mlt_resolve_arm(mn, 0);
	spin_unlock(&mn->resolve_lock);
}

/* @ms, locked, stops waiting: it is being closed. */
void mlt_resolve_cancel_sock(struct mlt_net *mn, struct mlt_sock *ms)
{
	spin_lock(&mn->resolve_lock);
	if (ms->resolving) {
		list_del_init(&ms->resolve_node);
		ms->resolving = false;
	}
	spin_unlock(&mn->resolve_lock);
}

/* The directory has a new entry for @name: end its request; the worker
 * completes the sockets waiting for it.
 */
void mlt_resolve_answered(struct mlt_net *mn, const char *name)
{
	struct mlt_pending *p;

	spin_lock(&mn->resolve_lock);
	p = mlt_pending_find(mn, name);
	if (p)
		mlt_pending_free(mn, p);
	if (!list_empty(&mn->resolving))
		mlt_resolve_arm(mn, 0);
	spin_unlock(&mn->resolve_lock);
}

static void mlt_resolve_work(struct work_struct *work)
{
	struct mlt_net *mn = container_of(to_delayed_work(work),
					  struct mlt_net, resolve_work);
	struct mlt_sock *ms, *tmp;
	u64 now = mlt_now(), next;
	bool found;
	LIST_HEAD(done);

	spin_lock(&mn->resolve_lock);
	next = mlt_pending_expire(mn, now);
	list_for_each_entry_safe(ms, tmp, &mn->resolving, resolve_node) {
		rcu_read_lock();
		found = mlt_dir_lookup_rcu(mn, ms->peer.smlt_name, now);
		rcu_read_unlock();
		if (found || ms->resolve_deadline <= now) {
			ms->resolving = false;
			sock_hold(&ms->sk);
			list_move_tail(&ms->resolve_node, &done);
		} else if (!next || ms->resolve_deadline < next) {
			next = ms->resolve_deadline;
		}
	}
	if (next)
		mlt_resolve_arm(mn, next - now);
	spin_unlock(&mn->resolve_lock);

	list_for_each_entry_safe(ms, tmp, &done, resolve_node) {
		list_del_init(&ms->resolve_node);
		mlt_sock_resolved(ms);
		sock_put(&ms->sk);
	}
}

void mlt_resolve_init(struct mlt_net *mn)
{
	spin_lock_init(&mn->resolve_lock);
	INIT_LIST_HEAD(&mn->resolve_pending);
	INIT_LIST_HEAD(&mn->resolving);
	INIT_DELAYED_WORK(&mn->resolve_work, mlt_resolve_work);
	mn->resolve_timeout_ms = MLT_RESOLVE_TIMEOUT_DEFAULT;
}

/*
 * The namespace is going away. Every socket held a reference to it, so
 * none waits any more; only requests can be left.
 */
void mlt_resolve_exit(struct mlt_net *mn)
{
	cancel_delayed_work_sync(&mn->resolve_work);
	WARN_ON(!list_empty(&mn->resolving));
	spin_lock(&mn->resolve_lock);
	mlt_pending_expire(mn, U64_MAX);
	spin_unlock(&mn->resolve_lock);
}
