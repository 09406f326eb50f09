/*
 * The simulated phone's logic: what a Cisco 79xx does after a factory
 * reset, step by step, without a socket or a clock of its own (see
 * sim_phone.h for the sequences and shared/domain/cisco-phones.md for
 * where they come from).
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "dhcp/dhcp_wire.h"
#include "ev.h"
#include "fw/fw_hash.h"
#include "fw/loads.h"
#include "fw/plan.h"
#include "fw/sgn.h"
#include "model/cisco_file.h"
#include "model/model.h"
#include "sim_phone.h"
#include "sim_report.h"
#include "sim_wire.h"
#include "tftp/tftp_wire.h"
#include "util.h"
#include "xmalloc.h"

#define SIM_QUEUE_MAX		24
#define SIM_INSTALLED_MAX	32
#define SIM_MAX_BOOTS		8	/* a load that never sticks: give up */
#define SIM_BLKSIZE		TFTP_BLKSIZE_DEFAULT
#define SIM_STEPS_MAX		8	/* loads run, in order, for the report */

enum sim_state {
	ST_IDLE = 0,
	ST_LINK,		/* CDP/LLDP sent, DHCP next */
	ST_DISCOVER,
	ST_REQUEST,
	ST_BOUND,		/* fetching files */
	ST_REBOOT,
	ST_PAUSE,		/* before the next hunt (trust list, term missing) */
	ST_DONE,
};

/* Where the phone is in its recovery. */
enum sim_stage {
	SG_TERM = 0,		/* CNU: termNN.default.loads and its parts */
	SG_CONFIG,		/* CNU: CTL, ITL, SEP, XMLDefault */
	SG_LOAD,		/* CNU: the load the config names */
	SG_HUNT,		/* legacy: OS79XX.TXT and the config hunt */
	SG_LLOAD,		/* legacy: <load>.loads and one image */
	SG_SIP,			/* legacy: the SIP application's configs */
};

enum sim_kind {
	FK_LOADS = 0,		/* a .loads manifest (termNN too) */
	FK_COMP,		/* a component it lists */
	FK_TLV,			/* CTL/ITL */
	FK_CONFIG,		/* SEP<MAC>.cnf.xml, XMLDefault.cnf.xml */
	FK_OS79,		/* OS79XX.TXT */
	FK_TEXTCFG,		/* SIP<MAC>.cnf, SEPDefault.cnf, SIPDefault.cnf */
};

enum sim_fres {
	FR_OK = 0,
	FR_MISSING,		/* TFTP error 1 */
	FR_ERROR,		/* any other TFTP error */
	FR_TIMEOUT,		/* no answer on any port */
	FR_BAD,			/* arrived but not intact */
};

struct sim_fetch {
	char		 name[LOADS_NAME_MAX + 16];	/* as requested */
	enum sim_kind	 kind;
	int		 required;
	int		 comp;		/* index in the current .loads, or -1 */
};

struct sim_xfer {
	int		 active;
	int		 http;		/* a GET in flight, TFTP after */
	struct sim_fetch f;
	unsigned	 tries;		/* RRQs from this port */
	unsigned	 ports;
	unsigned	 rrqs;
	uint32_t	 srv;
	uint16_t	 tid;		/* the server's port; 0 until it answers */
	uint16_t	 expect;
	int		 any_data;
	uint8_t		*buf;
	size_t		 len, cap;
	unsigned	 blocks;
	uint64_t	 started, next_at, last_rx;
	int		 ack_pending, final_pending;
	uint16_t	 ack_block;
	uint64_t	 ack_at;
	int		 proto;		/* EV_PROTO_TFTP, EV_PROTO_HTTP */
};

struct sim_phone {
	struct sim_cfg	 cfg;
	struct sim_ops	 ops;
	const struct model *m;
	int		 legacy;
	char		 vc[96];
	size_t		 vclen;
	char		 sep[32];
	char		 macs[EV_MAC_LEN];
	char		 software[LOADS_NAME_MAX];	/* what CDP says it runs */
	char		 load0[LOADS_NAME_MAX];		/* ... at power-on */
	int		 rule;		/* --load: the authentication rule */
	int		 old_image;	/* 7940/7960 before the universal loader */
	char		 steps[SIM_STEPS_MAX][LOADS_NAME_MAX];
	char		 refused[LOADS_NAME_MAX + 64];	/* the last Auth Fail's */
	size_t		 nsteps;

	enum sim_state	 state;
	enum sim_stage	 stage;
	uint64_t	 t0, deadline;
	enum sim_result	 result;
	unsigned	 boots;

	uint32_t	 xid;
	unsigned	 dhcp_tries;
	uint64_t	 dhcp_start;
	uint32_t	 offered, server_id, ip, tftp;
	unsigned	 plen;
	enum sim_tftp_via via;

	struct sim_fetch q[SIM_QUEUE_MAX];
	size_t		 nq, qi;
	struct sim_xfer	 x;
	struct loads	 ld;		/* the .loads being installed */
	int		 have_ld;

	char		 installed[SIM_INSTALLED_MAX][LOADS_NAME_MAX];
	size_t		 ninstalled;
	char		 running[LOADS_NAME_MAX];
	char		 target[LOADS_NAME_MAX];
	int		 target_prio;
	unsigned	 fetched;	/* components installed in this stage */

	uint32_t	 rng;
	struct sim_stats st;
};

/* A report being filled in: a record the host prints (sim_report.h). */
struct jline {
	struct sim_report r;
};

static void	 next_step(struct sim_phone *, uint64_t);
static void	 fail(struct sim_phone *, uint64_t, const char *, const char *,
		     ...) __attribute__((format(printf, 4, 5)));

/* Start a report: its kind and the milliseconds since power-on. */
static void
jl_begin(struct sim_phone *p, struct jline *j, const char *what, uint64_t now)
{
	sim_report_begin(&j->r, what, now >= p->t0 ? now - p->t0 : 0);
}

static void
jl_str(struct jline *j, const char *k, const char *v)
{
	sim_report_str(&j->r, k, v);
}

static void
jl_num(struct jline *j, const char *k, unsigned long long v)
{
	sim_report_num(&j->r, k, v);
}

static void
jl_bool(struct jline *j, const char *k, int v)
{
	sim_report_bool(&j->r, k, v);
}

static void
jl_ip(struct jline *j, const char *k, uint32_t ip)
{
	char	 s[EV_IP_LEN];

	util_ip_str(s, sizeof s, ip);
	sim_report_str(&j->r, k, s);
}

/* Hand the record to the host. */
static void
jl_end(struct sim_phone *p, struct jline *j)
{
	if (p->ops.report != NULL)
		p->ops.report(p->ops.arg, &j->r);
}

/* xorshift32: the loss draws, reproducible from the seed. */
static uint32_t
rnd(struct sim_phone *p)
{
	uint32_t	 x = p->rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	p->rng = x;
	return (x);
}

const char *
sim_phone_vendor_class(const struct model *m, char *buf, size_t len,
    size_t *vclen)
{
	/* "Cisco Systems, Inc. IP Phone CP-7970G" + NUL (domain notes 5.2). */
	snprintf(buf, len, "Cisco Systems, Inc. IP Phone %s", m->vendor_class);
	*vclen = strlen(buf) + 1;
	if (*vclen > len)
		*vclen = len;
	return (buf);
}

const struct model *
sim_model_find(const char *name)
{
	const struct model	*m;
	char			 ge[32];

	if ((m = model_find(name)) == NULL) {
		/* Only the gigabit variant exists of some: 7971 is the 7971-GE. */
		snprintf(ge, sizeof ge, "%s-GE", name);
		m = model_find(ge);
	}
	if (m == NULL || (strcmp(m->family, "cnu") != 0 &&
	    strcmp(m->family, "legacy") != 0))
		return (NULL);
	return (m);
}

/* A version as a load name's tail: 8.3(1) -> "8-3-1", 9.4(2)SR3 -> "9-4-2SR3". */
static void
version_dashed(const struct fw_version *v, char *buf, size_t len)
{
	size_t	 i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < v->nn && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%u", i ? "-" : "",
		    v->n[i]);
	for (i = 0; i < v->nsr && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%u", i ? "-" :
		    v->tag[0] != '\0' ? v->tag : "SR", v->sr[i]);
}

int
sim_phone_load_name(const struct model *m, const char *in, char *out,
    size_t len)
{
	struct plan_running	 r;
	char			 d[64];

	if (plan_parse_running(in, &r) != 0)
		return (-1);
	if (!isdigit((unsigned char)in[0])) {
		strlcpy(out, in, len);
		return (0);
	}
	/* Cisco's notation: the name a phone of the model reports. */
	version_dashed(&r.ver, d, sizeof d);
	if (strcmp(m->family, "legacy") == 0)
		snprintf(out, len, "P003-%s", d);
	else
		snprintf(out, len, "%s.%sS", m->sccp_prefix, d);
	return (0);
}

/* The phone now runs load: CDP and LLDP say so, the steps remember it. */
static void
set_running(struct sim_phone *p, const char *load)
{
	strlcpy(p->software, load, sizeof p->software);
	if (p->nsteps > 0 &&
	    util_strcaseeq(p->steps[p->nsteps - 1], load))
		return;
	if (p->nsteps < SIM_STEPS_MAX)
		strlcpy(p->steps[p->nsteps++], load, LOADS_NAME_MAX);
}

/*
 * A 7940/7960 on an image older than 6.x has no universal application
 * loader yet: it sends "Cisco Systems, Inc. IP Phone" without its model
 * (domain notes 2.3, 5.2) until the loader is flashed.
 */
static void
legacy_stage(struct sim_phone *p)
{
	static const struct fw_version	 v6 = { .n = { 6 }, .nn = 1 };
	struct plan_running		 r;

	if (!p->legacy || p->cfg.load == NULL ||
	    plan_parse_running(p->load0, &r) != 0 ||
	    fw_version_cmp(&r.ver, &v6) >= 0)
		return;
	p->old_image = 1;
	snprintf(p->vc, sizeof p->vc, "Cisco Systems, Inc. IP Phone");
	p->vclen = strlen(p->vc) + 1;
}

/* A phone for cfg, doing its I/O through ops; not started yet. */
struct sim_phone *
sim_phone_new(const struct sim_cfg *cfg, const struct sim_ops *ops)
{
	struct sim_phone	*p;

	p = xcalloc(1, sizeof *p);
	p->cfg = *cfg;
	p->ops = *ops;
	p->m = cfg->model;
	p->legacy = strcmp(p->m->family, "legacy") == 0;
	sim_phone_vendor_class(p->m, p->vc, sizeof p->vc, &p->vclen);
	sim_wire_sep_name(p->sep, sizeof p->sep, cfg->mac);
	util_mac_str(p->macs, sizeof p->macs, cfg->mac);
	p->rng = cfg->seed != 0 ? cfg->seed :
	    ((uint32_t)cfg->mac[2] << 24 | (uint32_t)cfg->mac[3] << 16 |
	    (uint32_t)cfg->mac[4] << 8 | cfg->mac[5] | 1);
	p->result = SIM_RUNNING;
	/* What a phone needing recovery might still run (domain notes 3.2). */
	if (cfg->load != NULL && sim_phone_load_name(p->m, cfg->load,
	    p->load0, sizeof p->load0) == 0)
		p->rule = !p->legacy;
	else if (p->legacy)
		snprintf(p->load0, sizeof p->load0, "P0030702");
	else
		snprintf(p->load0, sizeof p->load0, "%s.8-3-2S",
		    p->m->sccp_prefix);
	set_running(p, p->load0);
	legacy_stage(p);
	return (p);
}

void
sim_phone_free(struct sim_phone *p)
{
	if (p == NULL)
		return;
	free(p->x.buf);
	free(p);
}

enum sim_result
sim_phone_result(const struct sim_phone *p)
{
	return (p->result);
}

void
sim_phone_stats(const struct sim_phone *p, struct sim_stats *st)
{
	*st = p->st;
	st->boots = p->boots;
}

/* The next time the phone wants sim_phone_tick(), 0 for none. */
uint64_t
sim_phone_deadline(const struct sim_phone *p)
{
	uint64_t	 d = 0;

	if (p->result != SIM_RUNNING)
		return (0);
	if (p->state != ST_BOUND)
		d = p->deadline;
	else if (p->x.active)
		d = p->x.ack_pending ? p->x.ack_at : p->x.next_at;
	return (d);
}

/* Link-up: CDP, and LLDP-MED where the model sends it (domain notes 5.5). */
static void
link_up(struct sim_phone *p, uint64_t now)
{
	struct sim_ident	 id;
	struct jline		 j;
	uint8_t			 f[SIM_FRAME_MAX];
	size_t			 n;

	memset(&id, 0, sizeof id);
	memcpy(id.mac, p->cfg.mac, 6);
	id.model = p->m->name;
	id.vendor_class = p->m->vendor_class;
	id.software = p->software;
	id.power_mw = 12900;
	p->state = ST_LINK;
	p->deadline = now + SIM_LINK_MS;
	jl_begin(p, &j, "link", now);
	jl_num(&j, "boot", p->boots);
	jl_str(&j, "load", p->software);
	if (p->legacy)
		jl_str(&j, "loader_stage", p->old_image ? "old" : "loader");
	if ((n = sim_wire_cdp(f, sizeof f, &id)) != 0 &&
	    p->ops.send_link != NULL) {
		p->ops.send_link(p->ops.arg, f, n);
		p->st.cdp++;
		jl_str(&j, "cdp", id.software);
	}
	if (p->m->lldp && (n = sim_wire_lldp(f, sizeof f, &id)) != 0 &&
	    p->ops.send_link != NULL) {
		p->ops.send_link(p->ops.arg, f, n);
		p->st.lldp++;
		jl_bool(&j, "lldp", 1);
	}
	jl_end(p, &j);
}

/* Send a DISCOVER or REQUEST and arm its resend. */
static void
dhcp_send(struct sim_phone *p, int type, uint64_t now)
{
	struct sim_dhcp_req	 q;
	struct jline		 j;
	uint8_t			 b[DHCP_MIN_MAX_SIZE];
	size_t			 n;

	memset(&q, 0, sizeof q);
	q.type = type;
	q.xid = p->xid;
	q.secs = (uint16_t)((now - p->dhcp_start) / 1000);
	memcpy(q.mac, p->cfg.mac, 6);
	q.vendor_class = p->vc;
	q.vclen = p->vclen;
	if (type == DHCP_REQUEST) {
		q.requested = p->offered;
		q.server_id = p->server_id;
		p->st.requests++;
	} else
		p->st.discovers++;
	if ((n = sim_wire_dhcp(b, sizeof b, &q)) != 0 &&
	    p->ops.send_dhcp != NULL)
		p->ops.send_dhcp(p->ops.arg, b, n);
	p->dhcp_tries++;
	p->deadline = now + SIM_DHCP_RESEND_MS;
	jl_begin(p, &j, "dhcp", now);
	jl_str(&j, "msg", dhcp_type_name(type));
	jl_num(&j, "xid", p->xid);
	if (type == DHCP_REQUEST)
		jl_ip(&j, "requested", p->offered);
	jl_end(p, &j);
}

/* A fresh DHCP exchange (new transaction id), as after power-on. */
static void
dhcp_begin(struct sim_phone *p, uint64_t now)
{
	p->xid = rnd(p);
	p->dhcp_tries = 0;
	p->dhcp_start = now;
	p->state = ST_DISCOVER;
	dhcp_send(p, DHCP_DISCOVER, now);
}

/* Power on after the factory reset: report, then link-up. */
void
sim_phone_start(struct sim_phone *p, uint64_t now)
{
	struct jline	 j;

	p->t0 = now;
	jl_begin(p, &j, "start", now);
	jl_str(&j, "model", p->m->name);
	jl_str(&j, "mac", p->macs);
	jl_str(&j, "name", p->sep);
	jl_str(&j, "family", p->m->family);
	jl_str(&j, "vendor_class", p->vc);
	jl_bool(&j, "vendor_class_nul", p->vc[p->vclen - 1] == '\0');
	jl_str(&j, "load", p->load0);
	jl_bool(&j, "auth_rule", p->rule);
	if (p->legacy)
		jl_str(&j, "loader_stage", p->old_image ? "old" : "loader");
	if (p->cfg.trust == SIM_TRUST_FOREIGN)
		jl_str(&j, "trust_list", "foreign");
	if (p->cfg.slow_ms != 0)
		jl_num(&j, "slow_ms", p->cfg.slow_ms);
	if (p->cfg.loss_pct != 0)
		jl_num(&j, "loss_pct", p->cfg.loss_pct);
	if (p->cfg.dup_acks)
		jl_bool(&j, "dup_acks", 1);
	if (p->cfg.http_first)
		jl_bool(&j, "http_first", 1);
	jl_end(p, &j);
	/* A phone with a trust list was not factory reset: its config. */
	p->stage = p->legacy ? SG_HUNT : p->cfg.trust == SIM_TRUST_FOREIGN ?
	    SG_CONFIG : SG_TERM;
	link_up(p, now);
}

/* The loads it ran, in order: the last field of a report. */
static void
steps_report(struct sim_phone *p, struct jline *j)
{
	size_t	 i;

	sim_report_list(&j->r, "steps");
	for (i = 0; i < p->nsteps; i++)
		sim_report_list_add(&j->r, p->steps[i]);
}

/* The phone is finished, one way or the other. */
static void
finish(struct sim_phone *p, uint64_t now, int ok, const char *reason,
    const char *wanted)
{
	struct jline	 j;

	if (p->result != SIM_RUNNING)
		return;
	if (p->x.active) {
		p->x.active = 0;
		if (p->x.http && p->ops.http_cancel != NULL)
			p->ops.http_cancel(p->ops.arg);
		else if (p->ops.tftp_close != NULL)
			p->ops.tftp_close(p->ops.arg);
	}
	p->result = ok ? SIM_OK : SIM_FAILED;
	p->state = ST_DONE;
	jl_begin(p, &j, "result", now);
	jl_bool(&j, "ok", ok);
	jl_str(&j, "model", p->m->name);
	jl_str(&j, "mac", p->macs);
	jl_str(&j, "reason", reason);
	if (wanted != NULL)
		jl_str(&j, "wanted", wanted);
	jl_str(&j, "load_start", p->load0);
	jl_str(&j, "load", p->software);
	if (p->target[0] != '\0')
		jl_str(&j, "target", p->target);
	jl_num(&j, "auth_fails", p->st.auth_fails);
	if (p->cfg.trust == SIM_TRUST_FOREIGN) {
		jl_str(&j, "trust_list", "foreign");
		jl_num(&j, "trust_rounds", p->st.trust_rounds);
		jl_num(&j, "config_rejects", p->st.config_rejects);
	}
	if (p->st.missing_rounds != 0)
		jl_num(&j, "missing_rounds", p->st.missing_rounds);
	if (p->cfg.http_first) {
		jl_num(&j, "http_ok", p->st.http_ok);
		jl_num(&j, "http_fallbacks", p->st.http_fallbacks);
	}
	jl_num(&j, "files_ok", p->st.files_ok);
	jl_num(&j, "files_missing", p->st.files_missing);
	jl_num(&j, "boots", p->boots);
	jl_num(&j, "data_dropped", p->st.data_dropped);
	steps_report(p, &j);
	jl_end(p, &j);
}

static void
fail(struct sim_phone *p, uint64_t now, const char *wanted, const char *fmt,
    ...)
{
	char	 why[256];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	finish(p, now, 0, why, wanted);
}

/* The host gives up on the phone: a failed result naming the file in flight. */
void
sim_phone_abort(struct sim_phone *p, const char *why, uint64_t now)
{
	const char	*wanted = p->x.active ? p->x.f.name : NULL;

	/* Say what kept it from settling: the loop a person would see. */
	if (p->st.auth_fails > 0)
		fail(p, now, wanted, "%s: Auth Fail %u times (%s cannot "
		    "authenticate %s)", why, p->st.auth_fails, p->software,
		    p->refused);
	else if (p->cfg.trust == SIM_TRUST_FOREIGN)
		fail(p, now, wanted, "%s: never configured, its foreign trust "
		    "list rejected %u configurations", why,
		    p->st.config_rejects);
	else
		fail(p, now, wanted, "%s", why);
}

/* Add a request to the current stage's list. */
static void
queue(struct sim_phone *p, const char *name, enum sim_kind kind, int required,
    int comp)
{
	struct sim_fetch	*f;

	if (p->nq >= SIM_QUEUE_MAX)
		return;
	f = &p->q[p->nq++];
	strlcpy(f->name, name, sizeof f->name);
	f->kind = kind;
	f->required = required;
	f->comp = comp;
}

/* Put a file right after the current one (XMLDefault when SEP is missing). */
static void
queue_next(struct sim_phone *p, const char *name, enum sim_kind kind)
{
	if (p->nq >= SIM_QUEUE_MAX)
		return;
	memmove(&p->q[p->qi + 1], &p->q[p->qi], (p->nq - p->qi) * sizeof p->q[0]);
	p->nq++;
	strlcpy(p->q[p->qi].name, name, sizeof p->q[p->qi].name);
	p->q[p->qi].kind = kind;
	p->q[p->qi].required = 0;
	p->q[p->qi].comp = -1;
}

/* Forget the current stage's requests. */
static void
queue_reset(struct sim_phone *p)
{
	p->nq = p->qi = 0;
}

/* Has the phone flashed a component of this name (any case)? */
static int
is_installed(const struct sim_phone *p, const char *name)
{
	size_t	 i;

	for (i = 0; i < p->ninstalled; i++)
		if (util_strcaseeq(p->installed[i], name))
			return (1);
	return (0);
}

/* Remember a component as flashed. */
static void
install(struct sim_phone *p, const char *name)
{
	if (is_installed(p, name) || p->ninstalled >= SIM_INSTALLED_MAX)
		return;
	strlcpy(p->installed[p->ninstalled++], name, LOADS_NAME_MAX);
}

/* Queue one of the names a phone builds (model/cisco_file.h) from its own. */
static void
queue_name(struct sim_phone *p, enum cisco_name name, enum sim_kind kind)
{
	char	 n[LOADS_NAME_MAX + 16];

	if (cisco_file_name(n, sizeof n, name, p->sep) == 0)
		queue(p, n, kind, 0, -1);
}

/*
 * A foreign trust list's hunt: CTL/ITL (the first rounds), then the
 * signed configuration (domain notes 2.1 item 3, 6.4).
 */
static void
trust_queue(struct sim_phone *p)
{
	char	 n[LOADS_NAME_MAX + 16], sgn[LOADS_NAME_MAX + 20];

	if (p->st.trust_rounds < SIM_TRUST_TLV_TRIES) {
		queue_name(p, CN_CTL, FK_TLV);
		queue_name(p, CN_ITL, FK_TLV);
		queue(p, "ITLFile.tlv", FK_TLV, 0, -1);
	}

	if (cisco_file_name(n, sizeof n, CN_SEP_XML, p->sep) == 0) {
		snprintf(sgn, sizeof sgn, "%s.sgn", n);
		queue(p, sgn, FK_CONFIG, 0, -1);
	}
}

/* The requests of a stage, in the phone's order. */
static void
stage_enter(struct sim_phone *p, enum sim_stage s)
{
	char	 n[LOADS_NAME_MAX + 16];

	p->stage = s;
	p->fetched = 0;
	queue_reset(p);
	switch (s) {
	case SG_TERM:
		queue(p, p->m->term, FK_LOADS, 1, -1);
		break;
	case SG_CONFIG:
		if (p->cfg.trust == SIM_TRUST_FOREIGN) {
			trust_queue(p);
			break;
		}
		queue_name(p, CN_CTL, FK_TLV);
		queue_name(p, CN_ITL, FK_TLV);
		queue_name(p, CN_SEP_XML, FK_CONFIG);
		break;
	case SG_HUNT:
		queue_name(p, CN_OS79XX, FK_OS79);
		queue_name(p, CN_CTL, FK_TLV);
		queue_name(p, CN_SEP_XML, FK_CONFIG);
		queue_name(p, CN_SIP_TXT, FK_TEXTCFG);
		queue_name(p, CN_XMLDEFAULT, FK_CONFIG);
		queue_name(p, CN_SEPDEFAULT, FK_TEXTCFG);
		break;
	case SG_LOAD:
	case SG_LLOAD:
		snprintf(n, sizeof n, "%s.loads", p->target);
		queue(p, n, FK_LOADS, 1, -1);
		break;
	case SG_SIP:
		queue_name(p, CN_SIPDEFAULT, FK_TEXTCFG);
		queue_name(p, CN_SIP_TXT, FK_TEXTCFG);
		break;
	}
}

/* Reboot after flashing: the address goes, link-up again after a while. */
static void
reboot(struct sim_phone *p, uint64_t now, const char *why)
{
	struct jline	 j;

	/* An Auth Fail loop goes on until the host's time limit. */
	if (p->boots + 1 >= SIM_MAX_BOOTS + p->st.auth_fails) {
		fail(p, now, NULL, "rebooted %u times without settling",
		    p->boots + 1);
		return;
	}
	jl_begin(p, &j, "reboot", now);
	jl_str(&j, "why", why);
	jl_end(p, &j);
	if (p->ip != 0 && p->ops.set_addr != NULL)
		(void)p->ops.set_addr(p->ops.arg, 0, 0);
	p->ip = 0;
	p->state = ST_REBOOT;
	p->deadline = now + (p->cfg.reboot_ms != 0 ? p->cfg.reboot_ms :
	    SIM_REBOOT_MS);
}

/* Keep the load a configuration names, the more specific source winning. */
static void
set_target(struct sim_phone *p, const char *load, int prio, const char *from,
    uint64_t now)
{
	struct jline	 j;

	if (load[0] == '\0' || prio < p->target_prio)
		return;
	strlcpy(p->target, load, sizeof p->target);
	p->target_prio = prio;
	jl_begin(p, &j, "config_load", now);
	jl_str(&j, "load", load);
	jl_str(&j, "from", from);
	jl_end(p, &j);
}

/* Copy text up to the next '<' or line end, trimmed, into out. */
static void
take_value(const char *s, const char *end, char *out, size_t len)
{
	size_t	 n = 0;

	while (s < end && (*s == ' ' || *s == '\t' || *s == '"'))
		s++;
	while (s < end && *s != '<' && *s != '\r' && *s != '\n' &&
	    *s != '"' && *s != '#' && n + 1 < len)
		out[n++] = *s++;
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t'))
		n--;
	out[n] = '\0';
}

/*
 * The load a configuration names: <loadInformation> in a SEP file,
 * <loadInformationNNN> with our device type in XMLDefault (domain notes
 * 6.1, 6.2).
 */
static void
config_load(const uint8_t *buf, size_t len, unsigned devtype, char *out,
    size_t outlen)
{
	const char	*s = (const char *)buf, *end = s + len, *t, *gt;
	char		 num[16];
	size_t		 i;

	out[0] = '\0';
	snprintf(num, sizeof num, "%u", devtype);
	for (t = s; t + 16 < end; t++) {
		if (memcmp(t, "<loadInformation", 16) != 0)
			continue;
		t += 16;
		if (*t >= '0' && *t <= '9') {
			for (i = 0; num[i] != '\0' && t < end && *t == num[i];
			    i++, t++)
				;
			if (num[i] != '\0' || t >= end ||
			    (*t >= '0' && *t <= '9'))
				continue;
		}
		if ((gt = memchr(t, '>', (size_t)(end - t))) == NULL)
			return;
		take_value(gt + 1, end, out, outlen);
		if (out[0] != '\0')
			return;
	}
}

/* "image_version: P0S3-8-12-00" in SIPDefault.cnf / SIP<MAC>.cnf. */
static void
text_image_version(const uint8_t *buf, size_t len, char *out, size_t outlen)
{
	const char	*s = (const char *)buf, *end = s + len, *t;

	out[0] = '\0';
	for (t = s; t + 14 <= end; t++) {
		if ((t == s || t[-1] == '\n') &&
		    strncmp(t, "image_version:", 14) == 0) {
			take_value(t + 14, end, out, outlen);
			return;
		}
	}
}

/* Is a received file intact?  NULL if so, else why not. */
static const char *
verify(struct sim_phone *p, const struct sim_fetch *f, char *why, size_t len)
{
	struct sgn_header	 h;
	const struct loads_comp	*c;
	struct fw_hasher	 hs;
	struct fw_digest	 d;
	const char		*base;
	char			 err[128];

	if (f->kind != FK_LOADS && f->kind != FK_COMP)
		return (NULL);
	if (p->x.len == 0)
		return ("empty file");
	base = f->name[0] == '/' ? f->name + 1 : f->name;
	if (sgn_looks_signed(p->x.buf, p->x.len)) {
		if (sgn_parse(p->x.buf, p->x.len, &h, err, sizeof err) != 0) {
			snprintf(why, len, "bad signed header: %s", err);
			return (why);
		}
		if (h.has_filename && !util_strcaseeq(h.filename, base)) {
			snprintf(why, len, "signed for %.100s, asked for %.100s",
			    h.filename, base);
			return (why);
		}
	}
	if (f->kind == FK_COMP && p->have_ld && f->comp >= 0) {
		c = &p->ld.comp[f->comp];
		if (c->has_size && c->size != p->x.len) {
			snprintf(why, len, "%zu bytes, the .loads says %llu",
			    p->x.len, (unsigned long long)c->size);
			return (why);
		}
		if (c->has_md5) {
			fw_hash_init(&hs, 0);
			fw_hash_update(&hs, p->x.buf, p->x.len);
			fw_hash_final(&hs, &d);
			if (memcmp(d.md5, c->md5, 16) != 0)
				return ("MD5 differs from the .loads");
		}
	}
	return (NULL);
}

/* A version with its build number dropped: 8-5-2-13 is 8.5(2). */
static int
load_version(const char *name, const struct loads *ld, struct fw_version *v)
{
	const char	*b = strrchr(name, '/');

	b = b != NULL ? b + 1 : name;
	/* The name tells service releases (8.5(2)SR1); termNN has none. */
	if (fw_version_of_load(b, v) != 0 && plan_version_of_body(ld, v) != 0)
		return (-1);
	if (v->nn > 3)
		v->nn = 3;
	return (0);
}

/*
 * The load-authentication rule (domain notes 3.3): a CNU phone below
 * 8.3(3) knows only the old signing key and cannot authenticate 8.5(3)
 * or later (nor 8.5(2)SR1).  It flashes nothing, shows Auth Fail and
 * reboots, and will do so again each time it is offered the load.
 */
static int
auth_refuses(struct sim_phone *p, const struct sim_fetch *f, uint64_t now)
{
	struct plan_running	 r;
	struct fw_version	 v;
	struct jline		 j;
	char			 ver[32], run[32];

	if (!p->rule || plan_parse_running(p->software, &r) != 0 ||
	    load_version(f->name, &p->ld, &v) != 0)
		return (0);
	if (r.ver.nn > 3)
		r.ver.nn = 3;
	if (plan_is_bridge(&r.ver) || plan_new_key_only(&r.ver) ||
	    !plan_new_key_only(&v))
		return (0);
	p->st.auth_fails++;
	fw_version_str(&v, ver, sizeof ver);
	snprintf(p->refused, sizeof p->refused, "%s (%s)", f->name, ver);
	fw_version_str(&r.ver, run, sizeof run);
	jl_begin(p, &j, "auth_fail", now);
	jl_str(&j, "file", f->name);
	jl_str(&j, "message", "Auth Fail");
	jl_str(&j, "load_version", ver);
	jl_str(&j, "running", p->software);
	jl_str(&j, "running_version", run);
	jl_num(&j, "count", p->st.auth_fails);
	jl_str(&j, "why", "a load below 8.3(3) cannot authenticate 8.5(3) "
	    "or later: it needs a load between 8.3(3) and 8.5(2) first");
	jl_end(p, &j);
	/* The term file again after the reboot, or the config hunt. */
	if (p->stage == SG_LOAD)
		p->stage = SG_CONFIG;
	reboot(p, now, "Auth Fail");
	return (1);
}

/* A .loads arrived: its components, in file order and letter case. */
static int
take_loads(struct sim_phone *p, const struct sim_fetch *f, uint64_t now)
{
	struct jline	 j;
	char		 err[128];
	size_t		 i;
	int		 queued = 0;

	if (loads_parse(p->x.buf, p->x.len, &p->ld, err, sizeof err) != 0) {
		fail(p, now, f->name, "%s is not a .loads file: %s", f->name,
		    err);
		return (-1);
	}
	p->have_ld = 1;
	jl_begin(p, &j, "loads", now);
	jl_str(&j, "file", f->name);
	jl_num(&j, "components", p->ld.ncomp);
	if (p->ld.release[0] != '\0')
		jl_str(&j, "release", p->ld.release);
	sim_report_list(&j.r, "list");
	for (i = 0; i < p->ld.ncomp; i++)
		sim_report_list_add(&j.r, p->ld.comp[i].name);
	jl_end(p, &j);
	if (auth_refuses(p, f, now))
		return (-1);
	queue_reset(p);
	for (i = 0; i < p->ld.ncomp; i++) {
		if (is_installed(p, p->ld.comp[i].name))
			continue;
		queue(p, p->ld.comp[i].name, FK_COMP, 1, (int)i);
		queued++;
		/* The loader installs one image per boot (domain notes 2.3). */
		if (p->legacy)
			break;
	}
	return (queued);
}

/* The legacy phone runs its SIP image: the SIP configuration files. */
static void
enter_sip(struct sim_phone *p, uint64_t now)
{
	set_running(p, p->target);
	stage_enter(p, SG_SIP);
	next_step(p, now);
}

/* --retry-missing: its term file is missing; it asks again, later. */
static void
missing_retry(struct sim_phone *p, const char *name, uint64_t now)
{
	struct jline	 j;

	p->st.missing_rounds++;
	jl_begin(p, &j, "missing_retry", now);
	jl_str(&j, "file", name);
	jl_num(&j, "round", p->st.missing_rounds);
	jl_num(&j, "after_ms", SIM_MISSING_RETRY_MS);
	jl_end(p, &j);
	p->state = ST_PAUSE;
	p->deadline = now + SIM_MISSING_RETRY_MS;
}

/* A foreign trust list took nothing this round: the hunt again, later. */
static void
trust_retry(struct sim_phone *p, uint64_t now)
{
	struct jline	 j;

	p->st.trust_rounds++;
	jl_begin(p, &j, "trust_retry", now);
	jl_num(&j, "round", p->st.trust_rounds);
	jl_num(&j, "config_rejects", p->st.config_rejects);
	jl_bool(&j, "tlv_again", p->st.trust_rounds < SIM_TRUST_TLV_TRIES);
	jl_num(&j, "after_ms", SIM_TRUST_RETRY_MS);
	jl_end(p, &j);
	p->state = ST_PAUSE;
	p->deadline = now + SIM_TRUST_RETRY_MS;
}

/*
 * What a phone with a foreign trust list makes of a file that arrived:
 * NULL when it takes it (none it can get from us), else why not.
 */
static const char *
trust_rejects(struct sim_phone *p, const struct sim_fetch *f, char *why,
    size_t len)
{
	struct sgn_header	 h;
	char			 err[128];

	if (p->cfg.trust != SIM_TRUST_FOREIGN || p->stage != SG_CONFIG ||
	    (f->kind != FK_CONFIG && f->kind != FK_TLV))
		return (NULL);
	if (!sgn_looks_signed(p->x.buf, p->x.len) ||
	    sgn_parse(p->x.buf, p->x.len, &h, err, sizeof err) != 0)
		snprintf(why, len, "%s", f->kind == FK_TLV ?
		    "not signed by a SAST certificate of its trust list" :
		    "unsigned: its trust list wants a configuration signed "
		    "by the TFTP certificate it holds");
	else
		snprintf(why, len, "signed by %.100s, a certificate its trust "
		    "list (another cluster's) lacks", h.signer[0] != '\0' ?
		    h.signer : "an unknown signer");
	return (why);
}

/*
 * termNN has no load name: it stands for the release it lists.  With
 * --load the phone reports a load name of the release's version
 * ("8-5-2-13" -> SIP70.8-5-2S, its build number dropped), in the
 * protocol of its jar; else "SIP70.<release>", as before.
 */
static void
term_running(struct sim_phone *p)
{
	struct fw_version	 v;
	const char		*rel = p->ld.release[0] != '\0' ?
				    p->ld.release : "default";
	const char		*pre = p->m->sip_prefix;
	char			 d[64], n[LOADS_NAME_MAX];

	snprintf(p->running, sizeof p->running, "term:%s", rel);
	if (!p->rule || plan_version_of_body(&p->ld, &v) != 0) {
		snprintf(n, sizeof n, "%s.%s", pre, rel);
		set_running(p, n);
		return;
	}
	if (v.nn > 3)
		v.nn = 3;
	if (p->ld.ncomp > 0 && strcasestr(p->ld.comp[0].name, "sccp") != NULL)
		pre = p->m->sccp_prefix;
	version_dashed(&v, d, sizeof d);
	snprintf(n, sizeof n, "%s.%sS", pre, d);
	strlcpy(p->running, n, sizeof p->running);
	set_running(p, n);
}

/* The stage's queue ran out: what the phone does next. */
static void
stage_done(struct sim_phone *p, uint64_t now)
{
	switch (p->stage) {
	case SG_TERM:
		term_running(p);
		p->stage = SG_CONFIG;
		reboot(p, now, "default load installed");
		break;
	case SG_CONFIG:
	case SG_HUNT:
		if (p->stage == SG_CONFIG && p->cfg.trust == SIM_TRUST_FOREIGN) {
			trust_retry(p, now);
			return;
		}
		if (p->target[0] == '\0') {
			if (p->legacy)
				fail(p, now, "OS79XX.TXT", "No Load Specified: "
				    "no configuration names a load for the %s",
				    p->m->name);
			else
				finish(p, now, 1, "running the default load, "
				    "unprovisioned", NULL);
			return;
		}
		if (util_strcaseeq(p->target, p->running)) {
			if (p->legacy)
				enter_sip(p, now);
			else
				finish(p, now, 1, "running the configured load",
				    NULL);
			return;
		}
		stage_enter(p, p->legacy ? SG_LLOAD : SG_LOAD);
		next_step(p, now);
		break;
	case SG_LOAD:
	case SG_LLOAD:
		if (p->fetched > 0) {
			p->stage = p->legacy ? SG_HUNT : SG_CONFIG;
			/* The first image is the universal loader: the model. */
			if (p->old_image) {
				p->old_image = 0;
				sim_phone_vendor_class(p->m, p->vc, sizeof p->vc,
				    &p->vclen);
			}
			/* A CNU phone boots into the load it flashed. */
			if (!p->legacy) {
				strlcpy(p->running, p->target,
				    sizeof p->running);
				set_running(p, p->target);
			}
			reboot(p, now, "load component installed");
			return;
		}
		/* Nothing was missing: this load is what runs. */
		strlcpy(p->running, p->target, sizeof p->running);
		set_running(p, p->target);
		if (p->legacy)
			enter_sip(p, now);
		else
			finish(p, now, 1, "running the configured load", NULL);
		break;
	case SG_SIP:
		finish(p, now, 1, "running the configured load", NULL);
		break;
	}
}

/* Send (or resend) the read request of the current file. */
static void
tftp_rrq(struct sim_phone *p, uint64_t now)
{
	struct sim_xfer	*x = &p->x;
	struct jline	 j;
	uint8_t		 b[LOADS_NAME_MAX + 16];
	size_t		 n;

	if ((n = sim_wire_rrq(b, sizeof b, x->f.name)) != 0 &&
	    p->ops.tftp_send != NULL)
		p->ops.tftp_send(p->ops.arg, x->srv, p->cfg.tftp_port != 0 ?
		    (uint16_t)p->cfg.tftp_port : TFTP_PORT, b, n);
	x->tries++;
	x->rrqs++;
	p->st.rrqs++;
	x->next_at = now + SIM_RRQ_RESEND_MS;
	jl_begin(p, &j, "rrq", now);
	jl_str(&j, "file", x->f.name);
	jl_ip(&j, "server", x->srv);
	jl_num(&j, "try", x->rrqs);
	if (x->tries == 1)
		jl_num(&j, "port_n", x->ports);
	jl_end(p, &j);
}

/* A fresh port (TID) and the request again from the start. */
static int
xfer_port(struct sim_phone *p, uint64_t now)
{
	struct sim_xfer	*x = &p->x;

	if (x->ports > 0 && p->ops.tftp_close != NULL)
		p->ops.tftp_close(p->ops.arg);
	if (p->ops.tftp_open != NULL && p->ops.tftp_open(p->ops.arg) != 0)
		return (-1);
	x->ports++;
	x->tries = 0;
	x->tid = 0;
	x->expect = 1;
	x->any_data = 0;
	x->len = 0;
	x->blocks = 0;
	x->ack_pending = 0;
	tftp_rrq(p, now);
	return (0);
}

/* GET the file from the server on 6970; 0 when it could not start. */
static int
http_start(struct sim_phone *p, uint64_t now)
{
	struct sim_xfer	*x = &p->x;
	struct jline	 j;
	char		 path[LOADS_NAME_MAX + 24];
	uint16_t	 port = p->cfg.http_port != 0 ?
			    (uint16_t)p->cfg.http_port : SIM_HTTP_PORT;

	snprintf(path, sizeof path, "%s%s", x->f.name[0] == '/' ? "" : "/",
	    x->f.name);
	x->http = 1;
	if (p->ops.http_get(p->ops.arg, x->srv, port, path) != 0) {
		x->http = 0;
		jl_begin(p, &j, "http_fallback", now);
		jl_str(&j, "file", x->f.name);
		jl_str(&j, "why", "cannot connect");
		jl_end(p, &j);
		p->st.http_fallbacks++;
		return (0);
	}
	x->next_at = now + SIM_HTTP_TIMEOUT_MS;
	p->st.http_gets++;
	jl_begin(p, &j, "http_get", now);
	jl_str(&j, "file", x->f.name);
	jl_ip(&j, "server", x->srv);
	jl_num(&j, "port", port);
	jl_end(p, &j);
	return (1);
}

/* HTTP did not serve the file: say why, then TFTP from a fresh port. */
static void
http_fallback(struct sim_phone *p, int status, const char *why, uint64_t now)
{
	struct sim_xfer	*x = &p->x;
	struct jline	 j;

	x->http = 0;
	p->st.http_fallbacks++;
	jl_begin(p, &j, "http_fallback", now);
	jl_str(&j, "file", x->f.name);
	if (status > 0)
		jl_num(&j, "status", (unsigned)status);
	jl_str(&j, "why", why);
	jl_num(&j, "took_ms", now - x->started);
	jl_end(p, &j);
	if (xfer_port(p, now) != 0)
		fail(p, now, x->f.name, "cannot open a UDP socket for TFTP");
}

/* Begin fetching one file from the TFTP server the lease named. */
static void
xfer_start(struct sim_phone *p, const struct sim_fetch *f, uint64_t now)
{
	struct sim_xfer	*x = &p->x;

	x->active = 1;
	x->f = *f;
	x->ports = 0;
	x->rrqs = 0;
	x->srv = p->tftp;
	x->started = now;
	x->proto = EV_PROTO_TFTP;
	x->http = 0;
	x->len = 0;
	if (p->cfg.http_first && p->ops.http_get != NULL && http_start(p, now))
		return;
	if (xfer_port(p, now) != 0)
		fail(p, now, f->name, "cannot open a UDP socket for TFTP");
}

/* Start the next queued file, or move on when the queue is empty. */
static void
next_step(struct sim_phone *p, uint64_t now)
{
	if (p->result != SIM_RUNNING || p->state != ST_BOUND)
		return;
	if (p->qi < p->nq) {
		xfer_start(p, &p->q[p->qi], now);
		return;
	}
	stage_done(p, now);
}

/* The "file" report: how the transfer of f ended, and what arrived. */
static void
file_report(struct sim_phone *p, const struct sim_fetch *f,
    enum sim_fres res, int code, const char *msg, const char *bad,
    uint64_t now)
{
	struct sim_xfer		*x = &p->x;
	struct fw_hasher	 hs;
	struct fw_digest	 d;
	struct jline		 j;
	char			 hex[33];
	static const char *const names[] = { "ok", "not_found", "error",
	    "timeout", "corrupt" };

	jl_begin(p, &j, "file", now);
	jl_str(&j, "file", f->name);
	jl_str(&j, "result", names[res]);
	jl_str(&j, "proto", x->proto == EV_PROTO_HTTP ? "http" : "tftp");
	jl_bool(&j, "required", f->required);
	if (res == FR_OK || res == FR_BAD) {
		fw_hash_init(&hs, 0);
		fw_hash_update(&hs, x->buf, x->len);
		fw_hash_final(&hs, &d);
		fw_hash_hex(d.md5, 16, hex);
		jl_num(&j, "bytes", x->len);
		jl_str(&j, "md5", hex);
		jl_num(&j, "blocks", x->blocks);
	}
	if (res == FR_MISSING || res == FR_ERROR) {
		jl_num(&j, "code", (unsigned)code);
		jl_str(&j, "message", msg);
	}
	if (bad != NULL)
		jl_str(&j, "why", bad);
	jl_num(&j, "rrqs", x->rrqs);
	jl_num(&j, "ports", x->ports);
	jl_num(&j, "took_ms", now - x->started);
	jl_end(p, &j);
}

/* Its own configuration is missing: XMLDefault, or with a trust list
 * the unsigned SEP file after the .sgn one (never XMLDefault). */
static void
trust_missing(struct sim_phone *p, const struct sim_fetch *f)
{
	char	 n[LOADS_NAME_MAX + 16];
	size_t	 len = strlen(f->name);

	if (p->cfg.trust != SIM_TRUST_FOREIGN) {
		queue_next(p, "/XMLDefault.cnf.xml", FK_CONFIG);
		return;
	}
	if (len > 4 && util_strcaseeq(f->name + len - 4, ".sgn")) {
		strlcpy(n, f->name, sizeof n);
		n[len - 4] = '\0';
		queue_next(p, n, FK_CONFIG);
	}
}

/* One file is over: report it and act on it. */
static void
file_done(struct sim_phone *p, enum sim_fres res, int code, const char *msg,
    uint64_t now)
{
	struct sim_xfer		*x = &p->x;
	struct sim_fetch	 f = x->f;
	struct jline		 j;
	char			 why[320], load[LOADS_NAME_MAX];
	const char		*bad = NULL;

	x->active = 0;
	x->ack_pending = 0;
	if (x->proto == EV_PROTO_TFTP && p->ops.tftp_close != NULL)
		p->ops.tftp_close(p->ops.arg);
	if (res == FR_OK && (bad = verify(p, &f, why, sizeof why)) != NULL)
		res = FR_BAD;
	file_report(p, &f, res, code, msg, bad, now);
	p->qi++;

	switch (res) {
	case FR_OK:
		p->st.files_ok++;
		if (f.kind == FK_COMP) {
			install(p, f.name);
			p->fetched++;
		}
		break;
	case FR_MISSING:
		p->st.files_missing++;
		break;
	default:
		p->st.files_failed++;
		break;
	}
	if (res == FR_MISSING && f.required && p->cfg.retry_missing &&
	    p->stage == SG_TERM) {
		missing_retry(p, f.name, now);
		return;
	}
	if (res != FR_OK && f.required) {
		if (res == FR_MISSING)
			fail(p, now, f.name, "the server has no %s (TFTP error "
			    "1): nothing serves the %s", f.name, p->m->name);
		else
			fail(p, now, f.name, "%s: %s", f.name, res == FR_BAD ?
			    bad : res == FR_TIMEOUT ? "no answer" : msg);
		return;
	}
	/* CSCee31047: any error but 1 ends the loader's config hunt. */
	if (res == FR_ERROR && p->stage == SG_HUNT && p->qi < p->nq) {
		jl_begin(p, &j, "hunt_stopped", now);
		jl_str(&j, "after", f.name);
		jl_num(&j, "code", (unsigned)code);
		jl_num(&j, "skipped", p->nq - p->qi);
		jl_end(p, &j);
		p->qi = p->nq;
	}
	if (res == FR_MISSING && f.kind == FK_CONFIG && p->stage == SG_CONFIG &&
	    cisco_file_is_own_config(f.name))
		trust_missing(p, &f);
	if (res == FR_OK && trust_rejects(p, &f, why, sizeof why) != NULL) {
		p->st.config_rejects++;
		jl_begin(p, &j, "config_rejected", now);
		jl_str(&j, "file", f.name);
		jl_str(&j, "why", why);
		jl_end(p, &j);
		x->len = 0;
		next_step(p, now);
		return;
	}
	if (res == FR_OK && x->len > 0) {
		switch (f.kind) {
		case FK_LOADS:
			if (take_loads(p, &f, now) < 0)
				return;
			break;
		case FK_CONFIG:
			config_load(x->buf, x->len, p->m->devtype, load,
			    sizeof load);
			set_target(p, load, cisco_file_is_own_config(f.name) ?
			    4 : 3, f.name, now);
			break;
		case FK_OS79:
			take_value((const char *)x->buf,
			    (const char *)x->buf + x->len, load, sizeof load);
			set_target(p, load, 1, f.name, now);
			break;
		case FK_TEXTCFG:
			text_image_version(x->buf, x->len, load, sizeof load);
			set_target(p, load, 2, f.name, now);
			break;
		default:
			break;
		}
	}
	x->len = 0;
	next_step(p, now);
}

/* ACK a block to the server's TID (twice with --dup-acks). */
static void
send_ack(struct sim_phone *p, uint16_t block)
{
	uint8_t	 b[4];
	size_t	 n;

	if ((n = sim_wire_ack(b, sizeof b, block)) == 0 ||
	    p->ops.tftp_send == NULL)
		return;
	p->ops.tftp_send(p->ops.arg, p->x.srv, p->x.tid, b, n);
	p->st.acks_tx++;
	if (p->cfg.dup_acks) {
		p->ops.tftp_send(p->ops.arg, p->x.srv, p->x.tid, b, n);
		p->st.acks_tx++;
	}
}

/* ACK a block now (or after the slow delay); the last one ends the file. */
static void
ack_block(struct sim_phone *p, uint16_t block, int final, uint64_t now)
{
	struct sim_xfer	*x = &p->x;

	if (p->cfg.slow_ms != 0) {
		x->ack_pending = 1;
		x->ack_block = block;
		x->final_pending = final;
		x->ack_at = now + p->cfg.slow_ms;
		return;
	}
	send_ack(p, block);
	if (final)
		file_done(p, FR_OK, 0, "", now);
}

/* A DATA packet of the current transfer (RFC 1350 lockstep). */
static void
on_data(struct sim_phone *p, uint16_t block, const uint8_t *d, size_t n,
    uint64_t now)
{
	struct sim_xfer	*x = &p->x;
	uint8_t		*nb;
	size_t		 ncap;

	if (x->ack_pending)
		return;		/* still busy with the last block */
	x->last_rx = now;
	if (block == x->expect) {
		if (x->len + n > SIM_MAX_FILE) {
			file_done(p, FR_ERROR, 0, "file too large", now);
			return;
		}
		if (x->len + n > x->cap) {
			ncap = x->cap == 0 ? 65536 : x->cap * 2;
			while (ncap < x->len + n)
				ncap *= 2;
			if ((nb = realloc(x->buf, ncap)) == NULL) {
				file_done(p, FR_ERROR, 0, "out of memory", now);
				return;
			}
			x->buf = nb;
			x->cap = ncap;
		}
		if (n != 0)
			memcpy(x->buf + x->len, d, n);
		x->len += n;
		x->blocks++;
		x->any_data = 1;
		x->expect++;
		x->next_at = now + SIM_DATA_IDLE_MS;
		ack_block(p, block, n < SIM_BLKSIZE, now);
	} else if (x->any_data && block == (uint16_t)(x->expect - 1)) {
		/* A retransmission: our ACK was lost or late (RFC 1350). */
		p->st.dup_data++;
		send_ack(p, block);
	}
}

/* A datagram from the TFTP server: DATA, ERROR or an unasked OACK. */
void
sim_phone_tftp_input(struct sim_phone *p, uint32_t ip, uint16_t port,
    const uint8_t *pkt, size_t len, uint64_t now)
{
	struct sim_xfer	*x = &p->x;
	uint16_t	 op, arg;
	uint8_t		 b[64];
	char		 msg[128];
	size_t		 n;
	int		 o;

	if (p->result != SIM_RUNNING || !x->active || x->http || ip != x->srv)
		return;
	if ((o = tftp_wire_parse_hdr(pkt, len, &op, &arg)) < 0)
		return;
	if (op == TFTP_OP_DATA) {
		/* --loss: as if the frame never arrived. */
		p->st.data_rx++;
		if (p->cfg.loss_pct != 0 && rnd(p) % 100 < p->cfg.loss_pct) {
			p->st.data_dropped++;
			return;
		}
	}
	if (x->tid == 0)
		x->tid = port;
	else if (port != x->tid) {
		/* RFC 1350 section 4: a stranger gets error 5, we carry on. */
		if ((n = tftp_wire_build_error(b, sizeof b, TFTP_ERR_TID,
		    tftp_wire_errstr(TFTP_ERR_TID))) != 0)
			p->ops.tftp_send(p->ops.arg, ip, port, b, n);
		return;
	}
	switch (op) {
	case TFTP_OP_DATA:
		on_data(p, arg, pkt + 4, len - 4, now);
		break;
	case TFTP_OP_ERROR:
		util_sanitise(msg, sizeof msg, pkt + 4,
		    len > 4 ? strnlen((const char *)pkt + 4, len - 4) : 0);
		file_done(p, arg == TFTP_ERR_NOTFOUND ? FR_MISSING : FR_ERROR,
		    arg, msg, now);
		break;
	case TFTP_OP_OACK:
		/* We asked for no option: an OACK is a server fault. */
		if ((n = tftp_wire_build_error(b, sizeof b, TFTP_ERR_OPTION,
		    "no options were asked")) != 0)
			p->ops.tftp_send(p->ops.arg, ip, port, b, n);
		file_done(p, FR_ERROR, TFTP_ERR_OPTION, "unasked OACK", now);
		break;
	default:
		break;
	}
}

/*
 * The ACK: put the address on, pick the TFTP server, start the stage's
 * files.
 */
static void
on_lease(struct sim_phone *p, const struct sim_dhcp_reply *r, uint64_t now)
{
	struct jline	 j;
	uint32_t	 mask = ntohl(r->mask);

	p->ip = r->yiaddr;
	p->tftp = r->tftp;
	p->via = r->via;
	p->plen = (unsigned)__builtin_popcount(mask);
	if (p->plen == 0)
		p->plen = 24;
	p->st.acks_rx++;
	jl_begin(p, &j, "lease", now);
	jl_ip(&j, "ip", r->yiaddr);
	jl_num(&j, "plen", p->plen);
	jl_ip(&j, "server", r->server_id);
	jl_num(&j, "lease_secs", r->lease_secs);
	jl_ip(&j, "tftp", r->tftp);
	jl_str(&j, "tftp_via", sim_wire_via_name(r->via));
	jl_bool(&j, "opt150", r->has_150);
	jl_bool(&j, "opt66", r->has_66);
	jl_ip(&j, "siaddr", r->siaddr);
	jl_end(p, &j);
	if (r->via == SIM_VIA_NONE) {
		fail(p, now, NULL, "the lease names no TFTP server "
		    "(no option 150, 66 or siaddr)");
		return;
	}
	if (p->ops.set_addr != NULL &&
	    p->ops.set_addr(p->ops.arg, p->ip, p->plen) != 0) {
		fail(p, now, NULL, "cannot put the leased address on the "
		    "interface");
		return;
	}
	p->state = ST_BOUND;
	stage_enter(p, p->stage);
	next_step(p, now);
}

/* A DHCP reply: OFFER -> REQUEST, ACK -> bound, NAK -> start over. */
void
sim_phone_dhcp_input(struct sim_phone *p, const uint8_t *pkt, size_t len,
    uint64_t now)
{
	struct sim_dhcp_reply	 r;
	struct jline		 j;

	if (p->result != SIM_RUNNING ||
	    (p->state != ST_DISCOVER && p->state != ST_REQUEST))
		return;
	if (sim_wire_dhcp_reply(pkt, len, p->xid, p->cfg.mac, &r) != 0)
		return;
	jl_begin(p, &j, "dhcp", now);
	jl_str(&j, "msg", dhcp_type_name(r.type));
	jl_ip(&j, "yiaddr", r.yiaddr);
	jl_ip(&j, "server", r.server_id);
	jl_end(p, &j);
	if (p->state == ST_DISCOVER && r.type == DHCP_OFFER) {
		p->offered = r.yiaddr;
		p->server_id = r.server_id;
		p->state = ST_REQUEST;
		p->dhcp_tries = 0;
		dhcp_send(p, DHCP_REQUEST, now);
	} else if (p->state == ST_REQUEST && r.type == DHCP_ACK &&
	    r.yiaddr == p->offered)
		on_lease(p, &r, now);
	else if (p->state == ST_REQUEST && r.type == DHCP_NAK)
		dhcp_begin(p, now);
}

void
sim_phone_http_input(struct sim_phone *p, int status, const uint8_t *body,
    size_t len, uint64_t now)
{
	struct sim_xfer	*x = &p->x;
	char		 why[64];
	uint8_t		*nb;

	if (p->result != SIM_RUNNING || !x->active || !x->http)
		return;
	if (status != 200) {
		if (status == SIM_HTTP_REFUSED)
			snprintf(why, sizeof why, "connection refused");
		else
			snprintf(why, sizeof why, "HTTP %d", status);
		http_fallback(p, status, why, now);
		return;
	}
	if (len > SIM_MAX_FILE) {
		http_fallback(p, status, "file too large", now);
		return;
	}
	if (len > x->cap) {
		if ((nb = realloc(x->buf, len)) == NULL) {
			http_fallback(p, status, "out of memory", now);
			return;
		}
		x->buf = nb;
		x->cap = len;
	}
	if (len != 0)
		memcpy(x->buf, body, len);
	x->len = len;
	x->http = 0;
	x->proto = EV_PROTO_HTTP;
	p->st.http_ok++;
	file_done(p, FR_OK, 0, "", now);
}

/* Timers of the transfer: slow ACKs, RRQ resends, a silent server. */
static void
xfer_tick(struct sim_phone *p, uint64_t now)
{
	struct sim_xfer	*x = &p->x;

	if (x->http) {
		/* A firewall that drops 6970 costs the file a timeout. */
		if (now < x->next_at)
			return;
		if (p->ops.http_cancel != NULL)
			p->ops.http_cancel(p->ops.arg);
		http_fallback(p, 0, "no answer on HTTP", now);
		return;
	}
	if (x->ack_pending) {
		if (now < x->ack_at)
			return;
		x->ack_pending = 0;
		send_ack(p, x->ack_block);
		if (x->final_pending)
			file_done(p, FR_OK, 0, "", now);
		return;
	}
	if (now < x->next_at)
		return;
	if (!x->any_data) {
		if (x->tries < SIM_RRQ_TRIES) {
			tftp_rrq(p, now);
			return;
		}
	} else if (now - x->last_rx < SIM_XFER_GIVEUP_MS) {
		send_ack(p, (uint16_t)(x->expect - 1));
		x->next_at = now + SIM_DATA_IDLE_MS;
		return;
	}
	if (x->ports >= SIM_RRQ_PORTS) {
		file_done(p, FR_TIMEOUT, 0, "no answer", now);
		return;
	}
	if (xfer_port(p, now) != 0)
		fail(p, now, x->f.name, "cannot open a UDP socket for TFTP");
}

/* The clock reached the deadline: link-up, DHCP and TFTP timers. */
void
sim_phone_tick(struct sim_phone *p, uint64_t now)
{
	if (p->result != SIM_RUNNING)
		return;
	switch (p->state) {
	case ST_LINK:
		if (now >= p->deadline)
			dhcp_begin(p, now);
		break;
	case ST_DISCOVER:
		if (now >= p->deadline)
			dhcp_send(p, DHCP_DISCOVER, now);
		break;
	case ST_REQUEST:
		if (now < p->deadline)
			break;
		if (p->dhcp_tries >= 3) {
			p->state = ST_DISCOVER;
			dhcp_send(p, DHCP_DISCOVER, now);
		} else
			dhcp_send(p, DHCP_REQUEST, now);
		break;
	case ST_PAUSE:
		if (now >= p->deadline) {
			p->state = ST_BOUND;
			stage_enter(p, p->stage);
			next_step(p, now);
		}
		break;
	case ST_REBOOT:
		if (now >= p->deadline) {
			p->boots++;
			p->nq = p->qi = 0;
			link_up(p, now);
		}
		break;
	case ST_BOUND:
		if (p->x.active)
			xfer_tick(p, now);
		break;
	default:
		break;
	}
}
