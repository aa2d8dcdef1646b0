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

#define CHUNK		65536
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

static void hex(char *out, const unsigned char *in, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", in[i]);
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
 * writes the byte pattern and shuts its side down, this process reads
 * the echo to the end. The SHA-256 of what came back must be that of
 * what went out: each byte crossed the wire twice, once each way.
 */
TEST_F_TIMEOUT(xhost, transfer_sha256_both_ways, 1200)
{
	unsigned char want[crypto_hash_sha256_BYTES];
	unsigned char got[crypto_hash_sha256_BYTES];
	char want_hex[2 * sizeof(want) + 1], got_hex[2 * sizeof(got) + 1];
	crypto_hash_sha256_state sw, sg;
	size_t total = xfer_bytes(), off, back = 0;
	uint8_t *buf;
	pid_t pid;
	ssize_t n;
	int s;

	ASSERT_LE(0, sodium_init());
	buf = malloc(CHUNK);
	ASSERT_NE(NULL, buf);
	crypto_hash_sha256_init(&sw);
	for (off = 0; off < total; off += CHUNK) {
		size_t len = total - off < CHUNK ? total - off : CHUNK;

		pattern(buf, len, PATTERN_SEED, off);
		crypto_hash_sha256_update(&sw, buf, len);
	}
	crypto_hash_sha256_final(&sw, want);

	s = mlt_connect(peer_name(), peer_service());
	ASSERT_LE(0, s) TH_LOG("connect to %s:%u: %s", peer_name(),
			       peer_service(), strerror(errno));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		for (off = 0; off < total; off += CHUNK) {
			size_t len = total - off < CHUNK ? total - off : CHUNK;

			pattern(buf, len, PATTERN_SEED, off);
			if (write_all(s, buf, len))
				_exit(child_fail(1, "write"));
		}
		if (shutdown(s, SHUT_WR))
			_exit(child_fail(2, "shutdown"));
		_exit(0);
	}

	crypto_hash_sha256_init(&sg);
	while ((n = read(s, buf, CHUNK)) > 0) {
		crypto_hash_sha256_update(&sg, buf, n);
		back += n;
	}
	EXPECT_EQ(0, n) TH_LOG("read after %zu bytes: %s", back,
			       strerror(errno));
	crypto_hash_sha256_final(&sg, got);
	EXPECT_EQ(0, reap(pid));
	close(s);
	free(buf);

	hex(want_hex, want, sizeof(want));
	hex(got_hex, got, sizeof(got));
	TH_LOG("%zu bytes out, %zu back; sha256 out %s, back %s", total, back,
	       want_hex, got_hex);
	EXPECT_EQ(total, back);
	EXPECT_EQ(0, memcmp(want, got, sizeof(want)));
}

TEST_HARNESS_MAIN
