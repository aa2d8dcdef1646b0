/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Directory name validation. Pure: compiles in the kernel and in userspace.
 */
#ifndef _MLT_NAME_H
#define _MLT_NAME_H

#include "pure.h"

const char *mlt_name_check(const char *name, size_t len);

#endif /* _MLT_NAME_H */
