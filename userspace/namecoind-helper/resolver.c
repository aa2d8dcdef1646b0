// SPDX-License-Identifier: GPL-2.0
/*
 * Resolution of .bit names into the kernel's directory; see resolver.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "resolver.h"

/* Entries this close to their end are re-checked at the next poll. */
#define REFRESH_MARGIN(cfg)	(2 * (cfg)->poll_interval + 5)

void resolver_init(struct resolver *r, const struct config *cfg,
		   struct node *node, struct nl *nl)
{
	memset(r, 0, sizeof(*r));
	r->cfg = cfg;
	r->node = node;
	r->nl = nl;
	r->height = -1;
}

void resolver_free(struct resolver *r)
{
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}

static struct installed *find(struct resolver *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].name, name))
			return &r->v[i];
	return NULL;
}

static void forget(struct resolver *r, const char *name)
{
	struct installed *e = find(r, name);

	if (e)
		*e = r->v[--r->n];
}

static struct installed *remember(struct resolver *r, const char *name)
{
	struct installed *e = find(r, name);

	if (e)
		return e;
	if (r->n == r->cap) {
		size_t cap = r->cap * 2 + 16;
		struct installed *v = realloc(r->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		r->v = v;
		r->cap = cap;
	}
	e = &r->v[r->n++];
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", name);
	return e;
}

/*
 * "www.demo.bit" is Namecoin name "d/demo", subdomain "www". Returns 0,
 * or -1 for a name outside .bit or a label Namecoin does not allow.
 */
static int split_name(const char *name, char *nmc, size_t nlen, char *sub,
		      size_t slen)
{
	size_t len = strlen(name);
	const char *label, *end;
	char dir[MLT_NAME_MAX], why[128];

	if (len < 5 || strcmp(name + len - 4, ".bit"))
		return -1;
	end = name + len - 4;
	for (label = end; label > name && label[-1] != '.'; label--)
		;
	if (label == end)
		return -1;
	snprintf(nmc, nlen, "d/%.*s", (int)(end - label), label);
	if (record_dir_name(nmc, dir, sizeof(dir), why, sizeof(why)) < 0)
		return -1;
	snprintf(sub, slen, "%.*s", label > name ? (int)(label - name - 1) : 0,
		 name);
	return 0;
}

/* Imports: fetch another name's value, if it is live. */
static int fetch(const char *name, char *buf, size_t len, void *ctx)
{
	struct resolver *r = ctx;
	struct rpc_name v;
	char err[256];

	if (node_name_show(r->node, name, &v, err, sizeof(err)) != RPC_OK) {
		log_info("import %s: %s", name, err);
		return -1;
	}
	if (v.value_len > len)
		return -1;
	memcpy(buf, v.value, v.value_len);
	return (int)v.value_len;
}

/* Outcomes of a lookup that are not an answer about the name itself. */
#define TRANSIENT	(-1)	/* the node failed us */
#define UNCONFIRMED	(-2)	/* the value is too new yet */

/*
 * Look @name up: 0 with *rec and *lifetime, an MLT_DIR_ERR_* reason, or
 * TRANSIENT (node down or not ready, a bad reply) or UNCONFIRMED.
 */
static int lookup(struct resolver *r, const char *name, struct record *rec,
		  unsigned int *lifetime, char *err, size_t errlen)
{
	const struct config *cfg = r->cfg;
	char nmc[80], sub[MLT_NAME_MAX], why[256];
	struct rpc_name v;
	enum rpc_status st;
	enum record_result rr;
	long long conf, life;

	if (split_name(name, nmc, sizeof(nmc), sub, sizeof(sub)) < 0) {
		snprintf(err, errlen, "not a Namecoin .bit name");
		return MLT_DIR_ERR_NO_NAME;
	}
	st = node_block_count(r->node, &r->height, why, sizeof(why));
	if (st == RPC_OK)
		st = node_name_show(r->node, nmc, &v, why, sizeof(why));
	r->node_down = st == RPC_UNREACHABLE;
	switch (st) {
	case RPC_OK:
		break;
	case RPC_NO_NAME:
		snprintf(err, errlen, "%s: name never existed", nmc);
		return MLT_DIR_ERR_NO_NAME;
	case RPC_EXPIRED:
		snprintf(err, errlen, "%s: name expired", nmc);
		return MLT_DIR_ERR_EXPIRED;
	default:
		snprintf(err, errlen, "%s: %s", nmc, why);
		return TRANSIENT;
	}
	conf = r->height - v.height + 1;
	if (conf < (long long)cfg->confirmations) {
		snprintf(err, errlen, "%s: %lld of %u confirmations", nmc,
			 conf < 0 ? 0 : conf, cfg->confirmations);
		return UNCONFIRMED;
	}
	rr = record_parse_import(v.value, v.value_len, sub, fetch, r, rec,
				 why, sizeof(why));
	if (rr == RECORD_NO_MINIMALT) {
		snprintf(err, errlen, "%s: %s", nmc, why);
		return MLT_DIR_ERR_NO_RECORD;
	}
	if (rr != RECORD_OK) {
		snprintf(err, errlen, "%s: %s", nmc, why);
		return MLT_DIR_ERR_INVALID;
	}
	if (!rec->n_addrs) {
		snprintf(err, errlen, "%s: no address: minimalT.ip, ip6 or the record's own ip/ip6",
			 nmc);
		return MLT_DIR_ERR_INVALID;
	}
	/* The entry ends with the name, or after the TTL if sooner. */
	life = v.expires_in * (long long)cfg->block_time;
	if (life > cfg->ttl)
		life = cfg->ttl;
	if (life < 1)
		life = 1;
	*lifetime = (unsigned int)life;
	return 0;
}

int resolver_lookup(struct resolver *r, const char *name, struct record *rec,
		    unsigned int *lifetime, char *err, size_t errlen)
{
	int ret = lookup(r, name, rec, lifetime, err, errlen);

	if (!ret && rec->warn[0])
		fprintf(stderr, "namecoind-helper: %s: skipped: %s\n", name,
			rec->warn);
	return ret < 0 ? MLT_DIR_ERR_UNAVAILABLE : ret;
}

static void install(struct resolver *r, const char *name,
		    const struct record *rec, unsigned int lifetime,
		    time_t now)
{
	struct installed *e;
	char err[256];

	if (nl_dir_add(r->nl, name, rec, lifetime, err, sizeof(err)) < 0) {
		log_err("%s: %s", name, err);
		return;
	}
	e = remember(r, name);
	if (!e) {
		log_err("%s: out of memory", name);
		return;
	}
	/* Skipped items are worth a line when they are news, not per block. */
	if (rec->warn[0] && (!e->verified || strcmp(e->rec.warn, rec->warn)))
		log_warn("%s: skipped: %s", name, rec->warn);
	if (e->verified &&
	    memcmp(e->rec.eph_key, rec->eph_key, RECORD_KEY_LEN))
		log_info("%s: new ephemeral key installed", name);
	e->rec = *rec;
	e->verified = 1;
	e->expires = now + lifetime;
}

static void negative(struct resolver *r, const char *name, int reason,
		     unsigned int lifetime)
{
	char err[256];

	if (nl_dir_negative(r->nl, name, (uint32_t)reason, lifetime, err,
			    sizeof(err)) < 0)
		log_err("%s: %s", name, err);
}

void resolver_request(struct resolver *r, const char *name, time_t now)
{
	const struct config *cfg = r->cfg;
	struct installed *e = find(r, name);
	char nmc[80], sub[MLT_NAME_MAX], err[512];
	unsigned int lifetime, short_ttl;
	struct record rec;
	int ret;

	if (split_name(name, nmc, sizeof(nmc), sub, sizeof(sub)) < 0) {
		log_debug("%s: not a .bit name, left to other resolvers", name);
		return;
	}
	ret = lookup(r, name, &rec, &lifetime, err, sizeof(err));
	if (!ret) {
		log_info("%s: installed (port %u, %u address%s, %u s)", name,
			 rec.port, rec.n_addrs, rec.n_addrs == 1 ? "" : "es",
			 lifetime);
		install(r, name, &rec, lifetime, now);
		return;
	}
	if (ret < 0 && e && e->verified && e->expires > now) {
		/* Keep what was verified; the request still needs an answer. */
		log_warn("%s: kept the installed entry: %s", name, err);
		install(r, name, &e->rec, (unsigned int)(e->expires - now),
			now);
		return;
	}
	if (ret < 0 && e && e->expires > now) {
		/* Adopted after a restart, not verified yet: leave it be. */
		log_warn("%s: left as the kernel has it: %s", name, err);
		return;
	}
	short_ttl = cfg->negative_ttl < cfg->poll_interval ?
		    cfg->negative_ttl : cfg->poll_interval;
	if (ret < 0) {
		log_msg(ret == TRANSIENT ? LOG_WARN : LOG_INFO,
			"%s: unavailable: %s", name, err);
		negative(r, name, MLT_DIR_ERR_UNAVAILABLE, short_ttl);
		return;
	}
	log_msg(ret == MLT_DIR_ERR_INVALID ? LOG_WARN : LOG_INFO, "%s: %s",
		name, err);
	forget(r, name);
	negative(r, name, ret, cfg->negative_ttl);
}

/* Re-check an installed name: changes go in, transient failures do not. */
static void refresh(struct resolver *r, struct installed *e, time_t now)
{
	char name[MLT_NAME_MAX], err[512];
	unsigned int lifetime;
	struct record rec;
	int ret;

	snprintf(name, sizeof(name), "%s", e->name);
	ret = lookup(r, name, &rec, &lifetime, err, sizeof(err));
	if (!ret) {
		install(r, name, &rec, lifetime, now);
		return;
	}
	if (ret == UNCONFIRMED) {
		log_info("%s: a new value waits for confirmations: %s", name,
			 err);
		return;
	}
	if (ret == TRANSIENT || ret == MLT_DIR_ERR_INVALID) {
		/* Bad input never changes what was verified before. */
		log_warn("%s: re-check failed, entry kept until it ends: %s",
			 name, err);
		return;
	}
	log_info("%s: removed: %s", name, err);
	forget(r, name);
	negative(r, name, ret, r->cfg->negative_ttl);
}

void resolver_sync(struct resolver *r, time_t now)
{
	struct nl_dir *d;
	char err[256], nmc[80], sub[MLT_NAME_MAX];
	int n, i;

	n = nl_dir_list(r->nl, &d, err, sizeof(err));
	if (n < 0) {
		log_warn("resynchronising: %s", err);
		return;
	}
	for (i = 0; i < n; i++) {
		struct installed *e;

		if (d[i].error ||
		    split_name(d[i].name, nmc, sizeof(nmc), sub,
			       sizeof(sub)) < 0)
			continue;
		/* Known by name only: the first poll re-checks it. */
		e = remember(r, d[i].name);
		if (e && !e->expires)
			e->expires = now + d[i].lifetime;
		log_info("%s: adopted from the kernel (%u s left)", d[i].name,
			 d[i].lifetime);
	}
	free(d);
	r->next_poll = now;
	r->height = -1;
}

time_t resolver_tick(struct resolver *r, time_t now)
{
	const struct config *cfg = r->cfg;
	long long height = -1;
	char err[256];
	size_t i;
	int fresh;

	if (now < r->next_poll)
		return r->next_poll;
	/* Entries past their end are gone from the kernel too. */
	for (i = 0; i < r->n;) {
		if (r->v[i].expires && r->v[i].expires <= now)
			r->v[i] = r->v[--r->n];
		else
			i++;
	}
	if (node_block_count(r->node, &height, err, sizeof(err)) != RPC_OK) {
		r->backoff = r->backoff ? r->backoff * 2 : cfg->poll_interval;
		if (r->backoff > cfg->retry_max)
			r->backoff = cfg->retry_max;
		log_warn("node: %s; entries kept until they end, retrying in %u s",
			 err, r->backoff);
		r->node_down = 1;
		r->next_poll = now + r->backoff;
		return r->next_poll;
	}
	if (r->node_down)
		log_warn("node: reachable again at block %lld", height);
	r->node_down = 0;
	r->backoff = 0;
	fresh = height != r->height;
	if (fresh)
		log_debug("node: block %lld", height);
	r->height = height;
	for (i = 0; i < r->n; i++) {
		size_t before = r->n;

		/* Adopted entries were never verified by this process. */
		if (!fresh && r->v[i].verified &&
		    r->v[i].expires - now > REFRESH_MARGIN(cfg))
			continue;
		refresh(r, &r->v[i], now);
		if (r->n < before)
			i--;	/* forgotten: another entry took its place */
	}
	r->next_poll = now + cfg->poll_interval;
	return r->next_poll;
}
