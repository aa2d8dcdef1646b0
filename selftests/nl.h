/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A raw client of the "minimalt" generic netlink family for the selftests:
 * it keeps every byte the kernel sent back, so tests can inspect replies.
 */
#ifndef MLT_SELFTEST_NL_H
#define MLT_SELFTEST_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>
#include <linux/minimalt.h>

struct mlt_nl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t seq;
	/* Every byte of the last call's replies, in order. */
	uint8_t reply[1 << 16];
	size_t reply_len;
	/* The extended ack message of the last error, if any. */
	char extack[256];
};

struct mlt_status {
	uint32_t family;
	bool has_public_key;
	uint8_t public_key[MLT_KEY_LEN];
	uint64_t sockets;
	uint64_t identity_changes;
	uint64_t dir_entries;
	uint64_t eph_keys;
	uint64_t eph_wiped;
};

/* 0 on success, or a negative errno (-ENOENT: family not registered). */
int mlt_nl_open(struct mlt_nl *nl);
void mlt_nl_close(struct mlt_nl *nl);

/*
 * Send CMD carrying KEY (KEY_LEN bytes) as MLT_A_PRIVATE_KEY, or no
 * attribute when KEY is NULL. Returns 0, or the kernel's negative errno.
 */
int mlt_nl_call(struct mlt_nl *nl, uint8_t cmd, const void *key,
		size_t key_len);

int mlt_nl_set_identity(struct mlt_nl *nl, const uint8_t key[MLT_KEY_LEN]);

/*
 * Generic requests: start one in BUF (MNL_SOCKET_BUFFER_SIZE bytes), add
 * attributes with libmnl, then send it. CB, if set, sees the attributes of
 * every reply message (each message of a dump in turn; DATA is passed as
 * is). FLAGS may add NLM_F_DUMP. Returns 0 or -errno.
 */
struct nlmsghdr *mlt_nl_start(struct mlt_nl *nl, void *buf, uint8_t cmd,
			      uint16_t flags);
int mlt_nl_send(struct mlt_nl *nl, struct nlmsghdr *req, mnl_attr_cb_t cb,
		void *data);
int mlt_nl_status(struct mlt_nl *nl, struct mlt_status *st);

#endif
