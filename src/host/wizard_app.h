/*
 * wizard_app.h: run the wizard (flow machine + ncurses UI + the serve
 * engines) from a command: `wizard` itself, and `demo`, which walks the
 * flow through its steps with wizard_cmd_*() from the ready() hook while
 * every key still works.
 *
 *	struct wizard_app_opts o = { .iface = "pr-demo0", .root = dir,
 *	    .ready = my_hook, .arg = me };
 *	return (wizard_app_run(&o));	(returns an exit code)
 */
#ifndef CMD_WIZARD_APP_H
#define CMD_WIZARD_APP_H

#include <stddef.h>
#include <stdint.h>

struct loop;
struct wizard;
struct wizard_load;
struct serve_opts;

struct wizard_app_opts {
	const char	*iface;		/* pick this one at once, or NULL */
	const char	*root;		/* the TFTP root; NULL: the default */
	const char	*user;		/* --user: run as, once serving */
	const char	*script;	/* replay this script (no engines) */
	int		 pace;		/* ... in real time, not at once */
	int		 ascii, mono;
	int		 verbose;
	int		 no_plan;	/* --no-plan: one load to all (issue 20) */
	int		 open_firewall;	/* --open-firewall */
	unsigned	 max_flashing;	/* --max-flashing N; 0: no limit */
	/* --on-event CMD, its kinds and queue (0: the defaults). */
	const char	*on_event;
	uint32_t	 on_event_kinds;
	size_t		 on_event_queue;
	/* Called once the loop, the wizard and the UI exist. */
	void		(*ready)(struct loop *, struct wizard *, void *);
	/* Adjust the serve options before engines start (ports, pool...). */
	void		(*tune)(struct serve_opts *, void *);
	void		*arg;
};

int	 wizard_app_run(const struct wizard_app_opts *);

/*
 * The wizard's host actions (wizard_import.c).  An import runs in a child
 * process and reports as EV_FW_IMPORT events on the bus; freeing a running
 * one stops the child (ROOT is then as it was).
 */
struct wizard_import;
/* server: processNodeName for XMLDefault (our address), NULL or "": kept. */
struct wizard_import *wizard_import_start(struct loop *, const char *,
	     const char *, const char *, char *, size_t);
int	 wizard_import_running(const struct wizard_import *);
void	 wizard_import_free(struct wizard_import *);
/*
 * Write ROOT/SEP<MAC>.cnf.xml for a phone of model, server its
 * processNodeName (NULL or "": CFGXML_DEFAULT_SERVER); 0, or -1 with err.
 */
int	 wizard_write_sep(const char *, const char *, const char *,
	     const char *, char *, size_t);
/* What ROOT can serve, one row per model (the wizard's catalog op). */
size_t	 wizard_host_catalog(const char *, struct wizard_load *, size_t);

#endif /* CMD_WIZARD_APP_H */
