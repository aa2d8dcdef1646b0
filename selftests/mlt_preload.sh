#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Unmodified programs over MinimaLT through libmlt-preload.so, with no
# client proxy: curl and a C program in a client namespace reach Python's
# HTTP server (python3 -m http.server) in a server namespace by the name
# demo.bit, through libnss_minimalt (the virtual address) and the preload
# library (connect() to it becomes an AF_MINIMALT connection); the server
# side is mlt-proxy serve 80 --to 127.0.0.1:8080.
#
#   $NS_C  10.9.0.1  --veth--  $NS_S  10.9.0.2
#
# The client namespace has no nftables rule and no proxy: a connection to
# a virtual address that the library did not convert is refused there.
# The NSS module is installed next to libc and /etc/nsswitch.conf is
# written: the guest is thrown away after the run.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/programs_lib.sh"
M=/mlt/bin/mltctl
P=/mlt/bin/mlt-proxy
[ -x "$M" ] || M=$here/../bin/mltctl
[ -x "$P" ] || P=$here/../bin/mlt-proxy
NSS=$here/../lib/libnss_minimalt.so.2
PRE=$here/../lib/libmlt-preload.so
WWW=/tmp/mlt-preload-www
TESTS="first_byte_in_one_round_trip page_only_through_the_library
big_file_intact event_driven_connect ipv6_and_mapped sendfile_and_splice
names_being_resolved no_such_name negative_entry_fails_fast server_down"

missing=$(missing_cmds curl python3 sha256sum)
if [ -n "$missing" ]; then
	skip_all mlt_preload "missing: $missing" $TESTS
	exit 0
fi

ns_names NS_S NS_C
trap 'cleanup_all_ns; rm -rf $WWW' EXIT
trap 'exit 1' INT TERM

# curl in the client namespace, with the library or without (ccurl0).
ccurl() { ip netns exec $NS_C env LD_PRELOAD=$PRE curl -sS --max-time 20 "$@"; }
ccurl0() { ip netns exec $NS_C curl -sS --max-time 20 "$@"; }

setup() {
	programs_setup || return 1
	ip netns exec $NS_S $P serve 80 --to 127.0.0.1:8080 \
		--status /tmp/pserve.sock 2>/tmp/pserve.log &
	wait_for 400 ip netns exec $NS_S $P status --status /tmp/pserve.sock
}

# The point of the transport, through the library (programs_lib.sh).
first_byte_in_one_round_trip() {
	first_byte_check ccurl
}

# With the library curl gets the page, and the library prints nothing
# unless asked to; without it the same URL is refused (nothing listens on
# the virtual address in this namespace).
page_only_through_the_library() {
	out=$(ccurl http://demo.bit/index.html 2>/tmp/err) ||
		fail "curl failed: $(cat /tmp/err)"
	[ "$out" = "hello from demo.bit" ] || fail "got: $out"
	[ ! -s /tmp/err ] || fail "printed: $(cat /tmp/err)"
	ccurl0 -o /dev/null http://demo.bit/index.html 2>/dev/null &&
		fail "reached without the library"
	return 0
}

big_file_intact() {
	want=$(sha256sum < $WWW/big | cut -d' ' -f1)
	got=$(ccurl --max-time 60 http://demo.bit/big | sha256sum | cut -d' ' -f1)
	[ "$want" = "$got" ] || fail "checksum $got, want $want"
}

# probe MIN MODE ARGS...: preload_probe MODE ARGS in the client namespace
# with the library; every check must hold, and at least MIN of them run.
probe() {
	_min=$1
	shift
	_out=$(ip netns exec $NS_C env LD_PRELOAD=$PRE \
		timeout 60 "$here/preload_probe" "$@" 2>&1) ||
		fail "$(echo "$_out" | grep -v '^ok')"
	[ "$(echo "$_out" | grep -c '^ok')" -ge "$_min" ] ||
		fail "too few checks ran: $_out"
}

# A C program connects as event-driven programs do: poll, epoll, SO_ERROR,
# its descriptor's flags and addresses; and TCP keeps what is not virtual.
event_driven_connect() {
	probe 20 connect demo.bit 80 10.9.0.2 81
}

# The IPv6 virtual address, and the IPv4 one mapped on an AF_INET6 socket.
ipv6_and_mapped() {
	probe 7 ipv6 demo.bit 80
}

# sendfile() to a converted descriptor, splice() from it.
sendfile_and_splice() {
	probe 5 sendfile demo.bit 80
}

# Names the resolver answers while connect() waits: EINPROGRESS, EALREADY,
# select, a blocking wait, EINTR, a negative answer as SO_ERROR, the name
# service down, an address no name holds (preload_probe.c says how).
names_being_resolved() {
	probe 20 resolving demo.bit 80
}

# No entry and no resolver: the name does not resolve, at once.
no_such_name() {
	no_such_name_check ccurl
}

# A name with a virtual address and a negative entry (no record): curl
# gets "could not connect" at once, and the library says it handled it.
negative_entry_fails_fast() {
	ip netns exec $NS_C $M dir add gone.bit addr 10.9.0.2 port 4747 \
		identity "$(echo "$key" | $M pubkey)" eph "$eph" ||
		fail "dir add"
	a=$(ip netns exec $NS_C $M vaddr gone.bit | cut -d' ' -f2)
	case $a in 127.77.*) ;; *) fail "no virtual address: $a" ;; esac
	ip netns exec $NS_C $M dir add gone.bit error no-record replace ||
		fail "negative dir add"
	t0=$(date +%s)
	rc=0
	ip netns exec $NS_C env LD_PRELOAD=$PRE MLT_PRELOAD_DEBUG=1 \
		curl -sS --max-time 20 "http://$a/" >/dev/null 2>/tmp/err ||
		rc=$?
	[ $rc -eq 7 ] || fail "curl exit $rc (want 7): $(cat /tmp/err)"
	grep -q "^mlt-preload: fd [0-9]*: gone.bit port 80 is service 80: " \
		/tmp/err || fail "no line from the library: $(cat /tmp/err)"
	# Seconds at most; a debug kernel takes several for curl alone.
	bound=3
	slow_kernel && bound=20
	[ $(($(date +%s) - t0)) -le $bound ] || fail "took $(($(date +%s) - t0)) s"
}

# The server proxy gone: the connection is refused by the server, which
# curl sees as a refused or reset connection, within seconds.
server_down() {
	# shellcheck disable=SC2046 # one argument a process
	kill $(ns_pid $NS_S /tmp/pserve.sock)
	sleep 0.5
	t0=$(date +%s)
	ccurl http://demo.bit/index.html 2>/tmp/err && fail "answered"
	grep -q "refused\|reset\|Empty reply\|Recv failure" /tmp/err ||
		fail "curl said: $(cat /tmp/err)"
	[ $(($(date +%s) - t0)) -le 10 ] || fail "took $(($(date +%s) - t0)) s"
}

plan "$(echo $TESTS | wc -w)"
if ! setup; then
	echo "# setup failed"
	sed 's/^/# /' /tmp/pserve.log 2>/dev/null
	exit 1
fi
for t in $TESTS; do
	run_test $t
done
finish
