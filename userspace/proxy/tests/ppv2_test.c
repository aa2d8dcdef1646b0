// SPDX-License-Identifier: GPL-2.0
/*
 * The PROXY protocol v2 header against the specification's layout
 * (HAProxy's proxy-protocol.txt, 2.2), byte by byte.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "ppv2.h"

static const uint8_t sig[12] = { 0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d,
				 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a };

TEST(ipv4_with_key)
{
	uint8_t src[16] = { [10] = 0xff, [11] = 0xff, 10, 0, 0, 2 };
	uint8_t dst[16] = { [10] = 0xff, [11] = 0xff, 0, 0, 0, 0 };
	uint8_t key[32], out[PPV2_HEADER_MAX];
	size_t n;

	memset(key, 0xab, sizeof(key));
	n = ppv2_header(out, src, 40000, dst, 80, key);
	ASSERT_EQ(16 + 12 + 3 + 32, n);
	EXPECT_EQ(0, memcmp(out, sig, 12));
	EXPECT_EQ(0x21, out[12]);	/* v2, PROXY */
	EXPECT_EQ(0x11, out[13]);	/* AF_INET, STREAM */
	EXPECT_EQ(0, out[14]);
	EXPECT_EQ(12 + 3 + 32, out[15]);
	EXPECT_EQ(0, memcmp(out + 16, "\x0a\x00\x00\x02", 4));
	EXPECT_EQ(0, memcmp(out + 20, "\x00\x00\x00\x00", 4));
	EXPECT_EQ(40000 >> 8, out[24]);
	EXPECT_EQ(40000 & 0xff, out[25]);
	EXPECT_EQ(0, out[26]);
	EXPECT_EQ(80, out[27]);
	EXPECT_EQ(PPV2_TLV_MLT_CLIENT_KEY, out[28]);
	EXPECT_EQ(0, out[29]);
	EXPECT_EQ(32, out[30]);
	EXPECT_EQ(0, memcmp(out + 31, key, 32));
}

TEST(ipv6_without_key)
{
	uint8_t src[16] = { 0xfd, 0, [15] = 2 };
	uint8_t dst[16] = { [10] = 0xff, [11] = 0xff, 127, 0, 0, 1 };
	uint8_t out[PPV2_HEADER_MAX];
	size_t n;

	n = ppv2_header(out, src, 1, dst, 65535, NULL);
	ASSERT_EQ(16 + 36, n);
	EXPECT_EQ(0x21, out[13]);	/* AF_INET6, STREAM */
	EXPECT_EQ(36, out[15]);
	EXPECT_EQ(0, memcmp(out + 16, src, 16));
	/* A v4-mapped destination beside an IPv6 source stays mapped. */
	EXPECT_EQ(0, memcmp(out + 32, dst, 16));
	EXPECT_EQ(0, out[48]);
	EXPECT_EQ(1, out[49]);
	EXPECT_EQ(0xff, out[50]);
	EXPECT_EQ(0xff, out[51]);
}

TEST_HARNESS_MAIN
