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
# help lists only commands that exist: every listed one has help.
for c in $("$P" --help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'); do
	check "help $c works" 0 "^usage: phonerescue $c" "$P" help "$c"
done
[ $fails -eq 0 ]
