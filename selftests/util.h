/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers shared by the C selftests. */
#ifndef MLT_SELFTEST_UTIL_H
#define MLT_SELFTEST_UTIL_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <linux/minimalt.h>

/*
 * The kernel's implementation limits (kernel/limits.h), which are not in
 * the uapi header: the tests probe them.
 */
#define MLT_DIR_ENTRIES_MAX	4096
#define MLT_EPH_MAX		4

/* The address family number in force: the module parameter, or the default. */
static inline int mlt_family(void)
{
	FILE *f = fopen("/sys/module/minimalt/parameters/family", "r");
	int family = AF_MINIMALT;

	if (f) {
		if (fscanf(f, "%d", &family) != 1)
			family = AF_MINIMALT;
		fclose(f);
	}
	return family;
}

/* Run FN in a child process; returns its exit status, or -1. */
static inline int in_child(int (*fn)(void *), void *arg)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(arg));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Drop every capability while staying uid 0. */
static inline int drop_all_caps(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	return syscall(SYS_capset, &hdr, data);
}

#endif
