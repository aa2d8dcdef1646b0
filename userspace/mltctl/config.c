// SPDX-License-Identifier: GPL-2.0
/*
 * mltctl config [port PORT] [tunnel-timeout MS] [resolve-timeout MS]: the
 * namespace's settings (MLT_CMD_SET_CONFIG); without settings, print them
 * (MLT_CMD_GET_STATUS), as JSON with -j.
 */
#include <stdio.h>
#include <string.h>

#include <linux/minimalt.h>

#include "mltctl.h"
#include "show.h"

#define TRY_CONFIG_HELP	"(try '" PROG_NAME " config -h')"

/* The settings, in the order config prints them. */
static const struct {
	const char *word;
	const char *value;
	unsigned long min, max;
	int attr;
} settings[] = {
	{ "port", "PORT", 1, 65535, MLT_A_UDP_PORT },
	{ "tunnel-timeout", "MS", MLT_TUNNEL_TIMEOUT_MIN,
	  MLT_TUNNEL_TIMEOUT_MAX, MLT_A_TUNNEL_TIMEOUT },
	{ "resolve-timeout", "MS", MLT_RESOLVE_TIMEOUT_MIN,
	  MLT_RESOLVE_TIMEOUT_MAX, MLT_A_RESOLVE_TIMEOUT },
};

#define N_SETTINGS	(sizeof(settings) / sizeof(settings[0]))

static int setting(const char *word)
{
	size_t k;

	for (k = 0; k < N_SETTINGS; k++)
		if (!strcmp(word, settings[k].word))
			return (int)k;
	return -1;
}

static void config_usage(FILE *f)
{
	fprintf(f, "Usage: %s config [port PORT] [tunnel-timeout MS] [resolve-timeout MS]\n"
		"       %s config [-j|--json]\n"
		"  port PORT           the namespace's UDP port, 1-65535 (default %d)\n"
		"  tunnel-timeout MS   how long a datagram may go unacknowledged\n"
		"                      before its tunnel dies, %d-%d (default %d)\n"
		"  resolve-timeout MS  how long connect() to a name with no entry\n"
		"                      waits for the resolver, %d-%d (default %d)\n"
		"Without settings, print them (-j: as JSON).\n",
		PROG_NAME, PROG_NAME, MLT_UDP_PORT_DEFAULT,
		MLT_TUNNEL_TIMEOUT_MIN, MLT_TUNNEL_TIMEOUT_MAX,
		MLT_TUNNEL_TIMEOUT_DEFAULT, MLT_RESOLVE_TIMEOUT_MIN,
		MLT_RESOLVE_TIMEOUT_MAX, MLT_RESOLVE_TIMEOUT_DEFAULT);
}

static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	struct mlt_status *st = data;
	struct genl_err e;

	return status_parse(nlh, st, &e) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static json_t *maybe(int have, long long v)
{
	return have ? json_integer(v) : json_null();
}

static json_t *config_json(const struct mlt_status *st)
{
	json_t *root = json_object();

	if (!root)
		return NULL;
	if (json_object_set_new(root, "udp_port",
				maybe(st->have_port, st->udp_port)) ||
	    json_object_set_new(root, "tunnel_timeout_ms",
				maybe(st->have_timeout,
				      st->tunnel_timeout_ms)) ||
	    json_object_set_new(root, "resolve_timeout_ms",
				maybe(st->have_resolve_timeout,
				      st->resolve_timeout_ms))) {
		json_decref(root);
		return NULL;
	}
	return root;
}

static int config_show(int json)
{
	_Alignas(uint64_t) char buf[256];
	struct mlt_status st;
	struct genl_sock g;
	struct genl_err e;
	int ret;

	if (genl_open(&g, &e) < 0)
		return genl_report(&e, "config");
	memset(&st, 0, sizeof(st));
	ret = genl_request(&g, genl_msg_start(&g, buf, MLT_CMD_GET_STATUS),
			   status_cb, &st, &e);
	genl_close(&g);
	if (ret < 0)
		return genl_report(&e, "config");
	if (json)
		return print_json(config_json(&st), "config");
	if (!st.have_port || !st.have_timeout || !st.have_resolve_timeout) {
		err_msg("config: the kernel reports no UDP port or timeouts (an older module?)");
		return MLTCTL_EXIT_KERNEL;
	}
	printf("port %u\n", st.udp_port);
	printf("tunnel-timeout %u\n", st.tunnel_timeout_ms);
	printf("resolve-timeout %u\n", st.resolve_timeout_ms);
	return MLTCTL_EXIT_OK;
}

/* One setting's value: "config: NAME: "TEXT" is not ... from MIN to MAX". */
static int parse_setting(int k, const char *text, unsigned long *out)
{
	char q[QUOTE_BUF];

	if (parse_uint(text, settings[k].min, settings[k].max, out) == 0)
		return 0;
	err_msg("config: %s: %s is not a number from %lu to %lu",
		settings[k].word, quote_arg(q, sizeof(q), text),
		settings[k].min, settings[k].max);
	return -1;
}

int cmd_config(int argc, char **argv)
{
	_Alignas(uint64_t) char buf[256];
	unsigned long value[N_SETTINGS] = { 0 };
	int seen[N_SETTINGS] = { 0 }, any = 0, json = 0;
	struct genl_sock g;
	struct genl_err e;
	struct nlmsghdr *nlh;
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

	if (genl_open(&g, &e) < 0)
		return genl_report(&e, "config");
	nlh = genl_msg_start(&g, buf, MLT_CMD_SET_CONFIG);
	for (j = 0; j < N_SETTINGS; j++) {
		if (!seen[j])
			continue;
		if (settings[j].attr == MLT_A_UDP_PORT)
			mnl_attr_put_u16(nlh, MLT_A_UDP_PORT,
					 (uint16_t)value[j]);
		else
			mnl_attr_put_u32(nlh, settings[j].attr,
					 (uint32_t)value[j]);
	}
	i = genl_request(&g, nlh, NULL, NULL, &e);
	genl_close(&g);
	if (i < 0)
		return genl_report(&e, "config");
	return MLTCTL_EXIT_OK;
}
