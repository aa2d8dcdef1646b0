/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers shared by the C selftests. */
#ifndef MLT_SELFTEST_UTIL_H
#define MLT_SELFTEST_UTIL_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

/*
 * A counter of `mltctl show -j` (the tool is $MLTCTL or the VM's) in
 * network namespace @ns (NULL: ours), or -1.
 */
static inline long long ns_stat(const char *ns, const char *key)
{
	const char *tool = getenv("MLTCTL") ?: "/mlt/bin/mltctl";
	char cmd[256], buf[8192], pat[64], *p;
	size_t n;
	FILE *f;

	if (ns)
		snprintf(cmd, sizeof(cmd), "ip netns exec %s %s show -j", ns,
			 tool);
	else
		snprintf(cmd, sizeof(cmd), "%s show -j", tool);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	if (pclose(f))
		return -1;
	buf[n] = 0;
	/* The counters come first ("stats"), drops by reason after them. */
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(buf, pat);
	if (!p)
		return -1;
	p += strlen(pat);
	while (*p == ' ')
		p++;
	return strtoll(p, NULL, 10);
}

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

/*
 * A forked child's failure: one line on stderr (a TAP diagnostic) naming
 * the child's function, the step that failed and errno; returns CODE, the
 * child's exit status. Use as "return child_fail(12, "connect");" or
 * "_exit(child_fail(3, "write"))".
 */
#define child_fail(code, step) child_fail_at(__func__, (code), (step))

static inline int child_fail_at(const char *fn, int code, const char *step)
{
	int err = errno;

	fprintf(stderr, "# %s: %s failed (errno %d: %s), exit %d\n", fn, step,
		err, err ? strerror(err) : "none", code);
	fflush(stderr);
	return code;
}

/* The same for a failed check without errno: a formatted message. */
#define child_failf(code, ...) child_failf_at(__func__, (code), __VA_ARGS__)

static inline int child_failf_at(const char *fn, int code, const char *fmt,
				 ...) __attribute__((format(printf, 3, 4)));

static inline int child_failf_at(const char *fn, int code, const char *fmt,
				 ...)
{
	va_list ap;

	fprintf(stderr, "# %s: ", fn);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ", exit %d\n", code);
	fflush(stderr);
	return code;
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
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status))
		fprintf(stderr, "# child %d killed by signal %d\n", (int)pid,
			WTERMSIG(status));
	if (!WIFEXITED(status))
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
