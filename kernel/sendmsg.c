// SPDX-License-Identifier: GPL-2.0
/*
 * send(): the stream's bytes are copied into skbs on the socket's write
 * queue, as much as its send buffer allows, and the engine is run to put
 * them into datagrams as the peer's window and the congestion window allow.
 * The first send() of a connected socket also lets its create RPC go.
 */
#include <linux/sched/signal.h>
#include <net/sock.h>

#include "sock.h"

/* The largest skb sendmsg() queues at once. */
#define MLT_SEND_CHUNK		(64 * 1024)

static bool mlt_send_ready(struct mlt_sock *ms)
{
	struct sock *sk = &ms->sk;

	return READ_ONCE(ms->tx_queued) < READ_ONCE(sk->sk_sndbuf) ||
	       READ_ONCE(sk->sk_err) ||
	       (READ_ONCE(sk->sk_shutdown) & SEND_SHUTDOWN);
}

/*
 * Wait, the socket locked, for room in its send buffer.
 * Return: the room in bytes, or an error: the socket's, -EPIPE after
 * shutdown, -EAGAIN when @timeo runs out, or sock_intr_errno().
 */
static long mlt_send_wait(struct sock *sk, long *timeo,
			  struct wait_queue_entry *wait)
{
	struct mlt_sock *ms = mlt_sk(sk);
	u32 room;
	int ret;

	for (;;) {
		ret = sock_error(sk);
		if (ret)
			return ret;
		if (sk->sk_shutdown & SEND_SHUTDOWN)
			return -EPIPE;
		room = READ_ONCE(sk->sk_sndbuf);
		room -= min_t(u32, READ_ONCE(ms->tx_queued), room);
		if (room)
			return room;
		if (!*timeo)
			return -EAGAIN;
		if (signal_pending(current))
			return sock_intr_errno(*timeo);
		sk_wait_event(sk, timeo, mlt_send_ready(ms), wait);
	}
}

/* @n bytes of @msg in a new skb of stream bytes. */
static struct sk_buff *mlt_send_copy(struct sock *sk, struct msghdr *msg,
				     size_t n)
{
	struct sk_buff *skb = alloc_skb(n, sk->sk_allocation);

	if (!skb)
		return ERR_PTR(-ENOBUFS);
	if (copy_from_iter(skb_put(skb, n), n, &msg->msg_iter) != n) {
		kfree_skb(skb);
		return ERR_PTR(-EFAULT);
	}
	MLT_SKB_CB(skb)->off = 0;
	return skb;
}

/* Queue @skb for the connection and run the engine; consumes @skb. */
static int mlt_send_queue(struct mlt_sock *ms, struct sk_buff *skb)
{
	struct mlt_tunnel *t = ms->tunnel;
	struct sock *sk = &ms->sk;
	struct mlt_out out;
	bool queued = false;

	mlt_tunnel_lock(t, &out);
	if (ms->in_tunnel) {
		__skb_queue_tail(&sk->sk_write_queue, skb);
		WRITE_ONCE(ms->tx_queued, ms->tx_queued + skb->len);
		WRITE_ONCE(ms->create_held, false);
		mlt_conn_kick(t, ms);
		queued = true;
	}
	mlt_tunnel_unlock(t, &out);
	if (queued)
		return 0;
	kfree_skb(skb);
	return sock_error(sk) ?: -EPIPE;	/* the connection ended */
}

/* Queue @len bytes of @msg; the socket is a connection, locked. */
static int mlt_send_stream(struct sock *sk, struct msghdr *msg, size_t len,
			   long *timeo, size_t *copied)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct sk_buff *skb;
	long room;
	size_t n;
	int ret = 0;

	add_wait_queue(sk_sleep(sk), &wait);
	while (*copied < len) {
		room = mlt_send_wait(sk, timeo, &wait);
		if (room < 0) {
			ret = room;
			break;
		}
		skb = mlt_send_copy(sk, msg, min3(len - *copied, (size_t)room,
						  (size_t)MLT_SEND_CHUNK));
		if (IS_ERR(skb)) {
			ret = PTR_ERR(skb);
			break;
		}
		n = skb->len;
		ret = mlt_send_queue(mlt_sk(sk), skb);
		if (ret)
			break;
		*copied += n;
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	return ret;
}

int mlt_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct sock *sk = sock->sk;
	size_t copied = 0;
	long timeo;
	int ret;

	if (msg->msg_flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL | MSG_MORE |
			       MSG_EOR | MSG_WAITALL))
		return -EOPNOTSUPP;

	lock_sock(sk);
	timeo = sock_sndtimeo(sk, msg->msg_flags & MSG_DONTWAIT);
	ret = mlt_wait_connected(sk, &timeo);
	if (!ret) {
		ret = mlt_send_stream(sk, msg, len, &timeo, &copied);
		if (ret == -EPIPE && !(msg->msg_flags & MSG_NOSIGNAL))
			send_sig(SIGPIPE, current, 0);
	}
	release_sock(sk);
	return copied ? copied : ret;
}
