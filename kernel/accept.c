// SPDX-License-Identifier: GPL-2.0
/*
 * Listeners and accept(): the table of listening sockets by service, the
 * accept queue of each, listen() and accept().
 *
 * The engine's way into socket code. A create RPC that arrives in a
 * datagram makes its socket here, in softirq with the tunnel lock held:
 *
 *  - mlt_accept_new() finds the listener, makes the socket (a connection
 *    of the tunnel that will acknowledge the create) and keeps it on the
 *    tunnel's fresh list, holding the listener;
 *  - mlt_accept_publish(), once every RPC of the datagram is delivered,
 *    moves the fresh sockets to their listeners' accept queues and wakes
 *    the listeners (sk_data_ready), so that accept() returns a socket that
 *    already holds the data that came with its create.
 *
 * These two functions are the only socket code the engine calls; for the
 * rest it goes through the sockets' callbacks. Lock order: tunnel lock,
 * then mn->listen_lock.
 */
#include <linux/sched/signal.h>
#include <net/tcp_states.h>

#include "sock.h"

static struct mlt_sock *mlt_listener_lookup(struct mlt_net *mn, u16 service)
{
	struct mlt_sock *ms;

	hash_for_each_possible(mn->listeners, ms, listen_node, service)
		if (ms->service == service)
			return ms;
	return NULL;
}

/* The accepted socket's state: a connection of @t, created by the peer. */
static void mlt_accept_init(struct mlt_sock *ms, struct mlt_tunnel *t,
			    u32 id, u16 service, u64 window)
{
	struct sock *sk = &ms->sk;

	ms->id = id;
	ms->service = service;
	ms->tunnel = t;
	kref_get(&t->ref);
	ms->tx_limit = window;
	ms->ack_pending = true;
	ms->peer.smlt_family = mlt_family;
	ms->peer.smlt_flags = MLT_ADDR_F_EXPLICIT;
	memcpy(ms->peer.smlt_explicit.eph_key, t->client_eph, MLT_KEY_LEN);
	memcpy(ms->peer.smlt_explicit.addr, &t->peer.addr, 16);
	ms->peer.smlt_explicit.port = ntohs(t->peer.port);
	sk->sk_state = TCP_ESTABLISHED;
}

/**
 * mlt_accept_new() - a create RPC for a service: make its socket
 * @t: the tunnel, locked
 * @id: the connection id
 * @service: the service asked for
 * @window: the creator's receive limit
 * @reason: on failure, the MLT_REFUSE_* reason
 *
 * The new socket waits on @t's fresh list, already a connection of @t that
 * will acknowledge the create, until mlt_accept_publish(). Softirq.
 *
 * Return: the socket, or %NULL.
 */
struct mlt_sock *mlt_accept_new(struct mlt_tunnel *t, u32 id, u16 service,
				u64 window, int *reason)
{
	struct mlt_net *mn = t->mn;
	struct mlt_sock *l, *ms;
	struct sock *sk;

	*reason = MLT_REFUSE_BUSY;
	spin_lock(&mn->listen_lock);
	l = mlt_listener_lookup(mn, service);
	if (!l) {
		*reason = MLT_REFUSE_NO_SERVICE;
		goto fail;
	}
	if (l->accept_len >= READ_ONCE(l->sk.sk_max_ack_backlog) ||
	    t->conn_count >= READ_ONCE(mn->conn_limit))
		goto fail;
	sk = mlt_sock_alloc(t->net, NULL, GFP_ATOMIC, 0);
	if (!sk)
		goto fail;
	ms = mlt_sk(sk);
	mlt_accept_init(ms, t, id, service, window);
	if (mlt_conn_attach(t, ms)) {
		spin_unlock(&mn->listen_lock);
		sk_free(sk);
		return NULL;
	}
	mlt_conn_kick(t, ms);
	/* Held back until the datagram is read, see mlt_accept_publish(). */
	sock_hold(&l->sk);
	ms->listener = l;
	list_add_tail(&ms->accept_node, &t->fresh);
	WRITE_ONCE(l->accept_len, l->accept_len + 1);
	spin_unlock(&mn->listen_lock);
	return ms;
fail:
	spin_unlock(&mn->listen_lock);
	return NULL;
}

/* Reset a connection nobody will accept; the tunnel is locked. */
static void mlt_accept_reset(struct mlt_tunnel *t, struct mlt_sock *ms,
			     struct mlt_out *out)
{
	ms->orphan = true;
	if (ms->in_tunnel)
		mlt_conn_abort(t, ms, ECONNRESET, out);
}

/**
 * mlt_accept_publish() - hand the connections a datagram created to accept()
 * @t: the tunnel, locked
 * @out: collects what to do after the unlock
 *
 * Called once a datagram's RPCs are all delivered, so that a socket that
 * accept() returns already holds the data that came with its create. A
 * listener closed meanwhile gets none: the connection is reset.
 */
void mlt_accept_publish(struct mlt_tunnel *t, struct mlt_out *out)
{
	struct mlt_net *mn = t->mn;
	struct mlt_sock *ms, *tmp;

	list_for_each_entry_safe(ms, tmp, &t->fresh, accept_node) {
		struct mlt_sock *l = ms->listener;
		bool open;

		list_del_init(&ms->accept_node);
		ms->listener = NULL;
		spin_lock(&mn->listen_lock);
		open = l->sk.sk_state == TCP_LISTEN;
		if (open)
			list_add_tail(&ms->accept_node, &l->accept_q);
		spin_unlock(&mn->listen_lock);
		if (open) {
			l->sk.sk_data_ready(&l->sk);
		} else {
			mlt_accept_reset(t, ms, out);
			sock_put(&ms->sk);	/* the queue's; not the last */
		}
		sock_put(&l->sk);
	}
}

int mlt_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;
	struct mlt_sock *ms = mlt_sk(sk);
	struct mlt_net *mn = mlt_pernet(sock_net(sk));
	int ret;

	if (sock->state != SS_UNCONNECTED)
		return -EINVAL;
	lock_sock(sk);
	ret = -EDESTADDRREQ;
	if (!ms->bound)
		goto out;
	WRITE_ONCE(sk->sk_max_ack_backlog, clamp(backlog, 1, SOMAXCONN));
	ret = 0;
	if (sk->sk_state == TCP_LISTEN)
		goto out;
	ret = -EINVAL;
	if (sk->sk_state != TCP_CLOSE || ms->tunnel)
		goto out;
	ret = mlt_udp_ensure(sock_net(sk), mn);
	if (ret)
		goto out;
	spin_lock_bh(&mn->listen_lock);
	if (mlt_listener_lookup(mn, ms->service)) {
		ret = -EADDRINUSE;
	} else {
		hash_add(mn->listeners, &ms->listen_node, ms->service);
		WRITE_ONCE(sk->sk_state, TCP_LISTEN);
	}
	spin_unlock_bh(&mn->listen_lock);
out:
	release_sock(sk);
	return ret;
}

/* Close a listener: the connections nobody accepted are reset. */
void mlt_listen_stop(struct mlt_sock *l)
{
	struct mlt_net *mn = mlt_pernet(sock_net(&l->sk));
	struct mlt_sock *ms, *tmp;
	LIST_HEAD(queue);

	spin_lock_bh(&mn->listen_lock);
	hash_del(&l->listen_node);
	WRITE_ONCE(l->sk.sk_state, TCP_CLOSE);
	list_splice_init(&l->accept_q, &queue);
	WRITE_ONCE(l->accept_len, 0);
	spin_unlock_bh(&mn->listen_lock);

	list_for_each_entry_safe(ms, tmp, &queue, accept_node) {
		struct mlt_tunnel *t = ms->tunnel;
		struct mlt_out out;

		list_del_init(&ms->accept_node);
		mlt_tunnel_lock(t, &out);
		mlt_accept_reset(t, ms, &out);
		mlt_tunnel_unlock(t, &out);
		sock_put(&ms->sk);
	}
}

static bool mlt_accept_ready(struct mlt_sock *l)
{
	return !list_empty(&l->accept_q) || l->sk.sk_state != TCP_LISTEN;
}

/* The first socket of @l's queue, or %NULL. */
static struct mlt_sock *mlt_accept_dequeue(struct mlt_net *mn,
					   struct mlt_sock *l)
{
	struct mlt_sock *ms;

	spin_lock_bh(&mn->listen_lock);
	ms = list_first_entry_or_null(&l->accept_q, struct mlt_sock,
				      accept_node);
	if (ms) {
		list_del_init(&ms->accept_node);
		WRITE_ONCE(l->accept_len, l->accept_len - 1);
	}
	spin_unlock_bh(&mn->listen_lock);
	return ms;
}

/* Wait, the listener locked, for a socket to accept. */
static int mlt_accept_wait(struct sock *sk, int flags, struct mlt_sock **msp)
{
	struct mlt_net *mn = mlt_pernet(sock_net(sk));
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct mlt_sock *l = mlt_sk(sk);
	long timeo = sock_rcvtimeo(sk, flags & O_NONBLOCK);
	int ret;

	add_wait_queue(sk_sleep(sk), &wait);
	for (;;) {
		ret = -EINVAL;
		if (sk->sk_state != TCP_LISTEN)
			break;
		*msp = mlt_accept_dequeue(mn, l);
		ret = 0;
		if (*msp)
			break;
		ret = -EAGAIN;
		if (!timeo)
			break;
		ret = sock_intr_errno(timeo);
		if (signal_pending(current))
			break;
		sk_wait_event(sk, &timeo, mlt_accept_ready(l), &wait);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	return ret;
}

static int mlt_do_accept(struct socket *sock, struct socket *newsock,
			 int flags)
{
	struct sock *sk = sock->sk;
	struct mlt_sock *ms = NULL;
	int ret;

	lock_sock(sk);
	ret = mlt_accept_wait(sk, flags, &ms);
	release_sock(sk);
	if (ret)
		return ret;

	lock_sock(&ms->sk);
	sock_graft(&ms->sk, newsock);
	newsock->state = SS_CONNECTED;
	release_sock(&ms->sk);
	return 0;
}

#ifdef MLT_HAVE_ACCEPT_ARG	/* 6.10 */
int mlt_accept(struct socket *sock, struct socket *newsock,
	       struct proto_accept_arg *arg)
{
	return mlt_do_accept(sock, newsock, arg->flags);
}
#else
int mlt_accept(struct socket *sock, struct socket *newsock, int flags,
	       bool kern)
{
	return mlt_do_accept(sock, newsock, flags);
}
#endif
