#!/bin/sh
# Issue 16, polish: `phonerescue demo` exits non-zero when its phone
# failed, fast: a simulated 7911, which the demo's bundles do not serve,
# asks for term11.default.loads, gets "File not found" and gives up at
# once (simphone exit 1), no 300 s timeout.  Text mode exits 1 on its
# own; the wizard (tmux) shows the phone needing you, and q then exits 1.
# Both clean up their namespaces.
. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
netns_trap
NETNS_TMP=$(mktemp -d)
out=$NETNS_TMP/demo.out
fails=0

rc=0
timeout 120 "$PHONERESCUE" demo --model 7911 --fast --text --delay 0 \
    </dev/null >"$out" 2>&1 || rc=$?
if [ $rc -eq 1 ] && grep -q 'the simulated 7911 did not recover' "$out"; then
	echo "ok: demo --text: a failed phone exits 1"
else
	echo "FAIL: demo --text with a failing phone exited $rc"
	sed 's/^/  | /' "$out" | tail -20; fails=1
fi
ns=$(sed -n 's/^demo: namespaces \([^ ]*\) and \([^ ,]*\),.*/\1 \2/p' "$out")
for n in $ns; do
	if ip netns list | grep -q "^$n\\b"; then
		echo "FAIL: namespace $n left behind"; fails=1
	fi
done

command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux missing (wizard part)"; exit $fails; }
. "$top_srcdir/tests/lib/tmux.sh"
tmx_trap netns_cleanup
tmx_start demof 100 32 "'$PHONERESCUE' demo --model 7911 --fast --delay 0 2>'$NETNS_TMP/err'"
if tmx_wait ', 0 flashing, 1 failed' 60; then
	echo "ok: the wizard shows the 7911 needing you"
else
	echo "FAIL: the wizard never showed the phone failed"
	sed 's/^/  | /' "$TMX_SCREEN"; fails=1
fi
d=$(tmx_child_pid)
# q once the phone has given up: its simphone, the demo's child, is gone
# (a zombie at most), so the verdict is the phone's own.
i=0
while [ -n "$d" ] && [ $i -lt 100 ] &&
    ps -o stat=,args= --ppid "$d" 2>/dev/null | grep -v '^Z' | grep -q 'simphone'; do
	sleep 0.1
	i=$((i + 1))
done
tmx_keys q
rc=$(tmx_wait_exit 10)
if [ "$rc" = 1 ] && grep -q 'did not recover' "$NETNS_TMP/err"; then
	echo "ok: q after a failed phone exits 1, saying why"
else
	echo "FAIL: q after a failed phone: exit '$rc'"
	cat "$NETNS_TMP/err"; fails=1
fi
exit $fails
