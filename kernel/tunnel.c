// SPDX-License-Identifier: GPL-2.0
/*
 * The tunnel table of a namespace and a tunnel's lifetime: allocation,
 * references, the table by tid, the index of client tunnels by server that
 * connect() looks up, kill, and the flush when the namespace goes away.
 * A client tunnel is made here (0-RTT: no datagram until the first
 * connection has something to send); a server tunnel in opening.c.
 */
#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/wait_bit.h>
#include <net/ipv6.h>

#include "sock.h"

/*
 * The client tunnels one user's connect()s opened, counted against
 * MLT_A_USER_TUNNEL_QUOTA (issue 12: a local user cannot fill the table
 * for the others). Under tunnels_lock; freed with its last tunnel.
 */
struct mlt_user {
	struct hlist_node node;		/* mn->users */
	kuid_t uid;
	unsigned int tunnels;
};

static struct mlt_user *mlt_user_find(struct mlt_net *mn, kuid_t uid)
{
	struct mlt_user *u;

	hash_for_each_possible(mn->users, u, node, __kuid_val(uid))
		if (uid_eq(u->uid, uid))
			return u;
	return NULL;
}

static void mlt_tunnel_free_rcu(struct rcu_head *head)
{
	struct mlt_tunnel *t = container_of(head, struct mlt_tunnel, rcu);
	struct mlt_net *mn = t->mn;

	kfree_sensitive(t);
	if (atomic_dec_and_test(&mn->tunnels_live))
		wake_up_var(&mn->tunnels_live);
}

void mlt_tunnel_release(struct kref *ref)
{
	struct mlt_tunnel *t = container_of(ref, struct mlt_tunnel, ref);
	struct mlt_txd *d, *tmp;

	list_for_each_entry_safe(d, tmp, &t->txq, node)
		kfree_sensitive(d);
	mlt_reorder_purge(t);
	skb_queue_purge(&t->txout);
	memzero_explicit(&t->keys, sizeof(t->keys));
	call_rcu(&t->rcu, mlt_tunnel_free_rcu);
}

void mlt_tunnel_put(struct mlt_tunnel *t)
{
	kref_put(&t->ref, mlt_tunnel_release);
}

/* A tunnel with one reference, the caller's, in no table. */
struct mlt_tunnel *mlt_tunnel_alloc(struct net *net, gfp_t gfp)
{
	struct mlt_tunnel *t = kzalloc(sizeof(*t), gfp);

	if (!t)
		return NULL;
	kref_init(&t->ref);
	spin_lock_init(&t->lock);
	skb_queue_head_init(&t->txout);
	t->net = net;
	t->mn = mlt_pernet(net);
	atomic_inc(&t->mn->tunnels_live);
	t->snd_nxt = 1;
	t->snd_una = 1;
	t->rcv_nxt = 1;
	INIT_LIST_HEAD(&t->txq);
	t->last_rx = mlt_now();
	mlt_cc_init(&t->cc, READ_ONCE(t->mn->cc_algo),
		    div_u64(t->last_rx, NSEC_PER_USEC));
	mlt_pmtu_init(&t->pmtu, div_u64(t->last_rx, NSEC_PER_USEC));
	t->reorder = RB_ROOT;
	mlt_rx_ranges_init(&t->ranges);
	hash_init(t->conns);
	INIT_LIST_HEAD(&t->tx_conns);
	INIT_LIST_HEAD(&t->fresh);
	INIT_LIST_HEAD(&t->blocked);
	mlt_timers_init(t);
	mlt_challenge_init_tunnel(t);
	t->last_active = t->last_rx;
	return t;
}

/* Under rcu_read_lock() or tunnels_lock. */
struct mlt_tunnel *mlt_tunnel_lookup_rcu(struct mlt_net *mn, u64 tid)
{
	struct mlt_tunnel *t;

	hash_for_each_possible_rcu(mn->tunnels, t, node, tid)
		if (t->tid == tid)
			return t;
	return NULL;
}

/* The client index: a hash of the server's identity, address and port. */
static u32 mlt_client_hash(struct mlt_net *mn, const u8 *identity,
			   const struct mlt_endpoint *peer)
{
	u32 h = jhash(identity, MLT_KEY_LEN, mn->hash_seed);

	h = jhash(&peer->addr, sizeof(peer->addr), h);
	return jhash_1word((__force u32)peer->port, h);
}

/*
 * Put @t in the table (and a client in the index), which takes over the
 * caller's reference. Called with tunnels_lock held.
 */
void mlt_tunnel_hash(struct mlt_tunnel *t)
{
	struct mlt_net *mn = t->mn;

	lockdep_assert_held(&mn->tunnels_lock);
	hash_add_rcu(mn->tunnels, &t->node, t->tid);
	if (t->client) {
		hash_add(mn->clients, &t->client_node,
			 mlt_client_hash(mn, t->server_identity, &t->peer));
		WRITE_ONCE(mn->client_count, mn->client_count + 1);
		if (t->owner)
			t->owner->tunnels++;
	}
	t->in_table = true;
	WRITE_ONCE(mn->tunnel_count, mn->tunnel_count + 1);
	WRITE_ONCE(mn->tunnels_gen, mn->tunnels_gen + 2);
	atomic64_inc(&mn->tunnels_opened);
}

/* Take @t out of the table, with the table's reference; tunnels_lock held. */
void mlt_tunnel_unhash_locked(struct mlt_tunnel *t)
{
	struct mlt_net *mn = t->mn;

	lockdep_assert_held(&mn->tunnels_lock);
	mlt_halfopen_del(t);
	hash_del_rcu(&t->node);
	if (t->client) {
		hash_del(&t->client_node);
		WRITE_ONCE(mn->client_count, mn->client_count - 1);
	}
	if (t->owner && !--t->owner->tunnels) {
		hash_del(&t->owner->node);
		kfree(t->owner);
	}
	t->owner = NULL;
	t->in_table = false;
	WRITE_ONCE(mn->tunnel_count, mn->tunnel_count - 1);
	WRITE_ONCE(mn->tunnels_gen, mn->tunnels_gen + 2);
}

/* Take @t out of the table; the table's reference goes to the caller. */
bool mlt_tunnel_unhash(struct mlt_tunnel *t)
{
	struct mlt_net *mn = t->mn;
	bool was = false;

	spin_lock_bh(&mn->tunnels_lock);
	if (t->in_table) {
		mlt_tunnel_unhash_locked(t);
		was = true;
	}
	spin_unlock_bh(&mn->tunnels_lock);
	return was;
}

unsigned int mlt_tunnel_count(struct mlt_net *mn)
{
	return READ_ONCE(mn->tunnel_count);
}

/*
 * Kill the tunnel: every connection fails with @err, nothing more is sent.
 * Called with the tunnel lock held.
 */
void mlt_tunnel_kill(struct mlt_tunnel *t, int err, struct mlt_out *out)
{
	struct mlt_sock *ms;
	struct hlist_node *tmp;
	unsigned int bkt;

	if (t->dead)
		return;
	WRITE_ONCE(t->dead, true);
	t->err = err;
	hash_for_each_safe(t->conns, bkt, tmp, ms, conn_node)
		mlt_conn_error(t, ms, err, out);
	mlt_timer_stop(t, &t->timer);
	mlt_timer_stop(t, &t->ack_timer);
	mlt_pace_stop(t);
}

/*
 * A live client tunnel to the server with room for a connection, with a
 * reference for the caller; or NULL. The peer of a client tunnel is fixed,
 * so the index needs no tunnel lock.
 */
static struct mlt_tunnel *mlt_client_find(struct mlt_net *mn,
					  const struct mlt_endpoint *peer,
					  const u8 identity[MLT_KEY_LEN])
{
	u32 hash = mlt_client_hash(mn, identity, peer);
	struct mlt_tunnel *t;

	spin_lock_bh(&mn->tunnels_lock);
	hash_for_each_possible(mn->clients, t, client_node, hash) {
		if (!READ_ONCE(t->dead) &&
		    READ_ONCE(t->conn_count) < READ_ONCE(mn->conn_limit) &&
		    !READ_ONCE(t->peer_full) &&
		    ipv6_addr_equal(&t->peer.addr, &peer->addr) &&
		    t->peer.port == peer->port &&
		    !memcmp(t->server_identity, identity, MLT_KEY_LEN)) {
			kref_get(&t->ref);
			spin_unlock_bh(&mn->tunnels_lock);
			return t;
		}
	}
	spin_unlock_bh(&mn->tunnels_lock);
	return NULL;
}

/*
 * A client tunnel's C' and keys, for the S' @eph of its server: a fresh
 * key pair, two X25519. Return: 0, or -%EINVAL for a low-order S' or S.
 */
static int mlt_client_keys(struct mlt_tunnel *t, const u8 eph[MLT_KEY_LEN])
{
	struct mlt_handshake hs = {
		.server_identity = t->server_identity,
		.server_eph = eph,
		.client_eph = t->client_eph,
		.tid = t->tid,
	};
	u8 priv[MLT_KEY_LEN];
	int ret;

	memcpy(t->server_eph, eph, MLT_KEY_LEN);
	mlt_crypto_keypair(priv, t->client_eph);
	ret = mlt_crypto_derive(&t->keys, true, priv, eph, priv,
				t->server_identity, &hs);
	memzero_explicit(priv, sizeof(priv));
	return ret;
}

/**
 * mlt_tunnel_move() - follow a key-moved notice
 * @t: a client tunnel that has not heard its server, locked
 * @eph: the S' the server named, from the authenticated notice
 * @out: the unlock's work
 *
 * The server retired the S' our openings named (Documentation/
 * protocol.rst, "Key moved"): open again, keeping the tid, with a fresh
 * C' and keys for @eph, and send everything in flight again under them,
 * invisibly to the sockets. After %MLT_MOVES_MAX moves, or for a key that
 * cannot be used, the tunnel ends with %EHOSTUNREACH. Softirq context.
 *
 * Return: %MLT_DROP_NONE, or %MLT_DROP_TAG for a notice naming the key
 * in use.
 */
enum mlt_drop_reason mlt_tunnel_move(struct mlt_tunnel *t,
				     const u8 eph[MLT_KEY_LEN],
				     struct mlt_out *out)
{
	if (!memcmp(eph, t->server_eph, MLT_KEY_LEN))
		return MLT_DROP_TAG;
	if (t->moves >= MLT_MOVES_MAX || mlt_client_keys(t, eph)) {
		mlt_tunnel_kill(t, EHOSTUNREACH, out);
		return MLT_DROP_NONE;
	}
	t->moves++;
	t->puzzle_ready = false;	/* a solution is bound to the old C' */
	atomic64_inc(&t->mn->tunnels_moved);
	mlt_recovery_resend(t, mlt_now());
	return MLT_DROP_NONE;
}

/* A new client tunnel: a key pair, a tid and the keys; in no table. */
static struct mlt_tunnel *mlt_client_new(struct net *net,
					 const struct mlt_endpoint *peer,
					 const u8 identity[MLT_KEY_LEN],
					 const u8 eph[MLT_KEY_LEN])
{
	struct mlt_tunnel *t;
	int ret;

	t = mlt_tunnel_alloc(net, GFP_KERNEL);
	if (!t)
		return ERR_PTR(-ENOMEM);
	t->client = true;
	t->validated = true;
	t->peer = *peer;
	t->next_conn = 1;
	memcpy(t->server_identity, identity, MLT_KEY_LEN);
	do {
		t->tid = get_random_u64() & MLT_TID_MASK;
	} while (!t->tid);
	ret = mlt_client_keys(t, eph);
	if (ret) {
		mlt_tunnel_put(t);
		/* A low-order S' or S in the directory. */
		return ERR_PTR(-EHOSTUNREACH);
	}
	return t;
}

/**
 * mlt_tunnel_connect() - a client tunnel to a server, existing or new
 * @net: the namespace
 * @peer: the server's UDP address
 * @identity: the server's identity key S
 * @eph: a current ephemeral key S' of the server
 * @uid: the user who connects
 * @exempt: it has CAP_NET_ADMIN: no quota applies
 *
 * A new tunnel costs one key pair and two X25519 and no datagram: its first
 * datagram carries the first connection's create and data. It comes from
 * the namespace's pool of client tunnels (MLT_A_CLIENT_TUNNEL_LIMIT) and
 * counts against @uid's quota (MLT_A_USER_TUNNEL_QUOTA) for its life; a
 * tunnel reused counts for no one new. Process context.
 *
 * Return: the tunnel with a reference for the caller, or an ERR_PTR():
 * -EAGAIN past the pool or the quota.
 */
struct mlt_tunnel *mlt_tunnel_connect(struct net *net,
				      const struct mlt_endpoint *peer,
				      const u8 identity[MLT_KEY_LEN],
				      const u8 eph[MLT_KEY_LEN], kuid_t uid,
				      bool exempt)
{
	struct mlt_net *mn = mlt_pernet(net);
	struct mlt_user *spare, *u = NULL;
	struct mlt_tunnel *t;
	int ret = 0;

	ret = mlt_udp_ensure(net, mn);
	if (ret)
		return ERR_PTR(ret);
	t = mlt_client_find(mn, peer, identity);
	if (t)
		return t;
	t = mlt_client_new(net, peer, identity, eph);
	if (IS_ERR(t))
		return t;
	spare = exempt ? NULL : kzalloc(sizeof(*spare), GFP_KERNEL);
	if (!exempt && !spare) {
		mlt_tunnel_put(t);
		return ERR_PTR(-ENOMEM);
	}

	spin_lock_bh(&mn->tunnels_lock);
	if (mn->dying || mlt_tunnel_lookup_rcu(mn, t->tid) ||
	    mn->client_count >= READ_ONCE(mn->client_tunnel_limit)) {
		ret = -EAGAIN;
	} else if (!exempt) {
		u = mlt_user_find(mn, uid);
		if (u && u->tunnels >= READ_ONCE(mn->user_tunnel_quota)) {
			atomic64_inc(&mn->quota_refused);
			ret = -EAGAIN;
		} else if (!u) {
			u = spare;
			spare = NULL;
			u->uid = uid;
			hash_add(mn->users, &u->node, __kuid_val(uid));
		}
	}
	if (!ret) {
		t->owner = u;
		kref_get(&t->ref);	/* the caller's; the first the table's */
		mlt_tunnel_hash(t);
	}
	spin_unlock_bh(&mn->tunnels_lock);
	kfree(spare);
	if (ret) {
		mlt_tunnel_put(t);
		return ERR_PTR(ret);
	}
	return t;
}

/* Take any one tunnel out of the table, with the table's reference. */
static struct mlt_tunnel *mlt_tunnels_pop(struct mlt_net *mn)
{
	struct mlt_tunnel *t = NULL;
	unsigned int bkt;

	spin_lock_bh(&mn->tunnels_lock);
	hash_for_each(mn->tunnels, bkt, t, node)
		break;
	if (t)
		mlt_tunnel_unhash_locked(t);
	spin_unlock_bh(&mn->tunnels_lock);
	return t;
}

/**
 * mlt_tunnels_flush() - end every tunnel of a namespace that goes away
 * @mn: the namespace, whose UDP sockets are closed: nothing arrives
 *
 * Kills the tunnels in the table and waits until every tunnel of the
 * namespace, in the table or not, is freed. A timer callback holds a
 * reference while it runs and runs with BH disabled, an RCU read-side
 * section, and a tunnel is freed by call_rcu() after its last put: so once
 * mn->tunnels_live is zero no timer of the namespace is pending or running.
 * Sockets pin the namespace, so none holds a tunnel any more.
 */
void mlt_tunnels_flush(struct mlt_net *mn)
{
	struct mlt_tunnel *t;
	struct mlt_out out;

	synchronize_net();
	spin_lock_bh(&mn->tunnels_lock);
	mn->dying = true;
	spin_unlock_bh(&mn->tunnels_lock);
	mlt_halfopen_flush(mn);
	while ((t = mlt_tunnels_pop(mn))) {
		mlt_tunnel_lock(t, &out);
		mlt_tunnel_kill(t, ECONNABORTED, &out);
		mlt_tunnel_unlock(t, &out);
		del_timer_sync(&t->timer);
		del_timer_sync(&t->ack_timer);
		hrtimer_cancel(&t->pace_timer);
		mlt_tunnel_put(t);
	}
	wait_var_event(&mn->tunnels_live, !atomic_read(&mn->tunnels_live));
	mlt_rcache_flush(mn);
}
