// SPDX-License-Identifier: GPL-2.0
/*
 * fake-namecoind's name/value encodings, as names/encoding.cpp: ascii,
 * utf8 and hex; a name or value to JSON in an encoding (or its _error),
 * names in messages, and a string decoded from an encoding to bytes.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake.h"

const char *const enc_names[] = { "ascii", "utf8", "hex" };

static bool valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0, k, more;
	uint32_t c;

	while (i < n) {
		c = s[i++];
		if (c < 0x80)
			continue;
		if (c >= 0xc2 && c <= 0xdf)
			more = 1, c &= 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			more = 2, c &= 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			more = 3, c &= 0x07;
		else
			return false;
		if (n - i < more)
			return false;
		for (k = 0; k < more; k++) {
			if ((s[i] & 0xc0) != 0x80)
				return false;
			c = (c << 6) | (s[i++] & 0x3f);
		}
		if ((more == 2 && c < 0x800) || (more == 3 && c < 0x10000) ||
		    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return false;
	}
	return true;
}

/* IsStringValid's ASCII: every byte in 0x20..0x7f (DEL included). */
static bool valid_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

static void to_hex(char *out, const char *s, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[(unsigned char)s[i] >> 4];
		out[2 * i + 1] = hx[(unsigned char)s[i] & 15];
	}
	out[2 * n] = 0;
}

/* EncodeName: the JSON string of bytes in enc; NULL if enc cannot. */
static json_t *encode(const char *s, size_t n, enum enc enc)
{
	json_t *j;
	char *h;

	switch (enc) {
	case ENC_ASCII:
		if (!valid_ascii(s, n))
			return NULL;
		return xjson(json_stringn(s, n));
	case ENC_UTF8:
		if (!valid_utf8((const unsigned char *)s, n))
			return NULL;
		return xjson(json_stringn(s, n));
	default:
		h = xmalloc(2 * n + 1);
		to_hex(h, s, n);
		j = xjson(json_stringn(h, 2 * n));
		free(h);
		return j;
	}
}

/* EncodeNameForMessage: 'NAME' when it is ASCII, else 0x and hex. */
void name_for_message(char *out, size_t outlen, const char *s,
		      size_t n)
{
	char *h;

	if (valid_ascii(s, n)) {
		snprintf(out, outlen, "'%.*s'", (int)n, s);
		return;
	}
	h = xmalloc(2 * n + 1);
	to_hex(h, s, n);
	snprintf(out, outlen, "0x%s", h);
	free(h);
}

/* AddEncodedNameToUniv: KEY or KEY_error, then KEY_encoding. */
void add_encoded(json_t *obj, const char *key, const char *s,
		 size_t n, enum enc enc)
{
	json_t *v = encode(s, n, enc);
	char k[32];

	if (v) {
		json_object_set_new(obj, key, v);
	} else {
		snprintf(k, sizeof(k), "%s_error", key);
		json_object_set_new(obj, k, xjson(json_sprintf(
			"invalid data for %s", enc_names[enc])));
	}
	snprintf(k, sizeof(k), "%s_encoding", key);
	json_object_set_new(obj, k, xjson(json_string(enc_names[enc])));
}

int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* IsHex: even length, not empty, only hex digits. */
bool is_hex(const char *s, size_t n)
{
	size_t i;

	if (!n || n % 2)
		return false;
	for (i = 0; i < n; i++)
		if (hexval(s[i]) < 0)
			return false;
	return true;
}

char *parse_hex(const char *s, size_t n, size_t *outlen)
{
	char *out = xmalloc(n / 2 + 1);
	size_t i;

	for (i = 0; i < n / 2; i++)
		out[i] = (char)(hexval(s[2 * i]) << 4 | hexval(s[2 * i + 1]));
	out[n / 2] = 0;
	*outlen = n / 2;
	return out;
}

/* DecodeName: bytes from a string in enc, malloc'd; false if invalid. */
bool decode(const char *s, size_t n, enum enc enc, char **out,
	    size_t *outlen)
{
	if (enc == ENC_ASCII && !valid_ascii(s, n))
		return false;
	if (enc == ENC_UTF8 && !valid_utf8((const unsigned char *)s, n))
		return false;
	if (enc == ENC_HEX && n && !is_hex(s, n))
		return false;
	if (enc == ENC_HEX) {
		*out = parse_hex(s, n, outlen);
		return true;
	}
	*out = xmemdup(s, n);
	*outlen = n;
	return true;
}
