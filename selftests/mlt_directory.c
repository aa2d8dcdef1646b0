// SPDX-License-Identifier: GPL-2.0
/*
 * The directory and the server's ephemeral keys through generic netlink:
 * add, replace, delete, look up, dump, validation, limits, expiry,
 * permissions and namespaces.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "nl.h"
#include "util.h"

/* What a DIR_GET reply or dump message said. */
struct dir_seen {
	char name[MLT_NAME_MAX];
	unsigned int n_addrs, n_keys, messages;
	uint8_t addr[MLT_DIR_ADDRS_MAX][16];
	unsigned int addr_len[MLT_DIR_ADDRS_MAX];
	uint16_t port;
	uint8_t identity[MLT_KEY_LEN];
	uint8_t keys[MLT_DIR_EPH_KEYS_MAX][MLT_KEY_LEN];
	uint32_t lifetime;
	unsigned int unknown;	/* attributes of any other type */
};

static int dir_item_cb(const struct nlattr *attr, void *data)
{
	struct dir_seen *s = data;
	unsigned int len = mnl_attr_get_payload_len(attr);

	if (mnl_attr_get_type(attr) == MLT_ITEM_ADDR && s->n_addrs < MLT_DIR_ADDRS_MAX) {
		memcpy(s->addr[s->n_addrs], mnl_attr_get_payload(attr), len > 16 ? 16 : len);
		s->addr_len[s->n_addrs++] = len;
	} else if (mnl_attr_get_type(attr) == MLT_ITEM_KEY &&
		   s->n_keys < MLT_DIR_EPH_KEYS_MAX && len == MLT_KEY_LEN) {
		memcpy(s->keys[s->n_keys++], mnl_attr_get_payload(attr), len);
	} else {
		s->unknown++;
	}
	return MNL_CB_OK;
}

static int dir_cb(const struct nlattr *attr, void *data)
{
	struct dir_seen *s = data;

	switch (mnl_attr_get_type(attr)) {
	case MLT_A_DIR_NAME:
		/* A new message starts with the name. */
		s->messages++;
		snprintf(s->name, sizeof(s->name), "%s", mnl_attr_get_str(attr));
		break;
	case MLT_A_DIR_ADDRS:
		s->n_addrs = 0;
		mnl_attr_parse_nested(attr, dir_item_cb, s);
		break;
	case MLT_A_DIR_EPH_KEYS:
		s->n_keys = 0;
		mnl_attr_parse_nested(attr, dir_item_cb, s);
		break;
	case MLT_A_DIR_PORT:
		s->port = mnl_attr_get_u16(attr);
		break;
	case MLT_A_DIR_IDENTITY:
		memcpy(s->identity, mnl_attr_get_payload(attr), MLT_KEY_LEN);
		break;
	case MLT_A_DIR_LIFETIME:
		s->lifetime = mnl_attr_get_u32(attr);
		break;
	default:
		s->unknown++;
	}
	return MNL_CB_OK;
}

/* An entry to add: the fields the tests vary. */
struct dir_req {
	const char *name;
	const char *addrs[MLT_DIR_ADDRS_MAX + 2];
	uint16_t port;
	uint8_t identity;	/* fill byte of the identity key */
	unsigned int n_keys;
	uint32_t lifetime;	/* 0: not sent */
	bool replace;
};

static int dir_add(struct mlt_nl *nl, const struct dir_req *r)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE], key[MLT_KEY_LEN];
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	unsigned int i;
	int ret;

	nlh = mlt_nl_start(nl, buf, MLT_CMD_DIR_ADD, 0);
	if (r->replace)
		mnl_attr_put(nlh, MLT_A_DIR_REPLACE, 0, NULL);
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, r->name);
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_ADDRS);
	for (i = 0; r->addrs[i]; i++) {
		struct in6_addr a6;
		struct in_addr a4;

		if (inet_pton(AF_INET, r->addrs[i], &a4) == 1)
			mnl_attr_put(nlh, MLT_ITEM_ADDR, 4, &a4);
		else if (inet_pton(AF_INET6, r->addrs[i], &a6) == 1)
			mnl_attr_put(nlh, MLT_ITEM_ADDR, 16, &a6);
		else	/* raw bytes of the text's length: a malformed item */
			mnl_attr_put(nlh, MLT_ITEM_ADDR, strlen(r->addrs[i]),
				     r->addrs[i]);
	}
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u16(nlh, MLT_A_DIR_PORT, r->port);
	memset(key, r->identity, sizeof(key));
	mnl_attr_put(nlh, MLT_A_DIR_IDENTITY, MLT_KEY_LEN, key);
	nest = mnl_attr_nest_start(nlh, MLT_A_DIR_EPH_KEYS);
	for (i = 0; i < r->n_keys; i++) {
		memset(key, 0xa0 + i, sizeof(key));
		mnl_attr_put(nlh, MLT_ITEM_KEY, MLT_KEY_LEN, key);
	}
	mnl_attr_nest_end(nlh, nest);
	if (r->lifetime)
		mnl_attr_put_u32(nlh, MLT_A_DIR_LIFETIME, r->lifetime);
	ret = mlt_nl_send(nl, nlh, NULL, NULL);
	if (ret && getenv("MLT_DEBUG"))
		fprintf(stderr, "# dir add %s: %s (%s)\n", r->name,
			strerror(-ret), nl->extack);
	return ret;
}

static int dir_name_req(struct mlt_nl *nl, uint8_t cmd, const char *name,
			struct dir_seen *seen)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mlt_nl_start(nl, buf, cmd, 0);

	if (seen)
		memset(seen, 0, sizeof(*seen));
	mnl_attr_put_strz(nlh, MLT_A_DIR_NAME, name);
	return mlt_nl_send(nl, nlh, seen ? dir_cb : NULL, seen);
}

/* Count the entries a dump returns. */
static int dir_dump(struct mlt_nl *nl, struct dir_seen *seen)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mlt_nl_start(nl, buf, MLT_CMD_DIR_GET,
					    NLM_F_DUMP);

	memset(seen, 0, sizeof(*seen));
	return mlt_nl_send(nl, nlh, dir_cb, seen);
}

static const struct dir_req example = {
	.name = "example.bit",
	.addrs = { "192.0.2.7", "2001:db8::7" },
	.port = 4433,
	.identity = 0x11,
	.n_keys = 2,
	.lifetime = 100,
};

FIXTURE(dir) {
	struct mlt_nl nl;
	struct mlt_status st;
	struct dir_seen seen;
};

FIXTURE_SETUP(dir)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, mlt_nl_open(&self->nl));
}

FIXTURE_TEARDOWN(dir)
{
	mlt_nl_close(&self->nl);
}

TEST_F(dir, added_entry_reads_back_whole)
{
	uint8_t v4[4] = { 192, 0, 2, 7 }, key[MLT_KEY_LEN];

	ASSERT_EQ(0, dir_add(&self->nl, &example));
	ASSERT_EQ(0, dir_name_req(&self->nl, MLT_CMD_DIR_GET, "example.bit",
				  &self->seen));
	EXPECT_STREQ("example.bit", self->seen.name);
	ASSERT_EQ(2U, self->seen.n_addrs);
	EXPECT_EQ(4U, self->seen.addr_len[0]);
	EXPECT_EQ(0, memcmp(v4, self->seen.addr[0], 4));
	EXPECT_EQ(16U, self->seen.addr_len[1]);
	EXPECT_EQ(4433, self->seen.port);
	memset(key, 0x11, sizeof(key));
	EXPECT_EQ(0, memcmp(key, self->seen.identity, MLT_KEY_LEN));
	ASSERT_EQ(2U, self->seen.n_keys);
	memset(key, 0xa1, sizeof(key));
	EXPECT_EQ(0, memcmp(key, self->seen.keys[1], MLT_KEY_LEN));
	EXPECT_LE(98U, self->seen.lifetime);
	EXPECT_GE(100U, self->seen.lifetime);
	EXPECT_EQ(0U, self->seen.unknown);
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_EQ(1ULL, self->st.dir_entries);
}

TEST_F(dir, default_lifetime_applies)
{
	struct dir_req r = example;

	r.lifetime = 0;
	ASSERT_EQ(0, dir_add(&self->nl, &r));
	ASSERT_EQ(0, dir_name_req(&self->nl, MLT_CMD_DIR_GET, r.name,
				  &self->seen));
	EXPECT_LE((uint32_t)MLT_DIR_LIFETIME_DEFAULT - 2, self->seen.lifetime);
	EXPECT_GE((uint32_t)MLT_DIR_LIFETIME_DEFAULT, self->seen.lifetime);
}

TEST_F(dir, existing_name_is_eexist_unless_replace)
{
	struct dir_req r = example;

	ASSERT_EQ(0, dir_add(&self->nl, &r));
	r.port = 9;
	EXPECT_EQ(-EEXIST, dir_add(&self->nl, &r));
	EXPECT_NE(NULL, strstr(self->nl.extack, "REPLACE"));
	ASSERT_EQ(0, dir_name_req(&self->nl, MLT_CMD_DIR_GET, r.name,
				  &self->seen));
	EXPECT_EQ(4433, self->seen.port);

	r.replace = true;
	ASSERT_EQ(0, dir_add(&self->nl, &r));
	ASSERT_EQ(0, dir_name_req(&self->nl, MLT_CMD_DIR_GET, r.name,
				  &self->seen));
	EXPECT_EQ(9, self->seen.port);
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_EQ(1ULL, self->st.dir_entries);
}

TEST_F(dir, delete_removes_and_missing_names_are_enoent)
{
	ASSERT_EQ(0, dir_add(&self->nl, &example));
	ASSERT_EQ(0, dir_name_req(&self->nl, MLT_CMD_DIR_DEL, "example.bit",
				  NULL));
	EXPECT_EQ(-ENOENT, dir_name_req(&self->nl, MLT_CMD_DIR_GET,
					"example.bit", &self->seen));
	EXPECT_EQ(-ENOENT, dir_name_req(&self->nl, MLT_CMD_DIR_DEL,
					"example.bit", NULL));
	EXPECT_NE('\0', self->nl.extack[0]);
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_EQ(0ULL, self->st.dir_entries);
}

TEST_F(dir, bad_names_are_refused_with_the_rule_broken)
{
	static const char *const bad[] = {
		"", "Example.bit", "-a.bit", "a-.bit", "a..bit", ".bit",
		"bit.", "a_b.bit", "a b.bit", "caf\xc3\xa9.bit",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bit",
	};
	struct dir_req r = example;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		r.name = bad[i];
		EXPECT_EQ(-EINVAL, dir_add(&self->nl, &r)) {
			TH_LOG("name \"%s\"", bad[i]);
		}
		EXPECT_NE('\0', self->nl.extack[0]);
	}
	ASSERT_EQ(0, dir_dump(&self->nl, &self->seen));
	EXPECT_EQ(0U, self->seen.messages);
}

TEST_F(dir, longest_name_is_accepted_and_one_more_refused)
{
	char name[MLT_NAME_MAX + 1];
	struct dir_req r = example;
	size_t i;

	/* Labels of 59 bytes, dots between, MLT_NAME_MAX - 1 bytes in all. */
	for (i = 0; i < MLT_NAME_MAX - 1; i++)
		name[i] = (i % 60 == 59) ? '.' : 'a';
	name[MLT_NAME_MAX - 1] = '\0';
	r.name = name;
	EXPECT_EQ(0, dir_add(&self->nl, &r));
	name[MLT_NAME_MAX - 1] = 'a';
	name[MLT_NAME_MAX] = '\0';
	EXPECT_GT(0, dir_add(&self->nl, &r));
}

TEST_F(dir, malformed_lists_and_keys_are_refused)
{
	struct dir_req r = example;
	unsigned int i;

	/* Too many addresses. */
	for (i = 0; i < MLT_DIR_ADDRS_MAX + 1; i++)
		r.addrs[i] = "192.0.2.1";
	EXPECT_EQ(-E2BIG, dir_add(&self->nl, &r));

	/* No address at all. */
	memset(r.addrs, 0, sizeof(r.addrs));
	EXPECT_EQ(-EINVAL, dir_add(&self->nl, &r));

	/* An address of 5 bytes. */
	r.addrs[0] = "abcde";
	EXPECT_EQ(-EINVAL, dir_add(&self->nl, &r));
	EXPECT_NE(NULL, strstr(self->nl.extack, "4 or 16"));

	r = example;
	r.n_keys = MLT_DIR_EPH_KEYS_MAX + 1;
	EXPECT_EQ(-E2BIG, dir_add(&self->nl, &r));
	r.n_keys = 0;
	EXPECT_EQ(-EINVAL, dir_add(&self->nl, &r));

	r = example;
	r.identity = 0;
	EXPECT_EQ(-EINVAL, dir_add(&self->nl, &r));
	EXPECT_NE(NULL, strstr(self->nl.extack, "all zero"));

	r = example;
	r.port = 0;
	EXPECT_GT(0, dir_add(&self->nl, &r));
	r = example;
	r.lifetime = MLT_DIR_LIFETIME_MAX + 1;
	EXPECT_GT(0, dir_add(&self->nl, &r));

	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_EQ(0ULL, self->st.dir_entries);
}

TEST_F(dir, dump_returns_every_entry_across_messages)
{
	enum { N = 300 };
	struct dir_req r = example;
	char name[32];
	int i;

	for (i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "host%d.bit", i);
		r.name = name;
		ASSERT_EQ(0, dir_add(&self->nl, &r));
	}
	ASSERT_EQ(0, dir_dump(&self->nl, &self->seen));
	EXPECT_EQ((unsigned int)N, self->seen.messages);
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_EQ((uint64_t)N, self->st.dir_entries);
}

/* 4096 requests: the debug kernel needs more than the default 30 s. */
TEST_F_TIMEOUT(dir, directory_is_bounded, 180)
{
	struct dir_req r = example;
	char name[32];
	int i;

	r.n_keys = 1;
	for (i = 0; i < MLT_DIR_ENTRIES_MAX; i++) {
		snprintf(name, sizeof(name), "h%d.bit", i);
		r.name = name;
		ASSERT_EQ(0, dir_add(&self->nl, &r));
	}
	r.name = "one-more.bit";
	EXPECT_EQ(-ENOSPC, dir_add(&self->nl, &r));
	/* Replacing an existing name still works when full. */
	r.name = "h0.bit";
	r.replace = true;
	EXPECT_EQ(0, dir_add(&self->nl, &r));
}

TEST_F(dir, entries_expire)
{
	struct dir_req r = example;

	r.lifetime = 1;
	ASSERT_EQ(0, dir_add(&self->nl, &r));
	sleep(3);
	EXPECT_EQ(-ENOENT, dir_name_req(&self->nl, MLT_CMD_DIR_GET, r.name,
					&self->seen));
	ASSERT_EQ(0, dir_dump(&self->nl, &self->seen));
	EXPECT_EQ(0U, self->seen.messages);
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_EQ(0ULL, self->st.dir_entries);
}

static int dir_in_new_netns(void *arg)
{
	struct dir_seen seen;
	struct mlt_nl nl;

	(void)arg;
	if (unshare(CLONE_NEWNET) || mlt_nl_open(&nl))
		return child_fail(10, "unshare(CLONE_NEWNET) or netlink open");
	if (dir_name_req(&nl, MLT_CMD_DIR_GET, "example.bit", &seen) != -ENOENT)
		return child_fail(11,
			"DIR_GET example.bit in a new namespace: expected ENOENT");
	if (dir_add(&nl, &example))
		return child_fail(12, "DIR_ADD in a new namespace");
	return 0;
}

TEST_F(dir, namespaces_have_separate_directories)
{
	ASSERT_EQ(0, dir_add(&self->nl, &example));
	EXPECT_EQ(0, in_child(dir_in_new_netns, NULL));
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_EQ(1ULL, self->st.dir_entries);
}

static int dir_without_caps(void *arg)
{
	struct dir_seen seen;
	struct mlt_nl nl;

	(void)arg;
	if (drop_all_caps() || mlt_nl_open(&nl))
		return child_fail(10, "drop capabilities or netlink open");
	if (dir_add(&nl, &example) != -EPERM)
		return child_fail(11,
			"DIR_ADD without CAP_NET_ADMIN: expected EPERM");
	if (dir_name_req(&nl, MLT_CMD_DIR_DEL, "example.bit", NULL) != -EPERM)
		return child_fail(12,
			"DIR_DEL without CAP_NET_ADMIN: expected EPERM");
	if (dir_name_req(&nl, MLT_CMD_DIR_GET, "example.bit", &seen))
		return child_fail(13, "DIR_GET without CAP_NET_ADMIN");
	/* The list tells which names others resolved: it is the admin's. */
	if (dir_dump(&nl, &seen) != -EPERM || seen.messages)
		return child_fail(14,
			"DIR_GET dump without CAP_NET_ADMIN: expected EPERM");
	return 0;
}

/*
 * Changes need CAP_NET_ADMIN; looking up one name does not; listing every
 * name does (issue 12, point 6).
 */
TEST_F(dir, changes_need_cap_net_admin_reads_do_not)
{
	ASSERT_EQ(0, dir_add(&self->nl, &example));
	EXPECT_EQ(0, in_child(dir_without_caps, NULL));
}

/* What EPH_ROTATE and EPH_GET replies said. */
struct eph_seen {
	unsigned int messages, unknown;
	uint8_t key[MLT_EPH_MAX + 1][MLT_KEY_LEN];
	uint32_t lifetime[MLT_EPH_MAX + 1];
};

static int eph_cb(const struct nlattr *attr, void *data)
{
	struct eph_seen *s = data;
	unsigned int i = s->messages;

	switch (mnl_attr_get_type(attr)) {
	case MLT_A_EPH_PUBLIC_KEY:
		/* A new message starts with the key. */
		if (i <= MLT_EPH_MAX)
			memcpy(s->key[i], mnl_attr_get_payload(attr),
			       MLT_KEY_LEN);
		s->messages++;
		break;
	case MLT_A_EPH_LIFETIME:
		if (i && i <= MLT_EPH_MAX + 1)
			s->lifetime[i - 1] = mnl_attr_get_u32(attr);
		break;
	case MLT_A_EPH_AGE:
		break;
	default:
		s->unknown++;
	}
	return MNL_CB_OK;
}

static int eph_rotate(struct mlt_nl *nl, uint32_t lifetime,
		      struct eph_seen *seen)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mlt_nl_start(nl, buf, MLT_CMD_EPH_ROTATE, 0);

	memset(seen, 0, sizeof(*seen));
	if (lifetime)
		mnl_attr_put_u32(nlh, MLT_A_EPH_LIFETIME, lifetime);
	return mlt_nl_send(nl, nlh, eph_cb, seen);
}

static int eph_dump(struct mlt_nl *nl, struct eph_seen *seen)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mlt_nl_start(nl, buf, MLT_CMD_EPH_GET,
					    NLM_F_DUMP);

	memset(seen, 0, sizeof(*seen));
	return mlt_nl_send(nl, nlh, eph_cb, seen);
}

FIXTURE(eph) {
	struct mlt_nl nl;
	struct mlt_status st;
	struct eph_seen made, seen;
};

FIXTURE_SETUP(eph)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, mlt_nl_open(&self->nl));
}

FIXTURE_TEARDOWN(eph)
{
	mlt_nl_close(&self->nl);
}

TEST_F(eph, rotated_key_is_listed_with_its_window)
{
	ASSERT_EQ(0, eph_rotate(&self->nl, 600, &self->made));
	ASSERT_EQ(1U, self->made.messages);
	EXPECT_EQ(600U, self->made.lifetime[0]);
	ASSERT_EQ(0, eph_dump(&self->nl, &self->seen));
	ASSERT_EQ(1U, self->seen.messages);
	EXPECT_EQ(0, memcmp(self->made.key[0], self->seen.key[0], MLT_KEY_LEN));
	EXPECT_LE(598U, self->seen.lifetime[0]);
	/* Replies carry the public key, the window and the age: no more. */
	EXPECT_EQ(0U, self->made.unknown);
	EXPECT_EQ(0U, self->seen.unknown);
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_EQ(1ULL, self->st.eph_keys);
}

TEST_F(eph, default_lifetime_applies)
{
	ASSERT_EQ(0, eph_rotate(&self->nl, 0, &self->made));
	EXPECT_EQ((uint32_t)MLT_EPH_LIFETIME_DEFAULT, self->made.lifetime[0]);
}

TEST_F(eph, older_keys_stay_valid_until_the_limit)
{
	int i;

	for (i = 0; i < MLT_EPH_MAX; i++)
		ASSERT_EQ(0, eph_rotate(&self->nl, 600 + i, &self->made));
	ASSERT_EQ(0, eph_dump(&self->nl, &self->seen));
	EXPECT_EQ((unsigned int)MLT_EPH_MAX, self->seen.messages);

	/* One more: the key that would expire first is wiped now. */
	ASSERT_EQ(0, eph_rotate(&self->nl, 900, &self->made));
	ASSERT_EQ(0, eph_dump(&self->nl, &self->seen));
	EXPECT_EQ((unsigned int)MLT_EPH_MAX, self->seen.messages);
	for (i = 0; i < MLT_EPH_MAX; i++)
		EXPECT_LT(600U, self->seen.lifetime[i]);
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_EQ(1ULL, self->st.eph_wiped);
	EXPECT_EQ((uint64_t)MLT_EPH_MAX, self->st.eph_keys);
}

TEST_F(eph, expired_keys_are_wiped_promptly)
{
	ASSERT_EQ(0, eph_rotate(&self->nl, 1, &self->made));
	ASSERT_EQ(0, eph_rotate(&self->nl, 600, &self->made));
	sleep(3);
	ASSERT_EQ(0, eph_dump(&self->nl, &self->seen));
	EXPECT_EQ(1U, self->seen.messages);
	ASSERT_EQ(0, mlt_nl_status(&self->nl, &self->st));
	EXPECT_EQ(1ULL, self->st.eph_wiped);
	EXPECT_EQ(1ULL, self->st.eph_keys);
}

TEST_F(eph, lifetime_out_of_range_is_refused)
{
	EXPECT_GT(0, eph_rotate(&self->nl, MLT_EPH_LIFETIME_MAX + 1,
				&self->made));
	ASSERT_EQ(0, eph_dump(&self->nl, &self->seen));
	EXPECT_EQ(0U, self->seen.messages);
}

static int eph_without_caps(void *arg)
{
	struct eph_seen seen;
	struct mlt_nl nl;

	(void)arg;
	if (drop_all_caps() || mlt_nl_open(&nl))
		return child_fail(10, "drop capabilities or netlink open");
	if (eph_rotate(&nl, 60, &seen) != -EPERM)
		return child_fail(11,
			"EPH_ROTATE without CAP_NET_ADMIN: expected EPERM");
	if (eph_dump(&nl, &seen))
		return child_fail(12, "EPH_GET dump without CAP_NET_ADMIN");
	return 0;
}

TEST_F(eph, rotate_needs_cap_net_admin)
{
	EXPECT_EQ(0, in_child(eph_without_caps, NULL));
}

TEST_HARNESS_MAIN
