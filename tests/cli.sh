#!/bin/sh
# The command line: help, version, and the usage-error contract (exit 2).
set -u
P=$PHONERESCUE
fails=0
check() {	# check DESC EXPECTED-STATUS PATTERN CMD...
	desc=$1 want=$2 pat=$3; shift 3
	out=$("$@" 2>&1); rc=$?
	if [ "$rc" -ne "$want" ] || ! printf '%s\n' "$out" | grep -qE -- "$pat"; then
		echo "FAIL: $desc (exit $rc, want $want)"; printf '%s\n' "$out" | sed 's/^/  | /'
		fails=$((fails + 1))
	else
		echo "ok: $desc"
	fi
}
check "--help lists commands" 0 '^commands:' "$P" --help
check "--help names help" 0 '^  help ' "$P" --help
check "--version" 0 '^phonerescue [0-9]+\.[0-9]+' "$P" --version
check "version command" 0 '^phonerescue [0-9]' "$P" version
check "help COMMAND" 0 '^usage: phonerescue version' "$P" help version
check "help of an unknown command" 2 'no such command: nope' "$P" help nope
check "unknown command" 2 'no such command: frobnicate' "$P" frobnicate
check "extra argument" 2 'usage: phonerescue version' "$P" version extra
# --max-flashing N (issue 21): 1 to 1000, for serve and the wizard.
for c in serve wizard; do
	for v in 0 1001 x; do
		check "$c --max-flashing $v" 2 "^phonerescue $c: --max-flashing: 1 to 1000" \
		    "$P" "$c" --max-flashing "$v"
	done
done
# cmd_getopt_done: an operand after the options is a usage error.
for c in serve sniff export simphone wizard demo; do
	check "$c: an operand" 2 "^phonerescue $c: unexpected argument: extra" \
	    "$P" "$c" extra
done
# An unknown option or one without its value is named, once (no getopt
# message before ours, no bare "bad option").
for c in firmware import; do
	check "$c: an unknown option" 2 \
	    "^phonerescue $c: unknown option --bogus\$" "$P" "$c" --bogus
	check "$c: -r without a value" 2 "^phonerescue $c: -r needs a value\$" \
	    "$P" "$c" -r
	out=$("$P" "$c" --bogus 2>&1)
	[ "$(printf '%s\n' "$out" | grep -c bogus)" = 1 ] ||
	    { echo "FAIL: $c --bogus said twice"; fails=$((fails + 1)); }
done
# serve's numeric options: out of range is a usage error naming the range.
for a in "lease 29 30 to 604800 seconds" "http-port 65536 0 to 65535" \
    "tftp-port 0 1 to 65535" "dhcp-port 65536 1 to 65535" \
    "blksize-max 7 8 to 65464" "idle-timeout 3601 1 to 3600 seconds" \
    "tftp-per-client 0 1 to 4096"; do
	set -- $a; opt=$1 val=$2; shift 2
	check "serve --$opt $val" 2 "^phonerescue serve: --$opt: $*" \
	    "$P" serve -i lo "--$opt" "$val"
done
# report: one SESSION at most, one format, SESSION or --all.
check "report: two sessions" 2 '^phonerescue report: unexpected argument: b' \
    "$P" report a b
check "report: --csv and --json" 2 'exclude each other' "$P" report --csv --json
check "report: SESSION and --all" 2 'exclude each other' "$P" report a --all
E=$(mktemp -d) || exit 99
check "report: nothing recorded" 1 'no session recorded in .*/sessions' \
    env PHONERESCUE_STATE_DIR="$E" "$P" report
check "report --list: nothing" 0 '^$' env PHONERESCUE_STATE_DIR="$E" "$P" report --list
rmdir "$E"
# help lists only commands that exist: every listed one has help.
for c in $("$P" --help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'); do
	check "help $c works" 0 "^usage: phonerescue $c" "$P" help "$c"
done
[ $fails -eq 0 ]
