#!/bin/sh
# Issue 15: every signal whose default would end serve (SIGHUP from a
# closed terminal or SSH session, SIGUSR1, SIGUSR2, SIGALRM, ... and the
# real-time ones) stops it as SIGTERM does: exit 0, a `stop` event naming
# the signal, the recovery address it added removed and its state file
# gone.  sniff exits 0 on the same signals.
. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
set -u
PR=${PHONERESCUE:-$top_builddir/phonerescue}
fail() { echo "FAIL: $*" >&2; exit 1; }
netns_pair
STATE=$NETNS_TMP/state
ROOT=$NETNS_TMP/root
mkdir -p "$STATE" "$ROOT"
chmod 755 "$ROOT"
ip -n "$NS_SRV" addr flush dev "$IF_SRV"
has() { ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q "inet $1"; }

SIGS="HUP INT QUIT TERM USR1 USR2 ALRM VTALRM PROF IO XCPU PWR STKFLT RTMIN RTMIN+3 RTMAX"
n=0
for sig in $SIGS; do
	n=$((n + 1))
	out=$NETNS_TMP/serve.$n
	netns_bg "$NS_SRV" env PHONERESCUE_STATE_DIR="$STATE" "$PR" serve \
	    -i "$IF_SRV" --json --no-dhcp --no-sniff -r "$ROOT" >"$out" 2>&1
	pid=$LAST_PID
	netns_wait_for "$out" '"event":"ready"' 15 || fail "SIG$sig: serve did not start"
	has 198.18.250.1/24 || fail "SIG$sig: no recovery address before the signal"
	[ -f "$STATE/addr-$IF_SRV.state" ] || fail "SIG$sig: no state file before the signal"
	kill -s "$sig" "$pid" || fail "kill -s $sig"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" = 0 ] || fail "SIG$sig: serve exited $rc (killed without cleanup?)"
	grep -q '"event":"stop"' "$out" || fail "SIG$sig: no stop event"
	grep -q "\"reason\":\"SIG$sig\"" "$out" ||
	    { sed 's/^/  | /' "$out" >&2; fail "SIG$sig: the stop event does not name it"; }
	has 198.18.250.1/ && fail "SIG$sig: the recovery address was left behind"
	[ -f "$STATE/addr-$IF_SRV.state" ] && fail "SIG$sig: the state file was left behind"
done
echo "ok: serve cleaned up after each of: $SIGS"

ip -n "$NS_SRV" addr add "$SRV_IP/24" dev "$IF_SRV"
for sig in HUP USR1 ALRM RTMIN; do
	out=$NETNS_TMP/sniff.$sig
	netns_bg "$NS_SRV" "$PR" sniff -i "$IF_SRV" >"$out" 2>&1
	pid=$LAST_PID
	netns_wait_for "$out" 'listening on' 15 || fail "sniff did not start"
	kill -s "$sig" "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" = 0 ] || fail "sniff: SIG$sig: exit $rc"
done
echo "ok: sniff stops cleanly on SIGHUP, SIGUSR1, SIGALRM, SIGRTMIN"
