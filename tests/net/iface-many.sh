#!/bin/sh
# A namespace that looks like a crowded laptop (issue 14): lo and 47 more
# links of mixed kinds (veth ends, bridges with ports, macvlans, links left
# down, 15-character names), two or three IPv4 addresses on most, the
# default route on the second-to-last.  The netlink dumps of links,
# addresses and routes then take several datagrams each, and every one
# must be read:
#   - serve -i on the very last link starts (and serves a file over it);
#   - serve -i on the second-to-last is refused for its default route;
#   - the wizard's interface list (in tmux) shows every link, and its
#     verdict on the second-to-last is "default route".
. "$top_srcdir/tests/net/dhcp-common.sh"
set -u
command -v tmux >/dev/null 2>&1 || { echo "tmux is a test dependency"; exit 99; }
netns_pair
STATE=$NETNS_TMP/state
mkdir -p "$STATE" "$NETNS_TMP/root"
echo "phone file" >"$NETNS_TMP/root/SEPDEFAULT.cnf.xml"
chmod -R a+rX "$NETNS_TMP/root"
ns=$NS_SRV
tag=$(printf '%04d' $((NETNS_ID % 10000)))
names="$IF_SRV"
n=0
addrs() {	# addrs IF: two or three addresses from 198.19.N.0/24
	n=$((n + 1))
	ip -n "$ns" addr add "198.19.$n.1/24" dev "$1"
	ip -n "$ns" addr add "198.19.$n.2/24" dev "$1"
	[ $((n % 2)) = 0 ] && ip -n "$ns" addr add "198.19.$n.3/24" dev "$1"
	return 0
}
# 12 veth pairs inside the namespace (24 links), long names on half.
i=0
while [ $i -lt 12 ]; do
	if [ $((i % 2)) = 0 ]; then a=$(printf 'vethlonga%s%02d' "$tag" $i | cut -c1-15); b=$(printf 'vethlongb%s%02d' "$tag" $i | cut -c1-15)
	else a=va$i; b=vb$i; fi
	ip -n "$ns" link add "$a" type veth peer name "$b" || exit 99
	addrs "$a"; addrs "$b"
	[ $((i % 3)) = 0 ] || ip -n "$ns" link set "$a" up	# some stay down
	ip -n "$ns" link set "$b" up
	names="$names $a $b"
	i=$((i + 1))
done
# 4 bridges, each with one of va1, va3, va5, va7 as its port.
i=0
while [ $i -lt 4 ]; do
	br=$(printf 'bridge-docker%02d' $i)
	ip -n "$ns" link add "$br" type bridge || exit 99
	addrs "$br"
	ip -n "$ns" link set "$br" up
	ip -n "$ns" link set va$((i * 2 + 1)) master "$br" || exit 99
	names="$names $br"
	i=$((i + 1))
done
# 8 macvlans on the veth ends.
i=0
while [ $i -lt 8 ]; do
	m=mv$i
	ip -n "$ns" link add "$m" link vb$((i % 6 * 2 + 1)) type macvlan mode bridge || exit 99
	addrs "$m"
	[ $((i % 4)) = 3 ] || ip -n "$ns" link set "$m" up
	names="$names $m"
	i=$((i + 1))
done
# 8 more veth ends whose peers live elsewhere (USB adapters, say): the
# last two links of the namespace are among them.
netns_add NS_OTHER o || exit 99
i=0
while [ $i -lt 8 ]; do
	a=$(printf 'usbadapte%s%02d' "$tag" $i | cut -c1-15)
	ip link add "$a" netns "$ns" type veth peer name "pe$tag$i" netns "$NS_OTHER" || exit 99
	ip -n "$NS_OTHER" link set "pe$tag$i" up
	ip -n "$ns" link set "$a" up
	names="$names $a"
	i=$((i + 1))
done
# The second-to-last link carries the default route, the last is bare.
set -- $names
count=$#
eval "last=\${$count}"
eval "deflt=\${$((count - 1))}"
addrs "$deflt"
ip -n "$ns" route add default via "198.19.$n.254" dev "$deflt" onlink || exit 99
ip -n "$NS_OTHER" addr add 198.18.250.7/24 dev "pe${tag}7"
nlinks=$(ip -n "$ns" -o link show | wc -l)
[ "$nlinks" -ge 41 ] || fail "only $nlinks links in the namespace"
[ "$(ip -n "$ns" -o link show | tail -1 | awk -F': ' '{print $2}' | cut -d@ -f1)" = "$last" ] ||
    fail "$last is not the last link: $(ip -n "$ns" -o link show | tail -1)"
[ ${#last} = 15 ] || fail "the last link's name is not 15 characters: $last"
echo "# $nlinks links, $(ip -n "$ns" -4 -o addr show | wc -l) IPv4 addresses; default route on $deflt, serving $last"

# serve -i LAST: found, the recovery address put on it, a file served.
netns_bg "$ns" env PHONERESCUE_STATE_DIR="$STATE" "$PR" serve -i "$last" \
    --json --no-sniff -r "$NETNS_TMP/root" >"$NETNS_TMP/last.out" 2>&1
SERVE_PID=$LAST_PID
netns_wait_for "$NETNS_TMP/last.out" '"event":"ready"' 20 ||
    fail "serve -i $last (the last of $nlinks links) did not start"
grep -q '"address":"198.18.250.1/24"' "$NETNS_TMP/last.out" || fail "no recovery address on $last"
ip netns exec "$NS_OTHER" busybox tftp -g -r SEPDEFAULT.cnf.xml -l "$NETNS_TMP/got" 198.18.250.1 \
    >"$NETNS_TMP/tftp.log" 2>&1 || { cat "$NETNS_TMP/tftp.log" >&2; fail "tftp over $last"; }
cmp -s "$NETNS_TMP/got" "$NETNS_TMP/root/SEPDEFAULT.cnf.xml" || fail "file over $last differs"
serve_stop
[ "$SERVE_RC" = 0 ] || fail "serve -i $last exited $SERVE_RC"

# serve -i on the default-route link: refused, for that reason.
ip netns exec "$ns" env PHONERESCUE_STATE_DIR="$STATE" "$PR" serve -i "$deflt" \
    --no-sniff -r "$NETNS_TMP/root" >"$NETNS_TMP/deflt.out" 2>&1 &
pid=$!
NETNS_PIDS="$NETNS_PIDS $pid"
rc=0; wait $pid || rc=$?
[ "$rc" = 1 ] || fail "serve -i $deflt (default route) exited $rc"
grep -q "$deflt carries the default route" "$NETNS_TMP/deflt.out" ||
    fail "no default-route refusal for $deflt: $(cat "$NETNS_TMP/deflt.out")"

# The wizard lists all of them: the first screen of the list, then the
# last one after moving the selection down to the end.
. "$top_srcdir/tests/ui/lib.sh"
trap 'tm_cleanup; rm -rf "$TM_OUT"; netns_cleanup' EXIT
die() { echo "FAIL: $*" >&2; exit 1; }
TM_PREFIX="ip netns exec $ns"
tm_start 120 50 PHONERESCUE_STATE_DIR="$STATE" -- wizard -r "$NETNS_TMP/root"
tm_wait 'Which interface has the cable' 15 || die "the wizard's interface step did not show"
tm_wait "^ > lo " 10 || die "no interface list"
tm_capture >"$NETNS_TMP/screen"
k=0
while [ $k -lt "$nlinks" ]; do tm send-keys Down; k=$((k + 1)); done
tm_wait "^ > $last " 10 || { tm_capture >&2; die "the wizard's list does not reach $last"; }
tm_capture >>"$NETNS_TMP/screen"
missing=
for f in lo $names; do
	grep -Eq "^ [> ] $f " "$NETNS_TMP/screen" || missing="$missing $f"
done
[ -z "$missing" ] || { cat "$NETNS_TMP/screen" >&2; die "the wizard's list lacks:$missing"; }
grep -Eq "^ [> ] $deflt .*default route" "$NETNS_TMP/screen" ||
    { cat "$NETNS_TMP/screen" >&2; die "no default-route verdict on $deflt"; }
tm send-keys q
quit_restores "the wizard quits cleanly"
[ "$fails" = 0 ] || die "the wizard did not quit cleanly"
echo "ok: $nlinks links: serve on the last, default route refused on $deflt, all $nlinks listed by the wizard"
