// SPDX-License-Identifier: GPL-2.0
/*
 * mltctl show [-s] [-j]: the address family in force, the identity's public
 * key, the namespace's settings and counters, with -s the traffic counters
 * and drops and send errors by reason too (MLT_CMD_GET_STATUS).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "key.h"
#include "mltctl.h"
#include "netlink.h"
#include "print.h"
#include "show.h"

/*
 * The counters in the order the text form prints them: the human label
 * and whether it shows only with -s (traffic, not state). The JSON key is
 * mltnl_stat_name().
 */
static const struct {
	unsigned int type;
	const char *label;
	int detail;
} stat_names[] = {
	{ MLT_STAT_SOCKETS,		"sockets",			0 },
	{ MLT_STAT_IDENTITY_CHANGES,	"identity changes",		0 },
	{ MLT_STAT_DIR_ENTRIES,		"directory entries",		0 },
	{ MLT_STAT_EPH_KEYS,		"ephemeral keys",		0 },
	{ MLT_STAT_EPH_WIPED,		"ephemeral keys wiped",		0 },
	{ MLT_STAT_TUNNELS,		"tunnels",			0 },
	{ MLT_STAT_CONNS,		"connections",			0 },
	{ MLT_STAT_TUNNELS_OPENED,	"tunnels opened",		1 },
	{ MLT_STAT_TUNNELS_TIMED_OUT,	"tunnels timed out",		1 },
	{ MLT_STAT_TX_PACKETS,		"datagrams sent",		1 },
	{ MLT_STAT_RX_PACKETS,		"datagrams received",		1 },
	{ MLT_STAT_RETRANSMITS,		"retransmissions",		1 },
	{ MLT_STAT_RTO_EXPIRED,		"retransmission timeouts",	1 },
	{ MLT_STAT_TLP_PROBES,		"tail loss probes",		1 },
	{ MLT_STAT_SPURIOUS_UNDOS,	"window cuts undone",		1 },
	{ MLT_STAT_DROPS,		"datagrams dropped",		1 },
	{ MLT_STAT_REORDER_BYTES,	"bytes held for reordering",	1 },
	{ MLT_STAT_RESOLVE_REQUESTS,	"names asked of the resolver",	1 },
	{ MLT_STAT_RESOLVE_TIMEOUTS,	"resolver timeouts",		1 },
	{ MLT_STAT_REJECTS_SENT,	"reject notices sent",		1 },
	{ MLT_STAT_TUNNELS_REJECTED,	"tunnels rejected",		1 },
	{ MLT_STAT_AMP_LIMITED,		"sends held for validation",	1 },
	{ MLT_STAT_HALFOPEN,		"half-open tunnels",		1 },
	{ MLT_STAT_HALFOPEN_EVICTED,	"half-open tunnels evicted",	1 },
	{ MLT_STAT_PUZZLES_SENT,	"puzzles sent",			1 },
	{ MLT_STAT_PUZZLES_CHECKED,	"puzzles checked",		1 },
	{ MLT_STAT_PUZZLES_SOLVED,	"puzzles solved",		1 },
	{ MLT_STAT_CLIENT_TUNNELS,	"client tunnels",		1 },
	{ MLT_STAT_QUOTA_REFUSED,	"refused by a user quota",	1 },
	{ MLT_STAT_REPLAY_CACHE,	"replay cache entries",		1 },
	{ MLT_STAT_EPH_RETIRED,		"ephemeral keys retired early",	1 },
	{ MLT_STAT_KEY_MOVED_SENT,	"key-moved notices sent",	1 },
	{ MLT_STAT_TUNNELS_MOVED,	"tunnels moved to a new key",	1 },
	{ MLT_STAT_VADDRS,		"names with a virtual address",	1 },
	{ MLT_STAT_VADDRS_RECLAIMED,	"virtual addresses reclaimed",	1 },
};

#define N_STAT_NAMES (sizeof(stat_names) / sizeof(stat_names[0]))

/*
 * The settings as `show` labels them, in its order; with @name, by the
 * value's name (its number if it has none).
 */
static const struct {
	uint32_t bit;
	const char *key;
	const char *fmt;
	const char *(*name)(uint32_t v);
} setting_lines[] = {
	{ MLTNL_CFG_UDP_PORT,		"udp_port",	"udp port: %u\n", NULL },
	{ MLTNL_CFG_TUNNEL_TIMEOUT,	"tunnel_timeout_ms",
	  "tunnel timeout: %u ms\n", NULL },
	{ MLTNL_CFG_RESOLVE_TIMEOUT,	"resolve_timeout_ms",
	  "resolve timeout: %u ms\n", NULL },
	{ MLTNL_CFG_TUNNEL_LIMIT,	"tunnel_limit",
	  "server tunnel limit: %u\n", NULL },
	{ MLTNL_CFG_CONN_LIMIT,		"conn_limit",
	  "connection limit: %u\n", NULL },
	{ MLTNL_CFG_CC,			"cc",
	  "congestion control: %s\n", mltnl_cc_name },
	{ MLTNL_CFG_RMEM_MAX,		"rmem_max",
	  "receive buffer max: %u bytes\n", NULL },
	{ MLTNL_CFG_WMEM_MAX,		"wmem_max",
	  "send buffer max: %u bytes\n", NULL },
	{ MLTNL_CFG_OPEN_RATE,		"open_rate",
	  "open rate: %u per second\n", NULL },
	{ MLTNL_CFG_OPEN_BURST,		"open_burst",	"open burst: %u\n",
	  NULL },
	{ MLTNL_CFG_SOURCE_PREFIX4,	"source_prefix4",
	  "IPv4 source prefix: /%u\n", NULL },
	{ MLTNL_CFG_SOURCE_PREFIX6,	"source_prefix6",
	  "IPv6 source prefix: /%u\n", NULL },
	{ MLTNL_CFG_HALFOPEN_LIMIT,	"halfopen_limit",
	  "half-open limit: %u\n", NULL },
	{ MLTNL_CFG_UNPRIV_SERVICE_START, "unpriv_service_start",
	  "unprivileged service start: %u\n", NULL },
	{ MLTNL_CFG_PUZZLE_MODE,	"puzzle_mode",	"puzzles: %s\n",
	  mltnl_puzzle_mode_name },
	{ MLTNL_CFG_CLIENT_TUNNEL_LIMIT, "client_tunnel_limit",
	  "client tunnel limit: %u\n", NULL },
	{ MLTNL_CFG_USER_TUNNEL_QUOTA,	"user_tunnel_quota",
	  "user tunnel quota: %u\n", NULL },
	{ MLTNL_CFG_USER_RESOLVE_QUOTA,	"user_resolve_quota",
	  "user resolve quota: %u\n", NULL },
	{ MLTNL_CFG_REPLAY_CACHE_LIMIT,	"replay_cache_limit",
	  "replay cache limit: %u\n", NULL },
};

static int stat_known(unsigned int type)
{
	size_t i;

	for (i = 0; i < N_STAT_NAMES; i++)
		if (stat_names[i].type == type)
			return 1;
	return 0;
}

/* One counter: "  LABEL: V" in the text form, KEY: V in JSON. */
static void print_counter(enum print_type t, const char *key,
			  const char *label, uint64_t v)
{
	if (t & PRINT_FP)
		print_text("  %s: ", label);
	print_u64(t, key, "%" PRIu64 "\n", v);
}

static void print_stats(const struct mltnl_status *st, int detail)
{
	enum print_type more = detail ? PRINT_ANY : PRINT_JSON;
	char key[32], label[32];
	unsigned int t;
	size_t i;

	print_text("stats:\n");
	open_json_object("stats");
	for (i = 0; i < N_STAT_NAMES; i++) {
		t = stat_names[i].type;
		if (mltnl_counter_has(&st->stats, t))
			print_counter(stat_names[i].detail ? more : PRINT_ANY,
				      mltnl_stat_name(t), stat_names[i].label,
				      st->stats.v[t]);
	}
	/* A newer kernel's counters. */
	for (t = 0; t < MLTNL_COUNTERS_MAX; t++) {
		if (!mltnl_counter_has(&st->stats, t) || stat_known(t))
			continue;
		snprintf(key, sizeof(key), "stat_%u", t);
		snprintf(label, sizeof(label), "counter %u", t);
		print_counter(more, key, label, st->stats.v[t]);
	}
	close_json_object();
}

/*
 * Counters by reason (drops, send errors): a heading in the text form
 * (-s only), an object in JSON; nothing from an older kernel.
 */
static void print_reasons(const struct mltnl_counters *c, const char *key,
			  const char *heading,
			  const char *(*name)(unsigned int), int detail)
{
	enum print_type t = detail ? PRINT_ANY : PRINT_JSON;
	char buf[32];
	const char *n;
	unsigned int r;

	if (!mltnl_counters_any(c))
		return;
	if (detail)
		print_text("%s:\n", heading);
	open_json_object(key);
	for (r = 0; r < MLTNL_COUNTERS_MAX; r++) {
		if (!mltnl_counter_has(c, r))
			continue;
		n = name(r);
		if (!n) {
			snprintf(buf, sizeof(buf), "reason-%u", r);
			n = buf;
		}
		print_counter(t, n, n, c->v[r]);
	}
	close_json_object();
}

/* One setting of @c, if the kernel reported it. */
static void print_setting(const struct mltnl_config *c, size_t i)
{
	uint32_t v = mltnl_config_get(c, setting_lines[i].bit);
	const char *name;
	char num[16];

	if (!(c->mask & setting_lines[i].bit))
		return;
	if (!setting_lines[i].name) {
		print_uint(PRINT_ANY, setting_lines[i].key,
			   setting_lines[i].fmt, v);
		return;
	}
	name = setting_lines[i].name(v);
	if (name) {
		print_string(PRINT_ANY, setting_lines[i].key,
			     setting_lines[i].fmt, name);
		return;
	}
	/* A value of a newer kernel: its number. */
	snprintf(num, sizeof(num), "%u", v);
	print_string(PRINT_FP, NULL, setting_lines[i].fmt, num);
	print_uint(PRINT_JSON, setting_lines[i].key, NULL, v);
}

void status_print(const struct mltnl_status *st, int detail)
{
	char b64[KEY_B64_LEN + 1];
	size_t i;

	open_json_object(NULL);
	if (st->have_family)
		print_uint(PRINT_ANY, "family", "family: %u\n", st->family);
	else
		print_null(PRINT_ANY, "family", "family: %s\n", "(unknown)");
	if (st->have_public_key) {
		key_to_base64(b64, st->public_key);
		print_string(PRINT_ANY, "public_key", "public key: %s\n", b64);
	} else {
		print_null(PRINT_ANY, "public_key", "public key: %s\n",
			   "(none)");
	}
	for (i = 0; i < sizeof(setting_lines) / sizeof(setting_lines[0]); i++)
		print_setting(&st->config, i);
	print_stats(st, detail);
	print_reasons(&st->drops, "drops", "drops", mltnl_drop_reason_name,
		      detail);
	print_reasons(&st->tx_errors, "tx_errors", "tx errors",
		      mltnl_tx_error_name, detail);
	close_json_object();
}

static void show_usage(FILE *f)
{
	fprintf(f, "Usage: %s show [-s|--stats] [-j|--json]\n", PROG_NAME);
}

int cmd_show(int argc, char **argv)
{
	struct mltnl_status st;
	struct mltnl *h;
	int json = 0, detail = 0, i, code;

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

	h = nl_open(0, "show", &code);
	if (!h)
		return code;
	if (mltnl_status(h, &st) < 0)
		return nl_fail(h, "show");
	mltnl_close(h);
	print_start(stdout, json);
	status_print(&st, detail);
	return print_end("show");
}
