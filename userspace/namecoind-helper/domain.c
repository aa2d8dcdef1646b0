// SPDX-License-Identifier: GPL-2.0
/*
 * A Namecoin d/ value as an IFA-0001 domain object: the tree of the items
 * that matter here, "map" walked label by label ("" filling what its
 * parent lacks, "*" answering as a DNS wildcard), and the suppression
 * rules of ns, translate, alias and delegate that decide whether the
 * record's own ip/ip6 may serve. "import" is domain_import.c's; minimalT
 * is record.c's. See domain.h for the two passes and record.h for the
 * rules and where each comes from.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <jansson.h>

#include "domain.h"

enum record_result domain_fail(char *err, size_t errlen,
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

int domain_item_addr(const char *s, int family, uint8_t out[16])
{
	uint8_t a6[16];

	if (family == AF_INET && inet_pton(AF_INET, s, out) == 1)
		return 0;
	if (inet_pton(AF_INET6, s, a6) != 1)
		return -1;
	if (IN6_IS_ADDR_V4MAPPED((struct in6_addr *)a6) != (family == AF_INET))
		return -1;
	if (family == AF_INET)
		memcpy(out, a6 + 12, 4);
	else
		memcpy(out, a6, 16);
	return 0;
}

void domain_warn(struct domain_lookup *lk, const char *fmt, ...)
{
	size_t used = strlen(lk->warn);
	va_list ap;

	if (used && used + 2 < lk->warnlen) {
		strcat(lk->warn, "; ");
		used += 2;
	}
	va_start(ap, fmt);
	vsnprintf(lk->warn + used, lk->warnlen - used, fmt, ap);
	va_end(ap);
}

int domain_stop(struct domain_lookup *lk, enum record_result r,
		const char *what, const char *why)
{
	if (lk->failed == RECORD_OK)
		domain_fail(lk->err, lk->errlen, r, "%s: %s", what, why);
	lk->failed = r;
	return -1;
}

int domain_oom(struct domain_lookup *lk)
{
	return domain_stop(lk, RECORD_INVALID, "value", "out of memory");
}

/* @r's @key set to @v (a new reference, NULL when out of memory). */
static int set(struct domain_lookup *lk, json_t *r, const char *key,
	       json_t *v)
{
	if (!v || json_object_set_new(r, key, v))
		return domain_oom(lk);
	return 0;
}

/* One entry of an ip/ip6 item, appended to out if valid, else warned. */
static void addr_entry(struct domain_lookup *lk, json_t *out, json_t *item,
		       int family, const char *where, const char *field,
		       size_t i)
{
	uint8_t addr[16];

	if (!json_is_string(item))
		domain_warn(lk, "%s%s[%zu]: not a string", where, field, i);
	else if (domain_item_addr(json_string_value(item), family, addr))
		domain_warn(lk, "%s%s[%zu]: \"%.48s\" is not an %s address",
			    where, field, i, json_string_value(item),
			    family == AF_INET ? "IPv4" : "IPv6");
	else
		json_array_append(out, item);
}

/* An ip/ip6 item: the list of its valid addresses, the rest warned. */
static json_t *addr_list(struct domain_lookup *lk, json_t *v, int family,
			 const char *where, const char *field)
{
	json_t *out = json_array(), *item;
	size_t i;

	if (!out || json_is_null(v))
		return out;
	if (json_is_string(v))
		addr_entry(lk, out, v, family, where, field, 0);
	else if (json_is_array(v))
		json_array_foreach(v, i, item)
			addr_entry(lk, out, item, family, where, field, i);
	else
		domain_warn(lk, "%s%s: neither an address nor a list", where,
			    field);
	return out;
}

/* "ns" (or "dns"): the names it lists; any non-empty list suppresses. */
static json_t *ns_list(struct domain_lookup *lk, json_t *v, const char *where)
{
	json_t *out = json_array(), *item;
	size_t i;

	if (!out)
		return NULL;
	if (json_is_string(v)) {
		json_array_append(out, v);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			if (json_is_string(item))
				json_array_append(out, item);
	} else {
		domain_warn(lk, "%sns: neither a name nor a list", where);
	}
	return out;
}

/* A relative owner name as ncdns's ValidateRelOwnerName() takes it. */
static bool rel_name_ok(const char *s)
{
	size_t n = strlen(s), label = 0, i;

	if (n > 255)
		return false;
	if (!n || !strcmp(s, "@"))
		return true;
	if (n > 2 && !strcmp(s + n - 2, ".@"))
		n -= 1;			/* "x.@": check "x." */
	if (s[n - 1] == '.')
		n--;
	for (i = 0; i <= n; i++) {
		char c = i < n ? s[i] : '.';

		if (c == '.') {
			if (!label || s[i - 1] == '-')
				return false;
			label = 0;
		} else if (c == '-' ? !label :
			   !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			     c == '_')) {
			return false;
		} else if (++label > 63) {
			return false;
		}
	}
	return true;
}

/* "alias"/"translate": null clears it, a valid name sets it. */
static int name_flag(struct domain_lookup *lk, json_t *r, json_t *obj,
		     const char *key, const char *where)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return 0;
	if (json_is_null(v))
		return set(lk, r, key, json_false());
	if (json_is_string(v) && rel_name_ok(json_string_value(v)))
		return set(lk, r, key, json_true());
	domain_warn(lk, "%s%s: not a valid name", where, key);
	return 0;
}

/* The object's own items, over whatever imports put in @r. */
static int own_items(struct domain_lookup *lk, json_t *r, json_t *obj,
		     const char *where)
{
	json_t *v;

	if ((v = json_object_get(obj, "ip")) &&
	    set(lk, r, "ip", addr_list(lk, v, AF_INET, where, "ip")))
		return -1;
	if ((v = json_object_get(obj, "ip6")) &&
	    set(lk, r, "ip6", addr_list(lk, v, AF_INET6, where, "ip6")))
		return -1;
	/* "dns" takes precedence, as in ncdns. */
	v = json_object_get(obj, "dns");
	if (!v || json_is_null(v))
		v = json_object_get(obj, "ns");
	if (v && !json_is_null(v) && set(lk, r, "ns", ns_list(lk, v, where)))
		return -1;
	if (name_flag(lk, r, obj, "alias", where) ||
	    name_flag(lk, r, obj, "translate", where))
		return -1;
	v = json_object_get(obj, "minimalT");
	if (v && set(lk, r, "minimalT", json_incref(v)))
		return -1;
	return 0;
}

/* What map."" fills, and what record.c asks of the node's ip/ip6. */
bool domain_lacks(json_t *r, const char *key)
{
	json_t *v = json_object_get(r, key);

	return !v || json_is_null(v) || json_is_false(v) ||
	       (json_is_array(v) && !json_array_size(v));
}

/* map."": its items fill those @r lacks, then it goes (ncdns). */
static int move_empty(struct domain_lookup *lk, json_t *r)
{
	static const char *const keys[] = { "ip", "ip6", "ns", "alias",
		"translate", "delegate", "minimalT" };
	json_t *map = json_object_get(r, "map"), *e, *v;
	size_t i;
	int rc = 0;

	e = map ? json_object_get(map, "") : NULL;
	if (!e)
		return 0;
	json_incref(e);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]) && !rc; i++)
		if (domain_lacks(r, keys[i]) &&
		    (v = json_object_get(e, keys[i])))
			rc = set(lk, r, keys[i], json_incref(v));
	json_object_del(map, "");
	v = json_object_get(e, "map");
	if (!rc && !json_object_size(map) && v)
		rc = set(lk, r, "map", json_incref(v));
	json_decref(e);
	return rc;
}

const char *domain_head(const char *path, size_t len, size_t *hlen)
{
	const char *h = path + len;

	while (h > path && h[-1] != '.')
		h--;
	*hlen = (size_t)(path + len - h);
	return h;
}

/* {"ip": [s]} for a string, a new reference to an object, else NULL. */
static json_t *as_object(json_t *v)
{
	if (json_is_string(v))
		return json_pack("{s[O]}", "ip", v);
	if (json_is_object(v))
		return json_incref(v);
	return NULL;
}

/* The map entries on the way to @path: "", "*" and its last label. */
static int build_map(struct domain_lookup *lk, json_t *r, json_t *obj,
		     const char *path, size_t plen, const char *where)
{
	json_t *map = json_object_get(obj, "map"), *rmap, *e, *eo, *child;
	const char *key, *h = NULL;
	size_t hlen = 0, clen;
	char w[96];
	int rc = 0;

	if (!map || json_is_null(map))
		return 0;
	if (!json_is_object(map)) {
		domain_warn(lk, "%smap: not an object", where);
		return 0;
	}
	if (plen)
		h = domain_head(path, plen, &hlen);
	json_object_foreach(map, key, e) {
		if (h && strlen(key) == hlen && !memcmp(key, h, hlen))
			clen = hlen < plen ? plen - hlen - 1 : 0;
		else if (!strcmp(key, "*"))
			clen = 0;	/* a wildcard answers the whole rest */
		else if (!*key)
			clen = plen;	/* the object itself */
		else
			continue;
		snprintf(w, sizeof(w), "%smap.%.32s.", where,
			 *key ? key : "\"\"");
		eo = as_object(e);
		if (!eo) {
			domain_warn(lk, "%.*s: neither an object nor a string",
				    (int)strlen(w) - 1, w);
			continue;
		}
		rmap = json_object_get(r, "map");
		if (!rmap && set(lk, r, "map", json_object()))
			rc = -1;
		rmap = json_object_get(r, "map");
		child = rc ? NULL : json_object_get(rmap, key);
		if (!rc && !child && set(lk, rmap, key, json_object()))
			rc = -1;
		child = json_object_get(rmap, key);
		/* Each map entry starts afresh what counts as imported. */
		if (!rc)
			rc = domain_build(lk, child, eo, path, clen, NULL, w);
		json_decref(eo);
		if (rc)
			return -1;
	}
	return 0;
}

/*
 * Merge the object @obj, as resolved for @path (the labels below it still
 * to walk), into @r: delegate, then imports, then its own items over
 * them, then its map, then map."" (the order of ncdns's parse()).
 * @names: what this object tree has imported (NULL: a fresh set).
 */
int domain_build(struct domain_lookup *lk, json_t *r, json_t *obj,
		 const char *path, size_t plen, json_t *names,
		 const char *where)
{
	json_t *v = json_object_get(obj, "delegate"), *fresh = NULL;
	int rc;

	if (v && !json_is_null(v)) {
		domain_warn(lk, "%sdelegate: not supported", where);
		if (set(lk, r, "delegate", json_true()))
			return -1;
	}
	if (!names) {
		names = fresh = json_object();
		if (!fresh)
			return domain_oom(lk);
	}
	rc = domain_imports(lk, r, obj, path, plen, names, where);
	json_decref(fresh);
	if (rc || own_items(lk, r, obj, where) ||
	    build_map(lk, r, obj, path, plen, where))
		return -1;
	return move_empty(lk, r);
}

static bool is_true(json_t *node, const char *key)
{
	return json_is_true(json_object_get(node, key));
}

static bool has_ns(json_t *node)
{
	return json_array_size(json_object_get(node, "ns")) > 0;
}

/*
 * Below an "ns" level, a level that one of its names (relative to the
 * record, "ns1" or "ns1.@", or for the record itself just "ns1") points
 * at keeps its ip/ip6 as glue. Names with a final dot are not matched.
 */
static bool is_glue(json_t *ns, bool at_top, const char *sub)
{
	json_t *item;
	size_t i, n;

	json_array_foreach(ns, i, item) {
		const char *s = json_string_value(item);

		n = strlen(s);
		if (n > 2 && !strcmp(s + n - 2, ".@") &&
		    strlen(sub) == n - 2 && !strncmp(s, sub, n - 2))
			return true;
		if (at_top && !strcmp(s, sub))
			return true;
	}
	return false;
}

/*
 * Walk the resolved tree @r down @sub: the node that answers it in *at
 * (borrowed), and in *why the item that keeps the record's own addresses
 * from being used there (NULL if none). RECORD_OK or NO_MINIMALT.
 */
static enum record_result pick(json_t *r, const char *sub, json_t **at,
			       const char **why, char *err, size_t errlen)
{
	size_t end = strlen(sub), hlen;
	json_t *node = r, *ns_node = NULL, *map, *next;
	const char *h;
	char label[64];
	bool dead = false;

	*why = NULL;
	for (;;) {
		if (!dead && !ns_node && has_ns(node))
			ns_node = node;
		if (!dead && is_true(node, "translate")) {
			dead = true;
			*why = "translate";
		}
		if (!dead && is_true(node, "delegate")) {
			dead = true;
			*why = "delegate";
		}
		if (!end)
			break;
		h = domain_head(sub, end, &hlen);
		memcpy(label, h, hlen);
		label[hlen] = 0;
		map = json_object_get(node, "map");
		next = json_object_get(map, label);
		end = hlen < end ? end - hlen - 1 : 0;
		if (!next) {
			next = json_object_get(map, "*");
			end = 0;
		}
		if (!next)
			return domain_fail(err, errlen, RECORD_NO_MINIMALT,
					   "map.%s: no such subdomain", label);
		node = next;
	}
	*at = node;
	if (dead)
		return RECORD_OK;
	if (has_ns(node))
		*why = "ns";
	else if (ns_node &&
		 !is_glue(json_object_get(ns_node, "ns"), ns_node == r, sub))
		*why = "ns";
	else if (is_true(node, "alias"))
		*why = "alias";
	return RECORD_OK;
}

/* The name asked: labels of 1 to 63 bytes, 253 in all; 0 or -1. */
static int sub_ok(const char *sub)
{
	size_t len = strlen(sub), hlen;

	if (len > DOMAIN_NAME_MAX)
		return -1;
	while (len) {
		domain_head(sub, len, &hlen);
		if (!hlen || hlen > 63)
			return -1;
		if (hlen == len)
			break;
		len -= hlen + 1;
		if (!len)
			return -1;	/* a leading dot */
	}
	return 0;
}

/* @value as JSON: a new reference to an object, or NULL with err set. */
static json_t *load(const char *value, size_t len, const char *sub,
		    char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *root;

	if (len > RECORD_VALUE_MAX) {
		domain_fail(err, errlen, RECORD_INVALID,
			    "value: %zu bytes, more than %d", len,
			    RECORD_VALUE_MAX);
		return NULL;
	}
	if (sub_ok(sub)) {
		domain_fail(err, errlen, RECORD_INVALID,
			    "name: a label is empty or too long");
		return NULL;
	}
	root = json_loadb(value, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		domain_fail(err, errlen, RECORD_INVALID,
			    "value: not JSON (%s at byte %d)", jerr.text,
			    jerr.position);
		return NULL;
	}
	if (!json_is_object(root)) {
		domain_fail(err, errlen, RECORD_INVALID,
			    "value: not a JSON object");
		json_decref(root);
		return NULL;
	}
	return root;
}

enum record_result domain_resolve(const char *value, size_t len,
				  const char *sub, record_fetch_t fetch,
				  void *ctx, struct domain_answer *ans,
				  char *warn, size_t warnlen, char *err,
				  size_t errlen)
{
	struct domain_lookup lk = {
		.fetch = fetch, .ctx = ctx, .warn = warn, .warnlen = warnlen,
		.err = err, .errlen = errlen, .failed = RECORD_OK,
	};
	enum record_result r = RECORD_INVALID;
	json_t *root;

	memset(ans, 0, sizeof(*ans));
	root = load(value, len, sub, err, errlen);
	if (!root)
		return RECORD_INVALID;
	ans->tree = json_object();
	if (!ans->tree)
		domain_fail(err, errlen, RECORD_INVALID,
			    "value: out of memory");
	else if (domain_build(&lk, ans->tree, root, sub, strlen(sub), NULL,
			      ""))
		r = lk.failed;
	else
		r = pick(ans->tree, sub, &ans->node, &ans->why, err, errlen);
	json_decref(root);
	domain_cache_free(&lk);
	if (r != RECORD_OK) {
		json_decref(ans->tree);
		memset(ans, 0, sizeof(*ans));
	}
	return r;
}
