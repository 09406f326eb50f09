/*
 * track_plan.h: the tracker's upgrade plans against ROOT, and the table
 * of what each phone address is served now (issue 20).  The phone table
 * (phones.h) asks track_plan_make for a plan and tells track_plan_assign
 * each phone's step; the TFTP and HTTP resolvers ask track_plan_answer,
 * from any thread.
 */
#ifndef TRACK_TRACK_PLAN_H
#define TRACK_TRACK_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "fw/plan.h"

struct fw_catalog;
struct track_plan;

struct track_plan *track_plan_new(const char *);
void		 track_plan_free(struct track_plan *);
/* ROOT's catalogue, read again when ROOT changed (a few stat()s). */
const struct fw_catalog *track_plan_catalog(struct track_plan *);
/*
 * Bumped each time ROOT's catalogue is read again (ROOT changed: an
 * import, a load removed, firmware --default): the plans made before
 * may be stale.  Checks ROOT first.
 */
unsigned	 track_plan_generation(struct track_plan *);
/* phone_plan_fn (phone_plan.h). */
int		 track_plan_make(void *, const char *, const char *,
		     enum plan_stage, struct plan *, char [PLAN_MAX_STEPS][32]);
/* phones_opts.assign. */
void		 track_plan_assign(void *, uint32_t, const char *,
		     const char *, int, int);
/*
 * The answer for the client at ip asking for name (normalised): 1 with a
 * path under ROOT in out (the step's kept file), 0 to serve the name as
 * it is, -1 to refuse it (ROOT lacks the bridge load: nothing that would
 * flash the phone).
 */
int		 track_plan_answer(struct track_plan *, uint32_t,
		     const char *, char *, size_t);

#endif /* TRACK_TRACK_PLAN_H */
