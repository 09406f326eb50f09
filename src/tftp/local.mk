# src/tftp: the TFTP server phones fetch their files from: the wire format,
# the I/O-free transfer session, the confined file opener (tftp_files.c),
# the socket layer (tftpd.c) and its worker threads (tftpd_group.c).

src_libphonerescue_a_SOURCES += \
	src/tftp/tftp_wire.c src/tftp/tftp_wire.h \
	src/tftp/tftp_session.c src/tftp/tftp_session.h \
	src/tftp/tftp_files.c src/tftp/tftp_files.h \
	src/tftp/tftpd.c src/tftp/tftpd.h src/tftp/tftpd_group.c

UNIT_TESTS += \
	tests/unit/test_tftp_wire \
	tests/unit/test_tftp_session \
	tests/unit/test_tftp_files \
	tests/unit/test_tftpd \
	tests/unit/test_tftpd_group

SHELL_TESTS += \
	tests/net/tftp-interop.sh \
	tests/net/tftp-traversal.sh \
	tests/net/tftp-loss.sh \
	tests/net/serve-signals.sh \
	tests/net/tftp-limits.sh \
	tests/net/serve-ports.sh

EXTRA_DIST += tests/lib/udprelay.py tests/lib/tftp-common.sh bench/run.sh bench/tftp.sh bench/tftp_ceiling.c

FUZZERS += tests/fuzz/fuzz_tftp
tests_fuzz_fuzz_tftp_SOURCES = tests/fuzz/fuzz_tftp.c $(FUZZ_MAIN)
tests_fuzz_fuzz_tftp_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
