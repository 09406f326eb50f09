#!/bin/sh
# Links that come and go during a transfer (issue 19): a simulated 7970
# that acknowledges slowly is fetching its load's components when the link
# is pulled from the phones' side 20 times in a row.  The phone still ends
# running its load with every file byte-exact (e2e-check.py compares each
# against ROOT), and every carrier loss the kernel reported on the
# server's side (`ip monitor`; its link watch coalesces changes closer
# than about a second, so fewer than 20) was told as a link_down.
. "$top_srcdir/tests/net/e2e-common.sh"
e2e_setup
ip netns exec "$NS_SRV" ip monitor link >"$NETNS_TMP/monitor.log" 2>&1 &
MON_PID=$!
e2e_serve
ip netns exec "$NS_PHONE" "$PHONERESCUE" simphone -i "$IF_PHONE" --json \
    --timeout 240 --model 7970 --mac 00:1b:d4:70:70:31 --slow 25 \
    >"$NETNS_TMP/7970.log" 2>"$NETNS_TMP/7970.log.err" &
PHONE_PID=$!
# The state to wait for: the phone is fetching a component of its load.
if ! netns_wait_for "$SERVE_LOG" '"event":"tftp_start".*\.sbn' 60; then
	kill "$PHONE_PID" 2>/dev/null
	e2e_dump "$NETNS_TMP/7970.log"
	echo "FAIL: the phone never asked for a component"
	exit 1
fi
i=0
while [ $i -lt 20 ]; do
	ip -n "$NS_PHONE" link set "$IF_PHONE" down
	sleep 0.3
	ip -n "$NS_PHONE" link set "$IF_PHONE" up
	sleep 0.2
	i=$((i + 1))
done
rc=0
wait "$PHONE_PID" || rc=$?
e2e_stop_serve
kill "$MON_PID" 2>/dev/null
wait "$MON_PID" 2>/dev/null
# Carrier losses: each change from a line with carrier to one without.
lost=$(grep "$IF_SRV" "$NETNS_TMP/monitor.log" | awk '
	BEGIN { up = 1 }
	/NO-CARRIER/ { if (up) n++; up = 0; next }
	{ up = 1 }
	END { print n + 0 }')
downs=$(grep -c '"code":"link_down"' "$SERVE_LOG")
ups=$(grep -c '"code":"link_up"' "$SERVE_LOG")
fail=0
if [ "$lost" -lt 1 ] || [ "$downs" -lt "$lost" ] || [ "$ups" -lt "$lost" ]; then
	echo "FAIL: the kernel reported $lost carrier losses; serve told" \
	    "$downs link_down and $ups link_up"
	fail=1
fi
if [ $rc -ne 0 ]; then
	echo "FAIL: simphone exited $rc after the flaps"
	fail=1
fi
e2e_check --phone "$NETNS_TMP/7970.log:ok" || fail=1
[ $fail -eq 0 ] || { e2e_dump "$NETNS_TMP/7970.log"; exit 1; }
echo "ok: 20 flaps during the transfer, $lost carrier losses reported" \
    "and told ($downs link_down, $ups link_up), the phone recovered byte-exact"
