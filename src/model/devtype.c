/*
 * The Cisco device types (src/model/devtype.h).  Where the numbers come
 * from, never from memory:
 *  - Cisco Unified CM's own typemodel table, as printed by
 *    "run sql select enum,name from typemodel" on a CUCM 12.5 publisher
 *    (github.com/jamesha100/cucm-license-management, page 2): the first
 *    block below, in its order and with its names;
 *  - chan-sccp's XMLDefault.cnf.xml (conf/tftp/, 90dc24f, the same file as
 *    shared/fixtures/real-configs/chan-sccp/) and its SKINNY_DEVICETYPE
 *    list (src/sccp_enum.in): the Cisco SPA 5xx numbers, 275, and the
 *    labels kept as aliases;
 *  - dkgroot/provision_sccp tftpboot/settings/XMLDefault.cnf.xml: the
 *    "Cisco IP Conf 7935", "Nokia ICC client", "SPA 521SG" labels;
 *  - shared/domain/cisco-phones.md 3.1 (the 79xx, 69xx, 89xx, 88xx rows),
 *    which agrees with all of the above.
 * Sources that disagree are both kept: 80001 is "SPA 524SG" in chan-sccp
 * and "SPA 521SG" in provision_sccp.  The model.h table is the other,
 * smaller list of the models phonerescue recovers.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "model/devtype.h"

static const struct devtype devtype_table[] = {
	/* Cisco Unified CM typemodel. */
	{ 1, "Cisco 30 SP+", NULL },
	{ 2, "Cisco 12 SP+", NULL },
	{ 3, "Cisco 12 SP", NULL },
	{ 4, "Cisco 12 S", NULL },
	{ 5, "Cisco 30 VIP", NULL },
	{ 6, "Cisco 7910", NULL },
	{ 7, "Cisco 7960", NULL },
	{ 8, "Cisco 7940", NULL },
	{ 9, "Cisco 7935", "Cisco IP Conf 7935" },
	{ 10, "Cisco VGC Phone", NULL },
	{ 11, "Cisco VGC Virtual Phone", NULL },
	{ 12, "Cisco ATA 186", NULL },
	{ 15, "EMCC Base Phone", NULL },
	{ 20, "SCCP Phone", NULL },
	{ 30, "Analog Access", NULL },
	{ 40, "Digital Access", NULL },
	{ 42, "Digital Access+", NULL },
	{ 43, "Digital Access WS-X6608", NULL },
	{ 47, "Analog Access WS-X6624", NULL },
	{ 48, "VGC Gateway", NULL },
	{ 50, "Conference Bridge", NULL },
	{ 51, "Conference Bridge WS-X6608", NULL },
	{ 52, "Cisco IOS Conference Bridge (HDV2)", NULL },
	{ 53, "Cisco Conference Bridge (WS-SVC-CMM)", NULL },
	{ 61, "H.323 Phone", NULL },
	{ 62, "H.323 Gateway", NULL },
	{ 70, "Music On Hold", NULL },
	{ 71, "Device Pilot", NULL },
	{ 72, "CTI Port", NULL },
	{ 73, "CTI Route Point", NULL },
	{ 80, "Voice Mail Port", NULL },
	{ 83, "Cisco IOS Software Media Termination Point (HDV2)", NULL },
	{ 84, "Cisco Media Server (WS-SVC-CMM-MS)", NULL },
	{ 85, "Cisco Video Conference Bridge (IPVC-35xx)", NULL },
	{ 86, "Cisco IOS Heterogeneous Video Conference Bridge", NULL },
	{ 87, "Cisco IOS Guaranteed Audio Video Conference Bridge", NULL },
	{ 88, "Cisco IOS Homogeneous Video Conference Bridge", NULL },
	{ 90, "Route List", NULL },
	{ 100, "Load Simulator", NULL },
	{ 110, "Media Termination Point", NULL },
	{ 111, "Media Termination Point Hardware", NULL },
	{ 112, "Cisco IOS Media Termination Point (HDV2)", NULL },
	{ 113, "Cisco Media Termination Point (WS-SVC-CMM)", NULL },
	{ 115, "Cisco 7941", NULL },
	{ 119, "Cisco 7971", "Cisco 7971G-GE" },
	{ 120, "MGCP Station", NULL },
	{ 121, "MGCP Trunk", NULL },
	{ 122, "GateKeeper", NULL },
	{ 124, "7914 14-Button Line Expansion Module", "Cisco 7914 AddOn" },
	{ 125, "Trunk", NULL },
	{ 126, "Tone Announcement Player", NULL },
	{ 131, "SIP Trunk", NULL },
	{ 132, "SIP Gateway", NULL },
	{ 133, "WSM Trunk", NULL },
	{ 134, "Remote Destination Profile", NULL },
	{ 227, "7915 12-Button Line Expansion Module", "Cisco 7915 AddOn (12 Buttons)" },
	{ 228, "7915 24-Button Line Expansion Module", "Cisco 7915 AddOn (24 Buttons)" },
	{ 229, "7916 12-Button Line Expansion Module", "Cisco 7916 AddOn (12 Buttons)" },
	{ 230, "7916 24-Button Line Expansion Module", "Cisco 7916 AddOn (24 Buttons)" },
	{ 232, "CKEM 36-Button Line Expansion Module", NULL },
	{ 253, "SPA8800", NULL },
	{ 254, "Unknown MGCP Gateway", NULL },
	{ 255, "Unknown", NULL },
	{ 302, "Cisco 7985", NULL },
	{ 307, "Cisco 7911", NULL },
	{ 308, "Cisco 7961G-GE", NULL },
	{ 309, "Cisco 7941G-GE", NULL },
	{ 335, "Motorola CN622", NULL },
	{ 336, "Third-party SIP Device (Basic)", NULL },
	{ 348, "Cisco 7931", NULL },
	{ 358, "Cisco Unified Personal Communicator", NULL },
	{ 365, "Cisco 7921", NULL },
	{ 369, "Cisco 7906", NULL },
	{ 374, "Third-party SIP Device (Advanced)", NULL },
	{ 375, "Cisco TelePresence", NULL },
	{ 376, "Nokia S60", "Nokia ICC client" },
	{ 404, "Cisco 7962", NULL },
	{ 412, "Cisco 3951", NULL },
	{ 431, "Cisco 7937", "Cisco 7937 Conference" },
	{ 434, "Cisco 7942", NULL },
	{ 435, "Cisco 7945", NULL },
	{ 436, "Cisco 7965", NULL },
	{ 437, "Cisco 7975", NULL },
	{ 446, "Cisco 3911", NULL },
	{ 468, "Cisco Unified Mobile Communicator", NULL },
	{ 478, "Cisco TelePresence 1000", NULL },
	{ 479, "Cisco TelePresence 3000", NULL },
	{ 480, "Cisco TelePresence 3200", NULL },
	{ 481, "Cisco TelePresence 500-37", NULL },
	{ 484, "Cisco 7925", NULL },
	{ 493, "Cisco 9971", NULL },
	{ 495, "Cisco 6921", NULL },
	{ 496, "Cisco 6941", NULL },
	{ 497, "Cisco 6961", NULL },
	{ 503, "Cisco Unified Client Services Framework", NULL },
	{ 505, "Cisco TelePresence 1300-65", NULL },
	{ 520, "Cisco TelePresence 1100", NULL },
	{ 521, "Transnova S3", NULL },
	{ 522, "BlackBerry MVS VoWifi", NULL },
	{ 537, "Cisco 9951", NULL },
	{ 540, "Cisco 8961", NULL },
	{ 547, "Cisco 6901", NULL },
	{ 548, "Cisco 6911", NULL },
	{ 550, "Cisco ATA 187", NULL },
	{ 557, "Cisco TelePresence 200", NULL },
	{ 558, "Cisco TelePresence 400", NULL },
	{ 562, "Cisco Dual Mode for iPhone", NULL },
	{ 564, "Cisco 6945", NULL },
	{ 575, "Cisco Dual Mode for Android", NULL },
	{ 577, "Cisco 7926", NULL },
	{ 580, "Cisco E20", NULL },
	{ 582, "Generic Single Screen Room System", NULL },
	{ 583, "Generic Multiple Screen Room System", NULL },
	{ 584, "Cisco TelePresence EX90", NULL },
	{ 585, "Cisco 8945", NULL },
	{ 586, "Cisco 8941", NULL },
	{ 588, "Generic Desktop Video Endpoint", NULL },
	{ 590, "Cisco TelePresence 500-32", NULL },
	{ 591, "Cisco TelePresence 1300-47", NULL },
	{ 592, "Cisco 3905", NULL },
	{ 593, "Cisco Cius", NULL },
	{ 594, "VKEM 36-Button Line Expansion Module", NULL },
	{ 596, "Cisco TelePresence TX1310-65", NULL },
	{ 597, "Cisco TelePresence MCU", NULL },
	{ 598, "Ascom IP-DECT Device", NULL },
	{ 599, "Cisco TelePresence Exchange System", NULL },
	{ 604, "Cisco TelePresence EX60", NULL },
	{ 606, "Cisco TelePresence Codec C90", NULL },
	{ 607, "Cisco TelePresence Codec C60", NULL },
	{ 608, "Cisco TelePresence Codec C40", NULL },
	{ 609, "Cisco TelePresence Quick Set C20", NULL },
	{ 610, "Cisco TelePresence Profile 42 (C20)", NULL },
	{ 611, "Cisco TelePresence Profile 42 (C60)", NULL },
	{ 612, "Cisco TelePresence Profile 52 (C40)", NULL },
	{ 613, "Cisco TelePresence Profile 52 (C60)", NULL },
	{ 614, "Cisco TelePresence Profile 52 Dual (C60)", NULL },
	{ 615, "Cisco TelePresence Profile 65 (C60)", NULL },
	{ 616, "Cisco TelePresence Profile 65 Dual (C90)", NULL },
	{ 617, "Cisco TelePresence MX200", NULL },
	{ 619, "Cisco TelePresence TX9000", NULL },
	{ 620, "Cisco TelePresence TX9200", NULL },
	{ 621, "Cisco 7821", NULL },
	{ 622, "Cisco 7841", NULL },
	{ 623, "Cisco 7861", NULL },
	{ 626, "Cisco TelePresence SX20", NULL },
	{ 627, "Cisco TelePresence MX300", NULL },
	{ 628, "IMS-integrated Mobile (Basic)", NULL },
	{ 631, "Third-party AS-SIP Endpoint", NULL },
	{ 632, "Cisco Cius SP", NULL },
	{ 633, "Cisco TelePresence Profile 42 (C40)", NULL },
	{ 634, "Cisco VXC 6215", NULL },
	{ 635, "CTI Remote Device", NULL },
	{ 640, "Usage Profile", NULL },
	{ 642, "Carrier-integrated Mobile", NULL },
	{ 645, "Universal Device Template", NULL },
	{ 647, "Cisco DX650", NULL },
	{ 648, "Cisco Unified Communications for RTX", NULL },
	{ 652, "Cisco Jabber for Tablet", NULL },
	{ 659, "Cisco 8831", NULL },
	{ 681, "Cisco ATA 190", NULL },
	{ 682, "Cisco TelePresence SX10", NULL },
	{ 683, "Cisco 8841", NULL },
	{ 684, "Cisco 8851", NULL },
	{ 685, "Cisco 8861", NULL },
	{ 688, "Cisco TelePresence SX80", NULL },
	{ 689, "Cisco TelePresence MX200 G2", NULL },
	{ 690, "Cisco TelePresence MX300 G2", NULL },
	{ 20000, "Cisco 7905", NULL },
	{ 30002, "Cisco 7920", NULL },
	{ 30006, "Cisco 7970", NULL },
	{ 30007, "Cisco 7912", NULL },
	{ 30008, "Cisco 7902", NULL },
	{ 30016, "Cisco IP Communicator", NULL },
	{ 30018, "Cisco 7961", NULL },
	{ 30019, "Cisco 7936", "Cisco 7936 Conference" },
	{ 30027, "Analog Phone", NULL },
	{ 30028, "ISDN BRI Phone", NULL },
	{ 30032, "SCCP gateway virtual phone", NULL },
	{ 30035, "IP-STE", NULL },
	{ 36041, "Cisco TelePresence Conductor", NULL },
	{ 36042, "Cisco DX80", NULL },
	{ 36043, "Cisco DX70", NULL },
	{ 36049, "BEKEM 36-Button Line Expansion Module", NULL },
	{ 36207, "Cisco TelePresence MX700", NULL },
	{ 36208, "Cisco TelePresence MX800", NULL },
	{ 36210, "Cisco TelePresence IX5000", NULL },
	{ 36213, "Cisco 7811", NULL },
	{ 36216, "Cisco 8821", NULL },
	{ 36217, "Cisco 8811", NULL },
	{ 36219, "Interactive Voice Response", NULL },
	{ 36224, "Cisco 8845", NULL },
	{ 36225, "Cisco 8865", NULL },
	{ 36227, "Cisco TelePresence MX800 Dual", NULL },
	{ 36232, "Cisco 8851NR", NULL },
	{ 36235, "Cisco Spark Remote Device", NULL },
	{ 36239, "Cisco TelePresence DX80", NULL },
	{ 36241, "Cisco TelePresence DX70", NULL },
	{ 36247, "Cisco 7832", NULL },
	{ 36248, "Cisco 8865NR", NULL },
	{ 36250, "Cisco Meeting Server", NULL },
	{ 36251, "Cisco Spark Room Kit", NULL },
	{ 36254, "Cisco Spark Room 55", NULL },
	{ 36255, "Cisco Spark Room Kit Plus", NULL },
	{ 36256, "CP-8800-Video 28-Button Key Expansion Module", NULL },
	{ 36257, "CP-8800-Audio 28-Button Key Expansion Module", NULL },
	{ 36258, "Cisco 8832", NULL },
	{ 36260, "Cisco 8832NR", NULL },
	/* Not in CUCM's table: third-party SCCP devices chan-sccp knows. */
	{ 275, "Nokia E Series", NULL },
	{ 80000, "Cisco SPA 521S", NULL },
	{ 80001, "Cisco SPA 524SG", "Cisco SPA 521SG" },
	{ 80003, "Cisco SPA 502G", NULL },
	{ 80004, "Cisco SPA 504G", NULL },
	{ 80005, "Cisco SPA 525G", NULL },
	{ 80006, "Cisco SPA 508G", NULL },
	{ 80007, "Cisco SPA 509G", NULL },
	{ 80009, "Cisco SPA 525G2", NULL },
	{ 80011, "Cisco SPA 303G", NULL },
	{ 80012, "Cisco SPA 512G", NULL },
	{ 80013, "Cisco SPA 514G", NULL },
};

#define NDEVTYPES	(sizeof devtype_table / sizeof devtype_table[0])

/* Words a label may start with that say nothing about the model. */
static const char *const filler[] = {
	"cisco", "ip", "phone", "conf", "conference", "unified", "systems",
};

size_t
devtype_count(void)
{
	return (NDEVTYPES);
}

const struct devtype *
devtype_at(size_t i)
{
	return (i < NDEVTYPES ? &devtype_table[i] : NULL);
}

const struct devtype *
devtype_find(unsigned num)
{
	size_t	 i;

	for (i = 0; i < NDEVTYPES; i++) {
		if (devtype_table[i].num == num)
			return (&devtype_table[i]);
	}
	return (NULL);
}

/* The next word of s (at most len bytes) into w, lower case; 0 at the end. */
static size_t
next_word(const char **s, const char *end, char *w, size_t wlen)
{
	const char	*p = *s;
	size_t		 n = 0;

	while (p < end && isspace((unsigned char)*p))
		p++;
	while (p < end && !isspace((unsigned char)*p)) {
		if (n + 1 < wlen)
			w[n++] = (char)tolower((unsigned char)*p);
		p++;
	}
	w[n] = '\0';
	*s = p;
	return (n);
}

static int
is_filler(const char *w)
{
	size_t	 i;

	for (i = 0; i < sizeof filler / sizeof filler[0]; i++) {
		if (strcmp(w, filler[i]) == 0)
			return (1);
	}
	return (0);
}

int
devtype_label_key(const char *label, char *key, size_t keylen,
    unsigned *digits)
{
	const char	*s = label, *end = label + strlen(label), *w;
	char		 word[DEVTYPE_KEY_MAX], next[DEVTYPE_KEY_MAX];
	size_t		 n, k = 0;
	unsigned	 d = 0;

	key[0] = '\0';
	while ((n = next_word(&s, end, word, sizeof word)) > 0 &&
	    is_filler(word))
		;
	if (n == 0)
		return (0);
	w = word;
	if (strncmp(w, "cp-", 3) == 0)
		w += 3;
	if (strlen(w) >= 4 && isdigit((unsigned char)w[0]) &&
	    isdigit((unsigned char)w[1]) && isdigit((unsigned char)w[2]) &&
	    isdigit((unsigned char)w[3]) && !isdigit((unsigned char)w[4])) {
		/* A model number and its variant: G, G-GE, GE, -GE, NR... */
		d = (unsigned)(w[0] - '0') * 1000 + (unsigned)(w[1] - '0') *
		    100 + (unsigned)(w[2] - '0') * 10 + (unsigned)(w[3] - '0');
		w += 4;
		if (w[0] == 'g' && (w[1] == '\0' || w[1] == '-'))
			w++;
		if (strcmp(w, "ge") == 0)
			w = "-ge";
		if (*w == '\0' && next_word(&s, end, next, sizeof next) > 0 &&
		    strcmp(next, "ge") == 0)
			w = "-ge";
		snprintf(key, keylen, "%04u%s", d, w);
		if (digits != NULL)
			*digits = d;
		return (1);
	}
	/* Any other label: its letters and digits. */
	for (;;) {
		for (; *w != '\0'; w++) {
			if (isalnum((unsigned char)*w) && k + 1 < keylen)
				key[k++] = *w;
		}
		if (next_word(&s, end, word, sizeof word) == 0)
			break;
		w = word;
	}
	key[k] = '\0';
	return (0);
}

/* Call f on every label of d until it returns nonzero. */
static int
each_label(const struct devtype *d, int (*f)(const char *, const void *),
    const void *arg)
{
	char		 one[DEVTYPE_KEY_MAX * 2];
	const char	*a, *bar;
	size_t		 n;

	if (f(d->name, arg))
		return (1);
	for (a = d->aliases; a != NULL && *a != '\0'; a = bar + 1) {
		if ((bar = strchr(a, '|')) == NULL)
			bar = a + strlen(a);
		n = (size_t)(bar - a) < sizeof one ? (size_t)(bar - a) :
		    sizeof one - 1;
		memcpy(one, a, n);
		one[n] = '\0';
		if (f(one, arg))
			return (1);
		if (*bar == '\0')
			break;
	}
	return (0);
}

static int
label_has_key(const char *label, const void *key)
{
	char	 k[DEVTYPE_KEY_MAX];

	devtype_label_key(label, k, sizeof k, NULL);
	return (k[0] != '\0' && strcmp(k, key) == 0);
}

static int
label_has_digits(const char *label, const void *digits)
{
	char		 k[DEVTYPE_KEY_MAX];
	unsigned	 d;

	return (devtype_label_key(label, k, sizeof k, &d) &&
	    d == *(const unsigned *)digits);
}

int
devtype_has_key(const struct devtype *d, const char *key)
{
	return (each_label(d, label_has_key, key));
}

int
devtype_has_digits(const struct devtype *d, unsigned digits)
{
	return (each_label(d, label_has_digits, &digits));
}

const struct devtype *
devtype_by_label(const char *key, unsigned digits, const struct devtype *not)
{
	const struct devtype *d;
	size_t		 i;

	for (i = 0; i < NDEVTYPES; i++) {
		d = &devtype_table[i];
		if (d != not && (key != NULL ? devtype_has_key(d, key) :
		    devtype_has_digits(d, digits)))
			return (d);
	}
	return (NULL);
}
