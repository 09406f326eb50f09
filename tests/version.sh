#!/bin/sh
# One version (issue 22): the newest entry of NEWS, the newest entry of
# debian/changelog and AC_INIT in configure.ac name the same version, and
# `phonerescue version` prints it, with the git commit HEAD names (and
# "-dirty" when tracked files differ) when the source tree is the top of
# a git checkout, and without any when it is not (a tarball; under
# `make distcheck`, one unpacked inside a checkout).
fail() { echo "FAIL: $*"; exit 1; }
S=$top_srcdir
ac=$(sed -n 's/^AC_INIT(\[phonerescue\], \[\([^]]*\)\].*/\1/p' "$S/configure.ac")
news=$(sed -n 's/^\* phonerescue \([0-9][^ ]*\).*/\1/p' "$S/NEWS" | head -n 1)
deb=$(sed -n '1s/^phonerescue (\([^)]*\)).*/\1/p' "$S/debian/changelog")
[ -n "$ac" ] || fail "no version in configure.ac's AC_INIT"
[ -n "$news" ] || fail "no '* phonerescue VERSION' entry in NEWS"
[ -n "$deb" ] || fail "no version on debian/changelog's first line"
# A Debian revision (0.2.0-1) would be the packaging's own: compare the rest.
[ "$news" = "$ac" ] || fail "NEWS says $news, configure.ac says $ac"
[ "${deb%-*}" = "$ac" ] || fail "debian/changelog says $deb, configure.ac says $ac"
echo "ok: NEWS, debian/changelog and configure.ac all say $ac"

out=$("$PHONERESCUE" version) || fail "phonerescue version failed"
[ "$("$PHONERESCUE" --version)" = "$out" ] || fail "--version differs from version"
top=$(git -C "$S" rev-parse --show-toplevel 2>/dev/null) &&
    [ "$(cd "$top" && pwd -P)" = "$(cd "$S" && pwd -P)" ] || top=
if [ -n "$top" ]; then
	c=$(git -C "$S" rev-parse --short=12 HEAD) || fail "git rev-parse"
	[ -n "$(git -C "$S" status --porcelain --untracked-files=no)" ] &&
	    c=$c-dirty
	want="phonerescue $ac (git $c)"
else
	want="phonerescue $ac"
fi
[ "$out" = "$want" ] || fail "phonerescue version says '$out', want '$want'"
echo "ok: phonerescue version says '$out'"
