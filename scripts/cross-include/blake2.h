/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BLAKE2s (RFC 7693) behind libb2's blake2s(), for the unit tests that
 * scripts/cross builds for s390x and armhf: libb2 has no cross build on
 * the host, and kernel/puzzle.c reaches BLAKE2s through
 * userspace/kcompat/pure_user.h, which includes <blake2.h> when there is
 * one. Put this directory on the include path (-I) of a cross build and it
 * is that header. Only the one-shot call the pure files and their tests
 * make is here; it is all static inline, so every file that includes it
 * gets its own copy and nothing needs linking.
 *
 * Words are read and written a byte at a time, little-endian, whatever the
 * host's byte order. puzzle_test checks it against known answers that
 * Python's hashlib computed (selftests/unit/puzzle_test.c); the host build
 * uses the real libb2.
 */
#ifndef MLT_CROSS_BLAKE2_H
#define MLT_CROSS_BLAKE2_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static const uint32_t mlt_blake2s_iv[8] = {
	0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A,
	0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19,
};

static const uint8_t mlt_blake2s_sigma[10][16] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	{ 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
	{ 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
	{ 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
	{ 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
	{ 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
	{ 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
	{ 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
	{ 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
	{ 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
};

static inline uint32_t mlt_blake2s_ror(uint32_t x, unsigned int n)
{
	return x >> n | x << (32 - n);
}

static inline void mlt_blake2s_g(uint32_t v[16], int a, int b, int c, int d,
				 uint32_t x, uint32_t y)
{
	v[a] += v[b] + x;
	v[d] = mlt_blake2s_ror(v[d] ^ v[a], 16);
	v[c] += v[d];
	v[b] = mlt_blake2s_ror(v[b] ^ v[c], 12);
	v[a] += v[b] + y;
	v[d] = mlt_blake2s_ror(v[d] ^ v[a], 8);
	v[c] += v[d];
	v[b] = mlt_blake2s_ror(v[b] ^ v[c], 7);
}

/* Compress one 64-byte block; t counts the bytes hashed so far. */
static inline void mlt_blake2s_compress(uint32_t h[8], const uint8_t *block,
					uint64_t t, int last)
{
	const uint8_t *s;
	uint32_t m[16], v[16];
	int i, r;

	for (i = 0; i < 16; i++)
		m[i] = (uint32_t)block[4 * i] |
		       (uint32_t)block[4 * i + 1] << 8 |
		       (uint32_t)block[4 * i + 2] << 16 |
		       (uint32_t)block[4 * i + 3] << 24;
	for (i = 0; i < 8; i++) {
		v[i] = h[i];
		v[i + 8] = mlt_blake2s_iv[i];
	}
	v[12] ^= (uint32_t)t;
	v[13] ^= (uint32_t)(t >> 32);
	if (last)
		v[14] = ~v[14];
	for (r = 0; r < 10; r++) {
		s = mlt_blake2s_sigma[r];
		mlt_blake2s_g(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
		mlt_blake2s_g(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
		mlt_blake2s_g(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
		mlt_blake2s_g(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
		mlt_blake2s_g(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
		mlt_blake2s_g(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
		mlt_blake2s_g(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
		mlt_blake2s_g(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
	}
	for (i = 0; i < 8; i++)
		h[i] ^= v[i] ^ v[i + 8];
}

/* libb2's one-shot call: 0, or -1 for arguments it rejects. */
static inline int blake2s(uint8_t *out, const void *in, const void *key,
			  size_t outlen, size_t inlen, size_t keylen)
{
	const uint8_t *p = in;
	uint8_t block[64];
	uint32_t h[8];
	uint64_t t = 0;
	size_t i;

	if (!out || !outlen || outlen > 32 || keylen > 32 ||
	    (!in && inlen) || (!key && keylen))
		return -1;
	for (i = 0; i < 8; i++)
		h[i] = mlt_blake2s_iv[i];
	h[0] ^= 0x01010000 ^ (uint32_t)(keylen << 8) ^ (uint32_t)outlen;
	if (keylen) {
		/* The key, zero-padded, is the first block. */
		memset(block, 0, sizeof(block));
		memcpy(block, key, keylen);
		t = 64;
		mlt_blake2s_compress(h, block, t, inlen == 0);
	}
	if (inlen || !keylen) {
		/* Every block but the last, which may be short (or empty). */
		while (inlen > 64) {
			t += 64;
			mlt_blake2s_compress(h, p, t, 0);
			p += 64;
			inlen -= 64;
		}
		memset(block, 0, sizeof(block));
		if (inlen)
			memcpy(block, p, inlen);
		t += inlen;
		mlt_blake2s_compress(h, block, t, 1);
	}
	for (i = 0; i < outlen; i++)
		out[i] = (uint8_t)(h[i / 4] >> (8 * (i % 4)));
	return 0;
}

#endif /* MLT_CROSS_BLAKE2_H */
