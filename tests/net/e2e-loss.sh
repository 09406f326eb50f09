#!/bin/sh
# e2e-four.sh with impaired phones: each drops 5 % of the DATA packets it
# receives and sends every ACK twice (one of them is also slow); every
# file must still arrive intact.
E2E_IMPAIR="--loss 5 --dup-acks"
export E2E_IMPAIR
exec "${SHELL:-/bin/sh}" "$top_srcdir/tests/net/e2e-four.sh"
