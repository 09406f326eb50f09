#!/bin/sh
# End to end, --max-flashing 1 with three simulated 7970s started
# together on one bridge: one phone at a time takes its load (the others'
# DISCOVERs wait unanswered, each named once by a `queued` notice), and
# all three come back.  The order is read from serve's event stream: no
# phone asks for a component of its load while another one is between
# its .loads and its reboot.
. "$top_srcdir/tests/net/e2e-common.sh"
e2e_bridge 3
e2e_serve --max-flashing 1
k=1 pids="" specs=""
while [ $k -le 3 ]; do
	eval "ns=\$NS_PHONE_$k ifc=\$IF_PHONE_$k"
	log=$NETNS_TMP/phone$k.log
	( e2e_phone "$ns" "$ifc" "$log" --model 7970 \
	    --mac "00:1b:d4:70:00:1$k" --timeout 90; echo $? >"$log.rc" ) &
	pids="$pids $!" specs="$specs --phone $log:ok" k=$((k + 1))
done
wait $pids
e2e_stop_serve
bad=0
e2e_phones_ok || bad=1
# shellcheck disable=SC2086
e2e_check $specs || bad=1
"$PY" - "$SERVE_LOG" <<'PYEOF' || bad=1
import json, sys
# One phone at a time between its .loads and its reboot; nobody else's
# component is asked for then.  Queued phones are named once each.
busy = None          # the MAC taking its load now
loaded, queued, dequeued, bad = set(), {}, set(), 0
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    ev = e.get("event")
    if ev == "phone":
        mac, ph = e.get("mac"), e.get("phase")
        if mac in loaded:
            continue    # back from its load: the .loads it asks is a check
        if ph in ("fetching-load", "flashing"):
            if busy not in (None, mac):
                print("FAIL: %s %s while %s takes its load" % (mac, ph, busy))
                bad = 1
            busy = mac
        elif mac == busy and ph not in (None, "requesting-ip", "got-ip"):
            loaded.add(mac)
            busy = None
    elif ev == "tftp_start" and busy is not None and \
            e.get("mac") not in (None, "", busy) and \
            e.get("file", "").lower().endswith((".sbn", ".bin", ".zz", ".sb2")):
        print("FAIL: %s asks %s while %s takes its load" % (e.get("mac"), e["file"], busy))
        bad = 1
    elif ev == "notice" and e.get("code") == "queued":
        queued[e["mac"]] = queued.get(e["mac"], 0) + 1
    elif ev == "notice" and e.get("code") == "dequeued":
        dequeued.add(e["mac"])
if len(loaded) != 3:
    print("FAIL: %d phones took their load, want 3: %s" % (len(loaded), loaded))
    bad = 1
if len(queued) < 1 or any(n != 1 for n in queued.values()):
    print("FAIL: queued notices %s: want each queued phone named once" % queued)
    bad = 1
if set(queued) != dequeued:
    print("FAIL: queued %s but dequeued %s" % (sorted(queued), sorted(dequeued)))
    bad = 1
print("queued: %s" % sorted(queued))
sys.exit(bad)
PYEOF
if [ $bad -ne 0 ]; then
	e2e_dump "$NETNS_TMP"/phone*.log
	exit 1
fi
