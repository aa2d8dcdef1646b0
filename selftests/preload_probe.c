// SPDX-License-Identifier: GPL-2.0
/*
 * preload_probe NAME PORT REFUSED-ADDR REFUSED-PORT: a program written
 * for TCP, run under LD_PRELOAD=libmlt-preload.so by mlt_preload.sh. It
 * looks NAME up (the NSS module gives a virtual address), connects to it
 * the way event-driven programs do (non-blocking, then poll and epoll for
 * writability, SO_ERROR) and checks what the library promises: the
 * descriptor keeps its number, O_NONBLOCK and FD_CLOEXEC; getpeername()
 * gives the virtual address and port; TCP options are accepted; dup()
 * keeps the address; an HTTP request gets its answer. Then a connect() to
 * an ordinary address where nothing listens must reach TCP untouched
 * (ECONNREFUSED, and the socket still AF_INET).
 * Prints one line per check; exit status 0 when all held.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static int failed;

static void check(int ok, const char *what)
{
	printf("%s %s\n", ok ? "ok" : "FAILED", what);
	if (!ok)
		failed = 1;
}

/* An answer to "GET /": at least its status line, within 10 s. */
static int http_get(int fd)
{
	static const char req[] = "GET / HTTP/1.0\r\n\r\n";
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[256];
	ssize_t n;

	if (send(fd, req, sizeof(req) - 1, 0) != (ssize_t)sizeof(req) - 1)
		return 0;
	if (poll(&p, 1, 10000) != 1)
		return 0;
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return !strncmp(buf, "HTTP/1.0 200", 12);
}

int main(int argc, char **argv)
{
	struct addrinfo hints = { .ai_family = AF_INET,
				  .ai_socktype = SOCK_STREAM }, *ai;
	struct sockaddr_in peer, refused = { .sin_family = AF_INET };
	struct epoll_event ev = { .events = EPOLLOUT }, got;
	struct pollfd p;
	socklen_t len;
	int fd, fd2, ep, err, one = 1, domain, r;

	if (argc != 5) {
		fprintf(stderr, "usage: preload_probe NAME PORT REFUSED-ADDR REFUSED-PORT\n");
		return 2;
	}
	if (getaddrinfo(argv[1], argv[2], &hints, &ai)) {
		printf("FAILED getaddrinfo(%s)\n", argv[1]);
		return 1;
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	check(!setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)),
	      "TCP_NODELAY before connect");
	r = connect(fd, ai->ai_addr, ai->ai_addrlen);
	check(!r || errno == EINPROGRESS, "non-blocking connect: 0 or EINPROGRESS");
	p.fd = fd;
	p.events = POLLOUT;
	check(poll(&p, 1, 10000) == 1 && p.revents & POLLOUT, "poll: POLLOUT");
	len = sizeof(err);
	check(!getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) && !err,
	      "SO_ERROR 0");
	ep = epoll_create1(0);
	check(!epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) &&
	      epoll_wait(ep, &got, 1, 10000) == 1 && got.events & EPOLLOUT,
	      "epoll: EPOLLOUT");
	close(ep);
	check(fcntl(fd, F_GETFL) & O_NONBLOCK, "O_NONBLOCK kept");
	check(fcntl(fd, F_GETFD) & FD_CLOEXEC, "FD_CLOEXEC kept");
	len = sizeof(domain);
	check(!getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) &&
	      domain != AF_INET && domain != AF_INET6,
	      "the descriptor is an AF_MINIMALT socket now");
	len = sizeof(peer);
	check(!getpeername(fd, (struct sockaddr *)&peer, &len) &&
	      len == sizeof(peer) && peer.sin_family == AF_INET &&
	      !memcmp(&peer, ai->ai_addr, sizeof(peer)),
	      "getpeername: the virtual address and port");
	check(!setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)),
	      "TCP_NODELAY after connect");
	fd2 = dup(fd);
	len = sizeof(peer);
	check(fd2 >= 0 && !getpeername(fd2, (struct sockaddr *)&peer, &len) &&
	      !memcmp(&peer, ai->ai_addr, sizeof(peer)),
	      "dup: the same peer address");
	close(fd2);
	r = connect(fd, ai->ai_addr, ai->ai_addrlen);
	check(r < 0 && errno == EISCONN, "connect again: EISCONN");
	check(http_get(fd), "HTTP request answered");
	close(fd);
	freeaddrinfo(ai);

	/* Not a virtual address: TCP's own answer. */
	refused.sin_port = htons((uint16_t)atoi(argv[4]));
	inet_pton(AF_INET, argv[3], &refused.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	r = connect(fd, (struct sockaddr *)&refused, sizeof(refused));
	check(r < 0 && errno == ECONNREFUSED, "ordinary address: ECONNREFUSED");
	len = sizeof(domain);
	check(!getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) &&
	      domain == AF_INET, "ordinary address: still AF_INET");
	close(fd);
	return failed;
}
