// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of `mltctl dir` and `mltctl eph` without a kernel: the
 * argument parsing of dir add and eph rotate with every error message, the
 * DIR_ADD request, DIR_GET / EPH_ROTATE / EPH_GET replies built as
 * kernel/netlink.c builds them, both output forms, NLMSG_DONE parsing and
 * the small helpers (parse_uint, quote_arg).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/minimalt.h>

#include <jansson.h>
#include <sodium.h>

/* kernel/name.h first: its kcompat ARRAY_SIZE is unguarded, kselftest's is. */
#include "name.h"

#include "kselftest_harness.h"

#include "mltnl.h"
#include "../dir.h"
#include "../eph.h"
#include "../key.h"
#include "../mltctl.h"
#include "../print.h"

#define FAMILY_ID	0x1c

/* Keys of one repeated byte, and their base64. */
#define K11	"ERERERERERERERERERERERERERERERERERERERERERE="
#define KA0	"oKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKA="
#define KA1	"oaGhoaGhoaGhoaGhoaGhoaGhoaGhoaGhoaGhoaGhoaE="
#define KA2	"oqKioqKioqKioqKioqKioqKioqKioqKioqKioqKioqI="
#define KA3	"o6Ojo6Ojo6Ojo6Ojo6Ojo6Ojo6Ojo6Ojo6Ojo6Ojo6M="
#define K5A	"WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlo="
#define KZERO	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

static void __attribute__((constructor)) init_sodium(void)
{
	if (sodium_init() < 0)
		abort();
}

static int key_is(const uint8_t *key, uint8_t byte)
{
	size_t i;

	for (i = 0; i < KEY_LEN; i++)
		if (key[i] != byte)
			return 0;
	return 1;
}

/* What the commands print, through print.h, into a string. */
#define PRINT_TO_STRING(json, call) ({ \
	char *_s = NULL; \
	size_t _len = 0; \
	FILE *_f = open_memstream(&_s, &_len); \
	if (!_f) \
		abort(); \
	print_start(_f, json); \
	call; \
	if (print_end("test") != MLTCTL_EXIT_OK) \
		abort(); \
	fclose(_f); \
	_s; \
})

/* The JSON form, parsed back: a new reference, or NULL. */
static json_t *json_of(char *text)
{
	json_t *root = json_loads(text, 0, NULL);

	free(text);
	return root;
}

static json_t *dir_json(const struct mltnl_dir_entry *d, size_t n)
{
	return json_of(PRINT_TO_STRING(true, dir_print(d, n)));
}

static json_t *eph_json(const struct mltnl_eph *k, size_t n)
{
	return json_of(PRINT_TO_STRING(true, eph_print(k, n)));
}

/* The request dir add sends for a. */
static void dir_add_put(struct nlmsghdr *nlh, const struct dir_add_args *a)
{
	mltnl_put_dir_entry(nlh, &a->e, a->replace ? MLTNL_DIR_REPLACE : 0);
}

/* --- dir add argument parsing ------------------------------------------- */

struct parsed {
	int ret;
	struct dir_add_args a;
	char msg[DIR_MSG_MAX];
};

/* dir_add_parse() of "add" and the given arguments (NULL-terminated). */
static void parse(struct parsed *p, ...)
{
	char *argv[32] = { "add" };
	int argc = 1;
	va_list ap;

	va_start(ap, p);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	p->ret = dir_add_parse(argc, argv, &p->a, p->msg, sizeof(p->msg));
}

TEST(add_minimal)
{
	struct parsed p;

	parse(&p, "example.bit", "addr", "192.0.2.7", "port", "4433",
	      "identity", K11, "eph", KA0, NULL);
	ASSERT_EQ(0, p.ret) {
		TH_LOG("%s", p.msg);
	}
	EXPECT_FALSE(p.a.help);
	EXPECT_FALSE(p.a.replace);
	EXPECT_STREQ("example.bit", p.a.e.name);
	ASSERT_EQ(1, p.a.e.n_addrs);
	EXPECT_EQ(4, p.a.e.addrs[0].len);
	EXPECT_EQ(0, memcmp("\xc0\x00\x02\x07", p.a.e.addrs[0].bytes, 4));
	EXPECT_EQ(4433, p.a.e.port);
	EXPECT_TRUE(key_is(p.a.e.identity, 0x11));
	ASSERT_EQ(1, p.a.e.n_eph);
	EXPECT_TRUE(key_is(p.a.e.eph[0], 0xa0));
	EXPECT_EQ(0, p.a.e.lifetime);
	EXPECT_STREQ("", p.msg);
}

TEST(add_any_order_all_keywords)
{
	struct parsed p;
	struct in6_addr v6;

	parse(&p, "a-1.b2", "replace", "lifetime", "2592000",
	      "eph", KA0 "," KA1 "," KA2 "," KA3, "identity", K5A,
	      "port", "65535",
	      "addr", "2001:db8::1,10.0.0.1,::ffff:1.2.3.4,1.1.1.1,2.2.2.2,"
		      "3.3.3.3,4.4.4.4,::", NULL);
	ASSERT_EQ(0, p.ret) {
		TH_LOG("%s", p.msg);
	}
	EXPECT_TRUE(p.a.replace);
	EXPECT_EQ(MLT_DIR_LIFETIME_MAX, p.a.e.lifetime);
	EXPECT_EQ(65535, p.a.e.port);
	EXPECT_TRUE(key_is(p.a.e.identity, 0x5a));
	ASSERT_EQ(MLT_DIR_EPH_KEYS_MAX, p.a.e.n_eph);
	EXPECT_TRUE(key_is(p.a.e.eph[0], 0xa0));
	EXPECT_TRUE(key_is(p.a.e.eph[3], 0xa3));
	ASSERT_EQ(MLT_DIR_ADDRS_MAX, p.a.e.n_addrs);
	EXPECT_EQ(16, p.a.e.addrs[0].len);
	inet_pton(AF_INET6, "2001:db8::1", &v6);
	EXPECT_EQ(0, memcmp(&v6, p.a.e.addrs[0].bytes, 16));
	EXPECT_EQ(4, p.a.e.addrs[1].len);
	/* A v4-mapped address stays what it was written as: 16 bytes. */
	EXPECT_EQ(16, p.a.e.addrs[2].len);
	EXPECT_EQ(16, p.a.e.addrs[7].len);
}

TEST(add_lifetime_min_port_min)
{
	struct parsed p;

	parse(&p, "x", "port", "1", "addr", "::1", "lifetime", "1",
	      "identity", K11, "eph", KA1, NULL);
	ASSERT_EQ(0, p.ret);
	EXPECT_EQ(1, p.a.e.port);
	EXPECT_EQ(1, p.a.e.lifetime);
	/* The longest address text there is (INET6_ADDRSTRLEN - 1), and zeros. */
	parse(&p, "x", "port", "1", "identity", K11, "eph", KA1, "addr",
	      "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255,"
	      "0000:0000:0000:0000:0000:0000:0000:0000", NULL);
	ASSERT_EQ(0, p.ret) {
		TH_LOG("%s", p.msg);
	}
	EXPECT_EQ(16, p.a.e.addrs[0].len);
	EXPECT_EQ(16, p.a.e.addrs[1].len);
}

TEST(add_help)
{
	struct parsed p;

	parse(&p, "-h", NULL);
	EXPECT_EQ(0, p.ret);
	EXPECT_TRUE(p.a.help);
	parse(&p, "x", "port", "--help", NULL);
	EXPECT_EQ(0, p.ret);
	EXPECT_TRUE(p.a.help);
}

/* Every error of dir add: the arguments after "add" and the exact line. */
static const struct {
	const char *args[16];
	const char *msg;
} add_errors[] = {
	{ { NULL }, "dir add: missing argument NAME (try 'mltctl dir add -h')" },
	{ { "addr", "192.0.2.1", NULL },
	  "dir add: missing argument NAME before 'addr' (try 'mltctl dir add -h')" },
	{ { "replace", NULL },
	  "dir add: missing argument NAME before 'replace' (try 'mltctl dir add -h')" },
	/* The kernel's name rules, in the kernel's words. */
	{ { "", NULL }, "dir add: name: \"\": name is empty" },
	{ { "Example.bit", NULL },
	  "dir add: name: \"Example.bit\": name has an uppercase letter" },
	{ { "ex_ample.bit", NULL },
	  "dir add: name: \"ex_ample.bit\": name has a character other than a-z, 0-9, '-', '.'" },
	{ { "ex\xc3\xa9.bit", NULL },
	  "dir add: name: \"ex\\xc3\\xa9.bit\": name has a character other than a-z, 0-9, '-', '.'" },
	{ { "ex ample", NULL },
	  "dir add: name: \"ex ample\": name has a character other than a-z, 0-9, '-', '.'" },
	{ { ".bit", NULL }, "dir add: name: \".bit\": name has an empty label" },
	{ { "example.", NULL }, "dir add: name: \"example.\": name has an empty label" },
	{ { "a..b", NULL }, "dir add: name: \"a..b\": name has an empty label" },
	{ { "-a.bit", NULL }, "dir add: name: \"-a.bit\": a label starts with '-'" },
	{ { "a.-b", NULL }, "dir add: name: \"a.-b\": a label starts with '-'" },
	{ { "a-.bit", NULL }, "dir add: name: \"a-.bit\": a label ends with '-'" },
	{ { "a.b-", NULL }, "dir add: name: \"a.b-\": a label ends with '-'" },
	{ { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bit",
	    NULL },
	  "dir add: name: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"...: a label is longer than 63 bytes" },
	{ { "a.\"q\"", NULL },
	  "dir add: name: \"a.\\\"q\\\"\": name has a character other than a-z, 0-9, '-', '.'" },
	/* Keywords and values. */
	{ { "x", "bogus", NULL },
	  "dir add: unknown keyword 'bogus' (try 'mltctl dir add -h')" },
	{ { "x", "ADDR", "1.2.3.4", NULL },
	  "dir add: unknown keyword 'ADDR' (try 'mltctl dir add -h')" },
	{ { "x", "addr", NULL }, "dir add: addr: missing value IP[,IP...]" },
	{ { "x", "addr", "port", "1", NULL },
	  "dir add: addr: missing value IP[,IP...]" },
	{ { "x", "port", NULL }, "dir add: port: missing value PORT" },
	{ { "x", "identity", NULL }, "dir add: identity: missing value KEY" },
	{ { "x", "eph", "replace", NULL },
	  "dir add: eph: missing value KEY[,KEY...]" },
	{ { "x", "lifetime", NULL }, "dir add: lifetime: missing value SECONDS" },
	{ { "x", "port", "1", "port", "2", NULL }, "dir add: port: given twice" },
	{ { "x", "replace", "replace", NULL }, "dir add: replace: given twice" },
	{ { "x", "addr", "1.2.3", NULL },
	  "dir add: addr: \"1.2.3\" is not an IPv4 or IPv6 address" },
	{ { "x", "addr", "1.2.3.256", NULL },
	  "dir add: addr: \"1.2.3.256\" is not an IPv4 or IPv6 address" },
	{ { "x", "addr", "example.bit", NULL },
	  "dir add: addr: \"example.bit\" is not an IPv4 or IPv6 address" },
	{ { "x", "addr", "fe80::1%eth0", NULL },
	  "dir add: addr: \"fe80::1%eth0\" is not an IPv4 or IPv6 address" },
	{ { "x", "addr", "1.2.3.4,2001:db8::g", NULL },
	  "dir add: addr: \"2001:db8::g\" is not an IPv4 or IPv6 address" },
	{ { "x", "addr", "1.2.3.4 ", NULL },
	  "dir add: addr: \"1.2.3.4 \" is not an IPv4 or IPv6 address" },
	{ { "x", "addr", "1.2.3.4,0000000000000000000000000000000000000000000000000000000000000000000000000000000::1", NULL },
	  "dir add: addr: \"0000000000000000000000000000000000000000000000000000000000000000\"... is not an IPv4 or IPv6 address" },
	{ { "x", "addr", "", NULL }, "dir add: addr: address 1 is empty" },
	{ { "x", "addr", "1.2.3.4,", NULL }, "dir add: addr: address 2 is empty" },
	{ { "x", "addr", "1.2.3.4,,::1", NULL }, "dir add: addr: address 2 is empty" },
	{ { "x", "addr", "1,2,3,4,5,6,7,8,9", NULL },
	  "dir add: addr: 9 addresses, at most 8" },
	{ { "x", "port", "0", NULL },
	  "dir add: port: \"0\" is not a number from 1 to 65535" },
	{ { "x", "port", "70000", NULL },
	  "dir add: port: \"70000\" is not a number from 1 to 65535" },
	{ { "x", "port", "65536", NULL },
	  "dir add: port: \"65536\" is not a number from 1 to 65535" },
	{ { "x", "port", "-1", NULL },
	  "dir add: port: \"-1\" is not a number from 1 to 65535" },
	{ { "x", "port", "+80", NULL },
	  "dir add: port: \"+80\" is not a number from 1 to 65535" },
	{ { "x", "port", "0x50", NULL },
	  "dir add: port: \"0x50\" is not a number from 1 to 65535" },
	{ { "x", "port", "", NULL },
	  "dir add: port: \"\" is not a number from 1 to 65535" },
	{ { "x", "port", "99999999999999999999999", NULL },
	  "dir add: port: \"99999999999999999999999\" is not a number from 1 to 65535" },
	{ { "x", "identity", "xx", NULL },
	  "dir add: identity: bad base64: 2 characters are not valid padded RFC 4648 base64 (a key is 44 characters)" },
	{ { "x", "identity", "AAAAAAAAAAAAAAAAAAAAAA==", NULL },
	  "dir add: identity: wrong key length: 16 bytes, expected 32" },
	{ { "x", "identity", "ERERERERERERERERERERERERERERERERERERERERER*=", NULL },
	  "dir add: identity: bad base64: invalid character '*' at position 43 (RFC 4648 standard alphabet expected)" },
	{ { "x", "identity", "", NULL }, "dir add: identity: key is empty" },
	{ { "x", "identity", KZERO, NULL }, "dir add: identity: key is all zero" },
	{ { "x", "eph", KA0 "," KA1 "," KA2 "," KA3 "," K11, NULL },
	  "dir add: eph: 5 keys, at most 4" },
	{ { "x", "eph", KA0 ",AAAA", NULL },
	  "dir add: eph: key 2: wrong key length: 3 bytes, expected 32" },
	{ { "x", "eph", "nope", NULL },
	  "dir add: eph: key 1: wrong key length: 3 bytes, expected 32" },
	{ { "x", "eph", KA0 ",", NULL }, "dir add: eph: key 2 is empty" },
	{ { "x", "eph", "", NULL }, "dir add: eph: key 1 is empty" },
	{ { "x", "eph", KA0 "," KZERO, NULL }, "dir add: eph: key 2 is all zero" },
	{ { "x", "eph", "oKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoK-=", NULL },
	  "dir add: eph: key 1: bad base64: invalid character '-' at position 43 (RFC 4648 standard alphabet expected)" },
	{ { "x", "lifetime", "0", NULL },
	  "dir add: lifetime: \"0\" is not a number from 1 to 2592000" },
	{ { "x", "lifetime", "2592001", NULL },
	  "dir add: lifetime: \"2592001\" is not a number from 1 to 2592000" },
	{ { "x", "lifetime", "1h", NULL },
	  "dir add: lifetime: \"1h\" is not a number from 1 to 2592000" },
	/* Required keywords, reported in the order of the synopsis. */
	{ { "x", NULL },
	  "dir add: missing 'addr IP[,IP...]' (try 'mltctl dir add -h')" },
	{ { "x", "addr", "1.2.3.4", "identity", K11, "eph", KA0, NULL },
	  "dir add: missing 'port PORT' (try 'mltctl dir add -h')" },
	{ { "x", "addr", "1.2.3.4", "port", "1", "eph", KA0, NULL },
	  "dir add: missing 'identity KEY' (try 'mltctl dir add -h')" },
	{ { "x", "addr", "1.2.3.4", "port", "1", "identity", K11, "replace",
	    NULL },
	  "dir add: missing 'eph KEY[,KEY...]' (try 'mltctl dir add -h')" },
};

TEST(add_every_error)
{
	char *argv[32];
	struct dir_add_args a;
	char msg[DIR_MSG_MAX];
	size_t i;
	int argc;

	for (i = 0; i < sizeof(add_errors) / sizeof(add_errors[0]); i++) {
		argv[0] = "add";
		for (argc = 1; add_errors[i].args[argc - 1]; argc++)
			argv[argc] = (char *)add_errors[i].args[argc - 1];
		argv[argc] = NULL;
		EXPECT_EQ(-1, dir_add_parse(argc, argv, &a, msg, sizeof(msg))) {
			TH_LOG("case %zu accepted", i);
		}
		EXPECT_STREQ(add_errors[i].msg, msg) {
			TH_LOG("case %zu", i);
		}
	}
}

/* The name check is the kernel's: longest name and label pass, one more fails. */
TEST(name_limits)
{
	char name[MLT_NAME_MAX + 1], msg[DIR_MSG_MAX];
	size_t i;

	/* 63 + '.' + 55 = 119 bytes: the longest name. */
	memset(name, 'a', sizeof(name));
	name[63] = '.';
	name[MLT_NAME_MAX - 1] = '\0';
	EXPECT_EQ(119, strlen(name));
	EXPECT_EQ(0, dir_name_check("dir add", name, msg, sizeof(msg)));
	name[MLT_NAME_MAX - 1] = 'a';
	name[MLT_NAME_MAX] = '\0';
	EXPECT_EQ(-1, dir_name_check("dir add", name, msg, sizeof(msg)));
	EXPECT_NE(NULL, strstr(msg, "\"...: name is too long"));
	/* Every byte value: only [a-z0-9] pass alone. */
	for (i = 1; i < 256; i++) {
		char one[2] = { (char)i, 0 };
		int want = (i >= 'a' && i <= 'z') || (i >= '0' && i <= '9');

		EXPECT_EQ(want ? 0 : -1,
			  dir_name_check("x", one, msg, sizeof(msg))) {
			TH_LOG("byte 0x%02zx", i);
		}
		/* The text is the kernel's own. */
		if (!want)
			EXPECT_NE(NULL, strstr(msg, mlt_name_check(one, 1)));
	}
	EXPECT_EQ(0, dir_name_check("x", "0.9-9.a-b-c", msg, sizeof(msg)));
}

/* --- the DIR_ADD request ------------------------------------------------ */

static char reqbuf[1024] __attribute__((aligned(8)));

static struct nlmsghdr *request_for(struct parsed *p)
{
	struct nlmsghdr *nlh;

	memset(reqbuf, 0, sizeof(reqbuf));
	nlh = mnl_nlmsg_put_header(reqbuf);
	nlh->nlmsg_type = FAMILY_ID;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	dir_add_put(nlh, &p->a);
	return nlh;
}

TEST(add_request)
{
	const struct nlattr *attr, *item;
	struct nlmsghdr *nlh;
	unsigned int seen = 0, n;
	struct parsed p;

	parse(&p, "example.bit", "addr", "192.0.2.7,2001:db8::7", "port",
	      "4433", "identity", K11, "eph", KA0 "," KA1, "lifetime", "100",
	      "replace", NULL);
	ASSERT_EQ(0, p.ret);
	nlh = request_for(&p);
	/* Replacing is an attribute: strict genetlink refuses NLM_F_REPLACE. */
	EXPECT_FALSE(nlh->nlmsg_flags & NLM_F_REPLACE);
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case MLT_A_DIR_NAME:
			/* NUL-terminated, as NLA_NUL_STRING wants. */
			EXPECT_EQ(0, mnl_attr_validate(attr, MNL_TYPE_NUL_STRING));
			EXPECT_STREQ("example.bit", mnl_attr_get_str(attr));
			seen |= 1;
			break;
		case MLT_A_DIR_ADDRS:
			n = 0;
			mnl_attr_for_each_nested(item, attr) {
				EXPECT_EQ(MLT_ITEM_ADDR, mnl_attr_get_type(item));
				EXPECT_EQ(n ? 16 : 4, mnl_attr_get_payload_len(item));
				n++;
			}
			EXPECT_EQ(2, n);
			seen |= 2;
			break;
		case MLT_A_DIR_PORT:
			EXPECT_EQ(2, mnl_attr_get_payload_len(attr));
			EXPECT_EQ(4433, mnl_attr_get_u16(attr));
			seen |= 4;
			break;
		case MLT_A_DIR_IDENTITY:
			EXPECT_EQ(KEY_LEN, mnl_attr_get_payload_len(attr));
			EXPECT_TRUE(key_is(mnl_attr_get_payload(attr), 0x11));
			seen |= 8;
			break;
		case MLT_A_DIR_EPH_KEYS:
			n = 0;
			mnl_attr_for_each_nested(item, attr) {
				EXPECT_EQ(MLT_ITEM_KEY, mnl_attr_get_type(item));
				EXPECT_EQ(KEY_LEN, mnl_attr_get_payload_len(item));
				EXPECT_TRUE(key_is(mnl_attr_get_payload(item),
						   (uint8_t)(0xa0 + n)));
				n++;
			}
			EXPECT_EQ(2, n);
			seen |= 16;
			break;
		case MLT_A_DIR_LIFETIME:
			EXPECT_EQ(4, mnl_attr_get_payload_len(attr));
			EXPECT_EQ(100, mnl_attr_get_u32(attr));
			seen |= 32;
			break;
		case MLT_A_DIR_REPLACE:
			EXPECT_EQ(0, mnl_attr_get_payload_len(attr));
			seen |= 64;
			break;
		default:
			TH_LOG("unexpected attribute %u", mnl_attr_get_type(attr));
			seen |= 128;
			break;
		}
	}
	EXPECT_EQ(127, seen);
}

TEST(add_request_defaults)
{
	const struct nlattr *attr;
	struct nlmsghdr *nlh;
	struct parsed p;

	parse(&p, "x", "addr", "::1", "port", "1", "identity", K11, "eph", KA0,
	      NULL);
	ASSERT_EQ(0, p.ret);
	nlh = request_for(&p);
	/* No lifetime: the kernel's default applies; no replace attribute. */
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		EXPECT_NE(MLT_A_DIR_LIFETIME, mnl_attr_get_type(attr));
		EXPECT_NE(MLT_A_DIR_REPLACE, mnl_attr_get_type(attr));
	}
}

/* --- DIR_GET replies, as mlt_nl_fill_dir() builds them ------------------ */

static char msgbuf[4096] __attribute__((aligned(8)));

static struct nlmsghdr *reply_start(uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	nlh->nlmsg_type = FAMILY_ID;
	nlh->nlmsg_flags = flags;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = MLT_GENL_VERSION;
	return nlh;
}

static void put_key(struct nlmsghdr *nlh, uint16_t type, uint8_t byte)
{
	uint8_t key[KEY_LEN];

	memset(key, byte, sizeof(key));
	mnl_attr_put(nlh, type, KEY_LEN, key);
}

/* Which attributes dir_reply() leaves out or spoils. */
enum {
	NO_NAME = 1, NO_ADDRS = 2, NO_PORT = 4, NO_IDENTITY = 8, NO_EPH = 16,
	NO_LIFETIME = 32,
};

/*
 * nla_put_string(name), a nest of nla_put_in_addr / nla_put_in6_addr,
 * nla_put_u16(port), nla_put(identity), a nest of keys, nla_put_u32(left).
 */
static struct nlmsghdr *dir_reply(const char *name, uint16_t port,
				  unsigned int n_keys, uint32_t left,
				  unsigned int omit)
{
	struct nlmsghdr *nlh = reply_start(MLT_CMD_DIR_GET, 0);
	struct in6_addr v6;
	struct nlattr *nest;
	uint32_t v4 = htonl(0xc0000207);	/* 192.0.2.7 */
	unsigned int i;

	inet_pton(AF_INET6, "2001:db8::7", &v6);
	if (!(omit & NO_NAME))
		mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, name);
	if (!(omit & NO_ADDRS)) {
		nest = mnl_attr_nest_start(nlh, MLT_A_DIR_ADDRS);
		mnl_attr_put(nlh, MLT_ITEM_ADDR, 4, &v4);
		mnl_attr_put(nlh, MLT_ITEM_ADDR, 16, &v6);
		mnl_attr_nest_end(nlh, nest);
	}
	if (!(omit & NO_PORT))
		mnl_attr_put_u16(nlh, MLT_A_DIR_PORT, port);
	if (!(omit & NO_IDENTITY))
		put_key(nlh, MLT_A_DIR_IDENTITY, 0x11);
	if (!(omit & NO_EPH)) {
		nest = mnl_attr_nest_start(nlh, MLT_A_DIR_EPH_KEYS);
		for (i = 0; i < n_keys; i++)
			put_key(nlh, MLT_ITEM_KEY, (uint8_t)(0xa0 + i));
		mnl_attr_nest_end(nlh, nest);
	}
	if (!(omit & NO_LIFETIME))
		mnl_attr_put_u32(nlh, MLT_A_DIR_LIFETIME, left);
	return nlh;
}

static char *dir_human(const struct mltnl_dir_entry *d, size_t n)
{
	return PRINT_TO_STRING(false, dir_print(d, n));
}

static char *compact(json_t *root)
{
	char *s;

	if (!root)
		return NULL;
	s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	return s;
}

#define EXAMPLE_HUMAN \
	"name: example.bit\n" \
	"  addresses: 192.0.2.7, 2001:db8::7\n" \
	"  port: 4433\n" \
	"  identity: " K11 "\n" \
	"  eph keys: " KA0 ", " KA1 "\n" \
	"  expires in 99s\n"

#define EXAMPLE_JSON \
	"{\"name\":\"example.bit\"," \
	"\"addresses\":[\"192.0.2.7\",\"2001:db8::7\"]," \
	"\"port\":4433," \
	"\"identity\":\"" K11 "\"," \
	"\"eph_keys\":[\"" KA0 "\",\"" KA1 "\"]," \
	"\"expires_in\":99}"

TEST(dir_reply_full)
{
	struct mltnl_dir_entry d = { 0 };
	struct mltnl_error e = { 0 };
	char *s;

	ASSERT_EQ(0, mltnl_parse_dir_entry(dir_reply("example.bit", 4433, 2, 99, 0),
				     &d, &e)) {
		TH_LOG("%s", e.msg);
	}
	EXPECT_STREQ("example.bit", d.name);
	ASSERT_EQ(2, d.n_addrs);
	EXPECT_EQ(4, d.addrs[0].len);
	EXPECT_EQ(16, d.addrs[1].len);
	EXPECT_EQ(4433, d.port);
	EXPECT_TRUE(key_is(d.identity, 0x11));
	ASSERT_EQ(2, d.n_eph);
	EXPECT_TRUE(key_is(d.eph[1], 0xa1));
	EXPECT_EQ(99, d.lifetime);

	s = dir_human(&d, 1);
	EXPECT_STREQ(EXAMPLE_HUMAN, s);
	free(s);
	s = compact(dir_json(&d, 1));
	ASSERT_NE(NULL, s);
	EXPECT_STREQ("[" EXAMPLE_JSON "]", s);
	free(s);
}

/* A dump message (NLM_F_MULTI) parses the same; two entries print as two
 * blocks separated by a blank line, and as an array of two objects.
 */
TEST(dir_dump_two)
{
	struct mltnl_dir_entry d[2];
	struct mltnl_error e = { 0 };
	char *s;

	memset(d, 0, sizeof(d));
	ASSERT_EQ(0, mltnl_parse_dir_entry(dir_reply("z.bit", 1, 1, 5, 0), &d[0], &e));
	ASSERT_EQ(0, mltnl_parse_dir_entry(dir_reply("example.bit", 4433, 2, 99, 0),
				     &d[1], &e));
	dir_sort(d, 2);
	EXPECT_STREQ("example.bit", d[0].name);
	EXPECT_STREQ("z.bit", d[1].name);
	s = dir_human(d, 2);
	EXPECT_STREQ(EXAMPLE_HUMAN "\n"
		     "name: z.bit\n"
		     "  addresses: 192.0.2.7, 2001:db8::7\n"
		     "  port: 1\n"
		     "  identity: " K11 "\n"
		     "  eph keys: " KA0 "\n"
		     "  expires in 5s\n", s);
	free(s);
	s = compact(dir_json(d, 2));
	ASSERT_NE(NULL, s);
	EXPECT_STREQ("[" EXAMPLE_JSON ",{\"name\":\"z.bit\","
		     "\"addresses\":[\"192.0.2.7\",\"2001:db8::7\"],"
		     "\"port\":1,\"identity\":\"" K11 "\","
		     "\"eph_keys\":[\"" KA0 "\"],\"expires_in\":5}]", s);
	free(s);
}

TEST(dir_empty)
{
	char *s;

	s = dir_human(NULL, 0);
	EXPECT_STREQ("", s);
	free(s);
	s = compact(dir_json(NULL, 0));
	EXPECT_STREQ("[]", s);
	free(s);
}

/* The most an entry can hold: 8 addresses, 4 keys, the longest name. */
TEST(dir_reply_largest)
{
	struct nlmsghdr *nlh = reply_start(MLT_CMD_DIR_GET, NLM_F_MULTI);
	struct mltnl_dir_entry d = { 0 };
	struct mltnl_error e = { 0 };
	char name[MLT_NAME_MAX];
	struct nlattr *nest;
	uint8_t a[16];
	unsigned int i;
	json_t *root;

	memset(name, 'b', sizeof(name));
	name[MLT_NAME_MAX - 1] = '\0';
	name[60] = '.';
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, name);
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_ADDRS);
	for (i = 0; i < MLT_DIR_ADDRS_MAX; i++) {
		memset(a, (int)i + 1, sizeof(a));
		mnl_attr_put(nlh, MLT_ITEM_ADDR, i % 2 ? 16 : 4, a);
	}
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u16(nlh, MLT_A_DIR_PORT, 65535);
	put_key(nlh, MLT_A_DIR_IDENTITY, 0x11);
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_EPH_KEYS);
	for (i = 0; i < MLT_DIR_EPH_KEYS_MAX; i++)
		put_key(nlh, MLT_ITEM_KEY, (uint8_t)(0xa0 + i));
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u32(nlh, MLT_A_DIR_LIFETIME, MLT_DIR_LIFETIME_MAX);

	ASSERT_EQ(0, mltnl_parse_dir_entry(nlh, &d, &e)) {
		TH_LOG("%s", e.msg);
	}
	EXPECT_STREQ(name, d.name);
	EXPECT_EQ(MLT_DIR_ADDRS_MAX, d.n_addrs);
	EXPECT_EQ(MLT_DIR_EPH_KEYS_MAX, d.n_eph);
	root = dir_json(&d, 1);
	ASSERT_NE(NULL, root);
	EXPECT_EQ(MLT_DIR_ADDRS_MAX,
		  json_array_size(json_object_get(json_array_get(root, 0),
						  "addresses")));
	EXPECT_STREQ("1.1.1.1", json_string_value(json_array_get(
		json_object_get(json_array_get(root, 0), "addresses"), 0)));
	EXPECT_STREQ("202:202:202:202:202:202:202:202",
		     json_string_value(json_array_get(json_object_get(
			json_array_get(root, 0), "addresses"), 1)));
	EXPECT_EQ(MLT_DIR_LIFETIME_MAX,
		  json_integer_value(json_object_get(json_array_get(root, 0),
						     "expires_in")));
	json_decref(root);
}

/* A newer kernel: unknown attributes and item types are ignored. */
TEST(dir_reply_newer_kernel)
{
	struct nlmsghdr *nlh = dir_reply("a.bit", 7, 1, 3, 0);
	struct mltnl_dir_entry d = { 0 };
	struct mltnl_error e = { 0 };
	struct nlattr *nest;

	mnl_attr_put_strz(nlh, MLT_A_MAX + 3, "future");
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_ADDRS);
	mnl_attr_put_u32(nlh, MLT_ITEM_MAX + 1, 1);
	mnl_attr_nest_end(nlh, nest);
	ASSERT_EQ(0, mltnl_parse_dir_entry(nlh, &d, &e));
	EXPECT_EQ(0, d.n_addrs);	/* the last nest has no address */
	EXPECT_EQ(1, d.n_eph);
}

static void expect_bad_reply(struct __test_metadata *_metadata,
			     struct nlmsghdr *nlh, const char *want)
{
	struct mltnl_dir_entry d = { 0 };
	struct mltnl_error e = { 0 };

	EXPECT_EQ(-EPROTO, mltnl_parse_dir_entry(nlh, &d, &e));
	EXPECT_EQ(MLTNL_STAGE_REPLY, e.stage);
	EXPECT_EQ(EPROTO, e.errnum);
	EXPECT_STREQ(want, e.msg);
}

TEST(dir_reply_missing)
{
	expect_bad_reply(_metadata, dir_reply("a", 1, 1, 1, NO_NAME),
			 "directory entry without a name");
	expect_bad_reply(_metadata, dir_reply("a", 1, 1, 1, NO_ADDRS),
			 "directory entry \"a\" without addresses");
	expect_bad_reply(_metadata, dir_reply("a", 1, 1, 1, NO_PORT),
			 "directory entry \"a\" without port");
	expect_bad_reply(_metadata, dir_reply("a", 1, 1, 1, NO_IDENTITY),
			 "directory entry \"a\" without identity key");
	expect_bad_reply(_metadata, dir_reply("a", 1, 1, 1, NO_EPH),
			 "directory entry \"a\" without ephemeral keys");
	expect_bad_reply(_metadata, dir_reply("a", 1, 1, 1, NO_LIFETIME),
			 "directory entry \"a\" without lifetime");
}

TEST(dir_reply_malformed)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	uint8_t junk[32] = { 1 };
	unsigned int i;

	nlh = dir_reply("a", 1, 1, 1, NO_NAME);
	mnl_attr_put(nlh, MLT_A_DIR_NAME, 3, "abc");	/* no NUL */
	expect_bad_reply(_metadata, nlh,
			 "directory name is not a string of 1 to 119 bytes");

	nlh = dir_reply("a", 1, 1, 1, NO_NAME);
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, "");
	expect_bad_reply(_metadata, nlh,
			 "directory name is not a string of 1 to 119 bytes");

	nlh = dir_reply("a", 1, 1, 1, NO_ADDRS);
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_ADDRS);
	mnl_attr_put(nlh, MLT_ITEM_ADDR, 5, junk);
	mnl_attr_nest_end(nlh, nest);
	expect_bad_reply(_metadata, nlh, "address is 5 bytes, expected 4 or 16");

	nlh = dir_reply("a", 1, 1, 1, NO_ADDRS);
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_ADDRS);
	for (i = 0; i <= MLT_DIR_ADDRS_MAX; i++)
		mnl_attr_put(nlh, MLT_ITEM_ADDR, 4, junk);
	mnl_attr_nest_end(nlh, nest);
	expect_bad_reply(_metadata, nlh, "more than 8 addresses");

	nlh = dir_reply("a", 1, 1, 1, NO_ADDRS);
	mnl_attr_put(nlh, MLT_A_DIR_ADDRS, 2, junk);
	expect_bad_reply(_metadata, nlh, "address list is not a nest");

	nlh = dir_reply("a", 1, 1, 1, NO_EPH);
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_EPH_KEYS);
	mnl_attr_put(nlh, MLT_ITEM_KEY, KEY_LEN - 1, junk);
	mnl_attr_nest_end(nlh, nest);
	expect_bad_reply(_metadata, nlh, "ephemeral key is 31 bytes, expected 32");

	nlh = dir_reply("a", 1, 1, 1, NO_EPH);
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_EPH_KEYS);
	for (i = 0; i <= MLT_DIR_EPH_KEYS_MAX; i++)
		mnl_attr_put(nlh, MLT_ITEM_KEY, KEY_LEN, junk);
	mnl_attr_nest_end(nlh, nest);
	expect_bad_reply(_metadata, nlh, "more than 4 ephemeral keys");

	nlh = dir_reply("a", 1, 1, 1, NO_PORT);
	mnl_attr_put_u32(nlh, MLT_A_DIR_PORT, 1);
	expect_bad_reply(_metadata, nlh, "port is 4 bytes, expected 2");

	nlh = dir_reply("a", 1, 1, 1, NO_IDENTITY);
	mnl_attr_put(nlh, MLT_A_DIR_IDENTITY, 16, junk);
	expect_bad_reply(_metadata, nlh, "identity key is 16 bytes, expected 32");

	nlh = dir_reply("a", 1, 1, 1, NO_LIFETIME);
	mnl_attr_put_u16(nlh, MLT_A_DIR_LIFETIME, 1);
	expect_bad_reply(_metadata, nlh, "lifetime is 2 bytes, expected 4");

	nlh = reply_start(MLT_CMD_DIR_GET, 0);
	nlh->nlmsg_len = sizeof(*nlh) + 2;
	expect_bad_reply(_metadata, nlh, "message too short");
}

/* --- ephemeral keys ----------------------------------------------------- */

/* What mlt_nl_fill_eph() sends: public key, lifetime left, age. */
static struct nlmsghdr *eph_reply(uint8_t cmd, uint16_t flags, uint8_t byte,
				  uint32_t left, uint32_t age)
{
	struct nlmsghdr *nlh = reply_start(cmd, flags);

	put_key(nlh, MLT_A_EPH_PUBLIC_KEY, byte);
	mnl_attr_put_u32(nlh, MLT_A_EPH_LIFETIME, left);
	mnl_attr_put_u32(nlh, MLT_A_EPH_AGE, age);
	return nlh;
}

static char *eph_human(const struct mltnl_eph *k, size_t n)
{
	return PRINT_TO_STRING(false, eph_print(k, n));
}

TEST(eph_rotate_reply)
{
	struct mltnl_eph k = { 0 };
	struct mltnl_error e = { 0 };

	/* ROTATE answers with the full lifetime and age 0. */
	ASSERT_EQ(0, mltnl_parse_eph(eph_reply(MLT_CMD_EPH_ROTATE, 0, 0x5a, 3600,
					     0), &k, &e));
	EXPECT_TRUE(key_is(k.public_key, 0x5a));
	EXPECT_EQ(3600, k.expires_in);
	EXPECT_EQ(0, k.age);
}

TEST(eph_dump)
{
	struct mltnl_eph k[3];
	struct mltnl_error e = { 0 };
	char *s;

	memset(k, 0, sizeof(k));
	ASSERT_EQ(0, mltnl_parse_eph(eph_reply(MLT_CMD_EPH_GET, NLM_F_MULTI, 0xa0,
					     10, 3590), &k[0], &e));
	ASSERT_EQ(0, mltnl_parse_eph(eph_reply(MLT_CMD_EPH_GET, NLM_F_MULTI, 0xa2,
					     3600, 0), &k[1], &e));
	ASSERT_EQ(0, mltnl_parse_eph(eph_reply(MLT_CMD_EPH_GET, NLM_F_MULTI, 0xa1,
					     1000, 50), &k[2], &e));
	eph_sort(k, 3);
	EXPECT_TRUE(key_is(k[0].public_key, 0xa2));
	EXPECT_TRUE(key_is(k[1].public_key, 0xa1));
	EXPECT_TRUE(key_is(k[2].public_key, 0xa0));
	s = eph_human(k, 3);
	EXPECT_STREQ(KA2 " expires in 3600s, age 0s\n"
		     KA1 " expires in 1000s, age 50s\n"
		     KA0 " expires in 10s, age 3590s\n", s);
	free(s);
	s = compact(eph_json(k, 3));
	ASSERT_NE(NULL, s);
	EXPECT_STREQ("[{\"public_key\":\"" KA2 "\",\"expires_in\":3600,\"age\":0},"
		     "{\"public_key\":\"" KA1 "\",\"expires_in\":1000,\"age\":50},"
		     "{\"public_key\":\"" KA0 "\",\"expires_in\":10,\"age\":3590}]",
		     s);
	/* Nothing private in any form. */
	EXPECT_EQ(NULL, strstr(s, "private"));
	free(s);
	s = compact(eph_json(NULL, 0));
	EXPECT_STREQ("[]", s);
	free(s);
	s = eph_human(NULL, 0);
	EXPECT_STREQ("", s);
	free(s);
}

TEST(eph_reply_malformed)
{
	struct nlmsghdr *nlh;
	struct mltnl_eph k = { 0 };
	struct mltnl_error e = { 0 };

	nlh = reply_start(MLT_CMD_EPH_GET, 0);
	mnl_attr_put_u32(nlh, MLT_A_EPH_LIFETIME, 1);
	mnl_attr_put_u32(nlh, MLT_A_EPH_AGE, 1);
	EXPECT_EQ(-EPROTO, mltnl_parse_eph(nlh, &k, &e));
	EXPECT_STREQ("ephemeral key without a public key", e.msg);

	nlh = reply_start(MLT_CMD_EPH_GET, 0);
	put_key(nlh, MLT_A_EPH_PUBLIC_KEY, 1);
	mnl_attr_put_u32(nlh, MLT_A_EPH_LIFETIME, 1);
	EXPECT_EQ(-EPROTO, mltnl_parse_eph(nlh, &k, &e));
	EXPECT_STREQ("ephemeral key without an age", e.msg);

	nlh = reply_start(MLT_CMD_EPH_GET, 0);
	put_key(nlh, MLT_A_EPH_PUBLIC_KEY, 1);
	mnl_attr_put_u32(nlh, MLT_A_EPH_AGE, 1);
	EXPECT_EQ(-EPROTO, mltnl_parse_eph(nlh, &k, &e));
	EXPECT_STREQ("ephemeral key without a lifetime", e.msg);

	nlh = reply_start(MLT_CMD_EPH_GET, 0);
	mnl_attr_put(nlh, MLT_A_EPH_PUBLIC_KEY, 31, msgbuf + 1024);
	EXPECT_EQ(-EPROTO, mltnl_parse_eph(nlh, &k, &e));
	EXPECT_STREQ("ephemeral public key is 31 bytes, expected 32", e.msg);

	nlh = reply_start(MLT_CMD_EPH_GET, 0);
	mnl_attr_put_u64(nlh, MLT_A_EPH_LIFETIME, 1);
	EXPECT_EQ(-EPROTO, mltnl_parse_eph(nlh, &k, &e));
	EXPECT_STREQ("ephemeral key lifetime is 8 bytes, expected 4", e.msg);

	nlh = reply_start(MLT_CMD_EPH_GET, 0);
	mnl_attr_put_u16(nlh, MLT_A_EPH_AGE, 1);
	EXPECT_EQ(-EPROTO, mltnl_parse_eph(nlh, &k, &e));
	EXPECT_STREQ("ephemeral key age is 2 bytes, expected 4", e.msg);
	EXPECT_EQ(MLTNL_STAGE_REPLY, e.stage);

	/* Unknown attributes are fine. */
	nlh = eph_reply(MLT_CMD_EPH_GET, 0, 2, 3, 4);
	mnl_attr_put_u32(nlh, MLT_A_MAX + 1, 9);
	EXPECT_EQ(0, mltnl_parse_eph(nlh, &k, &e));
}

static int rotate_parse(uint32_t *lifetime, int *help, char *msg, ...)
{
	char *argv[16] = { "rotate" };
	int argc = 1;
	va_list ap;

	va_start(ap, msg);
	while (argc < 15 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	return eph_rotate_parse(argc, argv, lifetime, help, msg, 256);
}

TEST(eph_rotate_args)
{
	char msg[256];
	uint32_t lt;
	int help;

	EXPECT_EQ(0, rotate_parse(&lt, &help, msg, NULL));
	EXPECT_EQ(0, lt);
	EXPECT_FALSE(help);
	EXPECT_EQ(0, rotate_parse(&lt, &help, msg, "lifetime", "1", NULL));
	EXPECT_EQ(MLT_EPH_LIFETIME_MIN, lt);
	EXPECT_EQ(0, rotate_parse(&lt, &help, msg, "lifetime", "604800", NULL));
	EXPECT_EQ(MLT_EPH_LIFETIME_MAX, lt);
	EXPECT_EQ(0, rotate_parse(&lt, &help, msg, "-h", NULL));
	EXPECT_TRUE(help);

	EXPECT_EQ(-1, rotate_parse(&lt, &help, msg, "lifetime", NULL));
	EXPECT_STREQ("eph rotate: lifetime: missing value SECONDS", msg);
	EXPECT_EQ(-1, rotate_parse(&lt, &help, msg, "lifetime", "0", NULL));
	EXPECT_STREQ("eph rotate: lifetime: \"0\" is not a number from 1 to 604800",
		     msg);
	EXPECT_EQ(-1, rotate_parse(&lt, &help, msg, "lifetime", "604801", NULL));
	EXPECT_STREQ("eph rotate: lifetime: \"604801\" is not a number from 1 to 604800",
		     msg);
	EXPECT_EQ(-1, rotate_parse(&lt, &help, msg, "lifetime", "1", "lifetime",
				   "2", NULL));
	EXPECT_STREQ("eph rotate: lifetime: given twice", msg);
	EXPECT_EQ(-1, rotate_parse(&lt, &help, msg, "forever", NULL));
	EXPECT_STREQ("eph rotate: unknown keyword 'forever' (usage: mltctl eph rotate [lifetime SECONDS])",
		     msg);
}

/* --- NLMSG_DONE, the end of a dump ------------------------------------- */

static struct nlmsghdr *done_msg(int error, const char *extack)
{
	struct nlmsghdr *nlh;
	int *p;

	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	p = mnl_nlmsg_put_extra_header(nlh, sizeof(*p));
	*p = error;
	if (extack) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, extack);
	}
	return nlh;
}

TEST(done_parse)
{
	struct mltnl_error e = { 0 };
	struct nlmsghdr *nlh;

	EXPECT_EQ(0, mltnl_parse_ack(done_msg(0, NULL), &e));
	ASSERT_EQ(1, mltnl_parse_ack(done_msg(-ENOBUFS, NULL), &e));
	EXPECT_EQ(MLTNL_STAGE_KERNEL, e.stage);
	EXPECT_EQ(ENOBUFS, e.errnum);
	EXPECT_STREQ("", e.msg);
	ASSERT_EQ(1, mltnl_parse_ack(done_msg(-EINVAL, "bad dump filter"), &e));
	EXPECT_EQ(EINVAL, e.errnum);
	EXPECT_STREQ("bad dump filter", e.msg);
	nlh = done_msg(0, NULL);
	nlh->nlmsg_len = sizeof(*nlh) + 2;
	EXPECT_EQ(-EPROTO, mltnl_parse_ack(nlh, &e));
}

/* --- helpers ------------------------------------------------------------ */

TEST(parse_uint_edges)
{
	unsigned long v = 7;

	EXPECT_EQ(0, parse_uint("65535", 1, 65535, &v));
	EXPECT_EQ(65535, v);
	EXPECT_EQ(0, parse_uint("007", 1, 10, &v));
	EXPECT_EQ(7, v);
	EXPECT_EQ(-1, parse_uint("65536", 1, 65535, &v));
	EXPECT_EQ(-1, parse_uint("0", 1, 65535, &v));
	EXPECT_EQ(-1, parse_uint("", 0, 10, &v));
	EXPECT_EQ(-1, parse_uint(" 1", 0, 10, &v));
	EXPECT_EQ(-1, parse_uint("1 ", 0, 10, &v));
	EXPECT_EQ(-1, parse_uint("9", 0, 5, &v));
	EXPECT_EQ(0, parse_uint("18446744073709551615", 0, (unsigned long)-1, &v));
	EXPECT_EQ((unsigned long)-1, v);
	EXPECT_EQ(-1, parse_uint("18446744073709551616", 0, (unsigned long)-1, &v));
	EXPECT_EQ(-1, parse_uint("99999999999999999999999", 0, 10, &v));
}

TEST(quote_arg_escapes_and_cuts)
{
	char buf[QUOTE_BUF], small[12], long_arg[200];

	EXPECT_STREQ("\"abc\"", quote_arg(buf, sizeof(buf), "abc"));
	EXPECT_STREQ("\"\"", quote_arg(buf, sizeof(buf), ""));
	EXPECT_STREQ("\"a\\\"b\\\\c\\x1b\\xff\"",
		     quote_arg(buf, sizeof(buf), "a\"b\\c\x1b\xff"));
	memset(long_arg, '\x01', sizeof(long_arg) - 1);
	long_arg[sizeof(long_arg) - 1] = '\0';
	quote_arg(buf, sizeof(buf), long_arg);
	EXPECT_EQ(2 + 64 * 4 + 3, strlen(buf));
	EXPECT_STREQ("\"...", buf + strlen(buf) - 4);
	/* A small buffer cuts early but stays terminated. */
	quote_arg(small, sizeof(small), "abcdefghijkl");
	EXPECT_STREQ("\"abc\"...", small);
}

TEST_HARNESS_MAIN
