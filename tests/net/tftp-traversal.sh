#!/bin/sh
# Confinement over the wire: 30+ names that try to leave the TFTP root
# (.., backslashes, absolute paths, symlinks in the root pointing out, a
# FIFO, a directory) must all get an ERROR, never a DATA packet; a write
# request is refused with error 2 and creates nothing.
. "$top_srcdir/tests/lib/tftp-common.sh"
tftp_setup
set -eu

OUTSIDE=$NETNS_TMP/outside
mkdir -p "$OUTSIDE" "$ROOT/sub"
echo SECRET >"$OUTSIDE/secret"
echo fine >"$ROOT/fine.txt"
ln -s "$OUTSIDE" "$ROOT/abs"
ln -s ../outside "$ROOT/escape"
ln -s ../.. "$ROOT/sub/up"
ln -s "$OUTSIDE/secret" "$ROOT/secretlink"
ln -s /etc/passwd "$ROOT/passwd"
ln -s /proc/self/root/etc/passwd "$ROOT/magic"
ln -s loop "$ROOT/loop"
mkfifo "$ROOT/fifo"
tftp_serve

rc=0
on_phone /usr/bin/python3 - "$SRV_IP" "$ROOT" <<'PY' || rc=$?
import socket, struct, sys, os
srv, root = sys.argv[1], sys.argv[2]
names = [
    "../outside/secret", "..\\outside\\secret", "/../outside/secret",
    "\\..\\outside\\secret", "sub/../../outside/secret",
    "sub\\..\\..\\outside\\secret", "./../outside/secret",
    "a/b/../../../outside/secret", "..", "../", "/..", "\\..",
    "....//../outside/secret", "sub//..//..//outside/secret",
    "../../../../../../../../etc/passwd", "..\\..\\..\\..\\etc\\passwd",
    "/etc/passwd", "//etc/passwd", "\\etc\\passwd",
    "abs/secret", "ABS/SECRET", "escape/secret", "Escape/Secret",
    "sub/up/outside/secret", "SUB/UP/outside/secret", "secretlink",
    "SECRETLINK", "passwd", "magic", "loop", "loop/x", "fifo", "sub",
    "sub/up", root + "/../outside/secret", "fine.txt/../../outside/secret",
    "%2e%2e/outside/secret", "..%2foutside%2fsecret", "sub/../..",
]
bad = 0
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
def ask(name, op=1):
    s.sendto(struct.pack(">H", op) + name.encode() + b"\0octet\0", (srv, 69))
    data, src = s.recvfrom(70000)
    return data
for n in names:
    d = ask(n)
    op, code = struct.unpack(">HH", d[:4])
    if op != 5 or code not in (1, 2):
        print("FAIL: %r answered op %d code %d" % (n, op, code)); bad += 1
    else:
        print("ok: %-40r refused: error %d %s" % (n, code, d[4:-1].decode(errors="replace")))
d = ask("fine.txt")
if d[:4] != b"\0\3\0\1" or d[4:] != b"fine\n":
    print("FAIL: the control file was not served: %r" % d); bad += 1
else:
    print("ok: fine.txt served (the server works)")
d = ask("new-upload.bin", op=2)
if d[:4] != b"\0\5\0\2":
    print("FAIL: WRQ answered %r" % d[:4]); bad += 1
else:
    print("ok: write request refused with error 2: %s" % d[4:-1].decode())
print("%d names tried" % len(names))
sys.exit(1 if bad else 0)
PY
[ ! -e "$ROOT/new-upload.bin" ] || { echo "FAIL: the WRQ created a file"; rc=1; }
starts=$(json_count tftp_start)
[ "$starts" -eq 1 ] || { echo "FAIL: $starts transfers started, only fine.txt should"; rc=1; }
exit $rc
