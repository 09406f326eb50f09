#!/bin/sh
# `serve --on-event CMD` end to end (issue 21): a simulated 7970 recovers
# while every hook is held at a gate, so serve is not blocked by them;
# the drops over --on-event-queue are counted and said (a hook_dropped
# notice while serving and again at exit); once the gate opens the
# queued ones run: the ready event without a MAC, the phone's events in
# posting order one at a time, each with its PHONERESCUE_* variables; CMD
# is a path with spaces and shell metacharacters, run as that file; the
# hooks run as the user serve drops to (not root) and their output goes
# to serve's stderr, never into the JSON events; a CMD that user cannot
# run stops serve from starting.
. "$top_srcdir/tests/net/e2e-common.sh"
e2e_setup
H="$NETNS_TMP/hook dir"
mkdir "$H" && chmod 1777 "$H" || exit 99
CMD="$H/on event; touch pwned \`touch pwned2\` \$(touch pwned3)"
cat > "$CMD" <<'EOF'
#!/bin/sh
d=$HOOK_DIR
key=${PHONERESCUE_MAC:-none}
echo "$key start $PHONERESCUE_SEQ" >> "$d/order"
{ echo "uid=$(id -u)"; env | grep '^PHONERESCUE_' | sort; } \
    > "$d/env.$PHONERESCUE_SEQ.$PHONERESCUE_EVENT"
echo "HOOK-STDOUT $PHONERESCUE_SEQ"
while [ ! -e "$d/gate" ]; do sleep 0.05; done
echo "$key end $PHONERESCUE_SEQ" >> "$d/order"
EOF
chmod 755 "$CMD"
HOOK_DIR=$H
export HOOK_DIR
unset SUDO_UID SUDO_GID
MAC=00:1b:d4:70:70:02
bad=0
fail() { echo "FAIL: $*"; bad=1; }

# A CMD the user serve drops to cannot run: serve refuses to start.
printf '#!/bin/sh\n' > "$H/private" && chmod 700 "$H/private"
ip netns exec "$NS_SRV" "$PHONERESCUE" serve -i "$IF_SRV" -r "$ROOT" \
    --leases "$NETNS_TMP/leases" --on-event "$H/private" \
    > "$NETNS_TMP/private.out" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q 'private: Permission denied (as uid 65534)' \
    "$NETNS_TMP/private.out" ||
    fail "a CMD nobody may run: exit $rc, $(cat "$NETNS_TMP/private.out")"

e2e_serve --on-event "$CMD" --on-event-kinds phone,ready,recovered \
    --on-event-queue 3
rc=0
e2e_phone "$NS_PHONE" "$IF_PHONE" "$NETNS_TMP/7970.log" --model 7970 \
    --mac "$MAC" || rc=$?
[ $rc -eq 0 ] || fail "the phone did not recover while hooks sleep ($rc)"
# Held at the gate: ready (its own lane) and the phone's first event run.
[ "$(grep -c ' start ' "$H/order")" -eq 2 ] ||
    fail "not two hooks running: $(cat "$H/order")"
grep -q '"code":"hook_dropped"' "$SERVE_LOG" ||
    fail "no hook_dropped notice while serving"
touch "$H/gate"
i=0
while [ "$(grep -c ' end ' "$H/order")" -lt 5 ] && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1))
done
e2e_stop_serve
[ "$(grep -c ' end ' "$H/order")" -eq 5 ] ||
    fail "ready, the running phone hook and 3 queued: $(cat "$H/order")"
# The phone's lane: starts and ends alternate, in posting order.
grep "^$MAC " "$H/order" | awk '
	$2 == "start" { if (open || $3 <= last) bad = 1; open = 1; last = $3; n++ }
	$2 == "end" { if (!open || $3 != last) bad = 1; open = 0 }
	END { exit (bad || open || n != 4) }' ||
    fail "phone hooks not one at a time in order: $(cat "$H/order")"
f=$(ls "$H"/env.*.ready 2>/dev/null | head -1)
[ -n "$f" ] && grep -q "^PHONERESCUE_EVENT=ready$" "$f" &&
    grep -q "^PHONERESCUE_IFACE=$IF_SRV$" "$f" &&
    grep -q "^PHONERESCUE_TFTP=1$" "$f" &&
    ! grep -q "^PHONERESCUE_MAC=" "$f" || fail "ready: $(cat "$f")"
n=0
for f in "$H"/env.*.phone; do
	grep -q "^PHONERESCUE_EVENT=phone$" "$f" &&
	    grep -q "^PHONERESCUE_MAC=$MAC$" "$f" &&
	    grep -q "^PHONERESCUE_MODEL=7970$" "$f" &&
	    grep -q "^PHONERESCUE_VIA=" "$f" &&
	    grep -q "^PHONERESCUE_TIME=20" "$f" || fail "phone: $(cat "$f")"
	n=$((n + 1))
done
[ $n -ge 1 ] || fail "no phone hook"
grep -qh '^uid=0$' "$H"/env.* && fail "a hook ran as root"
grep -qh '^uid=' "$H"/env.* || fail "no uid recorded"
ls "$H" / "$NETNS_TMP" . | grep -q "^pwned" &&
    fail "CMD went through a shell"
grep -q 'HOOK-STDOUT' "$SERVE_ERR" || fail "hook output not on serve's stderr"
grep -q 'HOOK-STDOUT' "$SERVE_LOG" && fail "hook output in the JSON events"
grep -q 'on-event: .* events dropped' "$SERVE_ERR" ||
    fail "drops not said at exit: $(cat "$SERVE_ERR")"
tail -3 "$SERVE_LOG" | grep -q '"code":"hook_dropped".*events not given' ||
    fail "no hook_dropped total at exit: $(tail -3 "$SERVE_LOG")"
[ $bad -eq 0 ] || { e2e_dump "$NETNS_TMP/7970.log"; cat "$H/order"; exit 1; }
echo "serve --on-event ok"
