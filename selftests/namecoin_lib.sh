#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What the namecoind-helper VM tests (namecoin.sh, namecoin_deploy.sh,
# namecoin_publish.sh) share; sourced after lib.sh. The script sets:
#   ST    its state directory: the pid of process NAME in $ST/NAME
#   S     the namespace of the test node (ins, rpc, mine, nc_identity)
#   NODE  the helper's options that reach the node (rpc, mine)
# Tests run in subshells: what they change for later tests lives in files.
# The script names its namespaces with ns_names (lib.sh) before anything
# runs: the names are unique to the run, and the exit trap deletes them.
# Background processes start as "ip netns exec" itself, never through a
# function (whose subshell would hold the test's output open): $! is the
# process.
PATH=/mlt/bin:$here/../bin:$PATH

# stop_pid FILE: end the process whose pid FILE holds, and wait for it.
stop_pid() {
	[ -s "$1" ] || return 0
	p=$(cat "$1")
	rm -f "$1"
	kill "$p" 2>/dev/null || return 0
	i=0
	while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
		i=$((i + 1))
		sleep 0.1
	done
}

# nc_cleanup "NAME..." NETNS...: stop the processes NAME (pids in $ST),
# delete the namespaces.
nc_cleanup() {
	mkdir -p $ST
	for f in $1; do
		stop_pid $ST/$f
	done
	shift
	for ns in "$@"; do
		ip netns del $ns 2>/dev/null || true
	done
}

# nc_netns VAR...: add the namespaces named in VARs (setup_ns), each with
# its loopback up.
nc_netns() {
	setup_ns "$@"
}

# nc_start_node OUT COMMAND...: start COMMAND (fake-namecoind behind
# "ip netns exec" and whatever else it runs under) in the background, its
# output in OUT and its pid in $ST/node; wait until it listens.
nc_start_node() {
	nc_out=$1
	shift
	"$@" >"$nc_out" 2>&1 &
	echo $! >$ST/node
	i=0
	until grep -q listening "$nc_out"; do
		i=$((i + 1))
		[ $i -lt 50 ] || return 1
		sleep 0.1
	done
}

ins() { ip netns exec $S "$@"; }
rpc() { ins namecoind-helper $NODE rpc "$@"; }
mine() { rpc generatetoaddress "[$1, \"n\"]" >/dev/null; }

# nc_identity: a new identity for $S; its public key in $ID.
nc_identity() {
	key=$(mltctl genkey) || return 1
	echo "$key" | ins mltctl identity set - || return 1
	ID=$(echo "$key" | mltctl pubkey)
}

# The programs every namecoin script runs; a script adds its own to
# NC_NEEDS. Without one of them, every test is skipped.
NC_NEEDS="mltctl namecoind-helper fake-namecoind"

# nc_missing: the programs of NC_NEEDS that are not installed.
nc_missing() {
	# shellcheck disable=SC2086
	missing_cmds $NC_NEEDS
}

# nc_main NAME TEST...: the script's setup (else "not ok 1 NAME setup"),
# each TEST, the cleanup; the status is finish's. Each TEST is skipped if
# a program of NC_NEEDS is missing.
nc_main() {
	name=$1
	shift
	nc_miss=$(nc_missing)
	if [ -n "$nc_miss" ]; then
		skip_all "$name" "not installed: $nc_miss" "$@"
		return 0
	fi
	if ! setup; then
		echo "not ok 1 $name setup"
		cleanup
		exit 1
	fi
	plan $#
	for t in "$@"; do
		run_test $t
	done
	cleanup
	finish
}
