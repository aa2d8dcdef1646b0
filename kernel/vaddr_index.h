/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual addresses (the uapi header's MLT_VADDR*): which index an address
 * stands for. Pure: the kernel's vaddr.c and the userspace programs that
 * must recognise the ranges (the NSS module, mlt-proxy, the preload
 * library) share it.
 */
#ifndef _MLT_VADDR_INDEX_H
#define _MLT_VADDR_INDEX_H

#include "pure.h"

/*
 * The index, 1 to MLT_VADDR_INDEX_MAX, that an IPv4 address (4 bytes,
 * network order) or an IPv6 one (16 bytes) stands for; 0 if the address
 * is none of the ranges' or stands for no index.
 */
u32 mlt_vaddr_index4(const u8 *addr);
u32 mlt_vaddr_index6(const u8 *addr);

#endif /* _MLT_VADDR_INDEX_H */
