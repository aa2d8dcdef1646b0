/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel facilities that the pure protocol files (wire codec, RPC
 * codec, replay window, congestion maths, puzzle) use, so that those files
 * compile unchanged in the kernel and in userspace, where they are
 * unit-tested under ASan/UBSan and fuzzed. Nothing here may need a kernel
 * service: BLAKE2s and crypto_memneq() are plain functions of lib/crypto.
 */
#ifndef _MLT_PURE_H
#define _MLT_PURE_H

#ifdef __KERNEL__

#include <crypto/algapi.h>	/* crypto_memneq(); 6.12 has it in utils.h */
#include <crypto/blake2s.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>
#ifdef MLT_HAVE_LINUX_UNALIGNED	/* 6.12 moved it; see Kbuild */
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#else

/* userspace/kcompat: the same names over the C library. */
#include "pure_user.h"

#endif /* __KERNEL__ */
#endif /* _MLT_PURE_H */
