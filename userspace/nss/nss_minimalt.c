// SPDX-License-Identifier: GPL-2.0
/*
 * libnss_minimalt.so.2: the "minimalt" source of glibc's hosts database.
 * It answers NAME.bit (and its subdomains) with the name's virtual
 * addresses, which the kernel hands out (MLT_CMD_VADDR_GET, see
 * Documentation/programs.rst), so that any program that resolves names
 * with getaddrinfo() or gethostbyname() can reach a MinimaLT server
 * through mlt-proxy or the preload library. A name the directory does not
 * know yet is asked of the resolver (namecoind-helper) and waited for, up
 * to the namespace's resolve timeout. Other names are not ours: NOTFOUND
 * at once, and the next source in nsswitch.conf answers them.
 *
 * The answers, as programs expect them of DNS:
 *   the name's addresses                      SUCCESS
 *   no such name, no record, invalid record   NOTFOUND, HOST_NOT_FOUND
 *   the name service is down, no resolver,
 *   no answer in time, a quota, no memory     TRYAGAIN, TRY_AGAIN
 *   no module loaded                          UNAVAIL, NO_RECOVERY
 *   a buffer too small                        TRYAGAIN, errno ERANGE
 */
#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "hosts.h"
#include "mltnl.h"

#define EXPORT			__attribute__((visibility("default")))
/* The polls of the directory while the resolver works, in ms. */
#define POLL_FIRST_MS		2
#define POLL_MAX_MS		50
/*
 * The prototypes of every function a hosts module may have; those of other
 * databases are never defined, and the unused declarations cost nothing.
 */
NSS_DECLARE_MODULE_FUNCTIONS(minimalt)

/* How long a program may cache an answer (nscd), in seconds. */
#define ANSWER_TTL		60

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void sleep_ms(long long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* An errno of the kernel or the library as the NSS status to return. */
static enum nss_status status_of(int err, int *errnop, int *herrnop)
{
	switch (err) {
	case 0:
		return NSS_STATUS_SUCCESS;
	case ENOENT:		/* no such name, or no such address */
	case EKEYEXPIRED:
	case ENOKEY:
	case EKEYREJECTED:
	case EINVAL:
		*errnop = ENOENT;
		*herrnop = HOST_NOT_FOUND;
		return NSS_STATUS_NOTFOUND;
	case ENETDOWN:		/* the name service is down */
	case EHOSTUNREACH:	/* no resolver runs: the same, to a user */
	case ETIMEDOUT:		/* the resolver did not answer in time */
	case ENODATA:		/* the same, seen by polling */
	case EAGAIN:		/* a quota, or too many names waiting */
	case ENOMEM:
	case ENOBUFS:
		*errnop = EAGAIN;
		*herrnop = TRY_AGAIN;
		return NSS_STATUS_TRYAGAIN;
	default:		/* no module, anything else */
		*errnop = err;
		*herrnop = NO_RECOVERY;
		return NSS_STATUS_UNAVAIL;
	}
}

/*
 * The virtual addresses of the directory name @name: at once if the
 * directory has an entry, else after asking the resolver and polling
 * until its answer or its deadline. Returns 0 or a positive errno.
 */
static int lookup(const char *name, struct mltnl_vaddr *v)
{
	long long end, left, wait = POLL_FIRST_MS;
	uint32_t left_ms;
	struct mltnl *h;
	int ret;

	h = mltnl_open(0, NULL);
	if (!h)
		return ENXIO;	/* no module: not ours to say */
	ret = mltnl_vaddr_get(h, name, v);
	if (ret == -ENODATA) {
		ret = mltnl_dir_resolve(h, name, &left_ms);
		end = now_ms() + left_ms;
		while (!ret) {
			ret = mltnl_vaddr_get(h, name, v);
			left = end - now_ms();
			if (ret != -ENODATA || left <= 0)
				break;
			sleep_ms(wait < left ? wait : left);
			wait = wait * 2 < POLL_MAX_MS ? wait * 2 : POLL_MAX_MS;
			ret = 0;
		}
	}
	mltnl_close(h);
	return -ret;
}

/* The name's addresses, or NOTFOUND at once if it is not ours. */
static enum nss_status find(const char *name, struct mltnl_vaddr *v,
			    int *errnop, int *herrnop)
{
	char norm[MLT_NAME_MAX];

	switch (nss_bit_name(name, norm)) {
	case NSS_NAME_BIT:
		return status_of(lookup(norm, v), errnop, herrnop);
	case NSS_NAME_INVALID:
		return status_of(EINVAL, errnop, herrnop);
	default:
		*errnop = ENOENT;
		*herrnop = HOST_NOT_FOUND;
		return NSS_STATUS_NOTFOUND;
	}
}

static enum nss_status range_error(int *errnop, int *herrnop)
{
	*errnop = ERANGE;
	*herrnop = NETDB_INTERNAL;
	return NSS_STATUS_TRYAGAIN;
}

EXPORT enum nss_status
_nss_minimalt_gethostbyname4_r(const char *name, struct gaih_addrtuple **pat,
			       char *buffer, size_t buflen, int *errnop,
			       int *herrnop, int32_t *ttlp)
{
	struct mltnl_vaddr v;
	enum nss_status s = find(name, &v, errnop, herrnop);

	if (s != NSS_STATUS_SUCCESS)
		return s;
	if (nss_fill_tuples(pat, v.name, v.v4, v.v6, buffer, buflen))
		return range_error(errnop, herrnop);
	if (ttlp)
		*ttlp = ANSWER_TTL;
	return NSS_STATUS_SUCCESS;
}

EXPORT enum nss_status
_nss_minimalt_gethostbyname3_r(const char *name, int af, struct hostent *host,
			       char *buffer, size_t buflen, int *errnop,
			       int *herrnop, int32_t *ttlp, char **canonp)
{
	struct mltnl_vaddr v;
	enum nss_status s;

	if (af != AF_INET && af != AF_INET6) {
		*errnop = EAFNOSUPPORT;
		*herrnop = NO_DATA;
		return NSS_STATUS_UNAVAIL;
	}
	s = find(name, &v, errnop, herrnop);
	if (s != NSS_STATUS_SUCCESS)
		return s;
	if (nss_fill_hostent(host, v.name, af, af == AF_INET ? v.v4 : v.v6,
			     buffer, buflen))
		return range_error(errnop, herrnop);
	if (ttlp)
		*ttlp = ANSWER_TTL;
	if (canonp)
		*canonp = host->h_name;
	return NSS_STATUS_SUCCESS;
}

EXPORT enum nss_status
_nss_minimalt_gethostbyname2_r(const char *name, int af, struct hostent *host,
			       char *buffer, size_t buflen, int *errnop,
			       int *herrnop)
{
	return _nss_minimalt_gethostbyname3_r(name, af, host, buffer, buflen,
					      errnop, herrnop, NULL, NULL);
}

EXPORT enum nss_status
_nss_minimalt_gethostbyname_r(const char *name, struct hostent *host,
			      char *buffer, size_t buflen, int *errnop,
			      int *herrnop)
{
	return _nss_minimalt_gethostbyname3_r(name, AF_INET, host, buffer,
					      buflen, errnop, herrnop, NULL,
					      NULL);
}

/*
 * A virtual address's name. The kernel tells it only to a user that asked
 * for the name itself (or to CAP_NET_ADMIN): others get NOTFOUND.
 */
EXPORT enum nss_status
_nss_minimalt_gethostbyaddr2_r(const void *addr, socklen_t len, int af,
			       struct hostent *host, char *buffer,
			       size_t buflen, int *errnop, int *herrnop,
			       int32_t *ttlp)
{
	struct mltnl_vaddr v;
	struct mltnl *h;
	int ret;

	if (!((af == AF_INET && len == 4) || (af == AF_INET6 && len == 16)) ||
	    !nss_is_vaddr(af, addr)) {
		*errnop = ENOENT;
		*herrnop = HOST_NOT_FOUND;
		return NSS_STATUS_NOTFOUND;
	}
	h = mltnl_open(0, NULL);
	if (!h)
		return status_of(ENXIO, errnop, herrnop);
	ret = mltnl_vaddr_lookup(h, af, addr, &v);
	mltnl_close(h);
	if (ret)
		return status_of(-ret, errnop, herrnop);
	if (nss_fill_hostent(host, v.name, af, addr, buffer, buflen))
		return range_error(errnop, herrnop);
	if (ttlp)
		*ttlp = ANSWER_TTL;
	return NSS_STATUS_SUCCESS;
}

EXPORT enum nss_status
_nss_minimalt_gethostbyaddr_r(const void *addr, socklen_t len, int af,
			      struct hostent *host, char *buffer,
			      size_t buflen, int *errnop, int *herrnop)
{
	return _nss_minimalt_gethostbyaddr2_r(addr, len, af, host, buffer,
					      buflen, errnop, herrnop, NULL);
}
