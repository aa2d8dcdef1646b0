// SPDX-License-Identifier: GPL-2.0
/*
 * The helper's glue to libmltnl; see kernel.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "kernel.h"

const char *kernel_err(struct mltnl *h, const char *what, char *err,
		       size_t errlen)
{
	return mltnl_error_line(mltnl_error(h), what, err, errlen);
}

struct mltnl *kernel_open(int subscribe, char *err, size_t errlen)
{
	struct mltnl_error e;
	struct mltnl *h;

	h = mltnl_open(subscribe ? MLTNL_GROUP_RESOLVE : 0, &e);
	if (h)
		return h;
	if (e.stage == MLTNL_STAGE_FAMILY && e.errnum == ENOENT)
		snprintf(e.msg, sizeof(e.msg), "is minimalt.ko loaded?");
	if (e.stage == MLTNL_STAGE_KERNEL && e.errnum == ENOENT)
		snprintf(err, errlen, "the module has no \"%s\" group (too old?)",
			 MLT_MCGRP_RESOLVE);
	else
		mltnl_error_line(&e, e.stage == MLTNL_STAGE_SOCKET ?
				 "netlink socket" :
				 "generic netlink family \"minimalt\"",
				 err, errlen);
	return NULL;
}

void kernel_entry(struct mltnl_dir_entry *d, const char *name,
		  const struct record *r, uint32_t lifetime)
{
	unsigned int i;

	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", name);
	for (i = 0; i < r->n_addrs && i < MLT_DIR_ADDRS_MAX; i++) {
		d->addrs[i].len = r->addrs[i].family == AF_INET ? 4 : 16;
		memcpy(d->addrs[i].bytes, r->addrs[i].addr, d->addrs[i].len);
	}
	d->n_addrs = i;
	d->port = r->port;
	memcpy(d->identity, r->id_key, MLT_KEY_LEN);
	memcpy(d->eph[0], r->eph_key, MLT_KEY_LEN);
	d->n_eph = 1;
	d->lifetime = lifetime;
}

int kernel_next_request(struct mltnl *h, char *name, size_t len, char *err,
			size_t errlen)
{
	struct mltnl_ntf n;
	int ret;

	for (;;) {
		ret = mltnl_ntf_next(h, &n, 0);
		if (ret < 0) {
			kernel_err(h, "reading resolve requests", err, errlen);
			return -1;
		}
		if (!ret)
			return 0;
		if (n.cmd == MLT_CMD_RESOLVE && strlen(n.dir.name) < len) {
			strcpy(name, n.dir.name);
			return 1;
		}
	}
}
