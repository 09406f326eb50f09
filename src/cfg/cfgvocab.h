/*
 * cfgvocab.h: the names real phone configuration files use (the XML
 * elements of XMLDefault.cnf.xml / SEP<MAC>.cnf.xml, the keys of the
 * 7940/7960 SIPDefault.cnf / SIP<MAC>.cnf), where each came from is in
 * cfgvocab.c; and the near-miss test that decides when a name the
 * vocabulary does not know is worth a "did you mean".
 */
#ifndef CFG_CFGVOCAB_H
#define CFG_CFGVOCAB_H

#include <stddef.h>

enum cfgvocab_kind {
	CFGVOCAB_XML,		/* element names */
	CFGVOCAB_SIP,		/* 7940/7960 SIP "key: value" keys */
};

/*
 * The right spelling of a known name, compared in any letter case, into
 * buf; NULL when the vocabulary does not know it.  SIP keys lineN_ and
 * proxyN_ (N = 1 to 6) keep the caller's N.
 */
const char *cfgvocab_lookup(enum cfgvocab_kind, const char *, char *, size_t);
/*
 * Is an unknown name a plausible real one: made only of words (camelCase
 * or '_'-separated parts) that known names use ("enableCdpPcPort",
 * "sshPort", "url")?  Such a name is never "corrected".
 */
int	 cfgvocab_plausible(enum cfgvocab_kind, const char *);
/*
 * A near miss: the one known name within one edit (two for names of ten
 * letters or more; a swap of neighbours is one edit) of an unknown,
 * implausible name of five letters or more; NULL otherwise.
 */
const char *cfgvocab_suggest(enum cfgvocab_kind, const char *, char *,
	     size_t);

#endif /* CFG_CFGVOCAB_H */
