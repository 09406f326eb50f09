#!/bin/sh
# Issue 15: another server on our UDP ports in this network namespace
# (dnsmasq and in.tftpd bind with SO_REUSEADDR, so our bind succeeded next
# to theirs and the requests were split) makes serve refuse, naming it;
# a server on another address that gets none of our packets does not.
. "$top_srcdir/tests/lib/tftp-common.sh"
need dnsmasq in.tftpd
tftp_setup
set -u
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
STATE=$NETNS_TMP/state
mkdir -p "$STATE"
chmod 755 "$ROOT"
echo x >"$ROOT/x.bin"

OTHER=""
other() {	# start a server in the server's namespace, wait for its port
	port=$1; shift
	netns_bg "$NS_SRV" "$@"
	OTHER=$LAST_PID
	i=0
	while ! ip netns exec "$NS_SRV" ss -Hlun "sport = :$port" | grep -q . &&
	    [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
}
other_stop() {
	kill "$OTHER" 2>/dev/null; wait "$OTHER" 2>/dev/null
	i=0
	while ip netns exec "$NS_SRV" ss -Hlun "sport = :$1" | grep -q . &&
	    [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
}
# run_serve NAME ARGS: serve, expected to refuse; the message in $MSG.
run_serve() {
	out=$NETNS_TMP/serve.$1; shift
	rc=0
	: >"$out"
	timeout 20 ip netns exec "$NS_SRV" env PHONERESCUE_STATE_DIR="$STATE" \
	    "$PHONERESCUE" serve -i "$IF_SRV" -r "$ROOT" --no-sniff --json "$@" \
	    >"$out" 2>&1 &
	pid=$!
	# A serve that started is stopped once ready: we only want to know.
	i=0
	while kill -0 $pid 2>/dev/null && ! grep -q '"event":"ready"' "$out" &&
	    [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
	grep -q '"event":"ready"' "$out" && kill $pid
	wait $pid || rc=$?
	MSG=$(grep -v '^{' "$out" | grep 'phonerescue serve:' || true)
	READY=$(grep -c '"event":"ready"' "$out" || true)
}

expect_refused() {	# tag name-in-message
	if [ "$READY" != 0 ] || [ "$rc" != 1 ]; then
		fail "$1: serve started (rc $rc) next to $2"
	elif ! echo "$MSG" | grep -q "$2"; then
		fail "$1: refused without naming $2: $MSG"
	else
		echo "ok: $1: $MSG"
	fi
}

# in.tftpd (tftp-hpa) on our address, then on 0.0.0.0.
for a in "$SRV_IP" 0.0.0.0; do
	other 69 in.tftpd -L -a "$a:69" -s "$ROOT"
	run_serve "hpa-$a" --no-dhcp
	expect_refused "in.tftpd on $a:69" "in.tftpd"
	other_stop 69
done

# dnsmasq's TFTP server.
other 69 dnsmasq -k --conf-file=/dev/null --port=0 --enable-tftp \
    --tftp-root="$ROOT" --pid-file="$NETNS_TMP/dnsmasq.pid" \
    --log-facility=/dev/null --user=root
run_serve dnsmasq-tftp --no-dhcp
expect_refused "dnsmasq TFTP on :69" "dnsmasq"
other_stop 69

# dnsmasq's DHCP server on our interface (in our namespace only).
other 67 dnsmasq -k --conf-file=/dev/null --port=0 --interface="$IF_SRV" \
    --dhcp-range="$SUBNET.100,$SUBNET.150,1h" \
    --dhcp-leasefile="$NETNS_TMP/dnsmasq.leases" \
    --pid-file="$NETNS_TMP/dnsmasq.pid" --log-facility=/dev/null --user=root
run_serve dnsmasq-dhcp --no-tftp --force
expect_refused "dnsmasq DHCP on :67" "dnsmasq"
other_stop 67

# A TFTP server on another address gets none of ours: serve starts.
other 69 in.tftpd -L -a 127.0.0.1:69 -s "$ROOT"
run_serve hpa-lo --no-dhcp
[ "$READY" = 1 ] || fail "in.tftpd on 127.0.0.1:69 stopped serve on $SRV_IP: $MSG"
other_stop 69
# Nothing else: serve starts, TFTP and DHCP.
run_serve alone --force
[ "$READY" = 1 ] || fail "serve alone did not start: $MSG"
[ $fails -eq 0 ] && echo "ok: other servers on 67/69 named and refused; others left alone"
exit $fails
