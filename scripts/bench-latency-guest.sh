#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of scripts/bench-latency. Each AF_MINIMALT run uses a
# fresh client namespace, so no tunnel to the server exists: the connection
# is to a never-seen host, its first datagram opens the tunnel.
set -e
B=/mlt/bin
M=$B/mltctl
RTT=40
RUNS=${1:-10}

modprobe minimalt
ip netns add server
ip -n server link set lo up
key=$($M genkey)
echo "$key" | ip netns exec server $M identity set -
identity=$(echo "$key" | $M pubkey)
eph=$(ip netns exec server $M eph rotate)
ip netns exec server $B/mlt-echo-server -s 7 &
ip netns exec server $B/mlt-echo-server --tcp 7007 &

client() {	# client N RTT: a fresh namespace on a fresh link
	ip netns add c$1
	ip -n c$1 link set lo up
	ip link add v$1 netns c$1 type veth peer name s$1 netns server
	ip -n c$1 addr add 10.8.$1.1/24 dev v$1
	ip -n server addr add 10.8.$1.2/24 dev s$1
	ip -n c$1 link set v$1 up
	ip -n server link set s$1 up
	ip -n c$1 neigh add 10.8.$1.2 dev v$1 nud permanent lladdr \
		"$(ip -n server -br link show s$1 | awk '{print $3}')"
	ip -n server neigh add 10.8.$1.1 dev s$1 nud permanent lladdr \
		"$(ip -n c$1 -br link show v$1 | awk '{print $3}')"
	if [ "$2" -gt 0 ]; then
		ip netns exec c$1 tc qdisc add dev v$1 root netem delay $(($2 / 2))ms
		ip netns exec server tc qdisc add dev s$1 root netem delay $(($2 / 2))ms
	fi
	ip netns exec c$1 $M dir add bench.bit addr 10.8.$1.2 port 4747 \
		identity "$identity" eph "$eph"
}
sleep 1

: > /tmp/mlt-$RTT.ms; : > /tmp/tcp-$RTT.ms; : > /tmp/mlt-0.ms; : > /tmp/tcp-0.ms
i=1
while [ $i -le $((2 * RUNS)) ]; do
	# Odd runs on the delayed link, even ones on a link without delay:
	# the difference is what the round trips cost, without the emulator's
	# fixed costs (X25519 in software under TCG, process wake-ups).
	rtt=$RTT
	[ $((i % 2)) -eq 0 ] && rtt=0
	client $i $rtt
	ip netns exec c$i $B/mlt-echo-client bench.bit:7 -j |
		sed 's/.*"ms":\([0-9.]*\).*/\1/' >> /tmp/mlt-$rtt.ms
	ip netns exec c$i $B/mlt-echo-client --tcp 10.8.$i.2:7007 -j |
		sed 's/.*"ms":\([0-9.]*\).*/\1/' >> /tmp/tcp-$rtt.ms
	i=$((i + 1))
done

median() { sort -n "$1" | awk '{ v[NR] = $1 } END {
	print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "connect() to the first reply byte, never-seen host, $RUNS runs each:"
for t in mlt tcp; do
	d=$(median /tmp/$t-$RTT.ms)
	z=$(median /tmp/$t-0.ms)
	awk -v t=$t -v d="$d" -v z="$z" -v rtt=$RTT 'BEGIN {
		printf "  %-11s %7.2f ms with %d ms RTT, %6.2f ms without: %.2f round trips\n",
		       t == "mlt" ? "AF_MINIMALT" : "TCP", d, rtt, z, (d - z) / rtt }'
done
