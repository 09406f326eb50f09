#!/bin/sh
# `wizard --on-event CMD` (issue 21): a scripted 7970 going back up under
# the wizard runs the hook for its phone events and for "recovered", with
# the PHONERESCUE_* variables, one at a time in order; the hook's output
# never reaches the wizard's screen; quitting leaves the terminal as it
# was.
command -v tmux >/dev/null 2>&1 || { echo "tmux is a test dependency"; exit 99; }
. "${top_srcdir:?}/tests/ui/lib.sh"
H=$TM_OUT/hooks
mkdir "$H" || exit 99
CMD="$H/my hook"
cat > "$CMD" <<'EOS'
#!/bin/sh
echo "${PHONERESCUE_MAC:-none} $PHONERESCUE_SEQ $PHONERESCUE_EVENT" >> "$HOOK_DIR/order"
env | grep '^PHONERESCUE_' | sort > "$HOOK_DIR/env.$PHONERESCUE_SEQ.$PHONERESCUE_EVENT"
echo "HOOK-SAYS-HELLO"
echo "HOOK-SAYS-HELLO" >&2
EOS
chmod 755 "$CMD"
cat > "$TM_OUT/hook.script" <<'EOS'
iface pr0 carrier=1 addr=198.18.0.1/24
at 0 cmd pick pr0
at 0 ready iface=pr0 address=198.18.0.1/24 dhcp=1 tftp=1 sniff=1
at 0 cmd goto serving
at 100 phone mac=00:1b:d4:aa:bb:cc model=7970 via=cdp phase=link-up
at 1000 phone mac=00:1b:d4:aa:bb:cc model=7970 via=dhcp ip=198.18.0.10 phase=got-ip
at 2000 phone mac=00:1b:d4:aa:bb:cc model=7970 via=tftp ip=198.18.0.10 phase=flashing
at 9000 phone mac=00:1b:d4:aa:bb:cc model=7970 via=tftp ip=198.18.0.10 phase=registered
at 9200 notice code=recovered level=info mac=00:1b:d4:aa:bb:cc message="Phone 00:1b:d4:aa:bb:cc (7970) is back up (registered)"
at 9500 phone mac=00:1b:d4:aa:bb:cc model=7970 via=tftp ip=198.18.0.10 phase=registered
EOS
tm_start 80 24 HOOK_DIR="'$H'" -- wizard --script "$TM_OUT/hook.script" \
    -r /nonexistent/tftp --on-event "\"$CMD\""
expect "the script ran" 'script: end'
i=0
while [ "$(wc -l < "$H/order" 2>/dev/null || echo 0)" -lt 6 ] && [ $i -lt 200 ]; do
	sleep 0.05; i=$((i + 1))
done
want='00:1b:d4:aa:bb:cc phone
00:1b:d4:aa:bb:cc phone
00:1b:d4:aa:bb:cc phone
00:1b:d4:aa:bb:cc phone
00:1b:d4:aa:bb:cc recovered
00:1b:d4:aa:bb:cc phone'
got=$(awk '{ print $1, $3 }' "$H/order" 2>/dev/null)
if [ "$got" = "$want" ] && sort -n -k2 -c "$H/order" 2>/dev/null; then
	ok "the phone's events and recovered, once, in order"
else
	echo "FAIL: hooks ran: $(cat "$H/order" 2>/dev/null)"; fails=$((fails + 1))
fi
f=$(ls "$H"/env.*.recovered 2>/dev/null | head -1)
if [ -n "$f" ] && grep -q '^PHONERESCUE_PHASE=registered$' "$f" &&
    grep -q '^PHONERESCUE_IP=198.18.0.10$' "$f" &&
    grep -q '^PHONERESCUE_MODEL=7970$' "$f"; then
	ok "recovered: the phone's fields"
else
	echo "FAIL: recovered: $(cat "$f" 2>/dev/null)"; fails=$((fails + 1))
fi
if tm_capture | grep -q HOOK-SAYS; then
	fail "the hook's output on the wizard's screen"
else
	ok "the hook's output is not on the screen"
fi
tm send-keys q
quit_restores "q quits, terminal restored"
grep -q HOOK-SAYS "$TM_OUT/stderr" && { echo "FAIL: hook output on stderr"; fails=$((fails + 1)); }
[ $fails -eq 0 ] || exit 1
echo "wizard --on-event ok"
