// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target of the DoS puzzle, kernel/puzzle.c. Two parts per input:
 *
 * - The field as given is checked against the parameters as given: check()
 *   never crashes, says MALFORMED exactly when decode() refuses the field,
 *   a well-formed field survives decode/encode unchanged, the cookie
 *   function equals a recomputation here (the message built by this file,
 *   hashed by libb2), and OK comes only for a field that decodes, is not
 *   expired, carries that very cookie, meets min_bits and is solved.
 * - A field issued by mlt_puzzle_issue() with the same parameters and a
 *   tiny difficulty (0 to 5 bits), solved by mlt_puzzle_solve(): it checks
 *   OK at its issue time, OK or EXPIRED at a time near it exactly as the
 *   TTL and skew say, BAD_COOKIE under the other secret; with one byte of
 *   it changed it is never OK, unless the change is in the solution and
 *   the new solution also solves it.
 *
 * Input, zero-padded when short (big-endian integers):
 *	0   48  the field
 *	48  4   now, seconds
 *	52  1   min_bits
 *	53  8   tid
 *	61  2   port
 *	63  16  addr
 *	79  1   bits of the issued field, mod 6
 *	80  1   check time of the issued field minus its issue time (s8)
 *	81  1   the byte of the issued field to change (mod 48)
 *	82  1   what to xor into it (0: no change)
 *	83  32  C'
 */

#include "fuzz.h"
#include "puzzle.h"

#define IN_LEN	115

/* Two fixed server secrets. */
static const u8 secrets[MLT_PUZZLE_SECRETS][MLT_PUZZLE_SECRET_LEN] = {
	"fuzz_puzzle secret 0 .........",
	"fuzz_puzzle secret 1 .........",
};

/* The cookie, built as the spec says rather than by puzzle.c. */
static void spec_cookie(u8 out[32], const u8 secret[32], u32 issued, u8 bits,
			u8 key_id, u64 tid, const u8 cprime[32],
			const u8 addr[16], u16 port)
{
	u8 msg[64];
	size_t at = 0;

	put_unaligned_be32(issued, msg + at);
	at += 4;
	msg[at++] = bits;
	msg[at++] = key_id;
	put_unaligned_be64(tid & ~(3ull << 62), msg + at);
	at += 8;
	memcpy(msg + at, cprime, 32);
	at += 32;
	memcpy(msg + at, addr, 16);
	at += 16;
	put_unaligned_be16(port, msg + at);
	at += 2;
	CHECK(at == sizeof(msg));
	CHECK(!blake2s(out, msg, secret, 32, sizeof(msg), 32));
}

/* Leading zero bits of BLAKE2s-256(cookie || be64(solution)), by libb2. */
static unsigned int spec_zeros(const u8 cookie[32], u64 solution)
{
	u8 in[40], h[32];
	unsigned int n = 0, i;

	memcpy(in, cookie, 32);
	put_unaligned_be64(solution, in + 32);
	CHECK(!blake2s(h, in, NULL, 32, sizeof(in), 0));
	for (i = 0; i < 32 && !h[i]; i++)
		n += 8;
	if (i < 32)
		n += __builtin_clz(h[i]) - 24;
	return n;
}

static bool spec_expired(u32 issued, u32 now)
{
	return now - issued > MLT_PUZZLE_TTL &&
	       issued - now > MLT_PUZZLE_SKEW;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 in[IN_LEN] = { 0 }, field[MLT_PUZZLE_LEN], again[MLT_PUZZLE_LEN];
	u8 cookie[32], want[32], swapped[2][32];
	const u8 *cprime, *addr;
	enum mlt_puzzle_verdict v;
	struct mlt_puzzle p;
	u8 min_bits, bits;
	u32 now, then;
	u16 port;
	u64 tid, s;
	int dec;

	memcpy(in, data, size < IN_LEN ? size : IN_LEN);
	memcpy(field, in, MLT_PUZZLE_LEN);
	now = get_unaligned_be32(in + 48);
	min_bits = in[52];
	tid = get_unaligned_be64(in + 53);
	port = get_unaligned_be16(in + 61);
	addr = in + 63;
	cprime = in + 83;

	/* The field as given. */
	dec = mlt_puzzle_decode(&p, field);
	v = mlt_puzzle_check(field, secrets, now, min_bits, tid, cprime, addr,
			     port);
	CHECK((v == MLT_PUZZLE_MALFORMED) == (dec != 0));
	CHECK(v <= MLT_PUZZLE_UNSOLVED);
	if (!dec) {
		CHECK(p.key_id <= 1 && p.bits <= MLT_PUZZLE_BITS_MAX);
		mlt_puzzle_encode(&p, again);
		CHECK(!memcmp(field, again, MLT_PUZZLE_LEN));

		mlt_puzzle_cookie(cookie, secrets[p.key_id], p.issued, p.bits,
				  p.key_id, tid, cprime, addr, port);
		spec_cookie(want, secrets[p.key_id], p.issued, p.bits,
			    p.key_id, tid, cprime, addr, port);
		CHECK(!memcmp(cookie, want, 32));
		CHECK(mlt_puzzle_solved(p.cookie, p.solution, p.bits) ==
		      (spec_zeros(p.cookie, p.solution) >= p.bits));
		CHECK((v == MLT_PUZZLE_EXPIRED) ==
		      spec_expired(p.issued, now));
	}
	if (v == MLT_PUZZLE_OK) {
		CHECK(!dec);
		CHECK(!spec_expired(p.issued, now));
		CHECK(p.key_id == mlt_puzzle_key_id(p.issued));
		CHECK(!memcmp(p.cookie, want, 32));
		CHECK(p.bits >= min_bits);
		CHECK(mlt_puzzle_solved(p.cookie, p.solution, p.bits));
	}

	/* A field issued for the same opening, then solved. */
	bits = in[79] % 6;
	mlt_puzzle_issue(field, secrets, now, bits, tid, cprime, addr, port);
	CHECK(!mlt_puzzle_decode(&p, field));
	CHECK(p.issued == now && p.bits == bits && !p.solution &&
	      p.key_id == mlt_puzzle_key_id(now));
	spec_cookie(want, secrets[p.key_id], now, bits, p.key_id, tid, cprime,
		    addr, port);
	CHECK(!memcmp(p.cookie, want, 32));
	s = get_unaligned_be64(in + 40);	/* where the search starts */
	CHECK(mlt_puzzle_solve(p.cookie, bits, s, 1 << 16, &s));
	CHECK(spec_zeros(p.cookie, s) >= bits);
	put_unaligned_be64(s, field + 40);
	min_bits %= bits + 1;
	CHECK(mlt_puzzle_check(field, secrets, now, min_bits, tid, cprime,
			       addr, port) == MLT_PUZZLE_OK);

	then = now + (u32)(s32)(signed char)in[80];
	v = mlt_puzzle_check(field, secrets, then, min_bits, tid, cprime, addr,
			     port);
	CHECK(v == (spec_expired(now, then) ? MLT_PUZZLE_EXPIRED :
		    MLT_PUZZLE_OK));

	memcpy(swapped[0], secrets[1], 32);
	memcpy(swapped[1], secrets[0], 32);
	CHECK(mlt_puzzle_check(field, swapped, now, min_bits, tid, cprime,
			       addr, port) == MLT_PUZZLE_BAD_COOKIE);

	if (in[82]) {
		u8 at = in[81] % MLT_PUZZLE_LEN;

		field[at] ^= in[82];
		v = mlt_puzzle_check(field, secrets, now, min_bits, tid,
				     cprime, addr, port);
		if (at < 40)
			CHECK(v != MLT_PUZZLE_OK);
		else
			CHECK((v == MLT_PUZZLE_OK) ==
			      (spec_zeros(p.cookie,
					  get_unaligned_be64(field + 40)) >=
			       bits));
	}
	return 0;
}
