// SPDX-License-Identifier: GPL-2.0
/* Unit tests of rpc.c: name_show requests and every reply shape. */
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "rpc.h"

static enum rpc_status parse(int http, const char *body, struct rpc_name *n,
			     char *err)
{
	return rpc_parse_name_show(http, body, strlen(body), 7, n, err, 160);
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
	struct rpc_name n;
	char err[160];

	ASSERT_EQ(RPC_OK, parse(200, "{\"result\":{\"name\":\"d/demo\","
				"\"value\":\"{\\\"ip\\\":\\\"1.2.3.4\\\"}\","
				"\"txid\":\"ab\",\"vout\":0,\"address\":\"N\","
				"\"height\":120,\"expires_in\":35000,"
				"\"expired\":false},\"error\":null,\"id\":7}",
				&n, err));
	EXPECT_STREQ("{\"ip\":\"1.2.3.4\"}", n.value);
	EXPECT_EQ(120, n.height);
	EXPECT_EQ(35000, n.expires_in);
	EXPECT_FALSE(n.expired);
}

TEST(error_shapes)
{
	struct rpc_name n;
	char err[160];

	EXPECT_EQ(RPC_NO_NAME, parse(500, "{\"result\":null,\"error\":{\"code\":"
				     "-4,\"message\":\"name never existed\"},"
				     "\"id\":7}", &n, err));
	EXPECT_STREQ("name never existed", err);
	EXPECT_EQ(RPC_EXPIRED, parse(500, "{\"result\":null,\"error\":{\"code\":"
				     "-4,\"message\":\"name expired\"},\"id\":7}",
				     &n, err));
	EXPECT_EQ(RPC_NOT_READY, parse(500, "{\"result\":null,\"error\":{\"code\":"
				       "-10,\"message\":\"Loading block index...\"},"
				       "\"id\":7}", &n, err));
	EXPECT_EQ(RPC_ERROR, parse(500, "{\"result\":null,\"error\":{\"code\":"
				   "-32601,\"message\":\"Method not found\"},"
				   "\"id\":7}", &n, err));
	EXPECT_STREQ("error -32601: Method not found", err);
	EXPECT_EQ(RPC_UNAUTHORIZED, parse(401, "", &n, err));
}

TEST(expired_result)
{
	struct rpc_name n;
	char err[160];

	EXPECT_EQ(RPC_EXPIRED, parse(200, "{\"result\":{\"value\":\"{}\","
				     "\"height\":1,\"expires_in\":-5,"
				     "\"expired\":true},\"error\":null,\"id\":7}",
				     &n, err));
}

TEST(garbage_replies)
{
	static const char *const bodies[] = {
		"", "<html>", "[]", "{\"result\":{},\"id\":7}",
		"{\"result\":{\"value\":5,\"height\":1,\"expires_in\":1,"
		"\"expired\":false},\"id\":7}",
		"{\"result\":{\"value\":\"x\"},\"id\":7}",
		"{\"result\":{\"value\":\"x\",\"height\":1,\"expires_in\":1,"
		"\"expired\":false},\"id\":8}",
		"{\"error\":\"boom\",\"id\":7}",
		"{\"error\":{\"message\":\"no code\"},\"id\":7}",
	};
	struct rpc_name n;
	char err[160];
	size_t i;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		EXPECT_EQ(RPC_BAD_REPLY, parse(200, bodies[i], &n, err));
	EXPECT_EQ(RPC_BAD_REPLY, parse(502, "{}", &n, err));
	EXPECT_STREQ("HTTP 502", err);
}

TEST(oversized_value)
{
	size_t len = RPC_VALUE_MAX + 100;
	char *body = malloc(len + 100), *p;
	struct rpc_name n;
	char err[160];

	ASSERT_NE(NULL, body);
	p = body + sprintf(body, "{\"result\":{\"value\":\"");
	memset(p, 'a', len);
	strcpy(p + len, "\",\"height\":1,\"expires_in\":1,\"expired\":false},"
	       "\"id\":7}");
	EXPECT_EQ(RPC_BAD_REPLY, parse(200, body, &n, err));
	free(body);
}

TEST_HARNESS_MAIN
