// SPDX-License-Identifier: GPL-2.0
/*
 * The receiver's range tracker for selective acknowledgment. See sack.h.
 *
 * Every range lies in the half of the seq space that starts at rcv_nxt, so
 * counted from rcv_nxt, or from the start of the first range, positions
 * are plain u32 numbers in serial order: the lookups compare those and
 * binary-search the sorted ranges.
 */

#include "pure.h"
#include "protocol.h"
#include "sack.h"
#include "wire.h"

/**
 * mlt_rx_ranges_init() - empty a range record
 * @rr: the record
 */
void mlt_rx_ranges_init(struct mlt_rx_ranges *rr)
{
	memset(rr, 0, sizeof(*rr));
}

/*
 * How many ranges start at or before @seq, with positions counted from
 * @base, at or before every range: the index of the only range that may
 * hold @seq, plus one.
 */
static unsigned int mlt_rx_upper(const struct mlt_rx_ranges *rr, u32 base,
				 u32 seq)
{
	unsigned int lo = 0, hi = rr->n;
	u32 pos = seq - base;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (rr->r[mid].start - base <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The index of the range that holds @seq, or @rr->n if none does. */
static unsigned int mlt_rx_find(const struct mlt_rx_ranges *rr, u32 seq)
{
	unsigned int i;
	u32 base;

	if (!rr->n)
		return 0;
	base = rr->r[0].start;
	i = mlt_rx_upper(rr, base, seq);
	if (i && seq - base < rr->r[i - 1].end - base)
		return i - 1;
	return rr->n;
}

/* Open the range [@seq, @seq + 1) at index @i; the caller made room. */
static void mlt_rx_insert(struct mlt_rx_ranges *rr, unsigned int i, u32 seq)
{
	memmove(&rr->r[i + 1], &rr->r[i], (rr->n - i) * sizeof(rr->r[0]));
	rr->r[i].start = seq;
	rr->r[i].end = seq + 1;
	rr->n++;
}

/* Remove the @k ranges from index @i on. */
static void mlt_rx_remove(struct mlt_rx_ranges *rr, unsigned int i,
			  unsigned int k)
{
	memmove(&rr->r[i], &rr->r[i + k],
		(rr->n - i - k) * sizeof(rr->r[0]));
	rr->n -= k;
}

/**
 * mlt_rx_ranges_add() - record the arrival of a reliable datagram
 * @rr: the record, advanced to @rcv_nxt already
 * @rcv_nxt: the lowest seq not received
 * @seq: the datagram's seq: after @rcv_nxt, and less than 2^31 after it
 *
 * @seq extends the range that ends at it or starts just after it, joins
 * two ranges it separated, or opens a range of its own.
 *
 * Return: 0 if @seq was recorded (@rr->newest is @seq then); 1 if it was
 * held already; -%EINVAL if it is not after @rcv_nxt or 2^31 or more after
 * it; -%ENOSPC if it needs a range of its own and %MLT_RX_RANGES_MAX are
 * in use (the caller drops the datagram). Nothing changes but on 0.
 */
int mlt_rx_ranges_add(struct mlt_rx_ranges *rr, u32 rcv_nxt, u32 seq)
{
	u32 pos = seq - rcv_nxt;
	bool left, right;
	unsigned int i;

	if (!pos || pos >= MLT_SEQ_HALF)
		return -EINVAL;
	i = mlt_rx_upper(rr, rcv_nxt, seq);
	if (i && pos < rr->r[i - 1].end - rcv_nxt)
		return 1;
	left = i && rr->r[i - 1].end == seq;
	right = i < rr->n && rr->r[i].start == seq + 1;
	if (left && right) {
		rr->r[i - 1].end = rr->r[i].end;
		mlt_rx_remove(rr, i, 1);
	} else if (left) {
		rr->r[i - 1].end = seq + 1;
	} else if (right) {
		rr->r[i].start = seq;
	} else if (rr->n < MLT_RX_RANGES_MAX) {
		mlt_rx_insert(rr, i, seq);
	} else {
		return -ENOSPC;
	}
	rr->newest = seq;
	return 0;
}

/**
 * mlt_rx_ranges_advance() - forget what is below a new rcv_nxt
 * @rr: the record
 * @rcv_nxt: the lowest seq not received, moved forward (by less than 2^31)
 *
 * Removes the ranges that end at or before @rcv_nxt and trims the one that
 * starts before it. The caller moves rcv_nxt past every seq it holds in
 * order, so no range is left holding @rcv_nxt itself.
 */
void mlt_rx_ranges_advance(struct mlt_rx_ranges *rr, u32 rcv_nxt)
{
	unsigned int k = 0;

	while (k < rr->n && mlt_seq_before_eq(rr->r[k].end, rcv_nxt))
		k++;
	mlt_rx_remove(rr, 0, k);
	if (rr->n && mlt_seq_before(rr->r[0].start, rcv_nxt))
		rr->r[0].start = rcv_nxt;
}

/**
 * mlt_rx_ranges_has() - whether a seq is recorded
 * @rr: the record
 * @seq: any seq
 *
 * Return: true if a range holds @seq.
 */
bool mlt_rx_ranges_has(const struct mlt_rx_ranges *rr, u32 seq)
{
	return mlt_rx_find(rr, seq) < rr->n;
}

/**
 * mlt_rx_ranges_report() - the ranges a SACK carries, in its order
 * @rr: the record
 * @out: filled in with up to @max ranges
 * @max: how many @out holds, %MLT_SACK_MAX for a SACK
 *
 * The range that holds @rr->newest comes first (unless advancing removed
 * it), then the others from the lowest start up; past @max, the highest
 * are left out.
 *
 * Return: how many ranges were written to @out.
 */
unsigned int mlt_rx_ranges_report(const struct mlt_rx_ranges *rr,
				  struct mlt_range *out, unsigned int max)
{
	unsigned int h = mlt_rx_find(rr, rr->newest), i, k = 0;

	if (h < rr->n && k < max)
		out[k++] = rr->r[h];
	for (i = 0; i < rr->n && k < max; i++)
		if (i != h)
			out[k++] = rr->r[i];
	return k;
}
