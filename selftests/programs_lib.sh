# SPDX-License-Identifier: GPL-2.0
#
# What the suites of unmodified programs (mlt_proxy.sh, mlt_preload.sh)
# share, sourced after lib.sh: two namespaces, $NS_C (10.9.0.1) and $NS_S
# (10.9.0.2) on a veth pair vc-vs; libnss_minimalt installed; the server's
# keys in the client's directory as demo.bit; Python's HTTP server on
# 127.0.0.1:8080 in $NS_S serving $WWW (index.html and a big file); and
# the first-byte check both suites make. Needs $M, $NSS, $WWW set.
# shellcheck shell=sh

# programs_setup: all of the above, or 1.
programs_setup() {
	setup_ns NS_C NS_S || return 1
	ip link add vc netns $NS_C type veth peer name vs netns $NS_S
	ip -n $NS_C addr add 10.9.0.1/24 dev vc
	ip -n $NS_S addr add 10.9.0.2/24 dev vs
	ip -n $NS_C link set vc up
	ip -n $NS_S link set vs up

	# The NSS module goes next to libc (the guest has no ldd); the guest
	# is thrown away after the run.
	for libc in /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /lib64 /lib; do
		[ -e $libc/libc.so.6 ] && break
	done
	cp "$NSS" "$libc/" || return 1
	echo "hosts: files minimalt" > /etc/nsswitch.conf

	key=$($M genkey) || return 1
	echo "$key" | ip netns exec $NS_S $M identity set - || return 1
	eph=$(ip netns exec $NS_S $M eph rotate) || return 1
	ip netns exec $NS_C $M dir add demo.bit addr 10.9.0.2 port 4747 \
		identity "$(echo "$key" | $M pubkey)" eph "$eph" || return 1

	rm -rf $WWW
	mkdir -p $WWW
	echo "hello from demo.bit" > $WWW/index.html
	# 16 MiB, 1 on a debug kernel.
	n=256
	slow_kernel && n=16
	dd if=/dev/urandom of=$WWW/big bs=64k count=$n 2>/dev/null
	# Daemons' stdout never to run_test's pipe, which would wait for them.
	ip netns exec $NS_S python3 -m http.server --bind 127.0.0.1 \
		--directory $WWW 8080 >/dev/null 2>&1 &
	wait_for 400 ip netns exec $NS_S curl -s -o /dev/null \
		http://127.0.0.1:8080/
}

# wait_for TENTHS CMD...: CMD succeeds within TENTHS tenths of a second.
wait_for() {
	_w=$1
	shift
	until "$@" >/dev/null 2>&1; do
		_w=$((_w - 1))
		[ $_w -gt 0 ] || return 1
		sleep 0.1
	done
}

# ns_pid NS WORD: the processes of NS whose command line holds WORD.
ns_pid() {
	for p in $(ip netns pids "$1"); do
		grep -q "$2" /proc/$p/cmdline 2>/dev/null && echo $p
	done
	return 0
}

# first_byte_check CURL-FUNCTION: on a fresh tunnel over a 600 ms round
# trip the page's first byte comes one round trip after curl's connect():
# the request travels in the tunnel's first datagram, not after a
# handshake. Under one and a half round trips, as the emulated CPU adds
# time that is no round trip; skipped on a debug kernel, whose costs are
# larger still. Run it while no tunnel exists.
first_byte_check() {
	ip netns exec $NS_C $M show | grep -q "^  tunnels: 0$" ||
		fail "a tunnel exists already"
	have_netem $NS_C || skip "no netem"
	slow_kernel && skip "a debug kernel's costs are no round trips"
	# Neighbours known first: an ARP exchange over the delayed link would
	# cost the first datagram a round trip of its own.
	ip netns exec $NS_C ping -c 1 -W 2 10.9.0.2 >/dev/null ||
		fail "no ping"
	ip netns exec $NS_C tc qdisc add dev vc root netem delay 300ms
	ip netns exec $NS_S tc qdisc add dev vs root netem delay 300ms
	t=$("$1" -o /dev/null -w '%{time_starttransfer}' \
		http://demo.bit/index.html) || fail "curl failed"
	ip netns exec $NS_C tc qdisc del dev vc root
	ip netns exec $NS_S tc qdisc del dev vs root
	ms=$(echo "$t" | awk '{ printf "%d", $1 * 1000 }')
	echo "first byte after $ms ms (round trip 600 ms)"
	[ "$ms" -ge 600 ] || fail "faster than the round trip: $ms ms"
	[ "$ms" -lt 900 ] || fail "more than one round trip: $ms ms"
}

# no_such_name_check CURL-FUNCTION: no entry and no resolver: the name
# fails as an unresolvable host, at once.
no_such_name_check() {
	t0=$(date +%s)
	"$1" http://nosuch.bit/ 2>/tmp/err && fail "nosuch.bit answered"
	grep -q "Could not resolve host" /tmp/err || fail "$(cat /tmp/err)"
	[ $(($(date +%s) - t0)) -le 5 ] || fail "took $(($(date +%s) - t0)) s"
}
