#!/bin/sh
# Issue 20: the live view shows each phone's upgrade plan and its step on
# the phone's line, from the tracker's `phone` events, with arrows (or
# "->" in ASCII); a trust-list phone's line says what to do.
command -v tmux >/dev/null 2>&1 || { echo "tmux is a test dependency"; exit 99; }
. "${top_srcdir:?}/tests/ui/lib.sh"
R=/nonexistent/tftp

cat > "$TM_OUT/plan.script" <<'EOS'
iface pr0 carrier=1 addr=198.18.0.1/24
at 0 cmd pick pr0
at 0 ready iface=pr0 address=198.18.0.1/24 dhcp=1 tftp=1 sniff=1
at 0 cmd goto serving
at 1000 phone mac=00:1b:d4:00:00:01 model=7970 via=cdp firmware=SCCP70.8-3-1S phase=link-up plan="8.3(1) -> 8.5(2) -> 9.4(2)SR3" step=1 steps=2 target=9.4(2)SR3
at 1100 phone mac=00:1b:d4:00:00:02 model=7962 via=cdp firmware=SCCP42.9-4-2SR3-1S phase=requesting-config
at 1200 notice code=trust_list level=warn mac=00:1b:d4:00:00:02 message="Phone 00:1b:d4:00:00:02 (7962) holds a foreign trust list, ignores unsigned configs: Settings, **# to unlock, Security Configuration > Trust List: erase CTL and ITL."
at 5000 phone mac=00:1b:d4:00:00:01 model=7970 via=cdp firmware=SCCP70.8-5-2S phase=link-up plan="8.3(1) -> 8.5(2) -> 9.4(2)SR3" step=2 steps=2 target=9.4(2)SR3
EOS
# Stop before the second step: step 1 of 2 on the 7970's line.
sed '/^at 5000/,$d' "$TM_OUT/plan.script" > "$TM_OUT/step1.script"
tm_start 120 40 -- wizard --script "$TM_OUT/step1.script" -r $R
expect "replayed" 'script: end'
expect "the plan with arrows, step 1 of 2" \
    '8\.3\(1\) → 8\.5\(2\) → 9\.4\(2\)SR3, step 1 of 2'
expect "the trust-list phone's line says what to do" 'erase CTL and ITL'
keys "q asks" 'Quit while' q
tm send-keys y
quit_restores "y quits"
tm_start 120 40 -- wizard --script "$TM_OUT/plan.script" -r $R
expect "replayed again" 'script: end'
expect "back on the bridge: step 2 of 2" \
    '8\.3\(1\) → 8\.5\(2\) → 9\.4\(2\)SR3, step 2 of 2'
keys "q asks" 'Quit while' q
tm send-keys y
quit_restores "y quits"
tm_start 120 40 -- wizard --ascii --script "$TM_OUT/plan.script" -r $R
expect "ASCII arrows" '8\.3\(1\) -> 8\.5\(2\) -> 9\.4\(2\)SR3, step 2 of 2'
keys "q asks" 'Quit while' q
tm send-keys y
quit_restores "y quits"
echo "$fails failed"
[ $fails -eq 0 ]
