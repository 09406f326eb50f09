/*
 * sim_wire.h: the packets a simulated Cisco phone sends, built without
 * I/O, and the DHCP replies it reads (shared/domain/cisco-phones.md 5).
 *
 *  - CDPv2 (Cisco) at link-up: Device-ID SEP<MAC>, Port-ID "Port 1",
 *    host capability, software = the load, platform "Cisco IP Phone 79NN",
 *    full duplex, power consumption; 802.3 + LLC/SNAP to 01:00:0c:cc:cc:cc;
 *  - LLDP-MED (IEEE 802.1AB, ANSI/TIA-1057) for the models that send it:
 *    class III endpoint, System Name SEP<MAC>, a voice network policy,
 *    extended power, firmware and software revision (the load) and model;
 *  - DHCP DISCOVER/REQUEST (RFC 2131) with the model's vendor class and
 *    its trailing NUL, a request list with 150 and 66, no broadcast flag;
 *  - TFTP RRQ (octet, no options) and ACK (RFC 1350).
 *
 * Builders return the length written, or 0 when buf is too small.
 */
#ifndef SIM_SIM_WIRE_H
#define SIM_SIM_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define SIM_FRAME_MAX		1514
#define SIM_CDP_TTL		180
#define SIM_LLDP_TTL		180

/* What a phone says about itself on the link. */
struct sim_ident {
	uint8_t		 mac[6];
	const char	*model;		/* "7970" */
	const char	*software;	/* the load it runs: "SIP70.8-5-2S" */
	const char	*vendor_class;	/* "CP-7970G": option 60 and LLDP model */
	uint32_t	 ip;		/* network order; 0: none yet */
	unsigned	 power_mw;
};

size_t	 sim_wire_cdp(uint8_t *, size_t, const struct sim_ident *);
size_t	 sim_wire_lldp(uint8_t *, size_t, const struct sim_ident *);

/* "SEP001BD4A1B2C3": the name phones use for themselves (upper case). */
void	 sim_wire_sep_name(char *, size_t, const uint8_t[6]);

/* A DHCP request as the phone sends it (type DISCOVER or REQUEST). */
struct sim_dhcp_req {
	int		 type;
	uint32_t	 xid;
	uint16_t	 secs;
	uint8_t		 mac[6];
	const void	*vendor_class;	/* with its trailing NUL when the model sends one */
	size_t		 vclen;
	uint32_t	 requested;	/* option 50, network order; 0: none */
	uint32_t	 server_id;	/* option 54; 0: none */
};

/* The parameter request list the simulated phones send (option 55). */
extern const uint8_t	 sim_wire_prl[];
extern const size_t	 sim_wire_prl_len;

size_t	 sim_wire_dhcp(uint8_t *, size_t, const struct sim_dhcp_req *);

/* Where the TFTP server address came from. */
enum sim_tftp_via {
	SIM_VIA_NONE = 0,
	SIM_VIA_OPT150,
	SIM_VIA_OPT66,
	SIM_VIA_SIADDR,
};

/* A server's OFFER/ACK/NAK for us, as the phone reads it. */
struct sim_dhcp_reply {
	int		 type;		/* DHCP_OFFER, DHCP_ACK, DHCP_NAK */
	uint32_t	 yiaddr, server_id, mask, router;
	uint32_t	 lease_secs;
	uint32_t	 tftp;		/* chosen: 150, then 66, then siaddr */
	enum sim_tftp_via via;
	int		 has_150, has_66;
	uint32_t	 siaddr;
};

/*
 * Parse a reply; 0 when it is a BOOTREPLY to xid for mac (OFFER, ACK or
 * NAK), -1 otherwise.
 */
int	 sim_wire_dhcp_reply(const uint8_t *, size_t, uint32_t,
	     const uint8_t[6], struct sim_dhcp_reply *);
const char *sim_wire_via_name(enum sim_tftp_via);

size_t	 sim_wire_rrq(uint8_t *, size_t, const char *);
size_t	 sim_wire_ack(uint8_t *, size_t, uint16_t);

#endif /* SIM_SIM_WIRE_H */
