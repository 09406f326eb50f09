/*
 * cisco_file.h: the file names Cisco 79xx phones ask for, in one table
 * (cisco-phones.md 2.1-2.4, 10.1): what a requested name says about the
 * phone (a load, a component of one, a configuration, a trust list, an
 * optional extra whose absence is normal, the phone's MAC inside the
 * name), and the names a phone of a kind asks for.  The phone tracker,
 * the wizard (which misses are expected), the simulator and the
 * catalogue read it; nothing here does I/O.
 *
 *	uint8_t mac[6]; int has_mac;
 *	cisco_file_classify("SEP001BD4A17070.cnf.xml", mac, &has_mac);
 *	(CF_CONFIG, has_mac 1, mac 00:1b:d4:a1:70:70)
 *	cisco_file_name(buf, sizeof buf, CN_CTL, "SEP001BD4A17070");
 *	("CTLSEP001BD4A17070.tlv")
 */
#ifndef MODEL_CISCO_FILE_H
#define MODEL_CISCO_FILE_H

#include <stddef.h>
#include <stdint.h>

/* What a requested file name says about the phone asking for it. */
enum cisco_file {
	CF_OTHER = 0,
	CF_CONFIG,		/* CTL/ITL, SEP/SIP/MGC<MAC>, XMLDefault, OS79XX.TXT */
	CF_LOADS,		/* termNN.default.loads, <load>.loads */
	CF_COMPONENT,		/* .sbn .sb2 .sbin .zup .zz.sgn .bin */
	CF_AFTER,		/* locale, dial plan, ring list: after registration */
};

/* The names a phone builds (cisco_file_name); "%s" is its SEP<MAC>. */
enum cisco_name {
	CN_CTL = 0,		/* CTLSEP<MAC>.tlv: trust list */
	CN_ITL,			/* ITLSEP<MAC>.tlv: trust list */
	CN_SEP_XML,		/* SEP<MAC>.cnf.xml: its own configuration */
	CN_SIP_TXT,		/* SIP<MAC>.cnf: a 7940/7960 SIP image's own */
	CN_XMLDEFAULT,		/* XMLDefault.cnf.xml */
	CN_SEPDEFAULT,		/* SEPDefault.cnf: a 7940/7960's old default */
	CN_SIPDEFAULT,		/* SIPDefault.cnf: the 7940/7960 SIP default */
	CN_OS79XX,		/* OS79XX.TXT: the 7940/7960 load pointer */
	CN__COUNT
};

/*
 * Classify a requested name (a leading '/' or '\' and directories are
 * allowed).  If it carries the phone's MAC (SEP<MAC>, CTLSEP<MAC>,
 * SIP<MAC>.cnf, ld<mac>...), the MAC goes into mac and *has_mac is set.
 */
enum cisco_file	 cisco_file_classify(const char *, uint8_t[6], int *);
/* A load's manifest (<load>.loads, termNN.default.loads): the suffix, and more. */
int		 cisco_file_is_loads(const char *);
/*
 * The suffixes a load's files have (".loads", then the components'
 * ".sbn", ".sb2", ...), by index from 0; NULL past the last.
 */
const char	*cisco_file_image_suffix(size_t);
/* The base name of a requested path. */
const char	*cisco_file_base(const char *);
/* A trust list (CTL.../ITL...): asked before the configuration, often absent. */
int		 cisco_file_is_trust_list(const char *);
/* The phone's own configuration (SEP/SIP/MGC<MAC>), not a trust list. */
int		 cisco_file_is_own_config(const char *);
/*
 * A configuration that, served, makes a phone in its configuration hunt
 * run: a configuration that is no trust list and not the 7940/7960 load
 * pointer OS79XX.TXT.
 */
int		 cisco_file_configures(const char *);
/* Why a miss is normal for this name (the phone carries on), or NULL. */
const char	*cisco_file_optional(const char *);
/* "SEP" or "SIP" and twelve hex digits, nothing hex after: a phone's name. */
int		 cisco_file_phone_name(const char *, uint8_t[6]);
/* Write the name of kind for a phone named sep ("SEP001BD4A17070"). */
int		 cisco_file_name(char *, size_t, enum cisco_name, const char *);

#endif /* MODEL_CISCO_FILE_H */
