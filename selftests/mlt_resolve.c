// SPDX-License-Identifier: GPL-2.0
/*
 * On-demand resolution: connect() to a name the directory lacks asks a
 * resolver over the "resolve" multicast group and waits for its answer;
 * negative entries, the resolve timeout, MLT_CMD_RESOLVE from userspace,
 * the group's permission, MLT_CMD_EPH_DEL and the "dir" group's news.
 *
 * Each test runs in a fresh network namespace. The resolver is a child in
 * the same namespace: it joins the group, reports each name asked for on
 * a pipe, and answers by the name's first label: ok-* at once, slow-*
 * after SLOW_MS, noname-*, expired-*, norecord-*, invalid-*, down-* with
 * a negative entry of that reason, silent-* never.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <sodium.h>

#include "kselftest_harness.h"
#include "nl.h"
#include "util.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

#define SERVICE		7
#define SLOW_MS		300
#define ENTRY_PORT	4800
#define ENTRY_LIFETIME	60
#define IDENTITY_SEED	0x11
#define EPH_SEED	0x22
#define MAX_SLOW	64

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* A Curve25519 public key whose private key is @seed repeated. */
static void make_key(uint8_t out[MLT_KEY_LEN], uint8_t seed)
{
	uint8_t priv[MLT_KEY_LEN];

	memset(priv, seed, sizeof(priv));
	if (crypto_scalarmult_base(out, priv))
		memset(out, seed, MLT_KEY_LEN);
}

/* What a GET_STATUS reply said. */
struct status {
	uint64_t stat[MLT_STAT_MAX + 1];
	int have_resolve_timeout;
	uint32_t resolve_timeout;
};

static int stats_cb(const struct nlattr *attr, void *data)
{
	struct status *s = data;
	unsigned int t = mnl_attr_get_type(attr);

	if (t > MLT_STAT_PAD && t <= MLT_STAT_MAX &&
	    mnl_attr_get_payload_len(attr) == 8)
		s->stat[t] = mnl_attr_get_u64(attr);
	return MNL_CB_OK;
}

static int status_cb(const struct nlattr *attr, void *data)
{
	struct status *s = data;

	switch (mnl_attr_get_type(attr)) {
	case MLT_A_STATS:
		mnl_attr_parse_nested(attr, stats_cb, s);
		break;
	case MLT_A_RESOLVE_TIMEOUT:
		s->have_resolve_timeout++;
		s->resolve_timeout = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

static int get_status(struct mlt_nl *nl, struct status *s)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];

	memset(s, 0, sizeof(*s));
	return mlt_nl_send(nl, mlt_nl_start(nl, buf, MLT_CMD_GET_STATUS, 0),
			   status_cb, s);
}

static uint64_t get_stat(struct mlt_nl *nl, unsigned int which)
{
	struct status s;

	if (get_status(nl, &s))
		return ~0ULL;
	return s.stat[which];
}

static int set_resolve_timeout(struct mlt_nl *nl, uint32_t ms)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *req = mlt_nl_start(nl, buf, MLT_CMD_SET_CONFIG, 0);

	mnl_attr_put_u32(req, MLT_A_RESOLVE_TIMEOUT, ms);
	return mlt_nl_send(nl, req, NULL, NULL);
}

/* What a DIR_GET reply, a notification or an MLT_CMD_RESOLVE reply said. */
struct dir_seen {
	char name[MLT_NAME_MAX];
	int has_port, has_identity, has_error, has_lifetime, has_addrs;
	unsigned int n_addrs, n_keys;
	uint16_t port;
	uint8_t identity[MLT_KEY_LEN];
	uint8_t key[MLT_KEY_LEN];
	uint32_t error, lifetime;
	int has_left;		/* MLT_CMD_RESOLVE's reply */
	uint32_t left;
};

static int dir_item_cb(const struct nlattr *attr, void *data)
{
	struct dir_seen *s = data;

	if (mnl_attr_get_type(attr) == MLT_ITEM_ADDR) {
		s->n_addrs++;
	} else if (mnl_attr_get_type(attr) == MLT_ITEM_KEY &&
		   mnl_attr_get_payload_len(attr) == MLT_KEY_LEN) {
		if (!s->n_keys++)
			memcpy(s->key, mnl_attr_get_payload(attr),
			       MLT_KEY_LEN);
	}
	return MNL_CB_OK;
}

static int dir_cb(const struct nlattr *attr, void *data)
{
	struct dir_seen *s = data;

	switch (mnl_attr_get_type(attr)) {
	case MLT_A_DIR_NAME:
		snprintf(s->name, sizeof(s->name), "%s",
			 mnl_attr_get_str(attr));
		break;
	case MLT_A_DIR_ADDRS:
		s->has_addrs++;
		mnl_attr_parse_nested(attr, dir_item_cb, s);
		break;
	case MLT_A_DIR_EPH_KEYS:
		mnl_attr_parse_nested(attr, dir_item_cb, s);
		break;
	case MLT_A_DIR_PORT:
		s->has_port++;
		s->port = mnl_attr_get_u16(attr);
		break;
	case MLT_A_DIR_IDENTITY:
		if (mnl_attr_get_payload_len(attr) == MLT_KEY_LEN) {
			s->has_identity++;
			memcpy(s->identity, mnl_attr_get_payload(attr),
			       MLT_KEY_LEN);
		}
		break;
	case MLT_A_DIR_ERROR:
		s->has_error++;
		s->error = mnl_attr_get_u32(attr);
		break;
	case MLT_A_DIR_LIFETIME:
		s->has_lifetime++;
		s->lifetime = mnl_attr_get_u32(attr);
		break;
	case MLT_A_RESOLVE_TIMEOUT:
		s->has_left++;
		s->left = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

/* DIR_GET or MLT_CMD_RESOLVE of @name. */
static int dir_name_req(struct mlt_nl *nl, uint8_t cmd, const char *name,
			struct dir_seen *seen)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mlt_nl_start(nl, buf, cmd, 0);

	memset(seen, 0, sizeof(*seen));
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, name);
	return mlt_nl_send(nl, nlh, dir_cb, seen);
}

/* Which attributes a DIR_ADD carries besides the name. */
enum {
	ADD_POSITIVE	= 0x01,	/* addrs, port, identity, keys */
	ADD_ADDRS	= 0x02,
	ADD_PORT	= 0x04,
	ADD_IDENTITY	= 0x08,
	ADD_KEYS	= 0x10,
	ADD_ERROR	= 0x20,
};

static int dir_add_for(struct mlt_nl *nl, const char *name, unsigned int what,
		       uint32_t error, uint32_t lifetime)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE], key[MLT_KEY_LEN];
	uint8_t addr[4] = { 127, 0, 0, 1 };
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	if (what & ADD_POSITIVE)
		what |= ADD_ADDRS | ADD_PORT | ADD_IDENTITY | ADD_KEYS;
	nlh = mlt_nl_start(nl, buf, MLT_CMD_DIR_ADD, 0);
	mnl_attr_put(nlh, MLT_A_DIR_REPLACE, 0, NULL);
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, name);
	if (what & ADD_ADDRS) {
		nest = mnl_attr_nest_start(nlh, MLT_A_DIR_ADDRS);
		mnl_attr_put(nlh, MLT_ITEM_ADDR, sizeof(addr), addr);
		mnl_attr_nest_end(nlh, nest);
	}
	if (what & ADD_PORT)
		mnl_attr_put_u16(nlh, MLT_A_DIR_PORT, ENTRY_PORT);
	if (what & ADD_IDENTITY) {
		make_key(key, IDENTITY_SEED);
		mnl_attr_put(nlh, MLT_A_DIR_IDENTITY, MLT_KEY_LEN, key);
	}
	if (what & ADD_KEYS) {
		make_key(key, EPH_SEED);
		nest = mnl_attr_nest_start(nlh, MLT_A_DIR_EPH_KEYS);
		mnl_attr_put(nlh, MLT_ITEM_KEY, MLT_KEY_LEN, key);
		mnl_attr_nest_end(nlh, nest);
	}
	if (what & ADD_ERROR)
		mnl_attr_put_u32(nlh, MLT_A_DIR_ERROR, error);
	mnl_attr_put_u32(nlh, MLT_A_DIR_LIFETIME, lifetime);
	return mlt_nl_send(nl, nlh, NULL, NULL);
}

static int dir_add(struct mlt_nl *nl, const char *name, unsigned int what,
		   uint32_t error)
{
	return dir_add_for(nl, name, what, error, ENTRY_LIFETIME);
}

/* The generic netlink family id and the ids of its two groups. */
struct genl_ids {
	uint16_t family;
	uint32_t group;		/* "resolve" */
	uint32_t dir_group;	/* "dir" */
};

static int group_cb(const struct nlattr *attr, void *data)
{
	struct genl_ids *ids = data;
	const struct nlattr *a;
	const char *name = NULL;
	uint32_t id = 0;

	mnl_attr_for_each_nested(a, attr) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME)
			name = mnl_attr_get_str(a);
		else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID)
			id = mnl_attr_get_u32(a);
	}
	if (name && !strcmp(name, MLT_MCGRP_RESOLVE))
		ids->group = id;
	else if (name && !strcmp(name, MLT_MCGRP_DIR))
		ids->dir_group = id;
	return MNL_CB_OK;
}

static int ctrl_attr_cb(const struct nlattr *attr, void *data)
{
	struct genl_ids *ids = data;

	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
		ids->family = mnl_attr_get_u16(attr);
	else if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GROUPS)
		mnl_attr_parse_nested(attr, group_cb, ids);
	return MNL_CB_OK;
}

static int ctrl_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), ctrl_attr_cb,
			      data);
}

/* CTRL_CMD_GETFAMILY "minimalt" on @sock: 0, or -errno. */
static int lookup_ids(struct mnl_socket *sock, struct genl_ids *ids)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	uint32_t portid = mnl_socket_get_portid(sock);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;
	ssize_t n;
	int ret;

	memset(ids, 0, sizeof(*ids));
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 1;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, MLT_GENL_NAME);
	if (mnl_socket_sendto(sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(sock, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run(buf, n, 1, portid, ctrl_msg_cb, ids);
	} while (ret > MNL_CB_STOP);
	if (ret < 0)
		return -errno;
	return ids->family && ids->group && ids->dir_group ? 0 : -ENOENT;
}

/* A generic netlink socket and the ids; NULL on failure. */
static struct mnl_socket *genl_open(struct genl_ids *ids)
{
	struct mnl_socket *sock = mnl_socket_open(NETLINK_GENERIC);

	if (!sock)
		return NULL;
	if (mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    lookup_ids(sock, ids)) {
		mnl_socket_close(sock);
		return NULL;
	}
	return sock;
}

static int join_group(struct mnl_socket *sock, uint32_t group)
{
	return setsockopt(mnl_socket_get_fd(sock), SOL_NETLINK,
			  NETLINK_ADD_MEMBERSHIP, &group, sizeof(group));
}

/* What resolve_wait() heard: the reply, the answer, an error. */
struct resolve_heard {
	const char *name;
	uint16_t family;
	struct dir_seen *seen;
	int replied, answered, error, deleted;
	uint32_t left_ms;
};

static int resolve_heard_cb(const struct nlmsghdr *nlh, void *data)
{
	struct resolve_heard *h = data;
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	struct dir_seen seen;

	if (nlh->nlmsg_type != h->family)
		return MNL_CB_OK;
	if (g->cmd == MLT_CMD_RESOLVE) {
		mnl_attr_for_each(attr, nlh, sizeof(*g))
			if (mnl_attr_get_type(attr) == MLT_A_RESOLVE_TIMEOUT) {
				h->left_ms = mnl_attr_get_u32(attr);
				h->replied++;
			}
		return MNL_CB_OK;
	}
	if (g->cmd != MLT_CMD_DIR_ADD_NTF && g->cmd != MLT_CMD_DIR_DEL_NTF)
		return MNL_CB_OK;
	memset(&seen, 0, sizeof(seen));
	mnl_attr_parse(nlh, sizeof(*g), dir_cb, &seen);
	if (strcmp(seen.name, h->name))
		return MNL_CB_OK;
	if (g->cmd == MLT_CMD_DIR_DEL_NTF) {
		h->deleted++;
		return MNL_CB_OK;
	}
	*h->seen = seen;
	h->answered++;
	return MNL_CB_OK;
}

static int resolve_err_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	struct resolve_heard *h = data;

	h->error = err->error;
	return MNL_CB_OK;
}

/*
 * Read what @sock receives for up to @ms into @h, until @until(h) holds.
 * Return: 1 when it does, 0 when the time ran out, -1 on a socket error.
 */
static int heard_until(struct mnl_socket *sock, struct resolve_heard *h,
		       int (*until)(const struct resolve_heard *), long long ms)
{
	static uint8_t buf[1 << 16];
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = resolve_err_cb };
	struct pollfd pfd = { .fd = mnl_socket_get_fd(sock), .events = POLLIN };
	long long end = now_ms() + ms;
	ssize_t n;

	while (!until(h)) {
		if (now_ms() >= end)
			return 0;
		if (poll(&pfd, 1, end - now_ms()) <= 0)
			continue;
		n = recv(pfd.fd, buf, sizeof(buf), 0);
		if (n < 0)
			return -1;
		mnl_cb_run2(buf, n, 0, 0, resolve_heard_cb, h, ctl,
			    NLMSG_MIN_TYPE);
	}
	return 1;
}

static int replied_or_failed(const struct resolve_heard *h)
{
	return h->replied || h->error;
}

static int answered(const struct resolve_heard *h)
{
	return h->answered;
}

/*
 * MLT_CMD_RESOLVE of @name as `mltctl dir resolve` does it: join the "dir"
 * group, ask, and wait for the entry's notification a little past the
 * time the reply gives (in *left_ms). Return: 0 with @seen filled, the
 * request's -errno, or -ETIMEDOUT without an answer.
 */
static int resolve_wait(const char *name, struct dir_seen *seen,
			uint32_t *left_ms)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct resolve_heard h = { .name = name, .seen = seen };
	struct mnl_socket *sock;
	struct genl_ids ids;
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	int ret = -EIO;

	memset(seen, 0, sizeof(*seen));
	*left_ms = 0;
	sock = genl_open(&ids);
	if (!sock)
		return -EIO;
	h.family = ids.family;
	if (join_group(sock, ids.dir_group))
		goto out;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = ids.family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 2;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = MLT_CMD_RESOLVE;
	g->version = MLT_GENL_VERSION;
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, name);
	if (mnl_socket_sendto(sock, nlh, nlh->nlmsg_len) < 0 ||
	    heard_until(sock, &h, replied_or_failed, 5000) <= 0)
		goto out;
	ret = h.error;
	if (ret)
		goto out;
	*left_ms = h.left_ms;
	ret = heard_until(sock, &h, answered, h.left_ms + 500);
	ret = ret > 0 ? 0 : ret ? -EIO : -ETIMEDOUT;
out:
	mnl_socket_close(sock);
	return ret;
}

/* The resolver child. */
struct slow_answer {
	char name[MLT_NAME_MAX];
	long long due;
};

static struct mlt_nl resolver_nl;

static bool has_prefix(const char *name, const char *prefix)
{
	return !strncmp(name, prefix, strlen(prefix));
}

static void answer(const char *name)
{
	static const struct {
		const char *prefix;
		uint32_t error;
	} negative[] = {
		{ "noname-", MLT_DIR_ERR_NO_NAME },
		{ "expired-", MLT_DIR_ERR_EXPIRED },
		{ "norecord-", MLT_DIR_ERR_NO_RECORD },
		{ "invalid-", MLT_DIR_ERR_INVALID },
		{ "down-", MLT_DIR_ERR_UNAVAILABLE },
	};
	unsigned int i;

	if (has_prefix(name, "ok-") || has_prefix(name, "slow-")) {
		dir_add(&resolver_nl, name, ADD_POSITIVE, 0);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(negative); i++) {
		if (has_prefix(name, negative[i].prefix)) {
			dir_add(&resolver_nl, name, ADD_ERROR,
				negative[i].error);
			return;
		}
	}
	/* silent-* and anything else: no answer */
}

/* Every MLT_CMD_RESOLVE in @buf: report it on @names_fd, then answer. */
static void resolver_input(const void *buf, size_t len, uint16_t family,
			   int names_fd, struct slow_answer *slow,
			   unsigned int *n_slow)
{
	const struct nlmsghdr *nlh = buf;
	int left = len;

	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
		const struct nlattr *attr;
		const char *name = NULL;
		char line[MLT_NAME_MAX + 1];

		if (nlh->nlmsg_type != family || g->cmd != MLT_CMD_RESOLVE)
			continue;
		mnl_attr_for_each(attr, nlh, sizeof(*g))
			if (mnl_attr_get_type(attr) == MLT_A_DIR_NAME)
				name = mnl_attr_get_str(attr);
		if (!name)
			continue;
		snprintf(line, sizeof(line), "%s\n", name);
		if (write(names_fd, line, strlen(line)) < 0)
			_exit(child_fail(3, "reporting a name on the pipe"));
		if (has_prefix(name, "slow-") && *n_slow < MAX_SLOW) {
			snprintf(slow[*n_slow].name, MLT_NAME_MAX, "%s", name);
			slow[(*n_slow)++].due = now_ms() + SLOW_MS;
		} else if (!has_prefix(name, "slow-")) {
			answer(name);
		}
	}
}

static void resolver_main(int ready_fd, int names_fd)
{
	static uint8_t buf[1 << 16];
	struct slow_answer slow[MAX_SLOW];
	unsigned int n_slow = 0, i;
	struct mnl_socket *sock;
	struct genl_ids ids;
	struct pollfd pfd;
	int timeout;
	ssize_t n;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	sock = genl_open(&ids);
	if (!sock || join_group(sock, ids.group) ||
	    mlt_nl_open(&resolver_nl)) {
		if (write(ready_fd, "E", 1) < 0)
			_exit(child_fail(2, "writing to the ready pipe"));
		_exit(child_fail(1,
			"genl open, joining the resolve group or netlink open"));
	}
	if (write(ready_fd, "R", 1) != 1)
		_exit(child_fail(2, "writing to the ready pipe"));
	close(ready_fd);

	pfd.fd = mnl_socket_get_fd(sock);
	pfd.events = POLLIN;
	for (;;) {
		timeout = -1;
		for (i = 0; i < n_slow; i++) {
			long long left = slow[i].due - now_ms();

			if (left < 0)
				left = 0;
			if (timeout < 0 || left < timeout)
				timeout = left;
		}
		if (poll(&pfd, 1, timeout) > 0) {
			n = recv(pfd.fd, buf, sizeof(buf), 0);
			if (n < 0 && errno != ENOBUFS && errno != EINTR)
				_exit(child_fail(4,
					"recv on the resolve group"));
			if (n > 0)
				resolver_input(buf, n, ids.family, names_fd,
					       slow, &n_slow);
		}
		for (i = 0; i < n_slow; ) {
			if (slow[i].due > now_ms()) {
				i++;
				continue;
			}
			dir_add(&resolver_nl, slow[i].name, ADD_POSITIVE, 0);
			slow[i] = slow[--n_slow];
		}
	}
}

/* A name's socket address. */
static struct sockaddr_mlt name_addr(const char *name)
{
	struct sockaddr_mlt a = {
		.smlt_family = mlt_family(),
		.smlt_service = SERVICE,
	};

	snprintf(a.smlt_name, sizeof(a.smlt_name), "%s", name);
	return a;
}

static int mlt_socket(bool nonblock)
{
	int type = SOCK_STREAM | (nonblock ? SOCK_NONBLOCK : 0);

	return socket(mlt_family(), type, 0);
}

/* connect() to @name: 0 or the errno. */
static int connect_name(int s, const char *name)
{
	struct sockaddr_mlt a = name_addr(name);

	return connect(s, (void *)&a, sizeof(a)) ? errno : 0;
}

static int so_error(int s)
{
	socklen_t len = sizeof(int);
	int err = -1;

	if (getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len))
		return -errno;
	return err;
}

/* poll() @s for @events up to @ms; the revents, 0 on timeout. */
static short poll_one(int s, short events, int ms)
{
	struct pollfd p = { .fd = s, .events = events };

	if (poll(&p, 1, ms) <= 0)
		return 0;
	return p.revents;
}

/* The parent's view of the resolver child. */
struct resolver {
	pid_t pid;
	int names_fd;
	unsigned int requests;	/* names it reported so far */
	char names[8192];	/* and the names, each between newlines */
	size_t names_len;
};

FIXTURE(res) {
	struct mlt_nl nl;
	struct resolver r;
};

FIXTURE_SETUP(res)
{
	self->r.pid = -1;
	self->r.names_fd = -1;
	self->r.names[0] = '\n';
	self->r.names_len = 1;
	ASSERT_EQ(0, sodium_init() < 0);
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	/* The entries point at 127.0.0.1: connect() needs a route to it. */
	ASSERT_EQ(0, system("ip link set lo up"));
	ASSERT_EQ(0, mlt_nl_open(&self->nl));
}

FIXTURE_TEARDOWN(res)
{
	if (self->r.pid > 0) {
		kill(self->r.pid, SIGKILL);
		waitpid(self->r.pid, NULL, 0);
	}
	if (self->r.names_fd >= 0)
		close(self->r.names_fd);
	mlt_nl_close(&self->nl);
}

/* Fork the resolver and wait until it listens: 0, or -1. */
static int start_resolver(struct resolver *r)
{
	int ready[2], names[2];
	char c = 0;

	if (pipe(ready) || pipe2(names, O_CLOEXEC))
		return -1;
	r->pid = fork();
	if (r->pid < 0)
		return -1;
	if (!r->pid) {
		close(ready[0]);
		close(names[0]);
		resolver_main(ready[1], names[1]);
		_exit(1);
	}
	close(ready[1]);
	close(names[1]);
	r->names_fd = names[0];
	fcntl(r->names_fd, F_SETFL, O_NONBLOCK);
	if (read(ready[0], &c, 1) != 1)
		c = 0;
	close(ready[0]);
	return c == 'R' ? 0 : -1;
}

/*
 * Collect what the resolver reported for @ms milliseconds; the number of
 * requests it saw since the last call.
 */
static unsigned int new_requests(struct resolver *r, int ms)
{
	long long end = now_ms() + ms;
	unsigned int before = r->requests;
	struct pollfd p = { .fd = r->names_fd, .events = POLLIN };
	char buf[1024];
	ssize_t n, i;

	for (;;) {
		long long left = end - now_ms();

		if (left < 0)
			left = 0;
		if (poll(&p, 1, left) <= 0)
			break;
		n = read(r->names_fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n')
				r->requests++;
			if (r->names_len < sizeof(r->names) - 1)
				r->names[r->names_len++] = buf[i];
		}
		r->names[r->names_len] = '\0';
	}
	return r->requests - before;
}

/* Whether the resolver was asked for @name. */
static bool was_asked(struct resolver *r, const char *name)
{
	char line[MLT_NAME_MAX + 3];

	snprintf(line, sizeof(line), "\n%s\n", name);
	return strstr(r->names, line);
}

/* 1. No resolver: EHOSTUNREACH at once, blocking or not, no request. */
TEST_F(res, no_resolver_unreachable)
{
	long long t0;
	int s = mlt_socket(false), n = mlt_socket(true);

	ASSERT_LE(0, s);
	ASSERT_LE(0, n);
	t0 = now_ms();
	EXPECT_EQ(EHOSTUNREACH, connect_name(s, "ok-a.test"));
	EXPECT_EQ(EHOSTUNREACH, connect_name(n, "slow-a.test"));
	EXPECT_GT(1000, now_ms() - t0);
	EXPECT_EQ(0, get_stat(&self->nl, MLT_STAT_RESOLVE_REQUESTS));
	EXPECT_EQ(0, get_stat(&self->nl, MLT_STAT_RESOLVE_TIMEOUTS));
	close(n);
	close(s);
}

/* 2. A blocking connect() sleeps until the answer and connects. */
TEST_F(res, blocking_waits_for_answer)
{
	uint8_t identity[MLT_KEY_LEN], key[MLT_KEY_LEN];
	struct dir_seen seen;
	long long t0, took;
	int s = mlt_socket(false);

	ASSERT_LE(0, s);
	ASSERT_EQ(0, start_resolver(&self->r));
	t0 = now_ms();
	EXPECT_EQ(0, connect_name(s, "slow-a.test"));
	took = now_ms() - t0;
	EXPECT_LE(250, took);
	EXPECT_GT(5000, took);
	EXPECT_EQ(1, new_requests(&self->r, 200));
	EXPECT_TRUE(was_asked(&self->r, "slow-a.test")) {
		TH_LOG("asked: %s", self->r.names);
	}
	EXPECT_EQ(1, get_stat(&self->nl, MLT_STAT_RESOLVE_REQUESTS));
	EXPECT_EQ(0, get_stat(&self->nl, MLT_STAT_RESOLVE_TIMEOUTS));
	EXPECT_EQ(POLLOUT, poll_one(s, POLLOUT, 0));

	ASSERT_EQ(0, dir_name_req(&self->nl, MLT_CMD_DIR_GET, "slow-a.test",
				  &seen));
	make_key(identity, IDENTITY_SEED);
	make_key(key, EPH_SEED);
	EXPECT_STREQ("slow-a.test", seen.name);
	EXPECT_EQ(0, seen.has_error);
	EXPECT_EQ(ENTRY_PORT, seen.port);
	EXPECT_EQ(1U, seen.n_addrs);
	EXPECT_EQ(1U, seen.n_keys);
	EXPECT_EQ(0, memcmp(identity, seen.identity, MLT_KEY_LEN));
	EXPECT_EQ(0, memcmp(key, seen.key, MLT_KEY_LEN));
	close(s);
}

static const struct {
	const char *name;
	uint32_t error;
	int err;
} reasons[] = {
	{ "noname-x.test", MLT_DIR_ERR_NO_NAME, ENOENT },
	{ "expired-x.test", MLT_DIR_ERR_EXPIRED, EKEYEXPIRED },
	{ "norecord-x.test", MLT_DIR_ERR_NO_RECORD, ENOKEY },
	{ "invalid-x.test", MLT_DIR_ERR_INVALID, EKEYREJECTED },
	{ "down-x.test", MLT_DIR_ERR_UNAVAILABLE, ENETDOWN },
};

#define N_REASONS	ARRAY_SIZE(reasons)

/*
 * 3. Each negative reason fails connect() with its errno; the entry stays,
 * so the next connect() fails at once and asks nothing.
 */
TEST_F(res, negative_answers)
{
	struct dir_seen seen;
	unsigned int i;
	long long t0;
	int s;

	ASSERT_EQ(0, start_resolver(&self->r));
	for (i = 0; i < N_REASONS; i++) {
		s = mlt_socket(false);
		ASSERT_LE(0, s);
		EXPECT_EQ(reasons[i].err, connect_name(s, reasons[i].name)) {
			TH_LOG("%s", reasons[i].name);
		}
		close(s);
		EXPECT_EQ(1, new_requests(&self->r, 100));

		s = mlt_socket(false);
		ASSERT_LE(0, s);
		t0 = now_ms();
		EXPECT_EQ(reasons[i].err, connect_name(s, reasons[i].name)) {
			TH_LOG("%s, again", reasons[i].name);
		}
		EXPECT_GT(100, now_ms() - t0);
		close(s);
		EXPECT_EQ(0, new_requests(&self->r, 100));

		ASSERT_EQ(0, dir_name_req(&self->nl, MLT_CMD_DIR_GET,
					  reasons[i].name, &seen));
		EXPECT_EQ(1, seen.has_error);
		EXPECT_EQ(reasons[i].error, seen.error);
		EXPECT_EQ(0, seen.has_port);
		EXPECT_EQ(0U, seen.n_keys);
	}
	EXPECT_EQ(N_REASONS, get_stat(&self->nl, MLT_STAT_RESOLVE_REQUESTS));
	EXPECT_EQ(0, get_stat(&self->nl, MLT_STAT_RESOLVE_TIMEOUTS));
}

/* 4a. Non-blocking: EINPROGRESS, EALREADY, EAGAIN, POLLOUT, EISCONN. */
TEST_F(res, nonblocking_connects)
{
	char c = 'x';
	short ev;
	int s = mlt_socket(true);

	ASSERT_LE(0, s);
	ASSERT_EQ(0, start_resolver(&self->r));
	ASSERT_EQ(EINPROGRESS, connect_name(s, "slow-b.test"));
	EXPECT_EQ(EALREADY, connect_name(s, "slow-b.test"));
	EXPECT_EQ(-1, send(s, &c, 1, 0));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(-1, recv(s, &c, 1, 0));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(0, poll_one(s, POLLIN | POLLOUT, 0));
	ev = poll_one(s, POLLOUT, 3000);
	EXPECT_EQ(POLLOUT, ev & (POLLOUT | POLLERR | POLLHUP)) {
		TH_LOG("revents %#x", ev);
	}
	EXPECT_EQ(0, so_error(s));
	EXPECT_EQ(EISCONN, connect_name(s, "slow-b.test"));
	EXPECT_EQ(1, new_requests(&self->r, 100));
	close(s);
}

/* 4b. Non-blocking to a name that does not exist: POLLERR and ENOENT. */
TEST_F(res, nonblocking_negative)
{
	short ev;
	int s = mlt_socket(true);

	ASSERT_LE(0, s);
	ASSERT_EQ(0, start_resolver(&self->r));
	ASSERT_EQ(EINPROGRESS, connect_name(s, "noname-x.test"));
	ev = poll_one(s, POLLOUT, 3000);
	EXPECT_EQ(POLLERR | POLLHUP, ev & (POLLOUT | POLLERR | POLLHUP)) {
		TH_LOG("revents %#x", ev);
	}
	EXPECT_EQ(ENOENT, so_error(s));
	EXPECT_EQ(0, so_error(s));	/* SO_ERROR clears it */
	close(s);
}

/* 5. No answer: ETIMEDOUT after the namespace's resolve timeout. */
TEST_F(res, resolve_timeout)
{
	struct status st;
	long long t0, took;
	int s = mlt_socket(false);

	ASSERT_LE(0, s);
	ASSERT_EQ(0, get_status(&self->nl, &st));
	EXPECT_EQ(1, st.have_resolve_timeout);
	EXPECT_EQ(MLT_RESOLVE_TIMEOUT_DEFAULT, st.resolve_timeout);
	ASSERT_EQ(0, set_resolve_timeout(&self->nl, 300));
	ASSERT_EQ(0, get_status(&self->nl, &st));
	EXPECT_EQ(300, st.resolve_timeout);
	EXPECT_EQ(-ERANGE, set_resolve_timeout(&self->nl,
					       MLT_RESOLVE_TIMEOUT_MIN - 1));
	EXPECT_EQ(-ERANGE, set_resolve_timeout(&self->nl,
					       MLT_RESOLVE_TIMEOUT_MAX + 1));
	ASSERT_EQ(0, start_resolver(&self->r));

	t0 = now_ms();
	EXPECT_EQ(ETIMEDOUT, connect_name(s, "silent-b.test"));
	took = now_ms() - t0;
	EXPECT_LE(250, took);
	EXPECT_GE(5000, took);
	EXPECT_EQ(1, new_requests(&self->r, 100));
	ASSERT_EQ(0, get_status(&self->nl, &st));
	EXPECT_EQ(1, st.stat[MLT_STAT_RESOLVE_TIMEOUTS]);
	EXPECT_EQ(1, st.stat[MLT_STAT_RESOLVE_REQUESTS]);
	EXPECT_EQ(300, st.resolve_timeout);
	close(s);
}

/* 6. Eight sockets waiting for one name: one request, all connected. */
TEST_F(res, one_request_per_name)
{
	struct pollfd p[8];
	unsigned int i, done = 0;
	long long end;

	ASSERT_EQ(0, start_resolver(&self->r));
	for (i = 0; i < 8; i++) {
		p[i].fd = mlt_socket(true);
		p[i].events = POLLOUT;
		ASSERT_LE(0, p[i].fd);
		EXPECT_EQ(EINPROGRESS, connect_name(p[i].fd, "slow-c.test"));
	}
	end = now_ms() + 3000;
	while (done < 8 && now_ms() < end) {
		if (poll(p, 8, 100) < 0)
			break;
		for (i = 0, done = 0; i < 8; i++)
			done += !!(p[i].revents & POLLOUT);
	}
	EXPECT_EQ(8U, done);
	for (i = 0; i < 8; i++) {
		EXPECT_EQ(POLLOUT, p[i].revents) {
			TH_LOG("socket %u: revents %#x", i, p[i].revents);
		}
		EXPECT_EQ(0, so_error(p[i].fd));
		EXPECT_EQ(EISCONN, connect_name(p[i].fd, "slow-c.test"));
		close(p[i].fd);
	}
	EXPECT_EQ(1, new_requests(&self->r, 200));
	EXPECT_EQ(1, get_stat(&self->nl, MLT_STAT_RESOLVE_REQUESTS));
}

/* Wait up to 3 s for the namespace to have no socket; the count left. */
static uint64_t sockets_settle(struct mlt_nl *nl)
{
	uint64_t n = ~0ULL;
	int i;

	for (i = 0; i < 300; i++) {
		n = get_stat(nl, MLT_STAT_SOCKETS);
		if (!n)
			break;
		usleep(10000);
	}
	return n;
}

/*
 * 7. Sockets closed while they wait, and closed just as the answer comes:
 * nothing breaks, every socket is freed, and resolution still works.
 */
TEST_F(res, close_while_waiting)
{
	char name[64];
	int s[20], i;

	ASSERT_EQ(0, set_resolve_timeout(&self->nl, 300));
	ASSERT_EQ(0, start_resolver(&self->r));

	/* Never answered: closed before, and after, the timeout. */
	for (i = 0; i < 4; i++) {
		s[i] = mlt_socket(true);
		ASSERT_LE(0, s[i]);
		snprintf(name, sizeof(name), "silent-g%d.test", i % 2);
		EXPECT_EQ(EINPROGRESS, connect_name(s[i], name));
	}
	close(s[0]);
	close(s[1]);
	usleep(400000);
	close(s[2]);
	close(s[3]);

	/* Closed around the moment the slow answers come. */
	ASSERT_EQ(0, set_resolve_timeout(&self->nl, 2000));
	for (i = 0; i < 20; i++) {
		s[i] = mlt_socket(true);
		ASSERT_LE(0, s[i]);
		snprintf(name, sizeof(name), "slow-h%d.test", i);
		EXPECT_EQ(EINPROGRESS, connect_name(s[i], name));
	}
	usleep((SLOW_MS - 50) * 1000);
	for (i = 0; i < 20; i++) {
		close(s[i]);
		usleep(5000);
	}

	/* Closed as soon as connect() returns, the answer on its way. */
	for (i = 0; i < 50; i++) {
		int t = mlt_socket(true);

		ASSERT_LE(0, t);
		snprintf(name, sizeof(name), "ok-i%d.test", i);
		EXPECT_EQ(EINPROGRESS, connect_name(t, name));
		close(t);
	}
	usleep(500000);
	EXPECT_EQ(0, sockets_settle(&self->nl));
	EXPECT_EQ(72, new_requests(&self->r, 200));

	/* Still working. */
	s[0] = mlt_socket(false);
	ASSERT_LE(0, s[0]);
	EXPECT_EQ(0, connect_name(s[0], "ok-z.test"));
	close(s[0]);
	EXPECT_EQ(0, sockets_settle(&self->nl));
}

/*
 * 8. MLT_CMD_RESOLVE from userspace: the reply comes at once with the time
 * left, the answer is the entry's notification in the "dir" group.
 */
TEST_F(res, resolve_command)
{
	uint8_t identity[MLT_KEY_LEN], key[MLT_KEY_LEN];
	struct dir_seen seen;
	long long t0, took;
	uint32_t left;

	EXPECT_EQ(-EHOSTUNREACH, dir_name_req(&self->nl, MLT_CMD_RESOLVE,
					      "ok-d.test", &seen));
	EXPECT_NE(NULL, strstr(self->nl.extack, "resolver")) {
		TH_LOG("extack: \"%s\"", self->nl.extack);
	}
	EXPECT_EQ(-EINVAL, dir_name_req(&self->nl, MLT_CMD_RESOLVE,
					"Bad..name", &seen));
	EXPECT_EQ(-EHOSTUNREACH, resolve_wait("ok-d.test", &seen, &left));

	ASSERT_EQ(0, start_resolver(&self->r));
	ASSERT_EQ(0, resolve_wait("ok-d.test", &seen, &left));
	EXPECT_LT(0U, left);
	EXPECT_GE(10000U, left);
	make_key(identity, IDENTITY_SEED);
	make_key(key, EPH_SEED);
	EXPECT_STREQ("ok-d.test", seen.name);
	EXPECT_EQ(0, seen.has_error);
	EXPECT_EQ(1, seen.has_port);
	EXPECT_EQ(ENTRY_PORT, seen.port);
	EXPECT_EQ(1U, seen.n_keys);
	EXPECT_EQ(0, memcmp(key, seen.key, MLT_KEY_LEN));
	EXPECT_EQ(0, memcmp(identity, seen.identity, MLT_KEY_LEN));
	EXPECT_EQ(1, new_requests(&self->r, 100));

	/* Asked again even though the entry exists. */
	ASSERT_EQ(0, resolve_wait("ok-d.test", &seen, &left));
	EXPECT_STREQ("ok-d.test", seen.name);
	EXPECT_EQ(1, new_requests(&self->r, 100));

	/* The answer after the reply: the resolver takes SLOW_MS. */
	ASSERT_EQ(0, resolve_wait("slow-d.test", &seen, &left));
	EXPECT_STREQ("slow-d.test", seen.name);
	EXPECT_EQ(1, seen.has_port);
	EXPECT_EQ(1, new_requests(&self->r, 100));

	ASSERT_EQ(0, resolve_wait("noname-e.test", &seen, &left));
	EXPECT_STREQ("noname-e.test", seen.name);
	EXPECT_EQ(1, seen.has_error);
	EXPECT_EQ(MLT_DIR_ERR_NO_NAME, seen.error);
	EXPECT_EQ(0, seen.has_port);
	EXPECT_EQ(0U, seen.n_keys);
	EXPECT_EQ(1, new_requests(&self->r, 100));

	ASSERT_EQ(0, set_resolve_timeout(&self->nl, 300));
	t0 = now_ms();
	EXPECT_EQ(-ETIMEDOUT, resolve_wait("silent-f.test", &seen, &left));
	took = now_ms() - t0;
	EXPECT_GE(300U, left);
	EXPECT_LE(250, took);
	EXPECT_GE(5000, took);
	EXPECT_EQ(1, new_requests(&self->r, 100));
	EXPECT_EQ(5, get_stat(&self->nl, MLT_STAT_RESOLVE_REQUESTS));
}

/*
 * In a child without capabilities, join the group named by @arg ("resolve"
 * or "dir"): 0 when joined, the errno when refused, 10 or 11 when the
 * test itself failed.
 */
static int join_without_caps(void *arg)
{
	struct mnl_socket *sock;
	struct genl_ids ids;
	int ret;

	if (drop_all_caps())
		return child_fail(10, "drop capabilities");
	sock = genl_open(&ids);	/* looking up needs no privilege */
	if (!sock)
		return child_fail(11, "genl family lookup");
	ret = join_group(sock, strcmp(arg, MLT_MCGRP_DIR) ? ids.group :
			 ids.dir_group) ? errno : 0;
	mnl_socket_close(sock);
	return ret;
}

/* 9. Joining the "resolve" group needs CAP_NET_ADMIN. */
TEST_F(res, group_needs_cap_net_admin)
{
	struct mnl_socket *sock;
	struct genl_ids ids;
	int s;

	EXPECT_EQ(EPERM, in_child(join_without_caps,
					(void *)MLT_MCGRP_RESOLVE));
	/* The refused child left no listener behind. */
	s = mlt_socket(false);
	ASSERT_LE(0, s);
	EXPECT_EQ(EHOSTUNREACH, connect_name(s, "ok-a.test"));
	close(s);

	sock = genl_open(&ids);
	ASSERT_NE(NULL, sock);
	EXPECT_EQ(0, join_group(sock, ids.group));
	mnl_socket_close(sock);
}

/* 10. Negative entries through DIR_ADD: validation, DIR_GET, connect(). */
TEST_F(res, negative_entry_add)
{
	static const unsigned int positive[] = {
		ADD_ADDRS, ADD_PORT, ADD_IDENTITY, ADD_KEYS, ADD_POSITIVE,
	};
	struct dir_seen seen;
	unsigned int i;
	int s;

	for (i = 0; i < ARRAY_SIZE(positive); i++) {
		EXPECT_EQ(-EINVAL, dir_add(&self->nl, "neg-a.test",
					   ADD_ERROR | positive[i],
					   MLT_DIR_ERR_NO_NAME)) {
			TH_LOG("attributes %#x", positive[i]);
		}
	}
	/* Out of the policy's range. */
	EXPECT_EQ(-ERANGE, dir_add(&self->nl, "neg-a.test", ADD_ERROR, 0));
	EXPECT_EQ(-ERANGE, dir_add(&self->nl, "neg-a.test", ADD_ERROR,
				   MLT_DIR_ERR_MAX + 1));
	EXPECT_EQ(-ENOENT, dir_name_req(&self->nl, MLT_CMD_DIR_GET,
					"neg-a.test", &seen));

	ASSERT_EQ(0, dir_add(&self->nl, "neg-a.test", ADD_ERROR,
			     MLT_DIR_ERR_EXPIRED));
	ASSERT_EQ(0, dir_name_req(&self->nl, MLT_CMD_DIR_GET, "neg-a.test",
				  &seen));
	EXPECT_STREQ("neg-a.test", seen.name);
	EXPECT_EQ(1, seen.has_error);
	EXPECT_EQ(MLT_DIR_ERR_EXPIRED, seen.error);
	EXPECT_EQ(0, seen.has_port);
	EXPECT_EQ(0, seen.has_addrs);
	EXPECT_EQ(0, seen.has_identity);
	EXPECT_EQ(0U, seen.n_keys);
	EXPECT_EQ(1, seen.has_lifetime);
	EXPECT_LT(0U, seen.lifetime);
	EXPECT_GE(ENTRY_LIFETIME, seen.lifetime);

	/* The cached failure needs no resolver. */
	s = mlt_socket(false);
	ASSERT_LE(0, s);
	EXPECT_EQ(EKEYEXPIRED, connect_name(s, "neg-a.test"));
	/* Replaced by a positive entry, it connects. */
	ASSERT_EQ(0, dir_add(&self->nl, "neg-a.test", ADD_POSITIVE, 0));
	EXPECT_EQ(0, connect_name(s, "neg-a.test"));
	close(s);
	EXPECT_EQ(0, get_stat(&self->nl, MLT_STAT_RESOLVE_REQUESTS));
}

/* What an EPH_ROTATE reply or EPH_GET dump said. */
struct eph_seen {
	unsigned int n;
	uint8_t key[MLT_EPH_MAX + 1][MLT_KEY_LEN];
};

static int eph_cb(const struct nlattr *attr, void *data)
{
	struct eph_seen *s = data;

	if (mnl_attr_get_type(attr) == MLT_A_EPH_PUBLIC_KEY &&
	    mnl_attr_get_payload_len(attr) == MLT_KEY_LEN &&
	    s->n <= MLT_EPH_MAX)
		memcpy(s->key[s->n++], mnl_attr_get_payload(attr),
		       MLT_KEY_LEN);
	return MNL_CB_OK;
}

static int eph_req(struct mlt_nl *nl, uint8_t cmd, uint16_t flags,
		   const uint8_t *key, struct eph_seen *seen)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mlt_nl_start(nl, buf, cmd, flags);

	memset(seen, 0, sizeof(*seen));
	if (key)
		mnl_attr_put(nlh, MLT_A_EPH_PUBLIC_KEY, MLT_KEY_LEN, key);
	return mlt_nl_send(nl, nlh, eph_cb, seen);
}

static bool eph_listed(struct mlt_nl *nl, const uint8_t *key)
{
	struct eph_seen seen;
	unsigned int i;

	if (eph_req(nl, MLT_CMD_EPH_GET, NLM_F_DUMP, NULL, &seen))
		return false;
	for (i = 0; i < seen.n; i++)
		if (!memcmp(seen.key[i], key, MLT_KEY_LEN))
			return true;
	return false;
}

static int eph_del_without_caps(void *arg)
{
	struct eph_seen seen;
	struct mlt_nl nl;

	if (drop_all_caps() || mlt_nl_open(&nl))
		return child_fail(10, "drop capabilities or netlink open");
	if (eph_req(&nl, MLT_CMD_EPH_DEL, 0, arg, &seen) != -EPERM)
		return child_fail(11,
			"EPH_DEL without CAP_NET_ADMIN: expected EPERM");
	return 0;
}

/* 11. EPH_DEL wipes one key; ENOENT for none; CAP_NET_ADMIN. */
TEST_F(res, eph_del)
{
	uint8_t a[MLT_KEY_LEN], b[MLT_KEY_LEN];
	struct eph_seen seen;

	ASSERT_EQ(0, eph_req(&self->nl, MLT_CMD_EPH_ROTATE, 0, NULL, &seen));
	ASSERT_EQ(1U, seen.n);
	memcpy(a, seen.key[0], MLT_KEY_LEN);
	ASSERT_EQ(0, eph_req(&self->nl, MLT_CMD_EPH_ROTATE, 0, NULL, &seen));
	ASSERT_EQ(1U, seen.n);
	memcpy(b, seen.key[0], MLT_KEY_LEN);
	ASSERT_TRUE(eph_listed(&self->nl, a));
	ASSERT_TRUE(eph_listed(&self->nl, b));

	EXPECT_EQ(0, eph_req(&self->nl, MLT_CMD_EPH_DEL, 0, a, &seen));
	EXPECT_FALSE(eph_listed(&self->nl, a));
	EXPECT_TRUE(eph_listed(&self->nl, b));
	EXPECT_EQ(-ENOENT, eph_req(&self->nl, MLT_CMD_EPH_DEL, 0, a, &seen));
	EXPECT_EQ(-EINVAL, eph_req(&self->nl, MLT_CMD_EPH_DEL, 0, NULL,
				   &seen));

	EXPECT_EQ(0, in_child(eph_del_without_caps, b));
	EXPECT_TRUE(eph_listed(&self->nl, b));
	EXPECT_EQ(0, eph_req(&self->nl, MLT_CMD_EPH_DEL, 0, b, &seen));
	EXPECT_FALSE(eph_listed(&self->nl, b));
}

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * 12. A signal ends a blocking connect() with EINTR; the wait goes on, so
 * connect() again gives EALREADY, and the timeout still comes.
 */
TEST_F(res, signal_interrupts_connect)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value.tv_usec = 200000 };
	long long t0, took;
	short ev;
	int s = mlt_socket(false);

	ASSERT_LE(0, s);
	ASSERT_EQ(0, set_resolve_timeout(&self->nl, 1000));
	ASSERT_EQ(0, start_resolver(&self->r));
	sigemptyset(&sa.sa_mask);
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));	/* no SA_RESTART */

	t0 = now_ms();
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	EXPECT_EQ(EINTR, connect_name(s, "silent-j.test"));
	took = now_ms() - t0;
	EXPECT_LE(150, took);
	EXPECT_GT(900, took);

	ASSERT_EQ(0, fcntl(s, F_SETFL, O_NONBLOCK));
	EXPECT_EQ(EALREADY, connect_name(s, "silent-j.test"));
	ev = poll_one(s, POLLOUT, 5000);
	EXPECT_EQ(POLLERR | POLLHUP, ev & (POLLOUT | POLLERR | POLLHUP)) {
		TH_LOG("revents %#x", ev);
	}
	EXPECT_EQ(ETIMEDOUT, so_error(s));
	EXPECT_EQ(1, new_requests(&self->r, 100));
	EXPECT_EQ(1, get_stat(&self->nl, MLT_STAT_RESOLVE_TIMEOUTS));
	close(s);
}

/*
 * 13. A negative entry answers connect() only for its lifetime; then the
 * resolver is asked again.
 */
TEST_F(res, negative_entry_expires)
{
	int s = mlt_socket(false);

	ASSERT_LE(0, s);
	ASSERT_EQ(0, start_resolver(&self->r));
	ASSERT_EQ(0, dir_add_for(&self->nl, "noname-b.test", ADD_ERROR,
				 MLT_DIR_ERR_EXPIRED, 1));
	EXPECT_EQ(EKEYEXPIRED, connect_name(s, "noname-b.test"));
	EXPECT_EQ(0, new_requests(&self->r, 100));
	usleep(1200000);
	/* Gone: the resolver answers this time, with its own reason. */
	EXPECT_EQ(ENOENT, connect_name(s, "noname-b.test"));
	EXPECT_EQ(1, new_requests(&self->r, 100));
	EXPECT_TRUE(was_asked(&self->r, "noname-b.test"));
	close(s);
}

static int resolve_in_child(void *arg)
{
	struct dir_seen seen;
	uint32_t left;

	return -resolve_wait(arg, &seen, &left);
}

/*
 * 14. An MLT_CMD_RESOLVE with a longer timeout does not push back the
 * timeout of a connect() that already waits.
 */
TEST_F(res, resolve_command_keeps_connect_deadline)
{
	struct dir_seen seen;
	long long t0, took;
	pid_t child;
	short ev;
	int s = mlt_socket(true);

	ASSERT_LE(0, s);
	ASSERT_EQ(0, set_resolve_timeout(&self->nl, 300));
	ASSERT_EQ(0, start_resolver(&self->r));
	t0 = now_ms();
	ASSERT_EQ(EINPROGRESS, connect_name(s, "silent-k.test"));
	/* Well within the 300 ms: a longer timeout, and a request. */
	ASSERT_EQ(0, set_resolve_timeout(&self->nl, 20000));
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		_exit(resolve_in_child("silent-l.test"));
	}

	ev = poll_one(s, POLLOUT, 5000);
	took = now_ms() - t0;
	EXPECT_EQ(POLLERR | POLLHUP, ev & (POLLOUT | POLLERR | POLLHUP)) {
		TH_LOG("revents %#x after %lld ms", ev, took);
	}
	EXPECT_EQ(ETIMEDOUT, so_error(s));
	EXPECT_GE(3000, took);
	EXPECT_EQ(2, new_requests(&self->r, 100));
	EXPECT_TRUE(was_asked(&self->r, "silent-l.test"));
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	close(s);

	/*
	 * Asking for a name already asked for joins that request, deadline
	 * and all: a longer timeout set since then does not apply.
	 */
	s = mlt_socket(true);
	ASSERT_LE(0, s);
	ASSERT_EQ(EINPROGRESS, connect_name(s, "silent-m.test"));
	EXPECT_EQ(1, new_requests(&self->r, 100));
	ASSERT_EQ(0, set_resolve_timeout(&self->nl, 60000));
	EXPECT_EQ(0, dir_name_req(&self->nl, MLT_CMD_RESOLVE, "silent-m.test",
				  &seen));
	EXPECT_EQ(1, seen.has_left);
	EXPECT_GE(20000U, seen.left);
	EXPECT_LT(15000U, seen.left);
	EXPECT_EQ(0, new_requests(&self->r, 100));
	close(s);
}

static int deleted(const struct resolve_heard *h)
{
	return h->deleted;
}

/*
 * 15. The "dir" group hears every entry added, replaced (with its new
 * contents) or deleted; joining it needs CAP_NET_ADMIN, since it tells
 * which names the namespace's users resolve (issue 12, point 6).
 */
TEST_F(res, dir_group_notifies)
{
	struct resolve_heard h = { .name = "news.test" };
	struct mnl_socket *sock;
	struct dir_seen seen;
	struct genl_ids ids;

	sock = genl_open(&ids);
	ASSERT_NE(NULL, sock);
	ASSERT_EQ(0, join_group(sock, ids.dir_group));
	h.family = ids.family;
	h.seen = &seen;

	ASSERT_EQ(0, dir_add(&self->nl, "news.test", ADD_POSITIVE, 0));
	EXPECT_EQ(1, heard_until(sock, &h, answered, 2000));
	EXPECT_EQ(1, seen.has_port);
	EXPECT_EQ(ENTRY_PORT, seen.port);
	EXPECT_EQ(1U, seen.n_keys);
	EXPECT_LT(0U, seen.lifetime);

	h.answered = 0;
	ASSERT_EQ(0, dir_add(&self->nl, "news.test", ADD_ERROR,
			     MLT_DIR_ERR_EXPIRED));
	EXPECT_EQ(1, heard_until(sock, &h, answered, 2000));
	EXPECT_EQ(1, seen.has_error);
	EXPECT_EQ(MLT_DIR_ERR_EXPIRED, seen.error);
	EXPECT_EQ(0, seen.has_port);

	ASSERT_EQ(0, dir_name_req(&self->nl, MLT_CMD_DIR_DEL, "news.test",
				  &seen));
	EXPECT_EQ(1, heard_until(sock, &h, deleted, 2000));
	/* A refused change tells nobody anything. */
	h.answered = 0;
	EXPECT_EQ(-ENOENT, dir_name_req(&self->nl, MLT_CMD_DIR_DEL,
					"news.test", &seen));
	EXPECT_EQ(-EINVAL, dir_add(&self->nl, "news.test", ADD_PORT, 0));
	EXPECT_EQ(0, heard_until(sock, &h, answered, 300));
	EXPECT_EQ(1, h.deleted);
	mnl_socket_close(sock);

	EXPECT_EQ(EPERM, in_child(join_without_caps, (void *)MLT_MCGRP_DIR));
}

/*
 * Issue 12, point 6: a user without CAP_NET_ADMIN has at most
 * user-resolve-quota names waiting for the resolver; past it connect()
 * fails with EAGAIN and is counted, while root is exempt.
 */
static int resolve_quota_user(void *arg)
{
	static const char *const names[] = {
		"silent-q1.test", "silent-q2.test", "silent-q3.test",
	};
	int s[3], i, ret = 0;

	(void)arg;
	/* From uid 0 to another, every capability goes too. */
	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return child_fail(10, "become nobody");
	for (i = 0; i < 3; i++) {
		s[i] = mlt_socket(true);
		if (s[i] < 0)
			return child_fail(11, "socket");
	}
	if (connect_name(s[0], names[0]) != EINPROGRESS ||
	    connect_name(s[1], names[1]) != EINPROGRESS)
		ret = child_fail(12, "two names within the quota of 2");
	else if (connect_name(s[2], names[2]) != EAGAIN)
		ret = child_fail(13, "a third name past the quota: expected EAGAIN");
	/* A name already asked is no new request: within the quota. */
	else if (connect_name(mlt_socket(true), names[0]) != EINPROGRESS)
		ret = child_fail(14, "a name already waiting");
	return ret;
}

TEST_F(res, user_resolve_quota)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *req;
	int s;

	ASSERT_EQ(0, start_resolver(&self->r));
	req = mlt_nl_start(&self->nl, buf, MLT_CMD_SET_CONFIG, 0);
	mnl_attr_put_u32(req, MLT_A_USER_RESOLVE_QUOTA, 2);
	ASSERT_EQ(0, mlt_nl_send(&self->nl, req, NULL, NULL));
	EXPECT_EQ(0, in_child(resolve_quota_user, NULL));
	EXPECT_EQ(1, get_stat(&self->nl, MLT_STAT_QUOTA_REFUSED));
	/* Root has CAP_NET_ADMIN: no quota, though nobody's names wait. */
	s = mlt_socket(true);
	ASSERT_LE(0, s);
	EXPECT_EQ(EINPROGRESS, connect_name(s, "silent-q4.test"));
	EXPECT_EQ(1, get_stat(&self->nl, MLT_STAT_QUOTA_REFUSED));
	close(s);
}

/*
 * `mltctl dir resolve NAME` as nobody, in a child; @arg is "NAME EXIT":
 * 0 if it exited EXIT and printed NAME, else a code.
 */
static int resolve_as_nobody(void *arg)
{
	const char *tool = getenv("MLTCTL") ?: "/mlt/bin/mltctl";
	char name[64], cmd[256], out[4096];
	size_t n;
	FILE *f;
	int want, st;

	if (sscanf(arg, "%63s %d", name, &want) != 2)
		return child_fail(10, "bad argument");
	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return child_fail(11, "setresgid/setresuid to nobody");
	snprintf(cmd, sizeof(cmd), "%s dir resolve %s 2>&1", tool, name);
	f = popen(cmd, "r");
	if (!f)
		return child_fail(12, "popen");
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = 0;
	st = pclose(f);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != want || !strstr(out, name)) {
		fprintf(stderr, "# mltctl dir resolve %s: status %d: %s", name,
			st, out);
		return 13;
	}
	return 0;
}

/*
 * Issue 12, point 6: a user who may not join the "dir" group still gets
 * the answer of `mltctl dir resolve`, which then polls the entry: a
 * positive one, one the resolver answers late, and a negative one (exit
 * 2, the error named), each asked of the resolver once.
 */
TEST_F(res, resolve_command_unprivileged_polls)
{
	ASSERT_EQ(0, start_resolver(&self->r));
	EXPECT_EQ(0, in_child(resolve_as_nobody, "ok-p.test 0"));
	EXPECT_EQ(1, new_requests(&self->r, 100));
	EXPECT_EQ(0, in_child(resolve_as_nobody, "slow-p.test 0"));
	EXPECT_EQ(1, new_requests(&self->r, 100));
	EXPECT_EQ(0, in_child(resolve_as_nobody, "noname-p.test 2"));
	EXPECT_EQ(1, new_requests(&self->r, 100));
}

TEST_HARNESS_MAIN
