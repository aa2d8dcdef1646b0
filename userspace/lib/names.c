// SPDX-License-Identifier: GPL-2.0
/*
 * libmltnl: the names of the uapi's enumerations, as mltctl prints them
 * (drop reasons as Documentation/protocol.rst spells them). The unit test
 * tests/names_test.c fails when the uapi gains a value without a name here.
 */
#include <string.h>

#include "mltnl.h"

static const char * const drop_names[__MLT_DROP_MAX] = {
	[MLT_DROP_NONE]			= "none",
	[MLT_DROP_SHORT]		= "short",
	[MLT_DROP_LONG]			= "long",
	[MLT_DROP_ZERO_TID]		= "zero-tid",
	[MLT_DROP_VERSION]		= "version",
	[MLT_DROP_PUZZLE]		= "puzzle",
	[MLT_DROP_OPENING_SHORT]	= "opening-short",
	[MLT_DROP_RPC_TRUNCATED]	= "rpc-truncated",
	[MLT_DROP_RPC_UNKNOWN]		= "rpc-unknown",
	[MLT_DROP_RPC_LEN]		= "rpc-len",
	[MLT_DROP_RPC_CONN]		= "rpc-conn",
	[MLT_DROP_RPC_VALUE]		= "rpc-value",
	[MLT_DROP_PAD_NONZERO]		= "pad-nonzero",
	[MLT_DROP_SEQ_ZERO]		= "seq-zero",
	[MLT_DROP_TAG]			= "tag",
	[MLT_DROP_EPH_UNKNOWN]		= "eph-unknown",
	[MLT_DROP_DH_ZERO]		= "dh-zero",
	[MLT_DROP_EPH_REUSED]		= "eph-reused",
	[MLT_DROP_REPLAY_OLD]		= "replay-old",
	[MLT_DROP_REPLAY_DUP]		= "replay-dup",
	[MLT_DROP_NONCE_LIMIT]		= "nonce-limit",
	[MLT_DROP_REORDER_FULL]		= "reorder-full",
	[MLT_DROP_TUNNEL_UNKNOWN]	= "tunnel-unknown",
	[MLT_DROP_TUNNEL_LIMIT]		= "tunnel-limit",
	[MLT_DROP_NO_IDENTITY]		= "no-identity",
	[MLT_DROP_NOMEM]		= "nomem",
	[MLT_DROP_NO_CREATE]		= "no-create",
	[MLT_DROP_RATELIMITED]		= "ratelimited",
	[MLT_DROP_QUEUE_FULL]		= "queue-full",
};

static const char * const tx_error_names[__MLT_TX_ERR_MAX] = {
	[MLT_TX_ERR_NONE]		= "none",
	[MLT_TX_ERR_NO_ROUTE]		= "no-route",
	[MLT_TX_ERR_NO_SOCKET]		= "no-socket",
	[MLT_TX_ERR_NOBUFS]		= "nobufs",
	[MLT_TX_ERR_OTHER]		= "other",
};

/* The stable keys of mltctl's JSON output (mltctl.8). */
static const char * const stat_names[__MLT_STAT_MAX] = {
	[MLT_STAT_SOCKETS]		= "sockets",
	[MLT_STAT_IDENTITY_CHANGES]	= "identity_changes",
	[MLT_STAT_DIR_ENTRIES]		= "dir_entries",
	[MLT_STAT_EPH_KEYS]		= "eph_keys",
	[MLT_STAT_EPH_WIPED]		= "eph_wiped",
	[MLT_STAT_TUNNELS]		= "tunnels",
	[MLT_STAT_CONNS]		= "conns",
	[MLT_STAT_TUNNELS_OPENED]	= "tunnels_opened",
	[MLT_STAT_TX_PACKETS]		= "tx_packets",
	[MLT_STAT_RX_PACKETS]		= "rx_packets",
	[MLT_STAT_RETRANSMITS]		= "retransmits",
	[MLT_STAT_TUNNELS_TIMED_OUT]	= "tunnels_timed_out",
	[MLT_STAT_DROPS]		= "drops",
	[MLT_STAT_RESOLVE_REQUESTS]	= "resolve_requests",
	[MLT_STAT_RESOLVE_TIMEOUTS]	= "resolve_timeouts",
	[MLT_STAT_RTO_EXPIRED]		= "rto_expired",
	[MLT_STAT_TLP_PROBES]		= "tlp_probes",
	[MLT_STAT_SPURIOUS_UNDOS]	= "spurious_undos",
	[MLT_STAT_REORDER_BYTES]	= "reorder_bytes",
	[MLT_STAT_REJECTS_SENT]		= "rejects_sent",
	[MLT_STAT_TUNNELS_REJECTED]	= "tunnels_rejected",
	[MLT_STAT_AMP_LIMITED]		= "amp_limited",
	[MLT_STAT_HALFOPEN]		= "halfopen",
	[MLT_STAT_HALFOPEN_EVICTED]	= "halfopen_evicted",
	[MLT_STAT_PUZZLES_SENT]		= "puzzles_sent",
	[MLT_STAT_PUZZLES_CHECKED]	= "puzzles_checked",
	[MLT_STAT_PUZZLES_SOLVED]	= "puzzles_solved",
	[MLT_STAT_CLIENT_TUNNELS]	= "client_tunnels",
	[MLT_STAT_QUOTA_REFUSED]	= "quota_refused",
	[MLT_STAT_REPLAY_CACHE]		= "replay_cache",
	[MLT_STAT_EPH_RETIRED]		= "eph_retired",
	[MLT_STAT_KEY_MOVED_SENT]	= "key_moved_sent",
	[MLT_STAT_TUNNELS_MOVED]	= "tunnels_moved",
	[MLT_STAT_VADDRS]		= "vaddrs",
	[MLT_STAT_VADDRS_RECLAIMED]	= "vaddrs_reclaimed",
};

/* The spec's enum mlt-cc-algo entries; mltctl's config takes these. */
static const char * const cc_names[__MLT_CC_MAX] = {
	[MLT_CC_CUBIC]			= "cubic",
	[MLT_CC_NEWRENO]		= "newreno",
};

/* enum mlt_puzzle_mode; mltctl's config puzzle takes these. */
static const char * const puzzle_mode_names[__MLT_PUZZLE_MODE_MAX] = {
	[MLT_PUZZLE_MODE_AUTO]		= "auto",
	[MLT_PUZZLE_MODE_ALWAYS]	= "always",
	[MLT_PUZZLE_MODE_OFF]		= "off",
};

static const struct {
	const char *name;
	const char *text;
} dir_errors[__MLT_DIR_ERR_MAX] = {
	[MLT_DIR_ERR_NO_NAME]	  = { "no-name", "no such name" },
	[MLT_DIR_ERR_EXPIRED]	  = { "expired", "the name expired" },
	[MLT_DIR_ERR_NO_RECORD]	  = { "no-record",
				      "the name publishes no minimalT record" },
	[MLT_DIR_ERR_INVALID]	  = { "invalid",
				      "the name's minimalT record is malformed" },
	[MLT_DIR_ERR_UNAVAILABLE] = { "unavailable",
				      "the name service is unavailable" },
};

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

const char *mltnl_drop_reason_name(unsigned int reason)
{
	return reason < ARRAY_LEN(drop_names) ? drop_names[reason] : NULL;
}

const char *mltnl_tx_error_name(unsigned int err)
{
	return err < ARRAY_LEN(tx_error_names) ? tx_error_names[err] : NULL;
}

const char *mltnl_stat_name(unsigned int stat)
{
	return stat < ARRAY_LEN(stat_names) ? stat_names[stat] : NULL;
}

const char *mltnl_cc_name(uint32_t cc)
{
	return cc < ARRAY_LEN(cc_names) ? cc_names[cc] : NULL;
}

const char *mltnl_puzzle_mode_name(uint32_t mode)
{
	return mode < ARRAY_LEN(puzzle_mode_names) ? puzzle_mode_names[mode]
						   : NULL;
}

int mltnl_puzzle_mode_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(puzzle_mode_names); i++)
		if (puzzle_mode_names[i] && !strcmp(name, puzzle_mode_names[i]))
			return (int)i;
	return -1;
}

const char *mltnl_dir_error_name(uint32_t error)
{
	return error < ARRAY_LEN(dir_errors) ? dir_errors[error].name : NULL;
}

const char *mltnl_dir_error_text(uint32_t error)
{
	if (error < ARRAY_LEN(dir_errors) && dir_errors[error].text)
		return dir_errors[error].text;
	return "an unknown reason";
}

uint32_t mltnl_dir_error_from_name(const char *name)
{
	uint32_t i;

	for (i = 1; i < ARRAY_LEN(dir_errors); i++)
		if (dir_errors[i].name && !strcmp(name, dir_errors[i].name))
			return i;
	return 0;
}
