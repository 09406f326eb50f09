/* The .loads manifest parser (shared/domain/cisco-phones.md 4.2). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "loads.h"
#include "model/cisco_file.h"
#include "sgn.h"
#include "util.h"

static int	 parse_line(struct loads *, const char *, size_t, unsigned,
		     char *, size_t);
static int	 parse_comment(struct loads *, const char *, size_t);
static void	 add_note(struct loads *, const char *, unsigned);
static void	 copy_value(char *, size_t, const char *, size_t);

#define LOADS_LINE_MAX	512

static void
add_note(struct loads *l, const char *what, unsigned line)
{
	if (l->nnotes < LOADS_MAX_NOTES) {
		snprintf(l->notes[l->nnotes], sizeof l->notes[0],
		    "line %u: %s", line, what);
		l->nnotes++;
	}
}

/* Copy the text after a fixed prefix, trimmed, for display. */
static void
copy_value(char *dst, size_t dstlen, const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	util_sanitise(dst, dstlen, s, n);
}

/* A '#' line: remember the ones that mean something; 0 always. */
static int
parse_comment(struct loads *l, const char *s, size_t n)
{
	static const char hc[] = "#HARDWARE_COMP_1";
	static const char rel[] = "RELEASE load version";
	static const char hw[] = "#? HW_REV";
	const char	*p;
	unsigned	 v = 0;
	size_t		 i;

	if (n >= sizeof hc - 1 && strncasecmp(s, hc, sizeof hc - 1) == 0) {
		i = sizeof hc - 1;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < n && isdigit((unsigned char)s[i])) {
			for (; i < n && isdigit((unsigned char)s[i]) &&
			    v < 100000; i++)
				v = v * 10 + (unsigned)(s[i] - '0');
			l->hw_comp = (int)v;
		}
		return (0);
	}
	if (n >= sizeof hw - 1 && strncmp(s, hw, sizeof hw - 1) == 0) {
		copy_value(l->hw_rev, sizeof l->hw_rev, s + sizeof hw - 1,
		    n - (sizeof hw - 1));
		return (0);
	}
	for (p = s; (size_t)(p - s) + sizeof rel - 1 <= n; p++) {
		if (strncmp(p, rel, sizeof rel - 1) == 0) {
			p += sizeof rel - 1;
			copy_value(l->release, sizeof l->release, p,
			    n - (size_t)(p - s));
			break;
		}
	}
	return (0);
}

/* One non-empty, non-comment line: a component or LA_VERSION=. */
static int
parse_line(struct loads *l, const char *s, size_t n, unsigned line,
    char *err, size_t errlen)
{
	static const char la[] = "LA_VERSION=";
	struct loads_comp *c;
	size_t		 i, tok;
	uint64_t	 size;

	if (n >= sizeof la - 1 && strncasecmp(s, la, sizeof la - 1) == 0) {
		copy_value(l->la_version, sizeof l->la_version,
		    s + sizeof la - 1, n - (sizeof la - 1));
		return (0);
	}
	for (tok = 0; tok < n && !isspace((unsigned char)s[tok]); tok++)
		;
	if (tok >= LOADS_NAME_MAX) {
		snprintf(err, errlen, "line %u: file name longer than %d "
		    "bytes", line, LOADS_NAME_MAX - 1);
		return (-1);
	}
	for (i = 0; i < tok; i++) {
		if (s[i] == '/' || s[i] == '\\' || !isgraph((unsigned char)s[i])) {
			snprintf(err, errlen, "line %u: not a file name",
			    line);
			return (-1);
		}
	}
	if (l->ncomp == LOADS_MAX_COMP) {
		snprintf(err, errlen, "more than %d components",
		    LOADS_MAX_COMP);
		return (-1);
	}
	c = &l->comp[l->ncomp];
	memset(c, 0, sizeof *c);
	memcpy(c->name, s, tok);
	c->name[tok] = '\0';
	c->line = line;
	i = tok;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (i == n) {
		if (tok < n)
			l->trailing_ws++;
		l->ncomp++;
		return (0);
	}
	/* 7921 style: "<FILE> <size> <MD5>". */
	for (size = 0; i < n && isdigit((unsigned char)s[i]); i++) {
		if (size > (UINT64_MAX - 9) / 10) {
			snprintf(err, errlen, "line %u: size too large", line);
			return (-1);
		}
		size = size * 10 + (uint64_t)(s[i] - '0');
	}
	if (i == n || !isspace((unsigned char)s[i])) {
		snprintf(err, errlen, "line %u: want NAME [SIZE MD5]", line);
		return (-1);
	}
	c->size = size;
	c->has_size = 1;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (n - i < 2 * sizeof c->md5 ||
	    util_hex_decode(s + i, c->md5, sizeof c->md5) != 0) {
		snprintf(err, errlen, "line %u: bad MD5", line);
		return (-1);
	}
	i += 2 * sizeof c->md5;
	if (i < n && !isspace((unsigned char)s[i])) {
		snprintf(err, errlen, "line %u: bad MD5", line);
		return (-1);
	}
	c->has_md5 = 1;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (i < n) {
		snprintf(err, errlen, "line %u: unexpected text after the "
		    "MD5", line);
		return (-1);
	}
	l->ncomp++;
	return (0);
}

/* Skip the signed header, then one line at a time, CR LF or LF. */
int
loads_parse(const void *buf, size_t len, struct loads *l, char *err,
    size_t errlen)
{
	const char	*s, *e, *nl, *a, *b;
	unsigned	 line = 0;
	int		 cr;
	char		 why[128];

	memset(l, 0, sizeof *l);
	l->hw_comp = -1;
	if (len > LOADS_MAX_BYTES) {
		snprintf(err, errlen, "%zu bytes: too large for a .loads file",
		    len);
		return (-1);
	}
	if (sgn_looks_signed(buf, len)) {
		if (sgn_parse(buf, len, &l->sgn, why, sizeof why) != 0) {
			snprintf(err, errlen, "%s", why);
			return (-1);
		}
		l->is_signed = 1;
		l->body_off = l->sgn.hdr_len;
	}
	s = (const char *)buf + l->body_off;
	e = (const char *)buf + len;
	while (s < e) {
		line++;
		if ((nl = memchr(s, '\n', (size_t)(e - s))) == NULL)
			nl = e;
		a = s;
		b = nl;
		cr = (b > a && b[-1] == '\r');
		if (cr) {
			b--;
			if (nl < e)
				l->crlf_lines++;
		}
		s = nl < e ? nl + 1 : e;
		if ((size_t)(b - a) > LOADS_LINE_MAX) {
			snprintf(err, errlen, "line %u: longer than %d bytes",
			    line, LOADS_LINE_MAX);
			return (-1);
		}
		for (nl = a; nl < b; nl++) {
			if ((unsigned char)*nl < 0x20 && *nl != '\t' &&
			    *nl != '\r') {
				snprintf(err, errlen, "line %u: binary bytes "
				    "in the text", line);
				return (-1);
			}
		}
		while (a < b && isspace((unsigned char)*a))
			a++;
		if (a == b)
			continue;
		if (*a == '#' && b - a > 2 && a[1] == '+' &&
		    isspace((unsigned char)a[2])) {
			/* "#+ JSYSS-1.4.1SR1.SBN 708556 9606...": an extra. */
			const char *x = a + 2;
			char	 xerr[128];

			while (x < b && isspace((unsigned char)*x))
				x++;
			if (x < b && parse_line(l, x, (size_t)(b - x), line,
			    xerr, sizeof xerr) == 0 && l->ncomp > 0 &&
			    l->comp[l->ncomp - 1].line == line)
				l->comp[l->ncomp - 1].extra = 1;
			continue;
		}
		if (*a == '#') {
			parse_comment(l, a, (size_t)(b - a));
			continue;
		}
		if (parse_line(l, a, (size_t)(b - a), line, err, errlen) != 0)
			return (-1);
	}
	if (l->ncomp == 0) {
		snprintf(err, errlen, "lists no component file");
		return (-1);
	}
	if (!l->is_signed)
		add_note(l, "no signed header: phones with 8.x loads and "
		    "later may refuse it", 1);
	return (0);
}

int
loads_find(const struct loads *l, const char *name)
{
	size_t	 i;

	for (i = 0; i < l->ncomp; i++) {
		if (strcasecmp(l->comp[i].name, name) == 0)
			return ((int)i);
	}
	return (-1);
}

int
loads_is_loads_file(const char *name)
{
	return (cisco_file_is_loads(name));	/* the Cisco file-name table */
}

void
loads_name_from_file(const char *file, char *buf, size_t len)
{
	const char	*base;
	size_t		 n;

	base = strrchr(file, '/');
	base = base != NULL ? base + 1 : file;
	n = strlen(base);
	if (loads_is_loads_file(base))
		n -= 6;
	snprintf(buf, len, "%.*s", (int)n, base);
}

/* Past a good signed header, if any: where the text starts. */
static size_t
body_start(const void *buf, size_t len)
{
	struct sgn_header h;
	char		 why[128];

	if (sgn_looks_signed(buf, len) &&
	    sgn_parse(buf, len, &h, why, sizeof why) == 0)
		return (h.hdr_len);
	return (0);
}

enum loads_kind
loads_kind(const void *buf, size_t len, char *what, size_t whatlen)
{
	struct loads	 l;
	const unsigned char *s, *e, *p, *nl, *a;
	char		 why[128];
	int		 ini = 0;

	if (loads_parse(buf, len, &l, why, sizeof why) == 0) {
		snprintf(what, whatlen, "a 79xx load manifest");
		return (LOADS_KIND_79XX);
	}
	s = (const unsigned char *)buf + body_start(buf, len);
	e = (const unsigned char *)buf + len;
	if (e - s >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		s += 3;
	while (s < e && isspace(*s))
		s++;
	if (s < e && *s == '<') {
		if (memmem(s, (size_t)(e - s), "<AutoUpdateManifest", 19) !=
		    NULL)
			snprintf(what, whatlen, "an XML <AutoUpdateManifest> "
			    "(what a locale package leaves for Cisco IP "
			    "Communicator), not a 79xx load manifest");
		else
			snprintf(what, whatlen, "an XML file, not a 79xx load "
			    "manifest");
		return (LOADS_KIND_XML);
	}
	for (p = s; p < e; p++) {
		if ((*p < 0x20 && *p != '\t' && *p != '\r' && *p != '\n') ||
		    *p == 0x7f) {
			snprintf(what, whatlen, "a binary manifest (78xx/88xx "
			    "style), not a 79xx load manifest");
			return (LOADS_KIND_BINARY);
		}
	}
	for (p = s; p < e; p = nl < e ? nl + 1 : e) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		for (a = p; a < nl && isspace(*a); a++)
			;
		if (a == nl || *a == '#')
			continue;
		if (*a == '[' && memchr(a, ']', (size_t)(nl - a)) != NULL)
			ini = 1;
		else if ((size_t)(nl - a) >= 11 &&
		    strncasecmp((const char *)a, "LA_VERSION=", 11) == 0)
			continue;
		else {
			const unsigned char *q;

			/* "key=value" or "key = value" */
			for (q = a; q < nl && !isspace(*q) && *q != '='; q++)
				;
			while (q < nl && (*q == ' ' || *q == '\t'))
				q++;
			if (q < nl && *q == '=' && q > a)
				ini = 1;
		}
	}
	if (ini) {
		snprintf(what, whatlen, "an INI-style manifest (8961/9951/9971 "
		    "style), not a 79xx load manifest");
		return (LOADS_KIND_INI);
	}
	snprintf(what, whatlen, "not a usable .loads file: %s", why);
	return (LOADS_KIND_BROKEN);
}

int
loads_sbn_md5(const void *buf, size_t len, uint8_t md5[16])
{
	const unsigned char *p;
	size_t		 off;

	if (!sgn_looks_signed(buf, len) || (off = body_start(buf, len)) == 0 ||
	    len < off + 32)
		return (-1);
	p = (const unsigned char *)buf + off;
	if (util_hex_decode((const char *)p, md5, 16) != 0)
		return (-1);
	/* 32 digits exactly: a 33rd would make it something else. */
	if (len > off + 32 && util_hexval(p[32]) >= 0)
		return (-1);
	return (0);
}
