#!/bin/sh
# End to end, `serve --no-sniff` (issue 18.2): the phone tracker runs
# without a capture, on our own engines' lease and TFTP events, and says
# the same as with one: `phone` events through the phases of a 7970's and
# a 7940's recovery, one `recovered` notice each, and every transfer
# named for its phone (the checks are e2e-recovered.sh's, plus these).
RECOVERED_SERVE_ARGS=--no-sniff
. "$top_srcdir/tests/net/e2e-recovered.sh"
