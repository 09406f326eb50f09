# src/net: what the interface and privilege layer adds on its own (its
# older sources and tests are still listed in src/dhcp/local.mk).
# Included by the top Makefile.am.

UNIT_TESTS += tests/unit/test_net_watch

SHELL_TESTS += \
	tests/net/iface-many.sh \
	tests/net/link-flap.sh \
	tests/net/serve-lock.sh \
	tests/net/tftp-lo.sh

# The seccomp filter after the drop (libseccomp).
src_libphonerescue_a_SOURCES += src/net/net_sandbox.c src/net/net_sandbox.h
src_libphonerescue_a_CPPFLAGS += $(SECCOMP_CFLAGS)
CORE_LIBS += $(SECCOMP_LIBS)
