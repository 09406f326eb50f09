#!/bin/sh
# Issue 16, "the demo is the first impression": `phonerescue demo` (paced,
# no --fast) in tmux walks every step with a log line saying what the
# technician would do, shows the hold-# cue, the 60 s countdown and the
# patience timer, the bars visibly move (a file caught between 1 and 99 %),
# the phone reboots, and it is back up in under two minutes; q quits, 0.
. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
. "$top_srcdir/tests/lib/tmux.sh"
tmx_require
netns_trap
NETNS_TMP=$(mktemp -d)
tmx_trap netns_cleanup
t0=$(date +%s)
tmx_start demop 120 40 "'$PHONERESCUE' demo 2>'$NETNS_TMP/err'"
: >"$NETNS_TMP/all"
tmx_wait -a "$NETNS_TMP/all" 'The phone is back up' 150	# 150 s at most
t1=$(date +%s)
# The last line of the walk comes just after.
tmx_wait -a "$NETNS_TMP/all" 'Next: plug in the next phone, or q' 10
fails=0
check() {	# check DESC PATTERN: seen on some screen during the run
	if grep -qE -- "$2" "$NETNS_TMP/all"; then
		echo "ok: $1"
	else
		echo "FAIL: $1 (no /$2/)"; fails=1
	fi
}
check "step 1 said" 'demo: step 1 done for you'
check "step 2 said" 'demo: step 2: the firmware is imported'
check "step 3 said" 'demo: step 3: XMLDefault'
check "step 4 said" 'demo: step 4: the technician unplugs'
check "the hold-# cue shown" 'Press g when the lights say let go of #'
check "the 60 s countdown shown" 'Type it now: 0:[0-9][0-9] left'
check "the patience timer shown" 'Typed 0:0[0-9] ago \(factory reset'
check "the dark wait said, shortened" 'demo: typed: a real phone may stay dark'
check "step 5 said" 'demo: step 5: the phone wakes up'
check "do not unplug while flashing" 'do not unplug it now'
check "a bar caught moving" ' ( [1-9]|[1-9][0-9])% '
check "the reboot said" 'demo: it reboots into the new load'
check "back up" 'The phone is back up'
check "and the technician's next move" 'Next: plug in the next phone, or q'
if [ $((t1 - t0)) -lt 120 ]; then
	echo "ok: back up in $((t1 - t0)) s (under two minutes)"
else
	echo "FAIL: the paced demo took $((t1 - t0)) s"; fails=1
fi
tmx_keys q
rc=$(tmx_wait_exit 10)
if [ "$rc" = 0 ]; then
	echo "ok: q quits the paced demo, exit 0"
else
	echo "FAIL: demo exit '$rc'"; cat "$NETNS_TMP/err"; fails=1
fi
[ $fails -ne 0 ] && tail -45 "$TMX_SCREEN" | sed 's/^/  | /'
exit $fails
