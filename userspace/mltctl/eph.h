/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The server's ephemeral keys: `mltctl eph rotate|show`. Argument parsing,
 * the EPH_ROTATE / EPH_GET replies and both output forms, split out of the
 * commands for the unit tests.
 */
#ifndef MLTCTL_EPH_H
#define MLTCTL_EPH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>
#include <libmnl/libmnl.h>

#include "genl.h"
#include "key.h"

#define EPH_ROTATE_USAGE	"eph rotate [lifetime SECONDS]"
#define EPH_SHOW_USAGE		"eph show [-j|--json]"
#define EPH_DEL_USAGE		"eph del KEY"

/* One ephemeral key as the kernel reports it: never its private half. */
struct eph_key {
	uint8_t public_key[KEY_LEN];
	uint32_t expires_in;	/* seconds left (MLT_A_EPH_LIFETIME) */
	uint32_t age;		/* seconds since it was made */
};

/*
 * Parse the arguments of eph rotate: argv[0] is "rotate". Returns 0 with
 * *lifetime set (0 if not given: the kernel's default) and *help set if -h
 * was given, or -1 with one line (no "mltctl: ", no newline) in msg.
 */
int eph_rotate_parse(int argc, char **argv, uint32_t *lifetime, int *help,
		     char *msg, size_t len);

/*
 * Parse one EPH_ROTATE reply or EPH_GET dump message into k. The public
 * key, lifetime and age are required; unknown attributes are ignored.
 * Returns 0, or -1 with e set by genl_reply_error().
 */
int eph_key_parse(const struct nlmsghdr *nlh, struct eph_key *k,
		  struct genl_err *e);

/* The human form: one line per key. */
void eph_print(FILE *f, const struct eph_key *k, size_t n);

/*
 * The JSON form (see mltctl.8): an array of
 *   { "public_key": base64, "expires_in": u32, "age": u32 }
 * Returns a new reference, or NULL when out of memory.
 */
json_t *eph_json(const struct eph_key *k, size_t n);

/* Sort keys newest first (smallest age), as eph show prints them. */
void eph_sort(struct eph_key *k, size_t n);

#endif /* MLTCTL_EPH_H */
