// SPDX-License-Identifier: GPL-2.0
/*
 * The errors and socket options of converted descriptors (policy.h).
 */
#include <errno.h>
#include <netinet/in.h>

#include "policy.h"

int policy_errno(int err)
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
	case ECONNREFUSED:
	case ETIMEDOUT:
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EINPROGRESS:
	case EINTR:
	case EMFILE:
	case ENFILE:
	case ENOMEM:
	case ENOBUFS:
	case EACCES:
	case EPERM:
	case EAGAIN:
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
