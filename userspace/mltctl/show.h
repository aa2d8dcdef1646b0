/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reply of MLT_CMD_GET_STATUS: parsing and the two output forms of
 * `mltctl show`. Split out of the command so that the unit tests can feed
 * it hand-made replies.
 */
#ifndef MLTCTL_SHOW_H
#define MLTCTL_SHOW_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>
#include <libmnl/libmnl.h>

#include "genl.h"
#include "key.h"

/* Counter types at or beyond this are ignored (the uapi has far fewer). */
#define STATS_SLOTS	64

struct mlt_status {
	int have_family;
	uint32_t family;
	int have_public_key;
	uint8_t public_key[KEY_LEN];
	int have_stat[STATS_SLOTS];
	uint64_t stat[STATS_SLOTS];
	int have_port;
	uint16_t udp_port;
	int have_timeout;
	uint32_t tunnel_timeout_ms;
	int have_resolve_timeout;
	uint32_t resolve_timeout_ms;
	int have_drop[STATS_SLOTS];
	uint64_t drop[STATS_SLOTS];
};

/*
 * Parse one GET_STATUS reply (a generic netlink message) into st, which the
 * caller zeroed. Unknown attributes and counters are ignored, MLT_STAT_PAD
 * is skipped. Returns 0, or -1 with e set by genl_reply_error().
 */
int status_parse(const struct nlmsghdr *nlh, struct mlt_status *st,
		 struct genl_err *e);

/*
 * The human form, as `mltctl show` prints it: the state counters (sockets
 * ... tunnels, connections), and with detail (-s) the traffic counters and
 * the drops by reason too. Counters of a newer kernel show only with -s.
 */
void status_print(FILE *f, const struct mlt_status *st, int detail);

/*
 * The JSON form, as `mltctl show -j` prints it with or without -s: always
 * every counter and every drop reason the kernel sent (see mltctl.8):
 *   { "family": u32 or null, "public_key": base64 string or null,
 *     "stats": { "sockets": u64, "identity_changes": u64,
 *                "dir_entries": u64, "eph_keys": u64, "eph_wiped": u64,
 *                "tunnels": u64, "conns": u64, ... },
 *     "udp_port": u16, "tunnel_timeout_ms": u32, "resolve_timeout_ms": u32,
 *     "drops": { "short": u64, "tag": u64, ... every reason } }
 * Returns a new reference, or NULL when out of memory.
 */
json_t *status_json(const struct mlt_status *st);

#endif /* MLTCTL_SHOW_H */
