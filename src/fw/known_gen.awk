# known_gen.awk: data/known-bundles.tsv -> C initialisers for src/fw/fw_hash.c.
# Lines starting with '#' and the header row are skipped.
BEGIN { FS = "\t"; print "/* Generated from data/known-bundles.tsv by src/fw/known_gen.awk: do not edit. */" }
/^#/ || $1 == "file" || NF == 0 { next }
NF != 6 { printf "known-bundles.tsv:%d: %d fields, want 6\n", NR, NF > "/dev/stderr"; err = 1; exit 1 }
$2 !~ /^[0-9]+$/ || length($3) != 32 || length($4) != 40 || length($5) != 128 {
	printf "known-bundles.tsv:%d: malformed row\n", NR > "/dev/stderr"; err = 1; exit 1
}
{
	printf "\t{"
	for (i = 1; i <= 6; i++) {
		v = $i
		gsub(/\\/, "\\\\", v); gsub(/"/, "\\\"", v)
		printf " \"%s\",", v
	}
	print " },"
}
END { if (err) exit 1 }
