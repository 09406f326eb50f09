/* Replacements for C library functions glibc 2.36 (Debian 12) lacks. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

#ifndef HAVE_STRLCPY
/* Copy src into dst of size dsize, always NUL-terminated; returns strlen(src). */
size_t
strlcpy(char *dst, const char *src, size_t dsize)
{
	size_t	 len = strlen(src);

	if (dsize != 0) {
		size_t n = len < dsize - 1 ? len : dsize - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return (len);
}
#endif

#ifndef HAVE_REALLOCARRAY
/* realloc(p, n * size) that fails with ENOMEM instead of overflowing. */
void *
reallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return (NULL);
	}
	return (realloc(p, n * size));
}
#endif
