#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The VM suite, run inside the guest by scripts/check. Each test program
# prints TAP; this exits non-zero if any of them failed.
#
# Usage: run.sh [SUITE...]   (no SUITE: every suite, in this order;
#                            "kernel": every suite but namecoind-helper's)
#   module     mlt_module.sh: loading, unloading, the family parameter
#   identity   mlt_identity: the host identity key
#   sockets    mlt_sockets: the socket calls without a peer
#   directory  mlt_directory: directory entries and ephemeral keys
#   config     mlt_config: the namespace's configuration
#   resolve    mlt_resolve: the resolver protocol
#   nss        mlt_nss: virtual addresses and libnss_minimalt
#   proxy      mlt_proxy.sh: curl and ssh over MinimaLT through mlt-proxy
#   preload    mlt_preload.sh: curl and a C program through libmlt-preload
#   transport  mlt_transport.sh (which runs mlt_transport): tunnels and
#              connections between namespaces, teardown
#   python     mlt_python.py: the Python binding (userspace/python)
#   namecoin, namecoin_deploy, namecoin_publish: namecoind-helper
#
# Each suite runs under the timeout of ./settings (timeout=SECONDS, as
# kselftest's runner reads it) when the guest has timeout(1).
here=$(cd "$(dirname "$0")" && pwd)
# The suites of kernel code, then those of namecoind-helper (a userspace
# program, whose kernel side the directory and resolve suites test).
kernel="module identity sockets directory config resolve nss proxy preload transport python"
all="$kernel namecoin namecoin_deploy namecoin_publish"
limit=$(sed -n 's/^timeout=//p' "$here/settings" 2>/dev/null)

# The program or script of a suite. Scripts run under /bin/sh by its
# path: busybox's timeout would take a bare "sh" for its own shell, which
# runs busybox's applets (ip, insmod) before the real tools on PATH.
suite_cmd() {
	case $1 in
	module | transport | proxy | preload) echo "/bin/sh $here/mlt_$1.sh" ;;
	identity | sockets | directory | config | resolve | nss)
		echo "$here/mlt_$1" ;;
	namecoin | namecoin_deploy | namecoin_publish)
		echo "/bin/sh $here/$1.sh" ;;
	python) echo "/usr/bin/python3 $here/mlt_python.py" ;;
	*) return 1 ;;
	esac
}

# shellcheck disable=SC2086
[ $# -gt 0 ] || set -- $all
# shellcheck disable=SC2086
[ "$*" != kernel ] || set -- $kernel
for s in "$@"; do
	suite_cmd "$s" >/dev/null || {
		echo "run.sh: no suite '$s'; the suites: $all" >&2
		exit 2
	}
done

rc=0
for s in "$@"; do
	cmd=$(suite_cmd "$s")
	echo "# selftest: $s (${cmd##*/})"
	t0=$(date +%s)
	# Every suite but module (mlt_module.sh), which loads and unloads it,
	# starts with the module loaded.
	if [ "$s" != module ] && ! modprobe minimalt; then
		echo "not ok - $s: modprobe minimalt"
		rc=1
		continue
	fi
	if [ -n "$limit" ] && command -v timeout >/dev/null 2>&1; then
		# shellcheck disable=SC2086
		timeout "$limit" $cmd
		src=$?
		[ $src -ne 124 ] && [ $src -ne 143 ] ||
			echo "not ok - $s # TIMEOUT $limit seconds"
	else
		# shellcheck disable=SC2086
		$cmd
		src=$?
	fi
	[ $src -eq 0 ] || rc=1
	echo "# --- $s: $(($(date +%s) - t0))s"
done
exit $rc
