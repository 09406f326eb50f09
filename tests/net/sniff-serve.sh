#!/bin/sh
# The sniffer inside `serve`: a phone leasing from our own DHCP server is
# followed to got-ip, our server is never reported as foreign, and an
# OFFER from another server on the link is (dhcp_server_seen).
. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
PY=/usr/bin/python3
if ! "$PY" -c 'import scapy' 2>/dev/null; then
	echo "SKIP: $PY has no scapy"; exit 77
fi
command -v udhcpc >/dev/null 2>&1 || { echo "SKIP: no udhcpc"; exit 77; }
"$PHONERESCUE" help serve >/dev/null 2>&1 || { echo "SKIP: serve is not built yet"; exit 77; }
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
netns_pair
out=$NETNS_TMP/serve.json
mkdir -p "$NETNS_TMP/state" "$NETNS_TMP/root"
# udhcpc's script: configure nothing.
printf '#!/bin/sh\nexit 0\n' >"$NETNS_TMP/udhcpc.script"
chmod +x "$NETNS_TMP/udhcpc.script"

netns_bg "$NS_SRV" env PHONERESCUE_STATE_DIR="$NETNS_TMP/state" \
    "$PHONERESCUE" serve -i "$IF_SRV" --json --no-tftp -r "$NETNS_TMP/root" \
    >"$out" 2>&1
pid=$LAST_PID
netns_wait_for "$out" '"event":"ready".*"sniff":true' 15 || fail "serve did not start with the sniffer"

ip -n "$NS_PHONE" link set dev "$IF_PHONE" address 00:1b:d4:a1:70:7a
ip netns exec "$NS_PHONE" udhcpc -f -q -n -t 4 -T 2 -i "$IF_PHONE" \
    -V 'Cisco Systems, Inc. IP Phone CP-7970G' -s "$NETNS_TMP/udhcpc.script" \
    >"$NETNS_TMP/udhcpc.log" 2>&1 || { cat "$NETNS_TMP/udhcpc.log"; fail "udhcpc got no lease"; }
netns_wait_for "$out" "\"event\":\"phone\",\"time\":\"[^\"]*\",\"mac\":\"00:1b:d4:a1:70:7a\",\"model\":\"7970\",\"via\":\"dhcp\",\"ip\":\"$SUBNET\\.[0-9]+\",\"phase\":\"got-ip\",\"detail\":\"address from $SRV_IP\"" 5 ||
    fail "the sniffer did not follow the phone to got-ip"

# Another server answers someone on the link.
ip netns exec "$NS_PHONE" "$PY" - "$IF_PHONE" "$top_srcdir/tests/pcap" "$SUBNET" <<'PY' || fail "scapy"
import sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[2])
import gen
from scapy.all import conf
net = sys.argv[3]
s = conf.L2socket(iface=sys.argv[1])
s.send(gen.dhcp_server("00:1b:d4:a1:70:7b", "offer", net + ".77", xid=99,
                       server_ip=net + ".99", server_mac="02:00:00:00:00:99"))
s.close()
PY
netns_wait_for "$out" "\"event\":\"dhcp_server_seen\",\"time\":\"[^\"]*\",\"server\":\"$SUBNET.99\",\"mac\":\"02:00:00:00:00:99\",\"offered\":\"$SUBNET.77\"" 5 ||
    fail "the foreign OFFER was not reported"
grep -q "\"event\":\"dhcp_server_seen\".*\"server\":\"$SRV_IP\"" "$out" &&
    fail "our own server was reported as foreign"
kill -TERM "$pid"
rc=0; wait "$pid" || rc=$?
[ $rc -eq 0 ] || fail "serve exited $rc on SIGTERM"
echo "ok: sniffer in serve: phone followed, our server not foreign, a foreign OFFER reported"
