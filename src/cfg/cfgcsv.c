/*
 * Bulk SEP files from a CSV (cfgcsv.h): an RFC 4180 reader, the header's
 * column names, and one cfgxml_sep (and cfgxml_sipmac) per row, each file
 * linted before it joins the set.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfg/cfgcsv.h"
#include "cfg/cfglint.h"
#include "cfg/cfgxml.h"
#include "fw/fw_catalog.h"
#include "model/model.h"
#include "sbuf.h"
#include "util.h"
#include "xmalloc.h"

enum col { C_MAC, C_MODEL, C_EXT, C_DISPLAY, C_SERVER, C_USER, C_PASSWORD,
	C__COUNT, C_NONE = -1 };

/* Header names after folding (lower case; space _ - . dropped). */
static const struct {
	const char	*name;
	enum col	 col;
} columns[] = {
	{ "mac", C_MAC }, { "macaddress", C_MAC }, { "macaddr", C_MAC },
	{ "hwaddress", C_MAC }, { "hwaddr", C_MAC }, { "ethernet", C_MAC },
	{ "ethernetaddress", C_MAC }, { "devicename", C_MAC },
	{ "model", C_MODEL }, { "phonemodel", C_MODEL },
	{ "devicetype", C_MODEL }, { "type", C_MODEL },
	{ "phonetype", C_MODEL }, { "product", C_MODEL },
	{ "extension", C_EXT }, { "ext", C_EXT }, { "line", C_EXT },
	{ "line1", C_EXT }, { "number", C_EXT }, { "phonenumber", C_EXT },
	{ "directorynumber", C_EXT }, { "dn", C_EXT },
	{ "display", C_DISPLAY }, { "displayname", C_DISPLAY },
	{ "name", C_DISPLAY }, { "callerid", C_DISPLAY },
	{ "server", C_SERVER }, { "sipserver", C_SERVER },
	{ "proxy", C_SERVER }, { "sipproxy", C_SERVER },
	{ "registrar", C_SERVER }, { "pbx", C_SERVER }, { "host", C_SERVER },
	{ "user", C_USER }, { "username", C_USER }, { "authname", C_USER },
	{ "authuser", C_USER }, { "authusername", C_USER },
	{ "login", C_USER }, { "userid", C_USER }, { "sipuser", C_USER },
	{ "password", C_PASSWORD }, { "pass", C_PASSWORD },
	{ "passwd", C_PASSWORD }, { "pw", C_PASSWORD },
	{ "secret", C_PASSWORD }, { "authpassword", C_PASSWORD },
	{ "sippassword", C_PASSWORD },
};

static const char *const col_names[C__COUNT] = {
	"mac", "model", "extension", "display", "server", "user", "password",
};

struct field {
	char	*s;
	int	 quoted;
};

struct row {
	long		 line;		/* where the record starts */
	size_t		 n;
	struct field	*f;
};

struct rows {
	struct row	*r;
	size_t		 n, cap;
};

static void	 rows_free(struct rows *);
static int	 csv_parse(const char *, const char *, size_t, struct rows *,
		     struct sbuf *);
static char	 csv_separator(const char *, const char *);
static enum col	 col_of(const char *);

static void
rows_free(struct rows *rs)
{
	size_t	 i, j;

	for (i = 0; i < rs->n; i++) {
		for (j = 0; j < rs->r[i].n; j++)
			free(rs->r[i].f[j].s);
		free(rs->r[i].f);
	}
	free(rs->r);
	memset(rs, 0, sizeof *rs);
}

/* The header's separator: ',' unless its first line has none but ';' or tab. */
static char
csv_separator(const char *p, const char *end)
{
	int	 q = 0;
	size_t	 semi = 0, tab = 0;

	for (; p < end && (q || (*p != '\n' && *p != '\r')); p++) {
		if (*p == '"')
			q = !q;
		else if (q)
			continue;
		else if (*p == ',')
			return (',');
		else if (*p == ';')
			semi++;
		else if (*p == '\t')
			tab++;
	}
	if (semi > 0 && semi >= tab)
		return (';');
	return (tab > 0 ? '\t' : ',');
}

/* Where the reader stands in the text. */
struct reader {
	const char	*file;
	const char	*p, *end;
	long		 line;
	char		 sep;
	struct sbuf	*errs;
};

/* A quoted field's text into fb, *p past the closing quote; 0 or -1. */
static int
csv_quoted(struct reader *rd, struct sbuf *fb)
{
	long	 qline = rd->line;

	for (rd->p++;; rd->p++) {
		if (rd->p == rd->end) {
			sbuf_addf(rd->errs, "%s:%ld: error: a quoted field is "
			    "never closed\n", rd->file, qline);
			return (-1);
		}
		if (*rd->p == '"') {
			if (rd->p + 1 < rd->end && rd->p[1] == '"') {
				sbuf_addc(fb, '"');
				rd->p++;
				continue;
			}
			rd->p++;
			break;
		}
		if (*rd->p == '\n')
			rd->line++;
		sbuf_addc(fb, *rd->p);
	}
	if (rd->p < rd->end && *rd->p != rd->sep && *rd->p != '\r' &&
	    *rd->p != '\n') {
		sbuf_addf(rd->errs, "%s:%ld: error: text after a closing quote "
		    "(a quote in a field is written \"\")\n", rd->file,
		    rd->line);
		return (-1);
	}
	return (0);
}

/* An unquoted field's text into fb, up to its separator or line end. */
static int
csv_plain(struct reader *rd, struct sbuf *fb)
{
	for (; rd->p < rd->end && *rd->p != rd->sep && *rd->p != '\r' &&
	    *rd->p != '\n'; rd->p++) {
		if (*rd->p == '"') {
			sbuf_addf(rd->errs, "%s:%ld: error: a quote inside an "
			    "unquoted field (quote the whole field, the quote "
			    "doubled)\n", rd->file, rd->line);
			return (-1);
		}
		sbuf_addc(fb, *rd->p);
	}
	return (0);
}

/* One record's fields into row, up to (not past) its line end; 0 or -1. */
static int
csv_record(struct reader *rd, struct row *row, struct sbuf *fb)
{
	size_t	 fcap = 0;
	int	 quoted;

	for (;;) {
		sbuf_reset(fb);
		sbuf_add(fb, "", 0);
		quoted = rd->p < rd->end && *rd->p == '"';
		if ((quoted ? csv_quoted(rd, fb) : csv_plain(rd, fb)) != 0)
			return (-1);
		if (row->n == fcap) {
			fcap = fcap ? fcap * 2 : 8;
			row->f = xreallocarray(row->f, fcap, sizeof *row->f);
		}
		row->f[row->n].s = xstrdup(fb->buf);
		row->f[row->n].quoted = quoted;
		row->n++;
		if (rd->p < rd->end && *rd->p == rd->sep) {
			rd->p++;
			continue;
		}
		return (0);
	}
}

/*
 * RFC 4180 records into rs; 0, or -1 with one error line in errs (the
 * reader cannot find its way back into a file after a quoting error).
 */
static int
csv_parse(const char *file, const char *buf, size_t len, struct rows *rs,
    struct sbuf *errs)
{
	struct reader	 rd;
	struct sbuf	 fb;
	struct row	 row;

	rd.file = file;
	rd.p = buf;
	rd.end = buf + len;
	rd.line = 1;
	rd.errs = errs;
	if (len >= 3 && memcmp(rd.p, "\xef\xbb\xbf", 3) == 0)
		rd.p += 3;
	if (memchr(rd.p, '\0', (size_t)(rd.end - rd.p)) != NULL) {
		sbuf_addf(errs, "%s:%ld: error: a NUL byte: not a text file\n",
		    file, (long)1);
		return (-1);
	}
	rd.sep = csv_separator(rd.p, rd.end);
	sbuf_init(&fb);
	while (rd.p < rd.end) {
		memset(&row, 0, sizeof row);
		row.line = rd.line;
		if (csv_record(&rd, &row, &fb) != 0)
			goto fail;
		/* The record's end: CRLF, LF, or a lone CR. */
		if (rd.p < rd.end && *rd.p == '\r')
			rd.p++;
		if (rd.p < rd.end && *rd.p == '\n')
			rd.p++;
		rd.line++;
		if (row.n == 1 && !row.f[0].quoted && row.f[0].s[0] == '\0') {
			free(row.f[0].s);
			free(row.f);
			continue;	/* a blank line */
		}
		if (rs->n == rs->cap) {
			rs->cap = rs->cap ? rs->cap * 2 : 64;
			rs->r = xreallocarray(rs->r, rs->cap, sizeof *rs->r);
		}
		rs->r[rs->n++] = row;
		if (rs->n > CFGCSV_MAX_ROWS + 1) {
			sbuf_addf(errs, "%s:%ld: error: more than %d phones in "
			    "one file\n", file, row.line, CFGCSV_MAX_ROWS);
			sbuf_free(&fb);
			return (-1);
		}
	}
	sbuf_free(&fb);
	return (0);
fail:
	while (row.n > 0)
		free(row.f[--row.n].s);
	free(row.f);
	sbuf_free(&fb);
	return (-1);
}

static enum col
col_of(const char *h)
{
	char	 norm[64];
	size_t	 i, k = 0;

	for (; *h != '\0' && k + 1 < sizeof norm; h++) {
		if (*h == ' ' || *h == '_' || *h == '-' || *h == '.' ||
		    *h == '\t')
			continue;
		norm[k++] = (char)tolower((unsigned char)*h);
	}
	norm[k] = '\0';
	for (i = 0; i < sizeof columns / sizeof columns[0]; i++) {
		if (strcmp(norm, columns[i].name) == 0)
			return (columns[i].col);
	}
	return (C_NONE);
}

int
cfgcsv_mac(const char *s, char *out)
{
	char	 buf[18];
	uint8_t	 mac[6];
	size_t	 n, i;
	char	 sepc = 0;
	size_t	 group;

	while (isspace((unsigned char)*s))
		s++;
	if (strncasecmp(s, "SEP", 3) == 0)
		s += 3;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	/* The usual spellings only, one separator throughout. */
	if (n == 12)
		group = 0;		/* 001122334455 */
	else if (n == 14 && s[4] == '.' && s[9] == '.')
		group = 4, sepc = '.';	/* 0011.2233.4455 */
	else if (n == 17 && (s[2] == ':' || s[2] == '-'))
		group = 2, sepc = s[2];	/* 00:11:22:33:44:55, 00-11-... */
	else
		return (-1);
	for (i = 0; group != 0 && i < n; i++)
		if (((i + 1) % (group + 1) == 0) != (s[i] == sepc))
			return (-1);
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (util_mac_parse(buf, mac) != 0)
		return (-1);
	snprintf(out, 13, "%02X%02X%02X%02X%02X%02X", mac[0], mac[1], mac[2],
	    mac[3], mac[4], mac[5]);
	return (0);
}

/* Append one generated file to the set, if it lints clean; 0 or -1. */
static int
add_file(struct cfgcsv_set *set, size_t *cap, const char *file, long line,
    const char *name, struct sbuf *text, const struct cfgcsv_opts *o,
    struct sbuf *errs)
{
	struct cfglint_opts	 lo;
	struct cfglint_count	 cnt;
	struct sbuf		 out;
	const char		*p, *e;

	memset(&lo, 0, sizeof lo);
	memset(&cnt, 0, sizeof cnt);
	lo.cat = o->cat;
	sbuf_init(&out);
	cfglint_buffer(name, text->buf != NULL ? text->buf : "", text->len,
	    &lo, &out, &cnt);
	if (cnt.errors > 0 || cnt.warnings > 0) {
		sbuf_addf(errs, "%s:%ld: error: %s does not lint clean:\n",
		    file, line, name);
		for (p = out.buf; p != NULL && *p != '\0'; p = e + 1) {
			if ((e = strchr(p, '\n')) == NULL)
				e = p + strlen(p);
			sbuf_addf(errs, "  %.*s\n", (int)(e - p), p);
			if (*e == '\0')
				break;
		}
		sbuf_free(&out);
		return (-1);
	}
	sbuf_free(&out);
	if (set->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		set->files = xreallocarray(set->files, *cap,
		    sizeof *set->files);
	}
	set->files[set->n].name = xstrdup(name);
	set->files[set->n].data = text->buf != NULL ? text->buf : xstrdup("");
	set->files[set->n].len = text->len;
	set->n++;
	sbuf_init(text);	/* the set owns the text now */
	return (0);
}

/* A field's value: NULL when empty; unquoted ones trimmed. */
static const char *
value(struct field *f)
{
	char	*s = f->s, *e;

	if (!f->quoted) {
		while (isspace((unsigned char)*s))
			s++;
		for (e = s + strlen(s); e > s && isspace((unsigned char)e[-1]);
		    e--)
			;
		*e = '\0';
	}
	return (s[0] != '\0' ? s : NULL);
}

/* cfgcsv_generate()'s work: the rows read, the header's columns, the set. */
struct gen {
	const char		*file;
	const struct cfgcsv_opts *o;
	struct cfgcsv_set	*set;
	struct sbuf		*errs, *notes;
	struct rows		 rs;
	int			 idx[C__COUNT];	/* column of each, or -1 */
	char			(*seen)[13];	/* each row's MAC, or "" */
	long			*seen_line;
	const struct model	**noload;	/* noted as served no load */
	size_t			 nnoload, cap;
	int			 extnote;
	struct sbuf		 text;
};

/* The header row: which column is which; the number of errors. */
static int
gen_header(struct gen *g)
{
	const struct row	*h0 = &g->rs.r[0];
	const char		*h;
	enum col		 c;
	size_t			 j;
	int			 nerr = 0;

	for (c = 0; c < C__COUNT; c++)
		g->idx[c] = -1;
	for (j = 0; j < h0->n; j++) {
		h = value(&h0->f[j]);
		if (h == NULL || (c = col_of(h)) == C_NONE) {
			if (g->notes != NULL)
				sbuf_addf(g->notes, "%s:%ld: column %zu (%s) "
				    "is not one phonerescue reads: ignored\n",
				    g->file, h0->line, j + 1,
				    h != NULL ? h : "no name");
			continue;
		}
		if (g->idx[c] != -1) {
			sbuf_addf(g->errs, "%s:%ld: error: columns %d and %zu "
			    "both name the %s\n", g->file, h0->line,
			    g->idx[c] + 1, j + 1, col_names[c]);
			nerr++;
			continue;
		}
		g->idx[c] = (int)j;
	}
	for (c = C_MAC; c <= C_MODEL; c++) {
		if (g->idx[c] == -1) {
			sbuf_addf(g->errs, "%s:%ld: error: no %s column: the "
			    "first row names the columns (mac and model are "
			    "required; extension, display, server, user, "
			    "password optional)\n", g->file, h0->line,
			    col_names[c]);
			nerr++;
		}
	}
	return (nerr);
}

/* Row i's MAC, checked and not seen before, into g->seen[i]; 0 or -1. */
static int
gen_mac(struct gen *g, size_t i, const char *mac)
{
	long	 line = g->rs.r[i].line;
	size_t	 k;

	if (cfgcsv_mac(mac, g->seen[i]) != 0) {
		sbuf_addf(g->errs, "%s:%ld: error: bad MAC \"%s\" (write it "
		    "like 0011.2233.4455, 00:11:22:33:44:55 or "
		    "001122334455)\n", g->file, line, mac);
		g->seen[i][0] = '\0';
		return (-1);
	}
	for (k = 1; k < i; k++) {
		if (strcmp(g->seen[k], g->seen[i]) == 0)
			break;
	}
	if (k < i) {
		sbuf_addf(g->errs, "%s:%ld: error: MAC %s again (first on line "
		    "%ld)\n", g->file, line, g->seen[i], g->seen_line[k]);
		g->seen[i][0] = '\0';
		return (-1);
	}
	g->seen_line[i] = line;
	return (0);
}

/* The load ROOT serves m into sep, else a note (once per model). */
static void
gen_load(struct gen *g, long line, const struct model *m,
    struct cfgxml_sep *sep)
{
	struct fw_served	 served;
	size_t			 k;

	if (g->o->cat != NULL && fw_catalog_served(g->o->cat, m, &served)) {
		sep->load = served.load_name;
		return;
	}
	for (k = 0; k < g->nnoload && g->noload[k] != m; k++)
		;
	if (k == g->nnoload) {
		g->noload[g->nnoload++] = m;
		if (g->notes != NULL)
			sbuf_addf(g->notes, "%s:%ld: ROOT serves no load for "
			    "the %s: its SEP files name none\n", g->file, line,
			    m->name);
	}
}

/* One phone's files (SEP<MAC>.cnf.xml, SIP<MAC>.cnf) into the set; 0 or -1. */
static int
gen_files(struct gen *g, long line, const struct model *m,
    const struct cfgxml_sep *sep)
{
	char	 err[256], name[64];

	sbuf_reset(&g->text);
	if (cfgxml_sep(sep, &g->text, name, sizeof name, err,
	    sizeof err) != 0) {
		sbuf_addf(g->errs, "%s:%ld: error: %s\n", g->file, line, err);
		return (-1);
	}
	if (add_file(g->set, &g->cap, g->file, line, name, &g->text, g->o,
	    g->errs) != 0)
		return (-1);
	/* The 7940/7960 SIP load reads SIP<MAC>.cnf (domain 2.3). */
	if (strcmp(m->family, "legacy") != 0)
		return (0);
	sbuf_reset(&g->text);
	if (cfgxml_sipmac(sep, &g->text, name, sizeof name, err,
	    sizeof err) != 0) {
		sbuf_addf(g->errs, "%s:%ld: error: %s\n", g->file, line, err);
		return (-1);
	}
	return (add_file(g->set, &g->cap, g->file, line, name, &g->text, g->o,
	    g->errs));
}

/* Row i: one phone; 0, or -1 with its error in g->errs. */
static int
gen_row(struct gen *g, size_t i)
{
	struct row		*r = &g->rs.r[i];
	struct cfgxml_sep	 sep;
	const struct model	*m;
	const char		*v[C__COUNT];
	enum col		 c;

	if (r->n != g->rs.r[0].n) {
		sbuf_addf(g->errs, "%s:%ld: error: %zu field%s, the header has "
		    "%zu\n", g->file, r->line, r->n, r->n == 1 ? "" : "s",
		    g->rs.r[0].n);
		return (-1);
	}
	for (c = 0; c < C__COUNT; c++)
		v[c] = g->idx[c] == -1 ? NULL : value(&r->f[g->idx[c]]);
	if (v[C_MAC] == NULL || v[C_MODEL] == NULL) {
		sbuf_addf(g->errs, "%s:%ld: error: no %s\n", g->file, r->line,
		    v[C_MAC] == NULL ? "MAC" : "model");
		return (-1);
	}
	if (gen_mac(g, i, v[C_MAC]) != 0)
		return (-1);
	if ((m = model_find(v[C_MODEL])) == NULL) {
		sbuf_addf(g->errs, "%s:%ld: error: unknown model \"%s\" "
		    "(`phonerescue models` lists them)\n", g->file, r->line,
		    v[C_MODEL]);
		return (-1);
	}
	memset(&sep, 0, sizeof sep);
	sep.mac = g->seen[i];
	sep.model = m;
	sep.server = g->o->server;
	sep.sip = g->o->sip;
	sep.proxy = v[C_SERVER] != NULL ? v[C_SERVER] : g->o->proxy;
	sep.line = v[C_EXT];
	sep.auth_name = v[C_USER];
	sep.password = v[C_PASSWORD];
	sep.display = v[C_DISPLAY];
	if (sep.proxy != NULL && sep.line == NULL) {
		sbuf_addf(g->errs, "%s:%ld: error: a SIP server (%s) needs an "
		    "extension\n", g->file, r->line, sep.proxy);
		return (-1);
	}
	if (sep.proxy == NULL && (sep.line != NULL || sep.password != NULL) &&
	    !g->extnote && g->notes != NULL &&
	    strcmp(m->family, "legacy") != 0) {
		sbuf_addf(g->notes, "%s:%ld: a line without a SIP server (no "
		    "server column, no --proxy): the SEP file carries no "
		    "line\n", g->file, r->line);
		g->extnote = 1;
	}
	gen_load(g, r->line, m, &sep);
	if (gen_files(g, r->line, m, &sep) != 0)
		return (-1);
	g->set->rows++;
	return (0);
}

int
cfgcsv_generate(const char *file, const char *buf, size_t len,
    const struct cfgcsv_opts *o, struct cfgcsv_set *set, struct sbuf *errs,
    struct sbuf *notes)
{
	struct gen	 g;
	size_t		 i;
	int		 nerr;

	memset(set, 0, sizeof *set);
	memset(&g, 0, sizeof g);
	g.file = file;
	g.o = o;
	g.set = set;
	g.errs = errs;
	g.notes = notes;
	if (csv_parse(file, buf, len, &g.rs, errs) != 0) {
		rows_free(&g.rs);
		return (-1);
	}
	if (g.rs.n == 0) {
		sbuf_addf(errs, "%s:1: error: empty: the first row names the "
		    "columns (mac, model, extension, display, server, user, "
		    "password)\n", file);
		return (-1);
	}
	if ((nerr = gen_header(&g)) > 0)
		goto fail;
	if (g.rs.n == 1) {
		sbuf_addf(errs, "%s:%ld: error: no phones, only the header\n",
		    file, g.rs.r[0].line);
		goto fail;
	}
	g.seen = xcalloc(g.rs.n, sizeof *g.seen);
	g.seen_line = xcalloc(g.rs.n, sizeof *g.seen_line);
	g.noload = xcalloc(model_count() + 1, sizeof *g.noload);
	sbuf_init(&g.text);
	for (i = 1; i < g.rs.n && nerr < CFGCSV_MAX_ERRORS; i++)
		if (gen_row(&g, i) != 0)
			nerr++;
	if (nerr >= CFGCSV_MAX_ERRORS && i < g.rs.n)
		sbuf_addf(errs, "%s: stopped after %d errors\n", file, nerr);
	sbuf_free(&g.text);
	free(g.seen);
	free(g.seen_line);
	free(g.noload);
	if (nerr > 0)
		goto fail;
	rows_free(&g.rs);
	return (0);
fail:
	rows_free(&g.rs);
	cfgcsv_set_free(set);
	return (-1);
}

void
cfgcsv_set_free(struct cfgcsv_set *set)
{
	size_t	 i;

	for (i = 0; i < set->n; i++) {
		free((char *)set->files[i].name);
		free((char *)set->files[i].data);
	}
	free(set->files);
	memset(set, 0, sizeof *set);
}
