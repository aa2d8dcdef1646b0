// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state.
 */
#include <net/netns/generic.h>

#include "minimalt.h"

static unsigned int mlt_net_id __read_mostly;

struct mlt_net *mlt_pernet(const struct net *net)
{
	return net_generic(net, mlt_net_id);
}

static int __net_init mlt_net_init(struct net *net)
{
	struct mlt_net *mn = mlt_pernet(net);

	mutex_init(&mn->config_lock);
	atomic_set(&mn->sockets, 0);
	atomic64_set(&mn->identity_changes, 0);
	return 0;
}

static void __net_exit mlt_net_exit(struct net *net)
{
	struct mlt_net *mn = mlt_pernet(net);

	/* Sockets pin their namespace, so none is left by now. */
	WARN_ON_ONCE(atomic_read(&mn->sockets));
	mlt_identity_clear(&mn->identity);
	mutex_destroy(&mn->config_lock);
}

static struct pernet_operations mlt_net_ops = {
	.init = mlt_net_init,
	.exit = mlt_net_exit,
	.id = &mlt_net_id,
	.size = sizeof(struct mlt_net),
};

int mlt_pernet_init(void)
{
	return register_pernet_subsys(&mlt_net_ops);
}

void mlt_pernet_exit(void)
{
	unregister_pernet_subsys(&mlt_net_ops);
}
