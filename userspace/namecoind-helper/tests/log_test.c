// SPDX-License-Identifier: GPL-2.0
/* Unit tests of log.c: the level threshold and one clean line per event. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "log.h"

/* What log_msg() wrote to stderr while fn ran, in out (size bytes). */
static void capture(void (*fn)(void), char *out, size_t size)
{
	FILE *tmp = tmpfile();
	int saved = dup(STDERR_FILENO);
	size_t n;

	fflush(stderr);
	dup2(fileno(tmp), STDERR_FILENO);
	fn();
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(tmp);
	n = fread(out, 1, size - 1, tmp);
	out[n] = 0;
	fclose(tmp);
}

static void quiet_default(void)
{
	log_set_level(LOG_WARN);
	log_info("resolved %s", "demo.bit");
	log_debug("details");
	log_warn("node %s", "unreachable");
	log_err("fatal");
}

TEST(quiet_by_default)
{
	char out[512];

	capture(quiet_default, out, sizeof(out));
	ASSERT_STREQ("namecoind-helper: warning: node unreachable\n"
		     "namecoind-helper: error: fatal\n", out);
}

static void hostile_text(void)
{
	log_set_level(LOG_INFO);
	/* As a node's error message could arrive. */
	log_warn("node: %s", "bad\nnamecoind-helper: info: forged\r\x1b[2J\x7f!");
}

TEST(one_line_of_text_per_event)
{
	char out[512];

	capture(hostile_text, out, sizeof(out));
	ASSERT_STREQ("namecoind-helper: warning: node: bad namecoind-helper: "
		     "info: forged  [2J !\n", out);
}

static void long_line(void)
{
	char s[4096];

	memset(s, 'x', sizeof(s) - 1);
	s[sizeof(s) - 1] = 0;
	log_set_level(LOG_DEBUG);
	log_debug("%s", s);
}

TEST(long_event_is_cut_not_split)
{
	char out[8192];

	capture(long_line, out, sizeof(out));
	ASSERT_EQ(out + strlen(out) - 1, strchr(out, '\n'));
	ASSERT_LT(strlen(out), 1100);
}

TEST_HARNESS_MAIN
