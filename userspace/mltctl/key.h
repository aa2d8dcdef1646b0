/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Curve25519 keys as text: RFC 4648 standard base64 with padding, exactly
 * 44 characters for 32 bytes, the form `wg` uses.
 *
 * Accepted text: optional leading and trailing whitespace (space, tab, CR,
 * LF, VT, FF) around exactly one key; nothing else. Whitespace inside the
 * key, a second key, URL-safe characters, missing or extra padding and
 * non-canonical encodings (nonzero unused bits) are rejected.
 *
 * Nothing here talks to the kernel: this is the part the unit tests cover.
 */
#ifndef MLTCTL_KEY_H
#define MLTCTL_KEY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/minimalt.h>

#define KEY_LEN		MLT_KEY_LEN	/* bytes */
#define KEY_B64_LEN	44		/* characters, without the NUL */
#define KEY_TEXT_MAX	1024		/* longest text accepted, in bytes */

enum key_status {
	KEY_OK = 0,
	KEY_ERR_EMPTY,		/* nothing but whitespace */
	KEY_ERR_TOO_LONG,	/* more than KEY_TEXT_MAX bytes */
	KEY_ERR_CHAR,		/* a byte outside the base64 alphabet */
	KEY_ERR_BASE64,		/* alphabet fine, but not valid padded base64 */
	KEY_ERR_LENGTH,		/* valid base64 of other than KEY_LEN bytes */
	KEY_ERR_READ,		/* the input could not be read */
};

struct key_error {
	enum key_status status;
	/*
	 * TOO_LONG: KEY_TEXT_MAX; CHAR: offset of the byte in the text
	 * (0-based); BASE64: characters without surrounding whitespace;
	 * LENGTH: decoded bytes.
	 */
	size_t found;
	unsigned char ch;	/* CHAR: the offending byte */
	int errnum;		/* READ: errno */
};

/* Encode a key: out gets KEY_B64_LEN characters and a NUL. */
void key_to_base64(char out[KEY_B64_LEN + 1], const uint8_t key[KEY_LEN]);

/*
 * Decode len bytes of text (need not be NUL-terminated). Returns 0, or -1
 * with *e filled in (e may be NULL). key is written only on success; the
 * function's scratch copies of the key are wiped either way.
 */
int key_from_base64(uint8_t key[KEY_LEN], const char *text, size_t len,
		    struct key_error *e);

/* Read all of f (at most KEY_TEXT_MAX bytes) and decode it as above. */
int key_read(FILE *f, uint8_t key[KEY_LEN], struct key_error *e);

/* Format e as one line without a newline, e.g. "bad base64: ...". */
void key_strerror(const struct key_error *e, char *buf, size_t len);

/* A new random private key, clamped as curve25519 clamps it. */
void key_generate(uint8_t key[KEY_LEN]);

/*
 * The public key of a private key (crypto_scalarmult_base, which clamps):
 * the same derivation the kernel does. Returns 0, or -1 on failure.
 */
int key_public(uint8_t pub[KEY_LEN], const uint8_t priv[KEY_LEN]);

#endif /* MLTCTL_KEY_H */
