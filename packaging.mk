# Packaging and versioning (issue 22): the commit `phonerescue version`
# names, the bash completion, the systemd unit for a site's TFTP host,
# NEWS, and debian/ (distributed, so the release tarball builds the same
# package as a git checkout: tests/deb.sh builds both).

# pr_commit.h: PR_COMMIT is the commit HEAD names (12 digits, "-dirty"
# when tracked files differ from it) when top_srcdir is itself the top of
# a git checkout, else "" (a tarball, also one unpacked inside another
# repository, as `make distcheck` does).  Rewritten only when it changes,
# so an unchanged tree recompiles nothing.
BUILT_SOURCES += pr_commit.h
nodist_phonerescue_SOURCES = pr_commit.h
CLEANFILES += pr_commit.h pr_commit.h.tmp
pr_commit.h: pr-commit-force
	$(AM_V_at)c=; s=$(top_srcdir); \
	if t=`git -C "$$s" rev-parse --show-toplevel 2>/dev/null` && \
	    test "`cd "$$t" && pwd -P`" = "`cd "$$s" && pwd -P`"; then \
		c=`git -C "$$s" rev-parse --short=12 HEAD 2>/dev/null` || c=; \
		if test -n "$$c" && test -n "`git -C "$$s" status --porcelain \
		    --untracked-files=no 2>/dev/null`"; then c=$$c-dirty; fi; \
	fi; \
	printf '#define PR_COMMIT "%s"\n' "$$c" >$@.tmp && \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi
.PHONY: pr-commit-force
pr-commit-force:
# BUILT_SOURCES only covers all/check: say it for single-target builds too.
src/cmd/phonerescue-commands.$(OBJEXT): pr_commit.h

# Bash completion, where bash-completion looks for it under this prefix.
bashcompletiondir = $(datadir)/bash-completion/completions
dist_bashcompletion_DATA = data/bash-completion/phonerescue

# The systemd unit template, with this build's paths.  Debian 12 keeps
# units in /lib/systemd/system: debian/rules sets systemdunitdir.
systemdunitdir = $(prefix)/lib/systemd/system
systemdunit_DATA = phonerescue-serve@.service
CLEANFILES += phonerescue-serve@.service
phonerescue-serve@.service: $(top_srcdir)/data/phonerescue-serve.service.in Makefile
	$(AM_V_GEN)sed -e 's|@bindir[@]|$(bindir)|g' \
	    -e 's|@sysconfdir[@]|$(sysconfdir)|g' \
	    $(top_srcdir)/data/phonerescue-serve.service.in >$@.tmp && mv -f $@.tmp $@

EXTRA_DIST += NEWS data/phonerescue-serve.service.in \
	debian/changelog debian/control debian/copyright debian/rules \
	debian/source/format debian/phonerescue.default \
	debian/phonerescue.docs debian/phonerescue.postrm

SHELL_TESTS += tests/version.sh tests/completion.sh tests/deb.sh
