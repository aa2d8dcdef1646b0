// SPDX-License-Identifier: GPL-2.0
/*
 * mlt-proxy: existing TCP programs over MinimaLT, both ways.
 *
 *   mlt-proxy connect [--listen ADDR:PORT]... [--map FILE]
 *                     [--first-data-ms MS] [--max-conns N] [--status PATH]
 *                     [--no-splice]
 *   mlt-proxy serve SERVICE --to ADDR:PORT [--proxy-protocol]
 *                     [--max-conns N] [--status PATH] [--no-splice]
 *   mlt-proxy status [--status PATH]
 *
 * Documentation/programs.rst says how the pieces fit. SIGTERM stops
 * accepting and lets the connections finish; SIGHUP reads the map again.
 * connect takes its listening sockets from systemd (LISTEN_FDS) when
 * started by a socket unit.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mltnl.h"
#include "proxy.h"

#define DEFAULT_PORT	4780
#define STATUS_DIR	"/run/mlt-proxy"

static struct proxy px;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		px.reload = 1;
	else
		px.stopping = 1;
}

static int usage(FILE *f, int code)
{
	fprintf(f,
		"Usage: mlt-proxy connect [--listen ADDR:PORT]... [--map FILE]\n"
		"                         [--first-data-ms MS] [--max-conns N] [--status PATH]\n"
		"                         [--no-splice]\n"
		"       mlt-proxy serve SERVICE --to ADDR:PORT [--proxy-protocol]\n"
		"                         [--max-conns N] [--status PATH] [--no-splice]\n"
		"       mlt-proxy status [--status PATH]\n"
		"connect: TCP connections to virtual addresses (127.77.0.0/16,\n"
		"fd6d:6c74:4d00::/64) over MinimaLT to the name that holds the\n"
		"address (default listen 127.0.0.1:%d and [::1]:%d, where the\n"
		"unit's nftables rule redirects them). serve: MinimaLT connections\n"
		"to SERVICE to a TCP backend. status: the counters of a running\n"
		"proxy. See Documentation/programs.rst.\n",
		DEFAULT_PORT, DEFAULT_PORT);
	return code;
}

static int parse_num(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return (errno || end == s || *end || *s == '-' || *out > max) ? -1 : 0;
}

/* "1.2.3.4:80" or "[::1]:80" into @ss. */
static int parse_hostport(const char *s, struct sockaddr_storage *ss,
			  socklen_t *len)
{
	struct sockaddr_in6 *s6 = (void *)ss;
	struct sockaddr_in *s4 = (void *)ss;
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(s, ':');
	unsigned long port;
	size_t hl;

	if (!colon || parse_num(colon + 1, 65535, &port) || !port)
		return -1;
	hl = (size_t)(colon - s);
	if (hl >= sizeof(host))
		return -1;
	memcpy(host, s, hl);
	host[hl] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (hl > 2 && host[0] == '[' && host[hl - 1] == ']') {
		host[hl - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			return -1;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*s6);
		return 0;
	}
	if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
		return -1;
	s4->sin_family = AF_INET;
	s4->sin_port = htons((uint16_t)port);
	*len = sizeof(*s4);
	return 0;
}

static int listen_on(const char *spec)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1;

	if (px.n_lfd == PROXY_LISTEN_MAX) {
		fprintf(stderr, "mlt-proxy: --listen: at most %d\n",
			PROXY_LISTEN_MAX);
		return -1;
	}
	if (parse_hostport(spec, &ss, &len)) {
		fprintf(stderr, "mlt-proxy: --listen: \"%s\" is not ADDR:PORT\n",
			spec);
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_IP, IP_FREEBIND, &one, sizeof(one)) ||
	    (ss.ss_family == AF_INET6 &&
	     setsockopt(fd, SOL_IPV6, IPV6_V6ONLY, &one, sizeof(one))) ||
	    bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 128)) {
		fprintf(stderr, "mlt-proxy: --listen %s: %s\n", spec,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	px.lfd[px.n_lfd++] = fd;
	return 0;
}

/* Listening sockets passed by systemd (sd_listen_fds(3)), from fd 3. */
static void systemd_fds(void)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	unsigned long n, i;

	if (!pid || !fds || strtol(pid, NULL, 10) != getpid() ||
	    parse_num(fds, PROXY_LISTEN_MAX, &n))
		return;
	for (i = 0; i < n; i++) {
		/* Never to block in accept() on a connection gone meanwhile. */
		fcntl(3 + (int)i, F_SETFL,
		      fcntl(3 + (int)i, F_GETFL) | O_NONBLOCK);
		fcntl(3 + (int)i, F_SETFD, FD_CLOEXEC);
		px.lfd[px.n_lfd++] = 3 + (int)i;
	}
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
}

static int load_map(void)
{
	static struct portmap next;
	char err[200], *text;
	long size;
	FILE *f;
	int ret;

	if (!px.map_file)
		return 0;
	f = fopen(px.map_file, "r");
	if (!f) {
		fprintf(stderr, "mlt-proxy: --map %s: %s\n", px.map_file,
			strerror(errno));
		return -1;
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	text = size >= 0 && size < (1 << 20) ? calloc(1, (size_t)size + 1) :
	       NULL;
	if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "mlt-proxy: --map %s: cannot read it\n",
			px.map_file);
		free(text);
		fclose(f);
		return -1;
	}
	fclose(f);
	ret = portmap_parse(&next, text, err, sizeof(err));
	free(text);
	if (ret)
		fprintf(stderr, "mlt-proxy: --map %s: %s\n", px.map_file, err);
	else
		px.map = next;
	return ret;
}

void proxy_reload(struct proxy *p)
{
	(void)p;
	if (!px.map_file)
		proxy_log("reload: no map file, nothing to read");
	else if (load_map())
		proxy_log("reload: %s kept the old map", px.map_file);
	else
		proxy_log("reload: %s: %zu rules", px.map_file, px.map.n);
}

static int run(int (*on_accept)(struct proxy *, int))
{
	struct sigaction sa = { .sa_handler = on_signal };
	size_t k;

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	px.epfd = epoll_create1(EPOLL_CLOEXEC);
	if (px.epfd < 0)
		return 1;
	for (k = 0; k < px.n_lfd; k++) {
		if (relay_add_listener(&px, k)) {
			fprintf(stderr, "mlt-proxy: epoll: %s\n",
				strerror(errno));
			return 1;
		}
	}
	mkdir(STATUS_DIR, 0755);
	if (status_open(&px))
		fprintf(stderr, "mlt-proxy: status socket %s: %s (going on without)\n",
			px.status_path, strerror(errno));
	proxy_log("mlt-proxy %s: ready, %zu listening sockets",
		  px.serve ? "serve" : "connect", px.n_lfd);
	if (relay_loop(&px, on_accept) < 0) {
		fprintf(stderr, "mlt-proxy: epoll_wait: %s\n", strerror(errno));
		return 1;
	}
	if (px.status_path)
		unlink(px.status_path);
	proxy_log("mlt-proxy: stopped");
	return 0;
}

static int cmd_connect(int argc, char **argv)
{
	unsigned long v;
	int i;

	px.first_data_ms = 50;
	px.status_path = STATUS_DIR "/connect.sock";
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			return usage(stdout, 0);
		if (!strcmp(a, "--no-splice")) {
			px.splice = false;
			continue;
		}
		if (!val) {
			fprintf(stderr, "mlt-proxy: %s: missing value\n", a);
			return 2;
		}
		i++;
		if (!strcmp(a, "--listen")) {
			if (listen_on(val))
				return 2;
		} else if (!strcmp(a, "--map")) {
			px.map_file = val;
		} else if (!strcmp(a, "--first-data-ms") &&
			   !parse_num(val, 10000, &v)) {
			px.first_data_ms = (int)v;
		} else if (!strcmp(a, "--max-conns") &&
			   !parse_num(val, 1000000, &v)) {
			px.max_conns = (unsigned int)v;
		} else if (!strcmp(a, "--status")) {
			px.status_path = val;
		} else {
			fprintf(stderr, "mlt-proxy: %s: bad option or value \"%s\"\n",
				a, val);
			return 2;
		}
	}
	systemd_fds();
	if (!px.n_lfd && (listen_on("127.0.0.1:4780") ||
			  listen_on("[::1]:4780")))
		return 1;
	if (load_map())
		return 2;
	return run(client_accept);
}

static int cmd_serve(int argc, char **argv)
{
	struct sockaddr_mlt sa = { 0 };
	static char path[64];
	unsigned long v;
	int i, fd;

	if (argc < 2 || parse_num(argv[1], 65535, &v) || !v) {
		fprintf(stderr, "mlt-proxy: serve: SERVICE is a number from 1 to 65535\n");
		return 2;
	}
	px.serve = true;
	px.service = (uint16_t)v;
	snprintf(path, sizeof(path), STATUS_DIR "/serve-%u.sock", px.service);
	px.status_path = path;
	for (i = 2; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--proxy-protocol")) {
			px.proxy_protocol = true;
			continue;
		}
		if (!strcmp(a, "--no-splice")) {
			px.splice = false;
			continue;
		}
		if (!val) {
			fprintf(stderr, "mlt-proxy: %s: missing value\n", a);
			return 2;
		}
		i++;
		if (!strcmp(a, "--to") &&
		    !parse_hostport(val, &px.to, &px.to_len)) {
			continue;
		} else if (!strcmp(a, "--max-conns") &&
			   !parse_num(val, 1000000, &v)) {
			px.max_conns = (unsigned int)v;
		} else if (!strcmp(a, "--status")) {
			px.status_path = val;
		} else {
			fprintf(stderr, "mlt-proxy: %s: bad option or value \"%s\"\n",
				a, val);
			return 2;
		}
	}
	if (!px.to_len) {
		fprintf(stderr, "mlt-proxy: serve: --to ADDR:PORT is needed\n");
		return 2;
	}
	fd = socket(px.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	sa.smlt_family = (sa_family_t)px.family;
	sa.smlt_service = px.service;
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(fd, 128)) {
		fprintf(stderr, "mlt-proxy: serve %u: %s\n", px.service,
			strerror(errno));
		return 1;
	}
	px.lfd[px.n_lfd++] = fd;
	return run(server_accept);
}

int main(int argc, char **argv)
{
	const char *path = STATUS_DIR "/connect.sock";

	px.family = mltnl_af();
	px.splice = true;
	if (argc < 2)
		return usage(stderr, 2);
	if (!strcmp(argv[1], "connect"))
		return cmd_connect(argc - 1, argv + 1);
	if (!strcmp(argv[1], "serve"))
		return cmd_serve(argc - 1, argv + 1);
	if (!strcmp(argv[1], "status")) {
		if (argc == 4 && !strcmp(argv[2], "--status"))
			path = argv[3];
		else if (argc != 2)
			return usage(stderr, 2);
		if (status_query(path)) {
			fprintf(stderr, "mlt-proxy: status %s: %s\n", path,
				strerror(errno));
			return 1;
		}
		return 0;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return usage(stdout, 0);
	return usage(stderr, 2);
}
