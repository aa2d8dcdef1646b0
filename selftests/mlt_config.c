// SPDX-License-Identifier: GPL-2.0
/*
 * The namespace configuration: MLT_CMD_SET_CONFIG (UDP port, tunnel
 * timeout, tunnel and connection limits, congestion control, largest
 * receive and send buffers) and what
 * GET_STATUS reports of
 * it, the counters, the drops and the send errors by reason, through
 * netlink and through mltctl; and the state of the tunnels
 * (MLT_CMD_TUNNEL_GET, mltctl tunnels). Each test runs in a fresh network
 * namespace.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "mlt_test.h"
#include "nl.h"
#include "util.h"

/*
 * The drop reasons of this version (the uapi enum mlt_drop_reason, 1 .. MLT_DROP_MAX), as
 * the table "Drop reasons" of Documentation/protocol.rst numbers them.
 */
#define N_REASONS	28
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
	int have_def[6];		/* the defence settings, as defs[] */
	uint32_t def[6];
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
	unsigned int t = mnl_attr_get_type(attr);
	struct config *c = data;

	switch (t) {
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
	case MLT_A_OPEN_RATE ... MLT_A_UNPRIV_SERVICE_START:
		c->have_def[t - MLT_A_OPEN_RATE]++;
		if (mnl_attr_validate(attr, MNL_TYPE_U32))
			c->bad++;
		else
			c->def[t - MLT_A_OPEN_RATE] = mnl_attr_get_u32(attr);
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
		"rmem-max 6291456\nwmem-max 4194304\nopen-rate 50\n"
		"open-burst 100\nsource-prefix4 32\nsource-prefix6 64\n"
		"halfopen-limit 128\nunpriv-service-start 1024\npuzzle auto\n"
		"client-tunnel-limit 8192\nuser-tunnel-quota 1024\n"
		"user-resolve-quota 32\nreplay-cache-limit 65536\n";
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
				    "  reject notices sent: 0\n"
				    "  tunnels rejected: 0\n"
				    "  sends held for validation: 0\n"
				    "  half-open tunnels: 0\n"
				    "  half-open tunnels evicted: 0\n"
				    "  puzzles sent: 0\n"
				    "  puzzles checked: 0\n"
				    "  puzzles solved: 0\n"
				    "  client tunnels: 0\n"
				    "  refused by a user quota: 0\n"
				    "  replay cache entries: 0\n"
				    "  ephemeral keys retired early: 0\n"
				    "  key-moved notices sent: 0\n"
				    "  tunnels moved to a new key: 0\n"
				    "  names with a virtual address: 0\n"
				    "  virtual addresses reclaimed: 0\n"
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

/* ---- the tunnels' state: MLT_CMD_TUNNEL_GET, mltctl tunnels ------------ */

/* The attribute types of the MLT_A_TUNNEL nests of a dump. */
struct tunnel_dump {
	int messages;
	int nests;
	int seen[MLT_TUNNEL_A_MAX + 2];	/* [MAX + 1]: any beyond */
	unsigned int len[MLT_TUNNEL_A_MAX + 1];
	uint64_t tid;
	uint32_t role, conns;
	uint64_t tids[128];		/* of the first 128 tunnels */
};

static int tunnel_nest_cb(const struct nlattr *attr, void *data)
{
	struct tunnel_dump *d = data;
	unsigned int t = mnl_attr_get_type(attr);

	if (t > MLT_TUNNEL_A_MAX) {
		d->seen[MLT_TUNNEL_A_MAX + 1]++;
		return MNL_CB_OK;
	}
	d->seen[t]++;
	d->len[t] = mnl_attr_get_payload_len(attr);
	if (t == MLT_TUNNEL_A_TID && d->len[t] == 8) {
		d->tid = mnl_attr_get_u64(attr);
		if (d->nests <= 128)
			d->tids[d->nests - 1] = d->tid;
	}
	else if (t == MLT_TUNNEL_A_ROLE && d->len[t] == 4)
		d->role = mnl_attr_get_u32(attr);
	else if (t == MLT_TUNNEL_A_CONNS && d->len[t] == 4)
		d->conns = mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

/* Each message of the dump: the nest and nothing else. */
static int tunnel_msg_cb(const struct nlattr *attr, void *data)
{
	struct tunnel_dump *d = data;

	if (mnl_attr_get_type(attr) == MLT_A_TUNNEL) {
		d->nests++;
		mnl_attr_parse_nested(attr, tunnel_nest_cb, d);
	}
	return MNL_CB_OK;
}

/* MLT_CMD_TUNNEL_GET as a dump into *d: 0 or -errno. */
static int dump_tunnels(struct mlt_nl *nl, struct tunnel_dump *d)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *req;
	int ret;

	memset(d, 0, sizeof(*d));
	req = mlt_nl_start(nl, buf, MLT_CMD_TUNNEL_GET, NLM_F_DUMP);
	ret = mlt_nl_send(nl, req, tunnel_msg_cb, d);
	/* One nest per message: the callback saw them all. */
	d->messages = d->nests;
	return ret;
}

static int tunnels_unprivileged(void *arg)
{
	char out[256];
	int ret;

	(void)arg;
	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return child_fail(10, "setresgid/setresuid to nobody");
	ret = run_mltctl(out, sizeof(out), "tunnels -j");
	if (ret || strcmp(out, "[]\n"))
		fprintf(stderr, "# exit %d: %s", ret, out);
	return ret ? ret : strcmp(out, "[]\n") != 0;
}

/* No tunnel: an empty dump, nothing printed, [] in JSON; no privilege. */
TEST_F(cfg, tunnels_none)
{
	struct tunnel_dump d;
	char out[8192];
	long long v;

	ASSERT_EQ(0, dump_tunnels(&self->nl, &d));
	EXPECT_EQ(0, d.messages);
	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "tunnels"));
	EXPECT_STREQ("", out);
	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "tunnels -j"));
	EXPECT_STREQ("[]\n", out);
	EXPECT_EQ(0, ns_tunnels(NULL));
	EXPECT_EQ(-1, tunnel_field(NULL, "tid", &v));
	EXPECT_EQ(0, in_child(tunnels_unprivileged, NULL));
	EXPECT_EQ(1, run_mltctl(out, sizeof(out), "tunnels all"));
	EXPECT_STREQ("mltctl: tunnels: unexpected argument 'all' (usage: mltctl tunnels [-j|--json])\n",
		     out);
}

/*
 * Two named namespaces joined by a veth pair: a server (identity and
 * ephemeral key) at 10.77.0.2 and a client whose directory names it
 * srv.test. Deleted by tunnel_pair_del().
 */
struct tunnel_pair {
	char srv[32];
	char cli[32];
	struct ready srv_ready;
	struct ready cli_ready;
	pid_t server;
	pid_t client;
};

#define PAIR_SERVICE	77

static int tunnel_pair_add(struct tunnel_pair *p)
{
	snprintf(p->srv, sizeof(p->srv), "mltcfg-s-%d", (int)getpid());
	snprintf(p->cli, sizeof(p->cli), "mltcfg-c-%d", (int)getpid());
	if (sh("ip netns add %s", p->srv) || sh("ip netns add %s", p->cli) ||
	    sh("ip link add vtc netns %s type veth peer name vts netns %s",
	       p->cli, p->srv) ||
	    sh("ip -n %s addr add 10.77.0.1/24 dev vtc", p->cli) ||
	    sh("ip -n %s addr add 10.77.0.2/24 dev vts", p->srv) ||
	    sh("ip -n %s link set vtc up", p->cli) ||
	    sh("ip -n %s link set vts up", p->srv))
		return -1;
	return sh("k=$(%1$s genkey) && "
		  "echo \"$k\" | ip netns exec %2$s %1$s identity set - && "
		  "pub=$(echo \"$k\" | %1$s pubkey) && "
		  "eph=$(ip netns exec %2$s %1$s eph rotate) && "
		  "ip netns exec %3$s %1$s dir add srv.test addr 10.77.0.2 "
		  "port 4747 identity \"$pub\" eph \"$eph\"",
		  mltctl(), p->srv, p->cli) ? -1 : 0;
}

static void tunnel_pair_del(struct tunnel_pair *p)
{
	if (p->client > 0) {
		kill(p->client, SIGKILL);
		reap(p->client);
	}
	if (p->server > 0) {
		kill(p->server, SIGKILL);
		reap(p->server);
	}
	sh("ip netns del %s", p->cli);
	sh("ip netns del %s", p->srv);
}

/* The server: echo what one connection sends, until it ends. */
static int pair_server(void *arg)
{
	struct tunnel_pair *p = arg;
	char buf[256];
	ssize_t n;
	int l, s;

	l = mlt_listen(PAIR_SERVICE, 4);
	if (l < 0)
		return child_fail(1, "listen");
	ready_signal(&p->srv_ready);
	s = accept(l, NULL, NULL);
	if (s < 0)
		return child_fail(2, "accept");
	while ((n = recv(s, buf, sizeof(buf), 0)) > 0)
		if (write_all(s, buf, n))
			return child_fail(3, "send");
	return 0;
}

/*
 * The client: a few echoes, then the connection stays open until killed.
 * Several: the first datagram on a veth pair just set up may be lost, and
 * the acknowledgment of a datagram sent again gives no RTT sample.
 */
static int pair_client(void *arg)
{
	struct tunnel_pair *p = arg;
	char buf[4];
	int i, s = mlt_connect("srv.test", PAIR_SERVICE);

	if (s < 0)
		return child_fail(1, "connect");
	for (i = 0; i < 5; i++) {
		if (write_all(s, "ping", 4) || read_full(s, buf, 4) != 4 ||
		    memcmp(buf, "ping", 4))
			return child_fail(2, "the echo");
		usleep(20000);
	}
	ready_signal(&p->cli_ready);
	for (;;)
		pause();
}

/* Field @f of the first tunnel of a `mltctl tunnels -j` snapshot, or -1. */
static long long jf(const char *json, const char *f)
{
	long long v;

	return json_tunnel_field(json, f, &v) ? -1 : v;
}

/*
 * Wait up to 10 s for field @f of the first tunnel in @ns to be @want;
 * @json keeps the last snapshot. The last value read, or -1.
 */
static long long tf_wait(const char *ns, const char *f, long long want,
			 char *json, size_t len)
{
	long long v = -1;
	int i;

	for (i = 0; i < 50; i++) {
		v = tunnels_json(ns, json, len) ? -1 : jf(json, f);
		if (v == want)
			break;
		usleep(200000);
	}
	return v;
}

/* The objects of a `mltctl tunnels -j` snapshot: its tunnels. */
static int json_objects(const char *json)
{
	int n = 0;

	while ((json = strchr(json, '{'))) {
		n++;
		json++;
	}
	return n;
}

/* What `mltctl tunnels` prints in @ns, into @out. */
static int tunnels_text(const char *ns, char *out, size_t len)
{
	char cmd[128];
	size_t n;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "ip netns exec %s %s tunnels", ns,
		 mltctl());
	f = popen(cmd, "r");
	if (!f)
		return -1;
	n = fread(out, 1, len - 1, f);
	out[n] = 0;
	return pclose(f) ? -1 : 0;
}

/* The raw dump of namespace @ns's tunnels, checked in a child there. */
static int pair_dump(void *arg)
{
	const char *ns = arg;
	struct tunnel_dump d;
	struct mlt_nl nl;
	bool client;

	if (enter_ns(ns) || mlt_nl_open(&nl))
		return child_fail(1, "setns or the netlink socket");
	if (dump_tunnels(&nl, &d))
		return child_fail(2, "MLT_CMD_TUNNEL_GET dump");
	mlt_nl_close(&nl);
	if (d.messages != 1)
		return child_failf(3, "%d tunnels in %s", d.messages, ns);
	client = d.role == MLT_TUNNEL_ROLE_CLIENT;
	/* Every attribute once, the flags only when set; nothing else. */
	for (int t = MLT_TUNNEL_A_TID; t <= MLT_TUNNEL_A_MAX + 1; t++) {
		int want = 1;

		if (t == MLT_TUNNEL_A_DEAD || t == MLT_TUNNEL_A_IN_RECOVERY ||
		    t > MLT_TUNNEL_A_MAX)
			want = 0;
		if (t == MLT_TUNNEL_A_SERVER_IDENTITY)
			want = client;
		if (d.seen[t] != want)
			return child_failf(4, "%s: attribute %d %d times",
					   ns, t, d.seen[t]);
	}
	if (d.len[MLT_TUNNEL_A_TID] != 8 || !d.tid ||
	    d.len[MLT_TUNNEL_A_PEER_ADDR] != 4 ||
	    d.len[MLT_TUNNEL_A_PEER_PORT] != 2 ||
	    d.len[MLT_TUNNEL_A_PACING_RATE] != 8 ||
	    d.len[MLT_TUNNEL_A_RX_WINDOW] != 8 ||
	    d.len[MLT_TUNNEL_A_DGRAM_SIZE] != 4 ||
	    (client && d.len[MLT_TUNNEL_A_SERVER_IDENTITY] != MLT_KEY_LEN))
		return child_failf(5, "%s: an attribute of the wrong size", ns);
	if (d.conns != 1)
		return child_failf(6, "%s: %u connections", ns, d.conns);
	return client ? 10 : 20;
}

/*
 * A client and a server with a tunnel and a connection: each side's dump
 * and `mltctl tunnels` tell the same tunnel from its own end, the round
 * trip measured, no loss; the connection's end shows on the server. The
 * debug kernels are slow: a long timeout, and few mltctl runs.
 */
TEST_F_TIMEOUT(cfg, tunnels_client_and_server, 180)
{
	static char cj[1 << 14], sj[1 << 14], out[8192];
	struct tunnel_pair p = { 0 };
	long long tid;

	ready_init(&p.srv_ready);
	ready_init(&p.cli_ready);
	if (tunnel_pair_add(&p)) {
		tunnel_pair_del(&p);
		ASSERT_TRUE(0) TH_LOG("the namespaces, the veth pair or the keys");
	}
	p.server = spawn(p.srv, pair_server, &p);
	ASSERT_EQ(0, ready_wait(&p.srv_ready)) tunnel_pair_del(&p);
	p.client = spawn(p.cli, pair_client, &p);
	ASSERT_EQ(0, ready_wait(&p.cli_ready)) tunnel_pair_del(&p);

	EXPECT_EQ(10, in_child(pair_dump, p.cli));
	EXPECT_EQ(20, in_child(pair_dump, p.srv));

	/* Once both ends have had their data acknowledged: a snapshot each. */
	EXPECT_EQ(0, tf_wait(p.srv, "inflight", 0, sj, sizeof(sj)));
	EXPECT_EQ(0, tf_wait(p.cli, "inflight", 0, cj, sizeof(cj)));

	/* One tunnel, one id, seen from both ends. */
	EXPECT_EQ(1, json_objects(cj));
	EXPECT_EQ(1, json_objects(sj));
	tid = jf(cj, "tid");
	EXPECT_LT(0, tid);
	EXPECT_EQ(tid, jf(sj, "tid"));
	EXPECT_NE(NULL, strstr(cj, "\"role\": \"client\","));
	EXPECT_NE(NULL, strstr(sj, "\"role\": \"server\","));
	EXPECT_NE(NULL, strstr(cj, "\"peer_addr\": \"10.77.0.2\","));
	EXPECT_NE(NULL, strstr(sj, "\"peer_addr\": \"10.77.0.1\","));
	EXPECT_NE(NULL, strstr(cj, "\"server_identity\": \""));
	EXPECT_EQ(NULL, strstr(sj, "server_identity"));
	EXPECT_EQ(4747, jf(cj, "peer_port"));
	EXPECT_EQ(4747, jf(sj, "peer_port"));
	EXPECT_EQ(1, jf(cj, "conns"));
	EXPECT_EQ(1, jf(sj, "conns"));

	/*
	 * The client's data was acknowledged: an RTT sample, nothing left
	 * to send again. (Whether a datagram was lost on the fresh link,
	 * and so ssthresh and the recovery flag, is the link's business.)
	 */
	EXPECT_LT(0, jf(cj, "srtt_us"));
	EXPECT_LT(0, jf(cj, "min_rtt_us"));
	EXPECT_LE(jf(cj, "min_rtt_us"), jf(cj, "srtt_us"));
	EXPECT_LT(0, jf(cj, "rto_ms"));
	EXPECT_LT(0, jf(cj, "cwnd"));
	EXPECT_LT(0, jf(cj, "ssthresh"));
	EXPECT_LT(0, jf(cj, "pacing_rate"));
	EXPECT_EQ(0, jf(cj, "lost"));
	EXPECT_EQ(0, jf(cj, "sacked"));
	EXPECT_EQ(0, jf(sj, "lost"));
	EXPECT_EQ(0, jf(sj, "sacked"));
	EXPECT_LE(0, jf(cj, "in_recovery"));
	EXPECT_EQ(0, jf(cj, "dead"));
	EXPECT_EQ(0, jf(sj, "dead"));
	EXPECT_LE(1, jf(cj, "reo_wnd_mult"));
	EXPECT_EQ(0, jf(cj, "reorder_bytes"));
	EXPECT_LT(0, jf(cj, "rx_window"));
	EXPECT_LT(0, jf(sj, "rx_window"));
	/* The size probing found, from the base 1232 up to 1472. */
	EXPECT_LE(1232, jf(cj, "dgram_size"));
	EXPECT_GE(1472, jf(cj, "dgram_size"));
	EXPECT_LE(1232, jf(sj, "dgram_size"));
	EXPECT_GE(1472, jf(sj, "dgram_size"));
	EXPECT_LE(0, jf(cj, "idle_ms"));
	EXPECT_GT(120000, jf(cj, "idle_ms"));
	EXPECT_NE(NULL, strstr(cj, "\"cc\": \"cubic\","));
	EXPECT_EQ(-1, jf(cj, "role"));		/* a string */
	EXPECT_EQ(-1, jf(cj, "no_such_field"));

	/* The text form: one line each, from each end. */
	ASSERT_EQ(0, tunnels_text(p.cli, out, sizeof(out))) tunnel_pair_del(&p);
	TH_LOG("%s: %s", p.cli, out);
	EXPECT_EQ(0, strncmp(out, "client 10.77.0.2:4747 tid 0x", 28));
	EXPECT_NE(NULL, strstr(out, " conns 1 rtt "));
	EXPECT_NE(NULL, strstr(out, " ms cwnd "));
	EXPECT_NE(NULL, strstr(out, " inflight 0 lost 0 sacked 0 cubic pacing "));
	EXPECT_EQ(strlen(out) - 1, (size_t)(strchr(out, '\n') - out));
	ASSERT_EQ(0, tunnels_text(p.srv, out, sizeof(out))) tunnel_pair_del(&p);
	TH_LOG("%s: %s", p.srv, out);
	EXPECT_EQ(0, strncmp(out, "server 10.77.0.1:4747 tid 0x", 28));

	/* The client goes: its connection ends, the tunnel stays. */
	kill(p.client, SIGKILL);
	reap(p.client);
	p.client = 0;
	EXPECT_EQ(0, tf_wait(p.srv, "conns", 0, sj, sizeof(sj)));
	EXPECT_EQ(tid, jf(sj, "tid"));
	EXPECT_EQ(1, ns_tunnels(p.srv));
	tunnel_pair_del(&p);
}

/*
 * A directory entry @name for a server at 127.0.0.1:@port with made-up
 * keys: a connect() to it makes a client tunnel and sends nothing.
 */
static int dir_add_local(struct mlt_nl *nl, const char *name, uint16_t port)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE], key[MLT_KEY_LEN];
	struct in_addr lo = { htonl(INADDR_LOOPBACK) };
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	nlh = mlt_nl_start(nl, buf, MLT_CMD_DIR_ADD, 0);
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, name);
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_ADDRS);
	mnl_attr_put(nlh, MLT_ITEM_ADDR, 4, &lo);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u16(nlh, MLT_A_DIR_PORT, port);
	memset(key, 0x11, sizeof(key));
	mnl_attr_put(nlh, MLT_A_DIR_IDENTITY, MLT_KEY_LEN, key);
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_EPH_KEYS);
	memset(key, 0xa0, sizeof(key));
	mnl_attr_put(nlh, MLT_ITEM_KEY, MLT_KEY_LEN, key);
	mnl_attr_nest_end(nlh, nest);
	return mlt_nl_send(nl, nlh, NULL, NULL);
}

/* @n client tunnels, one per entry tN.test (port 20000 + N): sockets. */
static int many_tunnels(struct mlt_nl *nl, int *socks, int from, int n)
{
	char name[32];
	int i;

	for (i = from; i < from + n; i++) {
		snprintf(name, sizeof(name), "t%d.test", i);
		if (dir_add_local(nl, name, 20000 + i))
			return -1;
		socks[i] = mlt_connect(name, 7);
		if (socks[i] < 0)
			return -1;
	}
	return 0;
}

/*
 * A dump on @dnl read 4 KiB at a time (libmnl's buffer: the kernel fills
 * each part to it), a tunnel opened after the first read. The reads, or
 * -1; the messages, and whether one was marked NLM_F_DUMP_INTR.
 */
static int dump_interrupted(struct mlt_nl *nl, struct mlt_nl *dnl,
			    int *socks, int extra, int *messages, int *intr)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	const struct nlmsghdr *nlh;
	struct nlmsghdr *req;
	int reads = 0, done = 0, n;

	*messages = *intr = 0;
	req = mlt_nl_start(dnl, buf, MLT_CMD_TUNNEL_GET, NLM_F_DUMP);
	req->nlmsg_flags |= NLM_F_REQUEST;
	req->nlmsg_seq = ++dnl->seq;
	if (mnl_socket_sendto(dnl->sock, req, req->nlmsg_len) < 0)
		return -1;
	while (!done) {
		n = (int)mnl_socket_recvfrom(dnl->sock, buf, sizeof(buf));
		if (n <= 0)
			return -1;
		/* The new tunnel's entry and connect() go by the other socket. */
		if (++reads == 1 && many_tunnels(nl, socks, extra, 1))
			return -1;
		nlh = (const struct nlmsghdr *)buf;
		for (; mnl_nlmsg_ok(nlh, n); nlh = mnl_nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_type == NLMSG_DONE ||
			    nlh->nlmsg_type == NLMSG_ERROR) {
				done = 1;
				break;
			}
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				*intr = 1;
			(*messages)++;
		}
	}
	return reads;
}

#define MANY_TUNNELS	60

/*
 * More tunnels than one part of a dump holds: each comes once, across
 * the parts; a tunnel opened between two parts marks the dump
 * interrupted, as the directory's dump does.
 */
TEST_F_TIMEOUT(cfg, tunnels_dump_in_parts, 120)
{
	int socks[MANY_TUNNELS + 1], i, j, messages, intr, reads;
	struct mlt_nl *dnl = malloc(sizeof(*dnl));
	struct tunnel_dump d;
	char out[1 << 16];

	ASSERT_EQ(0, sh("ip link set lo up"));
	ASSERT_EQ(0, many_tunnels(&self->nl, socks, 0, MANY_TUNNELS));
	ASSERT_EQ(0, dump_tunnels(&self->nl, &d));
	EXPECT_EQ(MANY_TUNNELS, d.messages);
	for (i = 0; i < MANY_TUNNELS; i++) {
		EXPECT_NE(0, d.tids[i]);
		for (j = 0; j < i; j++)
			EXPECT_NE(d.tids[i], d.tids[j]);
	}
	EXPECT_EQ(MANY_TUNNELS, ns_tunnels(NULL));
	ASSERT_EQ(0, run_mltctl(out, sizeof(out), "tunnels"));
	for (i = 0, j = 0; out[i]; i++)
		j += out[i] == '\n';
	EXPECT_EQ(MANY_TUNNELS, j);
	EXPECT_EQ(0, strncmp(out, "client 127.0.0.1:20000 tid 0x", 29));

	/* The mltctl tunnels -j snapshot of a fresh tunnel: no RTT yet. */
	ASSERT_EQ(0, tunnels_json(NULL, out, sizeof(out)));
	EXPECT_EQ(0, jf(out, "srtt_us"));
	EXPECT_EQ(0, jf(out, "pacing_rate"));
	EXPECT_EQ(1, jf(out, "conns"));
	EXPECT_EQ(20000, jf(out, "peer_port"));

	ASSERT_NE(NULL, dnl);
	ASSERT_EQ(0, mlt_nl_open(dnl));
	reads = dump_interrupted(&self->nl, dnl, socks, MANY_TUNNELS,
				 &messages, &intr);
	mlt_nl_close(dnl);
	free(dnl);
	EXPECT_LT(2, reads);
	EXPECT_LE(MANY_TUNNELS, messages);
	EXPECT_EQ(1, intr);
	EXPECT_EQ(MANY_TUNNELS + 1, ns_tunnels(NULL));
	for (i = 0; i <= MANY_TUNNELS; i++)
		close(socks[i]);
}

/* ---- the defence of openings and the low services (issue 12) ---------- */

/* The six settings, in the order of their attributes. */
static const struct {
	int attr;
	const char *name;
	uint32_t def, min, max;
} defs[] = {
	{ MLT_A_OPEN_RATE, "open-rate", MLT_OPEN_RATE_DEFAULT, 0,
	  MLT_OPEN_RATE_MAX },
	{ MLT_A_OPEN_BURST, "open-burst", MLT_OPEN_BURST_DEFAULT,
	  MLT_OPEN_BURST_MIN, MLT_OPEN_BURST_MAX },
	{ MLT_A_SOURCE_PREFIX4, "source-prefix4", MLT_SOURCE_PREFIX4_DEFAULT,
	  MLT_SOURCE_PREFIX4_MIN, MLT_SOURCE_PREFIX4_MAX },
	{ MLT_A_SOURCE_PREFIX6, "source-prefix6", MLT_SOURCE_PREFIX6_DEFAULT,
	  MLT_SOURCE_PREFIX6_MIN, MLT_SOURCE_PREFIX6_MAX },
	{ MLT_A_HALFOPEN_LIMIT, "halfopen-limit", MLT_HALFOPEN_LIMIT_DEFAULT,
	  0, MLT_HALFOPEN_LIMIT_MAX },
	{ MLT_A_UNPRIV_SERVICE_START, "unpriv-service-start",
	  MLT_UNPRIV_SERVICE_START_DEFAULT, 0, MLT_UNPRIV_SERVICE_START_MAX },
};

/* One u32 setting of SET_CONFIG. */
static int set_u32(struct mlt_nl *nl, int attr, uint64_t v)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *req = mlt_nl_start(nl, buf, MLT_CMD_SET_CONFIG, 0);

	mnl_attr_put_u32(req, attr, (uint32_t)v);
	return mlt_nl_send(nl, req, NULL, NULL);
}

TEST_F(cfg, defence_defaults)
{
	struct config c;
	size_t i;

	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(0, c.bad);
	for (i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		EXPECT_EQ(1, c.have_def[i]) TH_LOG("%s", defs[i].name);
		EXPECT_EQ(defs[i].def, c.def[i]) TH_LOG("%s", defs[i].name);
	}
	/* The documented values, not only the macros. */
	EXPECT_EQ(50, c.def[0]);
	EXPECT_EQ(100, c.def[1]);
	EXPECT_EQ(32, c.def[2]);
	EXPECT_EQ(64, c.def[3]);
	EXPECT_EQ(128, c.def[4]);
	EXPECT_EQ(1024, c.def[5]);
}

/* Each takes its lowest and highest value, and only itself changes. */
TEST_F(cfg, defence_round_trip)
{
	struct config c;
	size_t i, j;

	for (i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		ASSERT_EQ(0, set_u32(&self->nl, defs[i].attr, defs[i].min));
		ASSERT_EQ(0, get_config(&self->nl, &c));
		EXPECT_EQ(defs[i].min, c.def[i]) TH_LOG("%s", defs[i].name);
		for (j = 0; j < i; j++)
			EXPECT_EQ(defs[j].max, c.def[j]);
		for (j = i + 1; j < sizeof(defs) / sizeof(defs[0]); j++)
			EXPECT_EQ(defs[j].def, c.def[j]);
		ASSERT_EQ(0, set_u32(&self->nl, defs[i].attr, defs[i].max));
		ASSERT_EQ(0, get_config(&self->nl, &c));
		EXPECT_EQ(defs[i].max, c.def[i]) TH_LOG("%s", defs[i].name);
	}
}

/* Out of range: ERANGE, the extack names the attribute, nothing changes. */
TEST_F(cfg, defence_out_of_range_change_nothing)
{
	struct config c;
	size_t i;

	for (i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		if (defs[i].min) {
			EXPECT_EQ(-ERANGE, set_u32(&self->nl, defs[i].attr,
						   defs[i].min - 1))
				TH_LOG("%s below its range", defs[i].name);
			EXPECT_EQ(defs[i].attr, extack_bad_attr(&self->nl));
		}
		EXPECT_EQ(-ERANGE, set_u32(&self->nl, defs[i].attr,
					   defs[i].max + 1ULL))
			TH_LOG("%s above its range", defs[i].name);
		EXPECT_EQ(defs[i].attr, extack_bad_attr(&self->nl));
		EXPECT_EQ(-ERANGE, set_u32(&self->nl, defs[i].attr, 0xffffffff));
	}
	ASSERT_EQ(0, get_config(&self->nl, &c));
	for (i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
		EXPECT_EQ(defs[i].def, c.def[i]) TH_LOG("setting %zu", i);
}

static int defence_unprivileged(void *arg)
{
	struct mlt_nl nl;
	size_t i;

	(void)arg;
	if (drop_all_caps() || mlt_nl_open(&nl))
		return child_fail(10, "drop capabilities or netlink open");
	for (i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
		if (set_u32(&nl, defs[i].attr, defs[i].max) != -EPERM) {
			fprintf(stderr, "# %s\n", defs[i].name);
			return child_fail(11 + (int)i,
				"set it without CAP_NET_ADMIN: expected EPERM");
		}
	return 0;
}

TEST_F(cfg, defence_needs_cap_net_admin)
{
	struct config c;
	size_t i;

	EXPECT_EQ(0, in_child(defence_unprivileged, NULL));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	for (i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
		EXPECT_EQ(defs[i].def, c.def[i]) TH_LOG("setting %zu", i);
}

/* bind() to @service in a socket of our own: 0 or -errno. */
static int bind_service(uint16_t service)
{
	struct sockaddr_mlt a = { .smlt_family = mlt_family(),
				  .smlt_service = service };
	int s = socket(mlt_family(), SOCK_STREAM, 0), ret = 0;

	if (s < 0)
		return -errno;
	if (bind(s, (struct sockaddr *)&a, sizeof(a)))
		ret = -errno;
	close(s);
	return ret;
}

/* Without CAP_NET_BIND_SERVICE: which of @arg's services bind. */
static int bind_unprivileged(void *arg)
{
	const int *want = arg;	/* service, errno, ..., 0 */
	int ret;

	if (drop_all_caps())
		return child_fail(10, "drop capabilities");
	for (; want[0]; want += 2) {
		ret = bind_service((uint16_t)want[0]);
		if (ret != -want[1]) {
			fprintf(stderr, "# bind(%d): %d, expected %d\n",
				want[0], ret, -want[1]);
			return child_fail(11,
				"bind without CAP_NET_BIND_SERVICE");
		}
	}
	return 0;
}

/*
 * Issue 12, point 6: services below unpriv-service-start (1024 by default)
 * need CAP_NET_BIND_SERVICE, as TCP's ports below
 * ip_unprivileged_port_start; the setting moves the bound, 0 frees all.
 */
TEST_F(cfg, low_services_need_cap_net_bind_service)
{
	static const int dflt[] = { 1, EACCES, 80, EACCES, 1023, EACCES,
				    1024, 0, 65535, 0, 0 };
	static const int none[] = { 1, 0, 80, 0, 0 };
	static const int all[] = { 1024, EACCES, 65535, EACCES, 0 };

	EXPECT_EQ(0, bind_service(80)) TH_LOG("root binds a low service");
	EXPECT_EQ(0, in_child(bind_unprivileged, (void *)dflt));
	ASSERT_EQ(0, set_u32(&self->nl, MLT_A_UNPRIV_SERVICE_START, 0));
	EXPECT_EQ(0, in_child(bind_unprivileged, (void *)none));
	ASSERT_EQ(0, set_u32(&self->nl, MLT_A_UNPRIV_SERVICE_START,
			     MLT_UNPRIV_SERVICE_START_MAX));
	EXPECT_EQ(0, in_child(bind_unprivileged, (void *)all));
	EXPECT_EQ(0, bind_service(65535)) TH_LOG("root still binds");
}

TEST_HARNESS_MAIN
