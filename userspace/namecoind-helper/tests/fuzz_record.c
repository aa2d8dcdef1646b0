// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target of record_parse(): any bytes give one of the three
 * results, never a crash, a leak or a read past the input; an accepted
 * record is complete (a port, at least one address of a known family).
 */
#include <stdlib.h>
#include <sys/socket.h>

#include <sodium.h>

#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const subs[] = { "", "www", "a.www", "x" };
	const char *sub = "";
	struct record r;
	char err[128];
	unsigned int i;

	/* A first byte below 4 picks a subdomain to resolve. */
	if (size && data[0] < 4) {
		sub = subs[data[0]];
		data++;
		size--;
	}
	err[0] = 0;
	switch (record_parse_sub((const char *)data, size, sub, &r, err,
				 sizeof(err))) {
	case RECORD_OK:
		if (!r.port || !r.n_addrs || r.n_addrs > RECORD_ADDRS_MAX)
			abort();
		for (i = 0; i < r.n_addrs; i++)
			if (r.addrs[i].family != AF_INET &&
			    r.addrs[i].family != AF_INET6)
				abort();
		break;
	case RECORD_NO_MINIMALT:
	case RECORD_INVALID:
		if (!err[0])
			abort();	/* every refusal says why */
		break;
	default:
		abort();
	}
	return 0;
}
