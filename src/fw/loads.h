/*
 * loads.h: the .loads manifest a phone reads to learn which component
 * files make up a load (shared/domain/cisco-phones.md 4.2).
 *
 * Shapes handled, all from real files (shared/fixtures/real-loads):
 *  - CNU family (79x1/79x2/79x5/797x): signed header, CRLF, '#' comments
 *    ("# RELEASE load version 9-4-2ES26", "#HARDWARE_COMP_1 15"), then
 *    five .sbn names, some with trailing spaces;
 *  - 7940/7960 legacy (P00...): LF, .sbn + .sb2, "LA_VERSION=PAS30831";
 *  - 69xx: three .zz.sgn names, no final newline;
 *  - 7921 (.LOADS): "#? HW_REV 0-4.*" lines, then "<FILE> <size> <MD5>";
 *    7925/7926 add "#+ <FILE> <size> <MD5>" lines: components that older
 *    phones skip as comments (extra, not required for completeness).
 * A file without a signed header is parsed as plain text (and says so).
 *
 * The result is a fixed-size struct: no allocation, so the TFTP server,
 * the sniffer and a simulated phone can parse on any path.
 *
 *	struct loads l;
 *	if (loads_parse(buf, len, &l, err, sizeof err) == 0)
 *		for (i = 0; i < l.ncomp; i++) want(l.comp[i].name);
 */
#ifndef FW_LOADS_H
#define FW_LOADS_H

#include <stddef.h>
#include <stdint.h>

#include "sgn.h"

#define LOADS_MAX_COMP		16	/* real loads list 3..6 */
#define LOADS_NAME_MAX		128	/* one component file name */
#define LOADS_MAX_BYTES		65536	/* real ones are 450..920 bytes */
#define LOADS_MAX_NOTES		4

struct loads_comp {
	char		 name[LOADS_NAME_MAX];	/* as listed, trimmed */
	unsigned	 line;			/* 1-based, in the body */
	int		 has_size, has_md5;	/* 7921 style */
	int		 extra;			/* a "#+ NAME SIZE MD5" line (7925/7926) */
	uint64_t	 size;
	uint8_t		 md5[16];
};

struct loads {
	int		 is_signed;
	struct sgn_header sgn;		/* valid when is_signed */
	size_t		 body_off;	/* where the text starts */
	size_t		 ncomp;
	struct loads_comp comp[LOADS_MAX_COMP];
	int		 hw_comp;	/* #HARDWARE_COMP_1 n, -1 when absent */
	char		 release[64];	/* "# RELEASE load version X", or "" */
	char		 la_version[64]; /* LA_VERSION=, or "" (legacy 7940/7960) */
	char		 hw_rev[64];	/* "#? HW_REV ...", or "" (7921) */
	unsigned	 crlf_lines;	/* lines that ended in CR LF */
	unsigned	 trailing_ws;	/* component lines with trailing blanks */
	size_t		 nnotes;	/* oddities worth telling a person */
	char		 notes[LOADS_MAX_NOTES][96];
};

/*
 * Parse a whole .loads file.  0 on success; -1 with a one-line reason in
 * err when it is not one: a broken signed header, binary bytes, a line
 * too long, more than LOADS_MAX_COMP components, a bad size or MD5 field,
 * or no component at all.
 */
int	 loads_parse(const void *, size_t, struct loads *, char *, size_t);

/* Index of the component named name in any letter case, or -1. */
int	 loads_find(const struct loads *, const char *);

/*
 * The load name a .loads file stands for: its file name without the
 * ".loads" suffix (any case), into buf.  "SIP70.9-4-2SR3-1S.loads" ->
 * "SIP70.9-4-2SR3-1S".
 */
void	 loads_name_from_file(const char *, char *, size_t);

/* Does name end in ".loads" (any case)? */
int	 loads_is_loads_file(const char *);

/*
 * What a file named *.loads is, when loads_parse() refuses it.  Real TFTP
 * roots hold other manifests under that suffix: CIPC_Locale.loads (an
 * XML <AutoUpdateManifest> of a locale package), the INI-style manifests
 * of the 8961/9951/9971, the binary ones of the 78xx/88xx.  A phone of
 * that kind may still ask for the file by name.
 */
enum loads_kind {
	LOADS_KIND_79XX = 0,	/* loads_parse() takes it */
	LOADS_KIND_XML,		/* <AutoUpdateManifest> or other XML */
	LOADS_KIND_INI,		/* "[section]" / "key=value" lines */
	LOADS_KIND_BINARY,	/* binary bytes after any signed header */
	LOADS_KIND_BROKEN,	/* looks like a 79xx manifest, but is not one */
};

/* The kind of a .loads file's bytes, with a phrase for people in what. */
enum loads_kind loads_kind(const void *, size_t, char *, size_t);

/*
 * The 7921/7925/7926 .LOADS MD5 of a component: not the digest of the
 * whole .SBN but the 32 hex digits the .SBN carries right after its
 * signed header (checked on every component of the real 792x manifests).
 * From the first bytes of the file: 0 and the 16 bytes in md5, or -1.
 */
int	 loads_sbn_md5(const void *, size_t, uint8_t [16]);

#endif /* FW_LOADS_H */
