#!/bin/sh
# Import integrity (issues 14 and 15): damaged and truncated bundles of
# every format refused with the entry named and a served ROOT left
# byte-identical; a failed commit rolled back; a new ROOT not left behind;
# expansion bombs refused; no link followed under ROOT/.phonerescue by
# import or firmware --default; 100,000 skipped entries fast, and SIGTERM
# during them stops the import promptly with ROOT unchanged.
set -u
P=$PHONERESCUE
S=$top_srcdir
PY=/usr/bin/python3
export PHONERESCUE_DATADIR="$S/data"
T=$(mktemp -d /tmp/fwint.XXXXXX) || exit 99
trap 'rm -rf "$T"' EXIT
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

# The whole tree, hidden files included: names, types, sizes, modes,
# link targets and contents, as one checksum.
snap() {
	(cd "$1" && find . -printf '%p %y %s %m %l\n' | LC_ALL=C sort &&
	    find . -type f -exec md5sum {} + | LC_ALL=C sort) | md5sum
}
first() { grep -m1 'phonerescue import: ' "$1" | sed "s#$T#T#g"; }

cd "$T" || exit 99
"$P" import --make-demo-bundle demo --component-size 20000 >/dev/null &&
    "$P" import --make-demo-bundle demo.cop.sgn --format cop \
    --component-size 20000 >/dev/null || exit 99
mkdir d && "$PY" "$S/tests/fw/damage.py" d demo demo.cop.sgn || exit 99

# The undamaged copies import: the damage is all that differs.
for g in d/good*; do
	rm -rf rg && mkdir rg
	"$P" import -r rg --no-config "$g" > out-g 2>&1 ||
	    { fail "undamaged $g"; cat out-g; }
done

# A ROOT being served; every damaged bundle leaves it byte-identical.
mkdir R
"$P" import -r R d/good-deflated.zip > /dev/null 2>&1 || exit 99
before=$(snap R)
n=0
tab=$(printf '\t')
while IFS=$tab read -r f pat; do
	"$P" import -r R "d/$f" > out 2>&1; rc=$?
	if [ $rc -ne 1 ]; then
		fail "$f: exit $rc"; cat out
	elif ! sed "s#d/$f##g" out | grep -q -- "$pat"; then
		fail "$f: message does not name '$pat'"; cat out
	elif grep -q '(null)' out; then
		fail "$f: (null) in the message"; cat out
	elif [ "$(snap R)" != "$before" ]; then
		fail "$f: ROOT changed"; break
	else
		n=$((n + 1))
		echo "ok: $(first out)"
	fi
done < d/cases.tsv
pass "$n of $(wc -l < d/cases.tsv) damaged or cut bundles refused, ROOT byte-identical"

# import -r NEW with a bad bundle: NEW (and its new parents) not left behind,
# and no "NEW is unchanged".
"$P" import -r new/sub/root d/data-cnu70.8-5-2-13.sbn-stored.zip > out-new 2>&1; rc=$?
if [ $rc -eq 1 ] && [ ! -e new ] && ! grep -q 'unchanged' out-new &&
    grep -q 'was not created' out-new; then
	pass "a failed import into a new ROOT leaves no ROOT: $(grep 'not created' out-new | sed "s#$T#T#g")"
else
	fail "new ROOT (exit $rc)"; cat out-new; ls -R new 2>/dev/null | head
fi

# A commit that fails half-way (a directory where the last bundle file
# goes) puts back everything it moved: a replaced file of the same name,
# one in another letter case, and the new files.
mkdir R2
"$P" import -r R2 d/good-deflated.zip > /dev/null 2>&1 || exit 99
last=$("$PY" -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).namelist()[-1])' \
    d/good-deflated.zip)
printf 'mine\r\n' > R2/term70.default.loads
mv R2/cnu70.8-5-2-13.sbn R2/CNU70.8-5-2-13.SBN
rm R2/"$last" && mkdir R2/"$last" && touch R2/"$last"/keep
b2=$(snap R2)
"$P" import -r R2 d/good-stored.zip > out-half 2>&1; rc=$?
if [ $rc -eq 1 ] && [ "$(snap R2)" = "$b2" ] &&
    grep -q "a directory is where a bundle file goes" out-half &&
    grep -q 'were undone' out-half && grep -q 'R2 is unchanged' out-half &&
    ! ls -a R2 | grep -q '^\.phonerescue-import'; then
	pass "half-way commit rolled back: $(first out-half)"
else
	fail "half-way commit (exit $rc)"; cat out-half; ls -la R2
fi

# The same with a file that cannot be moved (a mount point: EBUSY), in a
# mount namespace of our own.
if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
	mkdir R3
	"$P" import -r R3 d/good-deflated.zip > /dev/null 2>&1 || exit 99
	printf 'mounted here\n' > other
	unshare -m sh -c '
		mount --make-rprivate / 2>/dev/null
		mount --bind "$1/other" "$1/R3/$2" || exit 3
		s() { (cd "$1/R3" && find . -printf "%p %y %s %m %l\n" |
		    LC_ALL=C sort && find . -type f -exec md5sum {} + |
		    LC_ALL=C sort) | md5sum; }
		b=$(s "$1")
		"$3" import -r "$1/R3" "$1/d/good-stored.zip" > "$1/out-busy" 2>&1
		echo "rc=$?" >> "$1/out-busy"
		[ "$b" = "$(s "$1")" ] && echo "tree same" >> "$1/out-busy"
		exit 0' sh "$T" "$last" "$P"
	if grep -q '^rc=1$' out-busy && grep -q '^tree same$' out-busy &&
	    grep -q 'were undone' out-busy; then
		pass "commit failing on a busy file rolled back: $(first out-busy)"
	else
		fail "busy-file roll-back"; cat out-busy
	fi
else
	echo "note: not root or no mount namespace: busy-file roll-back not tried"
fi
# A FIFO named as the bundle is refused at once, not waited on.
mkfifo fifo.zip
timeout 20 "$P" import -r R fifo.zip > out-fifo 2>&1; rc=$?
if [ $rc -eq 1 ] && grep -q 'not a regular file' out-fifo; then
	pass "a FIFO as the bundle: $(first out-fifo)"
else
	fail "FIFO bundle (exit $rc)"; cat out-fifo
fi

# Expansion: three 64 MiB entries of zeros (64 KB of zip each, under
# every size cap), and 40 entries of 1 MiB of zeros (each within the
# per-entry slack, the sum not).
"$PY" - <<'PYEOF' || exit 99
import zipfile
zero = bytes(1 << 20)
with zipfile.ZipFile("bomb3.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for n in ("apps70.8-5-2-13.sbn", "dsp70.8-5-2-13.sbn", "cvm70sip.8-5-2-13.sbn"):
        with z.open(n, "w") as f:
            for _ in range(64):
                f.write(zero)
with zipfile.ZipFile("bomb40.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(40):
        z.writestr(f"cnu70.8-5-2-{i}.sbn", zero)
PYEOF
for b in bomb3.zip bomb40.zip; do
	"$P" import -r R "$b" > out-b 2>&1; rc=$?
	if [ $rc -eq 1 ] && grep -q 'expands more than 20:1' out-b &&
	    [ "$(snap R)" = "$before" ]; then
		pass "$b ($(stat -c %s $b) bytes) refused: $(first out-b)"
	else
		fail "$b (exit $rc)"; cat out-b
	fi
done

# No link followed under ROOT/.phonerescue (root runs import):
# .phonerescue, terms and terms/<load> each a link to another directory.
for pos in .phonerescue .phonerescue/terms .phonerescue/terms/SIP70.8-5-2S; do
	rm -rf RL out-l outside && mkdir -p RL/"$(dirname "$pos")" outside
	ln -s "$T/outside" RL/"$pos"
	"$P" import -r RL --no-config d/good-deflated.zip > out-l 2>&1; rc=$?
	if [ -z "$(ls -A outside)" ] && grep -q 'refused to follow it' out-l; then
		pass "import: $pos a link: nothing written through it (exit $rc)"
	else
		fail "import wrote through the link $pos (exit $rc)"
		ls -laR outside; cat out-l
	fi
done
# firmware --default: a planted term file behind a link is not read, and
# the defaults file is not written through a .phonerescue link.
"$P" import --make-demo-bundle new.zip --format zip --variant new \
    --component-size 5000 > /dev/null || exit 99
rm -rf RF outside && mkdir RF outside
"$P" import -r RF d/good-deflated.zip > /dev/null 2>&1 &&
    "$P" import -r RF new.zip > /dev/null 2>&1 || exit 99
printf 'PLANTED\n' > outside/term70.default.loads
mv RF/.phonerescue/terms/SIP70.8-5-2S RF/stored
ln -s "$T/outside" RF/.phonerescue/terms/SIP70.8-5-2S
"$P" firmware -r RF --default 7970=SIP70.8-5-2S > out-f 2>&1; rc=$?
if [ $rc -ne 0 ] && ! grep -q PLANTED RF/term70.default.loads &&
    [ "$(ls outside)" = term70.default.loads ]; then
	pass "firmware --default: a linked terms/<load> is refused (exit $rc)"
else
	fail "firmware --default followed terms/<load> (exit $rc)"; cat out-f
fi
"$P" import --make-demo-bundle legacy.tar --format tar --variant legacy \
    --component-size 3000 > /dev/null || exit 99
rm -rf RD outside && mkdir RD outside
"$P" import -r RD legacy.tar > /dev/null 2>&1 || exit 99
ln -s "$T/outside" RD/.phonerescue
"$P" firmware -r RD --default 7960=P0S3-8-12-00 > out-d 2>&1; rc=$?
if [ $rc -ne 0 ] && [ -z "$(ls -A outside)" ] &&
    grep -q 'a link is refused' out-d; then
	pass "firmware --default: a linked .phonerescue is refused (exit $rc)"
else
	fail "firmware --default wrote through .phonerescue (exit $rc)"
	ls -la outside; cat out-d
fi

# 100,000 skipped entries (macOS resource forks) around a real bundle:
# imported in seconds, the notes capped.
"$PY" - <<'PYEOF' || exit 99
import io, os, tarfile
with tarfile.open("many.tar", "w", format=tarfile.GNU_FORMAT) as t:
    for n in sorted(os.listdir("demo")):
        t.add(f"demo/{n}", arcname=n)
    ti = tarfile.TarInfo()
    for i in range(100000):
        ti.name = f"__MACOSX/._{i:06d}"
        t.addfile(ti)
PYEOF
rm -rf RM && mkdir RM
t0=$(date +%s)
"$P" import -r RM --no-config many.tar > out-m 2>&1; rc=$?
secs=$(($(date +%s) - t0))
lines=$(wc -l < out-m)
if [ $rc -eq 0 ] && [ $secs -lt 120 ] && [ "$lines" -lt 700 ] &&
    grep -q 'more notes like these, not listed' out-m; then
	pass "100,000 skipped entries: imported in ${secs} s, $lines lines of output"
else
	fail "100,000 skipped entries: exit $rc, ${secs} s, $lines lines"; tail -5 out-m
fi
# SIGTERM once the first progress line is out: stopped within seconds,
# the served ROOT unchanged.
"$P" import -r R many.tar > out-s 2>&1 &
pid=$!
i=0
while ! grep -q 'entries checked' out-s; do
	kill -0 $pid 2>/dev/null || break
	i=$((i + 1))
	[ $i -gt 6000 ] && break
	sleep 0.02
done
t0=$(date +%s%N)
kill -TERM $pid 2>/dev/null
wait $pid; rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
if [ $rc -eq 1 ] && grep -q 'interrupted by SIGTERM' out-s && [ $ms -lt 5000 ] &&
    [ "$(snap R)" = "$before" ] && ! ls -a R | grep -q '^\.phonerescue-import'; then
	pass "SIGTERM during 100,000 skipped entries: stopped ${ms} ms after it, ROOT unchanged"
else
	fail "SIGTERM: exit $rc after ${ms} ms"; cat out-s | head
fi

[ $fails -eq 0 ]
