// SPDX-License-Identifier: GPL-2.0
/*
 * The directory commands of the "minimalt" family (MLT_CMD_DIR_*), the
 * resolve command, and the notifications of the "dir" group.
 */
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "minimalt.h"
#include "name.h"
#include "netlink.h"

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

/* The attributes a positive entry needs and a negative one must not have. */
static const int mlt_nl_positive[] = {
	MLT_A_DIR_ADDRS, MLT_A_DIR_PORT, MLT_A_DIR_IDENTITY, MLT_A_DIR_EPH_KEYS,
};

/* A negative entry: why the name cannot be reached, nothing else. */
static int mlt_nl_parse_negative(struct genl_info *info,
				 struct mlt_dir_entry *e)
{
	struct nlattr *attr;
	int i;

	for (i = 0; i < ARRAY_SIZE(mlt_nl_positive); i++) {
		attr = info->attrs[mlt_nl_positive[i]];
		if (attr) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "a negative entry has no addresses, port or keys");
			return -EINVAL;
		}
	}
	e->error = nla_get_u32(info->attrs[MLT_A_DIR_ERROR]);
	return 0;
}

/* A positive entry: the server's addresses, port and keys. */
static int mlt_nl_parse_positive(struct genl_info *info,
				 struct mlt_dir_entry *e)
{
	struct nlattr *identity = info->attrs[MLT_A_DIR_IDENTITY];
	int i, n;

	for (i = 0; i < ARRAY_SIZE(mlt_nl_positive); i++)
		if (GENL_REQ_ATTR_CHECK(info, mlt_nl_positive[i]))
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

	if (!memchr_inv(nla_data(identity), 0, MLT_KEY_LEN)) {
		NL_SET_ERR_MSG_ATTR(info->extack, identity,
				    "identity key is all zero");
		return -EINVAL;
	}
	memcpy(e->identity, nla_data(identity), MLT_KEY_LEN);
	e->port = nla_get_u16(info->attrs[MLT_A_DIR_PORT]);
	return 0;
}

/* Fill @e from a DIR_ADD request, with an extended ack for each problem. */
static int mlt_nl_parse_dir(struct genl_info *info, struct mlt_dir_entry *e)
{
	struct nlattr **attrs = info->attrs;
	u32 lifetime = MLT_DIR_LIFETIME_DEFAULT;
	const char *why;

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

	if (attrs[MLT_A_DIR_ERROR])
		return mlt_nl_parse_negative(info, e);
	return mlt_nl_parse_positive(info, e);
}

static void mlt_nl_notify_dir(struct genl_info *info, const char *name,
			      u8 cmd);

int minimalt_nl_dir_add_doit(struct sk_buff *skb, struct genl_info *info)
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
			       "the directory is full");
	if (!ret)
		mlt_nl_notify_dir(info, nla_data(info->attrs[MLT_A_DIR_NAME]),
				  MLT_CMD_DIR_ADD_NTF);
	return ret;
}

int minimalt_nl_dir_del_doit(struct sk_buff *skb, struct genl_info *info)
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

/* The keys and address of a positive entry, the reason of a negative one. */
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

int minimalt_nl_dir_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlt_net *mn = mlt_pernet(genl_info_net(info));
	struct nlattr *name = info->attrs[MLT_A_DIR_NAME];
	struct sk_buff *msg;

	if (GENL_REQ_ATTR_CHECK(info, MLT_A_DIR_NAME))
		return -EINVAL;
	msg = mlt_nl_dir_msg(mn, nla_data(name), info->snd_portid,
			     info->snd_seq, MLT_CMD_DIR_GET);
	if (IS_ERR(msg)) {
		if (PTR_ERR(msg) == -ENOENT)
			NL_SET_ERR_MSG_ATTR(info->extack, name,
					    "no directory entry has this name");
		return PTR_ERR(msg);
	}
	return genlmsg_reply(msg, info);
}

/*
 * cb->args[0]: hash bucket; cb->args[1]: entries of it already sent. A
 * change between two parts marks the dump NLM_F_DUMP_INTR. The whole
 * directory tells which names the namespace's users asked for: listing it
 * needs CAP_NET_ADMIN, as the "dir" group does; one name's entry (do) is
 * anyone's.
 */
int minimalt_nl_dir_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct mlt_net *mn = mlt_pernet(net);
	unsigned long bkt = cb->args[0], skip = cb->args[1], idx;
	struct mlt_dir_entry *e;
	u64 now = mlt_now();

	if (!netlink_ns_capable(cb->skb, net->user_ns, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG(cb->extack,
			       "listing the directory needs CAP_NET_ADMIN; look up one name instead");
		return -EPERM;
	}

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

/* Reply to MLT_CMD_RESOLVE: @name and the milliseconds left to @deadline. */
static int mlt_nl_reply_resolve(struct genl_info *info, const char *name,
				u64 deadline)
{
	struct sk_buff *msg;
	void *hdr;
	u64 now;

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
 * Ask the resolver for a name, whether the directory has it or not; anyone
 * may ask, as connect() to a name asks as well. The reply comes at once:
 * the name and the milliseconds left before the request times out. The
 * answer, an entry added for the name, goes to the "dir" group
 * (MLT_CMD_DIR_ADD_NTF), which the caller joins first; a handler never
 * sleeps for it, as genetlink's cb_lock is held meanwhile.
 */
int minimalt_nl_resolve_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attr = info->attrs[MLT_A_DIR_NAME];
	const char *name, *why;
	u64 deadline;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MLT_A_DIR_NAME))
		return -EINVAL;
	name = nla_data(attr);
	why = mlt_name_check(name, strlen(name));
	if (why) {
		mlt_extack(info->extack, attr, why);
		return -EINVAL;
	}
	ret = mlt_resolve_request(genl_info_net(info), name, &deadline,
				  NETLINK_CB(skb).creds.uid,
				  netlink_ns_capable(skb,
						     genl_info_net(info)->user_ns,
						     CAP_NET_ADMIN));
	if (ret == -EHOSTUNREACH)
		NL_SET_ERR_MSG(info->extack,
			       "no resolver listens: is namecoind-helper running?");
	else if (ret == -EAGAIN)
		NL_SET_ERR_MSG(info->extack,
			       "too many names wait for the resolver, or too many of yours");
	if (ret)
		return ret;
	return mlt_nl_reply_resolve(info, name, deadline);
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

	if (!genl_has_listeners(&mlt_genl_family, net, MINIMALT_NLGRP_DIR))
		return;
	if (cmd != MLT_CMD_DIR_ADD_NTF) {
		mlt_nl_multicast_name(net, cmd, name, MINIMALT_NLGRP_DIR);
		return;
	}
	msg = mlt_nl_dir_msg(mlt_pernet(net), name, 0, 0, cmd);
	if (!IS_ERR(msg))
		genlmsg_multicast_netns(&mlt_genl_family, net, msg, 0,
					MINIMALT_NLGRP_DIR, GFP_KERNEL);
}
