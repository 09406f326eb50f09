#!/bin/sh
# Issue 16, "say the truth about progress": the file list says which phone
# each file is for, uses the width (no cut at 21 characters), filters by
# the selected phone, and shows a refused request on its phone's list; a
# finished small file shows no "0B/s".  The Config screen keeps the row
# of the model being recovered in sight with a scroll mark, and a small
# terminal says so instead of losing rows.
command -v tmux >/dev/null 2>&1 || { echo "tmux is a test dependency"; exit 99; }
. "${top_srcdir:?}/tests/ui/lib.sh"
S=$UI_DIR
R=/nonexistent/tftp

tm_start 120 40 -- wizard --script "$S/files.script" -r $R
expect "three phones replayed" 'script: end'
expect "the 7970's XMLDefault, named with its phone" 'XMLDefault\.cnf\.xml +7970 bb:cc'
expect "the 7942's XMLDefault, named with its phone" 'XMLDefault\.cnf\.xml +7942 22:33'
expect "a long name in full at 120 columns" 'SCCP70\.9-4-2SR3-1S\.loads\.sgn +7970 bb:cc'
expect "a failed phone's clock stops when it fails" '7941 .* failed +0:02$'
expect "a working phone's clock runs on" '7942 .* flashing +0:07$'
expect "a refused request is a row" 'SIP41\.9-4-2SR3-1S\.loads +7941 55:66 +not found in ROOT'
if tm_capture | grep -q ' 0B/s'; then fail "no 0B/s on finished small files"; else ok "no 0B/s on finished small files"; fi
keys "Down selects the 7942: its files only" 'Files of 7942 00:1e:4a:11:22:33' Down
expect "its load" 'apps42\.9-4-2-9\.sbn'
if tm_capture | sed -n '/^ Files of/,/^ Problems/p' | grep -qE 'SCCP70|7970 bb:cc|XMLDefault.*7970'; then fail "the 7970's files hidden"; else ok "the 7970's files hidden"; fi
keys "Down to the failed 7941: its refused request, not 'nothing asked'" 'SIP41\.9-4-2SR3-1S\.loads +not found in ROOT' Down
if tm_capture | grep -q 'nothing asked for yet'; then fail "no 'nothing asked for yet'"; else ok "no 'nothing asked for yet'"; fi
keys "a shows every phone's files again" 'Files  \(2 in flight' a
tm send-keys q y
quit_restores "quit"

# Config at 80x24 with eleven models: the row of the phone being
# recovered (a 7970, devtype 30006, near the end) is in sight and marked,
# and the rows out of sight are said so.
"$P" import --make-demo-bundle "$TM_OUT/bundle.zip" --format zip >/dev/null ||
    { echo "cannot make the demo bundle"; exit 99; }
"$P" import -r "$TM_OUT/root" "$TM_OUT/bundle.zip" >/dev/null 2>&1 ||
    { echo "cannot import the demo bundle"; exit 99; }
for n in 41 45 61 65 75; do
	cp "$TM_OUT/root/term70.default.loads" "$TM_OUT/root/term$n.default.loads"
done
tm_start 80 24 -- wizard --script "$S/live.script" -r "$TM_OUT/root"
expect "live view replayed" 'script: end'
keys "config screen" 'XMLDefault.cnf.xml in' 3
expect "the 7970's row in sight, marked" 'loadInformation30006 +7970 +SIP70\.8-5-2S +< this phone'
expect "a scroll mark for the rows out of sight" '[0-9]+ more above, [0-9]+ below \(Up/Down\)'
keys "Up moves the table and keeps it there" 'loadInformation437 ' Up Up Up
tm send-keys q y
quit_restores "quit from config"

# 40x12: too small to show the steps, said so (and how big is enough).
tm_start 40 12 -- wizard --script "$S/files.script" -r $R
expect "a small terminal is said so" 'Terminal too small'
expect "with the size needed" 'needs 60x16'
tm resize-window -x 80 -y 24
expect "grown again, the live view is back" 'Files +\('
tm send-keys q y
quit_restores "quit from a resized terminal"

echo "$fails failed"
[ $fails -eq 0 ]
