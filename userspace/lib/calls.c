// SPDX-License-Identifier: GPL-2.0
/*
 * libmltnl: the typed calls of the "minimalt" family. See mltnl.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>

#include "internal.h"

/* A request's buffer: any request of the family fits. */
#define MSGBUF(buf)	_Alignas(uint64_t) char buf[MLTNL_MSG_MAX]

/* -EINVAL for a bad argument, with the reason. */
static int bad_arg(struct mltnl *h, const char *why)
{
	mltnl_fail(h, MLTNL_STAGE_ARG, EINVAL);
	snprintf(h->err.msg, sizeof(h->err.msg), "%s", why);
	return -EINVAL;
}

static int name_ok(struct mltnl *h, const char *name)
{
	size_t l = name ? strnlen(name, MLT_NAME_MAX) : 0;

	if (l == 0 || l >= MLT_NAME_MAX) {
		mltnl_fail(h, MLTNL_STAGE_ARG, EINVAL);
		snprintf(h->err.msg, sizeof(h->err.msg),
			 "a directory name has 1 to %d bytes", MLT_NAME_MAX - 1);
		return -EINVAL;
	}
	return 0;
}

/* --- status, configuration, identity ------------------------------------ */

struct one_status {
	struct mltnl *h;
	struct mltnl_status *st;
	int seen;
};

static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	struct one_status *s = data;

	if (mltnl_parse_status(nlh, s->st, &s->h->err) < 0)
		return MNL_CB_ERROR;
	s->seen = 1;
	return MNL_CB_OK;
}

int mltnl_status(struct mltnl *h, struct mltnl_status *st)
{
	MSGBUF(buf);
	struct one_status s = { .h = h, .st = st };
	int ret;

	memset(st, 0, sizeof(*st));
	ret = mltnl_send(h, mltnl_msg_start(h, buf, MLT_CMD_GET_STATUS, 0),
			 status_cb, &s);
	if (!ret && !s.seen) {
		mltnl_reply_error(&h->err, "no status in the reply");
		return -EPROTO;
	}
	return ret;
}

int mltnl_set_config(struct mltnl *h, const struct mltnl_config *c)
{
	MSGBUF(buf);
	struct nlmsghdr *nlh;

	if (!c->mask)
		return bad_arg(h, "no setting to change");
	nlh = mltnl_msg_start(h, buf, MLT_CMD_SET_CONFIG, 0);
	mltnl_put_config(nlh, c);
	return mltnl_send(h, nlh, NULL, NULL);
}

int mltnl_set_identity(struct mltnl *h, const uint8_t key[MLT_KEY_LEN])
{
	/* The request holds the key: small, and wiped. */
	_Alignas(uint64_t) char buf[128];
	struct nlmsghdr *nlh = mltnl_msg_start(h, buf, MLT_CMD_SET_IDENTITY, 0);
	int ret;

	mnl_attr_put(nlh, MLT_A_PRIVATE_KEY, MLT_KEY_LEN, key);
	ret = mltnl_send(h, nlh, NULL, NULL);
	explicit_bzero(buf, sizeof(buf));
	return ret;
}

/* --- lists: directory entries, ephemeral keys, tunnels ------------------- */

/* The elements of a reply or dump, as they arrive. */
struct list {
	struct mltnl *h;
	void *v;
	size_t n, cap, size;
	int (*parse)(const struct nlmsghdr *nlh, void *out,
		     struct mltnl_error *e);
};

static int list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct list *l = data;
	void *v;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;

		v = realloc(l->v, cap * l->size);
		if (!v) {
			mltnl_fail(l->h, MLTNL_STAGE_REPLY, ENOMEM);
			return MNL_CB_ERROR;
		}
		l->v = v;
		l->cap = cap;
	}
	if (l->parse(nlh, (char *)l->v + l->n * l->size, &l->h->err) < 0)
		return MNL_CB_ERROR;
	l->n++;
	return MNL_CB_OK;
}

static int parse_dir(const struct nlmsghdr *nlh, void *out,
		     struct mltnl_error *e)
{
	return mltnl_parse_dir_entry(nlh, out, e);
}

static int parse_eph(const struct nlmsghdr *nlh, void *out,
		     struct mltnl_error *e)
{
	return mltnl_parse_eph(nlh, out, e);
}

static int parse_tunnel(const struct nlmsghdr *nlh, void *out,
			struct mltnl_error *e)
{
	return mltnl_parse_tunnel(nlh, out, e);
}

static int parse_vaddr(const struct nlmsghdr *nlh, void *out,
		       struct mltnl_error *e)
{
	return mltnl_parse_vaddr(nlh, out, e);
}

/*
 * Run the request @cmd (a dump with NLM_F_DUMP, restarted when the kernel
 * marks it interrupted), an optional name attribute, into l.
 */
static int list_run(struct mltnl *h, uint8_t cmd, uint16_t flags,
		    const char *name, struct list *l)
{
	MSGBUF(buf);
	struct nlmsghdr *nlh;
	int tries = flags & NLM_F_DUMP ? MLTNL_DUMP_TRIES : 1, ret;

	do {
		l->n = 0;
		nlh = mltnl_msg_start(h, buf, cmd, flags);
		if (name)
			mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, name);
		ret = mltnl_send(h, nlh, list_cb, l);
	} while (ret == -EAGAIN && h->err.stage == MLTNL_STAGE_REPLY &&
		 --tries > 0);
	if (ret < 0) {
		free(l->v);
		l->v = NULL;
		l->n = 0;
	}
	return ret;
}

int mltnl_dir_list(struct mltnl *h, struct mltnl_dir_entry **out)
{
	struct list l = { .h = h, .size = sizeof(**out), .parse = parse_dir };
	int ret = list_run(h, MLT_CMD_DIR_GET, NLM_F_DUMP, NULL, &l);

	*out = l.v;
	return ret < 0 ? ret : (int)l.n;
}

int mltnl_dir_get(struct mltnl *h, const char *name,
		  struct mltnl_dir_entry *e)
{
	struct list l = { .h = h, .size = sizeof(*e), .parse = parse_dir };
	int ret = name_ok(h, name);

	if (ret)
		return ret;
	ret = list_run(h, MLT_CMD_DIR_GET, 0, name, &l);
	if (!ret && l.n != 1) {
		mltnl_reply_error(&h->err, "%zu entries in the reply, expected 1",
				  l.n);
		ret = -EPROTO;
	}
	if (!ret)
		*e = *(struct mltnl_dir_entry *)l.v;
	free(l.v);
	return ret;
}

int mltnl_eph_list(struct mltnl *h, struct mltnl_eph **out)
{
	struct list l = { .h = h, .size = sizeof(**out), .parse = parse_eph };
	int ret = list_run(h, MLT_CMD_EPH_GET, NLM_F_DUMP, NULL, &l);

	*out = l.v;
	return ret < 0 ? ret : (int)l.n;
}

int mltnl_tunnel_list(struct mltnl *h, struct mltnl_tunnel **out)
{
	struct list l = { .h = h, .size = sizeof(**out),
			  .parse = parse_tunnel };
	int ret = list_run(h, MLT_CMD_TUNNEL_GET, NLM_F_DUMP, NULL, &l);

	*out = l.v;
	return ret < 0 ? ret : (int)l.n;
}

int mltnl_eph_rotate(struct mltnl *h, uint32_t lifetime, struct mltnl_eph *k)
{
	MSGBUF(buf);
	struct list l = { .h = h, .size = sizeof(*k), .parse = parse_eph };
	struct nlmsghdr *nlh = mltnl_msg_start(h, buf, MLT_CMD_EPH_ROTATE, 0);
	int ret;

	if (lifetime)
		mnl_attr_put_u32(nlh, MLT_A_EPH_LIFETIME, lifetime);
	ret = mltnl_send(h, nlh, list_cb, &l);
	if (!ret && l.n != 1) {
		mltnl_reply_error(&h->err, "%zu keys in the reply, expected 1",
				  l.n);
		ret = -EPROTO;
	}
	if (!ret && k)
		*k = *(struct mltnl_eph *)l.v;
	free(l.v);
	return ret;
}

int mltnl_eph_del(struct mltnl *h, const uint8_t pub[MLT_KEY_LEN])
{
	MSGBUF(buf);
	struct nlmsghdr *nlh = mltnl_msg_start(h, buf, MLT_CMD_EPH_DEL, 0);

	mnl_attr_put(nlh, MLT_A_EPH_PUBLIC_KEY, MLT_KEY_LEN, pub);
	return mltnl_send(h, nlh, NULL, NULL);
}

/* --- virtual addresses --------------------------------------------------- */

/* Send the vaddr-get request @nlh and take its one reply into *v. */
static int vaddr_one(struct mltnl *h, struct nlmsghdr *nlh,
		     struct mltnl_vaddr *v)
{
	struct list l = { .h = h, .size = sizeof(*v), .parse = parse_vaddr };
	int ret = mltnl_send(h, nlh, list_cb, &l);

	if (!ret && l.n != 1) {
		mltnl_reply_error(&h->err, "%zu names in the reply, expected 1",
				  l.n);
		ret = -EPROTO;
	}
	if (!ret)
		*v = *(struct mltnl_vaddr *)l.v;
	free(l.v);
	return ret;
}

int mltnl_vaddr_get(struct mltnl *h, const char *name, struct mltnl_vaddr *v)
{
	MSGBUF(buf);
	struct nlmsghdr *nlh;
	int ret = name_ok(h, name);

	if (ret)
		return ret;
	nlh = mltnl_msg_start(h, buf, MLT_CMD_VADDR_GET, 0);
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, name);
	return vaddr_one(h, nlh, v);
}

int mltnl_vaddr_lookup(struct mltnl *h, int family, const void *addr,
		       struct mltnl_vaddr *v)
{
	MSGBUF(buf);
	struct nlmsghdr *nlh;

	if (family != AF_INET && family != AF_INET6)
		return bad_arg(h, "a virtual address is IPv4 or IPv6");
	nlh = mltnl_msg_start(h, buf, MLT_CMD_VADDR_GET, 0);
	if (family == AF_INET)
		mnl_attr_put(nlh, MLT_A_VADDR4, 4, addr);
	else
		mnl_attr_put(nlh, MLT_A_VADDR6, 16, addr);
	return vaddr_one(h, nlh, v);
}

int mltnl_vaddr_list(struct mltnl *h, struct mltnl_vaddr **out)
{
	struct list l = { .h = h, .size = sizeof(**out), .parse = parse_vaddr };
	int ret = list_run(h, MLT_CMD_VADDR_GET, NLM_F_DUMP, NULL, &l);

	*out = l.v;
	return ret < 0 ? ret : (int)l.n;
}

/* --- directory changes and the resolver ---------------------------------- */

int mltnl_dir_add(struct mltnl *h, const struct mltnl_dir_entry *e,
		  unsigned int flags)
{
	MSGBUF(buf);
	struct nlmsghdr *nlh;
	int ret = name_ok(h, e->name);

	if (ret)
		return ret;
	nlh = mltnl_msg_start(h, buf, MLT_CMD_DIR_ADD, 0);
	mltnl_put_dir_entry(nlh, e, flags);
	return mltnl_send(h, nlh, NULL, NULL);
}

int mltnl_dir_del(struct mltnl *h, const char *name)
{
	MSGBUF(buf);
	struct nlmsghdr *nlh;
	int ret = name_ok(h, name);

	if (ret)
		return ret;
	nlh = mltnl_msg_start(h, buf, MLT_CMD_DIR_DEL, 0);
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, name);
	return mltnl_send(h, nlh, NULL, NULL);
}

struct resolve_reply {
	struct mltnl *h;
	uint32_t left_ms;
	int seen;
};

static int resolve_cb(const struct nlmsghdr *nlh, void *data)
{
	struct resolve_reply *r = data;
	const struct nlattr *a;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(struct genlmsghdr))) {
		mltnl_reply_error(&r->h->err, "message too short");
		return MNL_CB_ERROR;
	}
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != MLT_A_RESOLVE_TIMEOUT)
			continue;
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0) {
			mltnl_reply_error(&r->h->err,
					  "resolve timeout attribute is %u bytes, expected 4",
					  mnl_attr_get_payload_len(a));
			return MNL_CB_ERROR;
		}
		r->left_ms = mnl_attr_get_u32(a);
		r->seen = 1;
	}
	return MNL_CB_OK;
}

int mltnl_dir_resolve(struct mltnl *h, const char *name, uint32_t *left_ms)
{
	MSGBUF(buf);
	struct resolve_reply r = { .h = h };
	struct nlmsghdr *nlh;
	int ret = name_ok(h, name);

	if (ret)
		return ret;
	nlh = mltnl_msg_start(h, buf, MLT_CMD_RESOLVE, 0);
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, name);
	ret = mltnl_send(h, nlh, resolve_cb, &r);
	if (!ret && !r.seen) {
		mltnl_reply_error(&h->err, "no resolve timeout in the reply");
		ret = -EPROTO;
	}
	if (!ret && left_ms)
		*left_ms = r.left_ms;
	return ret;
}

int mltnl_dir_wait(struct mltnl *h, const char *name, int timeout_ms,
		   struct mltnl_dir_entry *e)
{
	struct mltnl_ntf *n = malloc(sizeof(*n));
	long long end = mltnl_now_ms() + timeout_ms, left;
	int ret;

	if (!n)
		return mltnl_fail(h, MLTNL_STAGE_IO, ENOMEM);
	for (;;) {
		left = -1;
		if (timeout_ms >= 0) {
			left = end - mltnl_now_ms();
			if (left < 0)
				left = 0;
		}
		ret = mltnl_ntf_next(h, n, (int)left);
		if (ret <= 0)
			break;
		if (n->cmd == MLT_CMD_DIR_ADD_NTF &&
		    !strcmp(n->dir.name, name)) {
			*e = n->dir;
			break;
		}
	}
	free(n);
	return ret;
}

/*
 * Whether @e, read by name while the resolver is asked, is its answer and
 * not the entry @before the request: there was none, anything but the
 * seconds left differs, or they went up (the entry was installed again;
 * unchanged and within the same second, that goes unseen). The parser
 * zeroes what an entry does not use, so whole arrays compare.
 */
static bool dir_entry_new(const struct mltnl_dir_entry *before,
			  const struct mltnl_dir_entry *e)
{
	return !before || e->error != before->error ||
	       e->n_addrs != before->n_addrs ||
	       memcmp(e->addrs, before->addrs, sizeof(e->addrs)) ||
	       e->port != before->port ||
	       memcmp(e->identity, before->identity, sizeof(e->identity)) ||
	       e->n_eph != before->n_eph ||
	       memcmp(e->eph, before->eph, sizeof(e->eph)) ||
	       e->lifetime > before->lifetime;
}

int mltnl_dir_poll(struct mltnl *h, const char *name, int timeout_ms,
		   const struct mltnl_dir_entry *before,
		   struct mltnl_dir_entry *e)
{
	long long end = mltnl_now_ms() + timeout_ms, left;
	struct timespec ts = { 0 };
	int ret;

	for (;;) {
		ret = mltnl_dir_get(h, name, e);
		if (!ret && dir_entry_new(before, e))
			return 1;
		/* Gone (expired, deleted): the next entry is the answer. */
		if (ret == -ENOENT && h->err.stage == MLTNL_STAGE_KERNEL)
			before = NULL;
		else if (ret < 0)
			return ret;
		left = timeout_ms < 0 ? MLTNL_DIR_POLL_MS : end - mltnl_now_ms();
		if (left <= 0)
			break;
		if (left > MLTNL_DIR_POLL_MS)
			left = MLTNL_DIR_POLL_MS;
		ts.tv_nsec = left * 1000000L;
		nanosleep(&ts, NULL);
	}
	mltnl_err_clear(h);
	return 0;
}
