/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resolution: a .bit name asked for by the kernel (or preloaded) is looked
 * up with name_show, verified (not expired, enough confirmations, a valid
 * minimalT object) and installed as a directory entry, or as a negative
 * entry saying why not. Installed names are re-checked as blocks arrive.
 */
#ifndef NMC_RESOLVER_H
#define NMC_RESOLVER_H

#include <time.h>

#include "config.h"
#include "nl.h"
#include "node.h"
#include "record.h"

/* A name this helper installed. */
struct installed {
	char name[MLT_NAME_MAX];	/* e.g. "www.demo.bit" */
	time_t expires;			/* its kernel entry's end */
	int verified;			/* rec holds what was installed */
	struct record rec;
};

struct resolver {
	const struct config *cfg;
	struct node *node;
	struct nl *nl;
	struct installed *v;
	size_t n, cap;
	long long height;		/* the node's block count, -1: unknown */
	int node_down;			/* the last call found it unreachable */
	unsigned int backoff;		/* s until the next try when down */
	time_t next_poll;
};

void resolver_init(struct resolver *r, const struct config *cfg,
		   struct node *node, struct nl *nl);
void resolver_free(struct resolver *r);

/*
 * Answer the kernel's request for @name: install an entry, positive or
 * negative. Names outside .bit are left to other resolvers.
 */
void resolver_request(struct resolver *r, const char *name, time_t now);

/* Adopt the .bit entries already in the kernel (after a restart). */
void resolver_sync(struct resolver *r, time_t now);

/*
 * Poll the node's block count when due; on a new block, or for entries
 * near their end, re-check the installed names. Returns the time of the
 * next poll.
 */
time_t resolver_tick(struct resolver *r, time_t now);

/*
 * Look @name up and verify it without touching the kernel: 0 with *rec
 * filled and *lifetime the entry's life in seconds, or an MLT_DIR_ERR_*
 * reason with err saying why. For "namecoind-helper check".
 */
int resolver_lookup(struct resolver *r, const char *name, struct record *rec,
		    unsigned int *lifetime, char *err, size_t errlen);

#endif /* NMC_RESOLVER_H */
