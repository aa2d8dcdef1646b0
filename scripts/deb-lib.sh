# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# What scripts/check-deb and scripts/check-walkthrough share: both install
# the minimalt packages on this host, take the minimalt.ko DKMS built, and
# must leave the host as they found it. Sourced (bash); the caller names
# itself in $deb_me (for messages) and has its scratch directory in $work.
# shellcheck disable=SC2154 # deb_me and work are the caller's

# deb_installed PKG: dpkg knows PKG as installed, or half so.
deb_installed() {
	dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | grep -q '^.[iUFHWt]'
}

# deb_refuse_if_present: exit 2 when minimalt packages or a minimalt DKMS
# module are there already: they are not ours to remove.
deb_refuse_if_present() {
	local p

	for p in minimalt-dkms minimalt-tools; do
		if deb_installed "$p"; then
			echo "$deb_me: $p is installed already; not touching it" >&2
			exit 2
		fi
	done
	if [ -e /var/lib/dkms/minimalt ] || compgen -G '/usr/src/minimalt-*' >/dev/null; then
		echo "$deb_me: a minimalt DKMS module is there already; not touching it" >&2
		exit 2
	fi
}

# deb_dkms_list: every path under /var/lib/dkms, sorted.
deb_dkms_list() {
	find /var/lib/dkms -xdev 2>/dev/null | sort
}

# deb_first GLOB-WORD: the word if it names something (a glob's first match).
deb_first() {
	[ -e "$1" ] && echo "$1"
}

# deb_dkms_ko REL DST: the minimalt.ko DKMS installed for kernel REL,
# decompressed into DST; prints the installed file's path (empty if none).
# DST is removed when there is none.
deb_dkms_ko() {
	local src

	src=$(deb_first /lib/modules/"$1"/updates/dkms/minimalt.ko*)
	case $src in
	*.ko) cp "$src" "$2" ;;
	*.ko.xz) xz -dc "$src" >"$2" ;;
	*.ko.zst) zstd -qdc "$src" >"$2" ;;
	*.ko.gz) gzip -dc "$src" >"$2" ;;
	*) rm -f "$2" ;;
	esac
	echo "$src"
}

# deb_cleanup DKMS_BEFORE: purge the packages, remove what DKMS left of
# minimalt, and every path under /var/lib/dkms not in DKMS_BEFORE (a
# deb_dkms_list taken first: DKMS makes its signing key on a first
# build). Logs to $work/cleanup.log.
deb_cleanup() {
	local p v f

	for p in minimalt-dkms minimalt-tools; do
		if deb_installed "$p"; then
			echo "# cleanup: purging $p"
			apt-get purge -y -q "$p" >>"$work/cleanup.log" 2>&1 ||
				dpkg --purge --force-all "$p" >>"$work/cleanup.log" 2>&1
		fi
	done
	if [ -d /var/lib/dkms/minimalt ]; then
		echo "# cleanup: dkms remove minimalt"
		for v in /var/lib/dkms/minimalt/*/; do
			[ -d "$v" ] || continue
			v=${v%/}
			dkms remove -m minimalt -v "${v##*/}" --all >>"$work/cleanup.log" 2>&1
		done
		rm -rf /var/lib/dkms/minimalt
	fi
	rm -rf /usr/src/minimalt-*
	find /lib/modules -name 'minimalt.ko*' -path '*/updates/dkms/*' -delete 2>/dev/null
	deb_dkms_list | comm -13 "$1" - | sort -r |
		while read -r f; do
			echo "# cleanup: removing $f (DKMS made it)"
			rm -rf "$f"
		done
}
