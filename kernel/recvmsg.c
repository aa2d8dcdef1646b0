// SPDX-License-Identifier: GPL-2.0
/*
 * recv(): the stream's bytes wait on the socket's receive queue in the
 * skbs conn.c made of DATA RPCs, each with an offset of what was read.
 * Reading makes room, which the engine advertises to the peer (windowSize).
 * The first recv() of a connected socket also lets its create RPC go.
 */
#include <linux/sched/signal.h>
#include <net/sock.h>

#include "sock.h"

/* Let the create RPC go: the first use of a connected socket. */
static void mlt_recv_release_create(struct mlt_sock *ms)
{
	struct mlt_tunnel *t = ms->tunnel;
	struct mlt_out out;

	if (!READ_ONCE(ms->create_held))
		return;
	mlt_tunnel_lock(t, &out);
	WRITE_ONCE(ms->create_held, false);
	mlt_conn_kick(t, ms);
	mlt_tunnel_unlock(t, &out);
}

static bool mlt_recv_ready(struct sock *sk)
{
	return !skb_queue_empty_lockless(&sk->sk_receive_queue) ||
	       READ_ONCE(sk->sk_err) ||
	       (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN);
}

/*
 * The skb to read from: the first one, or with MSG_PEEK the one that holds
 * stream byte *@peek_off of the queue, *@peek_off then made relative to it.
 */
static struct sk_buff *mlt_recv_peek(struct sock *sk, int flags,
				     size_t *peek_off)
{
	struct sk_buff *skb, *found = NULL;
	size_t left;

	spin_lock_bh(&sk->sk_receive_queue.lock);
	skb_queue_walk(&sk->sk_receive_queue, skb) {
		left = skb->len - MLT_SKB_CB(skb)->off;
		if (!(flags & MSG_PEEK) || *peek_off < left) {
			found = skb;
			break;
		}
		*peek_off -= left;
	}
	spin_unlock_bh(&sk->sk_receive_queue.lock);
	return found;
}

/* @n bytes were read: free what is done, let the engine advertise room. */
static void mlt_recv_consumed(struct mlt_sock *ms, struct sk_buff *skb,
			      size_t n)
{
	struct mlt_tunnel *t = ms->tunnel;
	struct mlt_out out;

	MLT_SKB_CB(skb)->off += n;
	if (MLT_SKB_CB(skb)->off == skb->len) {
		skb_unlink(skb, &ms->sk.sk_receive_queue);
		consume_skb(skb);
	}
	mlt_tunnel_lock(t, &out);
	ms->rx_read += n;
	mlt_conn_window_update(t, ms);
	mlt_tunnel_unlock(t, &out);
}

/*
 * Copy from @skb into @msg, at most @room bytes, from its unread offset
 * plus @peek_off. Return: how many, or -EFAULT.
 */
static long mlt_recv_copy(struct mlt_sock *ms, struct sk_buff *skb,
			  struct msghdr *msg, size_t room, int flags,
			  size_t peek_off)
{
	size_t off = MLT_SKB_CB(skb)->off + peek_off, n;

	n = min_t(size_t, skb->len - off, room);
	if (skb_copy_datagram_msg(skb, off, msg, n))
		return -EFAULT;
	if (!(flags & MSG_PEEK))
		mlt_recv_consumed(ms, skb, n);
	return n;
}

/*
 * Nothing to read: whether to wait. Return: 0 after a wait, 1 to return
 * what was read, or an error when nothing was.
 */
static int mlt_recv_wait(struct sock *sk, long *timeo, size_t copied,
			 size_t target, int flags,
			 struct wait_queue_entry *wait)
{
	int ret;

	if (copied >= target)
		return 1;
	if (copied && (flags & MSG_PEEK) && !(flags & MSG_WAITALL))
		return 1;
	ret = sock_error(sk);
	if (ret)
		return ret;
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		return 1;
	if (!*timeo)
		return -EAGAIN;
	if (signal_pending(current))
		return sock_intr_errno(*timeo);
	sk_wait_event(sk, timeo, mlt_recv_ready(sk), wait);
	return 0;
}

/* Read up to @len bytes; the socket is a connection, locked. */
static int mlt_recv_stream(struct sock *sk, struct msghdr *msg, size_t len,
			   int flags, long *timeo, size_t *copied)
{
	size_t target = sock_rcvlowat(sk, flags & MSG_WAITALL, len);
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	size_t peek_off = 0, skb_off;
	struct sk_buff *skb;
	long n;
	int ret = 0;

	add_wait_queue(sk_sleep(sk), &wait);
	while (*copied < len) {
		skb_off = peek_off;	/* MSG_PEEK: bytes already peeked */
		skb = mlt_recv_peek(sk, flags, &skb_off);
		if (skb) {
			n = mlt_recv_copy(mlt_sk(sk), skb, msg, len - *copied,
					  flags, skb_off);
			if (n < 0) {
				ret = n;
				break;
			}
			*copied += n;
			if (flags & MSG_PEEK)
				peek_off += n;
			continue;
		}
		ret = mlt_recv_wait(sk, timeo, *copied, target, flags, &wait);
		if (ret)
			break;
		if (flags & MSG_PEEK) {
			/* Start over: what we peeked may have been read. */
			iov_iter_revert(&msg->msg_iter, *copied);
			*copied = 0;
			peek_off = 0;
		}
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	return ret > 0 ? 0 : ret;
}

int mlt_recvmsg(struct socket *sock, struct msghdr *msg, size_t len,
		int flags)
{
	struct sock *sk = sock->sk;
	size_t copied = 0;
	long timeo;
	int ret;

	if (flags & ~(MSG_DONTWAIT | MSG_PEEK | MSG_WAITALL | MSG_TRUNC |
		      MSG_NOSIGNAL | MSG_CMSG_COMPAT))
		return -EOPNOTSUPP;

	lock_sock(sk);
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	ret = mlt_wait_connected(sk, &timeo);
	if (!ret) {
		mlt_recv_release_create(mlt_sk(sk));
		ret = mlt_recv_stream(sk, msg, len, flags, &timeo, &copied);
	}
	release_sock(sk);
	return copied ? copied : ret;
}
