/*
 * cfglint.h: check XMLDefault.cnf.xml and SEP<MAC>.cnf.xml files the way
 * a phone would choke on them, before a phone does.
 *
 * Parsed with libxml2 with network access off (XML_PARSE_NONET), no
 * entity substitution and no DTD loading.  Each problem is one line
 * "FILE:LINE: message" appended to out: not well-formed, wrong root,
 * unknown or wrongly-cased element names (with the right spelling),
 * loadInformationNNN whose number is not its model's, a load the TFTP
 * root does not have (when given a catalogue), phoneLabel with spaces,
 * callManager without processNodeName.
 */
#ifndef CFG_CFGLINT_H
#define CFG_CFGLINT_H

#include <stddef.h>

struct fw_catalog;
struct sbuf;

/* Lint a document in memory; returns the number of problems. */
int	 cfglint_buffer(const char *, const char *, size_t,
	     const struct fw_catalog *, struct sbuf *);
/* Lint a file; an unreadable file counts as one problem. */
int	 cfglint_file(const char *, const struct fw_catalog *, struct sbuf *);

/* The right spelling of a known element name, any letter case; or NULL. */
const char *cfglint_known_element(const char *);

#endif /* CFG_CFGLINT_H */
