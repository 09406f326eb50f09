#!/bin/sh
# bench/http.sh: a 7 MiB phone component fetched with curl over our HTTP
# on TCP 6970, next to nginx serving the same directory, and next to our
# own TFTP in lockstep at blksize 512 and 1468 (what a 9.x phone gains by
# asking HTTP first), in one run on a namespace pair made for it (never on
# eth0).  Servers pinned to CPU 0, clients to the last CPU (taskset),
# page cache warm (a checked copy each first); RUNS rounds, each of
# HTTP_REPEAT pairs ours/nginx in alternating order (A B, B A, ...) and
# one fetch of each TFTP size, the HTTP block moving one place each
# round; medians, spread (min, IQR, max), the median of the per-pair
# ratios and each HTTP server's CPU per fetch (its own cgroup's count):
# HTTP by curl's own time_total (connect to last byte, no process start),
# TFTP by the wall clock around atftp (a process start is ~1 ms of ~1 s).  Then
# 100 concurrent downloads from each HTTP server, three rounds each,
# interleaved: failures (every copy compared byte for byte), the wall
# time and the server's CPU time (user + system, its children included).
#
# Usage: sudo bench/http.sh   (PHONERESCUE=release build, RUNS=15,
# HTTP_REPEAT=5, NCONC=100)
# MHD_LIBDIR=DIR runs our server on the libmicrohttpd.so.12 in DIR (an
# experiment: BENCHMARKS.md's HTTP notes rebuilt 0.9.75 with a 2 MiB
# sendfile chunk to show where the difference with nginx comes from).
# nginx is the Debian package (quickstart's BENCH_PKGS installs it with a
# policy-rc.d that refuses service starts); it is started here, inside the
# server namespace, with a private config, pidfile and logs.
# The T_/L_/M_ variables are set through eval:
# shellcheck disable=SC2034,SC2154
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(dirname "$here")}
P=${PHONERESCUE:-$top_srcdir/phonerescue}
RUNS=${RUNS:-15}
HTTP_REPEAT=${HTTP_REPEAT:-5}
NCONC=${NCONC:-100}
. "$top_srcdir/tests/lib/netns.sh"
# nginx, and each HTTP server's CPU from a cgroup of its own.
. "$here/peers.sh"
netns_require_root
for c in curl atftp nginx taskset cmp; do
	command -v "$c" >/dev/null 2>&1 || { echo "bench/http.sh: needs $c"; exit 99; }
done
[ -x "$P" ] || { echo "bench/http.sh: no phonerescue at $P"; exit 99; }
netns_pair 78
chmod 755 "$NETNS_TMP"
ROOT=$NETNS_TMP/root
OUT=/dev/shm/prhttpbench.$$
mkdir -p "$ROOT" "$OUT"
trap 'rc=$?; rm -rf "$OUT"; netns_cleanup; cg_remove; exit $rc' EXIT
chmod 755 "$ROOT"
FILE=jar70sip.9-4-2ES26.sbn
head -c $((7 << 20)) /dev/urandom >"$ROOT/$FILE"
chmod 644 "$ROOT/$FILE"
BYTES=$(stat -c %s "$ROOT/$FILE")
last=$(($(nproc) - 1))
SRVCPU=0
CLICPU=$last
on_phone() { taskset -c "$CLICPU" ip netns exec "$NS_PHONE" "$@"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }


# ours: TFTP on 69 and HTTP on 6970, one process, on CPU 0 (the TFTP
# group then has one member: one CPU is all it may use).
netns_bg "$NS_SRV" taskset -c "$SRVCPU" \
    env ${MHD_LIBDIR:+LD_LIBRARY_PATH="$MHD_LIBDIR"} "$P" serve -i "$IF_SRV" -r "$ROOT" \
    --no-dhcp --no-sniff --json --tftp-per-client 1000 \
    >"$NETNS_TMP/ours.log" 2>"$NETNS_TMP/ours.err"
OURS_PID=$LAST_PID
[ -n "${MHD_LIBDIR:-}" ] && echo "bench/http.sh: ours on $MHD_LIBDIR's libmicrohttpd"
netns_wait_for "$NETNS_TMP/ours.log" '"event":"ready".*"http":true' 10 >/dev/null ||
    { echo "bench/http.sh: serve did not start"; cat "$NETNS_TMP/ours.err"; exit 99; }

nginx_start "$NS_SRV" "$SRVCPU" "$NETNS_TMP/nginx" "$ROOT" "$SRV_IP:8080"
i=0
while ! ip netns exec "$NS_PHONE" curl -s -o /dev/null "http://$SRV_IP:8080/$FILE" && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done

URL_OURS=http://$SRV_IP:6970/$FILE
URL_NGINX=http://$SRV_IP:8080/$FILE
fetch() {	# which out -> prints time_total in seconds
	case $1 in
	ours)	on_phone curl -sf -o "$2" -w '%{time_total}' "$URL_OURS" ;;
	nginx)	on_phone curl -sf -o "$2" -w '%{time_total}' "$URL_NGINX" ;;
	# atftp, lockstep (no windowsize), as bench/tftp.sh's W16 client;
	# curl's TFTP client was no faster (2.4-3.9 s vs 2.0-2.4 s at 512).
	tftp512) atftp_time "$2" ;;
	tftp1468) atftp_time "$2" --option "blksize 1468" ;;
	esac
}
atftp_time() {	# out [options] -> seconds, wall clock around atftp
	o=$1; shift
	t0=$(date +%s%N)
	on_phone atftp "$@" -g -r "$FILE" -l "$o" "$SRV_IP" >/dev/null 2>&1 || return 1
	t1=$(date +%s%N)
	awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.6f", ns / 1e9 }'
}
median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }
# quartile q (1 or 3) of the arguments, nearest rank
quart() { q=$1; shift; printf '%s\n' "$@" | sort -g |
    sed -n "$(( ($# * q + 3) / 4 ))p"; }

echo "bench/http.sh: $(nproc) cores, $(uname -r), $BYTES bytes, runs=$RUNS," \
    "servers on CPU $SRVCPU, clients on CPU $CLICPU, load before: $(load)"
WHO=${WHO:-"ours nginx tftp512 tftp1468"}
# One checked copy each (this also warms the page cache for all four).
for w in $WHO; do
	rm -f "$OUT/check"
	if ! fetch "$w" "$OUT/check" >/dev/null || ! cmp -s "$OUT/check" "$ROOT/$FILE"; then
		echo "bench/http.sh: $w: the checked copy FAILED"; exit 1
	fi
done
rm -f "$OUT/check"
T_ours="" T_nginx="" T_tftp512="" T_tftp1468="" PAIRS=""
NGINX_WORKER=$(pgrep -P "$NGINX_PID" | head -n 1)
cg_join ours "$OURS_PID"
# shellcheck disable=SC2086
cg_join nginx "$NGINX_PID" $NGINX_WORKER
echo "  server CPU counted by: $(cg_says)"
aff() { taskset -pc "$1" 2>/dev/null | sed 's/.*: //'; }
echo "  CPUs allowed: ours $(aff "$OURS_PID"), nginx worker" \
    "$(aff "${NGINX_WORKER:-$NGINX_PID}"), curl $CLICPU"
HTTP_WHO="" TFTP_WHO=""
for w in $WHO; do
	case $w in ours|nginx) HTTP_WHO="$HTTP_WHO $w" ;;
	*) TFTP_WHO="$TFTP_WHO $w" ;; esac
done
# A round: HTTP_REPEAT pairs of HTTP fetches, each pair in the other order
# than the last (A B, B A, ...), then each TFTP fetch once; each round
# puts the HTTP block one place further along among the TFTP fetches
# (ours also serves TFTP: no server always runs right after it).
rot() { k=$1; shift; k=$((k % $#)) i=0 a="" b="";
	for x in "$@"; do if [ $i -lt $k ]; then a="$a $x"; else b="$b $x"; fi
	i=$((i + 1)); done; echo "$b$a"; }
C_ours=0 C_nginx=0
one() {	# which
	case $1 in ours|nginx) cp=$1 ;; *) cp="" ;; esac
	[ -n "$cp" ] && c0=$(cg_ns "$cp")
	t=$(fetch "$1" /dev/null) || t=FAILED
	[ -n "$cp" ] && eval "C_$1=\$((C_$1 + \$(cg_ns $cp) - c0))"
	eval "T_$1=\"\$T_$1 $t\""
	eval "L_$1=\$t"
}
n=0 pn=0
while [ $n -lt "$RUNS" ]; do
	# shellcheck disable=SC2086
	for u in $(rot $n ${HTTP_WHO:+http} $TFTP_WHO); do
		[ "$u" != http ] && { one "$u"; continue; }
		j=0
		while [ $j -lt "$HTTP_REPEAT" ]; do
			# shellcheck disable=SC2086
			for w in $(rot $pn $HTTP_WHO); do one "$w"; done
			pn=$((pn + 1)) j=$((j + 1))
			# The ratio of a pair, taken a few ms apart: the
			# machine's load moves both fetches the same way.
			case $HTTP_WHO in *ours*nginx*)
				PAIRS="$PAIRS $(awk -v o="$L_ours" -v g="$L_nginx" \
				    'BEGIN { if (o > 0) printf "%.3f", g / o; else print "nan" }')" ;;
			esac
		done
	done
	n=$((n + 1))
done
echo "  load after the fetches: $(load)"
printf '\n  %-9s %10s %8s %10s %10s %10s   %s\n' fetch "median s" "MB/s" \
    "min s" "IQR s" "max s" "runs, s"
for w in $WHO; do
	eval "ts=\$T_$w"
	# shellcheck disable=SC2086
	m=$(median $ts)
	# shellcheck disable=SC2086
	lo=$(printf '%s\n' $ts | sort -g | head -n 1)
	# shellcheck disable=SC2086
	hi=$(printf '%s\n' $ts | sort -g | tail -n 1)
	# shellcheck disable=SC2086
	iqr="$(quart 1 $ts)-$(quart 3 $ts)"
	mbs=$(awk -v b="$BYTES" -v t="$m" 'BEGIN { printf "%.1f", b / t / 1e6 }')
	eval "M_$w=$m; R_$w=$mbs"
	printf '  %-9s %10s %8s %10s %21s %10s  %s\n' "$w" "$m" "$mbs" "$lo" \
	    "$iqr" "$hi" "$ts"
done
if [ -n "$PAIRS" ]; then
	# shellcheck disable=SC2086
	echo "  ours/nginx per pair (nginx s / ours s): median $(median $PAIRS)," \
	    "IQR $(quart 1 $PAIRS)-$(quart 3 $PAIRS), all:$PAIRS"
fi
# Server CPU per HTTP fetch: its run time across each of its fetches.
for w in $HTTP_WHO; do
	eval "d=\$C_$w"
	nf=$((RUNS * HTTP_REPEAT))
	# shellcheck disable=SC2154
	awk -v d="$d" -v n="$nf" -v w="$w" 'BEGIN {
		printf "  %-9s server CPU %.2f ms per HTTP fetch (%d fetches)\n", w, d / n / 1e6, n }'
done
echo
if [ "$WHO" = "ours nginx tftp512 tftp1468" ]; then
	# shellcheck disable=SC2154
	awk -v o="$M_ours" -v ng="$M_nginx" -v a="$M_tftp512" \
	    -v b="$M_tftp1468" 'BEGIN {
		printf "  ours/nginx (medians) %.2fx  (target >= 0.9x)\n", ng / o
		printf "  HTTP vs TFTP/512   %.1fx faster\n", a / o
		printf "  HTTP vs TFTP/1468  %.1fx faster\n", b / o
	}'
fi

conc() {	# url label
	rm -f "$OUT"/c.*
	c0=$(cg_ns "$2")
	t0=$(date +%s%N)
	i=0 pids=""
	while [ $i -lt "$NCONC" ]; do
		on_phone curl -sf -o "$OUT/c.$i" "$1" 2>/dev/null &
		pids="$pids $!"
		i=$((i + 1))
	done
	for p in $pids; do wait "$p"; done
	t1=$(date +%s%N)
	c1=$(cg_ns "$2")
	fails=0 i=0
	while [ $i -lt "$NCONC" ]; do
		cmp -s "$OUT/c.$i" "$ROOT/$FILE" || fails=$((fails + 1))
		rm -f "$OUT/c.$i"
		i=$((i + 1))
	done
	ms=$(( (t1 - t0) / 1000000 ))
	mbs=$(awk -v b=$((NCONC * BYTES)) -v ms="$ms" 'BEGIN { printf "%.1f", b / ms / 1e3 }')
	cpu=$(awk -v t=$((c1 - c0)) 'BEGIN { printf "%.2f", t / 1e9 }')
	printf '  %-9s %d concurrent: %d failed, %5d ms wall, %6s MB/s aggregate, server CPU %s s\n' \
	    "$2" "$NCONC" "$fails" "$ms" "$mbs" "$cpu"
	[ "$fails" -eq 0 ]
}
echo
rc=0
[ "$NCONC" -gt 0 ] || exit 0
# Interleaved too: ours, nginx, ours, nginx, ours, nginx.
for r in 1 2 3; do
	conc "$URL_OURS" ours || rc=1
	conc "$URL_NGINX" nginx || true
done
echo "  load after: $(load)"
exit $rc
