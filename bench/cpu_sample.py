#!/usr/bin/python3
# bench/cpu_sample.py PID...: the CPU time (user + system, seconds) that
# the given processes and all their descendants spend from now until
# SIGTERM, printed then.  /proc is read every 50 ms: a server that forks a
# child per transfer and lets the kernel reap it (in.tftpd) never gets
# the children's times into its own cutime, so each process is followed
# by itself (pid and start time) and its last reading counts.  A child's
# last < 50 ms are missed; reaped children's times are not added twice
# (cutime is not read).
import os, signal, sys, time

HZ = os.sysconf("SC_CLK_TCK")
roots = set(int(p) for p in sys.argv[1:])
seen = {}       # (pid, start) -> [first ticks, last ticks]
done = False


def stat(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
    except OSError:
        return None
    f = s[s.rindex(")") + 2:].split()
    # fields after the name: state ppid ... utime(12) stime(13) ... start(20)
    return int(f[1]), int(f[11]) + int(f[12]), f[19]


def sample(first):
    procs = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            st = stat(int(d))
            if st is not None:
                procs[int(d)] = st
    want = set(p for p in roots if p in procs)
    grew = True
    while grew:
        grew = False
        for pid, (ppid, _, _) in procs.items():
            if ppid in want and pid not in want:
                want.add(pid)
                grew = True
    for pid in want:
        _, ticks, start = procs[pid]
        key = (pid, start)
        if key not in seen:
            # Born during the run: all its time counts.
            seen[key] = [ticks if first else 0, ticks]
        seen[key][1] = ticks


def stop(signum, frame):
    global done
    done = True


signal.signal(signal.SIGTERM, stop)
sample(True)
print("ready", flush=True)
while not done:
    time.sleep(0.05)
    sample(False)
total = sum(last - first for first, last in seen.values())
print("%.2f %d" % (total / HZ, len(seen)), flush=True)
