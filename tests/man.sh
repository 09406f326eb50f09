#!/bin/sh
# phonerescue(8) renders without a warning (mandoc -T lint, and groff
# through man -l) and cannot silently fall behind the program: every
# command `phonerescue --help` lists has its subsection, every long option
# `phonerescue help CMD` shows appears in that subsection, every event
# name and field in src/core/ev_format.c and every notice code posted in
# src/ is in EVENTS, and every exit code
# in src/core/log.h is in EXIT STATUS.
PAGE=$top_srcdir/man/phonerescue.8
T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT
bad=0
linted=0

if command -v mandoc >/dev/null 2>&1; then
	if ! mandoc -T lint -W warning "$PAGE" >"$T/lint" 2>&1 ||
	    [ -s "$T/lint" ]; then
		echo "FAIL: mandoc -T lint:"; cat "$T/lint"; bad=1
	fi
	linted=1
fi
if command -v man >/dev/null 2>&1 && command -v groff >/dev/null 2>&1; then
	# man-db runs groff with warnings on; any line on stderr is one.
	if ! LC_ALL=C MANWIDTH=80 man --warnings=all -E ascii -l "$PAGE" \
	    >"$T/out" 2>"$T/err" || [ -s "$T/err" ]; then
		echo "FAIL: man -l (groff) warnings:"; cat "$T/err"; bad=1
	fi
	[ -s "$T/out" ] || { echo "FAIL: man -l rendered nothing"; bad=1; }
	linted=1
fi
if [ $linted -eq 0 ]; then
	echo "SKIP: neither mandoc nor man/groff (quickstart installs mandoc)" >&2
	exit 77
fi

# The lines of the subsection (.Ss) whose title names command $1
# (".Ss help, version" names both), up to the next .Ss or .Sh.
section() {
	awk -v c="$1" '
	/^\.Sh / { on = 0 }
	/^\.Ss / {
		t = substr($0, 5); n = split(t, w, /, */); on = 0
		for (i = 1; i <= n; i++) if (w[i] == c) on = 1
		next
	}
	on' "$PAGE"
}

"$PHONERESCUE" --help >"$T/help" || { echo "FAIL: --help"; exit 1; }
cmds=$(sed -n '/^commands:/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p' "$T/help")
[ -n "$cmds" ] || { echo "FAIL: no commands in --help"; exit 1; }
ncmd=0 nopt=0
for c in $cmds; do
	ncmd=$((ncmd + 1))
	section "$c" >"$T/sec"
	if [ ! -s "$T/sec" ]; then
		echo "FAIL: command $c has no .Ss subsection in the man page"
		bad=1
		continue
	fi
	"$PHONERESCUE" help "$c" >"$T/cmd" ||
	    { echo "FAIL: help $c"; bad=1; continue; }
	for o in $(grep -oE -- '--[a-z][a-z0-9-]*' "$T/cmd" | sort -u); do
		nopt=$((nopt + 1))
		name=${o#--}
		# mdoc writes "Fl \-name"; literal examples write "--name".
		if ! grep -qE -- "(\\\\-|--)$name([^a-z0-9-]|\$)" "$T/sec"; then
			echo "FAIL: $c: option $o (in help $c) is not in its section"
			bad=1
		fi
	done
done

# Events: every name and every field key of ev_format.c's schema.
EVSRC=$top_srcdir/src/core/ev_format.c
sed -n '/^\.Sh EVENTS/,/^\.Sh /p' "$PAGE" >"$T/events"
nev=0
for e in $(sed -n '/ev_names\[EV__COUNT\]/,/^};/s/.*\[EV_[A-Z_]*\] = "\([a-z_]*\)".*/\1/p' \
    "$EVSRC"); do
	nev=$((nev + 1))
	grep -qx "\.It Cm $e" "$T/events" ||
	    { echo "FAIL: event $e is not in EVENTS"; bad=1; }
done
# The keys come from the descriptor tables (F/OPT/ENUM/WHEN makers).
nkey=0
for k in $(grep -oE '(^|[^A-Z_])(F|OPT|ENUM|WHEN)\("[a-z_]+"' "$EVSRC" |
    sed 's/.*"\([a-z_]*\)"/\1/' | sort -u); do
	nkey=$((nkey + 1))
	grep -qE "^\.Va $k( |\$)" "$T/events" ||
	    { echo "FAIL: event field $k is not in EVENTS"; bad=1; }
done
[ $nkey -ge 30 ] || { echo "FAIL: only $nkey event fields found"; bad=1; }

# Enum words: every word of ev_format.c's name tables (phase, level,
# state, stage, proto) is listed in EVENTS as a literal.
nword=0
for w in $(awk '/^static const char \*const [a-z]+_names\[/ &&
    !/ev_names/ { on = 1 } on { print } /^};/ { on = 0 }' "$EVSRC" |
    grep -oE '"[a-z-]+"' | tr -d '"' | sort -u); do
	nword=$((nword + 1))
	grep -qE "Li $w( |\$)" "$T/events" ||
	    { echo "FAIL: event value $w is not in EVENTS"; bad=1; }
done
[ $nword -ge 15 ] || { echo "FAIL: only $nword event values found"; bad=1; }

# Notice codes: every code a notice is posted with in src/ (the call
# sites' string literals, a *_CODE define, or a copy into notice.code).
codes=$( { grep -rhoE '(^|[^a-z_])[a-z_]*notice\([^"()]*"[a-z_]+"' \
    "$top_srcdir/src" --include='*.c' | sed -E 's/.*"([a-z_]+)"$/\1/'
    grep -rhE '^#define [A-Z_]+_CODE[[:space:]]+"[a-z_]+"' \
    "$top_srcdir/src" --include='*.c' | sed -E 's/.*"([a-z_]+)".*/\1/'
    grep -rhoE 'notice\.code,[[:space:]]*"[a-z_]+"' "$top_srcdir/src" \
    --include='*.c' | sed -E 's/.*"([a-z_]+)"$/\1/'
    grep -rh -A1 'notice\.code,$' "$top_srcdir/src" --include='*.c' |
    sed -nE 's/^[[:space:]]*"([a-z_]+)",.*/\1/p'; } | sort -u)
ncode=0
for k in $codes; do
	ncode=$((ncode + 1))
	grep -qE "^\.Li $k( |\$)" "$T/events" ||
	    { echo "FAIL: notice code $k is not in EVENTS"; bad=1; }
done
[ $ncode -ge 10 ] || { echo "FAIL: only $ncode notice codes found"; bad=1; }

# Exit codes: every EC_* value of log.h.
sed -n '/^\.Sh EXIT STATUS/,/^\.Sh /p' "$PAGE" >"$T/exit"
for n in $(sed -n 's/^[[:space:]]*EC_[A-Z]* = \([0-9]*\),.*/\1/p' \
    "$top_srcdir/src/core/log.h"); do
	grep -qx "\.It $n" "$T/exit" ||
	    { echo "FAIL: exit code $n is not in EXIT STATUS"; bad=1; }
done

[ $ncmd -ge 10 ] && [ $nopt -ge 50 ] && [ $nev -ge 10 ] ||
    { echo "FAIL: too few checked ($ncmd commands, $nopt options, $nev events)"; bad=1; }
[ $bad -eq 0 ] && echo "ok: man page lints clean; $ncmd commands, $nopt options, $nev events, $ncode notice codes covered"
exit $bad
