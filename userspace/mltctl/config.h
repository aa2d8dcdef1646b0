/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `mltctl config` without settings: the settings printed through print.h,
 * one per line as "WORD VALUE" (the form that sets them) or as one JSON
 * object (mltctl.8). Split out of the command so that the unit tests can
 * print hand-made settings.
 */
#ifndef MLTCTL_CONFIG_H
#define MLTCTL_CONFIG_H

#include "mltnl.h"

/*
 * Print @c between print_start() and print_end(): in the text form the
 * settings in c->mask, named ones (cc, puzzle) by name (a value this
 * mltctl has no name for by number); in JSON every key, null for a setting
 * the kernel did not report.
 */
void config_print(const struct mltnl_config *c);

#endif /* MLTCTL_CONFIG_H */
