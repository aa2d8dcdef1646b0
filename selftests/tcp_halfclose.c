// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_halfclose ADDR PORT TEXT: connect over TCP, send TEXT, shut the
 * sending side (half-close), then copy everything the peer sends to
 * stdout until its end. For mlt_proxy.sh: busybox nc cannot half-close.
 * Exit status: 0, or 1 with the failing step on stderr.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in s4 = { .sin_family = AF_INET };
	struct sockaddr *sa = (struct sockaddr *)&s4;
	socklen_t len = sizeof(s4);
	char buf[4096];
	ssize_t n;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: tcp_halfclose ADDR PORT TEXT\n");
		return 1;
	}
	s4.sin_port = s6.sin6_port = htons((uint16_t)atoi(argv[2]));
	if (inet_pton(AF_INET6, argv[1], &s6.sin6_addr) == 1) {
		sa = (struct sockaddr *)&s6;
		len = sizeof(s6);
	} else if (inet_pton(AF_INET, argv[1], &s4.sin_addr) != 1) {
		fprintf(stderr, "tcp_halfclose: bad address %s\n", argv[1]);
		return 1;
	}
	fd = socket(sa->sa_family, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, sa, len)) {
		perror("tcp_halfclose: connect");
		return 1;
	}
	if (send(fd, argv[3], strlen(argv[3]), 0) != (ssize_t)strlen(argv[3]) ||
	    shutdown(fd, SHUT_WR)) {
		perror("tcp_halfclose: send");
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			return 1;
	if (n < 0) {
		perror("tcp_halfclose: read");
		return 1;
	}
	return 0;
}
