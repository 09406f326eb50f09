#!/bin/sh
# End to end, issue 20: a simulated 7970 with --http-first (a 9.x load's
# habit) against `phonerescue serve`, which serves ROOT over HTTP on TCP
# 6970 as well as TFTP.  The phone GETs each file on 6970 first; the files
# ROOT holds come over HTTP (its file lines say proto http, serve's
# tftp_start/tftp_done say "proto":"http"), the ones it lacks (CTL, ITL,
# SEP) get a 404 and then TFTP's error 1; the phone recovers, byte-exact.
. "$top_srcdir/tests/net/e2e-common.sh"
e2e_setup
e2e_serve
LOG=$NETNS_TMP/7970.log
rc=0
e2e_phone "$NS_PHONE" "$IF_PHONE" "$LOG" --model 7970 \
    --mac 00:1b:d4:70:69:70 --http-first || rc=$?
e2e_stop_serve
if [ $rc -ne 0 ]; then
	echo "FAIL: simphone exited $rc"
	e2e_dump "$LOG"
	exit 1
fi
e2e_check --phone "$LOG:ok" || { e2e_dump "$LOG"; exit 1; }
"$PY" - "$LOG" "$SERVE_LOG" <<'PYEOF' || { e2e_dump "$LOG"; exit 1; }
import json, sys
def lines(p):
    out = []
    for ln in open(p, encoding="utf-8", errors="replace"):
        ln = ln.strip()
        if ln.startswith("{"):
            try:
                out.append(json.loads(ln))
            except ValueError:
                pass
    return out
sim, srv = lines(sys.argv[1]), lines(sys.argv[2])
bad = 0
def check(c, what):
    global bad
    print(("ok: " if c else "FAIL: ") + what)
    bad += 0 if c else 1
files = [x for x in sim if x.get("sim") == "file"]
got = [x for x in files if x["result"] == "ok"]
check(got and all(x.get("proto") == "http" for x in got),
      "every file the phone received came over HTTP (%d)" % len(got))
check(any(x["file"] == "term70.default.loads" for x in got),
      "term70.default.loads among them")
miss = [x for x in files if x["result"] == "not_found"]
check(miss and all(x.get("proto") == "tftp" for x in miss),
      "the missing ones fell back to TFTP (%d)" % len(miss))
fb = [x for x in sim if x.get("sim") == "http_fallback"]
check(len(fb) == len(miss) and all(x.get("status") == 404 for x in fb),
      "each fallback after a 404")
def served(ev, name):
    return [x for x in srv if x.get("event") == ev and x.get("proto") ==
            "http" and x.get("file", "").lstrip("/").lower() == name.lower()]
for x in got:
    check(served("tftp_start", x["file"].lstrip("/")) and
          served("tftp_done", x["file"].lstrip("/")),
          "serve: tftp_start and tftp_done proto http for %s" % x["file"])
res = next(x for x in sim if x.get("sim") == "result")
check(res["ok"] and res.get("http_ok") == len(got),
      "result ok, http_ok %s" % res.get("http_ok"))
sys.exit(1 if bad else 0)
PYEOF
