# src/sim: the simulated Cisco phone `simphone` and the demo run against:
# wire builders, the I/O-free boot logic, loop I/O; its unit tests and
# the end-to-end tests over network namespaces.

src_libphonerescue_a_SOURCES += \
	src/sim/sim_wire.c src/sim/sim_wire.h \
	src/sim/sim_phone.c src/sim/sim_phone.h \
	src/sim/sim_report.c src/sim/sim_report.h \
	src/sim/sim_io.c src/sim/sim_io.h

UNIT_TESTS += tests/unit/test_sim_wire tests/unit/test_sim_phone \
	tests/unit/test_sim_report

SHELL_TESTS += tests/net/vlan.sh
SHELL_TESTS += tests/net/e2e-7970.sh tests/net/e2e-four.sh \
	tests/net/e2e-loss.sh tests/net/e2e-noload.sh tests/net/e2e-7940.sh \
	tests/net/e2e-demo.sh tests/net/e2e-demo-wizard.sh \
	tests/net/e2e-demo-fail.sh tests/net/e2e-http.sh
EXTRA_DIST += tests/net/e2e-common.sh tests/net/e2e-check.py

FUZZERS += tests/fuzz/fuzz_sim
tests_fuzz_fuzz_sim_SOURCES = tests/fuzz/fuzz_sim.c $(FUZZ_MAIN)
tests_fuzz_fuzz_sim_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
