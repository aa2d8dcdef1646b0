// SPDX-License-Identifier: GPL-2.0
/*
 * Resolution of .bit names into the kernel's directory; see resolver.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "log.h"
#include "resolver.h"

/* Entries this close to their end are re-checked at the next poll. */
#define REFRESH_MARGIN(cfg)	(2 * (cfg)->poll_interval + 5)

void resolver_init(struct resolver *r, const struct config *cfg,
		   struct node *node, struct mltnl *nl)
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
	free(r->q);
	r->v = NULL;
	r->q = NULL;
	r->n = r->cap = r->qn = 0;
}

const char *resolver_reason_name(int reason)
{
	switch (reason) {
	case MLT_DIR_ERR_NO_NAME:
		return "no-name";
	case MLT_DIR_ERR_EXPIRED:
		return "expired";
	case MLT_DIR_ERR_NO_RECORD:
		return "no-record";
	case MLT_DIR_ERR_INVALID:
		return "invalid";
	default:
		return "unavailable";
	}
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
 * -1 for a name outside .bit, or -2 for a .bit name whose label Namecoin
 * does not allow (d/123, d/a--b): no such name can exist.
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
		return -2;
	snprintf(sub, slen, "%.*s", label > name ? (int)(label - name - 1) : 0,
		 name);
	return 0;
}

/* One lookup: what the fetches of its imports need and find. */
struct lookup {
	struct resolver *r;
	long long height;		/* the node's, at the lookup's start */
	long long expires_in;		/* the earliest end of what was used */
	struct rpc_name v;		/* name_show's answer, the last one */
};

/*
 * Whether name_show's answer @v is live and confirmed at @height: 0, or
 * -1 with why (expired, too few confirmations).
 */
static int usable(const struct lookup *lk, const struct rpc_name *v,
		  char *why, size_t whylen)
{
	unsigned int need = lk->r->cfg->confirmations;
	long long conf = lk->height - v->height + 1;

	if (v->expired || v->expires_in <= 0) {
		snprintf(why, whylen, "name expired");
		return -1;
	}
	if (conf < (long long)need) {
		snprintf(why, whylen, "%lld of %u confirmations",
			 conf < 0 ? 0 : conf, need);
		return -1;
	}
	return 0;
}

/*
 * Imports: another name's value, verified as the main name is. The
 * record parser names the import in its warning or error.
 */
static int fetch(const char *name, char *buf, size_t len, char *why,
		 size_t whylen, void *ctx)
{
	struct lookup *lk = ctx;
	struct rpc_name *v = &lk->v;
	char err[512];

	switch (node_name_show(lk->r->node, name, v, err, sizeof(err))) {
	case RPC_OK:
		break;
	case RPC_NO_NAME:
		snprintf(why, whylen, "name never existed");
		return RECORD_FETCH_SKIP;
	case RPC_EXPIRED:
		snprintf(why, whylen, "name expired");
		return RECORD_FETCH_SKIP;
	case RPC_INVALID_VALUE:
		snprintf(why, whylen, "%s", err);
		return RECORD_FETCH_SKIP;
	default:
		snprintf(why, whylen, "%s", err);
		return RECORD_FETCH_TRANSIENT;
	}
	if (usable(lk, v, why, whylen) < 0)
		return RECORD_FETCH_SKIP;
	if (v->value_len > len) {
		snprintf(why, whylen, "its value of %zu bytes is over %zu",
			 v->value_len, len);
		return RECORD_FETCH_SKIP;
	}
	/* The entry must not outlive anything it was built from. */
	if (v->expires_in < lk->expires_in)
		lk->expires_in = v->expires_in;
	memcpy(buf, v->value, v->value_len);
	return (int)v->value_len;
}

/* Outcomes of a lookup that are not an answer about the name itself. */
#define TRANSIENT	(-1)	/* the node failed us, or is not current */
#define UNCONFIRMED	(-2)	/* the value is too new yet */

/* The main name's answer: 0 to go on, or what lookup() returns. */
static int main_name(struct lookup *lk, const char *nmc, char *err,
		     size_t errlen)
{
	struct resolver *r = lk->r;
	enum rpc_status st;
	char why[512];

	st = node_chain_check(r->node, &lk->height, why, sizeof(why));
	if (st != RPC_OK) {
		r->node_down = st == RPC_UNREACHABLE;
		/* "node not current: ..." names the node already. */
		snprintf(err, errlen, "%s: %s%s", nmc,
			 st == RPC_NOT_READY ? "" : "node: ", why);
		return TRANSIENT;
	}
	st = node_name_show(r->node, nmc, &lk->v, why, sizeof(why));
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
	case RPC_INVALID_VALUE:
		snprintf(err, errlen, "%s: %s", nmc, why);
		return MLT_DIR_ERR_INVALID;
	default:
		snprintf(err, errlen, "%s: %s", nmc, why);
		return TRANSIENT;
	}
	if (usable(lk, &lk->v, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "%s: %s", nmc, why);
		return lk->v.expired || lk->v.expires_in <= 0 ?
		       MLT_DIR_ERR_EXPIRED : UNCONFIRMED;
	}
	lk->expires_in = lk->v.expires_in;
	return 0;
}

/*
 * Look @name up: 0 with *rec and *lifetime, an MLT_DIR_ERR_* reason, or
 * TRANSIENT (node down or not current, a bad reply, the time budget
 * spent) or UNCONFIRMED. The node's calls share one deadline.
 */
static int lookup_once(struct resolver *r, const char *name,
		       struct record *rec, unsigned int *lifetime, char *err,
		       size_t errlen)
{
	const struct config *cfg = r->cfg;
	char nmc[80], sub[MLT_NAME_MAX], why[512];
	struct lookup *lk;
	enum record_result rr;
	long long life;
	int ret;

	if (split_name(name, nmc, sizeof(nmc), sub, sizeof(sub)) < 0) {
		snprintf(err, errlen, "not a name Namecoin allows (IFA-0001)");
		return MLT_DIR_ERR_NO_NAME;
	}
	/* name_show's answer holds RPC_VALUE_MAX bytes: not on the stack. */
	lk = calloc(1, sizeof(*lk));
	if (!lk) {
		snprintf(err, errlen, "%s: out of memory", nmc);
		return TRANSIENT;
	}
	lk->r = r;
	ret = main_name(lk, nmc, err, errlen);
	if (ret)
		goto out;
	/* The parser reads the value while fetch() reuses lk->v. */
	{
		char *value = malloc(lk->v.value_len + 1);
		size_t len = lk->v.value_len;

		if (!value) {
			snprintf(err, errlen, "%s: out of memory", nmc);
			ret = TRANSIENT;
			goto out;
		}
		memcpy(value, lk->v.value, len);
		rr = record_parse_import(value, len, sub, fetch, lk, rec, why,
					 sizeof(why));
		free(value);
	}
	snprintf(err, errlen, "%s: %s", nmc, why);
	switch (rr) {
	case RECORD_OK:
		break;
	case RECORD_NO_MINIMALT:
		ret = MLT_DIR_ERR_NO_RECORD;
		goto out;
	case RECORD_TRANSIENT:
		ret = TRANSIENT;
		goto out;
	default:
		ret = MLT_DIR_ERR_INVALID;
		goto out;
	}
	if (!rec->n_addrs) {
		snprintf(err, errlen, "%s: no address: minimalT.ip, ip6 or the record's own ip/ip6",
			 nmc);
		ret = MLT_DIR_ERR_INVALID;
		goto out;
	}
	/* The entry ends with the first of its names, or the TTL if sooner. */
	life = lk->expires_in * (long long)cfg->block_time;
	if (life > cfg->ttl)
		life = cfg->ttl;
	if (life < 1)
		life = 1;
	*lifetime = (unsigned int)life;
out:
	free(lk);
	return ret;
}

unsigned int resolver_budget(const struct resolver *r)
{
	unsigned int ms = r->cfg->lookup_timeout;

	if (r->kernel_ms && ms > r->kernel_ms / 5 * 4)
		ms = r->kernel_ms / 5 * 4;
	return ms;
}

/* The kernel's resolve timeout, read again: an administrator may set it. */
static void read_kernel_timeout(struct resolver *r)
{
	struct mltnl_status st;
	unsigned int ms;

	if (!r->nl || mltnl_status(r->nl, &st) < 0)
		return;
	/* 0 if the kernel does not say. */
	ms = st.config.mask & MLTNL_CFG_RESOLVE_TIMEOUT ?
	     st.config.resolve_timeout_ms : 0;
	if (ms == r->kernel_ms)
		return;
	r->kernel_ms = ms;
	if (resolver_budget(r) < r->cfg->lookup_timeout)
		log_warn("lookup-timeout %u ms is not below the kernel's resolve timeout of %u ms: lookups get %u ms",
			 r->cfg->lookup_timeout, ms, resolver_budget(r));
}

/* A lookup within its budget, below the kernel's resolve timeout. */
static int lookup(struct resolver *r, const char *name, struct record *rec,
		  unsigned int *lifetime, char *err, size_t errlen)
{
	long long t0 = node_now_ms();
	int ret;

	node_set_deadline(r->node, t0 + resolver_budget(r));
	ret = lookup_once(r, name, rec, lifetime, err, errlen);
	node_set_deadline(r->node, 0);
	log_debug("%s: looked up in %lld ms", name, node_now_ms() - t0);
	return ret;
}

int resolver_lookup(struct resolver *r, const char *name, struct record *rec,
		    unsigned int *lifetime, char *err, size_t errlen)
{
	int ret = lookup(r, name, rec, lifetime, err, errlen);

	if (!ret && rec->warn[0])
		log_warn("%s: skipped: %s", name, rec->warn);
	return ret < 0 ? MLT_DIR_ERR_UNAVAILABLE : ret;
}

static void install(struct resolver *r, const char *name,
		    const struct record *rec, unsigned int lifetime,
		    time_t now)
{
	struct mltnl_dir_entry d;
	struct installed *e;
	char err[512];

	kernel_entry(&d, name, rec, lifetime);
	if (mltnl_dir_add(r->nl, &d, MLTNL_DIR_REPLACE) < 0) {
		log_err("%s: %s", name, kernel_err(r->nl, "installing the entry",
						   err, sizeof(err)));
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
	e->due = false;
	e->expires = now + lifetime;
}

static void negative(struct resolver *r, const char *name, int reason,
		     unsigned int lifetime)
{
	struct mltnl_dir_entry d;
	char err[512];

	memset(&d, 0, sizeof(d));
	snprintf(d.name, sizeof(d.name), "%s", name);
	d.error = (uint32_t)reason;
	d.lifetime = lifetime;
	if (mltnl_dir_add(r->nl, &d, MLTNL_DIR_REPLACE) < 0)
		log_err("%s: %s", name,
			kernel_err(r->nl, "installing a negative entry", err,
				   sizeof(err)));
}

/* Answer the kernel's request for @name: an entry, positive or not. */
static void answer(struct resolver *r, const char *name, time_t now)
{
	const struct config *cfg = r->cfg;
	struct installed *e;
	unsigned int lifetime, short_ttl;
	struct record rec;
	char err[512];
	int ret;

	ret = lookup(r, name, &rec, &lifetime, err, sizeof(err));
	if (!ret) {
		log_info("%s: installed (port %u, %u address%s, %u s)", name,
			 rec.port, rec.n_addrs, rec.n_addrs == 1 ? "" : "es",
			 lifetime);
		install(r, name, &rec, lifetime, now);
		return;
	}
	e = find(r, name);
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
	log_msg(ret == MLT_DIR_ERR_INVALID ? LOG_WARN : LOG_INFO, "%s: %s: %s",
		name, resolver_reason_name(ret), err);
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

	e->due = false;
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
	log_info("%s: removed: %s: %s", name, resolver_reason_name(ret), err);
	forget(r, name);
	negative(r, name, ret, r->cfg->negative_ttl);
}

int resolver_enqueue(struct resolver *r, const char *name)
{
	char nmc[80], sub[MLT_NAME_MAX];
	size_t i;

	/* A .bit name Namecoin forbids is answered too: no-name. */
	if (split_name(name, nmc, sizeof(nmc), sub, sizeof(sub)) == -1) {
		log_debug("%s: not a .bit name, left to other resolvers", name);
		return 0;
	}
	for (i = 0; i < r->qn; i++)
		if (!strcmp(r->q[i].name, name))
			return 0;
	if (!r->q) {
		r->q = calloc(RESOLVER_QUEUE_MAX, sizeof(*r->q));
		if (!r->q) {
			log_err("%s: out of memory", name);
			return 0;
		}
	}
	if (r->qn == RESOLVER_QUEUE_MAX) {
		log_warn("%s: %u requests waiting already, dropped", name,
			 RESOLVER_QUEUE_MAX);
		return 0;
	}
	snprintf(r->q[r->qn++].name, sizeof(r->q->name), "%s", name);
	return 1;
}

bool resolver_busy(const struct resolver *r)
{
	size_t i;

	if (r->qn)
		return true;
	for (i = 0; i < r->n; i++)
		if (r->v[i].due)
			return true;
	return false;
}

bool resolver_work(struct resolver *r, time_t now)
{
	char name[MLT_NAME_MAX];
	size_t i;

	if (r->qn) {
		memcpy(name, r->q[0].name, sizeof(name));
		memmove(r->q, r->q + 1, --r->qn * sizeof(*r->q));
		answer(r, name, now);
		return resolver_busy(r);
	}
	for (i = 0; i < r->n; i++) {
		if (r->v[i].due) {
			refresh(r, &r->v[i], now);
			break;
		}
	}
	return resolver_busy(r);
}

void resolver_request(struct resolver *r, const char *name, time_t now)
{
	resolver_enqueue(r, name);
	while (r->qn)
		resolver_work(r, now);
}

void resolver_sync(struct resolver *r, time_t now)
{
	struct mltnl_dir_entry *d;
	char err[512], nmc[80], sub[MLT_NAME_MAX];
	int n, i;

	read_kernel_timeout(r);
	n = mltnl_dir_list(r->nl, &d);
	if (n < 0) {
		log_warn("resynchronising: %s",
			 kernel_err(r->nl, "reading the directory", err,
				    sizeof(err)));
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
	char err[512];
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
	read_kernel_timeout(r);
	node_set_deadline(r->node, node_now_ms() + resolver_budget(r));
	if (node_chain_check(r->node, &height, err, sizeof(err)) != RPC_OK) {
		node_set_deadline(r->node, 0);
		r->backoff = r->backoff ? r->backoff * 2 : cfg->poll_interval;
		if (r->backoff > cfg->retry_max)
			r->backoff = cfg->retry_max;
		log_warn("node: %s; entries kept until they end, retrying in %u s",
			 err, r->backoff);
		r->node_down = 1;
		r->next_poll = now + r->backoff;
		return r->next_poll;
	}
	node_set_deadline(r->node, 0);
	if (r->node_down)
		log_warn("node: reachable again at block %lld", height);
	r->node_down = 0;
	r->backoff = 0;
	fresh = height != r->height;
	if (fresh)
		log_debug("node: block %lld", height);
	r->height = height;
	/* Adopted entries were never verified by this process. */
	for (i = 0; i < r->n; i++)
		if (fresh || !r->v[i].verified ||
		    r->v[i].expires - now <= REFRESH_MARGIN(cfg))
			r->v[i].due = true;
	r->next_poll = now + cfg->poll_interval;
	return r->next_poll;
}
