/*
 * A small engine inside `serve` and the wizard: a phone that learned a
 * voice VLAN (CDP from the switch it used to sit behind) can keep sending
 * 802.1Q-tagged frames.  phonerescue serves untagged, so that phone asks
 * and asks and never gets an answer.  The sniffer reports the VLAN on the
 * phone event; this says once per phone and VLAN, in a notice (which the
 * wizard's live view shows in its log), which phone, which VLAN and what
 * to do: clear the VLAN from the phone's own menu (per model, from the
 * domain notes) or serve that VLAN from a managed switch port.  Serving
 * on a VLAN interface is not built: it could not be tested here.
 *
 * It waits a moment for the phone's model (the first tagged frame may come
 * before the one that names it) so the advice fits the phone.  It listens
 * on the bus only.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bus.h"
#include "clock.h"
#include "compat.h"
#include "ev.h"
#include "host/serve.h"
#include "loop.h"

#define VLAN_WAIT_MS	3000	/* for the model, before telling without it */
#define VLAN_PHONES	32

struct vlan_phone {
	char		 mac[EV_MAC_LEN];
	char		 model[16];
	unsigned	 vlan;
	uint64_t	 seen;		/* waiting since, or 0 */
	int		 told;
};

static struct {
	struct serve_ctx	*ctx;
	struct bus_sink		*sink;
	struct loop_timer	 timer;
	int			 armed;
	struct vlan_phone	 p[VLAN_PHONES];
	size_t			 np;
} vlan_state;

/* What to do on the phone itself, by model (domain notes 1.1, 1.2). */
static const char *
vlan_advice(const char *model)
{
	if (strcmp(model, "7940") == 0 || strcmp(model, "7960") == 0)
		return ("hold # at power-on, dial 123456789*0#, answer 2 to "
		    "\"Keep network cfg?\"");
	if (strcmp(model, "7902") == 0 || strcmp(model, "7905") == 0 ||
	    strcmp(model, "7912") == 0)
		return ("unlock the settings with **# and pick Factory "
		    "Defaults");
	return ("Settings, unlock with **#, Network Configuration: clear "
	    "Admin VLAN ID");
}

static void
vlan_tell(struct vlan_phone *p)
{
	char	 model[24] = "";

	if (p->model[0] != '\0')
		snprintf(model, sizeof model, " (%s)", p->model);
	bus_notice("phone_vlan", EV_WARN, p->mac, NULL, "phone %s%s sends "
	    "802.1Q-tagged frames on VLAN %u, unanswered: phonerescue serves "
	    "untagged. On the phone: %s; or serve VLAN %u from a managed "
	    "switch port", p->mac, model, p->vlan, vlan_advice(p->model),
	    p->vlan);
	p->told = 1;
	p->seen = 0;
}

static void	 vlan_tick(void *);

static void
vlan_arm(void)
{
	uint64_t	 next = 0;
	size_t		 i;

	for (i = 0; i < vlan_state.np; i++)
		if (vlan_state.p[i].seen != 0 && (next == 0 ||
		    vlan_state.p[i].seen + VLAN_WAIT_MS < next))
			next = vlan_state.p[i].seen + VLAN_WAIT_MS;
	if (vlan_state.ctx->loop == NULL)
		return;
	if (next == 0) {
		if (vlan_state.armed)
			loop_timer_cancel(vlan_state.ctx->loop,
			    &vlan_state.timer);
		vlan_state.armed = 0;
		return;
	}
	loop_timer_set(vlan_state.ctx->loop, &vlan_state.timer, next,
	    vlan_tick, NULL);
	vlan_state.armed = 1;
}

/* Waited long enough for a model: tell without one. */
static void
vlan_tick(void *arg)
{
	uint64_t	 now = clock_now_ms();
	size_t		 i;

	(void)arg;
	vlan_state.armed = 0;
	for (i = 0; i < vlan_state.np; i++)
		if (vlan_state.p[i].seen != 0 &&
		    now >= vlan_state.p[i].seen + VLAN_WAIT_MS)
			vlan_tell(&vlan_state.p[i]);
	vlan_arm();
}

static void
vlan_event(const struct ev *ev, void *arg)
{
	const struct ev_phone	*e = &ev->u.phone;
	struct vlan_phone	*p = NULL;
	size_t			 i;

	(void)arg;
	if (ev->type != EV_PHONE || e->mac[0] == '\0')
		return;
	for (i = 0; i < vlan_state.np; i++)
		if (strcmp(vlan_state.p[i].mac, e->mac) == 0)
			p = &vlan_state.p[i];
	if (p == NULL) {
		if (e->vlan == 0)
			return;
		/* Full: the oldest entry gives way. */
		p = &vlan_state.p[vlan_state.np < VLAN_PHONES ?
		    vlan_state.np++ : 0];
		memset(p, 0, sizeof *p);
		strlcpy(p->mac, e->mac, sizeof p->mac);
	}
	if (e->model[0] != '\0')
		strlcpy(p->model, e->model, sizeof p->model);
	if (e->vlan == 0 || (p->told && p->vlan == e->vlan))
		return;
	if (p->vlan != e->vlan) {
		p->vlan = e->vlan;
		p->told = 0;
		p->seen = 0;
	}
	if (p->model[0] != '\0')
		vlan_tell(p);
	else if (p->seen == 0)
		p->seen = clock_now_ms();
	vlan_arm();
}

static int
serve_vlan_wanted(const struct serve_ctx *ctx)
{
	return (!ctx->opts.no_sniff);
}

static int
serve_vlan_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	memset(&vlan_state, 0, sizeof vlan_state);
	vlan_state.ctx = ctx;
	vlan_state.sink = bus_subscribe(EV_MASK(EV_PHONE), vlan_event, NULL);
	return (0);
}

static void
serve_vlan_stop(struct serve_ctx *ctx)
{
	if (vlan_state.sink != NULL)
		bus_unsubscribe(vlan_state.sink);
	vlan_state.sink = NULL;
	if (vlan_state.armed && ctx->loop != NULL)
		loop_timer_cancel(ctx->loop, &vlan_state.timer);
	vlan_state.armed = 0;
}

const struct serve_engine serve_vlan_engine = {
	.name = "vlan",
	.slot = -1,		/* its state is its own, not in ctx->engine */
	.wanted = serve_vlan_wanted,
	.start = serve_vlan_start,
	.stop = serve_vlan_stop,
};
