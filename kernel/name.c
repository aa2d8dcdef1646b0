// SPDX-License-Identifier: GPL-2.0
/*
 * Directory names, as the uapi header defines them: 1 to MLT_NAME_MAX - 1
 * bytes of dot-separated labels, each 1 to 63 bytes of [a-z0-9-], neither
 * starting nor ending with '-'. Only lowercase: names compare bytewise.
 */
#include "name.h"
#include "uapi/linux/minimalt.h"

#define MLT_LABEL_MAX 63

/**
 * mlt_name_check() - validate a directory name
 * @name: the name, not necessarily NUL-terminated
 * @len: its length in bytes, without any terminator
 *
 * Return: NULL if @name is valid, else a short text naming the problem,
 * fit for a netlink extended ack or a log line.
 */
const char *mlt_name_check(const char *name, size_t len)
{
	size_t i, label = 0;

	if (len == 0)
		return "name is empty";
	if (len >= MLT_NAME_MAX)
		return "name is too long";

	for (i = 0; i < len; i++) {
		char c = name[i];

		if (c == '.') {
			if (label == 0)
				return "name has an empty label";
			if (name[i - 1] == '-')
				return "a label ends with '-'";
			label = 0;
			continue;
		}
		if (c == '-') {
			if (label == 0)
				return "a label starts with '-'";
		} else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
			return (c >= 'A' && c <= 'Z') ?
				"name has an uppercase letter" :
				"name has a character other than a-z, 0-9, '-', '.'";
		}
		if (++label > MLT_LABEL_MAX)
			return "a label is longer than 63 bytes";
	}
	if (label == 0)
		return "name has an empty label";
	if (name[len - 1] == '-')
		return "a label ends with '-'";
	return NULL;
}
