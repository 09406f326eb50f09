/*
 * The configuration linter (shared/domain/cisco-phones.md 2.3, 2.5, 3.1,
 * 6): each file by its own grammar, errors for what stops a phone,
 * warnings for what it ignores.
 *
 * User-supplied XML costs bounded memory and time: the input is capped
 * (CFGLINT_MAX_BYTES), the parse stops at the first entity declaration
 * (no entity is ever expanded: no XML_PARSE_NOENT, no DTD loading, and
 * text is read from text nodes only, never through xmlNodeGetContent) and
 * at CFGLINT_MAX_ELEMENTS elements, and the costly near-miss search runs
 * for at most SUGGEST_BUDGET names per file.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>

#include "cfg/cfglint.h"
#include "cfg/cfgvocab.h"
#include "fw/fw_catalog.h"
#include "model/cisco_file.h"
#include "model/devtype.h"
#include "sbuf.h"
#include "xmalloc.h"
#include "util.h"

#define SUGGEST_BUDGET	256	/* near-miss searches per file */
#define MAX_XML_ERRORS	8	/* independent well-formedness errors shown */

enum level { L_ERROR, L_WARNING };

struct lint {
	const char		*file;
	const struct fw_catalog	*cat;
	int			 strict;
	struct sbuf		*out;
	struct cfglint_count	 c;
	int			 lines, findings, budget;
	/* The XML parse. */
	startElementNsSAX2Func	 start;
	int			 nelem, too_many, entity;
	long			 entity_line;
	struct xml_err {
		int	 code, int1;
		long	 line;
		char	 msg[200], s1[100], s2[100];
	}			 err[MAX_XML_ERRORS];
	int			 nerr;
	char			 popped[100];	/* what the last mismatch closed */
	/* The findings, held until the end and then said in line order. */
	struct lfind {
		long		 line;
		size_t		 seq;
		enum level	 lv;
		char		*msg;
	}			*f;
	size_t			 nf, capf;
};

static void	 finding(struct lint *, enum level, long, const char *, ...)
		     __attribute__((format(printf, 4, 5)));

static void
finding(struct lint *l, enum level lv, long line, const char *fmt, ...)
{
	va_list	 ap;
	char	 msg[600];

	if (lv == L_ERROR)
		l->c.errors++;
	else
		l->c.warnings++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (l->nf == l->capf) {
		l->capf = l->capf == 0 ? 16 : l->capf * 2;
		l->f = xreallocarray(l->f, l->capf, sizeof *l->f);
	}
	l->f[l->nf].line = line;
	l->f[l->nf].seq = l->nf;
	l->f[l->nf].lv = lv;
	l->f[l->nf].msg = xstrdup(msg);
	l->nf++;
}

static int
finding_cmp(const void *a, const void *b)
{
	const struct lfind *x = a, *y = b;

	if (x->line != y->line)
		return (x->line < y->line ? -1 : 1);
	return (x->seq < y->seq ? -1 : x->seq > y->seq);
}

/*
 * Say the findings in line order (the checks find them out of it: the
 * callManager pass runs after the walk, an unclosed tag is found at EOF),
 * at most CFGLINT_MAX_LINES of them.
 */
static void
findings_flush(struct lint *l)
{
	size_t	 i;

	if (l->nf > 1)
		qsort(l->f, l->nf, sizeof *l->f, finding_cmp);
	for (i = 0; i < l->nf; i++) {
		if (i < CFGLINT_MAX_LINES) {
			sbuf_addf(l->out, "%s:%ld: %s: %s\n", l->file,
			    l->f[i].line, l->f[i].lv == L_ERROR ? "error" :
			    "warning", l->f[i].msg);
			l->lines++;
		} else if (i == CFGLINT_MAX_LINES) {
			sbuf_addf(l->out, "%s:%ld: warning: more than %d "
			    "findings; the rest are counted, not shown\n",
			    l->file, l->f[i].line, CFGLINT_MAX_LINES);
			l->lines++;
		}
		free(l->f[i].msg);
	}
	free(l->f);
	l->f = NULL;
	l->nf = l->capf = 0;
}

/* s shown safely in a message (at most len-1 bytes). */
static const char *
shown(char *buf, size_t len, const char *s, size_t n)
{
	util_sanitise(buf, len, s, n);
	return (buf);
}

/*
 * The phone asks for LOAD.loads (79x1 and later; 7940/7960 8.x) or an
 * image file of that name: is any of them in ROOT?
 */
static int
image_in_root(const struct fw_catalog *cat, const char *name)
{
	const char	*ext;
	char		 f[FW_NAME_MAX + 8];
	size_t		 i;

	if (fw_catalog_find_load(cat, name) != NULL)
		return (1);
	for (i = 0; (ext = cisco_file_image_suffix(i)) != NULL; i++) {
		snprintf(f, sizeof f, "%s%s", name, ext);
		if (fw_catalog_resolve(cat, f) != NULL)
			return (1);
	}
	return (0);
}

/* "P0S3-8-12-00.sbn": a load name written with a file extension. */
static const char *
has_extension(const char *name)
{
	const char	*ext;
	size_t		 i, n = strlen(name), e;

	/* A load's files (model/cisco_file.h), or a load*.txt hint. */
	for (i = 0; (ext = cisco_file_image_suffix(i)) != NULL; i++) {
		e = strlen(ext);
		if (n > e && strcasecmp(name + n - e, ext) == 0)
			return (ext);
	}
	return (n > 4 && strcasecmp(name + n - 4, ".txt") == 0 ? ".txt" : NULL);
}

/* ------------------------------------------------------------------ */
/* XML: XMLDefault.cnf.xml, SEP<MAC>.cnf.xml */

/* The node's own text (text and CDATA children only), trimmed. */
static char *
node_text(xmlNodePtr n, char *buf, size_t len)
{
	xmlNodePtr	 c;
	size_t		 o = 0, k;
	char		*s, *e;

	buf[0] = '\0';
	for (c = n->children; c != NULL; c = c->next) {
		if ((c->type != XML_TEXT_NODE &&
		    c->type != XML_CDATA_SECTION_NODE) || c->content == NULL)
			continue;
		k = strlen((const char *)c->content);
		if (k > len - 1 - o)
			k = len - 1 - o;
		memcpy(buf + o, c->content, k);
		o += k;
	}
	buf[o] = '\0';
	for (s = buf; isspace((unsigned char)*s); s++)
		;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	*e = '\0';
	memmove(buf, s, (size_t)(e - s) + 1);
	return (buf);
}

/* An attribute's value, as parsed (entities never expanded here). */
static const char *
attr_value(xmlNodePtr n, const char *name)
{
	xmlAttrPtr	 a;

	for (a = n->properties; a != NULL; a = a->next) {
		if (strcmp((const char *)a->name, name) == 0 &&
		    a->children != NULL && a->children->type == XML_TEXT_NODE &&
		    a->children->next == NULL)
			return ((const char *)a->children->content);
	}
	return (NULL);
}

/* Does model="label" fit device type num?  An error when it shows not. */
static void
check_label(struct lint *l, long line, const char *el, unsigned long num,
    const char *label)
{
	const struct devtype *e, *other;
	char		 key[DEVTYPE_KEY_MAX], lab[128];
	unsigned	 digits = 0;
	int		 des;

	e = num <= 0xffffffUL ? devtype_find((unsigned)num) : NULL;
	shown(lab, sizeof lab, label, strlen(label));
	des = devtype_label_key(label, key, sizeof key, &digits);
	if (key[0] == '\0' || (e != NULL && devtype_has_key(e, key)))
		return;
	if ((other = devtype_by_label(key, 0, e)) != NULL) {
		if (e != NULL)
			finding(l, L_ERROR, line, "%s is labelled \"%s\", but "
			    "%lu is the %s's device type (the %s's is %u)", el,
			    lab, num, e->name, other->name, other->num);
		else
			finding(l, L_ERROR, line, "%s is labelled \"%s\", but "
			    "%lu is no %s device type (the %s's is %u)", el,
			    lab, num, other->name, other->name, other->num);
		return;
	}
	if (!des)
		return;		/* a text label we cannot judge */
	if (e != NULL) {
		if (devtype_has_digits(e, digits))
			return;	/* a variant we do not know of this model */
		other = devtype_by_label(NULL, digits, e);
		if (other != NULL)
			finding(l, L_ERROR, line, "%s is labelled \"%s\", but "
			    "%lu is the %s's device type; no such %04u variant "
			    "is known (the %s's is %u)", el, lab, num, e->name,
			    digits, other->name, other->num);
		else
			finding(l, L_ERROR, line, "%s is labelled \"%s\", but "
			    "%lu is the %s's device type", el, lab, num,
			    e->name);
	} else if ((other = devtype_by_label(NULL, digits, NULL)) != NULL)
		finding(l, L_ERROR, line, "%s is labelled \"%s\", but %lu is "
		    "no %04u device type (the %s's is %u)", el, lab, num,
		    digits, other->name, other->num);
}

/* <loadInformationNNN model="...">LOAD</...>, <loadInformation>. */
static void
check_loadinfo(struct lint *l, xmlNodePtr n, const char *name,
    const char *digits)
{
	const char	*label;
	char		 load[256], s[256];
	long		 line = xmlGetLineNo(n);
	unsigned long	 num;

	if (digits != NULL && *digits != '\0') {
		num = strlen(digits) > 9 ? 0xffffffffUL :
		    strtoul(digits, NULL, 10);
		if ((label = attr_value(n, "model")) != NULL)
			check_label(l, line, name, num, label);
		else if (l->strict && devtype_find((unsigned)num) == NULL)
			finding(l, L_WARNING, line, "%s: %lu is no device type "
			    "phonerescue knows", name, num);
	}
	node_text(n, load, sizeof load);
	/* An empty one is normal in CUCM-style files: that model's default. */
	if (load[0] == '\0')
		return;
	if (has_extension(load) != NULL)
		finding(l, L_ERROR, line, "%s names \"%s\" with its extension: "
		    "the phone adds it; write the load name alone", name,
		    shown(s, sizeof s, load, strlen(load)));
	else if (l->cat != NULL && !image_in_root(l->cat, load))
		finding(l, L_ERROR, line, "load %s is not in %s (no %s.loads)",
		    shown(s, sizeof s, load, strlen(load)), l->cat->root, s);
}

/* Spelling and case against the vocabulary, then per-element rules. */
static void
check_element(struct lint *l, xmlNodePtr n)
{
	const char	*name = (const char *)n->name, *right;
	char		 buf[128], text[256], s[128];
	long		 line = xmlGetLineNo(n);

	if (strncasecmp(name, "loadInformation", 15) == 0 &&
	    strspn(name + 15, "0123456789") == strlen(name + 15)) {
		if (strncmp(name, "loadInformation", 15) != 0)
			finding(l, L_WARNING, line, "<%s> is wrongly cased: "
			    "write <loadInformation%s>", name, name + 15);
		check_loadinfo(l, n, name, name + 15);
		return;
	}
	if (strcmp(name, "inactiveLoadInformation") == 0) {
		check_loadinfo(l, n, name, NULL);
		return;
	}
	right = cfgvocab_lookup(CFGVOCAB_XML, name, buf, sizeof buf);
	if (right != NULL && strcmp(right, name) != 0) {
		finding(l, L_WARNING, line, "<%s> is wrongly cased: write <%s>",
		    name, right);
	} else if (right == NULL) {
		right = NULL;
		if (l->budget > 0) {
			l->budget--;
			right = cfgvocab_suggest(CFGVOCAB_XML, name, buf,
			    sizeof buf);
		}
		if (right != NULL)
			finding(l, L_WARNING, line, "unknown element <%s>: did "
			    "you mean <%s>?", name, right);
		else if (l->strict)
			finding(l, L_WARNING, line, "<%s> is not in the "
			    "vocabulary of real configs", name);
		return;
	}
	if (strcmp(right, "phoneLabel") == 0 &&
	    strchr(node_text(n, text, sizeof text), ' ') != NULL)
		finding(l, L_ERROR, line, "phoneLabel \"%s\" contains spaces: "
		    "79xx phones reject the whole file (Unprovisioned)",
		    shown(s, sizeof s, text, strlen(text)));
}

/* Every element below n, depth first (libxml2 caps the depth). */
static void
walk(struct lint *l, xmlNodePtr n)
{
	xmlNodePtr	 c;

	for (c = n; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		check_element(l, c);
		walk(l, c->children);
	}
}

/* Every callManager needs a processNodeName; counts them in *found. */
static void
check_callmanagers(struct lint *l, xmlNodePtr n, int *found)
{
	xmlNodePtr	 c, k;
	int		 has;

	for (c = n; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcasecmp((const char *)c->name, "callManager") == 0) {
			has = 0;
			for (k = c->children; k != NULL; k = k->next)
				if (k->type == XML_ELEMENT_NODE &&
				    strcasecmp((const char *)k->name,
				    "processNodeName") == 0)
					has = 1;
			if (!has)
				finding(l, L_ERROR, xmlGetLineNo(c), "callManager "
				    "without processNodeName: phones need it "
				    "(the call server address)");
			(*found)++;
		}
		check_callmanagers(l, c->children, found);
	}
}

/* SAX hooks: refuse entity declarations, count elements, keep the first error. */
static void
sax_entity_decl(void *ctx, const xmlChar *name, int type,
    const xmlChar *publicId, const xmlChar *systemId, xmlChar *content)
{
	xmlParserCtxtPtr c = ctx;
	struct lint	*l = c->_private;

	(void)name; (void)type; (void)publicId; (void)systemId; (void)content;
	if (!l->entity) {
		l->entity = 1;
		l->entity_line = xmlSAX2GetLineNumber(ctx);
	}
	xmlStopParser(c);
}

static void
sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *URI, int nb_namespaces, const xmlChar **namespaces,
    int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr c = ctx;
	struct lint	*l = c->_private;

	if (++l->nelem > CFGLINT_MAX_ELEMENTS) {
		l->too_many = 1;
		xmlStopParser(c);
		return;
	}
	l->start(ctx, localname, prefix, URI, nb_namespaces, namespaces,
	    nb_attributes, nb_defaulted, attributes);
}

/*
 * Keep the first error, and after it each tag mismatch that is not the
 * echo of an earlier one: an extra </line> pops <sipLines>, and the
 * </sipLines> that follows then pops <sipProfile>, and so on; a
 * misspelt </WlanProfile1> on <WlanProfile2> leaves the rest in step.
 */
static void
sax_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr c = ctx;
	struct lint	*l = c->_private;
	struct xml_err	*x;
	char		 s1[100], s2[100];
	int		 echo;

	/* Undeclared prefixes (xsi:type in CUCM files) do not matter here. */
	if (e->domain == XML_FROM_NAMESPACE || e->level < XML_ERR_ERROR)
		return;
	util_sanitise(s1, sizeof s1, e->str1 != NULL ? e->str1 : "",
	    e->str1 != NULL ? strlen(e->str1) : 0);
	util_sanitise(s2, sizeof s2, e->str2 != NULL ? e->str2 : "",
	    e->str2 != NULL ? strlen(e->str2) : 0);
	if (l->nerr > 0) {
		/* After another kind of error the parse is out of step. */
		echo = l->err[0].code != XML_ERR_TAG_NAME_MISMATCH ||
		    e->code != XML_ERR_TAG_NAME_MISMATCH ||
		    strcmp(s2, l->popped) == 0;
		if (e->code == XML_ERR_TAG_NAME_MISMATCH)
			snprintf(l->popped, sizeof l->popped, "%s", s1);
		if (echo || l->nerr == MAX_XML_ERRORS)
			return;
	} else if (e->code == XML_ERR_TAG_NAME_MISMATCH)
		snprintf(l->popped, sizeof l->popped, "%s", s1);
	x = &l->err[l->nerr++];
	x->code = e->code;
	x->line = e->line;
	x->int1 = e->int1;
	util_sanitise(x->msg, sizeof x->msg, e->message != NULL ?
	    e->message : "", e->message != NULL ? strcspn(e->message, "\n") : 0);
	memcpy(x->s1, s1, sizeof x->s1);
	memcpy(x->s2, s2, sizeof x->s2);
}

static void
report_parse_error(struct lint *l)
{
	const struct xml_err *x;
	int		 i;

	if (l->entity)
		finding(l, L_ERROR, l->entity_line, "declares an entity: "
		    "refused unread (phone configs use no DTD; entities are "
		    "never expanded)");
	else if (l->too_many)
		finding(l, L_ERROR, 0, "more than %d elements: too large for "
		    "a phone config (refused)", CFGLINT_MAX_ELEMENTS);
	else if (l->nerr == 0)
		finding(l, L_ERROR, 0, "not well-formed");
	for (i = 0; !l->entity && !l->too_many && i < l->nerr; i++) {
		x = &l->err[i];
		if (x->code == XML_ERR_TAG_NAME_MISMATCH)
			finding(l, L_ERROR, x->line, "not well-formed: <%s> "
			    "(line %d) is closed by </%s>", x->s1, x->int1,
			    x->s2);
		else if (x->code == XML_ERR_TAG_NOT_FINISHED && x->int1 > 0)
			/* Found at EOF; the tag left open is what to fix. */
			finding(l, L_ERROR, x->int1, "not well-formed: <%s> is "
			    "never closed (the file ends first, line %ld)",
			    x->s1, x->line);
		else
			finding(l, L_ERROR, x->line, "not well-formed: %s",
			    x->msg);
	}
}

static void
lint_xml(struct lint *l, const char *buf, size_t len)
{
	xmlParserCtxtPtr ctx;
	xmlDocPtr	 doc = NULL;
	xmlNodePtr	 root;
	const char	*base, *want = NULL;
	int		 ncm = 0, ok;

	if ((ctx = xmlCreateMemoryParserCtxt(buf, (int)len)) == NULL) {
		finding(l, L_ERROR, 0, "libxml2: out of memory");
		return;
	}
	/* No network, no DTD, no entity substitution, libxml2's limits on. */
	xmlCtxtUseOptions(ctx, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	ctx->_private = l;
	ctx->sax->entityDecl = sax_entity_decl;
	l->start = ctx->sax->startElementNs;
	ctx->sax->startElementNs = sax_start;
	ctx->sax->serror = sax_error;
	(void)xmlParseDocument(ctx);
	ok = ctx->wellFormed && !l->entity && !l->too_many;
	doc = ctx->myDoc;
	ctx->myDoc = NULL;
	xmlFreeParserCtxt(ctx);
	if (!ok) {
		report_parse_error(l);
		xmlFreeDoc(doc);
		return;
	}
	root = xmlDocGetRootElement(doc);
	base = strrchr(l->file, '/');
	base = base != NULL ? base + 1 : l->file;
	if (strncasecmp(base, "SEP", 3) == 0)
		want = "device";
	else if (strncasecmp(base, "XMLDefault", 10) == 0)
		want = "Default";
	if (root == NULL)
		finding(l, L_ERROR, 1, "no root element");
	else if (want != NULL && strcmp((const char *)root->name, want) != 0)
		finding(l, L_ERROR, xmlGetLineNo(root), "root element <%s>: "
		    "%s wants <%s>", (const char *)root->name, base, want);
	else if (want == NULL && strcmp((const char *)root->name,
	    "Default") != 0 && strcmp((const char *)root->name, "device") != 0) {
		/*
		 * Another file of a TFTP root (a dial plan, a ring list, a
		 * directory, a 7921 WLAN profile...): well-formed is all we
		 * check, its names are not a phone config's.
		 */
		if (l->strict)
			finding(l, L_WARNING, xmlGetLineNo(root), "root <%s> "
			    "is no phone configuration (<Default>, <device>): "
			    "only well-formedness checked",
			    (const char *)root->name);
		root = NULL;
	}
	if (root != NULL) {
		/* The root's own spelling was judged above. */
		walk(l, root->children);
		check_callmanagers(l, root->children, &ncm);
		if (ncm == 0 && strcasecmp((const char *)root->name,
		    "Default") == 0)
			finding(l, L_ERROR, xmlGetLineNo(root), "no "
			    "processNodeName: XMLDefault needs callManagerGroup"
			    "/members/member/callManager/processNodeName");
	}
	xmlFreeDoc(doc);
}

/* ------------------------------------------------------------------ */
/* Text: OS79XX.TXT and the 7940/7960 "key: value" files */

/* Bytes a text file may hold: printable, tab, CR, LF, and UTF-8. */
static long
binary_line(const char *buf, size_t len)
{
	size_t		 i;
	long		 line = 1;
	unsigned char	 c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)buf[i];
		if (c == '\n')
			line++;
		else if (c < 0x20 && c != '\t' && c != '\r')
			return (line);
		else if (c == 0x7f)
			return (line);
	}
	return (0);
}

/*
 * An image name as 7940/7960 phones read it (OS79XX.TXT, image_version):
 * one word, no extension, and with -r in ROOT as written.
 */
static void
check_image(struct lint *l, long line, const char *what, const char *raw,
    size_t rawlen)
{
	char		 name[256], s[256], r[256];
	size_t		 a = 0, b = rawlen;

	while (a < b && isspace((unsigned char)raw[a]))
		a++;
	while (b > a && isspace((unsigned char)raw[b - 1]))
		b--;
	if (b - a >= sizeof name) {
		finding(l, L_ERROR, line, "%s: image name too long", what);
		return;
	}
	memcpy(name, raw + a, b - a);
	name[b - a] = '\0';
	shown(s, sizeof s, name, strlen(name));
	if (name[0] == '\0') {
		finding(l, L_ERROR, line, "%s names no image: the phone gets no "
		    "load (No Load Specified)", what);
		return;
	}
	if (strpbrk(name, " \t") != NULL) {
		finding(l, L_ERROR, line, "%s: \"%s\" is not one image name: "
		    "the phone asks for a file of that name", what, s);
		return;
	}
	if ((unsigned char)name[0] >= 0x80) {
		finding(l, L_ERROR, line, "%s: \"%s\" starts with non-ASCII bytes "
		    "(a byte-order mark?): the phone asks for a file of that "
		    "name", what, s);
		return;
	}
	if (has_extension(name) != NULL) {
		finding(l, L_ERROR, line, "%s names \"%s\" with its extension: "
		    "the phone adds it; write the image name alone", what, s);
		return;
	}
	if (strncasecmp(name, "P0", 2) != 0)
		finding(l, L_ERROR, line, "%s: \"%s\" is no 7940/7960 image "
		    "(P003..., P0S3..., P0M3...)", what, s);
	if (l->cat == NULL)
		return;
	if (!image_in_root(l->cat, name))
		finding(l, L_ERROR, line, "%s: image %s is not in %s (no "
		    "%s.loads or .sbn)", what, s, l->cat->root, s);
	else if (a > 0 || b < rawlen)
		finding(l, L_ERROR, line, "%s: \"%s\" has space around the "
		    "name: phones ask for the name with the space (CSCdv19260) "
		    "and %s has no such file; write the name alone", what,
		    shown(r, sizeof r, raw, rawlen), l->cat->root);
}

static void
lint_os79xx(struct lint *l, const char *buf, size_t len)
{
	const char	*nl, *p;
	size_t		 first, n;
	long		 bad, line;

	if ((bad = binary_line(buf, len)) != 0) {
		finding(l, L_ERROR, bad, "not a text file: OS79XX.TXT holds one "
		    "image name");
		return;
	}
	nl = memchr(buf, '\n', len);
	first = nl != NULL ? (size_t)(nl - buf) : len;
	n = first;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	check_image(l, 1, "OS79XX.TXT", buf, n);
	/* Only the first line counts. */
	for (p = nl, line = 2; p != NULL && (size_t)(p - buf) + 1 < len;
	    line++) {
		const char *s = p + 1, *e = memchr(s, '\n', len - (size_t)(s -
		    buf));
		size_t k = e != NULL ? (size_t)(e - s) : len - (size_t)(s - buf);

		while (k > 0 && isspace((unsigned char)s[k - 1]))
			k--;
		if (k > 0) {
			finding(l, L_WARNING, line, "OS79XX.TXT: the phone reads "
			    "the first line only; line %ld is ignored", line);
			break;
		}
		p = e;
	}
}

/*
 * SIPDefault.cnf, SIP<MAC>.cnf: "name: value ; comment" lines, '#'
 * comments, values optionally quoted.  sip: check names against the
 * 7940/7960 SIP keys.
 */
static void
lint_keyvalue(struct lint *l, const char *buf, size_t len, int sip)
{
	const char	*p = buf, *end = buf + len, *e, *k, *ke, *v, *ve;
	char		 key[128], right[128], s[128];
	long		 line, bad;

	if ((bad = binary_line(buf, len)) != 0) {
		finding(l, L_ERROR, bad, "not a text file");
		return;
	}
	for (line = 1; p < end; line++, p = e + 1) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		for (k = p; k < e && isspace((unsigned char)*k); k++)
			;
		if (k == e || *k == '#')
			continue;
		for (ke = k; ke < e && (isalnum((unsigned char)*ke) ||
		    *ke == '_'); ke++)
			;
		for (v = ke; v < e && (*v == ' ' || *v == '\t'); v++)
			;
		if (ke == k || v == e || *v != ':') {
			finding(l, L_WARNING, line, "not \"name: value\": the "
			    "phone ignores this line");
			continue;
		}
		if ((size_t)(ke - k) >= sizeof key) {
			finding(l, L_WARNING, line, "name too long: the phone "
			    "ignores this line");
			continue;
		}
		memcpy(key, k, (size_t)(ke - k));
		key[ke - k] = '\0';
		/* The value: quoted, or up to a ';' comment. */
		for (v++; v < e && isspace((unsigned char)*v); v++)
			;
		if (v < e && *v == '"') {
			v++;
			for (ve = v; ve < e && *ve != '"'; ve++)
				;
		} else {
			for (ve = v; ve < e && *ve != ';'; ve++)
				;
			while (ve > v && isspace((unsigned char)ve[-1]))
				ve--;
		}
		if (sip) {
			if (cfgvocab_lookup(CFGVOCAB_SIP, key, right,
			    sizeof right) != NULL) {
				if (strcmp(right, key) != 0)
					finding(l, L_WARNING, line, "%s is "
					    "wrongly cased: write %s", key,
					    right);
			} else if (l->budget > 0 && (l->budget--,
			    cfgvocab_suggest(CFGVOCAB_SIP, key, right,
			    sizeof right)) != NULL) {
				finding(l, L_WARNING, line, "unknown key %s: "
				    "did you mean %s?", key, right);
				continue;
			} else {
				if (l->strict)
					finding(l, L_WARNING, line, "%s is not "
					    "in the vocabulary of real configs",
					    shown(s, sizeof s, key,
					    strlen(key)));
				continue;
			}
		}
		if (strcasecmp(key, "image_version") == 0)
			check_image(l, line, "image_version", v,
			    (size_t)(ve - v));
		if (e == end)
			break;
	}
}

/* ------------------------------------------------------------------ */

enum format { F_XML, F_OS79XX, F_SIP, F_KEYVALUE };

static enum format
format_of(const char *file, const char *buf, size_t len)
{
	const char	*base = strrchr(file, '/');
	size_t		 i;

	base = base != NULL ? base + 1 : file;
	if (strcasecmp(base, "OS79XX.TXT") == 0)
		return (F_OS79XX);
	if (strcasestr(base, ".xml") != NULL)
		return (F_XML);
	/* Otherwise by content: XML starts with '<' (after a BOM, blanks). */
	i = len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	while (i < len && isspace((unsigned char)buf[i]))
		i++;
	if (i < len && buf[i] == '<')
		return (F_XML);
	if (strncasecmp(base, "SIP", 3) == 0)
		return (F_SIP);
	return (F_KEYVALUE);
}

int
cfglint_buffer(const char *file, const char *buf, size_t len,
    const struct cfglint_opts *o, struct sbuf *out, struct cfglint_count *cnt)
{
	struct lint	 l;

	memset(&l, 0, sizeof l);
	l.file = file;
	l.cat = o != NULL ? o->cat : NULL;
	l.strict = o != NULL && o->strict;
	l.out = out;
	l.budget = SUGGEST_BUDGET;
	if (len > CFGLINT_MAX_BYTES)
		finding(&l, L_ERROR, 0, "%zu bytes: too large for a phone "
		    "config (over %d)", len, CFGLINT_MAX_BYTES);
	else {
		switch (format_of(file, buf, len)) {
		case F_XML:
			lint_xml(&l, buf, len);
			break;
		case F_OS79XX:
			lint_os79xx(&l, buf, len);
			break;
		case F_SIP:
			lint_keyvalue(&l, buf, len, 1);
			break;
		case F_KEYVALUE:
			lint_keyvalue(&l, buf, len, 0);
			break;
		}
	}
	findings_flush(&l);
	if (cnt != NULL) {
		cnt->errors += l.c.errors;
		cnt->warnings += l.c.warnings;
	}
	return (l.lines);
}

int
cfglint_file(const char *path, const struct cfglint_opts *o,
    struct sbuf *out, struct cfglint_count *cnt)
{
	struct stat	 st;
	const char	*why;
	char		*buf;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd, r;

	/* Non-blocking: a FIFO someone placed must not hang us. */
	why = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1 ||
	    fstat(fd, &st) == -1)
		why = strerror(errno);
	else if (!S_ISREG(st.st_mode))
		why = "not a regular file";
	else if (st.st_size > CFGLINT_MAX_BYTES)
		why = "too large for a phone config";
	if (why != NULL) {
		sbuf_addf(out, "%s:0: error: %s\n", path, why);
		if (fd != -1)
			close(fd);
		if (cnt != NULL)
			cnt->errors++;
		return (1);
	}
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		sbuf_addf(out, "%s:0: error: out of memory\n", path);
		if (cnt != NULL)
			cnt->errors++;
		return (1);
	}
	while (len < (size_t)st.st_size) {
		n = read(fd, buf + len, (size_t)st.st_size - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	r = cfglint_buffer(path, buf, len, o, out, cnt);
	free(buf);
	return (r);
}
