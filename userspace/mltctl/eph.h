/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The server's ephemeral keys: `mltctl eph rotate|show|del`. Argument
 * parsing and printing, split out of the commands for the unit tests; the
 * requests and replies are libmltnl's.
 */
#ifndef MLTCTL_EPH_H
#define MLTCTL_EPH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mltnl.h"

#define EPH_ROTATE_USAGE	"eph rotate [lifetime SECONDS]"
#define EPH_SHOW_USAGE		"eph show [-j|--json]"
#define EPH_DEL_USAGE		"eph del KEY"

/*
 * Parse the arguments of eph rotate: argv[0] is "rotate". Returns 0 with
 * *lifetime set (0 if not given: the kernel's default) and *help set if -h
 * was given, or -1 with one line (no "mltctl: ", no newline) in msg.
 */
int eph_rotate_parse(int argc, char **argv, uint32_t *lifetime, int *help,
		     char *msg, size_t len);

/*
 * Print the keys between print_start() and print_end(): one line per key
 * in the text form, in JSON (see mltctl.8) an array of
 *   { "public_key": base64, "expires_in": u32, "age": u32 }
 */
void eph_print(const struct mltnl_eph *k, size_t n);

/* Sort keys newest first (smallest age), as eph show prints them. */
void eph_sort(struct mltnl_eph *k, size_t n);

#endif /* MLTCTL_EPH_H */
