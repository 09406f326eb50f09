# tests/net/dhcp-common.sh: sourced by the tests/net/dhcp-*.sh scripts.
#
#   dhcp_setup                 a namespace pair with no addresses on either end
#   serve_start OUT ARGS...    phonerescue serve --json in $NS_SRV (DHCP only)
#   serve_stop                 SIGTERM it and wait; exit status in $SERVE_RC
#   udhcpc_lease TAG ARGS...   busybox udhcpc in $NS_PHONE (Cisco 7970 vendor
#                              class, asks for 150 and 66); its environment
#                              at "bound" lands in $NETNS_TMP/TAG.bound
#   kv FILE KEY                a KEY=value from such a file
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
