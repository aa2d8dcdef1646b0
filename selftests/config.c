// SPDX-License-Identifier: GPL-2.0
/*
 * The namespace configuration: MLT_CMD_SET_CONFIG (UDP port, tunnel
 * timeout) and what GET_STATUS reports of it, the counters and the drops
 * by reason. Each test runs in a fresh network namespace.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nl.h"
#include "util.h"

struct config {
	int have_port, have_timeout, drops;
	uint16_t port;
	uint32_t timeout;
	int stats_tunnels;
};

static int drops_cb(const struct nlattr *attr, void *data)
{
	struct config *c = data;

	if (mnl_attr_get_type(attr) && mnl_attr_get_payload_len(attr) == 8)
		c->drops++;
	return MNL_CB_OK;
}

static int stats_cb(const struct nlattr *attr, void *data)
{
	struct config *c = data;

	if (mnl_attr_get_type(attr) == MLT_STAT_TUNNELS)
		c->stats_tunnels = 1;
	return MNL_CB_OK;
}

static int status_cb(const struct nlattr *attr, void *data)
{
	struct config *c = data;

	switch (mnl_attr_get_type(attr)) {
	case MLT_A_UDP_PORT:
		c->have_port = 1;
		c->port = mnl_attr_get_u16(attr);
		break;
	case MLT_A_TUNNEL_TIMEOUT:
		c->have_timeout = 1;
		c->timeout = mnl_attr_get_u32(attr);
		break;
	case MLT_A_DROPS:
		mnl_attr_parse_nested(attr, drops_cb, c);
		break;
	case MLT_A_STATS:
		mnl_attr_parse_nested(attr, stats_cb, c);
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
	EXPECT_TRUE(c.have_port);
	EXPECT_EQ(MLT_UDP_PORT_DEFAULT, c.port);
	EXPECT_TRUE(c.have_timeout);
	EXPECT_EQ(MLT_TUNNEL_TIMEOUT_DEFAULT, c.timeout);
	EXPECT_TRUE(c.stats_tunnels);
}

TEST_F(cfg, drops_has_every_reason)
{
	struct config c;

	ASSERT_EQ(0, get_config(&self->nl, &c));
	/* One u64 per reason 1 .. MLT_DROP_MAX - 1: 25 in this version. */
	EXPECT_EQ(25, c.drops);
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
}

TEST_F(cfg, bad_values_change_nothing)
{
	struct config c;

	EXPECT_EQ(-ERANGE, set_config(&self->nl, 0, -1));
	EXPECT_EQ(-ERANGE, set_config(&self->nl, -1, MLT_TUNNEL_TIMEOUT_MIN - 1));
	EXPECT_EQ(-ERANGE, set_config(&self->nl, -1, MLT_TUNNEL_TIMEOUT_MAX + 1));
	EXPECT_EQ(-EINVAL, set_config(&self->nl, -1, -1));	/* nothing */
	EXPECT_EQ(-ERANGE, set_config(&self->nl, 6000, 1));	/* all or none */
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_UDP_PORT_DEFAULT, c.port);
	EXPECT_EQ(MLT_TUNNEL_TIMEOUT_DEFAULT, c.timeout);
}

/* A port in use: the sockets stay where they were. */
TEST_F(cfg, busy_port_refused)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(6000) };
	struct sockaddr_mlt l = { .smlt_service = 7 };
	struct config c;
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	int s = socket(mlt_family(), SOCK_STREAM, 0);

	ASSERT_LE(0, u);
	ASSERT_EQ(0, bind(u, (void *)&a, sizeof(a)));
	/* A listener opens the namespace's UDP sockets. */
	l.smlt_family = mlt_family();
	ASSERT_LE(0, s);
	ASSERT_EQ(0, bind(s, (void *)&l, sizeof(l)));
	ASSERT_EQ(0, listen(s, 1));
	EXPECT_EQ(-EADDRINUSE, set_config(&self->nl, 6000, -1));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_UDP_PORT_DEFAULT, c.port);
	/* Moving to a free port works with the sockets open. */
	EXPECT_EQ(0, set_config(&self->nl, 6001, -1));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(6001, c.port);
	close(s);
	close(u);
}

static int set_unprivileged(void *arg)
{
	struct mlt_nl nl;

	(void)arg;
	if (drop_all_caps() || mlt_nl_open(&nl))
		return 10;
	return set_config(&nl, 5000, -1) == -EPERM ? 0 : 11;
}

TEST_F(cfg, needs_cap_net_admin)
{
	struct config c;

	EXPECT_EQ(0, in_child(set_unprivileged, NULL));
	ASSERT_EQ(0, get_config(&self->nl, &c));
	EXPECT_EQ(MLT_UDP_PORT_DEFAULT, c.port);
}

static int other_netns(void *arg)
{
	struct config c;
	struct mlt_nl nl;

	(void)arg;
	if (unshare(CLONE_NEWNET) || mlt_nl_open(&nl) || get_config(&nl, &c))
		return 10;
	return c.port == MLT_UDP_PORT_DEFAULT ? 0 : 11;
}

TEST_F(cfg, per_namespace)
{
	ASSERT_EQ(0, set_config(&self->nl, 5001, -1));
	EXPECT_EQ(0, in_child(other_netns, NULL));
}

TEST_F(cfg, mltctl_config_and_show)
{
	char cmd[256];
	const char *m = getenv("MLTCTL") ?: "/mlt/bin/mltctl";

	snprintf(cmd, sizeof(cmd), "%s config port 5002 tunnel-timeout 3000",
		 m);
	ASSERT_EQ(0, system(cmd));
	snprintf(cmd, sizeof(cmd),
		 "%s config | grep -qx 'port 5002' && "
		 "%s show -s | grep -q 'tunnel-unknown: 0' && "
		 "%s show | grep -q 'tunnel timeout: 3000 ms'", m, m, m);
	EXPECT_EQ(0, system(cmd));
	snprintf(cmd, sizeof(cmd), "%s config port 0 2>/dev/null", m);
	EXPECT_NE(0, system(cmd));
}

TEST_HARNESS_MAIN
