/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The MinimaLT wire codec: the cleartext header of a datagram and the
 * plaintext of its encrypted body (Documentation/protocol.rst, "Wire
 * protocol"). Pure code: no allocation, no global state, no locking; it
 * builds in the kernel and, for unit tests and fuzzing, in userspace.
 *
 * Receiving is two passes over a body: mlt_body_validate() checks all of it,
 * then an iterator yields its RPCs. Nothing takes effect from a body that
 * did not validate, and no pass needs an array of RPCs.
 */
#ifndef _MLT_WIRE_H
#define _MLT_WIRE_H

#include <linux/minimalt.h>

#include "pure.h"
#include "protocol.h"

/* C', the client's ephemeral public key: the rest of the P extension. */
#define MLT_CLIENT_PUB_LEN	MLT_PUBKEY_LEN

/* The largest body any datagram has: one of the largest size, bare header. */
#define MLT_BODY_MAX_LEN	(MLT_MAX_DATAGRAM - MLT_HDR_LEN - MLT_TAG_LEN)

/* Value lengths of the fixed-size RPCs. */
#define MLT_RPC_CREATE_LEN	14	/* c u32, service u16, window u64 */
#define MLT_RPC_ACK_LEN		12	/* c u32, window u64 */
#define MLT_RPC_REFUSE_LEN	6	/* c u32, reason u16 */
#define MLT_RPC_CLOSE_LEN	5	/* c u32, how u8 */
#define MLT_RPC_WINDOW_SIZE_LEN	12	/* c u32, limit u64 */
/* delay u32, echo u64, n u8, then n ranges of start u32, end u32 */
#define MLT_RPC_SACK_LEN_RANGE	8
#define MLT_RPC_SACK_LEN(n)	(13 + MLT_RPC_SACK_LEN_RANGE * (n))
/*
 * The room a reliable body leaves for the SACK that each transmission of
 * it gets: MLT_SACK_DATA_RANGES ranges, its header included.
 */
#define MLT_SACK_RPC_ROOM	(MLT_RPC_HDR_LEN + \
				 MLT_RPC_SACK_LEN(MLT_SACK_DATA_RANGES))

/**
 * struct mlt_range - the seq numbers @start .. @end - 1 (serial arithmetic)
 * @start: the first
 * @end: one past the last; never equal to @start
 */
struct mlt_range {
	u32 start;
	u32 end;
};

/**
 * struct mlt_sack - the fields of %MLT_RPC_SACK
 * @delay_us: microseconds between the arrival of the datagram @echo names
 *	and the sending of this acknowledgment (saturating)
 * @echo: the nonce of the newest reliable datagram received
 * @count: how many ranges follow, 0 to %MLT_SACK_MAX
 * @range: seq received above the cumulative acknowledgment, the range
 *	holding the newest arrival first, then the others from the lowest
 */
struct mlt_sack {
	u32 delay_us;
	u64 echo;
	u8 count;
	struct mlt_range range[MLT_SACK_MAX];
};

/* The largest value a u16 length field can describe. */
#define MLT_RPC_VALUE_MAX	0xffff

/*
 * enum mlt_drop_reason, in the uapi header, names why a received datagram
 * is dropped. mlt_hdr_decode() and mlt_body_validate() return the reasons up
 * to %MLT_DROP_SEQ_ZERO, mlt_replay_check() and mlt_replay_mark() the replay
 * and nonce ones; the tunnel engine uses the rest. Their names, which the
 * kernel never prints, are the YNL spec's and libmltnl's (userspace/lib).
 */

/**
 * struct mlt_hdr - the cleartext header of a datagram
 * @tid: the tunnel id, without the P and Z flags
 * @nonce: the sender's nonce for this datagram
 * @eph_id: with P, the %MLT_EPH_ID_LEN bytes naming the server's S'
 * @client_pub: with P, C': %MLT_CLIENT_PUB_LEN bytes
 * @puzzle: with Z, the %MLT_PUZZLE_LEN bytes of the puzzle field
 * @len: the length of the cleartext header, the AEAD associated data
 * @has_pubkey: P, the public key extension is present
 * @has_puzzle: Z, the puzzle field is present
 * @version: with P, the protocol version; 0 without
 *
 * The pointers point into the datagram that was decoded (into the caller's
 * arrays when encoding) and are %NULL when their flag is clear.
 */
struct mlt_hdr {
	u64 tid;
	u64 nonce;
	const u8 *eph_id;
	const u8 *client_pub;
	const u8 *puzzle;
	unsigned int len;
	u8 has_pubkey;
	u8 has_puzzle;
	u8 version;
};

/**
 * mlt_hdr_size() - length of a cleartext header
 * @has_pubkey: P is set
 * @has_puzzle: Z is set
 *
 * Return: the header length in bytes.
 */
static inline unsigned int mlt_hdr_size(bool has_pubkey, bool has_puzzle)
{
	return MLT_HDR_LEN + (has_pubkey ? MLT_PUBKEY_EXT_LEN : 0) +
	       (has_puzzle ? MLT_PUZZLE_LEN : 0);
}

/**
 * mlt_body_max_at() - the largest body a datagram of a given size holds
 * @size: the datagram size, %MLT_BASE_DATAGRAM to %MLT_MAX_DATAGRAM
 * @hdr_len: the cleartext header length, see mlt_hdr_size()
 *
 * Return: @size less the header and the tag.
 */
static inline unsigned int mlt_body_max_at(unsigned int size,
					   unsigned int hdr_len)
{
	return size - MLT_TAG_LEN - hdr_len;
}

/**
 * mlt_body_max() - the largest body a datagram of the base size holds (an
 *	opening's, and every one before the path's size is known)
 * @hdr_len: the cleartext header length, see mlt_hdr_size()
 *
 * Return: %MLT_BASE_DATAGRAM less the header and the tag.
 */
static inline unsigned int mlt_body_max(unsigned int hdr_len)
{
	return mlt_body_max_at(MLT_BASE_DATAGRAM, hdr_len);
}

enum mlt_drop_reason mlt_hdr_decode(struct mlt_hdr *hdr, const u8 *buf,
				    size_t len);
int mlt_hdr_encode(const struct mlt_hdr *hdr, u8 *buf, size_t size);

/**
 * struct mlt_rpc - one RPC of a validated body
 * @conn: the connection the RPC travels on (0 for the control RPCs)
 * @type: an &enum mlt_rpc_type other than %MLT_RPC_PAD
 * @len: the length of @value
 * @value: the value, inside the body
 * @c: the connection a control RPC is about; 0 for DATA
 * @create: the fields of %MLT_RPC_CREATE
 * @create.service: the service to connect to
 * @create.window: the creator's initial receive limit
 * @ack: the fields of %MLT_RPC_ACK
 * @ack.window: the listener's initial receive limit
 * @refuse: the fields of %MLT_RPC_REFUSE
 * @refuse.reason: an MLT_REFUSE_* value, passed through unchecked
 * @close: the fields of %MLT_RPC_CLOSE
 * @close.how: %MLT_CLOSE_FIN or %MLT_CLOSE_ABORT
 * @window_size: the fields of %MLT_RPC_WINDOW_SIZE
 * @window_size.limit: the new receive limit, a stream offset
 * @sack: the fixed fields of %MLT_RPC_SACK (@c is 0); its ranges are read
 *	with mlt_rpc_sack_range()
 * @sack.delay_us: see &struct mlt_sack
 * @sack.echo: see &struct mlt_sack
 * @sack.count: see &struct mlt_sack
 */
struct mlt_rpc {
	u32 conn;
	u8 type;
	u16 len;
	const u8 *value;
	u32 c;
	union {
		struct {
			u16 service;
			u64 window;
		} create;
		struct {
			u64 window;
		} ack;
		struct {
			u16 reason;
		} refuse;
		struct {
			u8 how;
		} close;
		struct {
			u64 limit;
		} window_size;
		struct {
			u32 delay_us;
			u64 echo;
			u8 count;
		} sack;
	};
};

/**
 * struct mlt_body_iter - walks the RPCs of a validated body
 * @pos: the next RPC header
 * @end: the end of the body
 * @seq: the body's sequence number
 * @ack: the body's cumulative acknowledgment
 */
struct mlt_body_iter {
	const u8 *pos;
	const u8 *end;
	u32 seq;
	u32 ack;
};

enum mlt_drop_reason mlt_body_validate(const u8 *body, size_t len);
void mlt_body_iter_init(struct mlt_body_iter *it, const u8 *body, size_t len);
bool mlt_body_next(struct mlt_body_iter *it, struct mlt_rpc *rpc);
void mlt_rpc_sack_range(const struct mlt_rpc *rpc, unsigned int i,
			struct mlt_range *range);
bool mlt_body_find_sack(const u8 *body, size_t len, struct mlt_rpc *rpc);
bool mlt_body_find(const u8 *body, size_t len, u8 type, struct mlt_rpc *rpc);

/**
 * struct mlt_body_enc - a body being built in a caller's buffer
 * @buf: the buffer
 * @cap: its size: no byte at or past @buf + @cap is written
 * @len: the bytes written so far
 * @seq: the body's sequence number; RPCs other than SACK need it non-zero
 */
struct mlt_body_enc {
	u8 *buf;
	size_t cap;
	size_t len;
	u32 seq;
};

int mlt_body_init(struct mlt_body_enc *enc, u8 *buf, size_t cap, u32 seq,
		  u32 ack);
int mlt_body_add_data(struct mlt_body_enc *enc, u32 conn, const void *data,
		      size_t len);
int mlt_body_add_create(struct mlt_body_enc *enc, u32 c, u16 service,
			u64 window);
int mlt_body_add_ack(struct mlt_body_enc *enc, u32 c, u64 window);
int mlt_body_add_refuse(struct mlt_body_enc *enc, u32 c, u16 reason);
int mlt_body_add_close(struct mlt_body_enc *enc, u32 c, u8 how);
int mlt_body_add_window_size(struct mlt_body_enc *enc, u32 c, u64 limit);
int mlt_body_add_sack(struct mlt_body_enc *enc, const struct mlt_sack *sack);
u8 *mlt_body_reserve_data(struct mlt_body_enc *enc, u32 conn, size_t len);
int mlt_body_append_raw(struct mlt_body_enc *enc, const u8 *rpcs,
			size_t len);
size_t mlt_body_data_room(const struct mlt_body_enc *enc);
unsigned int mlt_body_sack_room(const struct mlt_body_enc *enc);
int mlt_body_finish(struct mlt_body_enc *enc);
int mlt_body_pad_to(struct mlt_body_enc *enc, size_t total);

/*
 * Serial-number arithmetic (RFC 1982) over the 32-bit seq space. Two
 * numbers exactly 2^31 apart are unordered: neither is before the other.
 */
#define MLT_SEQ_HALF	0x80000000U

/**
 * mlt_seq_before() - whether seq @a comes before seq @b
 * @a: a sequence number
 * @b: a sequence number
 *
 * Return: true if @b - @a, modulo 2^32, is in 1 .. 2^31 - 1.
 */
static inline bool mlt_seq_before(u32 a, u32 b)
{
	return (u32)(b - a - 1) < MLT_SEQ_HALF - 1;
}

/**
 * mlt_seq_after() - whether seq @a comes after seq @b
 * @a: a sequence number
 * @b: a sequence number
 *
 * Return: mlt_seq_before(@b, @a).
 */
static inline bool mlt_seq_after(u32 a, u32 b)
{
	return mlt_seq_before(b, a);
}

/**
 * mlt_seq_before_eq() - whether seq @a equals or comes before seq @b
 * @a: a sequence number
 * @b: a sequence number
 *
 * Return: @a == @b or mlt_seq_before(@a, @b).
 */
static inline bool mlt_seq_before_eq(u32 a, u32 b)
{
	return a == b || mlt_seq_before(a, b);
}

/**
 * mlt_seq_after_eq() - whether seq @a equals or comes after seq @b
 * @a: a sequence number
 * @b: a sequence number
 *
 * Return: @a == @b or mlt_seq_after(@a, @b).
 */
static inline bool mlt_seq_after_eq(u32 a, u32 b)
{
	return a == b || mlt_seq_after(a, b);
}

#endif /* _MLT_WIRE_H */
