// SPDX-License-Identifier: GPL-2.0
/*
 * Server ephemeral keys: the S' that clients encrypt their first packet to.
 * Each has a validity window; a key past its window is wiped at once, which
 * is what makes first-packet data forward-secret. A key the replay cache
 * retires (replay_cache.c) is replaced early by a fresh one.
 */
#include <crypto/curve25519.h>
#include <linux/random.h>
#include <linux/string.h>

#include "crypto.h"
#include "minimalt.h"

/*
 * Slots change under config_lock and eph_lock both; the receive path reads
 * them under eph_lock alone, see mlt_eph_find().
 */
static void mlt_eph_wipe(struct mlt_net *mn, struct mlt_eph *k)
{
	spin_lock_bh(&mn->eph_lock);
	memzero_explicit(k, sizeof(*k));
	spin_unlock_bh(&mn->eph_lock);
	atomic64_inc(&mn->eph_wiped);
}

/*
 * The key valid at @now whose public half starts with the @len bytes of
 * @key (an opening's eph_id, or a whole public key), or %NULL. Called with
 * eph_lock or config_lock held.
 */
static struct mlt_eph *mlt_eph_lookup(struct mlt_net *mn, const u8 *key,
				      size_t len, u64 now)
{
	struct mlt_eph *k;

	for (k = mn->eph; k < mn->eph + MLT_EPH_MAX; k++)
		if (k->expires > now && !memcmp(k->public_key, key, len))
			return k;
	return NULL;
}

/**
 * mlt_eph_find() - the keys of the server an opening datagram names
 * @mn: the namespace
 * @eph_id: the first %MLT_EPH_ID_LEN bytes of the public key
 * @now: the time, boottime ns
 * @found: receives a copy of the key pair; the caller wipes it
 * @identity: receives a copy of the identity, which changes under the same
 *	lock, when a key matches; the caller wipes it
 *
 * Any context.
 *
 * Return: true if a key still valid at @now matches.
 */
bool mlt_eph_find(struct mlt_net *mn, const u8 *eph_id, u64 now,
		  struct mlt_eph *found, struct mlt_identity *identity)
{
	struct mlt_eph *k;

	spin_lock_bh(&mn->eph_lock);
	k = mlt_eph_lookup(mn, eph_id, MLT_EPH_ID_LEN, now);
	if (k) {
		*found = *k;
		*identity = mn->identity;
	}
	spin_unlock_bh(&mn->eph_lock);
	return k;
}

/**
 * mlt_eph_rotate() - make a new ephemeral key pair valid for @lifetime s
 * @mn: the namespace
 * @lifetime: seconds of validity, already range-checked
 * @made: receives a copy of the new key without its private half
 *
 * Older keys stay valid until their own windows end. With MLT_EPH_MAX keys
 * already valid, the one that would expire first is wiped now.
 *
 * Return: 0, or -EINVAL if the random key was unusable (practically never).
 */
int mlt_eph_rotate(struct mlt_net *mn, u32 lifetime, struct mlt_eph *made)
{
	struct mlt_eph *slot = NULL, *k;
	u64 now = mlt_now();
	u8 priv[MLT_KEY_LEN];
	int ret = 0;

	curve25519_generate_secret(priv);

	mutex_lock(&mn->config_lock);
	mlt_eph_expire(mn, now);
	for (k = mn->eph; k < mn->eph + MLT_EPH_MAX; k++) {
		if (!k->expires) {
			slot = k;
			break;
		}
		if (!slot || k->expires < slot->expires)
			slot = k;
	}
	if (slot->expires)
		mlt_eph_wipe(mn, slot);

	if (!curve25519_generate_public(made->public_key, priv)) {
		ret = -EINVAL;
		goto out;
	}
	spin_lock_bh(&mn->eph_lock);
	memcpy(slot->public_key, made->public_key, MLT_KEY_LEN);
	memcpy(slot->private_key, priv, MLT_KEY_LEN);
	slot->created = now;
	slot->expires = now + (u64)lifetime * NSEC_PER_SEC;
	slot->replacement = false;
	spin_unlock_bh(&mn->eph_lock);
	memset(made->private_key, 0, MLT_KEY_LEN);
	made->created = slot->created;
	made->expires = slot->expires;
	mlt_gc_schedule(mn, slot->expires);
out:
	mutex_unlock(&mn->config_lock);
	memzero_explicit(priv, sizeof(priv));
	return ret;
}

/**
 * mlt_eph_del() - wipe the key pair whose public half is @public_key
 * @mn: the namespace
 * @public_key: the key, as MLT_CMD_EPH_ROTATE or MLT_CMD_EPH_GET gave it
 *
 * The server's rotation ends an old key with this once no client can
 * still hold a record naming it; openings to it are dropped from now on.
 *
 * Return: 0, or -ENOENT if no valid key has this public half.
 */
int mlt_eph_del(struct mlt_net *mn, const u8 public_key[MLT_KEY_LEN])
{
	struct mlt_eph *k;

	mutex_lock(&mn->config_lock);
	k = mlt_eph_lookup(mn, public_key, MLT_KEY_LEN, mlt_now());
	if (k)
		mlt_eph_wipe(mn, k);
	mutex_unlock(&mn->config_lock);
	return k ? 0 : -ENOENT;
}

/**
 * mlt_eph_publics() - the public halves of the valid keys
 * @mn: the namespace
 * @keys: receives them
 *
 * Process context. Return: how many there are.
 */
unsigned int mlt_eph_publics(struct mlt_net *mn,
			     u8 keys[MLT_EPH_MAX][MLT_KEY_LEN])
{
	u64 now = mlt_now();
	unsigned int n = 0;
	struct mlt_eph *k;

	spin_lock_bh(&mn->eph_lock);
	for (k = mn->eph; k < mn->eph + MLT_EPH_MAX; k++)
		if (k->expires > now)
			memcpy(keys[n++], k->public_key, MLT_KEY_LEN);
	spin_unlock_bh(&mn->eph_lock);
	return n;
}

/*
 * Whether a key valid at @now has @eph_id (its first %MLT_EPH_ID_LEN
 * bytes). Any context.
 */
bool mlt_eph_valid(struct mlt_net *mn, const u8 *eph_id, u64 now)
{
	bool ret;

	spin_lock_bh(&mn->eph_lock);
	ret = mlt_eph_lookup(mn, eph_id, MLT_EPH_ID_LEN, now);
	spin_unlock_bh(&mn->eph_lock);
	return ret;
}

/*
 * When the valid key @public_key expires, 0 if no valid key has it, and in
 * @replacement whether mlt_eph_retire() made it.
 */
u64 mlt_eph_expiry(struct mlt_net *mn, const u8 public_key[MLT_KEY_LEN],
		   bool *replacement)
{
	struct mlt_eph *k;
	u64 expires;

	spin_lock_bh(&mn->eph_lock);
	k = mlt_eph_lookup(mn, public_key, MLT_KEY_LEN, mlt_now());
	expires = k ? k->expires : 0;
	*replacement = k && k->replacement;
	spin_unlock_bh(&mn->eph_lock);
	return expires;
}

/**
 * mlt_eph_retire() - replace a key before its time with a fresh one
 * @mn: the namespace
 * @public_key: the valid key's public half
 *
 * The replay cache is full (replay_cache.c): the fresh key takes the old
 * one's slot and expiry, so a server's rotation schedule is unchanged, and
 * the old private half is wiped. Openings naming the old key draw a
 * key-moved notice from now on. Process context.
 *
 * Return: 0, or -%ENOENT if no valid key has @public_key.
 */
int mlt_eph_retire(struct mlt_net *mn, const u8 public_key[MLT_KEY_LEN])
{
	u8 priv[MLT_KEY_LEN], pub[MLT_KEY_LEN];
	u64 now = mlt_now();
	struct mlt_eph *k;
	int ret = -ENOENT;

	mlt_crypto_keypair(priv, pub);
	mutex_lock(&mn->config_lock);
	k = mlt_eph_lookup(mn, public_key, MLT_KEY_LEN, now);
	if (k) {
		spin_lock_bh(&mn->eph_lock);
		memcpy(k->private_key, priv, MLT_KEY_LEN);
		memcpy(k->public_key, pub, MLT_KEY_LEN);
		k->created = now;
		k->replacement = true;
		spin_unlock_bh(&mn->eph_lock);
		atomic64_inc(&mn->eph_wiped);
		ret = 0;
	}
	mutex_unlock(&mn->config_lock);
	memzero_explicit(priv, sizeof(priv));
	return ret;
}

/**
 * mlt_eph_newest() - the key a key-moved notice names
 * @mn: the namespace
 * @now: the time, boottime ns
 * @public_key: receives the public half of the valid key made last
 * @identity: receives a copy of the identity; the caller wipes it
 *
 * Any context. Return: true if a key is valid at @now.
 */
bool mlt_eph_newest(struct mlt_net *mn, u64 now, u8 public_key[MLT_KEY_LEN],
		    struct mlt_identity *identity)
{
	struct mlt_eph *k, *newest = NULL;

	spin_lock_bh(&mn->eph_lock);
	for (k = mn->eph; k < mn->eph + MLT_EPH_MAX; k++)
		if (k->expires > now &&
		    (!newest || k->created > newest->created))
			newest = k;
	if (newest) {
		memcpy(public_key, newest->public_key, MLT_KEY_LEN);
		*identity = mn->identity;
	}
	spin_unlock_bh(&mn->eph_lock);
	return newest;
}

/* Valid keys now. Called with config_lock held. */
unsigned int mlt_eph_count(struct mlt_net *mn, u64 now)
{
	unsigned int i, n = 0;

	for (i = 0; i < MLT_EPH_MAX; i++)
		n += mn->eph[i].expires > now;
	return n;
}

/*
 * Wipe the keys whose window ended by @now. Called with config_lock held.
 * Return: the earliest expiry among the rest, or 0 if none is left.
 */
u64 mlt_eph_expire(struct mlt_net *mn, u64 now)
{
	struct mlt_eph *k;
	u64 next = 0;

	lockdep_assert_held(&mn->config_lock);
	for (k = mn->eph; k < mn->eph + MLT_EPH_MAX; k++) {
		if (!k->expires)
			continue;
		if (k->expires <= now)
			mlt_eph_wipe(mn, k);
		else if (!next || k->expires < next)
			next = k->expires;
	}
	return next;
}

/* Wipe every key: the namespace is going away. */
void mlt_eph_flush(struct mlt_net *mn)
{
	mutex_lock(&mn->config_lock);
	mlt_eph_expire(mn, U64_MAX);
	mutex_unlock(&mn->config_lock);
}
