// SPDX-License-Identifier: GPL-2.0
/*
 * The congestion controller of a tunnel: Documentation/protocol.rst,
 * "Tunnel behaviour". Windows count datagrams; times are microseconds
 * unless a name says otherwise. Integer arithmetic only.
 */
#include "congestion.h"

#define MLT_USEC_PER_MSEC	1000U
#define MLT_USEC_PER_SEC	1000000ULL
/* (1 ms)^3 in s^3 is 1e-9: K and W_cubic(t) work in milliseconds. */
#define MLT_MS3_PER_S3		1000000000ULL
/* Samples above this (about 9 minutes) count as this: no overflow. */
#define MLT_RTT_MAX_US		(0xffffffffU / 8)
/*
 * |t - K| beyond this (262 s) changes W_cubic(t) by more than the window
 * limit, so it is clamped there: C * (t - K)^3 stays within 64 bits.
 */
#define MLT_CUBIC_T_MAX_MS	BIT_ULL(18)

/* Serial-number order of 32-bit sequence numbers. */
static bool mlt_cc_before(u32 a, u32 b)
{
	return (s32)(a - b) < 0;
}

static void mlt_cc_grow(struct mlt_cc *cc, u64 n)
{
	cc->cwnd = min_t(u64, cc->cwnd + n, MLT_CWND_LIMIT);
}

/* Integer cube root, rounded down (Hacker's Delight, icbrt64). */
static u32 mlt_cbrt(u64 x)
{
	u64 y = 0, b;
	int s;

	for (s = 63; s >= 0; s -= 3) {
		y <<= 1;
		b = 3 * y * (y + 1) + 1;
		if ((x >> s) >= b) {
			x -= b << s;
			y++;
		}
	}
	return y;
}

/* lib/win_minmax.c's running minimum, with 64-bit times. */
static u32 mlt_minmax_reset(struct mlt_minmax_sample *m, u64 t, u32 v)
{
	m[0].t_us = t;
	m[0].v = v;
	m[1] = m[0];
	m[2] = m[0];
	return v;
}

static u32 mlt_minmax_running_min(struct mlt_minmax_sample *m, u64 win,
				  u64 t, u32 v)
{
	struct mlt_minmax_sample val = { .t_us = t, .v = v };
	u64 dt = t - m[0].t_us;

	if (v <= m[0].v || t - m[2].t_us > win)
		return mlt_minmax_reset(m, t, v);
	if (v <= m[1].v) {
		m[1] = val;
		m[2] = val;
	} else if (v <= m[2].v) {
		m[2] = val;
	}

	if (dt > win) {
		/* The best left the window: promote the others. */
		m[0] = m[1];
		m[1] = m[2];
		m[2] = val;
		if (t - m[0].t_us > win) {
			m[0] = m[1];
			m[1] = m[2];
			m[2] = val;
		}
	} else if (m[1].t_us == m[0].t_us && dt > win / 4) {
		/* A quarter window without a better one: a second choice. */
		m[1] = val;
		m[2] = val;
	} else if (m[2].t_us == m[1].t_us && dt > win / 2) {
		/* Half a window: a third choice. */
		m[2] = val;
	}
	return m[0].v;
}

static void mlt_hystart_reset(struct mlt_hystart *hs)
{
	memset(hs, 0, sizeof(*hs));
	hs->last_round_min_us = MLT_CC_INFINITE;
	hs->round_min_us = MLT_CC_INFINITE;
	hs->css_baseline_us = MLT_CC_INFINITE;
}

/**
 * mlt_cc_init() - the state of a new tunnel
 * @cc: the state
 * @algo: %MLT_CC_CUBIC or %MLT_CC_NEWRENO
 * @now_us: the time (unused: a new tunnel has no history)
 */
void mlt_cc_init(struct mlt_cc *cc, enum mlt_cc_algo algo, u64 now_us)
{
	memset(cc, 0, sizeof(*cc));
	cc->algo = algo;
	cc->cwnd = MLT_CWND_INITIAL;
	cc->ssthresh = MLT_CC_INFINITE;
	cc->rto_ms = MLT_RTO_INITIAL_MS;
	cc->reo_mult = 1;
	mlt_hystart_reset(&cc->hs);
}

/**
 * mlt_cc_rtt_sample() - fold in a round trip measured on a datagram sent
 *	once, or on the transmission an acknowledgment names (Karn's rule is
 *	the caller's)
 * @cc: the state
 * @rtt_us: the sample
 * @ack_delay_us: the delay the peer reported between the arrival and its ack
 * @now_us: the time
 *
 * The minimum RTT takes the raw sample; the ack delay is then subtracted
 * when that leaves at least the minimum (RFC 9002 5.3). RFC 6298 2.2-2.4
 * with a clock granularity of 1 ms gives the RTO, clamped to
 * %MLT_RTO_MIN_MS .. %MLT_RTO_MAX_MS: any backoff ends. HyStart++ takes
 * the adjusted sample into this round's minimum.
 */
void mlt_cc_rtt_sample(struct mlt_cc *cc, u32 rtt_us, u32 ack_delay_us,
		       u64 now_us)
{
	u32 r = clamp_t(u32, rtt_us, 1, MLT_RTT_MAX_US);
	u32 var4, rto;

	if (!cc->have_rtt)
		cc->min_rtt_us = mlt_minmax_reset(cc->min_rtt, now_us, r);
	else
		cc->min_rtt_us = mlt_minmax_running_min(cc->min_rtt,
							MLT_MIN_RTT_WIN_US,
							now_us, r);
	if (r >= cc->min_rtt_us && r - cc->min_rtt_us >= ack_delay_us)
		r -= ack_delay_us;

	if (!cc->have_rtt) {
		cc->srtt_us = r;
		cc->rttvar_us = r / 2;
		cc->have_rtt = true;
	} else {
		u32 delta = cc->srtt_us > r ? cc->srtt_us - r : r - cc->srtt_us;

		cc->rttvar_us = (3 * cc->rttvar_us + delta) / 4;
		cc->srtt_us = (7 * cc->srtt_us + r) / 8;
	}
	var4 = max_t(u32, 4 * cc->rttvar_us, MLT_USEC_PER_MSEC);
	rto = DIV_ROUND_UP(cc->srtt_us + var4, MLT_USEC_PER_MSEC);
	cc->rto_ms = clamp_t(u32, rto, MLT_RTO_MIN_MS, MLT_RTO_MAX_MS);

	cc->hs.round_min_us = min(cc->hs.round_min_us, r);
	cc->hs.samples++;
}

/*
 * HyStart++ goes with CUBIC, and runs in the first slow start only (RFC
 * 9406 4.3): a later one ends at the ssthresh a loss left.
 */
static bool mlt_hystart_on(const struct mlt_cc *cc)
{
	return cc->algo == MLT_CC_CUBIC && cc->ssthresh == MLT_CC_INFINITE;
}

/* A round ends when everything sent before it began is acknowledged. */
static void mlt_hystart_round(struct mlt_cc *cc, const struct mlt_cc_ack *a)
{
	struct mlt_hystart *hs = &cc->hs;

	if (hs->round_valid && mlt_cc_before(a->snd_una, hs->round_end))
		return;
	if (hs->round_valid && hs->css && mlt_hystart_on(cc) &&
	    ++hs->css_rounds >= MLT_HYSTART_CSS_ROUNDS) {
		/* CSS is over: congestion avoidance from here. */
		cc->ssthresh = cc->cwnd;
		hs->css = false;
	}
	hs->round_valid = true;
	hs->round_end = a->snd_nxt;
	hs->last_round_min_us = hs->round_min_us;
	hs->round_min_us = MLT_CC_INFINITE;
	hs->samples = 0;
}

/* Slow start (with HyStart++); returns the acks left for avoidance. */
static u32 mlt_cc_slow_start(struct mlt_cc *cc, u32 n)
{
	struct mlt_hystart *hs = &cc->hs;
	bool enough = hs->samples >= MLT_HYSTART_N_RTT_SAMPLE &&
		      hs->round_min_us != MLT_CC_INFINITE;
	u32 grow, thresh;

	if (mlt_hystart_on(cc) && hs->css) {
		hs->css_acked += n;
		mlt_cc_grow(cc, hs->css_acked / MLT_HYSTART_CSS_GROWTH_DIVISOR);
		hs->css_acked %= MLT_HYSTART_CSS_GROWTH_DIVISOR;
		if (enough && hs->round_min_us < hs->css_baseline_us) {
			/* The delay went back down: the exit was spurious. */
			hs->css_baseline_us = MLT_CC_INFINITE;
			hs->css = false;
		}
		return 0;
	}

	grow = min(n, cc->ssthresh - cc->cwnd);
	mlt_cc_grow(cc, grow);
	if (mlt_hystart_on(cc) && enough &&
	    hs->last_round_min_us != MLT_CC_INFINITE) {
		thresh = clamp_t(u32, hs->last_round_min_us /
					      MLT_HYSTART_MIN_RTT_DIVISOR,
				 MLT_HYSTART_MIN_RTT_THRESH_US,
				 MLT_HYSTART_MAX_RTT_THRESH_US);
		if (hs->round_min_us >= hs->last_round_min_us + thresh) {
			hs->css_baseline_us = hs->round_min_us;
			hs->css_acked = 0;
			hs->css_rounds = 0;
			hs->css = true;
		}
	}
	return n - grow;
}

/* RFC 5681 3.1 with appropriate byte counting: +1 per cwnd acknowledged. */
static void mlt_newreno_avoid(struct mlt_cc *cc, u32 n)
{
	struct mlt_cc_avoid *ca = &cc->ca;
	u64 d;

	ca->acc += n;
	if (ca->acc >= cc->cwnd) {
		d = div_u64(ca->acc, cc->cwnd);
		ca->acc -= d * cc->cwnd;
		mlt_cc_grow(cc, d);
	}
}

/* RFC 9438 4.2: W_cubic(t) = C * (t - K)^3 + W_max, rounded down. */
static u64 mlt_cubic_window(const struct mlt_cc_avoid *ca, u64 t_us)
{
	const u64 den = (u64)MLT_CUBIC_ONE * MLT_MS3_PER_S3;
	u64 t_ms = div_u64(t_us, MLT_USEC_PER_MSEC);
	u64 offs, d;

	offs = t_ms >= ca->k_ms ? t_ms - ca->k_ms : ca->k_ms - t_ms;
	offs = min(offs, MLT_CUBIC_T_MAX_MS);
	d = MLT_CUBIC_C * offs * offs * offs;
	if (t_ms >= ca->k_ms)
		return ca->w_max + div64_u64(d, den);
	d = div64_u64(d + den - 1, den);
	return d < ca->w_max ? ca->w_max - d : 0;
}

/*
 * The start of an avoidance stage: t = 0, W_est = cwnd_epoch and
 * K = cbrt((W_max - cwnd_epoch) / C). Above W_max (the first stage after
 * HyStart++, or after an idle restart) the curve starts at the window
 * itself, K = 0 (RFC 9438 4.10).
 */
static void mlt_cubic_epoch(struct mlt_cc *cc, u64 now_us)
{
	struct mlt_cc_avoid *ca = &cc->ca;
	u64 k3;

	ca->epoch_valid = true;
	ca->epoch_us = now_us;
	ca->w_est = cc->cwnd;
	ca->w_est_acc = 0;
	ca->acc = 0;
	if (ca->w_max > cc->cwnd) {
		k3 = (u64)(ca->w_max - cc->cwnd) * MLT_CUBIC_ONE *
		     MLT_MS3_PER_S3;
		ca->k_ms = mlt_cbrt(div_u64(k3, MLT_CUBIC_C));
	} else {
		ca->k_ms = 0;
		ca->w_max = cc->cwnd;
		ca->cwnd_prior = cc->cwnd;
	}
}

/* RFC 9438 4.2-4.5, for @n datagrams acknowledged at @now_us. */
static void mlt_cubic_avoid(struct mlt_cc *cc, u32 n, u64 now_us)
{
	struct mlt_cc_avoid *ca = &cc->ca;
	u64 t, target, den, d;
	u32 alpha;

	if (!ca->epoch_valid)
		mlt_cubic_epoch(cc, now_us);
	t = now_us > ca->epoch_us ? now_us - ca->epoch_us : 0;

	/*
	 * W_est += alpha * acked / cwnd, alpha = 3 (1 - beta) / (1 + beta),
	 * and 1 once W_est reaches the window before the reduction (4.3).
	 */
	alpha = ca->w_est >= ca->cwnd_prior ? MLT_CUBIC_ONE + MLT_CUBIC_BETA :
		3 * (MLT_CUBIC_ONE - MLT_CUBIC_BETA);
	ca->w_est_acc += (u64)n * alpha;
	den = (u64)(MLT_CUBIC_ONE + MLT_CUBIC_BETA) * cc->cwnd;
	if (ca->w_est_acc >= den) {
		d = div64_u64(ca->w_est_acc, den);
		ca->w_est_acc -= d * den;
		ca->w_est = min_t(u64, ca->w_est + d, MLT_CWND_LIMIT);
	}

	if (mlt_cubic_window(ca, t) < ca->w_est) {
		/* The Reno-friendly region: cwnd follows W_est. */
		if (ca->w_est > cc->cwnd)
			cc->cwnd = ca->w_est;
		return;
	}

	/* Concave or convex region: toward W_cubic(t + RTT) (4.4, 4.5). */
	target = mlt_cubic_window(ca, t + cc->srtt_us);
	target = clamp_t(u64, target, cc->cwnd, cc->cwnd + cc->cwnd / 2);
	ca->acc += (target - cc->cwnd) * n;
	if (ca->acc >= cc->cwnd) {
		d = div_u64(ca->acc, cc->cwnd);
		ca->acc -= d * cc->cwnd;
		if (cc->cwnd + d > target) {
			d = target - cc->cwnd;
			ca->acc = 0;
		}
		mlt_cc_grow(cc, d);
	}
}

/*
 * Proportional Rate Reduction (RFC 6937 section 3, as Linux's
 * tcp_cwnd_reduction()): during a fast recovery the window follows the
 * acknowledgments down to ssthresh instead of dropping there at once,
 * which would stop the sender (the retransmission included) until the
 * flight drained below it. While the flight exceeds ssthresh, the sender
 * sends ssthresh / RecoverFS datagrams per datagram delivered; below it,
 * the slow-start reduction bound lets it climb back to ssthresh by at
 * most one more than was delivered. The first datagram of the recovery,
 * the retransmission, goes out at once.
 */
static void mlt_cc_prr_ack(struct mlt_cc *cc, const struct mlt_cc_ack *a)
{
	u32 pipe = a->inflight, sndcnt;

	cc->prr_delivered += a->acked;
	if (pipe > cc->ssthresh) {
		u64 want = div_u64((u64)cc->prr_delivered * cc->ssthresh +
				   cc->prr_recover_fs - 1, cc->prr_recover_fs);

		sndcnt = want > cc->prr_out ? want - cc->prr_out : 0;
	} else {
		u32 limit = cc->prr_delivered > cc->prr_out ?
			    cc->prr_delivered - cc->prr_out : 0;

		limit = max(limit, a->acked) + 1;
		sndcnt = min(cc->ssthresh - pipe, limit);
	}
	if (!cc->prr_out)
		sndcnt = max(sndcnt, 1U);
	cc->cwnd = pipe + sndcnt;
}

/**
 * mlt_cc_on_ack() - an acknowledgment newly acknowledged datagrams
 * @cc: the state
 * @a: what it acknowledged
 *
 * Ends the recovery once snd_una reaches the recovery point; grows the
 * window (slow start with HyStart++, then CUBIC or NewReno) unless the
 * sender was not cwnd-limited or a loss recovery is under way. Slow start
 * runs in the recovery after a timeout.
 */
void mlt_cc_on_ack(struct mlt_cc *cc, const struct mlt_cc_ack *a)
{
	u32 n = a->acked;

	/* An undo is possible up to the ack that ends the recovery. */
	if (!cc->in_recovery)
		cc->can_undo = false;
	mlt_hystart_round(cc, a);
	if (cc->in_recovery) {
		if (!mlt_cc_before(a->snd_una, cc->recovery_end)) {
			/* RFC 6937: the window is ssthresh when PRR ends. */
			if (cc->prr)
				cc->cwnd = cc->ssthresh;
			cc->prr = false;
			cc->in_recovery = false;
			cc->rto_recovery = false;
			/* RFC 8985 6.2 step 4: a widening lasts 16 recoveries. */
			if (cc->reo_persist && !--cc->reo_persist)
				cc->reo_mult = 1;
			return;
		}
		if (cc->prr)
			mlt_cc_prr_ack(cc, a);
		if (!cc->rto_recovery)
			return;
	}
	if (!n || !a->cwnd_limited)
		return;
	if (cc->cwnd < cc->ssthresh) {
		n = mlt_cc_slow_start(cc, n);
		if (!n || cc->cwnd < cc->ssthresh)
			return;
	}
	if (cc->algo == MLT_CC_NEWRENO)
		mlt_newreno_avoid(cc, n);
	else
		mlt_cubic_avoid(cc, n, a->now_us);
}

/* The multiplicative decrease, with the state an undo needs saved. */
static void mlt_cc_reduce(struct mlt_cc *cc)
{
	struct mlt_cc_avoid *ca = &cc->ca;
	u64 w = cc->cwnd;

	cc->undo_cwnd = cc->cwnd;
	cc->undo_ssthresh = cc->ssthresh;
	cc->undo_ca = *ca;
	cc->can_undo = true;

	if (cc->algo == MLT_CC_NEWRENO) {
		w /= 2;
	} else {
		/* Fast convergence: below the last W_max, release some. */
		if (cc->cwnd < ca->w_max)
			ca->w_max = div_u64(w * (MLT_CUBIC_ONE + MLT_CUBIC_BETA),
					    2 * MLT_CUBIC_ONE);
		else
			ca->w_max = cc->cwnd;
		ca->cwnd_prior = cc->cwnd;
		w = div_u64(w * MLT_CUBIC_BETA, MLT_CUBIC_ONE);
	}
	cc->ssthresh = max_t(u64, w, MLT_CWND_MIN);
	cc->cwnd = cc->ssthresh;
	ca->acc = 0;
	ca->epoch_valid = false;
}

/**
 * mlt_cc_on_loss() - a loss was detected (RACK or SACK)
 * @cc: the state
 * @snd_nxt: the next sequence number the sender will use
 * @now_us: the time
 *
 * Return: true if this started a recovery (the window was reduced), false
 * if one was already under way (nothing changed).
 */
bool mlt_cc_on_loss(struct mlt_cc *cc, u32 snd_nxt, u64 now_us)
{
	if (cc->in_recovery)
		return false;
	mlt_cc_reduce(cc);
	cc->in_recovery = true;
	cc->recovery_end = snd_nxt;
	return true;
}

/**
 * mlt_cc_prr_start() - the recovery mlt_cc_on_loss() began sends by PRR
 * @cc: the state, just after mlt_cc_on_loss() returned true
 * @flight: snd_nxt - snd_una at that moment (RFC 6937's RecoverFS)
 * @inflight: datagrams in flight, the newly lost ones no longer counted
 *
 * The window becomes the flight plus one: the retransmission goes out at
 * once. mlt_cc_on_ack() then sets it on each acknowledgment until the
 * recovery ends (mlt_cc_prr_ack()), and mlt_cc_sent() counts what is sent.
 */
void mlt_cc_prr_start(struct mlt_cc *cc, u32 flight, u32 inflight)
{
	cc->prr = true;
	cc->prr_recover_fs = max(flight, 1U);
	cc->prr_delivered = 0;
	cc->prr_out = 0;
	cc->cwnd = inflight + 1;
}

/**
 * mlt_cc_sent() - a reliable datagram went out, new or again
 * @cc: the state
 */
void mlt_cc_sent(struct mlt_cc *cc)
{
	if (cc->prr)
		cc->prr_out++;
}

/**
 * mlt_cc_on_rto() - the retransmission timer fired
 * @cc: the state
 * @snd_nxt: the next sequence number the sender will use
 * @now_us: the time
 *
 * The reduction of mlt_cc_on_loss() once per recovery, then the loss
 * window of one datagram (RFC 5681 3.1) and the RTO doubled (RFC 6298 5.5).
 */
void mlt_cc_on_rto(struct mlt_cc *cc, u32 snd_nxt, u64 now_us)
{
	if (!cc->in_recovery)
		mlt_cc_reduce(cc);
	cc->prr = false;
	cc->cwnd = 1;
	cc->ca.acc = 0;
	cc->ca.epoch_valid = false;
	cc->in_recovery = true;
	cc->rto_recovery = true;
	cc->recovery_end = snd_nxt;
	cc->rto_ms = min_t(u32, 2 * cc->rto_ms, MLT_RTO_MAX_MS);
}

/**
 * mlt_cc_undo() - the last reduction was spurious
 * @cc: the state
 *
 * Restores the window, ssthresh and CUBIC state from before it (RFC 9438
 * 4.9) and ends the recovery. Nothing to undo: no-op.
 */
void mlt_cc_undo(struct mlt_cc *cc)
{
	if (!cc->can_undo)
		return;
	cc->cwnd = cc->undo_cwnd;
	cc->ssthresh = cc->undo_ssthresh;
	cc->ca = cc->undo_ca;
	cc->can_undo = false;
	cc->prr = false;
	cc->in_recovery = false;
	cc->rto_recovery = false;
}

/**
 * mlt_cc_spurious() - a retransmission proved needless: its original arrived
 * @cc: the state
 * @snd_una: the first unacknowledged sequence number
 * @snd_nxt: the next sequence number the sender will use
 *
 * Undoes the last reduction, and widens RACK's reordering window by a
 * quarter of the minimum RTT, at most once per round trip, for the next
 * %MLT_REO_WND_PERSIST recoveries (RFC 8985 6.2 step 4; the echo of an
 * original transmission plays the part of a DSACK).
 */
void mlt_cc_spurious(struct mlt_cc *cc, u32 snd_una, u32 snd_nxt)
{
	mlt_cc_undo(cc);
	if (cc->reo_round_valid && !mlt_cc_before(snd_una, cc->reo_round))
		cc->reo_round_valid = false;
	if (cc->reo_round_valid)
		return;
	cc->reo_round_valid = true;
	cc->reo_round = snd_nxt;
	if (cc->reo_mult != (u8)~0)
		cc->reo_mult++;
	cc->reo_persist = MLT_REO_WND_PERSIST;
}

/**
 * mlt_cc_reo_wnd_us() - RACK's reordering window (RFC 8985 6.2 step 4)
 * @cc: the state
 * @reordering: the path has delivered a datagram below a later one
 * @sacked: datagrams delivered above the first hole
 *
 * Return: none on a path not known to reorder once %MLT_DUPTHRESH
 * datagrams above a hole were delivered or in recovery; else @reo_mult
 * quarters of the minimum RTT, at most the SRTT.
 */
u32 mlt_cc_reo_wnd_us(const struct mlt_cc *cc, bool reordering, u32 sacked)
{
	u64 wnd = (u64)cc->min_rtt_us * cc->reo_mult / 4;

	if (!reordering && (cc->in_recovery || sacked >= MLT_DUPTHRESH))
		return 0;
	return min_t(u64, wnd, cc->srtt_us);
}

/**
 * mlt_cc_sent_after() - RACK's order of transmissions (RFC 8985 6.2,
 *	RACK_sent_after())
 * @sent: when one datagram was sent
 * @seq: its sequence number
 * @sent2: when another was sent
 * @seq2: its sequence number
 *
 * The datagrams of one push share its clock reading: between them the
 * sequence number tells the order. Were equal times "not after", the
 * peer's ack of one datagram of a push would make the later ones of that
 * push look sent before it, and lost at once.
 *
 * Return: whether the first was sent after the second.
 */
bool mlt_cc_sent_after(u64 sent, u32 seq, u64 sent2, u32 seq2)
{
	return sent > sent2 || (sent == sent2 && mlt_cc_before(seq2, seq));
}

/**
 * mlt_cc_idle_restart() - sending resumes after more than an RTO idle
 * @cc: the state
 * @now_us: the time
 *
 * The restart window (RFC 5681 4.1); CUBIC's epoch and HyStart++'s rounds
 * begin again.
 */
void mlt_cc_idle_restart(struct mlt_cc *cc, u64 now_us)
{
	cc->cwnd = min_t(u32, cc->cwnd, MLT_CWND_INITIAL);
	cc->ca.acc = 0;
	cc->ca.epoch_valid = false;
	mlt_hystart_reset(&cc->hs);
}

/**
 * mlt_cc_pacing_rate() - the rate to pace datagrams at
 * @cc: the state
 * @size: the size of a full datagram, at most %MLT_MAX_DATAGRAM
 *
 * Return: bytes per second, cwnd datagrams of @size per srtt times
 * %MLT_PACING_SS_RATIO in slow start, %MLT_PACING_CA_RATIO otherwise (in
 * percent); 0 (do not pace) before the first RTT sample.
 */
u64 mlt_cc_pacing_rate(const struct mlt_cc *cc, unsigned int size)
{
	u32 ratio = cc->cwnd < cc->ssthresh ? MLT_PACING_SS_RATIO :
		    MLT_PACING_CA_RATIO;
	u64 bytes;

	if (!cc->have_rtt)
		return 0;
	/* At most 2^20 * 1472 * 10^6 * 200, about 2^58. */
	size = min_t(unsigned int, size, MLT_MAX_DATAGRAM);
	bytes = (u64)min_t(u32, cc->cwnd, MLT_CWND_LIMIT) * size *
		MLT_USEC_PER_SEC * ratio;
	return div64_u64(bytes, (u64)max_t(u32, cc->srtt_us, 1) * 100);
}

/**
 * mlt_cc_pto_us() - the tail-loss probe timeout (RFC 8985 7.2)
 * @cc: the state
 * @inflight: reliable datagrams in flight
 *
 * Return: 2 srtt, plus the peer's delayed-ack time when one datagram is in
 * flight, at most the RTO and at least %MLT_PTO_MIN_US; %MLT_PTO_INITIAL_US
 * before the first sample.
 */
u32 mlt_cc_pto_us(const struct mlt_cc *cc, u32 inflight)
{
	u64 pto;

	if (!cc->have_rtt)
		return MLT_PTO_INITIAL_US;
	pto = 2ULL * cc->srtt_us;
	if (inflight == 1)
		pto += MLT_DELAYED_ACK_MS * MLT_USEC_PER_MSEC;
	pto = min_t(u64, pto, (u64)cc->rto_ms * MLT_USEC_PER_MSEC);
	return max_t(u64, pto, MLT_PTO_MIN_US);
}
