/*
 * export.h: configuration for a site's own DHCP server, so a TFTP root
 * prepared by `phonerescue import` serves phones without phonerescue
 * running.  Text generation: which models get the options (those ROOT
 * serves, or every Cisco phone in the table) comes from ROOT's catalogue
 * (export_from_catalog) or the caller (export_add); the caller decides
 * where to write.
 *
 *	struct export_cfg c = { .root = "/srv/tftp", .address = "198.18.0.5" };
 *	export_from_catalog(&c, cat, 0);  or
 *	export_add(&c, model_find("7970"), "SCCP70.8-5-2S");
 *	export_write(f, EXPORT_DNSMASQ, &c, err, sizeof err);
 *
 * What a phone needs from DHCP (cisco-phones.md 5): option 150 (a list
 * of TFTP server addresses, Cisco's own), option 66 (RFC 2132 9.4, the
 * TFTP server as text) and siaddr (RFC 2131 2, next-server), for the
 * clients whose option 60 (RFC 2132 9.13) names a Cisco phone.
 */
#ifndef EXPORT_EXPORT_H
#define EXPORT_EXPORT_H

#include <stddef.h>
#include <stdio.h>

struct fw_catalog;
struct model;

enum export_format {
	EXPORT_DNSMASQ = 0,
	EXPORT_KEA,
};

#define EXPORT_MAX_MODELS	64
#define EXPORT_LOAD_MAX		128

struct export_entry {
	const struct model	*model;
	char			 load[EXPORT_LOAD_MAX];	/* "" when unknown */
};

struct export_cfg {
	const char		*root;		/* absolute TFTP root */
	const char		*address;	/* dotted quad, or NULL */
	int			 all_models;	/* not from ROOT: say so */
	const char		*version;	/* for the header comment */
	struct export_entry	 entries[EXPORT_MAX_MODELS];
	size_t			 nentries;
};

/* "dnsmasq" or "kea"; 0, or -1 for another name. */
int	 export_format_parse(const char *, enum export_format *);
/* Add a model (load may be NULL); -1 when the table is full. */
int	 export_add(struct export_cfg *, const struct model *, const char *);
/*
 * Every model cat serves, with the load it serves; with all, every
 * other model of the table too, without a load.  The number added.
 */
size_t	 export_from_catalog(struct export_cfg *, const struct fw_catalog *,
	     int);
/*
 * The option-60 text that identifies model m: for dnsmasq a substring
 * ("Phone CP-7970G"), for Kea the prefix the value starts with
 * ("Cisco Systems, Inc. IP Phone CP-7970G").  7940/7960 drop the final
 * G (their 8.1(2) loader sends "CP-7940" as well as "CP-7940G").
 */
void	 export_match_substring(const struct model *, char *, size_t);
void	 export_match_prefix(const struct model *, char *, size_t);
/*
 * Write the configuration for format.  0, or -1 with err when a value
 * cannot be expressed safely (a ROOT with a comma or a newline for
 * dnsmasq, Kea without --address).
 */
int	 export_write(FILE *, enum export_format, const struct export_cfg *,
	     char *, size_t);

#endif /* EXPORT_EXPORT_H */
