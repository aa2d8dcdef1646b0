// SPDX-License-Identifier: GPL-2.0
/*
 * mlt-echo-server: echo every connection back, over AF_MINIMALT (or TCP,
 * for a baseline). One process per connection.
 *
 *   mlt-echo-server [-s SERVICE] [-1] [--tcp PORT]
 */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/minimalt.h>

#include "common.h"

static void usage(FILE *f)
{
	fprintf(f, "Usage: mlt-echo-server [-s SERVICE] [-1] [--tcp PORT]\n"
		"  -s SERVICE   the MinimaLT service to listen on (default 7)\n"
		"  -1           serve one connection, then exit\n"
		"  --tcp PORT   listen on TCP PORT instead (a baseline)\n");
}

static void echo(int c)
{
	char buf[65536];
	ssize_t n;

	while ((n = read(c, buf, sizeof(buf))) > 0)
		if (write_all(c, buf, (size_t)n))
			break;
	close(c);
}

int main(int argc, char **argv)
{
	unsigned long service = 7, tcp = 0;
	int once = 0, l, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "-1")) {
			once = 1;
		} else if (!strcmp(argv[i], "-s") && i + 1 < argc) {
			if (parse_num(argv[++i], 1, 65535, &service))
				return die_usage("-s: a service is 1 to 65535");
		} else if (!strcmp(argv[i], "--tcp") && i + 1 < argc) {
			if (parse_num(argv[++i], 1, 65535, &tcp))
				return die_usage("--tcp: a port is 1 to 65535");
		} else {
			usage(stderr);
			return 2;
		}
	}

	if (tcp) {
		struct sockaddr_in6 a = { .sin6_family = AF_INET6,
					  .sin6_port = htons((uint16_t)tcp) };
		int one = 1;

		l = socket(AF_INET6, SOCK_STREAM, 0);
		if (l >= 0)
			setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (l < 0 || bind(l, (void *)&a, sizeof(a)))
			return die("tcp socket/bind");
	} else {
		struct sockaddr_mlt a;

		memset(&a, 0, sizeof(a));
		a.smlt_family = (__kernel_sa_family_t)mlt_family();
		a.smlt_service = (uint16_t)service;
		l = socket(mlt_family(), SOCK_STREAM, 0);
		if (l < 0)
			return die("socket(AF_MINIMALT) (is minimalt.ko loaded?)");
		if (bind(l, (void *)&a, sizeof(a)))
			return die("bind");
	}
	if (listen(l, 64))
		return die("listen");
	signal(SIGCHLD, SIG_IGN);
	for (;;) {
		int c = accept(l, NULL, NULL);

		if (c < 0) {
			if (errno == EINTR)
				continue;
			return die("accept");
		}
		if (once) {
			echo(c);
			return 0;
		}
		if (fork() == 0) {
			close(l);
			echo(c);
			_exit(0);
		}
		close(c);
	}
}
