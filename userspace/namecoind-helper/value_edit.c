// SPDX-License-Identifier: GPL-2.0
/*
 * Editing a d/ value's text; see value_edit.h.
 *
 * jansson validates the value first, so the scanner below walks text that
 * is known to be one valid JSON object; it still checks every bound, and
 * the edited text is parsed again and compared with the old value item by
 * item before it is returned.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "value_edit.h"

#define B64_LEN sodium_base64_ENCODED_LEN(VALUE_KEY_LEN, \
					  sodium_base64_VARIANT_ORIGINAL)

int value_minimalt(char *out, size_t outlen, uint16_t port,
		   const uint8_t id_key[VALUE_KEY_LEN],
		   const uint8_t eph_key[VALUE_KEY_LEN], const char *ip,
		   char *err, size_t errlen)
{
	char id64[B64_LEN], eph64[B64_LEN], ipitem[96] = "";
	int n;

	sodium_bin2base64(id64, sizeof(id64), id_key, VALUE_KEY_LEN,
			  sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(eph64, sizeof(eph64), eph_key, VALUE_KEY_LEN,
			  sodium_base64_VARIANT_ORIGINAL);
	/* publish-ip is an address literal (config.c): nothing to escape. */
	if (ip && ip[0] && (strpbrk(ip, "\"\\") || strlen(ip) > 63)) {
		snprintf(err, errlen, "publish-ip: not an address literal");
		return -1;
	}
	if (ip && ip[0])
		snprintf(ipitem, sizeof(ipitem), ",\"%s\":\"%s\"",
			 strchr(ip, ':') ? "ip6" : "ip", ip);
	n = snprintf(out, outlen,
		     "{\"port\":%u,\"id_key\":\"%s\",\"eph_key\":\"%s\"%s}",
		     (unsigned int)port, id64, eph64, ipitem);
	if (n < 0 || (size_t)n >= outlen) {
		snprintf(err, errlen, "minimalT: does not fit in %zu bytes",
			 outlen);
		return -1;
	}
	return 0;
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t skip_ws(const char *s, size_t i, size_t n)
{
	while (i < n && is_ws(s[i]))
		i++;
	return i;
}

/* @i at a '"': the index after the closing quote, or n. */
static size_t skip_string(const char *s, size_t i, size_t n)
{
	for (i++; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return n;
}

/* @i at a value's first byte: the index after its last, or n. */
static size_t skip_value(const char *s, size_t i, size_t n)
{
	size_t depth = 0;

	if (i >= n)
		return n;
	if (s[i] != '{' && s[i] != '[' && s[i] != '"') {
		while (i < n && !is_ws(s[i]) && s[i] != ',' && s[i] != '}' &&
		       s[i] != ']')
			i++;
		return i;
	}
	while (i < n) {
		if (s[i] == '"') {
			i = skip_string(s, i, n);
			if (!depth)
				return i;
			continue;
		}
		if (s[i] == '{' || s[i] == '[')
			depth++;
		else if (s[i] == '}' || s[i] == ']')
			if (--depth == 0)
				return i + 1;
		i++;
	}
	return n;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The character a one-letter escape \@c stands for. */
static int unescape(char c)
{
	static const char from[] = "bfnrt", to[] = "\b\f\n\r\t";
	const char *p = strchr(from, c);

	return p && c ? to[p - from] : (unsigned char)c;
}

/* The code unit of the \uXXXX escape at s[i] ('u'), or -1. */
static int unicode_escape(const char *s, size_t i, size_t b)
{
	int c = 0, j, h;

	if (i + 5 >= b)
		return -1;
	for (j = 1; j <= 4; j++) {
		h = hexval(s[i + j]);
		if (h < 0)
			return -1;
		c = c * 16 + h;
	}
	return c;
}

/*
 * Is the string s[a..b) (quotes included) @key once its escapes are
 * decoded? @key is ASCII, so an escape that decodes beyond ASCII (or a
 * surrogate) never matches.
 */
static bool key_is(const char *s, size_t a, size_t b, const char *key)
{
	size_t i, k = 0, klen = strlen(key);
	int c;

	for (i = a + 1; i + 1 < b; i++) {
		c = (unsigned char)s[i];
		if (c == '\\') {
			if (++i + 1 >= b)
				return false;
			if (s[i] == 'u') {
				c = unicode_escape(s, i, b);
				i += 4;
			} else {
				c = unescape(s[i]);
			}
		}
		if (k >= klen || c < 0 || c > 0x7f ||
		    c != (unsigned char)key[k])
			return false;
		k++;
	}
	return k == klen;
}

/* Where @key's value is (*vs, *ve), or where to add it (*vs = *ve). */
struct spot {
	size_t vs, ve;
	bool found, empty;	/* empty: "{}" (no comma before an add) */
};

static void find_item(const char *s, size_t n, const char *key,
		      struct spot *sp)
{
	size_t i = skip_ws(s, 0, n), ks, ke, vs, ve;

	memset(sp, 0, sizeof(*sp));
	i = skip_ws(s, i + 1, n);		/* after '{' */
	sp->vs = i;
	sp->ve = i;
	sp->empty = i < n && s[i] == '}';
	if (sp->empty)
		return;
	while (i < n && s[i] == '"') {
		ks = i;
		ke = skip_string(s, i, n);
		i = skip_ws(s, ke, n);
		if (i >= n || s[i] != ':')
			return;
		vs = skip_ws(s, i + 1, n);
		ve = skip_value(s, vs, n);
		/* Add after the last item, unless this is the one. */
		sp->vs = ve;
		sp->ve = ve;
		if (key_is(s, ks, ke, key)) {
			sp->vs = vs;
			sp->found = true;
			return;
		}
		i = skip_ws(s, ve, n);
		if (i >= n || s[i] != ',')
			return;
		i = skip_ws(s, i + 1, n);
	}
}

static json_t *load_object(const char *s, size_t n, const char *what,
			   char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *j;

	/* jansson reads a NUL byte between tokens as a blank: not JSON. */
	if (memchr(s, '\0', n)) {
		j = NULL;
		snprintf(jerr.text, sizeof(jerr.text), "a NUL byte");
	} else {
		j = json_loadb(s, n, JSON_REJECT_DUPLICATES, &jerr);
	}
	if (!json_is_object(j)) {
		snprintf(err, errlen, "%s: not a JSON object%s%.80s", what,
			 j ? "" : ": ", j ? "" : jerr.text);
		json_decref(j);
		return NULL;
	}
	return j;
}

int value_edit_same(const char *value, size_t len, const char *key,
		    const char *item, char *err, size_t errlen)
{
	json_t *old, *want;
	int same;

	if (!len)
		return 0;
	old = load_object(value, len, "value", err, errlen);
	if (!old)
		return -1;
	want = json_loads(item, 0, NULL);
	same = want && json_equal(json_object_get(old, key), want);
	json_decref(want);
	json_decref(old);
	return same;
}

/* Does @new hold @old's items unchanged and @item as @key, nothing else? */
static bool edit_ok(json_t *old, const char *new, size_t n, const char *key,
		    json_t *item)
{
	json_t *j = json_loadb(new, n, JSON_REJECT_DUPLICATES, NULL);
	const char *k;
	json_t *v;
	bool ok = json_is_object(j) &&
		  json_equal(json_object_get(j, key), item) &&
		  json_object_size(j) == json_object_size(old) +
		  !json_object_get(old, key);

	json_object_foreach(old, k, v)
		if (ok && strcmp(k, key))
			ok = json_equal(json_object_get(j, k), v);
	json_decref(j);
	return ok;
}

static char *splice(const char *s, size_t n, const char *key,
		    const char *item, const struct spot *sp, size_t *outlen)
{
	size_t ilen = strlen(item), klen = strlen(key);
	size_t cap = n + ilen + klen + 8, o = 0;
	char *out = malloc(cap);

	if (!out)
		return NULL;
	memcpy(out, s, sp->vs);
	o = sp->vs;
	if (!sp->found)
		o += snprintf(out + o, cap - o, "%s\"%s\":", sp->empty ? "" :
			      ",", key);
	memcpy(out + o, item, ilen);
	o += ilen;
	memcpy(out + o, s + sp->ve, n - sp->ve);
	o += n - sp->ve;
	out[o] = '\0';
	*outlen = o;
	return out;
}

char *value_edit_set(const char *value, size_t len, const char *key,
		     const char *item, size_t *outlen, char *err,
		     size_t errlen)
{
	json_t *old, *it;
	struct spot sp;
	char *out = NULL;

	if (!len) {
		value = "{}";
		len = 2;
	}
	old = load_object(value, len, "value", err, errlen);
	if (!old) {
		snprintf(err, errlen,
			 "value: the name's value is not a JSON object; not overwriting it");
		return NULL;
	}
	it = load_object(item, strlen(item), key, err, errlen);
	if (!it)
		goto out;
	find_item(value, len, key, &sp);
	out = splice(value, len, key, item, &sp, outlen);
	if (!out) {
		snprintf(err, errlen, "value: out of memory");
		goto out;
	}
	if (!edit_ok(old, out, *outlen, key, it)) {
		snprintf(err, errlen,
			 "value: the edited value does not keep the old items; not publishing it");
		goto fail;
	}
	if (*outlen > RECORD_WALLET_MAX) {
		snprintf(err, errlen,
			 "value: %zu bytes with %s, more than the %d a wallet may publish",
			 *outlen, key, RECORD_WALLET_MAX);
		goto fail;
	}
	goto out;
fail:
	free(out);
	out = NULL;
out:
	json_decref(it);
	json_decref(old);
	return out;
}
