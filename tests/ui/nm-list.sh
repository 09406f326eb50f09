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
nmns_pair
trap 'tm_cleanup; rm -rf "$TM_OUT"; netns_cleanup' EXIT

# wizard_on NS IF STATE: the wizard in NS, the cursor on IF (lo is first).
wizard_on() {
	TM_PREFIX="ip netns exec $1"
	tm_start 120 30 PHONERESCUE_STATE_DIR="$NETNS_TMP/$3" \
	    DBUS_SYSTEM_BUS_ADDRESS="$NMNS_BUS" -- wizard -r "$NETNS_TMP/root"
	expect "the interface list in $1" 'Which interface has the cable'
	i=0
	while ! tm_capture | grep -q "^ *$2:" && [ $i -lt 5 ]; do
		tm send-keys Down; sleep 0.3; i=$((i + 1))
	done
	expect "$2 selected" "^ *$2:"
}
nmns_start "$NS_SRV" "$IF_SRV" || exit 99
mkdir -p "$NETNS_TMP/root"

wizard_on "$NS_SRV" "$IF_SRV" state
expect "NetworkManager named, and what serving does" \
    'managed by NetworkManager: phonerescue will take it over while serving and give it back'
if [ "$(nmns_state "$IF_SRV")" != unmanaged ]; then
	ok "looking changed nothing"
else
	fail "the list took $IF_SRV from NetworkManager"
fi
tm send-keys q
tm_cleanup

# Serving from the wizard: taken over; stopped from step 1 (the wizard,
# no longer root, runs on) it is given back at once; started again,
# unprivileged now, it is taken over again through the bus connection
# opened as root; quitting gives it back.
conn0=$(nmns_conn "$IF_SRV")
given_back() {
	[ "$(nmns_state "$IF_SRV")" != unmanaged ] &&
	    [ "$(nmns_conn "$IF_SRV")" = "$conn0" ]
}
until_nm() {	# until_nm unmanaged|back DESC
	i=0
	while :; do
		if [ "$1" = back ]; then given_back && break
		else [ "$(nmns_state "$IF_SRV")" = unmanaged ] && break; fi
		[ $i -ge 100 ] && { fail "$2 ($(nmns_state "$IF_SRV"), \"$(nmns_conn "$IF_SRV")\")"; return 1; }
		sleep 0.1; i=$((i + 1))
	done
	ok "$2"
}
TM_PREFIX="ip netns exec $NS_SRV"
tm_start 120 30 PHONERESCUE_STATE_DIR="$NETNS_TMP/state5" \
    DBUS_SYSTEM_BUS_ADDRESS="$NMNS_BUS" -- wizard -i "$IF_SRV" -r "$NETNS_TMP/root"
expect "the wizard serves" 'serving on .*198\.18\.250\.1/24'
until_nm unmanaged "serving from the wizard: taken over"
keys "back on step 1" "Serving on $IF_SRV: Enter on it goes on" 1
tm send-keys s
until_nm back "stopped in the wizard: given back while it runs"
i=0
while ! tm_capture | grep -q "^ *$IF_SRV:" && [ $i -lt 5 ]; do
	tm send-keys Down; sleep 0.3; i=$((i + 1))
done
keys "$IF_SRV selected again" "^ *$IF_SRV:" Enter
until_nm unmanaged "started again after the drop: taken over again"
expect "serving again" 'Firmware for the phones'

tm send-keys q
quit_restores "quit"
until_nm back "quit: given back"
if grep -qE 'Sanitizer|sandbox: refused' "$TM_OUT/stderr"; then
	fail "the wizard's stderr"; cat "$TM_OUT/stderr"
fi
tm_cleanup

# The phones' side: no NetworkManager; a DHCP client of its own.
netns_bg "$NS_PHONE" busybox udhcpc -f -i "$IF_PHONE" -s /bin/true -t 1000 -T 5
wizard_on "$NS_PHONE" "$IF_PHONE" state2
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
    grep -q "udhcpc (pid [0-9]*) runs on $IF_PHONE: it asks" "$NETNS_TMP/serve.err"; then
	ok "serve names the DHCP client"
else
	fail "serve names the DHCP client"
	cat "$NETNS_TMP/serve.log" "$NETNS_TMP/serve.err"
fi
grep -q '"code":"netmgr_managed"' "$NETNS_TMP/serve.log" &&
    fail "serve named NetworkManager where it does not run"
kill "$spid"

# The same name in another namespace is another device: serve there
# leaves NetworkManager's alone (it runs in the machine's namespace).
netns_add NS_X x || exit 99
netns_name y
ip link add "$IF_SRV" netns "$NS_X" type veth peer name "$NETNS_NAME" \
    netns "$NS_X" || exit 99
ip -n "$NS_X" link set "$NETNS_NAME" up
ip -n "$NS_X" link set "$IF_SRV" up
ip netns exec "$NS_X" env PHONERESCUE_STATE_DIR="$NETNS_TMP/state4" \
    DBUS_SYSTEM_BUS_ADDRESS="$NMNS_BUS" "$P" serve -i "$IF_SRV" \
    -r "$NETNS_TMP/root" --no-dhcp --no-sniff --json -v \
    >"$NETNS_TMP/x.log" 2>"$NETNS_TMP/x.err" &
xpid=$!
NETNS_PIDS="$NETNS_PIDS $xpid"
if netns_wait_for "$NETNS_TMP/x.log" '"event":"ready"' 20 &&
    ! grep -q '"code":"netmgr_' "$NETNS_TMP/x.log" &&
    grep -q "NetworkManager's $IF_SRV is another device" "$NETNS_TMP/x.err" &&
    [ "$(nmns_state "$IF_SRV")" != unmanaged ]; then
	ok "a namesake in another namespace is left alone"
else
	fail "a namesake in another namespace is left alone"
	cat "$NETNS_TMP/x.log" "$NETNS_TMP/x.err"
fi
kill "$xpid"
[ $fails = 0 ]
