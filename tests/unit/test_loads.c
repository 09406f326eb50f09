/* The .loads parser on every real shape, and on broken input. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "fw/loads.h"
#include "fw_testutil.h"

static int
load(const char *name, struct loads *l)
{
	unsigned char	*buf;
	char		 path[128], err[160];
	size_t		 len;
	int		 r;

	snprintf(path, sizeof path, "real-loads/%s", name);
	if ((buf = fixture(path, &len)) == NULL)
		return (-2);
	r = loads_parse(buf, len, l, err, sizeof err);
	if (r != 0)
		diag("%s: %s", name, err);
	free(buf);
	return (r);
}

static int
parse_str(const char *s, struct loads *l, char *err, size_t errlen)
{
	return (loads_parse(s, strlen(s), l, err, errlen));
}

int
main(void)
{
	struct loads	 l;
	char		 err[160], name[64], big[2048];
	size_t		 i;

	/* term42: CRLF, comments, #HARDWARE_COMP_1, trailing spaces. */
	is_int(load("term42.default.loads", &l), 0, "term42 parses");
	ok(l.is_signed, "term42 is signed");
	is_int(l.ncomp, 5, "term42: five components");
	is_str(l.comp[0].name, "jar42sccp.9-4-2ES26.sbn", "term42 jar");
	is_str(l.comp[3].name, "dsp42.9-4-2ES26.sbn", "trailing space trimmed");
	is_str(l.comp[4].name, "cvm42sccp.9-4-2ES26.sbn", "last component");
	is_int(l.trailing_ws, 2, "two lines with trailing spaces");
	is_int(l.hw_comp, 5, "#HARDWARE_COMP_1 5");
	is_str(l.release, "9-4-2ES26", "RELEASE load version");
	ok(l.crlf_lines >= 10, "CRLF line endings (%u)", l.crlf_lines);

	is_int(load("term70.default.loads", &l), 0, "term70 parses");
	is_int(l.hw_comp, -1, "term70 has no #HARDWARE_COMP_1");
	is_int(l.ncomp, 5, "term70: five components");

	is_int(load("SCCP70.9-4-2SR3-1S.loads", &l), 0, "SCCP70 parses");
	is_str(l.comp[1].name, "cnu70.9-4-2ES26.sbn",
	    "component version differs from the load name");

	is_int(load("SCCP45.9-4-2SR4-3S.loads", &l), 0, "SCCP45 parses");
	is_int(l.hw_comp, 15, "SCCP45: #HARDWARE_COMP_1 15");
	is_int(l.ncomp, 5, "SCCP45: five components");

	is_int(load("term31.default.loads", &l), 0, "term31 parses");
	is_str(l.comp[2].name, "apps31.9-2-1TH1-13.sbn", "term31 apps");

	/* Legacy 7940/7960: LF, .sbn + .sb2, LA_VERSION=. */
	is_int(load("P0030801SR02.loads", &l), 0, "P0030801SR02 parses");
	is_int(l.ncomp, 2, "legacy: two images");
	is_str(l.comp[0].name, "P0030801SR02.sbn", "legacy loader");
	is_str(l.comp[1].name, "P0030801SR02.sb2", "legacy application");
	is_str(l.la_version, "PAS30831", "LA_VERSION=");
	is_int(l.crlf_lines, 0, "legacy: LF only");

	/* 69xx: three .zz.sgn, no final newline. */
	is_int(load("SCCP69xx.9-4-1-3SR3.loads", &l), 0, "69xx parses");
	is_int(l.ncomp, 3, "69xx: three images");
	is_str(l.comp[2].name, "SCCP69xx.9-4-1-3SR3.zz.sgn",
	    "last line without newline");

	/* 7921: "#?" lines, then NAME SIZE MD5. */
	is_int(load("CP7921G-1.4.6.3.LOADS", &l), 0, "7921 parses");
	is_int(l.ncomp, 6, "7921: six components");
	is_str(l.hw_rev, "0-4.*", "#? HW_REV");
	ok(l.comp[0].has_size && l.comp[0].size == 897037, "TNUX size");
	ok(l.comp[0].has_md5 && l.comp[0].md5[0] == 0xe2 &&
	    l.comp[0].md5[15] == 0x17, "TNUX MD5");
	is_str(l.comp[5].name, "GUI-1.4.6.3.SBN", "upper-case names kept");
	is_int(loads_find(&l, "gui-1.4.6.3.sbn"), 5, "find in any case");
	is_int(loads_find(&l, "nope.sbn"), -1, "find a missing one");

	/* Unsigned text is accepted, with a note. */
	is_int(parse_str("a.sbn\nb.sbn\n", &l, err, sizeof err), 0,
	    "unsigned .loads parses");
	ok(!l.is_signed && l.nnotes == 1, "and is noted as unsigned");

	/* Broken. */
	is_int(parse_str("# only comments\n\n", &l, err, sizeof err), -1,
	    "no component");
	is_int(parse_str("a.sbn 12 XYZ\n", &l, err, sizeof err), -1, "bad MD5");
	ok(strstr(err, "MD5") != NULL, "says MD5: %s", err);
	is_int(parse_str("a.sbn 12 00112233445566778899aabbccddeeff extra\n",
	    &l, err, sizeof err), -1, "text after the MD5");
	is_int(parse_str("a.sbn 12x\n", &l, err, sizeof err), -1, "bad size");
	is_int(parse_str("../etc/passwd\n", &l, err, sizeof err), -1,
	    "a path is not a component name");
	is_int(parse_str("a\001b.sbn\n", &l, err, sizeof err), -1,
	    "control bytes");
	big[0] = '\0';
	for (i = 0; i < LOADS_MAX_COMP + 1; i++) {
		snprintf(name, sizeof name, "c%zu.sbn\n", i);
		strcat(big, name);
	}
	is_int(parse_str(big, &l, err, sizeof err), -1, "too many components");
	memset(big, 'x', 600);
	big[600] = '\0';
	is_int(parse_str(big, &l, err, sizeof err), -1, "a line too long");

	loads_name_from_file("dir/SIP70.9-4-2SR3-1S.LOADS", name, sizeof name);
	is_str(name, "SIP70.9-4-2SR3-1S", "load name from file name");
	ok(loads_is_loads_file("X.Loads") && !loads_is_loads_file(".loads") &&
	    !loads_is_loads_file("a.sbn"), "is a .loads file");
		/* Other manifests named .loads (issue 17) and the 792x MD5. */
	{
		static const char xml[] = "\xef\xbb\xbf<AutoUpdateManifest>\n"
		    "<component name=\"French_France\"/>\n</AutoUpdateManifest>\n";
		static const char ini[] = "# manifest\n[LOADS]\n"
		    "file0 = sip8961.part0.sgn\n";
		static const char bin[] = "sip78xx\0\x01\x02\x03";
		static const char broken[] = "jar70.sbn 12 zz\n";
		static const char good[] = "jar70.sbn\ncnu70.sbn\n";
		uint8_t		 sbn[600], md5[16];
		char		 what[160];
		size_t		 hl;

		is_int(loads_kind(xml, sizeof xml - 1, what, sizeof what),
		    LOADS_KIND_XML, "CIPC_Locale.loads is XML");
		ok(strstr(what, "AutoUpdateManifest") != NULL, "said: %s", what);
		is_int(loads_kind(ini, sizeof ini - 1, what, sizeof what),
		    LOADS_KIND_INI, "an 8961 manifest is INI-style");
		is_int(loads_kind(bin, sizeof bin - 1, what, sizeof what),
		    LOADS_KIND_BINARY, "a 78xx manifest is binary");
		is_int(loads_kind(broken, sizeof broken - 1, what, sizeof what),
		    LOADS_KIND_BROKEN, "a bad 7921-style line is broken");
		ok(strstr(what, "bad MD5") != NULL, "with the parser's reason: %s",
		    what);
		is_int(loads_kind(good, sizeof good - 1, what, sizeof what),
		    LOADS_KIND_79XX, "a 79xx manifest");
		hl = sgn_build(sbn, sizeof sbn, "TNUX-1.4.6.3.SBN", 1);
		ok(hl > 0 && hl + 40 < sizeof sbn, "a signed header");
		memcpy(sbn + hl, "E247E40D9CF20472C6C397E6E427A517\0\0\0\0", 36);
		is_int(loads_sbn_md5(sbn, hl + 36, md5), 0,
		    "the MD5 after a .SBN's signed header");
		ok(md5[0] == 0xe2 && md5[1] == 0x47 && md5[15] == 0x17,
		    "read as hex, any case");
		is_int(loads_sbn_md5(sbn, hl + 20, md5), -1, "cut short");
		sbn[hl + 5] = 'G';
		is_int(loads_sbn_md5(sbn, hl + 36, md5), -1, "not hex");
		is_int(loads_sbn_md5(good, sizeof good - 1, md5), -1,
		    "no signed header");
	}
		/* 7925/7926: "#+" lines are extra components. */
	{
		static const char x[] = "#? HW_REV 0-3.*\r\n"
		    "TNUXS-1.4.1SR1.SBN 937025 8F8CB8411477843AA80D2029B0009AE0\r\n"
		    "#+ JSYSS-1.4.1SR1.SBN 708556 9606784631D3C06F2398CC6371B0AA60\r\n"
		    "#+ not a component line\r\n";
		struct loads	 xl;
		char		 xe[128];

		is_int(loads_parse(x, sizeof x - 1, &xl, xe, sizeof xe), 0,
		    "a .LOADS with #+ lines parses");
		is_int(xl.ncomp, 2, "the #+ component is listed");
		ok(xl.comp[1].extra && !xl.comp[0].extra &&
		    strcmp(xl.comp[1].name, "JSYSS-1.4.1SR1.SBN") == 0 &&
		    xl.comp[1].size == 708556, "as an extra, with its size");
	}
	return (done_testing());
}
