#!/bin/sh
# Issue 20, end to end: per-phone upgrade plans served by client.
#  1. A 7970 on 8.3(1), ROOT holding 8.5(2) and 9.4(2)SR3 (the served
#     default is 9.4(2)SR3, which it cannot authenticate): it is served
#     the bridge first, then the target by itself, and ends on 9.4(2)SR3
#     with no key pressed; its phone events carry the plan and the step,
#     and it is told back only on the target.
#  2. The same without the bridge load: nothing that would flash it is
#     served (its term file refused, TFTP error 1) and serve says "ROOT
#     lacks the bridge load: import 8.5(2) for the 7970".
#  1b. The same with a phone that tries HTTP on 6970 first.
#  3. --no-plan: one load to all, as before (the 8.3(1) phone gets the
#     default 9.4(2)SR3 and shows Auth Fail).
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

# make_root DIR BUNDLE...: the demo bundles imported in order (the last
# one's term files are the served default).
make_root() {
	d=$1; shift
	mkdir -p "$d"
	for b in "$@"; do
		[ -d "$NETNS_TMP/$b" ] || "$PHONERESCUE" import --make-demo-bundle \
		    "$NETNS_TMP/$b" --format dir --variant "$b" \
		    --component-size 20000 >>"$NETNS_TMP/import.log" 2>&1 ||
		    { cat "$NETNS_TMP/import.log"; exit 99; }
		"$PHONERESCUE" import -r "$d" "$NETNS_TMP/$b" \
		    >>"$NETNS_TMP/import.log" 2>&1 ||
		    { cat "$NETNS_TMP/import.log"; exit 99; }
	done
}

# result FIELD: a field of the simulated phone's result record.
result() { e2e_sim_result "$PHONE_LOG" "$1"; }

run_case() {
	root=$1; shift
	ROOT=$root
	: >"$SERVE_LOG"
	e2e_serve "$@"
	PHONE_LOG=$NETNS_TMP/phone.$CASE.log
	# shellcheck disable=SC2086
	e2e_phone "$NS_PHONE" "$IF_PHONE" "$PHONE_LOG" --model 7970 \
	    --mac 00:1b:d4:70:83:01 --load '8.3(1)' --timeout "$TIMEOUT" \
	    ${PHONE_ARGS:-}
	PHONE_RC=$?
	[ -z "${WAIT_FOR:-}" ] || netns_wait_for "$SERVE_LOG" "$WAIT_FOR" 30
	e2e_stop_serve
}

# 1. The bridge, then the target.
make_root "$NETNS_TMP/r2" base new
CASE=bridge TIMEOUT=90 WAIT_FOR='"code":"recovered"' run_case "$NETNS_TMP/r2"
load=$(result load)
case $load in
*9-4-2SR3*) pass "bridge: the 7970 ends on the target ($load)" ;;
*) fail "bridge: the phone ends on '$load' (exit $PHONE_RC)"
   e2e_dump "$PHONE_LOG" ;;
esac
steps=$(result steps)
case $steps in
*8-3-1*8-5-2*9-4-2SR3*) pass "through the bridge: $steps" ;;
*) fail "steps: $steps" ;;
esac
# No Auth Fail at all: the phone asks for its term file as soon as it has
# its address, and its plan's answer is in place before the ACK is sent.
[ "$(result auth_fails)" = 0 ] && pass "no Auth Fail on the way" ||
    fail "auth fails: $(result auth_fails)"
grep '"event":"phone"' "$SERVE_LOG" | grep -q '"plan":"8.3(1) -> 8.5(2) -> 9.4(2)SR3-1".*"step":1,"steps":2' &&
    pass "phone event: the plan, step 1 of 2" ||
    { fail "no step 1 of 2 phone event"; grep '"phone"' "$SERVE_LOG" | tail -5; }
grep '"event":"phone"' "$SERVE_LOG" | grep -q '"step":2,"steps":2,"target":"9.4(2)SR3-1"' &&
    pass "phone event: step 2 of 2, the target" || fail "no step 2 of 2"
grep -q '"code":"plan_done"' "$SERVE_LOG" && pass "plan_done notice" ||
    fail "no plan_done notice"
# Told back only once it runs the target: after plan_done.
awk '/"code":"plan_done"/ { d = 1 } /"code":"recovered"/ { print (d ? "after" : "before"); exit }' \
    "$SERVE_LOG" | grep -qx 'after' && pass "recovered, only once on the target" ||
    fail "recovered before the target, or never"

# 1b. The same over HTTP first (TCP 6970): the same per-client answers.
CASE=http TIMEOUT=90 PHONE_ARGS=--http-first run_case "$NETNS_TMP/r2"
case $(result load) in
*9-4-2SR3*) pass "HTTP first: the 7970 ends on the target" ;;
*) fail "HTTP first: the phone ends on '$(result load)'"
   e2e_dump "$PHONE_LOG" ;;
esac
# ROOT's own term70 names the 9.4 parts: 8.5(2)'s after it over HTTP
# means the bridge's kept term file was this phone's answer.
grep '"event":"tftp_done"' "$SERVE_LOG" | grep '"proto":"http"' |
    grep -E -A1 '"file":"/?term70.default.loads"' |
    grep -Eqi '"file":"/?Jar70sip.8-5-2-13.sbn"' &&
    pass "HTTP: the bridge's kept term file served by client" ||
    { fail "no HTTP transfer of the bridge's term file";
      grep '"tftp_done"' "$SERVE_LOG" | head -5; }

# 2. No bridge in ROOT: nothing flashes it.
make_root "$NETNS_TMP/r1" new
CASE=lacks TIMEOUT=25 run_case "$NETNS_TMP/r1"
grep '"code":"plan_lacks"' "$SERVE_LOG" | grep -q 'ROOT lacks the bridge load: import 8.5(2) for the 7970' &&
    pass "lacks: serve says to import 8.5(2) for the 7970" ||
    { fail "no plan_lacks notice"; grep notice "$SERVE_LOG" | tail -5; }
grep '"event":"tftp_error"' "$SERVE_LOG" | grep -q '"file":"term70.default.loads".*"code":1' &&
    pass "its term file refused (TFTP error 1)" || fail "term file not refused"
! grep '"event":"tftp_done"' "$SERVE_LOG" | grep -qi '\.sbn"' &&
    pass "no component served" || fail "a component was served"
case $(result load) in
*8-3-1*) pass "the phone still runs 8.3(1)" ;;
*) fail "the phone runs '$(result load)'" ;;
esac
[ "$(result auth_fails)" = 0 ] || [ -z "$(result auth_fails)" ] &&
    pass "no Auth Fail loop" || fail "auth fails: $(result auth_fails)"

# 3. --no-plan: the default load to all, as before.
CASE=noplan TIMEOUT=20 run_case "$NETNS_TMP/r2" --no-plan
grep -q '"plan":' "$SERVE_LOG" && fail "--no-plan: a plan in the events" ||
    pass "--no-plan: no plan"
n=$(result auth_fails)
[ -n "$n" ] && [ "$n" != 0 ] && pass "--no-plan: the default 9.4(2)SR3 to all (Auth Fail x$n)" ||
    fail "--no-plan: auth fails '$n'"

echo "$fails failed"
[ $fails -eq 0 ]
