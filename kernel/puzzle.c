// SPDX-License-Identifier: GPL-2.0
/*
 * The DoS puzzle, pure part: see puzzle.h.
 *
 * Secrets. The server keeps MLT_PUZZLE_SECRETS (2) random secrets of
 * MLT_PUZZLE_SECRET_LEN bytes. Time is cut into generations of
 * MLT_PUZZLE_SECRET_LIFE seconds, g = now / MLT_PUZZLE_SECRET_LIFE; a
 * cookie issued in generation g is made with secret[g & 1] and says so in
 * its key_id. When the caller sees a new generation g start, it replaces
 * secret[g & 1] with fresh random bytes (both secrets, if it did not see
 * generation g - 1: a secret must not outlive its two generations). So
 * secret[g & 1] made in generation g lives through g and g + 1, and a
 * cookie of generation g stays checkable until g + 2 starts: at least one
 * full generation after it was issued, at most two. Since MLT_PUZZLE_TTL
 * (30 s) is less than a generation (120 s), every cookie that has not
 * expired was made with a secret that is still there: issued at t in
 * generation g, t < (g + 1) * LIFE, it expires at t + TTL < (g + 2) * LIFE.
 *
 * A field whose key_id is not the parity of its issued time's generation
 * was never issued by a server that follows this rule: mlt_puzzle_check()
 * treats it as a forged cookie (MLT_PUZZLE_BAD_COOKIE), without hashing.
 *
 * The u32 seconds wrap every 136 years of the caller's clock; the last
 * generation before the wrap (16 s long) and the first after it are both
 * even, so cookies issued in those 16 s fail once when secret 0 is
 * replaced at the wrap, and their clients solve a fresh challenge.
 */
#include "puzzle.h"

/* Field offsets. */
#define OFF_ISSUED	0
#define OFF_BITS	4
#define OFF_KEY_ID	5
#define OFF_RESERVED	6
#define OFF_COOKIE	8
#define OFF_SOLUTION	40

/**
 * mlt_puzzle_generation() - the secret generation a time falls in
 * @now_s: the server's clock, seconds
 *
 * Return: @now_s / MLT_PUZZLE_SECRET_LIFE. The caller replaces
 * secret[mlt_puzzle_key_id(now_s)] whenever this changes (see puzzle.c).
 */
u32 mlt_puzzle_generation(u32 now_s)
{
	return now_s / MLT_PUZZLE_SECRET_LIFE;
}

/**
 * mlt_puzzle_key_id() - which of the two secrets makes cookies now
 * @now_s: the server's clock, seconds
 *
 * Return: the parity of the generation of @now_s, 0 or 1.
 */
u8 mlt_puzzle_key_id(u32 now_s)
{
	return mlt_puzzle_generation(now_s) & 1;
}

/**
 * mlt_puzzle_decode() - read a puzzle field
 * @p: receives the field's values
 * @field: MLT_PUZZLE_LEN bytes
 *
 * Return: 0, or -EINVAL if the field is malformed: key_id above 1, a
 * reserved bit set or bits above MLT_PUZZLE_BITS_MAX. @p is left unchanged
 * then.
 */
int mlt_puzzle_decode(struct mlt_puzzle *p, const u8 *field)
{
	if (field[OFF_KEY_ID] >= MLT_PUZZLE_SECRETS ||
	    get_unaligned_be16(field + OFF_RESERVED) ||
	    field[OFF_BITS] > MLT_PUZZLE_BITS_MAX)
		return -EINVAL;
	p->issued = get_unaligned_be32(field + OFF_ISSUED);
	p->bits = field[OFF_BITS];
	p->key_id = field[OFF_KEY_ID];
	memcpy(p->cookie, field + OFF_COOKIE, MLT_PUZZLE_COOKIE_LEN);
	p->solution = get_unaligned_be64(field + OFF_SOLUTION);
	return 0;
}

/**
 * mlt_puzzle_encode() - write a puzzle field
 * @p: the values; not checked, so a caller that sets bits or key_id out
 *     of range writes a field that mlt_puzzle_decode() refuses
 * @field: receives MLT_PUZZLE_LEN bytes, the reserved ones zero
 */
void mlt_puzzle_encode(const struct mlt_puzzle *p, u8 *field)
{
	put_unaligned_be32(p->issued, field + OFF_ISSUED);
	field[OFF_BITS] = p->bits;
	field[OFF_KEY_ID] = p->key_id;
	put_unaligned_be16(0, field + OFF_RESERVED);
	memcpy(field + OFF_COOKIE, p->cookie, MLT_PUZZLE_COOKIE_LEN);
	put_unaligned_be64(p->solution, field + OFF_SOLUTION);
}

/**
 * mlt_puzzle_cookie() - the cookie of a challenge
 * @out: receives the MLT_PUZZLE_COOKIE_LEN-byte cookie
 * @secret: the server secret of @key_id
 * @issued: the issue time, seconds
 * @bits: the difficulty
 * @key_id: which secret, 0 or 1
 * @tid: the opening's tid word; its flag bits (P, Z) are left out, so the
 *       opening that carries the solution (Z set) matches the one that
 *       was challenged (Z clear)
 * @cprime: the client's ephemeral public key C' from the opening
 * @addr: the client's address, IPv4 as ::ffff:a.b.c.d
 * @port: the client's UDP port
 *
 * BLAKE2s-256 keyed with @secret over the MLT_PUZZLE_MSG_LEN (64) bytes
 * issued (be32) || bits || key_id || tid without flags (be64) || C' ||
 * addr || port (be16): the cookie binds the challenge to this opening's
 * tunnel, key and source, and its difficulty and time to the server.
 */
void mlt_puzzle_cookie(u8 out[MLT_PUZZLE_COOKIE_LEN],
		       const u8 secret[MLT_PUZZLE_SECRET_LEN], u32 issued,
		       u8 bits, u8 key_id, u64 tid,
		       const u8 cprime[MLT_PUBKEY_LEN], const u8 addr[16],
		       u16 port)
{
	u8 msg[MLT_PUZZLE_MSG_LEN];

	put_unaligned_be32(issued, msg);
	msg[4] = bits;
	msg[5] = key_id;
	put_unaligned_be64(tid & MLT_TID_MASK, msg + 6);
	memcpy(msg + 14, cprime, MLT_PUBKEY_LEN);
	memcpy(msg + 46, addr, 16);
	put_unaligned_be16(port, msg + 62);
	blake2s(out, msg, secret, MLT_PUZZLE_COOKIE_LEN, sizeof(msg),
		MLT_PUZZLE_SECRET_LEN);
}

/**
 * mlt_puzzle_issue() - a challenge for an opening
 * @field: receives the MLT_PUZZLE_LEN-byte field, solution 0
 * @secrets: the server's two secrets; secret[mlt_puzzle_key_id(@now_s)]
 *           makes the cookie
 * @now_s: the server's clock, seconds: the issue time
 * @bits: the difficulty, at most MLT_PUZZLE_BITS_MAX (higher is lowered
 *        to it, so the field is always well-formed)
 * @tid: the opening's tid word (flags ignored)
 * @cprime: the opening's C'
 * @addr: the opening's source address, IPv4 as ::ffff:a.b.c.d
 * @port: the opening's source port
 */
void mlt_puzzle_issue(u8 field[MLT_PUZZLE_LEN],
		      const u8 secrets[MLT_PUZZLE_SECRETS][MLT_PUZZLE_SECRET_LEN],
		      u32 now_s, u8 bits, u64 tid,
		      const u8 cprime[MLT_PUBKEY_LEN], const u8 addr[16],
		      u16 port)
{
	struct mlt_puzzle p = {
		.issued = now_s,
		.bits = min_t(u8, bits, MLT_PUZZLE_BITS_MAX),
		.key_id = mlt_puzzle_key_id(now_s),
	};

	mlt_puzzle_cookie(p.cookie, secrets[p.key_id], p.issued, p.bits,
			  p.key_id, tid, cprime, addr, port);
	mlt_puzzle_encode(&p, field);
}

/**
 * mlt_puzzle_solved() - whether a solution meets a difficulty
 * @cookie: the challenge's cookie
 * @solution: the candidate
 * @bits: the difficulty
 *
 * Return: whether BLAKE2s-256 (unkeyed) of @cookie || @solution (be64)
 * begins with at least @bits zero bits, counted from the most significant
 * bit of its first byte. Always true for 0 bits.
 */
bool mlt_puzzle_solved(const u8 cookie[MLT_PUZZLE_COOKIE_LEN], u64 solution,
		       u8 bits)
{
	u8 in[MLT_PUZZLE_COOKIE_LEN + 8], h[BLAKE2S_HASH_SIZE];
	unsigned int i;

	memcpy(in, cookie, MLT_PUZZLE_COOKIE_LEN);
	put_unaligned_be64(solution, in + MLT_PUZZLE_COOKIE_LEN);
	blake2s(h, in, NULL, sizeof(h), sizeof(in), 0);
	/* bits <= 255, so bits / 8 <= 31 indexes h. */
	for (i = 0; i < bits / 8u; i++)
		if (h[i])
			return false;
	return !(bits % 8u) || !(h[i] >> (8 - bits % 8u));
}

/**
 * mlt_puzzle_solve() - search for a solution (the client's side)
 * @cookie: the challenge's cookie
 * @bits: the difficulty; 2^@bits tries are expected
 * @start: the first candidate (a random one spreads clients apart)
 * @budget: the most candidates to try: @start, @start + 1, ... (mod 2^64)
 * @solution: receives the solution found
 *
 * Return: whether a solution was found within @budget tries; @solution
 * is left unchanged if not.
 */
bool mlt_puzzle_solve(const u8 cookie[MLT_PUZZLE_COOKIE_LEN], u8 bits,
		      u64 start, u64 budget, u64 *solution)
{
	u64 i;

	for (i = 0; i < budget; i++) {
		if (mlt_puzzle_solved(cookie, start + i, bits)) {
			*solution = start + i;
			return true;
		}
	}
	return false;
}

/**
 * mlt_puzzle_check() - the server's stateless check of a returned field
 * @field: the MLT_PUZZLE_LEN-byte field from the opening
 * @secrets: the server's two secrets, as they are now
 * @now_s: the server's clock, seconds
 * @min_bits: the least difficulty accepted now; 0 accepts any the server
 *            issued (the cookie authenticates the field's difficulty)
 * @tid: the opening's tid word (flags ignored)
 * @cprime: the opening's C'
 * @addr: the opening's source address, IPv4 as ::ffff:a.b.c.d
 * @port: the opening's source port
 *
 * In this order: a malformed field; one issued more than MLT_PUZZLE_TTL
 * seconds before @now_s or more than MLT_PUZZLE_SKEW after it (by the u32
 * difference, so the wrap of the clock is no edge); a cookie that is not
 * the one recomputed with secret[key_id] (compared in constant time), or a
 * key_id that is not the parity of issued's generation; fewer bits than
 * @min_bits; a solution without the field's bits of leading zeros.
 *
 * Return: MLT_PUZZLE_OK (0), or the first thing found wrong.
 */
enum mlt_puzzle_verdict
mlt_puzzle_check(const u8 field[MLT_PUZZLE_LEN],
		 const u8 secrets[MLT_PUZZLE_SECRETS][MLT_PUZZLE_SECRET_LEN],
		 u32 now_s, u8 min_bits, u64 tid,
		 const u8 cprime[MLT_PUBKEY_LEN], const u8 addr[16], u16 port)
{
	u8 cookie[MLT_PUZZLE_COOKIE_LEN];
	struct mlt_puzzle p;

	if (mlt_puzzle_decode(&p, field))
		return MLT_PUZZLE_MALFORMED;
	if (now_s - p.issued > MLT_PUZZLE_TTL &&
	    p.issued - now_s > MLT_PUZZLE_SKEW)
		return MLT_PUZZLE_EXPIRED;
	if (p.key_id != mlt_puzzle_key_id(p.issued))
		return MLT_PUZZLE_BAD_COOKIE;
	mlt_puzzle_cookie(cookie, secrets[p.key_id], p.issued, p.bits,
			  p.key_id, tid, cprime, addr, port);
	if (crypto_memneq(cookie, p.cookie, MLT_PUZZLE_COOKIE_LEN))
		return MLT_PUZZLE_BAD_COOKIE;
	if (p.bits < min_bits)
		return MLT_PUZZLE_TOO_EASY;
	if (!mlt_puzzle_solved(p.cookie, p.solution, p.bits))
		return MLT_PUZZLE_UNSOLVED;
	return MLT_PUZZLE_OK;
}

/**
 * mlt_puzzle_under_load() - whether openings get a challenge now
 * @depth: openings waiting in the server's queue
 * @max: the queue's capacity
 *
 * The trigger is a queue 1/MLT_PUZZLE_TRIGGER_DIV full: below it openings
 * are admitted without a puzzle. A queue of capacity 0 is always full.
 *
 * Return: whether @depth is at least @max / MLT_PUZZLE_TRIGGER_DIV
 * (exactly, without rounding).
 */
bool mlt_puzzle_under_load(u32 depth, u32 max)
{
	return (u64)depth * MLT_PUZZLE_TRIGGER_DIV >= max;
}

/**
 * mlt_puzzle_bits() - the difficulty to ask for under load
 * @depth: openings waiting in the server's queue
 * @max: the queue's capacity
 * @min_bits: the difficulty at the trigger (MLT_PUZZLE_MIN_BITS)
 * @max_bits: the difficulty at a full queue (MLT_PUZZLE_MAX_BITS)
 *
 * Linear in @depth from @min_bits at the trigger (a quarter full) to
 * @max_bits at a full queue, rounded down: min_bits + (max_bits -
 * min_bits) * (4 * depth - max) / (3 * max). @min_bits at or below the
 * trigger (the caller asks mlt_puzzle_under_load() first), @max_bits when
 * full or over-full or when @max is 0; @max_bits below @min_bits counts as
 * @min_bits, and the result is at most MLT_PUZZLE_BITS_MAX.
 *
 * Return: the number of leading zero bits to require.
 */
u8 mlt_puzzle_bits(u32 depth, u32 max, u8 min_bits, u8 max_bits)
{
	u64 over, span;
	u8 bits;

	if (max_bits < min_bits)
		max_bits = min_bits;
	if (depth >= max) {
		bits = max_bits;
	} else if ((u64)depth * MLT_PUZZLE_TRIGGER_DIV <= max) {
		bits = min_bits;
	} else {
		/* Past the trigger, before full: over < span, both < 2^34. */
		over = (u64)depth * MLT_PUZZLE_TRIGGER_DIV - max;
		span = (u64)max * (MLT_PUZZLE_TRIGGER_DIV - 1);
		bits = min_bits + div64_u64((u64)(max_bits - min_bits) * over,
					    span);
	}
	return min_t(u8, bits, MLT_PUZZLE_BITS_MAX);
}
