#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2046 # stats prints the words that set -- takes
#
# The guest half of scripts/bench-programs: unmodified programs over
# MinimaLT (issue 13, Documentation/programs.rst), against the same
# programs over TCP, in the same run.
#
#   sh bench-programs-guest.sh [RUNS] [MIB]      (defaults 10 and 64)
#
# 1. curl's time to the first byte of a page (its time_starttransfer,
#    from its start: name lookup and the local hops included), to a
#    never-seen host, on a link of 40 ms round trip:
#      proxies   curl http://demo.bit/ through libnss_minimalt, mlt-proxy
#                connect (its nftables redirect) and mlt-proxy serve 80;
#      preload   the same URL with LD_PRELOAD=libmlt-preload.so and no
#                client proxy (when the library was built);
#      TCP       curl http://SERVER:8080/ to the same server, plain TCP.
#    The server is python3 -m http.server behind mlt-proxy serve. Every run
#    makes a fresh client namespace on a fresh veth pair (no tunnel, no TCP
#    state, neighbours entered by hand: no ARP inside a measured time). As
#    in bench-latency, RUNS runs over the delayed link alternate with RUNS
#    over a link without delay, and the difference of the medians takes
#    the emulated CPU's costs out: "net" round trips.
# 2. Throughput of one bulk transfer of MIB MiB, client to server, by
#    mlt-bulk (no delay: the emulated CPU is the bottleneck, which is where
#    a proxy's cost shows): straight over AF_MINIMALT, as TCP through both
#    proxies (mlt-bulk --tcp to the name's virtual address), and over plain
#    TCP. Three runs of each, the median reported.
#
# Reported, never asserted. Exit status: 0 when every run worked.
set -u
B=/mlt/bin
M=$B/mltctl
P=$B/mlt-proxy
PRELOAD=/mlt/lib/libmlt-preload.so
RTT=40
RUNS=${1:-10}
MIB=${2:-64}
D=/tmp/bench-programs
failed=0

. /mlt/scripts/bench-lib.sh

rm -rf $D
mkdir -p $D/www
echo "hello from demo.bit" > $D/www/index.html
for libc in /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /lib64 /lib; do
	[ -e $libc/libc.so.6 ] && break
done
must cp /mlt/lib/libnss_minimalt.so.2 "$libc/"
echo "hosts: files minimalt" > /etc/nsswitch.conf

must modprobe minimalt
must ip netns add server
must ip -n server link set lo up
key=$($M genkey) && identity=$(echo "$key" | $M pubkey) &&
	echo "$key" | on server $M identity set - &&
	eph=$(on server $M eph rotate lifetime 3600) ||
	{ note "FAILED: the server's keys"; exit 1; }

on server python3 -m http.server --bind 0.0.0.0 --directory $D/www 8080 \
	> $D/http.log 2>&1 &
on server $P serve 80 --to 127.0.0.1:8080 --status $D/serve80.sock \
	> /dev/null 2> $D/serve80.log &
on server $B/mlt-bulk -l -s 9 > $D/bulk-mlt.out 2>&1 &
on server $B/mlt-bulk -l --tcp 9009 > $D/bulk-tcp.out 2>&1 &
on server $P serve 9009 --to 127.0.0.1:9009 --status $D/serve9009.sock \
	> /dev/null 2> $D/serve9009.log &
w=0
until on server curl -s -o /dev/null http://127.0.0.1:8080/ &&
	grep -qs listening $D/bulk-mlt.out && grep -qs listening $D/bulk-tcp.out; do
	w=$((w + 1))
	[ $w -le 300 ] || { note "FAILED: the servers did not start"; exit 1; }
	sleep 0.1
done

# client N DELAY PROXY: namespace cN on link vN-sN (10.8.N.0/24), DELAY ms
# each way, demo.bit in its directory; PROXY=1 starts a client proxy there.
client() {
	bench_link "$1" "$2"
	must on c$1 $M dir add demo.bit addr 10.8.$1.2 port 4747 \
		identity "$identity" eph "$eph" lifetime 3600
	[ "$3" = 1 ] || return 0
	must on c$1 nft -f /mlt/share/mlt-proxy.nft
	on c$1 $P connect --status $D/c$1.sock > /dev/null 2> $D/c$1.log &
	w=0
	until on c$1 $P status --status $D/c$1.sock > /dev/null 2>&1; do
		w=$((w + 1))
		[ $w -le 100 ] || { note "FAILED: client proxy in c$1"; exit 1; }
		sleep 0.1
	done
}

drop_client() {
	for p in $(ip netns pids c$1); do
		kill "$p" 2>/dev/null
	done
	sleep 0.1
	ip netns del c$1
}

# ttfb N KIND RTT CURL-ARG...: curl's time to first byte, ms, into KIND-RTT;
# curl runs with $PRE in its environment.
PRE=
ttfb() {
	t_n=$1 t_kind=$2 t_rtt=$3
	shift 3
	# shellcheck disable=SC2086 # PRE: no word or one assignment
	if out=$(on c$t_n env $PRE curl -sS --max-time 10 -o /dev/null \
		-w '%{time_starttransfer}\n' "$@" 2>&1); then
		echo "$out" | awk '{ printf "%.2f\n", $1 * 1000 }' \
			>> $D/$t_kind-$t_rtt
	else
		note "FAILED: run $t_n, $t_kind, $t_rtt ms round trip: $out"
		failed=$((failed + 1))
	fi
}

kinds="proxies tcp"
[ -e $PRELOAD ] && kinds="proxies preload tcp"
for k in $kinds; do
	: > $D/$k-$RTT
	: > $D/$k-0
done
echo "bench: $RUNS runs with $RTT ms round trip and $RUNS without delay," \
	"each to a never-seen host: $kinds..."
n=1
i=1
while [ $i -le $((2 * RUNS)) ]; do
	rtt=$RTT
	[ $((i % 2)) -eq 0 ] && rtt=0
	client $n $((rtt / 2)) 1
	ttfb $n proxies $rtt http://demo.bit/
	ttfb $n tcp $rtt http://10.8.$n.2:8080/
	drop_client $n
	n=$((n + 1))
	if [ -e $PRELOAD ]; then
		client $n $((rtt / 2)) 0
		PRE=LD_PRELOAD=$PRELOAD
		ttfb $n preload $rtt http://demo.bit/
		PRE=
		drop_client $n
		n=$((n + 1))
	fi
	i=$((i + 1))
done

echo
echo "curl's time to the first byte of http://demo.bit/ (python3 -m http.server),"
echo "to a never-seen host (netem delay $((RTT / 2)) ms on each side: $RTT ms round trip;"
echo "the same without delay, 0ms, measures the emulator's costs)"
echo
printf '  %-28s  %4s  %9s %9s %9s   %9s %9s   %s\n' "" runs median min max \
	"0ms:med" "0ms:min" "round trips (net, by min, raw)"
for k in $kinds; do
	case $k in
	proxies) name="NSS + mlt-proxy (both)" ;;
	preload) name="LD_PRELOAD, mlt-proxy serve" ;;
	tcp) name="TCP, straight" ;;
	esac
	set -- $(stats $D/$k-$RTT)
	if [ "$1" = 0 ]; then
		printf '  %-28s  no successful run\n' "$name"
		continue
	fi
	runs=$1 d=$2 dmin=$3 dmax=$4
	set -- $(stats $D/$k-0)
	[ "$1" = 0 ] && set -- 0 0 0 0
	awk -v n="$name" -v r=$runs -v d=$d -v a=$dmin -v b=$dmax -v z=$2 \
		-v zmin=$3 -v rtt=$RTT 'BEGIN {
		printf "  %-28s  %4d  %6.1f ms %6.1f ms %6.1f ms   %6.1f ms %6.1f ms   %.2f, %.2f, %.2f\n",
		       n, r, d, a, b, z, zmin, (d - z) / rtt, (a - zmin) / rtt, d / rtt }'
done
echo
echo "  net = (median - median without delay) / $RTT ms; by min = the same with"
echo "  the minima (the runs the emulator slowed least); raw = median / $RTT ms."
echo "  Expected: about 1 round trip through the proxies or the preload path"
echo "  (the request in the tunnel's first datagram; the local hops add no"
echo "  round trip), 2 for TCP (handshake, then the request)."

# Throughput, on a link without delay.
client 250 0 1
vaddr=$(on c250 getent ahosts demo.bit | awk '/STREAM/ { print $1; exit }')
: > $D/bulk-mlt
: > $D/bulk-proxies
: > $D/bulk-tcp
bulk() {	# bulk KIND TARGET...: one transfer's Mbit/s into bulk-KIND
	b_kind=$1
	shift
	if out=$(on c250 timeout 300 $B/mlt-bulk "$@" -n $((MIB * 1048576)) 2>&1); then
		echo "$out" | sed -n 's/.*"mbit":\([0-9.]*\).*/\1/p' >> $D/bulk-$b_kind
	else
		note "FAILED: bulk $*: $out"
		failed=$((failed + 1))
	fi
}
echo
echo "bench: $MIB MiB client to server, three times each way..."
for _ in 1 2 3; do
	bulk mlt demo.bit:9
	bulk proxies --tcp "$vaddr:9009"
	bulk tcp --tcp 10.8.250.2:9009
done
echo
echo "one bulk transfer of $MIB MiB, client to server, no delay (Mbit/s, median of 3)"
for k in mlt proxies tcp; do
	case $k in
	mlt) name="AF_MINIMALT, straight" ;;
	proxies) name="TCP through both proxies" ;;
	tcp) name="TCP, straight" ;;
	esac
	set -- $(stats $D/bulk-$k)
	if [ "$1" = 0 ]; then
		printf '  %-26s  no successful run\n' "$name"
		continue
	fi
	printf '  %-26s  %8.1f  (min %.1f, max %.1f)\n' "$name" "$2" "$3" "$4"
	echo "$2" > $D/bulk-$k.med
done
if [ -s $D/bulk-mlt.med ] && [ -s $D/bulk-proxies.med ]; then
	awk 'NR == 1 { m = $1 } NR == 2 { p = $1 }
	END { if (m > 0) printf "\n  through the proxies: %.2f of the straight AF_MINIMALT figure\n", p / m }' \
		$D/bulk-mlt.med $D/bulk-proxies.med
fi
echo "  client proxy: $(on c250 $P status --status $D/c250.sock | tr '\n' ' ')"

if [ $failed -gt 0 ]; then
	note "FAILED: $failed runs did not complete (see above)"
	exit 1
fi
