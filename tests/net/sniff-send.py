#!/usr/bin/python3
"""Send the frames of one tests/pcap/gen.py capture out of an interface.

    sniff-send.py IFACE CAPTURE [FIRST [COUNT]]

Times are ignored: the frames go out back to back, as they would from
phones on the other end of the cable.
"""
import os
import sys

sys.dont_write_bytecode = True  # nothing into the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "pcap"))
import gen  # noqa: E402
from scapy.all import conf  # noqa: E402


def main():
    iface, cap = sys.argv[1], sys.argv[2]
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 1 << 30
    frames = gen.CAPTURES[cap]()[first:first + count]
    s = conf.L2socket(iface=iface)
    for _, data, _ in frames:
        s.send(data)
    s.close()


if __name__ == "__main__":
    main()
