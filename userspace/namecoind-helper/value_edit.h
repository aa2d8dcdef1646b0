/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Editing a d/ name's value text in place (placeholder, filled by the
 * issue 9 work).
 */
#ifndef NMC_VALUE_EDIT_H
#define NMC_VALUE_EDIT_H

#endif /* NMC_VALUE_EDIT_H */
