#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of "make demo" (see scripts/demo): runs inside the VM.
# Two hosts are two network namespaces joined by a veth pair with 20 ms of
# netem delay each way, so one round trip takes 40 ms.
set -e
B=/mlt/bin
M=$B/mltctl
RTT=40

step() { printf '\n=== %s\n' "$*"; }

modprobe minimalt
for ns in client server; do ip netns add $ns; ip -n $ns link set lo up; done
ip link add veth0 netns client type veth peer name veth0 netns server
ip -n client addr add 10.7.0.1/24 dev veth0
ip -n server addr add 10.7.0.2/24 dev veth0
ip -n client link set veth0 up
ip -n server link set veth0 up
ip -n client neigh add 10.7.0.2 dev veth0 nud permanent lladdr \
	"$(ip -n server -br link show veth0 | awk '{print $3}')"
ip -n server neigh add 10.7.0.1 dev veth0 nud permanent lladdr \
	"$(ip -n client -br link show veth0 | awk '{print $3}')"
ip netns exec client tc qdisc add dev veth0 root netem delay $((RTT / 2))ms
ip netns exec server tc qdisc add dev veth0 root netem delay $((RTT / 2))ms

step "server: identity and ephemeral key"
key=$($M genkey)
echo "$key" | ip netns exec server $M identity set -
identity=$(echo "$key" | $M pubkey)
eph=$(ip netns exec server $M eph rotate lifetime 3600)
echo "identity key  $identity"
echo "ephemeral key $eph (valid 3600 s)"

step "client: directory entry demo.bit"
ip netns exec client $M dir add demo.bit addr 10.7.0.2 port 4747 \
	identity "$identity" eph "$eph"
ip netns exec client $M dir show

step "echo over AF_MINIMALT (link round trip: $RTT ms)"
ip netns exec server $B/mlt-echo-server -s 7 -1 &
srv=$!
sleep 1
ip netns exec client $B/mlt-echo-client demo.bit:7 \
	-m "hello from the client, in the tunnel's first packet" \
	--rtt-ms $RTT
wait $srv

step "the same over TCP, for comparison"
ip netns exec server $B/mlt-echo-server --tcp 7007 -1 &
srv=$!
sleep 1
ip netns exec client $B/mlt-echo-client --tcp 10.7.0.2:7007 \
	-m "hello from the client, in the tunnel's first packet" \
	--rtt-ms $RTT
wait $srv

step "mltctl show -s (client)"
ip netns exec client $M show -s
step "mltctl show (server)"
ip netns exec server $M show
