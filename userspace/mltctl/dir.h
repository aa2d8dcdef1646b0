/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The directory: `mltctl dir add|del|show|resolve`, in three parts:
 *   dir_parse.c  arguments -> struct mltnl_dir_entry, name checks
 *   dir.c        the commands: the libmltnl calls and their errors
 *   dir_print.c  entries -> text or JSON, one code path (print.h)
 * Parsing and printing are apart from the commands so that the unit
 * tests can drive them without a kernel.
 */
#ifndef MLTCTL_DIR_H
#define MLTCTL_DIR_H

#include <stddef.h>

#include "mltnl.h"

#define DIR_ADD_USAGE	"dir add NAME {addr IP[,IP...] port PORT identity KEY " \
			"eph KEY[,KEY...] | error REASON} [lifetime SECONDS] " \
			"[replace]"
#define DIR_DEL_USAGE	"dir del NAME"
#define DIR_SHOW_USAGE	"dir show [NAME] [-j|--json]"
#define DIR_RESOLVE_USAGE	"dir resolve NAME [-j|--json]"

/* Room for any message dir_add_parse() writes. */
#define DIR_MSG_MAX	512

struct dir_add_args {
	/* lifetime: seconds from now, 0 if not given (the kernel's default) */
	struct mltnl_dir_entry e;
	int replace;		/* MLT_A_DIR_REPLACE */
	int help;		/* -h given: print the usage, do nothing else */
};

/*
 * Check a directory name with the kernel's own rules (kernel/name.c). On a
 * bad name, msg gets "<what>: name: \"NAME\": <the kernel's rule text>".
 * Returns 0 or -1.
 */
int dir_name_check(const char *what, const char *name, char *msg, size_t len);

/*
 * Parse the arguments of dir add: argv[0] is "add", argv[1] NAME, then the
 * keywords in any order. Returns 0 with *a filled in (a->help set if -h was
 * given), or -1 with one line (no "mltctl: ", no newline) in msg.
 */
int dir_add_parse(int argc, char **argv, struct dir_add_args *a, char *msg,
		  size_t len);

/*
 * Print entries between print_start() and print_end(). Text: one block
 * per entry, blocks separated by a blank line. JSON (see mltctl.8): an
 * array of
 *   { "name": string, "addresses": [ string... ], "port": u16,
 *     "identity": base64, "eph_keys": [ base64... ], "expires_in": u32 }
 * or, for a negative entry,
 *   { "name": string, "error": "no-name"|..., "expires_in": u32 }
 */
void dir_print(const struct mltnl_dir_entry *d, size_t n);

/* Sort entries by name (bytewise), as dir show prints them. */
void dir_sort(struct mltnl_dir_entry *d, size_t n);

#endif /* MLTCTL_DIR_H */
