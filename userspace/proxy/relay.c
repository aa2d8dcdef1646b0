// SPDX-License-Identifier: GPL-2.0
/*
 * The relay: every proxied connection is a pair of sockets and one buffer
 * of PROXY_BUF bytes per direction. A side is read only while its buffer
 * has room, so a slow reader slows its writer (backpressure) and the proxy
 * holds at most 2 * PROXY_BUF per connection. An end of file is passed on
 * as shutdown(SHUT_WR) once its buffer drained (half-close); an error on
 * either side resets the TCP side. One thread, epoll, level-triggered.
 *
 * The buffer of a direction is a pipe where the kernel can splice() both
 * ways, so the bytes never come up to the proxy: TCP's pages go into the
 * pipe and on to the MinimaLT socket, which copies them once into its
 * records; the other way the MinimaLT socket copies into the pipe and TCP
 * takes the pages. Where a splice() is refused (no pipe to be had, an old
 * module) the direction falls back to the buffer, with what the pipe held.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "proxy.h"

struct end {
	struct pair *p;
	int side;
};

struct pair {
	struct end end[2];
	int fd[2];
	char *buf[2];		/* buf[i]: read from fd[i], for fd[!i] */
	int pipe[2][2];		/* or pipe[i], when spliced[i] */
	bool spliced[2];
	bool maybe_full[2];	/* pipe[i] refused more: wait for a write */
	size_t head[2], tail[2];	/* in buf[i] or pipe[i] */
	bool eof[2];		/* fd[i] gave its end of file */
	bool shut[2];		/* shutdown(fd[i], SHUT_WR) done */
	bool connecting;	/* fd[1]'s connect() in progress */
	bool hold1;		/* fd[1] not read yet, see relay_start() */
	bool dead;		/* ended; freed after the events in hand */
	long long hold_until;
	uint32_t ev[2];		/* the epoll interest set now */
	uint64_t bytes[2];
	long long t0;
	unsigned long long id;
	char desc[200];
	struct pair *next, *prev;
};

static struct pair *pairs, *graveyard;
static struct end listen_end[PROXY_LISTEN_MAX];

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

void proxy_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *fail_name(enum proxy_fail f)
{
	static const char *const names[__FAIL_MAX] = {
		[FAIL_NONE] = "ok", [FAIL_NONAME] = "no-name",
		[FAIL_REFUSED] = "refused", [FAIL_TIMEOUT] = "timeout",
		[FAIL_RESET] = "reset", [FAIL_LIMIT] = "limit",
	};

	return f < __FAIL_MAX ? names[f] : "?";
}

static enum proxy_fail fail_of(int err)
{
	switch (err) {
	case ECONNREFUSED:
		return FAIL_REFUSED;
	case ETIMEDOUT:
	case EHOSTUNREACH:
	case ENETUNREACH:
		return FAIL_TIMEOUT;
	case ENOENT:
	case EKEYEXPIRED:
	case ENOKEY:
	case EKEYREJECTED:
		return FAIL_NONAME;
	default:
		return FAIL_RESET;
	}
}

void reset_close(int fd)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

static void pair_end(struct proxy *px, struct pair *p, int err)
{
	enum proxy_fail f = err ? fail_of(err) : FAIL_NONE;

	proxy_log("conn %llu %s: %s%s, in %llu, out %llu bytes, %lld ms",
		  p->id, p->desc, err ? "failed: " : "closed",
		  err ? strerror(err) : "",
		  (unsigned long long)p->bytes[0],
		  (unsigned long long)p->bytes[1], now_ms() - p->t0);
	if (err) {
		px->st.failed[f]++;
		/* The accepted side learns of it as TCP tells it: a reset. */
		if (px->serve)
			close(p->fd[0]);
		else
			reset_close(p->fd[0]);
		if (px->serve)
			reset_close(p->fd[1]);
		else
			close(p->fd[1]);
	} else {
		px->st.done++;
		close(p->fd[0]);
		close(p->fd[1]);
	}
	px->st.active--;
	if (p->prev)
		p->prev->next = p->next;
	else
		pairs = p->next;
	if (p->next)
		p->next->prev = p->prev;
	/* Events of this round may still name it: freed after them. */
	p->dead = true;
	p->next = graveyard;
	graveyard = p;
}

static void pair_free(struct pair *p)
{
	int i;

	for (i = 0; i < 2; i++) {
		free(p->buf[i]);
		if (p->spliced[i]) {
			close(p->pipe[i][0]);
			close(p->pipe[i][1]);
		}
	}
	free(p);
}

static void bury(void)
{
	struct pair *p;

	while (graveyard) {
		p = graveyard;
		graveyard = p->next;
		pair_free(p);
	}
}

/* Direction @i to a buffer of its own, with what its pipe held: 0 or -1. */
static int unsplice(struct proxy *px, struct pair *p, int i, int err)
{
	size_t len = p->tail[i] - p->head[i];
	ssize_t n;

	proxy_log("conn %llu: splice() %s the accepted side: %s: copying instead",
		  p->id, i ? "to" : "from", strerror(err));
	p->buf[i] = malloc(PROXY_BUF);
	if (!p->buf[i])
		return -1;
	n = len ? read(p->pipe[i][0], p->buf[i], len) : 0;
	if (n < 0 || (size_t)n != len)
		return -1;
	close(p->pipe[i][0]);
	close(p->pipe[i][1]);
	p->spliced[i] = false;
	p->maybe_full[i] = false;
	p->head[i] = 0;
	p->tail[i] = len;
	px->st.splice_fallbacks++;
	return 0;
}

/* A splice() that this kernel or this socket cannot do. */
static bool splice_refused(int err)
{
	return err == EINVAL || err == EOPNOTSUPP || err == ENOSYS;
}

#define SPLICE_FLAGS	(SPLICE_F_NONBLOCK | SPLICE_F_MOVE)

/* Read from fd[i] into its buffer or pipe, up to @room bytes. */
static ssize_t take(struct pair *p, int i, size_t room)
{
	if (p->spliced[i])
		return splice(p->fd[i], NULL, p->pipe[i][1], NULL, room,
			      SPLICE_FLAGS);
	return read(p->fd[i], p->buf[i] + p->tail[i], room);
}

/* Write what direction @i holds to fd[!i]. */
static ssize_t give(struct pair *p, int i)
{
	size_t len = p->tail[i] - p->head[i];

	if (p->spliced[i])
		return splice(p->pipe[i][0], NULL, p->fd[!i], NULL, len,
			      SPLICE_FLAGS);
	return send(p->fd[!i], p->buf[i] + p->head[i], len, MSG_NOSIGNAL);
}

/* Move what can move in direction @i (fd[i] to fd[!i]): 0 or an errno. */
static int pump(struct proxy *px, struct pair *p, int i)
{
	int j = !i;
	ssize_t n;

	while (!p->eof[i] && p->tail[i] < PROXY_BUF && !p->maybe_full[i] &&
	       !(i == 1 && (p->hold1 || p->connecting))) {
		n = take(p, i, PROXY_BUF - p->tail[i]);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			/* An empty socket, or a pipe out of slots. */
			if (p->spliced[i] && p->tail[i] > p->head[i])
				p->maybe_full[i] = true;
			break;
		}
		if (n < 0 && p->spliced[i] && splice_refused(errno)) {
			if (unsplice(px, p, i, errno))
				return ENOMEM;
			continue;
		}
		if (n < 0)
			return errno;
		if (n == 0) {
			p->eof[i] = true;
			break;
		}
		p->tail[i] += (size_t)n;
		p->bytes[i] += (uint64_t)n;
		if (p->spliced[i])
			px->st.bytes_spliced += (uint64_t)n;
		if (i == 0)
			px->st.bytes_in += (uint64_t)n;
		else
			px->st.bytes_out += (uint64_t)n;
	}
	while (p->head[i] < p->tail[i] && !(j == 1 && p->connecting)) {
		n = give(p, i);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		if (n < 0 && p->spliced[i] && splice_refused(errno)) {
			if (unsplice(px, p, i, errno))
				return ENOMEM;
			continue;
		}
		if (n < 0)
			return errno;
		p->head[i] += (size_t)n;
		p->maybe_full[i] = false;
		/* The first bytes went with the create: fd[1] may be read. */
		if (i == 0)
			p->hold1 = false;
	}
	if (p->head[i] == p->tail[i]) {
		p->head[i] = p->tail[i] = 0;
		p->maybe_full[i] = false;
	}
	if (p->eof[i] && !p->tail[i] && !p->shut[j] &&
	    !(j == 1 && p->connecting)) {
		if (shutdown(p->fd[j], SHUT_WR) && errno != ENOTCONN)
			return errno;
		p->shut[j] = true;
		if (i == 0)
			p->hold1 = false;
	}
	return 0;
}

static int so_error(int fd)
{
	socklen_t len = sizeof(int);
	int err = 0;

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
		return errno;
	return err;
}

static int set_interest(struct proxy *px, struct pair *p, int i, uint32_t ev)
{
	struct epoll_event e = { .events = ev, .data.ptr = &p->end[i] };

	if (ev == p->ev[i])
		return 0;
	p->ev[i] = ev;
	return epoll_ctl(px->epfd, EPOLL_CTL_MOD, p->fd[i], &e) ? errno : 0;
}

/* After an event on @p: move data, then set what to wait for. */
static void pair_run(struct proxy *px, struct pair *p, uint32_t events,
		     int side)
{
	uint32_t ev[2] = { 0, 0 };
	int err = 0, i;

	if (p->dead)
		return;
	if (side == 1 && p->connecting && (events & (EPOLLOUT | EPOLLERR |
						     EPOLLHUP))) {
		err = so_error(p->fd[1]);
		p->connecting = false;
	}
	if (p->hold1 && now_ms() >= p->hold_until)
		p->hold1 = false;
	for (i = 0; i < 2 && !err; i++)
		err = pump(px, p, i);
	if (!err && p->shut[0] && p->shut[1]) {
		pair_end(px, p, 0);
		return;
	}
	for (i = 0; i < 2 && !err; i++) {
		if (!p->eof[i] && p->tail[i] < PROXY_BUF && !p->maybe_full[i] &&
		    !(i == 1 && (p->hold1 || p->connecting)))
			ev[i] |= EPOLLIN;
		if (p->tail[!i] > p->head[!i] || (i == 1 && p->connecting))
			ev[i] |= EPOLLOUT;
	}
	for (i = 0; i < 2 && !err; i++)
		err = set_interest(px, p, i, ev[i]);
	if (err)
		pair_end(px, p, err);
}

int relay_start(struct proxy *px, int fd0, int fd1, bool connecting,
		bool hold1, const void *pre, size_t pre_len, const char *desc)
{
	struct epoll_event e = { 0 };
	struct pair *p = calloc(1, sizeof(*p));
	int i;

	if (!p || pre_len > PROXY_BUF) {
		free(p);
		return -1;
	}
	for (i = 0; i < 2; i++) {
		if (px->splice &&
		    !pipe2(p->pipe[i], O_NONBLOCK | O_CLOEXEC)) {
			p->spliced[i] = true;
			continue;
		}
		p->buf[i] = malloc(PROXY_BUF);
		if (!p->buf[i]) {
			pair_free(p);
			return -1;
		}
	}
	p->fd[0] = fd0;
	p->fd[1] = fd1;
	p->connecting = connecting;
	p->hold1 = hold1;
	p->t0 = now_ms();
	p->hold_until = p->t0 + px->first_data_ms;
	p->id = ++px->next_id;
	snprintf(p->desc, sizeof(p->desc), "%s", desc);
	if (pre_len && p->spliced[0] &&
	    write(p->pipe[0][1], pre, pre_len) != (ssize_t)pre_len) {
		pair_free(p);
		return -1;
	} else if (pre_len && !p->spliced[0]) {
		memcpy(p->buf[0], pre, pre_len);
	}
	p->tail[0] = pre_len;
	for (i = 0; i < 2; i++) {
		p->end[i].p = p;
		p->end[i].side = i;
		e.events = 0;
		e.data.ptr = &p->end[i];
		if (epoll_ctl(px->epfd, EPOLL_CTL_ADD, p->fd[i], &e)) {
			if (i)
				epoll_ctl(px->epfd, EPOLL_CTL_DEL, fd0, NULL);
			pair_free(p);
			return -1;
		}
	}
	p->next = pairs;
	if (pairs)
		pairs->prev = p;
	pairs = p;
	px->st.active++;
	proxy_log("conn %llu %s: open", p->id, p->desc);
	pair_run(px, p, 0, 0);
	return 0;
}

int relay_add_listener(struct proxy *px, size_t k)
{
	struct epoll_event e = { .events = EPOLLIN, .data.ptr = &listen_end[k] };

	listen_end[k].side = -(int)k - 1;
	return epoll_ctl(px->epfd, EPOLL_CTL_ADD, px->lfd[k], &e);
}

/* The nearest end of a hold, in ms for epoll_wait(); -1: none. */
static int next_timeout(void)
{
	long long t = -1, now = now_ms(), left;
	struct pair *p;

	for (p = pairs; p; p = p->next) {
		if (!p->hold1)
			continue;
		left = p->hold_until > now ? p->hold_until - now : 0;
		if (t < 0 || left < t)
			t = left;
	}
	return (int)t;
}

static void run_holds(struct proxy *px)
{
	long long now = now_ms();
	struct pair *p, *next;

	for (p = pairs; p; p = next) {
		next = p->next;
		if (p->hold1 && now >= p->hold_until)
			pair_run(px, p, 0, 0);
	}
}

int relay_loop(struct proxy *px, int (*on_accept)(struct proxy *px, int lfd))
{
	struct epoll_event ev[64];
	struct end *e;
	size_t k;
	int n, i;

	for (;;) {
		if (px->stopping && px->n_lfd) {
			for (k = 0; k < px->n_lfd; k++)
				close(px->lfd[k]);
			px->n_lfd = 0;
			proxy_log("stopping: %llu connections to finish",
				  (unsigned long long)px->st.active);
		}
		if (px->stopping && !pairs)
			return 0;
		if (px->reload) {
			px->reload = 0;
			proxy_reload(px);
		}
		n = epoll_wait(px->epfd, ev, 64, next_timeout());
		if (n < 0 && errno != EINTR)
			return -1;
		for (i = 0; i < n; i++) {
			e = ev[i].data.ptr;
			if (!e) {
				status_serve(px);
			} else if (e->side < 0) {
				if (!px->stopping)
					on_accept(px, px->lfd[-e->side - 1]);
			} else {
				pair_run(px, e->p, ev[i].events, e->side);
			}
		}
		run_holds(px);
		bury();
	}
}
