// SPDX-License-Identifier: GPL-2.0
/*
 * The PROXY protocol v2 header: see ppv2.h.
 */
#include <string.h>

#include "ppv2.h"

static const uint8_t sig[12] = { 0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d,
				 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a };

static int v4_mapped(const uint8_t a[16])
{
	static const uint8_t prefix[12] = { [10] = 0xff, [11] = 0xff };

	return !memcmp(a, prefix, sizeof(prefix));
}

static uint8_t *put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
	return p + 2;
}

size_t ppv2_header(uint8_t *out, const uint8_t src[16], uint16_t sport,
		   const uint8_t dst[16], uint16_t dport, const uint8_t *key)
{
	int v4 = v4_mapped(src) && v4_mapped(dst);
	size_t alen = v4 ? 12 : 36, tlv = key ? 3 + 32 : 0;
	uint8_t *p = out;

	memcpy(p, sig, sizeof(sig));
	p += sizeof(sig);
	*p++ = 0x21;			/* version 2, PROXY */
	*p++ = v4 ? 0x11 : 0x21;	/* TCP over IPv4 or IPv6 */
	p = put16(p, (uint16_t)(alen + tlv));
	if (v4) {
		memcpy(p, src + 12, 4);
		memcpy(p + 4, dst + 12, 4);
		p += 8;
	} else {
		memcpy(p, src, 16);
		memcpy(p + 16, dst, 16);
		p += 32;
	}
	p = put16(p, sport);
	p = put16(p, dport);
	if (key) {
		*p++ = PPV2_TLV_MLT_CLIENT_KEY;
		p = put16(p, 32);
		memcpy(p, key, 32);
		p += 32;
	}
	return (size_t)(p - out);
}
