#!/bin/sh
# `phonerescue demo` without a terminal (serve's text events): the
# simulated 7970 recovers and the demo exits 0; then again with --stay,
# stopped with SIGINT (Ctrl-C), then with SIGHUP and SIGUSR1.  Each time
# its namespaces, link and temporary root must be gone afterwards.
. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
netns_trap
NETNS_TMP=$(mktemp -d)
out=$NETNS_TMP/demo.out
fails=0

gone() {	# the namespaces and root this run printed are removed
	ns=$(sed -n 's/^demo: namespaces \([^ ]*\) and \([^ ,]*\),.*/\1 \2/p' "$1")
	root=$(sed -n 's/^demo: a synthetic firmware bundle .* into \(.*\)$/\1/p' "$1")
	[ -n "$ns" ] && [ -n "$root" ] || { echo "FAIL: demo printed no names"; return 1; }
	for n in $ns; do
		if ip netns list | grep -q "^$n\\b"; then
			echo "FAIL: namespace $n left behind"; return 1
		fi
	done
	[ ! -e "$root" ] || { echo "FAIL: $root left behind"; return 1; }
	echo "ok: $ns and $root removed"
}

# What a killed demo leaves behind (a PID no process has): swept.
dead=4000000
while kill -0 $dead 2>/dev/null; do dead=$((dead + 1)); done
ip netns add "prdemo-$dead-srv" || exit 99
NETNS_LIST="$NETNS_LIST prdemo-$dead-srv"
mkdir -p "/tmp/prdemo-$dead.stale/root"

rc=0
"$PHONERESCUE" demo --fast --text --delay 1 </dev/null >"$out" 2>&1 || rc=$?
if ip netns list | grep -q "^prdemo-$dead-srv\\b" || [ -e "/tmp/prdemo-$dead.stale" ]; then
	echo "FAIL: a dead demo's namespace or root was not swept"; fails=1
	rm -rf "/tmp/prdemo-$dead.stale"
else
	echo "ok: a dead demo's namespace and root were swept"
fi
if [ $rc -eq 0 ] && grep -q 'is back: every file it needed arrived intact' "$out"; then
	echo "ok: demo: the simulated phone recovered, exit 0"
else
	echo "FAIL: demo exited $rc"; sed 's/^/  | /' "$out" | tail -30; fails=1
fi
# The engines gave root up once started, and still recovered the phone.
if grep -q 'privileges_dropped.*running as' "$out"; then
	echo "ok: demo: the engines ran as an unprivileged user"
else
	echo "FAIL: demo: no privileges_dropped notice"; fails=1
fi
gone "$out" || fails=1

"$PHONERESCUE" demo --fast --text --stay --delay 1 </dev/null >"$out" 2>&1 &
pid=$!
NETNS_PIDS="$NETNS_PIDS $pid"
if netns_wait_for "$out" 'is back' 30; then
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	if grep -q 'stopped (Ctrl-C)' "$out"; then
		echo "ok: demo --stay stopped by SIGINT (exit $rc)"
	else
		echo "FAIL: no sign of the SIGINT stop"; fails=1
	fi
	gone "$out" || fails=1
else
	fails=1
fi

# Issue 15: a hang-up or any other signal that would end it stops the demo
# as Ctrl-C does, saying so, and it cleans up (not only its keeper).
for sig in HUP USR1; do
	"$PHONERESCUE" demo --text --stay --delay 30 </dev/null >"$out" 2>&1 &
	pid=$!
	NETNS_PIDS="$NETNS_PIDS $pid"
	if netns_wait_for "$out" 'powers up in' 30; then
		kill -s "$sig" "$pid"
		rc=0
		wait "$pid" || rc=$?
		if grep -q "stopped (SIG$sig); removing everything" "$out"; then
			echo "ok: demo stopped by SIG$sig (exit $rc)"
		else
			echo "FAIL: SIG$sig: no clean stop (exit $rc)"
			sed 's/^/  | /' "$out" | tail -5; fails=1
		fi
		gone "$out" || fails=1
	else
		fails=1
	fi
done
exit $fails
