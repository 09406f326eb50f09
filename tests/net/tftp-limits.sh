#!/bin/sh
# Issue 15, TFTP limits per client, against `phonerescue serve`:
#  - one address sends 5,000 RRQs from 5,000 ports: it holds exactly the
#    per-address cap (64 by default) however the kernel spreads its ports
#    over the servers sharing port 69; the rest are "Server busy";
#  - meanwhile a second address gets its file, byte-identical;
#  - requests whose source is our subnet's broadcast or network address
#    (spoofed with a raw socket) are dropped: no transfer, no answer.
. "$top_srcdir/tests/lib/tftp-common.sh"
need curl python3 cmp
tftp_setup
set -eu
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

head -c 300000 /dev/urandom >"$ROOT/big.bin"
head -c 5000 /dev/urandom >"$ROOT/small.bin"
# The spoofed sources must reach the server's socket.
ip netns exec "$NS_SRV" sysctl -qw net.ipv4.conf.all.rp_filter=0 \
    net.ipv4.conf."$IF_SRV".rp_filter=0
PHONE2_IP=$SUBNET.3
ip -n "$NS_PHONE" addr add "$PHONE2_IP/24" dev "$IF_PHONE"
tftp_serve

# The flood: 5,000 sockets on the phone's first address, one RRQ each,
# never an ACK; then count who got DATA 1 (a slot) and who got "busy".
cat >"$NETNS_TMP/flood.py" <<'EOPY'
import resource, select, socket, sys, time
srv, src, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 100), hard))
rrq = b"\0\1big.bin\0octet\0"
socks = []
for i in range(n):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((src, 0))
    s.setblocking(False)
    s.sendto(rrq, (srv, 69))
    socks.append(s)
    if i % 200 == 199:
        time.sleep(0.01)		# the server's socket buffer is finite
served = busy = 0
pending = set(range(n))
deadline = time.time() + 8
while pending and time.time() < deadline:
    for i in list(pending):
        try:
            d = socks[i].recv(2000)
        except BlockingIOError:
            continue
        pending.discard(i)
        if d[:2] == b"\0\3":
            served += 1
        elif d[:2] == b"\0\5" and b"busy" in d:
            busy += 1
    time.sleep(0.05)
print(served, busy, len(pending))
EOPY
on_phone python3 "$NETNS_TMP/flood.py" "$SRV_IP" "$PHONE_IP" 5000 >"$NETNS_TMP/flood.out"
read served busy silent <"$NETNS_TMP/flood.out"
echo "flood from $PHONE_IP: $served served, $busy busy, $silent unanswered"
[ "$served" -eq 64 ] || fail "one address holds $served slots, want 64"
# Under load the server's socket buffer may drop some of the 5,000 (they
# go unanswered, as on a real link); the rest must hear "busy".
[ $((served + busy + silent)) -eq 5000 ] && [ "$busy" -ge 1000 ] ||
    fail "only $busy requests were told busy"

# While those 64 sit there, another address is served in full.
if on_phone curl -sS --interface "$PHONE2_IP" "tftp://$SRV_IP/small.bin" \
    -o "$NETNS_TMP/small.out" 2>"$NETNS_TMP/curl.err" &&
    cmp -s "$ROOT/small.bin" "$NETNS_TMP/small.out"; then
	echo "ok: $PHONE2_IP got its file during the flood"
else
	fail "$PHONE2_IP during the flood: $(cat "$NETNS_TMP/curl.err")"
fi

# Spoofed sources: our subnet's broadcast and network addresses.
cat >"$NETNS_TMP/spoof.py" <<'EOPY'
import socket, struct, sys
src, dst = sys.argv[1], sys.argv[2]
payload = b"\0\1small.bin\0octet\0"
udp = struct.pack("!HHHH", 40000, 69, 8 + len(payload), 0) + payload
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                 socket.inet_aton(src), socket.inet_aton(dst))
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
for _ in range(3):
    s.sendto(ip + udp, (dst, 0))
EOPY
for src in "$SUBNET.255" "$SUBNET.0"; do
	on_phone python3 "$NETNS_TMP/spoof.py" "$src" "$SRV_IP"
done
netns_wait_for "$SERVE_ERR" "dropped a request from $SUBNET.255:40000: our subnet's broadcast" 5 ||
    fail "no word of the broadcast-source request being dropped"
netns_wait_for "$SERVE_ERR" "dropped a request from $SUBNET.0:40000: our subnet's network" 5 ||
    fail "no word of the network-source request being dropped"
if grep -q "\"event\":\"tftp_start\".*\"client\":\"$SUBNET.\(255\|0\):" "$SERVE_LOG"; then
	fail "a transfer was started for a broadcast or network source"
fi

kill "$SERVE_PID"
netns_wait_for "$SERVE_LOG" '"event":"stop"' 10 || fail "serve did not stop"
[ $fails -eq 0 ] && echo "ok: slots held by one peer: $served of 4096; a second peer served; bad sources dropped"
exit $fails
