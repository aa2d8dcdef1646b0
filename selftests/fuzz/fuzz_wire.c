// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target of the wire codec, kernel/wire.c. Each input is taken
 * both as a datagram (header decode, then what follows the header as a
 * plaintext body) and as a body on its own. Whatever the bytes:
 *  - nothing is read outside the input (ASan; libFuzzer hands over a heap
 *    block of exactly the input's size);
 *  - a header that decodes re-encodes to the same bytes and decodes again
 *    to the same fields;
 *  - a body that validates is walked by the iterator, and the RPCs it
 *    yields, re-encoded by the encoder with the same seq and ack and
 *    padded to the same length, give back the very same bytes: validation,
 *    iteration and encoding agree, and no byte of a valid body escapes the
 *    RPCs except zero padding;
 *  - a valid body holds at most one SACK, which mlt_body_find_sack()
 *    finds, and no RPC but SACK if its seq is 0; its RPCs but the SACK,
 *    appended raw to a fresh body with the SACK after them (as the sender
 *    re-seals a body it retransmits), give a valid body again;
 *  - a body that does not validate can still be walked safely.
 */

#include "fuzz.h"
#include "wire.h"

static void walk_unvalidated(const u8 *body, size_t len)
{
	struct mlt_body_iter it;
	struct mlt_rpc rpc;

	mlt_body_iter_init(&it, body, len);
	while (mlt_body_next(&it, &rpc))
		CHECK(rpc.value >= body && rpc.value + rpc.len <= body + len);
}

/* The fields of a SACK RPC, its ranges decoded. */
static void sack_of(const struct mlt_rpc *rpc, struct mlt_sack *sack)
{
	unsigned int i;

	CHECK(rpc->type == MLT_RPC_SACK && !rpc->conn && !rpc->c);
	CHECK(rpc->sack.count <= MLT_SACK_MAX);
	memset(sack, 0, sizeof(*sack));
	sack->delay_us = rpc->sack.delay_us;
	sack->echo = rpc->sack.echo;
	sack->count = rpc->sack.count;
	for (i = 0; i < sack->count; i++) {
		mlt_rpc_sack_range(rpc, i, &sack->range[i]);
		CHECK(mlt_seq_before(sack->range[i].start,
				     sack->range[i].end));
	}
}

static int reencode(struct mlt_body_enc *enc, const struct mlt_rpc *rpc)
{
	struct mlt_sack sack;

	switch (rpc->type) {
	case MLT_RPC_SACK:
		sack_of(rpc, &sack);
		return mlt_body_add_sack(enc, &sack);
	case MLT_RPC_DATA:
		CHECK(rpc->conn && rpc->len && !rpc->c);
		return mlt_body_add_data(enc, rpc->conn, rpc->value, rpc->len);
	case MLT_RPC_CREATE:
		return mlt_body_add_create(enc, rpc->c, rpc->create.service,
					   rpc->create.window);
	case MLT_RPC_ACK:
		return mlt_body_add_ack(enc, rpc->c, rpc->ack.window);
	case MLT_RPC_REFUSE:
		return mlt_body_add_refuse(enc, rpc->c, rpc->refuse.reason);
	case MLT_RPC_CLOSE:
		return mlt_body_add_close(enc, rpc->c, rpc->close.how);
	case MLT_RPC_WINDOW_SIZE:
		return mlt_body_add_window_size(enc, rpc->c,
						rpc->window_size.limit);
	}
	CHECK(!"the iterator yielded a type it should not");
	return -1;
}

/*
 * Re-encode the RPCs of a valid body into a smaller capacity: each RPC
 * either fits or gets -ENOSPC with nothing written (data_room() predicting
 * which for DATA), no byte past the capacity is touched, and what was
 * written, padded, is a valid body again.
 */
static void squeeze(const u8 *body, size_t len, size_t cap)
{
	static u8 out[MLT_BODY_MAX_LEN + 1];
	struct mlt_body_enc enc;
	struct mlt_body_iter it;
	struct mlt_rpc rpc;
	size_t before;
	int ret, total;

	memset(out, 0xa5, sizeof(out));
	mlt_body_iter_init(&it, body, len);
	CHECK(mlt_body_init(&enc, out, cap, it.seq, it.ack) == 0);
	while (mlt_body_next(&it, &rpc)) {
		size_t room = mlt_body_data_room(&enc);

		before = enc.len;
		ret = reencode(&enc, &rpc);
		CHECK(ret == 0 || ret == -ENOSPC);
		CHECK(ret ? enc.len == before : enc.len > before);
		CHECK(enc.len <= cap);
		if (rpc.type == MLT_RPC_DATA)
			CHECK(!ret == (rpc.len <= room));
	}
	CHECK(out[cap] == 0xa5);
	total = mlt_body_finish(&enc);
	if (total < 0) {
		CHECK(total == -ENOSPC && enc.len + MLT_PAD_MULTIPLE - 1 -
		      (enc.len + MLT_PAD_MULTIPLE - 1) % MLT_PAD_MULTIPLE > cap);
		total = mlt_body_pad_to(&enc, cap);
		CHECK(total == (int)cap);
	}
	CHECK(total % MLT_PAD_MULTIPLE == 0 || total == (int)cap);
	CHECK(out[cap] == 0xa5);
	CHECK(mlt_body_validate(out, total) == MLT_DROP_NONE);
}

/*
 * Re-seal a valid body as the sender does on retransmission: its RPCs but
 * the SACK, raw, behind a fresh body header with a non-zero seq, then its
 * SACK again; the result is valid and yields the same RPCs.
 */
static void reseal(const u8 *body, size_t len)
{
	static u8 out[MLT_BODY_MAX_LEN];
	struct mlt_body_iter it, it2;
	struct mlt_rpc rpc, rpc2, sack;
	struct mlt_body_enc enc;
	struct mlt_sack s;
	bool has_sack;

	mlt_body_iter_init(&it, body, len);
	has_sack = mlt_body_find_sack(body, len, &sack);
	CHECK(mlt_body_init(&enc, out, len, it.seq | 1, it.ack) == 0);
	while (mlt_body_next(&it, &rpc)) {
		const u8 *raw = rpc.value - MLT_RPC_HDR_LEN;

		if (rpc.type != MLT_RPC_SACK)
			CHECK(!mlt_body_append_raw(&enc, raw,
						   MLT_RPC_HDR_LEN + rpc.len));
	}
	if (has_sack) {
		sack_of(&sack, &s);
		CHECK(!mlt_body_add_sack(&enc, &s));
		CHECK(mlt_body_add_sack(&enc, &s) == -EINVAL);
	}
	CHECK(mlt_body_append_raw(&enc, body, len - enc.len + 1) == -ENOSPC);
	CHECK(mlt_body_pad_to(&enc, len) == (int)len);
	CHECK(mlt_body_validate(out, len) == MLT_DROP_NONE);

	mlt_body_iter_init(&it, body, len);
	mlt_body_iter_init(&it2, out, len);
	while (mlt_body_next(&it, &rpc)) {
		if (rpc.type == MLT_RPC_SACK)
			continue;
		CHECK(mlt_body_next(&it2, &rpc2));
		CHECK(rpc.type == rpc2.type && rpc.len == rpc2.len);
		CHECK(!memcmp(rpc.value, rpc2.value, rpc.len));
	}
	CHECK(mlt_body_next(&it2, &rpc2) == has_sack);
	if (has_sack)
		CHECK(!memcmp(rpc2.value, sack.value, sack.len));
}

static void check_body(const u8 *body, size_t len)
{
	static u8 out[MLT_BODY_MAX_LEN];
	enum mlt_drop_reason reason = mlt_body_validate(body, len);
	struct mlt_body_enc enc;
	struct mlt_body_iter it;
	struct mlt_rpc rpc, sack;
	unsigned int n = 0, sacks = 0;

	CHECK((unsigned int)reason < __MLT_DROP_MAX);
	if (reason != MLT_DROP_NONE) {
		CHECK(reason == MLT_DROP_SHORT || reason == MLT_DROP_LONG ||
		      (reason >= MLT_DROP_RPC_TRUNCATED &&
		       reason <= MLT_DROP_SEQ_ZERO));
		walk_unvalidated(body, len);
		return;
	}

	mlt_body_iter_init(&it, body, len);
	CHECK(mlt_body_init(&enc, out, len, it.seq, it.ack) == 0);
	while (mlt_body_next(&it, &rpc)) {
		CHECK(rpc.value >= body && rpc.value + rpc.len <= body + len);
		CHECK(rpc.type != MLT_RPC_PAD);
		if (rpc.type == MLT_RPC_SACK)
			sacks++;
		else
			n++;
		CHECK(rpc.type == MLT_RPC_DATA ? rpc.conn != 0 :
		      rpc.conn == 0 && !rpc.c == (rpc.type == MLT_RPC_SACK));
		if (rpc.type == MLT_RPC_DATA)
			CHECK(rpc.len <= mlt_body_data_room(&enc));
		CHECK(reencode(&enc, &rpc) == 0);
	}
	CHECK(!n || it.seq);
	CHECK(sacks <= 1);
	CHECK(mlt_body_find_sack(body, len, &sack) == !!sacks);
	CHECK(mlt_body_pad_to(&enc, len) == (int)len);
	CHECK(memcmp(out, body, len) == 0);
	CHECK(mlt_body_validate(out, len) == MLT_DROP_NONE);
	reseal(body, len);

	/* a capacity from 8 to len, chosen by the low byte of ack */
	squeeze(body, len, MLT_BODY_HDR_LEN +
		(len - MLT_BODY_HDR_LEN) * body[7] / 255);
}

static void check_datagram(const u8 *data, size_t size)
{
	static u8 out[MLT_MAX_DATAGRAM];
	enum mlt_drop_reason reason;
	struct mlt_hdr h, h2;
	int n;

	reason = mlt_hdr_decode(&h, data, size);
	CHECK(reason <= MLT_DROP_OPENING_SHORT && reason != MLT_DROP_PUZZLE);
	if (reason != MLT_DROP_NONE)
		return;
	CHECK(h.tid && !(h.tid & ~MLT_TID_MASK));
	CHECK(!h.has_pubkey || h.version == MLT_VERSION);
	CHECK(!h.has_puzzle || h.puzzle == data + h.len - MLT_PUZZLE_LEN);
	CHECK(h.len + MLT_BODY_HDR_LEN + MLT_TAG_LEN <= size);
	CHECK(size <= MLT_MAX_DATAGRAM);
	CHECK(!h.has_pubkey || size == MLT_BASE_DATAGRAM);

	n = mlt_hdr_encode(&h, out, sizeof(out));
	CHECK(n == (int)h.len);
	CHECK(memcmp(out, data, h.len) == 0);
	memcpy(out + h.len, data + h.len, size - h.len);
	CHECK(mlt_hdr_decode(&h2, out, size) == MLT_DROP_NONE);
	CHECK(h2.tid == h.tid && h2.nonce == h.nonce && h2.len == h.len);
	CHECK(h2.has_pubkey == h.has_pubkey && h2.version == h.version);
	if (h.has_pubkey) {
		CHECK(!memcmp(h2.eph_id, h.eph_id, MLT_EPH_ID_LEN));
		CHECK(!memcmp(h2.client_pub, h.client_pub, MLT_CLIENT_PUB_LEN));
	}

	/* the "ciphertext" as if it were the plaintext body */
	check_body(data + h.len, size - h.len - MLT_TAG_LEN);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	check_datagram(data, size);
	check_body(data, size);
	return 0;
}
