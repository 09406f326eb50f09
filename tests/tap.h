/*
 * tap.h: a tiny TAP producer for the unit tests (run under automake's
 * tap-driver.sh).  Header-only; one test program per module.
 *
 *	int main(void) {
 *		plan(3);
 *		ok(x == 1, "x is one");
 *		is_int(f(), 42, "f");
 *		is_str(name, "SEP", "prefix");
 *		if (geteuid() != 0)
 *			skip(2, "not root");	(counts as 2 tests)
 *		return (done_testing());
 *	}
 */
#ifndef TESTS_TAP_H
#define TESTS_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int	 tap_n, tap_failed, tap_planned;

static inline void	 diag(const char *, ...)
			     __attribute__((format(printf, 1, 2), unused));
static inline int	 ok(int, const char *, ...)
			     __attribute__((format(printf, 2, 3), unused));

static inline void
plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

static inline void
diag(const char *fmt, ...)
{
	va_list	 ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static inline int
ok(int cond, const char *fmt, ...)
{
	va_list	 ap;

	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return (cond);
}

#define is_int(got, want, ...) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	if (!ok(g_ == w_, __VA_ARGS__))					\
		diag("  got %lld, want %lld", g_, w_);			\
} while (0)

/*
 * Out of line, so the compiler's NULL reasoning about got/want does not
 * leak into the format checks of the caller's message arguments.
 */
static int __attribute__((noinline, unused))
tap_streq(const char *g, const char *w)
{
	return (g != NULL && w != NULL ? strcmp(g, w) == 0 : g == w);
}

#define is_str(got, want, ...) do {					\
	const char *g_ = (got), *w_ = (want);				\
	int c_ = tap_streq(g_, w_);					\
	if (!ok(c_, __VA_ARGS__))					\
		diag("  got \"%s\", want \"%s\"", g_ ? g_ : "(null)",	\
		    w_ ? w_ : "(null)");				\
} while (0)

#define is_mem(got, want, n, ...) do {					\
	if (!ok(memcmp((got), (want), (n)) == 0, __VA_ARGS__))		\
		diag("  %zu bytes differ", (size_t)(n));		\
} while (0)

/* N tests not run, each said as TAP's "ok N # SKIP why". */
static inline void __attribute__((unused))
skip(int n, const char *why)
{
	while (n-- > 0) {
		tap_n++;
		printf("ok %d # SKIP %s\n", tap_n, why);
	}
	fflush(stdout);
}

static inline int
done_testing(void)
{
	if (tap_planned == 0) {
		printf("1..%d\n", tap_n);
		tap_planned = tap_n;
	}
	if (tap_n != tap_planned)
		diag("planned %d tests but ran %d", tap_planned, tap_n);
	return (tap_failed != 0 || tap_n != tap_planned);
}

#endif /* TESTS_TAP_H */
