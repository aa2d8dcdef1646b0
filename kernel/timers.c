// SPDX-License-Identifier: GPL-2.0
/*
 * The timers of a tunnel: one for retransmission (RFC 6298) and idleness,
 * whichever comes first, and one for the delayed acknowledgment. A pending
 * timer holds a reference to its tunnel; both are set and stopped under
 * the tunnel lock, and a dead tunnel sets none.
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

/* Arm the one timer for the earliest of retransmission and idleness. */
void mlt_tunnel_arm(struct mlt_tunnel *t)
{
	unsigned long when;

	if (t->dead)
		return;
	if (!list_empty(&t->txq)) {
		struct mlt_txd *d = list_first_entry(&t->txq, struct mlt_txd,
						     node);
		u64 at = d->sent + mlt_ms_to_ns(t->cc.rto_ms), now = mlt_now();

		when = jiffies + (at > now ? nsecs_to_jiffies(at - now) : 0) + 1;
	} else {
		when = jiffies + msecs_to_jiffies(MLT_TUNNEL_IDLE_MS);
	}
	mlt_timer_set(t, &t->timer, when);
}

/*
 * The oldest datagram is unacknowledged: resend it, or give up on the
 * tunnel after MLT_MAX_RETRANSMITS or the namespace's tunnel timeout.
 * Return: true if the tunnel died.
 */
static bool mlt_tunnel_rto(struct mlt_tunnel *t, u64 now, struct mlt_out *out)
{
	struct mlt_txd *d = list_first_entry(&t->txq, struct mlt_txd, node);
	struct mlt_net *mn = t->mn;
	u64 limit = mlt_ms_to_ns(READ_ONCE(mn->tunnel_timeout_ms));

	if (d->sent + mlt_ms_to_ns(t->cc.rto_ms) > now) {
		mlt_tunnel_arm(t);
		return false;
	}
	if (d->retries >= MLT_MAX_RETRANSMITS || now - d->first_sent >= limit) {
		atomic64_inc(&mn->tunnels_timed_out);
		mlt_tunnel_kill(t, ETIMEDOUT, out);
		return true;
	}
	mlt_cc_timeout(&t->cc, t->inflight);
	mlt_tunnel_retransmit(t, d, out);
	mlt_tunnel_arm(t);
	return false;
}

static void mlt_tunnel_timer(struct timer_list *timer)
{
	struct mlt_tunnel *t = from_timer(t, timer, timer);
	bool killed = false;
	struct mlt_out out;
	u64 now = mlt_now();

	mlt_tunnel_lock(t, &out);
	if (t->dead || timer_pending(&t->timer)) {
		/* stopped, or set again meanwhile */
	} else if (!list_empty(&t->txq)) {
		killed = mlt_tunnel_rto(t, now, &out);
	} else if (!t->conn_count &&
		   now - t->last_active >= mlt_ms_to_ns(MLT_TUNNEL_IDLE_MS)) {
		mlt_tunnel_kill(t, ETIMEDOUT, &out);
		killed = true;
	} else {
		mlt_tunnel_arm(t);
	}
	mlt_tunnel_unlock(t, &out);
	if (killed && mlt_tunnel_unhash(t))
		mlt_tunnel_put(t);
	mlt_tunnel_put(t);	/* the timer's */
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
}
