#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# namecoind-helper deployed as Documentation/namecoin.rst ("Deployment")
# says, next to a namecoind set up as Namecoin Core's own unit
# (contrib/init/namecoind.service) sets it up: the node runs as user and
# group "namecoin" in /var/lib/namecoind (0710) and writes its cookie with
# -rpccookieperms=group (0640). The helper runs with exactly the
# credentials and capabilities of the shipped namecoind-helper.service,
# read from the unit file itself (setpriv stands in for systemd), never as
# full root: it must read the cookie, answer "check", and install entries
# over netlink, and refuse a cookie that is a symbolic link or say how to
# fix one it may not read.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/namecoin_lib.sh"
UNIT=${UNIT:-/etc/systemd/system/namecoind-helper.service}
ns_names NS
trap cleanup_all_ns EXIT
trap 'exit 1' INT TERM
DATADIR=/var/lib/namecoind
ST=/tmp/dep-state
LOG=/tmp/dep-helper.log
NODE_UID=990	# a system user, as the package's adduser would make it
DYN_UID=61184	# the first uid of systemd's DynamicUser= range

# unit_get KEY: the value of KEY= in the unit (the last one wins).
unit_get() {
	sed -n "s/^$1=//p" "$UNIT" | tail -n 1
}

# gid_of NAME: the group's id from /etc/group (numbers as they are).
gid_of() {
	awk -F: -v g="$1" '$1 == g { print $3; f = 1 } END { if (!f) print g }' \
		/etc/group
}

# caps_list "CAP_A CAP_B": "+a,+b" as setpriv takes it.
caps_list() {
	for c in $1; do
		printf '+%s,' "$(echo "${c#CAP_}" | tr '[:upper:]' '[:lower:]')"
	done | sed 's/,$//'
}

# as_helper CMD...: CMD as the unit runs ExecStart: its user, group,
# supplementary groups, ambient capabilities and bounding set.
as_helper() {
	# shellcheck disable=SC2086
	ip netns exec $NS setpriv $PRIV "$@"
}

cleanup() {
	nc_cleanup "helper node" $NS
}

# The credentials of the unit, as setpriv options, into $PRIV; the
# ExecStart arguments after the binary into $ARGS.
read_unit() {
	[ -r "$UNIT" ] || { echo "no unit file $UNIT"; return 1; }
	user=$(unit_get User)
	group=$(unit_get Group)
	if [ -z "$user" ] || [ "$user" = root ]; then
		echo "the unit runs the helper as root"
		return 1
	fi
	if [ "$(unit_get DynamicUser)" = yes ]; then
		uid=$DYN_UID
	else
		uid=$((NODE_UID + 1))
	fi
	# systemd: the group of a dynamic user is its own, of the same id.
	[ -n "$group" ] || group=$user
	grep -q "^$user:" /etc/passwd ||
		echo "$user:x:$uid:$uid::/:/bin/false" >>/etc/passwd
	grep -q "^$group:" /etc/group || echo "$group:x:$uid:" >>/etc/group
	sup=
	for g in $(unit_get SupplementaryGroups); do
		sup="$sup${sup:+,}$(gid_of "$g")"
	done
	bnd=$(unit_get CapabilityBoundingSet)
	amb=$(unit_get AmbientCapabilities)
	[ -n "$bnd" ] || { echo "the unit keeps every capability"; return 1; }
	PRIV="--reuid=$uid --regid=$(gid_of "$group")"
	if [ -n "$sup" ]; then
		PRIV="$PRIV --groups=$sup"
	else
		PRIV="$PRIV --clear-groups"
	fi
	PRIV="$PRIV --bounding-set=-all,$(caps_list "$bnd")"
	if [ -n "$amb" ]; then
		PRIV="$PRIV --inh-caps=-all,$(caps_list "$amb")"
		PRIV="$PRIV --ambient-caps=-all,$(caps_list "$amb")"
	fi
	[ "$(unit_get NoNewPrivileges)" = yes ] && PRIV="$PRIV --nnp"
	exec_start=$(unit_get ExecStart)
	ARGS=${exec_start#* }
	CONF=$(echo "$ARGS" | sed -n 's/.*-c \([^ ]*\).*/\1/p')
	[ -n "$CONF" ] || { echo "ExecStart has no -c FILE: $exec_start"; return 1; }
	echo "$uid" >$ST/uid
	echo "$PRIV" >$ST/priv
	echo "$ARGS" >$ST/args
	echo "$CONF" >$ST/conf
}

setup() {
	cleanup
	: >$LOG
	modprobe minimalt || return 1
	nc_netns NS || return 1

	# namecoind's unit: User=namecoin (its own group), StateDirectory=
	# namecoind with StateDirectoryMode=0710.
	grep -q "^namecoin:" /etc/passwd ||
		echo "namecoin:x:$NODE_UID:$NODE_UID::$DATADIR:/bin/false" \
			>>/etc/passwd
	grep -q "^namecoin:" /etc/group ||
		echo "namecoin:x:$NODE_UID:" >>/etc/group
	read_unit || return 1
	rm -rf $DATADIR
	mkdir -p $DATADIR
	chown $NODE_UID:$NODE_UID $DATADIR
	chmod 0710 $DATADIR

	key=$(mltctl genkey) || return 1
	ID=$(echo "$key" | mltctl pubkey) || return 1
	echo "$ID" >$ST/id
	EPH=$(mltctl genkey | mltctl pubkey) || return 1
	cat >$ST/state.json <<-EOF
	{"height": 200, "expire_depth": 36000, "names": {"d/demo": {"value":
	 "{\"ip\":\"192.0.2.7\",\"minimalT\":{\"port\":4747,\"id_key\":\"$ID\",\"eph_key\":\"$EPH\"}}",
	 "height": 150}}}
	EOF
	chmod 0644 $ST/state.json
	chmod 0755 $ST

	# The node as its user, cookie readable by its group.
	nc_start_node /tmp/dep-node.out \
		ip netns exec $NS setpriv --reuid=$NODE_UID --regid=$NODE_UID \
		--clear-groups --inh-caps=-all --bounding-set=-all \
		fake-namecoind -l 127.0.0.1 -p 8336 -C $DATADIR -P group \
		-s $ST/state.json || { cat /tmp/dep-node.out; return 1; }

	# The helper's configuration as the docs give it: the cookie, the
	# node on this host; 0640 root:namecoin.
	mkdir -p "$(dirname "$CONF")"
	cat >"$CONF" <<-EOF
	url = http://127.0.0.1:8336/
	rpccookiefile = $DATADIR/.cookie
	confirmations = 1
	poll-interval = 1
	log-level = info
	EOF
	chown 0:namecoin "$CONF"
	chmod 0640 "$CONF"
}

load() {
	PRIV=$(cat $ST/priv)
	ARGS=$(cat $ST/args)
	ID=$(cat $ST/id)
}

cookie_as_namecoind_writes_it() {
	c=$DATADIR/.cookie
	[ -f $c ] || fail "no cookie: $(cat /tmp/dep-node.out)"
	mode=$(stat -c %a $c)
	[ "$mode" = 640 ] || fail "cookie mode $mode, not 640 (-P group)"
	[ "$(stat -c %u $c)" = $NODE_UID ] || fail "cookie owner $(stat -c %u $c)"
	[ "$(stat -c %a $DATADIR)" = 710 ] || fail "datadir $(stat -c %a $DATADIR)"
}

check_under_unit_credentials() {
	load
	# The credentials are the unit's, not root's.
	# shellcheck disable=SC2086
	st=$(as_helper sh -c 'cat /proc/self/status')
	echo "$st" | grep -q "^Uid:[[:space:]]*$(cat $ST/uid)[[:space:]]" ||
		fail "not the unit's user: $(echo "$st" | grep ^Uid)"
	echo "$st" | sed -n 's/^Groups://p' | tr -s ' \t' '\n' |
		grep -qx $NODE_UID ||
		fail "not in namecoin's group: $(echo "$st" | grep ^Groups)"
	# CAP_NET_ADMIN (bit 12) and nothing else, in every set that counts.
	for s in CapEff CapPrm CapBnd CapAmb; do
		echo "$st" | grep -q "^$s:[[:space:]]*0000000000001000$" ||
			fail "$s: $(echo "$st" | grep "^$s")"
	done
	# shellcheck disable=SC2086
	out=$(as_helper namecoind-helper $ARGS check demo.bit 2>&1) ||
		fail "check: $out"
	echo "$out" | grep -q "\"id_key\":\"$ID\"" || fail "check: $out"
	echo "$out" | grep -q '"192.0.2.7"' || fail "check: $out"
}

daemon_installs_over_netlink() {
	load
	# shellcheck disable=SC2086
	ip netns exec $NS setpriv $PRIV namecoind-helper $ARGS >>$LOG 2>&1 &
	echo $! >$ST/helper
	i=0
	until grep -q "info: running" $LOG; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "helper did not start: $(tail -5 $LOG)"
		kill -0 "$(cat $ST/helper)" 2>/dev/null ||
			fail "helper exited: $(tail -5 $LOG)"
		sleep 0.2
	done
	# The kernel asks, the helper answers as the unit's user.
	out=$(ip netns exec $NS mltctl dir resolve demo.bit -j 2>&1) ||
		fail "resolve: $out; $(tail -5 $LOG)"
	ip netns exec $NS mltctl dir show demo.bit -j |
		grep -q "\"identity\": *\"$ID\"" ||
		fail "entry: $(ip netns exec $NS mltctl dir show demo.bit 2>&1); $(tail -5 $LOG)"
	stop_pid $ST/helper
}

cookie_symlink_refused() {
	load
	ln -sf .cookie $DATADIR/link.cookie
	chown -h $NODE_UID:$NODE_UID $DATADIR/link.cookie
	# shellcheck disable=SC2086
	out=$(as_helper namecoind-helper $ARGS \
		--rpccookiefile $DATADIR/link.cookie check demo.bit 2>&1) &&
		fail "a cookie through a symbolic link was used: $out"
	rm -f $DATADIR/link.cookie
	echo "$out" | grep -q "link.cookie: a symbolic link: refused" ||
		fail "$out"
}

cookie_owner_only_says_how_to_fix() {
	load
	# namecoind without -rpccookieperms: 0600.
	chmod 0600 $DATADIR/.cookie
	rc=0
	# shellcheck disable=SC2086
	out=$(as_helper namecoind-helper $ARGS check demo.bit 2>&1) || rc=$?
	chmod 0640 $DATADIR/.cookie
	[ $rc -ne 0 ] || fail "an unreadable cookie gave an answer: $out"
	echo "$out" | grep -q "mode 0600.*-rpccookieperms=group" ||
		fail "no hint how to fix it: $out"
	# And the unit's group is what opens it: without, the datadir is shut
	# (and the configuration file, 0640 root:namecoin: flags instead).
	# shellcheck disable=SC2046
	out=$(ip netns exec $NS setpriv $(echo "$PRIV" |
		sed 's/--groups=[^ ]*/--clear-groups/') \
		namecoind-helper --url http://127.0.0.1:8336/ \
		--rpccookiefile $DATADIR/.cookie check demo.bit 2>&1) &&
		fail "read the cookie outside namecoin's group: $out"
	echo "$out" | grep -q "directory is closed to uid" || fail "$out"
}

remote_plain_http_refused() {
	load
	# shellcheck disable=SC2086
	out=$(as_helper namecoind-helper $ARGS --url http://192.0.2.1:8336/ \
		check demo.bit 2>&1) && fail "plaintext to a remote node: $out"
	echo "$out" | grep -q "allow-remote-http = 1" || fail "$out"
}

# The debug kernel (KASAN) is several times slower: there, only the
# cases with a kernel side (netlink under the unit's capabilities); the
# cookie and URL checks are the same program on every kernel.
tests="cookie_as_namecoind_writes_it check_under_unit_credentials
	daemon_installs_over_netlink cookie_symlink_refused
	cookie_owner_only_says_how_to_fix remote_plain_http_refused"
grep -q " kasan_report" /proc/kallsyms 2>/dev/null &&
	tests="check_under_unit_credentials daemon_installs_over_netlink"
# util-linux's setpriv stands in for systemd (busybox's cannot change uids).
NC_NEEDS="$NC_NEEDS setpriv"
nc_miss=$(nc_missing)
if [ -z "$nc_miss" ] && ! setpriv --help 2>&1 | grep -q -- --ambient-caps; then
	nc_miss="setpriv with --ambient-caps (util-linux)"
fi
if [ -n "$nc_miss" ]; then
	# shellcheck disable=SC2086
	skip_all namecoin_deploy "not installed: $nc_miss" setup $tests
	exit 0
fi
plan $(( $(echo $tests | wc -w) + 1 ))
run_test setup || true
for t in $tests; do
	run_test $t
done
cleanup
finish
