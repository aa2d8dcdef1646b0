#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# namecoind-helper end to end: a test Namecoin node (fake-namecoind) in the
# server's namespace, the server publishing its keys in d/demo, a client
# whose helper resolves .bit names on demand as connect() asks for them.
#
#   mlt-nc  10.9.5.1  --veth--  mlt-ns  10.9.5.2 (echo server)
#                                       10.9.5.3 (the node, :18443)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
PATH=/mlt/bin:$here/../bin:$PATH
grep -q " kasan_report" /proc/kallsyms 2>/dev/null && MLT_SLOW=1
C=mlt-nc
S=mlt-ns
# The server's side logs in with rpcuser/rpcpassword, the client's helper
# with the cookie file the node writes, as namecoind does.
NODE="--url http://10.9.5.3:18443/ --rpcuser test --rpcpassword secret"
COOKIE_NODE="--url http://10.9.5.3:18443/ --rpccookiefile /tmp/nc-data/.cookie"
CLIENT_OPTS="--confirmations 2 --poll-interval 1 --negative-ttl 30 --rpc-timeout 1000 --ttl 600 -v -v"
LOG=/tmp/nc-client.log
SLOG=/tmp/nc-server.log
# Tests run in subshells: what they change for later tests lives in files.
# Background processes start as "ip netns exec" itself (not through a
# function, which would fork a subshell), so that $! is the process.
ST=/tmp/nc-state
EPH() { cat $ST/eph; }
MT() {
	echo "\"minimalT\":{\"port\":4747,\"id_key\":\"$ID\",\"eph_key\":\"$(EPH)\"}"
}

# stop_pid FILE: end the process whose pid FILE holds, and wait for it.
stop_pid() {
	[ -s "$1" ] || return 0
	p=$(cat "$1")
	rm -f "$1"
	kill "$p" 2>/dev/null || return 0
	i=0
	while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
		i=$((i + 1))
		sleep 0.1
	done
}

inc() { ip netns exec $C "$@"; }
ins() { ip netns exec $S "$@"; }
rpc() { ins namecoind-helper $NODE rpc "$@"; }
mine() { rpc generatetoaddress "[$1, \"n\"]" >/dev/null; }
height() { rpc getblockcount; }

# setname NAME VALUE [HEIGHT]: put a value on the test chain directly.
setname() {
	v=$(printf '%s' "$2" | sed 's/"/\\"/g')
	rpc fake_setname "[\"$1\", \"$v\"${3:+, $3}]" >/dev/null
}

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
	mkdir -p $ST
	for f in helper server node echo; do
		stop_pid $ST/$f
	done
	ip netns del $C 2>/dev/null
	ip netns del $S 2>/dev/null
}

start_node() {
	mkdir -p /tmp/nc-data
	ip netns exec $S fake-namecoind -l 10.9.5.3 -p 18443 -u test:secret \
		-C /tmp/nc-data \
		${1:+-s "$1"} >/tmp/nc-node.out 2>&1 &
	echo $! >$ST/node
	i=0
	until grep -q listening /tmp/nc-node.out; do
		i=$((i + 1))
		[ $i -lt 50 ] || return 1
		sleep 0.1
	done
}

setup() {
	cleanup
	: >$LOG
	: >$SLOG
	for ns in $C $S; do
		ip netns add $ns || return 1
		ip -n $ns link set lo up
	done
	ip link add vnc netns $C type veth peer name vns netns $S || return 1
	ip -n $C addr add 10.9.5.1/24 dev vnc
	ip -n $S addr add 10.9.5.2/24 dev vns
	ip -n $S addr add 10.9.5.3/24 dev vns
	ip -n $C link set vnc up
	ip -n $S link set vns up

	key=$(mltctl genkey) || return 1
	echo "$key" | ins mltctl identity set - || return 1
	ID=$(echo "$key" | mltctl pubkey) || return 1
	ins mltctl eph rotate >$ST/eph || return 1
	ip netns exec $S mlt-echo-server >/dev/null 2>&1 &
	echo $! >$ST/echo

	cat >/tmp/nc-state.json <<-EOF
	{"height": 200, "names": {"d/demo": {"value":
	 "{\"ip\":\"10.9.5.2\",\"email\":\"ops@demo.bit\"}", "height": 100}}}
	EOF
	start_node /tmp/nc-state.json || return 1
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
}

expired_name() {
	setname d/old "{\"ip\":\"10.9.5.2\",$(MT)}" $(( $(height) - 36000 ))
	echo_fails old.bit "Key has expired"
}

name_without_minimalt() {
	setname d/plain '{"ip":"10.9.5.2"}' 100
	echo_fails plain.bit "Required key not available"
}

malformed_records_install_nothing() {
	long=$(printf '%01100d' 0)
	setname d/bad1 '{"ip":"10.9.5.2",' 100
	setname d/bad2 "{\"ip\":\"10.9.5.2\",\"x\":\"$long\",$(MT)}" 100
	setname d/bad3 "{\"ip\":\"10.9.5.2\",\"minimalT\":{\"port\":4747,\"id_key\":\"AAAA\",\"eph_key\":\"$(EPH)\"}}" 100
	setname d/bad4 "{\"ip\":\"10.9.5.2\",\"minimalT\":{\"port\":4747,\"id_key\":\"$ID\",\"eph_key\":\"!!!!$(EPH)\"}}" 100
	setname d/bad5 "{\"ip\":\"10.9.5.2\",\"minimalT\":{\"port\":70000,\"id_key\":\"$ID\",\"eph_key\":\"$(EPH)\"}}" 100
	for n in bad1 bad2 bad3 bad4 bad5; do
		echo_fails $n.bit "Key was rejected"
		inc mltctl dir show $n.bit -j | grep -q '"invalid"' ||
			fail "$n: $(inc mltctl dir show $n.bit)"
	done
	grep -q "minimalT.port" $LOG || fail "the log does not name the field"
}

map_and_import() {
	setname d/imp '{"import":"d/demo"}' 100
	setname d/mapped "{\"map\":{\"www\":{\"ip\":\"10.9.5.2\",$(MT)}}}" 100
	setname d/loopa "{\"import\":\"d/loopb\",\"ip\":\"10.9.5.2\",$(MT)}" 100
	setname d/loopb '{"import":"d/loopa"}' 100
	for n in imp.bit www.mapped.bit loopa.bit; do
		out=$(inc mlt-echo-client $n -t 5 2>&1) || fail "$n: $out"
	done
	echo_fails mapped.bit "Key was rejected\|Required key"
	grep -q "loop" $LOG || fail "no warning about the loop"
}

# A valid name whose new value is malformed keeps what was verified.
bad_update_keeps_entry() {
	before=$(entry_eph www.mapped.bit)
	[ -n "$before" ] || fail "no entry for www.mapped.bit"
	setname d/mapped '{"map":{"www":' 100
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
	for mode in '"ibd":true' '"garbage":true' '"http500_html":true' \
		    '"delay_ms":2500'; do
		rpc fake_mode "[{$mode}]" >/dev/null
		echo_fails "f$(echo "$mode" | tr -dc a-z).bit" "Network is down"
		rpc fake_mode '[{"ibd":false,"garbage":false,"http500_html":false,"delay_ms":0}]' \
			>/dev/null || fail "reset after $mode"
		sleep 2	# a poll under the failure, too
	done
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
	start_client_helper "--url http://10.9.5.3:18443/ --rpcuser test --rpcpassword wrong" ||
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
	setname d/pre "{\"ip\":\"10.9.5.2\",$(MT)}" 100
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

if ! setup; then
	echo "not ok 1 namecoin setup"
	cleanup
	exit 1
fi
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
	bad_update_keeps_entry node_failures_change_nothing
	wrong_password_changes_nothing rotation_with_live_connection
	helper_restart_resynchronises expired_name_is_removed
	no_helper_fails_fast"
plan $(echo $tests | wc -w)
for t in $tests; do
	run_test $t
done
cleanup
finish
