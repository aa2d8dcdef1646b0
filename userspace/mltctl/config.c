// SPDX-License-Identifier: GPL-2.0
/*
 * mltctl config [port PORT] [tunnel-timeout MS] [resolve-timeout MS]
 * [tunnel-limit N] [conn-limit N] [cc ALGO] [rmem-max BYTES]
 * [wmem-max BYTES] [open-rate N] [open-burst N] [source-prefix4 BITS]
 * [source-prefix6 BITS] [halfopen-limit N] [unpriv-service-start N]
 * [puzzle MODE] [client-tunnel-limit N] [user-tunnel-quota N]
 * [user-resolve-quota N] [replay-cache-limit N]: the namespace's settings
 * (MLT_CMD_SET_CONFIG); without settings, print them
 * (MLT_CMD_GET_STATUS), as JSON with -j.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "mltctl.h"
#include "netlink.h"
#include "print.h"

#define TRY_CONFIG_HELP	"(try '" PROG_NAME " config -h')"

/*
 * The settings, in the order config prints them. A setting with @name is
 * given and printed by the names it gives the values min..max.
 */
static const struct {
	const char *word;
	const char *value;
	unsigned long min, max;
	uint32_t bit;		/* MLTNL_CFG_* */
	const char *key;	/* in config -j */
	const char *(*name)(uint32_t v);
} settings[] = {
	{ "port", "PORT", 1, 65535, MLTNL_CFG_UDP_PORT, "udp_port", NULL },
	{ "tunnel-timeout", "MS", MLT_TUNNEL_TIMEOUT_MIN,
	  MLT_TUNNEL_TIMEOUT_MAX, MLTNL_CFG_TUNNEL_TIMEOUT,
	  "tunnel_timeout_ms", NULL },
	{ "resolve-timeout", "MS", MLT_RESOLVE_TIMEOUT_MIN,
	  MLT_RESOLVE_TIMEOUT_MAX, MLTNL_CFG_RESOLVE_TIMEOUT,
	  "resolve_timeout_ms", NULL },
	{ "tunnel-limit", "N", MLT_TUNNEL_LIMIT_MIN, MLT_TUNNEL_LIMIT_MAX,
	  MLTNL_CFG_TUNNEL_LIMIT, "tunnel_limit", NULL },
	{ "conn-limit", "N", MLT_CONN_LIMIT_MIN, MLT_CONN_LIMIT_MAX,
	  MLTNL_CFG_CONN_LIMIT, "conn_limit", NULL },
	{ "cc", "ALGO", 0, MLT_CC_MAX, MLTNL_CFG_CC, "cc", mltnl_cc_name },
	{ "rmem-max", "BYTES", MLT_RMEM_MAX_MIN, MLT_RMEM_MAX_MAX,
	  MLTNL_CFG_RMEM_MAX, "rmem_max", NULL },
	{ "wmem-max", "BYTES", MLT_WMEM_MAX_MIN, MLT_WMEM_MAX_MAX,
	  MLTNL_CFG_WMEM_MAX, "wmem_max", NULL },
	{ "open-rate", "N", 0, MLT_OPEN_RATE_MAX, MLTNL_CFG_OPEN_RATE,
	  "open_rate", NULL },
	{ "open-burst", "N", MLT_OPEN_BURST_MIN, MLT_OPEN_BURST_MAX,
	  MLTNL_CFG_OPEN_BURST, "open_burst", NULL },
	{ "source-prefix4", "BITS", MLT_SOURCE_PREFIX4_MIN,
	  MLT_SOURCE_PREFIX4_MAX, MLTNL_CFG_SOURCE_PREFIX4, "source_prefix4",
	  NULL },
	{ "source-prefix6", "BITS", MLT_SOURCE_PREFIX6_MIN,
	  MLT_SOURCE_PREFIX6_MAX, MLTNL_CFG_SOURCE_PREFIX6, "source_prefix6",
	  NULL },
	{ "halfopen-limit", "N", 0, MLT_HALFOPEN_LIMIT_MAX,
	  MLTNL_CFG_HALFOPEN_LIMIT, "halfopen_limit", NULL },
	{ "unpriv-service-start", "N", 0, MLT_UNPRIV_SERVICE_START_MAX,
	  MLTNL_CFG_UNPRIV_SERVICE_START, "unpriv_service_start", NULL },
	{ "puzzle", "MODE", 0, MLT_PUZZLE_MODE_MAX, MLTNL_CFG_PUZZLE_MODE,
	  "puzzle_mode", mltnl_puzzle_mode_name },
	{ "client-tunnel-limit", "N", MLT_TUNNEL_LIMIT_MIN,
	  MLT_TUNNEL_LIMIT_MAX, MLTNL_CFG_CLIENT_TUNNEL_LIMIT,
	  "client_tunnel_limit", NULL },
	{ "user-tunnel-quota", "N", MLT_TUNNEL_LIMIT_MIN,
	  MLT_TUNNEL_LIMIT_MAX, MLTNL_CFG_USER_TUNNEL_QUOTA,
	  "user_tunnel_quota", NULL },
	{ "user-resolve-quota", "N", 1, MLT_USER_RESOLVE_QUOTA_MAX,
	  MLTNL_CFG_USER_RESOLVE_QUOTA, "user_resolve_quota", NULL },
	{ "replay-cache-limit", "N", MLT_REPLAY_CACHE_LIMIT_MIN,
	  MLT_REPLAY_CACHE_LIMIT_MAX, MLTNL_CFG_REPLAY_CACHE_LIMIT,
	  "replay_cache_limit", NULL },
};

#define N_SETTINGS	(sizeof(settings) / sizeof(settings[0]))

/* The settings every kernel of this tool reports. */
#define CFG_BASE	(MLTNL_CFG_UDP_PORT | MLTNL_CFG_TUNNEL_TIMEOUT | \
			 MLTNL_CFG_RESOLVE_TIMEOUT)

static int setting(const char *word)
{
	size_t k;

	for (k = 0; k < N_SETTINGS; k++)
		if (!strcmp(word, settings[k].word))
			return (int)k;
	return -1;
}

/* The names setting @k takes, @sep between them, into @buf. */
static const char *value_names(int k, const char *sep, char *buf,
			       size_t len)
{
	const char *n;
	size_t used = 0;
	unsigned long v;

	buf[0] = '\0';
	for (v = settings[k].min; v <= settings[k].max; v++) {
		n = settings[k].name((uint32_t)v);
		if (n && used < len)
			used += snprintf(buf + used, len - used, "%s%s",
					 used ? sep : "", n);
	}
	return buf;
}

static void config_usage(FILE *f)
{
	char algos[64];

	fprintf(f, "Usage: %s config [port PORT] [tunnel-timeout MS] [resolve-timeout MS]\n"
		"                     [tunnel-limit N] [conn-limit N] [cc ALGO]\n"
		"                     [rmem-max BYTES] [wmem-max BYTES]\n"
		"                     [open-rate N] [open-burst N]\n"
		"                     [source-prefix4 BITS] [source-prefix6 BITS]\n"
		"                     [halfopen-limit N] [unpriv-service-start N]\n"
		"                     [puzzle MODE] [client-tunnel-limit N]\n"
		"                     [user-tunnel-quota N] [user-resolve-quota N]\n"
		"                     [replay-cache-limit N]\n"
		"       %s config [-j|--json]\n"
		"  port PORT           the namespace's UDP port, 1-65535 (default %d)\n"
		"  tunnel-timeout MS   how long a datagram may go unacknowledged\n"
		"                      before its tunnel dies, %d-%d (default %d)\n"
		"  resolve-timeout MS  how long connect() to a name with no entry\n"
		"                      waits for the resolver, %d-%d (default %d)\n"
		"  tunnel-limit N      most server tunnels the namespace keeps,\n"
		"                      %d-%d (default %d)\n"
		"  conn-limit N        most connections one tunnel carries, %d-%d\n"
		"                      (default %d)\n"
		"  cc ALGO             congestion control of the tunnels made from\n"
		"                      now on: %s (default %s)\n"
		"  rmem-max BYTES      largest receive buffer autotuning gives a\n"
		"                      socket, %d-%d (default %d)\n"
		"  wmem-max BYTES      largest send buffer autotuning gives a\n"
		"                      socket, %d-%d (default %d)\n"
		"  open-rate N         openings/s per source, %d-%d (default %d; 0: off)\n"
		"  open-burst N        openings per source in a burst, %d-%d (default %d)\n"
		"  source-prefix4 BITS IPv4 prefix that counts as one source, %d-%d (default %d)\n"
		"  source-prefix6 BITS IPv6 prefix that counts as one source, %d-%d (default %d)\n"
		"  halfopen-limit N    half-open tunnels/source, %d-%d (default %d; 0: off)\n"
		"  unpriv-service-start N lowest service anyone may bind, %d-%d (default %d)\n"
		"  puzzle MODE         when a server answers openings with a puzzle:\n"
		"                      %s, %s or %s (default %s: when its queue of\n"
		"                      openings is a quarter full, and for 30 s\n"
		"                      after a key was retired)\n"
		"  client-tunnel-limit N most client tunnels (opened by connect())\n"
		"                      the namespace keeps, %d-%d (default %d)\n"
		"  user-tunnel-quota N client tunnels one user may hold, %d-%d\n"
		"                      (default %d; CAP_NET_ADMIN: no quota)\n"
		"  user-resolve-quota N names one user may have waiting for the\n"
		"                      resolver, %d-%d (default %d; CAP_NET_ADMIN: no quota)\n"
		"  replay-cache-limit N client keys a server remembers against replayed\n"
		"                      openings, %d-%d (default %d; when full, a\n"
		"                      server key is retired early)\n"
		"Without settings, print them (-j: as JSON).\n",
		PROG_NAME, PROG_NAME, MLT_UDP_PORT_DEFAULT,
		MLT_TUNNEL_TIMEOUT_MIN, MLT_TUNNEL_TIMEOUT_MAX,
		MLT_TUNNEL_TIMEOUT_DEFAULT, MLT_RESOLVE_TIMEOUT_MIN,
		MLT_RESOLVE_TIMEOUT_MAX, MLT_RESOLVE_TIMEOUT_DEFAULT,
		MLT_TUNNEL_LIMIT_MIN, MLT_TUNNEL_LIMIT_MAX,
		MLT_TUNNEL_LIMIT_DEFAULT, MLT_CONN_LIMIT_MIN,
		MLT_CONN_LIMIT_MAX, MLT_CONN_LIMIT_DEFAULT,
		value_names(setting("cc"), " or ", algos, sizeof(algos)),
		mltnl_cc_name(MLT_CC_CUBIC), MLT_RMEM_MAX_MIN,
		MLT_RMEM_MAX_MAX, MLT_RMEM_MAX_DEFAULT, MLT_WMEM_MAX_MIN,
		MLT_WMEM_MAX_MAX, MLT_WMEM_MAX_DEFAULT, 0, MLT_OPEN_RATE_MAX,
		MLT_OPEN_RATE_DEFAULT, MLT_OPEN_BURST_MIN, MLT_OPEN_BURST_MAX,
		MLT_OPEN_BURST_DEFAULT, MLT_SOURCE_PREFIX4_MIN,
		MLT_SOURCE_PREFIX4_MAX, MLT_SOURCE_PREFIX4_DEFAULT,
		MLT_SOURCE_PREFIX6_MIN, MLT_SOURCE_PREFIX6_MAX,
		MLT_SOURCE_PREFIX6_DEFAULT, 0, MLT_HALFOPEN_LIMIT_MAX,
		MLT_HALFOPEN_LIMIT_DEFAULT, 0, MLT_UNPRIV_SERVICE_START_MAX,
		MLT_UNPRIV_SERVICE_START_DEFAULT,
		mltnl_puzzle_mode_name(MLT_PUZZLE_MODE_AUTO),
		mltnl_puzzle_mode_name(MLT_PUZZLE_MODE_ALWAYS),
		mltnl_puzzle_mode_name(MLT_PUZZLE_MODE_OFF),
		mltnl_puzzle_mode_name(MLT_PUZZLE_MODE_AUTO),
		MLT_TUNNEL_LIMIT_MIN, MLT_TUNNEL_LIMIT_MAX,
		MLT_CLIENT_TUNNEL_LIMIT_DEFAULT, MLT_TUNNEL_LIMIT_MIN,
		MLT_TUNNEL_LIMIT_MAX,
		MLT_USER_TUNNEL_QUOTA_DEFAULT, 1, MLT_USER_RESOLVE_QUOTA_MAX,
		MLT_USER_RESOLVE_QUOTA_DEFAULT, MLT_REPLAY_CACHE_LIMIT_MIN,
		MLT_REPLAY_CACHE_LIMIT_MAX, MLT_REPLAY_CACHE_LIMIT_DEFAULT);
}

void config_print(const struct mltnl_config *c)
{
	const char *name;
	char fmt[48];
	uint32_t v;
	size_t k;

	open_json_object(NULL);
	for (k = 0; k < N_SETTINGS; k++) {
		if (!(c->mask & settings[k].bit)) {	/* an older kernel */
			print_null(PRINT_JSON, settings[k].key, NULL, NULL);
			continue;
		}
		v = mltnl_config_get(c, settings[k].bit);
		/* A value a newer kernel has a name for: its number. */
		name = settings[k].name ? settings[k].name(v) : NULL;
		snprintf(fmt, sizeof(fmt), "%s %s\n", settings[k].word,
			 name ? "%s" : "%u");
		if (name)
			print_string(PRINT_ANY, settings[k].key, fmt, name);
		else
			print_uint(PRINT_ANY, settings[k].key, fmt, v);
	}
	close_json_object();
}

static int config_show(int json)
{
	struct mltnl_status st;
	struct mltnl *h;
	int code;

	h = nl_open(0, "config", &code);
	if (!h)
		return code;
	if (mltnl_status(h, &st) < 0)
		return nl_fail(h, "config");
	mltnl_close(h);
	if (!json && (st.config.mask & CFG_BASE) != CFG_BASE) {
		err_msg("config: the kernel reports no UDP port or timeouts (an older module?)");
		return MLTCTL_EXIT_KERNEL;
	}
	print_start(stdout, json);
	config_print(&st.config);
	return print_end("config");
}

/* A named setting's value: "config: cc: "TEXT" is not one of: A, B". */
static int parse_named_setting(int k, const char *text, unsigned long *out)
{
	char q[QUOTE_BUF], names[64];
	const char *n;
	unsigned long v;

	for (v = settings[k].min; v <= settings[k].max; v++) {
		n = settings[k].name((uint32_t)v);
		if (n && !strcmp(text, n)) {
			*out = v;
			return 0;
		}
	}
	err_msg("config: %s: %s is not one of: %s", settings[k].word,
		quote_arg(q, sizeof(q), text),
		value_names(k, ", ", names, sizeof(names)));
	return -1;
}

/* One setting's value: "config: NAME: "TEXT" is not ... from MIN to MAX". */
static int parse_setting(int k, const char *text, unsigned long *out)
{
	char q[QUOTE_BUF];

	if (settings[k].name)
		return parse_named_setting(k, text, out);
	if (parse_uint(text, settings[k].min, settings[k].max, out) == 0)
		return 0;
	err_msg("config: %s: %s is not a number from %lu to %lu",
		settings[k].word, quote_arg(q, sizeof(q), text),
		settings[k].min, settings[k].max);
	return -1;
}

int cmd_config(int argc, char **argv)
{
	unsigned long value[N_SETTINGS] = { 0 };
	int seen[N_SETTINGS] = { 0 }, any = 0, json = 0, code;
	struct mltnl_config c = { 0 };
	struct mltnl *h;
	size_t j;
	int i, k;

	for (i = 1; i < argc; i++) {
		if (is_help_arg(argv[i])) {
			config_usage(stdout);
			return MLTCTL_EXIT_OK;
		}
	}
	for (i = 1; i < argc; i++) {
		const char *name = argv[i];

		if (!strcmp(name, "-j") || !strcmp(name, "--json")) {
			json = 1;
			continue;
		}
		k = setting(name);
		if (k < 0) {
			err_msg("config: unknown %s '%s' " TRY_CONFIG_HELP,
				name[0] == '-' && name[1] ? "option" : "setting",
				name);
			return MLTCTL_EXIT_USAGE;
		}
		if (seen[k]) {
			err_msg("config: %s: given twice", name);
			return MLTCTL_EXIT_USAGE;
		}
		seen[k] = any = 1;
		if (i + 1 >= argc || setting(argv[i + 1]) >= 0) {
			err_msg("config: %s: missing value %s", name,
				settings[k].value);
			return MLTCTL_EXIT_USAGE;
		}
		if (parse_setting(k, argv[++i], &value[k]))
			return MLTCTL_EXIT_USAGE;
	}
	if (!any)
		return config_show(json);
	if (json) {
		err_msg("config: -j prints the settings, it does not go with settings to change");
		return MLTCTL_EXIT_USAGE;
	}

	for (j = 0; j < N_SETTINGS; j++)
		if (seen[j])
			mltnl_config_set(&c, settings[j].bit, (uint32_t)value[j]);
	h = nl_open(0, "config", &code);
	if (!h)
		return code;
	if (mltnl_set_config(h, &c) < 0)
		return nl_fail(h, "config");
	mltnl_close(h);
	return MLTCTL_EXIT_OK;
}
