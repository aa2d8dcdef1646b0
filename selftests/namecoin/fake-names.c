// SPDX-License-Identifier: GPL-2.0
/*
 * fake-namecoind's name lookups, as rpc/names.cpp: the name info object
 * (getNameInfo: name, value, txid, vout, address, expiry, ismine),
 * name_show and name_pending.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "fake.h"

/* getNameInfo's first keys: name and value, txid, vout, address. */
json_t *info_base(const json_t *opts, const char *name, size_t nlen,
		  const char *v, size_t vlen, const char *txid,
		  const char *addr, struct rpc_err *e)
{
	enum enc nenc, venc;
	json_t *o;

	if (!opt_enc(opts, "nameEncoding", &nenc, e) ||
	    !opt_enc(opts, "valueEncoding", &venc, e))
		return NULL;
	o = xjson(json_object());
	add_encoded(o, "name", name, nlen, nenc);
	add_encoded(o, "value", v, vlen, venc);
	json_object_set_new(o, "txid", xjson(json_string(txid)));
	json_object_set_new(o, "vout", xjson(json_integer(0)));
	json_object_set_new(o, "address", xjson(json_string(addr)));
	return o;
}

/* getNameInfo's expiry: height, expires_in, expired. */
void add_expiration(json_t *o, const struct name *nm)
{
	json_object_set_new(o, "height", xjson(json_integer(nm->height)));
	json_object_set_new(o, "expires_in",
			    xjson(json_integer(expires_in(nm))));
	json_object_set_new(o, "expired", xjson(json_boolean(expired(nm))));
}

/* ismine, when the call has a wallet (w: 1 or 2). */
void add_ismine(json_t *o, int owner, int w)
{
	if (w)
		json_object_set_new(o, "ismine",
				    xjson(json_boolean(owner == w)));
}

/* name_show NAME [OPTIONS] (rpc/names.cpp), its checks in its order. */
json_t *m_name_show(json_t *params, struct rpc_err *e)
{
	const json_t *opts = arg_opts(params, 1);
	bool allow = chain.allowexpired;
	json_t *a, *bh, *o = NULL;
	struct name *nm;
	char msg[600], *name = NULL;
	size_t nlen;
	int w;

	if (chain.ibd)
		return fail(e, RPC_CLIENT_IN_INITIAL_DOWNLOAD,
			    "Namecoin is downloading blocks...");
	if (!opt_get(opts, "allowExpired", A_BOOL, &a, e) ||
	    !arg_decoded(params, 0, opts, "nameEncoding", &name, &nlen, e))
		return NULL;
	if (a)
		allow = json_is_true(a);
	if (!opt_get(opts, "byHash", A_STR, &bh, e))
		goto out;
	if (bh && strcmp(json_string_value(bh), "direct")) {
		fail(e, RPC_MISC_ERROR, "-namehashindex is not enabled");
		goto out;
	}
	name_for_message(msg, sizeof(msg), name, nlen);
	nm = chain_name(name, nlen);
	if (!nm) {
		fail(e, RPC_WALLET_ERROR, "name never existed: %s", msg);
		goto out;
	}
	w = maybe_wallet(e);
	if (w < 0)
		goto out;
	o = info_base(opts, nm->name, nm->nlen, nm->value, nm->vlen,
		      nm->txid, nm->addr, e);
	if (!o)
		goto out;
	add_expiration(o, nm);
	add_ismine(o, nm->owner, w);
	if (expired(nm) && (!allow || chain.expired_error)) {
		json_decref(o);
		o = fail(e, RPC_WALLET_ERROR, "name expired: %s", msg);
	}
out:
	free(name);
	return o;
}

/* The pending operations of nm onto arr; false with e on an error. */
static bool add_pending(json_t *arr, const struct name *nm,
			const json_t *opts, int w, struct rpc_err *e)
{
	const struct nameop *op;
	json_t *o;
	size_t k;

	for (k = 0; k < nm->n_ops; k++) {
		op = &nm->ops[k];
		o = info_base(opts, nm->name, nm->nlen, op->value, op->vlen,
			      op->txid, op->addr, e);
		if (!o)
			return false;
		add_ismine(o, op->owner, w);
		json_object_set_new(o, "op", xjson(json_string(
			op->kind == OP_UPDATE ? "name_update" :
			"name_firstupdate")));
		json_array_append_new(arr, o);
	}
	return true;
}

/* name_pending [NAME] [OPTIONS]: the name operations in the mempool. */
json_t *m_name_pending(json_t *params, struct rpc_err *e)
{
	const json_t *opts = arg_opts(params, 1);
	int w = maybe_wallet(e);
	char *filter = NULL;
	size_t flen = 0, i;
	struct name *nm;
	json_t *arr;

	if (w < 0)
		return NULL;
	if (arg_given(params, 0) &&
	    !arg_decoded(params, 0, opts, "nameEncoding", &filter, &flen, e))
		return NULL;
	arr = xjson(json_array());
	for (i = 0; i < chain.n_names; i++) {
		nm = &chain.names[i];
		if (filter && (nm->nlen != flen ||
			       memcmp(nm->name, filter, flen)))
			continue;
		if (!add_pending(arr, nm, opts, w, e)) {
			json_decref(arr);
			arr = NULL;
			break;
		}
	}
	free(filter);
	return arr;
}
