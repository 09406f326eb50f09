/* The compiled-in model table and the recognisers over it. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cisco_file.h"
#include "model.h"

static const struct model model_table[] = {
#include "src/model/models_table.inc"
};

#define NMODELS	(sizeof model_table / sizeof model_table[0])

size_t
model_count(void)
{
	return (NMODELS);
}

const struct model *
model_at(size_t i)
{
	return (i < NMODELS ? &model_table[i] : NULL);
}

/*
 * Find a model number in s: optional "CP-", four digits, optional "G",
 * optional "-GE".  Writes "7961-GE" style into out; returns the number of
 * bytes of s consumed, 0 if s does not start with a model.
 */
static size_t
scan_model(const char *s, size_t len, char *out, size_t outlen)
{
	size_t	 i = 0, d;
	int	 ge = 0;

	if (len >= 3 && strncasecmp(s, "CP-", 3) == 0)
		i = 3;
	else if (len >= 2 && strncasecmp(s, "CP", 2) == 0 && len > 2 &&
	    isdigit((unsigned char)s[2]))
		i = 2;
	for (d = 0; d < 4; d++) {
		if (i + d >= len || !isdigit((unsigned char)s[i + d]))
			return (0);
	}
	/* A fifth digit means this was not a model number. */
	if (i + 4 < len && isdigit((unsigned char)s[i + 4]))
		return (0);
	d = i + 4;
	if (d < len && (s[d] == 'G' || s[d] == 'g'))
		d++;
	if (d + 3 <= len && strncasecmp(s + d, "-GE", 3) == 0 &&
	    (d + 3 == len || !isalnum((unsigned char)s[d + 3]))) {
		ge = 1;
		d += 3;
	}
	snprintf(out, outlen, "%.4s%s", s + i, ge ? "-GE" : "");
	return (d);
}

/* Append "-GE" to a four-digit model name. */
static void
strlcat_ge(char *norm, size_t len)
{
	size_t	 n = strlen(norm);

	if (n + 4 <= len)
		memcpy(norm + n, "-GE", 4);
}

const struct model *
model_find(const char *name)
{
	char	 norm[16];
	size_t	 i, len;

	if (name == NULL)
		return (NULL);
	len = strlen(name);
	/* "IP Phone 7970" and similar: take the last word. */
	for (i = len; i > 0; i--) {
		if (name[i - 1] == ' ') {
			name += i;
			len -= i;
			break;
		}
	}
	if (len == 0 || scan_model(name, len, norm, sizeof norm) != len)
		return (NULL);
	for (i = 0; i < NMODELS; i++) {
		if (strcasecmp(model_table[i].name, norm) == 0)
			return (&model_table[i]);
	}
	/* A model sold only as a gigabit variant: "7971" is the 7971-GE. */
	if (strchr(norm, '-') == NULL) {
		strlcat_ge(norm, sizeof norm);
		for (i = 0; i < NMODELS; i++) {
			if (strcasecmp(model_table[i].name, norm) == 0)
				return (&model_table[i]);
		}
	}
	return (NULL);
}

int
model_vendor_class_is_cisco(const void *vci, size_t len)
{
	return (len >= 13 && strncasecmp(vci, "Cisco Systems", 13) == 0);
}

int
model_parse_vendor_class(const void *vci, size_t len, char *out, size_t outlen)
{
	const char	*s = vci, *p;
	size_t		 i, n;

	/* Many phones put a NUL inside the option; stop at the first one. */
	if ((p = memchr(s, '\0', len)) != NULL)
		len = (size_t)(p - s);
	if (!model_vendor_class_is_cisco(s, len))
		return (-1);
	/* The model follows "Phone " ("IP Phone", "Wireless Phone"). */
	for (i = 0; i + 6 <= len; i++) {
		if (strncasecmp(s + i, "Phone ", 6) != 0)
			continue;
		n = scan_model(s + i + 6, len - i - 6, out, outlen);
		if (n != 0 && (i + 6 + n == len || s[i + 6 + n] == ' '))
			return (0);
	}
	return (-1);
}

int
model_mac_phone_oui(const uint8_t mac[6])
{
	static const uint8_t	 ouis[][3] = {
		{ 0x00, 0x07, 0x0e }, { 0x00, 0x0b, 0x5f }, { 0x00, 0x0f, 0x34 },
		{ 0x00, 0x11, 0xbb }, { 0x00, 0x15, 0xf9 }, { 0x00, 0x16, 0x46 },
		{ 0x00, 0x1b, 0xd4 }, { 0x00, 0x1d, 0x45 }, { 0x00, 0x1d, 0xa2 },
		{ 0x00, 0x23, 0xeb }, { 0x00, 0x25, 0x45 }, { 0x00, 0x27, 0x0d },
		{ 0x44, 0xe4, 0xd9 }, { 0x58, 0x97, 0x1e }, { 0xd0, 0x57, 0x4c },
		{ 0xe0, 0xd1, 0x73 }, { 0xec, 0xc8, 0x82 }, { 0xf4, 0x4e, 0x05 },
		{ 0xd0, 0xec, 0x35 },
	};
	size_t			 i;

	for (i = 0; i < sizeof ouis / sizeof ouis[0]; i++) {
		if (memcmp(mac, ouis[i], 3) == 0)
			return (1);
	}
	return (0);
}

const struct model *
model_from_platform(const char *platform)
{
	char	 norm[16];
	size_t	 i, len = strlen(platform), n;

	/* The model is the first word that scans as one. */
	for (i = 0; i < len; i++) {
		if (i > 0 && platform[i - 1] != ' ')
			continue;
		n = scan_model(platform + i, len - i, norm, sizeof norm);
		if (n != 0 && (i + n == len || platform[i + n] == ' '))
			return (model_find(norm));
	}
	return (NULL);
}

const struct model *
model_from_term_file(const char *path)
{
	const char	*base = cisco_file_base(path);
	size_t		 i;

	for (i = 0; i < NMODELS; i++) {
		if (model_table[i].term[0] != '\0' &&
		    strcasecmp(model_table[i].term, base) == 0)
			return (&model_table[i]);
	}
	return (NULL);
}

/* Does load start with prefix, followed by '.', '-' or the end? */
static int
has_prefix(const char *load, const char *prefix)
{
	size_t	 n = strlen(prefix);

	if (n == 0 || strncasecmp(load, prefix, n) != 0)
		return (0);
	/* "P003" + "0801SR02": legacy loads run the version on. */
	return (load[n] == '\0' || load[n] == '.' || load[n] == '-' ||
	    isdigit((unsigned char)load[n]));
}

size_t
model_from_load_name(const char *load, const struct model **out, size_t max)
{
	const struct model	*m;
	size_t			 i, n = 0;
	char			 term[64];

	/* "term61.default" or "term61.default.loads": exactly one model. */
	snprintf(term, sizeof term, "%s%s", load,
	    strchr(load, '.') != NULL && strcasestr(load, ".loads") == NULL ?
	    ".loads" : "");
	if ((m = model_from_term_file(term)) != NULL) {
		if (max > 0)
			out[0] = m;
		return (1);
	}
	for (i = 0; i < NMODELS; i++) {
		m = &model_table[i];
		if (!has_prefix(load, m->sccp_prefix) &&
		    !has_prefix(load, m->sip_prefix))
			continue;
		if (n < max)
			out[n] = m;
		n++;
	}
	return (n);
}

/* --- begin: firmware of models outside the table (issue 17, h-fwreal) --- */
/*
 * File-name prefixes, any letter case, from real TFTP roots
 * (dkgroot/provision_sccp tftpboot/firmware, shared/domain 3.1).
 */
static const struct {
	const char	*prefix;
	const char	*model;
	const char	*what;
} foreign_table[] = {
	{ "SCCP6901", "6901", "load manifest" },
	{ "SIP6901", "6901", "load manifest" },
	{ "APP6901", "6901", "application image" },
	{ "KNL6901", "6901", "kernel image" },
	{ "SCCP6911", "6911", "load manifest" },
	{ "SIP6911", "6911", "load manifest" },
	{ "APP6911", "6911", "application image" },
	{ "BFS6911", "6911", "file-system image" },
	{ "KNL6911", "6911", "kernel image" },
	{ "SCCP6945", "6945", "load" },
	{ "SIP6945", "6945", "load" },
	{ "BOOT894x", "8941/8945", "boot image" },
	{ "SCCP894x", "8941/8945", "load" },
	{ "SIP894x", "8941/8945", "load" },
	{ "SIP8941_8945", "8941/8945", "load" },
	{ "P00405", "7910", "image (no .loads: the 7910 asks for it by "
	    "name)" },
	{ "P00503", "7935", "image (no .loads)" },
	{ "S00105", "7914 sidecar", "image (no .loads)" },
	{ "B015-", "7915 sidecar", "image" },
	{ "B016-", "7916 sidecar", "image" },
	{ "cmterm_7920", "7920", "image (no .loads)" },
	{ "cmterm_7936", "7936", "image (no .loads)" },
	{ "apps37", "7937", "image" },
	{ "cmterm_7985", "7985", "image" },
	{ "EA15FW", "7926's EA15 barcode scanner", "firmware (no .loads lists "
	    "it)" },
	{ "ATA0", "ATA 186/188", "image" },
	{ "spa30", "SPA 30x", "image" },
	{ "spa50", "SPA 50x", "image" },
	{ "spa51", "SPA 51x", "image" },
	{ "spa525", "SPA 525G", "image" },
	{ "spa94", "SPA 94x", "image" },
	{ "sip88xx", "88xx", "load" },
	{ "sip78xx", "78xx", "load" },
	{ "sip8961", "8961", "load" },
	{ "sip9951", "9951", "load" },
	{ "sip9971", "9971", "load" },
};

const char *
model_foreign_firmware(const char *path)
{
	static char	 buf[160];
	const char	*base;
	size_t		 i, n;

	base = cisco_file_base(path);
	for (i = 0; i < sizeof foreign_table / sizeof foreign_table[0]; i++) {
		n = strlen(foreign_table[i].prefix);
		if (strncasecmp(base, foreign_table[i].prefix, n) != 0)
			continue;
		snprintf(buf, sizeof buf, "the %s %s", foreign_table[i].model,
		    foreign_table[i].what);
		return (buf);
	}
	return (NULL);
}

const struct model *
model_from_image_file(const char *path)
{
	const char	*base;
	size_t		 i, n, len;

	base = cisco_file_base(path);
	len = strlen(base);
	if (!(len > 5 && strcasecmp(base + len - 5, ".sbin") == 0) &&
	    !(len > 4 && strcasecmp(base + len - 4, ".zup") == 0))
		return (NULL);
	for (i = 0; i < NMODELS; i++) {
		if (strcmp(model_table[i].family, "single") != 0)
			continue;
		n = strlen(model_table[i].sccp_prefix);
		if (n > 0 && strncasecmp(base, model_table[i].sccp_prefix,
		    n) == 0)
			return (&model_table[i]);
	}
	return (NULL);
}
/* --- end: firmware of models outside the table --- */
