// SPDX-License-Identifier: GPL-2.0
/*
 * fake-namecoind's JSON-RPC: the method table (names, arguments, help
 * texts), named parameters, -disablewallet's missing wallet methods,
 * legacy (1.0) replies and their HTTP status, single calls and batches.
 */
#define _GNU_SOURCE
#include <string.h>

#include "fake.h"

#define S(n) { n, A_STR, false }
#define S_(n) { n, A_STR, true }
#define N(n) { n, A_NUM, false }
#define N_(n) { n, A_NUM, true }
#define B_(n) { n, A_BOOL, true }
#define O_(n) { n, A_OBJ, true }

static const struct method methods[] = {
	{ "getblockcount", m_getblockcount, "getblockcount\n\nReturns the "
	  "height of the most-work fully-validated chain.", { { 0 } } },
	{ "getbestblockhash", m_getbestblockhash, "getbestblockhash\n\n"
	  "Returns the hash of the best (tip) block in the most-work "
	  "fully-validated chain.", { { 0 } } },
	{ "getblockhash", m_getblockhash, "getblockhash height\n\nReturns "
	  "hash of block in best-block-chain at height provided.",
	  { N("height") } },
	{ "getblockchaininfo", m_getblockchaininfo, "getblockchaininfo\n\n"
	  "Returns an object containing various state info regarding "
	  "blockchain processing.", { { 0 } } },
	{ "generatetoaddress", m_generatetoaddress, "generatetoaddress "
	  "nblocks \"address\" ( maxtries )\n\nMine to a specified address "
	  "and return the block hashes.",
	  { N("nblocks"), S("address"), N_("maxtries") } },
	{ "name_show", m_name_show, "name_show \"name\" ( options )\n\n"
	  "Looks up the current data for the given name.  Fails if the "
	  "name doesn't exist.", { S("name"), O_("options") } },
	{ "name_pending", m_name_pending, "name_pending ( \"name\" options )"
	  "\n\nLists unconfirmed name operations in the mempool.",
	  { S_("name"), O_("options") } },
	{ "name_list", m_name_list, "name_list ( \"name\" options )\n\n"
	  "Shows the status of all names in the wallet.",
	  { S_("name"), O_("options") } },
	{ "name_new", m_name_new, "name_new \"name\" ( options )\n\nStarts "
	  "registration of the given name.  Must be followed up with "
	  "name_firstupdate to finish the registration.",
	  { S("name"), O_("options") } },
	{ "name_firstupdate", m_name_firstupdate, "name_firstupdate \"name\""
	  " ( \"rand\" \"tx\" \"value\" options allow_active )\n\nFinishes "
	  "the registration of a name.  Depends on name_new being already "
	  "issued.", { S("name"), S_("rand"), S_("tx"), S_("value"),
			O_("options"), B_("allow_active") } },
	{ "name_update", m_name_update, "name_update \"name\" ( \"value\" "
	  "options )\n\nUpdates a name and possibly transfers it.",
	  { S("name"), S_("value"), O_("options") } },
	{ "walletpassphrase", m_walletpassphrase, "walletpassphrase "
	  "\"passphrase\" timeout\n\nStores the wallet decryption key in "
	  "memory for 'timeout' seconds.",
	  { S("passphrase"), N("timeout") } },
	{ "walletlock", m_walletlock, "walletlock\n\nRemoves the wallet "
	  "encryption key from memory, locking the wallet.", { { 0 } } },
	{ "stop", m_stop, "stop\n\nRequest a graceful shutdown of Namecoin "
	  "Core.", { N_("wait") } },
	{ "fake_setname", m_fake_setname, "fake_setname \"name\" "
	  "\"value\"|null ( height options )\n\nfake-namecoind: sets (or "
	  "with null deletes) a name directly.",
	  { S("name"), S_("value"), N_("height"), O_("options") } },
	{ "fake_mode", m_fake_mode, "fake_mode ( {key: value, ...} )\n\n"
	  "fake-namecoind: changes and returns the reply mode.",
	  { O_("mode") } },
};

/* The wallet's RPCs (wallet/rpc/wallet.cpp GetWalletRPCCommands). */
static bool wallet_method(const struct method *m)
{
	static const char *const names[] = {
		"name_list", "name_new", "name_firstupdate", "name_update",
		"walletpassphrase", "walletlock",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(m->name, names[i]))
			return true;
	return false;
}

/* Named parameters to positional ones, as Core's transformNamedArguments. */
static json_t *positional(const struct method *m, json_t *named,
			  struct rpc_err *e)
{
	json_t *arr = xjson(json_array());
	const char *key;
	json_t *v;
	size_t i, last = 0;

	json_object_foreach(named, key, v) {
		for (i = 0; i < ARGS_MAX && m->args[i].name; i++)
			if (!strcmp(key, m->args[i].name))
				break;
		if (i == ARGS_MAX || !m->args[i].name) {
			json_decref(arr);
			return fail(e, RPC_INVALID_PARAMETER,
				    "Unknown named parameter %.100s", key);
		}
	}
	for (i = 0; i < ARGS_MAX && m->args[i].name; i++)
		if (json_object_get(named, m->args[i].name))
			last = i + 1;
	for (i = 0; i < last; i++) {
		v = json_object_get(named, m->args[i].name);
		json_array_append(arr, v ? v : json_null());
	}
	return arr;
}

static int http_status_of(int code)
{
	if (code == RPC_INVALID_REQUEST)
		return 400;
	if (code == RPC_METHOD_NOT_FOUND)
		return 404;
	return 500;
}

static json_t *reply_obj(json_t *result, const struct rpc_err *e,
			 json_t *id)
{
	json_t *err = e ? xjson(json_pack("{s:i, s:s}", "code", e->code,
					  "message", e->msg)) :
			  xjson(json_null());

	return xjson(json_pack("{s:o, s:o, s:O}", "result",
			       result ? result : xjson(json_null()), "error",
			       err, "id", id ? id : json_null()));
}

static const struct method *find_method(const char *name)
{
	const struct method *m = NULL;
	size_t i;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (!strcmp(methods[i].name, name))
			m = &methods[i];
	return m;
}

/* m on params made positional and checked; NULL with e on an error. */
static json_t *call(const struct method *m, json_t *params,
		    struct rpc_err *e)
{
	json_t *args, *res;

	if (json_is_object(params))
		args = positional(m, params, e);
	else if (json_is_array(params))
		args = json_incref(params);
	else
		args = xjson(json_array());
	if (!args)
		return NULL;
	res = check_args(m, args, e) ? m->fn(args, e) : NULL;
	json_decref(args);
	return res;
}

/* One JSON-RPC call; *status gets the HTTP status of a lone call. */
static json_t *rpc_call(json_t *req, int *status, const char **mname)
{
	struct rpc_err e = { 0 };
	const struct method *m;
	json_t *id = NULL, *meth, *params, *res;

	*mname = "?";
	if (!json_is_object(req)) {
		fail(&e, RPC_INVALID_REQUEST, "Invalid Request object");
		goto err;
	}
	id = json_object_get(req, "id");
	meth = json_object_get(req, "method");
	if (!meth) {
		fail(&e, RPC_INVALID_REQUEST, "Missing method");
		goto err;
	}
	if (!json_is_string(meth)) {
		fail(&e, RPC_INVALID_REQUEST, "Method must be a string");
		goto err;
	}
	*mname = json_string_value(meth);
	params = json_object_get(req, "params");
	m = find_method(*mname);
	if (params && !json_is_null(params) && !json_is_array(params) &&
	    !json_is_object(params)) {
		fail(&e, RPC_INVALID_REQUEST,
		     "Params must be an array or object");
		goto err;
	}
	/* -disablewallet: the wallet's RPCs are not registered at all. */
	if (!m || (chain.disablewallet && wallet_method(m))) {
		fail(&e, RPC_METHOD_NOT_FOUND, "Method not found");
		goto err;
	}
	res = call(m, params, &e);
	if (!res)
		goto err;
	*status = 200;
	return reply_obj(res, NULL, id);
err:
	*status = http_status_of(e.code);
	return reply_obj(NULL, &e, id);
}

/*
 * The reply to a request body (req NULL: it did not parse): one call's, a
 * batch's (an array, HTTP 200) or a parse error's; *status is its HTTP
 * status and *mname what to log.
 */
json_t *rpc_answer(json_t *req, int *status, const char **mname)
{
	struct rpc_err e;
	json_t *rep, *one;
	size_t i;
	int st;

	*status = 200;
	*mname = "?";
	if (!req) {
		fail(&e, RPC_PARSE_ERROR, "Parse error");
		*status = 500;
		*mname = "(parse error)";
		return reply_obj(NULL, &e, NULL);
	}
	if (json_is_object(req))
		return rpc_call(req, status, mname);
	if (json_is_array(req)) {
		rep = xjson(json_array());
		json_array_foreach(req, i, one)
			json_array_append_new(rep, rpc_call(one, &st, mname));
		*mname = "(batch)";
		return rep;
	}
	fail(&e, RPC_PARSE_ERROR, "Top-level object parse error");
	*status = 500;
	*mname = "(not an object)";
	return reply_obj(NULL, &e, NULL);
}
