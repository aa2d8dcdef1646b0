/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rate limit on openings per source (Documentation/protocol.rst,
 * "Openings under load"): the pure part, a token bucket in its GCRA form
 * (one timestamp per bucket) and the source prefix a bucket belongs to.
 * No locking or allocation; it builds in the kernel and, for unit tests,
 * in userspace.
 */
#ifndef _MLT_RATELIMIT_H
#define _MLT_RATELIMIT_H

#include "pure.h"

/* The prefix bytes that name a source: a /32 of IPv4, a /64 of IPv6. */
#define MLT_RL_KEY_LEN		16

bool mlt_gcra_take(u64 *tat, u64 now, u64 interval, u32 burst);
void mlt_rl_key(u8 key[MLT_RL_KEY_LEN], const u8 addr[16], bool v4,
		unsigned int v4_bits, unsigned int v6_bits);

#endif /* _MLT_RATELIMIT_H */
