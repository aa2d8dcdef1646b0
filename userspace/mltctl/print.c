// SPDX-License-Identifier: GPL-2.0
/*
 * Text and JSON output through one code path; see print.h.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include <jansson.h>

#include "mltctl.h"
#include "print.h"

/* Deepest nesting any printer uses, with room to spare. */
#define DEPTH_MAX	8

static struct {
	FILE *f;
	bool json;
	bool oom;		/* a JSON allocation failed */
	json_t *root;
	json_t *stack[DEPTH_MAX];
	int depth;
} out;

void print_start(FILE *f, bool json)
{
	json_decref(out.root);
	out.f = f;
	out.json = json;
	out.oom = false;
	out.root = NULL;
	out.depth = 0;
}

bool print_is_json(void)
{
	return out.json;
}

/* Put v (a new reference) under key, or at the end of the open array. */
static void add(const char *key, json_t *v)
{
	json_t *parent = out.depth ? out.stack[out.depth - 1] : NULL;
	int ret;

	if (!v) {
		out.oom = true;
		return;
	}
	if (!parent) {
		/* A lone value at the top: it is the document. */
		if (out.root)
			json_decref(out.root);
		out.root = v;
		return;
	}
	if (json_is_array(parent))
		ret = json_array_append_new(parent, v);
	else
		ret = key ? json_object_set_new(parent, key, v) : -1;
	if (ret)
		out.oom = true;
}

static void open_container(const char *key, json_t *c)
{
	if (!out.json)
		return;
	if (!c || out.depth == DEPTH_MAX) {
		json_decref(c);
		out.oom = true;
		return;
	}
	json_incref(c);		/* one for the parent, one for the stack */
	add(key, c);
	out.stack[out.depth++] = c;
}

static void close_container(void)
{
	if (!out.json || !out.depth)
		return;
	json_decref(out.stack[--out.depth]);
}

void open_json_object(const char *key)
{
	if (out.json)
		open_container(key, json_object());
}

void open_json_array(const char *key)
{
	if (out.json)
		open_container(key, json_array());
}

void close_json_object(void)
{
	close_container();
}

void close_json_array(void)
{
	close_container();
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (out.json)
		return;
	va_start(ap, fmt);
	vfprintf(out.f, fmt, ap);
	va_end(ap);
}

/* Whether t says to print in the current mode; text mode needs a fmt. */
static bool wanted(enum print_type t, const char *fmt)
{
	return out.json ? (t & PRINT_JSON) : ((t & PRINT_FP) && fmt);
}

void print_string(enum print_type t, const char *key, const char *fmt,
		  const char *value)
{
	if (!wanted(t, fmt))
		return;
	if (out.json)
		add(key, value ? json_string(value) : json_null());
	else
		fprintf(out.f, fmt, value);
}

void print_uint(enum print_type t, const char *key, const char *fmt,
		unsigned int value)
{
	if (!wanted(t, fmt))
		return;
	if (out.json)
		add(key, json_integer((json_int_t)value));
	else
		fprintf(out.f, fmt, value);
}

void print_u64(enum print_type t, const char *key, const char *fmt,
	       uint64_t value)
{
	_Static_assert(sizeof(json_int_t) == sizeof(int64_t),
		       "json_int_t is not 64-bit");
	if (!wanted(t, fmt))
		return;
	if (!out.json)
		fprintf(out.f, fmt, value);
	else if (value > (uint64_t)INT64_MAX)
		add(key, json_real((double)value));	/* beyond jansson */
	else
		add(key, json_integer((json_int_t)value));
}

void print_bool(enum print_type t, const char *key, const char *fmt,
		bool value)
{
	if (!wanted(t, fmt))
		return;
	if (out.json)
		add(key, json_boolean(value));
	else
		fprintf(out.f, fmt, value ? "true" : "false");
}

void print_null(enum print_type t, const char *key, const char *fmt,
		const char *text)
{
	if (!wanted(t, fmt))
		return;
	if (out.json)
		add(key, json_null());
	else
		fprintf(out.f, fmt, text);
}

int print_end(const char *cmd)
{
	int ret = MLTCTL_EXIT_OK;

	while (out.depth)
		close_container();
	if (out.json && out.oom) {
		err_msg("%s: out of memory building JSON", cmd);
		ret = MLTCTL_EXIT_USAGE;
	} else if (out.json && out.root) {
		/* A write error shows in ferror(), which main() reports. */
		if (json_dumpf(out.root, out.f,
			       JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0)
			fputc('\n', out.f);
	}
	json_decref(out.root);
	out.root = NULL;
	return ret;
}
