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
	char		 final[FW_NAME_MAX];	/* name in ROOT */
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
	uint8_t		 rbuf[65536];
};

static void	 note(struct fw_manifest *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
static int	 fail(struct imp *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
static int	 wanted(const char *, const char **);
static int	 entry_begin(struct imp *, const char *, int, int64_t, int);
static int	 entry_data(struct imp *, const void *, size_t);
static int	 entry_end(struct imp *);
static void	 entry_abort(struct imp *);
static int	 read_archive(struct imp *, const char *);
static int	 read_directory(struct imp *, const char *);
static int	 name_cmp(const struct dirent **, const struct dirent **);
static int	 check_bundle(struct imp *);
static int	 commit(struct imp *);
static void	 remove_staging(int, const char *);
static void	 clean_stale(int);
static struct staged *find_staged(struct imp *, const char *);
static struct staged *find_comp(struct imp *, const char *);
static int	 is_text_name(const char *);
static void	 add_serve(struct fw_manifest *, const char *, const char *,
		     const char *);
static void	 term_ident(struct imp *, struct staged *, char *, size_t);
static void	 store_term(struct imp *, struct staged *);
static long long root_size(struct imp *, const char *, char *, size_t);

enum { ENT_FILE, ENT_DIR, ENT_SYMLINK, ENT_HARDLINK, ENT_DEVICE };

static void
note(struct fw_manifest *m, const char *fmt, ...)
{
	va_list	 ap;

	m->notes = xreallocarray(m->notes, m->nnotes + 1, sizeof *m->notes);
	va_start(ap, fmt);
	vsnprintf(m->notes[m->nnotes++], sizeof m->notes[0], fmt, ap);
	va_end(ap);
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
	size_t	 n = strlen(s), k = strlen(suffix);

	return (n > k && strcasecmp(s + n - k, suffix) == 0);
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
	    "-dictionary.utf-8.xml", "-dictionary-ext.utf-8.xml", ".jar",
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

/* Reasons a directory walk reports once per folder. */
static const char why_locale[] = "a locale file: phones ask for it as "
    "LOCALE/NAME and import writes ROOT flat (copy the locale folder into "
    "ROOT as it is)";
static const char why_background[] = "a background image: phones ask for "
    "it as Desktops/WxHxD/NAME and import writes ROOT flat (copy that "
    "folder into ROOT as it is)";

/* Should this file go to ROOT?  1 yes; 0 skip, with the reason. */
static int
wanted(const char *path, const char **why)
{
	const char	*base = strrchr(path, '/'), *p, *q;
	size_t		 n;
	int		 nc;

	base = base != NULL ? base + 1 : path;
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
	/* Desktops/<WxHxD>/...: phones ask for the folder path. */
	for (p = path; p < base; p = q + 1) {
		q = strchr(p, '/');
		if (is_size_dir(p, (size_t)(q - p)) ||
		    ((size_t)(q - p) == 8 && strncasecmp(p, "Desktops", 8) ==
		    0)) {
			*why = why_background;
			return (0);
		}
	}
	switch (nc) {
	case NC_NONE:
		*why = ends_with(base, ".cop.sgn") ? "a bundle of its own "
		    "(import it on its own)" : "not a file a phone asks for "
		    "(firmware, .loads, configs, ring lists, dial plans, "
		    "locales)";
		return (0);
	case NC_LOCALE:
		if (base != path) {
			*why = why_locale;
			return (0);
		}
		break;
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
 * The staged file of exactly that name.  Names equal but for letter case
 * are different files (a real root ships RINGLIST.XML and RingList.xml
 * side by side); check_bundle() merges identical ones.
 */
static struct staged *
find_staged(struct imp *im, const char *name)
{
	size_t	 i;

	for (i = 0; i < im->nst; i++) {
		if (strcmp(im->st[i].final, name) == 0)
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
		if (strcmp(im->st[i].final, name) == 0)
			return (&im->st[i]);
		if (c == NULL && strcasecmp(im->st[i].final, name) == 0)
			c = &im->st[i];
	}
	return (c);
}

/* Check an entry and open its staging file; 1 to read it, 0 skip, -1 fail. */
static int
entry_begin(struct imp *im, const char *path, int type, int64_t size,
    int size_known)
{
	char		 shown[256];
	const char	*why, *base;
	struct staged	*s;

	util_sanitise(shown, sizeof shown, path, strlen(path));
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
		break;
	}
	if (!wanted(path, &why)) {
		if (!im->dry)
			note(im->m, "skipped %s: %s", shown, why);
		return (0);
	}
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	if (strchr(base, '\\') != NULL || strlen(base) >= FW_NAME_MAX)
		return (fail(im, "refused: entry %s: unusable file name",
		    shown));
	if (size_known && size >= 0 && (uint64_t)size > im->max_entry)
		return (fail(im, "refused: entry %s is %lld bytes, over the "
		    "%llu-byte cap for one file", shown, (long long)size,
		    (unsigned long long)im->max_entry));
	if (find_staged(im, base) != NULL)
		return (fail(im, "refused: two entries named %s (letter case "
		    "aside)", base));
	if (size_known && size >= 0) {
		im->declared += (uint64_t)size;
		if (im->declared > im->max_total)
			return (fail(im, "refused: the entries add up to more "
			    "than the %llu-byte cap for a whole bundle",
			    (unsigned long long)im->max_total));
	}
	if (im->nst >= FW_MAX_FILES)
		return (fail(im, "refused: more than %d firmware files in one "
		    "bundle", FW_MAX_FILES));
	if (base != path && !im->dry)
		note(im->m, "flattened %s to %s", shown, base);
	if (im->nst == im->stcap) {
		/* Doubling: one entry at a time was quadratic in copying. */
		im->stcap = im->stcap != 0 ? im->stcap * 2 : 4;
		im->st = xreallocarray(im->st, im->stcap, sizeof *im->st);
	}
	s = &im->st[im->nst++];
	memset(s, 0, sizeof *s);
	snprintf(s->name, sizeof s->name, "%s", base);
	snprintf(s->final, sizeof s->final, "%s", base);
	snprintf(s->orig, sizeof s->orig, "%s", shown);
	if (im->dry)
		return (0);
	if ((im->fd = openat(im->stagefd, s->name, O_WRONLY | O_CREAT |
	    O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)) == -1) {
		im->nst--;
		return (fail(im, "%s/%s/%s: %s", im->root, im->stagename,
		    base, strerror(errno)));
	}
	im->cur = s;
	im->textcap = 0;
	fw_hash_init(&im->h, 0);
	return (1);
}

/* Append to the staged file under both caps; keep the head and small text. */
static int
entry_data(struct imp *im, const void *p, size_t n)
{
	struct staged	*s = im->cur;
	const uint8_t	*b = p;
	size_t		 k, off;
	ssize_t		 w;

	if (im->opts->stop != NULL && *im->opts->stop)
		return (fail(im, "interrupted"));
	if (n == 0)
		return (0);
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
	if (is_text_name(s->name) && s->textlen + n <= LOADS_MAX_BYTES) {
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

/* Close the staged file and keep its MD5. */
static int
entry_end(struct imp *im)
{
	struct fw_digest d;

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

	(void)a;
	do {
		n = read(im->srcfd, im->rbuf, sizeof im->rbuf);
	} while (n == -1 && errno == EINTR);
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

/* Every entry of an archive through entry_begin/data/end. */
static int
read_archive(struct imp *im, const char *path)
{
	struct archive		*a;
	struct archive_entry	*e;
	const void		*buf;
	size_t			 len;
	la_int64_t		 off;
	const char		*name;
	int			 r, type, rc = -1, nent = 0;
	mode_t			 ft;

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
		fail(im, "not a bundle libarchive can read: %s",
		    archive_error_string(a));
		goto out;
	}
	for (;;) {
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			fail(im, "broken archive after %d entries: %s",
			    nent, archive_error_string(a));
			goto out;
		}
		nent++;
		name = archive_entry_pathname(e);
		ft = archive_entry_filetype(e);
		if (archive_entry_hardlink(e) != NULL)
			type = ENT_HARDLINK;
		else if (ft == AE_IFLNK || archive_entry_symlink(e) != NULL)
			type = ENT_SYMLINK;
		else if (ft == AE_IFDIR)
			type = ENT_DIR;
		else if (ft == AE_IFREG)
			type = ENT_FILE;
		else
			type = ENT_DEVICE;
		r = entry_begin(im, name != NULL ? name : "", type,
		    archive_entry_size(e), archive_entry_size_is_set(e));
		if (r < 0)
			goto out;
		if (r == 0) {
			archive_read_data_skip(a);
			continue;
		}
		for (;;) {
			r = archive_read_data_block(a, &buf, &len, &off);
			if (r == ARCHIVE_EOF)
				break;
			if (r < ARCHIVE_WARN) {
				fail(im, "broken archive in entry %s: %s",
				    im->cur->orig, archive_error_string(a));
				entry_abort(im);
				goto out;
			}
			if ((uint64_t)off != im->cur->size) {
				/* Sparse hole: zeros, through the same caps. */
				static const uint8_t zero[4096];
				uint64_t gap = (uint64_t)off - im->cur->size;

				while (gap > 0) {
					size_t k = gap > sizeof zero ?
					    sizeof zero : (size_t)gap;
					if (entry_data(im, zero, k) != 0) {
						entry_abort(im);
						goto out;
					}
					gap -= k;
				}
			}
			if (entry_data(im, buf, len) != 0) {
				entry_abort(im);
				goto out;
			}
		}
		if (entry_end(im) != 0)
			goto out;
	}
	rc = 0;
out:
	archive_read_free(a);
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
 * import.  Every file is flattened, as from an archive; a file with the
 * same bytes as one already taken under the same name in any letter case
 * (RINGLIST.XML, RingList.xml, ringlist.xml) is one file.
 */
struct walk_file {
	char		 base[FW_NAME_MAX];
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
	size_t		 nfolder;	/* locale/background files of this folder */
	const char	*folder_why;
};

static int	 walk_dir(struct imp *, struct walk *, const char *,
		     const char *, int);
static int	 walk_file(struct imp *, struct walk *, const char *,
		     const char *, const struct stat *);
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
	char		 buf[65536], shown[256], prev[256];
	ssize_t		 n = 0;
	size_t		 i;
	int		 fd, r;

	base = strrchr(rel, '/');
	base = base != NULL ? base + 1 : rel;
	util_sanitise(shown, sizeof shown, rel, strlen(rel));
	if (!wanted(rel, &why) && (why == why_locale ||
	    why == why_background) && fw_import_check_name(rel) == NULL) {
		/* Said once for the folder (a tree has thousands). */
		w->nfolder++;
		w->folder_why = why;
		return (0);
	}
	if (wanted(rel, &why) && fw_import_check_name(rel) == NULL) {
		for (i = 0; i < w->nf; i++) {
			f = &w->f[i];
			if (strcasecmp(f->base, base) != 0)
				continue;
			util_sanitise(prev, sizeof prev, f->rel,
			    strlen(f->rel));
			if ((f->dev == sb->st_dev && f->ino == sb->st_ino) ||
			    (f->size == sb->st_size &&
			    same_bytes(f->path, real))) {
				if (!im->dry)
					note(im->m, "skipped %s: the same bytes "
					    "as %s (one copy serves every "
					    "spelling: TFTP matches names in "
					    "any letter case)", shown, prev);
				return (0);
			}
			if (strcmp(f->base, base) == 0)
				return (fail(im, "refused: %s and %s are "
				    "different files with one name; ROOT is "
				    "flat: import those folders one at a time",
				    prev, shown));
		}
		w->f = xreallocarray(w->f, w->nf + 1, sizeof *w->f);
		f = &w->f[w->nf++];
		snprintf(f->base, sizeof f->base, "%s", base);
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
	struct dirent	**list = NULL, *de;
	struct stat	 sb, rsb;
	char		 full[2 * PATH_MAX + 2], real[PATH_MAX], sub[256];
	char		 shown[256], subloc[PATH_MAX];
	size_t		 i, nfolder;
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
	if (fstat(im->rootfd, &rsb) == 0 && rsb.st_dev == sb.st_dev &&
	    rsb.st_ino == sb.st_ino) {
		close(dfd);
		if (rel[0] == '\0')
			return (fail(im, "refused: the directory given is the "
			    "TFTP root itself"));
		util_sanitise(shown, sizeof shown, rel, strlen(rel));
		if (!im->dry)
			note(im->m, "skipped %s/: the TFTP root itself", shown);
		return (0);
	}
	for (i = 0; i < w->nd; i++) {
		if (w->d[i].dev == sb.st_dev && w->d[i].ino == sb.st_ino) {
			util_sanitise(shown, sizeof shown, rel, strlen(rel));
			if (!im->dry)
				note(im->m, "skipped %s/: the same folder as "
				    "%s/ (a symbolic link)", shown,
				    w->d[i].rel[0] ? w->d[i].rel : ".");
			close(dfd);
			return (0);
		}
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
		de = list[j];
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if ((size_t)snprintf(sub, sizeof sub, "%s%s%s", rel,
		    rel[0] ? "/" : "", de->d_name) >= sizeof sub) {
			fail(im, "refused: %s/%s: path too long", rel,
			    de->d_name);
			goto out;
		}
		util_sanitise(shown, sizeof shown, sub, strlen(sub));
		if (fstatat(dfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
			fail(im, "%s: %s", shown, strerror(errno));
			goto out;
		}
		if ((size_t)snprintf(subloc, sizeof subloc, "%s%s%s", loc,
		    loc[0] ? "/" : "", de->d_name) >= sizeof subloc ||
		    (size_t)snprintf(full, sizeof full, "%s/%s", w->top,
		    subloc) >= PATH_MAX) {
			fail(im, "refused: %s: path too long", shown);
			goto out;
		}
		if (S_ISLNK(sb.st_mode)) {
			/* Follow it only while it stays inside the tree. */
			if (realpath(full, real) == NULL) {
				if (!im->dry)
					note(im->m, "skipped %s: a symbolic "
					    "link to nothing", shown);
				continue;
			}
			if (strncmp(real, w->top, w->toplen) != 0 ||
			    (real[w->toplen] != '/' &&
			    real[w->toplen] != '\0')) {
				fail(im, "refused: %s is a symbolic link out "
				    "of the directory given (to %s)", shown,
				    real);
				goto out;
			}
			if (stat(real, &sb) != 0) {
				fail(im, "%s: %s", shown, strerror(errno));
				goto out;
			}
		} else
			strlcpy(real, full, sizeof real);
		if (S_ISDIR(sb.st_mode)) {
			if (de->d_name[0] == '.' ||
			    strcmp(de->d_name, "__MACOSX") == 0) {
				if (!im->dry)
					note(im->m, "skipped %s/: %s", shown,
					    de->d_name[0] == '.' ?
					    "hidden folder" :
					    "macOS resource forks");
				continue;
			}
			if (depth >= 16) {
				fail(im, "refused: %s: folders nested more "
				    "than 16 deep", shown);
				goto out;
			}
			/* A followed link: its target, under the link's name. */
			if (strcmp(real, full) != 0)
				snprintf(subloc, sizeof subloc, "%s",
				    real[w->toplen] == '/' ?
				    real + w->toplen + 1 : "");
			if (walk_dir(im, w, sub, subloc, depth + 1) != 0)
				goto out;
			continue;
		}
		if (!S_ISREG(sb.st_mode)) {
			if (entry_begin(im, sub, ENT_DEVICE, 0, 1) < 0)
				goto out;
			continue;
		}
		if (walk_file(im, w, sub, real, &sb) < 0)
			goto out;
	}
	if (w->nfolder > 0 && !im->dry) {
		util_sanitise(shown, sizeof shown, rel, strlen(rel));
		note(im->m, "skipped %zu %s in %s/: phones ask for %s by "
		    "folder (%s) and import writes ROOT flat: copy that "
		    "folder into ROOT as it is", w->nfolder,
		    w->folder_why == why_locale ? "locale files" :
		    "background files", shown, w->nfolder == 1 ? "it" :
		    "them", w->folder_why == why_locale ? "LOCALE/NAME" :
		    "Desktops/WxHxD/NAME");
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
 * Does ROOT already hold name (the exact name first, else any letter
 * case)?  Its size, or -1.  A ROOT file that another file of this bundle
 * goes to under its exact name is that file's, not this one's: two
 * spellings kept side by side do not replace each other.
 */
static long long
root_size(struct imp *im, const char *name, char *actual, size_t alen)
{
	struct stat	 sb;
	struct dirent	*de;
	DIR		*d;
	long long	 r = -1;
	size_t		 i;
	int		 fd;

	if (fstatat(im->rootfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(sb.st_mode)) {
		strlcpy(actual, name, alen);
		return ((long long)sb.st_size);
	}
	if ((fd = dup(im->rootfd)) == -1 || (d = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		return (-1);
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strcasecmp(de->d_name, name) != 0)
			continue;
		for (i = 0; i < im->nst; i++)
			if (strcmp(im->st[i].final, de->d_name) == 0)
				break;
		if (i < im->nst)
			continue;
		if (fstatat(im->rootfd, de->d_name, &sb,
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
 * Every .loads parsed, every component present; models identified; every
 * other file kept only when a phone asks for it, and said what it is for.
 */
static int
check_bundle(struct imp *im)
{
	struct fw_manifest *m = im->m;
	struct fw_catalog *cat = NULL;
	struct sgn_header sh;
	struct loads	 l, *ld;
	struct staged	*s, *c;
	const struct model *ms[32], *mm;
	const char	*what;
	char		 why[160], lname[FW_NAME_MAX], actual[FW_NAME_MAX];
	char		 missing[FW_ERRBUF_SIZE], hex[33], hex2[33], kind[160];
	uint8_t		 emb[16];
	size_t		 i, j, k, nm, nmissing = 0, nloads = 0, nusable = 0;
	size_t		 nimages = 0, nbad = 0;
	long long	 rs;
	unsigned	 dt;
	int		 nc, rc = -1;

	missing[0] = '\0';
	if (im->nst == 0)
		return (fail(im, "nothing a phone can use: %s", m->nnotes > 0 ?
		    "every file was skipped (listed below)" : "no file at all"));
	/* The embedded name of every signed file. */
	for (i = 0; i < im->nst; i++) {
		s = &im->st[i];
		if (!sgn_looks_signed(s->head, s->headlen) ||
		    sgn_parse(s->head, s->headlen, &sh, why, sizeof why) != 0 ||
		    !sh.has_filename)
			continue;
		util_sanitise(actual, sizeof actual, sh.filename,
		    strlen(sh.filename));
		if (strcasecmp(sh.filename, s->final) != 0)
			note(m, "warning: %s carries the embedded name %s; "
			    "phones may reject a renamed signed file",
			    s->final, actual);
		else if (strcmp(sh.filename, s->final) != 0 &&
		    find_staged(im, sh.filename) == NULL) {
			note(m, "renamed %s to %s, the name signed into it",
			    s->final, actual);
			snprintf(s->final, sizeof s->final, "%s", sh.filename);
		}
	}
	/* One file under several spellings: identical bytes are one file. */
	for (i = 0; i < im->nst; i++) {
		for (j = i + 1; j < im->nst; ) {
			s = &im->st[i];
			c = &im->st[j];
			if (strcasecmp(s->final, c->final) != 0) {
				j++;
				continue;
			}
			if (staged_same(im, s, c)) {
				note(m, "skipped %s: the same bytes as %s (one "
				    "copy serves every spelling: TFTP matches "
				    "names in any letter case)", c->orig,
				    s->orig);
				drop_staged(im, j);
				continue;
			}
			note(m, "warning: %s and %s differ, and their names "
			    "only in letter case: both kept; a request that "
			    "spells one exactly gets that one", s->final,
			    c->final);
			j++;
		}
	}
	for (i = 0; i < im->nst; i++) {
		s = &im->st[i];
		if (!loads_is_loads_file(s->final))
			continue;
		s->listed = 1;
		if (s->text == NULL) {
			note(m, "warning: skipped %s: not a usable .loads file: "
			    "too large", s->orig);
			s->listed = -1;
			continue;
		}
		switch (loads_kind(s->text, s->textlen, kind, sizeof kind)) {
		case LOADS_KIND_79XX:
			break;
		case LOADS_KIND_BROKEN:
			note(m, "warning: skipped %s: %s", s->orig, kind);
			s->listed = -1;
			continue;
		default:
			note(m, "%s: %s; kept as a plain file (a phone of "
			    "that kind may ask for it), phonerescue recovers "
			    "nothing from it", s->final, kind);
			continue;
		}
		nloads++;
		ld = &l;
		if (loads_parse(s->text, s->textlen, ld, why, sizeof why) != 0)
			continue;	/* loads_kind() said it parses */
		/* Which models this load serves. */
		if (model_from_term_file(s->final) != NULL)
			term_ident(im, s, lname, sizeof lname);
		else
			loads_name_from_file(s->final, lname, sizeof lname);
		if (model_from_term_file(s->final) != NULL) {
			ms[0] = model_from_term_file(s->final);
			nm = 1;
		} else
			nm = model_from_load_name(lname, ms, 32);
		for (j = 0; j < ld->nnotes; j++)
			note(m, "warning: %s: %s", s->final, ld->notes[j]);
		for (j = 0; j < ld->ncomp; j++) {
			const struct loads_comp *lc = &ld->comp[j];

			if ((c = find_comp(im, lc->name)) != NULL) {
				c->listed = 1;
				if (nm > 0)
					c->usable = 1;
				if (c->size == 0) {
					snprintf(missing + strlen(missing),
					    sizeof missing - strlen(missing),
					    "%s%s (empty)", nmissing++ ? ", " :
					    "", lc->name);
					continue;
				}
				if (strcmp(c->final, lc->name) != 0 &&
				    find_staged(im, lc->name) == NULL) {
					note(m, "renamed %s to %s, as %s "
					    "spells it", c->final, lc->name,
					    s->final);
					snprintf(c->final, sizeof c->final,
					    "%s", lc->name);
				}
				if (lc->has_size && lc->size != c->size) {
					fail(im, "%s: %s has %llu bytes, %s "
					    "lists %llu", s->final, lc->name,
					    (unsigned long long)c->size,
					    s->final,
					    (unsigned long long)lc->size);
					goto out;
				}
				/*
				 * 792x: the MD5 listed is the one the .SBN
				 * carries after its signed header, not the
				 * digest of the file; either matches.
				 */
				if (lc->has_md5 && memcmp(lc->md5, c->md5,
				    16) != 0 && (loads_sbn_md5(c->head,
				    c->headlen, emb) != 0 ||
				    memcmp(lc->md5, emb, 16) != 0)) {
					fw_hash_hex(c->md5, 16, hex);
					fw_hash_hex(lc->md5, 16, hex2);
					if (loads_sbn_md5(c->head, c->headlen,
					    emb) == 0) {
						fw_hash_hex(emb, 16, hex);
						fail(im, "%s: %s carries MD5 "
						    "%s after its signed "
						    "header, %s lists %s",
						    s->final, lc->name, hex,
						    s->final, hex2);
					} else
						fail(im, "%s: %s has MD5 %s, "
						    "%s lists %s", s->final,
						    lc->name, hex, s->final,
						    hex2);
					goto out;
				}
				continue;
			}
			rs = root_size(im, lc->name, actual, sizeof actual);
			if (rs > 0) {
				note(m, "%s: %s is already in ROOT", s->final,
				    actual);
				continue;
			}
			if (lc->extra) {
				note(m, "%s: the extra component %s (a \"#+\" "
				    "line, which older phones skip) is not "
				    "here", s->final, lc->name);
				continue;
			}
			snprintf(missing + strlen(missing), sizeof missing -
			    strlen(missing), "%s%s%s", nmissing++ ? ", " : "",
			    lc->name, rs == 0 ? " (empty)" : "");
		}
		if (nm == 0) {
			/* A load of a model outside the table. */
			what = model_foreign_firmware(s->final);
			note(m, "%s: %s: phonerescue does not recover that "
			    "model (its %zu files go to ROOT as they are, for "
			    "a phone that asks for them)", s->final,
			    what != NULL ? what : "a load for no model "
			    "phonerescue knows", ld->ncomp);
			if (nmissing > 0)
				note(m, "warning: %s is incomplete: %s",
				    s->final, missing);
		} else {
			s->usable = 1;
			/* Every incomplete load named, not the first only. */
			if (nmissing > 0 && !im->opts->allow_incomplete) {
				if (nbad++ == 0)
					fail(im, "%s lists files that are "
					    "missing or empty: %s", s->final,
					    missing);
				note(m, "%s lists files that are missing or "
				    "empty: %s", s->final, missing);
			} else if (nmissing > 0)
				note(m, "warning: %s is incomplete: %s",
				    s->final, missing);
		}
		missing[0] = '\0';
		nmissing = 0;
		for (k = 0; k < nm && k < 32; k++)
			add_serve(m, ms[k]->name, lname,
			    model_from_term_file(s->final) != NULL ?
			    s->final : "");
	}
	if (nbad > 0) {
		if (nbad > 1)
			fail(im, "%zu loads list files that are missing or "
			    "empty (each is named below)", nbad);
		goto out;
	}
	/* load<NNN>.txt: devtype -> load, as in COP files. */
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
				note(m, "%s: devtype %u (%s) gets %s", s->final,
				    dt, model_at(k)->name, lname);
				s->usable = 1;
			}
		}
	}
	/* What no .loads lists: kept only when a phone asks for it. */
	for (i = 0; i < im->nst; i++) {
		s = &im->st[i];
		if (s->listed != 0)
			continue;
		nc = name_class(s->final);
		if (nc == NC_CONFIG || nc == NC_DIALPLAN ||
		    strcasecmp(s->final, "RingList.xml") == 0 ||
		    strcasecmp(s->final, "DistinctiveRingList.xml") == 0) {
			if (root_size(im, s->final, actual, sizeof actual) >= 0) {
				note(m, "kept ROOT's own %s (this bundle's %s is "
				    "not imported)", actual, s->orig);
				s->listed = -1;
				continue;
			}
			s->listed = s->usable = 1;
			continue;
		}
		if (nc == NC_RING || nc == NC_LOCALE) {
			s->listed = s->usable = 1;
			continue;
		}
		nimages++;
		if ((what = model_foreign_firmware(s->final)) != NULL) {
			note(m, "%s: %s: phonerescue does not recover that "
			    "model (the file goes to ROOT as it is, for a "
			    "phone that asks for it)", s->final, what);
			s->listed = 1;
		} else if ((mm = model_from_image_file(s->final)) != NULL) {
			note(m, "%s: the %s firmware image (one file, no "
			    ".loads): phonerescue serves no load to the %s; "
			    "one fetches it when its profile names it",
			    s->final, mm->name, mm->name);
			s->listed = 1;
		} else if (loads_name_from_file(s->final, lname, sizeof lname),
		    (why[0] = '\0', lname[strcspn(lname, ".")] = '\0',
		    model_from_load_name(lname, ms, 32)) > 0 &&
		    strcmp(ms[0]->family, "legacy") == 0) {
			note(m, "%s: an image for the %s that no .loads names "
			    "(phones with old loads ask for it through "
			    "OS79XX.TXT)", s->final, ms[0]->name);
			s->listed = 1;
		} else if (root_lists(im, &cat, s->final)) {
			s->listed = s->usable = 1;
		} else {
			note(m, "skipped %s: no .loads lists it and no phone "
			    "asks for it by that name", s->orig);
			s->listed = -1;
		}
	}
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

/* Copy a staged term file into the store for its load. */
static void
store_term(struct imp *im, struct staged *t)
{
	char		 ident[FW_NAME_MAX], dir[FW_NAME_MAX * 2 + 32];
	size_t		 off;
	ssize_t		 w;
	int		 fd;

	if (t->text == NULL)
		return;
	term_ident(im, t, ident, sizeof ident);
	(void)mkdirat(im->rootfd, FW_STATE_DIR, 0755);
	(void)mkdirat(im->rootfd, FW_TERMS_DIR, 0755);
	snprintf(dir, sizeof dir, "%s/%s", FW_TERMS_DIR, ident);
	(void)mkdirat(im->rootfd, dir, 0755);
	snprintf(dir, sizeof dir, "%s/%s/%s", FW_TERMS_DIR, ident, t->final);
	if ((fd = openat(im->rootfd, dir, O_WRONLY | O_CREAT | O_TRUNC |
	    O_NOFOLLOW | O_CLOEXEC, 0644)) == -1) {
		note(im->m, "warning: cannot keep a copy of %s: %s", t->final,
		    strerror(errno));
		return;
	}
	for (off = 0; off < t->textlen; off += (size_t)w) {
		if ((w = write(fd, t->text + off, t->textlen - off)) <= 0)
			break;
	}
	close(fd);
}

/* Everything checked: rename the staged files into ROOT. */
static int
commit(struct imp *im)
{
	struct staged	*s;
	struct fw_mfile	*f;
	char		 actual[FW_NAME_MAX];
	long long	 rs;
	size_t		 i;
	int		 keep;

	for (i = 0; i < im->nst; i++) {
		s = &im->st[i];
		if (model_from_term_file(s->final) != NULL)
			store_term(im, s);
	}
	for (i = 0; i < im->nst; i++) {
		s = &im->st[i];
		rs = root_size(im, s->final, actual, sizeof actual);
		keep = im->opts->keep_defaults && rs >= 0 &&
		    model_from_term_file(s->final) != NULL;
		im->m->files = xreallocarray(im->m->files, im->m->nfiles + 1,
		    sizeof *im->m->files);
		f = &im->m->files[im->m->nfiles++];
		memset(f, 0, sizeof *f);
		snprintf(f->name, sizeof f->name, "%s", s->final);
		f->size = s->size;
		if (keep) {
			f->kept_out = 1;
			note(im->m, "kept ROOT's %s (--keep-defaults); this "
			    "bundle's copy is stored for firmware --default",
			    actual);
			continue;
		}
		if (renameat(im->stagefd, s->name, im->rootfd, s->final) != 0)
			return (fail(im, "moving %s into %s: %s", s->final,
			    im->root, strerror(errno)));
		if (rs >= 0 && strcmp(actual, s->final) != 0) {
			(void)unlinkat(im->rootfd, actual, 0);
			note(im->m, "replaced %s with %s", actual, s->final);
		}
	}
	return (0);
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

/* Hash, open (past a signed header), stage, check, commit or roll back. */
int
fw_import_archive(const char *path, const char *root,
    const struct fw_import_opts *opts, struct fw_manifest *m,
    char errbuf[FW_ERRBUF_SIZE])
{
	static const struct fw_import_opts defopts;
	struct imp	 im;
	struct stat	 sb;
	struct sgn_header sh;
	uint8_t		 head[SGN_MAX_LEN];
	ssize_t		 n;
	size_t		 i, plen;
	int		 rc = -1, r;

	memset(m, 0, sizeof *m);
	memset(&im, 0, sizeof im);
	errbuf[0] = '\0';
	im.opts = opts != NULL ? opts : &defopts;
	im.m = m;
	im.err = errbuf;
	im.root = root;
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
		if ((im.srcfd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
			fail(&im, "%s", strerror(errno));
			goto out;
		}
		if (fw_hash_fd(im.srcfd, &m->digest) != 0) {
			fail(&im, "%s", strerror(errno));
			goto out;
		}
		m->have_digest = 1;
		r = fw_known_lookup(im.opts->known_path, path, &m->digest,
		    &m->kn, errbuf, FW_ERRBUF_SIZE);
		if (r < 0) {
			note(m, "known-bundle table not read: %s", errbuf);
			errbuf[0] = '\0';
		} else
			m->known = r;
		if ((n = pread(im.srcfd, head, sizeof head, 0)) < 0) {
			fail(&im, "%s", strerror(errno));
			goto out;
		}
		if (sgn_looks_signed(head, (size_t)n)) {
			if (sgn_parse(head, (size_t)n, &sh, errbuf,
			    FW_ERRBUF_SIZE) != 0) {
				char	 why[FW_ERRBUF_SIZE];

				snprintf(why, sizeof why, "%s", errbuf);
				fail(&im, "%s", why);
				goto out;
			}
			im.base = (off_t)sh.hdr_len;
			snprintf(m->kind, sizeof m->kind, "cop.sgn");
			if (sh.has_filename) {
				const char *b = strrchr(path, '/');
				char	 shown[128];

				b = b != NULL ? b + 1 : path;
				util_sanitise(shown, sizeof shown, sh.filename,
				    strlen(sh.filename));
				if (strcasecmp(b, sh.filename) != 0)
					note(m, "warning: %s carries the "
					    "embedded name %s", b, shown);
			}
		} else {
			plen = strlen(path);
			snprintf(m->kind, sizeof m->kind, "%s",
			    n >= 4 && head[0] == 'P' && head[1] == 'K' ? "zip" :
			    n >= 2 && head[0] == 0x1f && head[1] == 0x8b ?
			    "tar.gz" : plen > 4 &&
			    strcasecmp(path + plen - 4, ".tar") == 0 ? "tar" :
			    "archive");
		}
		if (lseek(im.srcfd, im.base, SEEK_SET) == -1) {
			fail(&im, "%s", strerror(errno));
			goto out;
		}
	} else
		snprintf(m->kind, sizeof m->kind, "directory");

	clean_stale(im.rootfd);
	snprintf(im.stagename, sizeof im.stagename, "%s%ld", FW_STAGING_PREFIX,
	    (long)getpid());
	/*
	 * Pass 1 reads only the headers: a hostile entry anywhere refuses
	 * the archive before a byte is written.  Pass 2 extracts, with the
	 * caps enforced again on the bytes that really come out.
	 */
	im.dry = 1;
	r = S_ISDIR(sb.st_mode) ? read_directory(&im, path) :
	    read_archive(&im, path);
	im.nst = 0;
	im.dry = 0;
	im.declared = 0;
	if (r != 0)
		goto out;
	if (!S_ISDIR(sb.st_mode) && lseek(im.srcfd, im.base, SEEK_SET) == -1) {
		fail(&im, "%s", strerror(errno));
		goto out;
	}
	if (mkdirat(im.rootfd, im.stagename, 0700) != 0 ||
	    (im.stagefd = openat(im.rootfd, im.stagename, O_RDONLY |
	    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		fail(&im, "%s/%s: %s", root, im.stagename, strerror(errno));
		im.stagename[0] = '\0';
		goto out;
	}
	if (S_ISDIR(sb.st_mode))
		r = read_directory(&im, path);
	else
		r = read_archive(&im, path);
	if (r != 0 || check_bundle(&im) != 0)
		goto out;
	if (im.opts->stop != NULL && *im.opts->stop) {
		fail(&im, "interrupted");
		goto out;
	}
	if (commit(&im) != 0)
		goto out;
	rc = 0;
out:
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
	free(m->notes);
	memset(m, 0, sizeof *m);
}
