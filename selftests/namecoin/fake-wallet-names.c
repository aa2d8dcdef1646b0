// SPDX-License-Identifier: GPL-2.0
/*
 * fake-namecoind's wallet name methods (wallet/rpc/walletnames.cpp):
 * name_list, name_new, name_firstupdate and name_update.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fake.h"

#define VALUE_MAX_UI	520	/* namecoind's wallet limit */

/* name_list's order: by the names' bytes, a prefix first. */
static int name_cmp(const void *a, const void *b)
{
	const struct name *x = *(struct name *const *)a;
	const struct name *y = *(struct name *const *)b;
	int c = memcmp(x->name, y->name, x->nlen < y->nlen ? x->nlen :
		       y->nlen);

	return c ? c : (x->nlen > y->nlen) - (x->nlen < y->nlen);
}

/* The names of wallet w (held, or sent last by it), filter: only that. */
static size_t list_names(struct name **v, int w, const char *filter,
			 size_t flen)
{
	struct name *nm;
	size_t i, n = 0;

	for (i = 0; i < chain.n_names; i++) {
		nm = &chain.names[i];
		if (!nm->confirmed || (nm->owner != w && nm->last_wallet != w))
			continue;
		if (filter && (nm->nlen != flen ||
			       memcmp(nm->name, filter, flen)))
			continue;
		v[n++] = nm;
	}
	return n;
}

/* name_list [NAME] [OPTIONS]: the wallet's names, sorted, expired too. */
json_t *m_name_list(json_t *params, struct rpc_err *e)
{
	const json_t *opts = arg_opts(params, 1);
	struct name **v;
	char *filter = NULL;
	size_t flen = 0, i, n;
	json_t *arr, *o;
	int w;

	w = request_wallet(e);
	if (!w)
		return NULL;
	if (arg_given(params, 0) &&
	    !arg_decoded(params, 0, opts, "nameEncoding", &filter, &flen, e))
		return NULL;
	v = xmalloc(chain.n_names * sizeof(*v));
	n = list_names(v, w, filter, flen);
	qsort(v, n, sizeof(*v), name_cmp);
	arr = xjson(json_array());
	for (i = 0; i < n; i++) {
		o = info_base(opts, v[i]->name, v[i]->nlen, v[i]->value,
			      v[i]->vlen, v[i]->txid, v[i]->addr, e);
		if (!o) {
			json_decref(arr);
			arr = NULL;
			break;
		}
		add_ismine(o, v[i]->owner, w);
		add_expiration(o, v[i]);
		json_array_append_new(arr, o);
	}
	free(v);
	free(filter);
	return arr;
}

/* A name_new of wallet w for name (which it keeps), in the mempool. */
static struct namenew *add_new(char *name, size_t nlen, int w)
{
	struct namenew *nn;
	char r[65];

	if (chain.n_news == chain.news_cap) {
		chain.news_cap = chain.news_cap ? 2 * chain.news_cap : 16;
		chain.news = realloc(chain.news,
				     chain.news_cap * sizeof(*chain.news));
		if (!chain.news)
			die("out of memory");
	}
	nn = &chain.news[chain.n_news++];
	memset(nn, 0, sizeof(*nn));
	nn->name = name;
	nn->nlen = nlen;
	nn->wallet = w;
	fake_hash(r, 0x5a17, ++chain.txcount);
	memcpy(nn->rand, r, 40);	/* 20 bytes, as the wallet's salt */
	new_txid(nn->txid);
	return nn;
}

/* name_new NAME [OPTIONS]: [txid, rand] */
json_t *m_name_new(json_t *params, struct rpc_err *e)
{
	const json_t *opts = arg_opts(params, 1);
	struct namenew *nn;
	struct name *nm;
	char *name, addr[ADDR_MAX];
	json_t *ae;
	size_t nlen;
	int w;

	w = request_wallet(e);
	if (!w || !opt_get(opts, "allowExisting", A_BOOL, &ae, e) ||
	    !arg_name(params, opts, &name, &nlen, e))
		return NULL;
	nm = chain_name(name, nlen);
	if (!json_is_true(ae) && nm && !expired(nm)) {
		free(name);
		return fail(e, RPC_TRANSACTION_ERROR,
			    "this name exists already");
	}
	if (!send_checks(opts, NULL, 0, w, addr, e)) {
		free(name);
		return NULL;
	}
	nn = add_new(name, nlen, w);
	return xjson(json_pack("[s, s]", nn->txid, nn->rand));
}

/* The name_new a name_firstupdate spends; -1 if none (see below). */
static long find_new(const json_t *params, const char *name, size_t nlen,
		     const char *rand, int w, struct rpc_err *e)
{
	size_t i, tlen;
	const char *t;

	if (!arg_given(params, 2)) {
		/* the wallet's scan: its name_new for this name (and rand) */
		for (i = 0; i < chain.n_news; i++) {
			struct namenew *nn = &chain.news[i];

			if (nn->wallet == w && nn->nlen == nlen &&
			    !memcmp(nn->name, name, nlen) &&
			    (!rand || !strcmp(nn->rand, rand)))
				return (long)i;
		}
		fail(e, RPC_TRANSACTION_ERROR,
		     "scan for previous txid failed");
		return -1;
	}
	t = arg_str(params, 2, &tlen);
	if (tlen != 64 || !is_hex(t, tlen)) {
		fail(e, RPC_INVALID_PARAMETER, "invalid txid");
		return -1;
	}
	for (i = 0; i < chain.n_news; i++)
		if (!strcasecmp(chain.news[i].txid, t))
			return (long)i;
	fail(e, RPC_TRANSACTION_ERROR, "previous txid not found");
	return -1;
}

/* The VALUE at i, if given: decoded, at most VALUE_MAX_UI bytes. */
static bool arg_value(const json_t *params, size_t i, const json_t *opts,
		      char **value, size_t *vlen, struct rpc_err *e)
{
	if (!arg_given(params, i))
		return true;
	if (!arg_decoded(params, i, opts, "valueEncoding", value, vlen, e))
		return false;
	if (*vlen > VALUE_MAX_UI) {
		fail(e, RPC_INVALID_PARAMETER, "the value is too long");
		return false;
	}
	return true;
}

/* name_firstupdate's RAND, if given, in lower case ("" if not). */
static bool arg_rand(const json_t *params, char rand[41], struct rpc_err *e)
{
	const char *rs;
	size_t rlen, i;

	if (!arg_given(params, 1))
		return true;
	rs = arg_str(params, 1, &rlen);
	if (!is_hex(rs, rlen)) {
		fail(e, RPC_INVALID_PARAMETER, "rand must be "
		     "hexadecimal string (not '%.200s')", rs);
		return false;
	}
	if (rlen > 40) {
		fail(e, RPC_INVALID_PARAMETER, "invalid rand value");
		return false;
	}
	for (i = 0; i < rlen; i++)
		rand[i] = (char)tolower((unsigned char)rs[i]);
	rand[rlen] = 0;
	return true;
}

/* Not being registered, and not active unless allow_active. */
static bool registrable(const json_t *params, const char *name, size_t nlen,
			struct rpc_err *e)
{
	struct name *nm = find_name(name, nlen);
	size_t i;

	for (i = 0; nm && i < nm->n_ops; i++)
		if (nm->ops[i].kind == OP_FIRSTUPDATE) {
			fail(e, RPC_TRANSACTION_ERROR,
			     "this name is already being registered");
			return false;
		}
	if (!json_is_true(json_array_get(params, 5)) && nm && nm->confirmed &&
	    !expired(nm)) {
		fail(e, RPC_TRANSACTION_ERROR, "this name is already active");
		return false;
	}
	return true;
}

/* The name_new nn can be spent by this name_firstupdate (and rand). */
static bool new_fits(const struct namenew *nn, const char *name,
		     size_t nlen, const char *rand, int w, struct rpc_err *e)
{
	/* getNamePrevout: a confirmed, unspent name_new */
	if (!nn->height || nn->spent) {
		fail(e, RPC_TRANSACTION_ERROR, "previous txid not found");
		return false;
	}
	if (!rand[0] && nn->wallet != w) {
		fail(e, RPC_TRANSACTION_ERROR,
		     "could not generate rand for txid");
		return false;
	}
	if (!rand[0] && (nn->nlen != nlen || memcmp(nn->name, name, nlen))) {
		fail(e, RPC_TRANSACTION_ERROR,
		     "generated rand for txid does not match");
		return false;
	}
	if (rand[0] && (nn->nlen != nlen || memcmp(nn->name, name, nlen) ||
			strcmp(nn->rand, rand))) {
		fail(e, RPC_TRANSACTION_ERROR, "rand value is wrong");
		return false;
	}
	return true;
}

/* name_firstupdate NAME [RAND] [TX] [VALUE] [OPTIONS] [allow_active] */
json_t *m_name_firstupdate(json_t *params, struct rpc_err *e)
{
	const json_t *opts = arg_opts(params, 4);
	char *name = NULL, *value = NULL, rand[41] = "", addr[ADDR_MAX];
	size_t nlen, vlen = 0;
	struct namenew *nn;
	json_t *r;
	long idx;
	int w;

	w = request_wallet(e);
	if (!w || !arg_name(params, opts, &name, &nlen, e))
		return NULL;
	if (!arg_rand(params, rand, e) ||
	    !arg_value(params, 3, opts, &value, &vlen, e))
		goto err;
	if (!value)
		value = xmemdup("", 0);
	if (!registrable(params, name, nlen, e))
		goto err;
	idx = find_new(params, name, nlen, rand[0] ? rand : NULL, w, e);
	if (idx < 0)
		goto err;
	nn = &chain.news[idx];
	if (!new_fits(nn, name, nlen, rand, w, e) ||
	    !send_checks(opts, nn->txid, nn->wallet, w, addr, e))
		goto err;
	r = queue_op(name, nlen, OP_FIRSTUPDATE, value, vlen, w, addr,
		     (size_t)idx);
	free(name);
	return r;
err:
	free(name);
	free(value);
	return NULL;
}

/* What name_update spends: the last pending operation, or the name. */
struct prevout {
	const char *txid;
	int owner;
	const char *value;	/* kept when no VALUE is given */
	size_t vlen;
};

/* -limitnamechains, then the output to spend; false with e if none. */
static bool update_prevout(const char *name, size_t nlen, struct prevout *in,
			   struct rpc_err *e)
{
	struct name *nm = find_name(name, nlen);
	size_t pending = nm ? nm->n_ops : 0;
	const struct nameop *op;

	if ((long long)pending >= chain.limitnamechains) {
		fail(e, RPC_TRANSACTION_ERROR, "there are already too many "
		     "pending operations on this name");
		return false;
	}
	if (pending) {
		op = &nm->ops[pending - 1];
		*in = (struct prevout){ op->txid, op->owner, op->value,
					op->vlen };
		return true;
	}
	if (!nm || !nm->confirmed || expired(nm)) {
		fail(e, RPC_TRANSACTION_ERROR, "this name can not be updated");
		return false;
	}
	*in = (struct prevout){ nm->txid, nm->owner, nm->value, nm->vlen };
	return true;
}

/* name_update NAME [VALUE] [OPTIONS] */
json_t *m_name_update(json_t *params, struct rpc_err *e)
{
	const json_t *opts = arg_opts(params, 2);
	char *name = NULL, *value = NULL, addr[ADDR_MAX];
	size_t nlen, vlen = 0;
	struct prevout in;
	json_t *r;
	int w;

	w = request_wallet(e);
	if (!w || !arg_name(params, opts, &name, &nlen, e))
		return NULL;
	if (!arg_value(params, 1, opts, &value, &vlen, e) ||
	    !update_prevout(name, nlen, &in, e) ||
	    !send_checks(opts, in.txid, in.owner, w, addr, e))
		goto err;
	if (!arg_given(params, 1)) {
		value = xmemdup(in.value, in.vlen);	/* the value is kept */
		vlen = in.vlen;
	}
	r = queue_op(name, nlen, OP_UPDATE, value, vlen, w, addr, 0);
	free(name);
	return r;
err:
	free(name);
	free(value);
	return NULL;
}
