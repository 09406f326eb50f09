# src/fw: firmware: the signed-file and .loads formats (sgn, loads), the
# digests and known Cisco bundles (fw_hash), the safe importer (fw_import),
# the catalogue of what ROOT serves each model (fw_catalog), the synthetic
# demo bundles (fw_demo).

src_libphonerescue_a_SOURCES += \
	src/fw/sgn.c src/fw/sgn.h \
	src/fw/loads.c src/fw/loads.h \
	src/fw/fw_hash.c src/fw/fw_hash.h \
	src/fw/fw_catalog.c src/fw/fw_catalog.h \
	src/fw/fw_import.c src/fw/fw_import.h \
	src/fw/fw_demo.c \
	src/fw/plan.c src/fw/plan.h

dist_pkgdata_DATA += data/known-bundles.tsv
# The known-bundle table is compiled in too (issue 14): found from the
# build tree and from any prefix; --known-bundles FILE still reads one.
nodist_src_libphonerescue_a_SOURCES += src/fw/known_table.inc
BUILT_SOURCES += src/fw/known_table.inc
CLEANFILES += src/fw/known_table.inc
EXTRA_DIST += src/fw/known_gen.awk
src/fw/known_table.inc: $(top_srcdir)/data/known-bundles.tsv $(top_srcdir)/src/fw/known_gen.awk
	$(AM_V_GEN)$(MKDIR_P) src/fw && \
	$(AWK) -f $(top_srcdir)/src/fw/known_gen.awk $(top_srcdir)/data/known-bundles.tsv > $@.tmp && \
	mv $@.tmp $@
src/fw/libphonerescue_a-fw_hash.$(OBJEXT): src/fw/known_table.inc


# Tests: unit (TAP), the import/config shell test, fuzzers with corpora.
UNIT_TESTS += tests/unit/test_sgn tests/unit/test_loads tests/unit/test_plan \
	tests/unit/test_fw_catalog tests/unit/test_fw_hash tests/unit/test_cfg
tests_unit_test_cfg_CPPFLAGS = $(AM_CPPFLAGS) $(XML_CFLAGS)
EXTRA_DIST += tests/unit/fw_testutil.h tests/data/real-loads tests/data/cfg
SHELL_TESTS += tests/fw/import.sh tests/fw/import-real.sh tests/fw/real-loads.sh \
	tests/fw/plan.sh
EXTRA_DIST += tests/fw/mkreal.py tests/fw/mkreal.sh
EXTRA_DIST += tests/fw/hostile.py tests/data/fw bench/fw_import.sh

FUZZERS += tests/fuzz/fuzz_sgn tests/fuzz/fuzz_loads tests/fuzz/fuzz_cfglint \
	tests/fuzz/fuzz_fw_names tests/fuzz/fuzz_fw_archive tests/fuzz/fuzz_plan
tests_fuzz_fuzz_plan_SOURCES = tests/fuzz/fuzz_plan.c $(FUZZ_MAIN)
tests_fuzz_fuzz_plan_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_sgn_SOURCES = tests/fuzz/fuzz_sgn.c $(FUZZ_MAIN)
tests_fuzz_fuzz_sgn_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_loads_SOURCES = tests/fuzz/fuzz_loads.c $(FUZZ_MAIN)
tests_fuzz_fuzz_loads_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_cfglint_SOURCES = tests/fuzz/fuzz_cfglint.c $(FUZZ_MAIN)
tests_fuzz_fuzz_cfglint_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_fw_names_SOURCES = tests/fuzz/fuzz_fw_names.c $(FUZZ_MAIN)
tests_fuzz_fuzz_fw_names_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_fw_archive_SOURCES = tests/fuzz/fuzz_fw_archive.c $(FUZZ_MAIN)
tests_fuzz_fuzz_fw_archive_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)

# Import integrity: damaged/cut bundles, roll-back, bombs, links, signals.
SHELL_TESTS += tests/fw/integrity.sh tests/fw/import-serve.sh \
	tests/fw/import-folders.sh
EXTRA_DIST += tests/fw/damage.py
