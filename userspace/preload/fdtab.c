// SPDX-License-Identifier: GPL-2.0
/*
 * The table of converted descriptors (fdtab.h): chunks of FDTAB_CHUNK
 * entries, each chunk allocated when a descriptor in it is first converted
 * and kept for the life of the process (calloc: pages never written cost
 * nothing). An entry's state is one atomic: FREE, BUSY while written, or
 * SET; its generation is odd while it is written. A reader copies a SET
 * entry and checks both again after, so that it never returns a torn one.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "fdtab.h"

enum { FREE, BUSY, SET };

struct entry {
	atomic_uint state;
	atomic_uint gen;		/* bumped before and after a write */
	struct fdtab_conn c;
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

bool fdtab_room(int fd)
{
	return entry_of(fd, true) != NULL;
}

bool fdtab_set(int fd, const struct fdtab_conn *c)
{
	struct entry *e = entry_of(fd, false);

	if (!e || c->peer_len > sizeof(c->peer))
		return false;
	atomic_store(&e->state, BUSY);
	atomic_fetch_add(&e->gen, 1);
	e->c = *c;
	atomic_fetch_add(&e->gen, 1);
	atomic_store(&e->state, SET);
	return true;
}

bool fdtab_get(int fd, struct fdtab_conn *c)
{
	struct entry *e = entry_of(fd, false);
	struct fdtab_conn copy;
	unsigned int gen;

	if (!e)
		return false;
	do {
		if (atomic_load(&e->state) != SET)
			return false;
		gen = atomic_load(&e->gen);
		if (c)
			copy = e->c;
	} while (gen & 1 || gen != atomic_load(&e->gen) ||
		 atomic_load(&e->state) != SET);
	if (c)
		*c = copy;
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
	struct fdtab_conn c;

	if (from == to)
		return;
	if (fdtab_get(from, &c) && fdtab_room(to))
		fdtab_set(to, &c);
	else
		fdtab_clear(to);
}
