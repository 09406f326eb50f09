/*
 * sim_phone.h: a simulated Cisco 79xx phone after a factory reset, as an
 * I/O-free state machine (shared/domain/cisco-phones.md 1, 2 and 5).  It
 * is handed packets and the time, and asks its host (sim_io.c, or a unit
 * test) through struct sim_ops to send frames, set its address and move
 * TFTP bytes.  What it does is told as records (sim_report.h) through
 * ops->report.
 *
 * CNU family (7941/7961/7942/7962/7970/7971/7975...):
 *	link-up: CDP (and LLDP-MED where the model sends it) -> DHCP ->
 *	termNN.default.loads -> its components in file order and letter
 *	case -> reboot -> CDP, DHCP -> CTLSEP<MAC>.tlv, ITLSEP<MAC>.tlv,
 *	SEP<MAC>.cnf.xml, /XMLDefault.cnf.xml (only when SEP is missing) ->
 *	the load the configuration names, if its components differ.
 * Legacy 7940/7960 (universal application loader, domain notes 2.3):
 *	OS79XX.TXT, CTLSEP<MAC>.tlv, SEP<MAC>.cnf.xml, SIP<MAC>.cnf,
 *	XMLDefault.cnf.xml, SEPDefault.cnf (the hunt stops at any TFTP error
 *	but 1: CSCee31047) -> <load>.loads -> one missing image (.sbn, then
 *	.sb2) per boot -> finally SIPDefault.cnf and SIP<MAC>.cnf.
 *
 * TFTP: RRQ octet without options, resent every ~4 s from the same port,
 * 5 times, then from a new port; optional slowness per block, a share of
 * DATA dropped, or every ACK sent twice.
 *
 *	p = sim_phone_new(&cfg, &ops);
 *	sim_phone_start(p, now);
 *	... sim_phone_dhcp_input / sim_phone_tftp_input / sim_phone_tick
 *	    whenever the clock reaches sim_phone_deadline(p) ...
 *	sim_phone_result(p) != SIM_RUNNING: done.
 */
#ifndef SIM_SIM_PHONE_H
#define SIM_SIM_PHONE_H

#include <stddef.h>
#include <stdint.h>

struct model;
struct sim_phone;
struct sim_report;

#define SIM_RRQ_RESEND_MS	4000	/* phones resend an unanswered RRQ every ~4 s */
#define SIM_RRQ_TRIES		5	/* ... about 5 times from one port */
#define SIM_RRQ_PORTS		3	/* ports tried before a file is given up */
#define SIM_DHCP_RESEND_MS	4000	/* DISCOVER/REQUEST resend */
#define SIM_LINK_MS		300	/* CDP/LLDP before DHCP (the VLAN step) */
#define SIM_REBOOT_MS		500	/* a reboot, shortened */
#define SIM_DATA_IDLE_MS	4000	/* silence in a transfer: resend the last ACK */
#define SIM_XFER_GIVEUP_MS	20000	/* silence this long: new port */
#define SIM_MAX_FILE		(64u << 20)	/* one file, in memory */
#define SIM_HTTP_PORT		6970	/* 9.x loads: HTTP before TFTP */
#define SIM_HTTP_TIMEOUT_MS	5000	/* no answer on 6970: TFTP instead */
#define SIM_HTTP_REFUSED	(-1)	/* sim_phone_http_input: no connection */
#define SIM_TRUST_RETRY_MS	2000	/* a foreign trust list: hunt again */
#define SIM_TRUST_TLV_TRIES	4	/* ... asking CTL/ITL this many times */
#define SIM_MISSING_RETRY_MS	2000	/* --retry-missing: the term file again */

enum sim_result {
	SIM_RUNNING = -1,
	SIM_OK = 0,		/* every file it needed arrived intact */
	SIM_FAILED = 1,
};

/* The trust list it holds (domain notes 2.1, 6.4). */
enum sim_trust {
	SIM_TRUST_NONE = 0,
	SIM_TRUST_FOREIGN,	/* another cluster's CTL/ITL */
};

struct sim_cfg {
	const struct model *model;
	uint8_t		 mac[6];
	unsigned	 slow_ms;	/* delay before each ACK */
	unsigned	 loss_pct;	/* DATA dropped on arrival, 0-100 */
	int		 dup_acks;	/* send every ACK twice */
	uint32_t	 seed;		/* for the loss draws; 0: from the MAC */
	unsigned	 tftp_port;	/* the server's; 0: 69 */
	unsigned	 reboot_ms;	/* a reboot's pause; 0: SIM_REBOOT_MS */
	unsigned	 vlan;		/* 802.1Q-tag CDP, LLDP, DHCP; 0: none */
	/*
	 * The load it runs at power-on ("SCCP70.8-3-1S", "8.3(1)"); NULL:
	 * the default, and no load-authentication rule.  Given, a CNU phone
	 * below 8.3(3) refuses a .loads of 8.5(3) or later (8.5(2)SR1
	 * too): Auth Fail, reboot, again (domain notes 3.3).
	 */
	const char	*load;
	/*
	 * SIM_TRUST_FOREIGN: a phone that was not factory reset and holds
	 * another cluster's trust list.  It boots its load, asks CTLSEP,
	 * ITLSEP and ITLFile.tlv (SIM_TRUST_TLV_TRIES rounds), then
	 * SEP<MAC>.cnf.xml.sgn, then SEP<MAC>.cnf.xml, never XMLDefault;
	 * it rejects every configuration we can serve (unsigned, or signed
	 * by a certificate its list lacks) and hunts again every
	 * SIM_TRUST_RETRY_MS: never configured.
	 */
	enum sim_trust	 trust;
	/*
	 * Each file over HTTP first (GET http://<tftp server>:<port>/<name>,
	 * as 9.x loads on 79x2/79x5 and newer do, domain notes 2.1); TFTP
	 * when refused, on anything but 200, or after SIM_HTTP_TIMEOUT_MS.
	 */
	int		 http_first;
	unsigned	 http_port;	/* 0: SIM_HTTP_PORT */
	/*
	 * Its term file missing (TFTP error 1): ask again every
	 * SIM_MISSING_RETRY_MS, as a real phone keeps at DHCP and TFTP while
	 * it looks dead (domain notes 5), instead of failing at once.
	 */
	int		 retry_missing;
};

struct sim_ops {
	/* A whole Ethernet frame (CDP, LLDP). */
	void	(*send_link)(void *, const uint8_t *, size_t);
	/* A DHCP message to broadcast from 0.0.0.0:68 to port 67. */
	void	(*send_dhcp)(void *, const uint8_t *, size_t);
	/* Put (ip != 0) or take away (ip == 0) the leased address. */
	int	(*set_addr)(void *, uint32_t, unsigned);
	/* A fresh UDP socket for TFTP on our address; 0, or -1. */
	int	(*tftp_open)(void *);
	void	(*tftp_send)(void *, uint32_t, uint16_t, const uint8_t *,
		    size_t);
	void	(*tftp_close)(void *);
	/*
	 * HTTP (--http-first): GET path from ip:port, one at a time; 0, or
	 * -1 when it cannot start.  The host answers later through
	 * sim_phone_http_input(); http_cancel drops a GET in flight.
	 */
	int	(*http_get)(void *, uint32_t, uint16_t, const char *);
	void	(*http_cancel)(void *);
	/* One thing that happened (print it with sim_report_json/_text). */
	void	(*report)(void *, const struct sim_report *);
	void	*arg;
};

struct sim_phone *sim_phone_new(const struct sim_cfg *, const struct sim_ops *);
void		 sim_phone_free(struct sim_phone *);
void		 sim_phone_start(struct sim_phone *, uint64_t);
void		 sim_phone_dhcp_input(struct sim_phone *, const uint8_t *,
		     size_t, uint64_t);
/* A UDP datagram on the TFTP socket from ip:port (network order ip). */
void		 sim_phone_tftp_input(struct sim_phone *, uint32_t, uint16_t,
		     const uint8_t *, size_t, uint64_t);
/*
 * The answer to the GET in flight: an HTTP status and its body (200), or
 * SIM_HTTP_REFUSED (refused, reset, not HTTP).
 */
void		 sim_phone_http_input(struct sim_phone *, int, const uint8_t *,
		     size_t, uint64_t);
void		 sim_phone_tick(struct sim_phone *, uint64_t);
/* When sim_phone_tick wants to run next; 0: nothing pending. */
uint64_t	 sim_phone_deadline(const struct sim_phone *);
enum sim_result	 sim_phone_result(const struct sim_phone *);
/* Give up now (the host's overall timeout): reports and fails. */
void		 sim_phone_abort(struct sim_phone *, const char *, uint64_t);

/* Counters for tests. */
struct sim_stats {
	unsigned	 cdp, lldp, discovers, requests, acks_rx, boots;
	unsigned	 rrqs, files_ok, files_missing, files_failed;
	unsigned	 data_rx, data_dropped, acks_tx, dup_data;
	unsigned	 auth_fails;	/* .loads refused: Auth Fail */
	unsigned	 trust_rounds, config_rejects;	/* foreign trust list */
	unsigned	 missing_rounds;	/* --retry-missing: term file asked again */
	unsigned	 http_gets, http_ok, http_fallbacks;
};
void		 sim_phone_stats(const struct sim_phone *, struct sim_stats *);

/*
 * A model the simulation can be: "7970", "7971" (the 7971-GE), "7941G"...
 * of the CNU family or the 7940/7960; NULL otherwise.
 */
const struct model *sim_model_find(const char *);

/*
 * The load name a phone of model m reports for what it runs, from a name
 * or a version ("8.3(1)" -> "SCCP70.8-3-1S"): 0, or -1 when it holds no
 * version.
 */
int		 sim_phone_load_name(const struct model *, const char *, char *,
		     size_t);

/* The vendor class a model sends (with its NUL); length into *len. */
const char	*sim_phone_vendor_class(const struct model *, char *, size_t,
		     size_t *);

#endif /* SIM_SIM_PHONE_H */
