// SPDX-License-Identifier: GPL-2.0
/*
 * "import" in a Namecoin d/ value (IFA-0001, read as ncdns reads it): its
 * three forms, the loop and depth checks (RECORD_IMPORT_DEPTH), the
 * budget of one lookup (RECORD_IMPORT_FETCHES) and the cache that fetches
 * each name once. What an import brings is merged by domain_build(); see
 * domain.h, and record.h for the rules.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "domain.h"

/* @name's value, fetched at most once per call; NULL if it stops all. */
static struct domain_cached *fetch_cached(struct domain_lookup *lk,
					  const char *name)
{
	struct domain_cached *c;
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
		domain_oom(lk);
		return NULL;
	}
	lk->n_cached++;
	n = lk->fetch(name, buf, RECORD_VALUE_MAX + 1, c->why,
		      sizeof(c->why), lk->ctx);
	c->why[sizeof(c->why) - 1] = 0;
	if (n == RECORD_FETCH_TRANSIENT) {
		char what[96];

		snprintf(what, sizeof(what), "import %.64s", name);
		domain_stop(lk, RECORD_TRANSIENT, what,
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
		const char *h = domain_head(sel, len, &hlen);

		if (!hlen || hlen >= sizeof(label))
			return NULL;
		memcpy(label, h, hlen);
		label[hlen] = 0;
		r = json_object_get(json_object_get(r, "map"), label);
		len = hlen < len ? len - hlen - 1 : 0;
	}
	return r;
}

/*
 * May @name be imported here? Not in a loop, not twice into one object
 * tree, not deeper than RECORD_IMPORT_DEPTH, not without a node, not
 * past the lookup's budget; each refusal but the second is warned.
 */
static bool import_allowed(struct domain_lookup *lk, const char *name,
			   json_t *names, const char *where)
{
	int i;

	for (i = 0; i < lk->depth; i++) {
		if (!strcmp(lk->stack[i], name)) {
			domain_warn(lk, "%simport %.64s: a loop", where, name);
			return false;
		}
	}
	if (json_object_get(names, name))
		return false;	/* already imported here: once is enough */
	if (lk->depth == RECORD_IMPORT_DEPTH) {
		domain_warn(lk, "%simport %.64s: deeper than %d", where, name,
			    RECORD_IMPORT_DEPTH);
		return false;
	}
	if (!lk->fetch) {
		domain_warn(lk, "%simport %.64s: no node to ask", where, name);
		return false;
	}
	if (lk->imports == RECORD_IMPORT_FETCHES) {
		if (!lk->over_budget)
			domain_warn(lk, "import %.64s: skipped, over %d imports in one lookup",
				    name, RECORD_IMPORT_FETCHES);
		lk->over_budget = true;
		return false;
	}
	return true;
}

/*
 * The imported object @v, built for @path with @sel's labels below it;
 * what it has at @sel replaces @r (ncdns). @w prefixes its warnings.
 */
static int import_sub(struct domain_lookup *lk, json_t *r, json_t *v,
		      const char *name, const char *sel, const char *path,
		      size_t plen, json_t *names, const char *where,
		      const char *w)
{
	char npath[DOMAIN_NAME_MAX + 1];
	json_t *d;
	int rc;

	/* The labels of sel are below those still to walk. */
	snprintf(npath, sizeof(npath), "%.*s%s%s", (int)plen, path,
		 plen ? "." : "", sel);
	d = json_object();
	rc = d ? domain_build(lk, d, v, npath, strlen(npath), names, w) :
		 domain_oom(lk);
	if (!rc && !exact(d, sel))
		domain_warn(lk, "%simport %.64s: no subdomain \"%.64s\"",
			    where, name, sel);
	else if (!rc && (json_object_clear(r) ||
			 json_object_update(r, exact(d, sel))))
		rc = domain_oom(lk);
	json_decref(d);
	return rc;
}

/* One import: @name's value (at subdomain @sel) merged into @r. */
static int import_one(struct domain_lookup *lk, json_t *r, const char *name,
		      const char *sel, const char *path, size_t plen,
		      json_t *names, const char *where)
{
	struct domain_cached *c;
	size_t slen = strlen(sel);
	json_t *v;
	char w[96];
	int rc;

	if (!import_allowed(lk, name, names, where))
		return 0;
	lk->imports++;
	c = fetch_cached(lk, name);
	if (!c)
		return -1;
	if (!c->value) {
		domain_warn(lk, "%simport %.64s: %s", where, name, c->why);
		return 0;
	}
	if (json_object_set_new(names, name, json_true()))
		return domain_oom(lk);
	if (slen &&
	    (sel[slen - 1] == '.' || slen + plen + 1 > DOMAIN_NAME_MAX)) {
		domain_warn(lk, "%simport %.64s: \"%.64s\" is not a subdomain",
			    where, name, sel);
		return 0;
	}
	v = json_loadb(c->value, (size_t)c->len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(v)) {
		json_decref(v);
		domain_warn(lk, "%simport %.64s: not a JSON object", where,
			    name);
		return 0;
	}
	snprintf(w, sizeof(w), "import %.64s: ", name);
	lk->stack[lk->depth++] = name;
	if (!slen)
		rc = domain_build(lk, r, v, path, plen, names, w);
	else
		rc = import_sub(lk, r, v, name, sel, path, plen, names, where,
				w);
	lk->depth--;
	json_decref(v);
	return rc;
}

/* One [name] or [name, subdomain] list; i is its index, or -1. */
static int import_list(struct domain_lookup *lk, json_t *r, json_t *l,
		       long i, const char *path, size_t plen, json_t *names,
		       const char *where)
{
	json_t *n = json_array_get(l, 0), *s = json_array_get(l, 1);
	char idx[24] = "";

	if (i >= 0)
		snprintf(idx, sizeof(idx), "[%ld]", i);
	if (!json_array_size(l))
		return 0;
	if (json_array_size(l) > 2) {
		domain_warn(lk, "%simport%s: %zu items, not [name] or [name, subdomain]",
			    where, idx, json_array_size(l));
		return 0;
	}
	if (!json_is_string(n) ||
	    strlen(json_string_value(n)) != json_string_length(n)) {
		domain_warn(lk, "%simport%s: not a name", where, idx);
		return 0;
	}
	return import_one(lk, r, json_string_value(n),
			  json_is_string(s) ? json_string_value(s) : "",
			  path, plen, names, where);
}

/* "import", in its three forms, read as ncdns reads them. */
int domain_imports(struct domain_lookup *lk, json_t *r, json_t *obj,
		   const char *path, size_t plen, json_t *names,
		   const char *where)
{
	json_t *imp = json_object_get(obj, "import"), *item;
	size_t i, strings = 0, lists = 0;

	if (!imp || json_is_null(imp))
		return 0;
	if (json_is_string(imp) &&
	    strlen(json_string_value(imp)) != json_string_length(imp)) {
		domain_warn(lk, "%simport: not a name", where);
		return 0;
	}
	if (json_is_string(imp))
		return import_one(lk, r, json_string_value(imp), "", path,
				  plen, names, where);
	if (!json_is_array(imp)) {
		domain_warn(lk, "%simport: neither a name nor a list", where);
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
		domain_warn(lk, "%simport: a list mixing names and lists",
			    where);
		return 0;
	}
	json_array_foreach(imp, i, item)
		if (import_list(lk, r, item, (long)i, path, plen, names, where))
			return -1;
	return 0;
}

void domain_cache_free(struct domain_lookup *lk)
{
	unsigned int i;

	for (i = 0; i < lk->n_cached; i++) {
		free(lk->cache[i].name);
		free(lk->cache[i].value);
	}
	lk->n_cached = 0;
}
