// SPDX-License-Identifier: GPL-2.0
/* Placeholder while the tunnel engine is written. */
#include <linux/skbuff.h>
#include "minimalt.h"

void mlt_drop(struct mlt_net *mn, enum mlt_drop_reason reason)
{
	atomic64_inc(&mn->drops[reason]);
}

void mlt_tunnel_rcv(struct net *net, struct sk_buff *skb,
		    const struct mlt_endpoint *from)
{
	mlt_drop(mlt_pernet(net), MLT_DROP_TUNNEL_UNKNOWN);
	kfree_skb(skb);
}

void mlt_tunnels_flush(struct mlt_net *mn)
{
}

void mlt_cprime_expire(struct mlt_net *mn, u64 now)
{
}

unsigned int mlt_tunnel_count(struct mlt_net *mn)
{
	return 0;
}
