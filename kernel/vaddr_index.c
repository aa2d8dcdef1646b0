// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual addresses to their index: 127.77.0.0/16 holds index i as
 * 127.77.0.0 + i, fd6d:6c74:4d00::/64 as fd6d:6c74:4d00::i, for i from 1
 * to MLT_VADDR_INDEX_MAX (Documentation/programs.rst).
 */
#include "vaddr_index.h"
#include "uapi/linux/minimalt.h"

u32 mlt_vaddr_index4(const u8 *addr)
{
	u32 a = get_unaligned_be32(addr);
	u32 host = a & ((1U << (32 - MLT_VADDR4_PREFIX_LEN)) - 1);

	if ((a ^ MLT_VADDR4_NET) >> (32 - MLT_VADDR4_PREFIX_LEN))
		return 0;
	return host <= MLT_VADDR_INDEX_MAX ? host : 0;
}

u32 mlt_vaddr_index6(const u8 *addr)
{
	u32 i = get_unaligned_be16(addr + 14);
	int k;

	if (get_unaligned_be64(addr) != MLT_VADDR6_NET)
		return 0;
	for (k = 8; k < 14; k++)
		if (addr[k])
			return 0;
	return i <= MLT_VADDR_INDEX_MAX ? i : 0;
}
