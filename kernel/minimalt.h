/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal declarations shared by the files of minimalt.ko.
 *
 * Layering: socket code (af_minimalt.c, sendmsg.c, recvmsg.c, connect.c,
 * accept.c, resolve.c) calls down into the engine (tunnel.c, opening.c,
 * receive.c, send.c, timers.c, conn.c) and takes a tunnel's lock only with
 * mlt_tunnel_lock() and mlt_tunnel_unlock(). The engine reaches a socket
 * only through the socket's own callbacks (sk_data_ready, sk_write_space,
 * sk_state_change, sk_error_report) and the accept interface of accept.c.
 *
 * Documentation/protocol.rst is the specification of what goes on the wire.
 */
#ifndef _MLT_MINIMALT_H
#define _MLT_MINIMALT_H

#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/in6.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/siphash.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include <net/net_namespace.h>
#include <uapi/linux/minimalt.h>

#include "limits.h"
#include "ratelimit.h"
#include "wire.h"

struct sk_buff;
struct socket;
struct mlt_tunnel;

/* The host identity of one network namespace. */
struct mlt_identity {
	u8 private_key[MLT_KEY_LEN];
	u8 public_key[MLT_KEY_LEN];
	bool valid;
};

/* An address of a directory entry: IPv4 is stored v4-mapped. */
struct mlt_dir_addr {
	struct in6_addr addr;
	bool v4;
};

/*
 * A directory entry: how to reach a named server without a round trip.
 * Immutable once published; replaced whole, freed after an RCU grace period.
 */
struct mlt_dir_entry {
	struct hlist_node node;
	struct rcu_head rcu;
	u64 expires;		/* boottime ns */
	u16 port;
	u8 n_addrs;
	u8 n_eph;
	u8 error;		/* MLT_DIR_ERR_*: a negative entry, no keys */
	struct mlt_dir_addr addrs[MLT_DIR_ADDRS_MAX];
	u8 identity[MLT_KEY_LEN];
	u8 eph[MLT_DIR_EPH_KEYS_MAX][MLT_KEY_LEN];
	char name[MLT_NAME_MAX];
};

/*
 * A key the replay cache retired early (replay_cache.c): openings that
 * name it draw a key-moved notice until it would have expired. A free
 * entry has expires == 0.
 */
struct mlt_eph_retired {
	u8 public_key[MLT_KEY_LEN];
	u64 expires;		/* boottime ns */
	u64 retired;		/* boottime ns */
	bool replacement;	/* made by a retirement, never published */
};

/* A server ephemeral key pair; a free slot has expires == 0. */
struct mlt_eph {
	u8 private_key[MLT_KEY_LEN];
	u8 public_key[MLT_KEY_LEN];
	u64 created;		/* boottime ns */
	u64 expires;		/* boottime ns */
	bool replacement;	/* made by mlt_eph_retire(), not eph-rotate */
};

#define MLT_DIR_HASH_BITS 8
#define MLT_TUNNEL_HASH_BITS 8
#define MLT_LISTEN_HASH_BITS 6
#define MLT_HALFOPEN_HASH_BITS 10
#define MLT_USERS_HASH_BITS 6

/* Where a datagram goes or came from: IPv4 is stored v4-mapped. */
struct mlt_endpoint {
	struct in6_addr addr;
	__be16 port;
	bool v4;
};

/* Everything minimalt.ko keeps per network namespace. */
struct mlt_net {
	struct net *net;		/* the namespace this is of */
	struct mutex config_lock;	/* serialises configuration changes */
	struct mlt_identity identity;	/* config_lock and eph_lock */
	DECLARE_HASHTABLE(dir, MLT_DIR_HASH_BITS);	/* RCU; writers: lock */
	unsigned int dir_count;		/* under config_lock */
	struct mlt_eph eph[MLT_EPH_MAX];	/* config_lock and eph_lock */
	spinlock_t eph_lock;		/* keys' readers in softirq */
	struct delayed_work gc_work;	/* expires entries and keys */
	u64 gc_next;			/* its planned run; under config_lock */
	u32 dir_gen;			/* odd, += 2 per change; under config_lock */
	atomic_t sockets;
	atomic64_t identity_changes;
	atomic64_t eph_wiped;

	/* UDP encapsulation, see udp.c; under config_lock. */
	struct socket *udp4;
	struct socket *udp6;
	u16 udp_port;			/* host order */
	u32 tunnel_timeout_ms;		/* READ_ONCE: read by timers */
	u32 tunnel_limit;		/* READ_ONCE; MLT_A_TUNNEL_LIMIT */
	u32 client_tunnel_limit;	/* READ_ONCE; MLT_A_CLIENT_TUNNEL_LIMIT */
	u32 user_tunnel_quota;		/* READ_ONCE; MLT_A_USER_TUNNEL_QUOTA */
	u32 user_resolve_quota;		/* READ_ONCE; MLT_A_USER_RESOLVE_QUOTA */
	u32 conn_limit;			/* READ_ONCE; MLT_A_CONN_LIMIT */
	u32 cc_algo;			/* READ_ONCE; MLT_A_CC */
	u32 rmem_max;			/* READ_ONCE; MLT_A_RMEM_MAX */
	u32 wmem_max;			/* READ_ONCE; MLT_A_WMEM_MAX */
	u32 open_rate;			/* READ_ONCE; MLT_A_OPEN_RATE */
	u32 open_burst;			/* READ_ONCE; MLT_A_OPEN_BURST */
	u32 src_prefix4;		/* READ_ONCE; MLT_A_SOURCE_PREFIX4 */
	u32 src_prefix6;		/* READ_ONCE; MLT_A_SOURCE_PREFIX6 */
	u32 halfopen_limit;		/* READ_ONCE; MLT_A_HALFOPEN_LIMIT */
	u32 unpriv_service_start;	/* READ_ONCE; MLT_A_UNPRIV_SERVICE_START */

	/* Tunnels, see tunnel.c. */
	spinlock_t tunnels_lock;	/* writers of tunnels and counts */
	DECLARE_HASHTABLE(tunnels, MLT_TUNNEL_HASH_BITS);	/* RCU, by tid */
	/* Client tunnels by server (S, address, port); under tunnels_lock. */
	DECLARE_HASHTABLE(clients, MLT_TUNNEL_HASH_BITS);
	unsigned int tunnel_count;	/* WRITE_ONCE under tunnels_lock */
	unsigned int client_count;	/* of them clients; the same */
	/* Client tunnels per user (tunnel.c); under tunnels_lock. */
	DECLARE_HASHTABLE(users, MLT_USERS_HASH_BITS);
	u32 tunnels_gen;	/* odd, += 2 per change of the table;
				 * WRITE_ONCE under tunnels_lock
				 */
	bool dying;			/* under tunnels_lock: no new tunnels */
	atomic_t tunnels_live;		/* allocated, not yet freed */
	u32 hash_seed;			/* clients and C' tables; set at init */

	/* The replay cache, see replay_cache.c; under tunnels_lock. */
	struct hlist_head cprime[1 << MLT_TUNNEL_HASH_BITS];
	unsigned int cprime_count;	/* WRITE_ONCE */
	struct mlt_eph_retired retired[MLT_EPH_RETIRED_MAX];
	u32 replay_cache_limit;		/* READ_ONCE; MLT_A_REPLAY_CACHE_LIMIT */
	struct work_struct retire_work;
	u64 retired_at;			/* boottime ns; WRITE_ONCE */
	atomic64_t eph_retired;
	atomic64_t key_moved_sent;
	atomic64_t tunnels_moved;

	/* Listening sockets by service, see accept.c. */
	spinlock_t listen_lock;		/* the table and accept queues */
	DECLARE_HASHTABLE(listeners, MLT_LISTEN_HASH_BITS);

	/* On-demand resolution, see resolve.c. */
	spinlock_t resolve_lock;	/* the two lists and the count */
	struct list_head resolve_pending;	/* names asked, unanswered */
	unsigned int resolve_pending_count;
	struct list_head resolving;	/* sockets waiting, by resolve_node */
	struct delayed_work resolve_work;
	u32 resolve_timeout_ms;		/* READ_ONCE */
	atomic64_t resolve_requests;
	atomic64_t resolve_timeouts;

	/* Virtual addresses of names, see vaddr.c; under vaddr_lock. */
	struct mutex vaddr_lock;
	DECLARE_HASHTABLE(vaddr_names, MLT_DIR_HASH_BITS);
	struct xarray vaddr_index;	/* index to entry */
	struct list_head vaddr_lru;	/* idle longest first */
	unsigned int vaddr_count;	/* WRITE_ONCE */
	u32 vaddr_next;			/* where the next index is sought */
	atomic64_t vaddrs_reclaimed;

	/* Counters for MLT_A_STATS, MLT_A_DROPS and MLT_A_TX_ERRORS. */
	atomic_t conns;
	atomic64_t tunnels_opened;
	atomic64_t tx_packets;		/* datagrams the UDP layer took */
	atomic64_t rx_packets;
	atomic_long_t reorder_bytes;	/* held by every reorder buffer */
	atomic64_t rto_expired;		/* retransmission timeouts */
	atomic64_t tlp_probes;		/* tail loss probes sent */
	atomic64_t spurious_undos;	/* window cuts undone */
	atomic64_t retransmits;
	atomic64_t tunnels_timed_out;

	/* The defences of the opening: limiter.c and opening.c. */
	u64 *rl_buckets;		/* GCRA times; NULL until UDP opens */
	siphash_key_t rl_key;
	struct sk_buff_head openq;	/* openings awaiting public-key work */
	struct work_struct openq_work;
	/* Half-open tunnels by source (halfopen.c); under tunnels_lock. */
	DECLARE_HASHTABLE(halfopen_src, MLT_HALFOPEN_HASH_BITS);
	struct list_head halfopen;	/* oldest first, by ho_all */
	unsigned int halfopen_count;	/* WRITE_ONCE */
	struct list_head evicted;	/* out of the table, to be killed */
	struct work_struct evict_work;
	atomic64_t halfopen_evicted;
	/* Puzzles (challenge.c): the cookie secrets, under puzzle_lock. */
	spinlock_t puzzle_lock;
	u8 puzzle_secret[MLT_PUZZLE_SECRETS][MLT_PUZZLE_SECRET_LEN];
	u32 puzzle_gen;			/* the generation they are of */
	bool puzzle_keyed;		/* made at all */
	u32 puzzle_mode;		/* READ_ONCE; MLT_A_PUZZLE_MODE */
	atomic64_t puzzles_sent;
	atomic64_t puzzles_checked;
	atomic64_t puzzles_solved;
	atomic64_t quota_refused;	/* connects, resolves over a quota */

	atomic64_t rejects_sent;	/* reject notices to openings */
	atomic64_t tunnels_rejected;	/* client tunnels a notice ended */
	atomic64_t amp_limited;		/* datagrams held for validation */
	atomic64_t drops[__MLT_DROP_MAX];
	atomic64_t tx_errors[__MLT_TX_ERR_MAX];	/* datagrams not sent */
};

extern int mlt_family;

/* vaddr.c: a name's virtual address, as one lookup saw it */
struct mlt_vaddr_info {
	u32 index;		/* 1 to MLT_VADDR_INDEX_MAX */
	u32 idle_s;		/* seconds since the lookup before this one */
	char name[MLT_NAME_MAX];
};

void mlt_vaddr_init(struct mlt_net *mn);
void mlt_vaddr_exit(struct mlt_net *mn);
void mlt_vaddr_addrs(u32 index, __be32 *v4, struct in6_addr *v6);
int mlt_vaddr_get(struct mlt_net *mn, const char *name, kuid_t uid,
		  struct mlt_vaddr_info *info);
int mlt_vaddr_lookup(struct mlt_net *mn, u32 index, kuid_t uid, bool admin,
		     struct mlt_vaddr_info *info);
bool mlt_vaddr_next(struct mlt_net *mn, unsigned long *index,
		    struct mlt_vaddr_info *info);

struct mlt_net *mlt_pernet(const struct net *net);
int mlt_pernet_init(void);
void mlt_pernet_exit(void);

/* opening.c: the queue of openings */
void mlt_openq_init(struct mlt_net *mn);
void mlt_openq_flush(struct mlt_net *mn);

/* limiter.c */
int mlt_limiter_init(struct mlt_net *mn);
void mlt_limiter_free(struct mlt_net *mn);
bool mlt_limiter_pass(struct mlt_net *mn, const struct mlt_endpoint *from);
void mlt_source_key(struct mlt_net *mn, u8 key[MLT_RL_KEY_LEN],
		    const struct mlt_endpoint *from);

/* challenge.c */
int mlt_challenge_init(void);
void mlt_challenge_exit(void);
void mlt_puzzle_wipe(struct mlt_net *mn);

/* replay_cache.c */
void mlt_rcache_init(struct mlt_net *mn);

/* halfopen.c */
void mlt_halfopen_init(struct mlt_net *mn);
void mlt_halfopen_flush(struct mlt_net *mn);

int mlt_identity_set(struct mlt_net *mn, const u8 private_key[MLT_KEY_LEN]);
void mlt_identity_clear(struct mlt_net *mn);

u64 mlt_now(void);

/* Nanoseconds as microseconds, saturated to 32 bits (RTTs, ack delays). */
static inline u32 mlt_us32(u64 ns)
{
	return min_t(u64, div_u64(ns, NSEC_PER_USEC), U32_MAX);
}

u32 mlt_seconds_left(u64 expires, u64 now);
void mlt_gc_schedule(struct mlt_net *mn, u64 expires);

struct mlt_dir_entry *mlt_dir_alloc(void);
int mlt_dir_add(struct mlt_net *mn, struct mlt_dir_entry *e, bool replace);
int mlt_dir_del(struct mlt_net *mn, const char *name);
struct mlt_dir_entry *mlt_dir_lookup_rcu(struct mlt_net *mn, const char *name,
					 u64 now);
u64 mlt_dir_expire(struct mlt_net *mn, u64 now);
void mlt_dir_flush(struct mlt_net *mn);

int mlt_eph_rotate(struct mlt_net *mn, u32 lifetime, struct mlt_eph *made);
unsigned int mlt_eph_publics(struct mlt_net *mn,
			     u8 keys[MLT_EPH_MAX][MLT_KEY_LEN]);
bool mlt_eph_valid(struct mlt_net *mn, const u8 *eph_id, u64 now);
u64 mlt_eph_expiry(struct mlt_net *mn, const u8 public_key[MLT_KEY_LEN],
		   bool *replacement);
int mlt_eph_retire(struct mlt_net *mn, const u8 public_key[MLT_KEY_LEN]);
bool mlt_eph_newest(struct mlt_net *mn, u64 now, u8 public_key[MLT_KEY_LEN],
		    struct mlt_identity *identity);
int mlt_eph_del(struct mlt_net *mn, const u8 public_key[MLT_KEY_LEN]);
unsigned int mlt_eph_count(struct mlt_net *mn, u64 now);
u64 mlt_eph_expire(struct mlt_net *mn, u64 now);
void mlt_eph_flush(struct mlt_net *mn);
bool mlt_eph_find(struct mlt_net *mn, const u8 *eph_id, u64 now,
		  struct mlt_eph *found, struct mlt_identity *identity);

/* udp.c: the namespace's UDP sockets. */
int mlt_udp_open(struct net *net, struct mlt_net *mn, u16 port);
void mlt_udp_close(struct mlt_net *mn);
int mlt_udp_ensure(struct net *net, struct mlt_net *mn);
int mlt_udp_route(struct net *net, const struct in6_addr *addr);
int mlt_udp_send(struct mlt_net *mn, const struct mlt_endpoint *to,
		 struct sk_buff *skb, bool df, unsigned int *route_mtu);

/* receive.c */
void mlt_tunnel_rcv(struct net *net, struct sk_buff *skb,
		    const struct mlt_endpoint *from);
void mlt_tunnel_rcv_queued(struct net *net, struct sk_buff *skb,
			   const struct mlt_endpoint *from);
void mlt_drop(struct mlt_net *mn, enum mlt_drop_reason reason);

/* tunnel.c */
void mlt_tunnels_flush(struct mlt_net *mn);
unsigned int mlt_tunnel_count(struct mlt_net *mn);

/* opening.c */
void mlt_rcache_expire(struct mlt_net *mn, u64 now);

int mlt_netlink_init(void);
void mlt_netlink_exit(void);
bool mlt_netlink_has_resolver(struct net *net);
int mlt_netlink_resolve_request(struct net *net, const char *name);

/* resolve.c */
int mlt_dir_errno(u8 error);
int mlt_resolve_request(struct net *net, const char *name, u64 *deadline,
			kuid_t uid, bool exempt);
void mlt_resolve_answered(struct mlt_net *mn, const char *name);
void mlt_resolve_init(struct mlt_net *mn);
void mlt_resolve_exit(struct mlt_net *mn);

/* af_minimalt.c */
int mlt_socket_init(void);
void mlt_socket_exit(void);

#endif /* _MLT_MINIMALT_H */
