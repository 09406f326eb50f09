/*
 * sbuf.h: a growable string buffer for start-up, UI and printing paths
 * (it allocates with the x-allocators, so not for per-packet use).
 */
#ifndef CORE_SBUF_H
#define CORE_SBUF_H

#include <stddef.h>

struct sbuf {
	char	*buf;		/* always NUL-terminated once anything was added */
	size_t	 len, cap;
};

void	 sbuf_init(struct sbuf *);
void	 sbuf_free(struct sbuf *);
void	 sbuf_reset(struct sbuf *);
void	 sbuf_add(struct sbuf *, const char *, size_t);
void	 sbuf_adds(struct sbuf *, const char *);
void	 sbuf_addc(struct sbuf *, char);
void	 sbuf_addf(struct sbuf *, const char *, ...)
	     __attribute__((format(printf, 2, 3)));
/* Append s as the inside of a JSON string: escapes, and U+FFFD for bad UTF-8. */
void	 sbuf_add_json(struct sbuf *, const char *, size_t);
/* Append s for a terminal line: quoted and \-escaped when it needs to be. */
void	 sbuf_add_text(struct sbuf *, const char *, size_t);
const char *sbuf_str(const struct sbuf *);

#endif /* CORE_SBUF_H */
