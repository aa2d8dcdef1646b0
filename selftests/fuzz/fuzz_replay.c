// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target of the nonce replay window, kernel/replay.c: a random
 * sequence of check and mark calls, each answered also by a plain reference
 * model (the list of nonces marked inside the window, the highest nonce);
 * the two must agree on every call, check() must never change the window,
 * and a refused mark() must change nothing either.
 *
 * Input: records of 3 bytes, op then a big-endian u16 argument; the op's
 * low 3 bits choose how the nonce is made from the argument and the highest
 * nonce marked, its top bit whether the call is a mark (after a check).
 */

#include "fuzz.h"
#include "replay_model.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct model m;
	struct mlt_replay r, before;

	mlt_replay_init(&r);
	memset(&m, 0, sizeof(m));

	for (; size >= 3; data += 3, size -= 3) {
		u64 top = r.next ? r.next - 1 : 0;
		u16 arg = get_unaligned_be16(data + 1);
		enum mlt_drop_reason want, got;
		u8 op = data[0];
		u64 nonce;

		switch (op & 7) {
		case 0:		/* ahead, up to 32 windows */
			nonce = top + arg;
			break;
		case 1:		/* behind, up to 32 windows */
			nonce = top - arg;
			break;
		case 2:		/* just behind the top */
			nonce = top - (arg & 63);
			break;
		case 3:		/* around the bottom edge of the window */
			nonce = top - W + (arg & 127) - 64;
			break;
		case 4:		/* just below the reject limit */
			nonce = LIMIT - 1 - (arg & 0xfff);
			break;
		case 5:		/* at or above it */
			nonce = LIMIT + (arg & 0x3fff);
			break;
		case 6:		/* far ahead, sliding the whole window */
			nonce = top + ((u64)arg << 20);
			break;
		default:	/* small absolute nonces */
			nonce = arg;
			break;
		}

		before = r;
		want = model_check(&m, nonce);
		got = mlt_replay_check(&r, nonce);
		CHECK(got == want);
		CHECK(!memcmp(&before, &r, sizeof(r)));
		if (!(op & 0x80))
			continue;
		got = mlt_replay_mark(&r, nonce);
		CHECK(got == want);
		if (got == MLT_DROP_NONE) {
			model_mark(&m, nonce);
			CHECK(r.next == m.next);
			CHECK(mlt_replay_check(&r, nonce) ==
			      MLT_DROP_REPLAY_DUP);
		} else {
			CHECK(!memcmp(&before, &r, sizeof(r)));
		}
	}
	return 0;
}
