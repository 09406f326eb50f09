/*
 * Upgrade plans (issue 20): load versions from the real load names and
 * .loads bodies of shared/fixtures/real-loads, ordering, the signing-key
 * bridge window, the 7940/7960 stages, and every plan kind.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "fw/fw_catalog.h"
#include "fw/loads.h"
#include "fw/plan.h"
#include "fw_testutil.h"
#include "model/model.h"

static char *
vstr(const char *running)
{
	static char	 buf[64];
	struct plan_running r;

	if (plan_parse_running(running, &r) != 0)
		return ("(none)");
	fw_version_str(&r.ver, buf, sizeof buf);
	return (buf);
}

static int
vcmp(const char *a, const char *b)
{
	struct plan_running x, y;

	if (plan_parse_running(a, &x) != 0 || plan_parse_running(b, &y) != 0)
		return (99);
	return (fw_version_cmp(&x.ver, &y.ver));
}

static char *
body_ver(const char *file)
{
	static char	 buf[64];
	struct loads	 l;
	struct fw_version v;
	unsigned char	*data;
	char		 path[128], err[160];
	size_t		 len;

	snprintf(path, sizeof path, "real-loads/%s", file);
	if ((data = fixture(path, &len)) == NULL)
		return ("(no fixture)");
	if (loads_parse(data, len, &l, err, sizeof err) != 0 ||
	    plan_version_of_body(&l, &v) != 0) {
		free(data);
		return ("(unparsed)");
	}
	free(data);
	fw_version_str(&v, buf, sizeof buf);
	return (buf);
}

static void
held(struct plan_in *in, const char *load, int complete)
{
	struct plan_held *h = &in->held[in->nheld++];

	memset(h, 0, sizeof *h);
	snprintf(h->load, sizeof h->load, "%s", load);
	if (fw_version_of_load(load, &h->ver) != 0)
		diag("no version in %s", load);
	h->complete = complete;
}

static enum plan_kind
mk(const char *model, const char *running, struct plan_in *in, struct plan *p,
    char *line, size_t len)
{
	in->model = model_find(model);
	if (running != NULL)
		plan_parse_running(running, &in->running);
	else
		memset(&in->running, 0, sizeof in->running);
	plan_make(in, p);
	plan_str(p, line, len);
	diag("%s on %s: %s", model, running != NULL ? running : "?", line);
	return (p->kind);
}

int
main(void)
{
	struct plan_in	 in;
	struct plan	 p;
	struct plan_running r;
	struct fw_version v;
	char		 line[512];
	static const char vc_old[] = "Cisco Systems, Inc. IP Phone";
	static const char vc_40[] = "Cisco Systems, Inc. IP Phone CP-7940G";
	static const char vc_70[] = "Cisco Systems, Inc. IP Phone CP-7970G";

	/* Load names as CDP/LLDP report them and as ROOT holds them. */
	is_str(vstr("SCCP70.8-3-1S"), "8.3(1)", "SCCP70.8-3-1S");
	is_str(vstr("SIP70.9-4-2SR3-1S"), "9.4(2)SR3-1", "SIP70.9-4-2SR3-1S");
	is_str(vstr("SCCP70.9-4-2SR3-1S"), "9.4(2)SR3-1", "SCCP70.9-4-2SR3-1S");
	is_str(vstr("SCCP45.9-4-2SR4-3S"), "9.4(2)SR4-3", "SCCP45.9-4-2SR4-3S");
	is_str(vstr("SCCP69xx.9-4-1-3SR3"), "9.4(1.3)SR3", "SCCP69xx.9-4-1-3SR3");
	is_str(vstr("SCCP75.9-3-1SR2-1S"), "9.3(1)SR2-1",
	    "SCCP75.9-3-1SR2-1S (CDP of a 7975)");
	is_str(vstr("SIP70.8-5-2S"), "8.5(2)", "SIP70.8-5-2S");
	is_str(vstr("SIP42.8-4-2S"), "8.4(2)", "SIP42.8-4-2S");
	is_str(vstr("P0030801SR02"), "8.1SR2", "P0030801SR02");
	is_str(vstr("P003-08-2-00"), "8.2(0)", "P003-08-2-00 (7960 CDP)");
	is_str(vstr("P0S3-8-12-00"), "8.12(0)", "P0S3-8-12-00");
	is_str(vstr("P00303020214"), "3.2(2.14)", "P00303020214 (3.x SCCP)");
	is_str(vstr("P00308010200"), "8.1(2.0)", "P00308010200");
	is_str(vstr("CP7921G-1.4.6.3"), "1.4(6.3)", "CP7921G-1.4.6.3");
	is_str(vstr("CP7925G-1.4.1SR1"), "1.4(1)SR1", "CP7925G-1.4.1SR1");
	is_str(vstr("CP7926G-1.4.1SR1"), "1.4(1)SR1", "CP7926G-1.4.1SR1");
	is_str(vstr("SCCP70.9-4-2SR3-1S.loads"), "9.4(2)SR3-1",
	    "a .loads file name");
	is_str(vstr("8.3(1)"), "8.3(1)", "Cisco notation 8.3(1)");
	is_str(vstr("9.4(2)SR3"), "9.4(2)SR3", "Cisco notation 9.4(2)SR3");
	is_str(vstr("8.5(2)SR1"), "8.5(2)SR1", "8.5(2)SR1");
	is_str(vstr("  8-5-2S"), "8.5(2)", "bare version, leading blanks");
	is_str(vstr("9-4-2ES26"), "9.4(2)ES26", "an ES build keeps its tag");
	is_str(vstr("9-2-1TH1-13"), "9.2(1)TH1-13", "a TH build");
	is_str(vstr(""), "(none)", "empty: unknown");
	is_str(vstr("unknown"), "(none)", "\"unknown\"");
	is_str(vstr("term70.default"), "(none)", "a term name has no version");
	is_str(vstr("hello"), "(none)", "a word has no version");
	is_str(vstr("8.3(1); rm"), "(none)", "junk after a version");
	ok(plan_parse_running("SCCP70.8-3-1S", &r) == 0 && r.known &&
	    strcmp(r.text, "SCCP70.8-3-1S") == 0, "the text as reported kept");

	/* Bodies: the RELEASE line, else the first component's version. */
	is_str(body_ver("term70.default.loads"), "9.4(2)ES26", "term70 body");
	is_str(body_ver("term42.default.loads"), "9.4(2)ES26", "term42 body");
	is_str(body_ver("term31.default.loads"), "9.2(1)TH1-13", "term31 body");
	is_str(body_ver("SCCP70.9-4-2SR3-1S.loads"), "9.4(2)ES26",
	    "SCCP70 body: its components' version, not its name's");
	is_str(body_ver("SCCP45.9-4-2SR4-3S.loads"), "9.4(2)SR4-3",
	    "SCCP45 body");
	is_str(body_ver("P0030801SR02.loads"), "8.1SR2",
	    "P0030801SR02 body (no RELEASE line: the .sbn)");
	is_str(body_ver("SCCP69xx.9-4-1-3SR3.loads"), "0.0(0.14)",
	    "69xx body: its first image is BOOT69xx.0-0-0-14");
	is_str(body_ver("CP7921G-1.4.6.3.LOADS"), "1.4(6.3)", "7921 body");

	/* Ordering. */
	is_int(vcmp("SCCP70.8-3-1S", "SCCP70.8-5-2S"), -1, "8.3(1) < 8.5(2)");
	is_int(vcmp("SIP70.8-5-2S", "8.5(2)"), 0, "SIP70.8-5-2S == 8.5(2)");
	is_int(vcmp("8.5(2)", "8.5(2)SR1"), -1, "8.5(2) < 8.5(2)SR1");
	is_int(vcmp("8.5(2)SR1", "8.5(3)"), -1, "8.5(2)SR1 < 8.5(3)");
	is_int(vcmp("9.4(2)SR3", "SCCP70.9-4-2SR3-1S"), -1,
	    "9.4(2)SR3 < 9.4(2)SR3-1");
	is_int(vcmp("SCCP45.9-4-2SR4-3S", "SCCP70.9-4-2SR3-1S"), 1,
	    "SR4-3 > SR3-1");
	is_int(vcmp("9.10(1)", "9.4(2)"), 1, "numeric, not text: 9.10 > 9.4");
	is_int(vcmp("P0S3-8-12-00", "P0030801SR02"), 1, "8.12 > 8.1SR2");

	/* The bridge window. */
	ok(plan_parse_running("8.3(2)", &r) == 0 && !plan_is_bridge(&r.ver) &&
	    !plan_new_key_only(&r.ver), "8.3(2): old key only");
	ok(plan_parse_running("8.3(3)", &r) == 0 && plan_is_bridge(&r.ver),
	    "8.3(3): a bridge");
	ok(plan_parse_running("SCCP70.8-4-1S", &r) == 0 &&
	    plan_is_bridge(&r.ver), "8.4(1): a bridge");
	ok(plan_parse_running("SIP70.8-5-2S", &r) == 0 &&
	    plan_is_bridge(&r.ver), "8.5(2): a bridge");
	ok(plan_parse_running("8.5(2)SR1", &r) == 0 && !plan_is_bridge(&r.ver) &&
	    plan_new_key_only(&r.ver), "8.5(2)SR1: new key only");
	ok(plan_parse_running("8.5(3)", &r) == 0 && plan_new_key_only(&r.ver),
	    "8.5(3): new key only");
	ok(plan_parse_running("SCCP70.9-4-2SR3-1S", &r) == 0 &&
	    plan_new_key_only(&r.ver), "9.4(2)SR3-1: new key only");
	memset(&v, 0, sizeof v);
	ok(!plan_is_bridge(&v) && !plan_new_key_only(&v), "no version: neither");

	/* Vendor class stages (with and without the trailing NUL). */
	is_int(plan_stage_of_vendor_class(vc_old, sizeof vc_old),
	    PLAN_STAGE_OLD, "old image: no model in the vendor class");
	is_int(plan_stage_of_vendor_class(vc_old, sizeof vc_old - 1),
	    PLAN_STAGE_OLD, "old image without NUL");
	is_int(plan_stage_of_vendor_class(vc_40, sizeof vc_40),
	    PLAN_STAGE_LOADER, "CP-7940G: the universal loader");
	is_int(plan_stage_of_vendor_class(vc_70, sizeof vc_70),
	    PLAN_STAGE_UNKNOWN, "a 7970 has no loader stage");
	is_int(plan_stage_of_vendor_class("MSFT 5.0", 8), PLAN_STAGE_UNKNOWN,
	    "not Cisco");
	/* What a 7940/7960 asks for tells the stage too. */
	is_int(plan_stage_of_request("OS79XX.TXT"), PLAN_STAGE_OLD,
	    "OS79XX.TXT: old image");
	is_int(plan_stage_of_request("/os79xx.txt"), PLAN_STAGE_OLD,
	    "os79xx.txt, leading /: old image");
	is_int(plan_stage_of_request("SEPDefault.cnf"), PLAN_STAGE_OLD,
	    "SEPDefault.cnf: old image");
	is_int(plan_stage_of_request("P0S3-8-12-00.loads"), PLAN_STAGE_LOADER,
	    "P0S3 .loads: the universal loader");
	is_int(plan_stage_of_request("P0030801SR02.loads"), PLAN_STAGE_LOADER,
	    "P003 .loads: the universal loader");
	is_int(plan_stage_of_request("P003-8-12-00.sbn"), PLAN_STAGE_UNKNOWN,
	    "the loader image itself tells nothing");
	is_int(plan_stage_of_request("term70.default.loads"),
	    PLAN_STAGE_UNKNOWN, "a term file: no 7940/7960 stage");
	is_int(plan_stage_of_request("SEP001122334455.cnf.xml"),
	    PLAN_STAGE_UNKNOWN, "a SEP file tells nothing");

	/* 7970 on 8.3(1), ROOT with 8.5(2) and 9.4(2)SR3: the bridge. */
	memset(&in, 0, sizeof in);
	held(&in, "SIP70.8-5-2S", 1);
	held(&in, "SIP70.9-4-2SR3-1S", 1);
	is_int(mk("7970", "SCCP70.8-3-1S", &in, &p, line, sizeof line),
	    PLAN_BRIDGE, "7970 on 8.3(1): through the bridge");
	is_int(p.nsteps, 2, "two steps");
	is_str(p.step[0].load, "SIP70.8-5-2S", "step 1: 8.5(2)");
	is_str(p.step[1].load, "SIP70.9-4-2SR3-1S", "step 2: the target");
	ok(strncmp(line, "8.3(1) -> 8.5(2) -> 9.4(2)SR3-1, 2 steps",
	    40) == 0, "plan_str: %s", line);
	/* The same phone on 8.5(2), on the target, on 9.0: direct / done. */
	is_int(mk("7970", "SIP70.8-5-2S", &in, &p, line, sizeof line),
	    PLAN_DIRECT, "7970 on the bridge: direct");
	is_int(p.nsteps, 1, "one step");
	is_int(mk("7970", "SIP70.9-4-2SR3-1S", &in, &p, line, sizeof line),
	    PLAN_AT_TARGET, "7970 on the target: done");
	is_int(mk("7970", "8.3(3)", &in, &p, line, sizeof line), PLAN_DIRECT,
	    "7970 on 8.3(3): direct");
	is_int(mk("7970", "8.3(2)", &in, &p, line, sizeof line), PLAN_BRIDGE,
	    "7970 on 8.3(2): bridge");
	/* Unknown running load: direct, with the warning. */
	is_int(mk("7970", NULL, &in, &p, line, sizeof line), PLAN_DIRECT,
	    "unknown load: direct");
	ok(strstr(p.msg, "8.5(2) first") != NULL, "unknown load: warned");
	/* The target named: the bridge itself. */
	in.target = "SIP70.8-5-2S";
	is_int(mk("7970", "SCCP70.8-3-1S", &in, &p, line, sizeof line),
	    PLAN_DIRECT, "target 8.5(2) from 8.3(1): direct");
	in.target = "SIP70.9-9-9";
	is_int(mk("7970", "SCCP70.8-3-1S", &in, &p, line, sizeof line),
	    PLAN_NOTHING, "a target ROOT lacks: nothing");
	in.target = NULL;

	/* Without the bridge: stop before anything is flashed. */
	memset(&in, 0, sizeof in);
	held(&in, "SIP70.9-4-2SR3-1S", 1);
	is_int(mk("7970", "SCCP70.8-3-1S", &in, &p, line, sizeof line),
	    PLAN_LACKS, "7970 on 8.3(1) without 8.5(2): no plan");
	is_int(p.nsteps, 0, "nothing to flash");
	ok(strstr(p.msg, "ROOT lacks the bridge load: import 8.5(2) for the "
	    "7970") == p.msg, "the message: %s", p.msg);
	/* 8.5(2)SR1 is no bridge; 8.4(1) is. */
	held(&in, "SIP70.8-5-2SR1S", 1);
	is_int(mk("7970", "SCCP70.8-3-1S", &in, &p, line, sizeof line),
	    PLAN_LACKS, "8.5(2)SR1 in ROOT is no bridge");
	held(&in, "SIP70.8-4-1S", 1);
	is_int(mk("7970", "SCCP70.8-3-1S", &in, &p, line, sizeof line),
	    PLAN_BRIDGE, "8.4(1) bridges");
	is_str(p.step[0].load, "SIP70.8-4-1S", "through 8.4(1)");
	/* A complete bridge wins over a higher incomplete one. */
	held(&in, "SIP70.8-5-2S", 0);
	mk("7970", "SCCP70.8-3-1S", &in, &p, line, sizeof line);
	is_str(p.step[0].load, "SIP70.8-4-1S", "complete bridge preferred");
	/* 7971, 7942, 7911 follow the same rule (family cnu). */
	memset(&in, 0, sizeof in);
	held(&in, "SCCP42.9-4-2SR3-1S", 1);
	is_int(mk("7942", "SCCP42.8-3-1S", &in, &p, line, sizeof line),
	    PLAN_LACKS, "7942 below 8.3(3): lacks");
	ok(strstr(p.msg, "for the 7942") != NULL, "names the 7942");
	held(&in, "SCCP42.8-5-2S", 1);
	is_int(mk("7942", "SCCP42.8-3-1S", &in, &p, line, sizeof line),
	    PLAN_BRIDGE, "7942: bridge");
	memset(&in, 0, sizeof in);
	held(&in, "SCCP11.9-4-2SR3-1S", 1);
	held(&in, "SCCP11.8-5-2S", 1);
	is_int(mk("7911", "SCCP11.8-2-2SR1S", &in, &p, line, sizeof line),
	    PLAN_BRIDGE, "7911: bridge");
	/* A new-key-only phone cannot go back to an old-key load. */
	memset(&in, 0, sizeof in);
	held(&in, "SCCP70.8-2-1S", 1);
	is_int(mk("7970", "SCCP70.9-4-2SR3-1S", &in, &p, line, sizeof line),
	    PLAN_BLOCKED, "9.4(2) down to 8.2(1): blocked");
	/* ROOT with nothing for the model. */
	memset(&in, 0, sizeof in);
	is_int(mk("7970", "SCCP70.8-3-1S", &in, &p, line, sizeof line),
	    PLAN_NOTHING, "no load: nothing");
	/* An incomplete target says so. */
	held(&in, "SIP70.8-5-2S", 0);
	is_int(mk("7970", "SCCP70.8-3-1S", &in, &p, line, sizeof line),
	    PLAN_DIRECT, "incomplete 8.5(2): direct");
	ok(strstr(p.msg, "INCOMPLETE") != NULL, "incomplete told");

	/* 7940/7960: loader stages from the vendor class or an old image. */
	memset(&in, 0, sizeof in);
	held(&in, "P0030801SR02", 1);
	in.stage = PLAN_STAGE_OLD;
	is_int(mk("7960", NULL, &in, &p, line, sizeof line), PLAN_LOADER,
	    "7960 old image: loader stages");
	is_int(p.nsteps, 2, "loader, then application");
	is_str(p.step[0].what, "loader", "step 1 the loader");
	ok(strstr(p.msg, "OS79XX.TXT") != NULL, "OS79XX.TXT told");
	in.stage = PLAN_STAGE_LOADER;
	is_int(mk("7940", "P003-07-5-00", &in, &p, line, sizeof line),
	    PLAN_DIRECT, "7940 with the loader: direct");
	in.stage = PLAN_STAGE_UNKNOWN;
	is_int(mk("7940", "P00303020214", &in, &p, line, sizeof line),
	    PLAN_LOADER, "7940 on a 3.x image: loader stages");
	is_int(mk("7940", "P0030801SR02", &in, &p, line, sizeof line),
	    PLAN_AT_TARGET, "7940 on the target");
	/* Other families: direct. */
	memset(&in, 0, sizeof in);
	held(&in, "CP7921G-1.4.6.3", 1);
	is_int(mk("7921", "CP7921G-1.3.4", &in, &p, line, sizeof line),
	    PLAN_DIRECT, "7921: direct");
	memset(&in, 0, sizeof in);
	held(&in, "SIP69xx.9-4-1-3SR3", 1);
	is_int(mk("6921", "SCCP69xx.9-1-1", &in, &p, line, sizeof line),
	    PLAN_DIRECT, "6921: direct");

	/* Every model of the table gets a plan, none crashes. */
	{
		size_t	 i;
		int	 bad = 0;

		memset(&in, 0, sizeof in);
		held(&in, "SIP70.9-4-2SR3-1S", 1);
		for (i = 0; i < model_count(); i++) {
			in.model = model_at(i);
			plan_parse_running("8.3(1)", &in.running);
			if (plan_make(&in, &p) > PLAN_BLOCKED)
				bad++;
		}
		is_int(bad, 0, "every model planned");
	}
	return (done_testing());
}
