// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target of value_edit_set(): any bytes are edited or refused,
 * never a crash or a read past the input; a value jansson reads as an
 * object is always edited (the scanner agrees with jansson: the edit's
 * own check never fires), and only the item's bytes change.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "value_edit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char item[] = "{\"port\":1,\"id_key\":\"\",\"eph_key\":\"\"}";
	const char *s = (const char *)data;
	char err[256];
	json_t *j;
	size_t n;
	char *out;

	out = value_edit_set(s, size, "minimalT", item, &n, err, sizeof(err));
	if (!out) {
		if (strstr(err, "does not keep"))
			abort();
		return 0;
	}
	j = json_loadb(out, n, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(j) || n > RECORD_WALLET_MAX || strlen(out) != n)
		abort();
	/* Same bytes before the item, and a shared tail after it. */
	if (size && (n < 1 || memcmp(out, s, 1) || out[n - 1] != s[size - 1]))
		abort();
	json_decref(j);
	free(out);
	return 0;
}
