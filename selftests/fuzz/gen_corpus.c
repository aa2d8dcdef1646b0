// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of the fuzz targets: a few valid and near-valid
 * datagrams and bodies for fuzz_wire, a few check/mark sequences for
 * fuzz_replay, a few arrival/advance sequences for fuzz_sack, a few fields
 * and parameters for fuzz_puzzle. Run by "make -C selftests/unit corpus";
 * its output is committed under selftests/fuzz/corpus/.
 *
 * Usage: gen_corpus DIR   (writes DIR/fuzz_wire/, DIR/fuzz_replay/,
 * DIR/fuzz_sack/ and DIR/fuzz_puzzle/)
 */

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "wire.h"

static const char *top;

static void save(const char *target, const char *name, const void *buf,
		 size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", top, target);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", top, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void must(int ret)
{
	if (ret < 0) {
		fprintf(stderr, "gen_corpus: encoder error %d\n", ret);
		exit(1);
	}
}

/* A datagram: header, then @body as if it were the ciphertext, then a tag. */
static void save_dgram(const char *name, const struct mlt_hdr *h,
		       const u8 *body, size_t len)
{
	u8 buf[MLT_MAX_DATAGRAM + 64];
	int n = mlt_hdr_encode(h, buf, sizeof(buf));

	must(n);
	memcpy(buf + n, body, len);
	memset(buf + n + len, 0x7a, MLT_TAG_LEN);
	save("fuzz_wire", name, buf, n + len + MLT_TAG_LEN);
}

static void wire(void)
{
	static const u8 eph[MLT_EPH_ID_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	u8 cpub[MLT_CLIENT_PUB_LEN], puz[MLT_PUZZLE_LEN], b[MLT_BODY_MAX_LEN];
	struct mlt_hdr h = { .tid = 0x1234567, .nonce = 3 };
	struct mlt_body_enc e;
	int len, raw;

	memset(cpub, 0xc1, sizeof(cpub));
	memset(puz, 0x5a, sizeof(puz));

	/* ack only, as a datagram and as a body */
	must(mlt_body_init(&e, b, sizeof(b), 0, 5));
	len = mlt_body_finish(&e);
	must(len);
	save_dgram("dgram-ack-only", &h, b, len);
	save("fuzz_wire", "body-ack-only", b, len);

	/* the opening datagram: create + data, padded to 1232 */
	h.has_pubkey = 1;
	h.eph_id = eph;
	h.client_pub = cpub;
	h.nonce = 0;
	must(mlt_body_init(&e, b, mlt_body_max(mlt_hdr_size(true, false)), 1,
			   1));
	must(mlt_body_add_create(&e, 1, 80, MLT_INITIAL_WINDOW));
	must(mlt_body_add_data(&e, 1, "GET / HTTP/1.0\r\n\r\n", 18));
	len = mlt_body_pad_to(&e, e.cap);
	must(len);
	save_dgram("dgram-open-create-data", &h, b, len);
	save("fuzz_wire", "body-create-data-padded", b, 64);

	/* near-valid headers */
	h.version = 0;
	save_dgram("dgram-open-min", &h, b, 8);
	h.has_puzzle = 1;
	h.puzzle = puz;
	save_dgram("dgram-puzzle", &h, b, 16);
	h.has_pubkey = 0;
	h.has_puzzle = 0;
	save_dgram("dgram-bare-min", &h, b, 8);
	save_dgram("dgram-bare-body", &h, b, 64);
	{
		u8 d[96];

		must(mlt_hdr_encode(&(struct mlt_hdr){ .tid = 1, .has_pubkey = 1,
				    .eph_id = eph, .client_pub = cpub }, d,
				    sizeof(d)));
		d[16] = 2;		/* version */
		memset(d + 57, 0, MLT_BODY_HDR_LEN + MLT_TAG_LEN);
		save("fuzz_wire", "dgram-open-version-2", d, 57 + 24);
		memset(d, 0, 8);	/* zero tid, no flags */
		save("fuzz_wire", "dgram-zero-tid", d, 40);
		save("fuzz_wire", "dgram-short-39", d, 39);
	}

	/* one body per RPC */
	must(mlt_body_init(&e, b, sizeof(b), 7, 3));
	must(mlt_body_add_ack(&e, 2, 1 << 20));
	save("fuzz_wire", "body-ack", b, mlt_body_finish(&e));
	must(mlt_body_init(&e, b, sizeof(b), 7, 3));
	must(mlt_body_add_refuse(&e, 3, MLT_REFUSE_NO_SERVICE));
	save("fuzz_wire", "body-refuse", b, mlt_body_finish(&e));
	must(mlt_body_init(&e, b, sizeof(b), 7, 3));
	must(mlt_body_add_close(&e, 5, MLT_CLOSE_FIN));
	must(mlt_body_add_close(&e, 7, MLT_CLOSE_ABORT));
	save("fuzz_wire", "body-close-fin-abort", b, mlt_body_finish(&e));
	must(mlt_body_init(&e, b, sizeof(b), 7, 3));
	must(mlt_body_add_window_size(&e, 9, 1 << 30));
	save("fuzz_wire", "body-window-size", b, mlt_body_finish(&e));
	must(mlt_body_init(&e, b, sizeof(b), 0xffffffff, 0xfffffff0));
	must(mlt_body_add_data(&e, 0x80000001, "x", 1));
	must(mlt_body_add_data(&e, 2, "yz", 2));
	raw = e.len;
	save("fuzz_wire", "body-data-no-pad", b, raw);
	save("fuzz_wire", "body-data-short-tail", b, mlt_body_pad_to(&e, raw + 3));

	/* near-valid bodies */
	must(mlt_body_init(&e, b, sizeof(b), 7, 3));
	must(mlt_body_add_create(&e, 1, 22, 4096));
	raw = e.len;
	len = mlt_body_pad_to(&e, 48);	/* a pad RPC, then zeros */
	b[len - 1] = 1;
	save("fuzz_wire", "body-pad-nonzero", b, len);
	b[len - 1] = 0;
	b[4 + 8] = MLT_RPC_NEXT_TID;
	save("fuzz_wire", "body-reserved-type", b, len);
	b[4 + 8] = MLT_RPC_CREATE;
	b[3 + 8] = 1;			/* control RPC on connection 1 */
	save("fuzz_wire", "body-create-on-conn-1", b, len);
	b[3 + 8] = 0;
	b[6 + 8] = 13;			/* value one short */
	save("fuzz_wire", "body-create-len-13", b, len);
	b[6 + 8] = 14;
	save("fuzz_wire", "body-create-truncated", b, raw - 1);
	memset(b, 0, 4);		/* seq 0 with an RPC */
	save("fuzz_wire", "body-seq-zero-rpc", b, len);
}

/* A SACK of @n ranges [start + 3i, start + 3i + 2). */
static void make_sack(struct mlt_sack *s, u8 n, u32 start)
{
	u8 i;

	memset(s, 0, sizeof(*s));
	s->delay_us = 2500;
	s->echo = 0x1234;
	s->count = n;
	for (i = 0; i < n; i++) {
		s->range[i].start = start + 3 * i;
		s->range[i].end = start + 3 * i + 2;
	}
}

static void wire_sack(void)
{
	struct mlt_hdr h = { .tid = 0x1234567, .nonce = 9 };
	u8 b[MLT_BODY_MAX_LEN];
	struct mlt_body_enc e;
	struct mlt_sack s;
	int len, at;

	/* a pure ack with a SACK, as a datagram and as a body */
	make_sack(&s, 3, 0xfffffffc);
	must(mlt_body_init(&e, b, sizeof(b), 0, 0xfffffff0));
	must(mlt_body_add_sack(&e, &s));
	len = mlt_body_finish(&e);
	must(len);
	save_dgram("dgram-sack-ack", &h, b, len);
	save("fuzz_wire", "body-sack-seq-zero", b, len);

	/* every range, among other RPCs of a reliable body */
	make_sack(&s, MLT_SACK_MAX, 100);
	must(mlt_body_init(&e, b, sizeof(b), 40, 30));
	must(mlt_body_add_data(&e, 1, "abc", 3));
	at = e.len;
	must(mlt_body_add_sack(&e, &s));
	must(mlt_body_add_window_size(&e, 1, 1 << 20));
	len = mlt_body_finish(&e);
	must(len);
	save("fuzz_wire", "body-sack-max-between", b, len);

	/* near-valid: one field of that SACK wrong at a time */
	b[at + 3] = 1;				/* on connection 1 */
	save("fuzz_wire", "body-sack-on-conn-1", b, len);
	b[at + 3] = 0;
	b[at + MLT_RPC_HDR_LEN + 12] = MLT_SACK_MAX - 1;	/* count */
	save("fuzz_wire", "body-sack-count-short", b, len);
	b[at + MLT_RPC_HDR_LEN + 12] = MLT_SACK_MAX;
	b[at + MLT_RPC_HDR_LEN + 13 + 7] = 100 & 0xff;	/* [100, 100) */
	save("fuzz_wire", "body-sack-empty-range", b, len);
	b[at + MLT_RPC_HDR_LEN + 13 + 7] = 102;
	b[at + MLT_RPC_HDR_LEN + 13 + 4] = 0x80;	/* 2^31 + 2 long */
	save("fuzz_wire", "body-sack-long-range", b, len);
	b[at + MLT_RPC_HDR_LEN + 13 + 4] = 0;
	memset(b, 0, 4);			/* seq 0 with data */
	save("fuzz_wire", "body-sack-seq-zero-data", b, len);

	/* 17 ranges, the length right for them */
	must(mlt_body_init(&e, b, sizeof(b), 0, 1));
	must(mlt_body_add_sack(&e, &s));
	b[MLT_BODY_HDR_LEN + 6] += 8;
	b[MLT_BODY_HDR_LEN + MLT_RPC_HDR_LEN + 12]++;
	memset(b + e.len, 0, 8);
	b[e.len + 3] = 200;
	b[e.len + 7] = 201;
	save("fuzz_wire", "body-sack-count-17", b, e.len + 8);

	/* two of them */
	make_sack(&s, 1, 7);
	must(mlt_body_init(&e, b, sizeof(b), 0, 1));
	must(mlt_body_add_sack(&e, &s));
	len = e.len;
	memcpy(b + len, b + MLT_BODY_HDR_LEN, len - MLT_BODY_HDR_LEN);
	save("fuzz_wire", "body-sack-twice", b, 2 * len - MLT_BODY_HDR_LEN);
}

/* fuzz_sack records: op, then a big-endian u32 argument. */
static size_t sack_op(u8 *p, size_t at, u8 op, u32 arg)
{
	p[at] = op;
	put_unaligned_be32(arg, p + at + 1);
	return at + 5;
}

static void sack(void)
{
	u8 ops[4 + 5 * 200];
	size_t at;
	u32 i;

	/* isolated arrivals past the range limit, then the gaps filled */
	put_unaligned_be32(1000, ops);
	at = 4;
	for (i = 0; i < 40; i++)
		at = sack_op(ops, at, 0, 2 * i + 2);
	for (i = 0; i < 40; i++)
		at = sack_op(ops, at, 0, 2 * i + 1);
	at = sack_op(ops, at, 3, 0);
	save("fuzz_sack", "limit-then-fill", ops, at);

	/* across the wrap of the seq space, with advances */
	put_unaligned_be32(0xfffffff0, ops);
	at = 4;
	for (i = 0; i < 30; i++) {
		at = sack_op(ops, at, 0, i * 7 % 40 + 1);
		if (i % 6 == 5)
			at = sack_op(ops, at, 3, 0);
		if (i % 10 == 9)
			at = sack_op(ops, at, 4, 5);
		at = sack_op(ops, at, 6, i);
	}
	save("fuzz_sack", "wrap", ops, at);

	/* the far edge of the half after rcv_nxt, and far jumps */
	put_unaligned_be32(7, ops);
	at = 4;
	for (i = 0; i < 4; i++)
		at = sack_op(ops, at, 0x10, i);		/* 2^31 - i after */
	at = sack_op(ops, at, 0x08, 3);
	at = sack_op(ops, at, 0x18, 0x87654321);	/* any seq */
	at = sack_op(ops, at, 5, 0x7ffffffe);
	at = sack_op(ops, at, 0x10, 1);
	at = sack_op(ops, at, 7, 0x80000006);
	at = sack_op(ops, at, 5, 0x40000000);
	save("fuzz_sack", "far-edge", ops, at);
}

static void replay(void)
{
	u8 ops[3 * 256];
	size_t i;

	/* in order from 0 */
	for (i = 0; i < 128; i++) {
		ops[3 * i] = 0x87;
		ops[3 * i + 1] = 0;
		ops[3 * i + 2] = i;
	}
	save("fuzz_replay", "in-order", ops, 3 * 128);

	/* marks, then every kind of nonce, checked and marked */
	for (i = 0; i < 256; i++) {
		ops[3 * i] = (i & 7) | (i & 8 ? 0x80 : 0);
		ops[3 * i + 1] = i * 37 >> 8;
		ops[3 * i + 2] = i * 37;
	}
	save("fuzz_replay", "every-kind", ops, 3 * 256);

	/* a jump of more than the window, then its edge */
	{
		static const u8 seq[] = {
			0x80, 0x00, 0x10,  0x80, 0x0f, 0x00,  0x83, 0x00, 0x40,
			0x83, 0x00, 0x41,  0x03, 0x00, 0x3f,  0x82, 0x00, 0x01,
			0x86, 0x00, 0x01,  0x83, 0x00, 0x40,
		};

		save("fuzz_replay", "jump-and-edge", seq, sizeof(seq));
	}
	/* near the reject limit */
	{
		static const u8 seq[] = {
			0x84, 0x00, 0x00,  0x84, 0x00, 0x01,  0x85, 0x00, 0x00,
			0x84, 0x00, 0x00,  0x80, 0x00, 0x01,  0x81, 0x08, 0x00,
		};

		save("fuzz_replay", "reject-limit", seq, sizeof(seq));
	}
}

/* fuzz_puzzle: the parameters after the field (see fuzz_puzzle.c). */
struct puzzle_seed {
	u32 now;
	u8 min_bits;
	u64 tid;
	u16 port;
	u8 addr[16];
	u8 bits, delta, at, xor;
};

static void save_puzzle(const char *name, const u8 field[MLT_PUZZLE_LEN],
			const struct puzzle_seed *p)
{
	u8 in[MLT_PUZZLE_LEN + 67];

	memcpy(in, field, MLT_PUZZLE_LEN);
	put_unaligned_be32(p->now, in + 48);
	in[52] = p->min_bits;
	put_unaligned_be64(p->tid, in + 53);
	put_unaligned_be16(p->port, in + 61);
	memcpy(in + 63, p->addr, 16);
	in[79] = p->bits;
	in[80] = p->delta;
	in[81] = p->at;
	in[82] = p->xor;
	memset(in + 83, 0xc1, 32);		/* C' */
	save("fuzz_puzzle", name, in, sizeof(in));
}

static void puzzle(void)
{
	struct puzzle_seed p = {
		.now = 0x12345678, .min_bits = 3, .port = 40000,
		.tid = MLT_TID_FLAG_PUBKEY | MLT_TID_FLAG_PUZZLE | 0x1234567,
		.addr = { [10] = 0xff, [11] = 0xff, 192, 0, 2, 1 },
		.bits = 5,
	};
	u8 f[MLT_PUZZLE_LEN];

	/* a well-formed field as a server writes it (cookie made up) */
	memset(f, 0, sizeof(f));
	put_unaligned_be32(p.now, f);
	f[4] = 8;
	f[5] = (p.now / MLT_PUZZLE_SECRET_LIFE) & 1;
	memset(f + 8, 0x5a, MLT_PUZZLE_COOKIE_LEN);
	save_puzzle("field-well-formed", f, &p);
	f[5] = 2;
	save_puzzle("field-key-id-2", f, &p);
	f[5] ^= 3;				/* the other parity */
	save_puzzle("field-key-id-parity", f, &p);
	f[5] ^= 1;
	f[7] = 1;
	save_puzzle("field-reserved", f, &p);
	f[7] = 0;
	f[4] = MLT_PUZZLE_BITS_MAX + 1;
	save_puzzle("field-bits-25", f, &p);
	memset(f, 0, sizeof(f));
	save_puzzle("field-zero", f, &p);

	/* the issued field checked at the expiry edges */
	p.delta = MLT_PUZZLE_TTL;
	save_puzzle("issued-ttl", f, &p);
	p.delta = MLT_PUZZLE_TTL + 1;
	save_puzzle("issued-ttl-plus-1", f, &p);
	p.delta = (u8)-MLT_PUZZLE_SKEW;
	save_puzzle("issued-skew", f, &p);
	p.delta = (u8)-(MLT_PUZZLE_SKEW + 1);
	save_puzzle("issued-skew-plus-1", f, &p);
	p.now = 0xfffffff0;			/* 16 s before the wrap */
	p.delta = MLT_PUZZLE_TTL;
	save_puzzle("issued-wrap", f, &p);

	/* one byte of the solved field changed */
	p.now = 1000000;
	p.delta = 0;
	p.at = 47;
	p.xor = 1;
	save_puzzle("changed-solution", f, &p);
	p.at = 8;
	p.xor = 0x80;
	save_puzzle("changed-cookie", f, &p);
	p.at = 4;
	p.xor = 1;
	save_puzzle("changed-bits", f, &p);
	p.at = 3;
	save_puzzle("changed-issued", f, &p);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	top = argv[1];
	mkdir(top, 0755);
	wire();
	wire_sack();
	replay();
	sack();
	puzzle();
	return 0;
}
