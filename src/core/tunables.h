/*
 * tunables.h: every knob in one place, one per line, each with its reason
 * (dnsmasq's config.h idea).  Engines read these as defaults; command-line
 * options override some of them.
 */
#ifndef CORE_TUNABLES_H
#define CORE_TUNABLES_H

/* Files */
#ifndef LOCALSTATEDIR
#define LOCALSTATEDIR		"/var"
#endif
#define PR_DEFAULT_ROOT		LOCALSTATEDIR "/lib/phonerescue/tftp"	/* the TFTP root */

/* Loop */
#define LOOP_MAX_WAIT_MS	60000	/* wake at least once a minute even when idle */

/* Event bus */
#define BUS_INITIAL_QUEUE	64	/* grows on demand: lifecycle events are never dropped */

/* TFTP */
#define TFTP_RTO_INITIAL_MS	1000	/* RFC 6298 2.1: conservative until a sample exists */
#define TFTP_RTO_MIN_MS		50	/* floor: tens of ms keeps a LAN snappy without storms */
#define TFTP_RTO_MAX_MS		8000	/* backoff ceiling; phones resend RRQs every ~4 s */
#define TFTP_GIVE_UP_MS		30000	/* a transfer silent this long is freed */
#define TFTP_MAX_XFERS		4096	/* hard cap on concurrent transfers */
#define TFTP_MAX_PER_PEER	64	/* per client address: a phone fetches one file at a time; 64 leaves 4032 slots to the rest */
#define TFTP_WINDOW_INITIAL	8	/* blocks in flight before the first data ACK, then doubling per ACKed window (slow start) */
#define TFTP_WORKERS_MAX	4	/* TFTP servers sharing port 69, one per CPU */
#define TFTP_PROGRESS_MS	250	/* tftp_progress at most 4 per second per transfer */

/* HTTP (port 6970: what 9.x phones try before TFTP) */
#define HTTP_PORT		6970	/* CallManager's TFTP-over-HTTP port */
#define HTTP_MAX_PER_PEER	64	/* connections per client address, as TFTP_MAX_PER_PEER: a phone uses one */
#define HTTP_MAX_CONNS		512	/* all clients together: a thread each (a bench of phones uses one each) */
#define HTTP_IDLE_MS		30000	/* a silent connection is closed, as a silent TFTP transfer is */
#define HTTP_BLOCK		(256 * 1024)	/* bytes per read without sendfile (memory provider) */
#define HTTP_THREAD_STACK	(1024 * 1024)	/* per connection thread: virtual, touched as used */
#define HTTP_BACKLOG		128	/* pending connections: a bench of phones booting at once */
#define HTTP_XFER_ID_BASE	(1ULL << 32)	/* HTTP transfer ids, clear of TFTP's 1, 2, 3... */

/* DHCP */
#define DHCP_LEASE_SECS		300	/* short: a recovery LAN is temporary (udhcpd recipe) */
#define DHCP_DECLINE_HOLD_SECS	600	/* a declined address rests this long */
#define DHCP_PROBE_MS		4000	/* start-up DISCOVER probe: dnsmasq pings 3 s before its first OFFER */
#define DHCP_ARP_PROBE_MS	500	/* ARP silence before an OFFER: well under the 1 s target */
#define DHCP_MAX_PROBING	512	/* DISCOVERs parked on an ARP probe at once */
#define DHCP_OFFER_HOLD_SECS	10	/* an unanswered OFFER keeps its address this long (a REQUEST follows in ms) */
#define DHCP_MAX_PER_MAC	4	/* records (client identifiers) one hardware address may hold */
#define DHCP_MAX_DECLINES_PER_MAC 3	/* addresses one hardware address may have resting at once */
#define DHCP_PROBE_RERUNS	3	/* a parked DISCOVER probed this often without an OFFER is dropped */
#define DHCP_SEEN_REPEAT_SECS	30	/* dhcp_server_seen at most this often per server */
#define DHCP_LEASE_SAVE_MS	200	/* lease-file writes coalesced over this window */
#define DHCP_RCVBUF		(1 << 20)	/* DHCP socket buffer: hundreds of DISCOVERs in one burst */
#define DHCP_REPROBE_MS		30000	/* while serving, DISCOVER for foreign servers this often */
#define DHCP_CARRIER_WAIT_MS	3000	/* a link just brought up: wait this long for carrier before probing */
#define DHCP_DEFAULT_ADDRESS	"198.18.250.1/24"	/* recovery address: RFC 2544 range, unused in offices */

/* Sniffer */
#define SNIFF_SNAPLEN		2048	/* whole CDP/LLDP/DHCP frames; we never need more */
#define SNIFF_BUFFER_BYTES	(1 << 20)	/* kernel ring: bursts of RRQs on a busy link */
#define SNIFF_DISPATCH_MAX	64	/* frames per loop turn, so one link cannot starve the loop */
#define SNIFF_MAX_PHONES	512	/* rows in the phone table; a recovery bench has a few */
#define SNIFF_STALE_MS		120000	/* a non-phone row silent this long may be reused */
#define SNIFF_PHONE_STALE_MS	600000	/* a phone silent this long may make room for a new one */
#define SNIFF_RECOVERED_MS	10000	/* back in a final phase this long (no new load): recovered */
#define SNIFF_MAX_SERVERS	16	/* foreign DHCP servers remembered (one event each) */
#define SNIFF_MAX_COMPONENTS	16	/* distinct components a load may list (5 seen) */
#define SNIFF_BLACK_SCREEN_MS	30000	/* stuck this long in DHCP (a healthy D-O-R-A takes ~4 s) */
#define SNIFF_ARP_ONLY_MIN	3	/* ARP announcements before an ARP-only device is odd */
#define SNIFF_LOAD_LOOP_MIN	3	/* same .loads with no component: the phone refuses it */
#define SNIFF_TICK_MS		5000	/* how often live hints are re-evaluated */
#define SNIFF_REOPEN_MS		1000	/* retry a lost capture (interface down) this often */

/* Firmware import */
#define FW_MAX_ENTRY_BYTES	(512ULL << 20)	/* one entry; 88xx images are ~190 MB */
#define FW_MAX_TOTAL_BYTES	(2ULL << 30)	/* a whole archive, against zip bombs */
#define FW_MAX_FILES		1024	/* firmware files in one bundle; real ones hold < 40 */

#endif /* CORE_TUNABLES_H */
