/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Editing a d/ name's value as text: the publisher replaces (or adds) one
 * top-level item, "minimalT", and keeps every other byte of the value as
 * the owner wrote it: non-ASCII text, numbers such as 0.1 (which a JSON
 * library would rewrite as 0.10000000000000001), key order, whitespace.
 * The value is validated with jansson first (an object, valid UTF-8, no
 * duplicate keys) and the result checked against it after the edit.
 * Pure, no I/O: unit-tested on the host.
 */
#ifndef NMC_VALUE_EDIT_H
#define NMC_VALUE_EDIT_H

#include <stddef.h>
#include <stdint.h>

/*
 * The most a wallet puts in a name's value: namecoind's name_update
 * refuses more (MAX_VALUE_LENGTH_UI; the chain itself allows 1023).
 */
#define RECORD_WALLET_MAX	520
#define VALUE_KEY_LEN		32	/* a minimalT key, in bytes */

/*
 * The text of this host's minimalT object, compact JSON:
 * {"port":P,"id_key":"B64","eph_key":"B64"} with "ip" (or "ip6" for an
 * IPv6 literal) added when @ip is neither NULL nor "". Returns 0, or -1
 * with err when it does not fit in out (outlen bytes).
 */
int value_minimalt(char *out, size_t outlen, uint16_t port,
		   const uint8_t id_key[VALUE_KEY_LEN],
		   const uint8_t eph_key[VALUE_KEY_LEN], const char *ip,
		   char *err, size_t errlen);

/*
 * Does @value (len bytes) already carry @item (a JSON object's text) as
 * its top-level @key item? Compared as JSON (member order and whitespace
 * do not matter; an extra or missing member does). Returns 1 if so, 0 if
 * not (or no such item), -1 with err if @value is not a JSON object
 * (len 0 is the empty value: 0).
 */
int value_edit_same(const char *value, size_t len, const char *key,
		    const char *item, char *err, size_t errlen);

/*
 * @value (len bytes; 0 for an empty value) with the text of its top-level
 * @key item's value replaced by @item, or, without one, ",@key:@item"
 * added after its last item. Every other byte is kept. @key is plain
 * ASCII (written as is between quotes); a key spelt with escapes
 * ("minimal\u0054") is the same key and is replaced. Returns the new
 * text, malloc'd and NUL-terminated, its length in *outlen; or NULL with
 * err (one line) when @value is not a JSON object (not overwritten), the
 * item is not an object, or the result is longer than RECORD_WALLET_MAX.
 */
char *value_edit_set(const char *value, size_t len, const char *key,
		     const char *item, size_t *outlen, char *err,
		     size_t errlen);

#endif /* NMC_VALUE_EDIT_H */
