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

/* A pipe for "ready" from a child that listens. */
struct ready {
	int fd[2];
};

void ready_init(struct ready *r);
void ready_signal(struct ready *r);
int ready_wait(struct ready *r);

#endif
