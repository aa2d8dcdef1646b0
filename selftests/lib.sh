#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# TAP helpers for the shell selftests: each test is a function; "run_test
# NAME" runs it in a subshell and prints "ok N NAME", "not ok N NAME" or
# "ok N NAME # SKIP reason". Namespaces as tools/testing/selftests/net/
# lib.sh makes them: unique names in variables, deleted on exit.

ksft_skip=4
_n=0
_failed=0
NS_LIST=

# Print a diagnostic and fail the current test.
fail() {
	echo "# $*"
	exit 1
}

# skip REASON: end the current test as skipped (a missing prerequisite).
skip() {
	echo "SKIP: $*"
	exit $ksft_skip
}

plan() {
	echo "TAP version 13"
	echo "1..$1"
}

# run_test NAME: run the function NAME; its output becomes diagnostics.
run_test() {
	_n=$((_n + 1))
	_out=$( (set -e; "$1") 2>&1 )
	_rc=$?
	_why=$(echo "$_out" | sed -n 's/^SKIP: //p' | tail -n 1)
	_out=$(echo "$_out" | grep -v '^SKIP: ')
	[ -n "$_out" ] && echo "$_out" | sed 's/^/# /'
	if [ $_rc -eq 0 ]; then
		echo "ok $_n $1"
	elif [ $_rc -eq $ksft_skip ]; then
		echo "ok $_n $1 # SKIP ${_why:-skipped}"
	else
		echo "not ok $_n $1"
		_failed=$((_failed + 1))
	fi
}

# skip_all NAME REASON TEST...: a whole script whose prerequisite is
# missing: every test is reported skipped, and the script succeeds.
skip_all() {
	_name=$1
	_why=$2
	shift 2
	plan $#
	for _t in "$@"; do
		_n=$((_n + 1))
		echo "ok $_n $_t # SKIP $_why"
	done
	echo "# $_name: $_why"
}

finish() {
	[ $_failed -eq 0 ]
}

# have_cmd CMD...: every CMD is on PATH.
have_cmd() {
	for _c in "$@"; do
		command -v "$_c" >/dev/null 2>&1 || return 1
	done
}

# missing_cmds CMD...: the CMDs not on PATH, separated by spaces.
missing_cmds() {
	_m=
	for _c in "$@"; do
		command -v "$_c" >/dev/null 2>&1 || _m="$_m${_m:+ }$_c"
	done
	echo "$_m"
}

# slow_kernel: a debug kernel (KASAN or KCSAN), many times slower, or a
# guest of another CPU (make check-arch), whose instructions QEMU
# translates on x86-64 at a few times the cost of an x86-64 guest's: tests
# scale their transfers down and leave timing bounds alone.
slow_kernel() {
	[ "$(uname -m)" != x86_64 ] ||
		grep -q -e " kasan_report" -e " kcsan_" /proc/kallsyms 2>/dev/null
}

# have_netem NETNS: tc can add a netem qdisc there (tc and sch_netem).
have_netem() {
	have_cmd tc || return 1
	ip netns exec "$1" tc qdisc add dev lo root netem delay 1ms \
		>/dev/null 2>&1 || return 1
	ip netns exec "$1" tc qdisc del dev lo root >/dev/null 2>&1
	return 0
}

# ns_names VAR...: give each unset VAR a namespace name of its own,
# "mlt-" VAR in lower case (without "NS_") "-" six random hex digits, as
# mlt-c1-3fa2b9 for NS_C1, exported, without
# adding the namespace. A failed run leaves names the next run cannot
# meet. cleanup_all_ns deletes them.
ns_names() {
	for _v in "$@"; do
		eval "_ns=\${$_v:-}"
		if [ -z "$_ns" ]; then
			_ns=mlt-$(echo "${_v#NS_}" | tr 'A-Z_' 'a-z-')-$(od -An \
				-N3 -tx1 /dev/urandom | tr -d ' \n')
			eval "$_v=\$_ns"
			NS_LIST="$NS_LIST $_ns"
		fi
		# shellcheck disable=SC2163
		export "$_v"
	done
}

# cleanup_ns NETNS...: kill what runs in them, delete them.
cleanup_ns() {
	for _ns in "$@"; do
		[ -n "$_ns" ] || continue
		_pids=$(ip netns pids "$_ns" 2>/dev/null) || _pids=
		# shellcheck disable=SC2086
		[ -z "$_pids" ] || kill $_pids 2>/dev/null || true
		ip netns del "$_ns" 2>/dev/null || true
	done
}

# setup_ns VAR...: as the kernel's setup_ns: a namespace for each VAR
# (named by ns_names; a VAR already named is deleted and made again),
# its loopback up.
setup_ns() {
	ns_names "$@"
	for _v in "$@"; do
		eval "_ns=\$$_v"
		cleanup_ns "$_ns"
		ip netns add "$_ns" || return 1
		ip -n "$_ns" link set lo up
	done
}

cleanup_all_ns() {
	# shellcheck disable=SC2086
	cleanup_ns $NS_LIST
}
