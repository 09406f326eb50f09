# src/dhcp: the DHCP server that gives phones an address and their TFTP
# server (options 150/66): the wire format, the lease pool, the I/O-free
# server logic (dhcpd.c) and its sockets and safety probe (dhcpd_io.c).

src_libphonerescue_a_SOURCES += \
	src/dhcp/dhcp_wire.c src/dhcp/dhcp_wire.h \
	src/dhcp/dhcp_pool.c src/dhcp/dhcp_pool.h \
	src/dhcp/dhcpd.c src/dhcp/dhcpd.h \
	src/dhcp/dhcpd_io.c src/dhcp/dhcpd_io.h


UNIT_TESTS += \
	tests/unit/test_dhcp_wire \
	tests/unit/test_dhcp_pool \
	tests/unit/test_dhcp_server \
	tests/unit/test_dhcp_abuse

SHELL_TESTS += \
	tests/net/dhcp-udhcpc.sh \
	tests/net/dhcp-clients.sh \
	tests/net/dhcp-safety.sh \
	tests/net/dhcp-address.sh \
	tests/net/dhcp-leases.sh \
	tests/net/dhcp-guard.sh \
	tests/net/dhcp-junk.sh \
	tests/net/privdrop.sh

FUZZERS += tests/fuzz/fuzz_dhcp
tests_fuzz_fuzz_dhcp_SOURCES = tests/fuzz/fuzz_dhcp.c $(FUZZ_MAIN)
tests_fuzz_fuzz_dhcp_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
FUZZERS += tests/fuzz/fuzz_dhcp_leases
tests_fuzz_fuzz_dhcp_leases_SOURCES = tests/fuzz/fuzz_dhcp_leases.c $(FUZZ_MAIN)
tests_fuzz_fuzz_dhcp_leases_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)

EXTRA_DIST += tests/net/dhcp-common.sh tests/net/dhcp_phone.py \
	tests/net/dhcp_junk.py tests/unit/dhcp_testutil.h \
	bench/dhcp.sh bench/dhcp_load.py

# Every test's `serve` keeps its recovery-address state files and DHCP
# leases in the build tree unless it chose a directory itself: never in
# the machine's own LOCALSTATEDIR during make check.
AM_TESTS_ENVIRONMENT += \
	PHONERESCUE_STATE_DIR="$${PHONERESCUE_STATE_DIR:-$(abs_top_builddir)/tests/state}"; \
	export PHONERESCUE_STATE_DIR;
CLEANFILES += tests/state/dhcp.leases tests/state/dhcp.leases.corrupt
