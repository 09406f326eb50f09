#!/bin/sh
# A phone that keeps tagging its frames for a voice VLAN it learned
# (issue 19): `simphone --vlan 100` sends CDP, LLDP and DHCP 802.1Q-tagged.
# serve does not answer it (it serves untagged), and says so: a phone_vlan
# notice with the phone's MAC, the VLAN, and what to do, in the JSON
# events; no firewall is blamed for the requests that go unanswered.  The
# wizard's live view shows the same (tmux).  Serving on a VLAN interface
# is not tested: this kernel has no 802.1Q module.
. "$top_srcdir/tests/net/e2e-common.sh"
e2e_setup
MAC=00:1b:d4:70:01:00

fail() {
	echo "FAIL: $*"
	e2e_dump "$NETNS_TMP/phone.log"
	exit 1
}

e2e_serve
rc=0
e2e_phone "$NS_PHONE" "$IF_PHONE" "$NETNS_TMP/phone.log" --model 7970 \
    --mac "$MAC" --vlan 100 --timeout 12 || rc=$?
[ $rc -ne 0 ] || fail "a tagged phone recovered from an untagged server"
netns_wait_for "$SERVE_LOG" '"code":"phone_vlan"' 10 || fail "no phone_vlan notice"
grep '"code":"phone_vlan"' "$SERVE_LOG" >"$NETNS_TMP/notice"
sed 's/^/notice: /' "$NETNS_TMP/notice"
[ "$(wc -l <"$NETNS_TMP/notice")" -eq 1 ] || fail "told more than once"
grep -q "\"mac\":\"$MAC\"" "$NETNS_TMP/notice" || fail "the notice has no MAC"
grep -q "phone $MAC (7970) sends 802.1Q-tagged frames on VLAN 100" \
    "$NETNS_TMP/notice" || fail "the notice does not say which phone and VLAN"
grep -q 'Network Configuration: clear Admin VLAN ID' "$NETNS_TMP/notice" ||
    fail "the notice does not say what to do on a 7970"
grep -q 'serve VLAN 100 from a managed switch port' "$NETNS_TMP/notice" ||
    fail "the notice does not give the switch way out"
grep -q '"code":"firewall_blocks"' "$SERVE_LOG" &&
    fail "a tagged phone's requests were blamed on a firewall"
e2e_stop_serve

# The 7940/7960 get their own advice (their reset asks to keep the network
# configuration).
e2e_serve
e2e_phone "$NS_PHONE" "$IF_PHONE" "$NETNS_TMP/phone.log" --model 7960 \
    --mac 00:1b:d4:79:60:01 --vlan 42 --timeout 8 || true
netns_wait_for "$SERVE_LOG" '"code":"phone_vlan"' 10 || fail "no phone_vlan notice (7960)"
grep -q 'VLAN 42.*answer 2 to' "$SERVE_LOG" || fail "no 7960 advice"
e2e_stop_serve

# The wizard's live view (tmux), when tmux is there.
if ! command -v tmux >/dev/null 2>&1; then
	echo "ok: (tmux missing: the live view not checked)"
	exit 0
fi
. "$top_srcdir/tests/lib/tmux.sh"
tmx_trap netns_cleanup
tmx_start vlan 160 40 "ip netns exec '$NS_SRV' '$PHONERESCUE' wizard -i '$IF_SRV' -r '$ROOT' 2>'$NETNS_TMP/wiz.err'"
if ! tmx_wait -i 'serving|waiting for phones|phones' 15; then
	sed 's/^/  | /' "$TMX_SCREEN"
	cat "$NETNS_TMP/wiz.err"
	fail "the wizard did not get to its live view"
fi
e2e_phone "$NS_PHONE" "$IF_PHONE" "$NETNS_TMP/phone.log" --model 7970 \
    --mac "$MAC" --vlan 100 --timeout 8 || true
if ! tmx_wait -J 'tagged frames on VLAN 100' 10 ||
    ! tr -d '\n' <"$TMX_SCREEN" | grep -q "$MAC"; then
	sed 's/^/  | /' "$TMX_SCREEN"
	cat "$NETNS_TMP/wiz.err"
	fail "the wizard's live view does not show the tagged phone"
fi
sed "s/^/  | /" "$TMX_SCREEN"
echo "ok: the wizard's live view says it"
tmx_keys q
exit 0
