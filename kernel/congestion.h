/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The congestion controller of one tunnel: round-trip estimate and
 * retransmission timeout (RFC 6298), CUBIC (RFC 9438) with HyStart++
 * (RFC 9406) or NewReno (RFC 5681, RFC 6582), pacing rate and tail-loss
 * probe timeout and reordering window (RFC 8985). Pure code: no locking, no clock, no allocation;
 * the engine passes the time and the events in. It builds in the kernel
 * and, for unit tests, in userspace. Documentation/protocol.rst, "Tunnel
 * behaviour", says when the engine calls what.
 */
#ifndef _MLT_CONGESTION_H
#define _MLT_CONGESTION_H

#include "pure.h"
#include "protocol.h"
#include <linux/minimalt.h>

/*
 * Not a window cap: a guard that keeps the arithmetic in range. Memory and
 * the peer's window bound what is in flight long before this.
 */
#define MLT_CWND_LIMIT			BIT(20)		/* datagrams */
/* The initial ssthresh, and "no RTT yet" in HyStart++'s minima. */
#define MLT_CC_INFINITE			0xffffffffU

/* RFC 9438: C = 0.4 and beta_cubic = 0.7, fixed point over MLT_CUBIC_ONE. */
#define MLT_CUBIC_ONE			1000U
#define MLT_CUBIC_C			400U
#define MLT_CUBIC_BETA			700U

/* RFC 9406, with L = infinity because every datagram is paced. */
#define MLT_HYSTART_MIN_RTT_THRESH_US	4000U
#define MLT_HYSTART_MAX_RTT_THRESH_US	16000U
#define MLT_HYSTART_MIN_RTT_DIVISOR	8U
#define MLT_HYSTART_N_RTT_SAMPLE	8U
#define MLT_HYSTART_CSS_GROWTH_DIVISOR	4U
#define MLT_HYSTART_CSS_ROUNDS		5U

/* The window of the minimum-RTT filter (as TCP's tcp_min_rtt_wlen). */
#define MLT_MIN_RTT_WIN_US		10000000ULL

/* Pacing rate over cwnd / srtt, in percent (tcp_pacing_ss/ca_ratio). */
#define MLT_PACING_SS_RATIO		200U
#define MLT_PACING_CA_RATIO		120U

/* RFC 8985 7.2: the probe timeout before a sample, and its floor. */
#define MLT_PTO_INITIAL_US		1000000U
#define MLT_PTO_MIN_US			10000U

/**
 * struct mlt_cc_ack - what one acknowledgment did, for mlt_cc_on_ack()
 * @now_us: when it arrived
 * @acked: datagrams it newly acknowledged, cumulatively or selectively
 * @snd_una: the first unacknowledged sequence number after it
 * @snd_nxt: the next sequence number the sender will use
 * @inflight: datagrams in flight after it: sent, neither delivered nor
 *	deemed lost (RFC 6937's pipe)
 * @cwnd_limited: the sender was limited by cwnd, not by the application
 *	or the peer's window
 */
struct mlt_cc_ack {
	u64 now_us;
	u32 acked;
	u32 snd_una;
	u32 snd_nxt;
	u32 inflight;
	bool cwnd_limited;
};

/* One sample of the windowed minimum filter (lib/win_minmax.c). */
struct mlt_minmax_sample {
	u64 t_us;
	u32 v;
};

/**
 * struct mlt_cc_avoid - congestion avoidance state: what a reduction
 *	changes besides cwnd and ssthresh, and what an undo restores
 * @acc: growth owed, in 1/cwnd datagrams: NewReno adds the datagrams
 *	acknowledged, CUBIC (target - cwnd) for each
 * @epoch_us: when the current avoidance stage began (t = 0)
 * @w_est_acc: the fraction of @w_est, in 1/((1 + beta) * cwnd) datagrams
 * @w_max: W_max, the window before the last reduction (fast convergence
 *	lowers it), in datagrams
 * @cwnd_prior: the window before the last reduction
 * @k_ms: K, the time the cubic function takes to reach @w_max
 * @w_est: W_est, the Reno-friendly estimate (RFC 9438 4.3), in datagrams
 * @epoch_valid: @epoch_us, @k_ms and @w_est are set for this stage
 */
struct mlt_cc_avoid {
	u64 acc;
	u64 epoch_us;
	u64 w_est_acc;
	u32 w_max;
	u32 cwnd_prior;
	u32 k_ms;
	u32 w_est;
	bool epoch_valid;
};

/**
 * struct mlt_hystart - HyStart++ state (RFC 9406 4.2)
 * @round_end: windowEnd, snd_nxt when the round began
 * @last_round_min_us: lastRoundMinRTT
 * @round_min_us: currentRoundMinRTT
 * @samples: rttSampleCount
 * @css_baseline_us: cssBaselineMinRtt
 * @css_acked: datagrams acknowledged toward the next CSS increase
 * @css_rounds: rounds spent in CSS, the partial first one included
 * @round_valid: a round has begun
 * @css: in Conservative Slow Start
 */
struct mlt_hystart {
	u32 round_end;
	u32 last_round_min_us;
	u32 round_min_us;
	u32 samples;
	u32 css_baseline_us;
	u32 css_acked;
	u32 css_rounds;
	bool round_valid;
	bool css;
};

/**
 * struct mlt_cc - congestion and timer state of one tunnel
 * @cwnd: reliable datagrams that may be in flight
 * @ssthresh: the slow-start threshold, in datagrams
 * @srtt_us: the smoothed round-trip time
 * @rttvar_us: the round-trip variation
 * @min_rtt_us: the minimum RTT over %MLT_MIN_RTT_WIN_US, 0 before a sample
 * @rto_ms: the retransmission timeout, backoff included
 * @have_rtt: whether a sample has arrived
 * @in_recovery: a reduction's recovery period: no further reduction
 * @algo: enum mlt_cc_algo
 * @rto_recovery: the recovery began with a timeout, so slow start runs
 *	inside it (RFC 5681 3.1)
 * @can_undo: @undo_* hold the state before the last reduction
 * @recovery_end: the recovery point, snd_nxt when the loss was detected
 * @min_rtt: the windowed minimum filter behind @min_rtt_us
 * @ca: congestion avoidance state
 * @hs: HyStart++ state
 * @undo_cwnd: @cwnd before the last reduction
 * @undo_ssthresh: @ssthresh before it
 * @undo_ca: @ca before it
 * @reo_round: RACK.dsack_round, snd_nxt when @reo_mult last grew
 * @reo_mult: RACK.reo_wnd_mult, the reordering window in quarters of the
 *	minimum RTT, from 1
 * @reo_persist: RACK.reo_wnd_persist, recoveries before @reo_mult
 *	returns to 1
 * @reo_round_valid: @reo_round is set
 * @prr: a fast recovery sends by Proportional Rate Reduction (RFC 6937)
 * @prr_recover_fs: RecoverFS, the flight when that recovery began
 * @prr_delivered: datagrams delivered since it began
 * @prr_out: datagrams sent since it began
 */
struct mlt_cc {
	u32 cwnd;
	u32 ssthresh;
	u32 srtt_us;
	u32 rttvar_us;
	u32 min_rtt_us;
	u32 rto_ms;
	bool have_rtt;
	bool in_recovery;

	/* The engine reads the fields above; these are congestion.c's. */
	u8 algo;
	bool rto_recovery;
	bool can_undo;
	u32 recovery_end;
	struct mlt_minmax_sample min_rtt[3];
	struct mlt_cc_avoid ca;
	struct mlt_hystart hs;
	u32 undo_cwnd;
	u32 undo_ssthresh;
	struct mlt_cc_avoid undo_ca;
	u32 reo_round;
	u8 reo_mult;
	u8 reo_persist;
	bool reo_round_valid;
	bool prr;
	u32 prr_recover_fs;
	u32 prr_delivered;
	u32 prr_out;
};

void mlt_cc_init(struct mlt_cc *cc, enum mlt_cc_algo algo, u64 now_us);
void mlt_cc_rtt_sample(struct mlt_cc *cc, u32 rtt_us, u32 ack_delay_us,
		       u64 now_us);
void mlt_cc_on_ack(struct mlt_cc *cc, const struct mlt_cc_ack *a);
bool mlt_cc_on_loss(struct mlt_cc *cc, u32 snd_nxt, u64 now_us);
void mlt_cc_prr_start(struct mlt_cc *cc, u32 flight, u32 inflight);
void mlt_cc_sent(struct mlt_cc *cc);
void mlt_cc_on_rto(struct mlt_cc *cc, u32 snd_nxt, u64 now_us);
void mlt_cc_undo(struct mlt_cc *cc);
void mlt_cc_spurious(struct mlt_cc *cc, u32 snd_una, u32 snd_nxt);
u32 mlt_cc_reo_wnd_us(const struct mlt_cc *cc, bool reordering, u32 sacked);
bool mlt_cc_sent_after(u64 sent, u32 seq, u64 sent2, u32 seq2);
void mlt_cc_idle_restart(struct mlt_cc *cc, u64 now_us);
u64 mlt_cc_pacing_rate(const struct mlt_cc *cc, unsigned int size);
u32 mlt_cc_pto_us(const struct mlt_cc *cc, u32 inflight);

#endif /* _MLT_CONGESTION_H */
