// SPDX-License-Identifier: GPL-2.0
/*
 * The host identity: a Curve25519 key pair per network namespace. The
 * private key never leaves the kernel and is wiped when replaced or freed.
 * Openings use it in softirq (the second X25519 of the key schedule), so it
 * changes under eph_lock as well as config_lock: see mlt_eph_find().
 */
#include <crypto/curve25519.h>
#include <linux/string.h>

#include "minimalt.h"

/*
 * Install a new identity. The key is clamped as X25519 uses it, so the
 * public key matches what any X25519 implementation derives from the same
 * 32 bytes. Called with the namespace's config_lock held.
 */
int mlt_identity_set(struct mlt_net *mn, const u8 private_key[MLT_KEY_LEN])
{
	struct mlt_identity id = { .valid = true };
	int ret = 0;

	/* An all-zero key is an unset buffer, never a chosen key. */
	if (!memchr_inv(private_key, 0, MLT_KEY_LEN))
		return -EINVAL;

	memcpy(id.private_key, private_key, MLT_KEY_LEN);
	curve25519_clamp_secret(id.private_key);
	if (!curve25519_generate_public(id.public_key, id.private_key)) {
		ret = -EINVAL;
		goto out;
	}
	spin_lock_bh(&mn->eph_lock);
	mn->identity = id;
	spin_unlock_bh(&mn->eph_lock);
out:
	memzero_explicit(&id, sizeof(id));
	return ret;
}

void mlt_identity_clear(struct mlt_net *mn)
{
	spin_lock_bh(&mn->eph_lock);
	memzero_explicit(&mn->identity, sizeof(mn->identity));
	spin_unlock_bh(&mn->eph_lock);
}
