// SPDX-License-Identifier: GPL-2.0
/*
 * The host identity through generic netlink: set, read back, permissions,
 * and independence between network namespaces. The calls go through the
 * userspace library (mltnl.h); the test that the private key never comes
 * back reads every reply byte through the raw client (nl.h).
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
#include "mltnl.h"
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

/* SET_IDENTITY with KEY_LEN bytes of KEY (no attribute if NULL). */
static int set_identity_raw(struct mltnl *nl, const void *key, size_t key_len)
{
	char buf[MLTNL_MSG_MAX] __attribute__((aligned(8)));
	struct nlmsghdr *req = mltnl_msg_start(nl, buf, MLT_CMD_SET_IDENTITY, 0);

	if (key)
		mnl_attr_put(req, MLT_A_PRIVATE_KEY, key_len, key);
	return mltnl_send(nl, req, NULL, NULL);
}

/* The kernel's extended ack message of the last failed call. */
static const char *extack(struct mltnl *nl)
{
	return mltnl_error(nl)->msg;
}

#define IDENTITY_CHANGES(st)	((st)->stats.v[MLT_STAT_IDENTITY_CHANGES])

FIXTURE(identity) {
	struct mltnl *nl;
	struct mltnl_status st;
};

/* Each test runs in its own process: give it its own network namespace. */
FIXTURE_SETUP(identity)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_LE(0, sodium_init());
	self->nl = mltnl_open(0, NULL);
	ASSERT_NE(NULL, self->nl);
}

FIXTURE_TEARDOWN(identity)
{
	mltnl_close(self->nl);
}

TEST_F(identity, new_namespace_has_no_identity)
{
	ASSERT_EQ(0, mltnl_status(self->nl, &self->st));
	EXPECT_FALSE(self->st.have_public_key);
	EXPECT_EQ(0ULL, IDENTITY_CHANGES(&self->st));
	EXPECT_EQ(mlt_family(), (int)self->st.family);
}

TEST_F(identity, public_key_matches_rfc7748)
{
	ASSERT_EQ(0, mltnl_set_identity(self->nl, rfc7748_private));
	ASSERT_EQ(0, mltnl_status(self->nl, &self->st));
	ASSERT_TRUE(self->st.have_public_key);
	EXPECT_EQ(0, memcmp(self->st.public_key, rfc7748_public, MLT_KEY_LEN));
}

TEST_F(identity, public_key_matches_libsodium)
{
	uint8_t priv[MLT_KEY_LEN], pub[MLT_KEY_LEN];
	int i;

	for (i = 0; i < 16; i++) {
		random_key(priv);
		ASSERT_EQ(0, crypto_scalarmult_base(pub, priv));
		ASSERT_EQ(0, mltnl_set_identity(self->nl, priv));
		ASSERT_EQ(0, mltnl_status(self->nl, &self->st));
		ASSERT_TRUE(self->st.have_public_key);
		ASSERT_EQ(0, memcmp(self->st.public_key, pub, MLT_KEY_LEN));
	}
	EXPECT_EQ(16ULL, IDENTITY_CHANGES(&self->st));
}

TEST_F(identity, replies_never_carry_the_private_key)
{
	uint8_t priv[MLT_KEY_LEN], clamped[MLT_KEY_LEN];

	random_key(priv);
	memcpy(clamped, priv, MLT_KEY_LEN);
	clamped[0] &= 248;
	clamped[31] = (clamped[31] & 127) | 64;

	/* The raw client: every byte the kernel sent back. */
	static struct mlt_nl raw;
	struct mlt_status st;

	ASSERT_EQ(0, mlt_nl_open(&raw));
	ASSERT_EQ(0, mlt_nl_set_identity(&raw, priv));
	EXPECT_EQ(NULL, memmem(raw.reply, raw.reply_len, priv, 16));
	EXPECT_EQ(NULL, memmem(raw.reply, raw.reply_len, clamped + 8, 16));

	ASSERT_EQ(0, mlt_nl_status(&raw, &st));
	ASSERT_TRUE(st.has_public_key);
	ASSERT_LT((size_t)MLT_KEY_LEN, raw.reply_len);
	EXPECT_EQ(NULL, memmem(raw.reply, raw.reply_len, priv, 16));
	EXPECT_EQ(NULL, memmem(raw.reply, raw.reply_len, clamped + 8, 16));
	mlt_nl_close(&raw);
}

TEST_F(identity, replacing_the_key_replaces_the_public_key)
{
	uint8_t priv[MLT_KEY_LEN], first[MLT_KEY_LEN];

	random_key(priv);
	ASSERT_EQ(0, mltnl_set_identity(self->nl, priv));
	ASSERT_EQ(0, mltnl_status(self->nl, &self->st));
	memcpy(first, self->st.public_key, MLT_KEY_LEN);

	ASSERT_EQ(0, mltnl_set_identity(self->nl, rfc7748_private));
	ASSERT_EQ(0, mltnl_status(self->nl, &self->st));
	EXPECT_NE(0, memcmp(first, self->st.public_key, MLT_KEY_LEN));
	EXPECT_EQ(0, memcmp(rfc7748_public, self->st.public_key, MLT_KEY_LEN));
	EXPECT_EQ(2ULL, IDENTITY_CHANGES(&self->st));
}

/* The netlink policy rejects lengths other than 32 with ERANGE. */
TEST_F(identity, wrong_key_lengths_are_erange_with_a_message)
{
	static const size_t lens[] = { 0, 1, 31, 33, 64 };
	uint8_t buf[64];
	size_t i;

	memset(buf, 0x42, sizeof(buf));
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		EXPECT_EQ(-ERANGE, set_identity_raw(self->nl, buf, lens[i]));
		EXPECT_NE('\0', extack(self->nl)[0]);
	}
	ASSERT_EQ(0, mltnl_status(self->nl, &self->st));
	EXPECT_FALSE(self->st.have_public_key);
	EXPECT_EQ(0ULL, IDENTITY_CHANGES(&self->st));
}

TEST_F(identity, missing_key_is_einval)
{
	EXPECT_EQ(-EINVAL, set_identity_raw(self->nl, NULL, 0));
	ASSERT_EQ(0, mltnl_status(self->nl, &self->st));
	EXPECT_FALSE(self->st.have_public_key);
}

TEST_F(identity, all_zero_key_is_einval_with_a_message)
{
	uint8_t zero[MLT_KEY_LEN] = { 0 };

	EXPECT_EQ(-EINVAL, mltnl_set_identity(self->nl, zero));
	EXPECT_NE(NULL, strstr(extack(self->nl), "all zero"));
	ASSERT_EQ(0, mltnl_status(self->nl, &self->st));
	EXPECT_FALSE(self->st.have_public_key);
}

static int set_without_caps(void *arg)
{
	struct mltnl_status st;
	struct mltnl *nl;

	(void)arg;
	if (drop_all_caps())
		return child_fail(10, "drop capabilities");
	if (!(nl = mltnl_open(0, NULL)))
		return child_fail(11, "netlink open");
	if (mltnl_set_identity(nl, rfc7748_private) != -EPERM)
		return child_fail(12,
			"SET_IDENTITY without CAP_NET_ADMIN: expected EPERM");
	/* Reading the status needs no privilege. */
	if (mltnl_status(nl, &st) || st.have_public_key)
		return child_fail(13, "GET_STATUS, or a key was set");
	return 0;
}

TEST_F(identity, set_without_cap_net_admin_is_eperm)
{
	EXPECT_EQ(0, in_child(set_without_caps, NULL));
	ASSERT_EQ(0, mltnl_status(self->nl, &self->st));
	EXPECT_FALSE(self->st.have_public_key);
}

static int become_nobody(void)
{
	return setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	       setresuid(65534, 65534, 65534);
}

static int set_from_user_namespace(void *arg)
{
	bool own_netns = *(bool *)arg;
	struct mltnl_status st;
	struct mltnl *nl;
	int want = own_netns ? 0 : -EPERM;

	if (become_nobody())
		return child_fail(10, "become nobody");
	if (unshare(CLONE_NEWUSER | (own_netns ? CLONE_NEWNET : 0)))
		return child_fail(11, "unshare(CLONE_NEWUSER)");
	if (!(nl = mltnl_open(0, NULL)))
		return child_fail(12, "netlink open");
	if (mltnl_set_identity(nl, rfc7748_private) != want)
		return child_fail(13, "SET_IDENTITY: not the expected result");
	if (mltnl_status(nl, &st) || st.have_public_key != own_netns)
		return child_fail(14, "GET_STATUS, or the key is (not) there");
	return 0;
}

/* User namespaces are there (CONFIG_USER_NS). */
static bool have_user_ns(void)
{
	return access("/proc/self/ns/user", F_OK) == 0;
}

#define NO_USER_NS "no user namespaces (CONFIG_USER_NS)"

/* Capabilities in a child user namespace do not reach our netns... */
TEST_F(identity, user_namespace_cannot_configure_a_foreign_netns)
{
	bool own = false;

	if (!have_user_ns())
		SKIP(return, NO_USER_NS);
	EXPECT_EQ(0, in_child(set_from_user_namespace, &own));
	ASSERT_EQ(0, mltnl_status(self->nl, &self->st));
	EXPECT_FALSE(self->st.have_public_key);
}

/* ...but they do configure a netns that user namespace owns. */
TEST_F(identity, user_namespace_configures_its_own_netns)
{
	bool own = true;

	if (!have_user_ns())
		SKIP(return, NO_USER_NS);
	EXPECT_EQ(0, in_child(set_from_user_namespace, &own));
	ASSERT_EQ(0, mltnl_status(self->nl, &self->st));
	EXPECT_FALSE(self->st.have_public_key);
}

static int set_in_new_netns(void *arg)
{
	const uint8_t *priv = arg;
	uint8_t pub[MLT_KEY_LEN];
	struct mltnl_status st;
	struct mltnl *nl;

	if (unshare(CLONE_NEWNET) || !(nl = mltnl_open(0, NULL)))
		return child_fail(10, "unshare(CLONE_NEWNET) or netlink open");
	if (mltnl_status(nl, &st) || st.have_public_key)
		return child_fail(11,
			"GET_STATUS, or a new namespace has a key");
	if (mltnl_set_identity(nl, priv))
		return child_fail(12, "SET_IDENTITY");
	if (mltnl_status(nl, &st) || !st.have_public_key)
		return child_fail(13,
			"GET_STATUS, or no key after SET_IDENTITY");
	crypto_scalarmult_base(pub, priv);
	if (memcmp(pub, st.public_key, MLT_KEY_LEN))
		return child_fail(14,
			"the public key is not the private key's");
	return 0;
}

TEST_F(identity, namespaces_have_independent_identities)
{
	uint8_t other[MLT_KEY_LEN];

	random_key(other);
	ASSERT_EQ(0, mltnl_set_identity(self->nl, rfc7748_private));
	ASSERT_EQ(0, in_child(set_in_new_netns, other));
	ASSERT_EQ(0, mltnl_status(self->nl, &self->st));
	EXPECT_EQ(0, memcmp(rfc7748_public, self->st.public_key, MLT_KEY_LEN));
	EXPECT_EQ(1ULL, IDENTITY_CHANGES(&self->st));
}

static int populate_and_leave_netns(void *arg)
{
	int fd, ret = set_in_new_netns(arg);

	if (ret)
		return ret;
	fd = socket(mlt_family(), SOCK_STREAM, 0);
	if (fd < 0)
		return child_fail(20, "socket");
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
	ASSERT_EQ(0, mltnl_status(self->nl, &self->st));
	EXPECT_FALSE(self->st.have_public_key);
}

TEST_HARNESS_MAIN
