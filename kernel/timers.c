// SPDX-License-Identifier: GPL-2.0
/*
 * The timers of a tunnel: one for loss recovery (retransmission, tail
 * probe, reordering: recovery.c), the tunnel's lifetime and the reorder
 * buffer's release, whichever comes first; one for the delayed
 * acknowledgment; and a high-resolution one that paces datagrams. A
 * pending timer holds a reference to its tunnel; all are set and stopped
 * under the tunnel lock, and a dead tunnel sets none.
 */
#include "tunnel.h"

static u64 mlt_ms_to_ns(u32 ms)
{
	return (u64)ms * NSEC_PER_MSEC;
}

void mlt_timer_set(struct mlt_tunnel *t, struct timer_list *timer,
		   unsigned long when)
{
	if (!mod_timer(timer, when))
		kref_get(&t->ref);
}

/* Never the last reference: the caller holds one. */
void mlt_timer_stop(struct mlt_tunnel *t, struct timer_list *timer)
{
	if (del_timer(timer))
		kref_put(&t->ref, mlt_tunnel_release);
}

static u64 mlt_earliest(u64 at, u64 when)
{
	return when && when < at ? when : at;
}

/*
 * Arm the one timer for the earliest of the loss timers (recovery.c), the
 * tunnel's death of silence, the release of a stalled reorder buffer and
 * idleness.
 */
void mlt_tunnel_arm(struct mlt_tunnel *t)
{
	u64 timeout = mlt_ms_to_ns(READ_ONCE(t->mn->tunnel_timeout_ms));
	u64 now = mlt_now(), at = U64_MAX;

	if (t->dead)
		return;
	if (!list_empty(&t->txq)) {
		at = mlt_earliest(at, t->rto_at);
		at = mlt_earliest(at, t->tlp_at);
		at = mlt_earliest(at, t->rack_at);
		at = mlt_earliest(at, t->last_progress + timeout);
	} else {
		at = t->last_active + mlt_ms_to_ns(MLT_TUNNEL_IDLE_MS);
	}
	if (!RB_EMPTY_ROOT(&t->reorder))
		at = mlt_earliest(at, t->reorder_progress +
				  mlt_ms_to_ns(MLT_REORDER_RELEASE_MS));
	at = mlt_earliest(at, mlt_conn_blocked_until(t));
	mlt_timer_set(t, &t->timer, jiffies + 1 +
		      (at > now ? nsecs_to_jiffies(at - now) : 0));
}

/*
 * What is due at @now. A tunnel dies when the peer acknowledged nothing
 * for the namespace's tunnel timeout while datagrams waited, or when it
 * carried nothing for %MLT_TUNNEL_IDLE_MS.
 */
static void mlt_tunnel_expire(struct mlt_tunnel *t, u64 now,
			      struct mlt_out *out)
{
	struct mlt_net *mn = t->mn;

	if (!list_empty(&t->txq)) {
		if (now - t->last_progress >=
		    mlt_ms_to_ns(READ_ONCE(mn->tunnel_timeout_ms))) {
			atomic64_inc(&mn->tunnels_timed_out);
			mlt_tunnel_kill(t, ETIMEDOUT, out);
			return;
		}
		mlt_recovery_timer(t, now);
	} else if (!t->conn_count &&
		   now - t->last_active >= mlt_ms_to_ns(MLT_TUNNEL_IDLE_MS)) {
		mlt_tunnel_kill(t, ETIMEDOUT, out);
		return;
	}
	if (!RB_EMPTY_ROOT(&t->reorder) && now - t->reorder_progress >=
	    mlt_ms_to_ns(MLT_REORDER_RELEASE_MS))
		mlt_reorder_purge(t);
	mlt_conn_expire_blocked(t, now, out);
	mlt_tunnel_arm(t);
}

static void mlt_tunnel_timer(struct timer_list *timer)
{
	struct mlt_tunnel *t = from_timer(t, timer, timer);
	struct mlt_out out;

	mlt_tunnel_lock(t, &out);
	/* Unless stopped, or set again meanwhile. */
	if (!t->dead && !timer_pending(&t->timer))
		mlt_tunnel_expire(t, mlt_now(), &out);
	mlt_tunnel_unlock(t, &out);	/* a killed tunnel leaves the table */
	mlt_tunnel_put(t);	/* the timer's */
}

/* The pacing timer: the datagrams held back may go now. */
static enum hrtimer_restart mlt_pace_timer(struct hrtimer *timer)
{
	struct mlt_tunnel *t = container_of(timer, struct mlt_tunnel,
					    pace_timer);
	struct mlt_out out;

	mlt_tunnel_lock(t, &out);
	t->pace_armed = false;
	mlt_tunnel_unlock(t, &out);
	mlt_tunnel_put(t);	/* the timer's */
	return HRTIMER_NORESTART;
}

/*
 * Wake the sender when the next datagram may go: %MLT_PACE_QUANTUM_US
 * before t->pace_next, so that each wake-up sends a millisecond's worth
 * (as TCP's pacing shift sizes its bursts). Under the tunnel lock.
 */
void mlt_pace_arm(struct mlt_tunnel *t)
{
	u64 quantum = MLT_PACE_QUANTUM_US * NSEC_PER_USEC;

	if (t->pace_armed || t->dead)
		return;
	t->pace_armed = true;
	kref_get(&t->ref);
	hrtimer_start(&t->pace_timer,
		      ns_to_ktime(t->pace_next > quantum ?
				  t->pace_next - quantum : 0),
		      HRTIMER_MODE_ABS_SOFT);
}

/*
 * Stop the pacing timer under the tunnel lock. A callback already running
 * waits for the lock, finds the tunnel dead and drops its own reference.
 */
void mlt_pace_stop(struct mlt_tunnel *t)
{
	if (t->pace_armed && hrtimer_try_to_cancel(&t->pace_timer) == 1) {
		t->pace_armed = false;
		kref_put(&t->ref, mlt_tunnel_release);
	}
}

static void mlt_tunnel_ack_timer(struct timer_list *timer)
{
	struct mlt_tunnel *t = from_timer(t, timer, ack_timer);
	struct mlt_out out;

	mlt_tunnel_lock(t, &out);
	if (!t->dead && t->ack_owed)
		mlt_tunnel_send_ack(t, &out);
	mlt_tunnel_unlock(t, &out);
	mlt_tunnel_put(t);	/* the timer's */
}

void mlt_timers_init(struct mlt_tunnel *t)
{
	timer_setup(&t->timer, mlt_tunnel_timer, 0);
	timer_setup(&t->ack_timer, mlt_tunnel_ack_timer, 0);
	hrtimer_init(&t->pace_timer, CLOCK_BOOTTIME, HRTIMER_MODE_ABS_SOFT);
	t->pace_timer.function = mlt_pace_timer;
}
