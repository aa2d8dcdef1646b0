// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel memory a peer or a local sender can make the host hold, and the
 * errors a dead tunnel reports (issue 11, points 1 and 7). Runs on the
 * namespaces mlt_transport.sh sets up (NS_S, NS_C1..3).
 *
 * Each memory test fills a connection as fast as it can until it stalls,
 * then measures how much MemAvailable fell on the host (both ends live in
 * this kernel). The bound, documented in Documentation (memory.rst):
 *
 *   growth <= MEM_FACTOR * conns * (SO_RCVBUF + SO_SNDBUF) + MEM_SLACK
 *
 * An engine that does not charge its skbs, or keeps one skb per DATA RPC
 * or per send(), holds about 950 bytes per byte of a 1-byte stream: some
 * 200 MB per connection, far over the bound.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/sock_diag.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "mlt_test.h"
#include "util.h"

#define MEM_FACTOR	4
#define MEM_SLACK	(16 << 20)	/* bytes: processes, slabs, noise */
#define STALL_MS	2000		/* no progress this long: stalled */
#define FILL_MAX_MS	60000		/* give up filling after this */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The byte at stream offset @off: what every test sends. */
static uint8_t byte_at(uint64_t off)
{
	return (uint8_t)(off * 7 + (off >> 8));
}

/* Read to EOF; 0 if exactly @total bytes of the stream came. */
static int recv_stream(int s, uint64_t total)
{
	static uint8_t buf[65536];
	uint64_t off = 0;
	ssize_t n, i;

	while ((n = recv(s, buf, sizeof(buf), 0)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		for (i = 0; i < n; i++)
			if (buf[i] != byte_at(off + i))
				return -2;
		off += n;
	}
	return off == total ? 0 : -3;
}

/* The host's MemAvailable, in bytes. */
static long long mem_available(void)
{
	char line[256];
	long long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %lld kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

/* The family's charged memory (/proc/net/protocols), in pages, or -1. */
static long proto_memory(void)
{
	char line[512], name[32];
	long size, socks, mem = -1;
	FILE *f = fopen("/proc/net/protocols", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%31s %ld %ld %ld", name, &size, &socks,
			   &mem) == 4 && !strcmp(name, "MINIMALT"))
			break;
	fclose(f);
	return mem;
}

static int sock_int(int s, int opt)
{
	int v = 0;
	socklen_t len = sizeof(v);

	getsockopt(s, SOL_SOCKET, opt, &v, &len);
	return v;
}

/* The socket's SO_MEMINFO (SK_MEMINFO_*), 0 if it has none. */
static uint32_t meminfo(int s, int i)
{
	uint32_t m[SK_MEMINFO_VARS] = { 0 };
	socklen_t len = sizeof(m);

	getsockopt(s, SOL_SOCKET, SO_MEMINFO, m, &len);
	return m[i];
}

/* The bound on the host's memory growth for @conns of socket @s's kind. */
static long long mem_bound(int s, int conns)
{
	return (long long)MEM_FACTOR * conns *
	       (sock_int(s, SO_RCVBUF) + sock_int(s, SO_SNDBUF)) + MEM_SLACK;
}

/* What the parent and its children share (MAP_SHARED). */
struct shared {
	int go[2];		/* client to server: filling done */
	int ready[2];		/* server to parent: listening */
	uint64_t sent[2];	/* bytes each connection queued */
	uint32_t rmem;		/* the server socket's charged receive memory */
	int rcvbuf;
};

static struct shared *shared_new(void)
{
	struct shared *sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (sh == MAP_FAILED)
		return NULL;
	memset(sh, 0, sizeof(*sh));
	if (pipe(sh->go) || pipe(sh->ready))
		return NULL;
	return sh;
}

static int signal_fd(int fd)
{
	return write(fd, "x", 1) == 1 ? 0 : -1;
}

static int wait_fd(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char c;

	return poll(&p, 1, 150000) == 1 && read(fd, &c, 1) == 1 ? 0 : -1;
}

/*
 * Send @s's next bytes (1 at a time if @chunk is 1), not blocking.
 * Return: bytes queued, 0 when full, -1 on another error.
 */
static ssize_t fill_once(int s, uint64_t *sent, size_t chunk)
{
	static uint8_t buf[65536];
	size_t i;
	ssize_t n;

	for (i = 0; i < chunk; i++)
		buf[i] = byte_at(*sent + i);
	n = send(s, buf, chunk, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (n < 0)
		return errno == EAGAIN ? 0 : -1;
	*sent += n;
	return n;
}

/*
 * Fill @n sockets with @chunk-byte sends until none moves for STALL_MS
 * (or an error, or FILL_MAX_MS), failing early once the host's memory
 * grew past @bound from @base. Return: the growth (0 or more), or -1
 * with errno.
 */
static long long fill(int *s, uint64_t *sent, int n, size_t chunk,
		      long long base, long long bound)
{
	long long start = now_ms(), moved = start, growth = 0;
	unsigned long tries = 0;
	int i;

	while (now_ms() - moved < STALL_MS && now_ms() - start < FILL_MAX_MS) {
		for (i = 0; i < n; i++) {
			ssize_t r = fill_once(s[i], &sent[i], chunk);

			if (r < 0)
				return -1;
			if (r)
				moved = now_ms();
		}
		if (++tries % 512)
			continue;
		growth = base - mem_available();
		if (growth > bound)
			return growth;	/* fail now, before the host is out */
		if (now_ms() - moved > 10)
			usleep(10000);	/* full: let the engine run */
	}
	usleep(500000);	/* what is in flight lands */
	growth = base - mem_available();
	/* Memory freed elsewhere meanwhile (KASAN's quarantine): no growth. */
	return growth < 0 ? 0 : growth;
}

static int report(const char *what, long long growth, long long bound,
		  uint64_t bytes)
{
	fprintf(stderr,
		"# %s: %llu bytes queued, host memory +%lld KiB (bound %lld KiB), proto memory %ld pages\n",
		what, (unsigned long long)bytes, growth >> 10, bound >> 10,
		proto_memory());
	return growth > bound;
}

/* ---- (a) 1-byte records to a listener that does not read ------------- */

/*
 * Accept one connection of two (the other stays in the backlog), read
 * nothing until the client is done filling, then check the socket's
 * charge and read the stream to its end.
 */
static int unread_server(void *arg)
{
	struct shared *sh = arg;
	int l = mlt_listen(30, 8), a;

	if (l < 0)
		return child_fail(1, "listen");
	signal_fd(sh->ready[1]);
	a = accept(l, NULL, NULL);
	if (a < 0 || wait_fd(sh->go[0]))
		return child_fail(2, "accept, or wait for the client");
	sh->rmem = meminfo(a, SK_MEMINFO_RMEM_ALLOC);
	sh->rcvbuf = sock_int(a, SO_RCVBUF);
	if (recv_stream(a, sh->sent[0]))
		return child_failf(3, "the stream of %llu bytes is not intact",
				   (unsigned long long)sh->sent[0]);
	return 0;
}

/* The server a test started, killed at teardown, and the shared state. */
FIXTURE(mem) {
	pid_t srv;
	struct shared *sh;
};

FIXTURE_SETUP(mem)
{
	self->srv = 0;
	self->sh = shared_new();
	ASSERT_NE(NULL, self->sh);
}

FIXTURE_TEARDOWN(mem)
{
	if (self->srv > 0) {
		kill(self->srv, SIGKILL);
		reap(self->srv);
	}
}

/* Start @fn in $NS_S; it signals sh->ready once it listens. */
static pid_t start_server(struct shared *sh, int (*fn)(void *))
{
	pid_t pid = spawn(SRV, fn, sh);

	if (wait_fd(sh->ready[0])) {
		kill(pid, SIGKILL);
		reap(pid);
		return -1;
	}
	return pid;
}

/*
 * Run @client in namespace @ns against @self's server, which then checks
 * what it received; the server's socket was charged, within its buffer.
 */
static void fill_case(struct __test_metadata *_metadata,
		      FIXTURE_DATA(mem) *self, const char *ns,
		      int (*client)(void *))
{
	int ret;

	self->srv = start_server(self->sh, unread_server);
	ASSERT_LT(0, self->srv);
	ret = reap(spawn(ns, client, self->sh));
	EXPECT_EQ(0, ret);
	if (ret)
		return;
	EXPECT_EQ(0, reap(self->srv));
	self->srv = 0;
	EXPECT_LT(0U, self->sh->rmem);
	EXPECT_GE((uint32_t)MEM_FACTOR * self->sh->rcvbuf, self->sh->rmem);
}

static int tiny_client(void *arg)
{
	struct shared *sh = arg;
	long long base, bound, growth;
	int s[2], i;

	for (i = 0; i < 2; i++) {
		s[i] = mlt_connect("srv.test", 30);
		if (s[i] < 0 || fill_once(s[i], &sh->sent[i], 1) != 1)
			return child_fail(10, "connect and send a byte");
		usleep(300000);	/* the server accepts the first */
	}
	bound = mem_bound(s[0], 2);
	base = mem_available();
	growth = fill(s, sh->sent, 2, 1, base, bound);
	if (growth < 0)
		return child_fail(11, "1-byte sends");
	if (report("1-byte sends, reader stalled", growth, bound,
		   sh->sent[0] + sh->sent[1]))
		return child_failf(12, "memory grew past the bound");
	for (i = 0; i < 2; i++)
		if (meminfo(s[i], SK_MEMINFO_WMEM_QUEUED) >
		    (uint32_t)sock_int(s[i], SO_SNDBUF) + (128 << 10))
			return child_failf(13, "wmem_queued %u over sndbuf",
					   meminfo(s[i],
						   SK_MEMINFO_WMEM_QUEUED));
	if (signal_fd(sh->go[1]) || shutdown(s[0], SHUT_WR))
		return child_fail(14, "signal the server, or shutdown");
	return 0;
}

/*
 * A peer (here a client) opens two connections to a listener that does
 * not read: one accepted, one left in the backlog, and floods both with
 * 1-byte DATA RPCs. Each costs the host about its receive buffer.
 */
TEST_F_TIMEOUT(mem, tiny_records_to_a_listener_that_does_not_read, 150)
{
	fill_case(_metadata, self, ns_of("NS_C1"), tiny_client);
}

/* ---- (b) a stalled reader fed bulk data ------------------------------ */

static int bulk_client(void *arg)
{
	struct shared *sh = arg;
	long long base, bound, growth;
	int s = mlt_connect("srv.test", 30);

	if (s < 0 || fill_once(s, &sh->sent[0], 1) != 1)
		return child_fail(20, "connect and send a byte");
	bound = mem_bound(s, 1);
	base = mem_available();
	growth = fill(&s, sh->sent, 1, 65536, base, bound);
	if (growth < 0)
		return child_fail(21, "bulk sends");
	if (report("bulk sends, reader stalled", growth, bound, sh->sent[0]))
		return child_failf(22, "memory grew past the bound");
	if (signal_fd(sh->go[1]) || shutdown(s, SHUT_WR))
		return child_fail(23, "signal the server, or shutdown");
	return 0;
}

/* A reader that stops, fed 64 KiB sends: its buffer, no more. */
TEST_F_TIMEOUT(mem, stalled_reader_fed_bulk_data, 150)
{
	fill_case(_metadata, self, ns_of("NS_C2"), bulk_client);
}

/* ---- (c) 1-byte sends to a peer that never answers ------------------- */

/* Answer the first byte, then wait, reading nothing, until killed. */
static int answer_once_server(void *arg)
{
	struct shared *sh = arg;
	int l = mlt_listen(31, 8), a;
	char c;

	if (l < 0)
		return child_fail(30, "listen");
	signal_fd(sh->ready[1]);
	a = accept(l, NULL, NULL);
	if (a < 0 || recv(a, &c, 1, 0) != 1 || send(a, &c, 1, 0) != 1)
		return child_fail(31, "accept and answer a byte");
	pause();
	return 0;
}

static int silent_peer_client(void *arg)
{
	struct shared *sh = arg;
	long long base, bound, growth;
	int s = mlt_connect("srv.test", 31), err;
	char c = 0;

	if (s < 0 || fill_once(s, &sh->sent[0], 1) != 1 ||
	    recv(s, &c, 1, 0) != 1)
		return child_fail(40, "connect and get an answer");
	if (system("tc qdisc add dev vc3 root netem loss 100%"))
		return child_fail(41, "tc qdisc add netem loss 100%");
	bound = mem_bound(s, 1);
	base = mem_available();
	growth = fill(&s, sh->sent, 1, 1, base, bound);
	err = errno;	/* before system() */
	system("tc qdisc del dev vc3 root");
	errno = err;
	if (growth < 0 && err != ETIMEDOUT)
		return child_fail(42, "1-byte sends");
	if (report("1-byte sends, peer silent", growth, bound, sh->sent[0]))
		return child_failf(43, "memory grew past the bound");
	if (meminfo(s, SK_MEMINFO_WMEM_QUEUED) >
	    (uint32_t)sock_int(s, SO_SNDBUF) + (128 << 10))
		return child_failf(44, "wmem_queued %u over sndbuf",
				   meminfo(s, SK_MEMINFO_WMEM_QUEUED));
	return 0;
}

/* A local sender's 1-byte sends to a peer that never answers. */
TEST_F_TIMEOUT(mem, tiny_sends_to_a_silent_peer, 150)
{
	if (!getenv("MLT_HAVE_NETEM"))
		SKIP(return, "tc or sch_netem is missing");
	self->srv = start_server(self->sh, answer_once_server);
	ASSERT_LT(0, self->srv);
	EXPECT_EQ(0, reap(spawn(ns_of("NS_C3"), silent_peer_client,
				self->sh)));
}

/* ---- (d) errors of a dead tunnel, as TCP reports them ---------------- */

/* Answer "ping" on two connections, "data" too on the second; wait. */
static int error_server(void *arg)
{
	struct shared *sh = arg;
	int l = mlt_listen(32, 8), a, i;
	char buf[4];

	if (l < 0)
		return child_fail(50, "listen");
	signal_fd(sh->ready[1]);
	for (i = 0; i < 2; i++) {
		a = accept(l, NULL, NULL);
		if (a < 0 || recv(a, buf, 4, MSG_WAITALL) != 4 ||
		    send(a, "pong", 4, 0) != 4 ||
		    (i && send(a, "data", 4, 0) != 4))
			return child_fail(51, "accept and answer");
	}
	pause();
	return 0;
}

static int ping(int s)
{
	char buf[4];

	return s < 0 || send(s, "ping", 4, 0) != 4 ||
	       recv(s, buf, 4, MSG_WAITALL) != 4 ? -1 : 0;
}

/* recv() on @s: want @want bytes, or -1 with @err. */
static int recv_is(int s, ssize_t want, int err)
{
	char buf[16];
	ssize_t n = recv(s, buf, sizeof(buf), 0);

	if (n == want && (n >= 0 || errno == err))
		return 0;
	fprintf(stderr, "# recv: %zd (errno %d), want %zd (errno %d)\n", n,
		n < 0 ? errno : 0, want, err);
	return -1;
}

static int dead_tunnel_client(void *arg)
{
	static char big[1 << 20];
	struct pollfd p;
	int a, b;
	ssize_t n;

	(void)arg;
	a = mlt_connect("srv.test", 32);
	if (ping(a))
		return child_fail(60, "connect a and ping");
	b = mlt_connect("srv.test", 32);
	if (ping(b))
		return child_fail(61, "connect b and ping");
	p.fd = b;
	p.events = POLLIN;
	if (poll(&p, 1, 10000) != 1)
		return child_fail(62, "b's data");
	if (system("tc qdisc add dev vc2 root netem loss 100%"))
		return child_fail(63, "tc qdisc add netem loss 100%");
	/* Blocks until the tunnel dies: a count, the error kept. */
	n = send(a, big, sizeof(big), MSG_NOSIGNAL);
	system("tc qdisc del dev vc2 root");
	if (n <= 0 || n >= (ssize_t)sizeof(big))
		return child_failf(64, "send: %zd (errno %d), not a short count",
				   n, errno);
	if (recv_is(a, -1, ETIMEDOUT) || recv_is(a, 0, 0))
		return child_failf(65, "a: not ETIMEDOUT once, then EOF");
	if (recv_is(b, 4, 0) || recv_is(b, -1, ETIMEDOUT) || recv_is(b, 0, 0))
		return child_failf(66, "b: not data, ETIMEDOUT once, then EOF");
	if (send(b, "x", 1, MSG_NOSIGNAL) != -1 || errno != EPIPE)
		return child_fail(67, "send on b after the error: not EPIPE");
	return 0;
}

/*
 * The peer vanishes: a blocked send returns what it queued and the next
 * call the error; every socket on the tunnel reports it once, after its
 * queued data, then end-of-file.
 */
TEST_F_TIMEOUT(mem, dead_tunnel_errors_as_tcp, 120)
{
	char cmd[512];

	if (!getenv("MLT_HAVE_NETEM"))
		SKIP(return, "tc or sch_netem is missing");
	/* mlt_transport's vanished_peer_times_out sets the same. */
	snprintf(cmd, sizeof(cmd),
		 "ip netns exec %s %s config tunnel-timeout 2000 >/dev/null",
		 ns_of("NS_C2"), mltctl());
	ASSERT_EQ(0, system(cmd));
	self->srv = start_server(self->sh, error_server);
	ASSERT_LT(0, self->srv);
	EXPECT_EQ(0, reap(spawn(ns_of("NS_C2"), dead_tunnel_client,
				self->sh)));
	/* Back to the default, which also bounds a shut window. */
	snprintf(cmd, sizeof(cmd),
		 "ip netns exec %s %s config tunnel-timeout %d >/dev/null",
		 ns_of("NS_C2"), mltctl(), MLT_TUNNEL_TIMEOUT_DEFAULT);
	EXPECT_EQ(0, system(cmd));
}

TEST_HARNESS_MAIN
