// SPDX-License-Identifier: GPL-2.0
/*
 * The pure half of libmlt-preload: the table of converted descriptors
 * (fdtab.c) and what the library answers for them (policy.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <string.h>

#include "kselftest_harness.h"

#include "fdtab.h"
#include "policy.h"

static struct fdtab_conn v4(const char *a, uint16_t port, const char *name,
			    uint16_t service)
{
	struct fdtab_conn c = { .peer_len = sizeof(struct sockaddr_in) };
	struct sockaddr_in *s = (struct sockaddr_in *)&c.peer;

	s->sin_family = AF_INET;
	s->sin_port = htons(port);
	inet_pton(AF_INET, a, &s->sin_addr);
	c.target.smlt_family = 27;
	c.target.smlt_service = service;
	strcpy(c.target.smlt_name, name);
	return c;
}

TEST(set_get_clear)
{
	struct fdtab_conn a = v4("127.77.0.1", 80, "demo.bit", 80), b;

	EXPECT_FALSE(fdtab_get(5, NULL));
	EXPECT_FALSE(fdtab_set(5, &a));		/* no room made */
	ASSERT_TRUE(fdtab_room(5));
	EXPECT_FALSE(fdtab_get(5, NULL));	/* room is no entry */
	ASSERT_TRUE(fdtab_set(5, &a));
	memset(&b, 0xee, sizeof(b));
	ASSERT_TRUE(fdtab_get(5, &b));
	EXPECT_EQ(0, memcmp(&a, &b, sizeof(a)));
	EXPECT_STREQ("demo.bit", b.target.smlt_name);
	EXPECT_FALSE(fdtab_get(6, NULL));	/* a neighbour is not */
	fdtab_clear(5);
	EXPECT_FALSE(fdtab_get(5, &b));
	fdtab_clear(5);				/* twice: harmless */
	fdtab_clear(FDTAB_MAX - 1);		/* a chunk never made */
	fdtab_clear(-1);
}

TEST(out_of_range_and_too_long)
{
	struct fdtab_conn a = v4("127.77.0.1", 80, "demo.bit", 80);

	EXPECT_FALSE(fdtab_room(-1));
	EXPECT_FALSE(fdtab_room(FDTAB_MAX));
	EXPECT_FALSE(fdtab_set(-1, &a));
	EXPECT_FALSE(fdtab_set(FDTAB_MAX, &a));
	EXPECT_FALSE(fdtab_get(-1, NULL));
	EXPECT_FALSE(fdtab_get(FDTAB_MAX, NULL));
	ASSERT_TRUE(fdtab_room(3));
	a.peer_len = sizeof(a.peer) + 1;
	EXPECT_FALSE(fdtab_set(3, &a));
	EXPECT_FALSE(fdtab_get(3, NULL));
	/* The last descriptor that fits, in the last chunk. */
	a.peer_len = sizeof(struct sockaddr_in);
	ASSERT_TRUE(fdtab_room(FDTAB_MAX - 1));
	EXPECT_TRUE(fdtab_set(FDTAB_MAX - 1, &a));
	EXPECT_TRUE(fdtab_get(FDTAB_MAX - 1, NULL));
	fdtab_clear(FDTAB_MAX - 1);
}

/* dup2 onto a tracked descriptor from an untracked one forgets it. */
TEST(copy_follows_dup)
{
	struct fdtab_conn a = v4("127.77.1.2", 443, "git.demo.bit", 80), b;

	ASSERT_TRUE(fdtab_room(10));
	ASSERT_TRUE(fdtab_set(10, &a));
	fdtab_copy(10, 2000);			/* another chunk, made */
	ASSERT_TRUE(fdtab_get(2000, &b));
	EXPECT_EQ(443, ntohs(((struct sockaddr_in *)&b.peer)->sin_port));
	EXPECT_EQ(80, b.target.smlt_service);
	fdtab_copy(11, 2000);			/* 11 is no converted fd */
	EXPECT_FALSE(fdtab_get(2000, NULL));
	fdtab_copy(10, 10);			/* onto itself: kept */
	EXPECT_TRUE(fdtab_get(10, NULL));
	fdtab_copy(10, FDTAB_MAX);		/* out of range: nothing */
	fdtab_clear(10);
}

struct writer {
	int fd;
	int rounds;
};

static void *write_loop(void *arg)
{
	struct writer *w = arg;
	struct fdtab_conn a = v4("127.77.0.1", 1, "a.bit", 1);
	struct fdtab_conn b = { .peer_len = sizeof(struct sockaddr_in6) };
	int i;

	b.peer.sin6_family = AF_INET6;
	b.peer.sin6_port = htons(2);
	memset(b.target.smlt_name, 'b', MLT_NAME_MAX - 1);
	b.target.smlt_service = 2;
	for (i = 0; i < w->rounds; i++) {
		fdtab_set(w->fd, i & 1 ? &a : &b);
		if (!(i % 1000))
			fdtab_clear(w->fd);
	}
	return NULL;
}

/* A reader never sees one entry's parts with another's. */
TEST(no_torn_reads)
{
	struct writer w = { .fd = 77, .rounds = 200000 };
	struct fdtab_conn out;
	pthread_t t;
	int i;

	ASSERT_TRUE(fdtab_room(77));
	ASSERT_EQ(0, pthread_create(&t, NULL, write_loop, &w));
	for (i = 0; i < 200000; i++) {
		if (!fdtab_get(77, &out))
			continue;
		if (out.peer.sin6_family == AF_INET6) {
			ASSERT_EQ(sizeof(struct sockaddr_in6), out.peer_len);
			ASSERT_EQ(2, out.target.smlt_service);
			ASSERT_EQ(MLT_NAME_MAX - 1,
				  strnlen(out.target.smlt_name, MLT_NAME_MAX));
		} else {
			ASSERT_EQ(sizeof(struct sockaddr_in), out.peer_len);
			ASSERT_EQ(1, out.target.smlt_service);
			ASSERT_STREQ("a.bit", out.target.smlt_name);
		}
	}
	pthread_join(t, NULL);
	fdtab_clear(77);
}

TEST(connect_errnos_a_tcp_program_knows)
{
	EXPECT_EQ(EHOSTUNREACH, policy_errno(ENOENT));	/* no such name */
	EXPECT_EQ(EHOSTUNREACH, policy_errno(EKEYEXPIRED));
	EXPECT_EQ(EHOSTUNREACH, policy_errno(ENOKEY));
	EXPECT_EQ(EHOSTUNREACH, policy_errno(EKEYREJECTED));
	EXPECT_EQ(EHOSTUNREACH, policy_errno(EADDRNOTAVAIL));
	EXPECT_EQ(ENETUNREACH, policy_errno(EAFNOSUPPORT)); /* no module */
	EXPECT_EQ(ENETUNREACH, policy_errno(ENXIO));
	EXPECT_EQ(ENETUNREACH, policy_errno(ENETDOWN));	/* no resolver */
	EXPECT_EQ(ECONNREFUSED, policy_errno(ECONNREFUSED));
	EXPECT_EQ(ETIMEDOUT, policy_errno(ETIMEDOUT));
	EXPECT_EQ(EINPROGRESS, policy_errno(EINPROGRESS));
	EXPECT_EQ(EALREADY, policy_errno(EALREADY));
	EXPECT_EQ(EISCONN, policy_errno(EISCONN));
	EXPECT_EQ(EINTR, policy_errno(EINTR));
	EXPECT_EQ(EMFILE, policy_errno(EMFILE));
	EXPECT_EQ(EBADF, policy_errno(EBADF));
	EXPECT_EQ(ECONNREFUSED, policy_errno(EINVAL));	/* anything else */
	EXPECT_EQ(ECONNREFUSED, policy_errno(EPROTO));
	EXPECT_EQ(ECONNREFUSED, policy_errno(0x7fff));
}

/* SO_ERROR: only the name's errors change; a connection's stay. */
TEST(so_error_maps_only_the_name_errors)
{
	EXPECT_EQ(0, policy_so_error(0));
	EXPECT_EQ(EHOSTUNREACH, policy_so_error(ENOKEY));
	EXPECT_EQ(EHOSTUNREACH, policy_so_error(ENOENT));
	EXPECT_EQ(ENETUNREACH, policy_so_error(ENETDOWN));
	EXPECT_EQ(ECONNRESET, policy_so_error(ECONNRESET));
	EXPECT_EQ(ETIMEDOUT, policy_so_error(ETIMEDOUT));
	EXPECT_EQ(EPIPE, policy_so_error(EPIPE));
	EXPECT_EQ(ECONNREFUSED, policy_so_error(ECONNREFUSED));
}

TEST(levels_answered_here)
{
	EXPECT_TRUE(policy_own_level(IPPROTO_TCP));
	EXPECT_TRUE(policy_own_level(IPPROTO_IP));	/* SOL_IP */
	EXPECT_TRUE(policy_own_level(IPPROTO_IPV6));	/* SOL_IPV6 */
	EXPECT_FALSE(policy_own_level(SOL_SOCKET));
	EXPECT_FALSE(policy_own_level(IPPROTO_UDP));
	EXPECT_FALSE(policy_own_level(-1));
}

TEST(getsockopt_values)
{
	unsigned char buf[512];
	int v;

	memset(buf, 0xee, sizeof(buf));
	EXPECT_EQ(sizeof(int), policy_getsockopt(IPPROTO_TCP, TCP_NODELAY,
						 buf, sizeof(buf)));
	memcpy(&v, buf, sizeof(v));
	EXPECT_EQ(0, v);
	EXPECT_EQ(0xee, buf[sizeof(int)]);	/* nothing past the int */
	EXPECT_EQ(sizeof(int), policy_getsockopt(IPPROTO_TCP, TCP_MAXSEG,
						 buf, sizeof(buf)));
	memcpy(&v, buf, sizeof(v));
	EXPECT_EQ(536, v);
	policy_getsockopt(IPPROTO_IP, IP_TTL, buf, sizeof(buf));
	memcpy(&v, buf, sizeof(v));
	EXPECT_EQ(64, v);
	policy_getsockopt(IPPROTO_IPV6, IPV6_UNICAST_HOPS, buf, sizeof(buf));
	memcpy(&v, buf, sizeof(v));
	EXPECT_EQ(64, v);
	policy_getsockopt(IPPROTO_IP, IP_TOS, buf, sizeof(buf));
	memcpy(&v, buf, sizeof(v));
	EXPECT_EQ(0, v);
}

/* Never more than the room given, nor than the option's size. */
TEST(getsockopt_lengths)
{
	unsigned char buf[512];
	size_t i;
	int v;

	memset(buf, 0xee, sizeof(buf));
	EXPECT_EQ(sizeof(struct tcp_info),
		  policy_getsockopt(IPPROTO_TCP, TCP_INFO, buf, sizeof(buf)));
	for (i = 0; i < sizeof(struct tcp_info); i++)
		ASSERT_EQ(0, buf[i]);
	EXPECT_EQ(0xee, buf[sizeof(struct tcp_info)]);
	memset(buf, 0xee, sizeof(buf));
	EXPECT_EQ(2, policy_getsockopt(IPPROTO_TCP, TCP_MAXSEG, buf, 2));
	v = 536;				/* its first bytes, as the kernel */
	EXPECT_EQ(0, memcmp(buf, &v, 2));
	EXPECT_EQ(0xee, buf[2]);
	memset(buf, 0xee, sizeof(buf));
	EXPECT_EQ(0, policy_getsockopt(IPPROTO_TCP, TCP_NODELAY, buf, 0));
	EXPECT_EQ(0xee, buf[0]);
	EXPECT_EQ(16, policy_getsockopt(IPPROTO_TCP, TCP_CONGESTION, buf,
					sizeof(buf)));
	EXPECT_EQ(0, policy_getsockopt(IPPROTO_IP, IP_OPTIONS, buf,
				       sizeof(buf)));
	EXPECT_EQ(0, policy_getsockopt(IPPROTO_TCP, TCP_INFO, NULL, 100));
}

/* getpeername's rule: truncated to the room given, the full length told. */
TEST(addr_out_truncates_and_tells_the_length)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_port = htons(22) };
	unsigned char out[8];
	socklen_t len = sizeof(out);

	inet_pton(AF_INET6, "fd6d:6c74:4d00::7", &a.sin6_addr);
	memset(out, 0xee, sizeof(out));
	policy_addr_out(&a, sizeof(a), (struct sockaddr *)out, &len);
	EXPECT_EQ(sizeof(a), len);
	EXPECT_EQ(0, memcmp(out, &a, sizeof(out)));
	len = 0;
	policy_addr_out(&a, sizeof(a), (struct sockaddr *)out, &len);
	EXPECT_EQ(sizeof(a), len);
}

TEST(local_address_is_loopback_port_0)
{
	struct sockaddr_in6 me;
	struct sockaddr_in *me4 = (struct sockaddr_in *)&me;

	EXPECT_EQ(sizeof(struct sockaddr_in), policy_local_addr(AF_INET, &me));
	EXPECT_EQ(AF_INET, me4->sin_family);
	EXPECT_EQ(htonl(INADDR_LOOPBACK), me4->sin_addr.s_addr);
	EXPECT_EQ(0, me4->sin_port);
	EXPECT_EQ(sizeof(me), policy_local_addr(AF_INET6, &me));
	EXPECT_EQ(AF_INET6, me.sin6_family);
	EXPECT_TRUE(IN6_IS_ADDR_LOOPBACK(&me.sin6_addr));
	EXPECT_EQ(0, me.sin6_port);
	EXPECT_EQ(0, policy_local_addr(AF_UNIX, &me));
}

TEST_HARNESS_MAIN
