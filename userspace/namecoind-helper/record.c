// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing the minimalT object of a Namecoin d/ value; see record.h.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <jansson.h>
#include <sodium.h>

#include "name.h"
#include "record.h"

static enum record_result fail(char *err, size_t errlen,
			       enum record_result r, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum record_result fail(char *err, size_t errlen,
			       enum record_result r, const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return r;
}

/* A base64 key of exactly RECORD_KEY_LEN bytes; 0 or -1 with err set. */
static int parse_key(json_t *obj, const char *field, uint8_t *key,
		     char *err, size_t errlen)
{
	json_t *v = json_object_get(obj, field);
	const char *s;
	size_t len = 0;

	if (!v) {
		fail(err, errlen, RECORD_INVALID, "minimalT.%s: missing", field);
		return -1;
	}
	if (!json_is_string(v)) {
		fail(err, errlen, RECORD_INVALID,
		     "minimalT.%s: not a string", field);
		return -1;
	}
	s = json_string_value(v);
	if (sodium_base642bin(key, RECORD_KEY_LEN, s, strlen(s), NULL, &len,
			      NULL, sodium_base64_VARIANT_ORIGINAL) ||
	    len != RECORD_KEY_LEN) {
		fail(err, errlen, RECORD_INVALID,
		     "minimalT.%s: not base64 of %d bytes", field,
		     RECORD_KEY_LEN);
		return -1;
	}
	return 0;
}

/* One address string of @family; 0, or -1 with err set. */
static int add_addr(struct record *out, int family, const char *where,
		    json_t *v, char *err, size_t errlen)
{
	struct record_addr *a;

	if (!json_is_string(v)) {
		fail(err, errlen, RECORD_INVALID, "%s: not a string", where);
		return -1;
	}
	if (out->n_addrs == RECORD_ADDRS_MAX) {
		fail(err, errlen, RECORD_INVALID,
		     "%s: more than %d addresses", where, RECORD_ADDRS_MAX);
		return -1;
	}
	a = &out->addrs[out->n_addrs];
	memset(a, 0, sizeof(*a));
	a->family = family;
	if (inet_pton(family, json_string_value(v), a->addr) != 1) {
		fail(err, errlen, RECORD_INVALID, "%s: \"%.64s\" is not an %s address",
		     where, json_string_value(v),
		     family == AF_INET ? "IPv4" : "IPv6");
		return -1;
	}
	out->n_addrs++;
	return 0;
}

/* "ip"/"ip6" of @obj: a string or an array of strings. */
static int add_addrs(struct record *out, json_t *obj, const char *prefix,
		     const char *field, int family, char *err, size_t errlen)
{
	json_t *v = json_object_get(obj, field), *item;
	char where[64];
	size_t i;

	if (!v)
		return 0;
	snprintf(where, sizeof(where), "%s%s", prefix, field);
	if (!json_is_array(v))
		return add_addr(out, family, where, v, err, errlen);
	json_array_foreach(v, i, item)
		if (add_addr(out, family, where, item, err, errlen))
			return -1;
	return 0;
}

/* {"ip": s} for a string, a new reference to an object, else NULL. */
static json_t *as_object(json_t *v)
{
	if (json_is_string(v))
		return json_pack("{sO}", "ip", v);
	if (json_is_object(v))
		return json_incref(v);
	return NULL;
}

/*
 * The object that describes @obj itself: a copy with map."" merged in,
 * own items winning. A new reference, or NULL if map."" is malformed.
 */
static json_t *merge_self(json_t *obj, char *err, size_t errlen)
{
	json_t *map = json_object_get(obj, "map"), *self, *copy;

	copy = json_copy(obj);
	if (!copy || !json_is_object(map) || !json_object_get(map, ""))
		return copy;
	self = as_object(json_object_get(map, ""));
	if (!self) {
		json_decref(copy);
		fail(err, errlen, RECORD_INVALID,
		     "map.\"\": neither an object nor a string");
		return NULL;
	}
	json_object_update_missing(copy, self);
	json_decref(self);
	return copy;
}

struct importer {
	record_fetch_t fetch;
	void *ctx;
	const char *stack[RECORD_IMPORT_DEPTH];
	int depth;
	char *warn;
	size_t warnlen;
};

static void warn(struct importer *im, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(struct importer *im, const char *fmt, ...)
{
	size_t used = strlen(im->warn);
	va_list ap;

	if (used && used + 2 < im->warnlen) {
		strcat(im->warn, "; ");
		used += 2;
	}
	va_start(ap, fmt);
	vsnprintf(im->warn + used, im->warnlen - used, fmt, ap);
	va_end(ap);
}

static json_t *descend(json_t *root, const char *sub, char *err,
		       size_t errlen);
static json_t *expand(json_t *obj, struct importer *im);

/* The items that importing @name (at subdomain @sel) brings, or NULL. */
static json_t *import_one(struct importer *im, const char *name,
			  const char *sel)
{
	char buf[RECORD_VALUE_MAX + 1], err[128];
	json_t *v, *x, *at;
	int i, n;

	if (im->depth == RECORD_IMPORT_DEPTH) {
		warn(im, "import %.64s: deeper than %d", name,
		     RECORD_IMPORT_DEPTH);
		return NULL;
	}
	for (i = 0; i < im->depth; i++) {
		if (!strcmp(im->stack[i], name)) {
			warn(im, "import %.64s: a loop", name);
			return NULL;
		}
	}
	if (!im->fetch) {
		warn(im, "import %.64s: no node to ask", name);
		return NULL;
	}
	n = im->fetch(name, buf, sizeof(buf), im->ctx);
	if (n < 0 || n > RECORD_VALUE_MAX) {
		warn(im, "import %.64s: cannot be fetched", name);
		return NULL;
	}
	v = json_loadb(buf, (size_t)n, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(v)) {
		json_decref(v);
		warn(im, "import %.64s: not a JSON object", name);
		return NULL;
	}
	im->stack[im->depth++] = name;
	x = expand(v, im);
	im->depth--;
	json_decref(v);
	if (!x)
		return NULL;
	at = descend(x, sel, err, sizeof(err));
	json_decref(x);
	if (!at)
		warn(im, "import %.64s: %s", name, err);
	return at;
}

/* A copy of @obj with its "import" resolved, own items winning. */
static json_t *expand(json_t *obj, struct importer *im)
{
	json_t *imp = json_object_get(obj, "import"), *copy, *item, *got;
	size_t i;

	copy = json_copy(obj);
	if (!copy || !imp)
		return copy;
	json_object_del(copy, "import");
	if (json_is_string(imp)) {
		got = import_one(im, json_string_value(imp), "");
		if (got)
			json_object_update_missing(copy, got);
		json_decref(got);
		return copy;
	}
	if (!json_is_array(imp)) {
		warn(im, "import: neither a name nor a list");
		return copy;
	}
	json_array_foreach(imp, i, item) {
		const char *name = NULL, *sel = "";

		if (json_is_string(item)) {
			name = json_string_value(item);
		} else if (json_is_array(item) && json_array_size(item) >= 1 &&
			   json_is_string(json_array_get(item, 0))) {
			name = json_string_value(json_array_get(item, 0));
			if (json_is_string(json_array_get(item, 1)))
				sel = json_string_value(json_array_get(item, 1));
		}
		if (!name) {
			warn(im, "import[%zu]: not a name", i);
			continue;
		}
		got = import_one(im, name, sel);
		if (got)
			json_object_update_missing(copy, got);
		json_decref(got);
	}
	return copy;
}

/* Walk "map" down the labels of @sub, rightmost first. */
static json_t *descend(json_t *root, const char *sub, char *err,
		       size_t errlen)
{
	json_t *cur = merge_self(root, err, errlen);
	const char *end = sub + strlen(sub);

	while (cur && end > sub) {
		const char *start = end;
		json_t *map, *next;
		char label[64];

		while (start > sub && start[-1] != '.')
			start--;
		if (end - start < 1 || end - start >= (long)sizeof(label)) {
			fail(err, errlen, RECORD_INVALID,
			     "name: a label is empty or too long");
			json_decref(cur);
			return NULL;
		}
		memcpy(label, start, (size_t)(end - start));
		label[end - start] = 0;
		end = start > sub ? start - 1 : start;

		map = json_object_get(cur, "map");
		next = json_is_object(map) ? json_object_get(map, label) : NULL;
		if (!next && json_is_object(map))
			next = json_object_get(map, "*");
		json_decref(cur);
		if (!next) {
			fail(err, errlen, RECORD_NO_MINIMALT,
			     "map.%s: no such subdomain", label);
			return NULL;
		}
		next = as_object(next);
		if (!next) {
			fail(err, errlen, RECORD_INVALID,
			     "map.%s: neither an object nor a string", label);
			return NULL;
		}
		cur = merge_self(next, err, errlen);
		json_decref(next);
	}
	return cur;
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
	struct importer im = { .fetch = fetch, .ctx = ctx };
	enum record_result r = RECORD_INVALID;
	json_t *root, *mt, *port, *top;
	char warnbuf[sizeof(out->warn)] = "";
	json_error_t jerr;
	json_int_t p;

	memset(out, 0, sizeof(*out));
	if (len > RECORD_VALUE_MAX)
		return fail(err, errlen, RECORD_INVALID,
			    "value: %zu bytes, more than %d", len,
			    RECORD_VALUE_MAX);
	root = json_loadb(value, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return fail(err, errlen, RECORD_INVALID,
			    "value: not JSON (%s at byte %d)", jerr.text,
			    jerr.position);
	if (!json_is_object(root)) {
		fail(err, errlen, RECORD_INVALID, "value: not a JSON object");
		goto out;
	}
	im.warn = warnbuf;
	im.warnlen = sizeof(warnbuf);
	top = expand(root, &im);
	json_decref(root);
	root = top;
	if (!root) {
		fail(err, errlen, RECORD_INVALID, "value: out of memory");
		return RECORD_INVALID;
	}
	top = descend(root, sub, err, errlen);
	if (!top) {
		r = strstr(err, "no such subdomain") ? RECORD_NO_MINIMALT :
						      RECORD_INVALID;
		goto out;
	}
	json_decref(root);
	root = top;
	mt = json_object_get(root, "minimalT");
	if (!mt) {
		r = fail(err, errlen, RECORD_NO_MINIMALT,
			 "minimalT: no such item");
		goto out;
	}
	if (!json_is_object(mt)) {
		fail(err, errlen, RECORD_INVALID, "minimalT: not an object");
		goto out;
	}
	port = json_object_get(mt, "port");
	if (!port || !json_is_integer(port)) {
		fail(err, errlen, RECORD_INVALID,
		     "minimalT.port: %s", port ? "not an integer" : "missing");
		goto out;
	}
	p = json_integer_value(port);
	if (p < 1 || p > 65535) {
		fail(err, errlen, RECORD_INVALID,
		     "minimalT.port: %lld is not 1 to 65535", (long long)p);
		goto out;
	}
	out->port = (uint16_t)p;
	if (parse_key(mt, "id_key", out->id_key, err, errlen) ||
	    parse_key(mt, "eph_key", out->eph_key, err, errlen))
		goto out;
	if (add_addrs(out, mt, "minimalT.", "ip", AF_INET, err, errlen) ||
	    add_addrs(out, mt, "minimalT.", "ip6", AF_INET6, err, errlen))
		goto out;
	/* The record's own addresses serve when minimalT names none. */
	if (!out->n_addrs &&
	    (add_addrs(out, root, "", "ip", AF_INET, err, errlen) ||
	     add_addrs(out, root, "", "ip6", AF_INET6, err, errlen)))
		goto out;
	if (!out->n_addrs) {
		fail(err, errlen, RECORD_INVALID,
		     "minimalT: no address (no ip/ip6 in it nor in the record)");
		goto out;
	}
	r = RECORD_OK;
out:
	json_decref(root);
	if (r != RECORD_OK)
		sodium_memzero(out, sizeof(*out));
	memcpy(out->warn, warnbuf, sizeof(out->warn));
	return r;
}

int record_dir_name(const char *nmc_name, char *out, size_t outlen,
		    char *err, size_t errlen)
{
	size_t len = strlen(nmc_name);
	const char *why;

	if (len < 3 || strncmp(nmc_name, "d/", 2)) {
		fail(err, errlen, RECORD_INVALID,
		     "name: \"%.64s\" is not in the d/ namespace", nmc_name);
		return -1;
	}
	if (strchr(nmc_name + 2, '.')) {
		fail(err, errlen, RECORD_INVALID,
		     "name: \"%.64s\" has a dot after d/", nmc_name);
		return -1;
	}
	if (snprintf(out, outlen, "%s.bit", nmc_name + 2) >= (int)outlen) {
		fail(err, errlen, RECORD_INVALID, "name: too long");
		return -1;
	}
	why = mlt_name_check(out, strlen(out));
	if (why) {
		fail(err, errlen, RECORD_INVALID, "name: \"%.64s\": %s",
		     nmc_name, why);
		return -1;
	}
	return 0;
}

char *record_publish_value(const char *old, size_t len, uint16_t port,
			   const uint8_t id_key[RECORD_KEY_LEN],
			   const uint8_t eph_key[RECORD_KEY_LEN],
			   const char *ip, char *err, size_t errlen)
{
	char id64[sodium_base64_ENCODED_LEN(RECORD_KEY_LEN,
					    sodium_base64_VARIANT_ORIGINAL)];
	char eph64[sizeof(id64)];
	json_t *root = NULL, *mt;
	json_error_t jerr;
	char *out = NULL;
	size_t n;

	if (len) {
		root = json_loadb(old, len, JSON_REJECT_DUPLICATES, &jerr);
		if (!json_is_object(root)) {
			snprintf(err, errlen,
				 "value: the name's value is not a JSON object; not overwriting it");
			goto out;
		}
	} else {
		root = json_object();
	}
	sodium_bin2base64(id64, sizeof(id64), id_key, RECORD_KEY_LEN,
			  sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(eph64, sizeof(eph64), eph_key, RECORD_KEY_LEN,
			  sodium_base64_VARIANT_ORIGINAL);
	mt = json_pack("{s:i, s:s, s:s}", "port", port, "id_key", id64,
		       "eph_key", eph64);
	if (mt && ip && ip[0] &&
	    json_object_set_new(mt, strchr(ip, ':') ? "ip6" : "ip",
				json_string(ip))) {
		json_decref(mt);
		mt = NULL;
	}
	if (!root || !mt || json_object_set_new(root, "minimalT", mt)) {
		snprintf(err, errlen, "value: out of memory");
		goto out;
	}
	out = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (!out) {
		snprintf(err, errlen, "value: out of memory");
		goto out;
	}
	n = strlen(out);
	if (n > RECORD_WALLET_MAX) {
		snprintf(err, errlen,
			 "value: %zu bytes with minimalT, more than the %d a wallet may publish",
			 n, RECORD_WALLET_MAX);
		free(out);
		out = NULL;
	}
out:
	json_decref(root);
	return out;
}
