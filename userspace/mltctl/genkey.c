// SPDX-License-Identifier: GPL-2.0
/*
 * mltctl genkey: a new private key on stdout.
 * mltctl pubkey: the public key of the private key on stdin.
 * Both as 44-character base64 and a newline, as `wg genkey`/`wg pubkey`.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "key.h"
#include "mltctl.h"

/* Any argument other than -h is an error; -h prints usage. */
static int no_args(int argc, char **argv, const char *usage, int *ret)
{
	if (argc < 2)
		return 0;
	if (is_help_arg(argv[1])) {
		printf("Usage: %s %s\n", PROG_NAME, usage);
		*ret = MLTCTL_EXIT_OK;
	} else {
		err_msg("%s: unexpected argument '%s' (usage: %s %s)", argv[0],
			argv[1], PROG_NAME, usage);
		*ret = MLTCTL_EXIT_USAGE;
	}
	return 1;
}

int cmd_genkey(int argc, char **argv)
{
	uint8_t key[KEY_LEN];
	char b64[KEY_B64_LEN + 1];
	struct stat st;
	int ret;

	if (no_args(argc, argv, "genkey", &ret))
		return ret;

	/* As wg does: warn when the secret lands in a file others can read. */
	if (fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & (S_IRWXG | S_IRWXO)))
		fprintf(stderr,
			"%s: warning: writing a private key to a file accessible by group or others\n",
			PROG_NAME);

	key_generate(key);
	key_to_base64(b64, key);
	printf("%s\n", b64);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(b64, sizeof(b64));
	return MLTCTL_EXIT_OK;
}

int cmd_pubkey(int argc, char **argv)
{
	uint8_t priv[KEY_LEN], pub[KEY_LEN];
	char b64[KEY_B64_LEN + 1], msg[160];
	struct key_error e;
	int ret;

	if (no_args(argc, argv, "pubkey < private.key", &ret))
		return ret;

	if (key_read(stdin, priv, &e) < 0) {
		key_strerror(&e, msg, sizeof(msg));
		err_msg("stdin: %s", msg);
		return MLTCTL_EXIT_USAGE;
	}
	ret = key_public(pub, priv);
	sodium_memzero(priv, sizeof(priv));
	if (ret < 0) {
		err_msg("pubkey: cannot derive the public key");
		return MLTCTL_EXIT_USAGE;
	}
	key_to_base64(b64, pub);
	printf("%s\n", b64);
	return MLTCTL_EXIT_OK;
}
