// SPDX-License-Identifier: GPL-2.0
/*
 * What the transport suites share: namespaces, child processes,
 * AF_MINIMALT sockets, byte patterns (see mlt_test.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <sodium.h>

#include "mlt_test.h"
#include "util.h"

/* The name of the namespace in environment variable @var ("" if unset). */
const char *ns_of(const char *var)
{
	const char *ns = getenv(var);

	return ns ? ns : "";
}

const char *mltctl(void)
{
	return getenv("MLTCTL") ?: "/mlt/bin/mltctl";
}

bool have_netem(void)
{
	return getenv("MLT_HAVE_NETEM");
}

/* Run a shell command, its output discarded: 0 if it succeeded. */
int sh(const char *fmt, ...)
{
	char cmd[512], full[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "%s >/dev/null 2>&1", cmd);
	return system(full);
}

int tunnels_json(const char *ns, char *buf, size_t len)
{
	char cmd[256];
	size_t n;
	FILE *f;

	if (ns)
		snprintf(cmd, sizeof(cmd), "ip netns exec %s %s tunnels -j",
			 ns, mltctl());
	else
		snprintf(cmd, sizeof(cmd), "%s tunnels -j", mltctl());
	f = popen(cmd, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, len - 1, f);
	buf[n] = 0;
	if (pclose(f) || n == len - 1)
		return -1;
	return 0;
}

int json_tunnel_field(const char *json, const char *field, long long *out)
{
	const char *obj, *end, *p;
	char pat[64], *num_end;
	long long v;

	/* The first tunnel's object; it holds no nested object. */
	obj = strchr(json, '{');
	end = obj ? strchr(obj, '}') : NULL;
	if (!end)
		return -1;
	snprintf(pat, sizeof(pat), "\"%s\":", field);
	p = strstr(obj, pat);
	if (!p || p > end)
		return -1;
	p += strlen(pat);
	while (*p == ' ')
		p++;
	if (!strncmp(p, "true", 4) || !strncmp(p, "false", 5)) {
		*out = *p == 't';
		return 0;
	}
	errno = 0;
	v = strtoll(p, &num_end, 10);
	if (num_end == p || errno ||
	    (*num_end != ',' && *num_end != '\n' && *num_end != '}'))
		return -1;
	*out = v;
	return 0;
}

int tunnel_field(const char *ns, const char *field, long long *out)
{
	static char buf[1 << 16];

	if (tunnels_json(ns, buf, sizeof(buf)))
		return -1;
	return json_tunnel_field(buf, field, out);
}

int ns_tunnels(const char *ns)
{
	static char buf[1 << 16];
	const char *p = buf;
	int n = 0;

	if (tunnels_json(ns, buf, sizeof(buf)))
		return -1;
	/* An array of flat objects: one '{' per tunnel. */
	while ((p = strchr(p, '{'))) {
		n++;
		p++;
	}
	return n;
}

/* Move to the named network namespace @ns: 0, or -1. */
int enter_ns(const char *ns)
{
	char path[128];
	int fd, ret;

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ret = setns(fd, CLONE_NEWNET);
	close(fd);
	return ret;
}

/* Fork a child in namespace @ns running fn(arg); returns its pid. */
pid_t spawn(const char *ns, int (*fn)(void *), void *arg)
{
	pid_t pid = fork();

	if (pid == 0) {
		alarm(CHILD_ALARM);
		if (enter_ns(ns))
			_exit(child_fail(90, *ns ? "setns" :
				"setns (NS_S, NS_C1..3 unset: run by mlt_transport.sh)"));
		_exit(fn(arg));
	}
	return pid;
}

/* Wait for a child; its exit status, or 100 + signal. */
int reap(pid_t pid)
{
	int status;

	if (pid <= 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status)) {
		/* SIGKILL is the tests' own way to stop a child. */
		if (WTERMSIG(status) != SIGKILL)
			fprintf(stderr, "# child %d killed by signal %d%s\n",
				(int)pid, WTERMSIG(status),
				WTERMSIG(status) == SIGALRM ?
				" (its alarm: it hung)" : "");
		return 100 + WTERMSIG(status);
	}
	return WEXITSTATUS(status);
}

/*
 * In a child: move to a client namespace of its own, joined to the
 * server's by a veth pair: this side vy@n 10.9.@n.1, the server's side
 * vx@n with 10.9.@n.2 and 10.9.@n.3, named in the directory "srv.test"
 * and "srv-b.test" (two server addresses: two tunnels). The pair goes
 * away with the namespace. @no_gso: the pair has no GSO, so TCP's packets
 * on it are wire-sized, as MinimaLT's are (netem and tbf treat both
 * alike). 0, or a child_fail() code.
 */
int own_client_ns(int n, bool no_gso)
{
	const char *id = getenv("MLT_SRV_IDENTITY");
	const char *eph = getenv("MLT_SRV_EPH");
	const char *opt = no_gso ? " gso_max_segs 1" : "";

	if (!id || !eph)
		return child_fail(1, "MLT_SRV_IDENTITY or MLT_SRV_EPH unset");
	if (unshare(CLONE_NEWNET))
		return child_fail(2, "unshare(CLONE_NEWNET)");
	if (sh("ip link set lo up") ||
	    sh("ip link add vy%d%s type veth peer name vx%d netns %s%s",
	       n, opt, n, SRV, opt) ||
	    sh("ip addr add 10.9.%d.1/24 dev vy%d", n, n) ||
	    sh("ip link set vy%d up", n) ||
	    sh("ip -n %s addr add 10.9.%d.2/24 dev vx%d", SRV, n, n) ||
	    sh("ip -n %s addr add 10.9.%d.3/24 dev vx%d", SRV, n, n) ||
	    sh("ip -n %s link set vx%d up", SRV, n))
		return child_fail(3, "ip: the veth pair to the server");
	if (sh("%s dir add srv.test addr 10.9.%d.2 port %d identity %s eph %s",
	       mltctl(), n, MLT_PORT, id, eph) ||
	    sh("%s dir add srv-b.test addr 10.9.%d.3 port %d identity %s eph %s",
	       mltctl(), n, MLT_PORT, id, eph))
		return child_fail(4, "mltctl dir add");
	return 0;
}

/* The address of service @service of @name ("": any, to bind). */
struct sockaddr_mlt name_addr(const char *name, uint16_t service)
{
	struct sockaddr_mlt a;

	memset(&a, 0, sizeof(a));
	a.smlt_family = mlt_family();
	a.smlt_service = service;
	snprintf(a.smlt_name, sizeof(a.smlt_name), "%s", name);
	return a;
}

int mlt_socket(void)
{
	return socket(mlt_family(), SOCK_STREAM, 0);
}

/* A socket listening on @service: the socket, or -1. */
int mlt_listen(uint16_t service, int backlog)
{
	struct sockaddr_mlt a = name_addr("", service);
	int s = mlt_socket();

	if (s < 0 || bind(s, (void *)&a, sizeof(a)) ||
	    listen(s, backlog)) {
		if (s >= 0)
			close(s);
		return -1;
	}
	return s;
}

/* A socket connected to @name: the socket, or -1 with connect()'s errno. */
int mlt_connect(const char *name, uint16_t service)
{
	struct sockaddr_mlt a = name_addr(name, service);
	int s = mlt_socket();

	if (s < 0)
		return -1;
	if (connect(s, (void *)&a, sizeof(a))) {
		int e = errno;

		close(s);
		errno = e;
		return -1;
	}
	return s;
}

/* Send all of @buf: 0, or -1. */
int write_all(int s, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = send(s, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* Read @len bytes, fewer at EOF: the count, or -1. */
ssize_t read_full(int s, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = recv(s, (char *)buf + got, len - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += n;
	}
	return got;
}

/* A deterministic byte stream of @seed, from offset @off. */
void pattern(uint8_t *buf, size_t len, uint64_t seed, uint64_t off)
{
	size_t i;

	for (i = 0; i < len; i++) {
		uint64_t x = (off + i) * 0x9e3779b97f4a7c15ULL ^ seed;

		x ^= x >> 29;
		x *= 0xbf58476d1ce4e5b9ULL;
		buf[i] = (uint8_t)(x >> 32);
	}
}

/* Send @total pattern bytes of @seed; 0 on success. */
int send_pattern(int s, uint64_t seed, size_t total)
{
	static uint8_t buf[65536];
	size_t off = 0;

	while (off < total) {
		size_t n = total - off < sizeof(buf) ? total - off : sizeof(buf);

		pattern(buf, n, seed, off);
		if (write_all(s, buf, n))
			return -1;
		off += n;
	}
	return 0;
}

/* The SHA-256 of the pattern, and of what a socket delivers until EOF. */
void pattern_sha(uint8_t out[32], uint64_t seed, size_t total)
{
	static uint8_t buf[65536];
	crypto_hash_sha256_state st;
	size_t off = 0;

	crypto_hash_sha256_init(&st);
	while (off < total) {
		size_t n = total - off < sizeof(buf) ? total - off : sizeof(buf);

		pattern(buf, n, seed, off);
		crypto_hash_sha256_update(&st, buf, n);
		off += n;
	}
	crypto_hash_sha256_final(&st, out);
}

ssize_t recv_sha(int s, uint8_t out[32])
{
	static uint8_t buf[65536];
	crypto_hash_sha256_state st;
	ssize_t total = 0, n;

	crypto_hash_sha256_init(&st);
	while ((n = recv(s, buf, sizeof(buf), 0)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		crypto_hash_sha256_update(&st, buf, n);
		total += n;
	}
	crypto_hash_sha256_final(&st, out);
	return total;
}

void ready_init(struct ready *r)
{
	if (pipe(r->fd))
		abort();
}

/* In the child: say "ready" (it exits if it cannot). */
void ready_signal(struct ready *r)
{
	char c = 1;

	if (write(r->fd[1], &c, 1) != 1)
		_exit(child_fail(91, "write to the ready pipe"));
}

/* In the parent: 0 once the child said "ready", -1 after 20 s. */
int ready_wait(struct ready *r)
{
	struct pollfd p = { .fd = r->fd[0], .events = POLLIN };
	char c;

	if (poll(&p, 1, 20000) != 1 || read(r->fd[0], &c, 1) != 1)
		return -1;
	return 0;
}
