/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Namecoin node as the helper uses it: name_show, getblockchaininfo
 * and any other call over JSON-RPC (rpc.c) and HTTP (http.c), with the
 * configured credentials, time limit and an optional deadline.
 */
#ifndef NMC_NODE_H
#define NMC_NODE_H

#include "config.h"
#include "rpc.h"

struct node {
	const struct config *cfg;
	int id;			/* of the last request */
	/* CLOCK_MONOTONIC ms after which no call is sent; 0 = none */
	long long deadline_ms;
	/*
	 * The JSON-RPC error code and message of the last call: 0 and ""
	 * when it succeeded or failed without one (no reply, HTTP 401...).
	 */
	long long last_code;
	char last_message[RPC_MESSAGE_MAX];
};

/* CLOCK_MONOTONIC in milliseconds: the clock of node_set_deadline(). */
long long node_now_ms(void);

/*
 * From now on each call waits at most min(rpc-timeout, time left until
 * @deadline_ms), CLOCK_MONOTONIC ms; 0 lifts the deadline. With no time
 * left a call is not sent: RPC_UNREACHABLE, err "lookup time budget
 * spent".
 */
void node_set_deadline(struct node *n, long long deadline_ms);

/*
 * Any method: RPC_OK with *result a new reference, or why not in err.
 * An authentication failure's err names the call ("name_show d/x: HTTP
 * 401: ..."). Takes the reference to @params.
 */
enum rpc_status node_call(struct node *n, const char *method, json_t *params,
			  json_t **result, char *err, size_t errlen);
/* name_show @name in utf8: see rpc_parse_name_show() for the outcomes. */
enum rpc_status node_name_show(struct node *n, const char *name,
			       struct rpc_name *out, char *err, size_t errlen);
/*
 * getblockchaininfo: RPC_OK with *height the tip's height when the node
 * is current; RPC_NOT_READY with err saying why when it is in initial
 * block download, knows headers beyond its blocks, or its tip is older
 * than max-tip-age (see rpc_parse_chain()).
 */
enum rpc_status node_chain_check(struct node *n, long long *height, char *err,
				 size_t errlen);
enum rpc_status node_block_count(struct node *n, long long *count, char *err,
				 size_t errlen);

#endif /* NMC_NODE_H */
