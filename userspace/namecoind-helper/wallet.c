// SPDX-License-Identifier: GPL-2.0
/*
 * The wallet's calls; see wallet.h.
 */
#include "wallet.h"
