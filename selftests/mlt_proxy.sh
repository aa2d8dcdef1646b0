#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Unmodified programs over MinimaLT through mlt-proxy: curl in a client
# namespace fetches pages from an HTTP server (busybox httpd) in a server
# namespace, by the name demo.bit, through libnss_minimalt, the client
# proxy (mlt-proxy connect, with its nftables redirect) and the server
# proxy (mlt-proxy serve 80 --to 127.0.0.1:8080).
#
#   $NS_C  10.9.0.1  --veth--  $NS_S  10.9.0.2
#
# The NSS module is installed next to libc and /etc/nsswitch.conf is
# written ("hosts: files minimalt"): the guest is thrown away after the run.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
M=/mlt/bin/mltctl
P=/mlt/bin/mlt-proxy
[ -x "$M" ] || M=$here/../bin/mltctl
[ -x "$P" ] || P=$here/../bin/mlt-proxy
NSS=$here/../lib/libnss_minimalt.so.2
WWW=/tmp/mlt-proxy-www
TESTS="first_byte_in_one_round_trip page_by_name big_file_intact no_such_name server_down half_close status_and_log graceful_stop"

missing=$(missing_cmds curl nft httpd sha256sum)
if [ -n "$missing" ]; then
	skip_all mlt_proxy "missing: $missing" $TESTS
	exit 0
fi

ns_names NS_S NS_C
trap 'cleanup_all_ns; rm -rf $WWW' EXIT
trap 'exit 1' INT TERM

# In the client namespace, as a user would: curl with a short timeout.
ccurl() { ip netns exec $NS_C curl -sS --max-time 20 "$@"; }

setup() {
	setup_ns NS_C NS_S || return 1
	ip link add vc netns $NS_C type veth peer name vs netns $NS_S
	ip -n $NS_C addr add 10.9.0.1/24 dev vc
	ip -n $NS_S addr add 10.9.0.2/24 dev vs
	ip -n $NS_C link set vc up
	ip -n $NS_S link set vs up

	# The NSS module goes next to libc (the guest has no ldd).
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
	dd if=/dev/urandom of=$WWW/big bs=64k count=64 2>/dev/null
	ip netns exec $NS_S httpd -p 127.0.0.1:8080 -h $WWW || return 1
	ip netns exec $NS_S $P serve 80 --to 127.0.0.1:8080 \
		--status /tmp/serve.sock 2>/tmp/serve.log &
	ip netns exec $NS_C nft -f "$here/../share/mlt-proxy.nft" || return 1
	ip netns exec $NS_C $P connect --status /tmp/connect.sock \
		2>/tmp/connect.log &
	# Both proxies up: their status sockets answer.
	i=0
	until ip netns exec $NS_S $P status --status /tmp/serve.sock \
		>/dev/null 2>&1 && ip netns exec $NS_C $P status \
		--status /tmp/connect.sock >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 100 ] || return 1
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

# status NS SOCKET KEY: one counter of a proxy.
status() {
	ip netns exec "$1" $P status --status "$2" | sed -n "s/^$3 //p"
}

# The point of the transport, through both proxies: on a fresh tunnel over
# a 600 ms round trip, curl's request travels in the tunnel's first
# datagram and the page's first byte arrives one round trip after it, not
# two (a handshake first) or more: under one and a half, as the emulated
# CPU adds time that is no round trip. Runs first, while no tunnel exists.
first_byte_in_one_round_trip() {
	ip netns exec $NS_C $M show | grep -q "^  tunnels: 0$" ||
		fail "a tunnel exists already"
	have_netem $NS_C || skip "no netem"
	# Neighbours known first: an ARP exchange over the delayed link would
	# cost the first datagram a round trip of its own.
	ip netns exec $NS_C ping -c 1 -W 2 10.9.0.2 >/dev/null ||
		fail "no ping"
	ip netns exec $NS_C tc qdisc add dev vc root netem delay 300ms
	ip netns exec $NS_S tc qdisc add dev vs root netem delay 300ms
	t=$(ccurl -o /dev/null -w '%{time_starttransfer}' \
		http://demo.bit/index.html) || fail "curl failed"
	ip netns exec $NS_C tc qdisc del dev vc root
	ip netns exec $NS_S tc qdisc del dev vs root
	ms=$(echo "$t" | awk '{ printf "%d", $1 * 1000 }')
	echo "first byte after $ms ms (round trip 600 ms)"
	[ "$ms" -ge 600 ] || fail "faster than the round trip: $ms ms"
	[ "$ms" -lt 900 ] || fail "more than one round trip: $ms ms"
}

page_by_name() {
	out=$(ccurl http://demo.bit/index.html) || fail "curl failed"
	[ "$out" = "hello from demo.bit" ] || fail "got: $out"
	# Another port of the name is another service: nobody there.
	ccurl -o /dev/null http://demo.bit:8081/ && fail "port 8081 answered"
	return 0
}

big_file_intact() {
	want=$(sha256sum < $WWW/big | cut -d' ' -f1)
	got=$(ccurl http://demo.bit/big | sha256sum | cut -d' ' -f1)
	[ "$want" = "$got" ] || fail "checksum $got, want $want"
}

# No resolver runs: a name without an entry fails as an unresolvable
# host, at once.
no_such_name() {
	t0=$(date +%s)
	ccurl http://nosuch.bit/ 2>/tmp/err && fail "nosuch.bit answered"
	grep -q "Could not resolve host" /tmp/err || fail "$(cat /tmp/err)"
	[ $(($(date +%s) - t0)) -le 5 ] || fail "took $(($(date +%s) - t0)) s"
}

# The server proxy gone: the MinimaLT connection is refused, and curl
# sees its TCP connection reset, as from a host with the port closed.
server_down() {
	kill $(ns_pid $NS_S serve)
	sleep 0.5
	t0=$(date +%s)
	ccurl http://demo.bit/index.html 2>/tmp/err && fail "answered"
	grep -q "reset\|Empty reply\|Recv failure" /tmp/err ||
		fail "curl said: $(cat /tmp/err)"
	[ $(($(date +%s) - t0)) -le 10 ] || fail "took $(($(date +%s) - t0)) s"
	[ "$(status $NS_C /tmp/connect.sock failed_refused)" -ge 1 ] ||
		fail "no refused connection counted"
	# stdout not to run_test's pipe, which would wait for this daemon.
	ip netns exec $NS_S $P serve 80 --to 127.0.0.1:8080 \
		--status /tmp/serve.sock >/dev/null 2>>/tmp/serve.log &
	sleep 0.5
}

# The client shuts its sending side first and still gets the whole answer:
# the half-close crosses both proxies.
half_close() {
	printf '#!/bin/sh\ncat > /tmp/hc.in\necho done-after-eof\n' > /tmp/hc.sh
	chmod +x /tmp/hc.sh
	ip netns exec $NS_S nc -l -p 8090 -e /tmp/hc.sh >/dev/null 2>&1 &
	ip netns exec $NS_S $P serve 90 --to 127.0.0.1:8090 \
		--status /tmp/serve90.sock >/dev/null 2>/tmp/serve90.log &
	sleep 0.5
	addr=$(ip netns exec $NS_C getent ahosts demo.bit | awk '/STREAM/ { print $1; exit }')
	out=$(ip netns exec $NS_C timeout 20 "$here/tcp_halfclose" "$addr" 90 request) ||
		fail "tcp_halfclose failed"
	[ "$out" = "done-after-eof" ] || fail "got: $out"
	[ "$(cat /tmp/hc.in)" = "request" ] || fail "server got: $(cat /tmp/hc.in)"
}

status_and_log() {
	ccurl -o /dev/null http://demo.bit/index.html || fail "curl failed"
	[ "$(status $NS_C /tmp/connect.sock accepted)" -ge 3 ] ||
		fail "accepted: $(status $NS_C /tmp/connect.sock accepted)"
	[ "$(status $NS_S /tmp/serve.sock closed)" -ge 1 ] ||
		fail "closed: $(status $NS_S /tmp/serve.sock closed)"
	grep -q "demo.bit port 80 (service 80): closed" /tmp/connect.log ||
		fail "no log line: $(tail -n 3 /tmp/connect.log)"
}

# SIGTERM: no new connections, the open one finishes.
graceful_stop() {
	pid=$(ns_pid $NS_C connect)
	ccurl --limit-rate 1M -o /tmp/big.out http://demo.bit/big \
		>/dev/null 2>&1 &
	c=$!
	sleep 1
	kill -TERM "$pid"
	wait $c || fail "the open transfer failed"
	cmp -s /tmp/big.out $WWW/big || fail "the open transfer is damaged"
	sleep 0.5
	# Gone, or a zombie that this shell has not reaped.
	state=$(sed 's/.*) //' /proc/"$pid"/stat 2>/dev/null | cut -c1)
	[ -z "$state" ] || [ "$state" = Z ] || fail "still running ($state)"
	grep -q "stopped" /tmp/connect.log || fail "no stop in the log"
}

plan 8
if ! setup; then
	echo "# setup failed"
	cat /tmp/serve.log /tmp/connect.log 2>/dev/null | sed 's/^/# /'
	exit 1
fi
for t in $TESTS; do
	run_test $t
done
finish
