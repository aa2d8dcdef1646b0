/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmltnl: the userspace side of the "minimalt" generic netlink family
 * (<linux/minimalt.h>, Documentation/netlink/specs/minimalt.yaml), over
 * libmnl, with a typed API. mltctl, namecoind-helper and the selftests use
 * it; nothing else in userspace speaks the family.
 *
 * Conventions, for every call below:
 *
 *  - A call returns 0 (or a count, or 1 for "yes"), or a negative errno on
 *    failure, and then also sets errno to the positive value. The details
 *    of the last failure of a handle are in mltnl_error(h): where it
 *    happened (enum mltnl_stage), the errno, and one line of text: the
 *    kernel's extended ack message, the missing attribute, or what was
 *    wrong with a reply. mltnl_error_line() formats all of it as one line.
 *  - Requests carry NLM_F_ACK (dumps end at NLMSG_DONE instead); replies
 *    are matched to the request by sequence number and port id, and stale
 *    messages of an earlier, abandoned request are skipped. A dump the
 *    kernel marks NLM_F_DUMP_INTR (the data changed under it) is read to
 *    its end and, for the list calls, restarted (a few times; then
 *    -EAGAIN, stage MLTNL_STAGE_REPLY).
 *  - The sockets ask for extended acks (NETLINK_EXT_ACK) and capped acks
 *    (NETLINK_CAP_ACK: an error never echoes a request, which may hold a
 *    private key). Request buffers that held a key and the receive buffer
 *    are wiped before a call returns; the library prints nothing.
 *  - A handle is not thread-safe; use one per thread.
 *
 * Build: `make -C userspace/lib` gives libmltnl.a; link it before libmnl
 * (`-lmltnl -lmnl`); compile with -I kernel/include/uapi.
 */
#ifndef MLTNL_H
#define MLTNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>
#include <linux/minimalt.h>

/* --- handles and errors ------------------------------------------------ */

/* An open connection to the family: an opaque handle. */
struct mltnl;

/* Where a failure happened. */
enum mltnl_stage {
	MLTNL_STAGE_NONE = 0,	/* no failure */
	MLTNL_STAGE_SOCKET,	/* socket(), bind(), setsockopt(), joining a
				 * group (EPERM: both groups need
				 * CAP_NET_ADMIN)
				 */
	MLTNL_STAGE_FAMILY,	/* looking up the family: ENOENT means the
				 * module is not loaded
				 */
	MLTNL_STAGE_IO,		/* sending or receiving; ENOBUFS on the
				 * notification socket: notifications lost
				 */
	MLTNL_STAGE_KERNEL,	/* the kernel refused the request */
	MLTNL_STAGE_REPLY,	/* a reply or notification was malformed
				 * (EPROTO), or a dump kept being
				 * interrupted (EAGAIN)
				 */
	MLTNL_STAGE_ARG,	/* the call's own arguments were invalid
				 * (EINVAL, e.g. a name too long); nothing
				 * was sent
				 */
};

#define MLTNL_ERR_MSG_MAX	256

struct mltnl_error {
	enum mltnl_stage stage;
	int errnum;			/* positive errno; 0 if no failure */
	char msg[MLTNL_ERR_MSG_MAX];	/* one line, no newline; "" if none */
};

/* mltnl_open() flags: multicast groups to join. */
#define MLTNL_GROUP_RESOLVE	(1u << 0)	/* MLT_MCGRP_RESOLVE (needs
						 * CAP_NET_ADMIN): resolve
						 * requests
						 */
#define MLTNL_GROUP_DIR		(1u << 1)	/* MLT_MCGRP_DIR (needs
						 * CAP_NET_ADMIN): directory
						 * add/del notifications
						 */

/*
 * The number of the AF_MINIMALT socket family in the running kernel (a
 * module parameter; the uapi header's AF_MINIMALT when it cannot be read).
 */
int mltnl_af(void);

/*
 * Open the "minimalt" family (asking the kernel for it loads the module
 * if it is installed) and join the groups in @groups (0: none). Group
 * messages arrive on a socket of their own (mltnl_ntf_fd()), never mixed
 * into the replies of requests. Returns the handle, or NULL with errno set
 * and, if @err is not NULL, *err filled in (MLTNL_STAGE_FAMILY, ENOENT:
 * the module is not loaded; ENOENT at MLTNL_STAGE_KERNEL: the module has
 * no such group, an older module).
 */
struct mltnl *mltnl_open(unsigned int groups, struct mltnl_error *err);

/* The same for another generic netlink family (the unit tests use
 * "nlctrl"); the typed calls below then make no sense.
 */
struct mltnl *mltnl_open_family(const char *family, unsigned int groups,
				struct mltnl_error *err);

/* Close the sockets and free the handle; NULL is fine. */
void mltnl_close(struct mltnl *h);

/*
 * The details of the last failure of a call on @h (stage
 * MLTNL_STAGE_NONE after a success). Not const so that the callback of
 * mltnl_send() can fill it in with mltnl_reply_error().
 */
struct mltnl_error *mltnl_error(struct mltnl *h);

/*
 * Format @e as one line without a newline: "WHAT: STRERROR" or "WHAT:
 * STRERROR (MSG)", WHAT left out (with its colon) when NULL. Returns @buf.
 */
const char *mltnl_error_line(const struct mltnl_error *e, const char *what,
			     char *buf, size_t len);

/*
 * Note that a reply was malformed: stage MLTNL_STAGE_REPLY, EPROTO, the
 * formatted text in msg; sets errno to EPROTO.
 */
void mltnl_reply_error(struct mltnl_error *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* --- status and configuration (MLT_CMD_GET_STATUS, MLT_CMD_SET_CONFIG) -- */

/* Bits of struct mltnl_config.mask. */
#define MLTNL_CFG_UDP_PORT		(1u << 0)
#define MLTNL_CFG_TUNNEL_TIMEOUT	(1u << 1)
#define MLTNL_CFG_RESOLVE_TIMEOUT	(1u << 2)
#define MLTNL_CFG_TUNNEL_LIMIT		(1u << 3)
#define MLTNL_CFG_CONN_LIMIT		(1u << 4)
#define MLTNL_CFG_CC			(1u << 5)
#define MLTNL_CFG_RMEM_MAX		(1u << 6)
#define MLTNL_CFG_WMEM_MAX		(1u << 7)
#define MLTNL_CFG_OPEN_RATE		(1u << 8)
#define MLTNL_CFG_OPEN_BURST		(1u << 9)
#define MLTNL_CFG_SOURCE_PREFIX4	(1u << 10)
#define MLTNL_CFG_SOURCE_PREFIX6	(1u << 11)
#define MLTNL_CFG_HALFOPEN_LIMIT	(1u << 12)
#define MLTNL_CFG_UNPRIV_SERVICE_START	(1u << 13)
#define MLTNL_CFG_PUZZLE_MODE		(1u << 14)
#define MLTNL_CFG_CLIENT_TUNNEL_LIMIT	(1u << 15)
#define MLTNL_CFG_USER_TUNNEL_QUOTA	(1u << 16)
#define MLTNL_CFG_USER_RESOLVE_QUOTA	(1u << 17)
#define MLTNL_CFG_REPLAY_CACHE_LIMIT	(1u << 18)

/*
 * The namespace's settings. In a status, mask says which ones the kernel
 * reported (an older kernel reports fewer); for mltnl_set_config(), which
 * ones to change.
 */
struct mltnl_config {
	uint32_t mask;			/* MLTNL_CFG_* */
	uint16_t udp_port;		/* MLT_A_UDP_PORT */
	uint32_t tunnel_timeout_ms;	/* MLT_A_TUNNEL_TIMEOUT */
	uint32_t resolve_timeout_ms;	/* MLT_A_RESOLVE_TIMEOUT */
	uint32_t tunnel_limit;		/* MLT_A_TUNNEL_LIMIT: server
					 * tunnels
					 */
	uint32_t conn_limit;		/* MLT_A_CONN_LIMIT */
	uint32_t cc;			/* MLT_A_CC: enum mlt_cc_algo */
	uint32_t rmem_max;		/* MLT_A_RMEM_MAX: bytes */
	uint32_t wmem_max;		/* MLT_A_WMEM_MAX: bytes */
	uint32_t open_rate;		/* MLT_A_OPEN_RATE: openings a second
					 * per source; 0: no limit
					 */
	uint32_t open_burst;		/* MLT_A_OPEN_BURST: openings */
	uint32_t source_prefix4;	/* MLT_A_SOURCE_PREFIX4: bits */
	uint32_t source_prefix6;	/* MLT_A_SOURCE_PREFIX6: bits */
	uint32_t halfopen_limit;	/* MLT_A_HALFOPEN_LIMIT: half-open
					 * tunnels per source; 0: no limit
					 */
	uint32_t unpriv_service_start;	/* MLT_A_UNPRIV_SERVICE_START: the
					 * lowest service anyone may bind
					 */
	uint32_t puzzle_mode;		/* MLT_A_PUZZLE_MODE: enum
					 * mlt_puzzle_mode
					 */
	uint32_t client_tunnel_limit;	/* MLT_A_CLIENT_TUNNEL_LIMIT: client
					 * tunnels (the namespace's
					 * connect()s), a pool apart
					 */
	uint32_t user_tunnel_quota;	/* MLT_A_USER_TUNNEL_QUOTA: client
					 * tunnels per user
					 */
	uint32_t user_resolve_quota;	/* MLT_A_USER_RESOLVE_QUOTA: names
					 * per user waiting for the resolver
					 */
	uint32_t replay_cache_limit;	/* MLT_A_REPLAY_CACHE_LIMIT: client
					 * keys C' a server remembers
					 */
};

/* One setting of @c by its MLTNL_CFG_* bit; setting it also sets the bit. */
uint32_t mltnl_config_get(const struct mltnl_config *c, uint32_t bit);
void mltnl_config_set(struct mltnl_config *c, uint32_t bit, uint32_t v);

/* Counter slots kept; types at or beyond this are ignored. */
#define MLTNL_COUNTERS_MAX	64

/*
 * A nest of u64 counters: MLT_A_STATS (index MLT_STAT_*), MLT_A_DROPS
 * (index enum mlt_drop_reason) or MLT_A_TX_ERRORS (index enum
 * mlt_tx_error). Bit N of present says the kernel sent counter N.
 */
struct mltnl_counters {
	uint64_t present;
	uint64_t v[MLTNL_COUNTERS_MAX];
};

static inline bool mltnl_counter_has(const struct mltnl_counters *c,
				     unsigned int i)
{
	return i < MLTNL_COUNTERS_MAX && (c->present >> i) & 1;
}

/* Whether any counter of the nest was sent (an older kernel sends none). */
static inline bool mltnl_counters_any(const struct mltnl_counters *c)
{
	return c->present != 0;
}

struct mltnl_status {
	bool have_family;
	uint32_t family;		/* MLT_A_FAMILY: AF_MINIMALT in force */
	bool have_public_key;		/* an identity is set */
	uint8_t public_key[MLT_KEY_LEN];
	struct mltnl_config config;	/* mask: what was reported */
	struct mltnl_counters stats;	/* MLT_STAT_PAD never present */
	struct mltnl_counters drops;	/* MLT_DROP_NONE never present */
	struct mltnl_counters tx_errors;	/* MLT_TX_ERR_NONE never present */
};

/* MLT_CMD_GET_STATUS into *st. */
int mltnl_status(struct mltnl *h, struct mltnl_status *st);

/*
 * MLT_CMD_SET_CONFIG with the settings in c->mask (CAP_NET_ADMIN); the
 * kernel checks the ranges (MLT_*_MIN..MLT_*_MAX). An empty mask is
 * -EINVAL (MLTNL_STAGE_ARG).
 */
int mltnl_set_config(struct mltnl *h, const struct mltnl_config *c);

/* --- identity (MLT_CMD_SET_IDENTITY) ----------------------------------- */

/*
 * Make @private_key the namespace's identity (CAP_NET_ADMIN). The request
 * buffer is wiped before the call returns; the caller wipes its own copy.
 */
int mltnl_set_identity(struct mltnl *h,
		       const uint8_t private_key[MLT_KEY_LEN]);

/* --- the directory (MLT_CMD_DIR_*, MLT_CMD_RESOLVE) -------------------- */

struct mltnl_addr {
	uint8_t len;			/* 4 (IPv4) or 16 (IPv6) */
	uint8_t bytes[16];		/* network order */
};

/* One directory entry, as mltnl_dir_add() sends it or the kernel tells. */
struct mltnl_dir_entry {
	char name[MLT_NAME_MAX];
	uint32_t error;			/* MLT_DIR_ERR_*: a negative entry,
					 * which has only name, error and
					 * lifetime; 0: a positive one
					 */
	unsigned int n_addrs;
	struct mltnl_addr addrs[MLT_DIR_ADDRS_MAX];
	uint16_t port;			/* the server's UDP port */
	uint8_t identity[MLT_KEY_LEN];
	unsigned int n_eph;
	uint8_t eph[MLT_DIR_EPH_KEYS_MAX][MLT_KEY_LEN];
	uint32_t lifetime;		/* add: seconds from now, 0 for the
					 * kernel's default; read: seconds
					 * left
					 */
};

/* mltnl_dir_add() flags. */
#define MLTNL_DIR_REPLACE	(1u << 0)	/* MLT_A_DIR_REPLACE: replace an
						 * entry of the same name
						 * instead of -EEXIST
						 */

/* MLT_CMD_DIR_ADD of @e (CAP_NET_ADMIN); -EEXIST without the flag. */
int mltnl_dir_add(struct mltnl *h, const struct mltnl_dir_entry *e,
		  unsigned int flags);

/* MLT_CMD_DIR_DEL of @name (CAP_NET_ADMIN); -ENOENT: no such entry. */
int mltnl_dir_del(struct mltnl *h, const char *name);

/*
 * MLT_CMD_DIR_GET of @name into *e (no privilege needed); -ENOENT: no such
 * entry.
 */
int mltnl_dir_get(struct mltnl *h, const char *name,
		  struct mltnl_dir_entry *e);

/*
 * Every entry (MLT_CMD_DIR_GET dump, CAP_NET_ADMIN: the list tells which
 * names the namespace's users resolved; -EPERM without it), in the
 * kernel's order: *out gets a malloc'd array (free() it; NULL when there
 * are none). Returns the count.
 */
int mltnl_dir_list(struct mltnl *h, struct mltnl_dir_entry **out);

/*
 * MLT_CMD_RESOLVE: ask the resolver for @name now (no privilege needed).
 * *left_ms (may be NULL) gets how long the kernel waits for its answer,
 * which comes as a MLT_CMD_DIR_ADD_NTF: open with MLTNL_GROUP_DIR first,
 * then mltnl_dir_wait(); without CAP_NET_ADMIN, which that group needs,
 * read the entry before the request, then mltnl_dir_poll().
 * -EHOSTUNREACH: no resolver listens.
 */
int mltnl_dir_resolve(struct mltnl *h, const char *name, uint32_t *left_ms);

/*
 * Wait up to @timeout_ms (negative: forever) for the MLT_CMD_DIR_ADD_NTF
 * of @name (needs MLTNL_GROUP_DIR), skipping other notifications. Returns
 * 1 with *e filled in, 0 when the time ran out, or a negative errno.
 */
int mltnl_dir_wait(struct mltnl *h, const char *name, int timeout_ms,
		   struct mltnl_dir_entry *e);

/* How often mltnl_dir_poll() asks for the name. */
#define MLTNL_DIR_POLL_MS	100

/*
 * mltnl_dir_wait() without the "dir" group: ask MLT_CMD_DIR_GET for @name
 * every MLTNL_DIR_POLL_MS, up to @timeout_ms (negative: forever), until an
 * entry that is not @before is there. @before (NULL: there was none) is
 * the entry mltnl_dir_get() read before the resolve request: it counts as
 * the answer only once something in it other than the seconds left
 * changes, the seconds left go up (it was installed again), or it went
 * away in between. Returns 1 with *e (which must not be @before) filled
 * in, positive or negative, 0 when the time ran out, or a negative errno
 * (never -ENOENT: no entry yet is still waiting).
 */
int mltnl_dir_poll(struct mltnl *h, const char *name, int timeout_ms,
		   const struct mltnl_dir_entry *before,
		   struct mltnl_dir_entry *e);

/* --- ephemeral keys (MLT_CMD_EPH_*) ------------------------------------ */

/* One server ephemeral key: never its private half. */
struct mltnl_eph {
	uint8_t public_key[MLT_KEY_LEN];
	uint32_t expires_in;		/* seconds left (MLT_A_EPH_LIFETIME) */
	uint32_t age;			/* seconds since it was made */
};

/*
 * MLT_CMD_EPH_ROTATE (CAP_NET_ADMIN): a new key valid for @lifetime
 * seconds (0: the kernel's default); *k (may be NULL) gets it.
 */
int mltnl_eph_rotate(struct mltnl *h, uint32_t lifetime, struct mltnl_eph *k);

/*
 * The valid keys (MLT_CMD_EPH_GET dump): *out gets a malloc'd array
 * (free() it; NULL when there are none). Returns the count.
 */
int mltnl_eph_list(struct mltnl *h, struct mltnl_eph **out);

/* MLT_CMD_EPH_DEL (CAP_NET_ADMIN): wipe the key with public half @pub. */
int mltnl_eph_del(struct mltnl *h, const uint8_t pub[MLT_KEY_LEN]);

/* --- tunnels (MLT_CMD_TUNNEL_GET) ------------------------------------- */

/*
 * One tunnel as the kernel tells it (the nest MLT_A_TUNNEL), read under its
 * lock. Counts of datagrams are of reliable datagrams.
 */
struct mltnl_tunnel {
	uint64_t tid;			/* the tunnel id, as on the wire */
	uint32_t role;			/* enum mlt_tunnel_role */
	struct mltnl_addr peer;		/* the peer's address */
	uint16_t peer_port;		/* its UDP port, host order */
	bool have_server_identity;	/* client tunnels */
	uint8_t server_identity[MLT_KEY_LEN];
	uint32_t conns;			/* connections it carries */
	bool dead;			/* dying, on its way out */
	uint32_t idle_ms;		/* since data last went either way */
	uint32_t cc;			/* enum mlt_cc_algo */
	uint32_t srtt_us;		/* 0 before the first RTT sample */
	uint32_t rttvar_us;
	uint32_t min_rtt_us;		/* 0 before the first RTT sample */
	uint32_t rto_ms;
	uint32_t cwnd;			/* datagrams */
	uint32_t ssthresh;		/* datagrams; MLT_SSTHRESH_INFINITE */
	bool in_recovery;
	uint32_t inflight;		/* in flight: neither lost nor sacked */
	uint32_t lost;			/* deemed lost, to be resent */
	uint32_t sacked;		/* selectively acknowledged */
	uint64_t pacing_rate;		/* bytes/s; 0: not paced yet */
	uint32_t reo_wnd_mult;		/* reordering window, min RTT / 4 units */
	uint32_t reorder_bytes;		/* held in its reorder buffer */
	uint64_t rx_window;		/* bytes open over its connections */
	uint32_t dgram_size;		/* UDP payload bytes of new datagrams,
					 * as path MTU probing found it
					 */
};

/*
 * The namespace's tunnels (MLT_CMD_TUNNEL_GET dump), in the kernel's
 * order: *out gets a malloc'd array (free() it; NULL when there are none).
 * Returns the count.
 */
int mltnl_tunnel_list(struct mltnl *h, struct mltnl_tunnel **out);

/* --- virtual addresses (MLT_CMD_VADDR_GET) ------------------------------ */

/* A name and the virtual addresses it holds (MLT_VADDR4_NET, ...). */
struct mltnl_vaddr {
	char name[MLT_NAME_MAX];
	uint8_t v4[4];			/* network order */
	uint8_t v6[16];
	uint32_t idle;			/* seconds since the last lookup
					 * before this one
					 */
};

/*
 * The virtual addresses of @name, given now if it has none. -ENODATA
 * (stage kernel) when the directory has no entry for it: ask the resolver
 * (mltnl_dir_resolve) and call again; a negative entry's errno (ENOENT,
 * EKEYEXPIRED, ENOKEY, EKEYREJECTED, ENETDOWN) when it has one.
 */
int mltnl_vaddr_get(struct mltnl *h, const char *name, struct mltnl_vaddr *v);

/*
 * The name that holds the virtual address @addr of @family (AF_INET: 4
 * bytes, AF_INET6: 16). -ENOENT when none does, or none the caller asked
 * for itself (CAP_NET_ADMIN may read every one).
 */
int mltnl_vaddr_lookup(struct mltnl *h, int family, const void *addr,
		       struct mltnl_vaddr *v);

/*
 * Every name holding a virtual address (dump; CAP_NET_ADMIN), in the
 * order of their addresses: *out gets a malloc'd array (free() it).
 * Returns the count.
 */
int mltnl_vaddr_list(struct mltnl *h, struct mltnl_vaddr **out);

/* --- notifications (the "resolve" and "dir" groups) -------------------- */

struct mltnl_ntf {
	uint8_t cmd;			/* MLT_CMD_RESOLVE: resolve dir.name;
					 * MLT_CMD_DIR_ADD_NTF: dir is the
					 * entry added or replaced;
					 * MLT_CMD_DIR_DEL_NTF: dir.name was
					 * deleted
					 */
	struct mltnl_dir_entry dir;	/* for RESOLVE and DIR_DEL_NTF only
					 * the name is set
					 */
};

/* The descriptor to poll for notifications; -1 if no group was joined. */
int mltnl_ntf_fd(const struct mltnl *h);

/*
 * The next notification, waiting up to @timeout_ms (0: not at all;
 * negative: forever). Returns 1 with *n filled in, 0 if none came, or a
 * negative errno: -ENOBUFS (MLTNL_STAGE_IO) when notifications were lost
 * to a full socket buffer (the socket stays usable), -EPROTO for a
 * malformed one (consumed; the next call goes on). Messages of other
 * commands are skipped.
 */
int mltnl_ntf_next(struct mltnl *h, struct mltnl_ntf *n, int timeout_ms);

/* --- names -------------------------------------------------------------- */

/*
 * The short name of a drop reason as mltctl prints it and
 * Documentation/protocol.rst spells it ("short", "zero-tid", ...; "none"
 * for MLT_DROP_NONE), or NULL for a value this library does not know.
 */
const char *mltnl_drop_reason_name(unsigned int reason);

/* The same for enum mlt_tx_error ("no-route", "no-socket", "nobufs",
 * "other"; "none" for MLT_TX_ERR_NONE), or NULL.
 */
const char *mltnl_tx_error_name(unsigned int err);

/*
 * The stable key of a MLT_STAT_* counter ("sockets", "tx_packets", ...),
 * as mltctl's JSON output uses it, or NULL (also for UNSPEC and PAD).
 */
const char *mltnl_stat_name(unsigned int stat);

/*
 * The name of a congestion control (enum mlt_cc_algo: "cubic",
 * "newreno"), as mltctl takes and prints it and the spec's enum
 * mlt-cc-algo spells it, or NULL for a value this library does not know.
 */
const char *mltnl_cc_name(uint32_t cc);

/*
 * The name of a puzzle mode (enum mlt_puzzle_mode: "auto", "always",
 * "off"), as mltctl takes and prints it, or NULL for a value this library
 * does not know.
 */
const char *mltnl_puzzle_mode_name(uint32_t mode);
/* The MLT_PUZZLE_MODE_* value named @name, or -1 if there is none. */
int mltnl_puzzle_mode_from_name(const char *name);

/* "no-name", "expired", ... for MLT_DIR_ERR_*; NULL for 0 and unknown. */
const char *mltnl_dir_error_name(uint32_t error);
/* What a reason means, e.g. "no such name"; "an unknown reason" if unknown. */
const char *mltnl_dir_error_text(uint32_t error);
/* The MLT_DIR_ERR_* value named @name, or 0 if there is none. */
uint32_t mltnl_dir_error_from_name(const char *name);

/* --- messages: building and parsing (pure; the unit tests feed these) --- */

/*
 * Parse one reply message (the whole nlmsghdr; the generic netlink header
 * is checked) into the zeroed-first *out. Attributes of a newer kernel
 * are ignored; a known attribute of the wrong size or shape, or a missing
 * required one, is -EPROTO with e (may be NULL) saying which.
 *   status: nothing is required.
 *   dir entry: the name; for a positive entry also addresses, port,
 *     identity, ephemeral keys and lifetime; for a negative one the
 *     lifetime.
 *   eph: public key, lifetime and age.
 *   tunnel: the nest MLT_A_TUNNEL with every attribute of struct
 *     mltnl_tunnel but the flags and the server identity (which only
 *     client tunnels have); an error names the attribute ("tunnel
 *     srtt-us is 2 bytes, expected 4") as the spec spells it.
 *   ntf: returns 1 for MLT_CMD_RESOLVE (name required),
 *     MLT_CMD_DIR_ADD_NTF (as a dir entry) and MLT_CMD_DIR_DEL_NTF (name
 *     required), 0 for another command (*n untouched but for cmd).
 */
int mltnl_parse_status(const struct nlmsghdr *nlh, struct mltnl_status *out,
		       struct mltnl_error *e);
int mltnl_parse_dir_entry(const struct nlmsghdr *nlh,
			  struct mltnl_dir_entry *out, struct mltnl_error *e);
int mltnl_parse_eph(const struct nlmsghdr *nlh, struct mltnl_eph *out,
		    struct mltnl_error *e);
int mltnl_parse_tunnel(const struct nlmsghdr *nlh, struct mltnl_tunnel *out,
		       struct mltnl_error *e);
int mltnl_parse_vaddr(const struct nlmsghdr *nlh, struct mltnl_vaddr *out,
		      struct mltnl_error *e);
int mltnl_parse_ntf(const struct nlmsghdr *nlh, struct mltnl_ntf *out,
		    struct mltnl_error *e);

/*
 * Parse an NLMSG_ERROR or NLMSG_DONE message: 0 for success (an ack, or
 * a dump's end without error), 1 for an error (*e: MLTNL_STAGE_KERNEL,
 * the errno, and the extack message or "missing attribute N"), -EPROTO if
 * it is truncated.
 */
int mltnl_parse_ack(const struct nlmsghdr *nlh, struct mltnl_error *e);

/*
 * Put the attributes of a MLT_CMD_DIR_ADD for @e (and @flags,
 * MLTNL_DIR_REPLACE) into @nlh, which has room for MLTNL_MSG_MAX bytes.
 */
void mltnl_put_dir_entry(struct nlmsghdr *nlh,
			 const struct mltnl_dir_entry *e, unsigned int flags);

/* Put the attributes of a MLT_CMD_SET_CONFIG for c->mask into @nlh. */
void mltnl_put_config(struct nlmsghdr *nlh, const struct mltnl_config *c);

/* --- raw requests (tests that send what the typed calls never would) --- */

/* Room enough for any request of the family. */
#define MLTNL_MSG_MAX		4096

/* The family's id as the kernel gave it. */
uint16_t mltnl_family_id(const struct mltnl *h);

/*
 * Start a request for @cmd of the family in @buf (MLTNL_MSG_MAX bytes,
 * 8-byte aligned), @flags adding NLM_F_DUMP if wanted; add attributes with
 * libmnl's mnl_attr_put*().
 */
struct nlmsghdr *mltnl_msg_start(struct mltnl *h, void *buf, uint8_t cmd,
				 uint16_t flags);

/*
 * Send @nlh (NLM_F_REQUEST, NLM_F_ACK unless it is a dump, and the
 * sequence number are set here) and read its answer: @cb (may be NULL)
 * gets each reply message of the family with @data, and may return
 * MNL_CB_ERROR (after mltnl_reply_error(mltnl_error(h), ...), or with
 * errno set) to fail the call, which still reads the answer to its end.
 * Returns 0 once acked (or at NLMSG_DONE), or a negative errno. A dump
 * marked interrupted fails with -EAGAIN, MLTNL_STAGE_REPLY; no retry.
 */
int mltnl_send(struct mltnl *h, struct nlmsghdr *nlh, mnl_cb_t cb,
	       void *data);

/*
 * A hook that sees every datagram the request socket receives, before it
 * is parsed (a test that must check every reply byte: copy them, the
 * buffer is wiped afterwards). NULL removes it.
 */
typedef void (*mltnl_rx_hook_t)(const void *buf, size_t len, void *data);
void mltnl_set_rx_hook(struct mltnl *h, mltnl_rx_hook_t hook, void *data);

#endif /* MLTNL_H */
