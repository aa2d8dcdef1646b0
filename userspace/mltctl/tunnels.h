/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `mltctl tunnels`: the namespace's tunnels and their transport state, as
 * `ss -ti` shows TCP's (MLT_CMD_TUNNEL_GET, parsed by libmltnl). The
 * printing is apart from the command so that the unit tests can drive it.
 */
#ifndef MLTCTL_TUNNELS_H
#define MLTCTL_TUNNELS_H

#include <stddef.h>

#include "mltnl.h"

#define TUNNELS_USAGE	"tunnels [-j|--json]"

/*
 * Print tunnels between print_start() and print_end(). Text: one line per
 * tunnel, nothing when there is none. JSON (see mltctl.8): an array (empty:
 * []) of
 *   { "tid": u64, "role": "client"|"server", "peer_addr": string,
 *     "peer_port": u16, "server_identity": base64 (client tunnels only),
 *     "conns": u32, "dead": bool, "idle_ms": u32, "cc": "cubic"|...,
 *     "srtt_us": u32, "rttvar_us": u32, "min_rtt_us": u32, "rto_ms": u32,
 *     "cwnd": u32, "ssthresh": u32, "in_recovery": bool, "inflight": u32,
 *     "lost": u32, "sacked": u32, "pacing_rate": u64 (bytes/s),
 *     "dgram_size": u32 (UDP payload bytes), "reo_wnd_mult": u32,
 *     "reorder_bytes": u32, "rx_window": u64 }
 */
void tunnels_print(const struct mltnl_tunnel *t, size_t n);

/* Sort tunnels as tunnels prints them: clients first, by peer, by id. */
void tunnels_sort(struct mltnl_tunnel *t, size_t n);

#endif /* MLTCTL_TUNNELS_H */
