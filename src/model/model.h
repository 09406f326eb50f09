/*
 * model.h: the Cisco phone models phonerescue knows, and how to recognise
 * one from what it sends: the DHCP vendor class (option 60), the CDP/LLDP
 * platform string, or the default load file it asks for.
 *
 * The table is data/models.tsv, compiled in at build time (gen.awk), so
 * the engines never depend on finding a data file at run time.  Model names
 * are the four digits, with "-GE" for the gigabit variants: "7970",
 * "7961-GE".  Every function here is pure and allocation-free.
 */
#ifndef MODEL_MODEL_H
#define MODEL_MODEL_H

#include <stddef.h>
#include <stdint.h>

struct model {
	const char	*name;		/* "7970", "7961-GE" */
	unsigned	 devtype;	/* loadInformationNNN */
	const char	*term;		/* "term70.default.loads", or "" */
	const char	*vendor_class;	/* option-60 token: "CP-7970G" */
	const char	*family;	/* cnu, legacy, single, wireless, 69xx */
	const char	*sccp_prefix;	/* "SCCP70" */
	const char	*sip_prefix;	/* "SIP70" */
	const char	*reset;		/* keypad: "123456789*0#", or "" */
	const char	*hard_reset;	/* "3491672850*#", or "" */
	const char	*leds_hold;	/* when to let go of # */
	const char	*leds_ok;	/* what a correct code looks like */
	const char	*power;		/* power note, or "" */
	int		 lldp;		/* sends LLDP-MED */
};

size_t		 model_count(void);
const struct model *model_at(size_t);

/* "7970", "7970G", "CP-7970G", "7961G-GE", "IP Phone 7970": NULL if unknown. */
const struct model *model_find(const char *);

/*
 * Pull the model out of an option-60 value as phones send it: with or
 * without a trailing NUL, "CP-79xxG", "-GE", 7905/7912 without "CP-", the
 * 7921's "Cisco Systems Inc. Wireless Phone 7921".  Writes the model name
 * ("7970", "7961-GE", or the bare digits of one not in the table) into
 * out and returns 0; -1 when the value names no phone model.
 */
int		 model_parse_vendor_class(const void *, size_t, char *, size_t);
/* Does the vendor class come from a Cisco device at all ("Cisco Systems")? */
int		 model_vendor_class_is_cisco(const void *, size_t);

/*
 * Is the MAC from an OUI seen on Cisco phones (cisco-phones.md 5.4)?  A
 * hint only: Cisco owns many more, so a "no" proves nothing.
 */
int		 model_mac_phone_oui(const uint8_t[6]);

/* CDP platform / LLDP model: "Cisco IP Phone 7970", "CP-7965G", "cisco CP-7961G-GE". */
const struct model *model_from_platform(const char *);
/* "term70.default.loads" in any letter case, with or without a directory. */
const struct model *model_from_term_file(const char *);
/*
 * Models served by a load name ("SCCP41.9-4-2SR3-1S", "SIP70.8-5-2S",
 * "P0S3-8-12-00", "term61.default"): fills up to max entries, returns how
 * many match.
 */
size_t		 model_from_load_name(const char *, const struct model **, size_t);

/* --- begin: firmware of models outside the table (issue 17, h-fwreal) --- */
/*
 * A firmware file of a Cisco model phonerescue does not recover (6901,
 * 6911, 6945, 894x, 7910, 7914/7915/7916 sidecars, 7920, 7935/7936/7937,
 * 7985, ATA, SPA; names as in real TFTP roots): a phrase saying what the
 * file is for ("the 6901 load SCCP6901.9-2-1-a"), or NULL when the name is
 * not one of those.
 */
const char	*model_foreign_firmware(const char *);
/*
 * The single-image models of the table (7902/7905/7912): the model whose
 * image file (.sbin, .zup) this is, else NULL.
 */
const struct model *model_from_image_file(const char *);
/* --- end: firmware of models outside the table --- */

#endif /* MODEL_MODEL_H */
