// SPDX-License-Identifier: GPL-2.0
/*
 * mltctl dir show|resolve: printing directory entries, one code path for
 * the text and the JSON form (print.h).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "dir.h"
#include "key.h"
#include "print.h"

static void addr_text(const struct mltnl_addr *a, char buf[INET6_ADDRSTRLEN])
{
	if (!inet_ntop(a->len == 4 ? AF_INET : AF_INET6, a->bytes, buf,
		       INET6_ADDRSTRLEN))
		snprintf(buf, INET6_ADDRSTRLEN, "?");
}

/* A negative entry: the reason's name in JSON, what it means in text. */
static void negative_print(const struct mltnl_dir_entry *d)
{
	const char *name = mltnl_dir_error_name(d->error);

	print_string(PRINT_JSON, "error", NULL, name ? name : "unknown");
	print_string(PRINT_FP, NULL, "  negative: %s\n",
		     mltnl_dir_error_text(d->error));
}

static void entry_print(const struct mltnl_dir_entry *d)
{
	char addr[INET6_ADDRSTRLEN], b64[KEY_B64_LEN + 1];
	unsigned int j;

	open_json_object(NULL);
	print_string(PRINT_ANY, "name", "name: %s\n", d->name);
	if (d->error) {
		negative_print(d);
		print_uint(PRINT_ANY, "expires_in", "  expires in %us\n",
			   d->lifetime);
		close_json_object();
		return;
	}
	print_text("  addresses:");
	open_json_array("addresses");
	for (j = 0; j < d->n_addrs; j++) {
		addr_text(&d->addrs[j], addr);
		print_string(PRINT_ANY, NULL, j ? ", %s" : " %s", addr);
	}
	close_json_array();
	print_uint(PRINT_ANY, "port", "\n  port: %u\n", d->port);
	key_to_base64(b64, d->identity);
	print_string(PRINT_ANY, "identity", "  identity: %s\n", b64);
	print_text("  eph keys:");
	open_json_array("eph_keys");
	for (j = 0; j < d->n_eph; j++) {
		key_to_base64(b64, d->eph[j]);
		print_string(PRINT_ANY, NULL, j ? ", %s" : " %s", b64);
	}
	close_json_array();
	print_uint(PRINT_ANY, "expires_in", "\n  expires in %us\n",
		   d->lifetime);
	close_json_object();
}

void dir_print(const struct mltnl_dir_entry *d, size_t n)
{
	size_t i;

	open_json_array(NULL);
	for (i = 0; i < n; i++) {
		if (i)
			print_text("\n");
		entry_print(&d[i]);
	}
	close_json_array();
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct mltnl_dir_entry *)a)->name,
		      ((const struct mltnl_dir_entry *)b)->name);
}

void dir_sort(struct mltnl_dir_entry *d, size_t n)
{
	if (n > 1)
		qsort(d, n, sizeof(*d), cmp_name);
}
