#!/bin/sh
# Safety: `serve` refuses DHCP on an interface with the default route and
# where another DHCP server (dnsmasq, in a third namespace on the same
# bridge) answers its start-up DISCOVER; --force serves anyway, loudly.  A
# server that appears while we serve raises dhcp_server_seen and stops our
# offers.
. "$top_srcdir/tests/net/dhcp-common.sh"
set -u
command -v dnsmasq >/dev/null 2>&1 || { echo "SKIP: no dnsmasq"; exit 77; }

# Three hosts on one link: a bridge in a fourth namespace.
dhcp_bridge_setup

# 1. The interface with the default route is refused, with a reason.
ip -n "$NS_SRV" route add default via "198.18.$net.254" dev "$IF_SRV"
serve_start "$NETNS_TMP/r1"
serve_wait_exit 15
[ "$SERVE_RC" = 1 ] || fail "default-route interface: exit $SERVE_RC, want 1"
grep -q "carries the default route" "$NETNS_TMP/r1" || fail "no reason: $(cat "$NETNS_TMP/r1")"
# ... unless --force, which says so.
serve_start "$NETNS_TMP/r2" --force
netns_wait_for "$NETNS_TMP/r2" '"event":"ready".*"dhcp":true' 15 || fail "--force did not serve"
grep -q '"code":"unsafe_iface","level":"warn"' "$NETNS_TMP/r2" || fail "--force was not loud"
serve_stop
ip -n "$NS_SRV" route del default

# 2. Serving alone; then dnsmasq appears and answers a phone too.
serve_start "$NETNS_TMP/r3"
netns_wait_for "$NETNS_TMP/r3" '"event":"ready".*"dhcp":true' 15 || fail "serve did not start alone"
dnsmasq_start
# (-B: a unicast OFFER to the phone's MAC would not reach our port of the
# bridge, just as on a switch; broadcast ones do.)
OUT_ENV=$NETNS_TMP/p.bound ip netns exec "$NS_PHONE" udhcpc -f -q -n -t 4 \
    -T 2 -B -i "$IF_PHONE" -V "$VC" -s "$NETNS_TMP/udhcpc.script" \
    >"$NETNS_TMP/p.log" 2>&1 || fail "phone got no lease at all"
netns_wait_for "$NETNS_TMP/r3" "\"event\":\"dhcp_server_seen\",.*\"server\":\"198.18.$net.53\"" 10 ||
    fail "no dhcp_server_seen"
netns_wait_for "$NETNS_TMP/r3" '"code":"dhcp_stopped"' 5 || fail "offers not stopped"
serve_stop

# 3. dnsmasq already there: serve refuses at start-up (exit 1, one line).
serve_start "$NETNS_TMP/r4"
serve_wait_exit 15
[ "$SERVE_RC" = 1 ] || fail "serve next to dnsmasq: exit $SERVE_RC, want 1"
grep -q "another DHCP server (198.18.$net.53" "$NETNS_TMP/r4" || fail "no reason: $(cat "$NETNS_TMP/r4")"
grep -q '"event":"ready"' "$NETNS_TMP/r4" && fail "ready although refused"
# 4. --force serves next to it, and says so.
serve_start "$NETNS_TMP/r5" --force
netns_wait_for "$NETNS_TMP/r5" '"event":"ready".*"dhcp":true' 15 || fail "--force did not serve next to dnsmasq"
grep -q '"event":"dhcp_server_seen"' "$NETNS_TMP/r5" || fail "--force: no dhcp_server_seen"
grep -q '"code":"unsafe_iface","level":"warn"' "$NETNS_TMP/r5" || fail "--force was not loud"
serve_stop
# 5. --no-dhcp needs no probe and serves (TFTP-only use of a shared LAN).
serve_start "$NETNS_TMP/r6" --no-dhcp
netns_wait_for "$NETNS_TMP/r6" '"event":"ready".*"dhcp":false' 15 || fail "--no-dhcp refused"
serve_stop
echo "ok: default route and foreign server refused, --force serves loudly, offers stop when a server appears"
