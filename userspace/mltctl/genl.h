/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink plumbing for the "minimalt" family: socket set-up, family
 * resolution through nlctrl, request/reply with extended ACK messages, and
 * the mapping of failures to one stderr line and an exit code.
 */
#ifndef MLTCTL_GENL_H
#define MLTCTL_GENL_H

#include <stdint.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

/* Big enough for any request mltctl sends and any reply it expects. */
#define GENL_BUF_SIZE	32768

#define GENL_MCGRPS_MAX	4

struct genl_sock {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	uint16_t family_id;		/* of "minimalt", once resolved */
	uint32_t family_version;	/* as the kernel reports it */
	struct {
		char name[GENL_NAMSIZ];
		uint32_t id;
	} mcgrps[GENL_MCGRPS_MAX];	/* the family's multicast groups */
	unsigned int n_mcgrps;
};

/* Where a failure happened: decides the message and the exit code. */
enum genl_stage {
	GENL_STAGE_NONE = 0,
	GENL_STAGE_SOCKET,	/* socket(), bind() */
	GENL_STAGE_RESOLVE,	/* looking up the family */
	GENL_STAGE_IO,		/* sending or receiving */
	GENL_STAGE_KERNEL,	/* the kernel answered with an error */
	GENL_STAGE_REPLY,	/* the kernel's reply was malformed */
};

struct genl_err {
	enum genl_stage stage;
	int errnum;		/* errno value */
	char msg[256];		/* extack message or reply problem, or "" */
};

/*
 * Open a generic netlink socket with extended ACKs and resolve the
 * "minimalt" family (which makes the kernel load the module if it is
 * installed). Returns 0, or -1 with *e filled in.
 */
int genl_open(struct genl_sock *g, struct genl_err *e);
/* The same for any family name (the unit tests use "nlctrl"). */
int genl_open_family(struct genl_sock *g, const char *name,
		     struct genl_err *e);
void genl_close(struct genl_sock *g);

/* Start a request for cmd of the minimalt family in buf (GENL_BUF_SIZE). */
struct nlmsghdr *genl_msg_start(struct genl_sock *g, void *buf, uint8_t cmd);

/*
 * Send nlh (NLM_F_ACK is set) and process the answer: cb (may be NULL) is
 * called for each reply message of the family, with data. The callback
 * reports a malformed reply by calling genl_reply_error() and returning
 * MNL_CB_ERROR. Returns 0 once the kernel acknowledged, or -1 with *e
 * filled in. The receive buffer is wiped before returning.
 */
int genl_request(struct genl_sock *g, struct nlmsghdr *nlh, mnl_cb_t cb,
		 void *data, struct genl_err *e);

/*
 * The same for a dump: sets NLM_F_DUMP (not NLM_F_ACK), calls cb for each
 * message of the dump and returns 0 at NLMSG_DONE, or -1 with *e filled in
 * (an error the kernel puts in NLMSG_DONE is a GENL_STAGE_KERNEL error).
 */
int genl_dump(struct genl_sock *g, struct nlmsghdr *nlh, mnl_cb_t cb,
	      void *data, struct genl_err *e);

/*
 * Join the family's multicast group @group: its messages then reach the
 * callbacks of genl_request() and genl_wait() as well. Returns 0, or -1
 * with *e filled in (GENL_STAGE_KERNEL, ENOENT: the family has no such
 * group).
 */
int genl_join(struct genl_sock *g, const char *group, struct genl_err *e);

/*
 * Pass the family's messages that arrive within timeout_ms (multicast
 * ones, of joined groups) to cb until it returns MNL_CB_STOP. Returns 1
 * when cb stopped, 0 when the time ran out, or -1 with *e filled in (a
 * group message lost to a full socket buffer is ENOBUFS).
 */
int genl_wait(struct genl_sock *g, mnl_cb_t cb, void *data, int timeout_ms,
	      struct genl_err *e);

/*
 * Parse an NLMSG_ERROR message. Returns 0 for an ACK (error 0), 1 for an
 * error (e gets GENL_STAGE_KERNEL, the errno and the extack message or
 * missing attribute, if any), -1 if the message is truncated.
 */
int genl_parse_error(const struct nlmsghdr *nlh, struct genl_err *e);

/*
 * Parse an NLMSG_DONE message (an int error, then extack TLVs if
 * NLM_F_ACK_TLVS). Returns as genl_parse_error() does.
 */
int genl_parse_done(const struct nlmsghdr *nlh, struct genl_err *e);

/*
 * For reply callbacks: note that the reply was malformed. Sets errno to
 * EPROTO; the message is printed as "malformed kernel reply: MSG".
 */
void genl_reply_error(struct genl_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Print the one stderr line for e (what names the request, e.g. "show")
 * and return the exit code: MLTCTL_EXIT_PERM for EPERM and EACCES,
 * MLTCTL_EXIT_KERNEL otherwise.
 */
int genl_report(const struct genl_err *e, const char *what);

#endif /* MLTCTL_GENL_H */
