# Fuzz targets: libFuzzer binaries with --enable-fuzzing (CC=clang);
# otherwise linked with onefile.c into replay programs that tests/fuzz/
# replay.sh runs over corpus/<target>/ and crashes/<target>/ in make check.
# Engine fragments add: FUZZERS += tests/fuzz/fuzz_X, and
#   tests_fuzz_fuzz_X_SOURCES = tests/fuzz/fuzz_X.c $(FUZZ_MAIN)
#   tests_fuzz_fuzz_X_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)

if ENABLE_FUZZING
FUZZ_MAIN =
FUZZ_LINK = -fsanitize=fuzzer
else
FUZZ_MAIN = tests/fuzz/onefile.c
FUZZ_LINK =
endif

FUZZERS = tests/fuzz/fuzz_json
tests_fuzz_fuzz_json_SOURCES = tests/fuzz/fuzz_json.c $(FUZZ_MAIN)
tests_fuzz_fuzz_json_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)

check_PROGRAMS += $(FUZZERS)
SHELL_TESTS += tests/fuzz/replay.sh
EXTRA_DIST += tests/fuzz/onefile.c tests/fuzz/corpus tests/fuzz/crashes
EXTRA_DIST += FUZZING.md
