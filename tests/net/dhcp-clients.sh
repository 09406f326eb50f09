#!/bin/sh
# The ARP probe before an OFFER, and interop beyond udhcpc: ISC dhclient (its own script, lease and pid files
# in a temp dir) and a scapy-crafted Cisco phone DISCOVER without the
# broadcast flag, answered by unicast to its MAC.  Each lease's option 150,
# option 66 and siaddr point at us.  Nothing is answered on another link.
. "$top_srcdir/tests/net/dhcp-common.sh"
set -u
dhcp_setup
us=198.18.250.1
serve_start "$NETNS_TMP/serve"
netns_wait_for "$NETNS_TMP/serve" '"event":"ready"' 15 || fail "serve did not start"

# The ARP probe: a device already using .2 (a macvlan with its own MAC on
# the phone's side) makes the first phone get another address.
ip -n "$NS_PHONE" link add mv0 link "$IF_PHONE" type macvlan mode bridge || exit 99
ip -n "$NS_PHONE" addr add 198.18.250.2/24 dev mv0
ip -n "$NS_PHONE" link set mv0 up
ip -n "$NS_PHONE" link set dev "$IF_PHONE" address 02:00:5e:00:00:21
udhcpc_lease arp || fail "no lease next to a squatter"
[ "$(kv "$NETNS_TMP/arp.bound" ip)" = 198.18.250.3 ] || fail "squatted .2 offered? got $(kv "$NETNS_TMP/arp.bound" ip)"
grep -q '"code":"dhcp_address_in_use".*198.18.250.2 is already used' "$NETNS_TMP/serve" || fail "no dhcp_address_in_use notice"
ip -n "$NS_PHONE" link del mv0

# dhclient, told about option 150 and asking for it and for 66.
if command -v dhclient >/dev/null 2>&1; then
	d=$NETNS_TMP/dhclient
	mkdir -p "$d"
	cat >"$d/script" <<'EOS'
#!/bin/sh
case "$reason" in BOUND|RENEW|REBOOT)
	env | grep -E '^new_(ip_address|next_server|cisco_tftp|tftp_server_name|routers|domain_name_servers|dhcp_server_identifier)=' |
	    sort >"$(dirname "$0")/bound" ;;
esac
exit 0
EOS
	chmod +x "$d/script"
	cat >"$d/conf" <<'EOS'
option cisco-tftp code 150 = array of ip-address;
send vendor-class-identifier "Cisco Systems, Inc. IP Phone CP-7942G";
request subnet-mask, routers, domain-name-servers, tftp-server-name, cisco-tftp;
EOS
	ip -n "$NS_PHONE" link set dev "$IF_PHONE" address 02:00:5e:00:00:11
	# -d keeps it in the foreground (netns_bg tracks and kills it).
	netns_bg "$NS_PHONE" dhclient -d -1 -v -cf "$d/conf" -sf "$d/script" \
	    -lf "$d/leases" -pf "$d/pid" "$IF_PHONE" >"$d/log" 2>&1
	dpid=$LAST_PID
	netns_wait_for "$d/log" '^bound to' 20 || fail "dhclient got no lease"
	i=0; while [ ! -s "$d/bound" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$d/bound" ] || fail "dhclient script never saw BOUND"
	kv "$d/bound" new_ip_address | grep -q '^198\.18\.250\.' || fail "dhclient address: $(cat "$d/bound")"
	[ "$(kv "$d/bound" new_next_server)" = $us ] || fail "dhclient siaddr: $(cat "$d/bound")"
	[ "$(kv "$d/bound" new_cisco_tftp)" = $us ] || fail "dhclient option 150: $(cat "$d/bound")"
	[ "$(kv "$d/bound" new_tftp_server_name)" = $us ] || fail "dhclient option 66: $(cat "$d/bound")"
	[ "$(kv "$d/bound" new_routers)" = $us ] || fail "dhclient router: $(cat "$d/bound")"
	netns_wait_for "$NETNS_TMP/serve" '"event":"dhcp_lease".*"mac":"02:00:5e:00:00:11".*"model":"7942","lease":300,"state":"ack"' 5 ||
	    fail "no dhcp_lease for dhclient"
	kill "$dpid" 2>/dev/null
	ip -n "$NS_PHONE" addr flush dev "$IF_PHONE"
else
	echo "# no dhclient: skipped that client"
fi

# The scapy phone: no broadcast flag, so the replies are unicast frames.
if /usr/bin/python3 -c 'import scapy' 2>/dev/null; then
	ip -n "$NS_PHONE" link set dev "$IF_PHONE" address 00:1b:d4:00:79:61
	ip netns exec "$NS_PHONE" /usr/bin/python3 "$top_srcdir/tests/net/dhcp_phone.py" \
	    "$IF_PHONE" >"$NETNS_TMP/phone" 2>&1 || { cat "$NETNS_TMP/phone" >&2; fail "scapy phone got no lease"; }
	p=$NETNS_TMP/phone
	ip=$(kv "$p" offer_yiaddr)
	case "$ip" in 198.18.250.*) ;; *) fail "scapy phone offered '$ip'" ;; esac
	[ "$(kv "$p" offer_flags)" = 0 ] || fail "phone set the broadcast flag?"
	[ "$(kv "$p" offer_eth_dst)" = 00:1b:d4:00:79:61 ] || fail "OFFER not unicast to chaddr: $(cat "$p")"
	[ "$(kv "$p" offer_ip_dst)" = "$ip" ] || fail "OFFER not addressed to yiaddr: $(cat "$p")"
	[ "$(kv "$p" ack_yiaddr)" = "$ip" ] || fail "ACK for another address: $(cat "$p")"
	[ "$(kv "$p" ack_eth_dst)" = 00:1b:d4:00:79:61 ] || fail "ACK not unicast: $(cat "$p")"
	[ "$(kv "$p" ack_siaddr)" = $us ] || fail "scapy siaddr: $(cat "$p")"
	[ "$(kv "$p" ack_150)" = $us ] || fail "scapy option 150: $(cat "$p")"
	[ "$(kv "$p" ack_66)" = $us ] || fail "scapy option 66: $(cat "$p")"
	netns_wait_for "$NETNS_TMP/serve" '"event":"phone","time":"[^"]*","mac":"00:1b:d4:00:79:61","model":"7961-GE","via":"dhcp"' 5 ||
	    fail "no phone event for the 7961G-GE"
else
	echo "# no scapy for /usr/bin/python3: skipped the crafted phone"
fi
# A second link between the same two namespaces: serve is bound to the
# first and must not answer a DISCOVER arriving on this one.
netns_name o; o_srv=$NETNS_NAME
netns_name q; o_ph=$NETNS_NAME
ip link add "$o_srv" netns "$NS_SRV" type veth peer name "$o_ph" netns "$NS_PHONE" || exit 99
ip -n "$NS_SRV" addr add 198.18.252.1/24 dev "$o_srv"
ip -n "$NS_SRV" link set "$o_srv" up
ip -n "$NS_PHONE" link set "$o_ph" up
OUT_ENV=$NETNS_TMP/other.bound ip netns exec "$NS_PHONE" udhcpc -f -q -n \
    -t 2 -T 1 -i "$o_ph" -s "$NETNS_TMP/udhcpc.script" >"$NETNS_TMP/other.log" 2>&1 &&
    fail "answered on an interface it was not told to serve"
[ -s "$NETNS_TMP/other.bound" ] && fail "lease on the other interface"

serve_stop
[ "$SERVE_RC" = 0 ] || fail "serve exited $SERVE_RC"
echo "ok: dhclient and a scapy phone (unicast replies) leased with 150/66/siaddr at us"
