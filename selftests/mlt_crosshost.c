// SPDX-License-Identifier: GPL-2.0
/*
 * Two hosts of different CPUs over one wire (scripts/check-arch): this
 * guest connects to the other's echo service (mlt-echo-server), by the
 * directory name that mlt_crosshost.sh gave it, and checks what comes
 * back. An x86-64 guest and an s390x guest run it in turn, so the wire
 * format is read and written by a little-endian and a big-endian host in
 * both roles.
 *
 * Environment: MLT_PEER (the peer's directory name), MLT_PEER_SERVICE
 * (default 7), MLT_XFER_BYTES (default 8 MiB).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "kselftest_harness.h"
#include "mlt_test.h"
#include "util.h"

#define PATTERN_SEED	0x6d6c742d78686f73ULL

static const char *peer_name(void)
{
	return getenv("MLT_PEER") ?: "peer.test";
}

static uint16_t peer_service(void)
{
	const char *s = getenv("MLT_PEER_SERVICE");

	return s ? (uint16_t)atoi(s) : 7;
}

static size_t xfer_bytes(void)
{
	const char *s = getenv("MLT_XFER_BYTES");

	return s ? strtoull(s, NULL, 0) : 8u << 20;
}

/* No state: a fixture for TEST_F_TIMEOUT, emulated CPUs being slow. */
FIXTURE(xhost) {
};

FIXTURE_SETUP(xhost)
{
}

FIXTURE_TEARDOWN(xhost)
{
}

/* A line that names this host's CPU, so the peer's log shows whose it is. */
TEST_F_TIMEOUT(xhost, echo_crosses_the_wire, 300)
{
	char msg[128], back[128];
	struct utsname u;
	ssize_t n;
	int s, len;

	ASSERT_EQ(0, uname(&u));
	len = snprintf(msg, sizeof(msg), "hello from %s (%s)", u.nodename,
		       u.machine);
	s = mlt_connect(peer_name(), peer_service());
	ASSERT_LE(0, s) TH_LOG("connect to %s:%u: %s", peer_name(),
			       peer_service(), strerror(errno));
	ASSERT_EQ(0, write_all(s, msg, len));
	n = read_full(s, back, len);
	ASSERT_EQ(len, n);
	EXPECT_EQ(0, memcmp(msg, back, len));
	TH_LOG("echoed: %.*s", len, back);
	close(s);
}

/*
 * Several MiB to the echo service and back on one connection: a child
 * sends the byte pattern and shuts its side down, this process reads the
 * echo to the end. The SHA-256 of what came back must be that of what
 * went out: each byte crossed the wire twice, once each way.
 */
TEST_F_TIMEOUT(xhost, transfer_sha256_both_ways, 1200)
{
	uint8_t want[crypto_hash_sha256_BYTES], got[crypto_hash_sha256_BYTES];
	char want_hex[2 * sizeof(want) + 1], got_hex[2 * sizeof(got) + 1];
	size_t total = xfer_bytes();
	ssize_t back;
	pid_t pid;
	int s;

	ASSERT_LE(0, sodium_init());
	pattern_sha(want, PATTERN_SEED, total);
	s = mlt_connect(peer_name(), peer_service());
	ASSERT_LE(0, s) TH_LOG("connect to %s:%u: %s", peer_name(),
			       peer_service(), strerror(errno));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (send_pattern(s, PATTERN_SEED, total))
			_exit(child_fail(1, "send"));
		if (shutdown(s, SHUT_WR))
			_exit(child_fail(2, "shutdown"));
		_exit(0);
	}
	back = recv_sha(s, got);
	EXPECT_LE(0, back) TH_LOG("recv: %s", strerror(errno));
	EXPECT_EQ(0, reap(pid));
	close(s);

	sodium_bin2hex(want_hex, sizeof(want_hex), want, sizeof(want));
	sodium_bin2hex(got_hex, sizeof(got_hex), got, sizeof(got));
	TH_LOG("%zu bytes out, %zd back; sha256 out %s, back %s", total, back,
	       want_hex, got_hex);
	EXPECT_EQ((ssize_t)total, back);
	EXPECT_EQ(0, memcmp(want, got, sizeof(want)));
}

TEST_HARNESS_MAIN
