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
 * struct mlt_tunnel_keys - the two keys of one tunnel
 * @tx: the key this host seals with
 * @rx: the key this host opens with
 */
struct mlt_tunnel_keys {
	u8 tx[MLT_KEY_SIZE];
	u8 rx[MLT_KEY_SIZE];
};

int mlt_crypto_derive(struct mlt_tunnel_keys *keys, bool client,
		      const u8 dh_private[MLT_KEY_SIZE],
		      const u8 dh_public[MLT_KEY_SIZE],
		      const u8 server_identity[MLT_KEY_SIZE],
		      const u8 server_eph[MLT_KEY_SIZE],
		      const u8 client_eph[MLT_KEY_SIZE], u64 tid);
void mlt_crypto_keypair(u8 private_key[MLT_KEY_SIZE],
			u8 public_key[MLT_KEY_SIZE]);
void mlt_seal(u8 *dst, const u8 *src, size_t len, const u8 *ad,
	      size_t ad_len, u64 nonce, const u8 key[MLT_KEY_SIZE]);
bool mlt_open(u8 *dst, const u8 *src, size_t len, const u8 *ad,
	      size_t ad_len, u64 nonce, const u8 key[MLT_KEY_SIZE]);
int mlt_crypto_selftest(void);

#endif /* _MLT_CRYPTO_H */
