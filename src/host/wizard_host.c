/*
 * The wizard host: the flow machine of src/flow with the ncurses front end
 * of ui/ (through ui/ui.h, its curses-free face), running the same engines
 * as `serve` through serve_start()/serve_stop() (host/serve.h).  `wizard`
 * and `demo` run it (host/wizard_app.h).
 *
 * --script FILE (a test and demo aid, see wizard.h) replays timed events
 * and commands under a fake clock instead of starting any engine, so
 * screens can be compared against golden captures.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bus.h"
#include "cfg/cfgxml.h"
#include "clock.h"
#include "cmd/cmd.h"
#include "cmd/cmd_fw.h"
#include "compat.h"
#include "flow/wizard.h"
#include "log.h"
#include "loop.h"
#include "net/net.h"
#include "net/netmgr.h"
#include "host/serve.h"
#include "track/tracker.h"
#include "tunables.h"
#include "ui/ui.h"
#include "util.h"
#include "host/wizard_app.h"

#define SCRIPT_CLOCK_BASE	1000000	/* fake ms at a script's time 0 */

struct wizard_app {
	const struct wizard_app_opts *o;
	struct loop		*loop;
	struct wizard		*w;
	struct ui		*ui;
	struct serve_ctx	 ctx;
	int			 serving;
	struct wizard_import	*import;
	/* Script mode. */
	struct wizard_script	*script;
	uint64_t		 now;
	uint64_t		 start;		/* --pace: real time of script 0 */
	struct loop_timer	 step;
	struct tracker		*tracker;	/* makes phones of the script's events */
};


/*
 * A first run has no ROOT yet: make it (and its parents), as serve hands
 * an existing ROOT to the user it drops to, so imports can write there.
 */
static int
app_make_root(const char *root, char *err, size_t errlen)
{
	struct stat	 st;
	size_t		 at;

	if (stat(root, &st) == 0)
		return (0);
	if (errno != ENOENT) {
		snprintf(err, errlen, "TFTP root %s: %s", root, strerror(errno));
		return (-1);
	}
	if (util_mkdir_p(root, 0755, &at, NULL, NULL) != 0) {
		if (errno == ENAMETOOLONG) {
			snprintf(err, errlen, "TFTP root %s: path too long",
			    root);
			return (-1);
		}
		snprintf(err, errlen, "TFTP root %s is missing and cannot "
		    "be made (%.*s: %s): run the wizard as root (sudo), "
		    "or give it a folder of yours with -r DIR", root,
		    (int)at, root, strerror(errno));
		return (-1);
	}
	log_warnx("TFTP root %s was missing: made it (empty; import the "
	    "firmware on step 2)", root);
	return (0);
}

/* The start-up machine's words, for "starting: waiting for carrier...". */
static void
app_on_stage(void *arg, const char *words)
{
	struct wizard_app	*a = arg;

	wizard_host_starting(a->w, words);
}

/* Start-up under way has ended: serving, or undone and said why. */
static void
app_on_done(void *arg, int rc, const char *err)
{
	struct wizard_app	*a = arg;
	char			 why[256];

	if (rc != 0) {
		strlcpy(why, err, sizeof why);
		serve_stop(&a->ctx);
		a->serving = 0;
		wizard_host_started(a->w, -1, why);
		return;
	}
	wizard_host_started(a->w, 0, NULL);
}

/*
 * Host op: start the serve engines on iface (what `serve -i` does); 1
 * while the stages wait on the loop (app_on_done() tells the end).
 */
static int
app_start(void *arg, const char *iface, int force, char *err, size_t errlen)
{
	struct wizard_app	*a = arg;
	int			 r;

	memset(&a->ctx, 0, sizeof a->ctx);
	serve_opts_defaults(&a->ctx.opts);
	a->ctx.opts.root = wizard_root(a->w);
	a->ctx.opts.iface = iface;
	a->ctx.opts.force = force;
	a->ctx.opts.verbose = a->o->verbose;
	a->ctx.opts.user = a->o->user;
	a->ctx.opts.wizard = 1;		/* may restart; imports into ROOT */
	a->ctx.opts.open_firewall = a->o->open_firewall;
	a->ctx.opts.max_flashing = a->o->max_flashing;
	a->ctx.opts.no_plan = a->o->no_plan;
	a->ctx.opts.on_event = a->o->on_event;
	a->ctx.opts.on_event_kinds = a->o->on_event_kinds;
	a->ctx.opts.on_event_queue = a->o->on_event_queue;
	if (a->o->tune != NULL)
		a->o->tune(&a->ctx.opts, a->o->arg);
	a->ctx.loop = a->loop;
	a->ctx.on_stage = app_on_stage;
	a->ctx.on_done = app_on_done;
	a->ctx.on_arg = a;
	if (strlcpy(a->ctx.ifname, iface, sizeof a->ctx.ifname) >=
	    sizeof a->ctx.ifname) {
		snprintf(err, errlen, "interface name too long");
		return (-1);
	}
	if (serve_iface_lookup(&a->ctx, err, errlen) != 0)
		return (-1);
	if (app_make_root(a->ctx.opts.root, err, errlen) != 0)
		return (-1);
	if ((r = serve_start(&a->ctx, err, errlen)) < 0) {
		serve_stop(&a->ctx);
		return (-1);
	}
	a->serving = 1;		/* app_stop() cancels a start under way */
	return (r == SERVE_PENDING ? 1 : 0);
}

/* Host op: stop the engines (they put the interface back as it was). */
static void
app_stop(void *arg)
{
	struct wizard_app	*a = arg;

	if (!a->serving)
		return;
	serve_stop(&a->ctx);
	a->serving = 0;
}

/* Host ops: the DHCP guard's decisions, taken by the technician. */
static int
app_dhcp_check(void *arg)
{
	struct wizard_app	*a = arg;

	return (a->serving && !serve_stages_busy(&a->ctx) ?
	    serve_dhcp_check_again(&a->ctx) : -1);
}

static void
app_dhcp_force(void *arg)
{
	struct wizard_app	*a = arg;

	if (a->serving)
		serve_dhcp_force(&a->ctx);
}

/* Host op: the interfaces, from the interface engine (net.h). */
static size_t
app_list_ifaces(void *arg, struct wizard_iface *v, size_t max)
{
	struct net_iface	*list;
	struct netmgr_info	 mi;
	size_t			 n, i, k = 0;
	char			 err[256], ip[16];

	(void)arg;
	if (net_iface_list(&list, &n, err, sizeof err) != 0) {
		log_warnx("interfaces: %s", err);
		return (0);
	}
	for (i = 0; i < n && k < max; i++) {
		const struct net_iface *it = &list[i];
		struct wizard_iface *w = &v[k++];
		memset(w, 0, sizeof *w);
		strlcpy(w->name, it->name, sizeof w->name);
		w->up = it->up;
		w->carrier = it->carrier;
		w->loopback = it->loopback;
		w->wireless = it->wireless;
		w->default_route = it->default_route;
		util_mac_str(w->mac, sizeof w->mac, it->mac);
		if (it->naddrs > 0) {
			util_ip_str(ip, sizeof ip, it->addrs[0].addr);
			snprintf(w->addr, sizeof w->addr, "%s/%u", ip,
			    it->addrs[0].plen);
		}
		if (!it->loopback) {
			netmgr_detect(serve_netmgr_bus(), it->name, it->index,
			    it->mac, &mi);
			netmgr_who(&mi, w->managed_by, sizeof w->managed_by);
		}
	}
	free(list);
	return (k);
}

/* Host op: import an archive in a child process. */
static int
app_import(void *arg, const char *path, char *err, size_t errlen)
{
	struct wizard_app	*a = arg;

	if (wizard_import_running(a->import)) {
		snprintf(err, errlen, "an import is already running");
		return (-1);
	}
	wizard_import_free(a->import);
	a->import = wizard_import_start(a->loop, path, wizard_root(a->w),
	    wizard_server_addr(a->w), err, errlen);
	return (a->import != NULL ? 0 : -1);
}

/* Host op: write SEP<MAC>.cnf.xml through the config engine. */
static int
app_write_sep(void *arg, const char *mac, const char *model, char *err,
    size_t errlen)
{
	struct wizard_app	*a = arg;

	return (wizard_write_sep(wizard_root(a->w), mac, model,
	    wizard_server_addr(a->w), err, errlen));
}

/* Host op: what the root can serve, per model (the firmware catalogue). */
static size_t
app_catalog(void *arg, const char *root, struct wizard_load *v, size_t max)
{
	(void)arg;
	return (wizard_host_catalog(root, v, max));
}

/* Script mode's host: no engines; the script says what they would. */
static int
script_start(void *arg, const char *iface, int force, char *err,
    size_t errlen)
{
	(void)arg;
	(void)iface;
	(void)force;
	(void)err;
	(void)errlen;
	serve_record_begin();	/* its phones are recorded, as a session's */
	return (0);
}

/* The guard in script mode: the check is the script's to answer. */
static int
script_dhcp_check(void *arg)
{
	(void)arg;
	return (0);
}

static void
script_dhcp_force(void *arg)
{
	(void)arg;
	bus_notice("dhcp_forced", EV_WARN, NULL, NULL, "serving DHCP anyway "
	    "next to another DHCP server (asked for): phones may take either "
	    "server's address");
}

static size_t
script_list_ifaces(void *arg, struct wizard_iface *v, size_t max)
{
	struct wizard_app		*a = arg;
	const struct wizard_iface	*s;
	size_t				 n;

	n = wizard_script_ifaces(a->script, &s);
	if (n > max)
		n = max;
	memcpy(v, s, n * sizeof *v);
	return (n);
}

/* Feed the script's next instant, then come back on the next turn. */
static void
script_step_cb(void *arg)
{
	struct wizard_app	*a = arg;

	uint64_t		 ignored;
	int64_t			 next;

	if (a->o->pace) {
		/* Real time: entries when their time comes, the real clock. */
		wizard_script_step(a->script, a->w, 0, &ignored);
		if ((next = wizard_script_next_at(a->script)) >= 0)
			loop_timer_set(a->loop, &a->step, a->start +
			    (uint64_t)next, script_step_cb, a);
		else
			ui_set_badge(a->ui, "script: end");
		return;
	}
	if (wizard_script_step(a->script, a->w, SCRIPT_CLOCK_BASE, &a->now))
		loop_timer_set(a->loop, &a->step, a->now, script_step_cb, a);
	else
		ui_set_badge(a->ui, "script: end");
}

/*
 * The wizard's host ops: the engines, or with --script the script's
 * stand-ins (its file is loaded here); files in ROOT are real either way.
 * 0, or -1 with err.
 */
static int
app_host_init(struct wizard_app *a, struct wizard_host *host, char *err,
    size_t errlen)
{
	const struct wizard_app_opts	*o = a->o;

	memset(host, 0, sizeof *host);
	host->arg = a;
	if (o->script != NULL) {
		if ((a->script = wizard_script_load(o->script, err,
		    errlen)) == NULL)
			return (-1);
		if (!o->pace) {
			a->now = SCRIPT_CLOCK_BASE;
			clock_set_fake(&a->now);
		}
		host->start = script_start;
		host->list_ifaces = script_list_ifaces;
		host->dhcp_check = script_dhcp_check;
		host->dhcp_force = script_dhcp_force;
	} else {
		host->start = app_start;
		host->stop = app_stop;
		host->list_ifaces = app_list_ifaces;
		host->dhcp_check = app_dhcp_check;
		host->dhcp_force = app_dhcp_force;
	}
	/* Files only (ROOT): real in script mode too. */
	host->import = app_import;
	host->write_sep = app_write_sep;
	host->catalog = app_catalog;
	host->default_server = CFGXML_DEFAULT_SERVER;
	return (0);
}

/* A script starts no engine: its events still reach the --on-event hooks. */
static void
app_script_hooks(struct wizard_app *a)
{
	const struct wizard_app_opts	*o = a->o;
	char				 err[256];

	a->ctx.loop = a->loop;
	a->ctx.opts.on_event = o->on_event;
	a->ctx.opts.on_event_kinds = o->on_event_kinds;
	a->ctx.opts.on_event_queue = o->on_event_queue;
	a->ctx.opts.wizard = 1;
	if (serve_hook_start(&a->ctx, err, sizeof err) != 0)
		log_warnx("%s", err);
}

int
wizard_app_run(const struct wizard_app_opts *o)
{
	struct wizard_app	 a;
	struct wizard_host	 host;
	struct ui_opts		 uo;
	char			 err[256];
	int			 rc = EC_OK;

	if (ui_check_tty(err, sizeof err) != 0) {
		fprintf(stderr, "phonerescue wizard: %s\n", err);
		return (EC_FAIL);
	}
	memset(&a, 0, sizeof a);
	a.o = o;
	if (app_host_init(&a, &host, err, sizeof err) != 0) {
		fprintf(stderr, "phonerescue wizard: %s\n", err);
		return (EC_FAIL);
	}
	a.loop = loop_new();
	loop_add_post_hook(a.loop, bus_dispatch_hook, NULL);
	loop_catch_stop_signals(a.loop);
	/* A script says what the engines would: the tracker, as serve runs it. */
	if (a.script != NULL)
		a.tracker = tracker_open(a.loop, &(struct tracker_opts){
		    .root = fwcmd_root(o->root), .engines = 1 });
	a.w = wizard_new(&host, fwcmd_root(o->root));
	wizard_attach(a.w);
	wizard_cmd_refresh_ifaces(a.w);

	memset(&uo, 0, sizeof uo);
	uo.ascii = o->ascii;
	uo.mono = o->mono;
	uo.scripted = a.script != NULL && !o->pace;
	a.ui = ui_start(a.loop, a.w, &uo);
	log_to_bus(1);
	if (a.script != NULL) {
		ui_set_badge(a.ui, "script");
		a.start = clock_now_ms();
		loop_timer_set(a.loop, &a.step, o->pace ? a.start : a.now,
		    script_step_cb, &a);
	}
	if (a.script != NULL && o->on_event != NULL)
		app_script_hooks(&a);
	if (o->iface != NULL)
		wizard_cmd_pick_iface(a.w, o->iface, 0);
	if (o->ready != NULL)
		o->ready(a.loop, a.w, o->arg);

	loop_run(a.loop);

	log_to_bus(0);
	ui_stop(a.ui);
	loop_timer_cancel(a.loop, &a.step);
	wizard_import_free(a.import);
	wizard_free(a.w);	/* stops the engines: the NIC is put back */
	serve_priv_finish();	/* what was handed over is given back */
	bus_dispatch();
	serve_hook_stop();	/* what is queued runs; drops said on stderr */
	serve_record_finish(stdout);	/* dispatches; the record's path */
	tracker_close(a.tracker);
	bus_reset();
	loop_free(a.loop);
	if (a.script != NULL) {
		if (!o->pace)
			clock_set_fake(NULL);
		wizard_script_free(a.script);
	}
	return (rc);
}

