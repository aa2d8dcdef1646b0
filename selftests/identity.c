// SPDX-License-Identifier: GPL-2.0
/*
 * The host identity through generic netlink: set, read back, permissions,
 * and independence between network namespaces.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "kselftest_harness.h"
#include "nl.h"
#include "util.h"

/* RFC 7748, section 6.1: Alice's private and public keys. */
static const uint8_t rfc7748_private[MLT_KEY_LEN] = {
	0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d, 0x3c, 0x16, 0xc1, 0x72,
	0x51, 0xb2, 0x66, 0x45, 0xdf, 0x4c, 0x2f, 0x87, 0xeb, 0xc0, 0x99, 0x2a,
	0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a,
};

static const uint8_t rfc7748_public[MLT_KEY_LEN] = {
	0x85, 0x20, 0xf0, 0x09, 0x89, 0x30, 0xa7, 0x54, 0x74, 0x8b, 0x7d, 0xdc,
	0xb4, 0x3e, 0xf7, 0x5a, 0x0d, 0xbf, 0x3a, 0x0d, 0x26, 0x38, 0x1a, 0xf4,
	0xeb, 0xa4, 0xa9, 0x8e, 0xaa, 0x9b, 0x4e, 0x6a,
};

static void random_key(uint8_t key[MLT_KEY_LEN])
{
	do {
		randombytes_buf(key, MLT_KEY_LEN);
	} while (sodium_is_zero(key, MLT_KEY_LEN));
}

FIXTURE(identity) {
	struct mlt_nl nl;
	struct mlt_status st;
};

/* Each test runs in its own process: give it its own network namespace. */
FIXTURE_SETUP(identity)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_LE(0, sodium_init());
	ASSERT_EQ(0, mlt_nl_open(&self->nl));
}

FIXTURE_TEARDOWN(identity)
{
	mlt_nl_close(&self->nl);
}

TEST_F(identity, new_namespace_has_no_identity)
{
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_FALSE(self->st.has_public_key);
	EXPECT_EQ(0ULL, self->st.identity_changes);
	EXPECT_EQ(mlt_family(), (int)self->st.family);
}

TEST_F(identity, public_key_matches_rfc7748)
{
	ASSERT_EQ(0, mlt_nl_set_identity(&self->nl, rfc7748_private));
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	ASSERT_TRUE(self->st.has_public_key);
	EXPECT_EQ(0, memcmp(self->st.public_key, rfc7748_public, MLT_KEY_LEN));
}

TEST_F(identity, public_key_matches_libsodium)
{
	uint8_t priv[MLT_KEY_LEN], pub[MLT_KEY_LEN];
	int i;

	for (i = 0; i < 16; i++) {
		random_key(priv);
		ASSERT_EQ(0, crypto_scalarmult_base(pub, priv));
		ASSERT_EQ(0, mlt_nl_set_identity(&self->nl, priv));
		ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
		ASSERT_TRUE(self->st.has_public_key);
		ASSERT_EQ(0, memcmp(self->st.public_key, pub, MLT_KEY_LEN));
	}
	EXPECT_EQ(16ULL, self->st.identity_changes);
}

TEST_F(identity, replies_never_carry_the_private_key)
{
	uint8_t priv[MLT_KEY_LEN], clamped[MLT_KEY_LEN];

	random_key(priv);
	memcpy(clamped, priv, MLT_KEY_LEN);
	clamped[0] &= 248;
	clamped[31] = (clamped[31] & 127) | 64;

	ASSERT_EQ(0, mlt_nl_set_identity(&self->nl, priv));
	EXPECT_EQ(NULL, memmem(self->nl.reply, self->nl.reply_len, priv, 16));
	EXPECT_EQ(NULL, memmem(self->nl.reply, self->nl.reply_len,
			       clamped + 8, 16));

	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	ASSERT_TRUE(self->st.has_public_key);
	ASSERT_LT((size_t)MLT_KEY_LEN, self->nl.reply_len);
	EXPECT_EQ(NULL, memmem(self->nl.reply, self->nl.reply_len, priv, 16));
	EXPECT_EQ(NULL, memmem(self->nl.reply, self->nl.reply_len,
			       clamped + 8, 16));
}

TEST_F(identity, replacing_the_key_replaces_the_public_key)
{
	uint8_t priv[MLT_KEY_LEN], first[MLT_KEY_LEN];

	random_key(priv);
	ASSERT_EQ(0, mlt_nl_set_identity(&self->nl, priv));
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	memcpy(first, self->st.public_key, MLT_KEY_LEN);

	ASSERT_EQ(0, mlt_nl_set_identity(&self->nl, rfc7748_private));
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_NE(0, memcmp(first, self->st.public_key, MLT_KEY_LEN));
	EXPECT_EQ(0, memcmp(rfc7748_public, self->st.public_key, MLT_KEY_LEN));
	EXPECT_EQ(2ULL, self->st.identity_changes);
}

/* The netlink policy rejects lengths other than 32 with ERANGE. */
TEST_F(identity, wrong_key_lengths_are_erange_with_a_message)
{
	static const size_t lens[] = { 0, 1, 31, 33, 64 };
	uint8_t buf[64];
	size_t i;

	memset(buf, 0x42, sizeof(buf));
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		EXPECT_EQ(-ERANGE, mlt_nl_call(&self->nl, MLT_CMD_SET_IDENTITY,
					       buf, lens[i]));
		EXPECT_NE('\0', self->nl.extack[0]);
	}
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_FALSE(self->st.has_public_key);
	EXPECT_EQ(0ULL, self->st.identity_changes);
}

TEST_F(identity, missing_key_is_einval)
{
	EXPECT_EQ(-EINVAL,
		  mlt_nl_call(&self->nl, MLT_CMD_SET_IDENTITY, NULL, 0));
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_FALSE(self->st.has_public_key);
}

TEST_F(identity, all_zero_key_is_einval_with_a_message)
{
	uint8_t zero[MLT_KEY_LEN] = { 0 };

	EXPECT_EQ(-EINVAL, mlt_nl_set_identity(&self->nl, zero));
	EXPECT_NE(NULL, strstr(self->nl.extack, "all zero"));
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_FALSE(self->st.has_public_key);
}

static int set_without_caps(void *arg)
{
	struct mlt_status st;
	struct mlt_nl nl;

	(void)arg;
	if (drop_all_caps())
		return 10;
	if (mlt_nl_open(&nl))
		return 11;
	if (mlt_nl_set_identity(&nl, rfc7748_private) != -EPERM)
		return 12;
	/* Reading the status needs no privilege. */
	if (mlt_nl_status(&nl, &st) || st.has_public_key)
		return 13;
	return 0;
}

TEST_F(identity, set_without_cap_net_admin_is_eperm)
{
	EXPECT_EQ(0, in_child(set_without_caps, NULL));
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_FALSE(self->st.has_public_key);
}

static int become_nobody(void)
{
	return setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	       setresuid(65534, 65534, 65534);
}

static int set_from_user_namespace(void *arg)
{
	bool own_netns = *(bool *)arg;
	struct mlt_status st;
	struct mlt_nl nl;
	int want = own_netns ? 0 : -EPERM;

	if (become_nobody())
		return 10;
	if (unshare(CLONE_NEWUSER | (own_netns ? CLONE_NEWNET : 0)))
		return 11;
	if (mlt_nl_open(&nl))
		return 12;
	if (mlt_nl_set_identity(&nl, rfc7748_private) != want)
		return 13;
	if (mlt_nl_status(&nl, &st) || st.has_public_key != own_netns)
		return 14;
	return 0;
}

/* Capabilities in a child user namespace do not reach our netns... */
TEST_F(identity, user_namespace_cannot_configure_a_foreign_netns)
{
	bool own = false;

	EXPECT_EQ(0, in_child(set_from_user_namespace, &own));
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_FALSE(self->st.has_public_key);
}

/* ...but they do configure a netns that user namespace owns. */
TEST_F(identity, user_namespace_configures_its_own_netns)
{
	bool own = true;

	EXPECT_EQ(0, in_child(set_from_user_namespace, &own));
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_FALSE(self->st.has_public_key);
}

static int set_in_new_netns(void *arg)
{
	const uint8_t *priv = arg;
	uint8_t pub[MLT_KEY_LEN];
	struct mlt_status st;
	struct mlt_nl nl;

	if (unshare(CLONE_NEWNET) || mlt_nl_open(&nl))
		return 10;
	if (mlt_nl_status(&nl, &st) || st.has_public_key)
		return 11;
	if (mlt_nl_set_identity(&nl, priv))
		return 12;
	if (mlt_nl_status(&nl, &st) || !st.has_public_key)
		return 13;
	crypto_scalarmult_base(pub, priv);
	if (memcmp(pub, st.public_key, MLT_KEY_LEN))
		return 14;
	return 0;
}

TEST_F(identity, namespaces_have_independent_identities)
{
	uint8_t other[MLT_KEY_LEN];

	random_key(other);
	ASSERT_EQ(0, mlt_nl_set_identity(&self->nl, rfc7748_private));
	ASSERT_EQ(0, in_child(set_in_new_netns, other));
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_EQ(0, memcmp(rfc7748_public, self->st.public_key, MLT_KEY_LEN));
	EXPECT_EQ(1ULL, self->st.identity_changes);
}

static int populate_and_leave_netns(void *arg)
{
	int fd, ret = set_in_new_netns(arg);

	if (ret)
		return ret;
	fd = socket(mlt_family(), SOCK_STREAM, 0);
	if (fd < 0)
		return 20;
	/* Exit with the socket open: the namespace dies after it. */
	return 0;
}

TEST_F(identity, deleting_namespaces_with_state_is_clean)
{
	uint8_t priv[MLT_KEY_LEN];
	int i;

	for (i = 0; i < 32; i++) {
		random_key(priv);
		ASSERT_EQ(0, in_child(populate_and_leave_netns, priv));
	}
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_FALSE(self->st.has_public_key);
}

TEST_HARNESS_MAIN
