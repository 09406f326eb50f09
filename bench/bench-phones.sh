#!/bin/sh
# bench/bench-phones.sh: many phones at once (issue 21).  N simulated
# 7970s (`phonerescue simphone`, each in its own namespace) behind a
# Linux bridge (a small switch), the server's veth shaped to 100 Mbit/s
# (tc htb, no netem), every phone taking a ~7 MB load (the demo bundle
# with 1.4 MB components, five per load) the way the simulator's 7970
# does, all started together.  Per run: the time until the last phone is
# back up (its simphone exits with its result), phones lost, and the
# server's CPU time (bench/cpu_sample.py: the server and every child it
# forks, user + system).
#
# Side by side in the same run, interleaved (ours, seeds, ours, seeds...):
#   ours   phonerescue serve (DHCP, TFTP, HTTP, sniffer: the defaults)
#   seeds  the seeds' own setup (/work/shared/seeds/): dnsmasq, defaults
#          (its ping check on), options 150 and 66, and tftpd-hpa
#          (in.tftpd --secure, kept in the foreground: its service's
#          --listen detaches) serving the same files; the case of
#          the names is the importer's, which is the hand fix the seeds need.
# The server runs on CPU 0 (taskset -a, children inherit it), the phones
# on the last CPU.  Medians of RUNS runs per point.  Target: ours <= 0.8x
# the seeds' time at 24 phones, zero phones lost.
#
#   sudo PHONERESCUE=./phonerescue bench/bench-phones.sh
#   sudo COUNTS="1 4" RUNS=1 bench/bench-phones.sh      (a subset)
#   sudo KEEP=/tmp/logs ... (keep every log)
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(dirname "$here")}
PHONERESCUE=${PHONERESCUE:-$top_srcdir/phonerescue}
COUNTS=${COUNTS:-"1 4 12 24"}
RUNS=${RUNS:-3}
SERVERS=${SERVERS:-"ours seeds"}
COMPONENT=${COMPONENT:-1468006}	# x5 components: a 7 MiB load
export top_srcdir PHONERESCUE
for c in dnsmasq in.tftpd tc taskset /usr/bin/python3; do
	command -v "$c" >/dev/null 2>&1 || { echo "bench-phones: needs $c"; exit 77; }
done
. "$top_srcdir/tests/net/e2e-common.sh"
max=0
for n in $COUNTS; do [ "$n" -gt $max ] && max=$n; done
e2e_bridge "$max" >/dev/null
BIG=$NETNS_TMP/big
"$PHONERESCUE" import --make-demo-bundle "$NETNS_TMP/big.zip" --variant base \
    --format zip --component-size "$COMPONENT" >/dev/null 2>&1 &&
    "$PHONERESCUE" import -r "$BIG" "$NETNS_TMP/big.zip" >/dev/null 2>&1 ||
    { echo "bench-phones: import failed"; exit 99; }
# The seeds' TFTP directory: the same files, no state directory.
SEEDS_DIR=$NETNS_TMP/srv-tftp
mkdir -p "$SEEDS_DIR"
for f in "$BIG"/*; do ln "$f" "$SEEDS_DIR/" 2>/dev/null || cp "$f" "$SEEDS_DIR/"; done
load=$(awk '{ s += $5 } END { print s }' <<EOT
$(ls -l "$BIG"/*70*.sbn)
EOT
)
last=$(($(nproc) - 1))
ip netns exec "$NS_SRV" tc qdisc add dev "$IF_SRV" root handle 1: htb default 10
ip netns exec "$NS_SRV" tc class add dev "$IF_SRV" parent 1: classid 1:10 \
    htb rate 100mbit ceil 100mbit

SPIDS=""
start_server() {	# server run
	case $1 in
	ours)
		netns_bg "$NS_SRV" "$PHONERESCUE" serve -i "$IF_SRV" -r "$BIG" \
		    --leases "$NETNS_TMP/pr-$2.leases" --json \
		    >"$NETNS_TMP/pr-$2.log" 2>"$NETNS_TMP/pr-$2.err"
		SPIDS=$LAST_PID
		netns_wait_for "$NETNS_TMP/pr-$2.log" '"event":"ready"' 30 \
		    >/dev/null || { sed 's/^/  serve: /' "$NETNS_TMP/pr-$2.err" >&2
			return 1; }
		;;
	seeds)
		netns_bg "$NS_SRV" dnsmasq --no-daemon --port=0 --conf-file=/dev/null \
		    --user=root --interface="$IF_SRV" --bind-interfaces \
		    --dhcp-range="$SUBNET.2,$SUBNET.254,255.255.255.0,1h" \
		    --dhcp-option=150,"$SRV_IP" --dhcp-option=66,"\"$SRV_IP\"" \
		    --dhcp-leasefile="$NETNS_TMP/dm-$2.leases" \
		    --pid-file="$NETNS_TMP/dm-$2.pid" --log-facility=- \
		    >"$NETNS_TMP/dm-$2.log" 2>&1
		SPIDS=$LAST_PID
		netns_bg "$NS_SRV" in.tftpd --foreground --user root \
		    --address "$SRV_IP:69" --secure "$SEEDS_DIR"
		SPIDS="$SPIDS $LAST_PID"
		netns_wait_for "$NETNS_TMP/dm-$2.log" 'DHCP, IP range' 10 \
		    >/dev/null || return 1
		;;
	esac
	for p in $SPIDS; do taskset -a -p -c 0 "$p" >/dev/null; done
}

stop_server() {
	for p in $SPIDS; do kill "$p" 2>/dev/null; done
	for p in $SPIDS; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1; i=$((i + 1))
		done
	done
}

now_ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }

# One run: prints "ms lost cpu".
run_once() {	# server n run
	start_server "$1" "$3" || { echo "0 $2 0"; stop_server; return; }
	"$PY" "$here/cpu_sample.py" $SPIDS >"$NETNS_TMP/cpu-$3" &
	cpid=$!
	while ! grep -q ready "$NETNS_TMP/cpu-$3" 2>/dev/null; do sleep 0.05; done
	t0=$(now_ms) k=1 pids=""
	while [ $k -le "$2" ]; do
		eval "ns=\$NS_PHONE_$k ifc=\$IF_PHONE_$k"
		mac=$(printf '00:1b:d4:%02x:%02x:%02x' $(($3 / 256 % 256)) \
		    $(($3 % 256)) "$k")
		log=$NETNS_TMP/ph-$3-$k.log
		taskset -c "$last" ip netns exec "$ns" "$PHONERESCUE" simphone \
		    -i "$ifc" --json --model 7970 --mac "$mac" --timeout 600 \
		    >"$log" 2>"$log.err" &
		pids="$pids $!"
		k=$((k + 1))
	done
	lost=0
	for p in $pids; do wait "$p" || lost=$((lost + 1)); done
	t1=$(now_ms)
	kill "$cpid"; wait "$cpid"
	cpu=$(awk 'NR == 2 { print $1 }' "$NETNS_TMP/cpu-$3")
	stop_server
	echo "$((t1 - t0)) $lost $cpu"
}

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END {
	if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "bench-phones: $(date -u '+%Y-%m-%d %H:%M UTC'), $(uptime | sed 's/.*load/load/')"
echo "  load $load bytes per phone, 100 Mbit/s htb, servers on CPU 0, phones on CPU $last, $RUNS runs per point"
run=0
for n in $COUNTS; do
	for s in $SERVERS; do eval "T_$s='' L_$s=0 C_$s=''"; done
	r=1
	while [ $r -le "$RUNS" ]; do
		for s in $SERVERS; do
			run=$((run + 1))
			set -- $(run_once "$s" "$n" "$run")
			eval "T_$s=\"\$T_$s $1\" L_$s=\$((L_$s + $2)) C_$s=\"\$C_$s $3\""
			printf '  run %3d: %-5s %2d phones  %6d ms  lost %d  cpu %s s\n' \
			    "$run" "$s" "$n" "$1" "$2" "$3"
		done
		r=$((r + 1))
	done
	for s in $SERVERS; do
		eval "t=\$T_$s l=\$L_$s c=\$C_$s"
		tm=$(echo "$t" | median) cm=$(echo "$c" | median)
		eval "M_$s=$tm"
		printf 'RESULT %-5s n=%-2d time_ms=%s lost=%d/%d cpu_s=%s (runs:%s)\n' \
		    "$s" "$n" "$tm" "$l" $((n * RUNS)) "$cm" "$t"
	done
	if [ -n "${M_ours:-}" ] && [ -n "${M_seeds:-}" ]; then
		awk -v a="$M_ours" -v b="$M_seeds" -v n="$n" 'BEGIN {
		    printf "RATIO n=%d ours/seeds %.2f\n", n, b > 0 ? a / b : 0 }'
	fi
done
echo "done: $(uptime | sed 's/.*load/load/')"
# KEEP=DIR: the servers' and phones' logs, for a look afterwards.
[ -n "${KEEP:-}" ] && mkdir -p "$KEEP" && cp "$NETNS_TMP"/*.log "$NETNS_TMP"/*.err "$KEEP"/ 2>/dev/null
exit 0
