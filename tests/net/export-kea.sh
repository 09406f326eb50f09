#!/bin/sh
# phonerescue export --format kea: the output is JSON (python's
# json.tool), defines option 150 as an array of IPv4 addresses, gives
# option 66 (Kea's own tftp-server-name: Kea refuses to redefine it),
# next-server and a client class on option 60 naming every model ROOT
# serves; `kea-dhcp4 -t` accepts it.  Then the site's set-up for real:
# kea-dhcp4 with the exported class merged into a subnet, plus a TFTP-only
# dnsmasq on tftp-root, recovers a simulated 7970 in namespaces.
. "$top_srcdir/tests/net/e2e-common.sh"
e2e_setup
T=$NETNS_TMP
fail() { echo "FAIL: $*"; exit 1; }

"$PHONERESCUE" export --format kea -r "$ROOT" >/dev/null 2>&1 &&
    fail "kea without --address was accepted"
"$PHONERESCUE" export --format kea -r "$ROOT" --address "$SRV_IP" \
    -o "$T/kea.json" || fail "export --format kea"
"$PY" -m json.tool "$T/kea.json" >/dev/null || fail "not JSON"
"$PY" - "$T/kea.json" "$SRV_IP" "$(cd "$ROOT" && pwd -P)" <<'EOF' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))["Dhcp4"]
ip, root = sys.argv[2], sys.argv[3]
def check(cond, what):
    if not cond:
        print("FAIL:", what); sys.exit(1)
defs = {o["code"]: o for o in d["option-def"]}
check(defs[150]["type"] == "ipv4-address" and defs[150]["array"] is True,
      "option 150 is an array of ipv4-address")
check(66 not in defs, "66 uses Kea's standard definition")
check(d["user-context"]["phonerescue"]["tftp-root"] == root, "tftp-root")
(cls,) = d["client-classes"]
check(cls["next-server"] == ip, "next-server")
opts = {o["code"]: o for o in cls["option-data"]}
check(opts[150]["data"] == ip and opts[150]["name"] == "cisco-tftp-servers",
      "option 150 data")
check(opts[66]["data"] == ip and opts[66]["name"] == "tftp-server-name",
      "option 66 data")
for vc in ("CP-7970G", "CP-7971G-GE", "CP-7942G", "CP-7962G", "CP-7940"):
    check("'Cisco Systems, Inc. IP Phone %s'" % vc in cls["test"],
          "class test names " + vc)
check("option[60]" in cls["test"] and "CP-7975G" not in cls["test"],
      "only the models ROOT serves")
EOF

KEA=$(command -v kea-dhcp4 || echo /usr/sbin/kea-dhcp4)
if [ ! -x "$KEA" ]; then
	echo "ok: JSON checked; SKIP kea-dhcp4 (quickstart installs kea-dhcp4-server)" >&2
	exit 77
fi
"$KEA" -t "$T/kea.json" >"$T/kea-t.log" 2>&1 || {
	cat "$T/kea-t.log"; fail "kea-dhcp4 -t"; }

# The site's configuration: its interface and subnet, the exported parts
# merged in as an administrator would.
"$PY" "$top_srcdir/tests/net/kea_site.py" "$T/kea.json" "$T/site.json" \
    "$IF_SRV" "$SUBNET" "$T" "$T/kea.leases" || exit 99
ip netns exec "$NS_SRV" "$KEA" -t "$T/site.json" >"$T/kea-t.log" 2>&1 || {
	cat "$T/kea-t.log"; fail "kea-dhcp4 -t site.json"; }

# Kea keeps its pid and lock files where these say: the test's directory.
export KEA_PIDFILE_DIR="$T" KEA_LOCKFILE_DIR="$T"
netns_bg "$NS_SRV" "$KEA" -c "$T/site.json" >"$T/kea.out" 2>&1
KEA_PID=$LAST_PID
# Kea has no TFTP server: a TFTP-only dnsmasq (no DNS, no DHCP) on the root.
netns_bg "$NS_SRV" dnsmasq --no-daemon --port=0 --enable-tftp \
    --tftp-root="$ROOT" --interface="$IF_SRV" --bind-interfaces --user=root \
    --conf-file=/dev/null --pid-file="$T/tftp.pid" \
    --log-facility="$T/tftp.log" 2>"$T/tftp.err"
TFTP_PID=$LAST_PID
netns_wait_for "$T/tftp.log" "TFTP root is" 10 || exit 99
netns_wait_for "$T/kea.log" "DHCP4_STARTED" 15 || exit 99

rc=0
e2e_phone "$NS_PHONE" "$IF_PHONE" "$T/7970.log" --model 7970 \
    --mac 00:1b:d4:70:70:06 || rc=$?
kill "$KEA_PID" "$TFTP_PID" 2>/dev/null
if [ $rc -ne 0 ]; then
	echo "FAIL: simphone exited $rc"
	cat "$T/7970.log" "$T/7970.log.err" "$T/kea.log" "$T/tftp.log"
	exit 1
fi
lease=$(grep '"sim":"lease"' "$T/7970.log" | head -1)
for want in '"opt150":true' '"opt66":true' "\"siaddr\":\"$SRV_IP\"" \
    '"tftp_via":"option150"'; do
	case $lease in
	*"$want"*) ;;
	*) echo "FAIL: lease lacks $want: $lease"; cat "$T/kea.log"; exit 1 ;;
	esac
done
grep -q "sent .*term70.default.loads" "$T/tftp.log" ||
    fail "the TFTP server did not serve term70.default.loads"
echo "ok: kea-dhcp4 with the exported class (and a TFTP server on tftp-root) recovered a 7970"
