#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Unmodified programs over MinimaLT through mlt-proxy: curl in a client
# namespace fetches pages from Python's HTTP server (python3 -m
# http.server) in a server namespace, and ssh logs in to sshd there, by
# the name demo.bit, through libnss_minimalt, the client proxy (mlt-proxy
# connect, with its nftables redirect) and the server proxy (mlt-proxy
# serve 80 --to 127.0.0.1:8080).
#
#   $NS_C  10.9.0.1  --veth--  $NS_S  10.9.0.2
#
# The NSS module is installed next to libc and /etc/nsswitch.conf is
# written ("hosts: files minimalt"): the guest is thrown away after the run.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/programs_lib.sh"
M=/mlt/bin/mltctl
P=/mlt/bin/mlt-proxy
[ -x "$M" ] || M=$here/../bin/mltctl
[ -x "$P" ] || P=$here/../bin/mlt-proxy
NSS=$here/../lib/libnss_minimalt.so.2
WWW=/tmp/mlt-proxy-www
TESTS="first_byte_in_one_round_trip page_by_name big_file_intact_and_spliced
ssh_login no_such_name server_down half_close proxy_protocol_names_the_client
reload_reads_the_map silent_server_times_out socket_activation
status_and_log graceful_stop"

missing=$(missing_cmds curl nft python3 ssh sshd ssh-keygen sha256sum)
if [ -n "$missing" ]; then
	skip_all mlt_proxy "missing: $missing" $TESTS
	exit 0
fi
# The client proxy's redirect needs nf_tables (the debug kernel has none).
if ! nft list ruleset >/dev/null 2>&1; then
	skip_all mlt_proxy "no nf_tables in this kernel" $TESTS
	exit 0
fi

ns_names NS_S NS_C
trap 'cleanup_all_ns; rm -rf $WWW /tmp/mlt-proxy-ssh' EXIT
trap 'exit 1' INT TERM

# In the client namespace, as a user would: curl with a short timeout.
ccurl() { ip netns exec $NS_C curl -sS --max-time 20 "$@"; }

setup() {
	programs_setup || return 1
	ip netns exec $NS_S $P serve 80 --to 127.0.0.1:8080 \
		--status /tmp/serve.sock 2>/tmp/serve.log &
	ip netns exec $NS_C nft -f "$here/../share/mlt-proxy.nft" || return 1
	: > /tmp/portmap
	ip netns exec $NS_C $P connect --status /tmp/connect.sock \
		--map /tmp/portmap 2>/tmp/connect.log &
	# Both proxies up: their status sockets answer.
	wait_for 400 ip netns exec $NS_S $P status --status /tmp/serve.sock &&
		wait_for 400 ip netns exec $NS_C $P status \
			--status /tmp/connect.sock
}

# status NS SOCKET KEY: one counter of a proxy.
status() {
	ip netns exec "$1" $P status --status "$2" | sed -n "s/^$3 //p"
}

# The point of the transport, through both proxies (programs_lib.sh).
first_byte_in_one_round_trip() {
	first_byte_check ccurl
}

page_by_name() {
	out=$(ccurl http://demo.bit/index.html) || fail "curl failed"
	[ "$out" = "hello from demo.bit" ] || fail "got: $out"
	# Another port of the name is another service: nobody there.
	ccurl -o /dev/null http://demo.bit:8081/ && fail "port 8081 answered"
	return 0
}

# The big file intact, and through pipes: neither proxy copied them up to itself
# (splice) nor fell back to its buffers.
big_file_intact_and_spliced() {
	want=$(sha256sum < $WWW/big | cut -d' ' -f1)
	got=$(ccurl --max-time 60 http://demo.bit/big | sha256sum | cut -d' ' -f1)
	[ "$want" = "$got" ] || fail "checksum $got, want $want"
	for px in "$NS_C /tmp/connect.sock" "$NS_S /tmp/serve.sock"; do
		# shellcheck disable=SC2086 # two words: the namespace, the socket
		n=$(status $px bytes_spliced)
		[ "$n" -ge "$(wc -c < $WWW/big)" ] || fail "$px: $n bytes spliced"
		# shellcheck disable=SC2086
		[ "$(status $px splice_fallbacks)" -eq 0 ] ||
			fail "$px: fell back to copying"
	done
}

# ssh, unmodified, logs in to sshd by the name: port 22 is service 22.
ssh_login() {
	d=/tmp/mlt-proxy-ssh
	rm -rf $d
	mkdir -p $d /run/sshd /root/.ssh
	chmod 755 /run/sshd
	ssh-keygen -q -t ed25519 -N '' -f $d/host
	ssh-keygen -q -t ed25519 -N '' -f $d/user
	cp $d/user.pub /root/.ssh/authorized_keys
	chmod 700 /root/.ssh
	chmod 600 /root/.ssh/authorized_keys
	ip netns exec $NS_S /usr/sbin/sshd -f /dev/null -h $d/host \
		-o ListenAddress=127.0.0.1:2222 -o PidFile=$d/sshd.pid \
		-o UsePAM=no -o PermitRootLogin=prohibit-password \
		-E $d/sshd.log || fail "sshd did not start"
	ip netns exec $NS_S $P serve 22 --to 127.0.0.1:2222 \
		--status /tmp/serve22.sock >/dev/null 2>/tmp/serve22.log &
	sleep 0.5
	out=$(ip netns exec $NS_C ssh -F /dev/null -i $d/user -o BatchMode=yes \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		-o ConnectTimeout=20 -o LogLevel=ERROR root@demo.bit \
		'echo "over $SSH_CONNECTION"') || {
		cat $d/sshd.log /tmp/serve22.log
		fail "ssh failed"
	}
	# sshd sees its client as the proxy, on loopback.
	echo "$out" | grep -q "^over 127.0.0.1 [0-9]* 127.0.0.1 2222$" ||
		fail "got: $out"
	kill "$(cat $d/sshd.pid)"
}

# No resolver runs: a name without an entry fails as an unresolvable
# host, at once.
no_such_name() {
	no_such_name_check ccurl
}

# The server proxy gone: the MinimaLT connection is refused, and curl
# sees its TCP connection reset, as from a host with the port closed.
server_down() {
	# shellcheck disable=SC2046 # one argument a process
	kill $(ns_pid $NS_S /tmp/serve.sock)
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

# serve --proxy-protocol: the backend reads a PROXY protocol v2 header
# first, naming the client's address and, in TLV 0xE0, its tunnel key.
proxy_protocol_names_the_client() {
	cat > /tmp/pp2.py <<'PY'
import socket, struct, sys
ls = socket.create_server(("127.0.0.1", 8095))
print("ready", flush=True)
c, _ = ls.accept()
h = b""
while len(h) < 16:
    h += c.recv(16 - len(h))
assert h[:12] == b"\r\n\r\n\x00\r\nQUIT\n", h
ver, fam, n = h[12], h[13], struct.unpack("!H", h[14:16])[0]
body = b""
while len(body) < n:
    body += c.recv(n - len(body))
if fam == 0x11:
    src = socket.inet_ntop(socket.AF_INET, body[0:4]); rest = body[12:]
else:
    src = socket.inet_ntop(socket.AF_INET6, body[0:16]); rest = body[36:]
tlv = {}
while len(rest) >= 3:
    t, l = rest[0], struct.unpack("!H", rest[1:3])[0]
    tlv[t] = rest[3:3 + l]; rest = rest[3 + l:]
c.recv(1)  # the client's byte: a close with it unread would be a reset
c.sendall(("ver %#x src %s key %d\n" % (ver, src, len(tlv.get(0xE0, b"")))).encode())
c.close()
PY
	ip netns exec $NS_S python3 /tmp/pp2.py > /tmp/pp2.out 2>&1 &
	ip netns exec $NS_S $P serve 95 --to 127.0.0.1:8095 --proxy-protocol \
		--status /tmp/serve95.sock >/dev/null 2>/tmp/serve95.log &
	i=0
	until grep -q ready /tmp/pp2.out; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "backend: $(cat /tmp/pp2.out)"
		sleep 0.1
	done
	addr=$(ip netns exec $NS_C getent ahosts demo.bit | awk '/STREAM/ { print $1; exit }')
	out=$(ip netns exec $NS_C timeout 20 "$here/tcp_halfclose" "$addr" 95 x) ||
		fail "no answer: $(cat /tmp/pp2.out)"
	case $out in
	"ver 0x21 src 10.9.0.1 key 32" | "ver 0x21 src ::ffff:10.9.0.1 key 32") ;;
	*) fail "backend saw: $out $(cat /tmp/pp2.out /tmp/serve95.log)" ;;
	esac
}

# SIGHUP: the connect proxy reads its map again; a new rule takes effect
# without a restart.
reload_reads_the_map() {
	ccurl -o /dev/null http://demo.bit:8081/ && fail "port 8081 answered"
	echo "demo.bit 8081 80" > /tmp/portmap
	# shellcheck disable=SC2046
	kill -HUP $(ns_pid $NS_C /tmp/connect.sock)
	sleep 0.3
	out=$(ccurl http://demo.bit:8081/index.html) || fail "curl failed"
	[ "$out" = "hello from demo.bit" ] || fail "got: $out"
	grep -q "reload: /tmp/portmap: 1 rules" /tmp/connect.log ||
		fail "no reload in the log"
}

# A server that has gone silent: the MinimaLT connection times out (the
# client's tunnel timeout, 3 s here) and curl's connection is reset then,
# counted as a time-out, not left hanging.
silent_server_times_out() {
	ip netns exec $NS_C $M config tunnel-timeout 3000
	ip netns exec $NS_C tc qdisc add dev vc root netem loss 100%
	t0=$(date +%s)
	ccurl http://demo.bit/index.html 2>/tmp/err && fail "answered"
	t=$(($(date +%s) - t0))
	ip netns exec $NS_C tc qdisc del dev vc root
	ip netns exec $NS_C $M config tunnel-timeout 30000
	grep -q "reset\|Empty reply\|Recv failure" /tmp/err ||
		fail "curl said: $(cat /tmp/err)"
	[ $t -le 15 ] || fail "took $t s"
	[ "$(status $NS_C /tmp/connect.sock failed_timeout)" -ge 1 ] ||
		fail "no time-out counted: $(tail -n 2 /tmp/connect.log)"
}

# Socket activation, as mlt-proxy.socket does it: the listening socket
# comes as descriptor 3 with LISTEN_FDS and LISTEN_PID. This one listens
# on the name's virtual address itself, with no nftables rule: the
# address the client reached names the server.
socket_activation() {
	ip netns exec $NS_C nft delete table inet mlt_proxy
	v4=$(ip netns exec $NS_C getent ahostsv4 demo.bit | awk '{ print $1; exit }')
	cat > /tmp/sa.py <<PY
import os, socket
s = socket.create_server(("$v4", 80))
os.dup2(s.fileno(), 3)
os.set_inheritable(3, True)
os.environ["LISTEN_FDS"] = "1"
os.environ["LISTEN_PID"] = str(os.getpid())
os.execv("$P", ["$P", "connect", "--status", "/tmp/sa.sock"])
PY
	ip netns exec $NS_C python3 /tmp/sa.py >/dev/null 2>/tmp/sa.log &
	i=0
	until ip netns exec $NS_C $P status --status /tmp/sa.sock >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 100 ] || break
		sleep 0.1
	done
	out=$(ccurl "http://$v4/index.html")
	# shellcheck disable=SC2046
	kill $(ns_pid $NS_C /tmp/sa.sock)
	ip netns exec $NS_C nft -f "$here/../share/mlt-proxy.nft"
	[ "$out" = "hello from demo.bit" ] || fail "got: $out $(cat /tmp/sa.log)"
	grep -q "ready, 1 listening sockets" /tmp/sa.log ||
		fail "not the socket it was given: $(head -n 1 /tmp/sa.log)"
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
	pid=$(ns_pid $NS_C /tmp/connect.sock)
	ccurl --limit-rate 4M -o /tmp/big.out http://demo.bit/big \
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

plan "$(echo $TESTS | wc -w)"
if ! setup; then
	echo "# setup failed"
	cat /tmp/serve.log /tmp/connect.log 2>/dev/null | sed 's/^/# /'
	exit 1
fi
for t in $TESTS; do
	run_test $t
done
if ! finish; then
	for log in /tmp/connect.log /tmp/serve.log; do
		echo "# $log:"
		tail -n 30 $log | sed 's/^/#   /'
	done
	exit 1
fi
