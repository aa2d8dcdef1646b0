// SPDX-License-Identifier: GPL-2.0
/*
 * The key commands of the "minimalt" family: the namespace's identity
 * (MLT_CMD_SET_IDENTITY) and its server ephemeral keys (MLT_CMD_EPH_*).
 * No reply ever holds a private key.
 */
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "minimalt.h"
#include "netlink.h"

/* Wipe a secret the request carried, once it has been used. */
static void mlt_wipe_attr(struct nlattr *attr)
{
	if (attr)
		memzero_explicit(nla_data(attr), nla_len(attr));
}

int minimalt_nl_set_identity_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlt_net *mn = mlt_pernet(genl_info_net(info));
	struct nlattr *key;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MLT_A_PRIVATE_KEY))
		return -EINVAL;
	key = info->attrs[MLT_A_PRIVATE_KEY];

	mutex_lock(&mn->config_lock);
	ret = mlt_identity_set(mn, nla_data(key));
	mutex_unlock(&mn->config_lock);
	mlt_wipe_attr(key);

	if (ret) {
		NL_SET_ERR_MSG_ATTR(info->extack, key, "private key is all zero");
		return ret;
	}
	atomic64_inc(&mn->identity_changes);
	return 0;
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

int minimalt_nl_eph_rotate_doit(struct sk_buff *skb, struct genl_info *info)
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

int minimalt_nl_eph_del_doit(struct sk_buff *skb, struct genl_info *info)
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
int minimalt_nl_eph_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
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
