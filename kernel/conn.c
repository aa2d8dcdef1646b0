// SPDX-License-Identifier: GPL-2.0
/*
 * Connections inside a tunnel: the control RPCs (create, ack, refuse,
 * close, windowSize), the byte streams and their flow control, and what a
 * connection puts into the next datagram. Every function here runs with
 * the tunnel lock held. A socket hears of what happens through its own
 * callbacks; a create reaches a listener through accept.c.
 */
#include <linux/skbuff.h>
#include <net/tcp_states.h>
#if __has_include("net/proto_memory.h")
#include <net/proto_memory.h>	/* 6.11: sk_under_memory_pressure() */
#endif

#include "sock.h"

/*
 * The stream bytes one receive skb holds: a 4 KiB kmalloc with its
 * skb_shared_info. Its truesize (with the struct sk_buff) is about 15%
 * more than that, which the window leaves room for.
 */
#define MLT_RX_SKB_DATA		SKB_WITH_OVERHEAD(4096)

/*
 * The window @space bytes of receive buffer back: what remains once skb
 * overhead is paid, as tcp_win_from_space(). Receive skbs are filled
 * before the next is allocated (~87% payload); a quarter covers that and
 * the part of the tail skb not yet filled.
 */
static u32 mlt_win_from_space(int space)
{
	return space > 0 ? space - space / 4 : 0;
}

/*
 * The window the socket's free receive memory backs (tcp_space()): its
 * receive buffer less what its queued skbs are charged. Under memory
 * pressure, a few datagrams at most, as TCP clamps rcv_ssthresh.
 */
static u32 mlt_conn_rx_space(struct mlt_sock *ms)
{
	struct sock *sk = &ms->sk;
	int space = READ_ONCE(sk->sk_rcvbuf) -
		    atomic_read(&sk->sk_rmem_alloc);

	if (sk_under_memory_pressure(sk))
		space = min_t(int, space, 4 * MLT_BODY_MAX_LEN);
	return mlt_win_from_space(space);
}

struct mlt_sock *mlt_conn_lookup(struct mlt_tunnel *t, u32 id)
{
	struct mlt_sock *ms;

	hash_for_each_possible(t->conns, ms, conn_node, id)
		if (ms->id == id)
			return ms;
	return NULL;
}

/**
 * mlt_conn_attach() - make a socket a connection of a tunnel
 * @t: the tunnel
 * @ms: the socket; @ms->id 0 takes the tunnel's next id
 *
 * Return: 0; -%ECONNABORTED if the tunnel is dead, -%EAGAIN if it carries
 * as many connections as the namespace allows one tunnel.
 */
int mlt_conn_attach(struct mlt_tunnel *t, struct mlt_sock *ms)
{
	if (t->dead)
		return -t->err ?: -ECONNABORTED;
	if (t->conn_count >= READ_ONCE(t->mn->conn_limit))
		return -EAGAIN;
	if (!ms->id) {
		ms->id = t->next_conn;
		t->next_conn += 2;
	}
	/*
	 * Nothing is advertised yet: the first window is what the buffer
	 * backs, but an accepted connection's creator may send
	 * MLT_INITIAL_WINDOW bytes before it hears ours.
	 */
	ms->rx_limit = max_t(u64, ms->rx_off + mlt_conn_rx_space(ms),
			     ms->create_pending ? 0 : MLT_INITIAL_WINDOW);
	t->rx_window += ms->rx_limit - ms->rx_off;
	ms->rcvq_time = mlt_now();
	ms->rcvq_seq = ms->rx_read;
	ms->rcvq_space = MLT_CWND_INITIAL * MLT_BODY_MAX_LEN;
	hash_add(t->conns, &ms->conn_node, ms->id);
	INIT_LIST_HEAD(&ms->tx_node);
	INIT_LIST_HEAD(&ms->blocked_node);
	ms->in_tunnel = true;
	sock_hold(&ms->sk);
	WRITE_ONCE(t->conn_count, t->conn_count + 1);
	atomic_inc(&t->mn->conns);
	return 0;
}

/* The connection is over: it leaves the tunnel, its reference goes. */
void mlt_conn_unlink(struct mlt_tunnel *t, struct mlt_sock *ms,
		     struct mlt_out *out)
{
	if (!ms->in_tunnel)
		return;
	hash_del(&ms->conn_node);
	list_del_init(&ms->tx_node);
	list_del_init(&ms->blocked_node);
	ms->in_tunnel = false;
	t->rx_window -= ms->rx_limit - ms->rx_off;
	WRITE_ONCE(t->conn_count, t->conn_count - 1);
	WRITE_ONCE(t->peer_full, false);	/* room again, maybe */
	atomic_dec(&t->mn->conns);
	list_add_tail(&ms->tx_node, &out->puts);
}

/* There is something to send: the connection queues for the next datagram. */
void mlt_conn_kick(struct mlt_tunnel *t, struct mlt_sock *ms)
{
	if (ms->in_tunnel && !ms->create_held && list_empty(&ms->tx_node))
		list_add_tail(&ms->tx_node, &t->tx_conns);
}

/*
 * The connection failed with @err (ECONNREFUSED, ECONNRESET, ETIMEDOUT...):
 * calls on the socket return it, and it leaves the tunnel.
 */
void mlt_conn_error(struct mlt_tunnel *t, struct mlt_sock *ms, int err,
		    struct mlt_out *out)
{
	struct sock *sk = &ms->sk;

	if (err) {
		WRITE_ONCE(sk->sk_err, err);
		sk_error_report(sk);
	}
	/* A reader that sees the end sees the error: see recvmsg.c. */
	smp_wmb();
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	WRITE_ONCE(sk->sk_state, TCP_CLOSE);
	mlt_wmem_purge(sk);
	WRITE_ONCE(ms->tx_queued, 0);
	WRITE_ONCE(ms->create_held, false);
	sk->sk_state_change(sk);
	sk->sk_write_space(sk);
	mlt_conn_unlink(t, ms, out);
}

/* Both FINs have gone their way: nothing more travels on the connection. */
static void mlt_conn_maybe_done(struct mlt_tunnel *t, struct mlt_sock *ms,
				struct mlt_out *out)
{
	if (ms->fin_sent && (ms->fin_rcvd || ms->orphan))
		mlt_conn_unlink(t, ms, out);
}

/* Reset the connection: the peer gets close(ABORT), the socket @err. */
void mlt_conn_abort(struct mlt_tunnel *t, struct mlt_sock *ms, int err,
		    struct mlt_out *out)
{
	mlt_tunnel_ctl(t, ms->id, MLT_RPC_CLOSE, MLT_CLOSE_ABORT);
	mlt_conn_error(t, ms, err, out);
}

/*
 * A new receive skb, charged to @sk. The bytes are inside the window we
 * advertised, which the receive buffer backs: when the charge fails, it
 * is forced (sk_mem_charge() alone, as sk_forced_mem_schedule()), never
 * dropped.
 */
static struct sk_buff *mlt_conn_rx_skb(struct sock *sk)
{
	struct sk_buff *skb = alloc_skb(MLT_RX_SKB_DATA, GFP_ATOMIC);

	if (!skb)
		return NULL;
	sk_rmem_schedule(sk, skb, skb->truesize);
	skb_set_owner_r(skb, sk);
	MLT_SKB_CB(skb)->off = 0;
	return skb;
}

/*
 * Queue @len stream bytes on @sk's receive queue: into the tail skb's
 * room first (small DATA RPCs share one skb), the rest into new skbs.
 * The queue lock orders this with recvmsg, which frees a read skb.
 * Return: 0, or -%ENOMEM with only part of the bytes queued.
 */
static int mlt_conn_rx_queue(struct sock *sk, const u8 *data, u16 len)
{
	struct sk_buff_head *q = &sk->sk_receive_queue;
	struct sk_buff *skb;
	u16 n = 0, m;

	spin_lock(&q->lock);
	skb = skb_peek_tail(q);
	if (skb) {
		n = min_t(u32, len, skb_tailroom(skb));
		skb_put_data(skb, data, n);
	}
	spin_unlock(&q->lock);
	while (n < len) {
		skb = mlt_conn_rx_skb(sk);
		if (!skb)
			return -ENOMEM;
		m = min_t(u32, len - n, skb_tailroom(skb));
		skb_put_data(skb, data + n, m);
		n += m;
		skb_queue_tail(q, skb);
	}
	return 0;
}

static void mlt_conn_rx_data(struct mlt_tunnel *t, struct mlt_sock *ms,
			     const u8 *data, u16 len, struct mlt_out *out)
{
	struct sock *sk = &ms->sk;

	if (ms->fin_rcvd || ms->rx_off + len > ms->rx_limit) {
		/* Past FIN or past the window: a protocol violation. */
		mlt_conn_abort(t, ms, EPROTO, out);
		return;
	}
	if (ms->orphan || (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN)) {
		/* Nobody will read it: like TCP, reset the sender. */
		mlt_conn_abort(t, ms, 0, out);
		return;
	}
	if (mlt_conn_rx_queue(sk, data, len)) {
		/* Cannot keep accepted bytes: fail loudly, never lose them. */
		mlt_conn_abort(t, ms, ENOMEM, out);
		return;
	}
	ms->rx_off += len;
	t->rx_window -= len;
	sk->sk_data_ready(sk);
}

static void mlt_conn_rx_create(struct mlt_tunnel *t, const struct mlt_rpc *r,
			       struct mlt_out *out)
{
	struct mlt_sock *child;
	int reason;

	if (mlt_conn_lookup(t, r->c) || !(r->c & 1) == !t->client) {
		/* In use, or the creator's parity is not the peer's. */
		mlt_tunnel_ctl(t, r->c, MLT_RPC_REFUSE, MLT_REFUSE_DUPLICATE);
		return;
	}
	child = mlt_accept_new(t, r->c, r->create.service, r->create.window,
			       &reason);
	if (!child)
		mlt_tunnel_ctl(t, r->c, MLT_RPC_REFUSE, reason);
}

/* close(FIN) ends the peer's stream; close(abort) the connection. */
static void mlt_conn_rx_close(struct mlt_tunnel *t, struct mlt_sock *ms,
			      u8 how, struct mlt_out *out)
{
	struct sock *sk = &ms->sk;

	if (how == MLT_CLOSE_ABORT) {
		mlt_conn_error(t, ms, ECONNRESET, out);
		return;
	}
	ms->fin_rcvd = true;
	WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | RCV_SHUTDOWN);
	sk->sk_state_change(sk);
	sk->sk_data_ready(sk);
	mlt_conn_maybe_done(t, ms, out);
}

/*
 * The peer's window is shut while data waits. Like TCP's persist timer,
 * the connection is given a bounded time for it to open (see
 * mlt_conn_expire_blocked()); the oldest waits first on t->blocked.
 */
static void mlt_conn_window_shut(struct mlt_tunnel *t, struct mlt_sock *ms)
{
	if (!list_empty(&ms->blocked_node))
		return;
	ms->blocked_since = mlt_now();
	list_add_tail(&ms->blocked_node, &t->blocked);
	if (list_is_singular(&t->blocked))
		mlt_tunnel_arm(t);
}

static void mlt_conn_window_opened(struct mlt_sock *ms)
{
	if (ms->tx_limit > ms->tx_off)
		list_del_init(&ms->blocked_node);
}

/* How long a connection may wait on a shut window: twice the tunnel's. */
static u64 mlt_conn_persist_ns(const struct mlt_tunnel *t)
{
	return 2ULL * READ_ONCE(t->mn->tunnel_timeout_ms) * NSEC_PER_MSEC;
}

/**
 * mlt_conn_blocked_until() - when the oldest shut window times out
 * @t: the tunnel
 *
 * Return: boottime ns, or 0 if no connection waits on a shut window.
 */
u64 mlt_conn_blocked_until(struct mlt_tunnel *t)
{
	struct mlt_sock *ms;

	ms = list_first_entry_or_null(&t->blocked, struct mlt_sock,
				      blocked_node);
	return ms ? ms->blocked_since + mlt_conn_persist_ns(t) : 0;
}

/**
 * mlt_conn_expire_blocked() - reset the connections whose peer kept its
 *	window shut for too long
 * @t: the tunnel
 * @now: boottime ns
 * @out: collects what to do after the unlock
 *
 * Their sockets get %ETIMEDOUT, the peer close(ABORT): a peer cannot keep
 * a socket, and with it a namespace and the module, by never reading.
 */
void mlt_conn_expire_blocked(struct mlt_tunnel *t, u64 now,
			     struct mlt_out *out)
{
	u64 persist = mlt_conn_persist_ns(t);
	struct mlt_sock *ms;

	while ((ms = list_first_entry_or_null(&t->blocked, struct mlt_sock,
					      blocked_node)) &&
	       now - ms->blocked_since >= persist) {
		list_del_init(&ms->blocked_node);
		mlt_conn_abort(t, ms, ETIMEDOUT, out);
	}
}

/**
 * mlt_conn_rpc() - act on one RPC of a datagram delivered in order
 * @t: the tunnel
 * @r: the RPC
 * @out: collects what to do after the unlock
 */
void mlt_conn_rpc(struct mlt_tunnel *t, const struct mlt_rpc *r,
		  struct mlt_out *out)
{
	struct mlt_sock *ms;

	if (r->type == MLT_RPC_DATA) {
		ms = mlt_conn_lookup(t, r->conn);
		if (ms)
			mlt_conn_rx_data(t, ms, r->value, r->len, out);
		else
			mlt_tunnel_ctl(t, r->conn, MLT_RPC_CLOSE,
				       MLT_CLOSE_ABORT);
		return;
	}
	if (r->type == MLT_RPC_CREATE) {
		mlt_conn_rx_create(t, r, out);
		return;
	}
	ms = mlt_conn_lookup(t, r->c);
	if (!ms)
		return;
	switch (r->type) {
	case MLT_RPC_ACK:
		ms->tx_limit = max(ms->tx_limit, r->ack.window);
		mlt_conn_window_opened(ms);
		mlt_conn_kick(t, ms);
		break;
	case MLT_RPC_REFUSE:
		mlt_conn_error(t, ms, r->refuse.reason == MLT_REFUSE_DUPLICATE ?
				      EPROTO : ECONNREFUSED, out);
		/* The server's side is full: new connections go elsewhere. */
		if (r->refuse.reason == MLT_REFUSE_BUSY)
			WRITE_ONCE(t->peer_full, true);
		break;
	case MLT_RPC_CLOSE:
		mlt_conn_rx_close(t, ms, r->close.how, out);
		break;
	case MLT_RPC_WINDOW_SIZE:
		if (r->window_size.limit > ms->tx_limit) {
			ms->tx_limit = r->window_size.limit;
			mlt_conn_window_opened(ms);
			mlt_conn_kick(t, ms);
		}
		break;
	}
}

/*
 * The reader made room. Advertise what the free receive memory backs once
 * it is worth a datagram: half the buffer's window, or everything when the
 * sender may be stalled on it. The limit never moves back.
 */
/*
 * Receive buffer autotuning, in the spirit of tcp_rcv_space_adjust(): once
 * a round trip, if the application read more than in any round trip
 * before, the buffer grows to back twice that, so the window does not
 * limit a sender the reader keeps up with; up to the namespace's rmem-max,
 * and never for a socket whose SO_RCVBUF was set.
 */
static void mlt_conn_rcvbuf_adjust(struct mlt_tunnel *t, struct mlt_sock *ms)
{
	u64 rtt = t->cc.have_rtt ? (u64)t->cc.srtt_us * NSEC_PER_USEC :
				   MLT_AUTOTUNE_RTT_MS * NSEC_PER_MSEC;
	struct sock *sk = &ms->sk;
	u64 now = mlt_now(), copied, want;

	if (now - ms->rcvq_time < rtt)
		return;
	copied = ms->rx_read - ms->rcvq_seq;
	ms->rcvq_time = now;
	ms->rcvq_seq = ms->rx_read;
	if (copied <= ms->rcvq_space)
		return;
	ms->rcvq_space = min_t(u64, copied, U32_MAX);
	if (sk->sk_userlocks & SOCK_RCVBUF_LOCK)
		return;
	/* Twice the bytes and a few datagrams (as TCP), a third more for
	 * what the skbs cost.
	 */
	want = div_u64((2 * copied + 16 * MLT_BODY_MAX_LEN) * 4, 3);
	want = min_t(u64, want, READ_ONCE(t->mn->rmem_max));
	if (want > READ_ONCE(sk->sk_rcvbuf))
		WRITE_ONCE(sk->sk_rcvbuf, want);
}

/**
 * mlt_conn_sndbuf_expand() - a send buffer large enough to keep the
 *	tunnel's congestion window full (tcp_sndbuf_expand())
 * @t: the tunnel, locked
 * @ms: the connection
 *
 * Twice the window's bytes, up to the namespace's wmem-max, never for a
 * socket whose SO_SNDBUF was set.
 */
void mlt_conn_sndbuf_expand(struct mlt_tunnel *t, struct mlt_sock *ms)
{
	struct sock *sk = &ms->sk;
	u64 want;

	if (sk->sk_userlocks & SOCK_SNDBUF_LOCK)
		return;
	want = min_t(u64, 2ULL * t->cc.cwnd * t->pmtu.size,
		     READ_ONCE(t->mn->wmem_max));
	if (want > READ_ONCE(sk->sk_sndbuf))
		WRITE_ONCE(sk->sk_sndbuf, want);
}

void mlt_conn_window_update(struct mlt_tunnel *t, struct mlt_sock *ms)
{
	u64 target;
	u32 full;

	mlt_conn_rcvbuf_adjust(t, ms);
	target = ms->rx_off + mlt_conn_rx_space(ms);
	full = mlt_win_from_space(READ_ONCE(ms->sk.sk_rcvbuf));

	if (!ms->in_tunnel || ms->fin_rcvd || target <= ms->rx_limit)
		return;
	if (target - ms->rx_limit < full / 2 &&
	    ms->rx_limit - ms->rx_off >= MLT_BODY_MAX_LEN)
		return;
	t->rx_window += target - ms->rx_limit;
	ms->rx_limit = target;
	ms->window_pending = true;
	mlt_conn_kick(t, ms);
}

/* The head skb of the write queue is all in datagrams: free it. */
static void mlt_conn_tx_done(struct sock *sk, struct sk_buff *skb)
{
	__skb_unlink(skb, &sk->sk_write_queue);
	mlt_wmem_free_skb(sk, skb);
}

/*
 * As many stream bytes as the room, the peer's window and the queue allow.
 * Write queue skbs may be paged (sendmsg.c): skb_copy_bits() reads them.
 * Return: true if any went in.
 */
static bool mlt_conn_pack_data(struct mlt_sock *ms, struct mlt_body_enc *enc)
{
	struct sock *sk = &ms->sk;
	bool sent = false;
	struct sk_buff *skb;
	u8 *dst;

	while (ms->tx_queued && ms->tx_off < ms->tx_limit) {
		size_t room = mlt_body_data_room(enc), n;

		skb = skb_peek(&sk->sk_write_queue);
		if (!room || !skb)
			break;
		n = min_t(u64, skb->len - MLT_SKB_CB(skb)->off,
			  ms->tx_limit - ms->tx_off);
		n = min(n, room);
		dst = mlt_body_reserve_data(enc, ms->id, n);
		if (!dst)
			break;
		/* Cannot fail: the n bytes are in the skb. */
		skb_copy_bits(skb, MLT_SKB_CB(skb)->off, dst, n);
		MLT_SKB_CB(skb)->off += n;
		ms->tx_off += n;
		WRITE_ONCE(ms->tx_queued, ms->tx_queued - n);
		sent = true;
		if (MLT_SKB_CB(skb)->off == skb->len)
			mlt_conn_tx_done(sk, skb);
	}
	return sent;
}

/**
 * mlt_conn_pack() - put a connection's RPCs and data into a body
 * @t: the tunnel
 * @ms: the connection
 * @enc: the body being built
 * @out: collects what to do after the unlock
 *
 * Control RPCs go first, then as many stream bytes as the room, the peer's
 * window and the queue allow, then close(FIN) once nothing is queued.
 *
 * Return: true if the connection has more to send.
 */
bool mlt_conn_pack(struct mlt_tunnel *t, struct mlt_sock *ms,
		   struct mlt_body_enc *enc, struct mlt_out *out)
{
	struct sock *sk = &ms->sk;

	if (ms->create_held || !ms->in_tunnel)
		return false;
	if (ms->create_pending) {
		if (mlt_body_add_create(enc, ms->id, ms->service, ms->rx_limit))
			return true;
		ms->create_pending = false;
	}
	if (ms->ack_pending) {
		if (mlt_body_add_ack(enc, ms->id, ms->rx_limit))
			return true;
		ms->ack_pending = false;
	}
	if (ms->window_pending) {
		if (mlt_body_add_window_size(enc, ms->id, ms->rx_limit))
			return true;
		ms->window_pending = false;
	}
	if (mlt_conn_pack_data(ms, enc))
		sk->sk_write_space(sk);
	if (ms->tx_queued) {
		if (ms->tx_off < ms->tx_limit)
			return true;
		mlt_conn_window_shut(t, ms);
		return false;
	}
	if (ms->fin_pending && !ms->fin_sent) {
		if (mlt_body_add_close(enc, ms->id, MLT_CLOSE_FIN))
			return true;
		ms->fin_sent = true;
		mlt_conn_maybe_done(t, ms, out);
	}
	return false;
}
