// SPDX-License-Identifier: GPL-2.0
/*
 * mlt-echo-client: connect, send a message, print the echo and the time
 * from connect() to the first byte of the reply, in milliseconds and, given
 * the link's round-trip time, in round trips.
 *
 *   mlt-echo-client NAME[:SERVICE] [options]
 *   mlt-echo-client --explicit ADDR IDENTITY EPH [options]
 *   mlt-echo-client --tcp HOST:PORT [options]
 *
 * The clock starts just before socket() in every mode, the address being
 * ready: for TCP the time includes the handshake, for MinimaLT the tunnel's
 * first datagram carries the message.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <linux/minimalt.h>

#include "common.h"

#define MSG_MAX		4096

enum mode { BY_NAME, EXPLICIT, TCP };

struct target {
	enum mode mode;
	const char *text;	/* as given, for messages */
	struct sockaddr_storage ss;
	socklen_t len;
	int family;
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: mlt-echo-client NAME[:SERVICE] [options]\n"
"       mlt-echo-client --explicit ADDR IDENTITY EPH [options]\n"
"       mlt-echo-client --tcp HOST:PORT [options]\n"
"\n"
"Connect to an echo server (mlt-echo-server), send a message, read it back,\n"
"print it and the time from connect() to the first byte of the reply.\n"
"\n"
"NAME is a directory entry of this namespace (mltctl dir add), SERVICE the\n"
"MinimaLT service (default 7). With --explicit the server is given without\n"
"the directory: ADDR its IPv4 or IPv6 address, IDENTITY its identity key\n"
"and EPH a current ephemeral key, both base64 as mltctl prints them. With\n"
"--tcp the same exchange runs over TCP, as a baseline.\n"
"\n"
"  -s SERVICE      the MinimaLT service (default 7, or NAME's :SERVICE)\n"
"  --udp-port PORT the server's MinimaLT UDP port, --explicit only\n"
"                  (default 4747)\n"
"  -m MESSAGE      what to send, 1 to %d bytes (default \"hello, MinimaLT\")\n"
"  --rtt-ms MS     the link's round-trip time: also print the time in round\n"
"                  trips of MS milliseconds\n"
"  -t SECONDS      give up when no reply came in SECONDS (default 10)\n"
"  -n COUNT        send the message COUNT times on the one connection,\n"
"                  each echo checked (default 1)\n"
"  -i MS           wait MS milliseconds between two sends (default 0)\n"
"  -j              one JSON line instead of text:\n"
"                  {\"transport\":..., \"connect_ms\":..., \"ms\":...,\n"
"                   \"round_trips\":...}\n"
"  -h, --help      this text\n"
"\n"
"The clock starts just before socket(): for TCP the time includes the\n"
"handshake; for MinimaLT connect() returns at once and the message travels\n"
"in the tunnel's first datagram, so one round trip is the least possible\n"
"(plus the tunnel's key agreement, when no tunnel to the server existed).\n"
"\n"
"Exit status: 0 when the echo matched, 1 when a call failed or the echo\n"
"differed (the message names the step), 2 on a usage error.\n", MSG_MAX);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* NAME[:SERVICE]; *service keeps its value when there is no ":SERVICE". */
static int parse_name(struct target *t, const char *s, unsigned long *service)
{
	struct sockaddr_mlt *a = (struct sockaddr_mlt *)&t->ss;
	const char *colon = strrchr(s, ':');
	size_t len = colon ? (size_t)(colon - s) : strlen(s);

	if (colon && parse_num(colon + 1, 1, 65535, service))
		return die_usage("NAME:SERVICE: a service is 1 to 65535"), -1;
	if (!len || len >= sizeof(a->smlt_name))
		return die_usage("the name is empty or too long"), -1;
	memcpy(a->smlt_name, s, len);
	return 0;
}

static int parse_explicit(struct target *t, char **arg, unsigned long udp_port)
{
	struct sockaddr_mlt *a = (struct sockaddr_mlt *)&t->ss;
	struct mlt_explicit_addr *e = &a->smlt_explicit;
	struct in_addr a4;

	a->smlt_flags = MLT_ADDR_F_EXPLICIT;
	if (inet_pton(AF_INET6, arg[0], e->addr) != 1) {
		if (inet_pton(AF_INET, arg[0], &a4) != 1)
			return die_usage("--explicit: ADDR is not an IP address"), -1;
		/* IPv4 as ::ffff:a.b.c.d */
		memset(e->addr, 0, 10);
		memset(e->addr + 10, 0xff, 2);
		memcpy(e->addr + 12, &a4, 4);
	}
	if (key_from_base64(arg[1], e->identity))
		return die_usage("--explicit: IDENTITY is not a 44-character base64 key"), -1;
	if (key_from_base64(arg[2], e->eph_key))
		return die_usage("--explicit: EPH is not a 44-character base64 key"), -1;
	e->port = (uint16_t)udp_port;
	return 0;
}

/* HOST:PORT or [IPV6]:PORT, resolved before the clock starts. */
static int parse_tcp(struct target *t, const char *s)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
	const char *colon = strrchr(s, ':');
	char host[256];
	size_t len;
	int err;

	if (!colon)
		return die_usage("--tcp takes HOST:PORT"), -1;
	len = (size_t)(colon - s);
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	if (!len || len >= sizeof(host))
		return die_usage("--tcp takes HOST:PORT"), -1;
	memcpy(host, s, len);
	host[len] = 0;
	err = getaddrinfo(host, colon + 1, &hints, &ai);
	if (err) {
		fprintf(stderr, "--tcp %s: %s\n", t->text, gai_strerror(err));
		return -1;
	}
	memcpy(&t->ss, ai->ai_addr, ai->ai_addrlen);
	t->len = ai->ai_addrlen;
	t->family = ai->ai_family;
	freeaddrinfo(ai);
	return 0;
}

/* What a failed call most likely means, for the message. */
static const char *hint(enum mode mode, int err)
{
	if (mode == TCP)
		return "";
	switch (err) {
	case EHOSTUNREACH:
		return " (no directory entry of that name and no resolver: see mltctl dir show; is namecoind-helper running?)";
	case ECONNREFUSED:
		return " (the server has no listener on that service)";
	case ETIMEDOUT:
		return " (the server, or the resolver, does not answer)";
	case ENOENT:
		return " (the resolver says: no such name)";
	case EKEYEXPIRED:
		return " (the resolver says: the name expired)";
	case ENOKEY:
		return " (the resolver says: the name publishes no MinimaLT keys)";
	case EKEYREJECTED:
		return " (the resolver says: the name's MinimaLT record is malformed)";
	case ENETDOWN:
		return " (the resolver cannot reach its name service)";
	case EAFNOSUPPORT:
		return " (is minimalt.ko loaded? modprobe minimalt)";
	default:
		return "";
	}
}

static int fail(const struct target *t, const char *step)
{
	int err = errno;

	if (err == EAGAIN || err == EWOULDBLOCK || err == EINPROGRESS) {
		fprintf(stderr, "mlt-echo-client: %s: %s: timed out (-t)\n",
			t->text, step);
		return 1;
	}
	fprintf(stderr, "mlt-echo-client: %s: %s: %s%s\n", t->text, step,
		strerror(err), hint(t->mode, err));
	return 1;
}

int main(int argc, char **argv)
{
	static const char *names[] = { "minimalt", "minimalt", "tcp" };
	struct target t = { .mode = BY_NAME };
	const char *msg = "hello, MinimaLT";
	char **explicit_args = NULL;
	unsigned long rtt = 0, service = 7, udp_port = 4747, timeout = 10;
	unsigned long count = 1, interval = 0, round;
	int json = 0, s, i;
	char reply[MSG_MAX];
	size_t got = 0, want;
	double t0, tc, t1 = 0;
	struct timeval tv;
	ssize_t n;

	for (i = 1; i < argc; i++) {
		const char *o = argv[i];
		int more = i + 1 < argc;

		if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(o, "-m") && more) {
			msg = argv[++i];
		} else if (!strcmp(o, "-s") && more) {
			if (parse_num(argv[++i], 1, 65535, &service))
				return die_usage("-s: a service is 1 to 65535");
		} else if (!strcmp(o, "--udp-port") && more) {
			if (parse_num(argv[++i], 1, 65535, &udp_port))
				return die_usage("--udp-port: 1 to 65535");
		} else if (!strcmp(o, "--rtt-ms") && more) {
			if (parse_num(argv[++i], 1, 600000, &rtt))
				return die_usage("--rtt-ms: 1 to 600000");
		} else if (!strcmp(o, "-t") && more) {
			if (parse_num(argv[++i], 1, 3600, &timeout))
				return die_usage("-t: 1 to 3600 seconds");
		} else if (!strcmp(o, "-n") && more) {
			if (parse_num(argv[++i], 1, 1000000, &count))
				return die_usage("-n: 1 to 1000000 messages");
		} else if (!strcmp(o, "-i") && more) {
			if (parse_num(argv[++i], 0, 3600000, &interval))
				return die_usage("-i: 0 to 3600000 ms");
		} else if (!strcmp(o, "--tcp") && more && !t.text) {
			t.mode = TCP;
			t.text = argv[++i];
		} else if (!strcmp(o, "--explicit") && i + 3 < argc && !t.text) {
			t.mode = EXPLICIT;
			t.text = argv[i + 1];
			explicit_args = &argv[i + 1];
			i += 3;
		} else if (!strcmp(o, "-j")) {
			json = 1;
		} else if (o[0] != '-' && !t.text) {
			t.text = o;
		} else {
			usage(stderr);
			return 2;
		}
	}
	want = strlen(msg);
	if (!t.text || !want || want > sizeof(reply)) {
		usage(stderr);
		return 2;
	}

	/* The address, complete before the clock starts. */
	if (t.mode == TCP) {
		if (parse_tcp(&t, t.text))
			return 2;
	} else {
		struct sockaddr_mlt *a = (struct sockaddr_mlt *)&t.ss;

		t.family = mlt_family();
		t.len = sizeof(*a);
		if (t.mode == BY_NAME ? parse_name(&t, t.text, &service) :
		    parse_explicit(&t, explicit_args, udp_port))
			return 2;
		a->smlt_family = (__kernel_sa_family_t)t.family;
		a->smlt_service = (uint16_t)service;
	}

	t0 = now_ms();
	s = socket(t.family, SOCK_STREAM, 0);
	if (s < 0)
		return fail(&t, "socket");
	tv.tv_sec = (time_t)timeout;
	tv.tv_usec = 0;
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(s, (struct sockaddr *)&t.ss, t.len))
		return fail(&t, "connect");
	tc = now_ms();
	for (round = 0; round < count; round++) {
		if (round && interval)
			usleep((useconds_t)(interval * 1000));
		if (write_all(s, msg, want))
			return fail(&t, "send");
		for (got = 0; got < want; got += (size_t)n) {
			n = read(s, reply + got, want - got);
			if (n < 0 && errno == EINTR) {
				n = 0;
				continue;
			}
			if (n < 0)
				return fail(&t, "recv");
			if (n == 0) {
				fprintf(stderr, "mlt-echo-client: %s: recv: end of file after %zu of %zu bytes\n",
					t.text, got, want);
				return 1;
			}
			if (!got && !round)
				t1 = now_ms();
		}
		if (memcmp(reply, msg, want)) {
			fprintf(stderr, "mlt-echo-client: %s: echo %lu differs from the message\n",
				t.text, round + 1);
			return 1;
		}
	}
	if (close(s))
		return fail(&t, "close");

	if (json) {
		printf("{\"transport\":\"%s\",\"connect_ms\":%.3f,\"ms\":%.3f",
		       names[t.mode], tc - t0, t1 - t0);
		if (rtt)
			printf(",\"rtt_ms\":%lu,\"round_trips\":%.3f", rtt,
			       (t1 - t0) / (double)rtt);
		printf("}\n");
		return 0;
	}
	printf("reply: %.*s\n", (int)want, reply);
	printf("connect() returned after %.2f ms\n", tc - t0);
	printf("connect-to-first-byte: %.2f ms", t1 - t0);
	if (rtt)
		printf(" (%.2f round trips of %lu ms)", (t1 - t0) / (double)rtt,
		       rtt);
	printf(" over %s\n", t.mode == TCP ? "TCP" : "AF_MINIMALT");
	return 0;
}
