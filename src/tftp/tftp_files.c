/*
 * File providers for the TFTP server: a confined directory tree with
 * shared descriptors, and an in-memory set for tests.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "beneath.h"
#include "compat.h"
#include "queue.h"
#include "tftp_files.h"
#include "util.h"
#include "xmalloc.h"

static int	 files_strcaseeq(const char *, const char *);
static int	 files_normalise(const char *, char *, size_t, int);
static int	 files_normalise_name(const char *, char *, size_t);
static int	 root_open_as(struct tftp_files *, const char *,
		     struct tftp_file **, char *, size_t, const char **, int);
static int	 mem_open_as(struct tftp_files *, const char *,
		     struct tftp_file **, char *, size_t, const char **, int);

/*
 * Requested name -> relative path.  Phones send "/7960-font.xml" and
 * "US\g3-tones.xml" (cisco-phones.md 2.3): strip the leading '/', treat
 * '\' as '/'.  '..' is refused outright, wherever it appears, and so is
 * any hidden (dot) component.
 */
int
tftp_files_normalise(const char *in, char *out, size_t outlen)
{
	return (files_normalise(in, out, outlen, 0));
}

/*
 * store: a resolver's answer, which may start with TFTP_FILES_STORE/
 * (exactly so spelt); the rest follows the rules of any name.
 */
static int
files_normalise(const char *in, char *out, size_t outlen, int store)
{
	const size_t	 sl = sizeof TFTP_FILES_STORE - 1;

	if (store && strncmp(in, TFTP_FILES_STORE "/", sl + 1) == 0) {
		if (outlen <= sl + 1 || files_normalise(in + sl + 1,
		    out + sl + 1, outlen - sl - 1, 0) != 0)
			return (-1);
		memcpy(out, TFTP_FILES_STORE "/", sl + 1);
		return (0);
	}
	return (files_normalise_name(in, out, outlen));
}

static int
files_normalise_name(const char *in, char *out, size_t outlen)
{
	const char	*p = in, *comp;
	size_t		 clen, o = 0;

	if (outlen == 0)
		return (-1);
	for (;;) {
		while (*p == '/' || *p == '\\')
			p++;
		if (*p == '\0')
			break;
		comp = p;
		while (*p != '\0' && *p != '/' && *p != '\\')
			p++;
		clen = (size_t)(p - comp);
		if (clen == 1 && comp[0] == '.')
			continue;
		if (clen == 2 && comp[0] == '.' && comp[1] == '.')
			return (-1);
		/*
		 * Hidden entries are ours, never firmware: the importer keeps
		 * its state in ROOT/.phonerescue/ and stages imports in
		 * ROOT/.phonerescue-import.*; no phone asks for a dot-file.
		 */
		if (comp[0] == '.')
			return (-1);
		if (o + (o != 0) + clen + 1 > outlen)
			return (-1);
		if (o != 0)
			out[o++] = '/';
		memcpy(out + o, comp, clen);
		o += clen;
	}
	out[o] = '\0';
	return (o == 0 ? -1 : 0);
}

static int
files_strcaseeq(const char *a, const char *b)
{
	return (util_strcaseeq(a, b));
}

/* ---- the directory-tree provider ---- */

struct tftp_file {
	dev_t			 dev;
	ino_t			 ino;
	int			 fd;
	uint64_t		 size;
	unsigned		 refs;
	LIST_ENTRY(tftp_file)	 entry;
	/* the in-memory provider's data */
	const uint8_t		*data;
};

#define ROOT_NBUCKETS	64

struct files_root {
	struct tftp_files	 vt;		/* first: the vtable */
	int			 rootfd;
	size_t			 nopen;
	LIST_HEAD(, tftp_file)	 buckets[ROOT_NBUCKETS];
};

static int
root_open_path(struct files_root *r, const char *path, int flags)
{
	/*
	 * src/core/beneath.c: the one confined opener (import uses it too);
	 * links that stay in ROOT are followed, with openat2 or without.
	 */
	return (beneath_open_inside(r->rootfd, path, flags));
}

/*
 * The case-insensitive fallback: resolve each component of path in turn,
 * the exact name first, else the first case-insensitive match in readdir
 * order (ties broken by the smallest name, so the choice is stable).
 * Writes the resolved path to out; 0, or -1 with errno.
 */
static int
root_resolve_icase(struct files_root *r, const char *path, char *out,
    size_t outlen)
{
	char		 buf[TFTP_FILES_PATH_MAX], best[256], *comp, *next;
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	size_t		 o = 0;
	int		 dfd, found;

	if (strlcpy(buf, path, sizeof buf) >= sizeof buf) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	out[0] = '\0';
	for (comp = buf; comp != NULL; comp = next) {
		if ((next = strchr(comp, '/')) != NULL)
			*next++ = '\0';
		dfd = root_open_path(r, o == 0 ? "." : out,
		    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd == -1)
			return (-1);
		found = 0;
		if (fstatat(dfd, comp, &st, AT_SYMLINK_NOFOLLOW) == 0) {
			strlcpy(best, comp, sizeof best);
			found = 1;
		} else if ((d = fdopendir(dfd)) != NULL) {
			while ((de = readdir(d)) != NULL) {
				if (!files_strcaseeq(de->d_name, comp))
					continue;
				if (!found || strcmp(de->d_name, best) < 0)
					strlcpy(best, de->d_name, sizeof best);
				found = 1;
			}
			closedir(d);
			dfd = -1;
		}
		if (dfd != -1)
			close(dfd);
		if (!found) {
			errno = ENOENT;
			return (-1);
		}
		if (o + (o != 0) + strlen(best) + 1 > outlen) {
			errno = ENAMETOOLONG;
			return (-1);
		}
		if (o != 0)
			out[o++] = '/';
		o += strlcpy(out + o, best, outlen - o);
	}
	return (0);
}

static int
root_errcode(int err, const char **why)
{
	switch (err) {
	case ENOENT:
	case ENOTDIR:
	case ENAMETOOLONG:
		*why = "no such file";
		return (1);
	case EXDEV:
	case ELOOP:
		*why = "path leads outside the root";
		return (2);
	case EACCES:
	case EPERM:
		*why = "permission denied";
		return (2);
	}
	*why = strerror(err);
	return (2);
}

static int
root_open(struct tftp_files *vt, const char *name, struct tftp_file **fp,
    char *served, size_t servedlen, const char **why)
{
	return (root_open_as(vt, name, fp, served, servedlen, why, 0));
}

static int
root_open_store(struct tftp_files *vt, const char *name, struct tftp_file **fp,
    char *served, size_t servedlen, const char **why)
{
	return (root_open_as(vt, name, fp, served, servedlen, why, 1));
}

static int
root_open_as(struct tftp_files *vt, const char *name, struct tftp_file **fp,
    char *served, size_t servedlen, const char **why, int store)
{
	struct files_root	*r = (struct files_root *)vt;
	struct tftp_file	*f;
	struct stat		 st;
	char			 path[TFTP_FILES_PATH_MAX];
	const int		 flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC;
	unsigned		 b;
	int			 fd;

	*fp = NULL;
	if (files_normalise(name, path, sizeof path, store) != 0) {
		*why = "name refused (empty, too long, '..' or a hidden entry)";
		return (strstr(name, "..") != NULL ? 2 : 1);
	}
	fd = root_open_path(r, path, flags);
	if (fd == -1 && errno == ENOENT) {
		char	 icase[TFTP_FILES_PATH_MAX];

		if (root_resolve_icase(r, path, icase, sizeof icase) == 0) {
			strlcpy(path, icase, sizeof path);
			fd = root_open_path(r, path, flags);
		}
	}
	if (fd == -1)
		return (root_errcode(errno, why));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		*why = "not a regular file";
		return (1);
	}
	strlcpy(served, path, servedlen);
	/* Share one descriptor per file (same device and inode). */
	b = (unsigned)(st.st_ino % ROOT_NBUCKETS);
	LIST_FOREACH(f, &r->buckets[b], entry) {
		if (f->dev == st.st_dev && f->ino == st.st_ino &&
		    f->size == (uint64_t)st.st_size) {
			close(fd);
			f->refs++;
			*fp = f;
			return (0);
		}
	}
	if ((f = calloc(1, sizeof *f)) == NULL) {
		close(fd);
		*why = "out of memory";
		return (2);
	}
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	f->fd = fd;
	f->size = (uint64_t)st.st_size;
	f->refs = 1;
	LIST_INSERT_HEAD(&r->buckets[b], f, entry);
	r->nopen++;
	*fp = f;
	return (0);
}

static ssize_t
root_read(struct tftp_files *vt, struct tftp_file *f, uint64_t off,
    void *buf, size_t len)
{
	size_t	 got = 0;
	ssize_t	 n;

	(void)vt;
	while (got < len) {
		n = pread(f->fd, (uint8_t *)buf + got, len - got,
		    (off_t)(off + got));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return (-1);
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return ((ssize_t)got);
}

static uint64_t
root_size(struct tftp_files *vt, struct tftp_file *f)
{
	(void)vt;
	return (f->size);
}

static void
root_close(struct tftp_files *vt, struct tftp_file *f)
{
	struct files_root	*r = (struct files_root *)vt;

	if (f == NULL || --f->refs > 0)
		return;
	LIST_REMOVE(f, entry);
	close(f->fd);
	free(f);
	r->nopen--;
}

static int
root_fd(struct tftp_files *vt, struct tftp_file *f)
{
	(void)vt;
	return (f->fd);
}

static size_t
root_nopen(struct tftp_files *vt)
{
	return (((struct files_root *)vt)->nopen);
}

static void
root_free(struct tftp_files *vt)
{
	struct files_root	*r = (struct files_root *)vt;
	struct tftp_file	*f;
	unsigned		 b;

	for (b = 0; b < ROOT_NBUCKETS; b++) {
		while ((f = LIST_FIRST(&r->buckets[b])) != NULL) {
			LIST_REMOVE(f, entry);
			close(f->fd);
			free(f);
		}
	}
	close(r->rootfd);
	free(r);
}

struct tftp_files *
tftp_files_root_new(const char *root, char *err, size_t errlen)
{
	struct files_root	*r;
	unsigned		 b;
	int			 fd;

	if ((fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "TFTP root %s: %s", root, strerror(errno));
		return (NULL);
	}
	r = xcalloc(1, sizeof *r);
	r->rootfd = fd;
	for (b = 0; b < ROOT_NBUCKETS; b++)
		LIST_INIT(&r->buckets[b]);
	r->vt.open = root_open;
	r->vt.open_store = root_open_store;
	r->vt.read_block = root_read;
	r->vt.size = root_size;
	r->vt.close = root_close;
	r->vt.free = root_free;
	r->vt.nopen = root_nopen;
	r->vt.fd = root_fd;
	return (&r->vt);
}

/* ---- the in-memory provider ---- */

struct mem_entry {
	char			*name;		/* normalised */
	struct tftp_file	 file;
	uint8_t			*data;
};

struct files_mem {
	struct tftp_files	 vt;
	struct mem_entry	*ents;
	size_t			 n;
};

static int
mem_open(struct tftp_files *vt, const char *name, struct tftp_file **fp,
    char *served, size_t servedlen, const char **why)
{
	return (mem_open_as(vt, name, fp, served, servedlen, why, 0));
}

static int
mem_open_store(struct tftp_files *vt, const char *name, struct tftp_file **fp,
    char *served, size_t servedlen, const char **why)
{
	return (mem_open_as(vt, name, fp, served, servedlen, why, 1));
}

static int
mem_open_as(struct tftp_files *vt, const char *name, struct tftp_file **fp,
    char *served, size_t servedlen, const char **why, int store)
{
	struct files_mem	*m = (struct files_mem *)vt;
	struct mem_entry	*e = NULL;
	char			 path[TFTP_FILES_PATH_MAX];
	size_t			 i;

	*fp = NULL;
	if (files_normalise(name, path, sizeof path, store) != 0) {
		*why = "name refused (empty, too long, '..' or a hidden entry)";
		return (strstr(name, "..") != NULL ? 2 : 1);
	}
	for (i = 0; i < m->n && e == NULL; i++) {
		if (strcmp(m->ents[i].name, path) == 0)
			e = &m->ents[i];
	}
	for (i = 0; i < m->n && e == NULL; i++) {
		if (files_strcaseeq(m->ents[i].name, path))
			e = &m->ents[i];
	}
	if (e == NULL) {
		*why = "no such file";
		return (1);
	}
	strlcpy(served, e->name, servedlen);
	e->file.refs++;
	*fp = &e->file;
	return (0);
}

static ssize_t
mem_read(struct tftp_files *vt, struct tftp_file *f, uint64_t off,
    void *buf, size_t len)
{
	(void)vt;
	if (off >= f->size)
		return (0);
	if (len > f->size - off)
		len = (size_t)(f->size - off);
	memcpy(buf, f->data + off, len);
	return ((ssize_t)len);
}

static void
mem_close(struct tftp_files *vt, struct tftp_file *f)
{
	(void)vt;
	if (f != NULL && f->refs > 0)
		f->refs--;
}

static size_t
mem_nopen(struct tftp_files *vt)
{
	struct files_mem	*m = (struct files_mem *)vt;
	size_t			 i, n = 0;

	for (i = 0; i < m->n; i++)
		n += m->ents[i].file.refs > 0;
	return (n);
}

static void
mem_free(struct tftp_files *vt)
{
	struct files_mem	*m = (struct files_mem *)vt;
	size_t			 i;

	for (i = 0; i < m->n; i++) {
		free(m->ents[i].name);
		free(m->ents[i].data);
	}
	free(m->ents);
	free(m);
}

struct tftp_files *
tftp_files_mem_new(void)
{
	struct files_mem	*m;

	m = xcalloc(1, sizeof *m);
	m->vt.open = mem_open;
	m->vt.open_store = mem_open_store;
	m->vt.read_block = mem_read;
	m->vt.size = root_size;
	m->vt.close = mem_close;
	m->vt.free = mem_free;
	m->vt.nopen = mem_nopen;
	m->vt.fd = root_fd;	/* -1: set by tftp_files_mem_add */
	return (&m->vt);
}

void
tftp_files_mem_add(struct tftp_files *vt, const char *name, const void *data,
    size_t len)
{
	struct files_mem	*m = (struct files_mem *)vt;
	struct mem_entry	*e;

	m->ents = xreallocarray(m->ents, m->n + 1, sizeof *m->ents);
	e = &m->ents[m->n++];
	memset(e, 0, sizeof *e);
	e->name = xstrdup(name);
	e->data = xmalloc(len > 0 ? len : 1);
	if (len > 0)
		memcpy(e->data, data, len);
	e->file.data = e->data;
	e->file.size = len;
	e->file.fd = -1;
}

/* ---- per-client answers ---- */

void
tftp_files_set_resolver(struct tftp_files *vt, tftp_files_resolve_fn fn,
    void *arg)
{
	vt->resolve = fn;
	vt->resolve_arg = arg;
}

int
tftp_files_open_for(struct tftp_files *vt, uint32_t client, const char *name,
    struct tftp_file **fp, char *served, size_t servedlen, const char **why)
{
	char	 norm[TFTP_FILES_PATH_MAX], alt[TFTP_FILES_PATH_MAX];
	int	 rc;

	if (vt->resolve != NULL && vt->open_store != NULL &&
	    tftp_files_normalise(name, norm, sizeof norm) == 0 &&
	    (rc = vt->resolve(vt->resolve_arg, client, norm, alt,
	    sizeof alt)) != 0) {
		if (rc < 0) {
			snprintf(served, servedlen, "%s", norm);
			*why = "held back for this phone (its upgrade plan "
			    "flashes nothing: see the notice)";
			return (1);
		}
		alt[sizeof alt - 1] = '\0';
		return (vt->open_store(vt, alt, fp, served, servedlen, why));
	}
	return (vt->open(vt, name, fp, served, servedlen, why));
}
