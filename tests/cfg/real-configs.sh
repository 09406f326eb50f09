#!/bin/sh
# Issue 17, measured result: `config lint` over the real configuration
# files in ../shared/fixtures/real-configs/ gives each file the verdict
# its README states.  The README's verdict table is parsed here (never
# copied): "clean" means no finding at all; "one error: ..." exactly one
# error; "error: not well-formed, ..." only well-formedness errors;
# "only the `phoneLabel` rule" only phoneLabel findings; "warnings only"
# no error.  Every `quoted` name of a verdict must appear in the findings.
# Prints one line per file.  Skips (77) when the fixtures are absent.
set -u
dir="${SHARED_DIR:-../shared}/fixtures/real-configs"
readme="$dir/README.md"
[ -r "$readme" ] || { echo "SKIP: no $readme"; exit 77; }
: "${PHONERESCUE:?}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

# "file<TAB>verdict" for each row of the verdict table.
awk -F'|' '
	/^## The verdict/ { on = 1; next }
	/^## / { on = 0 }
	on && /^\|/ {
		f = $2; v = $3
		for (i = 4; i < NF; i++) v = v "|" $i
		gsub(/^ +| +$/, "", f); gsub(/^ +| +$/, "", v)
		if (f == "file" || f ~ /^-+$/) next
		print f "\t" v
	}' "$readme" > "$tmp/rows"
[ -s "$tmp/rows" ] || { echo "FAIL: no verdict table in $readme"; exit 1; }

fails=0 files=0
tab=$(printf '\t')
while IFS="$tab" read -r pat verdict; do
	# "zheltovanton/SEP*.cnf.xml (6 files)": a glob and a count.
	want_n=$(printf '%s\n' "$pat" | sed -n 's/.*(\([0-9]*\) files)$/\1/p')
	pat=$(printf '%s\n' "$pat" | sed 's/ *([0-9]* files)$//')
	set -- $(cd "$dir" && ls -d $pat 2>/dev/null)
	if [ $# -eq 0 ] || { [ -n "$want_n" ] && [ $# -ne "$want_n" ]; }; then
		echo "FAIL $pat: the README names ${want_n:-1} file(s), found $#"
		fails=$((fails + 1)); continue
	fi
	printf '%s\n' "$verdict" | grep -o '`[^`]*`' | tr -d '`' > "$tmp/names"
	for f in "$@"; do
		files=$((files + 1))
		"$PHONERESCUE" config lint "$dir/$f" > "$tmp/out" 2>&1
		rc=$?
		grep -E "^$dir/$f:[0-9]+: (error|warning): " "$tmp/out" | \
		    sed "s|^$dir/||" > "$tmp/found"
		n=$(wc -l < "$tmp/found")
		ne=$(grep -c ': error: ' "$tmp/found")
		nw=$(grep -c ': warning: ' "$tmp/found")
		why=
		case "$verdict" in
		clean*)
			[ "$n" -eq 0 ] && [ $rc -eq 0 ] ||
			    why="want clean (exit 0)" ;;
		"one error:"*)
			[ "$n" -eq 1 ] && [ "$ne" -eq 1 ] && [ $rc -eq 1 ] ||
			    why="want exactly one error (exit 1)" ;;
		"error: not well-formed"*)
			[ "$n" -ge 1 ] && [ "$n" -eq "$(grep -c \
			    ': error: not well-formed' "$tmp/found")" ] &&
			    [ $rc -eq 1 ] ||
			    why="want only not-well-formed errors (exit 1)" ;;
		"only the \`phoneLabel\` rule"*)
			[ "$n" -ge 1 ] && [ "$n" -eq "$(grep -c phoneLabel \
			    "$tmp/found")" ] ||
			    why="want only the phoneLabel rule" ;;
		"warnings only"*)
			[ "$n" -ge 1 ] && [ "$ne" -eq 0 ] && [ $rc -eq 0 ] ||
			    why="want warnings only (exit 0)" ;;
		*)
			why="verdict not understood by this test" ;;
		esac
		if [ -z "$why" ]; then
			while IFS= read -r name; do
				grep -qF -- "$name" "$tmp/found" ||
				    why="\"$name\" not named"
			done < "$tmp/names"
		fi
		if [ -n "$why" ]; then
			echo "FAIL $f: $why; verdict: $verdict"
			sed 's/^/#   /' "$tmp/out"
			fails=$((fails + 1))
		else
			echo "ok $f: $n finding(s), $ne error(s), $nw warning(s)"
		fi
	done
done < "$tmp/rows"
echo "$files files, $fails failed"
[ "$files" -gt 0 ] && [ "$fails" -eq 0 ]
