#!/bin/sh
# The DHCP guard in the wizard (issue 14), in tmux: when offers stopped
# for another DHCP server the live screen shows that server (IP, MAC,
# what it offered) with "check again" and "serve anyway"; serve anyway
# asks first and n keeps things as they are; a check that finds nobody
# takes the banner away.
command -v tmux >/dev/null 2>&1 || { echo "tmux is a test dependency"; exit 99; }
. "${top_srcdir:?}/tests/ui/lib.sh"
S=$UI_DIR
R=/nonexistent/tftp

tm_start 80 24 -- wizard --script "$S/guard.script" -r $R
expect "guard replayed" 'script: end'
expect "offers stopped, said so" 'DHCP STOPPED: another DHCP server answers'
expect "the other server, its MAC and offer" '198\.18\.0\.254  00:00:5e:00:53:01  offered 198\.18\.0\.120'
expect "the two ways on" 'c check again;  F serve anyway'
golden guard-80x24
keys "check again" 'Checking again' c
keys "serve anyway asks first" 'Serve anyway\? .*y serve anyway  n no' F
keys "n declines" 'DHCP STOPPED' n
if tm_capture | grep -q 'Serving DHCP anyway'; then
	fail "n served anyway"
else
	ok "n changed nothing"
fi
keys "y serves anyway" 'Serving DHCP anyway next to the other DHCP server 198\.18\.0\.254' F y
if tm_capture | grep -q 'DHCP STOPPED'; then
	fail "banner still says stopped"
else
	ok "no longer stopped"
fi
tm send-keys q
quit_restores "quit from the guard"

# Check again, and nobody answers: offers resume, the banner goes.
{ cat "$S/guard.script"
  echo 'at 3000 cmd dhcp-check'
  echo 'at 7000 notice code=dhcp_resumed level=info message="no other DHCP server answered: offering addresses again"'
} >"$TM_OUT/resume.script"
tm_start 80 24 -- wizard --script "$TM_OUT/resume.script" -r $R
expect "resume replayed" 'script: end'
if tm_capture | grep -q 'DHCP STOPPED'; then
	fail "offers resumed, but the banner stays"
else
	ok "offers resumed: the banner is gone"
fi
tm send-keys q
quit_restores "quit after the resume"

[ $fails -eq 0 ]
