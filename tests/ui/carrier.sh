#!/bin/sh
# Start-up on the loop (issue 18.1; root only): the wizard picked a veth
# whose peer is down says "starting: waiting for carrier" and keeps
# answering keys and redrawing meanwhile; the peer brought up ends the
# wait at once (a netlink link event, not the deadline) and it serves.
# s, or Ctrl-C, in the middle of start-up cuts it short and puts the
# interface back as it was (brought down again).  The veth deleted and
# made again while serving: the wizard serves on the new one.
. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
command -v tmux >/dev/null 2>&1 || { echo "tmux is a test dependency"; exit 99; }
. "$top_srcdir/tests/ui/lib.sh"
netns_pair
STATE=$NETNS_TMP/state
mkdir -p "$STATE" "$NETNS_TMP/root"
trap 'tm_cleanup; rm -rf "$TM_OUT"; netns_cleanup' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
TM_PREFIX="ip netns exec $NS_SRV"
srv_down() {	# ours administratively down, the peer too: no carrier
	ip -n "$NS_PHONE" link set "$IF_PHONE" down
	ip -n "$NS_SRV" link set "$IF_SRV" down
}
srv_is_down() { ! ip -n "$NS_SRV" link show "$IF_SRV" | grep -q '<[^>]*[<,]UP[,>]'; }

srv_down
tm_start 100 30 PHONERESCUE_STATE_DIR="$STATE" -- wizard -i "$IF_SRV" -r "$NETNS_TMP/root"
expect "waiting for carrier, said" 'starting: waiting for carrier'
if ip -n "$NS_SRV" link show "$IF_SRV" | grep -q '<[^>]*UP'; then
	ok "the link brought up before the wait"
else
	fail "the link brought up before the wait"
fi
ip -n "$NS_PHONE" link set "$IF_PHONE" up
expect "carrier: the next stage" 'starting: checking for other DHCP servers|serving on'
expect "then serving" "serving on .*198\\.18\\.$(echo "$SUBNET" | cut -d. -f3)\\.1/24"
if tm_capture | grep -q 'no link on'; then
	fail "the carrier event ended the wait (not its deadline)"
else
	ok "the carrier event ended the wait (not its deadline)"
fi
# Unplugged and plugged back while serving (issue 19): the same veth
# name, a new ifindex; the wizard serves on it again (the recovery
# address, on the new interface this time).
ip -n "$NS_SRV" link del "$IF_SRV"
expect "gone, said" 'is gone \(unplugged\?\)'
ip link add "$IF_SRV" netns "$NS_SRV" type veth peer name "$IF_PHONE" netns "$NS_PHONE"
ip -n "$NS_PHONE" link set "$IF_PHONE" up
expect "back, said" 'is back \(a new interface\)'
i=0
while [ $i -lt 200 ] && ! ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q 'inet 198\.18\.250\.1/24'; do
	sleep 0.1; i=$((i + 1))
done
if [ $i -lt 200 ]; then
	ok "serving again on the new $IF_SRV (recovery address on it)"
else
	fail "serving again on the new $IF_SRV"
fi
expect "the wizard says where it serves" 'serving on .*198\.18\.250\.1/24'
tm send-keys q
quit_restores "quit after serving"
if ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q 'inet 198\.18\.250\.1'; then
	fail "the recovery address removed on quit"
else
	ok "the recovery address removed on quit"
fi

# Keys and redraws while waiting; s stops the start under way.
srv_down
tm_start 100 30 PHONERESCUE_STATE_DIR="$STATE" -- wizard -i "$IF_SRV" -r "$NETNS_TMP/root"
expect "waiting again" 'starting: waiting for carrier'
keys "a key answered while waiting (help)" 'Keys everywhere' '?'
keys "and closed again, still starting" 'starting: .*\(s stops\)' '?'
tm resize-window -x 90 -y 28 2>/dev/null
expect "redrawn at the new size, still starting" 'starting: .*\(s stops\)'
keys "s cuts start-up short" 'stopped starting on' s
if srv_is_down; then
	ok "the link put back down on s"
else
	fail "the link put back down on s: $(ip -n "$NS_SRV" link show "$IF_SRV")"
fi
expect "still on the interface step" 'Which interface has the cable'
tm send-keys q
quit_restores "quit after the cut"

# Ctrl-C in the middle of start-up: the stages run back, the tty restored.
srv_down
tm_start 100 30 PHONERESCUE_STATE_DIR="$STATE" -- wizard -i "$IF_SRV" -r "$NETNS_TMP/root"
expect "waiting a third time" 'starting: waiting for carrier'
tm send-keys C-c
quit_restores "Ctrl-C while starting"
if srv_is_down; then
	ok "the link put back down on Ctrl-C"
else
	fail "the link put back down on Ctrl-C: $(ip -n "$NS_SRV" link show "$IF_SRV")"
fi
if ls "$STATE"/addr-*.state >/dev/null 2>&1; then
	fail "a state file left behind"
else
	ok "no state file left behind"
fi
echo "$fails failed"
[ $fails -eq 0 ]
