/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mlt-proxy: TCP to MinimaLT (connect mode) and MinimaLT to TCP (serve
 * mode). What its files share: the relay engine (relay.c), the two modes'
 * accept handlers (client.c, server.c), the status socket (status.c).
 */
#ifndef MLT_PROXY_PROXY_H
#define MLT_PROXY_PROXY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "portmap.h"

#define PROXY_BUF	(64 * 1024)	/* bytes held per direction */
#define PROXY_LISTEN_MAX	16	/* listening sockets */

/* Why a connection ended badly: the counters and the log's words. */
enum proxy_fail {
	FAIL_NONE,
	FAIL_NONAME,		/* no name holds the address, or no such name */
	FAIL_REFUSED,		/* the far side refused */
	FAIL_TIMEOUT,		/* the far side did not answer */
	FAIL_RESET,		/* either side reset, or another error */
	FAIL_LIMIT,		/* too many connections */
	__FAIL_MAX,
};

struct proxy_stats {
	uint64_t accepted;
	uint64_t active;
	uint64_t done;			/* closed in order */
	uint64_t failed[__FAIL_MAX];
	uint64_t bytes_in;		/* from the accepted side */
	uint64_t bytes_out;		/* to the accepted side */
	uint64_t bytes_spliced;		/* of both, never copied up */
	uint64_t splice_fallbacks;	/* directions that copy instead */
};

struct proxy {
	bool serve;			/* serve mode, else connect mode */
	int family;			/* AF_MINIMALT in force */
	int lfd[PROXY_LISTEN_MAX];
	size_t n_lfd;
	int epfd;
	unsigned int max_conns;
	bool splice;			/* pipes, not buffers (--no-splice) */
	/* connect mode */
	struct portmap map;
	const char *map_file;
	int first_data_ms;		/* wait for the client's first bytes */
	/* serve mode */
	uint16_t service;
	struct sockaddr_storage to;	/* the backend */
	socklen_t to_len;
	bool proxy_protocol;
	/* both */
	const char *status_path;
	int status_fd;
	volatile int stopping;		/* SIGTERM: no new connections */
	volatile int reload;		/* SIGHUP: read the map again */
	struct proxy_stats st;
	unsigned long long next_id;
};

/* One proxied connection: the accepted side (0) and the other (1). */
struct pair;

/*
 * Start relaying between the accepted @fd0 and the outgoing @fd1 (its
 * non-blocking connect() in progress if @connecting). @hold1 keeps fd1's
 * read interest off until fd0's first bytes reached it or first_data_ms
 * passed (an AF_MINIMALT socket sends its create RPC with the first data
 * unless a read releases it first). @pre (may be NULL) is sent on fd1
 * before fd0's bytes. @desc names the connection in the log.
 */
int relay_start(struct proxy *px, int fd0, int fd1, bool connecting,
		bool hold1, const void *pre, size_t pre_len, const char *desc);

/* Watch listening socket px->lfd[@k] for connections. */
int relay_add_listener(struct proxy *px, size_t k);

/* Run until SIGTERM and every connection is done. */
int relay_loop(struct proxy *px, int (*on_accept)(struct proxy *px, int lfd));

/* End a TCP connection with a reset, as a host with no such port would. */
void reset_close(int fd);

/* SIGHUP: read the map file again (main.c); the old map stays on error. */
void proxy_reload(struct proxy *px);

int client_accept(struct proxy *px, int lfd);
int server_accept(struct proxy *px, int lfd);

int status_open(struct proxy *px);
void status_serve(struct proxy *px);
int status_query(const char *path);

void proxy_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *fail_name(enum proxy_fail f);

#endif /* MLT_PROXY_PROXY_H */
