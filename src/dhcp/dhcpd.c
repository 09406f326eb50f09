/*
 * The DHCP server's logic (RFC 2131 §4.3): DISCOVER, REQUEST in its four
 * states, DECLINE, RELEASE and INFORM, the ARP-probe step before an OFFER,
 * and watching for other servers.  No sockets here: dhcpd_io.c sends what
 * this file returns.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bus.h"
#include "compat.h"
#include "dhcp_pool.h"
#include "dhcpd.h"
#include "log.h"
#include "model/model.h"
#include "tunables.h"
#include "util.h"
#include "xmalloc.h"

/* A DISCOVER parked while its address is ARP-probed. */
struct dhcpd_probe {
	int		 used;
	unsigned	 reruns;	/* probes this packet has had */
	uint32_t	 ip;
	uint8_t		 key[DHCP_KEY_LEN];
	size_t		 keylen;
	uint8_t		 mac[6];
	uint64_t	 deadline;
	struct dhcp_rx	 rx;
	size_t		 len;
	uint8_t		 pkt[DHCP_MAX_PKT];
};

/* A foreign server we told people about, and when. */
struct dhcpd_seen {
	uint32_t	 server;
	uint64_t	 at;
};

struct dhcpd {
	struct dhcpd_config	 cfg;
	uint32_t		 mask;		/* network order */
	struct dhcp_pool	*pool;
	struct dhcpd_probe	*probes;	/* DHCP_MAX_PROBING slots */
	size_t			 nprobing;
	struct dhcpd_seen	 seen[8];
	int			 offering;
	int			 foreign;	/* another server answered */
	int			 dirty;
	uint64_t		 exhausted_at;	/* last pool-full notice */
	unsigned		 rerun;		/* > 0: handling a parked packet */
	struct dhcpd_stats	 st;
};

/* One message being handled. */
struct dhcpd_req {
	const struct dhcp_msg	*m;
	const uint8_t		*pkt;
	size_t			 len;
	const struct dhcp_rx	*rx;
	uint64_t		 now;
	uint8_t			 key[DHCP_KEY_LEN];
	size_t			 keylen;
};

static int	 do_discover(struct dhcpd *, struct dhcpd_req *,
		     struct dhcp_reply *);
static int	 do_request(struct dhcpd *, struct dhcpd_req *,
		     struct dhcp_reply *);
static int	 do_decline(struct dhcpd *, struct dhcpd_req *);
static int	 do_release(struct dhcpd *, struct dhcpd_req *);
static int	 do_inform(struct dhcpd *, struct dhcpd_req *, struct dhcp_reply *);
static int	 reply(struct dhcpd *, const struct dhcpd_req *, int, uint32_t,
		     const char *, struct dhcp_reply *);
static int	 bind_ack(struct dhcpd *, struct dhcpd_req *, struct dhcp_lease *,
		     struct dhcp_reply *);
static int	 nak(struct dhcpd *, struct dhcpd_req *, const char *,
		     struct dhcp_reply *);
static void	 note_client(struct dhcp_lease *, const struct dhcp_msg *);
static void	 post_lease(const struct dhcpd *, const struct dhcp_msg *,
		     const struct dhcp_lease *, enum ev_lease_state);
static void	 post_notice(const char *, enum ev_level, const uint8_t *,
		     const char *, ...) __attribute__((format(printf, 4, 5)));
static struct dhcpd_probe *probe_find(struct dhcpd *, const uint8_t *, size_t);
static int	 park(struct dhcpd *, struct dhcpd_req *, struct dhcp_lease *,
		     struct dhcp_reply *);
static int	 absorb(struct dhcpd *, struct dhcpd_req *);
static int	 gate_holds(struct dhcpd *, struct dhcpd_req *);
static void	 exhausted(struct dhcpd *, struct dhcpd_req *);
static int	 probe_rerun(struct dhcpd *, struct dhcpd_probe *, uint64_t,
		     struct dhcp_reply *);

struct dhcpd *
dhcpd_new(const struct dhcpd_config *cfg, char *err, size_t errlen)
{
	struct dhcpd	*d;
	uint32_t	 mask, net, bcast, first, last, h;

	if (cfg->addr == 0 || cfg->plen < 8 || cfg->plen > 30) {
		snprintf(err, errlen, "DHCP needs an IPv4 address with a "
		    "prefix of /8 to /30");
		return (NULL);
	}
	mask = htonl(0xffffffffU << (32 - cfg->plen));
	net = cfg->addr & mask;
	bcast = net | ~mask;
	if (cfg->pool_first != 0 || cfg->pool_last != 0) {
		first = cfg->pool_first;
		last = cfg->pool_last;
		if ((first & mask) != net || (last & mask) != net ||
		    ntohl(first) > ntohl(last)) {
			snprintf(err, errlen, "the pool must lie inside %s's "
			    "subnet, first address first", "our address");
			return (NULL);
		}
	} else {
		/* The rest of our /24 (or of our subnet, if smaller). */
		h = ntohl(cfg->addr);
		first = htonl((h & 0xffffff00U) | 1);
		last = htonl((h & 0xffffff00U) | 254);
		if (cfg->plen > 24) {
			first = htonl(ntohl(net) + 1);
			last = htonl(ntohl(bcast) - 1);
		}
	}
	d = xcalloc(1, sizeof *d);
	d->cfg = *cfg;
	if (d->cfg.lease_secs == 0)
		d->cfg.lease_secs = DHCP_LEASE_SECS;
	if (d->cfg.probe_ms == 0)
		d->cfg.probe_ms = DHCP_ARP_PROBE_MS;
	if (d->cfg.router == 0)
		d->cfg.router = cfg->addr;
	if (d->cfg.dns == 0)
		d->cfg.dns = cfg->addr;
	if (d->cfg.tftp == 0)
		d->cfg.tftp = cfg->addr;
	d->mask = mask;
	d->offering = 1;
	/* --force: other servers may share the link; never NAK their clients. */
	d->foreign = cfg->force ? 1 : 0;
	if ((d->pool = dhcp_pool_new(first, last, cfg->addr, net, bcast)) == NULL) {
		snprintf(err, errlen, "the pool is empty or too large (a /16 at most)");
		free(d);
		return (NULL);
	}
	d->probes = xcalloc(DHCP_MAX_PROBING, sizeof *d->probes);
	return (d);
}

void
dhcpd_free(struct dhcpd *d)
{
	if (d == NULL)
		return;
	dhcp_pool_free(d->pool);
	free(d->probes);
	free(d);
}

struct dhcp_pool *
dhcpd_pool(struct dhcpd *d)
{
	return (d->pool);
}

const struct dhcpd_stats *
dhcpd_stats(const struct dhcpd *d)
{
	return (&d->st);
}

int
dhcpd_offering(const struct dhcpd *d)
{
	return (d->offering);
}

int
dhcpd_leases_dirty(const struct dhcpd *d)
{
	return (d->dirty);
}

void
dhcpd_leases_saved(struct dhcpd *d)
{
	d->dirty = 0;
}

/* A notice event: code, level, optional chaddr, then the sentence. */
static void
post_notice(const char *code, enum ev_level level, const uint8_t *mac,
    const char *fmt, ...)
{
	char		 macs[EV_MAC_LEN], text[EV_TEXT_LEN];
	va_list		 ap;

	if (mac != NULL)
		util_mac_str(macs, sizeof macs, mac);
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	bus_notice(code, level, mac != NULL ? macs : NULL, NULL, "%s", text);
}

/* Remember what the client says it is (option 60) on its record. */
static void
note_client(struct dhcp_lease *l, const struct dhcp_msg *m)
{
	const uint8_t	*vc;
	size_t		 len;

	if ((vc = dhcp_opt_get(m, DHCP_OPT_VENDOR_CLASS, &len)) == NULL)
		return;
	/* Phones often end the value with a NUL: not part of the text. */
	if (len > 0 && vc[len - 1] == '\0')
		len--;
	util_sanitise(l->vendor_class, sizeof l->vendor_class, vc, len);
	if (model_parse_vendor_class(vc, len, l->model, sizeof l->model) != 0)
		l->model[0] = '\0';
}

/* dhcp_lease (offer or ack): the phone tracker makes a phone of it. */
static void
post_lease(const struct dhcpd *d, const struct dhcp_msg *m,
    const struct dhcp_lease *l, enum ev_lease_state state)
{
	struct ev	 ev;
	const uint8_t	*p;
	size_t		 len;

	memset(&ev, 0, sizeof ev);
	ev.type = EV_DHCP_LEASE;
	util_mac_str(ev.u.lease.mac, sizeof ev.u.lease.mac, m->chaddr);
	ev.u.lease.ip = l->ip;
	strlcpy(ev.u.lease.vendor_class, l->vendor_class,
	    sizeof ev.u.lease.vendor_class);
	strlcpy(ev.u.lease.model, l->model, sizeof ev.u.lease.model);
	if ((p = dhcp_opt_get(m, DHCP_OPT_HOSTNAME, &len)) != NULL)
		util_sanitise(ev.u.lease.hostname, sizeof ev.u.lease.hostname,
		    p, len);
	ev.u.lease.lease_secs = d->cfg.lease_secs;
	ev.u.lease.state = state;
	bus_post(&ev);
}

/*
 * Build a BOOTREPLY of type for the request (RFC 2131 table 3) and choose
 * where it goes (§4.1).  Every OFFER and ACK carries siaddr, 150, 66, 1, 3,
 * 6, 54 and, except an ACK to INFORM, 51, 58 and 59, asked for or not:
 * phones look for the TFTP server in 150, then 66, then siaddr.
 */
static int
reply(struct dhcpd *d, const struct dhcpd_req *q, int type, uint32_t yiaddr,
    const char *msg, struct dhcp_reply *out)
{
	const struct dhcp_msg	*m = q->m;
	struct dhcp_msg		 h;
	struct wr		 w;
	char			 tftp[INET_ADDRSTRLEN];
	uint16_t		 maxsz;
	size_t			 cap = sizeof out->buf;
	uint32_t		 lease = d->cfg.lease_secs;
	int			 inform = m->type == DHCP_INFORM;

	/* §9.10 max message size: never above what the client takes. */
	if (dhcp_opt_be16(m, DHCP_OPT_MAX_SIZE, &maxsz) == 0 &&
	    maxsz >= DHCP_MIN_MAX_SIZE && (size_t)maxsz - 28 < cap)
		cap = (size_t)maxsz - 28;	/* IP + UDP headers */
	memset(&h, 0, offsetof(struct dhcp_msg, opt));
	h.op = BOOTREPLY;
	h.htype = m->htype;
	h.hlen = m->hlen;
	h.xid = m->xid;
	h.flags = m->flags;
	h.ciaddr = (type == DHCP_ACK) ? m->ciaddr : 0;
	h.yiaddr = yiaddr;
	h.siaddr = type != DHCP_NAK ? d->cfg.tftp : 0;
	h.giaddr = m->giaddr;
	memcpy(h.chaddr, m->chaddr, DHCP_CHADDR_LEN);

	wr_init(&w, out->buf, cap);
	dhcp_wire_put_header(&w, &h);
	dhcp_wire_put_u8(&w, DHCP_OPT_MSG_TYPE, (uint8_t)type);
	dhcp_wire_put_ip(&w, DHCP_OPT_SERVER_ID, d->cfg.addr);
	if (type != DHCP_NAK) {
		if (!inform) {
			dhcp_wire_put_be32(&w, DHCP_OPT_LEASE_TIME, lease);
			/* §4.4.5 defaults: T1 = 0.5, T2 = 0.875 of the lease. */
			dhcp_wire_put_be32(&w, DHCP_OPT_T1, lease / 2);
			dhcp_wire_put_be32(&w, DHCP_OPT_T2, lease / 8 * 7);
		}
		dhcp_wire_put_ip(&w, DHCP_OPT_SUBNET_MASK, d->mask);
		dhcp_wire_put_ip(&w, DHCP_OPT_ROUTER, d->cfg.router);
		dhcp_wire_put_ip(&w, DHCP_OPT_DNS, d->cfg.dns);
		util_ip_str(tftp, sizeof tftp, d->cfg.tftp);
		dhcp_wire_put_opt(&w, DHCP_OPT_TFTP_NAME, tftp, strlen(tftp));
		dhcp_wire_put_ip(&w, DHCP_OPT_TFTP_SERVERS, d->cfg.tftp);
	} else if (msg != NULL)
		dhcp_wire_put_opt(&w, DHCP_OPT_MESSAGE, msg, strlen(msg));
	dhcp_wire_put_end(&w, DHCP_MIN_REPLY);
	if (w.err)
		return (0);
	out->len = wr_len(&w);
	out->type = type;
	memset(out->dst_mac, 0, sizeof out->dst_mac);

	/* RFC 2131 §4.1, "If the 'giaddr' field ... is nonzero" and on. */
	if (m->giaddr != 0) {
		out->dst = DHCP_DST_RELAY;
		out->dst_ip = m->giaddr;
		if (type == DHCP_NAK)
			out->buf[10] |= DHCP_FLAG_BROADCAST >> 8;
	} else if (type == DHCP_NAK) {
		out->dst = DHCP_DST_BROADCAST;
		out->dst_ip = INADDR_BROADCAST;
	} else if (m->ciaddr != 0) {
		out->dst = DHCP_DST_UNICAST;
		out->dst_ip = m->ciaddr;
	} else if ((m->flags & DHCP_FLAG_BROADCAST) != 0 || yiaddr == 0 ||
	    (m->chaddr[0] & 1) != 0 ||
	    memcmp(m->chaddr, "\0\0\0\0\0\0", 6) == 0) {
		/* Asked for, or no usable unicast link address. */
		out->dst = DHCP_DST_BROADCAST;
		out->dst_ip = INADDR_BROADCAST;
	} else {
		/* No address yet and no broadcast bit: unicast to chaddr. */
		out->dst = DHCP_DST_CHADDR;
		out->dst_ip = yiaddr;
		memcpy(out->dst_mac, m->chaddr, 6);
	}
	switch (type) {
	case DHCP_OFFER:
		d->st.offers++;
		break;
	case DHCP_ACK:
		d->st.acks++;
		break;
	case DHCP_NAK:
		d->st.naks++;
		break;
	}
	return (type);
}

static int
nak(struct dhcpd *d, struct dhcpd_req *q, const char *why,
    struct dhcp_reply *out)
{
	char	 mac[18];

	util_mac_str(mac, sizeof mac, q->m->chaddr);
	log_debug("dhcp: NAK to %s: %s", mac, why);
	return (reply(d, q, DHCP_NAK, 0, why, out));
}

/* Bind l to the client for a full lease and ACK it. */
static int
bind_ack(struct dhcpd *d, struct dhcpd_req *q, struct dhcp_lease *l,
    struct dhcp_reply *out)
{
	l->state = DHCP_LEASE_BOUND;
	l->expires = q->now + (uint64_t)d->cfg.lease_secs * 1000;
	l->last_used = q->now;
	l->probed = 1;
	note_client(l, q->m);
	d->dirty = 1;
	post_lease(d, q->m, l, EV_LEASE_ACK);
	/* Before the ACK leaves: the phone may ask for files at once. */
	if (d->cfg.bind != NULL)
		d->cfg.bind(d->cfg.bind_arg, q->m->chaddr, l, 1);
	return (reply(d, q, DHCP_ACK, l->ip, NULL, out));
}

static struct dhcpd_probe *
probe_find(struct dhcpd *d, const uint8_t *key, size_t keylen)
{
	size_t	 i;

	if (d->nprobing == 0)
		return (NULL);
	for (i = 0; i < DHCP_MAX_PROBING; i++) {
		if (d->probes[i].used && d->probes[i].keylen == keylen &&
		    memcmp(d->probes[i].key, key, keylen) == 0)
			return (&d->probes[i]);
	}
	return (NULL);
}

/*
 * A retransmission while the client's packet is parked on a probe waits
 * too; the newest packet replaces the parked one, so the answer goes to
 * the transaction the client is waiting on.  1 when absorbed.
 */
static int
absorb(struct dhcpd *d, struct dhcpd_req *q)
{
	struct dhcpd_probe	*pr;

	if ((pr = probe_find(d, q->key, q->keylen)) == NULL)
		return (0);
	if (q->len <= DHCP_MAX_PKT && q->pkt != pr->pkt) {
		memcpy(pr->pkt, q->pkt, q->len);
		pr->len = q->len;
		pr->rx = *q->rx;
	}
	return (1);
}

/*
 * Park the request on an ARP probe of l's address: the reply comes when
 * the probe ends (dhcpd_probe_due).  A packet that has been parked
 * DHCP_PROBE_RERUNS times without an answer is dropped (its client asks
 * again), so nothing is probed for ever.
 */
static int
park(struct dhcpd *d, struct dhcpd_req *q, struct dhcp_lease *l,
    struct dhcp_reply *out)
{
	struct dhcpd_probe	*pr;
	size_t			 i;

	if (d->nprobing == DHCP_MAX_PROBING || q->len > DHCP_MAX_PKT ||
	    d->rerun > DHCP_PROBE_RERUNS) {
		if (l->state == DHCP_LEASE_FREE)
			l->expires = q->now;
		return (0);	/* the client asks again */
	}
	for (i = 0; i < DHCP_MAX_PROBING && d->probes[i].used; i++)
		continue;
	pr = &d->probes[i];
	memset(pr, 0, offsetof(struct dhcpd_probe, pkt));
	pr->used = 1;
	pr->reruns = d->rerun;
	pr->ip = l->ip;
	memcpy(pr->key, q->key, q->keylen);
	pr->keylen = q->keylen;
	memcpy(pr->mac, q->m->chaddr, 6);
	pr->deadline = q->now + d->cfg.probe_ms;
	pr->rx = *q->rx;
	pr->len = q->len;
	memcpy(pr->pkt, q->pkt, q->len);
	d->nprobing++;
	l->state = DHCP_LEASE_PROBING;
	l->expires = pr->deadline + 1000;
	l->last_used = q->now;
	d->st.probes++;
	memset(out, 0, offsetof(struct dhcp_reply, probe_ip));
	out->probe_ip = l->ip;
	return (DHCPD_PROBE);
}

/* The pool is full: say so, and what is holding it, every 10 s at most. */
static void
exhausted(struct dhcpd *d, struct dhcpd_req *q)
{
	struct dhcp_pool_tally	 t;
	char			 mac[18], top[64] = "";
	unsigned long long	 secs;

	d->st.exhausted++;
	if (d->exhausted_at != 0 && q->now - d->exhausted_at <= 10000)
		return;
	d->exhausted_at = q->now;
	dhcp_pool_tally(d->pool, q->now, &t);
	secs = t.next_free > q->now ? (t.next_free - q->now + 999) / 1000 : 0;
	if (t.top_count > 1) {
		util_mac_str(mac, sizeof mac, t.top_mac);
		snprintf(top, sizeof top, "; %s holds %zu", mac, t.top_count);
	}
	post_notice("dhcp_pool_exhausted", EV_WARN, q->m->chaddr,
	    "DHCP pool full (%zu addresses): %zu bound, %zu offered, %zu "
	    "probed, %zu declined or in use%s; next free in %llu s (--pool "
	    "for more)", t.size, t.bound, t.offered, t.probing, t.declined,
	    top, secs);
}

/*
 * The offer gate: a client that holds a lease of ours (bound, or offered
 * and not yet taken) is always answered; a new one only when the gate
 * says so.  A held DISCOVER is dropped: the client asks again.
 */
static int
gate_holds(struct dhcpd *d, struct dhcpd_req *q)
{
	const struct dhcp_lease	*l;

	if (d->cfg.may_offer == NULL)
		return (0);
	l = dhcp_pool_find_key(d->pool, q->key, q->keylen);
	if (l != NULL && (l->state == DHCP_LEASE_OFFERED ||
	    (l->state == DHCP_LEASE_BOUND && dhcp_pool_in_use(l, q->now))))
		return (0);
	return (!d->cfg.may_offer(d->cfg.gate_arg, q->m->chaddr, q->now));
}

/* RFC 2131 §4.3.1: choose an address and OFFER it (after an ARP probe). */
static int
do_discover(struct dhcpd *d, struct dhcpd_req *q, struct dhcp_reply *out)
{
	const struct dhcp_msg	*m = q->m;
	struct dhcp_lease	*l;
	uint32_t		 req = 0;

	if (d->rerun == 0)
		d->st.discovers++;	/* a parked one was counted */
	if (!d->offering) {
		d->st.suppressed++;
		return (0);
	}
	if (absorb(d, q))
		return (0);
	if (gate_holds(d, q)) {
		d->st.held++;
		return (0);
	}
	(void)dhcp_opt_ip(m, DHCP_OPT_REQUESTED_IP, &req);
	l = dhcp_pool_pick(d->pool, q->key, q->keylen, m->chaddr, req, q->now);
	if (l == NULL) {
		exhausted(d, q);
		return (-ENOSPC);
	}
	note_client(l, m);
	if (d->cfg.arp_probe && !l->probed)
		return (park(d, q, l, out));
	if (l->state != DHCP_LEASE_BOUND || !dhcp_pool_in_use(l, q->now)) {
		l->state = DHCP_LEASE_OFFERED;
		l->expires = q->now + DHCP_OFFER_HOLD_SECS * 1000ULL;
	}
	l->last_used = q->now;
	post_lease(d, m, l, EV_LEASE_OFFER);
	return (reply(d, q, DHCP_OFFER, l->ip, NULL, out));
}

/* RFC 2131 §4.3.2: SELECTING, INIT-REBOOT, RENEWING and REBINDING. */
static int
do_request(struct dhcpd *d, struct dhcpd_req *q, struct dhcp_reply *out)
{
	const struct dhcp_msg	*m = q->m;
	struct dhcp_lease	*l;
	struct dhcpd_probe	*pr;
	uint32_t		 sid, req = 0, addr;
	int			 has_sid, has_req;

	if (d->rerun == 0)
		d->st.requests++;
	has_sid = dhcp_opt_ip(m, DHCP_OPT_SERVER_ID, &sid) == 0;
	has_req = dhcp_opt_ip(m, DHCP_OPT_REQUESTED_IP, &req) == 0;
	l = dhcp_pool_find_key(d->pool, q->key, q->keylen);

	if (has_sid && sid != d->cfg.addr) {
		/*
		 * §3.1.4: the client took another server's offer; ours is
		 * free again.  On our own link we are the only server (we
		 * refuse to start next to another one), so the server it
		 * names is stale (e.g. our previous run on another address):
		 * NAK it back to INIT at once instead of letting it time out.
		 * Once a foreign server has been seen, stay silent.
		 */
		if ((pr = probe_find(d, q->key, q->keylen)) != NULL) {
			pr->used = 0;
			d->nprobing--;
		}
		if (l != NULL && (l->state == DHCP_LEASE_OFFERED ||
		    l->state == DHCP_LEASE_PROBING))
			l->state = DHCP_LEASE_FREE;
		if (d->foreign)
			return (0);
		return (nak(d, q, "wrong server", out));
	}
	if (has_sid) {
		/* SELECTING: the address we offered, or NAK. */
		if (!has_req || m->ciaddr != 0)
			return (nak(d, q, "malformed REQUEST", out));
		if (l == NULL || l->ip != req || l->state == DHCP_LEASE_DECLINED ||
		    l->state == DHCP_LEASE_PROBING) {
			/* Offered to it, then to another: first come. */
			if ((l = dhcp_pool_take_offer(d->pool, req, q->key,
			    q->keylen, m->chaddr, q->now)) == NULL)
				return (nak(d, q, "not the address offered",
				    out));
		}
		if (d->cfg.arp_probe && !l->probed)
			return (nak(d, q, "not the address offered", out));
		return (bind_ack(d, q, l, out));
	}
	if (has_req && m->ciaddr == 0) {
		/* INIT-REBOOT: the client checks its old address. */
		addr = req;
	} else if (m->ciaddr != 0) {
		/* RENEWING (unicast) or REBINDING (broadcast). */
		addr = m->ciaddr;
	} else
		return (0);	/* no state can be told: drop */

	if ((addr & d->mask) != (d->cfg.addr & d->mask))
		return (d->foreign ? 0 : nak(d, q, "wrong network", out));
	if (absorb(d, q))
		return (0);	/* its address is being probed */
	if (l == NULL || l->ip != addr || l->state == DHCP_LEASE_DECLINED ||
	    l->state == DHCP_LEASE_PROBING) {
		/*
		 * A client we hold no lease for that asks for an address
		 * straight away (INIT-REBOOT with one from before): the
		 * offer gate decides as for a DISCOVER, and a held one is
		 * NAKed back to DISCOVER, never left to keep its address.
		 */
		if (gate_holds(d, q)) {
			d->st.held++;
			return (nak(d, q, "queued (--max-flashing)", out));
		}
		/* We lost its lease (no lease file?): back if it is free. */
		l = dhcp_pool_claim(d->pool, addr, q->key, q->keylen,
		    m->chaddr, q->now);
		if (l == NULL)
			/* §4.3.2: silent without a record, unless alone. */
			return (d->foreign ? 0 :
			    nak(d, q, "address not available", out));
	}
	/* Never bound without the probe: a client we do not know may lie. */
	if (d->cfg.arp_probe && !l->probed) {
		if (!d->offering)
			return (0);
		return (park(d, q, l, out));
	}
	return (bind_ack(d, q, l, out));
	/* §4.3.2: silent without a record, unless we are the only server. */
	return (d->foreign ? 0 : nak(d, q, "address not available", out));
}

/* RFC 2131 §4.3.3: the client found the address in use; rest it. */
static int
do_decline(struct dhcpd *d, struct dhcpd_req *q)
{
	const struct dhcp_msg	*m = q->m;
	struct dhcp_lease	*l;
	uint32_t		 sid, req;
	char			 ip[INET_ADDRSTRLEN];

	d->st.declines++;
	if (dhcp_opt_ip(m, DHCP_OPT_SERVER_ID, &sid) == 0 && sid != d->cfg.addr)
		return (0);
	if (dhcp_opt_ip(m, DHCP_OPT_REQUESTED_IP, &req) != 0)
		return (0);
	l = dhcp_pool_find_key(d->pool, q->key, q->keylen);
	if (l == NULL || l->ip != req)
		return (0);
	d->dirty = 1;
	if (d->cfg.bind != NULL && l->state == DHCP_LEASE_BOUND)
		d->cfg.bind(d->cfg.bind_arg, m->chaddr, l, 0);
	util_ip_str(ip, sizeof ip, req);
	if (!dhcp_pool_decline(d->pool, l, m->chaddr, q->now,
	    DHCP_DECLINE_HOLD_SECS * 1000ULL)) {
		log_debug("dhcp: DECLINE of %s: over the client's limit of %d; "
		    "the address is probed again instead", ip,
		    DHCP_MAX_DECLINES_PER_MAC);
		return (0);
	}
	post_notice("dhcp_declined", EV_WARN, m->chaddr, "a client found %s "
	    "already in use on the link: not handing it out for %d s", ip,
	    DHCP_DECLINE_HOLD_SECS);
	return (0);
}

/* RFC 2131 §4.3.4: the client gives its address back. */
static int
do_release(struct dhcpd *d, struct dhcpd_req *q)
{
	const struct dhcp_msg	*m = q->m;
	struct dhcp_lease	*l;
	uint32_t		 sid;

	d->st.releases++;
	if (dhcp_opt_ip(m, DHCP_OPT_SERVER_ID, &sid) == 0 && sid != d->cfg.addr)
		return (0);
	l = dhcp_pool_find_key(d->pool, q->key, q->keylen);
	if (l == NULL || l->ip != m->ciaddr || l->state != DHCP_LEASE_BOUND)
		return (0);
	if (d->cfg.bind != NULL)
		d->cfg.bind(d->cfg.bind_arg, m->chaddr, l, 0);
	/* The record keeps its owner: the same client gets it back. */
	l->state = DHCP_LEASE_FREE;
	l->expires = q->now;
	l->last_used = q->now;
	d->dirty = 1;
	return (0);
}

/* RFC 2131 §4.3.5: configuration only, no address, no lease time. */
static int
do_inform(struct dhcpd *d, struct dhcpd_req *q, struct dhcp_reply *out)
{
	d->st.informs++;
	if (q->m->ciaddr == 0)
		return (0);
	return (reply(d, q, DHCP_ACK, 0, NULL, out));
}

int
dhcpd_handle(struct dhcpd *d, const uint8_t *pkt, size_t len,
    const struct dhcp_rx *rx, uint64_t now, struct dhcp_reply *out)
{
	struct dhcp_msg	 m;
	struct dhcpd_req q;
	struct dhcp_rx	 norx;

	if (d->rerun == 0)
		d->st.rx++;	/* a parked packet run again is no new one */
	out->len = 0;
	out->type = 0;
	out->probe_ip = 0;
	if (dhcp_wire_parse(&m, pkt, len) != 0) {
		d->st.malformed++;
		return (-EBADMSG);
	}
	/* Requests only, Ethernet only, DHCP only (no plain BOOTP). */
	if (m.op != BOOTREQUEST || m.htype != DHCP_HTYPE_ETHER || m.hlen != 6 ||
	    m.type == 0) {
		d->st.ignored++;
		return (0);
	}
	memset(&q, 0, sizeof q);
	memset(&norx, 0, sizeof norx);
	q.m = &m;
	q.pkt = pkt;
	q.len = len;
	q.rx = rx != NULL ? rx : &norx;
	q.now = now;
	/* RFC 2131 §4.2: the client identifier, else chaddr, is the key. */
	q.keylen = dhcp_pool_key(&m, q.key);
	switch (m.type) {
	case DHCP_DISCOVER:
		return (do_discover(d, &q, out));
	case DHCP_REQUEST:
		return (do_request(d, &q, out));
	case DHCP_DECLINE:
		return (do_decline(d, &q));
	case DHCP_RELEASE:
		return (do_release(d, &q));
	case DHCP_INFORM:
		return (do_inform(d, &q, out));
	default:
		d->st.ignored++;
		return (0);
	}
}

/* Run a parked DISCOVER through the handler again (its slot is free). */
static int
probe_rerun(struct dhcpd *d, struct dhcpd_probe *pr, uint64_t now,
    struct dhcp_reply *out)
{
	uint8_t		 pkt[DHCP_MAX_PKT];
	struct dhcp_rx	 rx = pr->rx;
	size_t		 len = pr->len;
	int		 rc;

	memcpy(pkt, pr->pkt, len);
	pr->used = 0;
	d->nprobing--;
	d->rerun = pr->reruns + 1;
	rc = dhcpd_handle(d, pkt, len, &rx, now, out);
	d->rerun = 0;
	return (rc);
}

int
dhcpd_probe_due(struct dhcpd *d, uint64_t now, struct dhcp_reply *out)
{
	struct dhcpd_probe	*pr;
	struct dhcp_lease	*l;
	size_t			 i;

	for (i = 0; i < DHCP_MAX_PROBING && d->nprobing > 0; i++) {
		pr = &d->probes[i];
		if (!pr->used || pr->deadline > now)
			continue;
		/* Silence: nobody holds the address. */
		l = dhcp_pool_find_key(d->pool, pr->key, pr->keylen);
		if (l != NULL && l->ip == pr->ip &&
		    l->state == DHCP_LEASE_PROBING) {
			l->probed = 1;
			l->state = DHCP_LEASE_FREE;
		}
		return (probe_rerun(d, pr, now, out));
	}
	return (0);
}

int
dhcpd_arp_seen(struct dhcpd *d, uint32_t ip, const uint8_t mac[6],
    uint64_t now, struct dhcp_reply *out)
{
	struct dhcpd_probe	*pr;
	struct dhcp_lease	*l;
	char			 s[INET_ADDRSTRLEN], m[18];
	size_t			 i;

	for (i = 0; i < DHCP_MAX_PROBING && d->nprobing > 0; i++) {
		pr = &d->probes[i];
		/* The client itself answering for its old address is fine. */
		if (!pr->used || pr->ip != ip || memcmp(pr->mac, mac, 6) == 0)
			continue;
		d->st.conflicts++;
		if ((l = dhcp_pool_find_ip(d->pool, ip)) != NULL)
			(void)dhcp_pool_decline(d->pool, l, mac, now,
			    DHCP_DECLINE_HOLD_SECS * 1000ULL);
		d->dirty = 1;
		util_ip_str(s, sizeof s, ip);
		util_mac_str(m, sizeof m, mac);
		post_notice("dhcp_address_in_use", EV_WARN, mac, "%s is already "
		    "used by %s on the link: not offering it for %d s", s, m,
		    DHCP_DECLINE_HOLD_SECS);
		/* The same DISCOVER again: another address, another probe. */
		return (probe_rerun(d, pr, now, out));
	}
	return (0);
}

uint64_t
dhcpd_next_deadline(const struct dhcpd *d)
{
	uint64_t	 t = 0;
	size_t		 i;

	for (i = 0; i < DHCP_MAX_PROBING && d->nprobing > 0; i++) {
		if (d->probes[i].used && (t == 0 || d->probes[i].deadline < t))
			t = d->probes[i].deadline;
	}
	return (t);
}

int
dhcpd_reply_from(const uint8_t *pkt, size_t len, uint32_t xid,
    uint32_t src_ip, uint32_t *server, uint32_t *offered)
{
	struct dhcp_msg	 m;

	if (dhcp_wire_parse(&m, pkt, len) != 0 || m.op != BOOTREPLY)
		return (0);
	if (m.type != DHCP_OFFER && m.type != DHCP_ACK && m.type != DHCP_NAK)
		return (0);
	if (xid != 0 && m.xid != xid)
		return (0);
	if (dhcp_opt_ip(&m, DHCP_OPT_SERVER_ID, server) != 0)
		*server = src_ip;
	*offered = m.yiaddr;
	return (1);
}

int
dhcpd_watch(struct dhcpd *d, const uint8_t *pkt, size_t len, uint32_t src_ip,
    const uint8_t src_mac[6], uint64_t now)
{
	struct ev	 ev;
	uint32_t	 server, offered;
	size_t		 i, slot = 0;
	char		 s[INET_ADDRSTRLEN], mac[18], off[INET_ADDRSTRLEN + 8];

	if (!dhcpd_reply_from(pkt, len, 0, src_ip, &server, &offered))
		return (0);
	if (server == d->cfg.addr)
		return (0);
	d->st.foreign++;
	d->foreign = 1;
	/* One dhcp_server_seen per server every DHCP_SEEN_REPEAT_SECS. */
	for (i = 0; i < sizeof d->seen / sizeof d->seen[0]; i++) {
		if (d->seen[i].server == server)
			break;
		if (d->seen[i].at < d->seen[slot].at)
			slot = i;
	}
	if (i < sizeof d->seen / sizeof d->seen[0]) {
		/* Quiet, unless this answer stops our offers (again). */
		if (now - d->seen[i].at < DHCP_SEEN_REPEAT_SECS * 1000ULL &&
		    d->seen[i].at != 0 && (d->cfg.force || !d->offering))
			return (1);
		slot = i;
	}
	d->seen[slot].server = server;
	d->seen[slot].at = now != 0 ? now : 1;
	memset(&ev, 0, sizeof ev);
	ev.type = EV_DHCP_SERVER_SEEN;
	ev.u.server.server = server;
	util_mac_str(ev.u.server.mac, sizeof ev.u.server.mac, src_mac);
	ev.u.server.offered = offered;
	bus_post(&ev);
	util_ip_str(s, sizeof s, server);
	util_mac_str(mac, sizeof mac, src_mac);
	if (offered != 0)
		util_ip_str(off, sizeof off, offered);
	else
		strlcpy(off, "an address", sizeof off);
	if (!d->cfg.force && d->offering) {
		d->offering = 0;
		post_notice("dhcp_stopped", EV_ERROR, src_mac, "another DHCP "
		    "server (%s, %s) offered %s on this link: stopped "
		    "offering addresses. To resume, unplug it and restart "
		    "serve, or restart with --force to serve anyway", s, mac,
		    off);
		log_warnx("dhcp: another DHCP server %s (%s) offered %s on "
		    "the link: no more offers.  To resume: unplug it (or give "
		    "the phones a switch of their own) and restart serve, or "
		    "restart serve with --force to serve anyway", s, mac, off);
	} else if (d->cfg.force)
		post_notice("dhcp_forced", EV_WARN, src_mac, "another DHCP "
		    "server (%s, %s) answers on this link; still offering "
		    "because of --force", s, mac);
	return (1);
}

void
dhcpd_force(struct dhcpd *d)
{
	if (d->cfg.force)
		return;
	d->cfg.force = 1;
	d->foreign = 1;
	d->offering = 1;
	post_notice("dhcp_forced", EV_WARN, NULL, "serving DHCP anyway next to "
	    "another DHCP server (asked for): phones may take either "
	    "server's address");
}

void
dhcpd_resume(struct dhcpd *d)
{
	if (d->offering)
		return;
	d->offering = 1;
	d->foreign = d->cfg.force;
	post_notice("dhcp_resumed", EV_INFO, NULL, "no other DHCP server "
	    "answered: offering addresses again");
}

size_t
dhcpd_build_probe(uint8_t *buf, size_t len, uint32_t xid, const uint8_t mac[6])
{
	return (dhcpd_build_probe_flags(buf, len, xid, mac,
	    DHCP_FLAG_BROADCAST));
}

size_t
dhcpd_build_probe_flags(uint8_t *buf, size_t len, uint32_t xid,
    const uint8_t mac[6], uint16_t flags)
{
	struct dhcp_msg	 h;
	struct wr	 w;
	static const uint8_t prl[] = { DHCP_OPT_SUBNET_MASK, DHCP_OPT_ROUTER,
	    DHCP_OPT_SERVER_ID };
	static const char vci[] = "phonerescue safety probe";

	memset(&h, 0, offsetof(struct dhcp_msg, opt));
	h.op = BOOTREQUEST;
	h.htype = DHCP_HTYPE_ETHER;
	h.hlen = 6;
	h.xid = xid;
	h.flags = flags;
	memcpy(h.chaddr, mac, 6);
	wr_init(&w, buf, len);
	dhcp_wire_put_header(&w, &h);
	dhcp_wire_put_u8(&w, DHCP_OPT_MSG_TYPE, DHCP_DISCOVER);
	dhcp_wire_put_opt(&w, DHCP_OPT_PARAM_LIST, prl, sizeof prl);
	dhcp_wire_put_opt(&w, DHCP_OPT_VENDOR_CLASS, vci, sizeof vci - 1);
	dhcp_wire_put_end(&w, DHCP_MIN_REPLY);
	return (w.err ? 0 : wr_len(&w));
}
