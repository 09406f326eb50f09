/*
 * phone_plan.h: one tracked phone's upgrade plan and trust-list signs
 * (issue 20), the part of a phone row phones.c keeps for it.  Pure: the
 * plan itself comes from a callback (the tracker works it out with
 * fw/plan.c against ROOT's catalogue), and this layer only decides when
 * to ask for it and which step the phone is on.
 *
 * A plan is made once the model is known, from the load the phone runs
 * (CDP/LLDP, or the load it asked for and fetched nothing of), and kept:
 * when the phone later runs one of its steps' loads, it is on the next
 * step; when it runs the target, it is done.  A 7940/7960 on its loader
 * step moves on when it boots with the universal loader (its vendor
 * class names the model, or it rebooted after the loader's image).  A
 * phone that has not moved yet and reports another running load, or
 * another stage, gets a new plan.
 */
#ifndef TRACK_PHONE_PLAN_H
#define TRACK_PHONE_PLAN_H

#include <stdint.h>

#include "fw/plan.h"

/*
 * Works out the plan for model, running load ("" unknown) and stage; 0
 * or -1.  Fills alias[i] with the version step i's term file stands for
 * when it differs from the step's load ("9.4(2)ES26" for
 * SIP70.9-4-2SR3-1S: the release a phone flashed from it reports), or "".
 */
typedef int	(*phone_plan_fn)(void *, const char *, const char *,
		     enum plan_stage, struct plan *,
		     char [PLAN_MAX_STEPS][32]);

struct phone_plan {
	int		 made;		/* plan holds a plan */
	struct plan	 plan;
	char		 alias[PLAN_MAX_STEPS][32];	/* phone_plan_fn */
	unsigned	 step;		/* steps done: serving step[step] */
	int		 done;		/* runs the target (or nothing to do) */
	char		 running[64];	/* the load it runs, as reported */
	char		 flashing[64];	/* the load of the .loads it fetched */
	char		 model[16];	/* the model it was made for */
	char		 planned[64];	/* running when it was made */
	enum plan_stage	 stage;		/* 7940/7960: what its DHCP, its asks tell */
	enum plan_stage	 planned_stage;	/* stage when it was made */
	int		 fetched;	/* a component fetched in this boot */
	int		 rerooted;	/* planned again: ROOT changed */
	/* Trust-list signs. */
	unsigned	 sgn_asks;	/* SEP<MAC>.cnf.xml.sgn and the like */
	unsigned	 tl_asks;	/* CTL/ITL requests */
	unsigned	 cfg_asks;	/* its own config, asked again and again */
	int		 trust_told;
};

/* The phone runs load (a CDP/LLDP report, or settled): 1 when it is new. */
int		 phone_plan_running(struct phone_plan *, const char *);
/*
 * Bring the plan up to date for model: make it, move a step, or start
 * again.  1 when the plan or the step changed.
 */
int		 phone_plan_update(struct phone_plan *, const char *,
		     phone_plan_fn, void *);
/*
 * ROOT changed (an import, a load removed, another default): plan again
 * from where the phone is now (the load it runs, its stage), keeping the
 * plan and its progress when the steps it has to go are the same.  1
 * when the plan changed (rerooted set).  A phone done is left alone.
 */
int		 phone_plan_reroot(struct phone_plan *, const char *,
		     phone_plan_fn, void *);
/* Does the plan hold the phone back (ROOT lacks the bridge, blocked)? */
int		 phone_plan_refuses(const struct phone_plan *);
/* The load to serve now, or NULL (no plan, done, or refused). */
const char	*phone_plan_load(const struct phone_plan *);
/*
 * Does the session go on for it: steps to go, or held back until ROOT
 * gains the bridge (it is not back before it runs the target)?
 */
int		 phone_plan_pending(const struct phone_plan *);
/* "8.3(1) -> 8.5(2) -> 9.4(2)SR3", the target's version. */
void		 phone_plan_text(const struct phone_plan *, char *, size_t);
const char	*phone_plan_target(const struct phone_plan *);
/*
 * A request for file by the phone: 1 once it shows the signs of a
 * foreign trust list (.sgn configs; CTL/ITL retried while its own
 * configuration is asked for again and again), told once.
 */
int		 phone_plan_trust_sign(struct phone_plan *, const char *);
/*
 * It asked for a .loads: the load it flashes from it (the step's when it
 * is the model's term file, answered by plan).
 */
void		 phone_plan_loads(struct phone_plan *, const char *, int);
/* It fetched a component of the load it flashes. */
void		 phone_plan_component(struct phone_plan *);
/*
 * It asks for an address: a new boot (retries count within one); after
 * fetching every component (flashed_all) it runs what it flashed, which
 * tells the step without CDP (serve --no-sniff).  A 7940/7960 on the
 * loader step that fetched one image of it (its loader installs one per
 * boot, the universal loader first) boots with the loader: its stage.
 */
void		 phone_plan_boot(struct phone_plan *, int);
/* What to do on that model to erase a trust list, one sentence. */
const char	*phone_plan_trust_advice(const char *);

#endif /* TRACK_PHONE_PLAN_H */
