// SPDX-License-Identifier: GPL-2.0
/*
 * mltctl tunnels [-j]: the namespace's tunnels, one line each, with what
 * `ss -ti` shows of a TCP socket: the peer, the connections, the round-trip
 * estimate, the congestion and loss recovery state (MLT_CMD_TUNNEL_GET).
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "key.h"
#include "mltctl.h"
#include "netlink.h"
#include "print.h"
#include "tunnels.h"

/* "10.9.0.2:4747" or "[fd00::2]:4747". */
static void peer_text(const struct mltnl_tunnel *t, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(t->peer.len == 4 ? AF_INET : AF_INET6, t->peer.bytes,
		       a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	snprintf(buf, len, t->peer.len == 4 ? "%s:%u" : "[%s]:%u", a,
		 t->peer_port);
}

/* The address alone, for JSON. */
static void addr_text(const struct mltnl_tunnel *t, char *buf, size_t len)
{
	if (!inet_ntop(t->peer.len == 4 ? AF_INET : AF_INET6, t->peer.bytes,
		       buf, len))
		snprintf(buf, len, "?");
}

/* Bytes per second as bits per second, ss style: "12.3 Mbit/s". */
static void rate_text(uint64_t bytes, char *buf, size_t len)
{
	static const char *const unit[] = { "kbit/s", "Mbit/s", "Gbit/s",
					    "Tbit/s" };
	double v = (double)bytes * 8;
	int u = -1;

	if (v < 1000) {
		snprintf(buf, len, "%.0f bit/s", v);
		return;
	}
	while (v >= 1000 && u < 3) {
		v /= 1000;
		u++;
	}
	snprintf(buf, len, "%.1f %s", v, unit[u]);
}

static const char *role_name(uint32_t role)
{
	switch (role) {
	case MLT_TUNNEL_ROLE_CLIENT:
		return "client";
	case MLT_TUNNEL_ROLE_SERVER:
		return "server";
	}
	return NULL;
}

/* A named enum value: its name, or (a newer kernel's) its number. */
static void print_enum(const char *key, const char *fmt, const char *name,
		       uint32_t v)
{
	char num[16];

	if (name) {
		print_string(PRINT_ANY, key, fmt, name);
		return;
	}
	snprintf(num, sizeof(num), "%u", v);
	print_string(PRINT_FP, NULL, fmt, num);
	print_uint(PRINT_JSON, key, NULL, v);
}

/* Who and where: "client 10.9.0.2:4747 tid 0x... conns 2". */
static void peer_print(const struct mltnl_tunnel *t)
{
	char peer[INET6_ADDRSTRLEN + 8], b64[KEY_B64_LEN + 1];

	print_u64(PRINT_JSON, "tid", NULL, t->tid);
	print_enum("role", "%s", role_name(t->role), t->role);
	peer_text(t, peer, sizeof(peer));
	print_text(" %s", peer);
	addr_text(t, peer, sizeof(peer));
	print_string(PRINT_JSON, "peer_addr", NULL, peer);
	print_uint(PRINT_JSON, "peer_port", NULL, t->peer_port);
	if (t->have_server_identity) {
		key_to_base64(b64, t->server_identity);
		print_string(PRINT_JSON, "server_identity", NULL, b64);
	}
	print_text(" tid %#" PRIx64, t->tid);
	print_uint(PRINT_ANY, "conns", " conns %u", t->conns);
}

/* "rtt 20.1/0.5 ms min 19.8 ms rto 220 ms": no RTT before a sample. */
static void rtt_print(const struct mltnl_tunnel *t)
{
	if (t->srtt_us)
		print_text(" rtt %.1f/%.1f ms min %.1f ms", t->srtt_us / 1000.0,
			   t->rttvar_us / 1000.0, t->min_rtt_us / 1000.0);
	print_uint(PRINT_JSON, "srtt_us", NULL, t->srtt_us);
	print_uint(PRINT_JSON, "rttvar_us", NULL, t->rttvar_us);
	print_uint(PRINT_JSON, "min_rtt_us", NULL, t->min_rtt_us);
	print_uint(PRINT_ANY, "rto_ms", " rto %u ms", t->rto_ms);
}

/*
 * "cwnd 34 ssthresh inf inflight 10 lost 0 sacked 0 cubic pacing 12.3
 * Mbit/s dgram 1472 reo-wnd x1": the pacing rate is of datagrams that size.
 */
static void cc_print(const struct mltnl_tunnel *t)
{
	char rate[32];

	print_uint(PRINT_ANY, "cwnd", " cwnd %u", t->cwnd);
	if (t->ssthresh == MLT_SSTHRESH_INFINITE)
		print_text(" ssthresh inf");
	print_uint(t->ssthresh == MLT_SSTHRESH_INFINITE ? PRINT_JSON :
		   PRINT_ANY, "ssthresh", " ssthresh %u", t->ssthresh);
	print_bool(PRINT_JSON, "in_recovery", NULL, t->in_recovery);
	print_uint(PRINT_ANY, "inflight", " inflight %u", t->inflight);
	print_uint(PRINT_ANY, "lost", " lost %u", t->lost);
	print_uint(PRINT_ANY, "sacked", " sacked %u", t->sacked);
	print_enum("cc", " %s", mltnl_cc_name(t->cc), t->cc);
	if (t->pacing_rate) {
		rate_text(t->pacing_rate, rate, sizeof(rate));
		print_text(" pacing %s", rate);
	}
	print_u64(PRINT_JSON, "pacing_rate", NULL, t->pacing_rate);
	print_uint(PRINT_ANY, "dgram_size", " dgram %u", t->dgram_size);
	print_uint(PRINT_ANY, "reo_wnd_mult", " reo-wnd x%u", t->reo_wnd_mult);
}

static void tunnel_print(const struct mltnl_tunnel *t)
{
	open_json_object(NULL);
	peer_print(t);
	rtt_print(t);
	cc_print(t);
	print_uint(PRINT_ANY, "reorder_bytes", " reorder %u",
		   t->reorder_bytes);
	print_u64(PRINT_ANY, "rx_window", " rx-window %" PRIu64,
		  t->rx_window);
	print_uint(PRINT_ANY, "idle_ms", " idle %u ms", t->idle_ms);
	if (t->in_recovery)
		print_text(" recovery");
	if (t->dead)
		print_text(" dead");
	print_bool(PRINT_JSON, "dead", NULL, t->dead);
	print_text("\n");
	close_json_object();
}

void tunnels_print(const struct mltnl_tunnel *t, size_t n)
{
	size_t i;

	open_json_array(NULL);
	for (i = 0; i < n; i++)
		tunnel_print(&t[i]);
	close_json_array();
}

static int cmp_tunnel(const void *a, const void *b)
{
	const struct mltnl_tunnel *x = a, *y = b;
	int c;

	if (x->role != y->role)
		return x->role == MLT_TUNNEL_ROLE_CLIENT ? -1 :
		       y->role == MLT_TUNNEL_ROLE_CLIENT ? 1 :
		       x->role < y->role ? -1 : 1;
	if (x->peer.len != y->peer.len)
		return x->peer.len < y->peer.len ? -1 : 1;
	c = memcmp(x->peer.bytes, y->peer.bytes, x->peer.len);
	if (c)
		return c;
	if (x->peer_port != y->peer_port)
		return x->peer_port < y->peer_port ? -1 : 1;
	if (x->tid != y->tid)
		return x->tid < y->tid ? -1 : 1;
	return 0;
}

void tunnels_sort(struct mltnl_tunnel *t, size_t n)
{
	if (n > 1)
		qsort(t, n, sizeof(*t), cmp_tunnel);
}

static void tunnels_usage(FILE *f)
{
	fprintf(f, "Usage: %s %s\n"
		"One line per tunnel of the namespace: role, peer, id,\n"
		"connections, round-trip time, congestion and loss recovery\n"
		"state, datagram size; -j as JSON.\n", PROG_NAME, TUNNELS_USAGE);
}

int cmd_tunnels(int argc, char **argv)
{
	struct mltnl_tunnel *t;
	struct mltnl *h;
	int json = 0, i, n, code;

	for (i = 1; i < argc; i++) {
		if (is_help_arg(argv[i])) {
			tunnels_usage(stdout);
			return MLTCTL_EXIT_OK;
		} else if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			json = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			err_msg("tunnels: unknown option '%s' (usage: %s %s)",
				argv[i], PROG_NAME, TUNNELS_USAGE);
			return MLTCTL_EXIT_USAGE;
		} else {
			err_msg("tunnels: unexpected argument '%s' (usage: %s %s)",
				argv[i], PROG_NAME, TUNNELS_USAGE);
			return MLTCTL_EXIT_USAGE;
		}
	}
	h = nl_open(0, "tunnels", &code);
	if (!h)
		return code;
	n = mltnl_tunnel_list(h, &t);
	if (n < 0)
		return nl_fail(h, "tunnels");
	mltnl_close(h);

	tunnels_sort(t, (size_t)n);
	print_start(stdout, json);
	tunnels_print(t, (size_t)n);
	free(t);
	return print_end("tunnels");
}
