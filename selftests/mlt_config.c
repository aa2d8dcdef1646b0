// SPDX-License-Identifier: GPL-2.0
/*
 * The namespace configuration: MLT_CMD_SET_CONFIG (UDP port, tunnel
 * timeout, tunnel and connection limits, congestion control, largest
 * receive and send buffers) and what
 * GET_STATUS reports of
 * it, the counters, the drops and the send errors by reason, through
 * netlink and through mltctl. Each test runs in a fresh network namespace.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nl.h"
#include "util.h"

/*
 * The drop reasons of this version (the uapi enum mlt_drop_reason, 1 .. MLT_DROP_MAX), as
 * the table "Drop reasons" of Documentation/protocol.rst numbers them.
 */
#define N_REASONS	25
#define REASON_SHORT	1

/* What a GET_STATUS reply said about the configuration and the counters. */
struct config {
	int have_port, have_timeout, have_drops;
	uint16_t port;
	uint32_t timeout;
	int have_tunnel_limit, have_conn_limit, have_tx_errors, have_cc;
	uint32_t tunnel_limit, conn_limit, cc;
	int have_rmem_max, have_wmem_max;
	uint32_t rmem_max, wmem_max;
	int tx_err_seen[MLT_TX_ERR_MAX + 2];	/* [MAX + 1]: any beyond */
	uint64_t tx_err[MLT_TX_ERR_MAX + 2];
	int stat_seen[MLT_STAT_MAX + 1];	/* u64 attributes of each type */
	uint64_t stat[MLT_STAT_MAX + 1];
	int drop_seen[N_REASONS + 2];	/* [N_REASONS + 1]: any beyond */
	uint64_t drop[N_REASONS + 2];
	int bad;			/* an attribute of the wrong size */
};

static int drops_cb(const struct nlattr *attr, void *data)
{
	struct config *c = data;
	unsigned int t = mnl_attr_get_type(attr);

	if (!t)
		return MNL_CB_OK;		/* alignment padding */
	if (mnl_attr_get_payload_len(attr) != 8) {
		c->bad++;
		return MNL_CB_OK;
	}
	if (t > N_REASONS)
		t = N_REASONS + 1;
	c->drop_seen[t]++;
	c->drop[t] = mnl_attr_get_u64(attr);
	return MNL_CB_OK;
}

static int tx_errors_cb(const struct nlattr *attr, void *data)
{
	struct config *c = data;
	unsigned int t = mnl_attr_get_type(attr);

	if (!t)
		return MNL_CB_OK;		/* alignment padding */
	if (mnl_attr_get_payload_len(attr) != 8) {
		c->bad++;
		return MNL_CB_OK;
	}
	if (t > MLT_TX_ERR_MAX)
		t = MLT_TX_ERR_MAX + 1;
	c->tx_err_seen[t]++;
	c->tx_err[t] = mnl_attr_get_u64(attr);
	return MNL_CB_OK;
}

static int stats_cb(const struct nlattr *attr, void *data)
{
	struct config *c = data;
	unsigned int t = mnl_attr_get_type(attr);

	if (t == MLT_STAT_PAD || t > MLT_STAT_MAX)
		return MNL_CB_OK;
	if (mnl_attr_get_payload_len(attr) != 8) {
		c->bad++;
		return MNL_CB_OK;
	}
	c->stat_seen[t]++;
	c->stat[t] = mnl_attr_get_u64(attr);
	return MNL_CB_OK;
}

static int status_cb(const struct nlattr *attr, void *data)
{
	struct config *c = data;

	switch (mnl_attr_get_type(attr)) {
	case MLT_A_UDP_PORT:
		c->have_port++;
		c->port = mnl_attr_get_u16(attr);
		break;
	case MLT_A_TUNNEL_TIMEOUT:
		c->have_timeout++;
		c->timeout = mnl_attr_get_u32(attr);
		break;
	case MLT_A_DROPS:
		c->have_drops++;
		mnl_attr_parse_nested(attr, drops_cb, c);
		break;
	case MLT_A_STATS:
		mnl_attr_parse_nested(attr, stats_cb, c);
		break;
	case MLT_A_TUNNEL_LIMIT:
		c->have_tunnel_limit++;
		c->tunnel_limit = mnl_attr_get_u32(attr);
		break;
	case MLT_A_CONN_LIMIT:
		c->have_conn_limit++;
		c->conn_limit = mnl_attr_get_u32(attr);
		break;
	case MLT_A_TX_ERRORS:
		c->have_tx_errors++;
		mnl_attr_parse_nested(attr, tx_errors_cb, c);
		break;
	case MLT_A_CC:
		c->have_cc++;
		if (mnl_attr_validate(attr, MNL_TYPE_U32))
			c->bad++;
		else
			c->cc = mnl_attr_get_u32(attr);
		break;
	case MLT_A_RMEM_MAX:
		c->have_rmem_max++;
		if (mnl_attr_validate(attr, MNL_TYPE_U32))
			c->bad++;
		else
			c->rmem_max = mnl_attr_get_u32(attr);
		break;
	case MLT_A_WMEM_MAX:
		c->have_wmem_max++;
		if (mnl_attr_validate(attr, MNL_TYPE_U32))
			c->bad++;
		else
			c->wmem_max = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

static int get_config(struct mlt_nl *nl, struct config *c)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	memset(c, 0, sizeof(*c));
	return mlt_nl_send(nl, mlt_nl_start(nl, buf, MLT_CMD_GET_STATUS, 0),
			   status_cb, c);
}

/* port/timeout < 0: attribute left out. */
static int set_config(struct mlt_nl *nl, long port, long timeout)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *req = mlt_nl_start(nl, buf, MLT_CMD_SET_CONFIG, 0);

	if (port >= 0)
		mnl_attr_put_u16(req, MLT_A_UDP_PORT, (uint16_t)port);
	if (timeout >= 0)
		mnl_attr_put_u32(req, MLT_A_TUNNEL_TIMEOUT, (uint32_t)timeout);
	return mlt_nl_send(nl, req, NULL, NULL);
}

/* The limits; < 0: attribute left out. */
static int set_limits(struct mlt_nl *nl, long long tunnels, long long conns)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *req = mlt_nl_start(nl, buf, MLT_CMD_SET_CONFIG, 0);

	if (tunnels >= 0)
		mnl_attr_put_u32(req, MLT_A_TUNNEL_LIMIT, (uint32_t)tunnels);
	if (conns >= 0)
		mnl_attr_put_u32(req, MLT_A_CONN_LIMIT, (uint32_t)conns);
	return mlt_nl_send(nl, req, NULL, NULL);
}

/* The congestion control, with a tunnel limit unless @tunnels < 0. */
static int set_cc(struct mlt_nl *nl, uint32_t cc, long long tunnels)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *req = mlt_nl_start(nl, buf, MLT_CMD_SET_CONFIG, 0);

	mnl_attr_put_u32(req, MLT_A_CC, cc);
	if (tunnels >= 0)
		mnl_attr_put_u32(req, MLT_A_TUNNEL_LIMIT, (uint32_t)tunnels);
	return mlt_nl_send(nl, req, NULL, NULL);
}

/* The largest buffers; < 0: attribute left out. */
static int set_bufs(struct mlt_nl *nl, long long rmem, long long wmem)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *req = mlt_nl_start(nl, buf, MLT_CMD_SET_CONFIG, 0);

	if (rmem >= 0)
		mnl_attr_put_u32(req, MLT_A_RMEM_MAX, (uint32_t)rmem);
	if (wmem >= 0)
		mnl_attr_put_u32(req, MLT_A_WMEM_MAX, (uint32_t)wmem);
	return mlt_nl_send(nl, req, NULL, NULL);
}

/*
 * The type of the attribute the last error's extended ack points at
 * (NLMSGERR_ATTR_OFFS into our request, which the error message carries
 * back whole), or -1: read from the raw reply.
 */
static int extack_bad_attr(const struct mlt_nl *nl)
{
	const struct nlmsghdr *nlh = (const void *)nl->reply;
	int left = nl->reply_len;

	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
		const struct nlattr *attr;
		size_t off;

		if (nlh->nlmsg_type != NLMSG_ERROR ||
		    !(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
		    (nlh->nlmsg_flags & NLM_F_CAPPED))
			continue;
		off = sizeof(*err) + mnl_nlmsg_get_payload_len(&err->msg);
		mnl_attr_for_each(attr, nlh, off) {
			uint32_t at;

			if (mnl_attr_get_type(attr) != NLMSGERR_ATTR_OFFS ||
			    mnl_attr_validate(attr, MNL_TYPE_U32))
				continue;
			at = mnl_attr_get_u32(attr);
			if (at + sizeof(struct nlattr) > err->msg.nlmsg_len)
				return -1;
			return ((const struct nlattr *)
				((const char *)&err->msg + at))->nla_type &
				NLA_TYPE_MASK;
		}
	}
	return -1;
}

/* A listening AF_MINIMALT socket: it makes the namespace open its UDP port. */
static int listener(unsigned int service)
{
	struct sockaddr_mlt l = {
		.smlt_family = mlt_family(),
		.smlt_service = service,
	};
	int s = socket(mlt_family(), SOCK_STREAM, 0);

	if (s < 0)
		return -1;
	if (bind(s, (void *)&l, sizeof(l)) || listen(s, 1)) {
		close(s);
		return -1;
	}
	return s;
}

/* bind() of a UDP socket of @family to the wildcard @port: 0 or errno. */
static int udp_bind_errno(int family, uint16_t port)
{
	struct sockaddr_in a4 = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6,
				   .sin6_port = htons(port),
				   .sin6_addr = IN6ADDR_ANY_INIT };
	int one = 1, ret, s = socket(family, SOCK_DGRAM, 0);

	if (s < 0)
		return errno;
	if (family == AF_INET6)
		setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	ret = family == AF_INET6 ? bind(s, (void *)&a6, sizeof(a6)) :
				   bind(s, (void *)&a4, sizeof(a4));
	ret = ret ? errno : 0;
	close(s);
	return ret;
}

static const char *mltctl(void)
{
	return getenv("MLTCTL") ?: "/mlt/bin/mltctl";
}

/*
 * Run "mltctl ARGS" through the shell with stderr joined to stdout; @out
 * gets what it printed. Returns its exit status, or -1.
 */
static int run_mltctl(char *out, size_t len, const char *fmt, ...)
{
	char args[256], cmd[512];
	size_t n = 0;
	va_list ap;
	FILE *f;
	int st;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", mltctl(), args);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	n = fread(out, 1, len - 1, f);
	out[n] = '\0';
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * "mltctl config" ends with the limits (issue 10), the congestion control
 * and the largest buffers (issue 11) where the kernel reports them; the
 * older lines are checked alone. @out loses those lines if they hold the
 * defaults, which a wrong value would keep.
 */
static const char *without_limits(char *out)
{
	static const char limits[] =
		"tunnel-limit 32768\nconn-limit 1024\ncc cubic\n"
		"rmem-max 6291456\nwmem-max 4194304\n";
	size_t n = strlen(out), l = strlen(limits);

	if (n >= l && !strcmp(out + n - l, limits))
		out[n - l] = '\0';
	return out;
}

FIXTURE(cfg) {
	struct mlt_nl nl;
};

FIXTURE_SETUP(cfg)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, mlt_nl_open(&self->nl));
}

FIXTURE_TEARDOWN(cfg)
{
	mlt_nl_close(&self->nl);
}

TEST_F(cfg, defaults)
{
	struct config c;

	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(1, c.have_port);
	EXPECT_EQ(MLT_UDP_PORT_DEFAULT, c.port);
	EXPECT_EQ(1, c.have_timeout);
	EXPECT_EQ(MLT_TUNNEL_TIMEOUT_DEFAULT, c.timeout);
}

/* Every counter once, as a u64; a fresh namespace has none of the traffic. */
TEST_F(cfg, counters_present)
{
	struct config c;
	unsigned int t;
	uint64_t sum = 0;

	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(0, c.bad);
	for (t = MLT_STAT_SOCKETS; t <= MLT_STAT_MAX; t++)
		EXPECT_EQ(1, c.stat_seen[t]) {
			TH_LOG("counter %u", t);
		}
	EXPECT_EQ(0, c.stat[MLT_STAT_TUNNELS]);
	EXPECT_EQ(0, c.stat[MLT_STAT_CONNS]);
	EXPECT_EQ(0, c.stat[MLT_STAT_TUNNELS_OPENED]);
	EXPECT_EQ(0, c.stat[MLT_STAT_TX_PACKETS]);
	EXPECT_EQ(0, c.stat[MLT_STAT_RX_PACKETS]);
	EXPECT_EQ(0, c.stat[MLT_STAT_RETRANSMITS]);
	EXPECT_EQ(0, c.stat[MLT_STAT_TUNNELS_TIMED_OUT]);
	for (t = 1; t <= N_REASONS; t++)
		sum += c.drop[t];
	EXPECT_EQ(sum, c.stat[MLT_STAT_DROPS]);
	EXPECT_EQ(0, c.stat[MLT_STAT_DROPS]);
}

/* One u64 per reason 1 .. MLT_DROP_MAX, zeros included, no other. */
TEST_F(cfg, drops_has_every_reason)
{
	struct config c;
	unsigned int t;

	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(1, c.have_drops);
	EXPECT_EQ(0, c.bad);
	for (t = 1; t <= N_REASONS; t++) {
		EXPECT_EQ(1, c.drop_seen[t]) {
			TH_LOG("reason %u", t);
		}
		EXPECT_EQ(0, c.drop[t]);
	}
	EXPECT_EQ(0, c.drop_seen[N_REASONS + 1]);	/* update N_REASONS */
}

/* A datagram too short for a header: one drop, "short", in both totals. */
TEST_F(cfg, drop_counted_by_reason)
{
	struct sockaddr_in to = { .sin_family = AF_INET,
				  .sin_port = htons(MLT_UDP_PORT_DEFAULT),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	char out[8192];
	struct config c;
	int s, u, i;

	ASSERT_EQ(0, system("ip link set lo up"));
	s = listener(7);
	ASSERT_LE(0, s);
	u = socket(AF_INET, SOCK_DGRAM, 0);
	ASSERT_LE(0, u);
	ASSERT_EQ(1, sendto(u, "x", 1, 0, (void *)&to, sizeof(to)));
	for (i = 0; i < 100; i++) {		/* softirq: give it a moment */
		ASSERT_EQ(0, get_config(&self->nl, &c));
		if (c.stat[MLT_STAT_DROPS])
			break;
		usleep(10000);
	}
	EXPECT_EQ(1, c.drop[REASON_SHORT]);
	EXPECT_EQ(1, c.stat[MLT_STAT_DROPS]);
	EXPECT_EQ(0, run_mltctl(out, sizeof(out), "show -s"));
	EXPECT_NE(NULL, strstr(out, "\n  short: 1\n")) {
		TH_LOG("%s", out);
	}
	EXPECT_NE(NULL, strstr(out, "  datagrams dropped: 1\n"));
	close(u);
	close(s);
}

TEST_F(cfg, set_round_trips)
{
	struct config c;

	ASSERT_EQ(0, set_config(&self->nl, 5000, 2500));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(5000, c.port);
	EXPECT_EQ(2500, c.timeout);
	ASSERT_EQ(0, set_config(&self->nl, -1, 4000));	/* one at a time */
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(5000, c.port);
	EXPECT_EQ(4000, c.timeout);
	ASSERT_EQ(0, set_config(&self->nl, 65535, -1));
	ASSERT_EQ(0, set_config(&self->nl, -1, MLT_TUNNEL_TIMEOUT_MIN));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(65535, c.port);
	EXPECT_EQ(MLT_TUNNEL_TIMEOUT_MIN, c.timeout);
	ASSERT_EQ(0, set_config(&self->nl, 1, MLT_TUNNEL_TIMEOUT_MAX));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(1, c.port);
	EXPECT_EQ(MLT_TUNNEL_TIMEOUT_MAX, c.timeout);
}

/*
 * Values out of range fail in the policy (ERANGE, the attribute named in
 * the extended ack) and an empty request with EINVAL; nothing changes, even
 * for a good value next to a bad one.
 */
TEST_F(cfg, bad_values_change_nothing)
{
	struct config c;

	EXPECT_EQ(-ERANGE, set_config(&self->nl, 0, -1));
	EXPECT_EQ(-ERANGE, set_config(&self->nl, -1, MLT_TUNNEL_TIMEOUT_MIN - 1));
	EXPECT_EQ(-ERANGE, set_config(&self->nl, -1, MLT_TUNNEL_TIMEOUT_MAX + 1));
	EXPECT_EQ(-ERANGE, set_config(&self->nl, -1, 0));
	EXPECT_EQ(-ERANGE, set_config(&self->nl, 6000, 1));	/* all or none */
	EXPECT_EQ(-ERANGE, set_config(&self->nl, 0, 2000));
	EXPECT_EQ(-EINVAL, set_config(&self->nl, -1, -1));	/* nothing */
	EXPECT_NE(NULL, strstr(self->nl.extack, "nothing to set")) {
		TH_LOG("extack: %s", self->nl.extack);
	}
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_UDP_PORT_DEFAULT, c.port);
	EXPECT_EQ(MLT_TUNNEL_TIMEOUT_DEFAULT, c.timeout);
}

/* With the sockets closed the port is only stored; they open on it later. */
TEST_F(cfg, port_used_when_sockets_open)
{
	int s, v6 = udp_bind_errno(AF_INET6, 6002) != EAFNOSUPPORT;

	ASSERT_EQ(0, set_config(&self->nl, 6002, -1));
	EXPECT_EQ(0, udp_bind_errno(AF_INET, 6002));	/* nothing open yet */
	s = listener(7);
	ASSERT_LE(0, s);
	EXPECT_EQ(EADDRINUSE, udp_bind_errno(AF_INET, 6002));
	if (v6)
		EXPECT_EQ(EADDRINUSE, udp_bind_errno(AF_INET6, 6002));
	EXPECT_EQ(0, udp_bind_errno(AF_INET, MLT_UDP_PORT_DEFAULT));
	close(s);
}

/*
 * A port another socket holds: with the sockets open, refused with
 * EADDRINUSE and a message; the sockets, the port and the timeout stay.
 * A free port moves them, and the old port is free again.
 */
TEST_F(cfg, busy_port_refused)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(6000) };
	struct config c;
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	int s;

	ASSERT_LE(0, u);
	ASSERT_EQ(0, bind(u, (void *)&a, sizeof(a)));
	s = listener(7);
	ASSERT_LE(0, s);
	EXPECT_EQ(-EADDRINUSE, set_config(&self->nl, 6000, 5000));
	EXPECT_NE(NULL, strstr(self->nl.extack, "UDP port in use")) {
		TH_LOG("extack: %s", self->nl.extack);
	}
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_UDP_PORT_DEFAULT, c.port);
	EXPECT_EQ(MLT_TUNNEL_TIMEOUT_DEFAULT, c.timeout);
	EXPECT_EQ(EADDRINUSE, udp_bind_errno(AF_INET, MLT_UDP_PORT_DEFAULT));

	EXPECT_EQ(0, set_config(&self->nl, 6001, -1));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(6001, c.port);
	EXPECT_EQ(EADDRINUSE, udp_bind_errno(AF_INET, 6001));
	EXPECT_EQ(0, udp_bind_errno(AF_INET, MLT_UDP_PORT_DEFAULT));
	/* The same port again is no change, not a clash with itself. */
	EXPECT_EQ(0, set_config(&self->nl, 6001, -1));
	close(s);
	close(u);
}

static int set_unprivileged(void *arg)
{
	struct config c;
	struct mlt_nl nl;

	(void)arg;
	if (drop_all_caps() || mlt_nl_open(&nl))
		return child_fail(10, "drop capabilities or netlink open");
	if (set_config(&nl, 5000, -1) != -EPERM ||
	    set_config(&nl, -1, 2000) != -EPERM)
		return child_fail(11,
			"set config without CAP_NET_ADMIN: expected EPERM");
	/* Reading needs no privilege. */
	if (get_config(&nl, &c) || c.port != MLT_UDP_PORT_DEFAULT)
		return child_fail(12, "get config without CAP_NET_ADMIN");
	return 0;
}

TEST_F(cfg, needs_cap_net_admin)
{
	struct config c;

	EXPECT_EQ(0, in_child(set_unprivileged, NULL));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_UDP_PORT_DEFAULT, c.port);
	EXPECT_EQ(MLT_TUNNEL_TIMEOUT_DEFAULT, c.timeout);
}

/* A new namespace starts from the defaults, and its changes stay in it. */
static int other_netns(void *arg)
{
	struct config c;
	struct mlt_nl nl;

	(void)arg;
	if (unshare(CLONE_NEWNET) || mlt_nl_open(&nl) || get_config(&nl, &c))
		return child_fail(10,
			"unshare(CLONE_NEWNET), netlink open or get config");
	if (c.port != MLT_UDP_PORT_DEFAULT ||
	    c.timeout != MLT_TUNNEL_TIMEOUT_DEFAULT)
		return child_fail(11,
			"a new namespace does not have the default config");
	if (set_config(&nl, 5005, 7000) || get_config(&nl, &c) ||
	    c.port != 5005 || c.timeout != 7000)
		return child_fail(12,
			"set config 5005/7000 in the new namespace and read it back");
	return 0;
}

TEST_F(cfg, per_namespace)
{
	struct config c;

	ASSERT_EQ(0, set_config(&self->nl, 5001, 9000));
	EXPECT_EQ(0, in_child(other_netns, NULL));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(5001, c.port);
	EXPECT_EQ(9000, c.timeout);
}

TEST_F(cfg, mltctl_config)
{
	char out[8192];
	struct config c;

	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "config"));
	EXPECT_STREQ("port 4747\ntunnel-timeout 30000\nresolve-timeout 10000\n",
		     without_limits(out));
	ASSERT_EQ(0, run_mltctl(out, sizeof(out),
				"config port 5002 tunnel-timeout 3000"));
	EXPECT_STREQ("", out);
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(5002, c.port);
	EXPECT_EQ(3000, c.timeout);
	ASSERT_EQ(0, run_mltctl(out, sizeof(out),
				"config tunnel-timeout 4000 resolve-timeout 700"));
	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "config"));
	EXPECT_STREQ("port 5002\ntunnel-timeout 4000\nresolve-timeout 700\n",
		     without_limits(out));
	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "config -j"));
	EXPECT_NE(NULL, strstr(out, "\"udp_port\": 5002")) {
		TH_LOG("%s", out);
	}
	EXPECT_NE(NULL, strstr(out, "\"tunnel_timeout_ms\": 4000"));
	EXPECT_NE(NULL, strstr(out, "\"resolve_timeout_ms\": 700"));
	EXPECT_EQ(1, run_mltctl(out, sizeof(out), "config resolve-timeout 99"));
	EXPECT_NE(NULL, strstr(out, "resolve-timeout"));
	/* Bad values stop in mltctl: exit 1, one line naming the field. */
	EXPECT_EQ(1, run_mltctl(out, sizeof(out), "config port 0"));
	EXPECT_STREQ("mltctl: config: port: \"0\" is not a number from 1 to 65535\n",
		     out);
	EXPECT_EQ(1, run_mltctl(out, sizeof(out), "config tunnel-timeout 999"));
	EXPECT_NE(NULL, strstr(out, "tunnel-timeout"));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(5002, c.port);
	EXPECT_EQ(4000, c.timeout);
}

/* The kernel's refusal: exit 2, one line with the kernel's message. */
TEST_F(cfg, mltctl_config_busy_port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(6003) };
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	char out[8192];
	int s;

	ASSERT_LE(0, u);
	ASSERT_EQ(0, bind(u, (void *)&a, sizeof(a)));
	s = listener(7);
	ASSERT_LE(0, s);
	EXPECT_EQ(2, run_mltctl(out, sizeof(out), "config port 6003"));
	EXPECT_STREQ("mltctl: config: kernel refused the request: Address already in use: UDP port in use by another socket; nothing changed\n",
		     out);
	close(s);
	close(u);
}

static int mltctl_unprivileged(void *arg)
{
	char out[8192];
	int ret;

	(void)arg;
	/* Not uid 0 any more: exec does not give the capabilities back. */
	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return child_fail(10, "setresgid/setresuid to nobody");
	ret = run_mltctl(out, sizeof(out), "config port 5000");
	if (ret != 3 || !strstr(out, "mltctl: permission denied: config needs CAP_NET_ADMIN"))
		fprintf(stderr, "# exit %d: %s", ret, out);
	return ret;
}

/* Without CAP_NET_ADMIN: exit 3, nothing changed; reading still works. */
TEST_F(cfg, mltctl_config_unprivileged)
{
	struct config c;

	EXPECT_EQ(3, in_child(mltctl_unprivileged, NULL));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_UDP_PORT_DEFAULT, c.port);
}

TEST_F(cfg, mltctl_show)
{
	char out[8192];

	ASSERT_EQ(0, run_mltctl(out, sizeof(out),
				"config port 5002 tunnel-timeout 3000"));
	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "show"));
	EXPECT_NE(NULL, strstr(out, "udp port: 5002\ntunnel timeout: 3000 ms\n"
				    "resolve timeout: 10000 ms\n")) {
		TH_LOG("%s", out);
	}
	EXPECT_NE(NULL, strstr(out, "\n  tunnels: 0\n  connections: 0\n"));
	EXPECT_EQ(NULL, strstr(out, "datagrams sent"));	/* -s only */
	EXPECT_EQ(NULL, strstr(out, "drops:"));

	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "show -s"));
	EXPECT_NE(NULL, strstr(out, "\n  tunnels: 0\n  connections: 0\n"));
	EXPECT_NE(NULL, strstr(out, "\n  tunnels opened: 0\n"
				    "  tunnels timed out: 0\n"
				    "  datagrams sent: 0\n"
				    "  datagrams received: 0\n"
				    "  retransmissions: 0\n"
				    "  retransmission timeouts: 0\n"
				    "  tail loss probes: 0\n"
				    "  window cuts undone: 0\n"
				    "  datagrams dropped: 0\n"
				    "  bytes held for reordering: 0\n"
				    "  names asked of the resolver: 0\n"
				    "  resolver timeouts: 0\n"
				    "drops:\n  short: 0\n")) {
		TH_LOG("%s", out);
	}
	EXPECT_NE(NULL, strstr(out, "\n  tag: 0\n"));
	EXPECT_NE(NULL, strstr(out, "\n  tunnel-unknown: 0\n"));
	EXPECT_NE(NULL, strstr(out, "\n  nomem: 0\n"));
	EXPECT_EQ(NULL, strstr(out, "reason-"));	/* every reason named */

	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "show -s -j"));
	EXPECT_NE(NULL, strstr(out, "\"udp_port\": 5002"));
	EXPECT_NE(NULL, strstr(out, "\"tunnel_timeout_ms\": 3000"));
	EXPECT_NE(NULL, strstr(out, "\"tunnels_timed_out\": 0"));
	EXPECT_NE(NULL, strstr(out, "\"tunnel-unknown\": 0"));
}

/* ---- the runtime limits and the send errors (new ABI, issue 10) -------- */

/* Both limits are reported, with the documented defaults. */
TEST_F(cfg, limits_defaults)
{
	struct config c;

	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(1, c.have_tunnel_limit);
	EXPECT_EQ(MLT_TUNNEL_LIMIT_DEFAULT, c.tunnel_limit);
	EXPECT_EQ(32768, c.tunnel_limit);
	EXPECT_EQ(1, c.have_conn_limit);
	EXPECT_EQ(MLT_CONN_LIMIT_DEFAULT, c.conn_limit);
	EXPECT_EQ(1024, c.conn_limit);
}

/* Each limit set alone and together, at both ends of its range. */
TEST_F(cfg, limits_round_trip)
{
	struct config c;

	ASSERT_EQ(0, set_limits(&self->nl, 1, -1));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(1, c.tunnel_limit);
	EXPECT_EQ(MLT_CONN_LIMIT_DEFAULT, c.conn_limit);
	ASSERT_EQ(0, set_limits(&self->nl, -1, MLT_CONN_LIMIT_MIN));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(1, c.tunnel_limit);
	EXPECT_EQ(MLT_CONN_LIMIT_MIN, c.conn_limit);
	ASSERT_EQ(0, set_limits(&self->nl, MLT_TUNNEL_LIMIT_MAX,
				MLT_CONN_LIMIT_MAX));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_TUNNEL_LIMIT_MAX, c.tunnel_limit);
	EXPECT_EQ(MLT_CONN_LIMIT_MAX, c.conn_limit);
	/* The other settings stay. */
	EXPECT_EQ(MLT_UDP_PORT_DEFAULT, c.port);
	EXPECT_EQ(MLT_TUNNEL_TIMEOUT_DEFAULT, c.timeout);
}

/*
 * Out of range: EINVAL or ERANGE, the extended ack naming the attribute
 * (pointing at it, or in its message); nothing changes, not even the
 * good value next to a bad one.
 */
TEST_F(cfg, limits_out_of_range_change_nothing)
{
	static const struct {
		uint16_t type;
		long long tunnels, conns;
	} bad[] = {
		{ MLT_A_TUNNEL_LIMIT, MLT_TUNNEL_LIMIT_MIN - 1, -1 },
		{ MLT_A_TUNNEL_LIMIT, MLT_TUNNEL_LIMIT_MAX + 1LL, -1 },
		{ MLT_A_TUNNEL_LIMIT, 0xffffffffLL, 16 },
		{ MLT_A_CONN_LIMIT, -1, MLT_CONN_LIMIT_MIN - 1 },
		{ MLT_A_CONN_LIMIT, -1, MLT_CONN_LIMIT_MAX + 1LL },
		{ MLT_A_CONN_LIMIT, 16, 0xffffffffLL },
	};
	struct config c;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = set_limits(&self->nl, bad[i].tunnels, bad[i].conns);
		int at = extack_bad_attr(&self->nl);
		const char *want = bad[i].type == MLT_A_TUNNEL_LIMIT ?
				   "tunnel" : "conn";

		EXPECT_TRUE(ret == -EINVAL || ret == -ERANGE) {
			TH_LOG("case %zu: %d", i, ret);
		}
		EXPECT_TRUE(at == bad[i].type ||
			    strcasestr(self->nl.extack, want)) {
			TH_LOG("case %zu: extack \"%s\" points at attribute %d",
			       i, self->nl.extack, at);
		}
	}
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_TUNNEL_LIMIT_DEFAULT, c.tunnel_limit);
	EXPECT_EQ(MLT_CONN_LIMIT_DEFAULT, c.conn_limit);
}

static int limits_unprivileged(void *arg)
{
	struct config c;
	struct mlt_nl nl;

	(void)arg;
	if (drop_all_caps() || mlt_nl_open(&nl))
		return child_fail(10, "drop capabilities or netlink open");
	if (set_limits(&nl, 1, -1) != -EPERM ||
	    set_limits(&nl, -1, 1) != -EPERM)
		return child_fail(11,
			"set a limit without CAP_NET_ADMIN: expected EPERM");
	if (get_config(&nl, &c) || c.tunnel_limit != MLT_TUNNEL_LIMIT_DEFAULT)
		return child_fail(12, "read the limits without CAP_NET_ADMIN");
	return 0;
}

TEST_F(cfg, limits_need_cap_net_admin)
{
	struct config c;

	EXPECT_EQ(0, in_child(limits_unprivileged, NULL));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_TUNNEL_LIMIT_DEFAULT, c.tunnel_limit);
	EXPECT_EQ(MLT_CONN_LIMIT_DEFAULT, c.conn_limit);
}

/* One u64 per reason 1 .. MLT_TX_ERR_MAX, zeros included, no other. */
TEST_F(cfg, tx_errors_has_every_reason)
{
	struct config c;
	unsigned int t;

	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(1, c.have_tx_errors);
	EXPECT_EQ(0, c.bad);
	for (t = 1; t <= MLT_TX_ERR_MAX; t++) {
		EXPECT_EQ(1, c.tx_err_seen[t]) {
			TH_LOG("reason %u", t);
		}
		EXPECT_EQ(0, c.tx_err[t]);
	}
	EXPECT_EQ(0, c.tx_err_seen[MLT_TX_ERR_MAX + 1]);
}

/* ---- the congestion control and loss recovery counters (issue 11) ------ */

/* Reported once, as a u32, and cubic by default. */
TEST_F(cfg, cc_default_cubic)
{
	struct config c;

	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(0, c.bad);
	EXPECT_EQ(1, c.have_cc);
	EXPECT_EQ(MLT_CC_CUBIC, c.cc);
}

/* NewReno and back, alone; the other settings stay. */
TEST_F(cfg, cc_round_trip)
{
	struct config c;

	ASSERT_EQ(0, set_cc(&self->nl, MLT_CC_NEWRENO, -1));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_CC_NEWRENO, c.cc);
	EXPECT_EQ(MLT_UDP_PORT_DEFAULT, c.port);
	EXPECT_EQ(MLT_TUNNEL_TIMEOUT_DEFAULT, c.timeout);
	EXPECT_EQ(MLT_TUNNEL_LIMIT_DEFAULT, c.tunnel_limit);
	EXPECT_EQ(MLT_CONN_LIMIT_DEFAULT, c.conn_limit);
	/* Setting something else leaves it. */
	ASSERT_EQ(0, set_limits(&self->nl, 500, -1));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_CC_NEWRENO, c.cc);
	EXPECT_EQ(500, c.tunnel_limit);
	ASSERT_EQ(0, set_cc(&self->nl, MLT_CC_CUBIC, 600));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_CC_CUBIC, c.cc);
	EXPECT_EQ(600, c.tunnel_limit);
}

/*
 * Past MLT_CC_MAX: refused by the policy (ERANGE, as the spec says of
 * every value out of range), the extended ack with a message and pointing
 * at MLT_A_CC; nothing changes, not even a good value next to it.
 */
TEST_F(cfg, cc_out_of_range_changes_nothing)
{
	static const uint32_t bad[] = { MLT_CC_MAX + 1, 1000, 0xffffffff };
	struct config c;
	size_t i;

	ASSERT_EQ(0, set_cc(&self->nl, MLT_CC_NEWRENO, -1));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		self->nl.extack[0] = '\0';
		EXPECT_EQ(-ERANGE, set_cc(&self->nl, bad[i], i ? 7 : -1)) {
			TH_LOG("cc %u", bad[i]);
		}
		EXPECT_NE(0, self->nl.extack[0]) {
			TH_LOG("cc %u: no extended ack message", bad[i]);
		}
		EXPECT_EQ(MLT_A_CC, extack_bad_attr(&self->nl)) {
			TH_LOG("cc %u: extack \"%s\"", bad[i], self->nl.extack);
		}
	}
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_CC_NEWRENO, c.cc);
	EXPECT_EQ(MLT_TUNNEL_LIMIT_DEFAULT, c.tunnel_limit);
}

static int cc_unprivileged(void *arg)
{
	struct config c;
	struct mlt_nl nl;

	(void)arg;
	if (drop_all_caps() || mlt_nl_open(&nl))
		return child_fail(10, "drop capabilities or netlink open");
	if (set_cc(&nl, MLT_CC_NEWRENO, -1) != -EPERM ||
	    set_cc(&nl, MLT_CC_CUBIC, -1) != -EPERM)
		return child_fail(11,
			"set cc without CAP_NET_ADMIN: expected EPERM");
	if (get_config(&nl, &c) || !c.have_cc || c.cc != MLT_CC_CUBIC)
		return child_fail(12, "read cc without CAP_NET_ADMIN");
	return 0;
}

TEST_F(cfg, cc_needs_cap_net_admin)
{
	struct config c;

	EXPECT_EQ(0, in_child(cc_unprivileged, NULL));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_CC_CUBIC, c.cc);
}

static int cc_other_netns(void *arg)
{
	struct config c;
	struct mlt_nl nl;

	(void)arg;
	if (unshare(CLONE_NEWNET) || mlt_nl_open(&nl) || get_config(&nl, &c))
		return child_fail(10,
			"unshare(CLONE_NEWNET), netlink open or get config");
	if (c.cc != MLT_CC_CUBIC)
		return child_fail(11, "a new namespace does not start with cubic");
	return 0;
}

/* Per namespace: NewReno in this one, a new one still has cubic. */
TEST_F(cfg, cc_per_namespace)
{
	struct config c;

	ASSERT_EQ(0, set_cc(&self->nl, MLT_CC_NEWRENO, -1));
	EXPECT_EQ(0, in_child(cc_other_netns, NULL));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_CC_NEWRENO, c.cc);
}

/* The loss recovery counters and the reorder bytes: once each, 0 here. */
TEST_F(cfg, loss_recovery_counters_present)
{
	static const unsigned int stats[] = {
		MLT_STAT_RTO_EXPIRED, MLT_STAT_TLP_PROBES,
		MLT_STAT_SPURIOUS_UNDOS, MLT_STAT_REORDER_BYTES,
	};
	struct config c;
	size_t i;

	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(0, c.bad);
	for (i = 0; i < sizeof(stats) / sizeof(stats[0]); i++) {
		EXPECT_EQ(1, c.stat_seen[stats[i]]) {
			TH_LOG("counter %u", stats[i]);
		}
		EXPECT_EQ(0, c.stat[stats[i]]);
	}
}

/* mltctl: the cc by name in config and show, both forms. */
TEST_F(cfg, mltctl_cc)
{
	char out[8192];
	struct config c;

	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "config"));
	EXPECT_NE(NULL, strstr(out, "\ncc cubic\n")) {
		TH_LOG("%s", out);
	}
	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "config cc newreno"));
	EXPECT_STREQ("", out);
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_CC_NEWRENO, c.cc);
	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "config"));
	EXPECT_NE(NULL, strstr(out, "conn-limit 1024\ncc newreno\n"));
	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "config -j"));
	EXPECT_NE(NULL, strstr(out, "\"cc\": \"newreno\"")) {
		TH_LOG("%s", out);
	}
	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "show"));
	EXPECT_NE(NULL, strstr(out, "connection limit: 1024\n"
				    "congestion control: newreno\n")) {
		TH_LOG("%s", out);
	}
	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "show -j"));
	EXPECT_NE(NULL, strstr(out, "\"cc\": \"newreno\""));
	EXPECT_NE(NULL, strstr(out, "\"reorder_bytes\": 0"));
	/* A wrong name stops in mltctl: exit 1, one line, nothing changed. */
	EXPECT_EQ(1, run_mltctl(out, sizeof(out), "config cc bbr"));
	EXPECT_STREQ("mltctl: config: cc: \"bbr\" is not one of: cubic, newreno\n",
		     out);
	EXPECT_EQ(1, run_mltctl(out, sizeof(out), "config cc 0"));
	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "config cc cubic"));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_CC_CUBIC, c.cc);
}

/* ---- the largest buffers autotuning gives a socket (issue 11) ---------- */

/* Both reported once, as u32, with TCP's tcp_rmem[2] and tcp_wmem[2]. */
TEST_F(cfg, bufs_defaults)
{
	struct config c;

	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(0, c.bad);
	EXPECT_EQ(1, c.have_rmem_max);
	EXPECT_EQ(MLT_RMEM_MAX_DEFAULT, c.rmem_max);
	EXPECT_EQ(6291456, c.rmem_max);
	EXPECT_EQ(1, c.have_wmem_max);
	EXPECT_EQ(MLT_WMEM_MAX_DEFAULT, c.wmem_max);
	EXPECT_EQ(4194304, c.wmem_max);
}

/* Each alone and both together, at both ends of the range. */
TEST_F(cfg, bufs_round_trip)
{
	struct config c;

	ASSERT_EQ(0, set_bufs(&self->nl, MLT_RMEM_MAX_MIN, -1));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_RMEM_MAX_MIN, c.rmem_max);
	EXPECT_EQ(MLT_WMEM_MAX_DEFAULT, c.wmem_max);
	ASSERT_EQ(0, set_bufs(&self->nl, -1, MLT_WMEM_MAX_MIN));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_RMEM_MAX_MIN, c.rmem_max);
	EXPECT_EQ(MLT_WMEM_MAX_MIN, c.wmem_max);
	ASSERT_EQ(0, set_bufs(&self->nl, MLT_RMEM_MAX_MAX, MLT_WMEM_MAX_MAX));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_RMEM_MAX_MAX, c.rmem_max);
	EXPECT_EQ(MLT_WMEM_MAX_MAX, c.wmem_max);
	/* The other settings stay, and setting them leaves these. */
	EXPECT_EQ(MLT_UDP_PORT_DEFAULT, c.port);
	EXPECT_EQ(MLT_TUNNEL_LIMIT_DEFAULT, c.tunnel_limit);
	EXPECT_EQ(MLT_CC_CUBIC, c.cc);
	ASSERT_EQ(0, set_cc(&self->nl, MLT_CC_NEWRENO, 500));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_RMEM_MAX_MAX, c.rmem_max);
	EXPECT_EQ(MLT_WMEM_MAX_MAX, c.wmem_max);
}

/*
 * Out of range: ERANGE from the policy, the extended ack with a message
 * and pointing at the attribute; nothing changes, not even the good value
 * next to a bad one.
 */
TEST_F(cfg, bufs_out_of_range_change_nothing)
{
	static const struct {
		uint16_t type;
		long long rmem, wmem;
	} bad[] = {
		{ MLT_A_RMEM_MAX, MLT_RMEM_MAX_MIN - 1, -1 },
		{ MLT_A_RMEM_MAX, MLT_RMEM_MAX_MAX + 1LL, -1 },
		{ MLT_A_RMEM_MAX, 0, MLT_WMEM_MAX_MIN },
		{ MLT_A_RMEM_MAX, 0xffffffffLL, MLT_WMEM_MAX_MIN },
		{ MLT_A_WMEM_MAX, -1, MLT_WMEM_MAX_MIN - 1 },
		{ MLT_A_WMEM_MAX, -1, MLT_WMEM_MAX_MAX + 1LL },
		{ MLT_A_WMEM_MAX, MLT_RMEM_MAX_MIN, 0 },
		{ MLT_A_WMEM_MAX, MLT_RMEM_MAX_MIN, 0xffffffffLL },
	};
	struct config c;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		self->nl.extack[0] = '\0';
		EXPECT_EQ(-ERANGE, set_bufs(&self->nl, bad[i].rmem,
					    bad[i].wmem)) {
			TH_LOG("case %zu", i);
		}
		EXPECT_NE(0, self->nl.extack[0]) {
			TH_LOG("case %zu: no extended ack message", i);
		}
		EXPECT_EQ(bad[i].type, extack_bad_attr(&self->nl)) {
			TH_LOG("case %zu: extack \"%s\"", i, self->nl.extack);
		}
	}
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_RMEM_MAX_DEFAULT, c.rmem_max);
	EXPECT_EQ(MLT_WMEM_MAX_DEFAULT, c.wmem_max);
}

static int bufs_unprivileged(void *arg)
{
	struct config c;
	struct mlt_nl nl;

	(void)arg;
	if (drop_all_caps() || mlt_nl_open(&nl))
		return child_fail(10, "drop capabilities or netlink open");
	if (set_bufs(&nl, MLT_RMEM_MAX_MIN, -1) != -EPERM ||
	    set_bufs(&nl, -1, MLT_WMEM_MAX_MIN) != -EPERM)
		return child_fail(11,
			"set a buffer maximum without CAP_NET_ADMIN: expected EPERM");
	if (get_config(&nl, &c) || !c.have_rmem_max ||
	    c.rmem_max != MLT_RMEM_MAX_DEFAULT ||
	    c.wmem_max != MLT_WMEM_MAX_DEFAULT)
		return child_fail(12,
			"read the buffer maxima without CAP_NET_ADMIN");
	return 0;
}

TEST_F(cfg, bufs_need_cap_net_admin)
{
	struct config c;

	EXPECT_EQ(0, in_child(bufs_unprivileged, NULL));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_RMEM_MAX_DEFAULT, c.rmem_max);
	EXPECT_EQ(MLT_WMEM_MAX_DEFAULT, c.wmem_max);
}

static int bufs_other_netns(void *arg)
{
	struct config c;
	struct mlt_nl nl;

	(void)arg;
	if (unshare(CLONE_NEWNET) || mlt_nl_open(&nl) || get_config(&nl, &c))
		return child_fail(10,
			"unshare(CLONE_NEWNET), netlink open or get config");
	if (c.rmem_max != MLT_RMEM_MAX_DEFAULT ||
	    c.wmem_max != MLT_WMEM_MAX_DEFAULT)
		return child_fail(11,
			"a new namespace does not start with the default buffer maxima");
	if (set_bufs(&nl, 1 << 20, 1 << 21) || get_config(&nl, &c) ||
	    c.rmem_max != 1 << 20 || c.wmem_max != 1 << 21)
		return child_fail(12,
			"set the buffer maxima in the new namespace and read them back");
	return 0;
}

/* Per namespace: each keeps its own, a new one starts from the defaults. */
TEST_F(cfg, bufs_per_namespace)
{
	struct config c;

	ASSERT_EQ(0, set_bufs(&self->nl, 1 << 17, 1 << 18));
	EXPECT_EQ(0, in_child(bufs_other_netns, NULL));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(1 << 17, c.rmem_max);
	EXPECT_EQ(1 << 18, c.wmem_max);
}

/* mltctl: the buffer maxima in config and show, both forms. */
TEST_F(cfg, mltctl_bufs)
{
	char out[8192];
	struct config c;

	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "config"));
	EXPECT_NE(NULL, strstr(out, "\ncc cubic\nrmem-max 6291456\n"
				    "wmem-max 4194304\n")) {
		TH_LOG("%s", out);
	}
	ASSERT_EQ(0, run_mltctl(out, sizeof(out),
				"config rmem-max 16777216 wmem-max 65536"));
	EXPECT_STREQ("", out);
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(16777216, c.rmem_max);
	EXPECT_EQ(65536, c.wmem_max);
	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "config"));
	EXPECT_NE(NULL, strstr(out, "rmem-max 16777216\nwmem-max 65536\n"));
	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "config -j"));
	EXPECT_NE(NULL, strstr(out, "\"rmem_max\": 16777216")) {
		TH_LOG("%s", out);
	}
	EXPECT_NE(NULL, strstr(out, "\"wmem_max\": 65536"));
	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "show"));
	EXPECT_NE(NULL, strstr(out, "congestion control: cubic\n"
				    "receive buffer max: 16777216 bytes\n"
				    "send buffer max: 65536 bytes\n")) {
		TH_LOG("%s", out);
	}
	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "show -j"));
	EXPECT_NE(NULL, strstr(out, "\"rmem_max\": 16777216"));
	EXPECT_NE(NULL, strstr(out, "\"wmem_max\": 65536"));
	/* Out of range stops in mltctl: exit 1, one line, nothing changed. */
	EXPECT_EQ(1, run_mltctl(out, sizeof(out), "config wmem-max 65535"));
	EXPECT_STREQ("mltctl: config: wmem-max: \"65535\" is not a number from 65536 to 1073741824\n",
		     out);
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(65536, c.wmem_max);
}

TEST_HARNESS_MAIN
