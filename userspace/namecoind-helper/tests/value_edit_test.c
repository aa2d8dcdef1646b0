// SPDX-License-Identifier: GPL-2.0
/*
 * value_edit.c's tests: the publisher's edit of a name's value keeps
 * every byte but the minimalT item's value.
 */
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "value_edit.h"

#define MT	"{\"port\":4747,\"id_key\":\"A\",\"eph_key\":\"B\"}"

/* Edit @in and expect exactly @want (NULL: refused, err holding @why). */
static int edit_is(const char *in, const char *want, const char *why)
{
	char err[256] = "";
	size_t n = 0;
	char *out = value_edit_set(in, strlen(in), "minimalT", MT, &n, err,
				   sizeof(err));
	int ok;

	if (!want) {
		ok = !out && strstr(err, why);
		if (!ok)
			fprintf(stderr, "# %s: got %s, err %s\n", in,
				out ? out : "NULL", err);
		free(out);
		return ok;
	}
	ok = out && n == strlen(want) && !memcmp(out, want, n);
	if (!ok)
		fprintf(stderr, "# %s:\n#  got  %s (%s)\n#  want %s\n", in,
			out ? out : "NULL", err, want);
	free(out);
	return ok;
}

TEST(replaces_only_the_item)
{
	ASSERT_TRUE(edit_is(
		"{\"ip\":\"10.0.0.1\",\"minimalT\":{\"port\":1},\"x\":0.1}",
		"{\"ip\":\"10.0.0.1\",\"minimalT\":" MT ",\"x\":0.1}", NULL));
}

TEST(appends_when_absent)
{
	ASSERT_TRUE(edit_is("{\"ip\":\"10.0.0.1\"}",
			    "{\"ip\":\"10.0.0.1\",\"minimalT\":" MT "}", NULL));
	ASSERT_TRUE(edit_is("{}", "{\"minimalT\":" MT "}", NULL));
	ASSERT_TRUE(edit_is(" { \n } \n", " { \n \"minimalT\":" MT "} \n",
			    NULL));
	ASSERT_TRUE(edit_is("", "{\"minimalT\":" MT "}", NULL));
}

TEST(numbers_are_kept_as_written)
{
	ASSERT_TRUE(edit_is("{\"a\":0.1,\"b\":1E+2,\"c\":-0,\"d\":1.50}",
			    "{\"a\":0.1,\"b\":1E+2,\"c\":-0,\"d\":1.50,"
			    "\"minimalT\":" MT "}", NULL));
}

TEST(non_ascii_is_kept_byte_for_byte)
{
	/* UTF-8 as is, and the same text as \u escapes: both untouched. */
	ASSERT_TRUE(edit_is(
		"{\"info\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\","
		"\"esc\":\"caf\\u00e9 \\ud83d\\ude00\"}",
		"{\"info\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\","
		"\"esc\":\"caf\\u00e9 \\ud83d\\ude00\",\"minimalT\":" MT "}",
		NULL));
}

TEST(whitespace_and_order_are_kept)
{
	ASSERT_TRUE(edit_is(
		"{\n  \"minimalT\" :  {\"port\": 1} ,\n  \"ip\" : \"1.2.3.4\"\n}\n",
		"{\n  \"minimalT\" :  " MT " ,\n  \"ip\" : \"1.2.3.4\"\n}\n",
		NULL));
}

TEST(keys_with_escapes)
{
	/* "minimal\u0054" is the key minimalT: replaced, spelling kept. */
	ASSERT_TRUE(edit_is("{\"minimal\\u0054\":{\"port\":1},\"z\":1}",
			    "{\"minimal\\u0054\":" MT ",\"z\":1}", NULL));
	/* Keys that only look alike are other items. */
	ASSERT_TRUE(edit_is(
		"{\"minimalT\\\"\":1,\"\\\"minimalT\":2,\"minimalt\":3}",
		"{\"minimalT\\\"\":1,\"\\\"minimalT\":2,\"minimalt\":3,"
		"\"minimalT\":" MT "}", NULL));
	ASSERT_TRUE(edit_is("{\"minimal\\u0054x\":1}",
			    "{\"minimal\\u0054x\":1,\"minimalT\":" MT "}",
			    NULL));
}

TEST(nested_minimalt_is_not_the_item)
{
	ASSERT_TRUE(edit_is(
		"{\"map\":{\"www\":{\"minimalT\":{\"port\":9}}},"
		"\"s\":\"\\\"minimalT\\\":{}\",\"a\":[{\"minimalT\":1}]}",
		"{\"map\":{\"www\":{\"minimalT\":{\"port\":9}}},"
		"\"s\":\"\\\"minimalT\\\":{}\",\"a\":[{\"minimalT\":1}],"
		"\"minimalT\":" MT "}", NULL));
	/* The top-level item after a nested one is the one replaced. */
	ASSERT_TRUE(edit_is(
		"{\"map\":{\"minimalT\":{\"port\":9}},\"minimalT\":[1,{}]}",
		"{\"map\":{\"minimalT\":{\"port\":9}},\"minimalT\":" MT "}",
		NULL));
}

TEST(not_an_object_is_refused)
{
	char err[128];
	size_t n;

	ASSERT_TRUE(edit_is("[1,2]", NULL, "not a JSON object"));
	ASSERT_TRUE(edit_is("\"text\"", NULL, "not a JSON object"));
	ASSERT_TRUE(edit_is("hello", NULL, "not a JSON object"));
	ASSERT_TRUE(edit_is("{\"a\":1", NULL, "not a JSON object"));
	ASSERT_TRUE(edit_is("{\"a\":1}{}", NULL, "not a JSON object"));
	ASSERT_TRUE(edit_is("   ", NULL, "not a JSON object"));
	ASSERT_EQ(NULL, value_edit_set("{\"a\":[1\0]}", 10, "minimalT", MT,
				       &n, err, sizeof(err)));
	/* Invalid UTF-8 and duplicate keys: not valid, not touched. */
	ASSERT_TRUE(edit_is("{\"a\":\"\xff\"}", NULL, "not a JSON object"));
	ASSERT_TRUE(edit_is("{\"minimalT\":1,\"minimal\\u0054\":2}", NULL,
			    "not a JSON object"));
}

TEST(wallet_limit)
{
	char v[RECORD_WALLET_MAX + 1], want[RECORD_WALLET_MAX + 1];
	size_t fill = RECORD_WALLET_MAX - strlen("{\"p\":\"\",\"minimalT\":" MT
						 "}");

	ASSERT_EQ(520, RECORD_WALLET_MAX);
	/* Exactly 520 bytes once edited: accepted. */
	snprintf(v, sizeof(v), "{\"p\":\"%0*d\"}", (int)fill, 0);
	snprintf(want, sizeof(want), "{\"p\":\"%0*d\",\"minimalT\":" MT "}",
		 (int)fill, 0);
	ASSERT_EQ(RECORD_WALLET_MAX, strlen(want));
	ASSERT_TRUE(edit_is(v, want, NULL));
	/* One more byte: refused, naming the limit. */
	snprintf(v, sizeof(v), "{\"p\":\"%0*d\"}", (int)fill + 1, 0);
	ASSERT_TRUE(edit_is(v, NULL, "more than the 520"));
}

TEST(item_must_be_an_object)
{
	char err[128];
	size_t n;

	ASSERT_EQ(NULL, value_edit_set("{}", 2, "minimalT", "[1]", &n, err,
				       sizeof(err)));
}

TEST(same_compares_the_whole_item)
{
	char err[128];
	const char *v = "{\"ip\":\"1.2.3.4\",\"minimalT\":{\"eph_key\":\"B\","
			"\"port\":4747, \"id_key\":\"A\"}}";

	/* Member order and whitespace do not matter... */
	ASSERT_EQ(1, value_edit_same(v, strlen(v), "minimalT", MT, err,
				     sizeof(err)));
	/* ...an added ip does, and so does any changed member. */
	ASSERT_EQ(0, value_edit_same(v, strlen(v), "minimalT",
				     "{\"port\":4747,\"id_key\":\"A\","
				     "\"eph_key\":\"B\",\"ip\":\"1.2.3.4\"}",
				     err, sizeof(err)));
	ASSERT_EQ(0, value_edit_same(v, strlen(v), "minimalT",
				     "{\"port\":4748,\"id_key\":\"A\","
				     "\"eph_key\":\"B\"}", err, sizeof(err)));
	ASSERT_EQ(0, value_edit_same("{}", 2, "minimalT", MT, err,
				     sizeof(err)));
	ASSERT_EQ(0, value_edit_same("", 0, "minimalT", MT, err,
				     sizeof(err)));
	ASSERT_EQ(-1, value_edit_same("[]", 2, "minimalT", MT, err,
				      sizeof(err)));
}

TEST(minimalt_text)
{
	uint8_t id[VALUE_KEY_LEN], eph[VALUE_KEY_LEN];
	char out[256], err[128];

	memset(id, 0, sizeof(id));
	memset(eph, 0xff, sizeof(eph));
	ASSERT_EQ(0, value_minimalt(out, sizeof(out), 4747, id, eph, NULL,
				    err, sizeof(err)));
	ASSERT_STREQ("{\"port\":4747,"
		     "\"id_key\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\","
		     "\"eph_key\":\"//////////////////////////////////////////8=\"}",
		     out);
	ASSERT_EQ(0, value_minimalt(out, sizeof(out), 1, id, eph, "10.0.0.7",
				    err, sizeof(err)));
	ASSERT_NE(NULL, strstr(out, ",\"ip\":\"10.0.0.7\"}"));
	ASSERT_EQ(0, value_minimalt(out, sizeof(out), 1, id, eph, "fd00::7",
				    err, sizeof(err)));
	ASSERT_NE(NULL, strstr(out, ",\"ip6\":\"fd00::7\"}"));
	ASSERT_EQ(-1, value_minimalt(out, sizeof(out), 1, id, eph, "1\"2",
				     err, sizeof(err)));
	ASSERT_EQ(-1, value_minimalt(out, 20, 1, id, eph, NULL, err,
				     sizeof(err)));
}

TEST_HARNESS_MAIN
