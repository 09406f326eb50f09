#!/bin/sh
# Issue 20, end to end: a phone holding another cluster's trust list
# (simphone --trust-list foreign: CTL/ITL retried, SEP<MAC>.cnf.xml.sgn
# asked again and again, every unsigned answer rejected) is recognised by
# serve's tracker, which says what to do on that model: a trust_list
# warning (Settings, **# to unlock, Security Configuration, erase the
# trust list; or a factory reset) and the phone's detail line.
. "$top_srcdir/tests/net/e2e-common.sh"
e2e_setup
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

e2e_serve
e2e_phone "$NS_PHONE" "$IF_PHONE" "$NETNS_TMP/trust.log" --model 7970 \
    --mac 00:1b:d4:70:77:01 --load '8.5(2)' --trust-list foreign \
    --timeout 60 &
PH=$!
netns_wait_for "$SERVE_LOG" '"code":"trust_list"' 60
kill "$PH" 2>/dev/null
wait "$PH" 2>/dev/null
e2e_stop_serve
n=$(grep -c '"code":"trust_list"' "$SERVE_LOG")
[ "$n" = 1 ] && pass "a trust_list notice, once" ||
    { fail "trust_list notices: $n"; e2e_dump "$NETNS_TMP/trust.log"; }
grep '"code":"trust_list"' "$SERVE_LOG" |
    grep '"mac":"00:1b:d4:70:77:01"' | grep -F '**#' | grep -q 'Settings' &&
    grep '"code":"trust_list"' "$SERVE_LOG" | grep -q 'Trust List: erase CTL and ITL' &&
    grep '"code":"trust_list"' "$SERVE_LOG" | grep -qF '123456789*0#' &&
    pass "what to do on a 7970: Settings, **#, erase CTL and ITL, or reset" ||
    fail "the notice's advice"
grep '"event":"phone"' "$SERVE_LOG" | grep -q '"detail":"holds a trust list from another cluster' &&
    pass "the phone's line says it holds a trust list" ||
    fail "no phone detail about the trust list"
echo "$fails failed"
[ $fails -eq 0 ]
