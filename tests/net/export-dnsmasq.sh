#!/bin/sh
# phonerescue export --format dnsmasq, loaded into a real dnsmasq: the
# output passes `dnsmasq --test` (with and without --address), then
# dnsmasq alone (DHCP and TFTP, no phonerescue running) in the server
# namespace recovers a simulated 7970 from the imported demo bundle: the
# phone gets option 150, option 66 and siaddr through the vendor-class tag
# and every file it fetches arrives intact.  Without --address a 7942
# recovers the same way through dnsmasq's own address (option 150 as
# 0.0.0.0, dhcp-boot without a server).  A root that serves nothing is
# refused unless --all-models.
. "$top_srcdir/tests/net/e2e-common.sh"
DNSMASQ=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)
if [ ! -x "$DNSMASQ" ]; then
	echo "SKIP: dnsmasq is missing (quickstart installs dnsmasq-base)" >&2
	exit 77
fi
e2e_setup
T=$NETNS_TMP
fail() { echo "FAIL: $*"; exit 1; }

# Both flavours pass dnsmasq's own syntax check.
"$PHONERESCUE" export --format dnsmasq -r "$ROOT" -o "$T/own.conf" ||
    fail "export without --address"
"$DNSMASQ" --test -C "$T/own.conf" || fail "dnsmasq --test own.conf"
"$PHONERESCUE" export --format dnsmasq -r "$ROOT" --address "$SRV_IP" \
    -o "$T/site.conf" || fail "export --address"
"$DNSMASQ" --test -C "$T/site.conf" || fail "dnsmasq --test site.conf"
grep -q "^tftp-root=$(cd "$ROOT" && pwd -P)\$" "$T/site.conf" ||
    fail "tftp-root is not the absolute ROOT"
for vc in CP-7970G CP-7971G-GE CP-7942G CP-7962G CP-7940 CP-7960; do
	grep -q "^dhcp-vendorclass=set:phonerescue-cisco,Phone $vc\$" \
	    "$T/site.conf" || fail "no vendor class for $vc"
done
# Models ROOT does not serve get nothing (7975 has no load in the bundle).
grep -q "CP-7975G" "$T/site.conf" && fail "7975 exported, ROOT lacks it"

# An empty root serves no model: refused, unless --all-models.
mkdir "$T/empty"
"$PHONERESCUE" export --format dnsmasq -r "$T/empty" >/dev/null 2>&1 &&
    fail "an empty root was exported"
"$PHONERESCUE" export --format dnsmasq -r "$T/empty" --all-models \
    -o "$T/all.conf" || fail "--all-models"
grep -q "Phone CP-7975G" "$T/all.conf" || fail "--all-models lacks 7975"
"$DNSMASQ" --test -C "$T/all.conf" || fail "dnsmasq --test all.conf"

# dnsmasq as the site's server: no DNS (--port=0), bound to the veth only,
# its pid and lease files in the test's directory, root so it can read
# the test's private directory.  site CONF TAG MODEL MAC WANT...: one
# phone recovered through dnsmasq with CONF, its lease showing each WANT.
site() {
	conf=$1 tag=$2 model=$3 mac=$4
	shift 4
	dlog=$T/dnsmasq-$tag.log
	netns_bg "$NS_SRV" "$DNSMASQ" --no-daemon --conf-file="$conf" \
	    --port=0 --interface="$IF_SRV" --bind-interfaces --user=root \
	    --pid-file="$T/dnsmasq-$tag.pid" \
	    --dhcp-leasefile="$T/dnsmasq-$tag.leases" \
	    --dhcp-range="$SUBNET.50,$SUBNET.99,255.255.255.0,5m" \
	    --log-dhcp --log-facility="$dlog" 2>"$T/dnsmasq-$tag.err"
	pid=$LAST_PID
	netns_wait_for "$dlog" "started, version" 10 || exit 99
	rc=0
	e2e_phone "$NS_PHONE" "$IF_PHONE" "$T/$tag.log" --model "$model" \
	    --mac "$mac" || rc=$?
	kill "$pid" 2>/dev/null
	if [ $rc -ne 0 ]; then
		echo "FAIL: $tag: simphone exited $rc"
		cat "$T/$tag.log" "$T/$tag.log.err" "$dlog"
		exit 1
	fi
	lease=$(grep '"sim":"lease"' "$T/$tag.log" | head -1)
	for want in "$@"; do
		case $lease in
		*"$want"*) ;;
		*) echo "FAIL: $tag: lease lacks $want: $lease"; cat "$dlog"
		   exit 1 ;;
		esac
	done
	grep -q "tags: .*phonerescue-cisco" "$dlog" ||
	    fail "$tag: dnsmasq never set the phonerescue-cisco tag"
	# The firmware came from dnsmasq's TFTP server.
	n=$(grep -c "dnsmasq-tftp.*: sent " "$dlog" || true)
	echo "ok: $tag: dnsmasq recovered a $model ($n files sent)"
}

# With --address: options 150 and 66 and siaddr name it.
site "$T/site.conf" address 7970 00:1b:d4:70:70:05 '"opt150":true' \
    '"opt66":true' "\"siaddr\":\"$SRV_IP\"" "\"tftp\":\"$SRV_IP\"" \
    '"tftp_via":"option150"'
grep -q "sent $(cd "$ROOT" && pwd -P)/term70.default.loads" \
    "$T/dnsmasq-address.log" || fail "dnsmasq did not serve term70.default.loads"
# Without: dnsmasq fills in its own address for option 150 and siaddr.
site "$T/own.conf" own 7942 00:1b:d4:42:42:05 '"opt150":true' \
    '"opt66":false' "\"siaddr\":\"$SRV_IP\"" "\"tftp\":\"$SRV_IP\""
