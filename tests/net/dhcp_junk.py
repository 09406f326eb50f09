#!/usr/bin/python3
"""Mutated DHCP requests that all carry one MAC (tests/net/dhcp-junk.sh).

Sends to 255.255.255.255:67 from port 68 a DISCOVER without a client
identifier (the phone's own key) and one with another identifier on the
same MAC (the two took the same address from each other for ever, and
the phone's DISCOVERs were absorbed as retransmissions), then COUNT
requests: DISCOVERs and REQUESTs under two more identifiers, random
types, identifiers, requested and server addresses, bit flips, cuts and
long option lists (tests/lib/junk.py's kinds), at about RATE a second.
Seeded: the same run every time.
"""
import argparse
import random
import socket
import struct
import sys
import time

sys.dont_write_bytecode = True


def packet(rnd, mac, net):
    kind = rnd.random()
    mtype = rnd.choice((1, 3)) if kind < 0.4 else rnd.randint(1, 8)
    ciaddr = b"\0" * 4
    if rnd.random() < 0.2:
        ciaddr = bytes(net + [rnd.randint(0, 255)])
    hdr = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0,
                      rnd.getrandbits(32), 0, 0, ciaddr, b"\0" * 4,
                      b"\0" * 4, b"\0" * 4, mac, b"", b"")
    opts = bytes([53, 1, mtype])
    if kind < 0.4:
        opts += bytes([61, 9, 0]) + rnd.choice((b"client-a", b"client-b"))
    else:
        n = rnd.choice((7, rnd.randint(1, 255)))
        opts += bytes([61, n]) + bytes(rnd.getrandbits(8) for _ in range(n))
    if rnd.random() < 0.5:
        opts += bytes([50, 4] + net + [rnd.randint(0, 255)])
    if rnd.random() < 0.5:
        opts += bytes([54, 4] + net + [rnd.choice((1, rnd.randint(0, 255)))])
    opts += bytes([60, 37]) + b"Cisco Systems, Inc. IP Phone CP-7940G"
    body = bytearray(hdr + b"\x63\x82\x53\x63" + opts + b"\xff")
    m = rnd.random()
    if kind >= 0.4 and m < 0.25:
        for _ in range(rnd.randint(1, 8)):
            o = rnd.randrange(236, len(body))
            body[o] ^= 1 << rnd.randrange(8)
    elif kind >= 0.4 and m < 0.5:
        body = body[:rnd.randint(240, len(body))]
    elif kind >= 0.4 and m < 0.75:
        body = body[:-1]
        while len(body) < 1400 and rnd.random() > 0.02:
            n = rnd.randrange(20)
            body += bytes([rnd.randint(1, 254), n])
            body += bytes(rnd.getrandbits(8) for _ in range(n))
        body += b"\xff"
    while len(body) < 300:
        body += b"\0"
    return bytes(body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mac", required=True)
    ap.add_argument("--net", required=True, help="first three octets")
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--rate", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=14)
    a = ap.parse_args()
    mac = bytes(int(x, 16) for x in a.mac.split(":"))
    net = [int(x) for x in a.net.split(".")]
    rnd = random.Random(a.seed)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", 68))
    # First the phone's own key (no identifier: 01 and the MAC, what
    # udhcpc sends too) and a second identifier on the same MAC, at once.
    for opt61 in (b"", bytes([61, 9, 0]) + b"client-z"):
        hdr = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0,
                          rnd.getrandbits(32), 0, 0, b"\0" * 4, b"\0" * 4,
                          b"\0" * 4, b"\0" * 4, mac, b"", b"")
        opts = bytes([53, 1, 1]) + opt61 + b"\xff"
        s.sendto((hdr + b"\x63\x82\x53\x63" + opts).ljust(300, b"\0"),
                 ("255.255.255.255", 67))
    start = time.monotonic()
    for i in range(a.count):
        s.sendto(packet(rnd, mac, net), ("255.255.255.255", 67))
        ahead = i / a.rate - (time.monotonic() - start)
        if ahead > 0:
            time.sleep(ahead)
    return 0


if __name__ == "__main__":
    sys.exit(main())
