/* SPDX-License-Identifier: GPL-2.0 */
/*
 * namecoind's JSON-RPC as the helper uses it: building name_show requests
 * and reading the replies, whatever shape they come in (a result, a legacy
 * JSON-RPC 1.0 error with HTTP 500, 401 without credentials, garbage).
 * Pure: no I/O, unit-tested on the host.
 */
#ifndef NMC_RPC_H
#define NMC_RPC_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#define RPC_VALUE_MAX	4096	/* a value longer than this is refused */

enum rpc_status {
	RPC_OK,			/* the name and its value */
	RPC_NO_NAME,		/* -4 "name never existed" */
	RPC_EXPIRED,		/* -4 "name expired", or expired: true */
	RPC_NOT_READY,		/* -10: the node is downloading blocks */
	RPC_UNAUTHORIZED,	/* HTTP 401: wrong credentials */
	RPC_ERROR,		/* another JSON-RPC error: err has it */
	RPC_BAD_REPLY,		/* not a reply namecoind would send */
	RPC_UNREACHABLE,	/* no reply at all: refused, timed out */
};

struct rpc_name {
	char value[RPC_VALUE_MAX + 1];
	size_t value_len;
	long long height;
	long long expires_in;
	bool expired;
};

/*
 * {"jsonrpc":"1.0","id":ID,"method":METHOD,"params":PARAMS}, malloc'd;
 * takes the reference to @params (an array). NULL when out of memory.
 */
char *rpc_request(const char *method, json_t *params, int id);

/*
 * Read the reply to the request with @id: RPC_OK with *result a new
 * reference to its "result", or the error, as rpc_parse_name_show().
 */
enum rpc_status rpc_parse_reply(int http, const char *body, size_t len,
				int id, json_t **result, char *err,
				size_t errlen);

/* {"jsonrpc":"1.0","id":ID,"method":"name_show","params":[NAME,
 * {"valueEncoding":"utf8"}]}, malloc'd; NULL when out of memory. */
char *rpc_name_show_request(const char *name, int id);

/*
 * Read the reply to the request with @id: HTTP status @http and body
 * (len bytes). err (errlen bytes) says what was wrong, in one line.
 */
enum rpc_status rpc_parse_name_show(int http, const char *body, size_t len,
				    int id, struct rpc_name *out, char *err,
				    size_t errlen);

#endif /* NMC_RPC_H */
