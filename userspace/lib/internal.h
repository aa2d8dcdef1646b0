/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmltnl internals shared by sock.c (sockets, the request loop,
 * notifications) and calls.c (the typed calls). Not installed.
 */
#ifndef MLTNL_INTERNAL_H
#define MLTNL_INTERNAL_H

#include <linux/genetlink.h>

#include "mltnl.h"

/* A dump message is at most a page or so; 32 KiB is libmnl's advice. */
#define MLTNL_RX_BUF	32768
/* Notifications: one entry each. */
#define MLTNL_EV_BUF	16384

/* How often a list call restarts a dump the kernel marked interrupted. */
#define MLTNL_DUMP_TRIES	4

struct mltnl {
	struct mnl_socket *req;		/* requests and their replies */
	struct mnl_socket *ev;		/* joined groups, or NULL */
	uint32_t portid;		/* of req */
	uint32_t seq;
	uint16_t family;
	struct mltnl_error err;		/* of the last call */
	mltnl_rx_hook_t hook;
	void *hook_data;
	char *rx;			/* MLTNL_RX_BUF, wiped after use */
	char *ev_buf;			/* MLTNL_EV_BUF */
	size_t ev_len, ev_off;		/* unread part of ev_buf */
};

/* Clear h->err before a call. */
void mltnl_err_clear(struct mltnl *h);

/* Fill h->err (no message) and return -errnum. */
int mltnl_fail(struct mltnl *h, enum mltnl_stage stage, int errnum);

/* Milliseconds on the monotonic clock. */
long long mltnl_now_ms(void);

/*
 * Send @nlh (flags and sequence set here) and read its answer, passing
 * each message of type @type to @cb. Sets h->err on failure; returns 0 or
 * -errno (an interrupted dump: -EAGAIN at MLTNL_STAGE_REPLY).
 */
int mltnl_run(struct mltnl *h, struct nlmsghdr *nlh, uint16_t type,
	      mnl_cb_t cb, void *data);

#endif /* MLTNL_INTERNAL_H */
