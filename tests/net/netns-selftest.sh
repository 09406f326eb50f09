#!/bin/sh
# The namespace helper itself: a pair comes up, traffic crosses it, and
# everything it made is gone afterwards, even when the test fails.
. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
set -eu

# Run the helper in a child shell so we can look at what it left behind.
id=st$$
out=$(NETNS_ID=$id sh -c '
	. "$top_srcdir/tests/lib/netns.sh"
	netns_pair 250
	ip netns exec "$NS_PHONE" ping -c 1 -W 2 "$SRV_IP" >/dev/null
	echo "$NS_SRV $NS_PHONE $IF_SRV"
	netns_bg "$NS_SRV" sleep 300
	false   # fail on purpose: the trap must still clean up
' 2>&1) && { echo "child should have failed"; exit 1; }
set -- $(printf '%s\n' "$out" | tail -n 1)
ns_srv=$1 ns_phone=$2
case "$ns_srv" in pr*) ;; *) echo "bad namespace name: $out"; exit 1 ;; esac
if ip netns list | grep -qE "^($ns_srv|$ns_phone)( |$)"; then
	echo "namespaces left behind"; exit 1
fi
if pgrep -f "^sleep 300$" >/dev/null 2>&1 && \
    ip netns pids "$ns_srv" 2>/dev/null | grep -q .; then
	echo "background process left behind"; exit 1
fi
# The root namespace never sees our veth names.
if ip -br link | grep -q "$3"; then
	echo "veth leaked into the root namespace"; exit 1
fi
echo "ok: pair up, ping crossed, all removed after a failing test"
