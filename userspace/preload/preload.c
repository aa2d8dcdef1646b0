// SPDX-License-Identifier: GPL-2.0
/*
 * libmlt-preload.so (LD_PRELOAD): a connect() to a virtual address
 * (Documentation/programs.rst) becomes an AF_MINIMALT connection on the
 * same descriptor, so that the program's bytes go straight to the kernel:
 * no proxy. The name comes from the kernel (the address's owner), the
 * service from the TCP port by mlt-proxy's rule and map file. The new
 * socket keeps the descriptor's number, O_NONBLOCK and FD_CLOEXEC; a
 * non-blocking connect() returns what the kernel's does (0 at once for a
 * name in the directory, EINPROGRESS while the name resolves), and poll,
 * epoll and SO_ERROR work as for TCP. getpeername() keeps returning the
 * address the program connected to, and the TCP and IP level options are
 * answered here. Every other connect() goes to the C library untouched.
 *
 * Environment: MLT_PRELOAD_MAP (default /etc/minimalt/proxy.map, the
 * proxy's), MLT_PRELOAD_DEBUG=1 (a line on stderr per connect converted or
 * refused). Limits: Documentation/programs.rst, "The preload library".
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fdtab.h"
#include "hosts.h"
#include "mltnl.h"
#include "policy.h"
#include "portmap.h"

#define EXPORT	__attribute__((visibility("default")))
#define MAP_DEFAULT	"/etc/minimalt/proxy.map"
#define MAP_SIZE_MAX	(1 << 20)

typedef int (*connect_fn)(int, const struct sockaddr *, socklen_t);
typedef int (*name_fn)(int, struct sockaddr *, socklen_t *);
typedef int (*setopt_fn)(int, int, int, const void *, socklen_t);
typedef int (*getopt_fn)(int, int, int, void *, socklen_t *);
typedef int (*close_fn)(int);
typedef int (*dup_fn)(int);
typedef int (*dup2_fn)(int, int);
typedef int (*dup3_fn)(int, int, int);

static struct {
	connect_fn connect;
	name_fn getpeername, getsockname;
	setopt_fn setsockopt;
	getopt_fn getsockopt;
	close_fn close;
	dup_fn dup;
	dup2_fn dup2;
	dup3_fn dup3;
} real;

static struct portmap map;
static bool debug;
static int mlt_family;		/* AF_MINIMALT's number, once converted */

static void *next(const char *sym)
{
	return dlsym(RTLD_NEXT, sym);
}

static void load_map(void)
{
	const char *path = getenv("MLT_PRELOAD_MAP");
	char err[200], *text;
	size_t n;
	FILE *f;

	if (!path)
		path = MAP_DEFAULT;
	f = fopen(path, "re");
	if (!f)
		return;		/* no map: service = port */
	text = malloc(MAP_SIZE_MAX + 1);
	n = text ? fread(text, 1, MAP_SIZE_MAX, f) : 0;
	fclose(f);
	if (!text)
		return;
	text[n] = '\0';
	if (n == MAP_SIZE_MAX || portmap_parse(&map, text, err, sizeof(err))) {
		if (debug)
			fprintf(stderr, "mlt-preload: %s: %s: every port is its own service\n",
				path, n == MAP_SIZE_MAX ? "too big" : err);
		memset(&map, 0, sizeof(map));
	}
	free(text);
}

__attribute__((constructor)) static void preload_init(void)
{
	const char *d = getenv("MLT_PRELOAD_DEBUG");

	real.connect = (connect_fn)next("connect");
	real.getpeername = (name_fn)next("getpeername");
	real.getsockname = (name_fn)next("getsockname");
	real.setsockopt = (setopt_fn)next("setsockopt");
	real.getsockopt = (getopt_fn)next("getsockopt");
	real.close = (close_fn)next("close");
	real.dup = (dup_fn)next("dup");
	real.dup2 = (dup2_fn)next("dup2");
	real.dup3 = (dup3_fn)next("dup3");
	debug = d && !strcmp(d, "1");
	load_map();
}

/* The virtual address @addr connects to: its family, bytes and port. */
static bool vaddr_of(const struct sockaddr *addr, socklen_t len, int *af,
		     unsigned char *a, uint16_t *port)
{
	const struct sockaddr_in *s4 = (const void *)addr;
	const struct sockaddr_in6 *s6 = (const void *)addr;

	if (!addr || len < sizeof(sa_family_t))
		return false;
	if (addr->sa_family == AF_INET && len >= sizeof(*s4)) {
		*af = AF_INET;
		memcpy(a, &s4->sin_addr, 4);
		*port = ntohs(s4->sin_port);
	} else if (addr->sa_family == AF_INET6 && len >= sizeof(*s6)) {
		*port = ntohs(s6->sin6_port);
		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
			*af = AF_INET;
			memcpy(a, &s6->sin6_addr.s6_addr[12], 4);
		} else {
			*af = AF_INET6;
			memcpy(a, &s6->sin6_addr, 16);
		}
	} else {
		return false;
	}
	return nss_is_vaddr(*af, a);
}

/* An IPv4 or IPv6 stream socket of TCP: what may be converted. */
static bool is_tcp(int fd)
{
	int v[3], opt[3] = { SO_DOMAIN, SO_TYPE, SO_PROTOCOL }, i;
	socklen_t len;

	for (i = 0; i < 3; i++) {
		len = sizeof(v[i]);
		if (real.getsockopt(fd, SOL_SOCKET, opt[i], &v[i], &len))
			return false;
	}
	return (v[0] == AF_INET || v[0] == AF_INET6) && v[1] == SOCK_STREAM &&
	       (v[2] == 0 || v[2] == IPPROTO_TCP);
}

/*
 * Whether @fd is a descriptor this library converted. A descriptor closed
 * where close() is not seen (fclose() of an fdopen()ed socket, close_range)
 * may come back as another socket: its entry is dropped then.
 */
static bool tracked(int fd)
{
	socklen_t len = sizeof(int);
	int domain;

	if (!fdtab_get(fd, NULL, NULL))
		return false;
	if (!real.getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) &&
	    domain == mlt_family)
		return true;
	fdtab_clear(fd);
	return false;
}

static int fail(int err)
{
	errno = err;
	return -1;
}

/*
 * connect() again on a converted descriptor, as programs do to learn how
 * a non-blocking connect went: its error, EISCONN or EALREADY.
 */
static int reconnect(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	socklen_t len = sizeof(int);
	int err = 0;

	if (real.getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
		return -1;
	if (err)
		return fail(policy_errno(err));
	return fail(poll(&p, 1, 0) == 1 ? EISCONN : EALREADY);
}

/* Replace @fd's TCP socket by an AF_MINIMALT one connected to the name. */
static int convert(int fd, const struct sockaddr *addr, socklen_t len,
		   int af, const unsigned char *a, uint16_t port)
{
	struct sockaddr_mlt sa = { 0 };
	struct mltnl_vaddr v;
	struct mltnl *h;
	int err, fl, fdfl, m;

	h = mltnl_open(0, NULL);
	if (!h)
		return fail(policy_errno(errno == ENOENT ? ENXIO : errno));
	err = -mltnl_vaddr_lookup(h, af, a, &v);
	mltnl_close(h);
	if (err) {
		if (debug)
			fprintf(stderr, "mlt-preload: fd %d: no name holds the address: %s\n",
				fd, strerror(err));
		return fail(policy_errno(err));
	}
	fl = fcntl(fd, F_GETFL);
	fdfl = fcntl(fd, F_GETFD);
	if (fl < 0 || fdfl < 0)
		return -1;
	mlt_family = mltnl_af();
	sa.smlt_family = (sa_family_t)mlt_family;
	sa.smlt_service = portmap_service(&map, v.name, port);
	memcpy(sa.smlt_name, v.name, sizeof(sa.smlt_name));
	m = socket(sa.smlt_family,
		   SOCK_STREAM | (fl & O_NONBLOCK ? SOCK_NONBLOCK : 0), 0);
	if (m < 0)
		return fail(policy_errno(errno));
	err = real.connect(m, (struct sockaddr *)&sa, sizeof(sa)) ? errno : 0;
	if (debug)
		fprintf(stderr, "mlt-preload: fd %d: %s port %u is service %u: %s\n",
			fd, v.name, port, sa.smlt_service,
			err ? strerror(err) : "connected");
	if (!err || err == EINPROGRESS) {
		if (real.dup3(m, fd, fdfl & FD_CLOEXEC ? O_CLOEXEC : 0) < 0)
			err = errno;
		else
			fdtab_set(fd, addr, len);
	}
	real.close(m);
	if (err)
		return fail(policy_errno(err));
	return 0;
}

EXPORT int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	unsigned char a[16];
	uint16_t port;
	int af;

	if (!real.connect)
		preload_init();
	if (tracked(fd))
		return reconnect(fd);
	if (!vaddr_of(addr, len, &af, a, &port) || !is_tcp(fd))
		return real.connect(fd, addr, len);
	return convert(fd, addr, len, af, a, port);
}

EXPORT int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	if (!real.getpeername)
		preload_init();
	if (addr && len && tracked(fd) && fdtab_get(fd, addr, len))
		return 0;
	return real.getpeername(fd, addr, len);
}

/* A converted descriptor's own address: loopback of its family, port 0. */
EXPORT int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	struct sockaddr_in6 peer, me6 = { .sin6_family = AF_INET6,
					  .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_in me4 = { .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t plen = sizeof(peer), n;
	const void *me;

	if (!real.getsockname)
		preload_init();
	if (!addr || !len || !tracked(fd) ||
	    !fdtab_get(fd, (struct sockaddr *)&peer, &plen))
		return real.getsockname(fd, addr, len);
	me = peer.sin6_family == AF_INET6 ? (const void *)&me6 : &me4;
	n = peer.sin6_family == AF_INET6 ? sizeof(me6) : sizeof(me4);
	memcpy(addr, me, *len < n ? *len : n);
	*len = n;
	return 0;
}

EXPORT int setsockopt(int fd, int level, int name, const void *val,
		      socklen_t len)
{
	if (!real.setsockopt)
		preload_init();
	if (policy_own_level(level) && tracked(fd))
		return 0;
	return real.setsockopt(fd, level, name, val, len);
}

EXPORT int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	if (!real.getsockopt)
		preload_init();
	if (policy_own_level(level) && tracked(fd)) {
		if (val && len)
			memset(val, 0, *len);
		return 0;
	}
	return real.getsockopt(fd, level, name, val, len);
}

EXPORT int close(int fd)
{
	if (!real.close)
		preload_init();
	fdtab_clear(fd);
	return real.close(fd);
}

EXPORT int dup(int old)
{
	int fd;

	if (!real.dup)
		preload_init();
	fd = real.dup(old);
	if (fd >= 0)
		fdtab_copy(old, fd);
	return fd;
}

EXPORT int dup2(int old, int new)
{
	int fd;

	if (!real.dup2)
		preload_init();
	fd = real.dup2(old, new);
	if (fd >= 0)
		fdtab_copy(old, fd);
	return fd;
}

EXPORT int dup3(int old, int new, int flags)
{
	int fd;

	if (!real.dup3)
		preload_init();
	fd = real.dup3(old, new, flags);
	if (fd >= 0)
		fdtab_copy(old, fd);
	return fd;
}
