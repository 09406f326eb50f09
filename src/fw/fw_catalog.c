/*
 * The catalogue: what ROOT can serve per model, version comparison, and
 * the upgrade-path advice (shared/domain/cisco-phones.md 3.2, 3.3).
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "beneath.h"
#include "fw_catalog.h"
#include "loads.h"
#include "model/model.h"
#include "xmalloc.h"

static int	 read_small(int, const char *, char *, size_t, size_t *);
static void	 scan_hint(struct fw_catalog *, int, const char *);
static void	 read_choices(struct fw_catalog *, int);
static void	 resolve_load(struct fw_catalog *, struct fw_load *);
static void	 identify_term(struct fw_catalog *, struct fw_load *);
static int	 same_components(const struct loads *, const struct loads *);
static int	 file_index(const struct fw_catalog *, const char *);
static int	 file_cmp(const void *, const void *);
static int	 load_serves(const struct fw_load *, const struct model *);
static void	 read_stored(int, struct fw_load *);
static int	 stored_cmp(const void *, const void *);
static void	 served_notes(const struct fw_catalog *, const struct model *,
		     const struct fw_load *, struct fw_served *);
static void	 add_note(struct fw_served *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));

/* 8.5(3): the first load that knows only the new signing key. */
static const struct fw_version fw_v853 = { .n = { 8, 5, 3 }, .nn = 3 };
/* 8.3(3) .. 8.5(2): the loads that know both keys. */
static const struct fw_version fw_v833 = { .n = { 8, 3, 3 }, .nn = 3 };
static const struct fw_version fw_v852 = { .n = { 8, 5, 2 }, .nn = 3 };

/* Numbers before SR/ES/TH into n[], after into sr[]; a final "S" is no SR. */
int
fw_version_parse(const char *s, struct fw_version *v)
{
	unsigned	 x;
	int		 in_sr = 0, any = 0;
	const char	*t;

	memset(v, 0, sizeof *v);
	while (*s != '\0') {
		if (isdigit((unsigned char)*s)) {
			for (x = 0; isdigit((unsigned char)*s); s++)
				x = x < 100000 ? x * 10 + (unsigned)(*s - '0') : x;
			if (!in_sr && v->nn < 6)
				v->n[v->nn++] = x;
			else if (in_sr && v->nsr < 4)
				v->sr[v->nsr++] = x;
			any = 1;
		} else if (isalpha((unsigned char)*s)) {
			for (t = s; isalpha((unsigned char)*t); t++)
				;
			/* A lone trailing "S" marks a signed load. */
			if (!(t - s == 1 && (*s == 'S' || *s == 's') &&
			    (*t == '\0' || *t == '.')) && any && !in_sr) {
				in_sr = 1;
				for (x = 0; x < 3 && s + x < t; x++)
					v->tag[x] = (char)toupper(
					    (unsigned char)s[x]);
			}
			s = t;
		} else if (*s == '.' && in_sr && !isdigit((unsigned char)s[1]))
			break;
		else
			s++;
	}
	return (any ? 0 : -1);
}

/* The version part of a load name, per family naming. */
int
fw_version_of_load(const char *load, struct fw_version *v)
{
	const char	*dot;
	char		 buf[FW_NAME_MAX];
	size_t		 i, len;

	/* Legacy 7940/7960: "P0030801SR02" = 8.1(2)SR2, "P0S3-8-12-00". */
	if ((load[0] == 'P' || load[0] == 'p') && load[1] == '0' &&
	    strlen(load) >= 8) {
		if (load[4] == '-')
			return (fw_version_parse(load + 5, v));
		/* Digit pairs: "0801SR02" = 8.1SR2, "03020214" = 3.2(2.14). */
		for (i = 4, len = 0; isdigit((unsigned char)load[i]) &&
		    isdigit((unsigned char)load[i + 1]) && len + 4 < sizeof buf;
		    i += 2)
			len += (size_t)snprintf(buf + len, sizeof buf - len,
			    "%s%.2s", len == 0 ? "" : "-", load + i);
		snprintf(buf + len, sizeof buf - len, "%s", load + i);
		return (fw_version_parse(buf, v));
	}
	if ((dot = strchr(load, '.')) == NULL)
		return (-1);
	/* "CP7921G-1.4.6.3": the version is after the dash. */
	if (strncasecmp(load, "CP79", 4) == 0 &&
	    (dot = strchr(load, '-')) == NULL)
		return (-1);
	snprintf(buf, sizeof buf, "%s", dot + 1);
	for (i = 0; buf[i] != '\0'; i++)
		if (strcasecmp(buf + i, ".loads") == 0)
			buf[i] = '\0';
	if (strncasecmp(buf, "default", 7) == 0)
		return (-1);
	return (fw_version_parse(buf, v));
}

/* Numerically, main numbers then service release; missing parts are 0. */
int
fw_version_cmp(const struct fw_version *a, const struct fw_version *b)
{
	unsigned	 i, x, y;

	for (i = 0; i < 6; i++) {
		x = i < a->nn ? a->n[i] : 0;
		y = i < b->nn ? b->n[i] : 0;
		if (x != y)
			return (x < y ? -1 : 1);
	}
	for (i = 0; i < 4; i++) {
		x = i < a->nsr ? a->sr[i] : 0;
		y = i < b->nsr ? b->sr[i] : 0;
		if (x != y)
			return (x < y ? -1 : 1);
	}
	return (0);
}

/* Cisco's notation: 9.4(2)SR3-1. */
void
fw_version_str(const struct fw_version *v, char *buf, size_t len)
{
	size_t	 o = 0;
	unsigned i;

	buf[0] = '\0';
	for (i = 0; i < v->nn && o < len; i++) {
		if (i == 2 && v->nn >= 3)
			o += (size_t)snprintf(buf + o, len - o, "(%u", v->n[i]);
		else
			o += (size_t)snprintf(buf + o, len - o, "%s%u",
			    i == 0 ? "" : ".", v->n[i]);
	}
	if (v->nn >= 3 && o < len)
		o += (size_t)snprintf(buf + o, len - o, ")");
	for (i = 0; i < v->nsr && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%u",
		    i == 0 ? (v->tag[0] != '\0' ? v->tag : "SR") : "-",
		    v->sr[i]);
}

const char *
fw_upgrade_advice(const struct fw_version *v)
{
	if (v->nn == 0 || fw_version_cmp(v, &fw_v853) < 0)
		return (NULL);
	return ("phones running a load below 8.3(3) cannot take 8.5(3) or "
	    "later directly (signing-key change: they show Auth Fail): give "
	    "them 8.5(2) first, then this load");
}

/* Read a small file relative to dirfd; 0, or -1 when absent/too large. */
static int
read_small(int dirfd, const char *name, char *buf, size_t cap, size_t *len)
{
	ssize_t	 n;
	size_t	 got = 0;
	int	 fd;

	if ((fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return (-1);
	while (got < cap) {
		if ((n = read(fd, buf + got, cap - got)) == -1) {
			if (errno == EINTR)
				continue;
			close(fd);
			return (-1);
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got == cap)
		return (-1);
	*len = got;
	return (0);
}

static int
file_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct fw_file *)a)->name,
	    ((const struct fw_file *)b)->name));
}

static int
file_index(const struct fw_catalog *c, const char *name)
{
	size_t	 i;
	int	 ci = -1;

	for (i = 0; i < c->nfiles; i++) {
		if (strcmp(c->files[i].name, name) == 0)
			return ((int)i);
		if (ci == -1 && strcasecmp(c->files[i].name, name) == 0)
			ci = (int)i;
	}
	return (ci);
}

const char *
fw_catalog_resolve(const struct fw_catalog *c, const char *name)
{
	int	 i = file_index(c, name);

	return (i >= 0 ? c->files[i].name : NULL);
}

/* "495  SIP69xx.9-4-1-3  11  // RT-Lite 6921 SIP" in load495.txt. */
static void
scan_hint(struct fw_catalog *c, int dirfd, const char *name)
{
	char		 buf[1024], load[FW_NAME_MAX];
	size_t		 len;
	unsigned	 dt;

	if (read_small(dirfd, name, buf, sizeof buf - 1, &len) != 0)
		return;
	buf[len] = '\0';
	if (sscanf(buf, "%u %127s", &dt, load) != 2)
		return;
	c->hints = xreallocarray(c->hints, c->nhints + 1, sizeof *c->hints);
	c->hints[c->nhints].devtype = dt;
	snprintf(c->hints[c->nhints].load, FW_NAME_MAX, "%s", load);
	c->nhints++;
}

static void
read_choices(struct fw_catalog *c, int dirfd)
{
	char		 buf[8192], *line, *save, m[16], l[FW_NAME_MAX];
	size_t		 len;

	if (read_small(dirfd, FW_DEFAULTS, buf, sizeof buf - 1, &len) != 0)
		return;
	buf[len] = '\0';
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || sscanf(line, "%15s %127s", m, l) != 2)
			continue;
		c->choices = xreallocarray(c->choices, c->nchoices + 1,
		    sizeof *c->choices);
		snprintf(c->choices[c->nchoices].model, 16, "%s", m);
		snprintf(c->choices[c->nchoices].load, FW_NAME_MAX, "%s", l);
		c->nchoices++;
	}
}

/* Resolve each component of a load against ROOT's files. */
static void
resolve_load(struct fw_catalog *c, struct fw_load *l)
{
	size_t	 i;
	int	 fi;

	l->complete = 1;
	for (i = 0; i < l->body.ncomp; i++) {
		fi = file_index(c, l->body.comp[i].name);
		l->comp_file[i] = fi;
		if (fi < 0) {
			/* A "#+" extra is not needed to be complete. */
			if (!l->body.comp[i].extra)
				l->complete = 0;
			continue;
		}
		if (c->files[fi].size == 0) {
			l->comp_empty[i] = 1;
			l->complete = 0;
		}
		if (l->body.comp[i].has_size &&
		    l->body.comp[i].size != c->files[fi].size) {
			l->comp_size_bad[i] = 1;
			l->complete = 0;
		}
	}
}

static int
same_components(const struct loads *a, const struct loads *b)
{
	size_t	 i;

	if (a->ncomp != b->ncomp)
		return (0);
	for (i = 0; i < a->ncomp; i++) {
		if (loads_find(b, a->comp[i].name) < 0)
			return (0);
	}
	return (1);
}

/* A term file stands for the named load with the same components. */
static void
identify_term(struct fw_catalog *c, struct fw_load *t)
{
	const char	*cv;
	size_t		 i;

	for (i = 0; i < c->nloads; i++) {
		if (c->loads[i].is_term || !c->loads[i].ok ||
		    !same_components(&t->body, &c->loads[i].body))
			continue;
		snprintf(t->ident, sizeof t->ident, "%s", c->loads[i].name);
		t->ver = c->loads[i].ver;
		t->has_version = c->loads[i].has_version;
		return;
	}
	/* No named load: the version from the comment or a component. */
	if (t->body.release[0] != '\0')
		t->has_version = fw_version_parse(t->body.release, &t->ver) == 0;
	else if ((cv = strchr(t->body.comp[0].name, '.')) != NULL)
		t->has_version = fw_version_parse(cv + 1, &t->ver) == 0;
}

/* Read ROOT once: files, .loads, term identities, hints, choices. */
struct fw_catalog *
fw_catalog_open(const char *root, char *err, size_t errlen)
{
	struct fw_catalog *c;
	struct fw_load	*l;
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	char		 buf[LOADS_MAX_BYTES + 1], why[128];
	size_t		 len, i;
	int		 dirfd;

	if ((dirfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", root, strerror(errno));
		return (NULL);
	}
	if ((d = fdopendir(dup(dirfd))) == NULL) {
		snprintf(err, errlen, "%s: %s", root, strerror(errno));
		close(dirfd);
		return (NULL);
	}
	c = xcalloc(1, sizeof *c);
	snprintf(c->root, sizeof c->root, "%s", root);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= FW_NAME_MAX)
			continue;
		if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		c->files = xreallocarray(c->files, c->nfiles + 1,
		    sizeof *c->files);
		snprintf(c->files[c->nfiles].name, FW_NAME_MAX, "%s",
		    de->d_name);
		c->files[c->nfiles].size = (uint64_t)st.st_size;
		c->nfiles++;
	}
	closedir(d);
	/* Sorted by name, so every listing is stable. */
	if (c->nfiles > 0)
		qsort(c->files, c->nfiles, sizeof *c->files, file_cmp);
	for (i = 0; i < c->nfiles; i++) {
		const char *n = c->files[i].name;

		if (strncasecmp(n, "load", 4) == 0 &&
		    isdigit((unsigned char)n[4]) &&
		    strcasecmp(n + strlen(n) - 4, ".txt") == 0) {
			scan_hint(c, dirfd, n);
			continue;
		}
		if (!loads_is_loads_file(n))
			continue;
		c->loads = xreallocarray(c->loads, c->nloads + 1,
		    sizeof *c->loads);
		l = &c->loads[c->nloads++];
		memset(l, 0, sizeof *l);
		snprintf(l->file, sizeof l->file, "%s", n);
		loads_name_from_file(n, l->name, sizeof l->name);
		snprintf(l->ident, sizeof l->ident, "%s", l->name);
		l->is_term = model_from_term_file(n) != NULL;
		if (read_small(dirfd, n, buf, sizeof buf, &len) != 0) {
			snprintf(l->error, sizeof l->error, "cannot read it");
			continue;
		}
		if (loads_parse(buf, len, &l->body, why, sizeof why) != 0) {
			/* CIPC_Locale.loads, 8961 and 78xx manifests, ... */
			l->kind = (int)loads_kind(buf, len, l->error,
			    sizeof l->error);
			continue;
		}
		l->ok = 1;
		if (!l->is_term) {
			const struct model *ms[1];
			const char *what;

			if (model_from_load_name(l->name, ms, 1) == 0)
				snprintf(l->foreign, sizeof l->foreign, "%s",
				    (what = model_foreign_firmware(n)) != NULL ?
				    what : "a load for no model phonerescue "
				    "knows");
		}
		if (!l->is_term)
			l->has_version = fw_version_of_load(l->name,
			    &l->ver) == 0;
		resolve_load(c, l);
		read_stored(dirfd, l);
	}
	for (i = 0; i < c->nloads; i++) {
		if (c->loads[i].is_term && c->loads[i].ok)
			identify_term(c, &c->loads[i]);
	}
	read_choices(c, dirfd);
	close(dirfd);
	return (c);
}

void
fw_catalog_free(struct fw_catalog *c)
{
	if (c == NULL)
		return;
	free(c->files);
	free(c->loads);
	free(c->hints);
	free(c->choices);
	free(c);
}

/* A load by name or .loads file name, any letter case. */
const struct fw_load *
fw_catalog_find_load(const struct fw_catalog *c, const char *name)
{
	char	 n[FW_NAME_MAX];
	size_t	 i;

	loads_name_from_file(name, n, sizeof n);
	for (i = 0; i < c->nloads; i++) {
		if (strcasecmp(c->loads[i].name, n) == 0)
			return (&c->loads[i]);
	}
	return (NULL);
}

const char *
fw_catalog_component(const struct fw_catalog *c, const struct fw_load *l,
    size_t i)
{
	if (i >= l->body.ncomp || l->comp_file[i] < 0)
		return (NULL);
	return (c->files[l->comp_file[i]].name);
}

/*
 * The files kept for named load l in FW_TERMS_DIR/<name>/: regular files
 * only, no link followed on the way (a link there is not ours).
 */
static void
read_stored(int rootfd, struct fw_load *l)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		 dir[FW_NAME_MAX + 32];
	int		 fd;

	if (l->is_term)
		return;
	snprintf(dir, sizeof dir, "%s/%s", FW_TERMS_DIR, l->name);
	if ((fd = beneath_open(rootfd, dir, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC, 0)) == -1)
		return;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL && l->nstored < FW_MAX_STORED) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= FW_NAME_MAX ||
		    fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) !=
		    0 || !S_ISREG(st.st_mode))
			continue;
		snprintf(l->stored[l->nstored++], FW_NAME_MAX, "%s",
		    de->d_name);
	}
	closedir(d);
	if (l->nstored > 1)
		qsort(l->stored, l->nstored, sizeof l->stored[0], stored_cmp);
}

static int
stored_cmp(const void *a, const void *b)
{
	return (strcmp(a, b));
}

size_t
fw_catalog_versions(const struct fw_catalog *c, const struct model *m,
    struct fw_version_info *out, size_t max)
{
	const struct fw_load *t, *l;
	size_t		 i, j, n = 0;

	t = m->term[0] != '\0' ? fw_catalog_find_load(c, m->term) : NULL;
	for (i = 0; i < c->nloads && n < max; i++) {
		l = &c->loads[i];
		if (!load_serves(l, m))
			continue;
		memset(&out[n], 0, sizeof out[n]);
		out[n].load = l;
		out[n].active = t != NULL && t->ok &&
		    strcasecmp(t->ident, l->name) == 0;
		for (j = 0; m->term[0] != '\0' && j < l->nstored; j++)
			if (strcasecmp(l->stored[j], m->term) == 0)
				snprintf(out[n].term, sizeof out[n].term,
				    "%s/%s/%s", FW_TERMS_DIR, l->name,
				    l->stored[j]);
		if (out[n].active)
			t = NULL;	/* the term file stands for this one */
		n++;
	}
	/* A term file that names no load in ROOT is a version of its own. */
	if (t != NULL && t->ok && n < max) {
		memset(&out[n], 0, sizeof out[n]);
		out[n].load = t;
		out[n].active = 1;
		n++;
	}
	return (n);
}

/* Is l a named load for model m (by its prefix)? */
static int
load_serves(const struct fw_load *l, const struct model *m)
{
	const struct model *ms[32];
	size_t		 n, i;

	if (!l->ok || l->is_term)
		return (0);
	n = model_from_load_name(l->name, ms, 32);
	for (i = 0; i < n && i < 32; i++) {
		if (ms[i] == m)
			return (1);
	}
	return (0);
}

static void
add_note(struct fw_served *s, const char *fmt, ...)
{
	va_list	 ap;

	if (s->nnotes == FW_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(s->notes[s->nnotes++], sizeof s->notes[0], fmt, ap);
	va_end(ap);
}

/* Which load m gets: term file, choice, load<NNN>.txt, else the newest. */
int
fw_catalog_served(const struct fw_catalog *c, const struct model *m,
    struct fw_served *s)
{
	const struct fw_load *l = NULL, *t;
	size_t		 i;

	memset(s, 0, sizeof *s);
	s->model = m;
	s->via = s->why = s->load_name = "";
	if (m->term[0] != '\0' &&
	    (t = fw_catalog_find_load(c, m->term)) != NULL) {
		l = t;
		s->via = t->file;
		s->why = "term file";
	}
	for (i = 0; l == NULL && i < c->nchoices; i++) {
		if (model_find(c->choices[i].model) == m &&
		    (t = fw_catalog_find_load(c, c->choices[i].load)) != NULL) {
			l = t;
			s->why = "chosen";
		}
	}
	for (i = 0; l == NULL && i < c->nhints; i++) {
		if (c->hints[i].devtype == m->devtype &&
		    (t = fw_catalog_find_load(c, c->hints[i].load)) != NULL &&
		    load_serves(t, m)) {
			l = t;
			s->why = "load<devtype>.txt";
		}
	}
	for (i = 0; i < c->nloads; i++) {
		t = &c->loads[i];
		if (!load_serves(t, m))
			continue;
		if (l == NULL || (!strcmp(s->why, "newest") &&
		    t->has_version && fw_version_cmp(&t->ver, &l->ver) > 0)) {
			l = t;
			s->why = "newest";
		}
	}
	for (i = 0; i < c->nloads && s->nalt < 8; i++) {
		t = &c->loads[i];
		if (load_serves(t, m) && (l == NULL ||
		    strcasecmp(t->name, l->ident) != 0))
			s->alt[s->nalt++] = t;
	}
	if (l == NULL) {
		if (s->nalt == 0 && m->term[0] != '\0') {
			for (i = 0; i < c->nloads; i++)
				if (!c->loads[i].ok &&
				    model_from_term_file(c->loads[i].file) == m)
					add_note(s, "%s is unreadable: %s",
					    c->loads[i].file, c->loads[i].error);
		}
		return (0);
	}
	s->load = l;
	s->load_name = l->ident;
	if (!l->ok) {
		add_note(s, "%s is not a usable .loads file: %s", l->file,
		    l->error);
		return (1);
	}
	s->complete = l->complete;
	served_notes(c, m, l, s);
	return (1);
}

/* What a person should know about load l served to m: parts, advice. */
static void
served_notes(const struct fw_catalog *c, const struct model *m,
    const struct fw_load *l, struct fw_served *s)
{
	const struct fw_load *t;
	const char	*advice;
	char		 v[64];
	size_t		 i;

	for (i = 0; i < l->body.ncomp; i++) {
		if (l->comp_file[i] < 0 && l->body.comp[i].extra)
			add_note(s, "no %s (an extra \"#+\" component of %s, "
			    "which older phones skip)", l->body.comp[i].name,
			    l->file);
		else if (l->comp_file[i] < 0)
			add_note(s, "missing %s (listed in %s)",
			    l->body.comp[i].name, l->file);
		else if (l->comp_empty[i])
			add_note(s, "%s is empty", l->body.comp[i].name);
		else if (l->comp_size_bad[i])
			add_note(s, "%s has %llu bytes, %s says %llu",
			    l->body.comp[i].name,
			    (unsigned long long)c->files[l->comp_file[i]].size,
			    l->file, (unsigned long long)l->body.comp[i].size);
	}
	if (m->term[0] != '\0' && s->via[0] == '\0')
		add_note(s, "no %s in ROOT: a factory-reset phone asks for it "
		    "first and gets nothing until XMLDefault.cnf.xml names a "
		    "load", m->term);
	/* The signing-key change concerns the CNU family (79x1..797x). */
	if (strcmp(m->family, "cnu") != 0 || !l->has_version ||
	    (advice = fw_upgrade_advice(&l->ver)) == NULL)
		return;
	add_note(s, "%s", advice);
	for (i = 0; i < s->nalt; i++) {
		t = s->alt[i];
		if (t->has_version && fw_version_cmp(&t->ver, &fw_v833) >= 0 &&
		    fw_version_cmp(&t->ver, &fw_v852) <= 0) {
			fw_version_str(&t->ver, v, sizeof v);
			add_note(s, "ROOT has %s (%s): phonerescue "
			    "firmware --default %s=%s, then switch back",
			    t->name, v, m->name, t->name);
			break;
		}
	}
}

/* Swap in a stored term file, or record the choice, atomically. */
int
fw_catalog_set_default(const char *root, const struct model *m,
    const char *load, char *err, size_t errlen)
{
	char		 src[1024], tmp[1024], dst[1024], buf[8192], *old = NULL;
	char		 line[256];
	size_t		 len = 0, oldlen = 0;
	int		 rootfd, ok = -1, dfd = -1, wfd;

	if ((rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", root, strerror(errno));
		return (-1);
	}
	/* Root may run this: no link followed under ROOT (issue 15). */
	wfd = rootfd;
	if (m->term[0] != '\0') {
		snprintf(src, sizeof src, "%s/%s", FW_TERMS_DIR, load);
		if ((dfd = beneath_open(rootfd, src, O_RDONLY | O_DIRECTORY,
		    0)) == -1 ||
		    read_small(dfd, m->term, buf, sizeof buf, &len) != 0) {
			snprintf(err, errlen, "no stored %s for %s in %s/%s "
			    "(import that load's bundle again)", m->term,
			    load, root, FW_TERMS_DIR);
			goto out;
		}
		snprintf(tmp, sizeof tmp, ".%s.tmp", m->term);
		snprintf(dst, sizeof dst, "%s", m->term);
	} else {
		(void)mkdirat(rootfd, FW_STATE_DIR, 0755);
		if ((dfd = beneath_open(rootfd, FW_STATE_DIR, O_RDONLY |
		    O_DIRECTORY, 0)) == -1) {
			snprintf(err, errlen, "%s/%s: %s", root, FW_STATE_DIR,
			    errno == ELOOP || errno == ENOTDIR ? "not a "
			    "directory (a link is refused)" : strerror(errno));
			goto out;
		}
		wfd = dfd;
		if (read_small(dfd, strrchr(FW_DEFAULTS, '/') + 1, buf,
		    sizeof buf - 1, &oldlen) == 0) {
			buf[oldlen] = '\0';
			old = xstrdup(buf);
		}
		/* Keep the other models' lines, replace this one's. */
		len = 0;
		if (old != NULL) {
			char	*p, *save, mm[16];

			for (p = strtok_r(old, "\n", &save); p != NULL;
			    p = strtok_r(NULL, "\n", &save)) {
				if (sscanf(p, "%15s", mm) == 1 &&
				    model_find(mm) == m)
					continue;
				len += (size_t)snprintf(buf + len,
				    sizeof buf - len, "%s\n", p);
				if (len >= sizeof buf - 256)
					break;
			}
		}
		snprintf(line, sizeof line, "%s %s\n", m->name, load);
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s", line);
		snprintf(tmp, sizeof tmp, "%s.tmp", strrchr(FW_DEFAULTS, '/') + 1);
		snprintf(dst, sizeof dst, "%s", strrchr(FW_DEFAULTS, '/') + 1);
	}
	{
		int	 fd;

		if ((fd = openat(wfd, tmp, O_WRONLY | O_CREAT | O_TRUNC |
		    O_NOFOLLOW | O_CLOEXEC, 0644)) == -1 ||
		    write(fd, buf, len) != (ssize_t)len || fsync(fd) != 0) {
			snprintf(err, errlen, "%s/%s%s: %s", root, wfd ==
			    rootfd ? "" : FW_STATE_DIR "/", tmp,
			    strerror(errno));
			if (fd != -1)
				close(fd);
			goto out;
		}
		close(fd);
		if (renameat(wfd, tmp, wfd, dst) != 0) {
			snprintf(err, errlen, "%s/%s%s: %s", root, wfd ==
			    rootfd ? "" : FW_STATE_DIR "/", dst,
			    strerror(errno));
			goto out;
		}
	}
	ok = 0;
out:
	free(old);
	if (dfd != -1)
		close(dfd);
	close(rootfd);
	return (ok);
}
