/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A reference model of the replay window for replay_test and fuzz_replay:
 * the nonces marked inside the window, kept as a plain list.
 */
#ifndef MLT_REPLAY_MODEL_H
#define MLT_REPLAY_MODEL_H

#include "replay.h"

#define W MLT_REPLAY_WINDOW
#define LIMIT MLT_REJECT_AFTER_MESSAGES

struct model {
	u64 seen[W + 1];
	size_t n;
	u64 next;
};

static enum mlt_drop_reason model_check(const struct model *m, u64 nonce)
{
	size_t i;

	if (nonce >= LIMIT)
		return MLT_DROP_NONCE_LIMIT;
	if (nonce >= m->next)
		return MLT_DROP_NONE;
	if (m->next - nonce > W)
		return MLT_DROP_REPLAY_OLD;
	for (i = 0; i < m->n; i++)
		if (m->seen[i] == nonce)
			return MLT_DROP_REPLAY_DUP;
	return MLT_DROP_NONE;
}

static void model_mark(struct model *m, u64 nonce)
{
	size_t i, j = 0;

	m->seen[m->n++] = nonce;
	if (nonce >= m->next)
		m->next = nonce + 1;
	for (i = 0; i < m->n; i++)	/* forget what left the window */
		if (m->next - m->seen[i] <= W)
			m->seen[j++] = m->seen[i];
	m->n = j;
}

#endif
