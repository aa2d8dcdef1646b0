/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal to the record parser: a Namecoin d/ value read as the IFA-0001
 * domain object it is, by the rules record.h lists (and, where the spec
 * and ncdns differ, as ncdns does). Pure, no I/O but the fetch callback.
 *
 * domain.c owns the tree: the items that matter here, "map" with its ""
 * and "*" entries, and the suppression rules of ns, translate, alias and
 * delegate. domain_import.c owns "import": its three forms, its depth,
 * its fetch budget and the cache of fetched values. record.c reads the
 * minimalT object and the addresses of the node that answers the name.
 *
 * A value is read in two passes. The first (domain_build) resolves
 * imports and map."" into a plain tree of the items that matter here,
 * keeping of each "map" only the entries on the way to the name asked
 * ("", "*" and the next label), so that work is spent on nothing else.
 * The second walks that tree down the labels, noting what suppresses the
 * record's own addresses.
 *
 * The resolved tree has: "ip"/"ip6" (lists of valid addresses), "ns" (a
 * list), "alias"/"translate"/"delegate" (booleans), "minimalT" (as
 * given) and "map" (label to resolved tree).
 */
#ifndef NMC_DOMAIN_H
#define NMC_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "record.h"

#define DOMAIN_NAME_MAX	253	/* a DNS name, without the final dot */

/* What record.c uses. */

/* The node that answers the name asked, in the resolved tree. */
struct domain_answer {
	json_t *tree;		/* the resolved tree; json_decref() it */
	json_t *node;		/* borrowed from tree */
	/*
	 * What keeps node's own ip/ip6 from serving: "ns", "translate",
	 * "alias" or "delegate"; NULL when they serve.
	 */
	const char *why;
};

/*
 * Read @value (len bytes) and find the node that answers @sub, its
 * imports fetched through @fetch (NULL: imports are skipped, warned).
 * Warnings are appended to @warn (warnlen bytes, a string). RECORD_OK
 * with *ans set, or another result with err set and *ans empty.
 */
enum record_result domain_resolve(const char *value, size_t len,
				  const char *sub, record_fetch_t fetch,
				  void *ctx, struct domain_answer *ans,
				  char *warn, size_t warnlen, char *err,
				  size_t errlen);

/*
 * How the parser (record.c and domain.c alike) fails: the printf-style
 * message in @err (errlen bytes; nothing when errlen is 0), @r returned.
 */
enum record_result domain_fail(char *err, size_t errlen,
			       enum record_result r, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * An ip (IPv4) or ip6 item's address, as ncdns's net.ParseIP and To4()
 * take it: an IPv4-mapped IPv6 literal is IPv4. 0, or -1.
 */
int domain_item_addr(const char *s, int family, uint8_t out[16]);

/* Does @node lack @key: absent, null, false or an empty list? */
bool domain_lacks(json_t *node, const char *key);

/* What domain.c and domain_import.c share. */

/* A fetched value, kept for the rest of the lookup. */
struct domain_cached {
	char *name;
	char *value;		/* NULL: the import is skipped, for why */
	int len;
	char why[96];
};

/* One domain_resolve() call. */
struct domain_lookup {
	record_fetch_t fetch;
	void *ctx;
	struct domain_cached cache[RECORD_IMPORT_FETCHES];
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

/* Note a skipped item in lk->warn, "; "-separated. */
void domain_warn(struct domain_lookup *lk, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Out of memory, or a transient failure: the whole parse stops. -1. */
int domain_stop(struct domain_lookup *lk, enum record_result r,
		const char *what, const char *why);

/* domain_stop() for want of memory. -1. */
int domain_oom(struct domain_lookup *lk);

/* The last label of path (len bytes, DNS order); its length in *hlen. */
const char *domain_head(const char *path, size_t len, size_t *hlen);

/*
 * Merge the object @obj, as resolved for @path (the labels below it still
 * to walk, plen bytes), into @r. @names: what this object tree has
 * imported (NULL: a fresh set). @where prefixes warnings. 0, or -1 when
 * the parse stops (lk->failed, lk->err).
 */
int domain_build(struct domain_lookup *lk, json_t *r, json_t *obj,
		 const char *path, size_t plen, json_t *names,
		 const char *where);

/* @obj's "import" merged into @r, as domain_build() takes its arguments. */
int domain_imports(struct domain_lookup *lk, json_t *r, json_t *obj,
		   const char *path, size_t plen, json_t *names,
		   const char *where);

/* Free what the lookup fetched. */
void domain_cache_free(struct domain_lookup *lk);

#endif /* NMC_DOMAIN_H */
