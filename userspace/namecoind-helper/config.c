// SPDX-License-Identifier: GPL-2.0
/*
 * namecoind-helper's configuration; see config.h.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/*
 * A value as it may appear in a message: at most 40 bytes, anything but
 * printable ASCII shown as '?', "..." when cut. Never used for rpcpassword.
 */
#define SHOW_MAX	40
struct shown {
	char s[SHOW_MAX + 4];
};

static struct shown show(const char *v)
{
	struct shown out;
	size_t i;

	for (i = 0; v[i] && i < SHOW_MAX; i++)
		out.s[i] = v[i] >= 0x20 && v[i] < 0x7f ? v[i] : '?';
	if (v[i]) {
		memcpy(out.s + i, "...", 3);
		i += 3;
	}
	out.s[i] = '\0';
	return out;
}

static const char *const level_names[] = {
	[LOG_ERROR] = "error",
	[LOG_WARN] = "warn",
	[LOG_INFO] = "info",
	[LOG_DEBUG] = "debug",
};

int config_log_level(const char *s, enum log_level *out)
{
	size_t i;

	for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (!strcmp(s, level_names[i])) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return -1;
}

const char *config_log_level_name(enum log_level l)
{
	if ((unsigned int)l >= sizeof(level_names) / sizeof(level_names[0]))
		return "?";
	return level_names[l];
}

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->url, "http://127.0.0.1:8336/");
	c->confirmations = 2;
	c->ttl = 3600;
	c->negative_ttl = 60;
	c->poll_interval = 30;
	c->rpc_timeout = 5000;
	c->retry_max = 300;
	c->log_level = LOG_WARN;
	c->rotate_interval = 0;
	c->grace = 600;
	c->block_time = 600;
	c->lookup_timeout = 8000;
	c->max_tip_age = 10800;
	c->allow_remote_http = 0;
	c->renew_blocks = 2000;
}

enum opt_kind {
	OPT_STRING,	/* copied as it is, if it fits */
	OPT_NUMBER,	/* min..max, or 0 too if zero_ok */
	OPT_LEVEL,
	OPT_PRELOAD,
};

struct opt {
	const char *key;
	enum opt_kind kind;
	size_t off;		/* of the field in struct config */
	size_t size;		/* OPT_STRING: of the field */
	unsigned int min, max;	/* OPT_NUMBER */
	bool zero_ok;		/* OPT_NUMBER: 0 means "off" */
	/* OPT_STRING: what else a non-empty value must be, or NULL */
	int (*valid)(const char *key, const char *v, char *err, size_t errlen);
};

static bool is_label_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	       ch == '-';
}

/* A directory label: 1 to 63 of a-z, 0-9, '-', no '-' first or last. */
static bool is_label(const char *s, size_t len)
{
	size_t i;

	if (len < 1 || len > 63 || s[0] == '-' || s[len - 1] == '-')
		return false;
	for (i = 0; i < len; i++)
		if (!is_label_char(s[i]))
			return false;
	return true;
}

/* "demo.bit", "www.demo.bit": labels, the last of them "bit". */
static bool is_bit_name(const char *s)
{
	size_t len = strlen(s);
	const char *p = s, *end, *dot;

	if (len < 5 || strcmp(s + len - 4, ".bit"))
		return false;
	end = s + len - 4;
	for (;;) {
		dot = memchr(p, '.', (size_t)(end - p));
		if (!dot)
			dot = end;
		if (!is_label(p, (size_t)(dot - p)))
			return false;
		if (dot == end)
			return true;
		p = dot + 1;
	}
}

static int valid_user(const char *key, const char *v, char *err,
		      size_t errlen)
{
	if (strchr(v, ':'))
		return fail(err, errlen,
			    "%s: contains ':', which ends the user in HTTP Basic auth",
			    key);
	return 0;
}

static int valid_path(const char *key, const char *v, char *err,
		      size_t errlen)
{
	if (v[0] != '/')
		return fail(err, errlen,
			    "%s: \"%s\" is not an absolute path (\"~\" is not expanded)",
			    key, show(v).s);
	return 0;
}

static int valid_publish_name(const char *key, const char *v, char *err,
			      size_t errlen)
{
	if (strncmp(v, "d/", 2) || !is_label(v + 2, strlen(v + 2)))
		return fail(err, errlen,
			    "%s: \"%s\" is not d/ and 1 to 63 of a-z, 0-9 and '-' (not first or last)",
			    key, show(v).s);
	return 0;
}

static int valid_ip(const char *key, const char *v, char *err, size_t errlen)
{
	unsigned char a[16];

	if (inet_pton(AF_INET, v, a) != 1 && inet_pton(AF_INET6, v, a) != 1)
		return fail(err, errlen,
			    "%s: \"%s\" is not an IPv4 or IPv6 address",
			    key, show(v).s);
	return 0;
}

#define STR(k, field, fn) { .key = k, .kind = OPT_STRING, \
	.off = offsetof(struct config, field), \
	.size = sizeof(((struct config *)0)->field), .valid = fn }
#define NUM(k, field, lo, hi, z) { .key = k, .kind = OPT_NUMBER, \
	.off = offsetof(struct config, field), .min = lo, .max = hi, \
	.zero_ok = z }

static const struct opt opts[] = {
	STR("url", url, NULL),
	STR("rpcuser", user, valid_user),
	STR("rpcpassword", password, NULL),
	STR("rpccookiefile", cookie_file, valid_path),
	NUM("confirmations", confirmations, 1, 1000, false),
	NUM("ttl", ttl, 10, 2592000, false),
	NUM("negative-ttl", negative_ttl, 1, 86400, false),
	NUM("poll-interval", poll_interval, 1, 3600, false),
	NUM("rpc-timeout", rpc_timeout, 100, 300000, false),
	NUM("retry-max", retry_max, 1, 86400, false),
	{ .key = "log-level", .kind = OPT_LEVEL },
	{ .key = "preload", .kind = OPT_PRELOAD },
	STR("publish-name", publish_name, valid_publish_name),
	STR("publish-ip", publish_ip, valid_ip),
	NUM("rotate-interval", rotate_interval, 10, 604800, true),
	NUM("grace", grace, 0, 86400, false),
	NUM("block-time", block_time, 1, 86400, false),
	NUM("lookup-timeout", lookup_timeout, 100, 120000, false),
	NUM("max-tip-age", max_tip_age, 60, 31536000, true),
	NUM("allow-remote-http", allow_remote_http, 0, 1, false),
	NUM("renew-blocks", renew_blocks, 1, 35999, false),
};

#define N_OPTS	(sizeof(opts) / sizeof(opts[0]))

static const struct opt *find_opt(const char *key)
{
	size_t i;

	for (i = 0; i < N_OPTS; i++)
		if (!strcmp(key, opts[i].key))
			return &opts[i];
	return NULL;
}

/* Decimal digits only into *out: 0, -1 if not a number, -2 if too large. */
static int parse_uint(const char *s, unsigned int *out)
{
	unsigned long long v = 0;
	bool big = false;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (!big)
			v = v * 10 + (unsigned int)(*s - '0');
		if (v > 0xffffffffULL)
			big = true;
	}
	if (big)
		return -2;
	*out = (unsigned int)v;
	return 0;
}

static int set_number(struct config *c, const struct opt *o, const char *v,
		      char *err, size_t errlen)
{
	unsigned int n = 0;
	int r = parse_uint(v, &n);

	if (r == -1)
		return fail(err, errlen, "%s: \"%s\" is not a decimal number",
			    o->key, show(v).s);
	if (r || ((n < o->min || n > o->max) && !(o->zero_ok && n == 0))) {
		if (o->zero_ok)
			return fail(err, errlen, "%s: %s is not 0 or %u to %u",
				    o->key, show(v).s, o->min, o->max);
		return fail(err, errlen, "%s: %s is not %u to %u", o->key,
			    show(v).s, o->min, o->max);
	}
	*(unsigned int *)((char *)c + o->off) = n;
	return 0;
}

static int set_string(struct config *c, const struct opt *o, const char *v,
		      char *err, size_t errlen)
{
	size_t len = strlen(v);

	if (len >= o->size)
		return fail(err, errlen, "%s: longer than %zu bytes", o->key,
			    o->size - 1);
	if (len && o->valid && o->valid(o->key, v, err, errlen))
		return -1;
	memcpy((char *)c + o->off, v, len + 1);
	return 0;
}

static int add_preload(struct config *c, const char *v, char *err,
		       size_t errlen)
{
	unsigned int i;

	if (strlen(v) >= sizeof(c->preload[0]))
		return fail(err, errlen, "preload: longer than %zu bytes",
			    sizeof(c->preload[0]) - 1);
	if (!is_bit_name(v))
		return fail(err, errlen,
			    "preload: \"%s\" is not a .bit name (labels of a-z, 0-9 and '-', ending in .bit)",
			    show(v).s);
	for (i = 0; i < c->n_preload; i++)
		if (!strcmp(c->preload[i], v))
			return fail(err, errlen, "preload: %s is given twice",
				    v);
	if (c->n_preload >= CONFIG_PRELOAD_MAX)
		return fail(err, errlen, "preload: more than %d names",
			    CONFIG_PRELOAD_MAX);
	strcpy(c->preload[c->n_preload++], v);
	return 0;
}

int config_set(struct config *c, const char *key, const char *value,
	       char *err, size_t errlen)
{
	const struct opt *o;
	enum log_level l;

	if (!key || !*key)
		return fail(err, errlen, "no option name");
	o = find_opt(key);
	if (!o)
		return fail(err, errlen, "%s: unknown key", show(key).s);
	if (!value)
		return fail(err, errlen, "%s: no value", o->key);
	switch (o->kind) {
	case OPT_STRING:
		return set_string(c, o, value, err, errlen);
	case OPT_NUMBER:
		return set_number(c, o, value, err, errlen);
	case OPT_LEVEL:
		if (config_log_level(value, &l))
			return fail(err, errlen,
				    "%s: \"%s\" is not error, warn, info or debug",
				    o->key, show(value).s);
		c->log_level = l;
		return 0;
	case OPT_PRELOAD:
		return add_preload(c, value, err, errlen);
	}
	return fail(err, errlen, "%s: unknown key", o->key);
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' ||
	       ch == '\f';
}

/* s without the blanks around it, in place. */
static char *trim(char *s)
{
	size_t len;

	while (is_blank(*s))
		s++;
	len = strlen(s);
	while (len && is_blank(s[len - 1]))
		s[--len] = '\0';
	return s;
}

enum line_result { LINE_OK, LINE_EOF, LINE_LONG, LINE_ERROR };

/* One line without its '\n' into buf (CONFIG_LINE_MAX + 1 bytes). */
static enum line_result read_line(FILE *f, char *buf, size_t *len)
{
	size_t n = 0;
	int ch;

	while ((ch = getc(f)) != EOF && ch != '\n') {
		if (n == CONFIG_LINE_MAX)
			return LINE_LONG;
		buf[n++] = (char)ch;
	}
	if (ch == EOF && ferror(f))
		return LINE_ERROR;
	if (ch == EOF && n == 0)
		return LINE_EOF;
	buf[n] = '\0';
	*len = n;
	return LINE_OK;
}

/* One line of the file into c; what is wrong with it into err. */
static int load_line(struct config *c, char *line, size_t len,
		     unsigned int lineno, unsigned int *set_on, char *err,
		     size_t errlen)
{
	char *hash, *eq, *key, *value;
	const struct opt *o;
	size_t i;

	if (memchr(line, '\0', len))
		return fail(err, errlen, "contains a NUL byte");
	if (lineno == 1 && !strncmp(line, "\xef\xbb\xbf", 3))
		line += 3;	/* a UTF-8 byte order mark */
	hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	line = trim(line);
	if (!*line)
		return 0;
	eq = strchr(line, '=');
	if (!eq)
		return fail(err, errlen, "no '=' (lines are key=value)");
	*eq = '\0';
	key = trim(line);
	value = trim(eq + 1);
	if (!*key)
		return fail(err, errlen, "no key before '='");
	/* Not shown: it may hold a password, as in "rpcpassword x=y". */
	for (i = 0; key[i]; i++)
		if (!isalnum((unsigned char)key[i]) && key[i] != '-' &&
		    key[i] != '_' && key[i] != '.')
			return fail(err, errlen,
				    "not key=value: what is before '=' is not an option name");
	o = find_opt(key);
	if (!o)
		return fail(err, errlen, "%s: unknown key", show(key).s);
	i = (size_t)(o - opts);
	if (hash && !strcmp(o->key, "rpcpassword"))
		return fail(err, errlen,
			    "%s: '#' starts a comment, which is ambiguous in a password: choose one without '#'",
			    o->key);
	if (o->kind != OPT_PRELOAD && set_on[i])
		return fail(err, errlen, "%s: already set on line %u", o->key,
			    set_on[i]);
	if (config_set(c, key, value, err, errlen))
		return -1;
	set_on[i] = lineno;
	return 0;
}

int config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	unsigned int set_on[N_OPTS] = { 0 }, lineno = 0;
	char line[CONFIG_LINE_MAX + 1], why[512];
	struct config next = *c;
	enum line_result r;
	int ret = -1;
	size_t len;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return fail(err, errlen, "%s: %s", path, strerror(errno));
	for (;;) {
		r = read_line(f, line, &len);
		if (r == LINE_EOF)
			break;
		lineno++;
		if (r == LINE_ERROR) {
			fail(err, errlen, "%s:%u: %s", path, lineno,
			     strerror(errno));
			goto out;
		}
		if (r == LINE_LONG) {
			fail(err, errlen, "%s:%u: longer than %d bytes", path,
			     lineno, CONFIG_LINE_MAX);
			goto out;
		}
		if (load_line(&next, line, len, lineno, set_on, why,
			      sizeof(why))) {
			fail(err, errlen, "%s:%u: %s", path, lineno, why);
			goto out;
		}
	}
	*c = next;
	ret = 0;
out:
	fclose(f);
	explicit_bzero(line, sizeof(line));
	explicit_bzero(&next, sizeof(next));
	return ret;
}

/*
 * Is the host part of a URL (host[:port] or [v6][:port], len bytes) this
 * machine's loopback: 127.0.0.0/8, ::1 (or ::ffff:127.x.y.z), localhost?
 * Anything else, even a name that resolves to 127.0.0.1, is not: what
 * decides is what the configuration says, not what DNS answers today.
 */
static bool is_loopback_host(const char *host, size_t len)
{
	unsigned char a[16];
	char h[256];
	const char *end;

	if (len >= sizeof(h))
		return false;
	if (host[0] == '[') {
		end = memchr(host, ']', len);
		if (!end)
			return false;
		memcpy(h, host + 1, (size_t)(end - host - 1));
		h[end - host - 1] = '\0';
		if (inet_pton(AF_INET6, h, a) != 1)
			return false;
		if (!memcmp(a, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16))
			return true;
		return !memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) &&
		       a[12] == 127;
	}
	end = memchr(host, ':', len);
	if (end)
		len = (size_t)(end - host);
	memcpy(h, host, len);
	h[len] = '\0';
	if (inet_pton(AF_INET, h, a) == 1)
		return a[0] == 127;
	return !strcasecmp(h, "localhost") || !strcasecmp(h, "localhost.");
}

static int check_url(const char *url, bool allow_remote_http, char *err,
		     size_t errlen)
{
	const char *host, *end, *p;
	bool plain = false;
	size_t hostlen;

	if (!strncmp(url, "http://", 7)) {
		host = url + 7;
		plain = true;
	} else if (!strncmp(url, "https://", 8)) {
		host = url + 8;
	} else {
		return fail(err, errlen,
			    "url: does not start with http:// or https://");
	}
	for (p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return fail(err, errlen,
				    "url: contains a space or a control character");
	end = host + strcspn(host, "/?#");
	hostlen = (size_t)(end - host);
	if (!hostlen)
		return fail(err, errlen, "url: no host after \"//\"");
	if (memchr(host, '@', hostlen))
		return fail(err, errlen,
			    "url: has a user or password in it: use rpcuser/rpcpassword or rpccookiefile");
	/* namecoind's wallet endpoint: /wallet/NAME, NAME percent-encoded. */
	if (!strncmp(end, "/wallet/", 8) &&
	    (!end[8] || end[8] == '?' || end[8] == '#'))
		return fail(err, errlen,
			    "url: /wallet/ without a wallet name (/wallet/NAME selects one of the node's wallets)");
	/*
	 * Over plain http the node's answers (every key the kernel installs)
	 * and the RPC password cross the network unprotected.
	 */
	if (plain && !allow_remote_http && !is_loopback_host(host, hostlen)) {
		char h[SHOW_MAX + 2];

		if (hostlen > SHOW_MAX + 1)	/* show() marks the cut */
			hostlen = SHOW_MAX + 1;
		memcpy(h, host, hostlen);
		h[hostlen] = '\0';
		return fail(err, errlen,
			    "url: plaintext http:// to %s, not this host: the password and every key the node sends cross the network unprotected; use a local node or https:// (a TLS proxy), or set allow-remote-http = 1",
			    show(h).s);
	}
	return 0;
}

int config_check(const struct config *c, char *err, size_t errlen)
{
	unsigned long long retire;

	if (check_url(c->url, c->allow_remote_http, err, errlen))
		return -1;
	if (c->user[0] && !c->password[0])
		return fail(err, errlen,
			    "rpcuser is set but rpcpassword is not");
	if (!c->user[0] && c->password[0])
		return fail(err, errlen,
			    "rpcpassword is set but rpcuser is not");
	if (c->negative_ttl > c->ttl)
		return fail(err, errlen,
			    "negative-ttl: %u is more than ttl (%u)",
			    c->negative_ttl, c->ttl);
	if (c->publish_ip[0] && !c->publish_name[0])
		return fail(err, errlen,
			    "publish-ip: set without publish-name");
	if (c->rotate_interval && !c->publish_name[0])
		return fail(err, errlen,
			    "rotate-interval: set without publish-name");
	retire = (unsigned long long)c->confirmations * c->block_time +
		 c->grace;
	if (c->rotate_interval && c->rotate_interval < retire)
		return fail(err, errlen,
			    "rotate-interval: %u s is less than confirmations * block-time + grace (%llu s), the time to retire the old key",
			    c->rotate_interval, retire);
	return 0;
}

/* The owner of the directory holding path, or -1 with errno. */
static int dir_owner(const char *path, uid_t *uid)
{
	const char *slash = strrchr(path, '/');
	char dir[sizeof(((struct config *)0)->cookie_file)];
	struct stat st;
	size_t len;

	if (!slash) {
		strcpy(dir, ".");
	} else {
		len = slash == path ? 1 : (size_t)(slash - path);
		if (len >= sizeof(dir)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(dir, path, len);
		dir[len] = '\0';
	}
	if (stat(dir, &st))
		return -1;
	*uid = st.st_uid;
	return 0;
}

/*
 * open() said EACCES: say what is closed and how the operator opens it.
 * The cookie's directory (namecoind's datadir, 0710 under its unit) or
 * the cookie (0600 unless -rpccookieperms) is closed to this uid.
 */
static int cookie_denied(const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (lstat(path, &st))
		return fail(err, errlen,
			    "rpccookiefile %s: its directory is closed to uid %u: run this helper in namecoind's group, or use rpcuser/rpcpassword (rpcauth)",
			    path, (unsigned int)geteuid());
	return fail(err, errlen,
		    "rpccookiefile %s: mode %04o, owner %u, group %u: uid %u cannot read it: start namecoind with -rpccookieperms=group and run this helper in its group",
		    path, (unsigned int)(st.st_mode & 07777),
		    (unsigned int)st.st_uid, (unsigned int)st.st_gid,
		    (unsigned int)geteuid());
}

/*
 * Open the cookie as config.h says: not through a symbolic link, a
 * regular file, owned by root or its directory's owner, writable by its
 * owner only. The helper may hold privileges the file's writer lacks:
 * it must not be made to send another file's first line as a password.
 */
static int open_cookie(const char *path, char *err, size_t errlen)
{
	struct stat st;
	uid_t owner;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
		  O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return fail(err, errlen,
				    "rpccookiefile %s: missing (is namecoind running?)",
				    path);
		if (errno == ELOOP)
			return fail(err, errlen,
				    "rpccookiefile %s: a symbolic link: refused (name the file namecoind writes)",
				    path);
		if (errno == EACCES)
			return cookie_denied(path, err, errlen);
		return fail(err, errlen, "rpccookiefile %s: %s", path,
			    strerror(errno));
	}
	if (fstat(fd, &st)) {
		fail(err, errlen, "rpccookiefile %s: %s", path,
		     strerror(errno));
		goto bad;
	}
	if (S_ISDIR(st.st_mode)) {
		fail(err, errlen, "rpccookiefile %s: %s", path,
		     strerror(EISDIR));
		goto bad;
	}
	if (!S_ISREG(st.st_mode)) {
		fail(err, errlen, "rpccookiefile %s: not a regular file",
		     path);
		goto bad;
	}
	if (dir_owner(path, &owner)) {
		fail(err, errlen, "rpccookiefile %s: its directory: %s", path,
		     strerror(errno));
		goto bad;
	}
	if (st.st_uid != 0 && st.st_uid != owner) {
		fail(err, errlen,
		     "rpccookiefile %s: owned by uid %u, neither root nor its directory's owner (uid %u): refused",
		     path, (unsigned int)st.st_uid, (unsigned int)owner);
		goto bad;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		fail(err, errlen,
		     "rpccookiefile %s: mode %04o lets others than its owner write it: refused",
		     path, (unsigned int)(st.st_mode & 07777));
		goto bad;
	}
	return fd;
bad:
	close(fd);
	return -1;
}

/* The cookie file's single line into out; 0 or -1 with err. */
static int read_cookie(const char *path, char *out, size_t outlen,
		       char *err, size_t errlen)
{
	char buf[1024];
	size_t n = 0;
	ssize_t r;
	int fd, ret = -1;

	fd = open_cookie(path, err, errlen);
	if (fd < 0)
		return -1;
	while (n < sizeof(buf)) {
		r = read(fd, buf + n, sizeof(buf) - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fail(err, errlen, "rpccookiefile %s: %s", path,
			     strerror(errno));
			goto out;
		}
		if (!r)
			break;
		n += (size_t)r;
	}
	if (n == sizeof(buf)) {
		fail(err, errlen, "rpccookiefile %s: longer than %zu bytes",
		     path, sizeof(buf) - 1);
		goto out;
	}
	if (n && buf[n - 1] == '\n')
		n--;
	if (n && buf[n - 1] == '\r')
		n--;
	if (!n) {
		fail(err, errlen, "rpccookiefile %s: empty", path);
		goto out;
	}
	if (memchr(buf, '\n', n)) {
		fail(err, errlen, "rpccookiefile %s: more than one line", path);
		goto out;
	}
	if (memchr(buf, '\0', n)) {
		fail(err, errlen, "rpccookiefile %s: contains a NUL byte",
		     path);
		goto out;
	}
	if (!memchr(buf, ':', n)) {
		fail(err, errlen,
		     "rpccookiefile %s: no ':' (namecoind writes __cookie__:HEX)",
		     path);
		goto out;
	}
	if (n >= outlen) {
		fail(err, errlen, "rpccookiefile %s: longer than %zu bytes",
		     path, outlen ? outlen - 1 : 0);
		goto out;
	}
	memcpy(out, buf, n);
	out[n] = '\0';
	ret = 0;
out:
	close(fd);
	explicit_bzero(buf, sizeof(buf));
	return ret;
}

int config_credentials(const struct config *c, char *out, size_t outlen,
		       char *err, size_t errlen)
{
	int n;

	if (outlen)
		out[0] = '\0';
	if (c->user[0] || c->password[0]) {
		if (!c->user[0] || !c->password[0])
			return fail(err, errlen,
				    "credentials: rpcuser and rpcpassword go together");
		n = snprintf(out, outlen, "%s:%s", c->user, c->password);
		if (n < 0 || (size_t)n >= outlen) {
			if (outlen)
				explicit_bzero(out, outlen);
			return fail(err, errlen,
				    "credentials: rpcuser:rpcpassword longer than %zu bytes",
				    outlen ? outlen - 1 : 0);
		}
		return 0;
	}
	if (c->cookie_file[0])
		return read_cookie(c->cookie_file, out, outlen, err, errlen);
	return fail(err, errlen,
		    "no credentials: set rpcuser/rpcpassword or rpccookiefile");
}
