#!/bin/sh
# bench/dhcp.sh: phonerescue's DHCP server side by side with dnsmasq, in
# the same run, on a namespace pair (nothing leaves the machine):
#   1. DISCOVER->OFFER for a new client with the conflict probe on
#      (phonerescue: ARP probe; dnsmasq: its default ping check; and, for
#      reference, dnsmasq --no-ping without any check), and for a
#      known client asking 50 ms later: it must not wait for the probe;
#   2. 200 clients leased at once (scapy load client): completions, time
#      from the first DISCOVER to the last ACK, server CPU time.
# Targets for phonerescue: new client <= 1000 ms, known client < 100 ms,
# 200/200 leased.  Exit 1 on a miss.
#
#   sudo PHONERESCUE=./phonerescue bench/dhcp.sh [CLIENTS]
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(dirname "$here")}
PR=${PHONERESCUE:-$top_srcdir/phonerescue}
N=${1:-200}
PY=/usr/bin/python3
. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
command -v dnsmasq >/dev/null 2>&1 || { echo "bench/dhcp.sh: needs dnsmasq"; exit 77; }
$PY -c 'import scapy' 2>/dev/null || { echo "bench/dhcp.sh: needs python3-scapy"; exit 77; }
[ -x "$PR" ] || { echo "bench/dhcp.sh: no $PR (build it, or set PHONERESCUE)"; exit 1; }
netns_pair
ip -n "$NS_PHONE" addr flush dev "$IF_PHONE"
ip -n "$NS_PHONE" link set "$IF_PHONE" promisc on   # replies go to the fake MACs

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

run_server() {	# name: starts the server, leaves its PID in $SPID
	case $1 in
	phonerescue)
		netns_bg "$NS_SRV" env PHONERESCUE_STATE_DIR="$NETNS_TMP/state-$2" \
		    "$PR" serve -i "$IF_SRV" --json --no-tftp --no-sniff \
		    -r "$NETNS_TMP" >"$NETNS_TMP/pr-$2.log" 2>&1
		SPID=$LAST_PID
		netns_wait_for "$NETNS_TMP/pr-$2.log" '"event":"ready"' 20 >/dev/null || return 1
		;;
	dnsmasq|dnsmasq-noping)
		np=""; [ "$1" = dnsmasq-noping ] && np=--no-ping
		netns_bg "$NS_SRV" dnsmasq $np --no-daemon --port=0 --conf-file=/dev/null \
		    --user=root --interface="$IF_SRV" --bind-interfaces \
		    --dhcp-range="$SUBNET.2,$SUBNET.254,255.255.255.0,5m" \
		    --dhcp-option=150,"$SRV_IP" --dhcp-option=66,"$SRV_IP" \
		    --dhcp-leasefile="$NETNS_TMP/dnsmasq-$2.leases" \
		    --pid-file="$NETNS_TMP/dnsmasq-$2.pid" --log-facility=- \
		    >"$NETNS_TMP/dm-$2.log" 2>&1
		SPID=$LAST_PID
		netns_wait_for "$NETNS_TMP/dm-$2.log" 'DHCP, IP range' 10 >/dev/null || return 1
		;;
	esac
}

stop_server() { kill "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null; }

field() { printf '%s' "$1" | $PY -c "import json,sys; v=json.load(sys.stdin).get('$2'); print('-' if v is None else v)"; }

miss=0
printf '%-12s %9s %9s | %7s %7s %8s %8s %8s\n' server new_ms known_ms leased of seconds cpu_s offer_p50
for s in phonerescue dnsmasq dnsmasq-noping; do
	run_server $s lat || { echo "$s did not start"; miss=1; continue; }
	lat=$(ip netns exec "$NS_PHONE" $PY "$here/dhcp_load.py" "$IF_PHONE" latency)
	stop_server
	run_server $s load || { echo "$s did not start"; miss=1; continue; }
	c0=$(cpu_ticks "$SPID")
	load=$(ip netns exec "$NS_PHONE" $PY "$here/dhcp_load.py" "$IF_PHONE" load "$N" 60)
	c1=$(cpu_ticks "$SPID")
	stop_server
	cpu=$(awk -v a="$c0" -v b="$c1" -v hz="$hz" 'BEGIN { printf "%.2f", (b - a) / hz }')
	new=$(field "$lat" new_client_ms); known=$(field "$lat" known_client_ms)
	acks=$(field "$load" acks); secs=$(field "$load" seconds)
	printf '%-12s %9s %9s | %7s %7s %8s %8s %8s\n' $s "$new" "$known" \
	    "$acks" "$N" "$secs" "$cpu" "$(field "$load" offer_ms_median)"
	if [ $s = phonerescue ]; then
		awk -v n="$new" -v k="$known" 'BEGIN { exit !(n != "-" && n <= 1000 && k != "-" && k < 100) }' ||
		    { echo "MISS: latency new=$new known=$known (targets 1000 / 100 ms)"; miss=1; }
		[ "$acks" = "$N" ] || { echo "MISS: $acks of $N clients leased"; miss=1; }
	fi
done
exit $miss
