/* SPDX-License-Identifier: GPL-2.0 */
/*
 * namecoind's JSON-RPC as the helper uses it: building requests and
 * reading the replies, whatever shape they come in (a result, a legacy
 * JSON-RPC 1.0 error with HTTP 500, 404 or 400, 401 without credentials,
 * garbage), classified as Namecoin Core sends them (src/rpc/names.cpp,
 * src/rpc/blockchain.cpp, src/httprpc.cpp). Pure: no I/O, unit-tested on
 * the host.
 */
#ifndef NMC_RPC_H
#define NMC_RPC_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#define RPC_VALUE_MAX	4096	/* a longer value is refused */
#define RPC_MESSAGE_MAX	256	/* kept of an error message, NUL in */

enum rpc_status {
	RPC_OK,			/* the name and its value */
	RPC_NO_NAME,		/* -4 "name never existed: 'NAME'" */
	RPC_EXPIRED,		/* -4 "name expired: 'NAME'", expired: true */
	RPC_NOT_READY,		/* -10, -28, HTTP 503, or not current */
	RPC_UNAUTHORIZED,	/* HTTP 401/403, or no readable credentials */
	RPC_ERROR,		/* another JSON-RPC error: err has it */
	RPC_BAD_REPLY,		/* not a reply namecoind would send */
	RPC_UNREACHABLE,	/* no reply at all: refused, timed out */
	/*
	 * name_show gave "value_error" in place of "value": the value is
	 * not valid in the requested encoding (utf8). The name exists; its
	 * record is invalid, not unavailable.
	 */
	RPC_INVALID_VALUE,
};

struct rpc_name {
	char value[RPC_VALUE_MAX + 1];	/* "" with RPC_INVALID_VALUE */
	size_t value_len;
	long long height;
	long long expires_in;
	bool expired;
	bool ismine;		/* false when the node has no wallet */
	char txid[65];		/* the last update's, 64 hex digits */
};

/* The JSON-RPC error object of a reply: code 0 and "" when it had none. */
struct rpc_error {
	long long code;
	char message[RPC_MESSAGE_MAX];	/* control characters as '?' */
};

/* getblockchaininfo's result, as far as the helper reads it. */
struct rpc_chain {
	long long blocks;	/* height of the validated tip */
	long long headers;	/* height of the best header known, or -1 */
	long long time;		/* the tip block's time, Unix seconds */
	bool ibd;		/* initialblockdownload */
};

/*
 * {"jsonrpc":"1.0","id":ID,"method":METHOD,"params":PARAMS}, malloc'd;
 * takes the reference to @params (an array). NULL when out of memory.
 */
char *rpc_request(const char *method, json_t *params, int id);

/*
 * Read the reply to the request with @id: RPC_OK with *result a new
 * reference to its "result", or the error (RPC_ERROR for any JSON-RPC
 * error but -10/-28 (RPC_NOT_READY): which names are missing is for
 * rpc_parse_name_show() to say). @e, if not NULL, gets the JSON-RPC
 * error's code and message (0 and "" when the reply had none).
 */
enum rpc_status rpc_parse_reply_err(int http, const char *body, size_t len,
				    int id, json_t **result,
				    struct rpc_error *e, char *err,
				    size_t errlen);
/* The same without the error object. */
enum rpc_status rpc_parse_reply(int http, const char *body, size_t len,
				int id, json_t **result, char *err,
				size_t errlen);

/*
 * {"jsonrpc":"1.0","id":ID,"method":"name_show","params":[NAME,
 * {"valueEncoding":"utf8"}]}, malloc'd; NULL when out of memory.
 */
char *rpc_name_show_request(const char *name, int id);

/*
 * Read the reply to name_show @name with @id: HTTP status @http and body
 * (len bytes). err (errlen bytes) says what was wrong, in one line.
 *
 * Error -4 is RPC_NO_NAME only for "name never existed: Q" (or "name not
 * found: Q", as nodes before nc23.0 said) and RPC_EXPIRED only for "name
 * expired: Q", where Q is @name quoted as the node quotes it ('NAME', or
 * 0xHEX when NAME is not printable ASCII); any other -4 is RPC_ERROR.
 * Error -18 (a node with its wallet enabled but none loaded, or the url's
 * /wallet/NAME not loaded: name_show then fails, see src/rpc/names.cpp
 * MaybeWalletForRequest) is RPC_ERROR with err saying what to do.
 * With RPC_OK, RPC_EXPIRED (expired: true) and RPC_INVALID_VALUE, *out
 * holds what the result said; otherwise *out is zeroed. @e as in
 * rpc_parse_reply_err().
 */
enum rpc_status rpc_parse_name_show(int http, const char *body, size_t len,
				    int id, const char *name,
				    struct rpc_name *out, struct rpc_error *e,
				    char *err, size_t errlen);

/*
 * Read getblockchaininfo's @result at wall time @now (Unix seconds):
 * RPC_OK when the node is current; RPC_NOT_READY with err saying why when
 * it is in initial block download, knows headers beyond its blocks, or
 * its tip is more than @max_tip_age seconds old (0: no age check);
 * RPC_BAD_REPLY naming the field when one is missing or mistyped. *out is
 * filled but for RPC_BAD_REPLY.
 */
enum rpc_status rpc_parse_chain(const json_t *result, long long now,
				unsigned int max_tip_age, struct rpc_chain *out,
				char *err, size_t errlen);

/*
 * The libcurl timeout of the next call, in ms: @rpc_timeout_ms, or less
 * when the deadline @deadline_ms (CLOCK_MONOTONIC ms, 0 = none) comes
 * first at @now_ms; 0 when no time is left (the call is not sent).
 */
long rpc_call_timeout(unsigned int rpc_timeout_ms, long long deadline_ms,
		      long long now_ms);

/*
 * What a call is, for error lines: "METHOD", or "METHOD ARG" when the
 * first parameter is a string (a name), control characters as '?'.
 */
void rpc_call_label(const char *method, const json_t *params, char *buf,
		    size_t len);

#endif /* NMC_RPC_H */
