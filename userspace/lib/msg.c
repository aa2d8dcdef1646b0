// SPDX-License-Identifier: GPL-2.0
/*
 * libmltnl: building requests and parsing replies of the "minimalt"
 * family. Pure: no socket here, so the unit tests feed these crafted
 * messages. See mltnl.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "mltnl.h"

void mltnl_reply_error(struct mltnl_error *e, const char *fmt, ...)
{
	va_list ap;

	errno = EPROTO;
	if (!e)
		return;
	e->stage = MLTNL_STAGE_REPLY;
	e->errnum = EPROTO;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

const char *mltnl_error_line(const struct mltnl_error *e, const char *what,
			     char *buf, size_t len)
{
	const char *why = strerror(e->errnum ? e->errnum : EIO);

	if (!len)
		return buf;
	snprintf(buf, len, "%s%s%s%s%s%s", what ? what : "", what ? ": " : "",
		 why, e->msg[0] ? " (" : "", e->msg, e->msg[0] ? ")" : "");
	return buf;
}

/* The generic netlink header: -EPROTO (with e) if the message is short. */
static int genl_hdr_ok(const struct nlmsghdr *nlh, struct mltnl_error *e)
{
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(struct genlmsghdr))) {
		mltnl_reply_error(e, "message too short");
		return -EPROTO;
	}
	return 0;
}

/* --- acks and errors ----------------------------------------------------- */

/* The extended ack TLVs of an error or done message, from offset off. */
static void parse_ack_tlvs(const struct nlmsghdr *nlh, unsigned int off,
			   struct mltnl_error *e)
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
			if (e->msg[0] ||
			    mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				break;
			snprintf(e->msg, sizeof(e->msg), "missing attribute %u",
				 mnl_attr_get_u32(attr));
			break;
		default:
			break;
		}
	}
	/* One line: the kernel's text should have no newline; make sure. */
	e->msg[strcspn(e->msg, "\r\n")] = '\0';
}

static void kernel_error(struct mltnl_error *e, int error)
{
	e->stage = MLTNL_STAGE_KERNEL;
	e->errnum = error < 0 ? -error : EPROTO;
	e->msg[0] = '\0';
}

static int parse_error_msg(const struct nlmsghdr *nlh, struct mltnl_error *e)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int off;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		mltnl_reply_error(e, "truncated error message");
		return -EPROTO;
	}
	if (err->error == 0)
		return 0;
	kernel_error(e, err->error);
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 1;
	/* The TLVs follow the echoed request, unless it was capped. */
	off = sizeof(*err);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    err->msg.nlmsg_len > sizeof(struct nlmsghdr))
		off += NLMSG_ALIGN(err->msg.nlmsg_len -
				   sizeof(struct nlmsghdr));
	parse_ack_tlvs(nlh, off, e);
	return 1;
}

static int parse_done_msg(const struct nlmsghdr *nlh, struct mltnl_error *e)
{
	int error;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(error))) {
		mltnl_reply_error(e, "truncated done message");
		return -EPROTO;
	}
	memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	if (error == 0)
		return 0;
	kernel_error(e, error);
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		parse_ack_tlvs(nlh, NLMSG_ALIGN(sizeof(error)), e);
	return 1;
}

int mltnl_parse_ack(const struct nlmsghdr *nlh, struct mltnl_error *e)
{
	struct mltnl_error scratch;

	if (!e)
		e = &scratch;
	if (nlh->nlmsg_len < sizeof(*nlh)) {
		mltnl_reply_error(e, "truncated message");
		return -EPROTO;
	}
	if (nlh->nlmsg_type == NLMSG_DONE)
		return parse_done_msg(nlh, e);
	if (nlh->nlmsg_type == NLMSG_ERROR)
		return parse_error_msg(nlh, e);
	mltnl_reply_error(e, "message type %u is not an ack",
			  nlh->nlmsg_type);
	return -EPROTO;
}

/* --- status ------------------------------------------------------------ */

/* A nest of u64 counters; @what names one in a message ("drop counter"). */
static int parse_counters(const struct nlattr *nest, unsigned int skip,
			  struct mltnl_counters *c, const char *nest_what,
			  const char *what, struct mltnl_error *e)
{
	const struct nlattr *attr;
	unsigned int type;

	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0) {
		mltnl_reply_error(e, "%s attribute is not a nest", nest_what);
		return -EPROTO;
	}
	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		/* Type 0 and padding, or a counter from the future. */
		if (type == 0 || type == skip || type >= MLTNL_COUNTERS_MAX)
			continue;
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0) {
			mltnl_reply_error(e, "%s %u is %u bytes, expected 8",
					  what, type,
					  mnl_attr_get_payload_len(attr));
			return -EPROTO;
		}
		c->v[type] = mnl_attr_get_u64(attr);
		c->present |= 1ULL << type;
	}
	return 0;
}

/* The u32 and u16 attributes of a status, by type. */
static const struct {
	unsigned int type;
	uint32_t bit;			/* MLTNL_CFG_*; 0: MLT_A_FAMILY */
	const char *what;
} status_ints[] = {
	{ MLT_A_FAMILY,		0,	"family attribute" },
	{ MLT_A_UDP_PORT,	MLTNL_CFG_UDP_PORT,	"UDP port attribute" },
	{ MLT_A_TUNNEL_TIMEOUT,	MLTNL_CFG_TUNNEL_TIMEOUT,
	  "tunnel timeout attribute" },
	{ MLT_A_RESOLVE_TIMEOUT, MLTNL_CFG_RESOLVE_TIMEOUT,
	  "resolve timeout attribute" },
	{ MLT_A_TUNNEL_LIMIT,	MLTNL_CFG_TUNNEL_LIMIT,
	  "tunnel limit attribute" },
	{ MLT_A_CONN_LIMIT,	MLTNL_CFG_CONN_LIMIT,
	  "connection limit attribute" },
	{ MLT_A_CC,		MLTNL_CFG_CC,
	  "congestion control attribute" },
	{ MLT_A_RMEM_MAX,	MLTNL_CFG_RMEM_MAX,
	  "receive buffer maximum attribute" },
	{ MLT_A_WMEM_MAX,	MLTNL_CFG_WMEM_MAX,
	  "send buffer maximum attribute" },
	{ MLT_A_OPEN_RATE,	MLTNL_CFG_OPEN_RATE,
	  "opening rate attribute" },
	{ MLT_A_OPEN_BURST,	MLTNL_CFG_OPEN_BURST,
	  "opening burst attribute" },
	{ MLT_A_SOURCE_PREFIX4,	MLTNL_CFG_SOURCE_PREFIX4,
	  "IPv4 source prefix attribute" },
	{ MLT_A_SOURCE_PREFIX6,	MLTNL_CFG_SOURCE_PREFIX6,
	  "IPv6 source prefix attribute" },
	{ MLT_A_HALFOPEN_LIMIT,	MLTNL_CFG_HALFOPEN_LIMIT,
	  "half-open limit attribute" },
	{ MLT_A_UNPRIV_SERVICE_START, MLTNL_CFG_UNPRIV_SERVICE_START,
	  "unprivileged service start attribute" },
	{ MLT_A_PUZZLE_MODE,	MLTNL_CFG_PUZZLE_MODE,
	  "puzzle mode attribute" },
	{ MLT_A_CLIENT_TUNNEL_LIMIT, MLTNL_CFG_CLIENT_TUNNEL_LIMIT,
	  "client tunnel limit attribute" },
	{ MLT_A_USER_TUNNEL_QUOTA, MLTNL_CFG_USER_TUNNEL_QUOTA,
	  "user tunnel quota attribute" },
	{ MLT_A_USER_RESOLVE_QUOTA, MLTNL_CFG_USER_RESOLVE_QUOTA,
	  "user resolve quota attribute" },
	{ MLT_A_REPLAY_CACHE_LIMIT, MLTNL_CFG_REPLAY_CACHE_LIMIT,
	  "replay cache limit attribute" },
};

#define N_STATUS_INTS	(sizeof(status_ints) / sizeof(status_ints[0]))

static uint32_t *config_field(struct mltnl_status *st, uint32_t bit)
{
	switch (bit) {
	case MLTNL_CFG_TUNNEL_TIMEOUT:
		return &st->config.tunnel_timeout_ms;
	case MLTNL_CFG_RESOLVE_TIMEOUT:
		return &st->config.resolve_timeout_ms;
	case MLTNL_CFG_TUNNEL_LIMIT:
		return &st->config.tunnel_limit;
	case MLTNL_CFG_CONN_LIMIT:
		return &st->config.conn_limit;
	case MLTNL_CFG_CC:
		return &st->config.cc;
	case MLTNL_CFG_RMEM_MAX:
		return &st->config.rmem_max;
	case MLTNL_CFG_WMEM_MAX:
		return &st->config.wmem_max;
	case MLTNL_CFG_OPEN_RATE:
		return &st->config.open_rate;
	case MLTNL_CFG_OPEN_BURST:
		return &st->config.open_burst;
	case MLTNL_CFG_SOURCE_PREFIX4:
		return &st->config.source_prefix4;
	case MLTNL_CFG_SOURCE_PREFIX6:
		return &st->config.source_prefix6;
	case MLTNL_CFG_HALFOPEN_LIMIT:
		return &st->config.halfopen_limit;
	case MLTNL_CFG_UNPRIV_SERVICE_START:
		return &st->config.unpriv_service_start;
	case MLTNL_CFG_PUZZLE_MODE:
		return &st->config.puzzle_mode;
	case MLTNL_CFG_CLIENT_TUNNEL_LIMIT:
		return &st->config.client_tunnel_limit;
	case MLTNL_CFG_USER_TUNNEL_QUOTA:
		return &st->config.user_tunnel_quota;
	case MLTNL_CFG_USER_RESOLVE_QUOTA:
		return &st->config.user_resolve_quota;
	case MLTNL_CFG_REPLAY_CACHE_LIMIT:
		return &st->config.replay_cache_limit;
	default:
		return &st->family;
	}
}

static int parse_status_int(const struct nlattr *attr, size_t k,
			    struct mltnl_status *st, struct mltnl_error *e)
{
	int u16 = status_ints[k].bit == MLTNL_CFG_UDP_PORT;

	if (mnl_attr_validate(attr, u16 ? MNL_TYPE_U16 : MNL_TYPE_U32) < 0) {
		mltnl_reply_error(e, "%s is %u bytes, expected %d",
				  status_ints[k].what,
				  mnl_attr_get_payload_len(attr), u16 ? 2 : 4);
		return -EPROTO;
	}
	if (u16)
		st->config.udp_port = mnl_attr_get_u16(attr);
	else
		*config_field(st, status_ints[k].bit) = mnl_attr_get_u32(attr);
	if (status_ints[k].bit)
		st->config.mask |= status_ints[k].bit;
	else
		st->have_family = true;
	return 0;
}

static int parse_status_attr(const struct nlattr *attr,
			     struct mltnl_status *st, struct mltnl_error *e)
{
	unsigned int type = mnl_attr_get_type(attr);
	size_t k;

	for (k = 0; k < N_STATUS_INTS; k++)
		if (status_ints[k].type == type)
			return parse_status_int(attr, k, st, e);
	switch (type) {
	case MLT_A_PUBLIC_KEY:
		if (mnl_attr_get_payload_len(attr) != MLT_KEY_LEN) {
			mltnl_reply_error(e, "public key is %u bytes, expected %d",
					  mnl_attr_get_payload_len(attr),
					  MLT_KEY_LEN);
			return -EPROTO;
		}
		memcpy(st->public_key, mnl_attr_get_payload(attr),
		       MLT_KEY_LEN);
		st->have_public_key = true;
		return 0;
	case MLT_A_STATS:
		return parse_counters(attr, MLT_STAT_PAD, &st->stats,
				      "stats", "counter", e);
	case MLT_A_DROPS:
		return parse_counters(attr, MLT_DROP_NONE, &st->drops,
				      "drops", "drop counter", e);
	case MLT_A_TX_ERRORS:
		return parse_counters(attr, MLT_TX_ERR_NONE, &st->tx_errors,
				      "tx errors", "tx error counter", e);
	default:
		return 0;	/* newer kernel, newer attribute */
	}
}

int mltnl_parse_status(const struct nlmsghdr *nlh, struct mltnl_status *st,
		       struct mltnl_error *e)
{
	const struct nlattr *attr;
	int ret;

	memset(st, 0, sizeof(*st));
	ret = genl_hdr_ok(nlh, e);
	if (ret)
		return ret;
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		ret = parse_status_attr(attr, st, e);
		if (ret)
			return ret;
	}
	return 0;
}

/* --- directory entries --------------------------------------------------- */

/* Bits of the attributes an entry must have. */
enum {
	HAVE_NAME	= 1 << 0,
	HAVE_ADDRS	= 1 << 1,
	HAVE_PORT	= 1 << 2,
	HAVE_IDENTITY	= 1 << 3,
	HAVE_EPH	= 1 << 4,
	HAVE_LIFETIME	= 1 << 5,
};

static int parse_addr_list(const struct nlattr *nest,
			   struct mltnl_dir_entry *d, struct mltnl_error *e)
{
	const struct nlattr *item;
	unsigned int l;

	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0) {
		mltnl_reply_error(e, "address list is not a nest");
		return -EPROTO;
	}
	d->n_addrs = 0;
	mnl_attr_for_each_nested(item, nest) {
		if (mnl_attr_get_type(item) != MLT_ITEM_ADDR)
			continue;
		l = mnl_attr_get_payload_len(item);
		if (l != 4 && l != 16) {
			mltnl_reply_error(e, "address is %u bytes, expected 4 or 16",
					  l);
			return -EPROTO;
		}
		if (d->n_addrs == MLT_DIR_ADDRS_MAX) {
			mltnl_reply_error(e, "more than %d addresses",
					  MLT_DIR_ADDRS_MAX);
			return -EPROTO;
		}
		d->addrs[d->n_addrs].len = (uint8_t)l;
		memcpy(d->addrs[d->n_addrs].bytes, mnl_attr_get_payload(item),
		       l);
		d->n_addrs++;
	}
	return 0;
}

static int parse_key_list(const struct nlattr *nest,
			  struct mltnl_dir_entry *d, struct mltnl_error *e)
{
	const struct nlattr *item;

	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0) {
		mltnl_reply_error(e, "ephemeral key list is not a nest");
		return -EPROTO;
	}
	d->n_eph = 0;
	mnl_attr_for_each_nested(item, nest) {
		if (mnl_attr_get_type(item) != MLT_ITEM_KEY)
			continue;
		if (mnl_attr_get_payload_len(item) != MLT_KEY_LEN) {
			mltnl_reply_error(e, "ephemeral key is %u bytes, expected %d",
					  mnl_attr_get_payload_len(item),
					  MLT_KEY_LEN);
			return -EPROTO;
		}
		if (d->n_eph == MLT_DIR_EPH_KEYS_MAX) {
			mltnl_reply_error(e, "more than %d ephemeral keys",
					  MLT_DIR_EPH_KEYS_MAX);
			return -EPROTO;
		}
		memcpy(d->eph[d->n_eph++], mnl_attr_get_payload(item),
		       MLT_KEY_LEN);
	}
	return 0;
}

/* MLT_A_DIR_NAME: a string of 1 to MLT_NAME_MAX - 1 bytes. */
static int parse_name(const struct nlattr *attr, char name[MLT_NAME_MAX],
		      struct mltnl_error *e)
{
	if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 ||
	    mnl_attr_get_payload_len(attr) > MLT_NAME_MAX ||
	    !mnl_attr_get_str(attr)[0] ||
	    strlen(mnl_attr_get_str(attr)) >= MLT_NAME_MAX) {
		mltnl_reply_error(e, "directory name is not a string of 1 to %d bytes",
				  MLT_NAME_MAX - 1);
		return -EPROTO;
	}
	strcpy(name, mnl_attr_get_str(attr));
	return 0;
}

static int parse_u32(const struct nlattr *attr, uint32_t *v,
		     const char *what, struct mltnl_error *e)
{
	if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0) {
		mltnl_reply_error(e, "%s is %u bytes, expected 4", what,
				  mnl_attr_get_payload_len(attr));
		return -EPROTO;
	}
	*v = mnl_attr_get_u32(attr);
	return 0;
}

/* One attribute of an entry: 0 (*have updated) or -EPROTO. */
static int parse_dir_attr(const struct nlattr *attr,
			  struct mltnl_dir_entry *d, unsigned int *have,
			  struct mltnl_error *e)
{
	unsigned int l = mnl_attr_get_payload_len(attr);
	int ret = 0;

	switch (mnl_attr_get_type(attr)) {
	case MLT_A_DIR_NAME:
		ret = parse_name(attr, d->name, e);
		*have |= HAVE_NAME;
		break;
	case MLT_A_DIR_ADDRS:
		ret = parse_addr_list(attr, d, e);
		*have |= HAVE_ADDRS;
		break;
	case MLT_A_DIR_PORT:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0) {
			mltnl_reply_error(e, "port is %u bytes, expected 2", l);
			return -EPROTO;
		}
		d->port = mnl_attr_get_u16(attr);
		*have |= HAVE_PORT;
		break;
	case MLT_A_DIR_IDENTITY:
		if (l != MLT_KEY_LEN) {
			mltnl_reply_error(e, "identity key is %u bytes, expected %d",
					  l, MLT_KEY_LEN);
			return -EPROTO;
		}
		memcpy(d->identity, mnl_attr_get_payload(attr), MLT_KEY_LEN);
		*have |= HAVE_IDENTITY;
		break;
	case MLT_A_DIR_EPH_KEYS:
		ret = parse_key_list(attr, d, e);
		*have |= HAVE_EPH;
		break;
	case MLT_A_DIR_ERROR:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0 ||
		    !mnl_attr_get_u32(attr)) {
			mltnl_reply_error(e, "negative entry without a reason");
			return -EPROTO;
		}
		d->error = mnl_attr_get_u32(attr);
		break;
	case MLT_A_DIR_LIFETIME:
		ret = parse_u32(attr, &d->lifetime, "lifetime", e);
		*have |= HAVE_LIFETIME;
		break;
	default:
		break;		/* newer kernel, newer attribute */
	}
	return ret;
}

int mltnl_parse_dir_entry(const struct nlmsghdr *nlh,
			  struct mltnl_dir_entry *d, struct mltnl_error *e)
{
	static const struct {
		unsigned int bit;
		const char *what;
	} required[] = {
		{ HAVE_ADDRS, "addresses" },
		{ HAVE_PORT, "port" },
		{ HAVE_IDENTITY, "identity key" },
		{ HAVE_EPH, "ephemeral keys" },
		{ HAVE_LIFETIME, "lifetime" },
	};
	const struct nlattr *attr;
	unsigned int have = 0;
	size_t i;
	int ret;

	memset(d, 0, sizeof(*d));
	ret = genl_hdr_ok(nlh, e);
	if (ret)
		return ret;
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		ret = parse_dir_attr(attr, d, &have, e);
		if (ret)
			return ret;
	}
	if (!(have & HAVE_NAME)) {
		mltnl_reply_error(e, "directory entry without a name");
		return -EPROTO;
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		if (d->error && required[i].bit != HAVE_LIFETIME)
			continue;
		if (!(have & required[i].bit)) {
			mltnl_reply_error(e, "directory entry \"%s\" without %s",
					  d->name, required[i].what);
			return -EPROTO;
		}
	}
	return 0;
}

/* --- virtual addresses --------------------------------------------------- */

int mltnl_parse_vaddr(const struct nlmsghdr *nlh, struct mltnl_vaddr *v,
		      struct mltnl_error *e)
{
	unsigned int have = 0, l;
	const struct nlattr *attr;
	int ret;

	memset(v, 0, sizeof(*v));
	ret = genl_hdr_ok(nlh, e);
	if (ret)
		return ret;
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		l = mnl_attr_get_payload_len(attr);
		switch (mnl_attr_get_type(attr)) {
		case MLT_A_DIR_NAME:
			if (parse_name(attr, v->name, e))
				return -EPROTO;
			have |= 1;
			break;
		case MLT_A_VADDR4:
			if (l != sizeof(v->v4)) {
				mltnl_reply_error(e, "virtual IPv4 address is %u bytes, expected 4",
						  l);
				return -EPROTO;
			}
			memcpy(v->v4, mnl_attr_get_payload(attr), l);
			have |= 2;
			break;
		case MLT_A_VADDR6:
			if (l != sizeof(v->v6)) {
				mltnl_reply_error(e, "virtual IPv6 address is %u bytes, expected 16",
						  l);
				return -EPROTO;
			}
			memcpy(v->v6, mnl_attr_get_payload(attr), l);
			have |= 4;
			break;
		case MLT_A_VADDR_IDLE:
			if (parse_u32(attr, &v->idle, "virtual address idle time",
				      e))
				return -EPROTO;
			break;
		default:
			break;	/* newer kernel, newer attribute */
		}
	}
	if (have != 7) {
		mltnl_reply_error(e, "virtual address reply without %s",
				  !(have & 1) ? "a name" : !(have & 2) ?
				  "an IPv4 address" : "an IPv6 address");
		return -EPROTO;
	}
	return 0;
}

/* --- ephemeral keys ------------------------------------------------------ */

int mltnl_parse_eph(const struct nlmsghdr *nlh, struct mltnl_eph *k,
		    struct mltnl_error *e)
{
	int have_key = 0, have_lifetime = 0, have_age = 0, ret;
	const struct nlattr *attr;
	unsigned int l;

	memset(k, 0, sizeof(*k));
	ret = genl_hdr_ok(nlh, e);
	if (ret)
		return ret;
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		l = mnl_attr_get_payload_len(attr);
		switch (mnl_attr_get_type(attr)) {
		case MLT_A_EPH_PUBLIC_KEY:
			if (l != MLT_KEY_LEN) {
				mltnl_reply_error(e, "ephemeral public key is %u bytes, expected %d",
						  l, MLT_KEY_LEN);
				return -EPROTO;
			}
			memcpy(k->public_key, mnl_attr_get_payload(attr),
			       MLT_KEY_LEN);
			have_key = 1;
			break;
		case MLT_A_EPH_LIFETIME:
			if (parse_u32(attr, &k->expires_in,
				      "ephemeral key lifetime", e))
				return -EPROTO;
			have_lifetime = 1;
			break;
		case MLT_A_EPH_AGE:
			if (parse_u32(attr, &k->age, "ephemeral key age", e))
				return -EPROTO;
			have_age = 1;
			break;
		default:
			break;	/* newer kernel, newer attribute */
		}
	}
	if (!have_key) {
		mltnl_reply_error(e, "ephemeral key without a public key");
		return -EPROTO;
	}
	if (!have_lifetime || !have_age) {
		mltnl_reply_error(e, "ephemeral key without %s",
				  have_lifetime ? "an age" : "a lifetime");
		return -EPROTO;
	}
	return 0;
}

/* --- tunnels ------------------------------------------------------------ */

/* How a tunnel attribute is encoded. */
enum tunnel_kind {
	TK_U16,
	TK_U32,
	TK_U64,
	TK_FLAG,
	TK_ADDR,		/* 4 or 16 bytes */
	TK_KEY,			/* MLT_KEY_LEN bytes */
};

/*
 * The attributes of the nest MLT_A_TUNNEL: where each goes in struct
 * mltnl_tunnel, its name as the spec spells it (for the errors), and
 * whether a message must have it.
 */
static const struct {
	unsigned int type;
	enum tunnel_kind kind;
	size_t off;
	const char *name;
	bool required;
} tunnel_attrs[] = {
#define TA(type, kind, field, name, req) \
	{ MLT_TUNNEL_A_##type, kind, offsetof(struct mltnl_tunnel, field), \
	  name, req }
	TA(TID,			TK_U64,	 tid,			"tid",		true),
	TA(ROLE,		TK_U32,	 role,			"role",		true),
	TA(PEER_ADDR,		TK_ADDR, peer,			"peer-addr",	true),
	TA(PEER_PORT,		TK_U16,	 peer_port,		"peer-port",	true),
	TA(SERVER_IDENTITY,	TK_KEY,	 server_identity,	"server-identity", false),
	TA(CONNS,		TK_U32,	 conns,			"conns",	true),
	TA(DEAD,		TK_FLAG, dead,			"dead",		false),
	TA(IDLE_MS,		TK_U32,	 idle_ms,		"idle-ms",	true),
	TA(CC,			TK_U32,	 cc,			"cc",		true),
	TA(SRTT_US,		TK_U32,	 srtt_us,		"srtt-us",	true),
	TA(RTTVAR_US,		TK_U32,	 rttvar_us,		"rttvar-us",	true),
	TA(MIN_RTT_US,		TK_U32,	 min_rtt_us,		"min-rtt-us",	true),
	TA(RTO_MS,		TK_U32,	 rto_ms,		"rto-ms",	true),
	TA(CWND,		TK_U32,	 cwnd,			"cwnd",		true),
	TA(SSTHRESH,		TK_U32,	 ssthresh,		"ssthresh",	true),
	TA(IN_RECOVERY,		TK_FLAG, in_recovery,		"in-recovery",	false),
	TA(INFLIGHT,		TK_U32,	 inflight,		"inflight",	true),
	TA(LOST,		TK_U32,	 lost,			"lost",		true),
	TA(SACKED,		TK_U32,	 sacked,		"sacked",	true),
	TA(PACING_RATE,		TK_U64,	 pacing_rate,		"pacing-rate",	true),
	TA(REO_WND_MULT,	TK_U32,	 reo_wnd_mult,		"reo-wnd-mult",	true),
	TA(REORDER_BYTES,	TK_U32,	 reorder_bytes,		"reorder-bytes", true),
	TA(RX_WINDOW,		TK_U64,	 rx_window,		"rx-window",	true),
	TA(DGRAM_SIZE,		TK_U32,	 dgram_size,		"dgram-size",	true),
#undef TA
};

#define N_TUNNEL_ATTRS	(sizeof(tunnel_attrs) / sizeof(tunnel_attrs[0]))

/* The payload sizes a kind allows: one, or two (an address). */
static int tunnel_len_ok(enum tunnel_kind kind, unsigned int l,
			 const char **want)
{
	switch (kind) {
	case TK_U16:
		*want = "2";
		return l == 2;
	case TK_U32:
		*want = "4";
		return l == 4;
	case TK_U64:
		*want = "8";
		return l == 8;
	case TK_FLAG:
		*want = "0";
		return l == 0;
	case TK_ADDR:
		*want = "4 or 16";
		return l == 4 || l == 16;
	case TK_KEY:
		*want = "32";
		return l == MLT_KEY_LEN;
	}
	return 0;
}

/* One attribute of the nest into @t at table index @k. */
static int parse_tunnel_attr(const struct nlattr *attr, size_t k,
			     struct mltnl_tunnel *t, struct mltnl_error *e)
{
	unsigned int l = mnl_attr_get_payload_len(attr);
	char *field = (char *)t + tunnel_attrs[k].off;
	const void *p = mnl_attr_get_payload(attr);
	const char *want = "";

	if (!tunnel_len_ok(tunnel_attrs[k].kind, l, &want)) {
		mltnl_reply_error(e, "tunnel %s is %u bytes, expected %s",
				  tunnel_attrs[k].name, l, want);
		return -EPROTO;
	}
	switch (tunnel_attrs[k].kind) {
	case TK_U16:
	case TK_U32:
	case TK_U64:
		memcpy(field, p, l);	/* host order, as the field */
		break;
	case TK_FLAG:
		*(bool *)field = true;
		break;
	case TK_ADDR:
		t->peer.len = (uint8_t)l;
		memcpy(t->peer.bytes, p, l);
		break;
	case TK_KEY:
		memcpy(field, p, MLT_KEY_LEN);
		t->have_server_identity = true;
		break;
	}
	return 0;
}

/* The nest: its attributes, then which required ones it lacked. */
static int parse_tunnel_nest(const struct nlattr *nest,
			     struct mltnl_tunnel *t, struct mltnl_error *e)
{
	uint32_t have = 0;
	const struct nlattr *attr;
	unsigned int type;
	size_t k;

	_Static_assert(N_TUNNEL_ATTRS <= 32, "have is 32 bits");
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0) {
		mltnl_reply_error(e, "tunnel attribute is not a nest");
		return -EPROTO;
	}
	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		for (k = 0; k < N_TUNNEL_ATTRS; k++)
			if (tunnel_attrs[k].type == type)
				break;
		if (k == N_TUNNEL_ATTRS)
			continue;	/* padding, or a newer attribute */
		if (parse_tunnel_attr(attr, k, t, e))
			return -EPROTO;
		have |= 1u << k;
	}
	for (k = 0; k < N_TUNNEL_ATTRS; k++) {
		if (tunnel_attrs[k].required && !(have & (1u << k))) {
			mltnl_reply_error(e, "tunnel without %s",
					  tunnel_attrs[k].name);
			return -EPROTO;
		}
	}
	return 0;
}

int mltnl_parse_tunnel(const struct nlmsghdr *nlh, struct mltnl_tunnel *t,
		       struct mltnl_error *e)
{
	const struct nlattr *attr, *nest = NULL;
	int ret;

	memset(t, 0, sizeof(*t));
	ret = genl_hdr_ok(nlh, e);
	if (ret)
		return ret;
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) != MLT_A_TUNNEL)
			continue;	/* a newer kernel's attribute */
		if (nest) {
			mltnl_reply_error(e, "two tunnel nests in one message");
			return -EPROTO;
		}
		nest = attr;
	}
	if (!nest) {
		mltnl_reply_error(e, "tunnel message without a tunnel nest");
		return -EPROTO;
	}
	return parse_tunnel_nest(nest, t, e);
}

/* --- notifications ------------------------------------------------------- */

/* A notification that carries only MLT_A_DIR_NAME (and maybe more). */
static int parse_name_only(const struct nlmsghdr *nlh,
			   struct mltnl_dir_entry *d, struct mltnl_error *e)
{
	const struct nlattr *attr;

	memset(d, 0, sizeof(*d));
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == MLT_A_DIR_NAME)
			return parse_name(attr, d->name, e);
	}
	mltnl_reply_error(e, "notification without a name");
	return -EPROTO;
}

int mltnl_parse_ntf(const struct nlmsghdr *nlh, struct mltnl_ntf *n,
		    struct mltnl_error *e)
{
	const struct genlmsghdr *g;
	int ret = genl_hdr_ok(nlh, e);

	if (ret)
		return ret;
	g = mnl_nlmsg_get_payload(nlh);
	n->cmd = g->cmd;
	switch (g->cmd) {
	case MLT_CMD_RESOLVE:
	case MLT_CMD_DIR_DEL_NTF:
		ret = parse_name_only(nlh, &n->dir, e);
		break;
	case MLT_CMD_DIR_ADD_NTF:
		ret = mltnl_parse_dir_entry(nlh, &n->dir, e);
		break;
	default:
		return 0;
	}
	return ret < 0 ? ret : 1;
}

/* --- building requests --------------------------------------------------- */

void mltnl_put_dir_entry(struct nlmsghdr *nlh,
			 const struct mltnl_dir_entry *d, unsigned int flags)
{
	struct nlattr *nest;
	unsigned int i;

	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, d->name);
	if (d->error) {
		mnl_attr_put_u32(nlh, MLT_A_DIR_ERROR, d->error);
	} else {
		nest = mnl_attr_nest_start(nlh, MLT_A_DIR_ADDRS);
		for (i = 0; i < d->n_addrs && i < MLT_DIR_ADDRS_MAX; i++)
			mnl_attr_put(nlh, MLT_ITEM_ADDR,
				     d->addrs[i].len == 4 ? 4 : 16,
				     d->addrs[i].bytes);
		mnl_attr_nest_end(nlh, nest);
		mnl_attr_put_u16(nlh, MLT_A_DIR_PORT, d->port);
		mnl_attr_put(nlh, MLT_A_DIR_IDENTITY, MLT_KEY_LEN, d->identity);
		nest = mnl_attr_nest_start(nlh, MLT_A_DIR_EPH_KEYS);
		for (i = 0; i < d->n_eph && i < MLT_DIR_EPH_KEYS_MAX; i++)
			mnl_attr_put(nlh, MLT_ITEM_KEY, MLT_KEY_LEN, d->eph[i]);
		mnl_attr_nest_end(nlh, nest);
	}
	if (d->lifetime)
		mnl_attr_put_u32(nlh, MLT_A_DIR_LIFETIME, d->lifetime);
	/* A flag attribute: the kernel does not look at NLM_F_REPLACE. */
	if (flags & MLTNL_DIR_REPLACE)
		mnl_attr_put(nlh, MLT_A_DIR_REPLACE, 0, NULL);
}

/* --- configuration ------------------------------------------------------- */

uint32_t mltnl_config_get(const struct mltnl_config *c, uint32_t bit)
{
	switch (bit) {
	case MLTNL_CFG_UDP_PORT:
		return c->udp_port;
	case MLTNL_CFG_TUNNEL_TIMEOUT:
		return c->tunnel_timeout_ms;
	case MLTNL_CFG_RESOLVE_TIMEOUT:
		return c->resolve_timeout_ms;
	case MLTNL_CFG_TUNNEL_LIMIT:
		return c->tunnel_limit;
	case MLTNL_CFG_CONN_LIMIT:
		return c->conn_limit;
	case MLTNL_CFG_CC:
		return c->cc;
	case MLTNL_CFG_RMEM_MAX:
		return c->rmem_max;
	case MLTNL_CFG_WMEM_MAX:
		return c->wmem_max;
	case MLTNL_CFG_OPEN_RATE:
		return c->open_rate;
	case MLTNL_CFG_OPEN_BURST:
		return c->open_burst;
	case MLTNL_CFG_SOURCE_PREFIX4:
		return c->source_prefix4;
	case MLTNL_CFG_SOURCE_PREFIX6:
		return c->source_prefix6;
	case MLTNL_CFG_HALFOPEN_LIMIT:
		return c->halfopen_limit;
	case MLTNL_CFG_UNPRIV_SERVICE_START:
		return c->unpriv_service_start;
	case MLTNL_CFG_PUZZLE_MODE:
		return c->puzzle_mode;
	case MLTNL_CFG_CLIENT_TUNNEL_LIMIT:
		return c->client_tunnel_limit;
	case MLTNL_CFG_USER_TUNNEL_QUOTA:
		return c->user_tunnel_quota;
	case MLTNL_CFG_USER_RESOLVE_QUOTA:
		return c->user_resolve_quota;
	case MLTNL_CFG_REPLAY_CACHE_LIMIT:
		return c->replay_cache_limit;
	}
	return 0;
}

void mltnl_config_set(struct mltnl_config *c, uint32_t bit, uint32_t v)
{
	switch (bit) {
	case MLTNL_CFG_UDP_PORT:
		c->udp_port = (uint16_t)v;
		break;
	case MLTNL_CFG_TUNNEL_TIMEOUT:
		c->tunnel_timeout_ms = v;
		break;
	case MLTNL_CFG_RESOLVE_TIMEOUT:
		c->resolve_timeout_ms = v;
		break;
	case MLTNL_CFG_TUNNEL_LIMIT:
		c->tunnel_limit = v;
		break;
	case MLTNL_CFG_CONN_LIMIT:
		c->conn_limit = v;
		break;
	case MLTNL_CFG_CC:
		c->cc = v;
		break;
	case MLTNL_CFG_RMEM_MAX:
		c->rmem_max = v;
		break;
	case MLTNL_CFG_WMEM_MAX:
		c->wmem_max = v;
		break;
	case MLTNL_CFG_OPEN_RATE:
		c->open_rate = v;
		break;
	case MLTNL_CFG_OPEN_BURST:
		c->open_burst = v;
		break;
	case MLTNL_CFG_SOURCE_PREFIX4:
		c->source_prefix4 = v;
		break;
	case MLTNL_CFG_SOURCE_PREFIX6:
		c->source_prefix6 = v;
		break;
	case MLTNL_CFG_HALFOPEN_LIMIT:
		c->halfopen_limit = v;
		break;
	case MLTNL_CFG_UNPRIV_SERVICE_START:
		c->unpriv_service_start = v;
		break;
	case MLTNL_CFG_PUZZLE_MODE:
		c->puzzle_mode = v;
		break;
	case MLTNL_CFG_CLIENT_TUNNEL_LIMIT:
		c->client_tunnel_limit = v;
		break;
	case MLTNL_CFG_USER_TUNNEL_QUOTA:
		c->user_tunnel_quota = v;
		break;
	case MLTNL_CFG_USER_RESOLVE_QUOTA:
		c->user_resolve_quota = v;
		break;
	case MLTNL_CFG_REPLAY_CACHE_LIMIT:
		c->replay_cache_limit = v;
		break;
	default:
		return;
	}
	c->mask |= bit;
}

void mltnl_put_config(struct nlmsghdr *nlh, const struct mltnl_config *c)
{
	if (c->mask & MLTNL_CFG_UDP_PORT)
		mnl_attr_put_u16(nlh, MLT_A_UDP_PORT, c->udp_port);
	if (c->mask & MLTNL_CFG_TUNNEL_TIMEOUT)
		mnl_attr_put_u32(nlh, MLT_A_TUNNEL_TIMEOUT,
				 c->tunnel_timeout_ms);
	if (c->mask & MLTNL_CFG_RESOLVE_TIMEOUT)
		mnl_attr_put_u32(nlh, MLT_A_RESOLVE_TIMEOUT,
				 c->resolve_timeout_ms);
	if (c->mask & MLTNL_CFG_TUNNEL_LIMIT)
		mnl_attr_put_u32(nlh, MLT_A_TUNNEL_LIMIT, c->tunnel_limit);
	if (c->mask & MLTNL_CFG_CONN_LIMIT)
		mnl_attr_put_u32(nlh, MLT_A_CONN_LIMIT, c->conn_limit);
	if (c->mask & MLTNL_CFG_CC)
		mnl_attr_put_u32(nlh, MLT_A_CC, c->cc);
	if (c->mask & MLTNL_CFG_RMEM_MAX)
		mnl_attr_put_u32(nlh, MLT_A_RMEM_MAX, c->rmem_max);
	if (c->mask & MLTNL_CFG_WMEM_MAX)
		mnl_attr_put_u32(nlh, MLT_A_WMEM_MAX, c->wmem_max);
	if (c->mask & MLTNL_CFG_OPEN_RATE)
		mnl_attr_put_u32(nlh, MLT_A_OPEN_RATE, c->open_rate);
	if (c->mask & MLTNL_CFG_OPEN_BURST)
		mnl_attr_put_u32(nlh, MLT_A_OPEN_BURST, c->open_burst);
	if (c->mask & MLTNL_CFG_SOURCE_PREFIX4)
		mnl_attr_put_u32(nlh, MLT_A_SOURCE_PREFIX4, c->source_prefix4);
	if (c->mask & MLTNL_CFG_SOURCE_PREFIX6)
		mnl_attr_put_u32(nlh, MLT_A_SOURCE_PREFIX6, c->source_prefix6);
	if (c->mask & MLTNL_CFG_HALFOPEN_LIMIT)
		mnl_attr_put_u32(nlh, MLT_A_HALFOPEN_LIMIT, c->halfopen_limit);
	if (c->mask & MLTNL_CFG_UNPRIV_SERVICE_START)
		mnl_attr_put_u32(nlh, MLT_A_UNPRIV_SERVICE_START,
				 c->unpriv_service_start);
	if (c->mask & MLTNL_CFG_PUZZLE_MODE)
		mnl_attr_put_u32(nlh, MLT_A_PUZZLE_MODE, c->puzzle_mode);
	if (c->mask & MLTNL_CFG_CLIENT_TUNNEL_LIMIT)
		mnl_attr_put_u32(nlh, MLT_A_CLIENT_TUNNEL_LIMIT,
				 c->client_tunnel_limit);
	if (c->mask & MLTNL_CFG_USER_TUNNEL_QUOTA)
		mnl_attr_put_u32(nlh, MLT_A_USER_TUNNEL_QUOTA,
				 c->user_tunnel_quota);
	if (c->mask & MLTNL_CFG_USER_RESOLVE_QUOTA)
		mnl_attr_put_u32(nlh, MLT_A_USER_RESOLVE_QUOTA,
				 c->user_resolve_quota);
	if (c->mask & MLTNL_CFG_REPLAY_CACHE_LIMIT)
		mnl_attr_put_u32(nlh, MLT_A_REPLAY_CACHE_LIMIT,
				 c->replay_cache_limit);
}
