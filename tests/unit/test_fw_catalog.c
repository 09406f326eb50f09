/*
 * Versions, the upgrade-path advice, and the catalogue over a root built
 * from the synthetic bundle: which load each model gets, completeness,
 * several versions side by side and choosing between them.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "fw/fw_catalog.h"
#include "fw/fw_import.h"
#include "fw/sgn.h"
#include "model/model.h"

static int
vcmp(const char *a, const char *b)
{
	struct fw_version va, vb;

	if (fw_version_of_load(a, &va) != 0 || fw_version_of_load(b, &vb) != 0)
		return (99);
	return (fw_version_cmp(&va, &vb));
}

static const char *
vstr(const char *load)
{
	static char	 buf[64];
	struct fw_version v;

	if (fw_version_of_load(load, &v) != 0)
		return ("-");
	fw_version_str(&v, buf, sizeof buf);
	return (buf);
}

static void
write_file(const char *dir, const char *name, const void *p, size_t n)
{
	char	 path[4096];
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) != NULL) {
		fwrite(p, 1, n, f);
		fclose(f);
	}
}

/* A second, older SIP70 load with its own term files, as another bundle. */
static void
add_old_sip70(const char *root)
{
	static const char *comps[] = { "jar70sip.8-3-2-27.sbn",
	    "cnu70.8-3-2-27.sbn", "apps70.8-3-2-27.sbn", "dsp70.8-3-2-27.sbn",
	    "cvm70sip.8-3-2-27.sbn" };
	uint8_t		 buf[2048];
	char		 body[512], dir[4096];
	size_t		 h, i;

	snprintf(body, sizeof body, "%s\r\n%s\r\n%s\r\n%s\r\n%s\r\n",
	    comps[0], comps[1], comps[2], comps[3], comps[4]);
	h = sgn_build(buf, sizeof buf, "SIP70.8-3-2S.loads", 1);
	memcpy(buf + h, body, strlen(body));
	write_file(root, "SIP70.8-3-2S.loads", buf, h + strlen(body));
	for (i = 0; i < 5; i++)
		write_file(root, comps[i], "0123456789", 10);
	snprintf(dir, sizeof dir, "%s/.phonerescue", root);
	mkdir(dir, 0755);
	snprintf(dir, sizeof dir, "%s/.phonerescue/terms", root);
	mkdir(dir, 0755);
	snprintf(dir, sizeof dir, "%s/.phonerescue/terms/SIP70.8-3-2S", root);
	mkdir(dir, 0755);
	h = sgn_build(buf, sizeof buf, "term70.default.loads", 2);
	memcpy(buf + h, body, strlen(body));
	write_file(dir, "term70.default.loads", buf, h + strlen(body));
}

int
main(void)
{
	struct fw_catalog *c;
	struct fw_served s;
	struct fw_manifest m;
	struct fw_import_opts o;
	char		 root[] = "/tmp/test_fw_catalog.XXXXXX", bundle[4096];
	char		 err[FW_ERRBUF_SIZE], cmd[8192];
	size_t		 i;
	int		 found;

	/* Versions. */
	is_str(vstr("SIP70.9-4-2SR3-1S"), "9.4(2)SR3-1", "9-4-2SR3-1S");
	is_str(vstr("SCCP45.9-4-2-1SR3-1S"), "9.4(2.1)SR3-1", "9-4-2-1SR3-1S");
	is_str(vstr("SIP42.8-5-2S"), "8.5(2)", "8-5-2S");
	is_str(vstr("P0030801SR02"), "8.1SR2", "legacy P0030801SR02");
	is_str(vstr("P0S3-8-12-00"), "8.12(0)", "legacy SIP P0S3-8-12-00");
	is_str(vstr("CP7921G-1.4.6.3"), "1.4(6.3)", "7921 load");
	is_str(vstr("term70.default"), "-", "a term file has no own version");
	is_int(vcmp("SIP70.8-5-2S", "SIP70.8-5-3S"), -1, "8.5(2) < 8.5(3)");
	is_int(vcmp("SIP70.9-4-2SR3-1S", "SIP70.9-4-2S"), 1, "SR3 > plain");
	is_int(vcmp("SIP70.9-4-2SR3-1S", "SIP70.9-4-2SR4-3S"), -1,
	    "SR3-1 < SR4-3");
	is_int(vcmp("SIP70.8-3-3S", "SIP70.8-3-3S"), 0, "equal");
	is_int(vcmp("SIP41.8-5-4S", "SIP41.8-12-0S"), -1, "numeric, not text");
	{
		struct fw_version v;

		fw_version_of_load("SIP70.8-5-2S", &v);
		ok(fw_upgrade_advice(&v) == NULL, "no advice for 8.5(2)");
		fw_version_of_load("SIP70.8-5-3S", &v);
		ok(fw_upgrade_advice(&v) != NULL, "advice for 8.5(3)");
		fw_version_of_load("SIP70.9-4-2SR3-1S", &v);
		ok(fw_upgrade_advice(&v) != NULL &&
		    strstr(fw_upgrade_advice(&v), "8.5(2)") != NULL,
		    "9.4(2) names the 8.5(2) step");
	}

	/* A root from the demo bundle, imported. */
	if (mkdtemp(root) == NULL)
		return (99);
	snprintf(bundle, sizeof bundle, "%s.zip", root);
	is_int(fw_demo_write_bundle(bundle, "zip", NULL, 4096, err, sizeof err), 0,
	    "demo bundle written");
	memset(&o, 0, sizeof o);
	o.known_path = "/dev/null";
	is_int(fw_import_archive(bundle, root, &o, &m, err), 0,
	    "demo bundle imported: %s", err);
	fw_manifest_free(&m);
	unlink(bundle);

	c = fw_catalog_open(root, err, sizeof err);
	ok(c != NULL, "catalogue opens");
	if (c == NULL)
		return (done_testing());
	ok(fw_catalog_served(c, model_find("7970"), &s), "7970 served");
	is_str(s.load_name, "SIP70.8-5-2S", "7970 gets SIP70.8-5-2S");
	is_str(s.via, "term70.default.loads", "through its term file");
	ok(s.complete, "complete");
	is_int(s.load->body.ncomp, 5, "of five components");
	is_str(fw_catalog_component(c, s.load, 0), "Jar70sip.8-5-2-13.sbn",
	    "component 0 as named on disk");
	ok(fw_catalog_component(c, s.load, 5) == NULL, "no component 5");
	ok(fw_catalog_served(c, model_find("7971G-GE"), &s) &&
	    strcmp(s.load_name, "SIP70.8-5-2S") == 0, "7971-GE too");
	ok(fw_catalog_served(c, model_find("7962"), &s) &&
	    strcmp(s.load_name, "SIP42.9-4-2SR3-1S") == 0, "7962 gets SIP42");
	for (i = 0, found = 0; i < s.nnotes; i++)
		found |= strstr(s.notes[i], "8.3(3)") != NULL;
	ok(found, "9.4(2) comes with the 8.3(3)/8.5(2) advice");
	ok(!fw_catalog_served(c, model_find("7941"), &s), "7941 not served");
	is_str(fw_catalog_resolve(c, "jar70sip.8-5-2-13.sbn"),
	    "Jar70sip.8-5-2-13.sbn", "resolved in any letter case");
	fw_catalog_free(c);

	/* Remove a component: incomplete, and the missing file is named. */
	snprintf(cmd, sizeof cmd, "%s/dsp42.9-4-2ES26.sbn", root);
	unlink(cmd);
	c = fw_catalog_open(root, err, sizeof err);
	fw_catalog_served(c, model_find("7942"), &s);
	ok(!s.complete, "7942 incomplete without its dsp");
	ok(s.nnotes > 0 && strstr(s.notes[0], "dsp42.9-4-2ES26.sbn") != NULL,
	    "names the missing file");
	fw_catalog_free(c);

	/* Several versions side by side; choose the older term file. */
	add_old_sip70(root);
	c = fw_catalog_open(root, err, sizeof err);
	fw_catalog_served(c, model_find("7970"), &s);
	is_str(s.load_name, "SIP70.8-5-2S", "still 8.5(2) via term70");
	ok(s.nalt == 1 && strcmp(s.alt[0]->name, "SIP70.8-3-2S") == 0,
	    "8.3(2) listed as an alternative");
	{
		/* The versions ROOT holds, each with the files naming it. */
		struct fw_version_info vi[8];
		size_t	 nv, k, i85 = 9, i83 = 9;

		nv = fw_catalog_versions(c, model_find("7970"), vi, 8);
		for (k = 0; k < nv; k++) {
			if (strcmp(vi[k].load->name, "SIP70.8-5-2S") == 0)
				i85 = k;
			if (strcmp(vi[k].load->name, "SIP70.8-3-2S") == 0)
				i83 = k;
		}
		is_int(nv, 2, "versions: two for the 7970");
		ok(i85 < nv && vi[i85].active && strcmp(vi[i85].term,
		    ".phonerescue/terms/SIP70.8-5-2S/term70.default.loads") == 0,
		    "versions: 8.5(2) is the served default, its term kept");
		ok(i83 < nv && !vi[i83].active && strcmp(vi[i83].term,
		    ".phonerescue/terms/SIP70.8-3-2S/term70.default.loads") == 0,
		    "versions: 8.3(2) beside it, with its kept term file");
		is_int(fw_catalog_versions(c, model_find("7941"), vi, 8), 0,
		    "versions: none for the 7941");
		is_int(fw_catalog_versions(c, model_find("7970"), vi, 1), 1,
		    "versions: max respected");
	}
	fw_catalog_free(c);
	is_int(fw_catalog_set_default(root, model_find("7970"), "SIP70.8-3-2S",
	    err, sizeof err), 0, "choose SIP70.8-3-2S for the 7970: %s", err);
	c = fw_catalog_open(root, err, sizeof err);
	fw_catalog_served(c, model_find("7970"), &s);
	is_str(s.load_name, "SIP70.8-3-2S", "term70 now names 8.3(2)");
	fw_catalog_served(c, model_find("7971-GE"), &s);
	is_str(s.load_name, "SIP70.8-5-2S", "the 7971 keeps its own term file");
	fw_catalog_free(c);
	is_int(fw_catalog_set_default(root, model_find("7970"), "SIP70.1-0-0S",
	    err, sizeof err), -1, "no stored term file for an unknown load");
	is_int(fw_catalog_set_default(root, model_find("7960"), "P0S3-8-12-00",
	    err, sizeof err), 0, "a choice for a model without term file");
	c = fw_catalog_open(root, err, sizeof err);
	is_int(c->nchoices, 1, "written to .phonerescue/defaults");
	fw_catalog_free(c);

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	if (system(cmd) != 0)
		diag("could not remove %s", root);
	return (done_testing());
}
