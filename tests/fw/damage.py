#!/usr/bin/python3
"""Write damaged copies of a real-structured bundle for tests/fw/integrity.sh.

usage: damage.py OUTDIR DEMODIR DEMO.cop.sgn

DEMODIR holds the bundle's files (import --make-demo-bundle --format dir);
DEMO.cop.sgn gives a real-shaped signed header.  The bundle is written as
a stored zip, a deflated zip, a tar, a tgz and a cop.sgn (signed header +
tgz), each whole (good-*) and then with one byte changed in one entry of
each kind (a .loads, a term file, an .sbn component, and in the COP a
load<NNN>.txt and copstart.sh that are not imported), with damaged
headers, and cut short at several offsets.  OUTDIR/cases.tsv lists
"FILE<TAB>PATTERN": the import must refuse FILE with a message matching
the grep pattern (the damaged entry's name wherever the format can tell).
"""
import io
import os
import struct
import sys
import tarfile
import zipfile
import zlib

out, demo, cop = sys.argv[1], sys.argv[2], sys.argv[3]
names = sorted(os.listdir(demo))
data = {n: open(os.path.join(demo, n), "rb").read() for n in names}
# The extras a COP carries (not imported: load<NNN>.txt is read, copstart.sh
# skipped), for the COP only.
cop_extra = [("load30006.txt", b"30006 SIP70.8-5-2S 11 // IP Phone 7970\n"),
             ("copstart.sh", b"#!/bin/sh\ncp *.loads *.sbn /usr/local/cm/tftp\n")]
KINDS = ["SIP70.8-5-2S.loads", "term70.default.loads", "cnu70.8-5-2-13.sbn"]
cases = []


def flip(b, off):
    b = bytearray(b)
    b[off] ^= 0x55
    return bytes(b)


def put(name, b, pat):
    open(os.path.join(out, name), "wb").write(b)
    if pat is not None:
        cases.append((name, pat))


def entries(extra=False):
    e = [(n, data[n]) for n in names]
    return e + cop_extra if extra else e


def zip_bytes(method):
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", method) as z:
        for n, b in entries():
            zi = zipfile.ZipInfo(n, (2008, 12, 23, 2, 40, 0))
            zi.compress_type = method
            z.writestr(zi, b)
    return bio.getvalue()


def tar_bytes(extra=False):
    """The tar, and each entry's (header offset, data offset, size)."""
    bio = io.BytesIO()
    where = {}
    with tarfile.open(fileobj=bio, mode="w", format=tarfile.GNU_FORMAT) as t:
        for n, b in entries(extra):
            ti = tarfile.TarInfo(n)
            ti.size, ti.mtime, ti.mode = len(b), 1230000000, 0o644
            where[n] = bio.tell()
            t.addfile(ti, io.BytesIO(b))
    raw = bio.getvalue()
    return raw, {n: (h, h + 512, len(dict(entries(extra))[n]))
                 for n, h in where.items()}


def gzip_bytes(raw, where):
    """gzip with a full flush at each entry: each one's compressed range."""
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = b""
    cuts = sorted((h, n) for n, (h, _, _) in where.items())
    ranges, pos = {}, 0
    for i, (h, n) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else len(raw)
        start = len(body)
        body += c.compress(raw[h:end]) + c.flush(zlib.Z_FULL_FLUSH)
        ranges[n] = (start, len(body))
        pos = end
    body += c.flush()
    head = b"\x1f\x8b\x08\x00" + struct.pack("<I", 1230000000) + b"\x00\x03"
    trail = struct.pack("<II", zlib.crc32(raw), len(raw) & 0xffffffff)
    return head + body + trail, {n: (10 + a, 10 + b) for n, (a, b) in
                                 ranges.items()}


def local_data(zb, name):
    z = zipfile.ZipFile(io.BytesIO(zb))
    zi = z.getinfo(name)
    h = zi.header_offset
    nl, el = struct.unpack("<HH", zb[h + 26:h + 30])
    return h, h + 30 + nl + el, zi.compress_size


def cuts(b, tag, pat, ends=(-1, -9)):
    """Cut at 10, 50, 90 % and at each of ends (negative: from the end)."""
    for frac in (0.1, 0.5, 0.9):
        put(f"cut{int(frac * 100)}.{tag}", b[:int(len(b) * frac)], pat)
    for e in ends:
        put(f"cut{e}.{tag}", b[:e], pat)


# zip, stored and deflated: the CRC of every entry is checked.
for method, tag in ((zipfile.ZIP_STORED, "stored.zip"),
                    (zipfile.ZIP_DEFLATED, "deflated.zip")):
    zb = zip_bytes(method)
    put("good-" + tag, zb, None)
    for k in KINDS:
        h, d, size = local_data(zb, k)
        put(f"data-{k}-{tag}", flip(zb, d + size // 2), k)
        put(f"crc-{k}-{tag}", flip(zb, h + 14), k)	# local header CRC
    cuts(zb, tag, "refused\\|not a bundle")

# tar: a header's checksum names the entry before it; data is covered only
# where the file has its own check (the signed header).
tb, where = tar_bytes()
put("good.tar", tb, None)
order = [n for n, _ in entries()]
for k in KINDS:
    h, d, size = where[k]
    i = order.index(k)
    before = order[i - 1] if i > 0 else "first entry"
    put(f"hdr-{k}.tar", flip(tb, h + 1), before)
    put(f"sgnlen-{k}.tar", flip(tb, d + 9), k)	# signed header length
    put(f"sgntag-{k}.tar", flip(tb, d + 10), k)	# its first container tag
# A tar's last bytes are zero padding after its end marker: cutting
# those loses nothing.  Cut instead where the last entry ends (the marker
# gone: libarchive takes that for a whole tar) and half-way into the marker.
last = max(d + (size + 511) // 512 * 512 for _, d, size in where.values())
cuts(tb, "tar", "refused\\|not a bundle", (last, last + 256))

# tgz and cop.sgn: inflate errors name the entry where the stream broke
# (damage can garble the inflated tar some way on: "in or after"); damage
# that inflates cleanly is caught by the gzip CRC, which cannot say where.
ctb, cwhere = tar_bytes(extra=True)
hdr = open(cop, "rb").read()
hlen = struct.unpack(">H", hdr[8:10])[0]
for tag, extra in (("tgz", False), ("cop.sgn", True)):
    raw, wh = (ctb, cwhere) if extra else (tb, where)
    gz, ranges = gzip_bytes(raw, wh)
    pre = hdr[:hlen] if extra else b""
    b = pre + gz
    put("good." + tag, b, None)
    for k in KINDS + ([n for n, _ in cop_extra] if extra else []):
        a, e = ranges[k]
        put(f"z-{k}.{tag}", flip(b, len(pre) + (a + e) // 2),
            f"{k}\\|gzip data\\|in or after entry \\|the entry after ")
    put(f"zcrc.{tag}", flip(b, len(b) - 6), "gzip data")
    put(f"zlen.{tag}", flip(b, len(b) - 2), "gzip data")
    cuts(b, tag, "refused\\|not a bundle\\|signed header")
    if extra:
        put("sgnlen.cop.sgn", flip(b, 9), "signed header")
        put("sgntag.cop.sgn", flip(b, 10), "signed header\\|unexpected tag")

with open(os.path.join(out, "cases.tsv"), "w") as f:
    for n, p in cases:
        f.write(f"{n}\t{p}\n")
