#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The whole VM suite, run inside the guest by scripts/check. Each test
# program prints TAP; this exits non-zero if any of them failed.
here=$(cd "$(dirname "$0")" && pwd)
rc=0

echo "# selftest: module.sh"
sh "$here/module.sh" || rc=1

modprobe minimalt || { echo "not ok - modprobe minimalt"; exit 1; }
for t in identity socket directory config resolve; do
	echo "# selftest: $t"
	"$here/$t" || rc=1
done
echo "# selftest: transport.sh"
sh "$here/transport.sh" || rc=1
echo "# selftest: namecoin.sh"
sh "$here/namecoin.sh" || rc=1
echo "# selftest: namecoin_deploy.sh"
sh "$here/namecoin_deploy.sh" || rc=1
echo "# selftest: namecoin_publish.sh"
sh "$here/namecoin_publish.sh" || rc=1
exit $rc
