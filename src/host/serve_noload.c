/*
 * A small engine inside `serve`: when a phone's default load is refused
 * with TFTP error 1 (termNN.default.loads missing), say in a notice which
 * file it wanted and that nothing in ROOT serves its model.  Without the
 * notice the only trace would be a tftp_error line, and a factory-reset
 * phone that gets no load looks dead (domain notes 2.2).  It listens on the
 * bus only: it sends nothing and touches no other engine.  The phone's MAC
 * comes from earlier phone/dhcp_lease events for its address.  At most one
 * notice per file a minute, and none when another engine already posted a
 * no_load_for_model notice for that file.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bus.h"
#include "clock.h"
#include "compat.h"
#include "ev.h"
#include "model/model.h"
#include "host/serve.h"
#include "util.h"

/* serve_ctx.engine[]: a slot no other engine uses */
#define SERVE_NOLOAD_SLOT	7
#define NOLOAD_CODE		"no_load_for_model"
#define NOLOAD_REPEAT_MS	60000	/* phones retry every minute or two */
#define NOLOAD_MACS		64
#define NOLOAD_FILES		16

struct noload {
	struct bus_sink	*sink;
	struct {
		char	 ip[EV_IP_LEN];
		char	 mac[EV_MAC_LEN];
	}		 macs[NOLOAD_MACS];
	size_t		 nmac;
	struct {
		char	 file[EV_NAME_LEN];
		uint64_t at;
	}		 told[NOLOAD_FILES];
	size_t		 ntold;
};

static struct noload	 noload_state;

/* Remember which MAC holds an address, from phone and lease events. */
static void
noload_learn(struct noload *n, uint32_t addr, const char *mac)
{
	char	 ip[EV_IP_LEN];
	size_t	 i;

	if (addr == 0 || mac[0] == '\0')
		return;
	util_ip_str(ip, sizeof ip, addr);
	for (i = 0; i < n->nmac; i++)
		if (strcmp(n->macs[i].ip, ip) == 0)
			break;
	if (i == n->nmac) {
		if (n->nmac < NOLOAD_MACS)
			n->nmac++;
		else
			i = n->nmac - 1;	/* full: the newest replaces the last */
	}
	strlcpy(n->macs[i].ip, ip, sizeof n->macs[i].ip);
	strlcpy(n->macs[i].mac, mac, sizeof n->macs[i].mac);
}

/* Was this file told about less than a minute ago?  Else remember it now. */
static int
noload_told(struct noload *n, const char *file, uint64_t now, int mark)
{
	size_t	 i, old = 0;

	for (i = 0; i < n->ntold; i++) {
		if (strcmp(n->told[i].file, file) == 0) {
			if (now - n->told[i].at < NOLOAD_REPEAT_MS)
				return (1);
			if (mark)
				n->told[i].at = now;
			return (0);
		}
		if (n->told[i].at < n->told[old].at)
			old = i;
	}
	if (mark) {
		i = n->ntold < NOLOAD_FILES ? n->ntold++ : old;
		strlcpy(n->told[i].file, file, sizeof n->told[i].file);
		n->told[i].at = now;
	}
	return (0);
}

/*
 * The bus sink: learn addresses, note others' notices, turn a refused
 * default load into a notice.
 */
static void
noload_event(const struct ev *ev, void *arg)
{
	struct noload		*n = arg;
	const struct ev_tftp	*t = &ev->u.tftp;
	const struct model	*m;
	struct ev		 out;
	char			 ip[EV_IP_LEN];
	const char		*mac = "";
	size_t			 i;
	uint64_t		 now = clock_now_ms();

	switch (ev->type) {
	case EV_PHONE:
		noload_learn(n, ev->u.phone.ip, ev->u.phone.mac);
		return;
	case EV_DHCP_LEASE:
		noload_learn(n, ev->u.lease.ip, ev->u.lease.mac);
		return;
	case EV_NOTICE:
		if (strcmp(ev->u.notice.code, NOLOAD_CODE) == 0 &&
		    ev->u.notice.file[0] != '\0')
			(void)noload_told(n, ev->u.notice.file, now, 1);
		return;
	case EV_TFTP_ERROR:
		break;
	default:
		return;
	}
	if (t->code != 1 || (m = model_from_term_file(t->file)) == NULL ||
	    noload_told(n, t->file, now, 1))
		return;
	util_ip_str(ip, sizeof ip, t->client.ip);
	if (t->mac[0] != '\0')
		mac = t->mac;
	else
		for (i = 0; i < n->nmac; i++)
			if (strcmp(n->macs[i].ip, ip) == 0)
				mac = n->macs[i].mac;

	ev_notice_fill(&out, NOLOAD_CODE, EV_ERROR, mac, t->file,
	    "%s asked for %.60s, and nothing in the TFTP root serves the %s: "
	    "import a firmware bundle for it (phonerescue import)",
	    mac[0] != '\0' ? mac : ip, t->file, m->name);
	bus_post(&out);
}

static int
serve_noload_wanted(const struct serve_ctx *ctx)
{
	return (!ctx->opts.no_tftp);
}

/* Subscribe to the events the notice needs. */
static int
serve_noload_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct noload	*n = &noload_state;

	(void)err;
	(void)errlen;
	memset(n, 0, sizeof *n);
	n->sink = bus_subscribe(EV_MASK(EV_TFTP_ERROR) | EV_MASK(EV_PHONE) |
	    EV_MASK(EV_DHCP_LEASE) | EV_MASK(EV_NOTICE), noload_event, n);
	ctx->engine[SERVE_NOLOAD_SLOT] = n;
	return (0);
}

/* Unsubscribe. */
static void
serve_noload_stop(struct serve_ctx *ctx)
{
	struct noload	*n = ctx->engine[SERVE_NOLOAD_SLOT];

	if (n == NULL)
		return;
	if (n->sink != NULL)
		bus_unsubscribe(n->sink);
	n->sink = NULL;
	ctx->engine[SERVE_NOLOAD_SLOT] = NULL;
}

const struct serve_engine serve_noload_engine = {
	"noload", SERVE_NOLOAD_SLOT, serve_noload_wanted, serve_noload_start,
	serve_noload_stop, NULL,
};
