/*
 * serve.h: the engine host behind `phonerescue serve`, the wizard and the
 * demo.  src/cmd/cmd_serve.c parses options, attaches the printers and
 * runs the loop; each engine plugs in through a struct serve_engine in its
 * own serve_<engine>.c, listed in serve_engines[] (serve.c) in start
 * order.  An engine's start() may fail with a
 * one-line reason in err; stop() runs in reverse order on the way out,
 * also after SIGINT/SIGTERM.
 */
#ifndef HOST_SERVE_H
#define HOST_SERVE_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#include "net/net_priv.h"

struct loop;

struct serve_opts {
	const char	*iface;
	const char	*root;
	const char	*address;	/* --address CIDR, or NULL */
	const char	*pool;		/* --pool FIRST-LAST, or NULL */
	const char	*leases;	/* --leases FILE, or NULL */
	unsigned	 lease_secs;
	int		 no_dhcp, no_tftp, no_sniff;
	int		 no_http;	/* --no-http */
	unsigned	 http_port;	/* 6970 unless told; 0: no HTTP */
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

/* The engines, one per serve_<engine>.c. */
extern const struct serve_engine	 serve_tftp_engine;
extern const struct serve_engine	 serve_http_engine;
extern const struct serve_engine	 serve_iface_engine;
extern const struct serve_engine	 serve_dhcp_engine;
extern const struct serve_engine	 serve_sniff_engine;
extern const struct serve_engine	 serve_noload_engine;
extern const struct serve_engine	 serve_netmgr_engine;

/*
 * The start/stop sequence `serve` and the wizard share: serve_start()
 * starts the wanted engines on ctx (ifname looked up, loop set), then,
 * when running as root, gives root up (serve_priv.c), runs the engines'
 * after_drop() and posts `ready`; serve_stop() stops what started, in
 * reverse, and may be called after a failed start.
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
