// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target of record_parse_import(): any bytes give one of the
 * four results, never a crash, a leak or a read past the input; an
 * accepted record is complete (a port, at least one address of a known
 * family); every refusal says why; and one call fetches each name at most
 * once and at most RECORD_IMPORT_FETCHES names in all.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <sodium.h>

#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What the fuzzed value may import: itself, a record, a failing node. */
struct names {
	const uint8_t *self;
	size_t self_len;
	char seen[RECORD_IMPORT_FETCHES + 1][RECORD_VALUE_MAX + 1];
	int n;
};

static const char other[] =
	"{\"ip\":\"192.0.2.1\",\"ns\":\"ns1\",\"map\":{\"www\":{\"minimalT\":"
	"{\"port\":7,\"id_key\":\"AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\","
	"\"eph_key\":\"AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=\"}},"
	"\"*\":\"192.0.2.2\"}}";

static int fetch(const char *name, char *buf, size_t len, char *why,
		 size_t whylen, void *ctx)
{
	struct names *nm = ctx;
	int i;

	for (i = 0; i < nm->n; i++)
		if (!strcmp(nm->seen[i], name))
			abort();	/* fetched twice in one call */
	if (nm->n == RECORD_IMPORT_FETCHES)
		abort();		/* over the budget */
	strncpy(nm->seen[nm->n], name, sizeof(nm->seen[0]) - 1);
	nm->n++;
	if (!strcmp(name, "d/self") && nm->self_len <= len) {
		memcpy(buf, nm->self, nm->self_len);
		return (int)nm->self_len;
	}
	if (!strcmp(name, "d/other") && sizeof(other) - 1 <= len) {
		memcpy(buf, other, sizeof(other) - 1);
		return (int)sizeof(other) - 1;
	}
	if (!strcmp(name, "d/down")) {
		snprintf(why, whylen, "node down");
		return RECORD_FETCH_TRANSIENT;
	}
	snprintf(why, whylen, "no such name");
	return RECORD_FETCH_SKIP;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const subs[] = { "", "www", "a.www", "x", "ns1",
					    "a.b.c" };
	static struct names nm;
	const char *sub = "";
	struct record r;
	char err[128];
	unsigned int i;

	/* A first byte below 6 picks a subdomain to resolve. */
	if (size && data[0] < 6) {
		sub = subs[data[0]];
		data++;
		size--;
	}
	memset(&nm, 0, sizeof(nm));
	nm.self = data;
	nm.self_len = size;
	err[0] = 0;
	switch (record_parse_import((const char *)data, size, sub, fetch, &nm,
				    &r, err, sizeof(err))) {
	case RECORD_OK:
		if (!r.port || !r.n_addrs || r.n_addrs > RECORD_ADDRS_MAX)
			abort();
		for (i = 0; i < r.n_addrs; i++)
			if (r.addrs[i].family != AF_INET &&
			    r.addrs[i].family != AF_INET6)
				abort();
		break;
	case RECORD_TRANSIENT:
		if (strncmp(err, "import ", 7))
			abort();	/* names the import */
		break;
	case RECORD_NO_MINIMALT:
	case RECORD_INVALID:
		if (!err[0])
			abort();	/* every refusal says why */
		break;
	default:
		abort();
	}
	if (!memchr(r.warn, 0, sizeof(r.warn)))
		abort();
	return 0;
}
