// SPDX-License-Identifier: GPL-2.0
/*
 * Small helpers shared by the subcommands.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mltctl.h"

void err_msg(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG_NAME ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int is_help_arg(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

int parse_uint(const char *s, unsigned long min, unsigned long max,
	       unsigned long *out)
{
	unsigned long v = 0;
	const char *p;

	if (!*s)
		return -1;
	for (p = s; *p; p++) {
		unsigned long d = (unsigned long)(*p - '0');

		if (*p < '0' || *p > '9')
			return -1;
		if (v > max / 10 || (v == max / 10 && d > max % 10))
			return -1;
		v = v * 10 + d;
	}
	if (v < min)
		return -1;
	*out = v;
	return 0;
}

/* Longest part of an argument that quote_arg() shows. */
#define QUOTE_SHOW_MAX	64

const char *quote_arg(char *buf, size_t len, const char *s)
{
	size_t n = 0, i;
	int cut = 0;

	if (len < 8) {
		if (len)
			buf[0] = '\0';
		return buf;
	}
	buf[n++] = '"';
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		/* room for \xNN, the closing quote, "..." and the NUL */
		if (i == QUOTE_SHOW_MAX || n + 4 + 1 + 3 + 1 > len) {
			cut = 1;
			break;
		}
		if (c == '"' || c == '\\') {
			buf[n++] = '\\';
			buf[n++] = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			snprintf(buf + n, len - n, "\\x%02x", c);
			n += 4;
		} else {
			buf[n++] = (char)c;
		}
	}
	buf[n++] = '"';
	if (cut) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}
