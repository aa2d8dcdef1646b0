// SPDX-License-Identifier: GPL-2.0
/*
 * send(): the stream's bytes are copied into page fragments (sk_page_frag)
 * and queued on the socket's write queue in the tail skb while it has room,
 * as tcp_sendmsg_locked() does, charged to sk_wmem_queued up to the send
 * buffer; the engine (conn.c) puts them into datagrams as the peer's window
 * and the congestion window allow, and frees each skb once it is all sent.
 * The first send() of a connected socket also lets its create RPC go.
 */
#include <linux/sched/signal.h>
#include <linux/uio.h>
#include <net/sock.h>

#include "sock.h"

/* Stream bytes per write queue skb at most, as TCP's size goal. */
#define MLT_SEND_SKB_MAX	(64 * 1024)

/*
 * Under the tunnel lock: queue @n bytes copied at @pfrag into the tail skb
 * of the write queue, or into @*fresh, which is then used up, and charge
 * them. Return: 0; -%EPIPE if the connection is over; -%EAGAIN if a new
 * skb is needed and @*fresh is %NULL; -%ENOBUFS if the memory cannot be
 * charged.
 */
static int mlt_send_commit_locked(struct mlt_sock *ms,
				  const struct page_frag *pfrag, int n,
				  struct sk_buff **fresh)
{
	struct sock *sk = &ms->sk;
	struct sk_buff *skb = skb_peek_tail(&sk->sk_write_queue);
	int i = skb ? skb_shinfo(skb)->nr_frags : 0, charge = n;
	bool merge;

	if (!ms->in_tunnel)
		return -EPIPE;
	mlt_conn_sndbuf_expand(ms->tunnel, ms);
	merge = skb && skb_can_coalesce(skb, i, pfrag->page, pfrag->offset);
	if (!skb || skb->len + n > MLT_SEND_SKB_MAX ||
	    (!merge && i >= MAX_SKB_FRAGS)) {
		if (!*fresh)
			return -EAGAIN;
		skb = NULL;
		merge = false;
		i = 0;
		charge += (*fresh)->truesize;
	}
	if (!sk_wmem_schedule(sk, charge))
		return -ENOBUFS;
	if (!skb) {
		skb = *fresh;
		*fresh = NULL;
		MLT_SKB_CB(skb)->off = 0;
		sk_wmem_queued_add(sk, skb->truesize);
		sk_mem_charge(sk, skb->truesize);
		__skb_queue_tail(&sk->sk_write_queue, skb);
	}
	if (merge) {
		skb_frag_size_add(&skb_shinfo(skb)->frags[i - 1], n);
	} else {
		get_page(pfrag->page);
		skb_fill_page_desc(skb, i, pfrag->page, pfrag->offset, n);
	}
	skb->len += n;
	skb->data_len += n;
	skb->truesize += n;
	sk_wmem_queued_add(sk, n);
	sk_mem_charge(sk, n);
	WRITE_ONCE(ms->tx_queued, ms->tx_queued + n);
	WRITE_ONCE(ms->create_held, false);
	mlt_conn_kick(ms->tunnel, ms);
	return 0;
}

static int mlt_send_commit_once(struct mlt_sock *ms,
				const struct page_frag *pfrag, int n,
				struct sk_buff **fresh)
{
	struct mlt_tunnel *t = ms->tunnel;
	struct mlt_out out;
	int ret;

	mlt_tunnel_lock(t, &out);
	ret = mlt_send_commit_locked(ms, pfrag, n, fresh);
	mlt_tunnel_unlock(t, &out);	/* and the engine sends */
	return ret;
}

/*
 * Queue @n bytes copied at @pfrag and run the engine; an skb is allocated
 * (outside the lock) only when the tail skb has no room.
 * Return: as mlt_send_commit_locked(), never -%EAGAIN.
 */
static int mlt_send_commit(struct mlt_sock *ms, const struct page_frag *pfrag,
			   int n)
{
	struct sk_buff *fresh = NULL;
	int ret;

	ret = mlt_send_commit_once(ms, pfrag, n, &fresh);
	if (ret != -EAGAIN)
		return ret;
	fresh = alloc_skb(0, ms->sk.sk_allocation);
	if (!fresh)
		return -ENOBUFS;
	ret = mlt_send_commit_once(ms, pfrag, n, &fresh);
	if (fresh)
		__kfree_skb(fresh);	/* not queued */
	return ret;
}

/*
 * Copy up to @len bytes of @msg into the socket's page fragment and queue
 * them. Return: how many, 0 to wait for memory first, or an error.
 */
static int mlt_send_chunk(struct sock *sk, struct msghdr *msg, size_t len)
{
	struct page_frag *pfrag = sk_page_frag(sk);
	size_t got;
	int n, ret;

	if (!sk_page_frag_refill(sk, pfrag))
		return 0;
	n = min_t(size_t, len, pfrag->size - pfrag->offset);
	got = copy_page_from_iter(pfrag->page, pfrag->offset, n,
				  &msg->msg_iter);
	if (got != n) {
		iov_iter_revert(&msg->msg_iter, got);
		return -EFAULT;
	}
	ret = mlt_send_commit(mlt_sk(sk), pfrag, n);
	if (ret) {
		iov_iter_revert(&msg->msg_iter, n);
		return ret == -ENOBUFS ? 0 : ret;
	}
	pfrag->offset += n;
	return n;
}

/*
 * Queue @len bytes of @msg; the socket is a connection, locked. Waits as
 * TCP does while the queue is at the send buffer or memory is short.
 * Return: 0 or an error; -%EPIPE when the socket has an error or is shut
 * down for sending.
 */
static int mlt_send_stream(struct sock *sk, struct msghdr *msg, size_t len,
			   long *timeo, size_t *copied)
{
	int ret;

	while (*copied < len) {
		if (READ_ONCE(sk->sk_err) ||
		    (READ_ONCE(sk->sk_shutdown) & SEND_SHUTDOWN))
			return -EPIPE;
		ret = sk_stream_memory_free(sk) ?
		      mlt_send_chunk(sk, msg, len - *copied) : 0;
		if (ret < 0)
			return ret;
		if (ret) {
			*copied += ret;
			continue;
		}
		ret = sk_stream_wait_memory(sk, timeo);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * As TCP: a send that queued some bytes returns their count, and an error
 * it met stays on the socket for the next call; one that queued nothing
 * returns the socket's error (sk_stream_error() takes it) or -EPIPE.
 */
/*
 * splice() to the socket sends the pipe's pages with the flags of its
 * kernel: MSG_SPLICE_PAGES (6.5 on, and 6.1 stable has it defined) and,
 * through sock_no_sendpage() before 6.5, MSG_SENDPAGE_NOTLAST. The bytes
 * are copied from the pages as from any iterator.
 */
#ifndef MSG_SPLICE_PAGES
#define MSG_SPLICE_PAGES	0
#endif
#ifndef MSG_SENDPAGE_NOTLAST
#define MSG_SENDPAGE_NOTLAST	0
#endif
#define MLT_MSG_SPLICE	(MSG_SPLICE_PAGES | MSG_SENDPAGE_NOTLAST)

int mlt_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct sock *sk = sock->sk;
	size_t copied = 0;
	long timeo;
	int ret;

	if (msg->msg_flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL | MSG_MORE |
			       MSG_EOR | MSG_WAITALL | MLT_MSG_SPLICE))
		return -EOPNOTSUPP;

	lock_sock(sk);
	timeo = sock_sndtimeo(sk, msg->msg_flags & MSG_DONTWAIT);
	ret = mlt_wait_connected(sk, &timeo);
	if (!ret)
		ret = mlt_send_stream(sk, msg, len, &timeo, &copied);
	if (copied)
		ret = copied;
	else if (ret == -EPIPE)
		ret = sk_stream_error(sk, msg->msg_flags, ret);
	release_sock(sk);
	return ret;
}
