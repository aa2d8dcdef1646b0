// SPDX-License-Identifier: GPL-2.0
/*
 * The pure half of libmlt-preload: the table of converted descriptors
 * (fdtab.c) and what the library answers for them (policy.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>

#include "kselftest_harness.h"

#include "fdtab.h"
#include "policy.h"

static struct sockaddr_in v4(const char *a, uint16_t port)
{
	struct sockaddr_in s = { .sin_family = AF_INET,
				 .sin_port = htons(port) };

	inet_pton(AF_INET, a, &s.sin_addr);
	return s;
}

TEST(set_get_clear)
{
	struct sockaddr_in a = v4("127.77.0.1", 80), b;
	socklen_t len = sizeof(b);

	EXPECT_FALSE(fdtab_get(5, NULL, NULL));
	ASSERT_TRUE(fdtab_set(5, (struct sockaddr *)&a, sizeof(a)));
	ASSERT_TRUE(fdtab_get(5, (struct sockaddr *)&b, &len));
	EXPECT_EQ(sizeof(a), len);
	EXPECT_EQ(0, memcmp(&a, &b, sizeof(a)));
	EXPECT_FALSE(fdtab_get(6, NULL, NULL));	/* a neighbour is not */
	fdtab_clear(5);
	EXPECT_FALSE(fdtab_get(5, NULL, NULL));
	fdtab_clear(5);				/* twice: harmless */
	fdtab_clear(FDTAB_MAX - 1);		/* a chunk never made */
}

/* getpeername's rule: truncated to the room given, the full length told. */
TEST(get_truncates_and_tells_the_length)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_port = htons(22) };
	unsigned char out[8];
	socklen_t len = sizeof(out);

	inet_pton(AF_INET6, "fd6d:6c74:4d00::7", &a.sin6_addr);
	ASSERT_TRUE(fdtab_set(9, (struct sockaddr *)&a, sizeof(a)));
	memset(out, 0xee, sizeof(out));
	ASSERT_TRUE(fdtab_get(9, (struct sockaddr *)out, &len));
	EXPECT_EQ(sizeof(a), len);
	EXPECT_EQ(0, memcmp(out, &a, sizeof(out)));
	fdtab_clear(9);
}

TEST(out_of_range_and_too_long)
{
	struct sockaddr_storage big = { .ss_family = AF_INET6 };
	struct sockaddr_in a = v4("127.77.0.1", 80);

	EXPECT_FALSE(fdtab_set(-1, (struct sockaddr *)&a, sizeof(a)));
	EXPECT_FALSE(fdtab_set(FDTAB_MAX, (struct sockaddr *)&a, sizeof(a)));
	EXPECT_FALSE(fdtab_get(-1, NULL, NULL));
	EXPECT_FALSE(fdtab_get(FDTAB_MAX, NULL, NULL));
	EXPECT_FALSE(fdtab_set(3, (struct sockaddr *)&big, sizeof(big)));
	EXPECT_FALSE(fdtab_get(3, NULL, NULL));
	/* The last descriptor that fits, in the last chunk. */
	EXPECT_TRUE(fdtab_set(FDTAB_MAX - 1, (struct sockaddr *)&a, sizeof(a)));
	EXPECT_TRUE(fdtab_get(FDTAB_MAX - 1, NULL, NULL));
	fdtab_clear(FDTAB_MAX - 1);
}

/* dup2 onto a tracked descriptor from an untracked one forgets it. */
TEST(copy_follows_dup)
{
	struct sockaddr_in a = v4("127.77.1.2", 443), b;
	socklen_t len = sizeof(b);

	ASSERT_TRUE(fdtab_set(10, (struct sockaddr *)&a, sizeof(a)));
	fdtab_copy(10, 2000);			/* another chunk */
	ASSERT_TRUE(fdtab_get(2000, (struct sockaddr *)&b, &len));
	EXPECT_EQ(443, ntohs(b.sin_port));
	fdtab_copy(11, 2000);			/* 11 is no converted fd */
	EXPECT_FALSE(fdtab_get(2000, NULL, NULL));
	fdtab_copy(10, 10);			/* onto itself: kept */
	EXPECT_TRUE(fdtab_get(10, NULL, NULL));
	fdtab_clear(10);
}

struct writer {
	int fd;
	int rounds;
};

static void *write_loop(void *arg)
{
	struct writer *w = arg;
	struct sockaddr_in a = v4("127.77.0.1", 1);
	struct sockaddr_in6 b = { .sin6_family = AF_INET6,
				  .sin6_port = htons(2) };
	int i;

	for (i = 0; i < w->rounds; i++) {
		if (i & 1)
			fdtab_set(w->fd, (struct sockaddr *)&a, sizeof(a));
		else
			fdtab_set(w->fd, (struct sockaddr *)&b, sizeof(b));
	}
	return NULL;
}

/* A reader never sees one address's family with the other's length. */
TEST(no_torn_reads)
{
	struct writer w = { .fd = 77, .rounds = 200000 };
	struct sockaddr_in6 out;
	pthread_t t;
	socklen_t len;
	int i;

	ASSERT_EQ(0, pthread_create(&t, NULL, write_loop, &w));
	for (i = 0; i < 200000; i++) {
		len = sizeof(out);
		if (!fdtab_get(77, (struct sockaddr *)&out, &len))
			continue;
		if (out.sin6_family == AF_INET6) {
			ASSERT_EQ(sizeof(struct sockaddr_in6), len);
		} else {
			ASSERT_EQ(sizeof(struct sockaddr_in), len);
		}
	}
	pthread_join(t, NULL);
	fdtab_clear(77);
}

TEST(errnos_a_tcp_program_knows)
{
	EXPECT_EQ(EHOSTUNREACH, policy_errno(ENOENT));	/* no such name */
	EXPECT_EQ(EHOSTUNREACH, policy_errno(EKEYEXPIRED));
	EXPECT_EQ(EHOSTUNREACH, policy_errno(ENOKEY));
	EXPECT_EQ(EHOSTUNREACH, policy_errno(EKEYREJECTED));
	EXPECT_EQ(ENETUNREACH, policy_errno(EAFNOSUPPORT)); /* no module */
	EXPECT_EQ(ENETUNREACH, policy_errno(ENETDOWN));	/* no resolver */
	EXPECT_EQ(ECONNREFUSED, policy_errno(ECONNREFUSED));
	EXPECT_EQ(ETIMEDOUT, policy_errno(ETIMEDOUT));
	EXPECT_EQ(EINPROGRESS, policy_errno(EINPROGRESS));
	EXPECT_EQ(EMFILE, policy_errno(EMFILE));
	EXPECT_EQ(ECONNREFUSED, policy_errno(EINVAL));	/* anything else */
	EXPECT_EQ(ECONNREFUSED, policy_errno(0x7fff));
}

TEST(levels_answered_here)
{
	EXPECT_TRUE(policy_own_level(IPPROTO_TCP));
	EXPECT_TRUE(policy_own_level(IPPROTO_IP));
	EXPECT_TRUE(policy_own_level(IPPROTO_IPV6));
	EXPECT_FALSE(policy_own_level(SOL_SOCKET));
	EXPECT_FALSE(policy_own_level(IPPROTO_UDP));
}

TEST_HARNESS_MAIN
