#!/bin/sh
# Site mode (issue 21): the site keeps its own DHCP server and runs
# `serve --no-dhcp --leases-from ...` on its TFTP host.  A real dnsmasq,
# then a real kea-dhcp4, each with the configuration `phonerescue export`
# writes, hands out addresses with option 150 naming our TFTP server;
# serve (no DHCP, no capture) follows the server's lease file and a
# simulated 7970 recovers from it.  serve's JSON then has the site's
# lease (from=dnsmasq / from=kea) for the phone's MAC, `phone` events for
# the MAC with its model and the phases of its recovery, every transfer
# named for the phone, and one `recovered` notice.  Then dnsmasq again
# with `phonerescue lease-hook` as its --dhcp-script (a link, no shell)
# and serve --leases-from dnsmasq-hook:SOCKET: the lease also brings the
# phone's vendor class, so its model and got-ip come from the lease.
. "$top_srcdir/tests/net/e2e-common.sh"
DNSMASQ=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)
KEA=$(command -v kea-dhcp4 || echo /usr/sbin/kea-dhcp4)
if [ ! -x "$DNSMASQ" ]; then
	echo "SKIP: dnsmasq is missing (quickstart installs dnsmasq-base)" >&2
	exit 77
fi
e2e_setup
T=$NETNS_TMP
fail() { echo "FAIL: $*"; exit 1; }

# check FROM MAC [hook]: serve's JSON says the phone's recovery through the
# site's leases.
check() {
	"$PY" - "$SERVE_LOG" "$@" <<'PYEOF'
import json, sys
log, src, mac = sys.argv[1:4]
hook = sys.argv[4:] == ["hook"]
ev = [json.loads(l) for l in open(log) if l.startswith("{")]
bad = 0
def say(cond, what):
    global bad
    print(("ok: " if cond else "FAIL: ") + src + ": " + what)
    bad += not cond
ready = [e for e in ev if e.get("event") == "ready"]
say(ready and not ready[0].get("dhcp") and not ready[0].get("sniff"),
    "serve ran with no DHCP server and no capture")
le = [e for e in ev if e.get("event") == "dhcp_lease" and e.get("mac") == mac]
say(le and all(e.get("from") == src for e in le),
    "the site's lease for %s (%s)" % (mac, le[:1]))
ph = [e for e in ev if e.get("event") == "phone" and e.get("mac") == mac]
say(any(e.get("model") == "7970" for e in ph), "the phone's model 7970")
say(any(e.get("ip") == le[0]["ip"] for e in ph) if le else False,
    "the phone at its leased address")
if hook:
    say(le and le[0].get("model") == "7970" and
        le[0].get("vendor_class", "").startswith("Cisco Systems, Inc. IP"),
        "the lease carries the vendor class and model")
seen = [e.get("phase") for e in ph if e.get("phase")]
want = ["fetching-load", "flashing", "requesting-config"]
if hook:
    want.insert(0, "got-ip")
say(all(p in seen for p in want), "phases %s" % seen)
say(seen and seen[-1] in ("unprovisioned", "registered"),
    "a final phase last")
# The site's server tells its lease after its ACK (dnsmasq runs its
# script then): a first request may come before it.  Every transfer
# begun once the lease was known is named for the phone.
first = min(i for i, e in enumerate(ev) if e in le) if le else len(ev)
xf = [e for e in ev[first:] if e.get("event") in ("tftp_start", "tftp_done")]
say(xf and all(e.get("mac") == mac for e in xf),
    "all %d transfers after the lease named for the phone (%s)" %
    (len(xf), [e.get("file") for e in xf if e.get("mac") != mac]))
early = [e.get("file") for e in ev[:first] if e.get("event") == "tftp_start"]
print("note: %s: %d transfer(s) before the lease: %s" % (src, len(early),
      early))
rec = [e for e in ev if e.get("event") == "notice" and
       e.get("code") == "recovered" and e.get("mac") == mac]
say(len(rec) == 1, "one recovered notice (%d)" % len(rec))
sys.exit(1 if bad else 0)
PYEOF
}

# site FROM LEASEFILE MAC [hook]: serve following LEASEFILE (or the
# hook's socket), a 7970 recovered.
site() {
	from=$1 lf=$2 mac=$3 hook=${4:-}
	SERVE_LOG=$T/serve-$from$hook.log SERVE_ERR=$T/serve-$from$hook.err
	e2e_serve --no-dhcp --no-sniff --leases-from "$from${hook:+-hook}:$lf"
	# Kea's LFC (every second here) replaces the file serve opened.
	if [ "$from" = kea ]; then
		# (Up to 60 s: on a loaded machine kea-lfc has taken over 10.)
		rm -f "$lf.1"
		i=0
		while [ ! -e "$lf.1" ] && [ $i -lt 600 ]; do
			sleep 0.1; i=$((i + 1))
		done
		[ -e "$lf.1" ] || fail "Kea's LFC never ran in 60 s"
	fi
	rc=0
	e2e_phone "$NS_PHONE" "$IF_PHONE" "$T/$from.log" --model 7970 \
	    --mac "$mac" || rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL: $from: simphone exited $rc"
		e2e_stop_serve; e2e_dump "$T/$from.log"; cat "$lf"; exit 1
	fi
	netns_wait_for "$SERVE_LOG" "\"code\":\"recovered\".*\"mac\":\"$mac\"" 40 || {
		echo "FAIL: $from: no recovered notice"
		e2e_stop_serve; e2e_dump "$T/$from.log"; cat "$lf"; exit 1; }
	e2e_stop_serve
	if grep -q "leases-from\|lease hook" "$SERVE_ERR"; then
		echo "FAIL: $from: serve complained of the leases"
		cat "$SERVE_ERR"; exit 1
	fi
	# shellcheck disable=SC2086
	check "$from" "$mac" $hook || { e2e_dump "$T/$from.log"; cat "$lf"; exit 1; }
}

# Refused before anything is served: our own DHCP server with the site's,
# and a server we cannot read.
for bad in "--leases-from dnsmasq:$T/x" "--no-dhcp --leases-from bind:$T/x"; do
	# shellcheck disable=SC2086
	ip netns exec "$NS_SRV" "$PHONERESCUE" serve -i "$IF_SRV" -r "$ROOT" \
	    --no-sniff --leases "$T/leases" $bad >"$T/bad.out" 2>"$T/bad.err" &&
	    fail "serve $bad was accepted"
	grep -q "leases-from" "$T/bad.err" || { cat "$T/bad.err";
	    fail "serve $bad: no reason given"; }
done
echo "ok: --leases-from without --no-dhcp, or of an unknown server, refused"

# dnsmasq for DHCP only (no DNS, no TFTP: our serve is the TFTP server),
# with the exported tags and options; its lease file in the test's
# directory.
"$PHONERESCUE" export --format dnsmasq -r "$ROOT" --address "$SRV_IP" |
    grep -v '^enable-tftp$\|^tftp-root=' >"$T/site.conf" || fail "export"
netns_bg "$NS_SRV" "$DNSMASQ" --no-daemon --conf-file="$T/site.conf" \
    --port=0 --interface="$IF_SRV" --bind-interfaces --user=root \
    --pid-file="$T/dnsmasq.pid" --dhcp-leasefile="$T/dnsmasq.leases" \
    --dhcp-range="$SUBNET.50,$SUBNET.99,255.255.255.0,5m" \
    --log-dhcp --log-facility="$T/dnsmasq.log" 2>"$T/dnsmasq.err"
DNSMASQ_PID=$LAST_PID
netns_wait_for "$T/dnsmasq.log" "started, version" 10 || exit 99
site dnsmasq "$T/dnsmasq.leases" 00:1b:d4:70:70:21
kill "$DNSMASQ_PID" 2>/dev/null
grep -q "00:1b:d4:70:70:21 $SUBNET\." "$T/dnsmasq.leases" ||
    fail "dnsmasq's lease file lacks the phone"

# dnsmasq runs its script by a link's name, directly (no shell), with
# the environment it was started with.
ln -s "$PHONERESCUE" "$T/phonerescue-lease-hook"
PHONERESCUE_LEASE_SOCKET=$T/hook.sock
export PHONERESCUE_LEASE_SOCKET
netns_bg "$NS_SRV" "$DNSMASQ" --no-daemon --conf-file="$T/site.conf" \
    --port=0 --interface="$IF_SRV" --bind-interfaces --user=root \
    --pid-file="$T/dnsmasq2.pid" --dhcp-leasefile="$T/dnsmasq2.leases" \
    --dhcp-script="$T/phonerescue-lease-hook" \
    --dhcp-range="$SUBNET.50,$SUBNET.99,255.255.255.0,5m" \
    --log-dhcp --log-facility="$T/dnsmasq2.log" 2>"$T/dnsmasq2.err"
DNSMASQ_PID=$LAST_PID
netns_wait_for "$T/dnsmasq2.log" "started, version" 10 || exit 99
site dnsmasq "$T/hook.sock" 00:1b:d4:70:70:23 hook
kill "$DNSMASQ_PID" 2>/dev/null

if [ ! -x "$KEA" ]; then
	echo "SKIP kea-dhcp4 (quickstart installs kea-dhcp4-server)" >&2
	exit 0
fi
# Kea with the exported class merged into a subnet, as in export-kea.sh,
# its lease file cleanup (LFC) every second: the file is moved aside
# and made anew under serve while the phone gets its lease.
"$PHONERESCUE" export --format kea -r "$ROOT" --address "$SRV_IP" \
    -o "$T/kea.json" || fail "export --format kea"
"$PY" "$top_srcdir/tests/net/kea_site.py" "$T/kea.json" "$T/site.json" \
    "$IF_SRV" "$SUBNET" "$T" "$T/kea-leases4.csv" 1 || exit 99
export KEA_PIDFILE_DIR="$T" KEA_LOCKFILE_DIR="$T"
netns_bg "$NS_SRV" "$KEA" -c "$T/site.json" >"$T/kea.out" 2>&1
KEA_PID=$LAST_PID
netns_wait_for "$T/kea.log" "DHCP4_STARTED" 15 || { cat "$T/kea.out"; exit 99; }
site kea "$T/kea-leases4.csv" 00:1b:d4:70:70:22
kill "$KEA_PID" 2>/dev/null
head -1 "$T/kea-leases4.csv" | grep -q '^address,hwaddr,' ||
    fail "Kea's lease file has no header"
