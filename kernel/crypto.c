// SPDX-License-Identifier: GPL-2.0
/*
 * Tunnel cryptography over the kernel's crypto library: X25519, the
 * BLAKE2s key schedule and ChaCha20-Poly1305 (Documentation/protocol.rst,
 * "Encryption" and "Key derivation"), with known-answer tests run at load.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/blake2s.h>
#include <crypto/chacha20poly1305.h>
#include <crypto/curve25519.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "crypto.h"
#include "pure.h"

#define MLT_KDF_LABEL		"MinimaLT v1 tunnel"
#define MLT_KDF_LABEL_LEN	(sizeof(MLT_KDF_LABEL) - 1)
#define MLT_KDF_MSG_LEN		(MLT_KDF_LABEL_LEN + 2 * MLT_KEY_SIZE + 8)
#define MLT_MOVED_LABEL		"MinimaLT v1 moved"
#define MLT_MOVED_LABEL_LEN	(sizeof(MLT_MOVED_LABEL) - 1)
#define MLT_MOVED_MSG_LEN	(MLT_MOVED_LABEL_LEN + 3 * MLT_KEY_SIZE + 8)

/* Keyed BLAKE2s-256 of one message. */
static void mlt_kdf(u8 out[MLT_KEY_SIZE], const u8 key[MLT_KEY_SIZE],
		    const void *msg, size_t len)
{
	blake2s(out, msg, key, MLT_KEY_SIZE, len, MLT_KEY_SIZE);
}

/*
 * A key schedule message: @label, S if @identity, then S', C' and the tid
 * (8 bytes, big-endian). Return: its length.
 */
static size_t mlt_kdf_msg(u8 *msg, const char *label, size_t label_len,
			  bool identity, const struct mlt_handshake *hs)
{
	u8 *p = msg;

	memcpy(p, label, label_len);
	p += label_len;
	if (identity) {
		memcpy(p, hs->server_identity, MLT_KEY_SIZE);
		p += MLT_KEY_SIZE;
	}
	memcpy(p, hs->server_eph, MLT_KEY_SIZE);
	p += MLT_KEY_SIZE;
	memcpy(p, hs->client_eph, MLT_KEY_SIZE);
	p += MLT_KEY_SIZE;
	put_unaligned_be64(hs->tid, p);
	return p + 8 - msg;
}

/*
 * The key of a key-moved notice, from ss alone: the server that sends one
 * no longer holds s' (Documentation/protocol.rst, "Key moved").
 */
static void mlt_kdf_moved(u8 out[MLT_KEY_SIZE], const u8 ss[MLT_KEY_SIZE],
			  const struct mlt_handshake *hs)
{
	u8 msg[MLT_MOVED_MSG_LEN];

	mlt_kdf(out, ss, msg, mlt_kdf_msg(msg, MLT_MOVED_LABEL,
					  MLT_MOVED_LABEL_LEN, true, hs));
}

/**
 * mlt_crypto_moved_key() - the server's key for a key-moved notice
 * @out: receives it
 * @identity_private: s
 * @hs: S, the retired S' the opening named, its C' and its tid
 *
 * One X25519. Return: 0, or -%EINVAL if C' is of low order.
 */
int mlt_crypto_moved_key(u8 out[MLT_KEY_SIZE],
			 const u8 identity_private[MLT_KEY_SIZE],
			 const struct mlt_handshake *hs)
{
	u8 ss[CURVE25519_KEY_SIZE];
	int ret = -EINVAL;

	if (curve25519(ss, identity_private, hs->client_eph)) {
		mlt_kdf_moved(out, ss, hs);
		ret = 0;
	}
	memzero_explicit(ss, sizeof(ss));
	return ret;
}

/**
 * mlt_crypto_derive() - the keys of a tunnel
 * @keys: receives them, oriented for this host
 * @client: whether this host opened the tunnel
 * @es_private: this host's ephemeral private key (c' or s')
 * @es_public: the peer's ephemeral public key (S' or C')
 * @ss_private: c' for the client, the identity private key s for the server
 * @ss_public: S for the client, C' for the server
 * @hs: the public values the keys are bound to
 *
 * Two X25519 (Documentation/protocol.rst, "Key derivation"): es between
 * the ephemeral keys, ss between C' and the server's identity, so that
 * only the holder of s can derive the tunnel keys; the reject key comes
 * from es alone. Every intermediate secret is wiped before returning.
 *
 * Return: 0, or -%EINVAL if an X25519 result is all zero (a low-order
 * public key): no keys then.
 */
int mlt_crypto_derive(struct mlt_tunnel_keys *keys, bool client,
		      const u8 es_private[MLT_KEY_SIZE],
		      const u8 es_public[MLT_KEY_SIZE],
		      const u8 ss_private[MLT_KEY_SIZE],
		      const u8 ss_public[MLT_KEY_SIZE],
		      const struct mlt_handshake *hs)
{
	u8 es[CURVE25519_KEY_SIZE], ck[MLT_KEY_SIZE], secret[MLT_KEY_SIZE];
	u8 ss[CURVE25519_KEY_SIZE + MLT_KEY_SIZE];
	u8 msg[MLT_KDF_MSG_LEN];
	int ret = -EINVAL;

	if (!curve25519(es, es_private, es_public) ||
	    !curve25519(ss, ss_private, ss_public))
		goto out;
	mlt_kdf(ck, es, msg, mlt_kdf_msg(msg, MLT_KDF_LABEL, MLT_KDF_LABEL_LEN,
					 false, hs));

	memcpy(ss + CURVE25519_KEY_SIZE, hs->server_identity, MLT_KEY_SIZE);
	mlt_kdf(secret, ck, ss, sizeof(ss));
	mlt_kdf(client ? keys->tx : keys->rx, secret, "c2s", 3);
	mlt_kdf(client ? keys->rx : keys->tx, secret, "s2c", 3);
	mlt_kdf(keys->reject, ck, "rej", 3);
	mlt_kdf_moved(keys->moved, ss, hs);
	ret = 0;
out:
	memzero_explicit(es, sizeof(es));
	memzero_explicit(ss, sizeof(ss));
	memzero_explicit(ck, sizeof(ck));
	memzero_explicit(secret, sizeof(secret));
	return ret;
}

/* A fresh ephemeral key pair. */
void mlt_crypto_keypair(u8 private_key[MLT_KEY_SIZE],
			u8 public_key[MLT_KEY_SIZE])
{
	do {
		curve25519_generate_secret(private_key);
	} while (!curve25519_generate_public(public_key, private_key));
}

/* Seal @len bytes of @src into @dst (@len + %MLT_TAG_LEN); in place works. */
void mlt_seal(u8 *dst, const u8 *src, size_t len, const u8 *ad,
	      size_t ad_len, u64 nonce, const u8 key[MLT_KEY_SIZE])
{
	chacha20poly1305_encrypt(dst, src, len, ad, ad_len, nonce, key);
}

/*
 * Open @len bytes (tag included) of @src into @dst; in place works.
 * Return: whether the tag verified; @dst is garbage if not.
 */
bool mlt_open(u8 *dst, const u8 *src, size_t len, const u8 *ad,
	      size_t ad_len, u64 nonce, const u8 key[MLT_KEY_SIZE])
{
	return chacha20poly1305_decrypt(dst, src, len, ad, ad_len, nonce, key);
}

/* Generated by selftests/unit/gen_crypto_kat.py. */
static const u8 kat_client_priv[32] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
	0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
	0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20,
};

static const u8 kat_server_priv[32] = {
	0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c,
	0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74,
	0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x7b, 0x7c,
	0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84,
};

static const u8 kat_identity_priv[32] = {
	0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd0,
	0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8,
	0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0,
	0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8,
};

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

static const u8 kat_ad[16] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};

static const u8 kat_msg[40] = {
	0x00, 0x07, 0x0e, 0x15, 0x1c, 0x23, 0x2a, 0x31,
	0x38, 0x3f, 0x46, 0x4d, 0x54, 0x5b, 0x62, 0x69,
	0x70, 0x77, 0x7e, 0x85, 0x8c, 0x93, 0x9a, 0xa1,
	0xa8, 0xaf, 0xb6, 0xbd, 0xc4, 0xcb, 0xd2, 0xd9,
	0xe0, 0xe7, 0xee, 0xf5, 0xfc, 0x03, 0x0a, 0x11,
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

/**
 * mlt_crypto_selftest() - known-answer tests of the key schedule and AEAD
 *
 * Both roles derive the vector's keys, the client's with S public and the
 * server's with the identity private key, sealing gives the vector's
 * ciphertext, opening gives the message back, a flipped tag bit fails, and
 * a low-order (all-zero) S' or S is refused.
 *
 * Return: 0, or -%EINVAL naming the failed test in the kernel log.
 */
int mlt_crypto_selftest(void)
{
	static const u8 zero[MLT_KEY_SIZE];
	struct mlt_tunnel_keys c, s;
	u8 buf[sizeof(kat_sealed)];
	const char *failed = NULL;

	struct mlt_handshake hs = {
		.server_identity = kat_identity,
		.server_eph = kat_server_eph,
		.client_eph = kat_client_eph,
		.tid = KAT_TID,
	};

	if (mlt_crypto_derive(&c, true, kat_client_priv, kat_server_eph,
			      kat_client_priv, kat_identity, &hs) ||
	    mlt_crypto_derive(&s, false, kat_server_priv, kat_client_eph,
			      kat_identity_priv, kat_client_eph, &hs))
		failed = "derive";
	else if (memcmp(c.tx, kat_c2s, MLT_KEY_SIZE) ||
		 memcmp(c.rx, kat_s2c, MLT_KEY_SIZE) ||
		 memcmp(c.reject, kat_reject, MLT_KEY_SIZE))
		failed = "client keys";
	else if (memcmp(s.rx, kat_c2s, MLT_KEY_SIZE) ||
		 memcmp(s.tx, kat_s2c, MLT_KEY_SIZE) ||
		 memcmp(s.reject, kat_reject, MLT_KEY_SIZE))
		failed = "server keys";
	if (!failed &&
	    (mlt_crypto_moved_key(s.moved, kat_identity_priv, &hs) ||
	     memcmp(c.moved, s.moved, MLT_KEY_SIZE)))
		failed = "key-moved key";

	if (!failed) {
		mlt_seal(buf, kat_msg, sizeof(kat_msg), kat_ad, sizeof(kat_ad),
			 KAT_NONCE, c.tx);
		if (memcmp(buf, kat_sealed, sizeof(buf)))
			failed = "seal";
		else if (!mlt_open(buf, buf, sizeof(buf), kat_ad,
				   sizeof(kat_ad), KAT_NONCE, s.rx) ||
			 memcmp(buf, kat_msg, sizeof(kat_msg)))
			failed = "open";
	}
	if (!failed) {
		memcpy(buf, kat_sealed, sizeof(buf));
		buf[sizeof(buf) - 1] ^= 1;
		if (mlt_open(buf, buf, sizeof(buf), kat_ad, sizeof(kat_ad),
			     KAT_NONCE, s.rx))
			failed = "open of a bad tag";
		else if (!mlt_crypto_derive(&c, true, kat_client_priv, zero,
					    kat_client_priv, kat_identity,
					    &hs) ||
			 !mlt_crypto_derive(&c, true, kat_client_priv,
					    kat_server_eph, kat_client_priv,
					    zero, &hs))
			failed = "all-zero shared secret";
	}
	memzero_explicit(&c, sizeof(c));
	memzero_explicit(&s, sizeof(s));
	if (failed) {
		pr_err("crypto self-test failed: %s\n", failed);
		return -EINVAL;
	}
	return 0;
}
