// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing for mltctl, on libmnl.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/minimalt.h>

#include <sodium.h>

#include "genl.h"
#include "mltctl.h"

/* State of one request while its answer is processed. */
struct req_ctx {
	uint16_t type;		/* message type of the replies we want */
	mnl_cb_t cb;
	void *data;
	struct genl_err *e;
	int kernel_error;	/* an NLMSG_ERROR with an error arrived */
	int reply_error;	/* a callback found the reply malformed */
};

static void set_err(struct genl_err *e, enum genl_stage stage, int errnum)
{
	e->stage = stage;
	e->errnum = errnum;
	e->msg[0] = '\0';
}

void genl_reply_error(struct genl_err *e, const char *fmt, ...)
{
	va_list ap;

	e->stage = GENL_STAGE_REPLY;
	e->errnum = EPROTO;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	errno = EPROTO;
}

/* The extended ACK TLVs of an error or DONE message, from offset off. */
static void parse_ack_tlvs(const struct nlmsghdr *nlh, unsigned int off,
			   struct genl_err *e)
{
	const struct nlattr *attr;

	if (mnl_nlmsg_size(off) > nlh->nlmsg_len)
		return;
	mnl_attr_for_each(attr, nlh, off) {
		switch (mnl_attr_get_type(attr)) {
		case NLMSGERR_ATTR_MSG:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
				break;
			snprintf(e->msg, sizeof(e->msg), "%s",
				 mnl_attr_get_str(attr));
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (e->msg[0] || mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				break;
			snprintf(e->msg, sizeof(e->msg), "missing attribute %u",
				 mnl_attr_get_u32(attr));
			break;
		default:
			break;
		}
	}
}

int genl_parse_error(const struct nlmsghdr *nlh, struct genl_err *e)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int off;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err)))
		return -1;
	if (err->error == 0)
		return 0;

	e->stage = GENL_STAGE_KERNEL;
	e->errnum = err->error < 0 ? -err->error : EPROTO;
	e->msg[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 1;

	/* The TLVs follow the echoed request, unless it was capped. */
	off = sizeof(*err);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    err->msg.nlmsg_len > sizeof(struct nlmsghdr))
		off += NLMSG_ALIGN(err->msg.nlmsg_len - sizeof(struct nlmsghdr));
	parse_ack_tlvs(nlh, off, e);
	return 1;
}

int genl_parse_done(const struct nlmsghdr *nlh, struct genl_err *e)
{
	int error;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(error)))
		return -1;
	memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	if (error == 0)
		return 0;

	e->stage = GENL_STAGE_KERNEL;
	e->errnum = error < 0 ? -error : EPROTO;
	e->msg[0] = '\0';
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		parse_ack_tlvs(nlh, NLMSG_ALIGN(sizeof(error)), e);
	return 1;
}

/*
 * The end of a request, from genl_parse_error() or genl_parse_done(): 0
 * ends it well, 1 is the kernel's error, anything else a truncated WHAT.
 */
static int end_cb(struct req_ctx *ctx, int parsed, const char *what)
{
	switch (parsed) {
	case 0:
		return MNL_CB_STOP;
	case 1:
		ctx->kernel_error = 1;
		errno = ctx->e->errnum;
		return MNL_CB_ERROR;
	default:
		genl_reply_error(ctx->e, "%s", what);
		ctx->reply_error = 1;
		return MNL_CB_ERROR;
	}
}

/* NLMSG_ERROR: an ACK (error 0) ends the request, anything else fails it. */
static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	struct req_ctx *ctx = data;

	return end_cb(ctx, genl_parse_error(nlh, ctx->e),
		      "truncated error message");
}

/* NLMSG_DONE: the end of a dump, which may carry the dump's error. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct req_ctx *ctx = data;

	return end_cb(ctx, genl_parse_done(nlh, ctx->e),
		      "truncated done message");
}

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct req_ctx *ctx = data;
	int ret;

	if (nlh->nlmsg_type != ctx->type || !ctx->cb)
		return MNL_CB_OK;
	ret = ctx->cb(nlh, ctx->data);
	if (ret == MNL_CB_ERROR) {
		ctx->reply_error = 1;
		if (ctx->e->stage != GENL_STAGE_REPLY)
			genl_reply_error(ctx->e, "message rejected");
	}
	return ret;
}

static int do_request(struct genl_sock *g, struct nlmsghdr *nlh,
		      uint16_t type, mnl_cb_t cb, void *data,
		      struct genl_err *e)
{
	static _Alignas(uint64_t) char buf[GENL_BUF_SIZE];
	mnl_cb_t ctl_cb[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = error_cb,
		[NLMSG_DONE] = done_cb,
	};
	struct req_ctx ctx = { .type = type, .cb = cb, .data = data, .e = e };
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t n;
	int ret = -1;

	set_err(e, GENL_STAGE_NONE, 0);
	if (mnl_socket_sendto(g->nl, nlh, nlh->nlmsg_len) < 0) {
		set_err(e, GENL_STAGE_IO, errno);
		return -1;
	}
	for (;;) {
		n = mnl_socket_recvfrom(g->nl, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			set_err(e, GENL_STAGE_IO, n < 0 ? errno : ENODATA);
			ret = -1;
			break;
		}
		ret = mnl_cb_run2(buf, (size_t)n, seq, g->portid, data_cb, &ctx,
				  ctl_cb, NLMSG_MIN_TYPE);
		if (ret == MNL_CB_STOP) {
			ret = 0;
			break;
		}
		if (ret < 0) {
			if (ctx.kernel_error)
				e->stage = GENL_STAGE_KERNEL;
			else if (!ctx.reply_error && errno == EINTR)
				/* NLM_F_DUMP_INTR: the data changed mid-dump. */
				genl_reply_error(e, "dump interrupted by a change, try again");
			else if (!ctx.reply_error)
				set_err(e, GENL_STAGE_IO, errno);
			ret = -1;
			break;
		}
	}
	sodium_memzero(buf, sizeof(buf));
	return ret;
}

struct resolve_ctx {
	struct genl_sock *g;
	struct genl_err *e;
	int found;
};

/* One CTRL_ATTR_MCAST_GROUPS item: a group's name and id, if both. */
static void parse_mcgrp(struct genl_sock *g, const struct nlattr *grp)
{
	const struct nlattr *attr;
	const char *name = NULL;
	uint32_t id = 0;

	mnl_attr_for_each_nested(attr, grp) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GRP_NAME &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			name = mnl_attr_get_str(attr);
		else if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GRP_ID &&
			 mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			id = mnl_attr_get_u32(attr);
	}
	if (!name || !id || strlen(name) >= GENL_NAMSIZ ||
	    g->n_mcgrps == GENL_MCGRPS_MAX)
		return;
	strcpy(g->mcgrps[g->n_mcgrps].name, name);
	g->mcgrps[g->n_mcgrps++].id = id;
}

static int resolve_cb(const struct nlmsghdr *nlh, void *data)
{
	struct resolve_ctx *rc = data;
	const struct nlattr *attr, *grp;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case CTRL_ATTR_FAMILY_ID:
			if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0) {
				genl_reply_error(rc->e, "bad family id");
				return MNL_CB_ERROR;
			}
			rc->g->family_id = mnl_attr_get_u16(attr);
			rc->found = 1;
			break;
		case CTRL_ATTR_VERSION:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
				rc->g->family_version = mnl_attr_get_u32(attr);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			mnl_attr_for_each_nested(grp, attr)
				parse_mcgrp(rc->g, grp);
			break;
		default:
			break;
		}
	}
	return MNL_CB_OK;
}

int genl_open(struct genl_sock *g, struct genl_err *e)
{
	return genl_open_family(g, MLT_GENL_NAME, e);
}

int genl_open_family(struct genl_sock *g, const char *name,
		     struct genl_err *e)
{
	_Alignas(uint64_t) char buf[256];
	struct resolve_ctx rc = { .g = g, .e = e };
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;
	int one = 1;

	memset(g, 0, sizeof(*g));
	set_err(e, GENL_STAGE_NONE, 0);
	g->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!g->nl) {
		set_err(e, GENL_STAGE_SOCKET, errno);
		return -1;
	}
	if (mnl_socket_bind(g->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		set_err(e, GENL_STAGE_SOCKET, errno);
		genl_close(g);
		return -1;
	}
	g->portid = mnl_socket_get_portid(g->nl);
	g->seq = (uint32_t)time(NULL);

	/* Extended ACK messages, and no echo of our requests in errors: a
	 * request may hold a private key. Old kernels lack both: no matter.
	 */
	mnl_socket_setsockopt(g->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(g->nl, NETLINK_CAP_ACK, &one, sizeof(one));

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++g->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);

	if (do_request(g, nlh, GENL_ID_CTRL, resolve_cb, &rc, e) < 0 ||
	    !rc.found) {
		if (e->stage == GENL_STAGE_NONE)
			genl_reply_error(e, "no family id for \"%s\"", name);
		/* Any answer from the kernel here is about the lookup. */
		if (e->stage == GENL_STAGE_KERNEL)
			e->stage = GENL_STAGE_RESOLVE;
		genl_close(g);
		return -1;
	}
	return 0;
}

void genl_close(struct genl_sock *g)
{
	if (g->nl)
		mnl_socket_close(g->nl);
	g->nl = NULL;
}

struct nlmsghdr *genl_msg_start(struct genl_sock *g, void *buf, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = g->family_id;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = ++g->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = MLT_GENL_VERSION;
	return nlh;
}

int genl_request(struct genl_sock *g, struct nlmsghdr *nlh, mnl_cb_t cb,
		 void *data, struct genl_err *e)
{
	nlh->nlmsg_flags |= NLM_F_ACK;
	return do_request(g, nlh, g->family_id, cb, data, e);
}

int genl_join(struct genl_sock *g, const char *group, struct genl_err *e)
{
	unsigned int i;

	set_err(e, GENL_STAGE_NONE, 0);
	for (i = 0; i < g->n_mcgrps; i++) {
		if (strcmp(g->mcgrps[i].name, group))
			continue;
		if (mnl_socket_setsockopt(g->nl, NETLINK_ADD_MEMBERSHIP,
					  &g->mcgrps[i].id,
					  sizeof(g->mcgrps[i].id)) < 0) {
			set_err(e, GENL_STAGE_SOCKET, errno);
			return -1;
		}
		return 0;
	}
	/* Not GENL_STAGE_RESOLVE: that reads as "module not loaded". */
	set_err(e, GENL_STAGE_KERNEL, ENOENT);
	snprintf(e->msg, sizeof(e->msg),
		 "the family has no multicast group \"%s\" (an older module?)",
		 group);
	return -1;
}

/* Milliseconds on the monotonic clock. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int genl_wait(struct genl_sock *g, mnl_cb_t cb, void *data, int timeout_ms,
	      struct genl_err *e)
{
	static _Alignas(uint64_t) char buf[GENL_BUF_SIZE];
	struct req_ctx ctx = {
		.type = g->family_id, .cb = cb, .data = data, .e = e,
	};
	struct pollfd pfd = { .fd = mnl_socket_get_fd(g->nl), .events = POLLIN };
	long long end = now_ms() + timeout_ms, left;
	ssize_t n;
	int ret;

	set_err(e, GENL_STAGE_NONE, 0);
	for (;;) {
		left = end - now_ms();
		if (left <= 0)
			return 0;
		ret = poll(&pfd, 1, (int)left);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0) {
			set_err(e, GENL_STAGE_IO, errno);
			return -1;
		}
		if (!ret)
			return 0;
		n = mnl_socket_recvfrom(g->nl, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			set_err(e, GENL_STAGE_IO, n < 0 ? errno : ENODATA);
			return -1;
		}
		/* Group messages have sequence number and port id 0. */
		ret = mnl_cb_run(buf, (size_t)n, 0, 0, data_cb, &ctx);
		sodium_memzero(buf, (size_t)n);
		if (ret == MNL_CB_STOP)
			return 1;
		if (ret < 0) {
			if (!ctx.reply_error)
				set_err(e, GENL_STAGE_IO, errno);
			return -1;
		}
	}
}

int genl_dump(struct genl_sock *g, struct nlmsghdr *nlh, mnl_cb_t cb,
	      void *data, struct genl_err *e)
{
	/* No NLM_F_ACK: NLMSG_DONE ends a dump, and the kernel sends no ACK
	 * after it; an error starting the dump still comes as NLMSG_ERROR.
	 */
	nlh->nlmsg_flags |= NLM_F_DUMP;
	return do_request(g, nlh, g->family_id, cb, data, e);
}

static int is_perm(int errnum)
{
	return errnum == EPERM || errnum == EACCES;
}

int genl_report(const struct genl_err *e, const char *what)
{
	const char *sep = e->msg[0] ? ": " : "";

	switch (e->stage) {
	case GENL_STAGE_SOCKET:
		err_msg("cannot open a generic netlink socket: %s",
			strerror(e->errnum));
		break;
	case GENL_STAGE_RESOLVE:
		if (e->errnum == ENOENT) {
			err_msg("module not loaded: generic netlink family \"%s\" not found (try: modprobe minimalt)",
				MLT_GENL_NAME);
			return MLTCTL_EXIT_KERNEL;
		}
		if (is_perm(e->errnum)) {
			err_msg("permission denied looking up generic netlink family \"%s\": %s%s%s",
				MLT_GENL_NAME, strerror(e->errnum), sep, e->msg);
			return MLTCTL_EXIT_PERM;
		}
		err_msg("cannot look up generic netlink family \"%s\": %s%s%s",
			MLT_GENL_NAME, strerror(e->errnum), sep, e->msg);
		break;
	case GENL_STAGE_IO:
		err_msg("%s: netlink I/O error: %s", what, strerror(e->errnum));
		break;
	case GENL_STAGE_KERNEL:
		if (is_perm(e->errnum)) {
			err_msg("permission denied: %s needs CAP_NET_ADMIN in the user namespace owning the network namespace (%s%s%s)",
				what, strerror(e->errnum), sep, e->msg);
			return MLTCTL_EXIT_PERM;
		}
		err_msg("%s: kernel refused the request: %s%s%s", what,
			strerror(e->errnum), sep, e->msg);
		break;
	case GENL_STAGE_REPLY:
		err_msg("%s: malformed kernel reply: %s", what,
			e->msg[0] ? e->msg : strerror(e->errnum));
		break;
	case GENL_STAGE_NONE:
	default:
		err_msg("%s: netlink error: %s", what, strerror(e->errnum));
		break;
	}
	if (e->stage == GENL_STAGE_SOCKET && is_perm(e->errnum))
		return MLTCTL_EXIT_PERM;
	return MLTCTL_EXIT_KERNEL;
}
