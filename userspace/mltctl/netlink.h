/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mltctl's side of libmltnl (userspace/lib/mltnl.h): opening the family
 * for a subcommand and turning a library error into the one stderr line
 * and the exit code of mltctl.8.
 */
#ifndef MLTCTL_NETLINK_H
#define MLTCTL_NETLINK_H

#include "mltnl.h"

/*
 * Open the family (and the MLTNL_GROUP_* in groups) for subcommand what
 * ("dir add"). On failure print the line, set *code and return NULL.
 */
struct mltnl *nl_open(unsigned int groups, const char *what, int *code);

/*
 * Print the one stderr line for e (what names the request, e.g. "show")
 * and return the exit code: MLTCTL_EXIT_PERM for EPERM and EACCES,
 * MLTCTL_EXIT_KERNEL otherwise.
 */
int nl_report(const struct mltnl_error *e, const char *what);

/* nl_report() of the handle's last error, then close it. */
int nl_fail(struct mltnl *h, const char *what);

#endif /* MLTCTL_NETLINK_H */
