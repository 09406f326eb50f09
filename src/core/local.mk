# src/core: what every part stands on: the loop, the event bus and its
# events, logging, the confined opener, the hook runner, small utilities.

src_libphonerescue_a_SOURCES += \
		src/core/afile.c src/core/afile.h \
	src/core/beneath.c src/core/beneath.h \
	src/core/bus.c src/core/bus.h \
	src/core/clock.c src/core/clock.h \
	src/core/compat.c \
	src/core/ev.h src/core/ev_format.c \
	src/core/hook.c src/core/hook.h \
	src/core/log.c src/core/log.h \
	src/core/loop.c src/core/loop.h \
	src/core/rd.h \
	src/core/sbuf.c src/core/sbuf.h \
	src/core/sink.c src/core/sink.h \
	src/core/tunables.h \
	src/core/util.c src/core/util.h \
	src/core/xmalloc.c src/core/xmalloc.h
