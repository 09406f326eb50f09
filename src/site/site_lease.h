/*
 * site_lease.h: the site's own DHCP servers' lease files, parsed (issue
 * 21, site mode).  At site scale the site keeps its own dnsmasq or Kea
 * and runs `serve --no-dhcp` on its TFTP hosts; these parsers turn the
 * lines of their lease files into leases, so the serve engine
 * (src/host/serve_site.c) can post the same dhcp_lease events our own
 * DHCP server posts.  Pure: no I/O, no clock; every input is a line
 * (without its newline) and is never trusted.
 *
 * dnsmasq (--dhcp-leasefile, /var/lib/misc/dnsmasq.leases): one lease a
 * line, five fields split by spaces: expiry (seconds since the epoch, 0
 * for an infinite lease), MAC (with "1-" style hardware type prefixes
 * for non-Ethernet: refused), IPv4 address, hostname ("*" for none),
 * client id ("*" for none).  Lines for IPv6 ("duid ..." and the
 * IAID lines) are skipped.
 *
 * Kea (memfile, kea-leases4.csv): a CSV whose first line is a header
 * naming the columns (address,hwaddr,client_id,valid_lifetime,expire,
 * subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context[,pool_id]);
 * the columns are found by name, so a later Kea's extra ones do not
 * matter.  A row whose state is not 0 (declined, expired-reclaimed) or
 * whose valid_lifetime is 0 (released) says the lease is gone.  Kea
 * escapes commas in a value as "&#x2c": kept escaped in the hostname.
 */
#ifndef SITE_SITE_LEASE_H
#define SITE_SITE_LEASE_H

#include <stddef.h>
#include <stdint.h>

struct site_lease {
	uint8_t		 mac[6];
	uint32_t	 ip;		/* network order */
	uint64_t	 expiry;	/* seconds since the epoch; 0: never */
	uint32_t	 lifetime;	/* seconds; 0 when unknown */
	char		 hostname[64];	/* sanitised; "" when none */
	char		 vendor_class[128];	/* option 60, sanitised (hook only) */
	int		 gone;		/* released, declined or reclaimed */
};

/* 1: a lease in *l; 0: a line that holds none (blank, IPv6); -1: malformed. */
int	 site_dnsmasq_line(const char *, size_t, struct site_lease *);

/* A Kea lease file's columns, as its header names them (-1: absent). */
struct site_kea {
	int	 have_header;
	int	 c_addr, c_hw, c_valid, c_expire, c_host, c_state;
	int	 ncols;
};

void	 site_kea_init(struct site_kea *);
/*
 * One line of the CSV, in order.  The first non-blank line must be the
 * header (0; -1 when it lacks address or hwaddr); then 1 with a lease in
 * *l, 0 for a line that holds none (blank, a repeated header), -1 when
 * malformed.
 */
int	 site_kea_line(struct site_kea *, const char *, size_t,
	    struct site_lease *);

/*
 * The lease hook's datagram (`phonerescue lease-hook`, which dnsmasq runs
 * as its --dhcp-script): a first line "phonerescue-lease 1", then
 * KEY=VALUE lines: action (add, old, del), mac, ip, and optional
 * expires (seconds since the epoch), lifetime, hostname, vendor_class.
 * 1 with a lease (del: gone), 0 for another action, -1 when malformed.
 */
#define SITE_HOOK_MAGIC	"phonerescue-lease 1"
#define SITE_HOOK_MAX	1024	/* a datagram, at most */
/* The socket's name in the state directory, unless told. */
#define SITE_HOOK_SOCK	"lease-hook.sock"
int	 site_hook_msg(const char *, size_t, struct site_lease *);

/*
 * Splitting a buffer into whole lines: the length of the first line of
 * buf[0..len) (without its '\n', a '\r' before it dropped), and in *used
 * the bytes it takes with its newline; -1 when no newline ends it yet.
 */
long	 site_next_line(const char *, size_t, size_t *);

#endif
