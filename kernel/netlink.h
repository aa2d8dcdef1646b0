/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the files of the "minimalt" generic netlink family:
 * netlink.c (the family, status and configuration), netlink_dir.c (the
 * directory and the resolver), netlink_keys.c (identity and ephemeral
 * keys), netlink_tunnel.c (the tunnels' state) and netlink_vaddr.c (the
 * virtual addresses). The handlers, the op table and the attribute
 * policies are declared in minimalt_gen.h, generated from
 * Documentation/netlink/specs/minimalt.yaml.
 */
#ifndef _MLT_NETLINK_H
#define _MLT_NETLINK_H

#include <net/genetlink.h>

#include "minimalt_gen.h"

extern struct genl_family mlt_genl_family;

void mlt_extack(struct netlink_ext_ack *extack, const struct nlattr *attr,
		const char *msg);
int mlt_nl_multicast_name(struct net *net, u8 cmd, const char *name,
			  unsigned int group);

#endif /* _MLT_NETLINK_H */
