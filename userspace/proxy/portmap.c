// SPDX-License-Identifier: GPL-2.0
/*
 * The port-to-service map: see portmap.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "name.h"
#include "portmap.h"

/* A number from 1 to 65535, the whole token. */
static int parse_u16(const char *s, uint16_t *out)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || v < 1 || v > 65535)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

static int parse_line(struct portmap *m, char *line, unsigned int no,
		      char *err, size_t errlen)
{
	char *tok[4], *save = NULL, *p;
	struct portmap_rule *r;
	unsigned int n = 0;

	p = strchr(line, '#');
	if (p)
		*p = '\0';
	for (p = strtok_r(line, " \t\r", &save); p && n < 4;
	     p = strtok_r(NULL, " \t\r", &save))
		tok[n++] = p;
	if (!n)
		return 0;
	if (n != 3) {
		snprintf(err, errlen, "line %u: expected NAME PORT SERVICE",
			 no);
		return -1;
	}
	if (m->n == PORTMAP_RULES_MAX) {
		snprintf(err, errlen, "line %u: more than %d rules", no,
			 PORTMAP_RULES_MAX);
		return -1;
	}
	r = &m->rules[m->n];
	if (strcmp(tok[0], "*")) {
		if (mlt_name_check(tok[0], strlen(tok[0]))) {
			snprintf(err, errlen, "line %u: name: \"%.40s\" is no directory name (%s)",
				 no, tok[0],
				 mlt_name_check(tok[0], strlen(tok[0])));
			return -1;
		}
		snprintf(r->name, sizeof(r->name), "%s", tok[0]);
	} else {
		r->name[0] = '\0';
	}
	if (parse_u16(tok[1], &r->port)) {
		snprintf(err, errlen, "line %u: port: \"%.20s\" is not a number from 1 to 65535",
			 no, tok[1]);
		return -1;
	}
	if (parse_u16(tok[2], &r->service)) {
		snprintf(err, errlen, "line %u: service: \"%.20s\" is not a number from 1 to 65535",
			 no, tok[2]);
		return -1;
	}
	m->n++;
	return 0;
}

int portmap_parse(struct portmap *m, const char *text, char *err,
		  size_t errlen)
{
	char *copy = strdup(text), *line, *next;
	unsigned int no = 0;
	int ret = 0;

	m->n = 0;
	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (line = copy; line && !ret; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		ret = parse_line(m, line, ++no, err, errlen);
	}
	free(copy);
	if (ret)
		m->n = 0;
	return ret;
}

uint16_t portmap_service(const struct portmap *m, const char *name,
			 uint16_t port)
{
	uint16_t any = port;
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (m->rules[i].port != port)
			continue;
		if (!m->rules[i].name[0])
			any = m->rules[i].service;
		else if (!strcmp(m->rules[i].name, name))
			return m->rules[i].service;
	}
	return any;
}
