// SPDX-License-Identifier: GPL-2.0
/*
 * The "minimalt" generic netlink family: configuration and status.
 * Documentation/netlink/specs/minimalt.yaml is the specification.
 */
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/ipv6.h>

#include "minimalt.h"
#include "name.h"

static const struct nla_policy mlt_item_policy[MLT_ITEM_MAX + 1] = {
	[MLT_ITEM_ADDR] = { .type = NLA_BINARY, .len = sizeof(struct in6_addr) },
	[MLT_ITEM_KEY] = NLA_POLICY_EXACT_LEN(MLT_KEY_LEN),
};

/* Not const: 6.1's policy holds a non-const pointer. */
static struct netlink_range_validation mlt_dir_lifetime_range = {
	.min = 1,
	.max = MLT_DIR_LIFETIME_MAX,
};

static struct netlink_range_validation mlt_eph_lifetime_range = {
	.min = MLT_EPH_LIFETIME_MIN,
	.max = MLT_EPH_LIFETIME_MAX,
};

static struct netlink_range_validation mlt_tunnel_timeout_range = {
	.min = MLT_TUNNEL_TIMEOUT_MIN,
	.max = MLT_TUNNEL_TIMEOUT_MAX,
};

static struct netlink_range_validation mlt_resolve_timeout_range = {
	.min = MLT_RESOLVE_TIMEOUT_MIN,
	.max = MLT_RESOLVE_TIMEOUT_MAX,
};

static const struct nla_policy mlt_policy[MLT_A_MAX + 1] = {
	[MLT_A_PRIVATE_KEY] = NLA_POLICY_EXACT_LEN(MLT_KEY_LEN),
	[MLT_A_PUBLIC_KEY] = NLA_POLICY_EXACT_LEN(MLT_KEY_LEN),
	[MLT_A_STATS] = { .type = NLA_NESTED },
	[MLT_A_FAMILY] = { .type = NLA_U32 },
	[MLT_A_DIR_NAME] = { .type = NLA_NUL_STRING, .len = MLT_NAME_MAX - 1 },
	[MLT_A_DIR_ADDRS] = NLA_POLICY_NESTED(mlt_item_policy),
	[MLT_A_DIR_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[MLT_A_DIR_IDENTITY] = NLA_POLICY_EXACT_LEN(MLT_KEY_LEN),
	[MLT_A_DIR_EPH_KEYS] = NLA_POLICY_NESTED(mlt_item_policy),
	[MLT_A_DIR_LIFETIME] = NLA_POLICY_FULL_RANGE(NLA_U32,
						     &mlt_dir_lifetime_range),
	[MLT_A_EPH_PUBLIC_KEY] = NLA_POLICY_EXACT_LEN(MLT_KEY_LEN),
	[MLT_A_EPH_LIFETIME] = NLA_POLICY_FULL_RANGE(NLA_U32,
						     &mlt_eph_lifetime_range),
	[MLT_A_EPH_AGE] = { .type = NLA_U32 },
	[MLT_A_DIR_REPLACE] = { .type = NLA_FLAG },
	[MLT_A_UDP_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[MLT_A_TUNNEL_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32,
						       &mlt_tunnel_timeout_range),
	[MLT_A_DROPS] = { .type = NLA_NESTED },
	[MLT_A_DIR_ERROR] = NLA_POLICY_RANGE(NLA_U32, MLT_DIR_ERR_NONE + 1,
					     MLT_DIR_ERR_MAX),
	[MLT_A_RESOLVE_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32,
							&mlt_resolve_timeout_range),
};

static struct genl_family mlt_genl_family;

/*
 * NL_SET_ERR_MSG_ATTR() takes only a literal; this takes any string that
 * outlives the request, such as mlt_name_check()'s answers.
 */
static void mlt_extack(struct netlink_ext_ack *extack,
		       const struct nlattr *attr, const char *msg)
{
	if (extack) {
		extack->_msg = msg;
		extack->bad_attr = attr;
	}
}

/* Wipe a secret the request carried, once it has been used. */
static void mlt_wipe_attr(struct nlattr *attr)
{
	if (attr)
		memzero_explicit(nla_data(attr), nla_len(attr));
}

static int mlt_nl_set_identity(struct sk_buff *skb, struct genl_info *info)
{
	struct mlt_net *mn = mlt_pernet(genl_info_net(info));
	struct nlattr *key;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MLT_A_PRIVATE_KEY))
		return -EINVAL;
	key = info->attrs[MLT_A_PRIVATE_KEY];

	mutex_lock(&mn->config_lock);
	ret = mlt_identity_set(&mn->identity, nla_data(key));
	mutex_unlock(&mn->config_lock);
	mlt_wipe_attr(key);

	if (ret) {
		NL_SET_ERR_MSG_ATTR(info->extack, key, "private key is all zero");
		return ret;
	}
	atomic64_inc(&mn->identity_changes);
	return 0;
}

static u64 mlt_nl_drops_total(struct mlt_net *mn)
{
	u64 sum = 0;
	int i;

	for (i = MLT_DROP_NONE + 1; i < __MLT_DROP_MAX; i++)
		sum += atomic64_read(&mn->drops[i]);
	return sum;
}

static int mlt_nl_put_stats(struct sk_buff *msg, struct mlt_net *mn)
{
	unsigned int dir_entries, eph_keys;
	struct nlattr *nest;

	mutex_lock(&mn->config_lock);
	dir_entries = mn->dir_count;
	eph_keys = mlt_eph_count(mn, mlt_now());
	mutex_unlock(&mn->config_lock);

	nest = nla_nest_start(msg, MLT_A_STATS);
	if (!nest)
		return -EMSGSIZE;

	if (nla_put_u64_64bit(msg, MLT_STAT_SOCKETS,
			      atomic_read(&mn->sockets), MLT_STAT_PAD) ||
	    nla_put_u64_64bit(msg, MLT_STAT_IDENTITY_CHANGES,
			      atomic64_read(&mn->identity_changes),
			      MLT_STAT_PAD) ||
	    nla_put_u64_64bit(msg, MLT_STAT_DIR_ENTRIES, dir_entries,
			      MLT_STAT_PAD) ||
	    nla_put_u64_64bit(msg, MLT_STAT_EPH_KEYS, eph_keys, MLT_STAT_PAD) ||
	    nla_put_u64_64bit(msg, MLT_STAT_EPH_WIPED,
			      atomic64_read(&mn->eph_wiped), MLT_STAT_PAD) ||
	    nla_put_u64_64bit(msg, MLT_STAT_TUNNELS, mlt_tunnel_count(mn),
			      MLT_STAT_PAD) ||
	    nla_put_u64_64bit(msg, MLT_STAT_CONNS, atomic_read(&mn->conns),
			      MLT_STAT_PAD) ||
	    nla_put_u64_64bit(msg, MLT_STAT_TUNNELS_OPENED,
			      atomic64_read(&mn->tunnels_opened),
			      MLT_STAT_PAD) ||
	    nla_put_u64_64bit(msg, MLT_STAT_TX_PACKETS,
			      atomic64_read(&mn->tx_packets), MLT_STAT_PAD) ||
	    nla_put_u64_64bit(msg, MLT_STAT_RX_PACKETS,
			      atomic64_read(&mn->rx_packets), MLT_STAT_PAD) ||
	    nla_put_u64_64bit(msg, MLT_STAT_RETRANSMITS,
			      atomic64_read(&mn->retransmits), MLT_STAT_PAD) ||
	    nla_put_u64_64bit(msg, MLT_STAT_TUNNELS_TIMED_OUT,
			      atomic64_read(&mn->tunnels_timed_out),
			      MLT_STAT_PAD) ||
	    nla_put_u64_64bit(msg, MLT_STAT_DROPS, mlt_nl_drops_total(mn),
			      MLT_STAT_PAD) ||
	    nla_put_u64_64bit(msg, MLT_STAT_RESOLVE_REQUESTS,
			      atomic64_read(&mn->resolve_requests),
			      MLT_STAT_PAD) ||
	    nla_put_u64_64bit(msg, MLT_STAT_RESOLVE_TIMEOUTS,
			      atomic64_read(&mn->resolve_timeouts),
			      MLT_STAT_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* One u64 per drop reason, zeros included, attribute type = reason. */
static int mlt_nl_put_drops(struct sk_buff *msg, struct mlt_net *mn)
{
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(msg, MLT_A_DROPS);
	if (!nest)
		return -EMSGSIZE;
	for (i = MLT_DROP_NONE + 1; i < __MLT_DROP_MAX; i++) {
		if (nla_put_u64_64bit(msg, i, atomic64_read(&mn->drops[i]),
				      MLT_DROP_NONE)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int mlt_nl_get_status(struct sk_buff *skb, struct genl_info *info)
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
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err;
	}

	ret = -EMSGSIZE;
	if (nla_put_u32(msg, MLT_A_FAMILY, mlt_family))
		goto err;

	mutex_lock(&mn->config_lock);
	if (mn->identity.valid &&
	    nla_put(msg, MLT_A_PUBLIC_KEY, MLT_KEY_LEN,
		    mn->identity.public_key)) {
		mutex_unlock(&mn->config_lock);
		goto err;
	}
	if (nla_put_u16(msg, MLT_A_UDP_PORT, mn->udp_port) ||
	    nla_put_u32(msg, MLT_A_TUNNEL_TIMEOUT, mn->tunnel_timeout_ms) ||
	    nla_put_u32(msg, MLT_A_RESOLVE_TIMEOUT, mn->resolve_timeout_ms)) {
		mutex_unlock(&mn->config_lock);
		goto err;
	}
	mutex_unlock(&mn->config_lock);

	ret = mlt_nl_put_stats(msg, mn);
	if (!ret)
		ret = mlt_nl_put_drops(msg, mn);
	if (ret)
		goto err;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err:
	nlmsg_free(msg);
	return ret;
}

/*
 * MLT_A_UDP_PORT, MLT_A_TUNNEL_TIMEOUT and MLT_A_RESOLVE_TIMEOUT, any of
 * them. The policy has checked the values, so only the port can fail, and
 * it is applied first: a failure changes nothing.
 */
static int mlt_nl_set_config(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct mlt_net *mn = mlt_pernet(net);
	struct nlattr *port = info->attrs[MLT_A_UDP_PORT];
	struct nlattr *timeout = info->attrs[MLT_A_TUNNEL_TIMEOUT];
	struct nlattr *resolve = info->attrs[MLT_A_RESOLVE_TIMEOUT];
	int ret = 0;

	if (!port && !timeout && !resolve) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give a UDP port or a timeout");
		return -EINVAL;
	}
	mutex_lock(&mn->config_lock);
	if (port && nla_get_u16(port) != mn->udp_port) {
		/* Open sockets move now; closed ones open on it later. */
		if (mn->udp4 || mn->udp6)
			ret = mlt_udp_open(net, mn, nla_get_u16(port));
		else
			WRITE_ONCE(mn->udp_port, nla_get_u16(port));
	}
	if (!ret && timeout)
		WRITE_ONCE(mn->tunnel_timeout_ms, nla_get_u32(timeout));
	if (!ret && resolve)
		WRITE_ONCE(mn->resolve_timeout_ms, nla_get_u32(resolve));
	mutex_unlock(&mn->config_lock);

	if (ret == -EADDRINUSE)
		NL_SET_ERR_MSG_ATTR(info->extack, port,
				    "UDP port in use by another socket; nothing changed");
	else if (ret)
		NL_SET_ERR_MSG_ATTR(info->extack, port,
				    "cannot open UDP sockets on this port; nothing changed");
	return ret;
}

/* Parse a list attribute of MLT_ITEM_* items of one @type into @out. */
static int mlt_nl_items(struct genl_info *info, int attrtype, int type,
			int (*add)(const struct nlattr *item, void *out,
				   unsigned int i, struct netlink_ext_ack *ext),
			void *out, unsigned int max, const char *what)
{
	struct nlattr *list = info->attrs[attrtype], *item;
	unsigned int n = 0;
	int rem, ret;

	nla_for_each_nested(item, list, rem) {
		if (nla_type(item) != type) {
			NL_SET_ERR_MSG_ATTR(info->extack, item,
					    "unexpected item type in the list");
			return -EINVAL;
		}
		if (n == max) {
			mlt_extack(info->extack, item, what);
			return -E2BIG;
		}
		ret = add(item, out, n++, info->extack);
		if (ret)
			return ret;
	}
	if (!n) {
		NL_SET_ERR_MSG_ATTR(info->extack, list, "the list is empty");
		return -EINVAL;
	}
	return n;
}

static int mlt_nl_add_addr(const struct nlattr *item, void *out,
			   unsigned int i, struct netlink_ext_ack *extack)
{
	struct mlt_dir_addr *a = (struct mlt_dir_addr *)out + i;

	switch (nla_len(item)) {
	case sizeof(struct in_addr):
		ipv6_addr_set_v4mapped(nla_get_in_addr(item), &a->addr);
		a->v4 = true;
		return 0;
	case sizeof(struct in6_addr):
		a->addr = nla_get_in6_addr(item);
		return 0;
	}
	NL_SET_ERR_MSG_ATTR(extack, item, "an address is 4 or 16 bytes");
	return -EINVAL;
}

static int mlt_nl_add_key(const struct nlattr *item, void *out,
			  unsigned int i, struct netlink_ext_ack *extack)
{
	u8 (*keys)[MLT_KEY_LEN] = out;

	if (!memchr_inv(nla_data(item), 0, MLT_KEY_LEN)) {
		NL_SET_ERR_MSG_ATTR(extack, item, "ephemeral key is all zero");
		return -EINVAL;
	}
	memcpy(keys[i], nla_data(item), MLT_KEY_LEN);
	return 0;
}

/* Fill @e from a DIR_ADD request, with an extended ack for each problem. */
static int mlt_nl_parse_dir(struct genl_info *info, struct mlt_dir_entry *e)
{
	static const int positive[] = { MLT_A_DIR_ADDRS, MLT_A_DIR_PORT,
					MLT_A_DIR_IDENTITY,
					MLT_A_DIR_EPH_KEYS };
	struct nlattr **attrs = info->attrs;
	const char *why;
	u32 lifetime = MLT_DIR_LIFETIME_DEFAULT;
	int i, n;

	if (attrs[MLT_A_DIR_LIFETIME])
		lifetime = nla_get_u32(attrs[MLT_A_DIR_LIFETIME]);
	e->expires = mlt_now() + (u64)lifetime * NSEC_PER_SEC;

	if (GENL_REQ_ATTR_CHECK(info, MLT_A_DIR_NAME))
		return -EINVAL;
	nla_strscpy(e->name, attrs[MLT_A_DIR_NAME], sizeof(e->name));
	why = mlt_name_check(e->name, strlen(e->name));
	if (why) {
		mlt_extack(info->extack, attrs[MLT_A_DIR_NAME], why);
		return -EINVAL;
	}

	/* A negative entry: why the name cannot be reached, nothing else. */
	if (attrs[MLT_A_DIR_ERROR]) {
		for (i = 0; i < ARRAY_SIZE(positive); i++) {
			if (attrs[positive[i]]) {
				NL_SET_ERR_MSG_ATTR(info->extack,
						    attrs[positive[i]],
						    "a negative entry has no addresses, port or keys");
				return -EINVAL;
			}
		}
		e->error = nla_get_u32(attrs[MLT_A_DIR_ERROR]);
		return 0;
	}

	if (GENL_REQ_ATTR_CHECK(info, MLT_A_DIR_ADDRS) ||
	    GENL_REQ_ATTR_CHECK(info, MLT_A_DIR_PORT) ||
	    GENL_REQ_ATTR_CHECK(info, MLT_A_DIR_IDENTITY) ||
	    GENL_REQ_ATTR_CHECK(info, MLT_A_DIR_EPH_KEYS))
		return -EINVAL;

	n = mlt_nl_items(info, MLT_A_DIR_ADDRS, MLT_ITEM_ADDR, mlt_nl_add_addr,
			 e->addrs, MLT_DIR_ADDRS_MAX,
			 "more addresses than MLT_DIR_ADDRS_MAX");
	if (n < 0)
		return n;
	e->n_addrs = n;

	n = mlt_nl_items(info, MLT_A_DIR_EPH_KEYS, MLT_ITEM_KEY, mlt_nl_add_key,
			 e->eph, MLT_DIR_EPH_KEYS_MAX,
			 "more ephemeral keys than MLT_DIR_EPH_KEYS_MAX");
	if (n < 0)
		return n;
	e->n_eph = n;

	if (!memchr_inv(nla_data(attrs[MLT_A_DIR_IDENTITY]), 0, MLT_KEY_LEN)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[MLT_A_DIR_IDENTITY],
				    "identity key is all zero");
		return -EINVAL;
	}
	memcpy(e->identity, nla_data(attrs[MLT_A_DIR_IDENTITY]), MLT_KEY_LEN);
	e->port = nla_get_u16(attrs[MLT_A_DIR_PORT]);
	return 0;
}

static void mlt_nl_notify_dir(struct genl_info *info, const char *name,
			      u8 cmd);

static int mlt_nl_dir_add(struct sk_buff *skb, struct genl_info *info)
{
	struct mlt_net *mn = mlt_pernet(genl_info_net(info));
	bool replace = nla_get_flag(info->attrs[MLT_A_DIR_REPLACE]);
	struct mlt_dir_entry *e;
	int ret;

	e = mlt_dir_alloc();
	if (!e)
		return -ENOMEM;
	ret = mlt_nl_parse_dir(info, e);
	if (ret) {
		kfree(e);
		return ret;
	}
	ret = mlt_dir_add(mn, e, replace);
	if (ret == -EEXIST)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MLT_A_DIR_NAME],
				    "name exists; MLT_A_DIR_REPLACE replaces it");
	else if (ret == -ENOSPC)
		NL_SET_ERR_MSG(info->extack,
			       "the directory holds MLT_DIR_ENTRIES_MAX entries");
	if (!ret)
		mlt_nl_notify_dir(info, nla_data(info->attrs[MLT_A_DIR_NAME]),
				  MLT_CMD_DIR_ADD_NTF);
	return ret;
}

static int mlt_nl_dir_del(struct sk_buff *skb, struct genl_info *info)
{
	struct mlt_net *mn = mlt_pernet(genl_info_net(info));
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MLT_A_DIR_NAME))
		return -EINVAL;
	ret = mlt_dir_del(mn, nla_data(info->attrs[MLT_A_DIR_NAME]));
	if (ret)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MLT_A_DIR_NAME],
				    "no directory entry has this name");
	else
		mlt_nl_notify_dir(info, nla_data(info->attrs[MLT_A_DIR_NAME]),
				  MLT_CMD_DIR_DEL_NTF);
	return ret;
}

static int mlt_nl_put_list(struct sk_buff *msg, int attrtype, int type,
			   const void *items, unsigned int n, size_t size)
{
	struct nlattr *nest = nla_nest_start(msg, attrtype);
	unsigned int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		if (nla_put(msg, type, size, (const u8 *)items + i * size)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int mlt_nl_put_addrs(struct sk_buff *msg, const struct mlt_dir_entry *e)
{
	struct nlattr *nest = nla_nest_start(msg, MLT_A_DIR_ADDRS);
	const struct mlt_dir_addr *a;

	if (!nest)
		return -EMSGSIZE;
	for (a = e->addrs; a < e->addrs + e->n_addrs; a++) {
		if (a->v4 ? nla_put_in_addr(msg, MLT_ITEM_ADDR,
					    a->addr.s6_addr32[3]) :
			    nla_put_in6_addr(msg, MLT_ITEM_ADDR, &a->addr)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* The keys and address of a positive entry. */
static int mlt_nl_put_positive(struct sk_buff *msg,
			       const struct mlt_dir_entry *e)
{
	if (e->error)
		return nla_put_u32(msg, MLT_A_DIR_ERROR, e->error);
	if (mlt_nl_put_addrs(msg, e) ||
	    nla_put_u16(msg, MLT_A_DIR_PORT, e->port) ||
	    nla_put(msg, MLT_A_DIR_IDENTITY, MLT_KEY_LEN, e->identity) ||
	    mlt_nl_put_list(msg, MLT_A_DIR_EPH_KEYS, MLT_ITEM_KEY, e->eph,
			    e->n_eph, MLT_KEY_LEN))
		return -EMSGSIZE;
	return 0;
}

static int mlt_nl_fill_dir(struct sk_buff *msg, const struct mlt_dir_entry *e,
			   u32 portid, u32 seq, int flags, u8 cmd, u64 now,
			   struct netlink_callback *cb)
{
	void *hdr = genlmsg_put(msg, portid, seq, &mlt_genl_family, flags, cmd);

	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (nla_put_string(msg, MLT_A_DIR_NAME, e->name) ||
	    mlt_nl_put_positive(msg, e) ||
	    nla_put_u32(msg, MLT_A_DIR_LIFETIME,
			mlt_seconds_left(e->expires, now))) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

/*
 * A new message @cmd holding the live entry for @name, addressed to
 * @portid/@seq; ERR_PTR(-ENOENT) if there is none.
 */
static struct sk_buff *mlt_nl_dir_msg(struct mlt_net *mn, const char *name,
				      u32 portid, u32 seq, u8 cmd)
{
	struct mlt_dir_entry *e;
	struct sk_buff *msg;
	u64 now = mlt_now();
	int ret = -ENOENT;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return ERR_PTR(-ENOMEM);

	rcu_read_lock();
	e = mlt_dir_lookup_rcu(mn, name, now);
	if (e)
		ret = mlt_nl_fill_dir(msg, e, portid, seq, 0, cmd, now, NULL);
	rcu_read_unlock();

	if (ret) {
		nlmsg_free(msg);
		return ERR_PTR(ret);
	}
	return msg;
}

/* Reply with the live entry for @name; -ENOENT if there is none. */
static int mlt_nl_reply_dir(struct genl_info *info, struct mlt_net *mn,
			    const char *name)
{
	struct sk_buff *msg = mlt_nl_dir_msg(mn, name, info->snd_portid,
					     info->snd_seq, MLT_CMD_DIR_GET);

	if (IS_ERR(msg))
		return PTR_ERR(msg);
	return genlmsg_reply(msg, info);
}

static int mlt_nl_dir_get(struct sk_buff *skb, struct genl_info *info)
{
	struct mlt_net *mn = mlt_pernet(genl_info_net(info));
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MLT_A_DIR_NAME))
		return -EINVAL;
	ret = mlt_nl_reply_dir(info, mn, nla_data(info->attrs[MLT_A_DIR_NAME]));
	if (ret == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MLT_A_DIR_NAME],
				    "no directory entry has this name");
	return ret;
}

/*
 * Ask the resolver for a name, whether the directory has it or not. The
 * reply comes at once: the name and the milliseconds left before the
 * request times out. The answer, an entry added for the name, goes to
 * the "dir" group (MLT_CMD_DIR_ADD_NTF), which the caller joins first; a
 * handler never sleeps for it, as genetlink's cb_lock is held meanwhile.
 */
static int mlt_nl_resolve(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nlattr *attr = info->attrs[MLT_A_DIR_NAME];
	const char *name, *why;
	struct sk_buff *msg;
	u64 deadline, now;
	void *hdr;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MLT_A_DIR_NAME))
		return -EINVAL;
	name = nla_data(attr);
	why = mlt_name_check(name, strlen(name));
	if (why) {
		mlt_extack(info->extack, attr, why);
		return -EINVAL;
	}
	ret = mlt_resolve_request(net, name, &deadline);
	if (ret == -EHOSTUNREACH)
		NL_SET_ERR_MSG(info->extack,
			       "no resolver listens: is namecoind-helper running?");
	else if (ret == -EAGAIN)
		NL_SET_ERR_MSG(info->extack,
			       "MLT_RESOLVE_PENDING_MAX names wait for the resolver");
	if (ret)
		return ret;

	msg = genlmsg_new(nla_total_size(MLT_NAME_MAX) + nla_total_size(4),
			  GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &mlt_genl_family, 0,
				MLT_CMD_RESOLVE);
	now = mlt_now();
	if (!hdr || nla_put_string(msg, MLT_A_DIR_NAME, name) ||
	    nla_put_u32(msg, MLT_A_RESOLVE_TIMEOUT,
			deadline > now ?
			div_u64(deadline - now, NSEC_PER_MSEC) : 0)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * cb->args[0]: hash bucket; cb->args[1]: entries of it already sent. A
 * change between two parts marks the dump NLM_F_DUMP_INTR.
 */
static int mlt_nl_dir_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mlt_net *mn = mlt_pernet(sock_net(skb->sk));
	unsigned long bkt = cb->args[0], skip = cb->args[1], idx;
	struct mlt_dir_entry *e;
	u64 now = mlt_now();

	cb->seq = READ_ONCE(mn->dir_gen);
	rcu_read_lock();
	for (; bkt < HASH_SIZE(mn->dir); bkt++, skip = 0) {
		idx = 0;
		hlist_for_each_entry_rcu(e, &mn->dir[bkt], node) {
			if (idx++ < skip || e->expires <= now)
				continue;
			if (mlt_nl_fill_dir(skb, e,
					    NETLINK_CB(cb->skb).portid,
					    cb->nlh->nlmsg_seq, NLM_F_MULTI,
					    MLT_CMD_DIR_GET, now, cb)) {
				skip = idx - 1;
				goto out;
			}
		}
	}
	skip = 0;
out:
	rcu_read_unlock();
	cb->args[0] = bkt;
	cb->args[1] = skip;
	return skb->len;
}

static int mlt_nl_fill_eph(struct sk_buff *msg, const struct mlt_eph *k,
			   u32 portid, u32 seq, int flags, u8 cmd, u64 now)
{
	void *hdr = genlmsg_put(msg, portid, seq, &mlt_genl_family, flags, cmd);

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put(msg, MLT_A_EPH_PUBLIC_KEY, MLT_KEY_LEN, k->public_key) ||
	    nla_put_u32(msg, MLT_A_EPH_LIFETIME,
			mlt_seconds_left(k->expires, now)) ||
	    nla_put_u32(msg, MLT_A_EPH_AGE,
			div_u64(now - k->created, NSEC_PER_SEC))) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

static int mlt_nl_eph_rotate(struct sk_buff *skb, struct genl_info *info)
{
	struct mlt_net *mn = mlt_pernet(genl_info_net(info));
	u32 lifetime = MLT_EPH_LIFETIME_DEFAULT;
	struct sk_buff *msg;
	struct mlt_eph made;
	int ret;

	if (info->attrs[MLT_A_EPH_LIFETIME])
		lifetime = nla_get_u32(info->attrs[MLT_A_EPH_LIFETIME]);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	ret = mlt_eph_rotate(mn, lifetime, &made);
	if (!ret)
		ret = mlt_nl_fill_eph(msg, &made, info->snd_portid,
				      info->snd_seq, 0, MLT_CMD_EPH_ROTATE,
				      made.created);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

static int mlt_nl_eph_del(struct sk_buff *skb, struct genl_info *info)
{
	struct mlt_net *mn = mlt_pernet(genl_info_net(info));
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MLT_A_EPH_PUBLIC_KEY))
		return -EINVAL;
	ret = mlt_eph_del(mn, nla_data(info->attrs[MLT_A_EPH_PUBLIC_KEY]));
	if (ret)
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[MLT_A_EPH_PUBLIC_KEY],
				    "no valid ephemeral key has this public key");
	return ret;
}

/* cb->args[0]: the next key slot to look at. */
static int mlt_nl_eph_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mlt_net *mn = mlt_pernet(sock_net(skb->sk));
	unsigned long i = cb->args[0];
	u64 now = mlt_now();
	struct mlt_eph k;

	for (; i < MLT_EPH_MAX; i++) {
		mutex_lock(&mn->config_lock);
		k = mn->eph[i];
		mutex_unlock(&mn->config_lock);
		memzero_explicit(k.private_key, sizeof(k.private_key));
		if (k.expires <= now)
			continue;
		if (mlt_nl_fill_eph(skb, &k, NETLINK_CB(cb->skb).portid,
				    cb->nlh->nlmsg_seq, NLM_F_MULTI,
				    MLT_CMD_EPH_GET, now))
			break;
	}
	cb->args[0] = i;
	return skb->len;
}

static const struct genl_ops mlt_genl_ops[] = {
	{
		.cmd = MLT_CMD_SET_IDENTITY,
		.doit = mlt_nl_set_identity,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MLT_CMD_GET_STATUS,
		.doit = mlt_nl_get_status,
	},
	{
		.cmd = MLT_CMD_DIR_ADD,
		.doit = mlt_nl_dir_add,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MLT_CMD_DIR_DEL,
		.doit = mlt_nl_dir_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MLT_CMD_DIR_GET,
		.doit = mlt_nl_dir_get,
		.dumpit = mlt_nl_dir_dump,
	},
	{
		.cmd = MLT_CMD_EPH_ROTATE,
		.doit = mlt_nl_eph_rotate,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MLT_CMD_EPH_GET,
		.dumpit = mlt_nl_eph_dump,
	},
	{
		.cmd = MLT_CMD_SET_CONFIG,
		.doit = mlt_nl_set_config,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		/* Anyone may ask: connect() to a name asks as well. */
		.cmd = MLT_CMD_RESOLVE,
		.doit = mlt_nl_resolve,
	},
	{
		.cmd = MLT_CMD_EPH_DEL,
		.doit = mlt_nl_eph_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

enum mlt_mcgrp {
	MLT_MCGRP_RESOLVE_ID,
	MLT_MCGRP_DIR_ID,
};

/*
 * The names asked for are the namespace's business: their listeners need
 * admin. Directory changes are not: anyone may read the directory.
 */
static const struct genl_multicast_group mlt_mcgrps[] = {
	[MLT_MCGRP_RESOLVE_ID] = {
		.name = MLT_MCGRP_RESOLVE,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
	[MLT_MCGRP_DIR_ID] = {
		.name = MLT_MCGRP_DIR,
	},
};

static struct genl_family mlt_genl_family __ro_after_init = {
	.name = MLT_GENL_NAME,
	.version = MLT_GENL_VERSION,
	.maxattr = MLT_A_MAX,
	.policy = mlt_policy,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = mlt_genl_ops,
	.n_ops = ARRAY_SIZE(mlt_genl_ops),
	.mcgrps = mlt_mcgrps,
	.n_mcgrps = ARRAY_SIZE(mlt_mcgrps),
};

/*
 * Multicast message @cmd holding only MLT_A_DIR_NAME @name to @group of
 * @net. Return: 0, -ESRCH if nobody listens, -ENOMEM or -EMSGSIZE.
 */
static int mlt_nl_multicast_name(struct net *net, u8 cmd, const char *name,
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

/*
 * Tell the "dir" group of the caller's namespace that @name was added (the
 * entry as it is now, with cmd MLT_CMD_DIR_ADD_NTF) or deleted (its name,
 * MLT_CMD_DIR_DEL_NTF). Best effort, as other notifications: a listener
 * that is short of memory misses it (ENOBUFS on its socket).
 */
static void mlt_nl_notify_dir(struct genl_info *info, const char *name,
			      u8 cmd)
{
	struct net *net = genl_info_net(info);
	struct sk_buff *msg;

	if (!genl_has_listeners(&mlt_genl_family, net, MLT_MCGRP_DIR_ID))
		return;
	if (cmd != MLT_CMD_DIR_ADD_NTF) {
		mlt_nl_multicast_name(net, cmd, name, MLT_MCGRP_DIR_ID);
		return;
	}
	msg = mlt_nl_dir_msg(mlt_pernet(net), name, 0, 0, cmd);
	if (!IS_ERR(msg))
		genlmsg_multicast_netns(&mlt_genl_family, net, msg, 0,
					MLT_MCGRP_DIR_ID, GFP_KERNEL);
}

/* Whether a resolver in @net listens for MLT_CMD_RESOLVE. Any context. */
bool mlt_netlink_has_resolver(struct net *net)
{
	return genl_has_listeners(&mlt_genl_family, net, MLT_MCGRP_RESOLVE_ID);
}

/*
 * Send MLT_CMD_RESOLVE for @name to the resolvers of @net.
 * Return: 0, -ESRCH if none listens, or -ENOMEM.
 */
int mlt_netlink_resolve_request(struct net *net, const char *name)
{
	return mlt_nl_multicast_name(net, MLT_CMD_RESOLVE, name,
				     MLT_MCGRP_RESOLVE_ID);
}

int __init mlt_netlink_init(void)
{
	return genl_register_family(&mlt_genl_family);
}

void mlt_netlink_exit(void)
{
	genl_unregister_family(&mlt_genl_family);
}
