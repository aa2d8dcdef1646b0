// SPDX-License-Identifier: GPL-2.0
/*
 * connect(): where an address leads (a directory entry or an explicit
 * address: keys and a UDP address), the choice of the first routable
 * address, joining a client tunnel to the server, and the wait for the
 * resolver when the directory has no entry for the name (resolve.c asks
 * it and calls mlt_sock_resolved() with its answer).
 *
 * connect() needs no round trip to the server, but a name with no
 * directory entry needs the resolver: the socket then waits in
 * TCP_SYN_SENT, as a TCP socket waits for its SYN-ACK, and a non-blocking
 * connect() returns EINPROGRESS.
 */
#include <linux/sched/signal.h>
#include <net/ipv6.h>
#include <net/tcp_states.h>

#include "sock.h"

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
	struct mlt_out out;
	int ret;

	t = mlt_tunnel_connect(sock_net(sk), &to->peer, to->identity, to->eph,
			       sock_i_uid(sk), mlt_sk_admin(sk));
	memzero_explicit(to, sizeof(*to));
	if (IS_ERR(t))
		return PTR_ERR(t);
	ms->tx_limit = MLT_INITIAL_WINDOW;
	ms->create_held = true;
	ms->create_pending = true;
	mlt_tunnel_lock(t, &out);
	ret = mlt_conn_attach(t, ms);
	mlt_tunnel_unlock(t, &out);
	if (ret) {
		mlt_tunnel_put(t);
		return ret;
	}
	WRITE_ONCE(ms->tunnel, t);
	WRITE_ONCE(sk->sk_state, TCP_ESTABLISHED);
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
		WRITE_ONCE(sk->sk_state, TCP_CLOSE);
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

/**
 * mlt_wait_connected() - before a send or receive: the socket's connection
 * @sk: the socket, locked
 * @timeo: how long to wait for the resolver, updated
 *
 * Return: 0 if the socket is a connection; -%EAGAIN while its name is
 * still resolving; -%ENOTCONN; or the error its connect() ended with.
 */
int mlt_wait_connected(struct sock *sk, long *timeo)
{
	int ret;

	if (sk->sk_state == TCP_SYN_SENT) {
		ret = mlt_wait_resolved(sk, timeo);
		if (ret)
			return ret == -EINPROGRESS ? -EAGAIN : ret;
	}
	if (!mlt_sk(sk)->tunnel || sk->sk_state == TCP_LISTEN)
		return -ENOTCONN;
	return 0;
}

/* A name with no directory entry: ask the resolver, wait in SYN_SENT. */
static int mlt_connect_resolve(struct sock *sk)
{
	struct mlt_sock *ms = mlt_sk(sk);
	u64 deadline;
	int ret;

	ret = mlt_resolve_request(sock_net(sk), ms->peer.smlt_name, &deadline,
				  sock_i_uid(sk), mlt_sk_admin(sk));
	if (ret)
		return ret;
	WRITE_ONCE(sk->sk_state, TCP_SYN_SENT);
	sk->sk_socket->state = SS_CONNECTING;
	mlt_resolve_wait_sock(mlt_pernet(sock_net(sk)), ms, deadline);
	return -EINPROGRESS;
}

/* The connect() of a socket that is not connected, locked. */
static int mlt_connect_start(struct sock *sk, const struct sockaddr_mlt *addr)
{
	struct mlt_sock *ms = mlt_sk(sk);
	struct mlt_target to;
	int ret;

	ret = sock_error(sk);	/* a non-blocking connect() that failed */
	if (ret)
		return ret;
	if (sk->sk_state != TCP_CLOSE)
		return -EINVAL;
	ms->service = addr->smlt_service;
	ms->peer = *addr;
	ret = mlt_resolve(sock_net(sk), addr, &to);
	if (!ret)
		return mlt_connect_to(sk, &to);
	if (ret != MLT_UNKNOWN)
		return ret;
	return mlt_connect_resolve(sk);
}

int mlt_connect(struct socket *sock, struct sockaddr *uaddr, int len,
		int flags)
{
	struct sockaddr_mlt *addr = (struct sockaddr_mlt *)uaddr;
	struct sock *sk = sock->sk;
	long timeo;
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
	if (mlt_sk(sk)->tunnel)
		ret = -EISCONN;
	else if (sk->sk_state == TCP_SYN_SENT)
		ret = -EALREADY;
	else
		ret = mlt_connect_start(sk, addr);
	if (ret == -EALREADY || ret == -EINPROGRESS) {
		timeo = sock_sndtimeo(sk, flags & O_NONBLOCK);
		if (timeo)
			ret = mlt_wait_resolved(sk, &timeo);
	}
	release_sock(sk);
	return ret;
}
