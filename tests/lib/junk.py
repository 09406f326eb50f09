#!/usr/bin/python3
"""Random and malformed traffic for tests/net/soak.sh (issue 9).

Run inside the phone's namespace until SIGTERM; sends, at about --rate
datagrams a second, a mix of

  * UDP to the server's ports 67 and 69, to every live per-transfer port
    (read from `ss -uHan` in the server's namespace twice a second) and to
    closed ports: random bytes of every length up to 65507, truncated and
    overlong TFTP RRQ/WRQ/ACK/DATA/ERROR/OACK, bad and huge option lists,
    DHCP with garbage options, bad magic cookies and overrun lengths;
  * "rogue" TFTP clients that start real transfers and then ACK the wrong
    block, ACK twice, answer with DATA, OACK or ERROR, cut the ACK short
    or fall silent;
  * at about --frames a second, Ethernet frames on the link for the
    sniffer: CDP, LLDP(-MED), ARP, DHCP and TFTP frames built with
    tests/pcap/gen.py (scapy for the IP/UDP/DHCP/ARP layers) plus CDP and
    LLDP PDUs of random TLVs, then mutated (flipped bytes, cut short,
    length fields overwritten, garbage appended).

Every junk socket is bound to a fixed port below the ephemeral range, so
the real clients of the soak never reuse a port the junk left behind.
DHCP junk names at most 16 clients (chaddr and client id from a fixed
set) so it cannot exhaust the pool the real udhcpc clients lease from;
L2 DHCP/TFTP frames keep their pre-mutation UDP checksum, so the server's
kernel drops the mutated ones and only the sniffer parses them.  ARP junk
claims no address in the test subnet (no neighbour cache poisoning).

On SIGTERM it writes counters as "name value" lines to --stats.
"""
import argparse
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import time

sys.dont_write_bytecode = True

OPCODES = (1, 2, 3, 4, 5, 6)
TRAVERSAL = [b"../../../../etc/passwd", b"/etc/shadow", b"..\\..\\etc\\hosts",
             b"....//....//etc/passwd", b"%2e%2e/%2e%2e/etc/passwd",
             b"/proc/self/environ", b".phonerescue/state", b"a/../../b",
             b"C:\\Windows\\win.ini", b"", b"/", b".", b"..", b"\\",
             b"SEP001122334455.cnf.xml", b"CTLSEP001122334455.tlv",
             b"term70.default.loads", b"nosuch\x01\x02\x7f\xff.bin"]
OPTNAMES = [b"blksize", b"tsize", b"timeout", b"windowsize", b"multicast",
            b"rollover", b"utimeout", b"BLKSIZE", b"WindowSize", b"",
            b"x" * 300]
OPTVALS = [b"", b"0", b"1", b"7", b"8", b"512", b"1468", b"65464", b"65465",
           b"65535", b"99999999999999999999999", b"-1", b"abc", b"1468 ",
           b" 1468", b"0x10", b"1e3", b"255", b"256", b"\xff\xfe"]
DHCP_COOKIE = b"\x63\x82\x53\x63"
NMACS = 16


class Junk:
    def __init__(self, a):
        self.a = a
        self.rnd = random.Random(a.seed)
        self.stats = {}
        self.files = [f.encode() for f in a.files.split(",") if f]
        self.server = a.server
        self.live = []
        self.live_max = 0
        self.next_ss = 0.0
        base = a.base_port
        self.socks = []
        for i in range(8):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
            s.bind(("0.0.0.0", base + i))
            s.setblocking(False)
            self.socks.append(s)
        self.bsock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.bsock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        self.bsock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE,
                              a.iface.encode())
        self.bsock.bind(("0.0.0.0", base + 8))
        self.bsock.setblocking(False)
        self.rogues = []
        for i in range(a.rogues):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(("0.0.0.0", base + 16 + i))
            s.setblocking(False)
            self.rogues.append({"s": s, "steps": 0, "last": 0.0})
        self.macs = [bytes([0x02, 0x5e, 0x4a, 0x00, 0x00, i])
                     for i in range(NMACS)]
        self.l2 = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        self.l2.bind((a.iface, 0))
        self.l2macs = [bytes([0x00, 0x1b, 0xd4, 0x4a, i >> 8, i & 0xff])
                       for i in range(a.l2_macs)]
        self.templates = []
        self.build_templates()

    def count(self, k, n=1):
        self.stats[k] = self.stats.get(k, 0) + n

    # ---- helpers ---------------------------------------------------------

    def rbytes(self, n):
        return self.rnd.getrandbits(8 * n).to_bytes(n, "big") if n else b""

    def rlen(self):
        r = self.rnd.random()
        if r < 0.1:
            return self.rnd.randint(0, 4)
        if r < 0.7:
            return self.rnd.randint(5, 600)
        if r < 0.9:
            return self.rnd.randint(1400, 1472)
        if r < 0.99:
            return self.rnd.randint(1473, 9000)
        return 65507

    def name(self):
        r = self.rnd.random()
        if r < 0.05 and self.files:
            # a real file: the server starts a transfer nobody ACKs
            return self.rnd.choice(self.files)
        if r < 0.5:
            return self.rnd.choice(TRAVERSAL)
        if r < 0.6:
            return b"A" * self.rnd.randint(200, 1500)
        return self.rbytes(self.rnd.randint(1, 40)).replace(b"\0", b"x")

    def options(self):
        r = self.rnd.random()
        n = self.rnd.randint(0, 6) if r < 0.9 else self.rnd.randint(50, 400)
        out = b""
        for _ in range(n):
            k = self.rnd.choice(OPTNAMES)
            v = self.rnd.choice(OPTVALS)
            if self.rnd.random() < 0.1:
                out += k + b"\0"         # a name with no value
            else:
                out += k + b"\0" + v + b"\0"
        return out

    # ---- TFTP ------------------------------------------------------------

    def tftp_request(self):
        op = 1 if self.rnd.random() < 0.8 else 2
        pkt = struct.pack(">H", op) + self.name()
        r = self.rnd.random()
        if r < 0.1:
            return pkt                            # no NUL after the name
        pkt += b"\0"
        if r < 0.2:
            return pkt                            # no mode
        mode = self.rnd.choice([b"octet", b"OCTET", b"netascii", b"mail",
                                b"", b"binary", self.rbytes(5)])
        pkt += mode
        if self.rnd.random() < 0.1:
            return pkt                            # mode not terminated
        pkt += b"\0" + self.options()
        if self.rnd.random() < 0.1:
            pkt = pkt[:-1]                        # last option cut short
        return pkt

    def tftp_other(self):
        op = self.rnd.choice((3, 4, 5, 6, 0, 7, 8, 255, 0xffff))
        blk = self.rnd.choice((0, 1, 2, 0xffff, self.rnd.getrandbits(16)))
        r = self.rnd.random()
        if op == 4:
            pkt = struct.pack(">HH", op, blk)
            if r < 0.2:
                pkt = pkt[:self.rnd.randint(0, 3)]
            elif r < 0.3:
                pkt += self.rbytes(self.rnd.randint(1, 100))
        elif op == 3:
            pkt = struct.pack(">HH", op, blk) + self.rbytes(
                self.rnd.choice((0, 1, 511, 512, 513, 1468, 1500)))
        elif op == 5:
            msg = self.rbytes(self.rnd.randint(0, 600)).replace(b"\0", b"e")
            pkt = struct.pack(">HH", op, self.rnd.getrandbits(16)) + msg
            if r < 0.7:
                pkt += b"\0"
        elif op == 6:
            pkt = struct.pack(">H", op) + self.options()
        else:
            pkt = struct.pack(">H", op) + self.rbytes(self.rnd.randint(0, 50))
        return pkt

    # ---- DHCP ------------------------------------------------------------

    def dhcp_opts(self, mi):
        out = b""
        r = self.rnd.random()
        if r < 0.8:
            mt = self.rnd.choice((1, 1, 3, 3, 4, 7, 8, 0, 9, 18, 255))
            ln = 1 if self.rnd.random() < 0.9 else self.rnd.choice((0, 2, 255))
            out += bytes([53, ln]) + bytes([mt] * min(ln, 1)) + \
                self.rbytes(max(ln - 1, 0))
            if self.rnd.random() < 0.1:
                out += bytes([53, 1, self.rnd.randint(0, 255)])  # twice
        if self.rnd.random() < 0.3:
            out += bytes([61, 7, 1]) + self.macs[mi]            # fixed set
        if self.rnd.random() < 0.3:
            vc = self.rnd.choice((b"Cisco Systems, Inc. IP Phone CP-7970G",
                                  b"Cisco Systems, Inc. IP Phone",
                                  self.rbytes(self.rnd.randint(0, 255))))
            out += bytes([60, len(vc)]) + vc
        if self.rnd.random() < 0.3:
            out += bytes([50, 4]) + socket.inet_aton(self.server)[:3] + \
                bytes([self.rnd.randint(0, 255)])
        if self.rnd.random() < 0.3:
            out += bytes([54, 4]) + (socket.inet_aton(self.server)
                                     if self.rnd.random() < 0.5
                                     else self.rbytes(4))
        if self.rnd.random() < 0.2:
            n = self.rnd.randint(0, 255)
            out += bytes([55, n]) + self.rbytes(n)
        if self.rnd.random() < 0.1:
            out += bytes([52, 1, self.rnd.randint(0, 4)])       # overload
        for _ in range(self.rnd.randint(0, 30)):
            t = self.rnd.choice([x for x in range(1, 255) if x != 61])
            n = self.rnd.randint(0, 255)
            out += bytes([t, n]) + self.rbytes(self.rnd.randint(0, n))
        if self.rnd.random() < 0.2:
            # an option whose length runs past the end of the packet
            out += bytes([self.rnd.choice((12, 43, 81, 82, 150)), 255]) + \
                self.rbytes(self.rnd.randint(0, 20))
        elif self.rnd.random() < 0.8:
            out += b"\xff"
        if self.rnd.random() < 0.1:
            out += b"\0" * self.rnd.randint(1, 1200)             # pad
        return out

    def dhcp(self):
        mi = self.rnd.randrange(NMACS)
        op = self.rnd.choice((1, 1, 1, 2, 0, 3, 255))
        htype = 1 if self.rnd.random() < 0.9 else self.rnd.randint(0, 255)
        hlen = 6 if self.rnd.random() < 0.9 else self.rnd.randint(0, 255)
        giaddr = b"\0" * 4
        if self.rnd.random() < 0.05:
            giaddr = self.rbytes(4)
        ciaddr = b"\0" * 4 if self.rnd.random() < 0.8 else self.rbytes(4)
        hdr = struct.pack(">BBBBIHH", op, htype, hlen, self.rnd.randint(0, 20),
                          self.rnd.getrandbits(32), self.rnd.getrandbits(16),
                          self.rnd.choice((0, 0x8000, 0xffff)))
        hdr += ciaddr + b"\0" * 8 + giaddr + self.macs[mi] + b"\0" * 10
        if self.rnd.random() < 0.1:
            hdr += self.rbytes(192).replace(b"=", b"?")          # sname+file
        else:
            hdr += b"\0" * 192
        cookie = DHCP_COOKIE if self.rnd.random() < 0.9 else self.rbytes(4)
        pkt = hdr + cookie + self.dhcp_opts(mi)
        r = self.rnd.random()
        if r < 0.1:
            pkt = pkt[:self.rnd.randint(0, len(pkt))]            # truncated
        elif r < 0.12:
            pkt += self.rbytes(self.rnd.randint(1000, 8000))     # overlong
        return pkt

    # ---- UDP sends -------------------------------------------------------

    def refresh_live(self):
        try:
            # -a: the transfer sockets are not connected, so "UNCONN"
            out = subprocess.run(["ip", "netns", "exec", self.a.srv_ns, "ss",
                                  "-uHan"], capture_output=True, timeout=5,
                                 check=False).stdout.decode()
        except (OSError, subprocess.SubprocessError):
            return
        ports = []
        for line in out.splitlines():
            f = line.split()
            if len(f) < 4:
                continue
            try:
                p = int(f[3].rsplit(":", 1)[1])
            except (IndexError, ValueError):
                continue
            if p not in (67, 68, 69):
                ports.append(p)
        self.live = ports
        self.live_max = max(self.live_max, len(ports))
        self.count("ss_polls")

    def send(self, sock, pkt, port, key, dst=None):
        try:
            sock.sendto(pkt, (dst or self.server, port))
            self.count(key)
        except OSError:
            self.count("send_errors")

    def one_udp(self):
        s = self.rnd.choice(self.socks)
        r = self.rnd.random()
        if r < 0.35:
            k = self.rnd.random()
            pkt = (self.tftp_request() if k < 0.6 else self.tftp_other()
                   if k < 0.9 else self.rbytes(self.rlen()))
            self.send(s, pkt, 69, "udp_69")
        elif r < 0.65 and self.live:
            k = self.rnd.random()
            pkt = (self.tftp_other() if k < 0.7 else self.tftp_request()
                   if k < 0.8 else self.rbytes(self.rlen()))
            self.send(s, pkt, self.rnd.choice(self.live), "udp_live")
        elif r < 0.9:
            pkt = self.dhcp() if self.rnd.random() < 0.8 else \
                self.rbytes(self.rlen())
            if self.rnd.random() < 0.5:
                self.send(self.bsock, pkt, 67, "udp_67", "255.255.255.255")
            else:
                self.send(s, pkt, 67, "udp_67")
        else:
            port = self.rnd.choice((68, 70, 4011, 6969, 1067,
                                    self.rnd.randint(1, 65535)))
            self.send(s, self.rbytes(self.rlen()), port, "udp_other")

    # ---- rogue clients ---------------------------------------------------

    def rogue_start(self, r):
        opts = b""
        if self.rnd.random() < 0.5:
            opts += b"blksize\0" + str(self.rnd.choice(
                (8, 512, 1024, 1428, 1468, 8192, 65464))).encode() + b"\0"
        if self.rnd.random() < 0.5:
            opts += b"windowsize\0" + str(self.rnd.randint(1, 64)).encode() \
                + b"\0"
        if self.rnd.random() < 0.5:
            opts += b"tsize\0" + b"0\0"
        if self.rnd.random() < 0.3:
            opts += b"timeout\0" + str(self.rnd.randint(1, 255)).encode() + \
                b"\0"
        name = self.rnd.choice(self.files) if self.files else b"x"
        if self.rnd.random() < 0.3:
            name = b"/" + name.upper()
        r["steps"] = self.rnd.randint(1, 60)
        r["last"] = time.monotonic()
        self.send(r["s"], b"\0\1" + name + b"\0octet\0" + opts, 69,
                  "rogue_rrq")

    def rogue_answer(self, r, pkt, peer):
        if len(pkt) < 4:
            return
        op, blk = struct.unpack(">HH", pkt[:4])
        if op == 5 and r["steps"] > 0:
            r["steps"] = 0  # the server ended it
            self.count("rogue_ended")
        if op not in (3, 6) or r["steps"] <= 0:
            return          # errors, and retransmits to an abandoned one
        r["steps"] -= 1
        r["last"] = time.monotonic()
        if op == 6:
            blk = 0
        x = self.rnd.random()
        s, port = r["s"], peer[1]
        ack = struct.pack(">HH", 4, blk)
        if r["steps"] == 0:
            if self.rnd.random() < 0.5:
                self.send(s, b"\0\5\0\0gone\0", port, "rogue_error",
                          peer[0])
            else:
                self.count("rogue_abandon")
        elif x < 0.7:
            self.send(s, ack, port, "rogue_ack", peer[0])
        elif x < 0.75:
            self.send(s, struct.pack(">HH", 4, (blk + self.rnd.choice(
                (1, 2, 5, 100, 0xffff))) & 0xffff), port, "rogue_badack",
                peer[0])
        elif x < 0.8:
            self.send(s, ack, port, "rogue_ack", peer[0])
            self.send(s, ack, port, "rogue_ack", peer[0])
        elif x < 0.83:
            self.send(s, struct.pack(">HH", 5, self.rnd.randint(0, 9)) +
                      b"stop\0", port, "rogue_error", peer[0])
            r["steps"] = 0
        elif x < 0.86:
            self.send(s, ack[:self.rnd.randint(0, 3)], port, "rogue_short",
                      peer[0])
        elif x < 0.89:
            self.send(s, struct.pack(">HH", 3, blk) + self.rbytes(100), port,
                      "rogue_data", peer[0])
        elif x < 0.92:
            self.send(s, b"\0\6" + self.options(), port, "rogue_oack",
                      peer[0])
        elif x < 0.95:
            self.send(s, b"\0\1" + self.name() + b"\0octet\0", port,
                      "rogue_rrq_tid", peer[0])
        else:
            self.count("rogue_silent")

    def drain(self):
        for r in self.rogues:
            for _ in range(256):
                try:
                    pkt, peer = r["s"].recvfrom(70000)
                except BlockingIOError:
                    break
                except OSError:
                    break
                self.rogue_answer(r, pkt, peer)
            if r["steps"] > 0 and time.monotonic() - r["last"] > 3:
                r["steps"] = 0  # finished, or waiting for nothing
                self.count("rogue_quiet")
            if r["steps"] <= 0 and self.rnd.random() < 0.05:
                self.rogue_start(r)
        for s in self.socks + [self.bsock]:
            for _ in range(1024):
                try:
                    s.recvfrom(70000)
                    self.count("replies")
                except OSError:
                    break

    # ---- link-layer frames -----------------------------------------------

    def build_templates(self):
        sys.path.insert(0, self.a.gen)
        import gen  # tests/pcap/gen.py
        net = self.server.rsplit(".", 1)[0]
        for i in range(8):
            mac = "00:1b:d4:4b:00:%02x" % i
            ip = "198.19.%d.%d" % (i, i + 10)
            self.templates.append(("cdp", gen.cdp_phone(
                mac, gen.sep(mac), "Cisco IP Phone 7970", "SCCP70.8-4-2S",
                ip)))
            self.templates.append(("lldp", gen.lldp_7965(mac, ip)))
            self.templates.append(("dhcp", gen.dhcp_client(
                mac, self.rnd.choice(("discover", "request", "inform")),
                vc="Cisco Systems, Inc. IP Phone CP-7960G", xid=i + 1,
                requested=net + ".77")))
            self.templates.append(("arp", gen.arp(mac, ip,
                                                  "198.19.9.%d" % i)))
            self.templates.append(("tftp", gen.rrq(
                mac, net + ".%d" % (200 + i), "SEP001BD44B00%02X.cnf.xml" % i,
                server=self.server, opts=b"blksize\x001468\x00")))
            self.templates.append(("tftp", gen.rrq(
                mac, ip, "term70.default.loads", server=self.server,
                vlan=100)))
        # CDP: random TLVs (the phone's types and any other), correct
        # checksum, packed with gen.py's helpers.
        for i in range(40):
            tlvs = []
            for _ in range(self.rnd.randint(0, 30)):
                t = self.rnd.choice((1, 2, 3, 4, 5, 6, 0x0A, 0x0B, 0x10,
                                     0x16, self.rnd.getrandbits(16)))
                tlvs.append(gen.cdp_tlv(t, self.rbytes(
                    self.rnd.randint(0, 120))))
            self.templates.append(("cdp", gen.cdp_frame(
                "00:00:00:00:00:00", gen.cdp_pdu(
                    tlvs, ttl=self.rnd.randint(0, 255)))))
        # LLDP: random TLVs (types 0-127, LLDP-MED and other OUIs) packed
        # with gen.py's helpers.
        for i in range(40):
            tlvs = []
            for _ in range(self.rnd.randint(0, 40)):
                t = self.rnd.choice((1, 2, 3, 4, 5, 6, 7, 8, 127, 127, 127,
                                     self.rnd.randint(0, 127)))
                v = self.rbytes(self.rnd.randint(0, 80))
                if t == 127 and self.rnd.random() < 0.7:
                    v = b"\x00\x12\xbb" + bytes([self.rnd.randint(0, 12)]) + v
                tlvs.append(gen.lldp_tlv(t, v[:511]))
            self.templates.append(("lldp", gen.pad60(
                gen.macb("01:80:c2:00:00:0e") + b"\0" * 6 +
                struct.pack(">H", 0x88CC) + b"".join(tlvs))))

    def mutate(self, kind, frame):
        f = bytearray(frame)
        f[6:12] = self.rnd.choice(self.l2macs)
        start = 14
        if kind == "cdp":
            start = 22
        for _ in range(self.rnd.randint(0, 8)):
            if len(f) <= start:
                break
            op = self.rnd.random()
            i = self.rnd.randrange(start, len(f))
            if op < 0.4:
                f[i] ^= 1 << self.rnd.randrange(8)
            elif op < 0.55:
                f[i] = self.rnd.choice((0, 0xff, 0x7f, 0x80))
            elif op < 0.7 and i + 1 < len(f):
                f[i:i + 2] = struct.pack(">H", self.rnd.choice(
                    (0, 1, 3, 4, 0xff, 0x1ff, 0xffff,
                     self.rnd.getrandbits(16))))
            elif op < 0.8:
                del f[self.rnd.randint(start, len(f)):]
            elif op < 0.9:
                f += self.rbytes(self.rnd.randint(1, 300))
            else:
                j = self.rnd.randrange(start, len(f))
                f[i:i] = f[j:j + self.rnd.randint(1, 64)]
        if kind == "cdp" and len(f) > 26 and self.rnd.random() < 0.5:
            import gen
            pdu = bytes(f[22:])
            pdu = pdu[:2] + b"\0\0" + pdu[4:]
            f[24:26] = struct.pack(">H", gen.cdp_checksum(pdu))
        return bytes(f[:1514])

    def one_frame(self):
        r = self.rnd.random()
        if r < 0.85:
            kind, frame = self.rnd.choice(self.templates)
            frame = self.mutate(kind, frame)
            self.count("frames_" + kind.split("-")[-1])
        else:
            et = self.rnd.choice((0x0800, 0x0806, 0x88CC, 0x8100, 0x86DD,
                                  0x2000, self.rnd.randint(0, 1500),
                                  self.rnd.getrandbits(16)))
            frame = (self.rnd.choice((b"\xff" * 6, b"\x01\x00\x0c\xcc\xcc\xcc",
                                      b"\x01\x80\xc2\x00\x00\x0e")) +
                     self.rnd.choice(self.l2macs) + struct.pack(">H", et) +
                     self.rbytes(self.rnd.randint(0, 1500)))
            self.count("frames_raw")
        try:
            self.l2.send(frame)
            self.count("frames")
        except OSError:
            self.count("send_errors")

    # ---- main loop -------------------------------------------------------

    def run(self):
        stop = []
        signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
        signal.signal(signal.SIGINT, lambda *_: stop.append(1))
        tick = 0.02
        udp_acc = frame_acc = 0.0
        t0 = last = time.monotonic()
        print("junk: sending", file=sys.stderr, flush=True)
        while not stop:
            now = time.monotonic()
            if now >= self.next_ss:
                self.refresh_live()
                self.next_ss = now + 0.5
            dt = now - last
            last = now
            udp_acc += self.a.rate * dt
            frame_acc += self.a.frames * dt
            while udp_acc >= 1:
                self.one_udp()
                udp_acc -= 1
            while frame_acc >= 1:
                self.one_frame()
                frame_acc -= 1
            self.drain()
            time.sleep(tick)
        self.stats["seconds"] = int(time.monotonic() - t0)
        self.stats["live_ports_max"] = self.live_max
        self.stats["datagrams"] = sum(v for k, v in self.stats.items()
                                      if k.startswith(("udp_", "rogue_"))
                                      and k != "rogue_abandon"
                                      and k != "rogue_silent")
        with open(self.a.stats, "w") as f:
            for k in sorted(self.stats):
                f.write("%s %d\n" % (k, self.stats[k]))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--server", required=True)
    p.add_argument("--iface", required=True)
    p.add_argument("--srv-ns", required=True)
    p.add_argument("--files", default="")
    p.add_argument("--rate", type=float, default=300)
    p.add_argument("--frames", type=float, default=60)
    p.add_argument("--rogues", type=int, default=12)
    p.add_argument("--l2-macs", type=int, default=256)
    p.add_argument("--base-port", type=int, default=20000)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--gen", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "pcap"))
    p.add_argument("--stats", required=True)
    a = p.parse_args()
    if a.seed is None:
        a.seed = int.from_bytes(os.urandom(4), "big")
    print("junk: seed %d" % a.seed, file=sys.stderr, flush=True)
    Junk(a).run()


if __name__ == "__main__":
    main()
