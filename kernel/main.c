// SPDX-License-Identifier: GPL-2.0
/*
 * minimalt.ko: module parameters and the init/exit chain.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/net.h>
#include <net/genetlink.h>

#include "crypto.h"
#include "minimalt.h"

int mlt_family = AF_MINIMALT;
module_param_named(family, mlt_family, int, 0444);
MODULE_PARM_DESC(family, "address family number to register (default 22)");

static int __init mlt_init(void)
{
	int ret;

	if (mlt_family <= AF_UNSPEC || mlt_family >= NPROTO) {
		pr_err("family=%d is out of range: choose a free number from 1 to %d\n",
		       mlt_family, NPROTO - 1);
		return -EINVAL;
	}

	ret = mlt_crypto_selftest();
	if (ret)
		return ret;
	ret = mlt_challenge_init();
	if (ret)
		return ret;
	ret = mlt_pernet_init();
	if (ret)
		goto err_pernet;
	ret = mlt_netlink_init();
	if (ret)
		goto err_netlink;
	ret = mlt_socket_init();
	if (ret)
		goto err_socket;
	return 0;

err_socket:
	mlt_netlink_exit();
err_netlink:
	mlt_pernet_exit();
err_pernet:
	mlt_challenge_exit();
	return ret;
}

static void __exit mlt_exit(void)
{
	mlt_socket_exit();
	mlt_netlink_exit();
	mlt_pernet_exit();
	mlt_challenge_exit();
	rcu_barrier();	/* tunnels are freed after a grace period */
}

module_init(mlt_init);
module_exit(mlt_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("MinimaLT transport (AF_MINIMALT)");
MODULE_ALIAS_NETPROTO(AF_MINIMALT);
MODULE_ALIAS_GENL_FAMILY(MLT_GENL_NAME);
