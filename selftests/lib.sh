#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# TAP helpers for the shell selftests: each test is a function; "run NAME"
# runs it in a subshell and prints "ok N NAME" or "not ok N NAME".

_n=0
_failed=0

# Print a diagnostic and fail the current test.
fail() {
	echo "# $*"
	exit 1
}

plan() {
	echo "TAP version 13"
	echo "1..$1"
}

# run_test NAME: run the function NAME; its output becomes diagnostics.
run_test() {
	_n=$((_n + 1))
	_out=$( (set -e; "$1") 2>&1 )
	_rc=$?
	[ -n "$_out" ] && echo "$_out" | sed 's/^/# /'
	if [ $_rc -eq 0 ]; then
		echo "ok $_n $1"
	else
		echo "not ok $_n $1"
		_failed=$((_failed + 1))
	fi
}

finish() {
	[ $_failed -eq 0 ]
}
