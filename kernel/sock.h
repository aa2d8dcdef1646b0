/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The socket of one connection, or a listener, and what the socket files
 * share: af_minimalt.c (the socket calls), sendmsg.c, recvmsg.c,
 * connect.c, accept.c and resolve.c. The connection state in struct
 * mlt_sock is the engine's too: conn.c reads and writes it under the
 * tunnel lock.
 */
#ifndef _MLT_SOCK_H
#define _MLT_SOCK_H

#include <net/sock.h>

#include "tunnel.h"

struct mlt_sock {
	struct sock sk;
	/* Counted; set once, by connect or accept; WRITE_ONCE, for poll. */
	struct mlt_tunnel *tunnel;
	struct hlist_node conn_node;	/* tunnel->conns, under its lock */
	struct list_head tx_node;	/* tunnel->tx_conns, under its lock */
	/* tunnel->blocked, under its lock: data waits on the peer's window */
	struct list_head blocked_node;
	u64 blocked_since;		/* boottime ns */
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
	bool create_held;		/* connect() done, create not sent;
					 * WRITE_ONCE: read locklessly
					 */
	bool create_pending;
	bool ack_pending;
	bool window_pending;
	bool fin_pending;		/* close(FIN) once the data is out */
	bool fin_sent;
	bool fin_rcvd;
	bool orphan;			/* closed by its owner */
	u32 tx_queued;			/* unsent bytes in sk_write_queue */
	u64 tx_off;			/* stream bytes put in datagrams */
	u64 tx_limit;			/* the peer's window */
	u64 rx_off;			/* stream bytes received */
	u64 rx_read;			/* stream bytes read */
	/* Receive buffer autotuning, see mlt_conn_rcvbuf_adjust(). */
	u64 rcvq_time;			/* boottime ns: this measure began */
	u64 rcvq_seq;			/* rx_read then */
	u32 rcvq_space;			/* most read in a round trip so far */
	u64 rx_limit;			/* the window we advertised */

	/* Listener: under mn->listen_lock. */
	struct hlist_node listen_node;
	struct list_head accept_q;
	struct list_head accept_node;
	unsigned int accept_len;	/* WRITE_ONCE, for poll */
	struct mlt_sock *listener;	/* counted, until published */
};

static inline struct mlt_sock *mlt_sk(const struct sock *sk)
{
	return (struct mlt_sock *)sk;
}

/*
 * The unread (receive queue) or unsent (write queue) offset of a queued
 * skb of stream bytes.
 */
struct mlt_skb_cb {
	u32 off;
};

#define MLT_SKB_CB(skb) ((struct mlt_skb_cb *)(skb)->cb)

/*
 * Memory accounting, as TCP's: receive skbs are charged to sk_rmem_alloc
 * (skb_set_owner_r), write queue skbs to sk_wmem_queued, both through
 * sk_forward_alloc to the proto and the memory cgroup. Every change to
 * sk_forward_alloc and sk_wmem_queued of a connected socket is made under
 * its tunnel's lock: the engine charges and frees in softirq, the socket
 * calls under lock_sock(), and the tunnel lock is what they share.
 */

/* Free a write queue skb, unlinked, and uncharge it (sk_wmem_free_skb). */
/*
 * Whether the process that opened the socket had CAP_NET_ADMIN in the user
 * namespace of the socket's network namespace: the per-user quotas do not
 * apply to it. The opener, not the current task, which for a connect()
 * that waited for its name is the resolver's.
 */
static inline bool mlt_sk_admin(const struct sock *sk)
{
	return sk->sk_socket && sk->sk_socket->file &&
	       file_ns_capable(sk->sk_socket->file, sock_net(sk)->user_ns,
			       CAP_NET_ADMIN);
}

static inline void mlt_wmem_free_skb(struct sock *sk, struct sk_buff *skb)
{
	sk_wmem_queued_add(sk, -skb->truesize);
	sk_mem_uncharge(sk, skb->truesize);
	__kfree_skb(skb);
}

/* Free every skb of the write queue. */
static inline void mlt_wmem_purge(struct sock *sk)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(&sk->sk_write_queue)))
		mlt_wmem_free_skb(sk, skb);
}

/* af_minimalt.c */
struct sock *mlt_sock_alloc(struct net *net, struct socket *sock, gfp_t gfp,
			    int kern);

/* sendmsg.c, recvmsg.c */
int mlt_sendmsg(struct socket *sock, struct msghdr *msg, size_t len);
int mlt_recvmsg(struct socket *sock, struct msghdr *msg, size_t len,
		int flags);

/* accept.c: the socket side */
int mlt_listen(struct socket *sock, int backlog);
void mlt_listen_stop(struct mlt_sock *l);
#ifdef MLT_HAVE_ACCEPT_ARG	/* 6.10 */
int mlt_accept(struct socket *sock, struct socket *newsock,
	       struct proto_accept_arg *arg);
#else
int mlt_accept(struct socket *sock, struct socket *newsock, int flags,
	       bool kern);
#endif

/* connect.c */
int mlt_connect(struct socket *sock, struct sockaddr *uaddr, int len,
		int flags);
int mlt_wait_connected(struct sock *sk, long *timeo);
void mlt_sock_resolved(struct mlt_sock *ms);

/* resolve.c */
void mlt_resolve_wait_sock(struct mlt_net *mn, struct mlt_sock *ms,
			   u64 deadline);
void mlt_resolve_cancel_sock(struct mlt_net *mn, struct mlt_sock *ms);

#endif /* _MLT_SOCK_H */
