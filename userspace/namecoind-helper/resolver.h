/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resolution: a .bit name asked for by the kernel (or preloaded) is looked
 * up with name_show, verified (a current node, not expired, enough
 * confirmations, a valid minimalT object, imports held to the same rules)
 * and installed as a directory entry, or as a negative entry saying why
 * not. Installed names are re-checked as blocks arrive.
 *
 * One lookup at a time, each bounded in wall time (lookup-timeout) and in
 * fetches (RECORD_IMPORT_FETCHES): the kernel's requests wait in a queue
 * (one place per name) and go before re-checks, so a request waits for at
 * most one re-check and for the requests queued before it.
 */
#ifndef NMC_RESOLVER_H
#define NMC_RESOLVER_H

#include <stdbool.h>
#include <time.h>

#include "config.h"
#include "mltnl.h"
#include "node.h"
#include "record.h"

/* The most requests waiting; past it, the kernel's waiters time out. */
#define RESOLVER_QUEUE_MAX	256

/* A name this helper installed. */
struct installed {
	char name[MLT_NAME_MAX];	/* e.g. "www.demo.bit" */
	time_t expires;			/* its kernel entry's end */
	int verified;			/* rec holds what was installed */
	bool due;			/* to be re-checked */
	struct record rec;
};

/* A request from the kernel, waiting for its lookup. */
struct request {
	char name[MLT_NAME_MAX];
};

struct resolver {
	const struct config *cfg;
	struct node *node;
	struct mltnl *nl;
	struct installed *v;
	size_t n, cap;
	struct request *q;		/* FIFO: q[0] is served next */
	size_t qn;
	long long height;		/* the node's block count, -1: unknown */
	int node_down;			/* the last call found it unreachable */
	unsigned int backoff;		/* s until the next try when down */
	time_t next_poll;
	unsigned int kernel_ms;		/* the kernel's resolve timeout, 0:
					 * unknown */
};

void resolver_init(struct resolver *r, const struct config *cfg,
		   struct node *node, struct mltnl *nl);
void resolver_free(struct resolver *r);

/*
 * The wall time (ms) one lookup, or one publisher turn, may take:
 * lookup-timeout, cut to 4/5 of the kernel's resolve timeout so that the
 * answer reaches connect() before it gives up.
 */
unsigned int resolver_budget(const struct resolver *r);

/*
 * Queue the kernel's request for @name; a name already queued keeps its
 * place. Names outside .bit are left to other resolvers. Returns 1 if
 * queued, 0 if not (not .bit, already queued, or the queue is full).
 */
int resolver_enqueue(struct resolver *r, const char *name);

/*
 * One lookup: the oldest queued request, else one installed name due for
 * a re-check. Returns true if work is left (call again soon).
 */
bool resolver_work(struct resolver *r, time_t now);

/* Whether requests or re-checks are waiting. */
bool resolver_busy(const struct resolver *r);

/* Answer the request for @name now (queue it and serve the queue). */
void resolver_request(struct resolver *r, const char *name, time_t now);

/* Adopt the .bit entries already in the kernel (after a restart). */
void resolver_sync(struct resolver *r, time_t now);

/*
 * Check the node (current, its block count) when due; on a new block, or
 * for entries near their end, mark installed names for a re-check, which
 * resolver_work() does one at a time. Returns the time of the next poll.
 */
time_t resolver_tick(struct resolver *r, time_t now);

/*
 * Look @name up and verify it without touching the kernel: 0 with *rec
 * filled and *lifetime the entry's life in seconds, or the MLT_DIR_ERR_*
 * reason the daemon would install, with err saying why. For
 * "namecoind-helper check".
 */
int resolver_lookup(struct resolver *r, const char *name, struct record *rec,
		    unsigned int *lifetime, char *err, size_t errlen);

/* "no-name", "expired", "no-record", "invalid", "unavailable" (mltctl's). */
const char *resolver_reason_name(int reason);

#endif /* NMC_RESOLVER_H */
