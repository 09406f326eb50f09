/*
 * One tracked phone's upgrade plan and trust-list signs (phone_plan.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "compat.h"
#include "model/cisco_file.h"
#include "model/model.h"
#include "phone_plan.h"

/* Trust-list signs (cisco-phones.md 6.4: CTL/ITL retried four times). */
#define TRUST_SGN_MIN	2	/* .sgn configuration requests */
#define TRUST_TL_MIN	4	/* CTL/ITL requests ... */
#define TRUST_CFG_MIN	3	/* ... while its own config comes again */

int
phone_plan_running(struct phone_plan *pp, const char *load)
{
	if (load == NULL || load[0] == '\0' ||
	    strcmp(pp->running, load) == 0)
		return (0);
	strlcpy(pp->running, load, sizeof pp->running);
	return (1);
}

/* Is the load the phone runs the one of step i (by version)? */
static int
runs_step(const struct phone_plan *pp, size_t i)
{
	struct plan_running	 r, s;

	if (plan_parse_running(pp->running, &r) != 0 ||
	    plan_parse_running(pp->plan.step[i].load, &s) != 0)
		return (strcasecmp(pp->running, pp->plan.step[i].load) == 0);
	if (fw_version_cmp(&r.ver, &s.ver) == 0)
		return (1);
	/* What a phone flashed from the step's term file reports. */
	return (pp->alias[i][0] != '\0' &&
	    plan_parse_running(pp->alias[i], &s) == 0 &&
	    fw_version_cmp(&r.ver, &s.ver) == 0);
}

static int
plan_anew(struct phone_plan *pp, const char *model, phone_plan_fn fn,
    void *arg)
{
	struct plan	 p;
	char		 alias[PLAN_MAX_STEPS][32];

	memset(alias, 0, sizeof alias);
	if (fn == NULL || fn(arg, model, pp->running, pp->stage, &p,
	    alias) != 0)
		return (0);
	pp->made = 1;
	pp->plan = p;
	memcpy(pp->alias, alias, sizeof pp->alias);
	pp->step = 0;
	pp->done = p.kind == PLAN_AT_TARGET || p.kind == PLAN_NOTHING;
	strlcpy(pp->model, model, sizeof pp->model);
	strlcpy(pp->planned, pp->running, sizeof pp->planned);
	pp->planned_stage = pp->stage;
	return (1);
}

/* The same plan: the same steps (or, with none, the same reason). */
static int
plan_same(const struct plan *a, const struct plan *b)
{
	size_t	 i;

	if (a->kind != b->kind || a->nsteps != b->nsteps)
		return (0);
	for (i = 0; i < a->nsteps; i++)
		if (strcmp(a->step[i].load, b->step[i].load) != 0 ||
		    strcmp(a->step[i].what, b->step[i].what) != 0)
			return (0);
	return (a->nsteps > 0 || strcmp(a->msg, b->msg) == 0);
}

/* A new plan only if it differs from the one held (1), else 0. */
static int
plan_again(struct phone_plan *pp, const char *model, phone_plan_fn fn,
    void *arg)
{
	struct phone_plan	 old = *pp;

	if (!plan_anew(pp, model, fn, arg))
		return (0);
	if (plan_same(&pp->plan, &old.plan)) {
		*pp = old;
		pp->planned_stage = pp->stage;
		return (0);
	}
	return (1);
}

int
phone_plan_update(struct phone_plan *pp, const char *model,
    phone_plan_fn fn, void *arg)
{
	size_t		 i;
	int		 moved = 0;

	if (model == NULL || model[0] == '\0')
		return (0);
	if (!pp->made || strcmp(pp->model, model) != 0)
		return (plan_anew(pp, model, fn, arg));
	/* Held back: ROOT may have gained the bridge since (an import). */
	if (phone_plan_refuses(pp))
		return (plan_again(pp, model, fn, arg));
	if (pp->done)
		return (0);
	/* 7940/7960: it boots with the universal loader, the application next. */
	if (pp->plan.kind == PLAN_LOADER && pp->step == 0 &&
	    pp->stage == PLAN_STAGE_LOADER) {
		pp->step = 1;
		moved = 1;
	}
	/* Not moved yet and its stage tells another: plan again if it differs. */
	if (pp->step == 0 && pp->stage != pp->planned_stage &&
	    pp->stage != PLAN_STAGE_UNKNOWN)
		return (plan_again(pp, model, fn, arg));
	if (pp->running[0] == '\0')
		return (moved);
	/* It runs one of the steps' loads: on to the step after it. */
	for (i = pp->plan.nsteps; i-- > 0;) {
		if (!runs_step(pp, i))
			continue;
		if (i + 1 <= pp->step)
			return (moved);
		pp->step = (unsigned)(i + 1);
		pp->done = pp->step >= pp->plan.nsteps;
		return (1);
	}
	/* Not moved yet and it runs something else: plan again from there. */
	if (pp->step == 0 && strcmp(pp->planned, pp->running) != 0)
		return (plan_anew(pp, model, fn, arg));
	return (moved);
}

/* Are the steps old has to go those of the new plan p? */
static int
steps_to_go(const struct phone_plan *old, const struct plan *p)
{
	size_t	 i, k = old->step;

	if (k == 0)
		return (plan_same(&old->plan, p));
	if (p->kind == PLAN_AT_TARGET || p->kind == PLAN_LACKS ||
	    p->kind == PLAN_BLOCKED || p->kind == PLAN_NOTHING ||
	    old->plan.nsteps - k != p->nsteps)
		return (0);
	for (i = 0; i < p->nsteps; i++)
		if (strcmp(old->plan.step[k + i].load, p->step[i].load) != 0)
			return (0);
	return (1);
}

int
phone_plan_reroot(struct phone_plan *pp, const char *model,
    phone_plan_fn fn, void *arg)
{
	struct phone_plan	 old = *pp;

	if (model == NULL || model[0] == '\0' || pp->done)
		return (0);
	if (!plan_anew(pp, model, fn, arg))
		return (0);		/* nothing for it now: as it was */
	if (old.made && steps_to_go(&old, &pp->plan)) {
		*pp = old;
		return (0);
	}
	pp->rerooted = 1;
	return (1);
}

int
phone_plan_refuses(const struct phone_plan *pp)
{
	return (pp->made && (pp->plan.kind == PLAN_LACKS ||
	    pp->plan.kind == PLAN_BLOCKED));
}

const char *
phone_plan_load(const struct phone_plan *pp)
{
	if (!pp->made || pp->done || phone_plan_refuses(pp) ||
	    pp->step >= pp->plan.nsteps)
		return (NULL);
	return (pp->plan.step[pp->step].load);
}

int
phone_plan_pending(const struct phone_plan *pp)
{
	return (pp->made && !pp->done && (phone_plan_refuses(pp) ||
	    pp->plan.nsteps > 0));
}

void
phone_plan_text(const struct phone_plan *pp, char *buf, size_t len)
{
	size_t		 i, o;

	buf[0] = '\0';
	if (!pp->made)
		return;
	if (phone_plan_refuses(pp) || pp->plan.nsteps == 0) {
		snprintf(buf, len, "%s", pp->plan.msg);
		return;
	}
	o = (size_t)snprintf(buf, len, "%s", pp->plan.from);
	for (i = 0; i < pp->plan.nsteps && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, " -> %s",
		    pp->plan.step[i].ver);
}

const char *
phone_plan_target(const struct phone_plan *pp)
{
	if (!pp->made || pp->plan.nsteps == 0)
		return ("");
	return (pp->plan.step[pp->plan.nsteps - 1].ver);
}

static int
ends_with_ci(const char *s, const char *suf)
{
	size_t	 n = strlen(s), k = strlen(suf);

	return (n >= k && strcasecmp(s + n - k, suf) == 0);
}

void
phone_plan_loads(struct phone_plan *pp, const char *load, int term)
{
	const char	*l = term ? phone_plan_load(pp) : load;

	strlcpy(pp->flashing, l != NULL ? l : "", sizeof pp->flashing);
}

void
phone_plan_component(struct phone_plan *pp)
{
	pp->fetched = 1;
}

void
phone_plan_boot(struct phone_plan *pp, int flashed_all)
{
	pp->tl_asks = pp->cfg_asks = 0;
	if (flashed_all && pp->flashing[0] != '\0')
		(void)phone_plan_running(pp, pp->flashing);
	/* One image of the loader step's load, then a reboot: the loader. */
	else if (pp->fetched && pp->made && pp->plan.kind == PLAN_LOADER &&
	    pp->step == 0 && strcasecmp(pp->flashing,
	    pp->plan.step[0].load) == 0)
		pp->stage = PLAN_STAGE_LOADER;
	pp->flashing[0] = '\0';
	pp->fetched = 0;
}

int
phone_plan_trust_sign(struct phone_plan *pp, const char *file)
{
	const char	*base = cisco_file_base(file);

	if (ends_with_ci(base, ".cnf.xml.sgn") ||
	    ends_with_ci(base, ".cnf.xml.enc.sgn"))
		pp->sgn_asks++;
	else if (cisco_file_is_trust_list(base))
		pp->tl_asks++;
	else if (cisco_file_is_own_config(base))
		pp->cfg_asks++;
	else
		return (0);
	if (pp->trust_told || !(pp->sgn_asks >= TRUST_SGN_MIN ||
	    (pp->tl_asks >= TRUST_TL_MIN && pp->cfg_asks >= TRUST_CFG_MIN)))
		return (0);
	pp->trust_told = 1;
	return (1);
}

/* cisco-phones.md 1.1 (key sequences) and 6.4 (Settings > Security). */
const char *
phone_plan_trust_advice(const char *model)
{
	const struct model	*m = model_find(model);

	if (m != NULL && strcmp(m->family, "legacy") == 0)
		return ("Settings, **# to unlock, Security Configuration: "
		    "erase the CTL file; or factory reset (hold # at power-on, "
		    "123456789*0#, 2 at \"Keep network cfg?\")");
	if (m != NULL && strcmp(m->family, "cnu") == 0)
		return ("Settings, **# to unlock, Security Configuration > "
		    "Trust List: erase CTL and ITL; or factory reset (hold # "
		    "at power-on, 123456789*0#)");
	return ("erase its trust list in Settings > Security (unlock with "
	    "**#), or factory reset it");
}
