// SPDX-License-Identifier: GPL-2.0
/*
 * Puzzles under load (Documentation/protocol.rst, "Puzzles"), the glue
 * around the pure maths of puzzle.c. On the server: whether an opening
 * for an unknown tunnel is answered with a challenge instead of being
 * queued for its key derivation, and the stateless check of an opening
 * that carries a solved one, both in softirq before any public-key work.
 * On the client: a challenge for a tunnel still opening is solved in a
 * work item, and the openings go again with the solution.
 */
#include <linux/random.h>
#include <linux/workqueue.h>

#include "puzzle.h"
#include "tunnel.h"

/* The client's solving: one per tunnel at a time, off softirq. */
static struct workqueue_struct *mlt_puzzle_wq;

static u32 mlt_puzzle_now(void)
{
	return (u32)div_u64(mlt_now(), NSEC_PER_SEC);
}

/*
 * Copy the two secrets in force at @now_s into @out, making fresh ones for
 * the generations that started since the last call (puzzle.c: a cookie
 * stays checkable for at least one generation). Any context.
 */
static void mlt_puzzle_secrets(struct mlt_net *mn, u32 now_s,
			       u8 out[MLT_PUZZLE_SECRETS][MLT_PUZZLE_SECRET_LEN])
{
	u32 gen = mlt_puzzle_generation(now_s);

	spin_lock_bh(&mn->puzzle_lock);
	if (!mn->puzzle_keyed || gen - mn->puzzle_gen > 1) {
		get_random_bytes(mn->puzzle_secret, sizeof(mn->puzzle_secret));
		mn->puzzle_keyed = true;
	} else if (gen != mn->puzzle_gen) {
		get_random_bytes(mn->puzzle_secret[gen & 1],
				 MLT_PUZZLE_SECRET_LEN);
	}
	mn->puzzle_gen = gen;
	memcpy(out, mn->puzzle_secret, sizeof(mn->puzzle_secret));
	spin_unlock_bh(&mn->puzzle_lock);
}

void mlt_puzzle_wipe(struct mlt_net *mn)
{
	memzero_explicit(mn->puzzle_secret, sizeof(mn->puzzle_secret));
	mn->puzzle_keyed = false;
}

/**
 * mlt_challenge_opening() - whether an opening must first solve a puzzle
 * @mn: the namespace it arrived in
 * @hdr: its header: P set, for a tunnel the namespace does not have
 * @from: its source
 * @answered: set when the server answered it with a challenge; the
 *	caller then consumes the datagram without counting a drop
 *
 * Puzzles are required (MLT_A_PUZZLE_MODE) always, or under load: when
 * the queue of openings is a quarter full, the difficulty growing with its
 * depth, or for a while after the replay cache retired a key. An opening
 * with a puzzle field is checked against the secrets, the clock and its
 * own tid, C', address and port; a valid one passes, an expired one earns
 * a new challenge, and any other is dropped when puzzles are required.
 * One without is answered with a challenge when they are. Softirq
 * context.
 *
 * Return: %MLT_DROP_NONE (queue it, unless @answered), or %MLT_DROP_PUZZLE.
 */
enum mlt_drop_reason mlt_challenge_opening(struct mlt_net *mn,
					   const struct mlt_hdr *hdr,
					   const struct mlt_endpoint *from,
					   bool *answered)
{
	u8 secrets[MLT_PUZZLE_SECRETS][MLT_PUZZLE_SECRET_LEN];
	u32 mode = READ_ONCE(mn->puzzle_mode), now_s, depth;
	enum mlt_drop_reason reason = MLT_DROP_NONE;
	enum mlt_puzzle_verdict verdict;
	u8 field[MLT_PUZZLE_LEN];
	bool load, required;
	u8 bits;

	*answered = false;
	depth = skb_queue_len_lockless(&mn->openq);
	load = mlt_puzzle_under_load(depth, MLT_OPENQ_MAX) ||
	       mlt_rcache_pressed(mn, mlt_now());
	required = mode == MLT_PUZZLE_MODE_ALWAYS ||
		   (mode == MLT_PUZZLE_MODE_AUTO && load);
	if (!hdr->has_puzzle && !required)
		return MLT_DROP_NONE;

	now_s = mlt_puzzle_now();
	mlt_puzzle_secrets(mn, now_s, secrets);
	if (hdr->has_puzzle) {
		verdict = mlt_puzzle_check(hdr->puzzle, secrets, now_s, 0,
					   hdr->tid, hdr->client_pub,
					   from->addr.s6_addr,
					   ntohs(from->port));
		if (verdict == MLT_PUZZLE_OK) {
			atomic64_inc(&mn->puzzles_checked);
			goto out;
		}
		/* Needed none now: as good as an opening without one. */
		if (!required)
			goto out;
		/* A stale solution earns a fresh challenge, a forged none. */
		if (verdict != MLT_PUZZLE_EXPIRED) {
			reason = MLT_DROP_PUZZLE;
			goto out;
		}
	}

	bits = load ? mlt_puzzle_bits(depth, MLT_OPENQ_MAX,
				      MLT_PUZZLE_MIN_BITS,
				      MLT_PUZZLE_MAX_BITS) :
		      MLT_PUZZLE_MIN_BITS;
	mlt_puzzle_issue(field, secrets, now_s, bits, hdr->tid,
			 hdr->client_pub, from->addr.s6_addr,
			 ntohs(from->port));
	if (mlt_send_challenge(mn, from, hdr->tid, field))
		atomic64_inc(&mn->puzzles_sent);
	*answered = true;
out:
	memzero_explicit(secrets, sizeof(secrets));
	return reason;
}

/* Solve the tunnel's challenge, then send the openings again with it. */
static void mlt_puzzle_work(struct work_struct *work)
{
	struct mlt_tunnel *t = container_of(work, struct mlt_tunnel,
					    puzzle_work);
	u8 cookie[MLT_PUZZLE_COOKIE_LEN];
	u64 start, solution, tries = 0;
	struct mlt_puzzle p;
	struct mlt_out out;
	bool solved;

	mlt_tunnel_lock(t, &out);
	mlt_puzzle_decode(&p, t->puzzle);	/* checked on arrival */
	mlt_tunnel_unlock(t, &out);
	memcpy(cookie, p.cookie, sizeof(cookie));

	/* 2^bits tries on average: in slices, so that a dead tunnel stops. */
	start = get_random_u64();
	do {
		solved = mlt_puzzle_solve(cookie, p.bits, start + tries,
					  MLT_PUZZLE_SLICE, &solution);
		tries += MLT_PUZZLE_SLICE;
		cond_resched();
	} while (!solved && !READ_ONCE(t->dead) &&
		 tries < (16ULL << p.bits));	/* then a new challenge */

	mlt_tunnel_lock(t, &out);
	t->puzzle_busy = false;
	if (solved && !t->dead && !t->heard &&
	    !memcmp(t->puzzle + MLT_PUZZLE_COOKIE_OFF, cookie, sizeof(cookie))) {
		put_unaligned_be64(solution, t->puzzle + MLT_PUZZLE_SOLUTION_OFF);
		t->puzzle_ready = true;
		atomic64_inc(&t->mn->puzzles_solved);
		mlt_recovery_resend(t, mlt_now());
	}
	mlt_tunnel_unlock(t, &out);
	mlt_tunnel_put(t);
}

/**
 * mlt_rcv_challenge() - a server answered our opening with a puzzle
 * @t: the client tunnel its tid names
 * @hdr: the challenge's header, Z set
 *
 * Unauthenticated, like the opening it answers: only a tunnel that has
 * heard nothing from its server takes one, and one at a time; a later
 * challenge replaces an earlier one that is not being solved. BH
 * disabled.
 *
 * Return: %MLT_DROP_NONE, or %MLT_DROP_PUZZLE.
 */
enum mlt_drop_reason mlt_rcv_challenge(struct mlt_tunnel *t,
				       const struct mlt_hdr *hdr)
{
	enum mlt_drop_reason reason = MLT_DROP_PUZZLE;
	struct mlt_puzzle p;
	struct mlt_out out;

	if (mlt_puzzle_decode(&p, hdr->puzzle))
		return MLT_DROP_PUZZLE;
	mlt_tunnel_lock(t, &out);
	if (t->client && !t->heard && !t->dead && !t->puzzle_busy) {
		memcpy(t->puzzle, hdr->puzzle, MLT_PUZZLE_LEN);
		put_unaligned_be64(0, t->puzzle + MLT_PUZZLE_SOLUTION_OFF);
		t->puzzle_ready = false;
		t->puzzle_busy = true;
		kref_get(&t->ref);	/* the work's */
		if (!queue_work(mlt_puzzle_wq, &t->puzzle_work))
			kref_put(&t->ref, mlt_tunnel_release);
		reason = MLT_DROP_NONE;
	}
	mlt_tunnel_unlock(t, &out);
	return reason;
}

void mlt_challenge_init_tunnel(struct mlt_tunnel *t)
{
	INIT_WORK(&t->puzzle_work, mlt_puzzle_work);
}

int mlt_challenge_init(void)
{
	mlt_puzzle_wq = alloc_workqueue("minimalt_puzzle", WQ_UNBOUND, 0);
	return mlt_puzzle_wq ? 0 : -ENOMEM;
}

/* Every namespace is gone: no work is queued any more. */
void mlt_challenge_exit(void)
{
	destroy_workqueue(mlt_puzzle_wq);
}
