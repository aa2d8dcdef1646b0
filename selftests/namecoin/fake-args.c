// SPDX-License-Identifier: GPL-2.0
/*
 * fake-namecoind's RPC arguments, as RPCMethod::HandleRequest checks them:
 * the argument count (-1 with the help text) and types (-3), reading them
 * once checked, the options object and its typed options
 * (RPCTypeCheckObj), and the name/value arguments decoded in the
 * encoding their options ask (-1000 when invalid for it).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake.h"

#define NAME_MAX_LEN	255

static const char *atype_name(enum atype t)
{
	static const char *const n[] = { "string", "number", "bool", "object" };

	return n[t];
}

static bool atype_ok(const json_t *v, enum atype t)
{
	switch (t) {
	case A_STR:
		return json_is_string(v);
	case A_NUM:
		return json_is_number(v);
	case A_BOOL:
		return json_is_boolean(v);
	default:
		return json_is_object(v);
	}
}

/*
 * IsValidNumArgs (-1 with the help text) and the type check of every
 * argument (-3 "Wrong type passed:" and the mismatches, indented 4).
 */
bool check_args(const struct method *m, const json_t *params,
		struct rpc_err *e)
{
	size_t n = json_array_size(params), total = 0, req = 0, i;
	json_t *bad = xjson(json_object());
	const json_t *v;
	char key[96], *s;

	while (total < ARGS_MAX && m->args[total].name) {
		if (!m->args[total].optional)
			req = total + 1;
		total++;
	}
	if (n < req || n > total) {
		json_decref(bad);
		fail(e, RPC_MISC_ERROR, "%s", m->help);
		return false;
	}
	for (i = 0; i < n; i++) {
		v = json_array_get(params, i);
		if (json_is_null(v) && m->args[i].optional)
			continue;
		if (atype_ok(v, m->args[i].type))
			continue;
		snprintf(key, sizeof(key), "Position %zu (%s)", i + 1,
			 m->args[i].name);
		json_object_set_new(bad, key, json_sprintf(
			"JSON value of type %s is not of expected type %s",
			jtype(v), atype_name(m->args[i].type)));
	}
	if (!json_object_size(bad)) {
		json_decref(bad);
		return true;
	}
	s = json_dumps(bad, JSON_INDENT(4) | JSON_PRESERVE_ORDER);
	json_decref(bad);
	if (!s)
		die("out of memory (dump)");
	fail(e, RPC_TYPE_ERROR, "Wrong type passed:\n%s", s);
	free(s);
	return false;
}

bool arg_given(const json_t *params, size_t i)
{
	const json_t *v = json_array_get(params, i);

	return v && !json_is_null(v);
}

/* After check_args: the string at i. */
const char *arg_str(const json_t *params, size_t i, size_t *len)
{
	const json_t *v = json_array_get(params, i);

	*len = json_string_length(v);
	return json_string_value(v);
}

/* After check_args: a number at i that must be an integer (getInt). */
bool arg_int(const json_t *params, size_t i, long long *out,
	     struct rpc_err *e)
{
	const json_t *v = json_array_get(params, i);

	if (!json_is_integer(v)) {
		fail(e, RPC_MISC_ERROR, "JSON integer out of range");
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

/* The options object at i, or an empty one. */
const json_t *arg_opts(const json_t *params, size_t i)
{
	static json_t *empty;
	const json_t *v = json_array_get(params, i);

	if (!empty)
		empty = xjson(json_object());
	return json_is_object(v) ? v : empty;
}

/*
 * An option of an options object: RPCTypeCheckObj (null allowed, -3 on a
 * wrong type), then get_str()/get_bool() on it, which is -1 for a null.
 */
bool opt_get(const json_t *opts, const char *key, enum atype t,
	     json_t **out, struct rpc_err *e)
{
	json_t *v = json_object_get(opts, key);

	*out = NULL;
	if (!v)
		return true;
	if (json_is_null(v)) {
		fail(e, RPC_MISC_ERROR,
		     "JSON value of type null is not of expected type %s",
		     atype_name(t));
		return false;
	}
	if (!atype_ok(v, t)) {
		fail(e, RPC_TYPE_ERROR, "JSON value of type %s for field %s "
		     "is not of expected type %s", jtype(v), key,
		     atype_name(t));
		return false;
	}
	*out = v;
	return true;
}

/* EncodingFromOptionsJson: an unknown encoding falls back to ascii. */
bool opt_enc(const json_t *opts, const char *key, enum enc *enc,
	     struct rpc_err *e)
{
	json_t *v;
	size_t i;

	*enc = ENC_ASCII;	/* -nameencoding/-valueencoding default */
	if (!opt_get(opts, key, A_STR, &v, e))
		return false;
	for (i = 0; v && i < 3; i++)
		if (!strcmp(json_string_value(v), enc_names[i]))
			*enc = (enum enc)i;
	return true;
}

/* DecodeNameValueFromRPCOrThrow: -1000 when invalid for the encoding. */
bool arg_decoded(const json_t *params, size_t i, const json_t *opts,
		 const char *key, char **out, size_t *outlen,
		 struct rpc_err *e)
{
	enum enc enc;
	const char *s;
	size_t len;

	if (!opt_enc(opts, key, &enc, e))
		return false;
	s = arg_str(params, i, &len);
	if (decode(s, len, enc, out, outlen))
		return true;
	fail(e, RPC_NAME_INVALID_ENCODING,
	     "Name/value is invalid for encoding %s", enc_names[enc]);
	return false;
}

/* The name argument at 0: decoded and at most 255 bytes. */
bool arg_name(const json_t *params, const json_t *opts, char **name,
	      size_t *nlen, struct rpc_err *e)
{
	if (!arg_decoded(params, 0, opts, "nameEncoding", name, nlen, e))
		return false;
	if (*nlen <= NAME_MAX_LEN)
		return true;
	free(*name);
	fail(e, RPC_INVALID_PARAMETER, "the name is too long");
	return false;
}
