// SPDX-License-Identifier: GPL-2.0
/*
 * fake-namecoind's credentials: HTTP Basic auth against -u USER:PASS and
 * the cookie, and the cookie file that -C writes (-P: its mode, as
 * -rpccookieperms) and exit removes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake.h"

char *creds[2];
static char cookie_path[PATH_MAX];
static bool cookie_written;

static int b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Strict base64 to a NUL-terminated string; false if invalid. */
static bool b64dec(const char *s, char *out, size_t outlen)
{
	size_t n = strlen(s), i, o = 0;
	uint32_t acc = 0;
	int bits = 0, v;

	if (n % 4)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == '=') {
			if (i < n - 2 || (i == n - 2 && s[n - 1] != '='))
				return false;
			continue;
		}
		v = b64val(s[i]);
		if (v < 0)
			return false;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o + 1 >= outlen)
				return false;
			out[o++] = (char)(acc >> bits);
		}
	}
	if (memchr(out, 0, o))
		return false;
	out[o] = 0;
	return true;
}

/* 0: authorised, 1: no Authorization header, 2: wrong credentials. */
int check_auth(const char *head)
{
	static char hv[8192], up[8192];
	size_t i, a, b;
	int diff;

	switch (header(head, "Authorization", hv, sizeof(hv))) {
	case 0:
		return 1;
	case -1:
		return 2;
	}
	if (strncmp(hv, "Basic ", 6))
		return 2;
	if (!b64dec(hv + 6 + strspn(hv + 6, " \t"), up, sizeof(up)))
		return 2;
	for (i = 0; i < 2; i++) {
		if (!creds[i])
			continue;
		a = strlen(up);
		b = strlen(creds[i]);
		diff = a != b;
		for (a = 0; a < b && up[a]; a++)
			diff |= up[a] ^ creds[i][a];
		if (!diff)
			return 0;
	}
	return 2;
}

/* -P: -rpccookieperms (httprpc.cpp, util/fs_helpers.cpp). */
mode_t cookie_mode(const char *perms)
{
	if (!perms || !strcmp(perms, "owner"))
		return 0600;
	if (!strcmp(perms, "group"))
		return 0640;
	if (!strcmp(perms, "all"))
		return 0644;
	die("Invalid -rpccookieperms=%s; must be one of 'owner', 'group', "
	    "or 'all'.", perms);
}

/* DATADIR/.cookie: "__cookie__:" and 64 hex, written via a rename. */
void write_cookie(const char *dir, const char *perms)
{
	unsigned char rnd[32];
	char line[11 + 65], tmp[PATH_MAX + 8];
	size_t i;
	int fd;

	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
		die("getrandom: %s", strerror(errno));
	memcpy(line, "__cookie__:", 11);
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(line + 11 + 2 * i, 3, "%02x", rnd[i]);
	if ((size_t)snprintf(cookie_path, sizeof(cookie_path), "%s/.cookie",
			     dir) >= sizeof(cookie_path))
		die("-C: path too long");
	snprintf(tmp, sizeof(tmp), "%s.tmp", cookie_path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		die("%s: %s", tmp, strerror(errno));
	if (fchmod(fd, 0600) || write(fd, line, 75) != 75 || close(fd))
		die("%s: %s", tmp, strerror(errno));
	if (rename(tmp, cookie_path))
		die("%s: %s", cookie_path, strerror(errno));
	cookie_written = true;
	if (chmod(cookie_path, cookie_mode(perms)))
		die("%s: %s", cookie_path, strerror(errno));
	creds[1] = xmemdup(line, 75);
}

/* At exit (die() too): the cookie file goes, as namecoind's does. */
void remove_cookie(void)
{
	if (cookie_written)
		unlink(cookie_path);
}
