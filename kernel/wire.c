// SPDX-License-Identifier: GPL-2.0
/*
 * The MinimaLT wire codec: cleartext header and body plaintext. See wire.h
 * and Documentation/protocol.rst, "Wire protocol".
 */

#include "pure.h"
#include "protocol.h"
#include "wire.h"

/**
 * mlt_hdr_decode() - decode and check the cleartext header of a datagram
 * @hdr: filled in; on failure its fields are unspecified
 * @buf: the whole UDP payload
 * @len: its length
 *
 * Checks, in this order: the length against %MLT_MAX_DATAGRAM, the length
 * against the fixed header, the length against the header its flags call
 * for plus a body header and a tag, the tunnel id, and the version (with
 * P). The puzzle field (Z) is only located: puzzle.c checks it. No byte at
 * or past @buf + @len is read.
 *
 * Return: %MLT_DROP_NONE, or %MLT_DROP_LONG, %MLT_DROP_SHORT,
 * %MLT_DROP_ZERO_TID, %MLT_DROP_VERSION or %MLT_DROP_OPENING_SHORT.
 */
enum mlt_drop_reason mlt_hdr_decode(struct mlt_hdr *hdr, const u8 *buf,
				    size_t len)
{
	unsigned int off = MLT_HDR_LEN;
	u64 tid;

	memset(hdr, 0, sizeof(*hdr));
	if (len > MLT_MAX_DATAGRAM)
		return MLT_DROP_LONG;
	if (len < MLT_HDR_LEN)
		return MLT_DROP_SHORT;

	tid = get_unaligned_be64(buf);
	hdr->tid = tid & MLT_TID_MASK;
	hdr->has_pubkey = !!(tid & MLT_TID_FLAG_PUBKEY);
	hdr->has_puzzle = !!(tid & MLT_TID_FLAG_PUZZLE);
	hdr->nonce = get_unaligned_be64(buf + 8);
	hdr->len = mlt_hdr_size(hdr->has_pubkey, hdr->has_puzzle);
	if (len < hdr->len + MLT_BODY_HDR_LEN + MLT_TAG_LEN)
		return MLT_DROP_SHORT;
	if (!hdr->tid)
		return MLT_DROP_ZERO_TID;

	if (hdr->has_pubkey) {
		hdr->version = buf[off];
		hdr->eph_id = buf + off + 1;
		hdr->client_pub = buf + off + 1 + MLT_EPH_ID_LEN;
		off += MLT_PUBKEY_EXT_LEN;
		if (hdr->version != MLT_VERSION)
			return MLT_DROP_VERSION;
		/* Openings are padded to the base size; see protocol.rst. */
		if (len != MLT_BASE_DATAGRAM)
			return MLT_DROP_OPENING_SHORT;
	}
	if (hdr->has_puzzle)
		hdr->puzzle = buf + off;
	return MLT_DROP_NONE;
}

/**
 * mlt_hdr_encode() - write a cleartext header
 * @hdr: the header: @tid, @nonce, @has_pubkey with @eph_id and @client_pub,
 *	@has_puzzle with @puzzle; @len and @version are ignored (the version
 *	written is %MLT_VERSION)
 * @buf: where to write it
 * @size: the room at @buf
 *
 * Return: the header length, -%EINVAL for a tunnel id that is 0 or does not
 * fit 62 bits or a flag without its field, -%ENOSPC if @size is too small
 * (nothing is written then).
 */
int mlt_hdr_encode(const struct mlt_hdr *hdr, u8 *buf, size_t size)
{
	unsigned int len = mlt_hdr_size(hdr->has_pubkey, hdr->has_puzzle);
	unsigned int off = MLT_HDR_LEN;
	u64 tid = hdr->tid;

	if (!tid || (tid & ~MLT_TID_MASK))
		return -EINVAL;
	if (hdr->has_pubkey && (!hdr->eph_id || !hdr->client_pub))
		return -EINVAL;
	if (hdr->has_puzzle && !hdr->puzzle)
		return -EINVAL;
	if (size < len)
		return -ENOSPC;

	if (hdr->has_pubkey)
		tid |= MLT_TID_FLAG_PUBKEY;
	if (hdr->has_puzzle)
		tid |= MLT_TID_FLAG_PUZZLE;
	put_unaligned_be64(tid, buf);
	put_unaligned_be64(hdr->nonce, buf + 8);
	if (hdr->has_pubkey) {
		buf[off] = MLT_VERSION;
		memcpy(buf + off + 1, hdr->eph_id, MLT_EPH_ID_LEN);
		memcpy(buf + off + 1 + MLT_EPH_ID_LEN, hdr->client_pub,
		       MLT_CLIENT_PUB_LEN);
		off += MLT_PUBKEY_EXT_LEN;
	}
	if (hdr->has_puzzle)
		memcpy(buf + off, hdr->puzzle, MLT_PUZZLE_LEN);
	return len;
}

static bool mlt_all_zero(const u8 *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

/* The value length of a fixed-size control RPC; 0 for any other type. */
static u16 mlt_ctl_len(u8 type)
{
	switch (type) {
	case MLT_RPC_CREATE:
		return MLT_RPC_CREATE_LEN;
	case MLT_RPC_ACK:
		return MLT_RPC_ACK_LEN;
	case MLT_RPC_REFUSE:
		return MLT_RPC_REFUSE_LEN;
	case MLT_RPC_CLOSE:
		return MLT_RPC_CLOSE_LEN;
	case MLT_RPC_WINDOW_SIZE:
		return MLT_RPC_WINDOW_SIZE_LEN;
	}
	return 0;	/* unknown, and the reserved types until their stage */
}

/* Where the range count of a SACK value is; its ranges follow it. */
#define MLT_SACK_COUNT_OFF	12

/* A range a SACK may carry: non-empty and shorter than 2^31. */
static bool mlt_range_ok(u32 start, u32 end)
{
	return mlt_seq_before(start, end);
}

/* The value of a SACK RPC: its length for its count, the count, the ranges. */
static enum mlt_drop_reason mlt_sack_check(const u8 *value, u16 len)
{
	unsigned int i, n;

	if (len < MLT_RPC_SACK_LEN(0))
		return MLT_DROP_RPC_LEN;
	n = value[MLT_SACK_COUNT_OFF];
	if (len != MLT_RPC_SACK_LEN(n))
		return MLT_DROP_RPC_LEN;
	if (n > MLT_SACK_MAX)
		return MLT_DROP_RPC_VALUE;
	for (i = 0; i < n; i++) {
		const u8 *p = value + MLT_RPC_SACK_LEN(i);

		if (!mlt_range_ok(get_unaligned_be32(p),
				  get_unaligned_be32(p + 4)))
			return MLT_DROP_RPC_VALUE;
	}
	return MLT_DROP_NONE;
}

/*
 * The checks of one RPC other than pad, whose header and value are inside
 * the body: type, connection, value length, and the values whose meaning
 * would be undefined.
 */
static enum mlt_drop_reason mlt_rpc_check(u32 conn, u8 type, const u8 *value,
					  u16 len)
{
	u16 want = mlt_ctl_len(type);

	if (type == MLT_RPC_DATA) {
		if (!conn)
			return MLT_DROP_RPC_CONN;
		return len ? MLT_DROP_NONE : MLT_DROP_RPC_LEN;
	}
	if (!want && type != MLT_RPC_SACK)
		return MLT_DROP_RPC_UNKNOWN;
	if (conn)
		return MLT_DROP_RPC_CONN;
	if (type == MLT_RPC_SACK)
		return mlt_sack_check(value, len);
	if (len != want)
		return MLT_DROP_RPC_LEN;
	if (!get_unaligned_be32(value))	/* 0 is never a connection */
		return MLT_DROP_RPC_VALUE;
	if (type == MLT_RPC_CLOSE && value[4] != MLT_CLOSE_FIN &&
	    value[4] != MLT_CLOSE_ABORT)
		return MLT_DROP_RPC_VALUE;
	return MLT_DROP_NONE;
}

/*
 * The RPC at @p, @rest bytes before the end of the body, on its own: sets
 * *@size to its length and *@type to its type, or *@size to 0 when it is
 * the padding (checked to be zero) that ends the RPCs.
 */
static enum mlt_drop_reason mlt_rpc_validate(const u8 *p, size_t rest,
					     size_t *size, u8 *type)
{
	u32 conn;
	u16 vlen;

	*size = 0;
	*type = MLT_RPC_PAD;
	/* Too short for an RPC header: padding, whatever else it may be. */
	if (rest < MLT_RPC_HDR_LEN)
		return mlt_all_zero(p, rest) ? MLT_DROP_NONE :
					       MLT_DROP_PAD_NONZERO;
	conn = get_unaligned_be32(p);
	vlen = get_unaligned_be16(p + 5);
	rest -= MLT_RPC_HDR_LEN;
	if (vlen > rest)
		return MLT_DROP_RPC_TRUNCATED;

	if (p[4] == MLT_RPC_PAD) {
		if (conn)
			return MLT_DROP_RPC_CONN;
		if (vlen)
			return MLT_DROP_RPC_LEN;
		return mlt_all_zero(p + MLT_RPC_HDR_LEN, rest) ?
		       MLT_DROP_NONE : MLT_DROP_PAD_NONZERO;
	}
	*size = MLT_RPC_HDR_LEN + vlen;
	*type = p[4];
	return mlt_rpc_check(conn, p[4], p + MLT_RPC_HDR_LEN, vlen);
}

/**
 * mlt_body_validate() - check a whole decrypted body
 * @body: the plaintext body
 * @len: its length
 *
 * Checks the body header, then each RPC in turn: that its header and its
 * value lie inside the body, its type, its connection, its value length,
 * the connection named in a control value, the how of a close, the range
 * count and the ranges of a SACK; then that the body holds at most one
 * SACK, and no RPC but SACK if its seq is 0. A pad RPC (connection 0,
 * type 0, length 0) ends the RPCs and every byte after it must be zero;
 * fewer than %MLT_RPC_HDR_LEN bytes left after an RPC are padding too and
 * must be zero likewise. No byte at or past @body + @len is read.
 *
 * Return: %MLT_DROP_NONE if the body is well formed, else the reason of the
 * first fault found: %MLT_DROP_SHORT, %MLT_DROP_LONG,
 * %MLT_DROP_RPC_TRUNCATED, %MLT_DROP_RPC_UNKNOWN, %MLT_DROP_RPC_CONN,
 * %MLT_DROP_RPC_LEN, %MLT_DROP_RPC_VALUE (also for a second SACK),
 * %MLT_DROP_SEQ_ZERO or %MLT_DROP_PAD_NONZERO.
 */
enum mlt_drop_reason mlt_body_validate(const u8 *body, size_t len)
{
	size_t off = MLT_BODY_HDR_LEN, size;
	enum mlt_drop_reason reason;
	bool sack = false;
	u32 seq;
	u8 type;

	if (len < MLT_BODY_HDR_LEN)
		return MLT_DROP_SHORT;
	if (len > MLT_BODY_MAX_LEN)
		return MLT_DROP_LONG;
	seq = get_unaligned_be32(body);

	while (off < len) {
		reason = mlt_rpc_validate(body + off, len - off, &size, &type);
		if (reason || !size)
			return reason;
		if (type == MLT_RPC_SACK) {
			if (sack)
				return MLT_DROP_RPC_VALUE;
			sack = true;
		} else if (!seq) {
			return MLT_DROP_SEQ_ZERO;
		}
		off += size;
	}
	return MLT_DROP_NONE;
}

/**
 * mlt_body_iter_init() - start walking a body
 * @it: the iterator; its @seq and @ack are the body's
 * @body: a body that mlt_body_validate() accepted
 * @len: its length
 *
 * The walk is memory safe on any bytes, but yields the meaning of a body
 * only once mlt_body_validate() has accepted it.
 */
void mlt_body_iter_init(struct mlt_body_iter *it, const u8 *body, size_t len)
{
	it->pos = body;
	it->end = body;
	it->seq = 0;
	it->ack = 0;
	if (len < MLT_BODY_HDR_LEN)
		return;
	it->seq = get_unaligned_be32(body);
	it->ack = get_unaligned_be32(body + 4);
	it->pos = body + MLT_BODY_HDR_LEN;
	it->end = body + len;
}

/* The fields of an RPC that mlt_rpc_check() accepted, from its value. */
static void mlt_rpc_decode(struct mlt_rpc *rpc, const u8 *value)
{
	switch (rpc->type) {
	case MLT_RPC_DATA:
		return;
	case MLT_RPC_SACK:
		rpc->sack.delay_us = get_unaligned_be32(value);
		rpc->sack.echo = get_unaligned_be64(value + 4);
		rpc->sack.count = value[MLT_SACK_COUNT_OFF];
		return;
	}
	rpc->c = get_unaligned_be32(value);
	switch (rpc->type) {
	case MLT_RPC_CREATE:
		rpc->create.service = get_unaligned_be16(value + 4);
		rpc->create.window = get_unaligned_be64(value + 6);
		break;
	case MLT_RPC_ACK:
		rpc->ack.window = get_unaligned_be64(value + 4);
		break;
	case MLT_RPC_REFUSE:
		rpc->refuse.reason = get_unaligned_be16(value + 4);
		break;
	case MLT_RPC_CLOSE:
		rpc->close.how = value[4];
		break;
	case MLT_RPC_WINDOW_SIZE:
		rpc->window_size.limit = get_unaligned_be64(value + 4);
		break;
	}
}

/**
 * mlt_body_next() - the next RPC of a body
 * @it: the iterator
 * @rpc: filled in with the RPC and its decoded fields; for a SACK, @rpc->c
 *	is 0 and its ranges are read with mlt_rpc_sack_range()
 *
 * Pad RPCs are not yielded: they end the walk. On a body that did not
 * validate, the walk ends at the first RPC that is not well formed.
 *
 * Return: true if @rpc holds the next RPC, false at the end.
 */
bool mlt_body_next(struct mlt_body_iter *it, struct mlt_rpc *rpc)
{
	size_t rest = it->end - it->pos;
	const u8 *p = it->pos;
	const u8 *value;
	u32 conn;
	u16 vlen;
	u8 type;

	if (rest < MLT_RPC_HDR_LEN)
		goto end;
	conn = get_unaligned_be32(p);
	type = p[4];
	vlen = get_unaligned_be16(p + 5);
	value = p + MLT_RPC_HDR_LEN;
	if (vlen > rest - MLT_RPC_HDR_LEN || type == MLT_RPC_PAD ||
	    mlt_rpc_check(conn, type, value, vlen))
		goto end;

	memset(rpc, 0, sizeof(*rpc));
	rpc->conn = conn;
	rpc->type = type;
	rpc->len = vlen;
	rpc->value = value;
	mlt_rpc_decode(rpc, value);
	it->pos = value + vlen;
	return true;

end:
	it->pos = it->end;
	return false;
}

/**
 * mlt_rpc_sack_range() - one range of a SACK RPC
 * @rpc: a SACK RPC that mlt_body_next() or mlt_body_find_sack() yielded
 * @i: which range, below @rpc->sack.count (nothing checks it)
 * @range: filled in with the range; it is non-empty and shorter than 2^31
 */
void mlt_rpc_sack_range(const struct mlt_rpc *rpc, unsigned int i,
			struct mlt_range *range)
{
	const u8 *p = rpc->value + MLT_RPC_SACK_LEN(i);

	range->start = get_unaligned_be32(p);
	range->end = get_unaligned_be32(p + 4);
}

/* Walk on from @it to the first RPC of @type: true with it in @rpc. */
static bool mlt_iter_find(struct mlt_body_iter *it, u8 type,
			  struct mlt_rpc *rpc)
{
	while (mlt_body_next(it, rpc))
		if (rpc->type == type)
			return true;
	return false;
}

/**
 * mlt_body_find_sack() - the SACK RPC of a body
 * @body: a body that mlt_body_validate() accepted
 * @len: its length
 * @rpc: filled in with the SACK RPC as mlt_body_next() yields it;
 *	unspecified if there is none
 *
 * A valid body holds at most one SACK, anywhere among its RPCs. The
 * receiver acts on it as soon as the datagram arrives, before the body
 * waits for its turn in seq order, if it ever does.
 *
 * Return: true if @body has a SACK RPC, false if not.
 */
bool mlt_body_find_sack(const u8 *body, size_t len, struct mlt_rpc *rpc)
{
	return mlt_body_find(body, len, MLT_RPC_SACK, rpc);
}

/**
 * mlt_body_find() - the first RPC of a type in a body
 * @body: a body that mlt_body_validate() accepted
 * @len: its length
 * @type: the RPC type, enum mlt_rpc_type
 * @rpc: receives the RPC; unspecified if there is none
 *
 * Return: true if @body has an RPC of @type.
 */
bool mlt_body_find(const u8 *body, size_t len, u8 type, struct mlt_rpc *rpc)
{
	struct mlt_body_iter it;

	mlt_body_iter_init(&it, body, len);
	return mlt_iter_find(&it, type, rpc);
}

/**
 * mlt_body_init() - start a body in a caller's buffer
 * @enc: the encoder
 * @buf: the buffer
 * @cap: its size; the body never grows past %MLT_BODY_MAX_LEN either
 * @seq: the sequence number, 0 for a body that only acknowledges
 * @ack: the cumulative acknowledgment
 *
 * Return: 0, or -%ENOSPC if @cap cannot hold a body header.
 */
int mlt_body_init(struct mlt_body_enc *enc, u8 *buf, size_t cap, u32 seq,
		  u32 ack)
{
	if (cap < MLT_BODY_HDR_LEN)
		return -ENOSPC;
	if (cap > MLT_BODY_MAX_LEN)
		cap = MLT_BODY_MAX_LEN;
	enc->buf = buf;
	enc->cap = cap;
	enc->len = MLT_BODY_HDR_LEN;
	enc->seq = seq;
	put_unaligned_be32(seq, buf);
	put_unaligned_be32(ack, buf + 4);
	return 0;
}

/* Room for an RPC with a @vlen byte value: its value, or NULL. */
static u8 *mlt_body_put(struct mlt_body_enc *enc, u32 conn, u8 type,
			size_t vlen)
{
	size_t room = enc->cap - enc->len;
	u8 *p = enc->buf + enc->len;

	if (room < MLT_RPC_HDR_LEN || vlen > room - MLT_RPC_HDR_LEN)
		return NULL;
	put_unaligned_be32(conn, p);
	p[4] = type;
	put_unaligned_be16(vlen, p + 5);
	enc->len += MLT_RPC_HDR_LEN + vlen;
	return p + MLT_RPC_HDR_LEN;
}

/* A control RPC on connection 0, about connection @c. */
static u8 *mlt_body_put_ctl(struct mlt_body_enc *enc, u8 type, u32 c,
			    size_t vlen)
{
	u8 *value = mlt_body_put(enc, 0, type, vlen);

	if (value)
		put_unaligned_be32(c, value);
	return value;
}

/**
 * mlt_body_add_data() - append a DATA RPC
 * @enc: the encoder
 * @conn: the connection, not 0
 * @data: the stream bytes
 * @len: how many, 1 to mlt_body_data_room()
 *
 * Return: 0; -%EINVAL for connection 0, an empty or over-long @len or a
 * body with seq 0; -%ENOSPC if the RPC does not fit (nothing is written).
 */
int mlt_body_add_data(struct mlt_body_enc *enc, u32 conn, const void *data,
		      size_t len)
{
	u8 *value;

	if (!enc->seq || !conn || !len || len > MLT_RPC_VALUE_MAX)
		return -EINVAL;
	value = mlt_body_put(enc, conn, MLT_RPC_DATA, len);
	if (!value)
		return -ENOSPC;
	memcpy(value, data, len);
	return 0;
}

/**
 * mlt_body_reserve_data() - append a DATA RPC whose bytes the caller writes
 * @enc: the encoder
 * @conn: the connection, not 0
 * @len: how many bytes, 1 to mlt_body_data_room()
 *
 * Return: where the caller writes the @len stream bytes, or %NULL for what
 * mlt_body_add_data() refuses (nothing is written then).
 */
u8 *mlt_body_reserve_data(struct mlt_body_enc *enc, u32 conn, size_t len)
{
	if (!enc->seq || !conn || !len || len > MLT_RPC_VALUE_MAX)
		return NULL;
	return mlt_body_put(enc, conn, MLT_RPC_DATA, len);
}

/**
 * mlt_body_add_create() - append a create RPC
 * @enc: the encoder
 * @c: the connection to open, not 0
 * @service: the service to connect to
 * @window: the creator's initial receive limit
 *
 * Return: 0; -%EINVAL for @c 0 or a body with seq 0; -%ENOSPC if the RPC
 * does not fit (nothing is written).
 */
int mlt_body_add_create(struct mlt_body_enc *enc, u32 c, u16 service,
			u64 window)
{
	u8 *value;

	if (!enc->seq || !c)
		return -EINVAL;
	value = mlt_body_put_ctl(enc, MLT_RPC_CREATE, c, MLT_RPC_CREATE_LEN);
	if (!value)
		return -ENOSPC;
	put_unaligned_be16(service, value + 4);
	put_unaligned_be64(window, value + 6);
	return 0;
}

/**
 * mlt_body_add_ack() - append an ack RPC
 * @enc: the encoder
 * @c: the accepted connection, not 0
 * @window: the listener's initial receive limit
 *
 * Return: 0; -%EINVAL for @c 0 or a body with seq 0; -%ENOSPC if the RPC
 * does not fit (nothing is written).
 */
int mlt_body_add_ack(struct mlt_body_enc *enc, u32 c, u64 window)
{
	u8 *value;

	if (!enc->seq || !c)
		return -EINVAL;
	value = mlt_body_put_ctl(enc, MLT_RPC_ACK, c, MLT_RPC_ACK_LEN);
	if (!value)
		return -ENOSPC;
	put_unaligned_be64(window, value + 4);
	return 0;
}

/**
 * mlt_body_add_refuse() - append a refuse RPC
 * @enc: the encoder
 * @c: the refused connection, not 0
 * @reason: an MLT_REFUSE_* value
 *
 * Return: 0; -%EINVAL for @c 0 or a body with seq 0; -%ENOSPC if the RPC
 * does not fit (nothing is written).
 */
int mlt_body_add_refuse(struct mlt_body_enc *enc, u32 c, u16 reason)
{
	u8 *value;

	if (!enc->seq || !c)
		return -EINVAL;
	value = mlt_body_put_ctl(enc, MLT_RPC_REFUSE, c, MLT_RPC_REFUSE_LEN);
	if (!value)
		return -ENOSPC;
	put_unaligned_be16(reason, value + 4);
	return 0;
}

/**
 * mlt_body_add_close() - append a close RPC
 * @enc: the encoder
 * @c: the connection, not 0
 * @how: %MLT_CLOSE_FIN or %MLT_CLOSE_ABORT
 *
 * Return: 0; -%EINVAL for @c 0, another @how or a body with seq 0;
 * -%ENOSPC if the RPC does not fit (nothing is written).
 */
int mlt_body_add_close(struct mlt_body_enc *enc, u32 c, u8 how)
{
	u8 *value;

	if (!enc->seq || !c || (how != MLT_CLOSE_FIN && how != MLT_CLOSE_ABORT))
		return -EINVAL;
	value = mlt_body_put_ctl(enc, MLT_RPC_CLOSE, c, MLT_RPC_CLOSE_LEN);
	if (!value)
		return -ENOSPC;
	value[4] = how;
	return 0;
}

/**
 * mlt_body_add_window_size() - append a windowSize RPC
 * @enc: the encoder
 * @c: the connection, not 0
 * @limit: the stream offset up to which the sender of this RPC accepts
 *
 * Return: 0; -%EINVAL for @c 0 or a body with seq 0; -%ENOSPC if the RPC
 * does not fit (nothing is written).
 */
int mlt_body_add_window_size(struct mlt_body_enc *enc, u32 c, u64 limit)
{
	u8 *value;

	if (!enc->seq || !c)
		return -EINVAL;
	value = mlt_body_put_ctl(enc, MLT_RPC_WINDOW_SIZE, c,
				 MLT_RPC_WINDOW_SIZE_LEN);
	if (!value)
		return -ENOSPC;
	put_unaligned_be64(limit, value + 4);
	return 0;
}

/* Whether the validator would accept the count and ranges of @sack. */
static bool mlt_sack_ok(const struct mlt_sack *sack)
{
	unsigned int i;

	if (sack->count > MLT_SACK_MAX)
		return false;
	for (i = 0; i < sack->count; i++)
		if (!mlt_range_ok(sack->range[i].start, sack->range[i].end))
			return false;
	return true;
}

/* Whether the RPCs written so far hold a SACK. */
static bool mlt_body_has_sack(const struct mlt_body_enc *enc)
{
	struct mlt_body_iter it = {
		.pos = enc->buf + MLT_BODY_HDR_LEN,
		.end = enc->buf + enc->len,
	};
	struct mlt_rpc rpc;

	return mlt_iter_find(&it, MLT_RPC_SACK, &rpc);
}

/**
 * mlt_body_add_sack() - append a SACK RPC
 * @enc: the encoder
 * @sack: the fields; @sack->count ranges of @sack->range are written, in
 *	the order given (the range holding the newest arrival first, then
 *	the others from the lowest seq up)
 *
 * Unlike the other RPCs, a SACK may go in a body with seq 0. A body holds
 * at most one.
 *
 * Return: 0; -%EINVAL for a count above %MLT_SACK_MAX, a range that is
 * empty or not shorter than 2^31, or a body that holds a SACK already;
 * -%ENOSPC if the RPC does not fit (nothing is written).
 */
int mlt_body_add_sack(struct mlt_body_enc *enc, const struct mlt_sack *sack)
{
	unsigned int i;
	u8 *value;

	if (!mlt_sack_ok(sack) || mlt_body_has_sack(enc))
		return -EINVAL;
	value = mlt_body_put(enc, 0, MLT_RPC_SACK,
			     MLT_RPC_SACK_LEN(sack->count));
	if (!value)
		return -ENOSPC;
	put_unaligned_be32(sack->delay_us, value);
	put_unaligned_be64(sack->echo, value + 4);
	value[MLT_SACK_COUNT_OFF] = sack->count;
	for (i = 0; i < sack->count; i++) {
		u8 *p = value + MLT_RPC_SACK_LEN(i);

		put_unaligned_be32(sack->range[i].start, p);
		put_unaligned_be32(sack->range[i].end, p + 4);
	}
	return 0;
}

/**
 * mlt_body_append_raw() - append RPCs encoded earlier
 * @enc: the encoder
 * @rpcs: whole RPCs this codec wrote into an earlier body, none of them
 *	a SACK (the sender re-seals a reliable body's RPCs on retransmission
 *	with a fresh body header and a fresh SACK); not checked
 * @len: their length; 0 appends nothing, also to a body with seq 0
 *
 * Return: 0; -%EINVAL for RPCs in a body with seq 0; -%ENOSPC if they do
 * not fit (nothing is written).
 */
int mlt_body_append_raw(struct mlt_body_enc *enc, const u8 *rpcs,
			size_t len)
{
	if (!len)
		return 0;
	if (!enc->seq)
		return -EINVAL;
	if (len > enc->cap - enc->len)
		return -ENOSPC;
	memcpy(enc->buf + enc->len, rpcs, len);
	enc->len += len;
	return 0;
}

/**
 * mlt_body_sack_room() - how many ranges a SACK RPC appended now can hold
 * @enc: the encoder
 *
 * Return: 0 to %MLT_SACK_MAX; 0 also when not even a SACK without ranges
 * fits (mlt_body_add_sack() then fails with -%ENOSPC).
 */
unsigned int mlt_body_sack_room(const struct mlt_body_enc *enc)
{
	size_t room = enc->cap - enc->len, fixed;

	fixed = MLT_RPC_HDR_LEN + MLT_RPC_SACK_LEN(0);
	if (room < fixed)
		return 0;
	room = (room - fixed) / MLT_RPC_SACK_LEN_RANGE;
	return room > MLT_SACK_MAX ? MLT_SACK_MAX : room;
}

/**
 * mlt_body_data_room() - how many stream bytes one more DATA RPC can carry
 * @enc: the encoder
 *
 * Return: the largest length mlt_body_add_data() accepts now, 0 if none
 * (the body is full, or its seq is 0).
 */
size_t mlt_body_data_room(const struct mlt_body_enc *enc)
{
	size_t room = enc->cap - enc->len;

	if (!enc->seq || room <= MLT_RPC_HDR_LEN)
		return 0;
	room -= MLT_RPC_HDR_LEN;
	return room > MLT_RPC_VALUE_MAX ? MLT_RPC_VALUE_MAX : room;
}

/**
 * mlt_body_pad_to() - end a body with zero padding to a given length
 * @enc: the encoder
 * @total: the body length wanted, for instance what fills an opening
 *	datagram to %MLT_BASE_DATAGRAM
 *
 * Return: @total; -%EINVAL if the body is already longer, -%ENOSPC if
 * @total exceeds the capacity (nothing is written then).
 */
int mlt_body_pad_to(struct mlt_body_enc *enc, size_t total)
{
	if (total < enc->len)
		return -EINVAL;
	if (total > enc->cap)
		return -ENOSPC;
	memset(enc->buf + enc->len, 0, total - enc->len);
	enc->len = total;
	return total;
}

/**
 * mlt_body_finish() - end a body with zero padding to a multiple of
 * %MLT_PAD_MULTIPLE
 * @enc: the encoder
 *
 * A capacity that is a multiple of %MLT_PAD_MULTIPLE (as %MLT_BODY_MAX_LEN
 * is) always leaves room for the padding.
 *
 * Return: the body length, or -%ENOSPC if the padded length exceeds the
 * capacity (nothing is written then).
 */
int mlt_body_finish(struct mlt_body_enc *enc)
{
	size_t total = enc->len + MLT_PAD_MULTIPLE - 1;

	total -= total % MLT_PAD_MULTIPLE;
	return mlt_body_pad_to(enc, total);
}
