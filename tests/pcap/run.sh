#!/bin/sh
# Golden tests, tcpdump style: every TESTLIST row runs `phonerescue sniff
# -f CAPTURE FLAGS` and compares what it prints with expected/OUTPUT.  The
# captures are made at test time by gen.py (scapy), with fixed frames and
# fixed timestamps, so the outputs are exact, times included.
#
#   tests/pcap/run.sh            run them all
#   REGEN=1 tests/pcap/run.sh    rewrite expected/ (then review the diff!)
set -u
PY=/usr/bin/python3
dir="$top_srcdir/tests/pcap"
if ! "$PY" -c 'import scapy' 2>/dev/null; then
	echo "SKIP: $PY has no scapy (quickstart installs python3-scapy)"
	exit 77
fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$PY" "$dir/gen.py" "$tmp" || { echo "gen.py failed"; exit 99; }

pass=0 fail=0
while read -r name cap out flags; do
	case "$name" in ''|'#'*) continue ;; esac
	# shellcheck disable=SC2086
	set -- $(printf '%s' "${flags:-}" | sed "s|@root|$dir/root|g")
	if ! "$PHONERESCUE" sniff -f "$tmp/$cap" "$@" </dev/null >"$tmp/$name.got" 2>"$tmp/$name.err"; then
		echo "FAIL: $name: exit status $?"; sed 's/^/  | /' "$tmp/$name.err"
		fail=$((fail + 1)); continue
	fi
	if [ -s "$tmp/$name.err" ]; then
		echo "FAIL: $name: wrote to stderr"; sed 's/^/  | /' "$tmp/$name.err"
		fail=$((fail + 1)); continue
	fi
	if [ "${REGEN:-0}" = 1 ]; then
		cp "$tmp/$name.got" "$dir/expected/$out"
	fi
	if diff -u "$dir/expected/$out" "$tmp/$name.got" >"$tmp/$name.diff"; then
		pass=$((pass + 1))
	else
		echo "FAIL: $name"; cat "$tmp/$name.diff"
		fail=$((fail + 1))
	fi
done <"$dir/TESTLIST"
# A FIFO in ROOT named like the load a phone asks for (by its exact name
# and in other letter case) is not opened in a way that waits for a
# writer: no hang, no count, the events of a ROOT without that file.
mkdir "$tmp/fiforoot" && mkfifo "$tmp/fiforoot/term70.default.loads" || exit 99
for cap in recovery-7970 loads-case; do
	timeout 20 "$PHONERESCUE" sniff -f "$tmp/$cap.pcap" -r "$tmp/fiforoot" \
	    </dev/null >"$tmp/fifo.got" 2>"$tmp/fifo.err"
	rc=$?
	if [ $rc -ne 0 ] || [ -s "$tmp/fifo.err" ]; then
		echo "FAIL: $cap with a FIFO in ROOT: exit $rc (124: it hung)"
		cat "$tmp/fifo.err"; fail=$((fail + 1))
	elif [ $cap = recovery-7970 ] &&
	    ! diff -u "$dir/expected/recovery-7970-noroot.out" "$tmp/fifo.got"; then
		echo "FAIL: $cap with a FIFO in ROOT: not the events without ROOT"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done

# Failures: one line on stderr and exit 1; bad usage exits 2.
# A link type it cannot read is named (pcap's name, else its number).
for bad in wifi.pcap dlt-unknown.pcap garbage.pcap no-such.pcap; do
	"$PHONERESCUE" sniff -f "$tmp/$bad" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	case $bad in
	wifi.pcap) want='link type IEEE802_11, not Ethernet' ;;
	dlt-unknown.pcap) want='link type 299, not Ethernet' ;;
	*) want='' ;;
	esac
	if [ -n "$want" ] && { ! grep -qF "$want" "$tmp/err" ||
	    grep -q '(null)' "$tmp/err"; }; then
		echo "FAIL: sniff -f $bad does not say '$want'"
		cat "$tmp/err"; fail=$((fail + 1))
	elif [ "$(grep -oF "$tmp/$bad" "$tmp/err" | wc -l)" -ne 1 ]; then
		# The file named once (issue 16: it read "F: F: No such file").
		echo "FAIL: sniff -f $bad does not name the file exactly once"
		cat "$tmp/err"; fail=$((fail + 1))
	elif [ $rc -ne 1 ] || [ -s "$tmp/out" ] || [ "$(wc -l <"$tmp/err")" -ne 1 ]; then
		echo "FAIL: sniff -f $bad: exit $rc, want 1 and one line on stderr"
		cat "$tmp/err"; fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
for args in "" "-f x -i y" "-f"; do
	# shellcheck disable=SC2086
	"$PHONERESCUE" sniff $args </dev/null >/dev/null 2>&1
	rc=$?
	if [ $rc -ne 2 ]; then
		echo "FAIL: sniff $args: exit $rc, want 2"; fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
echo "pcap goldens: $pass passed, $fail failed"
[ $pass -gt 0 ] && [ $fail -eq 0 ]
