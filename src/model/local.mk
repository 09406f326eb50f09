# src/model: what phonerescue knows of each phone model (the table compiled
# from data/models.tsv: term file, load prefixes, reset codes, lamps)
# and of every Cisco device type number (devtype.c).

src_libphonerescue_a_SOURCES += src/model/model.c src/model/model.h
nodist_src_libphonerescue_a_SOURCES = src/model/models_table.inc
BUILT_SOURCES = src/model/models_table.inc
CLEANFILES = src/model/models_table.inc

src/model/models_table.inc: $(top_srcdir)/data/models.tsv $(top_srcdir)/src/model/gen.awk
	$(AM_V_GEN)$(MKDIR_P) src/model && \
	$(AWK) -f $(top_srcdir)/src/model/gen.awk $(top_srcdir)/data/models.tsv > $@.tmp && \
	mv $@.tmp $@

# BUILT_SOURCES only covers all/check: say it for single-target builds too.
src/model/libphonerescue_a-model.$(OBJEXT): src/model/models_table.inc

dist_pkgdata_DATA += data/models.tsv
EXTRA_DIST += src/model/gen.awk
UNIT_TESTS += tests/unit/test_model

# Cisco device types in real configs (h-cfg): a table apart from models.tsv.
src_libphonerescue_a_SOURCES += src/model/devtype.c src/model/devtype.h

# The Cisco file-name table (h-track): the tracker, wizard, simulator and
# catalogue recognise requested names through it.
src_libphonerescue_a_SOURCES += src/model/cisco_file.c src/model/cisco_file.h
