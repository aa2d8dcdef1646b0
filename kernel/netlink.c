// SPDX-License-Identifier: GPL-2.0
/*
 * The "minimalt" generic netlink family: configuration and status.
 * Documentation/netlink/specs/minimalt.yaml is the specification.
 */
#include <net/genetlink.h>

#include "minimalt.h"

static const struct nla_policy mlt_policy[MLT_A_MAX + 1] = {
	[MLT_A_PRIVATE_KEY] = NLA_POLICY_EXACT_LEN(MLT_KEY_LEN),
	[MLT_A_PUBLIC_KEY] = NLA_POLICY_EXACT_LEN(MLT_KEY_LEN),
	[MLT_A_STATS] = { .type = NLA_NESTED },
	[MLT_A_FAMILY] = { .type = NLA_U32 },
};

static struct genl_family mlt_genl_family;

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

static int mlt_nl_put_stats(struct sk_buff *msg, struct mlt_net *mn)
{
	struct nlattr *nest = nla_nest_start(msg, MLT_A_STATS);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, MLT_STAT_SOCKETS,
			      atomic_read(&mn->sockets), MLT_STAT_PAD) ||
	    nla_put_u64_64bit(msg, MLT_STAT_IDENTITY_CHANGES,
			      atomic64_read(&mn->identity_changes),
			      MLT_STAT_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
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
	mutex_unlock(&mn->config_lock);

	ret = mlt_nl_put_stats(msg, mn);
	if (ret)
		goto err;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err:
	nlmsg_free(msg);
	return ret;
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
};

int __init mlt_netlink_init(void)
{
	return genl_register_family(&mlt_genl_family);
}

void mlt_netlink_exit(void)
{
	genl_unregister_family(&mlt_genl_family);
}
