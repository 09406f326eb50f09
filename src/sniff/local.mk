# src/sniff: the sniffer: capture (libpcap, sniff.c) and the dissectors
# (CDP, LLDP, DHCP, ARP, TFTP) whose frames it hands to the phone tracker
# (src/track), which works out who each phone is and where it stands.

src_libphonerescue_a_SOURCES += \
	src/sniff/dissect.c src/sniff/dissect.h \
	src/sniff/dissect_cdp.c src/sniff/dissect_lldp.c \
	src/sniff/dissect_dhcp.c src/sniff/dissect_arp.c \
	src/sniff/dissect_tftp.c \
	src/sniff/sniff.c src/sniff/sniff.h

UNIT_TESTS += tests/unit/test_dissect

SHELL_TESTS += tests/pcap/run.sh tests/net/sniff-live.sh tests/net/sniff-serve.sh
EXTRA_DIST += tests/pcap/TESTLIST tests/pcap/gen.py tests/pcap/expected \
	tests/pcap/root tests/net/sniff-send.py

FUZZERS += tests/fuzz/fuzz_dissect
tests_fuzz_fuzz_dissect_SOURCES = tests/fuzz/fuzz_dissect.c $(FUZZ_MAIN)
tests_fuzz_fuzz_dissect_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
EXTRA_DIST += tests/fuzz/fuzz_dissect.dict
