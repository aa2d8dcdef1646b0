// SPDX-License-Identifier: GPL-2.0
/*
 * namecoind JSON-RPC requests and replies; see rpc.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "rpc.h"

static enum rpc_status say(char *err, size_t errlen, enum rpc_status st,
			   const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum rpc_status say(char *err, size_t errlen, enum rpc_status st,
			   const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return st;
}

/* Copy @len bytes of hostile text for a log line: control bytes as '?'. */
static void copy_text(char *dst, size_t dstlen, const char *src, size_t len)
{
	size_t i;

	if (!dstlen)
		return;
	if (len > dstlen - 1)
		len = dstlen - 1;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];

		dst[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	dst[len] = '\0';
}

char *rpc_request(const char *method, json_t *params, int id)
{
	json_t *req;
	char *s;

	if (!params)
		return NULL;
	req = json_pack("{s:s, s:i, s:s, s:o}", "jsonrpc", "1.0", "id", id,
			"method", method, "params", params);
	if (!req)
		return NULL;
	s = json_dumps(req, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(req);
	return s;
}

char *rpc_name_show_request(const char *name, int id)
{
	return rpc_request("name_show", json_pack("[s, {s:s}]", name,
						  "valueEncoding", "utf8"),
			   id);
}

/* A reply, read: root owned, result and error borrowed from it. */
struct reply {
	json_t *root;
	json_t *result;
	json_t *error;		/* the JSON-RPC error object, if any */
};

/*
 * The node's error object ({"code": C, "message": M}) into @e. -10
 * (in initial download) and -28 (warming up) mean "not ready"; every other
 * code is the caller's to classify.
 */
static enum rpc_status read_error(const json_t *obj, struct rpc_error *e,
				  char *err, size_t errlen)
{
	const json_t *code = json_object_get(obj, "code");
	const json_t *msg = json_object_get(obj, "message");

	if (!json_is_integer(code))
		return say(err, errlen, RPC_BAD_REPLY,
			   "reply: error without an integer code");
	e->code = json_integer_value(code);
	if (json_is_string(msg))
		copy_text(e->message, sizeof(e->message),
			  json_string_value(msg), json_string_length(msg));
	if (e->code == -10 || e->code == -28)
		return say(err, errlen, RPC_NOT_READY,
			   "node not ready: error %lld: %s", e->code,
			   e->message);
	return say(err, errlen, RPC_ERROR, "error %lld: %s", e->code,
		   e->message);
}

/* The HTTP statuses namecoind answers without a JSON body. */
static enum rpc_status read_status(int http, char *err, size_t errlen)
{
	switch (http) {
	case 401:
		return say(err, errlen, RPC_UNAUTHORIZED,
			   "HTTP 401: the node refused the credentials (check rpcuser/rpcpassword or rpccookiefile)");
	case 403:
		return say(err, errlen, RPC_UNAUTHORIZED,
			   "HTTP 403: the node refused this client or method (check rpcallowip and rpcwhitelist)");
	case 503:
		return say(err, errlen, RPC_NOT_READY,
			   "HTTP 503: the node is shutting down");
	}
	return say(err, errlen, RPC_BAD_REPLY, "HTTP %d", http);
}

/*
 * Legacy JSON-RPC 1.0 as namecoind sends it: a result with HTTP 200; an
 * error object with HTTP 500, or 404 (method not found) or 400 (invalid
 * request). The caller frees r->root whatever the outcome.
 */
static enum rpc_status read_reply(int http, const char *body, size_t len,
				  int id, struct reply *r,
				  struct rpc_error *e, char *err,
				  size_t errlen)
{
	const json_t *rid;
	json_error_t jerr;

	memset(r, 0, sizeof(*r));
	memset(e, 0, sizeof(*e));
	if (http != 200 && http != 500 && http != 404 && http != 400)
		return read_status(http, err, errlen);
	r->root = json_loadb(body, len, 0, &jerr);
	if (!json_is_object(r->root))
		return http == 404 ?
			say(err, errlen, RPC_BAD_REPLY,
			    "HTTP 404: no JSON-RPC service at this URL (check url)") :
			say(err, errlen, RPC_BAD_REPLY,
			    "reply: not a JSON object (HTTP %d)", http);
	rid = json_object_get(r->root, "id");
	if (!json_is_integer(rid) || json_integer_value(rid) != id)
		return say(err, errlen, RPC_BAD_REPLY,
			   "reply: not for request %d", id);
	r->error = json_object_get(r->root, "error");
	if (r->error && !json_is_null(r->error)) {
		if (!json_is_object(r->error))
			return say(err, errlen, RPC_BAD_REPLY,
				   "reply: error is not an object");
		return read_error(r->error, e, err, errlen);
	}
	r->error = NULL;
	r->result = json_object_get(r->root, "result");
	if (http != 200 || !r->result)
		return say(err, errlen, RPC_BAD_REPLY,
			   "reply: no result (HTTP %d)", http);
	return RPC_OK;
}

enum rpc_status rpc_parse_reply_err(int http, const char *body, size_t len,
				    int id, json_t **result,
				    struct rpc_error *e, char *err,
				    size_t errlen)
{
	struct rpc_error scratch;
	enum rpc_status st;
	struct reply r;

	*result = NULL;
	st = read_reply(http, body, len, id, &r, e ? e : &scratch, err,
			errlen);
	if (st == RPC_OK)
		*result = json_incref(r.result);
	json_decref(r.root);
	return st;
}

enum rpc_status rpc_parse_reply(int http, const char *body, size_t len,
				int id, json_t **result, char *err,
				size_t errlen)
{
	return rpc_parse_reply_err(http, body, len, id, result, NULL, err,
				   errlen);
}

static bool printable_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/*
 * Is @m (@mlen bytes) PREFIX followed by @name as names.cpp's
 * EncodeNameForMessage() quotes it: 'NAME' when NAME is valid in the
 * "ascii" encoding (bytes 0x20 to 0x7f), else 0x and lower-case hex?
 */
static bool says_name(const char *m, size_t mlen, const char *prefix,
		      const char *name)
{
	static const char hex[] = "0123456789abcdef";
	size_t plen = strlen(prefix), n = strlen(name), i;

	if (mlen < plen || memcmp(m, prefix, plen))
		return false;
	m += plen;
	mlen -= plen;
	if (printable_ascii(name, n))
		return mlen == n + 2 && m[0] == '\'' &&
		       !memcmp(m + 1, name, n) && m[n + 1] == '\'';
	if (mlen != 2 + 2 * n || memcmp(m, "0x", 2))
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (m[2 + 2 * i] != hex[c >> 4] || m[3 + 2 * i] != hex[c & 15])
			return false;
	}
	return true;
}

/*
 * Error -4 (RPC_WALLET_ERROR) is what name_show throws for a missing or
 * an expired name, and what wallet calls throw for many other things:
 * only the exact message for the name asked counts.
 */
static enum rpc_status name_error(const json_t *obj, const char *name,
				  enum rpc_status st, char *err,
				  size_t errlen)
{
	const json_t *msg = json_object_get(obj, "message");
	const char *m = json_string_value(msg);
	size_t mlen = json_string_length(msg);

	if (!m)
		return st;
	/* "name not found": nodes before nc23.0, for both cases. */
	if (says_name(m, mlen, "name never existed: ", name) ||
	    says_name(m, mlen, "name not found: ", name))
		return say(err, errlen, RPC_NO_NAME,
			   "name never existed (error -4)");
	if (says_name(m, mlen, "name expired: ", name))
		return say(err, errlen, RPC_EXPIRED,
			   "name expired (error -4)");
	return st;
}

/*
 * Error -18 (RPC_WALLET_NOT_FOUND) from name_show, which needs no wallet:
 * names.cpp's MaybeWalletForRequest lets only -19 (several wallets) go,
 * so a node built with a wallet refuses name_show when none is loaded, or
 * when the wallet of a /wallet/NAME url is not. Say what to do, in a line
 * that fits 256 bytes (the node's long "No wallet is loaded. Load a
 * wallet using loadwallet or ..." is cut to its first sentence).
 */
static enum rpc_status wallet_refused(const struct rpc_error *e, char *err,
				      size_t errlen)
{
	static const char none[] = "No wallet is loaded.";
	static const char named[] =
		"Requested wallet does not exist or is not loaded";

	if (!strncmp(e->message, none, strlen(none)))
		return say(err, errlen, RPC_ERROR,
			   "error -18: %s (namecoind refuses name_show when its wallet is enabled but none is loaded: namecoin-cli loadwallet NAME, or run namecoind with -disablewallet)",
			   none);
	if (!strcmp(e->message, named))
		return say(err, errlen, RPC_ERROR,
			   "error -18: %s (namecoind refuses name_show when the wallet named in url is not loaded: namecoin-cli loadwallet NAME, or fix url)",
			   named);
	/* Another message: the advice first, the node's words after. */
	return say(err, errlen, RPC_ERROR,
		   "error -18 (namecoind refuses name_show when the wallet it would use is not loaded: load it, fix url, or run namecoind with -disablewallet): %s",
		   e->message);
}

static bool is_hex64(const json_t *s)
{
	const char *p = json_string_value(s);
	size_t i;

	if (!p || json_string_length(s) != 64)
		return false;
	for (i = 0; i < 64; i++)
		if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
			return false;
	return true;
}

/* The fields of a name_show result but the value. */
static enum rpc_status read_name_info(const json_t *r, const char *name,
				      struct rpc_name *out, char *err,
				      size_t errlen)
{
	const json_t *nm = json_object_get(r, "name");
	const json_t *mine = json_object_get(r, "ismine");
	const json_t *height = json_object_get(r, "height");
	const json_t *exp_in = json_object_get(r, "expires_in");
	const json_t *expired = json_object_get(r, "expired");

	/* Absent when the name is not valid "ascii" (name_error instead). */
	if (nm && (!json_is_string(nm) ||
		   json_string_length(nm) != strlen(name) ||
		   memcmp(json_string_value(nm), name, strlen(name))))
		return say(err, errlen, RPC_BAD_REPLY,
			   "result.name: not the name asked");
	if (!is_hex64(json_object_get(r, "txid")))
		return say(err, errlen, RPC_BAD_REPLY,
			   "result.txid: not 64 hex digits");
	/* Absent when the node runs without a wallet. */
	if (mine && !json_is_boolean(mine))
		return say(err, errlen, RPC_BAD_REPLY,
			   "result.ismine: not a boolean");
	if (!json_is_integer(height) || json_integer_value(height) < 0)
		return say(err, errlen, RPC_BAD_REPLY,
			   "result.height: not a block height");
	if (!json_is_integer(exp_in))
		return say(err, errlen, RPC_BAD_REPLY,
			   "result.expires_in: not an integer");
	if (!json_is_boolean(expired))
		return say(err, errlen, RPC_BAD_REPLY,
			   "result.expired: not a boolean");
	memcpy(out->txid, json_string_value(json_object_get(r, "txid")), 64);
	out->txid[64] = '\0';
	out->ismine = json_is_true(mine);
	out->height = json_integer_value(height);
	out->expires_in = json_integer_value(exp_in);
	out->expired = json_is_true(expired);
	return RPC_OK;
}

/*
 * "value", or "value_error" in its place when the value is not valid in
 * the requested encoding (encoding.cpp's AddEncodedNameToUniv()).
 */
static enum rpc_status read_value(const json_t *r, struct rpc_name *out,
				  char *err, size_t errlen)
{
	const json_t *v = json_object_get(r, "value");
	const json_t *verr = json_object_get(r, "value_error");
	const char *value;

	if (!v && json_is_string(verr))
		return say(err, errlen, RPC_INVALID_VALUE,
			   "result.value: not valid utf8 (the node gave value_error)");
	if (!json_is_string(v) || verr)
		return say(err, errlen, RPC_BAD_REPLY,
			   "result.value: not a string");
	value = json_string_value(v);
	out->value_len = json_string_length(v);
	if (out->value_len > RPC_VALUE_MAX ||
	    memchr(value, 0, out->value_len)) {
		out->value_len = 0;
		return say(err, errlen, RPC_BAD_REPLY,
			   "result.value: longer than %d bytes or holds a NUL",
			   RPC_VALUE_MAX);
	}
	memcpy(out->value, value, out->value_len);
	out->value[out->value_len] = '\0';
	return RPC_OK;
}

enum rpc_status rpc_parse_name_show(int http, const char *body, size_t len,
				    int id, const char *name,
				    struct rpc_name *out, struct rpc_error *e,
				    char *err, size_t errlen)
{
	struct rpc_error scratch;
	enum rpc_status st;
	struct reply r;

	if (!e)
		e = &scratch;
	memset(out, 0, sizeof(*out));
	st = read_reply(http, body, len, id, &r, e, err, errlen);
	if (st == RPC_ERROR && e->code == -4)
		st = name_error(r.error, name, st, err, errlen);
	else if (st == RPC_ERROR && e->code == -18)
		st = wallet_refused(e, err, errlen);
	if (st != RPC_OK)
		goto out;
	if (!json_is_object(r.result)) {
		st = say(err, errlen, RPC_BAD_REPLY, "reply: no result object");
		goto out;
	}
	st = read_name_info(r.result, name, out, err, errlen);
	if (st == RPC_OK)
		st = read_value(r.result, out, err, errlen);
	/* allowExpired: the node gives the data; the name is still gone. */
	if ((st == RPC_OK || st == RPC_INVALID_VALUE) && out->expired)
		st = say(err, errlen, RPC_EXPIRED, "name expired");
out:
	json_decref(r.root);
	if (st != RPC_OK && st != RPC_EXPIRED && st != RPC_INVALID_VALUE)
		memset(out, 0, sizeof(*out));
	return st;
}

static enum rpc_status chain_int(const json_t *r, const char *key,
				 long long min, long long *v, char *err,
				 size_t errlen)
{
	const json_t *j = json_object_get(r, key);

	if (!json_is_integer(j) || json_integer_value(j) < min)
		return say(err, errlen, RPC_BAD_REPLY,
			   "getblockchaininfo: result.%s: not an integer of at least %lld",
			   key, min);
	*v = json_integer_value(j);
	return RPC_OK;
}

enum rpc_status rpc_parse_chain(const json_t *result, long long now,
				unsigned int max_tip_age, struct rpc_chain *out,
				char *err, size_t errlen)
{
	const json_t *ibd = json_object_get(result, "initialblockdownload");

	memset(out, 0, sizeof(*out));
	if (!json_is_object(result))
		return say(err, errlen, RPC_BAD_REPLY,
			   "getblockchaininfo: result is not an object");
	if (chain_int(result, "blocks", 0, &out->blocks, err, errlen) ||
	    chain_int(result, "headers", -1, &out->headers, err, errlen) ||
	    chain_int(result, "time", 0, &out->time, err, errlen))
		return RPC_BAD_REPLY;
	if (!json_is_boolean(ibd))
		return say(err, errlen, RPC_BAD_REPLY,
			   "getblockchaininfo: result.initialblockdownload: not a boolean");
	out->ibd = json_is_true(ibd);
	if (out->ibd)
		return say(err, errlen, RPC_NOT_READY,
			   "node not current: in initial block download (blocks %lld, headers %lld)",
			   out->blocks, out->headers);
	if (out->headers > out->blocks)
		return say(err, errlen, RPC_NOT_READY,
			   "node not current: %lld blocks behind the headers it knows (blocks %lld, headers %lld)",
			   out->headers - out->blocks, out->blocks,
			   out->headers);
	if (max_tip_age && now - out->time > (long long)max_tip_age)
		return say(err, errlen, RPC_NOT_READY,
			   "node not current: its tip (block %lld) is %lld s old, more than max-tip-age %u",
			   out->blocks, now - out->time, max_tip_age);
	return RPC_OK;
}

long rpc_call_timeout(unsigned int rpc_timeout_ms, long long deadline_ms,
		      long long now_ms)
{
	long long left = deadline_ms - now_ms;

	if (!deadline_ms || left >= (long long)rpc_timeout_ms)
		return (long)rpc_timeout_ms;
	return left > 0 ? (long)left : 0;
}

void rpc_call_label(const char *method, const json_t *params, char *buf,
		    size_t len)
{
	const json_t *arg = json_array_get(params, 0);
	size_t n;

	if (!len)
		return;
	copy_text(buf, len, method, strlen(method));
	n = strlen(buf);
	if (!json_is_string(arg) || n + 2 > len)
		return;
	buf[n++] = ' ';
	copy_text(buf + n, len - n, json_string_value(arg),
		  json_string_length(arg));
}
