#!/bin/sh
# The recovery address after a crash: kill -9 leaves it (and the state
# file) behind; the next start removes it before anything else and says
# so.  An address the interface already had is never touched, and an
# extra --address is added and removed without disturbing it.
. "$top_srcdir/tests/net/dhcp-common.sh"
set -u
dhcp_setup
has() { ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q "inet $1"; }

serve_start "$NETNS_TMP/s1" --no-dhcp
netns_wait_for "$NETNS_TMP/s1" '"event":"ready"' 15 || fail "serve did not start"
has 198.18.250.1/24 || fail "no recovery address"
# A crash that takes the root keeper too (power cut): kill -9 both; the
# keeper alone would undo a killed run at once (tests/net/privdrop.sh).
kp=$(pgrep -P "$SERVE_PID" -x phonerescue-kp)
[ -n "$kp" ] && kill -KILL $kp
kill -KILL "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null
has 198.18.250.1/24 || fail "kill -9 should leave the address (simulated crash)"
grep -q "^pid=$SERVE_PID\$" "$STATE/addr-$IF_SRV.state" || fail "state file does not name the dead run"

# The next start cleans up first: with a user address now present it has
# no reason to add its own again, so the recovery address must be gone.
ip -n "$NS_SRV" addr add "$SRV_IP/24" dev "$IF_SRV"
serve_start "$NETNS_TMP/s2" --no-dhcp
netns_wait_for "$NETNS_TMP/s2" '"event":"ready"' 15 || fail "serve did not start after the crash"
grep -q '"code":"iface_recovered".*198.18.250.1/24' "$NETNS_TMP/s2" || fail "no iface_recovered notice"
has 198.18.250.1/ && fail "crashed run's address still there"
grep -q "\"address\":\"$SRV_IP/24\"" "$NETNS_TMP/s2" || fail "did not use the existing address"
[ -f "$STATE/addr-$IF_SRV.state" ] && fail "a state file although nothing was added"
serve_stop
has "$SRV_IP/24" || fail "serve removed an address it did not add"

# --address the interface lacks: added next to the user's, removed on exit.
serve_start "$NETNS_TMP/s3" --no-dhcp --address 198.18.251.1/24
netns_wait_for "$NETNS_TMP/s3" '"event":"ready"' 15 || fail "serve --address did not start"
grep -q '"address":"198.18.251.1/24"' "$NETNS_TMP/s3" || fail "ready does not show --address"
has 198.18.251.1/24 || fail "--address not added"
serve_stop
has 198.18.251.1/ && fail "--address left behind"
has "$SRV_IP/24" || fail "user address lost"

# A bad --address is refused with a reason, changing nothing.
serve_start "$NETNS_TMP/s4" --no-dhcp --address 198.18.251.1
serve_wait_exit 10
[ "$SERVE_RC" = 1 ] || fail "bad --address: exit $SERVE_RC, want 1"
grep -q -- "--address 198.18.251.1" "$NETNS_TMP/s4" || fail "no reason given"
echo "ok: crash leftovers removed at the next start; user addresses untouched"
