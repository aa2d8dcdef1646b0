/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One code path for both output forms, in the spirit of iproute2's
 * json_print.h: a printer walks an object once, calling print_*() with a
 * JSON key and a text format for each value, and the mode chosen by
 * print_start() decides what comes out. So `mltctl ... -j` and the plain
 * output cannot drift apart.
 *
 *   PRINT_FP    the value shows in the text form only
 *   PRINT_JSON  in the JSON form only
 *   PRINT_ANY   in both
 *
 * In text mode fmt is a printf format for the one value (NULL: nothing);
 * in JSON mode the value goes under key into the open object, or, with
 * key NULL, at the end of the open array. JSON is built with jansson and
 * written indented by print_end(); integers above INT64_MAX become reals.
 * Allocation failures are remembered and reported by print_end().
 */
#ifndef MLTCTL_PRINT_H
#define MLTCTL_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum print_type {
	PRINT_FP	= 1,
	PRINT_JSON	= 2,
	PRINT_ANY	= PRINT_FP | PRINT_JSON,
};

/* Start an output on f, as JSON if json. */
void print_start(FILE *f, bool json);

/*
 * Finish it: in JSON mode write the document (and a newline). Returns an
 * exit code; cmd names the subcommand in an out-of-memory error.
 */
int print_end(const char *cmd);

bool print_is_json(void);

/* Containers: key NULL at the top or inside an array. Text: nothing. */
void open_json_object(const char *key);
void close_json_object(void);
void open_json_array(const char *key);
void close_json_array(void);

/* Text only, printf-style (labels, newlines, headings). */
void print_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void print_string(enum print_type t, const char *key, const char *fmt,
		  const char *value);
void print_uint(enum print_type t, const char *key, const char *fmt,
		unsigned int value);
void print_u64(enum print_type t, const char *key, const char *fmt,
	       uint64_t value);
/* JSON true or false; the text form prints fmt with "true" or "false". */
void print_bool(enum print_type t, const char *key, const char *fmt,
		bool value);
/* JSON null; the text form prints fmt with text (e.g. "(none)"). */
void print_null(enum print_type t, const char *key, const char *fmt,
		const char *text);

#endif /* MLTCTL_PRINT_H */
