/*
 * The Cisco file-name table (cisco_file.h): prefixes and suffixes of what
 * 79xx phones ask for, what each says, and why a miss of one is normal.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cisco_file.h"
#include "util.h"
#include "compat.h"

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])

/* Followed by twelve hex digits: the phone's MAC is in the name. */
static const char *const mac_prefixes[] = {
	"CTLSEP", "ITLSEP", "SEP", "SIP", "MGC", "ff", "ld", "gk",
};
static const char *const config_prefixes[] = {
	"CTLFile", "ITLFile", "XMLDefault", "SEPDefault", "SIPDefault",
	"OS79XX", "ffdefault", "lddefault", "gkdefault",
};
static const char *const component_suffixes[] = {
	".sbn", ".sb2", ".sbin", ".zup", ".zz.sgn", ".bin",
};
static const char *const after_suffixes[] = {
	".xml", ".jar", ".raw", ".pcm", ".png",
};

/* What a name must be for its miss to be normal, and why it is. */
#define OPT_ANY		0	/* the prefix/suffix alone */
#define OPT_CONFIG	1	/* ... and a configuration name */
#define OPT_OWN		2	/* ... and the phone's own (MAC in it) */

#define WHY_OPTIONAL	"optional file: the phone carries on without it"

static const struct {
	const char	*prefix, *suffix;
	int		 need;
	const char	*why;
} optional[] = {
	{ "CTL", "", OPT_ANY, "security files (CTL/ITL): phones ask first; "
	    "none here is normal" },
	{ "ITL", "", OPT_ANY, "security files (CTL/ITL): phones ask first; "
	    "none here is normal" },
	{ "SEP", ".cnf.xml", OPT_ANY, "no per-phone config: the phone uses "
	    "XMLDefault.cnf.xml" },
	/* 7940/7960 SIP (cisco-phones.md 2.3): SIPDefault.cnf serves. */
	{ "SIP", "", OPT_OWN, "no per-phone SIP config: the phone uses "
	    "SIPDefault.cnf" },
	{ "MGC", "", OPT_OWN, "no MGCP config: the phone goes on to "
	    "XMLDefault.cnf.xml" },
	{ "SEPDefault", "", OPT_CONFIG, "old default config name (7940/7960 "
	    "ask for it): XMLDefault.cnf.xml or OS79XX.TXT serves" },
	{ "", ".jpn.loads", OPT_ANY, WHY_OPTIONAL },
	{ "g3-tones", "", OPT_ANY, WHY_OPTIONAL },
	{ "", ".xml.sgn", OPT_ANY, WHY_OPTIONAL },
	{ "dialplan", "", OPT_ANY, WHY_OPTIONAL },
	{ "ringlist", "", OPT_ANY, WHY_OPTIONAL },
	{ "mk-sip", "", OPT_ANY, WHY_OPTIONAL },
	{ "softkey", "", OPT_ANY, WHY_OPTIONAL },
	{ "", ".xml", OPT_ANY, WHY_OPTIONAL },
	{ "SIPDefault", "", OPT_ANY, WHY_OPTIONAL },
	{ "OS79XX", "", OPT_ANY, WHY_OPTIONAL },
};

/* The names a phone builds: text, its name (whole, or the MAC alone), text. */
#define NAME_NONE	0
#define NAME_SEP	1	/* "SEP001BD4A17070" */
#define NAME_MAC	2	/* "001BD4A17070" */

static const struct {
	const char	*pre;
	int		 name;
	const char	*post;
} names[CN__COUNT] = {
	[CN_CTL] = { "CTL", NAME_SEP, ".tlv" },
	[CN_ITL] = { "ITL", NAME_SEP, ".tlv" },
	[CN_SEP_XML] = { "", NAME_SEP, ".cnf.xml" },
	[CN_SIP_TXT] = { "SIP", NAME_MAC, ".cnf" },
	[CN_XMLDEFAULT] = { "XMLDefault.cnf.xml", NAME_NONE, "" },
	[CN_SEPDEFAULT] = { "SEPDefault.cnf", NAME_NONE, "" },
	[CN_SIPDEFAULT] = { "SIPDefault.cnf", NAME_NONE, "" },
	[CN_OS79XX] = { "OS79XX.TXT", NAME_NONE, "" },
};

static int
starts_ci(const char *s, const char *prefix)
{
	return (strncasecmp(s, prefix, strlen(prefix)) == 0);
}

/* Twelve hex digits, not followed by a thirteenth: a MAC in a name. */
static int
parse_mac12(const char *s, uint8_t mac[6])
{
	uint8_t	 m[6];

	if (util_hex_decode(s, m, sizeof m) != 0 || util_hexval(s[12]) >= 0)
		return (-1);
	memcpy(mac, m, sizeof m);
	return (0);
}

int
cisco_file_is_loads(const char *name)
{
	return (strlen(name) > 6 && util_suffix_ci(name, ".loads"));
}

const char *
cisco_file_image_suffix(size_t i)
{
	if (i == 0)
		return (".loads");
	return (i - 1 < NITEMS(component_suffixes) ? component_suffixes[i - 1] :
	    NULL);
}

const char *
cisco_file_base(const char *path)
{
	const char	*b = path, *p;

	for (p = path; *p != '\0'; p++) {
		if (*p == '/' || *p == '\\')
			b = p + 1;
	}
	return (b);
}

int
cisco_file_phone_name(const char *s, uint8_t mac[6])
{
	return ((starts_ci(s, "SEP") || starts_ci(s, "SIP")) &&
	    strlen(s) >= 15 && parse_mac12(s + 3, mac) == 0);
}

enum cisco_file
cisco_file_classify(const char *name, uint8_t mac[6], int *has_mac)
{
	const char	*base;
	size_t		 i, n;

	*has_mac = 0;
	while (*name == '/' || *name == '\\')
		name++;
	base = cisco_file_base(name);
	for (i = 0; i < NITEMS(mac_prefixes); i++) {
		n = strlen(mac_prefixes[i]);
		if (strncasecmp(base, mac_prefixes[i], n) == 0 &&
		    strlen(base) >= n + 12 && parse_mac12(base + n, mac) == 0) {
			*has_mac = 1;
			return (CF_CONFIG);
		}
	}
	if (cisco_file_is_loads(base))
		return (CF_LOADS);
	for (i = 0; i < NITEMS(config_prefixes); i++) {
		if (starts_ci(base, config_prefixes[i]))
			return (CF_CONFIG);
	}
	for (i = 0; i < NITEMS(component_suffixes); i++) {
		if (util_suffix_ci(base, component_suffixes[i]))
			return (CF_COMPONENT);
	}
	/* Locale files live in directories ("US/7960-tones.xml"). */
	if (base != name)
		return (CF_AFTER);
	for (i = 0; i < NITEMS(after_suffixes); i++) {
		if (util_suffix_ci(base, after_suffixes[i]))
			return (CF_AFTER);
	}
	return (CF_OTHER);
}

int
cisco_file_is_trust_list(const char *name)
{
	const char	*b = cisco_file_base(name);

	return (starts_ci(b, "CTL") || starts_ci(b, "ITL"));
}

int
cisco_file_is_own_config(const char *name)
{
	uint8_t	 mac[6];
	int	 has_mac;

	(void)cisco_file_classify(name, mac, &has_mac);
	return (has_mac && !cisco_file_is_trust_list(name));
}

int
cisco_file_configures(const char *name)
{
	uint8_t	 mac[6];
	int	 has_mac;

	return (cisco_file_classify(name, mac, &has_mac) == CF_CONFIG &&
	    !cisco_file_is_trust_list(name) &&
	    !starts_ci(cisco_file_base(name), "OS79XX"));
}

const char *
cisco_file_optional(const char *name)
{
	const char	*b = cisco_file_base(name);
	uint8_t		 mac[6];
	int		 has_mac, cfg;
	size_t		 i;

	cfg = cisco_file_classify(name, mac, &has_mac) == CF_CONFIG;
	for (i = 0; i < NITEMS(optional); i++) {
		if (!starts_ci(b, optional[i].prefix) ||
		    !util_suffix_ci(b, optional[i].suffix))
			continue;
		if ((optional[i].need == OPT_CONFIG && !cfg) ||
		    (optional[i].need == OPT_OWN && !(cfg && has_mac)))
			continue;
		return (optional[i].why);
	}
	return (NULL);
}

int
cisco_file_name(char *buf, size_t len, enum cisco_name kind, const char *sep)
{
	const char	*mid = "";
	int		 n;

	if ((unsigned)kind >= CN__COUNT)
		return (-1);
	if (names[kind].name != NAME_NONE && sep == NULL)
		return (-1);
	if (names[kind].name == NAME_SEP)
		mid = sep;
	else if (names[kind].name == NAME_MAC)
		mid = strlen(sep) > 3 ? sep + 3 : "";
	n = snprintf(buf, len, "%s%s%s", names[kind].pre, mid,
	    names[kind].post);
	return (n < 0 || (size_t)n >= len ? -1 : 0);
}
