/*
 * The session record's writer (record.h): a bus sink that folds every
 * event about a phone into that phone's record and appends the record,
 * whole, as one line each time it changes.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "record/record.h"
#include "record/record_int.h"
#include "util.h"
#include "xmalloc.h"

#define F(k, t, m)	{ k, t, offsetof(struct rec_phone, m), \
			    sizeof(((struct rec_phone *)0)->m) }
const struct rec_field rec_fields[] = {
	F("mac", RF_STR, mac),
	F("model", RF_STR, model),
	F("name", RF_STR, name),
	F("serial", RF_STR, serial),
	F("load_first", RF_STR, load_first),
	F("load_last", RF_STR, load_last),
	F("plan", RF_STR, plan),
	F("first_seen", RF_U64, first_ms),
	F("up_at", RF_U64, up_ms),
	F("last", RF_U64, last_ms),
	F("bytes", RF_U64, bytes),
	F("retries", RF_UINT, retries),
	F("problems", RF_STR, problems),
	F("result", RF_RESULT, result),
	F("xfer_failed", RF_UINT, xfer_failed),
};
#undef F
const size_t rec_nfields = sizeof rec_fields / sizeof rec_fields[0];

static const char *const result_names[REC__COUNT] = {
	"still going", "back up", "failed", "gave up"
};

struct recorder {
	int		 fd;
	char		 path[PATH_MAX];
	char		 id[64];
	struct rec_phone *phones;
	size_t		 n, cap;
};

const char *
rec_result_name(enum rec_result r)
{
	return ((unsigned)r < REC__COUNT ? result_names[r] : "?");
}

uint64_t
rec_duration_ms(const struct rec_phone *p)
{
	uint64_t	 end = p->up_ms != 0 ? p->up_ms : p->last_ms;

	return (end > p->first_ms ? end - p->first_ms : 0);
}

const char *
rec_ev_mac(const struct ev *e)
{
	const char	*m = NULL;

	switch (e->type) {
	case EV_PHONE:
		m = e->u.phone.mac;
		break;
	case EV_TFTP_DONE:
	case EV_TFTP_ERROR:
		m = e->u.tftp.mac;
		break;
	case EV_NOTICE:
		m = e->u.notice.mac;
		break;
	default:
		break;
	}
	return (m != NULL && m[0] != '\0' ? m : NULL);
}

static int
set_str(char *dst, size_t size, const char *src)
{
	if (src[0] == '\0' || strcmp(dst, src) == 0)
		return (0);
	snprintf(dst, size, "%s", src);
	return (1);
}

/* Add code to the list once. */
static int
add_problem(struct rec_phone *p, const char *code)
{
	size_t	 n = strlen(code), len = strlen(p->problems);
	char	*s;

	if (n == 0)
		return (0);
	for (s = p->problems; (s = strstr(s, code)) != NULL; s += n)
		if ((s == p->problems || s[-1] == ' ') &&
		    (s[n] == ',' || s[n] == '\0'))
			return (0);
	if (len + n + 3 > sizeof p->problems)
		return (0);
	snprintf(p->problems + len, sizeof p->problems - len, "%s%s",
	    len > 0 ? ", " : "", code);
	return (1);
}

static int
apply_phone(struct rec_phone *p, const struct ev_phone *ph)
{
	int	 ch = 0;

	ch |= set_str(p->model, sizeof p->model, ph->model);
	ch |= set_str(p->name, sizeof p->name, ph->name);
	ch |= set_str(p->serial, sizeof p->serial, ph->serial);
	ch |= set_str(p->plan, sizeof p->plan, ph->plan);
	if (p->load_first[0] == '\0')
		ch |= set_str(p->load_first, sizeof p->load_first,
		    ph->firmware);
	ch |= set_str(p->load_last, sizeof p->load_last, ph->firmware);
	if (ph->phase == SNIFF_PHASE_FAILED && p->result != REC_FAILED) {
		p->result = REC_FAILED;
		ch = 1;
	}
	/* Back at work on a load after it was done: going again. */
	if ((ph->phase == SNIFF_PHASE_FETCHING_LOAD ||
	    ph->phase == SNIFF_PHASE_FLASHING) && p->result != REC_GOING) {
		p->result = REC_GOING;
		ch = 1;
	}
	return (ch);
}

static int
apply_notice(struct rec_phone *p, const struct ev *e)
{
	const struct ev_notice	*n = &e->u.notice;
	int			 ch;

	if (strcmp(n->code, "recovered") == 0) {
		p->result = REC_UP;
		p->up_ms = e->wall_ms;
		p->xfer_failed = 0;
		return (1);
	}
	/* Problems: warnings and errors; an info notice is news, not one. */
	ch = n->level >= EV_WARN ? add_problem(p, n->code) : 0;
	if (n->level == EV_ERROR && p->result == REC_GOING) {
		p->result = REC_FAILED;
		ch = 1;
	}
	return (ch);
}

/* TFTP "file not found" (1) or HTTP 404. */
static int
not_found(const struct ev_tftp *t)
{
	return (t->proto == EV_PROTO_HTTP ? t->code == 404 : t->code == 1);
}

int
rec_apply(struct rec_phone *p, const struct ev *e)
{
	int	 ch = 0;

	if (p->first_ms == 0)
		p->first_ms = e->wall_ms;
	if (e->wall_ms > p->last_ms)
		p->last_ms = e->wall_ms;
	switch (e->type) {
	case EV_PHONE:
		ch = apply_phone(p, &e->u.phone);
		break;
	case EV_TFTP_DONE:
		p->bytes += e->u.tftp.bytes;
		p->xfer_failed = 0;
		ch = 1;
		break;
	case EV_TFTP_ERROR:
		/* A file it lacks is the configuration hunt, not a failure. */
		if (not_found(&e->u.tftp))
			break;
		p->retries++;
		p->xfer_failed = 1;
		ch = 1;
		break;
	case EV_NOTICE:
		ch = apply_notice(p, e);
		break;
	default:
		break;
	}
	return (ch);
}

void
rec_escape(char *buf, size_t size, size_t *len, const char *v)
{
	for (; *v != '\0' && *len + 3 < size; v++) {
		if (*v == '\t' || *v == '\n' || *v == '\\') {
			buf[(*len)++] = '\\';
			buf[(*len)++] = *v == '\t' ? 't' : *v == '\n' ? 'n' :
			    '\\';
		} else
			buf[(*len)++] = *v;
	}
	buf[*len] = '\0';
}

void
rec_unescape(char *s)
{
	char	*d = s;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0') {
			s++;
			*d++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s;
		} else
			*d++ = *s;
	}
	*d = '\0';
}

/* One write(2) per line: a crash leaves whole lines and one torn one. */
static void
put_line(struct recorder *r, const char *line, size_t len, int sync)
{
	ssize_t	 w;

	if (r->fd < 0)
		return;
	do
		w = write(r->fd, line, len);
	while (w < 0 && errno == EINTR);
	if (sync)
		(void)fsync(r->fd);
}

static void
write_phone(struct recorder *r, const struct rec_phone *p, int sync)
{
	char		 line[4096], num[32];
	const char	*v;
	size_t		 len = 0, i;

	rec_escape(line, sizeof line, &len, "phone");
	for (i = 0; i < rec_nfields; i++) {
		const struct rec_field	*f = &rec_fields[i];
		const char		*at = (const char *)p + f->off;

		if (f->type == RF_STR)
			v = at;
		else if (f->type == RF_U64)
			snprintf(num, sizeof num, "%llu",
			    (unsigned long long)*(const uint64_t *)at);
		else if (f->type == RF_RESULT)
			snprintf(num, sizeof num, "%s", rec_result_name(
			    *(const enum rec_result *)at));
		else
			snprintf(num, sizeof num, "%u", *(const unsigned *)at);
		if (f->type != RF_STR)
			v = num;
		if (len + strlen(f->key) + 3 >= sizeof line)
			break;
		len += (size_t)snprintf(line + len, sizeof line - len, "\t%s=",
		    f->key);
		rec_escape(line, sizeof line, &len, v);
	}
	if (len + 1 < sizeof line) {
		line[len++] = '\n';
		put_line(r, line, len, sync);
	}
}

struct recorder *
recorder_open(const char *state, uint64_t wall_ms, pid_t pid, char *err,
    size_t errlen)
{
	struct recorder	*r;
	char		 dir[PATH_MAX], stamp[32], line[256];
	time_t		 t = (time_t)(wall_ms / 1000);
	struct tm	 tm;
	int		 n;

	if (rec_dir(dir, sizeof dir, state) != 0 ||
	    util_mkdir_p(dir, 0755, NULL, NULL, NULL) != 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return (NULL);
	}
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	r = xcalloc(1, sizeof *r);
	snprintf(r->id, sizeof r->id, "%s-%ld", stamp, (long)pid);
	if ((size_t)snprintf(r->path, sizeof r->path, "%s/%s.rec", dir,
	    r->id) >= sizeof r->path || (r->fd = open(r->path,
	    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0) {
		snprintf(err, errlen, "%s: %s", r->path, strerror(errno));
		free(r);
		return (NULL);
	}
	n = snprintf(line, sizeof line, "session\tid=%s\tstart=%llu\tpid=%ld\n",
	    r->id, (unsigned long long)wall_ms, (long)pid);
	put_line(r, line, (size_t)n, 1);
	return (r);
}

static struct rec_phone *
find_phone(struct recorder *r, const char *mac, int *fresh)
{
	size_t	 i;

	*fresh = 0;
	for (i = 0; i < r->n; i++)
		if (strcmp(r->phones[i].mac, mac) == 0)
			return (&r->phones[i]);
	if (r->n == r->cap) {
		r->cap = r->cap == 0 ? 16 : r->cap * 2;
		r->phones = xreallocarray(r->phones, r->cap,
		    sizeof *r->phones);
	}
	memset(&r->phones[r->n], 0, sizeof r->phones[r->n]);
	snprintf(r->phones[r->n].mac, sizeof r->phones[r->n].mac, "%s", mac);
	*fresh = 1;
	return (&r->phones[r->n++]);
}

void
recorder_event(struct recorder *r, const struct ev *e)
{
	struct rec_phone	*p;
	const char		*mac;
	enum rec_result		 was;
	int			 fresh, ch;

	if (r == NULL || (mac = rec_ev_mac(e)) == NULL)
		return;
	/* A transfer or notice names a phone the tracker has announced. */
	if (e->type != EV_PHONE) {
		size_t	 i;

		for (i = 0; i < r->n; i++)
			if (strcmp(r->phones[i].mac, mac) == 0)
				break;
		if (i == r->n)
			return;
	}
	p = find_phone(r, mac, &fresh);
	was = p->result;
	ch = rec_apply(p, e);
	if (ch || fresh)
		write_phone(r, p, fresh || p->result != was);
}

void
recorder_close(struct recorder *r, uint64_t wall_ms)
{
	char	 line[64];
	size_t	 i;
	int	 n;

	if (r == NULL)
		return;
	/* Whoever's last transfer failed and never came back: gave up. */
	for (i = 0; i < r->n; i++)
		if (r->phones[i].result == REC_GOING &&
		    r->phones[i].xfer_failed) {
			r->phones[i].result = REC_GAVE_UP;
			write_phone(r, &r->phones[i], 0);
		}
	n = snprintf(line, sizeof line, "end\tat=%llu\n",
	    (unsigned long long)wall_ms);
	put_line(r, line, (size_t)n, 1);
	if (r->fd >= 0)
		close(r->fd);
	free(r->phones);
	free(r);
}

const char *
recorder_path(const struct recorder *r)
{
	return (r->path);
}

const char *
recorder_id(const struct recorder *r)
{
	return (r->id);
}

size_t
recorder_nphones(const struct recorder *r)
{
	return (r != NULL ? r->n : 0);
}

const struct rec_phone *
recorder_phone(const struct recorder *r, size_t i)
{
	return (&r->phones[i]);
}
