#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the example programs (make unit): usage errors, key
# parsing, and a TCP echo over loopback with the timing lines. The
# AF_MINIMALT paths run in the VM (make demo, make bench). TAP output.
set -u
cd "$(dirname "$0")"
S=${MLT_ECHO_SERVER:-./mlt-echo-server}
C=${MLT_ECHO_CLIENT:-./mlt-echo-client}
BK=${MLT_BULK:-./mlt-bulk}
tmp=$(mktemp -d)
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$tmp"' EXIT
n=0
failed=0

ok() {	# ok DESCRIPTION: the last check passed when $? is 0
	rc=$?
	n=$((n + 1))
	if [ $rc -eq 0 ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		failed=$((failed + 1))
	fi
}

status() {	# status EXPECTED CMD...: CMD exits with EXPECTED
	want=$1
	shift
	"$@" > "$tmp/out" 2> "$tmp/err"
	[ $? -eq "$want" ]
}

listening() {	# listening FILE: wait for the server's line, print its port
	i=0
	while ! grep -q "^listening" "$1" 2>/dev/null && [ $i -lt 200 ]; do
		i=$((i + 1))
		sleep 0.05
	done
	sed -n 's/^listening on TCP port \([0-9]*\)$/\1/p' "$1"
}

K=kU10Ikxp7HQesoGlF4aMc6Aca2/gLqrkbFt/kCu4ng4=

status 0 $S --help && grep -q "^Usage: mlt-echo-server" "$tmp/out"
ok "server --help"
status 0 $C --help && grep -q "^Usage: mlt-echo-client" "$tmp/out"
ok "client --help"
status 2 $S -s 0
ok "server: service 0 is a usage error"
status 2 $S --bogus
ok "server: an unknown option is a usage error"
status 2 $C
ok "client: no target is a usage error"
status 2 $C demo.bit:70000
ok "client: service 70000 is a usage error"
status 2 $C --explicit 10.0.0.1 "$K" short
ok "client: a short key is a usage error"
status 2 $C --explicit 10.0.0.1 "$K" "${K%??}B="
ok "client: a key whose last bits are not zero is a usage error"
status 2 $C --explicit not-an-ip "$K" "$K"
ok "client: a bad address is a usage error"
status 2 $C --tcp 127.0.0.1
ok "client: --tcp without a port is a usage error"

# A TCP echo over loopback, the server picking a free port.
$S --tcp 0 -1 -v > "$tmp/srv1" 2> "$tmp/srv1.err" &
srv=$!
port=$(listening "$tmp/srv1")
[ -n "$port" ]
ok "server --tcp 0 prints its port ($port)"
status 0 $C --tcp "127.0.0.1:$port" -m "echo me" --rtt-ms 10 &&
	grep -q "^reply: echo me$" "$tmp/out" &&
	grep -q "^connect() returned after [0-9.]* ms$" "$tmp/out" &&
	grep -q "^connect-to-first-byte: [0-9.]* ms ([0-9.]* round trips of 10 ms) over TCP$" "$tmp/out"
ok "client --tcp: the echo and the timing lines"
wait $srv
rc=$?
srv=
[ $rc -eq 0 ] && grep -q "^mlt-echo-server: 127.0.0.1:[0-9]*: 7 bytes echoed$" "$tmp/srv1.err"
ok "server -1 exits 0 after one connection, -v counts the bytes"

$S --tcp 0 > "$tmp/srv2" 2>/dev/null &
srv=$!
port=$(listening "$tmp/srv2")
status 0 $C --tcp "[::1]:$port" -j -m x --rtt-ms 40 &&
	grep -Eq '^\{"transport":"tcp","connect_ms":[0-9.]+,"ms":[0-9.]+,"rtt_ms":40,"round_trips":[0-9.]+\}$' "$tmp/out"
ok "client -j over IPv6: one JSON line"
big=$(head -c 3000 /dev/zero | tr '\0' 'z')
status 0 $C --tcp "127.0.0.1:$port" -m "$big" && grep -q "^reply: $big$" "$tmp/out"
ok "a 3000-byte message comes back whole (a server without -1 keeps serving)"
kill $srv
wait $srv 2>/dev/null
srv=
status 1 $C --tcp "127.0.0.1:$port" -t 1 && grep -q "connect: Connection refused" "$tmp/err"
ok "client: a refused connect exits 1 and names the step"

# mlt-bulk: usage, then 3 MiB over TCP on loopback with the server's log.
status 0 "$BK" --help && grep -q "^Usage: mlt-bulk" "$tmp/out"
ok "mlt-bulk --help"
status 2 "$BK" --tcp 127.0.0.1:1
ok "mlt-bulk: neither -n nor -t is a usage error"
status 2 "$BK" --tcp 127.0.0.1:1 -n 5 -t 5
ok "mlt-bulk: both -n and -t is a usage error"
status 2 "$BK" -l -n 5
ok "mlt-bulk: -n with -l is a usage error"
"$BK" -l --tcp 0 --log "$tmp/bulk.log" > "$tmp/bulk" 2>&1 &
srv=$!
bport=$(listening "$tmp/bulk")
# The server writes its last log line once it has read the end of the
# stream, which may be after the client exits: wait for it (5 s at most).
bulk_logged() {
	awk '$1 == 1 { last = $3 } END { exit last != 3145728 }' "$tmp/bulk.log"
}
status 0 "$BK" --tcp "127.0.0.1:$bport" -n 3145728 &&
	grep -Eq '^\{"bytes":3145728,"secs":[0-9.]+,"mbit":[0-9.]+\}$' "$tmp/out" &&
	{
		i=0
		until bulk_logged || [ $i -ge 50 ]; do
			i=$((i + 1))
			sleep 0.1
		done
		bulk_logged
	}
ok "mlt-bulk over TCP: 3 MiB counted by the server, its log ends at 3 MiB"
kill $srv
wait $srv 2>/dev/null
srv=

echo "1..$n"
[ $failed -eq 0 ]
