// SPDX-License-Identifier: GPL-2.0
/*
 * libmltnl: the sockets, the family lookup, the request loop and the
 * notifications. See mltnl.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <linux/netlink.h>

#include "internal.h"

void mltnl_err_clear(struct mltnl *h)
{
	h->err.stage = MLTNL_STAGE_NONE;
	h->err.errnum = 0;
	h->err.msg[0] = '\0';
}

int mltnl_fail(struct mltnl *h, enum mltnl_stage stage, int errnum)
{
	h->err.stage = stage;
	h->err.errnum = errnum;
	h->err.msg[0] = '\0';
	errno = errnum;
	return -errnum;
}

long long mltnl_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

struct mltnl_error *mltnl_error(struct mltnl *h)
{
	return &h->err;
}

uint16_t mltnl_family_id(const struct mltnl *h)
{
	return h->family;
}

void mltnl_set_rx_hook(struct mltnl *h, mltnl_rx_hook_t hook, void *data)
{
	h->hook = hook;
	h->hook_data = data;
}

int mltnl_ntf_fd(const struct mltnl *h)
{
	return h->ev ? mnl_socket_get_fd(h->ev) : -1;
}

/* --- the request loop ---------------------------------------------------- */

/* What one request has seen so far. */
struct run_state {
	uint32_t seq;
	uint16_t type;
	mnl_cb_t cb;
	void *data;
	int done;		/* the ack, the error or NLMSG_DONE came */
	int failed;		/* h->err holds the failure */
	int intr;		/* NLM_F_DUMP_INTR seen */
};

/* A reply callback said MNL_CB_ERROR: keep its error, or make one. */
static void cb_failed(struct mltnl *h, struct run_state *rs)
{
	int errnum = errno > 0 ? errno : EPROTO;

	rs->failed = 1;
	if (h->err.stage != MLTNL_STAGE_NONE)
		return;
	h->err.stage = MLTNL_STAGE_REPLY;
	h->err.errnum = errnum;
	snprintf(h->err.msg, sizeof(h->err.msg), "%s",
		 errnum == EPROTO ? "message rejected" : "");
}

static void run_one(struct mltnl *h, struct run_state *rs,
		    const struct nlmsghdr *nlh)
{
	struct mltnl_error ack;
	int ret;

	/* Another request's leftovers (one given up on): not ours. */
	if (nlh->nlmsg_seq != rs->seq || nlh->nlmsg_pid != h->portid)
		return;
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		rs->intr = 1;
	switch (nlh->nlmsg_type) {
	case NLMSG_NOOP:
	case NLMSG_OVERRUN:
		return;
	case NLMSG_ERROR:
	case NLMSG_DONE:
		rs->done = 1;
		memset(&ack, 0, sizeof(ack));
		ret = mltnl_parse_ack(nlh, &ack);
		if (ret && !rs->failed) {
			h->err = ack;
			rs->failed = 1;
		}
		return;
	default:
		break;
	}
	if (nlh->nlmsg_type != rs->type || rs->failed || !rs->cb)
		return;
	errno = 0;
	ret = rs->cb(nlh, rs->data);
	if (ret == MNL_CB_ERROR)
		cb_failed(h, rs);
	else if (ret == MNL_CB_STOP)
		rs->cb = NULL;		/* no more, but read to the end */
}

/* Receive one datagram of the answer into h->rx: its length, or -errno. */
static ssize_t run_recv(struct mltnl *h)
{
	ssize_t n;

	for (;;) {
		n = mnl_socket_recvfrom(h->req, h->rx, MLTNL_RX_BUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return mltnl_fail(h, MLTNL_STAGE_IO,
					  n < 0 ? errno : ENODATA);
		return n;
	}
}

int mltnl_run(struct mltnl *h, struct nlmsghdr *nlh, uint16_t type,
	      mnl_cb_t cb, void *data)
{
	struct run_state rs = { .type = type, .cb = cb, .data = data };
	const struct nlmsghdr *m;
	size_t used = 0;
	ssize_t n;
	int left;

	mltnl_err_clear(h);
	nlh->nlmsg_flags |= NLM_F_REQUEST;
	/* A dump ends with NLMSG_DONE and no ack after it. */
	if (!(nlh->nlmsg_flags & NLM_F_DUMP))
		nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = rs.seq = ++h->seq;
	if (mnl_socket_sendto(h->req, nlh, nlh->nlmsg_len) < 0)
		return mltnl_fail(h, MLTNL_STAGE_IO, errno);
	while (!rs.done) {
		n = run_recv(h);
		if (n < 0) {
			rs.failed = 1;
			break;
		}
		used = (size_t)n > used ? (size_t)n : used;
		if (h->hook)
			h->hook(h->rx, (size_t)n, h->hook_data);
		left = (int)n;
		for (m = (const struct nlmsghdr *)h->rx; mnl_nlmsg_ok(m, left);
		     m = mnl_nlmsg_next(m, &left))
			run_one(h, &rs, m);
	}
	explicit_bzero(h->rx, used);
	if (!rs.failed && rs.intr) {
		mltnl_fail(h, MLTNL_STAGE_REPLY, EAGAIN);
		snprintf(h->err.msg, sizeof(h->err.msg),
			 "dump interrupted by a change, try again");
		return -EAGAIN;
	}
	if (rs.failed) {
		errno = h->err.errnum;
		return -h->err.errnum;
	}
	return 0;
}

struct nlmsghdr *mltnl_msg_start(struct mltnl *h, void *buf, uint8_t cmd,
				 uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = h->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = MLT_GENL_VERSION;
	return nlh;
}

int mltnl_send(struct mltnl *h, struct nlmsghdr *nlh, mnl_cb_t cb,
	       void *data)
{
	return mltnl_run(h, nlh, h->family, cb, data);
}

/* --- opening ------------------------------------------------------------- */

#define GROUPS_MAX	8

/* What the family lookup found. */
struct family {
	uint16_t id;
	unsigned int n_groups;
	struct {
		char name[GENL_NAMSIZ];
		uint32_t id;
	} groups[GROUPS_MAX];
};

/* One CTRL_ATTR_MCAST_GROUPS item: a group's name and id, if both. */
static void parse_group(struct family *f, const struct nlattr *grp)
{
	const struct nlattr *a;
	const char *name = NULL;
	uint32_t id = 0;

	mnl_attr_for_each_nested(a, grp) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			name = mnl_attr_get_str(a);
		else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID &&
			 mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			id = mnl_attr_get_u32(a);
	}
	if (!name || !id || strlen(name) >= GENL_NAMSIZ ||
	    f->n_groups == GROUPS_MAX)
		return;
	strcpy(f->groups[f->n_groups].name, name);
	f->groups[f->n_groups++].id = id;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct family *f = data;
	const struct nlattr *a, *grp;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(struct genlmsghdr)))
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case CTRL_ATTR_FAMILY_ID:
			if (mnl_attr_validate(a, MNL_TYPE_U16) == 0)
				f->id = mnl_attr_get_u16(a);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			if (mnl_attr_validate(a, MNL_TYPE_NESTED) < 0)
				break;
			mnl_attr_for_each_nested(grp, a)
				parse_group(f, grp);
			break;
		default:
			break;
		}
	}
	return MNL_CB_OK;
}

static struct mnl_socket *sock_open(void)
{
	struct mnl_socket *s = mnl_socket_open(NETLINK_GENERIC);
	int one = 1, saved;

	if (!s)
		return NULL;
	if (mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) < 0) {
		saved = errno;
		mnl_socket_close(s);
		errno = saved;
		return NULL;
	}
	/* Extended acks, and no echo of a request in an error: a request
	 * may hold a private key. Old kernels lack both: no matter.
	 */
	mnl_socket_setsockopt(s, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(s, NETLINK_CAP_ACK, &one, sizeof(one));
	return s;
}

static int lookup(struct mltnl *h, const char *name, struct family *f)
{
	_Alignas(uint64_t) char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;
	int ret;

	nlh->nlmsg_type = GENL_ID_CTRL;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);
	ret = mltnl_run(h, nlh, GENL_ID_CTRL, family_cb, f);
	/* Any answer from the kernel here is about the lookup. */
	if (ret < 0 && h->err.stage == MLTNL_STAGE_KERNEL)
		h->err.stage = MLTNL_STAGE_FAMILY;
	if (!ret && !f->id) {
		mltnl_reply_error(&h->err, "no family id for \"%s\"", name);
		ret = -EPROTO;
	}
	return ret;
}

static int join(struct mltnl *h, const struct family *f, const char *group)
{
	unsigned int i;
	uint32_t id;
	int saved;

	for (i = 0; i < f->n_groups; i++) {
		if (strcmp(f->groups[i].name, group))
			continue;
		id = f->groups[i].id;
		if (mnl_socket_setsockopt(h->ev, NETLINK_ADD_MEMBERSHIP, &id,
					  sizeof(id)) == 0)
			return 0;
		saved = errno;
		mltnl_fail(h, MLTNL_STAGE_SOCKET, saved);
		snprintf(h->err.msg, sizeof(h->err.msg),
			 "joining the \"%s\" group%s", group,
			 saved == EPERM ? " needs CAP_NET_ADMIN" : "");
		return -saved;
	}
	/* Not MLTNL_STAGE_FAMILY: that reads as "module not loaded". */
	mltnl_fail(h, MLTNL_STAGE_KERNEL, ENOENT);
	snprintf(h->err.msg, sizeof(h->err.msg),
		 "the family has no multicast group \"%s\" (an older module?)",
		 group);
	return -ENOENT;
}

static int open_groups(struct mltnl *h, const struct family *f,
		       unsigned int groups)
{
	int rcvbuf = 1 << 20;
	int ret = 0;

	h->ev = sock_open();
	h->ev_buf = malloc(MLTNL_EV_BUF);
	if (!h->ev || !h->ev_buf)
		return mltnl_fail(h, h->ev ? MLTNL_STAGE_IO : MLTNL_STAGE_SOCKET,
				  errno ? errno : ENOMEM);
	if (groups & MLTNL_GROUP_RESOLVE)
		ret = join(h, f, MLT_MCGRP_RESOLVE);
	if (!ret && (groups & MLTNL_GROUP_DIR))
		ret = join(h, f, MLT_MCGRP_DIR);
	if (ret)
		return ret;
	/* Requests come in bursts; one lost means a waiter times out. */
	setsockopt(mnl_socket_get_fd(h->ev), SOL_SOCKET, SO_RCVBUF, &rcvbuf,
		   sizeof(rcvbuf));
	fcntl(mnl_socket_get_fd(h->ev), F_SETFL, O_NONBLOCK);
	return 0;
}

struct mltnl *mltnl_open_family(const char *name, unsigned int groups,
				struct mltnl_error *err)
{
	struct family f = { 0 };
	struct mltnl *h = calloc(1, sizeof(*h));
	int ret = 0;

	if (h)
		h->rx = malloc(MLTNL_RX_BUF);
	if (!h || !h->rx) {
		if (err) {
			err->stage = MLTNL_STAGE_SOCKET;
			err->errnum = ENOMEM;
			err->msg[0] = '\0';
		}
		free(h);
		errno = ENOMEM;
		return NULL;
	}
	h->seq = (uint32_t)time(NULL);
	h->req = sock_open();
	if (!h->req) {
		ret = mltnl_fail(h, MLTNL_STAGE_SOCKET, errno);
	} else {
		h->portid = mnl_socket_get_portid(h->req);
		ret = lookup(h, name, &f);
	}
	if (!ret) {
		h->family = f.id;
		if (groups)
			ret = open_groups(h, &f, groups);
	}
	if (!ret)
		return h;
	if (err)
		*err = h->err;
	mltnl_close(h);
	errno = -ret;
	return NULL;
}

struct mltnl *mltnl_open(unsigned int groups, struct mltnl_error *err)
{
	return mltnl_open_family(MLT_GENL_NAME, groups, err);
}

void mltnl_close(struct mltnl *h)
{
	if (!h)
		return;
	if (h->req)
		mnl_socket_close(h->req);
	if (h->ev)
		mnl_socket_close(h->ev);
	free(h->rx);
	free(h->ev_buf);
	free(h);
}

/* --- notifications ------------------------------------------------------- */

/* The next queued message of the family: 1 (parsed into *n), 0, -errno. */
static int ntf_queued(struct mltnl *h, struct mltnl_ntf *n)
{
	const struct nlmsghdr *m;
	size_t left;
	int ret;

	while (h->ev_off < h->ev_len) {
		m = (const struct nlmsghdr *)(h->ev_buf + h->ev_off);
		left = h->ev_len - h->ev_off;
		if (!mnl_nlmsg_ok(m, (int)left)) {
			h->ev_off = h->ev_len;	/* a truncated tail */
			break;
		}
		h->ev_off += NLMSG_ALIGN(m->nlmsg_len) < left ?
			     NLMSG_ALIGN(m->nlmsg_len) : left;
		if (m->nlmsg_type != h->family)
			continue;
		ret = mltnl_parse_ntf(m, n, &h->err);
		if (ret)
			return ret;
	}
	return 0;
}

/* Wait for the notification socket: 1 readable, 0 time out, -errno. */
static int ntf_poll(struct mltnl *h, long long end, int forever)
{
	struct pollfd pfd = { .fd = mnl_socket_get_fd(h->ev), .events = POLLIN };
	long long left;
	int ret;

	for (;;) {
		left = forever ? -1 : end - mltnl_now_ms();
		if (!forever && left <= 0)
			return 0;
		ret = poll(&pfd, 1, forever ? -1 : (int)left);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0)
			return mltnl_fail(h, MLTNL_STAGE_IO, errno);
		return ret > 0;
	}
}

int mltnl_ntf_next(struct mltnl *h, struct mltnl_ntf *n, int timeout_ms)
{
	long long end = mltnl_now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	ssize_t got;
	int ret;

	mltnl_err_clear(h);
	if (!h->ev) {
		mltnl_fail(h, MLTNL_STAGE_ARG, EINVAL);
		snprintf(h->err.msg, sizeof(h->err.msg), "no group joined");
		return -EINVAL;
	}
	for (;;) {
		ret = ntf_queued(h, n);
		if (ret)
			return ret;
		h->ev_len = h->ev_off = 0;
		got = recv(mnl_socket_get_fd(h->ev), h->ev_buf, MLTNL_EV_BUF,
			   MSG_DONTWAIT);
		if (got > 0) {
			h->ev_len = (size_t)got;
			continue;
		}
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && errno == ENOBUFS) {
			mltnl_fail(h, MLTNL_STAGE_IO, ENOBUFS);
			snprintf(h->err.msg, sizeof(h->err.msg),
				 "notifications were lost");
			return -ENOBUFS;
		}
		if (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return mltnl_fail(h, MLTNL_STAGE_IO, errno);
		if (got == 0 || !timeout_ms)
			return 0;
		ret = ntf_poll(h, end, timeout_ms < 0);
		if (ret <= 0)
			return ret;
	}
}
