# src/export: configuration for a site's own dnsmasq or Kea (phonerescue
# export), and the man page's consistency test.

src_libphonerescue_a_SOURCES += src/export/export.c src/export/export.h

UNIT_TESTS += tests/unit/test_export
SHELL_TESTS += tests/man.sh tests/net/export-dnsmasq.sh tests/net/export-kea.sh
