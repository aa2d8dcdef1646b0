// SPDX-License-Identifier: GPL-2.0
/*
 * Names for every program: the kernel's virtual addresses
 * (MLT_CMD_VADDR_GET) and libnss_minimalt, through the calls programs
 * make (getaddrinfo, gethostbyname2, gethostbyaddr) and getent.
 *
 * The first test installs the module where glibc looks (next to libc.so.6)
 * and writes /etc/nsswitch.conf ("hosts: files minimalt"): the guest is
 * thrown away after the run. Each test runs in a fresh network namespace,
 * so the directory and the table of virtual addresses start empty and
 * the first name gets index 1. The resolver, when a test needs one, is a
 * child answering by the name's first label: ok-* at once, slow-* after
 * SLOW_MS, noname-* and down-* with a negative entry of that reason,
 * silent-* never.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "mltnl.h"
#include "util.h"

#define NSS_SO		"/mlt/lib/libnss_minimalt.so.2"
#define SLOW_MS		300
#define SILENT_TIMEOUT	700	/* ms: the resolve timeout of that test */
#define VADDRS_MAX	4096	/* kernel/limits.h MLT_VADDRS_MAX */

/* Run a shell command: 0 if it exited 0. */
static int __attribute__((format(printf, 1, 2))) sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static const char *mltctl(void)
{
	return getenv("MLTCTL") ?: "/mlt/bin/mltctl";
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Install the module next to the libc this program runs with, once. */
static int nss_install(void)
{
	static int done;
	char line[512], dir[512] = "", *p;
	FILE *f;

	if (done)
		return 0;
	f = fopen("/proc/self/maps", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		p = strstr(line, "/libc.so.6");
		if (p && strchr(line, '/')) {
			*p = '\0';
			snprintf(dir, sizeof(dir), "%s", strchr(line, '/'));
			break;
		}
	}
	fclose(f);
	if (!dir[0] || sh("cp %s %s/ && printf 'hosts: files minimalt\\n' > /etc/nsswitch.conf",
			  NSS_SO, dir))
		return -1;
	done = 1;
	return 0;
}

/* A positive entry for @name (127.0.0.1, made-up keys), or a negative one. */
static int dir_add(struct mltnl *h, const char *name, uint32_t error)
{
	struct mltnl_dir_entry e = { .error = error, .lifetime = 60 };

	snprintf(e.name, sizeof(e.name), "%s", name);
	if (!error) {
		e.n_addrs = 1;
		e.addrs[0].len = 4;
		memcpy(e.addrs[0].bytes, "\x7f\x00\x00\x01", 4);
		e.port = 4747;
		memset(e.identity, 0x11, MLT_KEY_LEN);
		e.n_eph = 1;
		memset(e.eph[0], 0x22, MLT_KEY_LEN);
	}
	return mltnl_dir_add(h, &e, MLTNL_DIR_REPLACE);
}

/* getaddrinfo() of @name for @family: 0 and the first address, or EAI_*. */
static int gai(const char *name, int family, void *addr)
{
	struct addrinfo hints = { .ai_family = family,
				  .ai_socktype = SOCK_STREAM };
	struct addrinfo *res;
	int ret = getaddrinfo(name, "80", &hints, &res);

	if (ret)
		return ret;
	if (res->ai_family == AF_INET)
		memcpy(addr, &((struct sockaddr_in *)res->ai_addr)->sin_addr, 4);
	else
		memcpy(addr, &((struct sockaddr_in6 *)res->ai_addr)->sin6_addr,
		       16);
	freeaddrinfo(res);
	return 0;
}

static const char *text(int family, const void *addr)
{
	static char buf[INET6_ADDRSTRLEN];

	return inet_ntop(family, addr, buf, sizeof(buf)) ?: "?";
}

/* The resolver: answers by the first label, as the header says. */
static void resolver_main(int ready_fd)
{
	struct { char name[MLT_NAME_MAX]; long long due; } slow[16];
	unsigned int n_slow = 0, i;
	struct mltnl_ntf n;
	struct mltnl *h;
	int ret;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	h = mltnl_open(MLTNL_GROUP_RESOLVE, NULL);
	if (write(ready_fd, h ? "R" : "E", 1) != 1 || !h)
		_exit(1);
	close(ready_fd);
	for (;;) {
		ret = mltnl_ntf_next(h, &n, n_slow ? 10 : -1);
		for (i = 0; i < n_slow; ) {
			if (slow[i].due > now_ms()) {
				i++;
				continue;
			}
			dir_add(h, slow[i].name, 0);
			slow[i] = slow[--n_slow];
		}
		if (ret <= 0 || n.cmd != MLT_CMD_RESOLVE)
			continue;
		if (!strncmp(n.dir.name, "ok-", 3))
			dir_add(h, n.dir.name, 0);
		else if (!strncmp(n.dir.name, "noname-", 7))
			dir_add(h, n.dir.name, MLT_DIR_ERR_NO_NAME);
		else if (!strncmp(n.dir.name, "down-", 5))
			dir_add(h, n.dir.name, MLT_DIR_ERR_UNAVAILABLE);
		else if (!strncmp(n.dir.name, "slow-", 5) && n_slow < 16) {
			snprintf(slow[n_slow].name, MLT_NAME_MAX, "%s",
				 n.dir.name);
			slow[n_slow++].due = now_ms() + SLOW_MS;
		}
	}
}

static pid_t start_resolver(void)
{
	int p[2];
	char c = 0;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		resolver_main(p[1]);
		_exit(1);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1 || c != 'R') {
		close(p[0]);
		return -1;
	}
	close(p[0]);
	return pid;
}

FIXTURE(nss) {
	struct mltnl *h;
	pid_t resolver;
};

FIXTURE_SETUP(nss)
{
	self->resolver = -1;
	ASSERT_EQ(0, nss_install());
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, system("ip link set lo up"));
	self->h = mltnl_open(0, NULL);
	ASSERT_NE(NULL, self->h);
}

FIXTURE_TEARDOWN(nss)
{
	if (self->resolver > 0) {
		kill(self->resolver, SIGKILL);
		waitpid(self->resolver, NULL, 0);
	}
	if (self->h)
		mltnl_close(self->h);
}

/*
 * A name in the directory gets index 1 in both ranges, whatever the case
 * or the trailing dot it is asked with, keeps it, and reads back; another
 * name gets another.
 */
TEST_F(nss, names_get_stable_addresses)
{
	unsigned char a[16], b[16], want4[4] = { 127, 77, 0, 1 }, want6[16];
	struct mltnl_vaddr v;
	struct hostent *he;

	inet_pton(AF_INET6, "fd6d:6c74:4d00::1", want6);
	ASSERT_EQ(0, dir_add(self->h, "demo.bit", 0));
	ASSERT_EQ(0, dir_add(self->h, "www.demo.bit", 0));

	ASSERT_EQ(0, gai("demo.bit", AF_INET, a));
	EXPECT_EQ(0, memcmp(a, want4, 4)) TH_LOG("got %s", text(AF_INET, a));
	ASSERT_EQ(0, gai("Demo.BIT.", AF_INET, b));
	EXPECT_EQ(0, memcmp(a, b, 4));
	ASSERT_EQ(0, gai("demo.bit", AF_INET6, a));
	EXPECT_EQ(0, memcmp(a, want6, 16)) TH_LOG("got %s", text(AF_INET6, a));
	ASSERT_EQ(0, gai("demo.bit", AF_UNSPEC, a));

	ASSERT_EQ(0, gai("www.demo.bit", AF_INET, b));
	EXPECT_NE(0, memcmp(want4, b, 4));

	/* A name given its address now was idle for no time before. */
	ASSERT_EQ(-ENODATA, mltnl_vaddr_get(self->h, "fresh.demo.bit", &v));
	ASSERT_EQ(0, dir_add(self->h, "fresh.demo.bit", 0));
	ASSERT_EQ(0, mltnl_vaddr_get(self->h, "fresh.demo.bit", &v));
	EXPECT_EQ(0, v.idle);

	/* The kernel's view is the module's. */
	ASSERT_EQ(0, mltnl_vaddr_get(self->h, "demo.bit", &v));
	EXPECT_EQ(0, memcmp(v.v4, want4, 4));
	EXPECT_EQ(0, memcmp(v.v6, want6, 16));
	EXPECT_EQ(3, ns_stat(NULL, "vaddrs"));

	he = gethostbyname2("demo.bit", AF_INET);
	ASSERT_NE(NULL, he);
	EXPECT_STREQ("demo.bit", he->h_name);
	EXPECT_EQ(0, memcmp(he->h_addr_list[0], want4, 4));

	he = gethostbyaddr(want4, 4, AF_INET);
	ASSERT_NE(NULL, he);
	EXPECT_STREQ("demo.bit", he->h_name);
	he = gethostbyaddr(want6, 16, AF_INET6);
	ASSERT_NE(NULL, he);
	EXPECT_STREQ("demo.bit", he->h_name);

	/* getent, as an administrator would try it. */
	if (!access("/usr/bin/getent", X_OK)) {
		EXPECT_EQ(0, sh("getent hosts demo.bit | grep -q '^fd6d:6c74:4d00::1 *demo.bit$\\|^127.77.0.1 *demo.bit$'"));
		/* (Not ahostsv4: its AI_ADDRCONFIG wants an IPv4 address
		 * besides loopback, and the namespace has none.)
		 */
		EXPECT_EQ(0, sh("getent ahosts demo.bit | grep -q '^127.77.0.1 *STREAM demo.bit$'"));
		EXPECT_EQ(2 << 8, system("getent hosts nosuch.example > /dev/null"));
	}
}

/*
 * A name keeps its address when its entry goes away (in use, as a proxy
 * still maps it back), and fails as its negative entry says once it has
 * one; other names are never asked of the kernel.
 */
TEST_F(nss, entries_and_other_names)
{
	unsigned char a[16], b[16];
	long long asked = ns_stat(NULL, "resolve_requests");

	ASSERT_EQ(0, dir_add(self->h, "demo.bit", 0));
	ASSERT_EQ(0, gai("demo.bit", AF_INET, a));
	ASSERT_EQ(0, mltnl_dir_del(self->h, "demo.bit"));
	ASSERT_EQ(0, gai("demo.bit", AF_INET, b));
	EXPECT_EQ(0, memcmp(a, b, 4));

	ASSERT_EQ(0, dir_add(self->h, "demo.bit", MLT_DIR_ERR_NO_NAME));
	EXPECT_EQ(EAI_NONAME, gai("demo.bit", AF_INET, b));
	ASSERT_EQ(0, dir_add(self->h, "gone.bit", MLT_DIR_ERR_EXPIRED));
	EXPECT_EQ(EAI_NONAME, gai("gone.bit", AF_INET, b));
	ASSERT_EQ(0, dir_add(self->h, "bare.bit", MLT_DIR_ERR_NO_RECORD));
	EXPECT_EQ(EAI_NONAME, gai("bare.bit", AF_INET, b));
	ASSERT_EQ(0, dir_add(self->h, "down.bit", MLT_DIR_ERR_UNAVAILABLE));
	EXPECT_EQ(EAI_AGAIN, gai("down.bit", AF_INET, b));

	/* No resolver listens: a temporary failure, as with no DNS server. */
	EXPECT_EQ(EAI_AGAIN, gai("unknown.bit", AF_INET, b));
	EXPECT_EQ(asked, ns_stat(NULL, "resolve_requests"));
	EXPECT_EQ(EAI_NONAME, gai("example.com", AF_INET, b));
	EXPECT_EQ(EAI_NONAME, gai("under_score.bit", AF_INET, b));
	EXPECT_EQ(EAI_NONAME, gai(".bit", AF_INET, b));
	EXPECT_EQ(asked, ns_stat(NULL, "resolve_requests"));
	/* And an address outside the ranges is not ours either. */
	memcpy(b, "\x7f\x4e\x00\x01", 4);
	EXPECT_EQ(NULL, gethostbyaddr(b, 4, AF_INET));
}

/*
 * A name the directory lacks is asked of the resolver and waited for:
 * its answer, positive or negative, is what getaddrinfo() returns, and
 * silence is EAI_AGAIN at the resolve timeout.
 */
TEST_F(nss, resolution_on_demand)
{
	unsigned char a[16];
	long long t0, ms;

	self->resolver = start_resolver();
	ASSERT_LT(0, self->resolver);
	ASSERT_EQ(0, sh("%s config resolve-timeout %d", mltctl(),
			SILENT_TIMEOUT));

	EXPECT_EQ(0, gai("ok-a.bit", AF_INET, a));
	EXPECT_EQ(127, a[0]);
	t0 = now_ms();
	EXPECT_EQ(0, gai("slow-b.bit", AF_INET, a));
	ms = now_ms() - t0;
	EXPECT_LE(SLOW_MS - 20, ms);
	EXPECT_GT(SLOW_MS + 400, ms);
	EXPECT_EQ(EAI_NONAME, gai("noname-c.bit", AF_INET, a));
	if (!access("/usr/bin/getent", X_OK))
		EXPECT_EQ(2 << 8, system("getent hosts noname-x.bit"));
	EXPECT_EQ(EAI_AGAIN, gai("down-d.bit", AF_INET, a));
	t0 = now_ms();
	EXPECT_EQ(EAI_AGAIN, gai("silent-e.bit", AF_INET, a));
	ms = now_ms() - t0;
	EXPECT_LE(SILENT_TIMEOUT - 50, ms);
	EXPECT_GT(SILENT_TIMEOUT + 1500, ms);
	/* Only the names that resolved hold an address. */
	EXPECT_EQ(2, ns_stat(NULL, "vaddrs"));
}

/* Run @fn as uid @uid in a child: its exit status. */
static int as_user(uid_t uid, int (*fn)(void))
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if (setresgid(65534, 65534, 65534) || setresuid(uid, uid, uid))
			_exit(99);
		_exit(fn());
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int user_resolves(void)
{
	unsigned char a[4], want[4] = { 127, 77, 0, 1 };

	if (gai("demo.bit", AF_INET, a) || memcmp(a, want, 4))
		return 1;
	return gethostbyaddr(want, 4, AF_INET) ? 0 : 2;
}

static int user_reads_back(void)
{
	unsigned char want[4] = { 127, 77, 0, 1 };

	return gethostbyaddr(want, 4, AF_INET) ? 0 : 3;
}

static int user_lists(void)
{
	struct mltnl *h = mltnl_open(0, NULL);
	struct mltnl_vaddr *v;
	int n;

	if (!h)
		return 4;
	n = mltnl_vaddr_list(h, &v);
	mltnl_close(h);
	if (n >= 0)
		free(v);
	return n == -EPERM ? 0 : 5;
}

/*
 * Which names a user resolved is its business: anyone may have a name's
 * address, but only those who asked for it (and CAP_NET_ADMIN) read the
 * name back from the address, and only CAP_NET_ADMIN lists the table.
 */
TEST_F(nss, names_read_back_only_by_askers)
{
	unsigned char a4[4] = { 127, 77, 0, 1 };
	struct mltnl_vaddr v;

	ASSERT_EQ(0, dir_add(self->h, "demo.bit", 0));
	EXPECT_EQ(0, as_user(65534, user_resolves));
	EXPECT_EQ(3, as_user(65533, user_reads_back));
	EXPECT_EQ(0, as_user(65534, user_reads_back));
	EXPECT_EQ(0, as_user(65533, user_lists));
	/* root has CAP_NET_ADMIN, without having asked. */
	ASSERT_EQ(0, mltnl_vaddr_lookup(self->h, AF_INET, a4, &v));
	EXPECT_STREQ("demo.bit", v.name);
}

/*
 * The table holds VADDRS_MAX names: one more takes the address of the
 * name idle longest, which gets a new one when next asked for; a name
 * asked for again meanwhile keeps its own.
 */
TEST_F_TIMEOUT(nss, full_table_reclaims_idle_longest, 300)
{
	struct mltnl_vaddr v, first;
	char name[64];
	int i;

	for (i = 0; i <= VADDRS_MAX; i++) {
		snprintf(name, sizeof(name), "n%d.bit", i);
		ASSERT_EQ(0, dir_add(self->h, name, 0));
		ASSERT_EQ(0, mltnl_vaddr_get(self->h, name, &v));
		if (i == 0)
			first = v;
		ASSERT_EQ(0, mltnl_dir_del(self->h, name));
		/* n1 stays in use: asked for again before the table fills. */
		if (i == VADDRS_MAX - 1)
			ASSERT_EQ(0, mltnl_vaddr_get(self->h, "n1.bit", &v));
	}
	EXPECT_EQ(VADDRS_MAX, ns_stat(NULL, "vaddrs"));
	EXPECT_EQ(1, ns_stat(NULL, "vaddrs_reclaimed"));
	/* The newest name holds the first one's address. */
	EXPECT_EQ(0, memcmp(v.v4, first.v4, 4));
	ASSERT_EQ(0, mltnl_vaddr_lookup(self->h, AF_INET, first.v4, &v));
	snprintf(name, sizeof(name), "n%d.bit", VADDRS_MAX);
	EXPECT_STREQ(name, v.name);
	/* n1 kept its address with no entry; n0 has none and no entry. */
	ASSERT_EQ(0, mltnl_vaddr_get(self->h, "n1.bit", &v));
	EXPECT_EQ(2, v.v4[3]);
	EXPECT_EQ(-ENODATA, mltnl_vaddr_get(self->h, "n0.bit", &v));
}

TEST_HARNESS_MAIN
