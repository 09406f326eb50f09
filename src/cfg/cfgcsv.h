/*
 * cfgcsv.h: the bulk side of `config gen sep --csv FILE`: one
 * SEP<MAC>.cnf.xml (and SIP<MAC>.cnf for the 7940/7960) per row of a
 * CSV, made by the one generator (cfgxml_sep, cfgxml_sipmac) and linted
 * (cfglint_buffer) before anything is written.
 *
 * The CSV is RFC 4180: fields separated by commas (or, when the header
 * has none, semicolons or tabs, as spreadsheets in some locales export),
 * quoted fields may hold the separator, doubled quotes and line breaks,
 * lines end in CRLF or LF, a UTF-8 BOM is skipped, blank lines are
 * ignored.  The first row names the columns, in any order and letter
 * case (spaces, '_', '-' and '.' ignored), from cfgcsv_columns[]:
 *
 *	mac (required), model (required), extension, display, server,
 *	user, password
 *
 * with aliases (mac address, phone model, ext/line/number, display name/
 * caller id, sip server/proxy/registrar, username/auth name, secret...).
 * Other columns are ignored and named in the notes.  A MAC is written in
 * any usual spelling: 0011.2233.4455, 00:11:22:33:44:55, 00-11-22-33-44-
 * 55, 001122334455, either case, with or without a SEP prefix.
 *
 *	struct cfgcsv_set set;
 *	if (cfgcsv_generate("phones.csv", buf, len, &opts, &set, &errs,
 *	    &notes) != 0) print errs ("FILE:LINE: error: ..."), fail;
 *	cfgxml_install_all(root, set.files, set.n, force, ...);
 *	cfgcsv_set_free(&set);
 */
#ifndef CFG_CFGCSV_H
#define CFG_CFGCSV_H

#include <stddef.h>

#include "cfg/cfgxml.h"

struct fw_catalog;
struct sbuf;

#define CFGCSV_MAX_BYTES	(16 << 20)	/* a CSV read whole */
#define CFGCSV_MAX_ROWS		10000		/* phones in one file */
#define CFGCSV_MAX_ERRORS	50		/* errors said before stopping */

struct cfgcsv_opts {
	const struct fw_catalog	*cat;	/* each model's load; lint checks; or NULL */
	const char		*server;	/* processNodeName, or NULL */
	const char		*proxy;		/* SIP server when a row has none */
	int			 sip;		/* deviceProtocol SIP for every row */
};

struct cfgcsv_set {
	struct cfgxml_file	*files;	/* names and texts, owned by the set */
	size_t			 n;
	size_t			 rows;	/* phones */
};

/*
 * Parse the CSV text and make every file: 0 with set filled, or -1 with
 * one "FILE:LINE: error: ..." line per bad row (up to CFGCSV_MAX_ERRORS)
 * appended to errs and set empty.  notes (may be NULL) gets what is worth
 * saying but no error (ignored columns, models ROOT serves no load for).
 */
int	 cfgcsv_generate(const char *, const char *, size_t,
	     const struct cfgcsv_opts *, struct cfgcsv_set *, struct sbuf *,
	     struct sbuf *);
void	 cfgcsv_set_free(struct cfgcsv_set *);

/*
 * A MAC in any usual spelling (see above) as 12 upper-case hex digits in
 * out (13 bytes); 0, or -1.
 */
int	 cfgcsv_mac(const char *, char *);

#endif /* CFG_CFGCSV_H */
