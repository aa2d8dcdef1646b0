// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target of the JSON-RPC reply reader: whatever a node (or
 * something posing as one) sends back, rpc_parse_reply() and
 * rpc_parse_name_show() give one of their results with a reason, never
 * a crash, a leak or a read past the body. An accepted name_show value
 * is within RPC_VALUE_MAX, NUL-terminated and holds no NUL; a refusal
 * leaves nothing behind in the output.
 *
 * Input: one byte picks the HTTP status, one the request id; the rest
 * is the body.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rpc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_name_show(int http, const char *body, size_t len, int id)
{
	static const struct rpc_name zero;
	struct rpc_name out;
	char err[256];

	err[0] = 0;
	switch (rpc_parse_name_show(http, body, len, id, &out, err,
				    sizeof(err))) {
	case RPC_OK:
		if (out.expired || out.value_len > RPC_VALUE_MAX ||
		    out.value[out.value_len] ||
		    memchr(out.value, 0, out.value_len))
			abort();
		break;
	case RPC_EXPIRED:
		if (!err[0])
			abort();
		break;
	case RPC_NO_NAME:
	case RPC_NOT_READY:
	case RPC_UNAUTHORIZED:
	case RPC_ERROR:
	case RPC_BAD_REPLY:
		if (!err[0] || memcmp(&out, &zero, sizeof(out)))
			abort();
		break;
	default:
		abort();	/* RPC_UNREACHABLE is the transport's to say */
	}
}

static void check_reply(int http, const char *body, size_t len, int id)
{
	json_t *result = (json_t *)1;
	char err[256];

	err[0] = 0;
	if (rpc_parse_reply(http, body, len, id, &result, err,
			    sizeof(err)) == RPC_OK) {
		if (!result)
			abort();
		json_decref(result);
	} else if (result || !err[0]) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int status[] = { 200, 500, 401, 404, 0, 502, 200, 500 };
	const char *body;
	int http, id;

	if (size < 2)
		return 0;
	http = status[data[0] % 8];
	id = data[1];
	body = (const char *)data + 2;
	check_reply(http, body, size - 2, id);
	check_name_show(http, body, size - 2, id);
	return 0;
}
