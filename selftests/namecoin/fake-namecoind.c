// SPDX-License-Identifier: GPL-2.0
/*
 * fake-namecoind: a stand-in for a Namecoin Core node (namecoind) on regtest,
 * for the namecoind-helper tests. namecoind is not packaged for Debian and
 * the test VM has neither python nor a wallet, so this is a small
 * single-threaded C11 JSON-RPC server (libc + jansson) that answers the way
 * namecoind does, so that the helper (libcurl) runs unchanged against it.
 *
 *   fake-namecoind [-l ADDR] -p PORT (-u USER:PASS | -C DATADIR)
 *                  [-s STATE.json] [-v]
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
 *    Wrong parameter counts and types are -1 errors (UniValue's "JSON value
 *    of type X is not of expected type Y"), option objects' types -3.
 *  - getblockcount, getbestblockhash, getblockhash, getblockchaininfo
 *    (chain "regtest"), generatetoaddress, stop.
 *  - name_show NAME [{"nameEncoding", "valueEncoding", "allowExpired"}]:
 *    -10 "Namecoin is downloading blocks..." in IBD, -4 "name never
 *    existed", the result object of Namecoin's name_show (name,
 *    name_encoding, value, value_encoding, txid, vout, address, ismine,
 *    height, expires_in, expired); encodings ascii (the default, as
 *    namecoind's -valueencoding/-nameencoding), utf8 and hex; a value the
 *    encoding cannot represent is null, as in Namecoin. Expired names come
 *    back with "expired": true, or as -4 "name expired" when the mode flag
 *    expired_error is set (older nodes) or allowExpired is false.
 *  - name_update NAME VALUE [OPTIONS]: -25 "this name can not be updated"
 *    for unknown or expired names, -25 "there are pending operations on
 *    that name" for a second update in the same block, -8 "the value is
 *    too long" above 520 bytes; returns a txid. The new value is pending
 *    (name_show keeps the old one) until the next block is generated.
 *
 * Test controls, not namecoind's:
 *  - fake_setname [NAME, VALUE|null, HEIGHT]: set (any string, stored as
 *    given) or delete a name; HEIGHT defaults to the current height.
 *  - fake_mode [{"ibd", "delay_ms", "garbage", "http500_html",
 *    "expired_error"}]: change any subset, returns the whole mode. delay_ms
 *    delays every later reply but fake_mode's; garbage makes them
 *    "200 <html>not json</html>", http500_html a 500 with an HTML body.
 *  - -s STATE.json: {"height": 100, "expire_depth": 36000, "names":
 *    {"d/x": {"value": "...", "height": 90}}} plus any mode key.
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

/* Bitcoin/Namecoin Core's RPC error codes. */
enum {
	RPC_MISC_ERROR = -1,
	RPC_TYPE_ERROR = -3,
	RPC_WALLET_ERROR = -4,
	RPC_INVALID_ADDRESS_OR_KEY = -5,
	RPC_INVALID_PARAMETER = -8,
	RPC_CLIENT_IN_INITIAL_DOWNLOAD = -10,
	RPC_TRANSACTION_ERROR = -25,
	RPC_NAME_INVALID_ENCODING = -1010,
	RPC_INVALID_REQUEST = -32600,
	RPC_METHOD_NOT_FOUND = -32601,
	RPC_PARSE_ERROR = -32700,
};

struct name {
	char *name;
	size_t nlen;
	char *value;
	size_t vlen;
	long long height;
	char txid[65];
	bool pending;		/* a name_update awaits the next block */
	char *pvalue;
	size_t pvlen;
	char ptxid[65];
};

struct chain {
	long long height;
	long long expire_depth;
	struct name *names;
	size_t n_names;
	size_t cap;
	unsigned long long txcount;
	/* fake_mode */
	bool ibd;
	bool garbage;
	bool http500_html;
	bool expired_error;
	long long delay_ms;
};

struct rpc_err {
	int code;
	char msg[640];
};

static struct chain chain = { .height = 100, .expire_depth = 36000 };
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

/* A regtest-looking base58 address ("n" + 33 chars), stable per name. */
static void fake_address(char out[35], const char *name, size_t nlen)
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

/* ---- parameter access, UniValue style ---- */

static bool arg_given(const json_t *params, size_t i)
{
	const json_t *v = json_array_get(params, i);

	return v && !json_is_null(v);
}

static bool arg_str(const json_t *params, size_t i, const char **s,
		    size_t *len, struct rpc_err *e)
{
	const json_t *v = json_array_get(params, i);

	if (!json_is_string(v)) {
		fail(e, RPC_MISC_ERROR,
		     "JSON value of type %s is not of expected type string",
		     jtype(v));
		return false;
	}
	*s = json_string_value(v);
	*len = json_string_length(v);
	return true;
}

static bool arg_int(const json_t *params, size_t i, long long *out,
		    struct rpc_err *e)
{
	const json_t *v = json_array_get(params, i);

	if (json_is_real(v)) {
		fail(e, RPC_MISC_ERROR, "JSON integer out of range");
		return false;
	}
	if (!json_is_integer(v)) {
		fail(e, RPC_MISC_ERROR,
		     "JSON value of type %s is not of expected type number",
		     jtype(v));
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

/* Wrong argument counts: Core answers -1 with the help text. */
static bool nargs(const json_t *params, size_t min, size_t max,
		  const char *usage, struct rpc_err *e)
{
	size_t n = json_array_size(params);

	if (n >= min && n <= max)
		return true;
	fail(e, RPC_MISC_ERROR, "%s", usage);
	return false;
}

/* An option of an options object (RPCTypeCheckObj: -3 on a wrong type). */
static bool opt_get(const json_t *opts, const char *key, json_type t,
		    json_t **out, struct rpc_err *e)
{
	json_t *v = json_object_get(opts, key);
	bool ok;

	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	if (t == JSON_TRUE)
		ok = json_is_boolean(v);
	else
		ok = json_typeof(v) == t;
	if (!ok) {
		fail(e, RPC_TYPE_ERROR, "Expected type %s for %s, got %s",
		     t == JSON_TRUE ? "bool" : t == JSON_STRING ? "string" :
		     "number", key, jtype(v));
		return false;
	}
	*out = v;
	return true;
}

/* ---- Namecoin name/value encodings ---- */

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

static bool valid_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	return true;
}

/* The JSON form of bytes in enc; null when enc cannot represent them. */
static json_t *encode(const char *s, size_t n, enum enc enc)
{
	static const char hx[] = "0123456789abcdef";
	json_t *j;
	char *h;
	size_t i;

	switch (enc) {
	case ENC_ASCII:
		if (!valid_ascii(s, n))
			return xjson(json_null());
		return xjson(json_stringn(s, n));
	case ENC_UTF8:
		if (!valid_utf8((const unsigned char *)s, n))
			return xjson(json_null());
		return xjson(json_stringn(s, n));
	default:
		h = xmalloc(2 * n + 1);
		for (i = 0; i < n; i++) {
			h[2 * i] = hx[(unsigned char)s[i] >> 4];
			h[2 * i + 1] = hx[(unsigned char)s[i] & 15];
		}
		j = xjson(json_stringn(h, 2 * n));
		free(h);
		return j;
	}
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

/* Bytes from a string argument in enc, malloc'd; false if invalid. */
static bool decode(const char *s, size_t n, enum enc enc, char **out,
		   size_t *outlen)
{
	size_t i;

	if (enc == ENC_ASCII && !valid_ascii(s, n))
		return false;
	if (enc == ENC_UTF8 && !valid_utf8((const unsigned char *)s, n))
		return false;
	if (enc != ENC_HEX) {
		*out = xmemdup(s, n);
		*outlen = n;
		return true;
	}
	if (n % 2)
		return false;
	for (i = 0; i < n; i++)
		if (hexval(s[i]) < 0)
			return false;
	*out = xmalloc(n / 2 + 1);
	for (i = 0; i < n / 2; i++)
		(*out)[i] = (char)(hexval(s[2 * i]) << 4 |
				   hexval(s[2 * i + 1]));
	*outlen = n / 2;
	return true;
}

static bool opt_enc(const json_t *opts, const char *key, enum enc *enc,
		    struct rpc_err *e)
{
	json_t *v;
	size_t i;

	if (!opt_get(opts, key, JSON_STRING, &v, e))
		return false;
	if (!v)
		return true;
	for (i = 0; i < 3; i++)
		if (!strcmp(json_string_value(v), enc_names[i])) {
			*enc = (enum enc)i;
			return true;
		}
	fail(e, RPC_INVALID_PARAMETER, "invalid %s encoding: %.100s",
	     strcmp(key, "nameEncoding") ? "value" : "name",
	     json_string_value(v));
	return false;
}

static bool options_obj(const json_t *params, size_t i, struct rpc_err *e)
{
	const json_t *v = json_array_get(params, i);

	if (!v || json_is_null(v) || json_is_object(v))
		return true;
	fail(e, RPC_MISC_ERROR,
	     "JSON value of type %s is not of expected type object",
	     jtype(v));
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

static void drop_pending(struct name *nm)
{
	free(nm->pvalue);
	nm->pvalue = NULL;
	nm->pending = false;
}

static void set_name(const char *s, size_t n, const char *v, size_t vlen,
		     long long height)
{
	struct name *nm = find_name(s, n);

	if (!nm) {
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
	}
	free(nm->value);
	nm->value = xmemdup(v, vlen);
	nm->vlen = vlen;
	nm->height = height;
	new_txid(nm->txid);
	drop_pending(nm);
}

static void del_name(const char *s, size_t n)
{
	struct name *nm = find_name(s, n);

	if (!nm)
		return;
	drop_pending(nm);
	free(nm->name);
	free(nm->value);
	*nm = chain.names[--chain.n_names];
}

static void free_chain(void)
{
	while (chain.n_names)
		del_name(chain.names[0].name, chain.names[0].nlen);
	free(chain.names);
}

static long long expires_in(const struct name *nm)
{
	return nm->height + chain.expire_depth - chain.height;
}

static void mine_block(void)
{
	size_t i;

	chain.height++;
	for (i = 0; i < chain.n_names; i++) {
		struct name *nm = &chain.names[i];

		if (!nm->pending)
			continue;
		free(nm->value);
		nm->value = nm->pvalue;
		nm->vlen = nm->pvlen;
		memcpy(nm->txid, nm->ptxid, sizeof(nm->txid));
		nm->height = chain.height;
		nm->pvalue = NULL;
		nm->pending = false;
	}
}

static json_t *mode_json(void)
{
	return xjson(json_pack("{s:b, s:I, s:b, s:b, s:b}", "ibd", chain.ibd,
			       "delay_ms", (json_int_t)chain.delay_ms,
			       "garbage", chain.garbage, "http500_html",
			       chain.http500_html, "expired_error",
			       chain.expired_error));
}

/* Apply mode keys of obj; unknown keys are an error unless other_ok. */
static bool apply_mode(const json_t *obj, bool other_ok, struct rpc_err *e)
{
	static const char *const bools[] = {
		"ibd", "garbage", "http500_html", "expired_error"
	};
	bool *flags[] = { &chain.ibd, &chain.garbage, &chain.http500_html,
			  &chain.expired_error };
	const char *key;
	json_t *v;
	size_t i;

	/* Check everything first: a failing call changes nothing. */
	json_object_foreach((json_t *)obj, key, v) {
		for (i = 0; i < 4; i++)
			if (!strcmp(key, bools[i]))
				break;
		if (i < 4 && !json_is_boolean(v)) {
			fail(e, RPC_TYPE_ERROR,
			     "Expected type bool for %s, got %s", key,
			     jtype(v));
			return false;
		}
		if (i < 4)
			continue;
		if (!strcmp(key, "delay_ms")) {
			if (!json_is_integer(v) || json_integer_value(v) < 0 ||
			    json_integer_value(v) > DELAY_MAX_MS) {
				fail(e, RPC_TYPE_ERROR,
				     "Expected type number (0..%d) for "
				     "delay_ms, got %s", DELAY_MAX_MS,
				     jtype(v));
				return false;
			}
			continue;
		}
		if (!other_ok) {
			fail(e, RPC_INVALID_PARAMETER,
			     "unknown mode key: %.100s", key);
			return false;
		}
	}
	for (i = 0; i < 4; i++) {
		v = json_object_get(obj, bools[i]);
		if (v)
			*flags[i] = json_is_true(v);
	}
	v = json_object_get(obj, "delay_ms");
	if (v)
		chain.delay_ms = json_integer_value(v);
	return true;
}

static void load_state(const char *path)
{
	json_error_t jerr;
	json_t *root, *v, *names, *n, *val, *h;
	struct rpc_err e;
	const char *key;

	root = json_load_file(path, JSON_ALLOW_NUL, &jerr);
	if (!root)
		die("%s:%d: %s", path, jerr.line, jerr.text);
	if (!json_is_object(root))
		die("%s: not a JSON object", path);
	json_object_foreach(root, key, v) {
		if (strcmp(key, "height") && strcmp(key, "expire_depth") &&
		    strcmp(key, "names") && strcmp(key, "ibd") &&
		    strcmp(key, "delay_ms") && strcmp(key, "garbage") &&
		    strcmp(key, "http500_html") && strcmp(key, "expired_error"))
			die("%s: unknown key \"%s\"", path, key);
	}
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
	names = json_object_get(root, "names");
	if (names && !json_is_object(names))
		die("%s: names: not an object", path);
	json_object_foreach(names, key, n) {
		if (!json_is_object(n))
			die("%s: names.%s: not an object", path, key);
		val = json_object_get(n, "value");
		h = json_object_get(n, "height");
		if (val && !json_is_string(val))
			die("%s: names.%s.value: not a string", path, key);
		if (h && !json_is_integer(h))
			die("%s: names.%s.height: not an integer", path, key);
		set_name(key, strlen(key), val ? json_string_value(val) : "",
			 val ? json_string_length(val) : 0,
			 h ? json_integer_value(h) : chain.height);
	}
	json_decref(root);
}

/* ---- methods ---- */

static json_t *m_getblockcount(json_t *params, struct rpc_err *e)
{
	if (!nargs(params, 0, 0, "getblockcount\n\nReturns the height of "
		   "the most-work fully-validated chain.", e))
		return NULL;
	return xjson(json_integer(chain.height));
}

static json_t *m_getbestblockhash(json_t *params, struct rpc_err *e)
{
	char h[65];

	if (!nargs(params, 0, 0, "getbestblockhash\n\nReturns the hash of "
		   "the best (tip) block in the most-work fully-validated "
		   "chain.", e))
		return NULL;
	block_hash(h, chain.height);
	return xjson(json_string(h));
}

static json_t *m_getblockhash(json_t *params, struct rpc_err *e)
{
	long long height;
	char h[65];

	if (!nargs(params, 1, 1, "getblockhash height\n\nReturns hash of "
		   "block in best-block-chain at height provided.", e) ||
	    !arg_int(params, 0, &height, e))
		return NULL;
	if (height < 0 || height > chain.height)
		return fail(e, RPC_INVALID_PARAMETER,
			    "Block height out of range");
	block_hash(h, height);
	return xjson(json_string(h));
}

static json_t *m_getblockchaininfo(json_t *params, struct rpc_err *e)
{
	char h[65], work[65];
	long long t;

	if (!nargs(params, 0, 0, "getblockchaininfo\n\nReturns an object "
		   "containing various state info regarding blockchain "
		   "processing.", e))
		return NULL;
	block_hash(h, chain.height);
	snprintf(work, sizeof(work), "%064llx",
		 (unsigned long long)(chain.height + 1) * 2);
	t = 1700000000 + 600 * chain.height;
	return xjson(json_pack("{s:s, s:I, s:I, s:s, s:f, s:I, s:I, s:f, s:b,"
			       " s:s, s:I, s:b, s:s}",
			       "chain", "regtest",
			       "blocks", (json_int_t)chain.height,
			       "headers", (json_int_t)chain.height,
			       "bestblockhash", h,
			       "difficulty", 4.656542373906925e-10,
			       "time", (json_int_t)t,
			       "mediantime", (json_int_t)(t - 3000),
			       "verificationprogress", chain.ibd ? 0.5 : 1.0,
			       "initialblockdownload", chain.ibd,
			       "chainwork", work,
			       "size_on_disk",
			       (json_int_t)(293 + 250 * chain.height),
			       "pruned", 0,
			       "warnings", ""));
}

static json_t *m_generatetoaddress(json_t *params, struct rpc_err *e)
{
	const char *addr;
	long long n, i, tries;
	size_t alen;
	json_t *res;
	char h[65];

	if (!nargs(params, 2, 3, "generatetoaddress nblocks \"address\" "
		   "( maxtries )\n\nMine blocks immediately to a specified "
		   "address (before the RPC call returns)", e) ||
	    !arg_int(params, 0, &n, e) ||
	    !arg_str(params, 1, &addr, &alen, e))
		return NULL;
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

static json_t *name_info(const struct name *nm, enum enc nenc, enum enc venc)
{
	char addr[35];
	long long exp = expires_in(nm);

	fake_address(addr, nm->name, nm->nlen);
	return xjson(json_pack("{s:o, s:s, s:o, s:s, s:s, s:i, s:s, s:b, s:I,"
			       " s:I, s:b}",
			       "name", encode(nm->name, nm->nlen, nenc),
			       "name_encoding", enc_names[nenc],
			       "value", encode(nm->value, nm->vlen, venc),
			       "value_encoding", enc_names[venc],
			       "txid", nm->txid,
			       "vout", 0,
			       "address", addr,
			       "ismine", 0,
			       "height", (json_int_t)nm->height,
			       "expires_in", (json_int_t)exp,
			       "expired", exp <= 0));
}

/* The name argument (params[0]) decoded with the options' nameEncoding. */
static bool arg_name(const json_t *params, enum enc nenc, char **name,
		     size_t *nlen, struct rpc_err *e)
{
	const char *s;
	size_t len;

	if (!arg_str(params, 0, &s, &len, e))
		return false;
	if (!decode(s, len, nenc, name, nlen)) {
		fail(e, RPC_NAME_INVALID_ENCODING,
		     "Name/value is invalid for encoding %s", enc_names[nenc]);
		return false;
	}
	if (*nlen > NAME_MAX_LEN) {
		free(*name);
		fail(e, RPC_INVALID_PARAMETER, "the name is too long");
		return false;
	}
	return true;
}

static json_t *m_name_show(json_t *params, struct rpc_err *e)
{
	enum enc nenc = ENC_ASCII, venc = ENC_ASCII;
	json_t *opts = json_array_get(params, 1), *allow;
	struct name *nm;
	size_t nlen;
	char *name;

	if (!nargs(params, 1, 2, "name_show \"name\" ( options )\n\nLooks "
		   "up the current data for the given name.  Fails if the "
		   "name doesn't exist.", e) || !options_obj(params, 1, e) ||
	    !opt_enc(opts, "nameEncoding", &nenc, e) ||
	    !opt_enc(opts, "valueEncoding", &venc, e) ||
	    !opt_get(opts, "allowExpired", JSON_TRUE, &allow, e))
		return NULL;
	if (chain.ibd)
		return fail(e, RPC_CLIENT_IN_INITIAL_DOWNLOAD,
			    "Namecoin is downloading blocks...");
	if (!arg_name(params, nenc, &name, &nlen, e))
		return NULL;
	nm = find_name(name, nlen);
	free(name);
	if (!nm)
		return fail(e, RPC_WALLET_ERROR, "name never existed");
	if (expires_in(nm) <= 0 &&
	    (chain.expired_error || (allow && json_is_false(allow))))
		return fail(e, RPC_WALLET_ERROR, "name expired");
	return name_info(nm, nenc, venc);
}

static json_t *m_name_update(json_t *params, struct rpc_err *e)
{
	enum enc nenc = ENC_ASCII, venc = ENC_ASCII;
	json_t *opts = json_array_get(params, 2);
	const char *s;
	char *name, *value;
	size_t nlen, slen, vlen;
	struct name *nm;

	if (!nargs(params, 2, 3, "name_update \"name\" \"value\" "
		   "( options )\n\nUpdates a name and possibly transfers "
		   "it.", e) || !options_obj(params, 2, e) ||
	    !opt_enc(opts, "nameEncoding", &nenc, e) ||
	    !opt_enc(opts, "valueEncoding", &venc, e) ||
	    !arg_name(params, nenc, &name, &nlen, e))
		return NULL;
	if (!arg_str(params, 1, &s, &slen, e)) {
		free(name);
		return NULL;
	}
	nm = find_name(name, nlen);
	free(name);
	if (!decode(s, slen, venc, &value, &vlen))
		return fail(e, RPC_NAME_INVALID_ENCODING,
			    "Name/value is invalid for encoding %s",
			    enc_names[venc]);
	if (vlen > VALUE_MAX_UI) {
		free(value);
		return fail(e, RPC_INVALID_PARAMETER, "the value is too long");
	}
	if (nm && nm->pending) {
		free(value);
		return fail(e, RPC_TRANSACTION_ERROR,
			    "there are pending operations on that name");
	}
	if (!nm || expires_in(nm) <= 0) {
		free(value);
		return fail(e, RPC_TRANSACTION_ERROR,
			    "this name can not be updated");
	}
	nm->pending = true;
	nm->pvalue = value;
	nm->pvlen = vlen;
	new_txid(nm->ptxid);
	return xjson(json_string(nm->ptxid));
}

static json_t *m_stop(json_t *params, struct rpc_err *e)
{
	if (!nargs(params, 0, 1, "stop\n\nRequest a graceful shutdown of "
		   "Namecoin Core.", e))
		return NULL;
	stop = 1;
	return xjson(json_string("Namecoin Core stopping"));
}

static json_t *m_fake_setname(json_t *params, struct rpc_err *e)
{
	const char *name, *value;
	size_t nlen, vlen;
	long long height = chain.height;

	if (!nargs(params, 2, 3, "fake_setname \"name\" \"value\"|null "
		   "( height )\n\nfake-namecoind: sets (or with null deletes) "
		   "a name directly.", e) ||
	    !arg_str(params, 0, &name, &nlen, e))
		return NULL;
	if (arg_given(params, 2) && !arg_int(params, 2, &height, e))
		return NULL;
	if (!arg_given(params, 1)) {
		del_name(name, nlen);
		return xjson(json_null());
	}
	if (!arg_str(params, 1, &value, &vlen, e))
		return NULL;
	set_name(name, nlen, value, vlen, height);
	return xjson(json_null());
}

static json_t *m_fake_mode(json_t *params, struct rpc_err *e)
{
	const json_t *obj = json_array_get(params, 0);

	if (!nargs(params, 0, 1, "fake_mode ( {\"ibd\":bool, "
		   "\"delay_ms\":n, \"garbage\":bool, \"http500_html\":bool, "
		   "\"expired_error\":bool} )\n\nfake-namecoind: changes and "
		   "returns the reply mode.", e))
		return NULL;
	if (obj && !json_is_null(obj)) {
		if (!json_is_object(obj))
			return fail(e, RPC_MISC_ERROR, "JSON value of type %s "
				    "is not of expected type object",
				    jtype(obj));
		if (!apply_mode(obj, false, e))
			return NULL;
	}
	return mode_json();
}

struct method {
	const char *name;
	json_t *(*fn)(json_t *params, struct rpc_err *e);
	const char *args[4];	/* for named parameters */
};

static const struct method methods[] = {
	{ "getblockcount", m_getblockcount, { NULL } },
	{ "getbestblockhash", m_getbestblockhash, { NULL } },
	{ "getblockhash", m_getblockhash, { "height" } },
	{ "getblockchaininfo", m_getblockchaininfo, { NULL } },
	{ "generatetoaddress", m_generatetoaddress,
	  { "nblocks", "address", "maxtries" } },
	{ "name_show", m_name_show, { "name", "options" } },
	{ "name_update", m_name_update, { "name", "value", "options" } },
	{ "stop", m_stop, { "wait" } },
	{ "fake_setname", m_fake_setname, { "name", "value", "height" } },
	{ "fake_mode", m_fake_mode, { "mode" } },
};

/* Named parameters to positional ones, as Core's transformNamedArguments. */
static json_t *positional(const struct method *m, json_t *named,
			  struct rpc_err *e)
{
	json_t *arr = xjson(json_array());
	const char *key;
	json_t *v;
	size_t i, last = 0;

	json_object_foreach(named, key, v) {
		for (i = 0; i < 4 && m->args[i]; i++)
			if (!strcmp(key, m->args[i]))
				break;
		if (i == 4 || !m->args[i]) {
			json_decref(arr);
			return fail(e, RPC_INVALID_PARAMETER,
				    "Unknown named parameter %.100s", key);
		}
	}
	for (i = 0; i < 4 && m->args[i]; i++)
		if (json_object_get(named, m->args[i]))
			last = i + 1;
	for (i = 0; i < last; i++) {
		v = json_object_get(named, m->args[i]);
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
	if (!m) {
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
	res = m->fn(args, &e);
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
	char meth[16], val[64], *endp;
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
	shutdown(fd, SHUT_WR);
	free(body);
	free(buf);
}

/* ---- start-up ---- */

static void write_cookie(const char *dir)
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
	creds[1] = xmemdup(line, 75);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: fake-namecoind [-l ADDR] -p PORT "
		"(-u USER:PASS | -C DATADIR)\n"
		"                      [-s STATE.json] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *addr = "127.0.0.1", *datadir = NULL, *state = NULL;
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

	while ((opt = getopt(argc, argv, "l:p:u:C:s:vh")) != -1) {
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
		write_cookie(datadir);
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
