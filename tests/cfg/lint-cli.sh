#!/bin/sh
# `phonerescue config lint` on the command line: FILE:LINE: error: / warning:
# lines and a count; the exit status follows errors only (a file with
# warnings alone exits 0); --strict adds the names the vocabulary does not
# know; a bad option is said once (ours, not getopt's as well) and exits 2.
set -u
: "${PHONERESCUE:?}"
T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT
bad=0
fail() { echo "FAIL: $*"; bad=1; }

printf '<device>\n<ntpmode>Unicast</ntpmode>\n<frobnicate/>\n</device>\n' \
    > "$T/SEP001122334455.cnf.xml"
printf '<device>\n<sipProfile><phoneLabel>Front Desk</phoneLabel>'\
'</sipProfile>\n</device>\n' > "$T/SEP00112233445A.cnf.xml"
printf 'P0S3-8-12-00\r\n' > "$T/OS79XX.TXT"

"$PHONERESCUE" config lint "$T/SEP001122334455.cnf.xml" > "$T/out" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "warnings only: exit $rc, want 0"
grep -q "SEP001122334455.cnf.xml:2: warning: <ntpmode> is wrongly cased: write <ntpMode>" \
    "$T/out" || fail "no case warning: $(cat "$T/out")"
grep -q frobnicate "$T/out" && fail "an unknown element reported without --strict"
grep -q '^0 errors, 1 warning$' "$T/out" || fail "no count: $(cat "$T/out")"

"$PHONERESCUE" config lint --strict "$T/SEP001122334455.cnf.xml" > "$T/out" 2>&1
grep -q ":3: warning: <frobnicate> is not in the vocabulary" "$T/out" ||
    fail "--strict does not name <frobnicate>: $(cat "$T/out")"

"$PHONERESCUE" config lint "$T/SEP00112233445A.cnf.xml" "$T/OS79XX.TXT" \
    > "$T/out" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "an error: exit $rc, want 1"
grep -q ":2: error: phoneLabel \"Front Desk\" contains spaces" "$T/out" ||
    fail "no phoneLabel error: $(cat "$T/out")"
grep -q OS79XX "$T/out" && fail "a clean OS79XX.TXT was reported"

"$PHONERESCUE" config lint "$T/OS79XX.TXT" > "$T/out" 2>&1 ||
    fail "a clean OS79XX.TXT fails: $(cat "$T/out")"
grep -q '^1 file clean$' "$T/out" || fail "clean not said: $(cat "$T/out")"

for args in "lint --bogus $T/OS79XX.TXT" "gen --frob" "lint -r"; do
	# shellcheck disable=SC2086
	"$PHONERESCUE" config $args > "$T/out" 2> "$T/err"
	rc=$?
	[ $rc -eq 2 ] || fail "config $args: exit $rc, want 2"
	[ "$(grep -c 'option\|needs a value' "$T/err")" -eq 1 ] ||
	    fail "config $args: said $(cat "$T/err")"
done
[ $bad -eq 0 ] && echo "config lint CLI ok"
exit $bad
