/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "minimalT" object of a Namecoin d/ name's value: what a server
 * publishes so that clients reach it with no round trip. Pure parsing,
 * no I/O: unit-tested and fuzzed on the host.
 *
 * Today: the value's size and shape, "map" for subdomains (with "*" and
 * "" and the string shorthand for "ip"), the minimalT object's fields, and
 * the record's own ip/ip6 as the fallback address, and "import" of other
 * names' values through a caller's fetch function.
 */
#ifndef NMC_RECORD_H
#define NMC_RECORD_H

#include <stddef.h>
#include <stdint.h>

#define RECORD_VALUE_MAX	1023	/* bytes of a d/ value (IFA-0001) */
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
};

/*
 * Parse a name's value (len bytes, not NUL-terminated) into out. On
 * RECORD_NO_MINIMALT or RECORD_INVALID, err (errlen bytes) holds one line
 * naming the field, e.g. "minimalT.port: 70000 is not 1 to 65535".
 */
enum record_result record_parse(const char *value, size_t len,
				struct record *out, char *err, size_t errlen);

/*
 * The same for a subdomain: sub is the labels left of the name, e.g. "www"
 * for www.example.bit, "a.www" for a.www.example.bit, "" for the name
 * itself. Each label is looked up in "map" from the right: the label
 * itself, else "*"; a string there stands for {"ip": string}; an object's
 * "map"."" item is merged into it, its own items winning.
 */
enum record_result record_parse_sub(const char *value, size_t len,
				    const char *sub, struct record *out,
				    char *err, size_t errlen);

/* How deep imports of imports go (IFA-0001 asks for at least 4). */
#define RECORD_IMPORT_DEPTH	4

/*
 * Fetch the value of Namecoin name @name (e.g. "d/other") into buf (len
 * bytes): its length, or -1 if it cannot be had (then the import is
 * skipped with a warning).
 */
typedef int (*record_fetch_t)(const char *name, char *buf, size_t len,
			      void *ctx);

/*
 * record_parse_sub() with "import" resolved: each object's "import" (a
 * name, a list of names, or a list of [name, subdomain] pairs) brings in
 * the items of those names' values (at that subdomain) that the object
 * lacks, to RECORD_IMPORT_DEPTH levels; a loop, a deeper import, or a name
 * that cannot be fetched or is not a JSON object is skipped and noted in
 * out->warn. fetch may be NULL: imports are then skipped, with a warning.
 */
enum record_result record_parse_import(const char *value, size_t len,
				       const char *sub, record_fetch_t fetch,
				       void *ctx, struct record *out,
				       char *err, size_t errlen);

/*
 * The directory name of a Namecoin name: "d/example" is "example.bit".
 * The label after "d/" must be a valid directory label: 1 to 63 bytes of
 * a-z, 0-9 and '-', not starting or ending with '-' (so lowercase only).
 * Returns 0 with out (outlen bytes) set, or -1 with err naming the problem.
 */
int record_dir_name(const char *nmc_name, char *out, size_t outlen,
		    char *err, size_t errlen);

/* The most a wallet puts in a name's value (the chain allows 1023). */
#define RECORD_WALLET_MAX	520

/*
 * A name's new value with this host's "minimalT" object: @old (len bytes,
 * the current value; len 0 for none) with "minimalT" set to port, id_key,
 * eph_key (base64) and, if @ip is not NULL or "", ip (ip6 for an IPv6
 * literal); every other item
 * kept as it is. Returns compact JSON, malloc'd, or NULL with err naming
 * the problem (the old value is not a JSON object, or the new one is
 * longer than RECORD_WALLET_MAX bytes).
 */
char *record_publish_value(const char *old, size_t len, uint16_t port,
			   const uint8_t id_key[RECORD_KEY_LEN],
			   const uint8_t eph_key[RECORD_KEY_LEN],
			   const char *ip, char *err, size_t errlen);

#endif /* NMC_RECORD_H */
