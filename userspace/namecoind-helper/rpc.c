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

static enum rpc_status parse_error(json_t *e, char *err, size_t errlen)
{
	json_t *code = json_object_get(e, "code");
	json_t *msg = json_object_get(e, "message");
	const char *m = json_is_string(msg) ? json_string_value(msg) : "";
	json_int_t c;

	if (!json_is_integer(code))
		return say(err, errlen, RPC_BAD_REPLY,
			   "reply: error without an integer code");
	c = json_integer_value(code);
	if (c == -4 && strstr(m, "expired"))
		return say(err, errlen, RPC_EXPIRED, "name expired");
	if (c == -4)
		return say(err, errlen, RPC_NO_NAME, "%.128s", m[0] ? m :
			   "name never existed");
	if (c == -10)
		return say(err, errlen, RPC_NOT_READY,
			   "node not ready (%.100s)", m);
	return say(err, errlen, RPC_ERROR, "error %lld: %.128s",
		   (long long)c, m);
}

enum rpc_status rpc_parse_reply(int http, const char *body, size_t len,
				int id, json_t **result, char *err,
				size_t errlen)
{
	enum rpc_status st = RPC_BAD_REPLY;
	json_t *root, *e, *r;
	json_error_t jerr;

	*result = NULL;
	if (http == 401)
		return say(err, errlen, RPC_UNAUTHORIZED,
			   "HTTP 401: the node refused the credentials");
	/* Legacy JSON-RPC errors come with HTTP 500 and a JSON body. */
	if (http != 200 && http != 500)
		return say(err, errlen, RPC_BAD_REPLY, "HTTP %d", http);
	root = json_loadb(body, len, 0, &jerr);
	if (!json_is_object(root)) {
		say(err, errlen, RPC_BAD_REPLY, "reply: not a JSON object (HTTP %d)",
		    http);
		goto out;
	}
	if (!json_is_integer(json_object_get(root, "id")) ||
	    json_integer_value(json_object_get(root, "id")) != id) {
		say(err, errlen, RPC_BAD_REPLY, "reply: not for request %d", id);
		goto out;
	}
	e = json_object_get(root, "error");
	if (e && !json_is_null(e)) {
		st = json_is_object(e) ? parse_error(e, err, errlen) :
			say(err, errlen, RPC_BAD_REPLY, "reply: error is not an object");
		goto out;
	}
	r = json_object_get(root, "result");
	if (http != 200 || !r) {
		say(err, errlen, RPC_BAD_REPLY, "reply: no result");
		goto out;
	}
	*result = json_incref(r);
	st = RPC_OK;
out:
	json_decref(root);
	return st;
}

enum rpc_status rpc_parse_name_show(int http, const char *body, size_t len,
				    int id, struct rpc_name *out, char *err,
				    size_t errlen)
{
	enum rpc_status st;
	const char *value;
	json_t *r, *v;

	memset(out, 0, sizeof(*out));
	st = rpc_parse_reply(http, body, len, id, &r, err, errlen);
	if (st != RPC_OK)
		return st;
	st = RPC_BAD_REPLY;
	if (!json_is_object(r)) {
		say(err, errlen, RPC_BAD_REPLY, "reply: no result object");
		goto out;
	}
	v = json_object_get(r, "value");
	if (!json_is_string(v)) {
		say(err, errlen, RPC_BAD_REPLY, "result.value: not a string");
		goto out;
	}
	value = json_string_value(v);
	out->value_len = json_string_length(v);
	if (out->value_len > RPC_VALUE_MAX || memchr(value, 0, out->value_len)) {
		say(err, errlen, RPC_BAD_REPLY,
		    "result.value: longer than %d bytes or holds a NUL",
		    RPC_VALUE_MAX);
		goto out;
	}
	memcpy(out->value, value, out->value_len);
	if (!json_is_boolean(json_object_get(r, "expired")) ||
	    !json_is_integer(json_object_get(r, "height")) ||
	    !json_is_integer(json_object_get(r, "expires_in"))) {
		say(err, errlen, RPC_BAD_REPLY,
		    "result: expired, height or expires_in missing");
		goto out;
	}
	out->expired = json_is_true(json_object_get(r, "expired"));
	out->height = json_integer_value(json_object_get(r, "height"));
	out->expires_in = json_integer_value(json_object_get(r, "expires_in"));
	st = out->expired ? say(err, errlen, RPC_EXPIRED, "name expired") :
			    RPC_OK;
out:
	json_decref(r);
	if (st != RPC_OK && st != RPC_EXPIRED)
		memset(out, 0, sizeof(*out));
	return st;
}
