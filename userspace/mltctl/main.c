// SPDX-License-Identifier: GPL-2.0
/*
 * mltctl: administration of the MinimaLT transport (AF_MINIMALT).
 * Command dispatch and usage.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "mltctl.h"

/* One line of the usage each; lines may share a name (the first dispatches). */
static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *synopsis;
	const char *desc;
} commands[] = {
	{ "show", cmd_show, "show [-s|--stats] [-j|--json]",
	  "Show the family, public key, settings and counters (-s: traffic "
	  "and loss recovery counters, drops and send errors by reason too)" },
	{ "tunnels", cmd_tunnels, "tunnels [-j|--json]",
	  "Show the tunnels: peer, connections, round-trip time, congestion "
	  "and loss recovery state (as ss -ti)" },
	{ "config", cmd_config, "config [port PORT] [tunnel-timeout MS] "
	  "[resolve-timeout MS]",
	  "Set (or, without settings, show; -j: as JSON) the UDP port and "
	  "the timeouts" },
	{ "config", cmd_config, "config [tunnel-limit N] [conn-limit N]",
	  "Set the most server tunnels the namespace keeps and connections "
	  "per tunnel" },
	{ "config", cmd_config, "config [cc ALGO]",
	  "Set the congestion control of new tunnels: cubic (default) or "
	  "newreno" },
	{ "config", cmd_config, "config [rmem-max BYTES] [wmem-max BYTES]",
	  "Set the largest receive and send buffers autotuning gives a "
	  "socket" },
	{ "config", cmd_config, "config [open-rate N] [open-burst N] "
	  "[halfopen-limit N]",
	  "Set the openings a source may start a second and at once, and "
	  "its half-open tunnels (0: no limit)" },
	{ "config", cmd_config, "config [source-prefix4 BITS] "
	  "[source-prefix6 BITS]",
	  "Set the IPv4 and IPv6 prefixes that count as one source" },
	{ "config", cmd_config, "config [unpriv-service-start N]",
	  "Set the lowest service anyone may bind (0: every service)" },
	{ "config", cmd_config, "config [puzzle MODE]",
	  "Set when a server answers openings with a puzzle: auto "
	  "(default, under load), always or off" },
	{ "config", cmd_config, "config [client-tunnel-limit N]",
	  "Set the most client tunnels (those its connect()s open) the "
	  "namespace keeps" },
	{ "config", cmd_config, "config [user-tunnel-quota N] "
	  "[user-resolve-quota N]",
	  "Set the client tunnels and the names waiting for the resolver "
	  "one user may have (CAP_NET_ADMIN: no quota)" },
	{ "config", cmd_config, "config [replay-cache-limit N]",
	  "Set the most client keys a server remembers against replayed "
	  "openings" },
	{ "identity", cmd_identity, "identity set FILE",
	  "Set the identity from a base64 private key (- for stdin)" },
	{ "dir", cmd_dir, "dir add NAME addr IP[,IP...] port PORT identity KEY "
	  "eph KEY[,KEY...] [lifetime SECONDS] [replace]",
	  "Add (or replace) a directory entry for server NAME" },
	{ "dir", cmd_dir, "dir add NAME error REASON [lifetime SECONDS] "
	  "[replace]",
	  "Add a negative entry: NAME fails with REASON's errno" },
	{ "dir", cmd_dir, "dir del NAME",
	  "Delete the directory entry NAME" },
	{ "dir", cmd_dir, "dir show [NAME] [-j|--json]",
	  "Show one directory entry, or all of them (CAP_NET_ADMIN)" },
	{ "dir", cmd_dir, "dir resolve NAME [-j|--json]",
	  "Ask the resolver (namecoind-helper) for NAME, show its answer" },
	{ "eph", cmd_eph, "eph rotate [lifetime SECONDS]",
	  "Make a new server ephemeral key, print its public key" },
	{ "eph", cmd_eph, "eph show [-j|--json]",
	  "Show the valid ephemeral public keys" },
	{ "eph", cmd_eph, "eph del KEY",
	  "Wipe the ephemeral key whose public half is KEY" },
	{ "vaddr", cmd_vaddr, "vaddr [NAME|ADDRESS] [-j|--json]",
	  "Show NAME's virtual addresses (given now if need be), the name "
	  "ADDRESS stands for, or all of them (CAP_NET_ADMIN)" },
	{ "genkey", cmd_genkey, "genkey",
	  "Print a new base64 private key" },
	{ "pubkey", cmd_pubkey, "pubkey",
	  "Read a private key on stdin, print its public key" },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))
#define SYNOPSIS_WIDTH 29

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s COMMAND [ARGS]\n"
		"Administer the MinimaLT transport (AF_MINIMALT).\n\n"
		"Commands:\n", PROG_NAME);
	for (i = 0; i < N_COMMANDS; i++) {
		/* A long synopsis gets its own line. */
		if (strlen(commands[i].synopsis) > SYNOPSIS_WIDTH)
			fprintf(f, "  %s\n  %-*s %s\n", commands[i].synopsis,
				SYNOPSIS_WIDTH, "", commands[i].desc);
		else
			fprintf(f, "  %-*s %s\n", SYNOPSIS_WIDTH,
				commands[i].synopsis, commands[i].desc);
	}
	fprintf(f, "  %-*s %s\n", SYNOPSIS_WIDTH, "help", "Show this help");
	fprintf(f, "\nExit status: %d success, %d usage error or bad input, "
		"%d netlink or kernel error (e.g. module not loaded), "
		"%d permission denied.\n",
		MLTCTL_EXIT_OK, MLTCTL_EXIT_USAGE, MLTCTL_EXIT_KERNEL,
		MLTCTL_EXIT_PERM);
}

int main(int argc, char **argv)
{
	int ret = -1;
	size_t i;

	if (argc < 2) {
		err_msg("missing command (try '%s help')", PROG_NAME);
		return MLTCTL_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "help") || is_help_arg(argv[1])) {
		usage(stdout);
		return MLTCTL_EXIT_OK;
	}
	if (sodium_init() < 0) {
		err_msg("cannot initialise libsodium");
		return MLTCTL_EXIT_USAGE;
	}
	for (i = 0; i < N_COMMANDS; i++) {
		if (!strcmp(argv[1], commands[i].name)) {
			ret = commands[i].fn(argc - 1, argv + 1);
			break;
		}
	}
	if (ret < 0) {
		err_msg("unknown command '%s' (try '%s help')", argv[1],
			PROG_NAME);
		return MLTCTL_EXIT_USAGE;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (ret == MLTCTL_EXIT_OK) {
			err_msg("stdout: write failed: %s", strerror(errno));
			ret = MLTCTL_EXIT_USAGE;
		}
	}
	return ret;
}
