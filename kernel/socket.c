// SPDX-License-Identifier: GPL-2.0
/*
 * The AF_MINIMALT socket family: SOCK_STREAM sockets over MinimaLT
 * connections. connect() needs no round trip: the create RPC waits for the
 * first send() (or recv(), shutdown(), close()) and travels with its data.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/net.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "tunnel.h"

/* The largest skb sendmsg() queues at once. */
#define MLT_SEND_CHUNK		(64 * 1024)

static struct proto mlt_proto = {
	.name = "MINIMALT",
	.owner = THIS_MODULE,
	.obj_size = sizeof(struct mlt_sock),
};

static const struct proto_ops mlt_stream_ops;

static void mlt_sock_destruct(struct sock *sk)
{
	struct mlt_sock *ms = mlt_sk(sk);

	__skb_queue_purge(&sk->sk_write_queue);
	skb_queue_purge(&sk->sk_receive_queue);
	if (ms->tunnel)
		mlt_tunnel_put(ms->tunnel);
	atomic_dec(&mlt_pernet(sock_net(sk))->sockets);
}

void mlt_sock_write_space(struct sock *sk)
{
	struct socket_wq *wq;

	rcu_read_lock();
	wq = rcu_dereference(sk->sk_wq);
	if (skwq_has_sleeper(wq))
		wake_up_interruptible_sync_poll(&wq->wait, EPOLLOUT |
						EPOLLWRNORM | EPOLLWRBAND);
	sk_wake_async(sk, SOCK_WAKE_SPACE, POLL_OUT);
	rcu_read_unlock();
}

static void mlt_sock_init(struct sock *sk, struct net *net)
{
	struct mlt_sock *ms = mlt_sk(sk);

	sk->sk_destruct = mlt_sock_destruct;
	sk->sk_state = TCP_CLOSE;
	INIT_LIST_HEAD(&ms->tx_node);
	INIT_LIST_HEAD(&ms->accept_q);
	INIT_LIST_HEAD(&ms->accept_node);
	INIT_HLIST_NODE(&ms->listen_node);
	INIT_HLIST_NODE(&ms->conn_node);
	INIT_LIST_HEAD(&ms->resolve_node);
	atomic_inc(&mlt_pernet(net)->sockets);
}

/* Run the engine of @ms's tunnel after a change made under its lock. */
static void mlt_sock_push(struct mlt_sock *ms)
{
	struct mlt_tunnel *t = ms->tunnel;
	struct mlt_out out;

	mlt_out_init(&out, t);
	spin_lock_bh(&t->lock);
	mlt_tunnel_push(t, &out);
	spin_unlock_bh(&t->lock);
	mlt_out_flush(&out);
}

/* Let the create RPC go: the first use of a connected socket. */
static void mlt_sock_release_create(struct mlt_sock *ms)
{
	struct mlt_tunnel *t = ms->tunnel;

	if (!READ_ONCE(ms->create_held))
		return;
	spin_lock_bh(&t->lock);
	ms->create_held = false;
	mlt_conn_kick(t, ms);
	spin_unlock_bh(&t->lock);
	mlt_sock_push(ms);
}

static struct mlt_sock *mlt_listener_lookup(struct mlt_net *mn, u16 service)
{
	struct mlt_sock *ms;

	hash_for_each_possible(mn->listeners, ms, listen_node, service)
		if (ms->service == service)
			return ms;
	return NULL;
}

/**
 * mlt_sock_accept_new() - a create RPC for a service: make its socket
 * @mn: the namespace
 * @net: the namespace
 * @t: the tunnel, locked
 * @id: the connection id
 * @service: the service asked for
 * @window: the creator's receive limit
 * @reason: on failure, the MLT_REFUSE_* reason
 *
 * The new socket waits in the listener's accept queue, already a
 * connection of @t that will acknowledge the create.
 *
 * Return: the socket, or %NULL.
 */
struct mlt_sock *mlt_sock_accept_new(struct mlt_net *mn, struct net *net,
				     struct mlt_tunnel *t, u32 id,
				     u16 service, u64 window, int *reason)
{
	struct mlt_sock *l, *ms;
	struct sock *sk;

	spin_lock(&mn->listen_lock);
	l = mlt_listener_lookup(mn, service);
	if (!l) {
		*reason = MLT_REFUSE_NO_SERVICE;
		goto fail;
	}
	if (l->accept_len >= READ_ONCE(l->sk.sk_max_ack_backlog) ||
	    t->conn_count >= READ_ONCE(mn->conn_limit)) {
		*reason = MLT_REFUSE_BUSY;
		goto fail;
	}
	sk = sk_alloc(net, mlt_family, GFP_ATOMIC, &mlt_proto, 0);
	if (!sk) {
		*reason = MLT_REFUSE_BUSY;
		goto fail;
	}
	sock_init_data(NULL, sk);
	mlt_sock_init(sk, net);
	ms = mlt_sk(sk);
	ms->id = id;
	ms->service = service;
	ms->tunnel = t;
	kref_get(&t->ref);
	ms->tx_limit = window;
	ms->rx_limit = max_t(u64, ms->rx_read + READ_ONCE(sk->sk_rcvbuf),
			     MLT_INITIAL_WINDOW);
	ms->ack_pending = true;
	ms->peer.smlt_family = mlt_family;
	ms->peer.smlt_flags = MLT_ADDR_F_EXPLICIT;
	memcpy(ms->peer.smlt_explicit.eph_key, t->client_eph, MLT_KEY_LEN);
	memcpy(ms->peer.smlt_explicit.addr, &t->peer.addr, 16);
	ms->peer.smlt_explicit.port = ntohs(t->peer.port);
	sk->sk_state = TCP_ESTABLISHED;
	if (mlt_conn_attach(t, ms)) {
		spin_unlock(&mn->listen_lock);
		sk_free(sk);
		*reason = MLT_REFUSE_BUSY;
		return NULL;
	}
	mlt_conn_kick(t, ms);
	/* Held back until the datagram is read, see mlt_sock_publish(). */
	sock_hold(&l->sk);
	ms->listener = l;
	list_add_tail(&ms->accept_node, &t->fresh);
	l->accept_len++;
	spin_unlock(&mn->listen_lock);
	return ms;
fail:
	spin_unlock(&mn->listen_lock);
	return NULL;
}

/**
 * mlt_sock_publish() - hand the connections a datagram created to accept()
 * @t: the tunnel, locked
 * @out: collects what to do after the unlock
 *
 * Called once a datagram's RPCs are all delivered, so that a socket that
 * accept() returns already holds the data that came with its create. A
 * listener closed meanwhile gets none: the connection is reset.
 */
void mlt_sock_publish(struct mlt_tunnel *t, struct mlt_out *out)
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
			ms->orphan = true;
			if (ms->in_tunnel) {
				mlt_tunnel_ctl(t, ms->id, MLT_RPC_CLOSE,
					       MLT_CLOSE_ABORT);
				mlt_conn_error(t, ms, ECONNRESET, out);
			}
			sock_put(&ms->sk);	/* the queue's; not the last */
		}
		sock_put(&l->sk);
	}
}

static int mlt_bind(struct socket *sock, struct sockaddr *uaddr, int len)
{
	struct sockaddr_mlt *addr = (struct sockaddr_mlt *)uaddr;
	struct sock *sk = sock->sk;
	struct mlt_sock *ms = mlt_sk(sk);
	int ret = 0;

	if (len < (int)offsetofend(struct sockaddr_mlt, smlt_service))
		return -EINVAL;
	if (addr->smlt_family != mlt_family)
		return -EAFNOSUPPORT;
	if (!addr->smlt_service)
		return -EINVAL;
	lock_sock(sk);
	if (ms->bound || ms->tunnel || sk->sk_state != TCP_CLOSE) {
		ret = -EINVAL;
	} else {
		ms->service = addr->smlt_service;
		ms->bound = true;
	}
	release_sock(sk);
	return ret;
}

static int mlt_listen(struct socket *sock, int backlog)
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
		sk->sk_state = TCP_LISTEN;
	}
	spin_unlock_bh(&mn->listen_lock);
out:
	release_sock(sk);
	return ret;
}

/* Close a listener: the connections nobody accepted are reset. */
static void mlt_listen_stop(struct mlt_sock *l)
{
	struct mlt_net *mn = mlt_pernet(sock_net(&l->sk));
	struct mlt_sock *ms, *tmp;
	LIST_HEAD(queue);

	spin_lock_bh(&mn->listen_lock);
	hash_del(&l->listen_node);
	l->sk.sk_state = TCP_CLOSE;
	list_splice_init(&l->accept_q, &queue);
	l->accept_len = 0;
	spin_unlock_bh(&mn->listen_lock);

	list_for_each_entry_safe(ms, tmp, &queue, accept_node) {
		struct mlt_tunnel *t = ms->tunnel;
		struct mlt_out out;

		list_del_init(&ms->accept_node);
		mlt_out_init(&out, t);
		spin_lock_bh(&t->lock);
		ms->orphan = true;
		if (ms->in_tunnel) {
			mlt_tunnel_ctl(t, ms->id, MLT_RPC_CLOSE,
				       MLT_CLOSE_ABORT);
			mlt_conn_error(t, ms, ECONNRESET, &out);
		}
		mlt_tunnel_push(t, &out);
		spin_unlock_bh(&t->lock);
		mlt_out_flush(&out);
		sock_put(&ms->sk);
	}
}

static bool mlt_accept_ready(struct mlt_sock *l)
{
	return !list_empty(&l->accept_q) || l->sk.sk_state != TCP_LISTEN;
}

static int mlt_do_accept(struct socket *sock, struct socket *newsock,
			 int flags)
{
	struct sock *sk = sock->sk;
	struct mlt_sock *l = mlt_sk(sk), *ms = NULL;
	struct mlt_net *mn = mlt_pernet(sock_net(sk));
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	long timeo;
	int ret = 0;

	lock_sock(sk);
	timeo = sock_rcvtimeo(sk, flags & O_NONBLOCK);
	add_wait_queue(sk_sleep(sk), &wait);
	for (;;) {
		ret = -EINVAL;
		if (sk->sk_state != TCP_LISTEN)
			break;
		spin_lock_bh(&mn->listen_lock);
		ms = list_first_entry_or_null(&l->accept_q, struct mlt_sock,
					      accept_node);
		if (ms) {
			list_del_init(&ms->accept_node);
			l->accept_len--;
		}
		spin_unlock_bh(&mn->listen_lock);
		ret = 0;
		if (ms)
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
static int mlt_accept(struct socket *sock, struct socket *newsock,
		      struct proto_accept_arg *arg)
{
	return mlt_do_accept(sock, newsock, arg->flags);
}
#else
static int mlt_accept(struct socket *sock, struct socket *newsock, int flags,
		      bool kern)
{
	return mlt_do_accept(sock, newsock, flags);
}
#endif

/* Where a connect() address leads: keys and UDP address. */
struct mlt_target {
	struct mlt_endpoint peer;
	u8 identity[MLT_KEY_LEN];
	u8 eph[MLT_KEY_LEN];
};

/* mlt_resolve(): the directory has no entry; the resolver may know. */
#define MLT_UNKNOWN	1

/*
 * The first of @n addresses the namespace has a route to, into @to; else
 * the first address's routing error.
 */
static int mlt_pick_addr(struct net *net, const struct in6_addr *addrs,
			 unsigned int n, struct mlt_target *to)
{
	unsigned int i;
	int ret, first = -EHOSTUNREACH;

	for (i = 0; i < n; i++) {
		ret = mlt_udp_route(net, &addrs[i]);
		if (!ret) {
			to->peer.addr = addrs[i];
			to->peer.v4 = ipv6_addr_v4mapped(&addrs[i]);
			return 0;
		}
		if (!i)
			first = ret;
	}
	return first;
}

/*
 * Return: 0 with @to filled, MLT_UNKNOWN for a name with no entry, or an
 * errno: the address is bad, a negative entry says why the name fails,
 * or no address of the entry has a route.
 */
static int mlt_resolve(struct net *net, const struct sockaddr_mlt *addr,
		       struct mlt_target *to)
{
	const struct mlt_explicit_addr *ex = &addr->smlt_explicit;
	struct in6_addr addrs[MLT_DIR_ADDRS_MAX];
	struct mlt_dir_entry *e;
	unsigned int i, n = 1;
	int ret = 0;

	if (addr->smlt_flags & MLT_ADDR_F_EXPLICIT) {
		memcpy(&addrs[0], ex->addr, 16);
		to->peer.port = htons(ex->port);
		memcpy(to->identity, ex->identity, MLT_KEY_LEN);
		memcpy(to->eph, ex->eph_key, MLT_KEY_LEN);
	} else {
		rcu_read_lock();
		e = mlt_dir_lookup_rcu(mlt_pernet(net), addr->smlt_name,
				       mlt_now());
		if (!e) {
			ret = MLT_UNKNOWN;
		} else if (e->error) {
			ret = mlt_dir_errno(e->error);
		} else if (!e->n_addrs || !e->n_eph) {
			ret = -EHOSTUNREACH;
		} else {
			n = min_t(unsigned int, e->n_addrs, MLT_DIR_ADDRS_MAX);
			for (i = 0; i < n; i++)
				addrs[i] = e->addrs[i].addr;
			to->peer.port = htons(e->port);
			memcpy(to->identity, e->identity, MLT_KEY_LEN);
			memcpy(to->eph, e->eph[0], MLT_KEY_LEN);
		}
		rcu_read_unlock();
		if (ret)
			return ret;
	}
	return mlt_pick_addr(net, addrs, n, to);
}

/* Check a connect() address; a name must be NUL-terminated. */
static int mlt_check_addr(const struct sockaddr_mlt *addr)
{
	size_t n;

	if (addr->smlt_flags & ~MLT_ADDR_F_EXPLICIT)
		return -EINVAL;
	if (addr->smlt_flags & MLT_ADDR_F_EXPLICIT)
		return !addr->smlt_explicit.port ||
		       addr->smlt_explicit.reserved ? -EINVAL : 0;
	n = strnlen(addr->smlt_name, MLT_NAME_MAX);
	return !n || n == MLT_NAME_MAX ? -EINVAL : 0;
}

/* Join the tunnel to @to: the socket is connected, locked. */
static int mlt_connect_to(struct sock *sk, struct mlt_target *to)
{
	struct mlt_sock *ms = mlt_sk(sk);
	struct mlt_tunnel *t;
	int ret;

	t = mlt_tunnel_connect(sock_net(sk), &to->peer, to->identity, to->eph);
	memzero_explicit(to, sizeof(*to));
	if (IS_ERR(t))
		return PTR_ERR(t);
	ms->tx_limit = MLT_INITIAL_WINDOW;
	ms->rx_limit = READ_ONCE(sk->sk_rcvbuf);
	ms->create_held = true;
	ms->create_pending = true;
	spin_lock_bh(&t->lock);
	ret = mlt_conn_attach(t, ms);
	spin_unlock_bh(&t->lock);
	if (ret) {
		mlt_tunnel_put(t);
		return ret;
	}
	ms->tunnel = t;
	sk->sk_state = TCP_ESTABLISHED;
	sk->sk_socket->state = SS_CONNECTED;
	return 0;
}

/**
 * mlt_sock_resolved() - the resolver answered for @ms's name, or did not
 * @ms: a socket the resolve worker took off its list, held
 *
 * Connects the socket if the directory now has a usable entry; else fails
 * it with the negative entry's errno, or ETIMEDOUT with no entry at all.
 */
void mlt_sock_resolved(struct mlt_sock *ms)
{
	struct sock *sk = &ms->sk;
	struct mlt_target to;
	int ret;

	lock_sock(sk);
	if (sk->sk_state != TCP_SYN_SENT || sock_flag(sk, SOCK_DEAD))
		goto out;
	ret = mlt_resolve(sock_net(sk), &ms->peer, &to);
	if (ret == MLT_UNKNOWN) {
		atomic64_inc(&mlt_pernet(sock_net(sk))->resolve_timeouts);
		ret = -ETIMEDOUT;
	}
	if (!ret)
		ret = mlt_connect_to(sk, &to);
	if (ret) {
		sk->sk_state = TCP_CLOSE;
		sk->sk_socket->state = SS_UNCONNECTED;
		WRITE_ONCE(sk->sk_err, -ret);
		sk_error_report(sk);
	} else {
		sk->sk_state_change(sk);
	}
out:
	release_sock(sk);
}

/*
 * Wait while the socket, locked, waits for its name to resolve.
 * Return: 0 once connected; -EINPROGRESS when @timeo runs out; the
 * connection's error; or sock_intr_errno() on a signal.
 */
static int mlt_wait_resolved(struct sock *sk, long *timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	int ret = 0;

	add_wait_queue(sk_sleep(sk), &wait);
	while (sk->sk_state == TCP_SYN_SENT) {
		ret = -EINPROGRESS;
		if (!*timeo)
			break;
		ret = sock_intr_errno(*timeo);
		if (signal_pending(current))
			break;
		ret = 0;
		sk_wait_event(sk, timeo,
			      READ_ONCE(sk->sk_state) != TCP_SYN_SENT, &wait);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	if (!ret && !mlt_sk(sk)->tunnel)
		ret = sock_error(sk) ?: -ECONNABORTED;
	return ret;
}

/*
 * connect() needs no round trip to the server, but a name with no
 * directory entry needs the resolver: the socket then waits in
 * TCP_SYN_SENT, as a TCP socket waits for its SYN-ACK, and a non-blocking
 * connect() returns EINPROGRESS.
 */
static int mlt_connect(struct socket *sock, struct sockaddr *uaddr, int len,
		       int flags)
{
	struct sockaddr_mlt *addr = (struct sockaddr_mlt *)uaddr;
	struct sock *sk = sock->sk;
	struct mlt_sock *ms = mlt_sk(sk);
	struct mlt_target to;
	long timeo;
	u64 deadline;
	int ret;

	if (len < (int)sizeof(*addr))
		return -EINVAL;
	if (addr->smlt_family != mlt_family)
		return -EAFNOSUPPORT;
	if (!addr->smlt_service)
		return -EINVAL;
	ret = mlt_check_addr(addr);
	if (ret)
		return ret;

	lock_sock(sk);
	if (ms->tunnel) {
		ret = -EISCONN;
		goto out;
	}
	if (sk->sk_state == TCP_SYN_SENT) {
		ret = -EALREADY;
		goto wait;
	}
	ret = sock_error(sk);	/* a non-blocking connect() that failed */
	if (ret)
		goto out;
	ret = -EINVAL;
	if (sk->sk_state != TCP_CLOSE)
		goto out;
	ms->service = addr->smlt_service;
	ms->peer = *addr;
	ret = mlt_resolve(sock_net(sk), addr, &to);
	if (!ret) {
		ret = mlt_connect_to(sk, &to);
		goto out;
	}
	if (ret != MLT_UNKNOWN)
		goto out;
	ret = mlt_resolve_request(sock_net(sk), addr->smlt_name, &deadline);
	if (ret)
		goto out;
	sk->sk_state = TCP_SYN_SENT;
	sock->state = SS_CONNECTING;
	mlt_resolve_wait_sock(mlt_pernet(sock_net(sk)), ms, deadline);
	ret = -EINPROGRESS;
wait:
	timeo = sock_sndtimeo(sk, flags & O_NONBLOCK);
	if (timeo)
		ret = mlt_wait_resolved(sk, &timeo);
out:
	release_sock(sk);
	return ret;
}

static int mlt_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sockaddr_mlt *addr = (struct sockaddr_mlt *)uaddr;
	struct sock *sk = sock->sk;
	struct mlt_sock *ms = mlt_sk(sk);
	int ret = sizeof(*addr);

	lock_sock(sk);
	memset(addr, 0, sizeof(*addr));
	if (peer) {
		if (!ms->tunnel || ms->peer.smlt_family == AF_UNSPEC)
			ret = -ENOTCONN;
		else
			*addr = ms->peer;
	} else {
		addr->smlt_family = mlt_family;
		if (ms->bound || (ms->tunnel && !ms->tunnel->client))
			addr->smlt_service = ms->service;
	}
	release_sock(sk);
	return ret;
}

static bool mlt_send_ready(struct mlt_sock *ms)
{
	struct sock *sk = &ms->sk;

	return READ_ONCE(ms->tx_queued) < READ_ONCE(sk->sk_sndbuf) ||
	       READ_ONCE(sk->sk_err) ||
	       (READ_ONCE(sk->sk_shutdown) & SEND_SHUTDOWN);
}

static int mlt_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct sock *sk = sock->sk;
	struct mlt_sock *ms = mlt_sk(sk);
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct mlt_tunnel *t;
	size_t copied = 0;
	long timeo;
	int ret = 0;

	if (msg->msg_flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL | MSG_MORE |
			       MSG_EOR | MSG_WAITALL))
		return -EOPNOTSUPP;

	lock_sock(sk);
	timeo = sock_sndtimeo(sk, msg->msg_flags & MSG_DONTWAIT);
	if (sk->sk_state == TCP_SYN_SENT) {
		ret = mlt_wait_resolved(sk, &timeo);
		if (ret) {
			ret = ret == -EINPROGRESS ? -EAGAIN : ret;
			goto out;
		}
	}
	t = ms->tunnel;
	if (!t || sk->sk_state == TCP_LISTEN) {
		ret = -ENOTCONN;
		goto out;
	}
	add_wait_queue(sk_sleep(sk), &wait);
	while (copied < len) {
		struct mlt_out out;
		struct sk_buff *skb;
		size_t room, n;

		ret = sock_error(sk);
		if (ret)
			break;
		if (sk->sk_shutdown & SEND_SHUTDOWN) {
			ret = -EPIPE;
			break;
		}
		room = READ_ONCE(sk->sk_sndbuf);
		room -= min_t(u32, READ_ONCE(ms->tx_queued), room);
		if (!room) {
			ret = -EAGAIN;
			if (!timeo)
				break;
			ret = sock_intr_errno(timeo);
			if (signal_pending(current))
				break;
			sk_wait_event(sk, &timeo, mlt_send_ready(ms), &wait);
			continue;
		}
		n = min3(len - copied, room, (size_t)MLT_SEND_CHUNK);
		skb = alloc_skb(n, sk->sk_allocation);
		if (!skb) {
			ret = -ENOBUFS;
			break;
		}
		if (copy_from_iter(skb_put(skb, n), n, &msg->msg_iter) != n) {
			kfree_skb(skb);
			ret = -EFAULT;
			break;
		}
		MLT_SKB_CB(skb)->off = 0;
		ret = 0;
		mlt_out_init(&out, t);
		spin_lock_bh(&t->lock);
		if (!ms->in_tunnel) {
			ret = -EPIPE;	/* reported by sock_error() below */
		} else {
			__skb_queue_tail(&sk->sk_write_queue, skb);
			skb = NULL;
			ms->tx_queued += n;
			ms->create_held = false;
			mlt_conn_kick(t, ms);
			mlt_tunnel_push(t, &out);
		}
		spin_unlock_bh(&t->lock);
		mlt_out_flush(&out);
		if (skb) {
			kfree_skb(skb);
			ret = sock_error(sk) ?: -EPIPE;
			break;
		}
		copied += n;
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	if (ret == -EPIPE && !(msg->msg_flags & MSG_NOSIGNAL))
		send_sig(SIGPIPE, current, 0);
out:
	release_sock(sk);
	return copied ? copied : ret;
}

static bool mlt_recv_ready(struct sock *sk)
{
	return !skb_queue_empty_lockless(&sk->sk_receive_queue) ||
	       READ_ONCE(sk->sk_err) ||
	       (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN);
}

static int mlt_recvmsg(struct socket *sock, struct msghdr *msg, size_t len,
		       int flags)
{
	struct sock *sk = sock->sk;
	struct mlt_sock *ms = mlt_sk(sk);
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct mlt_tunnel *t;
	size_t copied = 0, peek_off = 0, target;
	long timeo;
	int ret = 0;

	if (flags & ~(MSG_DONTWAIT | MSG_PEEK | MSG_WAITALL | MSG_TRUNC |
		      MSG_NOSIGNAL | MSG_CMSG_COMPAT))
		return -EOPNOTSUPP;

	lock_sock(sk);
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	if (sk->sk_state == TCP_SYN_SENT) {
		ret = mlt_wait_resolved(sk, &timeo);
		if (ret) {
			ret = ret == -EINPROGRESS ? -EAGAIN : ret;
			goto out;
		}
	}
	t = ms->tunnel;
	if (!t || sk->sk_state == TCP_LISTEN) {
		ret = -ENOTCONN;
		goto out;
	}
	mlt_sock_release_create(ms);
	target = sock_rcvlowat(sk, flags & MSG_WAITALL, len);
	add_wait_queue(sk_sleep(sk), &wait);
	while (copied < len) {
		struct sk_buff *skb;
		size_t off, n;

		spin_lock_bh(&sk->sk_receive_queue.lock);
		skb_queue_walk(&sk->sk_receive_queue, skb) {
			off = MLT_SKB_CB(skb)->off;
			if (!(flags & MSG_PEEK) || peek_off < skb->len - off)
				break;
			peek_off -= skb->len - off;
		}
		if (skb == (struct sk_buff *)&sk->sk_receive_queue)
			skb = NULL;
		spin_unlock_bh(&sk->sk_receive_queue.lock);

		if (skb) {
			off = MLT_SKB_CB(skb)->off + ((flags & MSG_PEEK) ?
						      peek_off : 0);
			n = min_t(size_t, skb->len - off, len - copied);
			if (skb_copy_datagram_msg(skb, off, msg, n)) {
				ret = -EFAULT;
				break;
			}
			copied += n;
			if (flags & MSG_PEEK) {
				peek_off += n;
				continue;
			}
			MLT_SKB_CB(skb)->off += n;
			if (MLT_SKB_CB(skb)->off == skb->len) {
				skb_unlink(skb, &sk->sk_receive_queue);
				consume_skb(skb);
			}
			spin_lock_bh(&t->lock);
			ms->rx_read += n;
			mlt_conn_window_update(t, ms);
			spin_unlock_bh(&t->lock);
			continue;
		}
		if (copied >= target)
			break;
		if (copied && (flags & MSG_PEEK) && !(flags & MSG_WAITALL))
			break;
		ret = sock_error(sk);
		if (ret)
			break;
		if (sk->sk_shutdown & RCV_SHUTDOWN)
			break;
		ret = -EAGAIN;
		if (!timeo)
			break;
		ret = sock_intr_errno(timeo);
		if (signal_pending(current))
			break;
		ret = 0;
		sk_wait_event(sk, &timeo, mlt_recv_ready(sk), &wait);
		if (flags & MSG_PEEK) {
			/* Start over: what we peeked may have been read. */
			iov_iter_revert(&msg->msg_iter, copied);
			copied = 0;
			peek_off = 0;
		}
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	if (!(flags & MSG_PEEK) && copied)
		mlt_sock_push(ms);
out:
	release_sock(sk);
	return copied ? copied : ret;
}

static __poll_t mlt_poll(struct file *file, struct socket *sock,
			 poll_table *wait)
{
	struct sock *sk = sock->sk;
	struct mlt_sock *ms = mlt_sk(sk);
	u8 shutdown;
	__poll_t mask = 0;

	sock_poll_wait(file, sock, wait);
	if (READ_ONCE(sk->sk_state) == TCP_LISTEN)
		return READ_ONCE(ms->accept_len) ? EPOLLIN | EPOLLRDNORM : 0;
	if (READ_ONCE(sk->sk_state) == TCP_SYN_SENT)
		return 0;	/* the resolver has not answered yet */
	if (!READ_ONCE(ms->tunnel))
		return EPOLLHUP | (READ_ONCE(sk->sk_err) ? EPOLLERR : 0);

	shutdown = READ_ONCE(sk->sk_shutdown);
	if (READ_ONCE(sk->sk_err))
		mask |= EPOLLERR;
	if (shutdown == SHUTDOWN_MASK)
		mask |= EPOLLHUP;
	if (shutdown & RCV_SHUTDOWN)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
	if (!skb_queue_empty_lockless(&sk->sk_receive_queue))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (!(shutdown & SEND_SHUTDOWN) &&
	    READ_ONCE(ms->tx_queued) < READ_ONCE(sk->sk_sndbuf))
		mask |= EPOLLOUT | EPOLLWRNORM;
	return mask;
}

static int mlt_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;
	struct mlt_sock *ms = mlt_sk(sk);
	struct mlt_tunnel *t;
	struct mlt_out out;
	int ret = 0;

	how++;	/* SHUT_RD 0 .. SHUT_RDWR 2 to RCV_SHUTDOWN | SEND_SHUTDOWN */
	if (how & ~SHUTDOWN_MASK || !how)
		return -EINVAL;
	lock_sock(sk);
	t = ms->tunnel;
	if (!t) {
		ret = -ENOTCONN;
		goto out;
	}
	mlt_out_init(&out, t);
	spin_lock_bh(&t->lock);
	WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | how);
	if ((how & SEND_SHUTDOWN) && ms->in_tunnel && !ms->fin_pending) {
		ms->fin_pending = true;
		ms->create_held = false;
		mlt_conn_kick(t, ms);
		mlt_tunnel_push(t, &out);
	}
	spin_unlock_bh(&t->lock);
	mlt_out_flush(&out);
	sk->sk_state_change(sk);
out:
	release_sock(sk);
	return ret;
}

/*
 * close(): queued data still goes out, then FIN, as with TCP; the socket
 * leaves its tunnel once FIN is in a datagram. Unread data resets the
 * connection instead, and so does a connection that never sent anything.
 */
static void mlt_close_conn(struct mlt_sock *ms)
{
	struct mlt_tunnel *t = ms->tunnel;
	struct sock *sk = &ms->sk;
	struct mlt_out out;

	mlt_out_init(&out, t);
	spin_lock_bh(&t->lock);
	ms->orphan = true;
	if (!ms->in_tunnel) {
		/* over already */
	} else if (ms->create_held) {
		mlt_conn_error(t, ms, 0, &out);	/* nothing was sent */
	} else if (!skb_queue_empty(&sk->sk_receive_queue)) {
		mlt_tunnel_ctl(t, ms->id, MLT_RPC_CLOSE, MLT_CLOSE_ABORT);
		mlt_conn_error(t, ms, 0, &out);
	} else {
		ms->fin_pending = true;
		mlt_conn_kick(t, ms);
		if (ms->fin_sent)
			mlt_conn_unlink(t, ms, &out);
	}
	mlt_tunnel_push(t, &out);
	spin_unlock_bh(&t->lock);
	mlt_out_flush(&out);
}

static int mlt_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	struct mlt_sock *ms;

	if (!sk)
		return 0;
	ms = mlt_sk(sk);
	lock_sock(sk);
	if (sk->sk_state == TCP_LISTEN) {
		mlt_listen_stop(ms);
	} else if (sk->sk_state == TCP_SYN_SENT) {
		mlt_resolve_cancel_sock(mlt_pernet(sock_net(sk)), ms);
		sk->sk_state = TCP_CLOSE;
	} else if (ms->tunnel) {
		mlt_close_conn(ms);
	}
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	sock_orphan(sk);
	sock->sk = NULL;
	release_sock(sk);
	sock_put(sk);
	return 0;
}

static int mlt_setsockopt(struct socket *sock, int level, int optname,
			  sockptr_t optval, unsigned int optlen)
{
	return -ENOPROTOOPT;
}

static int mlt_getsockopt(struct socket *sock, int level, int optname,
			  char __user *optval, int __user *optlen)
{
	return -ENOPROTOOPT;
}

/*
 * Only this file reads proto_ops.family; sk_family carries the number in
 * force when the "family" parameter overrides the default.
 */
static const struct proto_ops mlt_stream_ops = {
	.family = PF_MINIMALT,
	.owner = THIS_MODULE,
	.release = mlt_release,
	.bind = mlt_bind,
	.connect = mlt_connect,
	.socketpair = sock_no_socketpair,
	.accept = mlt_accept,
	.getname = mlt_getname,
	.poll = mlt_poll,
	.ioctl = sock_no_ioctl,
	.listen = mlt_listen,
	.shutdown = mlt_shutdown,
	.setsockopt = mlt_setsockopt,
	.getsockopt = mlt_getsockopt,
	.sendmsg = mlt_sendmsg,
	.recvmsg = mlt_recvmsg,
	.mmap = sock_no_mmap,
};

static int mlt_create(struct net *net, struct socket *sock, int protocol,
		      int kern)
{
	struct sock *sk;

	if (sock->type != SOCK_STREAM)
		return -ESOCKTNOSUPPORT;
	if (protocol != 0)
		return -EPROTONOSUPPORT;

	sk = sk_alloc(net, mlt_family, GFP_KERNEL, &mlt_proto, kern);
	if (!sk)
		return -ENOBUFS;

	sock->state = SS_UNCONNECTED;
	sock->ops = &mlt_stream_ops;
	sock_init_data(sock, sk);
	sk->sk_protocol = protocol;
	mlt_sock_init(sk, net);
	return 0;
}

static struct net_proto_family mlt_family_ops __ro_after_init = {
	.create = mlt_create,
	.owner = THIS_MODULE,
};

int __init mlt_socket_init(void)
{
	int ret;

	ret = proto_register(&mlt_proto, 1);
	if (ret)
		return ret;

	mlt_family_ops.family = mlt_family;
	ret = sock_register(&mlt_family_ops);
	if (ret) {
		if (ret == -EEXIST)
			pr_err("address family %d is already registered; load with family=N for a free N below %d\n",
			       mlt_family, NPROTO);
		proto_unregister(&mlt_proto);
	}
	return ret;
}

void mlt_socket_exit(void)
{
	sock_unregister(mlt_family);
	proto_unregister(&mlt_proto);
}
