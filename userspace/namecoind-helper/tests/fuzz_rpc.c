// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target of the JSON-RPC reply reader: whatever a node (or
 * something posing as one) sends back, rpc_parse_reply_err(),
 * rpc_parse_name_show() and rpc_parse_chain() give one of their results
 * with a reason, never a crash, a leak or a read past the body. An
 * accepted name_show value is within RPC_VALUE_MAX, NUL-terminated and
 * holds no NUL; a refusal leaves nothing behind in the output; an error
 * message kept is one bounded line.
 *
 * Input: one byte picks the HTTP status, one the request id; the rest
 * is the body. The name asked is "d/x" (the seeds' error messages quote
 * it), the wall time for getblockchaininfo 1700000000.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rpc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_message(const struct rpc_error *e)
{
	size_t n = strnlen(e->message, sizeof(e->message));
	size_t i;

	if (n == sizeof(e->message))
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)e->message[i] < 0x20 ||
		    e->message[i] == 0x7f)
			abort();
}

static void check_name_show(int http, const char *body, size_t len, int id)
{
	static const struct rpc_name zero;
	struct rpc_error e;
	struct rpc_name out;
	char err[256];

	err[0] = 0;
	switch (rpc_parse_name_show(http, body, len, id, "d/x", &out, &e, err,
				    sizeof(err))) {
	case RPC_OK:
		if (out.expired || out.value_len > RPC_VALUE_MAX ||
		    out.value[out.value_len] ||
		    memchr(out.value, 0, out.value_len) ||
		    strlen(out.txid) != 64 || e.code)
			abort();
		break;
	case RPC_INVALID_VALUE:
		if (!err[0] || out.expired || out.value_len || out.value[0] ||
		    strlen(out.txid) != 64)
			abort();
		break;
	case RPC_EXPIRED:
		if (!err[0])
			abort();
		break;
	case RPC_NO_NAME:
		if (e.code != -4)
			abort();
		/* fall through */
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
	check_message(&e);
}

static void check_chain(const json_t *result)
{
	struct rpc_chain c;
	char err[256];

	err[0] = 0;
	switch (rpc_parse_chain(result, 1700000000, 10800, &c, err,
				sizeof(err))) {
	case RPC_OK:
		if (c.ibd || c.headers > c.blocks || c.blocks < 0 ||
		    1700000000 - c.time > 10800)
			abort();
		break;
	case RPC_NOT_READY:
	case RPC_BAD_REPLY:
		if (!err[0])
			abort();
		break;
	default:
		abort();
	}
}

static void check_reply(int http, const char *body, size_t len, int id)
{
	json_t *result = (json_t *)1;
	struct rpc_error e;
	char err[256];

	err[0] = 0;
	if (rpc_parse_reply_err(http, body, len, id, &result, &e, err,
				sizeof(err)) == RPC_OK) {
		if (!result || e.code)
			abort();
		check_chain(result);
		json_decref(result);
	} else if (result || !err[0]) {
		abort();
	}
	check_message(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int status[] = { 200, 500, 401, 404, 0, 502, 403, 503 };
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
