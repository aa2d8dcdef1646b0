// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing the minimalT object of a Namecoin d/ value; see record.h for
 * the rules and where each comes from.
 *
 * A value is read in two passes. The first (build) resolves imports and
 * map."" into a plain tree of the items that matter here, keeping of each
 * "map" only the entries on the way to the name asked ("", "*" and the
 * next label), so that work is spent on nothing else. The second (pick)
 * walks that tree down the labels, noting what suppresses the record's
 * own addresses, and reads minimalT and the addresses at the end.
 *
 * The resolved tree has: "ip"/"ip6" (lists of valid addresses), "ns" (a
 * list), "alias"/"translate"/"delegate" (booleans), "minimalT" (as
 * given) and "map" (label to resolved tree).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <jansson.h>
#include <sodium.h>

#include "name.h"
#include "record.h"

#define NAME_MAX_LEN	253	/* a DNS name, without the final dot */

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

/*
 * An ip (IPv4) or ip6 item's address, as ncdns's net.ParseIP and To4()
 * take it: an IPv4-mapped IPv6 literal is IPv4. 0, or -1.
 */
static int item_addr(const char *s, int family, uint8_t out[16])
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

/* Append one address to out; 0, or -1 with err set. */
static int put_addr(struct record *out, int family, const uint8_t *addr,
		    const char *where, char *err, size_t errlen)
{
	struct record_addr *a;

	if (out->n_addrs == RECORD_ADDRS_MAX) {
		fail(err, errlen, RECORD_INVALID,
		     "%s: more than %d addresses", where, RECORD_ADDRS_MAX);
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
		fail(err, errlen, RECORD_INVALID, "%s: not a string", where);
		return -1;
	}
	if (inet_pton(family, json_string_value(v), addr) != 1) {
		fail(err, errlen, RECORD_INVALID,
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

/* The fetched values of one record_parse_import() call. */
struct cached {
	char *name;
	char *value;		/* NULL: the import is skipped, for why */
	int len;
	char why[96];
};

struct lookup {
	record_fetch_t fetch;
	void *ctx;
	struct cached cache[RECORD_IMPORT_FETCHES];
	unsigned int n_cached;
	unsigned int imports;	/* imports processed, each <= one fetch */
	bool over_budget;
	const char *stack[RECORD_IMPORT_DEPTH];
	int depth;
	char *warn;
	size_t warnlen;
	char *err;
	size_t errlen;
	enum record_result failed;	/* RECORD_OK while all is well */
};

static void warn(struct lookup *lk, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(struct lookup *lk, const char *fmt, ...)
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

/* Out of memory, or a transient failure: the whole parse stops. */
static int stop(struct lookup *lk, enum record_result r, const char *what,
		const char *why)
{
	if (lk->failed == RECORD_OK)
		fail(lk->err, lk->errlen, r, "%s: %s", what, why);
	lk->failed = r;
	return -1;
}

static int set(struct lookup *lk, json_t *r, const char *key, json_t *v)
{
	if (!v || json_object_set_new(r, key, v))
		return stop(lk, RECORD_INVALID, "value", "out of memory");
	return 0;
}

/* One entry of an ip/ip6 item, appended to out if valid, else warned. */
static void addr_entry(struct lookup *lk, json_t *out, json_t *item,
		       int family, const char *where, const char *field,
		       size_t i)
{
	uint8_t addr[16];

	if (!json_is_string(item))
		warn(lk, "%s%s[%zu]: not a string", where, field, i);
	else if (item_addr(json_string_value(item), family, addr))
		warn(lk, "%s%s[%zu]: \"%.48s\" is not an %s address",
		     where, field, i, json_string_value(item),
		     family == AF_INET ? "IPv4" : "IPv6");
	else
		json_array_append(out, item);
}

/* An ip/ip6 item: the list of its valid addresses, the rest warned. */
static json_t *addr_list(struct lookup *lk, json_t *v, int family,
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
		warn(lk, "%s%s: neither an address nor a list", where, field);
	return out;
}

/* "ns" (or "dns"): the names it lists; any non-empty list suppresses. */
static json_t *ns_list(struct lookup *lk, json_t *v, const char *where)
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
		warn(lk, "%sns: neither a name nor a list", where);
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
static int name_flag(struct lookup *lk, json_t *r, json_t *obj,
		     const char *key, const char *where)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return 0;
	if (json_is_null(v))
		return set(lk, r, key, json_false());
	if (json_is_string(v) && rel_name_ok(json_string_value(v)))
		return set(lk, r, key, json_true());
	warn(lk, "%s%s: not a valid name", where, key);
	return 0;
}

/* The object's own items, over whatever imports put in @r. */
static int own_items(struct lookup *lk, json_t *r, json_t *obj,
		     const char *where)
{
	json_t *v;

	if ((v = json_object_get(obj, "ip")) &&
	    set(lk, r, "ip", addr_list(lk, v, AF_INET, where, "ip")))
		return -1;
	if ((v = json_object_get(obj, "ip6")) &&
	    set(lk, r, "ip6", addr_list(lk, v, AF_INET6, where, "ip6")))
		return -1;
	v = json_object_get(obj, "dns");	/* takes precedence, as in ncdns */
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

/* An item that map."" may fill: absent, null, false or an empty list. */
static bool lacks(json_t *r, const char *key)
{
	json_t *v = json_object_get(r, key);

	return !v || json_is_null(v) || json_is_false(v) ||
	       (json_is_array(v) && !json_array_size(v));
}

/* map."": its items fill those @r lacks, then it goes (ncdns). */
static int move_empty(struct lookup *lk, json_t *r)
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
		if (lacks(r, keys[i]) && (v = json_object_get(e, keys[i])))
			rc = set(lk, r, keys[i], json_incref(v));
	json_object_del(map, "");
	v = json_object_get(e, "map");
	if (!rc && !json_object_size(map) && v)
		rc = set(lk, r, "map", json_incref(v));
	json_decref(e);
	return rc;
}

/* The last label of path (len bytes, DNS order); its length in *hlen. */
static const char *head(const char *path, size_t len, size_t *hlen)
{
	const char *h = path + len;

	while (h > path && h[-1] != '.')
		h--;
	*hlen = (size_t)(path + len - h);
	return h;
}

static int build(struct lookup *lk, json_t *r, json_t *obj,
		 const char *path, size_t plen, json_t *names,
		 const char *where);

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
static int build_map(struct lookup *lk, json_t *r, json_t *obj,
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
		warn(lk, "%smap: not an object", where);
		return 0;
	}
	if (plen)
		h = head(path, plen, &hlen);
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
			warn(lk, "%.*s: neither an object nor a string",
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
			rc = build(lk, child, eo, path, clen, NULL, w);
		json_decref(eo);
		if (rc)
			return -1;
	}
	return 0;
}

/* @name's value, fetched at most once per call; NULL if it stops all. */
static struct cached *fetch_cached(struct lookup *lk, const char *name)
{
	struct cached *c;
	char *buf;
	int n;

	for (c = lk->cache; c < lk->cache + lk->n_cached; c++)
		if (!strcmp(c->name, name))
			return c;
	/* Each new name costs an import: the budget keeps us in bounds. */
	if (lk->n_cached == RECORD_IMPORT_FETCHES)
		abort();
	c = &lk->cache[lk->n_cached];
	memset(c, 0, sizeof(*c));
	c->name = strdup(name);
	buf = malloc(RECORD_VALUE_MAX + 1);
	if (!c->name || !buf) {
		free(c->name);
		free(buf);
		stop(lk, RECORD_INVALID, "value", "out of memory");
		return NULL;
	}
	lk->n_cached++;
	n = lk->fetch(name, buf, RECORD_VALUE_MAX + 1, c->why,
		      sizeof(c->why), lk->ctx);
	c->why[sizeof(c->why) - 1] = 0;
	if (n == RECORD_FETCH_TRANSIENT) {
		char what[96];

		snprintf(what, sizeof(what), "import %.64s", name);
		stop(lk, RECORD_TRANSIENT, what,
		     c->why[0] ? c->why : "the node failed");
		free(buf);
		return NULL;
	}
	if (n > RECORD_VALUE_MAX)
		snprintf(c->why, sizeof(c->why), "value over %d bytes",
			 RECORD_VALUE_MAX);
	if (n < 0 || n > RECORD_VALUE_MAX) {
		if (!c->why[0])
			snprintf(c->why, sizeof(c->why), "cannot be fetched");
		free(buf);
		return c;
	}
	c->value = buf;
	c->len = n;
	return c;
}

/*
 * The resolved node at @sel (DNS order) under @r, looked up exactly as
 * ncdns's findSubdomainByName() does; a borrowed reference, or NULL.
 */
static json_t *exact(json_t *r, const char *sel)
{
	size_t len = strlen(sel), hlen;
	char label[64];

	while (r && len) {
		const char *h = head(sel, len, &hlen);

		if (!hlen || hlen >= sizeof(label))
			return NULL;
		memcpy(label, h, hlen);
		label[hlen] = 0;
		r = json_object_get(json_object_get(r, "map"), label);
		len = hlen < len ? len - hlen - 1 : 0;
	}
	return r;
}

/* One import: @name's value (at subdomain @sel) merged into @r. */
static int import_one(struct lookup *lk, json_t *r, const char *name,
		      const char *sel, const char *path, size_t plen,
		      json_t *names, const char *where)
{
	char npath[NAME_MAX_LEN + 1], w[96];
	struct cached *c;
	json_t *v, *d;
	size_t slen = strlen(sel);
	int i, rc;

	for (i = 0; i < lk->depth; i++) {
		if (!strcmp(lk->stack[i], name)) {
			warn(lk, "%simport %.64s: a loop", where, name);
			return 0;
		}
	}
	if (json_object_get(names, name))
		return 0;	/* already imported here: once is enough */
	if (lk->depth == RECORD_IMPORT_DEPTH) {
		warn(lk, "%simport %.64s: deeper than %d", where, name,
		     RECORD_IMPORT_DEPTH);
		return 0;
	}
	if (!lk->fetch) {
		warn(lk, "%simport %.64s: no node to ask", where, name);
		return 0;
	}
	if (lk->imports == RECORD_IMPORT_FETCHES) {
		if (!lk->over_budget)
			warn(lk, "import %.64s: skipped, over %d imports in one lookup",
			     name, RECORD_IMPORT_FETCHES);
		lk->over_budget = true;
		return 0;
	}
	lk->imports++;
	c = fetch_cached(lk, name);
	if (!c)
		return -1;
	if (!c->value) {
		warn(lk, "%simport %.64s: %s", where, name, c->why);
		return 0;
	}
	if (json_object_set_new(names, name, json_true()))
		return stop(lk, RECORD_INVALID, "value", "out of memory");
	if (slen && (sel[slen - 1] == '.' || slen + plen + 1 > NAME_MAX_LEN)) {
		warn(lk, "%simport %.64s: \"%.64s\" is not a subdomain", where,
		     name, sel);
		return 0;
	}
	v = json_loadb(c->value, (size_t)c->len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(v)) {
		json_decref(v);
		warn(lk, "%simport %.64s: not a JSON object", where, name);
		return 0;
	}
	snprintf(w, sizeof(w), "import %.64s: ", name);
	lk->stack[lk->depth++] = name;
	if (!slen) {
		rc = build(lk, r, v, path, plen, names, w);
	} else {
		/* The labels of sel are below those still to walk. */
		snprintf(npath, sizeof(npath), "%.*s%s%s", (int)plen, path,
			 plen ? "." : "", sel);
		d = json_object();
		rc = d ? build(lk, d, v, npath, strlen(npath), names, w) :
			 stop(lk, RECORD_INVALID, "value", "out of memory");
		if (!rc && !exact(d, sel))
			warn(lk, "%simport %.64s: no subdomain \"%.64s\"",
			     where, name, sel);
		else if (!rc && (json_object_clear(r) ||
				 json_object_update(r, exact(d, sel))))
			rc = stop(lk, RECORD_INVALID, "value", "out of memory");
		json_decref(d);
	}
	lk->depth--;
	json_decref(v);
	return rc;
}

/* One [name] or [name, subdomain] list; i is its index, or -1. */
static int import_list(struct lookup *lk, json_t *r, json_t *l, long i,
		       const char *path, size_t plen, json_t *names,
		       const char *where)
{
	json_t *n = json_array_get(l, 0), *s = json_array_get(l, 1);
	char idx[24] = "";

	if (i >= 0)
		snprintf(idx, sizeof(idx), "[%ld]", i);
	if (!json_array_size(l))
		return 0;
	if (json_array_size(l) > 2) {
		warn(lk, "%simport%s: %zu items, not [name] or [name, subdomain]",
		     where, idx, json_array_size(l));
		return 0;
	}
	if (!json_is_string(n) ||
	    strlen(json_string_value(n)) != json_string_length(n)) {
		warn(lk, "%simport%s: not a name", where, idx);
		return 0;
	}
	return import_one(lk, r, json_string_value(n),
			  json_is_string(s) ? json_string_value(s) : "",
			  path, plen, names, where);
}

/* "import", in its three forms, read as ncdns reads them. */
static int build_imports(struct lookup *lk, json_t *r, json_t *obj,
			 const char *path, size_t plen, json_t *names,
			 const char *where)
{
	json_t *imp = json_object_get(obj, "import"), *item;
	size_t i, strings = 0, lists = 0;

	if (!imp || json_is_null(imp))
		return 0;
	if (json_is_string(imp) &&
	    strlen(json_string_value(imp)) != json_string_length(imp)) {
		warn(lk, "%simport: not a name", where);
		return 0;
	}
	if (json_is_string(imp))
		return import_one(lk, r, json_string_value(imp), "", path,
				  plen, names, where);
	if (!json_is_array(imp)) {
		warn(lk, "%simport: neither a name nor a list", where);
		return 0;
	}
	json_array_foreach(imp, i, item) {
		strings += json_is_string(item);
		lists += json_is_array(item);
	}
	/* All strings: one [name, subdomain] list (ncdns's reading). */
	if (strings == json_array_size(imp))
		return import_list(lk, r, imp, -1, path, plen, names, where);
	if (lists != json_array_size(imp)) {
		warn(lk, "%simport: a list mixing names and lists", where);
		return 0;
	}
	json_array_foreach(imp, i, item)
		if (import_list(lk, r, item, (long)i, path, plen, names, where))
			return -1;
	return 0;
}

/*
 * Merge the object @obj, as resolved for @path (the labels below it still
 * to walk), into @r: delegate, then imports, then its own items over
 * them, then its map, then map."" (the order of ncdns's parse()).
 * @names: what this object tree has imported (NULL: a fresh set).
 */
static int build(struct lookup *lk, json_t *r, json_t *obj,
		 const char *path, size_t plen, json_t *names,
		 const char *where)
{
	json_t *v = json_object_get(obj, "delegate"), *fresh = NULL;
	int rc;

	if (v && !json_is_null(v)) {
		warn(lk, "%sdelegate: not supported", where);
		if (set(lk, r, "delegate", json_true()))
			return -1;
	}
	if (!names) {
		names = fresh = json_object();
		if (!fresh)
			return stop(lk, RECORD_INVALID, "value", "out of memory");
	}
	rc = build_imports(lk, r, obj, path, plen, names, where);
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
		h = head(sub, end, &hlen);
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
			return fail(err, errlen, RECORD_NO_MINIMALT,
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

/* The record's own ip/ip6, already checked by addr_list(). */
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
			if (!item_addr(json_string_value(item), family, addr) &&
			    put_addr(out, family, addr, keys[k], err, errlen))
				return -1;
	}
	return 0;
}

/* minimalT at @node, then the addresses; RECORD_OK or why not. */
static enum record_result read_node(struct record *out, json_t *node,
				    const char *why, char *err,
				    size_t errlen)
{
	json_t *mt = json_object_get(node, "minimalT"), *port;
	json_int_t p;

	if (!mt || json_is_null(mt))
		return fail(err, errlen, RECORD_NO_MINIMALT,
			    "minimalT: no such item");
	if (!json_is_object(mt))
		return fail(err, errlen, RECORD_INVALID,
			    "minimalT: not an object");
	port = json_object_get(mt, "port");
	if (!port || !json_is_integer(port))
		return fail(err, errlen, RECORD_INVALID, "minimalT.port: %s",
			    port ? "not an integer" : "missing");
	p = json_integer_value(port);
	if (p < 1 || p > 65535)
		return fail(err, errlen, RECORD_INVALID,
			    "minimalT.port: %lld is not 1 to 65535",
			    (long long)p);
	out->port = (uint16_t)p;
	if (parse_key(mt, "id_key", out->id_key, err, errlen) ||
	    parse_key(mt, "eph_key", out->eph_key, err, errlen) ||
	    add_addrs(out, mt, "ip", AF_INET, err, errlen) ||
	    add_addrs(out, mt, "ip6", AF_INET6, err, errlen))
		return RECORD_INVALID;
	if (out->n_addrs)
		return RECORD_OK;
	/* The record's own addresses serve when minimalT names none. */
	if (why && !(lacks(node, "ip") && lacks(node, "ip6")))
		return fail(err, errlen, RECORD_INVALID,
			    "minimalT: no address (the record's ip/ip6 are not used under \"%s\")",
			    why);
	if (!why && own_addrs(out, node, err, errlen))
		return RECORD_INVALID;
	if (!out->n_addrs)
		return fail(err, errlen, RECORD_INVALID,
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

/* The name asked: labels of 1 to 63 bytes, 253 in all; 0 or -1. */
static int sub_ok(const char *sub)
{
	size_t len = strlen(sub), hlen;

	if (len > NAME_MAX_LEN)
		return -1;
	while (len) {
		head(sub, len, &hlen);
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

enum record_result record_parse_import(const char *value, size_t len,
				       const char *sub, record_fetch_t fetch,
				       void *ctx, struct record *out,
				       char *err, size_t errlen)
{
	char warnbuf[sizeof(out->warn)] = "";
	struct lookup lk = {
		.fetch = fetch, .ctx = ctx, .warn = warnbuf,
		.warnlen = sizeof(warnbuf), .err = err, .errlen = errlen,
		.failed = RECORD_OK,
	};
	enum record_result r = RECORD_INVALID;
	json_t *root, *tree = NULL, *node = NULL;
	const char *why;
	json_error_t jerr;
	unsigned int i;

	memset(out, 0, sizeof(*out));
	if (len > RECORD_VALUE_MAX)
		return fail(err, errlen, RECORD_INVALID,
			    "value: %zu bytes, more than %d", len,
			    RECORD_VALUE_MAX);
	if (sub_ok(sub))
		return fail(err, errlen, RECORD_INVALID,
			    "name: a label is empty or too long");
	root = json_loadb(value, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return fail(err, errlen, RECORD_INVALID,
			    "value: not JSON (%s at byte %d)", jerr.text,
			    jerr.position);
	if (!json_is_object(root)) {
		fail(err, errlen, RECORD_INVALID, "value: not a JSON object");
		goto out;
	}
	tree = json_object();
	if (!tree) {
		fail(err, errlen, RECORD_INVALID, "value: out of memory");
		goto out;
	}
	if (build(&lk, tree, root, sub, strlen(sub), NULL, "")) {
		r = lk.failed;
		goto out;
	}
	r = pick(tree, sub, &node, &why, err, errlen);
	if (r == RECORD_OK)
		r = read_node(out, node, why, err, errlen);
out:
	json_decref(root);
	json_decref(tree);
	for (i = 0; i < lk.n_cached; i++) {
		free(lk.cache[i].name);
		free(lk.cache[i].value);
	}
	if (r != RECORD_OK)
		sodium_memzero(out, sizeof(*out));
	memcpy(out->warn, warnbuf, sizeof(out->warn));
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
	if (!why)
		why = ifa_label_check(nmc_name + 2);
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
