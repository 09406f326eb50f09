# tests/net/dhcp-common.sh: sourced by the tests/net/dhcp-*.sh scripts.
#
#   dhcp_setup                 a namespace pair with no addresses on either end
#   serve_start OUT ARGS...    phonerescue serve --json in $NS_SRV (DHCP only)
#   serve_stop                 SIGTERM it and wait; exit status in $SERVE_RC
#   udhcpc_lease TAG ARGS...   busybox udhcpc in $NS_PHONE (Cisco 7970 vendor
#                              class, asks for 150 and 66); its environment
#                              at "bound" lands in $NETNS_TMP/TAG.bound
#   kv FILE KEY                a KEY=value from such a file
#   dhcp_bridge_setup          three hosts (NS_SRV, NS_DNS, NS_PHONE) on one
#                              link: a bridge in NS_BR; BR_SRV is the
#                              bridge's port to the server; $net the subnet
#   dnsmasq_start              dnsmasq in NS_DNS answering on it
# State files and leases stay under $NETNS_TMP ($PHONERESCUE_STATE_DIR).
. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
PR=${PHONERESCUE:-$top_builddir/phonerescue}
VC='Cisco Systems, Inc. IP Phone CP-7970G'

fail() { echo "FAIL: $*" >&2; exit 1; }

dhcp_setup() {
	netns_pair "$@"
	STATE=$NETNS_TMP/state
	mkdir -p "$STATE"
	ip -n "$NS_SRV" addr flush dev "$IF_SRV"
	ip -n "$NS_PHONE" addr flush dev "$IF_PHONE"
	cat >"$NETNS_TMP/udhcpc.script" <<'EOS'
#!/bin/sh
# Record what the server gave; configure nothing.
[ "$1" = bound ] || exit 0
env | grep -E '^(ip|siaddr|serverid|subnet|router|dns|tftp|opt150|lease|boot_file)=' |
    sort >"$OUT_ENV"
EOS
	chmod +x "$NETNS_TMP/udhcpc.script"
}

serve_start() {
	out=$1; shift
	netns_bg "$NS_SRV" env PHONERESCUE_STATE_DIR="$STATE" "$PR" serve \
	    -i "$IF_SRV" --json --no-tftp --no-sniff -r "$NETNS_TMP" "$@" \
	    >"$out" 2>&1
	SERVE_PID=$LAST_PID
}

serve_stop() {
	kill -TERM "$SERVE_PID" 2>/dev/null
	SERVE_RC=0
	wait "$SERVE_PID" || SERVE_RC=$?
}

udhcpc_lease() {
	tag=$1; shift
	rm -f "$NETNS_TMP/$tag.bound"
	OUT_ENV=$NETNS_TMP/$tag.bound ip netns exec "$NS_PHONE" \
	    udhcpc -f -q -n -t 4 -T 2 -i "$IF_PHONE" -V "$VC" -O 150 -O 66 \
	    -s "$NETNS_TMP/udhcpc.script" "$@" >"$NETNS_TMP/$tag.log" 2>&1 ||
	    { cat "$NETNS_TMP/$tag.log" >&2; return 1; }
	[ -s "$NETNS_TMP/$tag.bound" ]
}

# serve_wait_exit SECS: wait for serve to exit by itself; exit status in
# $SERVE_RC, or 124 (after killing it) if it is still running after SECS.
serve_wait_exit() {
	i=0
	while kill -0 "$SERVE_PID" 2>/dev/null && [ $i -lt $(($1 * 10)) ]; do
		sleep 0.1; i=$((i + 1))
	done
	if kill -0 "$SERVE_PID" 2>/dev/null; then
		kill -TERM "$SERVE_PID"; wait "$SERVE_PID"; SERVE_RC=124
		return
	fi
	SERVE_RC=0
	wait "$SERVE_PID" || SERVE_RC=$?
}

kv() {
	sed -n "s/^$2=//p" "$1" | head -n 1
}

dhcp_bridge_setup() {
	netns_trap
	NETNS_TMP=$(mktemp -d)
	STATE=$NETNS_TMP/state
	net=$(( (NETNS_ID % 200) + 10 ))
	netns_add NS_SRV s || exit 99
	netns_add NS_DNS d || exit 99
	netns_add NS_PHONE p || exit 99
	netns_add NS_BR b || exit 99
	ip -n "$NS_BR" link add br0 type bridge || exit 99
	ip -n "$NS_BR" link set br0 up
	for h in SRV DNS PHONE; do
		eval ns=\$NS_$h
		netns_name x; a=$NETNS_NAME
		netns_name y; b=$NETNS_NAME
		ip link add "$a" netns "$ns" type veth peer name "$b" netns "$NS_BR" || exit 99
		ip -n "$NS_BR" link set "$b" master br0 up
		ip -n "$ns" link set "$a" up
		eval IF_$h=$a
		eval BR_$h=$b
	done
	SRV_IP=198.18.$net.1
	ip -n "$NS_SRV" addr add "$SRV_IP/24" dev "$IF_SRV"
	ip -n "$NS_DNS" addr add "198.18.$net.53/24" dev "$IF_DNS"
	cat >"$NETNS_TMP/udhcpc.script" <<'EOS'
#!/bin/sh
[ "$1" = bound ] || exit 0
env | grep -E '^(ip|serverid)=' | sort >"$OUT_ENV"
EOS
	chmod +x "$NETNS_TMP/udhcpc.script"
}

dnsmasq_start() {
	netns_bg "$NS_DNS" dnsmasq --no-daemon --port=0 --conf-file=/dev/null \
	    --user=root --interface="$IF_DNS" --bind-interfaces \
	    --dhcp-range="198.18.$net.100,198.18.$net.150,255.255.255.0,5m" \
	    --dhcp-leasefile="$NETNS_TMP/dnsmasq.leases" \
	    --pid-file="$NETNS_TMP/dnsmasq.pid" --log-dhcp --log-facility=- \
	    >"$NETNS_TMP/dnsmasq.log" 2>&1
	netns_wait_for "$NETNS_TMP/dnsmasq.log" 'DHCP, IP range' 10 || fail "dnsmasq did not start"
}
