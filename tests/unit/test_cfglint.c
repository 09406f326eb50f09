/*
 * The config linter, rule by rule (issue 17 "Config lint", issue 15's
 * entity expansion): each file by its own grammar, errors for what stops
 * a phone and warnings for what it ignores, unknown names quiet unless
 * strict, every Cisco device type known, and bounded time and memory on
 * an entity bomb (figures printed as diagnostics).
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../tap.h"
#include "cfg/cfglint.h"
#include "cfg/cfgvocab.h"
#include "fw/fw_catalog.h"
#include "model/devtype.h"
#include "model/model.h"
#include "sbuf.h"

static struct cfglint_count last;
static char	 said[8192];

/* Lint text: the findings into said, the counts into last. */
static int
lint(const char *file, const char *text, const struct fw_catalog *cat,
    int strict)
{
	struct cfglint_opts o;
	struct sbuf	 out;
	int		 n;

	o.cat = cat;
	o.strict = strict;
	memset(&last, 0, sizeof last);
	sbuf_init(&out);
	n = cfglint_buffer(file, text, strlen(text), &o, &out, &last);
	snprintf(said, sizeof said, "%s", out.len > 0 ? out.buf : "");
	sbuf_free(&out);
	return (n);
}

/* Nothing said at all. */
static int
clean(const char *file, const char *text, const struct fw_catalog *cat)
{
	if (lint(file, text, cat, 0) == 0 && last.errors == 0 &&
	    last.warnings == 0)
		return (1);
	diag("lint said: %s", said);
	return (0);
}

/* Exactly one finding, of this level, at this line, saying want. */
static int
one(const char *file, const char *text, const struct fw_catalog *cat,
    int strict, const char *level, int line, const char *want)
{
	char	 head[128];
	int	 n = lint(file, text, cat, strict);

	snprintf(head, sizeof head, "%s:%d: %s: ", file, line, level);
	if (n == 1 && strncmp(said, head, strlen(head)) == 0 &&
	    strstr(said, want) != NULL)
		return (1);
	diag("want one \"%s...%s\"; lint said: %s", head, want,
	    said[0] != '\0' ? said : "(nothing)\n");
	return (0);
}

/* A small XMLDefault around some loadInformation lines. */
static const char *
xmldefault(const char *body)
{
	static char	 buf[4096];

	snprintf(buf, sizeof buf, "<Default>\n<callManagerGroup><members>"
	    "<member priority=\"0\"><callManager><ports><ethernetPhonePort>"
	    "2000</ethernetPhonePort></ports><processNodeName>198.18.0.1"
	    "</processNodeName></callManager></member></members>"
	    "</callManagerGroup>\n%s</Default>\n", body);
	return (buf);
}

static const char *
sep(const char *body)
{
	static char	 buf[4096];

	snprintf(buf, sizeof buf, "<device>\n<devicePool><callManagerGroup>"
	    "<members><member priority=\"0\"><callManager><ports><sipPort>5060"
	    "</sipPort></ports><processNodeName>198.18.0.1</processNodeName>"
	    "</callManager></member></members></callManagerGroup>"
	    "</devicePool>\n%s</device>\n", body);
	return (buf);
}

/*
 * Lint buf in a child and measure it: wall time, peak RSS growth over a
 * child that lints a one-element file.  A watchdog kills the child past 30 s or
 * 1 GiB resident, so a regression cannot take the machine down.  Returns
 * the child's error count, or -1 when it was killed.
 */
static int
measured(const char *file, const char *buf, size_t len, double *secs,
    long *kib)
{
	struct timespec	 t0, t1;
	struct rusage	 ru;
	struct sbuf	 out;
	struct cfglint_count c;
	char		 path[64];
	pid_t		 pid;
	long		 rss, base = 0, pages;
	int		 status, pass;
	FILE		*f;

	for (pass = 0; pass < 2; pass++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if ((pid = fork()) == -1)
			return (-1);
		if (pid == 0) {
			memset(&c, 0, sizeof c);
			sbuf_init(&out);
			if (pass == 1)
				(void)cfglint_buffer(file, buf, len, NULL,
				    &out, &c);
			else
				(void)cfglint_buffer(file, "<Default/>", 10,
				    NULL, &out, &c);
			if (pass == 1 && out.len > 0)
				fprintf(stderr, "# %.*s", (int)(out.len > 300 ?
				    300 : out.len), out.buf);
			_exit(c.errors > 100 ? 100 : c.errors);
		}
		snprintf(path, sizeof path, "/proc/%ld/statm", (long)pid);
		for (;;) {
			if (wait4(pid, &status, WNOHANG, &ru) == pid)
				break;
			clock_gettime(CLOCK_MONOTONIC, &t1);
			rss = 0;
			if ((f = fopen(path, "r")) != NULL) {
				if (fscanf(f, "%ld %ld", &pages, &pages) == 2)
					rss = pages * (sysconf(_SC_PAGESIZE) /
					    1024);
				fclose(f);
			}
			if (t1.tv_sec - t0.tv_sec > 30 || rss > 1024 * 1024) {
				kill(pid, SIGKILL);
				waitpid(pid, &status, 0);
				diag("killed the linting child: %ld s, %ld KiB",
				    (long)(t1.tv_sec - t0.tv_sec), rss);
				return (-1);
			}
			usleep(10000);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		/* The peak of this child (wait4), not of all children. */
		if (pass == 0)
			base = ru.ru_maxrss;
		*secs = (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		*kib = ru.ru_maxrss - base;
	}
	return (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/*
 * Entity bombs.  Billion laughs: ten levels of ten references (libxml2
 * itself stops that one as a loop).  Flat: one 100 KB entity (25 times
 * a 4,000-byte one) referenced nrefs times in a loadInformation7's text
 * (where = 0), in its model= attribute (1), or in a phoneLabel (2): the
 * shape that cost 44 s and 11.7 GB at 660 KB when expanded.
 */
static char *
bomb(int flat, size_t nrefs, int where, size_t *len)
{
	struct sbuf	 sb;
	int		 i, j;
	size_t		 k;

	sbuf_init(&sb);
	sbuf_adds(&sb, "<?xml version=\"1.0\"?>\n<!DOCTYPE Default [\n");
	if (flat) {
		sbuf_adds(&sb, "<!ENTITY e0 \"");
		for (k = 0; k < 4000; k++)
			sbuf_addc(&sb, 'x');
		sbuf_adds(&sb, "\">\n<!ENTITY e1 \"");
		for (k = 0; k < 25; k++)
			sbuf_adds(&sb, "&e0;");
		sbuf_adds(&sb, "\">\n");
	} else {
		sbuf_adds(&sb, "<!ENTITY e0 \"lol\">\n");
		for (i = 1; i < 10; i++) {
			sbuf_addf(&sb, "<!ENTITY e%d \"", i);
			for (j = 0; j < 10; j++)
				sbuf_addf(&sb, "&e%d;", i - 1);
			sbuf_adds(&sb, "\">\n");
		}
	}
	sbuf_adds(&sb, "]>\n<Default>\n");
	sbuf_adds(&sb, where == 1 ? "<loadInformation7 model=\"" : where == 2 ?
	    "<phoneLabel>" : "<loadInformation7>");
	for (k = 0; k < nrefs; k++)
		sbuf_adds(&sb, flat ? "&e1;" : "&e9;");
	sbuf_adds(&sb, where == 1 ? "\">x</loadInformation7>\n" : where == 2 ?
	    "</phoneLabel>\n" : "</loadInformation7>\n");
	sbuf_adds(&sb, "</Default>\n");
	*len = sb.len;
	return (sb.buf);
}

int
main(void)
{
	struct fw_catalog *cat;
	struct sbuf	 sb;
	char		 root[] = "/tmp/test_cfglint.XXXXXX", path[4200];
	char		 err[512], buf[128], *b;
	const char	*t;
	size_t		 len, i;
	double		 secs;
	long		 kib;
	int		 r, fd;

	/* A ROOT with a 7940/7960 image and a 79x1 load. */
	if (mkdtemp(root) == NULL)
		return (99);
	snprintf(path, sizeof path, "%s/P0S3-8-12-00.loads", root);
	if ((fd = open(path, O_WRONLY | O_CREAT, 0644)) != -1) {
		(void)write(fd, "P003-8-12-00.sbn\nP0S3-8-12-00.sb2\n", 34);
		close(fd);
	}
	snprintf(path, sizeof path, "%s/P0S3-8-12-00.sb2", root);
	close(open(path, O_WRONLY | O_CREAT, 0644));
	snprintf(path, sizeof path, "%s/P003-8-12-00.sbn", root);
	close(open(path, O_WRONLY | O_CREAT, 0644));
	if ((cat = fw_catalog_open(root, err, sizeof err)) == NULL) {
		diag("%s", err);
		return (99);
	}

	/* The vocabulary comes from real files: ntpMode as they spell it. */
	ok(clean("SEP001122334455.cnf.xml", sep("<devicePool><dateTimeSetting>"
	    "<ntps><ntp><name>198.18.0.1</name><ntpMode>Unicast</ntpMode>"
	    "</ntp></ntps></dateTimeSetting></devicePool>\n"), NULL),
	    "<ntpMode>, as every real file writes it, is clean");
	ok(one("SEP001122334455.cnf.xml", sep("<ntpmode>Unicast</ntpmode>\n"),
	    NULL, 0, "warning", 3, "<ntpmode> is wrongly cased: write "
	    "<ntpMode>"), "a wrongly-cased element is a warning, with the "
	    "right spelling");
	is_int(last.errors, 0, "... and no error");

	/* Unknown elements: quiet unless strict; no harmful suggestions. */
	ok(clean("SEP001122334455.cnf.xml", sep("<url>x</url>\n"
	    "<enableCdpPcPort>true</enableCdpPcPort>\n<logServer>x</logServer>\n"
	    "<sshPort>22</sshPort>\n<phoneServices/>\n<dscpForSCCPPhoneConfig>"
	    "96</dscpForSCCPPhoneConfig>\n<sshAccess>0</sshAccess>\n"
	    "<commonConfig/>\n"), NULL),
	    "real elements (url, enableCdpPcPort, logServer, sshPort, ...) "
	    "are never \"corrected\"");
	ok(clean("SEP001122334455.cnf.xml", sep("<frobnicate/>\n"
	    "<enableLldpSwPortLater/>\n"), NULL),
	    "elements the vocabulary does not know: nothing by default");
	ok(lint("SEP001122334455.cnf.xml", sep("<frobnicate/>\n"), NULL, 1)
	    == 1 && strstr(said, ":3: warning: <frobnicate> is not in the "
	    "vocabulary") != NULL && last.errors == 0,
	    "--strict names them, as warnings");
	ok(one("SEP001122334455.cnf.xml", sep("<callManagerGroup><members>"
	    "<member><callManager>\n<proccessNodeName>x</proccessNodeName>\n"
	    "<processNodeName>x</processNodeName></callManager></member>"
	    "</members></callManagerGroup>\n"), NULL, 0, "warning", 4,
	    "unknown element <proccessNodeName>: did you mean "
	    "<processNodeName>?"), "a near miss of a known element is "
	    "suggested");
	ok(cfgvocab_suggest(CFGVOCAB_XML, "sipPortBackup", buf, sizeof buf) ==
	    NULL && cfgvocab_plausible(CFGVOCAB_XML, "sipPortBackup"),
	    "a name made of known words is plausible: no suggestion");
	ok(cfgvocab_suggest(CFGVOCAB_XML, "dispalyName", buf, sizeof buf) !=
	    NULL && strcmp(buf, "displayName") == 0, "a swap of two letters "
	    "is one edit");

	/* Device types. */
	ok(clean("XMLDefault.cnf.xml", xmldefault(
	    "<loadInformation6 model=\"Cisco 7910\">P00405000700"
	    "</loadInformation6>\n"
	    "<loadInformation9 model=\"Cisco 7935\">P00503021900"
	    "</loadInformation9>\n"
	    "<loadInformation124 model=\"Cisco IP Phone 7914 14-Button Line "
	    "Expansion Module\">S00105000400</loadInformation124>\n"
	    "<loadInformation30002 model=\"Cisco 7920\">cmterm_7920.4.0-03-02"
	    "</loadInformation30002>\n"
	    "<loadInformation30019 model=\"Cisco 7936\"></loadInformation30019>\n"
	    "<loadInformation484 model=\"Cisco 7925\">CP7925G-1.4.5.3"
	    "</loadInformation484>\n"
	    "<loadInformation683 model=\"Cisco 8841\"></loadInformation683>\n"
	    "<loadInformation36217 model=\"Cisco 8811\"></loadInformation36217>\n"
	    "<loadInformation80005 model=\"Cisco SPA 525G\"></loadInformation80005>\n"
	    "<loadInformation80009 model=\"Cisco SPA 525G2\"></loadInformation80009>\n"
	    "<loadInformation80011 model=\"Cisco SPA 303G\"></loadInformation80011>\n"
	    "<loadInformation308 model=\"Cisco IP Phone 7961GE\">SCCP41.9-4-2SR3-1S"
	    "</loadInformation308>\n"
	    "<loadInformation119 model=\"Cisco 7971G-GE\"></loadInformation119>\n"
	    "<loadInformation8 model=\"IP Phone 7940\">P0S3-8-12-00"
	    "</loadInformation8>\n"
	    "<loadInformation562 model=\"Cisco Dual Mode for iPhone\">"
	    "</loadInformation562>\n"), NULL),
	    "real device types (7910, 7935, 7914, 7920, 7936, 7925, 88xx, SPA) "
	    "and empty loadInformationN are clean");
	ok(one("XMLDefault.cnf.xml", xmldefault("<loadInformation308 "
	    "model=\"Cisco 7962G-GE\">SCCP42.9-4-2SR3-1S</loadInformation308>\n"),
	    NULL, 0, "error", 3, "308 is the Cisco 7961G-GE's device type"),
	    "308 labelled 7962G-GE (no such phone) is an error");
	ok(one("XMLDefault.cnf.xml", xmldefault("<loadInformation5 "
	    "model=\"Cisco 7961\">SCCP41.8-3-3S</loadInformation5>\n"), NULL, 0,
	    "error", 3, "the Cisco 7961's is 30018"), "5 labelled 7961 is an "
	    "error");
	ok(one("XMLDefault.cnf.xml", xmldefault("<loadInformation80009 "
	    "model=\"Cisco SPA 525G\"></loadInformation80009>\n"), NULL, 0,
	    "error", 3, "the Cisco SPA 525G's is 80005"), "the SPA 525G2's "
	    "number labelled SPA 525G is an error");
	ok(one("XMLDefault.cnf.xml", xmldefault("<loadInformation99999 "
	    "model=\"Cisco 7962\">x</loadInformation99999>\n"), NULL, 0,
	    "error", 3, "the Cisco 7962's is 404"), "an unknown number "
	    "labelled with a known model is an error");
	ok(clean("XMLDefault.cnf.xml", xmldefault("<loadInformation99999>x"
	    "</loadInformation99999>\n<loadInformation99998 model=\"Acme "
	    "Deskphone\"></loadInformation99998>\n"), NULL),
	    "an unknown number without a known label: nothing by default");
	ok(one("XMLDefault.cnf.xml", xmldefault("<loadInformation99999>x"
	    "</loadInformation99999>\n"), NULL, 1, "warning", 3, "99999 is no "
	    "device type"), "... named with --strict");
	for (i = 0, r = 1; i < devtype_count(); i++) {
		char k[DEVTYPE_KEY_MAX];

		devtype_label_key(devtype_at(i)->name, k, sizeof k, NULL);
		if (k[0] == '\0' || !devtype_has_key(devtype_at(i), k))
			r = 0;
	}
	ok(r && devtype_count() > 200, "%zu device types, each matching its "
	    "own name", devtype_count());
	for (i = 0, r = 1; i < model_count(); i++) {
		const struct model *m = model_at(i);
		const struct devtype *d = devtype_find(m->devtype);
		char k[DEVTYPE_KEY_MAX], lab[32];

		snprintf(lab, sizeof lab, "Cisco %s", m->name);
		devtype_label_key(lab, k, sizeof k, NULL);
		if (d == NULL || !devtype_has_key(d, k)) {
			diag("model %s (%u): %s", m->name, m->devtype,
			    d != NULL ? d->name : "no device type");
			r = 0;
		}
	}
	ok(r, "every model phonerescue recovers has its device type, under "
	    "its name");

	/* Levels and the other XML rules. */
	ok(one("SEP001122334455.cnf.xml", sep("<sipProfile>\n<phoneLabel>CP "
	    "7911G</phoneLabel>\n</sipProfile>\n"), NULL, 0, "error", 4,
	    "phoneLabel \"CP 7911G\" contains spaces"),
	    "phoneLabel with spaces is an error (phones reject the file)");
	ok(one("x.xml", "<Default>\n<a>\n</b>\n</Default>\n", NULL, 0, "error",
	    3, "not well-formed: <a> (line 2) is closed by </b>"),
	    "a tag mismatch names both tags and the opening line");
	/* Issue 16: an unclosed tag is pointed at, not the end of the file. */
	ok(one("SEP1.cnf.xml", "<device>\n<a>\n  <b>x</b>\n\n\n", NULL, 0,
	    "error", 2, "<a> is never closed"),
	    "an unclosed tag: its own line, not EOF's");
	/* Issue 16: findings in line order, whichever check found them. */
	ok(lint("XMLDefault.cnf.xml", "<Default>\n<callManagerGroup><members>"
	    "<member priority=\"0\">\n<callManager><ports><ethernetPhonePort>"
	    "2000</ethernetPhonePort></ports></callManager>\n</member>"
	    "</members></callManagerGroup>\n<ntpmode>x</ntpmode>\n"
	    "</Default>\n", NULL, 0) == 2 &&
	    strncmp(said, "XMLDefault.cnf.xml:3: error: callManager without",
	    48) == 0 && strstr(said, "\nXMLDefault.cnf.xml:5: warning: "
	    "<ntpmode>") != NULL, "findings said in line order: %s", said);
	ok(lint("SEP1.cnf.xml", "<device>\n<a>\n<b>\n</b>\n</a>\n</a>\n"
	    "</x>\n</device>\n", NULL, 0) == 1 && last.errors == 1,
	    "one extra end tag is one error, not its echoes: %s", said);
	ok(lint("SEP1.cnf.xml", "<device>\n<a>x</b>\n<c>x</d>\n</device>\n",
	    NULL, 0) == 2 && last.errors == 2,
	    "two independent mismatches are two errors");
	ok(one("SEP1.cnf.xml", "<device>\n<authPassword[x]</authPassword>\n"
	    "</device>\n", NULL, 0, "error", 2, "not well-formed"), "after "
	    "another kind of error, no mismatch echoes");
	ok(clean("dialplan.xml", "<DIALTEMPLATE>\n<TEMPLATE MATCH=\"*\" "
	    "Timeout=\"5\"/>\n</DIALTEMPLATE>\n", NULL) &&
	    clean("directory.xml", "<CiscoIPPhoneDirectory><DirectoryEntry>"
	    "<Name>x</Name></DirectoryEntry></CiscoIPPhoneDirectory>", NULL),
	    "other XML of a TFTP root (dial plan, directory): well-formed is "
	    "clean");
	ok(one("RINGLIST.XML", "<CiscoIPPhoneRingList/>\n", NULL, 1,
	    "warning", 1, "only well-formedness checked"), "... --strict "
	    "says so");
	ok(one("XMLDefault.cnf.xml", "<device/>\n", NULL, 0, "error", 1,
	    "root element <device>"), "wrong root for XMLDefault");
	ok(one("SEP001122334455.cnf.xml", "<Device>\n</Device>\n", NULL, 0,
	    "error", 1, "wants <device>"), "wrong-cased root for a SEP file");
	ok(one("XMLDefault.cnf.xml", xmldefault("<loadInformation7>P0S3-8-13-00"
	    "</loadInformation7>\n"), cat, 0, "error", 3, "load P0S3-8-13-00 "
	    "is not in"), "with -r, a load ROOT lacks is an error");
	ok(clean("XMLDefault.cnf.xml", xmldefault("<loadInformation7>"
	    "P0S3-8-12-00</loadInformation7>\n"), cat), "... one it has is "
	    "clean");
	ok(one("XMLDefault.cnf.xml", xmldefault("<loadinformation404>x"
	    "</loadinformation404>\n"), NULL, 0, "warning", 3,
	    "write <loadInformation404>"), "wrongly-cased loadInformation: a "
	    "warning");
	ok(one("XMLDefault.cnf.xml", "<Default>\n<loadInformation7>"
	    "P0S3-8-12-00</loadInformation7>\n</Default>\n", NULL, 0, "error",
	    1, "no processNodeName"), "missing processNodeName");

	/* OS79XX.TXT: its own grammar. */
	ok(clean("OS79XX.TXT", "P0S3-8-12-00\r\n", NULL), "OS79XX.TXT is not "
	    "XML: one image name is clean");
	ok(clean("OS79XX.TXT", "P0S3-8-12-00 \r\n", NULL), "a trailing space "
	    "alone cannot be judged without ROOT");
	ok(one("OS79XX.TXT", "P0S3-8-12-00 \r\n", cat, 0, "error", 1,
	    "CSCdv19260"), "with -r, the trailing space (CSCdv19260) is an "
	    "error: the phone asks for the name with it");
	ok(clean("OS79XX.TXT", "P0S3-8-12-00\r\n", cat), "... the bare name "
	    "in ROOT is clean");
	ok(one("OS79XX.TXT", "P0S3-8-13-00\n", cat, 0, "error", 1, "not in"),
	    "with -r, an image ROOT lacks is an error");
	ok(one("OS79XX.TXT", "\r\n", NULL, 0, "error", 1, "names no image"),
	    "an empty OS79XX.TXT is an error");
	ok(one("OS79XX.TXT", "P0S3-8-12-00.sbn\r\n", NULL, 0, "error", 1,
	    "with its extension"), "an image name with its extension is an "
	    "error");
	ok(one("OS79XX.TXT", "P0S3-8-12-00\r\nP0030801SR02\r\n", NULL, 0,
	    "warning", 2, "first line only"), "a second line is ignored by "
	    "the phone: a warning");
	ok(one("OS79XX.TXT", "P0S3\001-8\r\n", NULL, 0, "error", 1,
	    "not a text file"), "binary bytes are an error");

	/* SIPDefault.cnf / SIP<MAC>.cnf: "key: value". */
	t = "# SIP Default\nimage_version: P0S3-8-12-00\n\nproxy1_address: "
	    "198.18.0.1\nproxy1_port: 5060 ; default\nline2_name: 201\n"
	    "line6_authname: \"201\" ; six lines on a 7960\n"
	    "messages_uri : \"\"\n \ndate_format : D-M-YY\n";
	ok(clean("SIPDefault.cnf", t, NULL), "a SIPDefault.cnf is not XML: "
	    "real keys are clean");
	ok(clean("SIPDefault.cnf", t, cat), "... and its image is in ROOT");
	ok(one("SIPDefault.cnf", "image_version: \"P0S3-8-13-00\"\n", cat, 0,
	    "error", 1, "image P0S3-8-13-00 is not in"), "with -r, an "
	    "image_version ROOT lacks is an error");
	ok(one("SIP001122334455.cnf", "line1_name: 201\nimage_verison: "
	    "P0S3-8-12-00\n", NULL, 0, "warning", 2, "unknown key "
	    "image_verison: did you mean image_version?"), "a misspelt known "
	    "key is a warning with the right one");
	ok(one("SIP001122334455.cnf", "Proxy1_Address: 198.18.0.1\n", NULL, 0,
	    "warning", 1, "write proxy1_address"), "a wrongly-cased key is a "
	    "warning");
	ok(clean("SIP001122334455.cnf", "some_future_key: 1\n", NULL) &&
	    one("SIP001122334455.cnf", "some_future_key: 1\n", NULL, 1,
	    "warning", 1, "not in the vocabulary"), "an unknown key: nothing, "
	    "unless strict");
	ok(one("SIPDefault.cnf", "image_version P0S3-8-12-00\n", NULL, 0,
	    "warning", 1, "not \"name: value\""), "a line outside the grammar "
	    "is a warning");

	/* Issue 15: entities are never expanded; one file's cost is capped. */
	t = "<?xml version=\"1.0\"?>\n<!DOCTYPE Default SYSTEM "
	    "\"http://198.18.0.9/x.dtd\" [\n<!ENTITY x SYSTEM "
	    "\"file:///etc/passwd\">]>\n<Default><autoRegistrationName>&x;"
	    "</autoRegistrationName></Default>\n";
	ok(one("XMLDefault.cnf.xml", t, NULL, 0, "error", 3, "declares an "
	    "entity: refused unread"), "an external entity is refused, "
	    "nothing loaded");
	{
		static const struct { int flat; size_t n; int where;
		    const char *what; } bombs[] = {
			{ 0, 1, 0, "billion laughs" },
			{ 1, 10000, 0, "100 KB entity x 10,000 in an element" },
			{ 1, 165000, 0, "the 660 KB case: 100 KB entity x "
			    "165,000" },
			{ 1, 10000, 1, "100 KB entity x 10,000 in an attribute" },
			{ 1, 10000, 2, "100 KB entity x 10,000 in phoneLabel" },
		};

		for (i = 0; i < sizeof bombs / sizeof bombs[0]; i++) {
			b = bomb(bombs[i].flat, bombs[i].n, bombs[i].where,
			    &len);
			r = measured("XMLDefault.cnf.xml", b, len, &secs, &kib);
			diag("%s, %zu bytes: %.3f s, peak RSS +%ld KiB",
			    bombs[i].what, len, secs, kib);
			ok(r == 1 && secs < 5 && kib < 64 * 1024, "%s: one "
			    "error, in bounded time and memory", bombs[i].what);
			free(b);
		}
	}
	sbuf_init(&sb);
	sbuf_adds(&sb, "<Default>\n");
	for (i = 0; i < CFGLINT_MAX_ELEMENTS + 10; i++)
		sbuf_adds(&sb, "<a/>");
	sbuf_adds(&sb, "</Default>\n");
	r = measured("XMLDefault.cnf.xml", sb.buf, sb.len, &secs, &kib);
	diag("%d elements: %.3f s, peak RSS +%ld KiB", CFGLINT_MAX_ELEMENTS +
	    10, secs, kib);
	ok(r == 1 && secs < 5, "too many elements: refused");
	sbuf_free(&sb);
	ok(one("XMLDefault.cnf.xml", "<Default>&undeclared;</Default>\n", NULL,
	    0, "error", 1, "not well-formed"), "an undeclared entity is not "
	    "well-formed");

	/* Files: a FIFO must not hang the linter. */
	snprintf(path, sizeof path, "%s/SEP001122334455.cnf.xml", root);
	if (mkfifo(path, 0600) == 0) {
		sbuf_init(&sb);
		memset(&last, 0, sizeof last);
		r = cfglint_file(path, NULL, &sb, &last);
		ok(r == 1 && last.errors == 1 && strstr(sb.buf,
		    "not a regular file") != NULL, "a FIFO is refused, "
		    "not read");
		sbuf_free(&sb);
		unlink(path);
	} else
		ok(0, "mkfifo: %s", strerror(errno));
	sbuf_init(&sb);
	memset(&last, 0, sizeof last);
	ok(cfglint_file("/nonexistent/XMLDefault.cnf.xml", NULL, &sb, &last)
	    == 1 && last.errors == 1, "an unreadable file is an error");
	sbuf_free(&sb);

	fw_catalog_free(cat);
	snprintf(path, sizeof path, "rm -rf '%s'", root);
	if (system(path) != 0)
		diag("cannot remove %s", root);
	return (done_testing());
}
