#!/bin/sh
# The wizard in tmux at 80x24 and 120x40: every screen reached by keys,
# golden screens from scripted events under the fake clock, a resize in
# the middle, ASCII/monochrome fallbacks, and the terminal restored on
# quit and on SIGTERM.  Refusal without a terminal.
# REGEN=1 (or UI_REGEN=1) rewrites the goldens after a deliberate change (review them).
command -v tmux >/dev/null 2>&1 || { echo "tmux is a test dependency"; exit 99; }
. "${top_srcdir:?}/tests/ui/lib.sh"
S=$UI_DIR
R=/nonexistent/tftp

# No terminal: refuse and point to serve.
out=$("$P" wizard < /dev/null 2>&1 >/dev/null); rc=$?
if [ $rc -eq 1 ] && printf '%s' "$out" | grep -q 'phonerescue serve'; then
	ok "no terminal: refused, pointing to serve"
else
	echo "FAIL: no terminal (exit $rc): $out"; fails=$((fails + 1))
fi
out=$("$P" < /dev/null 2>&1 >/dev/null); rc=$?
if [ $rc -eq 1 ] && printf '%s' "$out" | grep -q 'serve'; then
	ok "bare phonerescue is the wizard (and refuses too)"
else
	echo "FAIL: bare phonerescue (exit $rc): $out"; fails=$((fails + 1))
fi

# A bare `phonerescue` on a terminal is the wizard (it only lists the
# interfaces; nothing starts before Enter, and q comes first).
tm_start 80 24 --
expect "bare phonerescue opens the wizard" 'Which interface has the cable'
tm send-keys q
quit_restores "and q leaves it"

# Every step by keys at 80x24, a resize to 120x40 in the middle.
tm_start 80 24 -- wizard --script "$S/steps.script" -r $R
expect "network screen" 'script: end'
golden iface-80x24
keys "the default-route interface is refused" 'not safe to serve on' Down Enter
expect "with the reason in words" 'disturb that network'
keys "a safe interface starts the engines" 'Firmware for the phones' Up Enter
keys "file browser opens" 'Open an archive in' o
keys "and closes" 'Load served' Escape
keys "typed path" 'Archive path: /nonexistent/x.zip' i /nonexistent/x.zip
keys "a missing archive is said so" 'x.zip: No such file' Enter
keys "config screen" 'XMLDefault.cnf.xml in' n
keys "keypad screen" 'Recover a Cisco 7970' n
golden keypad-80x24
keys "the 60 s window" 'Type it now: 1:00 left' g
keys "other model" 'Recover a Cisco 7971-GE' Right
keys "typed: patience" 'Typed 0:00 ago.*5\+ minutes' f	# the format code
tm resize-window -x 120 -y 40
expect "resized to 120 columns" '^── log ─{110}'
keys "live screen" 'No phone yet' n
keys "help overlay" 'Keys everywhere' '?'
keys "help closes" 'Up/Down phones' x
keys "back by key" 'shows up once it asks for an address' b
keys "jump by number" 'Which interface' 1
tm send-keys q
quit_restores "q quits and restores the terminal"

# Import a bundle with a progress bar, then what the root serves, the
# XMLDefault table, and a SEP file for a phone.
"$P" import --make-demo-bundle "$TM_OUT/bundle.zip" --format zip >/dev/null ||
    { echo "cannot make the demo bundle"; exit 99; }
mkdir "$TM_OUT/root"
tm_start 80 24 -- wizard --script "$S/live.script" -r "$TM_OUT/root"
expect "live view replayed" 'script: end'
keys "firmware screen by number" 'Nothing yet' 2
keys "typed the bundle" 'bundle.zip' i "$TM_OUT/bundle.zip"
keys "imported" 'bundle.zip: done' Enter
expect "models served" '7970 +SIP70\.8-5-2S +yes'
expect "upgrade-path warning" '7942 .*below 8\.3'
keys "XMLDefault table" 'loadInformation30006 +7970 +SIP70\.8-5-2S' n
keys "SEP file for the selected phone" 'wrote a SEP config for 00:1b:d4:aa:bb:cc' w
if [ -f "$TM_OUT/root/SEP001BD4AABBCC.cnf.xml" ] && [ -f "$TM_OUT/root/XMLDefault.cnf.xml" ]; then
	ok "SEP and XMLDefault written into ROOT"
else
	fail "SEP and XMLDefault written into ROOT"; ls "$TM_OUT/root" | head
fi
tm send-keys q y	# a phone is mid-flash: q asks first
quit_restores "quit after importing"

# Goldens of the live view from a scripted stream, at both sizes.
tm_start 80 24 -- wizard --script "$S/live.script" -r $R
expect "live view replayed" 'script: end'
golden live-80x24
tm send-keys q y	# a phone is mid-flash: q asks first
quit_restores "quit from the live view"
tm_start 120 40 -- wizard --script "$S/live.script" -r $R
expect "live view at 120x40" 'script: end'
golden live-120x40

if tm capture-pane -p -e | grep -qE '\[[0-9;]*2[0-9;]*m\(expected\) not found: CTLSEP'; then
	ok "the CTL miss is explained and dimmed"
else
	fail "the CTL miss is explained and dimmed"
fi

# SIGTERM restores the terminal too.
pid=$(pgrep -P "$(tm list-panes -F '#{pane_pid}')" -x phonerescue | head -1)
if [ -n "$pid" ] && kill -TERM "$pid"; then
	quit_restores "SIGTERM restores the terminal"
else
	fail "no wizard process to signal"
fi

# fatal() on the way: the terminal is restored before the message.
printf 'iface pr0 carrier=1\nat 0 cmd pick pr0\nat 10 cmd fatal\n' > "$TM_OUT/fatal.script"
tm_start 80 24 ASAN_OPTIONS=detect_leaks=0 -- wizard --script "$TM_OUT/fatal.script" -r $R
if tm_wait '^exit=1$' 10 && tm_wait '^TTY-RESTORED$' 5 &&
    grep -q 'scripted fatal error' "$TM_OUT/stderr"; then
	ok "fatal() restores the terminal, then says why"
else
	fail "fatal() restores the terminal, then says why"
	sed 's/^/  stderr: /' "$TM_OUT/stderr"
fi

# A phone all the way back: marked done, the flow says so.
tm_start 80 24 -- wizard --script "$S/done.script" -r $R
expect "done replayed" 'script: end'
expect "one phone back, in the singular" 'The phone is back up\.'
expect "the row is done" '7970 .*done +1:04'
expect "every file at 100 %" 'apps70.8-5-2-13.sbn .*100% .*done'
tm send-keys q
quit_restores "quit from done"

# Redraw pacing, on the real clock (--pace): a flood of progress events
# (one every 10 ms for 3 s) is drawn at most ~10 times a second, and a
# screen with nothing changing is not redrawn at all.
awk 'BEGIN {
	print "iface pr0 carrier=1 addr=198.18.0.1/24"
	print "at 0 cmd pick pr0"
	print "at 0 cmd goto serving"
	print "at 0 tftp_start xfer=1 client=198.18.0.10:5000 file=big.sbn size=3000000"
	for (i = 1; i <= 300; i++)
		printf "at %d tftp_progress xfer=1 client=198.18.0.10:5000 " \
		    "file=big.sbn bytes=%d size=3000000\n", i * 10, i * 10000
}' > "$TM_OUT/flood.script"
stats=$TM_OUT/stats
t0=$(date +%s%N)
tm_start 80 24 PHONERESCUE_UI_STATS="$stats" -- wizard --script "$TM_OUT/flood.script" --pace -r $R
expect "flood replayed in real time" 'script: end'
t1=$(date +%s%N)
tm send-keys q y	# a phone is mid-flash: q asks first
quit_restores "quit after the flood"
frames=$(sed -n 's/^frames //p' "$stats")
limit=$(( (t1 - t0) / 100000000 + 5 ))
if [ -n "$frames" ] && [ "$frames" -le "$limit" ] && [ "$frames" -ge 3 ]; then
	ok "301 events drawn in $frames frames (at most $limit: ~10/s)"
else
	fail "redraw pacing: ${frames:-no} frames for 301 events, limit $limit"
fi
idle_frames() {	# idle_frames SECONDS: frames drawn by a run left idle that long
	rm -f "$stats"
	tm_start 80 24 PHONERESCUE_UI_STATS="$stats" -- wizard --script "$S/steps.script" --pace -r $R
	tm_wait 'script: end' 10
	[ "$1" = 0 ] || sleep "$1"
	tm send-keys q
	tm_wait '^TTY-RESTORED$' 10
	sed -n 's/^frames //p' "$stats"
}
a=$(idle_frames 0)
b=$(idle_frames 2)
if [ -n "$a" ] && [ "$a" = "$b" ]; then
	ok "no redraw while nothing changes ($a frames either way)"
else
	fail "idle redraws: $a frames at once, $b after 2 s idle"
fi

# ASCII and monochrome: TERM=vt100 and NO_COLOR.
tm_start 80 24 TERM=vt100 NO_COLOR=1 -- wizard --script "$S/live.script" -r $R
expect "vt100 live view" 'script: end'
if tm_capture | LC_ALL=C grep -q '[^ -~]'; then
	fail "ASCII only on a vt100"
else
	ok "ASCII only on a vt100"
fi
expect "ASCII progress bars" '######\.\.\.\.'
if tm capture-pane -p -e | grep -qE '\[(3|4)[0-7](;|m)|38;5;'; then
	fail "no colour with NO_COLOR"
else
	ok "no colour with NO_COLOR"
fi
tm_start 80 24 -- wizard --script "$S/live.script" -r $R
expect "colour run" 'script: end'
if tm capture-pane -p -e | grep -qE '\[(3|4)[0-7](;|m)|;3[0-7]m|;4[0-7]m'; then
	ok "colour when allowed"
else
	fail "colour when allowed"
fi
tm send-keys q y	# a phone is mid-flash: q asks first
quit_restores "quit after colour"

echo "$fails failed"
[ $fails -eq 0 ]
