/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `mltctl show`: the status (MLT_CMD_GET_STATUS, parsed by libmltnl)
 * printed through print.h, one code path for the text and the JSON form.
 * Split out of the command so that the unit tests can print hand-made
 * statuses.
 */
#ifndef MLTCTL_SHOW_H
#define MLTCTL_SHOW_H

#include "mltnl.h"

/*
 * Print st between print_start() and print_end(). The text form shows
 * the settings and the state counters (sockets ... connections), and
 * with detail (-s) the traffic counters, the drops by reason and the
 * send errors by reason too; counters of a newer kernel show only with
 * -s. The JSON form always has everything the kernel sent (mltctl.8):
 *   { "family": u32 or null, "public_key": base64 string or null,
 *     "udp_port": u16, "tunnel_timeout_ms": u32, "resolve_timeout_ms": u32,
 *     "tunnel_limit": u32, "conn_limit": u32, "cc": string,
 *     "rmem_max": u32, "wmem_max": u32, "open_rate": u32,
 *     "open_burst": u32, "source_prefix4": u32, "source_prefix6": u32,
 *     "halfopen_limit": u32, "unpriv_service_start": u32,
 *     "puzzle_mode": string, "client_tunnel_limit": u32,
 *     "user_tunnel_quota": u32, "user_resolve_quota": u32,
 *     "replay_cache_limit": u32,
 *     "stats": { "sockets": u64, ..., "stat_N": u64 },
 *     "drops": { "short": u64, ... every reason },
 *     "tx_errors": { "no-route": u64, ... every reason } }
 * (settings, drops and tx_errors only when the kernel reports them).
 */
void status_print(const struct mltnl_status *st, int detail);

#endif /* MLTCTL_SHOW_H */
