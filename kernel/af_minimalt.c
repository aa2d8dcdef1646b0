// SPDX-License-Identifier: GPL-2.0
/*
 * The AF_MINIMALT socket family: SOCK_STREAM sockets over MinimaLT
 * connections. This file has the socket calls that are not a path of their
 * own (create, bind, getname, poll, shutdown, release, the options), the
 * sockets' memory accounting (struct proto, see sock.h) and registers the
 * family; connect.c, accept.c, sendmsg.c and recvmsg.c have
 * the rest. connect() needs no round trip: the create RPC waits for the
 * first send() (or recv(), shutdown(), close()) and travels with its data.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/net.h>
#include <linux/percpu_counter.h>
#include <linux/poll.h>
#include <linux/swap.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "sock.h"

/*
 * Memory accounting of the family's sockets, as TCP's (tcp_mem): pages
 * charged over every socket, the limits in pages (set at init as
 * tcp_init_mem() does), and the buffer each socket keeps under pressure.
 */
static atomic_long_t mlt_memory_allocated;
static DEFINE_PER_CPU(int, mlt_memory_per_cpu_fw_alloc);
static struct percpu_counter mlt_sockets_allocated;
static unsigned long mlt_memory_pressure;
static long mlt_sysctl_mem[3];
static int mlt_rmem_min = 4096;	/* tcp_rmem[0] */
static int mlt_wmem_min = 4096;	/* tcp_wmem[0] */

/* Over mlt_sysctl_mem[1]: windows shrink (conn.c) until below [0]. */
static void mlt_enter_memory_pressure(struct sock *sk)
{
	WRITE_ONCE(mlt_memory_pressure, 1);
}

static struct proto mlt_proto = {
	.name = "MINIMALT",
	.owner = THIS_MODULE,
	.obj_size = sizeof(struct mlt_sock),
	.enter_memory_pressure = mlt_enter_memory_pressure,
	.memory_allocated = &mlt_memory_allocated,
	.per_cpu_fw_alloc = &mlt_memory_per_cpu_fw_alloc,
	.sockets_allocated = &mlt_sockets_allocated,
	.memory_pressure = &mlt_memory_pressure,
	.sysctl_mem = mlt_sysctl_mem,
	.sysctl_rmem = &mlt_rmem_min,
	.sysctl_wmem = &mlt_wmem_min,
};

/* The limits tcp_init_mem() sets for TCP: a sixteenth of the memory. */
static void mlt_init_mem(void)
{
	unsigned long limit = max(nr_free_buffer_pages() / 16, 128UL);

	mlt_sysctl_mem[0] = limit / 4 * 3;
	mlt_sysctl_mem[1] = limit;
	mlt_sysctl_mem[2] = mlt_sysctl_mem[0] * 2;
}

static const struct proto_ops mlt_stream_ops;

static void mlt_sock_destruct(struct sock *sk)
{
	struct mlt_sock *ms = mlt_sk(sk);

	mlt_wmem_purge(sk);
	skb_queue_purge(&sk->sk_receive_queue);	/* sock_rfree() uncharges */
	sk_mem_reclaim_final(sk);
	if (ms->tunnel)
		mlt_tunnel_put(ms->tunnel);
	sk_sockets_allocated_dec(sk);
	atomic_dec(&mlt_pernet(sock_net(sk))->sockets);
}

/* sk_write_space: the engine put queued bytes into datagrams. */
static void mlt_sock_write_space(struct sock *sk)
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

/**
 * mlt_sock_alloc() - a new socket of the family, in state TCP_CLOSE
 * @net: the namespace
 * @sock: the struct socket it is for, or %NULL for one that accept() grafts
 * @gfp: allocation flags
 * @kern: whether it is a kernel socket
 *
 * Return: the socket, or %NULL.
 */
struct sock *mlt_sock_alloc(struct net *net, struct socket *sock, gfp_t gfp,
			    int kern)
{
	struct sock *sk = sk_alloc(net, mlt_family, gfp, &mlt_proto, kern);
	struct mlt_sock *ms;

	if (!sk)
		return NULL;
	sock_init_data(sock, sk);
	ms = mlt_sk(sk);
	sk->sk_destruct = mlt_sock_destruct;
	sk->sk_write_space = mlt_sock_write_space;
	sk->sk_state = TCP_CLOSE;
	INIT_LIST_HEAD(&ms->tx_node);
	INIT_LIST_HEAD(&ms->accept_q);
	INIT_LIST_HEAD(&ms->accept_node);
	INIT_HLIST_NODE(&ms->listen_node);
	INIT_HLIST_NODE(&ms->conn_node);
	INIT_LIST_HEAD(&ms->resolve_node);
	sk_sockets_allocated_inc(sk);
	atomic_inc(&mlt_pernet(net)->sockets);
	return sk;
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
	/* As ip_unprivileged_port_start: the low services are the admin's. */
	if (addr->smlt_service <
	    READ_ONCE(mlt_pernet(sock_net(sk))->unpriv_service_start) &&
	    !ns_capable(sock_net(sk)->user_ns, CAP_NET_BIND_SERVICE))
		return -EACCES;
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
	if (!(shutdown & SEND_SHUTDOWN) && sk_stream_memory_free(sk))
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
	mlt_tunnel_lock(t, &out);
	WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | how);
	if ((how & SEND_SHUTDOWN) && ms->in_tunnel && !ms->fin_pending) {
		ms->fin_pending = true;
		WRITE_ONCE(ms->create_held, false);
		mlt_conn_kick(t, ms);
	}
	mlt_tunnel_unlock(t, &out);
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

	mlt_tunnel_lock(t, &out);
	ms->orphan = true;
	if (!ms->in_tunnel) {
		/* over already */
	} else if (ms->create_held) {
		mlt_conn_error(t, ms, 0, &out);	/* nothing was sent */
	} else if (!skb_queue_empty(&sk->sk_receive_queue)) {
		mlt_conn_abort(t, ms, 0, &out);
	} else {
		ms->fin_pending = true;
		mlt_conn_kick(t, ms);
		if (ms->fin_sent)
			mlt_conn_unlink(t, ms, &out);
	}
	mlt_tunnel_unlock(t, &out);
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
		WRITE_ONCE(sk->sk_state, TCP_CLOSE);
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

	sk = mlt_sock_alloc(net, sock, GFP_KERNEL, kern);
	if (!sk)
		return -ENOBUFS;
	sock->state = SS_UNCONNECTED;
	sock->ops = &mlt_stream_ops;
	sk->sk_protocol = protocol;
	return 0;
}

static struct net_proto_family mlt_family_ops __ro_after_init = {
	.create = mlt_create,
	.owner = THIS_MODULE,
};

int __init mlt_socket_init(void)
{
	int ret;

	mlt_init_mem();
	ret = percpu_counter_init(&mlt_sockets_allocated, 0, GFP_KERNEL);
	if (ret)
		return ret;
	ret = proto_register(&mlt_proto, 1);
	if (ret) {
		percpu_counter_destroy(&mlt_sockets_allocated);
		return ret;
	}

	mlt_family_ops.family = mlt_family;
	ret = sock_register(&mlt_family_ops);
	if (ret) {
		if (ret == -EEXIST)
			pr_err("address family %d is already registered; load with family=N for a free N below %d\n",
			       mlt_family, NPROTO);
		proto_unregister(&mlt_proto);
		percpu_counter_destroy(&mlt_sockets_allocated);
	}
	return ret;
}

void mlt_socket_exit(void)
{
	sock_unregister(mlt_family);
	proto_unregister(&mlt_proto);
	percpu_counter_destroy(&mlt_sockets_allocated);
}
