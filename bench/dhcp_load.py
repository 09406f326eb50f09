#!/usr/bin/python3
"""DHCP load and latency client for bench/dhcp.sh (scapy, one process).

    dhcp_load.py IFACE load N [TIMEOUT]
        N clients DISCOVER at once (no broadcast flag, as phones); each
        OFFER is answered with a REQUEST at once.  Prints JSON: clients,
        offers, acks, seconds (first DISCOVER to last ACK), and OFFER
        latency median/max in ms.
    dhcp_load.py IFACE latency
        A known client K (full DORA first), then a new client N DISCOVERs
        and, 50 ms later, K DISCOVERs again.  Prints JSON: N's and K's
        DISCOVER->OFFER times in ms: K must not wait for N's conflict probe.
"""
import json
import sys
import threading
import time

from scapy.all import BOOTP, DHCP, Ether, IP, UDP, AsyncSniffer, conf

conf.verb = 0


def mac_of(i, base=0x42):
    return "02:%02x:00:00:%02x:%02x" % (base, (i >> 8) & 0xff, i & 0xff)


def frame(mac, xid, opts):
    raw = bytes.fromhex(mac.replace(":", ""))
    return (Ether(src=mac, dst="ff:ff:ff:ff:ff:ff") /
            IP(src="0.0.0.0", dst="255.255.255.255") /
            UDP(sport=68, dport=67) /
            BOOTP(chaddr=raw, xid=xid, flags=0) /
            DHCP(options=opts + ["end"]))


def discover(mac, xid):
    return frame(mac, xid, [("message-type", "discover"),
                            ("vendor_class_id",
                             b"Cisco Systems, Inc. IP Phone CP-7970G\0"),
                            ("param_req_list", [1, 3, 6, 66, 150])])


def request(mac, xid, server, addr):
    return frame(mac, xid, [("message-type", "request"),
                            ("server_id", server), ("requested_addr", addr)])


def mtype(p):
    for o in p[DHCP].options:
        if isinstance(o, tuple) and o[0] == "message-type":
            return o[1]
    return None


def server_id(p):
    for o in p[DHCP].options:
        if isinstance(o, tuple) and o[0] == "server_id":
            return o[1]
    return None


class Run:
    def __init__(self, iface):
        self.iface = iface
        self.sock = conf.L2socket(iface=iface)
        self.lock = threading.Lock()
        self.sent = {}
        self.offer = {}
        self.ack = {}
        self.req = {}
        self.sn = AsyncSniffer(iface=iface, filter="udp and src port 67",
                               prn=self.on_reply, store=False)
        self.sn.start()
        time.sleep(0.3)

    def on_reply(self, p):
        if BOOTP not in p or DHCP not in p:
            return
        xid = p[BOOTP].xid
        t = time.monotonic()
        kind = mtype(p)
        with self.lock:
            if xid not in self.sent:
                return
            if kind == 2 and xid not in self.offer:
                self.offer[xid] = t
                mac = self.sent[xid][1]
                self.req[xid] = request(mac, xid, server_id(p), p[BOOTP].yiaddr)
                self.sock.send(self.req[xid])
            elif kind == 5 and xid not in self.ack:
                self.ack[xid] = t

    def start(self, i, mac):
        xid = 0x10000 + i
        with self.lock:
            self.sent[xid] = (time.monotonic(), mac)
            self.offer.pop(xid, None)
            self.ack.pop(xid, None)
        self.sock.send(discover(mac, xid))
        return xid

    def wait(self, xids, what, timeout, retry=2.0):
        """Wait for every xid in what; like a real client, send the
        DISCOVER (no OFFER yet) or REQUEST (no ACK yet) again every
        retry seconds."""
        end = time.monotonic() + timeout
        again = time.monotonic() + retry
        while time.monotonic() < end:
            with self.lock:
                if all(x in what for x in xids):
                    return True
            if time.monotonic() >= again:
                again += retry
                for x in xids:
                    with self.lock:
                        t, mac = self.sent[x]
                        got_offer = x in self.offer
                        got_ack = x in self.ack
                    if not got_offer:
                        self.sock.send(discover(mac, x))
                    elif not got_ack and self.req.get(x) is not None:
                        self.sock.send(self.req[x])
            time.sleep(0.005)
        return False

    def close(self):
        self.sn.stop()
        self.sock.close()


def load(iface, n, timeout):
    r = Run(iface)
    t0 = time.monotonic()
    xids = [r.start(i, mac_of(i)) for i in range(n)]
    r.wait(xids, r.ack, timeout)
    r.close()
    lat = sorted((r.offer[x] - r.sent[x][0]) * 1000 for x in xids if x in r.offer)
    last = max(r.ack.values()) if r.ack else t0
    print(json.dumps({
        "clients": n, "offers": len(lat), "acks": len(r.ack),
        "no_offer": [x for x in xids if x not in r.offer][:5],
        "no_ack": [x for x in xids if x in r.offer and x not in r.ack][:5],
        "seconds": round(last - t0, 3),
        "offer_ms_median": round(lat[len(lat) // 2], 1) if lat else None,
        "offer_ms_max": round(lat[-1], 1) if lat else None}))


def latency(iface):
    r = Run(iface)
    known, new = mac_of(1, 0x43), mac_of(2, 0x43)
    k = r.start(1, known)
    r.wait([k], r.ack, 10)
    n = r.start(2, new)
    time.sleep(0.05)
    k2 = r.start(3, known)
    r.wait([n, k2], r.offer, 10)
    r.close()
    out = {}
    for name, x in (("new_client_ms", n), ("known_client_ms", k2)):
        out[name] = (round((r.offer[x] - r.sent[x][0]) * 1000, 1)
                     if x in r.offer else None)
    print(json.dumps(out))


def main():
    iface, mode = sys.argv[1], sys.argv[2]
    if mode == "load":
        load(iface, int(sys.argv[3]),
             float(sys.argv[4]) if len(sys.argv) > 4 else 30.0)
    else:
        latency(iface)


if __name__ == "__main__":
    main()
