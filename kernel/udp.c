// SPDX-License-Identifier: GPL-2.0
/*
 * UDP encapsulation: each namespace has one UDP port for MinimaLT, with an
 * IPv4 socket and, when IPv6 is available, an IPv6-only one, both kernel
 * UDP tunnel sockets whose encap_rcv hands datagrams to the tunnel engine.
 */
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/ipv6_stubs.h>
#include <net/route.h>
#include <net/udp_tunnel.h>

#include "minimalt.h"

static int mlt_udp_encap_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct net *net = sock_net(sk);
	struct mlt_endpoint from = {};

	if (skb->protocol == htons(ETH_P_IP)) {
		ipv6_addr_set_v4mapped(ip_hdr(skb)->saddr, &from.addr);
		from.v4 = true;
	} else {
		from.addr = ipv6_hdr(skb)->saddr;
	}
	from.port = udp_hdr(skb)->source;

	if (skb_linearize(skb) || skb_unclone(skb, GFP_ATOMIC) ||
	    skb->len < sizeof(struct udphdr)) {
		mlt_drop(mlt_pernet(net), MLT_DROP_NOMEM);
		kfree_skb(skb);
		return 0;
	}
	__skb_pull(skb, sizeof(struct udphdr));
	mlt_tunnel_rcv(net, skb, &from);
	return 0;
}

static int mlt_udp_sock(struct net *net, int family, u16 port,
			struct socket **sockp)
{
	struct udp_port_cfg cfg = {
		.family = family,
		.local_udp_port = htons(port),
	};
	struct udp_tunnel_sock_cfg tcfg = {
		.encap_type = 1,
		.encap_rcv = mlt_udp_encap_rcv,
	};
	int ret;

	if (family == AF_INET6) {
		cfg.local_ip6 = in6addr_any;
		cfg.ipv6_v6only = 1;
	} else {
		cfg.local_ip.s_addr = htonl(INADDR_ANY);
	}
	ret = udp_sock_create(net, &cfg, sockp);
	if (ret)
		return ret;
	setup_udp_tunnel_sock(net, *sockp, &tcfg);
	return 0;
}

static void mlt_udp_release(struct socket *sock)
{
	if (sock)
		udp_tunnel_sock_release(sock);
}

/**
 * mlt_udp_open() - open, or move, the namespace's UDP sockets
 * @net: the namespace
 * @mn: its state
 * @port: the UDP port, host order
 *
 * The new sockets are made before the old ones go, so a failure changes
 * nothing. Called with config_lock held.
 *
 * Return: 0, or the socket error (-%EADDRINUSE...).
 */
int mlt_udp_open(struct net *net, struct mlt_net *mn, u16 port)
{
	struct socket *s4 = NULL, *s6 = NULL, *old4, *old6;
	int ret;

	lockdep_assert_held(&mn->config_lock);
	ret = mlt_limiter_init(mn);
	if (ret)
		return ret;
	ret = mlt_udp_sock(net, AF_INET, port, &s4);
	if (ret)
		return ret;
	if (IS_ENABLED(CONFIG_IPV6) && ipv6_mod_enabled()) {
		ret = mlt_udp_sock(net, AF_INET6, port, &s6);
		if (ret == -EAFNOSUPPORT) {
			s6 = NULL;
		} else if (ret) {
			mlt_udp_release(s4);
			return ret;
		}
	}
	old4 = mn->udp4;
	old6 = mn->udp6;
	WRITE_ONCE(mn->udp4, s4);
	WRITE_ONCE(mn->udp6, s6);
	WRITE_ONCE(mn->udp_port, port);
	synchronize_net();
	mlt_udp_release(old4);
	mlt_udp_release(old6);
	return 0;
}

/* Close both sockets; called with config_lock held. */
void mlt_udp_close(struct mlt_net *mn)
{
	struct socket *s4 = mn->udp4, *s6 = mn->udp6;

	lockdep_assert_held(&mn->config_lock);
	WRITE_ONCE(mn->udp4, NULL);
	WRITE_ONCE(mn->udp6, NULL);
	synchronize_net();
	mlt_udp_release(s4);
	mlt_udp_release(s6);
}

/* Open the sockets on the configured port unless they are open. */
int mlt_udp_ensure(struct net *net, struct mlt_net *mn)
{
	int ret = 0;

	if (READ_ONCE(mn->udp4))
		return 0;
	mutex_lock(&mn->config_lock);
	if (!mn->udp4)
		ret = mlt_udp_open(net, mn, mn->udp_port);
	mutex_unlock(&mn->config_lock);
	return ret;
}

/*
 * A failed route lookup: out of memory stays itself, any other failure
 * (no route, a prohibit or blackhole route, no source address) is no route.
 */
static int mlt_udp_route_err(int err)
{
	if (err == -ENOBUFS || err == -ENOMEM || err == -ENETUNREACH)
		return err;
	return -EHOSTUNREACH;
}

/*
 * Don't Fragment is for a probe of the path's size only (pmtu.h): any
 * other datagram may be fragmented, so that one made for a larger path
 * than the current one still arrives when it is sent again.
 */
static int mlt_udp_send4(struct socket *sock, u16 sport,
			 const struct mlt_endpoint *to, struct sk_buff *skb,
			 bool df, unsigned int *route_mtu)
{
	struct sock *sk = sock->sk;
	struct flowi4 fl = {
		.daddr = to->addr.s6_addr32[3],
		.fl4_dport = to->port,
		.fl4_sport = htons(sport),
		.flowi4_proto = IPPROTO_UDP,
	};
	struct rtable *rt;

	rt = ip_route_output_flow(sock_net(sk), &fl, sk);
	if (IS_ERR(rt)) {
		kfree_skb(skb);
		return mlt_udp_route_err(PTR_ERR(rt));
	}
	*route_mtu = dst_mtu(&rt->dst) - sizeof(struct iphdr) -
		     sizeof(struct udphdr);
	udp_tunnel_xmit_skb(rt, sk, skb, fl.saddr, fl.daddr, 0,
			    ip4_dst_hoplimit(&rt->dst), df ? htons(IP_DF) : 0,
			    fl.fl4_sport,
			    fl.fl4_dport, false, false);
	return 0;
}

static int mlt_udp_send6(struct socket *sock, u16 sport,
			 const struct mlt_endpoint *to, struct sk_buff *skb,
			 bool df, unsigned int *route_mtu)
{
	struct sock *sk = sock->sk;
	struct flowi6 fl = {
		.daddr = to->addr,
		.fl6_dport = to->port,
		.fl6_sport = htons(sport),
		.flowi6_proto = IPPROTO_UDP,
	};
	struct dst_entry *dst;

	dst = ipv6_stub->ipv6_dst_lookup_flow(sock_net(sk), sk, &fl, NULL);
	if (IS_ERR(dst)) {
		kfree_skb(skb);
		return mlt_udp_route_err(PTR_ERR(dst));
	}
	*route_mtu = dst_mtu(dst) - sizeof(struct ipv6hdr) -
		     sizeof(struct udphdr);
	/* IPv6 routers never fragment: only this host may. */
	skb->ignore_df = !df;
	udp_tunnel6_xmit_skb(dst, sk, skb, NULL, &fl.saddr, &fl.daddr, 0,
			     ip6_dst_hoplimit(dst), 0, fl.fl6_sport,
			     fl.fl6_dport, false);
	return 0;
}

/**
 * mlt_udp_route() - whether the namespace has a route to @addr
 * @net: the namespace
 * @addr: an IPv6 or IPv4-mapped address
 *
 * Return: 0, or the routing error (-%ENETUNREACH with no route; for IPv6,
 * -%EAFNOSUPPORT without IPv6 or -%EADDRNOTAVAIL with no source address).
 */
int mlt_udp_route(struct net *net, const struct in6_addr *addr)
{
	struct dst_entry *dst;
	struct rtable *rt;

	if (ipv6_addr_v4mapped(addr)) {
		struct flowi4 fl4 = {
			.daddr = addr->s6_addr32[3],
			.flowi4_proto = IPPROTO_UDP,
		};

		rt = ip_route_output_key(net, &fl4);
		if (IS_ERR(rt))
			return PTR_ERR(rt);
		ip_rt_put(rt);
	} else {
		struct flowi6 fl6 = {
			.daddr = *addr,
			.flowi6_proto = IPPROTO_UDP,
		};

		dst = ipv6_stub->ipv6_dst_lookup_flow(net, NULL, &fl6, NULL);
		if (IS_ERR(dst))
			return PTR_ERR(dst);
		dst_release(dst);
	}
	return 0;
}

/**
 * mlt_udp_send() - send one datagram from the namespace's port
 * @mn: the namespace
 * @to: the destination; IPv4-mapped addresses go out over IPv4
 * @skb: the UDP payload, with headroom for the headers; consumed
 * @df: Don't Fragment: a probe of the path's size
 * @route_mtu: set, once the route is found, to the largest UDP payload it
 *	takes without fragments
 *
 * Call with BH disabled. Once the route is found the datagram is handed
 * to the IP layer, whose later losses (qdisc, device) are not seen here.
 *
 * Return: 0; -%ENOTCONN with no UDP socket of the address's family;
 * -%ENETUNREACH or -%EHOSTUNREACH with no route; -%ENOBUFS or -%ENOMEM.
 */
int mlt_udp_send(struct mlt_net *mn, const struct mlt_endpoint *to,
		 struct sk_buff *skb, bool df, unsigned int *route_mtu)
{
	struct socket *sock;
	u16 sport = READ_ONCE(mn->udp_port);

	sock = to->v4 ? READ_ONCE(mn->udp4) : READ_ONCE(mn->udp6);
	if (!sock) {
		kfree_skb(skb);
		return -ENOTCONN;
	}
	skb_scrub_packet(skb, true);
	if (to->v4)
		return mlt_udp_send4(sock, sport, to, skb, df, route_mtu);
	return mlt_udp_send6(sock, sport, to, skb, df, route_mtu);
}
