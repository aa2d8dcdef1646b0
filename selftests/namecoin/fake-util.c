// SPDX-License-Identifier: GPL-2.0
/*
 * fake-namecoind's small helpers: dying with a message, allocation that
 * cannot fail, the clock, waiting for a socket or for time with
 * SIGTERM/SIGINT deliverable (and the stop flag they set), the fake
 * hashes, and the JSON-RPC error of a failed call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fake.h"

volatile sig_atomic_t stop;
sigset_t wait_mask;

void die(const char *fmt, ...)
{
	va_list ap;

	fputs("fake-namecoind: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	remove_cookie();
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

char *xmemdup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

json_t *xjson(json_t *j)
{
	if (!j)
		die("out of memory (json)");
	return j;
}

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * Wait for fd (or just time, fd < 0) with SIGTERM/SIGINT deliverable.
 * Returns 1 if ready, 0 on timeout, -1 when asked to stop.
 */
int wait_for(int fd, short events, long long ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	struct timespec ts;
	int r;

	if (ms < 0)
		ms = 0;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000;
	if (stop)
		return -1;
	r = ppoll(fd >= 0 ? &p : NULL, fd >= 0, &ts, &wait_mask);
	if (stop)
		return -1;
	if (r < 0)
		return errno == EINTR ? 0 : -1;
	return r > 0;
}

/* Sleep ms; false when asked to stop meanwhile. */
bool nap(long long ms)
{
	long long end = now_ms() + ms;

	while (now_ms() < end)
		if (wait_for(-1, 0, end - now_ms()) < 0)
			return false;
	return !stop;
}

uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* A 64-hex "hash" for (tag, n): block hashes, txids. */
void fake_hash(char out[65], uint64_t tag, uint64_t n)
{
	int i;

	for (i = 0; i < 4; i++)
		snprintf(out + 16 * i, 17, "%016llx",
			 (unsigned long long)mix64(mix64(tag * 4 + i) ^ n));
}

const char *jtype(const json_t *v)
{
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "bool";
	default:
		return "null";
	}
}

json_t *fail(struct rpc_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return NULL;
}
