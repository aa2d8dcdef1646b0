// SPDX-License-Identifier: GPL-2.0
/*
 * JSON-RPC calls to the Namecoin node; see node.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "node.h"

/* POST @req (freed here); the reply, or RPC_UNREACHABLE with err. */
static enum rpc_status post(struct node *n, char *req, struct http_reply *r,
			    char *err, size_t errlen)
{
	char userpass[300], why[256];
	int ret;

	if (!req) {
		snprintf(err, errlen, "out of memory");
		return RPC_UNREACHABLE;
	}
	if (config_credentials(n->cfg, userpass, sizeof(userpass), why,
			       sizeof(why)) < 0) {
		free(req);
		snprintf(err, errlen, "credentials: %s", why);
		return RPC_UNAUTHORIZED;
	}
	ret = http_post(n->cfg->url, userpass, n->cfg->rpc_timeout, req, r,
			why, sizeof(why));
	explicit_bzero(userpass, sizeof(userpass));
	free(req);
	if (ret < 0) {
		snprintf(err, errlen, "%s: %s", n->cfg->url, why);
		return RPC_UNREACHABLE;
	}
	return RPC_OK;
}

enum rpc_status node_call(struct node *n, const char *method, json_t *params,
			  json_t **result, char *err, size_t errlen)
{
	struct http_reply r;
	enum rpc_status st;
	int id = ++n->id;

	*result = NULL;
	st = post(n, rpc_request(method, params, id), &r, err, errlen);
	if (st != RPC_OK)
		return st;
	st = rpc_parse_reply((int)r.status, r.body, r.len, id, result, err,
			     errlen);
	http_reply_free(&r);
	return st;
}

enum rpc_status node_name_show(struct node *n, const char *name,
			       struct rpc_name *out, char *err, size_t errlen)
{
	struct http_reply r;
	enum rpc_status st;
	int id = ++n->id;

	memset(out, 0, sizeof(*out));
	st = post(n, rpc_name_show_request(name, id), &r, err, errlen);
	if (st != RPC_OK)
		return st;
	st = rpc_parse_name_show((int)r.status, r.body, r.len, id, out, err,
				 errlen);
	http_reply_free(&r);
	return st;
}

enum rpc_status node_block_count(struct node *n, long long *count, char *err,
				 size_t errlen)
{
	enum rpc_status st;
	json_t *res;

	st = node_call(n, "getblockcount", json_array(), &res, err, errlen);
	if (st != RPC_OK)
		return st;
	if (!json_is_integer(res) || json_integer_value(res) < 0) {
		snprintf(err, errlen, "getblockcount: not a block count");
		st = RPC_BAD_REPLY;
	} else {
		*count = json_integer_value(res);
	}
	json_decref(res);
	return st;
}

enum rpc_status node_name_update(struct node *n, const char *name,
				 const char *value, char *txid, char *err,
				 size_t errlen)
{
	enum rpc_status st;
	json_t *res;

	st = node_call(n, "name_update", json_pack("[s, s]", name, value),
		       &res, err, errlen);
	if (st != RPC_OK)
		return st;
	if (!json_is_string(res) || json_string_length(res) > 64) {
		snprintf(err, errlen, "name_update: no transaction id");
		st = RPC_BAD_REPLY;
	} else {
		snprintf(txid, 65, "%s", json_string_value(res));
	}
	json_decref(res);
	return st;
}
