// SPDX-License-Identifier: GPL-2.0
/* Placeholder. */
#include "kselftest_harness.h"
TEST(placeholder)
{
}
TEST_HARNESS_MAIN
