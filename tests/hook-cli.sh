#!/bin/sh
# --on-event on the command line (issue 21): its companions without it, an
# unknown kind, a queue out of range, an empty CMD: exit 2 with one line
# saying which, for serve and the wizard alike.
set -u
: "${PHONERESCUE:?}"
bad=0
check() {	# pattern, args...
	want=$1; shift
	out=$("$PHONERESCUE" "$@" 2>&1 </dev/null >/dev/null)
	rc=$?
	[ $rc -eq 2 ] || { echo "FAIL: $*: exit $rc, want 2"; bad=1; }
	[ "$(printf '%s\n' "$out" | grep -c -- "$want")" -eq 1 ] ||
	    { echo "FAIL: $*: said $out"; bad=1; }
}
for cmd in serve wizard; do
	check 'go with --on-event' $cmd -i lo --on-event-kinds phone
	check 'go with --on-event' $cmd -i lo --on-event-queue 5
	check 'no event kind bogus' $cmd -i lo --on-event /bin/true \
	    --on-event-kinds phone,bogus
	check 'no event kind log' $cmd -i lo --on-event /bin/true \
	    --on-event-kinds log
	check '--on-event-queue: 1 to 100000' $cmd -i lo --on-event /bin/true \
	    --on-event-queue 0
	check '--on-event: a program' $cmd -i lo --on-event ''
done
[ $bad -eq 0 ] && echo "--on-event CLI ok"
exit $bad
