#!/bin/sh
# `phonerescue demo` with a terminal (tmux): the wizard walks to the live
# view on its own, the simulated 7970 shows up and comes back (the live
# view's end: "The phone is back up.  Plug in the next one"), q quits with
# exit 0, and the namespaces are gone afterwards; a second run ended by
# SIGUSR2 exits 0 the same way.
. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux missing" >&2; exit 77; }
netns_trap
NETNS_TMP=$(mktemp -d)
sock=prdemo$$
rcf=$NETNS_TMP/rc
# kill-server leaves the socket file behind: remove ours too.
trap 'tmux -L "$sock" kill-server 2>/dev/null;
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"; netns_cleanup' EXIT
tmux -L "$sock" new -d -x 100 -y 32 \
    "'$PHONERESCUE' demo --fast --delay 1 2>'$NETNS_TMP/err'; echo \$? >'$rcf'; sleep 30"
pane() { tmux -L "$sock" capture-pane -p; }
# Only the end (WIZ_DONE) says this: the keypad screen's "until it is back
# up" comes earlier, so "is back up" alone would depend on timing.
back_up='back up\. +Plug in the next one'
i=0 seen=""
while [ $i -lt 600 ]; do
	pane >"$NETNS_TMP/screen"
	# Our demo (other tests may run demos too): the pane's child.
	if [ -z "$seen" ]; then
		sh_pid=$(tmux -L "$sock" list-panes -F '#{pane_pid}' 2>/dev/null)
		d=$(ps -o pid= --ppid "${sh_pid:-1}" 2>/dev/null | head -1 | tr -d ' ')
		if [ -n "$d" ] && ip netns list | grep -q "^prdemo-$d-srv\\b"; then
			seen=prdemo-$d-srv
		fi
	fi
	if grep -Eq "$back_up" "$NETNS_TMP/screen"; then
		break
	fi
	sleep 0.1
	i=$((i + 1))
done
fails=0
if grep -Eq "$back_up" "$NETNS_TMP/screen" &&
    grep -q '7970 .*done' "$NETNS_TMP/screen"; then
	echo "ok: the wizard shows the simulated 7970 back up"
else
	echo "FAIL: the wizard never showed the phone back up"
	sed 's/^/  | /' "$NETNS_TMP/screen"; cat "$NETNS_TMP/err" 2>/dev/null
	fails=1
fi
# exited_0 WHAT: wait for the demo's exit status; say whether it is 0.
exited_0() {
	i=0
	while [ ! -s "$rcf" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	if [ "$(cat "$rcf" 2>/dev/null)" = 0 ]; then
		echo "ok: $1, exit 0"
	else
		echo "FAIL: $1: demo exit '$(cat "$rcf" 2>/dev/null)'"; fails=1
	fi
}
tmux -L "$sock" send-keys q
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
rm -f "$rcf"
tmux -L "$sock" new -d -s hup -x 100 -y 32 \
    "'$PHONERESCUE' demo --delay 1 2>'$NETNS_TMP/err'; echo \$? >'$rcf'; sleep 30"
i=0 d=""
while [ $i -lt 1500 ]; do	# paced: up to 150 s
	tmux -L "$sock" capture-pane -p -t hup >"$NETNS_TMP/screen"
	sh_pid=$(tmux -L "$sock" list-panes -t hup -F '#{pane_pid}' 2>/dev/null)
	[ -n "$d" ] || d=$(ps -o pid= --ppid "${sh_pid:-1}" 2>/dev/null | head -1 | tr -d ' ')
	grep -Eq "$back_up" "$NETNS_TMP/screen" && break
	sleep 0.1
	i=$((i + 1))
done
if [ -n "$d" ] && grep -Eq "$back_up" "$NETNS_TMP/screen"; then
	kill -USR2 "$d"
	exited_0 "SIGUSR2 ends the wizard cleanly"
	if ip netns list | grep -q "^prdemo-$d-srv\\b"; then
		echo "FAIL: SIGUSR2: namespace prdemo-$d-srv left behind"; fails=1
	fi
else
	echo "FAIL: the second demo never showed the phone back up"; fails=1
fi
exit $fails
