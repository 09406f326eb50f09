#!/bin/sh
# End to end, serve says a phone came back (issue 14): a simulated 7970
# after a factory reset (default load, five components, reboot, the
# configuration hunt, XMLDefault.cnf.xml, the load it names) and then a
# legacy 7940 (two images, two reboots).  For each, serve's last `phone`
# event has a final phase (unprovisioned or registered) and one `recovered`
# notice names its MAC (not one per configuration that still named a load
# to fetch), after which no `phone` event puts it back into a phase of its
# recovery: the wizard's "is back up" from the same rules.
# e2e-recovered-nosniff.sh runs it with RECOVERED_SERVE_ARGS=--no-sniff:
# the tracker then has our engines' events only, and must say the same
# (and name the phone behind every transfer).
. "$top_srcdir/tests/net/e2e-common.sh"
e2e_setup
# shellcheck disable=SC2086
e2e_serve ${RECOVERED_SERVE_ARGS:-}
rc=0
for spec in 7970:00:1b:d4:70:70:11 7940:00:07:0e:40:40:11; do
	model=${spec%%:*} mac=${spec#*:}
	e2e_phone "$NS_PHONE" "$IF_PHONE" "$NETNS_TMP/$model.log" \
	    --model "$model" --mac "$mac" || rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL: simphone $model exited $rc"
		e2e_stop_serve; e2e_dump "$NETNS_TMP/$model.log"; exit 1
	fi
	# The state, not a time: serve has told the phone is back.
	netns_wait_for "$SERVE_LOG" "\"code\":\"recovered\".*\"mac\":\"$mac\"" 40 || {
		echo "FAIL: no recovered notice for the $model"
		e2e_stop_serve; e2e_dump "$NETNS_TMP/$model.log"; exit 1; }
done
e2e_stop_serve
"$PY" - "$SERVE_LOG" "${RECOVERED_SERVE_ARGS:-}" 00:1b:d4:70:70:11 \
    00:07:0e:40:40:11 <<'PYEOF' ||
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
final = ("unprovisioned", "registered")
bad = 0
if "--no-sniff" in sys.argv[2]:
    ready = [e for e in ev if e.get("event") == "ready"]
    # Booleans or numbers, whichever the schema prints: no capture ran.
    ok = bool(ready) and not ready[0].get("sniff")
    print(("ok: " if ok else "FAIL: ") + "serve ran without the sniffer")
    bad += not ok
    for mac in sys.argv[3:]:
        seen = [e.get("phase") for e in ev if e.get("event") == "phone"
                and e.get("mac") == mac and e.get("phase")]
        want = ["requesting-ip", "got-ip", "fetching-load", "flashing",
                "requesting-config"]
        ok = all(p in seen for p in want)
        print(("ok: " if ok else "FAIL: ") + "%s: phases from our engines' "
              "events alone: %s" % (mac, seen))
        bad += not ok
        xf = [e for e in ev if e.get("event") in ("tftp_start", "tftp_done")
              and e.get("mac") == mac]
        print(("ok: " if xf else "FAIL: ") + "%s: %d transfers named for "
              "the phone" % (mac, len(xf)))
        bad += not xf
for mac in sys.argv[3:]:
    ph = [e for e in ev if e.get("event") == "phone" and e.get("mac") == mac
          and e.get("phase")]
    rec = [i for i, e in enumerate(ev) if e.get("event") == "notice" and
           e.get("code") == "recovered" and e.get("mac") == mac]
    last = ph[-1]["phase"] if ph else None
    after = [e.get("phase") for e in ev[rec[-1]:] if rec and
             e.get("event") == "phone" and e.get("mac") == mac and
             e.get("phase")] if rec else []
    # Told once: not after a configuration that named a load it lacked.
    ok = last in final and len(rec) == 1 and all(p in final for p in after)
    print(("ok: " if ok else "FAIL: ") + "%s: last phase %s, %d recovered "
          "notices, phases after the last: %s" % (mac, last, len(rec), after))
    bad += not ok
sys.exit(1 if bad else 0)
PYEOF
    { e2e_dump "$NETNS_TMP/7970.log" "$NETNS_TMP/7940.log"; exit 1; }
