/*
 * Upgrade plans: which loads a phone takes, in which order, to reach the
 * target (shared/domain/cisco-phones.md 2.3, 3.3).  Pure: no I/O.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fw_catalog.h"
#include "loads.h"
#include "model/model.h"
#include "plan.h"

static int	 held_cmp(const void *, const void *);
static int	 held_better(const struct plan_held *,
		     const struct plan_held *);
static void	 plan_step_set(struct plan *, const char *,
		     const struct fw_version *, const char *);
static const struct plan_held *plan_target(const struct plan_in *);
static const struct plan_held *plan_bridge(const struct plan_in *);
static enum plan_kind plan_cnu(const struct plan_in *,
		     const struct plan_held *, struct plan *);
static enum plan_kind plan_legacy(const struct plan_in *,
		     const struct plan_held *, struct plan *);

/* Both keys: 8.3(3) up to plain 8.5(2) (8.5(2)SR1 knows only the new one). */
static const struct fw_version v833 = { .n = { 8, 3, 3 }, .nn = 3 };
static const struct fw_version v852 = { .n = { 8, 5, 2 }, .nn = 3 };
/* 7940/7960: images below 6.x read OS79XX.TXT, not the loader's .loads. */
static const struct fw_version v600 = { .n = { 6 }, .nn = 1 };

int
plan_parse_running(const char *s, struct plan_running *r)
{
	const struct model *ms[1];
	const char	*p;

	memset(r, 0, sizeof *r);
	while (*s == ' ' || *s == '\t')
		s++;
	snprintf(r->text, sizeof r->text, "%s", s);
	if (*s == '\0' || strcasecmp(s, "unknown") == 0)
		return (-1);
	/* A load name: "SCCP70.8-3-1S", "P0030801SR02", "CP7921G-1.4.6.3". */
	if (isalpha((unsigned char)*s) && (model_from_load_name(s, ms, 1) > 0 ||
	    strncasecmp(s, "P0", 2) == 0 || strchr(s, '.') != NULL))
		r->known = fw_version_of_load(s, &r->ver) == 0;
	else if (isdigit((unsigned char)*s)) {
		/* "8.3(1)", "9.4(2)SR3", "8-5-2S": digits first. */
		for (p = s; *p != '\0'; p++)
			if (!isalnum((unsigned char)*p) && strchr(".-()",
			    *p) == NULL)
				return (-1);
		r->known = fw_version_parse(s, &r->ver) == 0;
	}
	return (r->known ? 0 : -1);
}

int
plan_version_of_body(const struct loads *l, struct fw_version *v)
{
	const char	*n;
	char		 buf[LOADS_NAME_MAX];
	size_t		 len;

	if (l->release[0] != '\0' && fw_version_parse(l->release, v) == 0)
		return (0);
	if (l->ncomp == 0)
		return (-1);
	n = l->comp[0].name;
	snprintf(buf, sizeof buf, "%s", n);
	len = strlen(buf);
	/* Drop the extension: ".sbn", ".sb2", ".SBN", ".zz.sgn". */
	if (len > 4 && buf[len - 4] == '.')
		buf[len - 4] = '\0';
	if ((len = strlen(buf)) > 3 && strcasecmp(buf + len - 3, ".zz") == 0)
		buf[len - 3] = '\0';
	if (strncasecmp(buf, "P0", 2) == 0)
		return (fw_version_of_load(buf, v));
	/* "jar70sccp.9-4-2ES26", "TNUX-1.4.6.3": from the first [.-]digit. */
	for (n = buf; *n != '\0'; n++)
		if ((*n == '.' || *n == '-') && isdigit((unsigned char)n[1]))
			return (fw_version_parse(n + 1, v));
	return (-1);
}

enum plan_stage
plan_stage_of_vendor_class(const void *data, size_t len)
{
	char	 model[32];

	if (!model_vendor_class_is_cisco(data, len))
		return (PLAN_STAGE_UNKNOWN);
	/* The old image says only "Cisco Systems, Inc. IP Phone". */
	if (model_parse_vendor_class(data, len, model, sizeof model) != 0)
		return (PLAN_STAGE_OLD);
	return (strcmp(model, "7940") == 0 || strcmp(model, "7960") == 0 ?
	    PLAN_STAGE_LOADER : PLAN_STAGE_UNKNOWN);
}

enum plan_stage
plan_stage_of_request(const char *name)
{
	const char	*b = strrchr(name, '/');

	b = b != NULL ? b + 1 : name;
	if (strcasecmp(b, "OS79XX.TXT") == 0 ||
	    strcasecmp(b, "SEPDefault.cnf") == 0)
		return (PLAN_STAGE_OLD);
	if (strncasecmp(b, "P0", 2) == 0 && loads_is_loads_file(b))
		return (PLAN_STAGE_LOADER);
	return (PLAN_STAGE_UNKNOWN);
}

int
plan_is_bridge(const struct fw_version *v)
{
	struct fw_version main = *v;

	if (v->nn == 0 || fw_version_cmp(v, &v833) < 0)
		return (0);
	main.nsr = 0;
	if (fw_version_cmp(&main, &v852) > 0)
		return (0);
	/* 8.5(2)SR1 and later service releases: new key only. */
	return (!(fw_version_cmp(&main, &v852) == 0 && v->nsr > 0));
}

int
plan_new_key_only(const struct fw_version *v)
{
	return (v->nn > 0 && fw_version_cmp(v, &v833) >= 0 &&
	    !plan_is_bridge(v));
}

static int
held_cmp(const void *a, const void *b)
{
	const struct plan_held *x = a, *y = b;
	int		 c = fw_version_cmp(&x->ver, &y->ver);

	return (c != 0 ? c : strcmp(x->load, y->load));
}

size_t
plan_held_from_catalog(const struct fw_catalog *c, const struct model *m,
    struct plan_held *held, size_t max)
{
	struct fw_version_info vi[PLAN_MAX_HELD];
	size_t		 n, i, k = 0;

	n = fw_catalog_versions(c, m, vi, PLAN_MAX_HELD);
	for (i = 0; i < n && k < max; i++) {
		if (!vi[i].load->has_version)
			continue;
		memset(&held[k], 0, sizeof held[k]);
		snprintf(held[k].load, sizeof held[k].load, "%s",
		    vi[i].load->name);
		held[k].ver = vi[i].load->ver;
		held[k].complete = vi[i].load->complete;
		k++;
	}
	if (k > 1)
		qsort(held, k, sizeof *held, held_cmp);
	return (k);
}

const char *
plan_served_target(const struct fw_catalog *cat, const struct plan_in *in)
{
	struct fw_served	 s;
	size_t			 i;

	if (!fw_catalog_served(cat, in->model, &s) || s.load == NULL ||
	    strcmp(s.why, "newest") == 0)
		return (NULL);
	for (i = 0; i < in->nheld; i++)
		if (strcasecmp(in->held[i].load, s.load_name) == 0 &&
		    in->held[i].complete)
			return (in->held[i].load);
	return (NULL);
}

static void
plan_step_set(struct plan *p, const char *load, const struct fw_version *v,
    const char *what)
{
	struct plan_step *s;

	if (p->nsteps == PLAN_MAX_STEPS)
		return;
	s = &p->step[p->nsteps++];
	snprintf(s->load, sizeof s->load, "%s", load);
	s->ver[0] = '\0';
	if (v != NULL)
		fw_version_str(v, s->ver, sizeof s->ver);
	s->what = what;
}

/* The named target, else the newest complete version, else the newest. */
static const struct plan_held *
plan_target(const struct plan_in *in)
{
	const struct plan_held *best = NULL;
	size_t		 i;

	for (i = 0; i < in->nheld; i++) {
		if (in->target != NULL) {
			if (strcasecmp(in->held[i].load, in->target) == 0)
				return (&in->held[i]);
			continue;
		}
		if (held_better(&in->held[i], best))
			best = &in->held[i];
	}
	return (best);
}

/* Complete before incomplete, then the higher version. */
static int
held_better(const struct plan_held *h, const struct plan_held *best)
{
	return (best == NULL || (h->complete && !best->complete) ||
	    (h->complete == best->complete &&
	    fw_version_cmp(&h->ver, &best->ver) > 0));
}

/* The highest bridge load ROOT holds, complete ones first. */
static const struct plan_held *
plan_bridge(const struct plan_in *in)
{
	const struct plan_held *best = NULL;
	size_t		 i;

	for (i = 0; i < in->nheld; i++) {
		if (plan_is_bridge(&in->held[i].ver) &&
		    held_better(&in->held[i], best))
			best = &in->held[i];
	}
	return (best);
}

/* 79x1/79x2/79x5/797x/7906/7911/7931: the signing-key bridge. */
static enum plan_kind
plan_cnu(const struct plan_in *in, const struct plan_held *t, struct plan *p)
{
	const struct plan_held *b;
	const struct fw_version *r = &in->running.ver;

	if (!in->running.known) {
		plan_step_set(p, t->load, &t->ver, "target");
		if (plan_new_key_only(&t->ver))
			snprintf(p->msg, sizeof p->msg, "running load unknown: "
			    "a phone below 8.3(3) needs 8.5(2) first (it "
			    "shows Auth Fail on %s)", p->step[0].ver);
		return (PLAN_DIRECT);
	}
	if (plan_new_key_only(r) && t->ver.nn > 0 &&
	    fw_version_cmp(&t->ver, &v833) < 0) {
		snprintf(p->msg, sizeof p->msg, "%s knows only the new signing "
		    "key: it cannot take %s, signed with the old one; import a "
		    "load from 8.3(3) on", p->from, t->load);
		return (PLAN_BLOCKED);
	}
	if (fw_version_cmp(r, &v833) >= 0 || !plan_new_key_only(&t->ver)) {
		plan_step_set(p, t->load, &t->ver, "target");
		return (PLAN_DIRECT);
	}
	if ((b = plan_bridge(in)) == NULL) {
		snprintf(p->msg, sizeof p->msg, "ROOT lacks the bridge load: "
		    "import 8.5(2) for the %s with --keep-defaults (%s cannot "
		    "authenticate %s: Auth Fail)", in->model->name, p->from,
		    t->load);
		return (PLAN_LACKS);
	}
	plan_step_set(p, b->load, &b->ver, "bridge");
	plan_step_set(p, t->load, &t->ver, "target");
	snprintf(p->msg, sizeof p->msg, "%s is below 8.3(3): %s first (it "
	    "knows both signing keys)%s", p->from, b->load, b->complete ? "" :
	    "; the bridge load is INCOMPLETE in ROOT");
	return (PLAN_BRIDGE);
}

/* 7940/7960: an old image takes the universal loader, then the app. */
static enum plan_kind
plan_legacy(const struct plan_in *in, const struct plan_held *t,
    struct plan *p)
{
	int	 old;

	old = in->stage == PLAN_STAGE_OLD || (in->stage == PLAN_STAGE_UNKNOWN &&
	    in->running.known && fw_version_cmp(&in->running.ver, &v600) < 0);
	if (!old) {
		plan_step_set(p, t->load, &t->ver, "target");
		return (PLAN_DIRECT);
	}
	plan_step_set(p, t->load, &t->ver, "loader");
	plan_step_set(p, t->load, &t->ver, "target");
	snprintf(p->msg, sizeof p->msg, "an old image (%s): it reads "
	    "OS79XX.TXT naming %s, takes the universal application loader, "
	    "reboots, then takes the application; from SCCP below 5.x an "
	    "intermediate image may be needed (Cisco doc 5455)",
	    in->stage == PLAN_STAGE_OLD ? "vendor class without the model" :
	    p->from, t->load);
	return (PLAN_LOADER);
}

enum plan_kind
plan_make(const struct plan_in *in, struct plan *p)
{
	const struct plan_held *t;

	memset(p, 0, sizeof *p);
	if (in->running.known)
		fw_version_str(&in->running.ver, p->from, sizeof p->from);
	else
		snprintf(p->from, sizeof p->from, "unknown");
	if ((t = plan_target(in)) == NULL) {
		snprintf(p->msg, sizeof p->msg, in->target != NULL ?
		    "ROOT holds no %s for the %s" : "ROOT holds no load for "
		    "the %s%s", in->target != NULL ? in->target :
		    in->model->name, in->target != NULL ? in->model->name : "");
		return (p->kind = PLAN_NOTHING);
	}
	if (in->running.known && fw_version_cmp(&in->running.ver,
	    &t->ver) == 0) {
		plan_step_set(p, t->load, &t->ver, "target");
		return (p->kind = PLAN_AT_TARGET);
	}
	if (strcmp(in->model->family, "cnu") == 0)
		p->kind = plan_cnu(in, t, p);
	else if (strcmp(in->model->family, "legacy") == 0)
		p->kind = plan_legacy(in, t, p);
	else {
		plan_step_set(p, t->load, &t->ver, "target");
		p->kind = PLAN_DIRECT;
	}
	if (p->msg[0] == '\0' && !t->complete)
		snprintf(p->msg, sizeof p->msg, "%s is INCOMPLETE in ROOT",
		    t->load);
	return (p->kind);
}

const char *
plan_kind_name(enum plan_kind k)
{
	switch (k) {
	case PLAN_AT_TARGET:	return ("at target");
	case PLAN_DIRECT:	return ("direct");
	case PLAN_BRIDGE:	return ("bridge");
	case PLAN_LOADER:	return ("loader stages");
	case PLAN_LACKS:	return ("no plan");
	case PLAN_BLOCKED:	return ("blocked");
	case PLAN_NOTHING:	break;
	}
	return ("nothing");
}

void
plan_str(const struct plan *p, char *buf, size_t len)
{
	size_t	 o, i;

	o = (size_t)snprintf(buf, len, "%s", p->from);
	for (i = 0; p->kind != PLAN_AT_TARGET && i < p->nsteps && o < len;
	    i++) {
		if (i > 0 && strcmp(p->step[i].load, p->step[i - 1].load) == 0)
			o += (size_t)snprintf(buf + o, len - o, " -> %s "
			    "application", p->step[i].ver);
		else if (strcmp(p->step[i].what, "loader") == 0)
			o += (size_t)snprintf(buf + o, len - o, " -> %s "
			    "loader", p->step[i].ver);
		else
			o += (size_t)snprintf(buf + o, len - o, " -> %s",
			    p->step[i].ver[0] != '\0' ? p->step[i].ver :
			    p->step[i].load);
	}
	if (p->kind == PLAN_AT_TARGET && o < len)
		o += (size_t)snprintf(buf + o, len - o, " (runs the target)");
	if (p->nsteps > 0 && p->kind != PLAN_AT_TARGET && o < len)
		o += (size_t)snprintf(buf + o, len - o, ", %zu step%s",
		    p->nsteps, p->nsteps == 1 ? "" : "s");
	if (p->msg[0] != '\0' && o < len)
		snprintf(buf + o, len - o, "%s%s", p->nsteps > 0 ? ": " : ": ",
		    p->msg);
}
