#!/bin/sh
# Issue 20, end to end: the 7940/7960 loader stages through plans.
#  1. A 7940 on an old image (5.x: its vendor class has no model, it reads
#     OS79XX.TXT) is given the plan "loader stages": its phone events
#     carry plan, step, steps and target; the step goes 1 of 2 (the
#     universal application loader) -> 2 of 2 (the application) by itself
#     as it boots with the loader (the vendor class names the model), with
#     no key pressed; `recovered` comes only once it runs the target.
#  2. A 7960 already on a loader-era image (7.x) goes direct: one step.
. "$top_srcdir/tests/net/e2e-common.sh"
e2e_setup
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
# phone_events MAC: serve's phone events of that phone, one a line.
phone_events() { grep '"event":"phone"' "$SERVE_LOG" | grep -i "\"mac\":\"$1\""; }
# run_phone LOG MODEL MAC LOAD: a fresh serve, the phone until its end,
# serve until it tells the phone back (or 30 s), stopped.
run_phone() {
	: >"$SERVE_LOG"
	e2e_serve
	e2e_phone "$NS_PHONE" "$IF_PHONE" "$1" --model "$2" --mac "$3" \
	    --load "$4" --timeout 90
	rc=$?
	netns_wait_for "$SERVE_LOG" '"code":"recovered"' 30
	e2e_stop_serve
	[ $rc -eq 0 ] && pass "the $2 on $4 ends its recovery" ||
	    { fail "the $2: simphone exited $rc"; e2e_dump "$1"; }
}

# 1. The 7940 on an old image.
MAC1=00:1b:d4:40:50:03
LOG1=$NETNS_TMP/phone.7940.log
run_phone "$LOG1" 7940 $MAC1 '5.0(3)'
case $(e2e_sim_result "$LOG1" load) in
*P0S3-8-12-00*) pass "it ends on the application P0S3-8-12-00" ;;
*) fail "it ends on '$(e2e_sim_result "$LOG1" load)'" ;;
esac
phone_events $MAC1 | grep -q '"plan":"5.0(3) -> 8.12(0) -> 8.12(0)".*"step":1,"steps":2,"target":"8.12(0)"' &&
    pass "phone event: the loader stages plan, step 1 of 2" ||
    { fail "no step 1 of 2 phone event"; phone_events $MAC1 | tail -8; }
grep '"code":"plan_step"' "$SERVE_LOG" | grep -q 'step 1 of 2: P0S3-8-12-00 (loader)' &&
    pass "plan_step: step 1 of 2, the loader" ||
    { fail "no plan_step notice for the loader"; grep '"notice"' "$SERVE_LOG"; }
grep '"code":"plan_step"' "$SERVE_LOG" | grep -q 'step 2 of 2: P0S3-8-12-00 (target)' &&
    pass "plan_step: step 2 of 2, the application" ||
    fail "no plan_step notice for the application"
# The order of the steps against the phone's own images: step 2 only
# after the loader image (.sbn) was served, before the application (.sb2).
"$PY" - "$SERVE_LOG" "$MAC1" <<'EOP' && pass "step 1 of 2 -> 2 of 2 -> done, in the phone's order" || fail "steps out of order"
import json, sys
seq, last = [], None
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if e.get("event") == "phone" and e.get("mac", "").lower() == sys.argv[2] and e.get("steps"):
        s = "step%d" % e["step"]
        if s != last:
            seq.append(s)
            last = s
    elif e.get("event") == "tftp_done" and e.get("file", "").lower().endswith((".sbn", ".sb2")):
        seq.append(e["file"].lower())
    elif e.get("event") == "notice" and e.get("code") in ("plan_done", "recovered"):
        seq.append(e["code"])
print(" ".join(seq))
# step 2 of 2 is the last phone event's too (done: step = steps).
want = ["step1", "p003-8-12-00.sbn", "step2", "p0s3-8-12-00.sb2", "plan_done", "recovered"]
sys.exit(0 if seq == want else 1)
EOP
awk '/"code":"plan_done"/ { d = 1 } /"code":"recovered"/ { print (d ? "after" : "before"); exit }' \
    "$SERVE_LOG" | grep -qx after && pass "recovered only once on the target" ||
    fail "recovered before the target, or never"

# 2. A 7960 already on a loader-era image: direct.
MAC2=00:1b:d4:60:70:02
LOG2=$NETNS_TMP/phone.7960.log
run_phone "$LOG2" 7960 $MAC2 '7.2(3)'
phone_events $MAC2 | grep -q '"plan":"7.2(3) -> 8.12(0)".*"step":1,"steps":1' &&
    pass "the 7960 on a loader-era image: direct, step 1 of 1" ||
    { fail "no direct plan"; phone_events $MAC2 | tail -5; }
! grep '"code":"plan_step"' "$SERVE_LOG" | grep -q 'loader' &&
    pass "no loader step for it" || fail "a loader step for the 7960"
grep -q '"code":"recovered"' "$SERVE_LOG" && pass "the 7960 told back" ||
    fail "the 7960 never told back"

echo "$fails failed"
[ $fails -eq 0 ]
