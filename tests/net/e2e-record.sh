#!/bin/sh
# End to end, the session record (issue 21): serve and a simulated 7970
# in a namespace pair.  First session: the phone comes back, serve is
# stopped, and `report` says it is back up with its bytes and duration
# (and the name it sent in CDP).
# Second session: the same phone again, serve killed with SIGKILL in the
# middle of the flash: `report` still reads the session (cut short), the
# phone "still going" and seen before in the first session; `--all`
# merges the two by MAC; CSV and JSON say the same.
. "$top_srcdir/tests/net/e2e-common.sh"
e2e_setup
MAC=00:1b:d4:70:70:21
bad=0
say() {	# say OK-STATUS WORDS
	if [ "$1" -eq 0 ]; then echo "ok: $2"; else echo "FAIL: $2"; bad=1; fi
}

e2e_serve
e2e_phone "$NS_PHONE" "$IF_PHONE" "$NETNS_TMP/p1.log" --model 7970 \
    --mac "$MAC" || { echo "FAIL: simphone exited $?"; e2e_stop_serve
	e2e_dump "$NETNS_TMP/p1.log"; exit 1; }
netns_wait_for "$SERVE_LOG" "\"code\":\"recovered\".*\"mac\":\"$MAC\"" 40 || {
	echo "FAIL: no recovered notice"; e2e_stop_serve; exit 1; }
e2e_stop_serve
S1=$("$PHONERESCUE" report --list | tail -n 1)
"$PHONERESCUE" report >"$NETNS_TMP/r1.txt" 2>&1
say $? "report of the first session"
sed 's/^/  | /' "$NETNS_TMP/r1.txt"
"$PHONERESCUE" report --json >"$NETNS_TMP/r1.json"
"$PY" - "$NETNS_TMP/r1.json" "$MAC" <<'PYEOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
p = [r for r in rows if r["mac"] == sys.argv[2]]
ok = (len(p) == 1 and p[0]["result"] == "back up" and p[0]["bytes"] > 0
      and p[0]["duration_s"] > 0 and p[0]["model"] == "7970"
      and p[0]["up_at"] != "" and p[0]["seen_before"] == ""
      and p[0]["retries"] == 0
      and p[0]["name"] == "SEP" + sys.argv[2].replace(":", "").upper())
print(("ok: " if ok else "FAIL: ") + "first session: %s" % p)
sys.exit(0 if ok else 1)
PYEOF
say $? "the phone back up, with bytes and duration, no retry (files it lacks are none), the name it sent in CDP"
grep -q '^end	' "$PHONERESCUE_STATE_DIR/sessions/$S1.rec"
say $? "a stopped serve wrote the end of its record"

# Second session (without the sniffer): killed mid-flash.
: >"$SERVE_LOG"
e2e_serve --no-sniff
netns_bg "$NS_PHONE" "$PHONERESCUE" simphone -i "$IF_PHONE" --json \
    --timeout 60 --model 7970 --mac "$MAC" >"$NETNS_TMP/p2.log" 2>&1
PHONE_PID=$LAST_PID
netns_wait_for "$SERVE_LOG" \
    "\"event\":\"phone\".*\"mac\":\"$MAC\".*\"phase\":\"flashing\"" 30 || {
	echo "FAIL: the phone never flashed"; exit 1; }
kill -9 "$SERVE_PID"
wait "$SERVE_PID" 2>/dev/null
kill "$PHONE_PID" 2>/dev/null
wait "$PHONE_PID" 2>/dev/null
S2=$("$PHONERESCUE" report --list | tail -n 1)
[ -n "$S2" ] && [ "$S2" != "$S1" ]
say $? "a second session file ($S1, then $S2)"
! grep -q '^end	' "$PHONERESCUE_STATE_DIR/sessions/$S2.rec"
say $? "a killed serve wrote no end"
"$PHONERESCUE" report >"$NETNS_TMP/r2.txt" 2>&1
say $? "report reads the session cut short"
sed 's/^/  | /' "$NETNS_TMP/r2.txt"
grep -q "cut short" "$NETNS_TMP/r2.txt"
say $? "it says the session was cut short"
grep -q "^$MAC  7970  still going" "$NETNS_TMP/r2.txt"
say $? "the phone still going"
grep -q "seen before in session $S1" "$NETNS_TMP/r2.txt"
say $? "recognised from the first session"
"$PHONERESCUE" report --all --csv >"$NETNS_TMP/all.csv"
n=$(grep -c "$MAC" "$NETNS_TMP/all.csv")
[ "$n" = 1 ] && head -n 1 "$NETNS_TMP/all.csv" | grep -q '^session,mac,'
say $? "--all --csv: a header and one row for the phone ($n)"
grep "$MAC" "$NETNS_TMP/all.csv" | grep -q ",$S1\$"
say $? "--all: seen before in the first session"
"$PHONERESCUE" report "$S1" --csv | grep "$MAC" | grep -q ',back up,'
say $? "report SESSION: the first one, back up"
[ $bad -eq 0 ] || e2e_dump "$NETNS_TMP/p2.log"
exit $bad
