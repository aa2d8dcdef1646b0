// SPDX-License-Identifier: GPL-2.0
/*
 * The record parser's front (record.h): the "minimalT" object of the node
 * that answers a name (its port, keys and addresses), the record's list
 * of addresses (minimalT's own, else the node's ip/ip6 unless an item
 * suppresses them), and the directory name of a d/ name. Reading the d/
 * value itself (map, "*", map."", import, the suppression rules) is
 * domain.c's and domain_import.c's; see domain.h.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <jansson.h>
#include <sodium.h>

#include "domain.h"
#include "name.h"
#include "record.h"

/* A base64 key of exactly RECORD_KEY_LEN bytes; 0 or -1 with err set. */
static int parse_key(json_t *obj, const char *field, uint8_t *key,
		     char *err, size_t errlen)
{
	json_t *v = json_object_get(obj, field);
	const char *s;
	size_t len = 0;

	if (!v) {
		domain_fail(err, errlen, RECORD_INVALID, "minimalT.%s: missing",
			    field);
		return -1;
	}
	if (!json_is_string(v)) {
		domain_fail(err, errlen, RECORD_INVALID,
			    "minimalT.%s: not a string", field);
		return -1;
	}
	s = json_string_value(v);
	if (sodium_base642bin(key, RECORD_KEY_LEN, s, strlen(s), NULL, &len,
			      NULL, sodium_base64_VARIANT_ORIGINAL) ||
	    len != RECORD_KEY_LEN) {
		domain_fail(err, errlen, RECORD_INVALID,
			    "minimalT.%s: not base64 of %d bytes", field,
			    RECORD_KEY_LEN);
		return -1;
	}
	return 0;
}

/* Append one address to out; 0, or -1 with err set. */
static int put_addr(struct record *out, int family, const uint8_t *addr,
		    const char *where, char *err, size_t errlen)
{
	struct record_addr *a;

	if (out->n_addrs == RECORD_ADDRS_MAX) {
		domain_fail(err, errlen, RECORD_INVALID,
			    "%s: more than %d addresses", where,
			    RECORD_ADDRS_MAX);
		return -1;
	}
	a = &out->addrs[out->n_addrs++];
	memset(a, 0, sizeof(*a));
	a->family = family;
	memcpy(a->addr, addr, family == AF_INET ? 4 : 16);
	return 0;
}

/* One minimalT address string of @family: strict, our own format. */
static int add_addr(struct record *out, int family, const char *where,
		    json_t *v, char *err, size_t errlen)
{
	uint8_t addr[16];

	if (!json_is_string(v)) {
		domain_fail(err, errlen, RECORD_INVALID, "%s: not a string",
			    where);
		return -1;
	}
	if (inet_pton(family, json_string_value(v), addr) != 1) {
		domain_fail(err, errlen, RECORD_INVALID,
			    "%s: \"%.64s\" is not an %s address",
			    where, json_string_value(v),
			    family == AF_INET ? "IPv4" : "IPv6");
		return -1;
	}
	return put_addr(out, family, addr, where, err, errlen);
}

/* minimalT's "ip"/"ip6": a string or an array of strings. */
static int add_addrs(struct record *out, json_t *obj, const char *field,
		     int family, char *err, size_t errlen)
{
	json_t *v = json_object_get(obj, field), *item;
	char where[32];
	size_t i;

	if (!v || json_is_null(v))
		return 0;
	snprintf(where, sizeof(where), "minimalT.%s", field);
	if (!json_is_array(v))
		return add_addr(out, family, where, v, err, errlen);
	json_array_foreach(v, i, item)
		if (add_addr(out, family, where, item, err, errlen))
			return -1;
	return 0;
}

/* The node's own ip/ip6, lists that domain.c has already checked. */
static int own_addrs(struct record *out, json_t *node, char *err,
		     size_t errlen)
{
	static const char *const keys[] = { "ip", "ip6" };
	uint8_t addr[16];
	json_t *item;
	size_t i, k;

	for (k = 0; k < 2; k++) {
		int family = k ? AF_INET6 : AF_INET;

		json_array_foreach(json_object_get(node, keys[k]), i, item)
			if (!domain_item_addr(json_string_value(item), family,
					      addr) &&
			    put_addr(out, family, addr, keys[k], err, errlen))
				return -1;
	}
	return 0;
}

/* The minimalT object @mt: its port, keys and addresses. */
static enum record_result read_minimalt(struct record *out, json_t *mt,
					char *err, size_t errlen)
{
	json_t *port;
	json_int_t p;

	if (!json_is_object(mt))
		return domain_fail(err, errlen, RECORD_INVALID,
				   "minimalT: not an object");
	port = json_object_get(mt, "port");
	if (!port || !json_is_integer(port))
		return domain_fail(err, errlen, RECORD_INVALID,
				   "minimalT.port: %s",
				   port ? "not an integer" : "missing");
	p = json_integer_value(port);
	if (p < 1 || p > 65535)
		return domain_fail(err, errlen, RECORD_INVALID,
				   "minimalT.port: %lld is not 1 to 65535",
				   (long long)p);
	out->port = (uint16_t)p;
	if (parse_key(mt, "id_key", out->id_key, err, errlen) ||
	    parse_key(mt, "eph_key", out->eph_key, err, errlen) ||
	    add_addrs(out, mt, "ip", AF_INET, err, errlen) ||
	    add_addrs(out, mt, "ip6", AF_INET6, err, errlen))
		return RECORD_INVALID;
	return RECORD_OK;
}

/*
 * minimalT at @node, then the addresses: minimalT's, else the node's own
 * unless @why (the item that suppresses them) is set. RECORD_OK or why
 * not.
 */
static enum record_result read_node(struct record *out, json_t *node,
				    const char *why, char *err,
				    size_t errlen)
{
	json_t *mt = json_object_get(node, "minimalT");
	enum record_result r;

	if (!mt || json_is_null(mt))
		return domain_fail(err, errlen, RECORD_NO_MINIMALT,
				   "minimalT: no such item");
	r = read_minimalt(out, mt, err, errlen);
	if (r != RECORD_OK || out->n_addrs)
		return r;
	/* The record's own addresses serve when minimalT names none. */
	if (why && !(domain_lacks(node, "ip") && domain_lacks(node, "ip6")))
		return domain_fail(err, errlen, RECORD_INVALID,
				   "minimalT: no address (the record's ip/ip6 are not used under \"%s\")",
				   why);
	if (!why && own_addrs(out, node, err, errlen))
		return RECORD_INVALID;
	if (!out->n_addrs)
		return domain_fail(err, errlen, RECORD_INVALID,
				   "minimalT: no address (no ip/ip6 in it nor in the record)");
	return RECORD_OK;
}

enum record_result record_parse(const char *value, size_t len,
				struct record *out, char *err, size_t errlen)
{
	return record_parse_sub(value, len, "", out, err, errlen);
}

enum record_result record_parse_sub(const char *value, size_t len,
				    const char *sub, struct record *out,
				    char *err, size_t errlen)
{
	return record_parse_import(value, len, sub, NULL, NULL, out, err,
				   errlen);
}

enum record_result record_parse_import(const char *value, size_t len,
				       const char *sub, record_fetch_t fetch,
				       void *ctx, struct record *out,
				       char *err, size_t errlen)
{
	char warn[sizeof(out->warn)] = "";
	struct domain_answer ans;
	enum record_result r;

	memset(out, 0, sizeof(*out));
	r = domain_resolve(value, len, sub, fetch, ctx, &ans, warn,
			   sizeof(warn), err, errlen);
	if (r == RECORD_OK)
		r = read_node(out, ans.node, ans.why, err, errlen);
	json_decref(ans.tree);
	if (r != RECORD_OK)
		sodium_memzero(out, sizeof(*out));
	memcpy(out->warn, warn, sizeof(out->warn));
	return r;
}

/*
 * What IFA-0001 forbids in a d/ name beyond what mlt_name_check() already
 * refuses (case, characters, a '-' at either end, length): "--" other
 * than the "xn--" prefix, and a wholly numeric name, kept for epochs.
 */
static const char *ifa_label_check(const char *label)
{
	const char *p = label;

	if (!strncmp(p, "xn--", 4))
		p += 4;
	if (*p == '-' || strstr(p, "--"))
		return "\"--\" other than an \"xn--\" prefix (IFA-0001)";
	if (strspn(label, "0123456789") == strlen(label))
		return "wholly numeric, which IFA-0001 reserves";
	return NULL;
}

int record_dir_name(const char *nmc_name, char *out, size_t outlen,
		    char *err, size_t errlen)
{
	size_t len = strlen(nmc_name);
	const char *why;

	if (len < 3 || strncmp(nmc_name, "d/", 2)) {
		domain_fail(err, errlen, RECORD_INVALID,
			    "name: \"%.64s\" is not in the d/ namespace",
			    nmc_name);
		return -1;
	}
	if (strchr(nmc_name + 2, '.')) {
		domain_fail(err, errlen, RECORD_INVALID,
			    "name: \"%.64s\" has a dot after d/", nmc_name);
		return -1;
	}
	if (snprintf(out, outlen, "%s.bit", nmc_name + 2) >= (int)outlen) {
		domain_fail(err, errlen, RECORD_INVALID, "name: too long");
		return -1;
	}
	why = mlt_name_check(out, strlen(out));
	if (!why)
		why = ifa_label_check(nmc_name + 2);
	if (why) {
		domain_fail(err, errlen, RECORD_INVALID, "name: \"%.64s\": %s",
			    nmc_name, why);
		return -1;
	}
	return 0;
}
