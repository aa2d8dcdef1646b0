// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the datagram size search, kernel/pmtu.c (RFC 8899), with
 * the constants of kernel/protocol.h: targeted cases with exact probe
 * sizes, a search on every path size between the base and the largest
 * datagram, then random event sequences checked after every call. Times
 * in microseconds.
 */
#include "kselftest_harness.h"

#include "pmtu.h"

#define MS	1000ULL
#define SEC	1000000ULL
#define T0	(100 * SEC)	/* an arbitrary start: nothing depends on 0 */
#define RTT	(20 * MS)
#define GAP	(MLT_PMTU_PROBE_GAP_MS * MS)
#define RAISE	(MLT_PMTU_RAISE_MS * MS)
#define BASE	MLT_BASE_DATAGRAM
#define MAX	MLT_MAX_DATAGRAM
#define PAD	MLT_PAD_MULTIPLE
#define STEP	MLT_PMTU_STEP

/* ---- helpers ----------------------------------------------------------- */

/* What holds of the state after every call. */
static void check(struct __test_metadata *_metadata, const struct mlt_pmtu *p)
{
	ASSERT_EQ(0, p->size % PAD);
	ASSERT_EQ(0, p->limit % PAD);
	ASSERT_LE(BASE, p->size);
	ASSERT_LE(p->size, p->limit);
	ASSERT_LE(p->limit, MAX);
	ASSERT_LT(p->lost, MLT_PMTU_MAX_PROBES);
}

/*
 * mlt_pmtu_next(), and what holds of every size it returns: none while a
 * probe is in flight; else a multiple of the padding, above the size and
 * within the route. It must not change the state.
 */
static unsigned int next(struct __test_metadata *_metadata,
			 const struct mlt_pmtu *p, u64 now)
{
	struct mlt_pmtu before = *p;
	unsigned int size = mlt_pmtu_next(p, now);

	ASSERT_EQ(0, memcmp(&before, p, sizeof(before)));
	if (!size)
		return 0;
	ASSERT_EQ(0, p->probe);
	ASSERT_EQ(0, size % PAD);
	ASSERT_GT(size, p->size);
	ASSERT_LE(size, p->limit);
	return size;
}

/* A search that was never used, started at @now on a route of @route. */
static void fresh(struct mlt_pmtu *p, unsigned int route, u64 now)
{
	memset(p, 0, sizeof(*p));
	mlt_pmtu_init(p, now);
	mlt_pmtu_route(p, route);
}

/* Probe @size at @now and lose it. */
static void lose(struct mlt_pmtu *p, unsigned int size, u64 now)
{
	mlt_pmtu_sent(p, size);
	mlt_pmtu_lost(p, size, now + RTT);
}

/*
 * A fresh search at *@t on a 1500-byte route whose top was lost twice, a
 * gap apart: one loss short of ruling it out. *@t moves past the second
 * loss's gap, where the top may be probed again.
 */
static void lost_twice(struct mlt_pmtu *p, u64 *t)
{
	fresh(p, MAX, *t);
	lose(p, MAX, *t);
	*t += GAP + RTT;
	lose(p, MAX, *t);
	*t += GAP + RTT;
}

/*
 * A path that takes @mtu bytes and no more: probes that fit arrive, the
 * others are lost. The engine probes whenever the search lets it.
 */
struct sim {
	struct mlt_pmtu p;
	u64 now;
	u64 last;		/* the time of the last ack or loss */
	unsigned int mtu;
	unsigned int n;		/* probes sent */
	unsigned int log[64];
};

static void sim_init(struct sim *s, unsigned int route, unsigned int mtu)
{
	memset(s, 0, sizeof(*s));
	s->now = T0;
	s->mtu = mtu;
	fresh(&s->p, route, s->now);
}

/* One probe, if one may go out now: its size, or 0. */
static unsigned int sim_probe(struct __test_metadata *_metadata,
			      struct sim *s)
{
	unsigned int size = next(_metadata, &s->p, s->now);

	if (!size)
		return 0;
	mlt_pmtu_sent(&s->p, size);
	ASSERT_EQ(0, next(_metadata, &s->p, s->now + RAISE));
	if (s->n < ARRAY_SIZE(s->log))
		s->log[s->n] = size;
	s->n++;
	s->now += RTT;
	if (size <= s->mtu)
		mlt_pmtu_acked(&s->p, size, s->now);
	else
		mlt_pmtu_lost(&s->p, size, s->now);
	check(_metadata, &s->p);
	s->last = s->now;
	return size;
}

/*
 * Probes until the search rests: no probe may go out now nor within a
 * probe gap. A probe lost but not yet ruled out is tried again exactly
 * one gap after its loss, not earlier.
 */
static void sim_search(struct __test_metadata *_metadata, struct sim *s)
{
	int guard;

	for (guard = 0; guard < 100; guard++) {
		if (sim_probe(_metadata, s))
			continue;
		if (!next(_metadata, &s->p, s->now + GAP))
			return;
		ASSERT_EQ(0, next(_metadata, &s->p, s->now + GAP - 1));
		s->now += GAP;
	}
	ASSERT_TRUE(false) TH_LOG("the search does not end");
}

/* ---- start ------------------------------------------------------------- */

TEST(init__state)
{
	struct mlt_pmtu p;

	memset(&p, 0x5a, sizeof(p));
	p.limit = 0;
	mlt_pmtu_init(&p, T0);
	ASSERT_EQ(BASE, p.size);
	ASSERT_EQ(0, p.probe);
	ASSERT_EQ(BASE, p.limit);
	ASSERT_EQ(0, p.lost);
	check(_metadata, &p);
	/* No route known yet: nothing above the base to try, ever. */
	ASSERT_EQ(0, next(_metadata, &p, T0));
	ASSERT_EQ(0, next(_metadata, &p, T0 + 2 * RAISE));
}

/* The first probe may go out at once, the route learnt after init. */
TEST(init__probe_at_once)
{
	struct mlt_pmtu p;

	fresh(&p, MAX, T0);
	ASSERT_EQ(BASE, p.size);
	ASSERT_EQ(MAX, p.limit);
	ASSERT_EQ(MAX, next(_metadata, &p, T0));
}

/* ---- the local route --------------------------------------------------- */

TEST(route__clamped_and_aligned)
{
	static const struct {
		unsigned int route, limit;
	} c[] = {
		{ 1472, 1472 },		/* IPv4 over 1500 */
		{ 1452, 1440 },		/* IPv6 over 1500: aligned down */
		{ 1473, 1472 },
		{ 1500, 1472 },
		{ 8972, 1472 },		/* jumbo frames */
		{ 65507, 1472 },
		{ 0xffffffffU, 1472 },
		{ 1471, 1456 },
		{ 1248, 1248 },
		{ 1247, 1232 },
		{ 1232, 1232 },
		{ 1231, 1232 },
		{ 548, 1232 },		/* below the base: the base */
		{ 0, 1232 },		/* not known */
	};
	struct mlt_pmtu p;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		fresh(&p, c[i].route, T0);
		ASSERT_EQ(c[i].limit, p.limit) TH_LOG("route %u", c[i].route);
		ASSERT_EQ(BASE, p.size);
		check(_metadata, &p);
		ASSERT_EQ(c[i].limit >= BASE + STEP ? c[i].limit : 0,
			  next(_metadata, &p, T0));
	}
}

/* A route that shrank below the size lowers it at once; growing does not. */
TEST(route__shrink_lowers_size)
{
	struct mlt_pmtu p;

	fresh(&p, MAX, T0);
	mlt_pmtu_sent(&p, MAX);
	mlt_pmtu_acked(&p, MAX, T0 + RTT);
	ASSERT_EQ(MAX, p.size);
	mlt_pmtu_route(&p, 1400);
	ASSERT_EQ(1392, p.limit);
	ASSERT_EQ(1392, p.size);
	mlt_pmtu_route(&p, 1000);
	ASSERT_EQ(BASE, p.limit);
	ASSERT_EQ(BASE, p.size);
	mlt_pmtu_route(&p, MAX);
	ASSERT_EQ(MAX, p.limit);
	ASSERT_EQ(BASE, p.size);
	check(_metadata, &p);
}

/* A probe that arrives after the route shrank below it does not count. */
TEST(route__shrink_under_a_probe)
{
	struct mlt_pmtu p;

	fresh(&p, MAX, T0);
	mlt_pmtu_sent(&p, MAX);
	mlt_pmtu_route(&p, 1300);
	mlt_pmtu_acked(&p, MAX, T0 + RTT);
	ASSERT_EQ(0, p.probe);
	ASSERT_EQ(BASE, p.size);
	ASSERT_EQ(1296, p.limit);
	check(_metadata, &p);
	/* The new top is tried. */
	ASSERT_EQ(1296, next(_metadata, &p, T0 + RTT));
}

/* ---- a path that takes the route's size -------------------------------- */

TEST(top__ipv4)
{
	struct mlt_pmtu p;

	fresh(&p, 1472, T0);
	ASSERT_EQ(1472, next(_metadata, &p, T0));
	mlt_pmtu_sent(&p, 1472);
	ASSERT_EQ(1472, p.probe);
	mlt_pmtu_acked(&p, 1472, T0 + RTT);
	ASSERT_EQ(1472, p.size);
	ASSERT_EQ(0, p.probe);
	check(_metadata, &p);
	/* Done: nothing larger to try, not even after a raise. */
	ASSERT_EQ(0, next(_metadata, &p, T0 + RTT));
	ASSERT_EQ(0, next(_metadata, &p, T0 + GAP));
	ASSERT_EQ(0, next(_metadata, &p, T0 + RAISE + RTT));
	ASSERT_EQ(0, next(_metadata, &p, T0 + 10 * RAISE));
}

TEST(top__ipv6)
{
	struct mlt_pmtu p;

	fresh(&p, 1452, T0);
	ASSERT_EQ(1440, next(_metadata, &p, T0));
	mlt_pmtu_sent(&p, 1440);
	mlt_pmtu_acked(&p, 1440, T0 + RTT);
	ASSERT_EQ(1440, p.size);
	ASSERT_EQ(0, next(_metadata, &p, T0 + 10 * RAISE));
}

/* ---- the probe in flight ----------------------------------------------- */

TEST(probe__in_flight_blocks_another)
{
	struct mlt_pmtu p;

	fresh(&p, MAX, T0);
	mlt_pmtu_sent(&p, MAX);
	ASSERT_EQ(0, next(_metadata, &p, T0));
	ASSERT_EQ(0, next(_metadata, &p, T0 + GAP));
	ASSERT_EQ(0, next(_metadata, &p, T0 + 10 * RAISE));
}

/* An ack or a loss of another size, or with no probe in flight. */
TEST(probe__other_sizes_ignored)
{
	static const unsigned int other[] = {
		0, BASE, 1344, 1456, 1488, 0xffffffffU
	};
	struct mlt_pmtu p, before;
	size_t i;

	fresh(&p, MAX, T0);
	lose(&p, MAX, T0);		/* a loss counted */
	ASSERT_EQ(1, p.lost);
	mlt_pmtu_sent(&p, MAX);
	before = p;
	for (i = 0; i < ARRAY_SIZE(other); i++) {
		mlt_pmtu_acked(&p, other[i], T0 + 2 * GAP);
		ASSERT_EQ(0, memcmp(&before, &p, sizeof(p)))
			TH_LOG("ack %u", other[i]);
		mlt_pmtu_lost(&p, other[i], T0 + 2 * GAP);
		ASSERT_EQ(0, memcmp(&before, &p, sizeof(p)))
			TH_LOG("loss %u", other[i]);
	}
	/* The right one still counts. */
	mlt_pmtu_acked(&p, MAX, T0 + 2 * GAP);
	ASSERT_EQ(MAX, p.size);
	ASSERT_EQ(0, p.lost);

	/* Nothing in flight: a late ack or loss, even of that size. */
	fresh(&p, MAX, T0);
	before = p;
	mlt_pmtu_acked(&p, MAX, T0 + RTT);
	ASSERT_EQ(0, memcmp(&before, &p, sizeof(p)));
	mlt_pmtu_lost(&p, MAX, T0 + RTT);
	ASSERT_EQ(0, memcmp(&before, &p, sizeof(p)));
	mlt_pmtu_acked(&p, 0, T0 + RTT);
	mlt_pmtu_lost(&p, 0, T0 + RTT);
	ASSERT_EQ(0, memcmp(&before, &p, sizeof(p)));
	/* Nor a second ack of a probe already acknowledged. */
	mlt_pmtu_sent(&p, MAX);
	mlt_pmtu_acked(&p, MAX, T0 + RTT);
	before = p;
	mlt_pmtu_lost(&p, MAX, T0 + 2 * RTT);
	mlt_pmtu_acked(&p, MAX, T0 + 2 * RTT);
	ASSERT_EQ(0, memcmp(&before, &p, sizeof(p)));
}

/* ---- losses and bisection ---------------------------------------------- */

/* Lost once, twice: the same size again, one probe gap after the loss. */
TEST(lost__retry_after_gap)
{
	struct mlt_pmtu p;
	u64 t = T0;
	int i;

	fresh(&p, MAX, t);
	for (i = 1; i < MLT_PMTU_MAX_PROBES; i++) {
		ASSERT_EQ(MAX, next(_metadata, &p, t));
		lose(&p, MAX, t);
		t += RTT;
		ASSERT_EQ(i, p.lost);
		ASSERT_EQ(BASE, p.size);
		ASSERT_EQ(0, next(_metadata, &p, t));
		ASSERT_EQ(0, next(_metadata, &p, t + GAP - 1));
		ASSERT_EQ(MAX, next(_metadata, &p, t + GAP));
		t += GAP;
	}
	/* The third loss rules it out: the midpoint below, at once. */
	lose(&p, MAX, t);
	t += RTT;
	ASSERT_EQ(0, p.lost);
	ASSERT_EQ(BASE, p.size);
	check(_metadata, &p);
	/* 1232 + (1456 - 1232) / 2 */
	ASSERT_EQ(1344, next(_metadata, &p, t));
	mlt_pmtu_sent(&p, 1344);
	mlt_pmtu_acked(&p, 1344, t + RTT);
	t += RTT;
	ASSERT_EQ(1344, p.size);
	/* 1344 + (1456 - 1344) / 2 = 1400, aligned down */
	ASSERT_EQ(1392, next(_metadata, &p, t));
}

/* An ack between losses starts the count again. */
/* Losses counted for one top do not count against another. */
TEST(lost__route_change_restarts_the_count)
{
	struct mlt_pmtu p;
	u64 t = T0;

	lost_twice(&p, &t);
	mlt_pmtu_route(&p, 1300);
	ASSERT_EQ(1296, next(_metadata, &p, t));
	lose(&p, 1296, t);
	t += RTT;
	ASSERT_EQ(0, next(_metadata, &p, t + GAP - 1));
	ASSERT_EQ(1296, next(_metadata, &p, t + GAP));
}

/* A route that grows after a finished search is probed at once. */
TEST(route__growth_is_probed_at_once)
{
	struct mlt_pmtu p;
	u64 t = T0;

	fresh(&p, 1300, t);
	ASSERT_EQ(1296, next(_metadata, &p, t));
	mlt_pmtu_sent(&p, 1296);
	mlt_pmtu_acked(&p, 1296, t += RTT);
	ASSERT_EQ(1296, p.size);
	ASSERT_EQ(0, next(_metadata, &p, t + GAP));
	mlt_pmtu_route(&p, 1500);
	ASSERT_EQ(MAX, next(_metadata, &p, t + 1));
	/* the same route again changes nothing */
	mlt_pmtu_route(&p, 1472);
	ASSERT_EQ(MAX, next(_metadata, &p, t + 1));
}

TEST(lost__ack_resets_the_count)
{
	struct mlt_pmtu p;
	u64 t = T0;

	lost_twice(&p, &t);
	ASSERT_EQ(2, p.lost);
	mlt_pmtu_sent(&p, MAX);
	mlt_pmtu_acked(&p, MAX, t);
	ASSERT_EQ(0, p.lost);
	ASSERT_EQ(MAX, p.size);
}

/* The path of the brief: 1400 bytes. Every probe, in order. */
TEST(search__path_1400)
{
	static const unsigned int want[] = {
		1472, 1472, 1472,	/* the top, ruled out: high 1456 */
		1344,			/* 1232 + 224 / 2 */
		1392,			/* 1344 + 112 / 2, aligned */
		1424, 1424, 1424,	/* 1392 + 64 / 2, ruled out: high 1408 */
	};
	static const unsigned int again[] = {
		1472, 1472, 1472,	/* the top again, after the rest */
		1424, 1424, 1424,
	};
	struct sim s;
	unsigned int i;
	u64 rest;

	sim_init(&s, MAX, 1400);
	sim_search(_metadata, &s);
	ASSERT_EQ(ARRAY_SIZE(want), s.n);
	for (i = 0; i < ARRAY_SIZE(want); i++)
		ASSERT_EQ(want[i], s.log[i]) TH_LOG("probe %u", i);
	ASSERT_EQ(1392, s.p.size);
	ASSERT_LE(s.p.size, 1400);
	ASSERT_LT(1400 - s.p.size, STEP);

	/* It rests a raise interval from the last loss, then the top again. */
	rest = s.last + RAISE;
	ASSERT_EQ(0, next(_metadata, &s.p, s.now));
	ASSERT_EQ(0, next(_metadata, &s.p, rest - 1));
	ASSERT_EQ(MAX, next(_metadata, &s.p, rest));
	s.now = rest;
	s.n = 0;
	sim_search(_metadata, &s);
	ASSERT_EQ(ARRAY_SIZE(again), s.n);
	for (i = 0; i < ARRAY_SIZE(again); i++)
		ASSERT_EQ(again[i], s.log[i]) TH_LOG("probe %u", i);
	ASSERT_EQ(1392, s.p.size);
	ASSERT_EQ(0, next(_metadata, &s.p, s.last + RAISE - 1));
	ASSERT_EQ(MAX, next(_metadata, &s.p, s.last + RAISE));

	/* The path grew meanwhile: the top now arrives. */
	s.mtu = 1500;
	s.now = s.last + RAISE;
	s.n = 0;
	sim_search(_metadata, &s);
	ASSERT_EQ(1, s.n);
	ASSERT_EQ(MAX, s.p.size);
	ASSERT_EQ(0, next(_metadata, &s.p, s.last + 10 * RAISE));
}

/*
 * Every path size from the base to past the largest datagram, on several
 * routes: the search ends at the route's size if the path takes it (the
 * base if the route is less than a step above it), else
 * within a step below the path, never above it; then it rests a raise
 * interval, and tries the top again if that is a step or more above.
 */
TEST(search__every_path)
{
	static const unsigned int routes[] = { 1472, 1452, 1400, 1300, 1264,
					       1248, 1232 };
	unsigned int r, mtu, limit, most = 0;
	struct sim s;

	for (r = 0; r < ARRAY_SIZE(routes); r++) {
		for (mtu = BASE; mtu <= MAX + 40; mtu++) {
			sim_init(&s, routes[r], mtu);
			limit = s.p.limit;
			sim_search(_metadata, &s);
			if (mtu >= limit) {
				/* Less than a step above the base: no probe. */
				ASSERT_EQ(limit >= BASE + STEP ? limit : BASE,
					  s.p.size);
				ASSERT_EQ(limit >= BASE + STEP, s.n);
			} else {
				ASSERT_LE(s.p.size, mtu)
					TH_LOG("route %u mtu %u", routes[r],
					       mtu);
				ASSERT_LT(mtu - s.p.size, STEP)
					TH_LOG("route %u mtu %u size %u",
					       routes[r], mtu, s.p.size);
			}
			if (s.n > most)
				most = s.n;
			ASSERT_EQ(0, next(_metadata, &s.p,
					  s.last + RAISE - 1));
			ASSERT_EQ(limit >= s.p.size + STEP ? limit : 0,
				  next(_metadata, &s.p, s.last + RAISE));
		}
	}
	/* 3 at the top, then at most 3 for each of 4 halvings of 240. */
	ASSERT_LE(most, 15);
}

/* ---- the peer moved ---------------------------------------------------- */

/* After a search and a raise: back to the base, the route kept, top first. */
TEST(init__again_keeps_the_route)
{
	struct sim s;
	u64 t;

	sim_init(&s, 1452, 1400);
	sim_search(_metadata, &s);
	ASSERT_EQ(1392, s.p.size);
	t = s.last + RAISE + 5 * SEC;
	ASSERT_EQ(1440, next(_metadata, &s.p, t));
	mlt_pmtu_init(&s.p, t);
	ASSERT_EQ(BASE, s.p.size);
	ASSERT_EQ(1440, s.p.limit);
	ASSERT_EQ(0, s.p.lost);
	ASSERT_EQ(0, s.p.probe);
	check(_metadata, &s.p);
	ASSERT_EQ(1440, next(_metadata, &s.p, t));

	/* Before the raise too: no waiting for it. */
	sim_init(&s, MAX, MAX);
	sim_search(_metadata, &s);
	ASSERT_EQ(MAX, s.p.size);
	mlt_pmtu_init(&s.p, s.now + SEC);
	ASSERT_EQ(BASE, s.p.size);
	ASSERT_EQ(MAX, s.p.limit);
	ASSERT_EQ(MAX, next(_metadata, &s.p, s.now + SEC));
}

/* A probe in flight and the losses counted are forgotten. */
TEST(init__again_forgets_probe_and_losses)
{
	struct mlt_pmtu p;
	u64 t = T0;

	lost_twice(&p, &t);
	ASSERT_EQ(2, p.lost);
	mlt_pmtu_sent(&p, MAX);
	mlt_pmtu_init(&p, t);
	ASSERT_EQ(0, p.probe);
	ASSERT_EQ(0, p.lost);
	/* The old probe's ack is not the new search's. */
	mlt_pmtu_acked(&p, MAX, t + RTT);
	ASSERT_EQ(BASE, p.size);
	/* One loss is one loss: tried again after a gap, not ruled out. */
	ASSERT_EQ(MAX, next(_metadata, &p, t));
	lose(&p, MAX, t);
	t += RTT;
	ASSERT_EQ(1, p.lost);
	ASSERT_EQ(0, next(_metadata, &p, t + GAP - 1));
	ASSERT_EQ(MAX, next(_metadata, &p, t + GAP));
}

/* ---- random sequences -------------------------------------------------- */

static u32 rnd(u64 *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

static unsigned int random_route(u64 *seed)
{
	static const unsigned int routes[] = {
		0, 548, 1232, 1247, 1248, 1280, 1300, 1400, 1452, 1472, 1500,
		8972, 0xffffffffU,
	};

	if (rnd(seed) % 4)
		return routes[rnd(seed) % ARRAY_SIZE(routes)];
	return BASE - 64 + rnd(seed) % (MAX - BASE + 128);
}

/*
 * Random routes, path sizes, restarts, times, stray acks and losses and
 * losses of probes that fit; the invariants after every call, and what
 * each event must do to the size.
 */
static void random_run(struct __test_metadata *_metadata, u64 seed,
		       unsigned int ops)
{
	struct mlt_pmtu p, before;
	unsigned int i, mtu = BASE + rnd(&seed) % (MAX - BASE + 32), size;
	unsigned int route, limit;
	u64 now = T0;

	fresh(&p, random_route(&seed), now);
	for (i = 0; i < ops; i++) {
		u32 r = rnd(&seed);

		before = p;
		switch (r % 10) {
		case 0:
			route = random_route(&seed);
			limit = route > MAX ? MAX : route - route % PAD;
			if (limit < BASE)
				limit = BASE;
			mlt_pmtu_route(&p, route);
			ASSERT_EQ(limit, p.limit);
			ASSERT_EQ(min_t(unsigned int, before.size, limit),
				  p.size);
			ASSERT_EQ(before.probe, p.probe);
			break;
		case 1:
			if (rnd(&seed) % 8)
				continue;
			mlt_pmtu_init(&p, now);
			ASSERT_EQ(BASE, p.size);
			ASSERT_EQ(0, p.probe);
			ASSERT_EQ(before.limit, p.limit);
			ASSERT_EQ(p.limit >= BASE + STEP ? p.limit : 0,
				  next(_metadata, &p, now));
			break;
		case 2:		/* the path changes */
			if (rnd(&seed) % 4)
				continue;
			mtu = BASE + rnd(&seed) % (MAX - BASE + 32);
			break;
		case 3:
			if (rnd(&seed) % 16)
				now += rnd(&seed) % (2 * GAP);
			else
				now += rnd(&seed) % (2 * RAISE);
			break;
		case 4:
		case 5:
			size = next(_metadata, &p, now);
			if (size)
				mlt_pmtu_sent(&p, size);
			break;
		case 6:
		case 7:		/* the probe's fate */
			if (!p.probe)
				continue;
			size = p.probe;
			now += rnd(&seed) % (4 * RTT);
			if (size <= mtu && rnd(&seed) % 8) {
				mlt_pmtu_acked(&p, size, now);
				ASSERT_EQ(size <= before.limit &&
					  size > before.size ? size :
					  before.size, p.size);
			} else {
				mlt_pmtu_lost(&p, size, now);
				ASSERT_EQ(before.size, p.size);
			}
			ASSERT_EQ(0, p.probe);
			ASSERT_EQ(before.limit, p.limit);
			break;
		default:	/* a stray ack or loss */
			size = rnd(&seed) % 2 ? p.probe + PAD *
				(1 + rnd(&seed) % 4) : rnd(&seed) % 2000;
			if (size == p.probe)
				continue;
			if (rnd(&seed) % 2)
				mlt_pmtu_acked(&p, size, now);
			else
				mlt_pmtu_lost(&p, size, now);
			ASSERT_EQ(0, memcmp(&before, &p, sizeof(p)))
				TH_LOG("op %u stray %u", i, size);
			break;
		}
		check(_metadata, &p);
		next(_metadata, &p, now);
		next(_metadata, &p, now + GAP);
		next(_metadata, &p, now + RAISE);
	}
}

TEST(random_sequences)
{
	u64 seed;

	for (seed = 1; seed <= 200; seed++)
		random_run(_metadata, seed, 2000);
}

TEST_HARNESS_MAIN
