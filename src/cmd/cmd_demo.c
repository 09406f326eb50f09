/*
 * phonerescue demo: the whole recovery, with nothing plugged in.  A
 * private pair of network namespaces joined by a veth link, a synthetic
 * firmware bundle (no Cisco bytes) imported into a temporary root, the
 * real engines in one namespace and a simulated phone (`simphone`) in the
 * other, started a few seconds after the servers.  It is shown through the
 * wizard when there is a terminal, else as serve's text events.  All of
 * it (namespaces, link, files, the phone) is removed on the way out, also
 * after Ctrl-C; namespaces a killed demo left behind are removed by the
 * next one.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "clock.h"
#include "cmd.h"
#include "compat.h"
#include "flow/wizard.h"
#include "fw/fw_import.h"
#include "log.h"
#include "loop.h"
#include "model/model.h"
#include "net/netns.h"
#include "host/serve.h"
#include "sim/sim_phone.h"
#include "sink.h"
#include "tunables.h"
#include "util.h"
#include "host/wizard_app.h"

#define DEMO_PREFIX		"prdemo-"	/* the lab's names: netns.h */
#define DEMO_IFPREFIX		"prd"
#define DEMO_COMP_SIZE		(256 * 1024)	/* each synthetic component */
#define DEMO_PHONE_DELAY_S	3	/* the servers first, as in the field */
#define DEMO_LINGER_MS		2000	/* text mode: after the phone, then stop */
#define DEMO_ADDRESS		"198.18.250.1/24"
#define DEMO_WALK_MS		1200	/* --fast: one screen per step */
/*
 * The paced demo (the default): a recovery as a technician sees one, in
 * under two minutes.  The phone acknowledges a block every few ms (a
 * 100 Mbit phone's lockstep TFTP), reboots in seconds rather than a
 * minute, and powers up a shortened "dark" wait after the code.
 */
#define DEMO_PACE_SLOW_MS	"6"	/* simphone --slow: per block */
#define DEMO_PACE_REBOOT_MS	"8000"	/* simphone --reboot */
#define DEMO_PACE_DARK_S	8	/* the black screen after the code */
#define DEMO_WATCH_MS		400	/* narrate the phone's phases */

struct demo {
	pid_t		 me;
	char		 self[PATH_MAX];
	struct netns_lab lab;		/* namespaces, link, directory */
	const char	*tmp;		/* the lab's names, for short */
	char		 root[96];
	const char	*ns_srv, *ns_phone;
	const char	*if_srv, *if_phone;
	const char	*model;
	unsigned	 delay_s;
	unsigned	 loss;
	int		 stay, text;
	int		 phone_fd;	/* its output in wizard mode */
	pid_t		 phone;		/* forked before the engines start */
	int		 phone_go;	/* a byte here: the phone powers up */
	int		 phone_rc;	/* -1 while running */
	struct loop	*loop;
	struct loop_timer start_t, linger_t, reap_t, walk_t;
	struct wizard	*w;
	int		 walked, typed;
	int		 served;	/* --fast: the engines serve, the phone armed */
	int		 fast, delay_set;
	enum sniff_phase said;		/* the last phase narrated */
	int		 said_done, said_reboot;
	struct loop_timer watch_t;
	struct serve_ctx ctx;
};

static struct demo	*demo_active;

static const struct option demo_longopts[] = {
	{ "model", required_argument, NULL, 'm' },
	{ "delay", required_argument, NULL, 'd' },
	{ "loss", required_argument, NULL, 'l' },
	{ "text", no_argument, NULL, 't' },
	{ "stay", no_argument, NULL, 's' },
	{ "fast", no_argument, NULL, 'f' },
	{ NULL, 0, NULL, 0 },
};

/* Everything the demo made, in reverse; safe to call twice. */
static void
demo_cleanup(struct demo *d)
{
	int	 st;

	if (d->phone_go != -1) {
		close(d->phone_go);	/* a phone never powered up just exits */
		d->phone_go = -1;
	}
	if (d->phone > 0 && d->phone_rc == -1)
		(void)kill(d->phone, SIGTERM);	/* EPERM once we are not root */
	/*
	 * After the engines gave root up, the keeper (still root) stops the
	 * phone and removes the namespaces and files once we let it go.
	 */
	netns_lab_release(&d->lab);
	if (d->phone > 0 && d->phone_rc == -1) {
		while (waitpid(d->phone, &st, 0) == -1 && errno == EINTR)
			;
		d->phone_rc = 1;
	}
	if (d->phone_fd != -1) {
		close(d->phone_fd);
		d->phone_fd = -1;
	}
}

/* On any exit path, leave nothing behind. */
static void
demo_atexit(void)
{
	if (demo_active != NULL)
		demo_cleanup(demo_active);
}

/* `phonerescue import -r ROOT ARCHIVE`, in-process. */
static int
demo_import(struct demo *d, const char *archive)
{
	const struct cmd	*imp;
	char			*argv[5];
	int			 fd, saved = -1, rc;

	if ((imp = cmd_find("import")) == NULL)
		return (-1);
	argv[0] = (char *)"import";
	argv[1] = (char *)"-r";
	argv[2] = d->root;
	argv[3] = (char *)archive;
	argv[4] = NULL;
	/* In wizard mode the import's words would land under the screen. */
	if (!d->text && (fd = open("/dev/null", O_WRONLY)) != -1) {
		fflush(stdout);
		saved = dup(1);
		dup2(fd, 1);
		close(fd);
	}
	rc = imp->fn(imp, 4, argv);
	if (saved != -1) {
		fflush(stdout);
		dup2(saved, 1);
		close(saved);
	}
	return (rc);
}

/*
 * The synthetic bundles (CNU 7970/7971 and 7942/7962, legacy 7940/7960),
 * imported the way a technician's downloads are.
 */
static int
demo_firmware(struct demo *d, char *err, size_t errlen)
{
	static const char *const variants[] = { "base", "legacy" };
	char		 bundle[160];
	size_t		 i;

	snprintf(d->root, sizeof d->root, "%s/root", d->tmp);
	if (mkdir(d->root, 0755) != 0) {
		snprintf(err, errlen, "%s: %s", d->root, strerror(errno));
		return (-1);
	}
	for (i = 0; i < sizeof variants / sizeof variants[0]; i++) {
		snprintf(bundle, sizeof bundle, "%s/demo-%s.zip", d->tmp,
		    variants[i]);
		if (fw_demo_write_bundle(bundle, "zip", variants[i],
		    DEMO_COMP_SIZE, err, errlen) != 0)
			return (-1);
		if (demo_import(d, bundle) != 0) {
			snprintf(err, errlen, "importing the demo bundle "
			    "(%s) failed", variants[i]);
			return (-1);
		}
	}
	return (0);
}

/* Text mode: the phone is done and the linger is over. */
static void
demo_stop(void *arg)
{
	struct demo	*d = arg;

	loop_break(d->loop);
}

/* Has the phone finished?  (Polled: SIGCHLD belongs to nobody here.) */
static void
demo_reap(void *arg)
{
	struct demo	*d = arg;
	int		 st;
	pid_t		 r;

	if (d->phone <= 0 || d->phone_rc != -1)
		return;
	r = waitpid(d->phone, &st, WNOHANG);
	if (r == 0) {
		loop_timer_set(d->loop, &d->reap_t, clock_now_ms() + 200,
		    demo_reap, d);
		return;
	}
	d->phone_rc = r == d->phone && WIFEXITED(st) ? WEXITSTATUS(st) : 1;
	if (d->text) {
		printf("demo: the simulated %s %s (simphone exit %d)\n",
		    d->model, d->phone_rc == 0 ? "is back: every file it "
		    "needed arrived intact" : "did not recover", d->phone_rc);
		fflush(stdout);
		if (!d->stay)
			loop_timer_set(d->loop, &d->linger_t,
			    clock_now_ms() + DEMO_LINGER_MS, demo_stop, d);
	}
}

/*
 * Before the engines start (and give root up): the phone, a child in its
 * namespace that runs `simphone` once told to power up (netns_spawn),
 * and the lab's keeper (netns_lab_keeper), a child that stays root,
 * waits for our pipe to close (we are done, or died) and then stops the
 * phone and removes the namespaces and files, which the run-as user
 * could not.  0, or -1 with err.
 */
static int
demo_prefork(struct demo *d, char *err, size_t errlen)
{
	char		 loss[16];
	char		*argv[20];
	int		 n = 0;

	snprintf(loss, sizeof loss, "%u", d->loss);
	argv[n++] = (char *)"phonerescue";
	argv[n++] = (char *)"simphone";
	argv[n++] = (char *)"-i";
	argv[n++] = (char *)d->if_phone;
	argv[n++] = (char *)"--model";
	argv[n++] = (char *)d->model;
	argv[n++] = (char *)"--timeout";
	argv[n++] = (char *)"300";
	if (d->loss != 0) {
		argv[n++] = (char *)"--loss";
		argv[n++] = loss;
	}
	if (!d->fast) {
		argv[n++] = (char *)"--slow";
		argv[n++] = (char *)DEMO_PACE_SLOW_MS;
		argv[n++] = (char *)"--reboot";
		argv[n++] = (char *)DEMO_PACE_REBOOT_MS;
	}
	argv[n] = NULL;
	if ((d->phone = netns_spawn(d->ns_phone, d->self, argv, d->phone_fd,
	    &d->phone_go, err, errlen)) == -1)
		return (-1);
	d->phone_rc = -1;
	return (netns_lab_keeper(&d->lab, d->phone, err, errlen));
}

/* Power the phone up (it was forked, waiting, before the engines). */
static void
demo_start_phone(void *arg)
{
	struct demo	*d = arg;

	if (d->phone_go == -1)
		return;
	if (write(d->phone_go, "g", 1) != 1)
		log_warn("demo: starting the phone");
	close(d->phone_go);
	d->phone_go = -1;
	loop_timer_set(d->loop, &d->reap_t, clock_now_ms() + 200, demo_reap, d);
}

/* Text mode: the engines are ready (or failed): the phone, or the end. */
static void
demo_started(void *arg, int rc, const char *err)
{
	struct demo	*d = arg;

	if (rc != 0) {
		fprintf(stderr, "phonerescue demo: %s\n", err);
		loop_break(d->loop);
		return;
	}
	printf("demo: the simulated %s powers up in %u s\n", d->model,
	    d->delay_s);
	fflush(stdout);
	loop_timer_set(d->loop, &d->start_t,
	    clock_now_ms() + d->delay_s * 1000ULL, demo_start_phone, d);
}

/* Text mode: serve's engines and its text printer, as `serve` runs them. */
static int
demo_text(struct demo *d)
{
	char	 err[256];
	int	 rc = EC_OK, sig;

	memset(&d->ctx, 0, sizeof d->ctx);
	serve_opts_defaults(&d->ctx.opts);
	d->ctx.opts.iface = d->if_srv;
	d->ctx.opts.root = d->root;
	d->ctx.opts.address = DEMO_ADDRESS;
	strlcpy(d->ctx.ifname, d->if_srv, sizeof d->ctx.ifname);
	if (serve_iface_lookup(&d->ctx, err, sizeof err) != 0 ||
	    demo_prefork(d, err, sizeof err) != 0) {
		fprintf(stderr, "phonerescue demo: %s\n", err);
		return (EC_FAIL);
	}
	d->loop = d->ctx.loop = loop_new();
	loop_add_post_hook(d->loop, bus_dispatch_hook, NULL);
	loop_catch_stop_signals(d->loop);
	sink_text_attach(stdout, EV_MASK_ALL & ~EV_MASK(EV_LOG));
	d->ctx.on_done = demo_started;
	d->ctx.on_arg = d;
	if ((rc = serve_start(&d->ctx, err, sizeof err)) < 0) {
		fprintf(stderr, "phonerescue demo: %s\n", err);
		rc = EC_FAIL;
	} else {
		if (rc == 0)
			demo_started(d, 0, "");
		rc = EC_OK;
		sig = loop_run(d->loop);
		if (d->ctx.stage_failed)
			rc = EC_FAIL;	/* said by demo_started() */
		else if (sig != 0) {
			printf("demo: stopped (%s); removing everything\n",
			    sig == SIGINT ? "Ctrl-C" : loop_signal_name(sig));
			fflush(stdout);
		}
		if (d->phone_rc > 0 || (d->phone_rc == -1 && sig == 0))
			rc = EC_FAIL;
	}
	serve_stop(&d->ctx);
	serve_priv_finish();
	bus_dispatch();
	serve_record_finish(NULL);
	bus_reset();
	loop_timer_cancel(d->loop, &d->start_t);
	loop_timer_cancel(d->loop, &d->reap_t);
	loop_timer_cancel(d->loop, &d->linger_t);
	demo_cleanup(d);
	loop_free(d->loop);
	d->loop = NULL;
	return (rc);
}

/* Wizard mode: the engines get our root, address and lease file. */
static void
demo_tune(struct serve_opts *o, void *arg)
{
	struct demo	*d = arg;

	o->root = d->root;
	o->address = DEMO_ADDRESS;
}

/* A line saying what the technician would do now: the wizard's log. */
static void
demo_say(struct demo *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void
demo_say(struct demo *d, const char *fmt, ...)
{
	struct ev	 ev;
	va_list		 ap;

	(void)d;
	memset(&ev, 0, sizeof ev);
	ev.type = EV_NOTICE;
	strlcpy(ev.u.notice.code, "demo_step", sizeof ev.u.notice.code);
	ev.u.notice.level = EV_INFO;
	strlcpy(ev.u.notice.text, "demo: ", sizeof ev.u.notice.text);
	va_start(ap, fmt);
	vsnprintf(ev.u.notice.text + 6, sizeof ev.u.notice.text - 6, fmt, ap);
	va_end(ap);
	bus_post(&ev);
}

/* The phone's way back, narrated once per phase (paced mode). */
static void
demo_watch(void *arg)
{
	struct demo			*d = arg;
	const struct wizard_phone	*p;
	const struct wizard_xfer	*x;
	size_t				 i, n = wizard_xfer_count(d->w);
	uint64_t			 last = 0;
	int				 running = 0;

	for (i = 0; i < n; i++) {
		x = wizard_xfer_at(d->w, i);
		running += x->state == WX_RUNNING;
		if (x->finished_ms > last)
			last = x->finished_ms;
	}
	/* The load is in and nothing moves: the phone reboots (silently). */
	if ((p = wizard_phone_at(d->w, 0)) != NULL && !d->said_reboot &&
	    (p->phase == SNIFF_PHASE_REBOOTING || (p->phase == SNIFF_PHASE_FLASHING &&
	    n > 0 && running == 0 && clock_now_ms() > last + 1000))) {
		d->said_reboot = 1;
		d->said = SNIFF_PHASE_REBOOTING;
		demo_say(d, "it reboots into the new load (about a minute on a "
		    "real phone; shortened here)");
	}
	if (p != NULL) {
		if (p->done && !d->said_done) {
			d->said_done = 1;
			demo_say(d, "the %s is back up (unprovisioned: no call "
			    "server here).  Next: plug in the next phone, or q "
			    "to quit", d->model);
			return;
		}
		if (p->phase != d->said && !p->done) {
			d->said = p->phase;
			switch (p->phase) {
			case SNIFF_PHASE_GOT_IP:
				demo_say(d, "it has an address: next it asks for "
				    "its default load (termNN.default.loads)");
				break;
			case SNIFF_PHASE_FLASHING:
				demo_say(d, "it fetches the load's files at a 100 "
				    "Mbit phone's pace: do not unplug it now");
				break;
			case SNIFF_PHASE_REQUESTING_CONFIG:
				demo_say(d, "it looks for its configuration: the "
				    "CTL/ITL and SEP misses are expected (dimmed)");
				break;
			case SNIFF_PHASE_FAILED:
				demo_say(d, "it failed: the live view says why");
				break;
			default:
				break;
			}
		}
	}
	loop_timer_set(d->loop, &d->watch_t, clock_now_ms() + DEMO_WATCH_MS,
	    demo_watch, d);
}

/* Paced: the phone powers up after the dark wait, and the live view opens. */
static void
demo_power_up(void *arg)
{
	struct demo	*d = arg;

	demo_say(d, "step 5: the phone wakes up and asks for an address; the "
	    "live view shows each file it fetches");
	(void)wizard_cmd_goto(d->w, WIZ_SERVING);
	demo_start_phone(d);
	loop_timer_set(d->loop, &d->watch_t, clock_now_ms() + DEMO_WATCH_MS,
	    demo_watch, d);
}

/*
 * One step of the walk through the wizard, as a technician would take it
 * (the firmware is there already), each with a line saying what they
 * would do: --fast goes next, next, next to the keypad, "typed", then the
 * live view; paced, it lingers on every step, shows the hold-# cue, the
 * 60 s countdown and the patience timer, and powers the phone up after a
 * shortened dark wait.  Every key still works meanwhile.
 */
static void
demo_walk(void *arg)
{
	struct demo		*d = arg;
	enum wizard_step	 s = wizard_step(d->w);
	uint64_t		 next = DEMO_WALK_MS;

	if (s >= WIZ_SERVING || d->walked > 4 * WIZ__COUNT)
		return;
	if (wizard_starting(d->w)) {	/* the engines' start-up, on the loop */
		loop_timer_set(d->loop, &d->walk_t, clock_now_ms() + 100,
		    demo_walk, d);
		return;
	}
	/*
	 * --fast: the phone powers up once the engines serve, and the walk
	 * begins a step later, as when start-up blocked before ready().
	 */
	if (d->fast && !d->served) {
		d->served = 1;
		loop_timer_set(d->loop, &d->start_t, clock_now_ms() +
		    d->delay_s * 1000ULL, demo_start_phone, d);
		loop_timer_set(d->loop, &d->walk_t, clock_now_ms() + next,
		    demo_walk, d);
		return;
	}
	d->walked++;
	if (d->fast) {
		if (s == WIZ_KEYPAD && !d->typed) {
			d->typed = 1;
			(void)wizard_cmd_keypad_typed(d->w);
		} else if (wizard_cmd_next(d->w) != 0)
			return;
		loop_timer_set(d->loop, &d->walk_t, clock_now_ms() + next,
		    demo_walk, d);
		return;
	}
	switch (s) {
	case WIZ_PICK_IFACE:
		return;		/* the start failed: the screen says why */
	case WIZ_IMPORT_FW:
		if (d->walked == 1) {
			demo_say(d, "step 1 done for you: the engines serve on "
			    "the demo's own link, %s", d->if_srv);
			demo_say(d, "step 2: the firmware is imported already (a "
			    "synthetic bundle); a technician types its path "
			    "with i");
			next = 6000;
			break;
		}
		(void)wizard_cmd_next(d->w);
		demo_say(d, "step 3: XMLDefault.cnf.xml tells each model which "
		    "load to fetch; nothing to change");
		next = 5000;
		break;
	case WIZ_CONFIGURE:
		(void)wizard_cmd_next(d->w);
		demo_say(d, "step 4: the technician unplugs the %s, holds # and "
		    "plugs it back in, watching the lamps", d->model);
		next = 7000;
		break;
	case WIZ_KEYPAD:
		if (wizard_keypad_state(d->w) == WKP_PREPARE) {
			(void)wizard_cmd_keypad_go(d->w);
			demo_say(d, "the lamps say let go of #: the 60 s window "
			    "runs while 123456789*0# is typed");
			next = 6000;
			break;
		}
		d->typed = 1;
		(void)wizard_cmd_keypad_typed(d->w);
		demo_say(d, "typed: a real phone may stay dark for minutes now; "
		    "here it wakes in %u s", d->delay_s);
		loop_timer_set(d->loop, &d->start_t, clock_now_ms() +
		    d->delay_s * 1000ULL, demo_power_up, d);
		return;
	default:
		return;
	}
	loop_timer_set(d->loop, &d->walk_t, clock_now_ms() + next, demo_walk,
	    d);
}

/* The wizard runs, its engines started on our link: walk, then the phone. */
static void
demo_ready(struct loop *loop, struct wizard *w, void *arg)
{
	struct demo	*d = arg;

	d->loop = loop;
	d->w = w;
	d->said = SNIFF_PHASE_LINK_UP;
	loop_timer_set(loop, &d->walk_t, clock_now_ms() + (d->fast ?
	    DEMO_WALK_MS : 1500), demo_walk, d);
}

/* Run the wizard on our link and root; the phone's words go to a log file. */
static int
demo_wizard(struct demo *d)
{
	struct wizard_app_opts	 o;
	char			 log[128], err[256];
	int			 rc;

	snprintf(log, sizeof log, "%s/phone.log", d->tmp);
	if ((d->phone_fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1)
		d->phone_fd = -1;
	memset(&o, 0, sizeof o);
	o.iface = d->if_srv;
	o.root = d->root;
	o.ready = demo_ready;
	o.tune = demo_tune;
	o.arg = d;
	if (demo_prefork(d, err, sizeof err) != 0) {
		fprintf(stderr, "phonerescue demo: %s\n", err);
		demo_cleanup(d);
		return (EC_FAIL);
	}
	rc = wizard_app_run(&o);
	d->loop = NULL;		/* freed with our timers in it */
	/* The phone's verdict: a failed recovery is no success. */
	if (d->phone > 0 && d->phone_rc == -1) {
		int	 st;

		if (waitpid(d->phone, &st, WNOHANG) == d->phone)
			d->phone_rc = WIFEXITED(st) ? WEXITSTATUS(st) : 1;
	}
	if (rc == EC_OK && d->phone_rc > 0) {
		fprintf(stderr, "phonerescue demo: the simulated %s did not "
		    "recover (simphone exit %d; its log: %s/phone.log)\n",
		    d->model, d->phone_rc, d->tmp);
		rc = EC_FAIL;
	}
	demo_cleanup(d);
	return (rc);
}

/* The options into d; 0, or the usage error's exit code. */
static int
demo_parse(const struct cmd *self, int argc, char **argv, struct demo *d)
{
	unsigned long long	 v;
	int			 ch;
	const struct model	*m;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", demo_longopts, NULL)) != -1) {
		switch (ch) {
		case 'm':
			if ((m = sim_model_find(optarg)) == NULL)
				return (cmd_usage_error(self, "the simulated "
				    "phone cannot be a %s", optarg));
			d->model = m->name;
			break;
		case 'd':
			if (util_parse_uint(optarg, 0, 60, &v) != 0)
				return (cmd_usage_error(self, "--delay: 0 to 60 "
				    "seconds"));
			d->delay_s = (unsigned)v;
			d->delay_set = 1;
			break;
		case 'f':
			d->fast = 1;
			break;
		case 'l':
			if (util_parse_uint(optarg, 0, 50, &v) != 0)
				return (cmd_usage_error(self, "--loss: 0 to 50 "
				    "percent"));
			d->loss = (unsigned)v;
			break;
		case 't':
			d->text = 1;
			break;
		case 's':
			d->stay = 1;
			break;
		default:
			return (cmd_getopt_error(self, ch, argv));
		}
	}
	if (cmd_getopt_done(self, argc, argv) != 0)
		return (EC_USAGE);
	return (0);
}

/* Check root, build the link and the firmware, then run text or wizard mode. */
static int
cmd_demo(const struct cmd *self, int argc, char **argv)
{
	struct demo		 d;
	char			 err[512], state[128];
	ssize_t			 n;
	int			 rc;

	memset(&d, 0, sizeof d);
	d.model = "7970";
	d.delay_s = DEMO_PHONE_DELAY_S;
	d.phone_fd = -1;
	d.phone_go = -1;
	d.phone_rc = -1;
	if ((rc = demo_parse(self, argc, argv, &d)) != 0)
		return (rc);
	if (!d.fast && !d.delay_set)
		d.delay_s = DEMO_PACE_DARK_S;
	if (geteuid() != 0) {
		fprintf(stderr, "phonerescue demo: needs root (it makes network "
		    "namespaces); try: sudo phonerescue demo\n");
		return (EC_FAIL);
	}
	if (!isatty(0) || !isatty(1) || cmd_find("wizard") == NULL)
		d.text = 1;
	d.me = getpid();
	if ((n = readlink("/proc/self/exe", d.self, sizeof d.self - 1)) <= 0) {
		fprintf(stderr, "phonerescue demo: cannot find myself\n");
		return (EC_FAIL);
	}
	d.self[n] = '\0';
	netns_lab_init(&d.lab, DEMO_PREFIX, DEMO_IFPREFIX);
	d.tmp = d.lab.tmp;
	d.ns_srv = d.lab.ns[0];
	d.ns_phone = d.lab.ns[1];
	d.if_srv = d.lab.ifname[0];
	d.if_phone = d.lab.ifname[1];
	/* The engines run as another user once started: ROOT is below. */
	if (netns_lab_tmpdir(&d.lab, err, sizeof err) != 0) {
		fprintf(stderr, "phonerescue demo: %s\n", err);
		return (EC_FAIL);
	}
	demo_active = &d;
	atexit(demo_atexit);
	/* Our recovery-address state file stays in the demo's own directory. */
	snprintf(state, sizeof state, "%s/state", d.tmp);
	setenv("PHONERESCUE_STATE_DIR", state, 1);
	netns_lab_sweep(DEMO_PREFIX);

	printf("phonerescue demo: a simulated %s in a private network "
	    "namespace; preparing the link and the firmware...\n", d.model);
	fflush(stdout);
	if (netns_lab_link(&d.lab, "srv", "phone", err, sizeof err) != 0 ||
	    demo_firmware(&d, err, sizeof err) != 0 ||
	    netns_enter(d.ns_srv, err, sizeof err) != 0) {
		fprintf(stderr, "phonerescue demo: %s\n", err);
		demo_cleanup(&d);
		demo_active = NULL;
		return (EC_FAIL);
	}
	if (d.text) {
		printf("demo: namespaces %s and %s, link %s <-> %s\n"
		    "demo: a synthetic firmware bundle (no Cisco files) "
		    "imported into %s\n"
		    "demo: Ctrl-C stops it and removes everything\n",
		    d.ns_srv, d.ns_phone, d.if_srv, d.if_phone, d.root);
		fflush(stdout);
		rc = demo_text(&d);
	} else
		rc = demo_wizard(&d);
	demo_cleanup(&d);
	demo_active = NULL;
	return (rc);
}

const struct cmd cmd_demo_def = {
	"demo", cmd_demo,
	"demo [--model MODEL] [--delay SECS] [--loss PCT] [--fast] [--text]\n"
	"               [--stay]",
	"the whole recovery against a simulated phone (needs root)",
	"Makes a private pair of network namespaces joined by a veth link,\n"
	"writes synthetic firmware bundles (no Cisco files are shipped) and\n"
	"imports them into a temporary root, runs the engines in one namespace\n"
	"and, a few seconds later, a simulated phone after a factory reset in\n"
	"the other (see `help simphone`).  With a terminal it runs the wizard\n"
	"and walks through every step, a line in the log saying what the\n"
	"technician would do, at a real recovery's pace (a 100 Mbit phone,\n"
	"its reboot, a shortened dark wait: under two minutes); otherwise (or\n"
	"with --text) it prints serve's events and stops soon after the phone\n"
	"is done.  It exits 0 only if the phone recovered.  Everything is\n"
	"removed on exit, also after Ctrl-C.  Nothing touches a real interface.\n\n"
	"  --model MODEL  the simulated phone (default 7970; the demo bundle\n"
	"                 has loads for 7970/7971-GE, 7942/7962 and 7940/7960:\n"
	"                 others show what happens when nothing serves a model)\n"
	"  --delay SECS   the phone powers up SECS after the code is typed (8;\n"
	"                 with --fast: after the servers, 3)\n"
	"  --fast         no pacing: files at full speed, short reboots, the\n"
	"                 wizard's steps in a blink (for tests)\n"
	"  --loss PCT     the phone drops PCT % of the DATA it receives\n"
	"  --text         serve's text events instead of the wizard\n"
	"  --stay         text mode: keep running after the phone is done\n",
};
