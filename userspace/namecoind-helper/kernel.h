/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The helper's glue to libmltnl (userspace/lib/mltnl.h), the kernel's
 * "minimalt" generic netlink family: opening it with the helper's
 * messages, a record as a directory entry, and one log line for a failed
 * call. Everything else the helper asks of the kernel is a library call.
 */
#ifndef NMC_KERNEL_H
#define NMC_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "mltnl.h"
#include "record.h"

/*
 * Open the family; with @subscribe, also join the "resolve" group
 * (CAP_NET_ADMIN). Returns the handle, or NULL with one line in err.
 */
struct mltnl *kernel_open(int subscribe, char *err, size_t errlen);

/* "WHAT: STRERROR (the kernel's message)" for h's last failure; err. */
const char *kernel_err(struct mltnl *h, const char *what, char *err,
		       size_t errlen);

/* The entry that installs @r for @name for @lifetime seconds. */
void kernel_entry(struct mltnl_dir_entry *d, const char *name,
		  const struct record *r, uint32_t lifetime);

/*
 * The next resolve request, without blocking: 1 with @name set, 0 if
 * none is queued, -1 with err if requests were lost (the socket's buffer
 * overflowed: the kernel's waiters then time out) or on an error.
 */
int kernel_next_request(struct mltnl *h, char *name, size_t len, char *err,
			size_t errlen);

#endif /* NMC_KERNEL_H */
