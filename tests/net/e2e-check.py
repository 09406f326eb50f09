#!/usr/bin/python3
"""e2e-check.py: check an end-to-end run from its logs.

    e2e-check.py --root ROOT --serve SERVE.json
                 --phone LOG:ok|fail [--phone ...] [--phases] [--noload]

For each simulated phone (its `simphone --json` lines):
  - its exit verdict (the result line) is the one expected;
  - every file it reports as received has the MD5 of the file in ROOT;
  - a phone that succeeded received the default load and every component
    it lists, and all of it as tftp_done events from the server, from the
    phone's leased address;
  - the server saw it: a `phone` event with its MAC and model, a
    `dhcp_lease` ack with its MAC; error 1 for its CTL/ITL/SEP requests;
  - with --phases, the phone's phases in the server's events go through
    link-up, requesting-ip, got-ip, fetching-load, flashing, rebooting,
    requesting-config in that order;
  - with --lossy, the phone did drop DATA and doubled its ACKs;
  - with --http, a phone that succeeded (simphone --http-first) got every
    file over HTTP (its file lines and the server's tftp_start/tftp_done
    say proto http), and the ones ROOT lacks over TFTP after a 404;
  - with --noload, a phone that failed had its default load refused with
    error 1 and the server said in a notice that nothing serves its model.
Prints one line per check; exit 0 when all hold, 1 otherwise.
"""
import argparse
import hashlib
import json
import os
import sys

PHASES = ["link-up", "requesting-ip", "got-ip", "fetching-load", "flashing",
          "rebooting", "requesting-config"]

fails = 0


def check(cond, what):
    global fails
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        fails += 1
    return cond


def lines(path):
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for ln in f:
            ln = ln.strip()
            if ln.startswith("{"):
                try:
                    out.append(json.loads(ln))
                except ValueError:
                    pass
    return out


def root_file(root, name):
    name = name.lstrip("/").replace("\\", "/")
    p = os.path.join(root, name)
    if os.path.exists(p):
        return p
    for n in os.listdir(root):
        if n.lower() == name.lower():
            return os.path.join(root, n)
    return None


def in_order(seq, want):
    i = 0
    for s in seq:
        if i < len(want) and s == want[i]:
            i += 1
    return i == len(want)


def http_served(ev, ip, kind, name):
    return any(e.get("event") == kind and e.get("proto") == "http" and
               e.get("client", "").split(":")[0] == ip and
               e.get("file", "").lstrip("/").lower() == name.lower()
               for e in ev)


def check_http(tag, sim, ev, ip):
    files = [x for x in sim if x.get("sim") == "file"]
    got = [x for x in files if x["result"] == "ok"]
    check(got and all(x.get("proto") == "http" for x in got),
          "%s: every file it received came over HTTP (%d)" % (tag, len(got)))
    miss = [x for x in files if x["result"] == "not_found"]
    fb = [x for x in sim if x.get("sim") == "http_fallback"]
    check(all(x.get("proto") == "tftp" for x in miss) and
          len(fb) == len(miss) and all(x.get("status") == 404 for x in fb),
          "%s: the %d it lacked: 404, then TFTP" % (tag, len(miss)))
    bad = [x["file"] for x in got if not (
        http_served(ev, ip, "tftp_start", x["file"].lstrip("/")) and
        http_served(ev, ip, "tftp_done", x["file"].lstrip("/")))]
    check(not bad, "%s: serve: tftp_start and tftp_done with proto http "
          "for each%s" % (tag, (" (not: %s)" % bad) if bad else ""))
    res = next(x for x in sim if x.get("sim") == "result")
    check(res.get("http_ok") == len(got),
          "%s: result http_ok %s" % (tag, res.get("http_ok")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--serve", required=True)
    ap.add_argument("--phone", action="append", default=[])
    ap.add_argument("--phases", action="store_true")
    ap.add_argument("--noload", action="store_true")
    ap.add_argument("--lossy", action="store_true")
    ap.add_argument("--http", action="store_true")
    a = ap.parse_args()
    ev = lines(a.serve)

    for spec in a.phone:
        log, want = spec.rsplit(":", 1)
        sim = lines(log)
        start = next((x for x in sim if x.get("sim") == "start"), None)
        result = next((x for x in sim if x.get("sim") == "result"), None)
        if not check(start is not None and result is not None,
                     "%s: start and result lines" % log):
            continue
        mac, model = start["mac"], start["model"]
        tag = "%s %s" % (model, mac)
        check(result["ok"] == (want == "ok"),
              "%s: result ok=%s (%s)" % (tag, result["ok"], result["reason"]))
        if a.lossy:
            check(result.get("data_dropped", 0) > 0 and start.get("dup_acks"),
                  "%s: dropped %d DATA packets, sent every ACK twice" %
                  (tag, result.get("data_dropped", 0)))
        lease = next((x for x in sim if x.get("sim") == "lease"), None)
        ip = lease["ip"] if lease else None
        files = [x for x in sim if x.get("sim") == "file"]
        got = [x for x in files if x["result"] == "ok"]
        bad = []
        for x in got:
            p = root_file(a.root, x["file"])
            md5 = hashlib.md5(open(p, "rb").read()).hexdigest() if p else None
            if md5 != x["md5"]:
                bad.append(x["file"])
        check(not bad and (got or want == "fail"),
              "%s: %d files byte-identical to ROOT%s" %
              (tag, len(got), (" (differ: %s)" % bad) if bad else ""))
        done = [e for e in ev if e.get("event") == "tftp_done" and ip and
                e.get("client", "").split(":")[0] == ip]
        if want == "ok":
            loads = [x for x in sim if x.get("sim") == "loads"]
            need = set()
            for ld in loads:
                need.add(ld["file"])
                need.update(ld["list"])
            have = set(x["file"] for x in got)
            check(loads and need <= have,
                  "%s: the .loads and what they list arrived (%d files)" %
                  (tag, len(need)))
            # HTTP names the file by its path: "/term70.default.loads".
            have = set(x.lstrip("/") for x in have)
            served = set(e["file"].lstrip("/") for e in done)
            check(have <= served,
                  "%s: a tftp_done per file (%d)" % (tag, len(have)))
        seen = [e for e in ev if e.get("event") == "phone" and
                e.get("mac") == mac]
        check(any(e.get("model") == model for e in seen),
              "%s: phone event with model and MAC" % tag)
        check(any(e.get("event") == "dhcp_lease" and e.get("mac") == mac and
                  e.get("state") == "ack" and e.get("ip") == ip for e in ev),
              "%s: dhcp_lease ack for %s" % (tag, ip))
        nf = [x["file"] for x in files if x["result"] == "not_found"]
        errs = [e for e in ev if e.get("event") == "tftp_error" and
                e.get("code") == 1 and ip and
                e.get("client", "").split(":")[0] == ip]
        ef = set(e["file"] for e in errs)
        sec = [f for f in nf if f.startswith(("CTLSEP", "ITLSEP", "SEP"))]
        if want == "ok" and start.get("family") == "cnu":
            check(len(sec) == 3 and set(sec) <= ef,
                  "%s: error 1 for CTL/ITL/SEP: %s" % (tag, sec))
        if a.http and want == "ok":
            check_http(tag, sim, ev, ip)
        if a.phases and want == "ok":
            ph = []
            for e in seen:
                p = e.get("phase")
                if p and (not ph or ph[-1] != p):
                    ph.append(p)
            check(in_order(ph, PHASES),
                  "%s: phases %s" % (tag, " > ".join(ph)))
        if a.noload and want == "fail":
            wanted = result.get("wanted", "")
            check(wanted in ef, "%s: wanted %s, refused with error 1" %
                  (tag, wanted))
            notes = [e for e in ev if e.get("event") == "notice" and
                     (e.get("mac") == mac or e.get("file") == wanted) and
                     model in e.get("message", "")]
            check(any(wanted in e.get("message", "") or
                      e.get("file") == wanted for e in notes),
                  "%s: a notice says nothing serves the %s: %s" %
                  (tag, model, [e.get("message") for e in notes]))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
