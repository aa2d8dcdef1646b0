// SPDX-License-Identifier: GPL-2.0
/*
 * The AF_MINIMALT socket family: creation, release and the socket calls.
 * Calls that a later stage implements answer -EOPNOTSUPP until then.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/net.h>
#include <linux/poll.h>
#include <net/sock.h>

#include "minimalt.h"

struct mlt_sock {
	struct sock sk;
};

static struct proto mlt_proto = {
	.name = "MINIMALT",
	.owner = THIS_MODULE,
	.obj_size = sizeof(struct mlt_sock),
};

static void mlt_sock_destruct(struct sock *sk)
{
	atomic_dec(&mlt_pernet(sock_net(sk))->sockets);
}

static int mlt_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return 0;
	sock_orphan(sk);
	sock->sk = NULL;
	sock_put(sk);
	return 0;
}

/* An unconnected stream socket reports hang-up, as TCP's does. */
static __poll_t mlt_poll(struct file *file, struct socket *sock,
			 poll_table *wait)
{
	sock_poll_wait(file, sock, wait);
	return EPOLLHUP;
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
	.bind = sock_no_bind,
	.connect = sock_no_connect,
	.socketpair = sock_no_socketpair,
	.accept = sock_no_accept,
	.getname = sock_no_getname,
	.poll = mlt_poll,
	.ioctl = sock_no_ioctl,
	.listen = sock_no_listen,
	.shutdown = sock_no_shutdown,
	.setsockopt = mlt_setsockopt,
	.getsockopt = mlt_getsockopt,
	.sendmsg = sock_no_sendmsg,
	.recvmsg = sock_no_recvmsg,
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
	sk->sk_destruct = mlt_sock_destruct;
	atomic_inc(&mlt_pernet(net)->sockets);
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
