#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of scripts/check-walkthrough: runs inside the VM the
# commands of the README's section "From apt install to a first
# connection", as written, on two hosts: network namespaces "server"
# (192.0.2.10, the address the README publishes) and "client"
# (192.0.2.20), joined by a veth pair.
#
# Input, from the host (build/guest/walk, /mlt/walk here):
#   commands   one README command a line, "server# CMD", "client# CMD" or
#              "both# CMD" (both: the server, then the client), without
#              the host's lines (apt, dpkg, dkms: the host ran them)
#   pkg/       the minimalt-tools package unpacked (dpkg-deb -x): copied
#              into / as apt would install it
#   ko-origin  where the minimalt.ko this VM booted comes from
#   bin/       coreutils' install, which a Debian machine has and the
#              guest's busybox lacks
#
# What stands in for the machines' surroundings (not README commands):
#   - each host's /etc/minimalt is its own (/etc/netns/HOST/minimalt,
#     which "ip netns exec" mounts over /etc/minimalt); /etc/nsswitch.conf
#     is Debian's default ("hosts: files dns"), shared;
#   - the Namecoin node: one fake-namecoind in the client's namespace on
#     port 8336 (every address), its cookie /var/lib/namecoind/.cookie
#     readable by its group, the group "namecoin" in /etc/group; d/example
#     registered with the value {} in its wallet. The client's
#     configuration is used as written; in the server's, the url line
#     becomes http://192.0.2.20:8336/ with "allow-remote-http = 1" (the
#     one substitution of a README command: there is one node, on the
#     client's side);
#   - the network mining: once the server's namecoind-helper has sent its
#     name_update, two blocks;
#   - systemctl, a shim (there is no systemd): "enable --now UNIT" runs
#     the unit's ExecStartPre= lines, then its ExecStart= in the
#     background, as root (User=, DynamicUser=, capabilities and
#     sandboxing are not applied), with EnvironmentFile=, RuntimeDirectory=
#     and %i; a Type=oneshot unit runs ExecStart= to its end and fails
#     if it fails; a .socket starts its service at once (not on the first
#     connection); it fails when the service is not running a second
#     later. Each unit's output goes to /run/walk-units/HOST/UNIT.log;
#   - journalctl: there is no journal, so its lines are skipped (TAP
#     "# SKIP") and the unit's log, or the kernel's lines that name
#     minimalt, are shown instead.
#
# Output: TAP lines "ok - walkthrough: HOST# CMD" (numbered by the host),
# each command's output as "#   " lines. Exit status: 0 when every
# command succeeded.
set -u
W=/mlt/walk
N=/mlt/bin/fake-namecoind
# As the guest's init has it, without /mlt/bin: the real ip(8) in /sbin
# before busybox's, the packaged tools, not the build's.
# (busybox's timeout runs its own applets first: /sbin/ip by its path.)
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
export HOME=/root
failed=0

ok() { echo "ok - walkthrough: $*"; }
notok() { echo "not ok - walkthrough: $*"; failed=1; }
diag() { sed 's/^/#   /'; }
on() { _ns=$1; shift; ip netns exec "$_ns" "$@"; }

must() {	# must WHAT CMD...: the surroundings; without them nothing runs
	_what=$1
	shift
	"$@" > /tmp/must.out 2>&1 && return 0
	notok "setup: $_what"
	diag < /tmp/must.out
	exit 1
}

# --- The two hosts and their link.
for ns in server client; do
	must "ip netns add $ns" ip netns add $ns
	must "lo up in $ns" ip -n $ns link set lo up
done
must "veth pair" ip link add veth0 netns server type veth peer name veth0 netns client
must "server address" ip -n server addr add 192.0.2.10/24 dev veth0
must "client address" ip -n client addr add 192.0.2.20/24 dev veth0
must "server link up" ip -n server link set veth0 up
must "client link up" ip -n client link set veth0 up

# --- The package, as apt installs it.
must "minimalt-tools unpacked into /" cp -a $W/pkg/. /
# coreutils' install(1), which Debian has and the guest's busybox lacks.
rm -f /usr/bin/install
must "install(1) in /usr/bin" cp $W/bin/install /usr/bin/install
# vm-run's copy of the source unit (for namecoin_deploy.sh) is not the
# installed one: it would shadow the package's, as /etc/systemd/system does.
rm -f /etc/systemd/system/namecoind-helper.service
echo "# guest: minimalt-tools unpacked into / (dpkg-deb -x); minimalt.ko: $(cat $W/ko-origin)"
printf 'passwd:         files\ngroup:          files\nhosts:          files dns\n' > /etc/nsswitch.conf
for ns in server client; do
	mkdir -p /etc/netns/$ns/minimalt
	cp -a /etc/minimalt/. /etc/netns/$ns/minimalt/
done
grep -q '^namecoin:' /etc/group || echo 'namecoin:x:990:' >> /etc/group

# --- The Namecoin node.
mkdir -p /var/lib && mkdir -m 0710 /var/lib/namecoind
cat > /tmp/chain.json <<'EOF'
{"height": 300, "expire_depth": 36000, "names": {"d/example":
 {"value": "{}", "height": 290}}}
EOF
on client $N -l 0.0.0.0 -p 8336 -C /var/lib/namecoind -P group \
	-s /tmp/chain.json > /tmp/node.out 2>&1 &
i=0
until grep -qs listening /tmp/node.out; do
	i=$((i + 1))
	[ $i -le 100 ] || { notok "setup: fake-namecoind did not start"; diag < /tmp/node.out; exit 1; }
	sleep 0.1
done
NODE="--url http://127.0.0.1:8336/ --rpccookiefile /var/lib/namecoind/.cookie"
# shellcheck disable=SC2086 # NODE is words
rpc() { on client namecoind-helper $NODE rpc "$@"; }

# --- systemctl, a shim (see the header).
cat > /usr/bin/systemctl <<'SHIM'
#!/bin/sh
# systemctl for scripts/walkthrough-guest.sh: no systemd in the guest.
ns=$(ip netns identify 2>/dev/null)
st=/run/walk-units/${ns:-root}
mkdir -p "$st"
now=
cmd=${1:-}
case $cmd in
enable) shift; [ "${1:-}" = --now ] && { now=1; shift; } ;;
start) shift; now=1 ;;
daemon-reload) exit 0 ;;
stop|status|is-active|restart) ;;
*) echo "systemctl (walkthrough shim): $* is not supported" >&2; exit 1 ;;
esac
[ $# -gt 0 ] || { echo "systemctl: no unit" >&2; exit 1; }

alive() {
	[ -f "$st/$1.done" ] ||
		{ [ -f "$st/$1.pid" ] && kill -0 "$(cat "$st/$1.pid")" 2>/dev/null; }
}

start() {	# start UNIT: UNIT without .service; a .socket starts its service
	u=${1%.service}
	u=${u%.socket}
	inst=
	file=$u.service
	case $u in *@*) inst=${u#*@}; file=${u%%@*}@.service ;; esac
	for d in /etc/systemd/system /lib/systemd/system; do
		[ -f "$d/$file" ] && { file=$d/$file; break; }
	done
	[ -f "$file" ] || { echo "Failed to start $u.service: Unit $u.service not found." >&2; return 1; }
	alive "$u" && return 0
	sed -n '/^\[Service\]/,/^\[/p' "$file" | sed "s/%i/$inst/g" > "$st/$u.conf"
	log=$st/$u.log
	: >> "$log"
	for r in $(sed -n 's/^RuntimeDirectory=//p' "$st/$u.conf"); do
		mkdir -p "/run/$r"
	done
	(
		env=$(sed -n 's/^EnvironmentFile=//p' "$st/$u.conf")
		case $env in
		-*) env=${env#-}; [ -f "$env" ] || env= ;;
		esac
		if [ -n "$env" ]; then
			[ -f "$env" ] || { echo "$u: EnvironmentFile $env: missing" >&2; exit 1; }
			set -a
			# shellcheck disable=SC1090
			. "$env"
			set +a
		fi
		sed -n 's/^ExecStartPre=//p' "$st/$u.conf" > "$st/$u.pre"
		while IFS= read -r pre; do
			ign=
			while :; do
				case $pre in
				-*) ign=1; pre=${pre#?} ;;
				[+!@:]*) pre=${pre#?} ;;
				*) break ;;
				esac
			done
			eval "$pre" >> "$log" 2>&1 || [ -n "$ign" ] ||
				{ echo "$u: ExecStartPre=$pre failed" >&2; exit 1; }
		done < "$st/$u.pre"
		main=$(sed -n 's/^ExecStart=//p' "$st/$u.conf")
		if grep -q '^Type=oneshot' "$st/$u.conf"; then
			# A oneshot: done when ExecStart= exits 0.
			eval "$main" >> "$log" 2>&1 < /dev/null ||
				{ echo "Job for $u.service failed: its output:" >&2
				  sed 's/^/  /' "$log" >&2; exit 1; }
			: > "$st/$u.done"
			exit 0
		fi
		eval "exec $main" >> "$log" 2>&1 < /dev/null &
		echo $! > "$st/$u.pid"
	) || return 1
	[ -f "$st/$u.done" ] && return 0
	sleep 1
	alive "$u" && return 0
	echo "Job for $u.service failed: its process exited; its output:" >&2
	sed 's/^/  /' "$log" >&2
	return 1
}

stop() {
	u=${1%.service}
	u=${u%.socket}
	[ -f "$st/$u.pid" ] && kill "$(cat "$st/$u.pid")" 2>/dev/null
	rm -f "$st/$u.pid" "$st/$u.done"
	return 0
}

rc=0
for unit in "$@"; do
	case $cmd in
	enable) [ -z "$now" ] || start "$unit" || rc=1 ;;
	start) start "$unit" || rc=1 ;;
	stop) stop "$unit" ;;
	restart) stop "$unit"; start "$unit" || rc=1 ;;
	status|is-active)
		u=${unit%.service}
		if alive "${u%.socket}"; then echo active; else echo inactive; rc=3; fi ;;
	esac
done
exit $rc
SHIM
chmod 0755 /usr/bin/systemctl

# --- The README's commands.

# mined_after_publish: the network takes the server's name_update into a
# block and adds one more: two confirmations.
mined_after_publish() {
	i=0
	until rpc name_pending '["d/example"]' 2>/dev/null | grep -q txid; do
		i=$((i + 1))
		if [ $i -gt 60 ]; then
			notok "the server's namecoind-helper sent no name_update for d/example within 30 s"
			sed 's/^/#   helper: /' /run/walk-units/server/namecoind-helper.log
			return
		fi
		sleep 0.5
	done
	rpc generatetoaddress '[2, "walkthrough"]' > /dev/null &&
		echo "# the network: the server's name_update is in a block, and one more on top (2 confirmations)"
}

# as_written HOST CMD: the command the host runs (see the header).
as_written() {
	if [ "$1" = server ]; then
		printf '%s\n' "$2" | sed 's|^\(.*\)url = http://127\.0\.0\.1:8336/\(.*\)$|\1url = http://192.0.2.20:8336/\2\
\1allow-remote-http = 1\2|'
	else
		printf '%s\n' "$2"
	fi
}

run() {	# run HOST CMD
	_h=$1
	_c=$2
	case $_c in
	journalctl*)
		echo "ok - walkthrough: $_h# $_c # SKIP no journal in the guest; instead:"
		case $_c in
		*" -u "*)
			_u=${_c#*-u }
			_u=${_u%% *}
			_u=${_u%.service}
			sed 's/^/#   /' "/run/walk-units/$_h/$_u.log" 2>/dev/null ;;
		*) dmesg | grep minimalt | diag ;;
		esac
		return ;;
	esac
	_x=$(as_written "$_h" "$_c")
	if (cd /root && timeout 60 /sbin/ip netns exec "$_h" sh -c "$_x") > /tmp/cmd.out 2>&1 < /dev/null; then
		ok "$_h# $_c"
	else
		notok "$_h# $_c (exit $?)"
	fi
	[ "$_x" = "$_c" ] || printf '%s\n' "(run as: $_x)" | diag
	diag < /tmp/cmd.out
	case "$_h# $_c" in
	"server# systemctl enable --now namecoind-helper") mined_after_publish ;;
	esac
}

while IFS= read -r line; do
	host=${line%%# *}
	cmd=${line#*# }
	case $host in
	both) run server "$cmd"; run client "$cmd" ;;
	server|client) run "$host" "$cmd" ;;
	*) notok "cannot read the command line '$line'" ;;
	esac
done < $W/commands

exit $failed
