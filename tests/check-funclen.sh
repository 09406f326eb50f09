#!/bin/sh
# The longest function stays under 100 lines (issue 18).  An awk pass
# over src/ and ui/ that relies on KNF: a definition's name starts a line
# ("name(" in column 0, its type on the line above) and its body's braces
# sit in column 0.  A function counts from its name line to its closing
# brace.  Each one of 100 lines or more is listed; one not on the list
# below fails the test.
cd "$top_srcdir" || exit 99
max=100

# Long functions of other areas, waiting for their split: printed, not
# failed.  file:function; remove the line once it is short.
allow='
'

files=$(find src ui -name '*.c' 2>/dev/null | LC_ALL=C sort)
[ -n "$files" ] || exit 99
awk -v max="$max" -v allow="$allow" '
BEGIN {
	n = split(allow, a, "\n")
	for (i = 1; i <= n; i++)
		if (a[i] != "")
			ok[a[i]] = 1
	bad = 0
}
FNR == 1 { name = ""; inbody = 0 }
!inbody && /^[A-Za-z_][A-Za-z0-9_]*\(/ {
	name = $0
	sub(/\(.*/, "", name)
	start = FNR
	next
}
!inbody && /^\{/ && name != "" { inbody = 1; next }
!inbody && /;[ \t]*$/ { name = "" }
inbody && /^\}/ {
	len = FNR - start + 1
	key = FILENAME ":" name
	found[key] = 1
	if (len >= max) {
		if (key in ok) {
			printf "allowed for now: %s:%d %s: %d lines\n", FILENAME,
			    start, name, len
			seen[key] = 1
		} else {
			printf "%s:%d: %s is %d lines (split it under %d)\n",
			    FILENAME, start, name, len, max
			bad = 1
		}
	} else if (key in ok)
		printf "note: %s is %d lines now: take it off the list\n", key,
		    len
	inbody = 0
	name = ""
}
END {
	for (k in ok)
		if (!(k in found))
			printf "note: %s is gone: take it off the list\n", k
	exit (bad)
}
' $files
bad=$?
[ $bad -eq 0 ] && echo "function lengths ok"
exit $bad
