// SPDX-License-Identifier: GPL-2.0
/*
 * mltctl dir add|del|show: the namespace's directory of named servers
 * (MLT_CMD_DIR_ADD, MLT_CMD_DIR_DEL, MLT_CMD_DIR_GET).
 *
 * Names are checked with the kernel's own code (kernel/name.c, built into
 * mltctl), so that a name mltctl accepts is one the kernel accepts and the
 * reasons given are the same words.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/minimalt.h>

#include "dir.h"
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

static const struct {
	const char *name;
	const char *text;
} dir_errors[] = {
	[MLT_DIR_ERR_NO_NAME]	  = { "no-name", "no such name" },
	[MLT_DIR_ERR_EXPIRED]	  = { "expired", "the name expired" },
	[MLT_DIR_ERR_NO_RECORD]	  = { "no-record", "the name publishes no minimalT record" },
	[MLT_DIR_ERR_INVALID]	  = { "invalid", "the name's minimalT record is malformed" },
	[MLT_DIR_ERR_UNAVAILABLE] = { "unavailable", "the name service is unavailable" },
};

#define N_DIR_ERRORS	(sizeof(dir_errors) / sizeof(dir_errors[0]))

const char *dir_error_name(uint32_t error)
{
	return error && error < N_DIR_ERRORS ? dir_errors[error].name : NULL;
}

const char *dir_error_text(uint32_t error)
{
	return error && error < N_DIR_ERRORS ? dir_errors[error].text :
	       "an unknown reason";
}

static int parse_error(const char *text, struct dir_entry *d, char *msg,
		       size_t len)
{
	char q[QUOTE_BUF];
	uint32_t i;

	for (i = 1; i < N_DIR_ERRORS; i++) {
		if (!strcmp(text, dir_errors[i].name)) {
			d->error = i;
			return 0;
		}
	}
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

static int parse_addrs(const char *text, struct dir_entry *d, char *msg,
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
		struct dir_addr *a = &d->addrs[i];

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

static int parse_eph(const char *text, struct dir_entry *d, char *msg,
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

void dir_add_put(struct nlmsghdr *nlh, const struct dir_add_args *a)
{
	const struct dir_entry *d = &a->e;
	struct nlattr *nest;
	unsigned int i;

	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, d->name);
	if (d->error) {
		mnl_attr_put_u32(nlh, MLT_A_DIR_ERROR, d->error);
		goto common;
	}
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_ADDRS);
	for (i = 0; i < d->n_addrs; i++)
		mnl_attr_put(nlh, MLT_ITEM_ADDR, d->addrs[i].len,
			     d->addrs[i].bytes);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u16(nlh, MLT_A_DIR_PORT, d->port);
	mnl_attr_put(nlh, MLT_A_DIR_IDENTITY, KEY_LEN, d->identity);
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_EPH_KEYS);
	for (i = 0; i < d->n_eph; i++)
		mnl_attr_put(nlh, MLT_ITEM_KEY, KEY_LEN, d->eph[i]);
	mnl_attr_nest_end(nlh, nest);
common:
	if (d->lifetime)
		mnl_attr_put_u32(nlh, MLT_A_DIR_LIFETIME, d->lifetime);
	/* A flag attribute: the kernel does not look at NLM_F_REPLACE. */
	if (a->replace)
		mnl_attr_put(nlh, MLT_A_DIR_REPLACE, 0, NULL);
}

/* Bits of the attributes a reply must have. */
enum {
	HAVE_NAME	= 1 << 0,
	HAVE_ADDRS	= 1 << 1,
	HAVE_PORT	= 1 << 2,
	HAVE_IDENTITY	= 1 << 3,
	HAVE_EPH	= 1 << 4,
	HAVE_LIFETIME	= 1 << 5,
};

static int parse_addr_list(const struct nlattr *nest, struct dir_entry *d,
			   struct genl_err *e)
{
	const struct nlattr *item;
	unsigned int l;

	d->n_addrs = 0;
	mnl_attr_for_each_nested(item, nest) {
		if (mnl_attr_get_type(item) != MLT_ITEM_ADDR)
			continue;
		l = mnl_attr_get_payload_len(item);
		if (l != 4 && l != 16) {
			genl_reply_error(e, "address is %u bytes, expected 4 or 16",
					 l);
			return -1;
		}
		if (d->n_addrs == MLT_DIR_ADDRS_MAX) {
			genl_reply_error(e, "more than %d addresses",
					 MLT_DIR_ADDRS_MAX);
			return -1;
		}
		d->addrs[d->n_addrs].len = (uint8_t)l;
		memcpy(d->addrs[d->n_addrs].bytes, mnl_attr_get_payload(item), l);
		d->n_addrs++;
	}
	return 0;
}

static int parse_key_list(const struct nlattr *nest, struct dir_entry *d,
			  struct genl_err *e)
{
	const struct nlattr *item;

	d->n_eph = 0;
	mnl_attr_for_each_nested(item, nest) {
		if (mnl_attr_get_type(item) != MLT_ITEM_KEY)
			continue;
		if (mnl_attr_get_payload_len(item) != KEY_LEN) {
			genl_reply_error(e, "ephemeral key is %u bytes, expected %d",
					 mnl_attr_get_payload_len(item), KEY_LEN);
			return -1;
		}
		if (d->n_eph == MLT_DIR_EPH_KEYS_MAX) {
			genl_reply_error(e, "more than %d ephemeral keys",
					 MLT_DIR_EPH_KEYS_MAX);
			return -1;
		}
		memcpy(d->eph[d->n_eph++], mnl_attr_get_payload(item), KEY_LEN);
	}
	return 0;
}

int dir_entry_parse(const struct nlmsghdr *nlh, struct dir_entry *d,
		    struct genl_err *e)
{
	static const struct {
		unsigned int bit;
		const char *what;
	} required[] = {
		{ HAVE_ADDRS, "addresses" },
		{ HAVE_PORT, "port" },
		{ HAVE_IDENTITY, "identity key" },
		{ HAVE_EPH, "ephemeral keys" },
		{ HAVE_LIFETIME, "lifetime" },
	};
	const struct nlattr *attr;
	unsigned int have = 0, l;
	size_t i;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr)) {
		genl_reply_error(e, "message too short");
		return -1;
	}
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		l = mnl_attr_get_payload_len(attr);
		switch (mnl_attr_get_type(attr)) {
		case MLT_A_DIR_NAME:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 ||
			    l > MLT_NAME_MAX || !mnl_attr_get_str(attr)[0]) {
				genl_reply_error(e, "directory name is not a string of 1 to %d bytes",
						 MLT_NAME_MAX - 1);
				return -1;
			}
			snprintf(d->name, sizeof(d->name), "%s",
				 mnl_attr_get_str(attr));
			have |= HAVE_NAME;
			break;
		case MLT_A_DIR_ADDRS:
			if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0) {
				genl_reply_error(e, "address list is not a nest");
				return -1;
			}
			if (parse_addr_list(attr, d, e) < 0)
				return -1;
			have |= HAVE_ADDRS;
			break;
		case MLT_A_DIR_PORT:
			if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0) {
				genl_reply_error(e, "port is %u bytes, expected 2", l);
				return -1;
			}
			d->port = mnl_attr_get_u16(attr);
			have |= HAVE_PORT;
			break;
		case MLT_A_DIR_IDENTITY:
			if (l != KEY_LEN) {
				genl_reply_error(e, "identity key is %u bytes, expected %d",
						 l, KEY_LEN);
				return -1;
			}
			memcpy(d->identity, mnl_attr_get_payload(attr), KEY_LEN);
			have |= HAVE_IDENTITY;
			break;
		case MLT_A_DIR_EPH_KEYS:
			if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0) {
				genl_reply_error(e, "ephemeral key list is not a nest");
				return -1;
			}
			if (parse_key_list(attr, d, e) < 0)
				return -1;
			have |= HAVE_EPH;
			break;
		case MLT_A_DIR_ERROR:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0 ||
			    !mnl_attr_get_u32(attr)) {
				genl_reply_error(e, "negative entry without a reason");
				return -1;
			}
			d->error = mnl_attr_get_u32(attr);
			break;
		case MLT_A_DIR_LIFETIME:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0) {
				genl_reply_error(e, "lifetime is %u bytes, expected 4", l);
				return -1;
			}
			d->lifetime = mnl_attr_get_u32(attr);
			have |= HAVE_LIFETIME;
			break;
		default:
			/* Newer kernel, newer attribute: ignore it. */
			break;
		}
	}
	if (!(have & HAVE_NAME)) {
		genl_reply_error(e, "directory entry without a name");
		return -1;
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		if (d->error && required[i].bit != HAVE_LIFETIME)
			continue;
		if (!(have & required[i].bit)) {
			genl_reply_error(e, "directory entry \"%s\" without %s",
					 d->name, required[i].what);
			return -1;
		}
	}
	return 0;
}

static void addr_text(const struct dir_addr *a, char buf[INET6_ADDRSTRLEN])
{
	if (!inet_ntop(a->len == 4 ? AF_INET : AF_INET6, a->bytes, buf,
		       INET6_ADDRSTRLEN))
		snprintf(buf, INET6_ADDRSTRLEN, "?");
}

void dir_print(FILE *f, const struct dir_entry *d, size_t n)
{
	char addr[INET6_ADDRSTRLEN], b64[KEY_B64_LEN + 1];
	unsigned int j;
	size_t i;

	for (i = 0; i < n; i++, d++) {
		if (i)
			fputc('\n', f);
		fprintf(f, "name: %s\n", d->name);
		if (d->error) {
			fprintf(f, "  negative: %s\n  expires in %us\n",
				dir_error_text(d->error), d->lifetime);
			continue;
		}
		fputs("  addresses:", f);
		for (j = 0; j < d->n_addrs; j++) {
			addr_text(&d->addrs[j], addr);
			fprintf(f, "%s %s", j ? "," : "", addr);
		}
		fprintf(f, "\n  port: %u\n", d->port);
		key_to_base64(b64, d->identity);
		fprintf(f, "  identity: %s\n", b64);
		fputs("  eph keys:", f);
		for (j = 0; j < d->n_eph; j++) {
			key_to_base64(b64, d->eph[j]);
			fprintf(f, "%s %s", j ? "," : "", b64);
		}
		fprintf(f, "\n  expires in %us\n", d->lifetime);
	}
}

static json_t *entry_json(const struct dir_entry *d)
{
	char addr[INET6_ADDRSTRLEN], b64[KEY_B64_LEN + 1];
	json_t *obj = json_object(), *addrs = json_array(), *keys = json_array();
	unsigned int j;

	if (!obj || !addrs || !keys)
		goto oom;
	if (d->error) {
		json_decref(addrs);
		json_decref(keys);
		addrs = keys = NULL;
		if (json_object_set_new(obj, "name", json_string(d->name)) ||
		    json_object_set_new(obj, "error",
					json_string(dir_error_name(d->error) ?
						    dir_error_name(d->error) :
						    "unknown")) ||
		    json_object_set_new(obj, "expires_in",
					json_integer(d->lifetime)))
			goto oom;
		return obj;
	}
	for (j = 0; j < d->n_addrs; j++) {
		addr_text(&d->addrs[j], addr);
		if (json_array_append_new(addrs, json_string(addr)))
			goto oom;
	}
	for (j = 0; j < d->n_eph; j++) {
		key_to_base64(b64, d->eph[j]);
		if (json_array_append_new(keys, json_string(b64)))
			goto oom;
	}
	key_to_base64(b64, d->identity);
	if (json_object_set_new(obj, "name", json_string(d->name)) ||
	    json_object_set(obj, "addresses", addrs) ||
	    json_object_set_new(obj, "port", json_integer(d->port)) ||
	    json_object_set_new(obj, "identity", json_string(b64)) ||
	    json_object_set(obj, "eph_keys", keys) ||
	    json_object_set_new(obj, "expires_in", json_integer(d->lifetime)))
		goto oom;
	json_decref(addrs);
	json_decref(keys);
	return obj;
oom:
	json_decref(obj);
	json_decref(addrs);
	json_decref(keys);
	return NULL;
}

json_t *dir_json(const struct dir_entry *d, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	if (!arr)
		return NULL;
	for (i = 0; i < n; i++) {
		if (json_array_append_new(arr, entry_json(&d[i]))) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct dir_entry *)a)->name,
		      ((const struct dir_entry *)b)->name);
}

void dir_sort(struct dir_entry *d, size_t n)
{
	if (n > 1)
		qsort(d, n, sizeof(*d), cmp_name);
}

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
		"add and del need CAP_NET_ADMIN.\n",
		PROG_NAME, DIR_ADD_USAGE, PROG_NAME, DIR_DEL_USAGE,
		PROG_NAME, DIR_SHOW_USAGE, PROG_NAME, DIR_RESOLVE_USAGE,
		MLT_DIR_LIFETIME_MAX,
		MLT_DIR_LIFETIME_DEFAULT);
}

static int dir_add(int argc, char **argv)
{
	_Alignas(uint64_t) char buf[1024];
	struct dir_add_args a;
	char msg[DIR_MSG_MAX], q[QUOTE_BUF];
	struct genl_sock g;
	struct genl_err e;
	struct nlmsghdr *nlh;
	int ret;

	if (dir_add_parse(argc, argv, &a, msg, sizeof(msg)) < 0) {
		err_msg("%s", msg);
		return MLTCTL_EXIT_USAGE;
	}
	if (a.help) {
		dir_usage(stdout);
		return MLTCTL_EXIT_OK;
	}
	if (genl_open(&g, &e) < 0)
		return genl_report(&e, "dir add");
	nlh = genl_msg_start(&g, buf, MLT_CMD_DIR_ADD);
	dir_add_put(nlh, &a);
	ret = genl_request(&g, nlh, NULL, NULL, &e);
	genl_close(&g);
	if (ret == 0)
		return MLTCTL_EXIT_OK;
	if (e.stage == GENL_STAGE_KERNEL && e.errnum == EEXIST) {
		err_msg("dir add: an entry named %s exists (add 'replace' to replace it)",
			quote_arg(q, sizeof(q), a.e.name));
		return MLTCTL_EXIT_KERNEL;
	}
	return genl_report(&e, "dir add");
}

/* The one line for ENOENT on a name, or genl_report()'s. */
static int name_report(const struct genl_err *e, const char *what,
		       const char *name)
{
	char q[QUOTE_BUF];

	if (e->stage == GENL_STAGE_KERNEL && e->errnum == ENOENT) {
		err_msg("%s: no entry named %s", what,
			quote_arg(q, sizeof(q), name));
		return MLTCTL_EXIT_KERNEL;
	}
	return genl_report(e, what);
}

static int dir_del(int argc, char **argv)
{
	_Alignas(uint64_t) char buf[512];
	char msg[DIR_MSG_MAX];
	struct genl_sock g;
	struct genl_err e;
	struct nlmsghdr *nlh;
	int ret;

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
	if (genl_open(&g, &e) < 0)
		return genl_report(&e, "dir del");
	nlh = genl_msg_start(&g, buf, MLT_CMD_DIR_DEL);
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, argv[1]);
	ret = genl_request(&g, nlh, NULL, NULL, &e);
	genl_close(&g);
	if (ret < 0)
		return name_report(&e, "dir del", argv[1]);
	return MLTCTL_EXIT_OK;
}

/* The entries of a DIR_GET reply or dump, as they arrive. */
struct dir_list {
	struct dir_entry *v;
	size_t n, cap;
	struct genl_err *e;
};

static int dir_list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dir_list *l = data;
	struct dir_entry *v = grow_array(l->v, &l->cap, l->n, sizeof(*v));

	if (!v) {
		genl_reply_error(l->e, "out of memory");
		return MNL_CB_ERROR;
	}
	l->v = v;
	memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
	if (dir_entry_parse(nlh, &l->v[l->n], l->e) < 0)
		return MNL_CB_ERROR;
	l->n++;
	return MNL_CB_OK;
}

static int dir_show(int argc, char **argv)
{
	_Alignas(uint64_t) char buf[512];
	struct dir_list l = { 0 };
	char msg[DIR_MSG_MAX];
	const char *name = NULL;
	struct genl_sock g;
	struct genl_err e;
	struct nlmsghdr *nlh;
	int json = 0, i, ret;

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

	if (genl_open(&g, &e) < 0)
		return genl_report(&e, "dir show");
	l.e = &e;
	nlh = genl_msg_start(&g, buf, MLT_CMD_DIR_GET);
	if (name) {
		mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, name);
		ret = genl_request(&g, nlh, dir_list_cb, &l, &e);
	} else {
		ret = genl_dump(&g, nlh, dir_list_cb, &l, &e);
	}
	genl_close(&g);
	if (ret < 0) {
		free(l.v);
		return name ? name_report(&e, "dir show", name)
			    : genl_report(&e, "dir show");
	}

	dir_sort(l.v, l.n);
	ret = MLTCTL_EXIT_OK;
	if (!json)
		dir_print(stdout, l.v, l.n);
	else
		ret = print_json(dir_json(l.v, l.n), "dir show");
	free(l.v);
	return ret;
}

/* What dir resolve hears: the kernel's reply, then the resolver's answer. */
struct resolve_wait {
	const char *name;
	struct genl_err *e;
	uint32_t left_ms;	/* until the request times out */
	int answered;
	struct dir_entry d;	/* the answer */
};

/*
 * MLT_CMD_RESOLVE's reply gives the time left; the answer is the
 * MLT_CMD_DIR_ADD_NTF for the name, which may come before that reply.
 */
static int resolve_wait_cb(const struct nlmsghdr *nlh, void *data)
{
	struct resolve_wait *w = data;
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	int replied = 0;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl)) {
		genl_reply_error(w->e, "message without a generic netlink header");
		return MNL_CB_ERROR;
	}
	if (genl->cmd == MLT_CMD_RESOLVE) {
		mnl_attr_for_each(attr, nlh, sizeof(*genl)) {
			if (mnl_attr_get_type(attr) != MLT_A_RESOLVE_TIMEOUT)
				continue;
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0) {
				genl_reply_error(w->e, "resolve timeout attribute is %u bytes, expected 4",
						 mnl_attr_get_payload_len(attr));
				return MNL_CB_ERROR;
			}
			w->left_ms = mnl_attr_get_u32(attr);
			replied = 1;
		}
		if (!replied) {
			genl_reply_error(w->e, "no resolve timeout in the reply");
			return MNL_CB_ERROR;
		}
		return MNL_CB_OK;
	}
	if (genl->cmd != MLT_CMD_DIR_ADD_NTF)
		return MNL_CB_OK;
	memset(&w->d, 0, sizeof(w->d));
	if (dir_entry_parse(nlh, &w->d, w->e) < 0)
		return MNL_CB_ERROR;
	if (strcmp(w->d.name, w->name))
		return MNL_CB_OK;	/* another name's news */
	w->answered = 1;
	return MNL_CB_STOP;
}

/*
 * Ask the resolver for NAME (MLT_CMD_RESOLVE) and wait, in the "dir"
 * group joined first, for the entry it installs; print it. A negative
 * entry is an answer too, but the exit status says the name cannot be
 * reached.
 */
static int dir_resolve(int argc, char **argv)
{
	_Alignas(uint64_t) char buf[512];
	char msg[DIR_MSG_MAX], q[QUOTE_BUF];
	struct resolve_wait w = { 0 };
	const char *name = NULL;
	struct genl_sock g;
	struct genl_err e;
	struct nlmsghdr *nlh;
	int json = 0, i, ret;

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

	if (genl_open(&g, &e) < 0)
		return genl_report(&e, "dir resolve");
	w.name = name;
	w.e = &e;
	ret = genl_join(&g, MLT_MCGRP_DIR, &e);
	if (!ret) {
		nlh = genl_msg_start(&g, buf, MLT_CMD_RESOLVE);
		mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, name);
		ret = genl_request(&g, nlh, resolve_wait_cb, &w, &e);
	}
	/* A little past the kernel's deadline: the answer may be on its way. */
	if (!ret && !w.answered)
		ret = genl_wait(&g, resolve_wait_cb, &w, w.left_ms + 500, &e);
	genl_close(&g);
	if (ret < 0)
		return genl_report(&e, "dir resolve");
	if (!w.answered) {
		err_msg("dir resolve: %s: the resolver did not answer within %" PRIu32 " ms",
			quote_arg(q, sizeof(q), name), w.left_ms);
		return MLTCTL_EXIT_KERNEL;
	}
	ret = MLTCTL_EXIT_OK;
	if (!json)
		dir_print(stdout, &w.d, 1);
	else
		ret = print_json(dir_json(&w.d, 1), "dir resolve");
	if (w.d.error) {
		err_msg("dir resolve: %s: %s", quote_arg(q, sizeof(q), name),
			dir_error_text(w.d.error));
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
