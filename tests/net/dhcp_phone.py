#!/usr/bin/python3
"""A Cisco phone's DHCP exchange, crafted with scapy: DISCOVER without the
broadcast flag (as the 79xx send it), then REQUEST.  Run inside the phone's
namespace on an interface with no address; prints KEY=value lines about the
OFFER and the ACK, and exits 1 if either never came.

    dhcp_phone.py IFACE [VENDOR_CLASS]

$DHCP_PORT moves the server port (the client's is one above), as
`serve --dhcp-port` does.
"""
import os
import sys
import time

from scapy.all import (AsyncSniffer, BOOTP, DHCP, Ether, IP, UDP,
                       bind_layers, conf, get_if_hwaddr, sendp)

conf.verb = 0
SPORT = int(os.environ.get("DHCP_PORT", "67"))
if SPORT != 67:
    bind_layers(UDP, BOOTP, sport=SPORT, dport=SPORT + 1)


def opts(pkt):
    out = {}
    for o in pkt[DHCP].options:
        if isinstance(o, tuple) and len(o) >= 2:
            out[o[0]] = o[1] if len(o) == 2 else o[1:]
    return out


def exchange(iface, frame, xid, want, timeout=5.0):
    sn = AsyncSniffer(iface=iface, filter="udp and src port %d" % SPORT,
                      lfilter=lambda p: BOOTP in p and p[BOOTP].xid == xid
                      and DHCP in p and opts(p).get("message-type") == want,
                      count=1, timeout=timeout)
    sn.start()
    time.sleep(0.2)
    deadline = time.time() + timeout
    while time.time() < deadline:
        sendp(frame, iface=iface)
        for _ in range(20):
            time.sleep(0.1)
            if not sn.running:
                break
        if not sn.running:
            break
    sn.join()
    res = sn.results
    return res[0] if res else None


def main():
    iface = sys.argv[1]
    vc = (sys.argv[2] if len(sys.argv) > 2 else
          "Cisco Systems, Inc. IP Phone CP-7961G-GE").encode() + b"\0"
    mac = get_if_hwaddr(iface)
    raw = bytes.fromhex(mac.replace(":", ""))
    xid = 0x7961
    base = (Ether(src=mac, dst="ff:ff:ff:ff:ff:ff") /
            IP(src="0.0.0.0", dst="255.255.255.255") /
            UDP(sport=SPORT + 1, dport=SPORT))
    disc = base / BOOTP(chaddr=raw, xid=xid, flags=0) / DHCP(options=[
        ("message-type", "discover"), ("vendor_class_id", vc),
        ("param_req_list", [1, 3, 6, 150, 66]), "end"])
    offer = exchange(iface, disc, xid, 2)
    if offer is None:
        print("offer=none")
        return 1
    o = opts(offer)
    print("offer_yiaddr=%s" % offer[BOOTP].yiaddr)
    print("offer_siaddr=%s" % offer[BOOTP].siaddr)
    print("offer_eth_dst=%s" % offer[Ether].dst)
    print("offer_ip_dst=%s" % offer[IP].dst)
    print("offer_flags=%d" % int(offer[BOOTP].flags))
    sid = o.get("server_id")
    req = base / BOOTP(chaddr=raw, xid=xid, flags=0) / DHCP(options=[
        ("message-type", "request"), ("server_id", sid),
        ("requested_addr", offer[BOOTP].yiaddr), ("vendor_class_id", vc),
        ("param_req_list", [1, 3, 6, 150, 66]), "end"])
    ack = exchange(iface, req, xid, 5)
    if ack is None:
        print("ack=none")
        return 1
    a = opts(ack)
    t150 = a.get("tftp_server_address", a.get(150))
    if isinstance(t150, bytes) and len(t150) == 4:
        t150 = ".".join(str(b) for b in t150)
    elif isinstance(t150, (list, tuple)):
        t150 = ",".join(str(x) for x in t150)
    t66 = a.get("tftp_server_name", a.get(66))
    if isinstance(t66, bytes):
        t66 = t66.decode(errors="replace")
    print("ack_yiaddr=%s" % ack[BOOTP].yiaddr)
    print("ack_siaddr=%s" % ack[BOOTP].siaddr)
    print("ack_eth_dst=%s" % ack[Ether].dst)
    print("ack_150=%s" % t150)
    print("ack_66=%s" % t66)
    print("ack_router=%s" % a.get("router"))
    print("ack_server_id=%s" % a.get("server_id"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
