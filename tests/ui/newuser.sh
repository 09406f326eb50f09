#!/bin/sh
# Issue 16, "never leave a new user stuck" (the parts without root): the
# wizard honours PHONERESCUE_ROOT, the import path field starts empty
# each time (it used to append the new path to the old one), and the
# status line says how an import ended instead of "importing X".
# tests/ui/real.sh covers the first run (ROOT made) and the dropped user.
command -v tmux >/dev/null 2>&1 || { echo "tmux is a test dependency"; exit 99; }
. "${top_srcdir:?}/tests/ui/lib.sh"
S=$UI_DIR

mkdir "$TM_OUT/envroot"
printf 'this is not an archive\n' > "$TM_OUT/junk.zip"
tm_start 80 24 PHONERESCUE_ROOT="$TM_OUT/envroot" -- wizard --script "$S/steps.script"
expect "network screen" 'script: end'
keys "a safe interface" 'Firmware for the phones' Enter
expect "ROOT from PHONERESCUE_ROOT" "served from $TM_OUT/envroot"
keys "a first path" 'Archive path: /nonexistent/a\.zip' i /nonexistent/a.zip
keys "its import fails" 'a\.zip: No such file' Enter
keys "the field starts empty again" 'Archive path: *$' i
keys "the second path alone" 'Archive path: /nonexistent/b\.zip *$' /nonexistent/b.zip
if tm_capture | grep -q 'a\.zip/nonexistent'; then
	fail "the old path is not kept in front"
else
	ok "the old path is not kept in front"
fi
tm send-keys Escape
keys "a file that is no archive" "Archive path: $TM_OUT/junk\\.zip" i "$TM_OUT/junk.zip"
tm send-keys Enter
expect "the import fails in the child" 'junk\.zip: failed'
expect "the status line says it failed" '^ import of junk\.zip failed'
if tm_capture | grep -q 'importing junk\.zip'; then
	fail "no \"importing\" left after the failure"
else
	ok "no \"importing\" left after the failure"
fi
tm send-keys q
quit_restores "quit"

echo "$fails failed"
[ $fails -eq 0 ]
