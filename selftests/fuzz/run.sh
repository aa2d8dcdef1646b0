#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run one libFuzzer target for a bounded time and print one TAP line:
#   ok - NAME: N runs, no crash        (exit 0)
#   not ok - NAME: ...                 (exit 1, the log's tail as comments)
#
# Usage: run.sh NAME BINARY SECONDS SEEDS SCRATCH OUTDIR [libFuzzer args]
#   SEEDS    the committed seed corpus, only read
#   SCRATCH  where libFuzzer writes the inputs it finds (the first corpus
#            directory is the one it writes to)
#   OUTDIR   NAME.log, and crash-*/leak-*/timeout-* artifacts
set -u

name=$1 bin=$2 secs=$3 seeds=$4 scratch=$5 out=$6
shift 6
mkdir -p "$scratch" "$out"
log=$out/$name.log

"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$out/$name-" "$@" \
	"$scratch" "$seeds" >"$log" 2>&1
rc=$?

runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
cov=$(sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\) .*/cov \1, ft \2/p' "$log" |
	tail -n 1)
eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")

if [ "$rc" -eq 0 ] && [ -n "$runs" ]; then
	echo "ok - $name: $runs runs, no crash"
	echo "# $name: ${eps:-?} exec/s, ${cov:-no coverage line}; log $log"
	exit 0
fi
echo "not ok - $name: libFuzzer exit $rc after ${runs:-?} runs; log $log"
tail -n 40 "$log" | sed 's/^/# /'
exit 1
