/* SPDX-License-Identifier: GPL-2.0 */
/* What every fuzz target shares. */
#ifndef MLT_FUZZ_H
#define MLT_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

#include "pure.h"

/* An invariant the fuzzer must never break: report it and crash. */
#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n",		\
			__FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
} while (0)

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

#endif
