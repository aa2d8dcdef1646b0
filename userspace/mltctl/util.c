// SPDX-License-Identifier: GPL-2.0
/*
 * Small helpers shared by the subcommands.
 */
#include <stdarg.h>
#include <stdio.h>
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
