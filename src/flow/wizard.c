/*
 * The wizard's state machine: steps, phone rows, transfers, problems and
 * the log, all derived from commands and bus events.  Phone rows are a
 * view of the phone tracker's `phone` events (src/track), transfers are
 * tied to them by the mac the tracker gives each one; the wizard infers
 * no phase.  No curses, no I/O of its own: effects go through struct
 * wizard_host.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bus.h"
#include "clock.h"
#include "compat.h"
#include "log.h"
#include "model/model.h"
#include "model/cisco_file.h"
#include "sniff/sniff.h"
#include "util.h"
#include "wizard.h"
#include "xmalloc.h"

struct wizard {
	struct wizard_host	 host;
	char			 root[EV_NAME_LEN];
	enum wizard_step	 step;
	char			 message[EV_TEXT_LEN];
	char			 failure[EV_TEXT_LEN];
	char			 iface[WIZ_IFNAME_LEN];
	char			 serving[EV_TEXT_LEN];
	char			 server_addr[EV_NAME_LEN];	/* our IP, or "" */
	int			 running;
	int			 starting;	/* host.start under way */
	char			 start_iface[WIZ_IFNAME_LEN];
	char			 start_words[EV_NAME_LEN];
	struct bus_sink		*sink;
	void			(*notify)(void *);
	void			*notify_arg;

	struct wizard_iface	 ifaces[WIZ_MAX_IFACES];
	size_t			 nifaces;

	struct wizard_fw	 fw;
	struct wizard_guard	 guard;
	int			 link_down;	/* a link_down notice, no link_up yet */
	uint64_t		 link_down_ms;	/* since when */

	char			 model[16];
	int			 model_chosen;	/* by the user: keep it */
	enum wizard_keypad	 keypad;
	uint64_t		 keypad_ms;
	int			 keypad_format;	/* 3491672850*# typed, not the reset */

	struct wizard_phone	 phones[WIZ_MAX_PHONES];
	size_t			 nphones;
	struct wizard_xfer	 xfers[WIZ_MAX_XFERS];
	size_t			 nxfers;
	struct wizard_problem	 problems[WIZ_MAX_PROBLEMS];
	size_t			 nproblems;
	struct wizard_log	 log[WIZ_LOG_LINES];
	size_t			 log_first, nlog;
	uint64_t		 nrefused;	/* ids for refused requests */
};

static const char *const step_names[WIZ__COUNT] = {
	[WIZ_PICK_IFACE] = "pick-iface",
	[WIZ_IMPORT_FW] = "import-fw",
	[WIZ_CONFIGURE] = "configure",
	[WIZ_KEYPAD] = "keypad",
	[WIZ_SERVING] = "serving",
	[WIZ_DONE] = "done",
	[WIZ_FAILED] = "failed",
};

static const char *const step_titles[WIZ__COUNT] = {
	[WIZ_PICK_IFACE] = "Network",
	[WIZ_IMPORT_FW] = "Firmware",
	[WIZ_CONFIGURE] = "Config",
	[WIZ_KEYPAD] = "Keypad",
	[WIZ_SERVING] = "Live",
	[WIZ_DONE] = "Done",
	[WIZ_FAILED] = "Failed",
};

/* The screens' words for a row's phase. */
static const char *const phase_names[SNIFF_PHASE__COUNT] = {
	[SNIFF_PHASE_NONE] = "seen",
	[SNIFF_PHASE_LINK_UP] = "seen",
	[SNIFF_PHASE_REQUESTING_IP] = "requesting IP",
	[SNIFF_PHASE_GOT_IP] = "got IP",
	[SNIFF_PHASE_FETCHING_LOAD] = "fetching load",
	[SNIFF_PHASE_FLASHING] = "flashing",
	[SNIFF_PHASE_REBOOTING] = "rebooting",
	[SNIFF_PHASE_REQUESTING_CONFIG] = "asking config",
	[SNIFF_PHASE_UNPROVISIONED] = "unprovisioned",
	[SNIFF_PHASE_REGISTERED] = "registered",
	[SNIFF_PHASE_FAILED] = "failed",
};

static void	 wizard_changed(struct wizard *);
static void	 wizard_logf(struct wizard *, enum wizard_log_kind, const char *,
		     ...) __attribute__((format(printf, 3, 4)));
static void	 wizard_sink(const struct ev *, void *);

struct wizard *
wizard_new(const struct wizard_host *host, const char *root)
{
	struct wizard	*w;

	w = xcalloc(1, sizeof *w);
	if (host != NULL)
		w->host = *host;
	strlcpy(w->root, root != NULL ? root : "", sizeof w->root);
	w->step = WIZ_PICK_IFACE;
	strlcpy(w->model, "7970", sizeof w->model);
	return (w);
}

void
wizard_free(struct wizard *w)
{
	if (w == NULL)
		return;
	if (w->sink != NULL)
		bus_unsubscribe(w->sink);
	if ((w->running || w->starting) && w->host.stop != NULL)
		w->host.stop(w->host.arg);
	free(w);
}

void
wizard_attach(struct wizard *w)
{
	if (w->sink == NULL)
		w->sink = bus_subscribe(EV_MASK_ALL, wizard_sink, w);
}

void
wizard_set_notify(struct wizard *w, void (*fn)(void *), void *arg)
{
	w->notify = fn;
	w->notify_arg = arg;
}

static void
wizard_changed(struct wizard *w)
{
	if (w->notify != NULL)
		w->notify(w->notify_arg);
}

static void
wizard_sink(const struct ev *ev, void *arg)
{
	wizard_event(arg, ev);
}

/* Say what the last command did (or why it did not). */
static int
wizard_say(struct wizard *w, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int
wizard_say(struct wizard *w, int rc, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(w->message, sizeof w->message, fmt, ap);
	va_end(ap);
	wizard_changed(w);
	return (rc);
}

/* Append a line to the log ring. */
static void
wizard_logf(struct wizard *w, enum wizard_log_kind kind, const char *fmt, ...)
{
	struct wizard_log	*l;
	va_list			 ap;

	if (w->nlog < WIZ_LOG_LINES)
		l = &w->log[(w->log_first + w->nlog++) % WIZ_LOG_LINES];
	else {
		l = &w->log[w->log_first];
		w->log_first = (w->log_first + 1) % WIZ_LOG_LINES;
	}
	l->at_ms = clock_now_ms();
	l->kind = kind;
	va_start(ap, fmt);
	vsnprintf(l->text, sizeof l->text, fmt, ap);
	va_end(ap);
}

static void
wizard_problem(struct wizard *w, const char *code, const char *mac,
    const char *text)
{
	struct wizard_problem	*p;
	size_t			 i;

	for (i = 0; i < w->nproblems; i++) {
		p = &w->problems[i];
		if (strcmp(p->code, code) == 0 && strcmp(p->mac, mac) == 0 &&
		    strcmp(p->text, text) == 0)
			return;
	}
	if (w->nproblems == WIZ_MAX_PROBLEMS) {
		memmove(&w->problems[0], &w->problems[1],
		    (WIZ_MAX_PROBLEMS - 1) * sizeof w->problems[0]);
		w->nproblems--;
	}
	p = &w->problems[w->nproblems++];
	strlcpy(p->code, code, sizeof p->code);
	strlcpy(p->mac, mac, sizeof p->mac);
	strlcpy(p->text, text, sizeof p->text);
	p->at_ms = clock_now_ms();
}

/* Find a phone by MAC, adding it if asked. */
static struct wizard_phone *
wizard_phone(struct wizard *w, const char *mac, int add)
{
	struct wizard_phone	*p;
	size_t			 i;

	if (mac == NULL || mac[0] == '\0')
		return (NULL);
	for (i = 0; i < w->nphones; i++) {
		if (strcasecmp(w->phones[i].mac, mac) == 0)
			return (&w->phones[i]);
	}
	if (!add || w->nphones == WIZ_MAX_PHONES)
		return (NULL);
	p = &w->phones[w->nphones++];
	memset(p, 0, sizeof *p);
	strlcpy(p->mac, mac, sizeof p->mac);
	p->first_ms = p->phase_ms = clock_now_ms();
	p->phase = SNIFF_PHASE_LINK_UP;
	return (p);
}

/*
 * Set a phone's phase: the tracker's word.  It may move back, as a phone
 * that asked for its config first and then for a load does.
 */
static void
wizard_phase(struct wizard *w, struct wizard_phone *p, enum sniff_phase ph)
{
	if (p == NULL || ph == p->phase)
		return;
	p->phase = ph;
	p->phase_ms = clock_now_ms();
	/*
	 * Back up on our configuration, a phone may still take a load (its
	 * configuration names one it lacks): asking for a component, it is
	 * flashing again, and not done until it is back up once more.
	 */
	if (ph == SNIFF_PHASE_FLASHING)
		p->done = 0;
	if (ph == SNIFF_PHASE_UNPROVISIONED || ph == SNIFF_PHASE_REGISTERED) {
		if (!p->done)
			wizard_logf(w, WLOG_INFO, "%s %s is back up (%s): done",
			    p->model[0] != '\0' ? p->model : "phone", p->mac,
			    phase_names[ph]);
		p->done = 1;
		p->problem[0] = '\0';
	}
}

static struct wizard_xfer *
wizard_xfer(struct wizard *w, uint64_t id, int add)
{
	struct wizard_xfer	*x;
	size_t			 i;

	for (i = 0; i < w->nxfers; i++) {
		if (w->xfers[i].id == id)
			return (&w->xfers[i]);
	}
	if (!add)
		return (NULL);
	if (w->nxfers == WIZ_MAX_XFERS) {
		/* Forget the oldest finished one; else the oldest. */
		for (i = 0; i < w->nxfers &&
		    w->xfers[i].state == WX_RUNNING; i++)
			;
		if (i == w->nxfers)
			i = 0;
		memmove(&w->xfers[i], &w->xfers[i + 1],
		    (w->nxfers - i - 1) * sizeof w->xfers[0]);
		w->nxfers--;
	}
	x = &w->xfers[w->nxfers++];
	memset(x, 0, sizeof *x);
	x->id = id;
	x->started_ms = x->updated_ms = clock_now_ms();
	return (x);
}

/* Is every phone seen back up, with nothing in flight? */
static int
wizard_all_done(const struct wizard *w)
{
	size_t	 i;

	if (w->nphones == 0)
		return (0);
	for (i = 0; i < w->nphones; i++) {
		if (!w->phones[i].done)
			return (0);
	}
	for (i = 0; i < w->nxfers; i++) {
		if (w->xfers[i].state == WX_RUNNING)
			return (0);
	}
	return (1);
}

/* Step to DONE once every phone seen is done and nothing is in flight. */
static void
wizard_check_done(struct wizard *w)
{
	if (w->step != WIZ_SERVING || !wizard_all_done(w))
		return;
	w->step = WIZ_DONE;
	if (w->nphones == 1)
		wizard_logf(w, WLOG_INFO, "the phone seen is back up: recovery "
		    "done");
	else
		wizard_logf(w, WLOG_INFO, "all %zu phones seen are back up: "
		    "recovery done", w->nphones);
}

static void
wizard_on_phone(struct wizard *w, const struct ev_phone *e)
{
	struct wizard_phone	*p;
	int			 isnew, named;

	isnew = wizard_phone(w, e->mac, 0) == NULL;
	if ((p = wizard_phone(w, e->mac, 1)) == NULL)
		return;
	/* The keypad's model follows a phone once it is named. */
	named = p->model[0] == '\0' && e->model[0] != '\0';
	if (e->model[0] != '\0')
		strlcpy(p->model, e->model, sizeof p->model);
	if (e->ip != 0)
		util_ip_str(p->ip, sizeof p->ip, e->ip);
	if (e->firmware[0] != '\0')
		strlcpy(p->firmware, e->firmware, sizeof p->firmware);
	if (e->phase != SNIFF_PHASE_NONE)
		wizard_phase(w, p, e->phase);
	if (e->phase >= SNIFF_PHASE_GOT_IP)
		p->queued = 0;	/* it was given an address: no more queued */
	strlcpy(p->detail, e->detail, sizeof p->detail);
	if (e->plan[0] != '\0') {
		strlcpy(p->plan, e->plan, sizeof p->plan);
		p->step = e->step;
		p->steps = e->steps;
	}
	if (p->phase == SNIFF_PHASE_FAILED && e->detail[0] != '\0')
		strlcpy(p->problem, e->detail, sizeof p->problem);
	if (isnew)
		wizard_logf(w, WLOG_INFO, "phone %s %s seen (via %s)",
		    p->model[0] != '\0' ? p->model : "?", p->mac, e->via);
	if (named && !w->model_chosen && model_find(p->model) != NULL)
		strlcpy(w->model, p->model, sizeof w->model);
}

void
wizard_phone_plan_line(const struct wizard_phone *p, int ascii, char *buf,
    size_t len)
{
	const char	*s = p->plan, *a;
	size_t		 o = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	while (*s != '\0' && o + 4 < len) {
		if (!ascii && strncmp(s, " -> ", 4) == 0) {
			for (a = " \xe2\x86\x92 "; *a != '\0'; a++)
				buf[o++] = *a;
			s += 4;
		} else
			buf[o++] = *s++;
	}
	buf[o] = '\0';
	if (p->steps > 0 && o < len)
		snprintf(buf + o, len - o, ", step %u of %u", p->step,
		    p->steps);
}

/* A lease is a log line; the tracker's `phone` event moves the row. */
static void
wizard_on_lease(struct wizard *w, const struct ev_dhcp_lease *e)
{
	char	 ip[EV_IP_LEN];

	if (e->state == EV_LEASE_OFFER)
		return;
	util_ip_str(ip, sizeof ip, e->ip);
	wizard_logf(w, WLOG_INFO, "%s got %s", e->mac, ip);
}

static void
wizard_on_tftp(struct wizard *w, const struct ev *ev)
{
	const struct ev_tftp	*t = &ev->u.tftp;
	/* The tracker named the phone behind the transfer (t->mac). */
	struct wizard_phone	*p = wizard_phone(w, t->mac, 0);
	struct wizard_xfer	*x;
	const char		*why;
	char			 text[EV_TEXT_LEN * 3];
	int			 expected;

	switch (ev->type) {
	case EV_TFTP_START:
		x = wizard_xfer(w, t->xfer, 1);
		ev_sockaddr_str(x->client, sizeof x->client, &t->client);
		strlcpy(x->file, t->file, sizeof x->file);
		if (p != NULL)
			strlcpy(x->mac, p->mac, sizeof x->mac);
		x->size = t->size;
		x->size_known = t->size_known || t->size != 0;
		wizard_logf(w, WLOG_INFO, "%s asks for %s",
		    p != NULL ? p->mac : x->client, t->file);
		break;
	case EV_TFTP_PROGRESS:
		if ((x = wizard_xfer(w, t->xfer, 0)) == NULL)
			return;
		x->bytes = t->bytes;
		if (t->size != 0) {
			x->size = t->size;
			x->size_known = 1;
		}
		x->updated_ms = clock_now_ms();
		break;
	case EV_TFTP_DONE:
		if ((x = wizard_xfer(w, t->xfer, 0)) == NULL)
			return;
		x->bytes = t->bytes;
		if (!x->size_known || x->size < x->bytes)
			x->size = t->bytes;
		x->size_known = 1;
		x->state = WX_DONE;
		x->seconds = t->seconds;
		x->finished_ms = x->updated_ms = clock_now_ms();
		wizard_logf(w, WLOG_INFO, "sent %s (%llu bytes)", x->file,
		    (unsigned long long)x->bytes);
		wizard_check_done(w);
		break;
	case EV_TFTP_ERROR:
		why = t->code == 1 ? cisco_file_optional(t->file) : NULL;
		expected = why != NULL;
		x = wizard_xfer(w, t->xfer, 0);
		/* A refused request is a row too (expected misses: log only). */
		if (x == NULL && !expected) {
			x = wizard_xfer(w, (1ULL << 63) | ++w->nrefused, 1);
			ev_sockaddr_str(x->client, sizeof x->client, &t->client);
			strlcpy(x->file, t->file, sizeof x->file);
			if (p != NULL)
				strlcpy(x->mac, p->mac, sizeof x->mac);
		}
		if (x != NULL) {
			x->state = WX_FAILED;
			x->code = t->code;
			x->finished_ms = x->updated_ms = clock_now_ms();
		}
		if (expected) {
			wizard_logf(w, WLOG_EXPECTED, "not found: %s (%s)",
			    t->file, why);
			break;
		}
		if (t->code == 1) {
			snprintf(text, sizeof text, "The phone wants %s, which "
			    "is not in %s: import the firmware that has it.",
			    t->file, w->root);
			wizard_problem(w, "file_missing",
			    p != NULL ? p->mac : "", text);
			wizard_logf(w, WLOG_WARN, "missing: %s", t->file);
		} else {
			snprintf(text, sizeof text, "Transfer of %s failed "
			    "(%s): the phone will ask again; if it keeps "
			    "failing, check the cable.", t->file,
			    t->message[0] != '\0' ? t->message : "error");
			wizard_problem(w, "tftp_error",
			    p != NULL ? p->mac : "", text);
			wizard_logf(w, WLOG_WARN, "%s: %s (code %d)", t->file,
			    t->message, t->code);
		}
		if (p != NULL && !p->done)
			strlcpy(p->problem, text, sizeof p->problem);
		break;
	default:
		break;
	}
}

/* The DHCP guard's notices: its state, shown by the live screen. */
static int
wizard_on_guard(struct wizard *w, const struct ev_notice *n)
{
	struct wizard_guard	*g = &w->guard;

	if (strcmp(n->code, "dhcp_stopped") == 0) {
		g->stopped = 1;
		g->forced = 0;
	} else if (strcmp(n->code, "dhcp_still_stopped") == 0)
		g->stopped = 1;
	else if (strcmp(n->code, "dhcp_resumed") == 0)
		g->stopped = g->forced = 0;
	else if (strcmp(n->code, "dhcp_forced") == 0) {
		g->stopped = 0;
		g->forced = 1;
	} else
		return (0);
	g->checking = 0;
	strlcpy(g->text, n->text, sizeof g->text);
	return (1);
}

static void
wizard_on_notice(struct wizard *w, const struct ev_notice *n)
{
	struct wizard_phone	*p;
	enum wizard_log_kind	 k;
	char			 busy[EV_TEXT_LEN];

	/* The phone table's word that a phone is back: our own line says it. */
	if (strcmp(n->code, "recovered") == 0)
		return;
	k = n->level == EV_ERROR ? WLOG_ERROR :
	    n->level == EV_WARN ? WLOG_WARN : WLOG_INFO;
	wizard_logf(w, k, "%s", n->text);
	/* The live screen's "link down since" line. */
	if (strcmp(n->code, "link_down") == 0) {
		w->link_down = 1;
		w->link_down_ms = clock_now_ms();
		/* Serve cannot know; we do: name the phones that explain it. */
		if (wizard_phones_busy(w, busy, sizeof busy) > 0)
			wizard_logf(w, WLOG_INFO, "mid-recovery: %s. The phone "
			    "rebooted: the link drops for a few seconds, that "
			    "is expected", busy);
	} else if (strcmp(n->code, "link_up") == 0)
		w->link_down = 0;
	/* --max-flashing: the phone waits for a slot, or has its turn. */
	if (strcmp(n->code, "queued") == 0 || strcmp(n->code, "dequeued") == 0) {
		if ((p = wizard_phone(w, n->mac, 1)) != NULL) {
			p->queued = n->code[0] == 'q';
			strlcpy(p->detail, p->queued ? "queued: waits for a "
			    "free slot (--max-flashing)" : "", sizeof p->detail);
		}
		return;
	}
	/* The live screen shows the guard's state with its choices. */
	if (wizard_on_guard(w, n) || k == WLOG_INFO)
		return;
	wizard_problem(w, n->code, n->mac, n->text);
	if ((p = wizard_phone(w, n->mac, 0)) != NULL && !p->done) {
		strlcpy(p->problem, n->text, sizeof p->problem);
		if (k == WLOG_ERROR)
			wizard_phase(w, p, SNIFF_PHASE_FAILED);
	}
}

static void
wizard_on_server(struct wizard *w, const struct ev_dhcp_server *s)
{
	char	 text[EV_TEXT_LEN * 3], server[EV_IP_LEN];
	size_t	 i;

	util_ip_str(server, sizeof server, s->server);
	snprintf(text, sizeof text, "Another DHCP server (%s, %s) answers on "
	    "this cable: phones may take its address and never reach us. "
	    "Unplug the cable to that network.", server, s->mac);
	wizard_problem(w, "foreign_dhcp", "", text);
	wizard_logf(w, WLOG_WARN, "foreign DHCP server %s (%s)", server,
	    s->mac);
	strlcpy(w->guard.server, server, sizeof w->guard.server);
	strlcpy(w->guard.mac, s->mac, sizeof w->guard.mac);
	w->guard.offered[0] = '\0';
	if (s->offered != 0)
		util_ip_str(w->guard.offered, sizeof w->guard.offered,
		    s->offered);
	for (i = 0; i < w->nifaces; i++) {
		if (strcmp(w->ifaces[i].name, w->iface) == 0)
			w->ifaces[i].foreign_dhcp = 1;
	}
}

/* The import's progress: the firmware screen's state and the log. */
static void
wizard_on_fw(struct wizard *w, const struct ev_fw_import *f)
{
	if (f->stage == EV_FW_INFO) {
		/* A fact about the import, for the log only. */
		wizard_logf(w, WLOG_INFO, "%s", f->text);
		return;
	}
	strlcpy(w->fw.archive, f->archive, sizeof w->fw.archive);
	w->fw.stage = f->stage;
	w->fw.bytes = f->bytes;
	w->fw.total = f->total;
	w->fw.files = f->files;
	w->fw.models = f->models;
	strlcpy(w->fw.text, f->text, sizeof w->fw.text);
	/* The status line follows: "importing X" is over either way. */
	if (f->stage == EV_FW_DONE) {
		wizard_logf(w, WLOG_INFO, "imported %s: %u file%s, %u "
		    "model%s", cisco_file_base(w->fw.archive), w->fw.files,
		    w->fw.files == 1 ? "" : "s", w->fw.models,
		    w->fw.models == 1 ? "" : "s");
		snprintf(w->message, sizeof w->message, "imported %.200s",
		    cisco_file_base(w->fw.archive));
	} else if (f->stage == EV_FW_FAILED) {
		wizard_logf(w, WLOG_ERROR, "import failed: %s",
		    w->fw.text);
		snprintf(w->message, sizeof w->message, "import of %.60s "
		    "failed: %.170s", cisco_file_base(w->fw.archive), w->fw.text);
	}
	else if (f->stage == EV_FW_WARNING)
		wizard_logf(w, WLOG_WARN, "%s", w->fw.text);
}

/*
 * After any event: a phone arriving (or failing) after the end, not done
 * any more; the last one back (by the tracker's word): done.
 */
static void
wizard_recheck_done(struct wizard *w)
{
	if (w->step == WIZ_DONE && wizard_phones_done(w) < w->nphones) {
		w->step = WIZ_SERVING;
		wizard_logf(w, WLOG_INFO, "a phone is not back up yet: the "
		    "recovery goes on");
	} else if (w->step == WIZ_SERVING)
		wizard_check_done(w);
}

void
wizard_event(struct wizard *w, const struct ev *ev)
{
	const struct ev_ready	*r;
	enum wizard_log_kind	 k;

	switch (ev->type) {
	case EV_LOG:
		/* Info lines repeat what the events already said: skip them. */
		k = ev->u.log.level <= LOG_LVL_ERROR ? WLOG_ERROR : WLOG_WARN;
		if (ev->u.log.level <= LOG_LVL_WARN)
			wizard_logf(w, k, "%s", ev->u.log.text);
		break;
	case EV_READY:
		r = &ev->u.ready;
		/* Our own address, for processNodeName: bare. */
		util_ip_str(w->server_addr, sizeof w->server_addr,
		    r->address.ip);
		snprintf(w->serving, sizeof w->serving, "%s %.16s/%u%s%s%s",
		    r->iface, w->server_addr, r->address.len,
		    r->dhcp ? " DHCP" : "", r->tftp ? " TFTP" : "",
		    r->sniff ? " sniff" : "");
		strlcpy(w->iface, r->iface, sizeof w->iface);
		if (r->root[0] != '\0')
			strlcpy(w->root, r->root, sizeof w->root);
		w->running = 1;
		wizard_logf(w, WLOG_INFO, "serving on %s from %s", w->serving,
		    w->root);
		break;
	case EV_STOP:
		wizard_logf(w, WLOG_WARN, "engines stopped: %s",
		    ev->u.stop.reason);
		w->serving[0] = '\0';
		w->link_down = 0;
		w->server_addr[0] = '\0';
		if (w->step == WIZ_SERVING || w->step == WIZ_KEYPAD) {
			snprintf(w->failure, sizeof w->failure, "The engines "
			    "stopped (%s).  Press b to pick the interface again.",
			    ev->u.stop.reason);
			w->step = WIZ_FAILED;
		}
		break;
	case EV_PHONE:
		wizard_on_phone(w, &ev->u.phone);
		break;
	case EV_DHCP_LEASE:
		wizard_on_lease(w, &ev->u.lease);
		break;
	case EV_DHCP_SERVER_SEEN:
		wizard_on_server(w, &ev->u.server);
		break;
	case EV_TFTP_START:
	case EV_TFTP_PROGRESS:
	case EV_TFTP_DONE:
	case EV_TFTP_ERROR:
		wizard_on_tftp(w, ev);
		break;
	case EV_NOTICE:
		wizard_on_notice(w, &ev->u.notice);
		break;
	case EV_FW_IMPORT:
		wizard_on_fw(w, &ev->u.fw);
		break;
	default:
		break;
	}
	wizard_recheck_done(w);
	if (ev->type != EV_LOG || ev->u.log.level <= LOG_LVL_WARN)
		wizard_changed(w);
}

int
wizard_cmd_dhcp_check(struct wizard *w)
{
	if (!w->guard.stopped)
		return (wizard_say(w, -1, "DHCP is being offered: nothing to "
		    "check"));
	if (w->host.dhcp_check == NULL || w->host.dhcp_check(w->host.arg) != 0)
		return (wizard_say(w, -1, "cannot check for the other DHCP "
		    "server now"));
	w->guard.checking = 1;
	wizard_changed(w);
	return (wizard_say(w, 0, "asking for DHCP servers again ..."));
}

int
wizard_cmd_dhcp_force(struct wizard *w)
{
	if (!w->guard.stopped)
		return (wizard_say(w, -1, "DHCP is being offered already"));
	if (w->host.dhcp_force == NULL)
		return (wizard_say(w, -1, "cannot change DHCP in this mode"));
	w->host.dhcp_force(w->host.arg);
	wizard_changed(w);
	return (wizard_say(w, 0, "serving DHCP anyway next to %s",
	    w->guard.server[0] != '\0' ? w->guard.server : "the other server"));
}

int
wizard_link_down(const struct wizard *w, uint64_t *for_ms)
{
	if (!w->link_down)
		return (0);
	*for_ms = clock_now_ms() - w->link_down_ms;
	return (1);
}

const struct wizard_guard *
wizard_guard(const struct wizard *w)
{
	return (&w->guard);
}

int
wizard_cmd_refresh_ifaces(struct wizard *w)
{
	size_t	 i, j;
	struct wizard_iface old[WIZ_MAX_IFACES];
	size_t	 nold = w->nifaces;

	if (w->host.list_ifaces == NULL)
		return (wizard_say(w, -1, "no interface list in this mode"));
	memcpy(old, w->ifaces, sizeof old);
	w->nifaces = w->host.list_ifaces(w->host.arg, w->ifaces,
	    WIZ_MAX_IFACES);
	/* Keep what we learned about foreign DHCP servers. */
	for (i = 0; i < w->nifaces; i++) {
		for (j = 0; j < nold; j++) {
			if (strcmp(old[j].name, w->ifaces[i].name) == 0)
				w->ifaces[i].foreign_dhcp |= old[j].foreign_dhcp;
		}
	}
	wizard_changed(w);
	return (0);
}

void
wizard_set_ifaces(struct wizard *w, const struct wizard_iface *v, size_t n)
{
	if (n > WIZ_MAX_IFACES)
		n = WIZ_MAX_IFACES;
	memcpy(w->ifaces, v, n * sizeof *v);
	w->nifaces = n;
	wizard_changed(w);
}

enum wizard_verdict
wizard_iface_verdict(const struct wizard_iface *i)
{
	if (i->loopback)
		return (WV_LOOPBACK);
	if (i->foreign_dhcp)
		return (WV_FOREIGN_DHCP);
	if (i->default_route)
		return (WV_DEFAULT_ROUTE);
	if (i->wireless)
		return (WV_WIRELESS);
	if (!i->carrier)
		return (WV_NO_CARRIER);
	return (WV_OK);
}

const char *
wizard_verdict_text(enum wizard_verdict v)
{
	switch (v) {
	case WV_OK:
		return ("ready: nothing else seen on this cable");
	case WV_NO_CARRIER:
		return ("no link: plug the cable in (phone or switch)");
	case WV_WIRELESS:
		return ("wireless: phones need a cable, pick a wired port");
	case WV_DEFAULT_ROUTE:
		return ("has the default route: serving DHCP here would "
		    "disturb that network");
	case WV_FOREIGN_DHCP:
		return ("another DHCP server answers here: serving would "
		    "fight it");
	case WV_LOOPBACK:
		return ("loopback: no phone can be here");
	}
	return ("unknown");
}

/* Serving stopped: what was in flight did not finish. */
static void
wizard_cut_xfers(struct wizard *w)
{
	size_t	 i;

	for (i = 0; i < w->nxfers; i++) {
		if (w->xfers[i].state == WX_RUNNING) {
			w->xfers[i].state = WX_FAILED;
			w->xfers[i].finished_ms = clock_now_ms();
		}
	}
}

/* Cut a start under way short (another pick, s, or the way out). */
static void
wizard_cancel_start(struct wizard *w)
{
	if (!w->starting)
		return;
	w->starting = 0;
	wizard_logf(w, WLOG_WARN, "stopped starting on %s", w->start_iface);
	if (w->host.stop != NULL)
		w->host.stop(w->host.arg);
}

/* Serving on name now: on to the firmware step. */
static int
wizard_serving_on(struct wizard *w, const char *name)
{
	w->running = 1;
	strlcpy(w->iface, name, sizeof w->iface);
	w->failure[0] = '\0';
	w->step = WIZ_IMPORT_FW;
	return (wizard_say(w, 0, "serving on %s", name));
}

static int
wizard_start_failed(struct wizard *w, const char *name, const char *err)
{
	wizard_logf(w, WLOG_ERROR, "cannot serve on %s: %s", name, err);
	return (wizard_say(w, -1, "cannot serve on %s: %s", name, err));
}

int
wizard_cmd_pick_iface(struct wizard *w, const char *name, int force)
{
	const struct wizard_iface	*it = NULL;
	enum wizard_verdict		 v;
	char				 err[EV_TEXT_LEN];
	size_t				 i;
	int				 r = 0;

	if (w->step != WIZ_PICK_IFACE)
		return (wizard_say(w, -1, "pick the interface on the first step"));
	if (w->running && strcmp(w->iface, name) == 0 && !force) {
		/* Already serving there: going forward never restarts it. */
		w->step = WIZ_IMPORT_FW;
		return (wizard_say(w, 0, "still serving on %s", name));
	}
	if (w->starting && strcmp(w->start_iface, name) == 0 && !force)
		return (wizard_say(w, 0, "still starting on %s: wait, or s to "
		    "stop", name));
	for (i = 0; i < w->nifaces; i++) {
		if (strcmp(w->ifaces[i].name, name) == 0)
			it = &w->ifaces[i];
	}
	if (it != NULL && !force) {
		v = wizard_iface_verdict(it);
		if (v == WV_DEFAULT_ROUTE || v == WV_FOREIGN_DHCP ||
		    v == WV_WIRELESS || v == WV_LOOPBACK)
			return (wizard_say(w, -1, "%s is not safe to serve "
			    "on (see why): F uses it anyway", name));
	}
	wizard_cancel_start(w);
	if (w->running) {
		wizard_logf(w, WLOG_WARN, "stopped serving on %s: switching to "
		    "%s", w->iface, name);
		if (w->host.stop != NULL)
			w->host.stop(w->host.arg);
		wizard_cut_xfers(w);
		w->serving[0] = '\0';
		w->server_addr[0] = '\0';
	}
	w->running = 0;
	err[0] = '\0';
	strlcpy(w->start_iface, name, sizeof w->start_iface);
	strlcpy(w->start_words, "starting", sizeof w->start_words);
	(void)wizard_say(w, 0, "starting on %s...", name);
	if (w->host.start != NULL &&
	    (r = w->host.start(w->host.arg, name, force, err, sizeof err)) < 0)
		return (wizard_start_failed(w, name, err));
	if (r > 0) {
		/* Under way on the loop: wizard_host_started() tells the end. */
		w->starting = 1;
		return (0);
	}
	return (wizard_serving_on(w, name));
}

void
wizard_host_starting(struct wizard *w, const char *words)
{
	strlcpy(w->start_words, words, sizeof w->start_words);
	(void)wizard_say(w, 0, "starting: %s...", words);
}

void
wizard_host_started(struct wizard *w, int rc, const char *err)
{
	if (!w->starting) {
		/* Serving ended (its interface gone for good, say). */
		if (rc != 0 && w->running) {
			wizard_logf(w, WLOG_ERROR, "stopped serving on %s: %s",
			    w->iface, err);
			wizard_cut_xfers(w);
			w->running = 0;
			w->serving[0] = '\0';
			w->server_addr[0] = '\0';
			(void)wizard_say(w, -1, "cannot serve on %s: %s",
			    w->iface, err);
		}
		return;
	}
	w->starting = 0;
	if (rc != 0) {
		(void)wizard_start_failed(w, w->start_iface, err);
		return;
	}
	/* Wherever the technician went meanwhile, serving takes them on. */
	if (w->step == WIZ_PICK_IFACE)
		(void)wizard_serving_on(w, w->start_iface);
	else {
		w->running = 1;
		strlcpy(w->iface, w->start_iface, sizeof w->iface);
		w->failure[0] = '\0';
	}
}

int
wizard_starting(const struct wizard *w)
{
	return (w->starting);
}

const char *
wizard_start_words(const struct wizard *w)
{
	return (w->starting ? w->start_words : "");
}

int
wizard_cmd_import(struct wizard *w, const char *path)
{
	char	 err[EV_TEXT_LEN];

	if (path == NULL || path[0] == '\0')
		return (wizard_say(w, -1, "type the path of a firmware archive"));
	if (w->host.import == NULL)
		return (wizard_say(w, -1, "importing needs the firmware engine; "
		    "run: phonerescue import -r %s %s", w->root, path));
	memset(&w->fw, 0, sizeof w->fw);
	strlcpy(w->fw.archive, path, sizeof w->fw.archive);
	w->fw.stage = EV_FW_READING;
	err[0] = '\0';
	if (w->host.import(w->host.arg, path, err, sizeof err) != 0) {
		w->fw.stage = EV_FW_FAILED;
		strlcpy(w->fw.text, err, sizeof w->fw.text);
		return (wizard_say(w, -1, "import: %s", err));
	}
	return (wizard_say(w, 0, "importing %s", cisco_file_base(path)));
}

int
wizard_cmd_write_sep(struct wizard *w, const char *mac)
{
	const struct wizard_phone	*p = wizard_phone(w, mac, 0);
	char				 err[EV_TEXT_LEN];

	if (w->host.write_sep == NULL)
		return (wizard_say(w, -1, "writing configs needs the config "
		    "engine; run: phonerescue config gen"));
	err[0] = '\0';
	if (w->host.write_sep(w->host.arg, mac, p != NULL ? p->model : w->model,
	    err, sizeof err) != 0)
		return (wizard_say(w, -1, "SEP file for %s: %s", mac, err));
	wizard_logf(w, WLOG_INFO, "wrote a SEP config for %s (processNodeName "
	    "%s)", mac, w->server_addr[0] != '\0' ? w->server_addr :
	    w->host.default_server != NULL ? w->host.default_server :
	    "the default");
	return (wizard_say(w, 0, "wrote a SEP config for %s", mac));
}

/* The root's catalogue, per model (see wizard.h): the host's to read. */
size_t
wizard_catalog(const struct wizard *w, struct wizard_load *v, size_t max)
{
	if (w->host.catalog == NULL)
		return (0);
	return (w->host.catalog(w->host.arg, w->root, v, max));
}

int
wizard_cmd_set_model(struct wizard *w, const char *name)
{
	const struct model	*m = model_find(name);

	if (m == NULL)
		return (wizard_say(w, -1, "unknown model %s", name));
	strlcpy(w->model, m->name, sizeof w->model);
	w->model_chosen = 1;
	return (wizard_say(w, 0, "model %s", m->name));
}

int
wizard_cmd_keypad_go(struct wizard *w)
{
	if (w->step != WIZ_KEYPAD)
		return (wizard_say(w, -1, "not on the keypad step"));
	w->keypad = WKP_ENTRY;
	w->keypad_ms = clock_now_ms();
	return (wizard_say(w, 0, "type the sequence now"));
}

int
wizard_cmd_keypad_typed(struct wizard *w)
{
	return (wizard_cmd_keypad_typed_code(w, 0));
}

int
wizard_cmd_keypad_typed_code(struct wizard *w, int format)
{
	const struct model	*m = model_find(w->model);

	if (w->step != WIZ_KEYPAD)
		return (wizard_say(w, -1, "not on the keypad step"));
	if (format && (m == NULL || m->hard_reset[0] == '\0'))
		return (wizard_say(w, -1, "the %s has no flash-format code",
		    w->model));
	w->keypad = WKP_WAIT;
	w->keypad_ms = clock_now_ms();
	w->keypad_format = format;
	wizard_logf(w, WLOG_INFO, "%s typed on the %s: waiting for it",
	    format ? "flash format (3491672850*#)" : "factory reset", w->model);
	return (wizard_say(w, 0, "typed: do not unplug the phone now"));
}

int
wizard_keypad_format(const struct wizard *w)
{
	return (w->keypad_format);
}

int
wizard_cmd_goto(struct wizard *w, enum wizard_step s)
{
	if (s >= WIZ__COUNT || s == WIZ_FAILED)
		return (wizard_say(w, -1, "no such step"));
	/* Moving between steps never stops the engines (wizard_cmd_stop). */
	if (s != WIZ_PICK_IFACE && w->step == WIZ_PICK_IFACE && !w->running)
		return (wizard_say(w, -1, "pick an interface first"));
	/* Coming back from the live view keeps the keypad timers. */
	if (s == WIZ_KEYPAD && w->step < WIZ_KEYPAD)
		w->keypad = WKP_PREPARE;
	w->step = s;
	if (s == WIZ_SERVING)
		wizard_check_done(w);
	return (wizard_say(w, 0, "%s", step_titles[s]));
}

int
wizard_cmd_stop(struct wizard *w)
{
	if (w->starting) {
		wizard_cancel_start(w);
		return (wizard_say(w, 0, "stopped starting on %s",
		    w->start_iface));
	}
	if (!w->running)
		return (wizard_say(w, -1, "not serving"));
	wizard_logf(w, WLOG_WARN, "stopped serving on %s (asked)", w->iface);
	if (w->host.stop != NULL)
		w->host.stop(w->host.arg);
	wizard_cut_xfers(w);
	w->running = 0;
	w->serving[0] = '\0';
	w->server_addr[0] = '\0';
	if (w->step != WIZ_PICK_IFACE)
		w->step = WIZ_PICK_IFACE;
	return (wizard_say(w, 0, "stopped serving on %s", w->iface));
}

int
wizard_cmd_next(struct wizard *w)
{
	switch (w->step) {
	case WIZ_PICK_IFACE:
		return (wizard_say(w, -1, "choose an interface (Enter)"));
	case WIZ_IMPORT_FW:
	case WIZ_CONFIGURE:
	case WIZ_KEYPAD:
		return (wizard_cmd_goto(w, w->step + 1));
	case WIZ_SERVING:
	case WIZ_DONE:
		return (wizard_say(w, -1, "this is the last step"));
	case WIZ_FAILED:
		return (wizard_say(w, -1, "%s", w->failure));
	default:
		log_warnx("wizard: internal state machine error");
		return (wizard_say(w, -1, "internal state machine error"));
	}
}

int
wizard_cmd_back(struct wizard *w)
{
	switch (w->step) {
	case WIZ_PICK_IFACE:
		return (wizard_say(w, -1, "this is the first step"));
	case WIZ_IMPORT_FW:
	case WIZ_CONFIGURE:
	case WIZ_KEYPAD:
	case WIZ_SERVING:
		return (wizard_cmd_goto(w, w->step - 1));
	case WIZ_DONE:
		return (wizard_cmd_goto(w, WIZ_KEYPAD));
	case WIZ_FAILED:
		return (wizard_cmd_goto(w, WIZ_PICK_IFACE));
	default:
		log_warnx("wizard: internal state machine error");
		return (wizard_say(w, -1, "internal state machine error"));
	}
}

enum wizard_step
wizard_step(const struct wizard *w)
{
	return (w->step);
}

const char *
wizard_step_name(enum wizard_step s)
{
	return (s < WIZ__COUNT ? step_names[s] : "?");
}

const char *
wizard_step_title(enum wizard_step s)
{
	return (s < WIZ__COUNT ? step_titles[s] : "?");
}

const char *
wizard_phase_name(enum sniff_phase p)
{
	return (p < SNIFF_PHASE__COUNT ? phase_names[p] : "?");
}

const char *
wizard_message(const struct wizard *w)
{
	return (w->message);
}

const char *
wizard_root(const struct wizard *w)
{
	return (w->root);
}

const char *
wizard_iface_name(const struct wizard *w)
{
	return (w->iface);
}

const char *
wizard_serving_text(const struct wizard *w)
{
	return (w->serving);
}

const char *
wizard_server_addr(const struct wizard *w)
{
	return (w->server_addr);
}

const char *
wizard_failure(const struct wizard *w)
{
	return (w->failure);
}

int
wizard_engines_running(const struct wizard *w)
{
	return (w->running);
}

size_t
wizard_iface_count(const struct wizard *w)
{
	return (w->nifaces);
}

const struct wizard_iface *
wizard_iface_at(const struct wizard *w, size_t i)
{
	return (i < w->nifaces ? &w->ifaces[i] : NULL);
}

const struct wizard_fw *
wizard_fw(const struct wizard *w)
{
	return (&w->fw);
}

const char *
wizard_model(const struct wizard *w)
{
	return (w->model);
}

enum wizard_keypad
wizard_keypad_state(const struct wizard *w)
{
	return (w->keypad);
}

uint64_t
wizard_keypad_ms(const struct wizard *w, uint64_t now)
{
	uint64_t	 gone = now > w->keypad_ms ? now - w->keypad_ms : 0;

	switch (w->keypad) {
	case WKP_ENTRY:
		return (gone >= WIZ_KEYPAD_WINDOW_MS ? 0 :
		    WIZ_KEYPAD_WINDOW_MS - gone);
	case WKP_WAIT:
		return (gone);
	default:
		return (0);
	}
}

size_t
wizard_phone_count(const struct wizard *w)
{
	return (w->nphones);
}

const struct wizard_phone *
wizard_phone_at(const struct wizard *w, size_t i)
{
	return (i < w->nphones ? &w->phones[i] : NULL);
}

size_t
wizard_phones_done(const struct wizard *w)
{
	size_t	 i, n = 0;

	for (i = 0; i < w->nphones; i++)
		n += w->phones[i].done != 0;
	return (n);
}

/* The bench at a glance (issue 21): seen, flashing, back up, failed. */
void
wizard_bench_counts(const struct wizard *w, struct wizard_bench *b)
{
	const struct wizard_phone	*p;
	size_t				 i;

	memset(b, 0, sizeof *b);
	b->seen = w->nphones;
	for (i = 0; i < w->nphones; i++) {
		p = &w->phones[i];
		if (p->done)
			b->up++;
		else if (p->phase == SNIFF_PHASE_FAILED)
			b->failed++;
		else if (p->phase == SNIFF_PHASE_FETCHING_LOAD ||
		    p->phase == SNIFF_PHASE_FLASHING)
			b->flashing++;
	}
}

size_t
wizard_xfer_count(const struct wizard *w)
{
	return (w->nxfers);
}

const struct wizard_xfer *
wizard_xfer_at(const struct wizard *w, size_t i)
{
	return (i < w->nxfers ? &w->xfers[i] : NULL);
}

size_t
wizard_problem_count(const struct wizard *w)
{
	return (w->nproblems);
}

const struct wizard_problem *
wizard_problem_at(const struct wizard *w, size_t i)
{
	return (i < w->nproblems ? &w->problems[i] : NULL);
}

size_t
wizard_log_count(const struct wizard *w)
{
	return (w->nlog);
}

const struct wizard_log *
wizard_log_at(const struct wizard *w, size_t i)
{
	if (i >= w->nlog)
		return (NULL);
	return (&w->log[(w->log_first + i) % WIZ_LOG_LINES]);
}

uint64_t
wizard_xfer_rate(const struct wizard_xfer *x, uint64_t now)
{
	uint64_t	 end = x->state != WX_RUNNING ? x->finished_ms : now;
	uint64_t	 ms = end > x->started_ms ? end - x->started_ms : 0;

	/* The engine's own time when it gave one (small files: < 1 ms). */
	if (x->state == WX_DONE && x->seconds > 0)
		return ((uint64_t)((double)x->bytes / x->seconds));
	if (ms == 0)
		return (0);
	return (x->bytes * 1000 / ms);
}

uint64_t
wizard_xfer_eta_ms(const struct wizard_xfer *x, uint64_t now)
{
	uint64_t	 rate = wizard_xfer_rate(x, now);

	if (x->state != WX_RUNNING || !x->size_known || rate == 0 ||
	    x->bytes >= x->size)
		return (0);
	return ((x->size - x->bytes) * 1000 / rate);
}

/*
 * Phones between their first file and "back up": quitting or stopping
 * now would leave them asking.  Fills buf with "7970 00:1b:.. (flashing)"
 * words, comma separated; a transfer no phone is known for counts as one.
 */
size_t
wizard_phones_busy(const struct wizard *w, char *buf, size_t len)
{
	const struct wizard_phone	*p;
	const struct wizard_xfer	*x;
	size_t				 i, j, n = 0, iplen;
	int				 busy, owned;
	char				 one[128];

	if (len > 0)
		buf[0] = '\0';
	for (i = 0; i < w->nphones; i++) {
		p = &w->phones[i];
		if (p->done || p->phase == SNIFF_PHASE_FAILED)
			continue;
		busy = p->phase >= SNIFF_PHASE_FETCHING_LOAD &&
		    p->phase <= SNIFF_PHASE_REQUESTING_CONFIG;
		for (j = 0; j < w->nxfers && !busy; j++) {
			x = &w->xfers[j];
			iplen = strlen(p->ip);
			busy = x->state == WX_RUNNING && ((x->mac[0] != '\0' &&
			    strcasecmp(x->mac, p->mac) == 0) || (iplen > 0 &&
			    strncmp(x->client, p->ip, iplen) == 0 &&
			    (x->client[iplen] == ':' || x->client[iplen] == '\0')));
		}
		if (!busy)
			continue;
		snprintf(one, sizeof one, "%s%s %s (%s)", n > 0 ? ", " : "",
		    p->model[0] != '\0' ? p->model : "phone", p->mac,
		    phase_names[p->phase]);
		if (len > 0)
			strlcpy(buf + strlen(buf), one, len - strlen(buf));
		n++;
	}
	for (j = 0; j < w->nxfers; j++) {
		x = &w->xfers[j];
		if (x->state != WX_RUNNING)
			continue;
		for (i = 0, owned = 0; i < w->nphones && !owned; i++) {
			p = &w->phones[i];
			iplen = strlen(p->ip);
			owned = (x->mac[0] != '\0' &&
			    strcasecmp(x->mac, p->mac) == 0) || (iplen > 0 &&
			    strncmp(x->client, p->ip, iplen) == 0 &&
			    (x->client[iplen] == ':' || x->client[iplen] == '\0'));
		}
		if (owned)
			continue;
		snprintf(one, sizeof one, "%sa phone at %.*s (fetching %s)",
		    n > 0 ? ", " : "", (int)strcspn(x->client, ":"), x->client,
		    cisco_file_base(x->file));
		if (len > 0)
			strlcpy(buf + strlen(buf), one, len - strlen(buf));
		n++;
	}
	return (n);
}
