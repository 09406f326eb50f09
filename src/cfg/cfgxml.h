/*
 * cfgxml.h: the configuration files phones read from the TFTP root,
 * written with libxml2 (shared/domain/cisco-phones.md 2.3, 6).
 *
 *  - XMLDefault.cnf.xml: <Default> with callManagerGroup/processNodeName
 *    and one loadInformationNNN per model ROOT can serve completely;
 *  - SEP<MAC>.cnf.xml: <device> with the load and optional SIP basics;
 *  - OS79XX.TXT (7940/7960): the image name and CRLF, no trailing space;
 *  - SIPDefault.cnf (7940/7960 SIP): image_version and the proxy.
 *
 * Every formatting decision (indent, attribute order, the marker comment,
 * model= text) lives in cfgxml.c, so golden files stay stable.  A file
 * phonerescue wrote carries CFGXML_MARKER; one without it is the user's
 * and is only replaced with force (after a backup).
 */
#ifndef CFG_CFGXML_H
#define CFG_CFGXML_H

#include <stddef.h>

struct fw_catalog;
struct model;
struct sbuf;

#define CFGXML_DEFAULT_FILE	"XMLDefault.cnf.xml"
#define CFGXML_MARKER		"phonerescue: generated"
#define CFGXML_DEFAULT_SERVER	"198.18.0.1"	/* serve's default address */
#define CFGXML_SCCP_PORT	2000
#define CFGXML_SIP_PORT		5060

struct cfgxml_opts {
	const char	*server;	/* processNodeName; NULL: the default */
	const char	*autoreg;	/* <autoRegistrationName>, or NULL */
};

struct cfgxml_sep {
	const char	*mac;		/* any MAC notation */
	const struct model *model;	/* NULL: no model= on the load */
	const char	*load;		/* load name; NULL: none */
	const char	*server;	/* processNodeName; NULL: the default */
	int		 sip;		/* deviceProtocol SIP */
	const char	*proxy;		/* SIP registrar; NULL: no line */
	const char	*line;		/* extension / user */
	const char	*auth_name, *password, *display, *label;
};

/* The XMLDefault.cnf.xml text for what cat serves; 0, or -1 with err. */
int	 cfgxml_default(const struct fw_catalog *, const struct cfgxml_opts *,
	     struct sbuf *, char *, size_t);
/*
 * SEP<MAC>.cnf.xml: cfgxml_sep(sep, out, name, namelen, err, errlen)
 * appends the text to out and writes the file name ("SEP001B2A3C4D5E.
 * cnf.xml", 24 bytes + NUL) into name; 0, or -1 with err.
 */
int	 cfgxml_sep(const struct cfgxml_sep *, struct sbuf *, char *, size_t,
	     char *, size_t);
/*
 * SIP<MAC>.cnf (7940/7960 SIP): line 1 from the same fields (line,
 * auth_name, password, display; proxy as proxy1_address), the file name
 * ("SIP001B2A3C4D5E.cnf", MAC upper case) into name; 0, or -1 with err.
 */
int	 cfgxml_sipmac(const struct cfgxml_sep *, struct sbuf *, char *, size_t,
	     char *, size_t);
/* OS79XX.TXT: "LOAD\r\n". */
int	 cfgxml_os79xx(const char *, struct sbuf *, char *, size_t);
/* SIPDefault.cnf. */
int	 cfgxml_sipdefault(const char *, const char *, struct sbuf *, char *,
	     size_t);
/*
 * The 7940/7960's own files: they do not read XMLDefault.cnf.xml but
 * OS79XX.TXT (the image to load), and a SIP image also SIPDefault.cnf.
 * cfgxml_legacy() picks the model ROOT serves a complete load for (the
 * 7960 first, then the 7940) and says which of the two files that load
 * calls for; 0, or -1 (nothing filled in) when ROOT has no complete
 * 7940/7960 load.
 */
struct cfgxml_legacy {
	const struct model *model;	/* the 7960 or the 7940 */
	const char	*load;		/* its load name (the catalogue's) */
	int		 os79xx;	/* always */
	int		 sipdefault;	/* a SIP image (P0S...) */
};
int	 cfgxml_legacy(const struct fw_catalog *, struct cfgxml_legacy *);
/* Is this a 7940/7960 SIP image name ("P0S3-8-12-00"), not SCCP (P003)? */
int	 cfgxml_is_sip_image(const char *);
/* Does this text carry our marker? */
int	 cfgxml_is_ours(const char *, size_t);

enum cfgxml_install_result {
	CFGXML_WROTE,		/* new file */
	CFGXML_UPDATED,		/* replaced one of ours */
	CFGXML_UNCHANGED,	/* same bytes already there */
	CFGXML_KEPT,		/* the user's file, left alone */
	CFGXML_REPLACED,	/* the user's file, replaced with force; backup kept */
};

/*
 * Write content as ROOT/name atomically (temporary file + rename).  An
 * existing file without our marker (marker_check) is kept unless force,
 * then saved as name.bak first (name.bak.1, .2... if taken).  Returns an
 * enum cfgxml_install_result, or -1 with err; msg says what happened.
 */
int	 cfgxml_install(const char *, const char *, const char *, size_t, int,
	     int, char *, size_t);

/* One file of a set for cfgxml_install_all(). */
struct cfgxml_file {
	const char	*name;		/* plain name in ROOT, no '/' */
	const char	*data;
	size_t		 len;
};

/*
 * Write a set of files into ROOT all or nothing: each is written into a
 * temporary directory in ROOT first (.phonerescue-gen.XXXXXX), then all
 * are renamed into place; on any failure what was renamed is put back
 * (new files removed, replaced ones restored) and the temporary
 * directory removed, so ROOT is as it was.  A file without our marker
 * fails the whole set unless force (then a backup is kept, as
 * cfgxml_install does).  One line per file appended to msgs.  0, or -1
 * with err (nothing written).
 */
int	 cfgxml_install_all(const char *, const struct cfgxml_file *, size_t,
	     int, struct sbuf *, char *, size_t);

/*
 * After an import: regenerate ROOT's XMLDefault.cnf.xml if phonerescue
 * wrote it (or create it), keep the user's unless force.  Result as
 * cfgxml_install; msg for people.
 */
int	 cfgxml_refresh_default(const char *, const struct cfgxml_opts *, int,
	     char *, size_t);

/* "Cisco 7970", "Cisco 7961G-GE": the model= text for a model. */
void	 cfgxml_model_text(const struct model *, char *, size_t);

#endif /* CFG_CFGXML_H */
