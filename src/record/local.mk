# src/record: the session record (issue 21).  Every phone a session sees,
# kept on disk while serving (record.c, a bus sink the host starts in
# src/host/serve_record.c), read back and merged by MAC across sessions
# (record_read.c), and printed as text, CSV or JSON (record_print.c) for
# `phonerescue report` and the wizard.

src_libphonerescue_a_SOURCES += \
	src/record/record.c src/record/record.h src/record/record_int.h \
	src/record/record_read.c src/record/record_print.c

UNIT_TESTS += tests/unit/test_record

# serve + a simulated 7970: back up in the record; serve killed mid-flash:
# the session still read, the phone still going, seen before.
SHELL_TESTS += tests/net/e2e-record.sh

# The wizard's bench: counts, d folds the done phones, the record's path
# at quit (ui/scr_live.c, src/host/wizard_host.c).
SHELL_TESTS += tests/ui/bench.sh
# A --script wizard records its session in the build tree's state directory.
CLEANFILES += tests/state/sessions/*.rec
