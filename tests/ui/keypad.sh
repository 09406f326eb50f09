#!/bin/sh
# Issue 16, "say what the seeds say at the keypad": the hold-# cue, the
# 7970's full cycle, do-not-unplug and the mistyped digit; the two codes
# as two paths, each with its own patience and escalation on the fake
# clock; no hold-# cue where there is none (7902/7905/7912); 69xx steps
# numbered without gaps and no format code; no link said so; a model
# chosen by typing, and preselected from the phone seen.
command -v tmux >/dev/null 2>&1 || { echo "tmux is a test dependency"; exit 99; }
. "${top_srcdir:?}/tests/ui/lib.sh"
R=/nonexistent/tftp

# keypad_script FILE CARRIER MODEL [ENTRIES...]: on the keypad step.
keypad_script() {
	f=$1 carrier=$2 model=$3; shift 3
	{
		echo "iface pr0 carrier=$carrier addr=198.18.0.1/24"
		echo "at 0 cmd pick pr0"
		echo "at 0 cmd goto keypad"
		echo "at 0 cmd model $model"
		for e in "$@"; do echo "$e"; done
	} > "$TM_OUT/$f"
}
run() {	# run FILE: the wizard on it, replayed to its end
	tm_start 80 24 -- wizard --script "$TM_OUT/$1" -r $R
	expect "$1 replayed" 'script: end'
}
absent() {	# absent DESC PATTERN
	if tm_capture | grep -qE -- "$2"; then fail "$1"; else ok "$1"; fi
}

keypad_script k7970 1 7970
run k7970
expect "holding # can take a minute or more" 'keep holding # \(a minute or more\)'
expect "the 7970 waits one full cycle of the lamps" 'finish one full cycle before typing'
expect "a mistyped digit is said" 'A wrong digit just restarts it unflashed'
expect "two codes, each with its key" '3491672850\*# +flash format: when the reset is not enough \(f\)'
keys "the 60 s window" 'Type it now: 1:00 left' g
expect "both keys offered" 'Press t once 123456789\*0# is typed, f once the format code is'
keys "the reset typed: its own text" 'Typed 0:00 ago \(factory reset 123456789\*0#\): it restarts' t
expect "do not unplug" 'Do not unplug or power off the phone until it is back up'
absent "no black-screen wait for the reset" '5\+ minutes'
tm send-keys q

# after MODEL CODE MS PATTERN: MS after the code (typed at 2 s), the
# keypad screen shows PATTERN (the fake clock: no waiting).
after() {
	f=$1-$2-$3
	keypad_script "$f" 1 "$1" "at 1000 cmd keypad-go" \
	    "at 2000 cmd keypad-typed $2" "at $(($3 + 2000)) cmd model $1"
	run "$f"
	expect "$1, $2 code, $(($3 / 1000)) s after: $4" "$4"
	[ "$2" = format ] && expect "format header" \
	    'Typed .* \(flash format 3491672850\*#\): it looks dead for 5\+ minutes'
	tm send-keys q
}
# The reset's timeline: patience, then check the link, then start again.
after 7970 reset 30000 'within a minute'
after 7970 reset 180000 'No sign of the phone yet: check the'
after 7970 reset 420000 'Still no sign: the code did not take'
# A 7941's bootloader is slow: still patient at 3 minutes.
after 7941 reset 180000 'within a minute or two'
# The format's timeline: 5+ minutes dead is normal, an hour or two is
# reported; then check the link; after two hours unplugging is safe.
after 7962 format 300000 'field reports say up'
after 7962 format 660000 'A format can take an hour or more'
after 7962 format 7260000 'Unplugging is safe now'

# No link on the serving interface: said, whatever the time.
keypad_script nolink 0 7970 "at 1000 cmd keypad-go" "at 2000 cmd keypad-typed"
run nolink
expect "no carrier is said" 'No link on pr0: the cable is out, or'
tm send-keys q

# 7902/7905/7912: no hold-# procedure, so no cue for it.
for m in 7902 7905 7912; do
	keypad_script "k$m" 1 "$m"
	run "k$m"
	expect "$m: the menu reset" 'No power-on key sequence'
	absent "$m: no hold-# cue" 'let go of #|Hold #'
	tm send-keys q
done

# 69xx: steps numbered without gaps, no format code anywhere.
keypad_script k6941 1 6941
run k6941
expect "6941 step 1" '^ 1\. Unplug'
expect "6941 step 2" '^ 2\. Hold #'
expect "6941 step 3 is the code" '^ 3\. Type 123456789\*0#'
absent "6941: no gap, no '- for a full format'" '^ 4\.|or - for|3491672850'
keys "6941: f is refused in words" 'the 6941 has no flash-format code' f
tm send-keys q

# Type to choose the model; a phone seen preselects its own.
keypad_script choose 1 7970
run choose
keys "m opens the model field" 'Model: _' m
keys "typing narrows the list" '7942 7945|7941 7941-GE' 79 4
keys "Enter takes the exact match" 'Recover a Cisco 7942' 2 Enter
tm send-keys q
keypad_script seen 1 7970
sed -i 's/^at 0 cmd model 7970$//' "$TM_OUT/seen"
echo "at 500 phone mac=00:1e:4a:11:22:33 model=7965 via=lldp phase=requesting-ip" >> "$TM_OUT/seen"
run seen
expect "the phone seen chooses the model" 'Recover a Cisco 7965'
expect "and says so" 'the phone seen, 00:1e:4a:11:22:33, reports this model'
tm send-keys q y
quit_restores "quit"

echo "$fails failed"
[ $fails -eq 0 ]
