// SPDX-License-Identifier: GPL-2.0
/*
 * The port-to-service map: its file format, errors naming line and field,
 * and which rule wins.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "portmap.h"

static struct portmap m;

TEST(default_is_the_port)
{
	char err[200];

	ASSERT_EQ(0, portmap_parse(&m, "", err, sizeof(err)));
	EXPECT_EQ(80, portmap_service(&m, "demo.bit", 80));
	EXPECT_EQ(22, portmap_service(&m, "demo.bit", 22));
}

TEST(most_specific_wins)
{
	char err[200];

	ASSERT_EQ(0, portmap_parse(&m,
				   "# comment\n\n"
				   "* 443 80   # every name's 443\n"
				   "git.demo.bit 22 2222\n"
				   "\tgit.demo.bit\t443\t8443\r\n",
				   err, sizeof(err)));
	EXPECT_EQ(3, m.n);
	EXPECT_EQ(80, portmap_service(&m, "demo.bit", 443));
	EXPECT_EQ(8443, portmap_service(&m, "git.demo.bit", 443));
	EXPECT_EQ(2222, portmap_service(&m, "git.demo.bit", 22));
	EXPECT_EQ(22, portmap_service(&m, "demo.bit", 22));
}

TEST(errors_name_line_and_field)
{
	static const struct { const char *text, *err; } cases[] = {
		{ "* 80\n", "line 1: expected NAME PORT SERVICE" },
		{ "\n* 80 81 82\n", "line 2: expected NAME PORT SERVICE" },
		{ "* 0 80\n", "line 1: port: \"0\" is not a number from 1 to 65535" },
		{ "* 65536 80\n", "line 1: port: \"65536\" is not a number from 1 to 65535" },
		{ "* -1 80\n", "line 1: port: \"-1\" is not a number from 1 to 65535" },
		{ "* 80 x\n", "line 1: service: \"x\" is not a number from 1 to 65535" },
		{ "* 80 8x\n", "line 1: service: \"8x\" is not a number from 1 to 65535" },
		{ "Demo.bit 80 80\n", "line 1: name: \"Demo.bit\" is no directory name" },
	};
	char err[200];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		EXPECT_EQ(-1, portmap_parse(&m, cases[i].text, err,
					    sizeof(err)));
		EXPECT_EQ(0, strncmp(err, cases[i].err,
				     strlen(cases[i].err)))
			TH_LOG("%s: got \"%s\"", cases[i].text, err);
		EXPECT_EQ(0, m.n);
	}
}

TEST(too_many_rules)
{
	static char text[PORTMAP_RULES_MAX * 16 + 64];
	char err[200];
	size_t n = 0;
	int i;

	for (i = 1; i <= PORTMAP_RULES_MAX + 1; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "* %d 1\n", i);
	EXPECT_EQ(-1, portmap_parse(&m, text, err, sizeof(err)));
	EXPECT_STREQ("line 1025: more than 1024 rules", err);
}

TEST_HARNESS_MAIN
