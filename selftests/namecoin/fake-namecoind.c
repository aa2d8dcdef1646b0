// SPDX-License-Identifier: GPL-2.0
/*
 * fake-namecoind: a stand-in for a Namecoin Core node (namecoind) on regtest,
 * for the namecoind-helper tests. namecoind is not packaged for Debian and
 * the test VM has neither python nor a wallet, so this is a small
 * single-threaded C11 JSON-RPC server (libc + jansson) that answers the way
 * namecoind does, so that the helper (libcurl) runs unchanged against it.
 *
 *   fake-namecoind [-l ADDR] -p PORT (-u USER:PASS | -C DATADIR [-P PERMS])
 *                  [-L N] [-s STATE.json] [-v]
 *
 * -p 0 picks a free port; "listening on ADDR:PORT" ([ADDR]:PORT for IPv6)
 * is printed on stdout once the socket listens. SIGTERM/SIGINT (or the
 * "stop" method) exit 0 and remove the cookie file.
 *
 * What it mimics of namecoind (Bitcoin Core's HTTP server and JSON-RPC):
 *  - HTTP/1.1, POST only (anything else: 405 "JSONRPC server handles only
 *    POST requests"), body read by Content-Length (over 1 MiB: 413), the
 *    interim "100 Continue" that libevent sends on "Expect: 100-continue".
 *    One request per connection, answered with "Connection: close".
 *  - HTTP Basic auth against -u USER:PASS and/or the cookie that -C writes
 *    to DATADIR/.cookie ("__cookie__:" + 64 hex, mode 0600, via a rename,
 *    removed on exit). A missing or wrong Authorization gets 401 with
 *    'WWW-Authenticate: Basic realm="jsonrpc"' and an empty body; a wrong
 *    one only after a 250 ms pause, as namecoind does.
 *  - Legacy (1.0) JSON-RPC replies {"result":R,"error":E,"id":ID} with a
 *    newline, "Content-Type: application/json"; HTTP 200 on success, on
 *    error 500, except 400 for -32600 (invalid request) and 404 for -32601
 *    (method not found). Unparseable JSON: -32700 "Parse error", id null.
 *    Params may be an array, an object (named parameters) or absent;
 *    batches (a JSON array of requests) answer an array with HTTP 200.
 *    Wrong argument counts are -1 (the help text), wrong argument types
 *    -3 "Wrong type passed:" (RPCMethod::HandleRequest), option types -3
 *    (RPCTypeCheckObj). Only "/" and "/wallet/NAME" are served (else 404).
 *  - getblockcount, getbestblockhash, getblockhash, getblockchaininfo
 *    (regtest; blocks, headers, bestblockhash, bits, difficulty, target,
 *    time, mediantime, ... in Core's order), generatetoaddress, stop.
 *  - Names as src/rpc/names.cpp, names/encoding.cpp, names/main.h:
 *    regtest expiry after 30 blocks; name_show NAME [{nameEncoding,
 *    valueEncoding, allowExpired, byHash:"direct"}]: -10 in IBD, -4
 *    "name never existed: 'NAME'", expired names -4 "name expired: 'NAME'"
 *    unless allowExpired (default false, as -allowexpired); the result in
 *    Core's key order, ismine last when a wallet is selected. Encodings
 *    ascii (the default; bytes 0x20..0x7f), utf8, hex; an unknown one falls
 *    back to ascii; a name/value the encoding cannot carry is name_error/
 *    value_error "invalid data for ENC"; an argument invalid in its
 *    encoding is -1000 "Name/value is invalid for encoding ENC"; names in
 *    messages are 'NAME', or 0x+hex when not ASCII. name_pending.
 *    name_show and name_pending use a wallet as MaybeWalletForRequest
 *    does: none (no ismine) without a wallet context (-disablewallet) or
 *    on -19 (several wallets, none in the URL), but -18 with the wallet
 *    enabled and none loaded, or an unknown /wallet/NAME.
 *  - A wallet (wallet/rpc/walletnames.cpp, util.cpp, encrypt.cpp):
 *    name_list, name_new NAME [OPTIONS] -> [txid, rand], name_firstupdate
 *    NAME [RAND] [TX] [VALUE] [OPTIONS] (mined from 12 blocks after the
 *    name_new, errors -25 as Core's), name_update NAME [VALUE] [OPTIONS]
 *    (no value keeps it; -limitnamechains, default 1: -25 "there are
 *    already too many pending operations on this name"; a name not ours
 *    -6 "Not found pre-selected input ..."; destAddress gives it away),
 *    walletpassphrase (the fake's passphrase: "fake-passphrase") and
 *    walletlock; -13 locked, -6 fees and funds, -18/-19 as Core's; the
 *    wallets are "w1" (and "w2"), selected by /wallet/NAME URL paths.
 *    Pending operations are mined by the next block that can hold them.
 *
 * Test controls, not namecoind's:
 *  - fake_setname [NAME, VALUE|null, HEIGHT, {"ismine": bool (default
 *    true: w1's), "encoding_raw_hex": HEX (the value's bytes)}]: set or
 *    delete a name on the chain; HEIGHT defaults to the current height.
 *  - fake_mode [{...}]: change any subset, returns the whole mode: "ibd",
 *    "delay_ms" (every later reply but fake_mode's), "garbage" (200
 *    <html>not json</html>), "http500_html", "expired_error" (-4 even with
 *    allowExpired, as older nodes), "headers_ahead" (headers = blocks + N),
 *    "tip_age" (tip time = now - N s), "wallet_locked", "no_funds",
 *    "fee_estimation_fails", "wallets" (0, 1, 2), "disablewallet" (no
 *    wallet context, as -disablewallet: the wallet methods are -32601
 *    "Method not found", /wallet/NAME is ignored), and the node options
 *    "allowexpired" and "limitnamechains".
 *  - -P owner|group|all: the cookie's mode, as -rpccookieperms (0600,
 *    0640, 0644); -L N: -limitnamechains.
 *  - -s STATE.json: {"height": 100, "expire_depth": 30, "names": {"d/x":
 *    {"value": "...", "height": 90, "ismine": true, "encoding_raw_hex":
 *    "..."}}} plus any fake_mode key.
 */

/*
 * This file: the command line, the signals, the listening socket and the
 * loop that serves one connection after the other. The others, sharing
 * fake.h: fake-http.c (HTTP), fake-auth.c (credentials and the cookie),
 * fake-rpc.c (JSON-RPC dispatch), fake-args.c (arguments),
 * fake-encoding.c (name/value encodings), fake-chain.c (the chain and
 * its methods), fake-names.c (name_show, name_pending), fake-wallet.c and
 * fake-wallet-names.c (the wallets), fake-control.c (test controls),
 * fake-util.c (helpers).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fake.h"

struct options {
	const char *addr;
	const char *datadir;
	const char *state;
	const char *perms;
	long port;
	long limit;
};

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: fake-namecoind [-l ADDR] -p PORT "
		"(-u USER:PASS | -C DATADIR [-P owner|group|all])\n"
		"                      [-L LIMITNAMECHAINS] [-s STATE.json] "
		"[-v]\n");
	exit(2);
}

static void parse_options(int argc, char **argv, struct options *o)
{
	char *end;
	int opt;

	while ((opt = getopt(argc, argv, "l:p:u:C:P:L:s:vh")) != -1) {
		switch (opt) {
		case 'l':
			o->addr = optarg;
			break;
		case 'p':
			o->port = strtol(optarg, &end, 10);
			if (*end || !*optarg || o->port < 0 || o->port > 65535)
				usage();
			break;
		case 'u':
			if (!strchr(optarg, ':'))
				die("-u wants USER:PASS");
			free(creds[0]);
			creds[0] = xmemdup(optarg, strlen(optarg));
			break;
		case 'C':
			o->datadir = optarg;
			break;
		case 'P':
			o->perms = optarg;
			cookie_mode(o->perms);
			break;
		case 'L':
			o->limit = strtol(optarg, &end, 10);
			if (*end || !*optarg || o->limit < 1 ||
			    o->limit > NAME_CHAIN_MAX)
				usage();
			break;
		case 's':
			o->state = optarg;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || o->port < 0 || (!creds[0] && !o->datadir))
		usage();
}

/* The socket address of -l ADDR and -p PORT; its length. */
static socklen_t listen_addr(const char *addr, long port,
			     struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		return sizeof(*sin);
	}
	if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		return sizeof(*sin6);
	}
	die("-l %s: not an IPv4 or IPv6 address", addr);
}

/* SIGTERM/SIGINT are only delivered inside ppoll (wait_for). */
static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block;

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGTERM);
	sigdelset(&wait_mask, SIGINT);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Listen on ss (port 0: a free one), which gets the address bound. */
static int listen_on(const char *addr, long port,
		     struct sockaddr_storage *ss, socklen_t slen)
{
	int lfd, one = 1;

	lfd = socket(ss->ss_family,
		     SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (lfd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)ss, slen) || listen(lfd, 64))
		die("%s port %ld: %s", addr, port, strerror(errno));
	if (getsockname(lfd, (struct sockaddr *)ss, &slen))
		die("getsockname: %s", strerror(errno));
	return lfd;
}

static void print_listening(const char *addr,
			    const struct sockaddr_storage *ss)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;

	printf(ss->ss_family == AF_INET6 ? "listening on [%s]:%u\n" :
	       "listening on %s:%u\n", addr,
	       ntohs(ss->ss_family == AF_INET6 ? sin6->sin6_port :
		     sin->sin_port));
	fflush(stdout);
}

static void peer_name(const struct sockaddr_storage *peer, char *pname,
		      socklen_t len)
{
	pname[0] = 0;
	if (peer->ss_family == AF_INET)
		inet_ntop(AF_INET,
			  &((const struct sockaddr_in *)peer)->sin_addr,
			  pname, len);
	else if (peer->ss_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)peer)->sin6_addr,
			  pname, len);
}

/* Serve one connection after the other until asked to stop. */
static void accept_loop(int lfd)
{
	char pname[INET6_ADDRSTRLEN + 8];
	struct sockaddr_storage peer;
	socklen_t plen;
	int c, one = 1;

	while (!stop) {
		if (wait_for(lfd, POLLIN, 3600 * 1000) <= 0)
			continue;
		plen = sizeof(peer);
		c = accept4(lfd, (struct sockaddr *)&peer, &plen,
			    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (c < 0)
			continue;
		/* Head and body go out in two writes: no Nagle wait between. */
		setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		peer_name(&peer, pname, sizeof(pname));
		serve(c, pname);
		close(c);
	}
}

int main(int argc, char **argv)
{
	struct options o = { .addr = "127.0.0.1", .port = -1, .limit = -1 };
	struct sockaddr_storage ss = { 0 };
	socklen_t slen;
	int lfd;

	parse_options(argc, argv, &o);
	slen = listen_addr(o.addr, o.port, &ss);
	if (o.state)
		load_state(o.state);
	if (o.limit > 0)
		chain.limitnamechains = o.limit;
	catch_signals();
	lfd = listen_on(o.addr, o.port, &ss, slen);
	if (o.datadir)
		write_cookie(o.datadir, o.perms);
	print_listening(o.addr, &ss);
	accept_loop(lfd);
	remove_cookie();
	close(lfd);
	free_chain();
	free(creds[0]);
	free(creds[1]);
	if (verbose)
		fprintf(stderr, "fake-namecoind: stopped\n");
	return 0;
}
