#!/bin/sh
# Issue 21, the bench: the live view counts every phone seen at the top
# (seen / back up / flashing / failed), d folds the phones that are done
# away (and shows them again), the key help line names d, and quitting
# writes the session record and, once the screen is restored, prints its
# path; `report` reads it back.
command -v tmux >/dev/null 2>&1 || { echo "tmux is a test dependency"; exit 99; }
. "${top_srcdir:?}/tests/ui/lib.sh"
S=$UI_DIR
R=/nonexistent/tftp
ST=$TM_OUT/state

tm_start 120 40 PHONERESCUE_STATE_DIR="$ST" -- wizard --script "$S/counts.script" -r $R
expect "four phones replayed" 'script: end'
expect "the counts at the top" '^ 4 seen: 2 back up, 1 flashing, 1 failed'
expect "the key help names the fold key" 'd fold done'
expect "done phones shown" '00:1b:d4:00:00:01'
keys "d folds the done phones away" '2 done phones folded away \(d shows them\)' d
if tm_capture | grep -qE '00:1b:d4:00:00:0[12] +198\.18'; then
	fail "the done phones' rows are gone"
else
	ok "the done phones' rows are gone"
fi
expect "the failed one stays" '7941 +00:1b:d4:00:00:03'
expect "the flashing one stays" '7942 +00:1b:d4:00:00:04'
keys "d again shows them" '7970 +00:1b:d4:00:00:02' d
if tm_capture | grep -q 'folded away'; then
	fail "nothing folded any more"
else
	ok "nothing folded any more"
fi
tm send-keys q
expect "q asks for the flashing 7942" '7942 00:1b:d4:00:00:04 \(flashing\)'
tm send-keys y
quit_restores "quit from the bench"
expect "the record's path after the screen is restored" \
    "^session record: $ST/sessions/[0-9]{8}T[0-9]{6}Z-[0-9]+\\.rec"
expect "and how to read it" '^  \(phonerescue report [0-9]{8}T[0-9]{6}Z-[0-9]+\)'
out=$(PHONERESCUE_STATE_DIR=$ST "$P" report 2>&1)
if printf '%s\n' "$out" | grep -q '^4 phones: 0 back up, 1 failed' &&
    printf '%s\n' "$out" | grep -q '^00:1b:d4:00:00:04  7942  still going'; then
	ok "report reads the wizard's session"
else
	fail "report reads the wizard's session"
	printf '%s\n' "$out" | sed 's/^/  report: /'
fi
echo "$fails failed"
[ $fails -eq 0 ]
