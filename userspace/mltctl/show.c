// SPDX-License-Identifier: GPL-2.0
/*
 * mltctl show [-s] [-j]: the address family in force, the identity's public
 * key, the UDP port, the tunnel timeout and the namespace's counters, with
 * -s the traffic counters and drops by reason too (MLT_CMD_GET_STATUS).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/minimalt.h>

#include "mltctl.h"
#include "show.h"
#include "wire.h"

/*
 * Names of the counters: the human label, the JSON key (stable), and
 * whether the human form shows it only with -s (traffic, not state).
 */
static const struct {
	unsigned int type;
	const char *label;
	const char *key;
	int detail;
} stat_names[] = {
	{ MLT_STAT_SOCKETS,	"sockets",		"sockets",	0 },
	{ MLT_STAT_IDENTITY_CHANGES, "identity changes", "identity_changes", 0 },
	{ MLT_STAT_DIR_ENTRIES,	"directory entries",	"dir_entries",	0 },
	{ MLT_STAT_EPH_KEYS,	"ephemeral keys",	"eph_keys",	0 },
	{ MLT_STAT_EPH_WIPED,	"ephemeral keys wiped",	"eph_wiped",	0 },
	{ MLT_STAT_TUNNELS,	"tunnels",		"tunnels",	0 },
	{ MLT_STAT_CONNS,	"connections",		"conns",	0 },
	{ MLT_STAT_TUNNELS_OPENED, "tunnels opened",	"tunnels_opened", 1 },
	{ MLT_STAT_TUNNELS_TIMED_OUT, "tunnels timed out", "tunnels_timed_out", 1 },
	{ MLT_STAT_TX_PACKETS,	"datagrams sent",	"tx_packets",	1 },
	{ MLT_STAT_RX_PACKETS,	"datagrams received",	"rx_packets",	1 },
	{ MLT_STAT_RETRANSMITS,	"retransmissions",	"retransmits",	1 },
	{ MLT_STAT_DROPS,	"datagrams dropped",	"drops",	1 },
	{ MLT_STAT_RESOLVE_REQUESTS, "names asked of the resolver",
	  "resolve_requests", 1 },
	{ MLT_STAT_RESOLVE_TIMEOUTS, "resolver timeouts", "resolve_timeouts", 1 },
};

#define N_STAT_NAMES (sizeof(stat_names) / sizeof(stat_names[0]))

static int parse_stats(const struct nlattr *nest, struct mlt_status *st,
		       struct genl_err *e)
{
	const struct nlattr *attr;
	unsigned int type;

	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		if (type == MLT_STAT_UNSPEC || type == MLT_STAT_PAD ||
		    type >= STATS_SLOTS)
			continue;
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0) {
			genl_reply_error(e, "counter %u is %u bytes, expected 8",
					 type, mnl_attr_get_payload_len(attr));
			return -1;
		}
		st->stat[type] = mnl_attr_get_u64(attr);
		st->have_stat[type] = 1;
	}
	return 0;
}

static int parse_drops(const struct nlattr *nest, struct mlt_status *st,
		       struct genl_err *e)
{
	const struct nlattr *attr;
	unsigned int type;

	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		if (type == MLT_DROP_NONE || type >= STATS_SLOTS)
			continue;	/* padding, or a reason from the future */
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0) {
			genl_reply_error(e, "drop counter %u is %u bytes, expected 8",
					 type, mnl_attr_get_payload_len(attr));
			return -1;
		}
		st->drop[type] = mnl_attr_get_u64(attr);
		st->have_drop[type] = 1;
	}
	return 0;
}

int status_parse(const struct nlmsghdr *nlh, struct mlt_status *st,
		 struct genl_err *e)
{
	const struct nlattr *attr;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr)) {
		genl_reply_error(e, "message too short");
		return -1;
	}
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case MLT_A_FAMILY:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0) {
				genl_reply_error(e,
						 "family attribute is %u bytes, expected 4",
						 mnl_attr_get_payload_len(attr));
				return -1;
			}
			st->family = mnl_attr_get_u32(attr);
			st->have_family = 1;
			break;
		case MLT_A_PUBLIC_KEY:
			if (mnl_attr_get_payload_len(attr) != KEY_LEN) {
				genl_reply_error(e,
						 "public key is %u bytes, expected %d",
						 mnl_attr_get_payload_len(attr),
						 KEY_LEN);
				return -1;
			}
			memcpy(st->public_key, mnl_attr_get_payload(attr),
			       KEY_LEN);
			st->have_public_key = 1;
			break;
		case MLT_A_STATS:
			if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0) {
				genl_reply_error(e, "stats attribute is not a nest");
				return -1;
			}
			if (parse_stats(attr, st, e) < 0)
				return -1;
			break;
		case MLT_A_DROPS:
			if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0) {
				genl_reply_error(e, "drops attribute is not a nest");
				return -1;
			}
			if (parse_drops(attr, st, e) < 0)
				return -1;
			break;
		case MLT_A_UDP_PORT:
			if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0) {
				genl_reply_error(e, "UDP port attribute is %u bytes, expected 2",
						 mnl_attr_get_payload_len(attr));
				return -1;
			}
			st->udp_port = mnl_attr_get_u16(attr);
			st->have_port = 1;
			break;
		case MLT_A_TUNNEL_TIMEOUT:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0) {
				genl_reply_error(e, "tunnel timeout attribute is %u bytes, expected 4",
						 mnl_attr_get_payload_len(attr));
				return -1;
			}
			st->tunnel_timeout_ms = mnl_attr_get_u32(attr);
			st->have_timeout = 1;
			break;
		case MLT_A_RESOLVE_TIMEOUT:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0) {
				genl_reply_error(e, "resolve timeout attribute is %u bytes, expected 4",
						 mnl_attr_get_payload_len(attr));
				return -1;
			}
			st->resolve_timeout_ms = mnl_attr_get_u32(attr);
			st->have_resolve_timeout = 1;
			break;
		default:
			/* Newer kernel, newer attribute: ignore it. */
			break;
		}
	}
	return 0;
}

static const char *stat_key(unsigned int type, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < N_STAT_NAMES; i++)
		if (stat_names[i].type == type)
			return stat_names[i].key;
	snprintf(buf, len, "stat_%u", type);
	return buf;
}

/* Whether the table names the counter (else it is from a newer kernel). */
static int stat_known(unsigned int type)
{
	size_t i;

	for (i = 0; i < N_STAT_NAMES; i++)
		if (stat_names[i].type == type)
			return 1;
	return 0;
}

/* Print the counters of one kind (detail or not) in the table's order. */
static void print_stats(FILE *f, const struct mlt_status *st, int detail)
{
	unsigned int t;
	size_t i;

	for (i = 0; i < N_STAT_NAMES; i++) {
		t = stat_names[i].type;
		if (stat_names[i].detail == detail && t < STATS_SLOTS &&
		    st->have_stat[t])
			fprintf(f, "  %s: %" PRIu64 "\n", stat_names[i].label,
				st->stat[t]);
	}
}

/* The reason's name as the specification spells it. */
static const char *drop_name(unsigned int type, char *buf, size_t len)
{
	const char *name = mlt_drop_reason_name((enum mlt_drop_reason)type);

	if (strcmp(name, "unknown"))
		return name;
	snprintf(buf, len, "reason-%u", type);
	return buf;
}

void status_print(FILE *f, const struct mlt_status *st, int detail)
{
	char b64[KEY_B64_LEN + 1], buf[32];
	unsigned int t;

	if (st->have_family)
		fprintf(f, "family: %" PRIu32 "\n", st->family);
	else
		fprintf(f, "family: (unknown)\n");
	if (st->have_public_key) {
		key_to_base64(b64, st->public_key);
		fprintf(f, "public key: %s\n", b64);
	} else {
		fprintf(f, "public key: (none)\n");
	}
	if (st->have_port)
		fprintf(f, "udp port: %u\n", st->udp_port);
	if (st->have_timeout)
		fprintf(f, "tunnel timeout: %" PRIu32 " ms\n",
			st->tunnel_timeout_ms);
	if (st->have_resolve_timeout)
		fprintf(f, "resolve timeout: %" PRIu32 " ms\n",
			st->resolve_timeout_ms);
	fprintf(f, "stats:\n");
	print_stats(f, st, 0);
	if (!detail)
		return;
	print_stats(f, st, 1);
	for (t = 0; t < STATS_SLOTS; t++)
		if (st->have_stat[t] && !stat_known(t))
			fprintf(f, "  counter %u: %" PRIu64 "\n", t,
				st->stat[t]);
	for (t = 0; t < STATS_SLOTS && !st->have_drop[t]; t++)
		;
	if (t == STATS_SLOTS)
		return;		/* an older kernel: no drops by reason */
	fprintf(f, "drops:\n");
	for (; t < STATS_SLOTS; t++)
		if (st->have_drop[t])
			fprintf(f, "  %s: %" PRIu64 "\n",
				drop_name(t, buf, sizeof(buf)), st->drop[t]);
}

static json_t *json_u64(uint64_t v)
{
	/* jansson integers are signed 64-bit: beyond that, a real. */
	_Static_assert(sizeof(json_int_t) == sizeof(int64_t),
		       "json_int_t is not 64-bit");
	if (v > (uint64_t)INT64_MAX)
		return json_real((double)v);
	return json_integer((json_int_t)v);
}

json_t *status_json(const struct mlt_status *st)
{
	char b64[KEY_B64_LEN + 1], buf[32];
	json_t *root, *stats, *drops;
	int any_drops = 0;
	unsigned int t;

	root = json_object();
	stats = json_object();
	drops = json_object();
	if (!root || !stats || !drops)
		goto oom;
	if (json_object_set_new(root, "family",
				st->have_family ? json_integer(st->family)
						: json_null()))
		goto oom;
	if (st->have_public_key) {
		key_to_base64(b64, st->public_key);
		if (json_object_set_new(root, "public_key", json_string(b64)))
			goto oom;
	} else if (json_object_set_new(root, "public_key", json_null())) {
		goto oom;
	}
	for (t = 0; t < STATS_SLOTS; t++)
		if (st->have_stat[t] &&
		    json_object_set_new(stats, stat_key(t, buf, sizeof(buf)),
					json_u64(st->stat[t])))
			goto oom;
	for (t = 0; t < STATS_SLOTS; t++) {
		if (!st->have_drop[t])
			continue;
		any_drops = 1;
		if (json_object_set_new(drops, drop_name(t, buf, sizeof(buf)),
					json_u64(st->drop[t])))
			goto oom;
	}
	if (st->have_port &&
	    json_object_set_new(root, "udp_port", json_integer(st->udp_port)))
		goto oom;
	if (st->have_timeout &&
	    json_object_set_new(root, "tunnel_timeout_ms",
				json_integer(st->tunnel_timeout_ms)))
		goto oom;
	if (st->have_resolve_timeout &&
	    json_object_set_new(root, "resolve_timeout_ms",
				json_integer(st->resolve_timeout_ms)))
		goto oom;
	if (json_object_set_new(root, "stats", stats)) {
		stats = NULL;
		goto oom;
	}
	if (!any_drops) {
		json_decref(drops);		/* an older kernel */
		return root;
	}
	if (json_object_set_new(root, "drops", drops)) {
		drops = NULL;
		goto oom_root;
	}
	return root;
oom:
	json_decref(stats);
oom_root:
	json_decref(drops);
	json_decref(root);
	return NULL;
}

struct status_req {
	struct mlt_status st;
	struct genl_err *e;
};

static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	struct status_req *req = data;

	return status_parse(nlh, &req->st, req->e) < 0 ? MNL_CB_ERROR
						       : MNL_CB_OK;
}

static void show_usage(FILE *f)
{
	fprintf(f, "Usage: %s show [-s|--stats] [-j|--json]\n", PROG_NAME);
}

int cmd_show(int argc, char **argv)
{
	_Alignas(uint64_t) char buf[256];
	struct status_req req;
	struct genl_sock g;
	struct genl_err e;
	struct nlmsghdr *nlh;
	int json = 0, detail = 0, i, ret;

	for (i = 1; i < argc; i++) {
		if (is_help_arg(argv[i])) {
			show_usage(stdout);
			return MLTCTL_EXIT_OK;
		} else if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			json = 1;
		} else if (!strcmp(argv[i], "-s") ||
			   !strcmp(argv[i], "--stats")) {
			detail = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			err_msg("show: unknown option '%s' (try '%s show -h')",
				argv[i], PROG_NAME);
			return MLTCTL_EXIT_USAGE;
		} else {
			err_msg("show: unexpected argument '%s' (try '%s show -h')",
				argv[i], PROG_NAME);
			return MLTCTL_EXIT_USAGE;
		}
	}

	if (genl_open(&g, &e) < 0)
		return genl_report(&e, "show");

	memset(&req, 0, sizeof(req));
	req.e = &e;
	nlh = genl_msg_start(&g, buf, MLT_CMD_GET_STATUS);
	ret = genl_request(&g, nlh, status_cb, &req, &e);
	genl_close(&g);
	if (ret < 0)
		return genl_report(&e, "show");

	if (!json) {
		status_print(stdout, &req.st, detail);
		return MLTCTL_EXIT_OK;
	}
	return print_json(status_json(&req.st), "show");
}
