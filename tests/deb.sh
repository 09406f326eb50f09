#!/bin/sh
# The Debian package (issue 22), as root: `quickstart deb` builds it from
# a clean clone of HEAD (lintian: no error, no warning), then it is
# installed with apt-get (dependencies from the archive), run (version
# with its commit, man -w, systemd-analyze verify on the unit, the bash
# completion, the demo in text mode, serve as the unit runs it: nobody
# with only the unit's capabilities) and purged, after which nothing it
# installed or made is left.  The release tarball (`make dist` of the
# same clone) builds a package with the same files and control fields.
# Never leaves the package installed: purged by trap on any exit.
set -u
. "$top_srcdir/tests/lib/netns.sh"
netns_require_root
skip() {
	if [ "${PHONERESCUE_REQUIRE_ROOT:-0}" = 1 ]; then
		echo "FAIL: $* (PHONERESCUE_REQUIRE_ROOT=1)"; exit 99
	fi
	echo "SKIP: $*"; exit 77
}
# debian/rules sets this for make check: no package build inside one.
[ -n "${PHONERESCUE_IN_PACKAGE_BUILD:-}" ] &&
    { echo "SKIP: inside dpkg-buildpackage"; exit 77; }
top=$(git -C "$top_srcdir" rev-parse --show-toplevel 2>/dev/null) &&
    [ "$(cd "$top" && pwd -P)" = "$(cd "$top_srcdir" && pwd -P)" ] ||
    { echo "SKIP: $top_srcdir is not a git checkout"; exit 77; }
for t in dpkg-buildpackage dh lintian fakeroot apt-get systemd-analyze man \
    setpriv; do
	command -v $t >/dev/null 2>&1 ||
	    skip "no $t (sudo ./quickstart check installs DEB_PKGS)"
done
[ -f /usr/share/bash-completion/bash_completion ] ||
    skip "no bash-completion (quickstart's DEB_PKGS)"

# One package test at a time on this machine, and never over an install
# this test did not make.
lock=/run/lock
[ -d "$lock" ] || lock=${TMPDIR:-/tmp}
exec 9>"$lock/phonerescue-deb-test.lock"
flock -w 900 9 || { echo "FAIL: another tests/deb.sh holds the lock"; exit 1; }
# dpkg knows the package (any state but not-installed)?
known() {
	dpkg-query -W -f='${Status}' phonerescue 2>/dev/null |
	    grep -qE ' (installed|config-files|unpacked|half-installed|half-configured|triggers-awaited|triggers-pending)$'
}
known && skip "phonerescue is installed on this machine already: not touching it"

tmp=$(mktemp -d) || exit 99
# Others may be installing on this machine: wait for dpkg's lock, not fail.
APT_WAIT="-o DPkg::Lock::Timeout=600"
installed=
cleanup() {
	if [ -n "$installed" ]; then
		DEBIAN_FRONTEND=noninteractive apt-get $APT_WAIT purge -y -qq phonerescue \
		    >/dev/null 2>&1 || dpkg --purge phonerescue >/dev/null 2>&1
	fi
	netns_cleanup
	rm -rf "$tmp"
}
settrap() {
	trap 'rc=$?; cleanup; exit $rc' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}
settrap
fail() { echo "FAIL: $*"; exit 1; }

ver=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")
[ -n "$ver" ] || exit 99
commit=$(git -C "$top_srcdir" rev-parse --short=12 HEAD) || exit 99

# Build: a clean clone of HEAD, lintian clean (quickstart fails otherwise).
"$top_srcdir/quickstart" deb "$tmp/out" >"$tmp/qs.log" 2>&1 ||
    { cat "$tmp/qs.log"; tail -n 40 "$tmp/out/phonerescue-deb.log"; fail "quickstart deb"; }
deb=$tmp/out/phonerescue_${ver}_amd64.deb
[ -f "$deb" ] || fail "no $(basename "$deb"): $(ls "$tmp/out")"
grep -q 'ASAN\|-fsanitize' "$tmp/out/phonerescue-deb.log" &&
    fail "the package was built with a sanitizer"
echo "ok: quickstart deb built $(basename "$deb") ($(stat -c %s "$deb") bytes), lintian clean"
echo "    Depends: $(dpkg-deb -f "$deb" Depends)"

# Install with apt (its dependencies resolved from the archive).
installed=1
DEBIAN_FRONTEND=noninteractive apt-get $APT_WAIT install -y -qq --no-install-recommends \
    "$deb" >"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log"; fail "apt-get install"; }
dpkg -L phonerescue | sort >"$tmp/list"
for f in /usr/sbin/phonerescue /usr/share/man/man8/phonerescue.8.gz \
    /usr/share/phonerescue/models.tsv /usr/share/phonerescue/known-bundles.tsv \
    /usr/share/bash-completion/completions/phonerescue \
    /lib/systemd/system/phonerescue-serve@.service /etc/default/phonerescue \
    /usr/share/doc/phonerescue/NEWS.gz /usr/share/doc/phonerescue/copyright; do
	grep -qxF "$f" "$tmp/list" && [ -e "$f" ] || fail "$f not installed"
done
echo "ok: apt-get install: $(wc -l <"$tmp/list") paths"

P=/usr/sbin/phonerescue
[ "$($P version)" = "phonerescue $ver (git $commit)" ] ||
    fail "installed phonerescue version says: $($P version)"
[ "$(man -w phonerescue)" = /usr/share/man/man8/phonerescue.8.gz ] ||
    fail "man -w phonerescue: $(man -w phonerescue 2>&1)"
$P help serve | grep -q '/var/lib/phonerescue/tftp' ||
    fail "the default ROOT is not /var/lib/phonerescue/tftp"
echo "ok: $($P version); man -w finds section 8; ROOT is /var/lib/phonerescue/tftp"

# The unit: systemd-analyze verify on an instance says nothing at all.
(cd "$tmp" && systemd-analyze verify phonerescue-serve@eth7.service) \
    >"$tmp/verify" 2>&1 || { cat "$tmp/verify"; fail "systemd-analyze verify"; }
[ -s "$tmp/verify" ] && { cat "$tmp/verify"; fail "systemd-analyze verify warns"; }
echo "ok: systemd-analyze verify phonerescue-serve@eth7.service: silent"

# The completion, as bash-completion loads it on demand.
cat >"$tmp/comp.bash" <<'EOS'
. /usr/share/bash-completion/bash_completion
_completion_loader phonerescue
COMP_WORDS=(phonerescue serve --no-d); COMP_CWORD=2; _phonerescue
printf '%s\n' "${COMPREPLY[@]}"
COMP_WORDS=(phonerescue serve -i l); COMP_CWORD=3; _phonerescue
printf '%s\n' "${COMPREPLY[@]}"
EOS
[ "$(bash "$tmp/comp.bash" 2>&1)" = "--no-dhcp
lo" ] || fail "installed completion offers: $(bash "$tmp/comp.bash" 2>&1)"
echo "ok: bash-completion loads the completion on demand"

# The demo, headless (its own namespaces, nothing on a real interface).
timeout 300 $P demo --text >"$tmp/demo" 2>&1 ||
    { tail -n 20 "$tmp/demo"; fail "phonerescue demo --text"; }
echo "ok: phonerescue demo --text: $(grep -c . "$tmp/demo") lines, exit 0"

# serve as the unit runs it for an instance link in a namespace: its
# ExecStart= with %I, %S and the options of /etc/default/phonerescue, its
# Environment=, its StateDirectory= handed to its user, that user's lack
# of root and only the unit's capabilities; a client fetches a file
# imported into the default ROOT.
unit=/lib/systemd/system/phonerescue-serve@.service
caps=$(sed -n 's/^AmbientCapabilities=//p' $unit)
bound=$(sed -n 's/^CapabilityBoundingSet=//p' $unit)
[ -n "$caps" ] && [ "$caps" = "$bound" ] || fail "unit capabilities: '$caps' / '$bound'"
set -- $(echo "$caps" | tr 'A-Z' 'a-z' | sed 's/cap_//g')
cl=$(echo "$*" | sed 's/ /,+/g')
$P import --make-demo-bundle "$tmp/demo.zip" --format zip >/dev/null 2>&1 &&
    env -u PHONERESCUE_ROOT $P import "$tmp/demo.zip" >"$tmp/imp" 2>&1 ||
    { cat "$tmp/imp"; fail "import into the default ROOT"; }
f=$(cd /var/lib/phonerescue/tftp && ls *.loads | head -n 1)
[ -n "$f" ] || fail "nothing imported into /var/lib/phonerescue/tftp"
netns_pair
settrap		# netns_pair set its own: ours purges, then calls its cleanup
opts=$(sed -n 's/^PHONERESCUE_SERVE_OPTS="\(.*\)"$/\1/p' /etc/default/phonerescue)
[ "$opts" = --no-dhcp ] || fail "/etc/default/phonerescue: '$opts'"
run=$(sed -n 's/^ExecStart=//p' $unit |
    sed "s|%I|$IF_SRV|g; s|%S|/var/lib|g; s|\$PHONERESCUE_SERVE_OPTS|$opts|")
envs=$(sed -n 's/^Environment=//p' $unit | grep -v '^PHONERESCUE_SERVE_OPTS=' |
    sed 's|%S|/var/lib|g')
for d in $(sed -n 's/^StateDirectory=//p' $unit); do
	mkdir -p "/var/lib/$d" && chown nobody "/var/lib/$d" || exit 99
done
# Under strace (when there is one) to hold its socket families and system
# calls against the unit's RestrictAddressFamilies= and SystemCallFilter=.
tracer=
trf=$NETNS_TMP/strace	# written by nobody
if command -v strace >/dev/null 2>&1; then
	: >"$trf" && chown nobody "$trf" && tracer="strace -f -qq -o $trf"
fi
netns_bg "$NS_SRV" env $envs setpriv \
    --reuid=nobody --regid=nogroup --clear-groups --no-new-privs \
    --inh-caps=-all,+$cl --ambient-caps=-all,+$cl --bounding-set=-all,+$cl \
    $tracer $run >"$tmp/serve" 2>&1
netns_wait_for "$tmp/serve" '^[0-9:.]+ ready .*dhcp=no tftp=yes sniff=yes' 20 ||
    { cat "$tmp/serve"; fail "serve with the unit's capabilities did not start"; }
ip netns exec "$NS_PHONE" busybox tftp -g -r "$f" -l "$tmp/got" "$SRV_IP" \
    >/dev/null 2>&1 || { cat "$tmp/serve"; fail "TFTP from the unit-like serve"; }
cmp -s "$tmp/got" "/var/lib/phonerescue/tftp/$f" || fail "$f differs"
# Stopped before its binary goes away with the purge.  strace -o blocks
# fatal signals: SIGTERM is for the serve it runs.
srv=$LAST_PID
[ -z "$tracer" ] || srv=$(ps -o pid= --ppid "$LAST_PID" | tr -d ' ')
[ -n "$srv" ] || fail "serve is not running under strace"
kill "$srv"
wait "$LAST_PID" 2>/dev/null
grep -q 'stop reason=SIGTERM' "$tmp/serve" || fail "serve did not stop cleanly"
if [ -n "$tracer" ]; then
	fams=$(sed -n 's/^RestrictAddressFamilies=//p' $unit)
	for a in $(grep -oE 'socket\(AF_[A-Z0-9]+' "$trf" |
	    sed 's/socket(//' | sort -u); do
		echo " $fams " | grep -q " $a " ||
		    fail "serve opens $a sockets; the unit allows only $fams"
	done
	# Expand the filter's groups (@system-service holds @basic-io...).
	expand() {
		systemd-analyze syscall-filter "$1" | sed '1d; s/^ *//; /^#/d; /^$/d' |
		while read -r c; do
			case $c in @*) expand "$c" ;; *) echo "$c" ;; esac
		done
	}
	for g in $(sed -n 's/^SystemCallFilter=//p' $unit); do
		case $g in @*) expand "$g" ;; *) echo "$g" ;; esac
	done |
	    sort -u >"$tmp/allowed"
	sed -nE 's/^[0-9]+ +([a-z0-9_]+)\(.*/\1/p' "$trf" | sort -u >"$tmp/used"
	[ -s "$tmp/used" ] && [ -s "$tmp/allowed" ] || fail "no system calls traced"
	out=$(comm -23 "$tmp/used" "$tmp/allowed")
	[ -z "$out" ] || fail "serve calls what the unit's SystemCallFilter= refuses:" $out
	echo "ok: its $(wc -l <"$tmp/used") system calls and socket families ($fams) are what the unit allows"
fi
echo "ok: the unit's command ($run) as nobody with only $caps served $f"

# Purge: every file the package installed is gone, and its state too.
DEBIAN_FRONTEND=noninteractive apt-get $APT_WAIT purge -y -qq phonerescue \
    >"$tmp/purge" 2>&1 || { cat "$tmp/purge"; fail "apt-get purge"; }
installed=
known && fail "still known to dpkg after purge"
left=
while read -r p; do
	[ -d "$p" ] && continue
	[ -e "$p" ] || [ -L "$p" ] && left="$left $p"
done <"$tmp/list"
[ -z "$left" ] || fail "left after purge:$left"
for d in /var/lib/phonerescue /var/lib/private/phonerescue \
    /usr/share/phonerescue /usr/share/doc/phonerescue /etc/default/phonerescue; do
	[ -e "$d" ] && fail "$d left after purge"
done
echo "ok: apt-get purge leaves none of its files, no /var/lib/phonerescue"

# The release tarball builds the same package: same files, same fields.
git clone -q "$top_srcdir" "$tmp/clone" &&
    (cd "$tmp/clone" && autoreconf -fi >/dev/null 2>&1 && ./configure -q &&
    make -s dist >/dev/null 2>&1) || fail "make dist"
mkdir "$tmp/rel" && tar xzf "$tmp/clone/phonerescue-$ver.tar.gz" -C "$tmp/rel" ||
    fail "unpacking the tarball"
[ -f "$tmp/rel/phonerescue-$ver/debian/rules" ] || fail "debian/ is not in the tarball"
(cd "$tmp/rel/phonerescue-$ver" && DEB_BUILD_OPTIONS="nocheck parallel=2" \
    dpkg-buildpackage -b -us -uc >"$tmp/rel.log" 2>&1) ||
    { tail -n 30 "$tmp/rel.log"; fail "dpkg-buildpackage in the unpacked tarball"; }
rdeb=$tmp/rel/phonerescue_${ver}_amd64.deb
[ -f "$rdeb" ] || fail "the tarball made no $(basename "$rdeb")"
for d in "$deb" "$rdeb"; do
	dpkg-deb -c "$d" | awk '{ print $1, $2, $NF }' | sort
	dpkg-deb -f "$d" Package Version Architecture Depends Section Priority
	dpkg-deb --ctrl-tarfile "$d" | tar tf - | sort
done >"$tmp/both"
n=$(wc -l <"$tmp/both")
head -n $((n / 2)) "$tmp/both" >"$tmp/from-git"
tail -n $((n / 2)) "$tmp/both" >"$tmp/from-tar"
diff -u "$tmp/from-git" "$tmp/from-tar" || fail "the tarball's package differs"
dpkg-deb --fsys-tarfile "$rdeb" | tar xOf - ./usr/sbin/phonerescue >"$tmp/relbin"
chmod +x "$tmp/relbin"
[ "$("$tmp/relbin" version)" = "phonerescue $ver" ] ||
    fail "the tarball's build says: $("$tmp/relbin" version)"
echo "ok: the release tarball builds the same package (no commit in its version)"
