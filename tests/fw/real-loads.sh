#!/bin/sh
# Every real .loads manifest of ../shared/fixtures/real-loads (issue 17
# measured result): with made-up components of the names, sizes and MD5s
# it lists (tests/fw/mkreal.py real), each imports and is reported
# complete; without one component, the import names exactly that one.
set -u
P=$PHONERESCUE
S=$top_srcdir
PY=/usr/bin/python3
R=${SHARED_DIR:-$S/../shared}/fixtures/real-loads
[ -d "$R" ] || { echo "SKIP: $R absent"; exit 77; }
[ -x "$PY" ] || { echo "SKIP: no python3"; exit 77; }
T=$(mktemp -d /tmp/fwrealloads.XXXXXX) || exit 99
trap 'rm -rf "$T"' EXIT
fails=0 n=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
for f in "$R"/*.loads "$R"/*.LOADS; do
	[ -f "$f" ] || continue
	b=$(basename "$f")
	n=$((n + 1))
	d="$T/$b"
	"$PY" "$S/tests/fw/mkreal.py" "$d/src" real "$f" || exit 99
	mkdir "$d/root"
	"$P" import -r "$d/root" --no-config "$d/src" > "$d/out" 2>&1; rc=$?
	if [ $rc -eq 0 ] && ! grep -q INCOMPLETE "$d/out" &&
	    grep -q '^  serves .*: complete$' "$d/out"; then
		pass "$b: $(grep -c '^  serves ' "$d/out") model(s), complete"
	else
		fail "$b (exit $rc)"; cat "$d/out"
	fi
	# Take one listed component away: it, and only it, is named.
	victim=$(ls "$d/src" | grep -v -i '\.loads$' | sort | tail -n 1)
	rm "$d/src/$victim"
	mkdir "$d/root2"
	"$P" import -r "$d/root2" --no-config "$d/src" > "$d/out2" 2>&1; rc=$?
	if [ $rc -eq 1 ] && grep -q "lists files that are missing or empty: $victim\$" "$d/out2" &&
	    [ -z "$(ls -A "$d/root2")" ]; then
		pass "$b: without $victim, it is named"
	else
		fail "$b without $victim (exit $rc)"; cat "$d/out2"
	fi
done
[ $n -gt 0 ] || { echo "SKIP: no manifest in $R"; exit 77; }
echo "$n real manifests"
[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
exit 0
