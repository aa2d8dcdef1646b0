// SPDX-License-Identifier: GPL-2.0
/*
 * mltctl identity set FILE: read a base64 private key from FILE ("-" for
 * stdin) and make it the network namespace's identity
 * (MLT_CMD_SET_IDENTITY with MLT_A_PRIVATE_KEY).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "key.h"
#include "mltctl.h"
#include "netlink.h"

#define IDENTITY_USAGE "identity set FILE"

/* Read and decode the key in path; on failure print the line, return -1. */
static int load_key(const char *path, uint8_t key[KEY_LEN])
{
	const char *name = strcmp(path, "-") ? path : "stdin";
	struct key_error e;
	char msg[160];
	FILE *f = stdin;
	int ret;

	if (strcmp(path, "-")) {
		f = fopen(path, "re");
		if (!f) {
			err_msg("%s: cannot open: %s", path, strerror(errno));
			return -1;
		}
	}
	ret = key_read(f, key, &e);
	if (f != stdin)
		fclose(f);
	if (ret < 0) {
		key_strerror(&e, msg, sizeof(msg));
		err_msg("%s: %s", name, msg);
		return -1;
	}
	return 0;
}

static int identity_set(const char *path)
{
	uint8_t key[KEY_LEN];
	struct mltnl *h;
	int code, ret;

	if (load_key(path, key) < 0)
		return MLTCTL_EXIT_USAGE;

	h = nl_open(0, "identity set", &code);
	if (!h) {
		sodium_memzero(key, sizeof(key));
		return code;
	}
	/* The library wipes its request buffer; this is our copy. */
	ret = mltnl_set_identity(h, key);
	sodium_memzero(key, sizeof(key));
	if (ret < 0)
		return nl_fail(h, "identity set");
	mltnl_close(h);
	return MLTCTL_EXIT_OK;
}

static void identity_usage(void)
{
	printf("Usage: %s %s\n"
	       "FILE holds a base64 private key (as from '%s genkey'); - reads it from stdin.\n"
	       "Needs CAP_NET_ADMIN in the user namespace owning the network namespace.\n",
	       PROG_NAME, IDENTITY_USAGE, PROG_NAME);
}

int cmd_identity(int argc, char **argv)
{
	if (argc < 2) {
		err_msg("identity: missing subcommand (usage: %s %s)",
			PROG_NAME, IDENTITY_USAGE);
		return MLTCTL_EXIT_USAGE;
	}
	if (is_help_arg(argv[1])) {
		identity_usage();
		return MLTCTL_EXIT_OK;
	}
	if (strcmp(argv[1], "set")) {
		err_msg("identity: unknown subcommand '%s' (usage: %s %s)",
			argv[1], PROG_NAME, IDENTITY_USAGE);
		return MLTCTL_EXIT_USAGE;
	}
	if (argc < 3) {
		err_msg("identity set: missing argument FILE (usage: %s %s)",
			PROG_NAME, IDENTITY_USAGE);
		return MLTCTL_EXIT_USAGE;
	}
	if (is_help_arg(argv[2])) {
		identity_usage();
		return MLTCTL_EXIT_OK;
	}
	if (argc > 3) {
		err_msg("identity set: unexpected argument '%s' (usage: %s %s)",
			argv[3], PROG_NAME, IDENTITY_USAGE);
		return MLTCTL_EXIT_USAGE;
	}
	return identity_set(argv[2]);
}
