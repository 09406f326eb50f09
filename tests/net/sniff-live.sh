#!/bin/sh
# Live capture across a veth pair: frames a "phone" sends on one end are
# seen by `phonerescue sniff -i` on the other, as exactly the events
# `sniff -f` prints for the same frames (times aside); the capture
# survives its interface going down and up; SIGTERM stops it cleanly; a
# missing interface fails in one line.  Run as root, it reads frames as
# nobody with CAP_NET_RAW only (and offline as the sudo user, nothing kept).
. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
PY=/usr/bin/python3
if ! "$PY" -c 'import scapy' 2>/dev/null; then
	echo "SKIP: $PY has no scapy"; exit 77
fi
set -u
netns_pair
send="$top_srcdir/tests/net/sniff-send.py"
out=$NETNS_TMP/sniff.json err=$NETNS_TMP/sniff.err

# No such interface: exit 1, one line on stderr.
if ip netns exec "$NS_SRV" "$PHONERESCUE" sniff -i nosuch0 >/dev/null 2>"$err"; then
	echo "sniff -i nosuch0 succeeded"; exit 1
fi
[ "$(wc -l <"$err")" -eq 1 ] || { echo "not one line:"; cat "$err"; exit 1; }

# A serve that died left its recovery address and state file on the
# interface: sniff undoes them before it listens, as serve does.
state=$NETNS_TMP/state
mkdir -p "$state"
sh -c 'exit 0' & dead=$!; wait $dead
left=198.18.$(( (NETNS_ID % 200) + 10 )).250
ip -n "$NS_SRV" addr add "$left/24" dev "$IF_SRV" || exit 99
printf 'iface=%s\naddress=%s/24\nset_up=0\npid=%s\n' "$IF_SRV" "$left" "$dead" \
    >"$state/addr-$IF_SRV.state"

netns_bg "$NS_SRV" sh -c "PHONERESCUE_STATE_DIR=$state exec \"$PHONERESCUE\" sniff -i $IF_SRV --json >$out 2>$err"
pid=$LAST_PID
netns_wait_for "$err" "listening on $IF_SRV" || exit 1
netns_wait_for "$out" "\"code\":\"iface_recovered\".*$left/24" ||
    { echo "sniff did not say it removed the dead run's address"; cat "$out" "$err"; exit 1; }
if ip -n "$NS_SRV" -4 addr show dev "$IF_SRV" | grep -q "inet $left/"; then
	echo "sniff left the dead run's address on $IF_SRV"; exit 1
fi
[ -e "$state/addr-$IF_SRV.state" ] && { echo "state file left behind"; exit 1; }

# Privileges: the capture is open, so the frames are read as nobody with
# CAP_NET_RAW alone (kept to reopen the capture below), no way back.
st=/proc/$pid/status
uid=$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "$st")
[ "$uid" = "65534 65534 65534 65534" ] || { echo "sniff runs as uid $uid"; exit 1; }
for f in CapEff CapPrm CapBnd; do
	v=$(awk -v f="$f:" '$1 == f { print $2 }' "$st")
	[ "$v" = 0000000000002000 ] || { echo "sniff $f $v, want CAP_NET_RAW only"; exit 1; }
done
[ "$(awk '/^NoNewPrivs:/ { print $2 }' "$st")" = 1 ] || { echo "sniff: no_new_privs not set"; exit 1; }
grep -q "running as nobody" "$err" || { echo "sniff does not say who it runs as"; cat "$err"; exit 1; }

# A 7970's whole recovery, sent back to back: the live events are the
# ones `sniff -f` prints for the same capture, times aside.
"$PY" "$top_srcdir/tests/pcap/gen.py" "$NETNS_TMP/caps" || exit 99
ip netns exec "$NS_PHONE" "$PY" "$send" "$IF_PHONE" recovery-7970.pcap || exit 99
netns_wait_for "$out" '"mac":"00:1b:d4:a1:70:72".*"phase":"unprovisioned"' || exit 1
# Back in a final phase for a while: the recovered notice, as offline at
# the end of the capture.
netns_wait_for "$out" '"code":"recovered".*"mac":"00:1b:d4:a1:70:72"' 40 || exit 1
"$PHONERESCUE" sniff -f "$NETNS_TMP/caps/recovery-7970.pcap" --json >"$NETNS_TMP/offline.json" || exit 1
notime() { sed 's/"time":"[^"]*",//' "$1"; }
notime "$NETNS_TMP/offline.json" >"$NETNS_TMP/offline.nt"
notime "$out" | grep -v '"code":"iface_recovered"' >"$NETNS_TMP/live.nt"
diff -u "$NETNS_TMP/offline.nt" "$NETNS_TMP/live.nt" ||
    { echo "live and offline events differ"; exit 1; }
# Tagged frames pass the filter too.
ip netns exec "$NS_PHONE" "$PY" "$send" "$IF_PHONE" vlan.pcap || exit 99
netns_wait_for "$out" '"mac":"00:1d:45:42:42:42","model":"7942".*"vlan":100' || exit 1
netns_wait_for "$out" '"mac":"00:1d:45:45:45:45","model":"7945".*"vlan":200' || exit 1

# The interface goes down and comes back: the capture follows it.
ip -n "$NS_SRV" link set "$IF_SRV" down
netns_wait_for "$out" '"code":"capture_lost"' || exit 1
ip -n "$NS_SRV" link set "$IF_SRV" up
netns_wait_for "$out" '"code":"capture_resumed"' || exit 1
# The veth needs a moment to carry frames again: resend until seen.
i=0
while ! grep -q '"mac":"00:25:45:65:65:65"' "$out" && [ $i -lt 50 ]; do
	ip netns exec "$NS_PHONE" "$PY" "$send" "$IF_PHONE" lldp-7965.pcap || exit 99
	sleep 0.2; i=$((i + 1))
done
netns_wait_for "$out" '"mac":"00:25:45:65:65:65","model":"7965","via":"lldp".*"vlan":100' 1 || exit 1
kill -0 "$pid" 2>/dev/null || { echo "sniff died"; cat "$err"; exit 1; }

# Offline as root under sudo: the capture and ROOT are opened first, in a
# directory only root may enter, then the frames are read as the sudo user,
# and the load's components are still counted from ROOT, for every
# component (ROOT's fd is scanned again each time).
priv=$NETNS_TMP/private
mkdir -p "$priv/root" && chmod 700 "$priv"
cp "$NETNS_TMP/caps/recovery-7970.pcap" "$priv/"
# Named in capitals: every lookup takes the case-insensitive directory scan.
for f in "$top_srcdir/tests/pcap/root/"*; do
	cp "$f" "$priv/root/$(basename "$f" | tr a-z A-Z)"
done
SUDO_UID=4242 SUDO_GID=4242 "$PHONERESCUE" sniff -v -f "$priv/recovery-7970.pcap" \
    -r "$priv/root" --json >"$NETNS_TMP/priv.json" 2>"$NETNS_TMP/priv.err" ||
    { echo "offline sniff as 4242 failed"; cat "$NETNS_TMP/priv.err"; exit 1; }
grep -q "running as uid 4242 .*keeping no capabilities" "$NETNS_TMP/priv.err" ||
    { echo "offline sniff did not drop to 4242"; cat "$NETNS_TMP/priv.err"; exit 1; }
"$PHONERESCUE" sniff -f "$priv/recovery-7970.pcap" -r "$top_srcdir/tests/pcap/root" \
    --user root --json >"$NETNS_TMP/asroot.json" 2>/dev/null || exit 1
cmp -s "$NETNS_TMP/priv.json" "$NETNS_TMP/asroot.json" ||
    { echo "events as 4242 differ from events as root"; diff "$NETNS_TMP/asroot.json" "$NETNS_TMP/priv.json"; exit 1; }
grep -q 'component 5 of 5' "$NETNS_TMP/priv.json" ||
    { echo "no component count from the private ROOT"; exit 1; }

# Every line is one JSON object (python parses each).
"$PY" -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$out" || {
	echo "bad JSON"; cat "$out"; exit 1; }

# SIGTERM: a clean stop, exit 0.
kill -TERM "$pid"
wait "$pid"; rc=$?
[ $rc -eq 0 ] || { echo "exit $rc after SIGTERM"; cat "$err"; exit 1; }
echo "ok: live sniff saw $(grep -c '"event":"phone"' "$out") phone events"
