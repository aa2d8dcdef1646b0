// SPDX-License-Identifier: GPL-2.0
/*
 * Logging to stderr; see log.h.
 */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

static enum log_level threshold = LOG_WARN;

void log_set_level(enum log_level level)
{
	threshold = level;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const tag[] = {
		[LOG_ERROR] = "error", [LOG_WARN] = "warning",
		[LOG_INFO] = "info", [LOG_DEBUG] = "debug",
	};
	char line[1024];
	va_list ap;

	if (level > threshold)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/*
	 * One line per event, and only text: a node's error message or a
	 * name goes into the line as it came, so a newline would split it
	 * and an escape sequence would reach the terminal.
	 */
	for (char *p = line; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	fprintf(stderr, "namecoind-helper: %s: %s\n", tag[level], line);
}
