// SPDX-License-Identifier: GPL-2.0
/*
 * mltctl config [port PORT] [tunnel-timeout MS]: the namespace's UDP port
 * and tunnel timeout (MLT_CMD_SET_CONFIG); without settings, print them
 * (MLT_CMD_GET_STATUS), as JSON with -j.
 */
#include <stdio.h>
#include <string.h>

#include <linux/minimalt.h>

#include "mltctl.h"
#include "show.h"

#define TRY_CONFIG_HELP	"(try '" PROG_NAME " config -h')"

static void config_usage(FILE *f)
{
	fprintf(f, "Usage: %s config [port PORT] [tunnel-timeout MS]\n"
		"       %s config [-j|--json]\n"
		"  port PORT          the namespace's UDP port, 1-65535 (default %d)\n"
		"  tunnel-timeout MS  how long a datagram may go unacknowledged\n"
		"                     before its tunnel dies, %d-%d (default %d)\n"
		"Without settings, print both (-j: as JSON).\n",
		PROG_NAME, PROG_NAME, MLT_UDP_PORT_DEFAULT,
		MLT_TUNNEL_TIMEOUT_MIN, MLT_TUNNEL_TIMEOUT_MAX,
		MLT_TUNNEL_TIMEOUT_DEFAULT);
}

static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	struct mlt_status *st = data;
	struct genl_err e;

	return status_parse(nlh, st, &e) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static json_t *config_json(const struct mlt_status *st)
{
	json_t *root = json_object();

	if (!root)
		return NULL;
	if (json_object_set_new(root, "udp_port",
				st->have_port ? json_integer(st->udp_port)
					      : json_null()) ||
	    json_object_set_new(root, "tunnel_timeout_ms",
				st->have_timeout ?
				json_integer(st->tunnel_timeout_ms) :
				json_null())) {
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
	if (!st.have_port || !st.have_timeout) {
		err_msg("config: the kernel reports no UDP port or tunnel timeout (an older module?)");
		return MLTCTL_EXIT_KERNEL;
	}
	printf("port %u\n", st.udp_port);
	printf("tunnel-timeout %u\n", st.tunnel_timeout_ms);
	return MLTCTL_EXIT_OK;
}

/* One setting's value: "config: NAME: "TEXT" is not ... from MIN to MAX". */
static int parse_setting(const char *name, const char *text,
			 unsigned long min, unsigned long max,
			 unsigned long *out)
{
	char q[QUOTE_BUF];

	if (parse_uint(text, min, max, out) == 0)
		return 0;
	err_msg("config: %s: %s is not a number from %lu to %lu", name,
		quote_arg(q, sizeof(q), text), min, max);
	return -1;
}

int cmd_config(int argc, char **argv)
{
	_Alignas(uint64_t) char buf[256];
	unsigned long port = 0, timeout = 0;
	int have_port = 0, have_timeout = 0, json = 0;
	struct genl_sock g;
	struct genl_err e;
	struct nlmsghdr *nlh;
	int i;

	for (i = 1; i < argc; i++) {
		if (is_help_arg(argv[i])) {
			config_usage(stdout);
			return MLTCTL_EXIT_OK;
		}
	}
	for (i = 1; i < argc; i++) {
		const char *name = argv[i];
		int *seen;

		if (!strcmp(name, "-j") || !strcmp(name, "--json")) {
			json = 1;
			continue;
		}
		if (!strcmp(name, "port")) {
			seen = &have_port;
		} else if (!strcmp(name, "tunnel-timeout")) {
			seen = &have_timeout;
		} else if (name[0] == '-' && name[1]) {
			err_msg("config: unknown option '%s' " TRY_CONFIG_HELP,
				name);
			return MLTCTL_EXIT_USAGE;
		} else {
			err_msg("config: unknown setting '%s' " TRY_CONFIG_HELP,
				name);
			return MLTCTL_EXIT_USAGE;
		}
		if (*seen) {
			err_msg("config: %s: given twice", name);
			return MLTCTL_EXIT_USAGE;
		}
		*seen = 1;
		if (i + 1 >= argc || !strcmp(argv[i + 1], "port") ||
		    !strcmp(argv[i + 1], "tunnel-timeout")) {
			err_msg("config: %s: missing value %s", name,
				seen == &have_port ? "PORT" : "MS");
			return MLTCTL_EXIT_USAGE;
		}
		if (seen == &have_port ?
		    parse_setting(name, argv[++i], 1, 65535, &port) :
		    parse_setting(name, argv[++i], MLT_TUNNEL_TIMEOUT_MIN,
				  MLT_TUNNEL_TIMEOUT_MAX, &timeout))
			return MLTCTL_EXIT_USAGE;
	}
	if (!have_port && !have_timeout)
		return config_show(json);
	if (json) {
		err_msg("config: -j prints the settings, it does not go with port or tunnel-timeout");
		return MLTCTL_EXIT_USAGE;
	}

	if (genl_open(&g, &e) < 0)
		return genl_report(&e, "config");
	nlh = genl_msg_start(&g, buf, MLT_CMD_SET_CONFIG);
	if (have_port)
		mnl_attr_put_u16(nlh, MLT_A_UDP_PORT, (uint16_t)port);
	if (have_timeout)
		mnl_attr_put_u32(nlh, MLT_A_TUNNEL_TIMEOUT, (uint32_t)timeout);
	i = genl_request(&g, nlh, NULL, NULL, &e);
	genl_close(&g);
	if (i < 0)
		return genl_report(&e, "config");
	return MLTCTL_EXIT_OK;
}
