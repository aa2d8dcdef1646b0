// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the netlink parsing that the kernel cannot exercise on a
 * build host: GET_STATUS replies (as the kernel builds them, with
 * MLT_STAT_PAD before u64 counters), both output forms of `mltctl show`,
 * NLMSG_ERROR with extended ACK messages, and the failure -> message ->
 * exit code mapping.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/minimalt.h>

#include <jansson.h>
#include <sodium.h>

#include "kselftest_harness.h"

#include "mltnl.h"
#include "../key.h"
#include "../mltctl.h"
#include "../config.h"
#include "../netlink.h"
#include "../print.h"
#include "../show.h"

#define FAMILY_ID	0x1c	/* any dynamic generic netlink id */
#define ALICE_PUB_B64	"hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo="

static void __attribute__((constructor)) init_sodium(void)
{
	if (sodium_init() < 0)
		abort();
}

/* Aligned as the kernel's skb data is, so that the pad logic is real. */
static char msgbuf[4096] __attribute__((aligned(8)));

static struct nlmsghdr *reply_start(uint8_t cmd)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	nlh->nlmsg_type = FAMILY_ID;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = MLT_GENL_VERSION;
	return nlh;
}

/* What nla_put_u64_64bit() does: a pad attribute if the value would not be
 * 8-byte aligned.
 */
static void put_u64_64bit(struct nlmsghdr *nlh, uint16_t type, uint64_t v,
			  uint16_t pad)
{
	char *tail = mnl_nlmsg_get_payload_tail(nlh);

	if ((uintptr_t)(tail + MNL_ATTR_HDRLEN) % 8)
		mnl_attr_put(nlh, pad, 0, NULL);
	mnl_attr_put_u64(nlh, type, v);
}

static void alice_pub(uint8_t key[KEY_LEN])
{
	size_t len = 0;

	if (sodium_base642bin(key, KEY_LEN, ALICE_PUB_B64, KEY_B64_LEN, NULL,
			      &len, NULL, sodium_base64_VARIANT_ORIGINAL) ||
	    len != KEY_LEN)
		abort();
}

/* A reply as the kernel sends it: family, public key, stats. */
static struct nlmsghdr *full_reply(int with_key)
{
	struct nlmsghdr *nlh = reply_start(MLT_CMD_GET_STATUS);
	struct nlattr *nest;
	uint8_t key[KEY_LEN];

	mnl_attr_put_u32(nlh, MLT_A_FAMILY, AF_MINIMALT);
	if (with_key) {
		alice_pub(key);
		mnl_attr_put(nlh, MLT_A_PUBLIC_KEY, KEY_LEN, key);
	}
	nest = mnl_attr_nest_start(nlh, MLT_A_STATS);
	put_u64_64bit(nlh, MLT_STAT_SOCKETS, 3, MLT_STAT_PAD);
	put_u64_64bit(nlh, MLT_STAT_IDENTITY_CHANGES, 1, MLT_STAT_PAD);
	put_u64_64bit(nlh, MLT_STAT_DIR_ENTRIES, 2, MLT_STAT_PAD);
	put_u64_64bit(nlh, MLT_STAT_EPH_KEYS, 4, MLT_STAT_PAD);
	put_u64_64bit(nlh, MLT_STAT_EPH_WIPED, 5, MLT_STAT_PAD);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

/* Print st with status_print() in the mode asked for, into a string. */
static char *print_to_string(const struct mltnl_status *st, bool json,
			     int detail)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	if (!f)
		abort();
	print_start(f, json);
	status_print(st, detail);
	if (print_end("show") != MLTCTL_EXIT_OK)
		abort();
	fclose(f);
	return s;
}

/* What `mltctl show -j` prints (with or without -s), compacted. */
static char *dump_compact(const struct mltnl_status *st)
{
	char *text = print_to_string(st, true, 0), *s;
	json_t *root = json_loads(text, 0, NULL);

	free(text);
	if (!root)
		return NULL;
	s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	return s;
}

static char *print_human_detail(const struct mltnl_status *st, int detail)
{
	return print_to_string(st, false, detail);
}

/* What `mltctl show` prints; print_human_detail(st, 1) is `show -s`. */
static char *print_human(const struct mltnl_status *st)
{
	return print_human_detail(st, 0);
}

TEST(status_full)
{
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };
	uint8_t key[KEY_LEN];
	char *s;

	ASSERT_EQ(0, mltnl_parse_status(full_reply(1), &st, &e));
	EXPECT_TRUE(st.have_family);
	EXPECT_EQ(AF_MINIMALT, st.family);
	EXPECT_TRUE(st.have_public_key);
	alice_pub(key);
	EXPECT_EQ(0, memcmp(key, st.public_key, KEY_LEN));
	EXPECT_TRUE(mltnl_counter_has(&st.stats, MLT_STAT_SOCKETS));
	EXPECT_EQ(3, st.stats.v[MLT_STAT_SOCKETS]);
	EXPECT_EQ(1, st.stats.v[MLT_STAT_IDENTITY_CHANGES]);
	EXPECT_EQ(2, st.stats.v[MLT_STAT_DIR_ENTRIES]);
	EXPECT_EQ(4, st.stats.v[MLT_STAT_EPH_KEYS]);
	EXPECT_EQ(5, st.stats.v[MLT_STAT_EPH_WIPED]);
	EXPECT_FALSE(mltnl_counter_has(&st.stats, MLT_STAT_PAD));

	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_STREQ("{\"family\":22,\"public_key\":\"" ALICE_PUB_B64 "\","
		     "\"stats\":{\"sockets\":3,\"identity_changes\":1,"
		     "\"dir_entries\":2,\"eph_keys\":4,\"eph_wiped\":5}}", s);
	free(s);

	s = print_human(&st);
	EXPECT_STREQ("family: 22\n"
		     "public key: " ALICE_PUB_B64 "\n"
		     "stats:\n"
		     "  sockets: 3\n"
		     "  identity changes: 1\n"
		     "  directory entries: 2\n"
		     "  ephemeral keys: 4\n"
		     "  ephemeral keys wiped: 5\n", s);
	free(s);
}

/* The tunnel stage's reply: UDP port, tunnel timeout and drops by reason. */
TEST(status_tunnel_stage)
{
	struct nlmsghdr *nlh = full_reply(1);
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };
	struct nlattr *nest;
	char *s;

	mnl_attr_put_u16(nlh, MLT_A_UDP_PORT, 4747);
	mnl_attr_put_u32(nlh, MLT_A_TUNNEL_TIMEOUT, 2000);
	nest = mnl_attr_nest_start(nlh, MLT_A_DROPS);
	put_u64_64bit(nlh, MLT_DROP_SHORT, 7, MLT_DROP_NONE);
	put_u64_64bit(nlh, MLT_DROP_TAG, 9, MLT_DROP_NONE);
	put_u64_64bit(nlh, 60, 1, MLT_DROP_NONE);	/* a future reason */
	mnl_attr_nest_end(nlh, nest);

	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, &e));
	EXPECT_EQ(4747, st.config.udp_port);
	EXPECT_EQ(2000, st.config.tunnel_timeout_ms);
	EXPECT_EQ(7, st.drops.v[MLT_DROP_SHORT]);
	EXPECT_EQ(9, st.drops.v[MLT_DROP_TAG]);

	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"udp_port\":4747,\"tunnel_timeout_ms\":2000"));
	EXPECT_NE(NULL, strstr(s, "\"drops\":{\"short\":7,\"tag\":9,\"reason-60\":1}"));
	free(s);

	s = print_human(&st);
	EXPECT_NE(NULL, strstr(s, "udp port: 4747\ntunnel timeout: 2000 ms\n"));
	EXPECT_EQ(NULL, strstr(s, "drops:"));	/* only with -s */
	free(s);
}

/*
 * Every counter of this uapi and every drop reason: `show` prints the
 * state, `show -s` the traffic and the drops by name too, `show -j` all.
 */
TEST(status_show_and_stats)
{
	struct nlmsghdr *nlh = full_reply(1);
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };
	struct nlattr *nest;
	char *s, want[4096];
	unsigned int t;
	int n;

	/* full_reply() closed MLT_A_STATS: a second nest adds to it. */
	nest = mnl_attr_nest_start(nlh, MLT_A_STATS);
	for (t = MLT_STAT_TUNNELS; t <= MLT_STAT_MAX; t++)
		put_u64_64bit(nlh, t, 100 + t, MLT_STAT_PAD);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u16(nlh, MLT_A_UDP_PORT, 5000);
	mnl_attr_put_u32(nlh, MLT_A_TUNNEL_TIMEOUT, 30000);
	nest = mnl_attr_nest_start(nlh, MLT_A_DROPS);
	for (t = MLT_DROP_NONE + 1; t < __MLT_DROP_MAX; t++)
		put_u64_64bit(nlh, t, t == MLT_DROP_TAG ? 12 : 0,
			      MLT_DROP_NONE);
	mnl_attr_nest_end(nlh, nest);
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, &e));

	s = print_human(&st);
	EXPECT_STREQ("family: 22\n"
		     "public key: " ALICE_PUB_B64 "\n"
		     "udp port: 5000\n"
		     "tunnel timeout: 30000 ms\n"
		     "stats:\n"
		     "  sockets: 3\n"
		     "  identity changes: 1\n"
		     "  directory entries: 2\n"
		     "  ephemeral keys: 4\n"
		     "  ephemeral keys wiped: 5\n"
		     "  tunnels: 107\n"
		     "  connections: 108\n", s);
	free(s);

	n = snprintf(want, sizeof(want),
		     "  connections: 108\n"
		     "  tunnels opened: 109\n"
		     "  tunnels timed out: 113\n"
		     "  datagrams sent: 110\n"
		     "  datagrams received: 111\n"
		     "  retransmissions: 112\n"
		     "  retransmission timeouts: 117\n"
		     "  tail loss probes: 118\n"
		     "  window cuts undone: 119\n"
		     "  datagrams dropped: 114\n"
		     "  bytes held for reordering: 120\n"
		     "  names asked of the resolver: 115\n"
		     "  resolver timeouts: 116\n"
		     "  reject notices sent: 121\n"
		     "  tunnels rejected: 122\n"
		     "  sends held for validation: 123\n"
		     "  half-open tunnels: 124\n"
		     "  half-open tunnels evicted: 125\n"
		     "  puzzles sent: 126\n"
		     "  puzzles checked: 127\n"
		     "  puzzles solved: 128\n"
		     "  client tunnels: 129\n"
		     "  refused by a user quota: 130\n"
		     "drops:\n");
	for (t = MLT_DROP_NONE + 1; t < __MLT_DROP_MAX; t++)
		n += snprintf(want + n, sizeof(want) - n, "  %s: %d\n",
			      mltnl_drop_reason_name(t),
			      t == MLT_DROP_TAG ? 12 : 0);
	s = print_human_detail(&st, 1);
	ASSERT_NE(NULL, strstr(s, "  connections: 108\n"));
	EXPECT_STREQ(want, strstr(s, "  connections: 108\n"));
	EXPECT_NE(NULL, strstr(s, "  short: 0\n  long: 0\n"));
	EXPECT_NE(NULL, strstr(s, "  tag: 12\n"));
	EXPECT_NE(NULL, strstr(s, "  nomem: 0\n"));
	EXPECT_EQ(NULL, strstr(s, "reason-"));	/* every reason named */
	free(s);

	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"udp_port\":5000,\"tunnel_timeout_ms\":30000,"
			       "\"stats\":{\"sockets\":3,"));
	EXPECT_NE(NULL, strstr(s, "\"eph_wiped\":5,\"tunnels\":107,\"conns\":108,"
			       "\"tunnels_opened\":109,\"tunnels_timed_out\":113,"
			       "\"tx_packets\":110,\"rx_packets\":111,"
			       "\"retransmits\":112,\"rto_expired\":117,"
			       "\"tlp_probes\":118,\"spurious_undos\":119,"
			       "\"drops\":114,\"reorder_bytes\":120,"
			       "\"resolve_requests\":115,"
			       "\"resolve_timeouts\":116,"
			       "\"rejects_sent\":121,"
			       "\"tunnels_rejected\":122,"
			       "\"amp_limited\":123,"
			       "\"halfopen\":124,"
			       "\"halfopen_evicted\":125,"
			       "\"puzzles_sent\":126,"
			       "\"puzzles_checked\":127,"
			       "\"puzzles_solved\":128,"
			       "\"client_tunnels\":129,"
			       "\"quota_refused\":130},"
			       "\"drops\":{\"short\":0,\"long\":0,"));
	EXPECT_NE(NULL, strstr(s, "\"tag\":12,"));
	EXPECT_NE(NULL, strstr(s, "\"nomem\":0,\"no-create\":0,"
			       "\"ratelimited\":0,\"queue-full\":0}}"));
	EXPECT_EQ(NULL, strstr(s, "reason-"));
	free(s);
}

/*
 * The congestion control (MLT_A_CC) by name in both forms; a value this
 * mltctl has no name for (a newer kernel's) by number.
 */
TEST(status_cc)
{
	struct nlmsghdr *nlh = full_reply(1);
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };
	char *s;

	mnl_attr_put_u32(nlh, MLT_A_CONN_LIMIT, 1024);
	mnl_attr_put_u32(nlh, MLT_A_CC, MLT_CC_NEWRENO);
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, &e));
	EXPECT_EQ(MLT_CC_NEWRENO, st.config.cc);

	s = print_human(&st);
	EXPECT_NE(NULL, strstr(s, "connection limit: 1024\n"
			       "congestion control: newreno\nstats:\n")) {
		TH_LOG("%s", s);
	}
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"conn_limit\":1024,\"cc\":\"newreno\","
			       "\"stats\":{")) {
		TH_LOG("%s", s);
	}
	free(s);

	st.config.cc = MLT_CC_CUBIC;
	s = print_human(&st);
	EXPECT_NE(NULL, strstr(s, "congestion control: cubic\n"));
	free(s);

	st.config.cc = MLT_CC_MAX + 1;
	s = print_human(&st);
	EXPECT_NE(NULL, strstr(s, "congestion control: 2\n"));
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"cc\":2,"));
	free(s);
}

/* The largest buffers (MLT_A_RMEM_MAX, MLT_A_WMEM_MAX), after cc. */
TEST(status_buffer_maxima)
{
	struct nlmsghdr *nlh = full_reply(1);
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };
	char *s;

	mnl_attr_put_u32(nlh, MLT_A_CC, MLT_CC_CUBIC);
	mnl_attr_put_u32(nlh, MLT_A_RMEM_MAX, MLT_RMEM_MAX_DEFAULT);
	mnl_attr_put_u32(nlh, MLT_A_WMEM_MAX, MLT_WMEM_MAX_MAX);
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, &e)) {
		TH_LOG("%s", e.msg);
	}
	EXPECT_EQ(MLT_RMEM_MAX_DEFAULT, st.config.rmem_max);
	EXPECT_EQ(MLT_WMEM_MAX_MAX, st.config.wmem_max);

	s = print_human(&st);
	EXPECT_NE(NULL, strstr(s, "congestion control: cubic\n"
			       "receive buffer max: 6291456 bytes\n"
			       "send buffer max: 1073741824 bytes\n"
			       "stats:\n")) {
		TH_LOG("%s", s);
	}
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"cc\":\"cubic\",\"rmem_max\":6291456,"
			       "\"wmem_max\":1073741824,\"stats\":{")) {
		TH_LOG("%s", s);
	}
	free(s);

	/* An older kernel: neither line, neither key. */
	st.config.mask &= ~(MLTNL_CFG_RMEM_MAX | MLTNL_CFG_WMEM_MAX);
	s = print_human(&st);
	EXPECT_EQ(NULL, strstr(s, "buffer max"));
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_EQ(NULL, strstr(s, "mem_max"));
	free(s);
}

/*
 * The defence of openings and the unprivileged services (MLT_A_OPEN_RATE
 * ... MLT_A_UNPRIV_SERVICE_START), after wmem-max, at their defaults.
 */
TEST(status_defence_settings)
{
	static const uint32_t defence = MLTNL_CFG_OPEN_RATE |
		MLTNL_CFG_OPEN_BURST | MLTNL_CFG_SOURCE_PREFIX4 |
		MLTNL_CFG_SOURCE_PREFIX6 | MLTNL_CFG_HALFOPEN_LIMIT |
		MLTNL_CFG_UNPRIV_SERVICE_START;
	struct nlmsghdr *nlh = full_reply(1);
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };
	char *s;

	mnl_attr_put_u32(nlh, MLT_A_WMEM_MAX, MLT_WMEM_MAX_DEFAULT);
	/* Not in the order of show: the kernel's order does not matter. */
	mnl_attr_put_u32(nlh, MLT_A_UNPRIV_SERVICE_START,
			 MLT_UNPRIV_SERVICE_START_DEFAULT);
	mnl_attr_put_u32(nlh, MLT_A_OPEN_RATE, MLT_OPEN_RATE_DEFAULT);
	mnl_attr_put_u32(nlh, MLT_A_OPEN_BURST, MLT_OPEN_BURST_DEFAULT);
	mnl_attr_put_u32(nlh, MLT_A_SOURCE_PREFIX4,
			 MLT_SOURCE_PREFIX4_DEFAULT);
	mnl_attr_put_u32(nlh, MLT_A_SOURCE_PREFIX6,
			 MLT_SOURCE_PREFIX6_DEFAULT);
	mnl_attr_put_u32(nlh, MLT_A_HALFOPEN_LIMIT,
			 MLT_HALFOPEN_LIMIT_DEFAULT);
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, &e)) {
		TH_LOG("%s", e.msg);
	}
	EXPECT_EQ(defence | MLTNL_CFG_WMEM_MAX, st.config.mask);

	s = print_human(&st);
	EXPECT_STREQ("family: 22\n"
		     "public key: " ALICE_PUB_B64 "\n"
		     "send buffer max: 4194304 bytes\n"
		     "open rate: 50 per second\n"
		     "open burst: 100\n"
		     "IPv4 source prefix: /32\n"
		     "IPv6 source prefix: /64\n"
		     "half-open limit: 128\n"
		     "unprivileged service start: 1024\n"
		     "stats:\n"
		     "  sockets: 3\n"
		     "  identity changes: 1\n"
		     "  directory entries: 2\n"
		     "  ephemeral keys: 4\n"
		     "  ephemeral keys wiped: 5\n", s);
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_STREQ("{\"family\":22,\"public_key\":\"" ALICE_PUB_B64 "\","
		     "\"wmem_max\":4194304,\"open_rate\":50,"
		     "\"open_burst\":100,\"source_prefix4\":32,"
		     "\"source_prefix6\":64,\"halfopen_limit\":128,"
		     "\"unpriv_service_start\":1024,"
		     "\"stats\":{\"sockets\":3,\"identity_changes\":1,"
		     "\"dir_entries\":2,\"eph_keys\":4,\"eph_wiped\":5}}", s);
	free(s);

	/* 0, where it turns a limit off, and the other ends of the ranges. */
	st.config.open_rate = 0;
	st.config.open_burst = MLT_OPEN_BURST_MAX;
	st.config.source_prefix4 = MLT_SOURCE_PREFIX4_MIN;
	st.config.source_prefix6 = MLT_SOURCE_PREFIX6_MAX;
	st.config.halfopen_limit = 0;
	st.config.unpriv_service_start = MLT_UNPRIV_SERVICE_START_MAX;
	s = print_human(&st);
	EXPECT_NE(NULL, strstr(s, "send buffer max: 4194304 bytes\n"
			       "open rate: 0 per second\n"
			       "open burst: 1000000\n"
			       "IPv4 source prefix: /1\n"
			       "IPv6 source prefix: /128\n"
			       "half-open limit: 0\n"
			       "unprivileged service start: 65536\n"
			       "stats:\n")) {
		TH_LOG("%s", s);
	}
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"wmem_max\":4194304,\"open_rate\":0,"
			       "\"open_burst\":1000000,\"source_prefix4\":1,"
			       "\"source_prefix6\":128,\"halfopen_limit\":0,"
			       "\"unpriv_service_start\":65536,\"stats\":{")) {
		TH_LOG("%s", s);
	}
	free(s);

	/* One reported alone: only its line and key. */
	st.config.mask = MLTNL_CFG_HALFOPEN_LIMIT;
	s = print_human(&st);
	EXPECT_NE(NULL, strstr(s, "public key: " ALICE_PUB_B64 "\n"
			       "half-open limit: 0\nstats:\n")) {
		TH_LOG("%s", s);
	}
	free(s);

	/* An older kernel: none of the lines, none of the keys. */
	st.config.mask = MLTNL_CFG_WMEM_MAX;
	s = print_human(&st);
	EXPECT_NE(NULL, strstr(s, "send buffer max: 4194304 bytes\nstats:\n"));
	EXPECT_EQ(NULL, strstr(s, "open "));
	EXPECT_EQ(NULL, strstr(s, "source prefix"));
	EXPECT_EQ(NULL, strstr(s, "half-open"));
	EXPECT_EQ(NULL, strstr(s, "unprivileged"));
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"wmem_max\":4194304,\"stats\":{"));
	EXPECT_EQ(NULL, strstr(s, "open_"));
	EXPECT_EQ(NULL, strstr(s, "source_prefix"));
	EXPECT_EQ(NULL, strstr(s, "half-open"));
	EXPECT_EQ(NULL, strstr(s, "unpriv"));
	free(s);
}

/*
 * The puzzle mode (MLT_A_PUZZLE_MODE), after unpriv-service-start: by name
 * in both forms, as cc is; a mode this mltctl has no name for (a newer
 * kernel's) by number.
 */
TEST(status_puzzle_mode)
{
	static const char * const names[] = { "auto", "always", "off" };
	struct nlmsghdr *nlh = full_reply(1);
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };
	char *s, want[256];
	uint32_t m;

	mnl_attr_put_u32(nlh, MLT_A_PUZZLE_MODE, MLT_PUZZLE_MODE_AUTO);
	mnl_attr_put_u32(nlh, MLT_A_UNPRIV_SERVICE_START,
			 MLT_UNPRIV_SERVICE_START_DEFAULT);
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, &e)) {
		TH_LOG("%s", e.msg);
	}
	EXPECT_EQ(MLTNL_CFG_UNPRIV_SERVICE_START | MLTNL_CFG_PUZZLE_MODE,
		  st.config.mask);
	EXPECT_EQ(MLT_PUZZLE_MODE_AUTO, st.config.puzzle_mode);

	s = print_human(&st);
	EXPECT_STREQ("family: 22\n"
		     "public key: " ALICE_PUB_B64 "\n"
		     "unprivileged service start: 1024\n"
		     "puzzles: auto\n"
		     "stats:\n"
		     "  sockets: 3\n"
		     "  identity changes: 1\n"
		     "  directory entries: 2\n"
		     "  ephemeral keys: 4\n"
		     "  ephemeral keys wiped: 5\n", s);
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_STREQ("{\"family\":22,\"public_key\":\"" ALICE_PUB_B64 "\","
		     "\"unpriv_service_start\":1024,\"puzzle_mode\":\"auto\","
		     "\"stats\":{\"sockets\":3,\"identity_changes\":1,"
		     "\"dir_entries\":2,\"eph_keys\":4,\"eph_wiped\":5}}", s);
	free(s);

	ASSERT_EQ(sizeof(names) / sizeof(names[0]), MLT_PUZZLE_MODE_MAX + 1);
	for (m = 0; m <= MLT_PUZZLE_MODE_MAX; m++) {
		st.config.puzzle_mode = m;
		s = print_human(&st);
		snprintf(want, sizeof(want),
			 "unprivileged service start: 1024\npuzzles: %s\nstats:\n",
			 names[m]);
		EXPECT_NE(NULL, strstr(s, want)) {
			TH_LOG("%s", s);
		}
		free(s);
		s = dump_compact(&st);
		ASSERT_NE(NULL, s);
		snprintf(want, sizeof(want),
			 "\"unpriv_service_start\":1024,\"puzzle_mode\":\"%s\","
			 "\"stats\":{", names[m]);
		EXPECT_NE(NULL, strstr(s, want)) {
			TH_LOG("%s", s);
		}
		free(s);
	}

	st.config.puzzle_mode = MLT_PUZZLE_MODE_MAX + 1;
	s = print_human(&st);
	EXPECT_NE(NULL, strstr(s, "puzzles: 3\nstats:\n"));
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"puzzle_mode\":3,\"stats\":{"));
	free(s);

	/* An older kernel: no line, no key. */
	st.config.mask &= ~MLTNL_CFG_PUZZLE_MODE;
	s = print_human(&st);
	EXPECT_NE(NULL, strstr(s, "unprivileged service start: 1024\nstats:\n"));
	EXPECT_EQ(NULL, strstr(s, "puzzle"));
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_EQ(NULL, strstr(s, "puzzle"));
	free(s);
}

/* The three puzzle counters: -s only in the text form, always in JSON. */
TEST(status_puzzle_counters)
{
	struct nlmsghdr *nlh = full_reply(0);
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };
	struct nlattr *nest;
	char *s;

	nest = mnl_attr_nest_start(nlh, MLT_A_STATS);
	put_u64_64bit(nlh, MLT_STAT_HALFOPEN, 2, MLT_STAT_PAD);
	put_u64_64bit(nlh, MLT_STAT_HALFOPEN_EVICTED, 0, MLT_STAT_PAD);
	put_u64_64bit(nlh, MLT_STAT_PUZZLES_SENT, 9, MLT_STAT_PAD);
	put_u64_64bit(nlh, MLT_STAT_PUZZLES_CHECKED, 8, MLT_STAT_PAD);
	put_u64_64bit(nlh, MLT_STAT_PUZZLES_SOLVED, 4294967296ULL,
		      MLT_STAT_PAD);
	mnl_attr_nest_end(nlh, nest);
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, &e)) {
		TH_LOG("%s", e.msg);
	}
	EXPECT_EQ(9, st.stats.v[MLT_STAT_PUZZLES_SENT]);
	EXPECT_EQ(8, st.stats.v[MLT_STAT_PUZZLES_CHECKED]);
	EXPECT_EQ(4294967296ULL, st.stats.v[MLT_STAT_PUZZLES_SOLVED]);

	s = print_human(&st);
	EXPECT_EQ(NULL, strstr(s, "puzzles"));
	EXPECT_EQ(NULL, strstr(s, "half-open"));
	free(s);
	s = print_human_detail(&st, 1);
	EXPECT_NE(NULL, strstr(s, "  half-open tunnels: 2\n"
			       "  half-open tunnels evicted: 0\n"
			       "  puzzles sent: 9\n"
			       "  puzzles checked: 8\n"
			       "  puzzles solved: 4294967296\n")) {
		TH_LOG("%s", s);
	}
	EXPECT_EQ(NULL, strstr(s, "counter "));	/* all known */
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"halfopen\":2,"
			       "\"halfopen_evicted\":0,\"puzzles_sent\":9,"
			       "\"puzzles_checked\":8,"
			       "\"puzzles_solved\":4294967296}}")) {
		TH_LOG("%s", s);
	}
	EXPECT_EQ(NULL, strstr(s, "stat_"));
	free(s);

	/* An older kernel's status: neither line nor key. */
	st.stats.present &= ~((1ULL << MLT_STAT_PUZZLES_SENT) |
			      (1ULL << MLT_STAT_PUZZLES_CHECKED) |
			      (1ULL << MLT_STAT_PUZZLES_SOLVED));
	s = print_human_detail(&st, 1);
	EXPECT_NE(NULL, strstr(s, "  half-open tunnels evicted: 0\n"));
	EXPECT_EQ(NULL, strstr(s, "puzzles"));
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_EQ(NULL, strstr(s, "puzzles"));
	free(s);
}

/*
 * The client tunnel limit and the per-user quotas (MLT_A_CLIENT_TUNNEL_LIMIT,
 * MLT_A_USER_TUNNEL_QUOTA, MLT_A_USER_RESOLVE_QUOTA), after the puzzle
 * mode, in both forms; the server tunnel limit labelled as such.
 */
TEST(status_client_limit_and_quotas)
{
	static const uint32_t quotas = MLTNL_CFG_CLIENT_TUNNEL_LIMIT |
		MLTNL_CFG_USER_TUNNEL_QUOTA | MLTNL_CFG_USER_RESOLVE_QUOTA;
	struct nlmsghdr *nlh = full_reply(1);
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };
	char *s;

	/* Not in the order of show: the kernel's order does not matter. */
	mnl_attr_put_u32(nlh, MLT_A_USER_RESOLVE_QUOTA,
			 MLT_USER_RESOLVE_QUOTA_DEFAULT);
	mnl_attr_put_u32(nlh, MLT_A_TUNNEL_LIMIT, MLT_TUNNEL_LIMIT_DEFAULT);
	mnl_attr_put_u32(nlh, MLT_A_USER_TUNNEL_QUOTA,
			 MLT_USER_TUNNEL_QUOTA_DEFAULT);
	mnl_attr_put_u32(nlh, MLT_A_PUZZLE_MODE, MLT_PUZZLE_MODE_AUTO);
	mnl_attr_put_u32(nlh, MLT_A_CLIENT_TUNNEL_LIMIT,
			 MLT_CLIENT_TUNNEL_LIMIT_DEFAULT);
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, &e)) {
		TH_LOG("%s", e.msg);
	}
	EXPECT_EQ(quotas | MLTNL_CFG_TUNNEL_LIMIT | MLTNL_CFG_PUZZLE_MODE,
		  st.config.mask);
	EXPECT_EQ(8192, st.config.client_tunnel_limit);
	EXPECT_EQ(1024, st.config.user_tunnel_quota);
	EXPECT_EQ(32, st.config.user_resolve_quota);

	s = print_human(&st);
	EXPECT_STREQ("family: 22\n"
		     "public key: " ALICE_PUB_B64 "\n"
		     "server tunnel limit: 32768\n"
		     "puzzles: auto\n"
		     "client tunnel limit: 8192\n"
		     "user tunnel quota: 1024\n"
		     "user resolve quota: 32\n"
		     "stats:\n"
		     "  sockets: 3\n"
		     "  identity changes: 1\n"
		     "  directory entries: 2\n"
		     "  ephemeral keys: 4\n"
		     "  ephemeral keys wiped: 5\n", s);
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_STREQ("{\"family\":22,\"public_key\":\"" ALICE_PUB_B64 "\","
		     "\"tunnel_limit\":32768,\"puzzle_mode\":\"auto\","
		     "\"client_tunnel_limit\":8192,"
		     "\"user_tunnel_quota\":1024,"
		     "\"user_resolve_quota\":32,"
		     "\"stats\":{\"sockets\":3,\"identity_changes\":1,"
		     "\"dir_entries\":2,\"eph_keys\":4,\"eph_wiped\":5}}", s);
	free(s);

	/* The ends of the ranges. */
	st.config.client_tunnel_limit = MLT_TUNNEL_LIMIT_MIN;
	st.config.user_tunnel_quota = MLT_TUNNEL_LIMIT_MAX;
	st.config.user_resolve_quota = MLT_USER_RESOLVE_QUOTA_MAX;
	s = print_human(&st);
	EXPECT_NE(NULL, strstr(s, "puzzles: auto\n"
			       "client tunnel limit: 1\n"
			       "user tunnel quota: 1048576\n"
			       "user resolve quota: 256\n"
			       "stats:\n")) {
		TH_LOG("%s", s);
	}
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"puzzle_mode\":\"auto\","
			       "\"client_tunnel_limit\":1,"
			       "\"user_tunnel_quota\":1048576,"
			       "\"user_resolve_quota\":256,\"stats\":{")) {
		TH_LOG("%s", s);
	}
	free(s);

	/* One reported alone: only its line and key. */
	st.config.mask = MLTNL_CFG_USER_TUNNEL_QUOTA;
	s = print_human(&st);
	EXPECT_NE(NULL, strstr(s, "public key: " ALICE_PUB_B64 "\n"
			       "user tunnel quota: 1048576\nstats:\n")) {
		TH_LOG("%s", s);
	}
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\",\"user_tunnel_quota\":1048576,"
			       "\"stats\":{")) {
		TH_LOG("%s", s);
	}
	EXPECT_EQ(NULL, strstr(s, "client_tunnel_limit"));
	EXPECT_EQ(NULL, strstr(s, "user_resolve_quota"));
	free(s);

	/* An older kernel: none of the lines, none of the keys. */
	st.config.mask = MLTNL_CFG_TUNNEL_LIMIT | MLTNL_CFG_PUZZLE_MODE;
	s = print_human(&st);
	EXPECT_NE(NULL, strstr(s, "server tunnel limit: 32768\n"
			       "puzzles: auto\nstats:\n")) {
		TH_LOG("%s", s);
	}
	EXPECT_EQ(NULL, strstr(s, "client tunnel"));
	EXPECT_EQ(NULL, strstr(s, "quota"));
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"puzzle_mode\":\"auto\",\"stats\":{"));
	EXPECT_EQ(NULL, strstr(s, "client_tunnel"));
	EXPECT_EQ(NULL, strstr(s, "quota"));
	free(s);
}

/*
 * The client tunnels now and the requests refused by a user quota: after
 * the puzzle counters, -s only in the text form, always in JSON.
 */
TEST(status_quota_counters)
{
	struct nlmsghdr *nlh = full_reply(0);
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };
	struct nlattr *nest;
	char *s;

	nest = mnl_attr_nest_start(nlh, MLT_A_STATS);
	put_u64_64bit(nlh, MLT_STAT_PUZZLES_SOLVED, 1, MLT_STAT_PAD);
	put_u64_64bit(nlh, MLT_STAT_CLIENT_TUNNELS, 8192, MLT_STAT_PAD);
	put_u64_64bit(nlh, MLT_STAT_QUOTA_REFUSED, 4294967297ULL,
		      MLT_STAT_PAD);
	mnl_attr_nest_end(nlh, nest);
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, &e)) {
		TH_LOG("%s", e.msg);
	}
	EXPECT_EQ(8192, st.stats.v[MLT_STAT_CLIENT_TUNNELS]);
	EXPECT_EQ(4294967297ULL, st.stats.v[MLT_STAT_QUOTA_REFUSED]);

	s = print_human(&st);
	EXPECT_EQ(NULL, strstr(s, "client tunnels"));
	EXPECT_EQ(NULL, strstr(s, "quota"));
	free(s);
	s = print_human_detail(&st, 1);
	EXPECT_NE(NULL, strstr(s, "  ephemeral keys wiped: 5\n"
			       "  puzzles solved: 1\n"
			       "  client tunnels: 8192\n"
			       "  refused by a user quota: 4294967297\n")) {
		TH_LOG("%s", s);
	}
	EXPECT_EQ(NULL, strstr(s, "counter "));	/* both known */
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"eph_wiped\":5,\"puzzles_solved\":1,"
			       "\"client_tunnels\":8192,"
			       "\"quota_refused\":4294967297}}")) {
		TH_LOG("%s", s);
	}
	EXPECT_EQ(NULL, strstr(s, "stat_"));
	free(s);

	/* Zero is shown, not left out. */
	st.stats.v[MLT_STAT_CLIENT_TUNNELS] = 0;
	st.stats.v[MLT_STAT_QUOTA_REFUSED] = 0;
	s = print_human_detail(&st, 1);
	EXPECT_NE(NULL, strstr(s, "  puzzles solved: 1\n"
			       "  client tunnels: 0\n"
			       "  refused by a user quota: 0\n"));
	free(s);

	/* An older kernel's status: neither line nor key. */
	st.stats.present &= ~((1ULL << MLT_STAT_CLIENT_TUNNELS) |
			      (1ULL << MLT_STAT_QUOTA_REFUSED));
	s = print_human_detail(&st, 1);
	EXPECT_NE(NULL, strstr(s, "  puzzles solved: 1\n"));
	EXPECT_EQ(NULL, strstr(s, "client tunnels"));
	EXPECT_EQ(NULL, strstr(s, "quota"));
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"puzzles_solved\":1}}"));
	EXPECT_EQ(NULL, strstr(s, "client_tunnels"));
	EXPECT_EQ(NULL, strstr(s, "quota"));
	free(s);
}

/* `mltctl config` without settings: config_print() in a mode, into a string. */
static char *config_to_string(const struct mltnl_config *c, bool json)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	if (!f)
		abort();
	print_start(f, json);
	config_print(c);
	if (print_end("config") != MLTCTL_EXIT_OK)
		abort();
	fclose(f);
	return s;
}

static char *config_compact(const struct mltnl_config *c)
{
	char *text = config_to_string(c, true), *s;
	json_t *root = json_loads(text, 0, NULL);

	free(text);
	if (!root)
		return NULL;
	s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	return s;
}

/* Every setting at its default, as a kernel of this uapi reports them. */
static void config_defaults(struct mltnl_config *c)
{
	memset(c, 0, sizeof(*c));
	mltnl_config_set(c, MLTNL_CFG_UDP_PORT, MLT_UDP_PORT_DEFAULT);
	mltnl_config_set(c, MLTNL_CFG_TUNNEL_TIMEOUT,
			 MLT_TUNNEL_TIMEOUT_DEFAULT);
	mltnl_config_set(c, MLTNL_CFG_RESOLVE_TIMEOUT,
			 MLT_RESOLVE_TIMEOUT_DEFAULT);
	mltnl_config_set(c, MLTNL_CFG_TUNNEL_LIMIT, MLT_TUNNEL_LIMIT_DEFAULT);
	mltnl_config_set(c, MLTNL_CFG_CONN_LIMIT, MLT_CONN_LIMIT_DEFAULT);
	mltnl_config_set(c, MLTNL_CFG_CC, MLT_CC_CUBIC);
	mltnl_config_set(c, MLTNL_CFG_RMEM_MAX, MLT_RMEM_MAX_DEFAULT);
	mltnl_config_set(c, MLTNL_CFG_WMEM_MAX, MLT_WMEM_MAX_DEFAULT);
	mltnl_config_set(c, MLTNL_CFG_OPEN_RATE, MLT_OPEN_RATE_DEFAULT);
	mltnl_config_set(c, MLTNL_CFG_OPEN_BURST, MLT_OPEN_BURST_DEFAULT);
	mltnl_config_set(c, MLTNL_CFG_SOURCE_PREFIX4,
			 MLT_SOURCE_PREFIX4_DEFAULT);
	mltnl_config_set(c, MLTNL_CFG_SOURCE_PREFIX6,
			 MLT_SOURCE_PREFIX6_DEFAULT);
	mltnl_config_set(c, MLTNL_CFG_HALFOPEN_LIMIT,
			 MLT_HALFOPEN_LIMIT_DEFAULT);
	mltnl_config_set(c, MLTNL_CFG_UNPRIV_SERVICE_START,
			 MLT_UNPRIV_SERVICE_START_DEFAULT);
	mltnl_config_set(c, MLTNL_CFG_PUZZLE_MODE, MLT_PUZZLE_MODE_AUTO);
	mltnl_config_set(c, MLTNL_CFG_CLIENT_TUNNEL_LIMIT,
			 MLT_CLIENT_TUNNEL_LIMIT_DEFAULT);
	mltnl_config_set(c, MLTNL_CFG_USER_TUNNEL_QUOTA,
			 MLT_USER_TUNNEL_QUOTA_DEFAULT);
	mltnl_config_set(c, MLTNL_CFG_USER_RESOLVE_QUOTA,
			 MLT_USER_RESOLVE_QUOTA_DEFAULT);
}

/*
 * `mltctl config` prints every setting in the form that sets it, puzzle
 * by name, then the client tunnel limit and the quotas; -j the same as one
 * object, "puzzle_mode" by name.
 */
TEST(config_print_every_setting)
{
	static const char * const names[] = { "auto", "always", "off" };
	struct mltnl_config c;
	char *s, want[128];
	uint32_t m;

	config_defaults(&c);
	s = config_to_string(&c, false);
	EXPECT_STREQ("port 4747\n"
		     "tunnel-timeout 30000\n"
		     "resolve-timeout 10000\n"
		     "tunnel-limit 32768\n"
		     "conn-limit 1024\n"
		     "cc cubic\n"
		     "rmem-max 6291456\n"
		     "wmem-max 4194304\n"
		     "open-rate 50\n"
		     "open-burst 100\n"
		     "source-prefix4 32\n"
		     "source-prefix6 64\n"
		     "halfopen-limit 128\n"
		     "unpriv-service-start 1024\n"
		     "puzzle auto\n"
		     "client-tunnel-limit 8192\n"
		     "user-tunnel-quota 1024\n"
		     "user-resolve-quota 32\n", s);
	free(s);
	s = config_compact(&c);
	ASSERT_NE(NULL, s);
	EXPECT_STREQ("{\"udp_port\":4747,\"tunnel_timeout_ms\":30000,"
		     "\"resolve_timeout_ms\":10000,\"tunnel_limit\":32768,"
		     "\"conn_limit\":1024,\"cc\":\"cubic\","
		     "\"rmem_max\":6291456,\"wmem_max\":4194304,"
		     "\"open_rate\":50,\"open_burst\":100,"
		     "\"source_prefix4\":32,\"source_prefix6\":64,"
		     "\"halfopen_limit\":128,\"unpriv_service_start\":1024,"
		     "\"puzzle_mode\":\"auto\",\"client_tunnel_limit\":8192,"
		     "\"user_tunnel_quota\":1024,\"user_resolve_quota\":32}",
		     s);
	free(s);

	for (m = 0; m <= MLT_PUZZLE_MODE_MAX; m++) {
		mltnl_config_set(&c, MLTNL_CFG_PUZZLE_MODE, m);
		s = config_to_string(&c, false);
		snprintf(want, sizeof(want),
			 "unpriv-service-start 1024\npuzzle %s\n", names[m]);
		EXPECT_NE(NULL, strstr(s, want)) {
			TH_LOG("%s", s);
		}
		free(s);
		s = config_compact(&c);
		ASSERT_NE(NULL, s);
		snprintf(want, sizeof(want),
			 "\"unpriv_service_start\":1024,\"puzzle_mode\":\"%s\","
			 "\"client_tunnel_limit\":", names[m]);
		EXPECT_NE(NULL, strstr(s, want)) {
			TH_LOG("%s", s);
		}
		free(s);
	}

	/* A newer kernel's mode: its number. */
	mltnl_config_set(&c, MLTNL_CFG_PUZZLE_MODE, MLT_PUZZLE_MODE_MAX + 1);
	s = config_to_string(&c, false);
	EXPECT_NE(NULL, strstr(s, "unpriv-service-start 1024\npuzzle 3\n"));
	free(s);
	s = config_compact(&c);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"puzzle_mode\":3,"));
	free(s);

	/* An older kernel: no line, null in JSON. */
	c.mask &= ~MLTNL_CFG_PUZZLE_MODE;
	s = config_to_string(&c, false);
	EXPECT_NE(NULL, strstr(s, "unpriv-service-start 1024\n"));
	EXPECT_EQ(NULL, strstr(s, "puzzle"));
	free(s);
	s = config_compact(&c);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"unpriv_service_start\":1024,"
			       "\"puzzle_mode\":null,"));
	free(s);
}

/*
 * The client tunnel limit and the two quotas after puzzle, in the form
 * that sets them, at the ends of their ranges; an older kernel's: no
 * lines, null in JSON.
 */
TEST(config_print_client_limit_and_quotas)
{
	struct mltnl_config c;
	char *s;

	config_defaults(&c);
	mltnl_config_set(&c, MLTNL_CFG_CLIENT_TUNNEL_LIMIT,
			 MLT_TUNNEL_LIMIT_MAX);
	mltnl_config_set(&c, MLTNL_CFG_USER_TUNNEL_QUOTA, 1);
	mltnl_config_set(&c, MLTNL_CFG_USER_RESOLVE_QUOTA,
			 MLT_USER_RESOLVE_QUOTA_MAX);
	s = config_to_string(&c, false);
	EXPECT_NE(NULL, strstr(s, "\npuzzle auto\n"
			       "client-tunnel-limit 1048576\n"
			       "user-tunnel-quota 1\n"
			       "user-resolve-quota 256\n")) {
		TH_LOG("%s", s);
	}
	free(s);
	s = config_compact(&c);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"puzzle_mode\":\"auto\","
			       "\"client_tunnel_limit\":1048576,"
			       "\"user_tunnel_quota\":1,"
			       "\"user_resolve_quota\":256}")) {
		TH_LOG("%s", s);
	}
	free(s);

	mltnl_config_set(&c, MLTNL_CFG_CLIENT_TUNNEL_LIMIT,
			 MLT_TUNNEL_LIMIT_MIN);
	mltnl_config_set(&c, MLTNL_CFG_USER_TUNNEL_QUOTA,
			 MLT_TUNNEL_LIMIT_MAX);
	mltnl_config_set(&c, MLTNL_CFG_USER_RESOLVE_QUOTA, 1);
	s = config_to_string(&c, false);
	EXPECT_NE(NULL, strstr(s, "\npuzzle auto\n"
			       "client-tunnel-limit 1\n"
			       "user-tunnel-quota 1048576\n"
			       "user-resolve-quota 1\n")) {
		TH_LOG("%s", s);
	}
	free(s);

	/* An older kernel: no lines, null in JSON; puzzle stays last. */
	c.mask &= ~(MLTNL_CFG_CLIENT_TUNNEL_LIMIT |
		    MLTNL_CFG_USER_TUNNEL_QUOTA |
		    MLTNL_CFG_USER_RESOLVE_QUOTA);
	s = config_to_string(&c, false);
	ASSERT_NE(NULL, strstr(s, "\npuzzle auto\n"));
	EXPECT_STREQ("\npuzzle auto\n", strstr(s, "\npuzzle auto\n"));
	EXPECT_EQ(NULL, strstr(s, "client"));
	EXPECT_EQ(NULL, strstr(s, "quota"));
	free(s);
	s = config_compact(&c);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"puzzle_mode\":\"auto\","
			       "\"client_tunnel_limit\":null,"
			       "\"user_tunnel_quota\":null,"
			       "\"user_resolve_quota\":null}")) {
		TH_LOG("%s", s);
	}
	free(s);
}

/* The limits (MLT_A_TUNNEL_LIMIT, MLT_A_CONN_LIMIT) and send errors. */
TEST(status_limits_and_tx_errors)
{
	struct nlmsghdr *nlh = full_reply(1);
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };
	struct nlattr *nest;
	unsigned int t;
	char *s;

	mnl_attr_put_u16(nlh, MLT_A_UDP_PORT, 4747);
	mnl_attr_put_u32(nlh, MLT_A_TUNNEL_TIMEOUT, 30000);
	mnl_attr_put_u32(nlh, MLT_A_RESOLVE_TIMEOUT, 10000);
	mnl_attr_put_u32(nlh, MLT_A_TUNNEL_LIMIT, 32768);
	mnl_attr_put_u32(nlh, MLT_A_CONN_LIMIT, 1024);
	nest = mnl_attr_nest_start(nlh, MLT_A_DROPS);
	put_u64_64bit(nlh, MLT_DROP_TAG, 2, MLT_DROP_NONE);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, MLT_A_TX_ERRORS);
	for (t = MLT_TX_ERR_NONE + 1; t < __MLT_TX_ERR_MAX; t++)
		put_u64_64bit(nlh, t, t == MLT_TX_ERR_NO_ROUTE ? 3 : 0,
			      MLT_TX_ERR_NONE);
	put_u64_64bit(nlh, 40, 1, MLT_TX_ERR_NONE);	/* a future reason */
	mnl_attr_nest_end(nlh, nest);
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, &e)) {
		TH_LOG("%s", e.msg);
	}

	s = print_human(&st);
	EXPECT_NE(NULL, strstr(s, "resolve timeout: 10000 ms\n"
			       "server tunnel limit: 32768\n"
			       "connection limit: 1024\n"
			       "stats:\n"));
	EXPECT_EQ(NULL, strstr(s, "tx errors:"));	/* only with -s */
	free(s);

	s = print_human_detail(&st, 1);
	EXPECT_NE(NULL, strstr(s, "drops:\n  tag: 2\n"
			       "tx errors:\n  no-route: 3\n  no-socket: 0\n"
			       "  nobufs: 0\n  other: 0\n  reason-40: 1\n"));
	free(s);

	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"resolve_timeout_ms\":10000,"
			       "\"tunnel_limit\":32768,\"conn_limit\":1024,"
			       "\"stats\":{"));
	EXPECT_NE(NULL, strstr(s, "\"drops\":{\"tag\":2},\"tx_errors\":"
			       "{\"no-route\":3,\"no-socket\":0,\"nobufs\":0,"
			       "\"other\":0,\"reason-40\":1}}"));
	free(s);
}

TEST(status_no_identity)
{
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };
	char *s;

	ASSERT_EQ(0, mltnl_parse_status(full_reply(0), &st, &e));
	EXPECT_FALSE(st.have_public_key);
	s = dump_compact(&st);
	EXPECT_STREQ("{\"family\":22,\"public_key\":null,"
		     "\"stats\":{\"sockets\":3,\"identity_changes\":1,"
		     "\"dir_entries\":2,\"eph_keys\":4,\"eph_wiped\":5}}", s);
	free(s);
	s = print_human(&st);
	EXPECT_NE(NULL, strstr(s, "public key: (none)\n"));
	free(s);
}

/* Unaligned u64 counters (no pad) parse as well. */
TEST(status_unpadded_counters)
{
	struct nlmsghdr *nlh = reply_start(MLT_CMD_GET_STATUS);
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, MLT_A_FAMILY, 40);
	nest = mnl_attr_nest_start(nlh, MLT_A_STATS);
	mnl_attr_put_u64(nlh, MLT_STAT_SOCKETS, 0x1122334455667788ULL);
	mnl_attr_nest_end(nlh, nest);
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, &e));
	EXPECT_EQ(40, st.family);
	EXPECT_EQ(0x1122334455667788ULL, st.stats.v[MLT_STAT_SOCKETS]);
	EXPECT_FALSE(mltnl_counter_has(&st.stats, MLT_STAT_IDENTITY_CHANGES));
}

/* A newer kernel: unknown attributes ignored, unknown counters shown. */
TEST(status_newer_kernel)
{
	struct nlmsghdr *nlh = reply_start(MLT_CMD_GET_STATUS);
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };
	struct nlattr *nest;
	char *s;

	mnl_attr_put_u32(nlh, MLT_A_FAMILY, 22);
	mnl_attr_put_strz(nlh, MLT_A_MAX + 7, "future");
	nest = mnl_attr_nest_start(nlh, MLT_A_STATS);
	put_u64_64bit(nlh, MLT_STAT_SOCKETS, 0, MLT_STAT_PAD);
	put_u64_64bit(nlh, MLT_STAT_IDENTITY_CHANGES, 0, MLT_STAT_PAD);
	put_u64_64bit(nlh, 60, 42, MLT_STAT_PAD);
	put_u64_64bit(nlh, MLTNL_COUNTERS_MAX + 1, 9, MLT_STAT_PAD);
	mnl_attr_nest_end(nlh, nest);
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, &e));
	s = dump_compact(&st);
	EXPECT_STREQ("{\"family\":22,\"public_key\":null,\"stats\":"
		     "{\"sockets\":0,\"identity_changes\":0,\"stat_60\":42}}", s);
	free(s);
	s = print_human(&st);
	EXPECT_EQ(NULL, strstr(s, "counter 60"));	/* only with -s */
	free(s);
	s = print_human_detail(&st, 1);
	EXPECT_NE(NULL, strstr(s, "  counter 60: 42\n"));
	EXPECT_EQ(NULL, strstr(s, "drops:"));	/* none sent */
	free(s);
}

TEST(status_huge_counter)
{
	struct mltnl_status st = { 0 };
	char *s;

	st.stats.present |= 1ULL << MLT_STAT_SOCKETS;
	st.stats.v[MLT_STAT_SOCKETS] = UINT64_MAX;
	s = print_human(&st);
	EXPECT_NE(NULL, strstr(s, "sockets: 18446744073709551615\n"));
	EXPECT_NE(NULL, strstr(s, "family: (unknown)\n"));
	free(s);
	s = dump_compact(&st);
	ASSERT_NE(NULL, s);
	EXPECT_NE(NULL, strstr(s, "\"family\":null"));
	free(s);
}

TEST(status_bad_public_key)
{
	struct nlmsghdr *nlh = reply_start(MLT_CMD_GET_STATUS);
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };
	uint8_t key[KEY_LEN] = { 1 };

	mnl_attr_put(nlh, MLT_A_PUBLIC_KEY, KEY_LEN - 1, key);
	ASSERT_EQ(-EPROTO, mltnl_parse_status(nlh, &st, &e));
	EXPECT_EQ(MLTNL_STAGE_REPLY, e.stage);
	EXPECT_STREQ("public key is 31 bytes, expected 32", e.msg);
}

TEST(status_bad_counter)
{
	struct nlmsghdr *nlh = reply_start(MLT_CMD_GET_STATUS);
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };
	struct nlattr *nest;

	nest = mnl_attr_nest_start(nlh, MLT_A_STATS);
	mnl_attr_put_u32(nlh, MLT_STAT_SOCKETS, 1);
	mnl_attr_nest_end(nlh, nest);
	ASSERT_EQ(-EPROTO, mltnl_parse_status(nlh, &st, &e));
	EXPECT_STREQ("counter 2 is 4 bytes, expected 8", e.msg);
}

TEST(status_bad_family)
{
	struct nlmsghdr *nlh = reply_start(MLT_CMD_GET_STATUS);
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };

	mnl_attr_put_u16(nlh, MLT_A_FAMILY, 22);
	ASSERT_EQ(-EPROTO, mltnl_parse_status(nlh, &st, &e));
	EXPECT_STREQ("family attribute is 2 bytes, expected 4", e.msg);
}

TEST(status_stats_not_nest)
{
	struct nlmsghdr *nlh = reply_start(MLT_CMD_GET_STATUS);
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };

	mnl_attr_put_u16(nlh, MLT_A_STATS, 1);
	ASSERT_EQ(-EPROTO, mltnl_parse_status(nlh, &st, &e));
	EXPECT_EQ(MLTNL_STAGE_REPLY, e.stage);
}

/* An NLMSG_ERROR answering a request of req_len bytes. */
static struct nlmsghdr *error_msg(int error, int capped, const char *extack,
				  int miss_type)
{
	char req[128] __attribute__((aligned(4)));
	struct nlmsghdr *rnlh, *nlh;
	struct nlmsgerr *err;
	uint8_t key[KEY_LEN];

	/* The request it answers: a SET_IDENTITY with a key. */
	memset(req, 0, sizeof(req));
	rnlh = mnl_nlmsg_put_header(req);
	rnlh->nlmsg_type = FAMILY_ID;
	rnlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	rnlh->nlmsg_seq = 7;
	mnl_nlmsg_put_extra_header(rnlh, sizeof(struct genlmsghdr));
	memset(key, 0x77, sizeof(key));
	mnl_attr_put(rnlh, MLT_A_PRIVATE_KEY, KEY_LEN, key);

	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = 7;
	if (capped || error == 0)
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	err->error = error;
	memcpy(&err->msg, rnlh, sizeof(*rnlh));
	if (!capped && error) {
		/* The kernel echoes the whole request. */
		void *p = mnl_nlmsg_put_extra_header(nlh,
			rnlh->nlmsg_len - sizeof(*rnlh));
		memcpy(p, (char *)rnlh + sizeof(*rnlh),
		       rnlh->nlmsg_len - sizeof(*rnlh));
	}
	if (extack || miss_type) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		if (extack)
			mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, extack);
		if (miss_type)
			mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE,
					 (uint32_t)miss_type);
	}
	return nlh;
}

TEST(error_ack)
{
	struct mltnl_error e = { 0 };

	EXPECT_EQ(0, mltnl_parse_ack(error_msg(0, 1, NULL, 0), &e));
}

TEST(error_extack_capped)
{
	struct mltnl_error e = { 0 };

	ASSERT_EQ(1, mltnl_parse_ack(error_msg(-EINVAL, 1,
						"all-zero private key", 0), &e));
	EXPECT_EQ(MLTNL_STAGE_KERNEL, e.stage);
	EXPECT_EQ(EINVAL, e.errnum);
	EXPECT_STREQ("all-zero private key", e.msg);
}

TEST(error_extack_uncapped)
{
	struct mltnl_error e = { 0 };

	ASSERT_EQ(1, mltnl_parse_ack(error_msg(-EINVAL, 0,
						"all-zero private key", 0), &e));
	EXPECT_EQ(EINVAL, e.errnum);
	EXPECT_STREQ("all-zero private key", e.msg);
}

TEST(error_without_extack)
{
	struct mltnl_error e = { 0 };

	ASSERT_EQ(1, mltnl_parse_ack(error_msg(-EPERM, 0, NULL, 0), &e));
	EXPECT_EQ(EPERM, e.errnum);
	EXPECT_STREQ("", e.msg);
}

TEST(error_missing_attribute)
{
	struct mltnl_error e = { 0 };

	ASSERT_EQ(1, mltnl_parse_ack(error_msg(-EINVAL, 1, NULL,
						MLT_A_PRIVATE_KEY), &e));
	EXPECT_STREQ("missing attribute 1", e.msg);
}

TEST(error_truncated)
{
	struct nlmsghdr *nlh = error_msg(-EINVAL, 1, NULL, 0);
	struct mltnl_error e = { 0 };

	nlh->nlmsg_len = sizeof(*nlh) + 2;
	EXPECT_EQ(-EPROTO, mltnl_parse_ack(nlh, &e));
}

/* Run nl_report with stderr captured: returns the exit code. */
static int report(enum mltnl_stage stage, int errnum, const char *msg,
		  const char *what, char *out, size_t outlen)
{
	struct mltnl_error e = { .stage = stage, .errnum = errnum };
	FILE *tmp = tmpfile();
	int saved = dup(STDERR_FILENO), code;
	size_t n;

	if (!tmp || saved < 0)
		abort();
	snprintf(e.msg, sizeof(e.msg), "%s", msg);
	fflush(stderr);
	dup2(fileno(tmp), STDERR_FILENO);
	code = nl_report(&e, what);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(tmp);
	n = fread(out, 1, outlen - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
	return code;
}

static int one_line(const char *s)
{
	const char *nl = strchr(s, '\n');

	return !strncmp(s, "mltctl: ", 8) && nl && nl[1] == '\0';
}

TEST(report_module_not_loaded)
{
	char out[512];

	EXPECT_EQ(MLTCTL_EXIT_KERNEL,
		  report(MLTNL_STAGE_FAMILY, ENOENT, "", "show", out, sizeof(out)));
	EXPECT_TRUE(one_line(out));
	EXPECT_NE(NULL, strstr(out, "mltctl: module not loaded: generic netlink family \"minimalt\" not found"));
}

TEST(report_permission)
{
	char out[512];

	EXPECT_EQ(MLTCTL_EXIT_PERM,
		  report(MLTNL_STAGE_KERNEL, EPERM, "", "identity set", out,
			 sizeof(out)));
	EXPECT_TRUE(one_line(out));
	EXPECT_NE(NULL, strstr(out, "mltctl: permission denied"));
	EXPECT_NE(NULL, strstr(out, "CAP_NET_ADMIN"));

	EXPECT_EQ(MLTCTL_EXIT_PERM,
		  report(MLTNL_STAGE_KERNEL, EACCES, "", "identity set", out,
			 sizeof(out)));
	EXPECT_NE(NULL, strstr(out, "CAP_NET_ADMIN"));
}

TEST(report_kernel_refused_with_extack)
{
	char out[512];

	EXPECT_EQ(MLTCTL_EXIT_KERNEL,
		  report(MLTNL_STAGE_KERNEL, EINVAL, "all-zero private key",
			 "identity set", out, sizeof(out)));
	EXPECT_TRUE(one_line(out));
	EXPECT_STREQ("mltctl: identity set: kernel refused the request: "
		     "Invalid argument: all-zero private key\n", out);
}

TEST(report_other_stages)
{
	char out[512];

	EXPECT_EQ(MLTCTL_EXIT_KERNEL,
		  report(MLTNL_STAGE_REPLY, EPROTO, "public key is 31 bytes, expected 32",
			 "show", out, sizeof(out)));
	EXPECT_STREQ("mltctl: show: malformed kernel reply: public key is 31 bytes, expected 32\n",
		     out);
	EXPECT_EQ(MLTCTL_EXIT_KERNEL,
		  report(MLTNL_STAGE_IO, ENOBUFS, "", "show", out, sizeof(out)));
	EXPECT_TRUE(one_line(out));
	EXPECT_EQ(MLTCTL_EXIT_KERNEL,
		  report(MLTNL_STAGE_SOCKET, EAFNOSUPPORT, "", "show", out,
			 sizeof(out)));
	EXPECT_TRUE(one_line(out));
	EXPECT_EQ(MLTCTL_EXIT_KERNEL,
		  report(MLTNL_STAGE_FAMILY, EIO, "", "show", out, sizeof(out)));
	EXPECT_TRUE(one_line(out));
}

/*
 * Live tests against the running kernel's own "nlctrl" family: the same
 * resolve / request / reply / ACK / error path that mltctl uses for
 * "minimalt", which no build host has. Skipped without generic netlink.
 */
static struct mltnl *open_nlctrl(struct __test_metadata *_metadata,
				 int *skip)
{
	struct mltnl_error e = { 0 };
	struct mltnl *h = mltnl_open_family("nlctrl", 0, &e);

	*skip = !h && e.stage == MLTNL_STAGE_SOCKET;
	if (!h && !*skip)
		TH_LOG("resolving nlctrl: stage %d errno %d", e.stage, e.errnum);
	return h;
}

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr;
	int *n = data;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_NAME &&
		    !strcmp(mnl_attr_get_str(attr), "nlctrl"))
			(*n)++;
	return MNL_CB_OK;
}

/* Every datagram the request socket reads, counted. */
static void rx_hook(const void *buf, size_t len, void *data)
{
	size_t *total = data;

	(void)buf;
	*total += len;
}

TEST(live_resolve_and_request)
{
	_Alignas(uint64_t) char buf[MLTNL_MSG_MAX];
	struct nlmsghdr *nlh;
	struct mltnl *h;
	size_t seen = 0;
	int skip, n = 0;

	h = open_nlctrl(_metadata, &skip);
	if (skip)
		SKIP(return, "no generic netlink socket here");
	ASSERT_NE(NULL, h);
	EXPECT_EQ(GENL_ID_CTRL, mltnl_family_id(h));

	mltnl_set_rx_hook(h, rx_hook, &seen);
	nlh = mltnl_msg_start(h, buf, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	ASSERT_EQ(0, mltnl_send(h, nlh, count_cb, &n));
	EXPECT_TRUE(nlh->nlmsg_flags & NLM_F_ACK);
	EXPECT_EQ(1, n);
	EXPECT_LT(0, seen);
	/* A second request on the same socket (sequence numbers). */
	nlh = mltnl_msg_start(h, buf, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	ASSERT_EQ(0, mltnl_send(h, nlh, count_cb, &n));
	EXPECT_EQ(2, n);
	EXPECT_EQ(MLTNL_STAGE_NONE, mltnl_error(h)->stage);
	mltnl_close(h);
}

/* A dump: every family, ended by NLMSG_DONE (what dir show and eph show
 * do with DIR_GET and EPH_GET), twice on one socket.
 */
TEST(live_dump)
{
	_Alignas(uint64_t) char buf[MLTNL_MSG_MAX];
	struct nlmsghdr *nlh;
	struct mltnl *h;
	int skip, n = 0;

	h = open_nlctrl(_metadata, &skip);
	if (skip)
		SKIP(return, "no generic netlink socket here");
	ASSERT_NE(NULL, h);
	nlh = mltnl_msg_start(h, buf, CTRL_CMD_GETFAMILY, NLM_F_DUMP);
	ASSERT_EQ(0, mltnl_send(h, nlh, count_cb, &n));
	EXPECT_TRUE(nlh->nlmsg_flags & NLM_F_DUMP);
	EXPECT_FALSE(nlh->nlmsg_flags & NLM_F_ACK);
	EXPECT_EQ(1, n);
	nlh = mltnl_msg_start(h, buf, CTRL_CMD_GETFAMILY, NLM_F_DUMP);
	ASSERT_EQ(0, mltnl_send(h, nlh, count_cb, &n));
	EXPECT_EQ(2, n);
	/* And a plain request after the dumps. */
	nlh = mltnl_msg_start(h, buf, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	ASSERT_EQ(0, mltnl_send(h, nlh, count_cb, &n));
	EXPECT_EQ(3, n);
	mltnl_close(h);
}

/* A callback that fails mid-dump: the call fails, the socket still works. */
static int fail_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	mltnl_reply_error(mltnl_error(data), "no thanks");
	return MNL_CB_ERROR;
}

TEST(live_callback_error_then_request)
{
	_Alignas(uint64_t) char buf[MLTNL_MSG_MAX];
	struct nlmsghdr *nlh;
	struct mltnl *h;
	int skip, n = 0;

	h = open_nlctrl(_metadata, &skip);
	if (skip)
		SKIP(return, "no generic netlink socket here");
	ASSERT_NE(NULL, h);
	nlh = mltnl_msg_start(h, buf, CTRL_CMD_GETFAMILY, NLM_F_DUMP);
	EXPECT_EQ(-EPROTO, mltnl_send(h, nlh, fail_cb, h));
	EXPECT_EQ(MLTNL_STAGE_REPLY, mltnl_error(h)->stage);
	EXPECT_STREQ("no thanks", mltnl_error(h)->msg);
	nlh = mltnl_msg_start(h, buf, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	ASSERT_EQ(0, mltnl_send(h, nlh, count_cb, &n));
	EXPECT_EQ(1, n);
	mltnl_close(h);
}

/* An absent family: exactly what mltctl sees without minimalt.ko. */
TEST(live_absent_family)
{
	struct mltnl_error e = { 0 };
	struct mltnl *h = mltnl_open_family("mlt-absent", 0, &e);

	EXPECT_EQ(NULL, h);
	if (e.stage == MLTNL_STAGE_SOCKET)
		SKIP(return, "no generic netlink socket here");
	EXPECT_EQ(MLTNL_STAGE_FAMILY, e.stage);
	EXPECT_EQ(ENOENT, e.errnum);
	EXPECT_EQ(ENOENT, errno);
}

/* A group the family does not have: ENOENT, not "module not loaded". */
TEST(live_absent_group)
{
	struct mltnl_error e = { 0 };
	struct mltnl *h = mltnl_open_family("nlctrl", MLTNL_GROUP_DIR, &e);

	EXPECT_EQ(NULL, h);
	if (e.stage == MLTNL_STAGE_SOCKET)
		SKIP(return, "no generic netlink socket here");
	EXPECT_EQ(MLTNL_STAGE_KERNEL, e.stage);
	EXPECT_EQ(ENOENT, e.errnum);
	EXPECT_NE(NULL, strstr(e.msg, "\"dir\""));
}

/* A request the kernel's policy rejects: an error with an extack message. */
TEST(live_kernel_error_with_extack)
{
	_Alignas(uint64_t) char buf[MLTNL_MSG_MAX];
	struct nlmsghdr *nlh;
	struct mltnl *h;
	int skip;

	h = open_nlctrl(_metadata, &skip);
	if (skip)
		SKIP(return, "no generic netlink socket here");
	ASSERT_NE(NULL, h);
	nlh = mltnl_msg_start(h, buf, CTRL_CMD_GETFAMILY, 0);
	/* Longer than GENL_NAMSIZ: fails nlctrl's policy validation. */
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "a-family-name-too-long");
	ASSERT_EQ(-EINVAL, mltnl_send(h, nlh, NULL, NULL));
	EXPECT_EQ(MLTNL_STAGE_KERNEL, mltnl_error(h)->stage);
	EXPECT_EQ(EINVAL, mltnl_error(h)->errnum);
	TH_LOG("extack: \"%s\"", mltnl_error(h)->msg);
	EXPECT_STRNE("", mltnl_error(h)->msg);
	mltnl_close(h);
}

TEST_HARNESS_MAIN
