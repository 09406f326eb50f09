/*
 * Firmware import: libarchive in, checks, staging inside ROOT, rename
 * into place (shared/domain/cisco-phones.md 4.4; DESIGN.md 3.5).
 */
#include "config.h"

#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include "beneath.h"
#include "compat.h"
#include "fw_catalog.h"
#include "fw_hash.h"
#include "fw_import.h"
#include "loads.h"
#include "model/model.h"
#include "sgn.h"
#include "tunables.h"
#include "util.h"
#include "xmalloc.h"

/* One file written to staging. */
struct staged {
	char		 name[FW_NAME_MAX];	/* in staging */
	char		 final[FW_NAME_MAX];	/* name in ROOT (in dir) */
	/* A locale or background folder under ROOT ("" for ROOT itself). */
	char		 dir[FW_NAME_MAX];
	int		 set;		/* FW_SET_LOCALE, FW_SET_BACKGROUND or 0 */
	int		 sized;		/* first pass: size is the declared one */
	char		 orig[256];		/* as in the archive, for messages */
	uint64_t	 size;
	uint8_t		 md5[16];
	uint8_t		*text;		/* whole content: .loads and load*.txt */
	size_t		 textlen;
	uint8_t		 head[SGN_MAX_LEN];	/* first bytes, for the signed header */
	size_t		 headlen;
	/* check_bundle's verdict */
	int		 listed;	/* a 79xx .loads of the bundle names it */
	int		 usable;	/* for a model phonerescue recovers */
	int		 keep_out;	/* a config ROOT has its own of: stored only */
};

struct imp {
	const struct fw_import_opts *opts;
	struct fw_manifest *m;
	char		*err;
	const char	*root;
	int		 rootfd, stagefd;
	char		 stagename[64];
	uint64_t	 max_entry, max_total, total;
	int		 dry;		/* first pass: check headers only */
	uint64_t	 declared;	/* first pass: sum of entry sizes */
	struct staged	*st;
	size_t		 nst, stcap;
	/* the entry being written */
	int		 fd;
	struct fw_hasher h;
	struct staged	*cur;
	size_t		 textcap;
	/* archive source with a base offset (cop.sgn) */
	int		 srcfd;
	off_t		 base;
	uint64_t	 raw;		/* archive bytes read so far */
	uint64_t	 raw_mark;	/* raw when the last entry ended */
	uint64_t	 dropped;	/* bytes of skipped entries read */
	uint64_t	 nent;		/* entries seen in this pass */
	size_t		 nflat, nfolderfiles;	/* files kept, for the caps */
	const char	*srcname;	/* the archive, for messages */
	uint8_t		 rbuf[65536];
};

/* A file commit() moved: back out in reverse order on failure. */
struct moved {
	int		 fromfd, tofd;
	char		 from[FW_NAME_MAX + 16], to[FW_NAME_MAX + 16];
	long		 aside;		/* ROOT's file moved aside for st[aside] */
};

static void	 note(struct fw_manifest *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
static void	 note_grow(struct fw_manifest *);
static int	 fail(struct imp *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
static int	 wanted(const char *, const char **, char *, size_t, int *);
static int	 entry_begin(struct imp *, const char *, int, int64_t, int);
static int	 same_name(struct imp *, const char *, const char *,
		     const char *, const char *);
static int	 entry_data(struct imp *, const void *, size_t);
static int	 entry_end(struct imp *);
static void	 entry_abort(struct imp *);
static int	 read_archive(struct imp *, const char *);
static const char *la_why(struct archive *);
static int	 la_fail(struct imp *, struct archive *, const char *, ...)
		     __attribute__((format(printf, 3, 4)));
static int	 stopped(struct imp *);
static int	 interrupted(struct imp *);
static int	 verify_gzip(struct imp *);
static int	 check_zip_end(struct imp *, uint64_t);
static int	 ratio_check(struct imp *, const char *, uint64_t, uint64_t);
static void	 rollback(struct imp *, struct moved *, size_t);
static int	 read_directory(struct imp *, const char *);
static int	 name_cmp(const struct dirent **, const struct dirent **);
static int	 check_bundle(struct imp *);
static int	 merge_twins(struct imp *, int);
static int	 commit(struct imp *);
static void	 remove_staging(int, const char *);
static void	 clean_stale(int);
static struct staged *find_staged(struct imp *, const char *);
static struct staged *find_comp(struct imp *, const char *);
static struct staged *find_target(struct imp *, const char *, const char *,
		     const struct staged *);
static int	 is_text_name(const char *);
static void	 add_serve(struct fw_manifest *, const char *, const char *,
		     const char *);
static void	 term_ident(struct imp *, struct staged *, char *, size_t);
static void	 store_term(struct imp *, struct staged *);
static void	 store_config(struct imp *, struct staged *, int, const char *);
static int	 store_bytes(struct imp *, const char *, const char *,
		     const void *, size_t);
static long long root_size(struct imp *, int, const char *, const char *,
		     char *, size_t);

enum { ENT_FILE, ENT_DIR, ENT_SYMLINK, ENT_HARDLINK, ENT_DEVICE };

/*
 * Notes grow by doubling (one at a time was quadratic: 100,000 skipped
 * entries took minutes); past FW_MAX_IMPORT_NOTES only a count is kept,
 * and fw_import_archive() adds one last note with it.
 */
static void
note(struct fw_manifest *m, const char *fmt, ...)
{
	va_list	 ap;

	if (m->nnotes >= FW_MAX_IMPORT_NOTES) {
		m->notes_left_out++;
		return;
	}
	note_grow(m);
	va_start(ap, fmt);
	vsnprintf(m->notes[m->nnotes++], sizeof m->notes[0], fmt, ap);
	va_end(ap);
}

static void
note_grow(struct fw_manifest *m)
{
	if (m->nnotes == m->notescap) {
		m->notescap = m->notescap != 0 ? m->notescap * 2 : 16;
		m->notes = xreallocarray(m->notes, m->notescap,
		    sizeof *m->notes);
	}
}

static int
fail(struct imp *im, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(im->err, FW_ERRBUF_SIZE, fmt, ap);
	va_end(ap);
	return (-1);
}

/* Has SIGTERM/SIGINT (or the wizard) asked the import to stop? */
static int
stopped(struct imp *im)
{
	return (im->opts->stop != NULL && *im->opts->stop != 0);
}

static int
interrupted(struct imp *im)
{
	int	 sig = (int)*im->opts->stop;

	return (fail(im, "interrupted by %s before anything was moved into "
	    "ROOT", sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" :
	    sig == SIGHUP ? "SIGHUP" : "a stop request"));
}

/* What libarchive says went wrong; never NULL. */
static const char *
la_why(struct archive *a)
{
	const char	*s = archive_error_string(a);

	if (s != NULL && *s != '\0')
		return (s);
	if (archive_errno(a) > 0)
		return (strerror(archive_errno(a)));
	return ("libarchive gave no reason (a cut or damaged file?)");
}

/* fail() with libarchive's reason appended, or "interrupted". */
static int
la_fail(struct imp *im, struct archive *a, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 n;

	if (stopped(im))
		return (interrupted(im));
	va_start(ap, fmt);
	vsnprintf(im->err, FW_ERRBUF_SIZE, fmt, ap);
	va_end(ap);
	n = strlen(im->err);
	snprintf(im->err + n, FW_ERRBUF_SIZE - n, ": %s", la_why(a));
	return (-1);
}

const char *
fw_import_check_name(const char *name)
{
	const char	*p, *q;
	size_t		 n;

	if (name == NULL || *name == '\0')
		return ("empty name");
	if (name[0] == '/' || name[0] == '\\')
		return ("absolute path");
	if (isalpha((unsigned char)name[0]) && name[1] == ':')
		return ("absolute path (drive letter)");
	for (p = name; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return ("control character in the name");
	}
	for (p = name; *p != '\0'; p = q) {
		n = strcspn(p, "/\\");
		q = p + n;
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return ("\"..\" in the path (would escape ROOT)");
		while (*q == '/' || *q == '\\')
			q++;
	}
	if (strlen(name) >= 1024)
		return ("name too long");
	return (NULL);
}

/*
 * What a phone asks for by name besides loads and their components
 * (shared/domain/cisco-phones.md 2.1-2.5; real TFTP roots such as
 * dkgroot/provision_sccp tftpboot/).
 */
enum nclass {
	NC_NONE,	/* nothing a phone asks for */
	NC_MANIFEST,	/* *.loads */
	NC_HINT,	/* load<devtype>.txt (COP files) */
	NC_IMAGE,	/* .sbn .sb2 .sbin .zup .bin .sgn: kept when something names it */
	NC_CONFIG,	/* SEP<MAC>.cnf.xml, SIP<MAC>.cnf, OS79XX.TXT, CTL/ITL, ... */
	NC_RING,	/* RINGLIST.XML, DistinctiveRingList.xml, *.pcm, *.raw */
	NC_DIALPLAN,	/* dialplan.xml */
	NC_LOCALE,	/* tones, dictionaries, fonts, locale jars */
};

static int	 name_class(const char *);
static int	 ends_with(const char *, const char *);
static int	 hex_run(const char *, size_t);
static int	 is_size_dir(const char *, size_t);

static int
ends_with(const char *s, const char *suffix)
{
	/* A name, not the suffix alone. */
	return (strlen(s) > strlen(suffix) && util_suffix_ci(s, suffix));
}

/* Exactly n hex digits at s, then the end or a '.'. */
static int
hex_run(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return (0);
	return (s[n] == '\0' || s[n] == '.');
}

/* A background folder: "320x212x16" (Desktops/<WxHxD>/). */
static int
is_size_dir(const char *s, size_t n)
{
	size_t	 i, x = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == 'x' || s[i] == 'X')
			x++;
		else if (!isdigit((unsigned char)s[i]))
			return (0);
	}
	return (x == 2 && n >= 5);
}

static int
name_class(const char *base)
{
	static const char *const image_ext[] = {
	    ".sbn", ".sb2", ".sbin", ".zup", ".bin", ".sgn", ".zz", NULL };
	static const char *const locale_end[] = {
	    "-tones.xml", "-font.xml", "-font.dat", "-kate.xml",
	    "-kate.utf-8.xml", "-dictionary.xml", "-dictionary-ext.xml",
	    "-dictionary.utf-8.xml", "-dictionary-ext.utf-8.xml",
	    "-dictionary.kanji.utf-8.xml", ".jar",
	    NULL };
	size_t	 i, n = strlen(base);

	/* A locale package's manifest and archive, one per locale folder. */
	if (strncasecmp(base, "CIPC_Locale.", 12) == 0)
		return (NC_LOCALE);
	if (loads_is_loads_file(base))
		return (NC_MANIFEST);
	if (strncasecmp(base, "load", 4) == 0 &&
	    isdigit((unsigned char)base[4]) && ends_with(base, ".txt"))
		return (NC_HINT);
	if (strcasecmp(base, "OS79XX.TXT") == 0 ||
	    strcasecmp(base, "SIPDefault.cnf") == 0 ||
	    strcasecmp(base, "SEPDefault.cnf") == 0 ||
	    strcasecmp(base, "ffdefault.cfg") == 0 ||
	    strcasecmp(base, "lddefault.cfg") == 0 ||
	    strcasecmp(base, "gkdefault.cfg") == 0 ||
	    ((strncasecmp(base, "SEP", 3) == 0 ||
	    strncasecmp(base, "SIP", 3) == 0 ||
	    strncasecmp(base, "MGC", 3) == 0) && hex_run(base + 3, 12) &&
	    (ends_with(base, ".cnf") || ends_with(base, ".cnf.xml") ||
	    ends_with(base, ".cnf.xml.sgn") ||
	    ends_with(base, ".cnf.xml.enc.sgn"))) ||
	    ((strncasecmp(base, "ff", 2) == 0 || strncasecmp(base, "ld", 2) ==
	    0 || strncasecmp(base, "gk", 2) == 0) && n == 14 &&
	    hex_run(base + 2, 12)) ||
	    ((strncasecmp(base, "CTL", 3) == 0 ||
	    strncasecmp(base, "ITL", 3) == 0) && ends_with(base, ".tlv")))
		return (NC_CONFIG);
	if (strcasecmp(base, "RingList.xml") == 0 ||
	    strcasecmp(base, "DistinctiveRingList.xml") == 0 ||
	    ends_with(base, ".pcm") || ends_with(base, ".raw"))
		return (NC_RING);
	if (strncasecmp(base, "dialplan", 8) == 0 && ends_with(base, ".xml"))
		return (NC_DIALPLAN);
	for (i = 0; locale_end[i] != NULL; i++)
		if (ends_with(base, locale_end[i]))
			return (NC_LOCALE);
	if (strcasecmp(base, "tags_file") == 0 ||
	    strcasecmp(base, "utf8_tags_file") == 0 ||
	    strncasecmp(base, "CIPC_Locale.", 12) == 0)
		return (NC_LOCALE);
	if (ends_with(base, ".cop.sgn"))
		return (NC_NONE);
	for (i = 0; image_ext[i] != NULL; i++)
		if (ends_with(base, image_ext[i]))
			return (NC_IMAGE);
	/* 6945/894x: SCCP6945.9-3-1-3.bin1.sgn is caught above. */
	return (NC_NONE);
}

/*
 * Locale and background files live in folders, and a phone asks for them
 * by that path: LOCALE/NAME (English_United_States/gp-sip.jar,
 * United_States/g3-tones.xml; cisco-phones.md 2.1) and
 * Desktops/WxHxD/NAME (List.xml, and the PNG images it names).  Such a
 * file keeps that folder under ROOT, whatever lies above it in the
 * bundle (tftpboot/locales/languages/English_United_States/,
 * wallpapers/320x212x12/ as dkgroot/provision_sccp keeps them); the
 * reasons below are for the ones that cannot, said once per folder by a
 * directory walk.
 */
static const char why_locale[] = "a locale file in a folder not named as "
    "a locale is (phones ask for LANGUAGE_COUNTRY/NAME or COUNTRY/NAME, "
    "e.g. English_United_States/gp-sip.jar; put the files in their "
    "locale's folder)";
static const char why_background[] = "in a background folder, but not "
    "where a phone asks for a background (Desktops/WxHxD/ holding "
    "List.xml and PNG images)";

static int	 is_locale_name(const char *, size_t);
static int	 is_background_file(const char *);

/*
 * A locale folder's name, as CUCM names them: a letter, then letters,
 * digits and '_', starting with a capital (English_United_States,
 * Japan, US) or holding a '_' (english_united_states, as an unzip tool
 * may spell it): not a container such as locales/, languages/,
 * tftpboot/, a model folder (7960/) or a size folder.
 */
static int
is_locale_name(const char *s, size_t n)
{
	size_t	 i;
	int	 under = 0;

	if (n == 0 || n >= 64 || !isalpha((unsigned char)s[0]) ||
	    (n == 8 && strncasecmp(s, "Desktops", 8) == 0))
		return (0);
	for (i = 1; i < n; i++) {
		if (s[i] == '_')
			under = 1;
		else if (!isalnum((unsigned char)s[i]))
			return (0);
	}
	return (isupper((unsigned char)s[0]) || under);
}

static int
is_background_file(const char *base)
{
	return (strcasecmp(base, "List.xml") == 0 || ends_with(base, ".png"));
}

/*
 * Should this file go to ROOT?  1: flat, as NAME; 2: in the folder
 * written to dir (a locale or Desktops/WxHxD), *set saying which; 0:
 * skipped, with the reason.
 */
static int
wanted(const char *path, const char **why, char *dir, size_t dirlen,
    int *set)
{
	const char	*base = strrchr(path, '/'), *p, *q, *parent = NULL;
	size_t		 n, plen = 0;
	int		 nc, inbg = 0;

	base = base != NULL ? base + 1 : path;
	dir[0] = '\0';
	*set = 0;
	if (strstr(path, "__MACOSX/") != NULL) {
		*why = "macOS resource fork";
		return (0);
	}
	if (strcasecmp(base, "copstart.sh") == 0 ||
	    strcasecmp(base, "copstart.py") == 0) {
		*why = "CUCM install script, not firmware";
		return (0);
	}
	if (base[0] == '.') {
		*why = "hidden file";
		return (0);
	}
	if (strcasecmp(base, "Thumbs.db") == 0 ||
	    strcasecmp(base, "desktop.ini") == 0) {
		*why = "desktop clutter";
		return (0);
	}
	nc = name_class(base);
	n = strlen(base);
	if (nc != NC_CONFIG && ((n > 8 && strcasecmp(base + n - 8,
	    ".cnf.xml") == 0) || (n > 4 && strcasecmp(base + n - 4,
	    ".cnf") == 0))) {
		*why = "a phone configuration, not firmware (phonerescue "
		    "config gen writes those)";
		return (0);
	}
	/* The folders on the way; parent: the one holding the file. */
	for (p = path; p < base; p = q + 1) {
		q = strchr(p, '/');
		parent = p;
		plen = (size_t)(q - p);
		if (is_size_dir(p, plen) || (plen == 8 &&
		    strncasecmp(p, "Desktops", 8) == 0))
			inbg = 1;
	}
	/* Desktops/<WxHxD>/NAME, from any folder of that size. */
	if (parent != NULL && is_size_dir(parent, plen) &&
	    is_background_file(base)) {
		snprintf(dir, dirlen, "Desktops/%.*s", (int)plen, parent);
		*set = FW_SET_BACKGROUND;
		return (2);
	}
	if (inbg) {
		*why = why_background;
		return (0);
	}
	switch (nc) {
	case NC_NONE:
		*why = ends_with(base, ".cop.sgn") ? "a bundle of its own "
		    "(import it on its own)" : "not a file a phone asks for "
		    "(firmware, .loads, configs, ring lists, dial plans, "
		    "locales, backgrounds)";
		return (0);
	case NC_LOCALE:
		if (parent == NULL)
			break;
		if (!is_locale_name(parent, plen)) {
			*why = why_locale;
			return (0);
		}
		snprintf(dir, dirlen, "%.*s", (int)plen, parent);
		*set = FW_SET_LOCALE;
		return (2);
	default:
		break;
	}
	return (1);
}

static int
is_text_name(const char *n)
{
	size_t	 len = strlen(n);

	return (loads_is_loads_file(n) || (strncasecmp(n, "load", 4) == 0 &&
	    len > 8 && strcasecmp(n + len - 4, ".txt") == 0));
}

/*
 * The staged file of exactly that name in ROOT itself (a locale or
 * background folder's files are never components).  Names equal but for
 * letter case are different files (a real root ships RINGLIST.XML and
 * RingList.xml side by side); check_bundle() merges identical ones.
 */
static struct staged *
find_staged(struct imp *im, const char *name)
{
	size_t	 i;

	for (i = 0; i < im->nst; i++) {
		if (im->st[i].dir[0] == '\0' &&
		    strcmp(im->st[i].final, name) == 0)
			return (&im->st[i]);
	}
	return (NULL);
}

/* As a phone's request finds it: the exact name, else any letter case. */
static struct staged *
find_comp(struct imp *im, const char *name)
{
	size_t	 i;
	struct staged *c = NULL;

	for (i = 0; i < im->nst; i++) {
		if (im->st[i].dir[0] != '\0')
			continue;
		if (strcmp(im->st[i].final, name) == 0)
			return (&im->st[i]);
		if (c == NULL && strcasecmp(im->st[i].final, name) == 0)
			c = &im->st[i];
	}
	return (c);
}

/* The staged file going to dir/name (exact), other than s. */
static struct staged *
find_target(struct imp *im, const char *dir, const char *name,
    const struct staged *s)
{
	size_t	 i;

	for (i = 0; i < im->nst; i++) {
		if (&im->st[i] != s && strcmp(im->st[i].dir, dir) == 0 &&
		    strcmp(im->st[i].final, name) == 0)
			return (&im->st[i]);
	}
	return (NULL);
}

/* Two different files that would go to one name in ROOT: refused. */
static int
same_name(struct imp *im, const char *a, const char *b, const char *dir,
    const char *name)
{
	return (fail(im, "refused: %s and %s are different files that would "
	    "both be %s%s%s in ROOT: a phone asking for it can get only one "
	    "(import the one you want on its own)", a, b, dir, dir[0] != '\0' ?
	    "/" : "", name));
}

/* An entry's name and type: -1 refused, 0 a folder (nothing to do), 1 a file. */
static int
entry_refused(struct imp *im, const char *path, const char *shown, int type)
{
	const char	*why;

	if ((why = fw_import_check_name(path)) != NULL)
		return (fail(im, "refused: entry %s: %s", shown, why));
	switch (type) {
	case ENT_SYMLINK:
		return (fail(im, "refused: entry %s is a symbolic link", shown));
	case ENT_HARDLINK:
		return (fail(im, "refused: entry %s is a hard link", shown));
	case ENT_DEVICE:
		return (fail(im, "refused: entry %s is a device, FIFO or "
		    "socket, not a file", shown));
	case ENT_DIR:
		return (0);
	default:
		return (1);
	}
}

/*
 * The caps on a wanted entry (w: 1 flat, 2 in folder dir): its name, its
 * size, the bundle's total and file counts, one name from two folders.
 * dir takes the first spelling seen; *o the staged file of the same
 * name, if any.  0, or -1.
 */
static int
entry_limits(struct imp *im, const char *shown, const char *base, char *dir,
    size_t dirlen, int w, int64_t size, int size_known, struct staged **o)
{
	size_t	 i;

	if (strchr(base, '\\') != NULL || strlen(base) >= FW_NAME_MAX ||
	    (dir[0] != '\0' && strlen(dir) + 1 + strlen(base) >= FW_NAME_MAX))
		return (fail(im, "refused: entry %s: unusable file name",
		    shown));
	if (size_known && size >= 0 && (uint64_t)size > im->max_entry)
		return (fail(im, "refused: entry %s is %lld bytes, over the "
		    "%llu-byte cap for one file", shown, (long long)size,
		    (unsigned long long)im->max_entry));
	/* One folder spelling for a phone to find: the first one seen. */
	for (i = 0; dir[0] != '\0' && i < im->nst; i++)
		if (strcasecmp(im->st[i].dir, dir) == 0) {
			strlcpy(dir, im->st[i].dir, dirlen);
			break;
		}
	/*
	 * The same name from two folders (a tree zipped with its links
	 * followed: 7940/P003.bin, 7960/P003.bin): identical bytes are one
	 * file, different ones refuse the bundle; check_bundle() compares
	 * them.  Different declared sizes refuse it before a byte is read.
	 */
	if ((*o = find_target(im, dir, base, NULL)) != NULL && im->dry &&
	    (*o)->sized && size_known && size >= 0 &&
	    (*o)->size != (uint64_t)size)
		return (same_name(im, (*o)->orig, shown, dir, base));
	if (size_known && size >= 0) {
		im->declared += (uint64_t)size;
		if (im->declared > im->max_total)
			return (fail(im, "refused: the entries add up to more "
			    "than the %llu-byte cap for a whole bundle",
			    (unsigned long long)im->max_total));
	}
	if (w == 1 && ++im->nflat > FW_MAX_FILES)
		return (fail(im, "refused: more than %d firmware files in one "
		    "bundle", FW_MAX_FILES));
	if (w == 2 && ++im->nfolderfiles > FW_MAX_FOLDER_FILES)
		return (fail(im, "refused: more than %d locale and background "
		    "files in one bundle", FW_MAX_FOLDER_FILES));
	return (0);
}

/* Check an entry and open its staging file; 1 to read it, 0 skip, -1 fail. */
static int
entry_begin(struct imp *im, const char *path, int type, int64_t size,
    int size_known)
{
	char		 shown[256], dir[FW_NAME_MAX];
	const char	*why, *base;
	struct staged	*s, *o = NULL;
	int		 w, set, r;

	/* Per entry, so 100,000 skipped entries still stop at once. */
	if (stopped(im))
		return (interrupted(im));
	if (++im->nent % FW_PROGRESS_EVERY == 0 && im->opts->progress != NULL)
		im->opts->progress(im->opts->progress_arg, im->dry ? 1 : 2,
		    im->nent);
	util_sanitise(shown, sizeof shown, path, strlen(path));
	if ((r = entry_refused(im, path, shown, type)) <= 0)
		return (r);
	if ((w = wanted(path, &why, dir, sizeof dir, &set)) == 0) {
		if (!im->dry)
			note(im->m, "skipped %s: %s", shown, why);
		return (0);
	}
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	if (entry_limits(im, shown, base, dir, sizeof dir, w, size, size_known,
	    &o) != 0)
		return (-1);
	if (base != path && w == 1 && !im->dry)
		note(im->m, "flattened %s to %s", shown, base);
	if (im->nst == im->stcap) {
		/* Doubling: one entry at a time was quadratic in copying. */
		im->stcap = im->stcap != 0 ? im->stcap * 2 : 4;
		im->st = xreallocarray(im->st, im->stcap, sizeof *im->st);
	}
	s = &im->st[im->nst++];
	memset(s, 0, sizeof *s);
	/*
	 * In staging: the name itself for a file of ROOT met first, else
	 * a name of its own ("\\" is in no entry name).
	 */
	if (w == 1 && o == NULL)
		snprintf(s->name, sizeof s->name, "%s", base);
	else
		snprintf(s->name, sizeof s->name, "\\%c%zu", w == 1 ? 'd' :
		    'f', im->nst);
	snprintf(s->final, sizeof s->final, "%s", base);
	snprintf(s->dir, sizeof s->dir, "%s", dir);
	snprintf(s->orig, sizeof s->orig, "%s", shown);
	s->set = set;
	if (im->dry) {
		if (size_known && size >= 0) {
			s->size = (uint64_t)size;	/* for the check above */
			s->sized = 1;
		}
		return (0);
	}
	if ((im->fd = openat(im->stagefd, s->name, O_WRONLY | O_CREAT |
	    O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)) == -1) {
		im->nst--;
		return (fail(im, "%s/%s/%s: %s", im->root, im->stagename,
		    s->name, strerror(errno)));
	}
	im->cur = s;
	im->textcap = 0;
	fw_hash_init(&im->h, 0);
	return (1);
}

/*
 * From an archive, no more than FW_MAX_RATIO:1 (fw_import.h): the entry
 * (out bytes so far) against what was read since the last entry ended,
 * everything that came out (add bytes more) against all that was read.
 */
static int
ratio_check(struct imp *im, const char *shown, uint64_t out, uint64_t add)
{
	uint64_t	 in = im->raw - im->raw_mark;

	if (im->srcfd == -1)
		return (0);
	if (out > FW_MAX_RATIO * in + FW_RATIO_SLACK)
		return (fail(im, "refused: entry %s expands more than %d:1 "
		    "(%llu bytes out of %llu read; real firmware is compressed "
		    "already, about 1:1): a zip bomb?", shown, FW_MAX_RATIO,
		    (unsigned long long)out, (unsigned long long)in));
	if (im->total + im->dropped + add > FW_MAX_RATIO * im->raw +
	    FW_RATIO_SLACK_TOTAL)
		return (fail(im, "refused: the archive expands more than %d:1 "
		    "(%llu bytes out of %llu read, at entry %s): a zip bomb?",
		    FW_MAX_RATIO, (unsigned long long)(im->total +
		    im->dropped + add), (unsigned long long)im->raw, shown));
	return (0);
}

/* Append to the staged file under both caps; keep the head and small text. */
static int
entry_data(struct imp *im, const void *p, size_t n)
{
	struct staged	*s = im->cur;
	const uint8_t	*b = p;
	size_t		 k, off;
	ssize_t		 w;

	if (stopped(im))
		return (interrupted(im));
	if (n == 0)
		return (0);
	if (ratio_check(im, s->orig, s->size + n, n) != 0)
		return (-1);
	if (s->size + n > im->max_entry)
		return (fail(im, "refused: entry %s inflates past the "
		    "%llu-byte cap for one file (a zip bomb?)", s->orig,
		    (unsigned long long)im->max_entry));
	if (im->total + n > im->max_total)
		return (fail(im, "refused: the archive inflates past the "
		    "%llu-byte cap for a whole bundle (a zip bomb?)",
		    (unsigned long long)im->max_total));
	if (s->headlen < sizeof s->head) {
		k = sizeof s->head - s->headlen;
		k = k < n ? k : n;
		memcpy(s->head + s->headlen, b, k);
		s->headlen += k;
	}
	if (s->dir[0] == '\0' && is_text_name(s->final) &&
	    s->textlen + n <= LOADS_MAX_BYTES) {
		if (s->textlen + n + 1 > im->textcap) {
			im->textcap = s->textlen + n + 1024;
			s->text = xreallocarray(s->text, im->textcap, 1);
		}
		memcpy(s->text + s->textlen, b, n);
		s->textlen += n;
	}
	fw_hash_update(&im->h, b, n);
	for (off = 0; off < n; off += (size_t)w) {
		if ((w = write(im->fd, b + off, n - off)) == -1) {
			if (errno == EINTR) {
				w = 0;
				continue;
			}
			return (fail(im, "writing %s: %s", s->name,
			    strerror(errno)));
		}
	}
	s->size += n;
	im->total += n;
	return (0);
}

/* Close the staged file and keep its MD5; a signed file must hold together. */
static int
entry_end(struct imp *im)
{
	struct fw_digest d;
	struct staged	*s = im->cur;
	char		 why[160];

	if (sgn_looks_signed(s->head, s->headlen) &&
	    sgn_check_file(s->head, s->headlen, s->size, why,
	    sizeof why) != 0) {
		entry_abort(im);
		return (fail(im, "refused: entry %s is damaged: %s", s->orig,
		    why));
	}
	fw_hash_final(&im->h, &d);
	memcpy(im->cur->md5, d.md5, sizeof d.md5);
	/* Text kept only whole: a .loads over the cap is "too large". */
	if (im->cur->text != NULL && im->cur->textlen != im->cur->size) {
		free(im->cur->text);
		im->cur->text = NULL;
		im->cur->textlen = 0;
	}
	if (close(im->fd) != 0) {
		im->fd = -1;
		return (fail(im, "writing %s: %s", im->cur->name,
		    strerror(errno)));
	}
	im->fd = -1;
	im->cur = NULL;
	return (0);
}

static void
entry_abort(struct imp *im)
{
	if (im->fd != -1)
		close(im->fd);
	im->fd = -1;
	im->cur = NULL;
}

/* libarchive callbacks over srcfd from base on. */
static la_ssize_t
src_read(struct archive *a, void *arg, const void **buf)
{
	struct imp	*im = arg;
	ssize_t		 n;

	do {
		if (stopped(im)) {
			archive_set_error(a, EINTR, "interrupted");
			return (-1);
		}
		n = read(im->srcfd, im->rbuf, sizeof im->rbuf);
	} while (n == -1 && errno == EINTR);
	if (n == -1)
		archive_set_error(a, errno, "reading %s: %s", im->srcname,
		    strerror(errno));
	if (n > 0)
		im->raw += (uint64_t)n;
	*buf = im->rbuf;
	return (n);
}

static la_int64_t
src_seek(struct archive *a, void *arg, la_int64_t off, int whence)
{
	struct imp	*im = arg;
	off_t		 r;

	(void)a;
	if (whence == SEEK_SET)
		off += im->base;
	if ((r = lseek(im->srcfd, (off_t)off, whence)) == -1)
		return (ARCHIVE_FATAL);
	return (r - im->base);
}

static la_int64_t
src_skip(struct archive *a, void *arg, la_int64_t n)
{
	struct imp	*im = arg;

	(void)a;
	if (lseek(im->srcfd, (off_t)n, SEEK_CUR) == -1)
		return (0);
	return (n);
}

/* The next entry header: 1, 0 at the end, -1 refused (damage, a cut tar). */
static int
la_next(struct imp *im, struct archive *a, struct archive_entry **e,
    char *prev, size_t prevlen, la_int64_t last_end)
{
	const char	*name;
	int		 r;

	r = archive_read_next_header(a, e);
	/*
	 * libarchive takes a tar that stops at an entry boundary for a
	 * whole one ("hold our nose"): a cut download.  The end marker is
	 * 512 zero bytes or more after the last entry.
	 */
	if (r == ARCHIVE_EOF && (archive_format(a) &
	    ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_TAR &&
	    archive_filter_bytes(a, 0) < last_end + 512)
		return (fail(im, "refused: the tar ends after entry %s without "
		    "its end-of-archive marker (a truncated download?)",
		    prev[0] != '\0' ? prev : "(none)"));
	if (r == ARCHIVE_EOF)
		return (0);
	if (r == ARCHIVE_WARN && archive_entry_pathname(*e) != NULL) {
		name = archive_entry_pathname(*e);
		util_sanitise(prev, prevlen, name, strlen(name));
		la_fail(im, a, "refused: damaged archive: the header of entry "
		    "%s", prev);
		return (-1);
	}
	if (r != ARCHIVE_OK) {
		if (prev[0] == '\0')
			la_fail(im, a, "refused: damaged archive: its first "
			    "entry cannot be read");
		else
			la_fail(im, a, "refused: damaged archive: the entry "
			    "after %s (entry %llu) cannot be read", prev,
			    (unsigned long long)im->nent + 1);
		return (-1);
	}
	return (1);
}

/* What kind of entry e is, for entry_begin(). */
static int
la_entry_type(struct archive_entry *e)
{
	mode_t	 ft = archive_entry_filetype(e);

	if (archive_entry_hardlink(e) != NULL)
		return (ENT_HARDLINK);
	if (ft == AE_IFLNK || archive_entry_symlink(e) != NULL)
		return (ENT_SYMLINK);
	if (ft == AE_IFDIR)
		return (ENT_DIR);
	if (ft == AE_IFREG)
		return (ENT_FILE);
	return (ENT_DEVICE);
}

/*
 * The data of entry e (named prev): extracted when im->cur is set, else
 * read and dropped through the same caps; sparse holes become zeros; it
 * must come out as long as its header says.  0, or -1.
 */
static int
la_entry_data(struct imp *im, struct archive *a, struct archive_entry *e,
    const char *prev, la_int64_t size, int size_set)
{
	static const uint8_t	 zero[4096];
	const void		*buf;
	size_t			 len, k;
	la_int64_t		 off;
	uint64_t		 got = 0, gap;
	int			 r;

	for (;;) {
		r = archive_read_data_block(a, &buf, &len, &off);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK) {
			la_fail(im, a, "refused: entry %s is damaged", prev);
			return (-1);
		}
		if (off < 0 || (uint64_t)off < got)
			return (fail(im, "refused: entry %s is damaged: its "
			    "data goes back to offset %lld", prev,
			    (long long)off));
		if (im->cur == NULL) {
			if (stopped(im)) {
				interrupted(im);
				return (-1);
			}
			/* Dropped, but a bomb all the same. */
			if (ratio_check(im, prev, (uint64_t)off + len,
			    (uint64_t)off + len - got) != 0)
				return (-1);
			im->dropped += (uint64_t)off + len - got;
			got = (uint64_t)off + len;
			continue;
		}
		/* Sparse hole: zeros, through the same caps. */
		for (gap = (uint64_t)off - got; gap > 0; gap -= k) {
			k = gap > sizeof zero ? sizeof zero : (size_t)gap;
			if (entry_data(im, zero, k) != 0)
				return (-1);
		}
		if (entry_data(im, buf, len) != 0)
			return (-1);
		got = (uint64_t)off + len;
	}
	/* A sparse file may end in a hole. */
	while (im->cur != NULL && size_set && got < (uint64_t)size &&
	    archive_entry_sparse_count(e) > 0) {
		k = (uint64_t)size - got > sizeof zero ? sizeof zero :
		    (size_t)((uint64_t)size - got);
		if (entry_data(im, zero, k) != 0)
			return (-1);
		got += k;
	}
	if (size_set && got != (uint64_t)size)
		return (fail(im, "refused: entry %s is damaged: %llu bytes "
		    "came out, its header says %llu (truncated?)", prev,
		    (unsigned long long)got, (unsigned long long)size));
	return (0);
}

/*
 * Every entry of an archive through entry_begin/data/end.  Anything
 * libarchive reports, warnings included (a zip's bad CRC is one), refuses
 * the bundle; so does an entry that comes out shorter than its header
 * says.  Entries not extracted are still read in pass 2, so their CRCs
 * are checked too: a damaged download is refused whole.
 */
static int
read_archive(struct imp *im, const char *path)
{
	struct archive		*a;
	struct archive_entry	*e;
	la_int64_t		 size, last_end = 0;
	const char		*name;
	char			 prev[256];
	int			 r, type, rc = -1, size_set;

	im->srcname = path;
	im->raw = im->raw_mark = im->dropped = 0;
	a = archive_read_new();
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	archive_read_set_read_callback(a, src_read);
	archive_read_set_seek_callback(a, src_seek);
	archive_read_set_skip_callback(a, src_skip);
	archive_read_set_callback_data(a, im);
	if (archive_read_open1(a) != ARCHIVE_OK) {
		la_fail(im, a, "not a bundle libarchive can read");
		goto out;
	}
	prev[0] = '\0';
	while ((r = la_next(im, a, &e, prev, sizeof prev, last_end)) != 0) {
		if (r < 0)
			goto out;
		name = archive_entry_pathname(e);
		if (name == NULL)
			name = "";
		util_sanitise(prev, sizeof prev, name, strlen(name));
		type = la_entry_type(e);
		size = archive_entry_size(e);
		size_set = archive_entry_size_is_set(e) && size >= 0;
		r = entry_begin(im, name, type, size, size_set);
		if (r < 0)
			goto out;
		if (r == 0 && (im->dry || type != ENT_FILE)) {
			if (archive_read_data_skip(a) != ARCHIVE_OK) {
				la_fail(im, a, "refused: damaged archive in or "
				    "after entry %s", prev);
				goto out;
			}
		} else if (la_entry_data(im, a, e, prev, size, size_set) != 0 ||
		    (im->cur != NULL && entry_end(im) != 0))
			goto out;	/* extracted (r == 1), or read and dropped */
		im->raw_mark = im->raw;
		last_end = archive_filter_bytes(a, 0);
	}
	rc = 0;
out:
	entry_abort(im);
	archive_read_free(a);
	return (rc);
}

/*
 * A zip cut short loses its end record, and libarchive then reads the
 * local headers as a stream and says nothing: the record ("PK\5\6", 22
 * bytes and a comment) must end exactly where the file does.
 */
static int
check_zip_end(struct imp *im, uint64_t size)
{
	uint8_t		*b;
	size_t		 n, i, clen;
	ssize_t		 got;
	int		 ok = 0;

	n = size < 22 + 65535 ? (size_t)size : 22 + 65535;
	b = xreallocarray(NULL, n + 1, 1);
	if ((got = pread(im->srcfd, b, n, (off_t)(size - n))) != (ssize_t)n) {
		free(b);
		return (fail(im, "reading %s: %s", im->srcname, got < 0 ?
		    strerror(errno) : "short read"));
	}
	for (i = n >= 22 ? n - 22 + 1 : 0; i-- > 0 && !ok; ) {
		if (memcmp(b + i, "PK\5\6", 4) != 0)
			continue;
		clen = (size_t)b[i + 20] | (size_t)b[i + 21] << 8;
		ok = i + 22 + clen == n;
	}
	free(b);
	if (!ok)
		return (fail(im, "refused: %s has no zip end record where the "
		    "file ends (a truncated download?)", im->srcname));
	return (0);
}

/*
 * libarchive never checks a gzip trailer (CRC-32 and length of the
 * data): inflate the whole stream once more with zlib, which does.
 * Members may follow each other; zero padding after the last is fine.
 */
static int
verify_gzip(struct imp *im)
{
	z_stream	 z;
	uint8_t		 out[16384];
	ssize_t		 n;
	int		 zr = Z_OK, ended = 0, eof = 0, rc = -1;

	if (lseek(im->srcfd, im->base, SEEK_SET) == -1)
		return (fail(im, "%s: %s", im->srcname, strerror(errno)));
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return (fail(im, "zlib: %s", z.msg != NULL ? z.msg :
		    "cannot start inflating"));
	for (;;) {
		if (stopped(im)) {
			interrupted(im);
			goto out;
		}
		if (z.avail_in == 0 && !eof) {
			do {
				n = read(im->srcfd, im->rbuf, sizeof im->rbuf);
			} while (n == -1 && errno == EINTR && !stopped(im));
			if (n == -1) {
				fail(im, "reading %s: %s", im->srcname,
				    strerror(errno));
				goto out;
			}
			eof = n == 0;
			z.next_in = im->rbuf;
			z.avail_in = (uInt)n;
		}
		if (z.avail_in == 0 && eof)
			break;
		if (ended) {
			if (z.next_in[0] == 0) {
				z.next_in++;
				z.avail_in--;
				continue;
			}
			if (z.next_in[0] != 0x1f)
				break;	/* trailing bytes: gzip -d ignores them */
			if (inflateReset(&z) != Z_OK)
				break;
			ended = 0;
		}
		z.next_out = out;
		z.avail_out = sizeof out;
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr == Z_STREAM_END)
			ended = 1;
		else if (zr != Z_OK && !(zr == Z_BUF_ERROR && z.avail_in == 0)) {
			fail(im, "refused: the gzip data of %s is damaged (%s): "
			    "a bad download; a gzip check covers the whole "
			    "stream, so which entry holds the damage it cannot "
			    "tell", im->srcname, z.msg != NULL ? z.msg :
			    zError(zr));
			goto out;
		}
	}
	if (!ended) {
		fail(im, "refused: the gzip data of %s ends before its end "
		    "(a truncated download)", im->srcname);
		goto out;
	}
	rc = 0;
out:
	inflateEnd(&z);
	return (rc);
}

static int
name_cmp(const struct dirent **a, const struct dirent **b)
{
	return (strcmp((*a)->d_name, (*b)->d_name));
}

/*
 * A source directory is not ROOT: its tree is walked (model folders such
 * as 7940/, 7970/), symbolic links that stay inside it are followed (real
 * trees link 7911 -> 7906, 7960 -> 7940), one that leaves it refuses the
 * import; a folder reached twice is walked once, but for a locale or
 * background folder under another name.  Files go where wanted() says,
 * as from an archive; a file with the same bytes as one already taken
 * for the same place in any letter case (RINGLIST.XML, RingList.xml,
 * ringlist.xml) is one file.
 */
struct walk_file {
	char		 base[FW_NAME_MAX];
	char		 dir[FW_NAME_MAX];	/* a locale or background folder */
	char		 path[PATH_MAX];	/* resolved, for comparing */
	char		 rel[256];		/* for messages */
	dev_t		 dev;
	ino_t		 ino;
	off_t		 size;
};

struct walk {
	char		 top[PATH_MAX];		/* realpath of the directory */
	size_t		 toplen;
	struct walk_file *f;
	size_t		 nf;
	struct { dev_t dev; ino_t ino; char rel[256]; } *d;
	size_t		 nd;
	struct { dev_t dev; ino_t ino; } up[18];	/* the folders above */
	size_t		 nfolder;	/* locale/background files of this folder */
	const char	*folder_why;
};

static int	 walk_dir(struct imp *, struct walk *, const char *,
		     const char *, int);
static int	 walk_file(struct imp *, struct walk *, const char *,
		     const char *, const struct stat *);
static int	 walk_skip(struct imp *, struct walk *, const char *, int,
		     const struct stat *);
static int	 walk_entry(struct imp *, struct walk *, int, const char *,
		     const char *, int, const char *);
static int	 same_bytes(const char *, const char *);

/* Byte for byte; 1 same, 0 not (or unreadable). */
static int
same_bytes(const char *a, const char *b)
{
	static uint8_t	 ba[65536], bb[65536];
	ssize_t		 na, nb;
	int		 fa, fb, r = 0;

	if ((fa = open(a, O_RDONLY | O_CLOEXEC)) == -1)
		return (0);
	if ((fb = open(b, O_RDONLY | O_CLOEXEC)) == -1) {
		close(fa);
		return (0);
	}
	for (;;) {
		na = read(fa, ba, sizeof ba);
		if (na <= 0) {
			nb = read(fb, bb, 1);
			r = na == 0 && nb == 0;
			break;
		}
		for (nb = 0; nb < na; ) {
			ssize_t k = read(fb, bb + nb, (size_t)(na - nb));

			if (k <= 0)
				break;
			nb += k;
		}
		if (nb != na || memcmp(ba, bb, (size_t)na) != 0)
			break;
	}
	close(fa);
	close(fb);
	return (r);
}

/* One regular file of the tree (real: its resolved path). */
static int
walk_file(struct imp *im, struct walk *w, const char *rel, const char *real,
    const struct stat *sb)
{
	struct walk_file *f;
	const char	*base, *why;
	char		 buf[65536], shown[256], prev[256], dir[FW_NAME_MAX];
	ssize_t		 n = 0;
	size_t		 i;
	int		 fd, r, set, wk;

	base = strrchr(rel, '/');
	base = base != NULL ? base + 1 : rel;
	util_sanitise(shown, sizeof shown, rel, strlen(rel));
	wk = wanted(rel, &why, dir, sizeof dir, &set);
	if (wk == 0 && (why == why_locale || why == why_background) &&
	    fw_import_check_name(rel) == NULL) {
		/* Said once for the folder (a tree has thousands). */
		w->nfolder++;
		w->folder_why = why;
		return (0);
	}
	/*
	 * Where it goes in ROOT (NAME, or LOCALE/NAME, Desktops/WxHxD/NAME)
	 * against every file taken: the same bytes are one file, whatever
	 * the spelling; different bytes under one exact name refuse.
	 */
	if (wk != 0 && fw_import_check_name(rel) == NULL) {
		for (i = 0; i < w->nf; i++) {
			f = &w->f[i];
			if (strcasecmp(f->base, base) != 0 ||
			    strcasecmp(f->dir, dir) != 0)
				continue;
			util_sanitise(prev, sizeof prev, f->rel,
			    strlen(f->rel));
			if ((f->dev == sb->st_dev && f->ino == sb->st_ino) ||
			    (f->size == sb->st_size &&
			    same_bytes(f->path, real))) {
				if (im->dry)
					return (0);
				if (strcmp(f->base, base) == 0)
					note(im->m, "skipped %s: the same bytes "
					    "as %s (one file in ROOT)", shown,
					    prev);
				else
					note(im->m, "skipped %s: the same bytes "
					    "as %s (one copy serves every "
					    "spelling: TFTP matches names in "
					    "any letter case)", shown, prev);
				return (0);
			}
			if (strcmp(f->base, base) == 0)
				return (same_name(im, prev, shown, f->dir,
				    base));
		}
		w->f = xreallocarray(w->f, w->nf + 1, sizeof *w->f);
		f = &w->f[w->nf++];
		snprintf(f->base, sizeof f->base, "%s", base);
		snprintf(f->dir, sizeof f->dir, "%s", dir);
		snprintf(f->path, sizeof f->path, "%s", real);
		snprintf(f->rel, sizeof f->rel, "%s", rel);
		f->dev = sb->st_dev;
		f->ino = sb->st_ino;
		f->size = sb->st_size;
	}
	if ((r = entry_begin(im, rel, ENT_FILE, sb->st_size, 1)) <= 0)
		return (r);
	if ((fd = open(real, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		fail(im, "%s: %s", shown, strerror(errno));
		entry_abort(im);
		return (-1);
	}
	for (;;) {
		if ((n = read(fd, buf, sizeof buf)) == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (entry_data(im, buf, (size_t)n) != 0) {
			close(fd);
			entry_abort(im);
			return (-1);
		}
	}
	close(fd);
	if (n < 0) {
		fail(im, "%s: %s", shown, strerror(errno));
		entry_abort(im);
		return (-1);
	}
	return (entry_end(im));
}

/*
 * The folder at loc (relative to the top, "" for the top itself) of the
 * tree, in name order; its files are named rel/NAME (rel differs from loc
 * under a followed symbolic link).
 */
static int
walk_dir(struct imp *im, struct walk *w, const char *rel, const char *loc,
    int depth)
{
	struct dirent	**list = NULL;
	struct stat	 sb;
	char		 full[2 * PATH_MAX + 2], shown[256];
	size_t		 nfolder;
	int		 nl, j, rc = -1, dfd;

	if ((size_t)snprintf(full, sizeof full, "%s%s%s", w->top, loc[0] ?
	    "/" : "", loc) >= PATH_MAX)
		return (fail(im, "refused: %s: path too long", loc));
	if ((dfd = open(full, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return (fail(im, "%s: %s", full, strerror(errno)));
	if (fstat(dfd, &sb) != 0) {
		close(dfd);
		return (fail(im, "%s: %s", full, strerror(errno)));
	}
	if ((rc = walk_skip(im, w, rel, depth, &sb)) != 0) {
		close(dfd);
		return (rc < 0 ? -1 : 0);
	}
	rc = -1;
	if (depth < 18) {
		w->up[depth].dev = sb.st_dev;
		w->up[depth].ino = sb.st_ino;
	}
	w->d = xreallocarray(w->d, w->nd + 1, sizeof *w->d);
	w->d[w->nd].dev = sb.st_dev;
	w->d[w->nd].ino = sb.st_ino;
	snprintf(w->d[w->nd].rel, sizeof w->d[0].rel, "%s", rel);
	w->nd++;
	nfolder = w->nfolder;
	w->nfolder = 0;
	if ((nl = scandir(full, &list, NULL, name_cmp)) == -1) {
		close(dfd);
		return (fail(im, "%s: %s", full, strerror(errno)));
	}
	for (j = 0; j < nl; j++) {
		if (strcmp(list[j]->d_name, ".") != 0 &&
		    strcmp(list[j]->d_name, "..") != 0 &&
		    walk_entry(im, w, dfd, rel, loc, depth, list[j]->d_name) != 0)
			goto out;
	}
	if (w->nfolder > 0 && !im->dry) {
		util_sanitise(shown, sizeof shown, rel, strlen(rel));
		note(im->m, "skipped %zu %s in %s/: %s", w->nfolder,
		    w->nfolder == 1 ? "file" : "files", shown, w->folder_why);
	}
	rc = 0;
out:
	w->nfolder = nfolder;
	for (j = 0; j < nl; j++)
		free(list[j]);
	free(list);
	close(dfd);
	return (rc);
}

/*
 * Should the folder sb (at rel, depth deep) be left out?  The TFTP root
 * itself (refused at the top), or a folder seen before through a link.
 * 1: skip it, 0: walk it, -1: refused.
 */
static int
walk_skip(struct imp *im, struct walk *w, const char *rel, int depth,
    const struct stat *sb)
{
	struct stat	 rsb;
	char		 shown[256];
	const char	*name, *seen;
	size_t		 i;
	int		 up;

	if (fstat(im->rootfd, &rsb) == 0 && rsb.st_dev == sb->st_dev &&
	    rsb.st_ino == sb->st_ino) {
		if (rel[0] == '\0')
			return (fail(im, "refused: the directory given is the "
			    "TFTP root itself"));
		util_sanitise(shown, sizeof shown, rel, strlen(rel));
		if (!im->dry)
			note(im->m, "skipped %s/: the TFTP root itself", shown);
		return (1);
	}
	/*
	 * A folder seen before (a symbolic link) is walked once, but for a
	 * locale or background folder under another name: a phone asks for
	 * English_Australia/ whether or not it links to English_United_Kingdom/
	 * (never for one of the folders above: a loop).
	 */
	name = strrchr(rel, '/');
	name = name != NULL ? name + 1 : rel;
	for (i = 0; i < w->nd; i++) {
		if (w->d[i].dev != sb->st_dev || w->d[i].ino != sb->st_ino)
			continue;
		seen = strrchr(w->d[i].rel, '/');
		seen = seen != NULL ? seen + 1 : w->d[i].rel;
		for (up = 0; up < depth && up < 18; up++)
			if (w->up[up].dev == sb->st_dev &&
			    w->up[up].ino == sb->st_ino)
				break;
		if (up == depth && (is_locale_name(name, strlen(name)) ||
		    is_size_dir(name, strlen(name))) &&
		    strcasecmp(name, seen) != 0)
			continue;
		util_sanitise(shown, sizeof shown, rel, strlen(rel));
		if (!im->dry)
			note(im->m, "skipped %s/: the same folder as %s/ (a "
			    "symbolic link)", shown, w->d[i].rel[0] ?
			    w->d[i].rel : ".");
		return (1);
	}
	return (0);
}

/*
 * Entry dname of the folder dfd (at rel, loc): a link followed while it
 * stays inside the tree, a folder walked, a file taken.  0, or -1.
 */
static int
walk_entry(struct imp *im, struct walk *w, int dfd, const char *rel,
    const char *loc, int depth, const char *dname)
{
	struct stat	 sb;
	char		 full[2 * PATH_MAX + 2], real[PATH_MAX], sub[256];
	char		 shown[256], subloc[PATH_MAX];

	if ((size_t)snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "",
	    dname) >= sizeof sub)
		return (fail(im, "refused: %s/%s: path too long", rel, dname));
	util_sanitise(shown, sizeof shown, sub, strlen(sub));
	if (fstatat(dfd, dname, &sb, AT_SYMLINK_NOFOLLOW) != 0)
		return (fail(im, "%s: %s", shown, strerror(errno)));
	if ((size_t)snprintf(subloc, sizeof subloc, "%s%s%s", loc,
	    loc[0] ? "/" : "", dname) >= sizeof subloc ||
	    (size_t)snprintf(full, sizeof full, "%s/%s", w->top,
	    subloc) >= PATH_MAX)
		return (fail(im, "refused: %s: path too long", shown));
	if (S_ISLNK(sb.st_mode)) {
		/* Follow it only while it stays inside the tree. */
		if (realpath(full, real) == NULL) {
			if (!im->dry)
				note(im->m, "skipped %s: a symbolic link to "
				    "nothing", shown);
			return (0);
		}
		if (strncmp(real, w->top, w->toplen) != 0 ||
		    (real[w->toplen] != '/' && real[w->toplen] != '\0'))
			return (fail(im, "refused: %s is a symbolic link out "
			    "of the directory given (to %s)", shown, real));
		if (stat(real, &sb) != 0)
			return (fail(im, "%s: %s", shown, strerror(errno)));
	} else
		strlcpy(real, full, sizeof real);
	if (S_ISDIR(sb.st_mode)) {
		if (dname[0] == '.' || strcmp(dname, "__MACOSX") == 0) {
			if (!im->dry)
				note(im->m, "skipped %s/: %s", shown,
				    dname[0] == '.' ? "hidden folder" :
				    "macOS resource forks");
			return (0);
		}
		if (depth >= 16)
			return (fail(im, "refused: %s: folders nested more "
			    "than 16 deep", shown));
		/* A followed link: its target, under the link's name. */
		if (strcmp(real, full) != 0)
			snprintf(subloc, sizeof subloc, "%s",
			    real[w->toplen] == '/' ? real + w->toplen + 1 : "");
		return (walk_dir(im, w, sub, subloc, depth + 1));
	}
	if (!S_ISREG(sb.st_mode))
		return (entry_begin(im, sub, ENT_DEVICE, 0, 1) < 0 ? -1 : 0);
	return (walk_file(im, w, sub, real, &sb) < 0 ? -1 : 0);
}

/* A plain directory: its tree, in name order, the same checks. */
static int
read_directory(struct imp *im, const char *path)
{
	struct walk	 w;
	int		 rc;

	memset(&w, 0, sizeof w);
	if (realpath(path, w.top) == NULL)
		return (fail(im, "%s", strerror(errno)));
	w.toplen = strlen(w.top);
	if (w.toplen == 1)
		w.toplen = 0;		/* "/": every path is inside */
	rc = walk_dir(im, &w, "", "", 0);
	free(w.f);
	free(w.d);
	return (rc);
}

/*
 * Does the folder dfd of ROOT (ROOT itself, or where the bundle's folder
 * dir goes) already hold name (the exact name first, else any letter
 * case)?  Its size, or -1.  A file there that another file of this
 * bundle goes to under its exact name is that file's, not this one's:
 * two spellings kept side by side do not replace each other.
 */
static long long
root_size(struct imp *im, int dfd, const char *dir, const char *name,
    char *actual, size_t alen)
{
	struct stat	 sb;
	struct dirent	*de;
	DIR		*d;
	long long	 r = -1;
	size_t		 i;
	int		 fd;

	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(sb.st_mode)) {
		strlcpy(actual, name, alen);
		return ((long long)sb.st_size);
	}
	if ((fd = dup(dfd)) == -1 || (d = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		return (-1);
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strcasecmp(de->d_name, name) != 0)
			continue;
		for (i = 0; i < im->nst; i++)
			if (strcmp(im->st[i].dir, dir) == 0 &&
			    strcmp(im->st[i].final, de->d_name) == 0)
				break;
		if (i < im->nst)
			continue;
		if (fstatat(dfd, de->d_name, &sb,
		    AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode)) {
			r = (long long)sb.st_size;
			strlcpy(actual, de->d_name, alen);
			break;
		}
	}
	closedir(d);
	return (r);
}

/* Record that model gets load (via a term file); merges duplicates. */
static void
add_serve(struct fw_manifest *m, const char *model, const char *load,
    const char *via)
{
	size_t	 i;

	for (i = 0; i < m->nserves; i++) {
		if (strcmp(m->serves[i].model, model) == 0 &&
		    strcmp(m->serves[i].load, load) == 0) {
			if (via[0] != '\0')
				snprintf(m->serves[i].via, FW_NAME_MAX, "%s",
				    via);
			return;
		}
	}
	m->serves = xreallocarray(m->serves, m->nserves + 1,
	    sizeof *m->serves);
	snprintf(m->serves[m->nserves].model, 16, "%s", model);
	snprintf(m->serves[m->nserves].load, FW_NAME_MAX, "%s", load);
	snprintf(m->serves[m->nserves].via, FW_NAME_MAX, "%s", via);
	m->nserves++;
}

/* Take staged file i out (it does not go to ROOT). */
static void
drop_staged(struct imp *im, size_t i)
{
	struct staged	*s = &im->st[i];

	(void)unlinkat(im->stagefd, s->name, 0);
	free(s->text);
	memmove(s, s + 1, (im->nst - i - 1) * sizeof *s);
	im->nst--;
}

/* Are two staged files the same bytes? */
static int
staged_same(struct imp *im, const struct staged *a, const struct staged *b)
{
	char	 pa[PATH_MAX + 2 * FW_NAME_MAX], pb[PATH_MAX + 2 * FW_NAME_MAX];

	if (a->size != b->size || memcmp(a->md5, b->md5, 16) != 0)
		return (0);
	snprintf(pa, sizeof pa, "%s/%s/%s", im->root, im->stagename, a->name);
	snprintf(pb, sizeof pb, "%s/%s/%s", im->root, im->stagename, b->name);
	return (same_bytes(pa, pb));
}

/* Does a .loads already in ROOT list name (any case)? */
static int
root_lists(struct imp *im, struct fw_catalog **cat, const char *name)
{
	char	 err[128];
	size_t	 i;

	if (*cat == NULL && (*cat = fw_catalog_open(im->root, err,
	    sizeof err)) == NULL)
		return (0);
	for (i = 0; i < (*cat)->nloads; i++)
		if ((*cat)->loads[i].ok && loads_find(&(*cat)->loads[i].body,
		    name) >= 0)
			return (1);
	return (0);
}

/*
 * Files of the bundle going to one place in ROOT: the same folder and
 * the same name (icase: or one equal but for letter case).  Identical
 * bytes are one file, the later one dropped and said.  Different bytes
 * under one exact name cannot both be what a phone gets: refused (-1);
 * under two spellings both are kept, with a warning (a request spelt
 * exactly gets its own).
 */
static int
merge_twins(struct imp *im, int icase)
{
	struct staged	*s, *c;
	size_t		 i, j;
	int		 exact;

	for (i = 0; i < im->nst; i++) {
		for (j = i + 1; j < im->nst; ) {
			s = &im->st[i];
			c = &im->st[j];
			exact = strcmp(s->final, c->final) == 0;
			if (strcmp(s->dir, c->dir) != 0 || (!exact && (!icase ||
			    strcasecmp(s->final, c->final) != 0))) {
				j++;
				continue;
			}
			if (staged_same(im, s, c)) {
				note(im->m, "skipped %s: the same bytes as %s "
				    "(%s)", c->orig, s->orig, exact ? "one file "
				    "in ROOT" : "one copy serves every spelling: "
				    "TFTP matches names in any letter case");
				drop_staged(im, j);
				continue;
			}
			if (exact)
				return (same_name(im, s->orig, c->orig, s->dir,
				    s->final));
			note(im->m, "warning: %s%s%s and %s differ, and their "
			    "names only in letter case: both kept; a request "
			    "that spells one exactly gets that one", s->dir,
			    s->dir[0] != '\0' ? "/" : "", s->final, c->final);
			j++;
		}
	}
	return (0);
}

/* The embedded name of every signed file: warned about, or taken back. */
static void
check_signed_names(struct imp *im)
{
	struct sgn_header sh;
	struct staged	*s;
	char		 why[160], actual[FW_NAME_MAX];
	size_t		 i;

	for (i = 0; i < im->nst; i++) {
		s = &im->st[i];
		if (s->dir[0] != '\0' ||
		    !sgn_looks_signed(s->head, s->headlen) ||
		    sgn_parse(s->head, s->headlen, &sh, why, sizeof why) != 0 ||
		    !sh.has_filename)
			continue;
		util_sanitise(actual, sizeof actual, sh.filename,
		    strlen(sh.filename));
		if (strcasecmp(sh.filename, s->final) != 0)
			note(im->m, "warning: %s carries the embedded name %s; "
			    "phones may reject a renamed signed file",
			    s->final, actual);
		else if (strcmp(sh.filename, s->final) != 0 &&
		    find_staged(im, sh.filename) == NULL) {
			note(im->m, "renamed %s to %s, the name signed into it",
			    s->final, actual);
			snprintf(s->final, sizeof s->final, "%s", sh.filename);
		}
	}
}

/* Append "name (empty)" or "name" to the missing list. */
static void
add_missing(char *missing, size_t len, size_t *nmissing, const char *name,
    int empty)
{
	snprintf(missing + strlen(missing), len - strlen(missing), "%s%s%s",
	    (*nmissing)++ ? ", " : "", name, empty ? " (empty)" : "");
}

/*
 * Component lc of .loads s (serving nm models): in the bundle, of the
 * listed size and MD5, or already in ROOT, or added to missing.  0, or
 * -1 when it refuses the bundle (fail() called).
 */
static int
check_component(struct imp *im, struct staged *s, const struct loads_comp *lc,
    size_t nm, char *missing, size_t missinglen, size_t *nmissing)
{
	struct fw_manifest *m = im->m;
	struct staged	*c;
	char		 actual[FW_NAME_MAX], hex[33], hex2[33];
	uint8_t		 emb[16];
	long long	 rs;

	if ((c = find_comp(im, lc->name)) == NULL) {
		rs = root_size(im, im->rootfd, "", lc->name, actual,
		    sizeof actual);
		if (rs > 0)
			note(m, "%s: %s is already in ROOT", s->final, actual);
		else if (lc->extra)
			note(m, "%s: the extra component %s (a \"#+\" line, "
			    "which older phones skip) is not here", s->final,
			    lc->name);
		else
			add_missing(missing, missinglen, nmissing, lc->name,
			    rs == 0);
		return (0);
	}
	c->listed = 1;
	if (nm > 0)
		c->usable = 1;
	if (c->size == 0) {
		add_missing(missing, missinglen, nmissing, lc->name, 1);
		return (0);
	}
	if (strcmp(c->final, lc->name) != 0 &&
	    find_staged(im, lc->name) == NULL) {
		note(m, "renamed %s to %s, as %s spells it", c->final,
		    lc->name, s->final);
		snprintf(c->final, sizeof c->final, "%s", lc->name);
	}
	if (lc->has_size && lc->size != c->size) {
		fail(im, "%s: %s has %llu bytes, %s lists %llu", s->final,
		    lc->name, (unsigned long long)c->size, s->final,
		    (unsigned long long)lc->size);
		return (-1);
	}
	/*
	 * 792x: the MD5 listed is the one the .SBN carries after its
	 * signed header, not the digest of the file; either matches.
	 */
	if (!lc->has_md5 || memcmp(lc->md5, c->md5, 16) == 0 ||
	    (loads_sbn_md5(c->head, c->headlen, emb) == 0 &&
	    memcmp(lc->md5, emb, 16) == 0))
		return (0);
	fw_hash_hex(c->md5, 16, hex);
	fw_hash_hex(lc->md5, 16, hex2);
	if (loads_sbn_md5(c->head, c->headlen, emb) == 0) {
		fw_hash_hex(emb, 16, hex);
		fail(im, "%s: %s carries MD5 %s after its signed header, %s "
		    "lists %s", s->final, lc->name, hex, s->final, hex2);
	} else
		fail(im, "%s: %s has MD5 %s, %s lists %s", s->final, lc->name,
		    hex, s->final, hex2);
	return (-1);
}

/* After the components of s: say what is missing, for which models. */
static void
check_loads_verdict(struct imp *im, struct staged *s, const struct loads *ld,
    size_t nm, const char *missing, size_t nmissing, size_t *nbad)
{
	struct fw_manifest *m = im->m;
	const char	*what;

	if (nm == 0) {
		/* A load of a model outside the table. */
		what = model_foreign_firmware(s->final);
		note(m, "%s: %s: phonerescue does not recover that model (its "
		    "%zu files go to ROOT as they are, for a phone that asks "
		    "for them)", s->final, what != NULL ? what : "a load for "
		    "no model phonerescue knows", ld->ncomp);
		if (nmissing > 0)
			note(m, "warning: %s is incomplete: %s", s->final,
			    missing);
		return;
	}
	s->usable = 1;
	/* Every incomplete load named, not the first only. */
	if (nmissing > 0 && !im->opts->allow_incomplete) {
		if ((*nbad)++ == 0)
			fail(im, "%s lists files that are missing or empty: "
			    "%s", s->final, missing);
		note(m, "%s lists files that are missing or empty: %s",
		    s->final, missing);
	} else if (nmissing > 0)
		note(m, "warning: %s is incomplete: %s", s->final, missing);
}

/*
 * One .loads of the bundle: parsed, its components checked, the models
 * it serves recorded.  1 for a 79xx load, 0 for a file of another kind,
 * -1 when it refuses the bundle.
 */
static int
check_one_loads(struct imp *im, struct staged *s, size_t *nbad)
{
	struct fw_manifest *m = im->m;
	struct loads	 l;
	const struct model *ms[32];
	char		 why[160], lname[FW_NAME_MAX], kind[160];
	char		 missing[FW_ERRBUF_SIZE];
	size_t		 j, k, nm, nmissing = 0;

	s->listed = 1;
	if (s->text == NULL) {
		note(m, "warning: skipped %s: not a usable .loads file: "
		    "too large", s->orig);
		s->listed = -1;
		return (0);
	}
	switch (loads_kind(s->text, s->textlen, kind, sizeof kind)) {
	case LOADS_KIND_79XX:
		break;
	case LOADS_KIND_BROKEN:
		note(m, "warning: skipped %s: %s", s->orig, kind);
		s->listed = -1;
		return (0);
	default:
		note(m, "%s: %s; kept as a plain file (a phone of that kind "
		    "may ask for it), phonerescue recovers nothing from it",
		    s->final, kind);
		return (0);
	}
	if (loads_parse(s->text, s->textlen, &l, why, sizeof why) != 0)
		return (1);	/* loads_kind() said it parses */
	/* Which models this load serves. */
	if ((ms[0] = model_from_term_file(s->final)) != NULL) {
		term_ident(im, s, lname, sizeof lname);
		nm = 1;
	} else {
		loads_name_from_file(s->final, lname, sizeof lname);
		nm = model_from_load_name(lname, ms, 32);
	}
	for (j = 0; j < l.nnotes; j++)
		note(m, "warning: %s: %s", s->final, l.notes[j]);
	missing[0] = '\0';
	for (j = 0; j < l.ncomp; j++)
		if (check_component(im, s, &l.comp[j], nm, missing,
		    sizeof missing, &nmissing) != 0)
			return (-1);
	check_loads_verdict(im, s, &l, nm, missing, nmissing, nbad);
	for (k = 0; k < nm && k < 32; k++)
		add_serve(m, ms[k]->name, lname,
		    model_from_term_file(s->final) != NULL ? s->final : "");
	return (1);
}

/* load<NNN>.txt: devtype -> load, as in COP files. */
static void
check_hints(struct imp *im)
{
	struct staged	*s;
	char		 lname[FW_NAME_MAX];
	size_t		 i, k;
	unsigned	 dt;

	for (i = 0; i < im->nst; i++) {
		s = &im->st[i];
		if (loads_is_loads_file(s->final) || s->text == NULL)
			continue;
		s->listed = 1;
		s->text[s->textlen < LOADS_MAX_BYTES ? s->textlen :
		    s->textlen - 1] = '\0';
		if (sscanf((char *)s->text, "%u %127s", &dt, lname) != 2)
			continue;
		for (k = 0; k < model_count(); k++) {
			if (model_at(k)->devtype == dt) {
				note(im->m, "%s: devtype %u (%s) gets %s",
				    s->final, dt, model_at(k)->name, lname);
				s->usable = 1;
			}
		}
	}
}

/* A file no .loads lists: kept only when a phone asks for it. */
static void
check_unlisted(struct imp *im, struct staged *s, struct fw_catalog **cat,
    size_t *nimages)
{
	struct fw_manifest *m = im->m;
	const struct model *ms[32], *mm;
	const char	*what;
	char		 lname[FW_NAME_MAX], actual[FW_NAME_MAX];
	int		 nc;

	nc = name_class(s->final);
	if (nc == NC_CONFIG || nc == NC_DIALPLAN ||
	    strcasecmp(s->final, "RingList.xml") == 0 ||
	    strcasecmp(s->final, "DistinctiveRingList.xml") == 0) {
		if (root_size(im, im->rootfd, "", s->final, actual,
		    sizeof actual) >= 0) {
			note(m, "kept ROOT's own %s (this bundle's %s is not "
			    "imported)", actual, s->orig);
			/* A config still goes beside its load's term files. */
			s->listed = nc == NC_CONFIG ? 1 : -1;
			s->keep_out = nc == NC_CONFIG;
			return;
		}
		s->listed = s->usable = 1;
		return;
	}
	if (nc == NC_RING || nc == NC_LOCALE) {
		s->listed = s->usable = 1;
		return;
	}
	(*nimages)++;
	loads_name_from_file(s->final, lname, sizeof lname);
	lname[strcspn(lname, ".")] = '\0';
	if ((what = model_foreign_firmware(s->final)) != NULL) {
		note(m, "%s: %s: phonerescue does not recover that model (the "
		    "file goes to ROOT as it is, for a phone that asks for "
		    "it)", s->final, what);
		s->listed = 1;
	} else if ((mm = model_from_image_file(s->final)) != NULL) {
		note(m, "%s: the %s firmware image (one file, no .loads): "
		    "phonerescue serves no load to the %s; one fetches it "
		    "when its profile names it", s->final, mm->name, mm->name);
		s->listed = 1;
	} else if (model_from_load_name(lname, ms, 32) > 0 &&
	    strcmp(ms[0]->family, "legacy") == 0) {
		note(m, "%s: an image for the %s that no .loads names (phones "
		    "with old loads ask for it through OS79XX.TXT)", s->final,
		    ms[0]->name);
		s->listed = 1;
	} else if (root_lists(im, cat, s->final)) {
		s->listed = s->usable = 1;
	} else {
		note(m, "skipped %s: no .loads lists it and no phone asks for "
		    "it by that name", s->orig);
		s->listed = -1;
	}
}

/*
 * Every .loads parsed, every component present; models identified; every
 * other file kept only when a phone asks for it, and said what it is for.
 */
static int
check_bundle(struct imp *im)
{
	struct fw_manifest *m = im->m;
	struct fw_catalog *cat = NULL;
	struct staged	*s;
	size_t		 i, nloads = 0, nusable = 0, nimages = 0, nbad = 0;
	int		 rc = -1, r;

	if (im->nst == 0)
		return (fail(im, "nothing a phone can use: %s", m->nnotes > 0 ?
		    "every file was skipped (listed below)" : "no file at all"));
	/* One name from two folders of the bundle (exact names). */
	if (merge_twins(im, 0) != 0)
		goto out;
	/* Locale and background folders: asked for by their path. */
	for (i = 0; i < im->nst; i++)
		if (im->st[i].dir[0] != '\0')
			im->st[i].listed = im->st[i].usable = 1;
	check_signed_names(im);
	/* One file under several spellings (the signed names back first). */
	(void)merge_twins(im, 1);
	for (i = 0; i < im->nst; i++) {
		s = &im->st[i];
		if (s->dir[0] != '\0' || !loads_is_loads_file(s->final))
			continue;
		if ((r = check_one_loads(im, s, &nbad)) < 0)
			goto out;
		nloads += (size_t)r;
	}
	if (nbad > 0) {
		if (nbad > 1)
			fail(im, "%zu loads list files that are missing or "
			    "empty (each is named below)", nbad);
		goto out;
	}
	check_hints(im);
	for (i = 0; i < im->nst; i++)
		if (im->st[i].listed == 0)
			check_unlisted(im, &im->st[i], &cat, &nimages);
	for (i = im->nst; i > 0; i--) {
		if (im->st[i - 1].listed < 0)
			drop_staged(im, i - 1);
	}
	for (i = 0; i < im->nst; i++)
		if (im->st[i].usable)
			nusable++;
	if (nusable == 0) {
		fail(im, "nothing for a phone phonerescue recovers, so "
		    "nothing was imported (each file is named below)");
		goto out;
	}
	if (nloads == 0 && nimages > 0)
		note(m, "warning: the bundle has no .loads file: phones will "
		    "not know what to fetch");
	rc = 0;
out:
	fw_catalog_free(cat);
	return (rc);
}

/* The named load in the bundle with the same components as term file t. */
static void
term_ident(struct imp *im, struct staged *t, char *ident, size_t len)
{
	struct loads	 tl, ol;
	char		 why[128];
	size_t		 i, j;

	loads_name_from_file(t->final, ident, len);
	if (t->text == NULL || loads_parse(t->text, t->textlen, &tl, why,
	    sizeof why) != 0)
		return;
	for (i = 0; i < im->nst; i++) {
		struct staged *o = &im->st[i];

		if (o == t || o->text == NULL ||
		    !loads_is_loads_file(o->final) ||
		    model_from_term_file(o->final) != NULL ||
		    loads_parse(o->text, o->textlen, &ol, why, sizeof why) != 0 ||
		    ol.ncomp != tl.ncomp)
			continue;
		for (j = 0; j < tl.ncomp; j++)
			if (loads_find(&ol, tl.comp[j].name) < 0)
				break;
		if (j == tl.ncomp) {
			loads_name_from_file(o->final, ident, len);
			return;
		}
	}
}

/*
 * Write bytes as name into the store of load (FW_TERMS_DIR/<load>/), no
 * link followed in any component (issue 15).  0, or -1 with a warning.
 */
static int
store_bytes(struct imp *im, const char *load, const char *name,
    const void *data, size_t len)
{
	char		 dir[FW_NAME_MAX * 2 + 32];
	size_t		 off;
	ssize_t		 w;
	int		 fd, dfd;

	snprintf(dir, sizeof dir, "%s/%s", FW_TERMS_DIR, load);
	if ((dfd = beneath_mkdirs(im->rootfd, dir, 0755)) == -1 ||
	    (fd = openat(dfd, name, O_WRONLY | O_CREAT | O_TRUNC |
	    O_NOFOLLOW | O_CLOEXEC, 0644)) == -1) {
		note(im->m, "warning: cannot keep a copy of %s in %s/%s: %s",
		    name, im->root, dir, errno == ELOOP ||
		    errno == ENOTDIR ? "a symbolic link or a file is in the "
		    "way (refused to follow it)" : strerror(errno));
		if (dfd != -1)
			close(dfd);
		return (-1);
	}
	close(dfd);
	for (off = 0; off < len; off += (size_t)w) {
		if ((w = write(fd, (const uint8_t *)data + off,
		    len - off)) <= 0)
			break;
	}
	close(fd);
	return (off == len ? 0 : -1);
}

/* Copy a staged term file into the store for its load. */
static void
store_term(struct imp *im, struct staged *t)
{
	char		 ident[FW_NAME_MAX];

	if (t->text == NULL)
		return;
	term_ident(im, t, ident, sizeof ident);
	(void)store_bytes(im, ident, t->final, t->text, t->textlen);
}

/*
 * A configuration of the bundle (OS79XX.TXT, SIPDefault.cnf, SEP<MAC>
 * files, CTL/ITL), byte for byte, beside the term files of every load
 * the bundle brings: the plan can then serve a phone its step's own
 * files.  fd/name: where the file is now (ROOT, or staging when ROOT
 * keeps its own).  Small files only (FW_MAX_STORED_CONFIG).
 */
#define FW_MAX_STORED_CONFIG	(256 * 1024)
static void
store_config(struct imp *im, struct staged *s, int fd, const char *name)
{
	const struct fw_manifest *m = im->m;
	uint8_t		*buf;
	ssize_t		 n;
	size_t		 i, j, kept = 0;
	int		 cfd;

	if (s->size > FW_MAX_STORED_CONFIG || (cfd = openat(fd, name,
	    O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return;
	buf = xmalloc(s->size + 1);
	n = pread(cfd, buf, s->size + 1, 0);
	close(cfd);
	for (i = 0; n == (ssize_t)s->size && i < m->nserves; i++) {
		/* Each load once; term files name theirs in via. */
		for (j = 0; j < i; j++)
			if (strcmp(m->serves[j].load, m->serves[i].load) == 0)
				break;
		if (j == i && store_bytes(im, m->serves[i].load, s->final, buf,
		    s->size) == 0)
			kept++;
	}
	free(buf);
	if (kept > 0 && s->keep_out)
		note(im->m, "this bundle's %s is kept beside its load%s in "
		    "%s/", s->final, kept > 1 ? "s" : "", FW_TERMS_DIR);
}

/* Put back what commit() moved, newest first; root_changed if it cannot. */
static void
rollback(struct imp *im, struct moved *mv, size_t n)
{
	size_t	 left = 0;
	char	 first[FW_NAME_MAX + 16] = "";
	int	 err = 0;

	while (n-- > 0) {
		if (renameat(mv[n].tofd, mv[n].to, mv[n].fromfd,
		    mv[n].from) == 0)
			continue;
		if (left++ == 0) {
			err = errno;
			snprintf(first, sizeof first, "%s", mv[n].from);
		}
	}
	if (left > 0) {
		char	 keep[64];

		im->m->root_changed = 1;
		/* It holds the only copies: out of clean_stale()'s reach. */
		snprintf(keep, sizeof keep, "%s%ld", FW_ROLLBACK_PREFIX,
		    (long)getpid());
		if (renameat(im->rootfd, im->stagename, im->rootfd, keep) != 0)
			snprintf(keep, sizeof keep, "%s", im->stagename);
		note(im->m, "ROOT is NOT as it was: %zu file%s could not be put "
		    "back (first: %s: %s); what was replaced is in %s/%s "
		    "(names \\oldN, in the order moved)", left, left == 1 ?
		    "" : "s", first, strerror(err), im->root, keep);
		im->stagename[0] = '\0';
	}
}

/* A folder of ROOT that files of the bundle go into (commit()). */
struct cdir {
	char		 dir[FW_NAME_MAX];	/* as the bundle spells it */
	char		 actual[FW_NAME_MAX];	/* as ROOT spells it */
	int		 fd;
};

struct made {
	char		(*path)[FW_NAME_MAX];	/* folders commit() made */
	size_t		 n, cap;
};

/*
 * The folder of ROOT where the bundle's folder dir goes, component by
 * component with no link followed: the exact name, else the one a
 * request in another letter case would reach (the smallest name equal
 * but for case, as src/tftp/tftp_files.c resolves it), else a new one,
 * made with beneath_mkdirs() and remembered in made for a roll-back.
 * Its descriptor, or -1 with the reason in the error buffer.
 */
static int
open_folder(struct imp *im, const char *dir, char *actual, size_t alen,
    struct made *made)
{
	struct dirent	*de;
	struct stat	 sb;
	DIR		*d;
	char		 buf[FW_NAME_MAX], best[256], *comp, *next;
	size_t		 o = 0;
	int		 pfd, fd, found;

	strlcpy(buf, dir, sizeof buf);
	actual[0] = '\0';
	if ((pfd = dup(im->rootfd)) == -1)
		return (fail(im, "%s: %s", im->root, strerror(errno)));
	for (comp = buf; comp != NULL; comp = next) {
		if ((next = strchr(comp, '/')) != NULL)
			*next++ = '\0';
		found = 0;
		strlcpy(best, comp, sizeof best);
		if (pfd != -1 && fstatat(pfd, comp, &sb,
		    AT_SYMLINK_NOFOLLOW) == 0)
			found = 1;
		else if (pfd != -1 && (fd = dup(pfd)) != -1) {
			if ((d = fdopendir(fd)) == NULL)
				close(fd);
			else
				rewinddir(d);	/* the offset is shared */
			while (d != NULL && (de = readdir(d)) != NULL) {
				if (de->d_name[0] == '.' ||
				    strcasecmp(de->d_name, comp) != 0)
					continue;
				if (!found || strcmp(de->d_name, best) < 0)
					strlcpy(best, de->d_name, sizeof best);
				found = 1;
			}
			if (d != NULL)
				closedir(d);
		}
		o += snprintf(actual + o, alen - o, "%s%s", o ? "/" : "", best);
		if (o >= alen) {
			if (pfd != -1)
				close(pfd);
			return (fail(im, "%s/%s: name too long", im->root,
			    dir));
		}
		if (!found) {
			/* Below here everything is new. */
			if (pfd != -1)
				close(pfd);
			pfd = -1;
			if (made->n == made->cap) {
				made->cap = made->cap ? made->cap * 2 : 8;
				made->path = xreallocarray(made->path,
				    made->cap, sizeof *made->path);
			}
			strlcpy(made->path[made->n++], actual,
			    sizeof made->path[0]);
			continue;
		}
		fd = fstatat(pfd, best, &sb, AT_SYMLINK_NOFOLLOW) != 0 ? -1 :
		    S_ISLNK(sb.st_mode) ? (errno = ELOOP, -1) :
		    !S_ISDIR(sb.st_mode) ? (errno = ENOTDIR, -1) :
		    openat(pfd, best, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		close(pfd);
		if ((pfd = fd) == -1)
			return (fail(im, "%s/%s: %s where the folder %s/ goes",
			    im->root, actual, errno == ELOOP ? "a symbolic "
			    "link (refused to follow it)" : errno == ENOTDIR ?
			    "a file, not a folder," : strerror(errno), dir));
	}
	if (pfd != -1)
		return (pfd);
	if ((fd = beneath_mkdirs(im->rootfd, actual, 0755)) == -1)
		return (fail(im, "making %s/%s: %s", im->root, actual,
		    errno == ELOOP || errno == ENOTDIR ? "a symbolic link or "
		    "a file is in the way (refused to follow it)" :
		    strerror(errno)));
	return (fd);
}

/* Remove the folders open_folder() made, deepest first; 0 if all went. */
static int
unmake_folders(struct imp *im, struct made *made)
{
	char		 parent[FW_NAME_MAX], *slash;
	const char	*last;
	int		 pfd, bad = 0;

	while (made->n > 0) {
		strlcpy(parent, made->path[--made->n], sizeof parent);
		if ((slash = strrchr(parent, '/')) != NULL) {
			*slash = '\0';
			last = slash + 1;
			pfd = beneath_open(im->rootfd, parent, O_RDONLY |
			    O_DIRECTORY, 0);
		} else {
			last = parent;
			pfd = dup(im->rootfd);
		}
		if (pfd == -1 || (unlinkat(pfd, last, AT_REMOVEDIR) != 0 &&
		    errno != ENOENT)) {
			if (bad++ == 0)
				note(im->m, "the new folder %s/%s could not be "
				    "removed again: %s", im->root,
				    made->path[made->n], strerror(errno));
		}
		if (pfd != -1)
			close(pfd);
	}
	return (bad ? -1 : 0);
}

/* The folder of the bundle a staged file came from ("" the top). */
static size_t
src_folder(const struct staged *s)
{
	const char	*slash = strrchr(s->orig, '/');

	return (slash != NULL ? (size_t)(slash - s->orig) : 0);
}

/* Staged file i, in ROOT's folder actual, for the summary's sets. */
static void
add_set(struct imp *im, size_t i, const size_t *where, const char *actual)
{
	struct fw_manifest *m = im->m;
	const struct staged *s = &im->st[i], *o;
	struct fw_mset	*ms = NULL;
	size_t		 j, n = src_folder(s);

	for (j = 0; j < m->nsets; j++)
		if (strcmp(m->sets[j].dir, actual) == 0)
			ms = &m->sets[j];
	if (ms == NULL) {
		m->sets = xreallocarray(m->sets, m->nsets + 1,
		    sizeof *m->sets);
		ms = &m->sets[m->nsets++];
		memset(ms, 0, sizeof *ms);
		ms->kind = s->set;
		snprintf(ms->dir, sizeof ms->dir, "%s", actual);
		snprintf(ms->from, sizeof ms->from, "%.*s", (int)n, s->orig);
	}
	/* Another source folder, unless an earlier file came from it. */
	for (j = 0; j < i; j++) {
		o = &im->st[j];
		if (where[j] == where[i] && src_folder(o) == n &&
		    strncmp(o->orig, s->orig, n) == 0)
			break;
	}
	if (j == i)
		ms->nfrom++;
	ms->nfiles++;
	ms->bytes += s->size;
}

/*
 * Everything checked: rename the staged files into ROOT.  A file of ROOT
 * that one replaces (the same name, or another letter case of it) is
 * first moved aside into the staging directory; if any rename fails,
 * every move is undone, so ROOT is as it was.  Locale and background
 * folders are found or made first (no link followed, none made), and
 * the new ones removed again on failure.  Term-file copies are stored
 * only once every file is in place.
 */
static int
commit(struct imp *im)
{
	struct staged	*s;
	struct fw_mfile	*f;
	struct moved	*mv;
	struct cdir	*cd = NULL;
	struct made	 made;
	struct stat	 sb;
	char		 actual[FW_NAME_MAX];
	long long	 rs;
	size_t		 i, k, nmv = 0, nrep = 0, ncd = 0, *where;
	int		 keep, *kept, err, dfd, rc = -1;

	memset(&made, 0, sizeof made);
	mv = xreallocarray(NULL, im->nst * 3 + 1, sizeof *mv);
	kept = xreallocarray(NULL, im->nst + 1, sizeof *kept);
	where = xreallocarray(NULL, im->nst + 1, sizeof *where);
	/* The folders first: a link or a file in the way stops it here. */
	for (i = 0; i < im->nst; i++) {
		s = &im->st[i];
		where[i] = SIZE_MAX;
		if (s->dir[0] == '\0')
			continue;
		for (k = 0; k < ncd; k++)
			if (strcmp(cd[k].dir, s->dir) == 0)
				break;
		if (k == ncd) {
			cd = xreallocarray(cd, ncd + 1, sizeof *cd);
			snprintf(cd[k].dir, sizeof cd[k].dir, "%s", s->dir);
			if ((cd[k].fd = open_folder(im, s->dir, cd[k].actual,
			    sizeof cd[k].actual, &made)) == -1) {
				if (unmake_folders(im, &made) != 0) {
					im->m->root_changed = 1;
					snprintf(im->err + strlen(im->err),
					    FW_ERRBUF_SIZE - strlen(im->err),
					    "; a folder it made is left");
				} else
					snprintf(im->err + strlen(im->err),
					    FW_ERRBUF_SIZE - strlen(im->err),
					    "; nothing was moved");
				goto out;
			}
			ncd++;
		}
		where[i] = k;
	}
#define MOVE(ffd, fname, tfd, tname, who) do {				\
	snprintf(mv[nmv].from, sizeof mv[nmv].from, "%s", (fname));	\
	snprintf(mv[nmv].to, sizeof mv[nmv].to, "%s", (tname));	\
	mv[nmv].fromfd = (ffd);						\
	mv[nmv].tofd = (tfd);						\
	mv[nmv].aside = (who);						\
	if (renameat((ffd), mv[nmv].from, (tfd), mv[nmv].to) != 0)	\
		goto undo;						\
	nmv++;								\
} while (0)
	for (i = 0; i < im->nst; i++) {
		char	 bak[FW_NAME_MAX + 16];

		s = &im->st[i];
		dfd = where[i] == SIZE_MAX ? im->rootfd : cd[where[i]].fd;
		rs = root_size(im, dfd, s->dir, s->final, actual,
		    sizeof actual);
		keep = (im->opts->keep_defaults && rs >= 0 &&
		    s->dir[0] == '\0' && model_from_term_file(s->final) !=
		    NULL) || s->keep_out;
		kept[i] = keep;
		if (keep)
			continue;
		/* What is in the way goes aside ("\\" is in no entry name). */
		if (fstatat(dfd, s->final, &sb, AT_SYMLINK_NOFOLLOW) == 0) {
			if (S_ISDIR(sb.st_mode)) {
				errno = EISDIR;
				goto undo;
			}
			snprintf(bak, sizeof bak, "\\old%zu", nrep++);
			MOVE(dfd, s->final, im->stagefd, bak, (long)i);
		}
		if (rs >= 0 && strcmp(actual, s->final) != 0) {
			snprintf(bak, sizeof bak, "\\old%zu", nrep++);
			MOVE(dfd, actual, im->stagefd, bak, (long)i);
		}
		MOVE(im->stagefd, s->name, dfd, s->final, -1L);
	}
#undef MOVE
	for (i = 0; i < im->nst; i++) {
		s = &im->st[i];
		if (s->keep_out) {
			store_config(im, s, im->stagefd, s->name);
			continue;
		}
		im->m->files = xreallocarray(im->m->files, im->m->nfiles + 1,
		    sizeof *im->m->files);
		f = &im->m->files[im->m->nfiles++];
		memset(f, 0, sizeof *f);
		if (where[i] != SIZE_MAX) {
			snprintf(f->name, sizeof f->name, "%s/%s",
			    cd[where[i]].actual, s->final);
			add_set(im, i, where, cd[where[i]].actual);
		} else
			snprintf(f->name, sizeof f->name, "%s", s->final);
		f->size = s->size;
		if (kept[i]) {
			rs = root_size(im, im->rootfd, "", s->final, actual,
			    sizeof actual);
			f->kept_out = 1;
			note(im->m, "kept ROOT's %s (--keep-defaults); this "
			    "bundle's copy is stored for firmware --default",
			    actual);
		}
		if (s->dir[0] == '\0' && model_from_term_file(s->final) != NULL)
			store_term(im, s);
		else if (s->dir[0] == '\0' && name_class(s->final) == NC_CONFIG)
			store_config(im, s, im->rootfd, s->final);
	}
	for (i = 0; i < nmv; i++) {
		/* A move into staging replaced a file of another case. */
		if (mv[i].aside >= 0 && strcmp(im->st[mv[i].aside].final,
		    mv[i].from) != 0) {
			s = &im->st[mv[i].aside];
			note(im->m, "replaced %s%s%s with %s", where[mv[i].aside]
			    != SIZE_MAX ? cd[where[mv[i].aside]].actual : "",
			    where[mv[i].aside] != SIZE_MAX ? "/" : "",
			    mv[i].from, s->final);
		}
	}
	rc = 0;
	goto out;
undo:
	err = errno;
	fail(im, "moving %s%s%s into %s: %s%s; ", im->st[i].dir,
	    im->st[i].dir[0] != '\0' ? "/" : "", im->st[i].final, im->root,
	    strerror(err),
	    err == EISDIR ? " (a directory is where a bundle file goes)" :
	    "");
	rollback(im, mv, nmv);
	if (!im->m->root_changed && unmake_folders(im, &made) != 0)
		im->m->root_changed = 1;
	if (!im->m->root_changed)
		snprintf(im->err + strlen(im->err), FW_ERRBUF_SIZE -
		    strlen(im->err), "the %zu move%s made were undone", nmv,
		    nmv == 1 ? "" : "s");
	else
		snprintf(im->err + strlen(im->err), FW_ERRBUF_SIZE -
		    strlen(im->err), "undoing them failed: ROOT is changed");
out:
	for (k = 0; k < ncd; k++)
		close(cd[k].fd);
	free(cd);
	free(made.path);
	free(where);
	free(mv);
	free(kept);
	return (rc);
}

static void
remove_staging(int rootfd, const char *name)
{
	struct dirent	*de;
	DIR		*d;
	int		 fd;

	if ((fd = openat(rootfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			(void)unlinkat(fd, de->d_name, 0);
	}
	closedir(d);
	(void)unlinkat(rootfd, name, AT_REMOVEDIR);
}

/* Staging directories of imports whose process is gone. */
static void
clean_stale(int rootfd)
{
	struct dirent	*de;
	DIR		*d;
	long		 pid;
	int		 fd;

	if ((fd = dup(rootfd)) == -1)
		return;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, FW_STAGING_PREFIX,
		    sizeof FW_STAGING_PREFIX - 1) != 0)
			continue;
		pid = strtol(de->d_name + sizeof FW_STAGING_PREFIX - 1, NULL,
		    10);
		if (pid > 0 && (pid == (long)getpid() ||
		    (kill((pid_t)pid, 0) == -1 && errno == ESRCH)))
			remove_staging(rootfd, de->d_name);
	}
	closedir(d);
}

/* A COP bundle's signed header: checked whole; the tar starts after it. */
static int
source_signed(struct imp *im, const char *path, const uint8_t *head, size_t n,
    uint64_t size)
{
	struct fw_manifest *m = im->m;
	struct sgn_header sh;
	char		 why[FW_ERRBUF_SIZE], shown[128];
	const char	*b;

	if (sgn_parse(head, n, &sh, why, sizeof why) != 0)
		return (fail(im, "%s", why));
	if (sgn_check_file(head, n, size, why, sizeof why) != 0)
		return (fail(im, "refused: a damaged signed file: %s", why));
	im->base = (off_t)sh.hdr_len;
	snprintf(m->kind, sizeof m->kind, "cop.sgn");
	if (sh.has_filename) {
		b = strrchr(path, '/');
		b = b != NULL ? b + 1 : path;
		util_sanitise(shown, sizeof shown, sh.filename,
		    strlen(sh.filename));
		if (strcasecmp(b, sh.filename) != 0)
			note(m, "warning: %s carries the embedded name %s", b,
			    shown);
	}
	return (0);
}

/*
 * A bundle file: opened without blocking (a FIFO or a device is no
 * bundle), hashed, looked up in the known-bundle table, its kind told
 * from its first bytes, positioned past any signed header.  0, or -1.
 */
static int
open_source(struct imp *im, const char *path, struct stat *sb)
{
	struct fw_manifest *m = im->m;
	uint8_t		 head[SGN_MAX_LEN];
	ssize_t		 n;
	size_t		 plen;
	int		 r;

	if ((im->srcfd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return (fail(im, "%s", strerror(errno)));
	if (fstat(im->srcfd, sb) != 0 || !S_ISREG(sb->st_mode))
		return (fail(im, "not a regular file (a FIFO, device or "
		    "socket is no bundle)"));
	(void)fcntl(im->srcfd, F_SETFL, 0);
	if (fw_hash_fd(im->srcfd, &m->digest) != 0)
		return (fail(im, "%s", strerror(errno)));
	m->have_digest = 1;
	r = fw_known_lookup(im->opts->known_path, path, &m->digest, &m->kn,
	    im->err, FW_ERRBUF_SIZE);
	if (r < 0) {
		note(m, "known-bundle table not read: %s", im->err);
		im->err[0] = '\0';
	} else
		m->known = r;
	if ((n = pread(im->srcfd, head, sizeof head, 0)) < 0)
		return (fail(im, "%s", strerror(errno)));
	if (sgn_looks_signed(head, (size_t)n)) {
		if (source_signed(im, path, head, (size_t)n,
		    (uint64_t)sb->st_size) != 0)
			return (-1);
	} else {
		plen = strlen(path);
		snprintf(m->kind, sizeof m->kind, "%s",
		    n >= 4 && head[0] == 'P' && head[1] == 'K' ? "zip" :
		    n >= 2 && head[0] == 0x1f && head[1] == 0x8b ?
		    "tar.gz" : plen > 4 &&
		    strcasecmp(path + plen - 4, ".tar") == 0 ? "tar" :
		    "archive");
	}
	if (lseek(im->srcfd, im->base, SEEK_SET) == -1)
		return (fail(im, "%s", strerror(errno)));
	return (0);
}

/*
 * Pass 1 reads only the headers: a hostile entry anywhere refuses the
 * archive before a byte is written.  Pass 2 extracts into the staging
 * directory, with the caps enforced again on the bytes that really come
 * out; then the bundle is checked and committed.  0, or -1.
 */
static int
import_passes(struct imp *im, const char *path, int isdir)
{
	uint8_t		 head[2];
	int		 r;

	im->dry = 1;
	r = isdir ? read_directory(im, path) : read_archive(im, path);
	im->nst = 0;
	im->dry = 0;
	im->declared = 0;
	im->nent = 0;
	im->nflat = im->nfolderfiles = 0;
	if (r != 0)
		return (-1);
	/* A gzip'd tar or a COP: the gzip CRC that libarchive skips. */
	if (!isdir && pread(im->srcfd, head, 2, im->base) == 2 &&
	    head[0] == 0x1f && head[1] == 0x8b && verify_gzip(im) != 0)
		return (-1);
	if (!isdir && lseek(im->srcfd, im->base, SEEK_SET) == -1)
		return (fail(im, "%s", strerror(errno)));
	if (mkdirat(im->rootfd, im->stagename, 0700) != 0 ||
	    (im->stagefd = openat(im->rootfd, im->stagename, O_RDONLY |
	    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		fail(im, "%s/%s: %s", im->root, im->stagename,
		    strerror(errno));
		im->stagename[0] = '\0';
		return (-1);
	}
	r = isdir ? read_directory(im, path) : read_archive(im, path);
	if (r != 0 || check_bundle(im) != 0)
		return (-1);
	if (stopped(im)) {
		interrupted(im);
		return (-1);
	}
	return (commit(im));
}

/* Hash, open (past a signed header), stage, check, commit or roll back. */
int
fw_import_archive(const char *path, const char *root,
    const struct fw_import_opts *opts, struct fw_manifest *m,
    char errbuf[FW_ERRBUF_SIZE])
{
	static const struct fw_import_opts defopts;
	struct imp	 im;
	struct stat	 sb;
	size_t		 i;
	int		 rc = -1;

	memset(m, 0, sizeof *m);
	memset(&im, 0, sizeof im);
	errbuf[0] = '\0';
	im.opts = opts != NULL ? opts : &defopts;
	im.m = m;
	im.err = errbuf;
	im.root = root;
	im.srcname = path;
	im.fd = im.srcfd = im.rootfd = im.stagefd = -1;
	im.max_entry = im.opts->max_entry ? im.opts->max_entry :
	    FW_MAX_ENTRY_BYTES;
	im.max_total = im.opts->max_total ? im.opts->max_total :
	    FW_MAX_TOTAL_BYTES;
	if (stat(path, &sb) != 0)
		return (fail(&im, "%s", strerror(errno)));
	if ((im.rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return (fail(&im, "%s: %s", root, strerror(errno)));
	if (!S_ISDIR(sb.st_mode)) {
		if (open_source(&im, path, &sb) != 0)
			goto out;
	} else
		snprintf(m->kind, sizeof m->kind, "directory");

	/* Before libarchive, which reads a cut zip without a word. */
	if (strcmp(m->kind, "zip") == 0 &&
	    check_zip_end(&im, (uint64_t)sb.st_size) != 0)
		goto out;
	clean_stale(im.rootfd);
	snprintf(im.stagename, sizeof im.stagename, "%s%ld", FW_STAGING_PREFIX,
	    (long)getpid());
	if (import_passes(&im, path, S_ISDIR(sb.st_mode)) != 0)
		goto out;
	rc = 0;
out:
	if (m->notes_left_out > 0) {
		note_grow(m);
		snprintf(m->notes[m->nnotes++], sizeof m->notes[0], "(and %zu "
		    "more notes like these, not listed)", m->notes_left_out);
	}
	entry_abort(&im);
	if (im.stagefd != -1)
		close(im.stagefd);
	if (im.stagename[0] != '\0')
		remove_staging(im.rootfd, im.stagename);
	for (i = 0; i < im.nst; i++)
		free(im.st[i].text);
	free(im.st);
	if (im.srcfd != -1)
		close(im.srcfd);
	close(im.rootfd);
	return (rc);
}

void
fw_manifest_free(struct fw_manifest *m)
{
	free(m->files);
	free(m->serves);
	free(m->sets);
	free(m->notes);
	memset(m, 0, sizeof *m);
}
