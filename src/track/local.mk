# src/track: the phone tracker.  Who each phone is and where it stands,
# from dissected frames (when the sniffer runs) and from our own engines'
# events (leases, TFTP and HTTP transfers); the only producer of `phone`
# events and of phone notices.  phase.c holds the phase rules, phones.c
# the table, tracker.c wires it to the bus, the loop and the TFTP root.

src_libphonerescue_a_SOURCES += \
	src/track/phase.c src/track/phase.h \
	src/track/phone_plan.c src/track/phone_plan.h \
	src/track/track_plan.c src/track/track_plan.h \
	src/track/phones.c src/track/phones.h \
	src/track/tracker.c src/track/tracker.h

UNIT_TESTS += tests/unit/test_phones tests/unit/test_tracker_plan

# A phone's recovery told end to end, with the sniffer and without it.
SHELL_TESTS += tests/net/e2e-recovered.sh tests/net/e2e-recovered-nosniff.sh
# Issue 20: per-phone upgrade plans, end to end.
SHELL_TESTS += tests/net/e2e-plan.sh tests/net/e2e-trust.sh \
	tests/net/e2e-plan-bench.sh tests/net/e2e-plan-legacy.sh \
	tests/net/e2e-plan-import.sh
