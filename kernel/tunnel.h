/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The engine: tunnels and the connections they carry. This header is what
 * tunnel.c (table and lifetime), opening.c (the server's opening), receive.c,
 * send.c, timers.c and conn.c share, and what socket code may call.
 *
 * Locking: everything about a tunnel and the connection state of its
 * sockets is under the tunnel's spinlock, taken with BH disabled through
 * mlt_tunnel_lock() and mlt_tunnel_unlock(). Socket calls hold lock_sock()
 * around it. Nothing sends a datagram or drops a socket reference under a
 * tunnel lock: the engine collects both in a struct mlt_out, which
 * mlt_tunnel_unlock() acts on after the unlock.
 *
 * Lifetime: a tunnel is counted (kref). The table holds one reference while
 * the tunnel is in it, each socket of its connections one, each pending
 * timer one. The memory is freed an RCU grace period after the last put,
 * and mn->tunnels_live counts tunnels until then: see mlt_tunnels_flush().
 */
#ifndef _MLT_TUNNEL_H
#define _MLT_TUNNEL_H

#include <linux/kref.h>
#include <linux/hrtimer.h>
#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/skbuff.h>
#include <linux/timer.h>

#include "congestion.h"
#include "crypto.h"
#include "minimalt.h"
#include "pmtu.h"
#include "replay.h"
#include "sack.h"

#define MLT_CONN_HASH_BITS	6

struct mlt_sock;
struct mlt_user;

/*
 * A reliable datagram's body (its header and RPCs: the acknowledgment
 * information is added afresh at each transmission), kept until the peer
 * acknowledges it cumulatively. A datagram in the txq is in one of three
 * states: in flight, selectively acknowledged (@sacked), or deemed lost
 * and waiting to be sent again (@lost). See recovery.c.
 */
struct mlt_txd {
	struct list_head node;
	u64 first_sent;		/* boottime ns, of the first transmission */
	u64 sent;		/* boottime ns, of the latest transmission */
	u64 nonce_first;	/* the nonces they went out with */
	u64 nonce_last;
	u32 seq;
	u16 len;
	u16 probe;		/* the padded size it probed, 0 if none */
	u8 retries;
	bool sacked;
	bool lost;
	u8 body[];		/* plaintext: freed with kfree_sensitive() */
};

/* A body received ahead of a gap, held in the reorder buffer. */
struct mlt_held {
	struct rb_node node;	/* t->reorder, by seq */
	u32 seq;
	u16 len;
	unsigned int size;	/* the memory charged for it */
	u8 body[];		/* plaintext: freed with kfree_sensitive() */
};

/* A control RPC about a connection that has no socket (any more). */
struct mlt_ctl {
	u32 c;
	u8 type;		/* MLT_RPC_REFUSE or MLT_RPC_CLOSE */
	u16 arg;		/* reason, or how */
};

/*
 * A tunnel. "Fixed" fields are set before the tunnel is published (in the
 * table, or to the caller of mlt_tunnel_connect()) and never change; the
 * others say what protects them. "lock" is the tunnel's own lock.
 */
struct mlt_tunnel {
	struct hlist_node node;		/* mn->tunnels by tid; tunnels_lock */
	struct hlist_node client_node;	/* mn->clients; tunnels_lock */
	struct rcu_head rcu;
	struct kref ref;
	struct mlt_net *mn;		/* fixed */
	struct net *net;		/* fixed; not counted: dies with it */
	spinlock_t lock;
	u64 tid;			/* fixed */
	bool client;			/* fixed */
	bool dead;			/* lock; WRITE_ONCE: read locklessly */
	bool heard;			/* lock; client: the server answered */
	/*
	 * Anti-amplification, server tunnels (Documentation/protocol.rst,
	 * "Address validation"), under lock: until the client echoes a
	 * nonce of ours from at least @valid_from, we send at most
	 * MLT_AMP_FACTOR times the bytes it sent. Client tunnels are
	 * validated from the start.
	 */
	bool validated;
	u64 valid_from;
	u64 amp_rcvd, amp_sent;
	/*
	 * lock; WRITE_ONCE: read locklessly. Client: the server refused a
	 * connection as busy, and none of ours ended since: connect() opens
	 * another tunnel.
	 */
	bool peer_full;
	bool in_table;			/* tunnels_lock */
	/*
	 * A half-open server tunnel's source (halfopen.c), under
	 * tunnels_lock, WRITE_ONCE: read locklessly; NULL once its client
	 * proved its address. The nodes are in the source's list (or, once
	 * evicted, mn->evicted) and in mn->halfopen.
	 */
	struct mlt_halfopen_src *ho_src;
	struct mlt_user *owner;		/* a client's user (tunnel.c); fixed */
	/*
	 * A client's puzzle (challenge.c), under lock: the challenge's field,
	 * with the solution once @puzzle_ready; @puzzle_busy while the work
	 * solves it.
	 */
	u8 puzzle[MLT_PUZZLE_LEN];
	bool puzzle_ready;
	bool puzzle_busy;
	u8 moves;			/* lock; key-moved notices followed */
	struct work_struct puzzle_work;
	struct list_head ho_node;
	struct list_head ho_all;
	int err;			/* lock; why it died */
	/*
	 * lock. Fixed for a client; a server's moves with its client. Read
	 * under the lock only: mlt_tunnel_unlock() copies it into each
	 * datagram it queues on txout.
	 */
	struct mlt_endpoint peer;
	u8 server_identity[MLT_KEY_LEN];	/* fixed */
	/*
	 * Fixed for a server; a client's change under lock while it has not
	 * heard its server, if a key-moved notice comes (tunnel.c,
	 * mlt_tunnel_move()).
	 */
	u8 server_eph[MLT_KEY_LEN];
	u8 client_eph[MLT_KEY_LEN];
	struct mlt_tunnel_keys keys;	/* wiped on release */
	u64 tx_nonce;			/* lock */
	struct mlt_replay replay;	/* lock */
	u64 last_rx;			/* lock; boottime ns */
	u64 last_active;		/* lock; boottime ns, for idleness */
	u64 eph_expires;		/* fixed; server: when S' expires */

	/*
	 * Sending, see send.c, and loss recovery, see recovery.c: all under
	 * lock. Times are boottime ns; 0 means "not set".
	 */
	u32 snd_nxt;
	u32 snd_una;
	struct list_head txq;		/* struct mlt_txd, by seq */
	unsigned int inflight;		/* txq datagrams in flight */
	unsigned int lost;		/* txq datagrams waiting to be resent */
	unsigned int sacked;		/* txq datagrams the peer has */
	bool cwnd_limited;		/* the last push stopped at cwnd */
	bool probe;			/* the next push sends a tail probe */
	bool tlp_out;			/* a tail probe is unanswered */
	bool reordering;		/* the peer saw reordering */
	u32 tlp_seq;			/* the probe's seq */
	u32 fack;			/* the highest seq delivered + 1 */
	struct mlt_cc cc;
	struct mlt_pmtu pmtu;		/* the datagram size, see pmtu.h */
	/*
	 * The largest UDP payload the route to the peer took, as the last
	 * send saw it; 0 before one. Written by mlt_tunnel_xmit() outside
	 * lock, read under it.
	 */
	unsigned int route_mtu;
	u64 rack_sent;			/* RACK.xmit_ts: newest delivered */
	u32 rack_seq;			/* RACK.end_seq: its seq */
	u32 rack_rtt_us;		/* RACK.rtt */
	u64 rack_at;			/* the reordering timer */
	u64 tlp_at;			/* the tail loss probe timer */
	u64 rto_at;			/* the retransmission timer */
	u64 last_progress;		/* the peer last acknowledged data */
	u64 last_send;			/* the latest new datagram */
	u64 pace_next;			/* the next datagram may go then */
	bool pace_armed;		/* pace_timer holds a reference */
	struct hrtimer pace_timer;
	struct mlt_ctl ctl[MLT_CTL_QUEUE_MAX];
	unsigned int n_ctl;
	/*
	 * Sealed datagrams waiting for the UDP layer, in the order they
	 * were made, and whether a CPU is sending them: under txout.lock,
	 * taken inside lock (send.c, mlt_tunnel_xmit()).
	 */
	struct sk_buff_head txout;
	bool txout_busy;

	/*
	 * Timers, see timers.c: set and stopped under lock; a pending
	 * timer holds a reference.
	 */
	struct timer_list timer;	/* loss recovery, reordering, idle */
	struct timer_list ack_timer;	/* delayed acknowledgment */

	/* Receiving, see receive.c: all under lock. */
	u32 rcv_nxt;
	unsigned int ack_owed;		/* reliable datagrams not yet acked */
	bool ack_now;
	u64 echo_nonce;			/* the newest reliable datagram */
	u64 echo_at;			/* when it arrived */
	struct mlt_rx_ranges ranges;	/* seq held ahead of rcv_nxt */
	struct rb_root reorder;		/* struct mlt_held, by seq */
	unsigned int reorder_bytes;	/* the memory they take */
	u64 reorder_progress;		/* rcv_nxt last moved, or first hold */

	/*
	 * lock. The receive window still open, over every connection: the
	 * sum of rx_limit - rx_off (struct mlt_sock). conn.c keeps it; the
	 * reorder buffer is bounded by it (receive.c).
	 */
	u64 rx_window;

	/* Connections, see conn.c: under lock. */
	DECLARE_HASHTABLE(conns, MLT_CONN_HASH_BITS);
	unsigned int conn_count;	/* WRITE_ONCE: read locklessly */
	u32 next_conn;
	struct list_head tx_conns;	/* struct mlt_sock with work to send */
	struct list_head fresh;		/* accepted while a datagram is read */
	struct list_head blocked;	/* struct mlt_sock, on a shut window */
};

/* Work gathered under a tunnel lock, done after it is dropped. */
struct mlt_out {
	struct sk_buff_head skbs;	/* datagrams to send */
	struct list_head puts;		/* sockets to sock_put(), by tx_node */
};

static inline void mlt_out_init(struct mlt_out *out, struct mlt_tunnel *t)
{
	__skb_queue_head_init(&out->skbs);
	INIT_LIST_HEAD(&out->puts);
}

/**
 * mlt_tunnel_lock() - take a tunnel's lock to change its state
 * @t: the tunnel, with a reference held by the caller
 * @out: collects what to do once the lock is dropped
 *
 * Pair with mlt_tunnel_unlock().
 */
static inline void mlt_tunnel_lock(struct mlt_tunnel *t, struct mlt_out *out)
	__acquires(&t->lock)
{
	mlt_out_init(out, t);
	spin_lock_bh(&t->lock);
}

/* send.c */
void mlt_tunnel_unlock(struct mlt_tunnel *t, struct mlt_out *out)
	__releases(&t->lock);
void mlt_tunnel_push(struct mlt_tunnel *t, struct mlt_out *out);
int mlt_tunnel_ctl(struct mlt_tunnel *t, u32 c, u8 type, u16 arg);
void mlt_tunnel_send_ack(struct mlt_tunnel *t, struct mlt_out *out);
bool mlt_send_reject(struct mlt_net *mn, const struct mlt_endpoint *to,
		     u64 tid, const u8 key[MLT_KEY_LEN]);
bool mlt_send_moved(struct mlt_net *mn, const struct mlt_endpoint *to,
		    u64 tid, const u8 eph[MLT_KEY_LEN], const u8 key[MLT_KEY_LEN]);

/* recovery.c */
void mlt_recovery_ack(struct mlt_tunnel *t, u32 ack,
		      const struct mlt_rpc *sack);
void mlt_recovery_timer(struct mlt_tunnel *t, u64 now);
void mlt_recovery_resend(struct mlt_tunnel *t, u64 now);
void mlt_recovery_sent(struct mlt_tunnel *t, u64 now, bool was_empty);

/* receive.c */
void mlt_reorder_purge(struct mlt_tunnel *t);

/* timers.c */
void mlt_timers_init(struct mlt_tunnel *t);
void mlt_timer_set(struct mlt_tunnel *t, struct timer_list *timer,
		   unsigned long when);
void mlt_timer_stop(struct mlt_tunnel *t, struct timer_list *timer);
void mlt_tunnel_arm(struct mlt_tunnel *t);
void mlt_pace_arm(struct mlt_tunnel *t);
void mlt_pace_stop(struct mlt_tunnel *t);

/* tunnel.c */
struct mlt_tunnel *mlt_tunnel_alloc(struct net *net, gfp_t gfp);
void mlt_tunnel_put(struct mlt_tunnel *t);
void mlt_tunnel_release(struct kref *ref);
struct mlt_tunnel *mlt_tunnel_lookup_rcu(struct mlt_net *mn, u64 tid);
void mlt_tunnel_hash(struct mlt_tunnel *t);
bool mlt_tunnel_unhash(struct mlt_tunnel *t);
void mlt_tunnel_unhash_locked(struct mlt_tunnel *t);

bool mlt_send_challenge(struct mlt_net *mn, const struct mlt_endpoint *to,
			u64 tid, const u8 *field);

/* challenge.c */
enum mlt_drop_reason mlt_challenge_opening(struct mlt_net *mn,
					   const struct mlt_hdr *hdr,
					   const struct mlt_endpoint *from,
					   bool *answered);
enum mlt_drop_reason mlt_rcv_challenge(struct mlt_tunnel *t,
				       const struct mlt_hdr *hdr);
void mlt_challenge_init_tunnel(struct mlt_tunnel *t);

/* halfopen.c */
int mlt_halfopen_add(struct mlt_tunnel *t);
void mlt_halfopen_del(struct mlt_tunnel *t);
bool mlt_halfopen_make_room(struct mlt_net *mn);
void mlt_halfopen_validated(struct mlt_tunnel *t);
void mlt_tunnel_kill(struct mlt_tunnel *t, int err, struct mlt_out *out);
enum mlt_drop_reason mlt_tunnel_move(struct mlt_tunnel *t,
				     const u8 eph[MLT_KEY_LEN],
				     struct mlt_out *out);
struct mlt_tunnel *mlt_tunnel_connect(struct net *net,
				      const struct mlt_endpoint *peer,
				      const u8 identity[MLT_KEY_LEN],
				      const u8 eph[MLT_KEY_LEN], kuid_t uid,
				      bool exempt);

/**
 * struct mlt_opening - the keys of an opening datagram before it has
 *	authenticated, on the stack
 * @keys: the tunnel's keys, and the reject key
 * @server_identity: S, our identity's public key
 * @server_eph: S', the ephemeral key it names
 * @eph_expires: when S' expires, boottime ns
 */
struct mlt_opening {
	struct mlt_tunnel_keys keys;
	u8 server_identity[MLT_KEY_LEN];
	u8 server_eph[MLT_KEY_LEN];
	u64 eph_expires;
};

/* opening.c */
enum mlt_drop_reason mlt_opening_keys(struct mlt_net *mn,
				      const struct mlt_hdr *hdr,
				      struct mlt_opening *o);
struct mlt_tunnel *mlt_opening_tunnel(struct net *net,
				      const struct mlt_hdr *hdr,
				      const struct mlt_endpoint *from,
				      const struct mlt_opening *o);
void mlt_opening_reject(struct mlt_net *mn, const struct mlt_hdr *hdr,
			const struct mlt_endpoint *from,
			const struct mlt_opening *o);
enum mlt_drop_reason mlt_opening_queue(struct mlt_net *mn,
				       const struct mlt_hdr *hdr,
				       struct sk_buff *skb,
				       const struct mlt_endpoint *from);
void mlt_opening_moved(struct mlt_net *mn, const struct mlt_hdr *hdr,
		       const struct mlt_endpoint *from);
enum mlt_drop_reason mlt_tunnel_publish(struct mlt_tunnel *t);

/* replay_cache.c */
struct mlt_cprime;
struct mlt_cprime *mlt_rcache_new(struct mlt_tunnel *t);
enum mlt_drop_reason mlt_rcache_admit(struct mlt_net *mn,
				      const struct mlt_cprime *cp);
void mlt_rcache_add(struct mlt_net *mn, struct mlt_cprime *cp);
bool mlt_rcache_retired(struct mlt_net *mn, const u8 *eph_id,
			u8 public_key[MLT_KEY_LEN]);
void mlt_rcache_flush(struct mlt_net *mn);
bool mlt_rcache_pressed(struct mlt_net *mn, u64 now);

/* conn.c */
int mlt_conn_attach(struct mlt_tunnel *t, struct mlt_sock *ms);
void mlt_conn_unlink(struct mlt_tunnel *t, struct mlt_sock *ms,
		     struct mlt_out *out);
void mlt_conn_kick(struct mlt_tunnel *t, struct mlt_sock *ms);
void mlt_conn_error(struct mlt_tunnel *t, struct mlt_sock *ms, int err,
		    struct mlt_out *out);
void mlt_conn_abort(struct mlt_tunnel *t, struct mlt_sock *ms, int err,
		    struct mlt_out *out);
struct mlt_sock *mlt_conn_lookup(struct mlt_tunnel *t, u32 id);
void mlt_conn_rpc(struct mlt_tunnel *t, const struct mlt_rpc *rpc,
		  struct mlt_out *out);
bool mlt_conn_pack(struct mlt_tunnel *t, struct mlt_sock *ms,
		   struct mlt_body_enc *enc, struct mlt_out *out);
void mlt_conn_window_update(struct mlt_tunnel *t, struct mlt_sock *ms);
void mlt_conn_sndbuf_expand(struct mlt_tunnel *t, struct mlt_sock *ms);
u64 mlt_conn_blocked_until(struct mlt_tunnel *t);
void mlt_conn_expire_blocked(struct mlt_tunnel *t, u64 now,
			     struct mlt_out *out);

/* accept.c: the one way the engine reaches socket code, see there. */
struct mlt_sock *mlt_accept_new(struct mlt_tunnel *t, u32 id, u16 service,
				u64 window, int *reason);
void mlt_accept_publish(struct mlt_tunnel *t, struct mlt_out *out);

#endif /* _MLT_TUNNEL_H */
