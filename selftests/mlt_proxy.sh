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
TESTS="page_by_name big_file_intact no_such_name server_down half_close status_and_log graceful_stop"

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

	libc=$(dirname "$(ldd "$M" | grep -o '/[^ ]*libc\.so\.6')")
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

# status NS SOCKET KEY: one counter of a proxy.
status() {
	ip netns exec "$1" $P status --status "$2" | sed -n "s/^$3 //p"
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
	kill "$(ip netns pids $NS_S | while read -r p; do
		grep -q serve /proc/$p/cmdline 2>/dev/null && echo $p; done)"
	sleep 0.5
	t0=$(date +%s)
	ccurl http://demo.bit/index.html 2>/tmp/err && fail "answered"
	grep -q "reset\|Empty reply\|Recv failure" /tmp/err ||
		fail "curl said: $(cat /tmp/err)"
	[ $(($(date +%s) - t0)) -le 10 ] || fail "took $(($(date +%s) - t0)) s"
	[ "$(status $NS_C /tmp/connect.sock failed_refused)" -ge 1 ] ||
		fail "no refused connection counted"
	ip netns exec $NS_S $P serve 80 --to 127.0.0.1:8080 \
		--status /tmp/serve.sock 2>>/tmp/serve.log &
	sleep 0.5
}

# The client shuts its sending side first and still gets the whole answer:
# the half-close crosses both proxies.
half_close() {
	printf '#!/bin/sh\ncat > /tmp/hc.in\necho done-after-eof\n' > /tmp/hc.sh
	chmod +x /tmp/hc.sh
	ip netns exec $NS_S nc -l -p 8090 -e /tmp/hc.sh &
	ip netns exec $NS_S $P serve 90 --to 127.0.0.1:8090 \
		--status /tmp/serve90.sock 2>/tmp/serve90.log &
	sleep 0.5
	addr=$(ip netns exec $NS_C getent ahosts demo.bit | awk '/STREAM/ { print $1; exit }')
	out=$(ip netns exec $NS_C "$here/tcp_halfclose" "$addr" 90 request) ||
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
	pid=$(ip netns pids $NS_C | while read -r p; do
		grep -q connect /proc/$p/cmdline 2>/dev/null && echo $p; done)
	ccurl --limit-rate 1M -o /tmp/big.out http://demo.bit/big &
	c=$!
	sleep 1
	kill -TERM "$pid"
	wait $c || fail "the open transfer failed"
	cmp -s /tmp/big.out $WWW/big || fail "the open transfer is damaged"
	sleep 0.5
	kill -0 "$pid" 2>/dev/null && fail "still running"
	grep -q "stopped" /tmp/connect.log || fail "no stop in the log"
}

plan 7
if ! setup; then
	echo "# setup failed"
	cat /tmp/serve.log /tmp/connect.log 2>/dev/null | sed 's/^/# /'
	exit 1
fi
for t in $TESTS; do
	run_test $t
done
finish
