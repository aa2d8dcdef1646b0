// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for names.c: every value of the uapi's enum mlt_drop_reason,
 * enum mlt_tx_error, enum mlt_stat, enum mlt_cc_algo and enum
 * mlt_dir_error has a name, so
 * a value added to <linux/minimalt.h> without one here fails this test;
 * and the names are the ones mltctl has always printed.
 */
#include <string.h>

#include "kselftest_harness.h"

#include "mltnl.h"

/* As kernel/wire.c's table and mltctl have spelled them. */
static const char * const want_drops[] = {
	"none", "short", "long", "zero-tid", "version", "puzzle",
	"opening-short", "rpc-truncated", "rpc-unknown", "rpc-len",
	"rpc-conn", "rpc-value", "pad-nonzero", "seq-zero", "tag",
	"eph-unknown", "dh-zero", "eph-reused", "replay-old", "replay-dup",
	"nonce-limit", "reorder-full", "tunnel-unknown", "tunnel-limit",
	"no-identity", "nomem", "no-create", "ratelimited", "queue-full",
};

TEST(every_drop_reason_has_a_name)
{
	unsigned int r, s;

	for (r = 1; r <= MLT_DROP_MAX; r++) {
		const char *name = mltnl_drop_reason_name(r);

		ASSERT_NE(NULL, name) {
			TH_LOG("drop reason %u of the uapi has no name in userspace/lib/names.c",
			       r);
		}
		EXPECT_NE(0, name[0]);
		/* Names are unique: they are JSON keys. */
		for (s = 1; s < r; s++)
			EXPECT_STRNE(mltnl_drop_reason_name(s), name);
	}
	EXPECT_STREQ("none", mltnl_drop_reason_name(MLT_DROP_NONE));
	EXPECT_EQ(NULL, mltnl_drop_reason_name(__MLT_DROP_MAX));
	EXPECT_EQ(NULL, mltnl_drop_reason_name(1000));
}

TEST(drop_names_unchanged)
{
	unsigned int r;

	ASSERT_EQ(sizeof(want_drops) / sizeof(want_drops[0]), __MLT_DROP_MAX) {
		TH_LOG("the uapi has new drop reasons: name them in names.c and here");
	}
	for (r = 0; r < __MLT_DROP_MAX; r++)
		EXPECT_STREQ(want_drops[r], mltnl_drop_reason_name(r));
}

TEST(every_tx_error_has_a_name)
{
	static const char * const want[] = {
		"none", "no-route", "no-socket", "nobufs", "other",
	};
	unsigned int r, s;

	for (r = 1; r <= MLT_TX_ERR_MAX; r++) {
		ASSERT_NE(NULL, mltnl_tx_error_name(r)) {
			TH_LOG("tx error %u of the uapi has no name in userspace/lib/names.c",
			       r);
		}
		for (s = 1; s < r; s++)
			EXPECT_STRNE(mltnl_tx_error_name(s),
				     mltnl_tx_error_name(r));
	}
	ASSERT_EQ(sizeof(want) / sizeof(want[0]), __MLT_TX_ERR_MAX);
	for (r = 0; r < __MLT_TX_ERR_MAX; r++)
		EXPECT_STREQ(want[r], mltnl_tx_error_name(r));
	EXPECT_EQ(NULL, mltnl_tx_error_name(__MLT_TX_ERR_MAX));
}

TEST(every_counter_has_a_name)
{
	unsigned int t;

	EXPECT_EQ(NULL, mltnl_stat_name(MLT_STAT_UNSPEC));
	EXPECT_EQ(NULL, mltnl_stat_name(MLT_STAT_PAD));
	for (t = MLT_STAT_PAD + 1; t <= MLT_STAT_MAX; t++)
		ASSERT_NE(NULL, mltnl_stat_name(t)) {
			TH_LOG("counter %u of the uapi has no name", t);
		}
	EXPECT_STREQ("sockets", mltnl_stat_name(MLT_STAT_SOCKETS));
	EXPECT_STREQ("tunnels_timed_out",
		     mltnl_stat_name(MLT_STAT_TUNNELS_TIMED_OUT));
	EXPECT_STREQ("rto_expired", mltnl_stat_name(MLT_STAT_RTO_EXPIRED));
	EXPECT_STREQ("tlp_probes", mltnl_stat_name(MLT_STAT_TLP_PROBES));
	EXPECT_STREQ("spurious_undos",
		     mltnl_stat_name(MLT_STAT_SPURIOUS_UNDOS));
	EXPECT_STREQ("reorder_bytes", mltnl_stat_name(MLT_STAT_REORDER_BYTES));
	EXPECT_STREQ("amp_limited", mltnl_stat_name(MLT_STAT_AMP_LIMITED));
	EXPECT_STREQ("halfopen", mltnl_stat_name(MLT_STAT_HALFOPEN));
	EXPECT_STREQ("halfopen_evicted",
		     mltnl_stat_name(MLT_STAT_HALFOPEN_EVICTED));
	EXPECT_STREQ("puzzles_sent", mltnl_stat_name(MLT_STAT_PUZZLES_SENT));
	EXPECT_STREQ("puzzles_checked",
		     mltnl_stat_name(MLT_STAT_PUZZLES_CHECKED));
	EXPECT_STREQ("puzzles_solved",
		     mltnl_stat_name(MLT_STAT_PUZZLES_SOLVED));
	EXPECT_STREQ("client_tunnels",
		     mltnl_stat_name(MLT_STAT_CLIENT_TUNNELS));
	EXPECT_STREQ("quota_refused", mltnl_stat_name(MLT_STAT_QUOTA_REFUSED));
	EXPECT_STREQ("replay_cache", mltnl_stat_name(MLT_STAT_REPLAY_CACHE));
	EXPECT_STREQ("eph_retired", mltnl_stat_name(MLT_STAT_EPH_RETIRED));
	EXPECT_STREQ("key_moved_sent",
		     mltnl_stat_name(MLT_STAT_KEY_MOVED_SENT));
	EXPECT_STREQ("tunnels_moved", mltnl_stat_name(MLT_STAT_TUNNELS_MOVED));
	EXPECT_EQ(NULL, mltnl_stat_name(__MLT_STAT_MAX));
}

/* The spec's enum mlt-cc-algo entries, which `mltctl config cc` takes. */
TEST(every_cc_has_a_name)
{
	static const char * const want[] = { "cubic", "newreno" };
	uint32_t c, d;

	ASSERT_EQ(sizeof(want) / sizeof(want[0]), __MLT_CC_MAX) {
		TH_LOG("the uapi has a new congestion control: name it in names.c and here");
	}
	for (c = 0; c <= MLT_CC_MAX; c++) {
		EXPECT_STREQ(want[c], mltnl_cc_name(c));
		for (d = 0; d < c; d++)
			EXPECT_STRNE(mltnl_cc_name(d), mltnl_cc_name(c));
	}
	EXPECT_EQ(NULL, mltnl_cc_name(__MLT_CC_MAX));
	EXPECT_EQ(NULL, mltnl_cc_name(0xffffffff));
}

/* enum mlt_puzzle_mode, which `mltctl config puzzle` takes: both ways. */
TEST(every_puzzle_mode_has_a_name)
{
	static const char * const want[] = { "auto", "always", "off" };
	uint32_t m, d;

	ASSERT_EQ(sizeof(want) / sizeof(want[0]), __MLT_PUZZLE_MODE_MAX) {
		TH_LOG("the uapi has a new puzzle mode: name it in names.c and here");
	}
	EXPECT_EQ(0, MLT_PUZZLE_MODE_AUTO);	/* the default */
	EXPECT_STREQ("auto", mltnl_puzzle_mode_name(MLT_PUZZLE_MODE_AUTO));
	EXPECT_STREQ("always", mltnl_puzzle_mode_name(MLT_PUZZLE_MODE_ALWAYS));
	EXPECT_STREQ("off", mltnl_puzzle_mode_name(MLT_PUZZLE_MODE_OFF));
	for (m = 0; m <= MLT_PUZZLE_MODE_MAX; m++) {
		EXPECT_STREQ(want[m], mltnl_puzzle_mode_name(m));
		EXPECT_EQ((int)m, mltnl_puzzle_mode_from_name(want[m]));
		for (d = 0; d < m; d++)
			EXPECT_STRNE(mltnl_puzzle_mode_name(d),
				     mltnl_puzzle_mode_name(m));
	}
	EXPECT_EQ(NULL, mltnl_puzzle_mode_name(__MLT_PUZZLE_MODE_MAX));
	EXPECT_EQ(NULL, mltnl_puzzle_mode_name(0xffffffff));
	/* Exact names only: not a number, not another case, not a prefix. */
	EXPECT_EQ(-1, mltnl_puzzle_mode_from_name("0"));
	EXPECT_EQ(-1, mltnl_puzzle_mode_from_name("AUTO"));
	EXPECT_EQ(-1, mltnl_puzzle_mode_from_name("alway"));
	EXPECT_EQ(-1, mltnl_puzzle_mode_from_name("off "));
	EXPECT_EQ(-1, mltnl_puzzle_mode_from_name("on"));
	EXPECT_EQ(-1, mltnl_puzzle_mode_from_name(""));
}

TEST(dir_errors)
{
	uint32_t r;

	for (r = 1; r <= MLT_DIR_ERR_MAX; r++) {
		ASSERT_NE(NULL, mltnl_dir_error_name(r));
		EXPECT_EQ(r, mltnl_dir_error_from_name(mltnl_dir_error_name(r)));
		EXPECT_STRNE("an unknown reason", mltnl_dir_error_text(r));
	}
	EXPECT_EQ(NULL, mltnl_dir_error_name(0));
	EXPECT_EQ(NULL, mltnl_dir_error_name(__MLT_DIR_ERR_MAX));
	EXPECT_STREQ("no-name", mltnl_dir_error_name(MLT_DIR_ERR_NO_NAME));
	EXPECT_STREQ("no such name", mltnl_dir_error_text(MLT_DIR_ERR_NO_NAME));
	EXPECT_STREQ("an unknown reason", mltnl_dir_error_text(99));
	EXPECT_EQ(0, mltnl_dir_error_from_name("nope"));
	EXPECT_EQ(0, mltnl_dir_error_from_name(""));
}

TEST_HARNESS_MAIN
