// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of kernel/congestion.c: the RFC 6298 estimator and the
 * RFC 5681 window, with the constants of kernel/protocol.h.
 */
#include "kselftest_harness.h"

#include "congestion.h"

TEST(initial_state)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc);
	ASSERT_EQ(MLT_CWND_INITIAL, cc.cwnd);
	ASSERT_EQ(MLT_RTO_INITIAL_MS, cc.rto_ms);
	ASSERT_FALSE(cc.have_rtt);
}

TEST(first_sample_sets_srtt_and_half_rttvar)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc);
	mlt_cc_rtt_sample(&cc, 100000);		/* 100 ms */
	ASSERT_EQ(100000, cc.srtt_us);
	ASSERT_EQ(50000, cc.rttvar_us);
	ASSERT_EQ(300, cc.rto_ms);		/* srtt + 4 * rttvar */
}

TEST(later_samples_smooth)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc);
	mlt_cc_rtt_sample(&cc, 100000);
	mlt_cc_rtt_sample(&cc, 200000);
	/* rttvar = 3/4 * 50000 + 1/4 * 100000; srtt = 7/8 * 100000 + 1/8 * 200000 */
	ASSERT_EQ(62500, cc.rttvar_us);
	ASSERT_EQ(112500, cc.srtt_us);
	ASSERT_EQ(363, cc.rto_ms);
}

TEST(rto_clamped)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc);
	mlt_cc_rtt_sample(&cc, 10);		/* 10 us */
	ASSERT_EQ(MLT_RTO_MIN_MS, cc.rto_ms);
	mlt_cc_init(&cc);
	mlt_cc_rtt_sample(&cc, 0xffffffffU);	/* no overflow, clamped */
	ASSERT_EQ(MLT_RTO_MAX_MS, cc.rto_ms);
}

TEST(slow_start_then_avoidance)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc);
	cc.ssthresh = 20;
	mlt_cc_acked(&cc, 10);
	ASSERT_EQ(20, cc.cwnd);			/* one per ack below ssthresh */
	mlt_cc_acked(&cc, 19);
	ASSERT_EQ(20, cc.cwnd);			/* a window not yet acked */
	mlt_cc_acked(&cc, 1);
	ASSERT_EQ(21, cc.cwnd);
}

TEST(window_capped)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc);
	mlt_cc_acked(&cc, 100000);
	ASSERT_EQ(MLT_CWND_MAX, cc.cwnd);
}

TEST(fast_retransmit_halves)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc);
	cc.cwnd = 40;
	mlt_cc_fast_retransmit(&cc, 40);
	ASSERT_EQ(20, cc.ssthresh);
	ASSERT_EQ(20, cc.cwnd);
	mlt_cc_fast_retransmit(&cc, 1);
	ASSERT_EQ(MLT_CWND_MIN, cc.cwnd);	/* never below the floor */
}

TEST(timeout_collapses_and_backs_off)
{
	struct mlt_cc cc;
	int i;

	mlt_cc_init(&cc);
	cc.cwnd = 64;
	mlt_cc_timeout(&cc, 64);
	ASSERT_EQ(32, cc.ssthresh);
	ASSERT_EQ(MLT_CWND_MIN, cc.cwnd);
	ASSERT_EQ(2 * MLT_RTO_INITIAL_MS, cc.rto_ms);
	for (i = 0; i < 20; i++)
		mlt_cc_timeout(&cc, 2);
	ASSERT_EQ(MLT_RTO_MAX_MS, cc.rto_ms);
	mlt_cc_rtt_sample(&cc, 50000);		/* a sample resets the backoff */
	ASSERT_EQ(MLT_RTO_MIN_MS, cc.rto_ms);
}

TEST_HARNESS_MAIN
