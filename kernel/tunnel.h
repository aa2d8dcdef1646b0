/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tunnels and the connections they carry: the structures that tunnel.c
 * (datagrams, reliability, timers), conn.c (connection state and streams)
 * and socket.c (the socket calls) share.
 *
 * Locking: everything about a tunnel and the connection state of its
 * sockets is under the tunnel's spinlock, taken with BH disabled. Socket
 * calls hold lock_sock() around it. Nothing sends a datagram or drops a
 * socket reference under a tunnel lock: the engine collects both in a
 * struct mlt_out, which mlt_out_flush() acts on after the unlock.
 */
#ifndef _MLT_TUNNEL_H
#define _MLT_TUNNEL_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/skbuff.h>
#include <linux/timer.h>
#include <net/sock.h>

#include "congestion.h"
#include "crypto.h"
#include "minimalt.h"
#include "replay.h"

#define MLT_CONN_HASH_BITS	6

/* A reliable datagram's body, kept until the peer acknowledges it. */
struct mlt_txd {
	struct list_head node;
	u64 first_sent;		/* boottime ns */
	u64 sent;		/* of the latest transmission */
	u32 seq;
	u16 len;
	u8 retries;
	u8 body[];
};

/* A control RPC about a connection that has no socket (any more). */
struct mlt_ctl {
	u32 c;
	u8 type;		/* MLT_RPC_REFUSE or MLT_RPC_CLOSE */
	u16 arg;		/* reason, or how */
};

struct mlt_tunnel {
	struct hlist_node node;		/* mn->tunnels, by tid */
	struct rcu_head rcu;
	struct kref ref;
	struct mlt_net *mn;
	struct net *net;		/* not counted: tunnels die with it */
	spinlock_t lock;
	u64 tid;
	bool client;
	bool dead;
	bool heard;			/* client: the server has answered */
	bool in_table;
	int err;			/* why it died */
	struct mlt_endpoint peer;
	u8 server_identity[MLT_KEY_LEN];
	u8 server_eph[MLT_KEY_LEN];
	u8 client_eph[MLT_KEY_LEN];
	struct mlt_tunnel_keys keys;
	u64 tx_nonce;
	struct mlt_replay replay;
	u64 last_rx;			/* boottime ns */
	u64 last_active;		/* boottime ns, for the idle timeout */
	u64 eph_expires;		/* server: when S' stops being valid */

	/* Sending: seq numbers, retransmission, congestion. */
	u32 snd_nxt;
	u32 snd_una;
	struct list_head txq;		/* struct mlt_txd, by seq */
	unsigned int inflight;
	unsigned int dupacks;
	struct mlt_cc cc;
	struct timer_list timer;	/* retransmission and idle */
	struct timer_list ack_timer;	/* delayed acknowledgment */

	/* Receiving. */
	u32 rcv_nxt;
	unsigned int ack_owed;		/* reliable datagrams not yet acked */
	bool ack_now;
	unsigned int reorder_count;
	u8 *reorder[MLT_REORDER_MAX];	/* bodies by seq % MLT_REORDER_MAX */
	u16 reorder_len[MLT_REORDER_MAX];

	/* Connections. */
	DECLARE_HASHTABLE(conns, MLT_CONN_HASH_BITS);
	unsigned int conn_count;
	u32 next_conn;
	struct list_head tx_conns;	/* struct mlt_sock with work to send */
	struct list_head fresh;		/* accepted while a datagram is read */
	struct mlt_ctl ctl[MLT_CTL_QUEUE_MAX];
	unsigned int n_ctl;
};

/* The socket of one connection, or a listener. */
struct mlt_sock {
	struct sock sk;
	struct mlt_tunnel *tunnel;	/* counted; set once, by connect/accept */
	struct hlist_node conn_node;	/* tunnel->conns, under its lock */
	struct list_head tx_node;	/* tunnel->tx_conns, under its lock */
	u32 id;
	u16 service;
	bool bound;
	struct sockaddr_mlt peer;

	/* Waiting for the resolver: under mn->resolve_lock. */
	struct list_head resolve_node;	/* mn->resolving */
	u64 resolve_deadline;		/* boottime ns */
	bool resolving;			/* on mn->resolving */

	/* Under the tunnel lock. */
	bool in_tunnel;
	bool create_held;		/* connect() done, create not sent */
	bool create_pending;
	bool ack_pending;
	bool window_pending;
	bool fin_pending;		/* close(FIN) once the data is out */
	bool fin_sent;
	bool fin_rcvd;
	bool abort_pending;
	bool orphan;			/* closed by its owner */
	u32 tx_queued;			/* bytes in sk_write_queue */
	u64 tx_off;			/* stream bytes put in datagrams */
	u64 tx_limit;			/* the peer's window */
	u64 rx_off;			/* stream bytes received */
	u64 rx_read;			/* stream bytes read */
	u64 rx_limit;			/* the window we advertised */

	/* Listener: under mn->listen_lock. */
	struct hlist_node listen_node;
	struct list_head accept_q;
	struct list_head accept_node;
	unsigned int accept_len;
	struct mlt_sock *listener;	/* counted, until published */
};

static inline struct mlt_sock *mlt_sk(const struct sock *sk)
{
	return (struct mlt_sock *)sk;
}

/* The unread offset of a queued skb of stream bytes. */
struct mlt_skb_cb {
	u32 off;
};

#define MLT_SKB_CB(skb) ((struct mlt_skb_cb *)(skb)->cb)

/* Work gathered under a tunnel lock, done after it is dropped. */
struct mlt_out {
	struct sk_buff_head skbs;	/* datagrams to send */
	struct list_head puts;		/* sockets to sock_put(), by tx_node */
	struct mlt_tunnel *tunnel;
};

void mlt_out_init(struct mlt_out *out, struct mlt_tunnel *t);
void mlt_out_flush(struct mlt_out *out);

/* tunnel.c */
struct mlt_tunnel *mlt_tunnel_connect(struct net *net,
				      const struct mlt_endpoint *peer,
				      const u8 identity[MLT_KEY_LEN],
				      const u8 eph[MLT_KEY_LEN]);
void mlt_tunnel_put(struct mlt_tunnel *t);
void mlt_tunnel_push(struct mlt_tunnel *t, struct mlt_out *out);
int mlt_tunnel_ctl(struct mlt_tunnel *t, u32 c, u8 type, u16 arg);

/* conn.c */
int mlt_conn_attach(struct mlt_tunnel *t, struct mlt_sock *ms);
void mlt_conn_unlink(struct mlt_tunnel *t, struct mlt_sock *ms,
		     struct mlt_out *out);
void mlt_conn_kick(struct mlt_tunnel *t, struct mlt_sock *ms);
void mlt_conn_error(struct mlt_tunnel *t, struct mlt_sock *ms, int err,
		    struct mlt_out *out);
struct mlt_sock *mlt_conn_lookup(struct mlt_tunnel *t, u32 id);
void mlt_conn_rpc(struct mlt_tunnel *t, const struct mlt_rpc *rpc,
		  struct mlt_out *out);
bool mlt_conn_pack(struct mlt_tunnel *t, struct mlt_sock *ms,
		   struct mlt_body_enc *enc, struct mlt_out *out);
void mlt_conn_window_update(struct mlt_tunnel *t, struct mlt_sock *ms);

/* socket.c */
struct mlt_sock *mlt_sock_accept_new(struct mlt_net *mn, struct net *net,
				     struct mlt_tunnel *t, u32 id,
				     u16 service, u64 window, int *reason);
void mlt_sock_write_space(struct sock *sk);
void mlt_sock_publish(struct mlt_tunnel *t, struct mlt_out *out);
void mlt_sock_resolved(struct mlt_sock *ms);

/* resolve.c */
void mlt_resolve_wait_sock(struct mlt_net *mn, struct mlt_sock *ms,
			   u64 deadline);
void mlt_resolve_cancel_sock(struct mlt_net *mn, struct mlt_sock *ms);

#endif /* _MLT_TUNNEL_H */
