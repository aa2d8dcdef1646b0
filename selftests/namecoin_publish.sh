#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# namecoind-helper publishing against the test node's wallet: the value is
# edited byte for byte, an update waiting for a block is not sent again,
# each wallet error gives one line that says what to do, a change of any
# published item is published, and a name near its expiry is renewed.
#
#   $S (a namespace named by ns_names): the node on 127.0.0.1:18443 and
#   the publishing helper
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/namecoin_lib.sh"
ns_names S
trap cleanup_all_ns EXIT
trap 'exit 1' INT TERM
URL=http://127.0.0.1:18443/
NODE="--url $URL --rpcuser test --rpcpassword secret"
ST=/tmp/np-state
LOG=/tmp/np-helper.log
# A value with text no ASCII encoding carries and a number that a JSON
# library would rewrite (0.1 as 0.10000000000000001).
VALUE='{"info":"café ☕ ü","n":0.1,"ip":"10.9.6.2","x":[1.50,-0]}'

mode() { rpc fake_mode "[$1]" >/dev/null; }
field() { sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p" | tr -d '"'; }
hex() { od -An -tx1 | tr -d ' \n'; }
# The name's value as the node holds it, in hex: byte for byte.
# name_show in utf8 (the node's default, ascii, cannot show the value).
show() { rpc name_show "[\"$1\", {\"valueEncoding\": \"utf8\"}]"; }
value_hex() { rpc name_show "[\"$1\", {\"valueEncoding\": \"hex\"}]" |
	field value; }
# Renewal has its own test: elsewhere a name is renewed only when due.
publish() {
	ins namecoind-helper $NODE --renew-blocks 5 -v -v "$@" publish
}
# The newest ephemeral key, the one the helper publishes.
rotate() { ins mltctl eph rotate >$ST/eph; }
eph() { cat $ST/eph; }

cleanup() {
	nc_cleanup "helper node" $S
}

setup() {
	cleanup
	nc_netns S || return 1
	nc_identity || return 1
	echo "$ID" >$ST/id
	rotate || return 1
	v=$(printf '%s' "$VALUE" | sed 's/"/\\"/g')
	cat >/tmp/np-state.json <<-EOF
	{"height": 200, "names": {"d/pub": {"value": "$v", "height": 199}}}
	EOF
	nc_start_node /tmp/np-node.out ip netns exec $S fake-namecoind \
		-l 127.0.0.1 -p 18443 -u test:secret -s /tmp/np-state.json
}

# The minimalT text the helper writes for the current key, no ip.
mt() {
	printf '{"port":4747,"id_key":"%s","eph_key":"%s"%s}' \
		"$(cat $ST/id)" "$(eph)" "${1:+,\"ip\":\"$1\"}"
}

utf8_and_numbers_survive_byte_for_byte() {
	out=$(publish --publish-name d/pub 2>&1) || fail "publish: $out"
	echo "$out" | grep -q "name_update [0-9a-f]\{64\}" || fail "$out"
	mine 1
	want=$(printf '%s' "$VALUE" | sed 's/}$//'; printf ',"minimalT":%s}' "$(mt)")
	[ "$(value_hex d/pub)" = "$(printf '%s' "$want" | hex)" ] ||
		fail "value is $(show d/pub)"
	out=$(publish --publish-name d/pub 2>&1) || fail "again: $out"
	echo "$out" | grep -q "up to date" || fail "not up to date: $out"
}

one_update_while_pending() {
	rotate
	out=$(publish --publish-name d/pub 2>&1) || fail "publish: $out"
	# grep -c fails when it counts 0: under set -e, say so, not silently.
	n=$(echo "$out" | grep -c "name_update [0-9a-f]\{64\}:") || true
	[ "$n" = 1 ] || fail "first: $n updates sent: $out"
	# No block yet: seen as pending, not sent again, by a second run...
	out=$(publish --publish-name d/pub 2>&1) || fail "second: $out"
	echo "$out" | grep -q "is pending; waiting for a block" || fail "$out"
	echo "$out" | grep -q "name_update [0-9a-f]\{64\}:" && fail "resent: $out"
	# ...nor by the daemon, poll after poll.
	: >$LOG
	ip netns exec $S namecoind-helper $NODE --publish-name d/pub \
		--renew-blocks 5 --poll-interval 1 -v -v >>$LOG 2>&1 &
	echo $! >$ST/helper
	sleep 4
	grep -q "name_update [0-9a-f]\{64\}:" $LOG && fail "daemon resent: $(cat $LOG)"
	grep -q "is pending" $LOG || fail "daemon: $(cat $LOG)"
	n=$(rpc name_pending '["d/pub"]' | grep -o '"txid"' | wc -l)
	[ "$n" = 1 ] || fail "$n pending operations"
	mine 1
	sleep 3
	stop_pid $ST/helper
	grep -q "name_update [0-9a-f]\{64\}:" $LOG && fail "sent after the block: $(cat $LOG)"
	show d/pub | grep -qF "$(eph)" || fail "not published: $(show d/pub)"
}

# wallet_line MODE TEXT [NAME]: with fake_mode MODE, publish fails with
# exactly one error line, and it holds TEXT.
wallet_line() {
	mode "$1"
	out=$(publish --publish-name ${3:-d/pub} 2>&1) && fail "$1: published: $out"
	mode '{"wallet_locked": false, "no_funds": false, "fee_estimation_fails": false, "wallets": 1}'
	n=$(echo "$out" | grep -c "error:") || true
	[ "$n" = 1 ] || fail "$1: $n error lines: $out"
	echo "$out" | grep "error:" | grep -qF -- "$2" || fail "$1: $out"
	echo "$out" | grep -q "name_update [0-9a-f]\{64\}:" && fail "$1: sent: $out"
	true
}

wallet_errors_say_what_to_do() {
	rotate		# something to publish
	wallet_line '{"wallet_locked": true}' "walletpassphrase"
	wallet_line '{"no_funds": true}' "cannot pay the fee"
	wallet_line '{"fee_estimation_fails": true}' "fallbackfee"
	wallet_line '{"wallets": 0}' "no wallet is loaded (-18)"
	wallet_line '{"wallets": 2}' "url=http://127.0.0.1:18443/wallet/NAME"
	rpc fake_setname '["d/theirs", "{}", 199, {"ismine": false}]' >/dev/null
	wallet_line '{}' "d/theirs is not in this node's wallet" d/theirs
	# The /wallet/NAME form named in the -19 line selects a wallet.
	mode '{"wallets": 2}'
	out=$(ins namecoind-helper --url ${URL}wallet/w1 --rpcuser test \
		--rpcpassword secret --renew-blocks 5 --publish-name d/pub \
		publish 2>&1)
	mode '{"wallets": 1}'
	echo "$out" | grep -q -- "-19" && fail "/wallet/w1: $out"
	mine 1
}

publish_ip_change_is_published() {
	out=$(publish --publish-name d/pub 2>&1) || fail "publish: $out"
	mine 1
	out=$(publish --publish-name d/pub --publish-ip 10.9.6.7 2>&1) ||
		fail "ip: $out"
	echo "$out" | grep -q "up to date" && fail "ip not published: $out"
	mine 1
	show d/pub | grep -qF "$(mt 10.9.6.7 | sed 's/"/\\"/g')" ||
		fail "$(show d/pub)"
	out=$(publish --publish-name d/pub --publish-ip 10.9.6.7 2>&1)
	echo "$out" | grep -q "up to date" || fail "same ip: $out"
	out=$(publish --publish-name d/pub --publish-ip 10.9.6.8 2>&1)
	echo "$out" | grep -q "up to date" && fail "new ip: $out"
	mine 1
	show d/pub | grep -q '10.9.6.8' || fail "10.9.6.8 missing"
	# Every other byte is still the owner's.
	rpc name_show '["d/pub", {"valueEncoding": "hex"}]' |
		grep -q "$(printf '"n":0.1,' | hex)" || fail "0.1 lost"
}

renewed_before_expiry() {
	out=$(publish --publish-name d/pub --publish-ip 10.9.6.8 2>&1) ||
		fail "publish: $out"
	before=$(value_hex d/pub)
	left=$(rpc name_show '["d/pub"]' | field expires_in)
	[ -n "$left" ] && [ "$left" -gt 6 ] && [ "$left" -le 35999 ] ||
		fail "expires_in $left"
	# Far from expiry: nothing to do.
	out=$(publish --publish-name d/pub --publish-ip 10.9.6.8 \
		--renew-blocks 5 2>&1)
	echo "$out" | grep -q "up to date" || fail "renewed early: $out"
	# The daemon, without rotation, renews once fewer than 5 are left.
	: >$LOG
	ip netns exec $S namecoind-helper $NODE --publish-name d/pub \
		--publish-ip 10.9.6.8 --renew-blocks 5 --poll-interval 1 \
		-v -v >>$LOG 2>&1 &
	echo $! >$ST/helper
	mine $((left - 6))
	i=0
	until grep -q "renewed" $LOG; do
		i=$((i + 1))
		[ $i -lt 20 ] || fail "not renewed: $(tail -5 $LOG)"
		mine 1
		sleep 1
	done
	mine 1
	sleep 2
	stop_pid $ST/helper
	n=$(grep -c "renewed" $LOG)
	[ "$n" = 1 ] || fail "$n renewals: $(cat $LOG)"
	now=$(rpc name_show '["d/pub"]' | field expires_in)
	[ "$now" -gt 6 ] || fail "expires_in $now after renewal"
	[ "$(value_hex d/pub)" = "$before" ] || fail "value changed"
}

tests="utf8_and_numbers_survive_byte_for_byte one_update_while_pending
	wallet_errors_say_what_to_do publish_ip_change_is_published
	renewed_before_expiry"
# The debug kernel (KASAN) is several times slower: there, one publish
# (the kernel's keys read over netlink); the wallet logic is the same
# program on every kernel.
grep -q " kasan_report" /proc/kallsyms 2>/dev/null &&
	tests="utf8_and_numbers_survive_byte_for_byte"
nc_main namecoin_publish $tests
