/*
 * fw_catalog.h: what a TFTP root can serve, per phone model.
 *
 * fw_catalog_open() reads ROOT once (a flat directory, as phones expect):
 * every .loads file parsed, every component resolved in any letter case,
 * termNN.default.loads files matched to the named load with the same
 * components, load<NNN>.txt hints read.  Then, for each model of the
 * table (src/model/model.h), fw_catalog_served() answers "which load does
 * this model get, from which file, is it complete, what should a person
 * know".  Allocates with the x-allocators: a start-up and UI path.
 *
 * Which load a model gets:
 *  - CNU family (a termNN file): the load its termNN.default.loads names
 *    (a factory-reset phone asks for that file first); several versions
 *    may sit side by side in ROOT, and fw_catalog_set_default() makes a
 *    stored term file of another version the active one.
 *  - other models: the load named in ROOT/.phonerescue/defaults, else the
 *    one a load<NNN>.txt names, else the highest version present.
 */
#ifndef FW_FW_CATALOG_H
#define FW_FW_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "loads.h"

struct model;

#define FW_NAME_MAX	128
#define FW_STATE_DIR	".phonerescue"		/* inside ROOT, never served as firmware */
#define FW_TERMS_DIR	".phonerescue/terms"	/* stored term files per load */
#define FW_DEFAULTS	".phonerescue/defaults"	/* "MODEL LOAD" lines */

/* A firmware version: "9-4-2SR3-1S" = 9.4(2)SR3-1. */
struct fw_version {
	unsigned	 n[6];		/* main numbers */
	unsigned	 nn;
	unsigned	 sr[4];		/* after SR/ES/TH...: service release */
	unsigned	 nsr;
	char		 tag[4];	/* "SR", "ES", "TH": how sr[] is named */
};

/* Parse a version ("9-4-2SR3-1S", "8.5(2)") or a load name's version. */
int	 fw_version_parse(const char *, struct fw_version *);
int	 fw_version_of_load(const char *, struct fw_version *);
int	 fw_version_cmp(const struct fw_version *, const struct fw_version *);
/* "9.4(2)SR3-1" */
void	 fw_version_str(const struct fw_version *, char *, size_t);

struct fw_file {
	char		 name[FW_NAME_MAX];
	uint64_t	 size;
};

#define FW_MAX_STORED	8	/* kept files per load: term files, configs */

struct fw_load {
	char		 file[FW_NAME_MAX];	/* the .loads file on disk */
	char		 name[FW_NAME_MAX];	/* file less ".loads" */
	char		 ident[FW_NAME_MAX];	/* load it stands for (term files) */
	int		 is_term;
	int		 ok;			/* parsed */
	char		 error[192];		/* why not */
	int		 kind;			/* enum loads_kind */
	char		 foreign[96];		/* ok, but for no model of the table: what for */
	struct loads	 body;
	int		 has_version;
	struct fw_version ver;
	int		 complete;
	/* Per component: index into files[], or -1 when missing. */
	int		 comp_file[LOADS_MAX_COMP];
	int		 comp_empty[LOADS_MAX_COMP];
	int		 comp_size_bad[LOADS_MAX_COMP];
	/* Files kept for this load in FW_TERMS_DIR/<name>/ (term files). */
	size_t		 nstored;
	char		 stored[FW_MAX_STORED][FW_NAME_MAX];
};

struct fw_catalog {
	char		 root[1024];
	struct fw_file	*files;
	size_t		 nfiles;
	struct fw_load	*loads;
	size_t		 nloads;
	/* load<NNN>.txt: devtype -> load */
	struct fw_hint { unsigned devtype; char load[FW_NAME_MAX]; } *hints;
	size_t		 nhints;
	/* ROOT/.phonerescue/defaults */
	struct fw_choice { char model[16]; char load[FW_NAME_MAX]; } *choices;
	size_t		 nchoices;
};

#define FW_MAX_NOTES	6

struct fw_served {
	const struct model *model;
	const struct fw_load *load;	/* NULL: ROOT has nothing for it */
	const char	*load_name;	/* for loadInformation: load->ident */
	const char	*via;		/* term file name, or "" */
	const char	*why;		/* "term file", "chosen", "load115.txt", "newest" */
	int		 complete;
	size_t		 nalt;		/* other loads this model could get */
	const struct fw_load *alt[8];
	size_t		 nnotes;
	char		 notes[FW_MAX_NOTES][256];
};

struct fw_catalog *fw_catalog_open(const char *, char *, size_t);
void	 fw_catalog_free(struct fw_catalog *);
/* A file in ROOT by name in any letter case: its on-disk name, or NULL. */
const char *fw_catalog_resolve(const struct fw_catalog *, const char *);
const struct fw_load *fw_catalog_find_load(const struct fw_catalog *,
	     const char *);
/*
 * The files load l consists of: component i as named on disk (the .loads
 * may spell it in another letter case), or NULL when ROOT lacks it.
 * i < l->body.ncomp.
 */
const char *fw_catalog_component(const struct fw_catalog *,
	     const struct fw_load *, size_t);
/* Fill *s for model m; returns 1 when ROOT serves it, 0 otherwise. */
int	 fw_catalog_served(const struct fw_catalog *, const struct model *,
	     struct fw_served *);
/*
 * Make model m get load (by name) from now on: for a CNU model, the
 * stored term file of that load becomes ROOT's termNN.default.loads
 * (atomically); for others it is written to ROOT/.phonerescue/defaults.
 * 0, or -1 with err.
 */
int	 fw_catalog_set_default(const char *, const struct model *,
	     const char *, char *, size_t);

/*
 * The versions ROOT holds for model m (every named load that serves it),
 * each with the exact files that name it: the .loads in ROOT, its kept
 * term files (FW_TERMS_DIR/<load>/termNN.default.loads, byte-identical to
 * the bundle's) and whether ROOT's termNN.default.loads is that load now.
 * A term file that names no load in ROOT (a tree copied without the
 * named .loads) counts as a version of its own, its version from its
 * body.  Fills up to max in catalogue order; returns how many.
 */
struct fw_version_info {
	const struct fw_load *load;		/* the named load */
	int		 active;		/* ROOT's term file names it */
	char		 term[2 * FW_NAME_MAX];	/* kept term file for m, or "" */
};
size_t	 fw_catalog_versions(const struct fw_catalog *, const struct model *,
	     struct fw_version_info *, size_t);

/*
 * The signing-key advice for a CNU-family (79x1/79x2/79x5/797x) load at
 * or above 8.5(3), NULL otherwise; fw_catalog_served() applies it to CNU
 * models only (7940/7960 "8.12" is another numbering).
 */
const char *fw_upgrade_advice(const struct fw_version *);

#endif /* FW_FW_CATALOG_H */
