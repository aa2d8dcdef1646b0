// SPDX-License-Identifier: GPL-2.0
/*
 * The status socket: a Unix stream socket where each connection gets the
 * proxy's counters, one "key value" line each, and is closed.
 * `mlt-proxy status [--status PATH]` prints them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "proxy.h"

static int unix_addr(const char *path, struct sockaddr_un *un)
{
	memset(un, 0, sizeof(*un));
	un->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(un->sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(un->sun_path, path);
	return 0;
}

int status_open(struct proxy *px)
{
	struct epoll_event e = { .events = EPOLLIN, .data.ptr = NULL };
	struct sockaddr_un un;

	px->status_fd = -1;
	if (!px->status_path)
		return 0;
	if (unix_addr(px->status_path, &un))
		return -1;
	unlink(px->status_path);
	px->status_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK |
			       SOCK_CLOEXEC, 0);
	if (px->status_fd < 0 ||
	    bind(px->status_fd, (struct sockaddr *)&un, sizeof(un)) ||
	    listen(px->status_fd, 8) ||
	    epoll_ctl(px->epfd, EPOLL_CTL_ADD, px->status_fd, &e))
		return -1;
	return 0;
}

void status_serve(struct proxy *px)
{
	char buf[1024];
	int fd, n, i;

	fd = accept4(px->status_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	n = snprintf(buf, sizeof(buf),
		     "mode %s\naccepted %llu\nactive %llu\nclosed %llu\n"
		     "bytes_in %llu\nbytes_out %llu\nbytes_spliced %llu\n"
		     "splice_fallbacks %llu\n",
		     px->serve ? "serve" : "connect",
		     (unsigned long long)px->st.accepted,
		     (unsigned long long)px->st.active,
		     (unsigned long long)px->st.done,
		     (unsigned long long)px->st.bytes_in,
		     (unsigned long long)px->st.bytes_out,
		     (unsigned long long)px->st.bytes_spliced,
		     (unsigned long long)px->st.splice_fallbacks);
	for (i = FAIL_NONE + 1; i < __FAIL_MAX && n < (int)sizeof(buf); i++)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n,
			      "failed_%s %llu\n", fail_name(i),
			      (unsigned long long)px->st.failed[i]);
	/* A short blocking write to a reader that asked: best effort. */
	if (write(fd, buf, (size_t)n) < 0)
		proxy_log("status: %s", strerror(errno));
	close(fd);
}

int status_query(const char *path)
{
	struct sockaddr_un un;
	char buf[1024];
	ssize_t n;
	int fd;

	if (unix_addr(path, &un))
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&un, sizeof(un))) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(fd);
	return n < 0 ? -1 : 0;
}
