// SPDX-License-Identifier: GPL-2.0
/*
 * JSON-RPC calls to the Namecoin node; see node.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http.h"
#include "node.h"

#define BUDGET_SPENT	"lookup time budget spent"

long long node_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void node_set_deadline(struct node *n, long long deadline_ms)
{
	n->deadline_ms = deadline_ms;
}

/* err = "LABEL: err", so that the operator knows which call failed. */
static void name_call(const char *label, char *err, size_t errlen)
{
	char tmp[512];

	snprintf(tmp, sizeof(tmp), "%s", err);
	snprintf(err, errlen, "%s: %s", label, tmp);
}

/*
 * POST @req (freed here) for the call @label: the reply, or
 * RPC_UNREACHABLE / RPC_UNAUTHORIZED with err.
 */
static enum rpc_status post(struct node *n, const char *label, char *req,
			    struct http_reply *r, char *err, size_t errlen)
{
	char userpass[300], why[256];
	long timeout;
	int ret;

	timeout = rpc_call_timeout(n->cfg->rpc_timeout, n->deadline_ms,
				   node_now_ms());
	if (!req) {
		snprintf(err, errlen, "%s: out of memory", label);
		return RPC_UNREACHABLE;
	}
	if (!timeout) {
		free(req);
		snprintf(err, errlen, BUDGET_SPENT);
		return RPC_UNREACHABLE;
	}
	if (config_credentials(n->cfg, userpass, sizeof(userpass), why,
			       sizeof(why)) < 0) {
		free(req);
		snprintf(err, errlen, "%s: credentials: %s", label, why);
		return RPC_UNAUTHORIZED;
	}
	ret = http_post(n->cfg->url, userpass, timeout, req, r, why,
			sizeof(why));
	explicit_bzero(userpass, sizeof(userpass));
	free(req);
	if (ret < 0 && n->deadline_ms && node_now_ms() >= n->deadline_ms) {
		snprintf(err, errlen, BUDGET_SPENT " (%s: %s)", label, why);
		return RPC_UNREACHABLE;
	}
	if (ret < 0) {
		snprintf(err, errlen, "%s: %s", n->cfg->url, why);
		return RPC_UNREACHABLE;
	}
	return RPC_OK;
}

static void start_call(struct node *n)
{
	n->last_code = 0;
	n->last_message[0] = '\0';
}

/* Keep what the node said, and name the call when it refused us. */
static void end_call(struct node *n, enum rpc_status st,
		     const struct rpc_error *e, const char *label, char *err,
		     size_t errlen)
{
	n->last_code = e->code;
	memcpy(n->last_message, e->message, sizeof(n->last_message));
	if (st == RPC_UNAUTHORIZED)
		name_call(label, err, errlen);
}

enum rpc_status node_call(struct node *n, const char *method, json_t *params,
			  json_t **result, char *err, size_t errlen)
{
	struct http_reply r;
	struct rpc_error e;
	enum rpc_status st;
	char label[160];
	int id = ++n->id;

	*result = NULL;
	start_call(n);
	rpc_call_label(method, params, label, sizeof(label));
	st = post(n, label, rpc_request(method, params, id), &r, err, errlen);
	if (st != RPC_OK)
		return st;
	st = rpc_parse_reply_err((int)r.status, r.body, r.len, id, result, &e,
				 err, errlen);
	http_reply_free(&r);
	end_call(n, st, &e, label, err, errlen);
	return st;
}

enum rpc_status node_name_show(struct node *n, const char *name,
			       struct rpc_name *out, char *err, size_t errlen)
{
	struct http_reply r;
	struct rpc_error e;
	enum rpc_status st;
	char label[160];
	int id = ++n->id;

	memset(out, 0, sizeof(*out));
	start_call(n);
	snprintf(label, sizeof(label), "name_show %s", name);
	st = post(n, label, rpc_name_show_request(name, id), &r, err, errlen);
	if (st != RPC_OK)
		return st;
	st = rpc_parse_name_show((int)r.status, r.body, r.len, id, name, out,
				 &e, err, errlen);
	http_reply_free(&r);
	end_call(n, st, &e, label, err, errlen);
	return st;
}

enum rpc_status node_chain_check(struct node *n, long long *height, char *err,
				 size_t errlen)
{
	struct rpc_chain c;
	enum rpc_status st;
	json_t *res;

	st = node_call(n, "getblockchaininfo", json_array(), &res, err,
		       errlen);
	if (st != RPC_OK)
		return st;
	st = rpc_parse_chain(res, (long long)time(NULL), n->cfg->max_tip_age,
			     &c, err, errlen);
	json_decref(res);
	if (st == RPC_OK)
		*height = c.blocks;
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
