#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of scripts/bench-transport: bulk throughput of one stream
# over AF_MINIMALT, plain TCP and TCP over WireGuard, in the same run, over
# the same shaped link; a table of Mbit/s and ratios. Reported, never
# asserted.
#
#   sh bench-transport-guest.sh [SIZE [SHARE_SECONDS [TIMEOUT [ROUNDS [PARTS]]]]]
#      (defaults: 67108864 bytes, 20 s, 600 s per transfer, 1 round,
#      "rtt loss neck share")
#
# PARTS are the parts to run, of "rtt loss neck share" (one argument);
# ROUNDS how many times each kind's transfer runs per part, the kinds
# taking turns within a round: the table gives the median of the rounds
# (and the queueing delay the median of theirs), and each round's figure
# is in the log above it. Under emulation one transfer's rate varies by a factor of
# two from run to run; take three rounds or more to compare builds.
#
# Two namespaces, client bc (10.6.0.1) and server bs (10.6.0.2), joined by
# a veth pair without GSO (every packet on it is wire-sized); WireGuard (when /mlt/bin/wg exists) between them over that
# pair, 10.7.0.1 and 10.7.0.2. Each egress is shaped the same way:
#   rtt    netem delay 20ms: a 40 ms round trip
#   loss   the same, loss 1% (each way)
#   neck   the same, then tbf rate 20mbit, a queue of 100 KiB (limit
#          102400 bytes, burst 8 KiB)
# mlt-bulk sends SIZE bytes client to server (its rate runs from connect()
# to the server's count of what arrived). Under "neck", busybox ping
# (every 0.2 s, its first second left out) measures the round trip when
# idle and during each transfer (queueing delay = during - idle). Then the shares: a flow of each kind against one
# TCP flow through the same bottleneck for 5 s of warm-up and SHARE_SECONDS
# measured, from the server's log of bytes received (mlt-bulk --log).
#
# Exit status: 0 when the setup worked (a failed or timed-out transfer is
# a result: "fail" or "t/o" in the table).
set -u
B=/mlt/bin
M=$B/mltctl
SIZE=${1:-67108864}
SHARE=${2:-20}
LIMIT=${3:-600}
ROUNDS=${4:-1}
SCEN=${5:-rtt loss neck share}
WARM=5
D=/tmp/bench-transport
NECK_Q=102400

. /mlt/scripts/bench-lib.sh
now() { cut -d' ' -f1 /proc/uptime; }

rm -rf $D
mkdir -p $D
must modprobe minimalt
must ip netns add bs
must ip netns add bc
must ip -n bs link set lo up
must ip -n bc link set lo up
# No GSO on the pair: netem then drops and tbf queues wire-sized packets
# (a 64 KiB TCP super-packet lost at once would be 1% of 45 packets).
must ip link add vc netns bc gso_max_segs 1 gso_max_size 1500 type veth \
	peer name vs netns bs gso_max_segs 1 gso_max_size 1500
must ip -n bc addr add 10.6.0.1/24 dev vc
must ip -n bs addr add 10.6.0.2/24 dev vs
must ip -n bc link set vc up
must ip -n bs link set vs up
if ! key=$($M genkey) || ! identity=$(echo "$key" | $M pubkey) ||
	! echo "$key" | on bs $M identity set - ||
	! eph=$(on bs $M eph rotate lifetime 36000) ||
	! on bc $M dir add bench.bit addr 10.6.0.2 port 4747 \
		identity "$identity" eph "$eph" lifetime 36000; then
	note "FAILED: MinimaLT identity, key or directory entry"
	exit 1
fi

wg=
if [ -x $B/wg ]; then
	umask 077
	if $B/wg genkey > $D/s.key && $B/wg genkey > $D/c.key &&
		spub=$($B/wg pubkey < $D/s.key) && cpub=$($B/wg pubkey < $D/c.key) &&
		ip -n bs link add wg0 type wireguard &&
		ip -n bc link add wg0 type wireguard &&
		on bs $B/wg set wg0 listen-port 51820 private-key $D/s.key \
			peer "$cpub" allowed-ips 10.7.0.1/32 endpoint 10.6.0.1:51820 &&
		on bc $B/wg set wg0 listen-port 51820 private-key $D/c.key \
			peer "$spub" allowed-ips 10.7.0.2/32 endpoint 10.6.0.2:51820 &&
		ip -n bs addr add 10.7.0.2/24 dev wg0 &&
		ip -n bc addr add 10.7.0.1/24 dev wg0 &&
		ip -n bs link set wg0 up && ip -n bc link set wg0 up; then
		wg=1
	else
		note "WireGuard setup failed: its column is empty"
	fi
	umask 022
else
	note "no wg tool in the guest (wireguard-tools): the WireGuard column is empty"
fi

start_server() {	# start_server NAME ARG...: logs in $D/NAME.*
	_n=$1
	shift
	on bs $B/mlt-bulk -l "$@" --log "$D/$_n.log" > "$D/$_n.out" 2>&1 &
	_w=0
	until grep -qs '^listening' "$D/$_n.out"; do
		_w=$((_w + 1))
		[ $_w -le 50 ] || { note "FAILED: mlt-bulk -l $*:"; cat "$D/$_n.out"; exit 1; }
		sleep 0.1
	done
}
# A server per kind of flow, and one for the rival TCP flow of the shares:
# each log then holds one kind's connections alone.
start_server mlt -s 9
start_server tcp --tcp 5001
start_server wg --tcp 5002
start_server rival --tcp 5003

shape() {	# shape rtt|loss|neck: the same on both egresses
	mode=$1
	for side in "bc vc" "bs vs"; do
		# shellcheck disable=SC2086 # two words: namespace, device
		set -- $side "$mode"
		on "$1" tc qdisc del dev "$2" root 2>/dev/null
		case $3 in
		rtt) on "$1" tc qdisc add dev "$2" root netem delay 20ms limit 100000 ;;
		loss) on "$1" tc qdisc add dev "$2" root netem delay 20ms loss 1% limit 100000 ;;
		neck)
			on "$1" tc qdisc add dev "$2" root handle 1: netem delay 20ms limit 100000 &&
				on "$1" tc qdisc add dev "$2" parent 1:1 handle 10: \
					tbf rate 20mbit burst 8kb limit $NECK_Q ;;
		esac || { note "FAILED: tc on $2 ($3)"; exit 1; }
	done
}

# The client's arguments for a kind of flow: mlt, tcp, wg or rival.
target() {
	case $1 in
	mlt) echo bench.bit:9 ;;
	tcp) echo --tcp 10.6.0.2:5001 ;;
	wg) echo --tcp 10.7.0.2:5002 ;;
	rival) echo --tcp 10.6.0.2:5003 ;;
	esac
}

# transfer KIND SCENARIO ROUND: SIZE bytes; Mbit/s into
# $D/KIND-SCENARIO.ROUND ("fail" or "t/o" if there is none).
transfer() {
	# shellcheck disable=SC2046 # target's words are arguments
	out=$(on bc timeout "$LIMIT" $B/mlt-bulk $(target "$1") -n "$SIZE" 2>&1)
	rc=$?
	r=$(echo "$out" | sed -n 's/.*"mbit":\([0-9.]*\).*/\1/p')
	if [ -n "$r" ]; then
		echo "$r" > "$D/$1-$2.$3"
	elif [ $rc -eq 124 ] || [ $rc -eq 143 ]; then
		echo "t/o" > "$D/$1-$2.$3"
	else
		echo "fail" > "$D/$1-$2.$3"
		note "$1, $2: $(echo "$out" | tail -n 1)"
	fi
	note "$1, $2, round $3: $(cat "$D/$1-$2.$3") Mbit/s"
}

# median NAME: the median of the numbers in $D/NAME.1, NAME.2 ... into $D/NAME
# ("fail" or "t/o" when a round gave none: a round that failed is a
# result, not a figure to leave out).
median() {
	cat "$D/$1".[0-9]* 2>/dev/null | awk '
		/^[0-9.]+$/ { v[n++] = $1; next }
		{ bad = $1 }
		END {
			if (bad != "") { print bad; exit }
			if (!n) exit
			for (i = 1; i < n; i++)
				for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
					t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
				}
			if (n % 2) print v[(n - 1) / 2]
			else printf "%.2f\n", (v[n / 2 - 1] + v[n / 2]) / 2
		}' > "$D/$1.tmp"
	if [ -s "$D/$1.tmp" ]; then mv "$D/$1.tmp" "$D/$1"; else rm -f "$D/$1.tmp"; fi
}

# wants PART: whether PART is one of PARTS.
wants() {
	case " $SCEN " in *" $1 "*) return 0 ;; esac
	return 1
}

# ping_avg FILE: the mean round trip of busybox ping's replies in FILE,
# skipping the first 5 (the first second); "-" without any.
ping_avg() {
	sed -n 's/.* time=\([0-9.]*\) ms$/\1/p' "$1" | awk 'NR > 5 { s += $1; n++ }
		END { if (n) printf "%.1f\n", s / n; else print "-" }'
}

kinds="mlt tcp"
[ -n "$wg" ] && kinds="mlt tcp wg"
note "one stream of $SIZE bytes per transfer, each kind in turn ($kinds), $ROUNDS round(s): $SCEN"
for sc in rtt loss neck; do
	wants $sc || continue
	shape $sc
	sleep 1
	if [ $sc = neck ]; then
		on bc ping -c 30 -i 0.2 10.6.0.2 > $D/ping-idle.raw 2>&1
		ping_avg $D/ping-idle.raw > $D/ping-idle
	fi
	rd=1
	while [ $rd -le "$ROUNDS" ]; do
		for k in $kinds; do
			if [ $sc = neck ]; then
				# The round trip while the transfer fills the queue.
				on bc ping -i 0.2 10.6.0.2 > "$D/ping-$k.raw" 2>&1 &
				p=$!
				transfer "$k" "$sc" "$rd"
				kill $p
				wait $p 2>/dev/null
				ping_avg "$D/ping-$k.raw" > "$D/ping-$k.$rd"
			else
				transfer "$k" "$sc" "$rd"
			fi
			sleep 2	# the queues drain
		done
		rd=$((rd + 1))
	done
	for k in $kinds; do
		median "$k-$sc"
		[ $sc = neck ] && median "ping-$k"
	done
done

# bytes LOG CONN T: CONN's bytes received at time T (interpolated).
bytes_at() {
	awk -v c="$2" -v t="$3" '$1 == c {
		if ($2 <= t) { t0 = $2; b0 = $3; have = 1; next }
		if (!have) { print 0; done = 1; exit }
		print b0 + ($3 - b0) * (t - t0) / ($2 - t0); done = 1; exit
	} END { if (!done) print (have ? b0 : 0) }' "$1"
}

# share KIND: KIND's flow against one TCP flow (the rival) through the
# bottleneck; "KIND% rival% KIND-Mbit/s rival-Mbit/s" of the bytes
# delivered in the window, into $D/share-KIND.
share() {
	lk=$D/$1.log
	lr=$D/rival.log
	# The connections these two make: the next ids in the two logs.
	ck=$(($(awk '$1 > m { m = $1 } END { print m + 0 }' "$lk") + 1))
	cr=$(($(awk '$1 > m { m = $1 } END { print m + 0 }' "$lr") + 1))
	t1=$(awk -v a="$(now)" -v b=$WARM 'BEGIN { print a + b }')
	t2=$(awk -v a="$t1" -v b="$SHARE" 'BEGIN { print a + b }')
	pids=
	for f in "$1" rival; do
		# shellcheck disable=SC2046 # target's words are arguments
		on bc timeout $((LIMIT + WARM + SHARE)) $B/mlt-bulk \
			$(target "$f") -t $((WARM + SHARE)) > "$D/share-$1.$f" 2>&1 &
		pids="$pids $!"
	done
	# shellcheck disable=SC2086 # a list of pids (the servers run on)
	wait $pids
	x=$(awk -v a="$(bytes_at "$lk" $ck "$t2")" -v b="$(bytes_at "$lk" $ck "$t1")" 'BEGIN { print a - b }')
	y=$(awk -v a="$(bytes_at "$lr" $cr "$t2")" -v b="$(bytes_at "$lr" $cr "$t1")" 'BEGIN { print a - b }')
	awk -v x="$x" -v y="$y" -v s="$SHARE" 'BEGIN {
		if (x + y <= 0) { print "- -"; exit }
		printf "%.0f%% %.0f%% %.1f %.1f\n", 100 * x / (x + y), 100 * y / (x + y),
			x * 8 / 1e6 / s, y * 8 / 1e6 / s }' > "$D/share-$1"
	note "share, $1 against TCP: $(cat "$D/share-$1") (percent, percent, Mbit/s, Mbit/s)"
}

if wants share; then
	shape neck
	sleep 2
	for k in $kinds; do
		share "$k"
		sleep 2
	done
fi

# The table.
val() { cat "$D/$1" 2>/dev/null || echo -; }
ratio() {
	awk -v a="$(val "$1")" -v b="$(val "$2")" 'BEGIN {
		if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'
}
echo
echo "One stream of $SIZE bytes, client to server, 40 ms round trip (netem"
echo "delay 20 ms each way); Mbit/s from connect() to the server's count."
echo
printf '| %-46s | %11s | %7s | %9s | %7s | %7s |\n' "" AF_MINIMALT TCP "TCP/WG" "MLT/TCP" "MLT/WG"
printf '|%s|%s|%s|%s|%s|%s|\n' "------------------------------------------------" \
	"-------------" "---------" "-----------" "---------" "---------"
for sc in rtt loss neck; do
	case $sc in
	rtt) name="40 ms RTT" ;;
	loss) name="40 ms RTT, 1% loss" ;;
	neck) name="40 ms RTT, 20 Mbit/s bottleneck, 100 KiB queue" ;;
	esac
	printf '| %-46s | %11s | %7s | %9s | %7s | %7s |\n' "$name" \
		"$(val mlt-$sc)" "$(val tcp-$sc)" "$(val wg-$sc)" \
		"$(ratio mlt-$sc tcp-$sc)" "$(ratio mlt-$sc wg-$sc)"
done
echo
echo "Queueing delay at the bottleneck: ping's mean round trip, ms (idle: $(val ping-idle))"
printf '| %-46s | %11s | %7s | %9s |\n' "" AF_MINIMALT TCP "TCP/WG"
printf '| %-46s | %11s | %7s | %9s |\n' "during the transfer" \
	"$(val ping-mlt)" "$(val ping-tcp)" "$(val ping-wg)"
qd() {	# qd KIND: the queueing delay, ms
	awk -v a="$(val "ping-$1")" -v b="$(val ping-idle)" 'BEGIN {
		if (a + 0 > 0 && b + 0 > 0) printf "%.1f", a - b; else printf "-" }'
}
printf '| %-46s | %11s | %7s | %9s |\n' "queueing delay (during - idle)" \
	"$(qd mlt)" "$(qd tcp)" "$(qd wg)"
echo
echo "Shares of the bottleneck against one TCP flow, ${SHARE} s after ${WARM} s of warm-up"
echo "(each flow's part of the bytes delivered; Mbit/s in brackets)"
for k in $kinds; do
	case $k in
	mlt) name="AF_MINIMALT against TCP" ;;
	tcp) name="TCP against TCP" ;;
	wg) name="TCP/WG against TCP" ;;
	esac
	# shellcheck disable=SC2046
	set -- $(val "share-$k")
	printf '| %-46s | %5s (%s) | %5s (%s) |\n' "$name" "${1:--}" "${3:--}" \
		"${2:--}" "${4:--}"
done
exit 0
