#!/bin/sh
# Issue 20, end to end: ROOT changes while serve runs.  A 7970 on 8.3(1)
# and a ROOT holding only 9.4(2)SR3: serve says "ROOT lacks the bridge
# load: import 8.5(2) for the 7970 with --keep-defaults" and flashes
# nothing; the phone keeps asking for its term file (--retry-missing, as
# a real one does).  The technician imports 8.5(2) into ROOT from another
# terminal while serve runs: the tracker sees ROOT's catalogue change,
# plans that phone again and it proceeds by itself, with no restart of
# serve and no Auth Fail at all:
#  1. import --keep-defaults (9.4(2)SR3 stays ROOT's default): the bridge,
#     then the target; it ends on 9.4(2)SR3.
#  2. a plain import (8.5(2) becomes ROOT's default, in its term file and
#     XMLDefault): the plan follows ROOT's default, direct to 8.5(2); it
#     ends there and is told back, never left on a step ROOT's own
#     configuration would not send it past.
. "$top_srcdir/tests/net/e2e-common.sh"
netns_pair
netns_require_root
[ -x "$PY" ] || { echo "SKIP: $PY is missing" >&2; exit 77; }
PHONERESCUE_STATE_DIR=$NETNS_TMP/state
export PHONERESCUE_STATE_DIR
SERVE_LOG=$NETNS_TMP/serve.log SERVE_ERR=$NETNS_TMP/serve.err
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
for b in base new; do
	"$PHONERESCUE" import --make-demo-bundle "$NETNS_TMP/$b" --format dir \
	    --variant $b --component-size 20000 >>"$NETNS_TMP/import.log" 2>&1 ||
	    { cat "$NETNS_TMP/import.log"; exit 99; }
done
result() { e2e_sim_result "$PHONE_LOG" "$1"; }

# run_case NAME IMPORT-ARGS...: serve a ROOT of 9.4(2)SR3 alone, the
# phone held back, then 8.5(2) imported with IMPORT-ARGS while serving.
run_case() {
	CASE=$1; shift
	ROOT=$NETNS_TMP/root.$CASE
	mkdir -p "$ROOT"
	"$PHONERESCUE" import -r "$ROOT" "$NETNS_TMP/new" \
	    >>"$NETNS_TMP/import.log" 2>&1 || { cat "$NETNS_TMP/import.log"; exit 99; }
	: >"$SERVE_LOG"
	e2e_serve
	PHONE_LOG=$NETNS_TMP/phone.$CASE.log
	netns_bg "$NS_PHONE" "$PHONERESCUE" simphone -i "$IF_PHONE" --json \
	    --timeout 120 --model 7970 --mac 00:1b:d4:70:83:02 --load '8.3(1)' \
	    --retry-missing >"$PHONE_LOG" 2>"$PHONE_LOG.err"
	phone_pid=$LAST_PID
	netns_wait_for "$SERVE_LOG" '"code":"plan_lacks"' 30 ||
	    { fail "$CASE: no plan_lacks"; e2e_dump "$PHONE_LOG"; }
	grep '"code":"plan_lacks"' "$SERVE_LOG" | grep -q 'ROOT lacks the bridge load: import 8.5(2) for the 7970 with --keep-defaults' &&
	    pass "$CASE: serve says to import 8.5(2) for the 7970" ||
	    fail "$CASE: plan_lacks text"
	# Refused its term file twice (it keeps asking): nothing flashed.
	netns_wait_for "$PHONE_LOG" '"sim":"missing_retry".*"round":2' 30 ||
	    fail "$CASE: the phone does not ask again"
	! grep '"event":"tftp_done"' "$SERVE_LOG" | grep -qi '\.sbn"' &&
	    pass "$CASE: nothing flashed before the import" ||
	    fail "$CASE: a component was served"
	# No Auth Fail before the import or after it (the DHCP engine binds
	# the phone in the tracker before its ACK leaves).
	before=$(grep -c '"sim":"auth_fail"' "$PHONE_LOG")
	"$PHONERESCUE" import -r "$ROOT" "$@" "$NETNS_TMP/base" \
	    >>"$NETNS_TMP/import.log" 2>&1 || { cat "$NETNS_TMP/import.log"; exit 99; }
	i=0
	while kill -0 "$phone_pid" 2>/dev/null && [ $i -lt 1200 ]; do
		sleep 0.1; i=$((i + 1))
	done
	netns_wait_for "$SERVE_LOG" '"code":"recovered"' 30
	e2e_stop_serve
	[ "$(result auth_fails)" = 0 ] &&
	    pass "$CASE: no Auth Fail, before the import or after it" ||
	    { fail "$CASE: auth fails: $(result auth_fails), $before before the import"
	      grep -E '"(code":"plan_|event":"(tftp_start|dhcp_lease)")' "$SERVE_LOG" |
	      cut -c1-260 | sed 's/^/  | /'
	      grep -E '"sim":"(auth_fail|dhcp|reboot|rrq)"' "$PHONE_LOG" |
	      cut -c1-200 | sed 's/^/  p /'; }
	grep -q '"code":"plan_done"' "$SERVE_LOG" && pass "$CASE: plan_done" ||
	    fail "$CASE: no plan_done"
	awk '/"code":"plan_done"/ { d = 1 } /"code":"recovered"/ { print (d ? "after" : "before"); exit }' \
	    "$SERVE_LOG" | grep -qx after && pass "$CASE: recovered, once on the target" ||
	    fail "$CASE: recovered before the target, or never"
	[ "$(grep -c '"event":"ready"' "$SERVE_LOG")" = 1 ] &&
	    pass "$CASE: one serve, never restarted" || fail "$CASE: serve restarted"
}

# 1. --keep-defaults: through the bridge to 9.4(2)SR3.
run_case keep --keep-defaults
case $(result load) in
*9-4-2SR3*) pass "keep: the 7970 ends on the target ($(result load))" ;;
*) fail "keep: the phone ends on '$(result load)'"; e2e_dump "$PHONE_LOG" ;;
esac
case $(result steps) in
*8-3-1*8-5-2*9-4-2SR3*) pass "keep: through the bridge: $(result steps)" ;;
*) fail "keep: steps: $(result steps)" ;;
esac
grep '"code":"plan_step"' "$SERVE_LOG" | grep -q '8.3(1) -> 8.5(2) -> 9.4(2)SR3-1, step 1 of 2: .*8-5-2S (bridge)' &&
    pass "keep: planned again after the import: the bridge, step 1 of 2" ||
    { fail "keep: no new plan after the import"; grep '"notice"' "$SERVE_LOG"; }

# 2. A plain import: 8.5(2) is ROOT's default now, and the target.
run_case plain
case $(result load) in
*8-5-2S*) pass "plain: the 7970 ends on ROOT's new default ($(result load))" ;;
*) fail "plain: the phone ends on '$(result load)'"; e2e_dump "$PHONE_LOG" ;;
esac
grep '"code":"plan_step"' "$SERVE_LOG" | grep -q '8.3(1) -> 8.5(2), step 1 of 1' &&
    pass "plain: planned again: direct to 8.5(2)" ||
    { fail "plain: no new plan"; grep '"notice"' "$SERVE_LOG"; }

echo "$fails failed"
[ $fails -eq 0 ]
