#!/bin/sh
# End to end, one phone: the synthetic bundle imported into ROOT,
# `phonerescue serve` (DHCP, TFTP, sniffer) on one side of a veth pair and
# a simulated 7970 after a factory reset on the other.  Every file arrives
# byte-identical; the server's events show the phone (model, MAC), its
# lease, a tftp_done per file, error 1 for CTL/ITL/SEP, and its phases from
# link-up through flashing and the reboot to the configuration hunt.
. "$top_srcdir/tests/net/e2e-common.sh"
e2e_setup
e2e_serve
rc=0
e2e_phone "$NS_PHONE" "$IF_PHONE" "$NETNS_TMP/7970.log" --model 7970 \
    --mac 00:1b:d4:70:70:01 || rc=$?
e2e_stop_serve
if [ $rc -ne 0 ]; then
	echo "FAIL: simphone exited $rc"
	e2e_dump "$NETNS_TMP/7970.log"
	exit 1
fi
e2e_check --phone "$NETNS_TMP/7970.log:ok" --phases || {
	e2e_dump "$NETNS_TMP/7970.log"; exit 1; }
