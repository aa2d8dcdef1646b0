// SPDX-License-Identifier: GPL-2.0
/*
 * mltctl vaddr [NAME | ADDRESS] [-j]: the virtual addresses that stand for
 * directory names (MLT_CMD_VADDR_GET): NAME's, given now if it has none;
 * the name ADDRESS stands for; or, with neither, every one (CAP_NET_ADMIN).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "mltctl.h"
#include "netlink.h"
#include "print.h"

#define VADDR_USAGE	"vaddr [NAME|ADDRESS] [-j|--json]"

static void vaddr_print(const struct mltnl_vaddr *v)
{
	char a4[INET_ADDRSTRLEN], a6[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET, v->v4, a4, sizeof(a4));
	inet_ntop(AF_INET6, v->v6, a6, sizeof(a6));
	open_json_object(NULL);
	print_string(PRINT_ANY, "name", "%s", v->name);
	print_string(PRINT_ANY, "ipv4", " %s", a4);
	print_string(PRINT_ANY, "ipv6", " %s", a6);
	print_uint(PRINT_ANY, "idle", " idle %u s", v->idle);
	print_text("\n");
	close_json_object();
}

static void vaddr_usage(FILE *f)
{
	fprintf(f, "Usage: %s %s\n"
		"NAME's virtual IPv4 and IPv6 addresses, given now if it has\n"
		"none (the directory must have an entry for it); the name that\n"
		"ADDRESS stands for; or every name with its addresses\n"
		"(CAP_NET_ADMIN). -j as JSON.\n", PROG_NAME, VADDR_USAGE);
}

int cmd_vaddr(int argc, char **argv)
{
	struct mltnl_vaddr one, *v = &one;
	const char *arg = NULL;
	unsigned char addr[16];
	int json = 0, i, n = 1, family = 0, code, ret;
	struct mltnl *h;

	for (i = 1; i < argc; i++) {
		if (is_help_arg(argv[i])) {
			vaddr_usage(stdout);
			return MLTCTL_EXIT_OK;
		} else if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			json = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			err_msg("vaddr: unknown option '%s' (usage: %s %s)",
				argv[i], PROG_NAME, VADDR_USAGE);
			return MLTCTL_EXIT_USAGE;
		} else if (arg) {
			err_msg("vaddr: unexpected argument '%s' (usage: %s %s)",
				argv[i], PROG_NAME, VADDR_USAGE);
			return MLTCTL_EXIT_USAGE;
		} else {
			arg = argv[i];
		}
	}
	if (arg && inet_pton(AF_INET, arg, addr) == 1)
		family = AF_INET;
	else if (arg && inet_pton(AF_INET6, arg, addr) == 1)
		family = AF_INET6;

	h = nl_open(0, "vaddr", &code);
	if (!h)
		return code;
	if (family)
		ret = mltnl_vaddr_lookup(h, family, addr, &one);
	else if (arg)
		ret = mltnl_vaddr_get(h, arg, &one);
	else
		ret = n = mltnl_vaddr_list(h, &v);
	if (ret < 0)
		return nl_fail(h, "vaddr");
	mltnl_close(h);

	print_start(stdout, json);
	if (arg) {
		vaddr_print(v);
	} else {
		open_json_array(NULL);
		for (i = 0; i < n; i++)
			vaddr_print(&v[i]);
		close_json_array();
		free(v);
	}
	return print_end("vaddr");
}
