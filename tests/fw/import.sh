#!/bin/sh
# Firmware import end to end: synthetic bundles with the real structure
# (signed headers, CRLF .loads, a capital-letter component) as zip, tar,
# tgz, cop.sgn and a directory, compared with golden files; hostile
# archives refused with ROOT unchanged and nothing written outside it;
# known-bundle checksums; firmware, config gen/lint and models commands.
set -u
P=$PHONERESCUE
S=$top_srcdir
G=$S/tests/data/fw
PY=/usr/bin/python3
export PHONERESCUE_DATADIR="$S/data"
T=$(mktemp -d /tmp/fwtest.XXXXXX) || exit 99
trap 'rm -rf "$T" /tmp/phonerescue-abs-$$' EXIT
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

# ROOT as text: every path, type, size and MD5 (for "unchanged" checks).
snap() {
	(cd "$1" && find . -printf '%p %y %s\n' | sort &&
	    find . -type f -exec md5sum {} + | sort)
}

# golden NAME FILE: compare FILE (temp paths replaced by T) with $G/NAME.
golden() {
	# Archive MD5s depend on the zlib build: the checks below cover them.
	sed -e "s#$T#T#g" -e 's/MD5 [0-9a-f]\{32\}$/MD5 (hex)/' "$2" > "$T/golden.tmp"
	if cmp -s "$G/$1" "$T/golden.tmp"; then
		pass "golden $1"
	else
		fail "golden $1"; diff -u "$G/$1" "$T/golden.tmp" | head -40
		# REGEN=1 (FW_UPDATE_GOLDEN=1, the old name, too) rewrites it.
		[ -n "${REGEN:-${FW_UPDATE_GOLDEN:-}}" ] && cp "$T/golden.tmp" "$G/$1"
	fi
}

cd "$T" || exit 99
for f in dir zip tar tgz cop; do
	case $f in dir) out=demo ;; cop) out=demo.cop.sgn ;; *) out=demo.$f ;; esac
	"$P" import --make-demo-bundle "$out" --format $f --component-size 20000 \
	    >/dev/null || { fail "make demo $f"; continue; }
	mkdir "root-$f"
	if "$P" import -r "root-$f" "$out" > "out-$f" 2>&1; then
		pass "import $f"
	else
		fail "import $f"; cat "out-$f"
	fi
	golden "import-$f.out" "out-$f"
	(cd "root-$f" && find . -type f ! -path './.phonerescue/*' -exec md5sum {} + |
	    grep -v 'load[0-9]*\.txt' | sort -k2) > "list-$f"
	golden "root.list" "list-$f"
	golden "XMLDefault.cnf.xml" "root-$f/XMLDefault.cnf.xml"
done
# The capital J survives every format (phones ask for Jar70sip...).
for f in zip tar tgz cop dir; do
	[ -f "root-$f/Jar70sip.8-5-2-13.sbn" ] || fail "$f lost the capital J"
done
grep -q 'skipped copstart.sh' out-cop || fail "copstart.sh not reported"
[ ! -e root-cop/copstart.sh ] || fail "copstart.sh was written"
ls -a root-zip | grep -q '^\.phonerescue-import' && fail "staging left behind"

# Known bundles: verified by all three checksums; a known name with the
# wrong checksums is a warning.
{
	printf 'file\tsize\tmd5\tsha1\tsha512\tdescription\n'
	printf 'demo.zip\t%s\t%s\t%s\t%s\tphonerescue demo bundle\n' \
	    "$(stat -c %s demo.zip)" "$(md5sum < demo.zip | cut -c1-32)" \
	    "$(sha1sum < demo.zip | cut -c1-40)" "$(sha512sum < demo.zip | cut -c1-128)"
	printf 'demo.tar\t1\t%s\t%s\t%s\tnot this one\n' \
	    "$(printf %032d 0)" "$(printf %040d 0)" "$(printf %0128d 0)"
} > known.tsv
mkdir rk
"$P" import -r rk --known-bundles known.tsv demo.zip > out-known 2>&1
grep -q '^  verified: demo.zip (phonerescue demo bundle): MD5, SHA-1 and SHA-512' out-known &&
    pass "known bundle verified" || { fail "known bundle"; cat out-known; }
"$P" import -r rk --known-bundles known.tsv demo.tar > out-known2 2>&1
grep -q 'WARNING: named like demo.tar, but its checksums differ' out-known2 &&
    pass "known name, wrong checksum" || { fail "checksum mismatch"; cat out-known2; }
# The installed table holds the two bundles of the seeds.
grep -c '^7941-7961-sip.8-4-2S.tar	7475200	5ed9728e012c3bd43c352034613a6ed1	81b01857357eb6e7b11bda75d5d8f9a7fe6ae790	b4b2740df16dbcc4801dc27be4864509a5f8540b02b2aedd94d095ea2f1b1768fb58e4bc40f088c727b0cc2ba52d13e1a2d495b27862814e036b8a335337b4e0' \
    "$S/data/known-bundles.tsv" | grep -q 1 || fail "seed checksums missing"

# Hostile archives: each refused with a clear message, ROOT unchanged.
"$PY" "$S/tests/fw/hostile.py" "$T" "/tmp/phonerescue-abs-$$" \
    "root-zip/SIP70.8-5-2S.loads" || exit 99
head -c 30000 demo.tgz > truncated.tgz
mkdir sub && cp -r root-zip sub/root
hostile() {	# hostile ARCHIVE PATTERN [OPTIONS...]
	a=$1 pat=$2; shift 2
	r=${HROOT:-sub/root}
	before=$(snap "$r")
	"$P" import -r "$r" "$@" "$a" > "out-$a" 2>&1; rc=$?
	after=$(snap "$r")
	if [ $rc -ne 1 ]; then
		fail "$a: exit $rc"; cat "out-$a"
	elif ! grep -q -- "$pat" "out-$a"; then
		fail "$a: no '$pat'"; cat "out-$a"
	elif [ "$before" != "$after" ]; then
		fail "$a: ROOT changed"; diff <(echo "$before") <(echo "$after") 2>/dev/null | head
	else
		pass "$a refused: $(grep -m1 'phonerescue import' "out-$a" | sed "s#$T#T#g")"
	fi
}
# dup.zip (two case-variant names, different bytes) is no longer refused:
# both are kept with a warning (issue 17); tests/fw/import-real.sh shows it.
hostile slip.zip '"\.\." in the path'
hostile abs.tar 'absolute path'
hostile symlink.tar 'is a symbolic link'
hostile hardlink.tar 'is a hard link'
hostile device.tar 'is a device'
hostile bomb.zip 'cap for one file' --max-entry-bytes 1048576
hostile bomb.zip 'cap for a whole bundle' --max-total-bytes 4194304
hostile many.tar 'more than 1024 firmware files'
hostile truncated.tgz 'truncated\|broken archive'
hostile corrupt.tgz 'not a bundle\|broken archive'
mkdir sub/empty
HROOT=sub/empty hostile missing.zip 'lists files that are missing or empty: cvm70sip.8-5-2-13.sbn'
HROOT=sub/empty hostile badmd5.zip 'has MD5'
HROOT=sub/empty hostile empty.zip 'dsp70.8-5-2-13.sbn (empty)'
hostile badhdr.cop.sgn 'signed header length 65535 out of range'
[ ! -e "$T/phonerescue-slip" ] && [ ! -e /phonerescue-slip ] &&
    [ ! -e "/tmp/phonerescue-abs-$$" ] && [ ! -e sub/phonerescue-slip ] &&
    pass "nothing written outside ROOT" || fail "a file escaped ROOT"
ls -a sub/root | grep -q '^\.phonerescue-import' && fail "staging left after a refusal"
# --allow-incomplete imports it anyway, with the missing file named.
mkdir rinc
"$P" import -r rinc --allow-incomplete missing.zip > out-inc 2>&1
grep -q 'warning: SIP70.8-5-2S.loads is incomplete: cvm70sip.8-5-2-13.sbn' out-inc &&
    grep -q 'SIP70.8-5-2S (8.5(2)) \[newest\]: INCOMPLETE' out-inc &&
    pass "incomplete load imported on request, and said so" ||
    { fail "allow-incomplete"; cat out-inc; }

# Letter case and names: an unzip tool lower-cased Jar70sip (the signed
# name and the .loads put it back), a signed file renamed on disk (a
# warning), folders flattened, a bundled XMLDefault.cnf.xml skipped.
"$PY" - "$T" <<'PYEOF' || exit 99
import os, sys, zipfile
d = sys.argv[1]
src = f"{d}/root-zip"
with zipfile.ZipFile(f"{d}/case.zip", "w") as z:
    for n in sorted(os.listdir(src)):
        p = f"{src}/{n}"
        if not os.path.isfile(p) or n == "XMLDefault.cnf.xml":
            continue
        data = open(p, "rb").read()
        if n == "Jar70sip.8-5-2-13.sbn":
            n = "jar70sip.8-5-2-13.sbn"
        if n == "cnu42.9-4-2ES26.sbn":
            z.writestr("firmware/renamed-cnu42.sbn", data)
        z.writestr("firmware/" + n, data)
    z.writestr("firmware/XMLDefault.cnf.xml", b"<Default/>\n")
    z.writestr("SIP70.0-0-1S.loads", b"cnu70.8-5-2-13.sbn\r\n")
PYEOF
mkdir rc
"$P" import -r rc case.zip > out-case 2>&1 || { fail "import case.zip"; cat out-case; }
grep -q 'renamed jar70sip.8-5-2-13.sbn to Jar70sip.8-5-2-13.sbn, the name signed into it' out-case &&
    [ -f rc/Jar70sip.8-5-2-13.sbn ] && pass "lower-cased component restored to Jar70sip" ||
    { fail "case restore"; cat out-case; }
grep -q 'warning: renamed-cnu42.sbn carries the embedded name cnu42.9-4-2ES26.sbn' out-case &&
    pass "embedded-name mismatch warned" || { fail "embedded name"; cat out-case; }
grep -q 'warning: SIP70.0-0-1S.loads: line 1: no signed header' out-case &&
    pass "an unsigned .loads is flagged" || { fail "unsigned"; cat out-case; }
grep -q 'skipped firmware/XMLDefault.cnf.xml: a phone configuration' out-case &&
    grep -q 'flattened firmware/term70.default.loads to term70.default.loads' out-case &&
    pass "config skipped, folders flattened" || { fail "skip/flatten"; cat out-case; }

# 7940/7960: a legacy SIP load; config gen adds OS79XX.TXT and SIPDefault.cnf.
"$P" import --make-demo-bundle legacy.tar --format tar --variant legacy \
    --component-size 3000 > /dev/null
mkdir rl
"$P" import -r rl legacy.tar > out-leg 2>&1 || { fail "import legacy"; cat out-leg; }
grep -q '^7960     P0S3-8-12-00 (8.12(0)) \[newest\]: complete' out-leg &&
    grep -q '<loadInformation7 model="Cisco 7960">P0S3-8-12-00</loadInformation7>' rl/XMLDefault.cnf.xml &&
    ! grep -q 'Auth Fail' out-leg &&
    pass "legacy load served, in XMLDefault" || { fail "legacy"; cat out-leg; }
"$P" config gen -r rl > out-gl 2>&1 || { fail "config gen legacy"; cat out-gl; }
[ "$(od -An -c rl/OS79XX.TXT | tr -s ' ')" = " P 0 S 3 - 8 - 1 2 - 0 0 \r \n" ] &&
    grep -q '^image_version: P0S3-8-12-00$' rl/SIPDefault.cnf &&
    pass "OS79XX.TXT (CRLF, no trailing space) and SIPDefault.cnf" ||
    { fail "OS79XX/SIPDefault"; cat out-gl; od -c rl/OS79XX.TXT; }

# An interrupted import leaves ROOT as it was.
"$P" import --make-demo-bundle big --component-size 8000000 >/dev/null
before=$(snap sub/root)
"$P" import -r sub/root big > out-int 2>&1 &
pid=$!
i=0
while [ $i -lt 2000 ] && ! ls -a sub/root | grep -q '^\.phonerescue-import'; do
	kill -0 $pid 2>/dev/null || break
	i=$((i + 1))
done
kill -TERM $pid 2>/dev/null
wait $pid; rc=$?
if grep -q interrupted out-int; then
	[ $rc -eq 1 ] && [ "$before" = "$(snap sub/root)" ] &&
	    pass "interrupted import: ROOT unchanged" ||
	    fail "interrupted import changed ROOT (exit $rc)"
else
	echo "note: the import finished before SIGINT arrived (exit $rc)"
fi

# Several versions side by side: the new bundle's term files win unless
# --keep-defaults; firmware --default chooses; the 8.5(2) step is advised.
mkdir rv
"$P" import -r rv demo.zip > /dev/null 2>&1
"$P" import --make-demo-bundle new.zip --format zip --variant new \
    --component-size 5000 > /dev/null
"$P" import -r rv new.zip > out-new 2>&1 || { fail "import new"; cat out-new; }
"$P" firmware -r rv > out-fw 2>&1 || fail "firmware exit"
golden firmware.out out-fw
grep -q 'SIP70.9-4-2SR3-1S (9.4(2)SR3-1) via term70.default.loads' out-fw &&
    grep -q 'ROOT has SIP70.8-5-2S (8.5(2)): phonerescue firmware --default 7970=SIP70.8-5-2S' out-fw &&
    pass "newer bundle's term file active; 8.5(2) step offered" ||
    { fail "side by side"; cat out-fw; }
"$P" firmware -r rv --default 7970=SIP70.8-5-2S > out-fwd 2>&1 &&
    grep -q '^7970     SIP70.8-5-2S (8.5(2)) via term70.default.loads' out-fwd &&
    grep -q 'SIP70.8-5-2S' rv/XMLDefault.cnf.xml &&
    pass "firmware --default chooses 8.5(2) for the 7970" ||
    { fail "firmware --default"; cat out-fwd; }
mkdir rkd
"$P" import -r rkd demo.zip > /dev/null 2>&1
"$P" import -r rkd --keep-defaults new.zip > out-kd 2>&1
grep -q "kept ROOT's term70.default.loads (--keep-defaults)" out-kd &&
    grep -q '^7970     SIP70.8-5-2S (8.5(2)) via term70.default.loads' out-kd &&
    pass "--keep-defaults keeps the active term files" || { fail "keep-defaults"; cat out-kd; }
"$P" firmware -r rv --default 7970=SIP70.9-9-9S > out-fw2 2>&1 &&
    fail "--default to a missing load accepted"
grep -q 'has no load SIP70.9-9-9S' out-fw2 || { fail "--default message"; cat out-fw2; }
rm rv/cnu42.9-4-2ES26.sbn
"$P" firmware -r rv > out-fw3 2>&1 && fail "incomplete root exits 0"
grep -q 'missing cnu42.9-4-2ES26.sbn (listed in term42.default.loads)' out-fw3 &&
    pass "firmware names the missing component" || { fail "firmware missing"; cat out-fw3; }

# Config: the user's XMLDefault survives an import; --force keeps a backup.
mkdir ru
printf '<Default><!-- mine --></Default>\n' > ru/XMLDefault.cnf.xml
"$P" import -r ru demo.zip > out-u 2>&1
grep -q 'kept XMLDefault.cnf.xml: you wrote it' out-u &&
    grep -q mine ru/XMLDefault.cnf.xml && pass "user's XMLDefault kept" ||
    { fail "user's XMLDefault"; cat out-u; }
"$P" config gen -r ru --force > out-g 2>&1
grep -q mine ru/XMLDefault.cnf.xml.bak && grep -q loadInformation30006 ru/XMLDefault.cnf.xml &&
    pass "config gen --force keeps a backup" || { fail "force"; cat out-g; }
"$P" config gen -r ru --stdout sep --mac 00:1b:2a:3c:4d:5e --model 7970 \
    --proxy 198.18.0.1 --line 201 --password secret --display Bench \
    --label Bench-201 > sep.xml || fail "config gen sep"
golden SEP001B2A3C4D5E.cnf.xml sep.xml
"$P" config lint -r ru ru/XMLDefault.cnf.xml > out-l 2>&1 &&
    pass "lint: ours is clean" || { fail "lint ours"; cat out-l; }
cat > bad.xml <<'XML'
<Default>
  <callManagerGroup><members><member priority="0"><callManager>
    <ports><ethernetPhonePort>2000</ethernetPhonePort></ports>
  </callManager></member></members></callManagerGroup>
  <loadInformation30018 model="Cisco 7962">SIP42.9-4-2SR3-1S</loadInformation30018>
</Default>
XML
"$P" config lint -r ru bad.xml > out-l2 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q '^bad.xml:2: error: callManager without processNodeName' out-l2 &&
    grep -q '^bad.xml:5: error: loadInformation30018 is labelled "Cisco 7962"' out-l2 &&
    pass "lint reports with line numbers, exit 1" || { fail "lint bad (exit $rc)"; cat out-l2; }
"$P" config lint > /dev/null 2>&1; [ $? -eq 2 ] || fail "lint without FILE is a usage error"

# models: keypad sequences, LED cues, power notes from the table.
"$P" models 7970 > out-m 2>&1 && grep -q '3491672850\*#' out-m &&
    grep -q 'power brick' out-m && pass "models 7970" || { fail "models"; cat out-m; }
"$P" models | grep -q '^7961-GE  308' && pass "models table" || fail "models table"

[ $fails -eq 0 ]
