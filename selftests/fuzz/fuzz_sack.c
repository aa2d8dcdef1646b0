// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target of the receiver's range tracker, kernel/sack.c: a random
 * sequence of arrivals, advances of rcv_nxt, lookups and reports over the
 * whole 32-bit seq space. After every call:
 *  - the ranges are sorted, disjoint, not adjacent, non-empty, none before
 *    rcv_nxt and none reaching 2^31 past it, at most MLT_RX_RANGES_MAX;
 *  - they are exactly the maximal runs of a reference model, the sorted
 *    list of the seqs received at or after rcv_nxt, and add() answers as
 *    the model does (a refusal changing nothing);
 *  - has() agrees with the model at and around every range boundary, and
 *    report() gives the newest arrival's range first, then the others from
 *    the lowest up.
 *
 * Input: rcv_nxt as a big-endian u32, then records of 5 bytes, op then a
 * big-endian u32 argument; the op's low 3 bits choose the call, the next
 * 2 how the seq is made from the argument.
 */

#include "fuzz.h"
#include "sack.h"

#define HALF		0x80000000U
#define MAX_SEQS	1024

/* The seqs received at or after nxt, sorted by their distance from it. */
struct model {
	u32 nxt;
	u32 seq[MAX_SEQS];
	unsigned int n;
	u32 newest;
};

/* The index of the first seq at least @pos past nxt. */
static unsigned int model_lower(const struct model *m, u32 pos)
{
	unsigned int lo = 0, hi = m->n;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (m->seq[mid] - m->nxt < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool model_has(const struct model *m, u32 seq)
{
	unsigned int i = model_lower(m, seq - m->nxt);

	return i < m->n && m->seq[i] == seq;
}

/* The maximal runs, lowest first; returns how many. */
static unsigned int model_runs(const struct model *m, struct mlt_range *out)
{
	unsigned int i, k = 0;

	for (i = 0; i < m->n; i++) {
		if (i && m->seq[i] == m->seq[i - 1] + 1) {
			out[k - 1].end = m->seq[i] + 1;
			continue;
		}
		out[k].start = m->seq[i];
		out[k].end = m->seq[i] + 1;
		k++;
	}
	return k;
}

static int model_add(struct model *m, u32 seq)
{
	static struct mlt_range runs[MAX_SEQS];
	u32 pos = seq - m->nxt;
	unsigned int i;

	if (!pos || pos >= HALF)
		return -EINVAL;
	if (model_has(m, seq))
		return 1;
	if (model_runs(m, runs) + 1 - model_has(m, seq - 1) -
	    model_has(m, seq + 1) > MLT_RX_RANGES_MAX)
		return -ENOSPC;
	CHECK(m->n < MAX_SEQS);
	i = model_lower(m, pos);
	memmove(&m->seq[i + 1], &m->seq[i], (m->n - i) * sizeof(u32));
	m->seq[i] = seq;
	m->n++;
	m->newest = seq;
	return 0;
}

static void model_advance(struct model *m, u32 nxt)
{
	unsigned int k = model_lower(m, nxt - m->nxt);

	memmove(m->seq, m->seq + k, (m->n - k) * sizeof(u32));
	m->n -= k;
	m->nxt = nxt;
}

static void check_has(const struct mlt_rx_ranges *rr, const struct model *m,
		      u32 seq)
{
	CHECK(mlt_rx_ranges_has(rr, seq) == model_has(m, seq));
}

static void check_report(const struct mlt_rx_ranges *rr,
			 const struct mlt_range *runs, unsigned int n,
			 unsigned int h, unsigned int max)
{
	struct mlt_range out[MLT_RX_RANGES_MAX + 2];
	unsigned int got = mlt_rx_ranges_report(rr, out, max), i, j = 0;

	CHECK(got == (max < n ? max : n));
	if (h < n && j < got) {
		CHECK(!memcmp(&out[j], &runs[h], sizeof(out[0])));
		j++;
	}
	for (i = 0; i < n && j < got; i++) {
		if (i == h)
			continue;
		CHECK(!memcmp(&out[j], &runs[i], sizeof(out[0])));
		j++;
	}
}

static void check(const struct mlt_rx_ranges *rr, const struct model *m,
		  unsigned int max)
{
	static struct mlt_range runs[MAX_SEQS];
	unsigned int n = model_runs(m, runs), i, h = n;

	CHECK(rr->n <= MLT_RX_RANGES_MAX);
	for (i = 0; i < rr->n; i++) {
		u32 s = rr->r[i].start - m->nxt, e = rr->r[i].end - m->nxt;

		CHECK(s < e && e <= HALF);
		CHECK(!i || rr->r[i - 1].end - m->nxt < s);
	}
	CHECK(rr->n == n);
	for (i = 0; i < n; i++) {
		CHECK(rr->r[i].start == runs[i].start);
		CHECK(rr->r[i].end == runs[i].end);
		check_has(rr, m, runs[i].start - 1);
		check_has(rr, m, runs[i].start);
		check_has(rr, m, runs[i].end - 1);
		check_has(rr, m, runs[i].end);
		if (model_has(m, m->newest) &&
		    m->newest - runs[i].start < runs[i].end - runs[i].start)
			h = i;
	}
	if (n)
		CHECK(rr->newest == m->newest);
	check_report(rr, runs, n, h, max);
}

/* The seq an add record names: near rcv_nxt, further, at the edge, any. */
static u32 make_seq(const struct model *m, u8 how, u32 arg)
{
	switch (how) {
	case 0:
		return m->nxt + arg % 64;
	case 1:
		return m->nxt + arg % 1024;
	case 2:
		return m->nxt + HALF - arg % 64;
	}
	return arg;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct model m;
	struct mlt_rx_ranges rr, before;
	u32 d;

	if (size < 4)
		return 0;
	memset(&m, 0, sizeof(m));
	m.nxt = get_unaligned_be32(data);
	mlt_rx_ranges_init(&rr);
	/* at most MAX_SEQS - 1 records, whatever -max_len says */
	if (size > 4 + 5 * (MAX_SEQS - 1))
		size = 4 + 5 * (MAX_SEQS - 1);
	for (data += 4, size -= 4; size >= 5; data += 5, size -= 5) {
		u32 arg = get_unaligned_be32(data + 1), seq;
		u8 op = data[0];
		int want, got;

		switch (op & 7) {
		case 0:
		case 1:
		case 2:		/* an arrival */
			seq = make_seq(&m, op >> 3 & 3, arg);
			before = rr;
			want = model_add(&m, seq);
			got = mlt_rx_ranges_add(&rr, m.nxt, seq);
			CHECK(got == want);
			if (got)
				CHECK(!memcmp(&before, &rr, sizeof(rr)));
			else
				CHECK(rr.newest == seq);
			break;
		case 3:		/* rcv_nxt arrives: past all that is held */
			for (d = 1; model_has(&m, m.nxt + d); d++)
				;
			model_advance(&m, m.nxt + d);
			mlt_rx_ranges_advance(&rr, m.nxt);
			break;
		case 4:		/* a short jump, perhaps into a range */
			model_advance(&m, m.nxt + arg % 64);
			mlt_rx_ranges_advance(&rr, m.nxt);
			break;
		case 5:		/* any jump by less than 2^31 */
			model_advance(&m, m.nxt + arg % HALF);
			mlt_rx_ranges_advance(&rr, m.nxt);
			break;
		default:	/* lookups only */
			check_has(&rr, &m, arg);
			check_has(&rr, &m, m.nxt + arg % 2048 - 8);
			break;
		}
		check(&rr, &m, arg % (MLT_RX_RANGES_MAX + 2));
	}
	return 0;
}
