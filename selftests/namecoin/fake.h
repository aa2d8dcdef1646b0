/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fake.h: what the files of fake-namecoind share (fake-namecoind.c says
 * what it mimics): Namecoin Core's RPC error codes, the chain with its
 * names, pending operations and name_news, the test modes, the RPC method
 * table's types, and the functions that one file offers the others.
 */
#ifndef FAKE_H
#define FAKE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

#define NAME_CHAIN_MAX		64	/* the fake's cap on -L */
#define ADDR_MAX		96

/* Namecoin Core's RPC error codes (rpc/protocol.h). */
enum {
	RPC_MISC_ERROR = -1,
	RPC_TYPE_ERROR = -3,
	RPC_WALLET_ERROR = -4,
	RPC_INVALID_ADDRESS_OR_KEY = -5,
	RPC_WALLET_INSUFFICIENT_FUNDS = -6,
	RPC_INVALID_PARAMETER = -8,
	RPC_CLIENT_IN_INITIAL_DOWNLOAD = -10,
	RPC_WALLET_UNLOCK_NEEDED = -13,
	RPC_WALLET_PASSPHRASE_INCORRECT = -14,
	RPC_WALLET_WRONG_ENC_STATE = -15,
	RPC_WALLET_NOT_FOUND = -18,
	RPC_WALLET_NOT_SPECIFIED = -19,
	RPC_TRANSACTION_ERROR = -25,
	RPC_NAME_INVALID_ENCODING = -1000,
	RPC_INVALID_REQUEST = -32600,
	RPC_METHOD_NOT_FOUND = -32601,
	RPC_PARSE_ERROR = -32700,
};

enum opkind { OP_FIRSTUPDATE, OP_UPDATE };

/* A name operation in the mempool, mined in the next block it can be. */
struct nameop {
	enum opkind kind;
	char *value;
	size_t vlen;
	char txid[65];
	int owner;		/* wallet holding the new output, 0: none */
	int sender;		/* wallet that sent it */
	char addr[ADDR_MAX];
	size_t nnew;		/* OP_FIRSTUPDATE: index of its name_new */
};

struct name {
	char *name;
	size_t nlen;
	bool confirmed;		/* false: only a registration is pending */
	char *value;
	size_t vlen;
	long long height;
	char txid[65];
	int owner;		/* wallet holding it (1, 2), 0: not ours */
	int last_wallet;	/* wallet that sent its last operation */
	char addr[ADDR_MAX];
	struct nameop *ops;	/* pending chain, oldest first */
	size_t n_ops;
};

/* A name_new of one of the wallets. */
struct namenew {
	char *name;
	size_t nlen;
	char rand[41];
	char txid[65];
	int wallet;
	long long height;	/* 0: still in the mempool */
	bool spent;
};

struct chain {
	long long height;
	long long expire_depth;
	struct name *names;
	size_t n_names;
	size_t cap;
	struct namenew *news;
	size_t n_news;
	size_t news_cap;
	unsigned long long txcount;
	/* node options */
	bool allowexpired;	/* -allowexpired */
	long long limitnamechains;	/* -limitnamechains */
	/* fake_mode */
	bool ibd;
	bool garbage;
	bool http500_html;
	bool expired_error;
	bool no_funds;
	bool fee_fails;
	long long delay_ms;
	long long headers_ahead;
	long long tip_age;
	long long wallets;
	bool disablewallet;	/* no wallet context at all */
	/* the wallets' encryption (shared by w1 and w2) */
	bool encrypted;
	bool locked;
	long long relock_ms;	/* unlocked until then (CLOCK_MONOTONIC) */
};

struct rpc_err {
	int code;
	char msg[640];
};

/* Parameters, as RPCMethod::HandleRequest checks them. */
enum atype { A_STR, A_NUM, A_BOOL, A_OBJ };

struct arg {
	const char *name;
	enum atype type;
	bool optional;
};

#define ARGS_MAX 6

struct method {
	const char *name;
	json_t *(*fn)(json_t *params, struct rpc_err *e);
	const char *help;	/* the -1 answer to a wrong argument count */
	struct arg args[ARGS_MAX];
};

/* Namecoin name/value encodings (names/encoding.cpp). */
enum enc { ENC_ASCII, ENC_UTF8, ENC_HEX };
extern const char *const enc_names[];

/* fake-util.c */
extern volatile sig_atomic_t stop;
extern sigset_t wait_mask;	/* while waiting: SIGTERM/SIGINT unblocked */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2),
					      noreturn));
void *xmalloc(size_t n);
char *xmemdup(const char *s, size_t n);
json_t *xjson(json_t *j);
long long now_ms(void);
int wait_for(int fd, short events, long long ms);
bool nap(long long ms);
uint64_t mix64(uint64_t x);
void fake_hash(char out[65], uint64_t tag, uint64_t n);
const char *jtype(const json_t *v);
json_t *fail(struct rpc_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* fake-http.c */
extern bool verbose;
extern const char *req_uri;	/* the URI of the call being served */
int header(const char *head, const char *name, char *out, size_t outlen);
void serve(int fd, const char *peer);

/* fake-auth.c */
extern char *creds[2];		/* accepted "user:pass" strings */
int check_auth(const char *head);
mode_t cookie_mode(const char *perms);
void write_cookie(const char *dir, const char *perms);
void remove_cookie(void);

/* fake-rpc.c */
json_t *rpc_answer(json_t *req, int *status, const char **mname);

/* fake-args.c */
bool check_args(const struct method *m, const json_t *params,
		struct rpc_err *e);
bool arg_given(const json_t *params, size_t i);
const char *arg_str(const json_t *params, size_t i, size_t *len);
bool arg_int(const json_t *params, size_t i, long long *out,
	     struct rpc_err *e);
const json_t *arg_opts(const json_t *params, size_t i);
bool opt_get(const json_t *opts, const char *key, enum atype t,
	     json_t **out, struct rpc_err *e);
bool opt_enc(const json_t *opts, const char *key, enum enc *enc,
	     struct rpc_err *e);
bool arg_decoded(const json_t *params, size_t i, const json_t *opts,
		 const char *key, char **out, size_t *outlen,
		 struct rpc_err *e);
bool arg_name(const json_t *params, const json_t *opts, char **name,
	      size_t *nlen, struct rpc_err *e);

/* fake-encoding.c */
void name_for_message(char *out, size_t outlen, const char *s, size_t n);
void add_encoded(json_t *obj, const char *key, const char *s, size_t n,
		 enum enc enc);
int hexval(char c);
bool is_hex(const char *s, size_t n);
char *parse_hex(const char *s, size_t n, size_t *outlen);
bool decode(const char *s, size_t n, enum enc enc, char **out,
	    size_t *outlen);

/* fake-chain.c */
extern struct chain chain;
void new_txid(char out[65]);
struct name *find_name(const char *s, size_t n);
struct name *chain_name(const char *s, size_t n);
struct name *add_name(const char *s, size_t n);
void fake_address(char out[ADDR_MAX], const char *name, size_t nlen);
void set_name(const char *s, size_t n, const char *v, size_t vlen,
	      long long height, bool mine);
void del_name(const char *s, size_t n);
void free_chain(void);
long long expires_in(const struct name *nm);
bool expired(const struct name *nm);
json_t *m_getblockcount(json_t *params, struct rpc_err *e);
json_t *m_getbestblockhash(json_t *params, struct rpc_err *e);
json_t *m_getblockhash(json_t *params, struct rpc_err *e);
json_t *m_getblockchaininfo(json_t *params, struct rpc_err *e);
json_t *m_generatetoaddress(json_t *params, struct rpc_err *e);
json_t *m_stop(json_t *params, struct rpc_err *e);

/* fake-names.c */
json_t *info_base(const json_t *opts, const char *name, size_t nlen,
		  const char *v, size_t vlen, const char *txid,
		  const char *addr, struct rpc_err *e);
void add_expiration(json_t *o, const struct name *nm);
void add_ismine(json_t *o, int owner, int w);
json_t *m_name_show(json_t *params, struct rpc_err *e);
json_t *m_name_pending(json_t *params, struct rpc_err *e);

/* fake-wallet.c */
bool wallet_is_locked(void);
int request_wallet(struct rpc_err *e);
int maybe_wallet(struct rpc_err *e);
bool send_checks(const json_t *opts, const char *in_txid, int in_owner,
		 int w, char addr[ADDR_MAX], struct rpc_err *e);
json_t *queue_op(const char *name, size_t nlen, enum opkind kind,
		 char *value, size_t vlen, int w, const char addr[ADDR_MAX],
		 size_t nnew);
json_t *m_walletpassphrase(json_t *params, struct rpc_err *e);
json_t *m_walletlock(json_t *params, struct rpc_err *e);

/* fake-wallet-names.c */
json_t *m_name_list(json_t *params, struct rpc_err *e);
json_t *m_name_new(json_t *params, struct rpc_err *e);
json_t *m_name_firstupdate(json_t *params, struct rpc_err *e);
json_t *m_name_update(json_t *params, struct rpc_err *e);

/* fake-control.c */
void load_state(const char *path);
json_t *m_fake_setname(json_t *params, struct rpc_err *e);
json_t *m_fake_mode(json_t *params, struct rpc_err *e);

#endif /* FAKE_H */
