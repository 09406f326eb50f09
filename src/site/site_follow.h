/*
 * site_follow.h: following a DHCP server's lease file as it changes
 * (issue 21, site mode).  site_follow_read() reads what is new since the
 * last call and hands each lease that is new or changed (another
 * address, a renewal) to the callback; the caller calls it whenever the
 * file may have changed (serve_site.c: on inotify events for its name).
 *
 * Kea appends to kea-leases4.csv: read on from where the last call
 * stopped (only whole lines; a line being written waits).  Its LFC moves
 * the file aside and starts a new one: a new inode, or a file shorter
 * than what was read, is read again from its start, header first.
 * dnsmasq rewrites its whole file on each change: read whole each time.
 * Leases already handed on with the same address and expiry are not
 * handed on again, so a re-read posts nothing twice.
 */
#ifndef SITE_SITE_FOLLOW_H
#define SITE_SITE_FOLLOW_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "site/site_lease.h"

enum site_kind {
	SITE_DNSMASQ = 1,
	SITE_KEA,
	SITE_HOOK,	/* datagrams from `phonerescue lease-hook` */
};

#define SITE_LINE_MAX	4096	/* a longer line is skipped as malformed */
#define SITE_SEEN_MAX	4096	/* leases remembered (then the oldest go) */

struct site_seen {
	uint8_t		 mac[6];
	uint32_t	 ip;
	uint64_t	 expiry;
};

struct site_follow {
	enum site_kind	 kind;
	char		 path[4096];
	dev_t		 dev;
	ino_t		 ino;
	off_t		 off;		/* read up to here (whole lines) */
	int		 skipping;	/* inside a line longer than buf */
	char		 buf[SITE_LINE_MAX];
	size_t		 have;
	struct site_kea	 kea;
	struct site_seen seen[SITE_SEEN_MAX];
	size_t		 nseen, next;
	uint64_t	 lines, bad, reopened;
};

typedef void	site_lease_cb(const struct site_lease *, void *);

/*
 * "dnsmasq:FILE", "kea:FILE" or "dnsmasq-hook[:SOCKET]" (default
 * SOCKET: deflt) into f; -1 with a reason in err.
 */
int	 site_follow_init(struct site_follow *, const char *, const char *,
	    char *, size_t);
/* A lease from elsewhere (the hook): handed on unless already seen. */
void	 site_follow_lease(struct site_follow *, const struct site_lease *,
	    uint64_t, site_lease_cb *, void *);
/*
 * Read what is new; now: seconds since the epoch (leases expired by then
 * are not handed on).  0, also when the file is not there (yet); -1 with
 * errno on a read error.
 */
int	 site_follow_read(struct site_follow *, uint64_t, site_lease_cb *,
	    void *);
/* The file's name within its directory (what inotify reports). */
const char *site_follow_base(const struct site_follow *);

#endif
