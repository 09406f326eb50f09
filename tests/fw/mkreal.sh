# tests/fw/mkreal.sh: shared set-up of the tests that build synthetic
# copies of real layouts with tests/fw/mkreal.py, sourced after `set -u`:
#   . "$top_srcdir/tests/fw/mkreal.sh"
# gives $P (phonerescue), $S (top_srcdir), $PY, $M (mkreal.py), a
# temporary directory $T (the working directory, removed on exit),
# fail/pass (counted in $fails) and snap ROOT (every path, type, size and
# MD5, for "unchanged" checks).  Skips (77) without python3.
P=$PHONERESCUE
S=$top_srcdir
PY=/usr/bin/python3
M="$S/tests/fw/mkreal.py"
[ -x "$PY" ] || { echo "SKIP: no python3"; exit 77; }
T=$(mktemp -d /tmp/fwreal.XXXXXX) || exit 99
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
snap() {
	(cd "$1" && find . -printf '%p %y %s\n' | sort &&
	    find . -type f -exec md5sum {} + | sort)
}
cd "$T" || exit 99
