/*
 * tftpd.h: the read-only TFTP server on the shared loop.
 *
 * One listening socket on addr:port, bound to one interface; one UDP
 * socket per transfer, bound to the address the request came to (so the
 * reply comes from it) on a fresh port: the transfer ID.  Transfer sockets
 * sit in one epoll set that the loop watches as a single fd, so 1000
 * transfers cost poll() nothing extra.  Events tftp_start, tftp_progress
 * (at most every TFTP_PROGRESS_MS), tftp_done and tftp_error go on the bus.
 */
#ifndef TFTP_TFTPD_H
#define TFTP_TFTPD_H

#include <stddef.h>
#include <stdint.h>

#include "tftp_files.h"

struct loop;
struct tftp_files;
struct tftpd;

struct tftpd_config {
	uint32_t	 addr;		/* network order; 0: any */
	unsigned	 port;		/* 0: any (tests) */
	const char	*ifname;	/* SO_BINDTODEVICE; NULL: none */
	unsigned	 blksize_max;	/* 0: 65464 */
	unsigned	 window_max;	/* 0: TFTPD_WINDOW_MAX */
	unsigned	 idle_ms;	/* 0: TFTP_GIVE_UP_MS */
	unsigned	 max_xfers;	/* 0: TFTP_MAX_XFERS */
	unsigned	 rto_min_ms;	/* 0: TFTP_RTO_MIN_MS */
	int		 reuseport;	/* share the port with a group */
	unsigned	 id_first;	/* transfer ids: id_first + k * id_step */
	unsigned	 id_step;	/* 0: 1 */
	unsigned	 max_per_peer;	/* per client address; 0: TFTP_MAX_PER_PEER */
	unsigned	 plen;		/* addr's prefix: its subnet's network and
					   broadcast addresses are refused; 0: none */
	int		 loopback;	/* on lo: clients share our address */
	struct tftpd_peers *peers;	/* shared counts (a group); NULL: own */
};

/*
 * Transfers per client address, counted across a group's members (one
 * lock, taken only when a transfer starts or ends).
 */
struct tftpd_peers;
struct tftpd_peers *tftpd_peers_new(void);
void		 tftpd_peers_free(struct tftpd_peers *);
/* Transfers addr (network order) holds now. */
unsigned	 tftpd_peers_count(struct tftpd_peers *, uint32_t);

/*
 * Why a request from addr (network order) to local is dropped unanswered,
 * or NULL: a source no client can have (0.0.0.0/8, broadcast, multicast,
 * 240/4), our subnet's network or broadcast address, or our own address
 * (except on loopback).  An answer there would go to many hosts or to us.
 */
const char	*tftpd_bad_source(const struct tftpd_config *, uint32_t,
		     uint32_t);

#define TFTPD_WINDOW_MAX	512	/* largest window we agree to */

/* Start serving files; NULL with a one-line reason in err. */
struct tftpd	*tftpd_new(struct loop *, struct tftp_files *,
		     const struct tftpd_config *, char *, size_t);
/* Stop: every transfer is dropped, sockets closed; files is not freed. */
void		 tftpd_free(struct tftpd *);
unsigned	 tftpd_port(const struct tftpd *);
size_t		 tftpd_active(const struct tftpd *);

/* Counters, for tests and logs. */
struct tftpd_stats {
	uint64_t	 requests, started, done, failed, dup_rrqs, refused,
			 foreign, retransmits;
	uint64_t	 shared_ports;	/* same RRQ from a second client */
	uint64_t	 bad_source;	/* dropped: broadcast, ours, ... */
	uint64_t	 peer_busy;	/* refused: the peer's cap reached */
};
void		 tftpd_get_stats(const struct tftpd *, struct tftpd_stats *);

/*
 * A group of servers on one port (SO_REUSEPORT: the kernel keeps each
 * client address and port on one member, so a resent RRQ finds its
 * transfer): the first member on the caller's loop, each other one on a
 * loop of its own in a thread of its own, so transfers use every core
 * instead of one thread's share of it.  Members share nothing but the
 * bus (bus_threads_start) and log; each opens root itself.  workers: the
 * number of members, 0 for one per CPU we may run on (at most
 * TFTP_WORKERS_MAX); 1 is a single server on the caller's loop and no
 * thread.  max_xfers is split between them.  tftpd_group_new() opens every
 * socket and root; the member on the caller's loop serves from then on,
 * the others once tftpd_group_run() started their threads (after a
 * privilege drop: credentials change per thread for capabilities).
 */
struct tftpd_group;

struct tftpd_group *tftpd_group_new(struct loop *, const char *,
		     const struct tftpd_config *, unsigned, char *, size_t);
int		 tftpd_group_run(struct tftpd_group *, char *, size_t);
/*
 * Every member's per-client resolver (tftp_files_set_resolver): called
 * from the members' threads.  Before tftpd_group_run.
 */
void		 tftpd_group_set_resolver(struct tftpd_group *,
		     tftp_files_resolve_fn, void *);
/* Stop every member (joining the threads) and free the group. */
void		 tftpd_group_free(struct tftpd_group *);
unsigned	 tftpd_group_port(const struct tftpd_group *);
unsigned	 tftpd_group_size(const struct tftpd_group *);

#endif /* TFTP_TFTPD_H */
