// SPDX-License-Identifier: GPL-2.0
/*
 * Tunnels and connections between namespaces (set up by mlt_transport.sh,
 * which exports their names, unique to the run, in NS_S and NS_C1..3):
 * echo over IPv4 and IPv6, bulk transfers checked by SHA-256, many
 * connections on one tunnel, refusal, half-close, close with data in
 * flight, nonblocking use with epoll, a restarting server, a vanished
 * peer, flow control per connection, the wire seen from outside (no
 * cleartext, data in the opening datagram), garbage on the port, the
 * socket calls' details, and the choice among an entry's addresses.
 *
 * Each test forks a server in $NS_S and clients in $NS_C*; every child
 * has an alarm, so a broken engine fails a test instead of hanging it,
 * and a child that fails says which step failed on stderr.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <sodium.h>

#include "kselftest_harness.h"
#include "mlt_test.h"
#include "mltnl.h"
#include "util.h"

/* The client namespaces (SRV: mlt_test.h), as mlt_transport.sh exports them. */
#define C1	ns_of("NS_C1")
#define C2	ns_of("NS_C2")
#define C3	ns_of("NS_C3")

/* ---- helpers ---------------------------------------------------------- */

/* Run fn(arg) in a child in namespace @ns: its reap() status. */
static int run_in(const char *ns, int (*fn)(void *), void *arg)
{
	return reap(spawn(ns, fn, arg));
}

/* Read to EOF; 0 if exactly @total pattern bytes of @seed came. */
static int recv_pattern(int s, uint64_t seed, size_t total)
{
	static uint8_t buf[65536], want[65536];
	size_t off = 0;

	for (;;) {
		ssize_t n = recv(s, buf, sizeof(buf), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		if (off + n > total)
			return -2;
		pattern(want, n, seed, off);
		if (memcmp(buf, want, n))
			return -3;
		off += n;
	}
	return off == total ? 0 : -4;
}

static long long stat_of(const char *key)
{
	return ns_stat(NULL, key);
}

/* The tests that shape a link with netem skip without it (NO_NETEM). */
#define NO_PACKET "no AF_PACKET sockets (CONFIG_PACKET)"

/* The capture tests watch the wire through an AF_PACKET socket. */
static bool have_packet_sockets(void)
{
	int s = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));

	if (s < 0)
		return errno != EAFNOSUPPORT;
	close(s);
	return true;
}

static int ns_run(const char *ns, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int ns_run(const char *ns, const char *fmt, ...)
{
	char cmd[512], full[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "ip netns exec %s %s >/dev/null 2>&1",
		 ns, cmd);
	return system(full);
}

/* ---- servers ---------------------------------------------------------- */

struct server {
	struct ready ready;
	uint16_t service;
	int conns;		/* connections to serve, then exit */
};

/* Echo every connection until EOF, @conns of them, several at once. */
static int echo_server(void *arg)
{
	struct server *sv = arg;
	struct pollfd p[1100];
	int n = 1, done = 0, i;
	static char buf[65536];

	p[0].fd = mlt_listen(sv->service, 1024);
	p[0].events = POLLIN;
	if (p[0].fd < 0)
		return child_fail(1, "listen");
	ready_signal(&sv->ready);
	while (done < sv->conns) {
		if (poll(p, n, -1) < 0)
			return child_fail(2, "poll");
		if (p[0].revents & POLLIN) {
			int c = accept(p[0].fd, NULL, NULL);

			if (c < 0 || n == 1100)
				return child_fail(3,
					"accept (or more than 1099 connections)");
			p[n].fd = c;
			p[n].events = POLLIN;
			p[n].revents = 0;
			n++;
		}
		for (i = 1; i < n; i++) {
			ssize_t r;

			if (p[i].fd < 0 || !p[i].revents)
				continue;
			r = recv(p[i].fd, buf, sizeof(buf), MSG_DONTWAIT);
			if (r < 0 && errno == EAGAIN)
				continue;
			if (r <= 0) {
				close(p[i].fd);
				p[i].fd = -1;
				done++;
				continue;
			}
			/* Blocking: the peer reads as it writes. */
			if (write_all(p[i].fd, buf, r))
				return child_fail(4, "echoing back");
		}
	}
	return 0;
}

static pid_t start_server(const char *ns, struct server *sv,
			  int (*fn)(void *))
{
	pid_t pid;

	ready_init(&sv->ready);
	pid = spawn(ns, fn, sv);
	if (ready_wait(&sv->ready)) {
		kill(pid, SIGKILL);
		reap(pid);
		return -1;
	}
	return pid;
}

/* ---- clients ---------------------------------------------------------- */

struct echo_arg {
	const char *name;
	uint16_t service;
	size_t len;
	uint64_t seed;
};

static int echo_client(void *arg)
{
	struct echo_arg *a = arg;
	static uint8_t buf[65536], got[65536];
	int s = mlt_connect(a->name, a->service);

	if (s < 0)
		return child_fail(10, "connect");
	pattern(buf, a->len, a->seed, 0);
	if (write_all(s, buf, a->len))
		return child_fail(11, "send");
	if (read_full(s, got, a->len) != (ssize_t)a->len)
		return child_fail(12, "reading the echo in full");
	if (memcmp(buf, got, a->len))
		return child_fail(13, "the echo differs from what was sent");
	close(s);
	return 0;
}

/* The processes a test started; teardown kills those still running. */
FIXTURE(net) {
	pid_t server;
	pid_t client;
	struct server sv;
};

FIXTURE_SETUP(net)
{
	self->server = 0;
	self->client = 0;
	memset(&self->sv, 0, sizeof(self->sv));
}

FIXTURE_TEARDOWN(net)
{
	if (self->server > 0) {
		kill(self->server, SIGKILL);
		reap(self->server);
	}
	if (self->client > 0) {
		kill(self->client, SIGKILL);
		reap(self->client);
	}
}

/* The first packet: on a tunnel never seen, the opening datagram carries
 * the create and the data; the server has them before any other datagram.
 */
struct first_arg {
	struct ready ready;
	int result;
};

static int first_packet_server(void *arg)
{
	struct first_arg *fa = arg;
	struct sockaddr_ll sll = { 0 };
	uint8_t pkt[2048];
	char buf[256];
	int l, c, ps, opening = 0, other = 0;
	ssize_t n;

	ps = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	if (ps < 0)
		return child_fail(20, "socket(AF_PACKET)");
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IP);
	sll.sll_ifindex = if_nametoindex("vs3");
	if (bind(ps, (void *)&sll, sizeof(sll)))
		return child_fail(21, "bind the packet socket to vs3");
	l = mlt_listen(11, 4);
	if (l < 0)
		return child_fail(22, "listen");
	ready_signal(&fa->ready);
	c = accept(l, NULL, NULL);
	if (c < 0)
		return child_fail(23, "accept");
	n = recv(c, buf, sizeof(buf), MSG_DONTWAIT);
	if (n != 100)
		return child_fail(24,
			"recv of the 100 bytes sent with the opening");
	/*
	 * Every datagram from the client so far. A tap bound to a device sees
	 * a packet after the stack did: let it catch up, well within the
	 * client's first retransmission timeout.
	 */
	usleep(200000);
	while ((n = recv(ps, pkt, sizeof(pkt), MSG_DONTWAIT)) > 0) {
		struct iphdr *ip = (void *)pkt;
		struct udphdr *udp = (void *)(pkt + ip->ihl * 4);
		uint8_t *payload = (uint8_t *)(udp + 1);

		if (ip->protocol != IPPROTO_UDP ||
		    ip->saddr != inet_addr("10.9.2.1") ||
		    udp->dest != htons(MLT_PORT))
			continue;
		if (ntohs(udp->len) - 8 == 1232 && (payload[0] & 0x80))
			opening++;
		else
			other++;
	}
	if (opening != 1 || other)
		return child_failf(40 + opening * 10 + other,
				   "%d opening and %d other datagrams came, not 1 and 0",
				   opening, other);
	return 0;
}

static int first_packet_client(void *arg)
{
	char buf[100];
	int s = mlt_connect("srv.test", 11);

	(void)arg;
	if (s < 0)
		return child_fail(30, "connect");
	memset(buf, 'q', sizeof(buf));
	if (send(s, buf, sizeof(buf), 0) != sizeof(buf))
		return child_fail(31, "send");
	sleep(3);
	return 0;
}

TEST_F(net, data_in_the_opening_datagram)
{
	struct first_arg fa;
	int ready;

	if (!have_netem())
		SKIP(return, NO_NETEM);
	if (!have_packet_sockets())
		SKIP(return, NO_PACKET);

	/* The server's answers are lost: the client sends nothing else
	 * (its first retransmission waits MLT_RTO_INITIAL_MS).
	 */
	ASSERT_EQ(0, ns_run(SRV, "tc qdisc add dev vs3 root netem loss 100%%"));
	ready_init(&fa.ready);
	self->server = spawn(SRV, first_packet_server, &fa);
	ready = ready_wait(&fa.ready);
	EXPECT_EQ(0, ready);
	if (!ready) {
		self->client = spawn(C3, first_packet_client, NULL);
		EXPECT_EQ(0, reap(self->server));
		self->server = 0;
	}
	/* Teardown kills the client, which sleeps. */
	ns_run(SRV, "tc qdisc del dev vs3 root");
}

TEST_F(net, echo_ipv4)
{
	struct echo_arg a = { "srv.test", 7, 1000, 1 };

	self->sv.service = 7;
	self->sv.conns = 1;
	self->server = start_server(SRV, &self->sv, echo_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(C1, echo_client, &a));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
}

TEST_F(net, echo_ipv6)
{
	struct echo_arg a = { "srv6.test", 7, 3000, 2 };

	self->sv.service = 7;
	self->sv.conns = 1;
	self->server = start_server(SRV, &self->sv, echo_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(C1, echo_client, &a));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
}

TEST_F(net, no_directory_entry_is_unreachable)
{
	struct sockaddr_mlt a = name_addr("nowhere.test", 7);
	int s = mlt_socket();

	ASSERT_LE(0, s);
	ASSERT_EQ(-1, connect(s, (void *)&a, sizeof(a)));
	EXPECT_EQ(EHOSTUNREACH, errno);
	close(s);
}

/*
 * 16 MiB each way, SHA-256 on both ends; a sixteenth of that on the debug
 * kernel (MLT_SLOW), where KASAN makes every byte slow.
 */
static size_t bulk_scaled(size_t bytes)
{
	return getenv("MLT_SLOW") ? bytes / 16 : bytes;
}

#define BULK	bulk_scaled(16u << 20)

static int bulk_server(void *arg)
{
	struct server *sv = arg;
	uint8_t want[32], got[32];
	int l = mlt_listen(sv->service, 4), c;

	if (l < 0)
		return child_fail(40, "listen");
	ready_signal(&sv->ready);
	c = accept(l, NULL, NULL);
	if (c < 0)
		return child_fail(41, "accept");
	if (recv_sha(c, got) != (ssize_t)BULK)
		return child_fail(42, "recv to EOF: not the full transfer");
	pattern_sha(want, 11, BULK);
	if (memcmp(want, got, 32))
		return child_fail(43, "SHA-256 of what came differs");
	if (send_pattern(c, 12, BULK))
		return child_fail(44, "sending the reply stream");
	close(c);
	return 0;
}

static int bulk_client(void *arg)
{
	uint8_t want[32], got[32];
	int s = mlt_connect("srv.test", 8);

	(void)arg;
	if (s < 0)
		return child_fail(50, "connect");
	if (send_pattern(s, 11, BULK))
		return child_fail(51, "sending the stream");
	if (shutdown(s, SHUT_WR))
		return child_fail(52, "shutdown(SHUT_WR)");
	if (recv_sha(s, got) != (ssize_t)BULK)
		return child_fail(53, "recv to EOF: not the full reply");
	pattern_sha(want, 12, BULK);
	if (memcmp(want, got, 32))
		return child_fail(54, "SHA-256 of the reply differs");
	return 0;
}

TEST_F_TIMEOUT(net, sha256_16mib_each_way, 180)
{
	self->sv.service = 8;
	self->server = start_server(SRV, &self->sv, bulk_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(C1, bulk_client, NULL));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
}

/*
 * Receive buffer autotuning: over a 100 ms round trip, a reader that keeps
 * up gets a larger buffer than the default it started with (and so a
 * larger window); a socket whose SO_RCVBUF was set keeps it. On a debug
 * kernel (MLT_SLOW) the round trip is 200 ms and the transfer 2 MiB: the
 * buffer grows once a round trip carries more than a third of it, which
 * the slow CPU reaches only with a longer path and a longer transfer.
 */
#define AUTOTUNE	(getenv("MLT_SLOW") ? 2u << 20 : 8u << 20)
#define AUTOTUNE_DELAY	(getenv("MLT_SLOW") ? 100 : 50)

static int autotune_server(void *arg)
{
	struct server *sv = arg;
	int l = mlt_listen(sv->service, 4), c, i, before, after, fixed = 0;
	socklen_t len = sizeof(int);
	uint8_t got[32];

	if (l < 0)
		return child_fail(60, "listen");
	ready_signal(&sv->ready);
	for (i = 0; i < 2; i++) {
		c = accept(l, NULL, NULL);
		if (c < 0)
			return child_fail(61, "accept");
		if (i == 1) {
			fixed = 128 << 10;
			setsockopt(c, SOL_SOCKET, SO_RCVBUF, &fixed,
				   sizeof(fixed));
		}
		getsockopt(c, SOL_SOCKET, SO_RCVBUF, &before, &len);
		if (recv_sha(c, got) != (ssize_t)AUTOTUNE)
			return child_fail(62, "recv to EOF: not the full transfer");
		getsockopt(c, SOL_SOCKET, SO_RCVBUF, &after, &len);
		fprintf(stderr, "# SO_RCVBUF %d -> %d%s\n", before, after,
			fixed ? " (set by the application)" : "");
		if (!fixed && after <= before)
			return child_failf(63, "SO_RCVBUF stayed %d", after);
		if (fixed && after != before)
			return child_failf(64, "SO_RCVBUF %d set, now %d", before,
					   after);
		close(c);
	}
	return 0;
}

static int autotune_client(void *arg)
{
	int i, s;

	(void)arg;
	for (i = 0; i < 2; i++) {
		s = mlt_connect("srv.test", 19);
		if (s < 0)
			return child_fail(65, "connect");
		if (send_pattern(s, 73, AUTOTUNE) || shutdown(s, SHUT_WR))
			return child_fail(66, "sending the stream");
		close(s);
	}
	return 0;
}

TEST_F_TIMEOUT(net, receive_buffer_grows_with_the_reader, 180)
{
	if (!have_netem())
		SKIP(return, NO_NETEM);

	ASSERT_EQ(0, ns_run(C2, "tc qdisc add dev vc2 root netem delay %dms",
			    AUTOTUNE_DELAY));
	ASSERT_EQ(0, ns_run(SRV, "tc qdisc add dev vs2 root netem delay %dms",
			    AUTOTUNE_DELAY));
	self->sv.service = 19;
	self->server = start_server(SRV, &self->sv, autotune_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(C2, autotune_client, NULL));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
	ns_run(C2, "tc qdisc del dev vc2 root");
	ns_run(SRV, "tc qdisc del dev vs2 root");
}

/*
 * Fairness inside a tunnel: while one connection sends in bulk, another on
 * the same tunnel still gets its small requests answered within a few
 * datagrams' time (the round-robin scheduler of send.c), not after the
 * bulk connection's queue. The server echoes the first connection and
 * discards the second.
 *
 * The client's link is a bottleneck of FAIR_RATE with a queue of
 * FAIR_QUEUE datagrams (netem's limit counts those it delays too), well
 * below what the emulated CPUs can decrypt: without one, the bottleneck
 * is the receiver's CPU, whose queue (the veth backlog, 1000 datagrams)
 * a loss-based congestion control fills, as it would for TCP, and a
 * request waits there behind it (measured 206 ms in one run of 6.12,
 * 2026-12-03). At 10 Mbit/s a datagram takes about 1 ms, the queue at
 * most about 40 ms, and the bulk connection's send buffer (forced to
 * 1 MiB, which the kernel doubles) more than a second: a request behind
 * it fails the bound.
 */
#define FAIR_RATE	"10mbit"
#define FAIR_QUEUE	40
#define FAIR_SNDBUF	(1 << 20)

static int fair_server(void *arg)
{
	struct server *sv = arg;
	static char buf[65536];
	struct pollfd p[3];
	int i, open = 2;
	ssize_t n;

	p[0] = (struct pollfd){ .fd = mlt_listen(sv->service, 4),
				.events = POLLIN };
	if (p[0].fd < 0)
		return child_fail(70, "listen");
	p[1] = (struct pollfd){ .fd = -1, .events = POLLIN };
	p[2] = (struct pollfd){ .fd = -1, .events = POLLIN };
	ready_signal(&sv->ready);
	for (i = 1; open; ) {
		if (poll(p, 3, 30000) <= 0)
			return child_fail(72, "poll");
		if (p[0].revents && i < 3) {
			p[i].fd = accept(p[0].fd, NULL, NULL);
			if (p[i++].fd < 0)
				return child_fail(71, "accept");
		}
		if (p[1].fd >= 0 && p[1].revents) {
			n = read(p[1].fd, buf, sizeof(buf));
			if (n <= 0) {
				p[1].fd = -1;
				open--;
			} else if (write_all(p[1].fd, buf, n)) {
				return child_fail(73, "echo");
			}
		}
		if (p[2].fd >= 0 && p[2].revents &&
		    read(p[2].fd, buf, sizeof(buf)) <= 0) {
			p[2].fd = -1;
			open--;
		}
	}
	return 0;
}

/* The median round trip of @n 100-byte requests on @s, in microseconds. */
static long fair_median_us(int s, int n)
{
	long us[64];
	char buf[100] = { 0 };
	int i, j;

	for (i = 0; i < n && i < 64; i++) {
		struct timespec t0, t1;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (write_all(s, buf, sizeof(buf)) ||
		    read_full(s, buf, sizeof(buf)) != sizeof(buf))
			return -1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		us[i] = (t1.tv_sec - t0.tv_sec) * 1000000L +
			(t1.tv_nsec - t0.tv_nsec) / 1000;
		for (j = i; j > 0 && us[j - 1] > us[j]; j--) {
			long x = us[j];

			us[j] = us[j - 1];
			us[j - 1] = x;
		}
	}
	return us[i / 2];
}

static int fair_client(void *arg)
{
	int e = mlt_connect("srv.test", 20), b, stop[2];
	static char buf[65536];
	long idle, busy;
	pid_t bulk;

	(void)arg;
	if (e < 0 || (idle = fair_median_us(e, 21)) < 0)
		return child_fail(74, "requests on the idle tunnel");
	b = mlt_connect("srv.test", 20);
	if (b < 0 || pipe(stop) ||
	    setsockopt(b, SOL_SOCKET, SO_SNDBUFFORCE, &(int){ FAIR_SNDBUF },
		       sizeof(int)))
		return child_fail(75, "connect the bulk connection");
	bulk = fork();
	if (bulk == 0) {
		fcntl(stop[0], F_SETFL, O_NONBLOCK);
		while (read(stop[0], buf, 1) < 0 && !write_all(b, buf, sizeof(buf)))
			;
		_exit(0);
	}
	sleep(1);	/* the bulk connection fills its windows */
	busy = fair_median_us(e, 21);
	if (write(stop[1], "x", 1) != 1)
		return child_fail(76, "stop the bulk sender");
	close(b);
	reap(bulk);
	close(e);
	fprintf(stderr, "# request round trip: %ld us idle, %ld us beside bulk\n",
		idle, busy);
	if (busy < 0)
		return child_fail(77, "requests beside the bulk connection");
	/* Behind the bulk queue would be seconds; a fair share, the
	 * bottleneck's queue and a few datagrams, or on a debug kernel the
	 * queue that its slow CPU builds (measured 300 to 715 ms there
	 * without the bottleneck, 2026-12-02).
	 */
	if (busy > idle + (getenv("MLT_SLOW") ? 1000000 : 100000))
		return child_failf(78, "%ld us beside bulk, %ld us idle", busy,
				   idle);
	return 0;
}

TEST_F_TIMEOUT(net, bulk_does_not_delay_requests_on_its_tunnel, 120)
{
	if (!have_netem())
		SKIP(return, NO_NETEM);

	ASSERT_EQ(0, ns_run(C1, "tc qdisc add dev vc1 root netem delay 10ms rate %s limit %d",
			    FAIR_RATE, FAIR_QUEUE));
	ASSERT_EQ(0, ns_run(SRV, "tc qdisc add dev vs1 root netem delay 10ms"));
	self->sv.service = 20;
	self->server = start_server(SRV, &self->sv, fair_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(C1, fair_client, NULL));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
	ns_run(C1, "tc qdisc del dev vc1 root");
	ns_run(SRV, "tc qdisc del dev vs1 root");
}

/* Loss, reordering, duplication and corruption on the link (netem both
 * ways): retransmission and reordering deliver every byte, in order.
 */
/*
 * A quarter of it on a debug kernel, not a sixteenth: at 3% loss, 64 KiB
 * (some 90 datagrams both ways) crossed the link without a loss about
 * one run in 17, and the test saw no retransmission.
 */
#define LOSSY	(getenv("MLT_SLOW") ? (256u << 10) : (1u << 20))

static int lossy_server(void *arg)
{
	struct server *sv = arg;
	int l = mlt_listen(sv->service, 4), c;

	if (l < 0)
		return child_fail(45, "listen");
	ready_signal(&sv->ready);
	c = accept(l, NULL, NULL);
	if (c < 0 || recv_pattern(c, 71, LOSSY))
		return child_fail(46,
			"accept, or the stream that came is wrong");
	if (send_pattern(c, 72, LOSSY))
		return child_fail(47, "sending the reply stream");
	close(c);
	return 0;
}

static int lossy_client(void *arg)
{
	int s = mlt_connect("srv.test", 18);

	(void)arg;
	if (s < 0)
		return child_fail(55, "connect");
	if (send_pattern(s, 71, LOSSY) || shutdown(s, SHUT_WR))
		return child_fail(56,
			"sending the stream, or shutdown(SHUT_WR)");
	if (recv_pattern(s, 72, LOSSY))
		return child_fail(57, "receiving the reply stream");
	return 0;
}

TEST_F_TIMEOUT(net, lossy_link_delivers_everything, 180)
{
	long long before = ns_stat(C2, "retransmits");
	static const char netem[] =
		"netem delay 5ms 2ms loss 3% duplicate 1% corrupt 1% "
		"reorder 10% 50%";

	if (!have_netem())
		SKIP(return, NO_NETEM);

	ASSERT_EQ(0, ns_run(C2, "tc qdisc add dev vc2 root %s", netem));
	ASSERT_EQ(0, ns_run(SRV, "tc qdisc add dev vs2 root %s", netem));
	self->sv.service = 18;
	self->server = start_server(SRV, &self->sv, lossy_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(C2, lossy_client, NULL));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
	ns_run(C2, "tc qdisc del dev vc2 root");
	ns_run(SRV, "tc qdisc del dev vs2 root");
	/* Losses were repaired by retransmission, not by luck. */
	EXPECT_LT(before, ns_stat(C2, "retransmits"));
}

/* 100 connections at once, on one tunnel. */
static int hundred_client(void *arg)
{
	int s[100], i;
	long long opened = stat_of("tunnels_opened");
	char buf[16];

	(void)arg;
	for (i = 0; i < 100; i++) {
		s[i] = mlt_connect("srv.test", 9);
		if (s[i] < 0)
			return child_fail(60, "connect");
		snprintf(buf, sizeof(buf), "conn %03d", i);
		if (write_all(s[i], buf, 8))
			return child_fail(61, "send");
	}
	for (i = 0; i < 100; i++) {
		char want[16];

		snprintf(want, sizeof(want), "conn %03d", i);
		if (read_full(s[i], buf, 8) != 8 || memcmp(buf, want, 8))
			return child_fail(62,
				"reading the echo of one connection");
	}
	if (stat_of("conns") != 100)
		return child_fail(63, "\"conns\" in mltctl show is not 100");
	if (stat_of("tunnels_opened") - opened > 1)
		return child_fail(64,
			"more than one tunnel opened for 100 connections");
	for (i = 0; i < 100; i++)
		close(s[i]);
	return 0;
}

TEST_F_TIMEOUT(net, hundred_connections_one_tunnel, 120)
{
	long long opened = ns_stat(SRV, "tunnels_opened");

	ASSERT_LE(0, opened);
	self->sv.service = 9;
	self->sv.conns = 100;
	self->server = start_server(SRV, &self->sv, echo_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(C1, hundred_client, NULL));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
	/* The server saw one tunnel at most (none if mlt-c1's was alive). */
	EXPECT_GE(opened + 1, ns_stat(SRV, "tunnels_opened"));
}

TEST_F(net, two_clients_one_server)
{
	struct echo_arg a = { "srv.test", 7, 60000, 3 };
	struct echo_arg b = { "srv.test", 7, 60000, 4 };
	pid_t c1, c2;

	self->sv.service = 7;
	self->sv.conns = 2;
	self->server = start_server(SRV, &self->sv, echo_server);
	ASSERT_LT(0, self->server);
	c1 = spawn(C1, echo_client, &a);
	c2 = spawn(C2, echo_client, &b);
	EXPECT_EQ(0, reap(c1));
	EXPECT_EQ(0, reap(c2));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
}

/* Wait up to 10 s for poll to report both EPOLLERR and EPOLLHUP. */
static int wait_err_hup(int s)
{
	struct pollfd p = { .fd = s, .events = POLLIN | POLLOUT };
	int i;

	for (i = 0; i < 100; i++) {
		if (poll(&p, 1, 100) < 0)
			return -1;
		if ((p.revents & (POLLERR | POLLHUP)) == (POLLERR | POLLHUP))
			return 0;
	}
	return -1;
}

static int refused_client(void *arg)
{
	char buf[8];
	int s = mlt_connect("srv.test", 999), t;

	(void)arg;
	if (s < 0)
		return child_fail(70, "connect");
	if (send(s, "knock", 5, MSG_NOSIGNAL) != 5)
		return child_fail(71, "send before the refusal");
	if (recv(s, buf, sizeof(buf), 0) != -1 || errno != ECONNREFUSED)
		return child_fail(72, "recv: expected ECONNREFUSED");
	/* Refused for good: writing fails too, and poll says hang-up. */
	if (send(s, "x", 1, MSG_NOSIGNAL) != -1 ||
	    (errno != EPIPE && errno != ECONNREFUSED))
		return child_fail(73,
			"send after the refusal: expected EPIPE or ECONNREFUSED");
	{
		struct pollfd p = { .fd = s, .events = POLLIN | POLLOUT };

		if (poll(&p, 1, 0) != 1 || !(p.revents & POLLHUP))
			return child_fail(74,
				"poll after the refusal: expected POLLHUP");
	}
	close(s);
	/* The refusal reaches a sender too: poll first, then send. */
	t = mlt_connect("srv.test", 999);
	if (t < 0 || send(t, "knock", 5, MSG_NOSIGNAL) != 5)
		return child_fail(75, "second connect or its send");
	if (wait_err_hup(t))
		return child_fail(76, "poll: no POLLERR|POLLHUP within 10 s");
	if (send(t, "x", 1, MSG_NOSIGNAL) != -1 || errno != ECONNREFUSED)
		return child_fail(77,
			"send after POLLERR: expected ECONNREFUSED");
	close(t);
	return 0;
}

TEST_F(net, refused_without_listener)
{
	EXPECT_EQ(0, run_in(C1, refused_client, NULL));
}

static int half_close_server(void *arg)
{
	struct server *sv = arg;
	char buf[16];
	int l = mlt_listen(sv->service, 4), c;

	if (l < 0)
		return child_fail(80, "listen");
	ready_signal(&sv->ready);
	c = accept(l, NULL, NULL);
	if (c < 0 || read_full(c, buf, sizeof(buf)) != 3 ||
	    memcmp(buf, "abc", 3))
		return child_fail(81, "accept, or not \"abc\" then EOF");
	if (write_all(c, "after-eof", 9))
		return child_fail(82, "send after EOF");
	close(c);
	return 0;
}

static int half_close_client(void *arg)
{
	char buf[16];
	int s = mlt_connect("srv.test", 12);

	(void)arg;
	if (s < 0 || write_all(s, "abc", 3) || shutdown(s, SHUT_WR))
		return child_fail(83, "connect, send or shutdown(SHUT_WR)");
	if (send(s, "x", 1, MSG_NOSIGNAL) != -1 || errno != EPIPE)
		return child_fail(84, "send after shutdown: expected EPIPE");
	if (read_full(s, buf, sizeof(buf)) != 9 || memcmp(buf, "after-eof", 9))
		return child_fail(85, "reading \"after-eof\" then EOF");
	return 0;
}

TEST_F(net, half_close)
{
	self->sv.service = 12;
	self->server = start_server(SRV, &self->sv, half_close_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(C1, half_close_client, NULL));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
}

/*
 * The end of a stream never overtakes its last bytes: the peer's bytes and
 * its FIN arrive (often in one datagram) while the reader spins in
 * recv(MSG_DONTWAIT), between its look at the queue and its look at the
 * end. EOF must come after every byte, on each of EOS_CONNS connections.
 */
#define EOS_CONNS	200
#define EOS_BYTES	3000

static int eos_server(void *arg)
{
	struct server *sv = arg;
	static uint8_t buf[EOS_BYTES];
	int l = mlt_listen(sv->service, 16), c, i;
	char x;

	if (l < 0)
		return child_fail(200, "listen");
	ready_signal(&sv->ready);
	for (i = 0; i < EOS_CONNS; i++) {
		c = accept(l, NULL, NULL);
		if (c < 0 || read_full(c, &x, 1) != 1)
			return child_failf(201, "conn %d: accept or its byte", i);
		pattern(buf, sizeof(buf), i, 0);
		if (write_all(c, buf, sizeof(buf)))
			return child_failf(202, "conn %d: send", i);
		close(c);
	}
	return 0;
}

static int eos_client(void *arg)
{
	static uint8_t buf[EOS_BYTES + 1], want[EOS_BYTES];
	int i, s;

	(void)arg;
	for (i = 0; i < EOS_CONNS; i++) {
		size_t got = 0;
		ssize_t n;

		s = mlt_connect("srv.test", 21);
		if (s < 0 || write_all(s, "x", 1))
			return child_failf(203, "conn %d: connect or send", i);
		do {
			n = recv(s, buf + got, sizeof(buf) - got, MSG_DONTWAIT);
			if (n > 0)
				got += n;
		} while (n > 0 || (n < 0 && errno == EAGAIN && got < sizeof(buf)));
		close(s);
		pattern(want, sizeof(want), i, 0);
		if (n < 0)
			return child_failf(204, "conn %d: recv: %s", i,
					   strerror(errno));
		if (got != EOS_BYTES || memcmp(buf, want, EOS_BYTES))
			return child_failf(205, "conn %d: EOF after %zu of %d bytes",
					   i, got, EOS_BYTES);
	}
	return 0;
}

TEST_F_TIMEOUT(net, end_of_stream_after_its_bytes, 300)
{
	int ret;

	self->sv.service = 21;
	self->server = start_server(SRV, &self->sv, eos_server);
	ASSERT_LT(0, self->server);
	ret = run_in(C1, eos_client, NULL);
	EXPECT_EQ(0, ret);
	if (ret) {
		/* What the tunnel's two ends held when it went wrong. */
		char cmd[512];

		snprintf(cmd, sizeof(cmd),
			 "for n in %s %s; do ip netns exec $n %s tunnels; ip netns exec $n %s show -s; done | sed 's/^/# /' >&2",
			 C1, SRV, mltctl(), mltctl());
		if (system(cmd))
			TH_LOG("could not show the tunnels");
	}
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
}

/* close() right after a large write: everything arrives, then EOF. */
static int inflight_server(void *arg)
{
	struct server *sv = arg;
	int l = mlt_listen(sv->service, 4), c;

	if (l < 0)
		return child_fail(90, "listen");
	ready_signal(&sv->ready);
	c = accept(l, NULL, NULL);
	if (c < 0)
		return child_fail(91, "accept");
	if (recv_pattern(c, 21, 1 << 20))
		return child_fail(92, "receiving 1 MiB then EOF");
	return 0;
}

static int inflight_client(void *arg)
{
	int s = mlt_connect("srv.test", 13);

	(void)arg;
	if (s < 0 || send_pattern(s, 21, 1 << 20))
		return child_fail(93, "connect or sending 1 MiB");
	close(s);
	return 0;
}

TEST_F_TIMEOUT(net, close_with_data_in_flight, 120)
{
	self->sv.service = 13;
	self->server = start_server(SRV, &self->sv, inflight_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(C1, inflight_client, NULL));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
}

static int epoll_client(void *arg)
{
	struct epoll_event ev = { .events = EPOLLOUT | EPOLLIN }, out;
	struct sockaddr_mlt a = name_addr("srv.test", 7);
	static uint8_t buf[200000], got[200000];
	size_t sent = 0, recvd = 0;
	int s = mlt_socket(), ep = epoll_create1(0);

	(void)arg;
	if (s < 0 || ep < 0 || fcntl(s, F_SETFL, O_NONBLOCK))
		return child_fail(100, "socket, epoll_create1 or O_NONBLOCK");
	if (connect(s, (void *)&a, sizeof(a)) && errno != EINPROGRESS)
		return child_fail(101, "nonblocking connect");
	if (recv(s, got, 1, 0) != -1 || errno != EAGAIN)
		return child_fail(102, "recv before any data: expected EAGAIN");
	ev.data.fd = s;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev))
		return child_fail(103, "epoll_ctl");
	pattern(buf, sizeof(buf), 31, 0);
	while (recvd < sizeof(buf)) {
		ssize_t n;

		if (epoll_wait(ep, &out, 1, 10000) != 1)
			return child_fail(104,
				"epoll_wait: no event within 10 s");
		if ((out.events & EPOLLOUT) && sent < sizeof(buf)) {
			n = send(s, buf + sent, sizeof(buf) - sent, 0);
			if (n < 0 && errno != EAGAIN)
				return child_fail(105, "send");
			if (n > 0)
				sent += n;
			if (sent == sizeof(buf)) {
				ev.events = EPOLLIN;
				epoll_ctl(ep, EPOLL_CTL_MOD, s, &ev);
			}
		}
		if (out.events & EPOLLIN) {
			n = recv(s, got + recvd, sizeof(got) - recvd, 0);
			if (n < 0 && errno != EAGAIN)
				return child_fail(106, "recv");
			if (n == 0)
				return child_fail(107, "early EOF");
			if (n > 0)
				recvd += n;
		}
	}
	if (memcmp(buf, got, sizeof(buf)))
		return child_fail(108, "the echo differs from what was sent");
	return 0;
}

TEST_F(net, nonblocking_with_epoll)
{
	self->sv.service = 7;
	self->sv.conns = 1;
	self->server = start_server(SRV, &self->sv, echo_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(C1, epoll_client, NULL));
	kill(self->server, SIGKILL);
}

/*
 * A server killed mid-connection and a new one started on the same
 * service: the old connection ends cleanly (EOF or ECONNRESET, then a
 * send fails with ECONNRESET or EPIPE, never a hang), a new one works.
 */
struct restart_arg {
	struct ready pinged;	/* client to parent: the old one works */
	struct ready restarted;	/* parent to client: a new server listens */
};

static int restart_client(void *arg)
{
	struct restart_arg *ra = arg;
	struct echo_arg a = { "srv.test", 14, 500, 5 };
	char buf[16];
	ssize_t n;
	int s = mlt_connect("srv.test", 14), i;

	if (s < 0 || write_all(s, "ping", 4) || read_full(s, buf, 4) != 4)
		return child_fail(110, "connect and ping the first server");
	ready_signal(&ra->pinged);
	if (ready_wait(&ra->restarted))
		return child_fail(111, "waiting for the restarted server");
	n = recv(s, buf, sizeof(buf), 0);	/* EOF or reset, not a hang */
	if (n > 0 || (n < 0 && errno != ECONNRESET))
		return child_fail(112,
			"recv on the old connection: expected EOF or ECONNRESET");
	/* Data for a connection that no longer exists is aborted. */
	for (i = 0; send(s, "x", 1, MSG_NOSIGNAL) == 1; i++) {
		if (i == 50)
			return child_fail(113,
				"send on the old connection still succeeds after 5 s");
		usleep(100000);
	}
	if (errno != ECONNRESET && errno != EPIPE)
		return child_fail(114,
			"send on the old connection: expected ECONNRESET or EPIPE");
	close(s);
	if (echo_client(&a))
		return child_fail(115, "echo through the restarted server");
	return 0;
}

TEST_F(net, server_restart)
{
	struct restart_arg ra;

	ready_init(&ra.pinged);
	ready_init(&ra.restarted);
	self->sv.service = 14;
	self->sv.conns = 1;
	self->server = start_server(SRV, &self->sv, echo_server);
	ASSERT_LT(0, self->server);
	self->client = spawn(C1, restart_client, &ra);
	ASSERT_EQ(0, ready_wait(&ra.pinged));
	kill(self->server, SIGKILL);
	reap(self->server);
	self->server = start_server(SRV, &self->sv, echo_server);
	ASSERT_LT(0, self->server);
	ready_signal(&ra.restarted);
	EXPECT_EQ(0, reap(self->client));
	self->client = 0;
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
}

/* The peer vanishes: ETIMEDOUT after the tunnel timeout, not a hang. */
static int vanish_send(void *arg)
{
	struct timespec t0, t1;
	char buf[16];
	ssize_t n;
	double secs;
	int s = mlt_connect("srv.test", 7);

	(void)arg;
	if (s < 0 || write_all(s, "ping", 4) || read_full(s, buf, 4) != 4)
		return child_fail(120, "connect and ping");
	if (system("tc qdisc add dev vc2 root netem loss 100%"))
		return child_fail(121, "tc qdisc add netem loss 100%");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (write_all(s, "lost", 4))
		return child_fail(122, "send to the vanished peer");
	n = recv(s, buf, sizeof(buf), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	system("tc qdisc del dev vc2 root");
	if (n != -1 || errno != ETIMEDOUT)
		return child_fail(123, "recv: expected ETIMEDOUT");
	secs = t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	/* The timeout is 2 s; the check runs on the retransmission timer. */
	if (secs < 1.5 || secs >= 15)
		return child_failf(124, "ETIMEDOUT after %.1f s, not 1.5 to 15",
				   secs);
	return 0;
}

TEST_F(net, vanished_peer_times_out)
{
	if (!have_netem())
		SKIP(return, NO_NETEM);
	self->sv.service = 7;
	self->sv.conns = 1;
	ASSERT_EQ(0, ns_run(C2, "%s config tunnel-timeout 2000", mltctl()));
	self->server = start_server(SRV, &self->sv, echo_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(C2, vanish_send, NULL));
	EXPECT_LE(1, ns_stat(C2, "tunnels_timed_out"));
	/* Later tests get the default (it also bounds a shut window). */
	EXPECT_EQ(0, ns_run(C2, "%s config tunnel-timeout %d", mltctl(),
			    MLT_TUNNEL_TIMEOUT_DEFAULT));
}

/* The counts in mltctl show, while connections are open. */
static int counts_client(void *arg)
{
	int s[3], i;
	char buf[4];

	(void)arg;
	for (i = 0; i < 3; i++) {
		s[i] = mlt_connect("srv.test", 7);
		if (s[i] < 0 || write_all(s[i], "hey", 3) ||
		    read_full(s[i], buf, 3) != 3)
			return child_fail(130,
				"connect, send or read the echo");
	}
	if (stat_of("conns") != 3 || stat_of("tunnels") < 1)
		return child_fail(131,
			"\"conns\" not 3 or no \"tunnels\" in mltctl show");
	for (i = 0; i < 3; i++)
		close(s[i]);
	usleep(500000);
	if (stat_of("conns") != 0)
		return child_failf(132, "\"conns\" is %lld after close, not 0",
				   stat_of("conns"));
	return 0;
}

TEST_F(net, counts_in_mltctl_show)
{
	self->sv.service = 7;
	self->sv.conns = 3;
	self->server = start_server(SRV, &self->sv, echo_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(C1, counts_client, NULL));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
	EXPECT_LE(1, ns_stat(SRV, "tunnels"));
}

/* No 16-byte window of the payload appears on the wire. */
struct capture {
	struct ready ready;
	int sv_ready[2];
};

static int capture_server(void *arg)
{
	struct capture *cap = arg;
	struct sockaddr_ll sll = { 0 };
	static uint8_t want[65536], pkt[2048], seen[1 << 20];
	size_t seen_len = 0, i;
	int l, c, ps;
	ssize_t n;

	ps = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	if (ps < 0)
		return child_fail(140, "socket(AF_PACKET)");
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IP);
	sll.sll_ifindex = if_nametoindex("vs1");
	if (bind(ps, (void *)&sll, sizeof(sll)))
		return child_fail(141, "bind the packet socket to vs1");
	l = mlt_listen(15, 4);
	if (l < 0)
		return child_fail(142, "listen");
	ready_signal(&cap->ready);
	c = accept(l, NULL, NULL);
	if (c < 0 || recv_pattern(c, 41, sizeof(want)))
		return child_fail(143,
			"accept, or the stream that came is wrong");
	while ((n = recv(ps, pkt, sizeof(pkt), MSG_DONTWAIT)) > 0 &&
	       seen_len + n <= sizeof(seen)) {
		memcpy(seen + seen_len, pkt, n);
		seen_len += n;
	}
	if (seen_len < sizeof(want))
		return child_fail(144,
			"the capture saw less than the transfer");
	pattern(want, sizeof(want), 41, 0);
	for (i = 0; i + 16 <= sizeof(want); i += 16)
		if (memmem(seen, seen_len, want + i, 16))
			return child_fail(145,
				"a 16-byte window of the payload is on the wire");
	return 0;
}

static int capture_client(void *arg)
{
	int s = mlt_connect("srv.test", 15);

	(void)arg;
	if (s < 0 || send_pattern(s, 41, 65536))
		return child_fail(146, "connect or sending the stream");
	close(s);
	return 0;
}

TEST_F(net, no_cleartext_on_the_wire)
{
	struct capture cap;

	if (!have_packet_sockets())
		SKIP(return, NO_PACKET);
	ready_init(&cap.ready);
	self->server = spawn(SRV, capture_server, &cap);
	ASSERT_EQ(0, ready_wait(&cap.ready));
	EXPECT_EQ(0, run_in(C1, capture_client, NULL));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
}

/* Garbage on the UDP port is dropped and counted; a transfer goes on. */
static int garbage_sender(void *arg)
{
	struct sockaddr_in to = { .sin_family = AF_INET,
				  .sin_port = htons(MLT_PORT) };
	uint8_t buf[1500];
	int s = socket(AF_INET, SOCK_DGRAM, 0), i;

	(void)arg;
	to.sin_addr.s_addr = inet_addr("10.9.1.2");
	if (s < 0)
		return child_fail(150, "socket(AF_INET, SOCK_DGRAM)");
	for (i = 0; i < 300; i++) {
		size_t len = 1 + (size_t)randombytes_uniform(sizeof(buf));

		randombytes_buf(buf, len);
		if (i % 3 == 0 && len >= 16)
			buf[0] &= 0x3f;		/* no flags: a plain datagram */
		sendto(s, buf, len, 0, (void *)&to, sizeof(to));
		if (i % 20 == 0)
			usleep(10000);
	}
	return 0;
}

TEST_F_TIMEOUT(net, garbage_dropped_while_transfer_goes_on, 180)
{
	long long before = ns_stat(SRV, "drops");
	pid_t g;

	self->sv.service = 8;
	self->server = start_server(SRV, &self->sv, bulk_server);
	ASSERT_LT(0, self->server);
	g = spawn(C2, garbage_sender, NULL);
	EXPECT_EQ(0, run_in(C1, bulk_client, NULL));
	EXPECT_EQ(0, reap(g));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
	/* Nearly all 300 are dropped: a few may still be in flight. */
	ASSERT_LE(0, before);
	EXPECT_LE(before + 250, ns_stat(SRV, "drops"));
}

/* A reader that stops stalls only its own connection. */
static int stall_server(void *arg)
{
	struct server *sv = arg;
	int l = mlt_listen(sv->service, 4), a, b;
	char c;

	if (l < 0)
		return child_fail(160, "listen");
	ready_signal(&sv->ready);
	a = accept(l, NULL, NULL);
	b = accept(l, NULL, NULL);
	if (a < 0 || b < 0 || read_full(a, &c, 1) != 1 ||
	    read_full(b, &c, 1) != 1)
		return child_fail(161,
			"accept two connections and read their first byte");
	/* a's reader sleeps: these 2 MiB fill its window and wait. */
	if (fork() == 0) {
		close(b);	/* b's EOF must not wait for this child */
		if (send_pattern(a, 51, bulk_scaled(2 << 20)))
			_exit(child_fail(1, "sending a's stream"));
		_exit(0);
	}
	if (send_pattern(b, 52, bulk_scaled(4 << 20)))
		return child_fail(162, "sending b's stream");
	close(b);
	wait(NULL);
	close(a);
	return 0;
}

static int stall_client(void *arg)
{
	int small = 65536, a, b;

	(void)arg;
	a = mlt_socket();
	b = -1;
	if (a < 0 || setsockopt(a, SOL_SOCKET, SO_RCVBUF, &small,
				sizeof(small)))
		return child_fail(170, "socket or SO_RCVBUF");
	{
		struct sockaddr_mlt sa = name_addr("srv.test", 16);

		if (connect(a, (void *)&sa, sizeof(sa)) ||
		    write_all(a, "A", 1))
			return child_fail(171, "connect a, or send a's byte");
	}
	usleep(300000);		/* the server accepts a first */
	b = mlt_connect("srv.test", 16);
	if (b < 0 || write_all(b, "B", 1))
		return child_fail(172, "connect b, or send b's byte");
	if (recv_pattern(b, 52, bulk_scaled(4 << 20)))
		return child_fail(173, "b's stream, while a is not read");
	if (recv_pattern(a, 51, bulk_scaled(2 << 20)))
		return child_fail(174, "a's stream, after b's");
	return 0;
}

TEST_F_TIMEOUT(net, stalled_reader_stalls_only_its_connection, 120)
{
	self->sv.service = 16;
	self->server = start_server(SRV, &self->sv, stall_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(C1, stall_client, NULL));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
}

/* MSG_PEEK, MSG_WAITALL, getsockname/getpeername, EINTR. */
static int calls_server(void *arg)
{
	struct server *sv = arg;
	struct sockaddr_mlt a;
	socklen_t alen = sizeof(a);
	int l = mlt_listen(sv->service, 4), c;

	if (l < 0)
		return child_fail(180, "listen");
	if (getsockname(l, (void *)&a, &alen) || a.smlt_service != 17)
		return child_fail(181,
			"getsockname of the listener: service 17");
	ready_signal(&sv->ready);
	c = accept(l, NULL, NULL);
	if (c < 0)
		return child_fail(182, "accept");
	alen = sizeof(a);
	if (getsockname(c, (void *)&a, &alen) ||
	    a.smlt_family != mlt_family() || a.smlt_service != 17)
		return child_fail(186, "getsockname of the accepted socket");
	alen = sizeof(a);
	if (getpeername(c, (void *)&a, &alen) ||
	    a.smlt_family != mlt_family() ||
	    !(a.smlt_flags & MLT_ADDR_F_EXPLICIT) ||
	    memcmp(a.smlt_explicit.addr,
		   "\0\0\0\0\0\0\0\0\0\0\xff\xff\x0a\x09\x00\x01", 16) ||
	    a.smlt_explicit.port != MLT_PORT ||
	    sodium_is_zero(a.smlt_explicit.eph_key, 32))
		return child_fail(183,
			"getpeername: ::ffff:10.9.0.1, port 4747 and a key");
	if (write_all(c, "01234", 5))
		return child_fail(184, "send \"01234\"");
	usleep(300000);
	if (write_all(c, "56789", 5))
		return child_fail(185, "send \"56789\"");
	sleep(3);	/* the client waits in recv meanwhile */
	close(c);
	return 0;
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int calls_client(void *arg)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct sockaddr_mlt a;
	socklen_t alen = sizeof(a);
	char buf[16];
	int s = mlt_connect("srv.test", 17);

	(void)arg;
	if (s < 0 || write_all(s, "go", 2))
		return child_fail(190, "connect or send");
	if (getpeername(s, (void *)&a, &alen) ||
	    strcmp(a.smlt_name, "srv.test") || a.smlt_service != 17)
		return child_fail(191, "getpeername: srv.test, service 17");
	if (recv(s, buf, 5, MSG_PEEK) < 1 || buf[0] != '0')
		return child_fail(192, "recv(MSG_PEEK)");
	if (recv(s, buf, 10, MSG_WAITALL) != 10 ||
	    memcmp(buf, "0123456789", 10))
		return child_fail(193, "recv(MSG_WAITALL) of 10 bytes");
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART */
	alarm(1);
	if (recv(s, buf, sizeof(buf), 0) != -1 || errno != EINTR)
		return child_fail(194,
			"recv interrupted by a signal: expected EINTR");
	alarm(CHILD_ALARM);
	return 0;
}

TEST_F(net, peek_waitall_names_and_signals)
{
	self->sv.service = 17;
	self->server = start_server(SRV, &self->sv, calls_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(C1, calls_client, NULL));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
}

/*
 * The server's explicit address as mlt-c2 reaches it; with @impostor, the
 * server's real S' but another identity S. Return: 0, or -1.
 */
static int explicit_addr(struct sockaddr_mlt *a, bool impostor)
{
	unsigned char sk[32];
	size_t len;

	memset(a, 0, sizeof(*a));
	a->smlt_family = mlt_family();
	a->smlt_service = 7;
	a->smlt_flags = MLT_ADDR_F_EXPLICIT;
	if (sodium_base642bin(a->smlt_explicit.identity, 32,
			      getenv("MLT_SRV_IDENTITY"), 44, NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) || len != 32 ||
	    sodium_base642bin(a->smlt_explicit.eph_key, 32,
			      getenv("MLT_SRV_EPH"), 44, NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) || len != 32)
		return -1;
	if (impostor) {
		randombytes_buf(sk, sizeof(sk));
		if (crypto_scalarmult_base(a->smlt_explicit.identity, sk))
			return -1;
	}
	a->smlt_explicit.addr[10] = 0xff;
	a->smlt_explicit.addr[11] = 0xff;
	inet_pton(AF_INET, "10.9.1.2", &a->smlt_explicit.addr[12]);
	a->smlt_explicit.port = MLT_PORT;
	return 0;
}

/* The explicit form: keys and address without a directory entry. */
static int explicit_client(void *arg)
{
	struct sockaddr_mlt a;
	char buf[8];
	int s = mlt_socket();

	(void)arg;
	if (explicit_addr(&a, false))
		return child_fail(200,
			"decoding MLT_SRV_IDENTITY or MLT_SRV_EPH");
	if (s < 0 || connect(s, (void *)&a, sizeof(a)))
		return child_fail(201,
			"socket or connect to the explicit address");
	if (write_all(s, "direct", 6) || read_full(s, buf, 6) != 6 ||
	    memcmp(buf, "direct", 6))
		return child_fail(202, "the echo of \"direct\"");
	return 0;
}

TEST_F(net, explicit_keys_without_directory)
{
	self->sv.service = 7;
	self->sv.conns = 1;
	self->server = start_server(SRV, &self->sv, echo_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(C2, explicit_client, NULL));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
}

/*
 * Issue 12, point 1: a client that names the server's real S' but another
 * identity S cannot complete a tunnel: the server cannot open its opening
 * (its keys need the identity private key) and answers with a reject
 * notice, so the client's first read fails with EKEYREJECTED at once,
 * not with ETIMEDOUT after the tunnel timeout, and its tunnel is gone.
 */
static int impostor_client(void *arg)
{
	struct sockaddr_mlt a;
	struct timespec t0, t1;
	char buf[8];
	ssize_t n;
	int s = mlt_socket();

	(void)arg;
	if (explicit_addr(&a, true))
		return child_fail(210,
			"decoding MLT_SRV_IDENTITY or MLT_SRV_EPH");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (s < 0 || connect(s, (void *)&a, sizeof(a)) ||
	    write_all(s, "hello", 5))
		return child_fail(211,
			"socket, connect or the 0-RTT write failed locally");
	n = read(s, buf, sizeof(buf));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (n >= 0 || errno != EKEYREJECTED)
		return child_failf(212,
			"read gave %zd (%s), not EKEYREJECTED", n,
			n < 0 ? strerror(errno) : "data");
	if (t1.tv_sec - t0.tv_sec > 10)
		return child_failf(213, "EKEYREJECTED after %ld s, not at once",
				   (long)(t1.tv_sec - t0.tv_sec));
	if (stat_of("tunnels_rejected") != 1)
		return child_failf(214, "tunnels_rejected is %lld, not 1",
				   stat_of("tunnels_rejected"));
	close(s);
	/* The dead tunnel left the table: a right address opens a new one. */
	return explicit_client(NULL);
}

TEST_F(net, wrong_identity_is_rejected)
{
	long long sent = ns_stat(SRV, "rejects_sent");
	long long tag = ns_stat(SRV, "tag");

	ASSERT_LE(0, sent);
	self->sv.service = 7;
	self->sv.conns = 1;
	self->server = start_server(SRV, &self->sv, echo_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(C2, impostor_client, NULL));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
	EXPECT_LE(sent + 1, ns_stat(SRV, "rejects_sent"));
	EXPECT_LE(tag + 1, ns_stat(SRV, "tag"));
}

/*
 * An entry may list addresses the client has no route to (mlt-c2 has no
 * IPv6 route to fd00::/64, nor any to 192.0.2.0/24): connect() takes the
 * first one it can reach, and with none fails at once with the routing
 * error instead of leaving the connection to time out.
 */
static int first_routable_client(void *arg)
{
	struct echo_arg a = { "multi.test", 7, 500, 9 };
	struct sockaddr_mlt none = name_addr("unrouted.test", 7);
	int s = mlt_socket();

	(void)arg;
	if (s < 0)
		return child_fail(100, "socket");
	if (!connect(s, (void *)&none, sizeof(none)))
		return child_fail(101,
			"connect with no routable address succeeded");
	if (errno != ENETUNREACH)
		return child_fail(102,
			"connect with no routable address: expected ENETUNREACH");
	close(s);
	return echo_client(&a);
}

TEST_F(net, first_routable_address)
{
	const char *id = getenv("MLT_SRV_IDENTITY"), *eph = getenv("MLT_SRV_EPH");

	ASSERT_NE(NULL, id);
	ASSERT_NE(NULL, eph);
	ASSERT_EQ(0, ns_run(C2, "%s dir add multi.test addr fd00::2,192.0.2.1,"
			    "10.9.1.2 port %d identity %s eph %s replace",
			    mltctl(), MLT_PORT, id, eph));
	ASSERT_EQ(0, ns_run(C2, "%s dir add unrouted.test addr fd00::2,"
			    "192.0.2.1 port %d identity %s eph %s replace",
			    mltctl(), MLT_PORT, id, eph));
	self->sv.service = 7;
	self->sv.conns = 1;
	self->server = start_server(SRV, &self->sv, echo_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(C2, first_routable_client, NULL));
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
	ns_run(C2, "%s dir del multi.test", mltctl());
	ns_run(C2, "%s dir del unrouted.test", mltctl());
}

/* ---- the runtime limits and the send errors (new ABI, issue 10) -------- */

/*
 * These tests need the kernel of issue 10: MLT_A_TUNNEL_LIMIT and
 * MLT_A_CONN_LIMIT set by MLT_CMD_SET_CONFIG, MLT_A_TX_ERRORS in
 * GET_STATUS. Each runs its client in a namespace of its own, anonymous
 * (it dies with the child, so nothing is left for the next test or run),
 * joined to the server's by a veth pair.
 */

/* MLT_CMD_SET_CONFIG of @c in our namespace: 0 or -errno. */
static int set_config(const struct mltnl_config *c)
{
	struct mltnl *nl = mltnl_open(0, NULL);
	int ret;

	if (!nl)
		return -errno;
	ret = mltnl_set_config(nl, c);
	mltnl_close(nl);
	return ret;
}

/* MLT_CMD_GET_STATUS in our namespace: 0 or -errno. */
static int get_status(struct mltnl_status *st)
{
	struct mltnl *nl = mltnl_open(0, NULL);
	int ret;

	if (!nl)
		return -errno;
	ret = mltnl_status(nl, st);
	mltnl_close(nl);
	return ret;
}

/* connect() to @name, one echo: the socket, or -1. */
static int connect_and_echo(const char *name, uint16_t service)
{
	char buf[8];
	int s = mlt_connect(name, service);

	if (s < 0)
		return -1;
	if (write_all(s, "hello", 5) || read_full(s, buf, 5) != 5 ||
	    memcmp(buf, "hello", 5)) {
		close(s);
		return -1;
	}
	return s;
}

/*
 * Client tunnel limit 1: the tunnel to one server address works, a second
 * fails; the server tunnel limit is another pool, which client tunnels
 * neither count in nor meet (issue 12, point 6): with it at 1 and the
 * client limit at 2, the second opens.
 */
static int tunnel_limit_client(void *arg)
{
	struct mltnl_config c = {
		.mask = MLTNL_CFG_TUNNEL_LIMIT | MLTNL_CFG_CLIENT_TUNNEL_LIMIT,
		.tunnel_limit = 1, .client_tunnel_limit = 1,
	};
	struct mltnl_status st;
	int ret = own_client_ns(8, false), a, b;

	(void)arg;
	if (ret)
		return ret;
	if (set_config(&c))
		return child_fail(10, "SET_CONFIG client and server tunnel limits 1");
	a = connect_and_echo("srv.test", 7);
	if (a < 0)
		return child_fail(11, "connect and echo, the first tunnel");
	b = mlt_connect("srv-b.test", 7);
	if (b >= 0)
		return child_failf(12, "a second tunnel opened with limit 1");
	if (errno != EAGAIN)
		return child_fail(13, "connect, a second tunnel: expected EAGAIN");
	if (get_status(&st) || st.stats.v[MLT_STAT_TUNNELS] != 1 ||
	    st.stats.v[MLT_STAT_CLIENT_TUNNELS] != 1)
		return child_failf(14, "MLT_STAT_TUNNELS is %llu, clients %llu, not 1",
				   (unsigned long long)st.stats.v[MLT_STAT_TUNNELS],
				   (unsigned long long)st.stats.v[MLT_STAT_CLIENT_TUNNELS]);
	c.mask = MLTNL_CFG_CLIENT_TUNNEL_LIMIT;
	c.client_tunnel_limit = 2;
	if (set_config(&c))
		return child_fail(15, "SET_CONFIG client tunnel limit 2");
	b = connect_and_echo("srv-b.test", 7);
	if (b < 0)
		return child_fail(16, "a second client tunnel with the server limit at 1");
	close(a);
	close(b);
	return 0;
}

/*
 * Run @client(@arg), which makes a namespace of its own (own_client_ns()),
 * against @server on @service in $NS_S, to take @conns connections. A
 * failed client leaves the server waiting: it is then left to teardown to
 * kill (not ASSERT: the harness skips teardown after one).
 */
static void own_ns_case(struct __test_metadata *_metadata,
			FIXTURE_DATA(net) *self, uint16_t service, int conns,
			int (*server)(void *), int (*client)(void *), void *arg)
{
	int ret;

	self->sv.service = service;
	self->sv.conns = conns;
	self->server = start_server(SRV, &self->sv, server);
	ASSERT_LT(0, self->server);
	ret = run_in(SRV, client, arg);
	EXPECT_EQ(0, ret);
	if (ret)
		return;
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
}

/* @client against an echo server on service 7 for @conns connections. */
static void limit_case(struct __test_metadata *_metadata,
		       FIXTURE_DATA(net) *self, int conns,
		       int (*client)(void *))
{
	own_ns_case(_metadata, self, 7, conns, echo_server, client, NULL);
}

TEST_F(net, tunnel_limit_refuses_a_second_tunnel)
{
	limit_case(_metadata, self, 2, tunnel_limit_client);
}

/*
 * A user quota of 1 client tunnel (issue 12, point 6): an unprivileged
 * user's second tunnel fails with EAGAIN and is counted; root, with
 * CAP_NET_ADMIN, is exempt and opens it.
 */
static int user_quota_client(void *arg)
{
	struct mltnl_config c = { .mask = MLTNL_CFG_USER_TUNNEL_QUOTA,
				  .user_tunnel_quota = 1 };
	struct mltnl_status st;
	int ret = own_client_ns(9, false), a, b, status;
	pid_t kid;

	(void)arg;
	if (ret)
		return ret;
	if (set_config(&c))
		return child_fail(10, "SET_CONFIG user tunnel quota 1");
	kid = fork();
	if (kid < 0)
		return child_fail(11, "fork");
	if (kid == 0) {
		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(child_fail(20, "setresuid to nobody"));
		a = connect_and_echo("srv.test", 7);
		if (a < 0)
			_exit(child_fail(21, "nobody's first tunnel"));
		b = mlt_connect("srv-b.test", 7);
		if (b >= 0 || errno != EAGAIN)
			_exit(child_fail(22, "nobody's second tunnel: expected EAGAIN"));
		_exit(0);
	}
	if (waitpid(kid, &status, 0) != kid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return child_failf(12, "the unprivileged user: status %d",
				   status);
	if (get_status(&st) || st.stats.v[MLT_STAT_QUOTA_REFUSED] != 1)
		return child_failf(13, "quota-refused is %llu, not 1",
				   (unsigned long long)st.stats.v[MLT_STAT_QUOTA_REFUSED]);
	/* Its tunnel is gone with its process? Not yet: root is exempt. */
	b = connect_and_echo("srv-b.test", 7);
	if (b < 0)
		return child_fail(14, "root past the quota");
	close(b);
	return 0;
}

TEST_F(net, user_tunnel_quota_limits_unprivileged_users)
{
	limit_case(_metadata, self, 2, user_quota_client);
}

/* Connection limit 1: a second connection to the server opens a tunnel. */
static int conn_limit_client(void *arg)
{
	struct mltnl_config c = { .mask = MLTNL_CFG_CONN_LIMIT,
				  .conn_limit = 1 };
	struct mltnl_status st;
	int ret = own_client_ns(9, false), a, b;

	(void)arg;
	if (ret)
		return ret;
	if (set_config(&c))
		return child_fail(20, "SET_CONFIG MLT_A_CONN_LIMIT 1");
	a = connect_and_echo("srv.test", 7);
	if (a < 0)
		return child_fail(21, "connect and echo, the first connection");
	b = connect_and_echo("srv.test", 7);
	if (b < 0)
		return child_fail(22, "connect and echo, the second connection");
	if (get_status(&st) || st.stats.v[MLT_STAT_TUNNELS] != 2)
		return child_failf(23, "MLT_STAT_TUNNELS is %llu, not 2",
				   (unsigned long long)st.stats.v[MLT_STAT_TUNNELS]);
	close(a);
	close(b);
	return 0;
}

TEST_F(net, conn_limit_opens_a_second_tunnel)
{
	limit_case(_metadata, self, 2, conn_limit_client);
}

/*
 * The server carries one connection per tunnel: the second on the tunnel
 * is refused (busy), and the client opens the third on a new tunnel
 * rather than on the full one.
 */
static int server_full_client(void *arg)
{
	struct mltnl_status st;
	int ret = own_client_ns(11, false), a, b, c;
	char buf[8];

	(void)arg;
	if (ret)
		return ret;
	a = connect_and_echo("srv.test", 7);
	if (a < 0)
		return child_fail(30, "connect and echo, the first connection");
	b = mlt_connect("srv.test", 7);
	if (b < 0 || write_all(b, "hello", 5))
		return child_fail(31, "connect and send, the second connection");
	if (read(b, buf, sizeof(buf)) != -1 || errno != ECONNREFUSED)
		return child_fail(32, "the second connection not refused");
	c = connect_and_echo("srv.test", 7);
	if (c < 0)
		return child_fail(33, "connect and echo, the third connection");
	if (get_status(&st) || st.stats.v[MLT_STAT_TUNNELS] != 2)
		return child_failf(34, "MLT_STAT_TUNNELS is %llu, not 2",
				   (unsigned long long)st.stats.v[MLT_STAT_TUNNELS]);
	close(a);
	close(b);
	close(c);
	return 0;
}

TEST_F(net, full_server_tunnel_not_chosen_again)
{
	ASSERT_EQ(0, ns_run(SRV, "%s config conn-limit 1", mltctl()));
	limit_case(_metadata, self, 2, server_full_client);
	EXPECT_EQ(0, ns_run(SRV, "%s config conn-limit %d", mltctl(),
			    MLT_CONN_LIMIT_DEFAULT));
}

/*
 * The route to the server removed after connect: the datagrams that cannot
 * go are counted in MLT_A_TX_ERRORS (MLT_TX_ERR_NO_ROUTE), not as sent.
 */
static int no_route_client(void *arg)
{
	struct mltnl_status before, st;
	const unsigned int nr = MLT_TX_ERR_NO_ROUTE;
	int ret = own_client_ns(10, false), s, i;

	(void)arg;
	if (ret)
		return ret;
	s = connect_and_echo("srv.test", 7);
	if (s < 0)
		return child_fail(30, "connect and echo");
	if (sh("ip route del 10.9.10.0/24 dev vy10"))
		return child_fail(31, "ip route del 10.9.10.0/24");
	if (get_status(&before))
		return child_fail(32, "GET_STATUS");
	if (!mltnl_counter_has(&before.tx_errors, nr))
		return child_failf(33, "no MLT_A_TX_ERRORS, reason no-route");
	if (write_all(s, "lost", 4))
		return child_fail(34, "send after the route went");
	for (i = 0; i < 50; i++) {	/* the first try, or a retransmission */
		if (get_status(&st))
			return child_fail(35, "GET_STATUS");
		if (st.tx_errors.v[nr] > before.tx_errors.v[nr])
			break;
		usleep(100000);
	}
	if (st.tx_errors.v[nr] <= before.tx_errors.v[nr])
		return child_failf(36, "MLT_TX_ERR_NO_ROUTE stayed at %llu",
				   (unsigned long long)st.tx_errors.v[nr]);
	if (st.stats.v[MLT_STAT_TX_PACKETS] !=
	    before.stats.v[MLT_STAT_TX_PACKETS])
		return child_failf(37, "MLT_STAT_TX_PACKETS went from %llu to %llu",
				   (unsigned long long)
				   before.stats.v[MLT_STAT_TX_PACKETS],
				   (unsigned long long)
				   st.stats.v[MLT_STAT_TX_PACKETS]);
	close(s);
	return 0;
}

TEST_F(net, unroutable_datagram_is_a_tx_error)
{
	self->sv.service = 7;
	self->sv.conns = 1;
	self->server = start_server(SRV, &self->sv, echo_server);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(0, run_in(SRV, no_route_client, NULL));
	/* The connection cannot end cleanly: teardown kills the server. */
}

/* ---- roles for mlt_transport.sh's teardown tests ---------------------- */

static void role(void) __attribute__((constructor));

static void role(void)
{
	const char *r = getenv("MLT_ROLE");

	if (!r)
		return;
	if (!strcmp(r, "hold_server")) {
		int l = mlt_listen(19, 16), c;
		static char buf[65536];

		while (l >= 0 && (c = accept(l, NULL, NULL)) >= 0) {
			if (fork() == 0) {
				close(l);
				while (recv(c, buf, sizeof(buf), 0) > 0)
					;
				_exit(0);
			}
			close(c);
		}
		_exit(child_fail(1, "hold_server: listen or accept"));
	}
	if (!strcmp(r, "hold_client")) {
		int s = mlt_connect("srv.test", 19);

		while (s >= 0 && send_pattern(s, 61, 1 << 20) == 0)
			;
		_exit(child_fail(1, "hold_client: connect or send"));
	}
	_exit(2);
}

/*
 * The datagram size (kernel/pmtu.c). A client in a namespace of its own
 * streams pattern bytes for a few seconds, 16 KiB every 10 ms; the
 * server checks that what came is the pattern's prefix and answers its
 * length. Over a 1500-byte link the client's datagrams grow to the
 * largest, 1472 bytes; where the server's end of the link takes only
 * 1400-byte frames and says nothing (no ICMP), the probes above it are
 * lost, and the search settles at most MLT_PMTU_STEP (32) below 1372
 * (1400 less the IPv4 and UDP headers) while the stream goes on whole.
 */
struct pmtu_arg {
	int link;		/* own_client_ns() number */
	int secs;		/* of streaming: the search's time, and more */
	int mtu;		/* of the server's end, 0 to leave 1500 */
	long long lo, hi;	/* the client's datagram size at the end */
};

static int pmtu_server(void *arg)
{
	struct server *sv = arg;
	uint8_t want[32], got[32];
	int l = mlt_listen(sv->service, 4), c;
	uint64_t len;
	ssize_t n;

	if (l < 0)
		return child_fail(60, "listen");
	ready_signal(&sv->ready);
	c = accept(l, NULL, NULL);
	if (c < 0)
		return child_fail(61, "accept");
	n = recv_sha(c, got);
	if (n <= 0)
		return child_fail(62, "recv to EOF");
	pattern_sha(want, 23, n);
	if (memcmp(want, got, 32))
		return child_fail(63, "what came is not the pattern's prefix");
	len = n;
	if (write_all(c, &len, sizeof(len)))
		return child_fail(64, "sending the length back");
	close(c);
	return 0;
}

static int pmtu_client(void *arg)
{
	const struct pmtu_arg *a = arg;
	static uint8_t buf[16384];
	int ret = own_client_ns(a->link, false), s;
	struct timespec t0, t;
	uint64_t off = 0, len = 0;
	long long size;

	if (ret)
		return ret;
	if (a->mtu && sh("ip -n %s link set vx%d mtu %d", SRV, a->link, a->mtu))
		return child_fail(70, "ip link set mtu, the server's end");
	s = mlt_connect("srv.test", 22);
	if (s < 0)
		return child_fail(71, "connect");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		pattern(buf, sizeof(buf), 23, off);
		if (write_all(s, buf, sizeof(buf)))
			return child_fail(72, "send");
		off += sizeof(buf);
		usleep(10000);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < a->secs);
	if (shutdown(s, SHUT_WR))
		return child_fail(73, "shutdown(SHUT_WR)");
	if (read_full(s, &len, sizeof(len)) != sizeof(len) || len != off)
		return child_failf(74, "the server got %llu bytes of %llu",
				   (unsigned long long)len,
				   (unsigned long long)off);
	if (tunnel_field(NULL, "dgram_size", &size))
		return child_fail(75, "mltctl tunnels -j: dgram_size");
	if (size < a->lo || size > a->hi)
		return child_failf(76, "datagram size %lld, not %lld to %lld",
				   size, a->lo, a->hi);
	close(s);
	return 0;
}

TEST_F_TIMEOUT(net, datagram_size_grows_to_the_path, 120)
{
	/* One probe, acknowledged within a round trip. */
	struct pmtu_arg a = { .link = 12, .secs = 3, .lo = 1472, .hi = 1472 };

	own_ns_case(_metadata, self, 22, 1, pmtu_server, pmtu_client, &a);
}

TEST_F_TIMEOUT(net, datagram_size_stops_below_a_narrower_path, 120)
{
	/*
	 * 1472 lost 3 times, 1 s apart; 1344 holds; 1392 lost 3 times; 1360
	 * holds: about 4 s.
	 */
	struct pmtu_arg a = { .link = 13, .secs = 8, .mtu = 1400,
			      .lo = 1372 - 32, .hi = 1372 };	/* MLT_PMTU_STEP */

	own_ns_case(_metadata, self, 22, 1, pmtu_server, pmtu_client, &a);
}

TEST_HARNESS_MAIN
