/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The receiver's record of the reliable datagrams that arrived above its
 * cumulative acknowledgment (rcv_nxt, the lowest seq not received): the
 * ranges a SACK RPC reports (Documentation/protocol.rst, "Selective
 * acknowledgment"). Pure code with no locking or allocation: the caller
 * serialises the calls on one record; it builds in the kernel and, for
 * unit tests and fuzzing, in userspace.
 *
 * The record holds at most %MLT_RX_RANGES_MAX ranges: a datagram that
 * would open one more is refused, and the caller drops it unacknowledged,
 * as if it were lost; the sender's loss recovery sends it again.
 */
#ifndef _MLT_SACK_H
#define _MLT_SACK_H

#include "pure.h"
#include "protocol.h"
#include "wire.h"

/**
 * struct mlt_rx_ranges - seq received above rcv_nxt
 * @r: the ranges, half-open, sorted by start, disjoint and not adjacent
 *	(a seq lies between any two), none holding a seq before the rcv_nxt
 *	last passed to mlt_rx_ranges_advance() and all less than 2^31 after it
 * @n: how many of @r are in use
 * @newest: the seq of the newest arrival recorded; meaningful while @n > 0
 */
struct mlt_rx_ranges {
	struct mlt_range r[MLT_RX_RANGES_MAX];
	unsigned int n;
	u32 newest;
};

void mlt_rx_ranges_init(struct mlt_rx_ranges *rr);
int mlt_rx_ranges_add(struct mlt_rx_ranges *rr, u32 rcv_nxt, u32 seq);
void mlt_rx_ranges_advance(struct mlt_rx_ranges *rr, u32 rcv_nxt);
bool mlt_rx_ranges_has(const struct mlt_rx_ranges *rr, u32 seq);
unsigned int mlt_rx_ranges_report(const struct mlt_rx_ranges *rr,
				  struct mlt_range *out, unsigned int max);

#endif /* _MLT_SACK_H */
