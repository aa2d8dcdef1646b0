/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The nonce replay window of one direction of a tunnel (RFC 6479, after
 * WireGuard's counter_validate()). Pure code with no locking: the caller
 * serialises the calls on one window.
 *
 * The receive path asks mlt_replay_check() before it decrypts, which changes
 * nothing, and calls mlt_replay_mark() once the AEAD tag has verified, which
 * checks again and records the nonce: only an authenticated datagram moves
 * the window, and of two copies of a datagram at most one is marked.
 */
#ifndef _MLT_REPLAY_H
#define _MLT_REPLAY_H

#include "pure.h"
#include "protocol.h"
#include "wire.h"

#define MLT_REPLAY_WORDS	(MLT_REPLAY_WINDOW / 64)

/**
 * struct mlt_replay - the nonces one direction has received
 * @next: one more than the highest nonce marked, 0 before any
 * @bitmap: bit (n mod %MLT_REPLAY_WINDOW) is set when nonce n, inside the
 *	window, has been marked
 *
 * The window is the %MLT_REPLAY_WINDOW nonces that end at the highest one
 * marked. A zeroed structure is an empty window.
 */
struct mlt_replay {
	u64 next;
	u64 bitmap[MLT_REPLAY_WORDS];
};

void mlt_replay_init(struct mlt_replay *r);
enum mlt_drop_reason mlt_replay_check(const struct mlt_replay *r, u64 nonce);
enum mlt_drop_reason mlt_replay_mark(struct mlt_replay *r, u64 nonce);

#endif /* _MLT_REPLAY_H */
