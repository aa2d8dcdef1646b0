// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "nl.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

struct reply_ctx {
	struct mlt_nl *nl;
	mnl_attr_cb_t attr_cb;	/* applied to each data message, if set */
	void *attr_data;
};

static int record_extack(const struct nlmsghdr *nlh, struct mlt_nl *nl)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	size_t off = sizeof(*err);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += mnl_nlmsg_get_payload_len(&err->msg);
	mnl_attr_for_each(attr, nlh, off) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0) {
			strncpy(nl->extack, mnl_attr_get_str(attr),
				sizeof(nl->extack) - 1);
		}
	}
	return 0;
}

static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply_ctx *ctx = data;
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);

	record_extack(nlh, ctx->nl);
	if (err->error) {
		errno = -err->error;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

/* The end of a dump; it carries the dump's own error, if any. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	const int *err = mnl_nlmsg_get_payload(nlh);

	(void)data;
	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(*err) && *err < 0) {
		errno = -*err;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static int stats_cb(const struct nlattr *attr, void *data)
{
	struct mlt_status *st = data;

	if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
		return MNL_CB_OK;
	switch (mnl_attr_get_type(attr)) {
	case MLT_STAT_SOCKETS:
		st->sockets = mnl_attr_get_u64(attr);
		break;
	case MLT_STAT_IDENTITY_CHANGES:
		st->identity_changes = mnl_attr_get_u64(attr);
		break;
	case MLT_STAT_DIR_ENTRIES:
		st->dir_entries = mnl_attr_get_u64(attr);
		break;
	case MLT_STAT_EPH_KEYS:
		st->eph_keys = mnl_attr_get_u64(attr);
		break;
	case MLT_STAT_EPH_WIPED:
		st->eph_wiped = mnl_attr_get_u64(attr);
		break;
	}
	return MNL_CB_OK;
}

static int status_attr_cb(const struct nlattr *attr, void *data)
{
	struct mlt_status *st = data;

	switch (mnl_attr_get_type(attr)) {
	case MLT_A_FAMILY:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			st->family = mnl_attr_get_u32(attr);
		break;
	case MLT_A_PUBLIC_KEY:
		if (mnl_attr_get_payload_len(attr) == MLT_KEY_LEN) {
			memcpy(st->public_key, mnl_attr_get_payload(attr),
			       MLT_KEY_LEN);
			st->has_public_key = true;
		}
		break;
	case MLT_A_STATS:
		mnl_attr_parse_nested(attr, stats_cb, st);
		break;
	}
	return MNL_CB_OK;
}

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply_ctx *ctx = data;

	if (ctx->attr_cb)
		mnl_attr_parse(nlh, sizeof(struct genlmsghdr), ctx->attr_cb,
			       ctx->attr_data);
	return MNL_CB_OK;
}

static int family_cb(const struct nlattr *attr, void *data)
{
	uint16_t *id = data;

	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
		*id = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int transact(struct mlt_nl *nl, struct nlmsghdr *req,
		    mnl_attr_cb_t attr_cb, void *attr_data)
{
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = error_cb,
		[NLMSG_DONE] = done_cb,
	};
	struct reply_ctx ctx = {
		.nl = nl, .attr_cb = attr_cb, .attr_data = attr_data,
	};
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	uint32_t portid = mnl_socket_get_portid(nl->sock);
	ssize_t n;
	int ret;

	nl->reply_len = 0;
	nl->extack[0] = '\0';
	/* A dump ends with NLMSG_DONE; an ack after it would linger. */
	req->nlmsg_flags |= NLM_F_REQUEST;
	if (!(req->nlmsg_flags & NLM_F_DUMP))
		req->nlmsg_flags |= NLM_F_ACK;
	req->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) < 0)
		return -errno;

	do {
		n = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		if (nl->reply_len + n <= sizeof(nl->reply)) {
			memcpy(nl->reply + nl->reply_len, buf, n);
			nl->reply_len += n;
		}
		ret = mnl_cb_run2(buf, n, req->nlmsg_seq, portid, data_cb,
				  &ctx, ctl, NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);

	return ret < 0 ? -errno : 0;
}

int mlt_nl_open(struct mlt_nl *nl)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	int one = 1, ret;

	memset(nl, 0, sizeof(*nl));
	nl->seq = time(NULL);
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock)
		return -errno;
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		goto err;
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, MLT_GENL_NAME);
	ret = transact(nl, nlh, family_cb, &nl->family);
	if (ret) {
		mnl_socket_close(nl->sock);
		nl->sock = NULL;
		return ret;
	}
	return nl->family ? 0 : -ENOENT;
err:
	ret = -errno;
	mnl_socket_close(nl->sock);
	nl->sock = NULL;
	return ret;
}

void mlt_nl_close(struct mlt_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

struct nlmsghdr *mlt_nl_start(struct mlt_nl *nl, void *buf, uint8_t cmd,
			      uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = MLT_GENL_VERSION;
	return nlh;
}

int mlt_nl_call(struct mlt_nl *nl, uint8_t cmd, const void *key,
		size_t key_len)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mlt_nl_start(nl, buf, cmd, 0);

	if (key)
		mnl_attr_put(nlh, MLT_A_PRIVATE_KEY, key_len, key);
	return transact(nl, nlh, NULL, NULL);
}

int mlt_nl_set_identity(struct mlt_nl *nl, const uint8_t key[MLT_KEY_LEN])
{
	return mlt_nl_call(nl, MLT_CMD_SET_IDENTITY, key, MLT_KEY_LEN);
}

int mlt_nl_status(struct mlt_nl *nl, struct mlt_status *st)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mlt_nl_start(nl, buf, MLT_CMD_GET_STATUS, 0);

	memset(st, 0, sizeof(*st));
	return transact(nl, nlh, status_attr_cb, st);
}

int mlt_nl_send(struct mlt_nl *nl, struct nlmsghdr *req, mnl_attr_cb_t cb,
		void *data)
{
	return transact(nl, req, cb, data);
}
