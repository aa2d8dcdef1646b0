/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Namecoin node as the helper uses it: name_show, getblockcount and
 * name_update over JSON-RPC (rpc.c) and HTTP (http.c), with the
 * configured credentials and time limit.
 */
#ifndef NMC_NODE_H
#define NMC_NODE_H

#include "config.h"
#include "rpc.h"

struct node {
	const struct config *cfg;
	int id;			/* of the last request */
};

/* Any method: RPC_OK with *result a new reference, or why not in err. */
enum rpc_status node_call(struct node *n, const char *method, json_t *params,
			  json_t **result, char *err, size_t errlen);
enum rpc_status node_name_show(struct node *n, const char *name,
			       struct rpc_name *out, char *err, size_t errlen);
enum rpc_status node_block_count(struct node *n, long long *count, char *err,
				 size_t errlen);
/* name_update: @txid (65 bytes) gets the transaction id. */
enum rpc_status node_name_update(struct node *n, const char *name,
				 const char *value, char *txid, char *err,
				 size_t errlen);

#endif /* NMC_NODE_H */
