# src/flow: the wizard's flow machine, headless: steps, commands, the
# rows the screens draw, and the --script reader.  Part of the engine
# library; it reaches the engines only through the host's ops.

src_libphonerescue_a_SOURCES += \
	src/flow/wizard.c src/flow/wizard.h \
	src/flow/wizard_script.c

UNIT_TESTS += tests/unit/test_flow
# The catalogue it shows is read by the host (src/host/wizard_import.c).
tests_unit_test_flow_SOURCES = tests/unit/test_flow.c src/host/wizard_import.c
