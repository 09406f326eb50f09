#!/bin/sh
# A USB adapter unplugged and plugged back (issue 19): the interface serve
# runs on is deleted and made again under the same name (a new ifindex)
# while serving.  serve says it is gone, then back, starts every engine
# again on it by name (the address put back, DHCP, TFTP, capture: a new
# ready event), and a simulated 7970 recovers byte-exact afterwards; a
# second replug in the middle of the phone's recovery is survived too.
# The adapter comes back with its own MAC address, as a USB adapter does:
# the phone's ARP entry for us stays right (a veth made again would get a
# random one, and the phone would send to the old one until its entry
# went stale, 15 to 45 s later: longer than the phone retries).
# That needs root kept (--user root); a serve that gave root up cannot
# bind its ports again: it says why and exits 1 (the systemd unit starts
# it again).
. "$top_srcdir/tests/net/e2e-common.sh"
e2e_bridge 1
# The server's side of the cable: deleted and made again, by name.
replug() {
	mac=$(ip netns exec "$NS_SRV" cat /sys/class/net/"$IF_SRV"/address) ||
	    return 1
	ip -n "$NS_SRV" link del "$IF_SRV" || return 1
	netns_wait_for "$SERVE_LOG" '"code":"iface_gone"' 10 || return 1
	netns_name z
	ip link add "$IF_SRV" netns "$NS_SRV" address "$mac" type veth peer \
	    name "$NETNS_NAME" netns "$NS_BR" || return 1
	ip -n "$NS_BR" link set "$NETNS_NAME" master br0 up
}
ready_count() { grep -c '"event":"ready"' "$SERVE_LOG"; }
wait_ready() {	# N: until the Nth ready event (at most 20 s)
	i=0
	while [ "$(ready_count)" -lt "$1" ] && [ $i -lt 200 ]; do
		sleep 0.1; i=$((i + 1))
	done
	[ "$(ready_count)" -ge "$1" ]
}
fails=0
ok() { echo "ok: $1"; }
fail() { echo "FAIL: $1"; fails=$((fails + 1)); }

e2e_serve --address "$SRV_IP/24" --user root
old=$(cat /sys/class/net/"$IF_SRV"/ifindex 2>/dev/null ||
    ip netns exec "$NS_SRV" cat /sys/class/net/"$IF_SRV"/ifindex)
replug || fail "replug"
if netns_wait_for "$SERVE_LOG" '"code":"iface_back"' 10 && wait_ready 2; then
	ok "gone, back, and ready again on the new $IF_SRV"
else
	fail "gone, back, and ready again"; e2e_dump
fi
new=$(ip netns exec "$NS_SRV" cat /sys/class/net/"$IF_SRV"/ifindex)
[ "$new" != "$old" ] && ok "a new ifindex ($old -> $new)" ||
    fail "the ifindex did not change ($old)"
if ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q "inet $SRV_IP/24"; then
	ok "the address is on the new interface"
else
	fail "the address is on the new interface"
fi
if kill -0 "$SERVE_PID" 2>/dev/null; then ok "serve still runs"; else
	fail "serve exited: $(cat "$SERVE_ERR")"; fi

# The phone after the replug, and a second replug while it recovers.
rc=0
e2e_phone "$NS_PHONE_1" "$IF_PHONE_1" "$NETNS_TMP/7970.log" --model 7970 \
    --mac 00:1b:d4:70:70:19 &
PHONE=$!
netns_wait_for "$SERVE_LOG" '"event":"tftp_done"' 30 || fail "no transfer"
replug || fail "second replug"
wait_ready 3 || fail "ready again after the second replug"
wait "$PHONE" || rc=$?
e2e_stop_serve
if [ $rc -ne 0 ]; then
	fail "simphone exited $rc"
	e2e_dump "$NETNS_TMP/7970.log"
elif e2e_check --phone "$NETNS_TMP/7970.log:ok"; then
	ok "the 7970 recovered byte-exact across two replugs"
else
	fail "e2e-check"; e2e_dump "$NETNS_TMP/7970.log"
fi
if ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" 2>/dev/null | grep -q "inet $SRV_IP/"; then
	fail "the address added after the replug stays after serve"
else
	ok "the address we added is removed on exit"
fi

# Root given up (the default): the replug ends serve with its reason.
e2e_serve --address "$SRV_IP/24"
replug || fail "replug after the drop"
i=0
while kill -0 "$SERVE_PID" 2>/dev/null && [ $i -lt 200 ]; do
	sleep 0.1; i=$((i + 1))
done
wait "$SERVE_PID"; src=$?
if [ $src -eq 1 ] && grep -q "^phonerescue serve: $IF_SRV came back as a new interface, but serve gave root up" "$SERVE_ERR"; then
	ok "dropped: exit 1, saying why"
else
	fail "dropped: exit $src"; e2e_dump
fi
if ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" 2>/dev/null | grep -q "inet $SRV_IP/"; then
	fail "an address left on the new interface"
else
	ok "nothing left on the new interface"
fi
echo "$fails failed"
[ $fails -eq 0 ]
