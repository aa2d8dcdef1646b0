// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the netlink parsing that the kernel cannot exercise on a
 * build host: GET_STATUS replies (as the kernel builds them, with
 * MLT_STAT_PAD before u64 counters), both output forms of `mltctl show`,
 * NLMSG_ERROR with extended ACK messages, and the failure -> message ->
 * exit code mapping; and, against a fake kernel (libmnl's calls answered
 * here), the directory calls and commands without CAP_NET_ADMIN.
 */
#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
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

#include "internal.h"
#include "mltnl.h"
#include "../key.h"
#include "../mltctl.h"
#include "../config.h"
#include "../dir.h"
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
		     "  replay cache entries: 131\n"
		     "  ephemeral keys retired early: 132\n"
		     "  key-moved notices sent: 133\n"
		     "  tunnels moved to a new key: 134\n"
		     "  names with a virtual address: 135\n"
		     "  virtual addresses reclaimed: 136\n"
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
			       "\"quota_refused\":130,"
			       "\"replay_cache\":131,"
			       "\"eph_retired\":132,"
			       "\"key_moved_sent\":133,"
			       "\"tunnels_moved\":134,\"vaddrs\":135,"
			       "\"vaddrs_reclaimed\":136},"
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

/* @s from the first @from in it on is @want: nothing follows. */
static void expect_tail(struct __test_metadata *_metadata, const char *s,
			const char *from, const char *want)
{
	const char *at = strstr(s, from);

	ASSERT_NE(NULL, at) {
		TH_LOG("no %s in %s", from, s);
	}
	EXPECT_STREQ(want, at);
}

/*
 * The replay cache (MLT_A_REPLAY_CACHE_LIMIT and its four counters): the
 * limit after the user resolve quota in both forms; the entries now, the
 * keys retired early, the notices sent and the tunnels moved after the
 * quota counters, in that order, -s only in the text form, always in JSON;
 * an older kernel's status has none of them.
 */
TEST(status_replay_cache)
{
	static const struct {
		unsigned int type;
		uint64_t v;
		const char *label, *key;
	} counters[] = {
		{ MLT_STAT_QUOTA_REFUSED, 1, "refused by a user quota",
		  "quota_refused" },
		{ MLT_STAT_REPLAY_CACHE, 65536, "replay cache entries",
		  "replay_cache" },
		{ MLT_STAT_EPH_RETIRED, 3, "ephemeral keys retired early",
		  "eph_retired" },
		{ MLT_STAT_KEY_MOVED_SENT, 4294967296ULL,
		  "key-moved notices sent", "key_moved_sent" },
		{ MLT_STAT_TUNNELS_MOVED, 0, "tunnels moved to a new key",
		  "tunnels_moved" },
	};
	struct nlmsghdr *nlh = full_reply(0);
	struct mltnl_status st = { 0 };
	struct mltnl_error e = { 0 };
	char *text, *detail, *json, want[96];
	const char *at, *last = NULL;
	struct nlattr *nest;
	size_t i;

	mnl_attr_put_u32(nlh, MLT_A_REPLAY_CACHE_LIMIT,
			 MLT_REPLAY_CACHE_LIMIT_MAX);
	mnl_attr_put_u32(nlh, MLT_A_USER_RESOLVE_QUOTA,
			 MLT_USER_RESOLVE_QUOTA_DEFAULT);
	nest = mnl_attr_nest_start(nlh, MLT_A_STATS);
	for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		put_u64_64bit(nlh, counters[i].type, counters[i].v,
			      MLT_STAT_PAD);
	mnl_attr_nest_end(nlh, nest);
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, &e)) {
		TH_LOG("%s", e.msg);
	}
	EXPECT_EQ(MLTNL_CFG_USER_RESOLVE_QUOTA | MLTNL_CFG_REPLAY_CACHE_LIMIT,
		  st.config.mask);
	EXPECT_EQ(4194304, st.config.replay_cache_limit);

	text = print_human(&st);
	detail = print_human_detail(&st, 1);
	json = dump_compact(&st);
	ASSERT_NE(NULL, json);
	EXPECT_NE(NULL, strstr(text, "user resolve quota: 32\n"
			       "replay cache limit: 4194304\nstats:\n")) {
		TH_LOG("%s", text);
	}
	EXPECT_NE(NULL, strstr(json, "\"user_resolve_quota\":32,"
			       "\"replay_cache_limit\":4194304,\"stats\":{"));
	for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++) {
		snprintf(want, sizeof(want), "\n  %s: %" PRIu64 "\n",
			 counters[i].label, counters[i].v);
		EXPECT_EQ(NULL, strstr(text, want));
		at = strstr(detail, want);
		EXPECT_LT(last, at) {
			TH_LOG("%s out of order: %s", want, detail);
		}
		last = at;
		snprintf(want, sizeof(want), "\"%s\":%" PRIu64 "%s",
			 counters[i].key, counters[i].v,
			 i + 1 < sizeof(counters) / sizeof(counters[0]) ?
			 "," : "}}");
		EXPECT_NE(NULL, strstr(json, want)) {
			TH_LOG("%s", json);
		}
	}
	EXPECT_EQ(NULL, strstr(detail, "counter "));	/* all known */
	EXPECT_EQ(NULL, strstr(json, "stat_"));
	free(text);
	free(detail);
	free(json);

	/* The low end of the range. */
	st.config.replay_cache_limit = MLT_REPLAY_CACHE_LIMIT_MIN;
	text = print_human(&st);
	EXPECT_NE(NULL, strstr(text, "\nreplay cache limit: 16\nstats:\n"));
	free(text);

	/* An older kernel: no line, no key, no counters but the quota's. */
	st.config.mask &= ~MLTNL_CFG_REPLAY_CACHE_LIMIT;
	for (i = 1; i < sizeof(counters) / sizeof(counters[0]); i++)
		st.stats.present &= ~(1ULL << counters[i].type);
	detail = print_human_detail(&st, 1);
	json = dump_compact(&st);
	ASSERT_NE(NULL, json);
	EXPECT_NE(NULL, strstr(detail, "user resolve quota: 32\nstats:\n"
			       "  sockets: 3\n"));
	expect_tail(_metadata, detail, "  refused by a user quota: ",
		    "  refused by a user quota: 1\n");
	EXPECT_NE(NULL, strstr(json, "\"user_resolve_quota\":32,\"stats\":{"));
	expect_tail(_metadata, json, "\"quota_refused\"", "\"quota_refused\":1}}");
	free(detail);
	free(json);
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
	mltnl_config_set(c, MLTNL_CFG_REPLAY_CACHE_LIMIT,
			 MLT_REPLAY_CACHE_LIMIT_DEFAULT);
}

/*
 * `mltctl config` prints every setting in the form that sets it, puzzle
 * by name, then the client tunnel limit, the quotas and the replay cache
 * limit; -j the same as one object, "puzzle_mode" by name.
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
		     "user-resolve-quota 32\n"
		     "replay-cache-limit 65536\n", s);
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
		     "\"user_tunnel_quota\":1024,\"user_resolve_quota\":32,"
		     "\"replay_cache_limit\":65536}", s);
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
			       "\"user_resolve_quota\":256,")) {
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

	/*
	 * An older kernel (nor has it the replay cache limit): no lines,
	 * null in JSON; puzzle stays last.
	 */
	c.mask &= ~(MLTNL_CFG_CLIENT_TUNNEL_LIMIT |
		    MLTNL_CFG_USER_TUNNEL_QUOTA |
		    MLTNL_CFG_USER_RESOLVE_QUOTA |
		    MLTNL_CFG_REPLAY_CACHE_LIMIT);
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
			       "\"user_resolve_quota\":null,"
			       "\"replay_cache_limit\":null}")) {
		TH_LOG("%s", s);
	}
	free(s);
}

/*
 * The replay cache limit last, after the quotas, in the form that sets it,
 * at the ends of its range; an older kernel's: no line, null in JSON.
 */
TEST(config_print_replay_cache_limit)
{
	static const uint32_t v[] = {
		MLT_REPLAY_CACHE_LIMIT_MIN, MLT_REPLAY_CACHE_LIMIT_MAX,
	};
	struct mltnl_config c;
	char *s, want[128];
	size_t i;

	config_defaults(&c);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		mltnl_config_set(&c, MLTNL_CFG_REPLAY_CACHE_LIMIT, v[i]);
		s = config_to_string(&c, false);
		snprintf(want, sizeof(want),
			 "\nuser-resolve-quota 32\nreplay-cache-limit %u\n",
			 v[i]);
		expect_tail(_metadata, s, "\nuser-resolve-quota ", want);
		free(s);
		s = config_compact(&c);
		ASSERT_NE(NULL, s);
		snprintf(want, sizeof(want),
			 "\"user_resolve_quota\":32,\"replay_cache_limit\":%u}",
			 v[i]);
		expect_tail(_metadata, s, "\"user_resolve_quota\":", want);
		free(s);
	}

	c.mask &= ~MLTNL_CFG_REPLAY_CACHE_LIMIT;
	s = config_to_string(&c, false);
	expect_tail(_metadata, s, "\nuser-resolve-quota ",
		    "\nuser-resolve-quota 32\n");
	free(s);
	s = config_compact(&c);
	ASSERT_NE(NULL, s);
	expect_tail(_metadata, s, "\"user_resolve_quota\":",
		    "\"user_resolve_quota\":32,\"replay_cache_limit\":null}");
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

/* stdout and stderr sent to temporary files, and where they were. */
struct capture {
	FILE *tmp[2];
	int saved[2];
};

static void capture_start(struct capture *c)
{
	int i;

	fflush(stdout);
	fflush(stderr);
	for (i = 0; i < 2; i++) {
		c->tmp[i] = tmpfile();
		c->saved[i] = dup(STDOUT_FILENO + i);
		if (!c->tmp[i] || c->saved[i] < 0)
			abort();
		dup2(fileno(c->tmp[i]), STDOUT_FILENO + i);
	}
}

/* Back to the real stdout and stderr; what went to them in out and err. */
static void capture_end(struct capture *c, char *out, size_t outlen,
			char *err, size_t errlen)
{
	char *buf[2] = { out, err };
	size_t len[2] = { outlen, errlen }, n;
	int i;

	fflush(stdout);
	fflush(stderr);
	for (i = 0; i < 2; i++) {
		dup2(c->saved[i], STDOUT_FILENO + i);
		close(c->saved[i]);
		rewind(c->tmp[i]);
		n = fread(buf[i], 1, len[i] - 1, c->tmp[i]);
		buf[i][n] = '\0';
		fclose(c->tmp[i]);
	}
}

/* Run nl_report with stderr captured: returns the exit code. */
static int report(enum mltnl_stage stage, int errnum, const char *msg,
		  const char *what, char *out, size_t outlen)
{
	struct mltnl_error e = { .stage = stage, .errnum = errnum };
	struct capture c;
	char none[64];
	int code;

	snprintf(e.msg, sizeof(e.msg), "%s", msg);
	capture_start(&c);
	code = nl_report(&e, what);
	capture_end(&c, none, sizeof(none), out, outlen);
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

/*
 * A fake kernel. While fake.on, the library's libmnl calls below are
 * answered here: the family lookup (a "minimalt" with both groups),
 * joining a group (fake.join_errno), MLT_CMD_DIR_GET by name (the next of
 * fake.get, the last one again once they run out), its dump
 * (fake.dump_errno, with the kernel's extack) and MLT_CMD_RESOLVE
 * (fake.left_ms). The sockets are real, so these tests skip where the
 * live ones do; with fake.on off, everything goes to libmnl.
 */
#define FAKE_STEPS	8
#define FAKE_QUEUE	4

static struct {
	bool on;
	int join_errno;
	int dump_errno;
	uint32_t left_ms;
	struct {
		int error;			/* -ENOENT, or 0: entry */
		struct mltnl_dir_entry entry;
	} get[FAKE_STEPS];
	unsigned int n_get;
	unsigned int gets, dumps, resolves;	/* requests seen */
	char name[MLT_NAME_MAX];		/* of the last one */
	/* Replies not read yet, one message a datagram. */
	char queue[FAKE_QUEUE][MLTNL_MSG_MAX] __attribute__((aligned(8)));
	unsigned int head, queued;
} fake;

/* The next reply datagram: a message of @type answering @req. */
static struct nlmsghdr *fake_reply(const struct nlmsghdr *req, uint16_t type,
				   uint32_t portid)
{
	char *buf = fake.queue[(fake.head + fake.queued++) % FAKE_QUEUE];
	struct nlmsghdr *nlh;

	memset(buf, 0, MLTNL_MSG_MAX);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_pid = portid;
	return nlh;
}

static struct nlmsghdr *fake_genl(const struct nlmsghdr *req, uint8_t cmd,
				  uint32_t portid)
{
	struct nlmsghdr *nlh = fake_reply(req, req->nlmsg_type, portid);
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

	g->cmd = cmd;
	g->version = MLT_GENL_VERSION;
	return nlh;
}

/* The ack of @req, or its error with the kernel's message @extack. */
static void fake_ack(const struct nlmsghdr *req, int error,
		     const char *extack, uint32_t portid)
{
	struct nlmsghdr *nlh = fake_reply(req, NLMSG_ERROR, portid);
	struct nlmsgerr *err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));

	nlh->nlmsg_flags = NLM_F_CAPPED;
	err->error = error;
	err->msg = *req;
	if (extack) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, extack);
	}
}

static void fake_group(struct nlmsghdr *nlh, uint16_t i, const char *name)
{
	struct nlattr *grp = mnl_attr_nest_start(nlh, i);

	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, name);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 40 + i);
	mnl_attr_nest_end(nlh, grp);
}

static void fake_family(const struct nlmsghdr *req, uint32_t portid)
{
	struct nlmsghdr *nlh = fake_genl(req, CTRL_CMD_NEWFAMILY, portid);
	struct nlattr *groups;

	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, FAMILY_ID);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, MLT_GENL_NAME);
	groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	fake_group(nlh, 1, MLT_MCGRP_RESOLVE);
	fake_group(nlh, 2, MLT_MCGRP_DIR);
	mnl_attr_nest_end(nlh, groups);
	fake_ack(req, 0, NULL, portid);
}

/* A dump's end: NLMSG_DONE with @error, and the kernel's extack for EPERM. */
static void fake_done(const struct nlmsghdr *req, int error, uint32_t portid)
{
	struct nlmsghdr *nlh = fake_reply(req, NLMSG_DONE, portid);
	int *done = mnl_nlmsg_put_extra_header(nlh, sizeof(*done));

	nlh->nlmsg_flags = NLM_F_MULTI;
	*done = error;
	if (error == -EPERM) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG,
				  "listing the directory needs CAP_NET_ADMIN; look up one name instead");
	}
}

static void fake_dir_get(const struct nlmsghdr *req, uint32_t portid)
{
	unsigned int i = fake.gets < fake.n_get ? fake.gets : fake.n_get - 1;

	if (!fake.n_get)
		abort();			/* a test without steps */
	fake.gets++;
	if (fake.get[i].error) {
		fake_ack(req, fake.get[i].error, NULL, portid);
		return;
	}
	mltnl_put_dir_entry(fake_genl(req, MLT_CMD_DIR_GET, portid),
			    &fake.get[i].entry, 0);
	fake_ack(req, 0, NULL, portid);
}

static void fake_resolve(const struct nlmsghdr *req, uint32_t portid)
{
	struct nlmsghdr *nlh = fake_genl(req, MLT_CMD_RESOLVE, portid);

	fake.resolves++;
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, fake.name);
	mnl_attr_put_u32(nlh, MLT_A_RESOLVE_TIMEOUT, fake.left_ms);
	fake_ack(req, 0, NULL, portid);
}

static void fake_answer(const struct nlmsghdr *req, uint32_t portid)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(req);
	const struct nlattr *a;

	mnl_attr_for_each(a, req, sizeof(*g))
		if (mnl_attr_get_type(a) == MLT_A_DIR_NAME)
			snprintf(fake.name, sizeof(fake.name), "%s",
				 mnl_attr_get_str(a));
	if (req->nlmsg_type == GENL_ID_CTRL) {
		fake_family(req, portid);
	} else if (g->cmd == MLT_CMD_DIR_GET &&
		   (req->nlmsg_flags & NLM_F_DUMP)) {
		fake.dumps++;
		fake_done(req, -fake.dump_errno, portid);
	} else if (g->cmd == MLT_CMD_DIR_GET) {
		fake_dir_get(req, portid);
	} else if (g->cmd == MLT_CMD_RESOLVE) {
		fake_resolve(req, portid);
	} else {
		fake_ack(req, -EOPNOTSUPP, NULL, portid);
	}
}

ssize_t mnl_socket_sendto(const struct mnl_socket *nl, const void *buf,
			  size_t len)
{
	ssize_t (*real)(const struct mnl_socket *, const void *, size_t);

	if (fake.on) {
		fake_answer(buf, mnl_socket_get_portid(nl));
		return (ssize_t)len;
	}
	real = dlsym(RTLD_NEXT, "mnl_socket_sendto");
	return real(nl, buf, len);
}

ssize_t mnl_socket_recvfrom(const struct mnl_socket *nl, void *buf,
			    size_t bufsiz)
{
	ssize_t (*real)(const struct mnl_socket *, void *, size_t);
	const struct nlmsghdr *nlh;

	if (fake.on) {
		if (!fake.queued)
			abort();		/* the library waits forever */
		nlh = (const void *)fake.queue[fake.head];
		if (nlh->nlmsg_len > bufsiz)
			abort();
		memcpy(buf, nlh, nlh->nlmsg_len);
		fake.head = (fake.head + 1) % FAKE_QUEUE;
		fake.queued--;
		return nlh->nlmsg_len;
	}
	real = dlsym(RTLD_NEXT, "mnl_socket_recvfrom");
	return real(nl, buf, bufsiz);
}

int mnl_socket_setsockopt(const struct mnl_socket *nl, int type, void *buf,
			  socklen_t len)
{
	int (*real)(const struct mnl_socket *, int, void *, socklen_t);

	if (fake.on && type == NETLINK_ADD_MEMBERSHIP) {
		errno = fake.join_errno;
		return fake.join_errno ? -1 : 0;
	}
	real = dlsym(RTLD_NEXT, "mnl_socket_setsockopt");
	return real(nl, type, buf, len);
}

/* x.bit as a resolver installs it, @lifetime seconds left. */
static struct mltnl_dir_entry fake_entry(uint32_t lifetime)
{
	struct mltnl_dir_entry e = {
		.n_addrs = 1,
		.addrs[0] = { .len = 4, .bytes = { 192, 0, 2, 7 } },
		.port = 4433,
		.n_eph = 1,
		.lifetime = lifetime,
	};

	strcpy(e.name, "x.bit");
	alice_pub(e.identity);
	memset(e.eph[0], 0xa0, KEY_LEN);
	return e;
}

/* DIR_GET by name answers: no entry (@error -ENOENT) or @entry. */
static void fake_step(int error, const struct mltnl_dir_entry *entry)
{
	fake.get[fake.n_get].error = error;
	if (entry)
		fake.get[fake.n_get].entry = *entry;
	fake.n_get++;
}

/* The fake kernel on, and a handle to it without groups. */
static struct mltnl *fake_open(struct __test_metadata *_metadata, int *skip)
{
	struct mltnl_error e = { 0 };
	struct mltnl *h;

	fake.on = true;
	h = mltnl_open(0, &e);
	*skip = !h && e.stage == MLTNL_STAGE_SOCKET;
	if (!h && !*skip)
		TH_LOG("opening the fake: stage %d errno %d", e.stage, e.errnum);
	return h;
}

/* In a test: @h, a handle to the fake kernel, or the test skipped. */
#define FAKE_OPEN(h) do { \
	int skip_; \
	(h) = fake_open(_metadata, &skip_); \
	if (skip_) \
		SKIP(return, "no generic netlink socket here"); \
	ASSERT_NE(NULL, (h)); \
} while (0)

/* No entry, then none again, then the resolver's: three lookups. */
TEST(dir_poll_until_the_entry)
{
	struct mltnl_dir_entry want = fake_entry(3600), e;
	struct mltnl *h;
	long long t0;

	FAKE_OPEN(h);
	fake_step(-ENOENT, NULL);
	fake_step(-ENOENT, NULL);
	fake_step(0, &want);
	t0 = mltnl_now_ms();
	EXPECT_EQ(1, mltnl_dir_poll(h, "x.bit", 5000, NULL, &e));
	EXPECT_LE(2 * MLTNL_DIR_POLL_MS, mltnl_now_ms() - t0);
	EXPECT_GT(2000, mltnl_now_ms() - t0);
	EXPECT_EQ(3, fake.gets);
	EXPECT_STREQ("x.bit", fake.name);
	EXPECT_STREQ("x.bit", e.name);
	EXPECT_EQ(0, e.error);
	EXPECT_EQ(4433, e.port);
	EXPECT_EQ(3600, e.lifetime);
	EXPECT_EQ(MLTNL_STAGE_NONE, mltnl_error(h)->stage);
	mltnl_close(h);
}

/* A negative entry is an answer too. */
TEST(dir_poll_negative_entry)
{
	struct mltnl_dir_entry neg = { .error = MLT_DIR_ERR_NO_NAME,
				       .lifetime = 60 }, e;
	struct mltnl *h;

	FAKE_OPEN(h);
	strcpy(neg.name, "x.bit");
	fake_step(-ENOENT, NULL);
	fake_step(0, &neg);
	EXPECT_EQ(1, mltnl_dir_poll(h, "x.bit", 5000, NULL, &e));
	EXPECT_EQ(2, fake.gets);
	EXPECT_EQ(MLT_DIR_ERR_NO_NAME, e.error);
	EXPECT_EQ(60, e.lifetime);
	mltnl_close(h);
}

/*
 * No answer: 0 once the time is up, not before, with a lookup every
 * MLTNL_DIR_POLL_MS and a last one at the end; no error left behind.
 */
TEST(dir_poll_times_out)
{
	struct mltnl_dir_entry e;
	struct mltnl *h;
	long long t0;

	FAKE_OPEN(h);
	fake_step(-ENOENT, NULL);
	t0 = mltnl_now_ms();
	EXPECT_EQ(0, mltnl_dir_poll(h, "x.bit", 250, NULL, &e));
	EXPECT_LE(250, mltnl_now_ms() - t0);
	EXPECT_GT(2000, mltnl_now_ms() - t0);
	EXPECT_LE(3, fake.gets);
	EXPECT_GE(4, fake.gets);
	EXPECT_EQ(MLTNL_STAGE_NONE, mltnl_error(h)->stage);
	EXPECT_EQ(0, mltnl_error(h)->errnum);
	mltnl_close(h);
}

/*
 * The entry there before the request is not the answer while only its
 * seconds left run down; a change in it is, so are more seconds left (the
 * same entry installed again), and so is any entry after it went away.
 */
TEST(dir_poll_skips_the_entry_before)
{
	struct mltnl_dir_entry before = fake_entry(100), same = fake_entry(99);
	struct mltnl_dir_entry moved = fake_entry(50), again = fake_entry(101);
	struct mltnl_dir_entry e;
	struct mltnl *h;

	FAKE_OPEN(h);
	moved.port = 4434;
	fake_step(0, &same);
	fake_step(0, &same);
	fake_step(0, &moved);
	fake_step(0, &same);
	fake_step(0, &again);
	fake_step(-ENOENT, NULL);
	fake_step(0, &same);
	EXPECT_EQ(1, mltnl_dir_poll(h, "x.bit", 5000, &before, &e));
	EXPECT_EQ(3, fake.gets);
	EXPECT_EQ(4434, e.port);
	EXPECT_EQ(1, mltnl_dir_poll(h, "x.bit", 5000, &before, &e));
	EXPECT_EQ(5, fake.gets);
	EXPECT_EQ(101, e.lifetime);
	EXPECT_EQ(1, mltnl_dir_poll(h, "x.bit", 5000, &before, &e));
	EXPECT_EQ(7, fake.gets);
	EXPECT_EQ(99, e.lifetime);
	mltnl_close(h);
}

/* Another error of the kernel ends the wait at once; a bad name too. */
TEST(dir_poll_errors)
{
	struct mltnl_dir_entry e;
	struct mltnl *h;

	FAKE_OPEN(h);
	fake_step(-EINVAL, NULL);
	EXPECT_EQ(-EINVAL, mltnl_dir_poll(h, "x.bit", 5000, NULL, &e));
	EXPECT_EQ(1, fake.gets);
	EXPECT_EQ(MLTNL_STAGE_KERNEL, mltnl_error(h)->stage);
	EXPECT_EQ(-EINVAL, mltnl_dir_poll(h, "", 5000, NULL, &e));
	EXPECT_EQ(1, fake.gets);
	EXPECT_EQ(MLTNL_STAGE_ARG, mltnl_error(h)->stage);
	mltnl_close(h);
}

/* What `mltctl dir ARGS...` printed, and its exit code. */
struct run {
	int code;
	char out[4096];
	char err[1024];
};

/* `mltctl dir ARGS...` (NULL-terminated) in this process, on the fake. */
static void run_dir(struct run *r, ...)
{
	char *argv[8] = { "dir" };
	struct capture c;
	int argc = 1;
	va_list ap;

	va_start(ap, r);
	while (argc < 7 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	fake.on = true;
	fake.gets = fake.dumps = fake.resolves = 0;
	capture_start(&c);
	r->code = cmd_dir(argc, argv);
	capture_end(&c, r->out, sizeof(r->out), r->err, sizeof(r->err));
}

/*
 * dir resolve without CAP_NET_ADMIN: joining the "dir" group fails with
 * EPERM, so it asks for the name until the answer is there, and prints
 * it as dir show does, as the group path would.
 */
TEST(dir_resolve_without_cap_net_admin)
{
	struct mltnl_dir_entry entry = fake_entry(3600);
	struct run r, show;
	struct mltnl *h;

	FAKE_OPEN(h);		/* or skip: no netlink here */
	mltnl_close(h);
	fake.join_errno = EPERM;
	fake.left_ms = 10000;
	fake_step(0, &entry);
	run_dir(&show, "show", "x.bit", NULL);
	ASSERT_EQ(MLTCTL_EXIT_OK, show.code) {
		TH_LOG("%s", show.err);
	}
	fake.n_get = 0;
	fake_step(-ENOENT, NULL);	/* before the request */
	fake_step(-ENOENT, NULL);
	fake_step(0, &entry);
	run_dir(&r, "resolve", "x.bit", NULL);
	EXPECT_EQ(MLTCTL_EXIT_OK, r.code);
	EXPECT_STREQ("", r.err);
	EXPECT_STREQ(show.out, r.out);
	EXPECT_NE(NULL, strstr(r.out, "name: x.bit\n  addresses: 192.0.2.7\n"));
	EXPECT_EQ(1, fake.resolves);
	EXPECT_EQ(3, fake.gets);
	EXPECT_STREQ("x.bit", fake.name);

	/* The entry there before is not the answer; the new one is. */
	fake.n_get = 0;
	fake_step(0, &entry);		/* before the request */
	entry.lifetime = 3599;
	fake_step(0, &entry);
	entry.port = 4434;
	fake_step(0, &entry);
	run_dir(&r, "resolve", "x.bit", "-j", NULL);
	EXPECT_EQ(MLTCTL_EXIT_OK, r.code);
	EXPECT_STREQ("", r.err);
	EXPECT_NE(NULL, strstr(r.out, "\"port\": 4434")) {
		TH_LOG("%s", r.out);
	}
	EXPECT_EQ(3, fake.gets);
}

/* A negative answer, and none in time: the group path's lines and codes. */
TEST(dir_resolve_without_cap_net_admin_fails)
{
	struct mltnl_dir_entry neg = { .error = MLT_DIR_ERR_NO_NAME,
				       .lifetime = 60 };
	struct run r;
	long long t0;
	struct mltnl *h;

	FAKE_OPEN(h);		/* or skip: no netlink here */
	mltnl_close(h);
	strcpy(neg.name, "x.bit");
	fake.join_errno = EPERM;
	fake.left_ms = 100;
	fake_step(-ENOENT, NULL);
	fake_step(0, &neg);
	run_dir(&r, "resolve", "x.bit", NULL);
	EXPECT_EQ(MLTCTL_EXIT_KERNEL, r.code);
	EXPECT_STREQ("name: x.bit\n  negative: no such name\n"
		     "  expires in 60s\n", r.out);
	EXPECT_STREQ("mltctl: dir resolve: \"x.bit\": no such name\n", r.err);

	fake.n_get = 0;
	fake_step(-ENOENT, NULL);
	t0 = mltnl_now_ms();
	run_dir(&r, "resolve", "x.bit", NULL);
	EXPECT_LE(100 + 500, mltnl_now_ms() - t0);
	EXPECT_EQ(MLTCTL_EXIT_KERNEL, r.code);
	EXPECT_STREQ("", r.out);
	EXPECT_STREQ("mltctl: dir resolve: \"x.bit\": the resolver did not answer within 100 ms\n",
		     r.err);
	EXPECT_LE(1 + 6, fake.gets);

	/* Any other failure to join is reported, with no request sent. */
	fake.join_errno = ENOBUFS;
	run_dir(&r, "resolve", "x.bit", NULL);
	EXPECT_EQ(MLTCTL_EXIT_KERNEL, r.code);
	EXPECT_STREQ("mltctl: dir resolve: joining the \"dir\" group: No buffer space available\n",
		     r.err);
	EXPECT_EQ(0, fake.resolves);
	EXPECT_EQ(0, fake.gets);
}

/*
 * dir show without NAME needs CAP_NET_ADMIN: one line saying so and how to
 * look up one name instead (which works), exit 3 as for other EPERMs;
 * another failure of the dump is reported as before.
 */
TEST(dir_show_list_needs_cap_net_admin)
{
	struct mltnl_dir_entry entry = fake_entry(3600);
	struct run r;
	struct mltnl *h;

	FAKE_OPEN(h);		/* or skip: no netlink here */
	mltnl_close(h);
	fake_step(0, &entry);
	run_dir(&r, "show", "x.bit", NULL);
	EXPECT_EQ(MLTCTL_EXIT_OK, r.code);
	EXPECT_NE(NULL, strstr(r.out, "name: x.bit\n"));
	EXPECT_EQ(1, fake.gets);

	fake.dump_errno = EPERM;
	run_dir(&r, "show", NULL);
	EXPECT_EQ(MLTCTL_EXIT_PERM, r.code);
	EXPECT_STREQ("", r.out);
	EXPECT_STREQ("mltctl: dir show: listing the directory needs CAP_NET_ADMIN; look up one name with 'mltctl dir show NAME'\n",
		     r.err);
	EXPECT_EQ(1, fake.dumps);
	run_dir(&r, "show", "-j", NULL);
	EXPECT_EQ(MLTCTL_EXIT_PERM, r.code);
	EXPECT_STREQ("", r.out);
	EXPECT_NE(NULL, strstr(r.err, "look up one name with 'mltctl dir show NAME'\n"));

	fake.dump_errno = EINVAL;
	run_dir(&r, "show", NULL);
	EXPECT_EQ(MLTCTL_EXIT_KERNEL, r.code);
	EXPECT_TRUE(one_line(r.err));
	EXPECT_NE(NULL, strstr(r.err, "mltctl: dir show: kernel refused the request: Invalid argument"));
}

TEST_HARNESS_MAIN
