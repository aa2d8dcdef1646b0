// SPDX-License-Identifier: GPL-2.0
/* Placeholder: the tests of issue 11 come here. */
#include "kselftest_harness.h"

TEST_HARNESS_MAIN
