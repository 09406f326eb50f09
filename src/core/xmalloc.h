/*
 * xmalloc.h: allocators for start-up and UI paths that die on exhaustion,
 * reject zero sizes and check multiplication overflow (tmux).  Per-packet
 * paths must not use these: they call calloc and drop the packet instead.
 */
#ifndef CORE_XMALLOC_H
#define CORE_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	     __attribute__((format(printf, 2, 3)));

#endif /* CORE_XMALLOC_H */
