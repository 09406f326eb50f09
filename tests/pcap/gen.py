#!/usr/bin/python3
"""Write the golden-test captures of tests/pcap/TESTLIST into a directory.

Every frame and every timestamp is fixed here, so the captures (and the
events `phonerescue sniff -f` prints for them) are the same on every run.
scapy builds the IP/UDP/DHCP/ARP/TCP layers; CDP and LLDP are packed by
hand so their TLVs (and CDP's checksum) are exactly what the test says.
The pcap files are written by hand too, so a record can be cut short
(caplen < len) the way a small snaplen cuts it.

    /usr/bin/python3 tests/pcap/gen.py OUTDIR
"""
import os
import struct
import sys

from scapy.all import ARP, BOOTP, DHCP, IP, TCP, UDP, Dot1Q, Ether, Raw

T0 = 1767225600 * 1000  # 2026-01-01T00:00:00Z, in ms

SERVER_MAC = "02:00:00:00:00:01"
SERVER_IP = "198.18.5.1"
BCAST = "ff:ff:ff:ff:ff:ff"


def macb(mac):
    return bytes(int(x, 16) for x in mac.split(":"))


def ipb(ip):
    return bytes(int(x) for x in ip.split("."))


def write_pcap(path, recs, linktype=1):
    """recs: (ms since T0, frame bytes, original length or None)."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535,
                            linktype))
        for ms, data, olen in recs:
            t = T0 + ms
            f.write(struct.pack("<IIII", t // 1000, (t % 1000) * 1000,
                                len(data), olen if olen else len(data)))
            f.write(data)


def cooked(frame, v2=False):
    """An Ethernet frame as `tcpdump -i any` stores it: a Linux cooked
    header (SLL, or SLL2 with v2) with the sender's MAC and the protocol
    in place of the Ethernet header; 802.3 frames become protocol 4 (LLC)
    without their length; an 802.1Q tag stays after the protocol field,
    where libpcap puts it back."""
    dst, src = frame[:6], frame[6:12]
    (etype,) = struct.unpack(">H", frame[12:14])
    body = frame[14:]
    if etype <= 1500:
        etype, body = 4, body[:etype]
    ptype = 1 if dst == b"\xff" * 6 else 2 if dst[0] & 1 else 0
    if v2:
        hdr = struct.pack(">HHIHBB", etype, 0, 2, 1, ptype, 6) + src + b"\0\0"
    else:
        hdr = struct.pack(">HHH", ptype, 1, 6) + src + b"\0\0" + \
            struct.pack(">H", etype)
    return hdr + body


def cooked_caps(fn, v2):
    return lambda: [(ms, cooked(b, v2), None) for ms, b, _ in fn()]


def pad60(b):
    return b + b"\0" * (60 - len(b)) if len(b) < 60 else b


# ---- CDP (Cisco; layout as in Wireshark's packet-cdp.c) -------------------

def cdp_checksum(pdu):
    """Cisco's checksum, odd-length quirk included (see dissect_cdp.c)."""
    s = 0
    n = len(pdu)
    for i in range(0, n - 1, 2):
        s += pdu[i] << 8 | pdu[i + 1]
    if n & 1:
        hi, lo = 0, pdu[-1]
        if lo & 0x80:
            lo, hi = lo - 1, 0xFF
        s += hi << 8 | lo
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def cdp_tlv(t, v):
    return struct.pack(">HH", t, len(v) + 4) + v


def cdp_addr(ip):
    return struct.pack(">IBBBH", 1, 1, 1, 0xCC, 4) + ipb(ip)


def cdp_pdu(tlvs, ttl=180, cksum=None):
    pdu = struct.pack(">BBH", 2, ttl, 0) + b"".join(tlvs)
    if cksum is None:
        c = cdp_checksum(pdu)
    else:
        c = cksum
    return pdu[:2] + struct.pack(">H", c) + pdu[4:]


def cdp_frame(src, pdu, vlan=None):
    llc = b"\xaa\xaa\x03\x00\x00\x0c\x20\x00" + pdu
    tag = b""
    if vlan is not None:
        tag = struct.pack(">HH", 0x8100, (5 << 13) | vlan)
    return pad60(macb("01:00:0c:cc:cc:cc") + macb(src) + tag +
                 struct.pack(">H", len(llc)) + llc)


def cdp_phone(src, devid, platform, software, ip, extra=(), cksum=None,
              vlan=None):
    tlvs = [cdp_tlv(1, devid.encode()), cdp_tlv(2, cdp_addr(ip)),
            cdp_tlv(3, b"Port 1"), cdp_tlv(4, struct.pack(">I", 0x10)),
            cdp_tlv(5, software.encode()), cdp_tlv(6, platform.encode()),
            cdp_tlv(0x0B, b"\x01")]
    tlvs += list(extra)
    return cdp_frame(src, cdp_pdu(tlvs, cksum=cksum), vlan)


# ---- LLDP / LLDP-MED (IEEE 802.1AB, ANSI/TIA-1057) ------------------------

def lldp_tlv(t, v):
    return struct.pack(">H", (t << 9) | len(v)) + v


def med(sub, v):
    return lldp_tlv(127, b"\x00\x12\xbb" + bytes([sub]) + v)


def lldp_7965(src, ip):
    voice = (1 << 22) | (100 << 9) | (5 << 6) | 46
    sig = (1 << 22) | (100 << 9) | (3 << 6) | 24
    tlvs = [
        lldp_tlv(1, b"\x05\x01" + ipb(ip)),
        lldp_tlv(2, b"\x03" + macb(src)),
        lldp_tlv(3, struct.pack(">H", 180)),
        lldp_tlv(5, b"SEP" + src.replace(":", "").upper().encode()),
        lldp_tlv(6, b"Cisco IP Phone 7965G,V4, SCCP45.9-4-2SR4-3S"),
        lldp_tlv(7, struct.pack(">HH", 0x0024, 0x0024)),
        med(1, struct.pack(">HB", 0x0033, 3)),
        med(2, bytes([2]) + sig.to_bytes(3, "big")),
        med(2, bytes([1]) + voice.to_bytes(3, "big")),
        med(4, bytes([(1 << 6) | (1 << 4) | 3]) + struct.pack(">H", 129)),
        med(5, b"4"),
        med(6, b"SCCP45.9-4-2SR4-3S"),
        med(7, b"SCCP45.9-4-2SR4-3S"),
        med(8, b"FCH1234ABCD"),
        med(9, b"Cisco Systems, Inc."),
        med(10, b"CP-7965G"),
        lldp_tlv(0, b""),
    ]
    return pad60(macb("01:80:c2:00:00:0e") + macb(src) +
                 struct.pack(">H", 0x88CC) + b"".join(tlvs))


def lldp_self(src, descr, med_caps=True):
    """A phone's LLDP with no MED inventory: only System Name (SEP<MAC>)
    and System Description say who it is."""
    tlvs = [
        lldp_tlv(1, b"\x04" + macb(src)),
        lldp_tlv(2, b"\x03" + macb(src)),
        lldp_tlv(3, struct.pack(">H", 180)),
        lldp_tlv(5, b"SEP" + src.replace(":", "").upper().encode()),
        lldp_tlv(6, descr.encode()),
    ]
    if med_caps:
        tlvs.append(med(1, struct.pack(">HB", 0x0033, 3)))
    tlvs.append(lldp_tlv(0, b""))
    return pad60(macb("01:80:c2:00:00:0e") + macb(src) +
                 struct.pack(">H", 0x88CC) + b"".join(tlvs))


def cdp_self(src, software, platform=None):
    """A phone's CDP: Device-ID SEP<MAC>, software, and maybe a platform."""
    tlvs = [cdp_tlv(1, sep(src).encode()), cdp_tlv(3, b"Port 1"),
            cdp_tlv(4, struct.pack(">I", 0x10)),
            cdp_tlv(5, software.encode())]
    if platform is not None:
        tlvs.append(cdp_tlv(6, platform.encode()))
    return cdp_frame(src, cdp_pdu(tlvs))


# ---- DHCP, ARP, TFTP, TCP --------------------------------------------------

def dhcp_client(mac, mtype, vc=None, xid=1, requested=None, hostname=True,
                vlan=None, ciaddr="0.0.0.0"):
    opts = [("message-type", mtype)]
    if vc is not None:
        opts.append(("vendor_class_id", vc))
    if hostname:
        opts.append(("hostname", ("SEP" + mac.replace(":", "").upper()).encode()))
    opts.append(("client_id", b"\x01" + macb(mac)))
    if requested:
        opts.append(("requested_addr", requested))
    opts.append(("param_req_list", [1, 3, 6, 15, 66, 150]))
    opts.append("end")
    src = "0.0.0.0" if ciaddr == "0.0.0.0" else ciaddr
    l2 = Ether(src=mac, dst=BCAST)
    if vlan is not None:
        l2 = l2 / Dot1Q(vlan=vlan, prio=5)
    p = (l2 / IP(src=src, dst="255.255.255.255") / UDP(sport=68, dport=67) /
         BOOTP(op=1, chaddr=macb(mac) + b"\0" * 10, xid=xid, ciaddr=ciaddr) /
         DHCP(options=opts))
    return bytes(p)


def dhcp_server(mac, mtype, yiaddr, xid=1, server_ip=SERVER_IP,
                server_mac=SERVER_MAC):
    opts = [("message-type", mtype), ("server_id", server_ip),
            ("lease_time", 300), ("subnet_mask", "255.255.255.0"),
            ("router", server_ip), ("tftp_server_name", server_ip.encode()),
            "end"]
    p = (Ether(src=server_mac, dst=mac) /
         IP(src=server_ip, dst=yiaddr) / UDP(sport=67, dport=68) /
         BOOTP(op=2, yiaddr=yiaddr, siaddr=server_ip,
               chaddr=macb(mac) + b"\0" * 10, xid=xid) /
         DHCP(options=opts))
    return bytes(p)


def arp(mac, psrc, pdst, op=1):
    return bytes(Ether(src=mac, dst=BCAST) /
                 ARP(op=op, hwsrc=mac, psrc=psrc, hwdst="00:00:00:00:00:00",
                     pdst=pdst))


def rrq(mac, ip, name, sport=50000, server=SERVER_IP, opts=b"", vlan=None):
    l2 = Ether(src=mac, dst=SERVER_MAC)
    if vlan is not None:
        l2 = l2 / Dot1Q(vlan=vlan)
    return bytes(l2 / IP(src=ip, dst=server) / UDP(sport=sport, dport=69) /
                 Raw(b"\x00\x01" + name.encode() + b"\x00octet\x00" + opts))


def syn(mac, ip, dport=6970, flags="S"):
    return bytes(Ether(src=mac, dst=SERVER_MAC) / IP(src=ip, dst=SERVER_IP) /
                 TCP(sport=49152, dport=dport, flags=flags, seq=1000))


def sep(mac):
    return "SEP" + mac.replace(":", "").upper()


# ---- the captures -----------------------------------------------------------

def cap_cdp_7970():
    m = "00:1b:d4:a1:70:70"
    f = cdp_phone(m, sep(m), "Cisco IP Phone 7970", "SCCP70.8-5-2S",
                  "198.18.5.70",
                  extra=[cdp_tlv(0x10, struct.pack(">H", 12000)),
                         cdp_tlv(0x19, struct.pack(">HHI", 1, 0, 12000))])
    # Periodic re-send 60 s later: same facts, so no second event.
    return [(0, f, None), (60000, f, None)]


def cap_cdp_7960_badsum():
    # The 7960 of scapy's cdp.uts: SIP001122334455, P003-08-2-00, checksum
    # 0xd7db where 0xf3f1 would be right.  Real phones send such frames.
    m = "00:11:22:33:44:55"
    f = cdp_phone(m, "SIP001122334455", "Cisco IP Phone 7960", "P003-08-2-00",
                  "198.18.5.60", cksum=0xD7DB)
    return [(0, f, None)]


def cap_lldp_7965():
    return [(0, lldp_7965("00:25:45:65:65:65", "198.18.5.65"), None)]


def cap_self_described():
    """Phones that name their model and load only in free text: LLDP's
    System Description in its spellings (SCCP and SIP loads, with and
    without "CP-", blanks around the commas), a description that is only
    a load (one model runs SIP75; 7945/7965 share SCCP45, 7942/7962
    SIP42: the load, no model), and CDP
    without a platform or with the description's shape as platform."""
    return [
        (0, lldp_self("00:25:45:65:65:01",
                      "Cisco IP Phone CP-7965G,V12, SCCP45.9-4-2SR3-1S"), None),
        (100, lldp_self("00:25:45:75:75:01",
                        "Cisco IP Phone 7975G , V1 , SIP75.9-3-1SR2-1S",
                        med_caps=False), None),
        (200, lldp_self("00:25:45:75:75:03", "SIP75.9-3-1SR2-1S"), None),
        (300, lldp_self("00:25:45:45:45:01", "SCCP45.9-4-2SR3-1S"), None),
        (350, lldp_self("00:25:45:42:42:01", "SIP42.9-4-2SR3-1S"), None),
        (400, cdp_self("00:1e:4a:75:75:02", "SCCP75.9-3-1SR2-1S"), None),
        (500, cdp_self("00:1e:4a:65:65:02", "SCCP45.9-4-2SR3-1S",
                       "Cisco IP Phone CP-7965G,V12"), None),
    ]


def cap_vlan():
    m1, m2, m3 = "00:1d:45:42:42:42", "00:1d:45:62:62:62", "00:1d:45:45:45:45"
    vc42 = b"Cisco Systems, Inc. IP Phone CP-7942G\x00"
    # A tagged CDP frame: 802.1Q, then an 802.3 length, LLC/SNAP, CDP.
    cdp62 = cdp_phone(m2, sep(m2), "Cisco IP Phone 7962", "SCCP42.9-4-2SR3-1S",
                      "198.18.5.62", vlan=100,
                      extra=[cdp_tlv(0x0A, struct.pack(">H", 1)),
                             cdp_tlv(0x0E, struct.pack(">BH", 1, 100))])
    # Double-tagged (802.1ad outer, 802.1Q inner) DISCOVER from a 7945.
    d45 = dhcp_client(m3, "discover", b"Cisco Systems, Inc. IP Phone CP-7945G\x00",
                      xid=45)
    qinq = d45[:12] + struct.pack(">HHHH", 0x88A8, 300, 0x8100, 200) + d45[12:]
    return [(0, dhcp_client(m1, "discover", vc42, xid=42, vlan=100), None),
            (1000, cdp62, None),
            (2000, qinq, None)]


def cap_vendor_classes():
    recs = []
    t = 0
    for mac, vc in [
        ("00:1b:d4:61:61:61", b"Cisco Systems, Inc. IP Phone CP-7961G-GE\x00"),
        ("00:0f:34:05:05:05", b"Cisco Systems, Inc. IP Phone 7905"),
        ("00:1b:d4:21:21:21", b"Cisco Systems Inc. Wireless Phone 7921"),
        ("00:23:eb:69:01:01", b"Cisco Systems, Inc."),
        ("52:54:00:12:34:56", b"udhcp 1.36.1"),
        ("52:54:00:12:34:57", None),
    ]:
        recs.append((t, dhcp_client(mac, "discover", vc, xid=t + 1,
                                    hostname=vc is not None and b"Cisco" in vc),
                     None))
        t += 500
    return recs


def cap_foreign_offer():
    m = "00:1b:d4:a1:70:71"
    vc = b"Cisco Systems, Inc. IP Phone CP-7970G\x00"
    other_mac, other_ip = "02:00:00:00:00:99", "198.18.0.99"
    third_mac, third_ip = "02:00:00:00:00:98", "198.18.0.98"
    return [
        (0, dhcp_client(m, "discover", vc, xid=7), None),
        (100, dhcp_server(m, "offer", "198.18.0.150", xid=7,
                          server_ip=other_ip, server_mac=other_mac), None),
        (150, dhcp_server(m, "offer", "198.18.0.151", xid=7,
                          server_ip=third_ip, server_mac=third_mac), None),
        (200, dhcp_client(m, "request", vc, xid=7, requested="198.18.0.150"), None),
        (300, dhcp_server(m, "ack", "198.18.0.150", xid=7,
                          server_ip=other_ip, server_mac=other_mac), None),
        # A second round from the same server: no second event.
        (4000, dhcp_server(m, "offer", "198.18.0.150", xid=8,
                           server_ip=other_ip, server_mac=other_mac), None),
    ]


def cap_recovery_7970():
    """A 7970 after 123456789*0#: link, DHCP, default load, five
    components, reboot, DHCP again, HTTP attempt, the configuration hunt,
    and no SEP file for it (unprovisioned)."""
    m = "00:1b:d4:a1:70:72"
    ip = "198.18.5.72"
    vc = b"Cisco Systems, Inc. IP Phone CP-7970G\x00"
    comps = ["jar70sccp.9-4-2ES26.sbn", "cnu70.9-4-2ES26.sbn",
             "apps70.9-4-2ES26.sbn", "dsp70.9-4-2ES26.sbn",
             "cvm70sccp.9-4-2ES26.sbn"]
    cdp = cdp_phone(m, sep(m), "Cisco IP Phone 7970", "SCCP70.8-3-3S", "0.0.0.0",
                    extra=[cdp_tlv(0x19, struct.pack(">HHI", 1, 0, 12000))])
    r = [(0, cdp, None),
         (2000, dhcp_client(m, "discover", vc, xid=1), None),
         (2100, dhcp_server(m, "offer", ip, xid=1), None),
         (2200, dhcp_client(m, "request", vc, xid=1, requested=ip), None),
         (2300, dhcp_server(m, "ack", ip, xid=1), None),
         (2400, arp(m, ip, ip), None),
         (3000, rrq(m, ip, "term70.default.loads", 50001), None)]
    t = 3500
    for i, c in enumerate(comps):
        r.append((t, rrq(m, ip, c, 50002 + i, opts=b"blksize\x001428\x00"), None))
        t += 20000
        if i == 1:
            # A retransmission of the same component: no new event.
            r.append((t - 16000, rrq(m, ip, c, 50002 + i), None))
    t += 30000
    r += [(t, cdp, None),
          (t + 2000, dhcp_client(m, "discover", vc, xid=2), None),
          (t + 2100, dhcp_server(m, "offer", ip, xid=2), None),
          (t + 2200, dhcp_client(m, "request", vc, xid=2, requested=ip), None),
          (t + 2300, dhcp_server(m, "ack", ip, xid=2), None),
          (t + 3000, syn(m, ip), None),
          (t + 3100, rrq(m, ip, "CTL" + sep(m) + ".tlv", 50010), None),
          (t + 3200, rrq(m, ip, "ITL" + sep(m) + ".tlv", 50011), None),
          (t + 3300, rrq(m, ip, sep(m) + ".cnf.xml", 50012), None),
          (t + 3400, rrq(m, ip, "XMLDefault.cnf.xml", 50013), None),
          (t + 33400, rrq(m, ip, sep(m) + ".cnf.xml", 50014), None)]
    return r


def cap_loads_case():
    """The default load asked in capitals with a leading slash: the count
    still comes from ROOT's term70.default.loads, as the server finds it;
    and again for a second phone (ROOT is scanned once per lookup)."""
    m, m2 = "00:1b:d4:a1:70:74", "00:1b:d4:a1:70:75"
    ip, ip2 = "198.18.5.74", "198.18.5.75"
    return [(0, rrq(m, ip, "/TERM70.DEFAULT.LOADS", 50400), None),
            (500, rrq(m, ip, "JAR70SCCP.9-4-2ES26.SBN", 50401), None),
            (1000, rrq(m2, ip2, "Term70.Default.Loads", 50402), None),
            (1500, rrq(m2, ip2, "jar70sccp.9-4-2ES26.sbn", 50403), None)]


def cap_legacy_7960():
    """A 7960 moving to SIP 8.12: config hunt, the .loads, one image,
    reboot, the SIP files, then the locale files of a registered phone."""
    m = "00:07:0e:60:60:60"
    ip = "198.18.5.160"
    mac12 = m.replace(":", "").upper()
    vc = b"Cisco Systems, Inc. IP Phone CP-7960G\x00"
    return [
        (0, dhcp_client(m, "discover", vc, xid=3), None),
        (100, dhcp_server(m, "offer", ip, xid=3), None),
        (200, dhcp_client(m, "request", vc, xid=3, requested=ip), None),
        (300, dhcp_server(m, "ack", ip, xid=3), None),
        (1000, rrq(m, ip, "CTL" + sep(m) + ".tlv", 50100), None),
        (1100, rrq(m, ip, sep(m) + ".cnf.xml", 50101), None),
        (1200, rrq(m, ip, "SIP" + mac12 + ".cnf", 50102), None),
        (1300, rrq(m, ip, "XMLDefault.cnf.xml", 50103), None),
        (1400, rrq(m, ip, "P0S3-8-12-00.loads", 50104), None),
        (1500, rrq(m, ip, "P003-8-12-00.sbn", 50105), None),
        (60000, dhcp_client(m, "discover", vc, xid=4), None),
        (60100, dhcp_server(m, "offer", ip, xid=4), None),
        (60200, dhcp_client(m, "request", vc, xid=4, requested=ip), None),
        (60300, dhcp_server(m, "ack", ip, xid=4), None),
        (61000, rrq(m, ip, "SIPDefault.cnf", 50106), None),
        (61100, rrq(m, ip, "SIP" + mac12 + ".cnf", 50107), None),
        (62000, rrq(m, ip, "/US/7960-tones.xml", 50108), None),
        (62100, rrq(m, ip, "/7960-font.xml", 50109), None),
        # Renewal at half the lease: the phone keeps its phase.
        (210000, dhcp_client(m, "request", vc, xid=5, ciaddr=ip), None),
    ]


def cap_hints():
    """Phones that look dead: one asking DHCP in vain, one with an
    address but no file, a device that only ARPs (and a PC that does the
    same), a refused load, one still configuring its VLAN."""
    dead = "00:1e:4a:41:41:41"
    vc41 = b"Cisco Systems, Inc. IP Phone CP-7941G\x00"
    quiet = "00:1e:4a:11:11:11"
    vc11 = b"Cisco Systems, Inc. IP Phone CP-7911G\x00"
    # A Cisco phone OUI gets the ARP-only hint; another vendor's MAC not.
    arponly, arpip = "00:1b:d4:aa:bb:cc", "198.18.5.50"
    pc, pcip = "00:0c:29:aa:bb:cd", "198.18.5.51"
    loop = "00:1e:4a:06:06:06"
    vc06 = b"Cisco Systems, Inc. IP Phone CP-7906G\x00"
    r = [(0, dhcp_client(quiet, "discover", vc11, xid=11), None),
         (100, dhcp_server(quiet, "offer", "198.18.5.11", xid=11), None),
         (200, dhcp_client(quiet, "request", vc11, xid=11,
                           requested="198.18.5.11"), None),
         (300, dhcp_server(quiet, "ack", "198.18.5.11", xid=11), None),
         (500, rrq(loop, "198.18.5.6", "term06.default.loads", 50200), None),
         (4500, rrq(loop, "198.18.5.6", "term06.default.loads", 50200), None),
         (8500, rrq(loop, "198.18.5.6", "term06.default.loads", 50200), None)]
    for i in range(11):
        r.append((1000 + 4000 * i, dhcp_client(dead, "discover", vc41, xid=41),
                  None))
    for i in range(4):
        r.append((1500 + 12000 * i, arp(arponly, arpip, arpip), None))
        r.append((1600 + 12000 * i, arp(pc, pcip, pcip), None))
    # A phone that sends CDP (every 60 s) and never asks DHCP.
    vlanwait = "00:1e:4a:42:42:42"
    c = cdp_phone(vlanwait, sep(vlanwait), "Cisco IP Phone 7942",
                  "SCCP42.9-4-2SR3-1S", "0.0.0.0")
    r += [(2000, c, None), (62000, c, None)]
    # The quiet phone renews, still asking for no file.
    r.append((35000, dhcp_client(quiet, "request", vc11, xid=12,
                                 ciaddr="198.18.5.11"), None))
    return sorted(r, key=lambda x: x[0])


def cap_truncated():
    """Every kind cut short, between good frames: only good frames count."""
    m = "00:1b:d4:a1:70:73"
    vc = b"Cisco Systems, Inc. IP Phone CP-7970G\x00"
    ip = "198.18.5.73"
    cdp = cdp_phone(m, sep(m), "Cisco IP Phone 7970", "SCCP70.8-5-2S", ip)
    lldp = lldp_7965("00:25:45:65:65:66", "198.18.5.66")
    disc = dhcp_client(m, "discover", vc, xid=9)
    disc_q = dhcp_client(m, "discover", vc, xid=9, vlan=10)
    grat = arp(m, ip, ip)
    req = rrq(m, ip, "term70.default.loads", 50300)
    s = syn(m, ip)
    frames = [
        b"\x01\x00\x0c\xcc\xcc",              # shorter than an Ethernet header
        disc_q[:15],                          # 802.1Q tag cut
        cdp[:20],                             # 802.3 length, LLC cut
        cdp[:40],                             # CDP cut inside a TLV
        cdp[:-20] if len(cdp) > 80 else cdp[:50],
        lldp[:16],                            # LLDP cut in the first TLV
        lldp[:70],                            # LLDP cut in a MED TLV
        disc[:30],                            # IPv4 header cut
        disc[:40],                            # UDP header cut
        disc[:100],                           # BOOTP header cut
        disc[:290],                           # DHCP options cut
        grat[:30],                            # ARP cut
        req[:50],                             # RRQ cut inside the file name
        s[:40],                               # TCP header cut
    ]
    r = []
    for i, f in enumerate(frames):
        r.append((i * 10, f, None))
    # Snaplen truncation: the record says the frame was longer.
    r.append((200, disc[:120], len(disc)))
    # One good frame at the end: the sniffer is still there.
    r.append((1000, cdp, None))
    return r


CAPTURES = {
    "cdp-7970.pcap": cap_cdp_7970,
    "cdp-7960-badsum.pcap": cap_cdp_7960_badsum,
    "lldp-7965.pcap": cap_lldp_7965,
    "vlan.pcap": cap_vlan,
    "self-described.pcap": cap_self_described,
    "vendor-classes.pcap": cap_vendor_classes,
    "foreign-offer.pcap": cap_foreign_offer,
    "recovery-7970.pcap": cap_recovery_7970,
    "legacy-7960.pcap": cap_legacy_7960,
    "loads-case.pcap": cap_loads_case,
    "hints.pcap": cap_hints,
    "truncated.pcap": cap_truncated,
}


COOKED = ["cdp-7970.pcap", "lldp-7965.pcap", "vlan.pcap", "recovery-7970.pcap"]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, fn in CAPTURES.items():
        write_pcap(os.path.join(out, name), fn())
    # The same frames as `tcpdump -i any` writes them (LINKTYPE_LINUX_SLL
    # 113, LINKTYPE_LINUX_SLL2 276): the same events.
    for name in COOKED:
        base = name[:-len(".pcap")]
        write_pcap(os.path.join(out, base + "-sll.pcap"),
                   cooked_caps(CAPTURES[name], False)(), linktype=113)
        write_pcap(os.path.join(out, base + "-sll2.pcap"),
                   cooked_caps(CAPTURES[name], True)(), linktype=276)
    # Link types the sniffer cannot read: 802.11 (105), which pcap names,
    # and a number nobody assigned, which it does not.
    write_pcap(os.path.join(out, "wifi.pcap"), [(0, b"\0" * 24, None)],
               linktype=105)
    write_pcap(os.path.join(out, "dlt-unknown.pcap"), [(0, b"\0" * 16, None)],
               linktype=299)
    with open(os.path.join(out, "garbage.pcap"), "wb") as f:
        f.write(b"this is not a capture file\n")


if __name__ == "__main__":
    main()
