/*
 * wizard.h: the recovery steps as a headless state machine (DESIGN.md 3.5
 * "Flow").  The wizard owns what the technician is shown, never how: the
 * ncurses front end (ui/), the demo and the tests all drive the same
 * machine.  It must not include curses or any engine internals; engines are
 * reached only through the host ops it is handed (start/stop the serve
 * engines, import an archive, write a SEP file).
 *
 * Steps:  pick-iface -> import-fw -> configure -> keypad -> serving -> done
 *                                                              \-> failed
 * It advances on commands (wizard_cmd_*) and on bus events (wizard_event:
 * EV_PHONE, EV_DHCP_LEASE, EV_TFTP_*, EV_NOTICE, EV_FW_IMPORT, EV_STOP ...).
 * Screens read it through const getters and view structs.
 *
 * Calling sequence:
 *	struct wizard *w = wizard_new(&host, root);
 *	wizard_attach(w);			(subscribe to the bus)
 *	wizard_cmd_pick_iface(w, "eth1", 0);	(starts the engines)
 *	... loop turns deliver events ...
 *	wizard_free(w);				(stops the engines if running)
 *
 * Time comes from clock_now_ms(), so tests step a fake clock.
 */
#ifndef FLOW_WIZARD_H
#define FLOW_WIZARD_H

#include <stddef.h>
#include <stdint.h>

#include "ev.h"

enum wizard_step {
	WIZ_PICK_IFACE = 0,
	WIZ_IMPORT_FW,
	WIZ_CONFIGURE,
	WIZ_KEYPAD,
	WIZ_SERVING,
	WIZ_DONE,
	WIZ_FAILED,
	WIZ__COUNT
};

/*
 * Where a phone is on its way back: enum sniff_phase (core/ev.h), the one
 * phase enum of the tracker, the phone events, the wizard and the screens.
 * The wizard decides none itself: it shows what the tracker (src/track)
 * says in its `phone` events, and only an error notice fails a phone
 * (SNIFF_PHASE_FAILED).
 */

/* The keypad step's own sub-steps. */
enum wizard_keypad {
	WKP_PREPARE = 0,	/* unplug, hold #, plug in, watch the lights */
	WKP_ENTRY,		/* the 60 s window to type the sequence (Cisco's
				 * admin guides: shared/domain/cisco-phones.md 1.1) */
	WKP_WAIT,		/* typed: the patience timer runs */
};

#define WIZ_IFNAME_LEN		32
#define WIZ_MAX_IFACES		256	/* a laptop with docker, virbr, VPNs... */
#define WIZ_MAX_PHONES		64
#define WIZ_MAX_XFERS		64
#define WIZ_MAX_PROBLEMS	16
#define WIZ_LOG_LINES		200
#define WIZ_KEYPAD_WINDOW_MS	60000	/* the phone accepts the sequence this long */

struct wizard_iface {
	char		 name[WIZ_IFNAME_LEN];
	char		 addr[EV_ADDR_LEN];	/* first IPv4 "ip/len", or "" */
	char		 mac[EV_MAC_LEN];
	int		 up, carrier, wireless, loopback;
	int		 default_route;
	int		 foreign_dhcp;		/* another DHCP server seen */
	uint64_t	 speed_mbps;		/* 0: unknown */
	/* Who else configures it ("NetworkManager", ...), "" nobody. */
	char		 managed_by[32];
};

/* The safety verdict on an interface, most serious first. */
enum wizard_verdict {
	WV_OK = 0,
	WV_NO_CARRIER,
	WV_WIRELESS,
	WV_DEFAULT_ROUTE,
	WV_FOREIGN_DHCP,
	WV_LOOPBACK,
};

/* Where one transfer row is; a row never goes back to WX_RUNNING. */
enum wizard_xfer_state {
	WX_RUNNING = 0,		/* started, no done or error event yet */
	WX_DONE,		/* the engine's tftp_done */
	WX_FAILED,		/* a tftp_error, or cut off by a stop */
};

struct wizard_xfer {
	uint64_t	 id;
	char		 client[EV_ADDR_LEN];
	char		 mac[EV_MAC_LEN];	/* the phone's, if known */
	char		 file[EV_NAME_LEN];
	uint64_t	 size, bytes;
	int		 size_known;
	uint64_t	 started_ms, updated_ms, finished_ms;
	enum wizard_xfer_state state;
	int		 code;			/* TFTP error code when failed */
	double		 seconds;		/* when done */
};

struct wizard_phone {
	char		 mac[EV_MAC_LEN];
	char		 model[16];
	char		 ip[EV_IP_LEN];
	char		 firmware[64];
	enum sniff_phase phase;
	char		 detail[EV_TEXT_LEN];	/* the phase in words, if told */
	char		 problem[EV_TEXT_LEN];	/* a real problem, in words */
	uint64_t	 first_ms, phase_ms;
	int		 done;
	int		 queued;	/* held for a slot (--max-flashing) */
	/* Its upgrade plan, from the tracker's `phone` events (issue 20). */
	char		 plan[160];		/* "8.3(1) -> 8.5(2) -> ..." */
	unsigned	 step, steps;
};

struct wizard_problem {
	char		 code[32];
	char		 mac[EV_MAC_LEN];
	char		 text[EV_TEXT_LEN];	/* what happened, and what to do */
	uint64_t	 at_ms;
};

enum wizard_log_kind {
	WLOG_INFO = 0,
	WLOG_EXPECTED,		/* harmless: shown dimmed, with why */
	WLOG_WARN,
	WLOG_ERROR,
};

struct wizard_log {
	uint64_t	 at_ms;
	enum wizard_log_kind kind;
	char		 text[EV_TEXT_LEN];
};

struct wizard_fw {
	char		 archive[EV_NAME_LEN];
	enum ev_fw_stage stage;		/* EV_FW_NONE: no import yet */
	uint64_t	 bytes, total;
	unsigned	 files, models;
	char		 text[EV_TEXT_LEN];
};

/*
 * The DHCP guard: another server answered on the link and our offers
 * stopped (dhcp_stopped), until the technician asks to check again (no
 * server answers: dhcp_resumed) or to serve anyway (dhcp_forced).
 */
struct wizard_guard {
	int		 stopped;	/* not offering addresses */
	int		 checking;	/* a check again is running */
	int		 forced;	/* serving anyway, as asked */
	char		 server[EV_IP_LEN];	/* the other server, its MAC */
	char		 mac[EV_MAC_LEN];
	char		 offered[EV_IP_LEN];	/* what it offered, or "" */
	char		 text[EV_TEXT_LEN];	/* the last word on it */
};

/* What the wizard asks of its host: the serve engines and the importers. */
struct wizard_load;

struct wizard_host {
	/*
	 * Start the engines on iface; 0, or -1 with a reason in err, or 1:
	 * under way on the loop, the host then calls wizard_host_starting()
	 * as it goes and wizard_host_started() once at the end (stop()
	 * cancels a start under way).
	 */
	int	(*start)(void *, const char *iface, int force, char *, size_t);
	void	(*stop)(void *);
	/* Begin importing an archive into the root; progress as EV_FW_IMPORT. */
	int	(*import)(void *, const char *path, char *, size_t);
	/* Write SEP<MAC>.cnf.xml for a phone into the root. */
	int	(*write_sep)(void *, const char *mac, const char *model, char *,
		    size_t);
	/* Refill the interface list; returns how many. */
	size_t	(*list_ifaces)(void *, struct wizard_iface *, size_t);
	/* The DHCP guard: check again (0 or -1), serve anyway.  May be NULL. */
	int	(*dhcp_check)(void *);
	void	(*dhcp_force)(void *);
	/*
	 * What the root can serve, per model (see wizard_catalog()); rows
	 * filled, 0 for none.  May be NULL: nothing.
	 */
	size_t	(*catalog)(void *, const char *root, struct wizard_load *,
		    size_t);
	/* The processNodeName a SEP file gets while our address is unknown. */
	const char *default_server;
	void	*arg;
};

struct wizard;

struct wizard	*wizard_new(const struct wizard_host *, const char *root);
void		 wizard_free(struct wizard *);
/* Subscribe to the bus (every event type); undone by wizard_free. */
void		 wizard_attach(struct wizard *);
/* Called after every change (for a front end's dirty flag). */
void		 wizard_set_notify(struct wizard *, void (*)(void *), void *);
/* Feed one event (what the bus subscription does). */
void		 wizard_event(struct wizard *, const struct ev *);

/* Commands: 0 on success, -1 with wizard_message() saying why not. */
int		 wizard_cmd_refresh_ifaces(struct wizard *);
int		 wizard_cmd_pick_iface(struct wizard *, const char *, int force);
int		 wizard_cmd_import(struct wizard *, const char *path);
int		 wizard_cmd_write_sep(struct wizard *, const char *mac);
int		 wizard_cmd_set_model(struct wizard *, const char *);
int		 wizard_cmd_keypad_go(struct wizard *);	/* lights did it: timer */
int		 wizard_cmd_keypad_typed(struct wizard *);	/* sequence typed */
/* Which code was typed: 0 the factory reset, 1 the flash format. */
int		 wizard_cmd_keypad_typed_code(struct wizard *, int);
int		 wizard_keypad_format(const struct wizard *);
int		 wizard_cmd_next(struct wizard *);
int		 wizard_cmd_back(struct wizard *);
/* Stop serving (the engines put the interface back); logged. */
int		 wizard_cmd_stop(struct wizard *);
int		 wizard_cmd_goto(struct wizard *, enum wizard_step);
/* The DHCP guard's two ways on (see struct wizard_guard). */
int		 wizard_cmd_dhcp_check(struct wizard *);
int		 wizard_cmd_dhcp_force(struct wizard *);
/*
 * The host's start-up under way (host.start returned 1): what it waits
 * for now ("waiting for carrier": the wizard says "starting: waiting for
 * carrier…"), and its end: 0 serving, -1 with the reason (said as a
 * failed start is).  wizard_starting(): a start is under way.
 */
void		 wizard_host_starting(struct wizard *, const char *);
void		 wizard_host_started(struct wizard *, int, const char *);
int		 wizard_starting(const struct wizard *);
/* What the start under way waits for ("waiting for carrier"), or "". */
const char	*wizard_start_words(const struct wizard *);
/* Replace the interface list (scripts and tests). */
void		 wizard_set_ifaces(struct wizard *, const struct wizard_iface *,
		     size_t);

/* Getters. */
enum wizard_step wizard_step(const struct wizard *);
const char	*wizard_step_name(enum wizard_step);
const char	*wizard_step_title(enum wizard_step);
const char	*wizard_phase_name(enum sniff_phase);
const char	*wizard_message(const struct wizard *);	/* last command's word */
const char	*wizard_root(const struct wizard *);
const char	*wizard_iface_name(const struct wizard *);	/* "" before pick */
const char	*wizard_serving_text(const struct wizard *);	/* "" or ready line */
const char	*wizard_server_addr(const struct wizard *);	/* our IP, "" unknown */
const char	*wizard_failure(const struct wizard *);	/* why W_FAILED */
int		 wizard_engines_running(const struct wizard *);

size_t		 wizard_iface_count(const struct wizard *);
const struct wizard_iface *wizard_iface_at(const struct wizard *, size_t);
enum wizard_verdict wizard_iface_verdict(const struct wizard_iface *);
const char	*wizard_verdict_text(enum wizard_verdict);

const struct wizard_fw *wizard_fw(const struct wizard *);
const struct wizard_guard *wizard_guard(const struct wizard *);
/* Is the served link down (link_down, no link_up since)?  For how long. */
int		 wizard_link_down(const struct wizard *, uint64_t *);

const char	*wizard_model(const struct wizard *);	/* keypad's model */
enum wizard_keypad wizard_keypad_state(const struct wizard *);
/* Seconds left in the entry window, or elapsed since typed (WKP_WAIT). */
uint64_t	 wizard_keypad_ms(const struct wizard *, uint64_t now);

size_t		 wizard_phone_count(const struct wizard *);
const struct wizard_phone *wizard_phone_at(const struct wizard *, size_t);
size_t		 wizard_phones_done(const struct wizard *);
/* The bench's counts (the live view's head): every phone seen, by state. */
struct wizard_bench {
	size_t		 seen, flashing, up, failed;
};
void		 wizard_bench_counts(const struct wizard *, struct wizard_bench *);
/*
 * A phone's plan for its line: "8.3(1) -> 8.5(2) -> 9.4(2)SR3, step 1 of
 * 2" (arrows unless ascii); "" when it has none.
 */
void		 wizard_phone_plan_line(const struct wizard_phone *, int,
		     char *, size_t);
/*
 * How many phones are between their first file and "back up" (quitting
 * would leave them asking); their "model mac (phase)" list into buf.
 */
size_t		 wizard_phones_busy(const struct wizard *, char *, size_t);
size_t		 wizard_xfer_count(const struct wizard *);
const struct wizard_xfer *wizard_xfer_at(const struct wizard *, size_t);
size_t		 wizard_problem_count(const struct wizard *);
const struct wizard_problem *wizard_problem_at(const struct wizard *, size_t);
/* Log lines, oldest first, the newest WIZ_LOG_LINES kept. */
size_t		 wizard_log_count(const struct wizard *);
const struct wizard_log *wizard_log_at(const struct wizard *, size_t);

/* Rate in bytes/s and ETA in ms of a running transfer (0 if unknown). */
uint64_t	 wizard_xfer_rate(const struct wizard_xfer *, uint64_t now);
uint64_t	 wizard_xfer_eta_ms(const struct wizard_xfer *, uint64_t now);

/*
 * What the wizard's root can serve, one row per model it has a load for
 * (the firmware engine's catalogue, through the host's catalog op): the rows XMLDefault.cnf.xml's
 * loadInformationNNN lines are made of, with what a person should know.
 * Returns how many rows were filled (0 for an empty or missing root).
 */
struct wizard_load {
	char		 model[16];	/* "7970" */
	unsigned	 devtype;	/* loadInformationNNN */
	char		 load[128];	/* "SIP70.8-5-2S" */
	char		 why[32];	/* "term file", "newest", ... */
	int		 complete;	/* every component present */
	char		 note[256];	/* first warning or advice, or "" */
};
size_t		 wizard_catalog(const struct wizard *, struct wizard_load *,
		     size_t);

/*
 * Scripts (a test and demo aid): a text file of timed bus events and
 * wizard commands replayed under the fake clock instead of running the
 * engines, so screens are deterministic.  One entry a line:
 *
 *	iface NAME [carrier=1] [addr=CIDR] [wireless=1] [default_route=1] ...
 *	at MS EVENT key=value ...	(EVENT as ev_name(): phone, tftp_start ...)
 *	at MS cmd pick IFACE | next | back | model M | keypad-go
 *	    | keypad-typed [format]
 *	    | goto STEP | import PATH | dhcp-check | dhcp-force
 *	    | fatal (fatalx(), to test the way out)
 *
 * Values may be "double quoted".  MS is milliseconds from the start.
 */
struct wizard_script;
struct wizard_script *wizard_script_load(const char *, char *, size_t);
void		 wizard_script_free(struct wizard_script *);
/* Interfaces the script declares (for wizard_set_ifaces). */
size_t		 wizard_script_ifaces(const struct wizard_script *,
		     const struct wizard_iface **);
/*
 * Apply every entry due at the next time: set *now (the fake clock) to it,
 * bus_post() the events and run the commands on w.  Returns 1 while more
 * entries remain, 0 once the script is finished.
 */
int		 wizard_script_step(struct wizard_script *, struct wizard *,
		     uint64_t base, uint64_t *now);
/* The script time (ms) of the next entry; -1 once finished. */
int64_t		 wizard_script_next_at(const struct wizard_script *);
/* Parse one event line's words (after "at MS") into ev; 0 or -1 + err. */
int		 wizard_script_parse_event(char **, int, struct ev *, char *,
		     size_t);

#endif /* FLOW_WIZARD_H */
