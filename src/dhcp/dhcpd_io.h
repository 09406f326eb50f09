/*
 * dhcpd_io.h: the DHCP server's sockets on the shared loop.  A UDP socket
 * on the server port bound to the interface (SO_BINDTODEVICE, IP_PKTINFO:
 * nothing is answered that arrived on another interface), a packet socket
 * that unicasts replies to a client's hardware address and hears other
 * servers' replies, and an ARP socket for the probe before an OFFER.  The
 * logic is dhcpd.c's; this file only moves bytes and keeps the lease file
 * saved.
 *
 *	io = dhcpd_io_start(loop, d, &cfg, err, sizeof err);
 *	... loop_run ...
 *	dhcpd_io_stop(io);		(saves the lease file)
 */
#ifndef DHCP_DHCPD_IO_H
#define DHCP_DHCPD_IO_H

#include <stddef.h>
#include <stdint.h>

struct loop;
struct dhcpd;
struct dhcpd_io;

struct dhcpd_io_config {
	const char	*ifname;
	unsigned	 ifindex;
	uint8_t		 mac[6];
	uint32_t	 addr;		/* ours, network order */
	uint16_t	 port;		/* listen here (67) */
	uint16_t	 client_port;	/* answer clients here (68, or port + 1) */
	int		 arp_probe;
	const char	*leases;	/* lease file, or NULL */
	/* With leases_in_place: rewrite the file through leases_fd instead. */
	int		 leases_in_place;
	int		 leases_fd;
};

struct dhcpd_io	*dhcpd_io_start(struct loop *, struct dhcpd *,
		     const struct dhcpd_io_config *, char *, size_t);
void		 dhcpd_io_stop(struct dhcpd_io *);
/*
 * Carrier came back on the interface: probe for other DHCP servers now
 * and a few times in the next seconds (a router may have been plugged
 * in).  The engine watches the link itself; a host that learns it first
 * may call this too.
 */
void		 dhcpd_io_link_up(struct dhcpd_io *);
/*
 * Offers stopped for another server: ask again (DHCP_PROBE_MS); when no
 * server answers, offering resumes (dhcp_resumed), else
 * dhcp_still_stopped.  0, or -1 when the probe could not be sent.
 */
int		 dhcpd_io_check_again(struct dhcpd_io *);
/* Serve anyway next to it (the --force decision, taken while running). */
void		 dhcpd_io_force(struct dhcpd_io *);

/*
 * The start-up safety probe, on the loop: broadcast a DISCOVER from
 * ifindex's mac (no address needed), again at ms / 2, and listen up to ms
 * for any server's OFFER.  The callback comes once (never from inside
 * dhcpd_probe_start): found 1 when one answered (server, its MAC and the
 * address offered filled in), 0 when none did by ms, -1 with err when the
 * probe broke; the socket is closed by then.  dhcpd_probe_cancel() frees
 * the probe, answered or not (also from inside its callback).  NULL with
 * err when the probe cannot start.
 */
struct dhcpd_probe;
struct dhcpd_probe_result {
	int		 found;
	uint32_t	 server, offered;	/* network order */
	uint8_t		 server_mac[6];
	char		 err[256];
};
typedef void	dhcpd_probe_cb(void *, const struct dhcpd_probe_result *);
struct dhcpd_probe *dhcpd_probe_start(struct loop *, unsigned,
		     const uint8_t[6], unsigned, dhcpd_probe_cb *, void *, char *,
		     size_t);
void		 dhcpd_probe_cancel(struct dhcpd_probe *);

#endif /* DHCP_DHCPD_IO_H */
