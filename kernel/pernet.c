// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state.
 */
#include <linux/ktime.h>
#include <linux/random.h>
#include <linux/timekeeping.h>
#include <net/netns/generic.h>

#include "minimalt.h"

static unsigned int mlt_net_id __read_mostly;

struct mlt_net *mlt_pernet(const struct net *net)
{
	return net_generic(net, mlt_net_id);
}

/* Expiry times count in boottime ns: wall-clock steps do not move them. */
u64 mlt_now(void)
{
	return ktime_get_boottime_ns();
}

/* What netlink reports: whole seconds until @expires, rounded up. */
u32 mlt_seconds_left(u64 expires, u64 now)
{
	return expires > now ? DIV_ROUND_UP_ULL(expires - now, NSEC_PER_SEC) : 0;
}

/* Expire directory entries and ephemeral keys, then sleep until the next. */
static void mlt_gc_work(struct work_struct *work)
{
	struct mlt_net *mn = container_of(to_delayed_work(work), struct mlt_net,
					  gc_work);
	u64 now = mlt_now(), dir, eph, next;

	mutex_lock(&mn->config_lock);
	dir = mlt_dir_expire(mn, now);
	eph = mlt_eph_expire(mn, now);
	mlt_rcache_expire(mn, now);
	next = dir && eph ? min(dir, eph) : max(dir, eph);
	mn->gc_next = 0;
	if (next)
		mlt_gc_schedule(mn, next);
	mutex_unlock(&mn->config_lock);
}

/*
 * Make sure the GC runs by @expires (boottime ns). Rescheduling only
 * when @expires is earlier than the planned run keeps additions O(1).
 * Called with config_lock held.
 */
void mlt_gc_schedule(struct mlt_net *mn, u64 expires)
{
	u64 now = mlt_now();

	lockdep_assert_held(&mn->config_lock);
	if (mn->gc_next && mn->gc_next <= expires)
		return;
	mn->gc_next = expires;
	mod_delayed_work(system_wq, &mn->gc_work,
			 expires > now ? nsecs_to_jiffies(expires - now) + 1 : 0);
}

static int __net_init mlt_net_init(struct net *net)
{
	struct mlt_net *mn = mlt_pernet(net);

	mn->net = net;
	mutex_init(&mn->config_lock);
	hash_init(mn->dir);
	/* Odd, so never 0: a dump's consistency check ignores 0. */
	mn->dir_gen = 1;
	INIT_DELAYED_WORK(&mn->gc_work, mlt_gc_work);
	atomic_set(&mn->sockets, 0);
	atomic64_set(&mn->identity_changes, 0);
	atomic64_set(&mn->eph_wiped, 0);
	mn->udp_port = MLT_UDP_PORT_DEFAULT;
	mn->tunnel_timeout_ms = MLT_TUNNEL_TIMEOUT_DEFAULT;
	mn->tunnel_limit = MLT_TUNNEL_LIMIT_DEFAULT;
	mn->client_tunnel_limit = MLT_CLIENT_TUNNEL_LIMIT_DEFAULT;
	mn->user_tunnel_quota = MLT_USER_TUNNEL_QUOTA_DEFAULT;
	mn->user_resolve_quota = MLT_USER_RESOLVE_QUOTA_DEFAULT;
	mn->replay_cache_limit = MLT_REPLAY_CACHE_LIMIT_DEFAULT;
	mn->conn_limit = MLT_CONN_LIMIT_DEFAULT;
	mn->cc_algo = MLT_CC_CUBIC;
	mn->rmem_max = MLT_RMEM_MAX_DEFAULT;
	mn->wmem_max = MLT_WMEM_MAX_DEFAULT;
	mn->open_rate = MLT_OPEN_RATE_DEFAULT;
	mn->open_burst = MLT_OPEN_BURST_DEFAULT;
	mn->src_prefix4 = MLT_SOURCE_PREFIX4_DEFAULT;
	mn->src_prefix6 = MLT_SOURCE_PREFIX6_DEFAULT;
	mn->halfopen_limit = MLT_HALFOPEN_LIMIT_DEFAULT;
	mn->unpriv_service_start = MLT_UNPRIV_SERVICE_START_DEFAULT;
	spin_lock_init(&mn->eph_lock);
	spin_lock_init(&mn->tunnels_lock);
	mn->hash_seed = get_random_u32();
	hash_init(mn->tunnels);
	mn->tunnels_gen = 1;	/* as dir_gen: never 0 */
	hash_init(mn->clients);
	hash_init(mn->users);
	atomic_set(&mn->tunnels_live, 0);
	spin_lock_init(&mn->listen_lock);
	hash_init(mn->listeners);
	mlt_resolve_init(mn);
	mlt_vaddr_init(mn);
	mlt_openq_init(mn);
	mlt_halfopen_init(mn);
	mlt_rcache_init(mn);
	spin_lock_init(&mn->puzzle_lock);
	mn->puzzle_mode = MLT_PUZZLE_MODE_AUTO;
	return 0;
}

static void __net_exit mlt_net_exit(struct net *net)
{
	struct mlt_net *mn = mlt_pernet(net);

	/* Sockets pin their namespace, so none is left by now. */
	WARN_ON_ONCE(atomic_read(&mn->sockets));
	mutex_lock(&mn->config_lock);
	mlt_udp_close(mn);
	mutex_unlock(&mn->config_lock);
	mlt_openq_flush(mn);
	mlt_tunnels_flush(mn);
	mlt_limiter_free(mn);
	cancel_delayed_work_sync(&mn->gc_work);
	mlt_resolve_exit(mn);
	mlt_dir_flush(mn);
	mlt_vaddr_exit(mn);
	mlt_eph_flush(mn);
	mlt_identity_clear(mn);
	mlt_puzzle_wipe(mn);
	mutex_destroy(&mn->config_lock);
}

static struct pernet_operations mlt_net_ops = {
	.init = mlt_net_init,
	.exit = mlt_net_exit,
	.id = &mlt_net_id,
	.size = sizeof(struct mlt_net),
};

int mlt_pernet_init(void)
{
	return register_pernet_subsys(&mlt_net_ops);
}

void mlt_pernet_exit(void)
{
	unregister_pernet_subsys(&mlt_net_ops);
}
