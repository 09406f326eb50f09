/*
 * The CSV side of `config gen sep --csv` (cfgcsv.h): MAC spellings, the
 * RFC 4180 reader (quoted separators, doubled quotes, quoted line breaks,
 * CRLF, BOM, blank lines, other separators), the header's aliases, and a
 * line-numbered error for each kind of bad row with an empty set.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "cfg/cfgcsv.h"
#include "sbuf.h"

static const char *
find(const struct cfgcsv_set *s, const char *name)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->files[i].name, name) == 0)
			return (s->files[i].data);
	return (NULL);
}

/* Generate from csv; returns the result, errs kept in *e. */
static int
gen(const char *csv, struct cfgcsv_set *set, struct sbuf *e)
{
	struct cfgcsv_opts	 o;

	memset(&o, 0, sizeof o);
	sbuf_reset(e);
	sbuf_add(e, "", 0);
	return (cfgcsv_generate("t.csv", csv, strlen(csv), &o, set, e, NULL));
}

static void
bad(const char *csv, const char *want, const char *what)
{
	struct cfgcsv_set	 set;
	struct sbuf		 e;
	int			 r;

	sbuf_init(&e);
	r = gen(csv, &set, &e);
	ok(r == -1 && set.n == 0 && strstr(e.buf, want) != NULL,
	    "%s: %s", what, want);
	if (strstr(e.buf, want) == NULL)
		diag("got: %s", e.buf);
	cfgcsv_set_free(&set);
	sbuf_free(&e);
}

int
main(void)
{
	static const struct {
		const char	*in, *out;
	} macs[] = {
		{ "0011.2233.4455", "001122334455" },
		{ "00:11:22:33:44:55", "001122334455" },
		{ "00-11-22-33-44-55", "001122334455" },
		{ "001122334455", "001122334455" },
		{ "aa:bb:cc:dd:ee:ff", "AABBCCDDEEFF" },
		{ "SEPaabbccddeeff", "AABBCCDDEEFF" },
		{ "sep0011.2233.44aa", "0011223344AA" },
		{ " 001122334455 ", "001122334455" },
		{ "00:11:22:33:44", NULL },
		{ "00:11-22:33:44:55", NULL },
		{ "0011.2233:4455", NULL },
		{ "00112233445", NULL },
		{ "0011223344556", NULL },
		{ "00112233445G", NULL },
		{ "", NULL },
		{ "SEP", NULL },
	};
	struct cfgcsv_opts	 nul_opts = { 0 };
	struct cfgcsv_set	 set;
	struct sbuf		 e;
	const char		*t;
	char			 out[13];
	size_t			 i;
	int			 r;


	plan(30);
	for (i = 0; i < sizeof macs / sizeof macs[0]; i++) {
		r = cfgcsv_mac(macs[i].in, out);
		if (macs[i].out == NULL)
			ok(r == -1, "MAC \"%s\" refused", macs[i].in);
		else
			ok(r == 0 && strcmp(out, macs[i].out) == 0,
			    "MAC \"%s\" is %s", macs[i].in, macs[i].out);
	}

	sbuf_init(&e);
	/* Quoting: separator, doubled quote, line break, CRLF, BOM. */
	r = gen("\xef\xbb\xbfUSER NAME,Mac,Model,Extension,Caller ID,Proxy,"
	    "PW,extra\r\n"
	    "bob,0011.2233.4455,7970,201,\"Desk, \"\"A\"\"\",pbx,\"x,y\","
	    "\"line\r\nbreak\"\r\n"
	    "\r\n"
	    ",00:11:22:33:44:56,7960,202,,pbx,,\r\n", &set, &e);
	ok(r == 0 && set.rows == 2 && set.n == 3, "quoted CSV: 2 phones, "
	    "3 files (%s)", e.buf);
	t = find(&set, "SEP001122334455.cnf.xml");
	ok(t != NULL && strstr(t, "<displayName>Desk, &quot;A&quot;"
	    "</displayName>") != NULL, "quoted comma and doubled quotes");
	ok(t != NULL && strstr(t, "<authName>bob</authName>") != NULL &&
	    strstr(t, "<authPassword>x,y</authPassword>") != NULL,
	    "user and password columns by alias");
	t = find(&set, "SIP001122334456.cnf");
	ok(t != NULL && strstr(t, "line1_name: \"202\"\n") != NULL &&
	    strstr(t, "proxy1_address: \"pbx\"\n") != NULL,
	    "SIP<MAC>.cnf for the 7960");
	cfgcsv_set_free(&set);

	/* Tabs, LF, a trailing newline missing. */
	r = gen("mac\tmodel\n001122334457\t7941", &set, &e);
	ok(r == 0 && set.n == 1 && find(&set, "SEP001122334457.cnf.xml") !=
	    NULL, "tab-separated, no final newline");
	cfgcsv_set_free(&set);

	/* The line a record starts on, after a quoted line break. */
	bad("mac,model,display\n001122334401,7970,\"a\nb\"\n"
	    "001122334401,7970,c\n", "t.csv:4: error: MAC 001122334401 again "
	    "(first on line 2)", "duplicate after a quoted line break");
	bad("mac,model\nzz,7970\n", "t.csv:2: error: bad MAC \"zz\"",
	    "bad MAC");
	bad("mac,model\n001122334401,7999\n", "t.csv:2: error: unknown model "
	    "\"7999\"", "unknown model");
	bad("model\n7970\n", "t.csv:1: error: no mac column", "no MAC column");
	bad("mac,MAC Address,model\n1,2,3\n", "t.csv:1: error: columns 1 and 2 "
	    "both name the mac", "two MAC columns");
	bad("mac,model\n\"001122334401,7970\n", "t.csv:2: error: a quoted "
	    "field is never closed", "unclosed quote");
	bad("mac,model\n\"00\"1122334401,7970\n", "t.csv:2: error: text after "
	    "a closing quote", "text after a quote");
	bad("", "t.csv:1: error: empty", "empty file");
	r = cfgcsv_generate("t.csv", "mac,model\n00\0,7970\n", 17, &nul_opts,
	    &set, &e, NULL);
	ok(r == -1 && strstr(e.buf, "t.csv:1: error: a NUL byte") != NULL,
	    "a NUL byte: not a text file");
	sbuf_free(&e);
	return (done_testing());
}
