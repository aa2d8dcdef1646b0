// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of kernel/congestion.c against worked examples of RFC 6298
 * (RTO), RFC 9438 (CUBIC), RFC 9406 (HyStart++), RFC 5681/6582 (NewReno)
 * and RFC 8985 (PTO), with the constants of kernel/protocol.h and
 * kernel/congestion.h. Times in microseconds.
 */
#include "kselftest_harness.h"

#include "congestion.h"

#define MS	1000U
#define SEC	1000000ULL
#define T0	(100 * SEC)	/* an arbitrary start: nothing depends on 0 */

static void ack(struct mlt_cc *cc, u64 now, u32 acked, u32 una, u32 nxt)
{
	struct mlt_cc_ack a = {
		.now_us = now, .acked = acked, .snd_una = una, .snd_nxt = nxt,
		.cwnd_limited = true,
	};

	mlt_cc_on_ack(cc, &a);
}

/*
 * A CUBIC tunnel with srtt @srtt that lost a datagram at @cwnd and left
 * that recovery (the loss at snd_nxt 1000, the ack of 1000 at T0).
 */
static void after_loss(struct mlt_cc *cc, enum mlt_cc_algo algo, u32 cwnd,
		       u32 srtt)
{
	mlt_cc_init(cc, algo, 0);
	mlt_cc_rtt_sample(cc, srtt, 0, T0 - SEC);
	cc->cwnd = cwnd;
	mlt_cc_on_loss(cc, 1000, T0 - SEC);
	ack(cc, T0, 1, 1000, 1000);
}

/*
 * An ack-clocked sender: every ack acknowledges the oldest @per datagrams
 * with one RTT sample, and the sender then fills cwnd.
 */
struct sim {
	struct mlt_cc cc;
	u64 now;
	u32 una, nxt;
};

static void sim_init(struct sim *s, enum mlt_cc_algo algo)
{
	mlt_cc_init(&s->cc, algo, 0);
	s->now = T0;
	s->una = 5000;
	s->nxt = s->una + s->cc.cwnd;
}

static void sim_ack(struct sim *s, u32 rtt, u32 per)
{
	s->now += MS;
	mlt_cc_rtt_sample(&s->cc, rtt, 0, s->now);
	s->una += per;
	ack(&s->cc, s->now, per, s->una, s->nxt);
	if ((s32)(s->una + s->cc.cwnd - s->nxt) > 0)
		s->nxt = s->una + s->cc.cwnd;
}

/* Acks through the end of the controller's current HyStart++ round. */
static void sim_round(struct sim *s, u32 rtt, u32 per)
{
	u32 end;

	if (!s->cc.hs.round_valid)
		sim_ack(s, rtt, 1);
	end = s->cc.hs.round_end;
	while ((s32)(s->una - end) < 0)
		sim_ack(s, rtt, min(per, end - s->una));
}

/* Slow start at a constant 100 ms, to a few hundred datagrams. */
static void sim_slow_start(struct sim *s)
{
	int i;

	for (i = 0; i < 4; i++)
		sim_round(s, 100 * MS, 1);
}

TEST(init__state)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc, MLT_CC_CUBIC, T0);
	ASSERT_EQ(MLT_CWND_INITIAL, cc.cwnd);
	ASSERT_EQ(MLT_CC_INFINITE, cc.ssthresh);
	ASSERT_EQ(MLT_RTO_INITIAL_MS, cc.rto_ms);
	ASSERT_EQ(0, cc.min_rtt_us);
	ASSERT_FALSE(cc.have_rtt);
	ASSERT_FALSE(cc.in_recovery);
}

/* RFC 6298 2.2: SRTT = R, RTTVAR = R/2, RTO = SRTT + max(G, 4 RTTVAR). */
TEST(rtt_sample__first)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_rtt_sample(&cc, 100 * MS, 0, T0);
	ASSERT_TRUE(cc.have_rtt);
	ASSERT_EQ(100000, cc.srtt_us);
	ASSERT_EQ(50000, cc.rttvar_us);
	ASSERT_EQ(300, cc.rto_ms);
	ASSERT_EQ(100000, cc.min_rtt_us);
}

/* RFC 6298 2.3: beta 1/4, alpha 1/8; the RTO rounds up to the 1 ms clock. */
TEST(rtt_sample__smoothing)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_rtt_sample(&cc, 100 * MS, 0, T0);
	mlt_cc_rtt_sample(&cc, 200 * MS, 0, T0 + SEC);
	ASSERT_EQ(62500, cc.rttvar_us);		/* 3/4 50000 + 1/4 100000 */
	ASSERT_EQ(112500, cc.srtt_us);		/* 7/8 100000 + 1/8 200000 */
	ASSERT_EQ(363, cc.rto_ms);		/* 362.5 ms, rounded up */
}

/* RTTVAR decays to 0 on a steady path: the clock granularity G remains. */
TEST(rtt_sample__granularity)
{
	struct mlt_cc cc;
	int i;

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	for (i = 0; i < 80; i++)
		mlt_cc_rtt_sample(&cc, 500 * MS, 0, T0 + i * SEC);
	ASSERT_EQ(0, cc.rttvar_us);
	ASSERT_EQ(501, cc.rto_ms);
}

TEST(rtt_sample__clamps)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_rtt_sample(&cc, 10, 0, T0);
	ASSERT_EQ(MLT_RTO_MIN_MS, cc.rto_ms);
	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_rtt_sample(&cc, 0xffffffffU, 0, T0);
	ASSERT_EQ(MLT_RTO_MAX_MS, cc.rto_ms);
	mlt_cc_rtt_sample(&cc, 0xffffffffU, 0xffffffffU, T0);
	ASSERT_EQ(MLT_RTO_MAX_MS, cc.rto_ms);
	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_rtt_sample(&cc, 0, 0, T0);	/* 0 would read as "none" */
	ASSERT_EQ(1, cc.min_rtt_us);
}

/* RFC 9002 5.3: subtract the ack delay only if min_rtt remains. */
TEST(rtt_sample__ack_delay)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_rtt_sample(&cc, 50 * MS, 0, T0);
	mlt_cc_rtt_sample(&cc, 80 * MS, 20 * MS, T0 + SEC);
	ASSERT_EQ(51250, cc.srtt_us);		/* 7/8 50 + 1/8 (80 - 20) ms */
	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_rtt_sample(&cc, 50 * MS, 0, T0);
	mlt_cc_rtt_sample(&cc, 60 * MS, 20 * MS, T0 + SEC);
	ASSERT_EQ(51250, cc.srtt_us);		/* 60 - 20 < 50: 60 ms */
	/* min_rtt takes the raw sample, never the adjusted one. */
	mlt_cc_rtt_sample(&cc, 80 * MS, 40 * MS, T0 + 2 * SEC);
	ASSERT_EQ(50000, cc.min_rtt_us);
	mlt_cc_rtt_sample(&cc, 30 * MS, 25 * MS, T0 + 3 * SEC);
	ASSERT_EQ(30000, cc.min_rtt_us);
}

/*
 * The minimum holds for MLT_MIN_RTT_WIN_US, then the best of the later
 * samples takes over: lib/win_minmax.c keeps one from the second quarter
 * of the window (70 ms here), not only the newest ones.
 */
TEST(min_rtt__window)
{
	struct mlt_cc cc;
	int i;

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_rtt_sample(&cc, 50 * MS, 0, T0);
	mlt_cc_rtt_sample(&cc, 70 * MS, 0, T0 + 3 * SEC);
	for (i = 4; i <= 10; i++) {
		mlt_cc_rtt_sample(&cc, 80 * MS, 0, T0 + i * SEC);
		ASSERT_EQ(50000, cc.min_rtt_us);
	}
	mlt_cc_rtt_sample(&cc, 90 * MS, 0, T0 + 10 * SEC + 500 * MS);
	ASSERT_EQ(70000, cc.min_rtt_us);
	mlt_cc_rtt_sample(&cc, 90 * MS, 0, T0 + 13 * SEC + 500 * MS);
	ASSERT_EQ(80000, cc.min_rtt_us);
	mlt_cc_rtt_sample(&cc, 60 * MS, 0, T0 + 14 * SEC);
	ASSERT_EQ(60000, cc.min_rtt_us);
	/* After a silence longer than the window, the new sample alone. */
	mlt_cc_rtt_sample(&cc, 70 * MS, 0, T0 + 30 * SEC);
	ASSERT_EQ(70000, cc.min_rtt_us);
}

/* RFC 6298 5.5: each timeout doubles the RTO, up to the maximum (2.5). */
TEST(rto__backoff_and_reset_by_sample)
{
	struct mlt_cc cc;
	int i;

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_rtt_sample(&cc, 100 * MS, 0, T0);
	ASSERT_EQ(300, cc.rto_ms);
	mlt_cc_on_rto(&cc, 1000, T0);
	ASSERT_EQ(600, cc.rto_ms);
	mlt_cc_on_rto(&cc, 1000, T0);
	ASSERT_EQ(1200, cc.rto_ms);
	for (i = 0; i < 10; i++)
		mlt_cc_on_rto(&cc, 1000, T0);
	ASSERT_EQ(MLT_RTO_MAX_MS, cc.rto_ms);
	/* 7/8 100 + 1/8 100 ms, rttvar 3/4 50 ms: 100 + 150 ms. */
	mlt_cc_rtt_sample(&cc, 100 * MS, 0, T0 + SEC);
	ASSERT_EQ(250, cc.rto_ms);
}

/* RFC 5681 3.1: the loss window of one datagram, slow start from there. */
TEST(rto__loss_window)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc, MLT_CC_NEWRENO, 0);
	mlt_cc_rtt_sample(&cc, 100 * MS, 0, T0);
	cc.cwnd = 40;
	mlt_cc_on_rto(&cc, 1000, T0);
	ASSERT_EQ(20, cc.ssthresh);
	ASSERT_EQ(1, cc.cwnd);
	ASSERT_TRUE(cc.in_recovery);
	/* One reduction per episode: a loss or a second timeout keeps it. */
	ASSERT_FALSE(mlt_cc_on_loss(&cc, 1000, T0));
	mlt_cc_on_rto(&cc, 1000, T0);
	ASSERT_EQ(20, cc.ssthresh);
	ASSERT_EQ(1, cc.cwnd);
	/* Slow start inside the timeout's recovery. */
	ack(&cc, T0 + SEC, 1, 991, 1000);
	ASSERT_EQ(2, cc.cwnd);
	ack(&cc, T0 + SEC, 2, 993, 1000);
	ASSERT_EQ(4, cc.cwnd);
	ack(&cc, T0 + SEC, 7, 1000, 1004);	/* the recovery point */
	ASSERT_FALSE(cc.in_recovery);
	ASSERT_EQ(4, cc.cwnd);

	/* A timeout inside a fast recovery keeps that recovery's ssthresh. */
	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	cc.cwnd = 100;
	ASSERT_TRUE(mlt_cc_on_loss(&cc, 1000, T0));
	ASSERT_EQ(70, cc.ssthresh);
	mlt_cc_on_rto(&cc, 1050, T0);
	ASSERT_EQ(70, cc.ssthresh);
	ASSERT_EQ(1, cc.cwnd);
	ack(&cc, T0, 1, 1000, 1050);		/* the new recovery point holds */
	ASSERT_TRUE(cc.in_recovery);
}

/* RFC 9438 4.2: K = cbrt((W_max - cwnd_epoch) / C), in milliseconds. */
TEST(cubic__k)
{
	struct mlt_cc cc;

	after_loss(&cc, MLT_CC_CUBIC, 100, 100 * MS);
	ack(&cc, T0, 1, 1001, 1100);		/* the epoch starts */
	ASSERT_EQ(100, cc.ca.w_max);
	ASSERT_EQ(4217, cc.ca.k_ms);		/* cbrt(30 / 0.4) = 4.2172 s */

	after_loss(&cc, MLT_CC_CUBIC, 1000, 100 * MS);
	ack(&cc, T0, 1, 1001, 1100);
	ASSERT_EQ(9085, cc.ca.k_ms);		/* cbrt(300 / 0.4) = 9.0856 s */

	after_loss(&cc, MLT_CC_CUBIC, 1000000, 100 * MS);
	ack(&cc, T0, 1, 1001, 1100);
	ASSERT_EQ(90856, cc.ca.k_ms);		/* cbrt(300000 / 0.4) */
}

/*
 * W_cubic(t) = 0.4 (t - K)^3 + W_max with W_max 100, K 4.2172 s: acking a
 * whole window moves cwnd to the target W_cubic(t + RTT), clamped to
 * [cwnd, 1.5 cwnd].
 */
TEST(cubic__window_at_t)
{
	const u64 rtt = 100 * MS, k = 4217 * MS;
	struct mlt_cc cc;

	after_loss(&cc, MLT_CC_CUBIC, 100, rtt);
	ack(&cc, T0, 1, 1001, 1100);
	ASSERT_EQ(70, cc.cwnd);			/* W_cubic(0.1 s) = 72.09 */
	ack(&cc, T0 + 2 * SEC - rtt, 70, 1071, 1200);
	ASSERT_EQ(95, cc.cwnd);			/* W_cubic(2 s) = 95.64 */
	ack(&cc, T0 + k - rtt, 95, 1166, 1300);
	ASSERT_EQ(100, cc.cwnd);		/* W_cubic(K) = W_max */
	ack(&cc, T0 + k + 4 * SEC - rtt, 100, 1266, 1400);
	ASSERT_EQ(125, cc.cwnd);		/* 100 + 0.4 * 4^3 = 125.6 */
	/* Two windows in one ack: still no further than the target. */
	ack(&cc, T0 + k + 5 * SEC - rtt, 250, 1391, 1500);
	ASSERT_EQ(150, cc.cwnd);		/* 100 + 0.4 * 5^3 */
	ack(&cc, T0 + k + 10 * SEC - rtt, 150, 1541, 1700);
	ASSERT_EQ(225, cc.cwnd);		/* 500, clamped to 1.5 cwnd */
	/* The Reno estimate grew by alpha = 0.53 per window: far below. */
	ASSERT_EQ(72, cc.ca.w_est);
}

/*
 * RFC 9438 4.10: avoidance entered without a loss (after HyStart++, or at
 * an ssthresh above W_max) starts the curve at the window: K = 0,
 * W_max = cwnd.
 */
TEST(cubic__epoch_without_loss)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_rtt_sample(&cc, 100 * MS, 0, T0 - SEC);
	cc.cwnd = 100;
	cc.ssthresh = 100;
	ack(&cc, T0, 1, 1001, 1100);
	ASSERT_EQ(0, cc.ca.k_ms);
	ASSERT_EQ(100, cc.ca.w_max);
	ack(&cc, T0 + 5 * SEC - 100 * MS, 100, 1101, 1200);
	ASSERT_EQ(150, cc.cwnd);		/* 100 + 0.4 * 5^3 */
}

/* RFC 9438 4.6: ssthresh = cwnd * beta_cubic, at least MLT_CWND_MIN. */
TEST(cubic__beta_reduction)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	cc.cwnd = 100;
	ASSERT_TRUE(mlt_cc_on_loss(&cc, 1000, T0));
	ASSERT_EQ(70, cc.ssthresh);
	ASSERT_EQ(70, cc.cwnd);
	ASSERT_EQ(100, cc.ca.w_max);
	ASSERT_TRUE(cc.in_recovery);

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	cc.cwnd = 3;				/* 2.1 */
	mlt_cc_on_loss(&cc, 1000, T0);
	ASSERT_EQ(MLT_CWND_MIN, cc.cwnd);
	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	cc.cwnd = 1;
	mlt_cc_on_loss(&cc, 1000, T0);
	ASSERT_EQ(MLT_CWND_MIN, cc.ssthresh);
}

/* RFC 9438 4.7: a loss below W_max sets W_max = cwnd (1 + beta) / 2. */
TEST(cubic__fast_convergence)
{
	struct mlt_cc cc;

	after_loss(&cc, MLT_CC_CUBIC, 100, 100 * MS);
	ASSERT_EQ(100, cc.ca.w_max);
	ASSERT_TRUE(mlt_cc_on_loss(&cc, 2000, T0));	/* at cwnd 70 */
	ASSERT_EQ(59, cc.ca.w_max);		/* 70 * 0.85 = 59.5 */
	ASSERT_EQ(49, cc.ssthresh);
	ASSERT_EQ(49, cc.cwnd);
	ack(&cc, T0, 1, 2000, 2000);
	ack(&cc, T0, 1, 2001, 2100);
	ASSERT_EQ(2924, cc.ca.k_ms);		/* cbrt(10 / 0.4) = 2.924 s */
	/* Above the last W_max: W_max is the window itself. */
	cc.cwnd = 200;
	mlt_cc_on_loss(&cc, 3000, T0);
	ASSERT_EQ(200, cc.ca.w_max);
	ASSERT_EQ(140, cc.cwnd);
}

/*
 * RFC 9438 4.3: at a small RTT, Reno's W_est (alpha 3 (1 - beta) /
 * (1 + beta), then 1 above cwnd_prior) outgrows W_cubic and cwnd follows it;
 * at a large RTT the cubic curve rules.
 */
TEST(cubic__reno_friendly_region)
{
	struct mlt_cc cc;
	u32 i;

	after_loss(&cc, MLT_CC_CUBIC, 100, 1 * MS);
	for (i = 0; i < 1000; i++)		/* 1 s of 1 ms rounds */
		ack(&cc, T0 + i * MS, cc.cwnd, 1001 + i, 2000 + i);
	/* 57 windows at 0.53 to reach 100, then 1 per window: 1043. */
	ASSERT_EQ(cc.ca.w_est, cc.cwnd);
	ASSERT_GE(cc.cwnd, 1030);
	ASSERT_LE(cc.cwnd, 1050);

	after_loss(&cc, MLT_CC_CUBIC, 100, 100 * MS);
	for (i = 0; i < 10; i++)		/* 1 s of 100 ms rounds */
		ack(&cc, T0 + i * 100 * MS, cc.cwnd, 1001 + i, 2000 + i);
	ASSERT_EQ(86, cc.cwnd);			/* W_cubic(0.9 s + RTT) = 86.7 */
	ASSERT_LT(cc.ca.w_est, cc.cwnd);
}

/* Slow start: +1 per datagram acknowledged, about doubling per round. */
TEST(slow_start__one_per_datagram)
{
	struct sim s;
	u32 c0, size;

	sim_init(&s, MLT_CC_CUBIC);
	sim_round(&s, 100 * MS, 1);
	c0 = s.cc.cwnd;
	size = s.cc.hs.round_end - s.una;
	ASSERT_GE(size, c0 - 2);
	sim_round(&s, 100 * MS, 1);
	ASSERT_EQ(c0 + size, s.cc.cwnd);
	ASSERT_FALSE(s.cc.hs.css);
}

/* RFC 9406 4.2: the RTT threshold clamp(lastRoundMinRTT / 8, 4, 16) ms. */
TEST(hystart__delay_increase_enters_css)
{
	struct sim s;
	u32 c0, size;

	sim_init(&s, MLT_CC_CUBIC);
	sim_slow_start(&s);
	/* 100 ms + 12.5 ms is the threshold: 112 ms stays in slow start. */
	c0 = s.cc.cwnd;
	size = s.cc.hs.round_end - s.una;
	sim_round(&s, 112 * MS, 1);
	ASSERT_FALSE(s.cc.hs.css);
	ASSERT_EQ(c0 + size, s.cc.cwnd);
	/* 112 + 14 ms (112 / 8) reaches the threshold: CSS at the 8th sample. */
	c0 = s.cc.cwnd;
	size = s.cc.hs.round_end - s.una;
	sim_round(&s, 126 * MS, 1);
	ASSERT_TRUE(s.cc.hs.css);
	ASSERT_EQ(126000, s.cc.hs.css_baseline_us);
	/* 8 acks at +1, then CSS_GROWTH_DIVISOR acks per datagram. */
	ASSERT_EQ(c0 + 8 + (size - 8) / 4, s.cc.cwnd);
	ASSERT_EQ(MLT_CC_INFINITE, s.cc.ssthresh);
}

/* The 4 ms floor of the threshold, and N_RTT_SAMPLE samples needed. */
TEST(hystart__threshold_floor_and_samples)
{
	struct sim s;
	int i;

	sim_init(&s, MLT_CC_CUBIC);
	for (i = 0; i < 4; i++)
		sim_round(&s, 10 * MS, 1);
	sim_round(&s, 13 * MS, 1);		/* +3 ms < 4 ms */
	ASSERT_FALSE(s.cc.hs.css);
	/* A round of 7 acks (7 samples) cannot exit, whatever the RTT. */
	sim_round(&s, 50 * MS, (s.cc.hs.round_end - s.una + 6) / 7);
	ASSERT_FALSE(s.cc.hs.css);
	sim_round(&s, 60 * MS, 1);
	ASSERT_TRUE(s.cc.hs.css);
}

/* RFC 9406: a round whose minimum falls below the baseline resumes slow start. */
TEST(hystart__css_back_to_slow_start)
{
	struct sim s;
	u32 c0, size;

	sim_init(&s, MLT_CC_CUBIC);
	sim_slow_start(&s);
	sim_round(&s, 120 * MS, 1);
	ASSERT_TRUE(s.cc.hs.css);
	c0 = s.cc.cwnd;
	size = s.cc.hs.round_end - s.una;
	sim_round(&s, 100 * MS, 1);
	ASSERT_FALSE(s.cc.hs.css);
	/* 8 acks in CSS (about 2 datagrams), then +1 per ack. */
	ASSERT_GE(s.cc.cwnd, c0 + size - 8);
	ASSERT_LE(s.cc.cwnd, c0 + size - 5);
}

/* RFC 9406: CSS lasts CSS_ROUNDS rounds (the partial first one counts). */
TEST(hystart__css_rounds_then_avoidance)
{
	struct sim s;
	u32 c0, size;
	int i;

	sim_init(&s, MLT_CC_CUBIC);
	sim_slow_start(&s);
	sim_round(&s, 120 * MS, 1);
	ASSERT_TRUE(s.cc.hs.css);
	for (i = 0; i < 3; i++) {
		c0 = s.cc.cwnd;
		size = s.cc.hs.round_end - s.una;
		sim_round(&s, 120 * MS, 1);
		ASSERT_TRUE(s.cc.hs.css);
		ASSERT_EQ(MLT_CC_INFINITE, s.cc.ssthresh);
		/* Within the remainder carried from one round to the next. */
		ASSERT_GE(s.cc.cwnd, c0 + size / 4 - 1);
		ASSERT_LE(s.cc.cwnd, c0 + size / 4 + 1);
	}
	sim_round(&s, 120 * MS, 1);
	ASSERT_FALSE(s.cc.hs.css);
	ASSERT_NE(MLT_CC_INFINITE, s.cc.ssthresh);
	ASSERT_LE(s.cc.ssthresh, s.cc.cwnd);
	ASSERT_LE(s.cc.cwnd, s.cc.ssthresh + 1);
	/* Congestion avoidance: a round adds far less than a window. */
	c0 = s.cc.cwnd;
	sim_round(&s, 120 * MS, 1);
	ASSERT_LT(s.cc.cwnd, c0 + c0 / 4);
}

/* NewReno has no HyStart++: the same delay increase keeps slow start. */
TEST(newreno__no_hystart)
{
	struct sim s;
	u32 c0, size;

	sim_init(&s, MLT_CC_NEWRENO);
	sim_slow_start(&s);
	c0 = s.cc.cwnd;
	size = s.cc.hs.round_end - s.una;
	sim_round(&s, 150 * MS, 1);
	ASSERT_FALSE(s.cc.hs.css);
	ASSERT_EQ(c0 + size, s.cc.cwnd);
}

/* RFC 6582/5681: ssthresh = cwnd / 2, then +1 per window acknowledged. */
TEST(newreno__halving_and_one_per_window)
{
	struct mlt_cc cc;

	after_loss(&cc, MLT_CC_NEWRENO, 40, 100 * MS);
	ASSERT_EQ(20, cc.ssthresh);
	ASSERT_EQ(20, cc.cwnd);
	ack(&cc, T0, 19, 1019, 1100);
	ASSERT_EQ(20, cc.cwnd);
	ack(&cc, T0, 1, 1020, 1100);
	ASSERT_EQ(21, cc.cwnd);
	ack(&cc, T0, 42, 1062, 1100);		/* two windows of 21 */
	ASSERT_EQ(23, cc.cwnd);

	mlt_cc_init(&cc, MLT_CC_NEWRENO, 0);
	cc.cwnd = 3;
	mlt_cc_on_loss(&cc, 1000, T0);
	ASSERT_EQ(MLT_CWND_MIN, cc.cwnd);
}

/* Slow start stops at ssthresh; the rest of the ack goes to avoidance. */
TEST(newreno__slow_start_to_ssthresh)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc, MLT_CC_NEWRENO, 0);
	cc.ssthresh = 20;
	ack(&cc, T0, 15, 1015, 1020);		/* 10 to slow start, 5 beyond */
	ASSERT_EQ(20, cc.cwnd);
	ack(&cc, T0, 14, 1029, 1040);
	ASSERT_EQ(20, cc.cwnd);
	ack(&cc, T0, 1, 1030, 1040);
	ASSERT_EQ(21, cc.cwnd);
}

/*
 * A tunnel of srtt 100 ms at @cwnd that has just detected a loss, the
 * recovery point at 1000 + @cwnd: whether that began a recovery.
 */
static bool lost_at(struct mlt_cc *cc, enum mlt_cc_algo algo, u32 cwnd)
{
	mlt_cc_init(cc, algo, 0);
	mlt_cc_rtt_sample(cc, 100 * MS, 0, T0);
	cc->cwnd = cwnd;
	return mlt_cc_on_loss(cc, 1000 + cwnd, T0);
}

/* No growth in recovery; it ends when snd_una reaches the recovery point. */
TEST(recovery__no_growth_until_recovery_point)
{
	struct mlt_cc cc;

	ASSERT_TRUE(lost_at(&cc, MLT_CC_NEWRENO, 40));
	ASSERT_EQ(20, cc.cwnd);
	/* A second loss in the same episode changes nothing. */
	ASSERT_FALSE(mlt_cc_on_loss(&cc, 1060, T0));
	ASSERT_EQ(20, cc.cwnd);
	ASSERT_EQ(20, cc.ssthresh);
	ack(&cc, T0, 30, 1030, 1060);
	ASSERT_TRUE(cc.in_recovery);
	ASSERT_EQ(20, cc.cwnd);
	ack(&cc, T0, 10, 1040, 1060);		/* the first recovery point */
	ASSERT_FALSE(cc.in_recovery);
	ASSERT_EQ(20, cc.cwnd);
	ack(&cc, T0, 20, 1060, 1080);
	ASSERT_EQ(21, cc.cwnd);
	ASSERT_TRUE(mlt_cc_on_loss(&cc, 1080, T0));
	ASSERT_EQ(10, cc.cwnd);
}

/*
 * A fast recovery under PRR (RFC 6937): the sender of struct prr_sim
 * sends whenever the flight is below cwnd, and each ack delivers @per
 * datagrams.
 */
struct prr_sim {
	struct mlt_cc cc;
	u32 una, nxt, inflight, sent;
};

static void prr_ack(struct prr_sim *p, u32 per)
{
	struct mlt_cc_ack a = {
		.now_us = T0, .acked = per, .cwnd_limited = true,
	};

	p->inflight -= per;
	p->una += per;
	a.snd_una = p->una;
	a.snd_nxt = p->nxt;
	a.inflight = p->inflight;
	mlt_cc_on_ack(&p->cc, &a);
	while (p->inflight < p->cc.cwnd) {
		mlt_cc_sent(&p->cc);
		p->inflight++;
		p->nxt++;
		p->sent++;
	}
}

/*
 * RFC 6937 section 6's first example: 20 datagrams in flight, one lost,
 * NewReno's ssthresh of 10. PRR sends the retransmission at once, then
 * one datagram for every two delivered, so that the flight reaches
 * ssthresh as the recovery ends, instead of stopping for half a round
 * trip and then sending one per ack.
 */
TEST(prr__one_loss_proportional)
{
	struct prr_sim p = { .una = 1000, .nxt = 1020, .inflight = 20 };
	int i;

	/* Three delivered above the hole, then the hole deemed lost. */
	p.inflight -= 3 + 1;
	ASSERT_TRUE(lost_at(&p.cc, MLT_CC_NEWRENO, 20));
	mlt_cc_prr_start(&p.cc, 20, p.inflight);
	ASSERT_EQ(10, p.cc.ssthresh);
	ASSERT_EQ(17, p.cc.cwnd);		/* the retransmission may go */
	mlt_cc_sent(&p.cc);
	p.inflight++;
	ASSERT_EQ(1, p.cc.prr_out);

	/* prr_delivered 1..16: ceil(d * 10 / 20) sent in all, by then. */
	for (i = 1; i <= 16; i++) {
		struct mlt_cc_ack a = {
			.now_us = T0, .acked = 1, .snd_una = 1000,
			.snd_nxt = p.nxt, .cwnd_limited = true,
		};

		a.inflight = --p.inflight;
		mlt_cc_on_ack(&p.cc, &a);
		while (p.inflight < p.cc.cwnd) {
			mlt_cc_sent(&p.cc);
			p.inflight++;
			p.nxt++;
		}
		/*
		 * Proportional while the flight exceeds ssthresh, then the
		 * reduction bound holds it there.
		 */
		if (i <= 10) {
			ASSERT_EQ((u32)(i + 1) / 2, p.cc.prr_out);
		} else {
			ASSERT_EQ(10, p.inflight);
		}
		ASSERT_GE(p.cc.cwnd, p.cc.ssthresh);
		ASSERT_TRUE(p.cc.in_recovery);
	}
	ASSERT_EQ(10, p.cc.prr_out);
	ASSERT_EQ(10, p.inflight);
	/* The ack of the retransmission covers the recovery point. */
	p.una = 1019;
	prr_ack(&p, 1);
	ASSERT_FALSE(p.cc.in_recovery);
	ASSERT_FALSE(p.cc.prr);
	ASSERT_EQ(10, p.cc.cwnd);
}

/*
 * Below ssthresh (many losses at once), the slow-start reduction bound:
 * the flight climbs back toward ssthresh by at most one datagram more
 * than each ack delivered, never past ssthresh.
 */
TEST(prr__ssrb_below_ssthresh)
{
	struct prr_sim p = { .una = 1000, .nxt = 1040, .inflight = 40 };
	int i;

	/* 30 of 40 lost at once: 10 in flight, ssthresh 20. */
	p.inflight = 10;
	ASSERT_TRUE(lost_at(&p.cc, MLT_CC_NEWRENO, 40));
	mlt_cc_prr_start(&p.cc, 40, p.inflight);
	ASSERT_EQ(20, p.cc.ssthresh);
	ASSERT_EQ(11, p.cc.cwnd);
	prr_ack(&p, 0);			/* the first retransmission */
	ASSERT_EQ(1, p.sent);
	ASSERT_EQ(11, p.inflight);
	/* limit = max(delivered - out, this ack's) + 1 */
	prr_ack(&p, 1);			/* max(1 - 1, 1) + 1 */
	ASSERT_EQ(12, p.cc.cwnd);
	ASSERT_EQ(3, p.sent);
	prr_ack(&p, 1);			/* max(2 - 3, 1) + 1 */
	ASSERT_EQ(13, p.cc.cwnd);
	ASSERT_EQ(5, p.sent);
	prr_ack(&p, 4);			/* max(6 - 5, 4) + 1 */
	ASSERT_EQ(14, p.cc.cwnd);
	ASSERT_EQ(10, p.sent);
	/* Up to ssthresh, not past it. */
	for (i = 0; i < 8; i++) {
		prr_ack(&p, 4);
		ASSERT_GE(20, p.inflight);
		ASSERT_TRUE(p.cc.in_recovery);
	}
	ASSERT_EQ(20, p.cc.cwnd);
	ASSERT_EQ(20, p.inflight);
}

/* A timeout or an undo ends PRR: the window is theirs again. */
TEST(prr__ended_by_rto_and_undo)
{
	struct mlt_cc cc;

	ASSERT_TRUE(lost_at(&cc, MLT_CC_CUBIC, 40));
	mlt_cc_prr_start(&cc, 40, 39);
	ASSERT_TRUE(cc.prr);
	mlt_cc_on_rto(&cc, 1040, T0);
	ASSERT_FALSE(cc.prr);
	ASSERT_EQ(1, cc.cwnd);

	ASSERT_TRUE(lost_at(&cc, MLT_CC_CUBIC, 40));
	mlt_cc_prr_start(&cc, 40, 39);
	mlt_cc_undo(&cc);
	ASSERT_FALSE(cc.prr);
	ASSERT_EQ(40, cc.cwnd);
	mlt_cc_sent(&cc);
	ASSERT_EQ(0, cc.prr_out);
}

/* No growth when the application or the peer's window limited the sender. */
TEST(on_ack__not_cwnd_limited)
{
	struct mlt_cc_ack a = {
		.now_us = T0, .acked = 10, .snd_una = 1010, .snd_nxt = 1010,
	};
	struct mlt_cc cc;

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_on_ack(&cc, &a);
	ASSERT_EQ(MLT_CWND_INITIAL, cc.cwnd);
	a.cwnd_limited = true;
	a.snd_una = 1020;
	mlt_cc_on_ack(&cc, &a);
	ASSERT_EQ(2 * MLT_CWND_INITIAL, cc.cwnd);
}

static void assert_avoid_eq(struct __test_metadata *_metadata,
			    const struct mlt_cc_avoid *a,
			    const struct mlt_cc_avoid *b)
{
	ASSERT_EQ(a->acc, b->acc);
	ASSERT_EQ(a->epoch_us, b->epoch_us);
	ASSERT_EQ(a->w_est_acc, b->w_est_acc);
	ASSERT_EQ(a->w_max, b->w_max);
	ASSERT_EQ(a->cwnd_prior, b->cwnd_prior);
	ASSERT_EQ(a->k_ms, b->k_ms);
	ASSERT_EQ(a->w_est, b->w_est);
	ASSERT_EQ(a->epoch_valid, b->epoch_valid);
}

/* RFC 9438 4.9: an undo restores the state from before the reduction. */
TEST(undo__restores_exactly)
{
	struct mlt_cc cc, before;

	after_loss(&cc, MLT_CC_CUBIC, 100, 100 * MS);
	ack(&cc, T0, 1, 1001, 1100);
	ack(&cc, T0 + 2 * SEC - 100 * MS, 70, 1071, 1200);
	ASSERT_EQ(95, cc.cwnd);
	before = cc;
	ASSERT_TRUE(mlt_cc_on_loss(&cc, 1200, T0 + 2 * SEC));
	ASSERT_EQ(66, cc.cwnd);
	ack(&cc, T0 + 2 * SEC, 10, 1081, 1200);
	mlt_cc_undo(&cc);
	ASSERT_FALSE(cc.in_recovery);
	ASSERT_EQ(before.cwnd, cc.cwnd);
	ASSERT_EQ(before.ssthresh, cc.ssthresh);
	assert_avoid_eq(_metadata, &before.ca, &cc.ca);
	/* Once only. */
	cc.cwnd = 90;
	mlt_cc_undo(&cc);
	ASSERT_EQ(90, cc.cwnd);

	/* After a timeout, in slow start: ssthresh infinite again. */
	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_rtt_sample(&cc, 100 * MS, 0, T0);
	cc.cwnd = 64;
	before = cc;
	mlt_cc_on_rto(&cc, 1064, T0);
	ASSERT_EQ(1, cc.cwnd);
	ack(&cc, T0, 1, 1001, 1064);
	mlt_cc_undo(&cc);
	ASSERT_EQ(64, cc.cwnd);
	ASSERT_EQ(MLT_CC_INFINITE, cc.ssthresh);
	assert_avoid_eq(_metadata, &before.ca, &cc.ca);
	ASSERT_FALSE(cc.in_recovery);

	/* A timeout inside a fast recovery undoes to before the fast recovery. */
	mlt_cc_init(&cc, MLT_CC_NEWRENO, 0);
	cc.cwnd = 64;
	mlt_cc_on_loss(&cc, 1064, T0);
	mlt_cc_on_rto(&cc, 1070, T0);
	mlt_cc_undo(&cc);
	ASSERT_EQ(64, cc.cwnd);
	ASSERT_EQ(MLT_CC_INFINITE, cc.ssthresh);
}

/* Possible up to the ack that ends the recovery, not after; never at start. */
TEST(undo__window)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc, MLT_CC_NEWRENO, 0);
	mlt_cc_undo(&cc);
	ASSERT_EQ(MLT_CWND_INITIAL, cc.cwnd);
	ASSERT_EQ(MLT_CC_INFINITE, cc.ssthresh);

	cc.cwnd = 40;
	mlt_cc_on_loss(&cc, 1040, T0);
	ack(&cc, T0, 40, 1040, 1040);		/* ends the recovery */
	mlt_cc_undo(&cc);
	ASSERT_EQ(40, cc.cwnd);

	cc.cwnd = 40;
	mlt_cc_on_loss(&cc, 1080, T0);
	ack(&cc, T0, 40, 1080, 1080);
	ack(&cc, T0, 1, 1081, 1100);		/* growth resumed */
	mlt_cc_undo(&cc);
	ASSERT_EQ(20, cc.cwnd);
}

/*
 * RFC 8985 6.2 step 4: a quarter of the minimum RTT, at most SRTT; none on
 * a path not known to reorder once DupThresh datagrams above a hole were
 * delivered or in recovery.
 */
TEST(reo_wnd__rules)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	ASSERT_EQ(1, cc.reo_mult);
	ASSERT_EQ(0, mlt_cc_reo_wnd_us(&cc, true, 0));	/* no sample yet */
	mlt_cc_rtt_sample(&cc, 40 * MS, 0, T0);
	ASSERT_EQ(10 * MS, mlt_cc_reo_wnd_us(&cc, false, 0));
	ASSERT_EQ(10 * MS, mlt_cc_reo_wnd_us(&cc, false, MLT_DUPTHRESH - 1));
	ASSERT_EQ(0, mlt_cc_reo_wnd_us(&cc, false, MLT_DUPTHRESH));
	ASSERT_EQ(10 * MS, mlt_cc_reo_wnd_us(&cc, true, MLT_DUPTHRESH));
	mlt_cc_on_loss(&cc, 1100, T0);
	ASSERT_EQ(0, mlt_cc_reo_wnd_us(&cc, false, 0));
	ASSERT_EQ(10 * MS, mlt_cc_reo_wnd_us(&cc, true, 0));

	/* Never above SRTT: the minimum is old, the path slower now. */
	cc.reo_mult = 200;
	ASSERT_EQ(cc.srtt_us, mlt_cc_reo_wnd_us(&cc, true, 0));
}

/*
 * A spurious retransmission undoes the reduction and widens the window by
 * a quarter of the minimum RTT, once per round trip (the round ends when
 * snd_una reaches snd_nxt of the widening); 16 recoveries later it is back
 * to one quarter.
 */
TEST(reo_wnd__widened_by_spurious_then_restored)
{
	struct mlt_cc cc;
	u32 una = 1000, i;

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_rtt_sample(&cc, 40 * MS, 0, T0);
	cc.cwnd = 100;
	mlt_cc_on_loss(&cc, 1100, T0);
	mlt_cc_spurious(&cc, 1000, 1100);
	ASSERT_EQ(100, cc.cwnd);			/* undone */
	ASSERT_EQ(2, cc.reo_mult);
	ASSERT_EQ(20 * MS, mlt_cc_reo_wnd_us(&cc, true, 0));
	mlt_cc_spurious(&cc, 1099, 1150);		/* same round */
	ASSERT_EQ(2, cc.reo_mult);
	mlt_cc_spurious(&cc, 1100, 1200);		/* the next */
	ASSERT_EQ(3, cc.reo_mult);
	ASSERT_EQ(30 * MS, mlt_cc_reo_wnd_us(&cc, true, 0));
	ASSERT_EQ(MLT_REO_WND_PERSIST, cc.reo_persist);

	una = 1200;
	for (i = 0; i < MLT_REO_WND_PERSIST; i++) {
		ASSERT_EQ(3, cc.reo_mult);
		mlt_cc_on_loss(&cc, una + 10, T0 + i * SEC);
		ack(&cc, T0 + i * SEC + 50 * MS, 10, una + 10, una + 20);
		ASSERT_FALSE(cc.in_recovery);
		una += 10;
	}
	ASSERT_EQ(1, cc.reo_mult);
	ASSERT_EQ(10 * MS, mlt_cc_reo_wnd_us(&cc, true, 0));

	/* Sequence numbers wrap. */
	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_spurious(&cc, 0xfffffff0U, 0x10);
	mlt_cc_spurious(&cc, 0x5, 0x20);
	ASSERT_EQ(2, cc.reo_mult);
	mlt_cc_spurious(&cc, 0x10, 0x30);
	ASSERT_EQ(3, cc.reo_mult);
}

/* RFC 5681 4.1: the restart window; CUBIC's epoch starts again. */
TEST(idle_restart__restart_window)
{
	struct mlt_cc cc;

	after_loss(&cc, MLT_CC_CUBIC, 100, 100 * MS);
	ack(&cc, T0, 1, 1001, 1100);
	ASSERT_TRUE(cc.ca.epoch_valid);
	mlt_cc_idle_restart(&cc, T0 + 10 * SEC);
	ASSERT_EQ(MLT_CWND_INITIAL, cc.cwnd);
	ASSERT_FALSE(cc.ca.epoch_valid);
	ASSERT_EQ(70, cc.ssthresh);		/* slow start back to it */
	ack(&cc, T0 + 10 * SEC, 5, 1006, 1100);
	ASSERT_EQ(MLT_CWND_INITIAL + 5, cc.cwnd);

	mlt_cc_init(&cc, MLT_CC_NEWRENO, 0);
	cc.cwnd = 4;
	mlt_cc_idle_restart(&cc, T0);
	ASSERT_EQ(4, cc.cwnd);
}

/* cwnd * size / srtt, times 2 in slow start, 1.2 otherwise. */
TEST(pacing_rate__values)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	ASSERT_EQ(0, mlt_cc_pacing_rate(&cc, MLT_BASE_DATAGRAM));
	mlt_cc_rtt_sample(&cc, 100 * MS, 0, T0);
	/* 10 * 1232 * 10 * 2 */
	ASSERT_EQ(246400, mlt_cc_pacing_rate(&cc, MLT_BASE_DATAGRAM));
	/* 10 * 1472 * 10 * 2: the path took larger datagrams */
	ASSERT_EQ(294400, mlt_cc_pacing_rate(&cc, MLT_MAX_DATAGRAM));
	cc.ssthresh = 10;
	/* * 1.2 */
	ASSERT_EQ(147840, mlt_cc_pacing_rate(&cc, MLT_BASE_DATAGRAM));
}

TEST(pacing_rate__extremes)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_rtt_sample(&cc, 1, 0, T0);
	ASSERT_EQ(1, cc.srtt_us);
	cc.cwnd = MLT_CWND_LIMIT;
	ASSERT_EQ(2583691264000000ULL,
		  mlt_cc_pacing_rate(&cc, MLT_BASE_DATAGRAM));
	/* 2^20 * 1472 * 10^6 * 2 */
	ASSERT_EQ(3087007744000000ULL,
		  mlt_cc_pacing_rate(&cc, MLT_MAX_DATAGRAM));
	/* a size beyond the largest counts as the largest: no overflow */
	ASSERT_EQ(3087007744000000ULL, mlt_cc_pacing_rate(&cc, ~0U));
	cc.ssthresh = 2;
	ASSERT_EQ(1550214758400000ULL,
		  mlt_cc_pacing_rate(&cc, MLT_BASE_DATAGRAM));
	cc.cwnd = 0xffffffffU;			/* beyond the guard: no overflow */
	ASSERT_EQ(1550214758400000ULL,
		  mlt_cc_pacing_rate(&cc, MLT_BASE_DATAGRAM));

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_rtt_sample(&cc, 60 * SEC, 0, T0);
	cc.cwnd = 1;
	/* 1232 / 60 * 2 = 41.07 */
	ASSERT_EQ(41, mlt_cc_pacing_rate(&cc, MLT_BASE_DATAGRAM));
	cc.ssthresh = 1;
	/* 1232 / 60 * 1.2 = 24.64 */
	ASSERT_EQ(24, mlt_cc_pacing_rate(&cc, MLT_BASE_DATAGRAM));
	cc.cwnd = MLT_CWND_LIMIT;
	ASSERT_EQ(25836912ULL, mlt_cc_pacing_rate(&cc, MLT_BASE_DATAGRAM));
}

/* RFC 8985 7.2: 2 SRTT (+ WCDelAckT for one in flight), at most the RTO. */
TEST(pto__rules)
{
	struct mlt_cc cc;
	int i;

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	ASSERT_EQ(1000000, mlt_cc_pto_us(&cc, 1));
	mlt_cc_rtt_sample(&cc, 100 * MS, 0, T0);
	ASSERT_EQ(200000, mlt_cc_pto_us(&cc, 2));
	ASSERT_EQ(200000 + MLT_DELAYED_ACK_MS * 1000, mlt_cc_pto_us(&cc, 1));
	/* A steady 500 ms path: RTO 501 ms < 2 SRTT. */
	for (i = 0; i < 80; i++)
		mlt_cc_rtt_sample(&cc, 500 * MS, 0, T0 + i * SEC);
	ASSERT_EQ(501000, mlt_cc_pto_us(&cc, 5));
	/* A 1 ms path: the 10 ms floor. */
	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_rtt_sample(&cc, 1 * MS, 0, T0);
	ASSERT_EQ(MLT_PTO_MIN_US, mlt_cc_pto_us(&cc, 5));
	ASSERT_EQ(27000, mlt_cc_pto_us(&cc, 1));
}

/* The overflow guard, on every growth path. */
TEST(cwnd__limit)
{
	struct mlt_cc cc;

	mlt_cc_init(&cc, MLT_CC_CUBIC, 0);
	mlt_cc_rtt_sample(&cc, 100 * MS, 0, T0);
	ack(&cc, T0, 0xffffffffU, 0x7fffffff, 0x80000000);
	ASSERT_EQ(MLT_CWND_LIMIT, cc.cwnd);

	after_loss(&cc, MLT_CC_CUBIC, MLT_CWND_LIMIT, 1);
	ack(&cc, T0, 0xffffffffU, 1001, 2000);
	ack(&cc, T0 + 100000 * SEC, 0xffffffffU, 1002, 2000);
	ack(&cc, T0 + 100000 * SEC, 0xffffffffU, 1003, 2000);
	ASSERT_EQ(MLT_CWND_LIMIT, cc.cwnd);

	after_loss(&cc, MLT_CC_NEWRENO, MLT_CWND_LIMIT, 1);
	ASSERT_EQ(MLT_CWND_LIMIT / 2, cc.cwnd);
	ack(&cc, T0, 0xffffffffU, 1001, 2000);	/* + 2^32 / 2^19 */
	ASSERT_EQ(MLT_CWND_LIMIT / 2 + 8191, cc.cwnd);
	cc.cwnd = MLT_CWND_LIMIT - 1;
	ack(&cc, T0, 0xffffffffU, 1002, 2000);
	ASSERT_EQ(MLT_CWND_LIMIT, cc.cwnd);
}

/*
 * RACK's order of transmissions: by time, and within one push (one clock
 * reading) by sequence number, across the wrap too. The ack of the first
 * datagram of a push must not make the second look sent before it.
 */
TEST(rack__sent_after)
{
	ASSERT_TRUE(mlt_cc_sent_after(T0 + 1, 5, T0, 9));
	ASSERT_FALSE(mlt_cc_sent_after(T0, 9, T0 + 1, 5));
	/* One push: the later sequence number was sent after. */
	ASSERT_TRUE(mlt_cc_sent_after(T0, 446, T0, 445));
	ASSERT_FALSE(mlt_cc_sent_after(T0, 445, T0, 446));
	ASSERT_FALSE(mlt_cc_sent_after(T0, 445, T0, 445));
	ASSERT_TRUE(mlt_cc_sent_after(T0, 2, T0, 0xfffffffeU));
	ASSERT_FALSE(mlt_cc_sent_after(T0, 0xfffffffeU, T0, 2));
	/* Nothing delivered yet (time 0, seq 0): every datagram is after. */
	ASSERT_TRUE(mlt_cc_sent_after(1, 0, 0, 0));
}

TEST_HARNESS_MAIN
