# src/dhcp: file lists for this engine (sources, tests, fuzzers, data).
# Included by the top Makefile.am; see tests/local.mk for the test variables.
