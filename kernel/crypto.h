/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tunnel cryptography (Documentation/protocol.rst, "Encryption" and "Key
 * derivation"): X25519, the BLAKE2s key schedule, and ChaCha20-Poly1305
 * sealing of a datagram body, over the kernel's crypto library.
 */
#ifndef _MLT_CRYPTO_H
#define _MLT_CRYPTO_H

#include <linux/types.h>

#include "protocol.h"

/**
 * struct mlt_tunnel_keys - the keys of one tunnel
 * @tx: the key this host seals with
 * @rx: the key this host opens with
 * @reject: the key of the server's reject notice, which needs no identity
 *	key (Documentation/protocol.rst, "Identity rejected")
 * @moved: the key of the server's key-moved notice, which needs no S'
 *	(Documentation/protocol.rst, "Key moved")
 */
struct mlt_tunnel_keys {
	u8 tx[MLT_KEY_SIZE];
	u8 rx[MLT_KEY_SIZE];
	u8 reject[MLT_KEY_SIZE];
	u8 moved[MLT_KEY_SIZE];
};

/**
 * struct mlt_handshake - the public values a tunnel's keys are bound to
 * @server_identity: S
 * @server_eph: S'
 * @client_eph: C'
 * @tid: the tunnel id without flags
 */
struct mlt_handshake {
	const u8 *server_identity;
	const u8 *server_eph;
	const u8 *client_eph;
	u64 tid;
};

int mlt_crypto_derive(struct mlt_tunnel_keys *keys, bool client,
		      const u8 es_private[MLT_KEY_SIZE],
		      const u8 es_public[MLT_KEY_SIZE],
		      const u8 ss_private[MLT_KEY_SIZE],
		      const u8 ss_public[MLT_KEY_SIZE],
		      const struct mlt_handshake *hs);
int mlt_crypto_moved_key(u8 out[MLT_KEY_SIZE],
			 const u8 identity_private[MLT_KEY_SIZE],
			 const struct mlt_handshake *hs);
void mlt_crypto_keypair(u8 private_key[MLT_KEY_SIZE],
			u8 public_key[MLT_KEY_SIZE]);
void mlt_seal(u8 *dst, const u8 *src, size_t len, const u8 *ad,
	      size_t ad_len, u64 nonce, const u8 key[MLT_KEY_SIZE]);
bool mlt_open(u8 *dst, const u8 *src, size_t len, const u8 *ad,
	      size_t ad_len, u64 nonce, const u8 key[MLT_KEY_SIZE]);
int mlt_crypto_selftest(void);

#endif /* _MLT_CRYPTO_H */
