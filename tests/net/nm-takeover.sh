#!/bin/sh
# NetworkManager on the phones' port (issue 19), with a real one: Debian's
# NetworkManager confined to the test's own namespace with a private bus
# (tests/lib/nmns.sh), managing the server's veth end with its automatic
# DHCP profile ("Wired connection 1") that nothing answers.  Left alone it
# removes a hand-added address 45 s into that attempt and on every carrier
# loss over ~6 s.
#
# serve takes the device out of its hands (notices netmgr_managed,
# netmgr_taken, the words on stderr, the state file's record), serves for
# more than 90 s while the link is pulled from the phones' side for 8 s
# several times, and the recovery address is never removed (ip monitor
# sees no deletion, no address_restored); a simulated 7970 then recovers
# end to end.  After SIGTERM the device is managed again and back on its
# own profile, not "connected (externally)", given back by the serving
# process itself after the drop under its seccomp filter (nothing
# refused).  kill -9 mid-session: the keeper gives it back at once; with
# --user root (no keeper) it stays unmanaged until the next start, which
# gives it back (address first) before serving.
. "$top_srcdir/tests/net/e2e-common.sh"
. "$top_srcdir/tests/lib/nmns.sh"
set -u
netns_require_root
nmns_require

fail() { echo "FAIL: $*" >&2; e2e_dump 2>/dev/null; exit 1; }

nmns_pair
e2e_common
us=198.18.250.1
STATE=$PHONERESCUE_STATE_DIR

nmns_start "$NS_SRV" "$IF_SRV" || fail "NetworkManager did not start"
conn0=$(nmns_conn "$IF_SRV")
[ -n "$conn0" ] || fail "NetworkManager has no profile on $IF_SRV"
echo "NetworkManager manages $IF_SRV: $(nmns_state "$IF_SRV"), \"$conn0\""

count() { grep -c "\"code\":\"$2\"" "$1" 2>/dev/null || true; }
has_addr() { ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q "inet $us/"; }
# until CMD succeeds (SECS at most, default 15)
until_ok() {
	secs=$1; shift
	i=0
	until "$@"; do
		[ $i -ge $((secs * 10)) ] && return 1
		sleep 0.1; i=$((i + 1))
	done
}
state_is() { [ "$(nmns_state "$IF_SRV")" = "$1" ]; }
# Managed again and on its own profile: not unmanaged, not external.
given_back() {
	s=$(nmns_state "$IF_SRV") c=$(nmns_conn "$IF_SRV")
	[ "$s" != unmanaged ] && [ "$c" = "$conn0" ] &&
	    [ "${s#*extern}" = "$s" ]
}
carrier_is() {
	[ "$(ip netns exec "$NS_SRV" cat "/sys/class/net/$IF_SRV/carrier" 2>/dev/null || echo 0)" = "$1" ]
}

serve_bg() {
	netns_bg "$NS_SRV" env DBUS_SYSTEM_BUS_ADDRESS="$NMNS_BUS" \
	    "$PHONERESCUE" serve -i "$IF_SRV" -r "$ROOT" \
	    --leases "$NETNS_TMP/leases" --json "$@" >"$SERVE_LOG" 2>"$SERVE_ERR"
	SERVE_PID=$LAST_PID
	netns_wait_for "$SERVE_LOG" '"event":"ready"' 30 || fail "serve did not start"
}

# --- one long session with flaps and a phone --------------------------
ip -n "$NS_SRV" -ts monitor address >"$NETNS_TMP/ipmon" 2>&1 &
MON_PID=$!
NETNS_PIDS="$NETNS_PIDS $MON_PID"
t0=$(date +%s)
serve_bg
[ "$(count "$SERVE_LOG" netmgr_managed)" = 1 ] || fail "no netmgr_managed notice"
[ "$(count "$SERVE_LOG" netmgr_taken)" = 1 ] || fail "no netmgr_taken notice"
grep -q "managed by NetworkManager.*phonerescue will take it over while serving and give it back" \
    "$SERVE_ERR" || fail "stderr does not say it"
state_is unmanaged || fail "NetworkManager still manages $IF_SRV: $(nmns_state "$IF_SRV")"
grep -q '^networkmanager=unmanaged$' "$STATE/addr-$IF_SRV.state" ||
    fail "the state file does not record it: $(cat "$STATE/addr-$IF_SRV.state")"
has_addr || fail "no recovery address at ready"
[ "$(sed -n 's/^Seccomp:[[:space:]]*//p' "/proc/$SERVE_PID/status")" = 2 ] ||
    fail "serve is not under its seccomp filter"

# Pulled for 8 s (NetworkManager reacts to over ~6 s) and back, until
# serve has run for more than 90 s (two of NetworkManager's 45 s DHCP
# timeouts) with at least four flaps.
flaps=0
while [ $flaps -lt 4 ] || [ $(( $(date +%s) - t0 )) -le 95 ]; do
	ip -n "$NS_PHONE" link set "$IF_PHONE" down
	until_ok 10 carrier_is 0 || fail "carrier never went"
	sleep 8
	ip -n "$NS_PHONE" link set "$IF_PHONE" up
	until_ok 10 carrier_is 1 || fail "carrier never came back"
	flaps=$((flaps + 1))
	until_ok 15 eval '[ "$(count "$SERVE_LOG" link_up)" -ge $flaps ]' ||
	    fail "no link_up notice for flap $flaps"
	has_addr || fail "the address is gone after flap $flaps"
	sleep 4
done
echo "$flaps flaps, $(( $(date +%s) - t0 )) s serving"
state_is unmanaged || fail "NetworkManager took $IF_SRV back: $(nmns_state "$IF_SRV")"
grep "Deleted.*$us" "$NETNS_TMP/ipmon" && fail "something removed $us while serving"
[ "$(count "$SERVE_LOG" address_restored)" = 0 ] || fail "the address had to be put back"
has_addr || fail "the address is gone"

rc=0
e2e_phone "$NS_PHONE" "$IF_PHONE" "$NETNS_TMP/7970.log" --model 7970 \
    --mac 00:1b:d4:70:70:19 || rc=$?
[ $rc = 0 ] || { e2e_dump "$NETNS_TMP/7970.log"; fail "simphone exited $rc"; }
grep "Deleted.*$us" "$NETNS_TMP/ipmon" && fail "something removed $us while serving"
e2e_stop_serve
kill -0 "$SERVE_PID" 2>/dev/null && fail "serve did not stop"
e2e_check --phone "$NETNS_TMP/7970.log:ok" --phases || {
	e2e_dump "$NETNS_TMP/7970.log"; exit 1; }
[ "$(count "$SERVE_LOG" netmgr_given_back)" = 1 ] || fail "no netmgr_given_back notice"
[ "$(count "$SERVE_LOG" sandbox_refused)" = 0 ] || fail "the sandbox refused a call"
grep -E 'Sanitizer|runtime error|sandbox: refused' "$SERVE_ERR" && fail "serve's stderr"
has_addr && fail "the address stayed after serve"
until_ok 15 given_back || fail "not back on \"$conn0\": $(nmns_state "$IF_SRV"), \"$(nmns_conn "$IF_SRV")\""
[ -e "$STATE/addr-$IF_SRV.state" ] && fail "state file left: $(cat "$STATE/addr-$IF_SRV.state")"
echo "given back: $(nmns_state "$IF_SRV"), \"$(nmns_conn "$IF_SRV")\""

# --- kill -9: the keeper gives it back --------------------------------
serve_bg
state_is unmanaged || fail "second run: not taken over"
kill -9 "$SERVE_PID"
until_ok 15 given_back || fail "kill -9: not given back: $(nmns_state "$IF_SRV")"
until_ok 5 eval '! has_addr' || fail "kill -9: the address stayed"
[ -e "$STATE/addr-$IF_SRV.state" ] && fail "kill -9: state file left"
grep -q "gave $IF_SRV back to NetworkManager" "$SERVE_ERR" ||
    fail "the keeper did not say it gave it back"

# --- kill -9 with no keeper: the next start gives it back -------------
serve_bg --user root
state_is unmanaged || fail "third run: not taken over"
kill -9 "$SERVE_PID"
until_ok 5 eval '! kill -0 $SERVE_PID 2>/dev/null' || fail "kill -9 did not end serve"
sleep 1
state_is unmanaged || fail "unmanaged no longer without a keeper: $(nmns_state "$IF_SRV")"
grep -q '^networkmanager=unmanaged$' "$STATE/addr-$IF_SRV.state" ||
    fail "no record left for the next start"
serve_bg
gave=$(grep -n "gave $IF_SRV back to NetworkManager (managed again): the run with pid" \
    "$SERVE_LOG" | cut -d: -f1)
removed=$(grep -n "removed $us/24 from $IF_SRV: a run that died" "$SERVE_LOG" | cut -d: -f1)
[ -n "$gave" ] || fail "the next start did not give it back"
[ -n "$removed" ] && [ "$removed" -lt "$gave" ] ||
    fail "the next start did not remove the address first"
state_is unmanaged || fail "the next start did not take it over again"
e2e_stop_serve
until_ok 15 given_back || fail "last run: not given back"
grep -E 'Sanitizer|runtime error|sandbox: refused' "$SERVE_ERR" && fail "serve's stderr"
echo "kill -9 with and without a keeper: given back"

# --- a second run on a served interface keeps its hands off -----------
# The first one does not see NetworkManager (no bus), so the device is
# still managed; the second one, refused, must not take it over meanwhile.
netns_bg "$NS_SRV" env DBUS_SYSTEM_BUS_ADDRESS=unix:path=/nonexistent \
    "$PHONERESCUE" serve -i "$IF_SRV" -r "$ROOT" --no-dhcp --json \
    >"$NETNS_TMP/first.log" 2>&1
first=$LAST_PID
netns_wait_for "$NETNS_TMP/first.log" '"event":"ready"' 30 || fail "first run did not start"
ip netns exec "$NS_SRV" env DBUS_SYSTEM_BUS_ADDRESS="$NMNS_BUS" \
    "$PHONERESCUE" serve -i "$IF_SRV" -r "$ROOT" --no-dhcp --json \
    >"$NETNS_TMP/second.log" 2>&1 && fail "a second run served"
grep -q "already serving $IF_SRV" "$NETNS_TMP/second.log" || fail "second run: $(cat "$NETNS_TMP/second.log")"
grep -q '"code":"netmgr_taken"' "$NETNS_TMP/second.log" &&
    fail "the refused run took $IF_SRV from NetworkManager"
kill "$first"
exit 0
