// SPDX-License-Identifier: GPL-2.0
/*
 * The pure half of libnss_minimalt (hosts.c): which names it answers, the
 * virtual ranges, and the layout of answers in the caller's buffer.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "hosts.h"

TEST(bit_names)
{
	char out[MLT_NAME_MAX];

	ASSERT_EQ(NSS_NAME_BIT, nss_bit_name("demo.bit", out));
	EXPECT_STREQ("demo.bit", out);
	ASSERT_EQ(NSS_NAME_BIT, nss_bit_name("WWW.Demo.BIT.", out));
	EXPECT_STREQ("www.demo.bit", out);
	EXPECT_EQ(NSS_NAME_OTHER, nss_bit_name("example.com", out));
	EXPECT_EQ(NSS_NAME_OTHER, nss_bit_name("demo.bitx", out));
	EXPECT_EQ(NSS_NAME_OTHER, nss_bit_name("demobit", out));
	EXPECT_EQ(NSS_NAME_OTHER, nss_bit_name("", out));
	EXPECT_EQ(NSS_NAME_OTHER, nss_bit_name(".", out));
	EXPECT_EQ(NSS_NAME_INVALID, nss_bit_name(".bit", out));
	EXPECT_EQ(NSS_NAME_OTHER, nss_bit_name("bit.", out));
	EXPECT_EQ(NSS_NAME_INVALID, nss_bit_name("a..bit", out));
	EXPECT_EQ(NSS_NAME_INVALID, nss_bit_name("-a.bit", out));
	EXPECT_EQ(NSS_NAME_INVALID, nss_bit_name("a_b.bit", out));
	/* One trailing dot is the root; a second makes it no .bit name. */
	EXPECT_EQ(NSS_NAME_OTHER, nss_bit_name("demo.bit..", out));
}

/* The longest name that fits, and one byte more. */
TEST(bit_name_lengths)
{
	char in[MLT_NAME_MAX + 8], out[MLT_NAME_MAX];
	size_t n = MLT_NAME_MAX - 1 - 4, i;

	for (i = 0; i < n; i++)
		in[i] = (i + 1) % 60 ? 'a' : '.';
	strcpy(in + n, ".bit");
	ASSERT_EQ(MLT_NAME_MAX - 1, strlen(in));
	EXPECT_EQ(NSS_NAME_BIT, nss_bit_name(in, out));
	EXPECT_STREQ(in, out);
	strcat(in, ".");
	EXPECT_EQ(NSS_NAME_BIT, nss_bit_name(in, out));
	memmove(in + 1, in, strlen(in) + 1);
	in[0] = 'b';
	in[strlen(in) - 1] = '\0';
	EXPECT_EQ(NSS_NAME_INVALID, nss_bit_name(in, out));
}

TEST(virtual_ranges)
{
	unsigned char a[16];

	inet_pton(AF_INET, "127.77.0.1", a);
	EXPECT_TRUE(nss_is_vaddr(AF_INET, a));
	inet_pton(AF_INET, "127.77.255.254", a);
	EXPECT_TRUE(nss_is_vaddr(AF_INET, a));
	inet_pton(AF_INET, "127.77.255.255", a);
	EXPECT_FALSE(nss_is_vaddr(AF_INET, a));
	inet_pton(AF_INET, "127.77.0.0", a);
	EXPECT_FALSE(nss_is_vaddr(AF_INET, a));
	inet_pton(AF_INET, "127.78.0.1", a);
	EXPECT_FALSE(nss_is_vaddr(AF_INET, a));
	inet_pton(AF_INET, "127.0.0.1", a);
	EXPECT_FALSE(nss_is_vaddr(AF_INET, a));
	inet_pton(AF_INET6, "fd6d:6c74:4d00::1", a);
	EXPECT_TRUE(nss_is_vaddr(AF_INET6, a));
	inet_pton(AF_INET6, "fd6d:6c74:4d00::fffe", a);
	EXPECT_TRUE(nss_is_vaddr(AF_INET6, a));
	inet_pton(AF_INET6, "fd6d:6c74:4d00::ffff", a);
	EXPECT_FALSE(nss_is_vaddr(AF_INET6, a));
	inet_pton(AF_INET6, "fd6d:6c74:4d00::1:1", a);
	EXPECT_FALSE(nss_is_vaddr(AF_INET6, a));
	inet_pton(AF_INET6, "fd6d:6c74:4d01::1", a);
	EXPECT_FALSE(nss_is_vaddr(AF_INET6, a));
	EXPECT_FALSE(nss_is_vaddr(AF_UNIX, a));
}

/* Every size from 0 up: ERANGE until it fits, then a whole answer. */
TEST(hostent_in_any_buffer)
{
	unsigned char v4[4] = { 127, 77, 1, 2 };
	struct hostent h;
	size_t len, fit = 0;
	char *buf;
	int ret;

	for (len = 0; len < 256 && !fit; len++) {
		buf = malloc(len ? len : 1);
		ASSERT_NE(NULL, buf);
		memset(&h, 0, sizeof(h));
		ret = nss_fill_hostent(&h, "demo.bit", AF_INET, v4, buf, len);
		if (!ret) {
			fit = len;
			EXPECT_STREQ("demo.bit", h.h_name);
			EXPECT_EQ(NULL, h.h_aliases[0]);
			EXPECT_EQ(AF_INET, h.h_addrtype);
			EXPECT_EQ(4, h.h_length);
			EXPECT_EQ(0, memcmp(h.h_addr_list[0], v4, 4));
			EXPECT_EQ(NULL, h.h_addr_list[1]);
			EXPECT_EQ(0, (uintptr_t)h.h_addr_list % alignof(char *));
		} else {
			EXPECT_EQ(ERANGE, ret);
			EXPECT_EQ(NULL, h.h_name);
		}
		free(buf);
	}
	EXPECT_NE(0, fit);
}

TEST(tuples_in_any_buffer)
{
	unsigned char v4[4] = { 127, 77, 0, 9 }, v6[16];
	struct gaih_addrtuple *pat, given;
	size_t len, fit = 0;
	char *buf;
	int ret;

	inet_pton(AF_INET6, "fd6d:6c74:4d00::9", v6);
	for (len = 0; len < 512 && !fit; len++) {
		buf = malloc(len ? len : 1);
		ASSERT_NE(NULL, buf);
		pat = NULL;
		ret = nss_fill_tuples(&pat, "demo.bit", v4, v6, buf, len);
		if (!ret) {
			fit = len;
			ASSERT_NE(NULL, pat);
			EXPECT_STREQ("demo.bit", pat->name);
			EXPECT_EQ(AF_INET, pat->family);
			EXPECT_EQ(0, memcmp(pat->addr, v4, 4));
			ASSERT_NE(NULL, pat->next);
			EXPECT_EQ(AF_INET6, pat->next->family);
			EXPECT_EQ(0, memcmp(pat->next->addr, v6, 16));
			EXPECT_EQ(NULL, pat->next->next);
		} else {
			EXPECT_EQ(ERANGE, ret);
			EXPECT_EQ(NULL, pat);
		}
		free(buf);
	}
	EXPECT_NE(0, fit);

	/* A tuple the caller gives is the first: less room is needed. */
	buf = malloc(fit);
	ASSERT_NE(NULL, buf);
	pat = &given;
	memset(&given, 0xff, sizeof(given));
	ASSERT_EQ(0, nss_fill_tuples(&pat, "demo.bit", v4, v6, buf,
				     fit - sizeof(given)));
	EXPECT_EQ(&given, pat);
	EXPECT_EQ(0, given.scopeid);
	EXPECT_EQ(AF_INET6, given.next->family);
	free(buf);
}

TEST_HARNESS_MAIN
