/*
 * dhcp_pool.h: the addresses the DHCP server hands out.  Static
 * reservations by MAC, otherwise a range; every client, keyed by its
 * client identifier (option 61) or its hardware address, keeps one record
 * that remembers its address after the lease ends, so the same MAC gets the
 * same address again, also after a restart (the lease file).
 *
 * The pool is I/O-free apart from dhcp_pool_load/save.  Time is the
 * caller's monotonic milliseconds; the lease file stores wall-clock
 * seconds, converted with the wall time the caller passes.  Addresses are
 * in network order throughout.  Record pointers stay valid only until the
 * next call that may add a record (dhcp_pool_pick, dhcp_pool_add_static).
 */
#ifndef DHCP_DHCP_POOL_H
#define DHCP_DHCP_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "dhcp_wire.h"

enum dhcp_lease_state {
	DHCP_LEASE_FREE = 0,	/* not in use; remembers its last owner */
	DHCP_LEASE_PROBING,	/* ARP probe running before an OFFER */
	DHCP_LEASE_OFFERED,	/* offered, waiting for REQUEST */
	DHCP_LEASE_BOUND,	/* ACKed */
	DHCP_LEASE_DECLINED,	/* DECLINEd or found in use: resting */
};

struct dhcp_lease {
	uint32_t		 ip;
	uint8_t			 key[DHCP_KEY_LEN];
	uint8_t			 keylen;	/* 0: nobody's */
	int			 key_cut;	/* from an old lease file: cut to 64 */
	uint8_t			 mac[6];
	int			 is_static;	/* reserved for mac */
	int			 probed;	/* ARP probe passed for this owner */
	enum dhcp_lease_state	 state;
	uint64_t		 expires;	/* ms; state ends then */
	uint64_t		 last_used;	/* ms; for least-recent reuse */
	char			 model[16];
	char			 vendor_class[128];	/* sanitised */
};

struct dhcp_pool;

/* What is holding the pool's addresses at a moment (the exhausted notice). */
struct dhcp_pool_tally {
	size_t		 size;		/* addresses in the range */
	size_t		 bound, offered, probing, declined;
	uint64_t	 next_free;	/* ms: the earliest hold to end, 0: none */
	uint8_t		 top_mac[6];	/* the hardware address holding most */
	size_t		 top_count;
};

/*
 * The key for a client (RFC 2131 §4.2): its whole client identifier
 * (option 61), else htype and chaddr; the key's length.
 */
size_t		 dhcp_pool_key(const struct dhcp_msg *, uint8_t[DHCP_KEY_LEN]);

/* A pool over [first, last], never handing out server (ours), net or bcast. */
struct dhcp_pool *dhcp_pool_new(uint32_t first, uint32_t last, uint32_t server,
		     uint32_t net, uint32_t bcast);
void		 dhcp_pool_free(struct dhcp_pool *);
/* Reserve ip for mac (may lie outside the range); 0, or -1 if ip is taken. */
int		 dhcp_pool_add_static(struct dhcp_pool *, const uint8_t[6], uint32_t);

size_t		 dhcp_pool_count(const struct dhcp_pool *);
const struct dhcp_lease *dhcp_pool_at(const struct dhcp_pool *, size_t);
size_t		 dhcp_pool_size(const struct dhcp_pool *);	/* range size */

struct dhcp_lease *dhcp_pool_find_key(struct dhcp_pool *, const uint8_t *,
		     size_t);
struct dhcp_lease *dhcp_pool_find_ip(struct dhcp_pool *, uint32_t);
/* Is the record holding its address at time now? */
int		 dhcp_pool_in_use(const struct dhcp_lease *, uint64_t);
/* Is ip one we may hand out at all (range or reservation, not ours)? */
int		 dhcp_pool_ours(const struct dhcp_pool *, uint32_t);

/*
 * The record for a client: its reservation, its own record (by key, then
 * by MAC), the address it asked for if free, a never-used address, or the
 * least recently used free one.  The record is keyed to the client on
 * return; NULL when the pool is exhausted (or out of memory).
 */
struct dhcp_lease *dhcp_pool_pick(struct dhcp_pool *, const uint8_t *, size_t,
		     const uint8_t[6], uint32_t, uint64_t);
/*
 * The record for ip on behalf of this client if the address is free for
 * it (INIT-REBOOT or RENEW after we lost the lease); NULL if someone else
 * holds it or it is not ours to give.
 */
struct dhcp_lease *dhcp_pool_claim(struct dhcp_pool *, uint32_t,
		     const uint8_t *, size_t, const uint8_t[6], uint64_t);
/*
 * A REQUEST for ip, which is offered to another client (whose OFFER the
 * pool gave away again when it was full): the first to REQUEST it gets
 * it.  NULL unless ip is in the OFFERED state.
 */
struct dhcp_lease *dhcp_pool_take_offer(struct dhcp_pool *, uint32_t,
		     const uint8_t *, size_t, const uint8_t[6], uint64_t);
/* Rest an address nobody may have until now + hold_ms (DECLINE, conflict). */
void		 dhcp_pool_hold(struct dhcp_lease *, uint64_t, uint64_t);
/*
 * The same on behalf of who (the client that declined, the host that
 * answered the ARP probe), within limits: who may have at most
 * DHCP_MAX_DECLINES_PER_MAC addresses resting at once and all resting
 * addresses together at most half the pool (the oldest rest then ends
 * early; such an address is ARP-probed again before it is offered).  1
 * when the address rests, 0 when who is over its limit (the address is
 * only taken from its client, unprobed).
 */
int		 dhcp_pool_decline(struct dhcp_pool *, struct dhcp_lease *,
		     const uint8_t[6], uint64_t, uint64_t);
void		 dhcp_pool_tally(const struct dhcp_pool *, uint64_t,
		     struct dhcp_pool_tally *);

/*
 * The lease file: one line per remembered client,
 *	ip mac key-hex expires-unix-seconds|0 model|-
 * under a "v2" header line; key-hex is the whole key (see dhcp_pool_key).
 * A file without that header (before v2 cut identifiers to 64 bytes)
 * still loads: a 64-byte key from it may be a cut one, so its record goes
 * to the first client with its MAC.
 * written to FILE.tmp, fsynced and renamed over FILE.  Load returns 0
 * (also when FILE does not exist), 1 when the file was corrupt: then the
 * pool is left empty, FILE is renamed to FILE.corrupt and err says so;
 * -1 on an I/O error (err says why).
 */
int		 dhcp_pool_save(const struct dhcp_pool *, const char *, uint64_t,
		     uint64_t, char *, size_t);
int		 dhcp_pool_load(struct dhcp_pool *, const char *, uint64_t,
		     uint64_t, char *, size_t);
/*
 * The same through a descriptor opened before privileges were dropped,
 * for a file whose directory we may no longer write: load reads it from
 * the start (a corrupt one is not set aside; the next save overwrites
 * it), save rewrites it in place (pwrite, ftruncate, fsync).  name is for
 * messages only.
 */
int		 dhcp_pool_save_fd(const struct dhcp_pool *, int, const char *,
		     uint64_t, uint64_t, char *, size_t);
int		 dhcp_pool_load_fd(struct dhcp_pool *, int, const char *,
		     uint64_t, uint64_t, char *, size_t);

#endif /* DHCP_DHCP_POOL_H */
