// SPDX-License-Identifier: GPL-2.0
/*
 * The wallet's calls and errors; see wallet.h. The codes and messages are
 * Namecoin Core's (src/rpc/protocol.h, src/wallet/rpc/util.cpp,
 * src/wallet/rpc/spend.cpp, src/wallet/rpc/walletnames.cpp).
 */
#include <stdio.h>
#include <string.h>

#include "wallet.h"

#define RPC_WALLET_INSUFFICIENT_FUNDS	-6
#define RPC_WALLET_UNLOCK_NEEDED	-13
#define RPC_WALLET_NOT_FOUND		-18
#define RPC_WALLET_NOT_SPECIFIED	-19
#define RPC_TRANSACTION_ERROR		-25

enum wallet_problem wallet_classify(long long code, const char *message)
{
	switch (code) {
	case RPC_WALLET_UNLOCK_NEEDED:
		return WALLET_LOCKED;
	case RPC_WALLET_INSUFFICIENT_FUNDS:
		/* CreateTransaction's errors all come as -6. */
		return strstr(message, "Fee estimation failed") ?
		       WALLET_NO_FEE : WALLET_NO_FUNDS;
	case RPC_WALLET_NOT_FOUND:
		return strstr(message, "Requested wallet") ?
		       WALLET_NOT_LOADED : WALLET_NONE;
	case RPC_WALLET_NOT_SPECIFIED:
		return WALLET_SEVERAL;
	case RPC_TRANSACTION_ERROR:
		if (strstr(message, "too many pending operations"))
			return WALLET_CHAIN_LIMIT;
		if (strstr(message, "can not be updated"))
			return WALLET_CANNOT_UPDATE;
		return WALLET_OTHER;
	default:
		return WALLET_OTHER;
	}
}

void wallet_advice(enum wallet_problem p, const char *name, const char *url,
		   const char *message, char *out, size_t outlen)
{
	size_t ulen = strlen(url);

	/* url without its trailing '/', for URL/wallet/NAME. */
	if (ulen && url[ulen - 1] == '/')
		ulen--;
	switch (p) {
	case WALLET_NOT_MINE:
		snprintf(out, outlen,
			 "%s is not in this node's wallet (ismine is false): publish from the wallet that owns it (url=.../wallet/NAME if several are loaded) or transfer the name to it",
			 name);
		break;
	case WALLET_LOCKED:
		snprintf(out, outlen,
			 "the wallet is locked (-13): unlock it with namecoin-cli walletpassphrase PASSPHRASE SECONDS, the helper retries");
		break;
	case WALLET_NO_FUNDS:
		snprintf(out, outlen,
			 "the wallet cannot pay the fee (-6: %s): send coins to an address of this wallet (namecoin-cli getnewaddress)",
			 message);
		break;
	case WALLET_NO_FEE:
		snprintf(out, outlen,
			 "the node has no fee estimate yet (-6): wait a few blocks, or set fallbackfee=0.001 in namecoin.conf");
		break;
	case WALLET_NONE:
		snprintf(out, outlen,
			 "no wallet is loaded (-18): namecoin-cli loadwallet NAME (or createwallet NAME), and add wallet=NAME to namecoin.conf");
		break;
	case WALLET_NOT_LOADED:
		snprintf(out, outlen,
			 "the wallet named in url %s is not loaded (-18): namecoin-cli loadwallet NAME, or fix url",
			 url);
		break;
	case WALLET_SEVERAL:
		snprintf(out, outlen,
			 "several wallets are loaded (-19): name the one that owns %s in url, as url=%.*s/wallet/NAME",
			 name, (int)ulen, url);
		break;
	case WALLET_CHAIN_LIMIT:
		snprintf(out, outlen,
			 "too many updates of %s wait for a block (-25): the helper waits for them to confirm",
			 name);
		break;
	case WALLET_CANNOT_UPDATE:
		snprintf(out, outlen,
			 "%s cannot be updated (-25: not registered or expired): register it (name_new, then name_firstupdate) from this wallet",
			 name);
		break;
	default:
		snprintf(out, outlen, "%s", message);
		break;
	}
}

int wallet_parse_pending(json_t *res, const char *name, char *txid)
{
	json_t *op, *nm, *id;
	size_t i;
	int found = 0;

	if (!json_is_array(res))
		return -1;
	json_array_foreach(res, i, op) {
		nm = json_object_get(op, "name");
		id = json_object_get(op, "txid");
		if (!json_is_string(nm) || !json_is_string(id) ||
		    json_string_length(id) != 64)
			return -1;
		if (strcmp(json_string_value(nm), name))
			continue;
		snprintf(txid, 65, "%s", json_string_value(id));
		found = 1;
	}
	return found;
}

enum rpc_status wallet_name_update(struct node *n, const char *name,
				   const char *value, size_t len, char *txid,
				   char *err, size_t errlen)
{
	enum rpc_status st;
	json_t *params, *res;

	if (value)
		params = json_pack("[s, s%, {s:s}]", name, value, len,
				   "valueEncoding", "utf8");
	else
		params = json_pack("[s]", name);
	if (!params) {
		snprintf(err, errlen, "name_update: the value is not UTF-8");
		return RPC_ERROR;
	}
	st = node_call(n, "name_update", params, &res, err, errlen);
	if (st != RPC_OK)
		return st;
	if (!json_is_string(res) || json_string_length(res) != 64) {
		snprintf(err, errlen, "name_update: no transaction id");
		st = RPC_BAD_REPLY;
	} else {
		snprintf(txid, 65, "%s", json_string_value(res));
	}
	json_decref(res);
	return st;
}

enum rpc_status wallet_name_pending(struct node *n, const char *name,
				    bool *pending, char *txid, char *err,
				    size_t errlen)
{
	enum rpc_status st;
	json_t *res;
	int r;

	*pending = false;
	st = node_call(n, "name_pending",
		       json_pack("[s, {s:s}]", name, "valueEncoding", "hex"),
		       &res, err, errlen);
	if (st != RPC_OK)
		return st;
	r = wallet_parse_pending(res, name, txid);
	json_decref(res);
	if (r < 0) {
		snprintf(err, errlen, "name_pending: not a list of operations");
		return RPC_BAD_REPLY;
	}
	*pending = r;
	return RPC_OK;
}

enum rpc_status wallet_check(struct node *n, char *err, size_t errlen)
{
	enum rpc_status st;
	json_t *res;

	st = node_call(n, "getwalletinfo", json_array(), &res, err, errlen);
	json_decref(res);
	/* A node without getwalletinfo: name_list is a wallet call too. */
	if (st != RPC_OK && n->last_code == -32601) {
		st = node_call(n, "name_list", json_array(), &res, err,
			       errlen);
		json_decref(res);
	}
	return st;
}
