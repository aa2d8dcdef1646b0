#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of "make demo" (see scripts/demo): runs inside the VM.
# Two hosts are two network namespaces, client (10.7.0.1) and server
# (10.7.0.2), joined by a veth pair with 20 ms of netem delay each way, so
# a round trip takes 40 ms. The server gets an identity and an ephemeral
# key and publishes them in the Namecoin name d/demo, on a test node
# (fake-namecoind) on the client's side; the client's namecoind-helper
# resolves demo.bit when connect() first asks for it. Then an echo over
# AF_MINIMALT (a never-seen host: the first datagram opens the tunnel and
# carries the message), a second one in the tunnel now open, the same over
# TCP; then an unmodified curl fetching http://demo.bit/ from Python's
# HTTP server, through libnss_minimalt and mlt-proxy on both hosts; and
# mltctl show on both hosts.
#
# Exit status: 0 when every echo came back, 1 otherwise; the last line says
# which step failed.
set -u
B=/mlt/bin
M=$B/mltctl
RTT=40
MSG="hello from the client, in the tunnel's first datagram"
failed=

step() { printf '\n=== %s\n' "$*"; }

fail() {	# fail WHAT: note a failed step, carry on with the others
	echo "FAILED: $1"
	failed="$failed${failed:+; }$1"
}

must() {	# must CMD...: a setup step without which nothing can run
	"$@" && return 0
	echo "demo: FAILED: could not set up the hosts: $*"
	exit 1
}

# on NS CMD...: run CMD in network namespace NS
on() { _ns=$1; shift; ip netns exec "$_ns" "$@"; }

start_server() {	# start_server LOG ARG...: wait for its "listening" line
	log=$1
	shift
	on server $B/mlt-echo-server -v "$@" > "$log" 2>&1 &
	srv=$!
	i=0
	until grep -qs '^listening' "$log"; do
		i=$((i + 1))
		if ! kill -0 $srv 2>/dev/null || [ $i -gt 50 ]; then
			sed 's/^/  server: /' "$log"
			return 1
		fi
		sleep 0.1
	done
}

stop_server() {	# stop_server PID
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

round_trips() {	# round_trips FILE: the client's "N round trips" figure
	sed -n 's/^connect-to-first-byte: .*(\([0-9.]*\) round trips.*/\1/p' "$1"
}

connect_ms() {	# connect_ms FILE: how long connect() took
	sed -n 's/^connect() returned after \([0-9.]*\) ms.*/\1/p' "$1"
}

after_connect() {	# after_connect FILE: round trips from connect()'s return
	awk -v rtt=$RTT '
		/^connect\(\) returned after/ { c = $4 }
		/^connect-to-first-byte:/ { t = $2 }
		END { if (t) printf "%.2f", (t - c) / rtt }' "$1"
}

step "the link: client 10.7.0.1 <-> server 10.7.0.2, netem delay $((RTT / 2)) ms each way"
for ns in client server; do
	must ip netns add $ns
	must ip -n $ns link set lo up
done
must ip link add veth0 netns client type veth peer name veth0 netns server
must ip -n client addr add 10.7.0.1/24 dev veth0
must ip -n server addr add 10.7.0.2/24 dev veth0
must ip -n client link set veth0 up
must ip -n server link set veth0 up
# Neighbours fixed in advance: no ARP exchange in any measured time.
must ip -n client neigh add 10.7.0.2 dev veth0 nud permanent lladdr \
	"$(ip -n server -br link show veth0 | awk '{print $3}')"
must ip -n server neigh add 10.7.0.1 dev veth0 nud permanent lladdr \
	"$(ip -n client -br link show veth0 | awk '{print $3}')"
must on client tc qdisc add dev veth0 root netem delay $((RTT / 2))ms
must on server tc qdisc add dev veth0 root netem delay $((RTT / 2))ms
on client ping -q -A -c 3 -W 5 10.7.0.2 | sed -n 's/^round-trip/ping: round-trip/p' |
	grep . || fail "ping from the client to the server"

mlt=1
loaded=1
step "server: identity and ephemeral key"
if ! modprobe minimalt; then
	fail "modprobe minimalt"
	mlt=
	loaded=
elif ! key=$($M genkey) || ! identity=$(echo "$key" | $M pubkey) ||
	! echo "$key" | on server $M identity set - ||
	! eph=$(on server $M eph rotate lifetime 3600); then
	fail "server identity or ephemeral key (mltctl genkey, identity set, eph rotate)"
	mlt=
else
	echo "identity key   $identity"
	echo "ephemeral key  $eph (valid 3600 s)"
fi

# The node sits in another namespace: plaintext HTTP to it is allowed
# explicitly, as on a real host it should be only over a trusted link.
NODE="--url http://10.7.0.1:18443/ --allow-remote-http 1 --rpcuser demo --rpcpassword demo"
# rpc METHOD PARAMS: a call to the test node, from the server's side
rpc() { on server $B/namecoind-helper $NODE rpc "$@"; }

if [ -n "$mlt" ]; then
	step "Namecoin: a test node at the client (10.7.0.1:18443) holds d/demo"
	cat > /tmp/chain.json <<-'EOF'
	{"height": 200, "expire_depth": 36000, "names": {"d/demo":
	 {"value": "{\"ip\":\"10.7.0.2\",\"email\":\"ops@demo.bit\"}",
	  "height": 120}}}
	EOF
	on client $B/fake-namecoind -l 10.7.0.1 -p 18443 -u demo:demo \
		-s /tmp/chain.json > /tmp/node.out 2>&1 &
	node=$!
	i=0
	until grep -qs listening /tmp/node.out || [ $i -gt 50 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	echo "d/demo before: $(rpc name_show '["d/demo"]' |
		sed 's/.*"value":\("[^}]*}"\).*/\1/')"

	step "server: namecoind-helper publish: its keys into d/demo (name_update)"
	if on server $B/namecoind-helper $NODE --publish-name d/demo -v publish \
		2>&1 | sed 's/^namecoind-helper: info: //'; then
		rpc generatetoaddress '[2, "demo"]' > /dev/null
		echo "two blocks later, d/demo on the chain:"
		rpc name_show '["d/demo"]' | tr ',' '\n' |
			grep -E '"(value|height|expires_in|expired)"' | sed 's/^/  /'
	else
		fail "namecoind-helper publish"
		mlt=
	fi
fi

if [ -n "$mlt" ]; then
	step "client: namecoind-helper, resolving .bit names when connect() asks"
	on client $B/namecoind-helper $NODE -v > /tmp/helper.log 2>&1 &
	helper=$!
	sleep 1
	on client $M dir show demo.bit 2>&1 | sed 's/^/  /'
	echo "(no entry yet: the first connect() to demo.bit asks the helper)"
fi

mlt_rt=
if [ -n "$mlt" ]; then
	step "echo over AF_MINIMALT to demo.bit, a never-seen host"
	echo "(no tunnel exists: connect() returns at once, the first datagram opens"
	echo " the tunnel and carries the message)"
	if start_server /tmp/mlt-server.log -s 7; then
		if on client $B/mlt-echo-client demo.bit:7 -m "$MSG" \
			--rtt-ms $RTT > /tmp/mlt1.out 2>&1; then
			cat /tmp/mlt1.out
			mlt_rt=$(round_trips /tmp/mlt1.out)
			mlt_res=$(connect_ms /tmp/mlt1.out)
			mlt_after=$(after_connect /tmp/mlt1.out)
			echo "(connect() waited $mlt_res ms for namecoind-helper's lookup;"
			echo " from its return to the first reply byte: $mlt_after round trips)"
		else
			cat /tmp/mlt1.out
			fail "echo over AF_MINIMALT (mlt-echo-client demo.bit:7)"
		fi

		step "what the helper verified and installed for demo.bit"
		sed 's/^namecoind-helper: info: /  helper: /' /tmp/helper.log
		on client $B/namecoind-helper $NODE check demo.bit |
			tr ',' '\n' | sed 's/^/  /'
		on client $M dir show demo.bit | sed 's/^/  /'

		step "a second connection, in the tunnel now open"
		if on client $B/mlt-echo-client demo.bit:7 -m "$MSG (again)" \
			--rtt-ms $RTT > /tmp/mlt2.out 2>&1; then
			cat /tmp/mlt2.out
		else
			cat /tmp/mlt2.out
			fail "second echo over AF_MINIMALT"
		fi
		stop_server $srv
		step "server log (getpeername: the client's address and UDP port)"
		grep -v '^listening' /tmp/mlt-server.log
	else
		fail "mlt-echo-server -s 7 did not start listening"
	fi
fi

step "the same echo over TCP, for comparison (handshake, then data)"
tcp_rt=
if start_server /tmp/tcp-server.log --tcp 7007; then
	if on client $B/mlt-echo-client --tcp 10.7.0.2:7007 -m "$MSG" \
		--rtt-ms $RTT > /tmp/tcp.out 2>&1; then
		cat /tmp/tcp.out
		tcp_rt=$(round_trips /tmp/tcp.out)
	else
		cat /tmp/tcp.out
		fail "echo over TCP (mlt-echo-client --tcp 10.7.0.2:7007)"
	fi
	stop_server $srv
else
	fail "mlt-echo-server --tcp 7007 did not start listening"
fi

# curl_demo: an unmodified program by the name, through the NSS module and
# both proxies (Documentation/programs.rst).
curl_demo() {
	step "an unmodified program: curl http://demo.bit/ (libnss_minimalt, mlt-proxy on both hosts)"
	for libc in /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /lib64 /lib; do
		[ -e $libc/libc.so.6 ] && break
	done
	cp /mlt/lib/libnss_minimalt.so.2 "$libc/" &&
		echo "hosts: files minimalt" > /etc/nsswitch.conf ||
		{ fail "installing libnss_minimalt"; return; }
	mkdir -p /tmp/www
	echo "<h1>hello from demo.bit, over MinimaLT</h1>" > /tmp/www/index.html
	on server python3 -m http.server --bind 127.0.0.1 --directory /tmp/www \
		8080 > /tmp/http.log 2>&1 &
	web=$!
	on server $B/mlt-proxy serve 80 --to 127.0.0.1:8080 \
		--status /tmp/serve.sock > /dev/null 2> /tmp/serve.log &
	sproxy=$!
	on client nft -f /mlt/share/mlt-proxy.nft ||
		{ fail "loading mlt-proxy.nft"; return; }
	on client $B/mlt-proxy connect --status /tmp/connect.sock \
		> /dev/null 2> /tmp/connect.log &
	cproxy=$!
	i=0
	until on server curl -s -o /dev/null http://127.0.0.1:8080/ &&
		on client $B/mlt-proxy status --status /tmp/connect.sock \
			> /dev/null 2>&1; do
		i=$((i + 1))
		[ $i -le 200 ] || { fail "the web server or a proxy did not start"; return; }
		sleep 0.1
	done
	echo "\$ getent hosts demo.bit     # a virtual address, from the kernel"
	on client getent hosts demo.bit
	echo "\$ curl http://demo.bit/"
	if on client curl -sS --max-time 20 -w '(first byte after %{time_starttransfer} s)\n' \
		http://demo.bit/ > /tmp/curl.out 2>&1; then
		cat /tmp/curl.out
		echo "client proxy: $(tail -n 1 /tmp/connect.log)"
		echo "server proxy: $(tail -n 1 /tmp/serve.log)"
		curl_ok=1
	else
		cat /tmp/curl.out
		fail "curl http://demo.bit/ through mlt-proxy"
	fi
	kill $cproxy $sproxy $web 2>/dev/null
}
curl_ok=
[ -n "$mlt" ] && curl_demo

[ -n "${helper:-}" ] && kill "$helper" 2>/dev/null
[ -n "${node:-}" ] && kill "$node" 2>/dev/null

# On a failure, the drop reasons too: they say what the engine refused.
show=show
[ -n "$failed" ] && show="show -s"
[ -n "$loaded" ] && for ns in client server; do
	step "mltctl $show ($ns)"
	on $ns $M $show || fail "mltctl $show in the $ns namespace"
done

echo
if [ -n "$failed" ]; then
	echo "demo: FAILED: $failed"
	exit 1
fi
echo "demo: ok: first reply byte after $mlt_rt round trips over AF_MINIMALT" \
	"(a new tunnel; $mlt_res ms of it the name lookup, then $mlt_after" \
	"round trips), $tcp_rt over TCP; link round trip $RTT ms."
[ -n "$curl_ok" ] &&
	echo "demo: ok: an unmodified curl fetched http://demo.bit/ through mlt-proxy."
echo "(The VM emulates its CPU in software: a new tunnel's key agreement, on"
echo " both hosts, and code run for the first time cost milliseconds here that"
echo " are not round trips. make bench measures them apart.)"
