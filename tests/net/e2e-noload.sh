#!/bin/sh
# End to end, a phone nothing in ROOT can serve: a 7961 against the demo
# bundle (7970/7971 and 7942/7962 loads only).  It asks for
# term61.default.loads, gets error 1, and fails; the server's events name
# the file it wanted and say that nothing in ROOT serves its model.
. "$top_srcdir/tests/net/e2e-common.sh"
e2e_setup
e2e_serve
rc=0
e2e_phone "$NS_PHONE" "$IF_PHONE" "$NETNS_TMP/7961.log" --model 7961 \
    --mac 00:1b:d4:61:61:01 --timeout 20 || rc=$?
e2e_stop_serve
if [ $rc -ne 1 ]; then
	echo "FAIL: simphone exited $rc, want 1"
	e2e_dump "$NETNS_TMP/7961.log"
	exit 1
fi
e2e_check --phone "$NETNS_TMP/7961.log:fail" --noload || {
	e2e_dump "$NETNS_TMP/7961.log"; exit 1; }
