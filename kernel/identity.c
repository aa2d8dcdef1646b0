// SPDX-License-Identifier: GPL-2.0
/*
 * The host identity: a Curve25519 key pair per network namespace. The
 * private key never leaves the kernel and is wiped when replaced or freed.
 */
#include <crypto/curve25519.h>
#include <linux/string.h>

#include "minimalt.h"

/*
 * Install a new identity. The key is clamped as X25519 uses it, so the
 * public key matches what any X25519 implementation derives from the same
 * 32 bytes. Called with the namespace's config_lock held.
 */
int mlt_identity_set(struct mlt_identity *id, const u8 private_key[MLT_KEY_LEN])
{
	u8 priv[MLT_KEY_LEN], pub[MLT_KEY_LEN];
	int ret = 0;

	/* An all-zero key is an unset buffer, never a chosen key. */
	if (!memchr_inv(private_key, 0, MLT_KEY_LEN))
		return -EINVAL;

	memcpy(priv, private_key, MLT_KEY_LEN);
	curve25519_clamp_secret(priv);
	if (!curve25519_generate_public(pub, priv)) {
		ret = -EINVAL;
		goto out;
	}

	memcpy(id->private_key, priv, MLT_KEY_LEN);
	memcpy(id->public_key, pub, MLT_KEY_LEN);
	id->valid = true;
out:
	memzero_explicit(priv, sizeof(priv));
	memzero_explicit(pub, sizeof(pub));
	return ret;
}

void mlt_identity_clear(struct mlt_identity *id)
{
	memzero_explicit(id, sizeof(*id));
}
