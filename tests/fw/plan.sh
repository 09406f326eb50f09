#!/bin/sh
# Upgrade plans over real imports (issue 20): two versions for one model
# kept side by side (their term files byte-identical in
# ROOT/.phonerescue/terms/<load>/, the served default unchanged with
# --keep-defaults), the catalogue naming each version's files, and
# firmware --plan for a 7970 on 8.3(1) with and without the 8.5(2) bridge.
set -u
P=$PHONERESCUE
export PHONERESCUE_DATADIR="$top_srcdir/data"
T=$(mktemp -d /tmp/fwplan.XXXXXX) || exit 99
trap 'rm -rf "$T"' EXIT
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

cd "$T" || exit 99
"$P" import --make-demo-bundle base --format dir --component-size 4000 \
    >/dev/null || exit 99
"$P" import --make-demo-bundle new --format dir --variant new \
    --component-size 4000 >/dev/null || exit 99
"$P" import --make-demo-bundle legacy --format dir --variant legacy \
    --component-size 4000 >/dev/null || exit 99
bt=$(find base -name term70.default.loads) nt=$(find new -name term70.default.loads)
[ -n "$bt" ] && [ -n "$nt" ] || { echo "no term70 in the demo bundles"; exit 99; }

# Both versions, the second without taking over the served default.
mkdir r2
"$P" import -r r2 base >out-b 2>&1 || { fail "import base"; cat out-b; }
cp r2/term70.default.loads served-before
"$P" import -r r2 --keep-defaults new >out-n 2>&1 || { fail "import new"; cat out-n; }
cmp -s r2/term70.default.loads served-before &&
    cmp -s r2/term70.default.loads "$bt" &&
    pass "served term70 unchanged (still 8.5(2))" || fail "served term70 changed"
cmp -s r2/.phonerescue/terms/SIP70.8-5-2S/term70.default.loads "$bt" &&
    cmp -s r2/.phonerescue/terms/SIP70.9-4-2SR3-1S/term70.default.loads "$nt" &&
    pass "both versions' term70 kept, byte-identical" ||
    { fail "kept term files"; find r2/.phonerescue; }
[ -f r2/SIP70.8-5-2S.loads ] && [ -f r2/SIP70.9-4-2SR3-1S.loads ] &&
    pass "both named loads in ROOT" || fail "named loads"

"$P" firmware -r r2 --plan 7970 >out-h 2>&1
grep -q '^7970     holds SIP70.8-5-2S (8.5(2)) \[served default\]: SIP70.8-5-2S.loads, .phonerescue/terms/SIP70.8-5-2S/term70.default.loads$' out-h &&
    grep -q '^7970     holds SIP70.9-4-2SR3-1S (9.4(2)SR3-1): SIP70.9-4-2SR3-1S.loads, .phonerescue/terms/SIP70.9-4-2SR3-1S/term70.default.loads$' out-h &&
    pass "the catalogue lists both versions and the files naming each" ||
    { fail "versions listed"; cat out-h; }

# The target is the load ROOT serves the model (8.5(2), kept the
# default): a plan towards 9.4(2)SR3 would end where ROOT's term file and
# XMLDefault never send the phone.  Then 9.4(2)SR3 made the default.
"$P" firmware -r r2 --plan 7970 --from '8.3(1)' >out-p0 2>&1 &&
    grep -q '^7970     from 8.3(1): \[direct\] 8.3(1) -> 8.5(2), 1 step' out-p0 &&
    pass "the served default 8.5(2) is the target" ||
    { fail "served default as the target"; cat out-p0; }
"$P" firmware -r r2 --default 7970=SIP70.9-4-2SR3-1S \
    --default 7971-GE=SIP70.9-4-2SR3-1S >/dev/null 2>&1 || fail "--default"
"$P" firmware -r r2 --plan 7970 --from '8.3(1)' >out-p 2>&1; rc=$?
[ $rc -eq 0 ] &&
    grep -q '^7970     from 8.3(1): \[bridge\] 8.3(1) -> 8.5(2) -> 9.4(2)SR3-1, 2 steps' out-p &&
    grep -q '^  step 1 of 2: SIP70.8-5-2S (8.5(2), bridge): SIP70.8-5-2S.loads, .phonerescue/terms/SIP70.8-5-2S/term70.default.loads$' out-p &&
    grep -q '^  step 2 of 2: SIP70.9-4-2SR3-1S (9.4(2)SR3-1, target)' out-p &&
    pass "7970 on 8.3(1) with 8.5(2): through the bridge" ||
    { fail "bridge plan (exit $rc)"; cat out-p; }
"$P" firmware -r r2 --plan 7970 --from SIP70.8-5-2S >out-p2 2>&1 &&
    grep -q '\[direct\] 8.5(2) -> 9.4(2)SR3-1, 1 step' out-p2 &&
    pass "on the bridge: direct" || { fail "from the bridge"; cat out-p2; }
"$P" firmware -r r2 --plan 7970 --from SCCP70.9-4-2SR3-1S >out-p3 2>&1 &&
    grep -q '\[at target\] 9.4(2)SR3-1 (runs the target)' out-p3 &&
    pass "on the target: done" || { fail "at target"; cat out-p3; }

"$P" firmware -r r2 --plan 7970 --from '8.3(1)' --to SIP70.8-5-2S >out-p4 2>&1 &&
    grep -q '^7970     from 8.3(1): \[direct\] 8.3(1) -> 8.5(2), 1 step' out-p4 &&
    pass "--to the bridge itself: direct" || { fail "--to"; cat out-p4; }
"$P" firmware -r r2 --plan 7970 --from '8.3(1)' --to SIP70.9-9-9S >out-p5 2>&1
[ $? -eq 1 ] && grep -q 'ROOT holds no SIP70.9-9-9S for the 7970' out-p5 &&
    pass "--to a load ROOT lacks: exit 1" || { fail "--to missing"; cat out-p5; }

# Without the bridge: no plan, nothing to flash, exit 1.
mkdir r1
"$P" import -r r1 new >/dev/null 2>&1 || fail "import new alone"
"$P" firmware -r r1 --plan 7970 --from SCCP70.8-3-1S >out-l 2>&1; rc=$?
[ $rc -eq 1 ] &&
    grep -q '^7970     from SCCP70.8-3-1S: \[no plan\] 8.3(1): ROOT lacks the bridge load: import 8.5(2) for the 7970' out-l &&
    ! grep -q 'step 1' out-l &&
    pass "7970 on 8.3(1) without 8.5(2): no plan (exit 1)" ||
    { fail "lacks (exit $rc)"; cat out-l; }

# The table: every model ROOT holds, from the starting loads that matter.
"$P" firmware -r r2 --plan >out-t 2>&1
for m in 7942 7962 7970 7971-GE; do
	grep -q "^$m .* from 8.3(2) or older: " out-t || fail "table: no $m row"
done
grep -q '^7971-GE  from 8.3(2) or older: \[bridge\]' out-t &&
    grep -q '^7942     from 8.3(2) or older: \[no plan\]' out-t &&
    ! grep -q '^7940' out-t && pass "table for all models in ROOT" ||
    { fail "table"; cat out-t; }

# 7940/7960: the loader stages from an old image.
mkdir rl
"$P" import -r rl legacy >/dev/null 2>&1 || fail "import legacy"
"$P" firmware -r rl --plan 7960 --stage old >out-s 2>&1 &&
    grep -q '^7960     from an old image: \[loader stages\] unknown -> 8.12(0) loader -> 8.12(0) application, 2 steps: .*OS79XX.TXT' out-s &&
    pass "7960 old image: loader stages" || { fail "legacy stages"; cat out-s; }
"$P" firmware -r rl --plan 7960 --stage loader >out-s2 2>&1 &&
    grep -q '\[direct\]' out-s2 && pass "7960 with the loader: direct" ||
    { fail "legacy direct"; cat out-s2; }

# Configurations travel with their load: the bundle's own copies kept
# byte for byte beside its term files, ROOT's own config still served.
"$P" import --make-demo-bundle leg2 --format dir --variant legacy \
    --component-size 4000 >/dev/null || exit 99
printf 'P0S3-8-12-00\r\n' > leg2/OS79XX.TXT
printf 'image_version: P0S3-8-12-00\n' > leg2/SIPDefault.cnf
mkdir rc
printf 'P0S3-8-5-00\r\n' > rc/OS79XX.TXT
cp rc/OS79XX.TXT os-before
"$P" import -r rc leg2 >out-c 2>&1 || { fail "import with configs"; cat out-c; }
cmp -s rc/OS79XX.TXT os-before && cmp -s rc/SIPDefault.cnf leg2/SIPDefault.cnf &&
    pass "ROOT's own OS79XX.TXT served still; SIPDefault.cnf imported" ||
    fail "served configs"
cmp -s rc/.phonerescue/terms/P0S3-8-12-00/OS79XX.TXT leg2/OS79XX.TXT &&
    cmp -s rc/.phonerescue/terms/P0S3-8-12-00/SIPDefault.cnf leg2/SIPDefault.cnf &&
    grep -q "this bundle's OS79XX.TXT is kept beside its load" out-c &&
    pass "the bundle's configs kept beside its load, byte-identical" ||
    { fail "kept configs"; find rc/.phonerescue; cat out-c; }
"$P" firmware -r rc --plan 7960 >out-c2 2>&1
grep -q '^7960     holds P0S3-8-12-00 (8.12(0)): P0S3-8-12-00.loads, .phonerescue/terms/P0S3-8-12-00/OS79XX.TXT, .phonerescue/terms/P0S3-8-12-00/SIPDefault.cnf$' out-c2 &&
    pass "the catalogue names the configs kept with the load" ||
    { fail "configs listed"; cat out-c2; }

# A tree copied with only its term files: each one a version of its own.
mkdir rt
cp "$top_srcdir/tests/data/real-loads/term70.default.loads" rt/
"$P" firmware -r rt --plan 7970 --from '8.3(1)' >out-t1 2>&1; rc=$?
[ $rc -eq 1 ] &&
    grep -q '^7970     holds term70.default (9.4(2)ES26) \[served default\]: term70.default.loads INCOMPLETE$' out-t1 &&
    grep -q '^7970     from 8.3(1): \[no plan\] 8.3(1): ROOT lacks the bridge load: import 8.5(2) for the 7970' out-t1 &&
    pass "a lone real term70: its version, and the bridge it lacks" ||
    { fail "term-only ROOT (exit $rc)"; cat out-t1; }
"$P" firmware -r rt --plan >out-t2 2>&1
grep -q '^7970     from term70.default: \[at target\]' out-t2 &&
    pass "table: from the term file's own version" || { fail "term table"; cat out-t2; }

# Usage errors.
"$P" firmware -r r2 --plan 7970 --from nonsense >/dev/null 2>&1
[ $? -eq 2 ] && pass "--from nonsense: usage error" || fail "--from nonsense"
"$P" firmware -r r2 --from '8.3(1)' >/dev/null 2>&1
[ $? -eq 2 ] && pass "--from without --plan: usage error" || fail "--from alone"
"$P" firmware -r r2 --plan 9999 >/dev/null 2>&1
[ $? -eq 2 ] && pass "unknown model: usage error" || fail "unknown model"

[ $fails -eq 0 ] || exit 1
