#!/bin/sh
# Issue 14 (Importer, point 3): locale and background folders are
# imported at the path a phone asks for (LOCALE/NAME, Desktops/WxHxD/NAME)
# from a directory tree and from archives, through the same staging,
# caps, damage checks and all-or-nothing commit as flat files; folders in
# ROOT are made with no link followed and removed again on a roll-back.
# And the same name from two folders of an archive: identical bytes are
# one file, different bytes refuse the bundle naming both paths.
# Synthetic copies only (tests/fw/mkreal.py locales).
set -u
. "$top_srcdir/tests/fw/mkreal.sh"
# What ROOT holds for a phone (no .phonerescue state), with MD5s.
served() {
	(cd "$1" && find . -path ./.phonerescue -prune -o -type f -print |
	    sort | xargs md5sum)
}
"$PY" "$M" src locales || exit 99
L=src/tftpboot/locales/languages

# 1. From the directory tree.
mkdir root-dir
"$P" import -r root-dir --no-config src > out-dir 2>&1; rc=$?
ok=1
for f in English_United_States/gp-sip.jar English_United_States/g3-tones.xml \
    English_United_States/tags_file English_United_States/CIPC_Locale.loads \
    English_United_States/CIPC_Locale.zip English_United_States/7921-font.dat \
    Spanish_Spain/SCCP-dictionary.utf-8.xml Spanish_Spain/g3-tones.xml; do
	cmp -s "root-dir/$f" "$L/$f" || { ok=0; echo "  $f"; }
done
cmp -s root-dir/United_States/7960-tones.xml src/tftpboot/locales/countries/United_States/7960-tones.xml || ok=0
cmp -s root-dir/Desktops/320x212x12/List.xml src/tftpboot/wallpapers/320x212x12/List.xml || ok=0
cmp -s root-dir/Desktops/640x480x24/TN-Fountain.png src/Desktops/640x480x24/TN-Fountain.png || ok=0
[ $rc -eq 0 ] && [ $ok = 1 ] && [ -f root-dir/SIP70.9-4-2SR3-1S.loads ] &&
    [ ! -e root-dir/g3-tones.xml ] && [ ! -e root-dir/gp-sip.jar ] &&
    [ ! -e root-dir/List.xml ] && [ ! -e root-dir/CIPC_Locale.loads ] &&
    [ -z "$(find root-dir -type l)" ] &&
    pass "locale and background folders at the path a phone asks for, firmware flat" ||
    { fail "directory import (exit $rc)"; cat out-dir; find root-dir | sort; }
grep -q '^  locale English_United_States/: 10 files, [0-9]* bytes (from tftpboot/locales/languages/English_United_States/)$' out-dir &&
    grep -q '^  locale Spanish_Spain/: 10 files' out-dir &&
    grep -q '^  locale United_States/: 4 files, [0-9]* bytes (from tftpboot/locales/countries/United_States/)$' out-dir &&
    grep -q '^  background Desktops/320x212x12/: 3 files, [0-9]* bytes (from tftpboot/wallpapers/320x212x12/)$' out-dir &&
    grep -q '^  background Desktops/640x480x24/: 3 files, [0-9]* bytes$' out-dir &&
    [ "$(grep -c '^  locale \|^  background ' out-dir)" = 5 ] &&
    pass "the summary names each locale and background set" ||
    { fail "summary of sets"; cat out-dir; }
grep -q 'skipped 1 file in tftpboot/locales/: a locale file in a folder not named as a locale' out-dir &&
    grep -q 'skipped 1 file in tftpboot/wallpapers/320x212x12/: in a background folder, but not' out-dir &&
    grep -q 'skipped tftpboot/locales/languages/Spanish_Spain/CME-locale-es_ES-10.5.3.0.tar.cfg: not a file a phone asks for' out-dir &&
    ! grep -q 'CIPC_Locale.loads: an XML' out-dir && ! grep -q 'flattened .*locales' out-dir &&
    pass "what a phone cannot ask for is skipped and said; locale files are not flattened" ||
    { fail "skips"; cat out-dir; }
# Imported again: the same ROOT, every file replaced in place.
"$P" import -r root-dir --no-config src > out-dir2 2>&1; rc=$?
served root-dir > list-dir
"$P" import -r root-dir --no-config src > /dev/null 2>&1
[ $rc -eq 0 ] && served root-dir | cmp -s - list-dir &&
    ! ls -A root-dir | grep -q '^\.phonerescue-' &&
    pass "imported again: the same files, no staging left" || { fail "re-import"; cat out-dir2; }

# 2. The same tree as a zip and as a tgz: the same ROOT.
"$PY" - <<'EOF' || exit 99
import os, tarfile, zipfile
with zipfile.ZipFile("tree.zip", "w", zipfile.ZIP_DEFLATED) as z, \
        tarfile.open("tree.tgz", "w:gz") as t:
    for top, dirs, files in sorted(os.walk("src")):
        dirs.sort()
        for n in sorted(files):
            p = os.path.join(top, n)
            z.write(p, os.path.relpath(p, "src"))
            t.add(p, os.path.relpath(p, "src"))
EOF
for a in tree.zip tree.tgz; do
	mkdir "root-$a"
	"$P" import -r "root-$a" --no-config "$a" > "out-$a" 2>&1; rc=$?
	[ $rc -eq 0 ] && served "root-$a" | cmp -s - list-dir &&
	    grep -q '^  locale English_United_States/: 10 files' "out-$a" &&
	    pass "$a: the same files at the same paths" ||
	    { fail "$a (exit $rc)"; cat "out-$a"; served "root-$a" | diff - list-dir; }
done

# 3. ROOT already has the folder in another letter case: files go into
# it (a request resolves one folder), the old spelling of a file replaced.
mkdir -p root-case/english_united_states
echo old > root-case/english_united_states/GP-SIP.JAR
"$P" import -r root-case --no-config src > out-case 2>&1; rc=$?
[ $rc -eq 0 ] && [ ! -e root-case/English_United_States ] &&
    cmp -s root-case/english_united_states/gp-sip.jar "$L/English_United_States/gp-sip.jar" &&
    [ ! -e root-case/english_united_states/GP-SIP.JAR ] &&
    grep -q 'replaced english_united_states/GP-SIP.JAR with gp-sip.jar' out-case &&
    grep -q '^  locale english_united_states/: 10 files' out-case &&
    pass "an existing folder in another case is used, its old file replaced" ||
    { fail "existing folder (exit $rc)"; cat out-case; find root-case | sort; }

# 4. A link or a file where a folder goes: refused, ROOT unchanged,
# nothing written through the link, no new folder left behind.
mkdir -p outside root-link
ln -s ../outside root-link/Spanish_Spain
before=$(snap root-link)
"$P" import -r root-link --no-config src > out-link 2>&1; rc=$?
[ $rc -eq 1 ] && [ -z "$(ls -A outside)" ] && [ "$(snap root-link)" = "$before" ] &&
    grep -q 'Spanish_Spain: a symbolic link (refused to follow it) where the folder Spanish_Spain/ goes' out-link &&
    grep -q 'is unchanged' out-link &&
    pass "a link where a locale folder goes: refused, nothing written, ROOT unchanged" ||
    { fail "link in the way (exit $rc)"; cat out-link; ls -A outside; }
mkdir -p root-file/Desktops
echo x > root-file/Desktops/640x480x24
before=$(snap root-file)
"$P" import -r root-file --no-config tree.zip > out-file 2>&1; rc=$?
[ $rc -eq 1 ] && [ "$(snap root-file)" = "$before" ] &&
    grep -q 'Desktops/640x480x24: a file, not a folder, where the folder Desktops/640x480x24/ goes' out-file &&
    pass "a file where a background folder goes: refused, the folders made before it removed" ||
    { fail "file in the way (exit $rc)"; cat out-file; find root-file | sort; }
# A commit failing after the folders were made (a directory where a
# firmware file goes) rolls back the moves and the new folders.
mkdir -p root-late/jar70sip.9-4-2ES26.sbn
before=$(snap root-late)
"$P" import -r root-late --no-config tree.tgz > out-late 2>&1; rc=$?
[ $rc -eq 1 ] && [ "$(snap root-late)" = "$before" ] &&
    grep -q 'a directory is where a bundle file goes' out-late &&
    grep -q 'moves made were undone' out-late &&
    pass "a failed commit removes the locale and background folders it made" ||
    { fail "late failure (exit $rc)"; cat out-late; find root-late | sort; }

# 5. The same caps and damage checks as flat files.
mkdir root-cap
before=$(snap root-cap)
"$P" import -r root-cap --no-config --max-entry-bytes 100 tree.zip > out-cap 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q 'entry Desktops/640x480x24/Fountain.png is [0-9]* bytes, over the 100-byte cap for one file' out-cap &&
    [ "$(snap root-cap)" = "$before" ] &&
    pass "a background file over the one-file cap refuses the bundle" ||
    { fail "cap (exit $rc)"; cat out-cap; }
"$PY" - <<'EOF' || exit 99
import zipfile
# A stored zip: flip one data byte of a locale entry (its CRC then fails).
with zipfile.ZipFile("bad.zip", "w", zipfile.ZIP_STORED) as z:
    for n in ("SIP70.9-4-2SR3-1S.loads", "apps70.9-4-2ES26.sbn", "cnu70.9-4-2ES26.sbn",
              "cvm70sip.9-4-2ES26.sbn", "dsp70.9-4-2ES26.sbn", "jar70sip.9-4-2ES26.sbn"):
        z.write("src/tftpboot/firmware/7970/" + n, n)
    z.writestr("Japanese_Japan/g3-tones.xml", b"<tones japan='yes'/>" * 4)
b = bytearray(open("bad.zip", "rb").read())
i = b.index(b"<tones japan")
b[i + 5] ^= 0x20
open("bad.zip", "wb").write(bytes(b))
EOF
"$P" import -r root-cap --no-config bad.zip > out-bad 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q 'entry Japanese_Japan/g3-tones.xml is damaged' out-bad &&
    [ "$(snap root-cap)" = "$before" ] &&
    pass "a damaged locale entry refuses the bundle, named" ||
    { fail "damaged locale entry (exit $rc)"; cat out-bad; }

# File counts: locale and background files have a cap of their own
# (a whole CUCM locale set is ~2000 files), firmware files keep 1024.
"$PY" - <<'EOF' || exit 99
import io, tarfile
src = "src/tftpboot/firmware/7970/"
comps = ["SIP70.9-4-2SR3-1S.loads", "apps70.9-4-2ES26.sbn", "cnu70.9-4-2ES26.sbn",
         "cvm70sip.9-4-2ES26.sbn", "dsp70.9-4-2ES26.sbn", "jar70sip.9-4-2ES26.sbn"]
def mk(name, n):
    with tarfile.open(name, "w") as t:
        for c in comps:
            t.add(src + c, c)
        for i in range(n):
            data = b"<tones n='%d'/>" % i
            ti = tarfile.TarInfo("Locale_%d/%d-tones.xml" % (i // 40, i))
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
mk("many.tar", 1100)
mk("toomany.tar", 8193)
EOF
mkdir root-many
"$P" import -r root-many --no-config many.tar > out-many 2>&1; rc=$?
[ $rc -eq 0 ] && [ "$(find root-many -name '*-tones.xml' | wc -l)" = 1100 ] &&
    [ -f root-many/Locale_27/1099-tones.xml ] &&
    pass "1100 locale files beside a load: imported (not counted as firmware files)" ||
    { fail "many locale files (exit $rc)"; head -5 out-many; }
before=$(snap root-cap)
"$P" import -r root-cap --no-config toomany.tar > out-toomany 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q 'more than 8192 locale and background files in one bundle' out-toomany &&
    [ "$(snap root-cap)" = "$before" ] &&
    pass "8193 locale files: refused, ROOT unchanged" ||
    { fail "too many locale files (exit $rc)"; head -5 out-toomany; }

# 6. Letter case inside a folder, two source folders for one locale.
mkdir -p src2/a/English_United_States src2/b/english_united_states
cp "$L/English_United_States/g3-tones.xml" src2/a/English_United_States/
cp "$L/English_United_States/g3-tones.xml" src2/b/english_united_states/G3-TONES.XML
cp "$L/English_United_States/gp-sip.jar" src2/b/english_united_states/
echo other > src2/b/english_united_states/Tags_File
echo tags > src2/a/English_United_States/tags_file
mkdir root-two
"$P" import -r root-two --no-config src2 > out-two 2>&1; rc=$?
[ $rc -eq 0 ] && [ "$(LC_ALL=C ls root-two)" = English_United_States ] &&
    [ "$(LC_ALL=C ls root-two/English_United_States | tr '\n' ' ')" = "Tags_File g3-tones.xml gp-sip.jar tags_file " ] &&
    grep -q 'skipped b/english_united_states/G3-TONES.XML: the same bytes as a/English_United_States/g3-tones.xml' out-two &&
    grep -q 'warning: English_United_States/tags_file and Tags_File differ' out-two &&
    grep -q '^  locale English_United_States/: 4 files, [0-9]* bytes (from a/English_United_States/ and 1 more folder)$' out-two &&
    pass "one folder spelling; same bytes one file, different ones kept and warned" ||
    { fail "case in folders (exit $rc)"; cat out-two; find root-two | sort; }

# 7. Point 2: one exact name in two folders of an archive (a tree zipped
# with its links followed).  Identical bytes: one file, said; different
# bytes (same size, or not): refused naming both paths, ROOT unchanged.
"$PY" - <<'EOF' || exit 99
import zipfile, tarfile, io
src = "src/tftpboot/firmware/7970/"
comps = ["SIP70.9-4-2SR3-1S.loads", "apps70.9-4-2ES26.sbn", "cnu70.9-4-2ES26.sbn",
         "cvm70sip.9-4-2ES26.sbn", "dsp70.9-4-2ES26.sbn", "jar70sip.9-4-2ES26.sbn"]
img = b"P003 legacy image " * 20
def mk(name, second, locale2):
    with zipfile.ZipFile(name, "w") as z:
        for n in comps:
            z.write(src + n, "7970/" + n)
            z.write(src + n, "7971/" + n)
        z.writestr("7940/P0030801SR02.bin", img)
        z.writestr("7960/P0030801SR02.bin", second)
        z.writestr("a/English_United_States/g3-tones.xml", b"<tones/>")
        z.writestr("b/English_United_States/g3-tones.xml", locale2)
mk("same.zip", img, b"<tones/>")
mk("diff.zip", img[:-1] + b"X", b"<tones/>")
mk("diffsize.zip", img + b"more", b"<tones/>")
mk("diffloc.zip", img, b"<tonez/>")
with tarfile.open("same.tar", "w") as t:
    for d in ("7940", "7960"):
        ti = tarfile.TarInfo(d + "/P0030801SR02.bin"); ti.size = len(img)
        t.addfile(ti, io.BytesIO(img))
    for n in comps:
        t.add(src + n, "7970/" + n)
EOF
for a in same.zip same.tar; do
	mkdir "root-$a"
	"$P" import -r "root-$a" --no-config "$a" > "out-$a" 2>&1; rc=$?
	[ $rc -eq 0 ] && [ -f "root-$a/P0030801SR02.bin" ] &&
	    grep -q 'skipped 7960/P0030801SR02.bin: the same bytes as 7940/P0030801SR02.bin (one file in ROOT)' "out-$a" &&
	    ! grep -q 'letter case aside' "out-$a" &&
	    pass "$a: one name from two folders, identical: one file, said" ||
	    { fail "$a (exit $rc)"; cat "out-$a"; }
done
grep -q 'skipped 7971/cnu70.9-4-2ES26.sbn: the same bytes as 7970/cnu70.9-4-2ES26.sbn' out-same.zip &&
    grep -q 'skipped b/English_United_States/g3-tones.xml: the same bytes as a/English_United_States/g3-tones.xml' out-same.zip &&
    pass "the same for components and locale files" || { fail "same.zip components"; cat out-same.zip; }
mkdir root-diff
echo keep > root-diff/P0030801SR02.bin
before=$(snap root-diff)
for a in diff.zip diffsize.zip diffloc.zip; do
	case $a in
	diffloc.zip) pat='a/English_United_States/g3-tones.xml and b/English_United_States/g3-tones.xml are different files that would both be English_United_States/g3-tones.xml in ROOT' ;;
	*) pat='7940/P0030801SR02.bin and 7960/P0030801SR02.bin are different files that would both be P0030801SR02.bin in ROOT: a phone asking for it can get only one' ;;
	esac
	"$P" import -r root-diff --no-config "$a" > "out-$a" 2>&1; rc=$?
	[ $rc -eq 1 ] && grep -q "$pat" "out-$a" && [ "$(snap root-diff)" = "$before" ] &&
	    ! grep -q 'letter case aside' "out-$a" &&
	    pass "$a: different bytes under one name refused, both named, ROOT unchanged" ||
	    { fail "$a (exit $rc)"; cat "out-$a"; }
done

# 8. Linked locale and background folders: a phone asks for each name,
# so each is imported; the same folder in another case, and a loop, once.
mkdir -p src3/locales/English_United_Kingdom src3/wall/320x212x12
echo uk > src3/locales/English_United_Kingdom/gp-sip.jar
ln -s English_United_Kingdom src3/locales/English_Australia
ln -s English_United_Kingdom src3/locales/english_united_kingdom
ln -s . src3/locales/English_United_Kingdom/Loop_Here
echo '<CiscoIPPhoneImageList/>' > src3/wall/320x212x12/List.xml
ln -s 320x212x12 src3/wall/320x212x16
mkdir root-links
"$P" import -r root-links --no-config src3 > out-links 2>&1; rc=$?
[ $rc -eq 0 ] && cmp -s root-links/English_Australia/gp-sip.jar src3/locales/English_United_Kingdom/gp-sip.jar &&
    [ -f root-links/English_United_Kingdom/gp-sip.jar ] &&
    [ -f root-links/Desktops/320x212x16/List.xml ] && [ -f root-links/Desktops/320x212x12/List.xml ] &&
    [ "$(LC_ALL=C ls root-links | tr '\n' ' ')" = "Desktops English_Australia English_United_Kingdom " ] &&
    grep -q 'skipped locales/english_united_kingdom/: the same folder as locales/English_United_Kingdom/ (a symbolic link)' out-links &&
    grep -q 'skipped locales/English_United_Kingdom/Loop_Here/: the same folder as' out-links &&
    [ -z "$(find root-links -type l)" ] &&
    pass "a linked locale or background folder is imported under its own name, a loop once" ||
    { fail "linked folders (exit $rc)"; cat out-links; find root-links | sort; }

[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
exit 0
