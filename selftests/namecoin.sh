#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# namecoind-helper end to end: a test Namecoin node (fake-namecoind) in the
# server's namespace, the server publishing its keys in d/demo, a client
# whose helper resolves .bit names on demand as connect() asks for them.
#
#   $C  10.9.5.1  --veth--  $S  10.9.5.2 (echo server)
#                               10.9.5.3 (the node, :18443)
# (C and S: namespaces named by ns_names, unique to the run)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/namecoin_lib.sh"
grep -q " kasan_report" /proc/kallsyms 2>/dev/null && MLT_SLOW=1
NC_NEEDS="$NC_NEEDS mlt-echo-client mlt-echo-server"
ns_names C S
trap cleanup_all_ns EXIT
trap 'exit 1' INT TERM
# The server's side logs in with rpcuser/rpcpassword, the client's helper
# with the cookie file the node writes, as namecoind does.
# The node is on another address of the test network: plaintext http:// to
# it is allowed explicitly, as an operator would have to.
NODE="--url http://10.9.5.3:18443/ --allow-remote-http 1 --rpcuser test --rpcpassword secret"
COOKIE_NODE="--url http://10.9.5.3:18443/ --allow-remote-http 1 --rpccookiefile /tmp/nc-data/.cookie"
CLIENT_OPTS="--confirmations 2 --poll-interval 1 --negative-ttl 30 --rpc-timeout 1000 --ttl 600 -v -v"
LOG=/tmp/nc-client.log
SLOG=/tmp/nc-server.log
ST=/tmp/nc-state
# The chain starts at block 40200, past a name's life (36000 blocks), so
# that names can be made expired or near their end with real heights;
# names made at block $OLD live long after the tests.
OLD=40100
EPH() { cat $ST/eph; }
MT() {
	echo "\"minimalT\":{\"port\":4747,\"id_key\":\"$ID\",\"eph_key\":\"$(EPH)\"}"
}

inc() { ip netns exec $C "$@"; }
height() { rpc getblockcount; }

# setname NAME VALUE [HEIGHT]: put a value on the test chain directly.
setname() {
	v=$(printf '%s' "$2" | sed 's/\\/\\\\/g; s/"/\\"/g')
	rpc fake_setname "[\"$1\", \"$v\"${3:+, $3}]" >/dev/null
}

# Milliseconds since boot (busybox's date has no %N).
ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

# log_since LINE: the client's log after its first LINE lines.
log_since() { tail -n +$(($1 + 1)) $LOG; }

# The first ephemeral key of a client directory entry.
entry_eph() {
	inc mltctl dir show "$1" -j 2>/dev/null | tr -d ' \n' |
		sed -n 's/.*"eph_keys":\["\([^"]*\)".*/\1/p'
}

# echo_fails NAME TEXT: a connect to NAME fails with the errno text TEXT.
echo_fails() {
	out=$(inc mlt-echo-client "$1" -t 5 2>&1) && fail "$1 connected: $out"
	echo "$out" | grep -q "$2" || fail "$1: expected '$2': $out"
}

# start_client_helper [NODE-OPTIONS] [OPTION...]: start the client's
# helper (default: the cookie), wait until it has joined the resolve group.
start_client_helper() {
	before=$(grep -c "info: running" $LOG)
	node=${1:-$COOKIE_NODE}
	[ $# -gt 0 ] && shift
	ip netns exec $C namecoind-helper $node $CLIENT_OPTS "$@" >>$LOG 2>&1 &
	echo $! >$ST/helper
	i=0
	until [ "$(grep -c "info: running" $LOG)" -gt "$before" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || { tail -5 $LOG; return 1; }
		sleep 0.2
	done
}

stop_client_helper() {
	stop_pid $ST/helper
}

cleanup() {
	nc_cleanup "helper server node echo" $C $S
}

setup() {
	cleanup
	: >$LOG
	: >$SLOG
	nc_netns C S || return 1
	ip link add vnc netns $C type veth peer name vns netns $S || return 1
	ip -n $C addr add 10.9.5.1/24 dev vnc
	ip -n $S addr add 10.9.5.2/24 dev vns
	ip -n $S addr add 10.9.5.3/24 dev vns
	ip -n $C link set vnc up
	ip -n $S link set vns up

	nc_identity || return 1
	ins mltctl eph rotate >$ST/eph || return 1
	ip netns exec $S mlt-echo-server >/dev/null 2>&1 &
	echo $! >$ST/echo

	cat >/tmp/nc-state.json <<-EOF
	{"height": 40200, "expire_depth": 36000, "names": {"d/demo": {"value":
	 "{\"ip\":\"10.9.5.2\",\"email\":\"ops@demo.bit\"}", "height": $OLD}}}
	EOF
	mkdir -p /tmp/nc-data
	nc_start_node /tmp/nc-node.out ip netns exec $S fake-namecoind \
		-l 10.9.5.3 -p 18443 -u test:secret -C /tmp/nc-data \
		-s /tmp/nc-state.json || return 1
	# The server publishes its keys; two blocks confirm them.
	ins namecoind-helper $NODE --publish-name d/demo -v -v publish \
		>>$SLOG 2>&1 || { cat $SLOG; return 1; }
	mine 2
	start_client_helper
}

resolves_on_connect() {
	inc mltctl dir show demo.bit >/dev/null 2>&1 && fail "an entry already"
	out=$(inc mlt-echo-client demo.bit 2>&1) || fail "$out; $(tail -5 $LOG)"
	echo "$out" | grep -q "reply: hello, MinimaLT" || fail "$out"
	inc mltctl dir show demo.bit -j | grep -q "\"identity\": *\"$ID\"" ||
		fail "entry: $(inc mltctl dir show demo.bit)"
	[ "$(entry_eph demo.bit)" = "$(EPH)" ] || fail "eph $(entry_eph demo.bit)"
}

published_record_is_merged_and_verified() {
	v=$(rpc name_show '["d/demo"]')
	echo "$v" | grep -q 'ops@demo.bit' || fail "email lost: $v"
	echo "$v" | grep -q "$(EPH)" || fail "no eph key: $v"
	out=$(inc namecoind-helper $NODE check demo.bit) || fail "check: $out"
	echo "$out" | grep -q "\"id_key\":\"$ID\"" || fail "$out"
	echo "$out" | grep -q '"addresses":\["10.9.5.2"\]' || fail "$out"
	# mltctl dir resolve asks the helper again and prints its answer.
	out=$(inc mltctl dir resolve demo.bit -j 2>&1) || fail "resolve: $out"
	echo "$out" | grep -q "\"identity\": *\"$ID\"" || fail "$out"
}

never_existing_name() {
	echo_fails nope.bit "No such file or directory"
	inc mltctl dir show nope.bit -j | grep -q '"no-name"' ||
		fail "$(inc mltctl dir show nope.bit)"
	# By hand: the helper answers, mltctl prints it and exits non-zero.
	out=$(inc mltctl dir resolve nope2.bit 2>&1) && fail "resolved: $out"
	echo "$out" | grep -q "negative: no such name" || fail "$out"
	# Names IFA-0001 forbids (all digits, "--" but in "xn--") cannot
	# exist: answered no-name at once, not left to the kernel's timeout.
	for n in 123.bit a--b.bit; do
		t0=$(date +%s)
		echo_fails $n "No such file or directory"
		[ $(( $(date +%s) - t0 )) -le 4 ] || fail "$n: slow"
	done
}

expired_name() {
	setname d/old "{\"ip\":\"10.9.5.2\",$(MT)}" $(( $(height) - 36000 ))
	echo_fails old.bit "Key has expired"
}

name_without_minimalt() {
	setname d/plain '{"ip":"10.9.5.2"}' $OLD
	echo_fails plain.bit "Required key not available"
}

malformed_records_install_nothing() {
	long=$(printf '%01100d' 0)
	setname d/bad1 '{"ip":"10.9.5.2",' $OLD
	setname d/bad2 "{\"ip\":\"10.9.5.2\",\"x\":\"$long\",$(MT)}" $OLD
	setname d/bad3 "{\"ip\":\"10.9.5.2\",\"minimalT\":{\"port\":4747,\"id_key\":\"AAAA\",\"eph_key\":\"$(EPH)\"}}" $OLD
	setname d/bad4 "{\"ip\":\"10.9.5.2\",\"minimalT\":{\"port\":4747,\"id_key\":\"$ID\",\"eph_key\":\"!!!!$(EPH)\"}}" $OLD
	setname d/bad5 "{\"ip\":\"10.9.5.2\",\"minimalT\":{\"port\":70000,\"id_key\":\"$ID\",\"eph_key\":\"$(EPH)\"}}" $OLD
	for n in bad1 bad2 bad3 bad4 bad5; do
		echo_fails $n.bit "Key was rejected"
		inc mltctl dir show $n.bit -j | grep -q '"invalid"' ||
			fail "$n: $(inc mltctl dir show $n.bit)"
	done
	grep -q "minimalT.port" $LOG || fail "the log does not name the field"
}

map_and_import() {
	setname d/imp '{"import":"d/demo"}' $OLD
	setname d/mapped "{\"map\":{\"www\":{\"ip\":\"10.9.5.2\",$(MT)}}}" $OLD
	setname d/loopa "{\"import\":\"d/loopb\",\"ip\":\"10.9.5.2\",$(MT)}" $OLD
	setname d/loopb '{"import":"d/loopa"}' $OLD
	for n in imp.bit www.mapped.bit loopa.bit; do
		out=$(inc mlt-echo-client $n -t 5 2>&1) || fail "$n: $out"
	done
	echo_fails mapped.bit "Key was rejected\|Required key"
	grep -q "loop" $LOG || fail "no warning about the loop"
}

# fanout N: a value importing d/fN 70 times (503 bytes, within a wallet's
# 520).
fanout() {
	s=""
	i=0
	while [ $i -lt 70 ]; do
		s="$s${s:+,}\"d/f$1\""
		i=$((i + 1))
	done
	echo "{\"import\":[$s]}"
}

# Five names, each importing the next 70 times: 70^4 imports unbounded.
# The fan-out is looked up, resolving or failing with a named reason,
# within the lookup's bound (lookup-timeout, 8 s, under the kernel's 10 s),
# while another name asked at the same moment resolves as usual.
fanout_lookup_is_bounded() {
	for i in 0 1 2 3; do
		v=$(fanout $((i + 1)))
		[ ${#v} -le 520 ] || fail "d/f$i: ${#v} bytes"
		setname d/f$i "$v" $OLD
	done
	setname d/f4 "{\"ip\":\"10.9.5.2\",$(MT)}" $OLD
	setname d/other "{\"ip\":\"10.9.5.2\",$(MT)}" $OLD
	t0=$(ms)
	# (set -e holds in the subshell: a negative answer is not an error.)
	( inc mltctl dir resolve f0.bit >/tmp/nc-f0.out 2>&1 || :
	  echo $(( $(ms) - t0 )) >/tmp/nc-f0.ms ) &
	f0=$!
	out=$(inc mlt-echo-client other.bit -t 10 2>&1) || fail "other.bit: $out"
	t_other=$(( $(ms) - t0 ))
	wait $f0
	t_f0=$(cat /tmp/nc-f0.ms)
	echo "f0.bit in $t_f0 ms, other.bit in $t_other ms"
	grep -q "identity\|negative: " /tmp/nc-f0.out ||
		fail "f0.bit: $(cat /tmp/nc-f0.out)"
	[ "$t_f0" -lt 9000 ] || fail "f0.bit took $t_f0 ms"
	[ "$t_other" -lt 9000 ] || fail "other.bit took $t_other ms"
	# The helper's own measure of the lookup, and a named outcome.
	t=$(sed -n 's/.*f0.bit: looked up in \([0-9]*\) ms.*/\1/p' $LOG | tail -1)
	[ -n "$t" ] && [ "$t" -le 8000 ] || fail "lookup: '$t' ms"
	grep -q "f0.bit: installed\|f0.bit: [a-z-]*: d/f0: " $LOG ||
		fail "$(grep f0.bit $LOG)"
}

# A lookup's wall time is bounded, whatever its imports: with every call
# taking 600 ms, the fan-out's six calls would take 3.6 s; the lookup
# stops at its 1 s budget and says it would install "unavailable".
lookup_time_is_bounded() {
	rpc fake_mode '[{"delay_ms":600}]' >/dev/null
	t0=$(ms)
	out=$(inc namecoind-helper $NODE --lookup-timeout 1000 check f0.bit 2>&1) &&
		fail "resolved: $out"
	t=$(( $(ms) - t0 ))
	rpc fake_mode '[{"delay_ms":0}]' >/dev/null
	echo "$out" | grep -q "f0.bit: would install unavailable: " || fail "$out"
	[ $t -lt 2500 ] || fail "check took $t ms: $out"
}

# connect() waits for a resolver only the kernel's resolve timeout: the
# helper cuts a lookup to 4/5 of it, so a slow node answers "unavailable"
# (ENETDOWN) in time instead of leaving connect() to time out.
lookup_fits_the_kernel_timeout() {
	stop_client_helper
	# The kernel waits 5 s, so the helper's budget is 4 s: its second
	# 3 s call is cut at 4 s and the name is answered unavailable with
	# 1 s to spare, a margin that holds on a loaded emulated machine.
	inc mltctl config resolve-timeout 5000 >/dev/null || fail "config"
	start_client_helper "$COOKIE_NODE" --rpc-timeout 5000
	rpc fake_mode '[{"delay_ms":3000}]' >/dev/null
	rc=0
	out=$(inc mlt-echo-client slow.bit -t 8 2>&1) || rc=$?
	warned=$(grep -c "lookups get 4000 ms" $LOG) || true
	# Put back what later cases expect before any verdict.
	rpc fake_mode '[{"delay_ms":0}]' >/dev/null
	inc mltctl config resolve-timeout 10000 >/dev/null
	stop_client_helper
	start_client_helper || fail "helper did not restart"
	[ "$warned" -ge 1 ] || fail "no warning of the cut budget"
	[ $rc -ne 0 ] || fail "connected: $out"
	echo "$out" | grep -q "Network is down" || fail "$out; $(tail -5 $LOG)"
}

# check_addrs NAME ADDRESSES [OPTION...]: check prints ADDRESSES for NAME.
check_addrs() {
	n=$1
	a=$2
	shift 2
	out=$(inc namecoind-helper $NODE "$@" check $n 2>/tmp/nc-check.err) ||
		fail "$n: $out $(cat /tmp/nc-check.err)"
	echo "$out" | grep -q "\"addresses\":\[$a\]" ||
		fail "$n: $out $(cat /tmp/nc-check.err)"
}

# Imports meet the rules of the name itself: enough confirmations, not
# expired; the entry ends no later than anything it was built from.
imports_verified_like_the_name() {
	h=$(height)
	setname d/newimp '{"ip6":"fd00::9"}' $h
	setname d/oldimp '{"ip6":"fd00::8"}' $((h - 36000))
	setname d/shortimp '{"ip6":"fd00::7"}' $((h - 35990))
	for n in new old short; do
		setname d/uses$n "{\"ip\":\"10.9.5.2\",\"import\":\"d/${n}imp\",$(MT)}" $OLD
	done
	# One confirmation of two: skipped, and the warning says why.
	check_addrs usesnew.bit '"10.9.5.2"' --confirmations 2
	grep -q "confirmations" /tmp/nc-check.err ||
		fail "no reason: $(cat /tmp/nc-check.err)"
	check_addrs usesold.bit '"10.9.5.2"'
	grep -q "expired" /tmp/nc-check.err ||
		fail "no reason: $(cat /tmp/nc-check.err)"
	mine 1
	check_addrs usesnew.bit '"10.9.5.2","fd00::9"' --confirmations 2
	# d/shortimp has 9 blocks left (a block was mined): 9 s at 1 s each,
	# while d/usesshort itself has hours.
	check_addrs usesshort.bit '"10.9.5.2","fd00::7"' --block-time 1
	life=$(echo "$out" | sed -n 's/.*"lifetime":\([0-9]*\).*/\1/p')
	[ "$life" -ge 1 ] && [ "$life" -le 10 ] || fail "lifetime $life: $out"
}

# The node failing while an import is fetched (here: the lookup's time
# runs out at the import) is transient: a new name is "unavailable", not
# "no such name", and a verified entry is kept through the re-check.
import_node_failure_is_transient() {
	setname d/impsrc '{"ip":"10.9.5.2"}' $OLD
	setname d/viaimp "{\"import\":\"d/impsrc\",$(MT)}" $OLD
	setname d/viaimp2 "{\"import\":\"d/impsrc\",$(MT)}" $OLD
	stop_client_helper
	# 700 ms a call: the chain check and name_show fit in 1.8 s, the
	# import does not. Every installed name is re-checked, one at a
	# time, before viaimp.bit: up to 2 s each.
	start_client_helper "$COOKIE_NODE" --lookup-timeout 1800 ||
		fail "start"
	out=$(inc mltctl dir resolve viaimp.bit 2>&1) || fail "viaimp: $out"
	before=$(entry_eph viaimp.bit)
	[ -n "$before" ] || fail "no entry"
	mark=$(wc -l <$LOG)
	rpc fake_mode '[{"delay_ms":700}]' >/dev/null
	out=$(inc mltctl dir resolve viaimp2.bit 2>&1) && fail "resolved: $out"
	echo "$out" | grep -q "negative: the name service is unavailable" ||
		{ rpc fake_mode '[{"delay_ms":0}]' >/dev/null; fail "$out"; }
	mine 1
	i=0
	until log_since $mark | grep -q "viaimp.bit: re-check failed, entry kept"; do
		i=$((i + 1))
		[ $i -lt 90 ] || { rpc fake_mode '[{"delay_ms":0}]' >/dev/null;
				   fail "no re-check: $(log_since $mark | grep viaimp)"; }
		sleep 0.5
	done
	rpc fake_mode '[{"delay_ms":0}]' >/dev/null
	[ "$(entry_eph viaimp.bit)" = "$before" ] || fail "entry changed"
	log_since $mark | grep -q "viaimp2.bit: unavailable: " ||
		fail "$(log_since $mark | grep viaimp2)"
	inc mlt-echo-client viaimp.bit >/dev/null 2>&1 || fail "viaimp.bit"
	stop_client_helper
	start_client_helper || fail "restart"
}

# A value the node cannot give as UTF-8 (value_error) is invalid: the
# name exists, its record is malformed; it is not "unavailable".
undecodable_value_is_invalid() {
	# {"ip":"\xff"}: not UTF-8.
	rpc fake_setname "[\"d/badenc\", null, $OLD, {\"encoding_raw_hex\": \"7b226970223a22ff227d\"}]" \
		>/dev/null || fail "fake_setname"
	echo_fails badenc.bit "Key was rejected"
	inc mltctl dir show badenc.bit -j | grep -q '"invalid"' ||
		fail "$(inc mltctl dir show badenc.bit)"
}

# check says which negative entry the daemon would install, and record
# text reaches the terminal without its control characters.
check_names_the_failure() {
	for c in nope:no-name old:expired plain:no-record bad5:invalid \
		 badenc:invalid; do
		out=$(inc namecoind-helper $NODE check ${c%%:*}.bit 2>&1) &&
			fail "${c%%:*}: $out"
		echo "$out" | grep -q "${c%%:*}.bit: would install ${c#*:}: " ||
			fail "${c%%:*}: $out"
	done
	esc=$(printf '\033')
	setname d/ctl "{\"ip\":\"10.9.5.2\",\"minimalT\":{\"port\":\"\\u001b[2J\\u0007\",\"id_key\":\"$ID\",\"eph_key\":\"$(EPH)\"}}" $OLD
	setname d/ctlwarn "{\"ip\":[\"10.9.5.2\",\"\\u001b[31mred\\n\"],$(MT)}" $OLD
	for n in ctl ctlwarn; do
		out=$(inc namecoind-helper $NODE check $n.bit 2>&1) || :
		case "$out" in
		*"$esc"*|*"$(printf '\007')"*) fail "$n: a control character: $out" ;;
		esac
		[ $(echo "$out" | wc -l) -le 2 ] || fail "$n: split lines: $out"
	done
}

# A valid name whose new value is malformed keeps what was verified.
bad_update_keeps_entry() {
	before=$(entry_eph www.mapped.bit)
	[ -n "$before" ] || fail "no entry for www.mapped.bit"
	setname d/mapped '{"map":{"www":' $OLD
	mine 1
	i=0
	until grep -q "www.mapped.bit: re-check failed, entry kept" $LOG; do
		i=$((i + 1))
		[ $i -lt 20 ] || fail "no re-check: $(tail -3 $LOG)"
		sleep 0.5
	done
	[ "$(entry_eph www.mapped.bit)" = "$before" ] || fail "entry changed"
	out=$(inc mlt-echo-client www.mapped.bit 2>&1) || fail "$out"
}

# Each way the node can fail: new names are "unavailable" (ENETDOWN),
# and the entry already verified stays as it was and keeps working.
node_failures_change_nothing() {
	before=$(inc mltctl dir show demo.bit -j | tr -d ' \n' |
		 sed 's/"expires_in":[0-9]*//')
	# headers_ahead and tip_age: a node that is not current answers
	# with stale keys; they must not be used.
	for mode in '"ibd":true' '"garbage":true' '"http500_html":true' \
		    '"delay_ms":2500' '"headers_ahead":5' '"tip_age":100000'; do
		rpc fake_mode "[{$mode}]" >/dev/null
		echo_fails "f$(echo "$mode" | tr -dc a-z).bit" "Network is down"
		# The node answers one call at a time: after delay_ms the
		# reset may wait behind the helper's slow calls; try again.
		reset='[{"ibd":false,"garbage":false,"http500_html":false,"delay_ms":0,"headers_ahead":0,"tip_age":0}]'
		rpc fake_mode "$reset" >/dev/null ||
			rpc fake_mode "$reset" >/dev/null ||
			fail "reset after $mode"
		sleep 2	# a poll under the failure, too
	done
	grep -q "fheadersahead.bit: unavailable: .*header" $LOG ||
		fail "headers ahead: $(grep fheadersahead $LOG)"
	grep -q "ftipage.bit: unavailable: .*tip" $LOG ||
		fail "old tip: $(grep ftipage $LOG)"
	# The node goes out of the client's reach; it keeps its chain.
	ip -n $C route add unreachable 10.9.5.3/32
	echo_fails fdown.bit "Network is down"
	sleep 2
	after=$(inc mltctl dir show demo.bit -j | tr -d ' \n' |
		sed 's/"expires_in":[0-9]*//')
	[ "$before" = "$after" ] || fail "entry changed: $before / $after"
	out=$(inc mlt-echo-client demo.bit 2>&1) || fail "demo.bit: $out"
	grep -q "retrying in" $LOG || fail "no backoff in the log"
	ip -n $C route del unreachable 10.9.5.3/32
}

wrong_password_changes_nothing() {
	stop_client_helper
	start_client_helper "--url http://10.9.5.3:18443/ --allow-remote-http 1 --rpcuser test --rpcpassword wrong" ||
		fail "start"
	echo_fails fpass.bit "Network is down"
	grep -q "401" $LOG || fail "no 401 in the log"
	[ "$(entry_eph demo.bit)" = "$(EPH)" ] || fail "entry changed"
	inc mlt-echo-client demo.bit >/dev/null 2>&1 || fail "demo.bit"
	stop_client_helper
	tail -1 $LOG | grep -q "info: stopping" || fail "no clean stop on SIGTERM"
	start_client_helper || fail "restart"
}

# The server rotates every 10 s while a connection carries data; blocks
# come every second. The old key is wiped once the new record has two
# confirmations and the grace period (2 s) is over.
rotation_with_live_connection() {
	ip netns exec $C mlt-echo-client demo.bit -n 80 -i 250 -t 10 >/tmp/nc-long.out 2>&1 &
	long=$!
	ip netns exec $S namecoind-helper $NODE --publish-name d/demo \
		--rotate-interval 10 \
		--grace 2 --block-time 1 --confirmations 2 --poll-interval 1 \
		-v -v >>$SLOG 2>&1 &
	echo $! >$ST/server
	i=0
	until grep -q "old ephemeral key is wiped" $SLOG; do
		i=$((i + 1))
		[ $i -lt 40 ] || fail "no rotation: $(tail -5 $SLOG)"
		mine 1
		sleep 1
	done
	stop_pid $ST/server
	ins mltctl eph show | grep -q "$(EPH)" && fail "old key still valid"
	new=$(ins mltctl eph show | grep -o '[A-Za-z0-9+/]\{43\}=' | head -1)
	i=0
	until [ "$(entry_eph demo.bit)" = "$new" ]; do
		i=$((i + 1))
		[ $i -lt 20 ] || fail "client kept $(entry_eph demo.bit), not $new"
		mine 1
		sleep 1
	done
	wait $long || fail "live connection: $(cat /tmp/nc-long.out)"
	out=$(inc mlt-echo-client demo.bit 2>&1) || fail "after: $out"
	echo "$new" >$ST/eph
}

helper_restart_resynchronises() {
	kill -9 "$(cat $ST/helper)"
	rm -f $ST/helper
	sleep 0.2
	inc mlt-echo-client demo.bit >/dev/null 2>&1 || fail "entry gone"
	# The server moves to a new key while the client has no helper.
	new=$(ins mltctl eph rotate)
	ins namecoind-helper $NODE --publish-name d/demo publish >>$SLOG 2>&1 ||
		fail "publish"
	setname d/pre "{\"ip\":\"10.9.5.2\",$(MT)}" $OLD
	mine 2
	start_client_helper "$COOKIE_NODE" --preload pre.bit || fail "restart"
	grep -q "demo.bit: adopted" $LOG || fail "not adopted"
	inc mltctl dir show pre.bit >/dev/null || fail "pre.bit not preloaded"
	i=0
	until [ "$(entry_eph demo.bit)" = "$new" ]; do
		i=$((i + 1))
		[ $i -lt 20 ] || fail "still $(entry_eph demo.bit)"
		sleep 0.5
	done
	echo "$new" >$ST/eph
	inc mlt-echo-client demo.bit >/dev/null 2>&1 || fail "after resync"
}

expired_name_is_removed() {
	setname d/short "{\"ip\":\"10.9.5.2\",$(MT)}" $(( $(height) - 35995 ))
	out=$(inc mlt-echo-client short.bit 2>&1) || fail "short.bit: $out"
	mine 6
	i=0
	until inc mltctl dir show short.bit -j 2>/dev/null | grep -q '"expired"'; do
		i=$((i + 1))
		[ $i -lt 20 ] || fail "$(inc mltctl dir show short.bit)"
		sleep 0.5
	done
	echo_fails short.bit "Key has expired"
}

no_helper_fails_fast() {
	stop_client_helper
	t0=$(date +%s)
	echo_fails nohelper.bit "No route to host"
	# Prompt: well inside the 10 s a resolver would be given.
	[ $(( $(date +%s) - t0 )) -le 4 ] || fail "slow"
}

# Every case on the stock kernels. The debug kernel (KASAN) is several
# times slower: there, the cases that exercise the kernel's side (waits,
# negative entries, rotation and key wiping, restarts); the helper's own
# logic is the same program on every kernel.
tests="resolves_on_connect never_existing_name expired_name
	malformed_records_install_nothing rotation_with_live_connection
	helper_restart_resynchronises expired_name_is_removed
	no_helper_fails_fast"
[ -z "$MLT_SLOW" ] && tests="resolves_on_connect
	published_record_is_merged_and_verified never_existing_name expired_name
	name_without_minimalt malformed_records_install_nothing map_and_import
	fanout_lookup_is_bounded lookup_time_is_bounded
	lookup_fits_the_kernel_timeout
	imports_verified_like_the_name import_node_failure_is_transient
	undecodable_value_is_invalid check_names_the_failure
	bad_update_keeps_entry node_failures_change_nothing
	wrong_password_changes_nothing rotation_with_live_connection
	helper_restart_resynchronises expired_name_is_removed
	no_helper_fails_fast"
nc_main namecoin $tests
