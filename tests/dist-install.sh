#!/bin/sh
# Packaging (issue 9): the release tarball is self-contained, and
# `make install DESTDIR=...` gives the tree a Debian package takes as is.
#
# In a scratch directory, away from the build running this suite: a copy
# of the checkout's tracked files makes `make dist`; the tarball alone is
# unpacked, configured with Debian's prefixes, built and installed with
# DESTDIR.  The tree must hold exactly the program, the man page and the
# two data files, nothing outside /usr and nothing writable by others; the
# installed program must run and find its data where it was installed;
# `make uninstall` must take every file away again.  (The full
# `make distcheck` reruns this whole suite, so it is not run from it.)
set -u
tmp=$(mktemp -d) || exit 99
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# The tracked files of the checkout (the source tree itself may be
# configured in place, as quickstart does, so it cannot be built again).
# (The top of one: `make distcheck` unpacks the tarball inside the checkout.)
gtop=$(git -C "$top_srcdir" rev-parse --show-toplevel 2>/dev/null) &&
    [ "$(cd "$gtop" && pwd -P)" = "$(cd "$top_srcdir" && pwd -P)" ] ||
    { echo "SKIP: $top_srcdir is not a git checkout"; exit 77; }
mkdir "$tmp/b1"
(cd "$top_srcdir" && git ls-files -z | tar cf - --null --no-recursion -T -) |
    tar xf - -C "$tmp/b1" || fail "copying the checkout"
(cd "$tmp/b1" && autoreconf -fi >/dev/null 2>&1 && ./configure -q >/dev/null &&
    make -s dist >/dev/null 2>&1) || fail "make dist"
tarball=$(ls "$tmp"/b1/phonerescue-*.tar.gz 2>/dev/null | head -n 1)
[ -n "$tarball" ] || fail "no tarball"
echo "ok: $(basename "$tarball"), $(tar tzf "$tarball" | wc -l) entries"

# Every file the source tree tracks for the build is in it.
tar tzf "$tarball" | sed 's|^[^/]*/||' | sort >"$tmp/in-tar"
for f in configure.ac Makefile.am quickstart README.md man/phonerescue.8 \
    data/models.tsv data/known-bundles.tsv bench/tftp.sh bench/tftp_ceiling.c \
    tests/fuzz/replay.sh tests/dist-install.sh NEWS debian/rules \
    debian/control debian/changelog data/phonerescue-serve.service.in \
    data/bash-completion/phonerescue; do
	grep -qx "$f" "$tmp/in-tar" || fail "$f missing from the tarball"
done

mkdir "$tmp/src" "$tmp/b2" "$tmp/root"
tar xzf "$tarball" -C "$tmp/src" --strip-components=1 || fail "unpacking"
(cd "$tmp/b2" && "$tmp/src/configure" -q --prefix=/usr --sysconfdir=/etc \
    --localstatedir=/var >/dev/null && make -s -j2 >/dev/null 2>&1) ||
    fail "the tarball alone does not configure and build"
echo "ok: the unpacked tarball configures and builds on its own"

D=$tmp/root
(cd "$tmp/b2" && make -s install DESTDIR="$D" >/dev/null 2>&1) || fail "make install"
(cd "$D" && find . -type f | sort) >"$tmp/files"
cat >"$tmp/want" <<EOF
./usr/bin/phonerescue
./usr/lib/systemd/system/phonerescue-serve@.service
./usr/share/bash-completion/completions/phonerescue
./usr/share/man/man8/phonerescue.8
./usr/share/phonerescue/known-bundles.tsv
./usr/share/phonerescue/models.tsv
EOF
diff -u "$tmp/want" "$tmp/files" || fail "installed files differ"
[ -z "$(cd "$D" && find . -mindepth 1 -maxdepth 1 ! -name usr)" ] ||
    fail "installed outside /usr"
[ -z "$(find "$D" -perm -o+w ! -type l)" ] || fail "world-writable files installed"
[ -x "$D/usr/bin/phonerescue" ] || fail "program not executable"
U=$D/usr/lib/systemd/system/phonerescue-serve@.service
grep -qx 'ExecStart=/usr/bin/phonerescue serve -i %I .*' "$U" &&
    grep -qx 'EnvironmentFile=-/etc/default/phonerescue' "$U" ||
    fail "the unit does not name this build's paths: $(grep -E '^(ExecStart|EnvironmentFile)=' "$U")"
echo "ok: make install DESTDIR puts 6 files under /usr, none world-writable; the unit names them"

# It runs, and knows the seeds' bundles wherever it is installed: both
# tables are compiled in (issue 14), so the DESTDIR copy, run from another
# prefix than the one configured, recognises a known bundle's name and
# says nothing about the table.
P="$D/usr/bin/phonerescue"
"$P" --version >"$tmp/ver" 2>&1 || fail "--version"
ver=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$tmp/b2/config.h")
[ "$(cat "$tmp/ver")" = "phonerescue $ver" ] ||
    fail "--version of a tarball build says: $(cat "$tmp/ver")"
"$P" models >"$tmp/models" 2>&1 && grep -q 7970 "$tmp/models" ||
    fail "models does not list the 7970"
"$P" import --make-demo-bundle "$tmp/demo.tgz" --format tgz >/dev/null 2>&1 ||
    fail "making the demo bundle"
PHONERESCUE_DATADIR="$D/usr/share/phonerescue" "$P" import -r "$tmp/r1" \
    "$tmp/demo.tgz" >"$tmp/imp" 2>&1 || fail "import: $(cat "$tmp/imp")"
grep -q 'known-bundle table' "$tmp/imp" &&
    fail "the known-bundle table was talked about: $(cat "$tmp/imp")"
cp "$tmp/demo.tgz" "$tmp/7941-7961-sip.8-4-2S.tar"
PHONERESCUE_DATADIR="$tmp/nowhere" "$P" import -r "$tmp/r2" \
    "$tmp/7941-7961-sip.8-4-2S.tar" >"$tmp/imp2" 2>&1
grep -q 'WARNING: named like 7941-7961-sip.8-4-2S.tar, but its checksums differ' "$tmp/imp2" ||
    fail "the installed program does not know the seeds' bundles: $(cat "$tmp/imp2")"
grep -q 'known-bundle table' "$tmp/imp2" &&
    fail "the known-bundle table was talked about: $(cat "$tmp/imp2")"
man -l "$D/usr/share/man/man8/phonerescue.8" >/dev/null 2>&1 ||
    [ ! -x "$(command -v man)" ] || fail "the installed man page does not render"
echo "ok: the installed program runs, knows the known bundles from any prefix, and its man page renders"

(cd "$tmp/b2" && make -s uninstall DESTDIR="$D" >/dev/null 2>&1) || fail "make uninstall"
[ -z "$(find "$D" -type f)" ] || fail "make uninstall left: $(find "$D" -type f)"
echo "ok: make uninstall removes every installed file"
