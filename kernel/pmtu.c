// SPDX-License-Identifier: GPL-2.0
/*
 * Datagram size search (RFC 8899): which size to probe next, and what an
 * acknowledged or lost probe teaches. See pmtu.h.
 */
#include "pmtu.h"

#define MLT_PMTU_US(ms)	((u64)(ms) * 1000)

/* Sizes are whole multiples of the padding: a sealed body is one. */
static unsigned int mlt_pmtu_align(unsigned int size)
{
	return size - size % MLT_PAD_MULTIPLE;
}

/* The largest size the current search may still try. */
static unsigned int mlt_pmtu_top(const struct mlt_pmtu *p)
{
	return p->high < p->limit ? p->high : p->limit;
}

/* Nothing between the size and the top is worth a probe: rest, then again. */
static void mlt_pmtu_settle(struct mlt_pmtu *p, u64 now_us)
{
	if (mlt_pmtu_top(p) >= p->size + MLT_PMTU_STEP)
		return;
	p->high = MLT_MAX_DATAGRAM;
	p->next_us = now_us + MLT_PMTU_US(MLT_PMTU_RAISE_MS);
}

/**
 * mlt_pmtu_init() - start, or start again because the peer moved, at the
 *	base
 * @p: the search
 * @now_us: the time
 *
 * The local route's size is kept. The first probe may go out at once.
 */
void mlt_pmtu_init(struct mlt_pmtu *p, u64 now_us)
{
	p->size = MLT_BASE_DATAGRAM;
	p->probe = 0;
	if (p->limit < MLT_BASE_DATAGRAM)
		p->limit = MLT_BASE_DATAGRAM;
	p->high = MLT_MAX_DATAGRAM;
	p->lost = 0;
	p->next_us = now_us;
}

/**
 * mlt_pmtu_restart() - a retransmission timeout: the path may no longer
 *	take the size (a black hole, RFC 8899 4.3); start again at the base
 * @p: the search
 * @now_us: the time
 *
 * The first probe waits %MLT_PMTU_PROBE_GAP_MS: the timeout may as well
 * have been an outage.
 */
void mlt_pmtu_restart(struct mlt_pmtu *p, u64 now_us)
{
	mlt_pmtu_init(p, now_us);
	p->next_us = now_us + MLT_PMTU_US(MLT_PMTU_PROBE_GAP_MS);
}

/**
 * mlt_pmtu_route() - what the local route to the peer takes
 * @p: the search
 * @route: its MTU less the IP and UDP headers; 0 if not known
 *
 * A route that shrank below the size lowers it at once: larger datagrams
 * would only be fragmented here. A route that changed restarts the count
 * of lost probes (they were of another size), and one that grew may be
 * probed at once.
 */
void mlt_pmtu_route(struct mlt_pmtu *p, unsigned int route)
{
	if (route > MLT_MAX_DATAGRAM)
		route = MLT_MAX_DATAGRAM;
	route = mlt_pmtu_align(route);
	if (route < MLT_BASE_DATAGRAM)
		route = MLT_BASE_DATAGRAM;
	if (route == p->limit)
		return;
	if (route > p->limit && !p->probe)
		p->next_us = 0;
	p->lost = 0;
	p->limit = route;
	if (p->size > route)
		p->size = route;
}

/**
 * mlt_pmtu_next() - the size to probe now
 * @p: the search
 * @now_us: the time
 *
 * The top first (the local route's size, at most %MLT_MAX_DATAGRAM): most
 * paths take it. Once it failed, halves of what is left, while what is
 * left is %MLT_PMTU_STEP or more.
 *
 * Return: the size, or 0: a probe is in flight, it is too early, or
 * nothing is left to try.
 */
unsigned int mlt_pmtu_next(const struct mlt_pmtu *p, u64 now_us)
{
	unsigned int top = mlt_pmtu_top(p), size;

	if (p->probe || now_us < p->next_us ||
	    top < p->size + MLT_PMTU_STEP)
		return 0;
	if (top == p->limit)
		return top;
	size = mlt_pmtu_align(p->size + (top - p->size) / 2);
	return size > p->size ? size : 0;
}

/**
 * mlt_pmtu_sent() - a probe of @size went out
 * @p: the search
 * @size: as mlt_pmtu_next() said
 */
void mlt_pmtu_sent(struct mlt_pmtu *p, unsigned int size)
{
	p->probe = size;
}

/**
 * mlt_pmtu_acked() - the probe of @size arrived: the size holds
 * @p: the search
 * @size: the probe's size
 * @now_us: the time
 */
void mlt_pmtu_acked(struct mlt_pmtu *p, unsigned int size, u64 now_us)
{
	if (!p->probe || size != p->probe)
		return;
	p->probe = 0;
	p->lost = 0;
	if (size > p->size && size <= p->limit)
		p->size = size;
	p->next_us = now_us;
	mlt_pmtu_settle(p, now_us);
}

/**
 * mlt_pmtu_lost() - the probe of @size was lost, or it is not known
 *	whether it or a resent copy arrived
 * @p: the search
 * @size: the probe's size
 * @now_us: the time
 *
 * The same size is tried again after %MLT_PMTU_PROBE_GAP_MS, until
 * %MLT_PMTU_MAX_PROBES were lost in a row: then the search looks below it.
 */
void mlt_pmtu_lost(struct mlt_pmtu *p, unsigned int size, u64 now_us)
{
	if (!p->probe || size != p->probe)
		return;
	p->probe = 0;
	if (++p->lost < MLT_PMTU_MAX_PROBES) {
		p->next_us = now_us + MLT_PMTU_US(MLT_PMTU_PROBE_GAP_MS);
		return;
	}
	p->lost = 0;
	p->high = size - MLT_PAD_MULTIPLE;
	p->next_us = now_us;
	mlt_pmtu_settle(p, now_us);
}
