// SPDX-License-Identifier: GPL-2.0
/*
 * The table of converted descriptors (fdtab.h): chunks of FDTAB_CHUNK
 * entries, each chunk allocated when a descriptor in it is first recorded
 * and kept for the life of the process. An entry's state is one atomic:
 * FREE, BUSY while written, or SET; a reader takes a SET entry's address
 * and checks the state again after, so that it never returns a torn one.
 */
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "fdtab.h"

enum { FREE, BUSY, SET };

struct entry {
	atomic_uint state;
	atomic_uint gen;		/* bumped by every write */
	socklen_t len;
	struct sockaddr_in6 addr;	/* big enough for both families */
};

static _Atomic(struct entry *) chunks[FDTAB_CHUNKS];
static pthread_mutex_t grow = PTHREAD_MUTEX_INITIALIZER;

static struct entry *entry_of(int fd, bool make)
{
	struct entry *c;
	unsigned int i;

	if (fd < 0 || fd >= FDTAB_MAX)
		return NULL;
	i = (unsigned int)fd / FDTAB_CHUNK;
	c = atomic_load(&chunks[i]);
	if (!c && make) {
		pthread_mutex_lock(&grow);
		c = atomic_load(&chunks[i]);
		if (!c) {
			c = calloc(FDTAB_CHUNK, sizeof(*c));
			atomic_store(&chunks[i], c);
		}
		pthread_mutex_unlock(&grow);
	}
	return c ? &c[(unsigned int)fd % FDTAB_CHUNK] : NULL;
}

bool fdtab_set(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct entry *e = entry_of(fd, true);

	if (!e || len > sizeof(e->addr))
		return false;
	atomic_store(&e->state, BUSY);
	atomic_fetch_add(&e->gen, 1);
	memset(&e->addr, 0, sizeof(e->addr));
	memcpy(&e->addr, addr, len);
	e->len = len;
	atomic_fetch_add(&e->gen, 1);
	atomic_store(&e->state, SET);
	return true;
}

bool fdtab_get(int fd, struct sockaddr *addr, socklen_t *len)
{
	struct entry *e = entry_of(fd, false);
	struct sockaddr_in6 copy;
	unsigned int gen;
	socklen_t n;

	if (!e)
		return false;
	do {
		if (atomic_load(&e->state) != SET)
			return false;
		gen = atomic_load(&e->gen);
		copy = e->addr;
		n = e->len;
	} while (gen & 1 || gen != atomic_load(&e->gen) ||
		 atomic_load(&e->state) != SET);
	if (addr && len) {
		memcpy(addr, &copy, *len < n ? *len : n);
		*len = n;
	}
	return true;
}

void fdtab_clear(int fd)
{
	struct entry *e = entry_of(fd, false);

	if (e)
		atomic_store(&e->state, FREE);
}

void fdtab_copy(int from, int to)
{
	struct sockaddr_in6 a;
	socklen_t len = sizeof(a);

	if (from == to)
		return;
	if (fdtab_get(from, (struct sockaddr *)&a, &len))
		fdtab_set(to, (struct sockaddr *)&a, len);
	else
		fdtab_clear(to);
}
