// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the DoS puzzle, kernel/puzzle.c: known answers computed
 * apart from it, the field's codec and every malformed field, the expiry
 * edges (the u32 wrap too), every input the cookie binds, the secrets and
 * their generations, the difficulty check, solving at several difficulties
 * (the hash recomputed here through libb2 directly), and the difficulty
 * policy.
 *
 * The known answers were computed with Python's hashlib, following the
 * format in kernel/puzzle.h:
 *
 *   import hashlib, struct
 *   secret = bytes(range(32)); cprime = bytes(range(0x40, 0x60))
 *   addr = bytes(10) + b"\xff\xff" + bytes([192, 0, 2, 1])
 *   issued, bits, tid, port = 0x12345678, 8, 0xC123456789ABCDEF, 40000
 *   key_id = (issued // 120) & 1                        # 1
 *   msg = struct.pack(">IBBQ", issued, bits, key_id, tid & (2**62 - 1)) \
 *         + cprime + addr + struct.pack(">H", port)
 *   cookie = hashlib.blake2s(msg, key=secret).digest()
 *   field = struct.pack(">IBBH", issued, bits, key_id, 0) + cookie + bytes(8)
 *   # the least solution from 0 with 8, then 12, leading zero bits:
 *   hashlib.blake2s(cookie + struct.pack(">Q", 52)).digest()   # 00 c1 ...
 */
#include <stdlib.h>

#include "kselftest_harness.h"

#include "puzzle.h"

/* The known-answer inputs (see above). */
#define KAT_ISSUED	0x12345678u
#define KAT_BITS	8
#define KAT_TID		0xC123456789ABCDEFull
#define KAT_PORT	40000
#define KAT_SOL8	52	/* least solution with 8 zero bits */
#define KAT_SOL12	1981	/* least solution with 12 zero bits */

static const u8 kat_addr[16] = { [10] = 0xff, [11] = 0xff, 192, 0, 2, 1 };

static const u8 kat_cookie[32] = {
	0x35, 0xd9, 0x5f, 0xc2, 0xba, 0xe1, 0xd0, 0xaf,
	0x3a, 0x8d, 0x9d, 0x39, 0x0e, 0x91, 0x0a, 0x1a,
	0x67, 0x75, 0x7a, 0x0d, 0x27, 0xa8, 0x8a, 0x26,
	0x99, 0x18, 0x9e, 0xfe, 0x9c, 0x02, 0x1a, 0xda,
};

static const u8 kat_field[MLT_PUZZLE_LEN] = {
	0x12, 0x34, 0x56, 0x78, 0x08, 0x01, 0x00, 0x00,
	0x35, 0xd9, 0x5f, 0xc2, 0xba, 0xe1, 0xd0, 0xaf,
	0x3a, 0x8d, 0x9d, 0x39, 0x0e, 0x91, 0x0a, 0x1a,
	0x67, 0x75, 0x7a, 0x0d, 0x27, 0xa8, 0x8a, 0x26,
	0x99, 0x18, 0x9e, 0xfe, 0x9c, 0x02, 0x1a, 0xda,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* BLAKE2s-256(cookie || be64(52)): exactly 8 leading zero bits. */
static const u8 kat_digest8[32] = {
	0x00, 0xc1, 0xf7, 0xef, 0x76, 0xef, 0xa9, 0xcb,
	0x02, 0x42, 0x57, 0x92, 0xd7, 0x1e, 0xa1, 0xac,
	0x1d, 0x6c, 0x74, 0x30, 0x71, 0x64, 0x2c, 0x19,
	0xc8, 0x92, 0x2c, 0xc8, 0xa9, 0x04, 0x28, 0x78,
};

static void fill(u8 *p, size_t n, u8 first)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = first + i;
}

/* The known-answer secret in slot 1 (key_id 1), another in slot 0. */
static void kat_secrets(u8 s[2][32])
{
	fill(s[0], 32, 0xa0);
	fill(s[1], 32, 0x00);
}

static void kat_cprime(u8 c[32])
{
	fill(c, 32, 0x40);
}

/* The hash of cookie || be64(solution), by libb2 itself. */
static void raw_digest(u8 out[32], const u8 cookie[32], u64 solution)
{
	u8 in[40];

	memcpy(in, cookie, 32);
	put_unaligned_be64(solution, in + 32);
	if (blake2s(out, in, NULL, 32, sizeof(in), 0))	/* libb2's: int */
		abort();
}

/* Leading zero bits of a 32-byte digest. */
static unsigned int lead_zeros(const u8 d[32])
{
	unsigned int n = 0, i;
	u8 b;

	for (i = 0; i < 32 && !d[i]; i++)
		n += 8;
	if (i == 32)
		return n;
	for (b = d[i]; !(b & 0x80); b <<= 1)
		n++;
	return n;
}

/* A client: one opening's parameters, and the server's secrets. */
struct opening {
	u8 secrets[2][32];
	u8 cprime[32];
	u8 addr[16];
	u64 tid;
	u16 port;
};

static void kat_opening(struct opening *o)
{
	kat_secrets(o->secrets);
	kat_cprime(o->cprime);
	memcpy(o->addr, kat_addr, 16);
	o->tid = KAT_TID;
	o->port = KAT_PORT;
}

static void issue(const struct opening *o, u8 field[48], u32 now, u8 bits)
{
	mlt_puzzle_issue(field, o->secrets, now, bits, o->tid, o->cprime,
			 o->addr, o->port);
}

static enum mlt_puzzle_verdict check(const struct opening *o,
				     const u8 field[48], u32 now, u8 min_bits)
{
	return mlt_puzzle_check(field, o->secrets, now, min_bits, o->tid,
				o->cprime, o->addr, o->port);
}

/* Issue at @now with @bits, solve from 0 and write the solution in. */
static u64 issue_solved(const struct opening *o, u8 field[48], u32 now,
			u8 bits)
{
	u64 s = ~0ull;

	issue(o, field, now, bits);
	if (!mlt_puzzle_solve(field + 8, bits, 0, 1ull << 30, &s))
		abort();
	put_unaligned_be64(s, field + 40);
	return s;
}

TEST(known_answer_cookie)
{
	u8 secrets[2][32], cprime[32], c[32];

	kat_secrets(secrets);
	kat_cprime(cprime);
	mlt_puzzle_cookie(c, secrets[1], KAT_ISSUED, KAT_BITS, 1, KAT_TID,
			  cprime, kat_addr, KAT_PORT);
	EXPECT_EQ(0, memcmp(c, kat_cookie, 32));
	/* The flags of the tid word are not bound: the same cookie. */
	mlt_puzzle_cookie(c, secrets[1], KAT_ISSUED, KAT_BITS, 1,
			  KAT_TID & MLT_TID_MASK, cprime, kat_addr, KAT_PORT);
	EXPECT_EQ(0, memcmp(c, kat_cookie, 32));
}

TEST(known_answer_field)
{
	struct opening o;
	u8 f[48];

	kat_opening(&o);
	EXPECT_EQ(1, mlt_puzzle_key_id(KAT_ISSUED));
	issue(&o, f, KAT_ISSUED, KAT_BITS);
	EXPECT_EQ(0, memcmp(f, kat_field, 48));
	/* Unsolved as issued (the hash of cookie || 0 has no zero byte). */
	EXPECT_EQ(MLT_PUZZLE_UNSOLVED, check(&o, f, KAT_ISSUED, 0));
}

TEST(known_answer_solution)
{
	struct opening o;
	u8 f[48], d[32];
	u64 s = 0;

	kat_opening(&o);
	/* The least solution from 0 is the one Python found. */
	ASSERT_TRUE(mlt_puzzle_solve(kat_cookie, 8, 0, 1000, &s));
	EXPECT_EQ(KAT_SOL8, s);
	raw_digest(d, kat_cookie, s);
	EXPECT_EQ(0, memcmp(d, kat_digest8, 32));
	EXPECT_EQ(8, lead_zeros(d));
	EXPECT_TRUE(mlt_puzzle_solved(kat_cookie, s, 8));
	EXPECT_FALSE(mlt_puzzle_solved(kat_cookie, s, 9));
	EXPECT_FALSE(mlt_puzzle_solved(kat_cookie, s - 1, 8));
	ASSERT_TRUE(mlt_puzzle_solve(kat_cookie, 12, 0, 1ull << 20, &s));
	EXPECT_EQ(KAT_SOL12, s);

	memcpy(f, kat_field, 48);
	put_unaligned_be64(KAT_SOL8, f + 40);
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, KAT_ISSUED, 0));
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, KAT_ISSUED, 8));
}

TEST(codec_round_trip)
{
	struct mlt_puzzle p = {
		.issued = 0xfedcba98, .bits = MLT_PUZZLE_BITS_MAX,
		.key_id = 1, .solution = 0x0102030405060708ull,
	}, q;
	u8 f[48], g[48];

	fill(p.cookie, 32, 0x77);
	mlt_puzzle_encode(&p, f);
	EXPECT_EQ(0, f[6]);
	EXPECT_EQ(0, f[7]);
	EXPECT_EQ(0xfe, f[0]);
	EXPECT_EQ(0x08, f[47]);
	memset(&q, 0, sizeof(q));
	ASSERT_EQ(0, mlt_puzzle_decode(&q, f));
	EXPECT_EQ(0, memcmp(&p, &q, sizeof(p)));
	mlt_puzzle_encode(&q, g);
	EXPECT_EQ(0, memcmp(f, g, 48));

	ASSERT_EQ(0, mlt_puzzle_decode(&q, kat_field));
	EXPECT_EQ(KAT_ISSUED, q.issued);
	EXPECT_EQ(KAT_BITS, q.bits);
	EXPECT_EQ(1, q.key_id);
	EXPECT_EQ(0, memcmp(q.cookie, kat_cookie, 32));
	EXPECT_EQ(0, q.solution);
	mlt_puzzle_encode(&q, g);
	EXPECT_EQ(0, memcmp(kat_field, g, 48));
}

TEST(every_malformed_field)
{
	static const struct { u8 off, val; } bad[] = {
		{ 5, 2 }, { 5, 0x80 }, { 5, 0xff },	/* key_id */
		{ 6, 1 }, { 6, 0x80 }, { 7, 1 }, { 7, 0x80 },	/* reserved */
		{ 4, MLT_PUZZLE_BITS_MAX + 1 }, { 4, 0xff },	/* bits */
	};
	struct mlt_puzzle p, before;
	struct opening o;
	u8 f[48];
	size_t i;

	kat_opening(&o);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memcpy(f, kat_field, 48);
		put_unaligned_be64(KAT_SOL8, f + 40);
		f[bad[i].off] = bad[i].val;
		memset(&p, 0x33, sizeof(p));
		before = p;
		EXPECT_EQ(-EINVAL, mlt_puzzle_decode(&p, f));
		EXPECT_EQ(0, memcmp(&p, &before, sizeof(p)));
		EXPECT_EQ(MLT_PUZZLE_MALFORMED, check(&o, f, KAT_ISSUED, 0));
	}
	/* The edges that are well-formed. */
	memcpy(f, kat_field, 48);
	f[4] = MLT_PUZZLE_BITS_MAX;
	EXPECT_EQ(0, mlt_puzzle_decode(&p, f));
	f[5] = 0;
	EXPECT_EQ(0, mlt_puzzle_decode(&p, f));
	/* Malformed comes first, even when also expired. */
	f[6] = 1;
	EXPECT_EQ(MLT_PUZZLE_MALFORMED, check(&o, f, 0, 0));
}

TEST(expiry_edges)
{
	const u32 t = 1000000;
	struct opening o;
	u8 f[48];

	kat_opening(&o);
	issue_solved(&o, f, t, 1);
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, t, 0));
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, t + MLT_PUZZLE_TTL, 0));
	EXPECT_EQ(MLT_PUZZLE_EXPIRED, check(&o, f, t + MLT_PUZZLE_TTL + 1, 0));
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, t - MLT_PUZZLE_SKEW, 0));
	EXPECT_EQ(MLT_PUZZLE_EXPIRED,
		  check(&o, f, t - MLT_PUZZLE_SKEW - 1, 0));
	EXPECT_EQ(MLT_PUZZLE_EXPIRED, check(&o, f, t + 0x80000000u, 0));
	EXPECT_EQ(MLT_PUZZLE_EXPIRED, check(&o, f, t - 0x80000000u, 0));
	EXPECT_EQ(MLT_PUZZLE_EXPIRED, check(&o, f, 0, 0));
}

TEST(expiry_across_the_u32_wrap)
{
	struct opening o;
	u8 f[48];

	kat_opening(&o);
	/* Issued 16 s before the wrap: valid 30 s, through it. */
	issue_solved(&o, f, 0xfffffff0u, 1);
	EXPECT_EQ(0, mlt_puzzle_key_id(0xfffffff0u));
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, 0xffffffffu, 0));
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, 0, 0));
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, 0xfffffff0u + MLT_PUZZLE_TTL, 0));
	EXPECT_EQ(MLT_PUZZLE_EXPIRED,
		  check(&o, f, 0xfffffff0u + MLT_PUZZLE_TTL + 1, 0));
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, 0xfffffff0u - MLT_PUZZLE_SKEW, 0));

	/* Issued just after the wrap, checked just before it: ahead. */
	issue_solved(&o, f, 1, 1);
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, 1 - MLT_PUZZLE_SKEW, 0));
	EXPECT_EQ(MLT_PUZZLE_EXPIRED,
		  check(&o, f, 1 - MLT_PUZZLE_SKEW - 1, 0));
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, 1 + MLT_PUZZLE_TTL, 0));

	/* The largest issue time. */
	issue_solved(&o, f, 0xffffffffu, 1);
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, MLT_PUZZLE_TTL - 1, 0));
	EXPECT_EQ(MLT_PUZZLE_EXPIRED, check(&o, f, MLT_PUZZLE_TTL, 0));
}

/* Each input of the cookie, changed alone, makes it a bad cookie. */
TEST(every_input_is_bound)
{
	const u32 t = KAT_ISSUED;
	u8 f[48], g[48], a[32], b[32];
	struct opening o, x;
	struct mlt_puzzle p;

	kat_opening(&o);
	issue(&o, f, t, 0);		/* bits 0: any solution */
	ASSERT_EQ(MLT_PUZZLE_OK, check(&o, f, t, 0));

	x = o;
	x.tid ^= 1;
	EXPECT_EQ(MLT_PUZZLE_BAD_COOKIE, check(&x, f, t, 0));
	x = o;
	x.tid ^= 1ull << 61;		/* the top bit of the id */
	EXPECT_EQ(MLT_PUZZLE_BAD_COOKIE, check(&x, f, t, 0));
	x = o;
	x.tid ^= MLT_TID_FLAG_PUZZLE;	/* a flag: not part of the id */
	EXPECT_EQ(MLT_PUZZLE_OK, check(&x, f, t, 0));
	x = o;
	x.cprime[31] ^= 1;
	EXPECT_EQ(MLT_PUZZLE_BAD_COOKIE, check(&x, f, t, 0));
	x = o;
	x.addr[15] ^= 1;
	EXPECT_EQ(MLT_PUZZLE_BAD_COOKIE, check(&x, f, t, 0));
	x = o;
	x.addr[0] ^= 0x80;		/* the same IPv4 address, not mapped */
	EXPECT_EQ(MLT_PUZZLE_BAD_COOKIE, check(&x, f, t, 0));
	x = o;
	x.port ^= 0x100;
	EXPECT_EQ(MLT_PUZZLE_BAD_COOKIE, check(&x, f, t, 0));

	/* The field's own values: bits, issued, key_id. */
	ASSERT_EQ(0, mlt_puzzle_decode(&p, f));
	p.bits = 1;			/* harder, so solved would not save it */
	mlt_puzzle_encode(&p, g);
	p.bits = 0;
	EXPECT_EQ(MLT_PUZZLE_BAD_COOKIE, check(&o, g, t, 0));
	p.issued = t + 1;		/* same generation, not expired */
	ASSERT_EQ(mlt_puzzle_key_id(t), mlt_puzzle_key_id(t + 1));
	mlt_puzzle_encode(&p, g);
	EXPECT_EQ(MLT_PUZZLE_BAD_COOKIE, check(&o, g, t, 0));
	p.issued = t;
	p.key_id ^= 1;			/* the generation's parity no more */
	mlt_puzzle_encode(&p, g);
	EXPECT_EQ(MLT_PUZZLE_BAD_COOKIE, check(&o, g, t, 0));
	p.key_id ^= 1;
	p.cookie[0] ^= 1;
	mlt_puzzle_encode(&p, g);
	EXPECT_EQ(MLT_PUZZLE_BAD_COOKIE, check(&o, g, t, 0));

	/* key_id and bits are in the message, not only in the secret. */
	mlt_puzzle_cookie(a, o.secrets[0], t, 0, 0, o.tid, o.cprime, o.addr,
			  o.port);
	mlt_puzzle_cookie(b, o.secrets[0], t, 0, 1, o.tid, o.cprime, o.addr,
			  o.port);
	EXPECT_NE(0, memcmp(a, b, 32));
	mlt_puzzle_cookie(b, o.secrets[0], t, 1, 0, o.tid, o.cprime, o.addr,
			  o.port);
	EXPECT_NE(0, memcmp(a, b, 32));
}

TEST(wrong_secret)
{
	const u32 t = KAT_ISSUED;	/* key_id 1 */
	struct opening o, x;
	u8 f[48];

	kat_opening(&o);
	issue_solved(&o, f, t, 4);
	ASSERT_EQ(MLT_PUZZLE_OK, check(&o, f, t, 0));
	x = o;
	x.secrets[1][7] ^= 1;
	EXPECT_EQ(MLT_PUZZLE_BAD_COOKIE, check(&x, f, t, 0));
	/* The other generation's secret plays no part. */
	x = o;
	memset(x.secrets[0], 0, 32);
	EXPECT_EQ(MLT_PUZZLE_OK, check(&x, f, t, 0));
	/* The two swapped: the cookie's own secret is gone. */
	memcpy(x.secrets[0], o.secrets[1], 32);
	memcpy(x.secrets[1], o.secrets[0], 32);
	EXPECT_EQ(MLT_PUZZLE_BAD_COOKIE, check(&x, f, t, 0));
}

TEST(generations_and_rotation)
{
	const u32 life = MLT_PUZZLE_SECRET_LIFE, g0 = 1000 * life;
	struct mlt_puzzle p;
	struct opening o;
	u8 f[48];

	EXPECT_EQ(0, mlt_puzzle_generation(0));
	EXPECT_EQ(0, mlt_puzzle_key_id(0));
	EXPECT_EQ(0, mlt_puzzle_key_id(life - 1));
	EXPECT_EQ(1, mlt_puzzle_key_id(life));
	EXPECT_EQ(1, mlt_puzzle_key_id(2 * life - 1));
	EXPECT_EQ(0, mlt_puzzle_key_id(2 * life));
	EXPECT_EQ(1001, mlt_puzzle_generation(g0 + life));
	EXPECT_EQ(35791394, mlt_puzzle_generation(0xffffffffu));

	kat_opening(&o);
	/* Issued in the last second of an even generation... */
	issue_solved(&o, f, g0 + life - 1, 2);
	EXPECT_EQ(0, f[5]);
	/* ...checked in the next one, after secret[1] was replaced. */
	memset(o.secrets[1], 0xee, 32);
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, g0 + life + 10, 0));
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, g0 + life - 1 + MLT_PUZZLE_TTL,
				       0));
	/* The next even generation replaces secret[0]: the cookie no
	 * longer verifies (by then it has long expired).
	 */
	memset(o.secrets[0], 0xdd, 32);
	EXPECT_EQ(MLT_PUZZLE_BAD_COOKIE, check(&o, f, g0 + life + 10, 0));

	/* A field whose key_id is not its generation's parity, even with
	 * the cookie made by that key: never issued, a bad cookie.
	 */
	kat_opening(&o);
	p.issued = g0 + 5;
	p.bits = 0;
	p.key_id = 1;
	p.solution = 0;
	mlt_puzzle_cookie(p.cookie, o.secrets[1], p.issued, 0, 1, o.tid,
			  o.cprime, o.addr, o.port);
	mlt_puzzle_encode(&p, f);
	EXPECT_EQ(MLT_PUZZLE_BAD_COOKIE, check(&o, f, g0 + 5, 0));
}

TEST(too_easy)
{
	const u32 t = 5000;
	struct opening o;
	u8 f[48];
	u64 s;

	kat_opening(&o);
	issue_solved(&o, f, t, 8);
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, t, 0));
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, t, 8));
	EXPECT_EQ(MLT_PUZZLE_TOO_EASY, check(&o, f, t, 9));
	EXPECT_EQ(MLT_PUZZLE_TOO_EASY, check(&o, f, t, 255));
	/* Too easy comes before unsolved. */
	issue(&o, f, t, 8);
	for (s = 0; mlt_puzzle_solved(f + 8, s, 8); s++)
		;
	put_unaligned_be64(s, f + 40);
	EXPECT_EQ(MLT_PUZZLE_UNSOLVED, check(&o, f, t, 8));
	EXPECT_EQ(MLT_PUZZLE_TOO_EASY, check(&o, f, t, 9));
	/* Bits 0 is a pure cookie, too easy for any requirement. */
	issue(&o, f, t, 0);
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, t, 0));
	EXPECT_EQ(MLT_PUZZLE_TOO_EASY, check(&o, f, t, 1));
}

TEST(issue_clamps_bits)
{
	struct opening o;
	u8 f[48];

	kat_opening(&o);
	issue(&o, f, 7, MLT_PUZZLE_BITS_MAX + 1);
	EXPECT_EQ(MLT_PUZZLE_BITS_MAX, f[4]);
	issue(&o, f, 7, 255);
	EXPECT_EQ(MLT_PUZZLE_BITS_MAX, f[4]);
	EXPECT_EQ(MLT_PUZZLE_UNSOLVED, check(&o, f, 7, 0));
}

TEST(solve_then_check)
{
	static const u8 levels[] = { 0, 1, 8, 12 };
	const u32 t = 777777;
	struct opening o;
	unsigned int i, b;
	u8 f[48], d[32];
	u64 s;

	kat_opening(&o);
	for (i = 0; i < ARRAY_SIZE(levels); i++) {
		s = issue_solved(&o, f, t, levels[i]);
		EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, t, levels[i]));
		raw_digest(d, f + 8, s);
		EXPECT_LE(levels[i], lead_zeros(d));
		if (!levels[i])
			EXPECT_EQ(0, s);	/* the first try */
		/* A solution for 12 bits is one for fewer, not for more
		 * than its hash has.
		 */
		for (b = 0; b <= levels[i]; b++)
			EXPECT_TRUE(mlt_puzzle_solved(f + 8, s, b));
		EXPECT_FALSE(mlt_puzzle_solved(f + 8, s, lead_zeros(d) + 1));
	}
	/* Starting elsewhere finds a solution there or later. */
	issue(&o, f, t, 8);
	ASSERT_TRUE(mlt_puzzle_solve(f + 8, 8, ~0ull - 5, 1 << 16, &s));
	raw_digest(d, f + 8, s);
	EXPECT_LE(8, lead_zeros(d));
}

TEST(solve_with_a_small_budget_fails)
{
	u64 s = 12345, least;

	/* The least solution from 0 at 12 bits is KAT_SOL12. */
	EXPECT_FALSE(mlt_puzzle_solve(kat_cookie, 12, 0, KAT_SOL12, &s));
	EXPECT_EQ(12345, s);		/* untouched */
	ASSERT_TRUE(mlt_puzzle_solve(kat_cookie, 12, 0, KAT_SOL12 + 1, &s));
	EXPECT_EQ(KAT_SOL12, s);
	least = s;
	EXPECT_TRUE(mlt_puzzle_solve(kat_cookie, 12, least, 1, &s));
	EXPECT_FALSE(mlt_puzzle_solve(kat_cookie, 12, least + 1, 1, &s));
	/* No budget, no try, even for 0 bits. */
	s = 12345;
	EXPECT_FALSE(mlt_puzzle_solve(kat_cookie, 0, 0, 0, &s));
	EXPECT_EQ(12345, s);
}

TEST(unsolved)
{
	struct opening o;
	u8 f[48];
	u64 s;

	kat_opening(&o);
	memcpy(f, kat_field, 48);
	for (s = 0; s < KAT_SOL8; s++) {
		put_unaligned_be64(s, f + 40);
		EXPECT_EQ(MLT_PUZZLE_UNSOLVED, check(&o, f, KAT_ISSUED, 0));
	}
	put_unaligned_be64(KAT_SOL8, f + 40);
	EXPECT_EQ(MLT_PUZZLE_OK, check(&o, f, KAT_ISSUED, 0));
}

TEST(difficulty_policy)
{
	const u32 max = 1024, trig = max / MLT_PUZZLE_TRIGGER_DIV;
	const u8 lo = MLT_PUZZLE_MIN_BITS, hi = MLT_PUZZLE_MAX_BITS;
	u8 prev = 0, b;
	u32 d;

	EXPECT_FALSE(mlt_puzzle_under_load(0, max));
	EXPECT_FALSE(mlt_puzzle_under_load(trig - 1, max));
	EXPECT_TRUE(mlt_puzzle_under_load(trig, max));
	EXPECT_TRUE(mlt_puzzle_under_load(max / 2, max));
	EXPECT_TRUE(mlt_puzzle_under_load(max, max));
	EXPECT_TRUE(mlt_puzzle_under_load(5 * max, max));
	EXPECT_TRUE(mlt_puzzle_under_load(0xffffffffu, 0xffffffffu));
	EXPECT_FALSE(mlt_puzzle_under_load(0x3fffffffu, 0xffffffffu));
	/* A queue that holds nothing is always full. */
	EXPECT_TRUE(mlt_puzzle_under_load(0, 0));

	EXPECT_EQ(lo, mlt_puzzle_bits(0, max, lo, hi));
	EXPECT_EQ(lo, mlt_puzzle_bits(trig - 1, max, lo, hi));
	EXPECT_EQ(lo, mlt_puzzle_bits(trig, max, lo, hi));
	EXPECT_EQ(lo + (hi - lo) / 3, mlt_puzzle_bits(max / 2, max, lo, hi));
	EXPECT_EQ(hi - 1, mlt_puzzle_bits(max - 1, max, lo, hi));
	EXPECT_EQ(hi, mlt_puzzle_bits(max, max, lo, hi));
	EXPECT_EQ(hi, mlt_puzzle_bits(max + 1, max, lo, hi));
	EXPECT_EQ(hi, mlt_puzzle_bits(0xffffffffu, max, lo, hi));
	EXPECT_EQ(hi, mlt_puzzle_bits(0, 0, lo, hi));
	EXPECT_EQ(hi, mlt_puzzle_bits(7, 0, lo, hi));
	/* Linear: 12 bits over 768 openings, one per 64. */
	EXPECT_EQ(lo, mlt_puzzle_bits(trig + 63, max, lo, hi));
	EXPECT_EQ(lo + 1, mlt_puzzle_bits(trig + 64, max, lo, hi));
	/* Never down as the queue fills, for several capacities. */
	for (d = 0; d <= 2 * max; d++) {
		b = mlt_puzzle_bits(d, max, lo, hi);
		EXPECT_LE(prev, b);
		EXPECT_LE(lo, b);
		EXPECT_GE(hi, b);
		prev = b;
	}
	for (d = 0; d <= 4; d++)
		EXPECT_EQ(d == 0 ? lo : hi, mlt_puzzle_bits(d, 1, lo, hi));
	EXPECT_FALSE(mlt_puzzle_under_load(0, 1));
	EXPECT_TRUE(mlt_puzzle_under_load(1, 3));	/* 1 >= 3/4 */
	EXPECT_EQ(lo, mlt_puzzle_bits(1, 4, lo, hi));
	EXPECT_EQ(lo + (hi - lo) / 3, mlt_puzzle_bits(2, 4, lo, hi));
	/* Odd arguments: max_bits below min_bits, above the format's. */
	EXPECT_EQ(12, mlt_puzzle_bits(max, max, 12, 4));
	EXPECT_EQ(12, mlt_puzzle_bits(0, max, 12, 4));
	EXPECT_EQ(MLT_PUZZLE_BITS_MAX, mlt_puzzle_bits(max, max, 0, 255));
	EXPECT_EQ(MLT_PUZZLE_BITS_MAX, mlt_puzzle_bits(0, max, 200, 255));
	EXPECT_EQ(0, mlt_puzzle_bits(max, max, 0, 0));
}

TEST_HARNESS_MAIN
