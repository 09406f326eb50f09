/* Following a lease file as its server writes it (site_follow.h). */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "site/site_follow.h"

int
site_follow_init(struct site_follow *f, const char *spec, const char *deflt,
    char *err, size_t errlen)
{
	const char	*colon = strchr(spec, ':'), *file;
	size_t		 n = colon != NULL ? (size_t)(colon - spec) : strlen(spec);

	memset(f, 0, sizeof *f);
	if (n == 7 && strncmp(spec, "dnsmasq", 7) == 0)
		f->kind = SITE_DNSMASQ;
	else if (n == 3 && strncmp(spec, "kea", 3) == 0)
		f->kind = SITE_KEA;
	else if (n == 12 && strncmp(spec, "dnsmasq-hook", 12) == 0)
		f->kind = SITE_HOOK;
	else {
		snprintf(err, errlen, "--leases-from %s: say dnsmasq:FILE, "
		    "kea:FILE or dnsmasq-hook[:SOCKET]", spec);
		return (-1);
	}
	file = colon != NULL ? colon + 1 : "";
	if (f->kind == SITE_HOOK && file[0] == '\0' && deflt != NULL)
		file = deflt;
	if (file[0] == '\0' ||
	    strlcpy(f->path, file, sizeof f->path) >= sizeof f->path) {
		snprintf(err, errlen, "--leases-from %s: no file, or too long",
		    spec);
		return (-1);
	}
	site_kea_init(&f->kea);
	return (0);
}

const char *
site_follow_base(const struct site_follow *f)
{
	const char	*s = strrchr(f->path, '/');

	return (s != NULL ? s + 1 : f->path);
}

/* Hand l on unless it was, with the same address and expiry. */
static void
seen_or_post(struct site_follow *f, const struct site_lease *l, uint64_t now,
    site_lease_cb *cb, void *arg)
{
	struct site_seen	*s = NULL;
	size_t			 i;

	for (i = 0; i < f->nseen; i++) {
		if (memcmp(f->seen[i].mac, l->mac, 6) == 0) {
			s = &f->seen[i];
			break;
		}
	}
	if (l->gone) {
		if (s != NULL)
			s->ip = 0;	/* a later lease is news again */
		return;
	}
	if (l->expiry != 0 && l->expiry < now)
		return;			/* over: says nothing of today */
	if (s != NULL && s->ip == l->ip && s->expiry == l->expiry)
		return;
	if (s == NULL) {
		if (f->nseen < SITE_SEEN_MAX)
			s = &f->seen[f->nseen++];
		else
			s = &f->seen[f->next++ % SITE_SEEN_MAX];
		memcpy(s->mac, l->mac, 6);
	}
	s->ip = l->ip;
	s->expiry = l->expiry;
	cb(l, arg);
}

void
site_follow_lease(struct site_follow *f, const struct site_lease *l,
    uint64_t now, site_lease_cb *cb, void *arg)
{
	seen_or_post(f, l, now, cb, arg);
}

static void
one_line(struct site_follow *f, const char *s, size_t n, uint64_t now,
    site_lease_cb *cb, void *arg)
{
	struct site_lease	 l;
	int			 rc;

	f->lines++;
	rc = f->kind == SITE_KEA ? site_kea_line(&f->kea, s, n, &l) :
	    site_dnsmasq_line(s, n, &l);
	if (rc < 0)
		f->bad++;
	else if (rc > 0)
		seen_or_post(f, &l, now, cb, arg);
}

/* The whole lines in buf; keep the rest.  Returns the bytes consumed. */
static size_t
lines(struct site_follow *f, uint64_t now, site_lease_cb *cb, void *arg)
{
	size_t	 pos = 0, used;
	long	 n;

	while ((n = site_next_line(f->buf + pos, f->have - pos, &used)) >= 0) {
		if (f->skipping) {
			f->skipping = 0;
			f->bad++;
		} else
			one_line(f, f->buf + pos, (size_t)n, now, cb, arg);
		pos += used;
	}
	if (pos == 0 && f->have == sizeof f->buf) {
		f->skipping = 1;	/* a line longer than buf: drop it */
		pos = f->have;
	}
	memmove(f->buf, f->buf + pos, f->have - pos);
	f->have -= pos;
	return (pos);
}

/* A new file under the name, a shorter one, or dnsmasq's rewrite: start over. */
static void
restart(struct site_follow *f, const struct stat *sb)
{
	if (f->ino != 0 && (f->ino != sb->st_ino || f->dev != sb->st_dev ||
	    sb->st_size < f->off))
		f->reopened++;
	f->dev = sb->st_dev;
	f->ino = sb->st_ino;
	f->off = 0;
	f->have = 0;
	f->skipping = 0;
	site_kea_init(&f->kea);
}

int
site_follow_read(struct site_follow *f, uint64_t now, site_lease_cb *cb,
    void *arg)
{
	struct stat	 sb;
	ssize_t		 r;
	int		 fd, saved;

	if ((fd = open(f->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return (errno == ENOENT ? 0 : -1);
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		saved = S_ISREG(sb.st_mode) ? errno : EINVAL;
		close(fd);
		errno = saved;
		return (-1);
	}
	if (f->kind == SITE_DNSMASQ || sb.st_ino != f->ino ||
	    sb.st_dev != f->dev || sb.st_size < f->off)
		restart(f, &sb);
	for (;;) {
		r = pread(fd, f->buf + f->have, sizeof f->buf - f->have,
		    f->off + (off_t)f->have);
		if (r <= 0)
			break;
		f->have += (size_t)r;
		f->off += (off_t)lines(f, now, cb, arg);
	}
	saved = errno;
	close(fd);
	errno = saved;
	return (r < 0 ? -1 : 0);
}
