#!/bin/sh
# Issue 20, end to end: a bench of four phones on three different starting
# loads, served at once by one server on one bridge, ROOT holding 8.5(2)
# and 9.4(2)SR3 for the 7970/7971-GE (9.4(2)SR3 the served default).
# Each gets its own plan by client: the two on 8.3(1) go through the
# 8.5(2) bridge, the ones on 8.4(1) and 8.5(2) straight to the target;
# all end on 9.4(2)SR3 with no key pressed and not one Auth Fail (each
# asks for its term file as soon as it has its address: its plan's answer
# is in place before the ACK is sent).
. "$top_srcdir/tests/net/e2e-common.sh"
e2e_bridge 4
"$PHONERESCUE" import --make-demo-bundle "$NETNS_TMP/new" --format dir \
    --variant new >>"$NETNS_TMP/import.log" 2>&1 &&
"$PHONERESCUE" import -r "$ROOT" "$NETNS_TMP/new" >>"$NETNS_TMP/import.log" 2>&1 ||
    { cat "$NETNS_TMP/import.log"; exit 99; }
e2e_serve
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
set -- '7970:00:1b:d4:70:00:01:8.3(1)' '7971-GE:00:1b:d4:71:00:02:8.3(1)' \
    '7970:00:1b:d4:70:00:03:8.5(2)' '7971-GE:00:1b:d4:71:00:04:8.4(1)'
k=1 pids=""
for spec in "$@"; do
	model=${spec%%:*} rest=${spec#*:}
	load=${rest#*:*:*:*:*:*:} mac=${rest%:"$load"}
	eval "ns=\$NS_PHONE_$k ifc=\$IF_PHONE_$k"
	log=$NETNS_TMP/phone$k.log
	( e2e_phone "$ns" "$ifc" "$log" --model "$model" --mac "$mac" \
	    --load "$load" --timeout 120; echo $? >"$log.rc" ) &
	pids="$pids $!"
	k=$((k + 1))
done
wait $pids
# The last CDP may reach serve after a phone exits: wait for the four.
i=0
while [ "$(grep -c '"code":"plan_done"' "$SERVE_LOG")" -lt 4 ] && [ $i -lt 200 ]; do
	sleep 0.1; i=$((i + 1))
done
e2e_stop_serve
k=1
for spec in "$@"; do
	log=$NETNS_TMP/phone$k.log
	load=$(e2e_sim_result "$log" load) steps=$(e2e_sim_result "$log" steps)
	af=$(e2e_sim_result "$log" auth_fails)
	echo "  $load $steps auth_fails $af"
	ok=1
	case $load in *9-4-2SR3*) ;; *) ok=0 ;; esac
	[ "$af" = 0 ] || ok=0
	case $spec in *'8.3(1)') case $steps in *8-5-2*) ;; *) ok=0 ;; esac ;; esac
	[ $ok = 1 ] && pass "phone $k ($spec): on the target" ||
	    { fail "phone $k ($spec)"; e2e_dump "$log"; }
	k=$((k + 1))
done
n=$(grep '"code":"plan_done"' "$SERVE_LOG" | grep -c .)
[ "$n" = 4 ] && pass "four plan_done notices" || fail "plan_done notices: $n"
grep '"event":"phone"' "$SERVE_LOG" | grep -q '"mac":"00:1b:d4:71:00:02".*"plan":"8.3(1) -> 8.5(2) -> 9.4(2)SR3-1"' &&
    grep '"event":"phone"' "$SERVE_LOG" | grep -q '"mac":"00:1b:d4:70:00:03".*"plan":"8.5(2) -> 9.4(2)SR3-1"' &&
    pass "each phone its own plan" || fail "plans in the phone events"
echo "$fails failed"
[ $fails -eq 0 ]
