/*
 * plan.h: a phone's upgrade plan, the way a CallManager assigns each
 * device its load (issue 20; shared/domain/cisco-phones.md 2.3, 3.3).
 *
 * Pure logic, no I/O, no allocation: from the model, the load it runs (as
 * CDP/LLDP report it, or unknown), for a 7940/7960 the loader stage its
 * DHCP vendor class tells, and the versions ROOT holds, plan_make() works
 * out the steps:
 *  - direct to the target;
 *  - through a bridge load: a 79x1/79x2/79x5/797x/7906/7911 below 8.3(3)
 *    cannot authenticate 8.5(3) or later (nor 8.5(2)SR1) and must first
 *    take a load between 8.3(3) and plain 8.5(2);
 *  - through the 7940/7960 loader stages: an old image (vendor class
 *    without the model) reads OS79XX.TXT and takes the universal
 *    application loader, reboots, then takes the application;
 *  - or no plan before anything is flashed: "ROOT lacks the bridge load:
 *    import 8.5(2) for the 7970".
 * Which family needs which rule comes from the one model table
 * (src/model, data/models.tsv: family cnu or legacy).
 *
 *	struct plan_in in = { .model = model_find("7970") };
 *	plan_parse_running("SCCP70.8-3-1S", &in.running);
 *	in.nheld = plan_held_from_catalog(cat, in.model, in.held, PLAN_MAX_HELD);
 *	plan_make(&in, &p);
 */
#ifndef FW_PLAN_H
#define FW_PLAN_H

#include <stddef.h>

#include "fw_catalog.h"

struct model;

#define PLAN_MAX_HELD	16	/* versions of one model in ROOT */
#define PLAN_MAX_STEPS	3	/* loads flashed one after the other */

/* What a phone runs, parsed from what it reports. */
struct plan_running {
	int		 known;
	struct fw_version ver;
	char		 text[FW_NAME_MAX];	/* as reported */
};

/* 7940/7960: the stage the vendor class tells (domain notes 2.3, 5.2). */
enum plan_stage {
	PLAN_STAGE_UNKNOWN = 0,
	PLAN_STAGE_OLD,		/* "Cisco Systems, Inc. IP Phone": old image */
	PLAN_STAGE_LOADER,	/* "... IP Phone CP-7940G": universal loader */
};

/* One version ROOT holds for the model. */
struct plan_held {
	char		 load[FW_NAME_MAX];	/* "SCCP70.8-5-2S" */
	struct fw_version ver;
	int		 complete;		/* every component in ROOT */
};

struct plan_in {
	const struct model *model;
	struct plan_running running;
	enum plan_stage	 stage;
	const char	*target;	/* a load to go to; NULL: the newest held */
	size_t		 nheld;
	struct plan_held held[PLAN_MAX_HELD];
};

enum plan_kind {
	PLAN_NOTHING = 0,	/* ROOT holds no load for the model */
	PLAN_AT_TARGET,		/* it already runs the target */
	PLAN_DIRECT,		/* straight to the target */
	PLAN_BRIDGE,		/* bridge load first */
	PLAN_LOADER,		/* 7940/7960: loader, then application */
	PLAN_LACKS,		/* ROOT lacks the bridge: flash nothing */
	PLAN_BLOCKED,		/* the target cannot be reached from there */
};

struct plan_step {
	char		 load[FW_NAME_MAX];	/* what the step serves */
	char		 ver[32];		/* "8.5(2)" */
	const char	*what;			/* "bridge", "loader", "target" */
};

struct plan {
	enum plan_kind	 kind;
	size_t		 nsteps;
	struct plan_step step[PLAN_MAX_STEPS];
	char		 from[48];		/* "8.3(1)", or "unknown" */
	char		 msg[640];		/* what a person should know */
};

/*
 * A running load as a phone reports it: a load name from CDP or LLDP
 * ("SCCP70.8-3-1S", "SIP70.9-4-2SR3-1S", "P0030801SR02", "P003-08-2-00"),
 * Cisco's notation ("8.3(1)", "9.4(2)SR3"), or the bare version
 * ("8-5-2S").  0, or -1 (r->known = 0) when no version is in it.
 */
int		 plan_parse_running(const char *, struct plan_running *);

/*
 * The version a .loads body stands for: its "# RELEASE load version"
 * line, else the version of its first component
 * ("jar70sccp.9-4-2ES26.sbn" -> 9.4(2)ES26; "P0030801SR02.sbn").
 * 0, or -1.
 */
int		 plan_version_of_body(const struct loads *, struct fw_version *);

/* The 7940/7960 stage an option-60 value (NUL-terminated or not) tells. */
enum plan_stage	 plan_stage_of_vendor_class(const void *, size_t);
/*
 * The stage a 7940/7960's request tells (domain notes 2.3): OS79XX.TXT
 * or SEPDefault.cnf is an old image; a P003/P0S3 .loads is the universal
 * loader; anything else tells nothing (PLAN_STAGE_UNKNOWN).
 */
enum plan_stage	 plan_stage_of_request(const char *);

/* Does this version know the old signing key too (8.3(3) .. plain 8.5(2))? */
int		 plan_is_bridge(const struct fw_version *);
/* Does it know only the new key (8.5(2)SR1, 8.5(3) and later)? */
int		 plan_new_key_only(const struct fw_version *);

/* Work the plan out.  Returns p->kind. */
enum plan_kind	 plan_make(const struct plan_in *, struct plan *);

/*
 * The versions of the catalogue's named loads that serve model m (term
 * files stand for them), sorted oldest first, into held: how many.
 */
size_t		 plan_held_from_catalog(const struct fw_catalog *,
		     const struct model *, struct plan_held *, size_t);

/*
 * The target ROOT's own files send the model to (its term file, the
 * defaults, load<devtype>.txt: what XMLDefault names too), when in->held
 * has it complete; NULL: the newest complete (plan_make's default).  A
 * plan towards another load would end where ROOT's configuration never
 * sends the phone.
 */
const char	*plan_served_target(const struct fw_catalog *,
		     const struct plan_in *);

/* One line: "8.3(1) -> 8.5(2) -> 9.4(2)SR3 (bridge: 8.3(1) is below ...)". */
void		 plan_str(const struct plan *, char *, size_t);
const char	*plan_kind_name(enum plan_kind);

#endif /* FW_PLAN_H */
