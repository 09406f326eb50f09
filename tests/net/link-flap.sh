#!/bin/sh
# Links that come and go (issues 16, 19): serve watches carrier while it
# serves, from netlink (no polling), in the interface engine.  The link
# pulled from the phones' side gives a link_down notice, its return a
# link_up notice saying how long it was down; each flap its own pair.
# The recovery address removed from outside while the link is down is
# put back when carrier returns (address_restored), removed while the
# link is up it is put back at once; both after the drop to nobody under
# the seccomp filter.  The DHCP engine probes again for other servers on
# each return by itself (once each).  After the flaps a real TFTP client
# fetches a file byte-exact.  With --no-dhcp --no-sniff the notices come
# the same; started with no cable, the first link_up says the link is up.
. "$top_srcdir/tests/net/dhcp-common.sh"
set -u
dhcp_setup
us=198.18.250.1
ROOT=$NETNS_TMP/root
mkdir -p "$ROOT"
umask 022
head -c 400000 /dev/urandom >"$ROOT/SIP70.8-4-2S.loads.bin"
FLAPS=4

# count FILE CODE: how many notices of CODE in FILE.
count() { grep -c "\"code\":\"$2\"" "$1" 2>/dev/null || true; }

# wait_count FILE CODE N: until FILE has N notices of CODE (15 s at most).
wait_count() {
	i=0
	while [ "$(count "$1" "$2")" -lt "$3" ]; do
		[ $i -ge 150 ] && { cat "$1" >&2; fail "waited for $3 $2 notices, have $(count "$1" "$2")"; }
		sleep 0.1; i=$((i + 1))
	done
	[ "$(count "$1" "$2")" = "$3" ] || { cat "$1" >&2; fail "$(count "$1" "$2") $2 notices, want $3"; }
}

has_addr() { ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q "inet $us/24"; }

# carrier_is 0|1: wait until the server's end has (1) or lacks carrier.
carrier_is() {
	i=0
	while :; do
		c=$(ip netns exec "$NS_SRV" cat "/sys/class/net/$IF_SRV/carrier" 2>/dev/null || echo 0)
		[ "$c" = "$1" ] && return 0
		[ $i -ge 100 ] && fail "carrier on $IF_SRV never became $1"
		sleep 0.1; i=$((i + 1))
	done
}

OUT=$NETNS_TMP/serve.out
netns_bg "$NS_SRV" env -u SUDO_UID -u SUDO_GID -u SUDO_USER \
    PHONERESCUE_STATE_DIR="$STATE" "$PR" serve -v -i "$IF_SRV" --json \
    -r "$ROOT" >"$OUT" 2>&1
SERVE_PID=$LAST_PID
netns_wait_for "$OUT" '"event":"ready"' 15 || fail "serve did not start"
has_addr || fail "no recovery address at ready"
[ "$(sed -n 's/^Seccomp:[[:space:]]*//p' "/proc/$SERVE_PID/status")" = 2 ] ||
    fail "serve is not under its seccomp filter"
# Given up root, kept CAP_NET_ADMIN and CAP_NET_RAW only: what puts it back.
[ "$(sed -n 's/^Uid:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$SERVE_PID/status")" != 0 ] ||
    fail "serve kept root"
[ "$(sed -n 's/^CapEff:[[:space:]]*//p' "/proc/$SERVE_PID/status")" = 0000000000003000 ] ||
    fail "CapEff: $(grep CapEff "/proc/$SERVE_PID/status"), want CAP_NET_ADMIN and CAP_NET_RAW"
[ "$(count "$OUT" link_down)" = 0 ] || fail "link_down with the link up"

n=0
while [ $n -lt $FLAPS ]; do
	n=$((n + 1))
	ip -n "$NS_PHONE" link set "$IF_PHONE" down
	carrier_is 0
	wait_count "$OUT" link_down $n
	if [ $n = 2 ]; then
		# Removed from outside while down: back when carrier returns.
		ip -n "$NS_SRV" addr del "$us/24" dev "$IF_SRV" || fail "ip addr del"
		has_addr && fail "the address is still there"
	fi
	ip -n "$NS_PHONE" link set "$IF_PHONE" up
	carrier_is 1
	wait_count "$OUT" link_up $n
	if [ $n = 2 ]; then
		wait_count "$OUT" address_restored 1
		has_addr || fail "address_restored said, but no $us/24 on $IF_SRV"
	fi
done
grep '"code":"link_down"' "$OUT" | head -n 1 | grep -q "went down.*rebooting on a direct cable drops the link for a few seconds: that is expected" ||
    fail "link_down does not say what it means: $(grep link_down "$OUT" | head -n 1)"
grep '"code":"link_up"' "$OUT" | head -n 1 | grep -qE "is back after [0-9]+ s down" ||
    fail "link_up does not say how long: $(grep link_up "$OUT" | head -n 1)"
grep '"code":"address_restored"' "$OUT" | grep -q "$us/24" || fail "address_restored does not name $us/24"

# The DHCP engine probes again on each return, by itself, once each.
i=0
while [ "$(grep -c 'carrier back on' "$OUT")" -lt $FLAPS ] && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1))
done
[ "$(grep -c 'carrier back on' "$OUT")" = $FLAPS ] ||
    fail "the DHCP engine probed again $(grep -c 'carrier back on' "$OUT") times for $FLAPS returns"

# Removed while the link is up: back at once.
ip -n "$NS_SRV" addr del "$us/24" dev "$IF_SRV" || fail "ip addr del (link up)"
wait_count "$OUT" address_restored 2
has_addr || fail "no $us/24 after the second address_restored"
grep -q '"code":"address_lost"' "$OUT" && fail "address_lost: $(grep address_lost "$OUT")"

# A real client after the flaps: a lease, then the file byte for byte.
ip -n "$NS_PHONE" link set dev "$IF_PHONE" address 02:00:5e:00:00:41
udhcpc_lease a || fail "no lease after the flaps"
ip -n "$NS_PHONE" addr add 198.18.250.200/24 dev "$IF_PHONE"
ip netns exec "$NS_PHONE" busybox tftp -b 1468 -g -r SIP70.8-4-2S.loads.bin \
    -l "$NETNS_TMP/got" $us >"$NETNS_TMP/tftp.log" 2>&1 ||
    { cat "$NETNS_TMP/tftp.log" >&2; fail "busybox tftp failed after the flaps"; }
cmp -s "$ROOT/SIP70.8-4-2S.loads.bin" "$NETNS_TMP/got" || fail "the file fetched after the flaps differs"
grep -q '"code":"sandbox_refused"' "$OUT" && fail "the sandbox refused a call: $(grep sandbox_refused "$OUT")"

serve_stop
[ "$SERVE_RC" = 0 ] || { cat "$OUT" >&2; fail "serve exited $SERVE_RC on SIGTERM"; }
has_addr && fail "the recovery address is left after SIGTERM"
[ -f "$STATE/addr-$IF_SRV.state" ] && fail "state file left after SIGTERM"

# TFTP only (--no-dhcp --no-sniff), started with no cable: the link
# coming up the first time is said as such, then the same notices.
ip -n "$NS_PHONE" link set "$IF_PHONE" down
OUT2=$NETNS_TMP/serve2.out
netns_bg "$NS_SRV" env PHONERESCUE_STATE_DIR="$STATE" "$PR" serve -i "$IF_SRV" \
    --json --no-dhcp --no-sniff -r "$ROOT" >"$OUT2" 2>&1
SERVE_PID=$LAST_PID
netns_wait_for "$OUT2" '"event":"ready"' 15 || fail "serve --no-dhcp --no-sniff did not start"
grep -q '"code":"no_carrier"' "$OUT2" || fail "no no_carrier notice with the cable out"
ip -n "$NS_PHONE" link set "$IF_PHONE" up
carrier_is 1
wait_count "$OUT2" link_up 1
grep '"code":"link_up"' "$OUT2" | grep -q "is up: a cable" ||
    fail "the first link_up does not say the link is up: $(grep link_up "$OUT2")"
[ "$(count "$OUT2" link_down)" = 0 ] || fail "link_down before the link was ever up"
ip -n "$NS_PHONE" link set "$IF_PHONE" down
carrier_is 0
wait_count "$OUT2" link_down 1
ip -n "$NS_SRV" addr del "$us/24" dev "$IF_SRV" || fail "ip addr del (TFTP only)"
ip -n "$NS_PHONE" link set "$IF_PHONE" up
carrier_is 1
wait_count "$OUT2" link_up 2
grep '"code":"link_up"' "$OUT2" | tail -n 1 | grep -qE "is back after [0-9]+ s down" ||
    fail "the second link_up does not say how long: $(grep link_up "$OUT2" | tail -n 1)"
wait_count "$OUT2" address_restored 1
has_addr || fail "no $us/24 back with --no-dhcp --no-sniff"
ip netns exec "$NS_PHONE" busybox tftp -b 1468 -g -r SIP70.8-4-2S.loads.bin \
    -l "$NETNS_TMP/got2" $us >"$NETNS_TMP/tftp2.log" 2>&1 ||
    { cat "$NETNS_TMP/tftp2.log" >&2; fail "busybox tftp failed (TFTP only)"; }
cmp -s "$ROOT/SIP70.8-4-2S.loads.bin" "$NETNS_TMP/got2" || fail "the file fetched (TFTP only) differs"
serve_stop
[ "$SERVE_RC" = 0 ] || { cat "$OUT2" >&2; fail "serve (TFTP only) exited $SERVE_RC"; }
exit 0
