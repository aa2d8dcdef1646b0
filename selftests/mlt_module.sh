#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Loading and unloading minimalt.ko: autoload, the family parameter, and
# unloading with sockets open and namespaces holding state.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

ko=/lib/modules/$(uname -r)/extra/minimalt.ko
key=/tmp/module-test.key
umask 077
# Named here, made by the tests (in subshells): the exit trap deletes them.
ns_names NS_A NS_B NS_DEL
trap 'cleanup_all_ns; rm -f "$key" /tmp/hold.out' EXIT
trap 'exit 1' INT TERM

loaded() { grep -q '^minimalt ' /proc/modules; }
unload() { if loaded; then rmmod minimalt; fi; }
family() { cat /sys/module/minimalt/parameters/family; }

load_and_unload() {
	unload
	modprobe minimalt
	loaded || fail "not loaded after modprobe"
	[ "$(family)" = 22 ] || fail "family parameter is $(family), not 22"
	rmmod minimalt
	! loaded || fail "still loaded after rmmod"
}

socket_autoloads_the_module() {
	unload
	"$here/sock_hold" || fail "socket() failed"
	loaded || fail "socket() did not load the module"
}

netlink_autoloads_the_module() {
	unload
	mltctl show > /dev/null || fail "mltctl show failed"
	loaded || fail "resolving the genl family did not load the module"
}

loading_twice_is_eexist() {
	unload
	insmod "$ko"
	if out=$(insmod "$ko" 2>&1); then fail "a second insmod succeeded"; fi
	echo "$out" | grep -q "File exists" || fail "unexpected error: $out"
	loaded || fail "the first instance went away"
	rmmod minimalt
}

taken_family_is_eexist_with_a_message() {
	unload
	dmesg -c > /dev/null
	# 16 is AF_NETLINK, always registered.
	if out=$(insmod "$ko" family=16 2>&1); then fail "family=16 loaded"; fi
	echo "$out" | grep -q "File exists" || fail "unexpected error: $out"
	dmesg | grep -q "minimalt: address family 16 is already registered; load with family=N" ||
		fail "no message naming the family: $(dmesg | tail -n 3)"
	! loaded || fail "loaded anyway"
}

out_of_range_family_is_einval() {
	unload
	for f in 0 -1 46 1000; do
		if out=$(insmod "$ko" family=$f 2>&1); then fail "family=$f loaded"; fi
		echo "$out" | grep -q "Invalid param" || fail "family=$f: $out"
	done
	! loaded || fail "loaded anyway"
}

family_parameter_overrides_the_default() {
	unload
	insmod "$ko" family=18
	[ "$(family)" = 18 ] || fail "parameter reads $(family)"
	"$here/sock_hold" -f 18 || fail "socket(18) failed"
	if "$here/sock_hold" -f 22 2> /dev/null; then fail "22 is still served"; fi
	mltctl show | grep -q "family: 18" || fail "mltctl show: $(mltctl show)"
	rmmod minimalt
}

unload_is_refused_while_a_socket_is_open() {
	unload
	modprobe minimalt
	"$here/sock_hold" -H > /tmp/hold.out &
	pid=$!
	i=0
	while ! grep -qs holding /tmp/hold.out; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "sock_hold did not start"
		sleep 0.1
	done
	if rmmod minimalt 2> /dev/null; then fail "rmmod succeeded with a socket open"; fi
	loaded || fail "module gone with a socket open"
	kill $pid
	wait $pid || true
	rmmod minimalt || fail "rmmod failed after the socket closed"
}

unload_with_namespaces_holding_state() {
	unload
	modprobe minimalt
	mltctl genkey > "$key"
	setup_ns NS_A NS_B
	for ns in $NS_A $NS_B; do
		ip netns exec $ns mltctl identity set "$key"
		ip netns exec $ns mltctl show | grep -q "$(mltctl pubkey < "$key")" ||
			fail "identity not set in $ns"
	done
	rmmod minimalt || fail "rmmod failed with namespaces holding state"
	cleanup_ns $NS_A $NS_B
}

deleting_namespaces_with_state_is_clean() {
	modprobe minimalt
	for i in 1 2 3 4 5 6 7 8; do
		setup_ns NS_DEL
		mltctl genkey | ip netns exec $NS_DEL mltctl identity set -
		ip netns exec $NS_DEL "$here/sock_hold"
		ip netns del $NS_DEL
	done
	loaded || fail "module gone"
	rmmod minimalt
}

plan 10
run_test load_and_unload
run_test socket_autoloads_the_module
run_test netlink_autoloads_the_module
run_test loading_twice_is_eexist
run_test taken_family_is_eexist_with_a_message
run_test out_of_range_family_is_einval
run_test family_parameter_overrides_the_default
run_test unload_is_refused_while_a_socket_is_open
run_test unload_with_namespaces_holding_state
run_test deleting_namespaces_with_state_is_clean
finish
