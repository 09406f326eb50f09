/*
 * The vocabulary of phone configuration files (src/cfg/cfgvocab.h).
 *
 * Every name below was read in a real configuration file, never recalled:
 * the element names are every element of every <device>/<Default> file
 * in these public sets (templates included; names spelt otherwise only
 * once, against a majority, left out: dannymcc's lower-case
 * transferonhookenabled, stopmediaport, voipcontrolport, rfc2543hold,
 * calleridblocking, remotepartyid, and one softkeyControl):
 *  - shared/fixtures/real-configs/ (36 files, 8 repositories; see its
 *    README for the commits);
 *  - chan-sccp/chan-sccp conf/tftp/ (90dc24f), also the 792x
 *    vendorConfig entries and the annotated SEP file;
 *  - chan-sccp/sccp_manager conf/SEP*_template, XMLDefault template
 *    (5752d9f);
 *  - dkgroot/provision_sccp tftpboot/settings/ (152d8d8);
 *  - wazo-platform/wazo-provd-plugins wazo_cisco_sccp templates and the
 *    wazo_cisco_sip 8941/8945 ones;
 *  - fusionpbx/fusionpbx resources/templates/provision/cisco/79x1;
 *  - NamoDev/Cisco-IP-Phone-Provisioning-Files, mkirbst/cisco7960fritzbox,
 *    julianhead/CiscoPhones;
 *  - usecallmanagernz.github.io sepmac-cnf-xml.html (the documented
 *    examples);
 *  - chaslinux/cisco-sip Cisco-SIP.sh (autoRegistrationName);
 *  - staskobzar/cisco_prov templates (analogAccessPort,
 *    digitalAccessPort, organizationTopLevelDomain); waynemerricks/
 *    Cisco7942FreePBX, msergiy87/phone_cisco_6921 and buba0/Cisco-7900-
 *    and-8800-series-freepbx-setup use no name beyond the above.
 * The 7940/7960 SIP keys come from the SIPDefault.cnf and SIP<MAC>.cnf
 * files of the same sets (dbaldree, julianhead, mkirbst, fusionpbx
 * 7940/7960, NamoDev 7960.cnf) and from Cisco's "Configurable Parameters
 * for the SIP IP Phone" table (SIP IP Phone Administrator Guide 7.5,
 * appendix D); lineN_ and proxyN_ keys are listed once, for N = 1.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfg/cfgvocab.h"

static const char *const elements[] = {
	"Default", "MissedCallLoggingOption", "PCRemoteConfig",
	"PortAutoLinkSync", "PushToTalkURL", "RingLocale", "SWRemoteConfig",
	"TLSResumptionTimer", "TVS", "WlanProfile1", "WlanProfile2",
	"WlanProfile3", "WlanProfile4", "abbreviatedDialURI", "accessApps",
	"accessContacts", "accessFavorites", "accessVoicemail",
	"actionableAlert", "addOnModule", "addOnModules", "address",
	"addresses", "adminConfigurableRinger", "adminPassword",
	"advertiseG722Codec", "allCallsOnPrimary", "allowAutoConfig",
	"alwaysUsePrimeLine", "alwaysUsePrimeLineVoiceMail",
	"analogAccessPort", "anonymousCallBlock", "appButtonPriority",
	"appButtonTimer", "applicationURL", "authMethod", "authName",
	"authPassword", "authenticationURL", "autoAnswer",
	"autoAnswerAltBehavior", "autoAnswerEnabled", "autoAnswerMode",
	"autoAnswerOverride", "autoAnswerTimer", "autoCallPickupEnable",
	"autoCallSelect", "autoNetDetect", "autoRegistrationName",
	"autoSelectLineEnable", "backgroundImageAccess",
	"backlightIdleTimeout", "backlightOnDuration", "backlightOnTime",
	"backlightOnWhenIncomingCall", "backupProxy", "backupProxyPort",
	"barCodeSymbologyGroup", "blfAudibleAlertSettingOfBusyStation",
	"blfAudibleAlertSettingOfIdleStation", "bluetooth",
	"bluetoothProfile", "bthfu", "btpbap", "busyTrigger",
	"callForwardURI", "callHoldRingback", "callLogBlfEnabled",
	"callManager", "callManagerGroup", "callParkMonitor",
	"callPickupGroupURI", "callPickupListURI", "callPickupURI",
	"callStats", "callWaiting", "callerIdBlocking", "callerName",
	"callerNumber", "capf", "capf6", "capfAuthMode", "capfList",
	"cdpEnable", "certHash", "certHash1", "ciscoCamera", "cnfJoinEnabled",
	"commonConfig", "commonProfile", "companyPhotoDir",
	"connectionMonitorDuration", "contact", "credentials", "dadEnable",
	"dateTemplate", "dateTimeSetting", "daysBacklightNotActive",
	"daysDisplayNotActive", "debugLevel", "debugServer",
	"defaultBackground", "defaultWallpaperFile", "description",
	"desktopClient", "detectCMConnectionFailure", "device", "deviceLine",
	"devicePool", "deviceProtocol", "deviceSecurityMode", "deviceType",
	"dfBit", "dialTemplate", "dialToneFromReleaseKey", "dialToneSetting",
	"dialedNumber", "digitalAccessPort", "directoryURL",
	"disableLocalSpeedDialConfig", "disableSpeaker",
	"disableSpeakerAndHeadset", "disableTLSCiphers", "displayIdleTimeout",
	"displayName", "displayOnDuration", "displayOnTime",
	"displayOnWhenIncomingCall", "displayRefreshRate", "dndCallAlert",
	"dndControl", "dndReminderTimer", "dscpForAudio", "dscpForCm2Dvce",
	"dscpForSCCPPhoneConfig", "dscpForSCCPPhoneServices",
	"dscpForTelepresence", "dscpVideo", "dtmfAvtPayload", "dtmfCnfCode",
	"dtmfDbLevel", "dtmfExclusiveHoldCode", "dtmfHoldCode",
	"dtmfOutofBand", "dtmfResumeCode", "dtmfTxfCode", "dtmfdn",
	"eapAuthentication", "echoMultiEnable", "ehookEnable",
	"emergencyProxy", "emergencyProxyPort", "enableCdpPcPort",
	"enableCdpSwPort", "enableGroupListen", "enableHostIDCheck",
	"enableLldpPcPort", "enableLldpSwPort", "enableMuteFeature",
	"enableVad", "encrConfig", "energyWiseDomain", "energyWiseSecret",
	"enterpriseConfig", "ethernetPhonePort",
	"executiveOverridePreemptable", "externalNumberMask",
	"failConnectTime", "featureID", "featureLabel", "featureOptionMask",
	"featurePolicyFile", "fileSystemVerificationEnable", "fipsMode",
	"forwardCallInfoDisplay", "forwardingDelay", "fullConfig",
	"g722CodecSupport", "garp", "handoffdn", "handsetHeadsetMonitor",
	"handsetWidebandEnable", "handsetWidebandUIControl", "hashAlg",
	"headsetHandsetMonitor", "headsetWidebandEnable",
	"headsetWidebandUIControl", "hideVideoByDefault", "holdResumeKey",
	"homeScreen", "ice", "idleTimeout", "idleURL",
	"inactiveLoadInformation", "incomingCallToastTimer", "informationURL",
	"instantMessaging", "ipAddr1", "ipAddr2", "ipAddr3", "ipAddressMode",
	"ipMediaAddressFamilyPreference", "ipPreferenceModeControl",
	"ipv6Addr", "ipv6LoadServer", "ipv6LogServer", "isSecure", "ivrdn",
	"java", "joinAcrossLines", "joinAndDirectTransferPolicy", "keepAlive",
	"kemOneColumn", "kpml", "langCode", "ldapServers", "line", "lineMode",
	"listen", "lldpAssetId", "loadInformation", "loadServer",
	"localCfwdEnable", "logServer", "loggingDisplay", "logouturi",
	"lowerYourVoiceAlert", "markCallAsSpam", "maxNumCalls",
	"maxRedirects", "meetMeServiceURI", "member", "members",
	"messageWaitingAMWI", "messageWaitingLampPolicy", "messagesNumber",
	"messagesURL", "mgcpPorts", "minimumRingVolume", "mlppDomainId",
	"mlppIndicationStatus", "mobility", "moreKeyReversionTimer", "mtu",
	"name", "natAddress", "natEnabled", "natReceivedProcessing",
	"networkLocale", "networkLocaleInfo", "ntp", "ntpMode", "ntps",
	"offhookToFirstDigitTimer", "olsonTimeZone",
	"organizationTopLevelDomain", "outOfRangeAlert", "outboundProxy",
	"outboundProxyPort", "ownerId", "pcPort", "peerFirmwareSharing",
	"phoneBookWebAccess", "phoneLabel", "phonePassword",
	"phonePersonalization", "phonePort", "phoneService", "phoneServices",
	"port", "port1", "port2", "port3", "portalDefaultServer", "ports",
	"poundEndOfDial", "powerNegotiation", "powerOffWhenCharging",
	"powerPriority", "preemption", "preferredCodec",
	"problemReportUploadURL", "processNodeName", "provisioning", "proxy",
	"proxyServerURL", "pswdPersistent", "recentsSoftKey",
	"recordingOption", "recordingTone", "recordingToneDuration",
	"recordingToneLocalVolume", "recordingToneRemoteVolume",
	"redirectEnable", "redirectedNumber", "registerWithProxy",
	"remoteCcEnable", "remotePartyID", "restrictDataRates",
	"retainForwardInformation", "revertPriority", "rfc2543Hold",
	"ringSettingActive", "ringSettingBusyStationPolicy",
	"ringSettingIdle", "rollover", "rtcp", "rtpcontrolprotocol",
	"scannerCommands", "scanningMode", "sdio", "secureAuthenticationURL",
	"secureDirectoryURL", "secureIdleURL", "secureInformationURL",
	"secureMessagesURL", "secureServicesURL", "securedSipPort",
	"semiAttendedTransfer", "sendKeyAction", "separateMute", "serviceURI",
	"servicesURL", "settingsAccess", "sharedLine",
	"showCallHistoryForSelectedLine", "sideToneLevel",
	"silentPeriodBetweenCallWaitingBursts", "simplifiedNewCall",
	"singleButtonBarge", "sipCallFeatures", "sipInviteRetx", "sipIpAddr1",
	"sipIpAddr2", "sipIpAddr3", "sipLines", "sipPort", "sipPort1",
	"sipPort2", "sipPort3", "sipProfile", "sipProxies", "sipRetx",
	"sipStack", "softKeyControl", "softKeyFile", "spanToPCPort",
	"specialNumbers", "speedDialNumber", "srstInfo", "srstOption",
	"sshAccess", "sshPassword", "sshPort", "sshUserId", "startMediaPort",
	"stopMediaPort", "stutterMsgWaiting", "suppressCallInfoDisplay",
	"syslogServer", "tftpDefault", "timeZone", "timerInviteExpires",
	"timerKeepAliveExpires", "timerRegisterDelta", "timerRegisterExpires",
	"timerSubscribeDelta", "timerSubscribeExpires", "timerT1", "timerT2",
	"tls12Only", "transferOnhookEnabled", "transportLayerProtocol",
	"tzdata", "tzolsonversion", "tzupdater", "uid",
	"unlockSettingsSequence", "uriDialingDisplayPreference", "url",
	"url1", "usb1", "usb2", "usbClasses", "useEnblocDialing", "userId",
	"userInfo", "userLocale", "userModifiable", "vendor", "vendorConfig",
	"version", "versionStamp", "videoCapability", "videoRtcp",
	"voiceQualityControl", "voiceVlanAccess", "voipControlPort",
	"vpnGroup", "webAccess", "webAdmin", "webProtocol", "wifi",
	"winCharSet",
};

static const char *const sip_keys[] = {
	"anonymous_call_block", "auto_answer", "autocomplete",
	"call_hold_ringback", "call_stats", "call_waiting",
	"callerid_blocking", "cnf_join_enable", "date_format",
	"dial_template", "directory_url", "dnd_control", "dst_auto_adjust",
	"dst_offset", "dst_start_day", "dst_start_day_of_week",
	"dst_start_month", "dst_start_time", "dst_start_week_of_month",
	"dst_stop_day", "dst_stop_day_of_week", "dst_stop_month",
	"dst_stop_time", "dst_stop_week_of_month", "dtmf_avt_payload",
	"dtmf_db_level", "dtmf_inband", "dtmf_outofband", "dyn_dns_addr_1",
	"dyn_dns_addr_2", "dyn_tftp_addr", "enable_vad", "end_media_port",
	"http_proxy_addr", "http_proxy_port", "image_version", "language",
	"line1_authname", "line1_displayname", "line1_name", "line1_password",
	"line1_shortname", "logo_url", "messages_uri", "nat_address",
	"nat_enable", "nat_received_processing", "network_media_type",
	"outbound_proxy", "outbound_proxy_port", "phone_label",
	"phone_password", "phone_prompt", "preferred_codec", "proxy1_address",
	"proxy1_port", "proxy_backup", "proxy_backup_port", "proxy_emergency",
	"proxy_emergency_port", "proxy_register", "remote_party_id",
	"semi_attended_transfer", "services_url", "sip_invite_retx",
	"sip_retx", "sntp_mode", "sntp_server", "start_media_port",
	"stutter_msg_waiting", "sync", "telnet_level", "tftp_cfg_dir",
	"time_format_24hr", "time_zone", "timer_invite_expires",
	"timer_register_expires", "timer_t1", "timer_t2", "tos_media",
	"transfer_onhook_enabled", "user_info", "voip_control_port",
};

#define NAME_MAX_LEN	63	/* longer names are never known */
#define NWORDS_MAX	2048	/* distinct words of both tables */

#define NELEMENTS	(sizeof elements / sizeof elements[0])
#define NSIP_KEYS	(sizeof sip_keys / sizeof sip_keys[0])

/*
 * Built once, on first use: each table sorted in any letter case (for
 * lookups), and the sorted set of the words known names are made of.
 */
static struct index {
	const char	*names[NELEMENTS > NSIP_KEYS ? NELEMENTS : NSIP_KEYS];
	size_t		 n;
	char		 wordbuf[NWORDS_MAX * 12];
	const char	*words[NWORDS_MAX];
	size_t		 nwords;
} ix[2];
static int	 ix_ready;

static size_t	 split_words(const char *, char *, size_t);

static int
cmp_case(const void *a, const void *b)
{
	return (strcasecmp(*(const char *const *)a, *(const char *const *)b));
}

static int
cmp_exact(const void *a, const void *b)
{
	return (strcmp(*(const char *const *)a, *(const char *const *)b));
}

static void
index_one(struct index *x, const char *const *t, size_t n)
{
	char		 buf[2 * NAME_MAX_LEN + 2], *p;
	size_t		 i, j, nw, used = 0, l, k;

	for (i = 0; i < n; i++)
		x->names[i] = t[i];
	x->n = n;
	qsort(x->names, n, sizeof x->names[0], cmp_case);
	for (i = 0; i < n; i++) {
		nw = split_words(t[i], buf, sizeof buf);
		for (j = 0, p = buf; j < nw; j++, p += strlen(p) + 1) {
			l = strlen(p) + 1;
			if (x->nwords == NWORDS_MAX ||
			    used + l > sizeof x->wordbuf)
				break;
			for (k = 0; k < x->nwords; k++)
				if (strcmp(x->words[k], p) == 0)
					break;
			if (k < x->nwords)
				continue;
			memcpy(x->wordbuf + used, p, l);
			x->words[x->nwords++] = x->wordbuf + used;
			used += l;
		}
	}
	qsort(x->words, x->nwords, sizeof x->words[0], cmp_exact);
}

static const struct index *
get_index(enum cfgvocab_kind k)
{
	if (!ix_ready) {
		index_one(&ix[CFGVOCAB_XML], elements, NELEMENTS);
		index_one(&ix[CFGVOCAB_SIP], sip_keys, NSIP_KEYS);
		ix_ready = 1;
	}
	return (&ix[k == CFGVOCAB_SIP ? CFGVOCAB_SIP : CFGVOCAB_XML]);
}

/*
 * SIP keys: "line3_name" is looked up as "line1_name"; returns the
 * offset of the digit to put back, or 0.
 */
static size_t
sip_fold(const char *name, char *out, size_t len)
{
	size_t	 at = 0;

	snprintf(out, len, "%s", name);
	if (strncasecmp(out, "line", 4) == 0)
		at = 4;
	else if (strncasecmp(out, "proxy", 5) == 0)
		at = 5;
	if (at != 0 && out[at] >= '1' && out[at] <= '6' && out[at + 1] == '_') {
		out[at] = '1';
		return (at);
	}
	return (0);
}

const char *
cfgvocab_lookup(enum cfgvocab_kind k, const char *name, char *buf,
    size_t len)
{
	const struct index *x = get_index(k);
	const char	*key, *const *hit;
	char		 folded[NAME_MAX_LEN + 1];
	size_t		 at = 0;

	if (strlen(name) > NAME_MAX_LEN)
		return (NULL);
	if (k == CFGVOCAB_SIP)
		at = sip_fold(name, folded, sizeof folded);
	else
		snprintf(folded, sizeof folded, "%s", name);
	key = folded;
	hit = bsearch(&key, x->names, x->n, sizeof x->names[0], cmp_case);
	if (hit == NULL)
		return (NULL);
	snprintf(buf, len, "%s", *hit);
	if (at != 0 && at < len)
		buf[at] = name[at];
	return (buf);
}

/*
 * The words of a name, lower case, NUL-separated into out: split at '_',
 * '-' and '.', at a small letter or digit followed by a capital, between
 * letters and digits, and before the last capital of a run followed by a
 * small letter ("SCCPPhone" is "sccp", "phone").  Returns how many.
 */
static size_t
split_words(const char *s, char *out, size_t len)
{
	size_t		 i, o = 0, nw = 0, n = strlen(s);
	unsigned char	 c, p, nx;
	int		 start = 1;

	for (i = 0; i < n && o + 2 < len; i++) {
		c = (unsigned char)s[i];
		p = i > 0 ? (unsigned char)s[i - 1] : 0;
		nx = i + 1 < n ? (unsigned char)s[i + 1] : 0;
		if (c == '_' || c == '-' || c == '.') {
			start = 1;
			continue;
		}
		if (!start && ((isupper(c) && (islower(p) || isdigit(p))) ||
		    (isdigit(c) != 0) != (isdigit(p) != 0) ||
		    (isupper(c) && isupper(p) && islower(nx))))
			start = 1;
		if (start) {
			if (o > 0)
				out[o++] = '\0';
			nw++;
			start = 0;
		}
		out[o++] = (char)tolower(c);
	}
	out[o] = '\0';
	return (nw);
}

int
cfgvocab_plausible(enum cfgvocab_kind k, const char *name)
{
	const struct index *x = get_index(k);
	char		 buf[2 * NAME_MAX_LEN + 2], *p;
	const char	*key;
	size_t		 nw, j;

	if (strlen(name) > NAME_MAX_LEN)
		return (0);
	if ((nw = split_words(name, buf, sizeof buf)) == 0)
		return (0);
	for (j = 0, p = buf; j < nw; j++, p += strlen(p) + 1) {
		key = p;
		if (strspn(p, "0123456789") == strlen(p))
			continue;
		if (bsearch(&key, x->words, x->nwords, sizeof x->words[0],
		    cmp_exact) == NULL)
			return (0);
	}
	return (1);
}

/* Edit distance with neighbour swaps, letter case folded; over max: max+1. */
static size_t
distance(const char *a, const char *b, size_t max)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j, v, best;
	size_t	 d[NAME_MAX_LEN + 2][NAME_MAX_LEN + 2];
	int	 ne;

	if (la > NAME_MAX_LEN || lb > NAME_MAX_LEN ||
	    (la > lb ? la - lb : lb - la) > max)
		return (max + 1);
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		best = max + 1;
		for (j = 1; j <= lb; j++) {
			ne = tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]);
			v = d[i - 1][j - 1] + (size_t)ne;
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && tolower((unsigned char)a[i - 1]) ==
			    tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) ==
			    tolower((unsigned char)b[j - 1]) &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return (max + 1);
	}
	return (d[la][lb]);
}

const char *
cfgvocab_suggest(enum cfgvocab_kind k, const char *name, char *buf,
    size_t len)
{
	const struct index *x = get_index(k);
	const char	*best = NULL;
	char		 folded[NAME_MAX_LEN + 1];
	size_t		 i, d, bestd, max, nlen = strlen(name), at = 0;
	int		 tie = 0;

	if (nlen < 5 || nlen > NAME_MAX_LEN ||
	    cfgvocab_lookup(k, name, buf, len) != NULL ||
	    cfgvocab_plausible(k, name))
		return (NULL);
	if (k == CFGVOCAB_SIP)
		at = sip_fold(name, folded, sizeof folded);
	else
		snprintf(folded, sizeof folded, "%s", name);
	max = nlen >= 10 ? 2 : 1;
	bestd = max + 1;
	for (i = 0; i < x->n; i++) {
		if ((d = distance(folded, x->names[i], max)) > max)
			continue;
		if (d < bestd) {
			bestd = d;
			best = x->names[i];
			tie = 0;
		} else if (d == bestd)
			tie = 1;
	}
	if (best == NULL || tie)
		return (NULL);
	snprintf(buf, len, "%s", best);
	if (at != 0 && at < len && best[at] == '1')
		buf[at] = name[at];
	return (buf);
}
