/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The helper's side of the "minimalt" generic netlink family, with libmnl:
 * resolve requests from the kernel in, directory entries and the server's
 * ephemeral keys out. Every call reports a failure as one line in err,
 * with the kernel's extended ack message when it gave one.
 */
#ifndef NMC_NL_H
#define NMC_NL_H

#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>
#include <linux/minimalt.h>

#include "record.h"

struct nl {
	struct mnl_socket *req;		/* requests and their replies */
	struct mnl_socket *ev;		/* the "resolve" group, or NULL */
	uint16_t family;
	uint32_t group;
	uint32_t seq;
};

/* An ephemeral key of this host's kernel. */
struct nl_eph {
	uint8_t key[MLT_KEY_LEN];
	uint32_t lifetime;		/* seconds left */
	uint32_t age;			/* seconds since it was made */
};

/* A directory entry, as nl_dir_list() finds it. */
struct nl_dir {
	char name[MLT_NAME_MAX];
	uint32_t error;			/* MLT_DIR_ERR_*, 0: positive */
	uint32_t lifetime;		/* seconds left */
	uint8_t eph[MLT_KEY_LEN];	/* its first ephemeral key */
};

/*
 * Open the family; with @subscribe, also join the "resolve" group
 * (CAP_NET_ADMIN). Returns 0 or -1 with err.
 */
int nl_open(struct nl *nl, int subscribe, char *err, size_t errlen);
void nl_close(struct nl *nl);

/* The descriptor to poll for resolve requests; -1 without the group. */
int nl_event_fd(const struct nl *nl);

/*
 * The next resolve request, without blocking: 1 with @name set, 0 if
 * none is queued, -1 with err if requests were lost (the socket's buffer
 * overflowed: the kernel's waiters then time out) or on an error.
 */
int nl_next_request(struct nl *nl, char *name, size_t len, char *err,
		    size_t errlen);

/* Install @r for @name for @lifetime seconds, replacing any entry. */
int nl_dir_add(struct nl *nl, const char *name, const struct record *r,
	       uint32_t lifetime, char *err, size_t errlen);
/* Install a negative entry: @name fails with @reason (MLT_DIR_ERR_*). */
int nl_dir_negative(struct nl *nl, const char *name, uint32_t reason,
		    uint32_t lifetime, char *err, size_t errlen);
/* Remove @name's entry; no entry is not an error. */
int nl_dir_del(struct nl *nl, const char *name, char *err, size_t errlen);
/* Every live entry, malloc'd in *out; returns the count or -1. */
int nl_dir_list(struct nl *nl, struct nl_dir **out, char *err,
		size_t errlen);

/*
 * How long the kernel's connect() waits for a resolver (ms; 0 if the
 * kernel does not say): 0, or -1 with err.
 */
int nl_resolve_timeout(struct nl *nl, unsigned int *ms, char *err,
		       size_t errlen);

/*
 * The host's identity public key (1 if set, 0 if not) and UDP port.
 * Returns 0 or 1, or -1 with err.
 */
int nl_status(struct nl *nl, uint8_t pub[MLT_KEY_LEN], uint16_t *port,
	      char *err, size_t errlen);
/* Make a new ephemeral key valid for @lifetime s; its public half. */
int nl_eph_rotate(struct nl *nl, uint32_t lifetime, uint8_t pub[MLT_KEY_LEN],
		  char *err, size_t errlen);
/* The valid keys, at most @max; returns the count or -1. */
int nl_eph_list(struct nl *nl, struct nl_eph *keys, int max, char *err,
		size_t errlen);
/* Wipe the key with public half @pub now. */
int nl_eph_del(struct nl *nl, const uint8_t pub[MLT_KEY_LEN], char *err,
	       size_t errlen);

#endif /* NMC_NL_H */
