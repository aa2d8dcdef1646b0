# SPDX-License-Identifier: GPL-2.0
#
# What the guest halves of make bench share (sourced, in the VM, from
# /mlt/scripts): messages, namespaces, the client links of
# bench-latency-guest.sh and bench-programs-guest.sh, and their statistics.
# shellcheck shell=sh

note() { echo "bench: $*"; }

# on NS CMD...: CMD in network namespace NS
on() { _ns=$1; shift; ip netns exec "$_ns" "$@"; }

# must CMD...: a setup step without which nothing can be measured
must() {
	"$@" && return 0
	note "FAILED: could not set up: $*"
	exit 1
}

# bench_link N DELAY: namespace cN joined to namespace "server" by a veth
# pair vN-sN, 10.8.N.1 and 10.8.N.2, with DELAY ms of netem delay on each
# side's egress. The neighbours are entered by hand: no ARP exchange
# inside a measured time.
bench_link() {
	must ip netns add c$1
	must ip -n c$1 link set lo up
	must ip link add v$1 netns c$1 type veth peer name s$1 netns server
	must ip -n c$1 addr add 10.8.$1.1/24 dev v$1
	must ip -n server addr add 10.8.$1.2/24 dev s$1
	must ip -n c$1 link set v$1 up
	must ip -n server link set s$1 up
	must ip -n c$1 neigh add 10.8.$1.2 dev v$1 nud permanent lladdr \
		"$(ip -n server -br link show s$1 | awk '{print $3}')"
	must ip -n server neigh add 10.8.$1.1 dev s$1 nud permanent lladdr \
		"$(ip -n c$1 -br link show v$1 | awk '{print $3}')"
	if [ "$2" -gt 0 ]; then
		must on c$1 tc qdisc add dev v$1 root netem delay "$2"ms
		must on server tc qdisc add dev s$1 root netem delay "$2"ms
	fi
}

# stats FILE: "count median min max" of its numbers, one a line, or "0"
# when it has none
stats() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		if (!NR) { print 0; exit }
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		print NR, m, v[1], v[NR] }'
}
