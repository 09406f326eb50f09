#!/bin/sh
# `phonerescue config gen sep --csv FILE` (issue 21): one SEP<MAC>.cnf.xml
# per row (and SIP<MAC>.cnf for a 7940/7960), the header's columns in any
# order and case, MACs in every usual spelling, RFC 4180 quoting; every
# file lints clean; all or nothing: a bad row (named by its line), a file
# the user wrote, or a target that is not a file leaves ROOT as it was,
# with no temporary directory behind.
set -u
: "${PHONERESCUE:?}"
T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT
bad=0
fail() { echo "FAIL: $*"; bad=1; }
P=$PHONERESCUE
R=$T/root
mkdir "$R"

# A snapshot of ROOT: names (hidden ones too) and contents.
snap() { (cd "$R" && find . -print | LC_ALL=C sort && cat ./* 2>/dev/null) \
    | cksum; }

# Good: every MAC spelling, header in another order and case, aliases,
# quoted commas, doubled quotes, a quoted line break in an ignored column,
# CRLF, a blank line, a UTF-8 BOM.
printf '\357\273\277Display Name,MAC Address,phone_model,EXT,sip-server,' \
    > "$T/good.csv"
printf 'Username,Secret,Notes\r\n' >> "$T/good.csv"
printf '"Front, Desk",SEP0011.2233.4455,7960,201,198.18.0.1,u201,pw1,hall\r\n' \
    >> "$T/good.csv"
printf '"Say ""hi""",00:11:22:33:44:56,CP-7970G,202,198.18.0.1,,"a,b",\r\n' \
    >> "$T/good.csv"
printf 'Lab,00-11-22-33-44-57,Cisco 7941,,,,,"two\r\nlines"\r\n' >> "$T/good.csv"
printf '\r\n' >> "$T/good.csv"
printf 'Bench,aabbccddeeff,7940,"203",pbx.example,,,\r\n' >> "$T/good.csv"
printf 'Up,SEPAABBCCDDEE00,7965,,,,,\r\n' >> "$T/good.csv"
"$P" config gen sep --csv "$T/good.csv" -r "$R" > "$T/out" 2> "$T/err"
rc=$?
[ $rc -eq 0 ] || fail "good CSV: exit $rc: $(cat "$T/err")"
for f in SEP001122334455.cnf.xml SIP001122334455.cnf SEP001122334456.cnf.xml \
    SEP001122334457.cnf.xml SEPAABBCCDDEEFF.cnf.xml SIPAABBCCDDEEFF.cnf \
    SEPAABBCCDDEE00.cnf.xml; do
	[ -f "$R/$f" ] || fail "good CSV: no $f ($(ls -a "$R"))"
done
[ "$(ls -A "$R" | wc -l)" -eq 7 ] || fail "good CSV: extra files: $(ls -A "$R")"
grep -q '^5 phones, 7 files$' "$T/out" || fail "no count: $(cat "$T/out")"
grep -q 'column 8 (Notes) is not one phonerescue reads' "$T/err" ||
    fail "ignored column not said: $(cat "$T/err")"
grep -q '<displayName>Say &quot;hi&quot;</displayName>' \
    "$R/SEP001122334456.cnf.xml" || fail "doubled quotes not read"
grep -q '<authPassword>a,b</authPassword>' "$R/SEP001122334456.cnf.xml" ||
    fail "quoted comma not read"
grep -q '<authName>u201</authName>' "$R/SEP001122334455.cnf.xml" ||
    fail "user column not used"
grep -q '^line1_displayname: "Front, Desk"$' "$R/SIP001122334455.cnf" ||
    fail "SIP<MAC>.cnf: $(cat "$R/SIP001122334455.cnf")"
grep -q '^proxy1_address: "pbx.example"$' "$R/SIPAABBCCDDEEFF.cnf" ||
    fail "SIP<MAC>.cnf proxy: $(cat "$R/SIPAABBCCDDEEFF.cnf")"
grep -q '<loadInformation model="Cisco 7941"' "$R/SEP001122334457.cnf.xml" &&
    fail "a load named though ROOT serves none"
grep -q sipProfile "$R/SEPAABBCCDDEE00.cnf.xml" &&
    fail "a line without a server or extension"
"$P" config lint "$R"/* > "$T/lint" 2>&1 || fail "lint: $(cat "$T/lint")"
grep -q '^7 files clean$' "$T/lint" || fail "not clean: $(cat "$T/lint")"

# Again: the same bytes are up to date.
"$P" config gen sep --csv "$T/good.csv" -r "$R" > "$T/out" 2>&1 ||
    fail "second run: $(cat "$T/out")"
[ "$(grep -c 'is up to date' "$T/out")" -eq 7 ] ||
    fail "second run: $(cat "$T/out")"

# Semicolons and LF only (spreadsheets in some locales); stdin.
printf 'mac;model;extension;server\n0011.2233.44AA;7942;301;198.18.0.1\n' |
    "$P" config gen sep --csv - -r "$R" > "$T/out" 2>&1 ||
    fail "semicolon CSV from stdin: $(cat "$T/out")"
grep -q '<name>301</name>' "$R/SEP0011223344AA.cnf.xml" 2>/dev/null ||
    fail "semicolon CSV: $(cat "$T/out")"
rm -f "$R/SEP0011223344AA.cnf.xml"

# Bad rows: each names its line, nothing is written, ROOT is unchanged.
hdr='mac,model,extension,display,server,user,password'
good='0011.2233.4499,7970,210,Ok,198.18.0.1,,'
check_bad() {	# name, expected stderr pattern, CSV text (printf format)
	name=$1 want=$2
	shift 2
	# shellcheck disable=SC2059
	printf "$@" > "$T/bad.csv"
	before=$(snap)
	"$P" config gen sep --csv "$T/bad.csv" -r "$R" > "$T/out" 2> "$T/err"
	rc=$?
	[ $rc -eq 1 ] || fail "$name: exit $rc, want 1"
	grep -q -- "$want" "$T/err" || fail "$name: said $(cat "$T/err")"
	grep -q 'nothing written' "$T/err" || fail "$name: no 'nothing written'"
	[ "$(snap)" = "$before" ] || fail "$name: ROOT changed: $(ls -A "$R")"
	[ -f "$R/SEP001122334499.cnf.xml" ] && fail "$name: the good row written"
}
check_bad "bad MAC" 'bad.csv:3: error: bad MAC "00:11:22:33:44"' \
    '%s\n%s\n00:11:22:33:44,7970,,,,,\n' "$hdr" "$good"
check_bad "bad MAC (mixed separators)" 'bad.csv:3: error: bad MAC' \
    '%s\n%s\n00:11-22:33:44:55,7970,,,,,\n' "$hdr" "$good"
check_bad "bad MAC (not hex)" 'bad.csv:2: error: bad MAC "0011.2233.44GG"' \
    '%s\n0011.2233.44GG,7970,,,,,\n%s\n' "$hdr" "$good"
check_bad "unknown model" 'bad.csv:3: error: unknown model "8845"' \
    '%s\n%s\n001122334401,8845,,,,,\n' "$hdr" "$good"
check_bad "duplicate MAC" \
    'bad.csv:4: error: MAC 001122334499 again (first on line 2)' \
    '%s\n%s\n001122334402,7970,,,,,\nSEP0011.2233.4499,7940,,,,,\n' \
    "$hdr" "$good"
check_bad "missing MAC column" 'bad.csv:1: error: no mac column' \
    'model,extension\n7970,201\n'
check_bad "missing model column" 'bad.csv:1: error: no model column' \
    'MAC\n001122334403\n'
check_bad "empty model" 'bad.csv:3: error: no model' \
    '%s\n%s\n001122334404,,,,,,\n' "$hdr" "$good"
check_bad "short row" 'bad.csv:3: error: 2 fields, the header has 7' \
    '%s\n%s\n001122334405,7970\n' "$hdr" "$good"
check_bad "server without extension" \
    'bad.csv:3: error: a SIP server (pbx) needs an extension' \
    '%s\n%s\n001122334406,7970,,,pbx,,\n' "$hdr" "$good"
check_bad "unclosed quote" 'bad.csv:3: error: a quoted field is never closed' \
    '%s\n%s\n001122334407,7970,"201,,,,,\n' "$hdr" "$good"
check_bad "stray quote" 'bad.csv:3: error: a quote inside an unquoted field' \
    '%s\n%s\n001122334408,7970,2"01,,,,\n' "$hdr" "$good"
check_bad "not ASCII" 'bad.csv:3: error: values must be printable ASCII' \
    '%s\n%s\n001122334409,7970,201,M\303\274ller,pbx,,\n' "$hdr" "$good"
check_bad "two bad rows" 'bad.csv:4: error: unknown model' \
    '%s\n%s\nxx,7970,,,,,\n001122334410,9999,,,,,\n' "$hdr" "$good"
grep -q 'bad.csv:3: error: bad MAC' "$T/err" || fail "two bad rows: only one said"
check_bad "only a header" 'bad.csv:1: error: no phones' '%s\n' "$hdr"

# A file the user wrote (no marker): nothing written without --force.
printf '<device/>\n' > "$R/SEP001122334499.cnf.xml"
before=$(snap)
printf '%s\n%s\n001122334411,7970,,,,,\n' "$hdr" "$good" > "$T/mine.csv"
"$P" config gen sep --csv "$T/mine.csv" -r "$R" > "$T/out" 2> "$T/err" &&
    fail "the user's file replaced without --force"
grep -q 'SEP001122334499.cnf.xml: you wrote it' "$T/err" ||
    fail "user's file: said $(cat "$T/err")"
[ "$(snap)" = "$before" ] || fail "user's file: ROOT changed"
"$P" config gen sep --csv "$T/mine.csv" -r "$R" --force > "$T/out" 2>&1 ||
    fail "--force: $(cat "$T/out")"
grep -q 'replaced SEP001122334499.cnf.xml (yours is saved as SEP001122334499.cnf.xml.bak)' \
    "$T/out" || fail "--force: $(cat "$T/out")"
[ "$(cat "$R/SEP001122334499.cnf.xml.bak")" = "<device/>" ] ||
    fail "--force: no backup"
[ -f "$R/SEP001122334411.cnf.xml" ] || fail "--force: the other row"

# A target that is not a regular file: nothing written, even the others.
mkdir "$R/SEP001122334412.cnf.xml"
before=$(snap)
printf '%s\n001122334413,7970,,,,,\n001122334412,7970,,,,,\n' "$hdr" \
    > "$T/dir.csv"
"$P" config gen sep --csv "$T/dir.csv" -r "$R" > "$T/out" 2> "$T/err" &&
    fail "a directory as target accepted"
grep -q 'not a regular file' "$T/err" || fail "directory: $(cat "$T/err")"
[ "$(snap)" = "$before" ] || fail "directory: ROOT changed"
rmdir "$R/SEP001122334412.cnf.xml"

# An unwritable ROOT: nothing there, no temporary directory left.
if [ "$(id -u)" -ne 0 ]; then
	chmod 555 "$R"
	before=$(snap)
	"$P" config gen sep --csv "$T/dir.csv" -r "$R" > "$T/out" 2>&1 &&
	    fail "read-only ROOT accepted"
	[ "$(snap)" = "$before" ] || fail "read-only ROOT changed"
	chmod 755 "$R"
fi
ls -A "$R" | grep -q '^\.phonerescue-gen' && fail "temporary directory left"

# Usage: --csv with --mac, or with another kind of file.
for args in "sep --csv $T/good.csv --mac 001122334455" \
    "default --csv $T/good.csv" "--csv $T/good.csv --stdout"; do
	# shellcheck disable=SC2086
	"$P" config gen -r "$R" $args > "$T/out" 2>&1
	rc=$?
	[ $rc -eq 2 ] || fail "config gen $args: exit $rc, want 2"
done
# processNodeName is the server's own address (issue 16): -i IFACE names
# IFACE's IPv4 (lo's 127.0.0.1 here: only read, never changed), for the
# XMLDefault and the SEP file alike; -i with --server is a usage error; an
# interface that does not exist is named and exits 1.
E=$T/empty
mkdir "$E"
for what in default "sep --mac 001122334455 --model 7970"; do
	# shellcheck disable=SC2086
	out=$("$P" config gen -r "$E" -i lo --stdout $what 2>&1)
	printf '%s\n' "$out" | grep -q '<processNodeName>127\.0\.0\.1</processNodeName>' ||
	    fail "config gen -i lo $what: processNodeName is not lo's address: $out"
done
"$P" config gen -r "$E" -i lo --server 198.18.0.9 --stdout default >/dev/null 2>&1
rc=$?
[ $rc -eq 2 ] || fail "config gen -i with --server: exit $rc, want 2"
out=$("$P" config gen -r "$E" -i prnosuch0 --stdout default 2>&1)
rc=$?
[ $rc -eq 1 ] && printf '%s\n' "$out" | grep -q 'no interface prnosuch0' ||
    fail "config gen -i prnosuch0: exit $rc, want 1 naming it: $out"
[ $bad -eq 0 ] && echo "config gen --csv ok"
exit $bad
