/* The model table and the recognisers, on the strings phones really send. */
#include "config.h"

#include <string.h>

#include "../tap.h"
#include "model/cisco_file.h"
#include "model/model.h"

static const char *
vci(const char *s, size_t len)
{
	static char	 out[16];

	if (model_parse_vendor_class(s, len, out, sizeof out) != 0)
		return ("-");
	return (out);
}

#define VCI(lit)	vci(lit, sizeof(lit) - 1)

static const char *
name(const struct model *m)
{
	return (m != NULL ? m->name : "-");
}

/*
 * The Cisco file-name table: every name a phone builds reads back as what
 * it is (a configuration, its MAC in it or not, a trust list, one that
 * configures when served), and the misses the wizard dims.
 */
static void
test_cisco_files(void)
{
	static const struct {
		enum cisco_name	 kind;
		const char	*name;
		int		 has_mac, trust, configures, optional;
	} t[] = {
		{ CN_CTL, "CTLSEP001BD4A17070.tlv", 1, 1, 0, 1 },
		{ CN_ITL, "ITLSEP001BD4A17070.tlv", 1, 1, 0, 1 },
		{ CN_SEP_XML, "SEP001BD4A17070.cnf.xml", 1, 0, 1, 1 },
		{ CN_SIP_TXT, "SIP001BD4A17070.cnf", 1, 0, 1, 1 },
		/* Any .xml miss is optional, as the wizard always had it. */
		{ CN_XMLDEFAULT, "XMLDefault.cnf.xml", 0, 0, 1, 1 },
		{ CN_SEPDEFAULT, "SEPDefault.cnf", 0, 0, 1, 1 },
		{ CN_SIPDEFAULT, "SIPDefault.cnf", 0, 0, 1, 1 },
		{ CN_OS79XX, "OS79XX.TXT", 0, 0, 0, 1 },
	};
	char		 buf[64];
	uint8_t		 mac[6];
	size_t		 i;
	int		 has, good = 1;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (cisco_file_name(buf, sizeof buf, t[i].kind,
		    "SEP001BD4A17070") != 0 || strcmp(buf, t[i].name) != 0 ||
		    cisco_file_classify(buf, mac, &has) != CF_CONFIG ||
		    has != t[i].has_mac ||
		    (has && mac[5] != 0x70) ||
		    cisco_file_is_trust_list(buf) != t[i].trust ||
		    cisco_file_configures(buf) != t[i].configures ||
		    (cisco_file_optional(buf) != NULL) != t[i].optional) {
			diag("%s (built %s)", t[i].name, buf);
			good = 0;
		}
	}
	ok(good, "every name a phone builds reads back as what it is");
	ok(cisco_file_name(buf, 4, CN_XMLDEFAULT, NULL) == -1,
	    "a name that does not fit is refused");
	ok(cisco_file_is_own_config("/SEP001BD4A17070.cnf.xml") &&
	    !cisco_file_is_own_config("CTLSEP001BD4A17070.tlv") &&
	    !cisco_file_is_own_config("XMLDefault.cnf.xml"),
	    "its own configuration: SEP<MAC>, not the trust list");
	ok(cisco_file_phone_name("SEP001BD4A17070", mac) &&
	    cisco_file_phone_name("sip001bd4a17070", mac) &&
	    !cisco_file_phone_name("SEP001BD4A170701", mac) &&
	    !cisco_file_phone_name("Switch1", mac), "a phone's SEP<MAC> name");
	is_str(cisco_file_base("US\\7960-tones.xml"), "7960-tones.xml",
	    "base names across both slashes");
	ok(cisco_file_optional("term70.default.loads") == NULL &&
	    cisco_file_optional("jar70sip.8-5-2-13.sbn") == NULL,
	    "a load or a component is never an optional file");
}

int
main(void)
{
	const struct model	*ms[8];
	size_t			 i, n;
	int			 unique = 1;

	plan(38);
	test_cisco_files();
	ok(model_count() >= 20, "table has the 79xx models");
	for (i = 0; i < model_count(); i++) {
		size_t j;
		for (j = i + 1; j < model_count(); j++)
			if (strcmp(model_at(i)->name, model_at(j)->name) == 0)
				unique = 0;
	}
	ok(unique, "model names are unique");
	is_int(model_find("7970")->devtype, 30006, "7970 is loadInformation30006");
	is_int(model_find("7961")->devtype, 30018, "7961 is 30018");
	is_int(model_find("7961G-GE")->devtype, 308, "7961G-GE is 308");
	is_str(name(model_find("CP-7942G")), "7942", "CP-7942G found");
	is_str(name(model_find("IP Phone 7940")), "7940", "IP Phone 7940 found");
	ok(model_find("79700") == NULL && model_find("") == NULL, "junk is not a model");
	is_str(name(model_find("7971")), "7971-GE", "7971 exists only as the 7971-GE");
	is_str(name(model_find("7941")), "7941", "7941 stays the plain 7941");

	is_str(VCI("Cisco Systems, Inc. IP Phone CP-7970G\0"), "7970", "7970 with trailing NUL");
	is_str(VCI("Cisco Systems, Inc. IP Phone CP-7970G"), "7970", "7970 without NUL");
	is_str(VCI("Cisco Systems, Inc. IP Phone CP-7961G-GE\0"), "7961-GE", "-GE variant");
	is_str(VCI("Cisco Systems, Inc. IP Phone 7905"), "7905", "7905 without CP-");
	is_str(VCI("Cisco Systems, Inc. IP Phone 7912"), "7912", "7912 without CP-");
	is_str(VCI("Cisco Systems Inc. Wireless Phone 7921"), "7921", "7921 without a comma");
	is_str(VCI("Cisco Systems, Inc. IP Phone CP-8945"), "8945", "unknown model's digits still reported");
	is_str(VCI("Cisco Systems, Inc. IP Phone\0"), "-", "old 7940 SCCP image names no model");
	ok(model_vendor_class_is_cisco("Cisco Systems, Inc. IP Phone\0", 29), "but is Cisco");
	is_str(VCI("udhcp 1.35.0"), "-", "busybox is not a phone");
	ok(!model_vendor_class_is_cisco("udhcp", 5), "nor Cisco");
	is_str(VCI("Cisco Systems, Inc. IP Phone CP-79"), "-", "truncated model refused");

	is_str(name(model_from_platform("Cisco IP Phone 7960")), "7960", "CDP platform");
	is_str(name(model_from_platform("Cisco IP Phone CP-7965G")), "7965", "CDP platform with CP-");
	is_str(name(model_from_platform("CP-7971G-GE")), "7971-GE", "LLDP model name");

	is_str(name(model_from_term_file("term70.default.loads")), "7970", "term70");
	is_str(name(model_from_term_file("/TERM61.DEFAULT.LOADS")), "7961", "upper case, leading slash");
	is_str(name(model_from_term_file("firmware\\term06.default.loads")), "7906", "backslash directory");

	n = model_from_load_name("SCCP41.9-4-2SR3-1S", ms, 8);
	ok(n == 4, "SCCP41 serves 7941, 7941-GE, 7961, 7961-GE (got %zu)", n);
	n = model_from_load_name("P0S3-8-12-00", ms, 8);
	ok(n == 2 && (strcmp(ms[0]->name, "7940") == 0 || strcmp(ms[1]->name, "7940") == 0),
	    "P0S3 serves the 7940 and 7960");
	n = model_from_load_name("term42.default", ms, 8);
	ok(n == 1 && strcmp(ms[0]->name, "7942") == 0, "a term load names exactly one model");
	n = model_from_load_name("SCCP69xx.9-4-1-3SR3", ms, 8);
	ok(n == 3, "SCCP69xx serves the 6921, 6941, 6961");
	return (done_testing());
}
