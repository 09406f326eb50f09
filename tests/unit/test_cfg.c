/*
 * Config generation (against golden files in tests/data/cfg/), what we
 * generate linting clean, and the never-overwrite-the-user's-file rule
 * (the lint rules: test_cfglint.c).
 */
#include "config.h"

#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "cfg/cfglint.h"
#include "cfg/cfgxml.h"
#include "fw/fw_catalog.h"
#include "fw/fw_import.h"
#include "fw_testutil.h"
#include "model/model.h"
#include "sbuf.h"

static void
golden(const char *name, const struct sbuf *got)
{
	unsigned char	*want;
	size_t		 len;
	char		 path[128];
	FILE		*f;

	snprintf(path, sizeof path, "cfg/%s", name);
	want = fixture(path, &len);
	if (!ok(want != NULL && len == got->len &&
	    memcmp(want, got->buf, len) == 0,
	    "%s matches its golden file", name)) {
		snprintf(path, sizeof path, "/tmp/%s.got", name);
		if ((f = fopen(path, "wb")) != NULL) {
			fwrite(got->buf, 1, got->len, f);
			fclose(f);
		}
		diag("wrote what we got to %s", path);
	}
	free(want);
}

/* Lint text; 1 if the output has want at line (0: any line). */
static int
lint_has(const char *file, const char *xml, const struct fw_catalog *c,
    int line, const char *want)
{
	struct sbuf	 out;
	char		 pat[64];
	int		 r;

	struct cfglint_opts o = { c, 0 };

	sbuf_init(&out);
	cfglint_buffer(file, xml, strlen(xml), &o, &out, NULL);
	snprintf(pat, sizeof pat, "%s:%d: ", file, line);
	r = out.len > 0 && strstr(out.buf, want) != NULL &&
	    (line == 0 || strstr(out.buf, pat) != NULL);
	if (!r)
		diag("lint said: %s", out.len > 0 ? out.buf : "(nothing)");
	sbuf_free(&out);
	return (r);
}

static int
lint_count(const char *file, const char *xml, const struct fw_catalog *c)
{
	struct cfglint_opts o = { c, 0 };
	struct sbuf	 out;
	int		 n;

	sbuf_init(&out);
	n = cfglint_buffer(file, xml, strlen(xml), &o, &out, NULL);
	if (n != 0)
		diag("lint said: %s", out.buf);
	sbuf_free(&out);
	return (n);
}

static char *
get(const char *dir, const char *name)
{
	static char	 buf[8192];
	char		 path[4096];
	size_t		 n;
	FILE		*f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	buf[0] = '\0';
	if ((f = fopen(path, "rb")) != NULL) {
		n = fread(buf, 1, sizeof buf - 1, f);
		buf[n] = '\0';
		fclose(f);
	}
	return (buf);
}

/* The demo bundle VARIANT (NULL: the base one) imported into ROOT; 0 or -1. */
static int
import_demo(const char *root, const char *variant, char *err)
{
	struct fw_import_opts o;
	struct fw_manifest m;
	char		 dir[4096], cmd[4200];
	int		 r;

	snprintf(dir, sizeof dir, "%s.%s", root, variant != NULL ? variant :
	    "bundle");
	memset(&o, 0, sizeof o);
	o.known_path = "/dev/null";
	if (fw_demo_write_bundle(dir, "dir", variant, 1024, err,
	    FW_ERRBUF_SIZE) != 0)
		return (-1);
	r = fw_import_archive(dir, root, &o, &m, err);
	fw_manifest_free(&m);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		diag("cannot remove %s", dir);
	return (r);
}

int
main(void)
{
	struct fw_catalog *c;
	struct cfgxml_opts co;
	struct cfgxml_sep sep;
	struct cfgxml_legacy l;
	struct sbuf	 sb;
	struct stat	 st;
	char		 root[] = "/tmp/test_cfg.XXXXXX", dir[4096];
	char		 err[FW_ERRBUF_SIZE], name[64], cmd[4200];

	if (mkdtemp(root) == NULL)
		return (99);
	is_int(import_demo(root, NULL, err), 0, "demo directory imported: %s",
	    err);
	c = fw_catalog_open(root, err, sizeof err);
	if (c == NULL)
		return (99);

	/* Generation. */
	sbuf_init(&sb);
	co.server = "198.18.0.1";
	co.autoreg = NULL;
	is_int(cfgxml_default(c, &co, &sb, err, sizeof err), 0, "XMLDefault");
	golden("XMLDefault.cnf.xml", &sb);
	ok(cfgxml_is_ours(sb.buf, sb.len), "it carries our marker");
	is_int(lint_count("XMLDefault.cnf.xml", sb.buf, c), 0,
	    "our XMLDefault lints clean against ROOT");

	sbuf_reset(&sb);
	memset(&sep, 0, sizeof sep);
	sep.mac = "00:1b:2a:3c:4d:5e";
	sep.model = model_find("7970");
	sep.load = "SIP70.8-5-2S";
	sep.server = "198.18.0.1";
	sep.proxy = "198.18.0.1";
	sep.line = "201";
	sep.password = "secret";
	sep.display = "Bench";
	sep.label = "Bench-201";
	is_int(cfgxml_sep(&sep, &sb, name, sizeof name, err, sizeof err), 0,
	    "SEP file");
	is_str(name, "SEP001B2A3C4D5E.cnf.xml", "SEP name: upper-case MAC");
	golden("SEP001B2A3C4D5E.cnf.xml", &sb);
	is_int(lint_count(name, sb.buf, c), 0, "our SEP file lints clean");
	sep.label = "Bench 201";
	sbuf_reset(&sb);
	is_int(cfgxml_sep(&sep, &sb, name, sizeof name, err, sizeof err), -1,
	    "a phoneLabel with spaces is refused");
	sep.mac = "not-a-mac";
	is_int(cfgxml_sep(&sep, &sb, name, sizeof name, err, sizeof err), -1,
	    "a bad MAC is refused");

	sbuf_reset(&sb);
	is_int(cfgxml_os79xx("P0S3-8-12-00", &sb, err, sizeof err), 0,
	    "OS79XX.TXT");
	ok(sb.len == 14 && memcmp(sb.buf, "P0S3-8-12-00\r\n", 14) == 0,
	    "OS79XX.TXT is the name, CRLF, no trailing space");
	is_int(lint_count("OS79XX.TXT", sb.buf, NULL), 0,
	    "our OS79XX.TXT lints clean");
	is_int(cfgxml_os79xx("P0S3-8-12-00 ", &sb, err, sizeof err), -1,
	    "a space is refused (CSCdv19260)");
	sbuf_reset(&sb);
	is_int(cfgxml_sipdefault("P0S3-8-12-00", "198.18.0.1", &sb, err,
	    sizeof err), 0, "SIPDefault.cnf");
	golden("SIPDefault.cnf", &sb);
	ok(cfgxml_sipdefault("P0S3-8-12-00", "pbx example", &sb, err,
	    sizeof err) == -1 && cfgxml_sipdefault("P0S3-8-12-00", "pbx\"x",
	    &sb, err, sizeof err) == -1, "a proxy with a space or a quote is "
	    "refused");
	is_int(lint_count("SIPDefault.cnf", sb.buf, NULL), 0,
	    "our SIPDefault.cnf lints clean");

	/* Installing: ours updated, the user's kept, forced with a backup. */
	put(root, "XMLDefault.cnf.xml", "<Default><!-- mine --></Default>\n");
	is_int(cfgxml_refresh_default(root, &co, 0, err, sizeof err),
	    CFGXML_KEPT, "the user's XMLDefault is kept: %s", err);
	is_str(get(root, "XMLDefault.cnf.xml"),
	    "<Default><!-- mine --></Default>\n", "untouched");
	is_int(cfgxml_refresh_default(root, &co, 1, err, sizeof err),
	    CFGXML_REPLACED, "--force replaces it: %s", err);
	is_str(get(root, "XMLDefault.cnf.xml.bak"),
	    "<Default><!-- mine --></Default>\n", "after a backup");
	is_int(cfgxml_refresh_default(root, NULL, 0, err, sizeof err),
	    CFGXML_UNCHANGED, "regenerating ours with nothing new: unchanged");
	snprintf(dir, sizeof dir, "%s/cnu42.9-4-2ES26.sbn", root);
	unlink(dir);
	is_int(cfgxml_refresh_default(root, NULL, 0, err, sizeof err),
	    CFGXML_UPDATED, "ours is regenerated when ROOT changes");
	ok(strstr(get(root, "XMLDefault.cnf.xml"), "loadInformation434") ==
	    NULL, "an incomplete load is left out");
	ok(strstr(get(root, "XMLDefault.cnf.xml"), "198.18.0.1") != NULL,
	    "the server is kept");
	ok(stat(dir, &st) != 0, "(the component is gone)");

	/* The lint rules themselves: tests/unit/test_cfglint.c. */
	ok(lint_has("XMLDefault.cnf.xml", "<Default>\n<loadInformation7>"
	    "P0S3-8-12-00</loadInformation7>\n</Default>\n", c, 2,
	    "load P0S3-8-12-00 is not in"), "a load ROOT lacks is named");

	/* The 7940/7960 files: only when ROOT serves them a complete load. */
	memset(&l, 0, sizeof l);
	is_int(cfgxml_legacy(c, &l), -1, "no 7940/7960 load: no OS79XX.TXT");
	ok(l.model == NULL && l.load == NULL, "and nothing filled in");
	fw_catalog_free(c);
	is_int(import_demo(root, "legacy", err), 0,
	    "legacy bundle imported: %s", err);
	if ((c = fw_catalog_open(root, err, sizeof err)) == NULL)
		return (99);
	is_int(cfgxml_legacy(c, &l), 0, "a 7940/7960 load is served");
	ok(l.model != NULL && strcmp(l.model->name, "7960") == 0,
	    "the 7960 first");
	is_str(l.load, "P0S3-8-12-00", "its load");
	ok(l.os79xx && l.sipdefault, "a SIP image: OS79XX.TXT and SIPDefault");
	ok(cfgxml_is_sip_image("p0s3-8-12-00") &&
	    !cfgxml_is_sip_image("P003-8-12-00") &&
	    !cfgxml_is_sip_image("P00308010200") &&
	    !cfgxml_is_sip_image("SIP70.8-5-2S"),
	    "SIP images are P0S..., SCCP ones P003.../P0030...");

	sbuf_free(&sb);
	fw_catalog_free(c);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	if (system(cmd) != 0)
		diag("cannot remove %s", root);
	return (done_testing());
}
