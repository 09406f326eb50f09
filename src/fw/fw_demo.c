/*
 * The synthetic firmware bundle for tests, benchmarks and the demo: the
 * real structure (signed headers, CRLF .loads with comments and trailing
 * spaces, a capital-letter component, term files, load<NNN>.txt, a COP
 * wrapper) around deterministic filler.  No Cisco bytes.
 */
#include "config.h"

#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fw_import.h"
#include "sgn.h"
#include "xmalloc.h"

struct demo_file {
	char		 name[FW_NAME_MAX];
	uint8_t		*data;
	size_t		 len;
};

struct demo {
	struct demo_file *f;
	size_t		 n;
};

struct demo_load {
	const char	*load;		/* SIP70.8-5-2S */
	const char	*cver;		/* component version */
	const char	*nn;		/* "70" */
	const char	*jar;		/* jar file stem: case matters */
	const char	*terms[2];
	unsigned	 devtypes[2];
	const char	*models[2];
	int		 hwcomp;
};

/* Variant "base": two model pairs; "new": a later 7970/7971 load. */
static const struct demo_load demo_base[] = {
	{ "SIP70.8-5-2S", "8-5-2-13", "70", "Jar70sip",
	    { "term70.default.loads", "term71.default.loads" },
	    { 30006, 119 }, { "7970", "7971" }, 1 },
	{ "SIP42.9-4-2SR3-1S", "9-4-2ES26", "42", "jar42sip",
	    { "term42.default.loads", "term62.default.loads" },
	    { 434, 404 }, { "7942", "7962" }, 15 },
};
static const struct demo_load demo_new[] = {
	{ "SIP70.9-4-2SR3-1S", "9-4-2ES26", "70", "jar70sip",
	    { "term70.default.loads", "term71.default.loads" },
	    { 30006, 119 }, { "7970", "7971" }, 1 },
};

static void	 add(struct demo *, const char *, uint8_t *, size_t);
static void	 build_legacy(struct demo *, size_t);
static void	 add_signed(struct demo *, const char *, const char *, size_t,
		     uint32_t);

static void
add(struct demo *d, const char *name, uint8_t *data, size_t len)
{
	d->f = xreallocarray(d->f, d->n + 1, sizeof *d->f);
	snprintf(d->f[d->n].name, FW_NAME_MAX, "%s", name);
	d->f[d->n].data = data;
	d->f[d->n].len = len;
	d->n++;
}

/* A signed file: header naming it, then body (text) or filler of len. */
static void
add_signed(struct demo *d, const char *name, const char *body, size_t len,
    uint32_t seed)
{
	static const char magic[] = "CNU_File_Archive_3.0";
	uint8_t		*p;
	size_t		 h, i, total;
	uint32_t	 x = seed * 2654435761U + 1;

	total = SGN_MAX_LEN + (body != NULL ? strlen(body) : len);
	p = xmalloc(total);
	h = sgn_build(p, SGN_MAX_LEN, name, seed);
	if (body != NULL) {
		memcpy(p + h, body, strlen(body));
		add(d, name, p, h + strlen(body));
		return;
	}
	if (len < h + sizeof magic)
		len = h + sizeof magic;
	memcpy(p + h, magic, sizeof magic);
	for (i = h + sizeof magic; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (uint8_t)x;
	}
	add(d, name, p, len);
}

/* The files of each demo load: .loads, term files, components, hints. */
static void
build(struct demo *d, const struct demo_load *demo_loads, size_t nloads,
    size_t comp_size, int cop)
{
	const struct demo_load *L;
	char		 body[1024], comp[5][FW_NAME_MAX], n[FW_NAME_MAX];
	char		*txt;
	size_t		 i, j;

	for (i = 0; i < nloads; i++) {
		L = &demo_loads[i];
		snprintf(comp[0], FW_NAME_MAX, "%s.%s.sbn", L->jar, L->cver);
		snprintf(comp[1], FW_NAME_MAX, "cnu%s.%s.sbn", L->nn, L->cver);
		snprintf(comp[2], FW_NAME_MAX, "apps%s.%s.sbn", L->nn, L->cver);
		snprintf(comp[3], FW_NAME_MAX, "dsp%s.%s.sbn", L->nn, L->cver);
		snprintf(comp[4], FW_NAME_MAX, "cvm%ssip.%s.sbn", L->nn,
		    L->cver);
		/* The shape of term42.default.loads (domain notes 4.2). */
		snprintf(body, sizeof body,
		    "#\r\n# This file contains a list of archive image files "
		    "that will be requested by the\r\n# RELEASE load version "
		    "%s\r\n#\r\n#HARDWARE_COMP_1 %d\r\n\r\n%s\r\n%s\r\n%s\r\n"
		    "%s \r\n%s \r\n", L->cver, L->hwcomp, comp[0], comp[1],
		    comp[2], comp[3], comp[4]);
		snprintf(n, sizeof n, "%s.loads", L->load);
		add_signed(d, n, body, 0, (uint32_t)i);
		for (j = 0; j < 2; j++)
			add_signed(d, L->terms[j], body, 0, (uint32_t)(10 + j));
		for (j = 0; j < 5; j++)
			add_signed(d, comp[j], NULL, comp_size,
			    (uint32_t)(100 * i + j));
		if (cop) {
			for (j = 0; j < 2; j++) {
				snprintf(n, sizeof n, "load%u.txt",
				    L->devtypes[j]);
				xasprintf(&txt, "%u  %s  11  // IP Phone %s "
				    "SIP\n", L->devtypes[j], L->load,
				    L->models[j]);
				add(d, n, (uint8_t *)txt, strlen(txt));
			}
		}
	}
	if (cop) {
		txt = xstrdup("#!/bin/sh\n# CUCM install script: copies the "
		    "firmware to /usr/local/cm/tftp\ncp *.loads *.sbn "
		    "/usr/local/cm/tftp/\n");
		add(d, "copstart.sh", (uint8_t *)txt, strlen(txt));
	}
}

/*
 * 7940/7960 SIP 8.12 (domain notes 2.3, 4.2): an LF .loads naming the
 * P003 loader .sbn and the P0S3 application .sb2, plus LA_VERSION=.
 */
static void
build_legacy(struct demo *d, size_t comp_size)
{
	add_signed(d, "P0S3-8-12-00.loads", "P003-8-12-00.sbn\n"
	    "P0S3-8-12-00.sb2\nLA_VERSION=PAS3ARM1\n", 0, 40);
	add_signed(d, "P003-8-12-00.sbn", NULL, comp_size, 41);
	add_signed(d, "P0S3-8-12-00.sb2", NULL, comp_size, 42);
}

static int
write_all(int fd, const uint8_t *p, size_t len)
{
	ssize_t	 w;

	while (len > 0) {
		if ((w = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		p += w;
		len -= (size_t)w;
	}
	return (0);
}

static int
write_dir(struct demo *d, const char *dir, char *err, size_t errlen)
{
	char	 path[4096];
	size_t	 i;
	int	 fd;

	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return (-1);
	}
	for (i = 0; i < d->n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, d->f[i].name);
		if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0644)) == -1 || write_all(fd, d->f[i].data,
		    d->f[i].len) != 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			if (fd != -1)
				close(fd);
			return (-1);
		}
		close(fd);
	}
	return (0);
}

/* zip, pax tar, tar.gz, or a COP: signed header then tar.gz. */
static int
write_archive(struct demo *d, const char *path, const char *fmt, char *err,
    size_t errlen)
{
	struct archive		*a;
	struct archive_entry	*e;
	uint8_t			 hdr[SGN_MAX_LEN];
	const char		*b;
	size_t			 i, h;
	int			 fd, rc = -1;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (strcmp(fmt, "cop") == 0) {
		b = strrchr(path, '/');
		h = sgn_build(hdr, sizeof hdr, b != NULL ? b + 1 : path, 77);
		if (h == 0 || write_all(fd, hdr, h) != 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			close(fd);
			return (-1);
		}
	}
	a = archive_write_new();
	if (strcmp(fmt, "zip") == 0)
		archive_write_set_format_zip(a);
	else
		archive_write_set_format_pax_restricted(a);
	if (strcmp(fmt, "tgz") == 0 || strcmp(fmt, "cop") == 0)
	{
		archive_write_add_filter_gzip(a);
		/* No time stamp: the same bundle every run (golden files). */
		archive_write_set_options(a, "gzip:!timestamp");
	}
	archive_write_set_bytes_in_last_block(a, 1);
	if (archive_write_open_fd(a, fd) != ARCHIVE_OK)
		goto out;
	for (i = 0; i < d->n; i++) {
		e = archive_entry_new();
		archive_entry_set_pathname(e, d->f[i].name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)d->f[i].len);
		archive_entry_set_mtime(e, 1230000000, 0);
		if (archive_write_header(a, e) != ARCHIVE_OK ||
		    archive_write_data(a, d->f[i].data, d->f[i].len) !=
		    (la_ssize_t)d->f[i].len) {
			archive_entry_free(e);
			goto out;
		}
		archive_entry_free(e);
	}
	if (archive_write_close(a) != ARCHIVE_OK)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		snprintf(err, errlen, "%s: %s", path,
		    archive_error_string(a) != NULL ? archive_error_string(a) :
		    archive_errno(a) > 0 ? strerror(archive_errno(a)) :
		    "libarchive reported a failure without a reason");
	archive_write_free(a);
	close(fd);
	return (rc);
}

/* Build in memory, then write as a directory or an archive. */
int
fw_demo_write_bundle(const char *dest, const char *fmt, const char *variant,
    size_t comp_size, char *err, size_t errlen)
{
	struct demo	 d;
	size_t		 i;
	int		 rc;

	memset(&d, 0, sizeof d);
	if (fmt == NULL)
		fmt = "dir";
	if (strcmp(fmt, "dir") != 0 && strcmp(fmt, "zip") != 0 &&
	    strcmp(fmt, "tar") != 0 && strcmp(fmt, "tgz") != 0 &&
	    strcmp(fmt, "cop") != 0) {
		snprintf(err, errlen, "unknown bundle format %s (dir, zip, "
		    "tar, tgz, cop)", fmt);
		return (-1);
	}
	if (variant == NULL || strcmp(variant, "base") == 0)
		build(&d, demo_base, sizeof demo_base / sizeof demo_base[0],
		    comp_size, strcmp(fmt, "cop") == 0);
	else if (strcmp(variant, "new") == 0)
		build(&d, demo_new, sizeof demo_new / sizeof demo_new[0],
		    comp_size, strcmp(fmt, "cop") == 0);
	else if (strcmp(variant, "legacy") == 0)
		build_legacy(&d, comp_size);
	else {
		snprintf(err, errlen, "unknown demo variant %s (base, new, "
		    "legacy)", variant);
		return (-1);
	}
	if (strcmp(fmt, "dir") == 0)
		rc = write_dir(&d, dest, err, errlen);
	else
		rc = write_archive(&d, dest, fmt, err, errlen);
	for (i = 0; i < d.n; i++)
		free(d.f[i].data);
	free(d.f);
	return (rc);
}
