// SPDX-License-Identifier: GPL-2.0
/*
 * MLT_CMD_TUNNEL_GET: the namespace's tunnels, one message each, with what
 * `ss -i` shows of a TCP socket: the peer, the connections, the round-trip
 * estimate, the congestion and loss recovery state (mltctl tunnels).
 */
#include <net/genetlink.h>
#include <net/sock.h>

#include "netlink.h"
#include "tunnel.h"

/* What a message tells of one tunnel, copied under its lock. */
struct mlt_tunnel_info {
	u64 tid;
	u64 pacing_rate;
	u64 rx_window;
	struct mlt_endpoint peer;
	u8 server_identity[MLT_KEY_LEN];
	u32 conns;
	u32 idle_ms;
	u32 cc;
	u32 srtt_us;
	u32 rttvar_us;
	u32 min_rtt_us;
	u32 rto_ms;
	u32 cwnd;
	u32 ssthresh;
	u32 inflight;
	u32 lost;
	u32 sacked;
	u32 reo_mult;
	u32 reorder_bytes;
	u32 dgram_size;
	bool client;
	bool dead;
	bool in_recovery;
};

/*
 * Snapshot @t, found in the table under rcu_read_lock(): its memory lasts
 * the grace period even if its last reference goes meanwhile.
 */
static void mlt_tunnel_info(struct mlt_tunnel *t, u64 now,
			    struct mlt_tunnel_info *i)
{
	i->tid = t->tid;
	i->client = t->client;
	if (t->client)
		memcpy(i->server_identity, t->server_identity, MLT_KEY_LEN);

	spin_lock_bh(&t->lock);
	i->peer = t->peer;
	i->dead = t->dead;
	i->conns = t->conn_count;
	i->idle_ms = now > t->last_active ?
		     min_t(u64, div_u64(now - t->last_active, NSEC_PER_MSEC),
			   U32_MAX) : 0;
	i->cc = t->cc.algo;
	i->srtt_us = t->cc.srtt_us;
	i->rttvar_us = t->cc.rttvar_us;
	i->min_rtt_us = t->cc.min_rtt_us;
	i->rto_ms = t->cc.rto_ms;
	i->cwnd = t->cc.cwnd;
	i->ssthresh = t->cc.ssthresh;
	i->in_recovery = t->cc.in_recovery;
	i->reo_mult = t->cc.reo_mult;
	i->pacing_rate = mlt_cc_pacing_rate(&t->cc, t->pmtu.size);
	i->inflight = t->inflight;
	i->lost = t->lost;
	i->sacked = t->sacked;
	i->reorder_bytes = t->reorder_bytes;
	i->rx_window = t->rx_window;
	i->dgram_size = t->pmtu.size;
	spin_unlock_bh(&t->lock);
}

/* Who and where: the id, the role, the peer, the server's identity. */
static int mlt_nl_put_peer(struct sk_buff *msg,
			   const struct mlt_tunnel_info *i)
{
	const struct mlt_endpoint *p = &i->peer;

	if (nla_put_u64_64bit(msg, MLT_TUNNEL_A_TID, i->tid,
			      MLT_TUNNEL_A_PAD) ||
	    nla_put_u32(msg, MLT_TUNNEL_A_ROLE,
			i->client ? MLT_TUNNEL_ROLE_CLIENT :
				    MLT_TUNNEL_ROLE_SERVER) ||
	    (p->v4 ? nla_put_in_addr(msg, MLT_TUNNEL_A_PEER_ADDR,
				     p->addr.s6_addr32[3]) :
		     nla_put_in6_addr(msg, MLT_TUNNEL_A_PEER_ADDR, &p->addr)) ||
	    nla_put_u16(msg, MLT_TUNNEL_A_PEER_PORT, be16_to_cpu(p->port)))
		return -EMSGSIZE;
	if (i->client &&
	    nla_put(msg, MLT_TUNNEL_A_SERVER_IDENTITY, MLT_KEY_LEN,
		    i->server_identity))
		return -EMSGSIZE;
	return 0;
}

/*
 * The connections, the timers, congestion control and loss recovery, the
 * datagram size.
 */
static int mlt_nl_put_state(struct sk_buff *msg,
			    const struct mlt_tunnel_info *i)
{
	if (nla_put_u32(msg, MLT_TUNNEL_A_CONNS, i->conns) ||
	    (i->dead && nla_put_flag(msg, MLT_TUNNEL_A_DEAD)) ||
	    nla_put_u32(msg, MLT_TUNNEL_A_IDLE_MS, i->idle_ms) ||
	    nla_put_u32(msg, MLT_TUNNEL_A_CC, i->cc) ||
	    nla_put_u32(msg, MLT_TUNNEL_A_SRTT_US, i->srtt_us) ||
	    nla_put_u32(msg, MLT_TUNNEL_A_RTTVAR_US, i->rttvar_us) ||
	    nla_put_u32(msg, MLT_TUNNEL_A_MIN_RTT_US, i->min_rtt_us) ||
	    nla_put_u32(msg, MLT_TUNNEL_A_RTO_MS, i->rto_ms) ||
	    nla_put_u32(msg, MLT_TUNNEL_A_CWND, i->cwnd) ||
	    nla_put_u32(msg, MLT_TUNNEL_A_SSTHRESH, i->ssthresh) ||
	    (i->in_recovery && nla_put_flag(msg, MLT_TUNNEL_A_IN_RECOVERY)) ||
	    nla_put_u32(msg, MLT_TUNNEL_A_INFLIGHT, i->inflight) ||
	    nla_put_u32(msg, MLT_TUNNEL_A_LOST, i->lost) ||
	    nla_put_u32(msg, MLT_TUNNEL_A_SACKED, i->sacked) ||
	    nla_put_u64_64bit(msg, MLT_TUNNEL_A_PACING_RATE, i->pacing_rate,
			      MLT_TUNNEL_A_PAD) ||
	    nla_put_u32(msg, MLT_TUNNEL_A_REO_WND_MULT, i->reo_mult) ||
	    nla_put_u32(msg, MLT_TUNNEL_A_REORDER_BYTES, i->reorder_bytes) ||
	    nla_put_u64_64bit(msg, MLT_TUNNEL_A_RX_WINDOW, i->rx_window,
			      MLT_TUNNEL_A_PAD) ||
	    nla_put_u32(msg, MLT_TUNNEL_A_DGRAM_SIZE, i->dgram_size))
		return -EMSGSIZE;
	return 0;
}

static int mlt_nl_fill_tunnel(struct sk_buff *skb,
			      const struct mlt_tunnel_info *i,
			      struct netlink_callback *cb)
{
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &mlt_genl_family, NLM_F_MULTI, MLT_CMD_TUNNEL_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	nest = nla_nest_start(skb, MLT_A_TUNNEL);
	if (!nest || mlt_nl_put_peer(skb, i) || mlt_nl_put_state(skb, i)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * cb->args[0]: hash bucket; cb->args[1]: tunnels of it already sent. A
 * tunnel added to or taken out of the table between two parts marks the
 * dump NLM_F_DUMP_INTR. Each tunnel's lock is held only to copy its state:
 * the message is built after.
 */
int minimalt_nl_tunnel_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct mlt_net *mn = mlt_pernet(sock_net(skb->sk));
	unsigned long bkt = cb->args[0], skip = cb->args[1], idx;
	struct mlt_tunnel_info info;
	struct mlt_tunnel *t;
	u64 now = mlt_now();

	cb->seq = READ_ONCE(mn->tunnels_gen);
	rcu_read_lock();
	for (; bkt < HASH_SIZE(mn->tunnels); bkt++, skip = 0) {
		idx = 0;
		hlist_for_each_entry_rcu(t, &mn->tunnels[bkt], node) {
			if (idx++ < skip)
				continue;
			mlt_tunnel_info(t, now, &info);
			if (mlt_nl_fill_tunnel(skb, &info, cb)) {
				skip = idx - 1;
				goto out;
			}
		}
	}
	skip = 0;
out:
	rcu_read_unlock();
	cb->args[0] = bkt;
	cb->args[1] = skip;
	return skb->len;
}
