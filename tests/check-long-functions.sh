#!/bin/sh
# No function of 100 lines or more in the folders listed (issue 20 point 5
# did src/fw, src/tftp, src/http; add folders as they are split).  With
# KNF a function runs from its name line (the name in column 0, after the
# return type's line) to its closing brace in column 0.
set -u
S=${top_srcdir:-.}
MAX=100
bad=0
for dir in src/fw src/tftp src/http; do
	for f in "$S/$dir"/*.c; do
		[ -f "$f" ] || continue
		out=$(awk -v max=$MAX -v file="${f#$S/}" '
		    /^[A-Za-z_][A-Za-z0-9_]*\(/ { name = $0; sub(/\(.*/, "", name); start = NR }
		    /^}/ && name != "" {
			n = NR - start + 1
			if (n >= max) printf "%s: %s is %d lines\n", file, name, n
			name = ""
		    }' "$f")
		if [ -n "$out" ]; then
			echo "$out"
			bad=1
		fi
	done
done
[ $bad -eq 0 ] && echo "ok: no function of $MAX lines or more in src/fw, src/tftp, src/http"
exit $bad
