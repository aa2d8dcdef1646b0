// SPDX-License-Identifier: GPL-2.0
/*
 * fake-namecoind's wallets "w1" and "w2" (wallet/rpc/util.cpp,
 * encrypt.cpp): which one a call is for (/wallet/NAME, -18, -19, and
 * MaybeWalletForRequest), their lock with walletpassphrase and walletlock,
 * the checks every name operation makes before it is sent (lock,
 * destAddress, fee estimation, the name input, funds) and queuing it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake.h"

#define PASSPHRASE		"fake-passphrase"
#define MAX_SLEEP_TIME		100000000LL	/* walletpassphrase's cap */

/* Locked: encrypted, and not unlocked or the unlock timed out. */
bool wallet_is_locked(void)
{
	if (!chain.locked && chain.relock_ms && now_ms() >= chain.relock_ms) {
		chain.locked = true;
		chain.relock_ms = 0;
	}
	return chain.encrypted && chain.locked;
}

static const char *const wallet_names[] = { "", "w1", "w2" };

/* UrlDecode of what follows "/wallet/" in the URI; false if not so. */
static bool uri_wallet(char *out, size_t outlen)
{
	const char *s = req_uri + 8;
	size_t o = 0;

	if (strncmp(req_uri, "/wallet/", 8))
		return false;
	for (; *s && o + 1 < outlen; s++) {
		if (*s == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
			out[o++] = (char)(hexval(s[1]) << 4 | hexval(s[2]));
			s += 2;
		} else {
			out[o++] = *s;
		}
	}
	out[o] = 0;
	return true;
}

/* GetWalletForJSONRPCRequest: 1 or 2, or 0 with -18/-19. */
int request_wallet(struct rpc_err *e)
{
	char name[256];
	long long i;

	if (uri_wallet(name, sizeof(name))) {
		for (i = 1; i <= chain.wallets; i++)
			if (!strcmp(name, wallet_names[i]))
				return (int)i;
		fail(e, RPC_WALLET_NOT_FOUND,
		     "Requested wallet does not exist or is not loaded");
		return 0;
	}
	if (chain.wallets == 1)
		return 1;
	if (!chain.wallets)
		fail(e, RPC_WALLET_NOT_FOUND, "No wallet is loaded. Load a "
		     "wallet using loadwallet or create a new one with "
		     "createwallet. (Note: A default wallet is no longer "
		     "automatically created)");
	else
		fail(e, RPC_WALLET_NOT_SPECIFIED, "Multiple wallets are "
		     "loaded. Please select which wallet to use by requesting"
		     " the RPC through the /wallet/<walletname> URI path.");
	return 0;
}

/*
 * MaybeWalletForRequest (rpc/names.cpp): 0 (no "ismine") without a wallet
 * context (-disablewallet) or when GetWalletForJSONRPCRequest says -19
 * (several wallets, none in the URL); its other errors are thrown: -18
 * with no wallet loaded or an unknown /wallet/NAME. 1 or 2, or -1 with e.
 */
int maybe_wallet(struct rpc_err *e)
{
	struct rpc_err we = { 0 };
	int w;

	if (chain.disablewallet)
		return 0;
	w = request_wallet(&we);
	if (w || we.code == RPC_WALLET_NOT_SPECIFIED)
		return w;
	*e = we;
	return -1;
}

/* DecodeDestination on regtest, roughly: bech32 ncrt1... or base58. */
static bool valid_address(const char *s, size_t n)
{
	static const char b32[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
	static const char b58[] =
		"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
	size_t i;

	if (n >= 14 && n <= 90 && !strncmp(s, "ncrt1", 5)) {
		for (i = 5; i < n; i++)
			if (!s[i] || !strchr(b32, s[i]))
				return false;
		return true;
	}
	if (n < 26 || n > 35 || !strchr("mn2", s[0]))
		return false;
	for (i = 0; i < n; i++)
		if (!s[i] || !strchr(b58, s[i]))
			return false;
	return true;
}

/*
 * What every name operation does after its own checks: the lock
 * (EnsureWalletIsUnlocked), destAddress, sendCoins, then SendMoney's
 * CreateTransaction: fee estimation, the name input (ours or not:
 * "Not found pre-selected input"), funds. addr gets the destination.
 */
bool send_checks(const json_t *opts, const char *in_txid,
		 int in_owner, int w, char addr[ADDR_MAX],
		 struct rpc_err *e)
{
	json_t *dest, *coins;

	if (wallet_is_locked()) {
		fail(e, RPC_WALLET_UNLOCK_NEEDED, "Error: Please enter the "
		     "wallet passphrase with walletpassphrase first.");
		return false;
	}
	if (!opt_get(opts, "destAddress", A_STR, &dest, e))
		return false;
	if (dest && (json_string_length(dest) >= ADDR_MAX ||
		     !valid_address(json_string_value(dest),
				    json_string_length(dest)))) {
		fail(e, RPC_INVALID_ADDRESS_OR_KEY, "invalid address");
		return false;
	}
	if (!opt_get(opts, "sendCoins", A_OBJ, &coins, e))
		return false;
	if (chain.fee_fails) {
		fail(e, RPC_WALLET_INSUFFICIENT_FUNDS, "Fee estimation "
		     "failed. Fallbackfee is disabled. Wait a few blocks or "
		     "enable -fallbackfee.");
		return false;
	}
	if (in_txid && in_owner != w) {
		fail(e, RPC_WALLET_INSUFFICIENT_FUNDS,
		     "Not found pre-selected input COutPoint(%.10s, 0)",
		     in_txid);
		return false;
	}
	if (chain.no_funds) {
		fail(e, RPC_WALLET_INSUFFICIENT_FUNDS, "Insufficient funds");
		return false;
	}
	addr[0] = 0;
	if (dest)
		snprintf(addr, ADDR_MAX, "%s", json_string_value(dest));
	return true;
}

/* Queue a name operation; the new output is ours unless destAddress. */
json_t *queue_op(const char *name, size_t nlen, enum opkind kind,
		 char *value, size_t vlen, int w,
		 const char addr[ADDR_MAX], size_t nnew)
{
	struct name *nm = add_name(name, nlen);
	struct nameop *op;

	nm->ops = realloc(nm->ops, (nm->n_ops + 1) * sizeof(*nm->ops));
	if (!nm->ops)
		die("out of memory");
	op = &nm->ops[nm->n_ops++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->value = value;
	op->vlen = vlen;
	op->sender = w;
	op->owner = addr[0] ? 0 : w;
	op->nnew = nnew;
	if (addr[0])
		snprintf(op->addr, ADDR_MAX, "%s", addr);
	else
		fake_address(op->addr, name, nlen);
	new_txid(op->txid);
	return xjson(json_string(op->txid));
}

/* walletpassphrase PASSPHRASE TIMEOUT (the fake's is PASSPHRASE) */
json_t *m_walletpassphrase(json_t *params, struct rpc_err *e)
{
	long long timeout;
	const char *p;
	size_t plen;

	if (!request_wallet(e))
		return NULL;
	if (!chain.encrypted)
		return fail(e, RPC_WALLET_WRONG_ENC_STATE, "Error: running "
			    "with an unencrypted wallet, but "
			    "walletpassphrase was called.");
	if (!arg_int(params, 1, &timeout, e))
		return NULL;
	if (timeout < 0)
		return fail(e, RPC_INVALID_PARAMETER,
			    "Timeout cannot be negative.");
	if (timeout > MAX_SLEEP_TIME)
		timeout = MAX_SLEEP_TIME;
	p = arg_str(params, 0, &plen);
	if (!plen)
		return fail(e, RPC_INVALID_PARAMETER,
			    "passphrase cannot be empty");
	if (plen != strlen(PASSPHRASE) || memcmp(p, PASSPHRASE, plen))
		return fail(e, RPC_WALLET_PASSPHRASE_INCORRECT, "Error: The "
			    "wallet passphrase entered was incorrect.");
	chain.locked = false;
	chain.relock_ms = now_ms() + timeout * 1000;
	return xjson(json_null());
}

json_t *m_walletlock(json_t *params, struct rpc_err *e)
{
	(void)params;
	if (!request_wallet(e))
		return NULL;
	if (!chain.encrypted)
		return fail(e, RPC_WALLET_WRONG_ENC_STATE, "Error: running "
			    "with an unencrypted wallet, but walletlock was "
			    "called.");
	chain.locked = true;
	chain.relock_ms = 0;
	return xjson(json_null());
}
