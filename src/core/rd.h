/*
 * rd.h: bounded, sticky-error byte readers and writers for every wire
 * parser and builder.  After the first overrun every read returns 0 (or
 * NULL) and every write is dropped; callers check ->err once at the end
 * instead of after each field (tcpdump's GET_* discipline without longjmp).
 *
 *	struct rd r;
 *	rd_init(&r, pkt, len);
 *	op = rd_be16(&r);
 *	name = rd_bytes(&r, n);
 *	if (r.err) goto malformed;
 */
#ifndef CORE_RD_H
#define CORE_RD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct rd {
	const uint8_t	*p, *end;
	int		 err;
};

struct wr {
	uint8_t		*start, *p, *end;
	int		 err;
};

static inline void
rd_init(struct rd *r, const void *buf, size_t len)
{
	r->p = buf;
	r->end = r->p + len;
	r->err = 0;
}

static inline size_t
rd_left(const struct rd *r)
{
	return (r->err ? 0 : (size_t)(r->end - r->p));
}

/* n bytes in place, or NULL (and err) if fewer are left. */
static inline const uint8_t *
rd_bytes(struct rd *r, size_t n)
{
	const uint8_t	*p = r->p;

	if (r->err || (size_t)(r->end - r->p) < n) {
		r->err = 1;
		return (NULL);
	}
	r->p += n;
	return (p);
}

static inline void
rd_skip(struct rd *r, size_t n)
{
	(void)rd_bytes(r, n);
}

static inline uint8_t
rd_u8(struct rd *r)
{
	const uint8_t	*p = rd_bytes(r, 1);

	return (p != NULL ? p[0] : 0);
}

static inline uint16_t
rd_be16(struct rd *r)
{
	const uint8_t	*p = rd_bytes(r, 2);

	return (p != NULL ? (uint16_t)(p[0] << 8 | p[1]) : 0);
}

static inline uint32_t
rd_be32(struct rd *r)
{
	const uint8_t	*p = rd_bytes(r, 4);

	return (p != NULL ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3] : 0);
}

/* Copy n bytes out; zero-fills dst on overrun. */
static inline void
rd_copy(struct rd *r, void *dst, size_t n)
{
	const uint8_t	*p = rd_bytes(r, n);

	if (p != NULL)
		memcpy(dst, p, n);
	else
		memset(dst, 0, n);
}

static inline void
wr_init(struct wr *w, void *buf, size_t len)
{
	w->start = w->p = buf;
	w->end = w->p + len;
	w->err = 0;
}

static inline size_t
wr_len(const struct wr *w)
{
	return ((size_t)(w->p - w->start));
}

static inline size_t
wr_left(const struct wr *w)
{
	return (w->err ? 0 : (size_t)(w->end - w->p));
}

static inline void
wr_bytes(struct wr *w, const void *src, size_t n)
{
	if (w->err || (size_t)(w->end - w->p) < n) {
		w->err = 1;
		return;
	}
	if (n != 0)
		memcpy(w->p, src, n);
	w->p += n;
}

static inline void
wr_u8(struct wr *w, uint8_t v)
{
	wr_bytes(w, &v, 1);
}

static inline void
wr_be16(struct wr *w, uint16_t v)
{
	uint8_t	 b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	wr_bytes(w, b, 2);
}

static inline void
wr_be32(struct wr *w, uint32_t v)
{
	uint8_t	 b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
		    (uint8_t)(v >> 8), (uint8_t)v };

	wr_bytes(w, b, 4);
}

/* A NUL-terminated string, terminator included. */
static inline void
wr_cstr(struct wr *w, const char *s)
{
	wr_bytes(w, s, strlen(s) + 1);
}

#endif /* CORE_RD_H */
