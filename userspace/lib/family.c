// SPDX-License-Identifier: GPL-2.0
/*
 * The number AF_MINIMALT has in the running kernel: a module parameter
 * chooses it at load time (the uapi header's AF_MINIMALT is the default)
 * and /sys/module/minimalt/parameters/family says which.
 */
#include <stdio.h>
#include <sys/socket.h>

#include <linux/minimalt.h>

#include "mltnl.h"

int mltnl_af(void)
{
	FILE *f = fopen("/sys/module/minimalt/parameters/family", "re");
	int family = AF_MINIMALT;

	if (f) {
		if (fscanf(f, "%d", &family) != 1 || family <= 0)
			family = AF_MINIMALT;
		fclose(f);
	}
	return family;
}
