#!/bin/sh
# `config gen` and the 7940/7960's own files (cfgxml_legacy): with no file
# named, a ROOT serving a 7940/7960 SIP load also gets OS79XX.TXT and
# SIPDefault.cnf; naming them without such a load, or a value they
# cannot carry, fails the command (exit 1) and says why.
set -u
: "${PHONERESCUE:?}"
T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT
bad=0
fail() { echo "FAIL: $*"; bad=1; }
P=$PHONERESCUE
E=$T/empty R=$T/root
mkdir "$E" "$R"
"$P" import --make-demo-bundle "$T/legacy" --variant legacy >/dev/null ||
    exit 99
"$P" import -r "$R" --no-config "$T/legacy" >/dev/null 2>&1 || exit 99

# No complete 7940/7960 load: named files fail, the default is unaffected.
for what in os79xx sipdefault; do
	out=$("$P" config gen -r "$E" --stdout $what 2>&1)
	rc=$?
	[ $rc -eq 1 ] && printf '%s\n' "$out" |
	    grep -q 'has no complete 7940/7960 load' ||
	    fail "$what without a legacy load: exit $rc: $out"
done
out=$("$P" config gen -r "$E" --stdout 2>&1)
rc=$?
[ $rc -eq 0 ] && ! printf '%s\n' "$out" | grep -q 'image_version' ||
    fail "default without a legacy load: exit $rc: $out"

# Its load: both files, without naming them.
out=$("$P" config gen -r "$R" --stdout 2>&1)
rc=$?
[ $rc -eq 0 ] || fail "default with a legacy load: exit $rc: $out"
printf '%s\n' "$out" | grep -q '^P0S3-8-12-00' ||
    fail "no OS79XX.TXT line: $out"
printf '%s\n' "$out" | grep -q '^image_version: P0S3-8-12-00$' ||
    fail "no SIPDefault.cnf: $out"
[ "$("$P" config gen -r "$R" --stdout os79xx | od -An -c | tr -s ' ')" = \
    " P 0 S 3 - 8 - 1 2 - 0 0 \r \n" ] || fail "OS79XX.TXT is not LOAD CRLF"
"$P" config gen -r "$R" os79xx sipdefault >/dev/null 2>&1 &&
    [ -f "$R/OS79XX.TXT" ] && [ -f "$R/SIPDefault.cnf" ] ||
    fail "os79xx sipdefault: files not written"

# A value SIPDefault.cnf cannot carry: exit 1, not a silent skip.
out=$("$P" config gen -r "$R" --stdout --proxy 'a b' sipdefault 2>&1)
rc=$?
[ $rc -eq 1 ] && printf '%s\n' "$out" | grep -q 'SIPDefault.cnf: ' ||
    fail "sipdefault with a bad proxy: exit $rc: $out"
[ $bad -eq 0 ] && echo "config gen 7940/7960 files ok"
exit $bad
