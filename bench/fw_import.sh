#!/bin/sh
# Benchmark: import an 8 MB firmware bundle (the synthetic bundle with the
# real structure: ten signed .sbn components, signed CRLF .loads, term
# files) as .zip and as .cop.sgn; target <= 0.5 s wall time each (issue 6).
# Usage: bench/fw_import.sh [PHONERESCUE] [RUNS]; prints one line per
# format with the median and exits 1 when a median misses the target.
set -u
P=${1:-${PHONERESCUE:-./phonerescue}}
RUNS=${2:-5}
TARGET_MS=500
T=$(mktemp -d /tmp/fwbench.XXXXXX) || exit 99
trap 'rm -rf "$T"' EXIT
export PHONERESCUE_DATADIR=${PHONERESCUE_DATADIR:-$(dirname "$0")/../data}
now_ms() { date +%s%3N; }
rc=0
for fmt in zip cop; do
	b="$T/bundle.$fmt"
	# 10 components x 838861 bytes = 8 MiB of firmware.
	"$P" import --make-demo-bundle "$b" --format $fmt \
	    --component-size 838861 > /dev/null || exit 99
	times=""
	i=0
	while [ $i -lt "$RUNS" ]; do
		rm -rf "$T/root" && mkdir "$T/root"
		t0=$(now_ms)
		"$P" import -r "$T/root" "$b" > /dev/null 2>&1 || { echo "import failed"; exit 99; }
		t1=$(now_ms)
		times="$times $((t1 - t0))"
		i=$((i + 1))
	done
	med=$(printf '%s\n' $times | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
	size=$(stat -c %s "$b")
	verdict=ok
	[ "$med" -le $TARGET_MS ] || { verdict=SLOW; rc=1; }
	printf 'fw_import %-4s %8d bytes  median %4d ms  (runs:%s)  target %d ms  %s\n' \
	    "$fmt" "$size" "$med" "$times" $TARGET_MS $verdict
done
exit $rc
