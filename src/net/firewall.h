/*
 * firewall.h: the host firewall as phonerescue meets it.  A firewall that
 * drops UDP 67 or 69 on the phones' interface leaves them asking forever;
 * this finds which one the host runs (read-only), words the command that
 * lets DHCP and TFTP in, and, for --open-firewall, lets them in for the
 * session and takes that away again.
 *
 * Everything goes through the nft(8) binary with a fixed argv (never a
 * shell, never $PATH): `nft list ruleset` to look, `nft -f -` with a
 * script on stdin to change.  nftables sees the tables of nft, of
 * iptables-nft, of ufw (on iptables-nft) and of firewalld alike.
 *
 * Why rules in the firewall's own chains and not only a table of ours:
 * in nftables an accept ends one base chain only; the packet then goes
 * through every other base chain on the same hook, and a drop there is
 * final.  A table of our own cannot overrule another table's drop, so the
 * accept rules go at the top of each input base chain (families ip and
 * inet), every one tagged with the comment "phonerescue IFACE pid N".
 * Taking them away deletes exactly the rules with that comment, by handle;
 * the rest of the ruleset is left as it was, byte for byte.
 *
 *	struct fw_found f;
 *	firewall_detect(&f, err, sizeof err);	(f.kind: FW_NFTABLES, ...)
 *	firewall_fix_command(&f, "eth1", 67, 69, cmd, sizeof cmd);
 *	n = firewall_open(&o, err, sizeof err);	(chains opened)
 *	firewall_close("eth1", getpid(), err, sizeof err);
 */
#ifndef NET_FIREWALL_H
#define NET_FIREWALL_H

#include <stddef.h>

enum fw_kind {
	FW_NONE = 0,		/* no input chain anywhere */
	FW_NFTABLES,		/* nft tables of the host's own */
	FW_IPTABLES,		/* iptables-nft (tables ip filter, INPUT) */
	FW_IPTABLES_LEGACY,	/* x_tables only: nft does not see it */
	FW_UFW,			/* ufw chains, or /etc/ufw enabled */
	FW_FIREWALLD,		/* the nft table "firewalld" */
	FW_UNKNOWN		/* nft could not be asked */
};

struct fw_found {
	enum fw_kind	 kind;
	/* The first input base chain (families ip, inet), or "". */
	char		 family[8];
	char		 table[64];
	char		 chain[64];
	unsigned	 nchains;	/* input base chains */
	unsigned	 ndrop;		/* of those, with policy drop */
};

/* "nftables", "ufw", "firewalld", "iptables", ... ("" for FW_NONE). */
const char	*firewall_kind_name(enum fw_kind);
/*
 * Which firewall the host (this network namespace) runs: reads the
 * ruleset (needs CAP_NET_ADMIN) and /etc/ufw; changes nothing.  0, or -1
 * with err and f->kind FW_UNKNOWN.
 */
int		 firewall_detect(struct fw_found *, char *, size_t);
/* The command a technician runs to let DHCP and TFTP in on ifname. */
void		 firewall_fix_command(const struct fw_found *, const char *,
		     unsigned, unsigned, char *, size_t);

struct fw_open {
	const char	*ifname;
	long		 pid;		/* whose rules: in their comment */
	unsigned	 dhcp_port;	/* 0: none */
	unsigned	 tftp_port;	/* 0: none */
	unsigned	 http_port;	/* 0: none */
};
/*
 * Let the phones in: at the top of every input base chain, accept on
 * ifname only UDP to the DHCP and TFTP ports, TCP to the HTTP port, and
 * what conntrack knows as replies to what we sent (the TFTP transfers'
 * ephemeral ports), in one transaction.  Returns the number of chains
 * opened (0: nothing filters input), or -1 with err.
 */
int		 firewall_open(const struct fw_open *, char *, size_t);
/* Delete every rule firewall_open() put in for (ifname, pid); count, or -1. */
int		 firewall_close(const char *, long, char *, size_t);

/*
 * The state file of an open firewall (net_state.c, beside the address
 * ones): "<dir>/fw-<ifname>.state" with iface= and pid=, written before
 * the rules go in and removed once they are out, so that the keeper of a
 * run that gave root up, or the next start after a crash, takes out what
 * a dead run left (net_state_recover_pid).
 */
#define FW_STATE_PREFIX	"fw-"
int		 firewall_state_write(const char *, const char *, long, char *,
		     size_t);
int		 firewall_state_remove(const char *, const char *);
int		 firewall_state_parse(const char *, char *, size_t, long *);

/*
 * The script firewall_open() or firewall_close() would run against this
 * `nft -a list ruleset` text (tests): 0, or -1 if buf is too small.
 */
int		 firewall_open_script(const char *, const struct fw_open *,
		     char *, size_t, unsigned *);
int		 firewall_close_script(const char *, const char *, long, char *,
		     size_t, unsigned *);
/* Classify a `nft list ruleset` text (tests; no /etc/ufw look). */
void		 firewall_classify(const char *, struct fw_found *);

#endif /* NET_FIREWALL_H */
