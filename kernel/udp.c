// SPDX-License-Identifier: GPL-2.0
/* Placeholder: the UDP helper replaces this file. */
#include <linux/skbuff.h>
#include "minimalt.h"

int mlt_udp_open(struct net *net, struct mlt_net *mn, u16 port)
{
	return -EOPNOTSUPP;
}

void mlt_udp_close(struct mlt_net *mn)
{
}

int mlt_udp_ensure(struct net *net, struct mlt_net *mn)
{
	return -EOPNOTSUPP;
}

int mlt_udp_send(struct mlt_net *mn, const struct mlt_endpoint *to,
		 struct sk_buff *skb)
{
	kfree_skb(skb);
	return -EOPNOTSUPP;
}
