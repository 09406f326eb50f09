#!/bin/sh
# The DHCP guard while serving (issue 14): a DHCP server that appears
# after start-up and answers only as it would answer a phone (unicast,
# dnsmasq on the same bridge) is caught when carrier comes back, by a
# DISCOVER from a locally administered MAC without the broadcast flag;
# offers stop, and serve says how to resume, on stderr and in the
# dhcp_stopped notice.
. "$top_srcdir/tests/net/dhcp-common.sh"
set -u
command -v dnsmasq >/dev/null 2>&1 || { echo "SKIP: no dnsmasq"; exit 77; }
dhcp_bridge_setup
mkdir -p "$STATE"

serve_start "$NETNS_TMP/g1"
netns_wait_for "$NETNS_TMP/g1" '"event":"ready".*"dhcp":true' 15 || fail "serve did not start alone"
dnsmasq_start
# The router is plugged in: our port of the switch goes down and up.
ip -n "$NS_BR" link set "$BR_SRV" down
i=0
while ! ip -n "$NS_SRV" link show "$IF_SRV" | grep -q NO-CARRIER; do
	i=$((i + 1)); [ $i -lt 50 ] || fail "carrier did not go"; sleep 0.1
done
ip -n "$NS_BR" link set "$BR_SRV" up
netns_wait_for "$NETNS_TMP/g1" "\"event\":\"dhcp_server_seen\",.*\"server\":\"198.18.$net.53\"" 8 ||
    fail "the new server was not noticed after carrier came back"
netns_wait_for "$NETNS_TMP/g1" '"code":"dhcp_stopped"' 5 || fail "offers not stopped"
grep '"code":"dhcp_stopped"' "$NETNS_TMP/g1" | grep -q 'offered 198\.18\.'"$net"'\.1[0-9][0-9]' ||
    fail "dhcp_stopped does not say what it offered"
grep '"code":"dhcp_stopped"' "$NETNS_TMP/g1" | grep -q 'restart with --force to serve anyway' ||
    fail "the notice does not say how to resume"
grep -v '^{' "$NETNS_TMP/g1" | grep -q 'restart serve with --force to serve anyway' ||
    fail "stderr does not say how to resume: $(cat "$NETNS_TMP/g1")"
# It was asked as a phone would ask: a locally administered MAC, not ours.
ours=$(ip -n "$NS_SRV" link show "$IF_SRV" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
laa=$(sed -n 's/.*DHCPOFFER([^)]*) [0-9.]* \([0-9a-f:]*\).*/\1/p' "$NETNS_TMP/dnsmasq.log" | head -n 1)
[ -n "$laa" ] || fail "dnsmasq offered nothing: $(cat "$NETNS_TMP/dnsmasq.log")"
[ "$laa" != "$ours" ] || fail "probed from the interface's own MAC"
case $laa in
?[26ae]:*) ;;
*) fail "probe MAC $laa is not locally administered" ;;
esac
grep -q 'broadcast response' "$NETNS_TMP/dnsmasq.log" &&
    fail "the probe asked for a broadcast answer"
serve_stop
echo "ok: a server appearing later is caught on carrier return by a unicast-answered probe; serve says how to resume"
