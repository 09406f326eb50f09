/*
 * ev.h: the events engines publish.  Every payload is copied by value (no
 * pointers into engine memory), so a sink may keep or drop an event without
 * lifetime questions.  Fields are typed: enums for phases, states, levels
 * and stages, numbers for addresses (IPv4 in network order, 0 = none);
 * names and dotted quads are made only by the formatter.  Names on the wire
 * (JSON "event") are in ev_name(); the fields each event carries, their JSON
 * names, order and types are in one descriptor table per event
 * (ev_schema(), ev_format.c): the printers, the script reader, the man
 * page's check and the tests' matchers all read it, so that table is the one
 * place to change when an event grows.
 */
#ifndef CORE_EV_H
#define CORE_EV_H

#include <stdint.h>

enum ev_type {
	EV_LOG = 0,		/* a log line (level, text) */
	EV_READY,		/* serve started: iface, address, engines, root */
	EV_STOP,		/* serve stopping: reason */
	EV_PHONE,		/* a phone appeared or changed (model/phase/ip) */
	EV_DHCP_LEASE,		/* we leased an address */
	EV_DHCP_SERVER_SEEN,	/* another DHCP server answered on the link */
	EV_TFTP_START,		/* a read request is being served */
	EV_TFTP_PROGRESS,	/* bytes so far (coalesced per transfer) */
	EV_TFTP_DONE,		/* last ACK received */
	EV_TFTP_ERROR,		/* error sent or received, or gave up */
	EV_NOTICE,		/* a problem or hint, explained in words */
	EV_FW_IMPORT,		/* firmware import progress and result */
	EV__COUNT
};

#define EV_MASK(t)	(1u << (t))
#define EV_MASK_ALL	((1u << EV__COUNT) - 1)

#define EV_MAC_LEN	18	/* "00:11:22:33:44:55" */
#define EV_IP_LEN	16	/* "255.255.255.255" */
#define EV_ADDR_LEN	48	/* "ip:port" or "ip/prefix", as printed */
#define EV_NAME_LEN	256	/* a file name as requested */
#define EV_TEXT_LEN	256	/* a sentence for people */

/* A phone's phases, in the order a recovery goes through them. */
enum sniff_phase {
	SNIFF_PHASE_NONE = 0,
	SNIFF_PHASE_LINK_UP,		/* CDP/LLDP: VLAN and power step */
	SNIFF_PHASE_REQUESTING_IP,	/* DHCP DISCOVER/REQUEST, no ACK yet */
	SNIFF_PHASE_GOT_IP,		/* an ACK (or its own ARP) seen */
	SNIFF_PHASE_FETCHING_LOAD,	/* asked for termNN.default.loads / *.loads */
	SNIFF_PHASE_FLASHING,		/* asked for component k (of N) */
	SNIFF_PHASE_REBOOTING,		/* asked for an address again after a load */
	SNIFF_PHASE_REQUESTING_CONFIG,	/* CTL/ITL, SEP<MAC>.cnf.xml, XMLDefault */
	SNIFF_PHASE_UNPROVISIONED,	/* keeps hunting a configuration */
	SNIFF_PHASE_REGISTERED,		/* asks for post-registration files */
	SNIFF_PHASE_FAILED,		/* gave up with an error (wizard rows) */
	SNIFF_PHASE__COUNT
};

/* A notice's level ("info", "warn", "error"). */
enum ev_level {
	EV_INFO = 0,
	EV_WARN,
	EV_ERROR,
	EV_LEVEL__COUNT
};

/* What a dhcp_lease reports ("offer", "ack"); NONE prints no state. */
enum ev_lease_state {
	EV_LEASE_NONE = 0,
	EV_LEASE_OFFER,
	EV_LEASE_ACK,
	EV_LEASE__COUNT
};

/* Which DHCP server gave a lease: ours, or the site's (serve --leases-from). */
enum ev_lease_from {
	EV_FROM_OURS = 0,
	EV_FROM_DNSMASQ,
	EV_FROM_KEA,
	EV_FROM__COUNT
};

/* A firmware import's stage, as the import child reports it. */
enum ev_fw_stage {
	EV_FW_NONE = 0,		/* consumers: no import yet (prints "") */
	EV_FW_READING,
	EV_FW_CHECKING,
	EV_FW_INFO,		/* a line of progress in words */
	EV_FW_WARNING,		/* a problem that does not stop the import */
	EV_FW_DONE,
	EV_FW_FAILED,
	EV_FW_STAGE__COUNT
};

/* How a file was served ("tftp", "http"). */
enum ev_proto {
	EV_PROTO_TFTP = 0,
	EV_PROTO_HTTP,
	EV_PROTO__COUNT
};

/* An IPv4 endpoint, printed "ip:port"; all zero prints "?" (unknown). */
struct ev_sockaddr {
	uint32_t	 ip;			/* network order */
	uint16_t	 port;			/* host order */
};

/* An IPv4 address with its prefix length, printed "ip/prefix". */
struct ev_prefix {
	uint32_t	 ip;			/* network order */
	unsigned	 len;
};

struct ev_log {
	int		 level;			/* enum log_level */
	char		 text[EV_TEXT_LEN];
};

struct ev_ready {
	char		 iface[32];
	struct ev_prefix address;
	int		 dhcp, tftp, sniff;	/* engines running */
	char		 root[EV_NAME_LEN];
	unsigned	 tftp_port, dhcp_port;
	int		 http;			/* files over HTTP too */
	unsigned	 http_port;
};

struct ev_stop {
	char		 reason[64];
};

struct ev_phone {
	char		 mac[EV_MAC_LEN];	/* lower case, colons */
	char		 model[16];		/* "7970" */
	char		 via[8];		/* cdp, lldp, dhcp, tftp, arp */
	uint32_t	 ip;			/* optional */
	char		 firmware[64];		/* optional */
	enum sniff_phase phase;			/* optional */
	char		 detail[EV_TEXT_LEN];	/* optional hint in words */
	unsigned	 vlan;			/* optional, 0 = none */
	char		 name[64];		/* optional: CDP/LLDP name */
	char		 serial[32];		/* optional: LLDP-MED serial */
	/* Its upgrade plan (issue 20), optional: "8.3(1) -> 8.5(2) -> ..." */
	char		 plan[160];
	unsigned	 step, steps;		/* serving step of steps */
	char		 target[32];		/* "9.4(2)SR3" */
};

struct ev_dhcp_lease {
	char		 mac[EV_MAC_LEN];
	uint32_t	 ip;
	char		 vendor_class[128];	/* sanitised for display */
	char		 model[16];		/* from the vendor class, or "" */
	char		 hostname[64];
	uint32_t	 lease_secs;
	enum ev_lease_state state;		/* optional */
	enum ev_lease_from from;		/* optional: "" is ours */
};

struct ev_dhcp_server {
	uint32_t	 server;
	char		 mac[EV_MAC_LEN];
	uint32_t	 offered;		/* optional: address it offered */
};

/* One struct for every TFTP event; which fields print depends on the type. */
struct ev_tftp {
	uint64_t	 xfer;			/* transfer id, for coalescing */
	struct ev_sockaddr client;
	char		 file[EV_NAME_LEN];	/* as requested, sanitised */
	char		 path[EV_NAME_LEN];	/* as served, relative to root */
	uint64_t	 size;
	int		 size_known;
	uint64_t	 bytes;
	double		 seconds;
	int		 code;			/* TFTP error code */
	char		 message[128];
	char		 mac[EV_MAC_LEN];	/* optional: client's MAC if known */
	enum ev_proto	 proto;
};

struct ev_notice {
	char		 code[32];		/* stable id: "no_load_for_model" */
	enum ev_level	 level;
	char		 mac[EV_MAC_LEN];	/* optional */
	char		 file[EV_NAME_LEN];	/* optional */
	char		 text[EV_TEXT_LEN];
};

struct ev_fw_import {
	char		 archive[EV_NAME_LEN];
	enum ev_fw_stage stage;
	uint64_t	 bytes, total;
	unsigned	 files, models;
	char		 text[EV_TEXT_LEN];
};

struct ev {
	enum ev_type	 type;
	uint64_t	 seq;		/* set by bus_post */
	uint64_t	 at_ms;		/* monotonic, set by bus_post if 0 */
	uint64_t	 wall_ms;	/* real time, set by bus_post if 0 */
	union {
		struct ev_log		 log;
		struct ev_ready		 ready;
		struct ev_stop		 stop;
		struct ev_phone		 phone;
		struct ev_dhcp_lease	 lease;
		struct ev_dhcp_server	 server;
		struct ev_tftp		 tftp;
		struct ev_notice	 notice;
		struct ev_fw_import	 fw;
	} u;
};

/*
 * The schema: one descriptor per field, in the order they print.  A field
 * is a value at an offset in struct ev; EVF_OPT leaves it out when empty
 * (""/0/the enum's 0), EVF_WHEN leaves it out unless the int at .when is
 * non-zero; an EVF_ENUM's names are its values' words, indexed by value.
 */
enum ev_ftype {
	EVF_STR,	/* char[size] */
	EVF_U64,	/* uint64_t */
	EVF_UINT,	/* unsigned */
	EVF_INT,	/* int, printed as a number */
	EVF_BOOL,	/* int, printed true/false */
	EVF_REAL,	/* double, printed %.3f */
	EVF_ENUM,	/* int-sized enum, printed as its name */
	EVF_IP,		/* uint32_t, printed as a dotted quad */
	EVF_SOCKADDR,	/* struct ev_sockaddr, "ip:port" */
	EVF_PREFIX,	/* struct ev_prefix, "ip/prefix" */
};

#define EVF_OPT		0x01
#define EVF_WHEN	0x02

struct ev_field {
	const char		*key;		/* JSON name */
	enum ev_ftype		 type;
	size_t			 off, size;	/* in struct ev */
	unsigned		 flags;
	const char *const	*names;		/* EVF_ENUM */
	unsigned		 nnames;
	size_t			 when;		/* EVF_WHEN: offset of an int */
};

struct ev_schema {
	const struct ev_field	*fields;
	size_t			 n;
};

/* The descriptor table of one event type (n 0 for an unknown type). */
const struct ev_schema *ev_schema(enum ev_type);
/* A field of t by JSON key, or NULL. */
const struct ev_field *ev_field_find(enum ev_type, const char *);
/* Is the field printed for this event (EVF_OPT, EVF_WHEN)? */
int		 ev_field_present(const struct ev *, const struct ev_field *);
/* The field as its text value ("198.18.0.2:4321", "warn", "1.250"). */
void		 ev_field_str(const struct ev *, const struct ev_field *,
		     char *, size_t);
/* Set the field from such a text value; -1 if it does not parse. */
int		 ev_field_set(struct ev *, const struct ev_field *,
		     const char *);
/* The event type for a name as printed, or -1. */
int		 ev_type_from_name(const char *);

/* "ip:port" ("?" if all zero), as the printers say it. */
void		 ev_sockaddr_str(char *, size_t, const struct ev_sockaddr *);
/* The words of the enums, as printed (the rest: ev_field_str). */
const char	*sniff_phase_name(enum sniff_phase);	/* "" for NONE */
/* The phase for a name as printed, SNIFF_PHASE_NONE if unknown. */
enum sniff_phase sniff_phase_from_name(const char *);
const char	*ev_fw_stage_name(enum ev_fw_stage);

/*
 * A visitor over an event's fields: ev_visit() walks ev_schema(), calling
 * one of these per field present, with each field's value as printed
 * (enums by name, addresses in dots).  The JSON and text sinks are two
 * visitors; tests can be a third.
 */
struct ev_visitor {
	void	(*str)(void *, const char *key, const char *val);
	void	(*num)(void *, const char *key, uint64_t val);
	void	(*real)(void *, const char *key, double val);
	void	(*boolean)(void *, const char *key, int val);
	void	*arg;
};

const char	*ev_name(enum ev_type);		/* "tftp_done" */
/*
 * Fill *e as an EV_NOTICE: stable code, level, optional MAC and file (NULL
 * or ""), and the sentence for people.
 */
void		 ev_notice_fill(struct ev *, const char *, enum ev_level,
		     const char *, const char *, const char *, ...)
		     __attribute__((format(printf, 6, 7)));
void		 ev_visit(const struct ev *, const struct ev_visitor *);

#endif /* CORE_EV_H */
