#!/usr/bin/python3
"""Small synthetic copies of real firmware layouts (issues 14 and 17).

Usage: mkreal.py DEST CASE [MANIFEST]

The structure is that of real files (dkgroot/provision_sccp
tftpboot/firmware/<model>/, shared/fixtures/real-loads); the bytes are
made up, a few hundred per file: no firmware image is copied.

Cases:
  792x DIR       a 7921 .LOADS whose MD5 column is, as in real ones, the
                 32 hex digits each .SBN carries after its signed header
  792x-bad DIR   the same with one .SBN carrying another MD5
  kinds DIR      a good 7970 load beside CIPC_Locale.loads (XML), an
                 INI-style 8961 manifest and a binary 78xx one
  ring DIR       RINGLIST.XML, RingList.xml, Ringlist.xml, ringlist.xml
                 (same bytes) and DialPlan.xml / dialplan.xml (different)
  tree DIR       model folders 7906/, 7940/, links 7911 -> 7906 and
                 7960 -> 7940, a link inside a folder, a locale folder
  tree-out DIR   the same plus a link that leaves the directory
  foreign DIR    6901 load, 7910 .bin, 7920 .bin, 7912 .sbin, 894x: only
                 models phonerescue does not recover
  junk DIR       README, an install script, a PDF: no firmware
  locales DIR    a 7970 load beside a provision_sccp-style tree:
                 tftpboot/locales/languages/{English_United_States,
                 Spanish_Spain}/ (jars, tones, dictionaries, tags_file,
                 CIPC_Locale.loads/.zip, a CME .tar.cfg), locales/
                 countries/United_States/, tftpboot/wallpapers/320x212x12/
                 and Desktops/640x480x24/ (List.xml, PNGs, a README), a
                 tones file in locales/ itself
  real DIR MANIFEST  MANIFEST (a real .loads) with made-up components of
                 the names it lists (792x: the listed sizes and MD5s)
"""
import os
import re
import struct
import sys


def sgn(name, body=b""):
    """A signed header (shared/domain 4.1 field order) naming name."""
    signer = b"CN=someSigner;OU=someOrgUnit;O=someOrg\0"
    issuer = b"CN=someCA;OU=someOrgUnit;O=someOrg\0"
    h = b"\x01\x00\x02\x01\x01" + b"\x02\x00\x02" + b"\0\0"
    sig = bytes((i * 7 + len(name)) & 0xFF for i in range(256))
    inner = (b"\x04" + struct.pack(">H", len(signer)) + signer +
             b"\x05\x00\x08\x12\x34\x56\x78\x90\xab\xcd\xef" +
             b"\x06" + struct.pack(">H", len(issuer)) + issuer)
    h += b"\x03" + struct.pack(">H", len(inner)) + inner
    h += b"\x07\x00\x0f\x08\x00\x01\x01\x09\x00\x08\x0a\x00\x01\x00\x0b\x00\x01\x02"
    h += b"\x0c" + struct.pack(">H", 256) + sig
    fn = name.encode() + b"\0"
    h += b"\x0e" + struct.pack(">H", len(fn)) + fn
    while len(h) % 4:
        h += b"\x0d"
    h = h[:8] + struct.pack(">H", len(h)) + h[10:]
    return h + body


def w(path, data):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def sbn792x(name, md5hex, size):
    """A .SBN with the embedded MD5 after its header, padded to size."""
    data = sgn(name, md5hex.upper().encode() + b"\0" * 16)
    data += bytes((i * 31 + 3) & 0xFF for i in range(max(0, size - len(data))))
    return data[:size] if len(data) > size else data


LOADS7921 = [("TNUX-1.4.6.3.SBN", 2000, "E247E40D9CF20472C6C397E6E427A517"),
             ("SYS-1.4.6.3.SBN", 1500, "83F2C9786F56F28F8214503D544E76FC"),
             ("APPS-1.4.6.3.SBN", 1800, "5F64DD6B81764B05D0F136E0ED1D74F9")]


def case_792x(d, bad=False):
    body = "#? HW_REV 0-4.*\r\n#? SW_CAP EAP-TLS,PEAP,VSFIX\r\n\r\n"
    for n, size, md5 in LOADS7921:
        body += "%-36s %8d %s\r\n" % (n, size, md5)
    w(d + "/CP7921G-1.4.6.3.LOADS", sgn("CP7921G-1.4.6.3.LOADS", body.encode()))
    for i, (n, size, md5) in enumerate(LOADS7921):
        if bad and i == 1:
            md5 = "0123456789ABCDEF0123456789ABCDEF"
        w(d + "/" + n, sbn792x(n, md5, size))


def cnu_load(d, load="SIP70.9-4-2SR3-1S", v="9-4-2ES26", nn="70", term="term70"):
    comps = ["jar%ssip.%s.sbn" % (nn, v), "cnu%s.%s.sbn" % (nn, v),
             "apps%s.%s.sbn" % (nn, v), "dsp%s.%s.sbn" % (nn, v),
             "cvm%ssip.%s.sbn" % (nn, v)]
    body = ("#\r\n# RELEASE load version %s\r\n#\r\n\r\n" % v +
            "".join(c + "\r\n" for c in comps)).encode()
    w(d + "/" + load + ".loads", sgn(load + ".loads", body))
    if term:
        w(d + "/" + term + ".default.loads", sgn(term + ".default.loads", body))
    for c in comps:
        w(d + "/" + c, sgn(c, b"CNU_File_Archive_3.0" + c.encode() * 4))


def case_kinds(d):
    cnu_load(d)
    w(d + "/CIPC_Locale.loads",
      '<AutoUpdateManifest>\n  <component name="French_France">\n'
      '    <files>\n <archive name="French_France/CIPC_Locale.zip" '
      'path="CIPC_Locale.zip"\n       checksum="47883e58a54f3bf7a00ed0e76d87ba5e"'
      '\n       size="3175222"/>\n    </files>\n  </component>\n'
      '</AutoUpdateManifest>\n')
    lines = ["# sip8961.9-4-2SR3-1 manifest", "[LOADS]"]
    lines += ["file%d = sip8961.9-4-2SR3-1.part%d.sgn" % (i, i) for i in range(12)]
    lines += ["", "[OPTIONS]", "version = 9.4(2)SR3-1", "hw_rev = 1.*",
              "boot = boot8961.9-4-2SR3-1.sgn", "signed = yes",
              "compress = yes", "format = 2"]
    w(d + "/sip8961.9-4-2SR3-1.loads", "\n".join(lines) + "\n")
    w(d + "/sip78xx.10-3-1-12.loads",
      sgn("sip78xx.10-3-1-12.loads", b"\x00\x01\x02\x03" + bytes(range(40)) * 3))


def case_ring(d):
    cnu_load(d)
    ring = ('<CiscoIPPhoneRingList>\n <Ring>\n  <DisplayName>Chirp</DisplayName>\n'
            '  <FileName>ringer1.pcm</FileName>\n </Ring>\n</CiscoIPPhoneRingList>\n')
    for n in ("RINGLIST.XML", "RingList.xml", "Ringlist.xml", "ringlist.xml"):
        w(d + "/" + n, ring)
    w(d + "/ringer1.pcm", bytes(range(256)) * 4)
    w(d + "/DialPlan.xml", '<DIALTEMPLATE><TEMPLATE MATCH="1..." /></DIALTEMPLATE>\n')
    w(d + "/dialplan.xml", '<DIALTEMPLATE><TEMPLATE MATCH="2..." /></DIALTEMPLATE>\n')


def case_tree(d, out=False):
    cnu_load(d + "/7906", "SCCP11.9-4-2SR3-1S", "9-4-2ES26", "11", None)
    w(d + "/7940/P0030801SR02.loads",
      sgn("P0030801SR02.loads",
          b"P0030801SR02.sbn\nP0030801SR02.sb2\nLA_VERSION=PAS30831\n"))
    w(d + "/7940/P0030801SR02.sbn", sgn("P0030801SR02.sbn", b"loader" * 20))
    w(d + "/7940/P0030801SR02.sb2", sgn("P0030801SR02.sb2", b"app" * 40))
    w(d + "/7940/P0030801SR02.txt", "Release Notes:\nP0030801SR02\n")
    os.symlink("7906", d + "/7911")
    os.symlink("7940", d + "/7960")
    w(d + "/ring/ringer2.pcm", bytes(range(200)) * 3)
    os.symlink("../ring/ringer2.pcm", d + "/7940/ringer2.pcm")
    w(d + "/locales/languages/French_France/g3-tones.xml", "<tones/>\n")
    w(d + "/locales/languages/German_Germany/g3-tones.xml", "<tones de/>\n")
    w(d + "/mkregex.py", "print('x')\n")
    if out:
        w(d + "/../outside/secret.sbn", "not yours\n")
        os.symlink("../outside", d + "/7970")


def case_foreign(d):
    comps = ["APP6901SCCP.9-2-1-a.zz.sgn", "KNL6901SCCP.9-2-1-a.zz.sgn"]
    w(d + "/6901/SCCP6901.9-2-1-a.loads",
      sgn("SCCP6901.9-2-1-a.loads", "".join(c + "\n" for c in comps).encode()))
    for c in comps:
        w(d + "/6901/" + c, sgn(c, b"TiZp" + c.encode()))
    w(d + "/7910/P00405000700.bin", b"7910 image" * 10)
    w(d + "/7920/cmterm_7920.4.0-03-02.bin", b"7920 image" * 10)
    w(d + "/7912/CP7912080004SCCP080108A.sbin", sgn("CP7912080004SCCP080108A.sbin", b"x" * 50))
    w(d + "/894x/BOOT894x.0-0-2-0.bin.sgn", sgn("BOOT894x.0-0-2-0.bin.sgn", b"y" * 50))
    w(d + "/README.txt", "firmware for phones we do not have\n")


def case_junk(d):
    w(d + "/README", "Cisco firmware collection\n")
    w(d + "/install.sh", "#!/bin/sh\ncp * /tftpboot\n")
    w(d + "/notes.pdf", b"%PDF-1.4\n")
    w(d + "/firmware.zip.txt", "download it elsewhere\n")


def case_locales(d):
    cnu_load(d + "/tftpboot/firmware/7970")
    lang = d + "/tftpboot/locales/languages/"
    for loc, tag in (("English_United_States", "en_US"), ("Spanish_Spain", "es_ES")):
        for n in ("gp-sip.jar", "be-sccp.jar", "7960-font.xml", "7905-kate.xml",
                  "SCCP-dictionary.utf-8.xml", "7921-font.dat", "tags_file",
                  "CIPC_Locale.zip"):
            w(lang + loc + "/" + n, ("%s %s " % (tag, n)).encode() + bytes(range(64)))
        w(lang + loc + "/g3-tones.xml", '<tones locale="%s"/>\n' % tag)
        w(lang + loc + "/CIPC_Locale.loads",
          '<AutoUpdateManifest>\n  <component name="%s">\n    <files>\n'
          '      <archive name="%s/CIPC_Locale.zip" path="CIPC_Locale.zip"/>\n'
          '    </files>\n  </component>\n</AutoUpdateManifest>\n' % (loc, loc))
        w(lang + loc + "/CME-locale-%s-10.5.3.0.tar.cfg" % tag, "tar list\n")
    for n in ("g3-tones.xml", "g4-tones.xml", "7960-tones.xml", "gateway-tones.xml"):
        w(d + "/tftpboot/locales/countries/United_States/" + n, '<tones %s country="US"/>\n' % n)
    w(d + "/tftpboot/locales/g3-tones.xml", "<tones/>\n")
    png = b"\x89PNG\r\n\x1a\n"
    for size, top in (("320x212x12", "tftpboot/wallpapers"), ("640x480x24", "Desktops")):
        b = d + "/" + top + "/" + size + "/"
        w(b + "List.xml", '<CiscoIPPhoneImageList>\n <ImageItem '
          'Image="TFTP:Desktops/%s/TN-Fountain.png" URL="TFTP:Desktops/%s/'
          'Fountain.png"/>\n</CiscoIPPhoneImageList>\n' % (size, size))
        w(b + "TN-Fountain.png", png + size.encode() + b" thumbnail")
        w(b + "Fountain.png", png + size.encode() + bytes(range(256)))
        w(b + "README", "how to make backgrounds\n")


def case_real(d, manifest):
    data = open(manifest, "rb").read()
    w(d + "/" + os.path.basename(manifest), data)
    hl = 0
    if data[:1] == b"\x01" and len(data) > 10:
        hl = struct.unpack(">H", data[8:10])[0]
    for line in data[hl:].decode("latin-1").splitlines():
        t = line.strip().split()
        if t and t[0] == "#+":      # 7925/7926 extra components
            t = t[1:]
        if not t or t[0].startswith("#") or t[0].startswith("LA_VERSION="):
            continue
        name = t[0]
        if len(t) == 3 and re.fullmatch(r"[0-9A-Fa-f]{32}", t[2]):
            w(d + "/" + name, sbn792x(name, t[2], int(t[1])))
        else:
            w(d + "/" + name, sgn(name, b"CNU_File_Archive_3.0" + name.encode()))


def main():
    dest, case = sys.argv[1], sys.argv[2]
    os.makedirs(dest, exist_ok=True)
    if case == "792x":
        case_792x(dest)
    elif case == "792x-bad":
        case_792x(dest, bad=True)
    elif case == "kinds":
        case_kinds(dest)
    elif case == "ring":
        case_ring(dest)
    elif case == "tree":
        case_tree(dest)
    elif case == "tree-out":
        case_tree(dest, out=True)
    elif case == "foreign":
        case_foreign(dest)
    elif case == "junk":
        case_junk(dest)
    elif case == "locales":
        case_locales(dest)
    elif case == "real":
        case_real(dest, sys.argv[3])
    else:
        sys.exit("unknown case " + case)


main()
