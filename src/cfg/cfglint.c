/*
 * The configuration linter (shared/domain/cisco-phones.md 2.5, 6).
 * User-supplied XML: XML_PARSE_NONET, no XML_PARSE_NOENT, no DTD loading.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "cfg/cfglint.h"
#include "fw/fw_catalog.h"
#include "model/model.h"
#include "sbuf.h"
#include "util.h"

#define CFGLINT_MAX_BYTES	(4 << 20)	/* config files are a few KB */

struct lint {
	const char		*file;
	const struct fw_catalog	*cat;
	struct sbuf		*out;
	int			 n;
};

static void	 problem(struct lint *, long, const char *, ...)
		     __attribute__((format(printf, 3, 4)));
static void	 walk(struct lint *, xmlNodePtr);
static void	 check_element(struct lint *, xmlNodePtr);
static void	 check_loadinfo(struct lint *, xmlNodePtr, const char *);
static void	 check_callmanagers(struct lint *, xmlNodePtr, int *);
static size_t	 distance(const char *, const char *);
static char	*node_text(xmlNodePtr, char *, size_t);

/* Elements seen in working XMLDefault/SEP files (Cisco guides, examples). */
static const char *const known[] = {
	"Default", "device", "fullConfig", "deviceProtocol", "sshUserId",
	"sshPassword", "ipAddressMode", "allowAutoConfig", "dadEnable",
	"ipPreferenceForSignalling", "devicePool", "revertPriority",
	"name", "description", "dateTimeSetting", "dateTemplate", "timeZone",
	"olsonTimeZone", "ntps", "ntp", "NTPMode", "callManagerGroup",
	"members", "member", "callManager", "ports", "ethernetPhonePort",
	"sipPort", "securedSipPort", "mgcpPorts", "listen", "keepAlive",
	"processNodeName", "tftpDefault", "srstInfo", "srstOption",
	"userModifiable", "ipAddr1", "port1", "ipAddr2", "port2", "ipAddr3",
	"port3", "sipIpAddr1", "sipPort1", "sipIpAddr2", "sipPort2",
	"sipIpAddr3", "sipPort3", "isSecure", "connectionMonitorDuration",
	"mlppDomainId", "mlppIndicationStatus", "preemption",
	"sipProfile", "sipProxies", "backupProxy", "backupProxyPort",
	"emergencyProxy", "emergencyProxyPort", "outboundProxy",
	"outboundProxyPort", "registerWithProxy", "sipCallFeatures",
	"cnfJoinEnabled", "callForwardURI", "callPickupURI",
	"callPickupListURI", "callPickupGroupURI", "meetMeServiceURI",
	"abbreviatedDialURI", "rfc2543Hold", "callHoldRingback",
	"localCfwdEnable", "semiAttendedTransfer", "anonymousCallBlock",
	"callerIdBlocking", "dndControl", "remoteCcEnable", "retainForwardInformation",
	"sipStack", "sipInviteRetx", "sipRetx", "timerInviteExpires",
	"timerRegisterExpires", "timerRegisterDelta", "timerKeepAliveExpires",
	"timerSubscribeExpires", "timerSubscribeDelta", "timerT1", "timerT2",
	"maxRedirects", "remotePartyID", "userInfo", "autoAnswerTimer",
	"autoAnswerAltBehavior", "autoAnswerOverride", "transferOnhookEnabled",
	"enableVad", "preferredCodec", "dtmfAvtPayload", "dtmfDbLevel",
	"dtmfOutofBand", "alwaysUsePrimeLine", "alwaysUsePrimeLineVoiceMail",
	"kpml", "natEnabled", "natReceivedProcessing", "natAddress",
	"stutterMsgWaiting", "callStats", "silentPeriodBetweenCallWaitingBursts",
	"disableLocalSpeedDialConfig", "startMediaPort", "stopMediaPort",
	"voipControlPort", "dscpForAudio", "dscpForCm2Dvce",
	"ringSettingBusyStationPolicy", "dialTemplate", "phoneLabel",
	"sipLines", "line", "featureID", "featureLabel", "proxy", "port",
	"displayName", "autoAnswer", "autoAnswerEnabled", "callWaiting",
	"authName", "authPassword", "sharedLine", "messageWaitingLampPolicy",
	"messagesNumber", "ringSettingIdle", "ringSettingActive", "contact",
	"forwardCallInfoDisplay", "callerName", "callerNumber",
	"redirectedNumber", "dialedNumber", "speedDialNumber",
	"featureOptionMask", "sipCallFeatures", "commonProfile",
	"phonePassword", "backgroundImageAccess", "callLogBlfEnabled",
	"loadInformation", "inactiveLoadInformation", "vendorConfig",
	"disableSpeaker", "disableSpeakerAndHeadset", "forwardingDelay",
	"pcPort", "settingsAccess", "garp", "voiceVlanAccess",
	"videoCapability", "autoSelectLineEnable", "webAccess",
	"daysDisplayNotActive", "displayOnTime", "displayOnDuration",
	"displayIdleTimeout", "spanToPCPort", "loggingDisplay", "loadServer",
	"peerFirmwareSharing", "enableCdpSwPort", "enableCdpPwrPort",
	"lldpAssetId", "powerPriority", "ehookEnable", "headsetWidebandEnable",
	"versionStamp", "userLocale", "networkLocale", "networkLocaleInfo",
	"uid", "langCode", "version", "winCharSet", "deviceSecurityMode",
	"idleTimeout", "authenticationURL", "directoryURL", "servicesURL",
	"idleURL", "informationURL", "messagesURL", "proxyServerURL",
	"secureAuthenticationURL", "secureDirectoryURL", "secureServicesURL",
	"secureIdleURL", "secureInformationURL", "secureMessagesURL",
	"transportLayerProtocol", "dndCallAlert", "dndReminderTimer",
	"capfAuthMode", "capfList", "capf", "phonePort", "certHash",
	"encrConfig", "addOnModules", "addOnModule", "tzdata",
	"tzolsonversion", "tzupdater", "featurePolicyFile", "softKeyFile",
	"dialToneSetting", "autoRegistrationName", "singleButtonBarge",
	"joinAcrossLines", "mobility", "handoffNumber", "dtmfToneDuration",
	"directoryNumber", "protocol", "profileName", "sipProfileName",
	"voipControlPort", "rollover", "blfAudibleAlertSettingOfIdleStation",
	"blfAudibleAlertSettingOfBusyStation", "ipv6", "TVS",
	"userId", "ownerUserName", "userFullName", "speedDial", "index",
	"label", "number", "services", "service", "minimumRingVolume",
	"advertiseG722Codec", "recordingTone", "recordingToneLocalVolume",
	"recordingToneRemoteVolume", "recordingToneDuration",
	"moreKeyReversionTimer", "autoCallSelect", "g722CodecSupport",
	"loggingDisplay", "sendKeyAction", "rtcp",
};

static void
problem(struct lint *l, long line, const char *fmt, ...)
{
	va_list	 ap;
	char	 msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sbuf_addf(l->out, "%s:%ld: %s\n", l->file, line, msg);
	l->n++;
}

/* Levenshtein distance, ASCII case folded, capped for short names. */
static size_t
distance(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j, prev, cur, tmp;
	size_t	 row[64];

	if (la >= 63 || lb >= 63)
		return (64);
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = row[j];
			tmp = prev + (tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]));
			if (row[j] + 1 < tmp)
				tmp = row[j] + 1;
			if (row[j - 1] + 1 < tmp)
				tmp = row[j - 1] + 1;
			row[j] = tmp;
			prev = cur;
		}
	}
	return (row[lb]);
}

const char *
cfglint_known_element(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++) {
		if (strcasecmp(known[i], name) == 0)
			return (known[i]);
	}
	return (NULL);
}

/* The node's text, trimmed and sanitised for messages. */
static char *
node_text(xmlNodePtr n, char *buf, size_t len)
{
	xmlChar	*t = xmlNodeGetContent(n);
	char	*s, *e;

	buf[0] = '\0';
	if (t == NULL)
		return (buf);
	s = (char *)t;
	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	util_sanitise(buf, len, s, (size_t)(e - s));
	xmlFree(t);
	return (buf);
}

static const struct model *
model_by_devtype(unsigned dt)
{
	size_t	 i;

	for (i = 0; i < model_count(); i++) {
		if (model_at(i)->devtype == dt)
			return (model_at(i));
	}
	return (NULL);
}

/* <loadInformationNNN model="...">LOAD</...> and <loadInformation>. */
static void
check_loadinfo(struct lint *l, xmlNodePtr n, const char *digits)
{
	const struct model *bynum = NULL, *byattr = NULL;
	xmlChar		*attr;
	char		 load[256], shown[128];
	long		 line = xmlGetLineNo(n);
	unsigned long	 dt;

	if (digits != NULL && *digits != '\0') {
		dt = strtoul(digits, NULL, 10);
		if (digits[0] == '0')
			problem(l, line, "loadInformation%s: zero-padded "
			    "device type; write loadInformation%lu", digits, dt);
		if (dt > 0xffffff || (bynum = model_by_devtype((unsigned)dt))
		    == NULL)
			problem(l, line, "loadInformation%s: no known model "
			    "has device type %lu", digits, dt);
		if ((attr = xmlGetProp(n, BAD_CAST "model")) != NULL) {
			util_sanitise(shown, sizeof shown, attr,
			    strlen((char *)attr));
			byattr = model_find((const char *)attr);
			xmlFree(attr);
			if (byattr != NULL && bynum != byattr)
				problem(l, line, "loadInformation%s says "
				    "model=\"%s\", whose device type is %u%s%s%s: "
				    "write loadInformation%u", digits, shown,
				    byattr->devtype, bynum != NULL ?
				    " (" : "", bynum != NULL ? bynum->name : "",
				    bynum != NULL ? " has this number)" : "",
				    byattr->devtype);
		}
	}
	node_text(n, load, sizeof load);
	if (load[0] == '\0') {
		problem(l, line, "%s is empty: No Load Specified",
		    (const char *)n->name);
		return;
	}
	if (l->cat != NULL && fw_catalog_find_load(l->cat, load) == NULL)
		problem(l, line, "load %s is not in %s (no %s.loads)", load,
		    l->cat->root, load);
}

/* Spelling and case against the vocabulary, then per-element rules. */
static void
check_element(struct lint *l, xmlNodePtr n)
{
	const char	*name = (const char *)n->name, *right;
	const char	*best = NULL;
	char		 text[256];
	size_t		 i, d, bestd = 3;
	long		 line = xmlGetLineNo(n);

	if (strncasecmp(name, "loadInformation", 15) == 0 &&
	    strspn(name + 15, "0123456789") == strlen(name + 15)) {
		if (strncmp(name, "loadInformation", 15) != 0)
			problem(l, line, "<%s> is wrongly cased: write "
			    "<loadInformation%s>", name, name + 15);
		check_loadinfo(l, n, name + 15);
		return;
	}
	if ((right = cfglint_known_element(name)) != NULL) {
		if (strcmp(right, name) != 0)
			problem(l, line, "<%s> is wrongly cased: write <%s>",
			    name, right);
	} else {
		for (i = 0; i < sizeof known / sizeof known[0]; i++) {
			if ((d = distance(name, known[i])) < bestd) {
				bestd = d;
				best = known[i];
			}
		}
		if (best != NULL)
			problem(l, line, "unknown element <%s>: did you mean "
			    "<%s>?", name, best);
		else
			problem(l, line, "unknown element <%s>", name);
	}
	if (right != NULL && strcmp(right, "phoneLabel") == 0 &&
	    strchr(node_text(n, text, sizeof text), ' ') != NULL)
		problem(l, line, "phoneLabel \"%s\" contains spaces: 79xx "
		    "phones reject the whole file (Unprovisioned)", text);
}

/* Every element below n, depth first. */
static void
walk(struct lint *l, xmlNodePtr n)
{
	xmlNodePtr	 c;

	for (c = n; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		check_element(l, c);
		walk(l, c->children);
	}
}

/* Every callManager needs a processNodeName; counts them in *found. */
static void
check_callmanagers(struct lint *l, xmlNodePtr n, int *found)
{
	xmlNodePtr	 c, k;
	int		 has;

	for (c = n; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcasecmp((const char *)c->name, "callManager") == 0) {
			has = 0;
			for (k = c->children; k != NULL; k = k->next)
				if (k->type == XML_ELEMENT_NODE &&
				    strcasecmp((const char *)k->name,
				    "processNodeName") == 0)
					has = 1;
			if (!has)
				problem(l, xmlGetLineNo(c), "callManager "
				    "without processNodeName: phones need it "
				    "(the TFTP/call server address)");
			(*found)++;
		}
		check_callmanagers(l, c->children, found);
	}
}

/* Parse without network or entities, then root, elements, processNodeName. */
int
cfglint_buffer(const char *file, const char *buf, size_t len,
    const struct fw_catalog *cat, struct sbuf *out)
{
	struct lint	 l;
	xmlParserCtxtPtr ctx;
	xmlDocPtr	 doc;
	xmlNodePtr	 root;
	const xmlError	*e;
	const char	*base, *want = NULL;
	char		 msg[256];
	int		 ncm = 0;

	l.file = file;
	l.cat = cat;
	l.out = out;
	l.n = 0;
	if (len > CFGLINT_MAX_BYTES) {
		problem(&l, 0, "%zu bytes: too large for a phone config", len);
		return (l.n);
	}
	if ((ctx = xmlNewParserCtxt()) == NULL) {
		problem(&l, 0, "libxml2: out of memory");
		return (l.n);
	}
	doc = xmlCtxtReadMemory(ctx, buf, (int)len, file, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_NOCDATA);
	if (doc == NULL) {
		e = xmlCtxtGetLastError(ctx);
		if (e != NULL && e->message != NULL) {
			util_sanitise(msg, sizeof msg, e->message,
			    strcspn(e->message, "\n"));
			problem(&l, e->line, "not well-formed: %s", msg);
		} else
			problem(&l, 0, "not well-formed");
		xmlFreeParserCtxt(ctx);
		return (l.n);
	}
	root = xmlDocGetRootElement(doc);
	base = strrchr(file, '/');
	base = base != NULL ? base + 1 : file;
	if (strncasecmp(base, "SEP", 3) == 0)
		want = "device";
	else if (strncasecmp(base, "XMLDefault", 10) == 0)
		want = "Default";
	if (root == NULL)
		problem(&l, 1, "no root element");
	else if (want != NULL && strcmp((const char *)root->name, want) != 0)
		problem(&l, xmlGetLineNo(root), "root element <%s>: %s wants "
		    "<%s>", (const char *)root->name, base, want);
	else if (want == NULL && strcmp((const char *)root->name,
	    "Default") != 0 && strcmp((const char *)root->name, "device") != 0)
		problem(&l, xmlGetLineNo(root), "root element <%s>: want "
		    "<Default> (XMLDefault.cnf.xml) or <device> "
		    "(SEP<MAC>.cnf.xml)", (const char *)root->name);
	if (root != NULL) {
		/* The root's own spelling was judged above. */
		walk(&l, root->children);
		check_callmanagers(&l, root->children, &ncm);
		if (ncm == 0 && strcasecmp((const char *)root->name,
		    "Default") == 0)
			problem(&l, xmlGetLineNo(root), "no processNodeName: "
			    "XMLDefault needs callManagerGroup/members/member/"
			    "callManager/processNodeName");
	}
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctx);
	return (l.n);
}

int
cfglint_file(const char *path, const struct fw_catalog *cat,
    struct sbuf *out)
{
	char		*buf;
	size_t		 len = 0, cap = 65536;
	ssize_t		 n;
	int		 fd, r;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		sbuf_addf(out, "%s:0: %s\n", path, strerror(errno));
		return (1);
	}
	if ((buf = malloc(cap)) == NULL) {
		close(fd);
		sbuf_addf(out, "%s:0: out of memory\n", path);
		return (1);
	}
	for (;;) {
		if (len == cap) {
			char	*nb;

			if (cap >= CFGLINT_MAX_BYTES + 1 ||
			    (nb = realloc(buf, cap * 2)) == NULL)
				break;
			buf = nb;
			cap *= 2;
		}
		if ((n = read(fd, buf + len, cap - len)) == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	r = cfglint_buffer(path, buf, len, cat, out);
	free(buf);
	return (r);
}
