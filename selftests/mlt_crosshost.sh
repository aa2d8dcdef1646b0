#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# One of the two guests of scripts/check-arch, joined to the other by a
# QEMU socket network on eth0 (no namespaces: each guest is a host):
#
#   first   (x86-64)  10.77.0.1  --eth0 / QEMU socket--  10.77.0.2  second (s390x)
#
# Usage: mlt_crosshost.sh first|second [BYTES]
#
# Each guest loads the module, makes an identity and an ephemeral key and
# starts mlt-echo-server on service 7. Then the two learn each other's public
# identity key and ephemeral key over plain TCP (busybox nc, port 7000),
# and each names the other "peer.test" in its directory. Then, in turn:
#
#   1. first is the client: it opens the tunnel, and mlt_crosshost checks
#      an echo and BYTES (default 8 MiB) there and back by SHA-256; then
#      it tells second to go (port 7001);
#   2. second is the client of a tunnel it opens itself, the same checks;
#      then it tells first it is done (port 7002).
#
# Each guest prints TAP; the run fails if either does.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
M=/mlt/bin/mltctl
export MLTCTL=$M

role=$1
bytes=${2:-8388608}
case $role in
first) me=10.77.0.1 peer=10.77.0.2 ;;
second) me=10.77.0.2 peer=10.77.0.1 ;;
*) echo "usage: mlt_crosshost.sh first|second [BYTES]" >&2; exit 2 ;;
esac
export MLT_PEER=peer.test MLT_PEER_SERVICE=7 MLT_XFER_BYTES="$bytes"
trap 'kill $(jobs -p) 2>/dev/null' EXIT

# get PORT WAIT: one line from the peer's PORT, retried for WAIT seconds.
get() {
	_i=0
	while [ $_i -lt "$2" ]; do
		_l=$(nc -w 5 $peer "$1" </dev/null 2>/dev/null)
		[ -n "$_l" ] && { echo "$_l"; return 0; }
		sleep 1
		_i=$((_i + 1))
	done
	return 1
}

# put PORT LINE: serve LINE once on PORT, in the background.
put() {
	echo "$2" > "/tmp/put.$1"
	nc -l -p "$1" < "/tmp/put.$1" >/dev/null 2>&1 &
}

# say WHY: a diagnostic, and failure.
say() {
	echo "# $*"
	return 1
}

setup() {
	modprobe minimalt || say "modprobe minimalt" || return 1
	ip addr add $me/24 dev eth0 || say "no eth0" || return 1
	ip link set eth0 up
	echo "# $(uname -m), $(uname -r): $me, the peer $peer"
	key=$($M genkey) || say "genkey" || return 1
	echo "$key" | $M identity set - || say "identity set" || return 1
	id=$(echo "$key" | $M pubkey) || say "pubkey" || return 1
	eph=$($M eph rotate) || say "eph rotate" || return 1
	# Listening before the peer learns the keys, or its first connect
	# may come first and be refused.
	mlt-echo-server -s 7 >/tmp/echo.out 2>&1 &
	_i=0
	until grep -q listening /tmp/echo.out; do
		_i=$((_i + 1))
		[ $_i -le 100 ] || say "mlt-echo-server: $(cat /tmp/echo.out)" ||
			return 1
		sleep 0.1
	done
	put 7000 "$id $eph"
	# The guests boot at different speeds (s390x under TCG is the
	# slower): wait up to 10 minutes for the other.
	theirs=$(get 7000 600) || say "nothing from $peer:7000" || return 1
	# shellcheck disable=SC2086 # two words: the keys
	set -- $theirs
	[ $# -eq 2 ] || say "the peer sent '$theirs'" || return 1
	$M dir add peer.test addr $peer port 4747 identity "$1" eph "$2" ||
		say "dir add" || return 1
}

# client N: this host opens a tunnel to the peer and runs mlt_crosshost
# over it; prints test N's TAP line.
client() {
	r="not ok"
	"$here/mlt_crosshost" >/tmp/crosshost.out 2>&1 && r=ok
	sed 's/^/# /' /tmp/crosshost.out
	echo "# tunnels here: $($M tunnels | head -n 5)"
	echo "$r $1 client: $(uname -m) opens the tunnel, echo and $bytes bytes both ways"
}

# server N RESULT: test N is the peer's client run against this host.
server() {
	if [ "$2" = ok ]; then
		echo "ok $1 server: the peer's client passed against $(uname -m)"
	else
		echo "not ok $1 server: the peer's client against $(uname -m): ${2:-no word from it}"
	fi
}

plan 3
if setup; then
	echo "ok 1 setup"
else
	echo "not ok 1 setup"
	exit 1
fi
if [ "$role" = first ]; then
	client 2 | tee /tmp/client.tap
	grep -q '^ok 2' /tmp/client.tap && mine=ok || mine=fail
	put 7001 "go $mine"
	theirs=$(get 7002 1200)
	server 3 "${theirs#done }"
else
	theirs=$(get 7001 1200)
	server 2 "${theirs#go }"
	client 3 | tee /tmp/client.tap
	grep -q '^ok 3' /tmp/client.tap && mine=ok || mine=fail
	put 7002 "done $mine"
	# Until the first has read it.
	wait $! 2>/dev/null
fi
! grep -q '^not ok' /tmp/client.tap && [ "${theirs#* }" = ok ]
