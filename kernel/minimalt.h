/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal declarations shared by the files of minimalt.ko.
 */
#ifndef _MLT_MINIMALT_H
#define _MLT_MINIMALT_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <net/net_namespace.h>
#include <uapi/linux/minimalt.h>

/* The host identity of one network namespace. */
struct mlt_identity {
	u8 private_key[MLT_KEY_LEN];
	u8 public_key[MLT_KEY_LEN];
	bool valid;
};

/* Everything minimalt.ko keeps per network namespace. */
struct mlt_net {
	struct mutex config_lock;	/* serialises configuration changes */
	struct mlt_identity identity;	/* under config_lock */
	atomic_t sockets;
	atomic64_t identity_changes;
};

extern int mlt_family;

struct mlt_net *mlt_pernet(const struct net *net);
int mlt_pernet_init(void);
void mlt_pernet_exit(void);

int mlt_identity_set(struct mlt_identity *id, const u8 private_key[MLT_KEY_LEN]);
void mlt_identity_clear(struct mlt_identity *id);

int mlt_netlink_init(void);
void mlt_netlink_exit(void);

int mlt_socket_init(void);
void mlt_socket_exit(void);

#endif /* _MLT_MINIMALT_H */
