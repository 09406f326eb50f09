# src/site: the site's own DHCP servers (issue 21, site mode): dnsmasq's
# and Kea's lease files parsed into leases; serve's site engine
# (src/host/serve_site.c) watches the file and posts dhcp_lease events.

src_libphonerescue_a_SOURCES += src/site/site_lease.h src/site/site_lease.c \
	src/site/site_follow.h src/site/site_follow.c

UNIT_TESTS += tests/unit/test_site_lease
tests_unit_test_site_lease_SOURCES = tests/unit/test_site_lease.c

FUZZERS += tests/fuzz/fuzz_site_lease
tests_fuzz_fuzz_site_lease_SOURCES = tests/fuzz/fuzz_site_lease.c $(FUZZ_MAIN)
tests_fuzz_fuzz_site_lease_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
# serve --no-dhcp --leases-from with a real dnsmasq and kea-dhcp4 (issue 21).
SHELL_TESTS += tests/net/site-leases.sh
EXTRA_DIST += tests/net/kea_site.py
