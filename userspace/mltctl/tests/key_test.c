// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for key.c: base64 encoding and decoding of keys, what text is
 * accepted and what is rejected (and with which message), key generation
 * and public key derivation (RFC 7748 section 6.1 test vectors).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "kselftest_harness.h"

#include "../key.h"

/* RFC 7748, section 6.1. */
static const char alice_priv_hex[] =
	"77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
static const char alice_pub_hex[] =
	"8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
static const char bob_priv_hex[] =
	"5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
static const char bob_pub_hex[] =
	"de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
/* The same keys in base64. */
#define ALICE_PRIV_B64	"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo="
#define ALICE_PUB_B64	"hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo="
#define BOB_PRIV_B64	"XasIfmJKikt54X+Lg4AO5m87sSkmGLb9HC+LJ/+I4Os="
#define BOB_PUB_B64	"3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08="

static void __attribute__((constructor)) init_sodium(void)
{
	if (sodium_init() < 0)
		abort();
}

static void hex_key(uint8_t key[KEY_LEN], const char *hex)
{
	size_t len = 0;

	if (sodium_hex2bin(key, KEY_LEN, hex, strlen(hex), NULL, &len, NULL) ||
	    len != KEY_LEN)
		abort();
}

/* Decode a NUL-terminated string; returns the status. */
static enum key_status decode(const char *text, uint8_t key[KEY_LEN],
			      struct key_error *e)
{
	memset(e, 0x5a, sizeof(*e));
	if (key_from_base64(key, text, strlen(text), e) == 0)
		return KEY_OK;
	return e->status;
}

static void message(const struct key_error *e, char *buf, size_t len)
{
	key_strerror(e, buf, len);
}

/* The public keys of RFC 7748 6.1 from their private keys. */
TEST(rfc7748_public_keys)
{
	uint8_t priv[KEY_LEN], pub[KEY_LEN], want[KEY_LEN];

	hex_key(priv, alice_priv_hex);
	hex_key(want, alice_pub_hex);
	ASSERT_EQ(0, key_public(pub, priv));
	EXPECT_EQ(0, memcmp(pub, want, KEY_LEN));

	hex_key(priv, bob_priv_hex);
	hex_key(want, bob_pub_hex);
	ASSERT_EQ(0, key_public(pub, priv));
	EXPECT_EQ(0, memcmp(pub, want, KEY_LEN));
}

/* Text to text, as `mltctl pubkey` does it. */
TEST(rfc7748_base64_pubkey)
{
	const char *priv_b64[] = { ALICE_PRIV_B64 "\n", BOB_PRIV_B64 };
	const char *pub_b64[] = { ALICE_PUB_B64, BOB_PUB_B64 };
	uint8_t priv[KEY_LEN], pub[KEY_LEN];
	char out[KEY_B64_LEN + 1];
	struct key_error e;
	int i;

	for (i = 0; i < 2; i++) {
		ASSERT_EQ(KEY_OK, decode(priv_b64[i], priv, &e));
		ASSERT_EQ(0, key_public(pub, priv));
		key_to_base64(out, pub);
		EXPECT_STREQ(pub_b64[i], out);
	}
}

/* The kernel clamps, and so does crypto_scalarmult_base: same result. */
TEST(clamping_does_not_change_public_key)
{
	uint8_t priv[KEY_LEN], clamped[KEY_LEN], a[KEY_LEN], b[KEY_LEN];

	hex_key(priv, alice_priv_hex);
	memcpy(clamped, priv, KEY_LEN);
	clamped[0] &= 248;
	clamped[31] = (clamped[31] & 127) | 64;
	ASSERT_EQ(0, key_public(a, priv));
	ASSERT_EQ(0, key_public(b, clamped));
	EXPECT_EQ(0, memcmp(a, b, KEY_LEN));
}

TEST(roundtrip_random)
{
	uint8_t key[KEY_LEN], back[KEY_LEN];
	char text[KEY_B64_LEN + 1];
	struct key_error e;
	int i;

	for (i = 0; i < 2000; i++) {
		randombytes_buf(key, sizeof(key));
		key_to_base64(text, key);
		ASSERT_EQ(KEY_B64_LEN, strlen(text));
		ASSERT_EQ('=', text[KEY_B64_LEN - 1]);
		ASSERT_EQ(KEY_OK, decode(text, back, &e));
		ASSERT_EQ(0, memcmp(key, back, KEY_LEN));
	}
}

TEST(roundtrip_edges)
{
	uint8_t key[KEY_LEN], back[KEY_LEN];
	char text[KEY_B64_LEN + 1];
	struct key_error e;

	memset(key, 0, sizeof(key));
	key_to_base64(text, key);
	EXPECT_STREQ("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", text);
	ASSERT_EQ(KEY_OK, decode(text, back, &e));
	EXPECT_EQ(0, memcmp(key, back, KEY_LEN));

	memset(key, 0xff, sizeof(key));
	key_to_base64(text, key);
	EXPECT_STREQ("//////////////////////////////////////////8=", text);
	ASSERT_EQ(KEY_OK, decode(text, back, &e));
	EXPECT_EQ(0, memcmp(key, back, KEY_LEN));
}

TEST(genkey_is_clamped_and_random)
{
	uint8_t a[KEY_LEN], b[KEY_LEN], pub[KEY_LEN];

	key_generate(a);
	key_generate(b);
	EXPECT_EQ(0, a[0] & 7);
	EXPECT_EQ(0, a[31] & 128);
	EXPECT_EQ(64, a[31] & 64);
	EXPECT_NE(0, memcmp(a, b, KEY_LEN));
	EXPECT_EQ(0, key_public(pub, a));
	EXPECT_FALSE(sodium_is_zero(pub, KEY_LEN));
}

/* Decision: whitespace around the key is ignored (files end in newlines). */
TEST(accepts_surrounding_whitespace)
{
	const char *ok[] = {
		ALICE_PRIV_B64 "\n",
		ALICE_PRIV_B64 "\r\n",
		"  " ALICE_PRIV_B64 "\t \n\n",
		"\n" ALICE_PRIV_B64,
		"\v\f" ALICE_PRIV_B64 " ",
	};
	uint8_t key[KEY_LEN], want[KEY_LEN];
	struct key_error e;
	size_t i;

	hex_key(want, alice_priv_hex);
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(key, 0, sizeof(key));
		ASSERT_EQ(KEY_OK, decode(ok[i], key, &e)) {
			TH_LOG("case %zu rejected", i);
		}
		EXPECT_EQ(0, memcmp(key, want, KEY_LEN));
	}
}

TEST(rejects_missing_padding_43_chars)
{
	uint8_t key[KEY_LEN];
	struct key_error e;
	char msg[160];

	/* 43 characters: the '=' dropped. */
	ASSERT_EQ(KEY_ERR_BASE64,
		  decode("dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo", key, &e));
	EXPECT_EQ(43, e.found);
	message(&e, msg, sizeof(msg));
	EXPECT_NE(NULL, strstr(msg, "bad base64"));
	EXPECT_NE(NULL, strstr(msg, "43 characters"));
	EXPECT_NE(NULL, strstr(msg, "44"));
}

TEST(rejects_extra_padding_45_chars)
{
	uint8_t key[KEY_LEN];
	struct key_error e;

	ASSERT_EQ(KEY_ERR_BASE64, decode(ALICE_PRIV_B64 "=", key, &e));
	EXPECT_EQ(45, e.found);
}

TEST(rejects_trailing_garbage)
{
	uint8_t key[KEY_LEN];
	struct key_error e;

	EXPECT_EQ(KEY_ERR_BASE64, decode(ALICE_PRIV_B64 "A", key, &e));
	EXPECT_EQ(KEY_ERR_BASE64, decode(ALICE_PRIV_B64 "AAAA", key, &e));
	EXPECT_EQ(KEY_ERR_CHAR, decode(ALICE_PRIV_B64 "#", key, &e));
	EXPECT_EQ(44, e.found);
	EXPECT_EQ('#', e.ch);
	EXPECT_EQ(KEY_ERR_CHAR, decode(ALICE_PRIV_B64 " x\n", key, &e));
	EXPECT_EQ(44, e.found);
	EXPECT_EQ(' ', e.ch);
}

TEST(rejects_two_keys)
{
	uint8_t key[KEY_LEN];
	struct key_error e;
	char msg[160];

	ASSERT_EQ(KEY_ERR_CHAR,
		  decode(ALICE_PRIV_B64 "\n" BOB_PRIV_B64 "\n", key, &e));
	EXPECT_EQ(44, e.found);
	message(&e, msg, sizeof(msg));
	EXPECT_STREQ("bad base64: whitespace inside the key at position 45", msg);
}

TEST(rejects_inner_whitespace)
{
	uint8_t key[KEY_LEN];
	struct key_error e;

	ASSERT_EQ(KEY_ERR_CHAR,
		  decode("dwdt CnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo=", key, &e));
	EXPECT_EQ(4, e.found);
	ASSERT_EQ(KEY_ERR_CHAR,
		  decode("dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LC\no=", key, &e));
	EXPECT_EQ(42, e.found);
}

TEST(rejects_invalid_characters)
{
	uint8_t key[KEY_LEN];
	struct key_error e;
	char msg[200];

	ASSERT_EQ(KEY_ERR_CHAR,
		  decode("dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LC*=", key, &e));
	EXPECT_EQ(42, e.found);
	message(&e, msg, sizeof(msg));
	EXPECT_NE(NULL, strstr(msg, "bad base64: invalid character '*' at position 43"));

	/* URL-safe alphabet is not the standard one. */
	EXPECT_EQ(KEY_ERR_CHAR,
		  decode("dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25L-o=", key, &e));
	EXPECT_EQ(KEY_ERR_CHAR,
		  decode("dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25L_o=", key, &e));

	/* A non-printable byte is shown in hex. */
	EXPECT_EQ(KEY_ERR_CHAR,
		  decode("dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25L\x80o=", key, &e));
	message(&e, msg, sizeof(msg));
	EXPECT_NE(NULL, strstr(msg, "invalid byte 0x80 at position 42"));
}

TEST(rejects_nul_byte)
{
	static const char text[] = "dwdtCnMYpX08FsFyUbJmRd9ML4\0rwJkqsXf7pR25LCo=";
	uint8_t key[KEY_LEN];
	struct key_error e;

	ASSERT_EQ(-1, key_from_base64(key, text, sizeof(text) - 1, &e));
	EXPECT_EQ(KEY_ERR_CHAR, e.status);
	EXPECT_EQ(26, e.found);
	EXPECT_EQ(0, e.ch);
}

TEST(rejects_non_canonical_encoding)
{
	uint8_t key[KEY_LEN];
	struct key_error e;

	/* 'p' sets bits past the 256th: same bytes, not the canonical text. */
	EXPECT_EQ(KEY_ERR_BASE64,
		  decode("dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCp=", key, &e));
	/* Padding in the middle. */
	EXPECT_EQ(KEY_ERR_BASE64,
		  decode("dwdt=nMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo=", key, &e));
}

TEST(rejects_wrong_length)
{
	uint8_t key[KEY_LEN];
	struct key_error e;
	char msg[160];

	/* Valid base64 of 16 bytes. */
	ASSERT_EQ(KEY_ERR_LENGTH, decode("AAAAAAAAAAAAAAAAAAAAAA==\n", key, &e));
	EXPECT_EQ(16, e.found);
	message(&e, msg, sizeof(msg));
	EXPECT_STREQ("wrong key length: 16 bytes, expected 32", msg);

	/* 44 characters, no padding: 33 bytes. */
	ASSERT_EQ(KEY_ERR_LENGTH,
		  decode("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", key, &e));
	EXPECT_EQ(33, e.found);

	/* 64 bytes, like an Ed25519 secret key. */
	ASSERT_EQ(KEY_ERR_LENGTH,
		  decode("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==",
			 key, &e));
	EXPECT_EQ(64, e.found);
	message(&e, msg, sizeof(msg));
	EXPECT_STREQ("wrong key length: 64 bytes, expected 32", msg);
}

TEST(rejects_empty)
{
	uint8_t key[KEY_LEN];
	struct key_error e;
	char msg[160];

	EXPECT_EQ(KEY_ERR_EMPTY, decode("", key, &e));
	EXPECT_EQ(KEY_ERR_EMPTY, decode(" \t\r\n", key, &e));
	message(&e, msg, sizeof(msg));
	EXPECT_NE(NULL, strstr(msg, "no key"));
}

TEST(rejects_too_long)
{
	char text[KEY_TEXT_MAX + 1];
	uint8_t key[KEY_LEN];
	struct key_error e;
	char msg[160];

	memset(text, 'A', sizeof(text));
	ASSERT_EQ(-1, key_from_base64(key, text, sizeof(text), &e));
	EXPECT_EQ(KEY_ERR_TOO_LONG, e.status);
	message(&e, msg, sizeof(msg));
	EXPECT_NE(NULL, strstr(msg, "key too long"));
}

/* A failed decode leaves the output alone, and e may be NULL. */
TEST(failure_leaves_key_untouched)
{
	uint8_t key[KEY_LEN], want[KEY_LEN];

	memset(key, 0xaa, sizeof(key));
	memcpy(want, key, sizeof(key));
	EXPECT_EQ(-1, key_from_base64(key, "AAAAAAAAAAAAAAAAAAAAAA==", 24, NULL));
	EXPECT_EQ(-1, key_from_base64(key, "!", 1, NULL));
	EXPECT_EQ(0, memcmp(key, want, KEY_LEN));
}

static int read_text(const char *text, size_t len, uint8_t key[KEY_LEN],
		     struct key_error *e)
{
	FILE *f = fmemopen((void *)text, len, "r");
	int ret;

	if (!f)
		abort();
	ret = key_read(f, key, e);
	fclose(f);
	return ret;
}

TEST(read_stream)
{
	uint8_t key[KEY_LEN], want[KEY_LEN];
	struct key_error e;
	const char *t = BOB_PRIV_B64 "\r\n";

	hex_key(want, bob_priv_hex);
	ASSERT_EQ(0, read_text(t, strlen(t), key, &e));
	EXPECT_EQ(0, memcmp(key, want, KEY_LEN));

	t = "\n";
	ASSERT_EQ(-1, read_text(t, strlen(t), key, &e));
	EXPECT_EQ(KEY_ERR_EMPTY, e.status);

	t = "AAAAAAAAAAAAAAAAAAAAAA==\n";
	ASSERT_EQ(-1, read_text(t, strlen(t), key, &e));
	EXPECT_EQ(KEY_ERR_LENGTH, e.status);
	EXPECT_EQ(16, e.found);
}

TEST(read_empty_file)
{
	uint8_t key[KEY_LEN];
	struct key_error e;
	FILE *f = fopen("/dev/null", "r");

	ASSERT_NE(NULL, f);
	EXPECT_EQ(-1, key_read(f, key, &e));
	EXPECT_EQ(KEY_ERR_EMPTY, e.status);
	fclose(f);
}

/* Exactly KEY_TEXT_MAX bytes is fine, one more is too long. */
TEST(read_size_limit)
{
	char text[KEY_TEXT_MAX + 1];
	uint8_t key[KEY_LEN];
	struct key_error e;

	memset(text, '\n', sizeof(text));
	memcpy(text, ALICE_PRIV_B64, KEY_B64_LEN);
	EXPECT_EQ(0, read_text(text, KEY_TEXT_MAX, key, &e));
	EXPECT_EQ(-1, read_text(text, KEY_TEXT_MAX + 1, key, &e));
	EXPECT_EQ(KEY_ERR_TOO_LONG, e.status);
}

TEST(read_error)
{
	uint8_t key[KEY_LEN];
	struct key_error e;
	char msg[160];
	FILE *f = fopen("/", "r");

	ASSERT_NE(NULL, f);
	EXPECT_EQ(-1, key_read(f, key, &e));
	EXPECT_EQ(KEY_ERR_READ, e.status);
	EXPECT_EQ(EISDIR, e.errnum);
	message(&e, msg, sizeof(msg));
	EXPECT_STREQ("cannot read: Is a directory", msg);
	fclose(f);
}

/* Every message is one line. */
TEST(messages_are_one_line)
{
	enum key_status all[] = { KEY_ERR_EMPTY, KEY_ERR_TOO_LONG,
				  KEY_ERR_CHAR, KEY_ERR_BASE64,
				  KEY_ERR_LENGTH, KEY_ERR_READ };
	struct key_error e = { .found = 3, .ch = '\n', .errnum = EIO };
	char msg[200];
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		e.status = all[i];
		message(&e, msg, sizeof(msg));
		EXPECT_LT(0, (int)strlen(msg));
		EXPECT_EQ(NULL, strchr(msg, '\n'));
	}
}

TEST_HARNESS_MAIN
