/*
 * log.h: diagnostics for people, OpenBSD log.h style.
 *
 * log_warn/log_info/log_debug never exit.  fatal() adds strerror(errno),
 * fatalx() does not; both restore the terminal first (the UI registers
 * log_set_emergency()) and exit with EC_FAIL.  Messages go to stderr, or to
 * a file after log_open_file().  With log_to_bus(1) every message at or
 * above the level is also posted as an EV_LOG event for the log pane.
 */
#ifndef CORE_LOG_H
#define CORE_LOG_H

#include <stdarg.h>

/* Exit codes of the program (dnsmasq's EC_* idea). */
enum exit_code {
	EC_OK = 0,		/* clean stop */
	EC_FAIL = 1,		/* start-up failure, with a one-line reason */
	EC_USAGE = 2,		/* bad arguments */
};

enum log_level {
	LOG_LVL_ERROR = 0,
	LOG_LVL_WARN,
	LOG_LVL_INFO,
	LOG_LVL_DEBUG,
};

void	 log_init(const char *, int);
int	 log_get_level(void);
void	 log_set_level(int);
int	 log_open_file(const char *);
void	 log_to_bus(int);
void	 log_set_emergency(void (*)(void));
const char *log_level_name(int);

void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_msg(int, const char *, va_list) __attribute__((format(printf, 2, 0)));
void	 fatal(const char *, ...)
	     __attribute__((format(printf, 1, 2), noreturn));
void	 fatalx(const char *, ...)
	     __attribute__((format(printf, 1, 2), noreturn));

#endif /* CORE_LOG_H */
