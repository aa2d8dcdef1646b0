// SPDX-License-Identifier: GPL-2.0
/*
 * The "minimalt" generic netlink family: its registration, multicast groups,
 * status and configuration. Documentation/netlink/specs/minimalt.yaml is the
 * specification; minimalt_gen.c, generated from it, holds the attribute
 * policies and the op table. The directory and resolver commands are in
 * netlink_dir.c, the key commands in netlink_keys.c, the tunnel dump in
 * netlink_tunnel.c, the virtual addresses in netlink_vaddr.c.
 */
#include <linux/stddef.h>
#include <net/genetlink.h>

#include "minimalt.h"
#include "netlink.h"

/*
 * The names asked for are the namespace's business: the listeners of both
 * groups need admin, since the directory's changes tell which names its
 * users resolve. Anyone may still look up one name (dir-get do). (The
 * generator cannot state GENL_MCAST_CAP_NET_ADMIN: the groups are here.)
 */
static const struct genl_multicast_group mlt_mcgrps[] = {
	[MINIMALT_NLGRP_RESOLVE] = {
		.name = MLT_MCGRP_RESOLVE,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
	[MINIMALT_NLGRP_DIR] = {
		.name = MLT_MCGRP_DIR,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

struct genl_family mlt_genl_family __ro_after_init = {
	.name = MLT_GENL_NAME,
	.version = MLT_GENL_VERSION,
	.maxattr = ARRAY_SIZE(minimalt_nl_policy) - 1,
	.policy = minimalt_nl_policy,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.small_ops = minimalt_nl_ops,
	.n_small_ops = ARRAY_SIZE(minimalt_nl_ops),
	.mcgrps = mlt_mcgrps,
	.n_mcgrps = ARRAY_SIZE(mlt_mcgrps),
};

/*
 * NL_SET_ERR_MSG_ATTR() takes only a literal; this takes any string that
 * outlives the request, such as mlt_name_check()'s answers.
 */
void mlt_extack(struct netlink_ext_ack *extack, const struct nlattr *attr,
		const char *msg)
{
	if (extack) {
		extack->_msg = msg;
		extack->bad_attr = attr;
	}
}

static u64 mlt_stat_sockets(struct mlt_net *mn)
{
	return atomic_read(&mn->sockets);
}

static u64 mlt_stat_dir_entries(struct mlt_net *mn)
{
	unsigned int n;

	mutex_lock(&mn->config_lock);
	n = mn->dir_count;
	mutex_unlock(&mn->config_lock);
	return n;
}

static u64 mlt_stat_eph_keys(struct mlt_net *mn)
{
	unsigned int n;

	mutex_lock(&mn->config_lock);
	n = mlt_eph_count(mn, mlt_now());
	mutex_unlock(&mn->config_lock);
	return n;
}

static u64 mlt_stat_tunnels(struct mlt_net *mn)
{
	return mlt_tunnel_count(mn);
}

static u64 mlt_stat_client_tunnels(struct mlt_net *mn)
{
	return READ_ONCE(mn->client_count);
}

static u64 mlt_stat_vaddrs(struct mlt_net *mn)
{
	return READ_ONCE(mn->vaddr_count);
}

static u64 mlt_stat_replay_cache(struct mlt_net *mn)
{
	return READ_ONCE(mn->cprime_count);
}

static u64 mlt_stat_halfopen(struct mlt_net *mn)
{
	return READ_ONCE(mn->halfopen_count);
}

static u64 mlt_stat_conns(struct mlt_net *mn)
{
	return atomic_read(&mn->conns);
}

static u64 mlt_stat_reorder_bytes(struct mlt_net *mn)
{
	return atomic_long_read(&mn->reorder_bytes);
}

static u64 mlt_stat_drops(struct mlt_net *mn)
{
	u64 sum = 0;
	int i;

	for (i = MLT_DROP_NONE + 1; i < __MLT_DROP_MAX; i++)
		sum += atomic64_read(&mn->drops[i]);
	return sum;
}

/*
 * One counter of MLT_A_STATS: an atomic64_t of struct mlt_net at @offset,
 * or, when @get is set, what it computes.
 */
struct mlt_nl_stat {
	u16 attr;
	size_t offset;
	u64 (*get)(struct mlt_net *mn);
};

#define MLT_STAT_FIELD(a, field)					\
	{ .attr = MLT_STAT_##a, .offset = offsetof(struct mlt_net, field) }
#define MLT_STAT_FUNC(a, fn)	{ .attr = MLT_STAT_##a, .get = fn }

static const struct mlt_nl_stat mlt_nl_stats[] = {
	MLT_STAT_FUNC(SOCKETS, mlt_stat_sockets),
	MLT_STAT_FIELD(IDENTITY_CHANGES, identity_changes),
	MLT_STAT_FUNC(DIR_ENTRIES, mlt_stat_dir_entries),
	MLT_STAT_FUNC(EPH_KEYS, mlt_stat_eph_keys),
	MLT_STAT_FIELD(EPH_WIPED, eph_wiped),
	MLT_STAT_FUNC(TUNNELS, mlt_stat_tunnels),
	MLT_STAT_FUNC(CONNS, mlt_stat_conns),
	MLT_STAT_FIELD(TUNNELS_OPENED, tunnels_opened),
	MLT_STAT_FIELD(TX_PACKETS, tx_packets),
	MLT_STAT_FIELD(RX_PACKETS, rx_packets),
	MLT_STAT_FIELD(RETRANSMITS, retransmits),
	MLT_STAT_FIELD(TUNNELS_TIMED_OUT, tunnels_timed_out),
	MLT_STAT_FUNC(DROPS, mlt_stat_drops),
	MLT_STAT_FIELD(RESOLVE_REQUESTS, resolve_requests),
	MLT_STAT_FIELD(RESOLVE_TIMEOUTS, resolve_timeouts),
	MLT_STAT_FIELD(RTO_EXPIRED, rto_expired),
	MLT_STAT_FIELD(TLP_PROBES, tlp_probes),
	MLT_STAT_FIELD(SPURIOUS_UNDOS, spurious_undos),
	MLT_STAT_FIELD(REJECTS_SENT, rejects_sent),
	MLT_STAT_FIELD(TUNNELS_REJECTED, tunnels_rejected),
	MLT_STAT_FIELD(AMP_LIMITED, amp_limited),
	MLT_STAT_FUNC(HALFOPEN, mlt_stat_halfopen),
	MLT_STAT_FIELD(HALFOPEN_EVICTED, halfopen_evicted),
	MLT_STAT_FIELD(PUZZLES_SENT, puzzles_sent),
	MLT_STAT_FIELD(PUZZLES_CHECKED, puzzles_checked),
	MLT_STAT_FIELD(PUZZLES_SOLVED, puzzles_solved),
	MLT_STAT_FUNC(CLIENT_TUNNELS, mlt_stat_client_tunnels),
	MLT_STAT_FIELD(QUOTA_REFUSED, quota_refused),
	MLT_STAT_FUNC(REPLAY_CACHE, mlt_stat_replay_cache),
	MLT_STAT_FIELD(EPH_RETIRED, eph_retired),
	MLT_STAT_FIELD(KEY_MOVED_SENT, key_moved_sent),
	MLT_STAT_FIELD(TUNNELS_MOVED, tunnels_moved),
	MLT_STAT_FUNC(REORDER_BYTES, mlt_stat_reorder_bytes),
	MLT_STAT_FUNC(VADDRS, mlt_stat_vaddrs),
	MLT_STAT_FIELD(VADDRS_RECLAIMED, vaddrs_reclaimed),
};

static u64 mlt_nl_stat_value(struct mlt_net *mn, const struct mlt_nl_stat *s)
{
	if (s->get)
		return s->get(mn);
	return atomic64_read((atomic64_t *)((u8 *)mn + s->offset));
}

static int mlt_nl_put_stats(struct sk_buff *msg, struct mlt_net *mn)
{
	const struct mlt_nl_stat *s;
	struct nlattr *nest;

	nest = nla_nest_start(msg, MLT_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (s = mlt_nl_stats; s < mlt_nl_stats + ARRAY_SIZE(mlt_nl_stats); s++) {
		if (nla_put_u64_64bit(msg, s->attr, mlt_nl_stat_value(mn, s),
				      MLT_STAT_PAD)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * A nest @attrtype of one u64 per reason 1..@n - 1 of @counters, zeros
 * included, attribute type = reason (MLT_A_DROPS, MLT_A_TX_ERRORS). Type 0,
 * the "none" reason, pads.
 */
static int mlt_nl_put_reasons(struct sk_buff *msg, int attrtype,
			      const atomic64_t *counters, int n)
{
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(msg, attrtype);
	if (!nest)
		return -EMSGSIZE;
	for (i = 1; i < n; i++) {
		if (nla_put_u64_64bit(msg, i, atomic64_read(&counters[i]), 0)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* The public key and the values MLT_CMD_SET_CONFIG sets. */
static int mlt_nl_put_config(struct sk_buff *msg, struct mlt_net *mn)
{
	int ret = -EMSGSIZE;

	mutex_lock(&mn->config_lock);
	if (mn->identity.valid &&
	    nla_put(msg, MLT_A_PUBLIC_KEY, MLT_KEY_LEN,
		    mn->identity.public_key))
		goto out;
	if (nla_put_u16(msg, MLT_A_UDP_PORT, mn->udp_port) ||
	    nla_put_u32(msg, MLT_A_TUNNEL_TIMEOUT, mn->tunnel_timeout_ms) ||
	    nla_put_u32(msg, MLT_A_RESOLVE_TIMEOUT, mn->resolve_timeout_ms) ||
	    nla_put_u32(msg, MLT_A_TUNNEL_LIMIT, mn->tunnel_limit) ||
	    nla_put_u32(msg, MLT_A_CONN_LIMIT, mn->conn_limit) ||
	    nla_put_u32(msg, MLT_A_CC, mn->cc_algo) ||
	    nla_put_u32(msg, MLT_A_RMEM_MAX, mn->rmem_max) ||
	    nla_put_u32(msg, MLT_A_WMEM_MAX, mn->wmem_max) ||
	    nla_put_u32(msg, MLT_A_OPEN_RATE, mn->open_rate) ||
	    nla_put_u32(msg, MLT_A_OPEN_BURST, mn->open_burst) ||
	    nla_put_u32(msg, MLT_A_SOURCE_PREFIX4, mn->src_prefix4) ||
	    nla_put_u32(msg, MLT_A_SOURCE_PREFIX6, mn->src_prefix6) ||
	    nla_put_u32(msg, MLT_A_HALFOPEN_LIMIT, mn->halfopen_limit) ||
	    nla_put_u32(msg, MLT_A_UNPRIV_SERVICE_START,
			mn->unpriv_service_start) ||
	    nla_put_u32(msg, MLT_A_PUZZLE_MODE, mn->puzzle_mode) ||
	    nla_put_u32(msg, MLT_A_CLIENT_TUNNEL_LIMIT,
			mn->client_tunnel_limit) ||
	    nla_put_u32(msg, MLT_A_USER_TUNNEL_QUOTA, mn->user_tunnel_quota) ||
	    nla_put_u32(msg, MLT_A_USER_RESOLVE_QUOTA,
			mn->user_resolve_quota) ||
	    nla_put_u32(msg, MLT_A_REPLAY_CACHE_LIMIT, mn->replay_cache_limit))
		goto out;
	ret = 0;
out:
	mutex_unlock(&mn->config_lock);
	return ret;
}

int minimalt_nl_get_status_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlt_net *mn = mlt_pernet(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;
	int ret;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &mlt_genl_family, 0,
				MLT_CMD_GET_STATUS);
	ret = -EMSGSIZE;
	if (!hdr || nla_put_u32(msg, MLT_A_FAMILY, mlt_family))
		goto err;
	ret = mlt_nl_put_config(msg, mn);
	if (!ret)
		ret = mlt_nl_put_stats(msg, mn);
	if (!ret)
		ret = mlt_nl_put_reasons(msg, MLT_A_DROPS, mn->drops,
					 __MLT_DROP_MAX);
	if (!ret)
		ret = mlt_nl_put_reasons(msg, MLT_A_TX_ERRORS, mn->tx_errors,
					 __MLT_TX_ERR_MAX);
	if (ret)
		goto err;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err:
	nlmsg_free(msg);
	return ret;
}

/* Move the namespace to UDP port @port; under config_lock. */
static int mlt_nl_set_port(struct net *net, struct mlt_net *mn, u16 port)
{
	if (port == mn->udp_port)
		return 0;
	/* Open sockets move now; closed ones open on it later. */
	if (mn->udp4 || mn->udp6)
		return mlt_udp_open(net, mn, port);
	WRITE_ONCE(mn->udp_port, port);
	return 0;
}

static const int mlt_nl_config_attrs[] = {
	MLT_A_UDP_PORT, MLT_A_TUNNEL_TIMEOUT, MLT_A_RESOLVE_TIMEOUT,
	MLT_A_TUNNEL_LIMIT, MLT_A_CONN_LIMIT, MLT_A_CC,
	MLT_A_RMEM_MAX, MLT_A_WMEM_MAX, MLT_A_OPEN_RATE, MLT_A_OPEN_BURST,
	MLT_A_SOURCE_PREFIX4, MLT_A_SOURCE_PREFIX6, MLT_A_HALFOPEN_LIMIT,
	MLT_A_UNPRIV_SERVICE_START, MLT_A_PUZZLE_MODE,
	MLT_A_CLIENT_TUNNEL_LIMIT, MLT_A_USER_TUNNEL_QUOTA,
	MLT_A_USER_RESOLVE_QUOTA, MLT_A_REPLAY_CACHE_LIMIT,
};

/* A u32 setting, if given. */
static void mlt_nl_set_u32(u32 *v, struct nlattr **attrs, int type)
{
	if (attrs[type])
		WRITE_ONCE(*v, nla_get_u32(attrs[type]));
}

static bool mlt_nl_config_given(struct nlattr **attrs)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(mlt_nl_config_attrs); i++)
		if (attrs[mlt_nl_config_attrs[i]])
			return true;
	return false;
}

/* The values other than the port, which cannot fail; under config_lock. */
static void mlt_nl_set_values(struct mlt_net *mn, struct nlattr **attrs)
{
	mlt_nl_set_u32(&mn->tunnel_timeout_ms, attrs, MLT_A_TUNNEL_TIMEOUT);
	mlt_nl_set_u32(&mn->resolve_timeout_ms, attrs, MLT_A_RESOLVE_TIMEOUT);
	mlt_nl_set_u32(&mn->tunnel_limit, attrs, MLT_A_TUNNEL_LIMIT);
	mlt_nl_set_u32(&mn->conn_limit, attrs, MLT_A_CONN_LIMIT);
	/* Read when a tunnel is made: the tunnels open keep theirs. */
	mlt_nl_set_u32(&mn->cc_algo, attrs, MLT_A_CC);
	/* Caps autotuning reads: no buffer is resized here. */
	mlt_nl_set_u32(&mn->rmem_max, attrs, MLT_A_RMEM_MAX);
	mlt_nl_set_u32(&mn->wmem_max, attrs, MLT_A_WMEM_MAX);
	/* The defence of openings, read per opening. */
	mlt_nl_set_u32(&mn->open_rate, attrs, MLT_A_OPEN_RATE);
	mlt_nl_set_u32(&mn->open_burst, attrs, MLT_A_OPEN_BURST);
	mlt_nl_set_u32(&mn->src_prefix4, attrs, MLT_A_SOURCE_PREFIX4);
	mlt_nl_set_u32(&mn->src_prefix6, attrs, MLT_A_SOURCE_PREFIX6);
	mlt_nl_set_u32(&mn->halfopen_limit, attrs, MLT_A_HALFOPEN_LIMIT);
	mlt_nl_set_u32(&mn->puzzle_mode, attrs, MLT_A_PUZZLE_MODE);
	/* The quotas: read when a tunnel or a request is made. */
	mlt_nl_set_u32(&mn->client_tunnel_limit, attrs,
		       MLT_A_CLIENT_TUNNEL_LIMIT);
	mlt_nl_set_u32(&mn->user_tunnel_quota, attrs, MLT_A_USER_TUNNEL_QUOTA);
	mlt_nl_set_u32(&mn->user_resolve_quota, attrs,
		       MLT_A_USER_RESOLVE_QUOTA);
	/* Read per opening: a lower limit retires keys at the next one. */
	mlt_nl_set_u32(&mn->replay_cache_limit, attrs,
		       MLT_A_REPLAY_CACHE_LIMIT);
	/* Read by bind(): services bound already stay bound. */
	mlt_nl_set_u32(&mn->unpriv_service_start, attrs,
		       MLT_A_UNPRIV_SERVICE_START);
}

/*
 * Any of the attributes above. The policy has checked the values, so only
 * the port can fail, and it is applied first: a failure changes nothing.
 */
int minimalt_nl_set_config_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct mlt_net *mn = mlt_pernet(net);
	struct nlattr *port = info->attrs[MLT_A_UDP_PORT];
	int ret = 0;

	if (!mlt_nl_config_given(info->attrs)) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give a UDP port, a timeout, a limit, a congestion control, a buffer size or a defence setting");
		return -EINVAL;
	}

	mutex_lock(&mn->config_lock);
	if (port)
		ret = mlt_nl_set_port(net, mn, nla_get_u16(port));
	if (!ret)
		mlt_nl_set_values(mn, info->attrs);
	mutex_unlock(&mn->config_lock);

	if (ret == -EADDRINUSE)
		NL_SET_ERR_MSG_ATTR(info->extack, port,
				    "UDP port in use by another socket; nothing changed");
	else if (ret)
		NL_SET_ERR_MSG_ATTR(info->extack, port,
				    "cannot open UDP sockets on this port; nothing changed");
	return ret;
}

/*
 * Multicast message @cmd holding only MLT_A_DIR_NAME @name to @group of
 * @net. Return: 0, -ESRCH if nobody listens, -ENOMEM or -EMSGSIZE.
 */
int mlt_nl_multicast_name(struct net *net, u8 cmd, const char *name,
			  unsigned int group)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(nla_total_size(MLT_NAME_MAX), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &mlt_genl_family, 0, cmd);
	if (!hdr || nla_put_string(msg, MLT_A_DIR_NAME, name)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_multicast_netns(&mlt_genl_family, net, msg, 0, group,
				       GFP_KERNEL);
}

/* Whether a resolver in @net listens for MLT_CMD_RESOLVE. Any context. */
bool mlt_netlink_has_resolver(struct net *net)
{
	return genl_has_listeners(&mlt_genl_family, net,
				  MINIMALT_NLGRP_RESOLVE);
}

/*
 * Send MLT_CMD_RESOLVE for @name to the resolvers of @net.
 * Return: 0, -ESRCH if none listens, or -ENOMEM.
 */
int mlt_netlink_resolve_request(struct net *net, const char *name)
{
	return mlt_nl_multicast_name(net, MLT_CMD_RESOLVE, name,
				     MINIMALT_NLGRP_RESOLVE);
}

int __init mlt_netlink_init(void)
{
	return genl_register_family(&mlt_genl_family);
}

void mlt_netlink_exit(void)
{
	genl_unregister_family(&mlt_genl_family);
}
