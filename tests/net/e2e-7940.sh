#!/bin/sh
# End to end, the 7940's own path (universal application loader): the
# config hunt (OS79XX.TXT, CTLSEP, SEP<MAC>.cnf.xml, SIP<MAC>.cnf,
# XMLDefault.cnf.xml, SEPDefault.cnf), the load XMLDefault names for
# device type 8 (P0S3-8-12-00.loads from the legacy demo bundle), then one
# image per boot: P003-8-12-00.sbn, reboot, P0S3-8-12-00.sb2, reboot, and
# the SIP configuration files.  Every image arrives byte-identical.
. "$top_srcdir/tests/net/e2e-common.sh"
e2e_setup
e2e_serve
rc=0
log=$NETNS_TMP/7940.log
e2e_phone "$NS_PHONE" "$IF_PHONE" "$log" --model 7940 \
    --mac 00:1b:d4:40:40:01 || rc=$?
e2e_stop_serve
if [ $rc -ne 0 ]; then
	echo "FAIL: simphone exited $rc"
	e2e_dump "$log"
	exit 1
fi
# The images in order, a reboot after each.
seq=$(sed -n 's/.*"sim":"\(rrq\|reboot\)".*"file":"\([^"]*\.sb[n2]\)".*/\2/p;
    s/.*"sim":"reboot".*/reboot/p' "$log" | tr '\n' ' ')
want="P003-8-12-00.sbn reboot P0S3-8-12-00.sb2 reboot "
if [ "$seq" != "$want" ]; then
	echo "FAIL: images and reboots: '$seq', want '$want'"
	e2e_dump "$log"
	exit 1
fi
echo "ok: 7940 images and reboots: $seq"
e2e_check --phone "$log:ok" || { e2e_dump "$log"; exit 1; }
