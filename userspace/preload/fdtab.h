/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The descriptors that libmlt-preload turned into AF_MINIMALT sockets,
 * each with the virtual address and port the program connected to (what
 * getpeername() must go on returning). Lock-free to read and to clear, so
 * that close() may clear from anywhere, a signal handler included; no
 * system calls: unit-tested on the host.
 */
#ifndef MLT_PRELOAD_FDTAB_H
#define MLT_PRELOAD_FDTAB_H

#include <stdbool.h>
#include <sys/socket.h>

/* Descriptors from 0 to FDTAB_MAX - 1 can be tracked. */
#define FDTAB_CHUNK	1024
#define FDTAB_CHUNKS	1024
#define FDTAB_MAX	(FDTAB_CHUNK * FDTAB_CHUNKS)

/*
 * @fd now stands for a connection to @addr (@len bytes, at most a struct
 * sockaddr_in6). Returns false when @fd is out of range or no memory is
 * left for its chunk: the descriptor then works, unrecorded.
 */
bool fdtab_set(int fd, const struct sockaddr *addr, socklen_t len);

/*
 * Whether @fd is tracked; if so and @addr is not NULL, its address goes
 * to @addr as getpeername() gives one: truncated to *@len, and *@len set
 * to the full length.
 */
bool fdtab_get(int fd, struct sockaddr *addr, socklen_t *len);

/* @fd is closed or reused: forget it. */
void fdtab_clear(int fd);

/* @to is a duplicate of @from (dup2, dup3, dup): the same entry, or none. */
void fdtab_copy(int from, int to);

#endif /* MLT_PRELOAD_FDTAB_H */
