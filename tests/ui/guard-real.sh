#!/bin/sh
# The DHCP guard in the wizard on the real engines (issue 14; root only):
# dnsmasq appears on the phones' link while the wizard serves, the live
# view says DHCP stopped and names it; with dnsmasq gone, "check again"
# (c) finds nobody and offers resume; with it back, "serve anyway" (F,
# then y) serves next to it.
. "$top_srcdir/tests/net/dhcp-common.sh"
command -v tmux >/dev/null 2>&1 || { echo "tmux is a test dependency"; exit 99; }
command -v dnsmasq >/dev/null 2>&1 || { echo "SKIP: no dnsmasq"; exit 77; }
. "$top_srcdir/tests/ui/lib.sh"
dhcp_bridge_setup
trap 'tm_cleanup; rm -rf "$TM_OUT"; netns_cleanup' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$STATE" "$NETNS_TMP/root"

# bounce: our port of the switch down and up (a router plugged in).
bounce() {
	ip -n "$NS_BR" link set "$BR_SRV" down
	i=0
	while ! ip -n "$NS_SRV" link show "$IF_SRV" | grep -q NO-CARRIER &&
	    [ $i -lt 50 ]; do
		i=$((i + 1)); sleep 0.1
	done
	ip -n "$NS_BR" link set "$BR_SRV" up
}
dnsmasq_stop() {	# by its PID (ip netns exec execs it)
	kill "$DNSMASQ_PID" 2>/dev/null
	wait "$DNSMASQ_PID" 2>/dev/null
}

TM_PREFIX="ip netns exec $NS_SRV"
tm_start 80 24 PHONERESCUE_STATE_DIR="$STATE" -- wizard -i "$IF_SRV" -r "$NETNS_TMP/root"
expect "engines started from the wizard" "serving on .*198\\.18\\.$net\\.1/24"
keys "live view" 'No phone yet' 5
dnsmasq_start
DNSMASQ_PID=$LAST_PID
bounce
expect "offers stopped for the new server" 'DHCP STOPPED: another DHCP server answers'
expect "named, with what it offered" "198\\.18\\.$net\\.53  [0-9a-f:]{17}  offered 198\\.18\\.$net\\.1[0-9][0-9]"
dnsmasq_stop
keys "check again" 'Checking again|offering addresses again' c
expect "nobody answered: offers resume" 'offering addresses again'
if tm_capture | grep -q 'DHCP STOPPED'; then
	fail "resumed, but the banner stays"
else
	ok "the banner is gone"
fi
dnsmasq_start
DNSMASQ_PID=$LAST_PID
bounce
expect "stopped again when it is back" 'DHCP STOPPED: another DHCP server answers'
keys "serve anyway asks" 'Serve anyway\?' F
keys "y serves anyway" "Serving DHCP anyway next to the other DHCP server 198\\.18\\.$net\\.53" y
tm send-keys q
quit_restores "quit restores the terminal"
[ $fails -eq 0 ]
