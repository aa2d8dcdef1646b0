// SPDX-License-Identifier: GPL-2.0
/*
 * Key text encoding and decoding, key generation and public key derivation.
 * See key.h for the accepted format.
 */
#include <errno.h>
#include <string.h>

#include <sodium.h>

#include "key.h"

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

static int is_b64_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
}

static int fail(struct key_error *e, enum key_status status, size_t found,
		unsigned char ch, int errnum)
{
	if (e) {
		e->status = status;
		e->found = found;
		e->ch = ch;
		e->errnum = errnum;
	}
	return -1;
}

void key_to_base64(char out[KEY_B64_LEN + 1], const uint8_t key[KEY_LEN])
{
	sodium_bin2base64(out, KEY_B64_LEN + 1, key, KEY_LEN,
			  sodium_base64_VARIANT_ORIGINAL);
}

int key_from_base64(uint8_t key[KEY_LEN], const char *text, size_t len,
		    struct key_error *e)
{
	/* Room for the longest text's decoding, to report its length. */
	unsigned char bin[KEY_TEXT_MAX / 4 * 3 + 3];
	size_t start = 0, end = len, bin_len = 0, i;
	int ret;

	if (len > KEY_TEXT_MAX)
		return fail(e, KEY_ERR_TOO_LONG, KEY_TEXT_MAX, 0, 0);
	while (start < end && is_space((unsigned char)text[start]))
		start++;
	while (end > start && is_space((unsigned char)text[end - 1]))
		end--;
	if (start == end)
		return fail(e, KEY_ERR_EMPTY, 0, 0, 0);
	for (i = start; i < end; i++) {
		if (!is_b64_char((unsigned char)text[i]))
			return fail(e, KEY_ERR_CHAR, i, (unsigned char)text[i],
				    0);
	}

	/* b64_end NULL: the whole text must be one valid base64 string. */
	ret = sodium_base642bin(bin, sizeof(bin), text + start, end - start,
				NULL, &bin_len, NULL,
				sodium_base64_VARIANT_ORIGINAL);
	if (ret != 0) {
		sodium_memzero(bin, sizeof(bin));
		return fail(e, KEY_ERR_BASE64, end - start, 0, 0);
	}
	if (bin_len != KEY_LEN) {
		sodium_memzero(bin, sizeof(bin));
		return fail(e, KEY_ERR_LENGTH, bin_len, 0, 0);
	}
	memcpy(key, bin, KEY_LEN);
	sodium_memzero(bin, sizeof(bin));
	if (e)
		e->status = KEY_OK;
	return 0;
}

int key_read(FILE *f, uint8_t key[KEY_LEN], struct key_error *e)
{
	/* One byte more than accepted, to tell "too long" from "just fits". */
	char buf[KEY_TEXT_MAX + 1];
	size_t len = 0, n;
	int ret;

	errno = 0;
	for (;;) {
		n = fread(buf + len, 1, sizeof(buf) - len, f);
		len += n;
		if (n == 0 || len == sizeof(buf))
			break;
	}
	if (ferror(f)) {
		int errnum = errno ? errno : EIO;

		sodium_memzero(buf, sizeof(buf));
		return fail(e, KEY_ERR_READ, 0, 0, errnum);
	}
	if (len > KEY_TEXT_MAX) {
		sodium_memzero(buf, sizeof(buf));
		return fail(e, KEY_ERR_TOO_LONG, KEY_TEXT_MAX, 0, 0);
	}
	ret = key_from_base64(key, buf, len, e);
	sodium_memzero(buf, sizeof(buf));
	return ret;
}

void key_strerror(const struct key_error *e, char *buf, size_t len)
{
	switch (e->status) {
	case KEY_OK:
		snprintf(buf, len, "no error");
		break;
	case KEY_ERR_EMPTY:
		snprintf(buf, len,
			 "no key: input is empty, expected a %d-character base64 key",
			 KEY_B64_LEN);
		break;
	case KEY_ERR_TOO_LONG:
		snprintf(buf, len,
			 "key too long: more than %zu bytes, expected a %d-character base64 key",
			 e->found, KEY_B64_LEN);
		break;
	case KEY_ERR_CHAR:
		if (is_space(e->ch))
			snprintf(buf, len,
				 "bad base64: whitespace inside the key at position %zu",
				 e->found + 1);
		else if (e->ch > 0x20 && e->ch < 0x7f)
			snprintf(buf, len,
				 "bad base64: invalid character '%c' at position %zu (RFC 4648 standard alphabet expected)",
				 e->ch, e->found + 1);
		else
			snprintf(buf, len,
				 "bad base64: invalid byte 0x%02x at position %zu (RFC 4648 standard alphabet expected)",
				 e->ch, e->found + 1);
		break;
	case KEY_ERR_BASE64:
		snprintf(buf, len,
			 "bad base64: %zu characters are not valid padded RFC 4648 base64 (a key is %d characters)",
			 e->found, KEY_B64_LEN);
		break;
	case KEY_ERR_LENGTH:
		snprintf(buf, len,
			 "wrong key length: %zu bytes, expected %d", e->found,
			 KEY_LEN);
		break;
	case KEY_ERR_READ:
		snprintf(buf, len, "cannot read: %s", strerror(e->errnum));
		break;
	default:
		snprintf(buf, len, "unknown key error %d", (int)e->status);
		break;
	}
}

void key_generate(uint8_t key[KEY_LEN])
{
	randombytes_buf(key, KEY_LEN);
	key[0] &= 248;
	key[31] = (key[31] & 127) | 64;
}

int key_public(uint8_t pub[KEY_LEN], const uint8_t priv[KEY_LEN])
{
	return crypto_scalarmult_base(pub, priv) == 0 ? 0 : -1;
}
