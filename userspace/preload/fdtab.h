/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The descriptors that libmlt-preload turned into AF_MINIMALT sockets,
 * each with the virtual address and port the program connected to (what
 * getpeername() must go on returning) and the name and service the
 * library connected the socket to (what a second connect() asks the
 * kernel about). Lock-free to read and to clear, so that close() may
 * clear from anywhere, a signal handler included; no system calls:
 * unit-tested on the host.
 */
#ifndef MLT_PRELOAD_FDTAB_H
#define MLT_PRELOAD_FDTAB_H

#include <stdbool.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <linux/minimalt.h>

/* Descriptors from 0 to FDTAB_MAX - 1 can be tracked. */
#define FDTAB_CHUNK	1024
#define FDTAB_CHUNKS	1024
#define FDTAB_MAX	(FDTAB_CHUNK * FDTAB_CHUNKS)

/* What the table holds for a converted descriptor. */
struct fdtab_conn {
	socklen_t peer_len;		/* sizeof(sockaddr_in) or _in6 */
	struct sockaddr_in6 peer;	/* the program's address, either family */
	struct sockaddr_mlt target;	/* the name and service connected to */
};

/*
 * Make room for @fd (its chunk of the table) before it is converted, so
 * that fdtab_set() cannot fail after. False when @fd is out of range or no
 * memory is left: the library then leaves the descriptor alone.
 */
bool fdtab_room(int fd);

/*
 * @fd now stands for @c. False when @fd has no room (see fdtab_room) or
 * @c->peer_len is larger than @c->peer.
 */
bool fdtab_set(int fd, const struct fdtab_conn *c);

/* Whether @fd is tracked; if so and @c is not NULL, its entry goes there. */
bool fdtab_get(int fd, struct fdtab_conn *c);

/* @fd is closed or reused: forget it. */
void fdtab_clear(int fd);

/* @to is a duplicate of @from (dup2, dup3, dup): the same entry, or none. */
void fdtab_copy(int from, int to);

#endif /* MLT_PRELOAD_FDTAB_H */
