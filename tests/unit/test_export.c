/* Unit tests for src/export: match strings and the written configurations. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "fw/fw_catalog.h"
#include "fw/fw_import.h"
#include "model/model.h"
#include "../tap.h"

/* Run export_write into a string (caller frees); NULL on failure. */
static char *
render(enum export_format fmt, const struct export_cfg *c, char *err,
    size_t errlen)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f;
	int	 rc;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return (NULL);
	rc = export_write(f, fmt, c, err, errlen);
	fclose(f);
	if (rc != 0) {
		free(buf);
		return (NULL);
	}
	return (buf);
}

/* Which models a ROOT with the demo bundle exports, with or without --all-models. */
static void
test_from_catalog(void)
{
	static struct export_cfg c;
	struct fw_import_opts	 o;
	struct fw_manifest	 man;
	struct fw_catalog	*cat;
	struct fw_served	 s;
	char			 root[] = "/tmp/test_export.XXXXXX", dir[64];
	char			 err[FW_ERRBUF_SIZE], cmd[160];
	size_t			 i, n, served = 0, loaded = 0;

	if (mkdtemp(root) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(dir, sizeof dir, "%s.bundle", root);
	memset(&o, 0, sizeof o);
	o.known_path = "/dev/null";
	ok(fw_demo_write_bundle(dir, "dir", NULL, 1024, err, sizeof err) == 0 &&
	    fw_import_archive(dir, root, &o, &man, err) == 0,
	    "demo bundle imported: %s", err);
	fw_manifest_free(&man);
	if ((cat = fw_catalog_open(root, err, sizeof err)) != NULL) {
		for (i = 0; i < model_count(); i++)
			served += fw_catalog_served(cat, model_at(i), &s);
		memset(&c, 0, sizeof c);
		n = export_from_catalog(&c, cat, 0);
		for (i = 0; i < c.nentries; i++)
			loaded += c.entries[i].load[0] != '\0' &&
			    fw_catalog_served(cat, c.entries[i].model, &s) &&
			    strcmp(s.load_name, c.entries[i].load) == 0;
		ok(n > 0 && n == served && n == c.nentries && loaded == n,
		    "the models ROOT serves, each with its load (%zu)", n);
		memset(&c, 0, sizeof c);
		n = export_from_catalog(&c, cat, 1);
		for (i = 0, loaded = 0; i < c.nentries; i++)
			loaded += c.entries[i].load[0] != '\0';
		ok(n == model_count() && n == c.nentries && loaded == served,
		    "all models: the others without a load (%zu)", n);
		fw_catalog_free(cat);
	} else
		ok(0, "catalogue: %s", err);
	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", root, dir);
	if (system(cmd) != 0)
		diag("cannot remove %s", root);
}

int
main(void)
{
	static struct export_cfg c;
	enum export_format	 fmt;
	char			 m[128], err[256], *out;

	plan(32);
	test_from_catalog();

	ok(export_format_parse("dnsmasq", &fmt) == 0 && fmt == EXPORT_DNSMASQ,
	    "dnsmasq");
	ok(export_format_parse("kea", &fmt) == 0 && fmt == EXPORT_KEA, "kea");
	ok(export_format_parse("isc", &fmt) == -1, "isc is not a format");

	export_match_substring(model_find("7970"), m, sizeof m);
	is_str(m, "Phone CP-7970G", "7970 substring");
	export_match_prefix(model_find("7961-GE"), m, sizeof m);
	is_str(m, "Cisco Systems, Inc. IP Phone CP-7961G-GE", "7961-GE prefix");
	export_match_prefix(model_find("7940"), m, sizeof m);
	is_str(m, "Cisco Systems, Inc. IP Phone CP-7940",
	    "7940 without G (8.1(2) sends CP-7940)");
	export_match_prefix(model_find("7921"), m, sizeof m);
	is_str(m, "Cisco Systems Inc. Wireless Phone 7921",
	    "7921: no comma, Wireless");
	export_match_substring(model_find("7905"), m, sizeof m);
	is_str(m, "Phone 7905", "7905 without CP-");

	/* Every table model's prefix parses back to that model. */
	{
		size_t	 i, good = 0, n = 0;
		char	 name[16];

		for (i = 0; i < model_count(); i++) {
			const struct model *mm = model_at(i);
			if (strcmp(mm->family, "legacy") == 0)
				continue;	/* CP-7940: no G, by design */
			n++;
			export_match_prefix(mm, m, sizeof m);
			if (model_parse_vendor_class(m, strlen(m), name,
			    sizeof name) == 0 && strcmp(name, mm->name) == 0)
				good++;
			else
				diag("%s: %s -> %s", mm->name, m, name);
		}
		ok(n > 10 && good == n, "prefixes name their models (%zu/%zu)",
		    good, n);
	}

	/* Nothing to export. */
	memset(&c, 0, sizeof c);
	c.root = "/srv/tftp";
	ok(render(EXPORT_DNSMASQ, &c, err, sizeof err) == NULL,
	    "no model: refused (%s)", err);

	ok(export_add(&c, model_find("7970"), "SCCP70.8-5-2S") == 0, "add");
	ok(export_add(&c, model_find("7942"), NULL) == 0, "add");
	c.version = "9.9";

	/* dnsmasq, own address. */
	out = render(EXPORT_DNSMASQ, &c, err, sizeof err);
	ok(out != NULL, "dnsmasq written");
	ok(out != NULL && strstr(out, "\nenable-tftp\ntftp-root=/srv/tftp\n")
	    != NULL, "TFTP root");
	ok(out != NULL && strstr(out, "dhcp-vendorclass=set:phonerescue-cisco,"
	    "Phone CP-7970G\n") != NULL, "7970 vendor class");
	ok(out != NULL && strstr(out, "# 7970 (CP-7970G): SCCP70.8-5-2S\n")
	    != NULL, "load in the comment");
	ok(out != NULL && strstr(out, ",150,0.0.0.0\n") != NULL &&
	    strstr(out, ",66,") == NULL, "own address: 150 only");
	free(out);

	/* dnsmasq, given address. */
	c.address = "198.18.7.1";
	out = render(EXPORT_DNSMASQ, &c, err, sizeof err);
	ok(out != NULL && strstr(out, "dhcp-option-force=tag:phonerescue-cisco,"
	    "150,198.18.7.1\n") != NULL, "150");
	ok(out != NULL && strstr(out, "dhcp-option-force=tag:phonerescue-cisco,"
	    "66,\"198.18.7.1\"\n") != NULL, "66 as text");
	ok(out != NULL && strstr(out, "dhcp-boot=tag:phonerescue-cisco,,,"
	    "198.18.7.1\n") != NULL, "siaddr");
	free(out);

	/* A root dnsmasq would split. */
	c.root = "/srv/a,b";
	ok(render(EXPORT_DNSMASQ, &c, err, sizeof err) == NULL,
	    "comma in root refused (%s)", err);
	c.root = "/srv/x\ny";
	ok(render(EXPORT_DNSMASQ, &c, err, sizeof err) == NULL,
	    "newline in root refused");

	/* Kea: JSON escapes the root; the test names both models. */
	c.root = "/srv/\"q\"\\";
	out = render(EXPORT_KEA, &c, err, sizeof err);
	ok(out != NULL, "kea written");
	ok(out != NULL && strstr(out, "\"tftp-root\": \"/srv/\\\"q\\\"\\\\\"")
	    != NULL, "root escaped");
	free(out);
	/* UTF-8 kept; a Latin-1 byte would make the JSON invalid: U+FFFD. */
	c.root = "/srv/t\xc3\xa9l\xe9\tx";
	out = render(EXPORT_KEA, &c, err, sizeof err);
	ok(out != NULL && strstr(out, "\"tftp-root\": "
	    "\"/srv/t\xc3\xa9l\\ufffd\\tx\"") != NULL,
	    "root: UTF-8 kept, Latin-1 as U+FFFD, a tab escaped");
	ok(out != NULL && strstr(out, "substring(option[60].hex,0,37) == "
	    "'Cisco Systems, Inc. IP Phone CP-7970G') or (substring(option"
	    "[60].hex,0,37) == 'Cisco Systems, Inc. IP Phone CP-7942G')")
	    != NULL, "test");
	ok(out != NULL && strstr(out, "\"next-server\": \"198.18.7.1\"")
	    != NULL, "next-server");
	ok(out != NULL && strstr(out, "\"type\": \"ipv4-address\",\n"
	    "        \"array\": true") != NULL, "150 is an address array");
	free(out);

	c.address = NULL;
	ok(render(EXPORT_KEA, &c, err, sizeof err) == NULL,
	    "kea without address refused (%s)", err);
	return (done_testing());
}
