/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The directory: `mltctl dir add|del|show`. The argument parsing, the
 * DIR_ADD request, the DIR_GET reply and both output forms are split out of
 * the commands so that the unit tests can drive them without a kernel.
 */
#ifndef MLTCTL_DIR_H
#define MLTCTL_DIR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>
#include <libmnl/libmnl.h>
#include <linux/minimalt.h>

#include "genl.h"
#include "key.h"

#define DIR_ADD_USAGE	"dir add NAME {addr IP[,IP...] port PORT identity KEY " \
			"eph KEY[,KEY...] | error REASON} [lifetime SECONDS] " \
			"[replace]"
#define DIR_DEL_USAGE	"dir del NAME"
#define DIR_SHOW_USAGE	"dir show [NAME] [-j|--json]"
#define DIR_RESOLVE_USAGE	"dir resolve NAME [-j|--json]"

/* Room for any message dir_add_parse() writes. */
#define DIR_MSG_MAX	512

struct dir_addr {
	uint8_t len;		/* 4 (IPv4) or 16 (IPv6) */
	uint8_t bytes[16];	/* network order */
};

/* One directory entry, as dir add sends it or DIR_GET returns it. */
struct dir_entry {
	char name[MLT_NAME_MAX];
	unsigned int n_addrs;
	struct dir_addr addrs[MLT_DIR_ADDRS_MAX];
	uint16_t port;
	uint8_t identity[KEY_LEN];
	unsigned int n_eph;
	uint8_t eph[MLT_DIR_EPH_KEYS_MAX][KEY_LEN];
	/* dir add: seconds from now, 0 if not given (the kernel's default);
	 * DIR_GET: seconds left.
	 */
	uint32_t lifetime;
	uint32_t error;		/* MLT_DIR_ERR_*: a negative entry */
};

/* "no-name" for MLT_DIR_ERR_NO_NAME, ...; NULL for an unknown reason. */
const char *dir_error_name(uint32_t error);
/* What a reason means, e.g. "no such name"; never NULL. */
const char *dir_error_text(uint32_t error);

struct dir_add_args {
	struct dir_entry e;
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

/* Put the attributes of a DIR_ADD request for a into nlh. */
void dir_add_put(struct nlmsghdr *nlh, const struct dir_add_args *a);

/*
 * Parse one DIR_GET reply or dump message into d, which the caller zeroed.
 * Every attribute but unknown ones is required (a negative entry has only
 * its name, reason and lifetime). Returns 0, or -1 with e
 * set by genl_reply_error().
 */
int dir_entry_parse(const struct nlmsghdr *nlh, struct dir_entry *d,
		    struct genl_err *e);

/* The human form: one block per entry, blocks separated by a blank line. */
void dir_print(FILE *f, const struct dir_entry *d, size_t n);

/*
 * The JSON form (see mltctl.8): an array of
 *   { "name": string, "addresses": [ string... ], "port": u16,
 *     "identity": base64, "eph_keys": [ base64... ], "expires_in": u32 }
 * or, for a negative entry,
 *   { "name": string, "error": "no-name"|..., "expires_in": u32 }
 * Returns a new reference, or NULL when out of memory.
 */
json_t *dir_json(const struct dir_entry *d, size_t n);

/* Sort entries by name (bytewise), as dir show prints them. */
void dir_sort(struct dir_entry *d, size_t n);

#endif /* MLTCTL_DIR_H */
