/*
 * compat/compat.h: declarations for functions the C library may lack.
 * The definitions live in src/core/compat.c and are compiled only when
 * configure did not find the function (HAVE_* from config.h).
 */
#ifndef COMPAT_COMPAT_H
#define COMPAT_COMPAT_H

#include <stddef.h>

#ifndef HAVE_STRLCPY
size_t	 strlcpy(char *, const char *, size_t);
#endif
#ifndef HAVE_REALLOCARRAY
void	*reallocarray(void *, size_t, size_t);
#endif

#endif /* COMPAT_COMPAT_H */
