// SPDX-License-Identifier: GPL-2.0
/* Unit tests of config.c: options, the file, the checks, the credentials. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "config.h"

#define PW	"Hunter2pw"	/* must never show in an error */

/* A temporary file holding len bytes of s; its path in path (64 bytes). */
static int tmp_file(char *path, const char *s, size_t len)
{
	int fd;

	strcpy(path, "/tmp/config_test.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	if (write(fd, s, len) != (ssize_t)len) {
		close(fd);
		unlink(path);
		return -1;
	}
	return close(fd);
}

static int tmp_text(char *path, const char *s)
{
	return tmp_file(path, s, strlen(s));
}

/*
 * A cookie as namecoind keeps it: DIR/.cookie in a directory of its own
 * (mode 0755, ours), the file 0600; its path in path (64 bytes).
 */
static int tmp_cookie(char *path, const char *s, size_t len)
{
	int fd;

	strcpy(path, "/tmp/config_test.XXXXXX");
	if (!mkdtemp(path) || chmod(path, 0755))
		return -1;
	strcat(path, "/.cookie");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return -1;
	if (write(fd, s, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* The directory of a tmp_cookie() path, in dir (64 bytes). */
static void cookie_dir(char *dir, const char *path)
{
	strcpy(dir, path);
	*strrchr(dir, '/') = '\0';
}

/* Remove what tmp_cookie() made, whatever path is now. */
static void rm_cookie(const char *path)
{
	char dir[64];

	cookie_dir(dir, path);
	unlink(path);
	chmod(dir, 0700);
	rmdir(dir);
}

/* Load text s as a file; its path in path, the result returned. */
static int load_text(struct config *c, char *path, const char *s, char *err)
{
	int r;

	if (tmp_text(path, s))
		return -2;
	r = config_load(c, path, err, 256);
	unlink(path);
	return r;
}

static int set(struct config *c, const char *key, const char *value,
	       char *err)
{
	return config_set(c, key, value, err, 256);
}

TEST(defaults)
{
	char out[256], err[256];
	struct config c;

	memset(&c, 0xa5, sizeof(c));
	config_defaults(&c);
	EXPECT_STREQ("http://127.0.0.1:8336/", c.url);
	EXPECT_STREQ("", c.user);
	EXPECT_STREQ("", c.password);
	EXPECT_STREQ("", c.cookie_file);
	EXPECT_EQ(2, c.confirmations);
	EXPECT_EQ(3600, c.ttl);
	EXPECT_EQ(60, c.negative_ttl);
	EXPECT_EQ(30, c.poll_interval);
	EXPECT_EQ(5000, c.rpc_timeout);
	EXPECT_EQ(300, c.retry_max);
	EXPECT_EQ(LOG_WARN, c.log_level);
	EXPECT_EQ(0, c.n_preload);
	EXPECT_STREQ("", c.publish_name);
	EXPECT_STREQ("", c.publish_ip);
	EXPECT_EQ(0, c.rotate_interval);
	EXPECT_EQ(600, c.grace);
	EXPECT_EQ(600, c.block_time);
	EXPECT_EQ(8000, c.lookup_timeout);
	EXPECT_EQ(10800, c.max_tip_age);
	EXPECT_EQ(0, c.allow_remote_http);
	EXPECT_EQ(2000, c.renew_blocks);
	/* The defaults pass the checks, but give no credentials. */
	EXPECT_EQ(0, config_check(&c, err, sizeof(err)));
	EXPECT_EQ(-1, config_credentials(&c, out, sizeof(out), err,
					 sizeof(err)));
}

TEST(log_levels)
{
	enum log_level l = LOG_ERROR;

	EXPECT_EQ(0, config_log_level("debug", &l));
	EXPECT_EQ(LOG_DEBUG, l);
	EXPECT_EQ(0, config_log_level("info", &l));
	EXPECT_EQ(LOG_INFO, l);
	EXPECT_EQ(0, config_log_level("warn", &l));
	EXPECT_EQ(LOG_WARN, l);
	EXPECT_EQ(0, config_log_level("error", &l));
	EXPECT_EQ(LOG_ERROR, l);
	EXPECT_EQ(-1, config_log_level("", &l));
	EXPECT_EQ(-1, config_log_level("Debug", &l));
	EXPECT_EQ(-1, config_log_level("warning", &l));
	EXPECT_EQ(-1, config_log_level("debug ", &l));
	EXPECT_EQ(LOG_ERROR, l);
	EXPECT_STREQ("info", config_log_level_name(LOG_INFO));
	EXPECT_STREQ("?", config_log_level_name((enum log_level)9));
}

TEST(log_level_option)
{
	struct config c;
	char err[256];

	config_defaults(&c);
	ASSERT_EQ(0, set(&c, "log-level", "debug", err));
	EXPECT_EQ(LOG_DEBUG, c.log_level);
	EXPECT_EQ(-1, set(&c, "log-level", "loud", err));
	EXPECT_STREQ("log-level: \"loud\" is not error, warn, info or debug",
		     err);
	EXPECT_EQ(-1, set(&c, "log-level", "", err));
	EXPECT_EQ(LOG_DEBUG, c.log_level);
}

struct num {
	const char *key;
	size_t off;
	unsigned int min, max;
	int zero_ok;
};

#define N(k, f, lo, hi, z) { k, offsetof(struct config, f), lo, hi, z }
static const struct num nums[] = {
	N("confirmations", confirmations, 1, 1000, 0),
	N("ttl", ttl, 10, 2592000, 0),
	N("negative-ttl", negative_ttl, 1, 86400, 0),
	N("poll-interval", poll_interval, 1, 3600, 0),
	N("rpc-timeout", rpc_timeout, 100, 300000, 0),
	N("retry-max", retry_max, 1, 86400, 0),
	N("rotate-interval", rotate_interval, 10, 604800, 1),
	N("grace", grace, 0, 86400, 0),
	N("block-time", block_time, 1, 86400, 0),
	N("lookup-timeout", lookup_timeout, 100, 120000, 0),
	N("max-tip-age", max_tip_age, 60, 31536000, 1),
	N("allow-remote-http", allow_remote_http, 0, 1, 0),
	N("renew-blocks", renew_blocks, 1, 35999, 0),
};

static unsigned int field(const struct config *c, const struct num *n)
{
	return *(const unsigned int *)((const char *)c + n->off);
}

TEST(numbers_range_ends)
{
	char v[32], want[128], err[256];
	const struct num *n;
	struct config c;
	size_t i;

	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		n = &nums[i];
		config_defaults(&c);
		snprintf(v, sizeof(v), "%u", n->min);
		EXPECT_EQ(0, set(&c, n->key, v, err));
		EXPECT_EQ(n->min, field(&c, n));
		snprintf(v, sizeof(v), "%u", n->max);
		EXPECT_EQ(0, set(&c, n->key, v, err));
		EXPECT_EQ(n->max, field(&c, n));
		if (n->zero_ok) {
			EXPECT_EQ(0, set(&c, n->key, "0", err));
			EXPECT_EQ(0, field(&c, n));
			EXPECT_EQ(0, set(&c, n->key, v, err));
		}

		/* Just out of range: refused, named, the old value kept. */
		snprintf(v, sizeof(v), "%u", n->max + 1);
		if (n->zero_ok)
			snprintf(want, sizeof(want),
				 "%s: %s is not 0 or %u to %u", n->key, v,
				 n->min, n->max);
		else
			snprintf(want, sizeof(want), "%s: %s is not %u to %u",
				 n->key, v, n->min, n->max);
		EXPECT_EQ(-1, set(&c, n->key, v, err));
		EXPECT_STREQ(want, err);
		EXPECT_EQ(n->max, field(&c, n));
		if (n->min > 0) {
			snprintf(v, sizeof(v), "%u", n->min - 1);
			EXPECT_EQ(-1, set(&c, n->key, v, err));
			EXPECT_EQ(0, strncmp(err, want, strlen(n->key) + 2));
			EXPECT_NE(NULL, strstr(err, v));
			EXPECT_EQ(n->max, field(&c, n));
		}

		/* Overflow: refused as out of range, not wrapped. */
		EXPECT_EQ(-1, set(&c, n->key, "4294967296", err));
		EXPECT_NE(NULL, strstr(err, "4294967296 is not"));
		EXPECT_EQ(-1, set(&c, n->key, "4294967297", err));
		EXPECT_EQ(-1, set(&c, n->key,
				  "99999999999999999999999999999999", err));
		EXPECT_EQ(n->max, field(&c, n));
	}
}

TEST(numbers_not_decimal)
{
	static const char *const junk[] = {
		"", "10x", "x10", "+5", "-1", " 5", "5 ", "0x10", "1e3",
		"1.5", "1,000", "\t7", "5\n", "\xef\xbc\x95",
	};
	char want[128], err[256];
	struct config c;
	size_t i, j;

	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		for (j = 0; j < sizeof(junk) / sizeof(junk[0]); j++) {
			config_defaults(&c);
			EXPECT_EQ(-1, set(&c, nums[i].key, junk[j], err));
			snprintf(want, sizeof(want), "%s: \"", nums[i].key);
			EXPECT_EQ(0, strncmp(err, want, strlen(want)));
			EXPECT_NE(NULL, strstr(err,
					       "\" is not a decimal number"));
		}
	}
	config_defaults(&c);
	EXPECT_EQ(-1, set(&c, "confirmations", "10x", err));
	EXPECT_STREQ("confirmations: \"10x\" is not a decimal number", err);
	/* Control bytes are not copied into the message. */
	EXPECT_EQ(-1, set(&c, "ttl", "5\n", err));
	EXPECT_STREQ("ttl: \"5?\" is not a decimal number", err);
	EXPECT_EQ(0, set(&c, "ttl", "0000600", err));
	EXPECT_EQ(600, c.ttl);
	EXPECT_EQ(2, c.confirmations);
}

/* A string of n bytes of ch after prefix, in buf. */
static const char *fill(char *buf, const char *prefix, char ch, size_t n)
{
	size_t p = strlen(prefix);

	memcpy(buf, prefix, p);
	memset(buf + p, ch, n);
	buf[p + n] = '\0';
	return buf;
}

TEST(strings_and_lengths)
{
	char buf[600], err[256];
	struct config c;

	config_defaults(&c);
	EXPECT_EQ(0, set(&c, "url", "https://node.example:8336/", err));
	EXPECT_STREQ("https://node.example:8336/", c.url);
	EXPECT_EQ(0, set(&c, "url", fill(buf, "http://", 'a', 248), err));
	EXPECT_EQ(255, strlen(c.url));
	EXPECT_EQ(-1, set(&c, "url", fill(buf, "http://", 'a', 249), err));
	EXPECT_STREQ("url: longer than 255 bytes", err);
	EXPECT_EQ(255, strlen(c.url));

	EXPECT_EQ(0, set(&c, "rpcuser", fill(buf, "", 'u', 127), err));
	EXPECT_EQ(127, strlen(c.user));
	EXPECT_EQ(-1, set(&c, "rpcuser", fill(buf, "", 'u', 128), err));
	EXPECT_STREQ("rpcuser: longer than 127 bytes", err);
	EXPECT_EQ(-1, set(&c, "rpcuser", "al:ice", err));
	EXPECT_STREQ("rpcuser: contains ':', which ends the user in HTTP Basic auth",
		     err);
	EXPECT_EQ(0, set(&c, "rpcuser", "alice", err));
	EXPECT_STREQ("alice", c.user);

	EXPECT_EQ(0, set(&c, "rpcpassword", fill(buf, PW, 'p', 118), err));
	EXPECT_EQ(127, strlen(c.password));
	EXPECT_EQ(-1, set(&c, "rpcpassword", fill(buf, PW, 'p', 119), err));
	EXPECT_STREQ("rpcpassword: longer than 127 bytes", err);
	EXPECT_EQ(0, set(&c, "rpcpassword", "with:colon and spaces", err));
	EXPECT_STREQ("with:colon and spaces", c.password);

	EXPECT_EQ(0, set(&c, "rpccookiefile", "/var/lib/namecoin/.cookie",
			 err));
	EXPECT_STREQ("/var/lib/namecoin/.cookie", c.cookie_file);
	EXPECT_EQ(0, set(&c, "rpccookiefile", fill(buf, "/", 'c', 254), err));
	EXPECT_EQ(-1, set(&c, "rpccookiefile", fill(buf, "/", 'c', 255), err));
	EXPECT_STREQ("rpccookiefile: longer than 255 bytes", err);
	EXPECT_EQ(-1, set(&c, "rpccookiefile", "~/.namecoin/.cookie", err));
	EXPECT_STREQ("rpccookiefile: \"~/.namecoin/.cookie\" is not an absolute path (\"~\" is not expanded)",
		     err);
	EXPECT_EQ(-1, set(&c, "rpccookiefile", ".cookie", err));
	EXPECT_EQ(255, strlen(c.cookie_file));
	EXPECT_EQ(0, set(&c, "rpccookiefile", "", err));
	EXPECT_STREQ("", c.cookie_file);
}

TEST(unknown_key_and_no_value)
{
	struct config c, before;
	char err[256];

	config_defaults(&c);
	before = c;
	EXPECT_EQ(-1, set(&c, "frobnicate", "1", err));
	EXPECT_STREQ("frobnicate: unknown key", err);
	EXPECT_EQ(-1, set(&c, "Confirmations", "1", err));
	EXPECT_STREQ("Confirmations: unknown key", err);
	EXPECT_EQ(-1, set(&c, "negative_ttl", "1", err));
	EXPECT_EQ(-1, set(&c, "", "1", err));
	EXPECT_STREQ("no option name", err);
	EXPECT_EQ(-1, set(&c, NULL, "1", err));
	EXPECT_EQ(-1, set(&c, "ttl", NULL, err));
	EXPECT_STREQ("ttl: no value", err);
	EXPECT_EQ(0, memcmp(&before, &c, sizeof(c)));
	/* A short or no err buffer is fine. */
	EXPECT_EQ(-1, config_set(&c, "ttl", "0", err, 5));
	EXPECT_STREQ("ttl:", err);
	EXPECT_EQ(-1, config_set(&c, "ttl", "0", NULL, 0));
}

TEST(preload_names)
{
	static const char *const good[] = {
		"demo.bit", "www.demo.bit", "a-b.bit", "x1.bit", "0.bit",
		"a.b.c.d.bit",
	};
	static const char *const bad[] = {
		"Demo.bit", "demo", "demo.com", ".bit", "bit", "demo..bit",
		"-demo.bit", "demo-.bit", "de_mo.bit", "demo.bit.", "demo.BIT",
		"d/demo", "demo .bit", "www..demo.bit", ".demo.bit",
	};
	char buf[200], want[200], err[256];
	struct config c;
	size_t i;

	config_defaults(&c);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		EXPECT_EQ(0, set(&c, "preload", good[i], err));
		EXPECT_STREQ(good[i], c.preload[i]);
	}
	EXPECT_EQ(i, c.n_preload);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(want, sizeof(want),
			 "preload: \"%s\" is not a .bit name (labels of a-z, 0-9 and '-', ending in .bit)",
			 bad[i]);
		EXPECT_EQ(-1, set(&c, "preload", bad[i], err));
		EXPECT_STREQ(want, err);
	}
	EXPECT_EQ(-1, set(&c, "preload", "", err));
	/* A label of 63 is fine, of 64 not. */
	fill(buf, "", 'a', 63);
	strcat(buf, ".bit");
	EXPECT_EQ(0, set(&c, "preload", buf, err));
	fill(buf, "", 'a', 64);
	strcat(buf, ".bit");
	EXPECT_EQ(-1, set(&c, "preload", buf, err));
	/* 127 bytes in all, then 128. */
	fill(buf, "", 'b', 60);
	strcat(buf, ".");
	fill(buf + 61, "", 'c', 62);
	strcat(buf, ".bit");
	EXPECT_EQ(127, strlen(buf));
	EXPECT_EQ(0, set(&c, "preload", buf, err));
	buf[0] = 'x';
	memmove(buf + 1, buf, strlen(buf) + 1);
	EXPECT_EQ(-1, set(&c, "preload", buf, err));
	EXPECT_STREQ("preload: longer than 127 bytes", err);

	EXPECT_EQ(-1, set(&c, "preload", "demo.bit", err));
	EXPECT_STREQ("preload: demo.bit is given twice", err);
	EXPECT_EQ(8, c.n_preload);
}

TEST(preload_at_most_64)
{
	char name[32], err[256];
	struct config c;
	unsigned int i;

	config_defaults(&c);
	for (i = 0; i < CONFIG_PRELOAD_MAX; i++) {
		snprintf(name, sizeof(name), "n%u.bit", i);
		ASSERT_EQ(0, set(&c, "preload", name, err));
	}
	EXPECT_EQ(CONFIG_PRELOAD_MAX, c.n_preload);
	EXPECT_STREQ("n63.bit", c.preload[63]);
	EXPECT_EQ(-1, set(&c, "preload", "one-more.bit", err));
	EXPECT_STREQ("preload: more than 64 names", err);
	EXPECT_EQ(CONFIG_PRELOAD_MAX, c.n_preload);
}

TEST(publish_name)
{
	static const char *const bad[] = {
		"d/", "example", "d/Example", "d/-x", "d/x-", "d/a.b",
		"dd/x", "d/x y", "/d/x", "D/x", "d/x/", "s/x", "d/\xc3\xa9",
	};
	char buf[200], want[200], err[256];
	struct config c;
	size_t i;

	config_defaults(&c);
	EXPECT_EQ(0, set(&c, "publish-name", "d/example", err));
	EXPECT_STREQ("d/example", c.publish_name);
	EXPECT_EQ(0, set(&c, "publish-name", "d/a", err));
	EXPECT_EQ(0, set(&c, "publish-name", "d/my-host-1", err));
	EXPECT_EQ(0, set(&c, "publish-name", fill(buf, "d/", 'z', 63), err));
	EXPECT_EQ(-1, set(&c, "publish-name", fill(buf, "d/", 'z', 64), err));
	EXPECT_EQ(65, strlen(c.publish_name));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-1, set(&c, "publish-name", bad[i], err));
		EXPECT_EQ(0, strncmp(err, "publish-name: \"", 15));
	}
	snprintf(want, sizeof(want), "publish-name: \"%s\" is not d/ and 1 to 63 of a-z, 0-9 and '-' (not first or last)",
		 "d/Example");
	EXPECT_EQ(-1, set(&c, "publish-name", "d/Example", err));
	EXPECT_STREQ(want, err);
	EXPECT_EQ(-1, set(&c, "publish-name", fill(buf, "d/", 'z', 126), err));
	EXPECT_STREQ("publish-name: longer than 127 bytes", err);
	EXPECT_EQ(0, set(&c, "publish-name", "", err));
	EXPECT_STREQ("", c.publish_name);
}

TEST(publish_ip)
{
	static const char *const good[] = {
		"192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1", "::1",
	};
	static const char *const bad[] = {
		"300.1.1.1", "example.com", "192.0.2.1/24", "fe80::1%eth0",
		"192.0.2", " 192.0.2.1", "2001:db8:::1", "[2001:db8::1]",
	};
	char buf[100], want[160], err[256];
	struct config c;
	size_t i;

	config_defaults(&c);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		EXPECT_EQ(0, set(&c, "publish-ip", good[i], err));
		EXPECT_STREQ(good[i], c.publish_ip);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(want, sizeof(want),
			 "publish-ip: \"%s\" is not an IPv4 or IPv6 address",
			 bad[i]);
		EXPECT_EQ(-1, set(&c, "publish-ip", bad[i], err));
		EXPECT_STREQ(want, err);
	}
	EXPECT_STREQ("::1", c.publish_ip);
	EXPECT_EQ(-1, set(&c, "publish-ip", fill(buf, "", '1', 64), err));
	EXPECT_STREQ("publish-ip: longer than 63 bytes", err);
	EXPECT_EQ(0, set(&c, "publish-ip", "", err));
	EXPECT_STREQ("", c.publish_ip);
}

TEST(file_every_key)
{
	struct config c;
	char path[64], err[256];

	config_defaults(&c);
	ASSERT_EQ(0, load_text(&c, path,
		"# namecoind-helper\n"
		"\n"
		"url = http://127.0.0.1:18443/   # regtest\n"
		"\trpcuser\t=\tbob\t\n"
		"rpcpassword=" PW "\r\n"
		"rpccookiefile=/run/namecoin/.cookie\n"
		"   \n"
		"confirmations=6\n"
		"ttl=7200\n"
		"negative-ttl=30\n"
		"poll-interval=5\n"
		"rpc-timeout=2500\n"
		"retry-max=120\n"
		"log-level=info\n"
		"preload=demo.bit\n"
		"  # preload=skipped.bit\n"
		"preload = www.demo.bit\n"
		"publish-name=d/myhost\n"
		"publish-ip=2001:db8::7\n"
		"rotate-interval=86400\n"
		"grace=0\n"
		"block-time=60", err));	/* no newline at the end */
	EXPECT_STREQ("http://127.0.0.1:18443/", c.url);
	EXPECT_STREQ("bob", c.user);
	EXPECT_STREQ(PW, c.password);
	EXPECT_STREQ("/run/namecoin/.cookie", c.cookie_file);
	EXPECT_EQ(6, c.confirmations);
	EXPECT_EQ(7200, c.ttl);
	EXPECT_EQ(30, c.negative_ttl);
	EXPECT_EQ(5, c.poll_interval);
	EXPECT_EQ(2500, c.rpc_timeout);
	EXPECT_EQ(120, c.retry_max);
	EXPECT_EQ(LOG_INFO, c.log_level);
	ASSERT_EQ(2, c.n_preload);
	EXPECT_STREQ("demo.bit", c.preload[0]);
	EXPECT_STREQ("www.demo.bit", c.preload[1]);
	EXPECT_STREQ("d/myhost", c.publish_name);
	EXPECT_STREQ("2001:db8::7", c.publish_ip);
	EXPECT_EQ(86400, c.rotate_interval);
	EXPECT_EQ(0, c.grace);
	EXPECT_EQ(60, c.block_time);
	EXPECT_EQ(0, config_check(&c, err, sizeof(err)));
}

TEST(file_keeps_what_it_does_not_set)
{
	struct config c;
	char path[64], err[256];

	config_defaults(&c);
	ASSERT_EQ(0, set(&c, "preload", "first.bit", err));
	ASSERT_EQ(0, set(&c, "ttl", "99", err));
	/* Empty, comments only, a byte order mark: nothing changes. */
	ASSERT_EQ(0, load_text(&c, path, "", err));
	ASSERT_EQ(0, load_text(&c, path, "\n\n# x=y\n   # z\n\t\n", err));
	ASSERT_EQ(0, load_text(&c, path, "\xef\xbb\xbfpreload=bom.bit\n", err));
	ASSERT_EQ(0, load_text(&c, path, "ttl=100\n", err));
	EXPECT_EQ(100, c.ttl);
	ASSERT_EQ(2, c.n_preload);
	EXPECT_STREQ("first.bit", c.preload[0]);
	EXPECT_STREQ("bom.bit", c.preload[1]);
	EXPECT_EQ(2, c.confirmations);
	/* Empty values clear the optional strings. */
	ASSERT_EQ(0, set(&c, "publish-ip", "192.0.2.1", err));
	ASSERT_EQ(0, load_text(&c, path, "publish-ip =   \n", err));
	EXPECT_STREQ("", c.publish_ip);
}

struct bad_file {
	const char *text;
	const char *err;	/* after "PATH:" */
};

static const struct bad_file bad_files[] = {
	{ "ttl=60\n\nfrobnicate=1\n", "3: frobnicate: unknown key" },
	{ "ttl=60\nconfirmations\n", "2: no '=' (lines are key=value)" },
	{ "=5\n", "1: no key before '='" },
	{ "  = 5\n", "1: no key before '='" },
	{ "confirmations=0\n", "1: confirmations: 0 is not 1 to 1000" },
	{ "# c\nconfirmations = 1001 # too many\n",
	  "2: confirmations: 1001 is not 1 to 1000" },
	{ "confirmations=\n",
	  "1: confirmations: \"\" is not a decimal number" },
	{ "ttl=60\nttl=70\n", "2: ttl: already set on line 1" },
	{ "url=http://a/\n#\nurl=http://b/\n",
	  "3: url: already set on line 1" },
	{ "preload=a.bit\npreload=a.bit\n",
	  "2: preload: a.bit is given twice" },
	{ "log-level=verbose\n",
	  "1: log-level: \"verbose\" is not error, warn, info or debug" },
	{ "[main]\n", "1: no '=' (lines are key=value)" },
	{ "TTL=60\n", "1: TTL: unknown key" },
	{ "ttl=6\0" "0\n", "1: contains a NUL byte" },
	{ "preload=demo\n",
	  "1: preload: \"demo\" is not a .bit name (labels of a-z, 0-9 and '-', ending in .bit)" },
	{ "ttl=60\n\n\n\npublish-ip=localhost\n",
	  "5: publish-ip: \"localhost\" is not an IPv4 or IPv6 address" },
};

TEST(file_errors_name_the_line)
{
	struct config c, before;
	char path[64], want[320], err[256];
	size_t i, len;

	for (i = 0; i < sizeof(bad_files) / sizeof(bad_files[0]); i++) {
		config_defaults(&c);
		before = c;
		len = strlen(bad_files[i].text);
		if (strstr(bad_files[i].err, "NUL"))
			len += 3;	/* the bytes after the '\0' */
		ASSERT_EQ(0, tmp_file(path, bad_files[i].text, len));
		EXPECT_EQ(-1, config_load(&c, path, err, sizeof(err)));
		snprintf(want, sizeof(want), "%s:%s", path, bad_files[i].err);
		EXPECT_STREQ(want, err);
		/* A file with an error changes nothing. */
		EXPECT_EQ(0, memcmp(&before, &c, sizeof(c)));
		unlink(path);
	}
}

TEST(file_long_lines)
{
	char text[2200], path[64], want[128], err[256];
	struct config c;

	config_defaults(&c);
	/* A comment of 1023 bytes is a line like another. */
	text[0] = '#';
	memset(text + 1, 'x', 1022);
	strcpy(text + 1023, "\nttl=20\n");
	ASSERT_EQ(0, load_text(&c, path, text, err));
	EXPECT_EQ(20, c.ttl);
	/* 1024 bytes, even of comment, is an error naming the line. */
	strcpy(text, "ttl=30\n#");
	memset(text + 8, 'x', 1023);
	strcpy(text + 1031, "\n");
	ASSERT_EQ(0, tmp_text(path, text));
	EXPECT_EQ(-1, config_load(&c, path, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s:2: longer than 1023 bytes", path);
	EXPECT_STREQ(want, err);
	unlink(path);
	EXPECT_EQ(20, c.ttl);
	/* The same without the final newline. */
	text[1031] = '\0';
	ASSERT_EQ(0, tmp_text(path, text));
	EXPECT_EQ(-1, config_load(&c, path, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s:2: longer than 1023 bytes", path);
	EXPECT_STREQ(want, err);
	unlink(path);
	/* 1023 bytes and a '\r' before the '\n': 1024. */
	strcpy(text, "#");
	memset(text + 1, 'x', 1022);
	strcpy(text + 1023, "\r\n");
	ASSERT_EQ(0, tmp_text(path, text));
	EXPECT_EQ(-1, config_load(&c, path, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s:1: longer than 1023 bytes", path);
	EXPECT_STREQ(want, err);
	unlink(path);
}

TEST(file_missing_or_not_a_file)
{
	char dir[64], path[128], want[200], err[256];
	struct config c, before;

	config_defaults(&c);
	before = c;
	strcpy(dir, "/tmp/config_test.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/none.conf", dir);
	EXPECT_EQ(-1, config_load(&c, path, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s: No such file or directory", path);
	EXPECT_STREQ(want, err);
	/* A directory opens, but does not read. */
	EXPECT_EQ(-1, config_load(&c, dir, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s:1: Is a directory", dir);
	EXPECT_STREQ(want, err);
	EXPECT_EQ(0, memcmp(&before, &c, sizeof(c)));
	rmdir(dir);
}

TEST(check_combinations)
{
	struct config c;
	char err[256];

	config_defaults(&c);
	ASSERT_EQ(0, config_check(&c, err, sizeof(err)));

	strcpy(c.user, "alice");
	EXPECT_EQ(-1, config_check(&c, err, sizeof(err)));
	EXPECT_STREQ("rpcuser is set but rpcpassword is not", err);
	strcpy(c.password, PW);
	EXPECT_EQ(0, config_check(&c, err, sizeof(err)));
	c.user[0] = '\0';
	EXPECT_EQ(-1, config_check(&c, err, sizeof(err)));
	EXPECT_STREQ("rpcpassword is set but rpcuser is not", err);
	strcpy(c.user, "alice");
	/* Both ways of credentials: allowed, rpcuser wins. */
	strcpy(c.cookie_file, "/x/.cookie");
	EXPECT_EQ(0, config_check(&c, err, sizeof(err)));

	config_defaults(&c);
	c.negative_ttl = 3601;
	EXPECT_EQ(-1, config_check(&c, err, sizeof(err)));
	EXPECT_STREQ("negative-ttl: 3601 is more than ttl (3600)", err);
	c.negative_ttl = 3600;
	EXPECT_EQ(0, config_check(&c, err, sizeof(err)));

	config_defaults(&c);
	strcpy(c.publish_ip, "192.0.2.1");
	EXPECT_EQ(-1, config_check(&c, err, sizeof(err)));
	EXPECT_STREQ("publish-ip: set without publish-name", err);
	strcpy(c.publish_name, "d/me");
	EXPECT_EQ(0, config_check(&c, err, sizeof(err)));

	config_defaults(&c);
	c.rotate_interval = 86400;
	EXPECT_EQ(-1, config_check(&c, err, sizeof(err)));
	EXPECT_STREQ("rotate-interval: set without publish-name", err);
	strcpy(c.publish_name, "d/me");
	EXPECT_EQ(0, config_check(&c, err, sizeof(err)));
	/* 2 * 600 + 600 = 1800 s to retire a key: no faster rotation. */
	c.rotate_interval = 1800;
	EXPECT_EQ(0, config_check(&c, err, sizeof(err)));
	c.rotate_interval = 1799;
	EXPECT_EQ(-1, config_check(&c, err, sizeof(err)));
	EXPECT_STREQ("rotate-interval: 1799 s is less than confirmations * block-time + grace (1800 s), the time to retire the old key",
		     err);
	c.grace = 0;
	c.block_time = 60;
	c.rotate_interval = 120;
	EXPECT_EQ(0, config_check(&c, err, sizeof(err)));
	/* The largest product does not overflow. */
	c.confirmations = 1000;
	c.block_time = 86400;
	c.grace = 86400;
	c.rotate_interval = 604800;
	EXPECT_EQ(-1, config_check(&c, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "(86486400 s)"));
}

struct bad_url {
	const char *url, *err;
};

/*
 * Each of good[] (n_good) as c's url passes config_check(); each of
 * bad[] (n_bad) is refused with its err.
 */
static void expect_urls(struct __test_metadata *_metadata, struct config *c,
			const char *const *good, size_t n_good,
			const struct bad_url *bad, size_t n_bad)
{
	char err[256];
	size_t i;

	for (i = 0; i < n_good; i++) {
		strcpy(c->url, good[i]);
		EXPECT_EQ(0, config_check(c, err, sizeof(err)));
	}
	for (i = 0; i < n_bad; i++) {
		strcpy(c->url, bad[i].url);
		EXPECT_EQ(-1, config_check(c, err, sizeof(err)));
		EXPECT_STREQ(bad[i].err, err);
	}
}

#define NOT_HTTP	"url: does not start with http:// or https://"
#define CTRL		"url: contains a space or a control character"

TEST(check_url)
{
	static const char *const good[] = {
		"http://127.0.0.1:8336/", "https://node.example/",
		"http://[::1]:18443/", "http://localhost:8336",
		"https://h/wallet/x", "http://127.0.0.1:8336/wallet/x",
	};
	static const struct bad_url bad[] = {
		{ "ftp://127.0.0.1/", NOT_HTTP },
		{ "127.0.0.1:8336", NOT_HTTP },
		{ "HTTP://h/", NOT_HTTP },
		{ "", NOT_HTTP },
		{ "http://", "url: no host after \"//\"" },
		{ "https:///x", "url: no host after \"//\"" },
		{ "http://h /", CTRL },
		{ "http://h/\n", CTRL },
		{ "http://alice:" PW "@127.0.0.1:8336/",
		  "url: has a user or password in it: use rpcuser/rpcpassword or rpccookiefile" },
	};
	struct config c;
	char err[256];

	config_defaults(&c);
	expect_urls(_metadata, &c, good, sizeof(good) / sizeof(good[0]), bad,
		    sizeof(bad) / sizeof(bad[0]));
	/* '@' after the host is a path, not a user. */
	strcpy(c.url, "https://h/a@b");
	EXPECT_EQ(0, config_check(&c, err, sizeof(err)));
}

TEST(credentials_user_password)
{
	char out[300], err[256];
	struct config c;

	config_defaults(&c);
	strcpy(c.user, "alice");
	strcpy(c.password, PW);
	ASSERT_EQ(0, config_credentials(&c, out, sizeof(out), err,
					sizeof(err)));
	EXPECT_STREQ("alice:" PW, out);
	/* The longest of both fits 256 bytes. */
	fill(c.user, "", 'u', 127);
	fill(c.password, "", 'p', 127);
	ASSERT_EQ(0, config_credentials(&c, out, 256, err, sizeof(err)));
	EXPECT_EQ(255, strlen(out));
	/* Too small a buffer: an error, nothing left in it. */
	strcpy(c.user, "alice");
	strcpy(c.password, PW);
	EXPECT_EQ(-1, config_credentials(&c, out, 10, err, sizeof(err)));
	EXPECT_STREQ("credentials: rpcuser:rpcpassword longer than 9 bytes",
		     err);
	EXPECT_EQ(0, memcmp(out, "\0\0\0\0\0\0\0\0\0\0", 10));
	/* Half of it. */
	c.password[0] = '\0';
	EXPECT_EQ(-1, config_credentials(&c, out, sizeof(out), err,
					 sizeof(err)));
	EXPECT_STREQ("", out);
	EXPECT_STREQ("credentials: rpcuser and rpcpassword go together", err);
	/* Neither. */
	config_defaults(&c);
	EXPECT_EQ(-1, config_credentials(&c, out, sizeof(out), err,
					 sizeof(err)));
	EXPECT_STREQ("no credentials: set rpcuser/rpcpassword or rpccookiefile",
		     err);
}

/* config_credentials() into out and err, 256 bytes each. */
static int creds(const struct config *c, char *out, char *err)
{
	return config_credentials(c, out, 256, err, 256);
}

/* Credentials from a cookie file holding len bytes of s. */
static int cookie(struct config *c, const char *s, size_t len, char *out,
		  char *err)
{
	int r;

	if (tmp_cookie(c->cookie_file, s, len))
		return -2;
	r = creds(c, out, err);
	rm_cookie(c->cookie_file);
	return r;
}

#define HEX	"0123456789abcdef0123456789abcdef" \
		"0123456789abcdef0123456789abcdef"

/*
 * tmp_cookie() of "__cookie__:" HEX (75 bytes) as c's cookie file; its
 * directory in dir (64 bytes) unless dir is NULL.
 */
static int hex_cookie(struct config *c, char *dir)
{
	if (tmp_cookie(c->cookie_file, "__cookie__:" HEX, 75))
		return -1;
	if (dir)
		cookie_dir(dir, c->cookie_file);
	return 0;
}

/* err is "rpccookiefile PATH: why", PATH c's cookie file. */
static void expect_cookie_err(struct __test_metadata *_metadata,
			      const struct config *c, const char *err,
			      const char *why)
{
	char want[600];

	snprintf(want, sizeof(want), "rpccookiefile %s: %s", c->cookie_file,
		 why);
	EXPECT_STREQ(want, err);
}

TEST(credentials_cookie)
{
	char out[256], err[256];
	struct config c;

	config_defaults(&c);
	EXPECT_EQ(0, cookie(&c, "__cookie__:" HEX, 75, out, err));
	EXPECT_STREQ("__cookie__:" HEX, out);
	EXPECT_EQ(0, cookie(&c, "__cookie__:" HEX "\n", 76, out, err));
	EXPECT_STREQ("__cookie__:" HEX, out);
	EXPECT_EQ(0, cookie(&c, "__cookie__:" HEX "\r\n", 77, out, err));
	EXPECT_STREQ("__cookie__:" HEX, out);

	EXPECT_EQ(-1, cookie(&c, "", 0, out, err));
	expect_cookie_err(_metadata, &c, err, "empty");
	EXPECT_STREQ("", out);
	EXPECT_EQ(-1, cookie(&c, "\n", 1, out, err));
	expect_cookie_err(_metadata, &c, err, "empty");

	EXPECT_EQ(-1, cookie(&c, "__cookie__" HEX "\n", 75, out, err));
	expect_cookie_err(_metadata, &c, err,
			  "no ':' (namecoind writes __cookie__:HEX)");
	EXPECT_EQ(NULL, strstr(err, HEX));

	EXPECT_EQ(-1, cookie(&c, "__cookie__:" HEX "\nmore\n", 81, out, err));
	expect_cookie_err(_metadata, &c, err, "more than one line");
	EXPECT_EQ(-1, cookie(&c, "__cookie__:" HEX "\n\n", 77, out, err));
	expect_cookie_err(_metadata, &c, err, "more than one line");
	EXPECT_EQ(-1, cookie(&c, "a:b\0c", 5, out, err));
	expect_cookie_err(_metadata, &c, err, "contains a NUL byte");

	/* A cookie longer than the caller's buffer. */
	ASSERT_EQ(0, hex_cookie(&c, NULL));
	EXPECT_EQ(-1, config_credentials(&c, out, 75, err, sizeof(err)));
	expect_cookie_err(_metadata, &c, err, "longer than 74 bytes");
	EXPECT_EQ(0, config_credentials(&c, out, 76, err, sizeof(err)));
	unlink(c.cookie_file);	/* the directory is removed below */

	/* Missing: namecoind removes it when it stops. */
	EXPECT_EQ(-1, creds(&c, out, err));
	expect_cookie_err(_metadata, &c, err,
			  "missing (is namecoind running?)");
	EXPECT_STREQ("", out);
	rm_cookie(c.cookie_file);
}

TEST(credentials_cookie_reread)
{
	char out[256], err[256];
	struct config c;
	FILE *f;

	config_defaults(&c);
	ASSERT_EQ(0, tmp_cookie(c.cookie_file, "__cookie__:aaaa\n", 16));
	ASSERT_EQ(0, creds(&c, out, err));
	EXPECT_STREQ("__cookie__:aaaa", out);
	/* The node restarts and writes a new cookie. */
	f = fopen(c.cookie_file, "w");
	ASSERT_NE(NULL, f);
	fputs("__cookie__:bbbbbbbb", f);
	fclose(f);
	ASSERT_EQ(0, creds(&c, out, err));
	EXPECT_STREQ("__cookie__:bbbbbbbb", out);
	/* rpcuser/rpcpassword win over the cookie. */
	strcpy(c.user, "alice");
	strcpy(c.password, PW);
	ASSERT_EQ(0, creds(&c, out, err));
	EXPECT_STREQ("alice:" PW, out);
	rm_cookie(c.cookie_file);
}

TEST(credentials_cookie_unreadable)
{
	char dir[64], out[256], err[256];
	struct config c;

	config_defaults(&c);
	strcpy(dir, "/tmp/config_test.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(dir));
	strcpy(c.cookie_file, dir);
	EXPECT_EQ(-1, creds(&c, out, err));
	expect_cookie_err(_metadata, &c, err, "Is a directory");
	rmdir(dir);
}

/* Whatever goes wrong, the password is not in the message. */
TEST(password_never_in_errors)
{
	static const char *const files[] = {
		"rpcpassword=" PW "#x\n",
		"rpcpassword=#" PW "\n",
		"rpcpassword " PW "\n",
		PW "\n",
		"rpcpassword " PW "=x\n",
		"rpcpassword: " PW "\n",
		"rpcuser=alice\nrpcpassword=" PW "\nrpcpassword=" PW "\n",
		"rpcpassword=" PW "\nttl=0\n",
		"rpcpassword=" PW "\nrpcuser=al:ice\n",
		"rpcpassword=" PW "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
	};
	char path[64], buf[200], out[256], err[256];
	struct config c;
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		config_defaults(&c);
		EXPECT_EQ(-1, load_text(&c, path, files[i], err));
		EXPECT_EQ(NULL, strstr(err, PW));
		EXPECT_STREQ("", c.password);
	}
	config_defaults(&c);
	EXPECT_EQ(-1, load_text(&c, path, "rpcpassword=" PW "#x\n", err));
	EXPECT_NE(NULL, strstr(err, ":1: rpcpassword: '#' starts a comment"));

	config_defaults(&c);
	EXPECT_EQ(-1, set(&c, "rpcpassword", fill(buf, PW, 'x', 150), err));
	EXPECT_EQ(NULL, strstr(err, PW));
	EXPECT_EQ(-1, set(&c, PW, "1", err));	/* as a key: it is shown */
	ASSERT_EQ(0, set(&c, "rpcpassword", PW, err));
	EXPECT_EQ(-1, config_check(&c, err, sizeof(err)));
	EXPECT_EQ(NULL, strstr(err, PW));
	EXPECT_EQ(-1, config_credentials(&c, out, sizeof(out), err,
					 sizeof(err)));
	EXPECT_EQ(NULL, strstr(err, PW));
	ASSERT_EQ(0, set(&c, "rpcuser", "alice", err));
	EXPECT_EQ(-1, config_credentials(&c, out, 8, err, sizeof(err)));
	EXPECT_EQ(NULL, strstr(err, PW));
	strcpy(c.url, "http://alice:" PW "@h/");
	EXPECT_EQ(-1, config_check(&c, err, sizeof(err)));
	EXPECT_EQ(NULL, strstr(err, PW));
	/* Nor is the cookie. */
	config_defaults(&c);
	EXPECT_EQ(-1, cookie(&c, PW "\n", strlen(PW) + 1, out, err));
	EXPECT_EQ(NULL, strstr(err, PW));
	EXPECT_EQ(-1, cookie(&c, "a:" PW "\nb\n", strlen(PW) + 5, out, err));
	EXPECT_EQ(NULL, strstr(err, PW));
}

TEST(new_keys_in_file_and_errors)
{
	static const struct {
		const char *key, *value, *err;
	} refused[] = {
		{ "lookup-timeout", "99",
		  "lookup-timeout: 99 is not 100 to 120000" },
		{ "max-tip-age", "59",
		  "max-tip-age: 59 is not 0 or 60 to 31536000" },
		{ "allow-remote-http", "yes",
		  "allow-remote-http: \"yes\" is not a decimal number" },
		{ "allow-remote-http", "2",
		  "allow-remote-http: 2 is not 0 to 1" },
		{ "renew-blocks", "36000",
		  "renew-blocks: 36000 is not 1 to 35999" },
		{ "renew-blocks", "0", "renew-blocks: 0 is not 1 to 35999" },
	};
	struct config c;
	char path[64], err[256];
	size_t i;

	config_defaults(&c);
	ASSERT_EQ(0, load_text(&c, path,
		"lookup-timeout = 2500\n"
		"max-tip-age = 0\n"
		"allow-remote-http = 1\n"
		"renew-blocks = 100\n", err));
	EXPECT_EQ(2500, c.lookup_timeout);
	EXPECT_EQ(0, c.max_tip_age);
	EXPECT_EQ(1, c.allow_remote_http);
	EXPECT_EQ(100, c.renew_blocks);

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		EXPECT_EQ(-1, set(&c, refused[i].key, refused[i].value, err));
		EXPECT_STREQ(refused[i].err, err);
	}
	/* Refused values leave the field as it was. */
	EXPECT_EQ(2500, c.lookup_timeout);
	EXPECT_EQ(0, c.max_tip_age);
	EXPECT_EQ(1, c.allow_remote_http);
	EXPECT_EQ(100, c.renew_blocks);

	/* Each key once per file, like the others. */
	config_defaults(&c);
	EXPECT_EQ(-1, load_text(&c, path,
		"max-tip-age=600\nmax-tip-age=700\n", err));
	EXPECT_NE(NULL, strstr(err, ":2: max-tip-age: already set on line 1"));
	EXPECT_EQ(10800, c.max_tip_age);
}

#define REMOTE(h) "url: plaintext http:// to " h ", not this host: the " \
	"password and every key the node sends cross the network " \
	"unprotected; use a local node or https:// (a TLS proxy), or set " \
	"allow-remote-http = 1"

TEST(check_plain_http_only_to_loopback)
{
	static const char *const local[] = {
		"http://127.0.0.1:8336/", "http://127.0.0.1", "http://127.1.2.3/",
		"http://127.255.255.254:18443/", "http://[::1]:8336/",
		"http://[::1]", "http://[0:0:0:0:0:0:0:1]/",
		"http://[::ffff:127.0.0.1]:8336/", "http://localhost:8336/",
		"http://LocalHost/", "http://localhost./",
		"http://127.0.0.1:8336/wallet/w1",
	};
	static const struct {
		const char *url, *host;
	} remote[] = {
		{ "http://10.9.5.3:18443/", "10.9.5.3:18443" },
		{ "http://node.example/", "node.example" },
		{ "http://128.0.0.1/", "128.0.0.1" },
		{ "http://126.255.255.255/", "126.255.255.255" },
		{ "http://0.0.0.0:8336/", "0.0.0.0:8336" },
		/* Names are not resolved, whatever they promise. */
		{ "http://127.0.0.1.nip.io/", "127.0.0.1.nip.io" },
		{ "http://localhost.example.com/", "localhost.example.com" },
		{ "http://localhostx/", "localhostx" },
		{ "http://my-localhost/", "my-localhost" },
		/* Spellings of 127.0.0.1 that inet_pton does not take. */
		{ "http://127.1/", "127.1" },
		{ "http://0x7f000001/", "0x7f000001" },
		{ "http://2130706433/", "2130706433" },
		{ "http://[::2]/", "[::2]" },
		{ "http://[::ffff:10.0.0.1]/", "[::ffff:10.0.0.1]" },
		{ "http://[::1/", "[::1" },
		{ "http://[fe80::1%25lo]/", "[fe80::1%25lo]" },
		{ "http://::1/", "::1" },
	};
	char want[400], err[256];
	struct config c;
	size_t i;

	config_defaults(&c);
	expect_urls(_metadata, &c, local, sizeof(local) / sizeof(local[0]),
		    NULL, 0);
	for (i = 0; i < sizeof(remote) / sizeof(remote[0]); i++) {
		c.allow_remote_http = 0;
		strcpy(c.url, remote[i].url);
		EXPECT_EQ(-1, config_check(&c, err, sizeof(err)));
		snprintf(want, sizeof(want), REMOTE("%s"), remote[i].host);
		EXPECT_STREQ(want, err);
		/* Said in so many words, it is allowed. */
		c.allow_remote_http = 1;
		EXPECT_EQ(0, config_check(&c, err, sizeof(err)));
		/* TLS to the same host needs no permission. */
		c.allow_remote_http = 0;
		memmove(c.url + 5, c.url + 4, strlen(c.url + 4) + 1);
		c.url[4] = 's';
		EXPECT_EQ(0, config_check(&c, err, sizeof(err)));
	}
	/* A long host is cut in the message, as other values are. */
	config_defaults(&c);
	strcpy(c.url, "http://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/");
	EXPECT_EQ(-1, config_check(&c, err, sizeof(err)));
	EXPECT_STREQ(REMOTE("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa..."), err);
	/* The option set from a file or a flag is what config_check sees. */
	config_defaults(&c);
	ASSERT_EQ(0, set(&c, "url", "http://10.9.5.3:18443/", err));
	EXPECT_EQ(-1, config_check(&c, err, sizeof(err)));
	ASSERT_EQ(0, set(&c, "allow-remote-http", "1", err));
	EXPECT_EQ(0, config_check(&c, err, sizeof(err)));
	ASSERT_EQ(0, set(&c, "allow-remote-http", "0", err));
	EXPECT_EQ(-1, config_check(&c, err, sizeof(err)));
}

#define NO_WALLET	"url: /wallet/ without a wallet name (/wallet/NAME " \
			"selects one of the node's wallets)"

TEST(check_wallet_url)
{
	static const char *const good[] = {
		"http://127.0.0.1:8336/wallet/w1",
		"http://127.0.0.1:8336/wallet/my%20wallet",
		"https://node.example/wallet/w2",
		"http://127.0.0.1:8336/",
		"http://127.0.0.1:8336/walletx/",
	};
	static const struct bad_url bad[] = {
		{ "http://127.0.0.1:8336/wallet/", NO_WALLET },
		{ "http://127.0.0.1:8336/wallet/?x=1", NO_WALLET },
		{ "https://node.example/wallet/#w", NO_WALLET },
	};
	struct config c;

	config_defaults(&c);
	expect_urls(_metadata, &c, good, sizeof(good) / sizeof(good[0]), bad,
		    sizeof(bad) / sizeof(bad[0]));
}

/*
 * config_credentials() as uid:gid with the supplementary group sup (0:
 * none), in a child when we are root; its err in err (256 bytes).
 */
static int creds_as(const struct config *c, uid_t uid, gid_t gid, gid_t sup,
		    char *out, char *err)
{
	struct { int r; char out[256], err[256]; } res;
	int p[2], status;
	pid_t pid;

	if (geteuid())
		return config_credentials(c, out, 256, err, 256);
	if (pipe(p))
		return -2;
	pid = fork();
	if (pid < 0)
		return -2;
	if (!pid) {
		close(p[0]);
		memset(&res, 0, sizeof(res));
		res.r = -3;
		if (!setgroups(sup ? 1 : 0, &sup) && !setresgid(gid, gid, gid) &&
		    !setresuid(uid, uid, uid))
			res.r = config_credentials(c, res.out, 256, res.err,
						   256);
		_exit(write(p[1], &res, sizeof(res)) != sizeof(res));
	}
	close(p[1]);
	if (read(p[0], &res, sizeof(res)) != sizeof(res))
		res.r = -4;
	close(p[0]);
	waitpid(pid, &status, 0);
	strcpy(out, res.out);
	strcpy(err, res.err);
	return res.r;
}

#define SYMLINK	"a symbolic link: refused " \
		"(name the file namecoind writes)"

TEST(cookie_symlink_refused)
{
	char link[300], out[256], err[256];
	struct config c;

	config_defaults(&c);
	ASSERT_EQ(0, hex_cookie(&c, NULL));
	ASSERT_EQ(0, creds(&c, out, err));
	/* The same file through a link: refused, though readable. */
	snprintf(link, sizeof(link), "%s.link", c.cookie_file);
	ASSERT_EQ(0, symlink(c.cookie_file, link));
	strcpy(c.cookie_file, link);
	EXPECT_EQ(-1, creds(&c, out, err));
	EXPECT_STREQ("", out);
	expect_cookie_err(_metadata, &c, err, SYMLINK);
	/* A link to a file only root may read: the same, nothing read. */
	unlink(link);
	ASSERT_EQ(0, symlink("/etc/shadow", link));
	EXPECT_EQ(-1, creds(&c, out, err));
	expect_cookie_err(_metadata, &c, err, SYMLINK);
	EXPECT_STREQ("", out);
	unlink(link);
	*strrchr(link, '.') = '\0';
	rm_cookie(link);
}

TEST(cookie_must_be_a_regular_file)
{
	char out[256], err[256];
	struct config c;

	config_defaults(&c);
	ASSERT_EQ(0, tmp_cookie(c.cookie_file, "", 0));
	unlink(c.cookie_file);
	/* A FIFO would block a plain open(): refused at once. */
	ASSERT_EQ(0, mkfifo(c.cookie_file, 0600));
	EXPECT_EQ(-1, creds(&c, out, err));
	expect_cookie_err(_metadata, &c, err, "not a regular file");
	rm_cookie(c.cookie_file);
	strcpy(c.cookie_file, "/dev/null");
	EXPECT_EQ(-1, creds(&c, out, err));
	EXPECT_STREQ("rpccookiefile /dev/null: not a regular file", err);
}

TEST(cookie_writable_by_others_refused)
{
	static const mode_t ok[] = { 0600, 0640, 0644, 0400, 0440 };
	static const mode_t bad[] = { 0620, 0602, 0660, 0666, 0622 };
	char out[256], why[100], err[256];
	struct config c;
	size_t i;

	config_defaults(&c);
	ASSERT_EQ(0, hex_cookie(&c, NULL));
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		ASSERT_EQ(0, chmod(c.cookie_file, ok[i]));
		EXPECT_EQ(0, creds(&c, out, err));
		EXPECT_STREQ("__cookie__:" HEX, out);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSERT_EQ(0, chmod(c.cookie_file, bad[i]));
		EXPECT_EQ(-1, creds(&c, out, err));
		snprintf(why, sizeof(why),
			 "mode %04o lets others than its owner write it: refused",
			 (unsigned int)bad[i]);
		expect_cookie_err(_metadata, &c, err, why);
		EXPECT_STREQ("", out);
	}
	rm_cookie(c.cookie_file);
}

/* Owner rules need chown: as root only. */
TEST(cookie_owner_root_or_directory_owner)
{
	char dir[64], out[256], err[256];
	struct config c;

	if (geteuid())
		SKIP(return, "chown needs root");
	config_defaults(&c);
	ASSERT_EQ(0, hex_cookie(&c, dir));
	/* Root's file in root's directory. */
	EXPECT_EQ(0, creds(&c, out, err));
	/* Another user's file in root's directory: planted, refused. */
	ASSERT_EQ(0, chown(c.cookie_file, 4321, 4321));
	EXPECT_EQ(-1, creds(&c, out, err));
	expect_cookie_err(_metadata, &c, err,
			  "owned by uid 4321, neither root nor its directory's owner (uid 0): refused");
	/* The node's user writes in its own datadir: accepted. */
	ASSERT_EQ(0, chown(dir, 4321, 4321));
	EXPECT_EQ(0, creds(&c, out, err));
	EXPECT_STREQ("__cookie__:" HEX, out);
	/* Root's file in the node's directory: accepted. */
	ASSERT_EQ(0, chown(c.cookie_file, 0, 0));
	EXPECT_EQ(0, creds(&c, out, err));
	/* A third user's file in the node's directory: refused. */
	ASSERT_EQ(0, chown(c.cookie_file, 999, 999));
	EXPECT_EQ(-1, creds(&c, out, err));
	expect_cookie_err(_metadata, &c, err,
			  "owned by uid 999, neither root nor its directory's owner (uid 4321): refused");
	rm_cookie(c.cookie_file);
}

/*
 * The deployment of namecoin.rst: namecoind (uid 4321, group 4321) in its
 * datadir of mode 0710; the helper another uid in that group.
 */
#define CLOSED	"its directory is closed to uid 4322: run this helper " \
		"in namecoind's group, or use rpcuser/rpcpassword (rpcauth)"

TEST(cookie_permissions_say_how_to_fix)
{
	char dir[64], out[256], err[256];
	const uid_t node = 4321, helper = 4322;
	struct config c;

	if (geteuid())
		SKIP(return, "needs root to act as two users");
	config_defaults(&c);
	ASSERT_EQ(0, hex_cookie(&c, dir));
	ASSERT_EQ(0, chown(dir, node, node));
	ASSERT_EQ(0, chmod(dir, 0710));
	ASSERT_EQ(0, chown(c.cookie_file, node, node));

	/* namecoind's default, 0600: the line says what to change. */
	EXPECT_EQ(-1, creds_as(&c, helper, helper, node, out, err));
	expect_cookie_err(_metadata, &c, err,
			  "mode 0600, owner 4321, group 4321: uid 4322 cannot read it: start namecoind with -rpccookieperms=group and run this helper in its group");
	EXPECT_STREQ("", out);

	/* -rpccookieperms=group and the helper in the node's group: works. */
	ASSERT_EQ(0, chmod(c.cookie_file, 0640));
	EXPECT_EQ(0, creds_as(&c, helper, helper, node, out, err));
	EXPECT_STREQ("__cookie__:" HEX, out);
	/* Outside the group the 0710 datadir is closed to it altogether. */
	EXPECT_EQ(-1, creds_as(&c, helper, helper, 0, out, err));
	expect_cookie_err(_metadata, &c, err, CLOSED);
	EXPECT_STREQ("", out);
	/* So is a datadir of 0700 (a network's subdirectory, regtest/). */
	ASSERT_EQ(0, chmod(dir, 0700));
	EXPECT_EQ(-1, creds_as(&c, helper, helper, node, out, err));
	expect_cookie_err(_metadata, &c, err, CLOSED);
	/* Readable by all, the group does not matter. */
	ASSERT_EQ(0, chmod(dir, 0711));
	ASSERT_EQ(0, chmod(c.cookie_file, 0644));
	EXPECT_EQ(0, creds_as(&c, helper, helper, 0, out, err));
	EXPECT_STREQ("__cookie__:" HEX, out);
	rm_cookie(c.cookie_file);
}

TEST_HARNESS_MAIN
