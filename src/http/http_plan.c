/*
 * The HTTP side's logic: which answer a request gets.  No sockets, no
 * libmicrohttpd: the test drives it with the in-memory provider.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "httpd.h"
#include "util.h"

static int	 plan_decode(const char *, char *, size_t);

/*
 * The path of a request target, percent-decoded into out: the scheme
 * and authority of an absolute-form target, the query and the fragment
 * go.  -1 for a NUL or other control byte (raw or escaped) and for a
 * name longer than outlen; a stray '%' stays as it is.
 */
static int
plan_decode(const char *target, char *out, size_t outlen)
{
	const char	*p = target;
	size_t		 o = 0;
	int		 hi, lo, c;

	if (strncasecmp(p, "http://", 7) == 0) {
		p += 7;
		while (*p != '\0' && *p != '/')
			p++;
	}
	for (; *p != '\0' && *p != '?' && *p != '#'; p++) {
		c = (unsigned char)*p;
		if (c == '%' && (hi = util_hexval(p[1])) >= 0 &&
		    (lo = util_hexval(p[2])) >= 0) {
			c = hi * 16 + lo;
			p += 2;
		}
		if (c < 0x20 || c == 0x7f)
			return (-1);
		if (o + 1 >= outlen)
			return (-1);
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return (0);
}

static int
plan_u64(const char **pp, uint64_t *v)
{
	const char	*p = *pp;
	uint64_t	 n = 0;

	if (!isdigit((unsigned char)*p))
		return (-1);
	for (; isdigit((unsigned char)*p); p++) {
		if (n > (UINT64_MAX - 9) / 10)
			return (-1);
		n = n * 10 + (uint64_t)(*p - '0');
	}
	*pp = p;
	*v = n;
	return (0);
}

int
httpd_parse_range(const char *h, uint64_t size, uint64_t *off, uint64_t *len)
{
	const char	*p = h;
	uint64_t	 a, b;

	while (*p == ' ' || *p == '\t')
		p++;
	if (strncasecmp(p, "bytes", 5) != 0)
		return (0);
	p += 5;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '=')
		return (0);
	while (*p == ' ' || *p == '\t')
		p++;
	if (strchr(p, ',') != NULL)
		return (0);		/* several ranges: the whole file */
	if (*p == '-') {		/* the last b bytes */
		p++;
		if (plan_u64(&p, &b) != 0)
			return (0);
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '\0')
			return (0);
		if (b == 0 || size == 0)
			return (-1);
		if (b > size)
			b = size;
		*off = size - b;
		*len = b;
		return (1);
	}
	if (plan_u64(&p, &a) != 0 || *p++ != '-')
		return (0);
	b = UINT64_MAX;
	if (*p != '\0' && *p != ' ' && *p != '\t' && plan_u64(&p, &b) != 0)
		return (0);
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '\0' || b < a)
		return (0);
	if (a >= size)
		return (-1);
	if (b >= size)
		b = size - 1;
	*off = a;
	*len = b - a + 1;
	return (1);
}

int
httpd_plan(struct tftp_files *files, uint32_t client, const char *method,
    const char *target, const char *range, const char *if_range,
    struct httpd_plan *pl)
{
	int	 rc, bad;

	memset(pl, 0, sizeof *pl);
	bad = plan_decode(target, pl->asked, sizeof pl->asked) != 0;
	if (bad)
		pl->asked[0] = '\0';
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		pl->why = "read-only: only GET and HEAD";
		return (pl->status = 405);
	}
	pl->head = strcmp(method, "HEAD") == 0;
	if (bad) {
		pl->why = "bad name (a control byte, or too long)";
		return (pl->status = 400);
	}
	rc = tftp_files_open_for(files, client, pl->asked, &pl->file,
	    pl->served, sizeof pl->served, &pl->why);
	if (rc != 0) {
		pl->file = NULL;
		return (pl->status = rc == 1 ? 404 : 403);
	}
	pl->size = files->size(files, pl->file);
	pl->off = 0;
	pl->len = pl->size;
	pl->status = 200;
	if (range != NULL && if_range == NULL) {
		switch (httpd_parse_range(range, pl->size, &pl->off,
		    &pl->len)) {
		case 1:
			pl->status = 206;
			break;
		case -1:
			files->close(files, pl->file);
			pl->file = NULL;
			pl->off = pl->len = 0;
			pl->why = "range past the end of the file";
			pl->status = 416;
			break;
		default:
			pl->off = 0;
			pl->len = pl->size;
			break;
		}
	}
	return (pl->status);
}
