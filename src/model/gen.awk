# gen.awk: data/models.tsv -> C initialisers for src/model/model.c.
# Lines starting with '#' and the header row are skipped; '-' means "".
BEGIN { FS = "\t"; print "/* Generated from data/models.tsv by src/model/gen.awk: do not edit. */" }
/^#/ || $1 == "model" || NF == 0 { next }
NF != 13 { printf "models.tsv:%d: %d fields, want 13\n", NR, NF > "/dev/stderr"; err = 1; exit 1 }
{
	printf "\t{"
	for (i = 1; i <= 13; i++) {
		v = ($i == "-") ? "" : $i
		gsub(/\\/, "\\\\", v); gsub(/"/, "\\\"", v)
		if (i == 2 || i == 13)
			printf " %s,", (v == "" ? "0" : v)
		else
			printf " \"%s\",", v
	}
	print " },"
}
END { if (err) exit 1 }
