// SPDX-License-Identifier: GPL-2.0
/*
 * fake-namecoind's test controls, not namecoind's: the modes fake_mode
 * changes (and the node options among them), the state file of -s, and
 * fake_setname.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "fake.h"

#define DELAY_MAX_MS	600000

struct modekey {
	const char *key;
	bool is_int;
	long long min, max;
	void *p;		/* bool * or long long * */
};

static bool locked_flag;	/* what "wallet_locked" asks */

static const struct modekey modekeys[] = {
	{ "ibd", false, 0, 0, &chain.ibd },
	{ "delay_ms", true, 0, DELAY_MAX_MS, &chain.delay_ms },
	{ "garbage", false, 0, 0, &chain.garbage },
	{ "http500_html", false, 0, 0, &chain.http500_html },
	{ "expired_error", false, 0, 0, &chain.expired_error },
	{ "headers_ahead", true, 0, 1000000, &chain.headers_ahead },
	{ "tip_age", true, 0, 1000000000, &chain.tip_age },
	{ "wallet_locked", false, 0, 0, &locked_flag },
	{ "no_funds", false, 0, 0, &chain.no_funds },
	{ "fee_estimation_fails", false, 0, 0, &chain.fee_fails },
	{ "wallets", true, 0, 2, &chain.wallets },
	{ "disablewallet", false, 0, 0, &chain.disablewallet },
	/* node options (-allowexpired, -limitnamechains) */
	{ "allowexpired", false, 0, 0, &chain.allowexpired },
	{ "limitnamechains", true, 1, NAME_CHAIN_MAX, &chain.limitnamechains },
};

#define N_MODEKEYS (sizeof(modekeys) / sizeof(modekeys[0]))

/* fake_mode's answer: every key with its value. */
static json_t *mode_json(void)
{
	json_t *o = xjson(json_object());
	size_t i;

	locked_flag = wallet_is_locked();
	for (i = 0; i < N_MODEKEYS; i++)
		json_object_set_new(o, modekeys[i].key, modekeys[i].is_int ?
			xjson(json_integer(*(long long *)modekeys[i].p)) :
			xjson(json_boolean(*(bool *)modekeys[i].p)));
	return o;
}

static const struct modekey *modekey(const char *key)
{
	size_t i;

	for (i = 0; i < N_MODEKEYS; i++)
		if (!strcmp(key, modekeys[i].key))
			return &modekeys[i];
	return NULL;
}

/* A mode key's value, checked; k NULL: an unknown key. */
static bool check_mode(const struct modekey *k, const char *key,
		       const json_t *v, bool other_ok, struct rpc_err *e)
{
	if (!k) {
		if (other_ok)
			return true;
		fail(e, RPC_INVALID_PARAMETER, "unknown mode key: %.100s", key);
		return false;
	}
	if (!k->is_int && !json_is_boolean(v)) {
		fail(e, RPC_TYPE_ERROR, "Expected type bool for %s, got %s",
		     key, jtype(v));
		return false;
	}
	if (k->is_int && (!json_is_integer(v) ||
			  json_integer_value(v) < k->min ||
			  json_integer_value(v) > k->max)) {
		fail(e, RPC_TYPE_ERROR, "Expected type number (%lld..%lld) "
		     "for %s, got %s", k->min, k->max, key, jtype(v));
		return false;
	}
	return true;
}

static void set_mode(const struct modekey *k, const json_t *v)
{
	if (k->is_int)
		*(long long *)k->p = json_integer_value(v);
	else
		*(bool *)k->p = json_is_true(v);
	if (k->p != &locked_flag)
		return;
	/* locking encrypts; unlocking keeps it encrypted */
	chain.encrypted |= locked_flag;
	chain.locked = locked_flag;
	chain.relock_ms = 0;
}

/* Apply mode keys of obj; unknown keys are an error unless other_ok. */
static bool apply_mode(const json_t *obj, bool other_ok, struct rpc_err *e)
{
	const struct modekey *k;
	const char *key;
	json_t *v;

	/* Check everything first: a failing call changes nothing. */
	json_object_foreach((json_t *)obj, key, v)
		if (!check_mode(modekey(key), key, v, other_ok, e))
			return false;
	json_object_foreach((json_t *)obj, key, v) {
		k = modekey(key);
		if (k)
			set_mode(k, v);
	}
	return true;
}

static bool state_key(const char *key)
{
	return !strcmp(key, "height") || !strcmp(key, "expire_depth") ||
	       !strcmp(key, "names") || modekey(key);
}

/* The state file's names.KEY: checked, then set on the chain. */
static void load_name(const char *path, const char *key, json_t *n)
{
	json_t *val, *h, *mine, *raw;
	size_t vlen;
	char *v;

	if (!json_is_object(n))
		die("%s: names.%s: not an object", path, key);
	val = json_object_get(n, "value");
	h = json_object_get(n, "height");
	mine = json_object_get(n, "ismine");
	raw = json_object_get(n, "encoding_raw_hex");
	if (val && !json_is_string(val))
		die("%s: names.%s.value: not a string", path, key);
	if (h && !json_is_integer(h))
		die("%s: names.%s.height: not an integer", path, key);
	if (mine && !json_is_boolean(mine))
		die("%s: names.%s.ismine: not a bool", path, key);
	if (raw && !(json_is_string(raw) &&
		     (!json_string_length(raw) ||
		      is_hex(json_string_value(raw),
			     json_string_length(raw)))))
		die("%s: names.%s.encoding_raw_hex: not hex", path, key);
	if (raw)
		v = parse_hex(json_string_value(raw),
			      json_string_length(raw), &vlen);
	else
		v = xmemdup(val ? json_string_value(val) : "",
			    val ? json_string_length(val) : 0);
	if (!raw)
		vlen = val ? json_string_length(val) : 0;
	set_name(key, strlen(key), v, vlen,
		 h ? json_integer_value(h) : chain.height,
		 !mine || json_is_true(mine));
	free(v);
}

static void load_names(const char *path, json_t *names)
{
	const char *key;
	json_t *n;

	if (names && !json_is_object(names))
		die("%s: names: not an object", path);
	json_object_foreach(names, key, n)
		load_name(path, key, n);
}

/* -s STATE.json: height, expire_depth, names, and fake_mode's keys. */
void load_state(const char *path)
{
	json_error_t jerr;
	json_t *root, *v;
	struct rpc_err e;
	const char *key;

	root = json_load_file(path, JSON_ALLOW_NUL, &jerr);
	if (!root)
		die("%s:%d: %s", path, jerr.line, jerr.text);
	if (!json_is_object(root))
		die("%s: not a JSON object", path);
	json_object_foreach(root, key, v)
		if (!state_key(key))
			die("%s: unknown key \"%s\"", path, key);
	if (!apply_mode(root, true, &e))
		die("%s: %s", path, e.msg);
	v = json_object_get(root, "height");
	if (v) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > INT_MAX)
			die("%s: height: not an integer >= 0", path);
		chain.height = json_integer_value(v);
	}
	v = json_object_get(root, "expire_depth");
	if (v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > INT_MAX)
			die("%s: expire_depth: not an integer > 0", path);
		chain.expire_depth = json_integer_value(v);
	}
	load_names(path, json_object_get(root, "names"));
	json_decref(root);
}

/* fake_setname NAME VALUE|null [HEIGHT] [{"ismine", "encoding_raw_hex"}] */
json_t *m_fake_setname(json_t *params, struct rpc_err *e)
{
	const json_t *opts = arg_opts(params, 3);
	long long height = chain.height;
	const char *name, *value;
	size_t nlen, vlen;
	json_t *mine, *raw;
	char *bytes;

	if (json_array_size(params) < 2)
		return fail(e, RPC_MISC_ERROR, "fake_setname \"name\" "
			    "\"value\"|null ( height options )");
	if (!opt_get(opts, "ismine", A_BOOL, &mine, e) ||
	    !opt_get(opts, "encoding_raw_hex", A_STR, &raw, e))
		return NULL;
	if (raw && json_string_length(raw) &&
	    !is_hex(json_string_value(raw), json_string_length(raw)))
		return fail(e, RPC_INVALID_PARAMETER,
			    "encoding_raw_hex: not hex");
	if (arg_given(params, 2) && !arg_int(params, 2, &height, e))
		return NULL;
	name = arg_str(params, 0, &nlen);
	if (!raw && !arg_given(params, 1)) {
		del_name(name, nlen);
		return xjson(json_null());
	}
	if (raw) {
		bytes = parse_hex(json_string_value(raw),
				  json_string_length(raw), &vlen);
	} else {
		value = arg_str(params, 1, &vlen);
		bytes = xmemdup(value, vlen);
	}
	set_name(name, nlen, bytes, vlen, height, !mine || json_is_true(mine));
	free(bytes);
	return xjson(json_null());
}

/* fake_mode [{KEY: VALUE, ...}]: changes any of them; all, as they are. */
json_t *m_fake_mode(json_t *params, struct rpc_err *e)
{
	const json_t *obj = json_array_get(params, 0);

	if (json_is_object(obj) && !apply_mode(obj, false, e))
		return NULL;
	return mode_json();
}
