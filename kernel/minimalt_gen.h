/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/minimalt.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_MINIMALT_GEN_H
#define _LINUX_MINIMALT_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/minimalt.h>
#include <linux/minimalt.h>

/* Common nested types */
extern const struct nla_policy minimalt_item_nl_policy[MLT_ITEM_KEY + 1];

/* Global operation policy for minimalt */
extern const struct nla_policy minimalt_nl_policy[MLT_A_VADDR6 + 1];

/* Ops table for minimalt */
extern const struct genl_small_ops minimalt_nl_ops[12];

int minimalt_nl_set_identity_doit(struct sk_buff *skb, struct genl_info *info);
int minimalt_nl_get_status_doit(struct sk_buff *skb, struct genl_info *info);
int minimalt_nl_dir_add_doit(struct sk_buff *skb, struct genl_info *info);
int minimalt_nl_dir_del_doit(struct sk_buff *skb, struct genl_info *info);
int minimalt_nl_dir_get_doit(struct sk_buff *skb, struct genl_info *info);
int minimalt_nl_dir_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
int minimalt_nl_eph_rotate_doit(struct sk_buff *skb, struct genl_info *info);
int minimalt_nl_eph_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
int minimalt_nl_set_config_doit(struct sk_buff *skb, struct genl_info *info);
int minimalt_nl_resolve_doit(struct sk_buff *skb, struct genl_info *info);
int minimalt_nl_eph_del_doit(struct sk_buff *skb, struct genl_info *info);
int minimalt_nl_tunnel_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb);
int minimalt_nl_vaddr_get_doit(struct sk_buff *skb, struct genl_info *info);
int minimalt_nl_vaddr_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb);

enum {
	MINIMALT_NLGRP_RESOLVE,
	MINIMALT_NLGRP_DIR,
};

#endif /* _LINUX_MINIMALT_GEN_H */
