#!/bin/sh
# A phone's own MAC in thousands of mutated DHCP requests (issue 14):
# bit flips, cuts, long option lists and two client identifiers of their
# own on that MAC (tests/net/dhcp_junk.py).  Afterwards the phone, behaving
# again (busybox udhcpc from that MAC), gets its lease within seconds, and
# so does another MAC.
. "$top_srcdir/tests/net/dhcp-common.sh"
set -u
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
dhcp_setup
MAC=02:00:5e:00:00:41
ip -n "$NS_PHONE" link set dev "$IF_PHONE" address $MAC
# No address yet, as a phone: a route for the broadcasts to leave by.
ip -n "$NS_PHONE" route add 255.255.255.255/32 dev "$IF_PHONE" || exit 99

serve_start "$NETNS_TMP/j"
netns_wait_for "$NETNS_TMP/j" '"event":"ready".*"dhcp":true' 15 || fail "serve did not start"
ip netns exec "$NS_PHONE" python3 "$top_srcdir/tests/net/dhcp_junk.py" \
    --mac $MAC --net 198.18.250 --count 3000 --rate 2000 ||
    fail "the junk sender failed"
kill -0 "$SERVE_PID" 2>/dev/null || fail "serve died under the junk: $(tail "$NETNS_TMP/j")"
netns_wait_for "$NETNS_TMP/j" "\"event\":\"dhcp_lease\".*\"mac\":\"$MAC\"" 5 ||
    fail "the junk never reached the server"
udhcpc_lease phone || fail "the phone's MAC got no lease after the junk"
ip -n "$NS_PHONE" link set dev "$IF_PHONE" address 02:00:5e:00:00:42
udhcpc_lease other || fail "another MAC got no lease after the junk"
serve_stop
[ "$SERVE_RC" = 0 ] || fail "serve exited $SERVE_RC"
echo "ok: after 3,000 mutated requests with its MAC the phone gets a lease"
