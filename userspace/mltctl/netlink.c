// SPDX-License-Identifier: GPL-2.0
/*
 * Opening the family and reporting its errors, for every subcommand.
 */
#include <errno.h>
#include <string.h>

#include "mltctl.h"
#include "netlink.h"

struct mltnl *nl_open(unsigned int groups, const char *what, int *code)
{
	struct mltnl_error e;
	struct mltnl *h = mltnl_open(groups, &e);

	if (!h)
		*code = nl_report(&e, what);
	return h;
}

static int is_perm(int errnum)
{
	return errnum == EPERM || errnum == EACCES;
}

static int report_family(const struct mltnl_error *e, const char *sep)
{
	if (e->errnum == ENOENT) {
		err_msg("module not loaded: generic netlink family \"%s\" not found (try: modprobe minimalt)",
			MLT_GENL_NAME);
		return MLTCTL_EXIT_KERNEL;
	}
	if (is_perm(e->errnum)) {
		err_msg("permission denied looking up generic netlink family \"%s\": %s%s%s",
			MLT_GENL_NAME, strerror(e->errnum), sep, e->msg);
		return MLTCTL_EXIT_PERM;
	}
	err_msg("cannot look up generic netlink family \"%s\": %s%s%s",
		MLT_GENL_NAME, strerror(e->errnum), sep, e->msg);
	return MLTCTL_EXIT_KERNEL;
}

int nl_report(const struct mltnl_error *e, const char *what)
{
	const char *sep = e->msg[0] ? ": " : "";

	switch (e->stage) {
	case MLTNL_STAGE_SOCKET:
		if (e->msg[0])		/* joining a group */
			err_msg("%s: %s: %s", what, e->msg,
				strerror(e->errnum));
		else
			err_msg("cannot open a generic netlink socket: %s",
				strerror(e->errnum));
		return is_perm(e->errnum) ? MLTCTL_EXIT_PERM
					  : MLTCTL_EXIT_KERNEL;
	case MLTNL_STAGE_FAMILY:
		return report_family(e, sep);
	case MLTNL_STAGE_IO:
		err_msg("%s: netlink I/O error: %s", what, strerror(e->errnum));
		break;
	case MLTNL_STAGE_KERNEL:
		if (is_perm(e->errnum)) {
			err_msg("permission denied: %s needs CAP_NET_ADMIN in the user namespace owning the network namespace (%s%s%s)",
				what, strerror(e->errnum), sep, e->msg);
			return MLTCTL_EXIT_PERM;
		}
		err_msg("%s: kernel refused the request: %s%s%s", what,
			strerror(e->errnum), sep, e->msg);
		break;
	case MLTNL_STAGE_REPLY:
		err_msg("%s: malformed kernel reply: %s", what,
			e->msg[0] ? e->msg : strerror(e->errnum));
		break;
	case MLTNL_STAGE_ARG:
		err_msg("%s: %s%s%s", what, strerror(e->errnum), sep, e->msg);
		return MLTCTL_EXIT_USAGE;
	case MLTNL_STAGE_NONE:
	default:
		err_msg("%s: netlink error: %s", what, strerror(e->errnum));
		break;
	}
	return MLTCTL_EXIT_KERNEL;
}

int nl_fail(struct mltnl *h, const char *what)
{
	int code = nl_report(mltnl_error(h), what);

	mltnl_close(h);
	return code;
}
