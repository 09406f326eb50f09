/* The poll loop: timers, fds, signals, under a fake clock. */
#include "config.h"

#include <sys/wait.h>

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "clock.h"
#include "loop.h"

static uint64_t		 now;
static char		 order[32];
static size_t		 norder;
static struct loop	*L;

struct tm_owner {
	struct loop_timer	 t;
	char			 tag;
	struct tm_owner		*victim;	/* cancelled from our callback */
	int			 rearm;		/* re-arm self this many times */
};

static void
fire(void *arg)
{
	struct tm_owner	*o = arg;

	order[norder++] = o->tag;
	order[norder] = '\0';
	if (o->victim != NULL)
		loop_timer_cancel(L, &o->victim->t);
	if (o->rearm > 0) {
		o->rearm--;
		loop_timer_set(L, &o->t, now, fire, o);	/* zero delay */
	}
}

static void
test_timer_order(void)
{
	struct tm_owner	 a = { .tag = 'a' }, b = { .tag = 'b' },
			 c = { .tag = 'c' }, d = { .tag = 'd' };

	norder = 0;
	order[0] = '\0';
	loop_timer_set(L, &c.t, now + 30, fire, &c);
	loop_timer_set(L, &a.t, now + 10, fire, &a);
	loop_timer_set(L, &b.t, now + 20, fire, &b);
	loop_timer_set(L, &d.t, now + 20, fire, &d);	/* tie: after b */
	now += 5;
	loop_run_once(L, 0);
	is_str(order, "", "nothing fires before its deadline");
	now += 100;
	loop_run_once(L, 0);
	is_str(order, "abdc", "timers fire in deadline order, ties in arming order");
	ok(!a.t.armed && !c.t.armed, "fired timers are disarmed");
}

static void
test_rearm_replaces(void)
{
	struct tm_owner	 a = { .tag = 'a' };

	norder = 0;
	order[0] = '\0';
	loop_timer_set(L, &a.t, now + 10, fire, &a);
	loop_timer_set(L, &a.t, now + 50, fire, &a);
	now += 20;
	loop_run_once(L, 0);
	is_str(order, "", "re-arming replaces the old deadline");
	now += 40;
	loop_run_once(L, 0);
	is_str(order, "a", "and fires once at the new one");
}

static void
test_cancel_in_callback(void)
{
	struct tm_owner	 a = { .tag = 'a' }, b = { .tag = 'b' };

	norder = 0;
	order[0] = '\0';
	a.victim = &b;
	loop_timer_set(L, &a.t, now + 10, fire, &a);
	loop_timer_set(L, &b.t, now + 10, fire, &b);
	now += 10;
	loop_run_once(L, 0);
	is_str(order, "a", "a timer cancelled by an earlier callback does not fire");
	loop_timer_cancel(L, &b.t);
	ok(!b.t.armed, "cancelling an unarmed timer is harmless");
}

static void
test_zero_delay_rearm(void)
{
	struct tm_owner	 a = { .tag = 'z', .rearm = 3 };

	norder = 0;
	order[0] = '\0';
	loop_timer_set(L, &a.t, now, fire, &a);
	loop_run_once(L, 0);
	is_str(order, "z", "a zero-delay re-arm waits for the next turn");
	loop_run_once(L, 0);
	loop_run_once(L, 0);
	loop_run_once(L, 0);
	loop_run_once(L, 0);
	is_str(order, "zzzz", "and fires once per turn until it stops re-arming");
}

static int	 reads, deleted_self;

static void
on_read(int fd, short rev, void *arg)
{
	char	 buf[16];

	(void)arg;
	if (rev & POLLIN) {
		reads++;
		(void)read(fd, buf, sizeof buf);
		loop_del_fd(L, fd);	/* delete ourselves mid-callback */
		deleted_self = 1;
	}
}

static void
test_fd(void)
{
	int	 p[2];

	ok(pipe(p) == 0, "pipe");
	ok(loop_add_fd(L, p[0], POLLIN, on_read, NULL) == 0, "add fd");
	ok(loop_add_fd(L, p[0], POLLIN, on_read, NULL) == -1, "adding twice fails");
	loop_run_once(L, 0);
	is_int(reads, 0, "no callback while nothing is readable");
	(void)write(p[1], "x", 1);
	loop_run_once(L, 0);
	is_int(reads, 1, "callback runs when readable");
	(void)write(p[1], "y", 1);
	loop_run_once(L, 0);
	is_int(reads, 1, "an fd deleted in its own callback is not called again");
	is_int((long long)loop_fd_count(L), 0, "and is gone from the table");
	close(p[0]);
	close(p[1]);
}

static int	 usr1_seen;

static void
on_usr1(int signo, void *arg)
{
	(void)arg;
	usr1_seen = signo;
}

static void
test_signals(void)
{
	int	 i, sig;

	ok(loop_catch_signal(L, SIGUSR1, on_usr1, NULL) == 0, "catch SIGUSR1");
	ok(loop_catch_signal(L, SIGTERM, NULL, NULL) == 0, "catch SIGTERM");
	raise(SIGUSR1);
	for (i = 0; i < 5 && usr1_seen == 0; i++)
		loop_run_once(L, 100);
	is_int(usr1_seen, SIGUSR1, "a signal reaches its callback through the self-pipe");
	raise(SIGTERM);
	sig = loop_run(L);
	is_int(sig, SIGTERM, "SIGTERM stops loop_run and names itself");

	/* Issue 15: every default-fatal, catchable, asynchronous signal. */
	ok(loop_catch_stop_signals(L) == 0, "catch every stop signal");
	{
		static const int sigs[] = { SIGHUP, SIGUSR2, SIGALRM, SIGQUIT,
		    SIGVTALRM, SIGXCPU };
		size_t j;
		int good = 1;

		for (j = 0; j < sizeof sigs / sizeof sigs[0]; j++) {
			raise(sigs[j]);
			if (loop_run(L) != sigs[j]) {
				diag("%s did not stop the loop",
				    loop_signal_name(sigs[j]));
				good = 0;
			}
		}
		raise(SIGRTMIN + 2);
		if (loop_run(L) != SIGRTMIN + 2)
			good = 0;
		ok(good, "SIGHUP, SIGUSR2, SIGALRM, SIGQUIT, SIGVTALRM, "
		    "SIGXCPU, SIGRTMIN+2 each stop loop_run");
	}
	ok(strcmp(loop_signal_name(SIGHUP), "SIGHUP") == 0 &&
	    strcmp(loop_signal_name(SIGRTMIN + 3), "SIGRTMIN+3") == 0,
	    "signal names");
	{
		struct sigaction sa, hup;
		pid_t pid;
		int st = -1;

		sigaction(SIGSEGV, NULL, &sa);
		sigaction(SIGHUP, NULL, &hup);
		ok(sa.sa_handler != hup.sa_handler,
		    "SIGSEGV keeps its handler (a fault is not a stop)");
		/* A forked child: defaults back, the parent's pipe closed. */
		if ((pid = fork()) == 0) {
			loop_signals_forked(0);
			sigaction(SIGUSR2, NULL, &sa);
			_exit(sa.sa_handler == SIG_DFL ? 0 : 1);
		}
		waitpid(pid, &st, 0);
		ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		    "loop_signals_forked: SIGUSR2 back to its default");
	}
}

static int	 hook_runs;

static void
hook(void *arg)
{
	(void)arg;
	hook_runs++;
}

static void
test_timeout_and_hooks(void)
{
	struct tm_owner	 a = { .tag = 'h' };
	uint64_t	 real0;

	loop_add_post_hook(L, hook, NULL);
	loop_run_once(L, 0);
	is_int(hook_runs, 1, "post hooks run once per turn");
	/* With the real clock, an idle turn sleeps until the first timer. */
	clock_set_fake(NULL);
	real0 = clock_now_ms();
	loop_timer_set(L, &a.t, real0 + 30, fire, &a);
	norder = 0;
	order[0] = '\0';
	while (order[0] == '\0')
		loop_run_once(L, -1);
	ok(clock_now_ms() - real0 >= 29, "poll slept until the timer was due");
	clock_set_fake(&now);
}

int
main(void)
{
	plan(27);
	clock_set_fake(&now);
	now = 1000;
	L = loop_new();
	test_timer_order();
	test_rearm_replaces();
	test_cancel_in_callback();
	test_zero_delay_rearm();
	test_fd();
	test_signals();
	test_timeout_and_hooks();
	loop_free(L);
	return (done_testing());
}
