#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of scripts/bench-latency: the time from connect() to the
# first byte of the reply, to a never-seen host, over AF_MINIMALT and TCP.
#
#   sh bench-latency-guest.sh [RUNS]      (default 10)
#
# One server namespace runs mlt-echo-server on MinimaLT service 7 and on
# TCP port 7007. Each run makes a fresh client namespace on a fresh veth
# pair to the server, so no tunnel, no TCP state and no cached route exist:
# the host is never-seen. The client's directory names the server
# bench.bit; each run makes one AF_MINIMALT echo, then one TCP echo.
#
# The link's "40 ms of netem delay" is 20 ms on each side's egress: a round
# trip of 40 ms. RUNS runs go over such a link and RUNS more, interleaved,
# over a link without delay: the emulated CPU (X25519 in software under
# TCG, process wake-ups) costs milliseconds that are not round trips, and
# the difference of the medians takes them out. Reported, never asserted.
#
# Exit status: 0 when every run of both transports gave its echo.
set -u
B=/mlt/bin
M=$B/mltctl
RTT=40
RUNS=${1:-10}
D=/tmp/bench
failed=0
mlt=1

. /mlt/scripts/bench-lib.sh

mkdir -p $D
must ip netns add server
must ip -n server link set lo up
if ! modprobe minimalt; then
	note "FAILED: modprobe minimalt: AF_MINIMALT runs skipped, TCP only"
	mlt=
elif ! key=$($M genkey) || ! identity=$(echo "$key" | $M pubkey) ||
	! echo "$key" | on server $M identity set - ||
	! eph=$(on server $M eph rotate lifetime 3600); then
	note "FAILED: server identity or ephemeral key: AF_MINIMALT runs skipped"
	mlt=
fi

start_server() {	# start_server NAME ARG...: logs into $D/NAME.log
	log=$D/$1.log
	shift
	on server $B/mlt-echo-server "$@" > $log 2>&1 &
	w=0
	until grep -qs '^listening' $log; do
		w=$((w + 1))
		if [ $w -gt 50 ]; then
			note "FAILED: mlt-echo-server $*: not listening:"
			cat $log
			return 1
		fi
		sleep 0.1
	done
}
[ -n "$mlt" ] && ! start_server mlt -s 7 && mlt=
start_server tcp --tcp 7007 || exit 1

client() {	# client N DELAY: bench_link, and bench.bit in its directory
	bench_link "$1" "$2"
	[ -z "$mlt" ] || on c$1 $M dir add bench.bit addr 10.8.$1.2 port 4747 \
		identity "$identity" eph "$eph" lifetime 3600 ||
		{ note "FAILED: mltctl dir add in c$1"; mlt=; }
}

measure() {	# measure N KIND RTT ARG...: one echo, its ms into $D/KIND-RTT
	m_n=$1 m_kind=$2 m_rtt=$3
	shift 3
	if out=$(on c$m_n $B/mlt-echo-client "$@" -j -t 10 2>&1); then
		echo "$out" | sed -n 's/.*"ms":\([0-9.]*\).*/\1/p' >> $D/$m_kind-$m_rtt
	else
		note "FAILED: run $m_n, $m_kind, $m_rtt ms round trip: $out"
		failed=$((failed + 1))
	fi
}

: > $D/mlt-$RTT; : > $D/tcp-$RTT; : > $D/mlt-0; : > $D/tcp-0
echo "bench: $RUNS runs with $RTT ms round trip and $RUNS without delay," \
	"each to a never-seen host..."
i=1
while [ $i -le $((2 * RUNS)) ]; do
	rtt=$RTT
	[ $((i % 2)) -eq 0 ] && rtt=0
	client $i $((rtt / 2))
	[ -n "$mlt" ] && measure $i mlt $rtt bench.bit:7
	measure $i tcp $rtt --tcp 10.8.$i.2:7007
	# Its tunnel lives on in the server until it times out: harmless.
	ip netns del c$i
	i=$((i + 1))
done

echo
echo "connect() to the first reply byte, to a never-seen host"
echo "(netem delay $((RTT / 2)) ms on each side's egress: $RTT ms round trip;"
echo " the same over a link without delay, 0ms, measures the emulator's costs)"
echo
printf '  %-11s  %4s  %9s %9s %9s   %9s %9s   %s\n' "" runs median min max \
	"0ms:med" min "round trips (net, raw)"
for t in mlt tcp; do
	name=AF_MINIMALT
	[ $t = tcp ] && name=TCP
	set -- $(stats $D/$t-$RTT)
	if [ "$1" = 0 ]; then
		printf '  %-11s  no successful run\n' $name
		continue
	fi
	d=$2 dmin=$3 dmax=$4 runs=$1
	set -- $(stats $D/$t-0)
	[ "$1" = 0 ] && set -- 0 0 0 0
	awk -v n=$name -v r=$runs -v d=$d -v a=$dmin -v b=$dmax -v z=$2 \
		-v zmin=$3 -v rtt=$RTT 'BEGIN {
		printf "  %-11s  %4d  %6.1f ms %6.1f ms %6.1f ms   %6.1f ms %6.1f ms   %.2f, %.2f\n",
		       n, r, d, a, b, z, zmin, (d - z) / rtt, d / rtt }'
	echo "$d $2" > $D/$t.med
done
if [ -s $D/mlt.med ] && [ -s $D/tcp.med ]; then
	awk -v rtt=$RTT '
	NR == 1 { m = ($1 - $2) / rtt } NR == 2 { t = ($1 - $2) / rtt }
	END { if (m > 0) printf "\n  TCP takes %.2f times the round trips of AF_MINIMALT (net medians: %.2f against %.2f)\n", t / m, t, m }' \
		$D/mlt.med $D/tcp.med
fi
echo
echo "  net = (median - median without delay) / $RTT ms; raw = median / $RTT ms."
echo "  Expected: about 1 round trip for AF_MINIMALT (data in the first"
echo "  datagram), 2 for TCP (handshake, then data)."

if [ -z "$mlt" ]; then
	note "FAILED: AF_MINIMALT was not measured (see above)"
	exit 1
fi
if [ $failed -gt 0 ]; then
	note "FAILED: $failed runs gave no echo (see above)"
	exit 1
fi
