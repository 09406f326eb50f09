#!/bin/sh
# Issue 16, "never interrupt a recovery by accident": q and Ctrl-C ask
# first while a phone is mid-flash (naming it and what quitting does), an
# explicit y or a second Ctrl-C forces it, SIGHUP and SIGTERM stop at once;
# going back to the Network step never stops the engines, 2 returns to
# Firmware, and stopping is an explicit, confirmed and logged action.  The
# headline counts every phone's state and "recovery done" waits for all.
command -v tmux >/dev/null 2>&1 || { echo "tmux is a test dependency"; exit 99; }
. "${top_srcdir:?}/tests/ui/lib.sh"
S=$UI_DIR
R=/nonexistent/tftp

wizard_pid() { pgrep -P "$(tm list-panes -F '#{pane_pid}')" -x phonerescue | head -1; }

# q mid-flash asks, naming the phone; any other key keeps serving.
tm_start 80 24 -- wizard --script "$S/live.script" -r $R
expect "live view replayed" 'script: end'
# (The 7942 asks for CTLSEP<its MAC>: in its config hunt, busy too.)
keys "q mid-flash asks first" 'Quit while 2 phones are being recovered' q
expect "naming the phone and its phase" '7970 00:1b:d4:aa:bb:cc \(flashing\)'
expect "saying what quitting does" 'The phones will keep asking;'
expect "and that they resume" 'resume when you serve again'
golden quit-80x24
keys "another key keeps serving" 'still serving: nothing stopped' x
if [ -n "$(wizard_pid)" ]; then ok "still running after the refusal"; else fail "still running after the refusal"; fi
keys "the headline counts every state" '2 seen: 0 back up, 1 flashing, 0 failed, 1 asking for its config'
if tm_capture | grep -q 'or q to quit'; then fail "no q invitation mid-flash"; else ok "no q invitation mid-flash"; fi
# Ctrl-C asks too; a second Ctrl-C forces it.
keys "Ctrl-C mid-flash asks first" 'a second Ctrl-C quits too' C-c
tm send-keys C-c
quit_restores "a second Ctrl-C quits"

# An explicit y quits.
tm_start 80 24 -- wizard --script "$S/live.script" -r $R
expect "live view again" 'script: end'
keys "q asks" 'Quit while 2 phones' q
tm send-keys y
quit_restores "y quits"

# SIGHUP (a closed terminal) and SIGTERM (a shutdown) do not ask.
for sig in HUP TERM; do
	tm_start 80 24 -- wizard --script "$S/live.script" -r $R
	expect "live view for SIG$sig" 'script: end'
	pid=$(wizard_pid)
	if [ -n "$pid" ] && kill -"$sig" "$pid"; then
		quit_restores "SIG$sig mid-flash stops at once"
	else
		fail "no wizard process to signal"
	fi
done

# Nothing busy (every phone back up): q quits at once.
tm_start 80 24 -- wizard --script "$S/done.script" -r $R
expect "done replayed" 'script: end'
tm send-keys q
quit_restores "q quits at once when every phone is back up"

# Going back from Live to Network keeps serving; 2 returns to Firmware;
# stopping is asked for, confirmed while a phone is busy, and logged.
tm_start 80 24 -- wizard --script "$S/live.script" -r $R
expect "live view for going back" 'script: end'
keys "1 goes to the Network step" 'Which interface has the cable' 1
expect "still serving there" 'Serving on pr0: Enter on it goes on, s stops'
if tm_capture | grep -q 'stopped serving'; then fail "going back stops nothing"; else ok "going back stops nothing"; fi
keys "2 returns to Firmware" 'Firmware for the phones' 2
keys "Esc back to Network" 'Which interface has the cable' 1
keys "Enter on the same interface goes on, no restart" 'still serving on pr0' Enter
expect "on Firmware again" 'Firmware for the phones'
keys "back to Network" 'Which interface has the cable' 1
keys "s while a phone is busy asks" 'Stop serving on pr0\?' s
expect "naming the phone" '7970 00:1b:d4:aa:bb:cc \(flashing\)'
keys "n keeps serving" 'still serving: nothing stopped' n
keys "s again" 'Stop serving on pr0\?' s
keys "y stops, and the log says so" 'stopped serving on pr0 \(asked\)' y
expect "the Network step no longer says serving" 'It serves DHCP and TFTP there'
keys "2 needs an interface again" 'pick an interface first' 2
tm send-keys q
quit_restores "quit after stopping (nothing busy is served)"

# Two back up, one failed, one flashing: counted, and no "recovery done".
tm_start 120 40 -- wizard --script "$S/counts.script" -r $R
expect "four phones replayed" 'script: end'
expect "every state counted" '4 seen: 2 back up, 1 flashing, 1 failed'
if tm_capture | grep -qE 'All [0-9]+ phones? (is|are) back up|recovery done'; then
	fail "not done while one fails and one flashes"
else
	ok "not done while one fails and one flashes"
fi
tm send-keys q
expect "q asks for the flashing 7942" '7942 00:1b:d4:00:00:04 \(flashing\)'
tm send-keys y
quit_restores "quit from the four phones"

echo "$fails failed"
[ $fails -eq 0 ]
