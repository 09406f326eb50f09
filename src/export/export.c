/*
 * Configuration for a site's own DHCP server (dnsmasq or Kea): options
 * 150 and 66 and siaddr for the Cisco phones' vendor classes, and where
 * the TFTP root is.  See export.h.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "export.h"
#include "fw/fw_catalog.h"
#include "model/model.h"
#include "sbuf.h"

#define EXPORT_TAG	"phonerescue-cisco"	/* dnsmasq tag, Kea class */

static int	 dnsmasq_safe(const char *);
static void	 json_str(FILE *, const char *);
static void	 write_dnsmasq(FILE *, const struct export_cfg *);
static void	 write_kea(FILE *, const struct export_cfg *);

int
export_format_parse(const char *s, enum export_format *out)
{
	if (strcmp(s, "dnsmasq") == 0)
		*out = EXPORT_DNSMASQ;
	else if (strcmp(s, "kea") == 0)
		*out = EXPORT_KEA;
	else
		return (-1);
	return (0);
}

int
export_add(struct export_cfg *c, const struct model *m, const char *load)
{
	struct export_entry	*e;

	if (c->nentries == EXPORT_MAX_MODELS)
		return (-1);
	e = &c->entries[c->nentries++];
	e->model = m;
	strlcpy(e->load, load != NULL ? load : "", sizeof e->load);
	return (0);
}

size_t
export_from_catalog(struct export_cfg *c, const struct fw_catalog *cat,
    int all)
{
	struct fw_served	 s;
	const struct model	*m;
	size_t			 i, n = 0;
	int			 served;

	for (i = 0; i < model_count(); i++) {
		m = model_at(i);
		served = fw_catalog_served(cat, m, &s);
		if ((served || all) &&
		    export_add(c, m, served ? s.load_name : NULL) == 0)
			n++;
	}
	return (n);
}

/* The model token as option 60 carries it (legacy: without the final G). */
static void
match_token(const struct model *m, char *buf, size_t len)
{
	size_t	 n;

	strlcpy(buf, m->vendor_class, len);
	n = strlen(buf);
	if (strcmp(m->family, "legacy") == 0 && n > 0 && buf[n - 1] == 'G')
		buf[n - 1] = '\0';
}

void
export_match_substring(const struct model *m, char *buf, size_t len)
{
	char	 tok[64];

	match_token(m, tok, sizeof tok);
	snprintf(buf, len, "Phone %s", tok);
}

void
export_match_prefix(const struct model *m, char *buf, size_t len)
{
	char	 tok[64];

	match_token(m, tok, sizeof tok);
	/* The 7921 writes "Cisco Systems Inc." without the comma. */
	if (strcmp(m->family, "wireless") == 0)
		snprintf(buf, len, "Cisco Systems Inc. Wireless Phone %s", tok);
	else
		snprintf(buf, len, "Cisco Systems, Inc. IP Phone %s", tok);
}

/*
 * Can s stand as a dnsmasq option value?  dnsmasq splits values at
 * commas and lines at newlines, and takes '#' and '"' as syntax.
 */
static int
dnsmasq_safe(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f || *s == ',' ||
		    *s == '#' || *s == '"' || *s == '\\')
			return (0);
	}
	return (1);
}

/* A JSON string (RFC 8259 7), by the project's one encoder (sbuf.c). */
static void
json_str(FILE *f, const char *s)
{
	struct sbuf	 b;

	sbuf_init(&b);
	sbuf_add_json(&b, s, strlen(s));
	fprintf(f, "\"%s\"", sbuf_str(&b));
	sbuf_free(&b);
}

int
export_write(FILE *f, enum export_format fmt, const struct export_cfg *c,
    char *err, size_t errlen)
{
	if (c->nentries == 0) {
		snprintf(err, errlen, "no phone model to export");
		return (-1);
	}
	switch (fmt) {
	case EXPORT_DNSMASQ:
		if (!dnsmasq_safe(c->root)) {
			snprintf(err, errlen, "dnsmasq cannot take a TFTP root "
			    "with a comma, quote, backslash, '#' or control "
			    "character: %s", c->root);
			return (-1);
		}
		write_dnsmasq(f, c);
		break;
	case EXPORT_KEA:
		if (c->address == NULL) {
			snprintf(err, errlen, "Kea needs the TFTP server's "
			    "address (--address IP)");
			return (-1);
		}
		write_kea(f, c);
		break;
	default:
		snprintf(err, errlen, "unknown format");
		return (-1);
	}
	if (ferror(f)) {
		snprintf(err, errlen, "write error");
		return (-1);
	}
	return (0);
}

/* One comment line per model: which load ROOT gives it. */
static void
model_comment(FILE *f, const char *lead, const struct export_entry *e)
{
	fprintf(f, "%s%s (%s)%s%s\n", lead, e->model->name,
	    e->model->vendor_class, e->load[0] != '\0' ? ": " : "", e->load);
}

/*
 * dnsmasq: dhcp-vendorclass substring-matches option 60 and sets a tag;
 * the tagged options go only to those clients.  0.0.0.0 in an address
 * option means dnsmasq's own address on the phones' link, and dhcp-boot
 * without a server address sets siaddr to it as well.
 */
static void
write_dnsmasq(FILE *f, const struct export_cfg *c)
{
	char	 match[128];
	size_t	 i;

	fprintf(f, "# dnsmasq configuration for Cisco IP phones, written by "
	    "phonerescue %s\n# (phonerescue export --format dnsmasq).\n",
	    c->version != NULL ? c->version : "");
	fprintf(f, "#\n# Load it next to the site's own settings (conf-file="
	    "THIS-FILE in dnsmasq.conf):\n# the dhcp-range of the phones' "
	    "subnet stays where it is.  Phones that name a\n# model below in "
	    "their vendor class (option 60) get the TFTP server as option\n"
	    "# 150, option 66 and siaddr, and fetch their firmware from the "
	    "root below.\n");
	fprintf(f, "\n# TFTP: dnsmasq serves the firmware tree read-only "
	    "(it needs read access).\nenable-tftp\ntftp-root=%s\n", c->root);

	fprintf(f, "\n# The phones, by vendor class; every match sets the tag "
	    "%s.\n", EXPORT_TAG);
	if (c->all_models)
		fprintf(f, "# Every Cisco phone model phonerescue knows, not only "
		    "those the root serves\n# (--all-models): a model without "
		    "a load there finds no firmware.\n");
	else
		fprintf(f, "# The models the root serves (phonerescue firmware "
		    "-r ROOT), with the load each gets.\n");
	for (i = 0; i < c->nentries; i++) {
		model_comment(f, "# ", &c->entries[i]);
		export_match_substring(c->entries[i].model, match, sizeof match);
		fprintf(f, "dhcp-vendorclass=set:%s,%s\n", EXPORT_TAG, match);
	}

	fprintf(f, "\n# Option 150: Cisco's TFTP server list; option 66 "
	    "(RFC 2132 9.4): the TFTP server;\n# siaddr (RFC 2131 "
	    "next-server) through dhcp-boot.  Sent even when not requested.\n");
	if (c->address != NULL) {
		fprintf(f, "dhcp-option-force=tag:%s,150,%s\n", EXPORT_TAG,
		    c->address);
		fprintf(f, "dhcp-option-force=tag:%s,66,\"%s\"\n", EXPORT_TAG,
		    c->address);
		fprintf(f, "dhcp-boot=tag:%s,,,%s\n", EXPORT_TAG, c->address);
	} else {
		fprintf(f, "# No --address: 0.0.0.0 means this dnsmasq's own "
		    "address on the phones' link,\n# and so does dhcp-boot "
		    "without one.  Option 66 is text and needs --address.\n");
		fprintf(f, "dhcp-option-force=tag:%s,150,0.0.0.0\n", EXPORT_TAG);
		fprintf(f, "dhcp-boot=tag:%s,\n", EXPORT_TAG);
	}
}

/*
 * Kea: a client class whose test compares the start of option 60 with
 * each model's vendor class (Kea has no substring search), carrying
 * option 150 (defined here: Kea has no definition for it), option 66
 * (Kea's standard tftp-server-name) and next-server.  Kea has no TFTP
 * server: the root is named in a user context for the person merging it.
 */
static void
write_kea(FILE *f, const struct export_cfg *c)
{
	char	 match[128], text[256];
	size_t	 i;

	fprintf(f, "{\n  \"Dhcp4\": {\n    \"user-context\": {\n"
	    "      \"phonerescue\": {\n        \"written-by\": ");
	snprintf(text, sizeof text, "phonerescue %s (phonerescue export "
	    "--format kea)", c->version != NULL ? c->version : "");
	json_str(f, text);
	fprintf(f, ",\n        \"tftp-root\": ");
	json_str(f, c->root);
	fprintf(f, ",\n        \"comment\": ");
	snprintf(text, sizeof text, "Kea has no TFTP server: serve "
	    "tftp-root read-only from a TFTP server at %s (tftpd-hpa, "
	    "dnsmasq --enable-tftp --port=0). Merge option-def and "
	    "client-classes into the site's Dhcp4; its subnet4 stays.",
	    c->address);
	json_str(f, text);
	fprintf(f, "\n      }\n    },\n");

	fprintf(f, "    \"option-def\": [\n      {\n"
	    "        \"name\": \"cisco-tftp-servers\",\n"
	    "        \"code\": 150,\n        \"space\": \"dhcp4\",\n"
	    "        \"type\": \"ipv4-address\",\n        \"array\": true\n"
	    "      }\n    ],\n");

	fprintf(f, "    \"client-classes\": [\n      {\n        \"name\": ");
	json_str(f, EXPORT_TAG);
	fprintf(f, ",\n        \"user-context\": {\n          \"models\": [");
	for (i = 0; i < c->nentries; i++) {
		const struct export_entry *e = &c->entries[i];

		snprintf(text, sizeof text, "%s (%s)%s%s", e->model->name,
		    e->model->vendor_class, e->load[0] != '\0' ? ": " : "",
		    e->load);
		fprintf(f, "%s\n            ", i > 0 ? "," : "");
		json_str(f, text);
	}
	fprintf(f, "\n          ],\n          \"comment\": ");
	json_str(f, c->all_models ? "Every Cisco phone model phonerescue "
	    "knows (--all-models): a model without a load in tftp-root "
	    "finds no firmware." : "The models tftp-root serves, with the "
	    "load each gets.");
	fprintf(f, "\n        },\n        \"test\": \"");
	for (i = 0; i < c->nentries; i++) {
		export_match_prefix(c->entries[i].model, match, sizeof match);
		/* Only printable ASCII without quotes: safe in both syntaxes. */
		fprintf(f, "%s(substring(option[60].hex,0,%zu) == '%s')",
		    i > 0 ? " or " : "", strlen(match), match);
	}
	fprintf(f, "\",\n        \"next-server\": ");
	json_str(f, c->address);
	fprintf(f, ",\n        \"option-data\": [\n"
	    "          {\n            \"name\": \"cisco-tftp-servers\",\n"
	    "            \"code\": 150,\n            \"space\": \"dhcp4\",\n"
	    "            \"data\": ");
	json_str(f, c->address);
	fprintf(f, ",\n            \"always-send\": true\n          },\n"
	    "          {\n            \"name\": \"tftp-server-name\",\n"
	    "            \"code\": 66,\n            \"space\": \"dhcp4\",\n"
	    "            \"data\": ");
	json_str(f, c->address);
	fprintf(f, ",\n            \"always-send\": true\n          }\n"
	    "        ]\n      }\n    ]\n  }\n}\n");
}
