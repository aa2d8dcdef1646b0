// SPDX-License-Identifier: GPL-2.0
/*
 * mltctl config [port PORT] [tunnel-timeout MS]: the namespace's UDP port
 * and tunnel timeout (MLT_CMD_SET_CONFIG); without arguments, print them.
 */
#include <stdio.h>
#include <string.h>

#include <linux/minimalt.h>

#include "mltctl.h"
#include "show.h"

#define CONFIG_USAGE	"config [port PORT] [tunnel-timeout MS]"

static void config_usage(FILE *f)
{
	fprintf(f, "Usage: %s " CONFIG_USAGE "\n"
		"  port PORT          the namespace's UDP port, 1-65535 (default %d)\n"
		"  tunnel-timeout MS  how long a datagram may go unacknowledged\n"
		"                     before its tunnel dies, %d-%d (default %d)\n",
		PROG_NAME, MLT_UDP_PORT_DEFAULT, MLT_TUNNEL_TIMEOUT_MIN,
		MLT_TUNNEL_TIMEOUT_MAX, MLT_TUNNEL_TIMEOUT_DEFAULT);
}

static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	struct mlt_status *st = data;
	struct genl_err e;

	return status_parse(nlh, st, &e) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static int config_show(void)
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
	if (st.have_port)
		printf("port %u\n", st.udp_port);
	if (st.have_timeout)
		printf("tunnel-timeout %u\n", st.tunnel_timeout_ms);
	return MLTCTL_EXIT_OK;
}

int cmd_config(int argc, char **argv)
{
	_Alignas(uint64_t) char buf[256];
	unsigned long port = 0, timeout = 0;
	struct genl_sock g;
	struct genl_err e;
	struct nlmsghdr *nlh;
	int i;

	if (argc == 1)
		return config_show();
	for (i = 1; i < argc; i++) {
		if (is_help_arg(argv[i])) {
			config_usage(stdout);
			return MLTCTL_EXIT_OK;
		}
		if (i + 1 >= argc) {
			err_msg("config: '%s' needs a value (usage: %s "
				CONFIG_USAGE ")", argv[i], PROG_NAME);
			return MLTCTL_EXIT_USAGE;
		}
		if (!strcmp(argv[i], "port")) {
			if (parse_uint(argv[++i], 1, 65535, &port) < 0) {
				err_msg("config: port: '%s' is not a number from 1 to 65535",
					argv[i]);
				return MLTCTL_EXIT_USAGE;
			}
		} else if (!strcmp(argv[i], "tunnel-timeout")) {
			if (parse_uint(argv[++i], MLT_TUNNEL_TIMEOUT_MIN,
				       MLT_TUNNEL_TIMEOUT_MAX, &timeout) < 0) {
				err_msg("config: tunnel-timeout: '%s' is not a number of ms from %d to %d",
					argv[i], MLT_TUNNEL_TIMEOUT_MIN,
					MLT_TUNNEL_TIMEOUT_MAX);
				return MLTCTL_EXIT_USAGE;
			}
		} else {
			err_msg("config: unknown setting '%s' (usage: %s "
				CONFIG_USAGE ")", argv[i], PROG_NAME);
			return MLTCTL_EXIT_USAGE;
		}
	}
	if (genl_open(&g, &e) < 0)
		return genl_report(&e, "config");
	nlh = genl_msg_start(&g, buf, MLT_CMD_SET_CONFIG);
	if (port)
		mnl_attr_put_u16(nlh, MLT_A_UDP_PORT, (uint16_t)port);
	if (timeout)
		mnl_attr_put_u32(nlh, MLT_A_TUNNEL_TIMEOUT, (uint32_t)timeout);
	i = genl_request(&g, nlh, NULL, NULL, &e);
	genl_close(&g);
	if (i < 0)
		return genl_report(&e, "config");
	return MLTCTL_EXIT_OK;
}
