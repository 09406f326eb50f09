/*
 * ev.h: the events engines publish.  Every payload is copied by value (no
 * pointers into engine memory), so a sink may keep or drop an event without
 * lifetime questions.  Names on the wire (JSON "event") are in ev_name();
 * the fields each event carries, and their JSON names, are in ev_visit()
 * (ev_format.c): that is the one place to change when an event grows.
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
#define EV_ADDR_LEN	48	/* "ip:port" or "ip/prefix" */
#define EV_NAME_LEN	256	/* a file name as requested */
#define EV_TEXT_LEN	256	/* a sentence for people */

struct ev_log {
	int		 level;			/* enum log_level */
	char		 text[EV_TEXT_LEN];
};

struct ev_ready {
	char		 iface[32];
	char		 address[EV_ADDR_LEN];
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
	char		 ip[EV_IP_LEN];		/* optional */
	char		 firmware[64];		/* optional */
	char		 phase[32];		/* optional: see sniff.h */
	char		 detail[EV_TEXT_LEN];	/* optional hint in words */
	unsigned	 vlan;			/* optional, 0 = none */
};

struct ev_dhcp_lease {
	char		 mac[EV_MAC_LEN];
	char		 ip[EV_IP_LEN];
	char		 vendor_class[128];	/* sanitised for display */
	char		 model[16];		/* from the vendor class, or "" */
	char		 hostname[64];
	uint32_t	 lease_secs;
	char		 state[8];		/* "offer" or "ack" */
};

struct ev_dhcp_server {
	char		 server[EV_IP_LEN];
	char		 mac[EV_MAC_LEN];
	char		 offered[EV_IP_LEN];	/* optional: address it offered */
};

/* One struct for every TFTP event; which fields print depends on the type. */
struct ev_tftp {
	uint64_t	 xfer;			/* transfer id, for coalescing */
	char		 client[EV_ADDR_LEN];	/* "ip:port" */
	char		 file[EV_NAME_LEN];	/* as requested, sanitised */
	char		 path[EV_NAME_LEN];	/* as served, relative to root */
	uint64_t	 size;
	int		 size_known;
	uint64_t	 bytes;
	double		 seconds;
	int		 code;			/* TFTP error code */
	char		 message[128];
	char		 mac[EV_MAC_LEN];	/* optional: client's MAC if known */
	char		 proto[8];		/* "tftp" or "http"; "" is "tftp" */
};

struct ev_notice {
	char		 code[32];		/* stable id: "no_load_for_model" */
	char		 level[8];		/* "info", "warn", "error" */
	char		 mac[EV_MAC_LEN];	/* optional */
	char		 file[EV_NAME_LEN];	/* optional */
	char		 text[EV_TEXT_LEN];
};

struct ev_fw_import {
	char		 archive[EV_NAME_LEN];
	char		 stage[16];		/* "reading", "checking", "done", "failed" */
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
 * A visitor over an event's fields: ev_visit() calls one of these per field,
 * in a stable order, skipping optional fields that are empty.  The JSON and
 * text sinks are two visitors; tests can be a third.
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
 * Fill *e as an EV_NOTICE: stable code, level ("info", "warn", "error"),
 * optional MAC and file (NULL or ""), and the sentence for people.
 */
void		 ev_notice_fill(struct ev *, const char *, const char *,
		     const char *, const char *, const char *, ...)
		     __attribute__((format(printf, 6, 7)));
void		 ev_visit(const struct ev *, const struct ev_visitor *);

#endif /* CORE_EV_H */
