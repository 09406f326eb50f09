/*
 * The sniffer's io layer: libpcap glue (DESIGN.md 3.4).  A live capture is
 * pcap_create + immediate mode + a BPF filter for what we dissect, put in
 * non-blocking mode with its selectable fd on the shared loop (and a
 * timer where libpcap says select alone is not enough).  If the interface
 * goes down the handle is closed and reopened once the interface is up
 * again.  A capture file goes through the very same frame hook, with the
 * capture's own timestamps, so offline and live print the same.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <pcap.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "bus.h"
#include "clock.h"
#include "dissect.h"
#include "compat.h"
#include "ev.h"
#include "log.h"
#include "loop.h"
#include "sniff.h"
#include "tunables.h"
#include "util.h"
#include "xmalloc.h"

/*
 * What we dissect, untagged or behind one or two 802.1Q/802.1ad tags
 * (tcpdump's "X or (vlan and X)" idiom): CDP by its multicast address,
 * LLDP by type, ARP, DHCP both ways, TFTP requests, and SYNs to 6970.
 */
#define SNIFF_FILTER_ONE \
	"(ether dst 01:00:0c:cc:cc:cc or ether proto 0x88cc or arp or " \
	"udp port 67 or udp port 68 or udp dst port 69 or " \
	"(tcp dst port 6970 and tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn))"
/* Each "vlan" shifts the offsets for the rest of the expression: nest them. */
#define SNIFF_FILTER	SNIFF_FILTER_ONE " or (vlan and (" SNIFF_FILTER_ONE \
	" or (vlan and " SNIFF_FILTER_ONE ")))"

struct sniff {
	struct loop		*loop;
	struct sniff_opts	 o;
	char			*iface;
	pcap_t			*pcap;
	int			 link;		/* DISSECT_LINK_* */
	int			 fd;
	unsigned		 poll_ms;	/* required select timeout, 0: none */
	int			 lost;
	struct loop_timer	 poll_timer;
	struct loop_timer	 reopen_timer;
	uint64_t		 malformed;
};

static int	 sniff_iface_up(const char *);
static pcap_t	*sniff_activate(const char *, int, char *, size_t);
static int	 sniff_attach(struct sniff *, char *, size_t);
static void	 sniff_detach(struct sniff *);
static void	 sniff_handler(u_char *, const struct pcap_pkthdr *,
		     const u_char *);
static int	 sniff_dispatch(struct sniff *);
static void	 sniff_lost(struct sniff *, const char *);
static void	 sniff_readable(int, short, void *);
static void	 sniff_poll_timer(void *);
static void	 sniff_reopen_timer(void *);

/* A link type's name, as pcap knows it ("LINUX_SLL"), else its number. */
static const char *
sniff_link_name(int dlt, char *buf, size_t len)
{
	const char	*name = pcap_datalink_val_to_name(dlt);

	if (name != NULL && name[0] != '\0')
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "%d", dlt);
	return (buf);
}

#define sniff_notice(code, level, ...) \
	bus_notice((code), (level), NULL, NULL, __VA_ARGS__)

/* Is the interface there and up? */
static int
sniff_iface_up(const char *iface)
{
	struct ifreq	 ifr;
	int		 s, up = 0;

	if ((s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return (1);	/* cannot tell: let pcap try */
	memset(&ifr, 0, sizeof ifr);
	strlcpy(ifr.ifr_name, iface, sizeof ifr.ifr_name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0)
		up = (ifr.ifr_flags & IFF_UP) != 0;
	close(s);
	return (up);
}

/* Create, configure and activate a live handle with our filter. */
static pcap_t *
sniff_activate(const char *iface, int promisc, char *err, size_t errlen)
{
	char			 ebuf[PCAP_ERRBUF_SIZE], lname[64];
	struct bpf_program	 prog;
	pcap_t			*p;
	int			 rc;

	ebuf[0] = '\0';
	if ((p = pcap_create(iface, ebuf)) == NULL) {
		snprintf(err, errlen, "pcap on %s: %s", iface, ebuf);
		return (NULL);
	}
	pcap_set_snaplen(p, SNIFF_SNAPLEN);
	pcap_set_promisc(p, promisc);
	pcap_set_timeout(p, 100);
	pcap_set_buffer_size(p, SNIFF_BUFFER_BYTES);
#ifdef HAVE_PCAP_SET_IMMEDIATE_MODE
	/* Deliver each frame at once rather than when a buffer fills. */
	pcap_set_immediate_mode(p, 1);
#endif
	if ((rc = pcap_activate(p)) < 0) {
		snprintf(err, errlen, "pcap on %s: %s%s%s", iface,
		    pcap_statustostr(rc), rc == PCAP_ERROR ? ": " : "",
		    rc == PCAP_ERROR ? pcap_geterr(p) : "");
		pcap_close(p);
		return (NULL);
	}
	if (rc > 0)
		log_warnx("pcap on %s: %s", iface, pcap_statustostr(rc));
	if (pcap_datalink(p) != DLT_EN10MB) {
		snprintf(err, errlen, "%s is not an Ethernet interface (link "
		    "type %s)", iface, sniff_link_name(pcap_datalink(p), lname,
		    sizeof lname));
		pcap_close(p);
		return (NULL);
	}
	if (pcap_compile(p, &prog, SNIFF_FILTER, 1, PCAP_NETMASK_UNKNOWN) != 0 ||
	    pcap_setfilter(p, &prog) != 0) {
		snprintf(err, errlen, "pcap filter on %s: %s", iface,
		    pcap_geterr(p));
		pcap_close(p);
		return (NULL);
	}
	pcap_freecode(&prog);
	if (pcap_setnonblock(p, 1, ebuf) != 0) {
		snprintf(err, errlen, "pcap on %s: %s", iface, ebuf);
		pcap_close(p);
		return (NULL);
	}
	return (p);
}

/* Open the handle and put it on the loop (fd, or the timer fallback). */
static int
sniff_attach(struct sniff *s, char *err, size_t errlen)
{
#ifdef HAVE_PCAP_GET_REQUIRED_SELECT_TIMEOUT
	const struct timeval	*tv;
#endif

	if ((s->pcap = sniff_activate(s->iface, s->o.promisc, err, errlen)) == NULL)
		return (-1);
	s->fd = pcap_get_selectable_fd(s->pcap);
	s->poll_ms = 0;
#ifdef HAVE_PCAP_GET_REQUIRED_SELECT_TIMEOUT
	/* pcap_get_selectable_fd(3PCAP): some platforms need a timeout too. */
	if ((tv = pcap_get_required_select_timeout(s->pcap)) != NULL)
		s->poll_ms = (unsigned)(tv->tv_sec * 1000 + tv->tv_usec / 1000);
	if (tv != NULL && s->poll_ms == 0)
		s->poll_ms = 1;
#endif
	if (s->fd == -1 && s->poll_ms == 0) {
		snprintf(err, errlen, "pcap on %s cannot be polled", s->iface);
		pcap_close(s->pcap);
		s->pcap = NULL;
		return (-1);
	}
	if (s->fd != -1 && loop_add_fd(s->loop, s->fd, POLLIN, sniff_readable,
	    s) != 0) {
		snprintf(err, errlen, "pcap on %s: fd %d already watched",
		    s->iface, s->fd);
		pcap_close(s->pcap);
		s->pcap = NULL;
		return (-1);
	}
	if (s->poll_ms != 0)
		loop_timer_set(s->loop, &s->poll_timer,
		    clock_now_ms() + s->poll_ms, sniff_poll_timer, s);
	return (0);
}

static void
sniff_detach(struct sniff *s)
{
	if (s->pcap == NULL)
		return;
	if (s->fd != -1)
		loop_del_fd(s->loop, s->fd);
	loop_timer_cancel(s->loop, &s->poll_timer);
	pcap_close(s->pcap);
	s->pcap = NULL;
	s->fd = -1;
}

/* One captured frame, stamped with the capture time. */
static void
sniff_handler(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct sniff	*s = (struct sniff *)(void *)user;
	uint64_t	 ts;

	ts = (uint64_t)h->ts.tv_sec * 1000 + (uint64_t)h->ts.tv_usec / 1000;
	if (s->o.frame != NULL &&
	    s->o.frame(s->o.frame_arg, s->link, bytes, h->caplen, ts) != 0) {
		s->malformed++;
		log_debug("sniff: malformed frame (%u bytes)", h->caplen);
	}
}

/* Read what is waiting, at most SNIFF_DISPATCH_MAX frames; -1 if the handle died. */
static int
sniff_dispatch(struct sniff *s)
{
	int	 n;

	n = pcap_dispatch(s->pcap, SNIFF_DISPATCH_MAX, sniff_handler,
	    (u_char *)s);
	if (n == PCAP_ERROR || (n < 0 && n != PCAP_ERROR_BREAK)) {
		sniff_lost(s, pcap_geterr(s->pcap));
		return (-1);
	}
	return (0);
}

/* The capture failed (interface down or gone): close, and retry later. */
static void
sniff_lost(struct sniff *s, const char *why)
{
	sniff_notice("capture_lost", EV_WARN,
	    "Capture on %s stopped (%s); it resumes when the interface is up.",
	    s->iface, why != NULL && why[0] != '\0' ? why : "interface down");
	sniff_detach(s);
	s->lost = 1;
	loop_timer_set(s->loop, &s->reopen_timer,
	    clock_now_ms() + SNIFF_REOPEN_MS, sniff_reopen_timer, s);
}

static void
sniff_readable(int fd, short revents, void *arg)
{
	struct sniff	*s = arg;

	(void)fd;
	if (sniff_dispatch(s) != 0)
		return;
	/* An error condition libpcap did not report would spin the loop. */
	if (revents & (POLLERR | POLLHUP | POLLNVAL))
		sniff_lost(s, "error on the capture socket");
}

static void
sniff_poll_timer(void *arg)
{
	struct sniff	*s = arg;

	if (sniff_dispatch(s) != 0)
		return;
	loop_timer_set(s->loop, &s->poll_timer, clock_now_ms() + s->poll_ms,
	    sniff_poll_timer, s);
}

static void
sniff_reopen_timer(void *arg)
{
	struct sniff	*s = arg;
	char		 err[256];

	if (sniff_iface_up(s->iface) && sniff_attach(s, err, sizeof err) == 0) {
		s->lost = 0;
		sniff_notice("capture_resumed", EV_INFO,
		    "Capture on %s resumed.", s->iface);
		return;
	}
	loop_timer_set(s->loop, &s->reopen_timer,
	    clock_now_ms() + SNIFF_REOPEN_MS, sniff_reopen_timer, s);
}

struct sniff *
sniff_open(struct loop *loop, const struct sniff_opts *o, char *err,
    size_t errlen)
{
	struct sniff	*s;

	if (o->iface == NULL || o->iface[0] == '\0') {
		snprintf(err, errlen, "no interface to sniff on");
		return (NULL);
	}
	s = xcalloc(1, sizeof *s);
	s->loop = loop;
	s->o = *o;
	s->fd = -1;
	s->link = DISSECT_LINK_ETHER;	/* sniff_activate refuses others */
	s->iface = xstrdup(o->iface);
	if (sniff_attach(s, err, errlen) != 0) {
		sniff_close(s);
		return (NULL);
	}
	return (s);
}

void
sniff_close(struct sniff *s)
{
	if (s == NULL)
		return;
	if (s->loop != NULL) {
		sniff_detach(s);
		loop_timer_cancel(s->loop, &s->reopen_timer);
	} else if (s->pcap != NULL)
		pcap_close(s->pcap);
	free(s->iface);
	free(s);
}

struct sniff *
sniff_open_file(const struct sniff_opts *o, const char *path, char *err,
    size_t errlen)
{
	struct sniff	*s;
	char		 ebuf[PCAP_ERRBUF_SIZE], lname[64];
	pcap_t		*p;
	int		 link;

	ebuf[0] = '\0';
	if ((p = pcap_open_offline(path, ebuf)) == NULL) {
		/* libpcap names the file itself for open(2)'s errors. */
		if (strstr(ebuf, path) != NULL)
			snprintf(err, errlen, "%s", ebuf);
		else
			snprintf(err, errlen, "%s: %s", path, ebuf);
		return (NULL);
	}
	link = pcap_datalink(p);	/* DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2 */
	if (!dissect_link_ok(link)) {
		snprintf(err, errlen, "%s: link type %s, not Ethernet or Linux "
		    "cooked (SLL, SLL2)", path,
		    sniff_link_name(pcap_datalink(p), lname, sizeof lname));
		pcap_close(p);
		return (NULL);
	}
	s = xcalloc(1, sizeof *s);
	s->o = *o;
	s->fd = -1;
	s->pcap = p;
	s->link = link;
	s->iface = xstrdup(path);	/* for messages */
	return (s);
}

int
sniff_run_file(struct sniff *s, char *err, size_t errlen)
{
	struct pcap_pkthdr	*h;
	const u_char		*bytes;
	int			 rc;

	while ((rc = pcap_next_ex(s->pcap, &h, &bytes)) == 1) {
		sniff_handler((u_char *)s, h, bytes);
		bus_dispatch();
	}
	if (rc == PCAP_ERROR)
		snprintf(err, errlen, "%s: %s", s->iface, pcap_geterr(s->pcap));
	log_debug("sniff: %s: %llu malformed frames", s->iface,
	    (unsigned long long)s->malformed);
	return (rc == PCAP_ERROR ? -1 : 0);
}
