/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Implementation limits: how much of a kind minimalt.ko keeps per network
 * namespace. They are not ABI (userspace learns of them from the errors it
 * gets), and those an administrator sets are runtime configuration with
 * their defaults in the uapi header (MLT_TUNNEL_LIMIT_DEFAULT, ...).
 */
#ifndef _MLT_LIMITS_H
#define _MLT_LIMITS_H

#define MLT_DIR_ENTRIES_MAX	4096	/* directory entries */
#define MLT_EPH_MAX		4	/* valid ephemeral keys at once */
#define MLT_EPH_RETIRED_MAX	8	/* retired keys answered with a notice */
#define MLT_RESOLVE_PENDING_MAX	256	/* names asked of the resolver */
#define MLT_VADDRS_MAX		4096	/* names holding a virtual address */

/* Openings (Documentation/protocol.rst, "Openings under load"). */
#define MLT_RL_BUCKETS		4096	/* token buckets, a power of 2 */
#define MLT_OPENQ_MAX		1024	/* openings awaiting public-key work */

#endif /* _MLT_LIMITS_H */
