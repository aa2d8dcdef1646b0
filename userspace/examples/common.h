/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers of the example programs. */
#ifndef MLT_EXAMPLES_COMMON_H
#define MLT_EXAMPLES_COMMON_H

#include <errno.h>
#include <stdint.h>
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

/*
 * A 32-byte key from its 44-character standard base64 form (what mltctl
 * prints): 0, or -1 if the text is not exactly that.
 */
static inline int key_from_base64(const char *s, uint8_t key[MLT_KEY_LEN])
{
	static const char abc[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint32_t acc = 0;
	size_t i, out = 0;
	int bits = 0;

	if (strlen(s) != 44 || s[43] != '=' || s[42] == '=')
		return -1;
	for (i = 0; i < 43; i++) {
		const char *p = strchr(abc, s[i]);

		if (!s[i] || !p)
			return -1;
		acc = (acc << 6) | (uint32_t)(p - abc);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			key[out++] = (uint8_t)(acc >> bits);
		}
	}
	/* 43 characters carry 258 bits: the last 2 must be zero. */
	return (out == MLT_KEY_LEN && !(acc & ((1u << bits) - 1))) ? 0 : -1;
}

#endif /* MLT_EXAMPLES_COMMON_H */
