// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of rpc.c: requests, and every reply shape namecoind sends
 * (legacy JSON-RPC 1.0: a result with HTTP 200, an error object with HTTP
 * 500 or 404, an empty 401), with the messages of Namecoin Core's
 * src/rpc/names.cpp and src/rpc/blockchain.cpp.
 */
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "rpc.h"

#define TXID	"6f1b3e0c2a7d9e4f8b5c1a0d3e2f4b6c8d9e0a1b2c3d4e5f60718293a4b5c6d7"

/* A name_show result as the node sends it, with @fields spliced in. */
#define NAME_RESULT(name, fields)					\
	"{\"result\":{\"name\":\"" name "\",\"name_encoding\":\"ascii\","	\
	fields ",\"value_encoding\":\"utf8\",\"txid\":\"" TXID "\","	\
	"\"vout\":1,\"address\":\"N5dZBrvX2VY6wbu1qrBfCqvwX2Mr7kzmWF\","	\
	"\"ismine\":true,\"height\":120,\"expires_in\":35880,"		\
	"\"expired\":false},\"error\":null,\"id\":7}\n"

/* A legacy JSON-RPC 1.0 error, as namecoind sends it with HTTP 500. */
#define ERROR_REPLY(code, msg)						\
	"{\"result\":null,\"error\":{\"code\":" #code ",\"message\":"	\
	"\"" msg "\"},\"id\":7}\n"

static enum rpc_status show(int http, const char *name, const char *body,
			    struct rpc_name *n, struct rpc_error *e, char *err)
{
	return rpc_parse_name_show(http, body, strlen(body), 7, name, n, e,
				   err, 200);
}

static enum rpc_status parse(int http, const char *body, struct rpc_name *n,
			     char *err)
{
	return show(http, "d/demo", body, n, NULL, err);
}

static enum rpc_status chain(const char *result, long long now,
			     unsigned int max_age, struct rpc_chain *c,
			     char *err)
{
	json_t *j = json_loads(result, JSON_DECODE_ANY, NULL);
	enum rpc_status st;

	st = rpc_parse_chain(j, now, max_age, c, err, 200);
	json_decref(j);
	return st;
}

TEST(request_shape)
{
	char *s = rpc_name_show_request("d/demo", 7);

	ASSERT_NE(NULL, s);
	EXPECT_STREQ("{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"name_show\","
		     "\"params\":[\"d/demo\",{\"valueEncoding\":\"utf8\"}]}", s);
	free(s);
}

TEST(result)
{
	struct rpc_error e;
	struct rpc_name n;
	char err[200];

	ASSERT_EQ(RPC_OK, show(200, "d/demo", NAME_RESULT("d/demo",
		  "\"value\":\"{\\\"ip\\\":\\\"1.2.3.4\\\"}\""), &n, &e, err));
	EXPECT_STREQ("{\"ip\":\"1.2.3.4\"}", n.value);
	EXPECT_EQ(16, n.value_len);
	EXPECT_EQ(120, n.height);
	EXPECT_EQ(35880, n.expires_in);
	EXPECT_FALSE(n.expired);
	EXPECT_TRUE(n.ismine);
	EXPECT_STREQ(TXID, n.txid);
	EXPECT_EQ(0, e.code);
	EXPECT_STREQ("", e.message);
}

/* Without a wallet the node leaves "ismine" out. */
TEST(result_without_wallet)
{
	static const char body[] = "{\"result\":{\"name\":\"d/demo\","
		"\"name_encoding\":\"ascii\",\"value\":\"{}\","
		"\"value_encoding\":\"utf8\",\"txid\":\"" TXID "\",\"vout\":0,"
		"\"address\":\"N1\",\"height\":5,\"expires_in\":31,"
		"\"expired\":false},\"error\":null,\"id\":7}\n";
	struct rpc_name n;
	char err[200];

	ASSERT_EQ(RPC_OK, parse(200, body, &n, err));
	EXPECT_FALSE(n.ismine);
	EXPECT_STREQ("{}", n.value);
}

TEST(never_existed)
{
	struct rpc_error e;
	struct rpc_name n;
	char err[200];

	EXPECT_EQ(RPC_NO_NAME, show(500, "d/x", ERROR_REPLY(-4,
		  "name never existed: 'd/x'"), &n, &e, err));
	EXPECT_EQ(-4, e.code);
	EXPECT_STREQ("name never existed: 'd/x'", e.message);
	/* Nodes before nc23.0 said "name not found" for both cases. */
	EXPECT_EQ(RPC_NO_NAME, show(500, "d/x", ERROR_REPLY(-4,
		  "name not found: 'd/x'"), &n, &e, err));
}

TEST(expired_error)
{
	struct rpc_name n;
	char err[200];

	EXPECT_EQ(RPC_EXPIRED, show(500, "d/x", ERROR_REPLY(-4,
		  "name expired: 'd/x'"), &n, NULL, err));
	EXPECT_EQ(0, n.height);
}

/* The word "expired" in the name asked does not make the name expired. */
TEST(expired_in_the_name)
{
	struct rpc_name n;
	char err[200];

	EXPECT_EQ(RPC_NO_NAME, show(500, "d/expired", ERROR_REPLY(-4,
		  "name never existed: 'd/expired'"), &n, NULL, err));
	EXPECT_EQ(RPC_EXPIRED, show(500, "d/expired", ERROR_REPLY(-4,
		  "name expired: 'd/expired'"), &n, NULL, err));
}

/* Only the exact message for the name asked is "no such name". */
TEST(quoted_name_must_match)
{
	static const char *const bodies[] = {
		ERROR_REPLY(-4, "name expired: 'd/y'"),
		ERROR_REPLY(-4, "name never existed: 'd/xx'"),
		ERROR_REPLY(-4, "name never existed: 'd/x' "),
		ERROR_REPLY(-4, "name never existed: d/x"),
		ERROR_REPLY(-4, "name never existed"),
		ERROR_REPLY(-4, "name expired"),
		ERROR_REPLY(-4, "the key for d/x has expired"),
		ERROR_REPLY(-4, "name history: name expired: 'd/x'"),
		ERROR_REPLY(-5, "name never existed: 'd/x'"),
	};
	struct rpc_error e;
	struct rpc_name n;
	char err[200];
	size_t i;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		EXPECT_EQ(RPC_ERROR, show(500, "d/x", bodies[i], &n, &e, err))
			TH_LOG("%s", bodies[i]);
	}
	EXPECT_STREQ("error -5: name never existed: 'd/x'", err);
	EXPECT_EQ(-5, e.code);
	/* jansson refuses \u0000: not a reply at all. */
	EXPECT_EQ(RPC_BAD_REPLY, show(500, "d/x", ERROR_REPLY(-4,
		  "name expired: 'd/x'\\u0000"), &n, &e, err));
}

/* A name not valid "ascii" is quoted as 0x and hex (EncodeNameForMessage). */
TEST(hex_quoted_name)
{
	struct rpc_name n;
	char err[200];

	EXPECT_EQ(RPC_NO_NAME, show(500, "d/\xc3\xa9", ERROR_REPLY(-4,
		  "name never existed: 0x642fc3a9"), &n, NULL, err));
	EXPECT_EQ(RPC_EXPIRED, show(500, "d/\x01", ERROR_REPLY(-4,
		  "name expired: 0x642f01"), &n, NULL, err));
	EXPECT_EQ(RPC_ERROR, show(500, "d/\xc3\xa9", ERROR_REPLY(-4,
		  "name never existed: 'd/\xc3\xa9'"), &n, NULL, err));
	EXPECT_EQ(RPC_ERROR, show(500, "d/\xc3\xa9", ERROR_REPLY(-4,
		  "name never existed: 0x642FC3A9"), &n, NULL, err));
	EXPECT_EQ(RPC_ERROR, show(500, "d/x", ERROR_REPLY(-4,
		  "name never existed: 0x642f78"), &n, NULL, err));
}

/* -4 from a wallet call, or from any reply read without a name. */
TEST(other_minus4_is_an_error)
{
	struct rpc_error e;
	json_t *res;
	char err[200];
	const char *body = ERROR_REPLY(-4, "name never existed: 'd/x'");

	EXPECT_EQ(RPC_ERROR, rpc_parse_reply_err(500, body, strlen(body), 7,
						 &res, &e, err, sizeof(err)));
	EXPECT_EQ(NULL, res);
	EXPECT_EQ(-4, e.code);
	EXPECT_STREQ("error -4: name never existed: 'd/x'", err);
	body = ERROR_REPLY(-4, "Error queueing transaction");
	EXPECT_EQ(RPC_ERROR, rpc_parse_reply_err(500, body, strlen(body), 7,
						 &res, &e, err, sizeof(err)));
	EXPECT_STREQ("Error queueing transaction", e.message);
}

/* "value_error" in place of "value": the name exists, its value is bad. */
TEST(value_error)
{
	struct rpc_name n;
	char err[200];

	EXPECT_EQ(RPC_INVALID_VALUE, parse(200, NAME_RESULT("d/demo",
		  "\"value_error\":\"invalid data for utf8\""), &n, err));
	EXPECT_EQ(0, n.value_len);
	EXPECT_STREQ("", n.value);
	EXPECT_EQ(120, n.height);
	EXPECT_STREQ(TXID, n.txid);
	EXPECT_NE(NULL, strstr(err, "value_error"));
	/* Both, or neither usable: not what the node sends. */
	EXPECT_EQ(RPC_BAD_REPLY, parse(200, NAME_RESULT("d/demo",
		  "\"value\":\"{}\",\"value_error\":\"invalid data for utf8\""),
		  &n, err));
	EXPECT_EQ(RPC_BAD_REPLY, parse(200, NAME_RESULT("d/demo",
		  "\"value_error\":17"), &n, err));
}

TEST(expired_result)
{
	struct rpc_name n;
	char err[200];

	EXPECT_EQ(RPC_EXPIRED, parse(200, "{\"result\":{\"name\":\"d/demo\","
				     "\"value\":\"{}\",\"txid\":\"" TXID "\","
				     "\"height\":1,\"expires_in\":-5,"
				     "\"expired\":true},\"error\":null,\"id\":7}",
				     &n, err));
	EXPECT_EQ(-5, n.expires_in);
	EXPECT_EQ(RPC_EXPIRED, parse(200, "{\"result\":{\"name\":\"d/demo\","
				     "\"value_error\":\"invalid data for utf8\","
				     "\"txid\":\"" TXID "\",\"height\":1,"
				     "\"expires_in\":0,\"expired\":true},"
				     "\"error\":null,\"id\":7}", &n, err));
}

TEST(not_ready)
{
	struct rpc_name n;
	char err[200];

	EXPECT_EQ(RPC_NOT_READY, parse(500, ERROR_REPLY(-10,
		  "Namecoin is downloading blocks..."), &n, err));
	EXPECT_STREQ("node not ready: error -10: Namecoin is downloading blocks...",
		     err);
	EXPECT_EQ(RPC_NOT_READY, parse(500, ERROR_REPLY(-28,
		  "Loading block index\xe2\x80\xa6"), &n, err));
	EXPECT_EQ(RPC_NOT_READY, parse(503,
		  "Request rejected during server shutdown", &n, err));
}

TEST(refused)
{
	struct rpc_name n;
	char err[200];

	EXPECT_EQ(RPC_UNAUTHORIZED, parse(401, "", &n, err));
	EXPECT_STREQ("HTTP 401: the node refused the credentials (check rpcuser/rpcpassword or rpccookiefile)",
		     err);
	EXPECT_EQ(RPC_UNAUTHORIZED, parse(403, "", &n, err));
	EXPECT_NE(NULL, strstr(err, "rpcallowip"));
}

/* Method not found comes with HTTP 404 and a JSON body; a wrong URL not. */
TEST(http_404)
{
	struct rpc_error e;
	struct rpc_name n;
	char err[200];

	EXPECT_EQ(RPC_ERROR, show(404, "d/demo", ERROR_REPLY(-32601,
		  "Method not found"), &n, &e, err));
	EXPECT_STREQ("error -32601: Method not found", err);
	EXPECT_EQ(-32601, e.code);
	EXPECT_EQ(RPC_BAD_REPLY, parse(404, "", &n, err));
	EXPECT_STREQ("HTTP 404: no JSON-RPC service at this URL (check url)",
		     err);
}

/*
 * A node built with a wallet, started without -disablewallet and with no
 * wallet loaded refuses name_show too: rpc/names.cpp MaybeWalletForRequest
 * lets only -19 through, wallet/rpc/util.cpp GetWalletForJSONRPCRequest
 * throws -18, httprpc.cpp JSONErrorReply answers a legacy call with 500.
 */
TEST(no_wallet_loaded)
{
	static const char body[] = "{\"result\":null,\"error\":{\"code\":-18,"
		"\"message\":\"No wallet is loaded. Load a wallet using "
		"loadwallet or create a new one with createwallet. (Note: A "
		"default wallet is no longer automatically created)\"},"
		"\"id\":7}\n";
	struct rpc_error e;
	struct rpc_name n;
	json_t *res;
	char err[256];

	EXPECT_EQ(RPC_ERROR, rpc_parse_name_show(500, body, strlen(body), 7,
						 "d/demo", &n, &e, err,
						 sizeof(err)));
	EXPECT_STREQ("error -18: No wallet is loaded. (namecoind refuses name_show when its wallet is enabled but none is loaded: namecoin-cli loadwallet NAME, or run namecoind with -disablewallet)",
		     err);
	EXPECT_EQ(-18, e.code);
	EXPECT_EQ(0, strncmp(e.message, "No wallet is loaded. Load a wallet", 34));
	EXPECT_EQ(0, n.height);
	/* a url of /wallet/NAME naming no loaded wallet */
	EXPECT_EQ(RPC_ERROR, show(500, "d/demo", ERROR_REPLY(-18,
		  "Requested wallet does not exist or is not loaded"), &n, &e,
		  err));
	EXPECT_STREQ("error -18: Requested wallet does not exist or is not loaded (namecoind refuses name_show when the wallet named in url is not loaded: namecoin-cli loadwallet NAME, or fix url)",
		     err);
	EXPECT_EQ(RPC_ERROR, show(500, "d/demo", ERROR_REPLY(-18, "other"),
				  &n, &e, err));
	EXPECT_NE(NULL, strstr(err, "-disablewallet): other"));
	/* Other calls keep the node's words: wallet.c says what to do. */
	EXPECT_EQ(RPC_ERROR, rpc_parse_reply_err(500, body, strlen(body), 7,
						 &res, &e, err, sizeof(err)));
	EXPECT_EQ(NULL, res);
	EXPECT_EQ(0, strncmp(err, "error -18: No wallet is loaded. Load", 36));
}

/* The message is hostile: kept bounded and on one line. */
TEST(error_message_sanitised)
{
	static const char body[] = "{\"result\":null,\"error\":{\"code\":-1,"
		"\"message\":\"a\\nb\\u0007c\\u001b[2J\"},\"id\":7}";
	struct rpc_error e;
	json_t *res;
	char err[200];
	char *big;
	size_t i;

	EXPECT_EQ(RPC_ERROR, rpc_parse_reply_err(500, body, strlen(body), 7,
						 &res, &e, err, sizeof(err)));
	EXPECT_STREQ("a?b?c?[2J", e.message);
	EXPECT_STREQ("error -1: a?b?c?[2J", err);
	big = malloc(5000);
	ASSERT_NE(NULL, big);
	i = sprintf(big, "{\"error\":{\"code\":-1,\"message\":\"");
	memset(big + i, 'm', 3000);
	strcpy(big + i + 3000, "\"},\"id\":7}");
	EXPECT_EQ(RPC_ERROR, rpc_parse_reply_err(500, big, strlen(big), 7,
						 &res, &e, err, sizeof(err)));
	EXPECT_EQ(RPC_MESSAGE_MAX - 1, strlen(e.message));
	free(big);
}

TEST(generic_result)
{
	static const char body[] = "{\"result\":123,\"error\":null,\"id\":7}\n";
	struct rpc_error e = { .code = 99 };
	json_t *res;
	char err[200];

	ASSERT_EQ(RPC_OK, rpc_parse_reply_err(200, body, strlen(body), 7,
					      &res, &e, err, sizeof(err)));
	EXPECT_EQ(123, json_integer_value(res));
	EXPECT_EQ(0, e.code);
	json_decref(res);
}

TEST(garbage_replies)
{
	static const char *const bodies[] = {
		"", "<html>", "[]", "{\"result\":{},\"id\":7}",
		NAME_RESULT("d/demo", "\"value\":5"),
		"{\"result\":{\"value\":\"x\"},\"id\":7}",
		"{\"result\":{\"name\":\"d/demo\",\"value\":\"x\",\"txid\":\""
		TXID "\",\"height\":1,\"expires_in\":1,\"expired\":false},"
		"\"id\":8}",
		"{\"error\":\"boom\",\"id\":7}",
		"{\"error\":{\"message\":\"no code\"},\"id\":7}",
		"{\"error\":null,\"id\":7}",
		/* Another name's data. */
		NAME_RESULT("d/other", "\"value\":\"{}\""),
		/* txid not 64 hex digits */
		"{\"result\":{\"name\":\"d/demo\",\"value\":\"x\",\"txid\":"
		"\"ab\",\"height\":1,\"expires_in\":1,\"expired\":false},"
		"\"id\":7}",
		"{\"result\":{\"name\":\"d/demo\",\"value\":\"x\",\"txid\":\""
		"6f1b3e0c2a7d9e4f8b5c1a0d3e2f4b6c8d9e0a1b2c3d4e5f60718293a4b5c6dz"
		"\",\"height\":1,\"expires_in\":1,\"expired\":false},\"id\":7}",
		"{\"result\":{\"name\":\"d/demo\",\"value\":\"x\",\"txid\":\""
		TXID "\",\"ismine\":1,\"height\":1,\"expires_in\":1,"
		"\"expired\":false},\"id\":7}",
		"{\"result\":{\"name\":\"d/demo\",\"value\":\"x\",\"txid\":\""
		TXID "\",\"height\":-1,\"expires_in\":1,\"expired\":false},"
		"\"id\":7}",
		"{\"result\":{\"name\":\"d/demo\",\"value\":\"x\",\"txid\":\""
		TXID "\",\"height\":1,\"expires_in\":1.5,\"expired\":false},"
		"\"id\":7}",
		"{\"result\":{\"name\":\"d/demo\",\"value\":\"x\",\"txid\":\""
		TXID "\",\"height\":1,\"expires_in\":1,\"expired\":0},"
		"\"id\":7}",
	};
	struct rpc_name n;
	char err[200];
	size_t i;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		EXPECT_EQ(RPC_BAD_REPLY, parse(200, bodies[i], &n, err))
			TH_LOG("%s", bodies[i]);
	}
	EXPECT_EQ(RPC_BAD_REPLY, parse(502, "{}", &n, err));
	EXPECT_STREQ("HTTP 502", err);
	/* A result with HTTP 500 is not a reply. */
	EXPECT_EQ(RPC_BAD_REPLY, parse(500, NAME_RESULT("d/demo",
		  "\"value\":\"{}\""), &n, err));
}

TEST(oversized_value)
{
	size_t len = RPC_VALUE_MAX + 100;
	char *body = malloc(len + 300), *p;
	struct rpc_name n;
	char err[200];

	ASSERT_NE(NULL, body);
	p = body + sprintf(body, "{\"result\":{\"name\":\"d/demo\",\"value\":\"");
	memset(p, 'a', len);
	strcpy(p + len, "\",\"txid\":\"" TXID "\",\"height\":1,"
	       "\"expires_in\":1,\"expired\":false},\"id\":7}");
	EXPECT_EQ(RPC_BAD_REPLY, parse(200, body, &n, err));
	EXPECT_NE(NULL, strstr(err, "result.value"));
	/* Exactly RPC_VALUE_MAX is fine. */
	p = body + sprintf(body, "{\"result\":{\"name\":\"d/demo\",\"value\":\"");
	memset(p, 'a', RPC_VALUE_MAX);
	strcpy(p + RPC_VALUE_MAX, "\",\"txid\":\"" TXID "\",\"height\":1,"
	       "\"expires_in\":1,\"expired\":false},\"id\":7}");
	EXPECT_EQ(RPC_OK, parse(200, body, &n, err));
	EXPECT_EQ(RPC_VALUE_MAX, n.value_len);
	free(body);
}

/* getblockchaininfo's result, trimmed to what the node always sends. */
#define CHAIN(blocks, headers, time, ibd)				\
	"{\"chain\":\"main\",\"blocks\":" #blocks ",\"headers\":" #headers \
	",\"bestblockhash\":\"00\",\"difficulty\":1.5,\"time\":" #time	\
	",\"mediantime\":1700000000,\"verificationprogress\":0.99999,"	\
	"\"initialblockdownload\":" #ibd ",\"chainwork\":\"00\","	\
	"\"size_on_disk\":1,\"pruned\":false,\"warnings\":[]}"

#define NOW	1700003600LL

TEST(chain_current)
{
	struct rpc_chain c;
	char err[200];

	ASSERT_EQ(RPC_OK, chain(CHAIN(700000, 700000, 1700003000, false),
				NOW, 10800, &c, err));
	EXPECT_EQ(700000, c.blocks);
	EXPECT_EQ(700000, c.headers);
	EXPECT_EQ(1700003000, c.time);
	EXPECT_FALSE(c.ibd);
	/* A tip time ahead of our clock is not stale. */
	EXPECT_EQ(RPC_OK, chain(CHAIN(5, 5, 1700009999, false), NOW, 10800,
				&c, err));
	/* No headers yet (-1) on a fresh chain is not "ahead". */
	EXPECT_EQ(RPC_OK, chain(CHAIN(0, -1, 1700003000, false), NOW, 10800,
				&c, err));
}

TEST(chain_ibd)
{
	struct rpc_chain c;
	char err[200];

	EXPECT_EQ(RPC_NOT_READY, chain(CHAIN(100, 100, 1700003000, true), NOW,
				       10800, &c, err));
	EXPECT_STREQ("node not current: in initial block download (blocks 100, headers 100)",
		     err);
}

TEST(chain_headers_ahead)
{
	struct rpc_chain c;
	char err[200];

	EXPECT_EQ(RPC_NOT_READY, chain(CHAIN(100, 103, 1700003000, false),
				       NOW, 10800, &c, err));
	EXPECT_STREQ("node not current: 3 blocks behind the headers it knows (blocks 100, headers 103)",
		     err);
	EXPECT_EQ(RPC_NOT_READY, chain(CHAIN(100, 101, 1700003000, false),
				       NOW, 0, &c, err));
}

TEST(chain_stale_tip)
{
	struct rpc_chain c;
	char err[200];

	EXPECT_EQ(RPC_NOT_READY, chain(CHAIN(100, 100, 1699992799, false),
				       NOW, 10800, &c, err));
	EXPECT_STREQ("node not current: its tip (block 100) is 10801 s old, more than max-tip-age 10800",
		     err);
	/* Exactly max-tip-age old is still current; 0 turns the check off. */
	EXPECT_EQ(RPC_OK, chain(CHAIN(100, 100, 1699992800, false), NOW,
				10800, &c, err));
	EXPECT_EQ(RPC_OK, chain(CHAIN(100, 100, 0, false), NOW, 0, &c, err));
}

TEST(chain_bad_fields)
{
	static const char *const results[] = {
		"null", "[]", "5",
		"{\"headers\":1,\"time\":1,\"initialblockdownload\":false}",
		"{\"blocks\":1,\"time\":1,\"initialblockdownload\":false}",
		"{\"blocks\":1,\"headers\":1,\"initialblockdownload\":false}",
		"{\"blocks\":1,\"headers\":1,\"time\":1}",
		CHAIN("1", 1, 1, false), CHAIN(1, 1.0, 1, false),
		CHAIN(1, 1, "1", false), CHAIN(1, 1, 1, 0),
		CHAIN(1, 1, 1, null), CHAIN(-1, 1, 1, false),
		CHAIN(1, -2, 1, false), CHAIN(1, 1, -1, false),
	};
	struct rpc_chain c;
	char err[200];
	size_t i;

	for (i = 0; i < sizeof(results) / sizeof(results[0]); i++) {
		EXPECT_EQ(RPC_BAD_REPLY, chain(results[i], NOW, 10800, &c,
					       err))
			TH_LOG("%s", results[i]);
	}
	EXPECT_EQ(RPC_BAD_REPLY, chain(CHAIN(1, 1, 1, "no"), NOW, 10800, &c,
				       err));
	EXPECT_STREQ("getblockchaininfo: result.initialblockdownload: not a boolean",
		     err);
	EXPECT_EQ(RPC_BAD_REPLY, chain(CHAIN(1, 1, "1", false), NOW, 10800,
				       &c, err));
	EXPECT_STREQ("getblockchaininfo: result.time: not an integer of at least 0",
		     err);
}

/* getblockchaininfo while the node loads: -28 is "not ready". */
TEST(chain_warming_up)
{
	const char *body = ERROR_REPLY(-28, "Loading wallet...");
	struct rpc_error e;
	json_t *res;
	char err[200];

	EXPECT_EQ(RPC_NOT_READY, rpc_parse_reply_err(500, body, strlen(body),
						     7, &res, &e, err,
						     sizeof(err)));
	EXPECT_EQ(-28, e.code);
}

TEST(call_timeout)
{
	EXPECT_EQ(10000, rpc_call_timeout(10000, 0, 5000));
	EXPECT_EQ(10000, rpc_call_timeout(10000, 50000, 5000));
	EXPECT_EQ(10000, rpc_call_timeout(10000, 15000, 5000));
	EXPECT_EQ(2500, rpc_call_timeout(10000, 7500, 5000));
	EXPECT_EQ(1, rpc_call_timeout(10000, 5001, 5000));
	EXPECT_EQ(0, rpc_call_timeout(10000, 5000, 5000));
	EXPECT_EQ(0, rpc_call_timeout(10000, 1, 5000));
}

TEST(call_label)
{
	json_t *p = json_pack("[s, {s:s}]", "d/x", "valueEncoding", "utf8");
	char buf[32];

	rpc_call_label("name_show", p, buf, sizeof(buf));
	EXPECT_STREQ("name_show d/x", buf);
	json_decref(p);
	p = json_array();
	rpc_call_label("getblockchaininfo", p, buf, sizeof(buf));
	EXPECT_STREQ("getblockchaininfo", buf);
	json_decref(p);
	rpc_call_label("getblockchaininfo", NULL, buf, sizeof(buf));
	EXPECT_STREQ("getblockchaininfo", buf);
	p = json_pack("[s]", "d/a\nb-long-name-that-does-not-fit");
	rpc_call_label("name_update", p, buf, sizeof(buf));
	EXPECT_STREQ("name_update d/a?b-long-name-tha", buf);
	json_decref(p);
}

TEST_HARNESS_MAIN
