/*
 * The session record's reader (record.h): a file back into a session,
 * the sessions in the state directory, and a phone recognised across
 * sessions by its MAC.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "record/record.h"
#include "record/record_int.h"
#include "util.h"
#include "xmalloc.h"

#define REC_SUFFIX	".rec"
#define REC_MAX_FILE	(64u << 20)

int
rec_dir(char *buf, size_t len, const char *state)
{
	if ((size_t)snprintf(buf, len, "%s/sessions", state) >= len) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	return (0);
}

static struct rec_phone *
session_phone(struct rec_session *s, const char *mac)
{
	size_t	 i;

	for (i = 0; i < s->nphones; i++)
		if (strcmp(s->phones[i].mac, mac) == 0)
			return (&s->phones[i]);
	s->phones = xreallocarray(s->phones, s->nphones + 1,
	    sizeof *s->phones);
	memset(&s->phones[s->nphones], 0, sizeof s->phones[0]);
	return (&s->phones[s->nphones++]);
}

static void
set_field(struct rec_phone *p, const char *key, const char *v)
{
	size_t	 i;
	char	*at;
	int	 r;

	for (i = 0; i < rec_nfields; i++) {
		if (strcmp(rec_fields[i].key, key) != 0)
			continue;
		at = (char *)p + rec_fields[i].off;
		switch (rec_fields[i].type) {
		case RF_STR:
			snprintf(at, rec_fields[i].size, "%s", v);
			break;
		case RF_U64:
			*(uint64_t *)at = strtoull(v, NULL, 10);
			break;
		case RF_UINT:
			*(unsigned *)at = (unsigned)strtoul(v, NULL, 10);
			break;
		case RF_RESULT:
			for (r = 0; r < REC__COUNT; r++)
				if (strcmp(v, rec_result_name(r)) == 0)
					*(enum rec_result *)at = r;
			break;
		}
		return;
	}
}

/* A "phone" line: the whole record of one phone, replacing the last. */
static void
parse_phone(struct rec_session *s, char **kv, size_t n)
{
	struct rec_phone	 p, *dst;
	size_t			 i;

	memset(&p, 0, sizeof p);
	for (i = 0; i < n; i++) {
		char	*eq = strchr(kv[i], '=');

		if (eq == NULL)
			continue;
		*eq++ = '\0';
		rec_unescape(eq);
		set_field(&p, kv[i], eq);
	}
	if (p.mac[0] == '\0')
		return;
	snprintf(p.session, sizeof p.session, "%s", s->id);
	dst = session_phone(s, p.mac);
	*dst = p;
}

static const char *
kv_get(char **kv, size_t n, const char *key)
{
	size_t	 i, k = strlen(key);

	for (i = 0; i < n; i++)
		if (strncmp(kv[i], key, k) == 0 && kv[i][k] == '=')
			return (kv[i] + k + 1);
	return ("");
}

static void
parse_line(struct rec_session *s, char *line)
{
	char	*kv[64], *type, *t;
	size_t	 n = 0;

	type = strsep(&line, "\t");
	while ((t = strsep(&line, "\t")) != NULL && n < 64)
		kv[n++] = t;
	if (strcmp(type, "session") == 0) {
		snprintf(s->id, sizeof s->id, "%s", kv_get(kv, n, "id"));
		s->start_ms = strtoull(kv_get(kv, n, "start"), NULL, 10);
	} else if (strcmp(type, "phone") == 0)
		parse_phone(s, kv, n);
	else if (strcmp(type, "end") == 0)
		s->end_ms = strtoull(kv_get(kv, n, "at"), NULL, 10);
}

int
rec_read(const char *path, struct rec_session *s, char *err, size_t errlen)
{
	FILE		*f;
	struct stat	 st;
	char		*buf, *line, *nl;
	size_t		 len;

	memset(s, 0, sizeof *s);
	snprintf(s->path, sizeof s->path, "%s", path);
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (-1);
	}
	len = fstat(fileno(f), &st) == 0 && st.st_size > 0 ?
	    (size_t)st.st_size : 0;
	if (len > REC_MAX_FILE)
		len = REC_MAX_FILE;
	buf = xmalloc(len + 1);
	len = fread(buf, 1, len, f);
	fclose(f);
	buf[len] = '\0';
	/* Only whole lines: a torn last one (a crash) is left out. */
	for (line = buf; (nl = memchr(line, '\n', len - (size_t)(line - buf)))
	    != NULL; line = nl + 1) {
		*nl = '\0';
		parse_line(s, line);
	}
	free(buf);
	return (0);
}

void
rec_session_free(struct rec_session *s)
{
	free(s->phones);
	s->phones = NULL;
	s->nphones = 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

int
rec_list(const char *state, char ***ids, size_t *n, char *err, size_t errlen)
{
	char		 dir[PATH_MAX];
	struct dirent	*d;
	DIR		*dp;
	size_t		 k;

	*ids = NULL;
	*n = 0;
	if (rec_dir(dir, sizeof dir, state) != 0 ||
	    (dp = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return (0);
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return (-1);
	}
	while ((d = readdir(dp)) != NULL) {
		k = strlen(d->d_name);
		if (d->d_name[0] == '.' || k <= strlen(REC_SUFFIX) ||
		    strcmp(d->d_name + k - strlen(REC_SUFFIX), REC_SUFFIX) != 0)
			continue;
		*ids = xreallocarray(*ids, *n + 1, sizeof **ids);
		(*ids)[*n] = xstrdup(d->d_name);
		(*ids)[(*n)++][k - strlen(REC_SUFFIX)] = '\0';
	}
	closedir(dp);
	qsort(*ids, *n, sizeof **ids, cmp_str);
	return (0);
}

void
rec_ids_free(char **ids, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

static int
read_id(const char *state, const char *id, struct rec_session *s, char *err,
    size_t errlen)
{
	char	 dir[PATH_MAX], path[PATH_MAX];

	if (rec_dir(dir, sizeof dir, state) != 0 ||
	    (size_t)snprintf(path, sizeof path, "%s/%s" REC_SUFFIX, dir, id) >=
	    sizeof path) {
		snprintf(err, errlen, "%s: name too long", id);
		return (-1);
	}
	if (rec_read(path, s, err, errlen) != 0)
		return (-1);
	if (s->id[0] == '\0')
		snprintf(s->id, sizeof s->id, "%s", id);
	return (0);
}

/* Fold session s (later) into the merge m, by MAC. */
static void
merge_into(struct rec_session *m, const struct rec_session *s)
{
	struct rec_phone	*dst, old;
	size_t			 i;

	for (i = 0; i < s->nphones; i++) {
		dst = session_phone(m, s->phones[i].mac);
		old = *dst;
		*dst = s->phones[i];
		if (old.mac[0] == '\0')
			continue;
		dst->bytes += old.bytes;
		dst->retries += old.retries;
		/* first_seen and up_at stay the latest session's: its duration. */
		snprintf(dst->seen_before, sizeof dst->seen_before, "%s",
		    old.session);
		if (dst->load_first[0] == '\0' || old.load_first[0] != '\0')
			snprintf(dst->load_first, sizeof dst->load_first,
			    "%s", old.load_first);
	}
	if (m->start_ms == 0 || (s->start_ms != 0 && s->start_ms < m->start_ms))
		m->start_ms = s->start_ms;
	m->end_ms = s->end_ms;
}

static int
load_all(const char *state, char **ids, size_t n, struct rec_session *out,
    char *err, size_t errlen)
{
	struct rec_session	 s;
	size_t			 i;

	memset(out, 0, sizeof *out);
	snprintf(out->id, sizeof out->id, "all");
	for (i = 0; i < n; i++) {
		if (read_id(state, ids[i], &s, err, errlen) != 0) {
			rec_session_free(out);
			return (-1);
		}
		merge_into(out, &s);
		rec_session_free(&s);
	}
	return (0);
}

/* Each phone of ids[k]: the latest earlier session with its MAC. */
static void
mark_seen(const char *state, char **ids, size_t k, struct rec_session *s)
{
	struct rec_session	 e;
	char			 err[256];
	size_t			 i, j, left = s->nphones;

	while (k-- > 0 && left > 0) {
		if (read_id(state, ids[k], &e, err, sizeof err) != 0)
			continue;
		for (i = 0; i < s->nphones; i++)
			for (j = 0; j < e.nphones; j++)
				if (s->phones[i].seen_before[0] == '\0' &&
				    strcmp(s->phones[i].mac, e.phones[j].mac)
				    == 0) {
					snprintf(s->phones[i].seen_before,
					    sizeof s->phones[i].seen_before,
					    "%s", e.id);
					left--;
				}
		rec_session_free(&e);
	}
}

int
rec_load(const char *state, const char *id, struct rec_session *out,
    char *err, size_t errlen)
{
	char	**ids;
	size_t	  n, k;
	int	  rc = -1;

	/* A file named by its path (one copied off a bench machine). */
	if (id != NULL && strchr(id, '/') != NULL)
		return (rec_read(id, out, err, errlen));
	if (rec_list(state, &ids, &n, err, errlen) != 0)
		return (-1);
	if (n == 0)
		snprintf(err, errlen, "no session recorded in %s/sessions",
		    state);
	else if (id != NULL && strcmp(id, "all") == 0)
		rc = load_all(state, ids, n, out, err, errlen);
	else {
		for (k = id == NULL ? n - 1 : 0; k < n; k++)
			if (id == NULL || strcmp(ids[k], id) == 0)
				break;
		if (k == n)
			snprintf(err, errlen, "no session %s in %s/sessions",
			    id, state);
		else if ((rc = read_id(state, ids[k], out, err, errlen)) == 0)
			mark_seen(state, ids, k, out);
	}
	rec_ids_free(ids, n);
	return (rc);
}
