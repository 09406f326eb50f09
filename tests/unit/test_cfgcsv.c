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

#include <sys/stat.h>

#include <dirent.h>
#include <stdint.h>
#include <unistd.h>

#include "../tap.h"
#include "cfg/cfgcsv.h"
#include "cfg/cfgxml.h"
#include "cfg/cfgxml_internal.h"
#include "fw_testutil.h"
#include "sbuf.h"

/* Every name in dir (hidden ones too), sorted, with its bytes. */
static void
snap(const char *dir, struct sbuf *out)
{
	struct dirent	**ents;
	char		 path[512], buf[4096];
	FILE		*f;
	size_t		 n;
	int		 k, i;

	sbuf_reset(out);
	sbuf_add(out, "", 0);
	if ((k = scandir(dir, &ents, NULL, alphasort)) < 0)
		return;
	for (i = 0; i < k; i++) {
		sbuf_addf(out, "[%s]", ents[i]->d_name);
		snprintf(path, sizeof path, "%s/%s", dir, ents[i]->d_name);
		if (ents[i]->d_name[0] != '.' &&
		    (f = fopen(path, "r")) != NULL) {
			n = fread(buf, 1, sizeof buf, f);
			sbuf_add(out, buf, n);
			fclose(f);
		}
		free(ents[i]);
	}
	free(ents);
}

/* cfgxml_install_all: all or nothing, also when a rename fails. */
static void
install_all(void)
{
	static const struct cfgxml_file set[] = {
		{ "SEPA.cnf.xml", "<!-- phonerescue: generated --><new-a/>", 39 },
		{ "SEPB.cnf.xml", "<!-- phonerescue: generated --><new-b/>", 39 },
		{ "SEPC.cnf.xml", "<!-- phonerescue: generated --><new-c/>", 39 },
	};
	struct sbuf	 before, after, msgs;
	char		 dir[] = "/tmp/test_cfgcsv.XXXXXX", err[512], cmd[64];
	struct stat	 st;
	ino_t		 ino = 0;
	size_t		 k;

	if (mkdtemp(dir) == NULL)
		return;
	sbuf_init(&before);
	sbuf_init(&after);
	sbuf_init(&msgs);
	put(dir, "SEPA.cnf.xml", "<!-- phonerescue: generated --><old-a/>");
	put(dir, "SEPB.cnf.xml", "<device/>");
	snprintf(err, sizeof err, "%s/SEPB.cnf.xml", dir);
	chmod(err, 0600);	/* the user's mode comes back too */
	if (stat(err, &st) == 0)
		ino = st.st_ino;
	snap(dir, &before);
	ok(cfgxml_install_all(dir, set, 3, 0, &msgs, err, sizeof err) == -1 &&
	    strstr(err, "SEPB.cnf.xml: you wrote it") != NULL,
	    "the user's file without force: refused (%s)", err);
	snap(dir, &after);
	ok(strcmp(before.buf, after.buf) == 0, "... nothing written");
	for (k = 0; k < 3; k++) {
		cfgxml_test_fail_rename(k);
		ok(cfgxml_install_all(dir, set, 3, 1, &msgs, err,
		    sizeof err) == -1 && strstr(err, "nothing written") != NULL,
		    "rename %zu of 3 fails: %s", k + 1, err);
		snap(dir, &after);
		ok(strcmp(before.buf, after.buf) == 0, "... ROOT as it was, "
		    "the replaced files back, no temporary directory");
		if (strcmp(before.buf, after.buf) != 0)
			diag("before %s\nafter  %s", before.buf, after.buf);
	}
	snprintf(err, sizeof err, "%s/SEPB.cnf.xml", dir);
	ok(stat(err, &st) == 0 && st.st_ino == ino &&
	    (st.st_mode & 0777) == 0600, "the user's file itself is back "
	    "(inode, mode 0600)");
	cfgxml_test_fail_rename(SIZE_MAX);
	sbuf_reset(&msgs);
	ok(cfgxml_install_all(dir, set, 3, 1, &msgs, err, sizeof err) == 0,
	    "with force, all three");
	snap(dir, &after);
	ok(strstr(after.buf, "[SEPA.cnf.xml]<!-- phonerescue: generated -->"
	    "<new-a/>") != NULL && strstr(after.buf, "[SEPB.cnf.xml.bak]"
	    "<device/>") != NULL && strstr(after.buf, "[SEPC.cnf.xml]") !=
	    NULL && strstr(after.buf, "phonerescue-gen") == NULL,
	    "updated, replaced with a backup, written: %s", after.buf);
	ok(strstr(msgs.buf, "updated SEPA.cnf.xml\n") != NULL &&
	    strstr(msgs.buf, "replaced SEPB.cnf.xml (yours is saved as "
	    "SEPB.cnf.xml.bak)\n") != NULL &&
	    strstr(msgs.buf, "wrote SEPC.cnf.xml\n") != NULL, "each said");
	sbuf_reset(&msgs);
	ok(cfgxml_install_all(dir, set, 3, 0, &msgs, err, sizeof err) == 0 &&
	    strstr(msgs.buf, "SEPC.cnf.xml is up to date") != NULL,
	    "again: up to date");
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	(void)system(cmd);
	sbuf_free(&before);
	sbuf_free(&after);
	sbuf_free(&msgs);
}

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

	plan(43);
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
	install_all();
	return (done_testing());
}
