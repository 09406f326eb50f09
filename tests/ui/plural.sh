#!/bin/sh
# Issue 16, polish: every count in the wizard's texts agrees in number.
# One phone back reads "The phone is back up" (tests/ui/screens.sh); two
# read "All 2 phones are back up"; asking to quit while two flash says
# "2 phones are" and "The phones will keep asking; they resume".
command -v tmux >/dev/null 2>&1 || { echo "tmux is a test dependency"; exit 99; }
. "${top_srcdir:?}/tests/ui/lib.sh"
S=$UI_DIR
R=/nonexistent/tftp

tm_start 100 30 -- wizard --script "$S/two.script" -r $R
expect "two phones replayed" 'script: end'
expect "both back: plural headline" 'All 2 phones are back up\.'
if tm_capture | grep -qE 'All 2 phone is|phones is'; then
	fail "no singular verb with two phones"
else
	ok "no singular verb with two phones"
fi
tm send-keys q
quit_restores "quit from two done"

# Both mid-flash: the quit question and what it does, in the plural.
sed '/xfer=3 client=198.18.0.10:50002 file=apps70.8-5-2-13.sbn bytes/,$d' \
    "$S/two.script" > "$TM_OUT/busy.script"
tm_start 100 30 -- wizard --script "$TM_OUT/busy.script" -r $R
expect "two flashing replayed" 'script: end'
keys "q asks, in the plural" 'Quit while 2 phones are being recovered' q
expect "what quitting does, in the plural" 'The phones will keep asking;'
expect "and they resume" "they resume when you serve again"
tm send-keys y
quit_restores "y quits"

# An import of one file for one model: "1 file, 1 model", in the log and
# on the Firmware step.
cat > "$TM_OUT/fw.script" <<'EOS'
iface pr0 carrier=1 addr=198.18.0.1/24
at 0 cmd pick pr0
at 0 ready iface=pr0 address=198.18.0.1/24 dhcp=1 tftp=1 sniff=1
at 0 cmd goto import-fw
at 100 fw_import archive=one.zip stage=done bytes=10 total=10 files=1 models=1
EOS
tm_start 100 30 -- wizard --script "$TM_OUT/fw.script" -r $R
expect "import replayed" 'script: end'
expect "the log in the singular" 'imported one\.zip: 1 file, 1 model'
expect "the Firmware step in the singular" '^ +1 file, 1 model'
tm send-keys q
quit_restores "quit from Firmware"

echo "$fails failed"
[ $fails -eq 0 ]
