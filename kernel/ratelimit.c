// SPDX-License-Identifier: GPL-2.0
/*
 * The rate limit on openings per source, pure part: see ratelimit.h.
 */
#include "ratelimit.h"

/**
 * mlt_gcra_take() - one event against a token bucket
 * @tat: the bucket: its theoretical arrival time, ns (0 for a new one)
 * @now: the time of the event, ns
 * @interval: ns per token (the inverse of the rate), at least 1
 * @burst: tokens the bucket holds when full, at least 1
 *
 * The generic cell rate algorithm: a full bucket lets @burst events pass
 * at once, then one per @interval. @tat is moved only for an event that
 * passes, so refused events cost the source nothing later.
 *
 * Return: whether the event passes.
 */
bool mlt_gcra_take(u64 *tat, u64 now, u64 interval, u32 burst)
{
	u64 t = *tat > now ? *tat : now;

	/* Up to burst - 1 intervals ahead of now: a token is left. */
	if (t - now > (u64)(burst ? burst - 1 : 0) * interval)
		return false;
	*tat = t + interval;
	return true;
}

/**
 * mlt_rl_key() - the source prefix of an address, as a bucket's key
 * @key: receives the address with every bit past the prefix cleared
 * @addr: the address, IPv4 as ::ffff:a.b.c.d
 * @v4: whether it is IPv4
 * @v4_bits: the prefix length for IPv4, 0 to 32
 * @v6_bits: the prefix length for IPv6, 0 to 128
 *
 * The v4-mapped prefix is kept for IPv4, so that no IPv4 key equals an
 * IPv6 one.
 */
void mlt_rl_key(u8 key[MLT_RL_KEY_LEN], const u8 addr[16], bool v4,
		unsigned int v4_bits, unsigned int v6_bits)
{
	unsigned int bits = v4 ? 96 + (v4_bits < 32 ? v4_bits : 32) :
				 (v6_bits < 128 ? v6_bits : 128);
	unsigned int i;

	for (i = 0; i < MLT_RL_KEY_LEN; i++) {
		if (bits >= 8 * (i + 1))
			key[i] = addr[i];
		else if (bits > 8 * i)
			key[i] = addr[i] & (u8)(0xff00 >> (bits - 8 * i));
		else
			key[i] = 0;
	}
}
