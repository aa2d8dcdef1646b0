/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The datagram size of one direction of a tunnel, found by probing the
 * path (Datagram Packetization Layer PMTU Discovery, RFC 8899): a tunnel
 * starts at %MLT_BASE_DATAGRAM; a probe is an ordinary reliable datagram
 * padded to a larger size and sent with Don't Fragment; an acknowledgment
 * of it (of that transmission, not a resent copy) confirms the size, and
 * %MLT_PMTU_MAX_PROBES lost in a row rule it out. A lost probe is not a
 * congestion signal. Pure code: the engine passes the time and the events
 * in. Documentation/protocol.rst, "Datagram size", is the specification.
 */
#ifndef _MLT_PMTU_H
#define _MLT_PMTU_H

#include "pure.h"
#include "protocol.h"

/**
 * struct mlt_pmtu - the search
 * @size: new datagrams are made at most this big (UDP payload bytes)
 * @probe: the size of the probe in flight, 0 when none is
 * @limit: the largest size the local route takes (a multiple of
 *	%MLT_PAD_MULTIPLE): nothing larger is tried
 * @high: sizes above this failed in the current search
 * @lost: probes of the next size lost in a row
 * @next_us: no probe goes out before this time
 */
struct mlt_pmtu {
	u16 size;
	u16 probe;
	u16 limit;
	u16 high;
	u8 lost;
	u64 next_us;
};

void mlt_pmtu_init(struct mlt_pmtu *p, u64 now_us);
void mlt_pmtu_restart(struct mlt_pmtu *p, u64 now_us);
void mlt_pmtu_route(struct mlt_pmtu *p, unsigned int route);
unsigned int mlt_pmtu_next(const struct mlt_pmtu *p, u64 now_us);
void mlt_pmtu_sent(struct mlt_pmtu *p, unsigned int size);
void mlt_pmtu_acked(struct mlt_pmtu *p, unsigned int size, u64 now_us);
void mlt_pmtu_lost(struct mlt_pmtu *p, unsigned int size, u64 now_us);

#endif /* _MLT_PMTU_H */
