/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The node's wallet as the publisher uses it (placeholder, filled by the
 * issue 9 work).
 */
#ifndef NMC_WALLET_H
#define NMC_WALLET_H

#endif /* NMC_WALLET_H */
