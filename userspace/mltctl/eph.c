// SPDX-License-Identifier: GPL-2.0
/*
 * mltctl eph rotate [lifetime SECONDS]: make a new server ephemeral key
 * (MLT_CMD_EPH_ROTATE) and print its public key.
 * mltctl eph show [-j]: the valid ephemeral keys (MLT_CMD_EPH_GET dump).
 * mltctl eph del KEY: wipe one of them now (MLT_CMD_EPH_DEL).
 * The kernel never hands out a private key, so neither does mltctl.
 */
#include <stdlib.h>
#include <string.h>

#include "eph.h"
#include "key.h"
#include "mltctl.h"
#include "netlink.h"
#include "print.h"

int eph_rotate_parse(int argc, char **argv, uint32_t *lifetime, int *help,
		     char *msg, size_t len)
{
	char q[QUOTE_BUF];
	unsigned long v;
	int i, seen = 0;

	*lifetime = 0;
	*help = 0;
	msg[0] = '\0';
	for (i = 1; i < argc; i++) {
		if (is_help_arg(argv[i])) {
			*help = 1;
			return 0;
		}
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "lifetime")) {
			snprintf(msg, len, "eph rotate: unknown keyword '%s' (usage: %s %s)",
				 argv[i], PROG_NAME, EPH_ROTATE_USAGE);
			return -1;
		}
		if (seen) {
			snprintf(msg, len, "eph rotate: lifetime: given twice");
			return -1;
		}
		seen = 1;
		if (i + 1 >= argc) {
			snprintf(msg, len, "eph rotate: lifetime: missing value SECONDS");
			return -1;
		}
		i++;
		if (parse_uint(argv[i], MLT_EPH_LIFETIME_MIN, MLT_EPH_LIFETIME_MAX,
			       &v) < 0) {
			snprintf(msg, len,
				 "eph rotate: lifetime: %s is not a number from %d to %d",
				 quote_arg(q, sizeof(q), argv[i]),
				 MLT_EPH_LIFETIME_MIN, MLT_EPH_LIFETIME_MAX);
			return -1;
		}
		*lifetime = (uint32_t)v;
	}
	return 0;
}

void eph_print(const struct mltnl_eph *k, size_t n)
{
	char b64[KEY_B64_LEN + 1];
	size_t i;

	open_json_array(NULL);
	for (i = 0; i < n; i++) {
		key_to_base64(b64, k[i].public_key);
		open_json_object(NULL);
		print_string(PRINT_ANY, "public_key", "%s", b64);
		print_uint(PRINT_ANY, "expires_in", " expires in %us",
			   k[i].expires_in);
		print_uint(PRINT_ANY, "age", ", age %us\n", k[i].age);
		close_json_object();
	}
	close_json_array();
}

static int cmp_age(const void *a, const void *b)
{
	const struct mltnl_eph *x = a, *y = b;

	if (x->age != y->age)
		return x->age < y->age ? -1 : 1;
	if (x->expires_in != y->expires_in)
		return x->expires_in > y->expires_in ? -1 : 1;
	return memcmp(x->public_key, y->public_key, KEY_LEN);
}

void eph_sort(struct mltnl_eph *k, size_t n)
{
	if (n > 1)
		qsort(k, n, sizeof(*k), cmp_age);
}

/* --- the commands ------------------------------------------------------- */

static void eph_usage(FILE *f)
{
	fprintf(f, "Usage: %s %s\n"
		"       %s %s\n"
		"       %s %s\n"
		"SECONDS from %d to %d (default %d). rotate needs CAP_NET_ADMIN and\n"
		"prints the new public key; del (CAP_NET_ADMIN too) wipes the key\n"
		"whose public half is KEY (base64) now.\n",
		PROG_NAME, EPH_ROTATE_USAGE, PROG_NAME, EPH_SHOW_USAGE,
		PROG_NAME, EPH_DEL_USAGE,
		MLT_EPH_LIFETIME_MIN, MLT_EPH_LIFETIME_MAX,
		MLT_EPH_LIFETIME_DEFAULT);
}

static int eph_rotate(int argc, char **argv)
{
	char msg[256], b64[KEY_B64_LEN + 1];
	struct mltnl_eph k;
	struct mltnl *h;
	uint32_t lifetime;
	int help, code;

	if (eph_rotate_parse(argc, argv, &lifetime, &help, msg,
			     sizeof(msg)) < 0) {
		err_msg("%s", msg);
		return MLTCTL_EXIT_USAGE;
	}
	if (help) {
		eph_usage(stdout);
		return MLTCTL_EXIT_OK;
	}
	h = nl_open(0, "eph rotate", &code);
	if (!h)
		return code;
	if (mltnl_eph_rotate(h, lifetime, &k) < 0)
		return nl_fail(h, "eph rotate");
	mltnl_close(h);
	key_to_base64(b64, k.public_key);
	printf("%s\n", b64);
	return MLTCTL_EXIT_OK;
}

static int eph_show(int argc, char **argv)
{
	struct mltnl_eph *k;
	struct mltnl *h;
	int json = 0, i, n, code;

	for (i = 1; i < argc; i++) {
		if (is_help_arg(argv[i])) {
			eph_usage(stdout);
			return MLTCTL_EXIT_OK;
		} else if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			json = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			err_msg("eph show: unknown option '%s' (usage: %s %s)",
				argv[i], PROG_NAME, EPH_SHOW_USAGE);
			return MLTCTL_EXIT_USAGE;
		} else {
			err_msg("eph show: unexpected argument '%s' (usage: %s %s)",
				argv[i], PROG_NAME, EPH_SHOW_USAGE);
			return MLTCTL_EXIT_USAGE;
		}
	}
	h = nl_open(0, "eph show", &code);
	if (!h)
		return code;
	n = mltnl_eph_list(h, &k);
	if (n < 0)
		return nl_fail(h, "eph show");
	mltnl_close(h);

	eph_sort(k, (size_t)n);
	print_start(stdout, json);
	eph_print(k, (size_t)n);
	free(k);
	return print_end("eph show");
}

static int eph_del(int argc, char **argv)
{
	uint8_t key[KEY_LEN];
	struct key_error ke;
	struct mltnl *h;
	char why[160];
	int code;

	if (argc > 1 && is_help_arg(argv[1])) {
		eph_usage(stdout);
		return MLTCTL_EXIT_OK;
	}
	if (argc != 2) {
		err_msg("eph del: %s (usage: %s %s)",
			argc < 2 ? "missing argument KEY" : "one KEY only",
			PROG_NAME, EPH_DEL_USAGE);
		return MLTCTL_EXIT_USAGE;
	}
	if (key_from_base64(key, argv[1], strlen(argv[1]), &ke) < 0) {
		key_strerror(&ke, why, sizeof(why));
		err_msg("eph del: KEY: %s", why);
		return MLTCTL_EXIT_USAGE;
	}
	h = nl_open(0, "eph del", &code);
	if (!h)
		return code;
	if (mltnl_eph_del(h, key) < 0)
		return nl_fail(h, "eph del");
	mltnl_close(h);
	return MLTCTL_EXIT_OK;
}

int cmd_eph(int argc, char **argv)
{
	if (argc < 2) {
		err_msg("eph: missing subcommand (usage: %s eph {rotate|show|del} ...; try '%s eph -h')",
			PROG_NAME, PROG_NAME);
		return MLTCTL_EXIT_USAGE;
	}
	if (is_help_arg(argv[1])) {
		eph_usage(stdout);
		return MLTCTL_EXIT_OK;
	}
	if (!strcmp(argv[1], "rotate"))
		return eph_rotate(argc - 1, argv + 1);
	if (!strcmp(argv[1], "show"))
		return eph_show(argc - 1, argv + 1);
	if (!strcmp(argv[1], "del"))
		return eph_del(argc - 1, argv + 1);
	err_msg("eph: unknown subcommand '%s' (usage: %s eph {rotate|show|del} ...)",
		argv[1], PROG_NAME);
	return MLTCTL_EXIT_USAGE;
}
