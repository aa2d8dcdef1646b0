/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Logging: one line per event on stderr, which journald keeps when the
 * helper runs as a service. Quiet by default: warnings and errors only.
 */
#ifndef NMC_LOG_H
#define NMC_LOG_H

#include "config.h"

void log_set_level(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_err(...)	log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)

#endif /* NMC_LOG_H */
