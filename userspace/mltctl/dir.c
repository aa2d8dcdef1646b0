// SPDX-License-Identifier: GPL-2.0
/*
 * mltctl dir add|del|show|resolve: the namespace's directory of named
 * servers (MLT_CMD_DIR_ADD, MLT_CMD_DIR_DEL, MLT_CMD_DIR_GET,
 * MLT_CMD_RESOLVE). The commands: arguments from dir_parse.c, the calls
 * of libmltnl, output by dir_print.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "dir.h"
#include "mltctl.h"
#include "netlink.h"
#include "print.h"

/* --- the commands ------------------------------------------------------- */

static void dir_usage(FILE *f)
{
	fprintf(f, "Usage: %s %s\n"
		"       %s %s\n"
		"       %s %s\n"
		"       %s %s\n"
		"IP is an IPv4 or IPv6 address; KEY a 44-character base64 key;\n"
		"SECONDS from 1 to %d (default %d); 'replace' replaces an entry\n"
		"of the same name. 'error REASON' adds a negative entry: REASON\n"
		"is no-name, expired, no-record, invalid or unavailable. resolve\n"
		"asks the resolver (namecoind-helper) and waits for its answer.\n"
		"add, del and show without NAME need CAP_NET_ADMIN.\n",
		PROG_NAME, DIR_ADD_USAGE, PROG_NAME, DIR_DEL_USAGE,
		PROG_NAME, DIR_SHOW_USAGE, PROG_NAME, DIR_RESOLVE_USAGE,
		MLT_DIR_LIFETIME_MAX,
		MLT_DIR_LIFETIME_DEFAULT);
}

static int dir_add(int argc, char **argv)
{
	struct dir_add_args a;
	char msg[DIR_MSG_MAX], q[QUOTE_BUF];
	struct mltnl_error *e;
	struct mltnl *h;
	int code;

	if (dir_add_parse(argc, argv, &a, msg, sizeof(msg)) < 0) {
		err_msg("%s", msg);
		return MLTCTL_EXIT_USAGE;
	}
	if (a.help) {
		dir_usage(stdout);
		return MLTCTL_EXIT_OK;
	}
	h = nl_open(0, "dir add", &code);
	if (!h)
		return code;
	if (mltnl_dir_add(h, &a.e, a.replace ? MLTNL_DIR_REPLACE : 0) == 0) {
		mltnl_close(h);
		return MLTCTL_EXIT_OK;
	}
	e = mltnl_error(h);
	if (e->stage == MLTNL_STAGE_KERNEL && e->errnum == EEXIST) {
		mltnl_close(h);
		err_msg("dir add: an entry named %s exists (add 'replace' to replace it)",
			quote_arg(q, sizeof(q), a.e.name));
		return MLTCTL_EXIT_KERNEL;
	}
	return nl_fail(h, "dir add");
}

/*
 * The one line for ENOENT on a name, or for EPERM on the whole directory
 * (name NULL: only an admin may list it), or nl_report()'s; closes h.
 */
static int name_fail(struct mltnl *h, const char *what, const char *name)
{
	const struct mltnl_error *e = mltnl_error(h);
	char q[QUOTE_BUF];

	if (e->stage == MLTNL_STAGE_KERNEL && e->errnum == ENOENT && name) {
		mltnl_close(h);
		err_msg("%s: no entry named %s", what,
			quote_arg(q, sizeof(q), name));
		return MLTCTL_EXIT_KERNEL;
	}
	if (e->stage == MLTNL_STAGE_KERNEL && e->errnum == EPERM && !name) {
		mltnl_close(h);
		err_msg("%s: listing the directory needs CAP_NET_ADMIN; look up one name with '%s dir show NAME'",
			what, PROG_NAME);
		return MLTCTL_EXIT_PERM;
	}
	return nl_fail(h, what);
}

static int dir_del(int argc, char **argv)
{
	char msg[DIR_MSG_MAX];
	struct mltnl *h;
	int code;

	if (argc > 1 && is_help_arg(argv[1])) {
		dir_usage(stdout);
		return MLTCTL_EXIT_OK;
	}
	if (argc < 2) {
		err_msg("dir del: missing argument NAME (usage: %s %s)",
			PROG_NAME, DIR_DEL_USAGE);
		return MLTCTL_EXIT_USAGE;
	}
	if (argc > 2) {
		err_msg("dir del: unexpected argument '%s' (usage: %s %s)",
			argv[2], PROG_NAME, DIR_DEL_USAGE);
		return MLTCTL_EXIT_USAGE;
	}
	if (dir_name_check("dir del", argv[1], msg, sizeof(msg)) < 0) {
		err_msg("%s", msg);
		return MLTCTL_EXIT_USAGE;
	}
	h = nl_open(0, "dir del", &code);
	if (!h)
		return code;
	if (mltnl_dir_del(h, argv[1]) < 0)
		return name_fail(h, "dir del", argv[1]);
	mltnl_close(h);
	return MLTCTL_EXIT_OK;
}

/* One entry (name) or all of them, as *out (malloc'd): count or -1. */
static int dir_fetch(struct mltnl *h, const char *name,
		     struct mltnl_dir_entry **out)
{
	if (!name)
		return mltnl_dir_list(h, out);
	*out = malloc(sizeof(**out));
	if (!*out) {
		mltnl_error(h)->stage = MLTNL_STAGE_IO;
		mltnl_error(h)->errnum = ENOMEM;
		mltnl_error(h)->msg[0] = '\0';
		return -1;
	}
	if (mltnl_dir_get(h, name, *out) == 0)
		return 1;
	free(*out);
	*out = NULL;
	return -1;
}

static int dir_show(int argc, char **argv)
{
	struct mltnl_dir_entry *d;
	char msg[DIR_MSG_MAX];
	const char *name = NULL;
	struct mltnl *h;
	int json = 0, i, n, code;

	for (i = 1; i < argc; i++) {
		if (is_help_arg(argv[i])) {
			dir_usage(stdout);
			return MLTCTL_EXIT_OK;
		} else if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			json = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			err_msg("dir show: unknown option '%s' (usage: %s %s)",
				argv[i], PROG_NAME, DIR_SHOW_USAGE);
			return MLTCTL_EXIT_USAGE;
		} else if (name) {
			err_msg("dir show: unexpected argument '%s' (usage: %s %s)",
				argv[i], PROG_NAME, DIR_SHOW_USAGE);
			return MLTCTL_EXIT_USAGE;
		} else {
			name = argv[i];
		}
	}
	if (name && dir_name_check("dir show", name, msg, sizeof(msg)) < 0) {
		err_msg("%s", msg);
		return MLTCTL_EXIT_USAGE;
	}

	h = nl_open(0, "dir show", &code);
	if (!h)
		return code;
	n = dir_fetch(h, name, &d);
	if (n < 0)
		return name_fail(h, "dir show", name);
	mltnl_close(h);

	dir_sort(d, (size_t)n);
	print_start(stdout, json);
	dir_print(d, (size_t)n);
	free(d);
	return print_end("dir show");
}

/*
 * Open the family for dir resolve in the "dir" group; without
 * CAP_NET_ADMIN, which joining it needs, without the group (*polling set).
 * On failure print the line, set *code and return NULL.
 */
static struct mltnl *resolve_open(int *polling, int *code)
{
	struct mltnl_error e;
	struct mltnl *h = mltnl_open(MLTNL_GROUP_DIR, &e);

	*polling = !h && e.stage == MLTNL_STAGE_SOCKET && e.errnum == EPERM;
	if (*polling)
		return nl_open(0, "dir resolve", code);
	if (!h)
		*code = nl_report(&e, "dir resolve");
	return h;
}

/*
 * Ask the resolver for @name and wait up to a little past the kernel's
 * deadline (*left_ms) for its entry: in the "dir" group, or, @polling,
 * by looking the name up every MLTNL_DIR_POLL_MS, the entry there before
 * the request not counting as the answer. As mltnl_dir_wait() returns.
 */
static int resolve_wait(struct mltnl *h, int polling, const char *name,
			uint32_t *left_ms, struct mltnl_dir_entry *d)
{
	struct mltnl_dir_entry before;
	int had = 0, ret;

	if (polling) {
		ret = mltnl_dir_get(h, name, &before);
		if (ret < 0 && (ret != -ENOENT ||
				mltnl_error(h)->stage != MLTNL_STAGE_KERNEL))
			return ret;
		had = !ret;
	}
	ret = mltnl_dir_resolve(h, name, left_ms);
	if (ret < 0)
		return ret;
	/* A little past the kernel's deadline: the answer may be on its way. */
	if (polling)
		return mltnl_dir_poll(h, name, (int)*left_ms + 500,
				      had ? &before : NULL, d);
	return mltnl_dir_wait(h, name, (int)*left_ms + 500, d);
}

/*
 * Ask the resolver for NAME (MLT_CMD_RESOLVE) and wait, in the "dir"
 * group joined first or, without CAP_NET_ADMIN, by looking the name up,
 * for the entry it installs; print it. A negative entry is an answer too,
 * but the exit status says the name cannot be reached.
 */
static int dir_resolve(int argc, char **argv)
{
	char msg[DIR_MSG_MAX], q[QUOTE_BUF];
	struct mltnl_dir_entry d;
	const char *name = NULL;
	uint32_t left_ms = 0;
	struct mltnl *h;
	int json = 0, polling, i, ret, code;

	for (i = 1; i < argc; i++) {
		if (is_help_arg(argv[i])) {
			dir_usage(stdout);
			return MLTCTL_EXIT_OK;
		} else if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			json = 1;
		} else if ((argv[i][0] == '-' && argv[i][1]) || name) {
			err_msg("dir resolve: unexpected argument '%s' (usage: %s %s)",
				argv[i], PROG_NAME, DIR_RESOLVE_USAGE);
			return MLTCTL_EXIT_USAGE;
		} else {
			name = argv[i];
		}
	}
	if (!name) {
		err_msg("dir resolve: missing argument NAME (usage: %s %s)",
			PROG_NAME, DIR_RESOLVE_USAGE);
		return MLTCTL_EXIT_USAGE;
	}
	if (dir_name_check("dir resolve", name, msg, sizeof(msg)) < 0) {
		err_msg("%s", msg);
		return MLTCTL_EXIT_USAGE;
	}

	h = resolve_open(&polling, &code);
	if (!h)
		return code;
	ret = resolve_wait(h, polling, name, &left_ms, &d);
	if (ret < 0)
		return nl_fail(h, "dir resolve");
	mltnl_close(h);
	if (!ret) {
		err_msg("dir resolve: %s: the resolver did not answer within %" PRIu32 " ms",
			quote_arg(q, sizeof(q), name), left_ms);
		return MLTCTL_EXIT_KERNEL;
	}
	print_start(stdout, json);
	dir_print(&d, 1);
	ret = print_end("dir resolve");
	if (d.error) {
		err_msg("dir resolve: %s: %s", quote_arg(q, sizeof(q), name),
			mltnl_dir_error_text(d.error));
		ret = MLTCTL_EXIT_KERNEL;
	}
	return ret;
}

int cmd_dir(int argc, char **argv)
{
	if (argc < 2) {
		err_msg("dir: missing subcommand (usage: %s dir {add|del|show|resolve} ...; try '%s dir -h')",
			PROG_NAME, PROG_NAME);
		return MLTCTL_EXIT_USAGE;
	}
	if (is_help_arg(argv[1])) {
		dir_usage(stdout);
		return MLTCTL_EXIT_OK;
	}
	if (!strcmp(argv[1], "add"))
		return dir_add(argc - 1, argv + 1);
	if (!strcmp(argv[1], "del"))
		return dir_del(argc - 1, argv + 1);
	if (!strcmp(argv[1], "show"))
		return dir_show(argc - 1, argv + 1);
	if (!strcmp(argv[1], "resolve"))
		return dir_resolve(argc - 1, argv + 1);
	err_msg("dir: unknown subcommand '%s' (usage: %s dir {add|del|show|resolve} ...)",
		argv[1], PROG_NAME);
	return MLTCTL_EXIT_USAGE;
}
