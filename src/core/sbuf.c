/* Growable strings, and the two escapers every printer shares. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"
#include "xmalloc.h"

void
sbuf_init(struct sbuf *s)
{
	s->buf = NULL;
	s->len = s->cap = 0;
}

void
sbuf_free(struct sbuf *s)
{
	free(s->buf);
	sbuf_init(s);
}

void
sbuf_reset(struct sbuf *s)
{
	s->len = 0;
	if (s->buf != NULL)
		s->buf[0] = '\0';
}

static void
sbuf_reserve(struct sbuf *s, size_t more)
{
	size_t	 need = s->len + more + 1;

	if (need <= s->cap)
		return;
	while (s->cap < need)
		s->cap = s->cap ? s->cap * 2 : 128;
	s->buf = xreallocarray(s->buf, s->cap, 1);
}

void
sbuf_add(struct sbuf *s, const char *p, size_t n)
{
	sbuf_reserve(s, n);
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	s->buf[s->len] = '\0';
}

void
sbuf_adds(struct sbuf *s, const char *p)
{
	sbuf_add(s, p, strlen(p));
}

void
sbuf_addc(struct sbuf *s, char c)
{
	sbuf_add(s, &c, 1);
}

void
sbuf_addf(struct sbuf *s, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	sbuf_reserve(s, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(s->buf + s->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	s->len += (size_t)n;
}

const char *
sbuf_str(const struct sbuf *s)
{
	return (s->buf != NULL ? s->buf : "");
}

/*
 * Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), or 0 if it is not one.
 */
static size_t
utf8_seq_len(const unsigned char *p, size_t n)
{
	uint32_t	 cp;
	size_t		 len, i;

	if (p[0] < 0x80)
		return (1);
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, cp = p[0] & 0x07;
	else
		return (0);
	if (len > n)
		return (0);
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return (0);
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return (0);
	return (len);
}

void
sbuf_add_json(struct sbuf *s, const char *str, size_t n)
{
	const unsigned char	*p = (const unsigned char *)str;
	size_t			 i = 0, l;

	while (i < n) {
		unsigned char c = p[i];
		switch (c) {
		case '"':
			sbuf_adds(s, "\\\"");
			break;
		case '\\':
			sbuf_adds(s, "\\\\");
			break;
		case '\n':
			sbuf_adds(s, "\\n");
			break;
		case '\r':
			sbuf_adds(s, "\\r");
			break;
		case '\t':
			sbuf_adds(s, "\\t");
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				sbuf_addf(s, "\\u%04x", c);
				break;
			}
			if ((l = utf8_seq_len(p + i, n - i)) == 0) {
				sbuf_adds(s, "\\ufffd");
				break;
			}
			sbuf_add(s, str + i, l);
			i += l;
			continue;
		}
		i++;
	}
}

void
sbuf_add_text(struct sbuf *s, const char *str, size_t n)
{
	const unsigned char	*p = (const unsigned char *)str;
	size_t			 i;
	int			 quote = n == 0;

	for (i = 0; i < n && !quote; i++) {
		if (p[i] <= ' ' || p[i] >= 0x7f || p[i] == '"' ||
		    p[i] == '\\' || p[i] == '=')
			quote = 1;
	}
	if (!quote) {
		sbuf_add(s, str, n);
		return;
	}
	sbuf_addc(s, '"');
	for (i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\')
			sbuf_addf(s, "\\%c", p[i]);
		else if (p[i] < ' ' || p[i] >= 0x7f)
			sbuf_addf(s, "\\x%02x", p[i]);
		else
			sbuf_addc(s, (char)p[i]);
	}
	sbuf_addc(s, '"');
}
