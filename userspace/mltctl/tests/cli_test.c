// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the mltctl command line: every bad input gives one stderr line
 * starting "mltctl: " and the documented exit code; genkey | pubkey works.
 * Runs the binary named by $MLTCTL (default ./mltctl). Nothing here changes
 * kernel state: the one test that would send a valid key runs only when
 * the minimalt family is absent.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "kselftest_harness.h"

#include "../mltctl.h"

#define ALICE_PRIV_B64	"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo="
#define ALICE_PUB_B64	"hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo="

struct run {
	int code;		/* exit code, or 128 + signal */
	char out[8192];
	char err[8192];
};

static void slurp(FILE *f, char *buf, size_t len)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* Run mltctl with the given arguments (NULL-terminated) and stdin text. */
static void run(struct run *r, const char *input, ...)
{
	const char *prog = getenv("MLTCTL") ? getenv("MLTCTL") : "./mltctl";
	const char *argv[16] = { prog };
	FILE *in = tmpfile(), *out = tmpfile(), *err = tmpfile();
	int argc = 1, status;
	va_list ap;
	pid_t pid;

	if (!in || !out || !err)
		abort();
	va_start(ap, input);
	while (argc < 15 && (argv[argc] = va_arg(ap, const char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	if (input)
		fputs(input, in);
	fflush(in);
	rewind(in);

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		dup2(fileno(in), STDIN_FILENO);
		dup2(fileno(out), STDOUT_FILENO);
		dup2(fileno(err), STDERR_FILENO);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		abort();
	r->code = WIFEXITED(status) ? WEXITSTATUS(status)
				    : 128 + WTERMSIG(status);
	fclose(in);
	slurp(out, r->out, sizeof(r->out));
	slurp(err, r->err, sizeof(r->err));
}

/* Exactly one line, starting "mltctl: ". */
static int one_error_line(const struct run *r)
{
	const char *nl = strchr(r->err, '\n');

	return !strncmp(r->err, "mltctl: ", 8) && nl && nl[1] == '\0';
}

#define EXPECT_FAILURE(r, want_code, text) do { \
	EXPECT_EQ(want_code, (r).code); \
	EXPECT_TRUE(one_error_line(&(r))) { \
		TH_LOG("stderr: %s", (r).err); \
	} \
	EXPECT_NE(NULL, strstr((r).err, text)) { \
		TH_LOG("stderr: %s", (r).err); \
	} \
	EXPECT_STREQ("", (r).out); \
} while (0)

/* A base64 key and a newline. */
#define KEY_TEXT_LINE	45

static int is_key_line(const char *s)
{
	return strlen(s) == KEY_TEXT_LINE && s[43] == '=' && s[44] == '\n';
}

TEST(help)
{
	struct run r;
	const char *forms[] = { "help", "-h", "--help" };
	size_t i;

	for (i = 0; i < 3; i++) {
		run(&r, NULL, forms[i], NULL);
		EXPECT_EQ(MLTCTL_EXIT_OK, r.code);
		EXPECT_NE(NULL, strstr(r.out, "Usage: mltctl"));
		EXPECT_NE(NULL, strstr(r.out, "identity set FILE"));
		EXPECT_STREQ("", r.err);
	}
}

TEST(no_command)
{
	struct run r;

	run(&r, NULL, NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE, "mltctl: missing command");
}

TEST(unknown_command)
{
	struct run r;

	run(&r, NULL, "frobnicate", NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE,
		       "mltctl: unknown command 'frobnicate'");
}

TEST(genkey_pubkey)
{
	struct run r;
	char priv[64];

	run(&r, NULL, "genkey", NULL);
	ASSERT_EQ(MLTCTL_EXIT_OK, r.code);
	ASSERT_TRUE(is_key_line(r.out));
	EXPECT_STREQ("", r.err);
	memcpy(priv, r.out, KEY_TEXT_LINE + 1);

	run(&r, priv, "pubkey", NULL);
	ASSERT_EQ(MLTCTL_EXIT_OK, r.code);
	EXPECT_TRUE(is_key_line(r.out));
	EXPECT_STRNE(priv, r.out);
	EXPECT_STREQ("", r.err);

	run(&r, NULL, "genkey", NULL);
	EXPECT_STRNE(priv, r.out);
}

TEST(pubkey_rfc7748)
{
	struct run r;

	run(&r, ALICE_PRIV_B64 "\n", "pubkey", NULL);
	EXPECT_EQ(MLTCTL_EXIT_OK, r.code);
	EXPECT_STREQ(ALICE_PUB_B64 "\n", r.out);
}

TEST(pubkey_bad_base64)
{
	struct run r;

	run(&r, "not a key!\n", "pubkey", NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE, "mltctl: stdin: bad base64");
	run(&r, "dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo\n", "pubkey",
	    NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE, "mltctl: stdin: bad base64");
}

TEST(pubkey_wrong_length)
{
	struct run r;

	run(&r, "AAAAAAAAAAAAAAAAAAAAAA==\n", "pubkey", NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE,
		       "mltctl: stdin: wrong key length: 16 bytes, expected 32");
}

TEST(pubkey_empty)
{
	struct run r;

	run(&r, "", "pubkey", NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE, "mltctl: stdin: no key");
}

TEST(extra_arguments)
{
	struct run r;

	run(&r, NULL, "genkey", "x", NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE,
		       "mltctl: genkey: unexpected argument 'x'");
	run(&r, ALICE_PRIV_B64, "pubkey", "x", NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE,
		       "mltctl: pubkey: unexpected argument 'x'");
	run(&r, NULL, "show", "x", NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE,
		       "mltctl: show: unexpected argument 'x'");
	run(&r, NULL, "show", "-x", NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE, "mltctl: show: unknown option '-x'");
	run(&r, NULL, "identity", "set", "a", "b", NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE,
		       "mltctl: identity set: unexpected argument 'b'");
}

TEST(identity_missing_arguments)
{
	struct run r;

	run(&r, NULL, "identity", NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE,
		       "mltctl: identity: missing subcommand");
	run(&r, NULL, "identity", "get", NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE,
		       "mltctl: identity: unknown subcommand 'get'");
	run(&r, NULL, "identity", "set", NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE,
		       "mltctl: identity set: missing argument FILE");
}

TEST(identity_unreadable_file)
{
	struct run r;

	run(&r, NULL, "identity", "set", "/nonexistent/key", NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE,
		       "mltctl: /nonexistent/key: cannot open: No such file or directory");
	run(&r, NULL, "identity", "set", "/", NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE,
		       "mltctl: /: cannot read: Is a directory");
}

TEST(identity_bad_key)
{
	char path[] = "/tmp/mltctl-test-XXXXXX", want[128];
	struct run r;
	int fd = mkstemp(path);

	ASSERT_LE(0, fd);
	ASSERT_EQ(12, write(fd, "not base64!\n", 12));
	close(fd);
	run(&r, NULL, "identity", "set", path, NULL);
	unlink(path);
	snprintf(want, sizeof(want), "mltctl: %s: bad base64", path);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE, want);

	run(&r, "AAAAAAAAAAAAAAAAAAAAAA==", "identity", "set", "-", NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_USAGE,
		       "mltctl: stdin: wrong key length: 16 bytes, expected 32");
}

/*
 * show either works (module loaded) or fails with one line and exit code
 * 2 (kernel) or 3 (permission). Where the family is absent, identity set
 * with a valid key must fail the same way, after reading the key.
 */
TEST(show_and_kernel_errors)
{
	struct run r, rj;
	json_t *root;

	run(&r, NULL, "show", NULL);
	run(&rj, NULL, "show", "-j", NULL);
	if (r.code == MLTCTL_EXIT_OK) {
		EXPECT_NE(NULL, strstr(r.out, "family: "));
		EXPECT_NE(NULL, strstr(r.out, "public key: "));
		ASSERT_EQ(MLTCTL_EXIT_OK, rj.code);
		root = json_loads(rj.out, 0, NULL);
		ASSERT_NE(NULL, root);
		EXPECT_TRUE(json_is_integer(json_object_get(root, "family")));
		EXPECT_NE(NULL, json_object_get(root, "public_key"));
		EXPECT_TRUE(json_is_object(json_object_get(root, "stats")));
		json_decref(root);
		SKIP(return, "minimalt family present: not sending a key");
	}
	EXPECT_TRUE(r.code == MLTCTL_EXIT_KERNEL || r.code == MLTCTL_EXIT_PERM);
	EXPECT_TRUE(one_error_line(&r)) {
		TH_LOG("stderr: %s", r.err);
	}
	EXPECT_EQ(r.code, rj.code);
	EXPECT_STREQ(r.err, rj.err);
	if (!strstr(r.err, "module not loaded"))
		SKIP(return, "show failed otherwise: %.200s", r.err);

	EXPECT_FAILURE(r, MLTCTL_EXIT_KERNEL,
		       "mltctl: module not loaded: generic netlink family \"minimalt\" not found");
	run(&r, ALICE_PRIV_B64 "\n", "identity", "set", "-", NULL);
	EXPECT_FAILURE(r, MLTCTL_EXIT_KERNEL, "mltctl: module not loaded");
}

TEST_HARNESS_MAIN
