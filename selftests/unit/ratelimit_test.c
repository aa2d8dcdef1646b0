// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the per-source rate limit on openings, kernel/ratelimit.c:
 * the token bucket (GCRA) with worked examples, a long random run against
 * the bound a token bucket promises, and the source prefixes.
 */
#include <stdlib.h>

#include "kselftest_harness.h"

#include "ratelimit.h"

#define MS	1000000ULL
#define SEC	1000000000ULL
#define T0	(100 * SEC)	/* an arbitrary start: nothing depends on 0 */

/* 10 per second, burst 4: four at once, then one each 100 ms. */
TEST(gcra_burst_then_rate)
{
	u64 tat = 0, now = T0;
	int i;

	for (i = 0; i < 4; i++)
		EXPECT_TRUE(mlt_gcra_take(&tat, now, 100 * MS, 4));
	EXPECT_FALSE(mlt_gcra_take(&tat, now, 100 * MS, 4));
	EXPECT_FALSE(mlt_gcra_take(&tat, now + 99 * MS, 100 * MS, 4));
	EXPECT_TRUE(mlt_gcra_take(&tat, now + 100 * MS, 100 * MS, 4));
	EXPECT_FALSE(mlt_gcra_take(&tat, now + 100 * MS, 100 * MS, 4));
	/* Refused events cost nothing: the next token is at 200 ms. */
	for (i = 0; i < 50; i++)
		EXPECT_FALSE(mlt_gcra_take(&tat, now + 150 * MS, 100 * MS, 4));
	EXPECT_TRUE(mlt_gcra_take(&tat, now + 200 * MS, 100 * MS, 4));
	/* Idle for a second: the bucket is full again, and no fuller. */
	now += 2 * SEC;
	for (i = 0; i < 4; i++)
		EXPECT_TRUE(mlt_gcra_take(&tat, now, 100 * MS, 4));
	EXPECT_FALSE(mlt_gcra_take(&tat, now, 100 * MS, 4));
}

TEST(gcra_burst_of_one_is_a_plain_rate)
{
	u64 tat = 0;

	EXPECT_TRUE(mlt_gcra_take(&tat, T0, SEC, 1));
	EXPECT_FALSE(mlt_gcra_take(&tat, T0 + SEC - 1, SEC, 1));
	EXPECT_TRUE(mlt_gcra_take(&tat, T0 + SEC, SEC, 1));
}

/*
 * Random arrivals over a minute: in every window [a, b] the events that
 * pass number at most burst + (b - a) / interval, and a source that sends
 * at a tenth of the rate is never refused.
 */
TEST(gcra_random_arrivals_keep_the_bound)
{
	static u64 passed[100000];
	u64 tat = 0, slow = 0, now = T0, interval = 10 * MS;
	u32 burst = 20;
	size_t n = 0, i, j;

	srand(12345);
	while (now < T0 + 60 * SEC && n < 100000) {
		now += (u64)(rand() % 5000) * 1000;	/* 0 to 5 ms */
		if (mlt_gcra_take(&tat, now, interval, burst))
			passed[n++] = now;
		if (now % (100 * MS) < 5 * MS)
			EXPECT_TRUE(mlt_gcra_take(&slow, now, interval, burst));
	}
	ASSERT_LT(100, n);
	for (i = 0; i < n; i += 37)
		for (j = i; j < n; j++)
			ASSERT_LE(j - i + 1,
				  burst + (passed[j] - passed[i]) / interval);
	/* Close to the rate over the minute: at least 95% of it. */
	EXPECT_LE(60 * SEC / interval * 95 / 100, n);
}

TEST(prefixes_mask_past_their_length)
{
	static const u8 v4[16] = { [10] = 0xff, [11] = 0xff,
				   192, 0, 2, 0x87 };
	static const u8 v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 1, 2, 3, 4,
				   5, 6, 7, 8, 9, 10, 11, 12 };
	u8 k[MLT_RL_KEY_LEN], want[16];

	mlt_rl_key(k, v4, true, 32, 64);
	EXPECT_EQ(0, memcmp(k, v4, 16));
	mlt_rl_key(k, v4, true, 24, 64);
	memcpy(want, v4, 16);
	want[15] = 0;
	EXPECT_EQ(0, memcmp(k, want, 16));
	mlt_rl_key(k, v4, true, 25, 64);
	want[15] = 0x80;
	EXPECT_EQ(0, memcmp(k, want, 16));
	/* 0 bits: every IPv4 source shares one bucket, apart from IPv6. */
	mlt_rl_key(k, v4, true, 0, 64);
	memset(want, 0, 16);
	want[10] = want[11] = 0xff;
	EXPECT_EQ(0, memcmp(k, want, 16));

	mlt_rl_key(k, v6, false, 32, 64);
	memcpy(want, v6, 8);
	memset(want + 8, 0, 8);
	EXPECT_EQ(0, memcmp(k, want, 16));
	mlt_rl_key(k, v6, false, 32, 60);
	want[7] = 0;
	EXPECT_EQ(0, memcmp(k, want, 16));
	mlt_rl_key(k, v6, false, 32, 200);
	EXPECT_EQ(0, memcmp(k, v6, 16));
}

TEST_HARNESS_MAIN
