#!/usr/bin/python3
"""udprelay.py: a user-space UDP relay that drops, duplicates, reorders and
delays datagrams, for TFTP tests without netem.

    udprelay.py --listen IP:PORT --server IP:PORT [--loss 0.05]
                [--dup 0.01] [--reorder 0.01] [--reorder-ms 5] [--delay-ms 1]
                [--jitter-ms 0] [--seed N] [--ready FILE] [--stats FILE]

Each client address gets its own upstream socket, so the server sees one
transfer ID per client.  The first packet goes to --server; once the server
answers from a new port (its transfer ID), the client's later packets go
there.  Replies reach the client from the listening address, which the
client then takes for the server's transfer ID.  Impairments apply to both
directions independently.  SIGTERM prints counters to --stats.
"""
import argparse
import heapq
import random
import select
import signal
import socket
import sys
import time


def addr(s):
    host, port = s.rsplit(":", 1)
    return (host, int(port))


class Relay:
    def __init__(self, a):
        self.a = a
        self.rng = random.Random(a.seed)
        self.lsock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.lsock.bind(addr(a.listen))
        self.server = addr(a.server)
        self.up = {}        # client addr -> [upstream sock, target addr]
        self.by_sock = {}   # upstream sock -> client addr
        self.queue = []     # (when, seq, sock, data, dest)
        self.seq = 0
        self.n = dict(fwd=0, drop=0, dup=0, reorder=0)

    def schedule(self, sock, data, dest, extra=0.0):
        d = self.a.delay_ms + (self.rng.uniform(0, self.a.jitter_ms)
                               if self.a.jitter_ms > 0 else 0)
        self.seq += 1
        heapq.heappush(self.queue,
                       (time.monotonic() + (d + extra) / 1000.0, self.seq,
                        sock, data, dest))

    def impair(self, sock, data, dest):
        r = self.rng.random
        if r() < self.a.loss:
            self.n["drop"] += 1
            return
        extra = 0.0
        if r() < self.a.reorder:
            # Late enough that the packets behind it overtake it.
            extra = self.a.reorder_ms
            self.n["reorder"] += 1
        self.n["fwd"] += 1
        self.schedule(sock, data, dest, extra)
        if r() < self.a.dup:
            self.n["dup"] += 1
            self.schedule(sock, data, dest, extra + 0.2)

    def upstream(self, client):
        if client not in self.up:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind((self.a.bind_up, 0))
            self.up[client] = [s, self.server]
            self.by_sock[s] = client
        return self.up[client]

    def run(self):
        if self.a.ready:
            with open(self.a.ready, "w") as f:
                f.write("ready %s\n" % (self.lsock.getsockname(),))
        while True:
            now = time.monotonic()
            while self.queue and self.queue[0][0] <= now:
                _, _, sock, data, dest = heapq.heappop(self.queue)
                try:
                    sock.sendto(data, dest)
                except OSError:
                    pass
            timeout = max(0.0, self.queue[0][0] - now) if self.queue else 0.5
            socks = [self.lsock] + list(self.by_sock)
            rd, _, _ = select.select(socks, [], [], timeout)
            for s in rd:
                data, src = s.recvfrom(65536)
                if s is self.lsock:
                    ent = self.upstream(src)
                    self.impair(ent[0], data, ent[1])
                else:
                    client = self.by_sock[s]
                    ent = self.up[client]
                    if src[0] == self.server[0]:
                        ent[1] = src   # the server's transfer ID
                    self.impair(self.lsock, data, client)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--listen", required=True)
    p.add_argument("--server", required=True)
    p.add_argument("--bind-up", default="0.0.0.0")
    p.add_argument("--loss", type=float, default=0.0)
    p.add_argument("--dup", type=float, default=0.0)
    p.add_argument("--reorder", type=float, default=0.0)
    p.add_argument("--delay-ms", type=float, default=0.0)
    p.add_argument("--reorder-ms", type=float, default=5.0)
    p.add_argument("--jitter-ms", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--ready")
    p.add_argument("--stats")
    a = p.parse_args()
    r = Relay(a)

    def stop(signo, frame):
        if a.stats:
            with open(a.stats, "w") as f:
                f.write(" ".join("%s=%d" % kv for kv in sorted(r.n.items())) + "\n")
        sys.exit(0)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    r.run()


if __name__ == "__main__":
    main()
