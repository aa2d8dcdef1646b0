// SPDX-License-Identifier: GPL-2.0
/*
 * MLT_CMD_VADDR_GET: a name's virtual address, the name of a virtual
 * address, and the whole table (vaddr.c keeps it).
 */
#include <net/genetlink.h>
#include <net/sock.h>

#include "minimalt.h"
#include "name.h"
#include "netlink.h"
#include "vaddr_index.h"

static int mlt_nl_fill_vaddr(struct sk_buff *msg,
			     const struct mlt_vaddr_info *info, u32 portid,
			     u32 seq, int flags)
{
	struct in6_addr v6;
	__be32 v4;
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &mlt_genl_family, flags,
			  MLT_CMD_VADDR_GET);
	if (!hdr)
		return -EMSGSIZE;
	mlt_vaddr_addrs(info->index, &v4, &v6);
	if (nla_put_string(msg, MLT_A_DIR_NAME, info->name) ||
	    nla_put_in_addr(msg, MLT_A_VADDR4, v4) ||
	    nla_put_in6_addr(msg, MLT_A_VADDR6, &v6) ||
	    nla_put_u32(msg, MLT_A_VADDR_IDLE, info->idle_s)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

/* The name's addresses (given now if need be), or the address's name. */
static int mlt_nl_vaddr_find(struct sk_buff *skb, struct genl_info *info,
			     struct mlt_vaddr_info *vi)
{
	struct net *net = genl_info_net(info);
	struct mlt_net *mn = mlt_pernet(net);
	struct nlattr *name = info->attrs[MLT_A_DIR_NAME];
	struct nlattr *a4 = info->attrs[MLT_A_VADDR4];
	struct nlattr *a6 = info->attrs[MLT_A_VADDR6];
	kuid_t uid = NETLINK_CB(skb).creds.uid;
	const char *why;
	int ret;

	if (!!name + !!a4 + !!a6 != 1) {
		NL_SET_ERR_MSG(info->extack,
			       "give exactly one of dir-name, vaddr4 and vaddr6");
		return -EINVAL;
	}
	if (name) {
		why = mlt_name_check(nla_data(name), strlen(nla_data(name)));
		if (why) {
			mlt_extack(info->extack, name, why);
			return -EINVAL;
		}
		ret = mlt_vaddr_get(mn, nla_data(name), uid, vi);
		if (ret == -ENODATA)
			NL_SET_ERR_MSG_ATTR(info->extack, name,
					    "no directory entry has this name: ask the resolver, then again");
		else if (ret && ret != -ENOMEM)
			NL_SET_ERR_MSG_ATTR(info->extack, name,
					    "the directory's entry for this name is negative");
		return ret;
	}
	ret = mlt_vaddr_lookup(mn, a4 ? mlt_vaddr_index4(nla_data(a4)) :
			       mlt_vaddr_index6(nla_data(a6)),
			       uid, netlink_ns_capable(skb, net->user_ns,
						       CAP_NET_ADMIN), vi);
	if (ret)
		NL_SET_ERR_MSG_ATTR(info->extack, a4 ?: a6,
				    "no name you asked for holds this address");
	return ret;
}

int minimalt_nl_vaddr_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mlt_vaddr_info vi;
	struct sk_buff *msg;
	int ret;

	ret = mlt_nl_vaddr_find(skb, info, &vi);
	if (ret)
		return ret;
	msg = genlmsg_new(nla_total_size(MLT_NAME_MAX) + nla_total_size(4) +
			  nla_total_size(16) + nla_total_size(4), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	ret = mlt_nl_fill_vaddr(msg, &vi, info->snd_portid, info->snd_seq, 0);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

/*
 * cb->args[0]: the next index to send. The table may change between two
 * parts of a dump; each entry is sent as it was when read.
 */
int minimalt_nl_vaddr_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct mlt_net *mn = mlt_pernet(net);
	unsigned long index = cb->args[0] ?: 1;
	struct mlt_vaddr_info vi;

	if (!netlink_ns_capable(cb->skb, net->user_ns, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG(cb->extack,
			       "listing the virtual addresses needs CAP_NET_ADMIN; look up one instead");
		return -EPERM;
	}
	while (index <= MLT_VADDR_INDEX_MAX && mlt_vaddr_next(mn, &index, &vi)) {
		if (mlt_nl_fill_vaddr(skb, &vi, NETLINK_CB(cb->skb).portid,
				      cb->nlh->nlmsg_seq, NLM_F_MULTI))
			break;
		index++;
	}
	cb->args[0] = index;
	return skb->len;
}
