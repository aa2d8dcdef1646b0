// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for msg.c: the library's parsers fed crafted messages (good
 * ones, bad lengths, missing attributes, counters of unknown reasons) and
 * its request builders read back.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "kselftest_harness.h"

#include "mltnl.h"

#define FAMILY	0x1234

static _Alignas(uint64_t) char buf[MLTNL_MSG_MAX];

/* A reply of the family for @cmd, in buf. */
static struct nlmsghdr *start(uint8_t cmd)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = FAMILY;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = MLT_GENL_VERSION;
	return nlh;
}

static void put_counter(struct nlmsghdr *nlh, uint16_t type, uint64_t v)
{
	mnl_attr_put_u64(nlh, type, v);
}

/* --- status -------------------------------------------------------------- */

static struct nlmsghdr *full_status(void)
{
	struct nlmsghdr *nlh = start(MLT_CMD_GET_STATUS);
	uint8_t key[MLT_KEY_LEN];
	struct nlattr *nest;

	memset(key, 0xab, sizeof(key));
	mnl_attr_put_u32(nlh, MLT_A_FAMILY, 22);
	mnl_attr_put(nlh, MLT_A_PUBLIC_KEY, MLT_KEY_LEN, key);
	mnl_attr_put_u16(nlh, MLT_A_UDP_PORT, 4747);
	mnl_attr_put_u32(nlh, MLT_A_TUNNEL_TIMEOUT, 30000);
	mnl_attr_put_u32(nlh, MLT_A_RESOLVE_TIMEOUT, 10000);
	mnl_attr_put_u32(nlh, MLT_A_TUNNEL_LIMIT, 32768);
	mnl_attr_put_u32(nlh, MLT_A_CONN_LIMIT, 1024);
	mnl_attr_put_u32(nlh, MLT_A_CC, MLT_CC_NEWRENO);
	mnl_attr_put_u32(nlh, MLT_A_RMEM_MAX, 6291456);
	mnl_attr_put_u32(nlh, MLT_A_WMEM_MAX, 4194304);
	mnl_attr_put_u32(nlh, MLT_A_OPEN_RATE, 50);
	mnl_attr_put_u32(nlh, MLT_A_OPEN_BURST, 100);
	mnl_attr_put_u32(nlh, MLT_A_SOURCE_PREFIX4, 24);
	mnl_attr_put_u32(nlh, MLT_A_SOURCE_PREFIX6, 56);
	mnl_attr_put_u32(nlh, MLT_A_HALFOPEN_LIMIT, 128);
	mnl_attr_put_u32(nlh, MLT_A_UNPRIV_SERVICE_START, 65536);
	mnl_attr_put_u32(nlh, MLT_A_PUZZLE_MODE, MLT_PUZZLE_MODE_ALWAYS);
	mnl_attr_put_u32(nlh, MLT_A_CLIENT_TUNNEL_LIMIT, 8192);
	mnl_attr_put_u32(nlh, MLT_A_USER_TUNNEL_QUOTA, 1024);
	mnl_attr_put_u32(nlh, MLT_A_USER_RESOLVE_QUOTA, 32);
	mnl_attr_put_u32(nlh, MLT_A_REPLAY_CACHE_LIMIT, 65536);
	nest = mnl_attr_nest_start(nlh, MLT_A_STATS);
	mnl_attr_put(nlh, MLT_STAT_PAD, 0, NULL);
	put_counter(nlh, MLT_STAT_SOCKETS, 3);
	put_counter(nlh, MLT_STAT_TUNNELS, 7);
	put_counter(nlh, MLT_STAT_REORDER_BYTES, 4096);
	put_counter(nlh, MLT_STAT_HALFOPEN, 11);
	put_counter(nlh, MLT_STAT_HALFOPEN_EVICTED, 12);
	put_counter(nlh, MLT_STAT_PUZZLES_SENT, 13);
	put_counter(nlh, MLT_STAT_PUZZLES_CHECKED, 14);
	put_counter(nlh, MLT_STAT_PUZZLES_SOLVED, 15);
	put_counter(nlh, MLT_STAT_CLIENT_TUNNELS, 16);
	put_counter(nlh, MLT_STAT_QUOTA_REFUSED, 17);
	put_counter(nlh, MLT_STAT_REPLAY_CACHE, 18);
	put_counter(nlh, MLT_STAT_EPH_RETIRED, 19);
	put_counter(nlh, MLT_STAT_KEY_MOVED_SENT, 20);
	put_counter(nlh, MLT_STAT_TUNNELS_MOVED, 21);
	put_counter(nlh, 50, 9);		/* a newer kernel's counter */
	put_counter(nlh, 70, 1);		/* beyond the slots: ignored */
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, MLT_A_DROPS);
	put_counter(nlh, MLT_DROP_NONE, 99);	/* type 0: never counted */
	put_counter(nlh, MLT_DROP_SHORT, 1);
	put_counter(nlh, MLT_DROP_NOMEM, 2);
	put_counter(nlh, MLT_DROP_MAX + 5, 3);	/* an unknown reason */
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, MLT_A_TX_ERRORS);
	put_counter(nlh, MLT_TX_ERR_NO_ROUTE, 4);
	put_counter(nlh, MLT_TX_ERR_OTHER, 5);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u32(nlh, MLT_A_MAX + 1, 1);	/* a newer attribute */
	return nlh;
}

TEST(status_full)
{
	struct mltnl_error e = { 0 };
	struct mltnl_status st;

	memset(&st, 0x5a, sizeof(st));		/* the parser zeroes it */
	ASSERT_EQ(0, mltnl_parse_status(full_status(), &st, &e)) {
		TH_LOG("%s", e.msg);
	}
	EXPECT_TRUE(st.have_family);
	EXPECT_EQ(22, st.family);
	EXPECT_TRUE(st.have_public_key);
	EXPECT_EQ(0xab, st.public_key[31]);
	EXPECT_EQ(MLTNL_CFG_UDP_PORT | MLTNL_CFG_TUNNEL_TIMEOUT |
		  MLTNL_CFG_RESOLVE_TIMEOUT | MLTNL_CFG_TUNNEL_LIMIT |
		  MLTNL_CFG_CONN_LIMIT | MLTNL_CFG_CC | MLTNL_CFG_RMEM_MAX |
		  MLTNL_CFG_WMEM_MAX | MLTNL_CFG_OPEN_RATE |
		  MLTNL_CFG_OPEN_BURST | MLTNL_CFG_SOURCE_PREFIX4 |
		  MLTNL_CFG_SOURCE_PREFIX6 | MLTNL_CFG_HALFOPEN_LIMIT |
		  MLTNL_CFG_UNPRIV_SERVICE_START | MLTNL_CFG_PUZZLE_MODE |
		  MLTNL_CFG_CLIENT_TUNNEL_LIMIT | MLTNL_CFG_USER_TUNNEL_QUOTA |
		  MLTNL_CFG_USER_RESOLVE_QUOTA | MLTNL_CFG_REPLAY_CACHE_LIMIT,
		  st.config.mask);
	EXPECT_EQ(4747, st.config.udp_port);
	EXPECT_EQ(30000, st.config.tunnel_timeout_ms);
	EXPECT_EQ(10000, st.config.resolve_timeout_ms);
	EXPECT_EQ(32768, st.config.tunnel_limit);
	EXPECT_EQ(1024, st.config.conn_limit);
	EXPECT_EQ(MLT_CC_NEWRENO, st.config.cc);
	EXPECT_EQ(6291456, st.config.rmem_max);
	EXPECT_EQ(4194304, st.config.wmem_max);
	EXPECT_EQ(50, st.config.open_rate);
	EXPECT_EQ(100, st.config.open_burst);
	EXPECT_EQ(24, st.config.source_prefix4);
	EXPECT_EQ(56, st.config.source_prefix6);
	EXPECT_EQ(128, st.config.halfopen_limit);
	EXPECT_EQ(65536, st.config.unpriv_service_start);
	EXPECT_EQ(MLT_PUZZLE_MODE_ALWAYS, st.config.puzzle_mode);
	EXPECT_EQ(8192, st.config.client_tunnel_limit);
	EXPECT_EQ(1024, st.config.user_tunnel_quota);
	EXPECT_EQ(32, st.config.user_resolve_quota);
	EXPECT_EQ(65536, st.config.replay_cache_limit);
	EXPECT_FALSE(mltnl_counter_has(&st.stats, MLT_STAT_PAD));
	EXPECT_TRUE(mltnl_counter_has(&st.stats, MLT_STAT_SOCKETS));
	EXPECT_EQ(3, st.stats.v[MLT_STAT_SOCKETS]);
	EXPECT_EQ(7, st.stats.v[MLT_STAT_TUNNELS]);
	EXPECT_EQ(4096, st.stats.v[MLT_STAT_REORDER_BYTES]);
	EXPECT_EQ(11, st.stats.v[MLT_STAT_HALFOPEN]);
	EXPECT_EQ(12, st.stats.v[MLT_STAT_HALFOPEN_EVICTED]);
	EXPECT_EQ(13, st.stats.v[MLT_STAT_PUZZLES_SENT]);
	EXPECT_EQ(14, st.stats.v[MLT_STAT_PUZZLES_CHECKED]);
	EXPECT_EQ(15, st.stats.v[MLT_STAT_PUZZLES_SOLVED]);
	EXPECT_EQ(16, st.stats.v[MLT_STAT_CLIENT_TUNNELS]);
	EXPECT_EQ(17, st.stats.v[MLT_STAT_QUOTA_REFUSED]);
	EXPECT_EQ(18, st.stats.v[MLT_STAT_REPLAY_CACHE]);
	EXPECT_EQ(19, st.stats.v[MLT_STAT_EPH_RETIRED]);
	EXPECT_EQ(20, st.stats.v[MLT_STAT_KEY_MOVED_SENT]);
	EXPECT_EQ(21, st.stats.v[MLT_STAT_TUNNELS_MOVED]);
	EXPECT_FALSE(mltnl_counter_has(&st.stats, MLT_STAT_CONNS));
	EXPECT_TRUE(mltnl_counter_has(&st.stats, 50));
	EXPECT_FALSE(mltnl_counter_has(&st.stats, 70));
	EXPECT_FALSE(mltnl_counter_has(&st.drops, MLT_DROP_NONE));
	EXPECT_EQ(1, st.drops.v[MLT_DROP_SHORT]);
	EXPECT_EQ(2, st.drops.v[MLT_DROP_NOMEM]);
	/* An unknown reason is kept; the printer names it "reason-N". */
	EXPECT_TRUE(mltnl_counter_has(&st.drops, MLT_DROP_MAX + 5));
	EXPECT_EQ(NULL, mltnl_drop_reason_name(MLT_DROP_MAX + 5));
	EXPECT_EQ(4, st.tx_errors.v[MLT_TX_ERR_NO_ROUTE]);
	EXPECT_EQ(5, st.tx_errors.v[MLT_TX_ERR_OTHER]);
	EXPECT_FALSE(mltnl_counter_has(&st.tx_errors, MLT_TX_ERR_NOBUFS));
	EXPECT_TRUE(mltnl_counters_any(&st.tx_errors));
}

TEST(status_older_kernel)
{
	struct nlmsghdr *nlh = start(MLT_CMD_GET_STATUS);
	struct mltnl_error e = { 0 };
	struct mltnl_status st;

	mnl_attr_put_u16(nlh, MLT_A_UDP_PORT, 1);
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, &e));
	EXPECT_FALSE(st.have_family);
	EXPECT_FALSE(st.have_public_key);
	EXPECT_EQ(MLTNL_CFG_UDP_PORT, st.config.mask);
	EXPECT_FALSE(mltnl_counters_any(&st.drops));
	EXPECT_FALSE(mltnl_counters_any(&st.tx_errors));
}

/* One malformed attribute in a status: -EPROTO with @want. */
static void status_bad(struct __test_metadata *_metadata,
		       struct nlmsghdr *nlh, const char *want)
{
	struct mltnl_error e = { 0 };
	struct mltnl_status st;

	errno = 0;
	EXPECT_EQ(-EPROTO, mltnl_parse_status(nlh, &st, &e));
	EXPECT_EQ(EPROTO, errno);
	EXPECT_EQ(MLTNL_STAGE_REPLY, e.stage);
	EXPECT_EQ(EPROTO, e.errnum);
	EXPECT_STREQ(want, e.msg);
}

TEST(status_bad_lengths)
{
	uint8_t key[MLT_KEY_LEN] = { 1 };
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put(nlh, MLT_A_PUBLIC_KEY, 31, key);
	status_bad(_metadata, nlh, "public key is 31 bytes, expected 32");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u16(nlh, MLT_A_FAMILY, 22);
	status_bad(_metadata, nlh, "family attribute is 2 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u32(nlh, MLT_A_UDP_PORT, 22);
	status_bad(_metadata, nlh, "UDP port attribute is 4 bytes, expected 2");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u16(nlh, MLT_A_TUNNEL_LIMIT, 22);
	status_bad(_metadata, nlh,
		   "tunnel limit attribute is 2 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u64(nlh, MLT_A_CONN_LIMIT, 22);
	status_bad(_metadata, nlh,
		   "connection limit attribute is 8 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u8(nlh, MLT_A_CC, MLT_CC_NEWRENO);
	status_bad(_metadata, nlh,
		   "congestion control attribute is 1 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u16(nlh, MLT_A_RMEM_MAX, 1);
	status_bad(_metadata, nlh,
		   "receive buffer maximum attribute is 2 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u64(nlh, MLT_A_WMEM_MAX, 1);
	status_bad(_metadata, nlh,
		   "send buffer maximum attribute is 8 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u16(nlh, MLT_A_OPEN_RATE, 50);
	status_bad(_metadata, nlh,
		   "opening rate attribute is 2 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u64(nlh, MLT_A_OPEN_BURST, 100);
	status_bad(_metadata, nlh,
		   "opening burst attribute is 8 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u8(nlh, MLT_A_SOURCE_PREFIX4, 32);
	status_bad(_metadata, nlh,
		   "IPv4 source prefix attribute is 1 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u16(nlh, MLT_A_SOURCE_PREFIX6, 64);
	status_bad(_metadata, nlh,
		   "IPv6 source prefix attribute is 2 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u64(nlh, MLT_A_HALFOPEN_LIMIT, 128);
	status_bad(_metadata, nlh,
		   "half-open limit attribute is 8 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put(nlh, MLT_A_UNPRIV_SERVICE_START, 0, NULL);
	status_bad(_metadata, nlh,
		   "unprivileged service start attribute is 0 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u8(nlh, MLT_A_PUZZLE_MODE, MLT_PUZZLE_MODE_OFF);
	status_bad(_metadata, nlh,
		   "puzzle mode attribute is 1 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u64(nlh, MLT_A_PUZZLE_MODE, MLT_PUZZLE_MODE_OFF);
	status_bad(_metadata, nlh,
		   "puzzle mode attribute is 8 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u16(nlh, MLT_A_CLIENT_TUNNEL_LIMIT, 8192);
	status_bad(_metadata, nlh,
		   "client tunnel limit attribute is 2 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u64(nlh, MLT_A_CLIENT_TUNNEL_LIMIT, 8192);
	status_bad(_metadata, nlh,
		   "client tunnel limit attribute is 8 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u8(nlh, MLT_A_USER_TUNNEL_QUOTA, 1);
	status_bad(_metadata, nlh,
		   "user tunnel quota attribute is 1 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u64(nlh, MLT_A_USER_TUNNEL_QUOTA, 1024);
	status_bad(_metadata, nlh,
		   "user tunnel quota attribute is 8 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put(nlh, MLT_A_USER_RESOLVE_QUOTA, 0, NULL);
	status_bad(_metadata, nlh,
		   "user resolve quota attribute is 0 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u16(nlh, MLT_A_USER_RESOLVE_QUOTA, 32);
	status_bad(_metadata, nlh,
		   "user resolve quota attribute is 2 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u16(nlh, MLT_A_REPLAY_CACHE_LIMIT, 16);
	status_bad(_metadata, nlh,
		   "replay cache limit attribute is 2 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u64(nlh, MLT_A_REPLAY_CACHE_LIMIT, 65536);
	status_bad(_metadata, nlh,
		   "replay cache limit attribute is 8 bytes, expected 4");

	nlh = start(MLT_CMD_GET_STATUS);
	nest = mnl_attr_nest_start(nlh, MLT_A_STATS);
	mnl_attr_put_u32(nlh, MLT_STAT_SOCKETS, 1);
	mnl_attr_nest_end(nlh, nest);
	status_bad(_metadata, nlh, "counter 2 is 4 bytes, expected 8");

	nlh = start(MLT_CMD_GET_STATUS);
	nest = mnl_attr_nest_start(nlh, MLT_A_DROPS);
	mnl_attr_put_u16(nlh, MLT_DROP_TAG, 1);
	mnl_attr_nest_end(nlh, nest);
	status_bad(_metadata, nlh, "drop counter 14 is 2 bytes, expected 8");

	nlh = start(MLT_CMD_GET_STATUS);
	nest = mnl_attr_nest_start(nlh, MLT_A_TX_ERRORS);
	mnl_attr_put_u32(nlh, MLT_TX_ERR_NOBUFS, 1);
	mnl_attr_nest_end(nlh, nest);
	status_bad(_metadata, nlh, "tx error counter 3 is 4 bytes, expected 8");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u8(nlh, MLT_A_TX_ERRORS, 1);
	status_bad(_metadata, nlh, "tx errors attribute is not a nest");

	nlh = start(MLT_CMD_GET_STATUS);
	mnl_attr_put_u16(nlh, MLT_A_STATS, 1);
	status_bad(_metadata, nlh, "stats attribute is not a nest");
}

TEST(message_too_short)
{
	struct nlmsghdr *nlh = start(MLT_CMD_GET_STATUS);
	struct mltnl_dir_entry d;
	struct mltnl_status st;
	struct mltnl_eph k;
	struct mltnl_ntf n;

	nlh->nlmsg_len = sizeof(*nlh) + 2;	/* half a genl header */
	EXPECT_EQ(-EPROTO, mltnl_parse_status(nlh, &st, NULL));
	EXPECT_EQ(-EPROTO, mltnl_parse_dir_entry(nlh, &d, NULL));
	EXPECT_EQ(-EPROTO, mltnl_parse_eph(nlh, &k, NULL));
	EXPECT_EQ(-EPROTO, mltnl_parse_ntf(nlh, &n, NULL));
}

/* --- directory entries ----------------------------------------------------- */

static struct mltnl_dir_entry sample_entry(void)
{
	struct mltnl_dir_entry d;

	memset(&d, 0, sizeof(d));
	strcpy(d.name, "example.bit");
	d.n_addrs = 2;
	d.addrs[0].len = 4;
	memcpy(d.addrs[0].bytes, "\x0a\x00\x00\x01", 4);
	d.addrs[1].len = 16;
	d.addrs[1].bytes[15] = 1;
	d.port = 4433;
	memset(d.identity, 0x11, MLT_KEY_LEN);
	d.n_eph = 2;
	memset(d.eph[0], 0x22, MLT_KEY_LEN);
	memset(d.eph[1], 0x33, MLT_KEY_LEN);
	d.lifetime = 99;
	return d;
}

TEST(dir_entry_round_trip)
{
	struct mltnl_dir_entry d = sample_entry(), got;
	struct mltnl_error e = { 0 };
	struct nlmsghdr *nlh = start(MLT_CMD_DIR_GET);

	mltnl_put_dir_entry(nlh, &d, 0);
	ASSERT_EQ(0, mltnl_parse_dir_entry(nlh, &got, &e)) {
		TH_LOG("%s", e.msg);
	}
	EXPECT_EQ(0, memcmp(&d, &got, sizeof(d)));
}

TEST(dir_entry_negative)
{
	struct mltnl_dir_entry d, got;
	struct mltnl_error e = { 0 };
	struct nlmsghdr *nlh = start(MLT_CMD_DIR_GET);
	const struct nlattr *a;
	int replace = 0, addrs = 0;

	memset(&d, 0, sizeof(d));
	strcpy(d.name, "nope.bit");
	d.error = MLT_DIR_ERR_NO_NAME;
	d.lifetime = 60;
	d.n_addrs = 1;			/* not sent for a negative entry */
	mltnl_put_dir_entry(nlh, &d, MLTNL_DIR_REPLACE);
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		replace |= mnl_attr_get_type(a) == MLT_A_DIR_REPLACE;
		addrs |= mnl_attr_get_type(a) == MLT_A_DIR_ADDRS;
	}
	EXPECT_TRUE(replace);
	EXPECT_FALSE(addrs);
	ASSERT_EQ(0, mltnl_parse_dir_entry(nlh, &got, &e)) {
		TH_LOG("%s", e.msg);
	}
	EXPECT_STREQ("nope.bit", got.name);
	EXPECT_EQ(MLT_DIR_ERR_NO_NAME, got.error);
	EXPECT_EQ(60, got.lifetime);
	EXPECT_EQ(0, got.n_addrs);
}

TEST(dir_entry_default_lifetime_not_sent)
{
	struct mltnl_dir_entry d = sample_entry();
	struct nlmsghdr *nlh = start(MLT_CMD_DIR_ADD);
	const struct nlattr *a;

	d.lifetime = 0;
	mltnl_put_dir_entry(nlh, &d, 0);
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		EXPECT_NE(MLT_A_DIR_LIFETIME, mnl_attr_get_type(a));
		EXPECT_NE(MLT_A_DIR_REPLACE, mnl_attr_get_type(a));
	}
}

/* An entry with every attribute but @skip: the parser's message. */
static const char *dir_without(unsigned int skip)
{
	static struct mltnl_error e;
	struct mltnl_dir_entry d = sample_entry(), got;
	struct nlmsghdr *nlh = start(MLT_CMD_DIR_GET);
	struct nlmsghdr *out = start(MLT_CMD_DIR_GET);
	_Alignas(uint64_t) static char tmp[MLTNL_MSG_MAX];
	const struct nlattr *a;

	(void)out;
	memset(tmp, 0, sizeof(tmp));
	nlh = mnl_nlmsg_put_header(tmp);
	nlh->nlmsg_type = FAMILY;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mltnl_put_dir_entry(nlh, &d, 0);
	out = start(MLT_CMD_DIR_GET);
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != skip)
			mnl_attr_put(out, mnl_attr_get_type(a),
				     mnl_attr_get_payload_len(a),
				     mnl_attr_get_payload(a));
	}
	memset(&e, 0, sizeof(e));
	if (mltnl_parse_dir_entry(out, &got, &e) != -EPROTO)
		return "(parsed)";
	return e.msg;
}

TEST(dir_entry_missing_attributes)
{
	EXPECT_STREQ("directory entry without a name",
		     dir_without(MLT_A_DIR_NAME));
	EXPECT_STREQ("directory entry \"example.bit\" without addresses",
		     dir_without(MLT_A_DIR_ADDRS));
	EXPECT_STREQ("directory entry \"example.bit\" without port",
		     dir_without(MLT_A_DIR_PORT));
	EXPECT_STREQ("directory entry \"example.bit\" without identity key",
		     dir_without(MLT_A_DIR_IDENTITY));
	EXPECT_STREQ("directory entry \"example.bit\" without ephemeral keys",
		     dir_without(MLT_A_DIR_EPH_KEYS));
	EXPECT_STREQ("directory entry \"example.bit\" without lifetime",
		     dir_without(MLT_A_DIR_LIFETIME));
}

TEST(dir_entry_malformed)
{
	struct mltnl_error e = { 0 };
	struct mltnl_dir_entry d;
	uint8_t bytes[40] = { 0 };
	char long_name[MLT_NAME_MAX + 1];
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int i;

	nlh = start(MLT_CMD_DIR_GET);
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, "a.bit");
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_ADDRS);
	mnl_attr_put(nlh, MLT_ITEM_ADDR, 5, bytes);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-EPROTO, mltnl_parse_dir_entry(nlh, &d, &e));
	EXPECT_STREQ("address is 5 bytes, expected 4 or 16", e.msg);

	nlh = start(MLT_CMD_DIR_GET);
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_ADDRS);
	for (i = 0; i <= MLT_DIR_ADDRS_MAX; i++)
		mnl_attr_put(nlh, MLT_ITEM_ADDR, 4, bytes);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-EPROTO, mltnl_parse_dir_entry(nlh, &d, &e));
	EXPECT_STREQ("more than 8 addresses", e.msg);

	nlh = start(MLT_CMD_DIR_GET);
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_EPH_KEYS);
	mnl_attr_put(nlh, MLT_ITEM_KEY, 31, bytes);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-EPROTO, mltnl_parse_dir_entry(nlh, &d, &e));
	EXPECT_STREQ("ephemeral key is 31 bytes, expected 32", e.msg);

	nlh = start(MLT_CMD_DIR_GET);
	mnl_attr_put_u32(nlh, MLT_A_DIR_PORT, 1);
	EXPECT_EQ(-EPROTO, mltnl_parse_dir_entry(nlh, &d, &e));
	EXPECT_STREQ("port is 4 bytes, expected 2", e.msg);

	nlh = start(MLT_CMD_DIR_GET);
	mnl_attr_put_u32(nlh, MLT_A_DIR_ERROR, 0);
	EXPECT_EQ(-EPROTO, mltnl_parse_dir_entry(nlh, &d, &e));
	EXPECT_STREQ("negative entry without a reason", e.msg);

	/* Names: empty, unterminated, too long. */
	nlh = start(MLT_CMD_DIR_GET);
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, "");
	EXPECT_EQ(-EPROTO, mltnl_parse_dir_entry(nlh, &d, &e));
	EXPECT_STREQ("directory name is not a string of 1 to 119 bytes", e.msg);
	nlh = start(MLT_CMD_DIR_GET);
	mnl_attr_put(nlh, MLT_A_DIR_NAME, 3, "abc");
	EXPECT_EQ(-EPROTO, mltnl_parse_dir_entry(nlh, &d, &e));
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	nlh = start(MLT_CMD_DIR_GET);
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, long_name);
	EXPECT_EQ(-EPROTO, mltnl_parse_dir_entry(nlh, &d, &e));
	/* A name of exactly MLT_NAME_MAX - 1 bytes is fine. */
	long_name[MLT_NAME_MAX - 1] = '\0';
	nlh = start(MLT_CMD_DIR_GET);
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, long_name);
	mnl_attr_put_u32(nlh, MLT_A_DIR_ERROR, MLT_DIR_ERR_EXPIRED);
	mnl_attr_put_u32(nlh, MLT_A_DIR_LIFETIME, 1);
	EXPECT_EQ(0, mltnl_parse_dir_entry(nlh, &d, &e));
	EXPECT_EQ(MLT_NAME_MAX - 1, strlen(d.name));
}

/* --- virtual addresses ----------------------------------------------------- */

static struct nlmsghdr *vaddr_msg(unsigned int len4, unsigned int len6,
				  int name)
{
	static const uint8_t a[16] = { 0xfd, 0x6d, 0x6c, 0x74, 0x4d, 0,
				       [15] = 7 };
	struct nlmsghdr *nlh = start(MLT_CMD_VADDR_GET);

	if (name)
		mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, "demo.bit");
	if (len4)
		mnl_attr_put(nlh, MLT_A_VADDR4, len4, "\x7f\x4d\x00\x07xxxx");
	if (len6)
		mnl_attr_put(nlh, MLT_A_VADDR6, len6, a);
	mnl_attr_put_u32(nlh, MLT_A_VADDR_IDLE, 42);
	return nlh;
}

TEST(vaddr)
{
	struct mltnl_error e = { 0 };
	struct mltnl_vaddr v;

	ASSERT_EQ(0, mltnl_parse_vaddr(vaddr_msg(4, 16, 1), &v, &e));
	EXPECT_STREQ("demo.bit", v.name);
	EXPECT_EQ(0, memcmp(v.v4, "\x7f\x4d\x00\x07", 4));
	EXPECT_EQ(0xfd, v.v6[0]);
	EXPECT_EQ(7, v.v6[15]);
	EXPECT_EQ(42, v.idle);

	EXPECT_EQ(-EPROTO, mltnl_parse_vaddr(vaddr_msg(4, 16, 0), &v, &e));
	EXPECT_STREQ("virtual address reply without a name", e.msg);
	EXPECT_EQ(-EPROTO, mltnl_parse_vaddr(vaddr_msg(0, 16, 1), &v, &e));
	EXPECT_STREQ("virtual address reply without an IPv4 address", e.msg);
	EXPECT_EQ(-EPROTO, mltnl_parse_vaddr(vaddr_msg(4, 0, 1), &v, &e));
	EXPECT_STREQ("virtual address reply without an IPv6 address", e.msg);
	EXPECT_EQ(-EPROTO, mltnl_parse_vaddr(vaddr_msg(8, 16, 1), &v, &e));
	EXPECT_STREQ("virtual IPv4 address is 8 bytes, expected 4", e.msg);
	EXPECT_EQ(-EPROTO, mltnl_parse_vaddr(vaddr_msg(4, 4, 1), &v, &e));
	EXPECT_STREQ("virtual IPv6 address is 4 bytes, expected 16", e.msg);
}

/* --- ephemeral keys -------------------------------------------------------- */

TEST(eph)
{
	struct mltnl_error e = { 0 };
	uint8_t key[MLT_KEY_LEN];
	struct nlmsghdr *nlh;
	struct mltnl_eph k;

	memset(key, 0x5a, sizeof(key));
	nlh = start(MLT_CMD_EPH_GET);
	mnl_attr_put(nlh, MLT_A_EPH_PUBLIC_KEY, MLT_KEY_LEN, key);
	mnl_attr_put_u32(nlh, MLT_A_EPH_LIFETIME, 3600);
	mnl_attr_put_u32(nlh, MLT_A_EPH_AGE, 5);
	ASSERT_EQ(0, mltnl_parse_eph(nlh, &k, &e));
	EXPECT_EQ(0, memcmp(key, k.public_key, MLT_KEY_LEN));
	EXPECT_EQ(3600, k.expires_in);
	EXPECT_EQ(5, k.age);

	nlh = start(MLT_CMD_EPH_GET);
	mnl_attr_put_u32(nlh, MLT_A_EPH_LIFETIME, 3600);
	EXPECT_EQ(-EPROTO, mltnl_parse_eph(nlh, &k, &e));
	EXPECT_STREQ("ephemeral key without a public key", e.msg);

	nlh = start(MLT_CMD_EPH_GET);
	mnl_attr_put(nlh, MLT_A_EPH_PUBLIC_KEY, MLT_KEY_LEN, key);
	mnl_attr_put_u32(nlh, MLT_A_EPH_LIFETIME, 3600);
	EXPECT_EQ(-EPROTO, mltnl_parse_eph(nlh, &k, &e));
	EXPECT_STREQ("ephemeral key without an age", e.msg);

	nlh = start(MLT_CMD_EPH_GET);
	mnl_attr_put(nlh, MLT_A_EPH_PUBLIC_KEY, MLT_KEY_LEN, key);
	mnl_attr_put_u16(nlh, MLT_A_EPH_AGE, 1);
	EXPECT_EQ(-EPROTO, mltnl_parse_eph(nlh, &k, &e));
	EXPECT_STREQ("ephemeral key age is 2 bytes, expected 4", e.msg);
}

/* --- acks and errors --------------------------------------------------------- */

/* An NLMSG_ERROR for a request of @req_len bytes, capped or not. */
static struct nlmsghdr *error_msg(int error, int capped, const char *extack,
				  int miss_type)
{
	struct nlmsghdr *nlh;
	struct nlmsgerr *err;
	size_t echo = capped ? 0 : 24;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err) + echo);
	err->error = error;
	err->msg.nlmsg_len = sizeof(struct nlmsghdr) + 24;
	if (capped)
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	if (extack || miss_type)
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	if (extack)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, extack);
	if (miss_type)
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE, miss_type);
	return nlh;
}

TEST(ack)
{
	struct mltnl_error e = { 0 };

	EXPECT_EQ(0, mltnl_parse_ack(error_msg(0, 1, NULL, 0), &e));
	ASSERT_EQ(1, mltnl_parse_ack(error_msg(-EINVAL, 1, "bad key", 0), &e));
	EXPECT_EQ(MLTNL_STAGE_KERNEL, e.stage);
	EXPECT_EQ(EINVAL, e.errnum);
	EXPECT_STREQ("bad key", e.msg);
	ASSERT_EQ(1, mltnl_parse_ack(error_msg(-EINVAL, 0, "bad key", 0), &e));
	EXPECT_STREQ("bad key", e.msg);
	ASSERT_EQ(1, mltnl_parse_ack(error_msg(-EPERM, 0, NULL, 0), &e));
	EXPECT_EQ(EPERM, e.errnum);
	EXPECT_STREQ("", e.msg);
	ASSERT_EQ(1, mltnl_parse_ack(error_msg(-EINVAL, 1, NULL, 1), &e));
	EXPECT_STREQ("missing attribute 1", e.msg);
	/* One line, whatever the kernel says. */
	ASSERT_EQ(1, mltnl_parse_ack(error_msg(-EINVAL, 1, "two\nlines", 0),
				     &e));
	EXPECT_STREQ("two", e.msg);
}

TEST(ack_truncated_and_done)
{
	struct mltnl_error e = { 0 };
	struct nlmsghdr *nlh = error_msg(-EINVAL, 1, NULL, 0);
	int error;

	nlh->nlmsg_len = sizeof(*nlh) + 2;
	EXPECT_EQ(-EPROTO, mltnl_parse_ack(nlh, &e));
	EXPECT_STREQ("truncated error message", e.msg);

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	error = 0;
	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(error)), &error,
	       sizeof(error));
	EXPECT_EQ(0, mltnl_parse_ack(nlh, &e));
	error = -ENOBUFS;
	memcpy(mnl_nlmsg_get_payload(nlh), &error, sizeof(error));
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "dump too big");
	ASSERT_EQ(1, mltnl_parse_ack(nlh, &e));
	EXPECT_EQ(ENOBUFS, e.errnum);
	EXPECT_STREQ("dump too big", e.msg);
	nlh->nlmsg_len = sizeof(*nlh) + 1;
	EXPECT_EQ(-EPROTO, mltnl_parse_ack(nlh, &e));

	nlh = start(MLT_CMD_GET_STATUS);
	EXPECT_EQ(-EPROTO, mltnl_parse_ack(nlh, &e));
}

TEST(error_line)
{
	struct mltnl_error e = { .stage = MLTNL_STAGE_KERNEL, .errnum = EPERM };
	char line[300];

	EXPECT_STREQ("dir add: Operation not permitted",
		     mltnl_error_line(&e, "dir add", line, sizeof(line)));
	snprintf(e.msg, sizeof(e.msg), "needs CAP_NET_ADMIN");
	EXPECT_STREQ("Operation not permitted (needs CAP_NET_ADMIN)",
		     mltnl_error_line(&e, NULL, line, sizeof(line)));
	EXPECT_STREQ("Oper", mltnl_error_line(&e, NULL, line, 5));
}

/* --- notifications ----------------------------------------------------------- */

TEST(ntf)
{
	struct mltnl_dir_entry d = sample_entry();
	struct mltnl_error e = { 0 };
	struct nlmsghdr *nlh;
	struct mltnl_ntf n;

	nlh = start(MLT_CMD_RESOLVE);
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, "x.bit");
	ASSERT_EQ(1, mltnl_parse_ntf(nlh, &n, &e));
	EXPECT_EQ(MLT_CMD_RESOLVE, n.cmd);
	EXPECT_STREQ("x.bit", n.dir.name);

	nlh = start(MLT_CMD_DIR_DEL_NTF);
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, "y.bit");
	ASSERT_EQ(1, mltnl_parse_ntf(nlh, &n, &e));
	EXPECT_EQ(MLT_CMD_DIR_DEL_NTF, n.cmd);
	EXPECT_STREQ("y.bit", n.dir.name);

	nlh = start(MLT_CMD_DIR_ADD_NTF);
	mltnl_put_dir_entry(nlh, &d, 0);
	ASSERT_EQ(1, mltnl_parse_ntf(nlh, &n, &e));
	EXPECT_EQ(MLT_CMD_DIR_ADD_NTF, n.cmd);
	EXPECT_EQ(0, memcmp(&d, &n.dir, sizeof(d)));

	nlh = start(MLT_CMD_GET_STATUS);
	EXPECT_EQ(0, mltnl_parse_ntf(nlh, &n, &e));

	nlh = start(MLT_CMD_RESOLVE);
	mnl_attr_put_u32(nlh, MLT_A_RESOLVE_TIMEOUT, 5);
	EXPECT_EQ(-EPROTO, mltnl_parse_ntf(nlh, &n, &e));
	EXPECT_STREQ("notification without a name", e.msg);

	nlh = start(MLT_CMD_DIR_ADD_NTF);
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, "z.bit");
	EXPECT_EQ(-EPROTO, mltnl_parse_ntf(nlh, &n, &e));
}

/* --- configuration ------------------------------------------------------------ */

TEST(config_request)
{
	struct mltnl_config c = {
		.mask = MLTNL_CFG_TUNNEL_LIMIT | MLTNL_CFG_CONN_LIMIT |
			MLTNL_CFG_UDP_PORT | MLTNL_CFG_CC |
			MLTNL_CFG_RMEM_MAX | MLTNL_CFG_WMEM_MAX |
			MLTNL_CFG_OPEN_RATE | MLTNL_CFG_OPEN_BURST |
			MLTNL_CFG_SOURCE_PREFIX4 | MLTNL_CFG_SOURCE_PREFIX6 |
			MLTNL_CFG_HALFOPEN_LIMIT |
			MLTNL_CFG_UNPRIV_SERVICE_START | MLTNL_CFG_PUZZLE_MODE |
			MLTNL_CFG_CLIENT_TUNNEL_LIMIT |
			MLTNL_CFG_USER_TUNNEL_QUOTA |
			MLTNL_CFG_USER_RESOLVE_QUOTA |
			MLTNL_CFG_REPLAY_CACHE_LIMIT,
		.udp_port = 5000, .tunnel_limit = 100, .conn_limit = 7,
		.tunnel_timeout_ms = 1, .cc = MLT_CC_NEWRENO,
		.rmem_max = 1 << 20, .wmem_max = 1 << 21,
		.open_rate = MLT_OPEN_RATE_MAX, .open_burst = 2,
		.source_prefix4 = 16, .source_prefix6 = 128,
		.halfopen_limit = 3, .unpriv_service_start = 443,
		.puzzle_mode = MLT_PUZZLE_MODE_OFF,
		.client_tunnel_limit = MLT_TUNNEL_LIMIT_MAX,
		.user_tunnel_quota = 1,
		.user_resolve_quota = MLT_USER_RESOLVE_QUOTA_MAX,
		.replay_cache_limit = MLT_REPLAY_CACHE_LIMIT_MAX,
	};
	struct nlmsghdr *nlh = start(MLT_CMD_SET_CONFIG);
	struct mltnl_status st;

	mltnl_put_config(nlh, &c);
	/* Read back as if it were a status. */
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, NULL));
	EXPECT_EQ(c.mask, st.config.mask);
	EXPECT_EQ(5000, st.config.udp_port);
	EXPECT_EQ(100, st.config.tunnel_limit);
	EXPECT_EQ(7, st.config.conn_limit);
	EXPECT_EQ(MLT_CC_NEWRENO, st.config.cc);
	EXPECT_EQ(1 << 20, st.config.rmem_max);
	EXPECT_EQ(1 << 21, st.config.wmem_max);
	EXPECT_EQ(MLT_OPEN_RATE_MAX, st.config.open_rate);
	EXPECT_EQ(2, st.config.open_burst);
	EXPECT_EQ(16, st.config.source_prefix4);
	EXPECT_EQ(128, st.config.source_prefix6);
	EXPECT_EQ(3, st.config.halfopen_limit);
	EXPECT_EQ(443, st.config.unpriv_service_start);
	EXPECT_EQ(MLT_PUZZLE_MODE_OFF, st.config.puzzle_mode);
	EXPECT_EQ(MLT_TUNNEL_LIMIT_MAX, st.config.client_tunnel_limit);
	EXPECT_EQ(1, st.config.user_tunnel_quota);
	EXPECT_EQ(MLT_USER_RESOLVE_QUOTA_MAX, st.config.user_resolve_quota);
	EXPECT_EQ(MLT_REPLAY_CACHE_LIMIT_MAX, st.config.replay_cache_limit);
	EXPECT_EQ(0, st.config.tunnel_timeout_ms);
}

/* Only the settings in the mask go: one new setting alone. */
TEST(config_request_one_setting)
{
	struct mltnl_config c = { 0 };
	struct nlmsghdr *nlh = start(MLT_CMD_SET_CONFIG);
	const struct nlattr *attr;
	struct mltnl_status st;
	int n = 0;

	c.open_burst = 9;		/* not in the mask: not sent */
	mltnl_config_set(&c, MLTNL_CFG_SOURCE_PREFIX6, 48);
	mltnl_put_config(nlh, &c);
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		EXPECT_EQ(MLT_A_SOURCE_PREFIX6, mnl_attr_get_type(attr));
		EXPECT_EQ(4, mnl_attr_get_payload_len(attr));
		n++;
	}
	EXPECT_EQ(1, n);
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, NULL));
	EXPECT_EQ(MLTNL_CFG_SOURCE_PREFIX6, st.config.mask);
	EXPECT_EQ(48, st.config.source_prefix6);
	EXPECT_EQ(0, st.config.open_burst);
}

/*
 * The client tunnel limit and the two per-user quotas: each alone is one
 * u32 of its own type, the others (and the server tunnel limit, whose
 * pool is apart) not sent; read back, only its bit and field.
 */
TEST(config_request_client_limit_and_quotas)
{
	static const struct {
		uint32_t bit;
		uint16_t type;
		uint32_t v;
	} one[] = {
		{ MLTNL_CFG_CLIENT_TUNNEL_LIMIT, MLT_A_CLIENT_TUNNEL_LIMIT,
		  MLT_CLIENT_TUNNEL_LIMIT_DEFAULT },
		{ MLTNL_CFG_USER_TUNNEL_QUOTA, MLT_A_USER_TUNNEL_QUOTA,
		  MLT_USER_TUNNEL_QUOTA_DEFAULT },
		{ MLTNL_CFG_USER_RESOLVE_QUOTA, MLT_A_USER_RESOLVE_QUOTA,
		  MLT_USER_RESOLVE_QUOTA_DEFAULT },
	};
	const struct nlattr *attr;
	struct mltnl_status st;
	struct nlmsghdr *nlh;
	unsigned int i, j;
	int n;

	for (i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
		struct mltnl_config c = { 0 };

		nlh = start(MLT_CMD_SET_CONFIG);
		c.tunnel_limit = 77;		/* not in the mask: not sent */
		mltnl_config_set(&c, one[i].bit, one[i].v);
		EXPECT_EQ(one[i].bit, c.mask);
		EXPECT_EQ(one[i].v, mltnl_config_get(&c, one[i].bit));
		mltnl_put_config(nlh, &c);
		n = 0;
		mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
			EXPECT_EQ(one[i].type, mnl_attr_get_type(attr));
			EXPECT_EQ(4, mnl_attr_get_payload_len(attr));
			EXPECT_EQ(one[i].v, mnl_attr_get_u32(attr));
			n++;
		}
		EXPECT_EQ(1, n);
		memset(&st, 0x5a, sizeof(st));
		ASSERT_EQ(0, mltnl_parse_status(nlh, &st, NULL));
		EXPECT_EQ(one[i].bit, st.config.mask);
		EXPECT_EQ(0, st.config.tunnel_limit);
		for (j = 0; j < sizeof(one) / sizeof(one[0]); j++)
			EXPECT_EQ(i == j ? one[i].v : 0,
				  mltnl_config_get(&st.config, one[j].bit));
	}
	/* The uapi's defaults, as mltctl.8 gives them. */
	EXPECT_EQ(8192, MLT_CLIENT_TUNNEL_LIMIT_DEFAULT);
	EXPECT_EQ(1024, MLT_USER_TUNNEL_QUOTA_DEFAULT);
	EXPECT_EQ(32, MLT_USER_RESOLVE_QUOTA_DEFAULT);
	EXPECT_EQ(256, MLT_USER_RESOLVE_QUOTA_MAX);
}

/* An older kernel: no client tunnel limit nor quotas, no bits, no error. */
TEST(status_without_quotas)
{
	struct nlmsghdr *nlh = start(MLT_CMD_GET_STATUS);
	struct mltnl_status st;

	mnl_attr_put_u32(nlh, MLT_A_TUNNEL_LIMIT, 32768);
	mnl_attr_put_u32(nlh, MLT_A_PUZZLE_MODE, MLT_PUZZLE_MODE_AUTO);
	memset(&st, 0x5a, sizeof(st));
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, NULL));
	EXPECT_EQ(MLTNL_CFG_TUNNEL_LIMIT | MLTNL_CFG_PUZZLE_MODE,
		  st.config.mask);
	EXPECT_EQ(0, st.config.client_tunnel_limit);
	EXPECT_EQ(0, st.config.user_tunnel_quota);
	EXPECT_EQ(0, st.config.user_resolve_quota);
	EXPECT_FALSE(mltnl_counter_has(&st.stats, MLT_STAT_CLIENT_TUNNELS));
	EXPECT_FALSE(mltnl_counter_has(&st.stats, MLT_STAT_QUOTA_REFUSED));
}

/*
 * The replay cache limit alone, at both ends of its range and at the
 * default: one u32 of its own type, nothing else sent; read back, only
 * its bit and field.
 */
TEST(config_request_replay_cache_limit)
{
	static const uint32_t v[] = {
		MLT_REPLAY_CACHE_LIMIT_MIN, MLT_REPLAY_CACHE_LIMIT_DEFAULT,
		MLT_REPLAY_CACHE_LIMIT_MAX,
	};
	const struct nlattr *attr;
	struct mltnl_status st;
	struct nlmsghdr *nlh;
	unsigned int i;
	int n;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct mltnl_config c = { 0 };

		nlh = start(MLT_CMD_SET_CONFIG);
		c.user_resolve_quota = 7;	/* not in the mask: not sent */
		mltnl_config_set(&c, MLTNL_CFG_REPLAY_CACHE_LIMIT, v[i]);
		EXPECT_EQ(MLTNL_CFG_REPLAY_CACHE_LIMIT, c.mask);
		EXPECT_EQ(v[i], mltnl_config_get(&c,
						 MLTNL_CFG_REPLAY_CACHE_LIMIT));
		mltnl_put_config(nlh, &c);
		n = 0;
		mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
			EXPECT_EQ(MLT_A_REPLAY_CACHE_LIMIT,
				  mnl_attr_get_type(attr));
			EXPECT_EQ(4, mnl_attr_get_payload_len(attr));
			EXPECT_EQ(v[i], mnl_attr_get_u32(attr));
			n++;
		}
		EXPECT_EQ(1, n);
		memset(&st, 0x5a, sizeof(st));
		ASSERT_EQ(0, mltnl_parse_status(nlh, &st, NULL));
		EXPECT_EQ(MLTNL_CFG_REPLAY_CACHE_LIMIT, st.config.mask);
		EXPECT_EQ(v[i], st.config.replay_cache_limit);
		EXPECT_EQ(0, st.config.user_resolve_quota);
	}
	/* The uapi's range and default, as mltctl.8 gives them. */
	EXPECT_EQ(16, MLT_REPLAY_CACHE_LIMIT_MIN);
	EXPECT_EQ(65536, MLT_REPLAY_CACHE_LIMIT_DEFAULT);
	EXPECT_EQ(4194304, MLT_REPLAY_CACHE_LIMIT_MAX);
}

/*
 * An older kernel: the quotas but no replay cache limit and none of its
 * counters; no bit, no error.
 */
TEST(status_without_replay_cache)
{
	struct nlmsghdr *nlh = start(MLT_CMD_GET_STATUS);
	struct mltnl_status st;
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, MLT_A_USER_RESOLVE_QUOTA, 32);
	nest = mnl_attr_nest_start(nlh, MLT_A_STATS);
	put_counter(nlh, MLT_STAT_QUOTA_REFUSED, 1);
	mnl_attr_nest_end(nlh, nest);
	memset(&st, 0x5a, sizeof(st));
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, NULL));
	EXPECT_EQ(MLTNL_CFG_USER_RESOLVE_QUOTA, st.config.mask);
	EXPECT_EQ(0, st.config.replay_cache_limit);
	EXPECT_TRUE(mltnl_counter_has(&st.stats, MLT_STAT_QUOTA_REFUSED));
	EXPECT_FALSE(mltnl_counter_has(&st.stats, MLT_STAT_REPLAY_CACHE));
	EXPECT_FALSE(mltnl_counter_has(&st.stats, MLT_STAT_EPH_RETIRED));
	EXPECT_FALSE(mltnl_counter_has(&st.stats, MLT_STAT_KEY_MOVED_SENT));
	EXPECT_FALSE(mltnl_counter_has(&st.stats, MLT_STAT_TUNNELS_MOVED));
}

/* MLT_CC_CUBIC is 0: a cc in the mask is sent even at 0. */
TEST(config_request_cc_cubic)
{
	struct mltnl_config c = { 0 };
	struct nlmsghdr *nlh = start(MLT_CMD_SET_CONFIG);
	struct mltnl_status st;

	mltnl_config_set(&c, MLTNL_CFG_CC, MLT_CC_CUBIC);
	mltnl_put_config(nlh, &c);
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, NULL));
	EXPECT_EQ(MLTNL_CFG_CC, st.config.mask);
	EXPECT_EQ(MLT_CC_CUBIC, st.config.cc);
}

/*
 * Every puzzle mode goes as a u32 on its own, MLT_PUZZLE_MODE_AUTO (0)
 * too: a mode in the mask is sent even at 0.
 */
TEST(config_request_puzzle_mode)
{
	const struct nlattr *attr;
	struct mltnl_status st;
	struct nlmsghdr *nlh;
	uint32_t m;
	int n;

	for (m = 0; m <= MLT_PUZZLE_MODE_MAX; m++) {
		struct mltnl_config c = { 0 };

		nlh = start(MLT_CMD_SET_CONFIG);
		c.cc = MLT_CC_NEWRENO;		/* not in the mask: not sent */
		mltnl_config_set(&c, MLTNL_CFG_PUZZLE_MODE, m);
		EXPECT_EQ(MLTNL_CFG_PUZZLE_MODE, c.mask);
		EXPECT_EQ(m, mltnl_config_get(&c, MLTNL_CFG_PUZZLE_MODE));
		mltnl_put_config(nlh, &c);
		n = 0;
		mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
			EXPECT_EQ(MLT_A_PUZZLE_MODE, mnl_attr_get_type(attr));
			EXPECT_EQ(4, mnl_attr_get_payload_len(attr));
			EXPECT_EQ(m, mnl_attr_get_u32(attr));
			n++;
		}
		EXPECT_EQ(1, n);
		memset(&st, 0x5a, sizeof(st));
		ASSERT_EQ(0, mltnl_parse_status(nlh, &st, NULL));
		EXPECT_EQ(MLTNL_CFG_PUZZLE_MODE, st.config.mask);
		EXPECT_EQ(m, st.config.puzzle_mode);
		EXPECT_EQ(0, st.config.cc);
	}
}

/* A mode a newer kernel may have: kept as its number, not refused. */
TEST(status_puzzle_mode_unknown)
{
	struct nlmsghdr *nlh = start(MLT_CMD_GET_STATUS);
	struct mltnl_status st;

	mnl_attr_put_u32(nlh, MLT_A_PUZZLE_MODE, MLT_PUZZLE_MODE_MAX + 1);
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, NULL));
	EXPECT_EQ(MLTNL_CFG_PUZZLE_MODE, st.config.mask);
	EXPECT_EQ(MLT_PUZZLE_MODE_MAX + 1, st.config.puzzle_mode);
}

/*
 * 0 turns the opening rate and half-open limits off and lets anyone bind
 * any service: in the mask, a 0 is sent like any value.
 */
TEST(config_request_zeros)
{
	static const uint32_t off = MLTNL_CFG_OPEN_RATE |
		MLTNL_CFG_HALFOPEN_LIMIT | MLTNL_CFG_UNPRIV_SERVICE_START;
	struct mltnl_config c = { 0 };
	struct nlmsghdr *nlh = start(MLT_CMD_SET_CONFIG);
	struct mltnl_status st;

	mltnl_config_set(&c, MLTNL_CFG_OPEN_RATE, 0);
	mltnl_config_set(&c, MLTNL_CFG_HALFOPEN_LIMIT, 0);
	mltnl_config_set(&c, MLTNL_CFG_UNPRIV_SERVICE_START, 0);
	EXPECT_EQ(off, c.mask);
	mltnl_put_config(nlh, &c);
	memset(&st, 0x5a, sizeof(st));
	ASSERT_EQ(0, mltnl_parse_status(nlh, &st, NULL));
	EXPECT_EQ(off, st.config.mask);
	EXPECT_EQ(0, st.config.open_rate);
	EXPECT_EQ(0, st.config.halfopen_limit);
	EXPECT_EQ(0, st.config.unpriv_service_start);
}

TEST(config_get_set_every_setting)
{
	static const uint32_t bits[] = {
		MLTNL_CFG_UDP_PORT, MLTNL_CFG_TUNNEL_TIMEOUT,
		MLTNL_CFG_RESOLVE_TIMEOUT, MLTNL_CFG_TUNNEL_LIMIT,
		MLTNL_CFG_CONN_LIMIT, MLTNL_CFG_CC, MLTNL_CFG_RMEM_MAX,
		MLTNL_CFG_WMEM_MAX, MLTNL_CFG_OPEN_RATE, MLTNL_CFG_OPEN_BURST,
		MLTNL_CFG_SOURCE_PREFIX4, MLTNL_CFG_SOURCE_PREFIX6,
		MLTNL_CFG_HALFOPEN_LIMIT, MLTNL_CFG_UNPRIV_SERVICE_START,
		MLTNL_CFG_PUZZLE_MODE, MLTNL_CFG_CLIENT_TUNNEL_LIMIT,
		MLTNL_CFG_USER_TUNNEL_QUOTA, MLTNL_CFG_USER_RESOLVE_QUOTA,
		MLTNL_CFG_REPLAY_CACHE_LIMIT,
	};
	struct mltnl_config c = { 0 };
	unsigned int i, j;

	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		mltnl_config_set(&c, bits[i], 1000 + i);
		EXPECT_EQ(bits[i], c.mask & bits[i]);
		/* Each setting has a field of its own. */
		for (j = 0; j <= i; j++)
			EXPECT_EQ(1000 + j, mltnl_config_get(&c, bits[j]));
	}
	mltnl_config_set(&c, 1u << 31, 5);	/* not a setting: nothing */
	EXPECT_EQ(0, c.mask & (1u << 31));
	EXPECT_EQ(0, mltnl_config_get(&c, 1u << 31));
}

TEST_HARNESS_MAIN
