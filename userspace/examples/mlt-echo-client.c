// SPDX-License-Identifier: GPL-2.0
/*
 * mlt-echo-client: connect, send a message, print the echo and the time
 * from connect() to the first byte of the reply, in milliseconds and, given
 * the link's round-trip time, in round trips.
 *
 *   mlt-echo-client NAME[:SERVICE] [-m MESSAGE] [--rtt-ms MS] [-j]
 *   mlt-echo-client --tcp HOST:PORT [-m MESSAGE] [--rtt-ms MS] [-j]
 *
 * The clock starts just before connect() in both modes: for TCP that
 * includes the handshake, for MinimaLT the first datagram carries the data.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/minimalt.h>

#include "common.h"

static void usage(FILE *f)
{
	fprintf(f, "Usage: mlt-echo-client NAME[:SERVICE] [options]\n"
		"       mlt-echo-client --tcp HOST:PORT [options]\n"
		"  -m MESSAGE    what to send (default \"hello, MinimaLT\")\n"
		"  --rtt-ms MS   the link's round-trip time, to count round trips\n"
		"  -j            one JSON line instead of text\n");
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int open_mlt(const char *target)
{
	struct sockaddr_mlt a;
	unsigned long service = 7;
	const char *colon = strrchr(target, ':');
	size_t len = colon ? (size_t)(colon - target) : strlen(target);
	int s;

	if (colon && parse_num(colon + 1, 1, 65535, &service))
		return die_usage("a service is 1 to 65535"), -1;
	if (!len || len >= sizeof(a.smlt_name))
		return die_usage("the name is empty or too long"), -1;
	memset(&a, 0, sizeof(a));
	a.smlt_family = (__kernel_sa_family_t)mlt_family();
	a.smlt_service = (uint16_t)service;
	memcpy(a.smlt_name, target, len);
	s = socket(mlt_family(), SOCK_STREAM, 0);
	if (s < 0)
		return die("socket(AF_MINIMALT) (is minimalt.ko loaded?)"), -1;
	if (connect(s, (void *)&a, sizeof(a)))
		return die("connect"), -1;
	return s;
}

static int open_tcp(const char *target)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
	char host[256];
	const char *colon = strrchr(target, ':');
	int s;

	if (!colon || (size_t)(colon - target) >= sizeof(host))
		return die_usage("--tcp takes HOST:PORT"), -1;
	memcpy(host, target, (size_t)(colon - target));
	host[colon - target] = 0;
	if (getaddrinfo(host, colon + 1, &hints, &ai))
		return die_usage("--tcp: cannot resolve HOST:PORT"), -1;
	s = socket(ai->ai_family, SOCK_STREAM, 0);
	if (s < 0 || connect(s, ai->ai_addr, ai->ai_addrlen)) {
		freeaddrinfo(ai);
		return die("tcp connect"), -1;
	}
	freeaddrinfo(ai);
	return s;
}

int main(int argc, char **argv)
{
	const char *target = NULL, *msg = "hello, MinimaLT";
	unsigned long rtt = 0;
	int tcp = 0, json = 0, s, i;
	char reply[4096];
	size_t got = 0, want;
	double t0, t1 = 0;
	ssize_t n;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "-m") && i + 1 < argc) {
			msg = argv[++i];
		} else if (!strcmp(argv[i], "--rtt-ms") && i + 1 < argc) {
			if (parse_num(argv[++i], 1, 600000, &rtt))
				return die_usage("--rtt-ms: 1 to 600000");
		} else if (!strcmp(argv[i], "--tcp") && i + 1 < argc) {
			tcp = 1;
			target = argv[++i];
		} else if (!strcmp(argv[i], "-j")) {
			json = 1;
		} else if (argv[i][0] != '-' && !target) {
			target = argv[i];
		} else {
			usage(stderr);
			return 2;
		}
	}
	want = strlen(msg);
	if (!target || !want || want > sizeof(reply)) {
		usage(stderr);
		return 2;
	}

	t0 = now_ms();
	s = tcp ? open_tcp(target) : open_mlt(target);
	if (s < 0)
		return 1;
	if (write_all(s, msg, want))
		return die("send");
	while (got < want) {
		n = read(s, reply + got, want - got);
		if (n <= 0)
			return n ? die("recv") : die_usage("recv: end of file before the echo");
		if (!got)
			t1 = now_ms();
		got += (size_t)n;
	}
	close(s);
	if (memcmp(reply, msg, want))
		return die_usage("the echo differs from the message");

	if (json) {
		printf("{\"transport\":\"%s\",\"ms\":%.3f", tcp ? "tcp" : "minimalt",
		       t1 - t0);
		if (rtt)
			printf(",\"round_trips\":%.3f", (t1 - t0) / (double)rtt);
		printf("}\n");
		return 0;
	}
	printf("reply: %.*s\n", (int)want, reply);
	printf("connect-to-first-byte: %.2f ms", t1 - t0);
	if (rtt)
		printf(" (%.2f round trips of %lu ms)", (t1 - t0) / (double)rtt,
		       rtt);
	printf(" over %s\n", tcp ? "TCP" : "AF_MINIMALT");
	return 0;
}
