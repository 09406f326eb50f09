/*
 * The phase rules (phase.h): one function per kind of observation, each
 * saying where the phone goes from where it is.  A sniffer sees requests
 * but not whether they were served; our own TFTP server's word that a
 * configuration went out (PO_SERVED) is what says a phone in its
 * configuration hunt runs again, and the load its configuration names
 * fetched with no component after it (phase_settle) that it still does.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "phase.h"
#include "model/cisco_file.h"
#include "util.h"

static void	 enter(struct phase_track *, enum sniff_phase);
static enum phase_why on_file(struct phase_track *, const char *);
static enum phase_why on_config(struct phase_track *, const char *, int);
static enum phase_why on_served(struct phase_track *, const char *);

uint32_t
phase_name_hash(const char *s)
{
	return (util_fnv1a(UTIL_FNV1A_INIT, s, strlen(s), 1));
}

int
phase_is_final(enum sniff_phase ph)
{
	return (ph == SNIFF_PHASE_UNPROVISIONED || ph == SNIFF_PHASE_REGISTERED);
}

/* Enter a phase, with what entering it means for this boot's record. */
static void
enter(struct phase_track *t, enum sniff_phase ph)
{
	if (ph == t->phase)
		return;
	t->phase = ph;
	switch (ph) {
	case SNIFF_PHASE_REQUESTING_IP:
	case SNIFF_PHASE_REBOOTING:
	case SNIFF_PHASE_FLASHING:
		/* A new boot, or a load going in: the hunt starts over. */
		t->flags &= ~(PT_IN_CONFIG | PT_CONFIGURED);
		break;
	case SNIFF_PHASE_REQUESTING_CONFIG:
		t->flags |= PT_IN_CONFIG;
		t->nown_cfg = 0;
		break;
	case SNIFF_PHASE_UNPROVISIONED:
	case SNIFF_PHASE_REGISTERED:
		t->flags |= PT_IN_CONFIG;
		break;
	default:
		break;
	}
}

void
phase_set(struct phase_track *t, enum sniff_phase ph)
{
	enter(t, ph);
}

/*
 * The configuration hunt.  Asking again for one of its own files in the
 * same hunt means the phone has none: unprovisioned.
 */
static enum phase_why
on_config(struct phase_track *t, const char *file, int own)
{
	uint32_t	 h = phase_name_hash(cisco_file_base(file));
	unsigned	 i;

	if (t->phase != SNIFF_PHASE_REQUESTING_CONFIG &&
	    t->phase != SNIFF_PHASE_UNPROVISIONED)
		enter(t, SNIFF_PHASE_REQUESTING_CONFIG);
	if (own) {
		for (i = 0; i < t->nown_cfg; i++) {
			if (t->own_cfg[i] == h) {
				enter(t, SNIFF_PHASE_UNPROVISIONED);
				return (PW_NO_CONFIG);
			}
		}
		if (t->nown_cfg < sizeof t->own_cfg / sizeof t->own_cfg[0])
			t->own_cfg[t->nown_cfg++] = h;
	}
	return (t->phase == SNIFF_PHASE_REQUESTING_CONFIG ? PW_CONFIG : PW_NONE);
}

/* A request: what the file name says about how far the phone got. */
static enum phase_why
on_file(struct phase_track *t, const char *file)
{
	uint8_t		 mac[6];
	int		 has_mac;

	switch (cisco_file_classify(file, mac, &has_mac)) {
	case CF_LOADS:
		/*
		 * A configured phone asks for the load its configuration
		 * names: it fetches components next if it lacks them, else
		 * it runs (phase_settle, once no component followed).
		 */
		enter(t, SNIFF_PHASE_FETCHING_LOAD);
		return ((t->flags & PT_CONFIGURED) ? PW_LOAD_CHECK : PW_LOADS);
	case CF_COMPONENT:
		enter(t, SNIFF_PHASE_FLASHING);
		return (PW_COMPONENT);
	case CF_CONFIG:
		/*
		 * Configured this boot, it reads more of its configuration
		 * (SIPDefault.cnf once the SIP image runs): no going back to
		 * the hunt; after the load its configuration names, that it
		 * asks for no component but this says it runs.
		 */
		if (t->flags & PT_CONFIGURED) {
			if (t->phase == SNIFF_PHASE_FETCHING_LOAD)
				return (phase_settle(t));
			if (phase_is_final(t->phase))
				return (PW_NONE);
		}
		return (on_config(t, file, has_mac &&
		    !cisco_file_is_trust_list(file)));
	case CF_AFTER:
		if (t->phase != SNIFF_PHASE_REQUESTING_CONFIG &&
		    !phase_is_final(t->phase) && !((t->flags & PT_CONFIGURED) &&
		    t->phase == SNIFF_PHASE_FETCHING_LOAD))
			return (PW_NONE);
		enter(t, SNIFF_PHASE_REGISTERED);
		return (PW_AFTER);
	default:
		return (PW_NONE);
	}
}

/*
 * Our server delivered a file.  A configuration (not a trust list, not
 * the 7940/7960 load pointer OS79XX.TXT) delivered in the configuration
 * hunt: the phone runs again.  It may still move on (its configuration
 * names a load it lacks: it fetches the components and reboots).
 */
static enum phase_why
on_served(struct phase_track *t, const char *file)
{
	if (!cisco_file_configures(file))
		return (PW_NONE);
	if (!(t->flags & PT_IN_CONFIG) || (t->flags & PT_CONFIGURED))
		return (PW_NONE);
	t->flags |= PT_CONFIGURED;
	if (t->phase == SNIFF_PHASE_REGISTERED)
		return (PW_NONE);
	enter(t, SNIFF_PHASE_UNPROVISIONED);
	return (PW_CONFIGURED);
}

enum phase_why
phase_settle(struct phase_track *t)
{
	if (!(t->flags & PT_CONFIGURED) ||
	    t->phase != SNIFF_PHASE_FETCHING_LOAD)
		return (PW_NONE);
	enter(t, SNIFF_PHASE_UNPROVISIONED);
	return (PW_SETTLED);
}

enum phase_why
phase_step(struct phase_track *t, enum phase_obs obs, const char *file)
{
	enum sniff_phase	 cur = t->phase;

	switch (obs) {
	case PO_LINK:
		if (cur != SNIFF_PHASE_NONE)
			return (PW_NONE);
		enter(t, SNIFF_PHASE_LINK_UP);
		return (PW_LINK_UP);
	case PO_DHCP_ASK:
		if (cur == SNIFF_PHASE_FETCHING_LOAD ||
		    cur == SNIFF_PHASE_FLASHING || cur == SNIFF_PHASE_REBOOTING) {
			enter(t, SNIFF_PHASE_REBOOTING);
			return (PW_REBOOTING);
		}
		enter(t, SNIFF_PHASE_REQUESTING_IP);
		/* Asking again in the same phase is still a new boot's record. */
		t->flags &= ~(PT_IN_CONFIG | PT_CONFIGURED);
		return (PW_REQUEST);
	case PO_ADDRESS:
		if (cur != SNIFF_PHASE_NONE && cur != SNIFF_PHASE_LINK_UP &&
		    cur != SNIFF_PHASE_REQUESTING_IP)
			return (PW_NONE);
		enter(t, SNIFF_PHASE_GOT_IP);
		return (PW_GOT_IP);
	case PO_HTTP:
		if (cur != SNIFF_PHASE_NONE && cur != SNIFF_PHASE_LINK_UP &&
		    cur != SNIFF_PHASE_REQUESTING_IP &&
		    cur != SNIFF_PHASE_GOT_IP && cur != SNIFF_PHASE_REBOOTING)
			return (PW_NONE);
		enter(t, SNIFF_PHASE_REQUESTING_CONFIG);
		return (PW_HTTP);
	case PO_FILE:
		return (file != NULL ? on_file(t, file) : PW_NONE);
	case PO_SERVED:
		return (file != NULL ? on_served(t, file) : PW_NONE);
	}
	return (PW_NONE);
}
