// SPDX-License-Identifier: GPL-2.0
/*
 * recv(): the stream's bytes wait on the socket's receive queue in linear
 * skbs that conn.c fills with DATA RPCs' bytes (appending to the tail skb
 * under the queue lock), each with an offset of what was read. Reading
 * frees skbs, which uncharges them, and the engine advertises the room to
 * the peer (windowSize). Errors are reported as TCP does: queued data
 * first, then the error once, then end-of-file.
 * The first recv() of a connected socket also lets its create RPC go.
 */
#include <linux/sched/signal.h>
#include <linux/uio.h>
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

/* The connection's end (RCV_SHUTDOWN) or error is recorded. */
static bool mlt_recv_ended(const struct sock *sk)
{
	return READ_ONCE(sk->sk_err) ||
	       (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN);
}

static bool mlt_recv_ready(struct sock *sk)
{
	return !skb_queue_empty_lockless(&sk->sk_receive_queue) ||
	       mlt_recv_ended(sk);
}

/*
 * The skb to read from: the first one, or with MSG_PEEK the one that holds
 * stream byte *@peek_off of the queue, *@peek_off then made relative to it.
 * *@avail: its bytes from there, read under the queue lock since conn.c
 * may be appending to it.
 */
static struct sk_buff *mlt_recv_peek(struct sock *sk, int flags,
				     size_t *peek_off, size_t *avail)
{
	struct sk_buff *skb, *found = NULL;
	size_t left;

	spin_lock_bh(&sk->sk_receive_queue.lock);
	skb_queue_walk(&sk->sk_receive_queue, skb) {
		left = skb->len - MLT_SKB_CB(skb)->off;
		if (!(flags & MSG_PEEK) || *peek_off < left) {
			found = skb;
			*avail = left - *peek_off;	/* 0 unless peeking */
			break;
		}
		*peek_off -= left;
	}
	spin_unlock_bh(&sk->sk_receive_queue.lock);
	return found;
}

/*
 * What a recvmsg() call has read and not yet told the engine: the skbs it
 * read to the end (off the queue, still charged) and the bytes. The
 * engine learns of them in one tunnel lock round (mlt_recv_settle()) at
 * the end of the call, before it sleeps, and every %MLT_RECV_SETTLE_BYTES.
 */
struct mlt_recv_done {
	struct sk_buff_head skbs;
	size_t bytes;
};

/* Bytes read between two window updates of a long read, at most. */
#define MLT_RECV_SETTLE_BYTES	(64 * 1024)

/*
 * Free what @done holds, uncharging it under the tunnel lock like every
 * memory accounting change (sock.h), count the bytes read and let the
 * engine advertise the room.
 */
static void mlt_recv_settle(struct mlt_sock *ms, struct mlt_recv_done *done)
{
	struct mlt_tunnel *t = ms->tunnel;
	struct mlt_out out;

	if (!done->bytes && skb_queue_empty(&done->skbs))
		return;
	mlt_tunnel_lock(t, &out);
	__skb_queue_purge(&done->skbs);	/* sock_rfree() uncharges them */
	ms->rx_read += done->bytes;
	done->bytes = 0;
	mlt_conn_window_update(t, ms);
	mlt_tunnel_unlock(t, &out);
}

/*
 * @n bytes of @skb were read: it leaves the queue once it is all read
 * (under the queue lock: conn.c may still append to it) for @done.
 */
static void mlt_recv_consumed(struct mlt_sock *ms, struct sk_buff *skb,
			      size_t n, struct mlt_recv_done *done)
{
	struct sk_buff_head *q = &ms->sk.sk_receive_queue;
	bool all;

	spin_lock_bh(&q->lock);
	MLT_SKB_CB(skb)->off += n;
	all = MLT_SKB_CB(skb)->off == skb->len;
	if (all)
		__skb_unlink(skb, q);
	spin_unlock_bh(&q->lock);
	if (all)
		__skb_queue_tail(&done->skbs, skb);
	done->bytes += n;
	if (done->bytes >= MLT_RECV_SETTLE_BYTES)
		mlt_recv_settle(ms, done);
}

/*
 * Copy from @skb into @msg, at most @room of its @avail bytes from its
 * unread offset plus @peek_off. The skb is linear; bytes past @avail may
 * be being appended. Return: how many, or -EFAULT.
 */
static long mlt_recv_copy(struct mlt_sock *ms, struct sk_buff *skb,
			  struct msghdr *msg, size_t room, size_t avail,
			  int flags, size_t peek_off, struct mlt_recv_done *done)
{
	size_t off = MLT_SKB_CB(skb)->off + peek_off;
	size_t n = min(avail, room);

	if (copy_to_iter(skb->data + off, n, &msg->msg_iter) != n)
		return -EFAULT;
	if (!(flags & MSG_PEEK))
		mlt_recv_consumed(ms, skb, n, done);
	return n;
}

/* mlt_recv_wait(): look at the queue again, no wait made. */
#define MLT_RECV_AGAIN	2

/*
 * Nothing to read: whether to wait. @ended: mlt_recv_ended() before the
 * queue was looked at. The engine queues a connection's bytes before it
 * records the end or the error they came with, and does so without
 * lock_sock(): an end that was not seen before the look may have come
 * with bytes that the look missed, so the queue is looked at again before
 * the end or the error is reported. Return: 0 after a wait,
 * %MLT_RECV_AGAIN to look again, 1 to return what was read, or an error
 * when nothing was. As TCP, an error is taken (and cleared) only by a
 * call that read nothing; with data read, it stays for the next call.
 */
static int mlt_recv_wait(struct sock *sk, long *timeo, size_t copied,
			 size_t target, int flags, bool ended,
			 struct mlt_recv_done *done,
			 struct wait_queue_entry *wait)
{
	int ret;

	if (copied >= target)
		return 1;
	if (copied && (flags & MSG_PEEK) && !(flags & MSG_WAITALL))
		return 1;
	if (copied && READ_ONCE(sk->sk_err))
		return 1;
	if (!ended) {
		if (mlt_recv_ended(sk))
			return MLT_RECV_AGAIN;
	} else {
		/* The error, if any, was set before the end (conn.c). */
		ret = sock_error(sk);
		if (ret)
			return ret;
		if (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN)
			return 1;
	}
	if (!*timeo)
		return -EAGAIN;
	if (signal_pending(current))
		return sock_intr_errno(*timeo);
	mlt_recv_settle(mlt_sk(sk), done);	/* the room first */
	sk_wait_event(sk, timeo, mlt_recv_ready(sk), wait);
	return 0;
}

/* Read up to @len bytes; the socket is a connection, locked. */
static int mlt_recv_stream(struct sock *sk, struct msghdr *msg, size_t len,
			   int flags, long *timeo, size_t *copied)
{
	size_t target = sock_rcvlowat(sk, flags & MSG_WAITALL, len);
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	size_t peek_off = 0, skb_off, avail;
	struct mlt_recv_done done;
	struct sk_buff *skb;
	bool ended;
	long n;
	int ret = 0;

	__skb_queue_head_init(&done.skbs);
	done.bytes = 0;
	add_wait_queue(sk_sleep(sk), &wait);
	while (*copied < len) {
		ended = mlt_recv_ended(sk);
		smp_rmb();	/* the end, then the queue: see mlt_recv_wait() */
		skb_off = peek_off;	/* MSG_PEEK: bytes already peeked */
		skb = mlt_recv_peek(sk, flags, &skb_off, &avail);
		if (skb) {
			n = mlt_recv_copy(mlt_sk(sk), skb, msg, len - *copied,
					  avail, flags, skb_off, &done);
			if (n < 0) {
				ret = n;
				break;
			}
			*copied += n;
			if (flags & MSG_PEEK)
				peek_off += n;
			continue;
		}
		ret = mlt_recv_wait(sk, timeo, *copied, target, flags, ended,
				    &done, &wait);
		if (ret == MLT_RECV_AGAIN)
			continue;
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
	mlt_recv_settle(mlt_sk(sk), &done);
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
