/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What libmlt-preload tells a program that believes it holds a TCP
 * socket: the errno a TCP connect() would have given for each way a
 * MinimaLT connect can fail, and which socket options it answers itself.
 * Pure: unit-tested on the host.
 */
#ifndef MLT_PRELOAD_POLICY_H
#define MLT_PRELOAD_POLICY_H

#include <stdbool.h>

/*
 * The errno for a TCP program when the MinimaLT side failed with @err
 * (the name behind the address, the socket or the connect):
 *   no name holds the address, the name's entry is negative (ENOENT,
 *     ENOKEY, EKEYEXPIRED, EKEYREJECTED), the module has no such
 *     address                                     -> EHOSTUNREACH
 *   the module is not loaded (EAFNOSUPPORT, ENXIO), the resolver is
 *     down (ENETDOWN)                             -> ENETUNREACH
 *   ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, EINPROGRESS,
 *   EINTR, EMFILE, ENFILE, ENOMEM, ENOBUFS, EACCES, EPERM, EAGAIN
 *                                                 -> themselves
 *   anything else                                 -> ECONNREFUSED
 */
int policy_errno(int err);

/*
 * Whether setsockopt()/getsockopt() at @level on a converted descriptor
 * is answered by the library (success, no effect; getsockopt gives 0):
 * the TCP and IP levels, whose options mean nothing to a MinimaLT
 * connection (TCP_NODELAY, TCP_KEEPIDLE, IP_TOS, IPV6_V6ONLY ...).
 * SOL_SOCKET options go to the kernel, which handles the generic ones.
 */
bool policy_own_level(int level);

#endif /* MLT_PRELOAD_POLICY_H */
