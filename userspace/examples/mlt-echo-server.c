// SPDX-License-Identifier: GPL-2.0
/*
 * mlt-echo-server: echo every connection back, over AF_MINIMALT (or TCP,
 * for a baseline). One process, a poll() loop over the listener and the
 * connections, so that no fork() sits between a datagram and its echo.
 *
 *   mlt-echo-server [-s SERVICE] [-1] [-v] [--tcp PORT]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/minimalt.h>

#include "common.h"

#define MAX_CONNS	64
#define BUF_LEN		16384

struct conn {
	int fd;
	int eof;		/* the peer has shut down its side */
	size_t off, len;	/* bytes of buf still to echo */
	unsigned long long total;
	char peer[INET6_ADDRSTRLEN + 24];
	char buf[BUF_LEN];
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: mlt-echo-server [-s SERVICE] [-1] [-v]\n"
"       mlt-echo-server --tcp PORT [-1] [-v]\n"
"\n"
"Listen on a MinimaLT service (socket(AF_MINIMALT, SOCK_STREAM, 0), bind,\n"
"listen, accept) and send every byte received on a connection back on it,\n"
"until the client shuts its side down; then close. Clients reach the\n"
"service through the host's UDP port (mltctl config) once the namespace\n"
"has an identity (mltctl identity set) and an ephemeral key (mltctl eph\n"
"rotate). Serves up to %d connections at once from one poll() loop.\n"
"\n"
"  -s SERVICE   the MinimaLT service to listen on, 1 to 65535 (default 7)\n"
"  --tcp PORT   listen on TCP PORT (IPv4 and IPv6) instead, as a baseline;\n"
"               0 picks a free port\n"
"  -1           serve one connection, then exit\n"
"  -v           one line on stderr per connection: the peer, bytes echoed\n"
"  -h, --help   this text\n"
"\n"
"Once listening it prints \"listening on service N\" (or \"listening on TCP\n"
"port N\") on stdout, so scripts can wait for it. Exit status: 0 after -1's\n"
"connection, 1 on a socket error, 2 on a usage error.\n", MAX_CONNS);
}

/* The peer as text: address and UDP port (MinimaLT) or TCP port. */
static void describe_peer(struct conn *c)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct in6_addr a6;
	struct in_addr a4;
	char ip[INET6_ADDRSTRLEN] = "?";
	unsigned int port;

	strcpy(c->peer, "?");
	if (getpeername(c->fd, (struct sockaddr *)&ss, &len))
		return;
	if (ss.ss_family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof(ip));
		snprintf(c->peer, sizeof(c->peer), "%s:%u", ip,
			 ntohs(s4->sin_port));
		return;
	}
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		a6 = s6->sin6_addr;
		port = ntohs(s6->sin6_port);
	} else if ((int)ss.ss_family == mlt_family()) {
		struct sockaddr_mlt *m = (struct sockaddr_mlt *)&ss;

		if (!(m->smlt_flags & MLT_ADDR_F_EXPLICIT))
			return;
		memcpy(&a6, m->smlt_explicit.addr, sizeof(a6));
		port = m->smlt_explicit.port;
	} else {
		return;
	}
	/* IPv4-mapped addresses read better as IPv4. */
	if (IN6_IS_ADDR_V4MAPPED(&a6)) {
		memcpy(&a4, &a6.s6_addr[12], sizeof(a4));
		inet_ntop(AF_INET, &a4, ip, sizeof(ip));
		snprintf(c->peer, sizeof(c->peer), "%s:%u", ip, port);
	} else {
		inet_ntop(AF_INET6, &a6, ip, sizeof(ip));
		snprintf(c->peer, sizeof(c->peer), "[%s]:%u", ip, port);
	}
}

static void drop(struct conn *c, int verbose, const char *why)
{
	if (verbose)
		fprintf(stderr, "mlt-echo-server: %s: %llu bytes echoed%s%s\n",
			c->peer, c->total, why ? ", " : "", why ? why : "");
	close(c->fd);
	c->fd = -1;
}

/* Read what there is, or send what is pending; drop the connection when done. */
static void serve(struct conn *c, short revents, int verbose)
{
	ssize_t n;

	if (c->len && (revents & (POLLOUT | POLLERR | POLLHUP))) {
		n = send(c->fd, c->buf + c->off, c->len,
			 MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			drop(c, verbose, strerror(errno));
			return;
		}
		if (n > 0) {
			c->off += (size_t)n;
			c->len -= (size_t)n;
			c->total += (unsigned long long)n;
		}
	} else if (!c->len && !c->eof &&
		   (revents & (POLLIN | POLLERR | POLLHUP))) {
		n = recv(c->fd, c->buf, sizeof(c->buf), MSG_DONTWAIT);
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			drop(c, verbose, strerror(errno));
			return;
		}
		if (n == 0)
			c->eof = 1;
		if (n > 0) {
			c->off = 0;
			c->len = (size_t)n;
		}
	}
	if (c->eof && !c->len)
		drop(c, verbose, NULL);
}

static int listen_tcp(unsigned long port)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_port = htons((uint16_t)port) };
	socklen_t len = sizeof(a);
	int one = 1, zero = 0, l;

	l = socket(AF_INET6, SOCK_STREAM, 0);
	if (l < 0)
		return die("socket(AF_INET6)"), -1;
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(l, (struct sockaddr *)&a, sizeof(a)))
		return die("bind (TCP)"), -1;
	if (listen(l, 64))
		return die("listen (TCP)"), -1;
	if (getsockname(l, (struct sockaddr *)&a, &len))
		return die("getsockname"), -1;
	printf("listening on TCP port %u\n", ntohs(a.sin6_port));
	return l;
}

static int listen_mlt(unsigned long service)
{
	struct sockaddr_mlt a;
	int l;

	memset(&a, 0, sizeof(a));
	a.smlt_family = (__kernel_sa_family_t)mlt_family();
	a.smlt_service = (uint16_t)service;
	l = socket(mlt_family(), SOCK_STREAM, 0);
	if (l < 0)
		return die("socket(AF_MINIMALT) (is minimalt.ko loaded?)"), -1;
	if (bind(l, (struct sockaddr *)&a, sizeof(a)))
		return die("bind"), -1;
	if (listen(l, 64))
		return die("listen"), -1;
	printf("listening on service %lu\n", service);
	return l;
}

int main(int argc, char **argv)
{
	static struct conn conns[MAX_CONNS];
	struct pollfd pfd[MAX_CONNS + 1];
	unsigned long service = 7, tcp = 0;
	int once = 0, verbose = 0, use_tcp = 0, accepted = 0, l, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "-1")) {
			once = 1;
		} else if (!strcmp(argv[i], "-v")) {
			verbose = 1;
		} else if (!strcmp(argv[i], "-s") && i + 1 < argc) {
			if (parse_num(argv[++i], 1, 65535, &service))
				return die_usage("-s: a service is 1 to 65535");
		} else if (!strcmp(argv[i], "--tcp") && i + 1 < argc) {
			if (parse_num(argv[++i], 0, 65535, &tcp))
				return die_usage("--tcp: a port is 0 to 65535");
			use_tcp = 1;
		} else {
			usage(stderr);
			return 2;
		}
	}

	signal(SIGPIPE, SIG_IGN);
	l = use_tcp ? listen_tcp(tcp) : listen_mlt(service);
	if (l < 0)
		return 1;
	fflush(stdout);
	for (i = 0; i < MAX_CONNS; i++)
		conns[i].fd = -1;

	for (;;) {
		int n = 0, live = 0, slot = -1;

		for (i = 0; i < MAX_CONNS; i++) {
			struct conn *c = &conns[i];

			pfd[i].fd = c->fd;
			pfd[i].events = c->len ? POLLOUT : POLLIN;
			pfd[i].revents = 0;
			if (c->fd >= 0)
				live++;
			else if (slot < 0)
				slot = i;
		}
		if (once && accepted && !live)
			return 0;
		/* The listener is polled only while a slot is free. */
		pfd[MAX_CONNS].fd = (slot >= 0 && !(once && accepted)) ? l : -1;
		pfd[MAX_CONNS].events = POLLIN;
		pfd[MAX_CONNS].revents = 0;

		n = poll(pfd, MAX_CONNS + 1, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return die("poll");
		}
		for (i = 0; i < MAX_CONNS; i++)
			if (conns[i].fd >= 0 && pfd[i].revents)
				serve(&conns[i], pfd[i].revents, verbose);
		if (pfd[MAX_CONNS].revents & POLLIN) {
			struct conn *c = &conns[slot];

			c->fd = accept(l, NULL, NULL);
			if (c->fd < 0) {
				/* A connection gone before accept() is not fatal. */
				if (errno == EINTR || errno == EAGAIN ||
				    errno == ECONNABORTED || errno == ECONNRESET ||
				    errno == ECONNREFUSED || errno == ETIMEDOUT)
					continue;
				return die("accept");
			}
			c->eof = 0;
			c->off = 0;
			c->len = 0;
			c->total = 0;
			accepted = 1;
			describe_peer(c);
			if (verbose)
				fprintf(stderr, "mlt-echo-server: connection from %s\n",
					c->peer);
			if (once)
				close(l);
		}
	}
}
