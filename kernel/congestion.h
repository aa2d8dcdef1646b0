/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sender's round-trip estimate, retransmission timeout (RFC 6298) and
 * congestion window (RFC 5681) of one tunnel. Pure code: no locking, no
 * clock; the caller passes samples in. It builds in the kernel and, for
 * unit tests, in userspace. A later stage replaces the window's rules
 * behind these same calls.
 */
#ifndef _MLT_CONGESTION_H
#define _MLT_CONGESTION_H

#include "pure.h"
#include "protocol.h"

/**
 * struct mlt_cc - congestion and timer state of one tunnel
 * @cwnd: reliable datagrams that may be in flight
 * @ssthresh: the slow-start threshold, in datagrams
 * @acked: datagrams acknowledged since @cwnd last grew in avoidance
 * @srtt_us: the smoothed round-trip time
 * @rttvar_us: the round-trip variation
 * @rto_ms: the retransmission timeout
 * @have_rtt: whether a sample has arrived
 */
struct mlt_cc {
	u32 cwnd;
	u32 ssthresh;
	u32 acked;
	u32 srtt_us;
	u32 rttvar_us;
	u32 rto_ms;
	bool have_rtt;
};

/* The largest window: the receiver holds no more datagrams than this. */
#define MLT_CWND_MAX	MLT_REORDER_MAX

void mlt_cc_init(struct mlt_cc *cc);
void mlt_cc_rtt_sample(struct mlt_cc *cc, u32 rtt_us);
void mlt_cc_acked(struct mlt_cc *cc, u32 n);
void mlt_cc_fast_retransmit(struct mlt_cc *cc, u32 inflight);
void mlt_cc_timeout(struct mlt_cc *cc, u32 inflight);

#endif /* _MLT_CONGESTION_H */
