/* Logging to stderr or a file, optionally mirrored onto the event bus. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bus.h"
#include "compat.h"
#include "log.h"

static const char	*log_ident = "phonerescue";
static int		 log_level = LOG_LVL_INFO;
static FILE		*log_file;
static int		 log_bus;
static void		(*log_emergency)(void);

static void	 log_errno(int, int, const char *, va_list)
		     __attribute__((format(printf, 3, 0)));
static void	 log_line(int, const char *, ...)
		     __attribute__((format(printf, 2, 3)));

void
log_init(const char *ident, int level)
{
	if (ident != NULL)
		log_ident = ident;
	log_level = level;
}

int
log_get_level(void)
{
	return (log_level);
}

void
log_set_level(int level)
{
	log_level = level;
}

/* Send messages to path (appended) instead of stderr. */
int
log_open_file(const char *path)
{
	FILE	*f;

	if ((f = fopen(path, "ae")) == NULL)
		return (-1);
	setvbuf(f, NULL, _IOLBF, 0);
	if (log_file != NULL)
		fclose(log_file);
	log_file = f;
	return (0);
}

void
log_to_bus(int on)
{
	log_bus = on;
}

void
log_set_emergency(void (*fn)(void))
{
	log_emergency = fn;
}

const char *
log_level_name(int level)
{
	switch (level) {
	case LOG_LVL_ERROR:
		return ("error");
	case LOG_LVL_WARN:
		return ("warn");
	case LOG_LVL_INFO:
		return ("info");
	default:
		return ("debug");
	}
}

void
log_msg(int level, const char *fmt, va_list ap)
{
	char		 buf[1024];
	FILE		*out = log_file != NULL ? log_file : stderr;

	if (level > log_level)
		return;
	vsnprintf(buf, sizeof buf, fmt, ap);
	if (log_file != NULL) {
		char		 ts[32];
		time_t		 now = time(NULL);
		struct tm	 tm;
		gmtime_r(&now, &tm);
		strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
		fprintf(out, "%s %s: %s\n", ts, log_level_name(level), buf);
	} else
		fprintf(out, "%s: %s\n", log_ident, buf);
	if (log_bus) {
		struct ev	 ev;
		memset(&ev, 0, sizeof ev);
		ev.type = EV_LOG;
		ev.u.log.level = level;
		strlcpy(ev.u.log.text, buf, sizeof ev.u.log.text);
		bus_post(&ev);
	}
}

/* Format fmt, append ": strerror(err)" when err is set, and log it. */
static void
log_errno(int level, int err, const char *fmt, va_list ap)
{
	char	 buf[768];

	vsnprintf(buf, sizeof buf, fmt, ap);
	if (err != 0)
		log_line(level, "%s: %s", buf, strerror(err));
	else
		log_line(level, "%s", buf);
}

static void
log_line(int level, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_msg(level, fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 err = errno;

	va_start(ap, fmt);
	log_errno(LOG_LVL_WARN, err, fmt, ap);
	va_end(ap);
	errno = err;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_msg(LOG_LVL_WARN, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_msg(LOG_LVL_INFO, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	 ap;

	if (log_level < LOG_LVL_DEBUG)
		return;
	va_start(ap, fmt);
	log_msg(LOG_LVL_DEBUG, fmt, ap);
	va_end(ap);
}

/* Restore the terminal, then print and exit: the UI is never left raw. */
static void __attribute__((noreturn, format(printf, 2, 0)))
log_die(int err, const char *fmt, va_list ap)
{
	void	(*fn)(void) = log_emergency;

	log_emergency = NULL;
	if (fn != NULL)
		fn();
	log_bus = 0;
	log_errno(LOG_LVL_ERROR, err, fmt, ap);
	exit(EC_FAIL);
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 err = errno;

	va_start(ap, fmt);
	log_die(err, fmt, ap);
}

void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_die(0, fmt, ap);
}
