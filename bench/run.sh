#!/bin/sh
# bench/run.sh: run every benchmark script in bench/ (each bench/*.sh but
# this one), against a release build.  Exit 1 if any script reports a miss
# or fails.  Engines add their own bench/<name>.sh; nothing to register.
#
#   sudo bench/run.sh                 PHONERESCUE defaults to ./phonerescue
#   sudo PHONERESCUE=/path bench/run.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
top_srcdir=${top_srcdir:-$top}
PHONERESCUE=${PHONERESCUE:-$top/phonerescue}
export top_srcdir PHONERESCUE
rc=0
for b in "$here"/*.sh; do
	[ "$(basename "$b")" = run.sh ] && continue
	echo "== $(basename "$b")"
	sh "$b" || rc=1
done
exit $rc
