#!/bin/sh
# `phonerescue demo` with a terminal (tmux): the wizard walks to the live
# view on its own, the simulated 7970 shows up and comes back (the live
# view's end: "The phone is back up.  Plug in the next one"), q quits with
# exit 0, and the namespaces are gone afterwards; a second run ended by
# SIGUSR2 exits 0 the same way.
. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
. "$top_srcdir/tests/lib/tmux.sh"
tmx_require
netns_trap
NETNS_TMP=$(mktemp -d)
tmx_trap netns_cleanup
tmx_start demo 100 32 "'$PHONERESCUE' demo --fast --delay 1 2>'$NETNS_TMP/err'"
# Only the end (WIZ_DONE) says this: the keypad screen's "until it is back
# up" comes earlier, so "is back up" alone would depend on timing.
back_up='back up\. +Plug in the next one'
tmx_wait "$back_up" 60
# Our demo (other tests may run demos too): the pane's child, its
# namespaces there until it quits.
seen=""
d=$(tmx_child_pid)
if [ -n "$d" ] && ip netns list | grep -q "^prdemo-$d-srv\\b"; then
	seen=prdemo-$d-srv
fi
fails=0
if grep -Eq "$back_up" "$TMX_SCREEN" &&
    grep -q '7970 .*done' "$TMX_SCREEN"; then
	echo "ok: the wizard shows the simulated 7970 back up"
else
	echo "FAIL: the wizard never showed the phone back up"
	sed 's/^/  | /' "$TMX_SCREEN"; cat "$NETNS_TMP/err" 2>/dev/null
	fails=1
fi
# exited_0 WHAT: wait for the demo's exit status; say whether it is 0.
exited_0() {
	rc=$(tmx_wait_exit 10)
	if [ "$rc" = 0 ]; then
		echo "ok: $1, exit 0"
	else
		echo "FAIL: $1: demo exit '$rc'"; fails=1
	fi
}
tmx_keys q
exited_0 "q quits the demo"
pid=$(echo "$seen" | sed 's/^prdemo-\([0-9]*\)-srv$/\1/')
if [ -z "$seen" ] || ip netns list | grep -q "^$seen\\b"; then
	echo "FAIL: namespace ${seen:-(none seen)} left behind"; fails=1
elif ls -d /tmp/prdemo-"$pid".* >/dev/null 2>&1; then
	echo "FAIL: /tmp/prdemo-$pid.* left behind"; fails=1
else
	echo "ok: its namespaces and temporary root are gone ($seen)"
fi

# Issue 15: any signal that would end it (SIGUSR2 here; SIGHUP, from a
# closed terminal, already was) ends the wizard as q does: exit 0 after
# its own clean-up, not killed by it.
tmx_start demohup 100 32 "'$PHONERESCUE' demo --delay 1 2>'$NETNS_TMP/err'"
tmx_wait "$back_up" 150	# paced: up to 150 s
d=$(tmx_child_pid)
if [ -n "$d" ] && grep -Eq "$back_up" "$TMX_SCREEN"; then
	kill -USR2 "$d"
	exited_0 "SIGUSR2 ends the wizard cleanly"
	if ip netns list | grep -q "^prdemo-$d-srv\\b"; then
		echo "FAIL: SIGUSR2: namespace prdemo-$d-srv left behind"; fails=1
	fi
else
	echo "FAIL: the second demo never showed the phone back up"; fails=1
fi
exit $fails
