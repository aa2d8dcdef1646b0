// SPDX-License-Identifier: GPL-2.0
/*
 * mltctl eph rotate [lifetime SECONDS]: make a new server ephemeral key
 * (MLT_CMD_EPH_ROTATE) and print its public key.
 * mltctl eph show [-j]: the valid ephemeral keys (MLT_CMD_EPH_GET dump).
 * mltctl eph del KEY: wipe one of them now (MLT_CMD_EPH_DEL).
 * The kernel never hands out a private key, so neither does mltctl.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/minimalt.h>

#include "eph.h"
#include "mltctl.h"

int eph_rotate_parse(int argc, char **argv, uint32_t *lifetime, int *help,
		     char *msg, size_t len)
{
	char q[QUOTE_BUF];
	unsigned long v;
	int i, seen = 0;

	*lifetime = 0;
	*help = 0;
	msg[0] = '\0';
	for (i = 1; i < argc; i++) {
		if (is_help_arg(argv[i])) {
			*help = 1;
			return 0;
		}
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "lifetime")) {
			snprintf(msg, len, "eph rotate: unknown keyword '%s' (usage: %s %s)",
				 argv[i], PROG_NAME, EPH_ROTATE_USAGE);
			return -1;
		}
		if (seen) {
			snprintf(msg, len, "eph rotate: lifetime: given twice");
			return -1;
		}
		seen = 1;
		if (i + 1 >= argc) {
			snprintf(msg, len, "eph rotate: lifetime: missing value SECONDS");
			return -1;
		}
		i++;
		if (parse_uint(argv[i], MLT_EPH_LIFETIME_MIN, MLT_EPH_LIFETIME_MAX,
			       &v) < 0) {
			snprintf(msg, len,
				 "eph rotate: lifetime: %s is not a number from %d to %d",
				 quote_arg(q, sizeof(q), argv[i]),
				 MLT_EPH_LIFETIME_MIN, MLT_EPH_LIFETIME_MAX);
			return -1;
		}
		*lifetime = (uint32_t)v;
	}
	return 0;
}

int eph_key_parse(const struct nlmsghdr *nlh, struct eph_key *k,
		  struct genl_err *e)
{
	int have_key = 0, have_lifetime = 0, have_age = 0;
	const struct nlattr *attr;
	unsigned int l;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr)) {
		genl_reply_error(e, "message too short");
		return -1;
	}
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		l = mnl_attr_get_payload_len(attr);
		switch (mnl_attr_get_type(attr)) {
		case MLT_A_EPH_PUBLIC_KEY:
			if (l != KEY_LEN) {
				genl_reply_error(e, "ephemeral public key is %u bytes, expected %d",
						 l, KEY_LEN);
				return -1;
			}
			memcpy(k->public_key, mnl_attr_get_payload(attr), KEY_LEN);
			have_key = 1;
			break;
		case MLT_A_EPH_LIFETIME:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0) {
				genl_reply_error(e, "ephemeral key lifetime is %u bytes, expected 4",
						 l);
				return -1;
			}
			k->expires_in = mnl_attr_get_u32(attr);
			have_lifetime = 1;
			break;
		case MLT_A_EPH_AGE:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0) {
				genl_reply_error(e, "ephemeral key age is %u bytes, expected 4",
						 l);
				return -1;
			}
			k->age = mnl_attr_get_u32(attr);
			have_age = 1;
			break;
		default:
			/* Newer kernel, newer attribute: ignore it. */
			break;
		}
	}
	if (!have_key) {
		genl_reply_error(e, "ephemeral key without a public key");
		return -1;
	}
	if (!have_lifetime || !have_age) {
		genl_reply_error(e, "ephemeral key without %s",
				 have_lifetime ? "an age" : "a lifetime");
		return -1;
	}
	return 0;
}

void eph_print(FILE *f, const struct eph_key *k, size_t n)
{
	char b64[KEY_B64_LEN + 1];
	size_t i;

	for (i = 0; i < n; i++) {
		key_to_base64(b64, k[i].public_key);
		fprintf(f, "%s expires in %us, age %us\n", b64,
			k[i].expires_in, k[i].age);
	}
}

json_t *eph_json(const struct eph_key *k, size_t n)
{
	char b64[KEY_B64_LEN + 1];
	json_t *arr = json_array(), *obj;
	size_t i;

	if (!arr)
		return NULL;
	for (i = 0; i < n; i++) {
		key_to_base64(b64, k[i].public_key);
		obj = json_object();
		if (json_array_append_new(arr, obj) ||
		    json_object_set_new(obj, "public_key", json_string(b64)) ||
		    json_object_set_new(obj, "expires_in",
					json_integer(k[i].expires_in)) ||
		    json_object_set_new(obj, "age", json_integer(k[i].age))) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static int cmp_age(const void *a, const void *b)
{
	const struct eph_key *x = a, *y = b;

	if (x->age != y->age)
		return x->age < y->age ? -1 : 1;
	if (x->expires_in != y->expires_in)
		return x->expires_in > y->expires_in ? -1 : 1;
	return memcmp(x->public_key, y->public_key, KEY_LEN);
}

void eph_sort(struct eph_key *k, size_t n)
{
	if (n > 1)
		qsort(k, n, sizeof(*k), cmp_age);
}

/* --- the commands ------------------------------------------------------- */

static void eph_usage(FILE *f)
{
	fprintf(f, "Usage: %s %s\n"
		"       %s %s\n"
		"       %s %s\n"
		"SECONDS from %d to %d (default %d). rotate needs CAP_NET_ADMIN and\n"
		"prints the new public key; del (CAP_NET_ADMIN too) wipes the key\n"
		"whose public half is KEY (base64) now.\n",
		PROG_NAME, EPH_ROTATE_USAGE, PROG_NAME, EPH_SHOW_USAGE,
		PROG_NAME, EPH_DEL_USAGE,
		MLT_EPH_LIFETIME_MIN, MLT_EPH_LIFETIME_MAX,
		MLT_EPH_LIFETIME_DEFAULT);
}

/* The keys of a reply or dump, as they arrive. */
struct eph_list {
	struct eph_key *v;
	size_t n, cap;
	struct genl_err *e;
};

static int eph_list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct eph_list *l = data;
	struct eph_key *v = grow_array(l->v, &l->cap, l->n, sizeof(*v));

	if (!v) {
		genl_reply_error(l->e, "out of memory");
		return MNL_CB_ERROR;
	}
	l->v = v;
	memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
	if (eph_key_parse(nlh, &l->v[l->n], l->e) < 0)
		return MNL_CB_ERROR;
	l->n++;
	return MNL_CB_OK;
}

static int eph_rotate(int argc, char **argv)
{
	_Alignas(uint64_t) char buf[256];
	struct eph_list l = { 0 };
	char msg[256], b64[KEY_B64_LEN + 1];
	struct genl_sock g;
	struct genl_err e;
	struct nlmsghdr *nlh;
	uint32_t lifetime;
	int help, ret;

	if (eph_rotate_parse(argc, argv, &lifetime, &help, msg,
			     sizeof(msg)) < 0) {
		err_msg("%s", msg);
		return MLTCTL_EXIT_USAGE;
	}
	if (help) {
		eph_usage(stdout);
		return MLTCTL_EXIT_OK;
	}
	if (genl_open(&g, &e) < 0)
		return genl_report(&e, "eph rotate");
	l.e = &e;
	nlh = genl_msg_start(&g, buf, MLT_CMD_EPH_ROTATE);
	if (lifetime)
		mnl_attr_put_u32(nlh, MLT_A_EPH_LIFETIME, lifetime);
	ret = genl_request(&g, nlh, eph_list_cb, &l, &e);
	genl_close(&g);
	if (ret == 0 && l.n != 1) {
		genl_reply_error(&e, "%zu keys in the reply, expected 1", l.n);
		ret = -1;
	}
	if (ret < 0) {
		free(l.v);
		return genl_report(&e, "eph rotate");
	}
	key_to_base64(b64, l.v[0].public_key);
	printf("%s\n", b64);
	free(l.v);
	return MLTCTL_EXIT_OK;
}

static int eph_show(int argc, char **argv)
{
	_Alignas(uint64_t) char buf[256];
	struct eph_list l = { 0 };
	struct genl_sock g;
	struct genl_err e;
	struct nlmsghdr *nlh;
	int json = 0, i, ret;

	for (i = 1; i < argc; i++) {
		if (is_help_arg(argv[i])) {
			eph_usage(stdout);
			return MLTCTL_EXIT_OK;
		} else if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			json = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			err_msg("eph show: unknown option '%s' (usage: %s %s)",
				argv[i], PROG_NAME, EPH_SHOW_USAGE);
			return MLTCTL_EXIT_USAGE;
		} else {
			err_msg("eph show: unexpected argument '%s' (usage: %s %s)",
				argv[i], PROG_NAME, EPH_SHOW_USAGE);
			return MLTCTL_EXIT_USAGE;
		}
	}
	if (genl_open(&g, &e) < 0)
		return genl_report(&e, "eph show");
	l.e = &e;
	nlh = genl_msg_start(&g, buf, MLT_CMD_EPH_GET);
	ret = genl_dump(&g, nlh, eph_list_cb, &l, &e);
	genl_close(&g);
	if (ret < 0) {
		free(l.v);
		return genl_report(&e, "eph show");
	}

	eph_sort(l.v, l.n);
	ret = MLTCTL_EXIT_OK;
	if (!json)
		eph_print(stdout, l.v, l.n);
	else
		ret = print_json(eph_json(l.v, l.n), "eph show");
	free(l.v);
	return ret;
}

static int eph_del(int argc, char **argv)
{
	_Alignas(uint64_t) char buf[256];
	uint8_t key[KEY_LEN];
	struct key_error ke;
	struct genl_sock g;
	struct genl_err e;
	struct nlmsghdr *nlh;
	char why[160];
	int ret;

	if (argc > 1 && is_help_arg(argv[1])) {
		eph_usage(stdout);
		return MLTCTL_EXIT_OK;
	}
	if (argc != 2) {
		err_msg("eph del: %s (usage: %s %s)",
			argc < 2 ? "missing argument KEY" : "one KEY only",
			PROG_NAME, EPH_DEL_USAGE);
		return MLTCTL_EXIT_USAGE;
	}
	if (key_from_base64(key, argv[1], strlen(argv[1]), &ke) < 0) {
		key_strerror(&ke, why, sizeof(why));
		err_msg("eph del: KEY: %s", why);
		return MLTCTL_EXIT_USAGE;
	}
	if (genl_open(&g, &e) < 0)
		return genl_report(&e, "eph del");
	nlh = genl_msg_start(&g, buf, MLT_CMD_EPH_DEL);
	mnl_attr_put(nlh, MLT_A_EPH_PUBLIC_KEY, KEY_LEN, key);
	ret = genl_request(&g, nlh, NULL, NULL, &e);
	genl_close(&g);
	return ret < 0 ? genl_report(&e, "eph del") : MLTCTL_EXIT_OK;
}

int cmd_eph(int argc, char **argv)
{
	if (argc < 2) {
		err_msg("eph: missing subcommand (usage: %s eph {rotate|show|del} ...; try '%s eph -h')",
			PROG_NAME, PROG_NAME);
		return MLTCTL_EXIT_USAGE;
	}
	if (is_help_arg(argv[1])) {
		eph_usage(stdout);
		return MLTCTL_EXIT_OK;
	}
	if (!strcmp(argv[1], "rotate"))
		return eph_rotate(argc - 1, argv + 1);
	if (!strcmp(argv[1], "show"))
		return eph_show(argc - 1, argv + 1);
	if (!strcmp(argv[1], "del"))
		return eph_del(argc - 1, argv + 1);
	err_msg("eph: unknown subcommand '%s' (usage: %s eph {rotate|show|del} ...)",
		argv[1], PROG_NAME);
	return MLTCTL_EXIT_USAGE;
}
