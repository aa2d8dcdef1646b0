/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers of the example programs. */
#ifndef MLT_EXAMPLES_COMMON_H
#define MLT_EXAMPLES_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/minimalt.h>

/* The address family in force: the module parameter, or the default. */
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

static inline int die(const char *what)
{
	fprintf(stderr, "%s: %s\n", what, strerror(errno));
	return 1;
}

static inline int die_usage(const char *what)
{
	fprintf(stderr, "%s\n", what);
	return 2;
}

static inline int parse_num(const char *s, unsigned long min,
			    unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return (errno || end == s || *end || *s == '-' || *out < min ||
		*out > max) ? -1 : 0;
}

static inline int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

#endif /* MLT_EXAMPLES_COMMON_H */
