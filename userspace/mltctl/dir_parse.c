// SPDX-License-Identifier: GPL-2.0
/*
 * mltctl dir: the arguments of dir add (argument -> struct
 * mltnl_dir_entry) and the name check every dir subcommand makes.
 *
 * Names are checked with the kernel's own code (kernel/name.c, built into
 * mltctl), so that a name mltctl accepts is one the kernel accepts and the
 * reasons given are the same words.
 */
#include <arpa/inet.h>
#include <string.h>

#include "dir.h"
#include "key.h"
#include "mltctl.h"
#include "name.h"

/* The keywords of dir add, in the order their absence is reported. */
enum dir_kw {
	KW_ADDR,
	KW_PORT,
	KW_IDENTITY,
	KW_EPH,
	KW_LIFETIME,
	KW_REPLACE,
	KW_ERROR,
	KW_COUNT,
};

static const struct {
	const char *word;
	const char *value;	/* metavariable for messages; NULL: a flag */
	int required;
} dir_kw[KW_COUNT] = {
	[KW_ADDR]	= { "addr",	"IP[,IP...]",	1 },
	[KW_PORT]	= { "port",	"PORT",		1 },
	[KW_IDENTITY]	= { "identity",	"KEY",		1 },
	[KW_EPH]	= { "eph",	"KEY[,KEY...]",	1 },
	[KW_LIFETIME]	= { "lifetime",	"SECONDS",	0 },
	[KW_REPLACE]	= { "replace",	NULL,		0 },
	[KW_ERROR]	= { "error",	"REASON",	0 },
};

static int parse_error(const char *text, struct mltnl_dir_entry *d,
		       char *msg, size_t len)
{
	char q[QUOTE_BUF];

	d->error = mltnl_dir_error_from_name(text);
	if (d->error)
		return 0;
	snprintf(msg, len,
		 "dir add: error: %s is not no-name, expired, no-record, invalid or unavailable",
		 quote_arg(q, sizeof(q), text));
	return -1;
}

#define TRY_ADD_HELP	"(try '" PROG_NAME " dir add -h')"

static int dir_keyword(const char *s)
{
	int k;

	for (k = 0; k < KW_COUNT; k++)
		if (!strcmp(s, dir_kw[k].word))
			return k;
	return -1;
}

static int is_zero_key(const uint8_t key[KEY_LEN])
{
	uint8_t acc = 0;
	size_t i;

	for (i = 0; i < KEY_LEN; i++)
		acc |= key[i];
	return acc == 0;
}

int dir_name_check(const char *what, const char *name, char *msg, size_t len)
{
	const char *why = mlt_name_check(name, strlen(name));
	char q[QUOTE_BUF];

	if (!why)
		return 0;
	snprintf(msg, len, "%s: name: %s: %s", what,
		 quote_arg(q, sizeof(q), name), why);
	return -1;
}

/* Items of a comma-separated list: 1 + the number of commas. */
static unsigned int list_count(const char *s)
{
	unsigned int n = 1;

	for (; *s; s++)
		n += *s == ',';
	return n;
}

static int parse_addrs(const char *text, struct mltnl_dir_entry *d, char *msg,
		       size_t len)
{
	unsigned int n = list_count(text), i;
	const char *p = text;
	/* Longer than any address text, and than quote_arg() shows. */
	char item[80], q[QUOTE_BUF];

	if (n > MLT_DIR_ADDRS_MAX) {
		snprintf(msg, len, "dir add: addr: %u addresses, at most %d",
			 n, MLT_DIR_ADDRS_MAX);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const char *end = strchr(p, ',');
		size_t l = end ? (size_t)(end - p) : strlen(p);
		struct mltnl_addr *a = &d->addrs[i];

		if (l == 0) {
			snprintf(msg, len, "dir add: addr: address %u is empty",
				 i + 1);
			return -1;
		}
		/* Too long for any address: cut, it is shown cut anyway. */
		memcpy(item, p, l < sizeof(item) ? l : sizeof(item) - 1);
		item[l < sizeof(item) ? l : sizeof(item) - 1] = '\0';
		if (l < sizeof(item) && inet_pton(AF_INET, item, a->bytes) == 1) {
			a->len = 4;
		} else if (l < sizeof(item) &&
			   inet_pton(AF_INET6, item, a->bytes) == 1) {
			a->len = 16;
		} else {
			snprintf(msg, len,
				 "dir add: addr: %s is not an IPv4 or IPv6 address",
				 quote_arg(q, sizeof(q), item));
			return -1;
		}
		p += l + (end ? 1 : 0);
	}
	d->n_addrs = n;
	return 0;
}

/* One key of what; n is its place in a list, or 0 if it is not in one. */
static int parse_key(const char *what, unsigned int n, const char *text,
		     size_t tlen, uint8_t key[KEY_LEN], char *msg, size_t len)
{
	char place[32] = "", why[160];
	struct key_error ke;

	if (n)
		snprintf(place, sizeof(place), "key %u", n);
	if (tlen == 0) {
		snprintf(msg, len, "dir add: %s: %s is empty", what,
			 n ? place : "key");
		return -1;
	}
	if (key_from_base64(key, text, tlen, &ke) < 0) {
		key_strerror(&ke, why, sizeof(why));
		snprintf(msg, len, "dir add: %s: %s%s%s", what, place,
			 n ? ": " : "", why);
		return -1;
	}
	if (is_zero_key(key)) {
		snprintf(msg, len, "dir add: %s: %s is all zero", what,
			 n ? place : "key");
		return -1;
	}
	return 0;
}

static int parse_eph(const char *text, struct mltnl_dir_entry *d, char *msg,
		     size_t len)
{
	unsigned int n = list_count(text), i;
	const char *p = text;

	if (n > MLT_DIR_EPH_KEYS_MAX) {
		snprintf(msg, len, "dir add: eph: %u keys, at most %d", n,
			 MLT_DIR_EPH_KEYS_MAX);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const char *end = strchr(p, ',');
		size_t l = end ? (size_t)(end - p) : strlen(p);

		if (parse_key("eph", i + 1, p, l, d->eph[i], msg, len) < 0)
			return -1;
		p += l + (end ? 1 : 0);
	}
	d->n_eph = n;
	return 0;
}

static int parse_number(const char *what, const char *field,
			const char *text, unsigned long min,
			unsigned long max, unsigned long *out, char *msg,
			size_t len)
{
	char q[QUOTE_BUF];

	if (parse_uint(text, min, max, out) == 0)
		return 0;
	snprintf(msg, len, "%s: %s: %s is not a number from %lu to %lu",
		 what, field, quote_arg(q, sizeof(q), text), min, max);
	return -1;
}

int dir_add_parse(int argc, char **argv, struct dir_add_args *a, char *msg,
		  size_t len)
{
	int seen[KW_COUNT] = { 0 };
	unsigned long v;
	int i, k;

	memset(a, 0, sizeof(*a));
	msg[0] = '\0';
	for (i = 1; i < argc; i++) {
		if (is_help_arg(argv[i])) {
			a->help = 1;
			return 0;
		}
	}
	if (argc < 2) {
		snprintf(msg, len, "dir add: missing argument NAME " TRY_ADD_HELP);
		return -1;
	}
	if (dir_keyword(argv[1]) >= 0) {
		snprintf(msg, len,
			 "dir add: missing argument NAME before '%s' " TRY_ADD_HELP,
			 argv[1]);
		return -1;
	}
	if (dir_name_check("dir add", argv[1], msg, len) < 0)
		return -1;
	/* mlt_name_check() passed: shorter than MLT_NAME_MAX. */
	snprintf(a->e.name, sizeof(a->e.name), "%s", argv[1]);

	for (i = 2; i < argc; i++) {
		const char *val;

		k = dir_keyword(argv[i]);
		if (k < 0) {
			snprintf(msg, len, "dir add: unknown keyword '%s' " TRY_ADD_HELP,
				 argv[i]);
			return -1;
		}
		if (seen[k]) {
			snprintf(msg, len, "dir add: %s: given twice",
				 dir_kw[k].word);
			return -1;
		}
		seen[k] = 1;
		if (!dir_kw[k].value) {
			a->replace = 1;
			continue;
		}
		if (i + 1 >= argc || dir_keyword(argv[i + 1]) >= 0) {
			snprintf(msg, len, "dir add: %s: missing value %s",
				 dir_kw[k].word, dir_kw[k].value);
			return -1;
		}
		val = argv[++i];
		switch (k) {
		case KW_ADDR:
			if (parse_addrs(val, &a->e, msg, len) < 0)
				return -1;
			break;
		case KW_PORT:
			if (parse_number("dir add", "port", val, 1, 65535, &v,
					 msg, len) < 0)
				return -1;
			a->e.port = (uint16_t)v;
			break;
		case KW_IDENTITY:
			if (parse_key("identity", 0, val, strlen(val),
				      a->e.identity, msg, len) < 0)
				return -1;
			break;
		case KW_EPH:
			if (parse_eph(val, &a->e, msg, len) < 0)
				return -1;
			break;
		case KW_LIFETIME:
			if (parse_number("dir add", "lifetime", val, 1,
					 MLT_DIR_LIFETIME_MAX, &v, msg,
					 len) < 0)
				return -1;
			a->e.lifetime = (uint32_t)v;
			break;
		case KW_ERROR:
			if (parse_error(val, &a->e, msg, len) < 0)
				return -1;
			break;
		default:
			break;
		}
	}
	for (k = 0; k < KW_COUNT; k++) {
		if (seen[KW_ERROR] && dir_kw[k].required && seen[k]) {
			snprintf(msg, len,
				 "dir add: %s: a negative entry ('error') has no addresses, port or keys",
				 dir_kw[k].word);
			return -1;
		}
		if (!seen[KW_ERROR] && dir_kw[k].required && !seen[k]) {
			snprintf(msg, len, "dir add: missing '%s %s' " TRY_ADD_HELP,
				 dir_kw[k].word, dir_kw[k].value);
			return -1;
		}
	}
	return 0;
}
