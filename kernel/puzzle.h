/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DoS puzzle (Documentation/protocol.rst, "Puzzles"): the pure part.
 * A server under load answers an opening with a challenge in the header's
 * 48-byte puzzle field: a cookie that it can check without keeping any
 * state, and a difficulty. The client finds a solution whose hash has that
 * many leading zero bits and resends its opening with the field filled in.
 *
 * The field (all integers big-endian):
 *
 *	off  size  field
 *	0    4     issued    server clock in seconds at issue
 *	4    1     bits      difficulty, 0 to MLT_PUZZLE_BITS_MAX
 *	5    1     key_id    the secret that made the cookie: 0 or 1
 *	6    2     reserved  zero
 *	8    32    cookie    BLAKE2s-256 keyed with secret[key_id], see
 *	                     mlt_puzzle_cookie()
 *	40   8     solution  0 in a challenge
 *
 * No locking, allocation or clock reads here (the time is a parameter); it
 * builds in the kernel and, for unit tests, in userspace.
 */
#ifndef _MLT_PUZZLE_H
#define _MLT_PUZZLE_H

#include "protocol.h"

/* A decoded puzzle field; the reserved bytes are not kept (always zero). */
struct mlt_puzzle {
	u32 issued;
	u8 bits;
	u8 key_id;
	u8 cookie[MLT_PUZZLE_COOKIE_LEN];
	u64 solution;
};

/* What mlt_puzzle_check() makes of a field, in the order it checks. */
enum mlt_puzzle_verdict {
	MLT_PUZZLE_OK = 0,
	MLT_PUZZLE_MALFORMED,	/* key_id > 1, reserved set, bits too high */
	MLT_PUZZLE_EXPIRED,	/* issued too long ago or too far ahead */
	MLT_PUZZLE_BAD_COOKIE,	/* not made by this server for this opening */
	MLT_PUZZLE_TOO_EASY,	/* fewer bits than the caller requires */
	MLT_PUZZLE_UNSOLVED,	/* the solution lacks the leading zeros */
};

u32 mlt_puzzle_generation(u32 now_s);
u8 mlt_puzzle_key_id(u32 now_s);
int mlt_puzzle_decode(struct mlt_puzzle *p, const u8 *field);
void mlt_puzzle_encode(const struct mlt_puzzle *p, u8 *field);
void mlt_puzzle_cookie(u8 out[MLT_PUZZLE_COOKIE_LEN],
		       const u8 secret[MLT_PUZZLE_SECRET_LEN], u32 issued,
		       u8 bits, u8 key_id, u64 tid,
		       const u8 cprime[MLT_PUBKEY_LEN], const u8 addr[16],
		       u16 port);
void mlt_puzzle_issue(u8 field[MLT_PUZZLE_LEN],
		      const u8 secrets[MLT_PUZZLE_SECRETS][MLT_PUZZLE_SECRET_LEN],
		      u32 now_s, u8 bits, u64 tid,
		      const u8 cprime[MLT_PUBKEY_LEN], const u8 addr[16],
		      u16 port);
bool mlt_puzzle_solved(const u8 cookie[MLT_PUZZLE_COOKIE_LEN], u64 solution,
		       u8 bits);
bool mlt_puzzle_solve(const u8 cookie[MLT_PUZZLE_COOKIE_LEN], u8 bits,
		      u64 start, u64 budget, u64 *solution);
enum mlt_puzzle_verdict
mlt_puzzle_check(const u8 field[MLT_PUZZLE_LEN],
		 const u8 secrets[MLT_PUZZLE_SECRETS][MLT_PUZZLE_SECRET_LEN],
		 u32 now_s, u8 min_bits, u64 tid,
		 const u8 cprime[MLT_PUBKEY_LEN], const u8 addr[16], u16 port);
bool mlt_puzzle_under_load(u32 depth, u32 max);
u8 mlt_puzzle_bits(u32 depth, u32 max, u8 min_bits, u8 max_bits);

#endif /* _MLT_PUZZLE_H */
