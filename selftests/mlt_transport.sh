#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Tunnels and connections between hosts: network namespaces joined by veth
# pairs, a server with an identity and an ephemeral key, clients with
# directory entries naming it. Runs the C suite (mlt_transport.c), then
# the teardown tests: namespaces deleted and the module unloaded with live
# tunnels and sockets.
#
#   $NS_C1  10.9.0.1 fd00::1  --veth--  $NS_S  10.9.0.2 fd00::2
#   $NS_C2  10.9.1.1          --veth--  $NS_S  10.9.1.2
#   $NS_C3  10.9.2.1          --veth--  $NS_S  10.9.2.2
#
# The namespaces' names are unique to the run (setup_ns in lib.sh) and
# exported in NS_S, NS_C1, NS_C2 and NS_C3 for mlt_transport.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
M=/mlt/bin/mltctl
[ -x "$M" ] || M=$here/../bin/mltctl
export MLTCTL=$M
# The debug kernels (KASAN, KCSAN) are slow: the C suites scale their
# transfers down and widen their timing bounds.
slow_kernel && export MLT_SLOW=1

ns_names NS_S NS_C1 NS_C2 NS_C3
trap cleanup_all_ns EXIT
trap 'exit 1' INT TERM

# The client namespace of link $1.
nsc() { eval echo "\$NS_C$1"; }

# Delete the namespaces, leaving their processes be.
cleanup() {
	for ns in $NS_C1 $NS_C2 $NS_C3 $NS_S; do
		ip netns del $ns 2>/dev/null
	done
}

setup() {
	cleanup
	setup_ns NS_C1 NS_C2 NS_C3 NS_S || return 1
	for i in 1 2 3; do
		ip link add vc$i netns $(nsc $i) type veth peer name vs$i \
			netns $NS_S || return 1
		ip -n $(nsc $i) addr add 10.9.$((i - 1)).1/24 dev vc$i
		ip -n $NS_S addr add 10.9.$((i - 1)).2/24 dev vs$i
		ip -n $(nsc $i) link set vc$i up
		ip -n $NS_S link set vs$i up
	done
	# Fixed neighbours on the third link: its tests drop the server's
	# answers, ARP replies included.
	ip -n $NS_C3 neigh add 10.9.2.2 dev vc3 nud permanent lladdr \
		"$(ip -n $NS_S -br link show vs3 | awk '{print $3}')"
	ip -n $NS_S neigh add 10.9.2.1 dev vs3 nud permanent lladdr \
		"$(ip -n $NS_C3 -br link show vc3 | awk '{print $3}')"
	ip -n $NS_C1 addr add fd00::1/64 dev vc1 nodad
	ip -n $NS_S addr add fd00::2/64 dev vs1 nodad

	key=$($M genkey) || return 1
	echo "$key" | ip netns exec $NS_S $M identity set - || return 1
	MLT_SRV_IDENTITY=$(echo "$key" | $M pubkey) || return 1
	MLT_SRV_EPH=$(ip netns exec $NS_S $M eph rotate) || return 1
	export MLT_SRV_IDENTITY MLT_SRV_EPH
	for i in 1 2 3; do
		ip netns exec $(nsc $i) $M dir add srv.test \
			addr 10.9.$((i - 1)).2 port 4747 \
			identity "$MLT_SRV_IDENTITY" eph "$MLT_SRV_EPH" ||
			return 1
	done
	ip netns exec $NS_C1 $M dir add srv6.test addr fd00::2 port 4747 \
		identity "$MLT_SRV_IDENTITY" eph "$MLT_SRV_EPH"
	# The tests that shape a link with netem skip without it.
	if have_netem $NS_S; then
		export MLT_HAVE_NETEM=1
	else
		unset MLT_HAVE_NETEM
	fi
}

# tunnels NS: how many tunnels the namespace has (0 if mltctl cannot say).
tunnels() {
	_t=$(ip netns exec "$1" $M show -j | tr -d ' \n' |
		grep -o '"tunnels":[0-9]*' | head -n 1 | cut -d: -f2)
	echo "${_t:-0}"
}

# hold_transfer: a server and a client that keeps sending to it, started
# in the background ($srv, $cli); returns once both ends have a tunnel
# (within 30 s: the kcsan kernel is slow), else fails.
hold_transfer() {
	MLT_ROLE=hold_server ip netns exec $NS_S "$here/mlt_transport" >/dev/null 2>&1 &
	srv=$!
	sleep 1
	MLT_ROLE=hold_client ip netns exec $NS_C1 "$here/mlt_transport" >/dev/null 2>&1 &
	cli=$!
	i=0
	while [ "$(tunnels $NS_C1)" -lt 1 ] || [ "$(tunnels $NS_S)" -lt 1 ]; do
		i=$((i + 1))
		[ $i -lt 150 ] ||
			fail "no tunnel: $NS_C1 $(tunnels $NS_C1), $NS_S $(tunnels $NS_S)"
		sleep 0.2
	done
	sleep 1		# and some data on the way
}

# Kill a transfer's processes while their namespaces are deleted: the
# namespaces go away with live tunnels and sockets.
namespace_deleted_with_live_tunnels() {
	hold_transfer
	cleanup
	kill -9 $srv $cli 2>/dev/null || true
	wait $srv $cli 2>/dev/null || true
}

# unload: rmmod minimalt, retrying for up to 60 s: a namespace's cleanup
# runs asynchronously and holds the module until it is done.
unload() {
	i=0
	while ! rmmod minimalt 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 60 ] || fail "minimalt still in use: $(lsmod | grep ^minimalt) $(ps -ef | grep mlt_transport | grep -v grep)"
		sleep 1
	done
}

module_unloads_after_namespaces() {
	unload
}

module_unloads_with_live_tunnels() {
	modprobe minimalt || fail "modprobe"
	setup || fail "setup"
	hold_transfer
	kill -9 $srv $cli 2>/dev/null || true
	wait $srv $cli 2>/dev/null || true
	# Processes gone, tunnels alive in namespaces that still exist.
	n=$(tunnels $NS_S)
	[ "$n" -ge 1 ] || fail "no tunnel left in $NS_S ($n)"
	unload
	cleanup
}

if ! setup; then
	echo "not ok 1 transport setup"
	cleanup
	exit 1
fi
# The C suites, on the namespaces above: connections (mlt_transport),
# memory bounds (mlt_memory), transfers over shaped links (mlt_netem) and
# a hostile peer written in userspace (mlt_adversary). MLT_C_SUITES picks
# some of them, and MLT_C_ARGS is passed to each (the harness's options,
# such as "-t TEST" to run one test).
rc=0
if [ -z "$MLT_SKIP_C" ]; then
	for prog in ${MLT_C_SUITES:-mlt_transport mlt_memory mlt_netem \
		mlt_adversary}; do
		t0=$(date +%s)
		# shellcheck disable=SC2086 # options, split on purpose
		"$here/$prog" $MLT_C_ARGS || rc=1
		echo "# --- $prog: $(($(date +%s) - t0))s"
	done
fi

plan 3
run_test namespace_deleted_with_live_tunnels
run_test module_unloads_after_namespaces
run_test module_unloads_with_live_tunnels
cleanup
modprobe minimalt
finish && exit $rc
