// SPDX-License-Identifier: GPL-2.0
/*
 * A MinimaLT client in userspace for hostile-peer tests: see peer.h. The
 * crypto follows kernel/crypto.c, the datagram layout kernel/send.c
 * (mlt_tunnel_seal()), the receiving rules kernel/receive.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sodium.h>

#include "peer.h"

/* ---- BLAKE2s (RFC 7693) ----------------------------------------------- */

static const u32 b2s_iv[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static const u8 b2s_sigma[10][16] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	{ 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
	{ 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
	{ 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
	{ 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
	{ 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
	{ 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
	{ 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
	{ 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
	{ 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
};

static u32 ror32(u32 x, unsigned int n)
{
	return x >> n | x << (32 - n);
}

static u32 get_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

#define B2S_G(a, b, c, d, x, y) do {				\
	v[a] = v[a] + v[b] + (x); v[d] = ror32(v[d] ^ v[a], 16);	\
	v[c] = v[c] + v[d]; v[b] = ror32(v[b] ^ v[c], 12);		\
	v[a] = v[a] + v[b] + (y); v[d] = ror32(v[d] ^ v[a], 8);	\
	v[c] = v[c] + v[d]; v[b] = ror32(v[b] ^ v[c], 7);		\
} while (0)

static void b2s_compress(u32 h[8], const u8 block[64], u64 t, bool last)
{
	u32 m[16], v[16];
	int i;

	for (i = 0; i < 16; i++)
		m[i] = get_le32(block + 4 * i);
	for (i = 0; i < 8; i++) {
		v[i] = h[i];
		v[i + 8] = b2s_iv[i];
	}
	v[12] ^= (u32)t;
	v[13] ^= (u32)(t >> 32);
	if (last)
		v[14] = ~v[14];
	for (i = 0; i < 10; i++) {
		const u8 *s = b2s_sigma[i];

		B2S_G(0, 4, 8, 12, m[s[0]], m[s[1]]);
		B2S_G(1, 5, 9, 13, m[s[2]], m[s[3]]);
		B2S_G(2, 6, 10, 14, m[s[4]], m[s[5]]);
		B2S_G(3, 7, 11, 15, m[s[6]], m[s[7]]);
		B2S_G(0, 5, 10, 15, m[s[8]], m[s[9]]);
		B2S_G(1, 6, 11, 12, m[s[10]], m[s[11]]);
		B2S_G(2, 7, 8, 13, m[s[12]], m[s[13]]);
		B2S_G(3, 4, 9, 14, m[s[14]], m[s[15]]);
	}
	for (i = 0; i < 8; i++)
		h[i] ^= v[i] ^ v[i + 8];
}

/* The 32-byte digest of @len bytes of @msg, keyed by @keylen (<= 32). */
void peer_blake2s(u8 out[32], const void *msg, size_t len, const u8 *key,
		  size_t keylen)
{
	const u8 *in = msg;
	u32 h[8];
	u8 block[64];
	u64 t = 0;
	int i;

	memcpy(h, b2s_iv, sizeof(h));
	h[0] ^= 0x01010000 ^ (u32)(keylen << 8) ^ 32;
	if (keylen) {
		memset(block, 0, sizeof(block));
		memcpy(block, key, keylen);
		t = 64;
		b2s_compress(h, block, t, len == 0);
	}
	/* Every full block but the last is not final. */
	while (len > 64) {
		t += 64;
		b2s_compress(h, in, t, false);
		in += 64;
		len -= 64;
	}
	if (len || !keylen) {
		memset(block, 0, sizeof(block));
		memcpy(block, in, len);
		t += len;
		b2s_compress(h, block, t, true);
	}
	for (i = 0; i < 8; i++) {
		out[4 * i] = (u8)h[i];
		out[4 * i + 1] = (u8)(h[i] >> 8);
		out[4 * i + 2] = (u8)(h[i] >> 16);
		out[4 * i + 3] = (u8)(h[i] >> 24);
	}
}

/* ---- the key schedule and the AEAD (kernel/crypto.c) ------------------ */

#define KDF_LABEL	"MinimaLT v1 tunnel"

void peer_schedule(u8 c2s[32], u8 s2c[32], u8 rej[32], const u8 es[32],
		   const u8 ss[32], const u8 s_identity[32], const u8 s_eph[32],
		   const u8 c_pub[32], u64 tid)
{
	u8 msg[sizeof(KDF_LABEL) - 1 + 2 * 32 + 8], ck[32], secret[32];
	u8 ssi[64];
	u8 *p = msg;

	memcpy(p, KDF_LABEL, sizeof(KDF_LABEL) - 1);
	p += sizeof(KDF_LABEL) - 1;
	memcpy(p, s_eph, 32);
	memcpy(p + 32, c_pub, 32);
	put_unaligned_be64(tid, p + 64);
	peer_blake2s(ck, msg, sizeof(msg), es, 32);
	memcpy(ssi, ss, 32);
	memcpy(ssi + 32, s_identity, 32);
	peer_blake2s(secret, ssi, sizeof(ssi), ck, 32);
	peer_blake2s(c2s, "c2s", 3, secret, 32);
	peer_blake2s(s2c, "s2c", 3, secret, 32);
	if (rej)
		peer_blake2s(rej, "rej", 3, ck, 32);
	sodium_memzero(ck, sizeof(ck));
	sodium_memzero(ssi, sizeof(ssi));
	sodium_memzero(secret, sizeof(secret));
}

int peer_derive(u8 c2s[32], u8 s2c[32], u8 rej[32], const u8 c_priv[32],
		const u8 s_identity[32], const u8 s_eph[32],
		const u8 c_pub[32], u64 tid)
{
	u8 es[32], ss[32];
	int ret = -EINVAL;

	/* libsodium refuses an all-zero result, as the kernel does. */
	if (!crypto_scalarmult(es, c_priv, s_eph) &&
	    !crypto_scalarmult(ss, c_priv, s_identity)) {
		peer_schedule(c2s, s2c, rej, es, ss, s_identity, s_eph, c_pub,
			      tid);
		ret = 0;
	}
	sodium_memzero(es, sizeof(es));
	sodium_memzero(ss, sizeof(ss));
	return ret;
}

/* The 96-bit AEAD nonce: four zero bytes, then the nonce little-endian. */
static void aead_nonce(u8 npub[12], u64 nonce)
{
	int i;

	memset(npub, 0, 4);
	for (i = 0; i < 8; i++)
		npub[4 + i] = (u8)(nonce >> (8 * i));
}

void peer_seal(u8 *dst, const u8 *src, size_t len, const u8 *ad,
	       size_t adlen, u64 nonce, const u8 key[32])
{
	u8 npub[12];

	aead_nonce(npub, nonce);
	crypto_aead_chacha20poly1305_ietf_encrypt(dst, NULL, src, len, ad,
						  adlen, NULL, npub, key);
}

bool peer_open_sealed(u8 *buf, size_t len, const u8 *ad, size_t adlen,
		      u64 nonce, const u8 key[32])
{
	u8 npub[12];

	aead_nonce(npub, nonce);
	return !crypto_aead_chacha20poly1305_ietf_decrypt(buf, NULL, NULL, buf,
							  len, ad, adlen,
							  npub, key);
}

/* ---- known answers ---------------------------------------------------- */

/* RFC 7693, Appendix B: BLAKE2s-256("abc"). */
static const u8 kat_b2s_abc[32] = {
	0x50, 0x8c, 0x5e, 0x8c, 0x32, 0x7c, 0x14, 0xe2,
	0xe1, 0xa7, 0x2b, 0xa3, 0x4e, 0xeb, 0x45, 0x2f,
	0x37, 0x45, 0x8b, 0x20, 0x9e, 0xd6, 0x3a, 0x29,
	0x4d, 0x99, 0x9b, 0x4c, 0x86, 0x67, 0x59, 0x82,
};

/* kernel/crypto.c's vector (selftests/unit/gen_crypto_kat.py). */
static const u8 kat_identity[32] = {
	0x4c, 0x29, 0xf4, 0x99, 0x69, 0x85, 0xe8, 0x0d,
	0x24, 0x7e, 0x80, 0xb7, 0x03, 0x03, 0x82, 0x45,
	0x92, 0xff, 0x9f, 0xba, 0xd7, 0x49, 0x04, 0xea,
	0x7c, 0x3d, 0x2b, 0xda, 0x24, 0xe5, 0x1c, 0x12,
};

static const u8 kat_server_eph[32] = {
	0x57, 0x14, 0x76, 0x9d, 0x11, 0x6b, 0xf7, 0x64,
	0x36, 0xae, 0x74, 0xbc, 0x79, 0x3d, 0x2c, 0x30,
	0xad, 0x19, 0x03, 0xc5, 0x9a, 0xc5, 0x27, 0x38,
	0x05, 0xc7, 0xe2, 0x69, 0x8b, 0x41, 0x0c, 0x36,
};

static const u8 kat_client_eph[32] = {
	0x07, 0xa3, 0x7c, 0xbc, 0x14, 0x20, 0x93, 0xc8,
	0xb7, 0x55, 0xdc, 0x1b, 0x10, 0xe8, 0x6c, 0xb4,
	0x26, 0x37, 0x4a, 0xd1, 0x6a, 0xa8, 0x53, 0xed,
	0x0b, 0xdf, 0xc0, 0xb2, 0xb8, 0x6d, 0x1c, 0x7c,
};

static const u8 kat_c2s[32] = {
	0x9c, 0xf5, 0xad, 0x76, 0x25, 0xf9, 0xae, 0x25,
	0x55, 0x7d, 0x48, 0x38, 0x3d, 0x0b, 0xfe, 0x7f,
	0x50, 0xc8, 0xee, 0x78, 0x52, 0x96, 0x22, 0x15,
	0x09, 0xd3, 0xd6, 0x9a, 0xa0, 0xe9, 0x2c, 0xbe,
};

static const u8 kat_s2c[32] = {
	0xf3, 0x36, 0xdd, 0xaf, 0xa1, 0x33, 0xd4, 0x17,
	0xe9, 0x45, 0x66, 0xae, 0x65, 0x61, 0xfc, 0xe3,
	0x27, 0x78, 0xec, 0xb2, 0x9f, 0xe7, 0xb0, 0x18,
	0x66, 0x48, 0x7a, 0xb6, 0x9a, 0xf3, 0x7c, 0xa4,
};

static const u8 kat_reject[32] = {
	0x91, 0xea, 0x39, 0x87, 0x5f, 0x49, 0x07, 0xa0,
	0xd7, 0x87, 0x9f, 0x02, 0x0f, 0xd1, 0x34, 0x58,
	0xb4, 0xc7, 0x73, 0x26, 0x65, 0x00, 0x45, 0x4e,
	0x41, 0x0a, 0x7b, 0xa6, 0x12, 0x21, 0x5f, 0xf9,
};

static const u8 kat_sealed[56] = {
	0xac, 0xbe, 0xbe, 0xf4, 0xf8, 0xd5, 0xa9, 0x2e,
	0x28, 0x93, 0x7c, 0xe8, 0x00, 0x0f, 0x50, 0x35,
	0xaa, 0x69, 0x86, 0x59, 0x4e, 0xa3, 0x60, 0x5f,
	0x7c, 0xae, 0xbe, 0x0e, 0xd8, 0xc3, 0xa0, 0x56,
	0x07, 0xc5, 0xb4, 0xdb, 0xe6, 0xdf, 0x70, 0x46,
	0xb0, 0x45, 0x43, 0xd9, 0x4e, 0x6b, 0x29, 0x9c,
	0xa4, 0xc6, 0x06, 0xb8, 0xf3, 0x09, 0x05, 0x22,
};

#define KAT_TID		0x0123456789abcdefULL
#define KAT_NONCE	0x1122334455667788ULL

/* Return: 0, or the number of the known answer that failed. */
int peer_selftest(void)
{
	u8 priv[32], pub[32], c2s[32], s2c[32], rej[32], es[32], ss[32];
	u8 buf[sizeof(kat_sealed)], ad[16], msg[40];
	int i;

	peer_blake2s(c2s, "abc", 3, NULL, 0);
	if (memcmp(c2s, kat_b2s_abc, 32))
		return 1;
	for (i = 0; i < 32; i++)
		priv[i] = (u8)(i + 1);
	if (crypto_scalarmult_base(pub, priv) || memcmp(pub, kat_client_eph, 32))
		return 2;
	if (peer_derive(c2s, s2c, rej, priv, kat_identity, kat_server_eph,
			kat_client_eph, KAT_TID))
		return 3;
	if (memcmp(c2s, kat_c2s, 32) || memcmp(s2c, kat_s2c, 32) ||
	    memcmp(rej, kat_reject, 32))
		return 4;
	/* The server's side: s' (101..132) and s (201..232) with C'. */
	for (i = 0; i < 32; i++)
		priv[i] = (u8)(i + 101);
	if (crypto_scalarmult(es, priv, kat_client_eph))
		return 3;
	for (i = 0; i < 32; i++)
		priv[i] = (u8)(i + 201);
	if (crypto_scalarmult(ss, priv, kat_client_eph))
		return 3;
	peer_schedule(c2s, s2c, rej, es, ss, kat_identity, kat_server_eph,
		      kat_client_eph, KAT_TID);
	if (memcmp(c2s, kat_c2s, 32) || memcmp(s2c, kat_s2c, 32) ||
	    memcmp(rej, kat_reject, 32))
		return 4;
	for (i = 0; i < 16; i++)
		ad[i] = (u8)i;
	for (i = 0; i < 40; i++)
		msg[i] = (u8)(7 * i);
	peer_seal(buf, msg, sizeof(msg), ad, sizeof(ad), KAT_NONCE, c2s);
	if (memcmp(buf, kat_sealed, sizeof(buf)))
		return 5;
	if (!peer_open_sealed(buf, sizeof(buf), ad, sizeof(ad), KAT_NONCE, c2s) ||
	    memcmp(buf, msg, sizeof(msg)))
		return 6;
	return 0;
}

/* ---- the tunnel ------------------------------------------------------- */

u64 peer_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000 + (u64)ts.tv_nsec / 1000000;
}

/* A fresh c'/C', a random tunnel id, the keys; a UDP socket to the server. */
int peer_open(struct peer *p, const char *ipv4, u16 port,
	      const u8 identity[32], const u8 eph[32])
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int buf = 4 << 20;

	if (sodium_init() < 0)
		return -ENOSYS;
	memset(p, 0, sizeof(*p));
	p->fd = -1;
	sin.sin_port = htons(port);
	if (inet_pton(AF_INET, ipv4, &sin.sin_addr) != 1)
		return -EINVAL;
	memcpy(p->s_id, identity, 32);
	memcpy(p->s_eph, eph, 32);
	do {
		randombytes_buf(p->c_priv, 32);
	} while (crypto_scalarmult_base(p->c_pub, p->c_priv));
	do {
		randombytes_buf(&p->tid, sizeof(p->tid));
		p->tid &= MLT_TID_MASK;
	} while (!p->tid);
	if (peer_derive(p->tx_key, p->rx_key, NULL, p->c_priv, p->s_id,
			p->s_eph, p->c_pub, p->tid))
		return -EINVAL;
	p->txq = calloc(PEER_TXQ, sizeof(*p->txq));
	if (!p->txq)
		return -ENOMEM;
	p->snd_nxt = p->snd_una = p->rcv_nxt = 1;
	p->next_conn = 1;
	p->inflight_max = 32;
	p->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0)
		return -errno;
	setsockopt(p->fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	if (connect(p->fd, (struct sockaddr *)&sin, sizeof(sin)))
		return -errno;
	return 0;
}

/* A key as mltctl prints it (base64) into @key: 0, or -EINVAL. */
int peer_key_b64(u8 key[32], const char *b64)
{
	size_t len;

	if (!b64 || sodium_base642bin(key, 32, b64, strlen(b64), NULL, &len,
				      NULL, sodium_base64_VARIANT_ORIGINAL) ||
	    len != 32)
		return -EINVAL;
	return 0;
}

/* peer_open() to @ipv4, port 4747, with the keys mlt_transport.sh exports. */
int peer_open_env(struct peer *p, const char *ipv4)
{
	u8 k_id[32], k_eph[32];

	if (peer_key_b64(k_id, getenv("MLT_SRV_IDENTITY")) ||
	    peer_key_b64(k_eph, getenv("MLT_SRV_EPH")))
		return -EINVAL;
	return peer_open(p, ipv4, MLT_UDP_PORT_DEFAULT, k_id, k_eph);
}

void peer_close(struct peer *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	free(p->txq);
	p->txq = NULL;
	sodium_memzero(p->c_priv, sizeof(p->c_priv));
}

/* Start a body in @buf (%MLT_BODY_MAX_LEN bytes) carrying our current ack. */
void peer_body_start(struct peer *p, struct mlt_body_enc *enc, u8 *buf,
		     u32 seq)
{
	mlt_body_init(enc, buf, mlt_body_max(mlt_hdr_size(!p->heard, false)),
		      seq, p->rcv_nxt);
}

/*
 * Seal one body as it is, whatever its seq, into @dgram
 * (%MLT_MAX_DATAGRAM bytes): with P and padded to the full datagram until
 * the server has been heard (mlt_tunnel_seal()). Return: its length, or
 * -EMSGSIZE.
 */
int peer_seal_body(struct peer *p, const u8 *body, size_t len, u8 *dgram)
{
	bool pub = !p->heard, puz = pub && p->has_puzzle;
	unsigned int hlen = mlt_hdr_size(pub, puz), blen;
	struct mlt_hdr hdr = {
		.tid = p->tid,
		.nonce = p->tx_nonce++,
		.has_pubkey = pub,
		.version = pub ? MLT_VERSION : 0,
		.eph_id = pub ? p->s_eph : NULL,
		.client_pub = pub ? p->c_pub : NULL,
		.has_puzzle = puz,
		.puzzle = puz ? p->puzzle : NULL,
	};

	blen = pub ? mlt_body_max(hlen) :
		     (unsigned int)((len + MLT_PAD_MULTIPLE - 1) /
				    MLT_PAD_MULTIPLE * MLT_PAD_MULTIPLE);
	if (blen > mlt_body_max(hlen))
		blen = mlt_body_max(hlen);
	if (len > blen || mlt_hdr_encode(&hdr, dgram, hlen) < 0)
		return -EMSGSIZE;
	memcpy(dgram + hlen, body, len);
	memset(dgram + hlen + len, 0, blen - len);
	/* Our ack is in this body: nothing is owed any more. */
	if (len >= MLT_BODY_HDR_LEN &&
	    get_unaligned_be32(body + 4) == p->rcv_nxt)
		p->ack_owed = false;
	peer_seal(dgram + hlen, dgram + hlen, blen, dgram, hlen, hdr.nonce,
		  p->tx_key);
	return (int)(hlen + blen + MLT_TAG_LEN);
}

/* peer_seal_body(), then send it. */
int peer_send_body(struct peer *p, const u8 *body, size_t len)
{
	u8 dgram[MLT_MAX_DATAGRAM];
	int n = peer_seal_body(p, body, len, dgram);

	if (n < 0)
		return n;
	for (;;) {
		if (send(p->fd, dgram, (size_t)n, 0) >= 0)
			return 0;
		if (errno != EAGAIN && errno != ENOBUFS && errno != EINTR)
			return -errno;
		usleep(1000);
	}
}

/* A pure acknowledgment: seq 0, our ack, and a sack echoing a nonce. */
int peer_send_ack(struct peer *p)
{
	struct mlt_sack sack = { .echo = p->echo };
	u8 body[MLT_BODY_HDR_LEN + MLT_SACK_RPC_ROOM];
	struct mlt_body_enc enc;

	mlt_body_init(&enc, body, sizeof(body), 0, p->rcv_nxt);
	/* The echo proves we got the server's datagram (its address check). */
	if (p->echo_valid && mlt_body_add_sack(&enc, &sack))
		return -EMSGSIZE;
	return peer_send_body(p, body, enc.len);
}

static struct peer_txd *txd_of(struct peer *p, u32 seq)
{
	return &p->txq[seq % PEER_TXQ];
}

/* Go back N: send every unacknowledged body again, with our ack now. */
int peer_retransmit(struct peer *p)
{
	u32 seq;
	int ret;

	for (seq = p->snd_una; seq != p->snd_nxt; seq++) {
		struct peer_txd *d = txd_of(p, seq);

		put_unaligned_be32(p->rcv_nxt, d->body + 4);
		ret = peer_send_body(p, d->body, d->len);
		if (ret)
			return ret;
		p->retransmits++;
	}
	p->last_tx_ms = peer_now_ms();
	return 0;
}

struct peer_conn *peer_conn(struct peer *p, u32 id)
{
	unsigned int i;

	for (i = 0; i < p->nconns; i++)
		if (p->conns[i].id == id)
			return &p->conns[i];
	return NULL;
}

/* One RPC of an in-order body of the server. */
static void peer_rpc(struct peer *p, const struct mlt_rpc *r)
{
	struct peer_conn *c = peer_conn(p, r->type == MLT_RPC_DATA ?
					   r->conn : r->c);

	if (!c)
		return;
	switch (r->type) {
	case MLT_RPC_DATA:
		if (c->rx_buf && c->rx_off < c->rx_cap)
			memcpy(c->rx_buf + c->rx_off, r->value,
			       min((size_t)r->len, c->rx_cap - c->rx_off));
		c->rx_off += r->len;
		break;
	case MLT_RPC_ACK:
		c->acked = true;
		c->tx_limit = max(c->tx_limit, r->ack.window);
		break;
	case MLT_RPC_WINDOW_SIZE:
		c->tx_limit = max(c->tx_limit, r->window_size.limit);
		break;
	case MLT_RPC_REFUSE:
		c->refused = true;
		c->refuse_reason = r->refuse.reason;
		break;
	case MLT_RPC_CLOSE:
		if (r->close.how == MLT_CLOSE_ABORT)
			c->aborted = true;
		else
			c->fin = true;
		break;
	}
}

/* One datagram from the server: open, validate, act. */
static void peer_rcv(struct peer *p, u8 *buf, size_t len)
{
	struct mlt_body_iter it;
	struct mlt_rpc rpc;
	struct mlt_hdr hdr;
	size_t blen;

	if (!mlt_hdr_decode(&hdr, buf, len) && hdr.tid == p->tid &&
	    hdr.has_puzzle && hdr.nonce == MLT_NONCE_CHALLENGE &&
	    len == MLT_CHALLENGE_LEN) {
		/* Not authenticated: kept for the test to judge. */
		memcpy(p->challenge, hdr.puzzle, MLT_PUZZLE_LEN);
		p->challenges++;
		return;
	}
	if (mlt_hdr_decode(&hdr, buf, len) || hdr.tid != p->tid ||
	    hdr.has_pubkey || len < hdr.len + MLT_BODY_HDR_LEN + MLT_TAG_LEN ||
	    !peer_open_sealed(buf + hdr.len, len - hdr.len, buf, hdr.len, hdr.nonce,
			 p->rx_key)) {
		p->rx_bad++;
		return;
	}
	blen = len - hdr.len - MLT_TAG_LEN;
	if (mlt_body_validate(buf + hdr.len, blen)) {
		p->rx_bad++;
		return;
	}
	p->rx_ok++;
	p->heard = true;
	mlt_body_iter_init(&it, buf + hdr.len, blen);
	if (mlt_seq_after(it.ack, p->snd_una) &&
	    mlt_seq_before_eq(it.ack, p->snd_nxt)) {
		p->snd_una = it.ack;
		p->last_tx_ms = peer_now_ms();
	}
	if (!it.seq)
		return;
	p->echo = hdr.nonce;	/* the newest reliable one, as the kernel */
	p->echo_valid = true;
	p->ack_owed = true;	/* in order, a copy or ahead: say where we are */
	if (it.seq != p->rcv_nxt)
		return;		/* ahead of a gap: the server sends it again */
	while (mlt_body_next(&it, &rpc))
		peer_rpc(p, &rpc);
	p->rcv_nxt++;
}

/*
 * Receive and act on the server's datagrams for up to @timeout_ms (0: only
 * those waiting), acknowledge what they owe, retransmit on timeout.
 * Return: the datagrams received, or -errno.
 */
int peer_pump(struct peer *p, int timeout_ms)
{
	u64 end = peer_now_ms() + (u64)(timeout_ms > 0 ? timeout_ms : 0);
	u8 buf[2048];
	int n = 0, ret;

	for (;;) {
		struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
		u64 now = peer_now_ms();
		ssize_t len;

		while ((len = recv(p->fd, buf, sizeof(buf), 0)) >= 0) {
			peer_rcv(p, buf, (size_t)len);
			n++;
		}
		if (errno != EAGAIN && errno != ECONNREFUSED && errno != EINTR)
			return -errno;
		if (p->ack_owed) {
			ret = peer_send_ack(p);
			if (ret)
				return ret;
		}
		if (p->snd_una != p->snd_nxt &&
		    now - p->last_tx_ms >= PEER_RTO_MS) {
			ret = peer_retransmit(p);
			if (ret)
				return ret;
		}
		if (now >= end)
			return n;
		pfd.revents = 0;
		poll(&pfd, 1, (int)min(end - now, (u64)50));
	}
}

/* Pump until the server acknowledged every reliable body: 0 or -ETIMEDOUT. */
int peer_flush(struct peer *p, int timeout_ms)
{
	u64 end = peer_now_ms() + (u64)timeout_ms;
	int ret;

	while (p->snd_una != p->snd_nxt) {
		if (peer_now_ms() >= end)
			return -ETIMEDOUT;
		ret = peer_pump(p, 20);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* Pump until @done says so: 0 or -ETIMEDOUT. */
int peer_wait(struct peer *p, bool (*done)(struct peer *p, void *arg),
	      void *arg, int timeout_ms)
{
	u64 end = peer_now_ms() + (u64)timeout_ms;
	int ret;

	while (!done(p, arg)) {
		if (peer_now_ms() >= end)
			return -ETIMEDOUT;
		ret = peer_pump(p, 20);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/*
 * Send a body whose seq is snd_nxt, keep it until acknowledged. Waits
 * (pumping) while @p->inflight_max bodies are unacknowledged.
 * Return: 0, -EINVAL for another seq, -ETIMEDOUT after 60 s of waiting.
 */
int peer_send_reliable(struct peer *p, struct mlt_body_enc *enc)
{
	u64 end = peer_now_ms() + 60000;
	struct peer_txd *d;
	int ret;

	if (enc->seq != p->snd_nxt)
		return -EINVAL;
	while (p->snd_nxt - p->snd_una >= p->inflight_max) {
		if (peer_now_ms() >= end)
			return -ETIMEDOUT;
		ret = peer_pump(p, 10);
		if (ret < 0)
			return ret;
	}
	d = txd_of(p, p->snd_nxt);
	d->seq = p->snd_nxt;
	d->len = (u16)enc->len;
	memcpy(d->body, enc->buf, enc->len);
	if (p->snd_una == p->snd_nxt)
		p->last_tx_ms = peer_now_ms();
	p->snd_nxt++;
	return peer_send_body(p, d->body, d->len);
}

/*
 * Open a connection: create(c, @service, @window) and @len bytes of data
 * (as many as fit) in one reliable body. Return: the connection, or NULL.
 */
struct peer_conn *peer_create(struct peer *p, u16 service, u64 window,
			      const void *data, size_t len)
{
	u8 buf[MLT_BODY_MAX_LEN];
	struct mlt_body_enc enc;
	struct peer_conn *c;
	size_t n;

	if (p->nconns == PEER_CONNS_MAX)
		return NULL;
	c = &p->conns[p->nconns++];
	memset(c, 0, sizeof(*c));
	c->id = p->next_conn;
	p->next_conn += 2;
	c->tx_limit = MLT_INITIAL_WINDOW;
	peer_body_start(p, &enc, buf, p->snd_nxt);
	if (mlt_body_add_create(&enc, c->id, service, window))
		return NULL;
	n = min(len, mlt_body_data_room(&enc));
	if (n && mlt_body_add_data(&enc, c->id, data, n))
		return NULL;
	c->tx_off = n;
	return peer_send_reliable(p, &enc) ? NULL : c;
}

/*
 * Fill a body with DATA RPCs of @record bytes (the last may be shorter)
 * of connection @c, as many as fit, with no regard for its window; the
 * bytes are c's stream offsets, low byte. Return: the stream bytes added.
 */
int peer_fill_body(struct peer *p, struct mlt_body_enc *enc,
		   struct peer_conn *c, size_t record)
{
	u8 rec[MLT_BODY_MAX_LEN];
	int added = 0;
	size_t n, i;

	(void)p;
	while ((n = min(record, mlt_body_data_room(enc))) > 0) {
		for (i = 0; i < n; i++)
			rec[i] = (u8)(c->tx_off + i);
		if (mlt_body_add_data(enc, c->id, rec, n))
			break;
		c->tx_off += n;
		added += (int)n;
	}
	return added;
}

/*
 * Send @len bytes on @c (from @data, or the low byte of each stream offset
 * if @data is NULL) in DATA RPCs of at most @record bytes, packed as many
 * per body as fit, reliably; windows are not checked. Return: 0 or -errno.
 */
int peer_send_data(struct peer *p, struct peer_conn *c, const void *data,
		   size_t len, size_t record)
{
	const u8 *src = data;
	u8 buf[MLT_BODY_MAX_LEN], rec[MLT_BODY_MAX_LEN];
	struct mlt_body_enc enc;
	size_t done = 0, n, i;
	int ret;

	while (done < len) {
		peer_body_start(p, &enc, buf, p->snd_nxt);
		while (done < len &&
		       (n = min(min(record, len - done),
				mlt_body_data_room(&enc))) > 0) {
			for (i = 0; i < n; i++)
				rec[i] = src ? src[done + i] :
					       (u8)(c->tx_off + i);
			if (mlt_body_add_data(&enc, c->id, rec, n))
				return -EMSGSIZE;
			c->tx_off += n;
			done += n;
		}
		ret = peer_send_reliable(p, &enc);
		if (ret)
			return ret;
	}
	return 0;
}
