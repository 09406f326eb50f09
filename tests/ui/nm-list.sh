#!/bin/sh
# The wizard's interface list with a real NetworkManager (issue 19):
# NetworkManager in the test's own namespace and bus (tests/lib/nmns.sh)
# manages a veth end; the list, on that interface, says "managed by
# NetworkManager: phonerescue will take it over while serving and give it
# back", says nothing of the kind on the phones' side's twin that nobody
# manages, and only looking changes nothing (NetworkManager still manages
# it).  A busybox udhcpc on an interface is named too, in the list and
# by serve.
. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
. "$top_srcdir/tests/lib/nmns.sh"
nmns_require
command -v tmux >/dev/null 2>&1 || { echo "tmux is a test dependency"; exit 99; }
command -v busybox >/dev/null 2>&1 || { echo "busybox is a test dependency"; exit 99; }
. "$top_srcdir/tests/ui/lib.sh"
netns_trap
NETNS_TMP=$(mktemp -d)
chmod 755 "$NETNS_TMP"
trap 'tm_cleanup; rm -rf "$TM_OUT"; netns_cleanup' EXIT
netns_add NS_SRV n || exit 99
netns_add NS_PHONE p || exit 99
netns_name v; IF_SRV=$NETNS_NAME
netns_name w; IF_PHONE=$NETNS_NAME
ip link add "$IF_SRV" netns "$NS_SRV" type veth peer name "$IF_PHONE" \
    netns "$NS_PHONE" || exit 99
ip -n "$NS_PHONE" link set "$IF_PHONE" up
ip -n "$NS_SRV" link set "$IF_SRV" up
nmns_start "$NS_SRV" "$IF_SRV" || exit 99
mkdir -p "$NETNS_TMP/root"

TM_PREFIX="ip netns exec $NS_SRV"
tm_start 120 30 PHONERESCUE_STATE_DIR="$NETNS_TMP/state" \
    DBUS_SYSTEM_BUS_ADDRESS="$NMNS_BUS" -- wizard -r "$NETNS_TMP/root"
expect "the interface list" 'Which interface has the cable'
# Down to our interface (lo comes first).
i=0
while ! tm_capture | grep -q "^ *$IF_SRV:" && [ $i -lt 5 ]; do
	tm send-keys Down; sleep 0.3; i=$((i + 1))
done
expect "$IF_SRV selected" "^ *$IF_SRV:"
expect "NetworkManager named, and what serving does" \
    'managed by NetworkManager: phonerescue will take it over while serving and give it back'
if [ "$(nmns_state "$IF_SRV")" != unmanaged ]; then
	ok "looking changed nothing"
else
	fail "the list took $IF_SRV from NetworkManager"
fi
tm send-keys q
tm_cleanup

# The phones' side: no NetworkManager; a DHCP client of its own.
netns_bg "$NS_PHONE" busybox udhcpc -f -i "$IF_PHONE" -s /bin/true -t 1000 -T 5
TM_PREFIX="ip netns exec $NS_PHONE"
tm_start 120 30 PHONERESCUE_STATE_DIR="$NETNS_TMP/state2" \
    DBUS_SYSTEM_BUS_ADDRESS="$NMNS_BUS" -- wizard -r "$NETNS_TMP/root"
expect "the phones' side's list" 'Which interface has the cable'
i=0
while ! tm_capture | grep -q "^ *$IF_PHONE:" && [ $i -lt 5 ]; do
	tm send-keys Down; sleep 0.3; i=$((i + 1))
done
expect "$IF_PHONE selected" "^ *$IF_PHONE:"
expect "the DHCP client named" "udhcpc \\(pid [0-9]+\\), a DHCP client, runs on it"
if tm_capture | grep -q 'managed by NetworkManager'; then
	fail "NetworkManager named where it does not run"
else
	ok "no NetworkManager there"
fi
tm send-keys q
tm_cleanup

# serve says the same of the DHCP client, on stderr and as a notice.
ip netns exec "$NS_PHONE" env PHONERESCUE_STATE_DIR="$NETNS_TMP/state3" \
    "$P" serve -i "$IF_PHONE" -r "$NETNS_TMP/root" --no-dhcp --no-sniff \
    --json >"$NETNS_TMP/serve.log" 2>"$NETNS_TMP/serve.err" &
spid=$!
NETNS_PIDS="$NETNS_PIDS $spid"
if netns_wait_for "$NETNS_TMP/serve.log" '"event":"ready"' 20 &&
    grep -q '"code":"netmgr_dhcp_client".*udhcpc (pid [0-9]*) runs on' "$NETNS_TMP/serve.log" &&
    grep -q "udhcpc (pid [0-9]*) also runs on $IF_PHONE" "$NETNS_TMP/serve.err"; then
	ok "serve names the DHCP client"
else
	fail "serve names the DHCP client"
	cat "$NETNS_TMP/serve.log" "$NETNS_TMP/serve.err"
fi
grep -q '"code":"netmgr_managed"' "$NETNS_TMP/serve.log" &&
    fail "serve named NetworkManager where it does not run"
kill "$spid"
[ $fails = 0 ]
