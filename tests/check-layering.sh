#!/bin/sh
# The dependency rule (DESIGN.md 3.2) as a table of the folders each
# folder may include, checked from the include graph.  Each #include "x"
# is resolved as the compiler finds it through the include path every
# target shares (Makefile.am): the includer's folder, src/, src/core/,
# compat/, the top.  A header found in another folder is an edge; an edge
# the table lacks fails, printed as file:line.  A header found nowhere
# compiles only through a target's extra -I (ui/'s -I ui): that fails too,
# so a bare include of another folder's header is caught.  Libraries have
# their own rows (curses only in ui/, pcap only in the sniffer...).  A
# folder under src/ that is not in the table fails until it is added.
cd "$top_srcdir" || exit 99

# folder: the folders (or single headers, folder/file.h) it may include.
# Every folder may include itself, compat/ and the generated headers.
# "*" is anything under src/.
table='
core:
model:	core
net:	core
dhcp:	core net model
tftp:	core net
http:	core net model tftp/tftp_files.h
sniff:	core net model fw/loads.h dhcp/dhcp_wire.h tftp/tftp_wire.h
fw:	core model
cfg:	core model fw/fw_catalog.h fw/fw_hash.h
export:	core net model fw/fw_catalog.h
site:	core
sim:	core net model dhcp/dhcp_wire.h tftp/tftp_wire.h fw/fw_hash.h fw/loads.h fw/sgn.h fw/plan.h
flow:	core model sniff/sniff.h
track:	core model sniff fw/loads.h fw/plan.h fw/fw_catalog.h
record:	core
ui:	core model flow/wizard.h
host:	* ui/ui.h
cmd:	core model net dhcp tftp http sniff track record fw cfg export sim flow host site
main:	core cmd
tests:	* ui
compat:
'

# Edges that break the table today, each with its reason; printed, not
# failed.  Remove a line once its edge is gone.
known='
'

# library: an include pattern, then the folders that may use it.
libs='
curses	^(n?curses|ncursesw/[a-z]+|panel|menu|form)\.h$	ui
pcap	^pcap	sniff
libarchive	^archive	fw
libxml2	^libxml/	cfg
nettle	^nettle/	fw dhcp
libmicrohttpd	^microhttpd	http
libseccomp	^seccomp	net
zlib	^zlib\.h$	fw
'

# Made by the build (in the build tree, which may not be this one).
generated='config.h pr_commit.h src/model/models_table.inc src/fw/known_table.inc'

files=$(find src ui compat tests -name '*.[ch]' 2>/dev/null | LC_ALL=C sort)
[ -n "$files" ] || exit 99
awk -v table="$table" -v known="$known" -v libs="$libs" \
    -v generated="$generated" '
function exists(p,	line, r) {
	if (p in seen)
		return (seen[p])
	r = (getline line < p) >= 0
	close(p)
	return (seen[p] = r)
}
# a/b/../c -> a/c, ./a -> a
function norm(p,	n, i, k, part, out) {
	n = split(p, part, "/")
	k = 0
	for (i = 1; i <= n; i++) {
		if (part[i] == "." || part[i] == "")
			continue
		if (part[i] == ".." && k > 0 && out[k] != "..") {
			k--
			continue
		}
		out[++k] = part[i]
	}
	p = ""
	for (i = 1; i <= k; i++)
		p = p (i > 1 ? "/" : "") out[i]
	return (p)
}
function dirof(p) {
	if (p !~ /\//)
		return (".")
	sub(/\/[^\/]*$/, "", p)
	return (p)
}
# src/dhcp/x.c -> dhcp, src/main.c -> main, ui/x.c -> ui, ./config.h -> build
function folder(p,	part) {
	split(p, part, "/")
	if (part[1] == "src")
		return (p ~ /^src\/[^\/]+\// ? part[2] : "main")
	if (p !~ /\//)
		return ("build")
	return (part[1])
}
# the header as the allowed lists name it: dhcp/dhcp_wire.h, ui/ui.h
function short(p) {
	sub(/^src\//, "", p)
	return (p)
}
function allowed(from, to, path,	list, n, i, w) {
	if (from == to || to == "compat" || to == "build")
		return (1)
	n = split(may[from], list, " ")
	for (i = 1; i <= n; i++) {
		w = list[i]
		if (w == to || w == short(path) || (w == "*" && path ~ /^src\//))
			return (1)
	}
	return (0)
}
BEGIN {
	n = split(table, row, "\n")
	for (i = 1; i <= n; i++) {
		if (row[i] !~ /:/)
			continue
		f = row[i]
		sub(/:.*/, "", f)
		v = row[i]
		sub(/^[^:]*:[ \t]*/, "", v)
		gsub(/\t/, " ", v)
		may[f] = v
	}
	n = split(known, row, "\n")
	for (i = 1; i <= n; i++)
		if (split(row[i], w, " ") >= 2)
			exc[w[1] " " w[2]] = row[i]
	n = split(libs, row, "\n")
	nlib = 0
	for (i = 1; i <= n; i++) {
		if (split(row[i], w, "\t") < 3)
			continue
		nlib++
		libname[nlib] = w[1]
		libpat[nlib] = w[2]
		libwho[nlib] = " " w[3] " "
	}
	n = split(generated, w, " ")
	for (i = 1; i <= n; i++)
		gen[w[i]] = 1
	bad = 0
}
FNR == 1 {
	from = folder(FILENAME)
	if (!(from in may) && !(from in unknown)) {
		unknown[from] = 1
		printf "%s: folder %s is not in the table\n", FILENAME, from
		bad = 1
	}
}
/^[ \t]*#[ \t]*include[ \t]*</ {
	h = $0
	sub(/^[^<]*</, "", h)
	sub(/>.*/, "", h)
	for (i = 1; i <= nlib; i++)
		if (h ~ libpat[i] && from != "tests" &&
		    index(libwho[i], " " from " ") == 0) {
			printf "%s:%d: %s outside %s: <%s>\n", FILENAME, FNR,
			    libname[i], substr(libwho[i], 2,
			    length(libwho[i]) - 2), h
			bad = 1
		}
	next
}
/^[ \t]*#[ \t]*include[ \t]*"/ {
	h = $0
	sub(/^[^"]*"/, "", h)
	sub(/".*/, "", h)
	d = dirof(FILENAME)
	t = ""
	if (exists(norm(d "/" h)))
		t = norm(d "/" h)
	else if (exists("src/" h))
		t = norm("src/" h)
	else if (exists("src/core/" h))
		t = norm("src/core/" h)
	else if (exists("compat/" h))
		t = norm("compat/" h)
	else if (exists(h))
		t = norm(h)
	if (t == "") {
		if (!(h in gen)) {
			printf "%s:%d: \"%s\" is found only through an extra -I: " \
			    "name its folder\n", FILENAME, FNR, h
			bad = 1
		}
		next
	}
	to = folder(t)
	if (allowed(from, to, t))
		next
	key = FILENAME " " short(t)
	if (key in exc) {
		used[key] = 1
		printf "known: %s:%d: %s -> %s (%s)\n", FILENAME, FNR, from,
		    short(t), substr(exc[key], length(key) + 2)
		next
	}
	printf "%s:%d: %s may not include %s (%s -> %s is not in the " \
	    "table)\n", FILENAME, FNR, from, t, from, to
	bad = 1
}
END {
	for (k in exc)
		if (!(k in used))
			printf "note: the known edge %s is gone: remove its line\n", k
	exit (bad)
}
' $files
bad=$?

# Only ui/ may call initscr/endwin.
hits=$(grep -rnE '\b(initscr|endwin|newterm)[[:space:]]*\(' src 2>/dev/null)
if [ -n "$hits" ]; then
	echo "curses calls outside ui/:"; echo "$hits"; bad=1
fi
[ $bad -eq 0 ] && echo "layering ok"
exit $bad
