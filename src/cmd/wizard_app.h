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

struct loop;
struct wizard;
struct serve_opts;

struct wizard_app_opts {
	const char	*iface;		/* pick this one at once, or NULL */
	const char	*root;		/* the TFTP root; NULL: the default */
	const char	*script;	/* replay this script (no engines) */
	int		 ascii, mono;
	int		 verbose;
	/* Called once the loop, the wizard and the UI exist. */
	void		(*ready)(struct loop *, struct wizard *, void *);
	/* Adjust the serve options before engines start (ports, pool...). */
	void		(*tune)(struct serve_opts *, void *);
	void		*arg;
};

int	 wizard_app_run(const struct wizard_app_opts *);

#endif /* CMD_WIZARD_APP_H */
