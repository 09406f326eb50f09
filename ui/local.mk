# ui/: the ncurses wizard's screens (the only place with curses flags).
# The flow machine they draw is src/flow; the host that runs both with
# the engines is src/host/wizard_host.c.

noinst_LIBRARIES += ui/libui.a
ui_libui_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURSES_CFLAGS)
ui_libui_a_SOURCES = \
	ui/ui.c ui/ui.h ui/screen.h ui/widgets.c \
	ui/scr_iface.c ui/scr_firmware.c ui/scr_config.c \
	ui/scr_keypad.c ui/scr_live.c

SHELL_TESTS += tests/ui/screens.sh tests/ui/real.sh tests/ui/quit.sh \
	tests/ui/newuser.sh tests/ui/files.sh tests/ui/keypad.sh \
	tests/net/e2e-demo-paced.sh
EXTRA_DIST += tests/ui/lib.sh tests/ui/live.script tests/ui/steps.script \
	tests/ui/done.script tests/ui/iface-80x24.result \
	tests/ui/live-80x24.result tests/ui/keypad-80x24.result \
	tests/ui/live-120x40.result tests/ui/counts.script \
	tests/ui/quit-80x24.result tests/ui/files.script
EXTRA_DIST += tests/lib/tmux.sh
# The DHCP guard's choices in the live view (issue 14).
SHELL_TESTS += tests/ui/guard.sh tests/ui/guard-real.sh
SHELL_TESTS += tests/ui/link.sh
# Issue 20: the plan and its step on the phone line.
SHELL_TESTS += tests/ui/plan.sh
# Start-up on the loop: keys while waiting for carrier (issue 18.1).
SHELL_TESTS += tests/ui/carrier.sh
EXTRA_DIST += tests/ui/link.script
EXTRA_DIST += tests/ui/guard.script tests/ui/guard-80x24.result
# Counts agree in number (issue 16, polish).
SHELL_TESTS += tests/ui/plural.sh tests/ui/nodename.sh
EXTRA_DIST += tests/ui/two.script
