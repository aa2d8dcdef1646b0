// SPDX-License-Identifier: GPL-2.0
/*
 * preload_probe MODE NAME ...: a program written for TCP, run under
 * LD_PRELOAD=libmlt-preload.so by mlt_preload.sh in the client namespace,
 * where NAME (demo.bit) has a directory entry and its server answers HTTP
 * on port 80. It checks what the library promises, one line per check
 * ("ok ..." or "FAILED ..."), and exits 0 when all held:
 *
 *   connect NAME PORT ADDR APORT
 *	the way event-driven programs connect: non-blocking, poll and epoll
 *	for writability, SO_ERROR; the descriptor keeps its number,
 *	O_NONBLOCK and FD_CLOEXEC; getpeername() gives the virtual address
 *	and port, getsockname() loopback and port 0; TCP options accepted
 *	and answered; dup() keeps the address; connect() again gives
 *	EISCONN; an HTTP request gets its answer; the number, closed behind
 *	the library's back and reused by socket(), has no old address; a
 *	fork() child has the table and one of its own, a vfork() child's
 *	close() does not touch its parent's. Then a connect() to ADDR
 *	APORT, an ordinary address where nothing listens, must reach TCP
 *	untouched (ECONNREFUSED, the socket still AF_INET).
 *   ipv6 NAME PORT
 *	the IPv6 virtual address, and the IPv4 one as an IPv4-mapped
 *	address on an AF_INET6 socket.
 *   sendfile NAME PORT
 *	the request sent with sendfile(), the answer read with splice().
 *   resolving NAME PORT
 *	names that must be asked of the resolver (this program is root: it
 *	makes later.bit, refused.bit and down.bit, gives them virtual
 *	addresses, deletes their entries and answers their resolve requests
 *	itself, later.bit with NAME's entry after RESOLVE_MS): EINPROGRESS,
 *	EALREADY, select() and SO_ERROR; a blocking connect that waits; one
 *	a signal interrupts (EINTR, then done in the background, as TCP);
 *	refused.bit answered negative after RESOLVE_MS: SO_ERROR
 *	EHOSTUNREACH; down.bit (the name service down): ENETUNREACH; an
 *	address no name holds: EHOSTUNREACH at once, the TCP socket left.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mltnl.h"

#define RESOLVE_MS	500	/* the resolver's delay for later.bit */

static int failed;

static void check(int ok, const char *what)
{
	printf("%s %s\n", ok ? "ok" : "FAILED", what);
	fflush(stdout);
	if (!ok)
		failed = 1;
}

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static int domain_of(int fd)
{
	socklen_t len = sizeof(int);
	int d = -1;

	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &d, &len))
		return -1;
	return d;
}

static int so_error(int fd)
{
	socklen_t len = sizeof(int);
	int err = -1;

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
		return -1;
	return err;
}

/* Whether the reply to "GET /" within 10 s starts with a 200 status line. */
static int http_answer(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[256];
	ssize_t n;

	if (poll(&p, 1, 10000) != 1)
		return 0;
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return !strncmp(buf, "HTTP/1.0 200", 12);
}

static int http_get(int fd)
{
	static const char req[] = "GET / HTTP/1.0\r\n\r\n";

	if (send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL) !=
	    (ssize_t)sizeof(req) - 1)
		return 0;
	return http_answer(fd);
}

/* NAME's address of @family for PORT, or exit. */
static void lookup(const char *name, const char *port, int family,
		   struct sockaddr_storage *ss, socklen_t *len)
{
	struct addrinfo hints = { .ai_family = family,
				  .ai_socktype = SOCK_STREAM }, *ai;

	if (getaddrinfo(name, port, &hints, &ai)) {
		printf("FAILED getaddrinfo(%s, %s)\n", name,
		       family == AF_INET ? "AF_INET" : "AF_INET6");
		exit(1);
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
}

/*
 * In a fork() child: @fd answers with @ss, and once closed and its number
 * reused by socket(), with nothing: the child's table is its own. The
 * child's exit status.
 */
static int forked_child(int fd, const struct sockaddr_storage *ss)
{
	struct sockaddr_in peer;
	socklen_t len = sizeof(peer);
	int status = -1, fd2;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		if (getpeername(fd, (struct sockaddr *)&peer, &len) ||
		    memcmp(&peer, ss, sizeof(peer)))
			_exit(1);
		syscall(SYS_close, fd);
		fd2 = socket(mltnl_af(), SOCK_STREAM, 0);
		len = sizeof(peer);
		_exit(fd2 == fd && getpeername(fd2, (struct sockaddr *)&peer,
					       &len) && errno == ENOTCONN ? 0 : 2);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int mode_connect(char **argv)
{
	struct sockaddr_in peer, me, refused = { .sin_family = AF_INET };
	struct epoll_event ev = { .events = EPOLLOUT }, got;
	struct sockaddr_storage ss;
	struct pollfd p;
	socklen_t len, alen;
	int fd, fd2, ep, one = 1, r, v;
	pid_t pid;

	lookup(argv[0], argv[1], AF_INET, &ss, &alen);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	check(!setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)),
	      "TCP_NODELAY before connect");
	r = connect(fd, (struct sockaddr *)&ss, alen);
	check(!r || errno == EINPROGRESS,
	      "non-blocking connect: 0 or EINPROGRESS");
	p.fd = fd;
	p.events = POLLOUT;
	check(poll(&p, 1, 10000) == 1 && p.revents & POLLOUT, "poll: POLLOUT");
	check(so_error(fd) == 0, "SO_ERROR 0");
	ep = epoll_create1(0);
	check(!epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) &&
	      epoll_wait(ep, &got, 1, 10000) == 1 && got.events & EPOLLOUT,
	      "epoll: EPOLLOUT");
	close(ep);
	check(fcntl(fd, F_GETFL) & O_NONBLOCK, "O_NONBLOCK kept");
	check(fcntl(fd, F_GETFD) & FD_CLOEXEC, "FD_CLOEXEC kept");
	v = domain_of(fd);
	check(v > 0 && v != AF_INET && v != AF_INET6,
	      "the descriptor is an AF_MINIMALT socket now");
	len = sizeof(peer);
	check(!getpeername(fd, (struct sockaddr *)&peer, &len) &&
	      len == sizeof(peer) && !memcmp(&peer, &ss, sizeof(peer)),
	      "getpeername: the virtual address and port");
	len = sizeof(me);
	check(!getsockname(fd, (struct sockaddr *)&me, &len) &&
	      len == sizeof(me) && me.sin_family == AF_INET &&
	      me.sin_addr.s_addr == htonl(INADDR_LOOPBACK) && !me.sin_port,
	      "getsockname: 127.0.0.1 port 0");
	check(!setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) &&
	      !setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &one, sizeof(one)) &&
	      !setsockopt(fd, IPPROTO_IP, IP_TOS, &one, sizeof(one)),
	      "TCP_NODELAY, TCP_KEEPIDLE, IP_TOS after connect");
	len = sizeof(v);
	v = -1;
	check(!getsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &v, &len) &&
	      len == sizeof(v) && v == 536, "getsockopt TCP_MAXSEG: 536");
	fd2 = dup(fd);
	len = sizeof(peer);
	check(fd2 >= 0 && !getpeername(fd2, (struct sockaddr *)&peer, &len) &&
	      !memcmp(&peer, &ss, sizeof(peer)), "dup: the same peer address");
	close(fd2);
	check(forked_child(fd, &ss) == 0,
	      "fork: the child has the address, and its own table");
	pid = vfork();
	if (pid == 0) {
		close(fd);	/* the child's descriptor, in the parent's memory */
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	len = sizeof(peer);
	check(pid > 0 && !getpeername(fd, (struct sockaddr *)&peer, &len) &&
	      len == sizeof(peer) && !memcmp(&peer, &ss, sizeof(peer)),
	      "vfork: the child's close() leaves the parent's address");
	r = connect(fd, (struct sockaddr *)&ss, alen);
	check(r < 0 && errno == EISCONN, "connect again: EISCONN");
	check(http_get(fd), "HTTP request answered");
	/*
	 * Closed where the library does not see it, the number comes back
	 * from socket() as another AF_MINIMALT socket: nothing of the old
	 * connection may stick to it.
	 */
	syscall(SYS_close, fd);
	fd2 = socket(mltnl_af(), SOCK_STREAM, 0);
	len = sizeof(peer);
	check(fd2 == fd && getpeername(fd2, (struct sockaddr *)&peer, &len) &&
	      errno == ENOTCONN,
	      "the number reused by socket(): getpeername ENOTCONN");
	close(fd2);

	/* Not a virtual address: TCP's own answer. */
	refused.sin_port = htons((uint16_t)atoi(argv[3]));
	inet_pton(AF_INET, argv[2], &refused.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	errno = 0;
	r = connect(fd, (struct sockaddr *)&refused, sizeof(refused));
	check(r < 0 && errno == ECONNREFUSED, "ordinary address: ECONNREFUSED");
	check(domain_of(fd) == AF_INET, "ordinary address: still AF_INET");
	close(fd);
	return failed;
}

static int mode_ipv6(char **argv)
{
	struct sockaddr_in6 peer, me, mapped = { .sin6_family = AF_INET6 };
	struct sockaddr_storage ss;
	struct sockaddr_in *s4;
	socklen_t len, alen;
	int fd;

	lookup(argv[0], argv[1], AF_INET6, &ss, &alen);
	fd = socket(AF_INET6, SOCK_STREAM, 0);
	check(!connect(fd, (struct sockaddr *)&ss, alen),
	      "IPv6 virtual address: blocking connect 0");
	len = sizeof(peer);
	check(!getpeername(fd, (struct sockaddr *)&peer, &len) &&
	      len == sizeof(peer) && !memcmp(&peer, &ss, sizeof(peer)),
	      "getpeername: the IPv6 virtual address and port");
	len = sizeof(me);
	check(!getsockname(fd, (struct sockaddr *)&me, &len) &&
	      len == sizeof(me) && me.sin6_family == AF_INET6 &&
	      IN6_IS_ADDR_LOOPBACK(&me.sin6_addr) && !me.sin6_port,
	      "getsockname: ::1 port 0");
	check(http_get(fd), "HTTP request answered over IPv6");
	close(fd);

	lookup(argv[0], argv[1], AF_INET, &ss, &alen);
	s4 = (struct sockaddr_in *)&ss;
	mapped.sin6_port = s4->sin_port;
	mapped.sin6_addr.s6_addr[10] = 0xff;
	mapped.sin6_addr.s6_addr[11] = 0xff;
	memcpy(&mapped.sin6_addr.s6_addr[12], &s4->sin_addr, 4);
	fd = socket(AF_INET6, SOCK_STREAM, 0);
	check(!connect(fd, (struct sockaddr *)&mapped, sizeof(mapped)),
	      "IPv4-mapped virtual address: connect 0");
	len = sizeof(peer);
	check(!getpeername(fd, (struct sockaddr *)&peer, &len) &&
	      !memcmp(&peer, &mapped, sizeof(peer)),
	      "getpeername: the IPv4-mapped address");
	check(http_get(fd), "HTTP request answered, IPv4-mapped");
	close(fd);
	return failed;
}

static int mode_sendfile(char **argv)
{
	static const char req[] = "GET /index.html HTTP/1.0\r\n\r\n";
	char path[] = "/tmp/preload-req-XXXXXX", buf[256];
	struct sockaddr_storage ss;
	struct pollfd p;
	socklen_t alen;
	int fd, f, pp[2];
	ssize_t n;

	lookup(argv[0], argv[1], AF_INET, &ss, &alen);
	f = mkstemp(path);
	if (f < 0 || write(f, req, sizeof(req) - 1) != sizeof(req) - 1) {
		printf("FAILED a file to send\n");
		return 1;
	}
	unlink(path);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	check(!connect(fd, (struct sockaddr *)&ss, alen), "connect 0");
	check(sendfile(fd, f, &(off_t){ 0 }, sizeof(req) - 1) ==
	      sizeof(req) - 1, "sendfile: the whole request");
	close(f);
	p.fd = fd;
	p.events = POLLIN;
	check(poll(&p, 1, 10000) == 1, "an answer to read");
	if (pipe(pp))
		return 1;
	n = splice(fd, NULL, pp[1], NULL, sizeof(buf) - 1, 0);
	check(n > 0, "splice from the socket to a pipe");
	n = n > 0 ? read(pp[0], buf, (size_t)n) : 0;
	buf[n > 0 ? n : 0] = '\0';
	check(!strncmp(buf, "HTTP/1.0 200", 12), "the answer: 200");
	close(fd);
	return failed;
}

/* --- resolving -------------------------------------------------------- */

static struct mltnl_dir_entry template;	/* NAME's entry */

static void answer(struct mltnl *h, const char *name)
{
	struct mltnl_dir_entry e = template;

	e.lifetime = 60;
	if (!strcmp(name, "refused.bit"))
		e = (struct mltnl_dir_entry){ .error = MLT_DIR_ERR_NO_RECORD,
					      .lifetime = 60 };
	else if (!strcmp(name, "down.bit"))
		e = (struct mltnl_dir_entry){ .error = MLT_DIR_ERR_UNAVAILABLE,
					      .lifetime = 60 };
	snprintf(e.name, sizeof(e.name), "%s", name);
	mltnl_dir_add(h, &e, MLTNL_DIR_REPLACE);
}

/*
 * The resolver: down.bit at once, the other names after RESOLVE_MS (one
 * request at a time is enough here).
 */
static void resolver_main(int ready_fd)
{
	char due_name[MLT_NAME_MAX] = "";
	long long due = 0;
	struct mltnl_ntf n;
	struct mltnl *h;
	int ret;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	h = mltnl_open(MLTNL_GROUP_RESOLVE, NULL);
	if (write(ready_fd, h ? "R" : "E", 1) != 1 || !h)
		_exit(1);
	close(ready_fd);
	for (;;) {
		ret = mltnl_ntf_next(h, &n, due ? 10 : -1);
		if (due && now_ms() >= due) {
			answer(h, due_name);
			due = 0;
		}
		if (ret <= 0 || n.cmd != MLT_CMD_RESOLVE)
			continue;
		if (!strcmp(n.dir.name, "down.bit")) {
			answer(h, n.dir.name);
		} else {
			snprintf(due_name, sizeof(due_name), "%s", n.dir.name);
			due = now_ms() + RESOLVE_MS;
		}
	}
}

static pid_t start_resolver(void)
{
	char c = 0;
	int p[2];
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
	if (read(p[0], &c, 1) != 1 || c != 'R')
		pid = -1;
	close(p[0]);
	return pid;
}

/* A virtual address for @name, whose entry is then deleted. */
static int vaddr_without_entry(struct mltnl *h, const char *name,
			       uint16_t port, struct sockaddr_in *out)
{
	struct mltnl_dir_entry e = template;
	struct mltnl_vaddr v;

	snprintf(e.name, sizeof(e.name), "%s", name);
	e.lifetime = 60;
	if (mltnl_dir_add(h, &e, MLTNL_DIR_REPLACE) ||
	    mltnl_vaddr_get(h, name, &v) || mltnl_dir_del(h, name))
		return -1;
	memset(out, 0, sizeof(*out));
	out->sin_family = AF_INET;
	out->sin_port = htons(port);
	memcpy(&out->sin_addr, v.v4, 4);
	return 0;
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int mode_resolving(char **argv)
{
	struct sockaddr_in later, refused, down, none;
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value.tv_usec = 150000 };
	uint16_t port = (uint16_t)atoi(argv[1]);
	struct timeval tv;
	struct mltnl *h;
	struct pollfd p;
	long long t0, ms;
	pid_t resolver;
	fd_set w;
	int fd, r, e;

	h = mltnl_open(0, NULL);
	if (!h || mltnl_dir_get(h, argv[0], &template) ||
	    vaddr_without_entry(h, "later.bit", port, &later) ||
	    vaddr_without_entry(h, "refused.bit", port, &refused) ||
	    vaddr_without_entry(h, "down.bit", port, &down)) {
		printf("FAILED setting up the names: %s\n", strerror(errno));
		return 1;
	}
	resolver = start_resolver();
	if (resolver < 0) {
		printf("FAILED starting the resolver\n");
		return 1;
	}

	/* Non-blocking: EINPROGRESS, EALREADY, then writable once resolved. */
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	t0 = now_ms();
	r = connect(fd, (struct sockaddr *)&later, sizeof(later));
	check(r < 0 && errno == EINPROGRESS, "resolving: EINPROGRESS");
	r = connect(fd, (struct sockaddr *)&later, sizeof(later));
	check(r < 0 && errno == EALREADY, "connect again: EALREADY");
	FD_ZERO(&w);
	FD_SET(fd, &w);
	tv = (struct timeval){ .tv_sec = 10 };
	r = select(fd + 1, NULL, &w, NULL, &tv);
	ms = now_ms() - t0;
	check(r == 1 && FD_ISSET(fd, &w), "select: writable");
	check(ms >= RESOLVE_MS / 2, "writable only once the name resolved");
	check(so_error(fd) == 0, "SO_ERROR 0");
	r = connect(fd, (struct sockaddr *)&later, sizeof(later));
	check(r < 0 && errno == EISCONN, "connect again: EISCONN");
	check(http_get(fd), "HTTP request answered");
	close(fd);

	/* Blocking: waits for the resolver, then 0. */
	mltnl_dir_del(h, "later.bit");
	fd = socket(AF_INET, SOCK_STREAM, 0);
	t0 = now_ms();
	r = connect(fd, (struct sockaddr *)&later, sizeof(later));
	ms = now_ms() - t0;
	check(!r && ms >= RESOLVE_MS / 2, "blocking connect waits, then 0");
	check(http_get(fd), "HTTP request answered");
	close(fd);

	/* A signal during a blocking one: EINTR, and it goes on. */
	mltnl_dir_del(h, "later.bit");
	sigaction(SIGALRM, &sa, NULL);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	setitimer(ITIMER_REAL, &it, NULL);
	r = connect(fd, (struct sockaddr *)&later, sizeof(later));
	e = errno;
	check(r < 0 && e == EINTR, "interrupted: EINTR");
	r = domain_of(fd);
	check(r > 0 && r != AF_INET, "interrupted: the connection goes on");
	r = connect(fd, (struct sockaddr *)&later, sizeof(later));
	check(!r, "connect again (blocking) waits, then 0");
	check(http_get(fd), "HTTP request answered");
	close(fd);

	/* Answered negative after a while: SO_ERROR as TCP's. */
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	r = connect(fd, (struct sockaddr *)&refused, sizeof(refused));
	check(r < 0 && errno == EINPROGRESS, "refused.bit: EINPROGRESS");
	p.fd = fd;
	p.events = POLLOUT;
	check(poll(&p, 1, 10000) == 1, "poll: an event");
	check(so_error(fd) == EHOSTUNREACH,
	      "no record: SO_ERROR EHOSTUNREACH");
	r = connect(fd, (struct sockaddr *)&refused, sizeof(refused));
	check(r < 0 && errno == EHOSTUNREACH,
	      "connect again, the entry negative: EHOSTUNREACH");
	close(fd);

	/* A negative entry: the TCP socket is left in place. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	r = connect(fd, (struct sockaddr *)&refused, sizeof(refused));
	check(r < 0 && errno == EHOSTUNREACH && domain_of(fd) == AF_INET,
	      "negative entry: EHOSTUNREACH, still AF_INET");
	close(fd);

	/* The name service down, a blocking connect: ENETUNREACH. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	r = connect(fd, (struct sockaddr *)&down, sizeof(down));
	check(r < 0 && errno == ENETUNREACH && domain_of(fd) == AF_INET,
	      "name service down: ENETUNREACH, still AF_INET");
	close(fd);

	/* An address no name holds: EHOSTUNREACH at once. */
	none = later;
	inet_pton(AF_INET, "127.77.255.254", &none.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	r = connect(fd, (struct sockaddr *)&none, sizeof(none));
	check(r < 0 && errno == EHOSTUNREACH && domain_of(fd) == AF_INET,
	      "no name holds the address: EHOSTUNREACH, still AF_INET");
	close(fd);

	kill(resolver, SIGKILL);
	waitpid(resolver, NULL, 0);
	mltnl_close(h);
	return failed;
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "connect"))
		return mode_connect(argv + 2);
	if (argc == 4 && !strcmp(argv[1], "ipv6"))
		return mode_ipv6(argv + 2);
	if (argc == 4 && !strcmp(argv[1], "sendfile"))
		return mode_sendfile(argv + 2);
	if (argc == 4 && !strcmp(argv[1], "resolving"))
		return mode_resolving(argv + 2);
	fprintf(stderr,
		"usage: preload_probe connect NAME PORT ADDR APORT\n"
		"       preload_probe ipv6|sendfile|resolving NAME PORT\n");
	return 2;
}
