// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of `mltctl tunnels`: MLT_CMD_TUNNEL_GET messages as the kernel
 * builds them (u64 attributes aligned with MLT_TUNNEL_A_PAD, inside the
 * nest MLT_A_TUNNEL) parsed by libmltnl, then both output forms; malformed
 * and incomplete messages fail with the attribute named.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/minimalt.h>

#include <jansson.h>
#include <sodium.h>

#include "kselftest_harness.h"

#include "mltnl.h"
#include "../key.h"
#include "../mltctl.h"
#include "../print.h"
#include "../tunnels.h"

#define FAMILY_ID	0x1c
#define ALICE_PUB_B64	"hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo="

static void __attribute__((constructor)) init_sodium(void)
{
	if (sodium_init() < 0)
		abort();
}

static char msgbuf[4096] __attribute__((aligned(8)));

static struct nlmsghdr *msg_start(void)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	nlh->nlmsg_type = FAMILY_ID;
	nlh->nlmsg_flags = NLM_F_MULTI;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = MLT_CMD_TUNNEL_GET;
	genl->version = MLT_GENL_VERSION;
	return nlh;
}

/* nla_put_u64_64bit(): a pad attribute first if the value would not be
 * 8-byte aligned.
 */
static void put_u64(struct nlmsghdr *nlh, uint16_t type, uint64_t v)
{
	char *tail = mnl_nlmsg_get_payload_tail(nlh);

	if ((uintptr_t)(tail + MNL_ATTR_HDRLEN) % 8)
		mnl_attr_put(nlh, MLT_TUNNEL_A_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, type, v);
}

/* What a tunnel's message holds, to vary before building it. */
struct spec {
	uint64_t tid;
	uint32_t role;
	const char *addr;		/* IPv4 or IPv6 text */
	uint16_t port;
	int identity;
	uint32_t conns, idle_ms, cc, srtt, rttvar, min_rtt, rto, cwnd;
	uint32_t ssthresh, inflight, lost, sacked, reo, reorder, dgram;
	uint64_t pacing, rx_window;
	int dead, recovery;
	int skip_type;			/* leave this attribute out */
	int bad_type;			/* send this one a byte short */
	int extra;			/* add an attribute of a newer kernel */
};

static const struct spec client_spec = {
	.tid = 0x2a5f00d1e4c3b2a1ULL, .role = MLT_TUNNEL_ROLE_CLIENT,
	.addr = "10.9.0.2", .port = 4747, .identity = 1, .conns = 2,
	.idle_ms = 3, .cc = MLT_CC_CUBIC, .srtt = 20100, .rttvar = 500,
	.min_rtt = 19800, .rto = 220, .cwnd = 34,
	.ssthresh = MLT_SSTHRESH_INFINITE, .inflight = 10, .reo = 1,
	.pacing = 1537500, .rx_window = 131072, .dgram = 1472,
};

static void put32(struct nlmsghdr *nlh, const struct spec *s, uint16_t type,
		  uint32_t v)
{
	if (s->skip_type == type)
		return;
	if (s->bad_type == type)
		mnl_attr_put(nlh, type, 3, &v);
	else
		mnl_attr_put_u32(nlh, type, v);
}

static void put64(struct nlmsghdr *nlh, const struct spec *s, uint16_t type,
		  uint64_t v)
{
	if (s->skip_type == type)
		return;
	if (s->bad_type == type)
		mnl_attr_put(nlh, type, 7, &v);
	else
		put_u64(nlh, type, v);
}

static struct nlmsghdr *tunnel_msg(const struct spec *s)
{
	struct nlmsghdr *nlh = msg_start();
	uint8_t a[16], key[KEY_LEN];
	struct nlattr *nest;
	int v4 = !strchr(s->addr, ':');
	size_t len = 0;

	if (inet_pton(v4 ? AF_INET : AF_INET6, s->addr, a) != 1)
		abort();
	nest = mnl_attr_nest_start(nlh, MLT_A_TUNNEL);
	put64(nlh, s, MLT_TUNNEL_A_TID, s->tid);
	put32(nlh, s, MLT_TUNNEL_A_ROLE, s->role);
	if (s->skip_type != MLT_TUNNEL_A_PEER_ADDR)
		mnl_attr_put(nlh, MLT_TUNNEL_A_PEER_ADDR,
			     s->bad_type == MLT_TUNNEL_A_PEER_ADDR ? 5 :
			     v4 ? 4 : 16, a);
	if (s->skip_type != MLT_TUNNEL_A_PEER_PORT)
		mnl_attr_put_u16(nlh, MLT_TUNNEL_A_PEER_PORT, s->port);
	if (s->identity) {
		if (sodium_base642bin(key, KEY_LEN, ALICE_PUB_B64, KEY_B64_LEN,
				      NULL, &len, NULL,
				      sodium_base64_VARIANT_ORIGINAL))
			abort();
		mnl_attr_put(nlh, MLT_TUNNEL_A_SERVER_IDENTITY,
			     s->bad_type == MLT_TUNNEL_A_SERVER_IDENTITY ?
			     31 : KEY_LEN, key);
	}
	put32(nlh, s, MLT_TUNNEL_A_CONNS, s->conns);
	if (s->dead)
		mnl_attr_put(nlh, MLT_TUNNEL_A_DEAD,
			     s->bad_type == MLT_TUNNEL_A_DEAD ? 4 : 0, a);
	put32(nlh, s, MLT_TUNNEL_A_IDLE_MS, s->idle_ms);
	put32(nlh, s, MLT_TUNNEL_A_CC, s->cc);
	put32(nlh, s, MLT_TUNNEL_A_SRTT_US, s->srtt);
	put32(nlh, s, MLT_TUNNEL_A_RTTVAR_US, s->rttvar);
	put32(nlh, s, MLT_TUNNEL_A_MIN_RTT_US, s->min_rtt);
	put32(nlh, s, MLT_TUNNEL_A_RTO_MS, s->rto);
	put32(nlh, s, MLT_TUNNEL_A_CWND, s->cwnd);
	put32(nlh, s, MLT_TUNNEL_A_SSTHRESH, s->ssthresh);
	if (s->recovery)
		mnl_attr_put(nlh, MLT_TUNNEL_A_IN_RECOVERY, 0, NULL);
	put32(nlh, s, MLT_TUNNEL_A_INFLIGHT, s->inflight);
	put32(nlh, s, MLT_TUNNEL_A_LOST, s->lost);
	put32(nlh, s, MLT_TUNNEL_A_SACKED, s->sacked);
	put64(nlh, s, MLT_TUNNEL_A_PACING_RATE, s->pacing);
	put32(nlh, s, MLT_TUNNEL_A_REO_WND_MULT, s->reo);
	put32(nlh, s, MLT_TUNNEL_A_REORDER_BYTES, s->reorder);
	put64(nlh, s, MLT_TUNNEL_A_RX_WINDOW, s->rx_window);
	put32(nlh, s, MLT_TUNNEL_A_DGRAM_SIZE, s->dgram);
	if (s->extra)
		mnl_attr_put_u32(nlh, MLT_TUNNEL_A_MAX + 7, 99);
	mnl_attr_nest_end(nlh, nest);
	if (s->extra)
		mnl_attr_put_u32(nlh, MLT_A_MAX + 9, 99);
	return nlh;
}

static char *print_to_string(const struct mltnl_tunnel *t, size_t n,
			     bool json)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	if (!f)
		abort();
	print_start(f, json);
	tunnels_print(t, n);
	if (print_end("tunnels") != MLTCTL_EXIT_OK)
		abort();
	fclose(f);
	return s;
}

static char *json_compact(const struct mltnl_tunnel *t, size_t n)
{
	char *text = print_to_string(t, n, true), *s;
	json_t *root = json_loads(text, 0, NULL);

	free(text);
	if (!root)
		return NULL;
	s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	return s;
}

TEST(client_tunnel)
{
	struct mltnl_error e = { 0 };
	struct mltnl_tunnel t;
	char *s;

	ASSERT_EQ(0, mltnl_parse_tunnel(tunnel_msg(&client_spec), &t, &e));
	EXPECT_EQ(0x2a5f00d1e4c3b2a1ULL, t.tid);
	EXPECT_EQ(MLT_TUNNEL_ROLE_CLIENT, t.role);
	EXPECT_EQ(4, t.peer.len);
	EXPECT_EQ(4747, t.peer_port);
	EXPECT_TRUE(t.have_server_identity);
	EXPECT_EQ(2, t.conns);
	EXPECT_EQ(MLT_SSTHRESH_INFINITE, t.ssthresh);
	EXPECT_EQ(1537500, t.pacing_rate);
	EXPECT_EQ(131072, t.rx_window);
	EXPECT_EQ(1472, t.dgram_size);
	EXPECT_FALSE(t.dead);
	EXPECT_FALSE(t.in_recovery);

	s = print_to_string(&t, 1, false);
	EXPECT_STREQ("client 10.9.0.2:4747 tid 0x2a5f00d1e4c3b2a1 conns 2 "
		     "rtt 20.1/0.5 ms min 19.8 ms rto 220 ms cwnd 34 "
		     "ssthresh inf inflight 10 lost 0 sacked 0 cubic "
		     "pacing 12.3 Mbit/s dgram 1472 reo-wnd x1 reorder 0 "
		     "rx-window 131072 idle 3 ms\n", s);
	free(s);

	s = json_compact(&t, 1);
	ASSERT_NE(NULL, s);
	EXPECT_STREQ("[{\"tid\":3053159973866680993,\"role\":\"client\","
		     "\"peer_addr\":\"10.9.0.2\",\"peer_port\":4747,"
		     "\"server_identity\":\"" ALICE_PUB_B64 "\",\"conns\":2,"
		     "\"srtt_us\":20100,\"rttvar_us\":500,"
		     "\"min_rtt_us\":19800,\"rto_ms\":220,\"cwnd\":34,"
		     "\"ssthresh\":4294967295,\"in_recovery\":false,"
		     "\"inflight\":10,\"lost\":0,\"sacked\":0,\"cc\":\"cubic\","
		     "\"pacing_rate\":1537500,\"dgram_size\":1472,"
		     "\"reo_wnd_mult\":1,"
		     "\"reorder_bytes\":0,\"rx_window\":131072,\"idle_ms\":3,"
		     "\"dead\":false}]", s);
	free(s);
}

/* A server's tunnel to an IPv6 client, in recovery, dying, no RTT yet. */
TEST(server_tunnel_v6)
{
	struct spec sp = {
		.tid = 7, .role = MLT_TUNNEL_ROLE_SERVER, .addr = "fd00::1",
		.port = 40000, .cc = MLT_CC_NEWRENO, .rto = 1000, .cwnd = 10,
		.ssthresh = 5, .lost = 2, .sacked = 3, .inflight = 1,
		.reo = 4, .reorder = 2464, .idle_ms = 1500, .dead = 1,
		.recovery = 1, .dgram = 1232,
	};
	struct mltnl_error e = { 0 };
	struct mltnl_tunnel t;
	json_t *root, *o;
	char *s;

	ASSERT_EQ(0, mltnl_parse_tunnel(tunnel_msg(&sp), &t, &e));
	EXPECT_FALSE(t.have_server_identity);
	EXPECT_TRUE(t.dead);
	EXPECT_TRUE(t.in_recovery);
	EXPECT_EQ(16, t.peer.len);
	EXPECT_EQ(1232, t.dgram_size);

	s = print_to_string(&t, 1, false);
	EXPECT_STREQ("server [fd00::1]:40000 tid 0x7 conns 0 rto 1000 ms "
		     "cwnd 10 ssthresh 5 inflight 1 lost 2 sacked 3 newreno "
		     "dgram 1232 reo-wnd x4 reorder 2464 rx-window 0 "
		     "idle 1500 ms recovery dead\n", s);
	free(s);

	s = print_to_string(&t, 1, true);
	root = json_loads(s, 0, NULL);
	free(s);
	ASSERT_NE(NULL, root);
	o = json_array_get(root, 0);
	EXPECT_STREQ("server", json_string_value(json_object_get(o, "role")));
	EXPECT_STREQ("fd00::1",
		     json_string_value(json_object_get(o, "peer_addr")));
	EXPECT_EQ(NULL, json_object_get(o, "server_identity"));
	EXPECT_TRUE(json_is_true(json_object_get(o, "dead")));
	EXPECT_TRUE(json_is_true(json_object_get(o, "in_recovery")));
	EXPECT_EQ(5, json_integer_value(json_object_get(o, "ssthresh")));
	EXPECT_STREQ("newreno", json_string_value(json_object_get(o, "cc")));
	EXPECT_EQ(1232, json_integer_value(json_object_get(o, "dgram_size")));
	json_decref(root);
}

TEST(none)
{
	char *s = print_to_string(NULL, 0, false);

	EXPECT_STREQ("", s);
	free(s);
	s = print_to_string(NULL, 0, true);
	EXPECT_STREQ("[]\n", s);
	free(s);
}

/* Clients first, then by peer, then by id; the pacing rate's units. */
TEST(sorted_and_rates)
{
	static const uint64_t pacing[] = { 100, 125000, 250000000, 0 };
	static const char *const want[] = {
		" pacing 800 bit/s ", " pacing 1.0 Mbit/s ",
		" pacing 2.0 Gbit/s ", " cubic dgram 1472 reo-wnd",
	};
	struct mltnl_tunnel t[4];
	struct mltnl_error e = { 0 };
	struct spec sp = client_spec;
	char *s, *line;
	int i;

	for (i = 0; i < 4; i++) {
		sp.tid = 10 - i;
		sp.role = i == 2 ? MLT_TUNNEL_ROLE_SERVER :
				   MLT_TUNNEL_ROLE_CLIENT;
		sp.addr = i == 3 ? "10.9.0.1" : "10.9.0.2";
		sp.pacing = pacing[i];
		ASSERT_EQ(0, mltnl_parse_tunnel(tunnel_msg(&sp), &t[i], &e));
	}
	tunnels_sort(t, 4);
	EXPECT_EQ(7, t[0].tid);		/* client to 10.9.0.1 */
	EXPECT_EQ(9, t[1].tid);		/* clients to 10.9.0.2 by id */
	EXPECT_EQ(10, t[2].tid);
	EXPECT_EQ(8, t[3].tid);		/* the server last */

	s = print_to_string(t, 4, false);
	line = s;
	EXPECT_EQ(0, strncmp(line, "client 10.9.0.1:4747 tid 0x7 ", 29));
	EXPECT_NE(NULL, strstr(line, want[3]));
	line = strchr(line, '\n') + 1;
	EXPECT_NE(NULL, strstr(line, want[1]));
	line = strchr(line, '\n') + 1;
	EXPECT_NE(NULL, strstr(line, want[0]));
	line = strchr(line, '\n') + 1;
	EXPECT_EQ(0, strncmp(line, "server ", 7));
	EXPECT_NE(NULL, strstr(line, want[2]));
	free(s);
}

/* A newer kernel's attributes, in the nest and beside it, are ignored. */
TEST(newer_kernel)
{
	struct spec sp = client_spec;
	struct mltnl_error e = { 0 };
	struct mltnl_tunnel t;

	sp.extra = 1;
	ASSERT_EQ(0, mltnl_parse_tunnel(tunnel_msg(&sp), &t, &e));
	EXPECT_EQ(client_spec.tid, t.tid);
}

/* Each attribute of the wrong size fails, naming the attribute. */
TEST(malformed_names_the_field)
{
	static const struct {
		int type;
		const char *msg;
	} cases[] = {
		{ MLT_TUNNEL_A_TID, "tunnel tid is 7 bytes, expected 8" },
		{ MLT_TUNNEL_A_ROLE, "tunnel role is 3 bytes, expected 4" },
		{ MLT_TUNNEL_A_PEER_ADDR,
		  "tunnel peer-addr is 5 bytes, expected 4 or 16" },
		{ MLT_TUNNEL_A_SERVER_IDENTITY,
		  "tunnel server-identity is 31 bytes, expected 32" },
		{ MLT_TUNNEL_A_DEAD, "tunnel dead is 4 bytes, expected 0" },
		{ MLT_TUNNEL_A_SRTT_US,
		  "tunnel srtt-us is 3 bytes, expected 4" },
		{ MLT_TUNNEL_A_SSTHRESH,
		  "tunnel ssthresh is 3 bytes, expected 4" },
		{ MLT_TUNNEL_A_PACING_RATE,
		  "tunnel pacing-rate is 7 bytes, expected 8" },
		{ MLT_TUNNEL_A_RX_WINDOW,
		  "tunnel rx-window is 7 bytes, expected 8" },
		{ MLT_TUNNEL_A_DGRAM_SIZE,
		  "tunnel dgram-size is 3 bytes, expected 4" },
	};
	struct spec sp = client_spec;
	struct mltnl_error e;
	struct mltnl_tunnel t;
	size_t i;

	sp.dead = 1;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&e, 0, sizeof(e));
		sp.bad_type = cases[i].type;
		EXPECT_EQ(-EPROTO,
			  mltnl_parse_tunnel(tunnel_msg(&sp), &t, &e));
		EXPECT_EQ(MLTNL_STAGE_REPLY, e.stage);
		EXPECT_STREQ(cases[i].msg, e.msg);
	}
}

/* A required attribute missing fails, naming it; so does a lone header. */
TEST(missing_names_the_field)
{
	static const struct {
		int type;
		const char *msg;
	} cases[] = {
		{ MLT_TUNNEL_A_TID, "tunnel without tid" },
		{ MLT_TUNNEL_A_PEER_ADDR, "tunnel without peer-addr" },
		{ MLT_TUNNEL_A_PEER_PORT, "tunnel without peer-port" },
		{ MLT_TUNNEL_A_CWND, "tunnel without cwnd" },
		{ MLT_TUNNEL_A_RX_WINDOW, "tunnel without rx-window" },
		{ MLT_TUNNEL_A_DGRAM_SIZE, "tunnel without dgram-size" },
	};
	struct spec sp = client_spec;
	struct mltnl_error e;
	struct mltnl_tunnel t;
	struct nlmsghdr *nlh;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&e, 0, sizeof(e));
		sp.skip_type = cases[i].type;
		EXPECT_EQ(-EPROTO,
			  mltnl_parse_tunnel(tunnel_msg(&sp), &t, &e));
		EXPECT_STREQ(cases[i].msg, e.msg);
	}
	nlh = msg_start();
	EXPECT_EQ(-EPROTO, mltnl_parse_tunnel(nlh, &t, &e));
	EXPECT_STREQ("tunnel message without a tunnel nest", e.msg);
	nlh = msg_start();
	mnl_attr_put_u16(nlh, MLT_A_TUNNEL, 1);
	EXPECT_EQ(-EPROTO, mltnl_parse_tunnel(nlh, &t, &e));
	EXPECT_STREQ("tunnel attribute is not a nest", e.msg);
}

TEST_HARNESS_MAIN
