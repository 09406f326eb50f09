#!/bin/sh
# bench/tftp.sh: phonerescue's TFTP engine side by side with dnsmasq,
# atftpd and in.tftpd (tftp-hpa), same files, same clients, one run, in a
# namespace pair made for it (never on eth0).  Prints one table row per
# server and scenario and the ratios the issue targets:
#
#   L512    busybox tftp, lockstep, 512-byte blocks, 16 MiB
#   L1468   busybox tftp -b 1468, lockstep, 32 MiB
#   W16     atftp blksize 1468 windowsize 16, 64 MiB
#   W64     atftp blksize 1468 windowsize 64, 64 MiB
#   C200    200 busybox -b 1468 at once, 4 MiB each (aggregate, failures)
#   LOSS2   tftp-hpa (512, lockstep) of 256 KiB through tests/lib/udprelay.py
#           at 2 % loss each way (server-side recovery: the client's own
#           retransmission is 5 s)
#   SHAPED  ours, W64 of 32 MiB over the veth shaped to 100 Mbit/s (htb)
#
# C200 also reports the CPU time each server used (user + system, its
# threads and reaped children), since the clients share the CPUs with it.
# "ceiling" is bench/tftp_ceiling.c, not a peer: the least a lockstep
# server can do per block (blocking send + recv, file in memory), run for
# L512 and L1468 only, to show how far above the best peer any server
# could get with these clients on this kernel.
#
# Usage: sudo bench/tftp.sh   (PHONERESCUE=release build, RUNS=3,
#        SERVERS="ours dnsmasq atftpd in.tftpd ceiling",
#        SCENARIOS="L512 L1468 W16 W64 C200 LOSS2 SHAPED")
# atftpd conflicts with tftpd-hpa as a Debian package, so it is unpacked
# privately (apt-get download atftpd; dpkg -x) into a temp dir.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(dirname "$here")}
P=${PHONERESCUE:-$top_srcdir/phonerescue}
RUNS=${RUNS:-3}
SERVERS=${SERVERS:-"ours dnsmasq atftpd in.tftpd ceiling"}
SCENARIOS=${SCENARIOS:-"L512 L1468 W16 W64 C200 LOSS2 SHAPED"}
. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
for c in busybox atftp tftp dnsmasq in.tftpd /usr/bin/python3; do
	command -v "$c" >/dev/null 2>&1 || { echo "bench/tftp.sh: needs $c"; exit 99; }
done
[ -x "$P" ] || { echo "bench/tftp.sh: no phonerescue at $P"; exit 99; }
netns_pair 77
chmod 755 "$NETNS_TMP"
ROOT=$NETNS_TMP/root
OUT=/dev/shm/prtftpbench.$$
mkdir -p "$ROOT" "$OUT"
trap 'rc=$?; rm -rf "$OUT"; netns_cleanup; exit $rc' EXIT
chmod 755 "$ROOT"

# atftpd, privately.
ATFTPD=""
if echo "$SERVERS" | grep -q atftpd; then
	ad=$NETNS_TMP/atftpd
	mkdir -p "$ad" && (cd "$ad" && apt-get download atftpd >/dev/null 2>&1 &&
	    dpkg -x atftpd_*.deb x) && ATFTPD=$ad/x/usr/sbin/atftpd
	[ -x "$ATFTPD" ] || { echo "bench/tftp.sh: could not unpack atftpd; skipping it"; ATFTPD=""; }
fi

CEILING=""
if echo "$SERVERS" | grep -q ceiling; then
	CEILING=$NETNS_TMP/tftp_ceiling
	${CC:-cc} -O2 -o "$CEILING" "$here/tftp_ceiling.c" ||
	    { echo "bench/tftp.sh: could not build tftp_ceiling; skipping it"; CEILING=""; }
fi

mk() { head -c "$2" /dev/urandom >"$ROOT/$1"; chmod 644 "$ROOT/$1"; }
mk probe.bin 100
mk f16.bin $((16 << 20))
mk f32.bin $((32 << 20))
mk f64.bin $((64 << 20))
mk f4.bin $((4 << 20))
mk f256k.bin $((256 << 10))

now_ns() { date +%s%N; }
on_phone() { ip netns exec "$NS_PHONE" "$@"; }

SRV_PID=""
start_server() {
	case $1 in
	# C200's 200 clients share one address: lift the per-address cap
	# (64) as dnsmasq's --tftp-max is lifted.
	ours)	netns_bg "$NS_SRV" "$P" serve -i "$IF_SRV" -r "$ROOT" --no-dhcp \
		    --no-sniff --json --tftp-per-client 1000 \
		    >"$NETNS_TMP/ours.log" 2>/dev/null ;;
	dnsmasq) netns_bg "$NS_SRV" dnsmasq -k --conf-file=/dev/null --port=0 \
		    --enable-tftp --tftp-root="$ROOT" --listen-address="$SRV_IP" \
		    --bind-interfaces --tftp-max=1000 --user=root \
		    --pid-file="$NETNS_TMP/dnsmasq.pid" --log-facility=/dev/null ;;
	atftpd)	[ -n "$ATFTPD" ] || return 1
		netns_bg "$NS_SRV" "$ATFTPD" --daemon --no-fork --bind-address "$SRV_IP" \
		    --port 69 --maxthread 1000 --user root.root --logfile /dev/null \
		    --no-multicast "$ROOT" ;;
	in.tftpd) netns_bg "$NS_SRV" in.tftpd -L -a "$SRV_IP:69" -u root -s "$ROOT" ;;
	ceiling) [ -n "$CEILING" ] || return 1
		netns_bg "$NS_SRV" "$CEILING" "$SRV_IP" "$ROOT" ;;
	esac
	SRV_PID=$LAST_PID
	i=0
	while [ $i -lt 50 ]; do
		if on_phone busybox tftp -g -r probe.bin -l "$OUT/probe" "$SRV_IP" \
		    >/dev/null 2>&1 && cmp -s "$OUT/probe" "$ROOT/probe.bin"; then
			return 0
		fi
		sleep 0.1; i=$((i + 1))
	done
	echo "bench/tftp.sh: $1 did not come up"
	return 1
}

stop_server() {
	kill "$SRV_PID" 2>/dev/null
	i=0
	while kill -0 "$SRV_PID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	kill -9 "$SRV_PID" 2>/dev/null
	# in.tftpd forks a child per transfer; wait until nothing holds port 69.
	i=0
	while ip netns exec "$NS_SRV" ss -Hlun 'sport = :69' 2>/dev/null | grep -q . &&
	    [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
}

CLIENT_PIN=""	# e.g. "taskset -c 1": where the lockstep client runs
fetch() {	# scenario file out
	case $1 in
	L512)	$CLIENT_PIN ip netns exec "$NS_PHONE" busybox tftp -g -r "$2" -l "$3" "$SRV_IP" ;;
	L1468)	$CLIENT_PIN ip netns exec "$NS_PHONE" busybox tftp -b 1468 -g -r "$2" -l "$3" "$SRV_IP" ;;
	W16)	on_phone atftp --option "blksize 1468" --option "windowsize 16" \
		    -g -r "$2" -l "$3" "$SRV_IP" ;;
	W64)	on_phone atftp --option "blksize 1468" --option "windowsize 64" \
		    -g -r "$2" -l "$3" "$SRV_IP" ;;
	esac >/dev/null 2>&1
}

# median of the arguments
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }

RESULTS=$NETNS_TMP/results
: >"$RESULTS"
result() { echo "$*" >>"$RESULTS"; }	# server scenario value unit note

# Lockstep twice, with the server (all its threads) and the client pinned
# to one CPU together ("same") and to two different CPUs ("split"):
# unpinned, where the scheduler happens to put the two decides the round
# trip (runs of one server came out bimodal, 15 vs 19 MB/s at L512).
run_lockstep() {	# server scenario file
	last=$(($(nproc) - 1))
	taskset -a -p -c 0 "$SRV_PID" >/dev/null
	for place in same split; do
		case $place in
		same)	CLIENT_PIN="taskset -c 0" ;;
		split)	[ "$last" -gt 0 ] || continue
			CLIENT_PIN="taskset -c $last" ;;
		esac
		run_scenario "$1" "$2" "$3" "$2/$place"
	done
	CLIENT_PIN=""
	taskset -a -p -c "0-$last" "$SRV_PID" >/dev/null
}

run_scenario() {	# server scenario file [label]
	label=${4:-$2}
	bytes=$(stat -c %s "$ROOT/$3")
	# First a checked copy, then RUNS timed ones to /dev/null.
	rm -f "$OUT/check"
	if ! fetch "$2" "$3" "$OUT/check" || ! cmp -s "$OUT/check" "$ROOT/$3"; then
		result "$1" "$label" 0 MB/s "FAILED"
		printf '  %-9s %-11s FAILED\n' "$1" "$label"
		return
	fi
	rm -f "$OUT/check"
	times=""
	n=0
	while [ $n -lt "$RUNS" ]; do
		t0=$(now_ns)
		fetch "$2" "$3" /dev/null
		t1=$(now_ns)
		times="$times $(( (t1 - t0) / 1000 ))"
		n=$((n + 1))
	done
	us=$(median $times)
	mbs=$(awk -v b="$bytes" -v us="$us" 'BEGIN { printf "%.2f", b / us }')
	result "$1" "$label" "$mbs" MB/s "median of $RUNS"
	printf '  %-9s %-11s %8s MB/s   (runs, ms:%s)\n' "$1" "$label" "$mbs" \
	    "$(for t in $times; do printf ' %d' $((t / 1000)); done)"
}

# CPU time of the server so far, in clock ticks: utime stime cutime cstime.
srv_ticks() {
	awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$SRV_PID/stat" 2>/dev/null ||
	    echo 0
}

run_concurrent() {	# server
	n=200
	rm -f "$OUT"/c.*
	c0=$(srv_ticks)
	t0=$(now_ns)
	i=0 pids=""
	while [ $i -lt $n ]; do
		on_phone busybox tftp -b 1468 -g -r f4.bin -l "$OUT/c.$i" "$SRV_IP" \
		    >"$OUT/e.$i" 2>&1 &
		pids="$pids $!"
		i=$((i + 1))
	done
	for p in $pids; do wait "$p"; done
	t1=$(now_ns)
	c1=$(srv_ticks)
	hz=$(getconf CLK_TCK)
	cpu=$(awk -v t=$((c1 - c0)) -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }')
	mbcpu=$(awk -v b=$((n * (4 << 20))) -v c="$cpu" 'BEGIN { if (c > 0) printf "%.1f", b / 1e6 / c }')
	fails=0
	i=0
	why=""
	while [ $i -lt $n ]; do
		if ! cmp -s "$OUT/c.$i" "$ROOT/f4.bin"; then
			fails=$((fails + 1))
			[ -n "$why" ] || why=$(tail -n 1 "$OUT/e.$i" | tr -d '\r')
		fi
		i=$((i + 1))
	done
	rm -f "$OUT"/c.* "$OUT"/e.*
	us=$(( (t1 - t0) / 1000 ))
	mbs=$(awk -v b=$((n * (4 << 20))) -v us="$us" 'BEGIN { printf "%.2f", b / us }')
	result "$1" C200 "$mbs" MB/s "$fails failed, $((us / 1000)) ms wall"
	result "$1" C200CPU "$cpu" s "${mbcpu:-?} MB per CPU-second"
	printf '  %-9s C200   %8s MB/s   aggregate, %d of %d failed, %d ms, server CPU %s s%s\n' "$1" \
	    "$mbs" "$fails" $n $((us / 1000)) "$cpu" "${why:+ (first failure: $why)}"
}

RELAY_PORT=7100
run_loss() {	# server
	RELAY_PORT=$((RELAY_PORT + 1))
	netns_bg "$NS_PHONE" /usr/bin/python3 "$top_srcdir/tests/lib/udprelay.py" \
	    --listen "127.0.0.1:$RELAY_PORT" --server "$SRV_IP:69" --loss 0.02 \
	    --seed 7 --ready "$OUT/relay.$RELAY_PORT"
	rp=$LAST_PID
	netns_wait_for "$OUT/relay.$RELAY_PORT" ready 10 >/dev/null || return
	rm -f "$OUT/loss"
	t0=$(now_ns)
	on_phone tftp -m binary 127.0.0.1 "$RELAY_PORT" -c get f256k.bin "$OUT/loss" \
	    >/dev/null 2>&1
	t1=$(now_ns)
	kill "$rp" 2>/dev/null
	ms=$(( (t1 - t0) / 1000000 ))
	note="ok"
	cmp -s "$OUT/loss" "$ROOT/f256k.bin" || note="FAILED"
	result "$1" LOSS2 "$ms" ms "$note"
	printf '  %-9s LOSS2  %8d ms     completion, 256 KiB at 2%% loss (%s)\n' "$1" "$ms" "$note"
}

run_shaped() {
	ip netns exec "$NS_SRV" tc qdisc add dev "$IF_SRV" root handle 1: htb default 10
	ip netns exec "$NS_SRV" tc class add dev "$IF_SRV" parent 1: classid 1:10 \
	    htb rate 100mbit ceil 100mbit
	t0=$(now_ns)
	fetch W64 f32.bin "$OUT/shaped"
	t1=$(now_ns)
	ip netns exec "$NS_SRV" tc qdisc del dev "$IF_SRV" root
	us=$(( (t1 - t0) / 1000 ))
	mbs=$(awk -v b=$((32 << 20)) -v us="$us" 'BEGIN { printf "%.2f", b / us }')
	note=ok
	cmp -s "$OUT/shaped" "$ROOT/f32.bin" || note=FAILED
	rm -f "$OUT/shaped"
	result ours SHAPED "$mbs" MB/s "$note"
	printf '  %-9s SHAPED %8s MB/s   W64 over 100 Mbit/s htb (%s; target >= 10.74)\n' \
	    ours "$mbs" "$note"
}

echo "bench/tftp.sh: $(nproc) cores, $(uname -r), runs=$RUNS, veth MTU 1500"
for s in $SERVERS; do
	echo "$s:"
	start_server "$s" || { result "$s" ALL 0 - "did not start"; continue; }
	for sc in $SCENARIOS; do
		# the ceiling is a lockstep yardstick only
		[ "$s" = ceiling ] && [ "$sc" != L512 ] && [ "$sc" != L1468 ] && continue
		case $sc in
		L512)	run_lockstep "$s" L512 f16.bin ;;
		L1468)	run_lockstep "$s" L1468 f32.bin ;;
		W16|W64) run_scenario "$s" "$sc" f64.bin ;;
		C200)	run_concurrent "$s" ;;
		LOSS2)	run_loss "$s" ;;
		SHAPED)	[ "$s" = ours ] && run_shaped ;;
		esac
	done
	stop_server
done

# Ratios: ours against the best peer (LOSS2: against dnsmasq, lower is better).
echo
echo "ratios (ours / best peer; LOSS2: ours / dnsmasq):"
awk '
{ v[$1, $2] = $3; srv[$1] = 1; sc[$2] = 1
  n = $1 " " $2 " " $3 " " $4 " "; note[$1, $2] = substr($0, length(n) + 1) }
END {
	split("L512/same L512/split L1468/same L1468/split W16 W64 C200", S, " ")
	for (i = 1; i <= 7; i++) {
		s = S[i]; best = 0; who = "-"
		for (p in srv) if (p != "ours" && p != "ceiling" && ((p, s) in v) && v[p, s] + 0 > best) { best = v[p, s] + 0; who = p }
		if (best > 0 && ((("ours", s) in v)))
			printf "  %-11s %.2fx  (ours %s MB/s, best peer %s %s MB/s)\n", s, v["ours", s] / best, v["ours", s], who, best
		if (best > 0 && ((("ceiling", s) in v)) && v["ceiling", s] > 0)
			printf "  %-11s ceiling %.2fx the best peer (%s MB/s); ours is %.2f of the ceiling\n", s, v["ceiling", s] / best, v["ceiling", s], v["ours", s] / v["ceiling", s]
	}
	if ((("ours", "W64") in v) && (("atftpd", "W64") in v) && v["atftpd", "W64"] > 0)
		printf "  W64 vs atftpd %.2fx\n", v["ours", "W64"] / v["atftpd", "W64"]
	for (p in srv) if ((p, "C200CPU") in v)
		printf "  C200 %-9s %6.2f s server CPU, %s\n", p, v[p, "C200CPU"], note[p, "C200CPU"]
	if ((("ours", "LOSS2") in v) && (("dnsmasq", "LOSS2") in v) && v["dnsmasq", "LOSS2"] > 0)
		printf "  LOSS2  %.3fx  (ours %s ms, dnsmasq %s ms)\n", v["ours", "LOSS2"] / v["dnsmasq", "LOSS2"], v["ours", "LOSS2"], v["dnsmasq", "LOSS2"]
}' "$RESULTS"
exit 0
