/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What libmlt-preload tells a program that believes it holds a TCP
 * socket: the errno a TCP connect() would have given for each way a
 * MinimaLT connect can fail, the socket options it answers itself and
 * with what, and the addresses getpeername() and getsockname() give.
 * Pure: unit-tested on the host.
 */
#ifndef MLT_PRELOAD_POLICY_H
#define MLT_PRELOAD_POLICY_H

#include <stdbool.h>
#include <netinet/in.h>
#include <sys/socket.h>

/*
 * The errno of a connection whose MinimaLT side failed with @err, as
 * SO_ERROR gives it after a non-blocking connect() (and as connect() gives
 * it, through policy_errno()); 0 stays 0:
 *   no name holds the address, the name's entry is negative (ENOENT,
 *     ENOKEY, EKEYEXPIRED, EKEYREJECTED), EADDRNOTAVAIL -> EHOSTUNREACH
 *   the module is not loaded (EAFNOSUPPORT, ENXIO), the resolver is
 *     down (ENETDOWN)                                   -> ENETUNREACH
 *   anything else                                       -> itself
 */
int policy_so_error(int err);

/*
 * The errno connect() returns when the MinimaLT side failed with @err:
 * policy_so_error()'s mapping, and of the rest only the errnos a TCP
 * connect() has (ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH,
 * EINPROGRESS, EALREADY, EISCONN, EINTR, EMFILE, ENFILE, ENOMEM, ENOBUFS,
 * EACCES, EPERM, EAGAIN, EBADF) stay; anything else -> ECONNREFUSED.
 */
int policy_errno(int err);

/*
 * Whether setsockopt()/getsockopt() at @level on a converted descriptor
 * is answered by the library (setsockopt: success, no effect): the TCP
 * and IP levels, whose options mean nothing to a MinimaLT connection
 * (TCP_NODELAY, TCP_KEEPIDLE, IP_TOS, IPV6_V6ONLY ...). SOL_SOCKET
 * options go to the kernel, which handles the generic ones.
 */
bool policy_own_level(int level);

/*
 * getsockopt() of option @name at an own @level: fills @val (@len bytes
 * of room) and returns the length to report, as the kernel does: the
 * option's size (an int; struct tcp_info for TCP_INFO; 16 bytes for
 * TCP_CONGESTION and TCP_ULP; nothing for IP_OPTIONS and
 * IPV6_2292PKTOPTIONS) or @len if smaller. Every value is 0 except
 * TCP_MAXSEG (536, TCP's default MSS) and IP_TTL and IPV6_UNICAST_HOPS
 * (64, Linux's default hop limit).
 */
socklen_t policy_getsockopt(int level, int name, void *val, socklen_t len);

/*
 * Copy the address @src (@n bytes) out as getpeername() does: truncated to
 * *@len, and *@len set to @n.
 */
void policy_addr_out(const void *src, socklen_t n, struct sockaddr *dst,
		     socklen_t *len);

/*
 * The address getsockname() gives a converted descriptor whose peer is of
 * @family: the loopback address of that family, port 0. Returns its
 * length (0 for another family).
 */
socklen_t policy_local_addr(int family, struct sockaddr_in6 *out);

#endif /* MLT_PRELOAD_POLICY_H */
