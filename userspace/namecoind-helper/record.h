/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "minimalT" object of a Namecoin d/ name's value: what a server
 * publishes so that clients reach it with no round trip. Pure parsing,
 * no I/O (imports are fetched through the caller's callback): unit-tested
 * and fuzzed on the host. This is the parser's public API: record.c reads
 * minimalT and the addresses, domain.c and domain_import.c (domain.h,
 * internal) read the d/ value as the rules below say. Publishing a value
 * is value_edit.h's.
 *
 * The value is read as the d/ spec (IFA-0001, namecoin/proposals) says
 * and, where the spec and the resolver Namecoin deploys (ncdns, its
 * ncdomain/convert.go) differ on what decides an address, as ncdns does,
 * so that a .bit name gets the same addresses here as in ncdns's DNS:
 *
 * - null: an item that is null is absent, except that it still hides
 *   the same item of an imported value ("ip": null leaves no ip).
 * - ip/ip6: a string or a list of strings; an entry that is not an
 *   address of the family is skipped with a warning, the others kept
 *   wherever they stand. An IPv4-mapped IPv6 literal counts as IPv4, as
 *   in ncdns (so it is an ip, never an ip6).
 * - Suppression (IFA-0001 "Item Suppression Rules"): the record's own
 *   ip/ip6 are not used at a level with "ns" (or "dns") or "translate"
 *   nor anywhere below it, nor at a level with "alias"; below "ns", a
 *   level its ns names (relative, "ns1" or "ns1.@") keeps its ip/ip6 as
 *   glue. minimalT is not a DNS item: never suppressed, so its own
 *   ip/ip6 always serve.
 * - "delegate" (deprecated) is not supported: a warning, and the
 *   record's own ip/ip6 are not used at or below that level in its place.
 * - "map": each label, from the right, is looked up exactly, else "*".
 *   "*" works as a DNS wildcard (RFC 4592): it answers for any name below
 *   its level, however deep, that has no closer entry (a.b.example.bit
 *   with only "*" in the map); a label that exists stops it (a.www with
 *   "www" but no "a" under it is no such subdomain). ncdns instead looks
 *   the rest of the name up in the "*" entry's own map. A string entry
 *   is {"ip": [string]}; map."" fills the items its parent lacks (an
 *   empty ip list counts as lacking, as in ncdns).
 * - "import", in every object (the record, map entries, map."", imported
 *   values): a name; a list of [name] or [name, subdomain] lists; or a
 *   list of strings, which is ONE [name, subdomain] list as ncdns reads
 *   it: ["d/a", "www"] imports www under d/a, ["d/a", "d/b"] imports the
 *   subdomain "d/b" of d/a (which fails; IFA-0001 reads two names here),
 *   and a list of three or more strings, or one mixing strings and
 *   lists, imports nothing (warned). The subdomain is looked up exactly
 *   (no "*"), as ncdns does. Imports are merged in order, each over the
 *   one before (ncdns; IFA-0001 has the first win), and the object's own
 *   items over all of them; an import with a subdomain replaces what the
 *   earlier imports of that object gave, as in ncdns. A name already
 *   imported into the same object tree is not imported again (ncdns).
 *
 * Errors in an item are warnings (out->warn) and the rest of the value is
 * still used, as IFA-0001's "Error Recovery Considerations" ask; only a
 * broken minimalT object, or no address at all, refuses the record.
 */
#ifndef NMC_RECORD_H
#define NMC_RECORD_H

#include <stddef.h>
#include <stdint.h>

/*
 * The largest value the chain accepts: MAX_VALUE_LENGTH in Namecoin
 * Core's src/names/main.h, checked by CheckNameTransaction() (consensus).
 * Wallets write at most 520 (value_edit.h's RECORD_WALLET_MAX,
 * MAX_VALUE_LENGTH_UI, the limit of the name_update RPCs, which IFA-0001
 * quotes), but a value made by other software may be up to 1023 bytes
 * and is still read.
 */
#define RECORD_VALUE_MAX	1023
#define RECORD_KEY_LEN		32
#define RECORD_ADDRS_MAX	8	/* as the kernel's directory */

struct record_addr {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t addr[16];	/* 4 or 16 bytes used */
};

struct record {
	char warn[256];		/* items skipped, "; "-separated, or "" */
	uint16_t port;
	uint8_t id_key[RECORD_KEY_LEN];
	uint8_t eph_key[RECORD_KEY_LEN];
	unsigned int n_addrs;
	struct record_addr addrs[RECORD_ADDRS_MAX];
};

enum record_result {
	RECORD_OK,		/* *out is filled */
	RECORD_NO_MINIMALT,	/* a valid value without a minimalT object */
	RECORD_INVALID,		/* err names the field and the reason */
	RECORD_TRANSIENT,	/* fetching an import failed: err names it */
};

/*
 * Parse a name's value (len bytes, not NUL-terminated) into out. On
 * anything but RECORD_OK, err (errlen bytes) holds one line naming the
 * field, e.g. "minimalT.port: 70000 is not 1 to 65535".
 */
enum record_result record_parse(const char *value, size_t len,
				struct record *out, char *err, size_t errlen);

/*
 * The same for a subdomain: sub is the labels left of the name, e.g. "www"
 * for www.example.bit, "a.www" for a.www.example.bit, "" for the name
 * itself, looked up in "map" as described above.
 */
enum record_result record_parse_sub(const char *value, size_t len,
				    const char *sub, struct record *out,
				    char *err, size_t errlen);

/*
 * How deep imports of imports go: IFA-0001 asks for at least 4, and
 * ncdns stops at 4 (mergeDepthLimit).
 */
#define RECORD_IMPORT_DEPTH	4

/*
 * The most imports one record_parse_import() call processes, over the
 * whole tree (siblings, map entries and imports of imports alike); each
 * costs at most one fetch, so this also bounds the fetches (name_show
 * calls) of one lookup. 16 covers IFA-0001's degree of 4 (4 imports per
 * object) at four levels, or four chains 4 deep, which is more than any
 * real record needs: only the objects on the way to the name asked are
 * read (the record, the map entries of its labels, "*", map."" and the
 * values they import), and a name imported twice is fetched once. At a
 * few ms per name_show on a local node, 16 fetches stay far below the
 * lookup's time budget, and a hostile fan-out costs no more.
 */
#define RECORD_IMPORT_FETCHES	16

#define RECORD_FETCH_SKIP	(-1)
#define RECORD_FETCH_TRANSIENT	(-2)

/*
 * Fetch the value of Namecoin name @name (e.g. "d/other") into buf (len
 * bytes): its length (>= 0), or RECORD_FETCH_SKIP (the name cannot be
 * imported: never existed, expired, not yet confirmed, too long; the
 * import is skipped and why, whylen bytes, goes in the warning), or
 * RECORD_FETCH_TRANSIENT (the node failed, or the lookup's time is
 * spent; the whole parse fails with RECORD_TRANSIENT, err naming the
 * import and why).
 */
typedef int (*record_fetch_t)(const char *name, char *buf, size_t len,
			      char *why, size_t whylen, void *ctx);

/*
 * record_parse_sub() with "import" resolved through fetch, as described
 * above, to RECORD_IMPORT_DEPTH levels and RECORD_IMPORT_FETCHES imports;
 * each distinct name is fetched at most once per call (values are kept
 * for the call). A loop, a deeper import, one past the budget, or a name
 * that cannot be fetched or is not a JSON object is skipped and noted in
 * out->warn. fetch may be NULL: imports are then skipped, with a warning.
 */
enum record_result record_parse_import(const char *value, size_t len,
				       const char *sub, record_fetch_t fetch,
				       void *ctx, struct record *out,
				       char *err, size_t errlen);

/*
 * The directory name of a Namecoin name: "d/example" is "example.bit".
 * The label after "d/" must be what IFA-0001 allows, (xn--)?[a-z0-9]+
 * (-[a-z0-9]+)*, at most 63 bytes, and not wholly numeric ("d/123" is
 * reserved; "d/123four" is fine). Returns 0 with out (outlen bytes) set,
 * or -1 with err naming the problem.
 */
int record_dir_name(const char *nmc_name, char *out, size_t outlen,
		    char *err, size_t errlen);

#endif /* NMC_RECORD_H */
