#!/bin/sh
# One phonerescue per interface (issue 14): while `serve` runs on IFACE, a
# second `serve` (and the wizard) on IFACE exits 1 with "already serving
# IFACE (pid N)", N the first one's pid, and leaves the first one's
# recovery address and state file alone; a serve on another interface of
# the same namespace starts meanwhile.  After kill -9 of the first, the
# lock is gone with it: a new serve starts at once and serves, whether
# the first one's root keeper has undone the dead run yet or not (it
# does so only while it holds the lock, so it never takes away the new
# run's address), and after kill -9 of the server and its keeper both
# (a power cut) the new serve removes the address left behind.
. "$top_srcdir/tests/net/dhcp-common.sh"
set -u
dhcp_setup
mkdir -p "$NETNS_TMP/root"
# A second link in the server namespace (a laptop has more than one).
netns_name x; IF2=$NETNS_NAME
netns_name y; IF2P=$NETNS_NAME
ip link add "$IF2" netns "$NS_SRV" type veth peer name "$IF2P" netns "$NS_PHONE" || exit 99
ip -n "$NS_SRV" link set "$IF2" up
ip -n "$NS_PHONE" link set "$IF2P" up
ip -n "$NS_SRV" addr add 198.19.77.1/24 dev "$IF2"

run() {	# run OUT IFACE ARGS...: a serve in the foreground-ish
	out=$1 ifc=$2; shift 2
	netns_bg "$NS_SRV" env PHONERESCUE_STATE_DIR="$STATE" "$PR" serve -i "$ifc" \
	    --json --no-sniff -r "$NETNS_TMP/root" "$@" >"$out" 2>&1
}

run "$NETNS_TMP/first" "$IF_SRV"
FIRST=$LAST_PID
netns_wait_for "$NETNS_TMP/first" '"event":"ready"' 15 || fail "the first serve did not start"
[ -f "$STATE/addr-$IF_SRV.state" ] || fail "no state file for the first serve"

# The second serve on the same interface: refused, naming the first.
run "$NETNS_TMP/second" "$IF_SRV" --tftp-port 6970 --dhcp-port 6767
SERVE_PID=$LAST_PID
serve_wait_exit 15
[ "$SERVE_RC" = 1 ] || fail "the second serve on $IF_SRV exited $SERVE_RC: $(cat "$NETNS_TMP/second")"
grep -q "already serving $IF_SRV (pid $FIRST)" "$NETNS_TMP/second" ||
    fail "no 'already serving $IF_SRV (pid $FIRST)': $(cat "$NETNS_TMP/second")"
grep -q '"code":"already_serving"' "$NETNS_TMP/second" || fail "no already_serving notice"
kill -0 "$FIRST" || fail "the first serve died"
ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q 'inet 198\.18\.250\.1/24' ||
    fail "the refused serve took the first one's address away"
[ -f "$STATE/addr-$IF_SRV.state" ] || fail "the refused serve removed the first one's state file"

# The wizard on that interface: refused the same way, on its first step.
if command -v tmux >/dev/null 2>&1; then
	. "$top_srcdir/tests/ui/lib.sh"
	trap 'tm_cleanup; rm -rf "$TM_OUT"; netns_cleanup' EXIT
	TM_PREFIX="ip netns exec $NS_SRV"
	tm_start 100 30 PHONERESCUE_STATE_DIR="$STATE" -- wizard -i "$IF_SRV" -r "$NETNS_TMP/root"
	tm_wait "already serving $IF_SRV \\(pid $FIRST\\)" 15 ||
	    { tm_capture >&2; echo "FAIL: the wizard on a served interface was not refused" >&2; exit 1; }
	tm send-keys q
	tm_wait '^exit=0$' 10 || { tm_capture >&2; echo "FAIL: the wizard did not quit" >&2; exit 1; }
	tm_cleanup
fi

# Another interface meanwhile: its own lock, it starts.
run "$NETNS_TMP/other" "$IF2" --no-dhcp --tftp-port 6971
OTHER=$LAST_PID
netns_wait_for "$NETNS_TMP/other" '"event":"ready"' 15 || fail "serve on $IF2 refused while $IF_SRV is served"
kill -TERM "$OTHER"; wait "$OTHER" || fail "serve on $IF2 did not stop cleanly"

# kill -9 the first, and start again at once.
kill -9 "$FIRST"
wait "$FIRST" 2>/dev/null
run "$NETNS_TMP/third" "$IF_SRV"
SERVE_PID=$LAST_PID
netns_wait_for "$NETNS_TMP/third" '"event":"ready"' 15 || fail "no serve after kill -9 of the first"
grep -q 'already serving' "$NETNS_TMP/third" && fail "a stale lock after kill -9"
ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q 'inet 198\.18\.250\.1/24' ||
    fail "the new serve has no address (taken away by the old keeper?)"
ip -n "$NS_PHONE" link set dev "$IF_PHONE" address 02:00:5e:00:00:31
udhcpc_lease t || fail "the new serve gives no lease"
ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q 'inet 198\.18\.250\.1/24' ||
    fail "the new serve's address went away while serving"

# kill -9 the server and its keeper (nothing undone at all): the next
# serve finds no stale lock, removes the address left behind, serves.
kp=$(pgrep -P "$SERVE_PID" -x phonerescue-kp)
[ -n "$kp" ] || fail "no root keeper under serve $SERVE_PID"
kill -9 $kp "$SERVE_PID"
wait "$SERVE_PID" 2>/dev/null
ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q 'inet 198\.18\.250\.1/24' ||
    fail "nothing left behind (the test needs the leftovers)"
run "$NETNS_TMP/fourth" "$IF_SRV"
SERVE_PID=$LAST_PID
netns_wait_for "$NETNS_TMP/fourth" '"event":"ready"' 15 || fail "no serve after kill -9 of serve and keeper"
grep -q '"code":"iface_recovered"' "$NETNS_TMP/fourth" || fail "the dead run's address was not recovered"
grep -q 'already serving' "$NETNS_TMP/fourth" && fail "a stale lock after kill -9"
serve_stop
[ "$SERVE_RC" = 0 ] || fail "the new serve exited $SERVE_RC"
echo "ok: second serve and the wizard refused with the pid, other interface served, no stale lock after kill -9"
