// SPDX-License-Identifier: GPL-2.0
/*
 * The errors, socket options and addresses of converted descriptors
 * (policy.h).
 */
#include <errno.h>
#include <netinet/tcp.h>
#include <string.h>

#include "policy.h"

int policy_so_error(int err)
{
	switch (err) {
	case ENOENT:
	case ENOKEY:
	case EKEYEXPIRED:
	case EKEYREJECTED:
	case EADDRNOTAVAIL:
		return EHOSTUNREACH;
	case EAFNOSUPPORT:
	case ENXIO:
	case ENETDOWN:
		return ENETUNREACH;
	default:
		return err;
	}
}

int policy_errno(int err)
{
	err = policy_so_error(err);
	switch (err) {
	case ECONNREFUSED:
	case ETIMEDOUT:
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EINPROGRESS:
	case EALREADY:
	case EISCONN:
	case EINTR:
	case EMFILE:
	case ENFILE:
	case ENOMEM:
	case ENOBUFS:
	case EACCES:
	case EPERM:
	case EAGAIN:
	case EBADF:
		return err;
	default:
		return ECONNREFUSED;
	}
}

bool policy_own_level(int level)
{
	return level == IPPROTO_TCP || level == IPPROTO_IP ||
	       level == IPPROTO_IPV6;
}

/* The size of option @name's value at @level, and the value if an int. */
static socklen_t option(int level, int name, int *v)
{
	*v = 0;
	if (level == IPPROTO_TCP) {
		switch (name) {
		case TCP_INFO:
			return sizeof(struct tcp_info);
		case TCP_CONGESTION:
		case TCP_ULP:
			return 16;	/* TCP_CA_NAME_MAX, TCP_ULP_NAME_MAX */
		case TCP_MAXSEG:
			*v = 536;
			break;
		}
	} else if (level == IPPROTO_IP) {
		switch (name) {
		case IP_OPTIONS:
			return 0;
		case IP_TTL:
			*v = 64;
			break;
		}
	} else if (level == IPPROTO_IPV6) {
		switch (name) {
		case IPV6_2292PKTOPTIONS:
			return 0;
		case IPV6_UNICAST_HOPS:
			*v = 64;
			break;
		}
	}
	return sizeof(int);
}

socklen_t policy_getsockopt(int level, int name, void *val, socklen_t len)
{
	socklen_t n;
	int v;

	n = option(level, name, &v);
	if (len < n)
		n = len;
	if (!val)
		return 0;
	memset(val, 0, n);
	memcpy(val, &v, n < sizeof(v) ? n : sizeof(v));
	return n;
}

void policy_addr_out(const void *src, socklen_t n, struct sockaddr *dst,
		     socklen_t *len)
{
	memcpy(dst, src, *len < n ? *len : n);
	*len = n;
}

socklen_t policy_local_addr(int family, struct sockaddr_in6 *out)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)out;

	memset(out, 0, sizeof(*out));
	if (family == AF_INET6) {
		out->sin6_family = AF_INET6;
		out->sin6_addr = in6addr_loopback;
		return sizeof(*out);
	}
	if (family == AF_INET) {
		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(*s4);
	}
	return 0;
}
