/*
 * net.h: the network interface as phonerescue sees it, and the few changes
 * it makes to one.  Enumeration (link, carrier, IPv4 addresses, default
 * route, wireless) and adding/removing the recovery address go through
 * rtnetlink; a state file remembers an address we added so that the next
 * start removes one a crash left behind.  Also the raw-frame helpers the
 * DHCP engine needs: an ARP probe socket (RFC 5227) and IPv4/UDP packets
 * for a packet socket.  This module changes only the interface it is told
 * to, and only the address it added itself.
 *
 *	struct net_iface ifc;
 *	net_iface_get("eth1", &ifc, err, sizeof err);
 *	if (ifc.default_route) refuse;
 *	net_state_write(dir, &st, ...); net_addr_add(ifc.index, a, 24, ...);
 *	...
 *	net_addr_del(ifc.index, a, 24, ...); net_state_remove(dir, "eth1");
 */
#ifndef NET_NET_H
#define NET_NET_H

#include <sys/types.h>

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#define NET_MAX_ADDRS	8

struct net_addr4 {
	uint32_t	 addr;		/* network order */
	unsigned	 plen;
};

struct net_iface {
	char		 name[IF_NAMESIZE];
	unsigned	 index;
	int		 up;		/* administratively (IFF_UP) */
	int		 carrier;	/* IFF_LOWER_UP: a cable with a peer */
	int		 loopback;
	int		 wireless;
	int		 default_route;	/* an IPv4 default route leaves here */
	unsigned	 mtu;
	uint8_t		 mac[6];
	struct net_addr4 addrs[NET_MAX_ADDRS];
	size_t		 naddrs;
};

/* Every interface (caller frees *list); 0, or -1 with err. */
int	 net_iface_list(struct net_iface **, size_t *, char *, size_t);
/*
 * The same from three rtnetlink sockets already asked for the link,
 * IPv4 address and IPv4 route dumps (sequence 1): every datagram of each
 * is read up to its NLMSG_DONE.  For tests that feed recorded replies.
 */
int	 net_iface_collect(int, int, int, struct net_iface **, size_t *, char *,
	     size_t);
/*
 * Read the replies to one netlink dump request (sequence seq) from fd, all
 * of its datagrams, calling cb(message, arg) for each until NLMSG_DONE.
 * 0, or -1 with err (NLMSG_ERROR, an interrupted dump, EOF, recv failing).
 */
struct nlmsghdr;
int	 net_nl_read_dump(int, uint32_t, void (*)(const struct nlmsghdr *,
	     void *), void *, char *, size_t);
/* One interface by name; 0, or -1 with err ("no such interface"). */
int	 net_iface_get(const char *, struct net_iface *, char *, size_t);
int	 net_iface_has_addr(const struct net_iface *, uint32_t);

/*
 * Watching one link while serving, event-driven: a non-blocking rtnetlink
 * socket in the groups RTNLGRP_LINK and RTNLGRP_IPV4_IFADDR (open it
 * before the seccomp filter; reading it later needs only recv).  The fd,
 * or -1 with err.
 */
int	 net_link_watch_open(char *, size_t);
/*
 * Read everything queued on a watch socket (or the replies to an
 * RTM_GETLINK sent on it) about ifindex.  *carrier is the carrier known
 * so far (IFF_UP and IFF_LOWER_UP; -1: not known yet, set by the first
 * message without a call); each change of it calls changed(NET_LINK_DOWN
 * or NET_LINK_UP, arg), in order, so a flap read in one batch is not
 * lost; a deleted link has no carrier.  addr (not 0) deleted from
 * ifindex calls changed(NET_LINK_ADDR_GONE, arg).  Returns 0, or -1 with
 * errno ENOBUFS when the kernel dropped messages (ask for the state
 * again), or another errno.
 */
#define NET_LINK_DOWN		0
#define NET_LINK_UP		1
#define NET_LINK_ADDR_GONE	2
int	 net_link_watch_read(int, unsigned, uint32_t, int *,
	     void (*)(int, void *), void *);

/* Add / remove an IPv4 address (rtnetlink); 0, or -1 with err. */
int	 net_addr_add(unsigned, uint32_t, unsigned, char *, size_t);
int	 net_addr_del(unsigned, uint32_t, unsigned, char *, size_t);
/* Set the link administratively up or down. */
int	 net_link_set_up(unsigned, int, char *, size_t);

/*
 * The state file: what we did to an interface, so a later run can undo it
 * after a crash.  One file per interface, "<dir>/addr-<ifname>.state".
 * dir is $PHONERESCUE_STATE_DIR, else LOCALSTATEDIR/lib/phonerescue.
 */
struct net_state {
	char		 ifname[IF_NAMESIZE];
	uint32_t	 addr;		/* the address we added, network order; 0 none */
	unsigned	 plen;
	int		 set_up;	/* we brought the link up */
	long		 pid;		/* the run that did it */
	/*
	 * NetworkManager managed it and we set its Managed property false:
	 * set it true again, after our address is gone (netmgr.h).
	 */
	int		 nm_unmanaged;
};

const char	*net_state_dir(void);
int	 net_state_format(const struct net_state *, char *, size_t);
int	 net_state_parse(const char *, struct net_state *);
/*
 * One file holds both records of a run, the address (serve_iface.c) and
 * NetworkManager's (serve_netmgr.c): write keeps the part st leaves empty
 * (addr 0, nm_unmanaged 0) from the file the same pid wrote before.
 */
int	 net_state_write(const char *, const struct net_state *, char *, size_t);
/* The address part is undone: the file goes unless the NM part stays. */
int	 net_state_remove(const char *, const char *);
/* The NetworkManager part is undone: the file goes unless an address stays. */
int	 net_state_remove_nm(const char *, const char *);
/*
 * Undo what crashed runs left behind: for each state file whose process
 * is gone, remove its address (and set the link down if that run set it
 * up), then give the device back to NetworkManager if that run took it
 * (in this order: managed again while our address is still there,
 * NetworkManager adopts the address as an external connection), then
 * the file.  Calls report(text, arg) once per cleanup.  Returns the
 * number of addresses removed.
 */
int	 net_state_recover(const char *, void (*)(const char *, void *), void *);
/*
 * The same for the state files of one pid only, running or not, also
 * those owned by uid (a run that wrote them after giving root up).
 */
int	 net_state_recover_pid(const char *, long, uid_t,
	     void (*)(const char *, void *), void *);

/*
 * One run per interface: a listening socket at the abstract unix address
 * "phonerescue/serve/IFACE" (per network namespace, freed with its
 * process).  The fd, or -1 with errno (EADDRINUSE: taken, *holder the
 * holder's pid from SO_PEERCRED, 0 if unknown).
 */
int	 net_lock_take(const char *, long *);
/* Is pid the root keeper of a run that gave root up (serve_priv.c)? */
#define NET_KEEPER_COMM	"phonerescue-kp"
int	 net_lock_is_keeper(long);

/* RFC 826 / RFC 5227 ARP over a packet socket. */
#define NET_ARP_REQUEST	1
#define NET_ARP_REPLY	2
#define NET_ARP_LEN	28

struct net_arp {
	uint16_t	 op;
	uint8_t		 sha[6];
	uint32_t	 spa;		/* network order */
	uint8_t		 tha[6];
	uint32_t	 tpa;
};

/* An RFC 5227 §2.1.1 probe for ip: sender address 0.0.0.0. */
size_t	 net_arp_build_probe(uint8_t *, size_t, const uint8_t[6], uint32_t);
/* An Ethernet/IPv4 ARP packet (without link header); 0, or -1. */
int	 net_arp_parse(const uint8_t *, size_t, struct net_arp *);
/* A non-blocking ARP socket on ifindex; -1 with err. */
int	 net_arp_open(unsigned, char *, size_t);
int	 net_arp_send_probe(int, unsigned, const uint8_t[6], uint32_t);

/*
 * IPv4 + UDP around payload for a SOCK_DGRAM packet socket (the link
 * header is the kernel's); the UDP checksum is filled in.  Returns the
 * length, 0 if buf is too small.
 */
size_t	 net_udp4_build(uint8_t *, size_t, uint32_t, uint16_t, uint32_t,
	     uint16_t, const void *, size_t);
/* Split an IPv4/UDP packet; 0, or -1 if it is not one (or is cut short). */
int	 net_udp4_parse(const uint8_t *, size_t, uint32_t *, uint16_t *,
	     uint32_t *, uint16_t *, const uint8_t **, size_t *);
/*
 * A non-blocking SOCK_DGRAM packet socket for IPv4 on ifindex.  With a
 * non-zero sport/dport it only receives UDP from sport to dport (a
 * classic BPF filter).
 */
int	 net_packet_open(unsigned, uint16_t, uint16_t, char *, size_t);
/* Send an IPv4 packet to link address mac (NULL: broadcast). */
int	 net_packet_send(int, unsigned, const uint8_t *, const void *, size_t);

#endif /* NET_NET_H */
