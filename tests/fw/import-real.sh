#!/bin/sh
# Real firmware layouts (issue 14 Importer points 3 and 6, issue 17
# Firmware import), each as a small synthetic copy of its structure built
# by tests/fw/mkreal.py: 792x .LOADS whose MD5 is the one embedded in each
# .SBN, .loads files that are other manifests, one file under several
# spellings, model folders linked to each other, models phonerescue does
# not recover, bundles with nothing for a phone, the summary's wording,
# and the compiled-in known-bundle table.
set -u
. "$top_srcdir/tests/fw/mkreal.sh"

# imp CASE [OPTIONS]: build CASE in src-CASE, import it into root-CASE;
# $rc is the exit status, out-CASE the output.
imp() {
	c=$1
	shift
	[ -d "src-$c" ] || "$PY" "$M" "src-$c" "$c" || exit 99
	mkdir -p "root-$c"
	"$P" import -r "root-$c" --no-config "$@" "src-$c" > "out-$c" 2>&1
	rc=$?
}
empty() { [ -z "$(ls -A "$1")" ]; }

# 792x: the .LOADS MD5 is the string after the .SBN's signed header.
imp 792x
whole=$(md5sum < src-792x/TNUX-1.4.6.3.SBN | cut -c1-32)
[ "$whole" != e247e40d9cf20472c6c397e6e427a517 ] || fail "792x copy is not like the real one"
[ $rc -eq 0 ] && grep -q '^  serves 7921     CP7921G-1.4.6.3 (1.4(6.3)) \[newest\]: complete' out-792x &&
    [ -f root-792x/TNUX-1.4.6.3.SBN ] &&
    pass "792x: the embedded MD5 is the listed one: imported, complete" ||
    { fail "792x refused (exit $rc)"; cat out-792x; }
imp 792x-bad
[ $rc -eq 1 ] && grep -q 'SYS-1.4.6.3.SBN carries MD5 0123456789abcdef0123456789abcdef after its signed header, CP7921G-1.4.6.3.LOADS lists 83f2c9786f56f28f8214503d544e76fc' out-792x-bad &&
    empty root-792x-bad && pass "792x: another embedded MD5 is refused, named" ||
    { fail "792x-bad (exit $rc)"; cat out-792x-bad; }
imp 792x-bad --allow-incomplete
[ $rc -eq 1 ] && empty root-792x-bad &&
    pass "792x: --allow-incomplete is no way round a wrong MD5" ||
    fail "--allow-incomplete imported a wrong MD5"

# Other manifests named .loads: kept as plain files, the rest imported.
imp kinds
[ $rc -eq 0 ] &&
    grep -q '^  CIPC_Locale.loads: an XML <AutoUpdateManifest>' out-kinds &&
    grep -q '^  sip8961.9-4-2SR3-1.loads: an INI-style manifest' out-kinds &&
    grep -q '^  sip78xx.10-3-1-12.loads: a binary manifest' out-kinds &&
    grep -q '^  serves 7970 .*via term70.default.loads: complete' out-kinds &&
    [ -f root-kinds/CIPC_Locale.loads ] && [ -f root-kinds/sip8961.9-4-2SR3-1.loads ] &&
    [ -f root-kinds/sip78xx.10-3-1-12.loads ] &&
    pass "XML, INI and binary .loads kept as plain files, the 7970 load complete" ||
    { fail "other .loads kinds (exit $rc)"; cat out-kinds; }
"$P" firmware -r root-kinds > fw-kinds 2>&1
grep -q '^not a 79xx load: sip8961.9-4-2SR3-1.loads: an INI-style' fw-kinds &&
    ! grep -q '^unusable' fw-kinds && pass "firmware names their kind" ||
    { fail "firmware on other kinds"; cat fw-kinds; }

# One file under several spellings; different bytes side by side.
imp ring
n=$(ls root-ring | grep -ic '^ringlist\.xml$')
[ $rc -eq 0 ] && [ "$n" = 1 ] && [ -f root-ring/RINGLIST.XML ] &&
    [ "$(grep -c 'the same bytes as RINGLIST.XML' out-ring)" = 3 ] &&
    [ -f root-ring/DialPlan.xml ] && [ -f root-ring/dialplan.xml ] &&
    grep -q 'warning: DialPlan.xml and dialplan.xml differ' out-ring &&
    cmp -s root-ring/dialplan.xml src-ring/dialplan.xml &&
    cmp -s root-ring/DialPlan.xml src-ring/DialPlan.xml &&
    pass "four identical ring lists are one file; two dial plans kept, warned" ||
    { fail "spellings (exit $rc, $n ring lists)"; cat out-ring; ls root-ring; }
# The same from a zip (entries, not files).
"$PY" - <<'EOF' || exit 99
import os, zipfile
with zipfile.ZipFile("ring.zip", "w") as z:
    for n in sorted(os.listdir("src-ring")):
        z.write("src-ring/" + n, "firmware/" + n)
EOF
mkdir root-ringzip
"$P" import -r root-ringzip --no-config ring.zip > out-ringzip 2>&1; rc=$?
n=$(ls root-ringzip | grep -ic '^ringlist\.xml$')
[ $rc -eq 0 ] && [ "$n" = 1 ] && [ -f root-ringzip/DialPlan.xml ] &&
    [ -f root-ringzip/dialplan.xml ] &&
    pass "the same from a zip" || { fail "spellings in a zip (exit $rc)"; cat out-ringzip; }

# Model folders linked to each other; a link leaving the tree refused.
imp tree
[ $rc -eq 0 ] && grep -q '^  serves 7911 .*complete' out-tree &&
    grep -q '^  serves 7960 .*complete' out-tree &&
    grep -q 'skipped 7911/: the same folder as 7906/ (a symbolic link)' out-tree &&
    [ -z "$(find root-tree -type l)" ] && [ -f root-tree/ringer2.pcm ] &&
    cmp -s root-tree/French_France/g3-tones.xml src-tree/locales/languages/French_France/g3-tones.xml &&
    grep -q '^  locale German_Germany/: 1 file, 12 bytes (from locales/languages/German_Germany/)$' out-tree &&
    [ ! -e root-tree/mkregex.py ] && [ ! -e root-tree/P0030801SR02.txt ] &&
    pass "linked model folders followed, locale folders kept, no link in ROOT" ||
    { fail "tree (exit $rc)"; cat out-tree; find root-tree -type l; }
imp tree-out
[ $rc -eq 1 ] && grep -q 'refused: 7970 is a symbolic link out of the directory given' out-tree-out &&
    empty root-tree-out && pass "a link out of the tree refused, ROOT unchanged" ||
    { fail "tree-out (exit $rc)"; cat out-tree-out; }

# ROOT inside the directory given is not walked; ROOT itself is refused.
mkdir -p src-inroot
cp -R src-792x/. src-inroot/
mkdir src-inroot/tftp
"$P" import -r src-inroot/tftp --no-config src-inroot > out-inroot 2>&1; rc=$?
"$P" import -r src-inroot/tftp --no-config src-inroot > out-inroot2 2>&1; rc2=$?
"$P" import -r src-inroot/tftp --no-config src-inroot/tftp > out-inroot3 2>&1; rc3=$?
[ $rc -eq 0 ] && [ $rc2 -eq 0 ] && grep -q 'skipped tftp/: the TFTP root itself' out-inroot2 &&
    [ $rc3 -eq 1 ] && grep -q 'the directory given is the TFTP root itself' out-inroot3 &&
    pass "ROOT inside the source is skipped, ROOT as the source refused" ||
    { fail "ROOT in the source ($rc $rc2 $rc3)"; cat out-inroot2 out-inroot3; }

# Models phonerescue does not recover: said per file; nothing usable.
imp foreign
[ $rc -eq 1 ] && grep -q 'nothing for a phone phonerescue recovers' out-foreign &&
    grep -q '^  SCCP6901.9-2-1-a.loads: the 6901 load manifest: phonerescue does not recover that model' out-foreign &&
    grep -q '^  P00405000700.bin: the 7910 image' out-foreign &&
    grep -q '^  cmterm_7920.4.0-03-02.bin: the 7920 image' out-foreign &&
    grep -q '^  CP7912080004SCCP080108A.sbin: the 7912 firmware image' out-foreign &&
    grep -q '^  BOOT894x.0-0-2-0.bin.sgn: the 8941/8945 boot image' out-foreign &&
    empty root-foreign && pass "other models only: each file named, exit 1, ROOT unchanged" ||
    { fail "foreign (exit $rc)"; cat out-foreign; }
"$PY" "$M" src-mixed foreign && "$PY" "$M" src-mixed kinds || exit 99
imp mixed
[ $rc -eq 0 ] && [ -f root-mixed/P00405000700.bin ] &&
    [ -f root-mixed/APP6901SCCP.9-2-1-a.zz.sgn ] &&
    grep -q '^  P00405000700.bin: the 7910 image' out-mixed &&
    grep -q '^  serves 7970 .*complete' out-mixed &&
    pass "beside a load phonerescue serves, they are imported and named" ||
    { fail "mixed (exit $rc)"; cat out-mixed; }
"$P" firmware -r root-mixed > fw-mixed 2>&1
grep -q '^not served: SCCP6901.9-2-1-a.loads (the 6901 load manifest): phonerescue does not recover that model' fw-mixed &&
    pass "firmware says which loads it does not serve" || { fail "firmware foreign"; cat fw-mixed; }

# No firmware at all: a directory, and a zip (README + script).
imp junk
[ $rc -eq 1 ] && grep -q 'nothing a phone can use' out-junk &&
    grep -q 'skipped install.sh: not a file a phone asks for' out-junk &&
    empty root-junk && pass "a directory of unrelated files: exit 1, ROOT unchanged" ||
    { fail "junk dir (exit $rc)"; cat out-junk; }
"$PY" - <<'EOF' || exit 99
import zipfile
with zipfile.ZipFile("readme.zip", "w") as z:
    z.writestr("README.txt", "see the vendor site\n")
    z.writestr("install.sh", "#!/bin/sh\n")
EOF
mkdir root-readme
"$P" import -r root-readme readme.zip > out-readme 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q 'nothing a phone can use' out-readme &&
    grep -q 'skipped README.txt' out-readme && empty root-readme &&
    pass "a zip of README + script: exit 1, nothing written" ||
    { fail "readme.zip (exit $rc)"; cat out-readme; ls -A root-readme; }

# The summary says via/[why] for every model, as firmware does: a 7940
# load (no term file) and the 7970/7971 one (a term file for one only).
"$P" import --make-demo-bundle legacy --variant legacy >/dev/null || exit 99
mkdir root-legacy
"$P" import -r root-legacy --no-config legacy > out-legacy 2>&1
grep -q '^  serves 7940     P0S3-8-12-00 (8.12(0)) \[newest\]: complete$' out-legacy &&
    pass "a model without term file: [newest], complete" ||
    { fail "summary of a 7940 load"; cat out-legacy; }
bad=$(grep -h '^  serves ' out-legacy out-tree out-kinds out-792x | grep -v ' via \| \[[a-z<>]*\]: ')
n=$(grep -h '^  serves ' out-legacy out-tree out-kinds out-792x | wc -l)
[ -z "$bad" ] && [ "$n" -ge 8 ] && pass "every summary line ($n) gives via or why" ||
    fail "summary ($n lines): $bad"
for r in kinds legacy; do
	sed -n 's/^  serves //p' "out-$r" > "s1-$r"
	"$P" firmware -r "root-$r" | grep -E '^[0-9]{4}' > "s2-$r"
	[ -s "s1-$r" ] && cmp -s "s1-$r" "s2-$r" &&
	    pass "$r: the summary lines are firmware's lines" ||
	    { fail "$r: summary differs from firmware"; diff "s1-$r" "s2-$r"; }
done

# The known-bundle table is compiled in: no data directory needed.
"$P" import --make-demo-bundle cmterm-7975-sip.8-4-2.zip --format zip >/dev/null || exit 99
mkdir root-known
PHONERESCUE_DATADIR=/nonexistent "$P" import -r root-known cmterm-7975-sip.8-4-2.zip > out-known 2>&1
grep -q 'WARNING: named like cmterm-7975-sip.8-4-2.zip, but its checksums differ' out-known &&
    ! grep -q 'known-bundle table' out-known &&
    pass "known-bundle table found from the build tree, nothing said about it" ||
    { fail "known table"; cat out-known; }

[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
exit 0
