// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the receiver's range tracker, kernel/sack.c, on the host
 * under ASan and UBSan: targeted cases, then random operation sequences
 * checked after every call against a bitmap of the seqs received.
 */

#include "sack.h"

/* pure_user.h and kselftest.h both define it, identically */
#undef ARRAY_SIZE
#include "kselftest_harness.h"

#define HALF 0x80000000U

/* ---- helpers ----------------------------------------------------------- */

/*
 * The structural invariants, with @rcv_nxt the caller's: sorted, disjoint,
 * not adjacent, non-empty, none before @rcv_nxt, all within 2^31 of it.
 * Returns the index of the first bad range, or -1.
 */
static int bad_range(const struct mlt_rx_ranges *rr, u32 rcv_nxt)
{
	unsigned int i;

	if (rr->n > MLT_RX_RANGES_MAX)
		return MLT_RX_RANGES_MAX;
	for (i = 0; i < rr->n; i++) {
		u32 s = rr->r[i].start - rcv_nxt, e = rr->r[i].end - rcv_nxt;

		if (s >= e || e > HALF)
			return i;
		if (i && rr->r[i - 1].end - rcv_nxt >= s)
			return i;
	}
	return -1;
}

/* add() that also checks a refusal changed nothing */
static int add(struct mlt_rx_ranges *rr, u32 rcv_nxt, u32 seq)
{
	struct mlt_rx_ranges before = *rr;
	int ret = mlt_rx_ranges_add(rr, rcv_nxt, seq);

	if (ret && memcmp(&before, rr, sizeof(before)))
		abort();
	if (bad_range(rr, rcv_nxt) >= 0)
		abort();
	return ret;
}

/* Fill @rr with @n ranges [base + 2i + 1, base + 2i + 2), i = 0 .. n - 1. */
static void fill_isolated(struct mlt_rx_ranges *rr, u32 base, unsigned int n)
{
	unsigned int i;

	mlt_rx_ranges_init(rr);
	for (i = 0; i < n; i++)
		if (add(rr, base, base + 2 * i + 1))
			abort();
}

/* ---- targeted cases ---------------------------------------------------- */

TEST(empty_record_holds_nothing)
{
	struct mlt_rx_ranges rr, z;
	struct mlt_range out[4];

	memset(&rr, 0x5a, sizeof(rr));
	mlt_rx_ranges_init(&rr);
	memset(&z, 0, sizeof(z));
	ASSERT_EQ(0, memcmp(&z, &rr, sizeof(rr)));
	ASSERT_FALSE(mlt_rx_ranges_has(&rr, 0));
	ASSERT_FALSE(mlt_rx_ranges_has(&rr, 1));
	ASSERT_EQ(0, mlt_rx_ranges_report(&rr, out, 4));
	mlt_rx_ranges_advance(&rr, 12345);
	ASSERT_EQ(0, rr.n);
}

TEST(add_outside_the_half_after_rcv_nxt_is_einval)
{
	static const u32 nxt[] = { 0, 1, 1000, HALF - 1, HALF, 0xffffffff };
	struct mlt_rx_ranges rr;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(nxt); i++) {
		u32 n = nxt[i];

		mlt_rx_ranges_init(&rr);
		ASSERT_EQ(-EINVAL, add(&rr, n, n));
		ASSERT_EQ(-EINVAL, add(&rr, n, n - 1));
		ASSERT_EQ(-EINVAL, add(&rr, n, n + HALF));
		ASSERT_EQ(-EINVAL, add(&rr, n, n + HALF + 1));
		ASSERT_EQ(-EINVAL, add(&rr, n, n - HALF + 1));
		ASSERT_EQ(0, rr.n);
		ASSERT_EQ(0, add(&rr, n, n + HALF - 1));
		ASSERT_EQ(0, add(&rr, n, n + 1));
		ASSERT_EQ(2, rr.n);
		ASSERT_EQ(n + 1, rr.r[0].start);
		ASSERT_EQ(n + HALF - 1, rr.r[1].start);
		ASSERT_EQ(n + HALF, rr.r[1].end);
		ASSERT_EQ(n + 1, rr.newest);
	}
}

TEST(add_opens_extends_and_reports_duplicates)
{
	struct mlt_rx_ranges rr, before;

	mlt_rx_ranges_init(&rr);
	ASSERT_EQ(0, add(&rr, 1, 10));
	ASSERT_EQ(1, rr.n);
	ASSERT_EQ(10, rr.r[0].start);
	ASSERT_EQ(11, rr.r[0].end);
	ASSERT_EQ(0, add(&rr, 1, 11));		/* extends the end */
	ASSERT_EQ(0, add(&rr, 1, 9));		/* extends the start */
	ASSERT_EQ(1, rr.n);
	ASSERT_EQ(9, rr.r[0].start);
	ASSERT_EQ(12, rr.r[0].end);
	ASSERT_EQ(9, rr.newest);

	before = rr;
	ASSERT_EQ(1, add(&rr, 1, 9));
	ASSERT_EQ(1, add(&rr, 1, 10));
	ASSERT_EQ(1, add(&rr, 1, 11));
	ASSERT_EQ(0, memcmp(&before, &rr, sizeof(rr)));	/* newest too */

	ASSERT_EQ(0, add(&rr, 1, 20));		/* after */
	ASSERT_EQ(0, add(&rr, 1, 3));		/* before */
	ASSERT_EQ(3, rr.n);
	ASSERT_EQ(3, rr.r[0].start);
	ASSERT_EQ(9, rr.r[1].start);
	ASSERT_EQ(20, rr.r[2].start);
	ASSERT_TRUE(mlt_rx_ranges_has(&rr, 3));
	ASSERT_FALSE(mlt_rx_ranges_has(&rr, 4));
	ASSERT_FALSE(mlt_rx_ranges_has(&rr, 8));
	ASSERT_TRUE(mlt_rx_ranges_has(&rr, 11));
	ASSERT_FALSE(mlt_rx_ranges_has(&rr, 12));
	ASSERT_FALSE(mlt_rx_ranges_has(&rr, 2));
	ASSERT_FALSE(mlt_rx_ranges_has(&rr, 21));
}

TEST(add_between_two_ranges_merges_them)
{
	struct mlt_rx_ranges rr;

	mlt_rx_ranges_init(&rr);
	ASSERT_EQ(0, add(&rr, 0, 2));
	ASSERT_EQ(0, add(&rr, 0, 6));
	ASSERT_EQ(0, add(&rr, 0, 3));
	ASSERT_EQ(0, add(&rr, 0, 5));
	ASSERT_EQ(0, add(&rr, 0, 9));
	ASSERT_EQ(3, rr.n);			/* [2,4) [5,7) [9,10) */
	ASSERT_EQ(0, add(&rr, 0, 4));
	ASSERT_EQ(2, rr.n);
	ASSERT_EQ(2, rr.r[0].start);
	ASSERT_EQ(7, rr.r[0].end);
	ASSERT_EQ(9, rr.r[1].start);
	ASSERT_EQ(10, rr.r[1].end);
	ASSERT_EQ(4, rr.newest);
	ASSERT_EQ(0, add(&rr, 0, 8));
	ASSERT_EQ(0, add(&rr, 0, 7));
	ASSERT_EQ(1, rr.n);
	ASSERT_EQ(2, rr.r[0].start);
	ASSERT_EQ(10, rr.r[0].end);
}

TEST(fill_at_the_start_then_advance_forgets)
{
	struct mlt_rx_ranges rr;

	mlt_rx_ranges_init(&rr);
	ASSERT_EQ(0, add(&rr, 1, 3));
	ASSERT_EQ(0, add(&rr, 1, 4));
	ASSERT_EQ(0, add(&rr, 1, 7));
	ASSERT_EQ(0, add(&rr, 1, 2));		/* the seq just after rcv_nxt */
	ASSERT_EQ(2, rr.n);
	ASSERT_EQ(2, rr.r[0].start);
	ASSERT_EQ(5, rr.r[0].end);

	/* 1 arrives: rcv_nxt moves past 1 .. 4 */
	mlt_rx_ranges_advance(&rr, 5);
	ASSERT_EQ(1, rr.n);
	ASSERT_EQ(7, rr.r[0].start);
	ASSERT_FALSE(mlt_rx_ranges_has(&rr, 4));
	ASSERT_EQ(-EINVAL, add(&rr, 5, 4));
	ASSERT_EQ(0, add(&rr, 5, 6));
	ASSERT_EQ(6, rr.r[0].start);
	mlt_rx_ranges_advance(&rr, 8);
	ASSERT_EQ(0, rr.n);
}

TEST(advance_removes_and_trims)
{
	struct mlt_rx_ranges rr;

	mlt_rx_ranges_init(&rr);
	ASSERT_EQ(0, add(&rr, 0, 10));
	ASSERT_EQ(0, add(&rr, 0, 11));
	ASSERT_EQ(0, add(&rr, 0, 12));
	ASSERT_EQ(0, add(&rr, 0, 20));
	ASSERT_EQ(0, add(&rr, 0, 30));
	ASSERT_EQ(0, add(&rr, 0, 31));

	mlt_rx_ranges_advance(&rr, 0);		/* nothing to forget */
	ASSERT_EQ(3, rr.n);
	mlt_rx_ranges_advance(&rr, 10);		/* up to the first range */
	ASSERT_EQ(3, rr.n);
	ASSERT_EQ(10, rr.r[0].start);
	mlt_rx_ranges_advance(&rr, 11);		/* into it: trimmed */
	ASSERT_EQ(3, rr.n);
	ASSERT_EQ(11, rr.r[0].start);
	ASSERT_EQ(13, rr.r[0].end);
	mlt_rx_ranges_advance(&rr, 13);		/* to its end: removed */
	ASSERT_EQ(2, rr.n);
	ASSERT_EQ(20, rr.r[0].start);
	mlt_rx_ranges_advance(&rr, 31);		/* past one, into another */
	ASSERT_EQ(1, rr.n);
	ASSERT_EQ(31, rr.r[0].start);
	ASSERT_EQ(32, rr.r[0].end);
	ASSERT_FALSE(mlt_rx_ranges_has(&rr, 30));
	mlt_rx_ranges_advance(&rr, 31 + HALF - 1);	/* far past all */
	ASSERT_EQ(0, rr.n);
}

TEST(range_number_33_is_refused_and_changes_nothing)
{
	struct mlt_rx_ranges rr, before;
	unsigned int i;

	fill_isolated(&rr, 100, MLT_RX_RANGES_MAX);
	ASSERT_EQ(MLT_RX_RANGES_MAX, rr.n);
	before = rr;
	/* after the last, before the first, in the middle, far ahead */
	ASSERT_EQ(-ENOSPC, add(&rr, 100, 100 + 2 * MLT_RX_RANGES_MAX + 2));
	ASSERT_EQ(-ENOSPC, add(&rr, 90, 98));
	ASSERT_EQ(-ENOSPC, add(&rr, 90, 95));
	ASSERT_EQ(-ENOSPC, add(&rr, 100, 100 + HALF - 1));
	ASSERT_EQ(0, memcmp(&before, &rr, sizeof(rr)));

	/* what needs no new range is still recorded */
	ASSERT_EQ(1, add(&rr, 100, 101));
	ASSERT_EQ(0, add(&rr, 100, 100 + 2 * MLT_RX_RANGES_MAX));  /* extend */
	ASSERT_EQ(MLT_RX_RANGES_MAX, rr.n);
	ASSERT_EQ(0, add(&rr, 100, 102));	/* merge: one fewer */
	ASSERT_EQ(MLT_RX_RANGES_MAX - 1, rr.n);
	ASSERT_EQ(0, add(&rr, 100, 100 + 2 * MLT_RX_RANGES_MAX + 2));
	ASSERT_EQ(MLT_RX_RANGES_MAX, rr.n);
	ASSERT_EQ(-ENOSPC, add(&rr, 100, 100 + 2 * MLT_RX_RANGES_MAX + 4));

	/* advancing frees room */
	mlt_rx_ranges_advance(&rr, 104);
	ASSERT_EQ(MLT_RX_RANGES_MAX - 1, rr.n);
	ASSERT_EQ(0, add(&rr, 104, 100 + 2 * MLT_RX_RANGES_MAX + 4));
	for (i = 0; i < rr.n; i++)
		ASSERT_TRUE(mlt_rx_ranges_has(&rr, rr.r[i].start));
}

TEST(wraps_around_the_32_bit_seq_space)
{
	struct mlt_rx_ranges rr;
	struct mlt_range out[4];
	u32 nxt = 0xfffffff0;

	mlt_rx_ranges_init(&rr);
	ASSERT_EQ(0, add(&rr, nxt, 1));
	ASSERT_EQ(0, add(&rr, nxt, 0xfffffffe));
	ASSERT_EQ(0, add(&rr, nxt, 0xfffffff5));
	ASSERT_EQ(3, rr.n);
	ASSERT_EQ(0xfffffff5, rr.r[0].start);	/* sorted in serial order */
	ASSERT_EQ(0xfffffffe, rr.r[1].start);
	ASSERT_EQ(1, rr.r[2].start);
	ASSERT_EQ(0, add(&rr, nxt, 0xffffffff));
	ASSERT_EQ(0, rr.r[1].end);			/* ends at the wrap */
	ASSERT_EQ(0, add(&rr, nxt, 0));		/* joins across it */
	ASSERT_EQ(2, rr.n);
	ASSERT_EQ(0xfffffffe, rr.r[1].start);
	ASSERT_EQ(2, rr.r[1].end);
	ASSERT_TRUE(mlt_rx_ranges_has(&rr, 0xffffffff));
	ASSERT_TRUE(mlt_rx_ranges_has(&rr, 0));
	ASSERT_TRUE(mlt_rx_ranges_has(&rr, 1));
	ASSERT_FALSE(mlt_rx_ranges_has(&rr, 2));
	ASSERT_FALSE(mlt_rx_ranges_has(&rr, 0xfffffffd));

	ASSERT_EQ(2, mlt_rx_ranges_report(&rr, out, 4));
	ASSERT_EQ(0xfffffffe, out[0].start);	/* holds newest, 0 */
	ASSERT_EQ(0xfffffff5, out[1].start);

	mlt_rx_ranges_advance(&rr, 0xffffffff);
	ASSERT_EQ(1, rr.n);
	ASSERT_EQ(0xffffffff, rr.r[0].start);
	mlt_rx_ranges_advance(&rr, 2);
	ASSERT_EQ(0, rr.n);
}

/* The range that ends exactly 2^31 after rcv_nxt, and advances from it. */
TEST(ranges_at_the_far_edge_of_the_half)
{
	struct mlt_rx_ranges rr;
	u32 nxt = 7;

	mlt_rx_ranges_init(&rr);
	ASSERT_EQ(0, add(&rr, nxt, nxt + HALF - 1));
	ASSERT_EQ(0, add(&rr, nxt, nxt + HALF - 2));
	ASSERT_EQ(0, add(&rr, nxt, nxt + 1));
	ASSERT_EQ(2, rr.n);
	ASSERT_EQ(nxt + HALF, rr.r[1].end);
	ASSERT_TRUE(mlt_rx_ranges_has(&rr, nxt + HALF - 1));
	ASSERT_FALSE(mlt_rx_ranges_has(&rr, nxt + HALF));
	ASSERT_FALSE(mlt_rx_ranges_has(&rr, nxt));

	mlt_rx_ranges_advance(&rr, nxt);
	ASSERT_EQ(2, rr.n);
	mlt_rx_ranges_advance(&rr, nxt + 2);
	ASSERT_EQ(1, rr.n);
	nxt += HALF - 1;
	mlt_rx_ranges_advance(&rr, nxt);
	ASSERT_EQ(1, rr.n);
	ASSERT_EQ(nxt, rr.r[0].start);
	ASSERT_EQ(0, add(&rr, nxt, nxt + HALF - 1));
	ASSERT_EQ(2, rr.n);
	ASSERT_EQ(-1, bad_range(&rr, nxt));
}

TEST(report_puts_the_newest_range_first_then_from_the_lowest)
{
	struct mlt_rx_ranges rr;
	struct mlt_range out[MLT_RX_RANGES_MAX];

	mlt_rx_ranges_init(&rr);
	ASSERT_EQ(0, add(&rr, 0, 30));
	ASSERT_EQ(0, add(&rr, 0, 10));
	ASSERT_EQ(0, add(&rr, 0, 11));
	ASSERT_EQ(0, add(&rr, 0, 40));
	ASSERT_EQ(0, add(&rr, 0, 20));
	ASSERT_EQ(1, add(&rr, 0, 10));		/* a duplicate is no arrival */
	ASSERT_EQ(20, rr.newest);

	ASSERT_EQ(4, mlt_rx_ranges_report(&rr, out, MLT_RX_RANGES_MAX));
	ASSERT_EQ(20, out[0].start);
	ASSERT_EQ(10, out[1].start);
	ASSERT_EQ(12, out[1].end);
	ASSERT_EQ(30, out[2].start);
	ASSERT_EQ(40, out[3].start);
	ASSERT_EQ(2, mlt_rx_ranges_report(&rr, out, 2));
	ASSERT_EQ(20, out[0].start);
	ASSERT_EQ(10, out[1].start);
	ASSERT_EQ(0, mlt_rx_ranges_report(&rr, out, 0));

	/* newest in the lowest range: plain ascending order */
	ASSERT_EQ(0, add(&rr, 0, 12));
	ASSERT_EQ(4, mlt_rx_ranges_report(&rr, out, 4));
	ASSERT_EQ(10, out[0].start);
	ASSERT_EQ(13, out[0].end);
	ASSERT_EQ(20, out[1].start);
	ASSERT_EQ(40, out[3].start);

	/* newest in the highest */
	ASSERT_EQ(0, add(&rr, 0, 41));
	ASSERT_EQ(3, mlt_rx_ranges_report(&rr, out, 3));
	ASSERT_EQ(40, out[0].start);
	ASSERT_EQ(42, out[0].end);
	ASSERT_EQ(10, out[1].start);
	ASSERT_EQ(20, out[2].start);

	/* the newest range forgotten: ascending */
	ASSERT_EQ(0, add(&rr, 0, 13));
	mlt_rx_ranges_advance(&rr, 15);
	ASSERT_EQ(3, mlt_rx_ranges_report(&rr, out, 4));
	ASSERT_EQ(20, out[0].start);
	ASSERT_EQ(30, out[1].start);
	ASSERT_EQ(40, out[2].start);
}

TEST(report_of_a_full_record_into_a_sack)
{
	struct mlt_rx_ranges rr;
	struct mlt_range out[MLT_SACK_MAX];
	unsigned int i;

	fill_isolated(&rr, 0, MLT_RX_RANGES_MAX);
	ASSERT_EQ(2 * MLT_RX_RANGES_MAX - 1, rr.newest);
	ASSERT_EQ(MLT_SACK_MAX, mlt_rx_ranges_report(&rr, out, MLT_SACK_MAX));
	ASSERT_EQ(2 * MLT_RX_RANGES_MAX - 1, out[0].start);
	for (i = 1; i < MLT_SACK_MAX; i++)
		ASSERT_EQ(2 * i - 1, out[i].start);

	/* newest in the middle */
	ASSERT_EQ(0, add(&rr, 0, 2 * 20));
	ASSERT_EQ(MLT_SACK_MAX, mlt_rx_ranges_report(&rr, out, MLT_SACK_MAX));
	ASSERT_EQ(2 * 19 + 1, out[0].start);
	ASSERT_EQ(2 * 20 + 2, out[0].end);
	for (i = 1; i < MLT_SACK_MAX; i++)
		ASSERT_EQ(2 * i - 1, out[i].start);
}

/* ---- random sequences against a bitmap --------------------------------- */

/* The offsets from rcv_nxt that the model tracks. */
#define SPAN 2048

/*
 * The seqs received at or after rcv_nxt, as a bitmap: held[k] for seq
 * nxt + k. Random operations stay inside it.
 */
struct model {
	u32 nxt;
	bool held[SPAN];
	u32 newest;
	bool any;
};

struct run {
	u32 start, end;
};

/* The maximal runs of held seqs, lowest first. */
static unsigned int model_runs(const struct model *m, struct run *out)
{
	unsigned int n = 0, k = 0;

	while (k < SPAN) {
		unsigned int s;

		if (!m->held[k]) {
			k++;
			continue;
		}
		for (s = k; k < SPAN && m->held[k]; k++)
			;
		out[n].start = m->nxt + s;
		out[n].end = m->nxt + k;
		n++;
	}
	return n;
}

static int model_add(struct model *m, u32 seq)
{
	struct run runs[SPAN];
	u32 k = seq - m->nxt;

	if (!k || k >= HALF)
		return -EINVAL;
	if (k >= SPAN)
		abort();		/* the generator stays inside */
	if (m->held[k])
		return 1;
	m->held[k] = true;
	if (model_runs(m, runs) > MLT_RX_RANGES_MAX) {
		m->held[k] = false;
		return -ENOSPC;
	}
	m->newest = seq;
	m->any = true;
	return 0;
}

static void model_advance(struct model *m, u32 d)
{
	if (d >= SPAN) {
		memset(m->held, 0, sizeof(m->held));
	} else {
		memmove(m->held, m->held + d, (SPAN - d) * sizeof(bool));
		memset(m->held + SPAN - d, 0, d * sizeof(bool));
	}
	m->nxt += d;
}

static bool model_has(const struct model *m, u32 seq)
{
	u32 k = seq - m->nxt;

	return k < SPAN && m->held[k];
}

/* The record and the model agree on everything. */
static void compare(struct __test_metadata *_metadata,
		    const struct mlt_rx_ranges *rr, const struct model *m)
{
	struct mlt_range out[MLT_RX_RANGES_MAX + 1];
	struct run runs[SPAN];
	unsigned int n = model_runs(m, runs), i, k, h = n;
	u32 probe;

	ASSERT_EQ(-1, bad_range(rr, m->nxt));
	ASSERT_EQ(n, rr->n);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(runs[i].start, rr->r[i].start);
		ASSERT_EQ(runs[i].end, rr->r[i].end);
		if (model_has(m, m->newest) &&
		    m->newest - runs[i].start < runs[i].end - runs[i].start)
			h = i;
	}
	if (n)
		ASSERT_EQ(m->newest, rr->newest);
	for (i = 0; i < n; i++) {
		for (probe = runs[i].start - 1; probe != runs[i].start + 2;
		     probe++)
			ASSERT_EQ(model_has(m, probe),
				  mlt_rx_ranges_has(rr, probe));
		for (probe = runs[i].end - 2; probe != runs[i].end + 1; probe++)
			ASSERT_EQ(model_has(m, probe),
				  mlt_rx_ranges_has(rr, probe));
	}
	for (probe = m->nxt - 2; probe != m->nxt + 2; probe++)
		ASSERT_EQ(model_has(m, probe), mlt_rx_ranges_has(rr, probe));
	for (probe = m->nxt + 5; probe - m->nxt < SPAN; probe += 97)
		ASSERT_EQ(model_has(m, probe), mlt_rx_ranges_has(rr, probe));

	/* the report: the newest's run, then the rest from the lowest */
	for (k = 0; k <= MLT_RX_RANGES_MAX + 1; k += 1 + k / 4) {
		unsigned int got = mlt_rx_ranges_report(rr, out, k), j = 0;

		ASSERT_EQ(k < n ? k : n, got);
		if (h < n && j < got) {
			ASSERT_EQ(runs[h].start, out[j].start);
			j++;
		}
		for (i = 0; i < n && j < got; i++) {
			if (i == h)
				continue;
			ASSERT_EQ(runs[i].start, out[j].start);
			ASSERT_EQ(runs[i].end, out[j].end);
			j++;
		}
	}
}

static u32 rnd(u64 *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

/*
 * One random sequence from @nxt: arrivals clustered near rcv_nxt (so that
 * the range limit is hit), rcv_nxt itself and the seqs before it,
 * in-order arrivals that move rcv_nxt as the engine does, and jumps.
 */
static void random_run(struct __test_metadata *_metadata, u32 nxt, u64 seed,
		       unsigned int ops, unsigned int spread)
{
	static struct model m;
	struct mlt_rx_ranges rr;
	unsigned int i;

	memset(&m, 0, sizeof(m));
	m.nxt = nxt;
	mlt_rx_ranges_init(&rr);
	for (i = 0; i < ops; i++) {
		u32 r = rnd(&seed), seq, d;

		switch (r % 8) {
		case 0:		/* rcv_nxt arrives: move past what is held */
			for (d = 1; d < SPAN && m.held[d]; d++)
				;
			model_advance(&m, d);
			mlt_rx_ranges_advance(&rr, m.nxt);
			break;
		case 1:		/* a jump, perhaps into a range */
			if (rnd(&seed) % 8)
				continue;
			d = rnd(&seed) % (spread + 8);
			model_advance(&m, d);
			mlt_rx_ranges_advance(&rr, m.nxt);
			break;
		case 2:		/* not after rcv_nxt */
			seq = m.nxt - rnd(&seed) % 4;
			ASSERT_EQ(model_add(&m, seq), add(&rr, m.nxt, seq));
			break;
		default:
			seq = m.nxt + rnd(&seed) % spread;
			ASSERT_EQ(model_add(&m, seq), add(&rr, m.nxt, seq))
				TH_LOG("op %u seq %u nxt %u", i, seq, m.nxt);
			break;
		}
		compare(_metadata, &rr, &m);
	}
}

TEST(random_sequences_match_a_bitmap)
{
	static const u32 starts[] = { 0, 1, 0xffffff00, 0x7fffff80,
				      0x80000000, 0xfffffff0 };
	static const unsigned int spreads[] = { 8, 40, 100, 300, 1500 };
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(starts); i++)
		for (j = 0; j < ARRAY_SIZE(spreads); j++)
			random_run(_metadata, starts[i], i * 31 + j + 1, 1000,
				   spreads[j]);
}

TEST_HARNESS_MAIN
