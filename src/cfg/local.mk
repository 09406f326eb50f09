# src/cfg: the configuration files phones read: the generator (cfgxml),
# the linter and its vocabulary, bulk SEP files from a CSV.

src_libphonerescue_a_SOURCES += \
	src/cfg/cfgxml.c src/cfg/cfgxml.h \
	src/cfg/cfglint.c src/cfg/cfglint.h \
	src/cfg/cfgvocab.c src/cfg/cfgvocab.h

UNIT_TESTS += tests/unit/test_cfglint
tests_unit_test_cfglint_CPPFLAGS = $(AM_CPPFLAGS) $(XML_CFLAGS)
SHELL_TESTS += tests/cfg/real-configs.sh
SHELL_TESTS += tests/cfg/lint-cli.sh

# Bulk SEP files from a CSV (issue 21): the reader and its tests.
src_libphonerescue_a_SOURCES += src/cfg/cfgcsv.c src/cfg/cfgcsv.h \
	src/cfg/cfgxml_internal.h
UNIT_TESTS += tests/unit/test_cfgcsv
tests_unit_test_cfgcsv_CPPFLAGS = $(AM_CPPFLAGS) $(XML_CFLAGS)
SHELL_TESTS += tests/cfg/gen-csv.sh tests/cfg/gen-legacy.sh
FUZZERS += tests/fuzz/fuzz_cfgcsv
tests_fuzz_fuzz_cfgcsv_SOURCES = tests/fuzz/fuzz_cfgcsv.c $(FUZZ_MAIN)
tests_fuzz_fuzz_cfgcsv_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
