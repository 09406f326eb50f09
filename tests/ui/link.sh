#!/bin/sh
# The link coming and going in the wizard (issues 16, 19), from scripted
# notices under the fake clock: serve's link_down and link_up notices
# (info) reach the log; while the link is down the live screen says
# "Link down since 0:12" and that a rebooting phone drops it; once it is
# back that line is gone.  A phone mid-recovery when it goes is named in
# the log, with "the link drops for a few seconds, that is expected".
command -v tmux >/dev/null 2>&1 || { echo "tmux is a test dependency"; exit 99; }
. "${top_srcdir:?}/tests/ui/lib.sh"
S=$UI_DIR
R=/nonexistent/tftp

tm_start 120 40 -- wizard --script "$S/link.script" -r $R
expect "link script replayed" 'script: end'
expect "down: since when, on the live screen" 'Link down since 0:12: a rebooting phone drops it for a few seconds'
expect "the link_down notice in the log" 'the link on pr0 went down \(no carrier\)'
if tm_capture | grep -q 'mid-recovery'; then
	fail "a phone only asking for an address is called mid-recovery"
else
	ok "no phone mid-recovery, none named"
fi
tm send-keys q
quit_restores "quit while the link is down"

{ cat "$S/link.script"
  echo 'at 15000 notice code=link_up level=info message="the link on pr0 is back after 13 s down"'
} >"$TM_OUT/up.script"
tm_start 120 40 -- wizard --script "$TM_OUT/up.script" -r $R
expect "up script replayed" 'script: end'
expect "the link_up notice in the log" 'the link on pr0 is back after 13 s down'
if tm_capture | grep -q 'Link down since'; then
	fail "the link-down line stays after link_up"
else
	ok "back: the link-down line is gone"
fi
tm send-keys q
quit_restores "quit after the link is back"
# A phone mid-recovery when the link goes: the log names it and says
# that is expected.
sed 's/^at 1000 phone .*/at 1000 phone mac=00:1b:d4:aa:bb:cc model=7970 via=cdp phase=flashing/' \
    "$S/link.script" >"$TM_OUT/busy.script"
tm_start 120 40 -- wizard --script "$TM_OUT/busy.script" -r $R
expect "busy script replayed" 'script: end'
expect "the phone mid-recovery named, expected" 'mid-recovery: 7970 00:1b:d4:aa:bb:cc \(flashing\)\. The phone rebooted: the link drops for a few seconds'
tm send-keys q
quit_restores "quit with a phone mid-recovery"

[ $fails -eq 0 ]
