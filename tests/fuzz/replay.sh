#!/bin/sh
# Replay every fuzz target's committed corpus (and past crashes) under the
# build's sanitizers.  A target with no corpus is a failure: every target
# must ship inputs that reach its code.
set -u
cd "$top_builddir" || exit 99
fails=0 n=0
for bin in tests/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	case "$bin" in *.o|*.c|*.dict|*.options) continue ;; esac
	name=$(basename "$bin")
	corpus="$top_srcdir/tests/fuzz/corpus/$name"
	crashes="$top_srcdir/tests/fuzz/crashes/$name"
	if [ ! -d "$corpus" ] || [ -z "$(ls -A "$corpus" 2>/dev/null)" ]; then
		echo "FAIL: $name has no corpus in tests/fuzz/corpus/$name"
		fails=$((fails + 1)); continue
	fi
	set -- "$corpus"
	[ -d "$crashes" ] && set -- "$@" "$crashes"
	if ! out=$("$bin" "$@" 2>&1); then
		echo "FAIL: $name"; printf '%s\n' "$out" | tail -n 40
		fails=$((fails + 1))
	else
		printf '%s\n' "$out" | tail -n 1
	fi
	n=$((n + 1))
done
[ $n -gt 0 ] || { echo "no fuzz targets built"; exit 99; }
[ $fails -eq 0 ]
