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

#include "sock.h"

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
	hash_add(t->conns, &ms->conn_node, ms->id);
	INIT_LIST_HEAD(&ms->tx_node);
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
	ms->in_tunnel = false;
	WRITE_ONCE(t->conn_count, t->conn_count - 1);
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
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	WRITE_ONCE(sk->sk_state, TCP_CLOSE);
	__skb_queue_purge(&sk->sk_write_queue);
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

static void mlt_conn_rx_data(struct mlt_tunnel *t, struct mlt_sock *ms,
			     const u8 *data, u16 len, struct mlt_out *out)
{
	struct sock *sk = &ms->sk;
	struct sk_buff *skb;

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
	skb = alloc_skb(len, GFP_ATOMIC);
	if (!skb) {
		/* Cannot keep accepted bytes: fail loudly, never lose them. */
		mlt_conn_abort(t, ms, ENOMEM, out);
		return;
	}
	skb_put_data(skb, data, len);
	MLT_SKB_CB(skb)->off = 0;
	skb_queue_tail(&sk->sk_receive_queue, skb);
	ms->rx_off += len;
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
		mlt_conn_kick(t, ms);
		break;
	case MLT_RPC_REFUSE:
		mlt_conn_error(t, ms, r->refuse.reason == MLT_REFUSE_DUPLICATE ?
				      EPROTO : ECONNREFUSED, out);
		break;
	case MLT_RPC_CLOSE:
		mlt_conn_rx_close(t, ms, r->close.how, out);
		break;
	case MLT_RPC_WINDOW_SIZE:
		if (r->window_size.limit > ms->tx_limit) {
			ms->tx_limit = r->window_size.limit;
			mlt_conn_kick(t, ms);
		}
		break;
	}
}

/* The receive limit to advertise: what was read plus the buffer. */
static u64 mlt_conn_rx_target(struct mlt_sock *ms)
{
	return ms->rx_read + max_t(u32, READ_ONCE(ms->sk.sk_rcvbuf),
				   MLT_PAD_MULTIPLE);
}

/*
 * The reader made room. Advertise it once it is worth a datagram: half
 * the buffer, or everything when the sender may be stalled on it.
 */
void mlt_conn_window_update(struct mlt_tunnel *t, struct mlt_sock *ms)
{
	u64 target = mlt_conn_rx_target(ms);
	u32 rcvbuf = READ_ONCE(ms->sk.sk_rcvbuf);

	if (!ms->in_tunnel || ms->fin_rcvd || target <= ms->rx_limit)
		return;
	if (target - ms->rx_limit < rcvbuf / 2 &&
	    ms->rx_limit - ms->rx_off >= MLT_BODY_MAX_LEN)
		return;
	ms->rx_limit = target;
	ms->window_pending = true;
	mlt_conn_kick(t, ms);
}

/*
 * As many stream bytes as the room, the peer's window and the queue allow.
 * Return: true if any went in.
 */
static bool mlt_conn_pack_data(struct mlt_sock *ms, struct mlt_body_enc *enc)
{
	struct sk_buff_head *q = &ms->sk.sk_write_queue;
	bool sent = false;
	struct sk_buff *skb;

	while (ms->tx_queued && ms->tx_off < ms->tx_limit) {
		size_t room = mlt_body_data_room(enc), n;

		skb = skb_peek(q);
		if (!room || !skb)
			break;
		n = min_t(u64, skb->len - MLT_SKB_CB(skb)->off,
			  ms->tx_limit - ms->tx_off);
		n = min(n, room);
		if (mlt_body_add_data(enc, ms->id,
				      skb->data + MLT_SKB_CB(skb)->off, n))
			break;
		MLT_SKB_CB(skb)->off += n;
		ms->tx_off += n;
		WRITE_ONCE(ms->tx_queued, ms->tx_queued - n);
		sent = true;
		if (MLT_SKB_CB(skb)->off == skb->len) {
			__skb_unlink(skb, q);
			consume_skb(skb);
		}
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
	if (ms->tx_queued)
		return ms->tx_off < ms->tx_limit;
	if (ms->fin_pending && !ms->fin_sent) {
		if (mlt_body_add_close(enc, ms->id, MLT_CLOSE_FIN))
			return true;
		ms->fin_sent = true;
		mlt_conn_maybe_done(t, ms, out);
	}
	return false;
}
