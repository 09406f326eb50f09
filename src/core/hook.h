/*
 * hook.h: `--on-event CMD` (serve, wizard): run CMD for each event of the
 * kinds asked for, the event's fields in its environment, the way
 * dnsmasq's --dhcp-script does, without ever blocking the loop.
 *
 * Two processes.  The hook runner is forked by hook_start() before the
 * caller gives up root or installs any filter (setup() runs in it first,
 * to become the run-as user), so the main process never has to execve;
 * it receives one message per hook over a socketpair, spawns CMD with
 * posix_spawn (argv = [CMD], no shell: CMD is a path, metacharacters
 * and spaces included), reaps it through a signalfd, and answers when it
 * has exited.  The main side is a bus sink with one lane per MAC: events
 * for a phone wait behind that phone's running hook, events without a
 * MAC have their own lane, at most HOOK_MAX_RUNNING hooks run at once,
 * and at most queue_max events wait in all; more are dropped, counted,
 * and said (notice hook_dropped, and at hook_stop()).
 *
 * The environment: the runner's own (without inherited PHONERESCUE_*
 * variables other than PHONERESCUE_ROOT and PHONERESCUE_STATE_DIR),
 * plus PHONERESCUE_EVENT (the event's name, or "recovered"),
 * PHONERESCUE_TIME (RFC 3339), PHONERESCUE_SEQ, and PHONERESCUE_<FIELD>
 * for each field ev_visit() gives (upper case: PHONERESCUE_MAC,
 * PHONERESCUE_VENDOR_CLASS; booleans 1/0).  "recovered" is a phone event
 * whose phase first reaches unprovisioned or registered: the phone is
 * back up (once per MAC).  stdin is /dev/null; stdout and stderr go to
 * the caller's stderr, or /dev/null when quiet (the wizard's screen).
 * A hook running over HOOK_TIMEOUT_MS is killed (its process group).
 *
 *	struct hook_opts o = { .cmd = path, .mask = m, .queue_max = 64 };
 *	h = hook_start(loop, &o, drop_root, ctx, err, sizeof err);
 *	... loop_run(loop) ...
 *	hook_stop(h);	(runs what is queued, for at most HOOK_DRAIN_MS)
 */
#ifndef CORE_HOOK_H
#define CORE_HOOK_H

#include <stddef.h>
#include <stdint.h>

struct loop;
struct hook;

#define HOOK_MAX_RUNNING	8	/* hooks at once, over all phones */
#define HOOK_QUEUE_DEFAULT	64	/* events waiting, over all phones */
#define HOOK_QUEUE_MAX		100000
#define HOOK_TIMEOUT_MS		60000	/* then the hook's group is killed */
#define HOOK_DRAIN_MS		3000	/* at exit: time to run what is queued */
#define HOOK_GRACE_MS		2000	/* then the runner SIGTERMs running hooks */
#define HOOK_NOTICE_MS		10000	/* hook_dropped said at most this often */

/* The pseudo-kind "recovered" (not an enum ev_type). */
#define HOOK_KIND_RECOVERED	(1u << 31)
/* The default kinds: what a person follows a bench by. */
#define HOOK_KINDS_DEFAULT	"phone,recovered,tftp_done,tftp_error," \
				"dhcp_server_seen"

struct hook_opts {
	const char	*cmd;		/* the program, run as argv = [cmd] */
	uint32_t	 mask;		/* EV_MASK() bits | HOOK_KIND_RECOVERED */
	size_t		 queue_max;	/* 0: HOOK_QUEUE_DEFAULT */
	int		 quiet;		/* hooks' stdout/stderr to /dev/null */
};

/*
 * "phone,recovered,notice" (or "all") as a mask; 0, or -1 with err
 * naming the kind nobody knows.
 */
int		 hook_kinds_parse(const char *, uint32_t *, char *, size_t);

/*
 * Fork the runner and subscribe the sink.  setup(arg), when not NULL,
 * runs in the runner first (to drop privileges); its failure ends the
 * runner, and the first event then says so.  NULL with err.
 */
struct hook	*hook_start(struct loop *, const struct hook_opts *,
		     int (*)(void *, char *, size_t), void *, char *, size_t);
/*
 * Run what is queued (at most HOOK_DRAIN_MS), end the runner (hooks still
 * running get HOOK_GRACE_MS, then SIGTERM), reap it, post a hook_dropped
 * notice if anything was dropped, free.  Safe with NULL.
 */
void		 hook_stop(struct hook *);

struct hook_stats {
	uint64_t	 queued;	/* events taken (run or waiting) */
	uint64_t	 run;		/* hooks that exited */
	uint64_t	 failed;	/* exited non-zero, killed, or not started */
	uint64_t	 dropped;	/* the queue was full (or the runner gone) */
	size_t		 waiting, running;
};
void		 hook_stats(const struct hook *, struct hook_stats *);

#endif /* CORE_HOOK_H */
