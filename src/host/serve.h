/*
 * serve.h: the engine host behind `phonerescue serve`, the wizard and the
 * demo.  src/cmd/cmd_serve.c parses options, attaches the printers and
 * runs the loop; each engine plugs in through a struct serve_engine in its
 * own serve_<engine>.c, listed in serve_engines[] (serve.c) in start
 * order.  An engine's start() may fail with a
 * one-line reason in err; stop() runs in reverse order on the way out,
 * also after SIGINT/SIGTERM.
 *
 * Start-up is a machine of stages on the loop (serve_stage.c): the table
 * is the list of stages, each one engine.  A start() that must wait (for
 * carrier, for the answers to a probe) returns SERVE_PENDING and, later,
 * from a loop callback, calls serve_stage_done(); nothing blocks.  A
 * start() returning 0 or -1 at once is a synchronous stage, as before.
 */
#ifndef HOST_SERVE_H
#define HOST_SERVE_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "loop.h"
#include "net/net_priv.h"

struct loop;

/* start() returns this: under way, serve_stage_done() follows. */
#define SERVE_PENDING	1

struct serve_opts {
	const char	*iface;
	const char	*root;
	const char	*address;	/* --address CIDR, or NULL */
	const char	*pool;		/* --pool FIRST-LAST, or NULL */
	const char	*leases;	/* --leases FILE, or NULL */
	const char	*leases_from;	/* --leases-from KIND:FILE (serve_site.c) */
	unsigned	 lease_secs;
	int		 no_dhcp, no_tftp, no_sniff;
	int		 no_http;	/* --no-http */
	unsigned	 http_port;	/* 6970 unless told; 0: no HTTP */
	int		 no_plan;	/* --no-plan: one load to all (issue 20) */
	int		 force;
	int		 json;
	int		 verbose;
	int		 no_arp_probe;
	unsigned	 tftp_port;	/* 69 unless told */
	unsigned	 dhcp_port;	/* 67 unless told */
	unsigned	 tftp_blksize_max;	/* 0: from the interface MTU */
	unsigned	 tftp_idle_ms;	/* give up after this much silence */
	unsigned	 tftp_per_client;	/* transfers per address; 0: default */
	const char	*user;		/* --user: run as this one after start */
	int		 wizard;	/* the wizard: restarts, imports into ROOT */
	const char	*on_event;	/* --on-event CMD, or NULL */
	uint32_t	 on_event_kinds;	/* 0: HOOK_KINDS_DEFAULT */
	size_t		 on_event_queue;	/* 0: HOOK_QUEUE_DEFAULT */
	int		 open_firewall;	/* --open-firewall (serve_firewall.c) */
	unsigned	 max_flashing;	/* --max-flashing N; 0: no limit */
};

struct serve_ctx {
	struct loop		*loop;
	struct serve_opts	 opts;
	char			 ifname[IF_NAMESIZE];
	unsigned		 ifindex;
	unsigned		 mtu;
	uint8_t			 ifmac[6];
	uint32_t		 addr;		/* ours, network order */
	unsigned		 plen;
	int			 dhcp_on, tftp_on, sniff_on;	/* for `ready` */
	int			 http_on;
	void			*engine[8];	/* per-engine state, by slot */
	size_t			 nstarted;	/* serve_engines[] started */
	/* Started as root: who we become once every engine has started. */
	int			 dropping;
	struct net_priv_target	 run_as;
	/*
	 * The start-up machine (serve_stage.c).  stages: the table (NULL:
	 * serve_engines[]); pending: stages[nstarted] is under way, or has
	 * finished and the machine has not moved on yet (it is stopped too);
	 * on_stage: what the machine waits for now, in words ("waiting for
	 * carrier"); on_done: start-up is over, 0 (ready) or -1 with err,
	 * when serve_start() returned SERVE_PENDING.  Both may be NULL.
	 */
	const struct serve_engine *const *stages;
	int			 pending;
	int			 stage_failed;
	char			 stage_err[256];
	char			 stage_words[128];
	struct loop_timer	 stage_timer;
	void			(*on_stage)(void *, const char *);
	void			(*on_done)(void *, int, const char *);
	void			*on_arg;
};

struct serve_engine {
	const char	*name;
	int		 slot;		/* index into serve_ctx.engine */
	/* Is this engine wanted with these options? */
	int		(*wanted)(const struct serve_ctx *);
	int		(*start)(struct serve_ctx *, char *, size_t);
	void		(*stop)(struct serve_ctx *);
	/*
	 * Optional: once every engine started and root was given up (or
	 * kept), before any packet is read: load what comes from files.
	 */
	int		(*after_drop)(struct serve_ctx *, char *, size_t);
};

/*
 * serve_stage.c, the machine.  serve_stages_start() runs ctx->stages
 * from the first: 0 when all finished at once, SERVE_PENDING when one is
 * under way (ctx->on_done tells the end), -1 with err.  An engine whose
 * start() returned SERVE_PENDING calls serve_stage_done() once, from a
 * loop callback, with NULL or the one-line reason it failed; the machine
 * goes on from a zero-delay timer (never inside the engine's callback).
 * serve_stage_say() gives the words of the stage under way, for the
 * wizard's "starting: waiting for carrier..." (called from start() before
 * it returns SERVE_PENDING, or later; untold: "starting NAME").
 * serve_stages_stop() stops, in reverse, every stage that started,
 * the one under way included (its stop() cancels what it waits for),
 * whether start-up finished, failed or is cut short.
 */
int	 serve_stages_start(struct serve_ctx *, char *, size_t);
void	 serve_stage_done(struct serve_ctx *, const char *);
void	 serve_stage_say(struct serve_ctx *, const char *);
void	 serve_stages_stop(struct serve_ctx *);
/* Under way: started, neither ready nor failed yet. */
int	 serve_stages_busy(const struct serve_ctx *);
/*
 * While serving, from an engine's loop callback (both deferred to a
 * zero-delay timer): run every stage back and start them all again (the
 * interface came back under its name with a new index), ctx->on_done
 * telling the end as after SERVE_PENDING; or end serving with err
 * (on_done(-1, err); the host stops the stages).
 */
void	 serve_restart(struct serve_ctx *);
void	 serve_fail(struct serve_ctx *, const char *);

/* The engines, one per serve_<engine>.c. */
extern const struct serve_engine	 serve_tftp_engine;
extern const struct serve_engine	 serve_http_engine;
extern const struct serve_engine	 serve_iface_engine;
/* The interface engine's later stages (serve_iface.c, in this order). */
extern const struct serve_engine	 serve_carrier_engine;
extern const struct serve_engine	 serve_probe_engine;
extern const struct serve_engine	 serve_address_engine;
extern const struct serve_engine	 serve_dhcp_engine;
extern const struct serve_engine	 serve_sniff_engine;
extern const struct serve_engine	 serve_track_engine;
extern const struct serve_engine	 serve_site_engine;
/* The phone tracker serve_track.c runs (the sniffer feeds it frames). */
struct tracker	*serve_track_get(const struct serve_ctx *);
extern const struct serve_engine	 serve_firewall_engine;
extern const struct serve_engine	 serve_fwcheck_engine;
extern const struct serve_engine	 serve_vlan_engine;
extern const struct serve_engine	 serve_netmgr_engine;
/*
 * The session record (serve_record.c): opened by the first serve_start()
 * of the process, kept across restarts; serve_record_finish() delivers
 * what is queued (bus_dispatch(), recorded or not), writes the record's
 * end once the loop is over (after serve_hook_stop()) and, with a FILE,
 * says where it is.  serve_record_get(): NULL when unrecorded.
 */
extern const struct serve_engine	 serve_record_engine;
struct recorder;
const struct recorder	*serve_record_get(void);
/* What the engine's start does (a --script wizard runs no engine). */
void	 serve_record_begin(void);
void	 serve_record_finish(FILE *);

/*
 * The start/stop sequence `serve`, the wizard and the demo share:
 * serve_start() starts the wanted engines on ctx (ifname looked up, loop
 * set), then, when running as root, gives root up (serve_priv.c), runs
 * the engines' after_drop(), the sandbox, and posts `ready`: each one a
 * stage.  0 when ready at once, SERVE_PENDING when under way on the loop
 * (ctx->on_done says how it ended), -1 with err.  serve_stop() stops
 * what started, in reverse, and may be called after a failed start or
 * in the middle of one.
 */
void	 serve_opts_defaults(struct serve_opts *);
int	 serve_start(struct serve_ctx *, char *, size_t);
/* The `ready` and `stop` events, delivered at once. */
void	 serve_post_ready(const struct serve_ctx *);
void	 serve_post_stop(const char *);
void	 serve_stop(struct serve_ctx *);

/*
 * serve_priv.c: who to run as (0, or -1 with err), and the drop itself:
 * hand STATE/dhcp (and for the wizard ROOT) to that user, fork the root
 * keeper that gives them back, then become that user with only the
 * capabilities still needed.
 */
int	 serve_priv_resolve(struct serve_ctx *, char *, size_t);
int	 serve_priv_drop(struct serve_ctx *, char *, size_t);
/*
 * At the very end (after serve_stop): let the keeper forked by the drop
 * give back what was handed over, and wait for it.
 */
void	 serve_priv_finish(void);
/*
 * Where this process writes recovery-address state files: the state
 * directory while root, STATE/dhcp once root is given up (the wizard
 * starting again on another interface).
 */
const char *serve_priv_state_dir(void);
/*
 * After the engines' after_drop(): the seccomp allow-list (net_sandbox.h)
 * and its reporting; 0, or -1 with err.  A no-op when root was kept.
 */
int	 serve_priv_sandbox(struct serve_ctx *, char *, size_t);
/*
 * Can the stages run again in this process (serve_restart)?  1, or 0
 * with why not in err (a serve that gave root up).
 */
int	 serve_priv_can_restart(const struct serve_ctx *, char *, size_t);

/*
 * serve_hook.c: fork the --on-event runner (once per process; serve_start
 * calls it before any engine starts or root is given up), and end it at
 * exit (after serve_stop, while the bus still has its sinks).
 */
int	 serve_hook_start(struct serve_ctx *, char *, size_t);
void	 serve_hook_stop(void);
/*
 * cmd_serve.c: parse --on-event (which 0), --on-event-kinds (1) or
 * --on-event-queue (2) into o; 0, or -1 after a usage error was said.
 */
struct cmd;
int	 serve_hook_option(const struct cmd *, int, const char *,
	     struct serve_opts *);

/*
 * serve_ports.c: refuse (-1, err naming the process when it can be
 * found) when another socket in this network namespace would get what
 * is sent to UDP port on ifname: bound to ours, 0.0.0.0 or broadcast.
 * addr is what the engine binds (network order); what names the engine.
 */
int	 serve_port_check(const char *, uint32_t, uint32_t, unsigned,
	     const char *, char *, size_t);

/*
 * serve_netmgr.c: the process's connection to the system bus, opened on
 * first use (as root, before the drop, it stays root's on the bus) and
 * kept; NULL when there is none.  The wizard's interface list asks
 * NetworkManager through it.
 */
struct netmgr_bus;
struct netmgr_bus *serve_netmgr_bus(void);

/* Look up ifname: index, MTU, MAC and its first IPv4 address (0 if none). */
int	 serve_iface_lookup(struct serve_ctx *, char *, size_t);

/*
 * serve_dhcp.c: the DHCP guard's decisions while running (the wizard
 * asks the technician; no-ops without a DHCP engine): check again for
 * the other server (offers resume if none answers), serve anyway (the
 * --force decision), and carrier is back (probe for servers now).
 */
int	 serve_dhcp_check_again(struct serve_ctx *);
void	 serve_dhcp_force(struct serve_ctx *);
void	 serve_dhcp_link_up(struct serve_ctx *);

#endif /* HOST_SERVE_H */
