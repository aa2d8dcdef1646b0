/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * AF_MINIMALT: the MinimaLT transport as a socket family.
 *
 * This header is the one contract between minimalt.ko and userspace: the
 * address family number, the socket address, socket options, and the
 * "minimalt" generic netlink family with its commands and attributes.
 * Documentation/netlink/specs/minimalt.yaml describes the same netlink API.
 */
#ifndef _UAPI_LINUX_MINIMALT_H
#define _UAPI_LINUX_MINIMALT_H

#include <linux/socket.h>
#include <linux/types.h>

/*
 * Address family. AF_MAX is 46 on the supported kernels and a module cannot
 * raise it, so MinimaLT takes 22 (AF_SNA), a number no in-tree code registers.
 * The module parameter "family" may override it; the number in force is then
 * readable from /sys/module/minimalt/parameters/family.
 */
#define AF_MINIMALT		22
#define PF_MINIMALT		AF_MINIMALT

/* Socket option level for MinimaLT-specific options. */
#define SOL_MINIMALT		297

/* Key sizes: Curve25519 public and private keys. */
#define MLT_KEY_LEN		32

/*
 * Longest directory name, including a terminating NUL. The whole address
 * must fit in struct sockaddr_storage (128 bytes).
 */
#define MLT_NAME_MAX		120

/* Socket address: a directory name plus a service number. */
struct sockaddr_mlt {
	__kernel_sa_family_t	smlt_family;	/* AF_MINIMALT */
	__u16			smlt_service;	/* service number, host order */
	__u32			smlt_flags;	/* MLT_ADDR_F_*, zero for now */
	char			smlt_name[MLT_NAME_MAX];
};

/* Generic netlink family. */
#define MLT_GENL_NAME		"minimalt"
#define MLT_GENL_VERSION	1

enum mlt_cmd {
	MLT_CMD_UNSPEC,
	MLT_CMD_SET_IDENTITY,	/* in: MLT_A_PRIVATE_KEY; CAP_NET_ADMIN */
	MLT_CMD_GET_STATUS,	/* out: MLT_A_PUBLIC_KEY (if set), MLT_A_STATS */

	__MLT_CMD_MAX,
};

#define MLT_CMD_MAX		(__MLT_CMD_MAX - 1)

enum mlt_attr {
	MLT_A_UNSPEC,
	MLT_A_PRIVATE_KEY,	/* binary, MLT_KEY_LEN; write-only */
	MLT_A_PUBLIC_KEY,	/* binary, MLT_KEY_LEN */
	MLT_A_STATS,		/* nest of MLT_STAT_* */
	MLT_A_FAMILY,		/* u32: the address family number in force */

	__MLT_A_MAX,
};

#define MLT_A_MAX		(__MLT_A_MAX - 1)

/* Per network namespace counters, each a u64 inside MLT_A_STATS. */
enum mlt_stat {
	MLT_STAT_UNSPEC,
	MLT_STAT_PAD,		/* alignment padding for u64 attributes */
	MLT_STAT_SOCKETS,	/* AF_MINIMALT sockets open now */
	MLT_STAT_IDENTITY_CHANGES,	/* successful SET_IDENTITY calls */

	__MLT_STAT_MAX,
};

#define MLT_STAT_MAX		(__MLT_STAT_MAX - 1)

#endif /* _UAPI_LINUX_MINIMALT_H */
