/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PROXY protocol, version 2 (HAProxy's proxy-protocol.txt, section
 * 2.2): the header mlt-proxy serve sends its backend before the client's
 * bytes, so that the backend (nginx, HAProxy, ...) learns who connected.
 * Pure: no system calls.
 */
#ifndef MLT_PROXY_PPV2_H
#define MLT_PROXY_PPV2_H

#include <stddef.h>
#include <stdint.h>

/*
 * The TLV of mlt-proxy's own type (in the range 0xE0-0xEF that the
 * specification leaves to applications) that carries the client's
 * ephemeral public key C', 32 bytes: the key the tunnel was opened with.
 */
#define PPV2_TLV_MLT_CLIENT_KEY	0xE0

#define PPV2_HEADER_MAX		(16 + 36 + 3 + 32)

/*
 * Write the header of a proxied TCP connection from @src (16 bytes, IPv6
 * or IPv4-mapped) port @sport to @dst port @dport, with the client key
 * @key (NULL: none), into @out (PPV2_HEADER_MAX bytes). Both addresses
 * IPv4-mapped give an IPv4 header, else an IPv6 one (a v4-mapped address
 * then stays as it is). Returns the header's length.
 */
size_t ppv2_header(uint8_t *out, const uint8_t src[16], uint16_t sport,
		   const uint8_t dst[16], uint16_t dport, const uint8_t *key);

#endif /* MLT_PROXY_PPV2_H */
