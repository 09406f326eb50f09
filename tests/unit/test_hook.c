/*
 * --on-event hooks (src/core/hook.h) with a real runner and a real shell
 * script that appends its environment to files: the variables of each
 * event (and of "recovered"), no shell between us and CMD (its path has
 * spaces and metacharacters), one hook at a time per MAC (and for events
 * without one) while other phones' hooks run, the loop and the bus not
 * blocked while hooks sleep, the queue bound and the drop count (said in
 * a notice and at stop), and a CMD that cannot start.  Hooks wait for a
 * gate file the test creates: states, never fixed sleeps.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#define EVREC_MATCH_ONLY
#include "../lib/evrec.h"
#include "bus.h"
#include "clock.h"
#include "compat.h"
#include "ev.h"
#include "hook.h"
#include "loop.h"

static char	 dir[256], gate[300], logfile[300];
static char	 notices[4096];
static int	 delivered;

static void
catch_ev(const struct ev *e, void *arg)
{
	(void)arg;
	delivered++;
	if (e->type == EV_NOTICE && strlen(notices) + 400 < sizeof notices) {
		strcat(notices, e->u.notice.code);
		strcat(notices, ": ");
		strcat(notices, e->u.notice.text);
		strcat(notices, "\n");
	}
}

static void
phone(const char *mac, const char *phase, const char *detail)
{
	struct ev	 e;

	memset(&e, 0, sizeof e);
	e.type = EV_PHONE;
	strlcpy(e.u.phone.mac, mac, sizeof e.u.phone.mac);
	strlcpy(e.u.phone.model, "7970", sizeof e.u.phone.model);
	strlcpy(e.u.phone.via, "dhcp", sizeof e.u.phone.via);
	ev_put(&e, "ip", "198.18.0.10");
	ev_put(&e, "phase", phase);
	strlcpy(e.u.phone.detail, detail, sizeof e.u.phone.detail);
	bus_post(&e);
}

static char *
slurp(const char *path)
{
	static char	 buf[65536];
	FILE		*f;
	size_t		 n;

	buf[0] = '\0';
	if ((f = fopen(path, "r")) == NULL)
		return (buf);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return (buf);
}

static int
count(const char *s, const char *pat)
{
	int	 n = 0;

	for (; (s = strstr(s, pat)) != NULL; s += strlen(pat))
		n++;
	return (n);
}

/* Turn the loop until cond() or 20 s; 1 if it came. */
static int
wait_for(struct loop *l, int (*cond)(void *), void *arg)
{
	uint64_t	 until = clock_now_ms() + 20000;

	while (!cond(arg)) {
		if (clock_now_ms() > until)
			return (0);
		loop_run_once(l, 20);
	}
	return (1);
}

static int
ran_at_least(void *arg)
{
	void		**a = arg;
	struct hook_stats s;

	hook_stats(a[0], &s);
	return (s.run >= (uint64_t)(size_t)a[1]);
}

static int
started_at_least(void *arg)
{
	return (count(slurp(logfile), " start ") >= (int)(size_t)arg);
}

/*
 * Per MAC (and for no MAC), starts and ends alternate and the events
 * come in posting order.
 */
static int
serialized(const char *log, const char *mac, int n)
{
	char		 line[256];
	const char	*p = log, *e;
	int		 open = 0, last = -1, k, seen = 0;
	char		 m[64], what[16];

	for (; *p != '\0'; p = e + 1) {
		if ((e = strchr(p, '\n')) == NULL)
			break;
		snprintf(line, sizeof line, "%.*s", (int)(e - p), p);
		if (sscanf(line, "%63s %15s %d", m, what, &k) != 3 ||
		    strcmp(m, mac) != 0)
			continue;
		if (strcmp(what, "start") == 0) {
			if (open || k <= last)
				return (0);
			open = 1;
			last = k;
			seen++;
		} else {
			if (!open || k != last)
				return (0);
			open = 0;
		}
	}
	return (!open && seen == n);
}

int
main(void)
{
	struct loop	*l;
	struct hook	*h;
	struct hook_opts o;
	struct hook_stats s;
	char		 cmd[512], err[256], path[600], *t;
	uint32_t	 mask;
	uint64_t	 t0;
	void		*arg[2];
	FILE		*f;
	int		 i, n;

	plan(32);
	snprintf(dir, sizeof dir, "/tmp/test_hook.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return (99);
	snprintf(gate, sizeof gate, "%s/gate", dir);
	snprintf(logfile, sizeof logfile, "%s/log", dir);
	/* A name a shell would split and run commands from. */
	snprintf(cmd, sizeof cmd, "%s/my hook; touch pwned $(touch pwned2)",
	    dir);
	if ((f = fopen(cmd, "w")) == NULL)
		return (99);
	fprintf(f, "#!/bin/sh\n"
	    "key=${PHONERESCUE_MAC:-none}\n"
	    "echo \"$key start $PHONERESCUE_SEQ\" >> \"$HOOK_DIR/log\"\n"
	    "env | grep '^PHONERESCUE_' | sort > \"$HOOK_DIR/env.$PHONERESCUE_SEQ.$PHONERESCUE_EVENT\"\n"
	    "while [ ! -e \"$HOOK_DIR/gate\" ]; do sleep 0.02; done\n"
	    "echo \"$key end $PHONERESCUE_SEQ\" >> \"$HOOK_DIR/log\"\n");
	fclose(f);
	chmod(cmd, 0755);
	setenv("HOOK_DIR", dir, 1);
	setenv("PHONERESCUE_IP", "stale", 1);	/* never passed on */
	setenv("PHONERESCUE_ROOT", "/some/root", 1);	/* passed on */

	ok(hook_kinds_parse("phone, recovered,tftp_done", &mask, err,
	    sizeof err) == 0 && mask == (EV_MASK(EV_PHONE) |
	    EV_MASK(EV_TFTP_DONE) | HOOK_KIND_RECOVERED), "kinds parsed");
	ok(hook_kinds_parse("phone,bogus", &mask, err, sizeof err) == -1 &&
	    strstr(err, "bogus") != NULL, "an unknown kind is named: %s", err);
	ok(hook_kinds_parse("log", &mask, err, sizeof err) == -1,
	    "log lines are no kind");
	ok(hook_kinds_parse("all", &mask, err, sizeof err) == 0 &&
	    (mask & EV_MASK(EV_NOTICE)) && (mask & HOOK_KIND_RECOVERED) &&
	    !(mask & EV_MASK(EV_LOG)), "all");
	ok(hook_kinds_parse(HOOK_KINDS_DEFAULT, &mask, err, sizeof err) == 0,
	    "the default kinds parse");

	/* 1: the variables; recovered; no shell. */
	l = loop_new();
	bus_subscribe(EV_MASK_ALL, catch_ev, NULL);
	memset(&o, 0, sizeof o);
	o.cmd = cmd;
	o.mask = EV_MASK(EV_PHONE) | EV_MASK(EV_NOTICE) | HOOK_KIND_RECOVERED;
	h = hook_start(l, &o, NULL, NULL, err, sizeof err);
	ok(h != NULL, "runner started (%s)", h == NULL ? err : "");
	if (h == NULL)
		return (done_testing());
	if ((f = fopen(gate, "w")) != NULL)
		fclose(f);
	phone("00:1b:2a:3c:4d:5e", "registered", "back up, \"quoted\" $HOME");
	bus_notice("some_code", EV_INFO, NULL, NULL, "no MAC here");
	/* Back up is the tracker's word, not a phase seen by the hook. */
	bus_notice("recovered", EV_INFO, "00:1b:2a:3c:4d:5e", NULL,
	    "Phone is back up");
	bus_dispatch();
	arg[0] = h;
	arg[1] = (void *)(size_t)4;
	ok(wait_for(l, ran_at_least, arg), "phone, notices and recovered ran");
	snprintf(path, sizeof path, "%s/env.1.phone", dir);
	t = slurp(path);
	ok(strstr(t, "PHONERESCUE_EVENT=phone\n") != NULL &&
	    strstr(t, "PHONERESCUE_MAC=00:1b:2a:3c:4d:5e\n") != NULL &&
	    strstr(t, "PHONERESCUE_MODEL=7970\n") != NULL &&
	    strstr(t, "PHONERESCUE_VIA=dhcp\n") != NULL &&
	    strstr(t, "PHONERESCUE_IP=198.18.0.10\n") != NULL &&
	    strstr(t, "PHONERESCUE_PHASE=registered\n") != NULL &&
	    strstr(t, "PHONERESCUE_SEQ=1\n") != NULL &&
	    strstr(t, "PHONERESCUE_TIME=20") != NULL,
	    "phone: the fields as PHONERESCUE_*");
	if (strstr(t, "PHONERESCUE_MODEL=7970") == NULL)
		diag("%s", t);
	ok(strstr(t, "PHONERESCUE_DETAIL=back up, \"quoted\" $HOME\n") != NULL,
	    "values passed as they are, unexpanded");
	ok(strstr(t, "PHONERESCUE_ROOT=/some/root\n") != NULL &&
	    count(t, "PHONERESCUE_IP=") == 1, "inherited PHONERESCUE_ROOT "
	    "kept, a stale PHONERESCUE_IP not");
	snprintf(path, sizeof path, "%s/env.1.recovered", dir);
	t = slurp(path);
	ok(strstr(t, "PHONERESCUE_EVENT=recovered\n") != NULL &&
	    strstr(t, "PHONERESCUE_MAC=00:1b:2a:3c:4d:5e\n") != NULL &&
	    strstr(t, "PHONERESCUE_MODEL=7970\n") != NULL,
	    "recovered: the phone back up, with its last phone event's fields");
	snprintf(path, sizeof path, "%s/env.2.notice", dir);
	t = slurp(path);
	ok(strstr(t, "PHONERESCUE_CODE=some_code\n") != NULL &&
	    strstr(t, "PHONERESCUE_MESSAGE=no MAC here\n") != NULL &&
	    strstr(t, "PHONERESCUE_MAC=") == NULL &&
	    strstr(t, "PHONERESCUE_IP=") == NULL, "notice: its fields, no "
	    "MAC, no stale variable");
	snprintf(path, sizeof path, "%s/pwned", dir);
	ok(access(path, F_OK) == -1 && access("pwned", F_OK) == -1 &&
	    access("pwned2", F_OK) == -1, "CMD ran as that file: no shell");
	phone("00:1b:2a:3c:4d:5e", "registered", "again");
	bus_notice("recovered", EV_INFO, "00:1b:2a:3c:4d:5e", NULL,
	    "Phone is back up");
	bus_dispatch();
	arg[1] = (void *)(size_t)6;
	ok(wait_for(l, ran_at_least, arg), "a second registered phone event");
	hook_stats(h, &s);
	ok(s.run == 6 && s.queued == 6 && s.failed == 0,
	    "recovered once per MAC (%ju hooks)", (uintmax_t)s.run);
	hook_stop(h);

	/* 2: per-phone order while other phones' hooks run; not blocked. */
	unlink(gate);
	unlink(logfile);
	o.queue_max = 64;
	h = hook_start(l, &o, NULL, NULL, err, sizeof err);
	for (i = 0; i < 3; i++) {
		phone("00:00:00:00:00:0a", "flashing", "a");
		phone("00:00:00:00:00:0b", "flashing", "b");
		bus_notice("n", EV_INFO, NULL, NULL, "no MAC %d", i);
	}
	bus_dispatch();
	ok(started_at_least((void *)(size_t)3) || wait_for(l,
	    started_at_least, (void *)(size_t)3),
	    "three hooks at once: one per MAC and one for no MAC");
	hook_stats(h, &s);
	ok(s.running == 3 && s.waiting == 6, "the rest wait behind them "
	    "(%zu running, %zu waiting)", s.running, s.waiting);
	/* The loop turns and the bus delivers while every hook sleeps. */
	delivered = 0;
	t0 = clock_now_ms();
	for (i = 0; i < 10; i++) {
		phone("00:00:00:00:00:0c", "got-ip", "c");
		bus_dispatch();
		loop_run_once(l, 0);
	}
	ok(delivered == 10 && clock_now_ms() - t0 < 2000,
	    "events flow while hooks sleep (%d in %ju ms)", delivered,
	    (uintmax_t)(clock_now_ms() - t0));
	ok(wait_for(l, started_at_least, (void *)(size_t)4) &&
	    count(slurp(logfile), " start ") == 4,
	    "a fourth phone gets its own hook meanwhile");
	if ((f = fopen(gate, "w")) != NULL)
		fclose(f);
	arg[0] = h;
	arg[1] = (void *)(size_t)19;
	ok(wait_for(l, ran_at_least, arg), "all 19 ran once the gate opened");
	t = slurp(logfile);
	ok(serialized(t, "00:00:00:00:00:0a", 3), "MAC a: one at a time, "
	    "in order");
	ok(serialized(t, "00:00:00:00:00:0b", 3), "MAC b: one at a time, "
	    "in order");
	ok(serialized(t, "00:00:00:00:00:0c", 10), "MAC c: one at a time, "
	    "in order");
	ok(serialized(t, "none", 3), "no MAC: one at a time, in order");
	hook_stop(h);

	/* 3: the bound; drops counted and said. */
	unlink(gate);
	unlink(logfile);
	notices[0] = '\0';
	o.queue_max = 2;
	o.mask = EV_MASK(EV_PHONE);
	h = hook_start(l, &o, NULL, NULL, err, sizeof err);
	for (i = 0; i < 6; i++)
		phone("00:00:00:00:00:0d", "flashing", "d");
	bus_dispatch();
	hook_stats(h, &s);
	ok(s.dropped == 3 && s.queued == 3, "queue of 2: one running, two "
	    "waiting, three dropped (%ju)", (uintmax_t)s.dropped);
	bus_dispatch();
	ok(strstr(notices, "hook_dropped: 1 event not given") != NULL,
	    "the first drop is said at once: %s", notices);
	if ((f = fopen(gate, "w")) != NULL)
		fclose(f);
	arg[0] = h;
	arg[1] = (void *)(size_t)3;
	ok(wait_for(l, ran_at_least, arg), "the three taken ran");
	hook_stop(h);
	ok(strstr(notices, "hook_dropped: 3 events not given") != NULL,
	    "and the total at stop");

	/* 4: a CMD that cannot start: refused at once, or said once. */
	notices[0] = '\0';
	snprintf(path, sizeof path, "%s/missing", dir);
	o.cmd = path;
	ok(hook_start(l, &o, NULL, NULL, err, sizeof err) == NULL &&
	    strstr(err, "missing: No such file or directory") != NULL,
	    "a missing CMD is refused at start: %s", err);
	snprintf(path, sizeof path, "%s/not-executable", dir);
	if ((f = fopen(path, "w")) != NULL)
		fclose(f);
	ok(hook_start(l, &o, NULL, NULL, err, sizeof err) == NULL &&
	    strstr(err, "Permission denied") != NULL,
	    "a CMD that is not executable is refused: %s", err);
	snprintf(path, sizeof path, "%s/gone", dir);
	if ((f = fopen(path, "w")) != NULL)
		fclose(f);
	chmod(path, 0755);
	h = hook_start(l, &o, NULL, NULL, err, sizeof err);
	unlink(path);
	phone("00:00:00:00:00:0e", "flashing", "e");
	phone("00:00:00:00:00:0e", "flashing", "e");
	bus_dispatch();
	arg[0] = h;
	arg[1] = (void *)(size_t)2;
	ok(h != NULL && wait_for(l, ran_at_least, arg), "both tried");
	bus_dispatch();
	hook_stats(h, &s);
	ok(s.failed == 2 && count(notices, "hook_failed") == 1 &&
	    strstr(notices, "did not start: No such file") != NULL,
	    "a CMD gone since: failed, said once (%s)", notices);
	hook_stop(h);

	bus_reset();
	loop_free(l);
	n = snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (n > 0 && (size_t)n < sizeof path)
		(void)system(path);
	return (done_testing());
}
