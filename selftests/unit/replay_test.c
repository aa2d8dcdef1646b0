// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the nonce replay window, kernel/replay.c, on the host under
 * ASan and UBSan.
 */

#include "replay_model.h"

/* pure_user.h and kselftest.h both define it, identically */
#undef ARRAY_SIZE
#include "kselftest_harness.h"


/* check() must agree with mark() and must not change the window */
static enum mlt_drop_reason check(const struct mlt_replay *r, u64 nonce)
{
	struct mlt_replay before = *r;
	enum mlt_drop_reason got = mlt_replay_check(r, nonce);

	if (memcmp(&before, r, sizeof(before)))
		abort();
	return got;
}

/* check then mark, as the receive path does; the two must agree */
static enum mlt_drop_reason accept(struct mlt_replay *r, u64 nonce)
{
	struct mlt_replay before = *r;
	enum mlt_drop_reason c = check(r, nonce);
	enum mlt_drop_reason m = mlt_replay_mark(r, nonce);

	if (c != m)
		abort();
	if (m && memcmp(&before, r, sizeof(before)))
		abort();	/* a refused mark changes nothing */
	return m;
}

TEST(limit_constants_match_the_spec)
{
	ASSERT_EQ(2048, W);
	ASSERT_EQ(0xffffffffffffdfffULL, LIMIT);	/* 2^64 - 2^13 - 1 */
}

TEST(zeroed_window_equals_init)
{
	struct mlt_replay a, b;

	memset(&a, 0, sizeof(a));
	memset(&b, 0x5a, sizeof(b));
	mlt_replay_init(&b);
	ASSERT_EQ(0, memcmp(&a, &b, sizeof(a)));
}

TEST(fresh_window_accepts_any_nonce_below_the_limit)
{
	static const u64 nonces[] = { 0, 1, W - 1, W, W + 1, 1ULL << 40,
				      LIMIT - W, LIMIT - 1 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(nonces); i++) {
		struct mlt_replay r;

		mlt_replay_init(&r);
		ASSERT_EQ(MLT_DROP_NONE, accept(&r, nonces[i]));
		ASSERT_EQ(MLT_DROP_REPLAY_DUP, accept(&r, nonces[i]));
	}
}

TEST(in_order_nonces_are_accepted_and_each_replay_dropped)
{
	struct mlt_replay r;
	u64 n;

	mlt_replay_init(&r);
	for (n = 0; n < 3 * W + 5; n++)
		ASSERT_EQ(MLT_DROP_NONE, accept(&r, n)) TH_LOG("n %llu",
							    (unsigned long long)n);
	ASSERT_EQ(3 * W + 5, r.next);
	for (n = 0; n < 3 * W + 5; n++)
		ASSERT_EQ(n + W >= 3 * W + 5 ? MLT_DROP_REPLAY_DUP :
					       MLT_DROP_REPLAY_OLD,
			  accept(&r, n));
}

TEST(window_holds_exactly_the_last_2048_nonces)
{
	struct mlt_replay r;
	u64 top = 10 * W + 37;

	mlt_replay_init(&r);
	ASSERT_EQ(MLT_DROP_NONE, accept(&r, top));
	/* top - 2047 .. top - 1 are inside and unseen */
	ASSERT_EQ(MLT_DROP_NONE, check(&r, top - (W - 1)));
	ASSERT_EQ(MLT_DROP_NONE, check(&r, top - 1));
	/* top - 2048 is just below */
	ASSERT_EQ(MLT_DROP_REPLAY_OLD, check(&r, top - W));
	ASSERT_EQ(MLT_DROP_REPLAY_OLD, check(&r, 0));
	ASSERT_EQ(MLT_DROP_REPLAY_DUP, check(&r, top));
	ASSERT_EQ(MLT_DROP_NONE, check(&r, top + 1));
}

TEST(reordered_nonces_inside_the_window_are_accepted_once)
{
	struct mlt_replay r;
	u64 top = 5000, n;

	mlt_replay_init(&r);
	ASSERT_EQ(MLT_DROP_NONE, accept(&r, top));
	for (n = top - 1; n > top - W; n -= 3)
		ASSERT_EQ(MLT_DROP_NONE, accept(&r, n));
	for (n = top - 1; n > top - W; n--)
		ASSERT_EQ((top - 1 - n) % 3 ? MLT_DROP_NONE :
					      MLT_DROP_REPLAY_DUP,
			  accept(&r, n));
	for (n = top - 1; n > top - W; n--)
		ASSERT_EQ(MLT_DROP_REPLAY_DUP, accept(&r, n));
	ASSERT_EQ(top + 1, r.next);	/* older nonces never move it */
}

TEST(reordering_below_the_first_nonce_works_from_zero)
{
	struct mlt_replay r;

	mlt_replay_init(&r);
	ASSERT_EQ(MLT_DROP_NONE, accept(&r, 5));
	ASSERT_EQ(MLT_DROP_NONE, accept(&r, 0));
	ASSERT_EQ(MLT_DROP_NONE, accept(&r, 4));
	ASSERT_EQ(MLT_DROP_REPLAY_DUP, accept(&r, 0));
	ASSERT_EQ(MLT_DROP_NONE, accept(&r, 1));
}

TEST(too_old_nonces_are_dropped_without_a_state_change)
{
	struct mlt_replay r;
	u64 n;

	mlt_replay_init(&r);
	ASSERT_EQ(MLT_DROP_NONE, accept(&r, 100000));
	for (n = 0; n <= 100000 - W; n += 97)
		ASSERT_EQ(MLT_DROP_REPLAY_OLD, accept(&r, n));
	ASSERT_EQ(MLT_DROP_REPLAY_OLD, accept(&r, 100000 - W));
}

/* Slide by amounts around the window and word sizes; old bits must go. */
TEST(sliding_forward_forgets_what_left_the_window)
{
	static const u64 jumps[] = { 1, 2, 63, 64, 65, 127, 128, 129, W - 65,
				     W - 64, W - 63, W - 1, W, W + 1, 2 * W,
				     2 * W + 1, 5 * W + 33, 1ULL << 33 };
	size_t j;

	for (j = 0; j < ARRAY_SIZE(jumps); j++) {
		u64 base = 3 * W + 11, top = base + jumps[j], n;
		struct mlt_replay r;

		mlt_replay_init(&r);
		/* every nonce of the window below base */
		for (n = base - (W - 1); n <= base; n++)
			ASSERT_EQ(MLT_DROP_NONE, accept(&r, n));
		ASSERT_EQ(MLT_DROP_NONE, accept(&r, top));
		for (n = top - (W - 1); n < top; n++) {
			enum mlt_drop_reason want = n <= base ?
				MLT_DROP_REPLAY_DUP : MLT_DROP_NONE;

			ASSERT_EQ(want, check(&r, n))
				TH_LOG("jump %llu n %llu",
				       (unsigned long long)jumps[j],
				       (unsigned long long)n);
		}
		ASSERT_EQ(MLT_DROP_REPLAY_OLD, check(&r, top - W));
		if (jumps[j] >= W)	/* base left the window */
			ASSERT_EQ(MLT_DROP_REPLAY_OLD, check(&r, base));
	}
}

TEST(sliding_by_more_than_the_window_clears_every_bit)
{
	struct mlt_replay r;
	u64 n, top = 7 * W;
	size_t i;

	mlt_replay_init(&r);
	for (n = 0; n < W; n++)
		ASSERT_EQ(MLT_DROP_NONE, accept(&r, n));
	for (i = 0; i < MLT_REPLAY_WORDS; i++)
		ASSERT_EQ(~0ULL, r.bitmap[i]);
	ASSERT_EQ(MLT_DROP_NONE, accept(&r, top));
	for (i = 0; i < MLT_REPLAY_WORDS; i++)
		ASSERT_EQ(i == 0 ? 1ULL : 0, r.bitmap[i]);
	for (n = top - W + 1; n < top; n++)
		ASSERT_EQ(MLT_DROP_NONE, check(&r, n));
}

TEST(nonce_at_the_reject_limit_is_dropped)
{
	struct mlt_replay r;

	mlt_replay_init(&r);
	ASSERT_EQ(MLT_DROP_NONCE_LIMIT, accept(&r, LIMIT));
	ASSERT_EQ(MLT_DROP_NONCE_LIMIT, accept(&r, LIMIT + 1));
	ASSERT_EQ(MLT_DROP_NONCE_LIMIT, accept(&r, ~0ULL));
	ASSERT_EQ(MLT_DROP_NONE, accept(&r, LIMIT - 1));
	ASSERT_EQ(LIMIT, r.next);
	ASSERT_EQ(MLT_DROP_REPLAY_DUP, accept(&r, LIMIT - 1));
	ASSERT_EQ(MLT_DROP_NONE, accept(&r, LIMIT - W));
	ASSERT_EQ(MLT_DROP_REPLAY_OLD, accept(&r, LIMIT - W - 1));
	ASSERT_EQ(MLT_DROP_NONCE_LIMIT, accept(&r, LIMIT));
	ASSERT_EQ(MLT_DROP_NONCE_LIMIT, accept(&r, ~0ULL));
}

TEST(check_never_modifies_the_window)
{
	struct mlt_replay r, copy;
	u64 n;

	mlt_replay_init(&r);
	for (n = 0; n < 3000; n += 2)
		ASSERT_EQ(MLT_DROP_NONE, mlt_replay_mark(&r, n));
	copy = r;
	for (n = 0; n < 10000; n++)
		(void)mlt_replay_check(&r, n);
	(void)mlt_replay_check(&r, LIMIT);
	(void)mlt_replay_check(&r, ~0ULL);
	(void)mlt_replay_check(&r, 1ULL << 62);
	ASSERT_EQ(0, memcmp(&copy, &r, sizeof(r)));
	/* and checking a nonce is not marking it */
	ASSERT_EQ(MLT_DROP_NONE, mlt_replay_check(&r, 5001));
	ASSERT_EQ(MLT_DROP_NONE, mlt_replay_check(&r, 5001));
	ASSERT_EQ(MLT_DROP_NONE, mlt_replay_mark(&r, 5001));
	ASSERT_EQ(MLT_DROP_REPLAY_DUP, mlt_replay_check(&r, 5001));
}

TEST(mark_rechecks_so_a_checked_nonce_marked_twice_is_a_replay)
{
	struct mlt_replay r;

	/* two copies pass check before either is marked */
	mlt_replay_init(&r);
	ASSERT_EQ(MLT_DROP_NONE, mlt_replay_check(&r, 9));
	ASSERT_EQ(MLT_DROP_NONE, mlt_replay_check(&r, 9));
	ASSERT_EQ(MLT_DROP_NONE, mlt_replay_mark(&r, 9));
	ASSERT_EQ(MLT_DROP_REPLAY_DUP, mlt_replay_mark(&r, 9));
	/* a nonce checked, then overtaken by the window before its mark */
	ASSERT_EQ(MLT_DROP_NONE, mlt_replay_check(&r, 10));
	ASSERT_EQ(MLT_DROP_NONE, mlt_replay_mark(&r, 10 + W));
	ASSERT_EQ(MLT_DROP_REPLAY_OLD, mlt_replay_mark(&r, 10));
}

TEST(random_walk_agrees_with_a_reference_model)
{
	static struct model m;
	struct mlt_replay r;
	u64 seed = 0x9e3779b97f4a7c15ULL, base = 0;
	unsigned int i;

	mlt_replay_init(&r);
	memset(&m, 0, sizeof(m));
	for (i = 0; i < 300000; i++) {
		enum mlt_drop_reason want, got;
		u64 nonce;

		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		switch (seed % 16) {
		case 0:		/* a jump forward */
			base += (seed >> 8) % (3 * W);
			nonce = base;
			break;
		case 1:		/* far behind */
			nonce = base - (seed >> 8) % (4 * W);
			break;
		default:	/* near the top, mostly behind it */
			nonce = base + (seed >> 8) % 64 - (seed >> 20) % W;
			break;
		}
		if (base > LIMIT)
			base = 0;	/* never reached: 300000 * 6144 */
		want = model_check(&m, nonce);
		got = check(&r, nonce);
		ASSERT_EQ(want, got) TH_LOG("step %u nonce %llu", i,
					    (unsigned long long)nonce);
		if (seed & 0x100000000ULL) {
			ASSERT_EQ(want, mlt_replay_mark(&r, nonce));
			if (want == MLT_DROP_NONE)
				model_mark(&m, nonce);
		}
		if (r.next > base)
			base = r.next;
	}
}

TEST_HARNESS_MAIN
