// SPDX-License-Identifier: GPL-2.0
/*
 * The "minimalt" generic netlink family through libmnl; see nl.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "nl.h"

/* Requests are small; a dump reply fills at most one page per message. */
#define NL_BUF	(MNL_SOCKET_BUFFER_SIZE > 16384 ? MNL_SOCKET_BUFFER_SIZE : 16384)

struct nl_call {
	mnl_cb_t cb;			/* each reply message, or NULL */
	void *data;
	char extack[160];		/* the kernel's message, if any */
};

static void say(char *err, size_t errlen, const char *what, int errnum,
		const char *extack)
{
	if (extack && extack[0])
		snprintf(err, errlen, "%s: %s (%s)", what, strerror(errnum),
			 extack);
	else
		snprintf(err, errlen, "%s: %s", what, strerror(errnum));
}

/* The extended ack message of an NLMSG_ERROR, if it has one. */
static void read_extack(const struct nlmsghdr *nlh, char *out, size_t len)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	unsigned int off = sizeof(*e);
	const struct nlattr *attr;

	out[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += mnl_nlmsg_get_payload_len(&e->msg);
	if (mnl_nlmsg_get_payload_len(nlh) < off)
		return;
	mnl_attr_for_each(attr, nlh, off) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0) {
			snprintf(out, len, "%s", mnl_attr_get_str(attr));
			return;
		}
	}
}

static int err_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct nl_call *c = data;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!e->error)
		return MNL_CB_STOP;
	read_extack(nlh, c->extack, sizeof(c->extack));
	errno = -e->error;
	return MNL_CB_ERROR;
}

/* The end of a dump; it carries the dump's error, if any. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_call *c = data;
	int err = 0;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int))
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (!err)
		return MNL_CB_STOP;
	c->extack[0] = '\0';
	errno = -err;
	return MNL_CB_ERROR;
}

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_call *c = data;

	return c->cb ? c->cb(nlh, c->data) : MNL_CB_OK;
}

/* Send @nlh and read to its ack; 0 or -1 with errno and c->extack. */
static int nl_run(struct mnl_socket *s, struct nlmsghdr *nlh,
		  struct nl_call *c)
{
	/* With an array of its own, libmnl handles no control message. */
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = err_cb,
		[NLMSG_DONE] = done_cb,
	};
	unsigned int portid = mnl_socket_get_portid(s);
	uint32_t seq = nlh->nlmsg_seq;
	char *buf;
	int ret;

	c->extack[0] = '\0';
	if (mnl_socket_sendto(s, nlh, nlh->nlmsg_len) < 0)
		return -1;
	buf = malloc(NL_BUF);
	if (!buf)
		return -1;
	do {
		ret = mnl_socket_recvfrom(s, buf, NL_BUF);
		if (ret < 0)
			break;
		ret = mnl_cb_run2(buf, ret, seq, portid, data_cb, c, ctl,
				  NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	free(buf);
	return ret < 0 ? -1 : 0;
}

static struct nlmsghdr *msg_start(void *buf, uint16_t type, uint8_t cmd,
				  uint16_t flags, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = cmd == CTRL_CMD_GETFAMILY && type == GENL_ID_CTRL ? 1 :
		     MLT_GENL_VERSION;
	return nlh;
}

struct family {
	uint16_t id;
	uint32_t group;
	int have_group;
};

static int group_cb(const struct nlattr *nest, struct family *f)
{
	const struct nlattr *grp, *a;

	mnl_attr_for_each_nested(grp, nest) {
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
		if (name && id && !strcmp(name, MLT_MCGRP_RESOLVE)) {
			f->group = id;
			f->have_group = 1;
		}
	}
	return 0;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct family *f = data;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(a, MNL_TYPE_U16) == 0)
			f->id = mnl_attr_get_u16(a);
		else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GROUPS)
			group_cb(a, f);
	}
	return MNL_CB_OK;
}

static struct mnl_socket *sock_open(void)
{
	struct mnl_socket *s = mnl_socket_open(NETLINK_GENERIC);
	int one = 1;

	if (!s)
		return NULL;
	if (mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) < 0) {
		mnl_socket_close(s);
		return NULL;
	}
	mnl_socket_setsockopt(s, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(s, NETLINK_CAP_ACK, &one, sizeof(one));
	return s;
}

int nl_open(struct nl *nl, int subscribe, char *err, size_t errlen)
{
	char buf[512];
	struct family f = { 0 };
	struct nl_call c = { .cb = family_cb, .data = &f };
	struct nlmsghdr *nlh;
	int rcvbuf = 1 << 20;

	memset(nl, 0, sizeof(*nl));
	nl->seq = (uint32_t)time(NULL);
	nl->req = sock_open();
	if (!nl->req) {
		say(err, errlen, "netlink socket", errno, NULL);
		return -1;
	}
	nlh = msg_start(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0, ++nl->seq);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, MLT_GENL_NAME);
	if (nl_run(nl->req, nlh, &c) < 0 || !f.id) {
		say(err, errlen, "generic netlink family \"minimalt\"",
		    errno == ENOENT || !f.id ? ENOENT : errno,
		    "is minimalt.ko loaded?");
		goto fail;
	}
	nl->family = f.id;
	if (!subscribe)
		return 0;
	if (!f.have_group) {
		snprintf(err, errlen, "the module has no \"%s\" group (too old?)",
			 MLT_MCGRP_RESOLVE);
		goto fail;
	}
	nl->group = f.group;
	nl->ev = sock_open();
	if (!nl->ev ||
	    mnl_socket_setsockopt(nl->ev, NETLINK_ADD_MEMBERSHIP, &nl->group,
				  sizeof(nl->group)) < 0) {
		say(err, errlen, "joining the resolve group", errno,
		    errno == EPERM ? "needs CAP_NET_ADMIN" : NULL);
		goto fail;
	}
	setsockopt(mnl_socket_get_fd(nl->ev), SOL_SOCKET, SO_RCVBUF, &rcvbuf,
		   sizeof(rcvbuf));
	fcntl(mnl_socket_get_fd(nl->ev), F_SETFL, O_NONBLOCK);
	return 0;
fail:
	nl_close(nl);
	return -1;
}

void nl_close(struct nl *nl)
{
	if (nl->req)
		mnl_socket_close(nl->req);
	if (nl->ev)
		mnl_socket_close(nl->ev);
	nl->req = nl->ev = NULL;
}

int nl_event_fd(const struct nl *nl)
{
	return nl->ev ? mnl_socket_get_fd(nl->ev) : -1;
}

int nl_next_request(struct nl *nl, char *name, size_t len, char *err,
		    size_t errlen)
{
	char buf[4096];
	const struct nlmsghdr *nlh;
	const struct genlmsghdr *g;
	const struct nlattr *a;
	ssize_t n;
	int left;

	for (;;) {
		n = recv(mnl_socket_get_fd(nl->ev), buf, sizeof(buf), 0);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			say(err, errlen, "reading resolve requests", errno,
			    errno == ENOBUFS ? "requests were lost" : NULL);
			return -1;
		}
		left = (int)n;
		for (nlh = (const struct nlmsghdr *)buf;
		     mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_type != nl->family ||
			    mnl_nlmsg_get_payload_len(nlh) < sizeof(*g))
				continue;
			g = mnl_nlmsg_get_payload(nlh);
			if (g->cmd != MLT_CMD_RESOLVE)
				continue;
			mnl_attr_for_each(a, nlh, sizeof(*g)) {
				if (mnl_attr_get_type(a) == MLT_A_DIR_NAME &&
				    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0 &&
				    strlen(mnl_attr_get_str(a)) < len) {
					/* One request per datagram. */
					strcpy(name, mnl_attr_get_str(a));
					return 1;
				}
			}
		}
	}
}

static int simple(struct nl *nl, struct nlmsghdr *nlh, const char *what,
		  mnl_cb_t cb, void *data, char *err, size_t errlen)
{
	struct nl_call c = { .cb = cb, .data = data };

	if (nl_run(nl->req, nlh, &c) == 0)
		return 0;
	say(err, errlen, what, errno, c.extack);
	return -1;
}

int nl_dir_add(struct nl *nl, const char *name, const struct record *r,
	       uint32_t lifetime, char *err, size_t errlen)
{
	char buf[1024];
	struct nlmsghdr *nlh = msg_start(buf, nl->family, MLT_CMD_DIR_ADD, 0,
					 ++nl->seq);
	struct nlattr *nest;
	unsigned int i;

	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, name);
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_ADDRS);
	for (i = 0; i < r->n_addrs; i++)
		mnl_attr_put(nlh, MLT_ITEM_ADDR,
			     r->addrs[i].family == AF_INET ? 4 : 16,
			     r->addrs[i].addr);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u16(nlh, MLT_A_DIR_PORT, r->port);
	mnl_attr_put(nlh, MLT_A_DIR_IDENTITY, MLT_KEY_LEN, r->id_key);
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_EPH_KEYS);
	mnl_attr_put(nlh, MLT_ITEM_KEY, MLT_KEY_LEN, r->eph_key);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u32(nlh, MLT_A_DIR_LIFETIME, lifetime);
	mnl_attr_put(nlh, MLT_A_DIR_REPLACE, 0, NULL);
	return simple(nl, nlh, "installing the entry", NULL, NULL, err,
		      errlen);
}

int nl_dir_negative(struct nl *nl, const char *name, uint32_t reason,
		    uint32_t lifetime, char *err, size_t errlen)
{
	char buf[512];
	struct nlmsghdr *nlh = msg_start(buf, nl->family, MLT_CMD_DIR_ADD, 0,
					 ++nl->seq);

	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, name);
	mnl_attr_put_u32(nlh, MLT_A_DIR_ERROR, reason);
	mnl_attr_put_u32(nlh, MLT_A_DIR_LIFETIME, lifetime);
	mnl_attr_put(nlh, MLT_A_DIR_REPLACE, 0, NULL);
	return simple(nl, nlh, "installing a negative entry", NULL, NULL,
		      err, errlen);
}

int nl_dir_del(struct nl *nl, const char *name, char *err, size_t errlen)
{
	char buf[512];
	struct nlmsghdr *nlh = msg_start(buf, nl->family, MLT_CMD_DIR_DEL, 0,
					 ++nl->seq);
	struct nl_call c = { 0 };

	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, name);
	if (nl_run(nl->req, nlh, &c) == 0 || errno == ENOENT)
		return 0;
	say(err, errlen, "removing the entry", errno, c.extack);
	return -1;
}

struct dir_list {
	struct nl_dir *v;
	int n, cap;
};

static int dir_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dir_list *l = data;
	const struct nlattr *a, *k;
	struct nl_dir d = { 0 };

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case MLT_A_DIR_NAME:
			if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
				snprintf(d.name, sizeof(d.name), "%s",
					 mnl_attr_get_str(a));
			break;
		case MLT_A_DIR_ERROR:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				d.error = mnl_attr_get_u32(a);
			break;
		case MLT_A_DIR_LIFETIME:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				d.lifetime = mnl_attr_get_u32(a);
			break;
		case MLT_A_DIR_EPH_KEYS:
			mnl_attr_for_each_nested(k, a) {
				if (mnl_attr_get_payload_len(k) == MLT_KEY_LEN) {
					memcpy(d.eph, mnl_attr_get_payload(k),
					       MLT_KEY_LEN);
					break;
				}
			}
			break;
		}
	}
	if (!d.name[0])
		return MNL_CB_OK;
	if (l->n == l->cap) {
		struct nl_dir *v = realloc(l->v, (l->cap * 2 + 16) * sizeof(*v));

		if (!v) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		l->v = v;
		l->cap = l->cap * 2 + 16;
	}
	l->v[l->n++] = d;
	return MNL_CB_OK;
}

int nl_dir_list(struct nl *nl, struct nl_dir **out, char *err, size_t errlen)
{
	char buf[512];
	struct nlmsghdr *nlh = msg_start(buf, nl->family, MLT_CMD_DIR_GET,
					 NLM_F_DUMP, ++nl->seq);
	struct dir_list l = { 0 };

	if (simple(nl, nlh, "reading the directory", dir_cb, &l, err,
		   errlen) < 0) {
		free(l.v);
		return -1;
	}
	*out = l.v;
	return l.n;
}

struct status {
	uint8_t *pub;
	int have_pub;
	uint16_t *port;
	uint32_t resolve_ms;
};

static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	struct status *s = data;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == MLT_A_PUBLIC_KEY &&
		    mnl_attr_get_payload_len(a) == MLT_KEY_LEN) {
			memcpy(s->pub, mnl_attr_get_payload(a), MLT_KEY_LEN);
			s->have_pub = 1;
		} else if (mnl_attr_get_type(a) == MLT_A_UDP_PORT &&
			   mnl_attr_validate(a, MNL_TYPE_U16) == 0) {
			*s->port = mnl_attr_get_u16(a);
		} else if (mnl_attr_get_type(a) == MLT_A_RESOLVE_TIMEOUT &&
			   mnl_attr_validate(a, MNL_TYPE_U32) == 0) {
			s->resolve_ms = mnl_attr_get_u32(a);
		}
	}
	return MNL_CB_OK;
}

/* MLT_CMD_GET_STATUS into @s: 0, or -1 with err. */
static int get_status(struct nl *nl, struct status *s, char *err,
		      size_t errlen)
{
	char buf[256];
	struct nlmsghdr *nlh = msg_start(buf, nl->family, MLT_CMD_GET_STATUS,
					 0, ++nl->seq);

	*s->port = 0;
	return simple(nl, nlh, "reading the status", status_cb, s, err,
		      errlen);
}

int nl_status(struct nl *nl, uint8_t pub[MLT_KEY_LEN], uint16_t *port,
	      char *err, size_t errlen)
{
	struct status s = { .pub = pub, .port = port };

	if (get_status(nl, &s, err, errlen) < 0)
		return -1;
	return s.have_pub;
}

int nl_resolve_timeout(struct nl *nl, unsigned int *ms, char *err,
		       size_t errlen)
{
	uint8_t pub[MLT_KEY_LEN];
	uint16_t port;
	struct status s = { .pub = pub, .port = &port };

	if (get_status(nl, &s, err, errlen) < 0)
		return -1;
	*ms = s.resolve_ms;
	return 0;
}

struct eph_list {
	struct nl_eph *v;
	int n, max;
};

static int eph_cb(const struct nlmsghdr *nlh, void *data)
{
	struct eph_list *l = data;
	const struct nlattr *a;
	struct nl_eph k = { 0 };
	int have = 0;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case MLT_A_EPH_PUBLIC_KEY:
			if (mnl_attr_get_payload_len(a) == MLT_KEY_LEN) {
				memcpy(k.key, mnl_attr_get_payload(a),
				       MLT_KEY_LEN);
				have = 1;
			}
			break;
		case MLT_A_EPH_LIFETIME:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				k.lifetime = mnl_attr_get_u32(a);
			break;
		case MLT_A_EPH_AGE:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				k.age = mnl_attr_get_u32(a);
			break;
		}
	}
	if (have && l->n < l->max)
		l->v[l->n++] = k;
	return MNL_CB_OK;
}

int nl_eph_rotate(struct nl *nl, uint32_t lifetime, uint8_t pub[MLT_KEY_LEN],
		  char *err, size_t errlen)
{
	char buf[256];
	struct nlmsghdr *nlh = msg_start(buf, nl->family, MLT_CMD_EPH_ROTATE,
					 0, ++nl->seq);
	struct nl_eph k;
	struct eph_list l = { .v = &k, .max = 1 };

	mnl_attr_put_u32(nlh, MLT_A_EPH_LIFETIME, lifetime);
	if (simple(nl, nlh, "making an ephemeral key", eph_cb, &l, err,
		   errlen) < 0)
		return -1;
	if (l.n != 1) {
		snprintf(err, errlen, "making an ephemeral key: no key in the reply");
		return -1;
	}
	memcpy(pub, k.key, MLT_KEY_LEN);
	return 0;
}

int nl_eph_list(struct nl *nl, struct nl_eph *keys, int max, char *err,
		size_t errlen)
{
	char buf[256];
	struct nlmsghdr *nlh = msg_start(buf, nl->family, MLT_CMD_EPH_GET,
					 NLM_F_DUMP, ++nl->seq);
	struct eph_list l = { .v = keys, .max = max };

	if (simple(nl, nlh, "reading the ephemeral keys", eph_cb, &l, err,
		   errlen) < 0)
		return -1;
	return l.n;
}

int nl_eph_del(struct nl *nl, const uint8_t pub[MLT_KEY_LEN], char *err,
	       size_t errlen)
{
	char buf[256];
	struct nlmsghdr *nlh = msg_start(buf, nl->family, MLT_CMD_EPH_DEL, 0,
					 ++nl->seq);

	mnl_attr_put(nlh, MLT_A_EPH_PUBLIC_KEY, MLT_KEY_LEN, pub);
	return simple(nl, nlh, "wiping an ephemeral key", NULL, NULL, err,
		      errlen);
}
