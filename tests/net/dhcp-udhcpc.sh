#!/bin/sh
# busybox udhcpc, as a Cisco 7970 asking for options 150 and 66, gets a
# lease from `serve` on an interface with no address: the recovery address
# is put on the interface, the lease's 150, 66 and siaddr point at it, the
# address goes away on SIGTERM, a restart keeps the leases, and --dhcp-port
# moves both ports; a corrupt lease file costs the leases, not the service.
. "$top_srcdir/tests/net/dhcp-common.sh"
set -u
dhcp_setup
us=198.18.250.1

serve_start "$NETNS_TMP/serve1"
netns_wait_for "$NETNS_TMP/serve1" '"event":"ready"' 15 || fail "serve did not start"
grep -q '"address":"198.18.250.1/24"' "$NETNS_TMP/serve1" || fail "ready without the recovery address"
ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q "inet $us/24" ||
    fail "recovery address not on $IF_SRV"
[ -f "$STATE/addr-$IF_SRV.state" ] || fail "no state file while serving"

ip -n "$NS_PHONE" link set dev "$IF_PHONE" address 02:00:5e:00:00:01
udhcpc_lease a || fail "udhcpc got no lease"
e=$NETNS_TMP/a.bound
[ "$(kv "$e" ip)" = 198.18.250.2 ] || fail "leased $(kv "$e" ip), want .2"
[ "$(kv "$e" siaddr)" = $us ] || fail "siaddr $(kv "$e" siaddr)"
[ "$(kv "$e" opt150)" = c612fa01 ] || fail "option 150 $(kv "$e" opt150)"
[ "$(kv "$e" tftp)" = $us ] || fail "option 66 $(kv "$e" tftp)"
[ "$(kv "$e" router)" = $us ] || fail "option 3 $(kv "$e" router)"
[ "$(kv "$e" dns)" = $us ] || fail "option 6 $(kv "$e" dns)"
[ "$(kv "$e" subnet)" = 255.255.255.0 ] || fail "option 1 $(kv "$e" subnet)"
[ "$(kv "$e" serverid)" = $us ] || fail "option 54 $(kv "$e" serverid)"
netns_wait_for "$NETNS_TMP/serve1" '"event":"dhcp_lease".*"mac":"02:00:5e:00:00:01".*"ip":"198.18.250.2".*"model":"7970".*"state":"ack"' 5 ||
    fail "no dhcp_lease event"
netns_wait_for "$NETNS_TMP/serve1" '"event":"phone".*"model":"7970","via":"dhcp","ip":"198.18.250.2"' 5 ||
    fail "no phone event"

# A second phone gets the next address.
ip -n "$NS_PHONE" link set dev "$IF_PHONE" address 02:00:5e:00:00:02
udhcpc_lease b || fail "second udhcpc got no lease"
[ "$(kv "$NETNS_TMP/b.bound" ip)" = 198.18.250.3 ] || fail "second phone got $(kv "$NETNS_TMP/b.bound" ip)"

serve_stop
[ "$SERVE_RC" = 0 ] || fail "serve exited $SERVE_RC on SIGTERM"
ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q inet && fail "recovery address left after SIGTERM"
[ -f "$STATE/addr-$IF_SRV.state" ] && fail "state file left after SIGTERM"
grep -c '^198\.18\.250\.' "$STATE/dhcp.leases" | grep -qx 2 || fail "lease file: $(cat "$STATE/dhcp.leases")"

# Restart: the second phone asks again, without its old address, and gets
# .3 back from the lease file (.2 is still the first phone's).
serve_start "$NETNS_TMP/serve2"
netns_wait_for "$NETNS_TMP/serve2" '"event":"ready"' 15 || fail "serve did not restart"
udhcpc_lease c || fail "no lease after restart"
[ "$(kv "$NETNS_TMP/c.bound" ip)" = 198.18.250.3 ] || fail "after restart: $(kv "$NETNS_TMP/c.bound" ip), want .3"
serve_stop

# --dhcp-port N: listen on N, answer clients on N + 1, here with the ARP
# probe off.  (Debian's busybox udhcpc has no -P: the scapy phone talks.)
# A corrupt lease file on the way: reported, set aside, never fatal.
printf '198.18.250.2 not-a-mac\n\001\002\377\n' >"$STATE/dhcp.leases"
serve_start "$NETNS_TMP/serve3" --dhcp-port 1067 --no-arp-probe
netns_wait_for "$NETNS_TMP/serve3" '"event":"ready".*"dhcp_port":1067' 15 || fail "serve --dhcp-port did not start"
grep -q '"code":"lease_file_corrupt"' "$NETNS_TMP/serve3" || fail "corrupt lease file not reported"
[ -f "$STATE/dhcp.leases.corrupt" ] || fail "corrupt lease file not set aside"
ip -n "$NS_PHONE" link set dev "$IF_PHONE" address 02:00:5e:00:00:03
DHCP_PORT=1067 ip netns exec "$NS_PHONE" /usr/bin/python3 \
    "$top_srcdir/tests/net/dhcp_phone.py" "$IF_PHONE" >"$NETNS_TMP/d" 2>&1 ||
    { cat "$NETNS_TMP/d" >&2; fail "no lease on ports 1067/1068"; }
[ "$(kv "$NETNS_TMP/d" ack_yiaddr)" = 198.18.250.2 ] || fail "--dhcp-port lease: $(cat "$NETNS_TMP/d")"
serve_stop
echo "ok: udhcpc lease with 150/66/siaddr at us, address removed on SIGTERM, leases kept across restart"
