// SPDX-License-Identifier: GPL-2.0
/*
 * JSON-RPC calls to the Namecoin node; see node.h.
 */
#include <stdarg.h>
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

/*
 * Copy @len bytes of @s to @err (@errlen bytes); what does not fit is cut
 * at a word and marked "...", never cut mid-word silently.
 */
static void copy_cut(char *err, size_t errlen, const char *s, size_t len)
{
	size_t keep, i;

	if (!errlen)
		return;
	if (len < errlen) {
		memmove(err, s, len);
		err[len] = '\0';
		return;
	}
	if (errlen < 4) {
		err[0] = '\0';
		return;
	}
	keep = errlen - 4;
	/* back to the last space, unless the word is longer than 40 bytes */
	for (i = keep; i > 0 && keep - i < 40; i--) {
		if (s[i] == ' ') {
			keep = i;
			break;
		}
	}
	memmove(err, s, keep);
	memcpy(err + keep, "...", 4);
}

/* snprintf, but with copy_cut()'s marked cut; an argument may be @err. */
static void put(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void put(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		snprintf(err, errlen, "out of memory");
		return;
	}
	copy_cut(err, errlen, s, (size_t)n);
	free(s);
}

/* A message that filled its buffer was cut: mark it so. */
static void mark_full(char *buf, size_t len)
{
	size_t n = strnlen(buf, len);

	if (len && n == len - 1)
		copy_cut(buf, len, buf, len);
}

/* err = "LABEL: err", so that the operator knows which call failed. */
static void name_call(const char *label, char *err, size_t errlen)
{
	put(err, errlen, "%s: %s", label, err);
}

/*
 * POST @req (freed here) for the call @label: the reply, or
 * RPC_UNREACHABLE / RPC_UNAUTHORIZED with err.
 */
static enum rpc_status post(struct node *n, const char *label, char *req,
			    struct http_reply *r, char *err, size_t errlen)
{
	char userpass[300], why[512];	/* config.c's cookie lines: ~400 */
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
		mark_full(why, sizeof(why));
		/* "credentials: ..." and "no credentials: ..." say it */
		put(err, errlen, "%s: %s%s", label,
		    !strncmp(why, "credentials: ", 13) ||
		    !strncmp(why, "no credentials: ", 16) ? "" :
		    "credentials: ", why);
		return RPC_UNAUTHORIZED;
	}
	ret = http_post(n->cfg->url, userpass, timeout, req, r, why,
			sizeof(why));
	explicit_bzero(userpass, sizeof(userpass));
	free(req);
	if (ret < 0)
		mark_full(why, sizeof(why));
	if (ret < 0 && n->deadline_ms && node_now_ms() >= n->deadline_ms) {
		put(err, errlen, BUDGET_SPENT " (%s: %s)", label, why);
		return RPC_UNREACHABLE;
	}
	if (ret < 0) {
		put(err, errlen, "%s: %s", n->cfg->url, why);
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
