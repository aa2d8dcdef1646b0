/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mltctl: administration of the MinimaLT transport (AF_MINIMALT).
 *
 * Shared definitions: the exit codes (the one place they are defined; the
 * man page mltctl.8 documents them), error reporting and the subcommands.
 */
#ifndef MLTCTL_H
#define MLTCTL_H

#include <stddef.h>

/* Exit codes of mltctl. */
enum mltctl_exit {
	MLTCTL_EXIT_OK		= 0,	/* success */
	MLTCTL_EXIT_USAGE	= 1,	/* usage error, bad input, local I/O error */
	MLTCTL_EXIT_KERNEL	= 2,	/* netlink error: module not loaded,
					 * kernel refused the request */
	MLTCTL_EXIT_PERM	= 3,	/* permission denied (CAP_NET_ADMIN) */
};

#define PROG_NAME "mltctl"

/* Print "mltctl: <message>\n" on stderr: the one line of every failure. */
void err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Subcommands: argv[0] is the subcommand's name. Return an exit code. */
int cmd_genkey(int argc, char **argv);
int cmd_pubkey(int argc, char **argv);
int cmd_identity(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_dir(int argc, char **argv);
int cmd_eph(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_tunnels(int argc, char **argv);
int cmd_vaddr(int argc, char **argv);

/* True if arg is -h or --help. */
int is_help_arg(const char *arg);

/*
 * Parse s as a decimal number from min to max: digits only, no sign, no
 * whitespace. Returns 0 with *out set, or -1.
 */
int parse_uint(const char *s, unsigned long min, unsigned long max,
	       unsigned long *out);

/*
 * s in double quotes for a message, control and non-ASCII bytes as \xNN,
 * '"' and '\\' escaped, cut after 64 bytes (then "..." follows the quote).
 * Returns buf, which len (at least QUOTE_BUF bytes to show all 64) bounds.
 */
#define QUOTE_BUF	(2 + 64 * 4 + 3 + 1)
const char *quote_arg(char *buf, size_t len, const char *s);

#endif /* MLTCTL_H */
