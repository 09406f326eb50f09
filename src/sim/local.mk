# src/sim: the simulated Cisco phone (wire builders, I/O-free logic, loop
# I/O), the simphone and demo commands, its unit tests and the end-to-end
# tests over network namespaces.

src_libphonerescue_a_SOURCES += \
	src/sim/sim_wire.c src/sim/sim_wire.h \
	src/sim/sim_phone.c src/sim/sim_phone.h \
	src/sim/sim_io.c src/sim/sim_io.h

phonerescue_SOURCES += src/cmd/cmd_simphone.c

UNIT_TESTS += tests/unit/test_sim_wire tests/unit/test_sim_phone
