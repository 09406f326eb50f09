/*
 * The phone table: what each dissected frame says about the phone that
 * sent it (or the one it answers), and what our own engines' events say
 * (leases, transfers), turned into one row per MAC and a phase
 * (cisco-phones.md 2 and 10.1: VLAN -> DHCP -> load -> components ->
 * reboot -> configuration).  Pure logic: frames, events and times come
 * in, events go out through the emit callback.
 */
#include "config.h"

#include <arpa/inet.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compat.h"
#include "sniff/dissect.h"
#include "ev.h"
#include "fw/loads.h"
#include "model/cisco_file.h"
#include "model/model.h"
#include "phase.h"
#include "phone_plan.h"
#include "phones.h"
#include "sniff/sniff.h"
#include "tunables.h"
#include "util.h"
#include "xmalloc.h"

/* Hints given to a row, once each. */
#define HINT_DHCP	0x01
#define HINT_NO_FILE	0x02
#define HINT_ARP	0x04
#define HINT_LOAD	0x08
#define HINT_VLAN	0x10

/* Engine input: transfer ids remembered, refused loads told (once a minute). */
#define PHONES_XFERS	64
#define PHONES_TOLD	16
#define NOLOAD_REPEAT_MS 60000	/* phones retry every minute or two */

/* Where a model came from: the phone's own words beat a file name. */
#define MODEL_FROM_FILE	1
#define MODEL_FROM_SELF	2

struct phone {
	struct sniff_phone	 pub;
	int			 announced;	/* confirmed to be a phone */
	int			 emitted;	/* a `phone` event went out */
	int			 model_prio;
	int			 vlan_tagged;	/* VLAN from a tag, not a TLV */
	/* As last announced, to emit on change only. */
	char			 e_model[16], e_firmware[64];
	uint32_t		 e_ip;
	unsigned		 e_vlan, e_k;
	enum sniff_phase	 e_phase;
	/* Flashing: distinct component names (hashes) in request order. */
	uint32_t		 comps[SNIFF_MAX_COMPONENTS];
	unsigned		 ncomps;
	uint32_t		 loads_hash;
	unsigned		 loads_rrqs;	/* same .loads, no component since */
	struct phase_track	 track;		/* the phase rules' record (phase.h) */
	uint64_t		 back_ms;	/* entered a final phase then; 0: not */
	int			 offered;	/* some server offered it an address */
	unsigned		 arp_count;	/* probes and announcements */
	unsigned		 hints;
	/* The name and serial it reports (CDP/LLDP); news: not emitted yet. */
	char			 name[64], serial[32];
	int			 news;
	struct phone_plan	 pl;		/* its upgrade plan (phone_plan.h) */
	unsigned		 e_step;
	int			 e_plan;
};

struct phones {
	struct phones_opts	 o;
	struct phone		*rows;
	size_t			 nrows;
	uint32_t		 servers[SNIFF_MAX_SERVERS];	/* reported once each */
	size_t			 nservers;
	uint64_t		 malformed;
	uint64_t		 last_ms;	/* the latest time fed in */
	int			 full_warned;
	int			 frames;	/* a capture feeds frames */
	uint64_t		 started[PHONES_XFERS];	/* transfers begun */
	size_t			 nstarted;
	struct {
		uint32_t	 hash;		/* a default load refused */
		uint64_t	 at;
	}			 told[PHONES_TOLD];
};

static void	 dstr(char *, size_t, const struct dissect_str *);
static struct phone *row_find(struct phones *, const uint8_t[6]);
static struct phone *row_find_ip(struct phones *, uint32_t);
static struct phone *row_evictable(struct phones *, int, uint64_t);
static struct phone *row_get(struct phones *, const uint8_t[6], uint64_t, int);
static void	 touch(struct phone *, const struct dissect_frame *, uint64_t,
		     unsigned, const char *);
static void	 set_model(struct phone *, const char *, int);
static void	 set_firmware(struct phone *, const char *);
static void	 set_phase(struct phone *, uint64_t, const char *, ...)
		     __attribute__((format(printf, 3, 4)));
static void	 commit(struct phones *, struct phone *, uint64_t);
static void	 recovered_due(struct phones *, struct phone *, uint64_t, int);
static void	 notice(struct phones *, const struct phone *, uint64_t,
		     const char *, enum ev_level, const char *, ...)
		     __attribute__((format(printf, 6, 7)));
static void	 on_cdp(struct phones *, const struct dissect_frame *, uint64_t);
static void	 on_lldp(struct phones *, const struct dissect_frame *, uint64_t);
static void	 on_dhcp(struct phones *, const struct dissect_frame *, uint64_t);
static void	 on_dhcp_reply(struct phones *, const struct dissect_frame *,
		     uint64_t);
static void	 on_arp(struct phones *, const struct dissect_frame *, uint64_t);
static void	 on_tftp(struct phones *, const struct dissect_frame *, uint64_t);
static void	 on_http(struct phones *, const struct dissect_frame *, uint64_t);
static void	 tftp_component(struct phone *, const char *, uint64_t);
static const char *model_words(const struct phone *);
static const char *mac_words(const struct phone *);
static void	 tftp_loads(struct phones *, struct phone *, const char *,
		     enum phase_why, uint64_t);
static void	 server_seen(struct phones *, const struct dissect_frame *,
		     uint64_t);
static void	 plan_refresh(struct phones *, struct phone *, uint64_t);
static void	 plan_told(struct phones *, struct phone *, uint64_t);
static void	 plan_assign(struct phones *, const struct phone *);
static void	 ip_claim(struct phones *, struct phone *, uint32_t);
static void	 trust_told(struct phones *, struct phone *, const char *,
		     uint64_t);

struct phones *
phones_new(const struct phones_opts *o)
{
	struct phones	*ph;

	ph = xcalloc(1, sizeof *ph);
	ph->o = *o;
	if (ph->o.black_ms == 0)
		ph->o.black_ms = SNIFF_BLACK_SCREEN_MS;
	ph->rows = xcalloc(SNIFF_MAX_PHONES, sizeof *ph->rows);
	return (ph);
}

void
phones_free(struct phones *ph)
{
	if (ph == NULL)
		return;
	free(ph->rows);
	free(ph);
}

size_t
phones_count(const struct phones *ph)
{
	size_t	 i, n = 0;

	for (i = 0; i < ph->nrows; i++)
		n += ph->rows[i].announced != 0;
	return (n);
}

const struct sniff_phone *
phones_at(const struct phones *ph, size_t idx)
{
	size_t	 i;

	for (i = 0; i < ph->nrows; i++) {
		if (!ph->rows[i].announced)
			continue;
		if (idx-- == 0)
			return (&ph->rows[i].pub);
	}
	return (NULL);
}

const struct sniff_phone *
phones_find(const struct phones *ph, const uint8_t mac[6])
{
	size_t	 i;

	for (i = 0; i < ph->nrows; i++) {
		if (ph->rows[i].announced &&
		    memcmp(ph->rows[i].pub.mac, mac, 6) == 0)
			return (&ph->rows[i].pub);
	}
	return (NULL);
}

uint64_t
phones_malformed(const struct phones *ph)
{
	return (ph->malformed);
}

/* A string from the frame, made safe to show; trailing NULs and blanks dropped. */
static void
dstr(char *buf, size_t len, const struct dissect_str *s)
{
	size_t	 n = s->len;

	if (s->p == NULL) {
		buf[0] = '\0';
		return;
	}
	while (n > 0 && (s->p[n - 1] == '\0' || s->p[n - 1] == ' '))
		n--;
	util_sanitise(buf, len, s->p, n);
}

/*
 * Count the components a .loads file lists, through the firmware module's
 * parser (signed header, CRLF, comments, LA_VERSION=, 7921 lines): 0 when
 * it is no .loads.  The parse result is large, so it lives on the heap; on
 * allocation failure there is no count.
 */
unsigned
phones_loads_components(const uint8_t *buf, size_t len)
{
	struct loads	*l;
	char		 err[128];
	unsigned	 count = 0;

	if ((l = calloc(1, sizeof *l)) == NULL)
		return (0);
	if (loads_parse(buf, len, l, err, sizeof err) == 0)
		count = (unsigned)l->ncomp;
	free(l);
	return (count);
}

static struct phone *
row_find(struct phones *ph, const uint8_t mac[6])
{
	size_t	 i;

	for (i = 0; i < ph->nrows; i++) {
		if (memcmp(ph->rows[i].pub.mac, mac, 6) == 0)
			return (&ph->rows[i]);
	}
	return (NULL);
}

/* A confirmed phone using ip (routed frames carry a router's MAC). */
static struct phone *
row_find_ip(struct phones *ph, uint32_t ip)
{
	size_t	 i;

	if (ip == 0)
		return (NULL);
	for (i = 0; i < ph->nrows; i++) {
		if (ph->rows[i].announced && ph->rows[i].pub.ip == ip)
			return (&ph->rows[i]);
	}
	return (NULL);
}

/*
 * A row a full table can give up for a newcomer: one that never was a
 * phone (ARP-only rows first, then the longest silent), if it is stale or
 * the newcomer is a phone; else, for a phone, a phone silent for long.
 */
static struct phone *
row_evictable(struct phones *ph, int phone, uint64_t now)
{
	struct phone	*p, *best = NULL;
	size_t		 i;
	int		 rank, best_rank = 0;

	for (i = 0; i < ph->nrows; i++) {
		p = &ph->rows[i];
		if (now < p->pub.last_ms)
			continue;
		if (!p->announced && (phone || now - p->pub.last_ms >=
		    SNIFF_STALE_MS))
			rank = p->pub.seen == SNIFF_SEEN_ARP ? 3 : 2;
		else if (p->announced && phone &&
		    now - p->pub.last_ms >= SNIFF_PHONE_STALE_MS)
			rank = 1;
		else
			continue;
		if (best == NULL || rank > best_rank || (rank == best_rank &&
		    p->pub.last_ms < best->pub.last_ms)) {
			best = p;
			best_rank = rank;
		}
	}
	return (best);
}

/*
 * Find or add a row (phone: the frame shows it is a phone); NULL for group
 * or zero addresses, ours, or a full table with no row to give up.
 */
static struct phone *
row_get(struct phones *ph, const uint8_t mac[6], uint64_t now, int phone)
{
	static const uint8_t	 zero[6];
	struct phone		*p;

	if ((p = row_find(ph, mac)) != NULL)
		return (p);
	if ((mac[0] & 0x01) != 0 || memcmp(mac, zero, 6) == 0 ||
	    memcmp(mac, ph->o.our_mac, 6) == 0)
		return (NULL);
	if (ph->nrows == SNIFF_MAX_PHONES &&
	    (p = row_evictable(ph, phone, now)) != NULL) {
		memset(p, 0, sizeof *p);
		memcpy(p->pub.mac, mac, 6);
		p->pub.first_ms = p->pub.last_ms = now;
		return (p);
	}
	if (ph->nrows == SNIFF_MAX_PHONES) {
		if (!ph->full_warned) {
			ph->full_warned = 1;
			notice(ph, NULL, now, "sniff_table_full", EV_WARN,
			    "More than %d devices seen, none silent for long: new "
			    "ones are not tracked until some go quiet.",
			    SNIFF_MAX_PHONES);
		}
		return (NULL);
	}
	p = &ph->rows[ph->nrows++];
	memset(p, 0, sizeof *p);
	memcpy(p->pub.mac, mac, 6);
	p->pub.first_ms = p->pub.last_ms = now;
	return (p);
}

/* The phone was heard from: time, source, and a VLAN tag if it had one. */
static void
touch(struct phone *p, const struct dissect_frame *f, uint64_t now,
    unsigned seen, const char *via)
{
	if (now > p->pub.last_ms)
		p->pub.last_ms = now;
	p->pub.seen |= seen;
	strlcpy(p->pub.via, via, sizeof p->pub.via);
	if (f->nvlan > 0 && memcmp(f->src, p->pub.mac, 6) == 0) {
		p->pub.vlan = f->vlan;
		p->vlan_tagged = 1;
	}
}

static void
set_model(struct phone *p, const char *name, int prio)
{
	if (name == NULL || name[0] == '\0' || prio < p->model_prio)
		return;
	strlcpy(p->pub.model, name, sizeof p->pub.model);
	p->model_prio = prio;
}

/* The name or serial it reports, kept once it has one (news to tell). */
static void
set_self(struct phone *p, char *dst, size_t size, const char *v)
{
	if (v[0] == '\0' || dst[0] != '\0')
		return;
	strlcpy(dst, v, size);
	p->news = 1;
}

static void
set_firmware(struct phone *p, const char *fw)
{
	if (fw[0] != '\0')
		strlcpy(p->pub.firmware, fw, sizeof p->pub.firmware);
}

/*
 * Show the phase the rules (phase.c) put the phone in: its clock starts
 * only on a change, the detail always updates.  Coming back to a final
 * phase starts the wait for the `recovered` notice (recovered_due): a
 * configuration may still name a load the phone lacks.
 */
static void
set_phase(struct phone *p, uint64_t now, const char *fmt, ...)
{
	enum sniff_phase	 phase = p->track.phase;
	va_list			 ap;

	if (p->pub.phase != phase) {
		if (!phase_is_final(phase))
			p->back_ms = 0;
		else if (!phase_is_final(p->pub.phase))
			p->back_ms = now != 0 ? now : 1;
		p->pub.phase = phase;
		p->pub.phase_ms = now;
	}
	va_start(ap, fmt);
	vsnprintf(p->pub.detail, sizeof p->pub.detail, fmt, ap);
	va_end(ap);
}

/*
 * The plan, made or moved on (phone_plan.h); a notice when it changes:
 * the plan, a step reached, or why nothing is flashed.
 */
static void
plan_refresh(struct phones *ph, struct phone *p, uint64_t now)
{
	if (ph->o.plan != NULL &&
	    phone_plan_update(&p->pl, p->pub.model, ph->o.plan, ph->o.plan_arg))
		plan_told(ph, p, now);
}

/* The plan changed: its notice, and a phone event with it, assigned. */
static void
plan_told(struct phones *ph, struct phone *p, uint64_t now)
{
	char		 text[160];
	struct phone_plan *pp = &p->pl;
	const char	*why = pp->rerooted ? "ROOT changed: " : "";

	p->emitted = 0;		/* a phone event with the new plan, assigned */
	phone_plan_text(pp, text, sizeof text);
	if (phone_plan_refuses(pp))
		notice(ph, p, now, "plan_lacks", EV_WARN, "Phone %s (%s): %s%s; "
		    "nothing is served that would flash it.", mac_words(p),
		    model_words(p), why, pp->plan.msg);
	else if (pp->done && (pp->step > 0 || pp->rerooted))
		notice(ph, p, now, "plan_done", EV_INFO, "Phone %s (%s) runs "
		    "the target %s: %s%s.", mac_words(p), model_words(p),
		    phone_plan_target(pp), why, text);
	else if (!pp->done)
		notice(ph, p, now, "plan_step", EV_INFO, "Phone %s (%s): %s%s, "
		    "step %u of %zu: %s (%s)%s.", mac_words(p), model_words(p),
		    why, text, pp->step + 1, pp->plan.nsteps,
		    pp->plan.step[pp->step].load, pp->plan.step[pp->step].what,
		    pp->step + 1 < pp->plan.nsteps ? "; its term file names "
		    "it, a configuration naming another load is withheld "
		    "until it runs it" : "");
	pp->rerooted = 0;
}

void
phones_replan(struct phones *ph, uint64_t now)
{
	struct phone	*p;
	size_t		 i;

	for (i = 0; ph->o.plan != NULL && i < ph->nrows; i++) {
		p = &ph->rows[i];
		if (!p->announced || !phone_plan_reroot(&p->pl, p->pub.model,
		    ph->o.plan, ph->o.plan_arg))
			continue;
		plan_told(ph, p, now);
		commit(ph, p, now);
	}
}

/* Tell the server side what this phone is to get now (by its address). */
static void
plan_assign(struct phones *ph, const struct phone *p)
{
	if (ph->o.assign == NULL || p->pub.ip == 0 || !p->pl.made)
		return;
	ph->o.assign(ph->o.assign_arg, p->pub.ip, p->pub.model,
	    phone_plan_load(&p->pl), phone_plan_refuses(&p->pl),
	    phone_plan_load(&p->pl) != NULL &&
	    p->pl.step + 1 < p->pl.plan.nsteps);
}

/* A phone that holds a foreign trust list: what to do on it. */
static void
trust_told(struct phones *ph, struct phone *p, const char *file,
    uint64_t now)
{
	set_phase(p, now, "holds a trust list from another cluster "
	    "(asked for %s): erase it on the phone", cisco_file_base(file));
	notice(ph, p, now, "trust_list", EV_WARN, "Phone %s (%s) holds a "
	    "foreign trust list, ignores unsigned configs: %s.",
	    mac_words(p), model_words(p),
	    phone_plan_trust_advice(p->pub.model));
}

/* Emit `phone` if the row is a phone and something worth telling changed. */
static void
commit(struct phones *ph, struct phone *p, uint64_t now)
{
	struct ev		 ev;
	struct ev_phone		*e = &ev.u.phone;
	const struct sniff_phone *s = &p->pub;

	if (!p->announced)
		return;
	plan_refresh(ph, p, now);
	if (p->emitted && p->e_plan == p->pl.made && p->e_step ==
	    p->pl.step + (unsigned)p->pl.done && strcmp(p->e_model, s->model) == 0 &&
	    strcmp(p->e_firmware, s->firmware) == 0 && p->e_ip == s->ip &&
	    p->e_vlan == s->vlan && p->e_phase == s->phase &&
	    (s->phase != SNIFF_PHASE_FLASHING || p->e_k == s->comp_k) &&
	    !p->news)
		return;
	p->emitted = 1;
	p->news = 0;
	strlcpy(p->e_model, s->model, sizeof p->e_model);
	strlcpy(p->e_firmware, s->firmware, sizeof p->e_firmware);
	p->e_ip = s->ip;
	p->e_vlan = s->vlan;
	p->e_phase = s->phase;
	p->e_k = s->comp_k;
	p->e_plan = p->pl.made;
	p->e_step = p->pl.step + (unsigned)p->pl.done;
	plan_assign(ph, p);

	memset(&ev, 0, sizeof ev);
	ev.type = EV_PHONE;
	ev.wall_ms = now;
	util_mac_str(e->mac, sizeof e->mac, s->mac);
	strlcpy(e->model, s->model, sizeof e->model);
	strlcpy(e->via, s->via, sizeof e->via);
	e->ip = s->ip;
	strlcpy(e->firmware, s->firmware, sizeof e->firmware);
	e->phase = s->phase;
	strlcpy(e->detail, s->detail, sizeof e->detail);
	e->vlan = s->vlan;
	strlcpy(e->name, p->name, sizeof e->name);
	strlcpy(e->serial, p->serial, sizeof e->serial);
	if (p->pl.made) {
		phone_plan_text(&p->pl, e->plan, sizeof e->plan);
		strlcpy(e->target, phone_plan_target(&p->pl), sizeof e->target);
		e->steps = (unsigned)p->pl.plan.nsteps;
		e->step = e->steps == 0 ? 0 : p->pl.done ? e->steps :
		    p->pl.step + 1;
	}
	if (ph->o.emit != NULL)
		ph->o.emit(&ev, ph->o.emit_arg);
}

/*
 * A phone that came back to a final phase and stayed there (no load
 * fetched after its configuration) for SNIFF_RECOVERED_MS, or until the
 * end of a capture (force): say it is back, once.
 */
static void
recovered_due(struct phones *ph, struct phone *p, uint64_t now, int force)
{
	if (p->back_ms == 0 || !phase_is_final(p->pub.phase) ||
	    phone_plan_pending(&p->pl) || (!force && (now < p->back_ms ||
	    now - p->back_ms < SNIFF_RECOVERED_MS)))
		return;
	p->back_ms = 0;
	notice(ph, p, now, "recovered", EV_INFO,
	    "Phone %s (%s) is back up (%s): %s.", mac_words(p), model_words(p),
	    sniff_phase_name(p->pub.phase), p->pub.detail);
}

/*
 * A configured phone that asked for the load its configuration names and
 * fetched none of it for SNIFF_RECOVERED_MS (or until the end of a
 * capture: force) runs that load: unprovisioned, and told at once.
 */
static void
settle(struct phones *ph, struct phone *p, uint64_t now, int force)
{
	/*
	 * Configured, it asked for the load its configuration names and
	 * stayed in a final phase with no component of it: it runs that
	 * load, though our delivery of its configuration was told after the
	 * ask (the phase went to unprovisioned, not through phase_settle).
	 */
	if (phase_is_final(p->pub.phase) && phone_plan_pending(&p->pl) &&
	    !phone_plan_refuses(&p->pl) && p->pub.firmware[0] != '\0' &&
	    (force || (now >= p->pub.phase_ms &&
	    now - p->pub.phase_ms >= SNIFF_RECOVERED_MS)) &&
	    phone_plan_running(&p->pl, p->pub.firmware)) {
		commit(ph, p, now);
		recovered_due(ph, p, now, 1);
		return;
	}
	if (p->pub.phase != SNIFF_PHASE_FETCHING_LOAD || (!force &&
	    (now < p->pub.phase_ms ||
	    now - p->pub.phase_ms < SNIFF_RECOVERED_MS)) ||
	    phase_settle(&p->track) == PW_NONE)
		return;
	set_phase(p, now, "fetched no component of %s: it runs it",
	    p->pub.firmware[0] != '\0' ? p->pub.firmware :
	    "the load its configuration names");
	(void)phone_plan_running(&p->pl, p->pub.firmware);
	commit(ph, p, now);
	recovered_due(ph, p, now, 1);
}

void
phones_finish(struct phones *ph)
{
	size_t	 i;

	for (i = 0; i < ph->nrows; i++) {
		settle(ph, &ph->rows[i], ph->last_ms, 1);
		recovered_due(ph, &ph->rows[i], ph->last_ms, 1);
	}
}

/* A notice about mac ("" or NULL: none) and file (NULL: none). */
static void
notice_post(struct phones *ph, const char *mac, const char *file,
    uint64_t now, const char *code, enum ev_level level, const char *text)
{
	struct ev	 ev;

	ev_notice_fill(&ev, code, level, mac != NULL && mac[0] != '\0' ? mac :
	    NULL, file, "%s", text);
	ev.wall_ms = now;
	if (ph->o.emit != NULL)
		ph->o.emit(&ev, ph->o.emit_arg);
}

static void
notice(struct phones *ph, const struct phone *p, uint64_t now,
    const char *code, enum ev_level level, const char *fmt, ...)
{
	char		 mac[EV_MAC_LEN], text[EV_TEXT_LEN];
	va_list		 ap;

	mac[0] = '\0';
	if (p != NULL)
		util_mac_str(mac, sizeof mac, p->pub.mac);
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	notice_post(ph, mac, NULL, now, code, level, text);
}

/* "7970" or "model unknown", for sentences. */
static const char *
model_words(const struct phone *p)
{
	return (p->pub.model[0] != '\0' ? p->pub.model : "model unknown");
}

/* The row's MAC for sentences (a static buffer: one use per call). */
static const char *
mac_words(const struct phone *p)
{
	static char	 buf[EV_MAC_LEN];

	util_mac_str(buf, sizeof buf, p->pub.mac);
	return (buf);
}

/* Does a word name a phone load ("SCCP45.9-4-2SR3-1S", "SIP70.8-5-2S", "P0S3-08-12-00")? */
static int
looks_like_load(const char *w)
{
	const struct model	*ms[2];

	if (model_from_load_name(w, ms, 2) > 0)
		return (1);
	/* Legacy 7940/7960 names: P0 + protocol letter + version digits. */
	return (strlen(w) >= 6 && (w[0] == 'P' || w[0] == 'p') && w[1] == '0' &&
	    isalpha((unsigned char)w[2]) && isdigit((unsigned char)w[3]));
}

/*
 * What a phone says about itself in free text: LLDP's System Description
 * ("Cisco IP Phone CP-7965G,V12, SCCP45.9-4-2SR3-1S"), CDP's platform.
 * Comma-separated fields: the first that scans as a model is the model,
 * a field that is a load name is the load (a hardware revision "V12" is
 * neither).  With no model named, a load only one model runs names it.
 */
static void
self_words(const char *text, const struct model **mp, char *load, size_t loadlen)
{
	const struct model	*ms[2];
	char			 buf[128], *field, *next, *end;

	strlcpy(buf, text, sizeof buf);
	for (field = buf; field != NULL; field = next) {
		if ((next = strchr(field, ',')) != NULL)
			*next++ = '\0';
		while (*field == ' ' || *field == '\t')
			field++;
		end = field + strlen(field);
		while (end > field && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*field == '\0')
			continue;
		if (*mp == NULL && (*mp = model_from_platform(field)) != NULL)
			continue;
		if (load != NULL && strchr(field, ' ') == NULL &&
		    looks_like_load(field))
			strlcpy(load, field, loadlen);
	}
	if (*mp == NULL && load != NULL && load[0] != '\0' &&
	    model_from_load_name(load, ms, 2) == 1)
		*mp = ms[0];
}

/* CDP from a phone: model, firmware, address, voice VLAN; the link is up. */
static void
on_cdp(struct phones *ph, const struct dissect_frame *f, uint64_t now)
{
	const struct cdp_info	*c = &f->u.cdp;
	const struct model	*m;
	struct phone		*p;
	char			 platform[64], dev[64], sw[64], load[64];
	uint8_t			 mac[6];

	dstr(platform, sizeof platform, &c->platform);
	dstr(dev, sizeof dev, &c->device_id);
	dstr(sw, sizeof sw, &c->software);
	m = NULL;
	load[0] = '\0';
	self_words(platform, &m, NULL, 0);
	/* No platform, or one without a model: a load one model runs. */
	if (m == NULL && looks_like_load(sw))
		self_words(sw, &m, load, sizeof load);
	/* A phone names itself SEP<MAC> (SIP<MAC> on some SIP loads). */
	if (m == NULL && strcasestr(platform, "phone") == NULL &&
	    !cisco_file_phone_name(dev, mac))
		return;		/* a switch or router */
	if ((p = row_get(ph, f->src, now, 1)) == NULL)
		return;
	touch(p, f, now, SNIFF_SEEN_CDP, "cdp");
	p->announced = 1;
	set_self(p, p->name, sizeof p->name, dev);
	if (m != NULL)
		set_model(p, m->name, MODEL_FROM_SELF);
	set_firmware(p, sw);
	(void)phone_plan_running(&p->pl, sw);
	if (c->has_voice_vlan && !p->vlan_tagged && c->voice_vlan != 0)
		p->pub.vlan = c->voice_vlan;
	if (c->addr != 0)
		p->pub.ip = c->addr;
	if (phase_step(&p->track, PO_LINK, NULL) != PW_NONE)
		set_phase(p, now, "sent CDP as %s",
		    platform[0] != '\0' ? platform : dev);
	commit(ph, p, now);
}

/* LLDP-MED from a phone: the same facts, from TIA-1057 inventory TLVs. */
static void
on_lldp(struct phones *ph, const struct dissect_frame *f, uint64_t now)
{
	const struct lldp_info	*li = &f->u.lldp;
	const struct model	*m = NULL;
	struct phone		*p;
	char			 model[64], name[64], descr[128], fw[64], load[64];
	uint8_t			 mac[6];
	int			 med_phone;

	dstr(model, sizeof model, &li->model);
	dstr(name, sizeof name, &li->system_name);
	dstr(descr, sizeof descr, &li->system_descr);
	if (model[0] != '\0')
		m = model_from_platform(model);
	/* The description names the model (and the load) when MED does not. */
	load[0] = '\0';
	self_words(descr, &m, load, sizeof load);
	/* TIA-1057 class III: a communication device endpoint. */
	med_phone = li->has_med_caps && li->med_class == 3;
	if (m == NULL && !med_phone &&
	    !cisco_file_phone_name(name, mac))
		return;
	if ((p = row_get(ph, f->src, now, 1)) == NULL)
		return;
	touch(p, f, now, SNIFF_SEEN_LLDP, "lldp");
	p->announced = 1;
	set_self(p, p->name, sizeof p->name, name);
	dstr(fw, sizeof fw, &li->serial);
	set_self(p, p->serial, sizeof p->serial, fw);
	if (m != NULL)
		set_model(p, m->name, MODEL_FROM_SELF);
	dstr(fw, sizeof fw, li->fw_rev.p != NULL ? &li->fw_rev : &li->sw_rev);
	set_firmware(p, fw[0] != '\0' ? fw : load);
	(void)phone_plan_running(&p->pl, fw[0] != '\0' ? fw : load);
	if (li->has_policy && !li->policy_unknown && li->policy_tagged &&
	    li->policy_vlan != 0 && !p->vlan_tagged)
		p->pub.vlan = li->policy_vlan;
	if (phase_step(&p->track, PO_LINK, NULL) != PW_NONE)
		set_phase(p, now, "sent LLDP-MED as %s",
		    model[0] != '\0' ? model : m != NULL ? m->name : name);
	commit(ph, p, now);
}

/* A client's DISCOVER or REQUEST: a phone asking for an address. */
static void
on_dhcp(struct phones *ph, const struct dissect_frame *f, uint64_t now)
{
	const struct dhcp_info	*d = &f->u.dhcp;
	struct phone		*p;
	char			 model[16], ip[EV_IP_LEN];
	int			 parsed, cisco, fresh;

	if (d->htype != 1 || d->hlen != 6)
		return;
	if (d->op == BOOTREPLY) {
		on_dhcp_reply(ph, f, now);
		return;
	}
	parsed = d->vendor_class.p != NULL &&
	    model_parse_vendor_class(d->vendor_class.p, d->vendor_class.len,
	    model, sizeof model) == 0;
	cisco = parsed || (d->vendor_class.p != NULL &&
	    model_vendor_class_is_cisco(d->vendor_class.p, d->vendor_class.len));
	if ((p = row_find(ph, d->chaddr)) == NULL) {
		if (!cisco || (p = row_get(ph, d->chaddr, now, 1)) == NULL)
			return;
	}
	touch(p, f, now, SNIFF_SEEN_DHCP, "dhcp");
	if (cisco)
		p->announced = 1;
	if (parsed)
		set_model(p, model, MODEL_FROM_SELF);
	/* 7940/7960: the loader stage its vendor class tells (a site's DHCP). */
	if (cisco && plan_stage_of_vendor_class(d->vendor_class.p,
	    d->vendor_class.len) != PLAN_STAGE_UNKNOWN)
		p->pl.stage = plan_stage_of_vendor_class(d->vendor_class.p,
		    d->vendor_class.len);

	/* A renewal (ciaddr set) is a phone that has its address. */
	fresh = d->msgtype == DHCP_DISCOVER ||
	    (d->msgtype == DHCP_REQUEST && d->ciaddr == 0);
	if (d->msgtype == DHCP_REQUEST && d->ciaddr != 0) {
		p->pub.ip = d->ciaddr;
		if (phase_step(&p->track, PO_ADDRESS, NULL) != PW_NONE) {
			util_ip_str(ip, sizeof ip, d->ciaddr);
			set_phase(p, now, "renews %s", ip);
		}
	}
	if (fresh) {
		if (d->requested != 0)
			util_ip_str(ip, sizeof ip, d->requested);
		phone_plan_boot(&p->pl, p->pub.comp_n != 0 &&
		    p->ncomps >= p->pub.comp_n);
		if (phase_step(&p->track, PO_DHCP_ASK, NULL) == PW_REBOOTING)
			set_phase(p, now,
			    "asks for an address again after fetching its load");
		else if (d->msgtype == DHCP_DISCOVER)
			set_phase(p, now, "DHCP DISCOVER");
		else
			set_phase(p, now, "DHCP REQUEST for %s",
			    d->requested != 0 ? ip : "an address");
	}
	commit(ph, p, now);
}

/* Remember a server that is not ours, and say so once. */
static void
server_seen(struct phones *ph, const struct dissect_frame *f, uint64_t now)
{
	const struct dhcp_info	*d = &f->u.dhcp;
	struct ev		 ev;
	uint32_t		 server;
	size_t			 i;

	server = d->server_id != 0 ? d->server_id : f->ip_src;
	if (server == 0 || server == ph->o.our_addr)
		return;
	for (i = 0; i < ph->nservers; i++) {
		if (ph->servers[i] == server)
			return;
	}
	if (ph->nservers < SNIFF_MAX_SERVERS)
		ph->servers[ph->nservers++] = server;
	memset(&ev, 0, sizeof ev);
	ev.type = EV_DHCP_SERVER_SEEN;
	ev.wall_ms = now;
	ev.u.server.server = server;
	util_mac_str(ev.u.server.mac, sizeof ev.u.server.mac, f->src);
	ev.u.server.offered = d->yiaddr;
	if (ph->o.emit != NULL)
		ph->o.emit(&ev, ph->o.emit_arg);
}

/* An OFFER or ACK from any server, to a phone we know. */
static void
on_dhcp_reply(struct phones *ph, const struct dissect_frame *f, uint64_t now)
{
	const struct dhcp_info	*d = &f->u.dhcp;
	struct phone		*p;
	char			 server[EV_IP_LEN];

	if (d->msgtype == DHCP_OFFER || d->msgtype == DHCP_ACK)
		server_seen(ph, f, now);
	if ((p = row_find(ph, d->chaddr)) == NULL)
		return;
	util_ip_str(server, sizeof server,
	    d->server_id != 0 ? d->server_id : f->ip_src);
	if (d->msgtype == DHCP_OFFER) {
		p->offered = 1;
		return;
	}
	if (d->msgtype != DHCP_ACK || d->yiaddr == 0)
		return;
	ip_claim(ph, p, d->yiaddr);
	if (phase_step(&p->track, PO_ADDRESS, NULL) != PW_NONE)
		set_phase(p, now, "address from %s", server);
	strlcpy(p->pub.via, "dhcp", sizeof p->pub.via);
	commit(ph, p, now);
}

/* ARP probes and announcements (RFC 5227); other ARP only fills in an address. */
static void
on_arp(struct phones *ph, const struct dissect_frame *f, uint64_t now)
{
	const struct arp_info	*a = &f->u.arp;
	struct phone		*p;
	char			 ip[EV_IP_LEN];

	if (!a->probe && !a->gratuitous) {
		if ((p = row_find(ph, a->sha)) != NULL && p->announced &&
		    a->spa != 0 && p->pub.ip == 0) {
			touch(p, f, now, SNIFF_SEEN_ARP, "arp");
			p->pub.ip = a->spa;
			commit(ph, p, now);
		}
		return;
	}
	if ((p = row_get(ph, a->sha, now, 0)) == NULL)
		return;
	touch(p, f, now, SNIFF_SEEN_ARP, "arp");
	p->arp_count++;
	if (a->probe) {
		util_ip_str(ip, sizeof ip, a->tpa);
		if (p->pub.phase == SNIFF_PHASE_NONE)
			snprintf(p->pub.detail, sizeof p->pub.detail,
			    "checks %s by ARP", ip);
		commit(ph, p, now);
		return;
	}
	p->pub.ip = a->spa;
	util_ip_str(ip, sizeof ip, a->spa);
	/* Only a phone's own announcement is a step (an unknown device has none). */
	if (p->announced && p->pub.phase != SNIFF_PHASE_NONE &&
	    phase_step(&p->track, PO_ADDRESS, NULL) != PW_NONE)
		set_phase(p, now, "announced %s by ARP", ip);
	else if (p->pub.phase == SNIFF_PHASE_NONE)
		snprintf(p->pub.detail, sizeof p->pub.detail,
		    "announces %s by ARP", ip);
	commit(ph, p, now);
}

/* A load was asked for: model, firmware, the component count; a refusal loop. */
static void
tftp_loads(struct phones *ph, struct phone *p, const char *file,
    enum phase_why why, uint64_t now)
{
	const struct model	*m, *ms[4];
	char			 load[EV_NAME_LEN];
	const char		*base = cisco_file_base(file);
	uint32_t		 h;

	strlcpy(load, base, sizeof load);
	if (strlen(load) > 6)
		load[strlen(load) - 6] = '\0';		/* ".loads" */
	if ((m = model_from_term_file(base)) != NULL) {
		set_model(p, m->name, MODEL_FROM_FILE);
		phone_plan_loads(&p->pl, NULL, 1);
	} else {
		phone_plan_loads(&p->pl, load, 0);
		if (model_from_load_name(load, ms, 4) == 1)
			set_model(p, ms[0]->name, MODEL_FROM_FILE);
		set_firmware(p, load);
	}
	h = phase_name_hash(base);
	if (h == p->loads_hash && p->ncomps == 0)
		p->loads_rrqs++;
	else {
		p->loads_hash = h;
		p->loads_rrqs = 1;
		p->ncomps = 0;
		p->pub.comp_k = 0;
		p->pub.comp_n = ph->o.loads_count != NULL ?
		    ph->o.loads_count(ph->o.loads_arg, base) : 0;
	}
	if (why == PW_LOAD_CHECK)
		set_phase(p, now, "asked for %s, the load its configuration "
		    "names", base);
	else
		set_phase(p, now, "asked for %s", base);
	if (p->loads_rrqs >= SNIFF_LOAD_LOOP_MIN && !(p->hints & HINT_LOAD) &&
	    p->announced) {
		p->hints |= HINT_LOAD;
		notice(ph, p, now, "load_refused", EV_WARN,
		    "Phone %s (%s) asked for %s %u times without fetching any "
		    "of its components: the file is missing, or the phone "
		    "refuses it (a load too new or too old for it).",
		    mac_words(p), model_words(p), base, p->loads_rrqs);
	}
}

/* A component of the load: flashing k of n, counting distinct names. */
static void
tftp_component(struct phone *p, const char *file, uint64_t now)
{
	uint32_t	 h = phase_name_hash(file);
	unsigned	 i;

	for (i = 0; i < p->ncomps; i++) {
		if (p->comps[i] == h)
			break;
	}
	if (i == p->ncomps && p->ncomps < SNIFF_MAX_COMPONENTS)
		p->comps[p->ncomps++] = h;
	phone_plan_component(&p->pl);
	p->pub.comp_k = i < SNIFF_MAX_COMPONENTS ? i + 1 : SNIFF_MAX_COMPONENTS;
	if (p->pub.comp_n != 0 && p->pub.comp_k > p->pub.comp_n)
		p->pub.comp_n = p->pub.comp_k;
	if (p->pub.comp_n != 0)
		set_phase(p, now, "component %u of %u: %s", p->pub.comp_k,
		    p->pub.comp_n, file);
	else
		set_phase(p, now, "component %u: %s", p->pub.comp_k, file);
}

/*
 * A request for file by a row (a TFTP RRQ on the wire, or one our
 * servers saw): the file name says how far the phone got.
 */
static void
file_request(struct phones *ph, struct phone *p, const char *file,
    enum cisco_file kind, uint32_t ip, uint64_t now)
{
	enum phase_why	 why;

	p->announced = 1;
	if (ip != 0)
		p->pub.ip = ip;
	/*
	 * Its configuration asked for after a load's components: it
	 * rebooted into that load, whether or not its DHCP was seen (a
	 * site's own server, serve --no-dhcp --no-sniff).
	 */
	if (kind == CF_CONFIG && p->track.phase == SNIFF_PHASE_FLASHING)
		phone_plan_boot(&p->pl, p->pub.comp_n != 0 &&
		    p->ncomps >= p->pub.comp_n);
	why = phase_step(&p->track, PO_FILE, file);
	switch (kind) {
	case CF_LOADS:
		tftp_loads(ph, p, file, why, now);
		break;
	case CF_COMPONENT:
		tftp_component(p, file, now);
		break;
	default:
		if (why == PW_CONFIG)
			set_phase(p, now, "asked for %s", file);
		else if (why == PW_NO_CONFIG)
			set_phase(p, now, "asked for %s again: there is no "
			    "configuration for it", file);
		else if (why == PW_AFTER)
			set_phase(p, now, "asked for %s (after registering)",
			    file);
		else if (why == PW_SETTLED) {
			set_phase(p, now, "asked for %s, no component of %s: "
			    "it runs that load", file, p->pub.firmware);
			(void)phone_plan_running(&p->pl, p->pub.firmware);
		}
		break;
	}
	if (p->pl.stage == PLAN_STAGE_UNKNOWN)
		p->pl.stage = plan_stage_of_request(file);
	if (phone_plan_trust_sign(&p->pl, file))
		trust_told(ph, p, file, now);
	commit(ph, p, now);
}

/* Does a request for a file of this kind make its sender a phone? */
static int
kind_is_phones(enum cisco_file kind)
{
	return (kind == CF_CONFIG || kind == CF_LOADS || kind == CF_COMPONENT);
}

/* A TFTP read request: the file name says who asks and how far it got. */
static void
on_tftp(struct phones *ph, const struct dissect_frame *f, uint64_t now)
{
	struct phone		*p = NULL;
	char			 file[EV_NAME_LEN];
	uint8_t			 mac[6];
	int			 has_mac;
	enum cisco_file		 kind;

	dstr(file, sizeof file, &f->u.tftp.file);
	kind = cisco_file_classify(file, mac, &has_mac);
	if (has_mac)
		p = row_find(ph, mac);
	if (p == NULL)
		p = row_find_ip(ph, f->ip_src);
	if (p == NULL)
		p = row_find(ph, f->src);
	if (p == NULL) {
		if (!kind_is_phones(kind))
			return;
		if ((p = row_get(ph, has_mac ? mac : f->src, now, 1)) == NULL)
			return;
	}
	if (!p->announced && !kind_is_phones(kind))
		return;
	touch(p, f, now, SNIFF_SEEN_TFTP, "tftp");
	file_request(ph, p, file, kind, f->ip_src, now);
}

/* Newer loads try HTTP on 6970 before TFTP (cisco-phones.md 2.1). */
static void
on_http(struct phones *ph, const struct dissect_frame *f, uint64_t now)
{
	struct phone		*p;

	if ((p = row_find_ip(ph, f->ip_src)) == NULL &&
	    (p = row_get(ph, f->src, now, 1)) == NULL)
		return;
	touch(p, f, now, SNIFF_SEEN_HTTP, "http");
	p->announced = 1;
	if (f->ip_src != 0)
		p->pub.ip = f->ip_src;
	if (phase_step(&p->track, PO_HTTP, NULL) != PW_NONE)
		set_phase(p, now, "tried HTTP on port 6970 (falls back to TFTP)");
	commit(ph, p, now);
}

void
phones_served(struct phones *ph, uint32_t ip, const uint8_t *mac,
    const char *file, uint64_t now)
{
	struct phone	*p = NULL;
	const char	*base = cisco_file_base(file);
	uint8_t		 fmac[6];
	int		 has_mac;

	if (mac != NULL && (p = row_find(ph, mac)) != NULL && !p->announced)
		p = NULL;
	if (p == NULL && (p = row_find_ip(ph, ip)) == NULL)
		return;
	if (phase_step(&p->track, PO_SERVED, file) == PW_CONFIGURED) {
		strlcpy(p->pub.via, "tftp", sizeof p->pub.via);
		(void)cisco_file_classify(base, fmac, &has_mac);
		if (has_mac && memcmp(fmac, p->pub.mac, 6) == 0)
			set_phase(p, now, "got its configuration %s and runs",
			    base);
		else
			set_phase(p, now, "got %s and runs, with no "
			    "configuration of its own", base);
	}
	commit(ph, p, now);
}

/*
 * Our engines' events.  What a capture shows too (a lease's DISCOVER and
 * ACK, a TFTP read request) is a step only when no capture feeds the
 * table; what no capture shows (a transfer's end, an HTTP fetch, a
 * refusal's code) always is.
 */

/* A row was heard from through one of our engines. */
static void
heard(struct phone *p, uint64_t now, unsigned seen, const char *via)
{
	if (now > p->pub.last_ms)
		p->pub.last_ms = now;
	p->pub.seen |= seen;
	strlcpy(p->pub.via, via, sizeof p->pub.via);
}

/* A row holding ip: a phone first, else any (a lease names it). */
static struct phone *
row_find_ip_any(struct phones *ph, uint32_t ip)
{
	struct phone	*p;
	size_t		 i;

	if ((p = row_find_ip(ph, ip)) != NULL || ip == 0)
		return (p);
	for (i = 0; i < ph->nrows; i++) {
		if (ph->rows[i].pub.ip == ip)
			return (&ph->rows[i]);
	}
	return (NULL);
}

/* The plan row of ip (track_plan is keyed by address) goes: ROOT's own. */
static void
unassign(struct phones *ph, uint32_t ip)
{
	if (ph->o.assign != NULL && ip != 0)
		ph->o.assign(ph->o.assign_arg, ip, "", NULL, 0, 0);
}

/*
 * A server gave ip to p's phone (p NULL: one the table has no row for).
 * No other row holds ip any more, and the plan rows follow: ip's is
 * dropped unless it is already p's (so a recycled address never serves
 * the phone that held it before), as is p's old address's; p's next
 * commit assigns its plan to ip.
 */
static void
ip_claim(struct phones *ph, struct phone *p, uint32_t ip)
{
	struct phone	*q;
	size_t		 i;
	int		 moved = p == NULL || p->pub.ip != ip;

	if (ip == 0)
		return;
	for (i = 0; i < ph->nrows; i++) {
		q = &ph->rows[i];
		if (q != p && q->pub.ip == ip) {
			q->pub.ip = 0;
			moved = 1;
		}
	}
	if (!moved)
		return;
	unassign(ph, ip);
	if (p == NULL)
		return;
	if (p->pub.ip != ip)
		unassign(ph, p->pub.ip);
	p->pub.ip = ip;
	p->emitted = 0;		/* a phone event with it, its plan assigned */
}

/* Our DHCP server offered (a DISCOVER) or acknowledged an address. */
static void
ev_lease(struct phones *ph, const struct ev_dhcp_lease *l, uint64_t now)
{
	struct phone	*p;
	char		 ip[EV_IP_LEN];
	uint8_t		 mac[6];
	int		 cisco, ack = l->state != EV_LEASE_OFFER;

	if (util_mac_parse(l->mac, mac) != 0)
		return;
	cisco = l->model[0] != '\0' || model_vendor_class_is_cisco(
	    (const uint8_t *)l->vendor_class, strlen(l->vendor_class));
	p = row_get(ph, mac, now, cisco);
	if (ack)
		ip_claim(ph, p, l->ip);
	if (p == NULL)
		return;
	heard(p, now, SNIFF_SEEN_DHCP, "dhcp");
	if (cisco)
		p->announced = 1;
	set_model(p, l->model, MODEL_FROM_SELF);
	if (l->vendor_class[0] != '\0' &&
	    plan_stage_of_vendor_class(l->vendor_class,
	    strlen(l->vendor_class)) != PLAN_STAGE_UNKNOWN)
		p->pl.stage = plan_stage_of_vendor_class(l->vendor_class,
		    strlen(l->vendor_class));
	util_ip_str(ip, sizeof ip, l->ip);
	if (!ack)
		p->offered = 1;
	if (ph->frames || !p->announced) {
		commit(ph, p, now);
		return;
	}
	if (!ack) {
		phone_plan_boot(&p->pl, p->pub.comp_n != 0 &&
		    p->ncomps >= p->pub.comp_n);
		if (phase_step(&p->track, PO_DHCP_ASK, NULL) == PW_REBOOTING)
			set_phase(p, now,
			    "asks for an address again after fetching its load");
		else
			set_phase(p, now, "asks for an address (offered %s)",
			    ip);
	} else if (phase_step(&p->track, PO_ADDRESS, NULL) != PW_NONE)
		set_phase(p, now, "address %s from our DHCP server", ip);
	commit(ph, p, now);
}

/* Was this transfer begun (a tftp_start)?  Remember it if mark. */
static int
xfer_started(struct phones *ph, uint64_t id, int mark)
{
	size_t	 i;

	for (i = 0; i < PHONES_XFERS; i++) {
		if (id != 0 && ph->started[i] == id)
			return (1);
	}
	if (mark && id != 0)
		ph->started[ph->nstarted++ % PHONES_XFERS] = id;
	return (0);
}

/*
 * A default load (termNN.default.loads) refused as missing: nothing in
 * the root serves that model.  Once a minute per file at most.
 */
static void
no_load(struct phones *ph, const struct phone *p, const struct ev_tftp *t,
    uint64_t now)
{
	const struct model	*m;
	char			 mac[EV_MAC_LEN], text[EV_TEXT_LEN], ip[EV_IP_LEN];
	uint32_t		 h = phase_name_hash(t->file);
	size_t			 i, old = 0;

	if (t->code != 1 || (m = model_from_term_file(t->file)) == NULL)
		return;
	for (i = 0; i < PHONES_TOLD; i++) {
		if (ph->told[i].hash == h && ph->told[i].at != 0)
			break;
		if (ph->told[i].at < ph->told[old].at)
			old = i;
	}
	if (i < PHONES_TOLD && now >= ph->told[i].at &&
	    now - ph->told[i].at < NOLOAD_REPEAT_MS)
		return;
	i = i < PHONES_TOLD ? i : old;
	ph->told[i].hash = h;
	ph->told[i].at = now != 0 ? now : 1;
	strlcpy(mac, t->mac, sizeof mac);
	if (p != NULL)
		util_mac_str(mac, sizeof mac, p->pub.mac);
	util_ip_str(ip, sizeof ip, t->client.ip);
	snprintf(text, sizeof text, "%s asked for %.60s, and nothing in the "
	    "TFTP root serves the %s: import a firmware bundle for it "
	    "(phonerescue import)", mac[0] != '\0' ? mac : ip, t->file,
	    m->name);
	notice_post(ph, mac, t->file, now, "no_load_for_model", EV_ERROR, text);
}

/* The row behind a transfer: its MAC, the MAC in the file name, its address. */
static struct phone *
xfer_row(struct phones *ph, const struct ev_tftp *t, enum cisco_file *kind,
    uint64_t now)
{
	struct phone	*p = NULL;
	uint8_t		 mac[6];
	int		 has_mac;

	*kind = cisco_file_classify(t->file, mac, &has_mac);
	if (t->mac[0] != '\0' && util_mac_parse(t->mac, mac) == 0)
		p = row_find(ph, mac);
	else if (has_mac && (p = row_find(ph, mac)) == NULL &&
	    kind_is_phones(*kind))
		p = row_get(ph, mac, now, 1);
	if (p == NULL)
		p = row_find_ip_any(ph, t->client.ip);
	return (p);
}

/* A transfer event: name its phone (t->mac), and step what it says. */
static void
ev_xfer(struct phones *ph, struct ev *ev, uint64_t now)
{
	struct ev_tftp	*t = &ev->u.tftp;
	struct phone	*p;
	enum cisco_file	 kind;
	int		 http = t->proto == EV_PROTO_HTTP, request;

	if (ev->type == EV_TFTP_PROGRESS)
		return;		/* says nothing of the phone */
	p = xfer_row(ph, t, &kind, now);
	if (p != NULL && t->mac[0] == '\0')
		util_mac_str(t->mac, sizeof t->mac, p->pub.mac);
	if (ev->type == EV_TFTP_ERROR)
		no_load(ph, p, t, now);
	if (p == NULL)
		return;
	if (ev->type == EV_TFTP_DONE) {
		phones_served(ph, t->client.ip, p->pub.mac, t->file,
		    now);
		return;
	}
	/* A start, or a refusal with no start: the request itself. */
	request = ev->type == EV_TFTP_START ? !xfer_started(ph, t->xfer, 1) :
	    !xfer_started(ph, t->xfer, 0);
	if (!request || (ph->frames && !http) ||
	    (!p->announced && !kind_is_phones(kind)))
		return;
	heard(p, now, http ? SNIFF_SEEN_HTTP : SNIFF_SEEN_TFTP,
	    http ? "http" : "tftp");
	file_request(ph, p, t->file, kind, t->client.ip, now);
}

void
phones_event(struct phones *ph, struct ev *ev, uint64_t now)
{
	switch (ev->type) {
	case EV_DHCP_LEASE:
		ev_lease(ph, &ev->u.lease, now);
		break;
	case EV_TFTP_START:
	case EV_TFTP_PROGRESS:
	case EV_TFTP_DONE:
	case EV_TFTP_ERROR:
		ev_xfer(ph, ev, now);
		break;
	default:
		return;
	}
	phones_tick(ph, now);
}

void
phones_bind(struct phones *ph, const uint8_t mac[6], uint32_t ip,
    const char *vendor_class, const char *model, uint64_t now)
{
	struct ev_dhcp_lease	 l;

	memset(&l, 0, sizeof l);
	util_mac_str(l.mac, sizeof l.mac, mac);
	l.ip = ip;
	strlcpy(l.vendor_class, vendor_class, sizeof l.vendor_class);
	strlcpy(l.model, model, sizeof l.model);
	l.state = EV_LEASE_ACK;
	ev_lease(ph, &l, now);
}

void
phones_unbind(struct phones *ph, const uint8_t mac[6], uint32_t ip)
{
	struct phone	*p = row_find(ph, mac);

	if (p == NULL || ip == 0 || p->pub.ip != ip)
		return;
	unassign(ph, ip);
	p->pub.ip = 0;
}

void
phones_set_frames(struct phones *ph, int on)
{
	ph->frames = on;
}

void
phones_input(struct phones *ph, const struct dissect_frame *f, uint64_t now)
{
	switch (f->kind) {
	case DK_CDP:
		on_cdp(ph, f, now);
		break;
	case DK_LLDP:
		on_lldp(ph, f, now);
		break;
	case DK_DHCP:
		on_dhcp(ph, f, now);
		break;
	case DK_ARP:
		on_arp(ph, f, now);
		break;
	case DK_TFTP_RRQ:
		on_tftp(ph, f, now);
		break;
	case DK_HTTP_SYN:
		on_http(ph, f, now);
		break;
	default:
		break;
	}
	phones_tick(ph, now);
}

int
phones_frame(struct phones *ph, const uint8_t *pkt, size_t len, uint64_t now)
{
	return (phones_frame_link(ph, DISSECT_LINK_ETHER, pkt, len, now));
}

int
phones_frame_link(struct phones *ph, int link, const uint8_t *pkt, size_t len,
    uint64_t now)
{
	struct dissect_frame	 f;

	if (dissect_frame_link(pkt, len, link, &f) != 0) {
		ph->malformed++;
		phones_tick(ph, now);
		return (-1);
	}
	phones_input(ph, &f, now);
	return (0);
}

void
phones_tick(struct phones *ph, uint64_t now)
{
	struct phone	*p;
	char		 ip[EV_IP_LEN];
	size_t		 i;
	uint64_t	 win = ph->o.black_ms;
	unsigned	 secs;

	if (now > ph->last_ms)
		ph->last_ms = now;
	for (i = 0; i < ph->nrows; i++) {
		p = &ph->rows[i];
		/* A phone that is back may well be silent now. */
		settle(ph, p, now, 0);
		recovered_due(ph, p, now, 0);
		/* Only a device still talking is stuck; a silent one left. */
		if (now < p->pub.last_ms || now - p->pub.last_ms >= win)
			continue;
		/* Capture files can step back in time: no hint then. */
		if (now < p->pub.phase_ms || now < p->pub.first_ms)
			continue;
		secs = (unsigned)((now - p->pub.phase_ms) / 1000);
		if (p->announced && p->pub.phase == SNIFF_PHASE_REQUESTING_IP &&
		    now - p->pub.phase_ms >= win && !(p->hints & HINT_DHCP)) {
			p->hints |= HINT_DHCP;
			if (p->offered)
				notice(ph, p, now, "black_screen", EV_WARN,
				    "Phone %s (%s) has asked for an address for "
				    "%u s and got offers but no acknowledgement: "
				    "its screen may be dark, but it is alive. Is "
				    "more than one DHCP server answering?",
				    mac_words(p), model_words(p), secs);
			else
				notice(ph, p, now, "black_screen", EV_WARN,
				    "Phone %s (%s) has asked for an address for "
				    "%u s and no DHCP server answered: its screen "
				    "may be dark, but it is alive and waiting for "
				    "DHCP.", mac_words(p), model_words(p), secs);
		}
		/* cisco-phones.md 5.3: "Configuring VLAN" comes before DHCP. */
		if (p->announced && p->pub.phase == SNIFF_PHASE_LINK_UP &&
		    now - p->pub.phase_ms >= win && !(p->hints & HINT_VLAN)) {
			p->hints |= HINT_VLAN;
			notice(ph, p, now, "no_dhcp_yet", EV_INFO,
			    "Phone %s (%s) announced itself %u s ago but has not "
			    "asked for an address: it is probably still "
			    "configuring its VLAN, which takes long without a "
			    "Cisco switch. Give it time.", mac_words(p),
			    model_words(p), secs);
		}
		if (p->announced && p->pub.phase == SNIFF_PHASE_GOT_IP &&
		    !(p->pub.seen & (SNIFF_SEEN_TFTP | SNIFF_SEEN_HTTP)) &&
		    now - p->pub.phase_ms >= win && !(p->hints & HINT_NO_FILE)) {
			p->hints |= HINT_NO_FILE;
			util_ip_str(ip, sizeof ip, p->pub.ip);
			notice(ph, p, now, "no_file_request", EV_WARN,
			    "Phone %s (%s) got address %s %u s ago but has "
			    "asked for no file: check that DHCP options 150 "
			    "and 66 point at the TFTP server.", mac_words(p),
			    model_words(p), ip, secs);
		}
		/*
		 * ARP alone says nothing of the vendor: only a MAC from an
		 * OUI seen on Cisco phones gets the hint, and as a guess.
		 */
		if (!p->announced && p->pub.seen == SNIFF_SEEN_ARP &&
		    p->arp_count >= SNIFF_ARP_ONLY_MIN &&
		    now - p->pub.first_ms >= win && !(p->hints & HINT_ARP) &&
		    model_mac_phone_oui(p->pub.mac)) {
			p->hints |= HINT_ARP;
			util_ip_str(ip, sizeof ip, p->pub.ip);
			notice(ph, p, now, "black_screen", EV_WARN,
			    "Device %s has only sent ARP (for %s) for %u s. A "
			    "guess from its MAC, which is from a range Cisco "
			    "uses for phones: if it is a phone, it is restarting "
			    "with an address from its past and never asks DHCP; "
			    "reset its network settings.", mac_words(p),
			    p->pub.ip != 0 ? ip : "no address",
			    (unsigned)((now - p->pub.first_ms) / 1000));
		}
	}
}
