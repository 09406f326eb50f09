# Tests: unit tests (TAP, tap-driver.sh) and shell tests (exit status:
# 0 pass, 77 skip, 99 hard error, anything else fail).  Engine fragments
# add to UNIT_TESTS, SHELL_TESTS and EXTRA_DIST.

# What each tests/ folder holds: its README (or its main script's head).
EXTRA_DIST += tests/unit/README tests/net/README tests/cfg/README \
	tests/fw/README tests/data/README tests/lib/README

TEST_EXTENSIONS = .sh
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
SH_LOG_COMPILER = $(SHELL)
# DBUS_SYSTEM_BUS_ADDRESS: no test reaches the machine's own system bus
# (serve asks it about NetworkManager); nm-takeover.sh brings its own.
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; top_builddir='$(abs_top_builddir)'; \
	PHONERESCUE='$(abs_top_builddir)/phonerescue'; \
	SHARED_DIR='$(abs_top_srcdir)/../shared'; \
	export top_srcdir top_builddir PHONERESCUE SHARED_DIR; \
	DBUS_SYSTEM_BUS_ADDRESS=unix:path=/nonexistent/phonerescue-tests-use-no-host-bus; \
	export DBUS_SYSTEM_BUS_ADDRESS;

LDADD = $(CORE_LIBS)

UNIT_TESTS = \
	tests/unit/test_loop \
	tests/unit/test_bus \
	tests/unit/test_sink \
	tests/unit/test_util \
	tests/unit/test_hook
SHELL_TESTS = \
	tests/check-layering.sh \
	tests/check-funclen.sh \
	tests/cli.sh \
	tests/dist-install.sh \
	tests/net/netns-selftest.sh

check_PROGRAMS = $(UNIT_TESTS)
TESTS = $(UNIT_TESTS) $(SHELL_TESTS)

EXTRA_DIST += tests/tap.h tests/lib/netns.sh tests/lib/summary.sh $(SHELL_TESTS)

# --on-event hooks (issue 21): serve end to end with a simulated phone,
# the wizard with a scripted one.
SHELL_TESTS += tests/net/e2e-hook.sh tests/ui/hook.sh tests/hook-cli.sh

# --max-flashing (issue 21): three phones, one load at a time.
SHELL_TESTS += tests/net/e2e-max-flashing.sh

# The soak (issue 9) keeps both cores busy for about three minutes: it
# starts after every other test, so it cannot stretch their waits.
SHELL_TESTS += tests/net/soak.sh
EXTRA_DIST += tests/lib/junk.py
tests/net/soak.log: $(filter-out tests/net/soak.log,$(TEST_LOGS))

# The typed event schema (issue 18.3): golden lines, the shared recorder.
EXTRA_DIST += tests/unit/sink_golden.h tests/lib/evrec.h
