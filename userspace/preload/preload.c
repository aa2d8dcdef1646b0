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
 * The constructor only looks up the calls it wraps and reads the
 * environment; the map file is read at the first conversion.
 *
 * Environment: MLT_PRELOAD_MAP (default /etc/minimalt/proxy.map, the
 * proxy's), MLT_PRELOAD_DEBUG=1 (a line on stderr per connect converted or
 * refused). Limits: Documentation/programs.rst, "The preload library".
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fdtab.h"
#include "hosts.h"
#include "mltnl.h"
#include "policy.h"
#include "portmap.h"

#define EXPORT	__attribute__((visibility("default")))
#define MAP_DEFAULT	"/etc/minimalt/proxy.map"
#define MAP_SIZE_MAX	(1 << 20)

typedef int (*socket_fn)(int, int, int);
typedef int (*connect_fn)(int, const struct sockaddr *, socklen_t);
typedef int (*name_fn)(int, struct sockaddr *, socklen_t *);
typedef int (*setopt_fn)(int, int, int, const void *, socklen_t);
typedef int (*getopt_fn)(int, int, int, void *, socklen_t *);
typedef int (*close_fn)(int);
typedef int (*dup_fn)(int);
typedef int (*dup2_fn)(int, int);
typedef int (*dup3_fn)(int, int, int);

static struct {
	socket_fn socket;
	connect_fn connect;
	name_fn getpeername, getsockname;
	setopt_fn setsockopt;
	getopt_fn getsockopt;
	close_fn close;
	dup_fn dup;
	dup2_fn dup2;
	dup3_fn dup3;
} real;

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pthread_once_t map_once = PTHREAD_ONCE_INIT;
static bool debug;
static struct portmap map;		/* written once, under map_once */
static atomic_int mlt_family = -1;	/* AF_MINIMALT's number, once converted */
static atomic_int owner;		/* the process the table belongs to */

/* In the child of fork(), which has a copy of the table. */
static void forked(void)
{
	atomic_store(&owner, getpid());
}

static void init(void)
{
	const char *d = getenv("MLT_PRELOAD_DEBUG");

	real.socket = (socket_fn)dlsym(RTLD_NEXT, "socket");
	real.connect = (connect_fn)dlsym(RTLD_NEXT, "connect");
	real.getpeername = (name_fn)dlsym(RTLD_NEXT, "getpeername");
	real.getsockname = (name_fn)dlsym(RTLD_NEXT, "getsockname");
	real.setsockopt = (setopt_fn)dlsym(RTLD_NEXT, "setsockopt");
	real.getsockopt = (getopt_fn)dlsym(RTLD_NEXT, "getsockopt");
	real.close = (close_fn)dlsym(RTLD_NEXT, "close");
	real.dup = (dup_fn)dlsym(RTLD_NEXT, "dup");
	real.dup2 = (dup2_fn)dlsym(RTLD_NEXT, "dup2");
	real.dup3 = (dup3_fn)dlsym(RTLD_NEXT, "dup3");
	debug = d && !strcmp(d, "1");
	atomic_store(&owner, getpid());
	pthread_atfork(NULL, NULL, forked);
}

/*
 * Every wrapped call starts here: another library's constructor may call
 * one before ours has run.
 */
static void ready(void)
{
	pthread_once(&init_once, init);
}

__attribute__((constructor)) static void preload_init(void)
{
	ready();
}

/* The port map, read at the first conversion; none: service = port. */
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
		return;
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

/*
 * Whether the table is this process's to change: not in the child of a
 * vfork(), which runs in its parent's memory (fork handlers do not run
 * for it) and whose close() and dup2() before exec() are of its own
 * descriptors. Asked only when an entry would change.
 */
static bool own_table(void)
{
	return getpid() == atomic_load(&owner);
}

/* @fd was closed or is a new descriptor: forget it. */
static void forget(int fd)
{
	if (fdtab_get(fd, NULL) && own_table())
		fdtab_clear(fd);
}

/* @to became a duplicate of @from. */
static void follow(int from, int to)
{
	if ((fdtab_get(from, NULL) || fdtab_get(to, NULL)) && own_table())
		fdtab_copy(from, to);
}

static int fail(int err)
{
	errno = err;
	return -1;
}

/*
 * The virtual address @addr connects to, if it is one: the program's
 * address as getpeername() will give it (@c->peer), the family and bytes
 * the kernel's table knows it by, and the port.
 */
static bool vaddr_of(const struct sockaddr *addr, socklen_t len,
		     struct fdtab_conn *c, int *af, unsigned char *a,
		     uint16_t *port)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)&c->peer;
	struct sockaddr_in6 *s6 = &c->peer;

	memset(c, 0, sizeof(*c));
	if (!addr || len < sizeof(sa_family_t))
		return false;
	if (addr->sa_family == AF_INET && len >= sizeof(*s4)) {
		memcpy(s4, addr, sizeof(*s4));
		memset(s4->sin_zero, 0, sizeof(s4->sin_zero));
		c->peer_len = sizeof(*s4);
		*af = AF_INET;
		memcpy(a, &s4->sin_addr, 4);
		*port = ntohs(s4->sin_port);
	} else if (addr->sa_family == AF_INET6 && len >= sizeof(*s6)) {
		memcpy(s6, addr, sizeof(*s6));
		c->peer_len = sizeof(*s6);
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
 * Whether @fd is a descriptor this library converted; its entry to @c
 * (may be NULL). A descriptor closed where close() is not seen (fclose()
 * of an fdopen()ed socket, close_range) may come back as another socket:
 * its entry is dropped then. errno is kept.
 */
static bool tracked(int fd, struct fdtab_conn *c)
{
	socklen_t len = sizeof(int);
	int domain, saved = errno;

	if (!fdtab_get(fd, c))
		return false;
	if (!real.getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) &&
	    domain == atomic_load(&mlt_family))
		return true;
	errno = saved;
	fdtab_clear(fd);
	return false;
}

/*
 * The name that holds the virtual address @a of @af; 0 or the errno to
 * map (ENXIO: the module is not loaded).
 */
static int name_of(int af, const unsigned char *a, struct mltnl_vaddr *v)
{
	struct mltnl_error e = { 0 };
	struct mltnl *h;
	int err;

	h = mltnl_open(0, &e);
	if (!h) {
		if (e.stage == MLTNL_STAGE_FAMILY)
			return ENXIO;
		return e.errnum ? e.errnum : EIO;
	}
	err = -mltnl_vaddr_lookup(h, af, a, v);
	mltnl_close(h);
	return err;
}

/*
 * Replace @fd's TCP socket by an AF_MINIMALT one connecting to the name
 * that holds the address. The TCP socket stays when the connect fails at
 * once; a connect that goes on (EINPROGRESS, or EINTR: a signal while a
 * blocking one waited for the resolver) keeps the new socket, as TCP keeps
 * connecting in both cases.
 */
static int convert(int fd, struct fdtab_conn *c, int af,
		   const unsigned char *a, uint16_t port)
{
	struct sockaddr_mlt *sa = &c->target;
	struct mltnl_vaddr v;
	int err, fl, fdfl, m, family;

	pthread_once(&map_once, load_map);
	err = name_of(af, a, &v);
	if (err) {
		if (debug)
			fprintf(stderr, "mlt-preload: fd %d: the address's name: %s\n",
				fd, strerror(err));
		return fail(policy_errno(err));
	}
	fl = fcntl(fd, F_GETFL);
	fdfl = fcntl(fd, F_GETFD);
	if (fl < 0 || fdfl < 0)
		return -1;
	family = mltnl_af();
	atomic_store(&mlt_family, family);
	sa->smlt_family = (sa_family_t)family;
	sa->smlt_service = portmap_service(&map, v.name, port);
	memcpy(sa->smlt_name, v.name, sizeof(sa->smlt_name));
	m = real.socket(family, SOCK_STREAM | SOCK_CLOEXEC |
			(fl & O_NONBLOCK ? SOCK_NONBLOCK : 0), 0);
	if (m < 0)
		return fail(policy_errno(errno));
	err = real.connect(m, (struct sockaddr *)sa, sizeof(*sa)) ? errno : 0;
	if (debug)
		fprintf(stderr, "mlt-preload: fd %d: %s port %u is service %u: %s\n",
			fd, v.name, port, sa->smlt_service,
			err ? strerror(err) : "connected");
	if (!err || err == EINPROGRESS || err == EINTR) {
		if (real.dup3(m, fd, fdfl & FD_CLOEXEC ? O_CLOEXEC : 0) < 0)
			err = errno;
		else
			fdtab_set(fd, c);
	}
	real.close(m);
	return err ? fail(policy_errno(err)) : 0;
}

/*
 * connect() again on a converted descriptor, as programs do to learn how
 * a non-blocking connect went or after EINTR: the kernel answers for the
 * name (EISCONN, EALREADY, waiting if the socket blocks, the error of the
 * attempt), whatever address the program gives.
 */
static int reconnect(int fd, const struct fdtab_conn *c)
{
	if (!real.connect(fd, (const struct sockaddr *)&c->target,
			  sizeof(c->target)))
		return 0;
	return fail(policy_errno(errno));
}

EXPORT int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct fdtab_conn c;
	unsigned char a[16];
	uint16_t port;
	int af;

	ready();
	if (tracked(fd, &c))
		return reconnect(fd, &c);
	if (!vaddr_of(addr, len, &c, &af, a, &port) || !is_tcp(fd))
		return real.connect(fd, addr, len);
	if (!fdtab_room(fd)) {
		if (debug)
			fprintf(stderr, "mlt-preload: fd %d: out of the table, left to TCP\n",
				fd);
		return real.connect(fd, addr, len);
	}
	return convert(fd, &c, af, a, port);
}

EXPORT int socket(int domain, int type, int protocol)
{
	int fd;

	ready();
	fd = real.socket(domain, type, protocol);
	if (fd >= 0)
		forget(fd);
	return fd;
}

EXPORT int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	struct fdtab_conn c;

	ready();
	if (!addr || !len || !tracked(fd, &c))
		return real.getpeername(fd, addr, len);
	policy_addr_out(&c.peer, c.peer_len, addr, len);
	return 0;
}

EXPORT int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	struct sockaddr_in6 me;
	struct fdtab_conn c;
	socklen_t n;

	ready();
	if (!addr || !len || !tracked(fd, &c))
		return real.getsockname(fd, addr, len);
	n = policy_local_addr(c.peer.sin6_family, &me);
	policy_addr_out(&me, n, addr, len);
	return 0;
}

EXPORT int setsockopt(int fd, int level, int name, const void *val,
		      socklen_t len)
{
	ready();
	if (policy_own_level(level) && tracked(fd, NULL))
		return 0;
	return real.setsockopt(fd, level, name, val, len);
}

EXPORT int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	int ret, err;

	ready();
	if (policy_own_level(level) && tracked(fd, NULL)) {
		if (!val || !len)
			return fail(EFAULT);
		*len = policy_getsockopt(level, name, val, *len);
		return 0;
	}
	ret = real.getsockopt(fd, level, name, val, len);
	/* A failed connect's error, as TCP would have had it. */
	if (!ret && level == SOL_SOCKET && name == SO_ERROR && val && len &&
	    *len >= sizeof(int)) {
		memcpy(&err, val, sizeof(err));
		if (err && tracked(fd, NULL)) {
			err = policy_so_error(err);
			memcpy(val, &err, sizeof(err));
		}
	}
	return ret;
}

EXPORT int close(int fd)
{
	ready();
	forget(fd);
	return real.close(fd);
}

EXPORT int dup(int old)
{
	int fd;

	ready();
	fd = real.dup(old);
	if (fd >= 0)
		follow(old, fd);
	return fd;
}

EXPORT int dup2(int old, int new)
{
	int fd;

	ready();
	fd = real.dup2(old, new);
	if (fd >= 0)
		follow(old, fd);
	return fd;
}

EXPORT int dup3(int old, int new, int flags)
{
	int fd;

	ready();
	fd = real.dup3(old, new, flags);
	if (fd >= 0)
		follow(old, fd);
	return fd;
}
