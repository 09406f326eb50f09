#!/bin/sh
# A host firewall that drops TFTP (issue 19): a real nftables drop rule for
# udp dport 69 in the server's own namespace, and a simulated 7970.
#  1. serve without --open-firewall: the phone's read requests are seen on
#     the wire and never reach our TFTP server; a firewall_blocks notice
#     names nftables and the command that fixes it.
#  2. serve --open-firewall: the phone recovers; after a clean exit the
#     ruleset is byte-identical to what it was.
#  3. kill -9 of serve: its keeper takes our rules out.
#  4. kill -9 of the keeper and then of serve: the next start takes them
#     out (the state file).
# Every nft command runs inside the test's namespace (nft_srv below); the
# machine's own ruleset is never read or changed.
. "$top_srcdir/tests/net/e2e-common.sh"

NFT=
for p in /usr/sbin/nft /sbin/nft; do
	[ -x "$p" ] && NFT=$p && break
done
if [ -z "$NFT" ]; then
	echo "SKIP: nft is missing (quickstart installs nftables)" >&2
	exit 77
fi
e2e_setup

# nft in the server's namespace, never anywhere else.
nft_srv() {
	[ -n "$NS_SRV" ] && ip netns list | grep -q "^$NS_SRV\\b" || {
		echo "FAIL: no test namespace for nft" >&2; exit 99; }
	ip netns exec "$NS_SRV" "$NFT" "$@"
}

# 0. DHCP dropped (udp dport 67): the DISCOVERs are seen, no lease.
nft_srv -f - <<EOF || exit 99
table inet filter {
	chain input {
		type filter hook input priority filter; policy accept;
		udp dport 67 drop
	}
}
EOF
e2e_serve
ip netns exec "$NS_PHONE" "$PHONERESCUE" simphone -i "$IF_PHONE" --json \
    --timeout 20 --model 7970 --mac 00:1b:d4:70:19:00 \
    >"$NETNS_TMP/phone.log" 2>"$NETNS_TMP/phone.log.err" &
PHONE=$!
netns_wait_for "$SERVE_LOG" '"code":"firewall_blocks"' 25 || {
	echo "FAIL: no firewall_blocks notice for DHCP"; e2e_dump; exit 1; }
grep '"code":"firewall_blocks"' "$SERVE_LOG" | head -1 >"$NETNS_TMP/notice"
sed "s/^/notice: /" "$NETNS_TMP/notice"
grep -q 'phone 00:1b:d4:70:19:00: its DHCP requests arrive on .* but the firewall (nftables) drops them' \
    "$NETNS_TMP/notice" || { echo "FAIL: DHCP notice: $(cat "$NETNS_TMP/notice")"; exit 1; }
grep -q '"event":"dhcp_lease"' "$SERVE_LOG" &&
    { echo "FAIL: a DISCOVER reached serve through a drop rule"; exit 1; }
kill "$PHONE" 2>/dev/null; wait "$PHONE" 2>/dev/null
e2e_stop_serve
nft_srv delete table inet filter || exit 99

nft_srv -f - <<EOF || exit 99
table inet filter {
	chain input {
		type filter hook input priority filter; policy accept;
		udp dport 69 drop
	}
}
table ip other {
	set keep {
		type ipv4_addr
		elements = { 198.18.0.7, 198.18.0.9 }
	}
	chain pre {
		type filter hook prerouting priority raw; policy accept;
		ip saddr @keep counter drop
	}
}
EOF
nft_srv list ruleset >"$NETNS_TMP/before" || exit 99

fail() {
	echo "FAIL: $*"
	e2e_dump "$NETNS_TMP/phone.log"
	echo "--- ruleset now" >&2; nft_srv -a list ruleset >&2
	exit 1
}

same_ruleset() {
	nft_srv list ruleset >"$NETNS_TMP/after" &&
	    cmp -s "$NETNS_TMP/before" "$NETNS_TMP/after"
}

# Wait (at most 10 s) until the ruleset is the one from before again.
wait_same_ruleset() {
	i=0
	while ! same_ruleset; do
		[ $i -ge 100 ] && return 1
		sleep 0.1; i=$((i + 1))
	done
	return 0
}

# 1. Not told to open: explained.
e2e_serve
ip netns exec "$NS_PHONE" "$PHONERESCUE" simphone -i "$IF_PHONE" --json \
    --timeout 20 --model 7970 --mac 00:1b:d4:70:19:01 \
    >"$NETNS_TMP/phone.log" 2>"$NETNS_TMP/phone.log.err" &
PHONE=$!
netns_wait_for "$SERVE_LOG" '"code":"firewall_blocks"' 25 ||
    fail "no firewall_blocks notice"
grep '"code":"firewall_blocks"' "$SERVE_LOG" | head -1 >"$NETNS_TMP/notice"
sed "s/^/notice: /" "$NETNS_TMP/notice"
grep -q '00:1b:d4:70:19:01' "$NETNS_TMP/notice" ||
    fail "the notice does not name the phone: $(cat "$NETNS_TMP/notice")"
grep -q 'the firewall (nftables) drops them' "$NETNS_TMP/notice" ||
    fail "the notice does not name nftables: $(cat "$NETNS_TMP/notice")"
grep -q "nft insert rule inet filter input iifname .*$IF_SRV.* udp dport { 67, 69 } accept" \
    "$NETNS_TMP/notice" ||
    fail "the notice does not give the command: $(cat "$NETNS_TMP/notice")"
grep -q '"event":"tftp_start"' "$SERVE_LOG" &&
    fail "a read request reached serve through a drop rule"
kill "$PHONE" 2>/dev/null; wait "$PHONE" 2>/dev/null
e2e_stop_serve
same_ruleset || fail "serve without --open-firewall changed the ruleset"

# 2. --open-firewall: the phone recovers, the ruleset is left as it was.
e2e_serve --open-firewall
grep -q '"code":"firewall_opened".*in 1 firewall chain' "$SERVE_LOG" ||
    fail "no firewall_opened notice"
same_ruleset && fail "--open-firewall changed nothing"
nft_srv list chain inet filter input | grep -q "phonerescue $IF_SRV pid $SERVE_PID" ||
    fail "our rules are not tagged with their run"
rc=0
e2e_phone "$NS_PHONE" "$IF_PHONE" "$NETNS_TMP/phone.log" --model 7970 \
    --mac 00:1b:d4:70:19:02 || rc=$?
[ $rc -eq 0 ] || fail "simphone exited $rc through the opened firewall"
e2e_stop_serve
kill -0 "$SERVE_PID" 2>/dev/null && fail "serve did not stop"
same_ruleset || { diff "$NETNS_TMP/before" "$NETNS_TMP/after";
    fail "the ruleset differs after a clean exit"; }
e2e_check --phone "$NETNS_TMP/phone.log:ok" || fail "recovery check"

# 2b. Root kept (--user root): serve takes its rules out itself.
e2e_serve --open-firewall --user root
same_ruleset && fail "--open-firewall changed nothing (root kept)"
e2e_stop_serve
same_ruleset || { diff "$NETNS_TMP/before" "$NETNS_TMP/after";
    fail "the ruleset differs after a clean exit with root kept"; }

# 3. kill -9: the keeper (root, forked before the privilege drop) takes
# the rules out.
e2e_serve --open-firewall
same_ruleset && fail "--open-firewall changed nothing (second run)"
kill -9 "$SERVE_PID"
wait_same_ruleset || { diff "$NETNS_TMP/before" "$NETNS_TMP/after";
    fail "the rules stayed after kill -9"; }

# 4. keeper and serve both killed: the next start takes them out.
e2e_serve --open-firewall
KEEPER=$(pgrep -P "$SERVE_PID" -x phonerescue-kp)
[ -n "$KEEPER" ] || fail "no keeper under serve $SERVE_PID"
kill -9 "$KEEPER"
kill -9 "$SERVE_PID"
i=0
while kill -0 "$SERVE_PID" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
same_ruleset && fail "nothing was left to clean up (the test lost its point)"
ls "$PHONERESCUE_STATE_DIR"/fw-*.state >/dev/null 2>&1 ||
    fail "no firewall state file after the crash"
e2e_serve
same_ruleset || { diff "$NETNS_TMP/before" "$NETNS_TMP/after";
    fail "the next start did not take the dead run's rules out"; }
grep -q 'firewall rules\? for .* out: a run that died' "$SERVE_LOG" ||
    fail "the next start did not say what it cleaned up"
ls "$PHONERESCUE_STATE_DIR"/fw-*.state >/dev/null 2>&1 &&
    fail "the state file stayed"
e2e_stop_serve
same_ruleset || fail "the ruleset differs at the end"

# 5. The wizard takes --open-firewall too (tmux), and gives it back.
if ! command -v tmux >/dev/null 2>&1; then
	echo "ok: (tmux missing: the wizard not checked)"
	exit 0
fi
. "$top_srcdir/tests/lib/tmux.sh"
tmx_trap netns_cleanup
tmx_start fw 120 32 "ip netns exec '$NS_SRV' '$PHONERESCUE' wizard -i '$IF_SRV' -r '$ROOT' --open-firewall 2>'$NETNS_TMP/wiz.err'"
i=0
while same_ruleset; do
	[ $i -ge 150 ] && { tmx_capture; cat "$NETNS_TMP/wiz.err";
	    fail "the wizard did not open the firewall"; }
	sleep 0.1; i=$((i + 1))
done
WIZ=$(pgrep -P "$(tmx_pane_pid)" -x phonerescue | head -1)
[ -n "$WIZ" ] || fail "no wizard under the pane"
kill "$WIZ"
wait_same_ruleset || { diff "$NETNS_TMP/before" "$NETNS_TMP/after";
    fail "the wizard left its rules behind"; }
echo "ok: the wizard opened the firewall and gave it back"
exit 0
