// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/minimalt.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "minimalt_gen.h"

#include <uapi/linux/minimalt.h>
#include <linux/minimalt.h>

/* Integer value ranges */
static const struct netlink_range_validation mlt_a_dir_lifetime_range = {
	.min	= 1ULL,
	.max	= MLT_DIR_LIFETIME_MAX,
};

static const struct netlink_range_validation mlt_a_eph_lifetime_range = {
	.min	= MLT_EPH_LIFETIME_MIN,
	.max	= MLT_EPH_LIFETIME_MAX,
};

static const struct netlink_range_validation mlt_a_tunnel_timeout_range = {
	.min	= MLT_TUNNEL_TIMEOUT_MIN,
	.max	= MLT_TUNNEL_TIMEOUT_MAX,
};

static const struct netlink_range_validation mlt_a_resolve_timeout_range = {
	.min	= MLT_RESOLVE_TIMEOUT_MIN,
	.max	= MLT_RESOLVE_TIMEOUT_MAX,
};

static const struct netlink_range_validation mlt_a_tunnel_limit_range = {
	.min	= MLT_TUNNEL_LIMIT_MIN,
	.max	= MLT_TUNNEL_LIMIT_MAX,
};

static const struct netlink_range_validation mlt_a_conn_limit_range = {
	.min	= MLT_CONN_LIMIT_MIN,
	.max	= MLT_CONN_LIMIT_MAX,
};

static const struct netlink_range_validation mlt_a_rmem_max_range = {
	.min	= MLT_RMEM_MAX_MIN,
	.max	= MLT_RMEM_MAX_MAX,
};

static const struct netlink_range_validation mlt_a_wmem_max_range = {
	.min	= MLT_WMEM_MAX_MIN,
	.max	= MLT_WMEM_MAX_MAX,
};

static const struct netlink_range_validation mlt_a_open_rate_range = {
	.max	= MLT_OPEN_RATE_MAX,
};

static const struct netlink_range_validation mlt_a_open_burst_range = {
	.min	= MLT_OPEN_BURST_MIN,
	.max	= MLT_OPEN_BURST_MAX,
};

static const struct netlink_range_validation mlt_a_halfopen_limit_range = {
	.max	= MLT_HALFOPEN_LIMIT_MAX,
};

static const struct netlink_range_validation mlt_a_unpriv_service_start_range = {
	.max	= MLT_UNPRIV_SERVICE_START_MAX,
};

static const struct netlink_range_validation mlt_a_client_tunnel_limit_range = {
	.min	= MLT_TUNNEL_LIMIT_MIN,
	.max	= MLT_TUNNEL_LIMIT_MAX,
};

static const struct netlink_range_validation mlt_a_user_tunnel_quota_range = {
	.min	= MLT_TUNNEL_LIMIT_MIN,
	.max	= MLT_TUNNEL_LIMIT_MAX,
};

static const struct netlink_range_validation mlt_a_replay_cache_limit_range = {
	.min	= MLT_REPLAY_CACHE_LIMIT_MIN,
	.max	= MLT_REPLAY_CACHE_LIMIT_MAX,
};

/* Common nested types */
const struct nla_policy minimalt_item_nl_policy[MLT_ITEM_KEY + 1] = {
	[MLT_ITEM_ADDR] = { .type = NLA_BINARY, .len = 16, },
	[MLT_ITEM_KEY] = NLA_POLICY_EXACT_LEN(MLT_KEY_LEN),
};

/* Global operation policy for minimalt */
const struct nla_policy minimalt_nl_policy[MLT_A_VADDR6 + 1] = {
	[MLT_A_PRIVATE_KEY] = NLA_POLICY_EXACT_LEN(MLT_KEY_LEN),
	[MLT_A_DIR_NAME] = { .type = NLA_NUL_STRING, .len = 119, },
	[MLT_A_DIR_ADDRS] = NLA_POLICY_NESTED(minimalt_item_nl_policy),
	[MLT_A_DIR_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[MLT_A_DIR_IDENTITY] = NLA_POLICY_EXACT_LEN(MLT_KEY_LEN),
	[MLT_A_DIR_EPH_KEYS] = NLA_POLICY_NESTED(minimalt_item_nl_policy),
	[MLT_A_DIR_LIFETIME] = NLA_POLICY_FULL_RANGE(NLA_U32, &mlt_a_dir_lifetime_range),
	[MLT_A_EPH_PUBLIC_KEY] = NLA_POLICY_EXACT_LEN(MLT_KEY_LEN),
	[MLT_A_EPH_LIFETIME] = NLA_POLICY_FULL_RANGE(NLA_U32, &mlt_a_eph_lifetime_range),
	[MLT_A_DIR_REPLACE] = { .type = NLA_FLAG, },
	[MLT_A_UDP_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[MLT_A_TUNNEL_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32, &mlt_a_tunnel_timeout_range),
	[MLT_A_DIR_ERROR] = NLA_POLICY_RANGE(NLA_U32, 1, 5),
	[MLT_A_RESOLVE_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32, &mlt_a_resolve_timeout_range),
	[MLT_A_TUNNEL_LIMIT] = NLA_POLICY_FULL_RANGE(NLA_U32, &mlt_a_tunnel_limit_range),
	[MLT_A_CONN_LIMIT] = NLA_POLICY_FULL_RANGE(NLA_U32, &mlt_a_conn_limit_range),
	[MLT_A_CC] = NLA_POLICY_MAX(NLA_U32, MLT_CC_MAX),
	[MLT_A_RMEM_MAX] = NLA_POLICY_FULL_RANGE(NLA_U32, &mlt_a_rmem_max_range),
	[MLT_A_WMEM_MAX] = NLA_POLICY_FULL_RANGE(NLA_U32, &mlt_a_wmem_max_range),
	[MLT_A_OPEN_RATE] = NLA_POLICY_FULL_RANGE(NLA_U32, &mlt_a_open_rate_range),
	[MLT_A_OPEN_BURST] = NLA_POLICY_FULL_RANGE(NLA_U32, &mlt_a_open_burst_range),
	[MLT_A_SOURCE_PREFIX4] = NLA_POLICY_RANGE(NLA_U32, MLT_SOURCE_PREFIX4_MIN,
						  MLT_SOURCE_PREFIX4_MAX),
	[MLT_A_SOURCE_PREFIX6] = NLA_POLICY_RANGE(NLA_U32, MLT_SOURCE_PREFIX6_MIN,
						  MLT_SOURCE_PREFIX6_MAX),
	[MLT_A_HALFOPEN_LIMIT] = NLA_POLICY_FULL_RANGE(NLA_U32, &mlt_a_halfopen_limit_range),
	[MLT_A_UNPRIV_SERVICE_START] = NLA_POLICY_FULL_RANGE(NLA_U32,
							     &mlt_a_unpriv_service_start_range),
	[MLT_A_PUZZLE_MODE] = NLA_POLICY_MAX(NLA_U32, MLT_PUZZLE_MODE_MAX),
	[MLT_A_CLIENT_TUNNEL_LIMIT] = NLA_POLICY_FULL_RANGE(NLA_U32,
							    &mlt_a_client_tunnel_limit_range),
	[MLT_A_USER_TUNNEL_QUOTA] = NLA_POLICY_FULL_RANGE(NLA_U32, &mlt_a_user_tunnel_quota_range),
	[MLT_A_USER_RESOLVE_QUOTA] = NLA_POLICY_RANGE(NLA_U32, MLT_TUNNEL_LIMIT_MIN,
						      MLT_USER_RESOLVE_QUOTA_MAX),
	[MLT_A_REPLAY_CACHE_LIMIT] = NLA_POLICY_FULL_RANGE(NLA_U32,
							   &mlt_a_replay_cache_limit_range),
	[MLT_A_VADDR4] = NLA_POLICY_EXACT_LEN(4),
	[MLT_A_VADDR6] = NLA_POLICY_EXACT_LEN(16),
};

/* Ops table for minimalt */
const struct genl_small_ops minimalt_nl_ops[12] = {
	{
		.cmd	= MLT_CMD_SET_IDENTITY,
		.doit	= minimalt_nl_set_identity_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MLT_CMD_GET_STATUS,
		.doit	= minimalt_nl_get_status_doit,
	},
	{
		.cmd	= MLT_CMD_DIR_ADD,
		.doit	= minimalt_nl_dir_add_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MLT_CMD_DIR_DEL,
		.doit	= minimalt_nl_dir_del_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MLT_CMD_DIR_GET,
		.doit	= minimalt_nl_dir_get_doit,
		.dumpit	= minimalt_nl_dir_get_dumpit,
	},
	{
		.cmd	= MLT_CMD_EPH_ROTATE,
		.doit	= minimalt_nl_eph_rotate_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MLT_CMD_EPH_GET,
		.dumpit	= minimalt_nl_eph_get_dumpit,
	},
	{
		.cmd	= MLT_CMD_SET_CONFIG,
		.doit	= minimalt_nl_set_config_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MLT_CMD_RESOLVE,
		.doit	= minimalt_nl_resolve_doit,
	},
	{
		.cmd	= MLT_CMD_EPH_DEL,
		.doit	= minimalt_nl_eph_del_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MLT_CMD_TUNNEL_GET,
		.dumpit	= minimalt_nl_tunnel_get_dumpit,
	},
	{
		.cmd	= MLT_CMD_VADDR_GET,
		.doit	= minimalt_nl_vaddr_get_doit,
		.dumpit	= minimalt_nl_vaddr_get_dumpit,
	},
};
