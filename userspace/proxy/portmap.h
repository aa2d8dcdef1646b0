/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which MinimaLT service a TCP port of a virtual address leads to. The
 * rule: service = port, unless the map file says otherwise for the port,
 * for every name ("*") or for one name, the most specific line winning.
 * Pure: parsing and lookup, no files.
 *
 * The file, one rule a line, '#' to the end of a line a comment:
 *     NAME|*  PORT  SERVICE
 * e.g. "* 443 80" (every name's port 443 is its service 80) or
 * "git.demo.bit 22 2222".
 */
#ifndef MLT_PROXY_PORTMAP_H
#define MLT_PROXY_PORTMAP_H

#include <stddef.h>
#include <stdint.h>

#include <linux/minimalt.h>

#define PORTMAP_RULES_MAX	1024

struct portmap_rule {
	char name[MLT_NAME_MAX];	/* "" for every name */
	uint16_t port;
	uint16_t service;
};

struct portmap {
	struct portmap_rule rules[PORTMAP_RULES_MAX];
	size_t n;
};

/*
 * Parse @text into @m. Returns 0, or -1 with @err (one line naming the
 * line number and the field) filled in.
 */
int portmap_parse(struct portmap *m, const char *text, char *err,
		  size_t errlen);

/* The service for @name's TCP port @port. */
uint16_t portmap_service(const struct portmap *m, const char *name,
			 uint16_t port);

#endif /* MLT_PROXY_PORTMAP_H */
