/*
 * netmgr.h: who else configures an interface.  On a laptop the Ethernet
 * port usually belongs to a network manager that removes an address it
 * did not put there (NetworkManager 45 s into a DHCP attempt nothing
 * answers, and on every carrier loss over ~6 s: a phone rebooting on a
 * direct cable).  Three kinds are told apart:
 *
 *  - NetworkManager, asked over the D-Bus system bus (libdbus): does it
 *    know the device, is its Managed property true, which connection is
 *    active.  It is taken out of NetworkManager's hands the way
 *    NetworkManager supports, the device's Managed property set to false
 *    (what `nmcli device set IFACE managed no` does), and given back by
 *    setting it true again.  Every change is read back: a refused call
 *    can look like success.
 *  - systemd-networkd, from its state file /run/systemd/netif/links/INDEX
 *    (ADMIN_STATE, NETWORK_FILE) while a systemd-networkd process runs.
 *  - a DHCP client already running on it (dhclient, dhcpcd, udhcpc), from
 *    the command lines in /proc; one NetworkManager started is its own.
 *
 * The parsers take their directories as arguments so that the unit test
 * (tests/unit/test_netmgr.c) feeds them fixtures.
 */
#ifndef NET_NETMGR_H
#define NET_NETMGR_H

#include <stddef.h>
#include <stdint.h>

/* NetworkManager's NMDeviceState values this module names. */
#define NETMGR_NM_UNMANAGED	10
#define NETMGR_NM_ACTIVATED	100

/* A connection to the system bus (opaque; NULL: none). */
struct netmgr_bus;

/* What NetworkManager says of one interface. */
struct netmgr_nm {
	int		 running;	/* NetworkManager is on the bus */
	int		 known;		/* NetworkManager has this device */
	int		 managed;	/* its Managed property */
	unsigned	 state;		/* NMDeviceState, 0 unknown */
	char		 conn[64];	/* the active connection's id, or "" */
	char		 hwaddr[24];	/* its HwAddress, or "" */
	/*
	 * netmgr_detect(): a device of that name, but not ours (another
	 * network namespace: NetworkManager runs in the machine's own).
	 */
	int		 elsewhere;
};

/* What systemd-networkd's state file says of one link. */
struct netmgr_networkd {
	int		 managed;	/* ADMIN_STATE neither unmanaged nor linger */
	char		 admin_state[24];
	char		 network_file[256];	/* NETWORK_FILE=, or "" */
};

/* What the /proc scan found. */
struct netmgr_procs {
	long		 client_pid;	/* a DHCP client on the interface, or 0 */
	char		 client[16];	/* "dhclient", "dhcpcd", "udhcpc" */
	int		 client_all;	/* it names no interface: runs on all */
	int		 networkd;	/* a systemd-networkd process runs */
};

/* Everything netmgr_detect() found. */
struct netmgr_info {
	int			 bus;	/* the system bus answered */
	struct netmgr_nm	 nm;
	struct netmgr_networkd	 nd;
	struct netmgr_procs	 ps;
};

/*
 * The system bus ($DBUS_SYSTEM_BUS_ADDRESS, else the default socket), a
 * private connection of our own; NULL with err when there is none.  A
 * connection opened as root keeps root's identity on the bus after the
 * privilege drop: the serving process gives the device back through it.
 */
struct netmgr_bus	*netmgr_bus_open(char *, size_t);
void			 netmgr_bus_close(struct netmgr_bus *);

/*
 * Ask NetworkManager about ifname: 0 (nm->known 0 when NetworkManager does
 * not run or has no such device), -1 with err when the bus failed.
 */
int	 netmgr_nm_query(struct netmgr_bus *, const char *, struct netmgr_nm *,
	     char *, size_t);
/*
 * Set the device's Managed property and wait (up to 3 s) until
 * NetworkManager shows it: managed 0 leaves the device unmanaged (state
 * 10), managed 1 managed and out of that state.  0, or -1 with err (the
 * call was refused, or the state did not follow).  bus NULL: a connection
 * for this call only.
 */
int	 netmgr_nm_set_managed(struct netmgr_bus *, const char *, int, char *,
	     size_t);

/* systemd-networkd's link state file text: 0, or -1 without ADMIN_STATE. */
int	 netmgr_networkd_parse(const char *, struct netmgr_networkd *);
/* Read DIR/IFINDEX (dir NULL: /run/systemd/netif/links): 1 read, 0 none. */
int	 netmgr_networkd_read(const char *, unsigned, struct netmgr_networkd *);

/*
 * One command line (NUL-separated arguments, len bytes): is it a DHCP
 * client that runs on ifname?  1 with its name in client (and *all set
 * when it names no interface and so takes every one), else 0.
 */
int	 netmgr_cmdline_client(const char *, size_t, const char *, char *,
	     size_t, int *);
/*
 * Scan PROCDIR (NULL: /proc) for a DHCP client on ifname (ours and
 * NetworkManager's children excepted) and for systemd-networkd.
 */
void	 netmgr_proc_scan(const char *, const char *, struct netmgr_procs *);

/*
 * All three for ifname (bus may be NULL: NetworkManager not asked);
 * ifindex for networkd's state file, mac to check that the device
 * NetworkManager has by that name is this one (nm.known is 0 and
 * nm.elsewhere 1 when its HwAddress differs).
 */
void	 netmgr_detect(struct netmgr_bus *, const char *, unsigned,
	     const uint8_t[6], struct netmgr_info *);
/*
 * Who manages it, in a few words for a list ("NetworkManager",
 * "systemd-networkd", "dhclient (pid 812)"), "" if nobody.
 */
void	 netmgr_who(const struct netmgr_info *, char *, size_t);

#endif /* NET_NETMGR_H */
