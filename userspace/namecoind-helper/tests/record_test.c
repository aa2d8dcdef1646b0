// SPDX-License-Identifier: GPL-2.0
/* Unit tests of record.c: the minimalT object of a d/ value. */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include <sodium.h>

#include "kselftest_harness.h"
#include "record.h"

/* 32 bytes of 0x01 and of 0x02, in base64. */
#define ID	"AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="
#define EPH	"AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI="

static enum record_result parse(const char *v, struct record *r, char *err)
{
	return record_parse(v, strlen(v), r, err, 128);
}

TEST(full_record)
{
	struct record r;
	char err[128];

	ASSERT_EQ(RECORD_OK, parse("{\"minimalT\":{\"port\":4747,\"id_key\":\""
				   ID "\",\"eph_key\":\"" EPH "\",\"ip\":"
				   "\"192.0.2.1\",\"ip6\":[\"2001:db8::1\"]}}",
				   &r, err));
	EXPECT_EQ(4747, r.port);
	EXPECT_EQ(1, r.id_key[0]);
	EXPECT_EQ(2, r.eph_key[31]);
	ASSERT_EQ(2, r.n_addrs);
	EXPECT_EQ(AF_INET, r.addrs[0].family);
	EXPECT_EQ(192, r.addrs[0].addr[0]);
	EXPECT_EQ(AF_INET6, r.addrs[1].family);
	EXPECT_EQ(0x20, r.addrs[1].addr[0]);
}

TEST(record_ip_is_the_fallback)
{
	struct record r;
	char err[128];

	ASSERT_EQ(RECORD_OK, parse("{\"ip\":\"198.51.100.7\",\"minimalT\":{"
				   "\"port\":1,\"id_key\":\"" ID "\","
				   "\"eph_key\":\"" EPH "\"}}", &r, err));
	ASSERT_EQ(1, r.n_addrs);
	EXPECT_EQ(7, r.addrs[0].addr[3]);
}

TEST(no_minimalt)
{
	struct record r;
	char err[128];

	EXPECT_EQ(RECORD_NO_MINIMALT, parse("{\"ip\":\"192.0.2.1\"}", &r, err));
	EXPECT_STREQ("minimalT: no such item", err);
}

struct bad {
	const char *value;
	const char *err;
};

static const struct bad bad[] = {
	{ "[1,2]", "value: not a JSON object" },
	{ "{\"minimalT\":3}", "minimalT: not an object" },
	{ "{\"minimalT\":{\"id_key\":\"" ID "\",\"eph_key\":\"" EPH "\"}}",
	  "minimalT.port: missing" },
	{ "{\"minimalT\":{\"port\":\"80\"}}", "minimalT.port: not an integer" },
	{ "{\"minimalT\":{\"port\":0}}", "minimalT.port: 0 is not 1 to 65535" },
	{ "{\"minimalT\":{\"port\":65536}}",
	  "minimalT.port: 65536 is not 1 to 65535" },
	{ "{\"minimalT\":{\"port\":7,\"eph_key\":\"" EPH "\",\"ip\":\"192.0.2.1\"}}",
	  "minimalT.id_key: missing" },
	{ "{\"minimalT\":{\"port\":7,\"id_key\":\"AQEB\",\"eph_key\":\"" EPH "\"}}",
	  "minimalT.id_key: not base64 of 32 bytes" },
	{ "{\"minimalT\":{\"port\":7,\"id_key\":\"" ID "\",\"eph_key\":\"!!\"}}",
	  "minimalT.eph_key: not base64 of 32 bytes" },
	{ "{\"minimalT\":{\"port\":7,\"id_key\":\"" ID "\",\"eph_key\":5}}",
	  "minimalT.eph_key: not a string" },
	{ "{\"minimalT\":{\"port\":7,\"id_key\":\"" ID "\",\"eph_key\":\"" EPH
	  "\",\"ip\":\"300.1.1.1\"}}",
	  "minimalT.ip: \"300.1.1.1\" is not an IPv4 address" },
	{ "{\"minimalT\":{\"port\":7,\"id_key\":\"" ID "\",\"eph_key\":\"" EPH
	  "\",\"ip6\":[\"::1\",7]}}", "minimalT.ip6: not a string" },
	{ "{\"minimalT\":{\"port\":7,\"id_key\":\"" ID "\",\"eph_key\":\"" EPH
	  "\"}}", "minimalT: no address (no ip/ip6 in it nor in the record)" },
};

TEST(each_bad_field_is_named)
{
	struct record r;
	char err[128];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(RECORD_INVALID, parse(bad[i].value, &r, err));
		EXPECT_STREQ(bad[i].err, err);
		EXPECT_EQ(0, r.port);	/* nothing half-filled */
	}
}

TEST(oversized_value)
{
	char v[1100], err[128];
	struct record r;

	memset(v, ' ', sizeof(v));
	v[0] = '{';
	v[sizeof(v) - 1] = '}';
	EXPECT_EQ(RECORD_INVALID, record_parse(v, sizeof(v), &r, err, 128));
	EXPECT_STREQ("value: 1100 bytes, more than 1023", err);
}

TEST(not_json_and_duplicates)
{
	struct record r;
	char err[128];

	EXPECT_EQ(RECORD_INVALID, parse("{\"minimalT\":", &r, err));
	EXPECT_EQ(0, strncmp(err, "value: not JSON", 15));
	EXPECT_EQ(RECORD_INVALID, parse("{\"minimalT\":{},\"minimalT\":{}}",
					&r, err));
	EXPECT_EQ(0, strncmp(err, "value: not JSON", 15));
}

TEST(too_many_addresses)
{
	struct record r;
	char err[128];

	EXPECT_EQ(RECORD_INVALID,
		  parse("{\"minimalT\":{\"port\":7,\"id_key\":\"" ID
			"\",\"eph_key\":\"" EPH "\",\"ip\":[\"1.1.1.1\","
			"\"1.1.1.2\",\"1.1.1.3\",\"1.1.1.4\",\"1.1.1.5\","
			"\"1.1.1.6\",\"1.1.1.7\",\"1.1.1.8\",\"1.1.1.9\"]}}",
			&r, err));
	EXPECT_STREQ("minimalT.ip: more than 8 addresses", err);
}

#define MT	"\"minimalT\":{\"port\":7,\"id_key\":\"" ID \
		"\",\"eph_key\":\"" EPH "\"}"

static enum record_result sub(const char *v, const char *name,
			      struct record *r, char *err)
{
	return record_parse_sub(v, strlen(v), name, r, err, 128);
}

TEST(map_subdomain_and_wildcard)
{
	const char *v = "{" MT ",\"map\":{\"www\":\"192.0.2.5\","
			"\"*\":{\"ip\":\"192.0.2.6\"}}}";
	struct record r;
	char err[128];

	/* www: the string shorthand is its ip, minimalT is not inherited. */
	EXPECT_EQ(RECORD_NO_MINIMALT, sub(v, "www", &r, err));
	ASSERT_EQ(RECORD_OK, sub("{\"map\":{\"www\":{" MT
				 ",\"ip\":\"192.0.2.5\"}}}", "www", &r, err));
	EXPECT_EQ(5, r.addrs[0].addr[3]);
	/* Anything else: "*". */
	ASSERT_EQ(RECORD_NO_MINIMALT, sub(v, "mail", &r, err));
	ASSERT_EQ(RECORD_OK, sub("{\"map\":{\"*\":{" MT
				 ",\"ip\":\"192.0.2.6\"}}}", "anything", &r, err));
	EXPECT_EQ(6, r.addrs[0].addr[3]);
}

TEST(map_labels_from_the_right)
{
	struct record r;
	char err[128];

	ASSERT_EQ(RECORD_OK, sub("{\"map\":{\"www\":{\"map\":{\"a\":{" MT
				 ",\"ip\":\"192.0.2.8\"}}}}}", "a.www", &r, err));
	EXPECT_EQ(8, r.addrs[0].addr[3]);
	EXPECT_EQ(RECORD_NO_MINIMALT, sub("{\"map\":{\"www\":{}}}", "a.www",
					  &r, err));
	EXPECT_STREQ("map.a: no such subdomain", err);
}

TEST(map_empty_key_merges_into_the_parent)
{
	struct record r;
	char err[128];

	/* The record's minimalT lives in map."", its ip at the top. */
	ASSERT_EQ(RECORD_OK, sub("{\"ip\":\"192.0.2.3\",\"map\":{\"\":{" MT
				 ",\"ip\":\"192.0.2.4\"}}}", "", &r, err));
	/* Own items win: the top-level ip, not map."".ip. */
	EXPECT_EQ(3, r.addrs[0].addr[3]);
	EXPECT_EQ(7, r.port);
	EXPECT_EQ(RECORD_INVALID, sub("{\"map\":{\"\":5}}", "", &r, err));
	EXPECT_STREQ("map.\"\": neither an object nor a string", err);
}

TEST(namecoin_names)
{
	char out[128], err[128];

	ASSERT_EQ(0, record_dir_name("d/demo", out, sizeof(out), err, 128));
	EXPECT_STREQ("demo.bit", out);
	ASSERT_EQ(0, record_dir_name("d/a-1", out, sizeof(out), err, 128));
	EXPECT_EQ(-1, record_dir_name("id/demo", out, sizeof(out), err, 128));
	EXPECT_STREQ("name: \"id/demo\" is not in the d/ namespace", err);
	EXPECT_EQ(-1, record_dir_name("d/", out, sizeof(out), err, 128));
	EXPECT_EQ(-1, record_dir_name("d/Demo", out, sizeof(out), err, 128));
	EXPECT_NE(NULL, strstr(err, "uppercase"));
	EXPECT_EQ(-1, record_dir_name("d/-x", out, sizeof(out), err, 128));
	EXPECT_EQ(-1, record_dir_name("d/a.b", out, sizeof(out), err, 128));
	EXPECT_EQ(-1, record_dir_name("d/a_b", out, sizeof(out), err, 128));
	EXPECT_EQ(-1, record_dir_name("d/demo", out, 6, err, 128));
}

/* A tiny name database for import. */
static const char *const names[][2] = {
	{ "d/base", "{" MT ",\"ip\":\"192.0.2.9\"}" },
	{ "d/loop-a", "{\"import\":\"d/loop-b\"}" },
	{ "d/loop-b", "{\"import\":\"d/loop-a\"," MT "}" },
	{ "d/c1", "{\"import\":\"d/c2\"}" },
	{ "d/c2", "{\"import\":\"d/c3\"}" },
	{ "d/c3", "{\"import\":\"d/c4\"}" },
	{ "d/c4", "{\"import\":\"d/c5\"}" },
	{ "d/c5", "{" MT "}" },
	{ "d/sub", "{\"map\":{\"www\":{" MT "}}}" },
	{ "d/junk", "[1]" },
};

static int fetch(const char *name, char *buf, size_t len, void *ctx)
{
	size_t i, n;

	(void)ctx;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(names[i][0], name))
			continue;
		n = strlen(names[i][1]);
		if (n > len)
			return -1;
		memcpy(buf, names[i][1], n);
		return (int)n;
	}
	return -1;
}

static enum record_result imp(const char *v, struct record *r, char *err)
{
	return record_parse_import(v, strlen(v), "", fetch, NULL, r, err, 128);
}

TEST(import_own_items_win)
{
	struct record r;
	char err[128];

	ASSERT_EQ(RECORD_OK, imp("{\"import\":\"d/base\",\"ip\":\"192.0.2.1\"}",
				 &r, err));
	EXPECT_EQ(7, r.port);			/* from d/base */
	EXPECT_EQ(1, r.addrs[0].addr[3]);	/* our own ip */
	EXPECT_STREQ("", r.warn);
}

TEST(import_loop_and_depth_are_skipped)
{
	struct record r;
	char err[128];

	ASSERT_EQ(RECORD_OK, imp("{\"import\":\"d/loop-a\",\"ip\":\"192.0.2.1\"}",
				 &r, err));
	EXPECT_NE(NULL, strstr(r.warn, "import d/loop-a: a loop"));
	/* c1 -> c2 -> c3 -> c4 is 4 levels; c5 would be the fifth. */
	EXPECT_EQ(RECORD_NO_MINIMALT, imp("{\"import\":\"d/c1\","
					  "\"ip\":\"192.0.2.1\"}", &r, err));
	EXPECT_NE(NULL, strstr(r.warn, "import d/c5: deeper than 4"));
	ASSERT_EQ(RECORD_OK, imp("{\"import\":\"d/c2\",\"ip\":\"192.0.2.1\"}",
				 &r, err));
}

TEST(import_list_with_subdomain_and_bad_items)
{
	struct record r;
	char err[128];

	ASSERT_EQ(RECORD_OK, imp("{\"import\":[[\"d/sub\",\"www\"],\"d/none\","
				 "\"d/junk\",5],\"ip\":\"192.0.2.1\"}", &r, err));
	EXPECT_EQ(7, r.port);
	EXPECT_NE(NULL, strstr(r.warn, "import d/none: cannot be fetched"));
	EXPECT_NE(NULL, strstr(r.warn, "import d/junk: not a JSON object"));
	EXPECT_NE(NULL, strstr(r.warn, "import[3]: not a name"));
}

TEST(import_without_a_node)
{
	struct record r;
	char err[128];

	EXPECT_EQ(RECORD_NO_MINIMALT, sub("{\"import\":\"d/base\"}", "", &r, err));
	EXPECT_STREQ("import d/base: no node to ask", r.warn);
}

TEST(publish_value_merges_and_round_trips)
{
	static const char old[] = "{\"ip\":\"192.0.2.7\",\"email\":\"a@b.c\","
				  "\"minimalT\":{\"port\":1}}";
	uint8_t id[RECORD_KEY_LEN], eph[RECORD_KEY_LEN];
	struct record r;
	char err[200];
	char *v;

	memset(id, 0x11, sizeof(id));
	memset(eph, 0x22, sizeof(eph));
	v = record_publish_value(old, strlen(old), 4747, id, eph, NULL, err,
				 sizeof(err));
	ASSERT_NE(NULL, v);
	/* Other items kept, minimalT replaced whole. */
	EXPECT_NE(NULL, strstr(v, "\"email\":\"a@b.c\""));
	EXPECT_NE(NULL, strstr(v, "\"ip\":\"192.0.2.7\""));
	EXPECT_EQ(RECORD_OK, record_parse(v, strlen(v), &r, err, sizeof(err)));
	EXPECT_EQ(4747, r.port);
	EXPECT_EQ(0, memcmp(r.id_key, id, sizeof(id)));
	EXPECT_EQ(0, memcmp(r.eph_key, eph, sizeof(eph)));
	EXPECT_EQ(1, r.n_addrs);	/* the record's own ip */
	free(v);

	v = record_publish_value("", 0, 1, id, eph, "2001:db8::1", err,
				 sizeof(err));
	ASSERT_NE(NULL, v);
	EXPECT_EQ(RECORD_OK, record_parse(v, strlen(v), &r, err, sizeof(err)));
	EXPECT_EQ(AF_INET6, r.addrs[0].family);
	free(v);
}

TEST(publish_value_refusals)
{
	uint8_t id[RECORD_KEY_LEN] = { 1 }, eph[RECORD_KEY_LEN] = { 2 };
	char big[600], err[200];

	EXPECT_EQ(NULL, record_publish_value("[1]", 3, 1, id, eph, NULL, err,
					     sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "not a JSON object"));
	EXPECT_EQ(NULL, record_publish_value("{\"a\":1,\"a\":2}", 13, 1, id,
					     eph, NULL, err, sizeof(err)));
	/* 520 bytes is the wallet's limit: other items leave no room. */
	snprintf(big, sizeof(big), "{\"info\":\"%0400d\"}", 0);
	EXPECT_EQ(NULL, record_publish_value(big, strlen(big), 1, id, eph,
					     NULL, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "more than the 520"));
}

TEST_HARNESS_MAIN
