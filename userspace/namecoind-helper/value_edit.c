// SPDX-License-Identifier: GPL-2.0
/*
 * Editing a d/ value's text; see value_edit.h.
 */
#include "value_edit.h"
