/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * AF_MINIMALT: the MinimaLT transport as a socket family.
 *
 * This header is the one contract between minimalt.ko and userspace: the
 * address family number, the socket address, and the "minimalt" generic
 * netlink family with its commands, attributes and reasons. There are no
 * MinimaLT-level socket options yet: the first (the peer's identity, with
 * client authentication) will bring its SOL_ level.
 * Documentation/netlink/specs/minimalt.yaml describes the same netlink API.
 */
#ifndef _UAPI_LINUX_MINIMALT_H
#define _UAPI_LINUX_MINIMALT_H

#include <linux/socket.h>
#include <linux/types.h>

/*
 * Address family. AF_MAX is 46 on the supported kernels and a module cannot
 * raise it, so MinimaLT takes 22 (AF_SNA), a number no in-tree code registers.
 * The module parameter "family" may override it; the number in force is then
 * readable from /sys/module/minimalt/parameters/family.
 */
#define AF_MINIMALT		22
#define PF_MINIMALT		AF_MINIMALT

/* Key sizes: Curve25519 public and private keys. */
#define MLT_KEY_LEN		32

/*
 * Longest directory name, including a terminating NUL. The whole address
 * must fit in struct sockaddr_storage (128 bytes).
 */
#define MLT_NAME_MAX		120

/* Address flags. */
#define MLT_ADDR_F_EXPLICIT	0x1	/* smlt_explicit, not smlt_name */

/* A peer named by its keys and underlay address, without a directory. */
struct mlt_explicit_addr {
	__u8	identity[MLT_KEY_LEN];	/* the server's identity key S */
	__u8	eph_key[MLT_KEY_LEN];	/* a current ephemeral key S' */
	__u8	addr[16];		/* IPv6, or IPv4 as ::ffff:a.b.c.d */
	__u16	port;			/* UDP port, host order */
	__u16	reserved;		/* zero */
};

/*
 * Socket address: a service number plus either a directory name or, with
 * MLT_ADDR_F_EXPLICIT, explicit keys and address. bind() reads only the
 * family and the service. getpeername() of an accepted socket gives the
 * explicit form with the client's ephemeral key C' and its address.
 *
 * Byte order: every integer field of the address (smlt_family,
 * smlt_service, smlt_flags, smlt_explicit.port) is in host order; the
 * byte arrays (keys, the IP address) are as they travel on the wire.
 */
struct sockaddr_mlt {
	__kernel_sa_family_t	smlt_family;	/* AF_MINIMALT */
	__u16			smlt_service;	/* service number, host order */
	__u32			smlt_flags;	/* MLT_ADDR_F_* */
	union {
		char			smlt_name[MLT_NAME_MAX];
		struct mlt_explicit_addr smlt_explicit;
	};
};

/* The UDP port MinimaLT uses in a namespace until MLT_CMD_SET_CONFIG. */
#define MLT_UDP_PORT_DEFAULT	4747

/* A tunnel that gets no answer for this long dies (ETIMEDOUT), in ms. */
#define MLT_TUNNEL_TIMEOUT_DEFAULT	30000
#define MLT_TUNNEL_TIMEOUT_MIN		1000
#define MLT_TUNNEL_TIMEOUT_MAX		3600000

/*
 * Limits a namespace's administrator sets with MLT_CMD_SET_CONFIG: how many
 * server tunnels the namespace keeps (MLT_A_TUNNEL_LIMIT), how many client
 * tunnels, those its own connect()s open (MLT_A_CLIENT_TUNNEL_LIMIT, a
 * pool of their own), and how many connections one tunnel carries
 * (MLT_A_CONN_LIMIT). The defaults suit a busy server.
 */
#define MLT_TUNNEL_LIMIT_DEFAULT	32768
#define MLT_TUNNEL_LIMIT_MIN		1
#define MLT_TUNNEL_LIMIT_MAX		1048576
#define MLT_CLIENT_TUNNEL_LIMIT_DEFAULT	8192
#define MLT_CONN_LIMIT_DEFAULT		1024
#define MLT_CONN_LIMIT_MIN		1
#define MLT_CONN_LIMIT_MAX		65536

/*
 * The largest buffers receive and send autotuning may give a connection's
 * socket in a namespace, in bytes (MLT_A_RMEM_MAX, MLT_A_WMEM_MAX). The
 * defaults are TCP's tcp_rmem[2] and tcp_wmem[2].
 */
#define MLT_RMEM_MAX_DEFAULT		6291456
#define MLT_RMEM_MAX_MIN		65536
#define MLT_RMEM_MAX_MAX		1073741824
#define MLT_WMEM_MAX_DEFAULT		4194304
#define MLT_WMEM_MAX_MIN		65536
#define MLT_WMEM_MAX_MAX		1073741824

/*
 * The defence of openings (Documentation/protocol.rst, "Openings under
 * load"). A source is the first MLT_A_SOURCE_PREFIX4 bits of an IPv4
 * address or MLT_A_SOURCE_PREFIX6 bits of an IPv6 one. Each source may
 * start MLT_A_OPEN_RATE openings a second, in bursts of MLT_A_OPEN_BURST
 * (a rate of 0 turns the limit off), and hold MLT_A_HALFOPEN_LIMIT tunnels
 * whose client has not yet proved its address (0: no limit); past that its
 * oldest such tunnel makes room.
 */
#define MLT_OPEN_RATE_DEFAULT		50
#define MLT_OPEN_RATE_MAX		1000000
#define MLT_OPEN_BURST_DEFAULT		100
#define MLT_OPEN_BURST_MIN		1
#define MLT_OPEN_BURST_MAX		1000000
#define MLT_SOURCE_PREFIX4_DEFAULT	32
#define MLT_SOURCE_PREFIX4_MIN		1
#define MLT_SOURCE_PREFIX4_MAX		32
#define MLT_SOURCE_PREFIX6_DEFAULT	64
#define MLT_SOURCE_PREFIX6_MIN		1
#define MLT_SOURCE_PREFIX6_MAX		128
#define MLT_HALFOPEN_LIMIT_DEFAULT	128
#define MLT_HALFOPEN_LIMIT_MAX		MLT_TUNNEL_LIMIT_MAX

/*
 * When a server answers an opening with a puzzle (MLT_A_PUZZLE_MODE;
 * Documentation/protocol.rst, "Puzzles"): under load, the default, when
 * its queue of openings is a quarter full or its replay cache retired a key
 * lately; always; or never.
 */
enum mlt_puzzle_mode {
	MLT_PUZZLE_MODE_AUTO,
	MLT_PUZZLE_MODE_ALWAYS,
	MLT_PUZZLE_MODE_OFF,

	__MLT_PUZZLE_MODE_MAX,
};

#define MLT_PUZZLE_MODE_MAX	(__MLT_PUZZLE_MODE_MAX - 1)

/*
 * Services below MLT_A_UNPRIV_SERVICE_START need CAP_NET_BIND_SERVICE in
 * the namespace's user namespace to bind (as ip_unprivileged_port_start
 * does for TCP ports); 0 lets anyone bind any service.
 */
#define MLT_UNPRIV_SERVICE_START_DEFAULT	1024
#define MLT_UNPRIV_SERVICE_START_MAX	65536

/*
 * What one user (uid) may hold, unless it has CAP_NET_ADMIN in the user
 * namespace that owns the network namespace: client tunnels its
 * connect()s opened (MLT_A_USER_TUNNEL_QUOTA) and names waiting for the
 * resolver's answer (MLT_A_USER_RESOLVE_QUOTA). Past either, connect()
 * (and MLT_CMD_RESOLVE) fail with EAGAIN.
 */
#define MLT_USER_TUNNEL_QUOTA_DEFAULT	1024
#define MLT_USER_RESOLVE_QUOTA_DEFAULT	32
#define MLT_USER_RESOLVE_QUOTA_MAX	256

/*
 * A server remembers the client key C' of every tunnel opened with one of
 * its ephemeral keys S' for as long as that S' stays valid, so that a
 * replayed first datagram opens nothing. It remembers at most
 * MLT_A_REPLAY_CACHE_LIMIT of them: when they fill, the S' holding most
 * is retired early and a fresh one takes its place; openings naming the
 * retired key are answered with a notice of the new one (Documentation/
 * protocol.rst, "Key moved").
 */
#define MLT_REPLAY_CACHE_LIMIT_DEFAULT	65536
#define MLT_REPLAY_CACHE_LIMIT_MIN	16
#define MLT_REPLAY_CACHE_LIMIT_MAX	4194304

/* Generic netlink family. */
#define MLT_GENL_NAME		"minimalt"
#define MLT_GENL_VERSION	1

enum mlt_cmd {
	MLT_CMD_UNSPEC,
	MLT_CMD_SET_IDENTITY,	/* in: MLT_A_PRIVATE_KEY; CAP_NET_ADMIN */
	MLT_CMD_GET_STATUS,	/* out: MLT_A_FAMILY, MLT_A_PUBLIC_KEY (if
				 * set), the values SET_CONFIG sets,
				 * MLT_A_STATS, MLT_A_DROPS, MLT_A_TX_ERRORS
				 */
	MLT_CMD_DIR_ADD,	/* in: MLT_A_DIR_*; MLT_A_DIR_REPLACE replaces */
	MLT_CMD_DIR_DEL,	/* in: MLT_A_DIR_NAME */
	MLT_CMD_DIR_GET,	/* do: by MLT_A_DIR_NAME; dump: every entry */
	MLT_CMD_EPH_ROTATE,	/* in: MLT_A_EPH_LIFETIME (optional) */
	MLT_CMD_EPH_GET,	/* dump: one message per ephemeral key */
	MLT_CMD_SET_CONFIG,	/* in: MLT_A_UDP_PORT, MLT_A_TUNNEL_TIMEOUT,
				 * MLT_A_RESOLVE_TIMEOUT, MLT_A_TUNNEL_LIMIT,
				 * MLT_A_CONN_LIMIT, MLT_A_CC,
				 * MLT_A_RMEM_MAX, MLT_A_WMEM_MAX,
				 * MLT_A_OPEN_RATE, MLT_A_OPEN_BURST,
				 * MLT_A_SOURCE_PREFIX4, MLT_A_SOURCE_PREFIX6,
				 * MLT_A_HALFOPEN_LIMIT,
				 * MLT_A_UNPRIV_SERVICE_START,
				 * MLT_A_PUZZLE_MODE,
				 * MLT_A_CLIENT_TUNNEL_LIMIT,
				 * MLT_A_USER_TUNNEL_QUOTA,
				 * MLT_A_USER_RESOLVE_QUOTA,
				 * MLT_A_REPLAY_CACHE_LIMIT
				 */
	MLT_CMD_RESOLVE,	/* kernel to the "resolve" group: resolve
				 * MLT_A_DIR_NAME; userspace to kernel: ask
				 * for it now; reply MLT_A_DIR_NAME and
				 * MLT_A_RESOLVE_TIMEOUT (ms left); the answer
				 * is an MLT_CMD_DIR_ADD_NTF
				 */
	MLT_CMD_EPH_DEL,	/* in: MLT_A_EPH_PUBLIC_KEY; wipes that key */
	MLT_CMD_DIR_ADD_NTF,	/* to the "dir" group: an entry was added or
				 * replaced; attributes as MLT_CMD_DIR_GET
				 */
	MLT_CMD_DIR_DEL_NTF,	/* to the "dir" group: MLT_A_DIR_NAME was
				 * deleted
				 */
	MLT_CMD_TUNNEL_GET,	/* dump: one message per tunnel, holding
				 * MLT_A_TUNNEL
				 */
	MLT_CMD_VADDR_GET,	/* do: by MLT_A_DIR_NAME (gives one) or by
				 * MLT_A_VADDR4 / MLT_A_VADDR6 (reads one);
				 * dump: every one, CAP_NET_ADMIN; reply
				 * MLT_A_DIR_NAME, MLT_A_VADDR4, MLT_A_VADDR6,
				 * MLT_A_VADDR_IDLE
				 */

	__MLT_CMD_MAX,
};

#define MLT_CMD_MAX		(__MLT_CMD_MAX - 1)

enum mlt_attr {
	MLT_A_UNSPEC,
	MLT_A_PRIVATE_KEY,	/* binary, MLT_KEY_LEN; write-only */
	MLT_A_PUBLIC_KEY,	/* binary, MLT_KEY_LEN */
	MLT_A_STATS,		/* nest of MLT_STAT_* */
	MLT_A_FAMILY,		/* u32: the address family number in force */
	MLT_A_DIR_NAME,		/* string: a directory name, see below */
	MLT_A_DIR_ADDRS,	/* nest of MLT_ITEM_ADDR */
	MLT_A_DIR_PORT,		/* u16: the server's UDP port */
	MLT_A_DIR_IDENTITY,	/* binary, MLT_KEY_LEN: server identity key */
	MLT_A_DIR_EPH_KEYS,	/* nest of MLT_ITEM_KEY: server S' keys */
	MLT_A_DIR_LIFETIME,	/* u32 seconds: in, from now; out, left */
	MLT_A_EPH_PUBLIC_KEY,	/* binary, MLT_KEY_LEN */
	MLT_A_EPH_LIFETIME,	/* u32 seconds: in, from now; out, left */
	MLT_A_EPH_AGE,		/* u32 seconds since the key was made */
	MLT_A_DIR_REPLACE,	/* flag: DIR_ADD replaces an existing entry */
	MLT_A_UDP_PORT,		/* u16: the namespace's UDP port */
	MLT_A_TUNNEL_TIMEOUT,	/* u32 ms: silence before a tunnel dies */
	MLT_A_DROPS,		/* nest: u64 attribute N counts drops for
				 * reason N (enum mlt_drop_reason)
				 */
	MLT_A_DIR_ERROR,	/* u32 MLT_DIR_ERR_*: a negative entry */
	MLT_A_RESOLVE_TIMEOUT,	/* u32 ms: how long connect() waits for the
				 * resolver's answer
				 */
	MLT_A_TUNNEL_LIMIT,	/* u32: most server tunnels the namespace
				 * keeps
				 */
	MLT_A_CONN_LIMIT,	/* u32: most connections per tunnel */
	MLT_A_TX_ERRORS,	/* nest: u64 attribute N counts datagrams
				 * that could not be sent, for reason N
				 * (enum mlt_tx_error)
				 */
	MLT_A_CC,		/* u32 enum mlt_cc_algo: the congestion
				 * control of tunnels made from now on
				 */
	MLT_A_RMEM_MAX,		/* u32 bytes: the largest receive buffer
				 * autotuning gives a socket
				 */
	MLT_A_WMEM_MAX,		/* u32 bytes: the largest send buffer
				 * autotuning gives a socket
				 */
	MLT_A_TUNNEL,		/* nest: one tunnel's state, in
				 * MLT_CMD_TUNNEL_GET (MLT_TUNNEL_A_*)
				 */
	MLT_A_OPEN_RATE,	/* u32: openings a second per source */
	MLT_A_OPEN_BURST,	/* u32: openings a source may send at once */
	MLT_A_SOURCE_PREFIX4,	/* u32 bits: an IPv4 source's prefix */
	MLT_A_SOURCE_PREFIX6,	/* u32 bits: an IPv6 source's prefix */
	MLT_A_HALFOPEN_LIMIT,	/* u32: half-open tunnels per source */
	MLT_A_UNPRIV_SERVICE_START,	/* u32: the lowest service anyone may
					 * bind
					 */
	MLT_A_PUZZLE_MODE,	/* u32 enum mlt_puzzle_mode */
	MLT_A_CLIENT_TUNNEL_LIMIT,	/* u32: most client tunnels */
	MLT_A_USER_TUNNEL_QUOTA,	/* u32: client tunnels per user */
	MLT_A_USER_RESOLVE_QUOTA,	/* u32: pending names per user */
	MLT_A_REPLAY_CACHE_LIMIT,	/* u32: most C' a server remembers */
	MLT_A_VADDR4,		/* binary, 4: a virtual IPv4 address */
	MLT_A_VADDR6,		/* binary, 16: a virtual IPv6 address */
	MLT_A_VADDR_IDLE,	/* u32 seconds since the name's virtual
				 * address was last handed out or read
				 */

	__MLT_A_MAX,
};

#define MLT_A_MAX		(__MLT_A_MAX - 1)

/*
 * The multicast group a resolver (namecoind-helper) joins: the kernel
 * sends MLT_CMD_RESOLVE there for a name connect() finds no entry for.
 * Joining it needs CAP_NET_ADMIN.
 */
#define MLT_MCGRP_RESOLVE	"resolve"

/*
 * The multicast group told of directory changes: MLT_CMD_DIR_ADD_NTF and
 * MLT_CMD_DIR_DEL_NTF (not expiry). Joining it needs CAP_NET_ADMIN, as
 * the changes tell which names the namespace's users resolve; `mltctl dir
 * resolve` waits there for the resolver's answer when it may, and polls
 * MLT_CMD_DIR_GET for the one name otherwise.
 */
#define MLT_MCGRP_DIR		"dir"

/*
 * Why a negative directory entry says a name cannot be reached; connect()
 * to the name fails with the errno given here.
 */
enum mlt_dir_error {
	MLT_DIR_ERR_NONE,
	MLT_DIR_ERR_NO_NAME,	/* ENOENT: no such name */
	MLT_DIR_ERR_EXPIRED,	/* EKEYEXPIRED: the name expired */
	MLT_DIR_ERR_NO_RECORD,	/* ENOKEY: the name publishes no keys */
	MLT_DIR_ERR_INVALID,	/* EKEYREJECTED: its record is malformed */
	MLT_DIR_ERR_UNAVAILABLE,	/* ENETDOWN: the name service is down */

	__MLT_DIR_ERR_MAX,
};

#define MLT_DIR_ERR_MAX		(__MLT_DIR_ERR_MAX - 1)

/*
 * How long connect() to a name with no entry waits for the resolver, in
 * ms. With no resolver listening it fails at once with EHOSTUNREACH; with
 * no answer in time, with ETIMEDOUT. When too many names wait for an
 * answer at once in the namespace, EAGAIN.
 */
#define MLT_RESOLVE_TIMEOUT_DEFAULT	10000
#define MLT_RESOLVE_TIMEOUT_MIN		100
#define MLT_RESOLVE_TIMEOUT_MAX		120000

/* Items of the list attributes MLT_A_DIR_ADDRS and MLT_A_DIR_EPH_KEYS. */
enum mlt_item {
	MLT_ITEM_UNSPEC,
	MLT_ITEM_ADDR,		/* binary: 4 (IPv4) or 16 (IPv6) bytes */
	MLT_ITEM_KEY,		/* binary, MLT_KEY_LEN */

	__MLT_ITEM_MAX,
};

#define MLT_ITEM_MAX		(__MLT_ITEM_MAX - 1)

/*
 * Directory names: 1 to MLT_NAME_MAX - 1 bytes of dot-separated labels,
 * each 1 to 63 bytes of [a-z0-9-] that neither starts nor ends with '-'.
 */
#define MLT_DIR_ADDRS_MAX	8	/* addresses per entry */
#define MLT_DIR_EPH_KEYS_MAX	4	/* ephemeral keys per entry */
#define MLT_DIR_LIFETIME_DEFAULT	3600
#define MLT_DIR_LIFETIME_MAX	(30 * 86400)

/*
 * Virtual addresses (MLT_CMD_VADDR_GET): for programs that know only IP,
 * each directory name in use is given an address of its own, the same
 * in both ranges, and keeps it while it is in use. Index i, from 1 to
 * MLT_VADDR_INDEX_MAX, is the IPv4 address MLT_VADDR4_NET + i (127.77.0.0/16,
 * loopback: every host routes it to itself) and the IPv6 address whose
 * first 8 bytes are MLT_VADDR6_NET and whose last 2 are i, big-endian
 * (fd6d:6c74:4d00::/64, a unique local prefix). Documentation/programs.rst
 * says how the NSS module, mlt-proxy and the preload library use them.
 */
#define MLT_VADDR4_NET		0x7f4d0000	/* 127.77.0.0, host order */
#define MLT_VADDR4_PREFIX_LEN	16
#define MLT_VADDR6_NET		0xfd6d6c744d000000ULL	/* fd6d:6c74:4d00:: */
#define MLT_VADDR6_PREFIX_LEN	64
#define MLT_VADDR_INDEX_MAX	65534

/* Server ephemeral keys: lifetimes in seconds. */
#define MLT_EPH_LIFETIME_DEFAULT	3600
#define MLT_EPH_LIFETIME_MIN	1
#define MLT_EPH_LIFETIME_MAX	(7 * 86400)

/*
 * Why a received datagram was dropped: attribute N of MLT_A_DROPS counts
 * reason N. Documentation/protocol.rst ("Drop reasons") says when each
 * applies. The values are ABI: never renumbered, new ones go at the end.
 */
enum mlt_drop_reason {
	MLT_DROP_NONE,		/* not dropped; never counted */
	MLT_DROP_SHORT,		/* shorter than header + body header + tag */
	MLT_DROP_LONG,		/* longer than the largest datagram */
	MLT_DROP_ZERO_TID,	/* the tunnel id without its flags is 0 */
	MLT_DROP_VERSION,	/* an opening of another protocol version */
	MLT_DROP_PUZZLE,	/* a puzzle field (Z) that does not check, or a
				 * challenge no opening of ours waits for
				 */
	MLT_DROP_OPENING_SHORT,	/* an opening not the base size */
	MLT_DROP_RPC_TRUNCATED,	/* an RPC runs past the body */
	MLT_DROP_RPC_UNKNOWN,	/* an RPC of an unknown or reserved type */
	MLT_DROP_RPC_LEN,	/* a value of the wrong length for its type */
	MLT_DROP_RPC_CONN,	/* an RPC on the wrong connection */
	MLT_DROP_RPC_VALUE,	/* a control RPC with an invalid value */
	MLT_DROP_PAD_NONZERO,	/* a non-zero byte in the padding */
	MLT_DROP_SEQ_ZERO,	/* RPCs in an acknowledgment-only datagram */
	MLT_DROP_TAG,		/* the AEAD tag does not verify */
	MLT_DROP_EPH_UNKNOWN,	/* no valid ephemeral key matches eph_id */
	MLT_DROP_DH_ZERO,	/* the X25519 shared secret is all zero */
	MLT_DROP_EPH_REUSED,	/* an opening reuses a client key C' */
	MLT_DROP_REPLAY_OLD,	/* the nonce is below the replay window */
	MLT_DROP_REPLAY_DUP,	/* the nonce was seen already */
	MLT_DROP_NONCE_LIMIT,	/* the nonce is at or past the reject limit */
	MLT_DROP_REORDER_FULL,	/* past the reorder buffer's limits */
	MLT_DROP_TUNNEL_UNKNOWN,	/* no P, and no tunnel has its id */
	MLT_DROP_TUNNEL_LIMIT,	/* an opening past a limit (MLT_A_TUNNEL_LIMIT,
				 * the client keys remembered), or with
				 * another tunnel's id
				 */
	MLT_DROP_NO_IDENTITY,	/* an opening while the host has no identity */
	MLT_DROP_NOMEM,		/* no memory to handle the datagram */
	MLT_DROP_NO_CREATE,	/* an opening without a create RPC */
	MLT_DROP_RATELIMITED,	/* an opening past its source's rate */
	MLT_DROP_QUEUE_FULL,	/* an opening while the opening queue is full */

	__MLT_DROP_MAX,
};

#define MLT_DROP_MAX		(__MLT_DROP_MAX - 1)

/*
 * Why a datagram the host built was not sent: attribute N of
 * MLT_A_TX_ERRORS counts reason N. A datagram is counted as sent
 * (MLT_STAT_TX_PACKETS) only when the UDP layer took it.
 */
enum mlt_tx_error {
	MLT_TX_ERR_NONE,	/* sent; never counted */
	MLT_TX_ERR_NO_ROUTE,	/* no route to the peer's address */
	MLT_TX_ERR_NO_SOCKET,	/* no UDP socket of the address's family */
	MLT_TX_ERR_NOBUFS,	/* no memory or no room in a queue */
	MLT_TX_ERR_OTHER,	/* any other error of the UDP layer */

	__MLT_TX_ERR_MAX,
};

#define MLT_TX_ERR_MAX		(__MLT_TX_ERR_MAX - 1)

/*
 * The congestion control of a namespace's tunnels (MLT_A_CC), MLT_CC_CUBIC
 * until MLT_CMD_SET_CONFIG. A tunnel keeps the one in force when it was
 * made.
 */
enum mlt_cc_algo {
	MLT_CC_CUBIC,		/* RFC 9438 with HyStart++ (RFC 9406) */
	MLT_CC_NEWRENO,		/* RFC 5681 and RFC 6582 */

	__MLT_CC_MAX,
};

#define MLT_CC_MAX		(__MLT_CC_MAX - 1)

/* Which end of a tunnel this host is (MLT_TUNNEL_A_ROLE). */
enum mlt_tunnel_role {
	MLT_TUNNEL_ROLE_SERVER,	/* the peer opened it */
	MLT_TUNNEL_ROLE_CLIENT,	/* this host's connect() opened it */
};

/* MLT_TUNNEL_A_SSTHRESH before the first loss: no slow-start threshold. */
#define MLT_SSTHRESH_INFINITE	0xffffffff

/*
 * One tunnel, the attributes inside MLT_A_TUNNEL of an MLT_CMD_TUNNEL_GET
 * dump, read together under the tunnel's lock. Counts of datagrams are of
 * reliable datagrams, those acknowledgments cover. No key is ever sent but
 * the server's identity, which is public. The values are ABI: never
 * renumbered, new ones go at the end; readers ignore types they do not know.
 */
enum mlt_tunnel_attr {
	MLT_TUNNEL_A_UNSPEC,
	MLT_TUNNEL_A_PAD,	/* alignment padding for u64 attributes */
	MLT_TUNNEL_A_TID,	/* u64: the tunnel id, as on the wire without
				 * its flags
				 */
	MLT_TUNNEL_A_ROLE,	/* u32 enum mlt_tunnel_role */
	MLT_TUNNEL_A_PEER_ADDR,	/* binary: the peer's address, 4 (IPv4) or 16
				 * (IPv6) bytes, as MLT_ITEM_ADDR
				 */
	MLT_TUNNEL_A_PEER_PORT,	/* u16: the peer's UDP port, host order */
	MLT_TUNNEL_A_SERVER_IDENTITY,	/* binary, MLT_KEY_LEN: the server's
					 * identity key; client tunnels only
					 */
	MLT_TUNNEL_A_CONNS,	/* u32: connections it carries now */
	MLT_TUNNEL_A_DEAD,	/* flag: it died and is being torn down */
	MLT_TUNNEL_A_IDLE_MS,	/* u32 ms since data last went either way */
	MLT_TUNNEL_A_CC,	/* u32 enum mlt_cc_algo */
	MLT_TUNNEL_A_SRTT_US,	/* u32 us: smoothed RTT; 0 before a sample */
	MLT_TUNNEL_A_RTTVAR_US,	/* u32 us: RTT variation */
	MLT_TUNNEL_A_MIN_RTT_US,	/* u32 us: windowed minimum RTT; 0
					 * before a sample
					 */
	MLT_TUNNEL_A_RTO_MS,	/* u32 ms: retransmission timeout, backoff
				 * included
				 */
	MLT_TUNNEL_A_CWND,	/* u32 datagrams: congestion window */
	MLT_TUNNEL_A_SSTHRESH,	/* u32 datagrams; MLT_SSTHRESH_INFINITE */
	MLT_TUNNEL_A_IN_RECOVERY,	/* flag: in a loss recovery period */
	MLT_TUNNEL_A_INFLIGHT,	/* u32 datagrams sent, not yet acknowledged,
				 * neither deemed lost nor selectively acked
				 */
	MLT_TUNNEL_A_LOST,	/* u32 datagrams deemed lost, to be resent */
	MLT_TUNNEL_A_SACKED,	/* u32 datagrams selectively acknowledged */
	MLT_TUNNEL_A_PACING_RATE,	/* u64 bytes/s; 0: not paced (before
					 * the first RTT sample)
					 */
	MLT_TUNNEL_A_REO_WND_MULT,	/* u32: the RACK reordering window, in
					 * quarters of the minimum RTT
					 */
	MLT_TUNNEL_A_REORDER_BYTES,	/* u32 bytes held in its reorder
					 * buffer
					 */
	MLT_TUNNEL_A_RX_WINDOW,	/* u64 bytes: the receive window open over
				 * all its connections
				 */
	MLT_TUNNEL_A_DGRAM_SIZE,	/* u32: the UDP payload bytes new
					 * datagrams are made at: the path's
					 * size as probing found it
					 */

	__MLT_TUNNEL_A_MAX,
};

#define MLT_TUNNEL_A_MAX	(__MLT_TUNNEL_A_MAX - 1)

/*
 * Per network namespace counters, each a u64 inside MLT_A_STATS. The values
 * are ABI: never renumbered, new ones go at the end.
 */
enum mlt_stat {
	MLT_STAT_UNSPEC,
	MLT_STAT_PAD,		/* alignment padding for u64 attributes */
	MLT_STAT_SOCKETS,	/* AF_MINIMALT sockets open now */
	MLT_STAT_IDENTITY_CHANGES,	/* successful SET_IDENTITY calls */
	MLT_STAT_DIR_ENTRIES,	/* directory entries now */
	MLT_STAT_EPH_KEYS,	/* valid ephemeral keys now */
	MLT_STAT_EPH_WIPED,	/* ephemeral private keys wiped */
	MLT_STAT_TUNNELS,	/* tunnels now */
	MLT_STAT_CONNS,		/* connections now, over all tunnels */
	MLT_STAT_TUNNELS_OPENED,	/* tunnels ever opened, both roles */
	MLT_STAT_TX_PACKETS,	/* datagrams sent */
	MLT_STAT_RX_PACKETS,	/* datagrams received and authenticated */
	MLT_STAT_RETRANSMITS,	/* datagrams sent again */
	MLT_STAT_TUNNELS_TIMED_OUT,	/* tunnels that died of silence */
	MLT_STAT_DROPS,		/* datagrams dropped, all reasons */
	MLT_STAT_RESOLVE_REQUESTS,	/* MLT_CMD_RESOLVE multicasts sent */
	MLT_STAT_RESOLVE_TIMEOUTS,	/* connects the resolver left unanswered */
	MLT_STAT_RTO_EXPIRED,	/* retransmission timeouts that fired */
	MLT_STAT_TLP_PROBES,	/* tail loss probes sent */
	MLT_STAT_SPURIOUS_UNDOS,	/* window cuts undone as spurious */
	MLT_STAT_REORDER_BYTES,	/* bytes held for reordering now */
	MLT_STAT_REJECTS_SENT,	/* reject notices sent to openings */
	MLT_STAT_TUNNELS_REJECTED,	/* client tunnels ended by a notice */
	MLT_STAT_AMP_LIMITED,	/* sends held until a client's address is
				 * validated
				 */
	MLT_STAT_HALFOPEN,	/* server tunnels whose client has not yet
				 * proved its address, now
				 */
	MLT_STAT_HALFOPEN_EVICTED,	/* half-open tunnels ended to make
					 * room for a newer opening
					 */
	MLT_STAT_PUZZLES_SENT,	/* openings answered with a puzzle */
	MLT_STAT_PUZZLES_CHECKED,	/* openings whose solved puzzle
					 * checked
					 */
	MLT_STAT_PUZZLES_SOLVED,	/* puzzles this host's clients solved */
	MLT_STAT_CLIENT_TUNNELS,	/* client tunnels now */
	MLT_STAT_QUOTA_REFUSED,	/* connect()s and resolve requests refused
				 * by a per-user quota
				 */
	MLT_STAT_REPLAY_CACHE,	/* client keys C' remembered now */
	MLT_STAT_EPH_RETIRED,	/* ephemeral keys retired early: the
				 * replay cache was full
				 */
	MLT_STAT_KEY_MOVED_SENT,	/* key-moved notices sent */
	MLT_STAT_TUNNELS_MOVED,	/* client tunnels that followed a notice to
				 * the server's new key
				 */
	MLT_STAT_VADDRS,	/* names holding a virtual address now */
	MLT_STAT_VADDRS_RECLAIMED,	/* virtual addresses taken from the
					 * name least recently used, the
					 * table being full
					 */

	__MLT_STAT_MAX,
};

#define MLT_STAT_MAX		(__MLT_STAT_MAX - 1)

#endif /* _UAPI_LINUX_MINIMALT_H */
