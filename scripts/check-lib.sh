# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# What the test commands (scripts/check, scripts/check-arch) share: the
# TAP tally and the step runner. The caller sets logs (the directory of
# the steps' logs) and pass, fail and skip (the counts, at 0).

# Count the TAP results in a log.
tally() {
	local p f s

	p=$(grep -E '^ok ' "$1" | grep -vc '# SKIP')
	s=$(grep -E '^ok ' "$1" | grep -c '# SKIP')
	f=$(grep -cE '^not ok ' "$1")
	pass=$((pass + p))
	fail=$((fail + f))
	skip=$((skip + s))
}

# step NAME COMMAND...: run a step; its TAP lines count, and a step that
# fails without reporting a failed test counts as one failure itself.
# shellcheck disable=SC2154 # logs is the caller's
step() {
	local name=$1 log="$logs/$1.log" rc before=$fail start=$SECONDS

	shift
	echo "# === $name"
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	tally "$log"
	if [ "$rc" -ne 0 ] && [ "$fail" -eq "$before" ]; then
		echo "not ok - $name (exit $rc, see $log)"
		fail=$((fail + 1))
	fi
	echo "# --- $name: $((SECONDS - start))s"
	return "$rc"
}
