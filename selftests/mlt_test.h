/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the transport suites (mlt_transport, mlt_memory, mlt_netem) share:
 * namespaces, child processes, AF_MINIMALT sockets, byte patterns.
 * mlt_transport.sh sets up the namespaces and exports their names.
 */
#ifndef MLT_SELFTEST_MLT_TEST_H
#define MLT_SELFTEST_MLT_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/minimalt.h>

/* The server's namespace, by the variable mlt_transport.sh exports. */
#define SRV		ns_of("NS_S")
#define MLT_PORT	4747	/* the server's UDP port (the directory's) */
#define CHILD_ALARM	170	/* seconds any child of spawn() may live */

/* mlt_transport.sh found tc and sch_netem: it sets MLT_HAVE_NETEM. */
#define NO_NETEM "tc or sch_netem (CONFIG_NET_SCH_NETEM) is missing"

const char *ns_of(const char *var);
const char *mltctl(void);
bool have_netem(void);
int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int enter_ns(const char *ns);
pid_t spawn(const char *ns, int (*fn)(void *), void *arg);
int reap(pid_t pid);
int own_client_ns(int n, bool no_gso);

struct sockaddr_mlt name_addr(const char *name, uint16_t service);
int mlt_socket(void);
int mlt_listen(uint16_t service, int backlog);
int mlt_connect(const char *name, uint16_t service);
int write_all(int s, const void *buf, size_t len);
ssize_t read_full(int s, void *buf, size_t len);
void pattern(uint8_t *buf, size_t len, uint64_t seed, uint64_t off);
int send_pattern(int s, uint64_t seed, size_t total);
void pattern_sha(uint8_t out[32], uint64_t seed, size_t total);
ssize_t recv_sha(int s, uint8_t out[32]);

/*
 * What `mltctl tunnels -j` prints in namespace @ns (NULL: the caller's),
 * into @buf: 0, or -1 if mltctl failed or @len was too short. One such
 * snapshot gives json_tunnel_field() several fields of one instant.
 */
int tunnels_json(const char *ns, char *buf, size_t len);

/*
 * A field of the first tunnel of @json (what tunnels_json() read), by its
 * JSON key ("srtt_us", "cwnd", "conns", "tid", ...; see mltctl.8): a
 * number, or a flag ("dead", "in_recovery") as 1 or 0. mltctl lists client
 * tunnels first, then by peer address and port, then by id. Returns 0 with
 * *out set, or -1 (no tunnel, no such field, or a field that is not a
 * number: "role", "peer_addr", "cc" and "server_identity" are strings).
 */
int json_tunnel_field(const char *json, const char *field, long long *out);

/* The same from a fresh `mltctl tunnels -j` in @ns (NULL: ours). */
int tunnel_field(const char *ns, const char *field, long long *out);

/* How many tunnels `mltctl tunnels -j` lists in @ns (NULL: ours), or -1. */
int ns_tunnels(const char *ns);

/* A pipe for "ready" from a child that listens. */
struct ready {
	int fd[2];
};

void ready_init(struct ready *r);
void ready_signal(struct ready *r);
int ready_wait(struct ready *r);

#endif
