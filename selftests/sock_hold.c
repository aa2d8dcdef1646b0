// SPDX-License-Identifier: GPL-2.0
/*
 * Helper for mlt_module.sh: create an AF_MINIMALT socket and exit, or hold it
 * open until killed.
 *
 * Usage: sock_hold [-f FAMILY] [-H]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util.h"

int main(int argc, char **argv)
{
	int family = AF_MINIMALT, hold = 0, opt, fd;

	while ((opt = getopt(argc, argv, "f:H")) != -1) {
		switch (opt) {
		case 'f':
			family = atoi(optarg);
			break;
		case 'H':
			hold = 1;
			break;
		default:
			fprintf(stderr, "usage: sock_hold [-f FAMILY] [-H]\n");
			return 2;
		}
	}

	fd = socket(family, SOCK_STREAM, 0);
	if (fd < 0) {
		fprintf(stderr, "sock_hold: socket(%d): %s\n", family,
			strerror(errno));
		return 1;
	}
	if (hold) {
		printf("holding\n");
		fflush(stdout);
		pause();
	}
	close(fd);
	return 0;
}
