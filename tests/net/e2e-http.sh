#!/bin/sh
# End to end, issue 20: a simulated 7970 with --http-first (a 9.x load's
# habit) against `phonerescue serve`, which serves ROOT over HTTP on TCP
# 6970 as well as TFTP.  The phone GETs each file on 6970 first; the files
# ROOT holds come over HTTP (its file lines say proto http, serve's
# tftp_start/tftp_done say "proto":"http"), the ones it lacks (CTL, ITL,
# SEP) get a 404 and then TFTP's error 1; the phone recovers, byte-exact.
. "$top_srcdir/tests/net/e2e-common.sh"
e2e_setup
e2e_serve
LOG=$NETNS_TMP/7970.log
rc=0
e2e_phone "$NS_PHONE" "$IF_PHONE" "$LOG" --model 7970 \
    --mac 00:1b:d4:70:69:70 --http-first || rc=$?
e2e_stop_serve
if [ $rc -ne 0 ]; then
	echo "FAIL: simphone exited $rc"
	e2e_dump "$LOG"
	exit 1
fi
e2e_check --phone "$LOG:ok" --http || { e2e_dump "$LOG"; exit 1; }
