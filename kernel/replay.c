// SPDX-License-Identifier: GPL-2.0
/*
 * The nonce replay window (RFC 6479). See replay.h.
 *
 * The bitmap is a ring: nonce n owns bit n mod MLT_REPLAY_WINDOW. The window
 * holds exactly the MLT_REPLAY_WINDOW nonces next - MLT_REPLAY_WINDOW to
 * next - 1. When it slides forward, the bits of the nonces that enter it
 * are cleared (a whole word at a time where possible), so every bit in the
 * ring is always that of a nonce inside the window.
 */

#include "pure.h"
#include "protocol.h"
#include "replay.h"

#if MLT_REPLAY_WINDOW % 64 || MLT_REPLAY_WINDOW & (MLT_REPLAY_WINDOW - 1)
#error "the replay ring must be a power of two of 64-bit words"
#endif

/**
 * mlt_replay_init() - empty a replay window
 * @r: the window
 */
void mlt_replay_init(struct mlt_replay *r)
{
	memset(r, 0, sizeof(*r));
}

static bool mlt_replay_test(const struct mlt_replay *r, u64 nonce)
{
	unsigned int bit = nonce & (MLT_REPLAY_WINDOW - 1);

	return r->bitmap[bit / 64] & BIT_ULL(bit % 64);
}

/* Clear the bits of the @count nonces from @nonce on; @count <= window. */
static void mlt_replay_clear(struct mlt_replay *r, u64 nonce, u64 count)
{
	while (count) {
		unsigned int bit = nonce & (MLT_REPLAY_WINDOW - 1);
		unsigned int shift = bit % 64;
		unsigned int take = 64 - shift;
		u64 mask;

		if (take > count)
			take = count;
		mask = take == 64 ? ~0ULL : (BIT_ULL(take) - 1) << shift;
		r->bitmap[bit / 64] &= ~mask;
		nonce += take;
		count -= take;
	}
}

/**
 * mlt_replay_check() - whether a nonce may be accepted, changing nothing
 * @r: the window
 * @nonce: the nonce of a received datagram
 *
 * Return: %MLT_DROP_NONE if @nonce is new: above the window, or inside it
 * and not marked yet. Else %MLT_DROP_NONCE_LIMIT for a nonce at or past
 * %MLT_REJECT_AFTER_MESSAGES, %MLT_DROP_REPLAY_OLD for one below the window,
 * %MLT_DROP_REPLAY_DUP for one marked already.
 */
enum mlt_drop_reason mlt_replay_check(const struct mlt_replay *r, u64 nonce)
{
	if (nonce >= MLT_REJECT_AFTER_MESSAGES)
		return MLT_DROP_NONCE_LIMIT;
	if (nonce >= r->next)
		return MLT_DROP_NONE;
	if (r->next - nonce > MLT_REPLAY_WINDOW)
		return MLT_DROP_REPLAY_OLD;
	if (mlt_replay_test(r, nonce))
		return MLT_DROP_REPLAY_DUP;
	return MLT_DROP_NONE;
}

/**
 * mlt_replay_mark() - record the nonce of an authenticated datagram
 * @r: the window
 * @nonce: the nonce, whose datagram's tag has verified
 *
 * Checks @nonce as mlt_replay_check() does, since the window may have moved
 * since then, and records it if it is new, sliding the window when @nonce is
 * above it.
 *
 * Return: %MLT_DROP_NONE if @nonce was new and is now marked: the datagram
 * is accepted. Else the reason mlt_replay_check() gives, and @r is
 * unchanged: the datagram is dropped.
 */
enum mlt_drop_reason mlt_replay_mark(struct mlt_replay *r, u64 nonce)
{
	enum mlt_drop_reason reason = mlt_replay_check(r, nonce);
	unsigned int bit = nonce & (MLT_REPLAY_WINDOW - 1);
	u64 ahead;

	if (reason)
		return reason;
	if (nonce >= r->next) {
		/* The nonces next .. nonce enter the window, unmarked. */
		ahead = nonce - r->next + 1;
		if (ahead > MLT_REPLAY_WINDOW)
			ahead = MLT_REPLAY_WINDOW;
		mlt_replay_clear(r, nonce + 1 - ahead, ahead);
		r->next = nonce + 1;
	}
	r->bitmap[bit / 64] |= BIT_ULL(bit % 64);
	return MLT_DROP_NONE;
}
