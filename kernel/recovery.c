// SPDX-License-Identifier: GPL-2.0
/*
 * Loss recovery of a tunnel's reliable datagrams (Documentation/protocol.rst,
 * "Loss recovery"): what an acknowledgment says (the body header's
 * cumulative ack and the SACK RPC), round-trip samples from the SACK's
 * echo, spurious retransmissions, time-based loss detection with a tail
 * loss probe in the manner of RACK-TLP (RFC 8985), and the retransmission
 * timeout. The window's rules are congestion.c's; send.c sends again what
 * is marked lost; timers.c calls the timer events here. All under the
 * tunnel lock.
 */
#include <linux/slab.h>

#include "tunnel.h"

/* What one acknowledgment did, gathered while it is taken apart. */
struct mlt_ack {
	u64 now;
	const struct mlt_rpc *sack;	/* or NULL */
	u32 newly;			/* datagrams newly delivered */
	bool sampled;			/* an RTT sample was taken */
	bool spurious;			/* an original arrived after all */
	bool probe_repaired;		/* a resent tail probe filled a loss */
};

static u64 mlt_us(u64 ns)
{
	return div_u64(ns, NSEC_PER_USEC);
}

static u64 mlt_rto_ns(const struct mlt_tunnel *t)
{
	return (u64)t->cc.rto_ms * NSEC_PER_MSEC;
}

static u64 mlt_pto_ns(const struct mlt_tunnel *t)
{
	return (u64)mlt_cc_pto_us(&t->cc, t->inflight) * NSEC_PER_USEC;
}

/* Which transmission of @d arrived, as the echo says: an RTT sample. */
static void mlt_ack_echo(struct mlt_tunnel *t, struct mlt_txd *d,
			 struct mlt_ack *a)
{
	u64 echo, sent;

	if (!a->sack || a->sampled)
		return;
	echo = a->sack->sack.echo;
	if (echo == d->nonce_last) {
		sent = d->sent;
		if (d->retries && t->tlp_out && d->seq == t->tlp_seq)
			a->probe_repaired = true;
	} else if (d->retries && echo == d->nonce_first) {
		sent = d->first_sent;
		a->spurious = true;
	} else {
		return;
	}
	a->sampled = true;
	if (a->now > sent)
		mlt_cc_rtt_sample(&t->cc, mlt_us32(a->now - sent),
				  a->sack->sack.delay_us, mlt_us(a->now));
}

/*
 * RACK (RFC 8985 6.2, steps 2 and 3): the newest transmission known
 * delivered, and whether the peer saw reordering. A resent datagram acked
 * sooner than the minimum RTT may be its original: it is left out.
 */
static void mlt_ack_rack(struct mlt_tunnel *t, struct mlt_txd *d, u64 now)
{
	u64 min_rtt = (u64)t->cc.min_rtt_us * NSEC_PER_USEC;

	if (!d->retries && mlt_seq_before(d->seq, t->fack))
		t->reordering = true;
	if (mlt_seq_after_eq(d->seq, t->fack))
		t->fack = d->seq + 1;
	if (d->retries && now - d->sent < min_rtt)
		return;
	if (mlt_cc_sent_after(d->sent, d->seq, t->rack_sent, t->rack_seq)) {
		t->rack_sent = d->sent;
		t->rack_seq = d->seq;
		t->rack_rtt_us = mlt_us32(now - d->sent);
	}
}

/*
 * A probe of the path's size (pmtu.h) is answered: it holds if what
 * arrived was the probe itself, not a smaller copy sent again.
 */
static void mlt_ack_probe(struct mlt_tunnel *t, struct mlt_txd *d, u64 now)
{
	if (d->retries)
		mlt_pmtu_lost(&t->pmtu, d->probe, mlt_us(now));
	else
		mlt_pmtu_acked(&t->pmtu, d->probe, mlt_us(now));
	d->probe = 0;
}

/* @d, not known delivered before, is: it leaves the flight or loss count. */
static void mlt_ack_delivered(struct mlt_tunnel *t, struct mlt_txd *d,
			      struct mlt_ack *a)
{
	if (d->probe)
		mlt_ack_probe(t, d, a->now);
	if (d->lost) {
		d->lost = false;
		t->lost--;
	} else {
		t->inflight--;
	}
	a->newly++;
	mlt_ack_echo(t, d, a);
	mlt_ack_rack(t, d, a->now);
}

/* The peer has every datagram before @ack: they leave the txq. */
static void mlt_ack_cumulative(struct mlt_tunnel *t, u32 ack,
			       struct mlt_ack *a)
{
	struct mlt_txd *d, *tmp;

	list_for_each_entry_safe(d, tmp, &t->txq, node) {
		if (!mlt_seq_before(d->seq, ack))
			break;
		if (d->sacked)
			t->sacked--;
		else
			mlt_ack_delivered(t, d, a);
		list_del(&d->node);
		kfree_sensitive(d);
	}
	t->snd_una = ack;
}

/*
 * The SACK's ranges that lie inside what is unacknowledged, sorted by
 * start. A range outside it says nothing true and is left out.
 */
static unsigned int mlt_ack_ranges(struct mlt_tunnel *t,
				   const struct mlt_rpc *sack,
				   struct mlt_range *r)
{
	unsigned int i, j, n = 0;
	struct mlt_range cur;

	for (i = 0; i < sack->sack.count; i++) {
		mlt_rpc_sack_range(sack, i, &cur);
		if (!mlt_seq_after(cur.start, t->snd_una) ||
		    mlt_seq_after(cur.end, t->snd_nxt))
			continue;
		for (j = n; j > 0 && mlt_seq_before(cur.start, r[j - 1].start);
		     j--)
			r[j] = r[j - 1];
		r[j] = cur;
		n++;
	}
	return n;
}

/* Mark what the SACK's ranges hold as delivered, in one walk of the txq. */
static void mlt_ack_selective(struct mlt_tunnel *t, struct mlt_ack *a)
{
	struct mlt_range r[MLT_SACK_MAX];
	unsigned int n, j = 0;
	struct mlt_txd *d;

	n = mlt_ack_ranges(t, a->sack, r);
	if (!n)
		return;
	list_for_each_entry(d, &t->txq, node) {
		while (j < n && !mlt_seq_before(d->seq, r[j].end))
			j++;
		if (j == n)
			break;
		if (d->sacked || mlt_seq_before(d->seq, r[j].start))
			continue;
		mlt_ack_delivered(t, d, a);
		d->sacked = true;
		t->sacked++;
	}
}

/*
 * @d is lost: it waits to be sent again. Return: whether that says the
 * path is congested; a probe of a larger size than the path's may be lost
 * for its size alone (RFC 8899 4.4), and is counted by the search.
 */
static bool mlt_mark_lost(struct mlt_tunnel *t, struct mlt_txd *d, u64 now)
{
	bool congestion = !d->probe;

	if (d->lost)
		return false;
	if (d->probe) {
		mlt_pmtu_lost(&t->pmtu, d->probe, mlt_us(now));
		d->probe = 0;
	}
	if (d->sacked) {
		d->sacked = false;
		t->sacked--;
	} else {
		t->inflight--;
	}
	d->lost = true;
	t->lost++;
	return congestion;
}

/*
 * RACK's loss detection (RFC 8985 6.2 step 5): a datagram in flight that
 * was sent before the newest delivered one (in mlt_cc_sent_after()'s
 * order), longer ago than RACK's RTT and the reordering window, is lost;
 * the earliest of the others sets the reordering timer. Without SACK
 * information only the oldest can be.
 * Return: whether one was marked.
 */
static bool mlt_rack_detect(struct mlt_tunnel *t, u64 now)
{
	u64 wait = ((u64)t->rack_rtt_us +
		    mlt_cc_reo_wnd_us(&t->cc, t->reordering, t->sacked)) *
		   NSEC_PER_USEC;
	struct mlt_txd *d;
	bool lost = false;

	t->rack_at = 0;
	list_for_each_entry(d, &t->txq, node) {
		if (d->sacked || d->lost ||
		    !mlt_cc_sent_after(t->rack_sent, t->rack_seq, d->sent, d->seq))
			goto next;
		if (now >= d->sent + wait) {
			if (mlt_mark_lost(t, d, now))
				lost = true;
		} else if (!t->rack_at || d->sent + wait < t->rack_at) {
			t->rack_at = d->sent + wait;
		}
next:
		if (!t->sacked)
			break;
	}
	return lost;
}

/* Losses were marked: the congestion response, once per episode. */
static void mlt_recovery_losses(struct mlt_tunnel *t, u64 now)
{
	if (mlt_cc_on_loss(&t->cc, t->snd_nxt, mlt_us(now)))
		mlt_cc_prr_start(&t->cc, t->snd_nxt - t->snd_una, t->inflight);
	t->tlp_at = 0;
}

/* Set the loss timers after an acknowledgment that moved things on. */
static void mlt_recovery_rearm(struct mlt_tunnel *t, u64 now)
{
	struct mlt_txd *head;

	if (list_empty(&t->txq)) {
		t->rto_at = 0;
		t->tlp_at = 0;
		t->rack_at = 0;
		t->tlp_out = false;
		return;
	}
	t->rto_at = now + mlt_rto_ns(t);
	head = list_first_entry(&t->txq, struct mlt_txd, node);
	if (head->sacked) {
		/* The peer dropped what it had reported: time out soon. */
		t->rto_at = now + max_t(u64, (u64)t->cc.srtt_us *
					NSEC_PER_USEC / 2, 10 * NSEC_PER_MSEC);
	}
	if (!t->tlp_out && !t->cc.in_recovery && t->inflight)
		t->tlp_at = now + mlt_pto_ns(t);
}

/**
 * mlt_recovery_ack() - take in an acknowledgment
 * @t: the tunnel
 * @ack: the body header's cumulative acknowledgment
 * @sack: the body's SACK RPC, or %NULL
 *
 * Called for every authentic datagram, on arrival. Acknowledgments of what
 * was never sent are ignored.
 */
void mlt_recovery_ack(struct mlt_tunnel *t, u32 ack, const struct mlt_rpc *sack)
{
	struct mlt_ack a = { .now = mlt_now(), .sack = sack };
	struct mlt_cc_ack cca;

	if (mlt_seq_after(ack, t->snd_nxt) || mlt_seq_before(ack, t->snd_una))
		return;
	if (mlt_seq_after(ack, t->snd_una))
		mlt_ack_cumulative(t, ack, &a);
	if (sack)
		mlt_ack_selective(t, &a);
	if (!a.newly)
		return;
	t->last_progress = a.now;
	if (a.spurious) {
		/* The original came late: the path reorders (as a DSACK). */
		t->reordering = true;
		mlt_cc_spurious(&t->cc, t->snd_una, t->snd_nxt);
		atomic64_inc(&t->mn->spurious_undos);
	}
	if (a.probe_repaired)
		mlt_recovery_losses(t, a.now);
	t->tlp_out = false;
	cca = (struct mlt_cc_ack) {
		.now_us = mlt_us(a.now),
		.acked = a.newly,
		.snd_una = t->snd_una,
		.snd_nxt = t->snd_nxt,
		.inflight = t->inflight,
		.cwnd_limited = t->cwnd_limited,
	};
	mlt_cc_on_ack(&t->cc, &cca);
	if (mlt_rack_detect(t, a.now))
		mlt_recovery_losses(t, a.now);
	mlt_recovery_rearm(t, a.now);
	mlt_tunnel_arm(t);
}

/* The reordering timer fired: judge again the datagrams it waited for. */
static void mlt_recovery_rack_timeout(struct mlt_tunnel *t, u64 now)
{
	if (mlt_rack_detect(t, now))
		mlt_recovery_losses(t, now);
}

/*
 * The tail loss probe timer fired (RFC 8985 7.3): the next push sends one
 * datagram past the congestion window: new data, else the last one again.
 */
static void mlt_recovery_probe(struct mlt_tunnel *t, u64 now)
{
	t->tlp_at = 0;
	if (t->tlp_out || !t->inflight)
		return;
	t->probe = true;
	t->tlp_out = true;
	atomic64_inc(&t->mn->tlp_probes);
	t->rto_at = now + mlt_rto_ns(t);
}

/*
 * The retransmission timer fired: everything in flight is lost, and the
 * window collapses (RFC 6298 5.5, RFC 5681 3.1). What the peer reported
 * holding stays so, unless it dropped it: then nothing reported holds.
 * The path may also have stopped taking the tunnel's datagram size (a
 * black hole, RFC 8899 4.3): the size starts again at the base.
 */
static void mlt_recovery_rto(struct mlt_tunnel *t, u64 now)
{
	struct mlt_txd *d, *head = list_first_entry(&t->txq, struct mlt_txd,
						      node);
	bool reneged = head->sacked;

	list_for_each_entry(d, &t->txq, node)
		if (!d->sacked || reneged)
			mlt_mark_lost(t, d, now);
	mlt_cc_on_rto(&t->cc, t->snd_nxt, mlt_us(now));
	if (t->pmtu.size > MLT_BASE_DATAGRAM)
		mlt_pmtu_restart(&t->pmtu, mlt_us(now));
	t->rto_at = now + mlt_rto_ns(t);
	t->tlp_at = 0;
	t->rack_at = 0;
	t->tlp_out = false;
	atomic64_inc(&t->mn->rto_expired);
}

/**
 * mlt_recovery_resend() - send everything in flight again, at once
 * @t: the tunnel
 * @now: boottime ns
 *
 * Not a loss to congestion: the server answered the openings with a
 * puzzle (challenge.c), and they go again with its solution. The window
 * stays.
 */
void mlt_recovery_resend(struct mlt_tunnel *t, u64 now)
{
	struct mlt_txd *d;

	list_for_each_entry(d, &t->txq, node)
		if (!d->sacked)
			mlt_mark_lost(t, d, now);
	if (!list_empty(&t->txq))
		t->rto_at = now + mlt_rto_ns(t);
}

/**
 * mlt_recovery_timer() - the loss timers that are due, at @now
 * @t: the tunnel, with datagrams unacknowledged
 * @now: boottime ns
 */
void mlt_recovery_timer(struct mlt_tunnel *t, u64 now)
{
	if (t->rack_at && now >= t->rack_at)
		mlt_recovery_rack_timeout(t, now);
	if (t->tlp_at && now >= t->tlp_at)
		mlt_recovery_probe(t, now);
	if (t->rto_at && now >= t->rto_at)
		mlt_recovery_rto(t, now);
}

/**
 * mlt_recovery_sent() - a datagram went out for the first time
 * @t: the tunnel
 * @now: boottime ns
 * @was_empty: nothing was unacknowledged before it
 */
void mlt_recovery_sent(struct mlt_tunnel *t, u64 now, bool was_empty)
{
	u64 rto = mlt_rto_ns(t);

	if (was_empty) {
		if (t->last_send && now - t->last_send > rto)
			mlt_cc_idle_restart(&t->cc, mlt_us(now));
		t->last_progress = now;
		t->rto_at = now + rto;
	}
	t->last_send = now;
	if (!t->tlp_out && !t->cc.in_recovery)
		t->tlp_at = now + mlt_pto_ns(t);
}
