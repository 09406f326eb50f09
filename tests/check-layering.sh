#!/bin/sh
# The dependency rule (DESIGN.md 3.2): src/ never includes curses or ui/;
# (the wizard host alone starts the UI, through ui/ui.h, which is
# curses-free); ui/ never includes pcap, libarchive, libxml2 or an engine's internals.
cd "$top_srcdir" || exit 99
bad=0
hits=$(grep -rnE '#[[:space:]]*include[[:space:]]*[<"]((n?curses|ncursesw/[a-z]+|panel|menu|form)\.h|ui/)' src 2>/dev/null |
    grep -v '^src/host/wizard_host\.c:[0-9]*:#include "ui/ui\.h"$')
if [ -n "$hits" ]; then
	echo "src/ must not include curses or ui/:"; echo "$hits"; bad=1
fi
if [ -d ui ]; then
	hits=$(grep -rnE '#[[:space:]]*include[[:space:]]*[<"]([^">]*_internal\.h|pcap[^">]*|archive[^">]*|libxml/[^">]*)[">]' ui 2>/dev/null)
	if [ -n "$hits" ]; then
		echo "ui/ must see engines only through their public headers:"; echo "$hits"; bad=1
	fi
fi
# Only ui/ may call initscr/endwin.
hits=$(grep -rnE '\b(initscr|endwin|newterm)[[:space:]]*\(' src 2>/dev/null)
if [ -n "$hits" ]; then
	echo "curses calls outside ui/:"; echo "$hits"; bad=1
fi
[ $bad -eq 0 ] && echo "layering ok"
exit $bad
