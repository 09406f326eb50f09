#!/bin/sh
# bench/http-ab.sh: two builds of phonerescue side by side with nginx in
# one run, for a change to the HTTP side: A=old build, B=new build.  All
# three serve the same 7 MiB file in one server namespace (A and B each
# on its own veth to the phone namespace, as serve takes an interface of
# its own; nginx on A's), pinned to CPU 0, curl on the last CPU; N rounds
# of one fetch from each, the order rotating each round (A B G, B G A,
# ...).  Reported: each server's median fetch (curl's time_total) and
# its CPU per fetch (bench/peers.sh: every thread's, from a cgroup of its
# own), and B's against A and nginx.  Never on eth0: the namespaces and
# veths are made here and removed on exit.
#
# Usage: sudo A=old/phonerescue B=./phonerescue bench/http-ab.sh  (N=60)
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(dirname "$here")}
N=${N:-60}
A=${A:?A=path to the old build}
B=${B:-$top_srcdir/phonerescue}
. "$top_srcdir/tests/lib/netns.sh"
. "$here/peers.sh"
netns_require_root
for c in curl nginx taskset cmp; do
	command -v "$c" >/dev/null 2>&1 || { echo "bench/http-ab.sh: needs $c"; exit 99; }
done
netns_pair 75
trap 'rc=$?; netns_cleanup; cg_remove; exit $rc' EXIT
# B's link: a second veth between the same namespaces.
netns_name v; IF_B=$NETNS_NAME
netns_name w
ip link add "$IF_B" netns "$NS_SRV" type veth peer name "$NETNS_NAME" \
    netns "$NS_PHONE" || exit 99
ip -n "$NS_SRV" addr add 198.18.74.1/24 dev "$IF_B"
ip -n "$NS_PHONE" addr add 198.18.74.2/24 dev "$NETNS_NAME"
ip -n "$NS_SRV" link set "$IF_B" up
ip -n "$NS_PHONE" link set "$NETNS_NAME" up
ROOT=$NETNS_TMP/root
mkdir -p "$ROOT" && chmod 755 "$ROOT"
FILE=jar70sip.9-4-2ES26.sbn
head -c $((7 << 20)) /dev/urandom >"$ROOT/$FILE"
chmod 644 "$ROOT/$FILE"
last=$(($(nproc) - 1))
srv() {	# name binary iface
	netns_bg "$NS_SRV" taskset -c 0 "$2" serve -i "$3" -r "$ROOT" \
	    --no-dhcp --no-sniff --json --tftp-per-client 1000 \
	    >"$NETNS_TMP/$1.log" 2>&1
	eval "PID_$1=\$LAST_PID"
	netns_wait_for "$NETNS_TMP/$1.log" '"event":"ready".*"http":true' 10 \
	    >/dev/null || { echo "bench/http-ab.sh: $1 did not start"; exit 99; }
}
srv a "$A" "$IF_SRV"
srv b "$B" "$IF_B"
nginx_start "$NS_SRV" 0 "$NETNS_TMP/nginx" "$ROOT" "$SRV_IP:8080"
PID_g=$NGINX_PID
U_a=http://$SRV_IP:6970/$FILE U_b=http://198.18.74.1:6970/$FILE
U_g=http://$SRV_IP:8080/$FILE
i=0
while ! ip netns exec "$NS_PHONE" curl -s -o /dev/null "$U_g" && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
cg_join a "$PID_a"
cg_join b "$PID_b"
# shellcheck disable=SC2046
cg_join g "$PID_g" $(pgrep -P "$PID_g")
for w in a b g; do
	eval "u=\$U_$w"
	if ! ip netns exec "$NS_PHONE" curl -sf -o "$NETNS_TMP/check" "$u" ||
	    ! cmp -s "$NETNS_TMP/check" "$ROOT/$FILE"; then
		echo "bench/http-ab.sh: $w: the checked copy FAILED"; exit 1
	fi
done
echo "bench/http-ab.sh: N=$N, A=$A, B=$B, CPU by $(cg_says), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
T_a="" T_b="" T_g="" C_a=0 C_b=0 C_g=0
r=0
while [ $r -lt "$N" ]; do
	case $((r % 3)) in 0) o="a b g" ;; 1) o="b g a" ;; *) o="g a b" ;; esac
	for w in $o; do
		eval "u=\$U_$w"
		c0=$(cg_ns "$w")
		t=$(taskset -c "$last" ip netns exec "$NS_PHONE" curl -sf \
		    -o /dev/null -w '%{time_total}' "$u") || t=FAILED
		c1=$(cg_ns "$w")
		eval "C_$w=\$((C_$w + c1 - c0)); T_$w=\"\$T_$w $t\""
	done
	r=$((r + 1))
done
median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }
# shellcheck disable=SC2086
ma=$(median $T_a) mb=$(median $T_b) mg=$(median $T_g)
awk -v ma="$ma" -v mb="$mb" -v mg="$mg" -v ca="$C_a" -v cb="$C_b" \
    -v cg="$C_g" -v n="$N" 'BEGIN {
	printf "  A      median %.3f ms, CPU %.2f ms per fetch\n", ma * 1e3, ca / n / 1e6
	printf "  B      median %.3f ms, CPU %.2f ms per fetch\n", mb * 1e3, cb / n / 1e6
	printf "  nginx  median %.3f ms, CPU %.2f ms per fetch\n", mg * 1e3, cg / n / 1e6
	printf "  nginx/A %.2fx, nginx/B %.2fx (medians); CPU A/nginx %.2fx, B/nginx %.2fx, B/A %.2fx\n",
	    mg / ma, mg / mb, ca / cg, cb / cg, cb / ca
}'
echo "  load after: $(cut -d' ' -f1-3 /proc/loadavg)"
