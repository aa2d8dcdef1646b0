// SPDX-License-Identifier: GPL-2.0
/*
 * Round-trip estimate, retransmission timeout and congestion window of a
 * tunnel: Documentation/protocol.rst, "Tunnel behaviour".
 */
#include "congestion.h"

#define MLT_USEC_PER_MSEC	1000U
/* Samples above this (about 9 minutes) count as this: no overflow. */
#define MLT_RTT_MAX_US		(0xffffffffU / 8)

void mlt_cc_init(struct mlt_cc *cc)
{
	memset(cc, 0, sizeof(*cc));
	cc->cwnd = MLT_CWND_INITIAL;
	cc->ssthresh = MLT_CWND_MAX;
	cc->rto_ms = MLT_RTO_INITIAL_MS;
}

/**
 * mlt_cc_rtt_sample() - fold in a round trip measured on a datagram sent
 *	once (Karn's rule is the caller's)
 * @cc: the state
 * @rtt_us: the sample
 *
 * RFC 6298 2.2-2.4 with a clock granularity of 1 ms, the result clamped to
 * %MLT_RTO_MIN_MS .. %MLT_RTO_MAX_MS.
 */
void mlt_cc_rtt_sample(struct mlt_cc *cc, u32 rtt_us)
{
	u32 r = rtt_us > MLT_RTT_MAX_US ? MLT_RTT_MAX_US : rtt_us;
	u32 var4, rto;

	if (!cc->have_rtt) {
		cc->srtt_us = r;
		cc->rttvar_us = r / 2;
		cc->have_rtt = true;
	} else {
		u32 delta = cc->srtt_us > r ? cc->srtt_us - r : r - cc->srtt_us;

		cc->rttvar_us = (3 * cc->rttvar_us + delta) / 4;
		cc->srtt_us = (7 * cc->srtt_us + r) / 8;
	}
	var4 = 4 * cc->rttvar_us;
	if (var4 < MLT_USEC_PER_MSEC)
		var4 = MLT_USEC_PER_MSEC;
	rto = (cc->srtt_us + var4 + MLT_USEC_PER_MSEC - 1) / MLT_USEC_PER_MSEC;
	if (rto < MLT_RTO_MIN_MS)
		rto = MLT_RTO_MIN_MS;
	if (rto > MLT_RTO_MAX_MS)
		rto = MLT_RTO_MAX_MS;
	cc->rto_ms = rto;
}

/**
 * mlt_cc_acked() - @n more datagrams were acknowledged
 * @cc: the state
 * @n: how many
 *
 * Slow start below @cc->ssthresh, one datagram per window above it.
 */
void mlt_cc_acked(struct mlt_cc *cc, u32 n)
{
	while (n-- && cc->cwnd < MLT_CWND_MAX) {
		if (cc->cwnd < cc->ssthresh) {
			cc->cwnd++;
		} else if (++cc->acked >= cc->cwnd) {
			cc->acked = 0;
			cc->cwnd++;
		}
	}
}

static u32 mlt_cc_half(u32 inflight)
{
	return inflight / 2 > MLT_CWND_MIN ? inflight / 2 : MLT_CWND_MIN;
}

/* Three duplicate acknowledgments: halve (RFC 5681 3.2). */
void mlt_cc_fast_retransmit(struct mlt_cc *cc, u32 inflight)
{
	cc->ssthresh = mlt_cc_half(inflight);
	cc->cwnd = cc->ssthresh;
	cc->acked = 0;
}

/* The retransmission timer fired: back off (RFC 6298 5.5, RFC 5681 3.1). */
void mlt_cc_timeout(struct mlt_cc *cc, u32 inflight)
{
	cc->ssthresh = mlt_cc_half(inflight);
	cc->cwnd = MLT_CWND_MIN;
	cc->acked = 0;
	cc->rto_ms = cc->rto_ms > MLT_RTO_MAX_MS / 2 ? MLT_RTO_MAX_MS :
		     cc->rto_ms * 2;
}
