#!/bin/sh
# Soak (issue 9): `serve` with DHCP, TFTP and the sniffer all on, built
# with ASan+UBSan+LeakSanitizer, for SOAK_SECONDS (150) under
#   - SOAK_CONC (200) TFTP clients at once, each slot starting its next
#     transfer as soon as one ends (busybox -b 1468, busybox plain 512-byte,
#     atftp with windowsize 8), fetching 0 B, 512 B, one 1468-byte block,
#     300 KiB and 1 MiB; every copy is checked with cmp, and every
#     transfer's served path against the file its request named (a copy
#     that holds another file's bytes, or that busybox made after
#     "falling back to blocksize 512", came from a stale packet on a
#     reused client port and is listed apart);
#   - tests/lib/junk.py: random and malformed datagrams to ports 67, 69,
#     every live per-transfer port and closed ports, rogue TFTP clients,
#     and mutated CDP/LLDP/ARP/DHCP/TFTP frames on the link;
#   - udhcpc clients (four MACs on macvlans) leasing now and then.
# Afterwards the server still serves a file and a lease and reports a new
# phone, its fds are back to their idle count, SIGTERM exits 0, and no
# sanitizer reported anything.  VmRSS is sampled every second: the last
# sample must be within 2x of the one when the first SOAK_CONC transfers
# had ended (a leak tripwire, not a timing assertion).
#
#   SOAK_SECONDS=150 SOAK_CONC=200 SOAK_RATE=300 SOAK_FRAMES=60
#   SOAK_SEED=N (junk.py's seed; printed on every run)  SOAK_KEEP=DIR
#   SOAK_MAX_FAIL_PCT=1 (client failures no port takeover explains)

# Re-entry: the clients and the udhcpc loop run inside the phone's namespace.
case ${1:-} in
clients)
	i=0
	while [ $i -lt "$SOAK_CONC" ]; do
		sh "$0" slot $i &
		i=$((i + 1))
	done
	wait
	exit 0 ;;
slot)
	# One client slot, $2: transfers back to back until SOAK_END, each
	# line of w/$2.r "ok" / "fail" (client error) / "corrupt" (the client
	# said done but the copy differs) / "cut" (still running 45 s after
	# SOAK_END), kind, file, client's last words.
	i=$2
	if [ $((i % 40)) -eq 1 ] && [ "$HAVE_ATFTP" = 1 ]; then
		kind=atftp-w8
	elif [ $((i % 10)) -eq 0 ]; then
		kind=busybox-512
	else
		kind=busybox-1468
	fi
	o=$SOAK_DIR/w/$i
	# Each slot asks in its own letter case and prefix ("/", "\\"), as
	# phones do: two clients that the kernel gave the same port (below)
	# then never send byte-identical requests.
	for f in zero.bin one.bin mid.bin big.bin blk512.bin; do
		v=$(echo "$f" | awk -v i="$i" '{
			n = 0; out = ""
			for (k = 1; k <= length($0); k++) {
				c = substr($0, k, 1)
				if (c ~ /[a-z]/) {
					if (int(i / 2 ^ n) % 2) c = toupper(c)
					n++
				}
				out = out c
			}
			p = int(i / 2 ^ n) % 3
			print (p == 1 ? "/" : p == 2 ? "\\" : "") out }')
		eval "name_${f%.bin}=\$v"
	done
	j=0
	while [ "$(date +%s)" -lt "$SOAK_END" ]; do
		# Every kind of client gets every file.
		case $(( (i + i / 5 + j) % 5 )) in
		0) f=zero.bin ;; 1) f=one.bin ;; 2) f=mid.bin ;;
		3) f=big.bin ;; *) f=blk512.bin ;;
		esac
		eval "asked=\$name_${f%.bin}"
		j=$((j + 1))
		case $kind in
		atftp-w8) set -- atftp --option "blksize 1428" \
		    --option "windowsize 8" --option "tsize 0" \
		    -g -r "$asked" -l "$o" "$SRV_IP" ;;
		busybox-512) set -- busybox tftp -g -r "$asked" -l "$o" "$SRV_IP" ;;
		*) set -- busybox tftp -b 1468 -g -r "$asked" -l "$o" "$SRV_IP" ;;
		esac
		# busybox gives up by itself after ~11 s without an answer; one
		# still crawling 45 s after SOAK_END is cut, and counted apart.
		r=ok
		timeout $((SOAK_END + 45 - $(date +%s))) "$@" >"$o.err" 2>&1 || r=$?
		case $r in
		ok)	cmp -s "$SOAK_ROOT/$f" "$o" || r=corrupt ;;
		124)	r=cut ;;
		*)	r=fail ;;
		esac
		# A stale packet on a reused port: the kernel gave this client
		# the port of a transfer whose server still resends to it, and
		# busybox took that transfer's block as the answer to its
		# request ("falling back to blocksize 512", or a whole other
		# file).  The server's side is checked below (every transfer
		# served the file its request named); such a copy is said
		# apart, not counted as corrupt.
		if [ "$r" = corrupt ]; then
			grep -q 'falling back to blocksize' "$o.err" && r=stale
			for g in zero.bin one.bin mid.bin big.bin blk512.bin; do
				[ "$g" != "$f" ] && cmp -s "$SOAK_ROOT/$g" "$o" && r=stale
			done
		fi
		# the client's last words, without its progress bar
		echo "$r $kind $f $(tr '\r' '\n' <"$o.err" | grep . | tail -n 1)" >>"$o.r"
		rm -f "$o" "$o.err"
	done
	exit 0 ;;
leases)
	k=0
	while [ "$(date +%s)" -lt "$SOAK_END" ]; do
		k=$((k + 1))
		rm -f "$SOAK_DIR/bound"
		if OUT_ENV=$SOAK_DIR/bound udhcpc -f -q -n -t 5 -T 2 \
		    -i "mv$((k % 4))" -V 'Cisco Systems, Inc. IP Phone CP-7970G' \
		    -O 150 -O 66 -s "$SOAK_DIR/udhcpc.script" \
		    >"$SOAK_DIR/udhcpc.log" 2>&1 && [ -s "$SOAK_DIR/bound" ]; then
			echo "ok mv$((k % 4)) $(cat "$SOAK_DIR/bound")" >>"$SOAK_DIR/leases"
		else
			echo "fail mv$((k % 4)) $(tr '\n' ' ' <"$SOAK_DIR/udhcpc.log")" \
			    >>"$SOAK_DIR/leases"
		fi
		[ "$(date +%s)" -lt $((SOAK_END - 8)) ] || break
		sleep 8		# pacing: "now and then", not a wait for anything
	done
	exit 0 ;;
esac

. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
PY=/usr/bin/python3
PR=${PHONERESCUE:-$top_builddir/phonerescue}
for c in busybox udhcpc timeout cmp ss; do
	command -v $c >/dev/null 2>&1 || { echo "SKIP: $c is not installed"; exit 77; }
done
"$PY" -c 'import scapy' 2>/dev/null || { echo "SKIP: $PY has no scapy"; exit 77; }
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
SOAK_SECONDS=${SOAK_SECONDS:-150}
SOAK_CONC=${SOAK_CONC:-200}
HAVE_ATFTP=0
command -v atftp >/dev/null 2>&1 && HAVE_ATFTP=1

# Client copies on tmpfs when there is one: 200 writers on a busy disk
# would make the clients, not the server, the slow part.
[ -d /dev/shm ] && [ -w /dev/shm ] && TMPDIR=/dev/shm && export TMPDIR
netns_pair
# The server may drop to `nobody` after start: everything it reads is
# world-readable, everything it writes world-writable (mktemp -d is 0700).
chmod 711 "$NETNS_TMP"
# SOAK_KEEP=DIR keeps the logs (serve.json, results, junk.stats...) there.
D=${SOAK_KEEP:-$NETNS_TMP/soak} ROOT=$NETNS_TMP/root STATE=$NETNS_TMP/state SAN=$NETNS_TMP/san
mkdir -p "$D" "$ROOT" "$STATE" "$SAN"
rm -rf "$D/w" "$D/results" "$D/leases" "$D/rss.log"
chmod 755 "$ROOT"
chmod 1777 "$STATE" "$SAN"
head -c 0 /dev/urandom >"$ROOT/zero.bin"
head -c 512 /dev/urandom >"$ROOT/blk512.bin"
head -c 1468 /dev/urandom >"$ROOT/one.bin"
head -c $((300 * 1024)) /dev/urandom >"$ROOT/mid.bin"
head -c $((1024 * 1024)) /dev/urandom >"$ROOT/big.bin"
chmod 644 "$ROOT"/*
cat >"$D/udhcpc.script" <<'EOS'
#!/bin/sh
# Record the lease; configure nothing.
[ "$1" = bound ] && echo "ip=$ip siaddr=$siaddr opt150=$opt150" >"$OUT_ENV"
exit 0
EOS
chmod +x "$D/udhcpc.script"
# Four more MACs on the phone's side for udhcpc.
for k in 0 1 2 3; do
	ip -n "$NS_PHONE" link add "mv$k" link "$IF_PHONE" address "02:5e:50:00:00:0$k" \
	    type macvlan mode bridge || exit 99
	ip -n "$NS_PHONE" link set "mv$k" up
done

asan=0
ldd "$PR" 2>/dev/null | grep -q libasan && asan=1
[ $asan = 1 ] || echo "note: $PR has no ASan/LSan: leaks are judged by RSS and fds only"
# A small quarantine: ASan's default 256 MiB of freed memory would make
# RSS grow by itself and hide the tripwire below.  The SOAK_CONC clients
# share the phone's one address: lift the per-address cap (64) above them.
netns_bg "$NS_SRV" env PHONERESCUE_STATE_DIR="$STATE" \
    ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:quarantine_size_mb=16:log_path=$SAN/asan" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$SAN/ubsan" \
    "$PR" serve -i "$IF_SRV" -r "$ROOT" --json --leases "$STATE/dhcp.leases" \
    --tftp-per-client 4096 >"$D/serve.json" 2>"$D/serve.err"
SPID=$LAST_PID
netns_wait_for "$D/serve.json" '"event":"ready".*"dhcp":true.*"tftp":true.*"sniff":true' 20 ||
    { cat "$D/serve.err" >&2; fail "serve did not start with DHCP, TFTP and the sniffer"; }

on_phone() { ip netns exec "$NS_PHONE" "$@"; }
lease() {	# IFACE: one udhcpc lease with 150 pointing at us
	rm -f "$D/bound"
	OUT_ENV=$D/bound on_phone udhcpc -f -q -n -t 5 -T 2 -i "$1" \
	    -V 'Cisco Systems, Inc. IP Phone CP-7970G' -O 150 -O 66 \
	    -s "$D/udhcpc.script" >"$D/udhcpc.log" 2>&1 && [ -s "$D/bound" ] &&
	    grep -q "ip=$SUBNET\.[0-9]* siaddr=$SRV_IP" "$D/bound"
}
fetch() {	# FILE: one busybox transfer, byte-identical
	rm -f "$D/fetched"
	on_phone busybox tftp -b 1468 -g -r "$1" -l "$D/fetched" "$SRV_IP" \
	    >"$D/fetch.log" 2>&1 &&
	    cmp -s "$ROOT/$1" "$D/fetched"
}
fds() { ls "/proc/$SPID/fd" | wc -l; }
drops() {	# NS IF: where datagrams were lost, to explain a client timeout
	ip netns exec "$1" nstat -asz UdpRcvbufErrors UdpSndbufErrors UdpInErrors |
	    awk 'NR > 1 { printf "%s %s, ", $1, $2 }'
	ip -n "$1" -s link show dev "$2" |
	    awk '/RX:/ { getline; r = $4 } /TX:/ { getline; t = $4 } END { printf "%s dropped rx %s tx %s", "'"$2"'", r, t }'
}
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$SPID/status"; }

lease mv0 || { cat "$D/udhcpc.log" >&2; fail "no lease before the soak"; }
fetch big.bin || fail "big.bin not served intact before the soak"
idle_fds=$(fds)
echo "idle: $idle_fds fds, $(rss) kB RSS, uid $(awk '/^Uid:/ { print $3 }' "/proc/$SPID/status")"

mkdir -p "$D/w"
netns_bg "$NS_PHONE" "$PY" "$top_srcdir/tests/lib/junk.py" --server "$SRV_IP" \
    --iface "$IF_PHONE" --srv-ns "$NS_SRV" --stats "$D/junk.stats" \
    --files zero.bin,one.bin,mid.bin,big.bin,blk512.bin \
    --rate "${SOAK_RATE:-300}" --frames "${SOAK_FRAMES:-60}" \
    ${SOAK_SEED:+--seed "$SOAK_SEED"} 2>"$D/junk.err"
JUNK_PID=$LAST_PID
netns_wait_for "$D/junk.err" '^junk: sending' 60 || fail "junk.py did not start"
SOAK_END=$(($(date +%s) + SOAK_SECONDS))
export SOAK_DIR="$D" SOAK_END SOAK_CONC SOAK_ROOT="$ROOT" SRV_IP HAVE_ATFTP
start=$(date +%s)
netns_bg "$NS_PHONE" sh "$0" leases
LEASES_PID=$LAST_PID
netns_bg "$NS_PHONE" sh "$0" clients
CLIENTS_PID=$LAST_PID

# Sample the server while the clients run: seconds, RSS, fds, transfers.
first_rss=
while kill -0 "$CLIENTS_PID" 2>/dev/null; do
	kill -0 "$SPID" 2>/dev/null || break
	n=$(cat "$D"/w/*.r 2>/dev/null | wc -l)
	r=$(rss)
	[ -z "$first_rss" ] && [ "$n" -ge "$SOAK_CONC" ] && first_rss=$r
	echo "$(($(date +%s) - start)) $r $(fds) $n" >>"$D/rss.log"
	sleep 1
done
clients_rc=0
wait "$CLIENTS_PID" || clients_rc=$?
kill -TERM "$JUNK_PID"
wait "$JUNK_PID" && [ -s "$D/junk.stats" ] ||
    { tail -5 "$D/junk.err" >&2; fail "junk.py failed"; }
soak_secs=$(($(date +%s) - start))
cat "$D"/w/*.r >"$D/results"
kill -0 "$SPID" 2>/dev/null ||
    { tail -5 "$D/serve.err" >&2; cat "$SAN"/* >&2 2>/dev/null; fail "serve died during the soak"; }
[ $clients_rc -eq 0 ] || fail "the client runner failed ($clients_rc)"
# (A short SOAK_SECONDS may end fewer: then the tripwire compares with
# the last sample taken while clients ran, and means little.)
[ -n "$first_rss" ] || first_rss=$(tail -n 1 "$D/rss.log" | cut -d' ' -f2)

# The transfers the junk started and abandoned end within TFTP_GIVE_UP_MS
# (30 s) of silence: then every fd is closed again.
i=0
while [ "$(fds)" -gt "$idle_fds" ] && [ $i -lt 600 ]; do
	sleep 0.1; i=$((i + 1))
done
end_fds=$(fds)
ls -l "/proc/$SPID/fd" >"$D/fds.end"
wait "$LEASES_PID"

# Still serving: a file, a lease, and the sniffer reports a new phone.
fetch big.bin || fail "big.bin not served intact after the soak"
lease mv1 || { cat "$D/udhcpc.log" >&2; fail "no lease after the soak"; }
sniff_ok=skipped
if ! grep -q '"sniff_table_full"' "$D/serve.json"; then
	on_phone "$PY" - "$IF_PHONE" "$top_srcdir/tests/pcap" <<'PY' || fail "scapy"
import sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[2])
import gen
from scapy.all import conf
s = conf.L2socket(iface=sys.argv[1])
s.send(gen.cdp_phone("00:1b:d4:5a:5a:01", "SEP001BD45A5A01",
                     "Cisco IP Phone 7970", "SCCP70.8-4-2S", "198.19.90.1"))
s.close()
PY
	netns_wait_for "$D/serve.json" '"event":"phone".*"mac":"00:1b:d4:5a:5a:01","model":"7970"' 10 ||
	    fail "the sniffer did not report a phone after the soak"
	sniff_ok=yes
fi
last_rss=$(rss)

kill -TERM "$SPID"
rc=0
wait "$SPID" || rc=$?

# Figures.
# busybox sets SO_REUSEADDR, and Linux's UDP autobind then hands a new
# socket a port another SO_REUSEADDR socket holds (about 0.7 % of new
# sockets with 200 alive: the ephemeral range has 28232 ports).  A new
# request from a transfer's client IP:port, its TID (RFC 1350), means the
# old client is gone: the server drops that transfer and its real client
# fails ("read error" on the ICMP port unreachable).  Such takeovers show
# in the events as a tftp_start from a client port whose previous transfer
# had neither tftp_done nor tftp_error; each explains one failed transfer.
taken=$(awk '/"event":"tftp_(start|done|error)"/ {
	ev = $0; sub(/.*"event":"tftp_/, "", ev); sub(/".*/, "", ev)
	c = $0; if (!sub(/.*"client":"/, "", c)) next; sub(/".*/, "", c)
	if (substr(c, index(c, ":") + 1) + 0 < 32768) next	# junk.py
	x = $0; if (!sub(/.*"xfer":/, "", x)) next; sub(/[^0-9].*/, "", x)
	if (ev == "start") { if (c in open) n++; open[c] = x }
	else if (open[c] == x) delete open[c]
} END { print n + 0 }' "$D/serve.json")
n_ok=$(grep -c '^ok' "$D/results" || true)
n_fail=$(grep -c '^fail' "$D/results" || true)
n_bad=$(grep -c '^corrupt' "$D/results" || true)
n_stale=$(grep -c '^stale' "$D/results" || true)
# The server's word: every transfer of a soak client served the file its
# request named (letter case and the leading / or \\ aside).
wrong_file=$(awk '/"event":"tftp_start"/ {
	c = $0; if (!sub(/.*"client":"/, "", c)) next; sub(/".*/, "", c)
	if (substr(c, index(c, ":") + 1) + 0 < 32768) next	# junk.py
	f = $0; sub(/.*"file":"/, "", f); sub(/".*/, "", f)
	p = $0; sub(/.*"path":"/, "", p); sub(/".*/, "", p)
	# the leading / or \ as the JSON has it ("\\x5c": a \ shown safe)
	f = tolower(f); sub(/^(\/|\\\\x5c|\\\\)/, "", f)
	if (f != tolower(p)) { n++; if (n <= 5) print "  " $0 > "/dev/stderr" }
} END { print n + 0 }' "$D/serve.json")
n_cut=$(grep -c '^cut' "$D/results" || true)
l_ok=$(grep -c '^ok' "$D/leases" 2>/dev/null || true)
l_fail=$(grep -c '^fail' "$D/leases" 2>/dev/null || true)
bytes=$(awk '$1 == "ok" { n[$3]++ } END { printf "%.0f", (n["big.bin"] * 1048576 + n["mid.bin"] * 307200 + n["one.bin"] * 1468 + n["blk512.bin"] * 512) / 1048576 }' "$D/results")
echo "soak: ${soak_secs}s, $SOAK_CONC clients at once: $n_ok transfers ok ($bytes MiB), $n_fail failed ($taken port takeovers), $n_bad corrupt, $n_stale from a stale packet on a reused port, $n_cut cut at the end; by client: $(awk '{ n[$2]++ } END { for (k in n) printf "%s %d ", k, n[k] }' "$D/results")"
echo "soak: udhcpc leases $l_ok ok, $l_fail failed; junk: $(grep -E '^(datagrams|frames|rogue_rrq|live_ports_max|send_errors) ' "$D/junk.stats" | tr '\n' ' ')"
echo "soak: RSS when $SOAK_CONC transfers had ended ${first_rss} kB, at the end ${last_rss} kB, peak $(sort -k2 -n "$D/rss.log" | tail -1 | cut -d' ' -f2) kB; fds idle $idle_fds, end $end_fds, peak $(sort -k3 -n "$D/rss.log" | tail -1 | cut -d' ' -f3); sniffer check: $sniff_ok"
grep "^junk: seed" "$D/junk.err" | sed "s/^/soak: /"
echo "soak: server side: $(drops "$NS_SRV" "$IF_SRV"); phone side: $(drops "$NS_PHONE" "$IF_PHONE")"
echo "soak: serve events: $(grep -c '"event":"tftp_done"' "$D/serve.json") tftp_done, $(grep -c '"event":"tftp_error"' "$D/serve.json") tftp_error, $(grep -c '"event":"dhcp_lease"' "$D/serve.json") dhcp_lease, $(grep -c '"event":"phone"' "$D/serve.json") phone"

# Verdicts.
bad=0
if [ -n "$(ls -A "$SAN")" ]; then
	echo "FAIL: sanitizer reports:"; cat "$SAN"/*; bad=1
fi
if grep -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error' "$D/serve.err"; then
	echo "FAIL: sanitizer output on stderr"; bad=1
fi
[ "$rc" -eq 0 ] || { echo "FAIL: serve exited $rc on SIGTERM"; tail -5 "$D/serve.err"; bad=1; }
[ "$n_bad" -eq 0 ] || { echo "FAIL: $n_bad copies differ from the file served"; grep '^corrupt' "$D/results" | head; bad=1; }
[ "$wrong_file" -eq 0 ] || { echo "FAIL: $wrong_file transfers served another file than the request named"; bad=1; }
[ "$n_stale" -eq 0 ] || { echo "stale packets on reused ports (busybox took another transfer's block first):"; grep '^stale' "$D/results" | head -5; }
# Failures no takeover explains: allowed up to SOAK_MAX_FAIL_PCT (1) % of
# the transfers, for a machine loaded by others (busybox gives up after
# about 11 s without an answer; the drop counters above tell where the
# datagrams went).  On a quiet machine there are none.
unexplained=$((n_fail - taken))
[ $unexplained -ge 0 ] || unexplained=0
if [ "$n_fail" -gt 0 ]; then
	echo "failed transfers ($unexplained not explained by a port takeover; load average: $(cut -d' ' -f1-3 /proc/loadavg)):"
	grep '^fail' "$D/results" | sort | uniq -c | sort -rn | head -10
	[ $((unexplained * 100)) -le $(( ${SOAK_MAX_FAIL_PCT:-1} * (n_ok + n_fail) )) ] ||
	    { echo "FAIL: $unexplained of $((n_ok + n_fail)) transfers failed with no port takeover to explain them"; bad=1; }
fi
[ "$l_ok" -gt 0 ] || { echo "FAIL: no udhcpc lease during the soak"; bad=1; }
[ "$l_fail" -eq 0 ] || { echo "FAIL: udhcpc failed:"; grep '^fail' "$D/leases"; bad=1; }
[ "$end_fds" -le "$idle_fds" ] || { echo "FAIL: $end_fds fds open after the soak, $idle_fds idle:"; cat "$D/fds.end"; bad=1; }
# Leak tripwire: RSS must not keep growing once the first SOAK_CONC
# transfers have set the working set (buffers, tables, ASan's 16 MiB
# quarantine).
[ "$last_rss" -le $((2 * first_rss)) ] ||
    { echo "FAIL: RSS grew from $first_rss kB to $last_rss kB"; bad=1; }
[ $bad -eq 0 ] && echo "ok: soak passed"
exit $bad
