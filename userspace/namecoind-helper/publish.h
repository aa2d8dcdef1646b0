/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The server side: publish this host's identity key, UDP port and current
 * ephemeral key in its Namecoin name (config publish-name), and rotate the
 * ephemeral key every rotate-interval seconds:
 *
 *   1. a new key goes into the kernel (the old one stays valid);
 *   2. name_update publishes it;
 *   3. once the new record has "confirmations" confirmations, a grace
 *      period of "grace" seconds starts;
 *   4. at its end the old key is wiped from the kernel.
 *
 * With or without rotation, each new block the record is checked: a
 * minimalT object that is not the one this host would publish (port,
 * keys, publish-ip) is published again, and a name with fewer than
 * renew-blocks blocks left is renewed with its current value. An update
 * that waits in the mempool (name_pending) is not sent again.
 *
 * Documentation/namecoin.rst says when first-packet data becomes
 * forward-secret under this schedule.
 */
#ifndef NMC_PUBLISH_H
#define NMC_PUBLISH_H

#include <stdint.h>
#include <time.h>

#include "config.h"
#include "mltnl.h"
#include "node.h"

enum publish_state {
	PUB_START,		/* nothing published by this process yet */
	PUB_IDLE,		/* the record names the current key */
	PUB_CONFIRMING,		/* a new key published, not confirmed */
	PUB_GRACE,		/* confirmed; the old key lives to grace_end */
};

struct publisher {
	const struct config *cfg;
	struct node *node;
	struct mltnl *nl;
	enum publish_state state;
	uint8_t cur[MLT_KEY_LEN];	/* the key the record names */
	uint8_t old[MLT_KEY_LEN];	/* the key being retired */
	time_t next_rotate;
	time_t grace_end;
	time_t next_try;
	long long checked;	/* the height the record was last checked at */
	char sent_txid[65];	/* the last name_update this process sent */
	long long sent_height;	/* the height it was sent at */
};

void publisher_init(struct publisher *p, const struct config *cfg,
		    struct node *node, struct mltnl *nl);
/* Do what is due; returns when to be called next. */
time_t publisher_tick(struct publisher *p, time_t now, long long height);
/* namecoind-helper publish: the newest key (a new one if none), once. */
int publish_once(const struct config *cfg, struct node *node);

#endif /* NMC_PUBLISH_H */
