// SPDX-License-Identifier: GPL-2.0
/*
 * mlt-bulk: one bulk stream, client to server, over AF_MINIMALT (or TCP,
 * for a baseline); the client reports its rate, the server can log how
 * many bytes each connection has delivered over time (for shares of a
 * link between flows). scripts/bench-transport-guest.sh runs it.
 *
 *   mlt-bulk -l [-s SERVICE | --tcp PORT] [--log FILE]
 *   mlt-bulk NAME:SERVICE | --tcp HOST:PORT  (-n BYTES | -t SECONDS)
 */
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/minimalt.h>

#include "common.h"

#define CHUNK		65536
#define LOG_EVERY	0.2	/* seconds between a connection's log lines */

static void usage(FILE *f)
{
	fprintf(f,
"Usage: mlt-bulk -l [-s SERVICE | --tcp PORT] [--log FILE]\n"
"       mlt-bulk NAME:SERVICE (-n BYTES | -t SECONDS)\n"
"       mlt-bulk --tcp HOST:PORT (-n BYTES | -t SECONDS)\n"
"\n"
"A bulk transfer from client to server. The client sends BYTES (or as\n"
"much as it can for SECONDS), shuts its side down and waits for the\n"
"server's count of what arrived (8 bytes, big-endian), then prints one\n"
"JSON line: {\"bytes\":N,\"secs\":S,\"mbit\":R}, the time running from\n"
"connect() to the count.\n"
"\n"
"The server (-l) listens on MinimaLT SERVICE (default 9) or on TCP PORT\n"
"(0: one the kernel picks), prints \"listening\" once it does (\"listening\n"
"on TCP port N\" for TCP), serves each connection in a child of\n"
"its own and prints one JSON line per connection when it ends. With --log\n"
"every connection appends \"CONN T BYTES\" lines to FILE every %.1f s and\n"
"at its end: T in seconds of CLOCK_MONOTONIC, BYTES received so far.\n"
"\n"
"Exit status: 0, 1 on a socket error or a short count, 2 on a usage error.\n",
	LOG_EVERY);
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int listen_on(int tcp, unsigned long port)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6,
				   .sin6_port = htons((uint16_t)port) };
	struct sockaddr_mlt am;
	int one = 1, s;

	if (tcp) {
		s = socket(AF_INET6, SOCK_STREAM, 0);
		if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one,
					sizeof(one)) ||
		    bind(s, (struct sockaddr *)&a6, sizeof(a6)))
			return -1;
	} else {
		memset(&am, 0, sizeof(am));
		am.smlt_family = (sa_family_t)mlt_family();
		am.smlt_service = (uint16_t)port;
		s = socket(mlt_family(), SOCK_STREAM, 0);
		if (s < 0 || bind(s, (struct sockaddr *)&am, sizeof(am)))
			return -1;
	}
	return listen(s, 64) ? -1 : s;
}

/* Read connection @id to EOF, logging; then send the count. */
static int serve(int c, unsigned int id, FILE *log)
{
	static char buf[CHUNK];
	unsigned long long total = 0;
	double t0 = now_s(), last = 0;
	uint8_t count[8];
	int i;

	for (;;) {
		struct pollfd p = { .fd = c, .events = POLLIN };
		double t;
		ssize_t n = 0;

		if (poll(&p, 1, (int)(LOG_EVERY * 1000)) < 0 && errno != EINTR)
			return die("poll");
		if (p.revents) {
			n = read(c, buf, sizeof(buf));
			if (n < 0 && errno != EINTR)
				return die("read");
			if (n == 0)
				break;
			if (n > 0)
				total += (unsigned long long)n;
		}
		t = now_s();
		if (log && t - last >= LOG_EVERY) {
			fprintf(log, "%u %.3f %llu\n", id, t, total);
			fflush(log);
			last = t;
		}
	}
	if (log) {
		fprintf(log, "%u %.3f %llu\n", id, now_s(), total);
		fflush(log);
	}
	for (i = 0; i < 8; i++)
		count[i] = (uint8_t)(total >> (56 - 8 * i));
	if (write_all(c, count, sizeof(count)))
		return die("sending the count");
	printf("{\"conn\":%u,\"bytes\":%llu,\"secs\":%.3f}\n", id, total,
	       now_s() - t0);
	fflush(stdout);
	return 0;
}

static int server(int tcp, unsigned long port, const char *log_path)
{
	FILE *log = NULL;
	unsigned int id = 0;
	int l = listen_on(tcp, port);

	if (l < 0)
		return die("listen");
	if (log_path) {
		log = fopen(log_path, "a");
		if (!log)
			return die(log_path);
	}
	signal(SIGCHLD, SIG_IGN);	/* no zombies */
	if (tcp) {
		struct sockaddr_in6 a;
		socklen_t len = sizeof(a);

		if (getsockname(l, (struct sockaddr *)&a, &len))
			return die("getsockname");
		printf("listening on TCP port %u\n", ntohs(a.sin6_port));
	} else {
		printf("listening\n");
	}
	fflush(stdout);
	for (;;) {
		int c = accept(l, NULL, NULL);

		if (c < 0) {
			if (errno == EINTR)
				continue;
			return die("accept");
		}
		id++;
		if (fork() == 0) {
			close(l);
			_exit(serve(c, id, log));
		}
		close(c);
	}
}

static int connect_to(int tcp, const char *target)
{
	char host[256];
	const char *colon = strrchr(target, ':');
	unsigned long port;
	int s;

	if (!colon || (size_t)(colon - target) >= sizeof(host) ||
	    colon == target || parse_num(colon + 1, 1, 65535, &port))
		return die_usage(tcp ? "--tcp takes HOST:PORT" :
				 "the server is NAME:SERVICE"), -2;
	memcpy(host, target, (size_t)(colon - target));
	host[colon - target] = 0;
	if (tcp) {
		struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
		int err = getaddrinfo(host, colon + 1, &hints, &ai);

		if (err) {
			fprintf(stderr, "%s: %s\n", host, gai_strerror(err));
			return -1;
		}
		s = socket(ai->ai_family, SOCK_STREAM, 0);
		if (s >= 0 && connect(s, ai->ai_addr, ai->ai_addrlen)) {
			close(s);
			s = -1;
		}
		freeaddrinfo(ai);
	} else {
		struct sockaddr_mlt a;

		if (strlen(host) >= sizeof(a.smlt_name))
			return die_usage("the name is too long"), -2;
		memset(&a, 0, sizeof(a));
		a.smlt_family = (sa_family_t)mlt_family();
		a.smlt_service = (uint16_t)port;
		memcpy(a.smlt_name, host, strlen(host));
		s = socket(mlt_family(), SOCK_STREAM, 0);
		if (s >= 0 && connect(s, (struct sockaddr *)&a, sizeof(a))) {
			close(s);
			s = -1;
		}
	}
	return s;
}

static int client(int tcp, const char *target, unsigned long long bytes,
		  unsigned long secs)
{
	static char buf[CHUNK];
	unsigned long long sent = 0, got = 0;
	uint8_t count[8];
	double t0 = now_s(), t;
	int s = connect_to(tcp, target), i;

	if (s == -2)
		return 2;
	if (s < 0)
		return die("connect");
	memset(buf, 0x5a, sizeof(buf));
	while (secs ? now_s() - t0 < (double)secs : sent < bytes) {
		size_t n = sizeof(buf);

		if (!secs && bytes - sent < n)
			n = (size_t)(bytes - sent);
		if (write_all(s, buf, n))
			return die("send");
		sent += n;
	}
	if (shutdown(s, SHUT_WR))
		return die("shutdown");
	for (i = 0; i < 8;) {
		ssize_t n = read(s, count + i, (size_t)(8 - i));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return die("reading the server's count");
		i += (int)n;
	}
	t = now_s() - t0;
	for (i = 0; i < 8; i++)
		got = got << 8 | count[i];
	if (got != sent) {
		fprintf(stderr, "the server counted %llu bytes of %llu\n", got,
			sent);
		return 1;
	}
	printf("{\"bytes\":%llu,\"secs\":%.3f,\"mbit\":%.2f}\n", sent, t,
	       (double)sent * 8 / 1e6 / t);
	return 0;
}

int main(int argc, char **argv)
{
	const char *target = NULL, *log_path = NULL;
	unsigned long port = 9, secs = 0, num;
	unsigned long long bytes = 0;
	int listen_mode = 0, tcp = 0, i;

	for (i = 1; i < argc; i++) {
		const char *o = argv[i];
		int more = i + 1 < argc;

		if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(o, "-l")) {
			listen_mode = 1;
		} else if (!strcmp(o, "-s") && more) {
			if (parse_num(argv[++i], 1, 65535, &port))
				return die_usage("-s: a service is 1 to 65535");
		} else if (!strcmp(o, "--log") && more) {
			log_path = argv[++i];
		} else if (!strcmp(o, "-n") && more) {
			if (parse_num(argv[++i], 1, ~0UL, &num))
				return die_usage("-n: a positive number of bytes");
			bytes = num;
		} else if (!strcmp(o, "-t") && more) {
			if (parse_num(argv[++i], 1, 86400, &secs))
				return die_usage("-t: 1 to 86400 seconds");
		} else if (!strcmp(o, "--tcp") && more) {
			tcp = 1;
			target = argv[++i];
		} else if (o[0] != '-' && !target) {
			target = o;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (listen_mode) {
		if (bytes || secs)
			return die_usage("-n and -t are the client's");
		if (tcp && parse_num(target, 0, 65535, &port))
			return die_usage("--tcp: a port is 0 to 65535");
		if (!tcp && target)
			return die_usage("-l takes no server");
		return server(tcp, port, log_path);
	}
	if (!target || !bytes == !secs || log_path) {
		usage(stderr);
		return 2;
	}
	return client(tcp, target, bytes, secs);
}
