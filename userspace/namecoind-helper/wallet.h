/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The node's wallet as the publisher uses it: name_update (the value sent
 * as utf8, or none to renew a name with its current value), name_pending
 * (an update already waiting for a block is not sent again), and
 * getwalletinfo or name_list (which wallet a URL reaches); and the
 * wallet's errors, as Namecoin Core sends them, turned into one line that
 * says what to do.
 *
 * Registering a name (name_new, then name_firstupdate 12 blocks later)
 * is left to the operator: Documentation/namecoin.rst gives the commands.
 */
#ifndef NMC_WALLET_H
#define NMC_WALLET_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "node.h"

enum wallet_problem {
	WALLET_OTHER,		/* not a wallet problem: the node's message */
	WALLET_NOT_MINE,	/* name_show: ismine false */
	WALLET_LOCKED,		/* -13: encrypted and locked */
	WALLET_NO_FUNDS,	/* -6: not enough coins for the fee */
	WALLET_NO_FEE,		/* -6: "Fee estimation failed..." */
	WALLET_NONE,		/* -18: no wallet loaded */
	WALLET_NOT_LOADED,	/* -18: the /wallet/NAME in url is not loaded */
	WALLET_SEVERAL,		/* -19: several loaded, url names none */
	WALLET_CHAIN_LIMIT,	/* -25: too many pending operations */
	WALLET_CANNOT_UPDATE,	/* -25: the name is not there to update */
};

/* Which problem a JSON-RPC error (node->last_code, last_message) is. */
enum wallet_problem wallet_classify(long long code, const char *message);

/*
 * One line for @p: what is wrong with publishing @name and what to do
 * ("the wallet is locked: unlock it with ..."); @url is the configured
 * node URL (named in WALLET_SEVERAL's advice as URL/wallet/NAME),
 * @message the node's own (quoted for WALLET_OTHER).
 */
void wallet_advice(enum wallet_problem p, const char *name, const char *url,
		   const char *message, char *out, size_t outlen);

/*
 * name_pending's result (an array of name operations) for @name: 1 if an
 * operation on @name waits in the mempool (txid, 65 bytes, gets the last
 * one's), 0 if none, -1 if @res is not name_pending's shape.
 */
int wallet_parse_pending(json_t *res, const char *name, char *txid);

/*
 * name_update @name to @value (len bytes of UTF-8 text, sent with
 * {"valueEncoding":"utf8"}); @value NULL renews the name with its current
 * value. RPC_OK with txid (65 bytes); else err, and node->last_code for
 * wallet_classify().
 */
enum rpc_status wallet_name_update(struct node *n, const char *name,
				   const char *value, size_t len, char *txid,
				   char *err, size_t errlen);

/* name_pending @name: RPC_OK with *pending (and txid if so). */
enum rpc_status wallet_name_pending(struct node *n, const char *name,
				    bool *pending, char *txid, char *err,
				    size_t errlen);

/*
 * getwalletinfo (name_list on a node without it): RPC_OK if the URL
 * reaches one wallet; else err, with node->last_code -18 or -19 when
 * that is the reason.
 */
enum rpc_status wallet_check(struct node *n, char *err, size_t errlen);

#endif /* NMC_WALLET_H */
