// SPDX-License-Identifier: GPL-2.0
/* Placeholder: a hostile peer's tests (issue 11) come here. */
#include "kselftest_harness.h"

TEST_HARNESS_MAIN
