#!/bin/sh
# summary.sh BUILDDIR: the one closing line CI reads, from automake's
# test-suite.log: "N passed, N failed, N skipped".  Failed tests' logs are
# printed first (to stderr) so a red run explains itself.
dir=${1:-.}
log="$dir/test-suite.log"
if [ ! -f "$log" ]; then
	echo "no test-suite.log: the build or the harness failed" >&2
	echo "0 passed, 1 failed, 0 skipped"
	exit 0
fi
get() { sed -n "s/^# $1: *\([0-9][0-9]*\).*/\1/p" "$log" | head -n 1; }
pass=$(get PASS) xfail=$(get XFAIL) fail=$(get FAIL) xpass=$(get XPASS)
error=$(get ERROR) skip=$(get SKIP)
passed=$(( ${pass:-0} + ${xfail:-0} ))
failed=$(( ${fail:-0} + ${xpass:-0} + ${error:-0} ))
if [ "$failed" -gt 0 ]; then
	sed -n '/^\(FAIL\|ERROR\|XPASS\): /,$p' "$log" | head -n 400 >&2
fi
echo "$passed passed, $failed failed, ${skip:-0} skipped"
