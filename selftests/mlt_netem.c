// SPDX-License-Identifier: GPL-2.0
/*
 * Transfers over shaped links (issue 11, point 8), run by mlt_transport.sh
 * beside mlt_transport (same namespaces and server: NS_S, MLT_SRV_*).
 *
 * Each test moves a client into a namespace of its own, joined to the
 * server's ($NS_S) by a veth pair vy<L> (10.9.L.1) -- vx<L> (10.9.L.2 and
 * .3, named srv.test and srv-b.test), and shapes both egresses the same
 * way with tc: a 40 ms round trip (netem delay 20ms each way) plus the
 * scenario's impairment (the delay scenario: 100 ms +- 20 ms each way
 * instead). The pair and its qdiscs go away with the client.
 *
 * Transfer scenarios: NCONN (8) connections on the tunnel at once, half
 * uploading and half downloading S bytes each; the sender hashes what it
 * sends (SHA-256), the receiver what it gets, and the receiver checks the
 * sender's digest, which ends the stream. Each passes if every connection
 * is delivered intact within the scenario's bound and the client's
 * namespace counts no tunnel timed out (tunnels_timed_out stays 0: the
 * namespace is new, so the count is exact). Two scenarios check loss
 * recovery's signals as well: under reordering the client undoes window
 * reductions as spurious (spurious-undos > 0: the echo named originals
 * that arrived after their copies); when the client's retransmission
 * timeout backed off to at least 1.6 s in the blackout (sampled from
 * `mltctl tunnels`; its own datagrams waited through it), it is at most
 * half of that once the transfers are done (samples from the
 * retransmitted datagrams ended the back-off). The bound is generous,
 * never a speed target:
 *
 *   bound = slow * (T0 + extra + NCONN * S * 8 / rmin)
 *
 * with T0 = 20 s (namespaces, handshakes, the emulated CPU), extra the
 * scenario's own pause (the blackout: 10 s plus 20 s to recover), rmin a
 * floor on the aggregate rate, Mbit/s (the SCENARIO lines below: a third
 * or less of what one TCP flow gets on the path, a tenth of the
 * bottleneck) and slow = 4 on the KASAN and KCSAN kernels. The bottleneck
 * is 20 Mbit/s (tbf) with a queue of 0.25, 1 or 4 BDP, 1 BDP being
 * 20 Mbit/s * 40 ms = 100000 bytes.
 *
 * Sharing scenarios: two flows through a 20 Mbit/s bottleneck with a queue
 * of one BDP (both egresses), server to client, for 5 s of warm-up then
 * 20 s measured: two tunnels (srv.test and srv-b.test: two server
 * addresses), or one tunnel against one TCP flow. Each flow must get at
 * least a third of what crossed the link in those 20 s (the link's own
 * delivery: an emulated CPU may not fill 20 Mbit/s, and the rate itself
 * is not asserted). Streams are checked against their pattern.
 *
 * Lanes: the whole matrix on a plain kernel newer than 6.1 (6.12); on 6.1,
 * the debug kernels, KASAN and KCSAN, and the arm64 and s390x guests of
 * make check-arch (MLT_SLOW, set by mlt_transport.sh), a subset (loss 5%, reordering, blackout) with a quarter
 * of the size; the rest SKIP saying so. MLT_NETEM_MATRIX=full|subset
 * overrides the choice; MLT_NETEM_SCALE=K multiplies every size (and so
 * the bounds): K=16 gives the 16 MiB per connection on 6.12.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <sodium.h>

#include "kselftest_harness.h"
#include "mlt_test.h"
#include "mltnl.h"
#include "util.h"

#define NCONN		8		/* connections per transfer scenario */
#define NFLOW_MAX	NCONN
#define ONE_WAY_MS	20		/* 40 ms round trip */
#define LINK_MBIT	20		/* the bottleneck */
/* Bandwidth-delay product of the bottleneck: 20 Mbit/s * 40 ms. */
#define BDP_BYTES	(LINK_MBIT * 1000000 / 8 * 2 * ONE_WAY_MS / 1000)
#define T0_S		20
#define BLACKOUT_S	10
#define WARMUP_S	5
#define SHARE_S		20
/* Each sender sends this long; then its flow has STOP_S to reach EOF. */
#define SEND_S		(WARMUP_S + SHARE_S + 5)
#define STOP_S		60
#define TCP_PORT	5201
/* The harness's limit: only a hang reaches it; children have bounds. */
#define NETEM_TIMEOUT	3600

/* ---- helpers ---------------------------------------------------------- */

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/*
 * A kernel with KASAN or KCSAN, or a guest of another CPU (MLT_SLOW, set
 * by mlt_transport.sh).
 */
static bool slow_kernel(void)
{
	return getenv("MLT_SLOW") != NULL;
}

/* Linux 6.1 runs the subset: its lane is a compatibility check. */
static bool old_kernel(void)
{
	struct utsname u;

	return !uname(&u) && !strncmp(u.release, "6.1.", 4);
}

/* The whole matrix here, or the subset (see the top of the file). */
static bool full_matrix(void)
{
	const char *m = getenv("MLT_NETEM_MATRIX");

	if (m && !strcmp(m, "full"))
		return true;
	if (m && !strcmp(m, "subset"))
		return false;
	return !slow_kernel() && !old_kernel();
}

static unsigned int size_scale(void)
{
	const char *s = getenv("MLT_NETEM_SCALE");
	long k = s ? strtol(s, NULL, 10) : 1;

	return k >= 1 && k <= 1024 ? k : 1;
}

/*
 * Fork a child, leader of a process group of its own (teardown kills the
 * group: the child's own children too), in namespace @ns (NULL: ours),
 * with an alarm of @alarm_s; it runs fn(arg).
 */
static pid_t spawn_group(const char *ns, unsigned int alarm_s,
			 int (*fn)(void *), void *arg)
{
	pid_t pid = fork();

	if (pid == 0) {
		setpgid(0, 0);
		alarm(alarm_s);
		if (ns && enter_ns(ns))
			_exit(child_fail(90, *ns ? "setns" :
				"setns (NS_S unset: run by mlt_transport.sh)"));
		_exit(fn(arg));
	}
	return pid;
}

/* MLT_STAT_* @stat of our namespace, or -1. */
static long long own_stat(unsigned int stat)
{
	struct mltnl *nl = mltnl_open(0, NULL);
	struct mltnl_status st;
	long long v = -1;

	if (nl && !mltnl_status(nl, &st) && mltnl_counter_has(&st.stats, stat))
		v = st.stats.v[stat];
	mltnl_close(nl);
	return v;
}

/*
 * tc on both egresses of link @n (vy@n here, vx@n in the server's
 * namespace): "qdisc @verb ... root handle 1: netem @netem", then, with
 * @queue bytes, a 20 Mbit/s tbf of that queue under it (netem delays a
 * datagram, then hands it to the bottleneck). 0 if every command worked.
 */
static int shape(int n, const char *verb, const char *netem,
		 unsigned int queue)
{
	char dev[2][64];
	int i;

	snprintf(dev[0], sizeof(dev[0]), "dev vy%d", n);
	snprintf(dev[1], sizeof(dev[1]), "dev vx%d", n);
	for (i = 0; i < 2; i++) {
		const char *in = i ? "ip netns exec " : "";
		const char *ns = i ? SRV : "";

		if (sh("%s%s tc qdisc %s %s root handle 1: netem %s limit 10000",
		       in, ns, verb, dev[i], netem))
			return -1;
		if (queue && sh("%s%s tc qdisc %s %s parent 1:1 handle 10: "
				"tbf rate %dmbit burst 8kb limit %u",
				in, ns, verb, dev[i], LINK_MBIT, queue))
			return -1;
	}
	return 0;
}

/* ---- transfer scenarios ----------------------------------------------- */

/* What a scenario's processes share (MAP_SHARED, made before they fork). */
struct shared {
	uint64_t rx[NFLOW_MAX];		/* bytes each receiver has so far */
	double secs[NFLOW_MAX];		/* each connection's time, client side */
};

struct scenario {
	const char *name;
	const char *netem;	/* netem options on each egress */
	unsigned int queue;	/* bottleneck queue in bytes, 0: no tbf */
	unsigned int div;	/* divides the size (loss: 2, 16; 0: 1) */
	double rmin;		/* floor on the aggregate rate, Mbit/s */
	unsigned int extra_s;	/* seconds added to the bound */
	bool blackout;		/* 10 s of loss 100% at a quarter of the way */
	bool spurious;		/* retransmissions must prove spurious */
	bool subset;		/* runs on the subset lanes too */
	int link;		/* own_client_ns() number: 10.9.link.0/24 */
	uint16_t service;
};

/* The run of one scenario, shared by its server and client. */
struct run {
	const struct scenario *sc;
	struct shared *sh;
	struct ready ready;
	size_t size;		/* bytes per connection */
	double bound;		/* seconds */
};

/* The first bytes of a connection: which one, and which way. */
struct xfer_hdr {
	uint32_t idx;
	uint32_t download;	/* 1: the server sends */
	uint64_t size;
};

static uint64_t seed_of(const struct run *r, uint32_t idx)
{
	return (uint64_t)r->sc->service << 16 | idx;
}

/* Send @size pattern bytes of @seed, then their SHA-256. */
static int send_stream(int s, uint64_t seed, size_t size)
{
	static uint8_t buf[65536];
	crypto_hash_sha256_state st;
	uint8_t digest[32];
	size_t off = 0;

	crypto_hash_sha256_init(&st);
	while (off < size) {
		size_t n = size - off < sizeof(buf) ? size - off : sizeof(buf);

		pattern(buf, n, seed, off);
		crypto_hash_sha256_update(&st, buf, n);
		if (write_all(s, buf, n))
			return -1;
		off += n;
	}
	crypto_hash_sha256_final(&st, digest);
	return write_all(s, digest, sizeof(digest));
}

/*
 * Receive @size bytes and the sender's SHA-256 of them, then EOF, counting
 * progress in *@rx: 0 if the digests match, else a child_fail() code.
 */
static int recv_stream(int s, size_t size, uint64_t *rx)
{
	static uint8_t buf[65536];
	crypto_hash_sha256_state st;
	uint8_t mine[32], theirs[32];
	size_t got = 0;

	crypto_hash_sha256_init(&st);
	while (got < size) {
		size_t want = size - got < sizeof(buf) ? size - got : sizeof(buf);
		ssize_t n = recv(s, buf, want, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return child_failf(20, "recv after %zu of %zu bytes: %s",
					   got, size, strerror(errno));
		if (n == 0)
			return child_failf(21, "EOF after %zu of %zu bytes",
					   got, size);
		crypto_hash_sha256_update(&st, buf, n);
		got += n;
		__atomic_add_fetch(rx, n, __ATOMIC_RELAXED);
	}
	crypto_hash_sha256_final(&st, mine);
	if (read_full(s, theirs, sizeof(theirs)) != sizeof(theirs))
		return child_fail(22, "reading the sender's digest");
	if (memcmp(mine, theirs, sizeof(mine)))
		return child_failf(23, "SHA-256 of the %zu bytes differs", size);
	if (read_full(s, buf, 1) != 0)
		return child_fail(24, "EOF after the digest");
	return 0;
}

/* One accepted connection: the server's half. */
static int xfer_serve(struct run *r, int c)
{
	struct xfer_hdr h;
	int ret;

	if (read_full(c, &h, sizeof(h)) != sizeof(h) || h.idx >= NCONN ||
	    h.size != r->size)
		return child_fail(30, "reading a valid header");
	/* No wait for the client's close: its namespace may go first. */
	if (h.download) {
		if (send_stream(c, seed_of(r, h.idx), h.size))
			return child_failf(31, "conn %u: sending: %s", h.idx,
					   strerror(errno));
		if (shutdown(c, SHUT_WR))
			return child_fail(32, "shutdown");
		return 0;
	}
	ret = recv_stream(c, h.size, &r->sh->rx[h.idx]);
	if (ret)
		return ret;
	/* The client's time ends with this: its stream came intact. */
	if (write_all(c, "K", 1))
		return child_fail(36, "sending the verdict");
	return 0;
}

/* Accept NCONN connections, each served by a child; 0 if all were fine. */
static int xfer_server(void *arg)
{
	struct run *r = arg;
	int l = mlt_listen(r->sc->service, NCONN), i, bad = 0;

	if (l < 0)
		return child_fail(33, "listen");
	ready_signal(&r->ready);
	for (i = 0; i < NCONN; i++) {
		int c = accept(l, NULL, NULL);

		if (c < 0)
			return child_fail(34, "accept");
		if (fork() == 0)
			_exit(xfer_serve(r, c));
		close(c);
	}
	for (i = 0; i < NCONN; i++) {
		int status;

		if (wait(&status) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			bad++;
	}
	return bad ? child_failf(35, "%d of %d server sides failed", bad,
				 NCONN) : 0;
}

/* One connection, the client's half: odd ones download. */
static int xfer_conn(struct run *r, uint32_t idx)
{
	struct xfer_hdr h = { .idx = idx, .download = idx & 1,
			      .size = r->size };
	double t0 = now_s();
	int s = mlt_connect("srv.test", r->sc->service), ret;
	char verdict[2];

	if (s < 0)
		return child_fail(40, "connect");
	if (write_all(s, &h, sizeof(h)))
		return child_fail(41, "sending the header");
	if (h.download) {
		ret = recv_stream(s, r->size, &r->sh->rx[idx]);
		if (ret)
			return ret;
	} else {
		if (send_stream(s, seed_of(r, idx), r->size) ||
		    shutdown(s, SHUT_WR))
			return child_failf(42, "conn %u: sending: %s", idx,
					   strerror(errno));
		if (read_full(s, verdict, 2) != 1 || verdict[0] != 'K')
			return child_failf(43, "conn %u: no verdict from the server (it failed: see above)",
					   idx);
	}
	r->sh->secs[idx] = now_s() - t0;
	return 0;
}

static uint64_t rx_total(const struct shared *sh)
{
	uint64_t t = 0;
	int i;

	for (i = 0; i < NFLOW_MAX; i++)
		t += __atomic_load_n(&sh->rx[i], __ATOMIC_RELAXED);
	return t;
}

/*
 * Both ends' tunnels and counters on stderr, as comment lines: what a run
 * that did not finish leaves to read.
 */
static void dump_ends(void)
{
	char cmd[512];
	int i;

	for (i = 0; i < 2; i++) {
		const char *in = i ? "ip netns exec " : "";
		const char *ns = i ? SRV : "";

		snprintf(cmd, sizeof(cmd),
			 "{ %s%s %s tunnels; %s%s %s show -s; } 2>&1 | sed 's/^/#   %s: /' >&2",
			 in, ns, mltctl(), in, ns, mltctl(),
			 i ? "server" : "client");
		if (system(cmd))
			fprintf(stderr, "#   (could not read the %s's state)\n",
				i ? "server" : "client");
	}
}

/*
 * The client: its own namespace and link, shaped; NCONN connections at
 * once, each in a child; the blackout if the scenario has one; then every
 * connection within the bound and no tunnel timed out.
 */
static int xfer_client(void *arg)
{
	struct run *r = arg;
	const struct scenario *sc = r->sc;
	pid_t pid[NCONN];
	int ret = own_client_ns(sc->link, true), left = NCONN, bad = 0, i;
	double t0, t, black = 0, slowest = 0;
	uint64_t total = (uint64_t)NCONN * r->size, black_rx = 0;
	long long timed_out, rexmit, undos, rto, rto_peak = 0;

	if (ret)
		return ret;
	if (shape(sc->link, "add", sc->netem, sc->queue))
		return child_fail(50, "tc: shaping the link");
	t0 = now_s();
	for (i = 0; i < NCONN; i++) {
		pid[i] = fork();
		if (pid[i] == 0)
			_exit(xfer_conn(r, i));
	}
	while (left) {
		int status;
		pid_t p = waitpid(-1, &status, WNOHANG);

		if (p > 0) {
			for (i = 0; i < NCONN; i++)
				if (pid[i] == p)
					pid[i] = 0;
			if (!WIFEXITED(status) || WEXITSTATUS(status))
				bad++;
			left--;
			continue;
		}
		/* Closer looks until the blackout: the transfers are quick. */
		usleep(sc->blackout && !black ? 10000 : 100000);
		t = now_s() - t0;
		/* Blackout: loss 100% both ways from a quarter of the way. */
		if (sc->blackout && !black && rx_total(r->sh) >= total / 4) {
			if (shape(sc->link, "change", "delay 20ms loss 100%", 0))
				return child_fail(51, "tc: the blackout");
			black = t;
			black_rx = rx_total(r->sh);
			fprintf(stderr, "# %s: blackout at %.1f s, %llu of %llu bytes delivered\n",
				sc->name, t, (unsigned long long)rx_total(r->sh),
				(unsigned long long)total);
		}
		/* The timeout's back-off while nothing gets through. */
		if (black > 0 && !tunnel_field(NULL, "rto_ms", &rto) &&
		    rto > rto_peak)
			rto_peak = rto;
		if (black > 0 && t >= black + BLACKOUT_S) {
			if (shape(sc->link, "change", sc->netem, 0))
				return child_fail(52, "tc: ending the blackout");
			black = -1;
		}
		if (t > r->bound) {
			fprintf(stderr, "# %s: not done within the bound, %.0f s:\n",
				sc->name, r->bound);
			for (i = 0; i < NCONN; i++)
				fprintf(stderr, "#   conn %d (%s): %s, %llu of %zu bytes received\n",
					i, i & 1 ? "download" : "upload",
					pid[i] ? "running" : "ended",
					(unsigned long long)r->sh->rx[i],
					r->size);
			dump_ends();
			for (i = 0; i < NCONN; i++)
				if (pid[i])
					kill(pid[i], SIGKILL);
			while (wait(NULL) > 0)
				;
			return 53;
		}
	}
	if (bad)
		return child_failf(54, "%d of %d connections failed (see above)",
				   bad, NCONN);
	if (sc->blackout && !black)
		return child_failf(55, "the blackout never began: the transfers ended between two looks (%.1f s)",
				   now_s() - t0);
	/* Possible when the rest of the data was already buffered. */
	if (black > 0)
		fprintf(stderr, "# %s: the transfers ended during the blackout\n",
			sc->name);
	for (i = 0; i < NCONN; i++)
		if (r->sh->secs[i] > slowest)
			slowest = r->sh->secs[i];
	timed_out = own_stat(MLT_STAT_TUNNELS_TIMED_OUT);
	rexmit = own_stat(MLT_STAT_RETRANSMITS);
	undos = own_stat(MLT_STAT_SPURIOUS_UNDOS);
	if (tunnel_field(NULL, "rto_ms", &rto))
		rto = -1;
	/* Let the closes reach the server before the namespace goes. */
	for (i = 0; i < 100 && own_stat(MLT_STAT_CONNS) > 0; i++)
		usleep(100000);
	fprintf(stderr, "# %s: %d x %zu KiB in %.1f s (slowest; bound %.0f s), %lld datagrams retransmitted by the client\n",
		sc->name, NCONN, r->size >> 10, slowest, r->bound, rexmit);
	if (timed_out)
		return child_failf(56, "tunnels_timed_out is %lld, not 0",
				   timed_out);
	if (sc->spurious) {
		/* The echo names originals that came after their copies. */
		fprintf(stderr, "# %s: %lld window reductions undone as spurious\n",
			sc->name, undos);
		if (undos <= 0)
			return child_failf(57, "spurious-undos is %lld: reordering never recognised",
					   undos);
	}
	if (sc->blackout && black < 0) {
		/*
		 * The client's timeout backs off when its own datagrams wait
		 * through the blackout (not when only the server's do: its
		 * uploads may all be stopped by the server's window). Then
		 * samples from the retransmissions must end the back-off, if
		 * enough is left to send after it to take them: a slow kernel
		 * may start the blackout near the end (the looks above come
		 * late while eight transfers keep its CPUs busy).
		 */
		bool few = total - black_rx < total / 8;

		fprintf(stderr, "# %s: RTO %lld ms at most in the blackout, %lld ms after%s\n",
			sc->name, rto_peak, rto, rto_peak < 1600 ?
			" (the client had nothing waiting: not checked)" :
			few ? " (less than an eighth was left after it: not checked)" : "");
		if (rto_peak >= 1600 && !few && (rto < 0 || rto > rto_peak / 2))
			return child_failf(58, "RTO %lld ms in the blackout, %lld ms after: the back-off did not reset",
					   rto_peak, rto);
	}
	return 0;
}

FIXTURE(netem) {
	pid_t server;
	pid_t client;
	struct shared *sh;
};

FIXTURE_SETUP(netem)
{
	self->server = 0;
	self->client = 0;
	self->sh = mmap(NULL, sizeof(*self->sh), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->sh);
	memset(self->sh, 0, sizeof(*self->sh));
}

/* Kill what is left of the test's process groups. */
FIXTURE_TEARDOWN(netem)
{
	if (self->client > 0) {
		kill(-self->client, SIGKILL);
		reap(self->client);
	}
	if (self->server > 0) {
		kill(-self->server, SIGKILL);
		reap(self->server);
	}
	munmap(self->sh, sizeof(*self->sh));
}

static const char *lane(void)
{
	if (slow_kernel())
		return "a KASAN or KCSAN kernel, or another CPU's guest";
	return old_kernel() ? "Linux 6.1" : "MLT_NETEM_MATRIX=subset";
}

static void run_scenario(struct __test_metadata *_metadata,
			 FIXTURE_DATA(netem) *self, const struct scenario *sc)
{
	struct run r = { .sc = sc, .sh = self->sh };
	bool full = full_matrix();
	double mbit;
	int ret;

	if (!have_netem())
		SKIP(return, NO_NETEM);
	if (!full && !sc->subset)
		SKIP(return, "the subset lane (%s): the whole matrix runs on 6.12 (MLT_NETEM_MATRIX=full forces it)",
		     lane());
	r.size = ((size_t)1 << 20) * size_scale() / (full ? 1 : 4) /
		(sc->div ?: 1);
	mbit = NCONN * r.size * 8 / 1e6;
	r.bound = (slow_kernel() ? 4 : 1) *
		(T0_S + sc->extra_s + mbit / sc->rmin);
	ready_init(&r.ready);
	self->server = spawn_group(SRV, r.bound + 120, xfer_server, &r);
	ASSERT_EQ(0, ready_wait(&r.ready));
	self->client = spawn_group(NULL, r.bound + 120, xfer_client, &r);
	ret = reap(self->client);
	self->client = 0;
	EXPECT_EQ(0, ret);
	if (ret)
		return;		/* teardown kills the server */
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
}

/* The netem options of the 40 ms round trip, with @x. */
#define RTT40(x)	"delay 20ms " x

#define SCENARIO(test, ...)						\
TEST_F_TIMEOUT(netem, test, NETEM_TIMEOUT)				\
{									\
	static const struct scenario sc = { .name = #test, __VA_ARGS__ }; \
	run_scenario(_metadata, self, &sc);				\
}

SCENARIO(loss_1pct, .netem = RTT40("loss 1%"), .rmin = 1,
	 .link = 50, .service = 60)
SCENARIO(loss_5pct, .netem = RTT40("loss 5%"), .rmin = 0.4, .div = 2,
	 .subset = true, .link = 51, .service = 61)
SCENARIO(loss_20pct, .netem = RTT40("loss 20%"), .rmin = 0.05, .div = 16,
	 .link = 52, .service = 62)
SCENARIO(reorder_25pct, .netem = RTT40("reorder 25% 50%"), .rmin = 1,
	 .spurious = true, .subset = true, .link = 53, .service = 63)
SCENARIO(duplicate_5pct, .netem = RTT40("duplicate 5%"), .rmin = 1,
	 .link = 54, .service = 64)
SCENARIO(corrupt_1pct, .netem = RTT40("corrupt 1%"), .rmin = 1,
	 .link = 55, .service = 65)
SCENARIO(delay_100ms_jitter_20ms, .netem = "delay 100ms 20ms", .rmin = 1,
	 .link = 56, .service = 66)
SCENARIO(bottleneck_queue_quarter_bdp, .netem = RTT40(""),
	 .queue = BDP_BYTES / 4, .rmin = 2, .link = 57, .service = 67)
SCENARIO(bottleneck_queue_1_bdp, .netem = RTT40(""), .queue = BDP_BYTES,
	 .rmin = 2, .link = 58, .service = 68)
SCENARIO(bottleneck_queue_4_bdp, .netem = RTT40(""),
	 .queue = 4 * BDP_BYTES, .rmin = 2, .link = 59, .service = 69)
SCENARIO(blackout_10s, .netem = RTT40(""), .rmin = 1, .blackout = true,
	 .extra_s = BLACKOUT_S + 20, .subset = true, .link = 60,
	 .service = 70)

/* ---- sharing a bottleneck --------------------------------------------- */

struct share {
	struct shared *sh;
	struct ready ready;
	bool tcp;		/* flow 1 is TCP, not a second tunnel */
	int link;
	uint16_t service;
};

/*
 * One flow's sender: the pattern of seed @idx for SEND_S seconds (beyond
 * the client's window), then the stream ends. Timed, so that nothing
 * reads the socket while it sends: the client needs no stop message.
 */
static int share_send(int c)
{
	static uint8_t buf[16384];
	double t0 = now_s();
	uint64_t off = 0;
	uint8_t idx;

	if (read_full(c, &idx, 1) != 1)
		return child_fail(60, "reading the flow's number");
	while (now_s() - t0 < SEND_S) {
		ssize_t n;

		pattern(buf, sizeof(buf), idx, off);
		n = send(c, buf, sizeof(buf), MSG_NOSIGNAL);
		if (n < 0 && errno != EINTR)
			return child_failf(61, "flow %u: send: %s", idx,
					   strerror(errno));
		if (n > 0)
			off += n;
	}
	if (shutdown(c, SHUT_WR))
		return child_fail(64, "shutdown");
	return 0;
}

static int share_server(void *arg)
{
	struct share *s = arg;
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(TCP_PORT) };
	int l = mlt_listen(s->service, 4), t = -1, one = 1, i, bad = 0;

	if (l < 0)
		return child_fail(65, "listen");
	if (s->tcp) {
		t = socket(AF_INET, SOCK_STREAM, 0);
		if (t < 0 || setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one,
					sizeof(one)) ||
		    bind(t, (void *)&a, sizeof(a)) || listen(t, 4))
			return child_fail(66, "TCP listen");
	}
	ready_signal(&s->ready);
	for (i = 0; i < 2; i++) {
		int c = accept(i && s->tcp ? t : l, NULL, NULL);

		if (c < 0)
			return child_fail(67, "accept");
		if (fork() == 0)
			_exit(share_send(c));
		close(c);
	}
	for (i = 0; i < 2; i++) {
		int status;

		if (wait(&status) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			bad++;
	}
	return bad ? child_failf(68, "%d sender(s) failed", bad) : 0;
}

/* Read flow @idx to EOF, checking the pattern and counting the bytes. */
static int share_recv(int s, uint8_t idx, uint64_t *rx)
{
	static uint8_t buf[65536], want[65536];
	uint64_t off = 0;

	for (;;) {
		ssize_t n = recv(s, buf, sizeof(buf), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return child_failf(70, "flow %u: recv after %llu bytes: %s",
					   idx, (unsigned long long)off,
					   strerror(errno));
		if (n == 0)
			return 0;
		pattern(want, n, idx, off);
		if (memcmp(buf, want, n))
			return child_failf(71, "flow %u: wrong bytes at %llu",
					   idx, (unsigned long long)off);
		off += n;
		__atomic_store_n(rx, off, __ATOMIC_RELAXED);
	}
}

static int tcp_connect(int link)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(TCP_PORT) };
	char ip[32];
	int s = socket(AF_INET, SOCK_STREAM, 0);

	snprintf(ip, sizeof(ip), "10.9.%d.2", link);
	inet_pton(AF_INET, ip, &a.sin_addr);
	if (s >= 0 && connect(s, (void *)&a, sizeof(a))) {
		close(s);
		return -1;
	}
	return s;
}

static int share_client(void *arg)
{
	static const char * const name[2][2] = {
		{ "tunnel to srv.test", "tunnel to srv-b.test" },
		{ "tunnel", "TCP" },
	};
	struct share *s = arg;
	uint64_t a[2], b[2], total;
	pid_t pid[2];
	int ret = own_client_ns(s->link, true), fd[2], i, left = 2, bad = 0;
	long long timed_out;
	double t0;
	uint8_t idx;

	if (ret)
		return ret;
	if (shape(s->link, "add", RTT40(""), BDP_BYTES))
		return child_fail(72, "tc: shaping the link");
	fd[0] = mlt_connect("srv.test", s->service);
	fd[1] = s->tcp ? tcp_connect(s->link) :
		mlt_connect("srv-b.test", s->service);
	if (fd[0] < 0 || fd[1] < 0)
		return child_fail(73, "connecting the two flows");
	for (i = 0; i < 2; i++) {
		idx = i;
		if (write_all(fd[i], &idx, 1))
			return child_fail(74, "sending the flow's number");
		pid[i] = fork();
		if (pid[i] == 0)
			_exit(share_recv(fd[i], i, &s->sh->rx[i]));
	}
	sleep(WARMUP_S);
	a[0] = __atomic_load_n(&s->sh->rx[0], __ATOMIC_RELAXED);
	a[1] = __atomic_load_n(&s->sh->rx[1], __ATOMIC_RELAXED);
	sleep(SHARE_S);
	b[0] = __atomic_load_n(&s->sh->rx[0], __ATOMIC_RELAXED);
	b[1] = __atomic_load_n(&s->sh->rx[1], __ATOMIC_RELAXED);
	total = (b[0] - a[0]) + (b[1] - a[1]);
	fprintf(stderr, "# %s %.2f Mbit/s, %s %.2f Mbit/s over %d s (link %d Mbit/s, queue %d bytes)\n",
		name[s->tcp][0], (b[0] - a[0]) * 8 / 1e6 / SHARE_S,
		name[s->tcp][1], (b[1] - a[1]) * 8 / 1e6 / SHARE_S, SHARE_S,
		LINK_MBIT, BDP_BYTES);
	/* The senders end their streams after SEND_S: the readers see EOF. */
	close(fd[0]);
	close(fd[1]);
	t0 = now_s();
	while (left && now_s() - t0 < SEND_S - WARMUP_S - SHARE_S + STOP_S) {
		int status;
		pid_t p = waitpid(-1, &status, WNOHANG);

		if (p <= 0) {
			usleep(100000);
			continue;
		}
		for (i = 0; i < 2; i++)
			if (pid[i] == p)
				pid[i] = 0;
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			bad++;
		left--;
	}
	for (i = 0; i < 2; i++)
		if (pid[i]) {
			fprintf(stderr, "# %s: no EOF within %d s of the stream's end\n",
				name[s->tcp][i], STOP_S);
			kill(pid[i], SIGKILL);
			bad++;
		}
	for (i = 0; i < 2 && total; i++)
		if (3 * (b[i] - a[i]) < total)
			return child_failf(79, "%s got %.0f%% of the link's bytes, less than a third",
					   name[s->tcp][i],
					   100.0 * (b[i] - a[i]) / total);
	if (bad)
		return child_failf(76, "%d flow(s) failed (see above)", bad);
	timed_out = own_stat(MLT_STAT_TUNNELS_TIMED_OUT);
	if (timed_out)
		return child_failf(77, "tunnels_timed_out is %lld, not 0",
				   timed_out);
	if (!total)
		return child_failf(78, "nothing crossed the link in %d s",
				   SHARE_S);
	return 0;
}

static void run_share(struct __test_metadata *_metadata,
		      FIXTURE_DATA(netem) *self, struct share *s)
{
	int ret;

	if (!have_netem())
		SKIP(return, NO_NETEM);
	if (!full_matrix())
		SKIP(return, "the subset lane (%s): the whole matrix runs on 6.12 (MLT_NETEM_MATRIX=full forces it)",
		     lane());
	s->sh = self->sh;
	ready_init(&s->ready);
	self->server = spawn_group(SRV, 180, share_server, s);
	ASSERT_EQ(0, ready_wait(&s->ready));
	self->client = spawn_group(NULL, 150, share_client, s);
	ret = reap(self->client);
	self->client = 0;
	EXPECT_EQ(0, ret);
	if (ret)
		return;
	EXPECT_EQ(0, reap(self->server));
	self->server = 0;
}

TEST_F_TIMEOUT(netem, two_tunnels_share_a_bottleneck, 300)
{
	struct share s = { .tcp = false, .link = 61, .service = 71 };

	run_share(_metadata, self, &s);
}

TEST_F_TIMEOUT(netem, tunnel_against_tcp_flow, 300)
{
	struct share s = { .tcp = true, .link = 62, .service = 72 };

	run_share(_metadata, self, &s);
}

TEST_HARNESS_MAIN
