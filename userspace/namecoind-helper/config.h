/* SPDX-License-Identifier: GPL-2.0 */
/*
 * namecoind-helper's configuration: defaults, one option at a time (from
 * the command line or the file), the namecoin.conf-style file, the checks
 * across options, and the node's credentials. Pure but for reading the
 * configuration file and the cookie file: unit-tested on the host.
 *
 * Error strings are one line naming the option and the problem; they never
 * hold rpcpassword nor the cookie.
 */
#ifndef NMC_CONFIG_H
#define NMC_CONFIG_H

#include <stddef.h>

#define CONFIG_PRELOAD_MAX	64
#define CONFIG_LINE_MAX		1023	/* bytes of a line of the file */

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

struct config {
	/*
	 * node URL, default "http://127.0.0.1:8336/"; "/wallet/NAME" as its
	 * path selects one of several wallets loaded in the node.
	 */
	char url[256];
	char user[128];		/* rpcuser, default "" */
	char password[128];	/* rpcpassword, default "" */
	char cookie_file[256];	/* rpccookiefile, default "" */
	unsigned int confirmations;	/* default 2, 1..1000 */
	/* s, max kernel entry life, default 3600, 10..2592000 */
	unsigned int ttl;
	unsigned int negative_ttl;	/* s, default 60, 1..86400 */
	/* s, block polling, default 30, 1..3600 */
	unsigned int poll_interval;
	/* ms, per RPC, default 5000, 100..300000 */
	unsigned int rpc_timeout;
	/* s, max backoff when node unreachable, default 300, 1..86400 */
	unsigned int retry_max;
	/* default LOG_WARN ("quiet by default") */
	enum log_level log_level;
	unsigned int n_preload;
	char preload[CONFIG_PRELOAD_MAX][128];	/* names like "demo.bit" */
	char publish_name[128];	/* "d/NAME" this host publishes, default "" */
	/* optional "ip" literal (v4 or v6) for the record, default "" */
	char publish_ip[64];
	/* s, 0 = no rotation, default 0, else 10..604800 */
	unsigned int rotate_interval;
	/*
	 * s after N confirmations before the old key is wiped, default 600,
	 * 0..86400
	 */
	unsigned int grace;
	/*
	 * s, expected seconds per block, used to turn confirmations into
	 * time, default 600, 1..86400
	 */
	unsigned int block_time;
	/*
	 * ms, the wall time one lookup may take, imports included; below
	 * the kernel's resolve timeout (10 s by default). Default 8000,
	 * 100..120000 (key lookup-timeout).
	 */
	unsigned int lookup_timeout;
	/*
	 * s, a node whose tip block is older than this is not current and
	 * answers nothing; 0 = no check. Default 10800 (key max-tip-age).
	 */
	unsigned int max_tip_age;
	/*
	 * 1: plaintext http:// to a host other than loopback is allowed
	 * (key allow-remote-http, 0 or 1, default 0).
	 */
	int allow_remote_http;
	/*
	 * blocks: a published name with fewer blocks than this left is
	 * renewed (name_update with its current value), rotation or not.
	 * Default 2000, 1..35999 (key renew-blocks).
	 */
	unsigned int renew_blocks;
};

void config_defaults(struct config *c);

/*
 * Set one option by name, as in the file ("confirmations", "10"). Returns
 * 0, or -1 with err (errlen bytes) = one line naming the key and why, e.g.
 * "confirmations: 0 is not 1 to 1000"; c is then left as it was.
 *
 * Keys: url, rpcuser, rpcpassword, rpccookiefile, confirmations, ttl,
 * negative-ttl, poll-interval, rpc-timeout, retry-max, log-level, preload,
 * publish-name, publish-ip, rotate-interval, grace, block-time,
 * lookup-timeout, max-tip-age, allow-remote-http, renew-blocks.
 * Numbers are decimal digits only (no sign, no junk, no overflow), each in
 * its range (max-tip-age: 0, or 60 to 31536000; allow-remote-http: 0 or
 * 1). "preload" adds a name (a .bit name given twice is refused).
 * rpcuser may not hold ':' (it ends the user in HTTP Basic auth);
 * rpccookiefile must be an absolute path ("~" is not expanded). An empty
 * publish-name or publish-ip clears it.
 */
int config_set(struct config *c, const char *key, const char *value,
	       char *err, size_t errlen);

/*
 * Read a file of "key=value" lines (namecoin.conf style: '#' starts a
 * comment, blank lines ignored, spaces around key and value trimmed,
 * "preload" may repeat, any other key may not). Options set in c before
 * are kept unless the file sets them: call config_defaults() first. Returns
 * 0, or -1 with err = "PATH:LINE: key: why" and c left as it was. Unknown
 * keys, lines without '=' and lines longer than CONFIG_LINE_MAX bytes are
 * errors; so is a '#' in an rpcpassword line (as in namecoind, which
 * refuses it as ambiguous).
 */
int config_load(struct config *c, const char *path, char *err,
		size_t errlen);

/*
 * Checks across options, after everything is set: url starts with http://
 * or https:// and has a host but no "user@"; a path of "/wallet/" (the
 * node's per-wallet endpoint, /wallet/NAME) has a wallet name; an http://
 * url names a loopback host (127.0.0.0/8, [::1], [::ffff:127.x.y.z] or
 * localhost, as written: no name is resolved) unless allow-remote-http is
 * 1, since the password and the node's answers would cross the network in
 * the clear; rpcuser and rpcpassword come together; publish-ip and rotate-interval need publish-name;
 * negative-ttl is at most ttl; a rotation lasts longer than it takes to
 * retire the old key (confirmations * block-time + grace). Returns 0 or -1
 * with err.
 */
int config_check(const struct config *c, char *err, size_t errlen);

/*
 * "user:password" for HTTP Basic auth: rpcuser/rpcpassword if set, else
 * the single line of cookie_file (namecoind writes "__cookie__:HEX"; a
 * trailing newline is stripped; the file is re-read on every call because
 * the node rewrites it when it restarts). Returns 0, or -1 with out = ""
 * and err naming the file and the problem (missing, empty, no ':'). With
 * neither set: -1 "no credentials: set rpcuser/rpcpassword or
 * rpccookiefile".
 *
 * The cookie is used only if it is (the helper may run with privileges
 * the file's writer lacks, and must not be made to send some other file
 * as its password):
 *  - not a symbolic link (opened with O_NOFOLLOW; directories on the way
 *    may be links), and a regular file;
 *  - owned by root or by the owner of the directory holding it (namecoind
 *    writes it as its own user in its own datadir);
 *  - not writable by group or others (namecoind makes it 0600, 0640 with
 *    -rpccookieperms=group, 0644 with =all).
 * Each refusal is its own error. A cookie this uid may not read gets a
 * line saying how to open it (namecoind's -rpccookieperms=group and this
 * helper in namecoind's group), not a bare "Permission denied".
 */
int config_credentials(const struct config *c, char *out, size_t outlen,
		       char *err, size_t errlen);

/* Parse a log level name: "error", "warn", "info", "debug". 0 or -1. */
int config_log_level(const char *s, enum log_level *out);

/* The name of a log level, "error" to "debug" ("?" if out of range). */
const char *config_log_level_name(enum log_level l);

#endif /* NMC_CONFIG_H */
