// SPDX-License-Identifier: GPL-2.0
/*
 * AF_MINIMALT sockets at the skeleton stage: creation, the errors for
 * unsupported types and protocols, and the calls not implemented yet.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "mltnl.h"
#include "util.h"

FIXTURE(sock) {
	struct mltnl *nl;
	int family;
};

/* The sockets open in our namespace (MLT_STAT_SOCKETS), or -1. */
static long long open_sockets(struct mltnl *nl)
{
	struct mltnl_status st;

	if (mltnl_status(nl, &st) ||
	    !mltnl_counter_has(&st.stats, MLT_STAT_SOCKETS))
		return -1;
	return st.stats.v[MLT_STAT_SOCKETS];
}

FIXTURE_SETUP(sock)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	self->nl = mltnl_open(0, NULL);
	ASSERT_NE(NULL, self->nl);
	self->family = mlt_family();
}

FIXTURE_TEARDOWN(sock)
{
	mltnl_close(self->nl);
}

TEST_F(sock, create_and_close_are_counted)
{
	int fd;

	ASSERT_EQ(0, open_sockets(self->nl));
	fd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_LE(0, fd);
	EXPECT_EQ(1, open_sockets(self->nl));
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(0, open_sockets(self->nl));
}

TEST_F(sock, many_sockets)
{
	enum { N = 512 };
	int fds[N], i;

	for (i = 0; i < N; i++) {
		fds[i] = socket(self->family, SOCK_STREAM | SOCK_CLOEXEC, 0);
		ASSERT_LE(0, fds[i]);
	}
	EXPECT_EQ(N, open_sockets(self->nl));
	for (i = 0; i < N; i++)
		close(fds[i]);
	EXPECT_EQ(0, open_sockets(self->nl));
}

TEST_F(sock, socket_domain_is_the_family_in_force)
{
	int fd = socket(self->family, SOCK_STREAM, 0), domain = -1;
	socklen_t len = sizeof(domain);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len));
	EXPECT_EQ(self->family, domain);
	close(fd);
}

TEST_F(sock, other_types_are_esocktnosupport)
{
	static const int types[] = { SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW,
				     SOCK_RDM };
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		EXPECT_EQ(-1, socket(self->family, types[i], 0));
		EXPECT_EQ(ESOCKTNOSUPPORT, errno);
	}
}

TEST_F(sock, other_protocols_are_eprotonosupport)
{
	static const int protos[] = { 1, 6, 17, 255 };
	size_t i;

	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		EXPECT_EQ(-1, socket(self->family, SOCK_STREAM, protos[i]));
		EXPECT_EQ(EPROTONOSUPPORT, errno);
	}
	EXPECT_EQ(0, open_sockets(self->nl));
}

/* The calls on a socket in the wrong state fail as TCP's would. */
TEST_F(sock, calls_in_the_wrong_state)
{
	struct sockaddr_mlt addr = { .smlt_family = self->family };
	socklen_t len = sizeof(addr);
	char byte = 'x';
	int fd, other;

	fd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_LE(0, fd);

#define EXPECT_ERRNO(err, call) do {				\
		errno = 0;					\
		EXPECT_EQ(-1, (int)(call));			\
		EXPECT_EQ(err, errno);				\
	} while (0)

	EXPECT_ERRNO(ENOTCONN, send(fd, &byte, 1, MSG_DONTWAIT));
	EXPECT_ERRNO(ENOTCONN, recv(fd, &byte, 1, MSG_DONTWAIT));
	EXPECT_ERRNO(ENOTCONN, getpeername(fd, (struct sockaddr *)&addr, &len));
	EXPECT_ERRNO(ENOTCONN, shutdown(fd, SHUT_WR));
	EXPECT_ERRNO(EDESTADDRREQ, listen(fd, 1));	/* not bound */
	EXPECT_ERRNO(EINVAL, accept(fd, NULL, NULL));	/* not listening */
	EXPECT_ERRNO(EINVAL, bind(fd, (struct sockaddr *)&addr, sizeof(addr)));
	addr.smlt_service = 7;
	EXPECT_ERRNO(EINVAL, bind(fd, (struct sockaddr *)&addr, 2));
	EXPECT_ERRNO(EINVAL, connect(fd, (struct sockaddr *)&addr, 8));
	addr.smlt_family = AF_INET;
	EXPECT_ERRNO(EAFNOSUPPORT, bind(fd, (struct sockaddr *)&addr,
					sizeof(addr)));
	addr.smlt_family = self->family;
	EXPECT_EQ(0, bind(fd, (struct sockaddr *)&addr, sizeof(addr)));
	EXPECT_ERRNO(EINVAL, bind(fd, (struct sockaddr *)&addr, sizeof(addr)));
	len = sizeof(addr);
	EXPECT_EQ(0, getsockname(fd, (struct sockaddr *)&addr, &len));
	EXPECT_EQ(7, addr.smlt_service);
	EXPECT_EQ(0, listen(fd, 1));
	ASSERT_EQ(0, fcntl(fd, F_SETFL, O_NONBLOCK));
	EXPECT_ERRNO(EAGAIN, accept(fd, NULL, NULL));	/* nobody yet */

	/* A second listener on the same service is refused. */
	other = socket(self->family, SOCK_STREAM, 0);
	ASSERT_LE(0, other);
	EXPECT_EQ(0, bind(other, (struct sockaddr *)&addr, sizeof(addr)));
	EXPECT_ERRNO(EADDRINUSE, listen(other, 1));
	EXPECT_ERRNO(EOPNOTSUPP, socketpair(self->family, SOCK_STREAM, 0,
					     (int[2]){ 0, 0 }));
#undef EXPECT_ERRNO
	close(other);
	close(fd);
}

TEST_F(sock, unknown_options_are_enoprotoopt)
{
	static const int levels[] = { IPPROTO_IP, IPPROTO_TCP, 297 };
	int fd = socket(self->family, SOCK_STREAM, 0), val = 1;
	socklen_t len = sizeof(val);
	unsigned int i;

	ASSERT_LE(0, fd);
	/* No MinimaLT level yet: any level but SOL_SOCKET is refused. */
	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		EXPECT_EQ(-1, setsockopt(fd, levels[i], 1, &val, sizeof(val)));
		EXPECT_EQ(ENOPROTOOPT, errno);
		EXPECT_EQ(-1, getsockopt(fd, levels[i], 1, &val, &len));
		EXPECT_EQ(ENOPROTOOPT, errno);
	}
	/* Socket-level options are the core's and work. */
	val = 65536;
	EXPECT_EQ(0, setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &val, sizeof(val)));
	close(fd);
}

TEST_F(sock, unconnected_socket_polls_as_hung_up)
{
	struct pollfd pfd = { .events = POLLIN | POLLOUT };

	pfd.fd = socket(self->family, SOCK_STREAM, 0);
	ASSERT_LE(0, pfd.fd);
	ASSERT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLHUP, pfd.revents);
	close(pfd.fd);
}

TEST_HARNESS_MAIN
