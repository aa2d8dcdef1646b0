// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the record parser (record.c, domain.c, domain_import.c):
 * the minimalT object of a d/ value.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
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
	/* A malformed item is a warning, the rest still read (IFA-0001). */
	EXPECT_EQ(RECORD_NO_MINIMALT, sub("{\"map\":{\"\":5}}", "", &r, err));
	EXPECT_STREQ("map.\"\": neither an object nor a string", r.warn);
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
	{ "d/ip1", "{\"ip\":\"192.0.2.11\"}" },
	{ "d/ip2", "{\"ip\":\"192.0.2.12\"}" },
	{ "d/mapimp", "{\"map\":{\"www\":{\"import\":\"d/base\"}}}" },
	{ "d/nsrec", "{\"ns\":[\"ns1.example.\"]}" },
};

/* Names served, and how often each was asked. */
struct db {
	const char *const (*names)[2];
	size_t n;
	int calls[128];
	int total;
};

static int fetch(const char *name, char *buf, size_t len, char *why,
		 size_t whylen, void *ctx)
{
	static struct db fixed = { .names = names,
				  .n = sizeof(names) / sizeof(names[0]) };
	struct db *db = ctx ? ctx : &fixed;
	size_t i, n;

	db->total++;
	if (!strcmp(name, "d/down")) {
		snprintf(why, whylen, "node down");
		return RECORD_FETCH_TRANSIENT;
	}
	for (i = 0; i < db->n; i++) {
		if (strcmp(db->names[i][0], name))
			continue;
		db->calls[i]++;
		n = strlen(db->names[i][1]);
		if (n > len)
			return RECORD_FETCH_SKIP;
		memcpy(buf, db->names[i][1], n);
		return (int)n;
	}
	snprintf(why, whylen, "no such name");
	return RECORD_FETCH_SKIP;
}

static enum record_result imp(const char *v, struct record *r, char *err)
{
	return record_parse_import(v, strlen(v), "", fetch, NULL, r, err, 128);
}

static enum record_result imp_sub(const char *v, const char *name,
				  struct db *db, struct record *r, char *err)
{
	return record_parse_import(v, strlen(v), name, fetch, db, r, err, 128);
}

/* r holds exactly the IPv4 addresses 192.0.2.<a[i]>, in order. */
static int v4s(const struct record *r, const int *a, unsigned int n)
{
	unsigned int i;

	if (r->n_addrs != n)
		return 0;
	for (i = 0; i < n; i++)
		if (r->addrs[i].family != AF_INET ||
		    memcmp(r->addrs[i].addr, "\xc0\x00\x02", 3) ||
		    r->addrs[i].addr[3] != a[i])
			return 0;
	return 1;
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

	/* A list of lists: each one import (a mixed list imports nothing). */
	ASSERT_EQ(RECORD_OK, imp("{\"import\":[[\"d/sub\",\"www\"],[\"d/none\"],"
				 "[\"d/junk\"],[5]],\"ip\":\"192.0.2.1\"}", &r, err));
	EXPECT_EQ(7, r.port);
	EXPECT_NE(NULL, strstr(r.warn, "import d/none: no such name"));
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

/* Issue 9, point 3: which addresses a record installs. */

TEST(null_means_absent)
{
	static const int nine[] = { 9 };
	struct record r;
	char err[128];

	/* "ip": null is no ip: the ip6 serves, the record is valid. */
	ASSERT_EQ(RECORD_OK, sub("{" MT ",\"ip\":null,\"ip6\":\"2001:db8::5\","
				 "\"ns\":null,\"alias\":null,\"map\":null,"
				 "\"import\":null,\"delegate\":null}", "", &r, err));
	ASSERT_EQ(1, r.n_addrs);
	EXPECT_EQ(AF_INET6, r.addrs[0].family);
	EXPECT_STREQ("", r.warn);
	/* minimalT's own "ip": null leaves the record's ip to serve. */
	ASSERT_EQ(RECORD_OK, sub("{\"ip\":\"192.0.2.9\",\"minimalT\":{\"port\":7,"
				 "\"id_key\":\"" ID "\",\"eph_key\":\"" EPH
				 "\",\"ip\":null}}", "", &r, err));
	EXPECT_TRUE(v4s(&r, nine, 1));
	/* But a null still hides the imported item: no ip from d/base. */
	EXPECT_EQ(RECORD_INVALID, imp("{\"import\":\"d/base\",\"ip\":null}",
				      &r, err));
	EXPECT_STREQ("minimalT: no address (no ip/ip6 in it nor in the record)",
		     err);
}

TEST(invalid_address_entries_are_skipped)
{
	static const int one[] = { 1 }, four[] = { 4 };
	struct record r;
	char err[128];

	/* The valid entry is kept, before or after the bad ones. */
	ASSERT_EQ(RECORD_OK, sub("{" MT ",\"ip\":[\"site\",\"192.0.2.1\",7,"
				 "\"192.0.2.001\"],\"ip6\":[\"::ffff:192.0.2.3\","
				 "\"2001:db8::2\",\"x\"]}", "", &r, err));
	ASSERT_EQ(2, r.n_addrs);
	EXPECT_EQ(1, r.addrs[0].addr[3]);
	EXPECT_EQ(AF_INET6, r.addrs[1].family);
	EXPECT_EQ(2, r.addrs[1].addr[15]);
	EXPECT_NE(NULL, strstr(r.warn, "ip[0]: \"site\" is not an IPv4 address"));
	EXPECT_NE(NULL, strstr(r.warn, "ip[2]: not a string"));
	EXPECT_NE(NULL, strstr(r.warn, "ip[3]: \"192.0.2.001\""));
	EXPECT_NE(NULL, strstr(r.warn, "ip6[0]: \"::ffff:192.0.2.3\""));
	ASSERT_EQ(RECORD_OK, sub("{" MT ",\"ip\":[\"192.0.2.1\",\"site\"]}", "",
				 &r, err));
	EXPECT_TRUE(v4s(&r, one, 1));
	/* An IPv4-mapped literal in "ip" is IPv4, as ncdns reads it. */
	ASSERT_EQ(RECORD_OK, sub("{" MT ",\"ip\":\"::ffff:192.0.2.4\"}", "",
				 &r, err));
	EXPECT_TRUE(v4s(&r, four, 1));
	/* Nothing valid: no address, each entry warned. */
	EXPECT_EQ(RECORD_INVALID, sub("{" MT ",\"ip\":{}}", "", &r, err));
	EXPECT_STREQ("ip: neither an address nor a list", r.warn);
}

#define MT_IP	"\"minimalT\":{\"port\":7,\"id_key\":\"" ID \
		"\",\"eph_key\":\"" EPH "\",\"ip\":\"198.51.100.1\"}"

TEST(suppression_by_ns_translate_alias)
{
	static const int five[] = { 5 };
	struct record r;
	char err[160];

	/* ns at the level: the record's ip is not used... */
	EXPECT_EQ(RECORD_INVALID, sub("{" MT ",\"ip\":\"192.0.2.5\","
				      "\"ns\":[\"ns1.example.\"]}", "", &r, err));
	EXPECT_STREQ("minimalT: no address (the record's ip/ip6 are not used under \"ns\")",
		     err);
	/* ...minimalT's own still is, and only it. */
	ASSERT_EQ(RECORD_OK, sub("{" MT_IP ",\"ip\":\"192.0.2.5\","
				 "\"ns\":\"ns1.example.\"}", "", &r, err));
	ASSERT_EQ(1, r.n_addrs);
	EXPECT_EQ(198, r.addrs[0].addr[0]);
	/* "dns" is "ns" too; an empty ns list suppresses nothing (ncdns). */
	EXPECT_EQ(RECORD_INVALID, sub("{" MT ",\"ip\":\"192.0.2.5\","
				      "\"dns\":[\"a.\"]}", "", &r, err));
	ASSERT_EQ(RECORD_OK, sub("{" MT ",\"ip\":\"192.0.2.5\",\"ns\":[]}", "",
				 &r, err));
	EXPECT_TRUE(v4s(&r, five, 1));
	/* Below ns: suppressed, except the glue that ns names. */
	EXPECT_EQ(RECORD_INVALID, sub("{\"ns\":[\"ns1\"],\"map\":{\"www\":{" MT
				      ",\"ip\":\"192.0.2.5\"}}}", "www", &r, err));
	ASSERT_EQ(RECORD_OK, sub("{\"ns\":[\"ns1\"],\"map\":{\"ns1\":{" MT
				 ",\"ip\":\"192.0.2.5\"}}}", "ns1", &r, err));
	EXPECT_TRUE(v4s(&r, five, 1));
	/* translate: at and below. */
	EXPECT_EQ(RECORD_INVALID, sub("{" MT ",\"ip\":\"192.0.2.5\","
				      "\"translate\":\"other.bit.\"}", "", &r, err));
	EXPECT_EQ(RECORD_INVALID, sub("{\"translate\":\"other.bit.\",\"map\":"
				      "{\"www\":{" MT ",\"ip\":\"192.0.2.5\"}}}",
				      "www", &r, err));
	EXPECT_NE(NULL, strstr(err, "under \"translate\""));
	/* alias: at that level only. */
	EXPECT_EQ(RECORD_INVALID, sub("{" MT ",\"ip\":\"192.0.2.5\","
				      "\"alias\":\"www\"}", "", &r, err));
	EXPECT_NE(NULL, strstr(err, "under \"alias\""));
	ASSERT_EQ(RECORD_OK, sub("{\"alias\":\"www\",\"map\":{\"www\":{" MT
				 ",\"ip\":\"192.0.2.5\"}}}", "www", &r, err));
	EXPECT_TRUE(v4s(&r, five, 1));
	/* An alias that is not a name is ignored, with a warning. */
	ASSERT_EQ(RECORD_OK, sub("{" MT ",\"ip\":\"192.0.2.5\","
				 "\"alias\":\"a b\"}", "", &r, err));
	EXPECT_STREQ("alias: not a valid name", r.warn);
	/* An imported ns suppresses as well. */
	EXPECT_EQ(RECORD_INVALID, imp("{\"import\":\"d/nsrec\"," MT
				      ",\"ip\":\"192.0.2.5\"}", &r, err));
}

TEST(delegate_is_not_supported)
{
	struct record r;
	char err[160];

	EXPECT_EQ(RECORD_INVALID, imp("{\"delegate\":\"d/base\"," MT
				      ",\"ip\":\"192.0.2.5\"}", &r, err));
	EXPECT_STREQ("minimalT: no address (the record's ip/ip6 are not used under \"delegate\")",
		     err);
	EXPECT_STREQ("delegate: not supported", r.warn);
	ASSERT_EQ(RECORD_OK, imp("{\"delegate\":[\"d/base\"]," MT_IP
				 ",\"ip\":\"192.0.2.5\"}", &r, err));
	ASSERT_EQ(1, r.n_addrs);
	EXPECT_EQ(198, r.addrs[0].addr[0]);
}

TEST(import_in_every_object)
{
	static const int nine[] = { 9 };
	struct record r;
	char err[128];

	/* In a map entry, in map."", and in an imported value's map. */
	ASSERT_EQ(RECORD_OK, imp_sub("{\"map\":{\"www\":{\"import\":\"d/base\"}}}",
				     "www", NULL, &r, err));
	EXPECT_TRUE(v4s(&r, nine, 1));
	ASSERT_EQ(RECORD_OK, imp_sub("{\"map\":{\"\":{\"import\":\"d/base\"}}}",
				     "", NULL, &r, err));
	EXPECT_TRUE(v4s(&r, nine, 1));
	ASSERT_EQ(RECORD_OK, imp_sub("{\"import\":\"d/mapimp\"}", "www", NULL,
				     &r, err));
	EXPECT_TRUE(v4s(&r, nine, 1));
	EXPECT_STREQ("", r.warn);
	/* The entry's own items win over what it imports. */
	ASSERT_EQ(RECORD_OK, imp_sub("{\"map\":{\"www\":{\"import\":\"d/base\","
				     "\"ip\":\"192.0.2.1\"}}}", "www", NULL, &r,
				     err));
	EXPECT_EQ(1, r.addrs[0].addr[3]);
}

TEST(import_forms_as_ncdns_reads_them)
{
	static const int twelve[] = { 12 }, eleven[] = { 11 };
	struct record r;
	char err[128];

	/* Two strings: ONE import, of www under d/sub. */
	ASSERT_EQ(RECORD_OK, imp("{\"import\":[\"d/sub\",\"www\"],"
				 "\"ip\":\"192.0.2.1\"}", &r, err));
	EXPECT_EQ(7, r.port);
	EXPECT_STREQ("", r.warn);
	/* So two names are a name and a (missing) subdomain. */
	EXPECT_EQ(RECORD_NO_MINIMALT, imp("{\"import\":[\"d/base\",\"d/sub\"],"
					  "\"ip\":\"192.0.2.1\"}", &r, err));
	EXPECT_STREQ("import d/base: no subdomain \"d/sub\"", r.warn);
	/* Three strings, or a mixed list: nothing imported, warned. */
	EXPECT_EQ(RECORD_NO_MINIMALT, imp("{\"import\":[\"d/base\",\"d/a\","
					  "\"d/b\"]}", &r, err));
	EXPECT_STREQ("import: 3 items, not [name] or [name, subdomain]",
		     r.warn);
	EXPECT_EQ(RECORD_NO_MINIMALT, imp("{\"import\":[\"d/base\",[\"d/a\"]]}",
					  &r, err));
	EXPECT_STREQ("import: a list mixing names and lists", r.warn);
	/* Each import over the one before; the object's own over all. */
	ASSERT_EQ(RECORD_OK, imp("{\"import\":[[\"d/ip1\"],[\"d/ip2\"]]," MT "}",
				 &r, err));
	EXPECT_TRUE(v4s(&r, twelve, 1));
	ASSERT_EQ(RECORD_OK, imp("{\"import\":[[\"d/ip2\"],[\"d/ip1\"]]," MT "}",
				 &r, err));
	EXPECT_TRUE(v4s(&r, eleven, 1));
	/* The subdomain is looked up exactly: no "*" (ncdns). */
	EXPECT_EQ(RECORD_NO_MINIMALT, imp("{\"import\":[[\"d/sub\",\"ftp\"]]}",
					  &r, err));
	EXPECT_STREQ("import d/sub: no subdomain \"ftp\"", r.warn);
}

TEST(wildcard_covers_deeper_names_as_dns_does)
{
	static const int six[] = { 6 };
	struct record r;
	char err[128];

	ASSERT_EQ(RECORD_OK, sub("{\"map\":{\"*\":{" MT ",\"ip\":\"192.0.2.6\"}}}",
				 "a.b", &r, err));
	EXPECT_TRUE(v4s(&r, six, 1));
	/* The "*" entry answers; its own map is not walked further. */
	ASSERT_EQ(RECORD_OK, sub("{\"map\":{\"*\":{" MT ",\"ip\":\"192.0.2.6\","
				 "\"map\":{\"a\":{" MT ",\"ip\":\"192.0.2.7\"}}}}}",
				 "a.b", &r, err));
	EXPECT_TRUE(v4s(&r, six, 1));
	/* A label that exists stops it (RFC 4592's closest encloser). */
	EXPECT_EQ(RECORD_NO_MINIMALT, sub("{\"map\":{\"*\":{" MT ",\"ip\":"
					  "\"192.0.2.6\"},\"www\":{}}}", "a.www",
					  &r, err));
	EXPECT_STREQ("map.a: no such subdomain", err);
	/* An exact label wins over "*". */
	ASSERT_EQ(RECORD_OK, sub("{\"map\":{\"*\":{" MT ",\"ip\":\"192.0.2.7\"},"
				 "\"b\":{" MT ",\"ip\":\"192.0.2.6\"}}}", "b",
				 &r, err));
	EXPECT_TRUE(v4s(&r, six, 1));
}

/* Point 1: the work of one lookup is bounded; point 4: fetch outcomes. */

TEST(import_budget_counts_siblings)
{
	char v[600], vals[20][40], nm[20][8];
	const char *table[20][2];
	struct db db = { .names = table, .n = 20 };
	struct record r;
	char err[128];
	size_t n;
	int i;

	n = (size_t)snprintf(v, sizeof(v), "{" MT ",\"import\":[");
	for (i = 0; i < 20; i++) {
		snprintf(nm[i], sizeof(nm[i]), "d/i%d", i);
		snprintf(vals[i], sizeof(vals[i]), "{\"ip\":\"192.0.2.%d\"}",
			 i + 1);
		table[i][0] = nm[i];
		table[i][1] = vals[i];
		n += (size_t)snprintf(v + n, sizeof(v) - n, "%s[\"%s\"]",
				      i ? "," : "", nm[i]);
	}
	snprintf(v + n, sizeof(v) - n, "]}");
	ASSERT_EQ(RECORD_OK, imp_sub(v, "", &db, &r, err));
	EXPECT_EQ(RECORD_IMPORT_FETCHES, db.total);
	/* The last one fetched, d/i15, came last and won. */
	EXPECT_EQ(16, r.addrs[0].addr[3]);
	EXPECT_NE(NULL, strstr(r.warn, "import d/i16: skipped, over 16 imports"));
}

/*
 * Five names, each importing the next K times: K+K^2+K^3+K^4 fetches
 * before. As a list of strings (K=70 fits 520 bytes) it is one malformed
 * import; as a list of lists (K=60 fits) each name is fetched once.
 */
static void fan_out(struct __test_metadata *_metadata, int k, bool lists)
{
	static char vals[5][600];
	static char nm[5][8];
	const char *table[5][2];
	struct db db = { .names = table, .n = 5 };
	struct record r;
	char err[128];
	size_t n;
	int i, j;

	for (i = 0; i < 5; i++) {
		snprintf(nm[i], sizeof(nm[i]), "d/%c", 'a' + i);
		table[i][0] = nm[i];
		table[i][1] = vals[i];
	}
	for (i = 0; i < 4; i++) {
		n = (size_t)snprintf(vals[i], sizeof(vals[i]), "{\"import\":[");
		for (j = 0; j < k; j++)
			n += (size_t)snprintf(vals[i] + n, sizeof(vals[i]) - n,
					      lists ? "%s[\"%s\"]" : "%s\"%s\"",
					      j ? "," : "", nm[i + 1]);
		snprintf(vals[i] + n, sizeof(vals[i]) - n, "]}");
		ASSERT_GE(520, strlen(vals[i]));	/* a wallet's limit */
	}
	snprintf(vals[4], sizeof(vals[4]), "{" MT ",\"ip\":\"192.0.2.1\"}");
	ASSERT_GE(520, strlen(vals[4]));
	r.port = 0;
	if (lists) {
		ASSERT_EQ(RECORD_OK, imp_sub(vals[0], "", &db, &r, err));
		EXPECT_EQ(7, r.port);
		EXPECT_EQ(4, db.total);
		/* A name already imported here is not imported again. */
		EXPECT_STREQ("", r.warn);
		for (i = 1; i < 5; i++)
			EXPECT_EQ(1, db.calls[i]);
	} else {
		ASSERT_EQ(RECORD_NO_MINIMALT, imp_sub(vals[0], "", &db, &r, err));
		EXPECT_EQ(0, db.total);
		EXPECT_NE(NULL, strstr(r.warn, "70 items, not [name]"));
	}
	EXPECT_GE(RECORD_IMPORT_FETCHES, db.total);
}

TEST(fan_out_costs_each_name_once)
{
	fan_out(_metadata, 70, false);
	fan_out(_metadata, 60, true);
}

TEST(each_name_fetched_once_per_call)
{
	static const char *const one[][2] = {
		{ "d/base", "{" MT ",\"ip\":\"192.0.2.9\"}" },
	};
	struct db db = { .names = one, .n = 1 };
	struct record r;
	char err[128];

	/* Imported at the top and again in the map entry asked. */
	ASSERT_EQ(RECORD_OK, imp_sub("{\"import\":\"d/base\",\"map\":{\"www\":"
				     "{\"import\":\"d/base\"},\"\":{\"import\":"
				     "[[\"d/base\"]]}}}", "www", &db, &r, err));
	EXPECT_EQ(1, db.total);
	EXPECT_EQ(9, r.addrs[0].addr[3]);
	/* Map entries not on the way are not read at all. */
	db.total = 0;
	ASSERT_EQ(RECORD_OK, imp_sub("{\"import\":\"d/base\",\"map\":{\"ftp\":"
				     "{\"import\":\"d/other\"}}}", "", &db, &r,
				     err));
	EXPECT_EQ(1, db.total);
}

TEST(fetch_skip_and_transient)
{
	struct record r;
	char err[128];

	ASSERT_EQ(RECORD_OK, imp("{\"import\":[[\"d/gone\"],[\"d/base\"]]}",
				 &r, err));
	EXPECT_STREQ("import d/gone: no such name", r.warn);
	EXPECT_EQ(RECORD_TRANSIENT, imp("{\"import\":[[\"d/base\"],[\"d/down\"]],"
					MT ",\"ip\":\"192.0.2.1\"}", &r, err));
	EXPECT_STREQ("import d/down: node down", err);
	EXPECT_EQ(0, r.port);
	/* Deep inside a map entry's import too. */
	EXPECT_EQ(RECORD_TRANSIENT, imp_sub("{\"map\":{\"www\":{\"import\":"
					    "\"d/down\"}}}", "www", NULL, &r,
					    err));
}

TEST(ifa_0001_names)
{
	char out[128], err[128];

	EXPECT_EQ(-1, record_dir_name("d/123", out, sizeof(out), err, 128));
	EXPECT_STREQ("name: \"d/123\": wholly numeric, which IFA-0001 reserves",
		     err);
	ASSERT_EQ(0, record_dir_name("d/123four", out, sizeof(out), err, 128));
	EXPECT_STREQ("123four.bit", out);
	EXPECT_EQ(-1, record_dir_name("d/a--b", out, sizeof(out), err, 128));
	EXPECT_NE(NULL, strstr(err, "\"--\""));
	EXPECT_EQ(-1, record_dir_name("d/xn---a", out, sizeof(out), err, 128));
	ASSERT_EQ(0, record_dir_name("d/xn--bcher-kva", out, sizeof(out), err,
				     128));
}

TEST_HARNESS_MAIN
