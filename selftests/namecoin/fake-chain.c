// SPDX-License-Identifier: GPL-2.0
/*
 * fake-namecoind's chain: its height and names, the name_news and the
 * pending name operations, expiry (regtest: 30 blocks), mining a block
 * (node/miner.cpp), and the node's chain methods: getblockcount,
 * getbestblockhash, getblockhash, getblockchaininfo (rpc/blockchain.cpp),
 * generatetoaddress, and stop.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fake.h"

#define BLOCKS_MAX		100000
#define MIN_FIRSTUPDATE_DEPTH	12	/* names/main.h */
/* consensus/params.h RegTestConsensus */
#define REGTEST_EXPIRE_DEPTH	30
/* names/mempool.h DEFAULT_NAME_CHAIN_LIMIT */
#define NAME_CHAIN_LIMIT	1

struct chain chain = {
	.height = 100, .expire_depth = REGTEST_EXPIRE_DEPTH,
	.limitnamechains = NAME_CHAIN_LIMIT, .wallets = 1,
};

static void block_hash(char out[65], long long height)
{
	fake_hash(out, 0xb10c, (uint64_t)height);
}

void new_txid(char out[65])
{
	fake_hash(out, 0x7c1d, ++chain.txcount);
}

struct name *find_name(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < chain.n_names; i++)
		if (chain.names[i].nlen == n &&
		    !memcmp(chain.names[i].name, s, n))
			return &chain.names[i];
	return NULL;
}

/* The name as the chain has it (not a pending registration). */
struct name *chain_name(const char *s, size_t n)
{
	struct name *nm = find_name(s, n);

	return nm && nm->confirmed ? nm : NULL;
}

struct name *add_name(const char *s, size_t n)
{
	struct name *nm = find_name(s, n);

	if (nm)
		return nm;
	if (chain.n_names == chain.cap) {
		chain.cap = chain.cap ? 2 * chain.cap : 16;
		chain.names = realloc(chain.names,
				      chain.cap * sizeof(*chain.names));
		if (!chain.names)
			die("out of memory");
	}
	nm = &chain.names[chain.n_names++];
	memset(nm, 0, sizeof(*nm));
	nm->name = xmemdup(s, n);
	nm->nlen = n;
	return nm;
}

static void drop_ops(struct name *nm)
{
	size_t i;

	for (i = 0; i < nm->n_ops; i++)
		free(nm->ops[i].value);
	free(nm->ops);
	nm->ops = NULL;
	nm->n_ops = 0;
}

/* A regtest-looking base58 address ("n" + 33 chars), stable per name. */
void fake_address(char out[ADDR_MAX], const char *name, size_t nlen)
{
	static const char b58[] =
		"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < nlen; i++)
		h = (h ^ (unsigned char)name[i]) * 0x100000001b3ULL;
	out[0] = 'n';
	for (i = 1; i < 34; i++) {
		h = mix64(h);
		out[i] = b58[h % 58];
	}
	out[34] = 0;
}

/* fake_setname and the state file: the name as given, on the chain. */
void set_name(const char *s, size_t n, const char *v, size_t vlen,
	      long long height, bool mine)
{
	struct name *nm = add_name(s, n);

	free(nm->value);
	nm->value = xmemdup(v, vlen);
	nm->vlen = vlen;
	nm->height = height;
	nm->confirmed = true;
	nm->owner = mine ? 1 : 0;
	nm->last_wallet = nm->owner;
	fake_address(nm->addr, s, n);
	new_txid(nm->txid);
	drop_ops(nm);
}

void del_name(const char *s, size_t n)
{
	struct name *nm = find_name(s, n);

	if (!nm)
		return;
	drop_ops(nm);
	free(nm->name);
	free(nm->value);
	*nm = chain.names[--chain.n_names];
}

void free_chain(void)
{
	size_t i;

	while (chain.n_names)
		del_name(chain.names[0].name, chain.names[0].nlen);
	free(chain.names);
	for (i = 0; i < chain.n_news; i++)
		free(chain.news[i].name);
	free(chain.news);
}

long long expires_in(const struct name *nm)
{
	return nm->height + chain.expire_depth - chain.height;
}

bool expired(const struct name *nm)
{
	return expires_in(nm) <= 0;
}

/* A name's pending chain, mined as far as it can go in this block. */
static void mine_ops(struct name *nm)
{
	struct nameop *op;
	struct namenew *nn;
	size_t k;

	for (k = 0; k < nm->n_ops; k++) {
		op = &nm->ops[k];
		nn = op->kind == OP_FIRSTUPDATE ? &chain.news[op->nnew] : NULL;
		if (nn && (!nn->height || nn->height +
			   MIN_FIRSTUPDATE_DEPTH > chain.height))
			break;
		if (nn)
			nn->spent = true;
		free(nm->value);
		nm->value = op->value;
		nm->vlen = op->vlen;
		op->value = NULL;
		memcpy(nm->txid, op->txid, sizeof(nm->txid));
		memcpy(nm->addr, op->addr, sizeof(nm->addr));
		nm->owner = op->owner;
		nm->last_wallet = op->sender;
		nm->height = chain.height;
		nm->confirmed = true;
	}
	if (!k)
		return;
	memmove(nm->ops, nm->ops + k, (nm->n_ops - k) * sizeof(*nm->ops));
	nm->n_ops -= k;
}

/*
 * CreateNewBlock: the name_news in the mempool are mined; each name's
 * pending chain as far as it can go: a name_firstupdate only from
 * MIN_FIRSTUPDATE_DEPTH blocks after its name_new (node/miner.cpp).
 */
static void mine_block(void)
{
	size_t i;

	chain.height++;
	for (i = 0; i < chain.n_names; i++)
		mine_ops(&chain.names[i]);
	for (i = 0; i < chain.n_news; i++)
		if (!chain.news[i].height)
			chain.news[i].height = chain.height;
}

/* The node's chain methods. */

json_t *m_getblockcount(json_t *params, struct rpc_err *e)
{
	(void)params, (void)e;
	return xjson(json_integer(chain.height));
}

json_t *m_getbestblockhash(json_t *params, struct rpc_err *e)
{
	char h[65];

	(void)params, (void)e;
	block_hash(h, chain.height);
	return xjson(json_string(h));
}

json_t *m_getblockhash(json_t *params, struct rpc_err *e)
{
	long long height;
	char h[65];

	if (!arg_int(params, 0, &height, e))
		return NULL;
	if (height < 0 || height > chain.height)
		return fail(e, RPC_INVALID_PARAMETER,
			    "Block height out of range");
	block_hash(h, height);
	return xjson(json_string(h));
}

/* rpc/blockchain.cpp getblockchaininfo, its keys in its order. */
json_t *m_getblockchaininfo(json_t *params, struct rpc_err *e)
{
	char h[65], work[65];
	long long t = time(NULL) - chain.tip_age;

	(void)params, (void)e;
	block_hash(h, chain.height);
	snprintf(work, sizeof(work), "%064llx",
		 (unsigned long long)(chain.height + 1) * 2);
	return xjson(json_pack("{s:s, s:I, s:I, s:s, s:s, s:f, s:s, s:I, "
			       "s:I, s:f, s:b, s:s, s:I, s:b, s:[]}",
			       "chain", "regtest",
			       "blocks", (json_int_t)chain.height,
			       "headers", (json_int_t)(chain.height +
						       chain.headers_ahead),
			       "bestblockhash", h,
			       "bits", "207fffff",
			       "difficulty", 4.656542373906925e-10,
			       "target", "7fffff00000000000000000000000000"
					 "00000000000000000000000000000000",
			       "time", (json_int_t)t,
			       "mediantime",
			       (json_int_t)(t - (chain.height ? 1 : 0)),
			       "verificationprogress", chain.ibd ? 0.5 : 1.0,
			       "initialblockdownload", chain.ibd,
			       "chainwork", work,
			       "size_on_disk",
			       (json_int_t)(293 + 250 * chain.height),
			       "pruned", 0,
			       "warnings"));
}

json_t *m_generatetoaddress(json_t *params, struct rpc_err *e)
{
	long long n, i, tries;
	const char *addr;
	size_t alen;
	json_t *res;
	char h[65];

	if (!arg_int(params, 0, &n, e))
		return NULL;
	addr = arg_str(params, 1, &alen);
	if (arg_given(params, 2) && !arg_int(params, 2, &tries, e))
		return NULL;
	if (!alen || memchr(addr, 0, alen))
		return fail(e, RPC_INVALID_ADDRESS_OR_KEY,
			    "Error: Invalid address");
	if (n > BLOCKS_MAX)
		return fail(e, RPC_INVALID_PARAMETER,
			    "fake-namecoind: at most %d blocks per call",
			    BLOCKS_MAX);
	res = xjson(json_array());
	for (i = 0; i < n; i++) {
		mine_block();
		block_hash(h, chain.height);
		json_array_append_new(res, xjson(json_string(h)));
	}
	return res;
}

json_t *m_stop(json_t *params, struct rpc_err *e)
{
	(void)params, (void)e;
	stop = 1;
	return xjson(json_string("Namecoin Core stopping"));
}
