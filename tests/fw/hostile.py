#!/usr/bin/python3
"""Write hostile firmware archives for tests/fw/import.sh into DIR.

Each one is a real archive with one thing wrong: a path that escapes,
a link, a device, a bomb, broken compression, or a .loads that lists a
file the bundle lacks.  EVIL is the absolute path the abs.tar entry names.
"""
import gzip
import io
import sys
import tarfile
import zipfile

d, evil = sys.argv[1], sys.argv[2]
sgn_demo = open(sys.argv[3], "rb").read()   # a real-structured .loads


def tar(name, members):
    with tarfile.open(f"{d}/{name}", "w", format=tarfile.GNU_FORMAT) as t:
        for ti, data in members:
            t.addfile(ti, io.BytesIO(data) if data is not None else None)


def reg(name, data):
    ti = tarfile.TarInfo(name)
    ti.size = len(data)
    return ti, data


ok = reg("SIP70.8-5-2S.loads", sgn_demo)

with zipfile.ZipFile(f"{d}/slip.zip", "w") as z:
    z.writestr("term70.default.loads", b"x.sbn\r\n")
    z.writestr("../../phonerescue-slip", b"escaped\n")

tar("abs.tar", [reg(evil, b"absolute\n")])

ln = tarfile.TarInfo("term70.default.loads")
ln.type = tarfile.SYMTYPE
ln.linkname = "/etc/passwd"
tar("symlink.tar", [(ln, None)])

hl = tarfile.TarInfo("cnu70.8-5-2-13.sbn")
hl.type = tarfile.LNKTYPE
hl.linkname = "../../etc/passwd"
tar("hardlink.tar", [(hl, None)])

dev = tarfile.TarInfo("dsp70.8-5-2-13.sbn")
dev.type = tarfile.CHRTYPE
dev.devmajor, dev.devminor = 1, 3
tar("device.tar", [(dev, None)])

with zipfile.ZipFile(f"{d}/bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("apps70.8-5-2-13.sbn", b"\0" * (8 << 20))

# More firmware files than any bundle holds (the cap is 1024).
tar("many.tar", [reg(f"part{i:04d}.sbn", b"x") for i in range(1025)])

# A .loads naming five components, with only four present.
names = [l.strip() for l in sgn_demo[sgn_demo.index(b"\r\n\r\n") + 4:].split(b"\r\n") if l.strip()]
with zipfile.ZipFile(f"{d}/missing.zip", "w") as z:
    z.writestr("SIP70.8-5-2S.loads", sgn_demo)
    for n in names[:-1]:
        z.writestr(n.decode(), b"component\n")

# 7921 style: a size and MD5 that the file does not have.
with zipfile.ZipFile(f"{d}/badmd5.zip", "w") as z:
    z.writestr("CP7921G-1.4.6.3.LOADS",
               b"TNUX-1.4.6.3.SBN  4 00112233445566778899aabbccddeeff\n")
    z.writestr("TNUX-1.4.6.3.SBN", b"abcd")

# Two entries with one name, letter case aside, in different folders.
with zipfile.ZipFile(f"{d}/dup.zip", "w") as z:
    z.writestr("a/cnu70.8-5-2-13.sbn", b"one\n")
    z.writestr("b/CNU70.8-5-2-13.SBN", b"two\n")

# A component that is there but empty.
with zipfile.ZipFile(f"{d}/empty.zip", "w") as z:
    z.writestr("SIP70.8-5-2S.loads", sgn_demo)
    for n in names:
        z.writestr(n.decode(), b"" if n.startswith(b"dsp") else b"component\n")

# A COP whose signed header lies about its length.
open(f"{d}/badhdr.cop.sgn", "wb").write(
    b"\x01\x00\x02\x01\x01\x02\x00\x02\xff\xff" + b"\0" * 64)

# Corrupt gzip: a valid header, then garbage.
good = gzip.compress(b"x" * 100000)
open(f"{d}/corrupt.tgz", "wb").write(good[:20] + bytes(range(256)) * 8)
