// SPDX-License-Identifier: GPL-2.0
/*
 * fake-namecoind: a stand-in for a Namecoin Core node (namecoind) on regtest,
 * for the namecoind-helper tests. namecoind is not packaged for Debian and
 * the test VM has neither python nor a wallet, so this is a small
 * single-threaded C11 JSON-RPC server (libc + jansson) that answers the way
 * namecoind does, so that the helper (libcurl) runs unchanged against it.
 *
 *   fake-namecoind [-l ADDR] -p PORT (-u USER:PASS | -C DATADIR [-P PERMS])
 *                  [-L N] [-s STATE.json] [-v]
 *
 * -p 0 picks a free port; "listening on ADDR:PORT" ([ADDR]:PORT for IPv6)
 * is printed on stdout once the socket listens. SIGTERM/SIGINT (or the
 * "stop" method) exit 0 and remove the cookie file.
 *
 * What it mimics of namecoind (Bitcoin Core's HTTP server and JSON-RPC):
 *  - HTTP/1.1, POST only (anything else: 405 "JSONRPC server handles only
 *    POST requests"), body read by Content-Length (over 1 MiB: 413), the
 *    interim "100 Continue" that libevent sends on "Expect: 100-continue".
 *    One request per connection, answered with "Connection: close".
 *  - HTTP Basic auth against -u USER:PASS and/or the cookie that -C writes
 *    to DATADIR/.cookie ("__cookie__:" + 64 hex, mode 0600, via a rename,
 *    removed on exit). A missing or wrong Authorization gets 401 with
 *    'WWW-Authenticate: Basic realm="jsonrpc"' and an empty body; a wrong
 *    one only after a 250 ms pause, as namecoind does.
 *  - Legacy (1.0) JSON-RPC replies {"result":R,"error":E,"id":ID} with a
 *    newline, "Content-Type: application/json"; HTTP 200 on success, on
 *    error 500, except 400 for -32600 (invalid request) and 404 for -32601
 *    (method not found). Unparseable JSON: -32700 "Parse error", id null.
 *    Params may be an array, an object (named parameters) or absent;
 *    batches (a JSON array of requests) answer an array with HTTP 200.
 *    Wrong argument counts are -1 (the help text), wrong argument types
 *    -3 "Wrong type passed:" (RPCMethod::HandleRequest), option types -3
 *    (RPCTypeCheckObj). Only "/" and "/wallet/NAME" are served (else 404).
 *  - getblockcount, getbestblockhash, getblockhash, getblockchaininfo
 *    (regtest; blocks, headers, bestblockhash, bits, difficulty, target,
 *    time, mediantime, ... in Core's order), generatetoaddress, stop.
 *  - Names as src/rpc/names.cpp, names/encoding.cpp, names/main.h:
 *    regtest expiry after 30 blocks; name_show NAME [{nameEncoding,
 *    valueEncoding, allowExpired, byHash:"direct"}]: -10 in IBD, -4
 *    "name never existed: 'NAME'", expired names -4 "name expired: 'NAME'"
 *    unless allowExpired (default false, as -allowexpired); the result in
 *    Core's key order, ismine last when a wallet is selected. Encodings
 *    ascii (the default; bytes 0x20..0x7f), utf8, hex; an unknown one falls
 *    back to ascii; a name/value the encoding cannot carry is name_error/
 *    value_error "invalid data for ENC"; an argument invalid in its
 *    encoding is -1000 "Name/value is invalid for encoding ENC"; names in
 *    messages are 'NAME', or 0x+hex when not ASCII. name_pending.
 *    name_show and name_pending use a wallet as MaybeWalletForRequest
 *    does: none (no ismine) without a wallet context (-disablewallet) or
 *    on -19 (several wallets, none in the URL), but -18 with the wallet
 *    enabled and none loaded, or an unknown /wallet/NAME.
 *  - A wallet (wallet/rpc/walletnames.cpp, util.cpp, encrypt.cpp):
 *    name_list, name_new NAME [OPTIONS] -> [txid, rand], name_firstupdate
 *    NAME [RAND] [TX] [VALUE] [OPTIONS] (mined from 12 blocks after the
 *    name_new, errors -25 as Core's), name_update NAME [VALUE] [OPTIONS]
 *    (no value keeps it; -limitnamechains, default 1: -25 "there are
 *    already too many pending operations on this name"; a name not ours
 *    -6 "Not found pre-selected input ..."; destAddress gives it away),
 *    walletpassphrase (the fake's passphrase: "fake-passphrase") and
 *    walletlock; -13 locked, -6 fees and funds, -18/-19 as Core's; the
 *    wallets are "w1" (and "w2"), selected by /wallet/NAME URL paths.
 *    Pending operations are mined by the next block that can hold them.
 *
 * Test controls, not namecoind's:
 *  - fake_setname [NAME, VALUE|null, HEIGHT, {"ismine": bool (default
 *    true: w1's), "encoding_raw_hex": HEX (the value's bytes)}]: set or
 *    delete a name on the chain; HEIGHT defaults to the current height.
 *  - fake_mode [{...}]: change any subset, returns the whole mode: "ibd",
 *    "delay_ms" (every later reply but fake_mode's), "garbage" (200
 *    <html>not json</html>), "http500_html", "expired_error" (-4 even with
 *    allowExpired, as older nodes), "headers_ahead" (headers = blocks + N),
 *    "tip_age" (tip time = now - N s), "wallet_locked", "no_funds",
 *    "fee_estimation_fails", "wallets" (0, 1, 2), "disablewallet" (no
 *    wallet context, as -disablewallet: the wallet methods are -32601
 *    "Method not found", /wallet/NAME is ignored), and the node options
 *    "allowexpired" and "limitnamechains".
 *  - -P owner|group|all: the cookie's mode, as -rpccookieperms (0600,
 *    0640, 0644); -L N: -limitnamechains.
 *  - -s STATE.json: {"height": 100, "expire_depth": 30, "names": {"d/x":
 *    {"value": "...", "height": 90, "ismine": true, "encoding_raw_hex":
 *    "..."}}} plus any fake_mode key.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#define BODY_MAX	(1 << 20)
#define HEAD_MAX	(64 << 10)
#define IO_TIMEOUT_MS	10000
#define NAME_MAX_LEN	255
#define VALUE_MAX_UI	520	/* namecoind's wallet limit */
#define DELAY_MAX_MS	600000
#define BLOCKS_MAX	100000


#define MIN_FIRSTUPDATE_DEPTH	12	/* names/main.h */
#define REGTEST_EXPIRE_DEPTH	30	/* consensus/params.h RegTestConsensus */
#define NAME_CHAIN_LIMIT	1	/* names/mempool.h DEFAULT_NAME_CHAIN_LIMIT */
#define NAME_CHAIN_MAX		64	/* the fake's cap on -L */
#define ADDR_MAX		96
#define PASSPHRASE		"fake-passphrase"
#define MAX_SLEEP_TIME		100000000LL	/* walletpassphrase's cap */

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

static struct chain chain = {
	.height = 100, .expire_depth = REGTEST_EXPIRE_DEPTH,
	.limitnamechains = NAME_CHAIN_LIMIT, .wallets = 1,
};
static const char *req_uri = "/";	/* the URI of the call being served */
static char *creds[2];		/* accepted "user:pass" strings */
static char cookie_path[PATH_MAX];
static bool cookie_written;
static bool verbose;
static volatile sig_atomic_t stop;
static sigset_t wait_mask;	/* while waiting: SIGTERM/SIGINT unblocked */

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* ---- small helpers ---- */

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						     noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("fake-namecoind: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cookie_written)
		unlink(cookie_path);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

static char *xmemdup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

static json_t *xjson(json_t *j)
{
	if (!j)
		die("out of memory (json)");
	return j;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * Wait for fd (or just time, fd < 0) with SIGTERM/SIGINT deliverable.
 * Returns 1 if ready, 0 on timeout, -1 when asked to stop.
 */
static int wait_for(int fd, short events, long long ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	struct timespec ts;
	int r;

	if (ms < 0)
		ms = 0;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000;
	if (stop)
		return -1;
	r = ppoll(fd >= 0 ? &p : NULL, fd >= 0, &ts, &wait_mask);
	if (stop)
		return -1;
	if (r < 0)
		return errno == EINTR ? 0 : -1;
	return r > 0;
}

/* Sleep ms; false when asked to stop meanwhile. */
static bool nap(long long ms)
{
	long long end = now_ms() + ms;

	while (now_ms() < end)
		if (wait_for(-1, 0, end - now_ms()) < 0)
			return false;
	return !stop;
}

static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* A 64-hex "hash" for (tag, n): block hashes, txids. */
static void fake_hash(char out[65], uint64_t tag, uint64_t n)
{
	int i;

	for (i = 0; i < 4; i++)
		snprintf(out + 16 * i, 17, "%016llx",
			 (unsigned long long)mix64(mix64(tag * 4 + i) ^ n));
}

static void block_hash(char out[65], long long height)
{
	fake_hash(out, 0xb10c, (uint64_t)height);
}

static void new_txid(char out[65])
{
	fake_hash(out, 0x7c1d, ++chain.txcount);
}


static const char *jtype(const json_t *v)
{
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "bool";
	default:
		return "null";
	}
}

static json_t *fail(struct rpc_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static json_t *fail(struct rpc_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return NULL;
}

/* ---- parameters, as RPCMethod::HandleRequest checks them ---- */

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

static const char *atype_name(enum atype t)
{
	static const char *const n[] = { "string", "number", "bool", "object" };

	return n[t];
}

static bool atype_ok(const json_t *v, enum atype t)
{
	switch (t) {
	case A_STR:
		return json_is_string(v);
	case A_NUM:
		return json_is_number(v);
	case A_BOOL:
		return json_is_boolean(v);
	default:
		return json_is_object(v);
	}
}

/*
 * IsValidNumArgs (-1 with the help text) and the type check of every
 * argument (-3 "Wrong type passed:" and the mismatches, indented 4).
 */
static bool check_args(const struct method *m, const json_t *params,
		       struct rpc_err *e)
{
	size_t n = json_array_size(params), total = 0, req = 0, i;
	json_t *bad = xjson(json_object());
	const json_t *v;
	char key[96], *s;

	while (total < ARGS_MAX && m->args[total].name) {
		if (!m->args[total].optional)
			req = total + 1;
		total++;
	}
	if (n < req || n > total) {
		json_decref(bad);
		fail(e, RPC_MISC_ERROR, "%s", m->help);
		return false;
	}
	for (i = 0; i < n; i++) {
		v = json_array_get(params, i);
		if (json_is_null(v) && m->args[i].optional)
			continue;
		if (atype_ok(v, m->args[i].type))
			continue;
		snprintf(key, sizeof(key), "Position %zu (%s)", i + 1,
			 m->args[i].name);
		json_object_set_new(bad, key, json_sprintf(
			"JSON value of type %s is not of expected type %s",
			jtype(v), atype_name(m->args[i].type)));
	}
	if (!json_object_size(bad)) {
		json_decref(bad);
		return true;
	}
	s = json_dumps(bad, JSON_INDENT(4) | JSON_PRESERVE_ORDER);
	json_decref(bad);
	if (!s)
		die("out of memory (dump)");
	fail(e, RPC_TYPE_ERROR, "Wrong type passed:\n%s", s);
	free(s);
	return false;
}

static bool arg_given(const json_t *params, size_t i)
{
	const json_t *v = json_array_get(params, i);

	return v && !json_is_null(v);
}

/* After check_args: the string at i. */
static const char *arg_str(const json_t *params, size_t i, size_t *len)
{
	const json_t *v = json_array_get(params, i);

	*len = json_string_length(v);
	return json_string_value(v);
}

/* After check_args: a number at i that must be an integer (getInt). */
static bool arg_int(const json_t *params, size_t i, long long *out,
		    struct rpc_err *e)
{
	const json_t *v = json_array_get(params, i);

	if (!json_is_integer(v)) {
		fail(e, RPC_MISC_ERROR, "JSON integer out of range");
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

/* The options object at i, or an empty one. */
static const json_t *arg_opts(const json_t *params, size_t i)
{
	static json_t *empty;
	const json_t *v = json_array_get(params, i);

	if (!empty)
		empty = xjson(json_object());
	return json_is_object(v) ? v : empty;
}

/*
 * An option of an options object: RPCTypeCheckObj (null allowed, -3 on a
 * wrong type), then get_str()/get_bool() on it, which is -1 for a null.
 */
static bool opt_get(const json_t *opts, const char *key, enum atype t,
		    json_t **out, struct rpc_err *e)
{
	json_t *v = json_object_get(opts, key);

	*out = NULL;
	if (!v)
		return true;
	if (json_is_null(v)) {
		fail(e, RPC_MISC_ERROR,
		     "JSON value of type null is not of expected type %s",
		     atype_name(t));
		return false;
	}
	if (!atype_ok(v, t)) {
		fail(e, RPC_TYPE_ERROR, "JSON value of type %s for field %s "
		     "is not of expected type %s", jtype(v), key,
		     atype_name(t));
		return false;
	}
	*out = v;
	return true;
}

/* ---- Namecoin name/value encodings (names/encoding.cpp) ---- */

enum enc { ENC_ASCII, ENC_UTF8, ENC_HEX };
static const char *const enc_names[] = { "ascii", "utf8", "hex" };

static bool valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0, k, more;
	uint32_t c;

	while (i < n) {
		c = s[i++];
		if (c < 0x80)
			continue;
		if (c >= 0xc2 && c <= 0xdf)
			more = 1, c &= 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			more = 2, c &= 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			more = 3, c &= 0x07;
		else
			return false;
		if (n - i < more)
			return false;
		for (k = 0; k < more; k++) {
			if ((s[i] & 0xc0) != 0x80)
				return false;
			c = (c << 6) | (s[i++] & 0x3f);
		}
		if ((more == 2 && c < 0x800) || (more == 3 && c < 0x10000) ||
		    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return false;
	}
	return true;
}

/* IsStringValid's ASCII: every byte in 0x20..0x7f (DEL included). */
static bool valid_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

static void to_hex(char *out, const char *s, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[(unsigned char)s[i] >> 4];
		out[2 * i + 1] = hx[(unsigned char)s[i] & 15];
	}
	out[2 * n] = 0;
}

/* EncodeName: the JSON string of bytes in enc; NULL if enc cannot. */
static json_t *encode(const char *s, size_t n, enum enc enc)
{
	json_t *j;
	char *h;

	switch (enc) {
	case ENC_ASCII:
		if (!valid_ascii(s, n))
			return NULL;
		return xjson(json_stringn(s, n));
	case ENC_UTF8:
		if (!valid_utf8((const unsigned char *)s, n))
			return NULL;
		return xjson(json_stringn(s, n));
	default:
		h = xmalloc(2 * n + 1);
		to_hex(h, s, n);
		j = xjson(json_stringn(h, 2 * n));
		free(h);
		return j;
	}
}

/* EncodeNameForMessage: 'NAME' when it is ASCII, else 0x and hex. */
static void name_for_message(char *out, size_t outlen, const char *s,
			     size_t n)
{
	char *h;

	if (valid_ascii(s, n)) {
		snprintf(out, outlen, "'%.*s'", (int)n, s);
		return;
	}
	h = xmalloc(2 * n + 1);
	to_hex(h, s, n);
	snprintf(out, outlen, "0x%s", h);
	free(h);
}

/* AddEncodedNameToUniv: KEY or KEY_error, then KEY_encoding. */
static void add_encoded(json_t *obj, const char *key, const char *s,
			size_t n, enum enc enc)
{
	json_t *v = encode(s, n, enc);
	char k[32];

	if (v) {
		json_object_set_new(obj, key, v);
	} else {
		snprintf(k, sizeof(k), "%s_error", key);
		json_object_set_new(obj, k, xjson(json_sprintf(
			"invalid data for %s", enc_names[enc])));
	}
	snprintf(k, sizeof(k), "%s_encoding", key);
	json_object_set_new(obj, k, xjson(json_string(enc_names[enc])));
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* IsHex: even length, not empty, only hex digits. */
static bool is_hex(const char *s, size_t n)
{
	size_t i;

	if (!n || n % 2)
		return false;
	for (i = 0; i < n; i++)
		if (hexval(s[i]) < 0)
			return false;
	return true;
}

static char *parse_hex(const char *s, size_t n, size_t *outlen)
{
	char *out = xmalloc(n / 2 + 1);
	size_t i;

	for (i = 0; i < n / 2; i++)
		out[i] = (char)(hexval(s[2 * i]) << 4 | hexval(s[2 * i + 1]));
	out[n / 2] = 0;
	*outlen = n / 2;
	return out;
}

/* DecodeName: bytes from a string in enc, malloc'd; false if invalid. */
static bool decode(const char *s, size_t n, enum enc enc, char **out,
		   size_t *outlen)
{
	if (enc == ENC_ASCII && !valid_ascii(s, n))
		return false;
	if (enc == ENC_UTF8 && !valid_utf8((const unsigned char *)s, n))
		return false;
	if (enc == ENC_HEX && n && !is_hex(s, n))
		return false;
	if (enc == ENC_HEX) {
		*out = parse_hex(s, n, outlen);
		return true;
	}
	*out = xmemdup(s, n);
	*outlen = n;
	return true;
}

/* EncodingFromOptionsJson: an unknown encoding falls back to ascii. */
static bool opt_enc(const json_t *opts, const char *key, enum enc *enc,
		    struct rpc_err *e)
{
	json_t *v;
	size_t i;

	*enc = ENC_ASCII;	/* -nameencoding/-valueencoding default */
	if (!opt_get(opts, key, A_STR, &v, e))
		return false;
	for (i = 0; v && i < 3; i++)
		if (!strcmp(json_string_value(v), enc_names[i]))
			*enc = (enum enc)i;
	return true;
}

/* DecodeNameValueFromRPCOrThrow: -1000 when invalid for the encoding. */
static bool arg_decoded(const json_t *params, size_t i, const json_t *opts,
			const char *key, char **out, size_t *outlen,
			struct rpc_err *e)
{
	enum enc enc;
	const char *s;
	size_t len;

	if (!opt_enc(opts, key, &enc, e))
		return false;
	s = arg_str(params, i, &len);
	if (decode(s, len, enc, out, outlen))
		return true;
	fail(e, RPC_NAME_INVALID_ENCODING,
	     "Name/value is invalid for encoding %s", enc_names[enc]);
	return false;
}

/* The name argument at 0: decoded and at most 255 bytes. */
static bool arg_name(const json_t *params, const json_t *opts, char **name,
		     size_t *nlen, struct rpc_err *e)
{
	if (!arg_decoded(params, 0, opts, "nameEncoding", name, nlen, e))
		return false;
	if (*nlen <= NAME_MAX_LEN)
		return true;
	free(*name);
	fail(e, RPC_INVALID_PARAMETER, "the name is too long");
	return false;
}

/* ---- chain state ---- */

static struct name *find_name(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < chain.n_names; i++)
		if (chain.names[i].nlen == n &&
		    !memcmp(chain.names[i].name, s, n))
			return &chain.names[i];
	return NULL;
}

/* The name as the chain has it (not a pending registration). */
static struct name *chain_name(const char *s, size_t n)
{
	struct name *nm = find_name(s, n);

	return nm && nm->confirmed ? nm : NULL;
}

static struct name *add_name(const char *s, size_t n)
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
static void fake_address(char out[ADDR_MAX], const char *name, size_t nlen)
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
static void set_name(const char *s, size_t n, const char *v, size_t vlen,
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

static void del_name(const char *s, size_t n)
{
	struct name *nm = find_name(s, n);

	if (!nm)
		return;
	drop_ops(nm);
	free(nm->name);
	free(nm->value);
	*nm = chain.names[--chain.n_names];
}

static void free_chain(void)
{
	size_t i;

	while (chain.n_names)
		del_name(chain.names[0].name, chain.names[0].nlen);
	free(chain.names);
	for (i = 0; i < chain.n_news; i++)
		free(chain.news[i].name);
	free(chain.news);
}

static long long expires_in(const struct name *nm)
{
	return nm->height + chain.expire_depth - chain.height;
}

static bool expired(const struct name *nm)
{
	return expires_in(nm) <= 0;
}

/*
 * CreateNewBlock: the name_news in the mempool are mined; each name's
 * pending chain as far as it can go: a name_firstupdate only from
 * MIN_FIRSTUPDATE_DEPTH blocks after its name_new (node/miner.cpp).
 */
static void mine_block(void)
{
	struct nameop *op;
	struct namenew *nn;
	struct name *nm;
	size_t i, k;

	chain.height++;
	for (i = 0; i < chain.n_names; i++) {
		nm = &chain.names[i];
		for (k = 0; k < nm->n_ops; k++) {
			op = &nm->ops[k];
			nn = op->kind == OP_FIRSTUPDATE ?
			     &chain.news[op->nnew] : NULL;
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
			continue;
		memmove(nm->ops, nm->ops + k,
			(nm->n_ops - k) * sizeof(*nm->ops));
		nm->n_ops -= k;
	}
	for (i = 0; i < chain.n_news; i++)
		if (!chain.news[i].height)
			chain.news[i].height = chain.height;
}

/* ---- the wallets' lock ---- */

static bool wallet_is_locked(void)
{
	if (!chain.locked && chain.relock_ms && now_ms() >= chain.relock_ms) {
		chain.locked = true;
		chain.relock_ms = 0;
	}
	return chain.encrypted && chain.locked;
}

/* ---- fake_mode and the state file ---- */

struct modekey {
	const char *key;
	bool is_int;
	long long min, max;
	void *p;		/* bool * or long long * */
};

static bool locked_flag;	/* what "wallet_locked" asks */

static const struct modekey modekeys[] = {
	{ "ibd", false, 0, 0, &chain.ibd },
	{ "delay_ms", true, 0, DELAY_MAX_MS, &chain.delay_ms },
	{ "garbage", false, 0, 0, &chain.garbage },
	{ "http500_html", false, 0, 0, &chain.http500_html },
	{ "expired_error", false, 0, 0, &chain.expired_error },
	{ "headers_ahead", true, 0, 1000000, &chain.headers_ahead },
	{ "tip_age", true, 0, 1000000000, &chain.tip_age },
	{ "wallet_locked", false, 0, 0, &locked_flag },
	{ "no_funds", false, 0, 0, &chain.no_funds },
	{ "fee_estimation_fails", false, 0, 0, &chain.fee_fails },
	{ "wallets", true, 0, 2, &chain.wallets },
	{ "disablewallet", false, 0, 0, &chain.disablewallet },
	/* node options (-allowexpired, -limitnamechains) */
	{ "allowexpired", false, 0, 0, &chain.allowexpired },
	{ "limitnamechains", true, 1, NAME_CHAIN_MAX, &chain.limitnamechains },
};

#define N_MODEKEYS (sizeof(modekeys) / sizeof(modekeys[0]))

static json_t *mode_json(void)
{
	json_t *o = xjson(json_object());
	size_t i;

	locked_flag = wallet_is_locked();
	for (i = 0; i < N_MODEKEYS; i++)
		json_object_set_new(o, modekeys[i].key, modekeys[i].is_int ?
			xjson(json_integer(*(long long *)modekeys[i].p)) :
			xjson(json_boolean(*(bool *)modekeys[i].p)));
	return o;
}

static const struct modekey *modekey(const char *key)
{
	size_t i;

	for (i = 0; i < N_MODEKEYS; i++)
		if (!strcmp(key, modekeys[i].key))
			return &modekeys[i];
	return NULL;
}

/* Apply mode keys of obj; unknown keys are an error unless other_ok. */
static bool apply_mode(const json_t *obj, bool other_ok, struct rpc_err *e)
{
	const struct modekey *k;
	const char *key;
	json_t *v;

	/* Check everything first: a failing call changes nothing. */
	json_object_foreach((json_t *)obj, key, v) {
		k = modekey(key);
		if (!k) {
			if (other_ok)
				continue;
			fail(e, RPC_INVALID_PARAMETER,
			     "unknown mode key: %.100s", key);
			return false;
		}
		if (!k->is_int && !json_is_boolean(v)) {
			fail(e, RPC_TYPE_ERROR, "Expected type bool for %s, "
			     "got %s", key, jtype(v));
			return false;
		}
		if (k->is_int && (!json_is_integer(v) ||
				  json_integer_value(v) < k->min ||
				  json_integer_value(v) > k->max)) {
			fail(e, RPC_TYPE_ERROR, "Expected type number "
			     "(%lld..%lld) for %s, got %s", k->min, k->max,
			     key, jtype(v));
			return false;
		}
	}
	json_object_foreach((json_t *)obj, key, v) {
		k = modekey(key);
		if (!k)
			continue;
		if (k->is_int)
			*(long long *)k->p = json_integer_value(v);
		else
			*(bool *)k->p = json_is_true(v);
		if (k->p != &locked_flag)
			continue;
		/* locking encrypts; unlocking keeps it encrypted */
		chain.encrypted |= locked_flag;
		chain.locked = locked_flag;
		chain.relock_ms = 0;
	}
	return true;
}

static bool state_key(const char *key)
{
	return !strcmp(key, "height") || !strcmp(key, "expire_depth") ||
	       !strcmp(key, "names") || modekey(key);
}

static void load_names(const char *path, json_t *names)
{
	json_t *n, *val, *h, *mine, *raw;
	const char *key;
	size_t vlen;
	char *v;

	if (names && !json_is_object(names))
		die("%s: names: not an object", path);
	json_object_foreach(names, key, n) {
		if (!json_is_object(n))
			die("%s: names.%s: not an object", path, key);
		val = json_object_get(n, "value");
		h = json_object_get(n, "height");
		mine = json_object_get(n, "ismine");
		raw = json_object_get(n, "encoding_raw_hex");
		if (val && !json_is_string(val))
			die("%s: names.%s.value: not a string", path, key);
		if (h && !json_is_integer(h))
			die("%s: names.%s.height: not an integer", path, key);
		if (mine && !json_is_boolean(mine))
			die("%s: names.%s.ismine: not a bool", path, key);
		if (raw && !(json_is_string(raw) &&
			     (!json_string_length(raw) ||
			      is_hex(json_string_value(raw),
				     json_string_length(raw)))))
			die("%s: names.%s.encoding_raw_hex: not hex", path,
			    key);
		if (raw)
			v = parse_hex(json_string_value(raw),
				      json_string_length(raw), &vlen);
		else
			v = xmemdup(val ? json_string_value(val) : "",
				    val ? json_string_length(val) : 0);
		if (!raw)
			vlen = val ? json_string_length(val) : 0;
		set_name(key, strlen(key), v, vlen,
			 h ? json_integer_value(h) : chain.height,
			 !mine || json_is_true(mine));
		free(v);
	}
}

static void load_state(const char *path)
{
	json_error_t jerr;
	json_t *root, *v;
	struct rpc_err e;
	const char *key;

	root = json_load_file(path, JSON_ALLOW_NUL, &jerr);
	if (!root)
		die("%s:%d: %s", path, jerr.line, jerr.text);
	if (!json_is_object(root))
		die("%s: not a JSON object", path);
	json_object_foreach(root, key, v)
		if (!state_key(key))
			die("%s: unknown key \"%s\"", path, key);
	if (!apply_mode(root, true, &e))
		die("%s: %s", path, e.msg);
	v = json_object_get(root, "height");
	if (v) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > INT_MAX)
			die("%s: height: not an integer >= 0", path);
		chain.height = json_integer_value(v);
	}
	v = json_object_get(root, "expire_depth");
	if (v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > INT_MAX)
			die("%s: expire_depth: not an integer > 0", path);
		chain.expire_depth = json_integer_value(v);
	}
	load_names(path, json_object_get(root, "names"));
	json_decref(root);
}

/* ---- wallets (wallet/rpc/util.cpp) ---- */

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
static int request_wallet(struct rpc_err *e)
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
static int maybe_wallet(struct rpc_err *e)
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

/* ---- name info objects (rpc/names.cpp getNameInfo) ---- */

static json_t *info_base(const json_t *opts, const char *name, size_t nlen,
			 const char *v, size_t vlen, const char *txid,
			 const char *addr, struct rpc_err *e)
{
	enum enc nenc, venc;
	json_t *o;

	if (!opt_enc(opts, "nameEncoding", &nenc, e) ||
	    !opt_enc(opts, "valueEncoding", &venc, e))
		return NULL;
	o = xjson(json_object());
	add_encoded(o, "name", name, nlen, nenc);
	add_encoded(o, "value", v, vlen, venc);
	json_object_set_new(o, "txid", xjson(json_string(txid)));
	json_object_set_new(o, "vout", xjson(json_integer(0)));
	json_object_set_new(o, "address", xjson(json_string(addr)));
	return o;
}

static void add_expiration(json_t *o, const struct name *nm)
{
	json_object_set_new(o, "height", xjson(json_integer(nm->height)));
	json_object_set_new(o, "expires_in",
			    xjson(json_integer(expires_in(nm))));
	json_object_set_new(o, "expired", xjson(json_boolean(expired(nm))));
}

static void add_ismine(json_t *o, int owner, int w)
{
	if (w)
		json_object_set_new(o, "ismine",
				    xjson(json_boolean(owner == w)));
}

/* ---- node methods ---- */

static json_t *m_getblockcount(json_t *params, struct rpc_err *e)
{
	(void)params, (void)e;
	return xjson(json_integer(chain.height));
}

static json_t *m_getbestblockhash(json_t *params, struct rpc_err *e)
{
	char h[65];

	(void)params, (void)e;
	block_hash(h, chain.height);
	return xjson(json_string(h));
}

static json_t *m_getblockhash(json_t *params, struct rpc_err *e)
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
static json_t *m_getblockchaininfo(json_t *params, struct rpc_err *e)
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

static json_t *m_generatetoaddress(json_t *params, struct rpc_err *e)
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

/* name_show NAME [OPTIONS] (rpc/names.cpp), its checks in its order. */
static json_t *m_name_show(json_t *params, struct rpc_err *e)
{
	const json_t *opts = arg_opts(params, 1);
	bool allow = chain.allowexpired;
	json_t *a, *bh, *o = NULL;
	struct name *nm;
	char msg[600], *name = NULL;
	size_t nlen;
	int w;

	if (chain.ibd)
		return fail(e, RPC_CLIENT_IN_INITIAL_DOWNLOAD,
			    "Namecoin is downloading blocks...");
	if (!opt_get(opts, "allowExpired", A_BOOL, &a, e) ||
	    !arg_decoded(params, 0, opts, "nameEncoding", &name, &nlen, e))
		return NULL;
	if (a)
		allow = json_is_true(a);
	if (!opt_get(opts, "byHash", A_STR, &bh, e))
		goto out;
	if (bh && strcmp(json_string_value(bh), "direct")) {
		fail(e, RPC_MISC_ERROR, "-namehashindex is not enabled");
		goto out;
	}
	name_for_message(msg, sizeof(msg), name, nlen);
	nm = chain_name(name, nlen);
	if (!nm) {
		fail(e, RPC_WALLET_ERROR, "name never existed: %s", msg);
		goto out;
	}
	w = maybe_wallet(e);
	if (w < 0)
		goto out;
	o = info_base(opts, nm->name, nm->nlen, nm->value, nm->vlen,
		      nm->txid, nm->addr, e);
	if (!o)
		goto out;
	add_expiration(o, nm);
	add_ismine(o, nm->owner, w);
	if (expired(nm) && (!allow || chain.expired_error)) {
		json_decref(o);
		o = fail(e, RPC_WALLET_ERROR, "name expired: %s", msg);
	}
out:
	free(name);
	return o;
}

/* name_pending [NAME] [OPTIONS]: the name operations in the mempool. */
static json_t *m_name_pending(json_t *params, struct rpc_err *e)
{
	const json_t *opts = arg_opts(params, 1);
	int w = maybe_wallet(e);
	struct nameop *op;
	char *filter = NULL;
	size_t flen = 0, i, k;
	json_t *arr, *o;

	if (w < 0)
		return NULL;
	if (arg_given(params, 0) &&
	    !arg_decoded(params, 0, opts, "nameEncoding", &filter, &flen, e))
		return NULL;
	arr = xjson(json_array());
	for (i = 0; i < chain.n_names; i++) {
		struct name *nm = &chain.names[i];

		if (filter && (nm->nlen != flen ||
			       memcmp(nm->name, filter, flen)))
			continue;
		for (k = 0; k < nm->n_ops; k++) {
			op = &nm->ops[k];
			o = info_base(opts, nm->name, nm->nlen, op->value,
				      op->vlen, op->txid, op->addr, e);
			if (!o) {
				json_decref(arr);
				free(filter);
				return NULL;
			}
			add_ismine(o, op->owner, w);
			json_object_set_new(o, "op", xjson(json_string(
				op->kind == OP_UPDATE ? "name_update" :
				"name_firstupdate")));
			json_array_append_new(arr, o);
		}
	}
	free(filter);
	return arr;
}

static json_t *m_stop(json_t *params, struct rpc_err *e)
{
	(void)params, (void)e;
	stop = 1;
	return xjson(json_string("Namecoin Core stopping"));
}

/* ---- wallet methods (wallet/rpc/walletnames.cpp, encrypt.cpp) ---- */

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
static bool send_checks(const json_t *opts, const char *in_txid,
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
static json_t *queue_op(const char *name, size_t nlen, enum opkind kind,
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

/* name_update NAME [VALUE] [OPTIONS] */
static json_t *m_name_update(json_t *params, struct rpc_err *e)
{
	const json_t *opts = arg_opts(params, 2);
	char *name = NULL, *value = NULL, addr[ADDR_MAX];
	const char *in_txid, *dv;
	size_t nlen, vlen = 0, pending, dvlen;
	struct name *nm;
	int w, in_owner;

	w = request_wallet(e);
	if (!w || !arg_name(params, opts, &name, &nlen, e))
		return NULL;
	if (arg_given(params, 1)) {
		if (!arg_decoded(params, 1, opts, "valueEncoding", &value,
				 &vlen, e))
			goto err;
		if (vlen > VALUE_MAX_UI) {
			fail(e, RPC_INVALID_PARAMETER, "the value is too long");
			goto err;
		}
	}
	nm = find_name(name, nlen);
	pending = nm ? nm->n_ops : 0;
	if ((long long)pending >= chain.limitnamechains) {
		fail(e, RPC_TRANSACTION_ERROR, "there are already too many "
		     "pending operations on this name");
		goto err;
	}
	if (pending) {
		in_txid = nm->ops[pending - 1].txid;
		in_owner = nm->ops[pending - 1].owner;
		dv = nm->ops[pending - 1].value;
		dvlen = nm->ops[pending - 1].vlen;
	} else if (!nm || !nm->confirmed || expired(nm)) {
		fail(e, RPC_TRANSACTION_ERROR, "this name can not be updated");
		goto err;
	} else {
		in_txid = nm->txid;
		in_owner = nm->owner;
		dv = nm->value;
		dvlen = nm->vlen;
	}
	if (!send_checks(opts, in_txid, in_owner, w, addr, e))
		goto err;
	if (!arg_given(params, 1)) {
		value = xmemdup(dv, dvlen);	/* the value is kept */
		vlen = dvlen;
	}
	{
		json_t *r = queue_op(name, nlen, OP_UPDATE, value, vlen, w,
				     addr, 0);

		free(name);
		return r;
	}
err:
	free(name);
	free(value);
	return NULL;
}

/* name_new NAME [OPTIONS]: [txid, rand] */
static json_t *m_name_new(json_t *params, struct rpc_err *e)
{
	const json_t *opts = arg_opts(params, 1);
	struct namenew *nn;
	struct name *nm;
	char *name, addr[ADDR_MAX], r[65];
	json_t *ae;
	size_t nlen;
	int w;

	w = request_wallet(e);
	if (!w || !opt_get(opts, "allowExisting", A_BOOL, &ae, e) ||
	    !arg_name(params, opts, &name, &nlen, e))
		return NULL;
	nm = chain_name(name, nlen);
	if (!json_is_true(ae) && nm && !expired(nm)) {
		free(name);
		return fail(e, RPC_TRANSACTION_ERROR,
			    "this name exists already");
	}
	if (!send_checks(opts, NULL, 0, w, addr, e)) {
		free(name);
		return NULL;
	}
	if (chain.n_news == chain.news_cap) {
		chain.news_cap = chain.news_cap ? 2 * chain.news_cap : 16;
		chain.news = realloc(chain.news,
				     chain.news_cap * sizeof(*chain.news));
		if (!chain.news)
			die("out of memory");
	}
	nn = &chain.news[chain.n_news++];
	memset(nn, 0, sizeof(*nn));
	nn->name = name;
	nn->nlen = nlen;
	nn->wallet = w;
	fake_hash(r, 0x5a17, ++chain.txcount);
	memcpy(nn->rand, r, 40);	/* 20 bytes, as the wallet's salt */
	new_txid(nn->txid);
	return xjson(json_pack("[s, s]", nn->txid, nn->rand));
}

/* The name_new a name_firstupdate spends; -1 if none (see below). */
static long find_new(const json_t *params, const char *name, size_t nlen,
		     const char *rand, int w, struct rpc_err *e)
{
	size_t i, tlen;
	const char *t;

	if (!arg_given(params, 2)) {
		/* the wallet's scan: its name_new for this name (and rand) */
		for (i = 0; i < chain.n_news; i++) {
			struct namenew *nn = &chain.news[i];

			if (nn->wallet == w && nn->nlen == nlen &&
			    !memcmp(nn->name, name, nlen) &&
			    (!rand || !strcmp(nn->rand, rand)))
				return (long)i;
		}
		fail(e, RPC_TRANSACTION_ERROR,
		     "scan for previous txid failed");
		return -1;
	}
	t = arg_str(params, 2, &tlen);
	if (tlen != 64 || !is_hex(t, tlen)) {
		fail(e, RPC_INVALID_PARAMETER, "invalid txid");
		return -1;
	}
	for (i = 0; i < chain.n_news; i++)
		if (!strcasecmp(chain.news[i].txid, t))
			return (long)i;
	fail(e, RPC_TRANSACTION_ERROR, "previous txid not found");
	return -1;
}

/* name_firstupdate NAME [RAND] [TX] [VALUE] [OPTIONS] [allow_active] */
static json_t *m_name_firstupdate(json_t *params, struct rpc_err *e)
{
	const json_t *opts = arg_opts(params, 4);
	char *name = NULL, *value = NULL, rand[41] = "", addr[ADDR_MAX];
	size_t nlen, vlen = 0, rlen, i;
	struct namenew *nn;
	struct name *nm;
	const char *rs;
	json_t *r;
	long idx;
	int w;

	w = request_wallet(e);
	if (!w || !arg_name(params, opts, &name, &nlen, e))
		return NULL;
	if (arg_given(params, 1)) {
		rs = arg_str(params, 1, &rlen);
		if (!is_hex(rs, rlen)) {
			fail(e, RPC_INVALID_PARAMETER, "rand must be "
			     "hexadecimal string (not '%.200s')", rs);
			goto err;
		}
		if (rlen > 40) {
			fail(e, RPC_INVALID_PARAMETER, "invalid rand value");
			goto err;
		}
		for (i = 0; i < rlen; i++)
			rand[i] = (char)tolower((unsigned char)rs[i]);
		rand[rlen] = 0;
	}
	if (arg_given(params, 3)) {
		if (!arg_decoded(params, 3, opts, "valueEncoding", &value,
				 &vlen, e))
			goto err;
	} else {
		value = xmemdup("", 0);
	}
	if (vlen > VALUE_MAX_UI) {
		fail(e, RPC_INVALID_PARAMETER, "the value is too long");
		goto err;
	}
	nm = find_name(name, nlen);
	for (i = 0; nm && i < nm->n_ops; i++)
		if (nm->ops[i].kind == OP_FIRSTUPDATE) {
			fail(e, RPC_TRANSACTION_ERROR,
			     "this name is already being registered");
			goto err;
		}
	if (!json_is_true(json_array_get(params, 5)) && nm && nm->confirmed &&
	    !expired(nm)) {
		fail(e, RPC_TRANSACTION_ERROR, "this name is already active");
		goto err;
	}
	idx = find_new(params, name, nlen, rand[0] ? rand : NULL, w, e);
	if (idx < 0)
		goto err;
	nn = &chain.news[idx];
	/* getNamePrevout: a confirmed, unspent name_new */
	if (!nn->height || nn->spent) {
		fail(e, RPC_TRANSACTION_ERROR, "previous txid not found");
		goto err;
	}
	if (!rand[0] && nn->wallet != w) {
		fail(e, RPC_TRANSACTION_ERROR,
		     "could not generate rand for txid");
		goto err;
	}
	if (!rand[0] && (nn->nlen != nlen || memcmp(nn->name, name, nlen))) {
		fail(e, RPC_TRANSACTION_ERROR,
		     "generated rand for txid does not match");
		goto err;
	}
	if (rand[0] && (nn->nlen != nlen || memcmp(nn->name, name, nlen) ||
			strcmp(nn->rand, rand))) {
		fail(e, RPC_TRANSACTION_ERROR, "rand value is wrong");
		goto err;
	}
	if (!send_checks(opts, nn->txid, nn->wallet, w, addr, e))
		goto err;
	r = queue_op(name, nlen, OP_FIRSTUPDATE, value, vlen, w, addr,
		     (size_t)idx);
	free(name);
	return r;
err:
	free(name);
	free(value);
	return NULL;
}

static int name_cmp(const void *a, const void *b)
{
	const struct name *x = *(struct name *const *)a;
	const struct name *y = *(struct name *const *)b;
	int c = memcmp(x->name, y->name, x->nlen < y->nlen ? x->nlen :
		       y->nlen);

	return c ? c : (x->nlen > y->nlen) - (x->nlen < y->nlen);
}

/* name_list [NAME] [OPTIONS]: the wallet's names, sorted, expired too. */
static json_t *m_name_list(json_t *params, struct rpc_err *e)
{
	const json_t *opts = arg_opts(params, 1);
	struct name **v;
	char *filter = NULL;
	size_t flen = 0, i, n = 0;
	json_t *arr, *o;
	int w;

	w = request_wallet(e);
	if (!w)
		return NULL;
	if (arg_given(params, 0) &&
	    !arg_decoded(params, 0, opts, "nameEncoding", &filter, &flen, e))
		return NULL;
	v = xmalloc(chain.n_names * sizeof(*v));
	for (i = 0; i < chain.n_names; i++) {
		struct name *nm = &chain.names[i];

		if (!nm->confirmed || (nm->owner != w && nm->last_wallet != w))
			continue;
		if (filter && (nm->nlen != flen ||
			       memcmp(nm->name, filter, flen)))
			continue;
		v[n++] = nm;
	}
	qsort(v, n, sizeof(*v), name_cmp);
	arr = xjson(json_array());
	for (i = 0; i < n; i++) {
		o = info_base(opts, v[i]->name, v[i]->nlen, v[i]->value,
			      v[i]->vlen, v[i]->txid, v[i]->addr, e);
		if (!o) {
			json_decref(arr);
			arr = NULL;
			break;
		}
		add_ismine(o, v[i]->owner, w);
		add_expiration(o, v[i]);
		json_array_append_new(arr, o);
	}
	free(v);
	free(filter);
	return arr;
}

/* walletpassphrase PASSPHRASE TIMEOUT (the fake's is PASSPHRASE) */
static json_t *m_walletpassphrase(json_t *params, struct rpc_err *e)
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

static json_t *m_walletlock(json_t *params, struct rpc_err *e)
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

/* ---- test controls ---- */

/* fake_setname NAME VALUE|null [HEIGHT] [{"ismine", "encoding_raw_hex"}] */
static json_t *m_fake_setname(json_t *params, struct rpc_err *e)
{
	const json_t *opts = arg_opts(params, 3);
	long long height = chain.height;
	const char *name, *value;
	size_t nlen, vlen;
	json_t *mine, *raw;
	char *bytes;

	if (json_array_size(params) < 2)
		return fail(e, RPC_MISC_ERROR, "fake_setname \"name\" "
			    "\"value\"|null ( height options )");
	if (!opt_get(opts, "ismine", A_BOOL, &mine, e) ||
	    !opt_get(opts, "encoding_raw_hex", A_STR, &raw, e))
		return NULL;
	if (raw && json_string_length(raw) &&
	    !is_hex(json_string_value(raw), json_string_length(raw)))
		return fail(e, RPC_INVALID_PARAMETER,
			    "encoding_raw_hex: not hex");
	if (arg_given(params, 2) && !arg_int(params, 2, &height, e))
		return NULL;
	name = arg_str(params, 0, &nlen);
	if (!raw && !arg_given(params, 1)) {
		del_name(name, nlen);
		return xjson(json_null());
	}
	if (raw) {
		bytes = parse_hex(json_string_value(raw),
				  json_string_length(raw), &vlen);
	} else {
		value = arg_str(params, 1, &vlen);
		bytes = xmemdup(value, vlen);
	}
	set_name(name, nlen, bytes, vlen, height, !mine || json_is_true(mine));
	free(bytes);
	return xjson(json_null());
}

static json_t *m_fake_mode(json_t *params, struct rpc_err *e)
{
	const json_t *obj = json_array_get(params, 0);

	if (json_is_object(obj) && !apply_mode(obj, false, e))
		return NULL;
	return mode_json();
}

#define S(n) { n, A_STR, false }
#define S_(n) { n, A_STR, true }
#define N(n) { n, A_NUM, false }
#define N_(n) { n, A_NUM, true }
#define B_(n) { n, A_BOOL, true }
#define O_(n) { n, A_OBJ, true }

static const struct method methods[] = {
	{ "getblockcount", m_getblockcount, "getblockcount\n\nReturns the "
	  "height of the most-work fully-validated chain.", { { 0 } } },
	{ "getbestblockhash", m_getbestblockhash, "getbestblockhash\n\n"
	  "Returns the hash of the best (tip) block in the most-work "
	  "fully-validated chain.", { { 0 } } },
	{ "getblockhash", m_getblockhash, "getblockhash height\n\nReturns "
	  "hash of block in best-block-chain at height provided.",
	  { N("height") } },
	{ "getblockchaininfo", m_getblockchaininfo, "getblockchaininfo\n\n"
	  "Returns an object containing various state info regarding "
	  "blockchain processing.", { { 0 } } },
	{ "generatetoaddress", m_generatetoaddress, "generatetoaddress "
	  "nblocks \"address\" ( maxtries )\n\nMine to a specified address "
	  "and return the block hashes.",
	  { N("nblocks"), S("address"), N_("maxtries") } },
	{ "name_show", m_name_show, "name_show \"name\" ( options )\n\n"
	  "Looks up the current data for the given name.  Fails if the "
	  "name doesn't exist.", { S("name"), O_("options") } },
	{ "name_pending", m_name_pending, "name_pending ( \"name\" options )"
	  "\n\nLists unconfirmed name operations in the mempool.",
	  { S_("name"), O_("options") } },
	{ "name_list", m_name_list, "name_list ( \"name\" options )\n\n"
	  "Shows the status of all names in the wallet.",
	  { S_("name"), O_("options") } },
	{ "name_new", m_name_new, "name_new \"name\" ( options )\n\nStarts "
	  "registration of the given name.  Must be followed up with "
	  "name_firstupdate to finish the registration.",
	  { S("name"), O_("options") } },
	{ "name_firstupdate", m_name_firstupdate, "name_firstupdate \"name\""
	  " ( \"rand\" \"tx\" \"value\" options allow_active )\n\nFinishes "
	  "the registration of a name.  Depends on name_new being already "
	  "issued.", { S("name"), S_("rand"), S_("tx"), S_("value"),
			O_("options"), B_("allow_active") } },
	{ "name_update", m_name_update, "name_update \"name\" ( \"value\" "
	  "options )\n\nUpdates a name and possibly transfers it.",
	  { S("name"), S_("value"), O_("options") } },
	{ "walletpassphrase", m_walletpassphrase, "walletpassphrase "
	  "\"passphrase\" timeout\n\nStores the wallet decryption key in "
	  "memory for 'timeout' seconds.",
	  { S("passphrase"), N("timeout") } },
	{ "walletlock", m_walletlock, "walletlock\n\nRemoves the wallet "
	  "encryption key from memory, locking the wallet.", { { 0 } } },
	{ "stop", m_stop, "stop\n\nRequest a graceful shutdown of Namecoin "
	  "Core.", { N_("wait") } },
	{ "fake_setname", m_fake_setname, "fake_setname \"name\" "
	  "\"value\"|null ( height options )\n\nfake-namecoind: sets (or "
	  "with null deletes) a name directly.",
	  { S("name"), S_("value"), N_("height"), O_("options") } },
	{ "fake_mode", m_fake_mode, "fake_mode ( {key: value, ...} )\n\n"
	  "fake-namecoind: changes and returns the reply mode.",
	  { O_("mode") } },
};

/* The wallet's RPCs (wallet/rpc/wallet.cpp GetWalletRPCCommands). */
static bool wallet_method(const struct method *m)
{
	static const char *const names[] = {
		"name_list", "name_new", "name_firstupdate", "name_update",
		"walletpassphrase", "walletlock",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(m->name, names[i]))
			return true;
	return false;
}

/* Named parameters to positional ones, as Core's transformNamedArguments. */
static json_t *positional(const struct method *m, json_t *named,
			  struct rpc_err *e)
{
	json_t *arr = xjson(json_array());
	const char *key;
	json_t *v;
	size_t i, last = 0;

	json_object_foreach(named, key, v) {
		for (i = 0; i < ARGS_MAX && m->args[i].name; i++)
			if (!strcmp(key, m->args[i].name))
				break;
		if (i == ARGS_MAX || !m->args[i].name) {
			json_decref(arr);
			return fail(e, RPC_INVALID_PARAMETER,
				    "Unknown named parameter %.100s", key);
		}
	}
	for (i = 0; i < ARGS_MAX && m->args[i].name; i++)
		if (json_object_get(named, m->args[i].name))
			last = i + 1;
	for (i = 0; i < last; i++) {
		v = json_object_get(named, m->args[i].name);
		json_array_append(arr, v ? v : json_null());
	}
	return arr;
}

static int http_status_of(int code)
{
	if (code == RPC_INVALID_REQUEST)
		return 400;
	if (code == RPC_METHOD_NOT_FOUND)
		return 404;
	return 500;
}

static json_t *reply_obj(json_t *result, const struct rpc_err *e,
			 json_t *id)
{
	json_t *err = e ? xjson(json_pack("{s:i, s:s}", "code", e->code,
					  "message", e->msg)) :
			  xjson(json_null());

	return xjson(json_pack("{s:o, s:o, s:O}", "result",
			       result ? result : xjson(json_null()), "error",
			       err, "id", id ? id : json_null()));
}

/* One JSON-RPC call; *status gets the HTTP status of a lone call. */
static json_t *rpc_call(json_t *req, int *status, const char **mname)
{
	struct rpc_err e = { 0 };
	const struct method *m = NULL;
	json_t *id = NULL, *meth, *params, *args = NULL, *res;
	size_t i;

	*mname = "?";
	if (!json_is_object(req)) {
		fail(&e, RPC_INVALID_REQUEST, "Invalid Request object");
		goto err;
	}
	id = json_object_get(req, "id");
	meth = json_object_get(req, "method");
	if (!meth) {
		fail(&e, RPC_INVALID_REQUEST, "Missing method");
		goto err;
	}
	if (!json_is_string(meth)) {
		fail(&e, RPC_INVALID_REQUEST, "Method must be a string");
		goto err;
	}
	*mname = json_string_value(meth);
	params = json_object_get(req, "params");
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (!strcmp(methods[i].name, *mname))
			m = &methods[i];
	if (params && !json_is_null(params) && !json_is_array(params) &&
	    !json_is_object(params)) {
		fail(&e, RPC_INVALID_REQUEST,
		     "Params must be an array or object");
		goto err;
	}
	/* -disablewallet: the wallet's RPCs are not registered at all. */
	if (!m || (chain.disablewallet && wallet_method(m))) {
		fail(&e, RPC_METHOD_NOT_FOUND, "Method not found");
		goto err;
	}
	if (json_is_object(params))
		args = positional(m, params, &e);
	else if (json_is_array(params))
		args = json_incref(params);
	else
		args = xjson(json_array());
	if (!args)
		goto err;
	res = check_args(m, args, &e) ? m->fn(args, &e) : NULL;
	json_decref(args);
	if (!res)
		goto err;
	*status = 200;
	return reply_obj(res, NULL, id);
err:
	*status = http_status_of(e.code);
	return reply_obj(NULL, &e, id);
}

/* ---- HTTP ---- */

static const char *reason(int status)
{
	switch (status) {
	case 100: return "Continue";
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 411: return "Length Required";
	case 413: return "Payload Too Large";
	case 417: return "Expectation Failed";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	default: return "Unknown";
	}
}

static bool write_all(int fd, const char *buf, size_t len, long long deadline)
{
	ssize_t n;

	while (len) {
		n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return false;
		if (now_ms() >= deadline ||
		    wait_for(fd, POLLOUT, deadline - now_ms()) < 0)
			return false;
	}
	return true;
}

static void send_reply(int fd, int status, const char *ctype,
		       const char *extra, const char *body, size_t len)
{
	char head[512];
	int n;

	n = snprintf(head, sizeof(head),
		     "HTTP/1.1 %d %s\r\n%s%s%sContent-Length: %zu\r\n"
		     "Connection: close\r\n\r\n",
		     status, reason(status), ctype ? "Content-Type: " : "",
		     ctype ? ctype : "", ctype ? "\r\n" : "", len);
	if (extra && n > 0 && (size_t)n < sizeof(head)) {
		/* insert extra headers before the blank line */
		n -= 2;
		n += snprintf(head + n, sizeof(head) - (size_t)n,
			      "%s\r\n\r\n", extra);
	}
	if (n < 0 || (size_t)n >= sizeof(head))
		return;
	if (write_all(fd, head, (size_t)n, now_ms() + IO_TIMEOUT_MS) && len)
		write_all(fd, body, len, now_ms() + IO_TIMEOUT_MS);
}

#define TEXT_HTML "text/html; charset=ISO-8859-1"
#define HTML_500 "<html><head><title>500 Internal Server Error</title>" \
	"</head><body><h1>Internal Server Error</h1></body></html>\n"

static void send_text(int fd, int status, const char *body)
{
	send_reply(fd, status, TEXT_HTML, NULL, body, strlen(body));
}

static void send_json(int fd, int status, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER |
			     JSON_ENCODE_ANY);
	size_t len;

	if (!s)
		die("out of memory (dump)");
	len = strlen(s);
	s = realloc(s, len + 2);
	if (!s)
		die("out of memory");
	s[len++] = '\n';	/* Core ends replies with a newline */
	s[len] = 0;
	send_reply(fd, status, "application/json", NULL, s, len);
	free(s);
}

/*
 * Case-insensitive header lookup in the header block, value trimmed:
 * 1 found, 0 absent, -1 present but longer than outlen allows.
 */
static int header(const char *head, const char *name, char *out,
		   size_t outlen)
{
	size_t nlen = strlen(name);
	const char *p = strstr(head, "\r\n"), *end, *v;

	while (p && p[2] && !(p[2] == '\r' && p[3] == '\n')) {
		p += 2;
		end = strstr(p, "\r\n");
		if (!end)
			return 0;
		if ((size_t)(end - p) > nlen && p[nlen] == ':' &&
		    !strncasecmp(p, name, nlen)) {
			v = p + nlen + 1;
			while (v < end && (*v == ' ' || *v == '\t'))
				v++;
			while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
				end--;
			if ((size_t)(end - v) >= outlen)
				return -1;
			memcpy(out, v, (size_t)(end - v));
			out[end - v] = 0;
			return 1;
		}
		p = end;
	}
	return 0;
}

static int b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Strict base64 to a NUL-terminated string; false if invalid. */
static bool b64dec(const char *s, char *out, size_t outlen)
{
	size_t n = strlen(s), i, o = 0;
	uint32_t acc = 0;
	int bits = 0, v;

	if (n % 4)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == '=') {
			if (i < n - 2 || (i == n - 2 && s[n - 1] != '='))
				return false;
			continue;
		}
		v = b64val(s[i]);
		if (v < 0)
			return false;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o + 1 >= outlen)
				return false;
			out[o++] = (char)(acc >> bits);
		}
	}
	if (memchr(out, 0, o))
		return false;
	out[o] = 0;
	return true;
}

/* 0: authorised, 1: no Authorization header, 2: wrong credentials. */
static int check_auth(const char *head)
{
	static char hv[8192], up[8192];
	size_t i, a, b;
	int diff;

	switch (header(head, "Authorization", hv, sizeof(hv))) {
	case 0:
		return 1;
	case -1:
		return 2;
	}
	if (strncmp(hv, "Basic ", 6))
		return 2;
	if (!b64dec(hv + 6 + strspn(hv + 6, " \t"), up, sizeof(up)))
		return 2;
	for (i = 0; i < 2; i++) {
		if (!creds[i])
			continue;
		a = strlen(up);
		b = strlen(creds[i]);
		diff = a != b;
		for (a = 0; a < b && up[a]; a++)
			diff |= up[a] ^ creds[i][a];
		if (!diff)
			return 0;
	}
	return 2;
}

/* Read until the whole header block is in buf; its length, 0 if not. */
static size_t read_head(int fd, char *buf, size_t *got, long long deadline,
			int *status)
{
	char *end;
	ssize_t n;
	int r;

	for (;;) {
		buf[*got] = 0;
		end = memmem(buf, *got, "\r\n\r\n", 4);
		if (end)
			return (size_t)(end - buf) + 4;
		if (*got >= HEAD_MAX) {
			*status = 431;
			return 0;
		}
		n = recv(fd, buf + *got, HEAD_MAX - *got, 0);
		if (n > 0) {
			*got += (size_t)n;
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			return 0;
		r = wait_for(fd, POLLIN, deadline - now_ms());
		if (r <= 0)
			return 0;
	}
}

static bool read_body(int fd, char *body, size_t have, size_t want,
		      long long deadline)
{
	ssize_t n;

	while (have < want) {
		n = recv(fd, body + have, want - have, 0);
		if (n > 0) {
			have += (size_t)n;
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			return false;
		if (wait_for(fd, POLLIN, deadline - now_ms()) <= 0)
			return false;
	}
	return true;
}

/* After an early error reply: let the client finish sending, then close. */
static void drain(int fd)
{
	long long deadline = now_ms() + 2000;
	size_t total = 0;
	char buf[16384];
	ssize_t n;

	shutdown(fd, SHUT_WR);
	while (total < (8u << 20) && now_ms() < deadline) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n > 0) {
			total += (size_t)n;
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			return;
		if (wait_for(fd, POLLIN, deadline - now_ms()) <= 0)
			return;
	}
}

static bool is_fake_mode(const json_t *req)
{
	const json_t *m = json_object_get(req, "method");

	return json_is_string(m) && !strcmp(json_string_value(m), "fake_mode");
}

static void logf_req(const char *peer, const char *what, int status)
{
	if (verbose)
		fprintf(stderr, "fake-namecoind: %s %s -> %d\n", peer, what,
			status);
}

/* Answer the JSON-RPC body of an authorised POST. */
static void serve_rpc(int fd, const char *peer, const char *body, size_t len)
{
	json_error_t jerr;
	json_t *req, *rep, *one;
	const char *mname = "?";
	struct rpc_err e;
	int status = 200, st;
	size_t i;

	req = json_loadb(body, len, JSON_ALLOW_NUL, &jerr);
	if (!(req && is_fake_mode(req))) {
		if (chain.delay_ms && !nap(chain.delay_ms)) {
			json_decref(req);
			return;
		}
		if (chain.garbage || chain.http500_html) {
			json_decref(req);
			if (chain.garbage) {
				send_text(fd, 200, "<html>not json</html>");
				logf_req(peer, "(garbage mode)", 200);
			} else {
				send_text(fd, 500, HTML_500);
				logf_req(peer, "(http500_html mode)", 500);
			}
			return;
		}
	}
	if (!req) {
		fail(&e, RPC_PARSE_ERROR, "Parse error");
		rep = reply_obj(NULL, &e, NULL);
		status = 500;
		mname = "(parse error)";
	} else if (json_is_object(req)) {
		rep = rpc_call(req, &status, &mname);
	} else if (json_is_array(req)) {
		rep = xjson(json_array());
		json_array_foreach(req, i, one)
			json_array_append_new(rep, rpc_call(one, &st, &mname));
		mname = "(batch)";
	} else {
		fail(&e, RPC_PARSE_ERROR, "Top-level object parse error");
		rep = reply_obj(NULL, &e, NULL);
		status = 500;
		mname = "(not an object)";
	}
	send_json(fd, status, rep);
	logf_req(peer, mname, status);
	json_decref(rep);
	json_decref(req);
}

static void serve(int fd, const char *peer)
{
	long long deadline = now_ms() + IO_TIMEOUT_MS;
	char *buf = xmalloc(HEAD_MAX + 1), *body = NULL, *sp1, *sp2, *eol;
	char meth[16], val[64], uri[512], *endp;
	size_t got = 0, hlen, have;
	unsigned long long clen = 0;
	int status = 400, a, h;

	hlen = read_head(fd, buf, &got, deadline, &status);
	if (!hlen) {
		if (status == 431 || got) {
			send_text(fd, status, "");
			logf_req(peer, "(bad request head)", status);
			drain(fd);
		}
		goto out;
	}
	buf[hlen - 2] = 0;	/* header block ends with one CRLF */
	/* No NULs: the header block is a C string from here on. */
	eol = memchr(buf, 0, hlen - 2) ? NULL : strstr(buf, "\r\n");
	sp1 = eol ? memchr(buf, ' ', (size_t)(eol - buf)) : NULL;
	sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(eol - sp1 - 1)) : NULL;
	if (!sp1 || !sp2 || sp1 == buf || sp1 - buf >= (long)sizeof(meth) ||
	    strncmp(sp2 + 1, "HTTP/1.", 7)) {
		send_text(fd, 400, "");
		logf_req(peer, "(malformed request line)", 400);
		drain(fd);
		goto out;
	}
	memcpy(meth, buf, (size_t)(sp1 - buf));
	meth[sp1 - buf] = 0;
	snprintf(uri, sizeof(uri), "%.*s", (int)(sp2 - sp1 - 1), sp1 + 1);
	if (header(buf, "Transfer-Encoding", val, sizeof(val))) {
		send_text(fd, 411, "");
		logf_req(peer, "(chunked)", 411);
		drain(fd);
		goto out;
	}
	h = header(buf, "Content-Length", val, sizeof(val));
	if (h) {
		errno = 0;
		clen = h > 0 ? strtoull(val, &endp, 10) : 0;
		if (h < 0 || !isdigit((unsigned char)val[0]) || *endp ||
		    errno) {
			send_text(fd, 400, "");
			logf_req(peer, "(bad Content-Length)", 400);
			drain(fd);
			goto out;
		}
	}
	if (clen > BODY_MAX) {
		send_text(fd, 413, "");
		logf_req(peer, "(body too large)", 413);
		drain(fd);
		goto out;
	}
	have = got - hlen;
	if (have > clen)
		have = clen;	/* no pipelining */
	h = header(buf, "Expect", val, sizeof(val));
	if (h) {
		if (h < 0 || strcasecmp(val, "100-continue")) {
			send_text(fd, 417, "");
			logf_req(peer, "(Expect)", 417);
			drain(fd);
			goto out;
		}
		if (have < clen &&
		    !write_all(fd, "HTTP/1.1 100 Continue\r\n\r\n", 25,
			       deadline))
			goto out;
	}
	body = xmalloc(clen + 1);
	memcpy(body, buf + hlen, have);
	if (!read_body(fd, body, have, clen, deadline))
		goto out;
	/* Core's handlers: "/" exactly and the "/wallet/" prefix. */
	if (strcmp(uri, "/") && strncmp(uri, "/wallet/", 8)) {
		send_text(fd, 404, "");
		logf_req(peer, uri, 404);
		goto out;
	}
	req_uri = uri;
	if (strcmp(meth, "POST")) {
		send_text(fd, 405, "JSONRPC server handles only POST requests");
		logf_req(peer, meth, 405);
		goto out;
	}
	a = check_auth(buf);
	if (a) {
		if (a == 2 && !nap(250))
			goto out;
		send_reply(fd, 401, TEXT_HTML,
			   "WWW-Authenticate: Basic realm=\"jsonrpc\"", "", 0);
		logf_req(peer, a == 1 ? "(no credentials)" :
			 "(wrong credentials)", 401);
		goto out;
	}
	serve_rpc(fd, peer, body, clen);
out:
	req_uri = "/";
	shutdown(fd, SHUT_WR);
	free(body);
	free(buf);
}

/* ---- start-up ---- */

/* -P: -rpccookieperms (httprpc.cpp, util/fs_helpers.cpp). */
static mode_t cookie_mode(const char *perms)
{
	if (!perms || !strcmp(perms, "owner"))
		return 0600;
	if (!strcmp(perms, "group"))
		return 0640;
	if (!strcmp(perms, "all"))
		return 0644;
	die("Invalid -rpccookieperms=%s; must be one of 'owner', 'group', "
	    "or 'all'.", perms);
}

static void write_cookie(const char *dir, const char *perms)
{
	unsigned char rnd[32];
	char line[11 + 65], tmp[PATH_MAX + 8];
	size_t i;
	int fd;

	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
		die("getrandom: %s", strerror(errno));
	memcpy(line, "__cookie__:", 11);
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(line + 11 + 2 * i, 3, "%02x", rnd[i]);
	if ((size_t)snprintf(cookie_path, sizeof(cookie_path), "%s/.cookie",
			     dir) >= sizeof(cookie_path))
		die("-C: path too long");
	snprintf(tmp, sizeof(tmp), "%s.tmp", cookie_path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		die("%s: %s", tmp, strerror(errno));
	if (fchmod(fd, 0600) || write(fd, line, 75) != 75 || close(fd))
		die("%s: %s", tmp, strerror(errno));
	if (rename(tmp, cookie_path))
		die("%s: %s", cookie_path, strerror(errno));
	cookie_written = true;
	if (chmod(cookie_path, cookie_mode(perms)))
		die("%s: %s", cookie_path, strerror(errno));
	creds[1] = xmemdup(line, 75);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: fake-namecoind [-l ADDR] -p PORT "
		"(-u USER:PASS | -C DATADIR [-P owner|group|all])\n"
		"                      [-L LIMITNAMECHAINS] [-s STATE.json] "
		"[-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *addr = "127.0.0.1", *datadir = NULL, *state = NULL;
	const char *perms = NULL;
	long limit = -1;
	struct sockaddr_storage ss = { 0 }, peer;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	char pname[INET6_ADDRSTRLEN + 8];
	struct sigaction sa = { .sa_handler = on_signal };
	socklen_t slen, plen;
	long port = -1;
	sigset_t block;
	int opt, lfd, c, one = 1;
	char *end;

	while ((opt = getopt(argc, argv, "l:p:u:C:P:L:s:vh")) != -1) {
		switch (opt) {
		case 'l':
			addr = optarg;
			break;
		case 'p':
			port = strtol(optarg, &end, 10);
			if (*end || !*optarg || port < 0 || port > 65535)
				usage();
			break;
		case 'u':
			if (!strchr(optarg, ':'))
				die("-u wants USER:PASS");
			free(creds[0]);
			creds[0] = xmemdup(optarg, strlen(optarg));
			break;
		case 'C':
			datadir = optarg;
			break;
		case 'P':
			perms = optarg;
			cookie_mode(perms);
			break;
		case 'L':
			limit = strtol(optarg, &end, 10);
			if (*end || !*optarg || limit < 1 ||
			    limit > NAME_CHAIN_MAX)
				usage();
			break;
		case 's':
			state = optarg;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || port < 0 || (!creds[0] && !datadir))
		usage();
	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		slen = sizeof(*sin);
	} else if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		slen = sizeof(*sin6);
	} else {
		die("-l %s: not an IPv4 or IPv6 address", addr);
	}
	if (state)
		load_state(state);
	if (limit > 0)
		chain.limitnamechains = limit;

	/* SIGTERM/SIGINT are only delivered inside ppoll (wait_for). */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGTERM);
	sigdelset(&wait_mask, SIGINT);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	lfd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		     0);
	if (lfd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&ss, slen) || listen(lfd, 64))
		die("%s port %ld: %s", addr, port, strerror(errno));
	if (getsockname(lfd, (struct sockaddr *)&ss, &slen))
		die("getsockname: %s", strerror(errno));
	if (datadir)
		write_cookie(datadir, perms);
	printf(ss.ss_family == AF_INET6 ? "listening on [%s]:%u\n" :
	       "listening on %s:%u\n", addr,
	       ntohs(ss.ss_family == AF_INET6 ? sin6->sin6_port :
		     sin->sin_port));
	fflush(stdout);

	while (!stop) {
		if (wait_for(lfd, POLLIN, 3600 * 1000) <= 0)
			continue;
		plen = sizeof(peer);
		c = accept4(lfd, (struct sockaddr *)&peer, &plen,
			    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (c < 0)
			continue;
		/* Head and body go out in two writes: no Nagle wait between. */
		setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		pname[0] = 0;
		if (peer.ss_family == AF_INET)
			inet_ntop(AF_INET,
				  &((struct sockaddr_in *)&peer)->sin_addr,
				  pname, sizeof(pname));
		else if (peer.ss_family == AF_INET6)
			inet_ntop(AF_INET6,
				  &((struct sockaddr_in6 *)&peer)->sin6_addr,
				  pname, sizeof(pname));
		serve(c, pname);
		close(c);
	}
	if (cookie_written)
		unlink(cookie_path);
	close(lfd);
	free_chain();
	free(creds[0]);
	free(creds[1]);
	if (verbose)
		fprintf(stderr, "fake-namecoind: stopped\n");
	return 0;
}
