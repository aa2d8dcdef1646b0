// SPDX-License-Identifier: GPL-2.0
/*
 * namecoind-helper: verified .bit records from a Namecoin node into the
 * kernel's MinimaLT directory, and this host's keys out to its own name.
 *
 *   namecoind-helper [OPTIONS] [run]       the daemon
 *   namecoind-helper [OPTIONS] check NAME  verify NAME, print its record
 *   namecoind-helper [OPTIONS] publish     publish this host's keys once
 *   namecoind-helper [OPTIONS] rpc METHOD [PARAMS]  one JSON-RPC call
 *
 * OPTIONS: -c FILE (the configuration file), -v (more log), -q (less),
 * and --KEY VALUE for any key of the file (see namecoind-helper.8),
 * which wins over the file.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "config.h"
#include "http.h"
#include "log.h"
#include "kernel.h"
#include "node.h"
#include "publish.h"
#include "resolver.h"

#define PROG	"namecoind-helper"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: " PROG " [-c FILE] [-v|-q] [--KEY VALUE...] [run]\n"
		"       " PROG " [-c FILE] [--KEY VALUE...] check NAME\n"
		"       " PROG " [-c FILE] [--KEY VALUE...] publish\n"
		"       " PROG " [-c FILE] [--KEY VALUE...] rpc METHOD [PARAMS]\n"
		"PARAMS is a JSON array (default []). rpc prints the result as JSON.\n"
		"KEY is any key of the configuration file: url, rpcuser,\n"
		"rpcpassword, rpccookiefile, confirmations, ttl, negative-ttl,\n"
		"poll-interval, rpc-timeout, retry-max, log-level, preload,\n"
		"publish-name, publish-ip, rotate-interval, grace, block-time,\n"
		"lookup-timeout, max-tip-age, allow-remote-http, renew-blocks.\n"
		"check prints the record as JSON, or the failure it would install:\n"
		"no-name, expired, no-record, invalid or unavailable.\n");
}

static time_t now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return ts.tv_sec;
}

/*
 * Print a verified record as JSON: what the kernel gets for NAME. Record
 * text (skipped items, errors quoting the value) goes through the log,
 * which turns control characters into spaces; the JSON is jansson's.
 */
static int check(struct resolver *r, const char *name)
{
	char err[512], b64[64], addr[64];
	unsigned int lifetime, i;
	json_t *out, *addrs;
	struct record rec;
	char *text;
	int ret;

	ret = resolver_lookup(r, name, &rec, &lifetime, err, sizeof(err));
	if (ret) {
		log_err("%s: would install %s: %s", name,
			resolver_reason_name(ret), err);
		return 1;
	}
	addrs = json_array();
	for (i = 0; i < rec.n_addrs; i++) {
		if (!inet_ntop(rec.addrs[i].family, rec.addrs[i].addr, addr,
			       sizeof(addr)))
			snprintf(addr, sizeof(addr), "?");
		json_array_append_new(addrs, json_string(addr));
	}
	out = json_object();
	json_object_set_new(out, "name", json_string(name));
	json_object_set_new(out, "port", json_integer(rec.port));
	sodium_bin2base64(b64, sizeof(b64), rec.id_key, RECORD_KEY_LEN,
			  sodium_base64_VARIANT_ORIGINAL);
	json_object_set_new(out, "id_key", json_string(b64));
	sodium_bin2base64(b64, sizeof(b64), rec.eph_key, RECORD_KEY_LEN,
			  sodium_base64_VARIANT_ORIGINAL);
	json_object_set_new(out, "eph_key", json_string(b64));
	json_object_set_new(out, "addresses", addrs);
	json_object_set_new(out, "lifetime", json_integer(lifetime));
	text = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(out);
	if (!text) {
		log_err("%s: out of memory", name);
		return 1;
	}
	printf("%s\n", text);
	free(text);
	return 0;
}

/* One JSON-RPC call, its result printed: for checks by hand and tests. */
static int rpc(struct node *node, const char *method, const char *params)
{
	json_t *p = params ? json_loads(params, 0, NULL) : json_array();
	json_t *res;
	char err[512], *out;

	if (!json_is_array(p)) {
		fprintf(stderr, PROG ": rpc: PARAMS is not a JSON array\n");
		json_decref(p);
		return 2;
	}
	if (node_call(node, method, p, &res, err, sizeof(err)) != RPC_OK) {
		fprintf(stderr, PROG ": rpc %s: %s\n", method, err);
		return 1;
	}
	out = json_dumps(res, JSON_COMPACT | JSON_ENCODE_ANY);
	printf("%s\n", out ? out : "null");
	free(out);
	json_decref(res);
	return 0;
}

static int daemon_loop(struct config *cfg, struct node *node)
{
	struct publisher pub;
	struct resolver r;
	struct sigaction sa;
	char err[512], name[MLT_NAME_MAX];
	sigset_t block, old;
	struct mltnl *nl;
	unsigned int i;
	int ret = 0;

	nl = kernel_open(1, err, sizeof(err));
	if (!nl) {
		log_err("%s", err);
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* Signals arrive only inside ppoll(): no wake-up is lost. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);

	resolver_init(&r, cfg, node, nl);
	resolver_sync(&r, now_s());
	for (i = 0; i < cfg->n_preload; i++)
		resolver_request(&r, cfg->preload[i], now_s());
	publisher_init(&pub, cfg, node, nl);
	log_info("running: node %s, %u confirmations, ttl %u s",
		 cfg->url, cfg->confirmations, cfg->ttl);

	/*
	 * One lookup per turn, each bounded by lookup-timeout; between two,
	 * the kernel's new requests are queued, and they go before re-checks.
	 */
	while (!stop) {
		struct pollfd p = { .fd = mltnl_ntf_fd(nl), .events = POLLIN };
		time_t now = now_s(), next;
		struct timespec ts = { 0, 0 };
		int n;

		next = resolver_tick(&r, now);
		if (cfg->publish_name[0]) {
			time_t pnext;

			/* Requests wait for it: bounded as one lookup is. */
			node_set_deadline(node, node_now_ms() +
					  resolver_budget(&r));
			pnext = publisher_tick(&pub, now, r.height);
			node_set_deadline(node, 0);
			if (pnext < next)
				next = pnext;
		}
		now = now_s();
		if (!resolver_busy(&r)) {
			ts.tv_sec = next > now ? next - now : 0;
			ts.tv_nsec = next > now ? 0 : 100000000;
		}
		n = ppoll(&p, 1, &ts, &old);
		if (n < 0 && errno != EINTR) {
			log_err("poll: %s", strerror(errno));
			ret = 1;
			break;
		}
		while (n > 0 && !stop) {
			n = kernel_next_request(nl, name, sizeof(name), err,
						sizeof(err));
			if (n < 0)
				log_warn("%s", err);
			if (n > 0) {
				log_debug("request: %s", name);
				resolver_enqueue(&r, name);
			}
		}
		if (!stop)
			resolver_work(&r, now_s());
	}
	log_info("stopping");
	resolver_free(&r);
	mltnl_close(nl);
	return ret;
}

int main(int argc, char **argv)
{
	static struct config cfg;
	const char *file = NULL, *cmd = "run";
	char err[512];
	struct node node = { .cfg = &cfg };
	int i, verbose = 0, ret;
	enum log_level level;

	config_defaults(&cfg);
	/* The file first, whatever the order: flags win over it. */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(argv[i], "-c") && i + 1 < argc)
			file = argv[++i];
	}
	if (file && config_load(&cfg, file, err, sizeof(err)) < 0) {
		fprintf(stderr, PROG ": %s\n", err);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-c")) {
			i++;
		} else if (!strcmp(argv[i], "-v")) {
			verbose++;
		} else if (!strcmp(argv[i], "-q")) {
			verbose--;
		} else if (!strncmp(argv[i], "--", 2) && argv[i][2]) {
			if (i + 1 >= argc) {
				fprintf(stderr, PROG ": %s: missing value\n",
					argv[i]);
				return 2;
			}
			if (config_set(&cfg, argv[i] + 2, argv[i + 1], err,
				       sizeof(err)) < 0) {
				fprintf(stderr, PROG ": %s\n", err);
				return 2;
			}
			i++;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, PROG ": unknown option '%s' (try '" PROG " -h')\n",
				argv[i]);
			return 2;
		} else {
			break;
		}
	}
	if (i < argc)
		cmd = argv[i++];
	if (config_check(&cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, PROG ": %s\n", err);
		return 2;
	}
	level = cfg.log_level;
	while (verbose > 0 && level < LOG_DEBUG) {
		level++;
		verbose--;
	}
	while (verbose < 0 && level > LOG_ERROR) {
		level--;
		verbose++;
	}
	log_set_level(level);
	if (sodium_init() < 0 || http_init() < 0) {
		fprintf(stderr, PROG ": cannot initialise libsodium or libcurl\n");
		return 1;
	}

	if (!strcmp(cmd, "run") && i == argc) {
		ret = daemon_loop(&cfg, &node);
	} else if (!strcmp(cmd, "check") && i + 1 == argc) {
		struct resolver r;

		resolver_init(&r, &cfg, &node, NULL);
		ret = check(&r, argv[i]);
	} else if (!strcmp(cmd, "rpc") && (i + 1 == argc || i + 2 == argc)) {
		ret = rpc(&node, argv[i], i + 1 < argc ? argv[i + 1] : NULL);
	} else if (!strcmp(cmd, "publish") && i == argc) {
		ret = publish_once(&cfg, &node);
	} else {
		fprintf(stderr, PROG ": unknown command or arguments at '%s' (try '" PROG " -h')\n",
			cmd);
		ret = 2;
	}
	http_exit();
	return ret;
}
