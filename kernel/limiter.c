// SPDX-License-Identifier: GPL-2.0
/*
 * The rate limit on openings per source prefix (Documentation/protocol.rst,
 * "Openings under load"): a fixed table of %MLT_RL_BUCKETS token buckets
 * per namespace, indexed by a keyed hash of the source's prefix, so that
 * no source can aim at another's bucket and the table never grows. The
 * bucket maths is in ratelimit.c (pure). Updates are lock-free: one
 * compare-and-exchange of a bucket's time.
 */
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/siphash.h>

#include "minimalt.h"
#include "ratelimit.h"

/**
 * mlt_source_key() - the source prefix an address belongs to
 * @mn: the namespace, whose MLT_A_SOURCE_PREFIX4 and MLT_A_SOURCE_PREFIX6
 *	say how many bits name a source
 * @key: receives the prefix, the other bits zero
 * @from: the address
 */
void mlt_source_key(struct mlt_net *mn, u8 key[MLT_RL_KEY_LEN],
		    const struct mlt_endpoint *from)
{
	mlt_rl_key(key, from->addr.s6_addr, from->v4,
		   READ_ONCE(mn->src_prefix4), READ_ONCE(mn->src_prefix6));
}

/* The table, once the namespace opens its UDP port. Process context. */
int mlt_limiter_init(struct mlt_net *mn)
{
	if (mn->rl_buckets)
		return 0;
	get_random_bytes(&mn->rl_key, sizeof(mn->rl_key));
	mn->rl_buckets = kvcalloc(MLT_RL_BUCKETS, sizeof(u64), GFP_KERNEL);
	return mn->rl_buckets ? 0 : -ENOMEM;
}

/* Once no datagram can reach mlt_limiter_pass() any more. */
void mlt_limiter_free(struct mlt_net *mn)
{
	kvfree(mn->rl_buckets);
	mn->rl_buckets = NULL;
}

/**
 * mlt_limiter_pass() - whether an opening from @from may be worked on
 * @mn: the namespace
 * @from: its source
 *
 * Each source prefix (MLT_A_SOURCE_PREFIX4, MLT_A_SOURCE_PREFIX6) may open
 * at MLT_A_OPEN_RATE per second after a burst of MLT_A_OPEN_BURST; a rate
 * of 0 lets everything through. Any context.
 */
bool mlt_limiter_pass(struct mlt_net *mn, const struct mlt_endpoint *from)
{
	u32 rate = READ_ONCE(mn->open_rate), burst = READ_ONCE(mn->open_burst);
	u64 *bucket, old, tat, now = mlt_now();
	u8 key[MLT_RL_KEY_LEN];

	if (!mn->rl_buckets || !rate)
		return true;
	mlt_source_key(mn, key, from);
	bucket = &mn->rl_buckets[siphash(key, sizeof(key), &mn->rl_key) &
				 (MLT_RL_BUCKETS - 1)];
	old = READ_ONCE(*bucket);
	do {
		tat = old;
		if (!mlt_gcra_take(&tat, now, NSEC_PER_SEC / rate, burst))
			return false;
	} while (!try_cmpxchg64(bucket, &old, tat));
	return true;
}
