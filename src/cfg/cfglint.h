/*
 * cfglint.h: check the configuration files phones read from a TFTP root,
 * each by its own grammar, the way a phone would take them:
 *
 *  - XMLDefault.cnf.xml and SEP<MAC>.cnf.xml (and any *.xml): XML,
 *    parsed with libxml2 without network, without DTD loading and without
 *    entities: a document that declares an entity is refused unread, and
 *    one file may cost at most CFGLINT_MAX_BYTES and CFGLINT_MAX_ELEMENTS;
 *  - SIPDefault.cnf, SIP<MAC>.cnf (7940/7960 SIP) and other *.cnf:
 *    "key: value" lines;
 *  - OS79XX.TXT (7940/7960): one image name.
 *
 * Each finding is one line "FILE:LINE: error: ..." or "FILE:LINE:
 * warning: ...".  An error is what stops the phone getting its load or
 * accepting the file (not well-formed, wrong root element, a device type
 * that does not match its model= label, a load or image ROOT lacks when
 * a catalogue is given, a value the phones reject: phoneLabel with
 * spaces, a missing processNodeName, an image name with its extension).
 * A warning is what the phone will ignore (an element or key in the
 * wrong letter case, a near miss of a known name).  A name the
 * vocabulary (cfgvocab.h) does not know is no finding, unless strict.
 */
#ifndef CFG_CFGLINT_H
#define CFG_CFGLINT_H

#include <stddef.h>

struct fw_catalog;
struct sbuf;

#define CFGLINT_MAX_BYTES	(1 << 20)	/* real configs are < 30 KB */
#define CFGLINT_MAX_ELEMENTS	20000		/* real configs have < 1000 */
#define CFGLINT_MAX_LINES	100		/* findings shown per file */

struct cfglint_opts {
	const struct fw_catalog	*cat;		/* ROOT, for load checks; or NULL */
	int			 strict;	/* also unknown names and numbers */
};

struct cfglint_count {
	int	 errors;
	int	 warnings;
};

/*
 * Lint a document in memory (opts may be NULL): appends the findings to
 * out, adds them to *count (may be NULL), returns the number of lines
 * appended.
 */
int	 cfglint_buffer(const char *, const char *, size_t,
	     const struct cfglint_opts *, struct sbuf *, struct cfglint_count *);
/* Lint a file; an unreadable or oversized file is one error. */
int	 cfglint_file(const char *, const struct cfglint_opts *, struct sbuf *,
	     struct cfglint_count *);

#endif /* CFG_CFGLINT_H */
